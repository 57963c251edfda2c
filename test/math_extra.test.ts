// The elementwise math of lib/ops/math_extra.ts (atan2, hypot, fmod, remainder, logaddexp, xlogy, lerp, the gamma
// family, the bitwise ops, PyTorch's alias names) and the in-place forms (x.sin_(), torch.sin_, x.eq_(), x.t_(), ...):
// forward values and input gradients against PyTorch 1.13 on each backend (fixtures:
// scripts/gen_math_extra_fixtures.py -> test/fixtures/math_extra.json), then the in-place contract (value written,
// self returned, leaf refused, graph history), views changed in place, and argument errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, expectSameBits, type Tolerance, expectError } from './helpers';
import { type BitsEncoded as Encoded, isBitsEncoded as isEncoded, decodeBits as decode, bitsTensor as toTensor } from './fixture_codec';

type Arg = Encoded | number | Record<string, unknown>;
interface Case {
  id: string;
  call: string;
  args: Arg[];
  midgraph: boolean;
  y?: Encoded | Encoded[];
  grads?: (Encoded | null)[];
  backward_error?: string;
  error?: string;
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/math_extra.json'), 'utf8')) as { cases: Case[] };

const values = (t: torch.Tensor) => Array.from(t.contiguous().data as ArrayLike<number>);

type Fn = (...args: unknown[]) => unknown;
function resolve(call: string): Fn {
  const [owner, name] = call.split('.');
  if (owner === 'method') return (x, ...rest) => (x as unknown as Record<string, Fn>)[name].call(x, ...rest);
  const fn = (torch as unknown as Record<string, Fn>)[name];
  if (typeof fn !== 'function') throw new Error(`${call} is not a function`);
  return fn;
}

// Tolerances against PyTorch, float32 ULPs unless stated. torchlet computes each kernel in double and rounds once
// (rounding PyTorch's float32 steps one by one where its formula has several: xlogy, remainder, lerp, sinc), so the
// exact ops (fmod, remainder, fmax/fmin, nextafter, frexp, ldexp, frac, the integer and bitwise ops, comparisons,
// deg2rad's product) match bit for bit. Transcendental ones differ from PyTorch's float32 kernels (Sleef or libm, up
// to 1 ULP each, several steps) by the ULPs given. The gamma family: PyTorch's float32 lgamma/digamma/polygamma are
// float32 series (Cephes) whose own error near their zeros (lgamma at 1 and 2, digamma at 1.4616) is an absolute
// 1e-7 or so, and whose zeta sums in float32 lose a few ULPs more; igamma's float32 series/continued fractions lose
// up to ~1e-6 relative; i0's Chebyshev series a few ULPs. float64: the same functions to a relative 1e-13 (the
// gamma family 1e-12; trigamma follows PyTorch's own short formula, ~1e-10 off the true value, step for step),
// others exact or 1 ULP of float64 (2e-16 relative). igamma/igammac in float64: PyTorch's are off by up to 6e-10
// relative for large a (P(30, 30): 0.52428301355 where mpmath gives 0.52428301389); torchlet's series and continued
// fraction agree with mpmath (checked below), so the tolerance is 2e-9 relative. Gradients are composed of
// several float ops on both sides: a few ULPs (float64: 1e-14 relative).
function tolerance(id: string, dtype: string, grad = false): Tolerance {
  const op = id.split('/')[0].replace(/_$/, '');
  const f64 = dtype === 'float64';
  if (/igamma/.test(op)) return f64 ? { rtol: 2e-9, atol: 1e-300 } : { ulp: 64, atol: 2e-7, rtol: 2e-6 };
  if (/lgamma|digamma|polygamma|mvlgamma/.test(op)) return f64 ? { rtol: 1e-12, atol: 1e-14 } : { ulp: 8, atol: 2e-7, rtol: 2e-6 };
  if (/^i0/.test(op)) return f64 ? { rtol: 1e-13 } : { ulp: 4, rtol: 1e-6 };
  // addcdiv's tensor2 gradient is summed over a broadcast dim whose terms (|.| ~ 1) nearly cancel: 1 ULP of a term
  if (grad && /addc/.test(op) && !f64) return { ulp: 4, atol: 4.8e-7, rtol: 1e-6 };
  if (grad) return f64 ? { rtol: 1e-14, atol: 1e-300 } : { ulp: 4, atol: 1e-7, rtol: 1e-6 };
  if (f64) return { ulp: 0, rtol: 4e-16 };
  // float32 sums that cancel (logaddexp of opposite operands, lerp's end - diff (1 - w), addcmul/addcdiv's
  // input + value * t): PyTorch's Sleef log1p and its fused multiply-add (vector body) or separate steps (scalar
  // tail) differ from torchlet's separate steps by 1 ULP of the operands (|x| <= 4 here: 2.4e-7; addcmul's products
  // up to 9: 4.8e-7), many ULPs of a result near 0
  if (/logaddexp|lerp/.test(op)) return { ulp: 2, atol: 2.4e-7 };
  if (/addc/.test(op)) return { ulp: 2, atol: 4.8e-7 };
  if (/sinc|logaddexp|atan2|hypot|float_power|lerp|xlogy|erf|tan|sin|cos|log|exp|sqrt|acos|asin|atan|rad|deg|reciprocal/.test(op)) return { ulp: 2 };
  return { ulp: 0 };
}

function compare(actual: torch.Tensor, expected: Encoded, tol: Tolerance, what: string) {
  expect(actual.dtype, `${what} dtype`).toBe(expected.dtype);
  expect([...actual.shape], `${what} shape`).toEqual(expected.shape);
  const a = values(actual);
  const e = decode(expected);
  // integers compare by value (torchlet's int64 storage is a Float64Array, where neg(0) leaves a -0)
  if (tol.ulp === 0 && tol.rtol === undefined && tol.atol === undefined && expected.dtype.startsWith('float')) expectSameBits(a, e, what);
  else expectClose(a, e, tol, what);
}

describe.each(BACKENDS)('math_extra against PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const fn = resolve(c.call);
    const tensors: torch.Tensor[] = [];
    const args = c.args.map((a) => {
      if (!isEncoded(a)) return a;
      const t = toTensor(a);
      const k = tensors.length;
      const wantsGrad = (c.grads ? c.grads[k] !== null : c.backward_error !== undefined || c.error !== undefined) && (a.dtype === 'float32' || a.dtype === 'float64');
      if (wantsGrad) t.requires_grad_(true);
      tensors.push(t);
      return t;
    });
    if (c.midgraph) {
      const h = (args[0] as torch.Tensor).mul(1);
      if (c.error) {
        expect(() => fn(h, ...args.slice(1))).toThrow(c.error.replace(/^\w+\(\): /, ''));
        return;
      }
      const out = fn(h, ...args.slice(1));
      expect(out).toBe(h); // in place: returns self
      args[0] = h;
    }
    const y = c.midgraph ? (args[0] as torch.Tensor) : fn(...args);
    const ys = Array.isArray(c.y) ? (y as torch.Tensor[]) : [y as torch.Tensor];
    const expected = Array.isArray(c.y) ? c.y : [c.y!];
    ys.forEach((t, k) => compare(t, expected[k], tolerance(c.id, expected[k].dtype), `${c.id} y[${k}]`));
    if (c.backward_error) {
      const first = ys[0];
      const w = torch.linspace(-1, 1, first.numel(), { dtype: first.dtype }).reshape(first.shape);
      expect(() => first.mul(w).sum().backward()).toThrow(c.backward_error);
      return;
    }
    if (!c.grads) return;
    const first = ys[0];
    const w = torch.linspace(-1, 1, first.numel(), { dtype: first.dtype }).reshape(first.shape);
    first.mul(w).sum().backward();
    c.grads.forEach((g, k) => {
      if (g === null) return expect(tensors[k].grad).toBeNull();
      compare(tensors[k].grad!, g, tolerance(c.id, g.dtype, true), `${c.id} grad[${k}]`);
    });
  });
});

