// Property: every tensor op with a native kernel gives the JS backend's answer on random inputs: shapes of
// rank 0..4 with dims 0..6 (empty ones included), broadcast pairs, non-contiguous views (transpose, permute,
// stepped slices, expand, select, up to two deep) and float32 values mixing ordinary numbers with +-0, +-inf,
// NaN, denormals and 1e30. Shapes and dtypes must match exactly, values within each op's tolerance:
//
//   bit-exact (signed zeros included): neg, abs, relu, relu6, leaky_relu, threshold, clamp, add, sub, mul,
//       maximum, minimum, heaviside, where, comparisons, amax/amin, max/min/argmax/argmin (values and indices),
//       strided copies; and div, sqrt: one correctly rounded float operation natively, and a double result
//       rounded to float in JS, which is the same float (double has more than 2 * 24 + 2 bits).
//   1 ULP: log1p, expm1, erf (both round a double result once; the double results may differ in their last bits)
//   2 ULP: log, pow (test/fixtures.test.ts)
//   4 ULP or atol 1.2e-38 (denormal results): exp, sigmoid, tanh (test/fixtures.test.ts)
//   softmax 4 ULP or atol 1e-7, log_softmax atol 1e-6 + rtol 1e-6 (test/fixtures.test.ts)
//   sum/mean: |native - JS| <= per reduced dim (min(n, 16) + 4) * 2^-24 * sum|x| (mean: / count), plus a
//       denormal step per rounding: natively a float lane adds at most 16 elements before moving to double, JS
//       adds in double; both round each pass's results to float (reductionBound in property_arbitraries.ts).
//       A bound in terms of sum|x| holds under cancellation, where a tolerance relative to the result cannot.
//   prod: relative (sum of reduced sizes + 2 * passes) * 2^-24, a rounding per multiplication and pass; inputs have
//       magnitudes in [0.5, 2] (or 0, inf, NaN) and at most 100 elements, so no partial product leaves the
//       normal float range: natively partial products are floats, in JS doubles, so an intermediate overflow
//       or underflow is a designed difference (PyTorch also multiplies in float), not a bug.
//   matmul: rtol 1e-5 + atol 1e-5 * sqrt(K) * max|a| * max|b| (test/fixtures.test.ts), plus K denormal steps;
//       finite inputs are below 1e15 in magnitude so no product overflows float (natively the products are
//       accumulated in float with FMA, in JS in double: an overflow inside the sum is a designed difference).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as torch from '../lib/index';
import { expectSameBits, expectWithinBounds } from './helpers';
import {
  PARITY, bothBackends, broadcastPair, broadcastableTo, expectTensorsMatch, floatValue, inputArb, inputOf, matmulTol, onBackends, prodRtol,
  outcomeText, reductionBound, runs, shapeArb, TIMEOUT, type Input, type Tol,
} from './property_arbitraries';

type Tensor = torch.Tensor;
const F = torch.nn.functional;

const TRANSCENDENTAL: Tol = { ulp: 4, atol: 1.2e-38 };
const RUNS = 100;

const fmtTol = (t: Tol) => (t === 'bits' ? 'bit-exact' : JSON.stringify(t));

/** Every form on both backends, each compared with tol. */
function checkForms(forms: Record<string, () => unknown>, tol: Tol): void {
  for (const [name, call] of Object.entries(forms)) {
    const { js, native } = bothBackends(call);
    expectTensorsMatch(native, js, tol, name);
  }
}

// ------------------------------------------------------------------------------------------- unary
interface UnaryCase {
  name: string;
  tol: Tol;
  /** Scalar parameters drawn per run (none by default). */
  params?: fc.Arbitrary<number[]>;
  forms: Record<string, (x: Tensor, p: number[]) => Tensor>;
}

