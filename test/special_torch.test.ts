// torch.special's functions (lib/ops/special_extra.ts, the binary ones and aliases in lib/ops/math_extra.ts) and the
// torch-level aliases of nn.functional (lib/functional_aliases.ts), against PyTorch 1.13 on each backend (fixtures:
// scripts/gen_special_torch_fixtures.py -> test/fixtures/special_torch.json): values on edge inputs, values and
// input gradients on random ones, each torch-level alias against its F form, F.max_pool3d_with_indices,
// F.adaptive_max_pool3d_with_indices, F.max_unpool3d and nn.MaxUnpool3d, and argument errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, ulpDistance, type Tolerance, ulpDistance64 } from './helpers';
import { type BitsEncoded as Encoded, isBitsEncoded as isEncoded, decodeBits as decode, bitsTensor as toTensor } from './fixture_codec';

type Arg = Encoded | number | string | boolean | null | number[] | Record<string, unknown>;
interface Case {
  id: string;
  call: string;
  args: Arg[];
  y: Encoded | Encoded[];
  grads?: (Encoded | null)[];
  exact?: string[];
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/special_torch.json'), 'utf8')) as { cases: Case[] };

const values = (t: torch.Tensor) => Array.from(t.contiguous().data as ArrayLike<number>);

type Fn = (...args: unknown[]) => unknown;
function resolve(call: string): Fn {
  const [owner, name] = call.split('.');
  const ns = (owner === 'special' ? torch.special : owner === 'F' ? torch.nn.functional : torch) as unknown as Record<string, Fn>;
  const fn = ns[name];
  if (typeof fn !== 'function') throw new Error(`${call} is not a function`);
  return fn;
}

// Tolerances against PyTorch 1.13. torchlet computes each function in double and rounds once to the dtype (its
// accuracy is checked against mpmath below), so the differences are PyTorch's own errors: its float32 Bessel
// functions (Cephes' float Chebyshev series) are off by up to 2e-6 relative (i1(7.8): 331.09976, true 331.09946);
// its ndtr is (1 + erf(x / sqrt 2)) / 2, accurate only to half an ULP of 1 (ndtr(-10) is 0 in float32, ndtr(-20) 0
// in float64), and log_ndtr above -1 is log1p of that; float64 otherwise agrees to 1e-14 relative, the gamma
// family to 1e-12 with digamma's 2e-14 absolute error at its zero (as test/math_extra.test.ts). Gradients are
// composed of several float ops on PyTorch's side (float32 exp(-(log_ndtr(x) + x^2 / 2)) loses x^2 ULPs of its
// exponent): 8 float32 ULPs or 1e-6 relative, 2e-5 for the normal family; float64 1e-12 relative.
function tolerance(id: string, dtype: string, grad = false): Tolerance {
  const op = id.split('/')[0];
  const f64 = dtype === 'float64';
  // the F aliases (float64): sums in a different order than PyTorch's kernels, some cancelling to ~1e-16
  if (!/\/(f32|f64|int64)$/.test(id)) return { rtol: 1e-12, atol: 1e-14 };
  if (grad && /ndtr|erfcx/.test(op)) return f64 ? { rtol: 1e-12, atol: 1e-300 } : { ulp: 8, atol: 1e-7, rtol: 2e-5 };
  if (grad) return f64 ? { rtol: 1e-12, atol: 1e-300 } : { ulp: 8, atol: 1e-7, rtol: 1e-6 };
  if (/gamma|psi|digamma|zeta/.test(op)) return f64 ? { rtol: 1e-12, atol: 2e-14 } : { ulp: 8, atol: 2e-7, rtol: 2e-6 };
  if (/ndtr/.test(op)) return f64 ? { rtol: 1e-14, atol: 2.3e-16 } : { ulp: 4, atol: 1.2e-7 };
  if (/^i[01]/.test(op)) return f64 ? { rtol: 1e-14, atol: 1e-300 } : { ulp: 4, rtol: 2e-6 };
  return f64 ? { rtol: 1e-14, atol: 1e-300 } : { ulp: 4 };
}

function compare(actual: torch.Tensor, expected: Encoded, tol: Tolerance, what: string) {
  expect(actual.dtype, `${what} dtype`).toBe(expected.dtype);
  expect([...actual.shape], `${what} shape`).toEqual(expected.shape);
  expectClose(values(actual), decode(expected), tol, what);
}


// Accuracy against mpmath (50 digits; the fixture's `exact`): float32 results are the correctly rounded value, or
// 1 ULP off it where double rounding or the double computation's few ULPs straddle a float32 halfway point. float64
// results, in float64 ULPs: the Bessel power series and its asymptotic form lose up to a few; ndtr/log_ndtr inherit
// the rounding of x / sqrt 2 (up to x^2 ULPs: 800 at x = -40); ndtri's Halley steps on ndtr (the same, divided by the
// slope); erfcx's continued fraction (11 ULPs at x = 1, where it is slowest) and 2 e^(x^2) - erfcx(-x) below 0; zeta
// for q < 0 sums terms (q + k)^-s of both signs that cancel (2600 ULPs at zeta(3, -30.5) = 5.2e-4, as Cephes').
const EXACT_ULPS: Record<string, number> = { i0: 8, i1: 8, i0e: 8, i1e: 8, ndtr: 1200, log_ndtr: 64, ndtri: 64, erfcx: 16, entr: 1, zeta: 4096, xlog1py: 1 };

function checkExact(c: Case, y: torch.Tensor): void {
  const op = c.id.split('/')[0];
  const got = values(y);
  const torchValues = decode(c.y as Encoded);
  c.exact!.forEach((s, i) => {
    if (s === 'None' || s === 'nan' || Number.isNaN(torchValues[i])) return; // outside PyTorch's domain (mpmath continues zeta to s < 1)
    const e = s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
    const want = y.dtype === 'float32' ? Math.fround(e) : e;
    if (Object.is(got[i], want) || got[i] === want) return;
    const d = y.dtype === 'float32' ? ulpDistance(got[i], want) : Number.isFinite(want) && Number.isFinite(got[i]) ? ulpDistance64(got[i], want) : Infinity;
    if (want === 0 && Math.abs(got[i]) < 1e-300) return; // mpmath's exact 0 (entr, xlog1py at 0)
    if (d > (y.dtype === 'float32' ? 1 : EXACT_ULPS[op])) throw new Error(`${c.id} element ${i}: ${got[i]}, mpmath ${want} (${d} ULPs)`);
  });
}

function decodeArg(a: Arg): unknown {
  if (isEncoded(a)) return toTensor(a);
  if (a !== null && typeof a === 'object' && !Array.isArray(a)) return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, decodeArg(v as Arg)]));
  return a;
}

