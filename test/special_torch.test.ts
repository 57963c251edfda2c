// torch.special's functions (lib/ops/special_extra.ts, the binary ones and aliases in lib/ops/math_extra.ts) and the
// torch-level aliases of nn.functional (lib/functional_aliases.ts), against PyTorch 1.13 on each backend (fixtures:
// scripts/gen_special_torch_fixtures.py -> test/fixtures/special_torch.json): values on edge inputs, values and
// input gradients on random ones, each torch-level alias against its F form, and argument errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, ulpDistance, type Tolerance } from './helpers';

interface Encoded {
  dtype: 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
  shape: number[];
  bits: (string | number)[];
}
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

const isEncoded = (a: unknown): a is Encoded => typeof a === 'object' && a !== null && 'bits' in a;
function decode(e: Encoded): number[] {
  if (e.dtype === 'float32') return Array.from(new Float32Array(new Uint32Array(e.bits.map((h) => parseInt(h as string, 16))).buffer));
  if (e.dtype === 'float64') return Array.from(new Float64Array(new BigUint64Array(e.bits.map((h) => BigInt(`0x${h as string}`))).buffer));
  return e.bits as number[];
}
const toTensor = (e: Encoded) => torch.tensor(decode(e), { dtype: e.dtype }).reshape(e.shape);
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

/** Distance in float64 ULPs (both finite). */
function ulp64(a: number, b: number): number {
  const key = (v: number) => {
    const i = new BigInt64Array(new Float64Array([v]).buffer)[0];
    return i < 0n ? -(i & 0x7fffffffffffffffn) : i;
  };
  const d = key(a) - key(b);
  return Number(d < 0n ? -d : d);
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
    const d = y.dtype === 'float32' ? ulpDistance(got[i], want) : Number.isFinite(want) && Number.isFinite(got[i]) ? ulp64(got[i], want) : Infinity;
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