const param = floatValue({ maxAbs: 10 });
const UNARY: UnaryCase[] = [
  { name: 'neg', tol: 'bits', forms: { 'torch.neg': (x) => torch.neg(x), 'x.neg()': (x) => x.neg() } },
  { name: 'abs', tol: 'bits', forms: { 'torch.abs': (x) => torch.abs(x), 'x.abs()': (x) => x.abs() } },
  { name: 'exp', tol: TRANSCENDENTAL, forms: { 'torch.exp': (x) => torch.exp(x), 'x.exp()': (x) => x.exp() } },
  { name: 'log', tol: { ulp: 2 }, forms: { 'torch.log': (x) => torch.log(x), 'x.log()': (x) => x.log() } },
  { name: 'sqrt', tol: 'bits', forms: { 'torch.sqrt': (x) => torch.sqrt(x), 'x.sqrt()': (x) => x.sqrt() } },
  { name: 'log1p', tol: { ulp: 1 }, forms: { 'torch.log1p': (x) => torch.log1p(x) } },
  { name: 'expm1', tol: { ulp: 1 }, forms: { 'torch.expm1': (x) => torch.expm1(x) } },
  { name: 'erf', tol: { ulp: 1 }, forms: { 'torch.erf': (x) => torch.erf(x), 'x.erf()': (x) => x.erf() } },
  { name: 'relu', tol: 'bits', forms: { 'torch.relu': (x) => torch.relu(x), 'x.relu()': (x) => x.relu() } },
  { name: 'relu6', tol: 'bits', forms: { 'F.relu6': (x) => F.relu6(x) } },
  {
    name: 'leaky_relu',
    tol: 'bits',
    params: fc.tuple(param),
    forms: { 'F.leaky_relu': (x, [s]) => F.leaky_relu(x, s) },
  },
  {
    name: 'threshold',
    tol: 'bits',
    params: fc.tuple(param, param),
    forms: { 'torch.threshold': (x, [t, v]) => torch.threshold(x, t, v), 'F.threshold': (x, [t, v]) => F.threshold(x, t, v) },
  },
  { name: 'sigmoid', tol: TRANSCENDENTAL, forms: { 'torch.sigmoid': (x) => torch.sigmoid(x), 'x.sigmoid()': (x) => x.sigmoid() } },
  { name: 'tanh', tol: TRANSCENDENTAL, forms: { 'torch.tanh': (x) => torch.tanh(x), 'x.tanh()': (x) => x.tanh() } },
  {
    name: 'clamp',
    tol: 'bits',
    params: fc.tuple(param, param),
    forms: {
      'torch.clamp(x, lo, hi)': (x, [lo, hi]) => torch.clamp(x, lo, hi),
      'x.clamp(lo)': (x, [lo]) => x.clamp(lo),
      'x.clamp(null, hi)': (x, [, hi]) => x.clamp(null, hi),
    },
  },
];

// ------------------------------------------------------------------------------------------- binary
type Operand = Tensor | number;
interface BinaryCase {
  name: string;
  tol: Tol;
  forms: Record<string, (a: Tensor, b: Operand) => Tensor>;
  /** Takes only a tensor as the second operand. */
  tensorOnly?: boolean;
}

const BINARY: BinaryCase[] = [
  { name: 'add', tol: 'bits', forms: { 'torch.add': (a, b) => torch.add(a, b), 'a.add(b)': (a, b) => a.add(b) } },
  { name: 'sub', tol: 'bits', forms: { 'torch.sub': (a, b) => torch.sub(a, b), 'a.sub(b)': (a, b) => a.sub(b) } },
  { name: 'mul', tol: 'bits', forms: { 'torch.mul': (a, b) => torch.mul(a, b), 'a.mul(b)': (a, b) => a.mul(b) } },
  { name: 'div', tol: 'bits', forms: { 'torch.div': (a, b) => torch.div(a, b), 'a.div(b)': (a, b) => a.div(b) } },
  { name: 'pow', tol: { ulp: 2 }, forms: { 'torch.pow': (a, b) => torch.pow(a, b), 'a.pow(b)': (a, b) => a.pow(b) } },
  {
    name: 'maximum',
    tol: 'bits',
    tensorOnly: true,
    forms: { 'torch.maximum': (a, b) => torch.maximum(a, b as Tensor), 'torch.max(a, b)': (a, b) => torch.max(a, b as Tensor) as Tensor },
  },
  {
    name: 'minimum',
    tol: 'bits',
    tensorOnly: true,
    forms: { 'torch.minimum': (a, b) => torch.minimum(a, b as Tensor), 'a.min(b)': (a, b) => a.min(b as Tensor) },
  },
  {
    name: 'heaviside',
    tol: 'bits',
    tensorOnly: true,
    forms: { 'torch.heaviside': (a, b) => torch.heaviside(a, b as Tensor), 'a.heaviside(b)': (a, b) => a.heaviside(b as Tensor) },
  },
  { name: 'where', tol: 'bits', forms: { 'torch.where(a > 0, a, b)': (a, b) => torch.where(a.gt(0), a, b) } },
  ...(['eq', 'ne', 'gt', 'lt', 'ge', 'le'] as const).map((op) => ({
    name: op,
    tol: 'bits' as Tol,
    forms: { [`torch.${op}`]: (a: Tensor, b: Operand) => torch[op](a, b), [`a.${op}(b)`]: (a: Tensor, b: Operand) => a[op](b) },
  })),
];

