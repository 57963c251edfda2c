// The in-place activations (F.elu_, torch.clamp_, x.sign_(), ...) and the math around activations (logit, erfc,
// erfinv, copysign, signbit, hardshrink, torch.special), forward and input gradients against PyTorch 1.13 on each
// backend; then the errors, the refusal of autograd through in-place ops, gumbel_softmax's properties and the
// dropout variants. Fixtures: scripts/gen_activation_extras_fixtures.py.
import { describe, it, expect, beforeAll, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, expectSameBits, type Tolerance } from './helpers';
import { type BitsEncoded as Encoded, decodeBits as decode, bitsTensor as toTensor } from './fixture_codec';

const F = torch.nn.functional;
const { nn } = torch;

interface Case {
  id: string;
  call: (string | number)[];
  inputs: Encoded[];
  y: Encoded;
  exact?: Encoded;
  grads?: Encoded[];
  backward_error?: string;
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/activation_extras.json'), 'utf8')) as { cases: Case[] };

/** The values an encoded tensor holds (float bit patterns decoded exactly). */

type Fn = (...args: unknown[]) => torch.Tensor;
/** 'torch.x', 'torch.special.x', 'F.x' or 'method.x' (called on the first input). */
function resolve(call: string): Fn {
  const parts = call.split('.');
  const name = parts[parts.length - 1];
  if (parts[0] === 'method') return (x, ...rest) => (x as unknown as Record<string, Fn>)[name].call(x, ...rest);
  const owner = parts[0] === 'F' ? F : parts[1] === 'special' ? torch.special : torch;
  const fn = (owner as unknown as Record<string, Fn>)[name];
  if (typeof fn !== 'function') throw new Error(`${call} is not a function`);
  return fn;
}

const ARGS: Record<string, () => torch.Tensor> = {
  w: () => torch.tensor([0.5, 1.0, 2.0]),
  pw: () => torch.tensor([3.0, 1.0, 0.25]),
  values: () => torch.tensor([-0.5, 0.5, 2.0]),
};

// Tolerances against PyTorch (ULPs of float32 unless stated). torchlet maps erfc, erfinv, logit and atanh through
// double precision rounded once; PyTorch computes in float32 step by step, so results differ by the rounding of
// its steps: logit's log(x / (1 - x)) near x = 0.5 (a result near 0) inherits x / (1 - x)'s float32 rounding as an
// absolute 2^-23 or so. PyTorch's elu family computes exp(x) - 1 (0 for |x| < 2^-25) where torchlet uses expm1:
// the same tolerance as test/nn_activations.test.ts. Backward passes composed of several float32 ops: a few ULPs.
function tolerance(id: string, dtype: string): Tolerance {
  const op = id.split('/')[0];
  if (dtype === 'float64') return op.startsWith('logit') ? { ulp: 0, rtol: 4e-16, atol: 4e-16 } : op.includes('erfc') ? { rtol: 1e-14 } : { ulp: 0 };
  if (op.startsWith('bce')) return { ulp: 4, atol: 1e-7, rtol: 1e-5 }; // composed of softplus, mul and add, as in loss.test.ts
  if (op.includes('logit')) return { ulp: 1, atol: 2.4e-7 };
  if (op.includes('elu_')) return { ulp: 4, atol: 1e-6, rtol: 1e-5 };
  // the transcendental kernels' own tolerance in nn_activations.test.ts
  if (/expit|exp_|sigmoid|tanh_|silu|mish/.test(op)) return { ulp: 4, atol: 1e-6, rtol: 1e-5 };
  if (op.includes('erfc')) return { ulp: 4 };
  if (op.includes('tanh')) return { ulp: 1 };
  return { ulp: 0 };
}

/**
 * erfinv against PyTorch: PyTorch's own error grows toward |x| = 1 (measured against mpmath: 57 float32 ULPs at
 * x = -0.999999, 127 at 1 - 2^-24, relative 1.2e-11 in float64), where torchlet is accurate (checked against the
 * exact values separately); its gradient sqrt(pi)/2 e^(y^2) turns an error dy into a relative 2 y dy (4.6 dy at
 * x = 0.999). So: 2 ULPs (gradient: relative 5e-6; float64: relative 1e-14, gradient 5e-13) for |x| <= 0.999, and beyond, relative 1e-5 (gradient 5e-4; float64 3e-11
 * and 1e-9).
 */
function expectErfinvClose(x: number[], actual: number[], expected: number[], dtype: string, what: string): void {
  const central = (v: number) => Math.abs(v) <= 0.999;
  const pick = (values: number[], keep: boolean) => values.filter((_, i) => central(x[i]) === keep);
  const f64 = dtype === 'float64';
  const grad = what.includes('grad');
  const near: Tolerance = grad ? { rtol: f64 ? 5e-13 : 5e-6 } : f64 ? { rtol: 1e-14 } : { ulp: 2 };
  const far: Tolerance = { rtol: f64 ? (grad ? 1e-9 : 3e-11) : grad ? 5e-4 : 1e-5 };
  expectClose(pick(actual, true), pick(expected, true), near, `${what} |x| <= 0.999`);
  expectClose(pick(actual, false), pick(expected, false), far, `${what} |x| > 0.999`);
}

describe.each(BACKENDS)('activation extras vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const [call, ...rest] = c.call as [string, ...(string | number)[]];
    const args = rest.map((a) => (typeof a === 'string' && a in ARGS ? ARGS[a]() : a));
    const fn = resolve(call);
    const tol = tolerance(id, c.y.dtype);
    const xs = c.inputs.map(toTensor);
    const inputValues = decode(c.inputs[0]);
    const check = (actual: number[], expected: number[], what: string) =>
      id.includes('erfinv') ? expectErfinvClose(inputValues, actual, expected, c.y.dtype, what) : expectClose(actual, expected, tol, what);
    if (id.endsWith('/midgraph')) {
      // the in-place op on x * 1 (a MulBackward0 output): the same object, its history rewritten through the op
      xs.forEach((x) => x.requires_grad_());
      const h = xs[0].mul(1);
      expect(fn(h, ...xs.slice(1), ...args)).toBe(h);
      check(Array.from(h.data), decode(c.y), `${id} value`);
      const loss = h.mul(torch.linspace(-1, 1, h.numel()).reshape(h.shape)).sum();
      if (c.backward_error) {
        expect(() => loss.backward()).toThrow(c.backward_error);
        return;
      }
      loss.backward();
      c.grads!.forEach((g, i) => check(Array.from(xs[i].grad!.data), decode(g), `${id} grad ${i}`));
      return;
    }
    if (id.includes('/inplace') || call.endsWith('_')) {
      const result = fn(...xs, ...args);
      expect(result).toBe(xs[0]); // the same tensor object, written in place
      expect(xs[0].dtype).toBe(c.y.dtype);
      check(Array.from(xs[0].data), decode(c.y), `${id} value`);
      return;
    }
    if (c.grads) xs.forEach((x) => x.requires_grad_());
    const y = fn(...xs, ...args);
    expect(y.dtype).toBe(c.y.dtype);
    expect(y.shape).toEqual(c.y.shape);
    if (c.y.dtype === 'bool') {
      expect(Array.from(y.data)).toEqual(decode(c.y));
      return;
    }
    // the true values (mpmath), rounded to the dtype: within 1 ULP in float32, relative 4e-15 in float64
    if (c.exact) expectClose(Array.from(y.data), decode(c.exact), c.y.dtype === 'float64' ? { rtol: 4e-15 } : { ulp: 1 }, `${id} vs exact`);
    check(Array.from(y.data), decode(c.y), `${id} forward`);
    if (!c.grads) return;
    y.mul(torch.linspace(-1, 1, y.numel()).to(y.dtype).reshape(y.shape)).sum().backward();
    c.grads.forEach((g, i) => check(Array.from(xs[i].grad!.data), decode(g), `${id} grad ${i}`));
  });
});