describe.each(BACKENDS)('torch.special and torch-level F aliases against PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const fn = resolve(c.call);
    const tensors: torch.Tensor[] = [];
    const args = c.args.map((a) => {
      const v = decodeArg(a);
      if (v instanceof torch.Tensor) {
        if (c.grads && c.grads[tensors.length] !== null) v.requires_grad_(true);
        tensors.push(v);
      }
      return v;
    });
    const y = fn(...args);
    const ys = Array.isArray(c.y) ? (y as torch.Tensor[]) : [y as torch.Tensor];
    const expected = Array.isArray(c.y) ? c.y : [c.y];
    ys.forEach((t, k) => compare(t, expected[k], tolerance(c.id, expected[k].dtype), `${c.id} y[${k}]`));
    if (c.exact) checkExact(c, ys[0]);
    if (!c.grads) return;
    const first = ys[0];
    const w = torch.linspace(-1, 1, first.numel(), { dtype: first.dtype }).reshape(first.shape);
    first.mul(w).sum().backward();
    c.grads.forEach((g, k) => {
      if (g === null) return;
      compare(tensors[k].grad!, g, tolerance(c.id, g.dtype, true), `${c.id} grad[${k}]`);
    });
  });
});

describe('torch.special names and argument errors', () => {
  it('aliases the existing functions under their torch.special names', () => {
    expect(torch.special.psi).toBe(torch.digamma);
    expect(torch.special.digamma).toBe(torch.digamma);
    expect(torch.special.gammaln).toBe(torch.lgamma);
    expect(torch.special.multigammaln).toBe(torch.mvlgamma);
    expect(torch.special.gammainc).toBe(torch.igamma);
    expect(torch.special.gammaincc).toBe(torch.igammac);
    expect(torch.special.polygamma).toBe(torch.polygamma);
    expect(torch.special.xlogy).toBe(torch.xlogy);
    expect(torch.special.sinc).toBe(torch.sinc);
    expect(torch.special.i0).toBe(torch.i0);
  });

  it('refuses what PyTorch refuses', () => {
    const x = torch.tensor([0.5, 1.5]);
    expect(() => (torch.special.i0e as (...a: unknown[]) => unknown)(x, 2)).toThrow(/^special_i0e\(\) takes 1 positional argument but 2 were given$/);
    expect(() => (torch.special.ndtr as (...a: unknown[]) => unknown)([0.5])).toThrow(/special_ndtr\(\): argument 'input' \(position 1\) must be Tensor, not list/);
    expect(() => (torch.special.zeta as (...a: unknown[]) => unknown)(2, 3)).toThrow(TypeError);
    expect(() => (torch.special.xlog1py as (...a: unknown[]) => unknown)(x, x, x)).toThrow(/^special_xlog1py\(\) takes 2 positional arguments but 3 were given$/);
    const s = torch.tensor([2.0, 3.0], { requires_grad: true });
    expect(() => torch.special.zeta(s, x).sum().backward()).toThrow(/the derivative for 'zeta' is not implemented/);
  });
});