// ------------------------------------------------------------------------------------------- dims
/** A dim argument for a tensor of rank r: undefined (all), an int, or a list of distinct dims; some negative. */
function dimsArb(rank: number, allowList = true): fc.Arbitrary<number | number[] | undefined> {
  const r = Math.max(rank, 1);
  const one = fc.integer({ min: -r, max: r - 1 });
  const options: fc.Arbitrary<number | number[] | undefined>[] = [fc.constant(undefined), one];
  if (allowList && rank > 0) {
    options.push(
      fc
        .shuffledSubarray([...Array(rank).keys()], { minLength: 1 })
        .chain((ds) => fc.array(fc.boolean(), { minLength: ds.length, maxLength: ds.length }).map((neg) => ds.map((d, i) => (neg[i] ? d - rank : d)))),
    );
  }
  return fc.oneof(...options);
}

/** The reduced dims, normalized (all of them when dim is undefined). */
function reducedDims(rank: number, dim: number | number[] | undefined): number[] {
  if (dim === undefined) return [...Array(rank).keys()];
  const list = typeof dim === 'number' ? [dim] : dim;
  return rank === 0 ? [] : list.map((d) => (d < 0 ? d + rank : d));
}

/** Input paired with a dim argument (an int, a list, or none) and keepdim. */
function withDims(input: fc.Arbitrary<Input>) {
  return input.chain((x) => fc.tuple(fc.constant(x), dimsArb(x.tensor.dim()), fc.boolean()));
}

/** Input paired with one dim (or none) and keepdim. */
function withDim(input: fc.Arbitrary<Input>): fc.Arbitrary<[Input, number | undefined, boolean]> {
  return input.chain((x) => fc.tuple(fc.constant(x), dimsArb(x.tensor.dim(), false) as fc.Arbitrary<number | undefined>, fc.boolean()));
}

