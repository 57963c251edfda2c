// The native optimizer steps (binding sgd_step/adam_step/rmsprop_step through the native backend) against the JS
// backend's loops, on random float32 params, grads and state, for every variant, at sizes around the vector widths
// and above the threading grain; then bad arguments to the raw binding.
// Both sides compute in double in the same order and round where they store, so results are bit-identical,
// except that Adam's beta^step comes from libm natively and from V8 in JS: a 1-ULP difference is allowed there.
import { describe, it, expect } from 'vitest';
import * as path from 'node:path';
import nodeGypBuild from 'node-gyp-build';
import type { Binding } from '../binding';
import { nativeOrNull } from '../lib/backend';
import { jsBackend } from '../lib/backend/js';
import type { AdamHyper, Backend, RmspropHyper, SgdHyper } from '../lib/backend/types';
import { BACKENDS, expectClose } from './helpers';

const SIZES = [0, 1, 7, 33, 100003];
const EXACT = { ulp: 0 };
const ADAM_TOL = { ulp: 1 };

/** Deterministic uniform [0, 1) numbers (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e30];

/** n values uniform in [lo, hi); with specials, about 1 in 50 is NaN, an infinity, a signed zero, a denormal or huge. */
function values(random: () => number, n: number, lo: number, hi: number, specials = false): Float32Array {
  return Float32Array.from({ length: n }, () =>
    specials && random() < 0.02 ? SPECIALS[Math.floor(random() * SPECIALS.length)] : lo + (hi - lo) * random(),
  );
}

/** Runs step(arrays) on copies for each backend and compares every array afterwards. */
function compare(
  arrays: Record<string, Float32Array | null>,
  step: (b: Backend, a: Record<string, Float32Array | null>) => void,
  tol: { ulp: number },
  what: string,
): void {
  const copy = () => Object.fromEntries(Object.entries(arrays).map(([k, v]) => [k, v && Float32Array.from(v)]));
  const js = copy();
  const native = copy();
  step(jsBackend, js);
  step(nativeOrNull()!, native);
  for (const k of Object.keys(arrays)) if (js[k]) expectClose(native[k]!, js[k]!, tol, `${what}: ${k}`);
}

const SGD_CASES: (Partial<SgdHyper> & { buffer?: 'fresh' | 'old' })[] = [
  {},
  { weight_decay: 0.01, maximize: true },
  { momentum: 0.9, dampening: 0.1, buffer: 'fresh' },
  { momentum: 0.9, dampening: 0.1, buffer: 'old' },
  { momentum: 0.5, nesterov: true, weight_decay: 0.1, buffer: 'old' },
  { lr: 1, momentum: 0.9, buffer: 'old' },
];
const ADAM_CASES: (Partial<AdamHyper> & { amsgrad?: boolean; decoupled?: boolean })[] = [
  {},
  { amsgrad: true },
  { weight_decay: 0.01, maximize: true },
  { weight_decay: 0.01, decoupled: true },
  { lr: 0.1, betas: [0.5, 0.9], eps: 1e-3, amsgrad: true, decoupled: true, weight_decay: 0.1 },
];
const RMSPROP_CASES: (Partial<RmspropHyper> & { centered?: boolean })[] = [
  {},
  { centered: true },
  { momentum: 0.9 },
  { centered: true, momentum: 0.5, weight_decay: 0.01, maximize: true, alpha: 0.9, eps: 1e-3 },
  { lr: 0.03, alpha: 0.5 },
];