describe('erfinv and erfc edges', () => {
  it('erfinv keeps -0, gives +-inf at +-1 and NaN beyond, in float32 and float64 (bit-exact)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = torch.tensor([-0, 0, 1, -1, 1.0000001, -2, NaN, Infinity], { dtype });
      expectSameBits(Array.from(torch.erfinv(x).data), [-0, 0, Infinity, -Infinity, NaN, NaN, NaN, NaN], `erfinv ${dtype}`);
    }
  });

  it('erfinv inverts erf to double precision across (-1, 1)', () => {
    const x = torch.linspace(-0.999999, 0.999999, 2001, { dtype: 'float64' });
    const back = torch.erf(torch.erfinv(x));
    expectClose(Array.from(back.data), Array.from(x.data), { rtol: 1e-15, atol: 1e-16 }, 'erf(erfinv(x))');
  });

  it('erfc keeps relative accuracy deep in the tail where 1 - erf is 0', () => {
    // erfc(10) = 2.088487583762545e-45, erfc(26) = 5.663192408856143e-296 (mpmath)
    expectClose(Array.from(torch.erfc(torch.tensor([10, 26], { dtype: 'float64' })).data), [2.088487583762545e-45, 5.663192408856143e-296], { rtol: 1e-14 }, 'erfc tail');
    expect(torch.erfc(torch.tensor([30, -30])).tolist()).toEqual([0, 2]);
  });

  it('integer inputs compute in float32, as PyTorch', () => {
    const i = torch.tensor([0, 1], { dtype: 'int64' });
    expect(torch.erfinv(i).tolist()).toEqual([0, Infinity]);
    expect(torch.erfc(i).dtype).toBe('float32');
    expect(torch.logit(i).tolist()).toEqual([-Infinity, Infinity]);
    expect(torch.copysign(torch.tensor([1, 2], { dtype: 'int64' }), -1).tolist()).toEqual([-1, -2]);
    expect(torch.signbit(torch.tensor([1, -2, 0], { dtype: 'int64' })).tolist()).toEqual([false, true, false]);
  });
});