/** Values for prod: magnitudes in [0.5, 2], zeros, infinities, NaN (see the header). */
const prodValue = fc.oneof(
  { weight: 6, arbitrary: fc.float({ min: 0.5, max: 2, noNaN: true }) },
  { weight: 6, arbitrary: fc.float({ min: -2, max: -0.5, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity, NaN) },
);

/** Native and JS outcomes agree: both threw the same TypeError/RangeError, or both returned (then compared). */
function sameOutcome<T>(fn: () => T, compare: (native: T, js: T) => void): void {
  const r = onBackends(fn);
  const [js, native] = [r.get('js')!, r.get('native')!];
  if (js.ok && native.ok) {
    compare(native.value, js.value);
    return;
  }
  expect(native.ok, `native ${outcomeText(native)}, JS ${outcomeText(js)}`).toBe(js.ok);
  const [en, ej] = [(native as { error: Error }).error, (js as { error: Error }).error];
  expect(en.constructor).toBe(ej.constructor);
  expect(en.message).toBe(ej.message);
  expect([TypeError, RangeError]).toContain(ej.constructor);
}

// ------------------------------------------------------------------------------------------- suites
describe.runIf(PARITY)('property: native equals JS, elementwise', () => {
  for (const c of UNARY) {
    it(`${c.name} on random inputs and views [${fmtTol(c.tol)}]`, () => {
      fc.assert(
        fc.property(inputArb(), c.params ?? fc.constant<number[]>([]), (x, p) => {
          checkForms(Object.fromEntries(Object.entries(c.forms).map(([k, fn]) => [k, () => fn(x.tensor, p)])), c.tol);
        }),
        runs(RUNS),
      );
    }, TIMEOUT);
  }

  for (const c of BINARY) {
    it(`${c.name} on broadcast pairs and views [${fmtTol(c.tol)}]`, () => {
      fc.assert(
        fc.property(broadcastPair(), (pair) => {
          const [a, b] = pair;
          checkForms(Object.fromEntries(Object.entries(c.forms).map(([k, fn]) => [k, () => fn(a.tensor, b.tensor)])), c.tol);
        }),
        runs(RUNS),
      );
    }, TIMEOUT);
    if (!c.tensorOnly) {
      it(`${c.name} with a number operand [${fmtTol(c.tol)}]`, () => {
        fc.assert(
          fc.property(inputArb(), floatValue(), (a, b) => {
            checkForms(Object.fromEntries(Object.entries(c.forms).map(([k, fn]) => [k, () => fn(a.tensor, b)])), c.tol);
          }),
          runs(RUNS / 2),
        );
      }, TIMEOUT);
    }
  }

  it('strided copies (contiguous, clone, reshape, data) are bit-exact', () => {
    fc.assert(
      fc.property(inputArb(), (x) => {
        checkForms(
          {
            'x.contiguous()': () => x.tensor.contiguous(),
            'torch.clone(x)': () => torch.clone(x.tensor),
            'x.reshape(-1)': () => x.tensor.reshape(-1),
            'tensor(x.data)': () => torch.tensor(x.tensor.data),
          },
          'bits',
        );
      }),
      runs(RUNS),
    );
  }, TIMEOUT);
});

// ------------------------------------------------------------------------------------------- dtypes
type OtherDtype = 'int64' | 'int32' | 'bool' | 'float64';
const CATEGORY = { bool: 0, int32: 1, int64: 1, float32: 2, float64: 2 } as const;
const WIDTH = { bool: 0, int32: 1, int64: 2, float32: 3, float64: 4 } as const;
type DT = keyof typeof CATEGORY;

/** PyTorch's result_type of two tensors: dimensioned operands decide, unless a 0-d one is of a higher category. */
function resultType(a: Tensor, b: Tensor): DT {
  const [da, db] = [a.dtype as DT, b.dtype as DT];
  if ((a.dim() > 0) === (b.dim() > 0)) return WIDTH[da] >= WIDTH[db] ? da : db;
  const [dimmed, zero] = a.dim() > 0 ? [da, db] : [db, da];
  return CATEGORY[zero] > CATEGORY[dimmed] ? zero : dimmed;
}

/** A float32 Input and a broadcastable tensor of another dtype (small integers, 0/1, or thirds in float64). */
const mixedPair = shapeArb()
  .chain((out) => fc.tuple(broadcastableTo(out), broadcastableTo(out), fc.constantFrom<OtherDtype>('int64', 'int32', 'bool', 'float64')))
  .chain(([sa, sb, dtype]) =>
    fc.tuple(
      inputOf(sa),
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: sb.reduce((a, b) => a * b, 1), maxLength: sb.reduce((a, b) => a * b, 1) }).map((v) => {
        const t = torch.tensor(Float64Array.from(v, (k) => (dtype === 'bool' ? +(k > 0) : dtype === 'float64' ? k / 3 : k)), { dtype }).reshape(sb);
        return { tensor: t, [fc.toStringMethod]: () => `${dtype} ${String(t)}` };
      }),
    ),
  );

const MIXED: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  'a + b': (a, b) => a.add(b),
  'b + a': (a, b) => torch.add(b, a),
  'a - b': (a, b) => a.sub(b),
  'b * a': (a, b) => b.mul(a),
  'b / a': (a, b) => b.div(a),
  'maximum(b, a)': (a, b) => torch.maximum(b, a),
  'a < b': (a, b) => a.lt(b),
  'where(a > 0, a, b)': (a, b) => torch.where(a.gt(0), a, b),
};

describe.runIf(PARITY)('property: native equals JS, mixed dtypes', () => {
  it("float32 with int64/int32/bool/float64 operands: PyTorch's result dtype, values bit-exact", () => {
    fc.assert(
      fc.property(mixedPair, ([a, b]) => {
        for (const [name, f] of Object.entries(MIXED)) {
          const { js, native } = bothBackends(() => f(a.tensor, b.tensor));
          expectTensorsMatch(native, js, 'bits', name);
          expect(js.dtype, `${name}: dtype`).toBe(name === 'a < b' ? 'bool' : resultType(a.tensor, b.tensor));
        }
      }),
      runs(RUNS),
    );
  }, TIMEOUT);
});

