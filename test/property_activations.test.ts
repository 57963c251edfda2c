// Property: every activation, in each of its forms (torch.*, nn.functional, Tensor method, module, in-place),
// gives the same answer on the native and JS backends for random inputs (shapes, views and special values as
// in property_ops.test.ts); on each backend all forms of one activation agree bit for bit. Then autograd:
// random compositions of differentiable ops give the same gradients on both backends.
//
// Tolerances, native vs JS:
//   bit-exact: relu, relu6, leaky_relu, threshold, hardtanh, heaviside, prelu, and the activations composed only
//       of exactly rounded steps (+, *, /, relu6, abs, where): hardsigmoid, hardswish, softsign.
//   sigmoid, tanh: 4 ULP or atol 1.2e-38 (test/fixtures.test.ts).
//   composed of exp/tanh/erf/log1p/expm1 (gelu, silu, elu, selu, celu, softplus, mish, logsigmoid, tanhshrink):
//       4 ULP or atol 1e-6 + rtol 1e-5, as test/nn_activations.test.ts states for them against PyTorch: each
//       transcendental step may differ by a few ULP, and a difference such as x - tanh(x) cancels.
//   loss: rtol 1e-4 + atol 1e-5 * max(1, sum of its terms' magnitudes).
//   gradients: rtol 1e-4 + atol 1e-5 * max(1, max|grad|). A chain of up to four ops each a few ULP apart (sums
//       in a different order, softmax's backward subtracting a dot product), on inputs with |x| <= 3, weights in
//       [-1, 1] and bounded derivatives, so the terms of each gradient are O(1) or O(max|grad|): where they
//       cancel (log_softmax's gradient sums to 0 over its dim) the result keeps an absolute error of a few ULPs
//       of the terms, not of the (near-zero) result.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as torch from '../lib/index';
import type { Tolerance } from './helpers';
import {
  PARITY, TIMEOUT, bothBackends, expectTensorsMatch, floatValue, inputArb, onBackends, runs, seeded, type Input, type Tol,
} from './property_arbitraries';

type Tensor = torch.Tensor;
const { nn } = torch;
const F = nn.functional;

const TRANSCENDENTAL: Tol = { ulp: 4, atol: 1.2e-38 };
const COMPOSED: Tol = { ulp: 4, atol: 1e-6, rtol: 1e-5 };
const RUNS = 100;

type Form = (x: Tensor, p: number[]) => Tensor;
interface Activation {
  name: string;
  tol: Tol;
  params?: fc.Arbitrary<number[]>;
  forms: Record<string, Form>;
}

/** An in-place form, run on a copy so the shared input stays intact. */
const inplace = (fn: (c: Tensor, p: number[]) => unknown): Form => (x, p) => {
  const c = x.clone();
  const r = fn(c, p);
  expect(r, 'in-place forms return their input').toBe(c);
  return c;
};

const param = floatValue({ maxAbs: 10 });
const alpha = fc.oneof(fc.constantFrom(1, 0.5, 2), fc.float({ min: Math.fround(0.1), max: 3, noNaN: true }));
const ordered = fc.tuple(param, param).map(([a, b]) => (a <= b ? [a, b] : [b, a]));