describe('copysign, signbit, logit, special: types and errors', () => {
  it('copysign promotes as PyTorch: a 0-d float64 other keeps float32, a dimmed one gives float64', () => {
    expect(torch.copysign(torch.ones(2), torch.tensor(-1, { dtype: 'float64' })).dtype).toBe('float32');
    expect(torch.copysign(torch.ones(2), torch.tensor([-1, 1], { dtype: 'float64' })).dtype).toBe('float64');
    expect(torch.copysign(torch.ones(2, 1), torch.tensor([-1, 1, 0])).shape).toEqual([2, 3]);
  });

  it('copysign of a scalar other records CopysignBackward1, of a tensor CopysignBackward0', () => {
    const a = torch.tensor([1, -2], { requires_grad: true });
    expect(torch.copysign(a, -1).grad_fn!.name).toBe('CopysignBackward1');
    expect(torch.copysign(a, torch.tensor([1, 1])).grad_fn!.name).toBe('CopysignBackward0');
    expect(torch.signbit(a).requires_grad).toBe(false);
  });

  it('logit takes eps positionally or as { eps }; null means no clamping', () => {
    const x = torch.tensor([0.05, 0.5, 0.99]);
    expect(torch.logit(x, { eps: 0.1 }).tolist()).toEqual(torch.logit(x, 0.1).tolist());
    expect(torch.logit(x, null).tolist()).toEqual(torch.logit(x).tolist());
    expect(() => torch.logit(x, 0.1, 2 as never)).toThrow(TypeError);
    expect(() => torch.logit(x, { epsilon: 0.1 } as never)).toThrow("logit() got an unexpected keyword argument 'epsilon'");
    expect(() => x.logit(0.1, 2 as never)).toThrow(new TypeError('logit() takes 1 positional argument but 2 were given'));
    expect(() => x.hardshrink({ lamda: 1 } as never)).toThrow("hardshrink() got an unexpected keyword argument 'lamda'");
  });

  it('torch.special holds PyTorch names; torch.arctanh is atanh; hardshrink is the same at every level', () => {
    const x = torch.tensor([-0.7, 0.25, 0.5]);
    expect(torch.special.expit(x).tolist()).toEqual(torch.sigmoid(x).tolist());
    expect(torch.special.erf(x).tolist()).toEqual(torch.erf(x).tolist());
    expect(torch.special.softmax(x, 0).tolist()).toEqual(torch.softmax(x, 0).tolist());
    expect(torch.arctanh(x).tolist()).toEqual(torch.atanh(x).tolist());
    expect(torch.hardshrink(x, 0.3).tolist()).toEqual([-0.699999988079071, 0, 0.5]);
    expect(x.hardshrink({ lambd: 0.3 }).tolist()).toEqual(F.hardshrink(x, 0.3).tolist());
  });

  it('torch.binary_cross_entropy_with_logits takes reduction as an int, as ATen', () => {
    const x = torch.tensor([0.5, -1]);
    const t = torch.tensor([1, 0]);
    expect(torch.binary_cross_entropy_with_logits(x, t, null, null, 0).shape).toEqual([2]);
    expect(torch.binary_cross_entropy_with_logits(x, t, { reduction: 2 }).item()).toBeCloseTo(0.787339, 5); // PyTorch: 0.7873387
    expect(() => torch.binary_cross_entropy_with_logits(x, t, { reduction: 'mean' as never })).toThrow(
      new TypeError("binary_cross_entropy_with_logits(): argument 'reduction' must be int, not str"),
    );
  });
});