describe.runIf(PARITY)('property: native equals JS, reductions', () => {
  for (const op of ['sum', 'mean'] as const) {
    it(`${op} over random dims, keepdim [within the summation-order bound]`, () => {
      fc.assert(
        fc.property(withDims(inputArb()), ([x, dim, keepdim]) => {
          const t = x.tensor;
          const dims = reducedDims(t.dim(), dim);
          const bound = reductionBound(op, t, dims, keepdim);
          const forms: Record<string, () => Tensor> = {
            [`torch.${op}(x, dim, keepdim)`]: () => torch[op](t, dim ?? null, keepdim),
            [`x.${op}({ dim, keepdim })`]: () => t[op]({ dim, keepdim }),
          };
          for (const [name, call] of Object.entries(forms)) {
            const { js, native } = bothBackends(call);
            expect([...native.shape], name).toEqual([...js.shape]);
            expect(native.dtype).toBe('float32');
            expect(js.dtype).toBe('float32');
            expectWithinBounds(native.data, js.data, bound, `${name} (native vs JS)`);
          }
        }),
        runs(RUNS),
      );
    }, TIMEOUT);
  }

  it('prod over one dim or all [relative rounding-count bound]', () => {
    const small = shapeArb().filter((s) => s.reduce((a, b) => a * b, 1) <= 100);
    fc.assert(
      fc.property(withDim(small.chain((s) => inputOf(s, prodValue))), ([x, dim, keepdim]) => {
        const t = x.tensor;
        const dims = reducedDims(t.dim(), dim);
        const relative = prodRtol(t, dims);
        const forms = {
          'torch.prod(x, dim, keepdim)': () => (dim === undefined ? torch.prod(t) : torch.prod(t, dim, keepdim)),
          'x.prod({ dim, keepdim })': () => t.prod({ dim, keepdim }),
        };
        for (const [name, call] of Object.entries(forms)) {
          const { js, native } = bothBackends(call);
          expectTensorsMatch(native, js, { rtol: relative, atol: 0 }, name);
        }
      }),
      runs(RUNS),
    );
  }, TIMEOUT);

  for (const op of ['amax', 'amin'] as const) {
    it(`${op} over random dims, keepdim [bit-exact]`, () => {
      fc.assert(
        fc.property(withDims(inputArb()), ([x, dim, keepdim]) => {
          sameOutcome(
            () => torch[op](x.tensor, dim, keepdim),
            (native, js) => expectTensorsMatch(native, js, 'bits', op),
          );
          sameOutcome(
            () => x.tensor[op]({ dim, keepdim }),
            (native, js) => expectTensorsMatch(native, js, 'bits', `x.${op}`),
          );
        }),
        runs(RUNS),
      );
    }, TIMEOUT);
  }

  for (const op of ['max', 'min'] as const) {
    it(`${op}(dim, keepdim): values and indices [bit-exact]`, () => {
      fc.assert(
        fc.property(withDim(inputArb()), ([x, dim, keepdim]) => {
          const d = dim ?? 0;
          sameOutcome(
            () => torch[op](x.tensor, d, keepdim) as unknown as { values: Tensor; indices: Tensor },
            (native, js) => {
              expectTensorsMatch(native.values, js.values, 'bits', `${op} values`);
              expectTensorsMatch(native.indices, js.indices, 'bits', `${op} indices`);
              expect(js.indices.dtype).toBe('int64');
            },
          );
          sameOutcome(
            () => x.tensor[op](),
            (native, js) => expectTensorsMatch(native, js, 'bits', `x.${op}()`),
          );
        }),
        runs(RUNS),
      );
    }, TIMEOUT);
  }

  for (const op of ['argmax', 'argmin'] as const) {
    it(`${op}(dim?, keepdim) [bit-exact]`, () => {
      fc.assert(
        fc.property(withDim(inputArb()), ([x, dim, keepdim]) => {
          sameOutcome(
            () => torch[op](x.tensor, dim ?? null, keepdim),
            (native, js) => {
              expectTensorsMatch(native, js, 'bits', op);
              expect(js.dtype).toBe('int64');
            },
          );
        }),
        runs(RUNS),
      );
    }, TIMEOUT);
  }

  const SOFTMAX: Record<string, { tol: Tol; forms: Record<string, (x: Tensor, d: number) => Tensor> }> = {
    softmax: {
      tol: { ulp: 4, atol: 1e-7 },
      forms: {
        'torch.softmax': (x, d) => torch.softmax(x, d),
        'F.softmax': (x, d) => F.softmax(x, { dim: d }),
        'x.softmax': (x, d) => x.softmax(d),
        'nn.Softmax': (x, d) => new torch.nn.Softmax(d).forward(x),
        'F.softmin': (x, d) => F.softmin(x, d),
      },
    },
    log_softmax: {
      tol: { atol: 1e-6, rtol: 1e-6 },
      forms: {
        'torch.log_softmax': (x, d) => torch.log_softmax(x, d),
        'F.log_softmax': (x, d) => F.log_softmax(x, d),
        'x.log_softmax': (x, d) => x.log_softmax(d),
        'nn.LogSoftmax': (x, d) => new torch.nn.LogSoftmax(d).forward(x),
      },
    },
  };
  for (const [name, { tol, forms }] of Object.entries(SOFTMAX)) {
    it(`${name} along a random dim [${fmtTol(tol)}]`, () => {
      fc.assert(
        fc.property(
          inputArb().chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -Math.max(x.tensor.dim(), 1), max: Math.max(x.tensor.dim(), 1) - 1 }))),
          ([x, d]) => {
            checkForms(Object.fromEntries(Object.entries(forms).map(([k, fn]) => [k, () => fn(x.tensor, d)])), tol);
          },
        ),
        runs(RUNS),
      );
    }, TIMEOUT);
  }
});