const ACTIVATIONS: Activation[] = [
  {
    name: 'relu',
    tol: 'bits',
    forms: {
      'torch.relu': (x) => torch.relu(x),
      'F.relu': (x) => F.relu(x),
      'x.relu()': (x) => x.relu(),
      'nn.ReLU()': (x) => new nn.ReLU()(x),
      'F.relu(inplace)': inplace((c) => F.relu(c, true)),
      'nn.ReLU(true)': inplace((c) => new nn.ReLU(true)(c)),
      'x.relu_()': inplace((c) => c.relu_()),
    },
  },
  {
    name: 'relu6',
    tol: 'bits',
    forms: {
      'F.relu6': (x) => F.relu6(x),
      'nn.ReLU6()': (x) => new nn.ReLU6()(x),
      'F.relu6(inplace)': inplace((c) => F.relu6(c, { inplace: true })),
      'F.hardtanh(x, 0, 6)': (x) => F.hardtanh(x, 0, 6),
    },
  },
  {
    name: 'leaky_relu',
    tol: 'bits',
    params: fc.tuple(param),
    forms: {
      'F.leaky_relu(x, s)': (x, [s]) => F.leaky_relu(x, s),
      'F.leaky_relu(x, { negative_slope })': (x, [s]) => F.leaky_relu(x, { negative_slope: s }),
      'nn.LeakyReLU(s)': (x, [s]) => new nn.LeakyReLU(s)(x),
      'nn.LeakyReLU({ negative_slope })': (x, [s]) => new nn.LeakyReLU({ negative_slope: s })(x),
      'F.leaky_relu(inplace)': inplace((c, [s]) => F.leaky_relu(c, s, true)),
    },
  },
  {
    name: 'leaky_relu (default slope)',
    tol: 'bits',
    forms: {
      'F.leaky_relu(x)': (x) => F.leaky_relu(x),
      'F.leaky_relu(x, 0.01)': (x) => F.leaky_relu(x, 0.01),
      'nn.LeakyReLU()': (x) => new nn.LeakyReLU()(x),
    },
  },
  {
    name: 'threshold',
    tol: 'bits',
    params: fc.tuple(param, param),
    forms: {
      'torch.threshold': (x, [t, v]) => torch.threshold(x, t, v),
      'F.threshold': (x, [t, v]) => F.threshold(x, t, v),
      'nn.Threshold(t, v)': (x, [t, v]) => new nn.Threshold(t, v)(x),
      'nn.Threshold({ threshold, value })': (x, [t, v]) => new nn.Threshold({ threshold: t, value: v })(x),
      'F.threshold(inplace)': inplace((c, [t, v]) => F.threshold(c, t, v, true)),
    },
  },
  {
    name: 'heaviside',
    tol: 'bits',
    params: fc.tuple(param),
    forms: {
      'torch.heaviside(x, values)': (x, [v]) => torch.heaviside(x, torch.tensor(v)),
      'x.heaviside(values)': (x, [v]) => x.heaviside(torch.tensor(v)),
    },
  },
  {
    name: 'hardtanh',
    tol: 'bits',
    params: ordered,
    forms: {
      'F.hardtanh(x, lo, hi)': (x, [lo, hi]) => F.hardtanh(x, lo, hi),
      'nn.Hardtanh(lo, hi)': (x, [lo, hi]) => new nn.Hardtanh(lo, hi)(x),
      'nn.Hardtanh({ min_val, max_val })': (x, [lo, hi]) => new nn.Hardtanh({ min_val: lo, max_val: hi })(x),
      'F.hardtanh(inplace)': inplace((c, [lo, hi]) => F.hardtanh(c, lo, hi, true)),
    },
  },
  {
    name: 'sigmoid',
    tol: TRANSCENDENTAL,
    forms: {
      'torch.sigmoid': (x) => torch.sigmoid(x),
      'F.sigmoid': (x) => F.sigmoid(x),
      'x.sigmoid()': (x) => x.sigmoid(),
      'nn.Sigmoid()': (x) => new nn.Sigmoid()(x),
    },
  },
  {
    name: 'tanh',
    tol: TRANSCENDENTAL,
    forms: { 'torch.tanh': (x) => torch.tanh(x), 'F.tanh': (x) => F.tanh(x), 'x.tanh()': (x) => x.tanh(), 'nn.Tanh()': (x) => new nn.Tanh()(x) },
  },
  {
    name: 'gelu',
    tol: COMPOSED,
    forms: { 'F.gelu(x)': (x) => F.gelu(x), "F.gelu(x, 'none')": (x) => F.gelu(x, 'none'), 'nn.GELU()': (x) => new nn.GELU()(x) },
  },
  {
    name: 'gelu (tanh)',
    tol: COMPOSED,
    forms: {
      "F.gelu(x, 'tanh')": (x) => F.gelu(x, 'tanh'),
      "F.gelu(x, { approximate: 'tanh' })": (x) => F.gelu(x, { approximate: 'tanh' }),
      "nn.GELU('tanh')": (x) => new nn.GELU('tanh')(x),
    },
  },
  {
    name: 'silu',
    tol: COMPOSED,
    forms: { 'F.silu': (x) => F.silu(x), 'nn.SiLU()': (x) => new nn.SiLU()(x), 'F.silu(inplace)': inplace((c) => F.silu(c, true)) },
  },
  {
    name: 'elu',
    tol: COMPOSED,
    params: fc.tuple(alpha),
    forms: {
      'F.elu(x, alpha)': (x, [a]) => F.elu(x, a),
      'nn.ELU(alpha)': (x, [a]) => new nn.ELU(a)(x),
      'nn.ELU({ alpha })': (x, [a]) => new nn.ELU({ alpha: a })(x),
      'F.elu(inplace)': inplace((c, [a]) => F.elu(c, a, true)),
    },
  },
  {
    name: 'selu',
    tol: COMPOSED,
    forms: { 'torch.selu': (x) => torch.selu(x), 'F.selu': (x) => F.selu(x), 'nn.SELU()': (x) => new nn.SELU()(x) },
  },
  {
    name: 'celu',
    tol: COMPOSED,
    params: fc.tuple(alpha),
    forms: {
      'torch.celu': (x, [a]) => torch.celu(x, a),
      'F.celu': (x, [a]) => F.celu(x, a),
      'nn.CELU(alpha)': (x, [a]) => new nn.CELU(a)(x),
    },
  },
  {
    name: 'softplus',
    tol: COMPOSED,
    params: fc.tuple(alpha, fc.constantFrom(20, 1, 5)),
    forms: {
      'F.softplus(x, beta, threshold)': (x, [b, t]) => F.softplus(x, b, t),
      'nn.Softplus(beta, threshold)': (x, [b, t]) => new nn.Softplus(b, t)(x),
      'nn.Softplus({ beta, threshold })': (x, [b, t]) => new nn.Softplus({ beta: b, threshold: t })(x),
    },
  },
  { name: 'mish', tol: COMPOSED, forms: { 'F.mish': (x) => F.mish(x), 'nn.Mish()': (x) => new nn.Mish()(x) } },
  {
    name: 'hardsigmoid',
    tol: 'bits',
    forms: { 'F.hardsigmoid': (x) => F.hardsigmoid(x), 'nn.Hardsigmoid()': (x) => new nn.Hardsigmoid()(x) },
  },
  {
    name: 'hardswish',
    tol: 'bits',
    forms: { 'F.hardswish': (x) => F.hardswish(x), 'nn.Hardswish()': (x) => new nn.Hardswish()(x) },
  },
  {
    name: 'prelu',
    tol: 'bits',
    params: fc.tuple(param),
    forms: {
      'torch.prelu(x, w)': (x, [w]) => torch.prelu(x, torch.tensor([w])),
      'F.prelu(x, w)': (x, [w]) => F.prelu(x, torch.tensor([w])),
      'x.prelu(w)': (x, [w]) => x.prelu(torch.tensor([w])),
    },
  },
  {
    name: 'prelu (default module, per channel)',
    tol: 'bits',
    forms: {
      'nn.PReLU()': (x) => new nn.PReLU()(x),
      'F.prelu(x, 0.25 per channel)': (x) => F.prelu(x, torch.full([x.dim() >= 2 ? x.shape[1] : 1], 0.25)),
    },
  },
  { name: 'softsign', tol: 'bits', forms: { 'F.softsign': (x) => F.softsign(x), 'nn.Softsign()': (x) => new nn.Softsign()(x) } },
  { name: 'logsigmoid', tol: COMPOSED, forms: { 'F.logsigmoid': (x) => F.logsigmoid(x), 'nn.LogSigmoid()': (x) => new nn.LogSigmoid()(x) } },
  { name: 'tanhshrink', tol: COMPOSED, forms: { 'F.tanhshrink': (x) => F.tanhshrink(x), 'nn.Tanhshrink()': (x) => new nn.Tanhshrink()(x) } },
];

