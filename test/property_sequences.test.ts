// Property: random sequences of ops, valid and invalid, applied to a random tensor never crash the process, and
// each step does what a small model of PyTorch's shape rules predicts: when the model says the arguments are bad
// (dim out of range, repeated dims, mismatched or non-broadcastable shapes, bad reshape/expand sizes, empty
// reductions that have no identity, arguments of the wrong type), every backend throws that TypeError or
// RangeError, with the same message, naming the op;
// otherwise every backend returns a tensor of exactly the predicted shape and dtype, native equal to JS within
// the op's tolerance (the same statements as property_ops.test.ts). The JS result is the next step's input, so
// tolerances apply per step instead of compounding.
//
// The model is written from PyTorch's rules (checked against PyTorch 1.13 where they are subtle), not from lib/:
// it is the independent side of the comparison.
// Values are compared for every op except where native and JS differ by design on overflow inside a float
// accumulation (see property_ops.test.ts): prod unless its input stays in [0.5, 2] (or 0/inf/NaN) with at most
// 100 elements, sum/mean when sum|x| could overflow float, matmul when a product could come near float's range.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as torch from '../lib/index';
import { BACKENDS, expectWithinBounds } from './helpers';
import {
  expectTensorsMatch, floatValue, inputArb, matmulTol, maxFiniteAbs, onBackends, prodRtol, reductionBound, runs, seeded, shapeArb,
  TIMEOUT, outcomeText, type Input, type Tol,
} from './property_arbitraries';

type Tensor = torch.Tensor;
type Shape = readonly number[];
const F = torch.nn.functional;

// ------------------------------------------------------------------------------------------- the model
/** What the model predicts for one step. */
type Prediction = { shape: number[]; dtype: 'float32' | 'bool' | 'int64' } | { error: typeof TypeError | typeof RangeError };

const ok = (shape: number[], dtype: 'float32' | 'bool' | 'int64' = 'float32'): Prediction => ({ shape, dtype });
const typeError: Prediction = { error: TypeError };
const rangeError: Prediction = { error: RangeError };
const numel = (s: Shape) => s.reduce((a, b) => a * b, 1);

/** PyTorch's maybe_wrap_dim: a dim of a rank-r tensor lies in [-max(r, 1), max(r, 1) - 1]. */
function wrap(dim: number, rank: number): number | null {
  const r = Math.max(rank, 1);
  return dim < -r || dim >= r ? null : dim < 0 ? dim + r : dim;
}

function broadcast(a: Shape, b: Shape): number[] | null {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Shape after reducing `dims` (already wrapped and distinct) with keepdim. */
function reduced(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  return shape.flatMap((s, i) => (dims.includes(i) ? (keepdim ? [1] : []) : [s]));
}

/** Wraps a dim argument (undefined: all dims); null when a dim is out of range or repeated. */
function wrapDims(dim: number | number[] | undefined, rank: number): number[] | null {
  if (dim === undefined || (Array.isArray(dim) && dim.length === 0)) return [...Array(rank).keys()];
  const list = typeof dim === 'number' ? [dim] : dim;
  const wrapped = list.map((d) => wrap(d, rank));
  if (wrapped.some((d) => d === null)) return null;
  if (new Set(wrapped).size !== wrapped.length) return null;
  return rank === 0 ? [] : (wrapped as number[]);
}

/** torch.matmul's shape rules. */
function matmulShape(a: Shape, b: Shape): number[] | null {
  if (a.length === 0 || b.length === 0) return null;
  if (a.length === 1 && b.length === 1) return a[0] === b[0] ? [] : null;
  const A = a.length === 1 ? [1, a[0]] : a;
  const B = b.length === 1 ? [b[0], 1] : b;
  if (A[A.length - 1] !== B[B.length - 2]) return null;
  const batch = broadcast(A.slice(0, -2), B.slice(0, -2));
  if (!batch) return null;
  return [...batch, ...(a.length > 1 ? [A[A.length - 2]] : []), ...(b.length > 1 ? [B[B.length - 1]] : [])];
}

/** Python slicing of one dim: x[start:end:step] (step > 0). */
function sliceLength(size: number, start: number | null, end: number | null, step: number): number {
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = start === null ? 0 : clamp(start);
  const e = end === null ? size : clamp(end);
  return e > s ? Math.ceil((e - s) / step) : 0;
}

// ------------------------------------------------------------------------------------------- steps
/** An auxiliary operand: a number, a tensor broadcastable to x (derived from its shape), or any shape. */
type Other = { mode: 'number'; value: number } | { mode: 'like'; bits: number } | { mode: 'shape'; shape: number[]; bits: number };

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1e-40, 1e30, 1];