describe('in-place activations: PyTorch semantics', () => {
  const INPLACE: [string, (x: torch.Tensor) => torch.Tensor][] = [
    ['relu_', (x) => F.relu_(x)],
    ['leaky_relu_', (x) => F.leaky_relu_(x, 0.2)],
    ['elu_', (x) => F.elu_(x)],
    ['celu_', (x) => torch.celu_(x)],
    ['selu_', (x) => torch.selu_(x)],
    ['hardtanh_', (x) => F.hardtanh_(x)],
    ['threshold_', (x) => torch.threshold_(x, 0, 1)],
    ['rrelu_', (x) => torch.rrelu_(x)],
    ['clamp_', (x) => torch.clamp_(x, 0)],
    ['clamp_min_', (x) => x.clamp_min_(0)],
    ['clamp_max_', (x) => torch.clamp_max_(x, 0)],
    ['sign_', (x) => x.sign_()],
    ['heaviside_', (x) => x.heaviside_(torch.tensor(0.5))],
    ['logit_', (x) => torch.logit_(x)],
    ['erfc_', (x) => torch.erfc_(x)],
    ['erfinv_', (x) => x.erfinv_()],
    ['arctanh_', (x) => torch.arctanh_(x)],
    ['atanh_', (x) => x.atanh_()],
    ['copysign_', (x) => x.copysign_(-1)],
  ];

  it.each(INPLACE)('%s refuses a leaf that requires grad, with PyTorch\'s message', (name, op) => {
    const w = torch.tensor([0.5, -0.25], { requires_grad: true });
    expect(() => op(w)).toThrow(`a leaf Variable that requires grad is being used in an in-place operation.`);
    expect(() => op(w)).toThrow(new RegExp(`^${name}`));
    expect(w.tolist()).toEqual([0.5, -0.25]); // untouched
    torch.no_grad(() => op(w)); // allowed under no_grad, as a parameter update
    expect(w.requires_grad).toBe(true);
  });

  it.each(INPLACE.filter(([name]) => name !== 'heaviside_'))('%s inside a graph returns the tensor, its grad_fn the op\'s', (_, op) => {
    const y = torch.tensor([0.5, -0.25], { requires_grad: true }).mul(0.5);
    const before = y.grad_fn;
    expect(op(y)).toBe(y);
    expect(y.grad_fn).not.toBe(before);
    expect(y.requires_grad).toBe(true);
  });

  it('heaviside_ inside a graph fails as heaviside has no derivative', () => {
    const y = torch.tensor([0.5, -0.25], { requires_grad: true }).mul(1);
    expect(() => y.heaviside_(torch.tensor(0.5))).toThrow("heaviside(): the derivative for 'heaviside' is not implemented.");
  });

  it('chained in-place ops and a second use of the result give the gradients of the out-of-place chain', () => {
    const run = (inplace: boolean) => {
      const x = torch.tensor([-1.5, -0.2, 0.3, 2.5], { requires_grad: true });
      const w = torch.tensor([1, 2, 3, 4], { requires_grad: true });
      let h = x.mul(w).add(0.5);
      h = inplace ? F.leaky_relu_(torch.clamp_(F.elu_(h), -1, 4), 0.1) : F.leaky_relu(torch.clamp(F.elu(h), -1, 4), 0.1);
      h.mul(h).sum().backward(); // h used twice after the in-place ops
      return [x.grad!.tolist(), w.grad!.tolist(), h.tolist()];
    };
    expect(run(true)).toEqual(run(false));
  });

  it('refuses what it cannot rewrite safely (PyTorch would accept some of these or fail later in backward)', () => {
    const x = () => torch.tensor([0.5, -0.25], { requires_grad: true });
    const used = x().mul(2);
    used.sum();
    expect(() => F.relu_(used)).toThrow(/^relu_\(\): in-place operations on a tensor that another recorded operation already used \(it or a view of it\) are not supported/);
    const aliased = x().mul(2);
    aliased.detach().mul(torch.ones(2, { requires_grad: true })); // mul's backward reads the alias's values
    expect(() => F.relu_(aliased)).toThrow(/already used/);
    const view = x().mul(2).view(2, 1);
    expect(() => F.elu_(view)).toThrow(/^elu_\(\): in-place operations on a view inside an autograd graph are not supported/);
    const e = x().exp();
    expect(() => torch.sigmoid_(e)).toThrow(/^sigmoid_\(\): in-place operations on the output of ExpBackward0 inside an autograd graph are not supported \(its backward needs that value\)/);
    const hooked = x().mul(2);
    hooked.retain_grad();
    expect(() => hooked.clamp_min_(0)).toThrow(/retain_grad/);
    expect(used.tolist()).toEqual([1, -0.5]); // refused before anything was written
  });

  it('nn.ReLU(inplace=True) after Linear and BatchNorm trains as the out-of-place model', () => {
    const grads = (inplace: boolean) => {
      torch.manual_seed(0);
      const model = new nn.Sequential(new nn.Linear(4, 6), new nn.BatchNorm1d(6), new nn.ReLU(inplace), new nn.Linear(6, 2), new nn.ELU(1, inplace));
      model(torch.randn(5, 4)).pow(2).sum().backward();
      return [...model.parameters()].map((p) => p.grad!.tolist());
    };
    expect(grads(true)).toEqual(grads(false));
  });

  it('an in-place activation on a tensor that does not require grad feeds a graph built after it', () => {
    const w = torch.tensor([2, 3], { requires_grad: true });
    const h = torch.tensor([-1, 0.5]);
    F.elu_(h);
    h.mul(w).sum().backward();
    expectClose(Array.from(w.grad!.data), [Math.expm1(-1), 0.5], { ulp: 1 }, 'grad through the in-place result');
  });

  it('writes through views into their base', () => {
    const base = torch.tensor([[-1, 2], [-3, 4]]);
    F.leaky_relu_(base.t().select(0, 0), 0.5); // column 0: -1, -3
    expect(base.tolist()).toEqual([[-0.5, 2], [-1.5, 4]]);
  });

  it("float-only kernels refuse integer tensors with PyTorch's messages; relu_, hardtanh_, threshold_ and sign_ take them", () => {
    const i = () => torch.tensor([-1, 2], { dtype: 'int64' });
    expect(() => F.elu_(i())).toThrow(new TypeError(`"elu_cpu" not implemented for 'Long'`));
    expect(() => torch.celu_(i())).toThrow(`"elu_cpu" not implemented for 'Long'`);
    expect(() => torch.selu_(i())).toThrow(`"elu_cpu" not implemented for 'Long'`);
    expect(() => F.leaky_relu_(i())).toThrow(`"leaky_relu_cpu" not implemented for 'Long'`);
    expect(() => torch.rrelu_(i())).toThrow(`"leaky_relu_cpu" not implemented for 'Long'`);
    expect(() => torch.clamp_min_(i(), 0.5)).toThrow(new TypeError("clamp_min_(): result type Float can't be cast to the desired output type Long"));
    expect(() => i().logit_()).toThrow("logit_(): result type Float can't be cast to the desired output type Long");
    expect(() => i().erfinv_()).toThrow("erfinv_(): result type Float can't be cast to the desired output type Long");
    expect(() => i().copysign_(torch.tensor([1, -1]))).toThrow("copysign_(): result type Float can't be cast to the desired output type Long");
    expect(F.relu_(i()).tolist()).toEqual([0, 2]);
    expect(F.hardtanh_(i()).tolist()).toEqual([-1, 1]);
    expect(i().sign_().dtype).toBe('int64');
  });

  it('arguments: PyTorch keyword names, too many, and the broadcast check', () => {
    expect(F.leaky_relu_(torch.tensor([-1]), { negative_slope: 0.5 }).tolist()).toEqual([-0.5]);
    expect(F.hardtanh_(torch.tensor([-3, 3]), { min_val: -2, max_val: 2 }).tolist()).toEqual([-2, 2]);
    expect(F.threshold_(torch.tensor([0, 3]), { threshold: 1, value: 9 }).tolist()).toEqual([9, 3]);
    expect(F.rrelu_(torch.tensor([-1]), { lower: 0.5, upper: 0.5 }).tolist()).toEqual([-0.5]);
    expect(() => F.relu_(torch.tensor([1]), { inplace: true } as never)).toThrow(TypeError);
    expect(() => F.elu_(torch.tensor([1]), 1, true as never)).toThrow(new TypeError('elu_() takes 2 positional arguments but 3 were given'));
    expect(() => F.leaky_relu_(torch.tensor([1]), { inplace: true } as never)).toThrow("leaky_relu_() got an unexpected keyword argument 'inplace'");
    expect(() => torch.celu_(torch.tensor([1]), 0)).toThrow('ZeroDivisionError: alpha cannot be 0 for CELU');
    expect(() => torch.rrelu_(torch.tensor([1]), 0.5, 0.1)).toThrow(/Lower bound should be less than or equal to the upper bound/);
    expect(() => torch.clamp_(torch.tensor([1]))).toThrow("At least one of 'min' or 'max' must not be None");
    expect(() => torch.ones(2).copysign_(torch.ones(2, 2))).toThrow("copysign_(): output with shape [2] doesn't match the broadcast shape [2, 2]");
  });

  it('torch.rrelu defaults to eval (mean slope) and draws slopes in [lower, upper] when training', () => {
    const x = torch.full([500], -1);
    expect(torch.rrelu(x).tolist()).toEqual(Array(500).fill(Math.fround(-(1 / 8 + 1 / 3) / 2)));
    torch.manual_seed(3);
    const slopes = (torch.rrelu(x, 0.1, 0.2, true).neg().tolist() as number[]);
    expect(Math.min(...slopes)).toBeGreaterThanOrEqual(Math.fround(0.1));
    expect(Math.max(...slopes)).toBeLessThanOrEqual(Math.fround(0.2));
    expect(new Set(slopes).size).toBeGreaterThan(400);
    expect(() => torch.rrelu(x, { inplace: true } as never)).toThrow("rrelu() got an unexpected keyword argument 'inplace'");
  });
});