// ---- the in-place contract ----

const UNARY_INPLACE: [string, (x: torch.Tensor) => torch.Tensor][] = [
  ['sin_', torch.sin], ['cos_', torch.cos], ['tan_', torch.tan], ['asin_', torch.asin], ['acos_', torch.acos], ['atan_', torch.atan],
  ['arcsin_', torch.asin], ['arccos_', torch.acos], ['arctan_', torch.atan], ['sinh_', torch.sinh], ['cosh_', torch.cosh],
  ['asinh_', torch.asinh], ['acosh_', torch.acosh], ['arcsinh_', torch.asinh], ['arccosh_', torch.acosh], ['sqrt_', torch.sqrt],
  ['rsqrt_', torch.rsqrt], ['log_', torch.log], ['log2_', torch.log2], ['log10_', torch.log10], ['log1p_', torch.log1p],
  ['expm1_', torch.expm1], ['exp2_', torch.exp2], ['erf_', torch.erf], ['floor_', torch.floor], ['ceil_', torch.ceil],
  ['trunc_', torch.trunc], ['fix_', torch.trunc], ['round_', torch.round], ['frac_', torch.frac], ['reciprocal_', torch.reciprocal],
  ['square_', torch.square], ['negative_', torch.neg], ['absolute_', torch.abs], ['sgn_', torch.sgn], ['deg2rad_', torch.deg2rad],
  ['rad2deg_', torch.rad2deg], ['sinc_', torch.sinc], ['i0_', torch.i0], ['lgamma_', torch.lgamma], ['digamma_', torch.digamma],
  ['nan_to_num_', torch.nan_to_num],
];
const TORCH_INPLACE = ['sin_', 'cos_', 'tan_', 'asin_', 'acos_', 'atan_', 'arcsin_', 'arccos_', 'arctan_', 'sinh_', 'cosh_', 'asinh_', 'acosh_', 'arcsinh_', 'arccosh_', 'sqrt_', 'rsqrt_', 'log_', 'log2_', 'log10_', 'log1p_', 'expm1_', 'exp2_', 'erf_', 'floor_', 'ceil_', 'trunc_', 'fix_', 'round_', 'frac_', 'reciprocal_', 'square_', 'negative_', 'deg2rad_', 'rad2deg_', 'sinc_', 'i0_', 'nan_to_num_'];