/** Seeded values in [-4, 4) with one special value when bit 3 is set. */
function auxTensor(shape: Shape, bits: number): Tensor {
  const v = seeded(bits, numel(shape), -4, 4);
  if (v.length > 0 && bits & 8) v[bits % v.length] = SPECIALS[(bits >> 4) % SPECIALS.length];
  return torch.tensor(v).reshape([...shape]);
}

function otherShape(o: Exclude<Other, { mode: 'number' }>, x: Shape): number[] {
  if (o.mode === 'shape') return o.shape;
  const rank = o.bits % (x.length + 1);
  return x.slice(x.length - rank).map((s, i) => ((o.bits >> (i + 4)) & 1 ? 1 : s));
}

function otherOperand(o: Other, x: Shape): Tensor | number {
  return o.mode === 'number' ? o.value : auxTensor(otherShape(o, x), o.bits);
}

/** One op with its arguments resolved against the input's shape. */
interface Call {
  text: string;
  /** What the model predicts. */
  predict: Prediction;
  run(x: Tensor): Tensor | { values: Tensor; indices: Tensor };
  /** Tolerance for the values, or null to compare shape and dtype only (see the header). */
  tol?(x: Tensor): Tol | ((native: Tensor, js: Tensor) => void) | null;
}

/** One step of a sequence: its arguments are drawn up front, and resolved against the input shape it meets. */
interface Step {
  /** The op's name, which its error messages must contain. */
  op: string;
  /** How it prints in a counterexample. */
  label: string;
  at(shape: Shape): Call;
}

const step = (op: string, label: string, at: (s: Shape) => Call): Step => ({ op, label, at, [fc.toStringMethod]: () => label }) as Step;

/**
 * A dim argument drawn without knowing the rank it will meet: resolved at run time to a valid dim (sometimes
 * negative) five times in six, otherwise to one just out of range. `extra` widens the range (unsqueeze: rank + 1).
 */
interface DimSpec {
  k: number;
  bad: boolean;
}
const dimSpec: fc.Arbitrary<DimSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.nat(255).map((k) => ({ k, bad: false })) },
  { weight: 1, arbitrary: fc.nat(255).map((k) => ({ k, bad: true })) },
);
function dimOf(spec: DimSpec, rank: number, extra = 0): number {
  const r = Math.max(rank + extra, 1);
  const off = (spec.k >> 1) % 3;
  if (spec.bad) return spec.k & 1 ? r + off : -r - 1 - off;
  const d = spec.k % r;
  return (spec.k >> 5) & 1 ? d - r : d;
}
/** An index into a dim of `size`, valid (sometimes negative) or, when bad, just out of range. */
function indexOf(spec: DimSpec, size: number): number {
  if (spec.bad || size === 0) return spec.k & 1 ? size + ((spec.k >> 1) % 3) : -size - 1 - ((spec.k >> 1) % 3);
  const i = spec.k % size;
  return (spec.k >> 5) & 1 ? i - size : i;
}

const TRANSCENDENTAL: Tol = { ulp: 4, atol: 1.2e-38 };
const UNARY_TOL: Record<string, Tol> = {
  neg: 'bits', abs: 'bits', relu: 'bits', sqrt: 'bits', exp: TRANSCENDENTAL, sigmoid: TRANSCENDENTAL, tanh: TRANSCENDENTAL,
  log: { ulp: 2 }, log1p: { ulp: 1 }, expm1: { ulp: 1 }, erf: { ulp: 1 },
};
type UnaryName = 'neg' | 'abs' | 'relu' | 'sqrt' | 'exp' | 'sigmoid' | 'tanh' | 'log' | 'log1p' | 'expm1' | 'erf';

const unaryStep = fc.constantFrom(...(Object.keys(UNARY_TOL) as UnaryName[])).map((name) =>
  step(name, `torch.${name}(x)`, (s) => ({ text: `torch.${name}(x)`, predict: ok([...s]), run: (x) => torch[name](x), tol: () => UNARY_TOL[name] })),
);

/** A call that keeps the shape and compares bit for bit. */
const sameShape = (text: string, run: (x: Tensor) => Tensor) => (s: Shape): Call => ({ text, predict: ok([...s]), run, tol: () => 'bits' });