describe('F.gumbel_softmax', () => {
  const logits = () => torch.tensor([[1, 2, 3, 0.5], [0, 0, 0, 0], [-2, 5, 1, 1]], { requires_grad: true });

  it('soft samples are distributions along dim, reproducible from torch.manual_seed', () => {
    torch.manual_seed(7);
    const a = F.gumbel_softmax(logits(), 0.5);
    torch.manual_seed(7);
    const b = F.gumbel_softmax(logits(), { tau: 0.5 });
    expect(a.tolist()).toEqual(b.tolist());
    expectClose(Array.from(a.sum(-1).data), [1, 1, 1], { ulp: 2 }, 'rows sum to 1');
    expect(a.min().item()).toBeGreaterThan(0);
    torch.manual_seed(8);
    expect(F.gumbel_softmax(logits(), 0.5).tolist()).not.toEqual(a.tolist());
    const cols = F.gumbel_softmax(logits(), { dim: 0 });
    expectClose(Array.from(cols.sum(0).data), [1, 1, 1, 1], { ulp: 2 }, 'columns sum to 1');
  });

  it('hard samples are one-hot at the soft sample\'s argmax, with the soft sample\'s gradient (straight-through)', () => {
    const x = logits();
    torch.manual_seed(11);
    const soft = F.gumbel_softmax(x, 1);
    torch.manual_seed(11);
    const hard = F.gumbel_softmax(x, 1, true);
    const rows = hard.tolist() as number[][];
    for (const [r, row] of rows.entries()) {
      expect(row.filter((v) => v === 1).length).toBe(1);
      expect(row.filter((v) => v === 0).length).toBe(3);
      expect(row.indexOf(1)).toBe(soft.argmax(1).tolist()[r]);
    }
    const w = torch.tensor([[1, -2, 3, 0.5], [2, 0, -1, 1], [0.25, 1, 1, -3]]);
    hard.mul(w).sum().backward();
    const hardGrad = x.grad!.tolist();
    x.grad = null;
    soft.mul(w).sum().backward();
    expect(hardGrad).toEqual(x.grad!.tolist());
    expect(x.grad!.abs().sum().item()).toBeGreaterThan(0);
  });

  it('sampling follows the softmax of the logits (Gumbel-max)', () => {
    torch.manual_seed(5);
    const probs = torch.softmax(torch.tensor([0, 1, 2]), 0).tolist() as number[];
    const counts = F.gumbel_softmax(torch.tensor([0, 1, 2]).expand(20000, 3), { hard: true }).sum(0).div(20000).tolist() as number[];
    counts.forEach((c, i) => expect(Math.abs(c - probs[i])).toBeLessThan(0.015)); // ~4.5 standard deviations
  });

  it('warns that eps is deprecated; refuses integer logits as PyTorch', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    F.gumbel_softmax(torch.zeros(3), { eps: 1e-5 });
    expect(warn).toHaveBeenCalledWith('`eps` parameter is deprecated and has no effect.', 'UserWarning');
    warn.mockRestore();
    expect(() => F.gumbel_softmax(torch.tensor([1, 2], { dtype: 'int64' }))).toThrow(new TypeError(`"exponential_cpu" not implemented for 'Long'`));
    expect(() => F.gumbel_softmax(torch.zeros(3), { temperature: 1 } as never)).toThrow("gumbel_softmax() got an unexpected keyword argument 'temperature'");
  });
});