describe.each(BACKENDS)('in-place methods on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const input = () => torch.tensor([[1.25, 2.5, 0.75], [3.5, 1.5, 1.125]]); // inside every op's domain (acosh: >= 1 where tested)

  it.each(UNARY_INPLACE)('%s writes the out-of-place result into self, returns self, refuses a leaf that requires grad', (name, op) => {
    const src = input().div(4); // in [0.28, 0.875]: acosh's NaNs compare as NaN
    const expected = values(op(src));
    const storage = src._storage;
    const out = (src as unknown as Record<string, () => torch.Tensor>)[name]();
    expect(out).toBe(src);
    expect(src._storage).toBe(storage); // same memory
    expectSameBits(values(src), expected, name);
    const leaf = input().requires_grad_(true);
    expect(() => (leaf as unknown as Record<string, () => torch.Tensor>)[name]()).toThrow(/a leaf Variable that requires grad is being used in an in-place operation/);
  });

  it.each(TORCH_INPLACE)('torch.%s is the method as a function', (name) => {
    const base = input().div(4);
    const viaMethod = (base.clone() as unknown as Record<string, () => torch.Tensor>)[name]();
    const y = base.clone();
    const fn = (torch as unknown as Record<string, (t: torch.Tensor) => torch.Tensor>)[name];
    expect(fn(y)).toBe(y);
    expectSameBits(values(y), values(viaMethod), name);
  });

  it('a float result into an integer tensor is refused, as PyTorch', () => {
    expect(() => torch.tensor([1, 2], { dtype: 'int64' }).sin_()).toThrow(/^sin_\(\): result type Float can't be cast to the desired output type Long$/);
    expect(() => torch.tensor([1, 2], { dtype: 'int64' }).xlogy_(torch.tensor([1.5, 2]))).toThrow(/result type Float can't be cast/);
    expect(() => torch.tensor([1, 2], { dtype: 'int32' }).pow_(0.5)).toThrow(/^pow_\(\): result type Float can't be cast to the desired output type Int$/);
    expect(() => torch.ones(3).float_power_(2)).toThrow(/^float_power_\(\): the base given to float_power_ has dtype Float but the operation's result requires dtype Double$/);
    // integer results stay allowed
    const i = torch.tensor([12, -7, 9], { dtype: 'int64' });
    expect(i.gcd_(torch.tensor([8, 3, 6], { dtype: 'int64' }))).toBe(i);
    expect(i.tolist()).toEqual([4, 1, 3]);
    const f = torch.tensor([1.5, -0.5, 2]);
    expect(f.eq_(1.5).tolist()).toEqual([1, 0, 0]);
    expect(f.dtype).toBe('float32');
  });

  it('torch.* in-place functions with keywords, and torch.fill_ / zero_', () => {
    const x = torch.tensor([1.26, -1.25, 2.5]);
    expect(torch.round_(x, { decimals: 1 })).toBe(x);
    expectSameBits(values(x), [Math.fround(1.3), Math.fround(-1.2), 2.5], 'round_ decimals'); // -1.25 -> -1.2: 12.5 rounds to even
    const y = torch.tensor([NaN, Infinity, -Infinity]);
    expect(torch.nan_to_num_(y, { nan: 1, posinf: 2 }).tolist()).toEqual([1, 2, -3.4028234663852886e38]);
    expect(torch.fill_(y, 4).tolist()).toEqual([4, 4, 4]);
    expect(torch.zero_(y)).toBe(y);
    expect(y.tolist()).toEqual([0, 0, 0]);
  });

  it('a broadcast that would grow self is refused', () => {
    expect(() => torch.ones(3).atan2_(torch.ones(2, 3))).toThrow(/atan2_\(\): output with shape \[3\] doesn't match the broadcast shape \[2, 3\]/);
  });

  it('inside a graph: the history is rewritten (gradient through the op), and refused once another op used the tensor', () => {
    const x = torch.tensor([0.5, 1.0, 2.0], { dtype: 'float64' }).requires_grad_(true);
    const h = x.mul(1);
    h.sin_();
    expect(h.grad_fn!.name).toBe('SinBackward0');
    h.sum().backward();
    expectClose(values(x.grad!), [0.5, 1, 2].map(Math.cos), { rtol: 1e-15 }, 'sin_ gradient');
    const k = x.mul(1);
    k.exp(); // a recorded use of k's values
    expect(() => k.cos_()).toThrow(/another recorded operation already used/);
    // under no_grad, a leaf that requires grad may be written (as PyTorch)
    torch.no_grad(() => x.sin_());
    expectClose(values(x), [0.5, 1, 2].map(Math.sin), { rtol: 1e-15 }, 'no_grad sin_');
  });
});

describe.each(BACKENDS)('views changed in place on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('t_, transpose_, swapaxes_, swapdims_, squeeze_, unsqueeze_ change self (same storage), as PyTorch', () => {
    const x = torch.arange(6).reshape(2, 3);
    const storage = x._storage;
    expect(x.t_()).toBe(x);
    expect([...x.shape]).toEqual([3, 2]);
    expect([...x.stride()]).toEqual([1, 3]);
    expect(x._storage).toBe(storage);
    expect(x.tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(x.transpose_(0, 1).tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(x.swapaxes_(1, 0).shape).toEqual([3, 2]);
    expect(x.swapdims_(0, 1).shape).toEqual([2, 3]);
    expect(x.unsqueeze_(1).shape).toEqual([2, 1, 3]);
    expect(x.squeeze_(1).shape).toEqual([2, 3]);
    expect(x.unsqueeze_(0).unsqueeze_(-1).shape).toEqual([1, 2, 3, 1]);
    expect(x.squeeze_().shape).toEqual([2, 3]);
    expect(x._storage).toBe(storage);
    // a view of another tensor keeps sharing its base's memory after the change
    const base = torch.zeros(2, 3);
    const v = base.narrow(1, 1, 2);
    v.t_();
    v.fill_(7);
    expect(base.tolist()).toEqual([[0, 7, 7], [0, 7, 7]]);
  });

  it('errors: t_ on 3-D, out-of-range dims, a leaf that requires grad, a tensor already used in a graph', () => {
    expect(() => torch.ones(2, 2, 2).t_()).toThrow(/t\(\) expects a tensor with <= 2 dimensions, but self is 3D/);
    expect(() => torch.ones(2, 2).transpose_(0, 2)).toThrow(/Dimension out of range/);
    expect(() => torch.ones(2, 2).requires_grad_(true).t_()).toThrow(/^t_\(\): a leaf Variable that requires grad is being used in an in-place operation\.$/);
    const h = torch.ones(2, 3).requires_grad_(true).mul(2);
    h.sum();
    expect(() => h.t_()).toThrow(/^t_\(\): in-place view changes on a tensor that another recorded operation already used/);
    expect([...h.shape]).toEqual([2, 3]); // unchanged
    // a tensor that does not require grad but that a recorded op read (PyTorch: a version error at backward)
    const w = torch.ones(4, 2).requires_grad_(true);
    const x = torch.ones(3, 4);
    x.matmul(w);
    expect(() => x.t_()).toThrow(/^t_\(\): in-place view changes on a tensor that another recorded operation already used/);
    torch.no_grad(() => x.t_()); // outside recording, allowed
    expect([...x.shape]).toEqual([4, 3]);
  });
});

// ---- gradients against finite differences (float64), beyond the fixtures' points ----

describe.each(BACKENDS)('gradcheck on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const r = (lo: number, hi: number, ...shape: number[]) => torch.rand(shape, { dtype: 'float64' }).mul(hi - lo).add(lo).requires_grad_(true);
  const checks: [string, (...t: torch.Tensor[]) => torch.Tensor, () => torch.Tensor[]][] = [
    ['atan2', (a, b) => torch.atan2(a, b), () => [r(-2, 2, 3, 4), r(0.5, 2, 4)]],
    ['hypot', (a, b) => torch.hypot(a, b), () => [r(0.5, 2, 3, 4), r(-2, -0.5, 4)]],
    ['logaddexp', (a, b) => torch.logaddexp(a, b), () => [r(-3, 3, 3, 4), r(-3, 3, 4)]],
    ['logaddexp2', (a, b) => torch.logaddexp2(a, b), () => [r(-3, 3, 3, 4), r(-3, 3, 4)]],
    ['xlogy', (a, b) => torch.xlogy(a, b), () => [r(-3, 3, 3, 4), r(0.5, 3, 4)]],
    ['lerp', (a, b, w) => torch.lerp(a, b, w), () => [r(-3, 3, 3, 4), r(-3, 3, 4), r(-0.5, 1.5, 3, 1)]],
    ['float_power', (a, b) => torch.float_power(a, b), () => [r(0.5, 2, 3, 4), r(-2, 2, 4)]],
    ['ldexp', (a, b) => torch.ldexp(a, b), () => [r(-2, 2, 3, 4), r(-2, 2, 4)]],
    ['sinc', (a) => torch.sinc(a), () => [r(-3, 3, 3, 4)]],
    ['i0', (a) => torch.i0(a), () => [r(-5, 5, 3, 4)]],
    ['lgamma', (a) => torch.lgamma(a), () => [r(0.2, 6, 3, 4)]],
    ['digamma', (a) => torch.digamma(a), () => [r(0.2, 6, 3, 4)]],
    ['polygamma 2', (a) => torch.polygamma(2, a), () => [r(0.5, 6, 3, 4)]],
    ['mvlgamma', (a) => torch.mvlgamma(a, 3), () => [r(1.5, 6, 3, 4)]],
    ['igamma (other)', (b) => torch.igamma(torch.tensor([0.5, 1.5, 3, 8], { dtype: 'float64' }), b), () => [r(0.2, 6, 3, 4)]],
    ['igammac (other)', (b) => torch.igammac(torch.tensor([0.5, 1.5, 3, 8], { dtype: 'float64' }), b), () => [r(0.2, 6, 3, 4)]],
    ['fmax', (a, b) => torch.fmax(a, b), () => [r(-2, 2, 3, 4), r(-2, 2, 4)]],
    ['frexp mantissa', (a) => torch.frexp(a)[0], () => [r(-30, 30, 3, 4)]],
  ];
  it.each(checks)('%s', (_name, fn, make) => {
    torch.manual_seed(3);
    expect(torch.autograd.gradcheck(fn, make())).toBe(true);
  });

  it('igamma has no gradient for input; nextafter none at all (PyTorch 1.13)', () => {
    const a = torch.tensor([1.5], { dtype: 'float64' }).requires_grad_(true);
    expect(() => torch.igamma(a, torch.tensor([2.0], { dtype: 'float64' })).sum().backward()).toThrow(/the derivative for 'igamma: input' is not implemented/);
    expect(() => torch.nextafter(a, torch.tensor([2.0], { dtype: 'float64' })).sum().backward()).toThrow(/the derivative for 'nextafter' is not implemented/);
  });
});

describe('igamma against exact values (mpmath, 40 digits)', () => {
  // where PyTorch 1.13's own values are off (large a; tiny a, left out of the fixtures): torchlet's are the true ones
  it.each([
    [30, 30, false, 0.524283013893680069],
    [50, 55, false, 0.767795219499143669],
    [1e-30, 1, true, 2.1938393439552027e-31],
    [1e-30, 1e-30, true, 6.8500337124919838e-29],
  ])('igamma%s', (a, x, upper, exact) => {
    const out = (upper ? torch.igammac : torch.igamma)(torch.tensor([a], { dtype: 'float64' }), torch.tensor([x], { dtype: 'float64' }));
    expectClose(values(out), [exact], { rtol: 1e-13 }, `P/Q(${a}, ${x})`);
  });
});

describe('errors and results as PyTorch gives them', () => {
  const i = torch.tensor([3, -4, 5], { dtype: 'int64' });
  const f = torch.tensor([1.5, -2, 0]);
  const b = torch.tensor([true, false, true]);
  const cases: [string, () => unknown, RegExp][] = [
    ['hypot on integers', () => torch.hypot(i, i), /^"hypot_cpu" not implemented for 'Long'$/],
    ['logaddexp on bool', () => torch.logaddexp(b, b), /^"logaddexp_cpu" not implemented for 'Bool'$/],
    ['atan2 with a number', () => torch.atan2(f, 2 as unknown as torch.Tensor), /^atan2\(\): argument 'other' \(position 2\) must be Tensor, not int$/],
    ['hypot with a float number', () => torch.hypot(f, 2.5 as unknown as torch.Tensor), /^hypot\(\): argument 'other' \(position 2\) must be Tensor, not float$/],
    ['fmod of bools', () => torch.fmod(b, b), /^"fmod_cpu" not implemented for 'Bool'$/],
    ['remainder by integer zero', () => torch.remainder(i, torch.tensor([0, 1, 2], { dtype: 'int64' })), /^ZeroDivisionError$/],
    ['fmod by integer zero', () => torch.fmod(i, 0), /^ZeroDivisionError$/],
    ['gcd of floats', () => torch.gcd(f, f), /^"gcd_cpu" not implemented for 'Float'$/],
    ['bitwise_and of floats', () => torch.bitwise_and(f, f), /^"bitwise_and_cpu" not implemented for 'Float'$/],
    ['left shift of bools', () => torch.bitwise_left_shift(b, b), /^"lshift_cpu" not implemented for 'Bool'$/],
    ['frac of integers', () => torch.frac(i), /^"frac_cpu" not implemented for 'Long'$/],
    ['frexp of integers', () => torch.frexp(i), /torch.frexp\(\) only supports floating-point dtypes$/],
    ['positive of bools', () => torch.positive(b), /The `\+` operator, on a bool tensor is not supported\.$/],
    ['lerp end of another dtype', () => torch.lerp(f, f.double(), 0.5), /expected dtype float for `end` but got dtype double$/],
    ['lerp weight of another dtype', () => torch.lerp(f, f, torch.tensor(0.5, { dtype: 'float64' })), /expected dtype float for `weight` but got dtype double$/],
    ['lerp of integers', () => torch.lerp(i, i, 0.5), /^"lerp_kernel_scalar" not implemented for 'Long'$/],
    ['polygamma with negative n', () => torch.polygamma(-1, f), /polygamma\(n, x\) does not support negative n\.$/],
    ['polygamma with a float n', () => torch.polygamma(1.5, f), /^polygamma\(\): argument 'n' \(position 1\) must be int, not float$/],
    ['mvlgamma with p = 0', () => torch.mvlgamma(f, 0), /p has to be greater than or equal to 1$/],
    ['broadcast failure', () => torch.atan2(torch.ones(2), torch.ones(3)), /^atan2\(\): .*\[2\] and \[3\]/],
    ['fill_diagonal_ on 1-D', () => torch.ones(3).fill_diagonal_(1), /dimensions must larger than 1$/],
    ['fill_diagonal_ on a non-cube', () => torch.ones(2, 3, 3).fill_diagonal_(1), /all dimensions of input must be of equal length$/],
    ['too many arguments', () => f.sin_(1 as never), /^sin_\(\) takes no positional arguments but 1 was given$/],
    ['in-place binary op without its operand', () => (f as unknown as { hypot_: () => void }).hypot_(), /^hypot_\(\) missing 1 required positional arguments: "other"$/],
    ['torch.round_ keeps the decimals keyword', () => torch.round_(f, { decimals: 1, bad: 1 } as never), /^round_\(\) got an unexpected keyword argument 'bad'$/],
  ];
  it.each(cases)('%s', (_name, fn, message) => expectError(fn, Error, message));

  it('positive returns self; the aliases give the same values as the ops they stand for', () => {
    expect(torch.positive(f)).toBe(f);
    expect(f.positive()).toBe(f);
    expect(torch.absolute(f).tolist()).toEqual(torch.abs(f).tolist());
    expect(torch.negative(i).tolist()).toEqual([-3, 4, -5]);
    expect(f.arccos().tolist()).toEqual(torch.acos(f).tolist());
    expect(f.arctan2(f.flip(0)).tolist()).toEqual(torch.atan2(f, f.flip(0)).tolist());
    expect(f.fix().tolist()).toEqual(torch.trunc(f).tolist());
    // the aliases report their own names, as PyTorch's do
    expect(() => torch.multiply('x' as never, 2)).toThrow(/^multiply\(\): argument 'input' \(position 1\) must be Tensor, not string$/);
    expect(() => torch.greater(null as never, 2)).toThrow(/^greater\(\): argument 'input' \(position 1\) must be Tensor, not NoneType$/);
  });
});