const param = floatValue({ maxAbs: 10 });
const activationStep = fc.oneof(
  fc.tuple(param, param).map(([lo, hi]) => {
    const text = `F.hardtanh(x, ${lo}, ${hi})`;
    // lib follows PyTorch >= 2.1's check (1.13 clamped to max_val instead); NaN bounds are not rejected
    return step('hardtanh', text, (s) => ({ ...sameShape(text, (x) => F.hardtanh(x, lo, hi))(s), predict: lo > hi ? rangeError : ok([...s]) }));
  }),
  fc.tuple(fc.option(param), fc.option(param)).map(([lo, hi]) => {
    const text = `torch.clamp(x, ${lo}, ${hi})`;
    return step('clamp', text, (s) => ({ ...sameShape(text, (x) => torch.clamp(x, lo, hi))(s), predict: lo === null && hi === null ? typeError : ok([...s]) }));
  }),
  fc.tuple(param, param).map(([t, v]) => step('threshold', `F.threshold(x, ${t}, ${v})`, sameShape(`F.threshold(x, ${t}, ${v})`, (x) => F.threshold(x, t, v)))),
  param.map((slope) => step('leaky_relu', `F.leaky_relu(x, ${slope})`, sameShape(`F.leaky_relu(x, ${slope})`, (x) => F.leaky_relu(x, slope)))),
  fc.constant(step('relu6', 'F.relu6(x)', sameShape('F.relu6(x)', (x) => F.relu6(x)))),
);

const otherArb: fc.Arbitrary<Other> = fc.oneof(
  { weight: 1, arbitrary: floatValue().map((value) => ({ mode: 'number' as const, value })) },
  { weight: 4, arbitrary: fc.nat().map((bits) => ({ mode: 'like' as const, bits })) },
  { weight: 1, arbitrary: fc.tuple(shapeArb(), fc.nat()).map(([shape, bits]) => ({ mode: 'shape' as const, shape, bits })) },
);

const BINARY_TOL: Record<string, Tol> = {
  add: 'bits', sub: 'bits', mul: 'bits', div: 'bits', pow: { ulp: 2 }, maximum: 'bits', minimum: 'bits', heaviside: 'bits',
  eq: 'bits', ne: 'bits', gt: 'bits', lt: 'bits', ge: 'bits', le: 'bits',
};
const TENSOR_ONLY = new Set(['maximum', 'minimum', 'heaviside']);
const COMPARISONS = new Set(['eq', 'ne', 'gt', 'lt', 'ge', 'le']);
type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'heaviside' | 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le';

const binaryStep = fc.tuple(fc.constantFrom(...(Object.keys(BINARY_TOL) as BinaryName[])), otherArb).map(([name, other]) =>
  step(name, `x.${name}(${other.mode === 'number' ? other.value : JSON.stringify(other)})`, (s) => {
    const dtype = COMPARISONS.has(name) ? 'bool' : 'float32';
    let predict: Prediction;
    if (other.mode === 'number') predict = TENSOR_ONLY.has(name) ? typeError : ok([...s], dtype);
    else {
      const out = broadcast(s, otherShape(other, s));
      predict = out ? ok(out, dtype) : rangeError;
    }
    const operand = other.mode === 'number' ? String(other.value) : `tensor of shape [${otherShape(other, s)}]`;
    return {
      text: `x.${name}(${operand})`,
      predict,
      run: (x) => (x[name] as (o: unknown) => Tensor)(otherOperand(other, x.shape)),
      tol: () => BINARY_TOL[name],
    };
  }),
);

/** A dim argument for reductions: none (all dims), one dim, or a list (possibly with repeats). */
type DimsSpec = undefined | DimSpec | DimSpec[];
const dimsSpec: fc.Arbitrary<DimsSpec> = fc.oneof(fc.constant(undefined), dimSpec, fc.array(dimSpec, { maxLength: 3 }));
function dimsOf(spec: DimsSpec, rank: number): number | number[] | undefined {
  if (spec === undefined) return undefined;
  return Array.isArray(spec) ? spec.map((d) => dimOf(d, rank)) : dimOf(spec, rank);
}

/** Largest sum|x| for which no float partial sum can overflow (then values are compared; see the header). */
const SUM_SAFE = 1e37;
const sumAbs = (x: Tensor) => Array.from(x.data).reduce((acc, v) => acc + (Number.isFinite(v) ? Math.abs(v) : 0), 0);
/** prod's inputs whose partial products stay in the normal float range (see property_ops.test.ts). */
const prodSafe = (x: Tensor) => x.numel() <= 100 && Array.from(x.data).every((v) => v === 0 || !Number.isFinite(v) || (Math.abs(v) >= 0.5 && Math.abs(v) <= 2));

