// Shared test helpers: run a suite once per backend, and compare floats by ULPs.
import { expect } from 'vitest';
import { setBackend, nativeOrNull, nativeLoadError } from '../lib/backend';

/**
 * The backends under test: both, or only the one TORCHLET_BACKEND names (the sanitizer run tests native only:
 * the JS half gains nothing under ASan). Native must be present unless TORCHLET_BACKEND=js (so CI can't skip it
 * silently).
 */
export const BACKENDS: ('js' | 'native')[] = (() => {
  if (process.env.TORCHLET_BACKEND === 'js') return ['js'];
  if (!nativeOrNull()) throw new Error(`native addon failed to load: ${String(nativeLoadError())}`);
  return process.env.TORCHLET_BACKEND === 'native' ? ['native'] : ['js', 'native'];
})();

/** Native/JS parity suites run whenever native is under test (the JS backend is always there to compare with). */
export const PARITY = BACKENDS.includes('native');

export function useBackend(name: 'js' | 'native'): void {
  setBackend(name);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Monotonic integer key of a float32: adjacent floats differ by 1, and -0 === +0. */
function orderedBits(x: number): number {
  f32[0] = x;
  const u = u32[0];
  return u & 0x80000000 ? -(u & 0x7fffffff) : u;
}

/** Distance in float32 ULPs between two values (NaN vs NaN is 0, NaN vs number is Infinity). */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  return Math.abs(orderedBits(a) - orderedBits(b));
}

/** Distance in float64 ULPs between two finite doubles. */
export function ulpDistance64(a: number, b: number): number {
  const key = (v: number) => {
    const i = new BigInt64Array(new Float64Array([v]).buffer)[0];
    return i < 0n ? -(i & 0x7fffffffffffffffn) : i;
  };
  const d = key(a) - key(b);
  return Number(d < 0n ? -d : d);
}

export interface Tolerance {
  ulp?: number;
  atol?: number;
  rtol?: number;
}

/** Index of the first element of `actual` not within tolerance of `expected`, or -1. ulp OR atol+rtol*|e| passes. */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))) continue;
    if (tol.ulp !== undefined && ulpDistance(a, e) <= tol.ulp) continue;
    if (tol.atol !== undefined || tol.rtol !== undefined) {
      if (Number.isFinite(a) && Number.isFinite(e) && Math.abs(a - e) <= (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(e)) continue;
    }
    if (tol.ulp === undefined && tol.atol === undefined && tol.rtol === undefined && a === e) continue;
    return i;
  }
  return -1;
}

/** Throws with a readable message when actual and expected differ beyond tol. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what = ''): void {
  const i = firstMismatch(actual, expected, tol);
  if (i < 0) return;
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != expected ${expected.length}`);
  throw new Error(
    `${what}: element ${i} is ${actual[i]}, expected ${expected[i]} (${ulpDistance(actual[i], expected[i])} ULP; tolerance ${JSON.stringify(tol)})`,
  );
}

/** Throws unless actual and expected hold the same values bit for bit (+0 and -0 differ; any NaN matches NaN). */
export function expectSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what = ''): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))) continue;
    throw new Error(`${what}: element ${i} is ${Object.is(a, -0) ? '-0' : a}, expected ${Object.is(e, -0) ? '-0' : e} (bit-exact)`);
  }
}

/** Throws unless each |actual[i] - expected[i]| <= bound[i] (equal values, including infinities and NaN, always pass). */
export function expectWithinBounds(actual: ArrayLike<number>, expected: ArrayLike<number>, bound: ArrayLike<number>, what = ''): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    if (Number.isFinite(a) && Number.isFinite(e) && Math.abs(a - e) <= bound[i]) continue;
    throw new Error(`${what}: element ${i} is ${a}, expected ${e} (difference ${Math.abs(a - e)}, bound ${bound[i]})`);
  }
}

/** fn throws this error class with exactly this message (a string) or one matching it (a RegExp). */
export function expectError(fn: () => unknown, type: typeof TypeError | typeof RangeError | typeof Error, message: string | RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  if (typeof message === 'string') expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
}