describe.each(BACKENDS)('torch-level F aliases on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const F = torch.nn.functional;
  const same = (a: torch.Tensor, b: torch.Tensor) => {
    expect([...a.shape]).toEqual([...b.shape]);
    expectClose(values(a), values(b), { ulp: 0 }, 'alias');
  };
  const r = (...shape: number[]) => torch.randn(shape, { dtype: 'float64' });

  it('equals the F form, with PyTorch torch-level signatures', () => {
    torch.manual_seed(7);
    const x = r(2, 3, 8);
    const w = r(4, 3, 3);
    same(torch.conv1d(x, w, null, 2, 1), F.conv1d(x, w, null, 2, 1));
    same(torch.max_pool1d(x, 3, [], 1), F.max_pool1d(x, 3, null, 1) as torch.Tensor);
    same(torch.max_pool1d_with_indices(x, 3)[1], (F.max_pool1d(x, 3, { return_indices: true }) as torch.Tensor[])[1]);
    same(torch.adaptive_max_pool1d(x, 3)[0], F.adaptive_max_pool1d(x, 3) as torch.Tensor);
    same(torch.constant_pad_nd(x, [1, 1], 2), F.pad(x, [1, 1], 'constant', 2));
    const table = r(5, 3);
    const idx = torch.tensor([[0, 4], [2, 2]], { dtype: 'int64' });
    same(torch.embedding(table, idx), F.embedding(idx, table));
    const lp = r(3, 4).log_softmax(1);
    const tp = r(3, 4).softmax(1);
    same(torch.kl_div(lp, tp), F.kl_div(lp, tp, { reduction: 'none' }));
    same(torch.kl_div(lp, tp, 1), F.kl_div(lp, tp, { reduction: 'mean' }));
    same(torch.kl_div(lp, tp.log(), 2, { log_target: true }), F.kl_div(lp, tp.log(), { reduction: 'sum', log_target: true }));
    const t = torch.tensor([1, -1, 1], { dtype: 'float64' });
    const h = r(3);
    same(torch.hinge_embedding_loss(h, t, 0.5, 2), F.hinge_embedding_loss(h, t, { margin: 0.5, reduction: 'sum' }));
    const a1 = r(3);
    same(torch.margin_ranking_loss(a1, a1.neg(), t, 0.1, 1), F.margin_ranking_loss(a1, a1.neg(), t, { margin: 0.1, reduction: 'mean' }));
    const xn = r(4, 3, 5);
    const [wt, bs] = [r(3), r(3)];
    const [rm1, rv1, rm2, rv2] = [torch.zeros([3], { dtype: 'float64' }), torch.ones([3], { dtype: 'float64' }), torch.zeros([3], { dtype: 'float64' }), torch.ones([3], { dtype: 'float64' })];
    same(torch.batch_norm(xn, wt, bs, rm1, rv1, true, 0.2, 1e-5, false), F.batch_norm(xn, rm2, rv2, wt, bs, true, 0.2, 1e-5));
    same(rm1, rm2); // the running statistics are updated in place, as F's
    same(rv1, rv2);
    same(torch.instance_norm(xn, wt, bs, null, null, true, 0.1, 1e-5, false), F.instance_norm(xn, null, null, wt, bs, true));
    same(torch.layer_norm(xn, [5]), F.layer_norm(xn, [5]));
    same(torch.group_norm(xn, 3, wt, bs, 1e-3), F.group_norm(xn, 3, wt, bs, 1e-3));
    expect(torch.conv2d).toBe(F.conv2d);
    expect(torch.pdist).toBe(F.pdist);
    const leaf = r(3).requires_grad_(true);
    const d = torch.detach(leaf.mul(2));
    expect(d.requires_grad).toBe(false);
  });

  it('feature_dropout drops whole (sample, channel) slices and scales the rest', () => {
    torch.manual_seed(3);
    const x = torch.ones([8, 16, 3, 2]);
    const y = torch.feature_dropout(x, 0.5, true);
    const v = values(y);
    let kept = 0;
    for (let s = 0; s < 8 * 16; s++) {
      const slice = v.slice(s * 6, s * 6 + 6);
      expect(new Set(slice).size).toBe(1); // one draw per channel
      expect([0, 2]).toContain(slice[0]);
      if (slice[0] === 2) kept++;
    }
    expect(kept).toBeGreaterThan(40);
    expect(kept).toBeLessThan(88);
    expect(torch.feature_dropout(x, 0.5, false)).toBe(x);
    expect(values(torch.feature_dropout(x, 1, true)).every((e) => e === 0)).toBe(true);
    expect(() => torch.feature_dropout(torch.ones([4]), 0.5, true)).toThrow(/Feature dropout requires at least 2 dimensions in the input/);
    const a = torch.alpha_dropout(torch.randn([4000]), 0.3, true); // keeps a standard normal's mean and variance
    expect(Math.abs(a.mean().item())).toBeLessThan(0.1);
    expect(Math.abs(a.std().item() - 1)).toBeLessThan(0.1);
  });

  it('refuses what PyTorch refuses', () => {
    const x = r(2, 3, 4);
    const call = (fn: unknown, ...args: unknown[]) => () => (fn as (...a: unknown[]) => unknown)(...args);
    expect(call(torch.batch_norm, x, null, null, null, null, true)).toThrow(/^batch_norm\(\) missing 3 required positional argument: "momentum", "eps", "cudnn_enabled"$/);
    expect(call(torch.poisson_nll_loss, x, x, true)).toThrow(/^poisson_nll_loss\(\) missing 3 required positional argument: "full", "eps", "reduction"$/);
    expect(call(torch.kl_div, x, x, 'mean')).toThrow(/^kl_div\(\): argument 'reduction' must be int, not str$/);
    expect(call(torch.kl_div, x, x, 1, true)).toThrow(/kl_div\(\) takes 3 positional arguments but 4 were given/);
    expect(call(torch.hinge_embedding_loss, x, x, 1, 3)).toThrow(/3 is not a valid value for reduction/);
    expect(call(torch.alpha_dropout, x, 0.5)).toThrow(/^alpha_dropout\(\) missing 1 required positional argument: "train"$/);
    expect(call(torch.max_pool1d, x)).toThrow(/^max_pool1d\(\) missing 1 required positional argument: "kernel_size"$/);
    expect(call(torch.detach, x, 1)).toThrow(/^detach\(\) takes 1 positional argument but 2 were given$/);
  });
});