const reduceStep = fc.tuple(fc.constantFrom('sum', 'mean', 'prod', 'amax', 'amin'), dimsSpec, fc.boolean()).map(([name, spec, keepdim]) =>
  step(name, `x.${name}({ dim: ${JSON.stringify(spec)}, keepdim: ${keepdim} })`, (s) => {
    const dim = dimsOf(spec, s.length);
    const text = `x.${name}({ dim: ${JSON.stringify(dim)}, keepdim: ${keepdim} })`;
    const run = (x: Tensor) => (x[name] as (o: object) => Tensor)({ dim, keepdim });
    if (name === 'prod' && Array.isArray(dim)) return { text, predict: typeError, run }; // prod takes one int dim
    const dims = wrapDims(dim, s.length);
    if (!dims) return { text, predict: rangeError, run };
    // amax/amin have no identity: reducing an empty dim (or everything of an empty tensor) is an error
    if ((name === 'amax' || name === 'amin') && (dims.some((d) => s[d] === 0) || (numel(s) === 0 && dims.length === s.length))) {
      return { text, predict: rangeError, run };
    }
    return {
      text,
      predict: ok(reduced(s, dims, keepdim)),
      run,
      tol: (x) => {
        if (name === 'amax' || name === 'amin') return 'bits';
        if (name === 'prod') return prodSafe(x) ? { rtol: prodRtol(x, dims), atol: 0 } : null;
        if (sumAbs(x) >= SUM_SAFE) return null;
        const bound = reductionBound(name, x, dims, keepdim);
        return (native, js) => expectWithinBounds(native.data, js.data, bound, name);
      },
    };
  }),
);

const argStep = fc.tuple(fc.constantFrom('argmax', 'argmin', 'max', 'min'), fc.option(dimSpec), fc.boolean()).map(([name, spec, keepdim]) =>
  step(name, `x.${name}(${JSON.stringify(spec)}, ${keepdim})`, (s) => {
    const isArg = name === 'argmax' || name === 'argmin';
    if (spec === null) {
      const text = isArg ? `x.${name}(null, ${keepdim})` : `x.${name}()`;
      const run = (x: Tensor) => (isArg ? x[name as 'argmax'](null, keepdim) : x[name as 'max']());
      if (numel(s) === 0) return { text, predict: rangeError, run };
      return { text, predict: isArg ? ok(keepdim ? s.map(() => 1) : [], 'int64') : ok([]), run, tol: () => 'bits' };
    }
    const dim = dimOf(spec, s.length);
    const text = `x.${name}(${dim}, ${keepdim})`;
    const run = (x: Tensor) => x[name as 'argmax'](dim, keepdim);
    const d = wrap(dim, s.length);
    if (d === null || (s.length > 0 && s[d] === 0)) return { text, predict: rangeError, run };
    return { text, predict: ok(s.length === 0 ? [] : reduced(s, [d], keepdim), isArg ? 'int64' : 'float32'), run, tol: () => 'bits' };
  }),
);

const softmaxStep = fc.tuple(fc.boolean(), dimSpec).map(([log, spec]) => {
  const op = log ? 'log_softmax' : 'softmax';
  return step(op, `x.${op}(${JSON.stringify(spec)})`, (s) => {
    const dim = dimOf(spec, s.length);
    return {
      text: `x.${op}(${dim})`,
      predict: wrap(dim, s.length) === null ? rangeError : ok([...s]),
      run: (x) => (log ? x.log_softmax(dim) : x.softmax(dim)),
      tol: () => (log ? { atol: 1e-6, rtol: 1e-6 } : { ulp: 4, atol: 1e-7 }),
    };
  });
});

/** The other matmul operand: derived from x's shape (mostly compatible) or any shape. */
type MatOther = { mode: 'like'; bits: number } | { mode: 'shape'; shape: number[]; bits: number };
function matOtherShape(o: MatOther, x: Shape): number[] {
  if (o.mode === 'shape') return o.shape;
  const K = x.length ? x[x.length - 1] : 1;
  const N = (o.bits % 6) + 1;
  switch ((o.bits >> 3) % 4) {
    case 0:
      return [K];
    case 1:
      return [K, N];
    default: {
      const batch = x.slice(0, Math.max(0, x.length - 2)).slice((o.bits >> 5) % 2);
      return [...batch, K, N];
    }
  }
}

const matOther: fc.Arbitrary<MatOther> = fc.oneof(
  { weight: 3, arbitrary: fc.nat().map((bits): MatOther => ({ mode: 'like', bits })) },
  { weight: 1, arbitrary: fc.tuple(shapeArb(), fc.nat()).map(([shape, bits]): MatOther => ({ mode: 'shape', shape, bits })) },
);