describe.runIf(PARITY)('property: native equals JS, matmul', () => {
  /** Shapes for matmul in its forms: 1-D . 1-D, matrix-vector both ways, matrices, broadcast batches. */
  const matmulShapes = fc
    .tuple(fc.constantFrom('dot', 'mv', 'vm', 'mm', 'batched'), dimSizes(3), shapeArb(0, 2))
    .chain(([kind, [M, K, N], batch]) =>
      fc.tuple(fc.constant(kind), fc.constant(K), broadcastableTo(batch), broadcastableTo(batch)).map(([k, K_, ba, bb]) => {
        switch (k) {
          case 'dot':
            return { K: K_, a: [K_], b: [K_] };
          case 'mv':
            return { K: K_, a: [M, K_], b: [K_] };
          case 'vm':
            return { K: K_, a: [K_], b: [K_, N] };
          case 'mm':
            return { K: K_, a: [M, K_], b: [K_, N] };
          default:
            return { K: K_, a: [...ba, M, K_], b: [...bb, K_, N] };
        }
      }),
    );

  it('matmul / mm / bmm on random shapes and views [rtol 1e-5 + atol 1e-5 sqrt(K) max|a| max|b|]', () => {
    fc.assert(
      fc.property(
        matmulShapes.chain((s) => fc.tuple(fc.constant(s.K), inputOf(s.a, { maxAbs: 1e15 }), inputOf(s.b, { maxAbs: 1e15 }))),
        ([K, a, b]) => {
          const [ta, tb] = [a.tensor, b.tensor];
          const tol = matmulTol(ta, tb, K);
          const forms: Record<string, () => Tensor> = { 'torch.matmul': () => torch.matmul(ta, tb), 'a.matmul(b)': () => ta.matmul(tb) };
          if (ta.dim() === 2 && tb.dim() === 2) forms['torch.mm'] = () => torch.mm(ta, tb);
          if (ta.dim() === 3 && tb.dim() === 3 && ta.shape[0] === tb.shape[0]) forms['a.bmm(b)'] = () => ta.bmm(tb);
          for (const [name, call] of Object.entries(forms)) {
            const { js, native } = bothBackends(call);
            expectTensorsMatch(native, js, tol, name);
          }
        },
      ),
      runs(RUNS * 2),
    );
  }, TIMEOUT);
});

function dimSizes(n: number): fc.Arbitrary<number[]> {
  return shapeArb(n, n);
}

describe('property helpers', () => {
  it('expectSameBits tells -0 from +0 and accepts NaN for NaN', () => {
    expect(() => expectSameBits([0], [-0], 'zeros')).toThrow(/bit-exact/);
    expect(() => expectSameBits([NaN, 1], [NaN, 1], 'nan')).not.toThrow();
  });
});