describe.each(BACKENDS)('3-D max pooling indices and nn.MaxUnpool3d on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const F = torch.nn.functional;

  it('MaxUnpool3d undoes MaxPool3d(return_indices) as F.max_unpool3d, with PyTorch repr', () => {
    torch.manual_seed(5);
    const x = torch.randn([2, 3, 4, 4, 6]);
    const [v, i] = F.max_pool3d_with_indices(x, 2);
    const unpool = new torch.nn.MaxUnpool3d(2);
    expect(String(unpool)).toBe('MaxUnpool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2), padding=(0, 0, 0))');
    expect(String(new torch.nn.MaxUnpool3d([1, 2, 3], 1, 0))).toBe('MaxUnpool3d(kernel_size=(1, 2, 3), stride=(1, 1, 1), padding=(0, 0, 0))');
    const y = unpool.forward(v, i);
    expect(values(y)).toEqual(values(F.max_unpool3d(v, i, 2)));
    // each window's maximum back in place, zeros elsewhere: pooling again gives the same values
    expect(values(F.max_pool3d(y, 2) as torch.Tensor)).toEqual(values(v));
    expect(values(unpool.forward(v, i, [4, 4, 6]))).toEqual(values(y));
  });

  it('refuses what PyTorch refuses', () => {
    const v = torch.ones([1, 1, 2, 2, 2]);
    expect(() => F.max_unpool3d(v, torch.full([1, 1, 2, 2, 2], 99, { dtype: 'int64' }), 2)).toThrow(/Found an invalid max index: 99 \(output volumes are of size 4x4x4/);
    expect(() => F.max_unpool3d(v, torch.zeros([1, 1, 2, 2, 2], { dtype: 'int64' }), [2, 2])).toThrow(TypeError);
    expect(() => new torch.nn.MaxUnpool3d()).toThrow(/missing 1 required positional argument: 'kernel_size'/);
  });
});