const matmulStep = fc.tuple(fc.constantFrom('matmul', 'matmul', 'mm', 'bmm'), matOther).map(([name, other]) =>
  step(name, `torch.${name}(x, ${JSON.stringify(other)})`, (s) => {
    const bShape = matOtherShape(other, s);
    // bit 3 off: no special values in the other operand, so |b| < 4
    const b = () => auxTensor(bShape, other.bits & ~8);
    const text = `torch.${name}(x, tensor of shape [${bShape}])`;
    const run = (x: Tensor) => torch[name](x, b());
    let out = matmulShape(s, bShape);
    if (name === 'mm' && (s.length !== 2 || bShape.length !== 2)) out = null;
    if (name === 'bmm' && (s.length !== 3 || bShape.length !== 3 || s[0] !== bShape[0])) out = null;
    if (!out) return { text, predict: rangeError, run };
    return {
      text,
      predict: ok(out),
      run,
      tol: (x) => {
        const K = x.shape[x.dim() - 1];
        // no product or partial sum comes near float's range while K * max|x| * 4 stays below 1e37
        return K * maxFiniteAbs(x) * 4 < SUM_SAFE ? matmulTol(x, b(), K) : null;
      },
    };
  }),
);

/** reshape sizes derived from the input's numel: valid ones (with or without -1) or, when bad, invalid ones. */
function reshapeSizes(bits: number, bad: boolean, s: Shape): number[] {
  const n = numel(s);
  if (bad) {
    const options = [[n + 1], [-1, -1], [-2, ...s], [0, -1], [...s, 2]];
    return options[bits % options.length];
  }
  const divisors = [...Array(7).keys()].filter((d) => d > 0 && n % d === 0);
  const d = divisors[bits % Math.max(divisors.length, 1)] ?? 1;
  const options = [[-1], [n], [...s].reverse(), n > 0 ? [d, -1] : [0, (bits >> 3) % 4], n > 0 ? [-1, d, 1] : [...s, 1], []];
  return options[(bits >> 3) % options.length];
}

/** expand sizes derived from the input's shape: valid ones or, when bad, a mismatch or misplaced -1. */
function expandSizes(bits: number, bad: boolean, s: Shape): number[] {
  const lead = Array.from({ length: bits % 3 }, (_, i) => ((bits >> (i + 2)) % 4) + (i === 0 ? 0 : 1));
  const own = s.map((v, i) => ((bits >> (i + 6)) & 1 ? -1 : v === 1 ? (bits >> (i + 10)) % 5 : v));
  if (!bad) return [...lead, ...own];
  const options = [[-1, ...s], s.slice(1), s.map((v) => v + 1), [-2, ...s]];
  return options[(bits >> 3) % options.length];
}

/** A permutation of the input's dims (some negative) or, when bad, a repeat, a wrong length or an out-of-range dim. */
function permutation(bits: number, bad: boolean, rank: number): number[] {
  const perm = [...Array(rank).keys()];
  for (let i = rank - 1, b = bits; i > 0; i--, b = Math.floor(b / (i + 1))) {
    const j = b % (i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const signed = perm.map((d, i) => ((bits >> (i + 8)) & 1 ? d - rank : d));
  if (!bad) return signed;
  const options = [rank > 1 ? [signed[0], ...signed.slice(0, -1)] : [0, 0], [...signed, 0], signed.slice(1), rank ? signed.map((d, i) => (i === 0 ? rank : d)) : [1]];
  return options[(bits >> 3) % options.length];
}

const sizedSpec = fc.tuple(fc.nat(), fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }));