const fmtTol = (t: Tol) => (t === 'bits' ? 'bit-exact' : JSON.stringify(t));

describe.runIf(PARITY)('property: activations, every form, native equals JS', () => {
  for (const a of ACTIVATIONS) {
    it(`${a.name}: ${Object.keys(a.forms).length} forms [${fmtTol(a.tol)}]`, () => {
      fc.assert(
        fc.property(inputArb(), a.params ?? fc.constant<number[]>([]), (x, p) => {
          const results = Object.entries(a.forms).map(([name, form]) => [name, bothBackends(() => form(x.tensor, p))] as const);
          const [firstName, first] = results[0];
          for (const [name, { js, native }] of results) {
            expectTensorsMatch(native, js, a.tol, name);
            expectTensorsMatch(js, first.js, 'bits', `JS: ${name} vs ${firstName}`);
            expectTensorsMatch(native, first.native, 'bits', `native: ${name} vs ${firstName}`);
          }
        }),
        runs(RUNS),
      );
    }, TIMEOUT);
  }
});

// ------------------------------------------------------------------------------------------- autograd
/** One op of a composition; `k` picks dims and auxiliary tensors, interpreted against the current shape. */
interface Step {
  op: string;
  k: number;
}

/** Kinks (where native and JS could take different branches on values that differ by an ULP) only come first. */
const FIRST = ['relu', 'leaky_relu', 'relu6', 'hardtanh', 'threshold', 'abs', 'amax', 'max', 'none'] as const;
const SMOOTH = ['sigmoid', 'tanh', 'gelu', 'silu', 'elu', 'softplus', 'mul', 'add', 'div', 'square', 'softmax', 'log_softmax', 'sum', 'mean', 'matmul'] as const;

const dimOf = (x: Tensor, k: number) => k % Math.max(x.dim(), 1);
/** An auxiliary tensor broadcastable to x (a suffix of its shape with some dims 1), values in [lo, hi). */
function aux(x: Tensor, k: number, lo: number, hi: number): Tensor {
  const rank = k % (x.dim() + 1);
  const shape = x.shape.slice(x.dim() - rank).map((s, i) => ((k >> (i + 3)) & 1 ? 1 : s));
  return torch.tensor(seeded(k, shape.reduce((a, b) => a * b, 1), lo, hi)).reshape(shape);
}