describe.skipIf(!BACKENDS.includes('native'))('native optimizer steps', () => {
  describe.each(SIZES)('%i elements', (n) => {
    const specials = n < 1000;

    it.each(SGD_CASES.map((c, i) => [i, c] as const))('SGD case %i equals the JS reference', (seed, c) => {
      const random = rng(seed + n);
      const h: SgdHyper = { lr: 0.05, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, ...c };
      const arrays = {
        param: values(random, n, -2, 2, specials),
        grad: values(random, n, -1, 1, specials),
        buf: c.buffer ? values(random, n, -1, 1) : null,
      };
      compare(arrays, (b, a) => b.sgdStep(a.param!, a.grad!, a.buf, c.buffer === 'fresh', h), EXACT, `SGD ${JSON.stringify(c)}`);
    });

    it.each(ADAM_CASES.map((c, i) => [i, c] as const))('Adam case %i equals the JS reference', (seed, c) => {
      for (const step of [1, 2, 10, 1000]) {
        const random = rng(seed * 7 + step + n);
        const h: AdamHyper = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, maximize: false, ...c };
        const arrays = {
          param: values(random, n, -2, 2, specials),
          grad: values(random, n, -1, 1, specials),
          m: values(random, n, -0.1, 0.1),
          v: values(random, n, 0, 0.01),
          vmax: c.amsgrad ? values(random, n, 0, 0.01) : null,
        };
        compare(
          arrays,
          (b, a) => b.adamStep(a.param!, a.grad!, a.m!, a.v!, a.vmax, step, h, c.decoupled ?? false),
          ADAM_TOL,
          `Adam ${JSON.stringify(c)} step ${step}`,
        );
      }
    });

    it.each(RMSPROP_CASES.map((c, i) => [i, c] as const))('RMSprop case %i equals the JS reference', (seed, c) => {
      const random = rng(seed * 13 + n);
      const h: RmspropHyper = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, maximize: false, ...c };
      const arrays = {
        param: values(random, n, -2, 2, specials),
        grad: values(random, n, -1, 1, specials),
        sq: values(random, n, 0, 0.01),
        mean: c.centered ? values(random, n, -0.05, 0.05) : null,
        buf: h.momentum > 0 ? values(random, n, -1, 1) : null,
      };
      compare(
        arrays,
        (b, a) => b.rmspropStep(a.param!, a.grad!, a.sq!, a.mean, a.buf, h),
        EXACT,
        `RMSprop ${JSON.stringify(c)}`,
      );
    });
  });

  it('falls back to JS for other storage types and non-finite hyperparameters', () => {
    const random = rng(99);
    const h: SgdHyper = { lr: 0.1, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false };
    const param = values(random, 40, -1, 1);
    const grad64 = Float64Array.from(values(random, 40, -1, 1));
    const [a, b] = [Float32Array.from(param), Float32Array.from(param)];
    jsBackend.sgdStep(a, grad64, null, false, h);
    nativeOrNull()!.sgdStep(b, grad64, null, false, h);
    expectClose(b, a, EXACT, 'float64 grad');
    const bad = { ...h, lr: Infinity };
    jsBackend.sgdStep(a, grad64, null, false, bad);
    nativeOrNull()!.sgdStep(b, Float32Array.from(grad64), null, false, bad);
    expect(Array.from(b).some(Number.isNaN) || Array.from(b).some((v) => !Number.isFinite(v))).toBe(true);
  });

  it('updates in place when grad is the param array itself', () => {
    const random = rng(5);
    const h: SgdHyper = { lr: 0.1, momentum: 0.9, dampening: 0, weight_decay: 0.01, nesterov: true, maximize: false };
    const param = values(random, 1000, -1, 1);
    const [a, b] = [Float32Array.from(param), Float32Array.from(param)];
    const [bufA, bufB] = [new Float32Array(1000), new Float32Array(1000)];
    jsBackend.sgdStep(a, a, bufA, true, h);
    nativeOrNull()!.sgdStep(b, b, bufB, true, h);
    expectClose(b, a, EXACT, 'param');
    expectClose(bufB, bufA, EXACT, 'momentum_buffer');
  });

  describe('bad arguments to the raw binding', () => {
    const addon = nodeGypBuild(path.join(__dirname, '..')) as Binding;
    const x = () => new Float32Array(8);
    const throws = (kind: typeof TypeError | typeof RangeError, fn: () => void, message: RegExp) =>
      expect(fn).toThrow(expect.objectContaining({ constructor: kind, message: expect.stringMatching(message) }));
    // A good call's arguments for each function; sgd([i, v], ...) is that call with argument i replaced by v.
    const caller = (name: 'sgd_step' | 'adam_step' | 'rmsprop_step', good: unknown[]) =>
      (...over: [number, unknown][]) => {
        const args = [...good];
        for (const [i, v] of over) args[i] = v;
        return () => (addon[name] as (...a: unknown[]) => void)(...args);
      };
    const sgd = caller('sgd_step', [x(), x(), x(), false, 0.1, 0.9, 0, 0, false, false]);
    const adam = caller('adam_step', [x(), x(), x(), x(), null, 1, 1e-3, 0.9, 0.999, 1e-8, 0, false, false]);
    const rmsprop = caller('rmsprop_step', [x(), x(), x(), null, null, 1e-2, 0.99, 1e-8, 0, 0, false]);

    it('accepts the good calls', () => {
      expect(sgd()).not.toThrow();
      expect(adam([4, x()])).not.toThrow();
      expect(rmsprop([3, x()], [4, x()])).not.toThrow();
    });

    it('throws TypeError for wrong types and counts', () => {
      throws(TypeError, () => (addon.sgd_step as (...a: unknown[]) => void)(x(), x()), /^sgd_step: expected 10 arguments/);
      throws(TypeError, sgd([0, new Float64Array(8)]), /^sgd_step: param must be a Float32Array, got Float64Array/);
      throws(TypeError, sgd([2, undefined]), /^sgd_step: momentum_buffer must be a Float32Array, got undefined/);
      throws(TypeError, sgd([4, '0.1']), /^sgd_step: lr must be a number/);
      throws(TypeError, sgd([8, 1]), /^sgd_step: nesterov must be a boolean/);
      throws(TypeError, adam([2, null]), /^adam_step: exp_avg must be a Float32Array, got null/);
      throws(TypeError, adam([11, 'yes']), /^adam_step: decoupled_weight_decay must be a boolean/);
      throws(TypeError, rmsprop([1, [1, 2]]), /^rmsprop_step: grad must be a Float32Array, got Array/);
    });

    it('throws RangeError for bad sizes, values and overlaps', () => {
      throws(RangeError, sgd([1, new Float32Array(7)]), /^sgd_step: grad has length 7 but param.length is 8/);
      throws(RangeError, sgd([5, NaN]), /^sgd_step: momentum must be finite, got nan/);
      throws(RangeError, sgd([4, -Infinity]), /^sgd_step: lr must be finite, got -inf/);
      for (const step of [0, 1.5, -1, NaN, 2 ** 60]) throws(RangeError, adam([5, step]), /^adam_step: step must be/);
      throws(RangeError, adam([7, Infinity]), /^adam_step: beta1 must be finite/);
      throws(RangeError, adam([4, new Float32Array(9)]), /^adam_step: max_exp_avg_sq has length 9/);
      throws(RangeError, rmsprop([3, new Float32Array(3)]), /^rmsprop_step: grad_avg has length 3/);
      const shared = new Float32Array(16);
      throws(RangeError, sgd([0, shared.subarray(0, 8)], [2, shared.subarray(4, 12)]), /^sgd_step: momentum_buffer overlaps param/);
      throws(RangeError, sgd([0, shared.subarray(0, 8)], [1, shared.subarray(1, 9)]), /^sgd_step: grad partly overlaps param/);
      const same = x();
      throws(RangeError, adam([2, same], [3, same]), /^adam_step: exp_avg_sq overlaps exp_avg/);
      throws(RangeError, rmsprop([2, same], [4, same]), /^rmsprop_step: momentum_buffer overlaps square_avg/);
      // grad may be exactly one of the updated arrays
      const p = x();
      expect(sgd([0, p], [1, p])).not.toThrow();
    });
  });
});