const viewStep = fc.oneof(
  fc.tuple(dimSpec, dimSpec).map(([a, b]) =>
    step('transpose', `x.transpose(${JSON.stringify(a)}, ${JSON.stringify(b)})`, (s) => {
      const [da, db] = [dimOf(a, s.length), dimOf(b, s.length)];
      const [i, j] = [wrap(da, s.length), wrap(db, s.length)];
      const out = [...s];
      if (i !== null && j !== null && s.length) [out[i], out[j]] = [out[j], out[i]];
      return { ...sameShape(`x.transpose(${da}, ${db})`, (x) => x.transpose(da, db))(s), predict: i === null || j === null ? rangeError : ok(out) };
    }),
  ),
  sizedSpec.map(([bits, bad]) =>
    step('permute', `x.permute(${bits}, ${bad})`, (s) => {
      const perm = permutation(bits, bad, s.length);
      const dims = perm.length === s.length ? wrapDims(perm, s.length) : null;
      const predict = dims && (s.length === 0 || dims.length === s.length) ? ok(dims.map((d) => s[d])) : rangeError;
      return { ...sameShape(`x.permute([${perm}])`, (x) => x.permute(perm))(s), predict };
    }),
  ),
  sizedSpec.map(([bits, bad]) =>
    step('reshape', `x.reshape(${bits}, ${bad})`, (s) => {
      const sizes = reshapeSizes(bits, bad, s);
      let predict: Prediction;
      const n = numel(s);
      const known = numel(sizes.filter((v) => v !== -1));
      if (sizes.some((v) => v < -1) || sizes.filter((v) => v === -1).length > 1) predict = rangeError;
      else if (!sizes.includes(-1)) predict = known === n ? ok([...sizes]) : rangeError;
      // the inferred size must be unique: an empty known part leaves it ambiguous
      else predict = known === 0 || n % known !== 0 ? rangeError : ok(sizes.map((v) => (v === -1 ? n / known : v)));
      return { ...sameShape(`x.reshape([${sizes}])`, (x) => x.reshape(sizes))(s), predict };
    }),
  ),
  fc.tuple(
    dimSpec,
    fc.option(fc.integer({ min: -8, max: 8 })),
    fc.option(fc.integer({ min: -8, max: 8 })),
    fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1) }),
  ).map(
    ([spec, start, end, stepSize]) =>
      step('slice', `x.slice(${JSON.stringify(spec)}, ${start}, ${end}, ${stepSize})`, (s) => {
        const dim = dimOf(spec, s.length);
        const d = wrap(dim, s.length);
        // slicing a 0-d tensor is an IndexError in PyTorch
        const predict = d === null || s.length === 0 || stepSize <= 0 ? rangeError : ok(s.map((v, i) => (i === d ? sliceLength(v, start, end, stepSize) : v)));
        return { ...sameShape(`x.slice(${dim}, ${start}, ${end}, ${stepSize})`, (x) => x.slice(dim, start, end, stepSize))(s), predict };
      }),
  ),
  fc.tuple(dimSpec, dimSpec).map(([dSpec, iSpec]) =>
    step('select', `x.select(${JSON.stringify(dSpec)}, ${JSON.stringify(iSpec)})`, (s) => {
      const dim = dimOf(dSpec, s.length);
      const d = wrap(dim, s.length);
      const index = d === null || s.length === 0 ? 0 : indexOf(iSpec, s[d]);
      const predict = s.length === 0 || d === null || index < -s[d] || index >= s[d] ? rangeError : ok(s.filter((_, i) => i !== d));
      return { ...sameShape(`x.select(${dim}, ${index})`, (x) => x.select(dim, index))(s), predict };
    }),
  ),
  fc.tuple(dimSpec, dimSpec, dimSpec).map(([dSpec, sSpec, lSpec]) =>
    step('narrow', `x.narrow(${JSON.stringify(dSpec)}, ${JSON.stringify(sSpec)}, ${JSON.stringify(lSpec)})`, (s) => {
      const dim = dimOf(dSpec, s.length);
      const d = wrap(dim, s.length);
      const size = d === null || s.length === 0 ? 0 : s[d];
      const start = indexOf(sSpec, size + 1); // start may equal the size (with length 0)
      const st = start < 0 ? start + size : start;
      // a length that fits (0 included) or, when bad, one too long or negative
      const room = Math.max(size - st, 0);
      const length = lSpec.bad ? (lSpec.k & 1 ? room + 1 : -1) : lSpec.k % (room + 1);
      // narrow() cannot be applied to a 0-dim tensor
      const bad = s.length === 0 || d === null || st < 0 || st > size || length < 0 || st + length > size;
      return { ...sameShape(`x.narrow(${dim}, ${start}, ${length})`, (x) => x.narrow(dim, start, length))(s), predict: bad ? rangeError : ok(s.map((v, i) => (i === d ? length : v))) };
    }),
  ),
  sizedSpec.map(([bits, bad]) =>
    step('expand', `x.expand(${bits}, ${bad})`, (s) => {
      const sizes = expandSizes(bits, bad, s);
      const lead = sizes.length - s.length;
      let predict: Prediction = ok([]);
      const out: number[] = [];
      if (lead < 0 || sizes.some((v) => v < -1)) predict = rangeError;
      else {
        for (let i = 0; i < sizes.length && !('error' in predict); i++) {
          const own = i < lead ? null : s[i - lead];
          if (own === null) {
            if (sizes[i] === -1) predict = rangeError; // -1 is not allowed in a new leading dim
            else out.push(sizes[i]);
          } else if (sizes[i] === -1 || sizes[i] === own) out.push(own);
          else if (own === 1) out.push(sizes[i]);
          else predict = rangeError;
        }
        if (!('error' in predict)) predict = ok(out);
      }
      return { ...sameShape(`x.expand([${sizes}])`, (x) => x.expand(sizes))(s), predict };
    }),
  ),
  fc.option(dimSpec).map((spec) =>
    step('squeeze', `x.squeeze(${JSON.stringify(spec)})`, (s) => {
      if (spec === null) return { ...sameShape('x.squeeze()', (x) => x.squeeze())(s), predict: ok(s.filter((v) => v !== 1)) };
      const dim = dimOf(spec, s.length);
      const d = wrap(dim, s.length);
      return { ...sameShape(`x.squeeze(${dim})`, (x) => x.squeeze(dim))(s), predict: d === null ? rangeError : ok(s.filter((v, i) => i !== d || v !== 1)) };
    }),
  ),
  dimSpec.map((spec) =>
    step('unsqueeze', `x.unsqueeze(${JSON.stringify(spec)})`, (s) => {
      const dim = dimOf(spec, s.length, 1);
      const d = wrap(dim, s.length + 1);
      const out = [...s];
      if (d !== null) out.splice(d, 0, 1);
      return { ...sameShape(`x.unsqueeze(${dim})`, (x) => x.unsqueeze(dim))(s), predict: d === null ? rangeError : ok(out) };
    }),
  ),
  fc.tuple(dimSpec, dimSpec).map(([a, b]) =>
    step('flatten', `x.flatten(${JSON.stringify(a)}, ${JSON.stringify(b)})`, (s) => {
      const [da, db] = [dimOf(a, s.length), dimOf(b, s.length)];
      const [i, j] = [wrap(da, s.length), wrap(db, s.length)];
      let predict: Prediction;
      if (i === null || j === null || i > j) predict = rangeError;
      else predict = s.length === 0 ? ok([1]) : ok([...s.slice(0, i), numel(s.slice(i, j + 1)), ...s.slice(j + 1)]);
      return { ...sameShape(`x.flatten(${da}, ${db})`, (x) => x.flatten(da, db))(s), predict };
    }),
  ),
  fc.constant(step('t', 'x.t()', (s) => ({ ...sameShape('x.t()', (x) => x.t())(s), predict: s.length > 2 ? rangeError : ok([...s].reverse()) }))),
  fc.constant(step('contiguous', 'x.contiguous()', sameShape('x.contiguous()', (x) => x.contiguous()))),
);