describe('dropout variants', () => {
  const ALPHA = 1.7580993408473766;
  const affine = (p: number) => {
    const a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
    return { a, dropped: Math.fround(Math.fround(-ALPHA * a) + Math.fround(ALPHA * a * p)) };
  };

  it('reprs as PyTorch, and eval mode is the identity', () => {
    expect(String(new nn.Dropout1d())).toBe('Dropout1d(p=0.5, inplace=False)');
    expect(String(new nn.Dropout3d(0.2, true))).toBe('Dropout3d(p=0.2, inplace=True)');
    expect(String(new nn.AlphaDropout({ p: 0.1 }))).toBe('AlphaDropout(p=0.1, inplace=False)');
    expect(String(new nn.FeatureAlphaDropout(0.3))).toBe('FeatureAlphaDropout(p=0.3, inplace=False)');
    expect(() => new nn.Dropout1d(-0.1)).toThrow(new RangeError('dropout probability has to be between 0 and 1, but got -0.1'));
    expect(() => new nn.AlphaDropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    const modules: [torch.nn.Module, torch.Tensor][] = [
      [new nn.Dropout1d(), torch.randn(3, 4)],
      [new nn.Dropout3d(), torch.randn(2, 3, 4, 4, 4)],
      [new nn.AlphaDropout(), torch.randn(5)],
      [new nn.FeatureAlphaDropout(), torch.randn(2, 3, 4)],
    ];
    for (const [m, x] of modules) {
      expect(m.eval()(x)).toBe(x);
      expect(m.train()(x)).not.toBe(x);
    }
  });

  it('Dropout1d and Dropout3d zero whole channels and scale the rest by 1/(1-p); an unbatched input drops per channel', () => {
    torch.manual_seed(0);
    for (const [fn, shape] of [[F.dropout1d, [6, 8, 5]], [F.dropout1d, [8, 5]], [F.dropout3d, [3, 8, 2, 2, 2]], [F.dropout3d, [8, 2, 2, 2]]] as const) {
      const y = fn(torch.ones(shape as number[]), 0.25) as torch.Tensor;
      const channels = y.reshape(-1, shape[shape.length - 1] * (fn === F.dropout3d ? 4 : 1)).tolist() as number[][];
      for (const c of channels) expect(new Set(c).size).toBe(1); // the whole channel shares one draw
      const values = new Set(channels.map((c) => c[0]));
      expect([...values].every((v) => v === 0 || v === Math.fround(1 / 0.75))).toBe(true);
      expect(values.size).toBe(2);
    }
  });

  it("Dropout1d refuses other ranks; Dropout3d warns for them as PyTorch 1.13 (and feature dropout needs 2 dims)", () => {
    expect(() => F.dropout1d(torch.ones(3))).toThrow(
      new RangeError(
        'dropout1d: Expected 2D or 3D input, but received a 1D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).',
      ),
    );
    expect(() => new nn.Dropout1d()(torch.ones(1, 1, 1, 3))).toThrow(/received a 4D input/);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(F.dropout3d(torch.ones(2, 3, 3), 0.5, false).shape).toEqual([2, 3, 3]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^dropout3d: Received a 3-D input to dropout3d, which is deprecated/), 'UserWarning');
    warn.mockRestore();
    expect(() => F.feature_alpha_dropout(torch.ones(3), 0.5, true)).toThrow(new RangeError('Feature dropout requires at least 2 dimensions in the input'));
  });

  it("AlphaDropout: dropped elements take SELU's saturation through a x + b, kept ones a x + b, gradient a or 0", () => {
    torch.manual_seed(1);
    const p = 0.3;
    const { a, dropped } = affine(p);
    const x = torch.randn(50, 40, { requires_grad: true });
    const y = F.alpha_dropout(x, p, true);
    y.sum().backward();
    const xs = x.detach().flatten().tolist() as number[];
    const ys = y.detach().flatten().tolist() as number[];
    const gs = x.grad!.flatten().tolist() as number[];
    let nDropped = 0;
    ys.forEach((v, i) => {
      if (gs[i] === 0) {
        nDropped++;
        expect(v).toBe(dropped);
      } else {
        expect(gs[i]).toBe(Math.fround(a));
        expect(Math.abs(v - (xs[i] * a + ALPHA * a * p))).toBeLessThan(1e-6);
      }
    });
    expect(Math.abs(nDropped / 2000 - p)).toBeLessThan(0.05);
    // zero mean, unit variance in, about the same out
    expect(Math.abs(y.mean().item() as number)).toBeLessThan(0.1);
    expect(Math.abs((y.std().item() as number) - 1)).toBeLessThan(0.1);
  });

  it('FeatureAlphaDropout drops whole channels (dims 0-1); training defaults to false for the functional forms', () => {
    torch.manual_seed(2);
    const y = F.feature_alpha_dropout(torch.ones(4, 6, 3), 0.5, true);
    for (const c of y.reshape(24, 3).tolist() as number[][]) expect(new Set(c).size).toBe(1);
    const x = torch.ones(4, 6, 3);
    expect(F.alpha_dropout(x)).toBe(x);
    expect(F.feature_alpha_dropout(x, 0.9)).toBe(x);
  });

  it('p = 0 is the identity, p = 1 multiplies by 0 (NaN stays NaN, integers stay integers), as PyTorch', () => {
    const x = torch.tensor([[1, NaN, -2]]);
    expect(F.alpha_dropout(x, 0, true)).toBe(x);
    expect(F.dropout1d(x, 0, true)).toBe(x);
    expectSameBits(Array.from(F.alpha_dropout(x, 1, true).data), [0, NaN, -0], 'alpha_dropout p=1');
    expect(F.dropout1d(torch.tensor([[1, 2]], { dtype: 'int64' }), 1).tolist()).toEqual([[0, 0]]);
    expect(() => F.dropout1d(torch.tensor([[1, 2]], { dtype: 'int64' }), 0.5)).toThrow("dropout1d(): result type Float can't be cast to the desired output type Long");
  });

  it('inplace inside a graph (x * 1) rewrites its history: the gradient is the scale of the kept elements, 0 for the dropped', () => {
    torch.manual_seed(9);
    const { a } = affine(0.5);
    for (const [drop, scale] of [[(h: torch.Tensor) => F.dropout(h, 0.5, true, true), 2], [(h: torch.Tensor) => F.dropout1d(h, 0.5, true, true), 2], [(h: torch.Tensor) => F.alpha_dropout(h, 0.5, true, true), Math.fround(a)]] as const) {
      const x = torch.randn(30, 4, { requires_grad: true }); // 30 channels: all kept or all dropped has odds 2^-29
      const h = x.mul(1);
      expect(drop(h)).toBe(h);
      h.sum().backward();
      const grads = x.grad!.flatten().tolist() as number[];
      expect(new Set(grads)).toEqual(new Set([0, scale]));
    }
  });

  it('inplace writes into the input (batched and unbatched) and refuses a leaf that requires grad', () => {
    torch.manual_seed(4);
    const x = torch.ones(8, 5);
    const storage = x._storage;
    expect(F.dropout1d(x, 0.5, true, true)).toBe(x);
    expect(x._storage).toBe(storage);
    expect(new Set(x.flatten().tolist() as number[])).toEqual(new Set([0, 2]));
    const x3 = torch.ones(2, 4, 1, 1, 3);
    expect(new nn.Dropout3d(0.5, true)(x3)).toBe(x3);
    expect(F.alpha_dropout(x3, { p: 0.5, training: true, inplace: true })).toBe(x3);
    const w = torch.ones(2, 3, { requires_grad: true });
    expect(() => F.alpha_dropout(w, 0.5, true, true)).toThrow(/alpha_dropout_\(\): a leaf Variable that requires grad/);
    expect(F.alpha_dropout(w, 0.5, false, true)).toBe(w); // not training: nothing written
  });
});