function applyStep(x: Tensor, { op, k }: Step): Tensor {
  switch (op) {
    case 'relu': return x.relu();
    case 'leaky_relu': return F.leaky_relu(x, 0.2);
    case 'relu6': return F.relu6(x.mul(4));
    case 'hardtanh': return F.hardtanh(x, -0.5, 0.5);
    case 'threshold': return F.threshold(x, 0.25, -2);
    case 'abs': return x.abs();
    case 'amax': return x.dim() > 0 && x.shape[dimOf(x, k)] === 0 ? x : x.amax(dimOf(x, k), (k & 1) === 1);
    case 'max': return x.dim() > 0 && x.shape[dimOf(x, k)] > 0 ? (x.max(dimOf(x, k)).values as Tensor) : x;
    case 'none': return x;
    case 'sigmoid': return x.sigmoid();
    case 'tanh': return torch.tanh(x);
    case 'gelu': return F.gelu(x, k & 1 ? 'tanh' : 'none');
    case 'silu': return F.silu(x);
    case 'elu': return F.elu(x);
    case 'softplus': return F.softplus(x);
    case 'mul': return x.mul(aux(x, k, -2, 2));
    case 'add': return x.add(aux(x, k, -2, 2));
    case 'div': return x.div(aux(x, k, 0.5, 2));
    case 'square': return x.mul(x);
    case 'softmax': return x.softmax(dimOf(x, k));
    case 'log_softmax': return x.log_softmax(dimOf(x, k));
    case 'sum': return x.sum(dimOf(x, k), (k & 1) === 1);
    case 'mean': return x.numel() > 0 ? x.mean(dimOf(x, k), (k & 1) === 1) : x;
    case 'matmul': {
      if (x.dim() === 0) return x;
      const n = (k % 4) + 1;
      const K = x.shape[x.dim() - 1];
      return x.matmul(torch.tensor(seeded(k, K * n)).reshape([K, n]));
    }
    default: throw new Error(`unknown step ${op}`);
  }
}

const composition = fc.tuple(
  fc.record({ op: fc.constantFrom(...FIRST), k: fc.nat(1000) }),
  fc.array(fc.record({ op: fc.constantFrom(...SMOOTH), k: fc.nat(1000) }), { minLength: 1, maxLength: 3 }),
);

/** Runs the composition from a fresh leaf: the loss, the sum of its terms' magnitudes, the leaf's gradient. */
function forwardBackward(x: Input, steps: Step[]): { loss: Tensor; magnitude: number; grad: Tensor } {
  const { base, view } = x.build(true);
  let y = view;
  for (const s of steps) y = applyStep(y, s);
  const terms = y.mul(torch.tensor(seeded(7, y.numel())).reshape(y.shape));
  const loss = terms.sum();
  loss.backward();
  expect(base.grad, 'the leaf has a gradient').not.toBeNull();
  return { loss: loss.detach(), magnitude: terms.detach().abs().sum().item() as number, grad: base.grad! };
}

describe.runIf(PARITY)('property: autograd, native equals JS', () => {
  it('gradients of random compositions (views, a kink first, then up to 3 smooth ops) [rtol 1e-4 + atol 1e-5 max(1, max|grad|)]', () => {
    fc.assert(
      fc.property(inputArb({ maxAbs: 3, nonFinite: false }), composition, (x, [first, rest]) => {
        const steps = [first, ...rest];
        const { js, native } = bothBackends(() => forwardBackward(x, steps));
        const scale = Math.max(1, ...Array.from(js.grad.data, Math.abs));
        const tol: Tolerance = { rtol: 1e-4, atol: 1e-5 * scale };
        expectTensorsMatch(native.loss, js.loss, { rtol: 1e-4, atol: 1e-5 * Math.max(1, js.magnitude) }, 'loss');
        expectTensorsMatch(native.grad, js.grad, tol, `grad of ${steps.map((s) => s.op).join(' -> ')}`);
        expect(js.grad.shape).toEqual(x.base);
      }),
      runs(RUNS * 2),
    );
  }, TIMEOUT);
});

describe('autograd property helpers', () => {
  it('aux tensors broadcast to their input', () => {
    const x = torch.zeros([2, 3, 4]);
    for (let k = 0; k < 64; k++) expect(x.add(aux(x, k, -1, 1)).shape).toEqual([2, 3, 4]);
  });
  it('onBackends restores the load-time backend even when the computation throws', () => {
    const before = torch.backend().name;
    const r = onBackends(() => {
      throw new RangeError('boom');
    });
    expect(torch.backend().name).toBe(before);
    expect([...r.values()].every((o) => !o.ok)).toBe(true);
  });
});