/**
 * An argument of the wrong type where an int, a size list or a tensor belongs: PyTorch's argument parser
 * rejects it with a TypeError before looking at any value (so before a dim or size would be out of range).
 */
// (not an object: { ... } is the options form of many ops)
const garbage = fc.constantFrom<unknown>(1.5, NaN, Infinity, -0.5, '1', [0]);
type Garbled = (x: Tensor, g: never) => unknown;
const GARBLED: [string, string, Garbled][] = [
  ['sum', 'x.sum({ dim: g })', (x, g) => x.sum({ dim: Array.isArray(g) ? [1.5] : g })], // a list of ints is a valid dim
  ['softmax', 'x.softmax(g)', (x, g) => x.softmax(g)],
  ['transpose', 'x.transpose(g, 0)', (x, g) => x.transpose(g, 0)],
  ['unsqueeze', 'x.unsqueeze(g)', (x, g) => x.unsqueeze(g)],
  ['select', 'x.select(0, g)', (x, g) => x.select(0, g)],
  ['narrow', 'x.narrow(0, g, 0)', (x, g) => x.narrow(0, g, 0)],
  ['slice', 'x.slice(0, g)', (x, g) => x.slice(0, g)],
  ['reshape', 'x.reshape([g])', (x, g) => x.reshape([g])],
  ['expand', 'x.expand([...x.shape, g])', (x, g) => x.expand([...x.shape, g])],
  ['argmax', 'x.argmax(g)', (x, g) => x.argmax(g)],
  ['flatten', 'x.flatten(g)', (x, g) => x.flatten(g)],
  ['matmul', 'torch.matmul(x, g)', (x, g) => torch.matmul(x, g)],
  ['add', 'torch.add(x, g) (g not a number)', (x, g) => torch.add(x, (typeof g === 'number' ? String(g) : g) as never)],
];
const garbageStep = fc.tuple(fc.constantFrom(...GARBLED), garbage).map(([[op, text, run], g]) => {
  const label = `${text} with g = ${JSON.stringify(g) ?? String(g)}`;
  return step(op, label, () => ({ text: label, predict: typeError, run: (x) => run(x, g as never) as Tensor }));
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  unaryStep, activationStep, binaryStep, reduceStep, argStep, softmaxStep, matmulStep, viewStep, viewStep, garbageStep,
);

// ------------------------------------------------------------------------------------------- running
/** Runs one step on every backend and checks it against the model; returns the JS result (or null on error). */
function checkStep(step: Step, x: Tensor, index: number): Tensor | null {
  const call = step.at(x.shape);
  const where = `step ${index}: ${call.text} on shape [${x.shape}]`;
  const { predict } = call;
  const outcomes = onBackends(() => call.run(x));
  if ('error' in predict) {
    for (const [backend, o] of outcomes) {
      expect(o.ok, `${where}: the model predicts ${predict.error.name}, but ${backend} ${outcomeText(o)}`).toBe(false);
      const e = (o as { error: Error }).error;
      expect(e.constructor, `${where} on ${backend}: ${outcomeText(o)}`).toBe(predict.error);
      expect(e.message, `${where}: the message names the op`).toContain(step.op);
    }
    const messages = new Set([...outcomes.values()].map((o) => (o as { error: Error }).error.message));
    expect(messages.size, `${where}: backends throw the same message`).toBe(1);
    return null;
  }
  const results = new Map<string, Tensor>();
  for (const [backend, o] of outcomes) {
    expect(o.ok, `${where}: the model predicts shape [${predict.shape}] ${predict.dtype}, but ${backend} ${outcomeText(o)}`).toBe(true);
    const value = (o as { value: Tensor | { values: Tensor } }).value;
    const t = value instanceof torch.Tensor ? value : value.values;
    expect([...t.shape], `${where} on ${backend}: shape`).toEqual(predict.shape);
    expect(t.dtype, `${where} on ${backend}: dtype`).toBe(predict.dtype);
    results.set(backend, t);
  }
  const js = results.get('js');
  const native = results.get('native');
  if (js && native) {
    const tol = call.tol?.(x) ?? null;
    if (typeof tol === 'function') tol(native, js);
    else if (tol !== null) expectTensorsMatch(native, js, tol, where);
    const [ij, inat] = [outcomes.get('js'), outcomes.get('native')].map((o) => (o as { value: { indices?: Tensor } }).value.indices);
    if (ij && inat) expectTensorsMatch(inat, ij, 'bits', `${where}: indices`);
  }
  return js ?? native ?? null;
}

/** The next input: float32, and small enough that repeated expands cannot blow it up. */
function nextInput(t: Tensor): Tensor {
  const f = t.dtype === 'float32' ? t : t.float();
  return f.numel() > 4096 ? f.reshape(-1).narrow(0, 0, 64) : f;
}

describe('property: random op sequences follow the shape model on every backend', () => {
  it(`sequences of up to 8 ops (valid and invalid) on random inputs [backends: ${BACKENDS.join(', ')}]`, () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(inputArb(), fc.array(stepArb, { minLength: 1, maxLength: 8 }), (input: Input, steps) => {
        let x = input.tensor;
        steps.forEach((step, i) => {
          const out = checkStep(step, x, i);
          if (out) {
            valid++;
            x = nextInput(out);
          } else invalid++;
        });
      }),
      runs(500),
    );
    // both kinds must be exercised, or the property proves little
    expect(valid).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(100);
  }, TIMEOUT);
});

describe('sequence model', () => {
  it('predicts PyTorch shapes and errors for hand-picked cases', () => {
    expect(matmulShape([3], [3])).toEqual([]);
    expect(matmulShape([2, 3], [3])).toEqual([2]);
    expect(matmulShape([3], [3, 4])).toEqual([4]);
    expect(matmulShape([5, 1, 2, 3], [4, 3, 2])).toEqual([5, 4, 2, 2]);
    expect(matmulShape([2, 3], [4, 2])).toBeNull();
    expect(wrapDims([0, -2], 2)).toBeNull();
    expect(wrapDims(undefined, 3)).toEqual([0, 1, 2]);
    expect(wrap(-1, 0)).toBe(0);
    expect(wrap(1, 0)).toBeNull();
    expect(sliceLength(6, -2, null, 1)).toBe(2);
    expect(sliceLength(5, 1, 8, 3)).toBe(2);
    expect(broadcast([3, 1], [4])).toEqual([3, 4]);
    expect(broadcast([3], [4])).toBeNull();
  });
});

