// The torch.special functions PyTorch 1.13 added: Bessel functions of the first and second kind (bessel_j0/j1/y0/y1),
// the modified ones (modified_bessel_i0/i1/k0/k1, scaled_modified_bessel_k0/k1), spherical_bessel_j0, airy_ai, and the
// orthogonal polynomial families (chebyshev_polynomial_t/u/v/w and their shifted forms, hermite_polynomial_h/he,
// laguerre_polynomial_l, legendre_polynomial_p). As ops/special_extra.ts, each maps the elements through a double
// precision function rounded once to the result dtype (integers compute in the default dtype), one loop for both backends.
//
// PyTorch 1.13 declares all of them non-differentiable: the result never requires grad (a backward through it then
// fails with "element 0 of tensors does not require grad"), and torchlet's do the same.
//
// Sources of the formulas (the code is this file's own): the power series and Hankel asymptotic expansions of J and Y
// (Abramowitz & Stegun 9.1.10-9.1.13, 9.2.5-9.2.10; DLMF 10.8, 10.17), evaluated below |x| = 20 in double-double
// arithmetic (Dekker 1971) so their cancelling terms keep full precision; K_nu(x) = int_0^inf e^(-x cosh t) cosh(nu t) dt
// (DLMF 10.32.9) by the trapezoidal rule, which converges geometrically for this analytic, doubly decaying integrand
// (Trefethen & Weideman, SIAM Review 2014); Ai(x) = sqrt(x/3) K_{1/3}(zeta) / pi for x >= 1 (DLMF 9.6.1), its Maclaurin
// series (DLMF 9.4.1) in double-double on [-10, 1) and the oscillatory asymptotic expansion (DLMF 9.7.9) below; the
// polynomials by their three-term recurrences (DLMF 18.9), with PyTorch's conventions for n < 0, x = +-1 and its
// trigonometric forms for very large n on (-1, 1) (DLMF 18.5.1-18.5.4).
import { Tensor, checkTensor, fromValues, typeName } from '../tensor';
import { floatOf, type DType } from '../dtype';
import { B } from '../backend';
import { checkArgs } from '../args';
import { broadcastShapes } from '../shape';
import { resultType } from './elementwise';
import { cast, expand } from './shape';
import { besselI, mapUnary } from './math_extra';

// ---- double-double arithmetic: a value hi + lo with |lo| <= ulp(hi) / 2 ----

type DD = [number, number];
const SPLIT = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function quick(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  return quick(s, e + a[1] + b[1]);
}
function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quick(p, e + a[0] * b[1] + a[1] * b[0]);
}
function ddDiv(a: DD, d: number): DD {
  const q = a[0] / d;
  const [p, e] = twoProd(q, d);
  return quick(q, (a[0] - p - e + a[1]) / d);
}
const ddNeg = (a: DD): DD => [-a[0], -a[1]];

const EULER = 0.5772156649015329;
const INV_PI = 0.3183098861837907;
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
/** ln(x/2), also where x/2 would underflow (subnormal x). */
const logHalf = (x: number) => (x >= 1e-300 ? Math.log(x / 2) : Math.log(x) - Math.LN2);

// ---- J0, J1, Y0, Y1 ----

/**
 * The power series pieces for 0 < x <= 20, in double-double: J = sum t_k with t_k = (-x^2/4)^k / (k! (k + order)!)
 * (times x/2 for order 1), and the harmonic-weighted sums of Y's series: sum H_k t_k (order 0) or
 * sum (H_k + H_{k+1}) t_k (order 1).
 */
function jySeries(order: 0 | 1, x: number): { j: DD; h: DD } {
  const q = twoProd(x, x);
  q[0] *= 0.25;
  q[1] *= 0.25;
  let t: DD = [1, 0];
  let j: DD = [1, 0];
  let hk: DD = [0, 0]; // H_k
  let h: DD = order === 0 ? [0, 0] : [1, 0]; // k = 0 term: H_0 = 0, H_0 + H_1 = 1
  for (let k = 1; k < 300; k++) {
    t = ddDiv(ddNeg(ddMul(t, q)), k * (k + order));
    hk = ddAdd(hk, ddDiv([1, 0], k));
    const weight = order === 0 ? hk : ddAdd(ddAdd(hk, hk), ddDiv([1, 0], k + 1));
    j = ddAdd(j, t);
    h = ddAdd(h, ddMul(t, weight));
    if (Math.abs(t[0]) < 1e-36 && k > x) break;
  }
  return { j, h };
}

/**
 * Hankel's expansion for large x (A&S 9.2.5-9.2.10): J = (P cos chi - Q sin chi) sqrt(2 / (pi x)), Y = (P sin chi +
 * Q cos chi) sqrt(2 / (pi x)), chi = x - (order / 2 + 1/4) pi, with cos chi, sin chi from cos x and sin x (exactly
 * reduced) instead of rounding chi. Stops at its smallest term (about e^-2x: below 1e-17 from x = 20).
 */
function hankel(order: 0 | 1, x: number): { j: number; y: number } {
  const mu = 4 * order * order;
  let p = 1;
  let q = 0;
  let term = 1;
  for (let k = 1; k < 100; k++) {
    const next = (term * (mu - (2 * k - 1) ** 2)) / (8 * k * x);
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    const sign = (k >> 1) % 2 === 0 ? 1 : -1; // P = r0 - r2 + r4 ..., Q = r1 - r3 + r5 ...
    if (k % 2 === 0) p += sign * term;
    else q += sign * term;
    if (Math.abs(term) < 1e-18) break;
  }
  const c = Math.cos(x);
  const s = Math.sin(x);
  const scale = INV_SQRT_PI / Math.sqrt(x); // sqrt(2 / (pi x)) / sqrt 2
  if (order === 0) return { j: scale * (p * (c + s) - q * (s - c)), y: scale * (p * (s - c) + q * (c + s)) };
  return { j: scale * (p * (s - c) + q * (s + c)), y: scale * (q * (s - c) - p * (s + c)) };
}

const SERIES_LIMIT = 20;

function besselJ0(x: number): number {
  if (!Number.isFinite(x)) return NaN; // PyTorch 1.13: NaN at +-inf
  const ax = Math.abs(x);
  if (ax > SERIES_LIMIT) return hankel(0, ax).j;
  const { j } = jySeries(0, ax);
  return j[0] + j[1];
}

function besselJ1(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (x === 0) return x;
  const ax = Math.abs(x);
  let v: number;
  if (ax > SERIES_LIMIT) v = hankel(1, ax).j;
  else {
    const { j } = jySeries(1, ax);
    v = (j[0] + j[1]) * (ax / 2);
  }
  return x < 0 ? -v : v;
}

/** Y0 = (2/pi) ((ln(x/2) + gamma) J0 - sum_k H_k t_k) (A&S 9.1.13); NaN below 0, -inf at 0. */
function besselY0(x: number): number {
  if (!(x >= 0) || x === Infinity) return NaN;
  if (x === 0) return -Infinity;
  if (x > SERIES_LIMIT) return hankel(0, x).y;
  if (x < 1e-150) return 2 * INV_PI * (logHalf(x) + EULER); // J0 = 1 and the sum 0 to well below an ULP
  const { j, h } = jySeries(0, x);
  const l = logHalf(x) + EULER;
  const bracket = ddAdd(ddMul([l, 0], j), ddNeg(h));
  return 2 * INV_PI * (bracket[0] + bracket[1]);
}

/** Y1 = (2/pi)(ln(x/2) + gamma) J1 - 2/(pi x) - (x / 2pi) sum_k (H_k + H_{k+1}) t_k (A&S 9.1.11, psi = H - gamma). */
function besselY1(x: number): number {
  if (!(x >= 0) || x === Infinity) return NaN;
  if (x === 0) return -Infinity;
  if (x > SERIES_LIMIT) return hankel(1, x).y;
  if (x < 1e-150) return (-2 * INV_PI) / x; // the other terms are below an ULP of it
  const { j, h } = jySeries(1, x);
  const l = logHalf(x) + EULER;
  // (x/2) [2 l J1' - h] / pi, J1 = (x/2) J1', then - 2/(pi x)
  const inner = ddAdd(ddMul([2 * l, 0], j), ddNeg(h));
  const tail = (inner[0] + inner[1]) * (x / 2) * INV_PI;
  return tail - (2 * INV_PI) / x;
}

// ---- K0, K1 (and K_{1/3} for Airy) by the trapezoidal rule ----

/**
 * e^x K_nu(x) = int_0^inf e^(-x (cosh t - 1)) cosh(nu t) dt, x > 0, by the trapezoidal rule with step
 * min(0.05, 0.25 / sqrt x) (the peak's width shrinks as 1/sqrt x), summed until the terms fall below 1e-18 of the sum.
 */
function scaledK(nu: number, x: number): number {
  const h = Math.min(0.05, 0.25 / Math.sqrt(x));
  let sum = 0.5;
  for (let i = 1; i < 100000; i++) {
    const t = i * h;
    const sh = Math.sinh(t / 2);
    const f = Math.exp(-2 * x * sh * sh) * (nu === 0 ? 1 : Math.cosh(nu * t));
    sum += f;
    if (f < sum * 1e-18) break;
  }
  return sum * h;
}

/** e^-x times s without underflowing early: two half exponentials. */
function timesExpNeg(s: number, x: number): number {
  if (x < 700) return s * Math.exp(-x);
  const e = Math.exp(-x / 2);
  return s * e * e;
}

function kOf(nu: 0 | 1, scaled: boolean) {
  return (x: number) => {
    if (Number.isNaN(x) || x < 0 || x === -Infinity) return NaN;
    if (x === 0) return Infinity;
    if (x === Infinity) return 0;
    // below 1e-150 the next terms (x^2 ln x, x ln x) are far below an ULP, and the integral's range would overflow cosh
    if (x < 1e-150) return nu === 0 ? -(logHalf(x) + EULER) : 1 / x;
    const s = scaledK(nu, x);
    return scaled ? s : timesExpNeg(s, x);
  };
}

// ---- Airy Ai ----

const AI0: DD = [0.3550280538878172, 2.05233632436212e-17]; // Ai(0) = 1 / (3^(2/3) Gamma(2/3))
const AIP0: DD = [0.2588194037928068, -2.522243111610832e-17]; // -Ai'(0) = 1 / (3^(1/3) Gamma(1/3))

/** zeta = (2/3) z^(3/2) as a double-double [hi, lo]: sqrt's rounding corrected, the product and division exact. */
function airyZeta(z: number): DD {
  const r = Math.sqrt(z);
  const [sq, sqLo] = twoProd(r, r);
  const rLo = (z - sq - sqLo) / (2 * r); // sqrt(z) = r + rLo to double-double accuracy
  const prod = ddAdd(twoProd(z, r), [z * rLo, 0]);
  return ddDiv(ddAdd(prod, prod), 3);
}

function airyAi(x: number): number {
  if (!Number.isFinite(x)) return NaN; // PyTorch 1.13: NaN at +-inf
  if (x >= 1) {
    const [zeta, lo] = airyZeta(x);
    // e^-(zeta + lo) = e^-zeta (1 - lo): zeta's rounding would otherwise cost zeta ULPs
    return timesExpNeg(Math.sqrt(x / 3) * INV_PI * scaledK(1 / 3, zeta) * (1 - lo), zeta);
  }
  if (x >= -10) {
    // Ai = Ai(0) f - (-Ai'(0)) g, f = sum t_k, t_k = t_{k-1} x^3 / ((3k-1) 3k), g = sum u_k, u_k = u_{k-1} x^3 / (3k (3k+1))
    const x3 = ddMul(twoProd(x, x), [x, 0]);
    let t: DD = [1, 0];
    let u: DD = [x, 0];
    let f: DD = [1, 0];
    let g: DD = [x, 0];
    for (let k = 1; k < 200; k++) {
      t = ddDiv(ddMul(t, x3), (3 * k - 1) * 3 * k);
      u = ddDiv(ddMul(u, x3), 3 * k * (3 * k + 1));
      f = ddAdd(f, t);
      g = ddAdd(g, u);
      if (Math.abs(t[0]) + Math.abs(u[0]) < 1e-36) break;
    }
    const v = ddAdd(ddMul(AI0, f), ddNeg(ddMul(AIP0, g)));
    return v[0] + v[1];
  }
  // DLMF 9.7.9: Ai(-z) ~ (cos(zeta - pi/4) P + sin(zeta - pi/4) Q) / (sqrt(pi) z^(1/4)), P = sum (-1)^k u_2k zeta^-2k,
  // Q = sum (-1)^k u_2k+1 zeta^-(2k+1), u_k = u_{k-1} (6k-5)(6k-3)(6k-1) / (216 k (2k-1)); smallest term ~ e^(-2 zeta)
  const z = -x;
  const [zeta, lo] = airyZeta(z);
  let p = 1;
  let q = 0;
  let term = 1;
  for (let k = 1; k < 200; k++) {
    const next = (term * (6 * k - 5) * (6 * k - 3) * (6 * k - 1)) / (216 * k * (2 * k - 1) * zeta);
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    const sign = (k >> 1) % 2 === 0 ? 1 : -1;
    if (k % 2 === 0) p += sign * term;
    else q += sign * term;
    if (Math.abs(term) < 1e-18) break;
  }
  // cos and sin of zeta + lo (zeta's rounding error would shift the phase by up to zeta ULPs)
  const c0 = Math.cos(zeta);
  const s0 = Math.sin(zeta);
  const c = c0 - s0 * lo;
  const s = s0 + c0 * lo;
  return (Math.SQRT1_2 * (p * (c + s) + q * (s - c))) / (Math.sqrt(Math.PI) * Math.sqrt(Math.sqrt(z)));
}

// ---- the rest of the unary functions ----

function modifiedI0(x: number): number {
  return besselI(0, x); // NaN at +-inf, as PyTorch 1.13's
}
function modifiedI1(x: number): number {
  return x === 0 ? 0 : besselI(1, x); // PyTorch: +0 at -0
}

/** sin(x) / x, 1 at 0 and 0 at +-inf (PyTorch's), sin being exactly reduced. */
function sphericalJ0(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return 0;
  if (Math.abs(x) < 1e-8) return 1 - (x * x) / 6;
  return Math.sin(x) / x;
}

/** One of PyTorch 1.13's unary special functions: no gradient (the result never requires grad). */
function unaryNoGrad(op: string, f: (v: number) => number): (input: Tensor) => Tensor {
  const fn = function (input: Tensor): Tensor {
    checkArgs(op, arguments, 1);
    return mapUnary(checkTensor(op, input).detach(), f);
  };
  Object.defineProperty(fn, 'name', { value: op });
  return fn;
}

export const bessel_j0 = unaryNoGrad('special_bessel_j0', besselJ0);
export const bessel_j1 = unaryNoGrad('special_bessel_j1', besselJ1);
export const bessel_y0 = unaryNoGrad('special_bessel_y0', besselY0);
export const bessel_y1 = unaryNoGrad('special_bessel_y1', besselY1);
export const modified_bessel_i0 = unaryNoGrad('special_modified_bessel_i0', modifiedI0);
export const modified_bessel_i1 = unaryNoGrad('special_modified_bessel_i1', modifiedI1);
export const modified_bessel_k0 = unaryNoGrad('special_modified_bessel_k0', kOf(0, false));
export const modified_bessel_k1 = unaryNoGrad('special_modified_bessel_k1', kOf(1, false));
export const scaled_modified_bessel_k0 = unaryNoGrad('special_scaled_modified_bessel_k0', kOf(0, true));
export const scaled_modified_bessel_k1 = unaryNoGrad('special_scaled_modified_bessel_k1', kOf(1, true));
export const spherical_bessel_j0 = unaryNoGrad('special_spherical_bessel_j0', sphericalJ0);
export const airy_ai = unaryNoGrad('special_airy_ai', airyAi);

// ---- orthogonal polynomials ----

/**
 * n as PyTorch 1.13 takes it: truncated toward zero to int64; NaN, +-inf and values beyond int64 become int64's
 * minimum (the x86 conversion's "indefinite" value), i.e. negative, for which every family gives 0.
 */
function degree(n: number): number {
  if (!Number.isFinite(n) || Math.abs(n) >= 9223372036854775808) return -1;
  return Math.trunc(n);
}

/**
 * The steps of a three-term recurrence up to degree n. For finite x it stops once the value overflows double: the
 * true value is then beyond every dtype, and its sign is the dominant solution's (PyTorch's float steps continue to
 * inf - inf = NaN instead). For x = +-inf it continues as PyTorch's, whose NaN from inf - inf is its convention there
 * (T_2(inf) = inf, T_3(inf) = NaN), stopping at the first NaN.
 */
type Step = (k: number, p: number, q: number) => number;
function recur(x: number, n: number, p0: number, p1: number, step: Step): number {
  if (n === 0) return p0;
  const finite = Number.isFinite(x);
  let q = p0;
  let p = p1;
  for (let k = 1; k < n; k++) {
    const next = step(k, p, q);
    q = p;
    p = next;
    if (finite ? !Number.isFinite(p) : Number.isNaN(p)) break;
  }
  return p;
}

const even = (n: number) => n % 2 === 0;
/** Degree beyond which the trigonometric forms replace the recurrence on (-1, 1) (PyTorch switches from 6 or 8 on: its
 * cos(n acos x) loses the exact zeros, e.g. T_65(0) = 3.8e-7 in float32; the recurrence keeps them). */
const TRIG_DEGREE = 10000;

function chebyshevT(x: number, nIn: number): number {
  const n = degree(nIn);
  if (n < 0) return 0;
  if (Math.abs(x) === 1) return x > 0 || even(n) ? 1 : -1;
  if (n > TRIG_DEGREE && Math.abs(x) < 1) return Math.cos(n * Math.acos(x));
  return recur(x, n, 1, x, (_k, p, q) => 2 * x * p - q);
}

function chebyshevU(x: number, nIn: number): number {
  const n = degree(nIn);
  if (n < 0) return 0;
  if (Math.abs(x) === 1) return x > 0 || even(n) ? n + 1 : -(n + 1);
  if (n > TRIG_DEGREE && Math.abs(x) < 1) {
    const th = Math.acos(x);
    return Math.sin((n + 1) * th) / Math.sin(th);
  }
  return recur(x, n, 1, 2 * x, (_k, p, q) => 2 * x * p - q);
}

function chebyshevV(x: number, nIn: number): number {
  const n = degree(nIn);
  if (n < 0) return 0;
  if (Math.abs(x) === 1) return x > 0 ? 1 : even(n) ? n + n + 1 : -(n + n + 1);
  if (n > TRIG_DEGREE && Math.abs(x) < 1) {
    const th = Math.acos(x);
    return Math.cos((n + 0.5) * th) / Math.cos(th / 2);
  }
  return recur(x, n, 1, 2 * x - 1, (_k, p, q) => 2 * x * p - q);
}

function chebyshevW(x: number, nIn: number): number {
  const n = degree(nIn);
  if (n < 0) return 0;
  if (Math.abs(x) === 1) return x > 0 ? n + n + 1 : even(n) ? 1 : -1;
  if (n > TRIG_DEGREE && Math.abs(x) < 1) {
    const th = Math.acos(x);
    return Math.sin((n + 0.5) * th) / Math.sin(th / 2);
  }
  return recur(x, n, 1, 2 * x + 1, (_k, p, q) => 2 * x * p - q);
}

/** The shifted families on [0, 1]: P*(x) = P(2x - 1) (exact in double for float32 inputs). */
const shifted = (f: (x: number, n: number) => number) => (x: number, n: number) => f(2 * x - 1, n);

function hermiteH(x: number, nIn: number): number {
  const n = degree(nIn);
  if (n < 0) return 0;
  return recur(x, n, 1, 2 * x, (k, p, q) => 2 * x * p - 2 * k * q);
}

function hermiteHe(x: number, nIn: number): number {
  const n = degree(nIn);
  if (n < 0) return 0;
  return recur(x, n, 1, x, (k, p, q) => x * p - k * q);
}

function laguerreL(x: number, nIn: number): number {
  const n = degree(nIn);
  if (n < 0) return 0;
  if (x === 0) return 1;
  return recur(x, n, 1, 1 - x, (k, p, q) => ((2 * k + 1 - x) * p - k * q) / (k + 1));
}

function legendreP(x: number, nIn: number): number {
  const n = degree(nIn);
  if (n < 0) return 0;
  if (Math.abs(x) === 1) return x > 0 || even(n) ? 1 : -1;
  return recur(x, n, 1, x, (k, p, q) => ((2 * k + 1) * x * p - k * q) / (k + 1));
}

/**
 * A polynomial family as PyTorch's special_*(x, n): x and n tensors or numbers (not both numbers), broadcast, the
 * result in their promoted dtype (integers in the default dtype); no gradient.
 */
// Laguerre and Legendre values stay finite, so their recurrences run all n steps (PyTorch's too): a call is refused
// beyond this many steps in all, rather than running for hours on a huge n.
const MAX_RECURRENCE_STEPS = 2 ** 27;

function polynomial(op: string, f: (x: number, n: number) => number, linearInN = false): (input: Tensor | number, n: Tensor | number) => Tensor {
  const fn = function (input: Tensor | number, n: Tensor | number): Tensor {
    checkArgs(op, arguments, 2, [], 2);
    const isNum = (v: unknown) => typeof v === 'number' || typeof v === 'boolean';
    if (!((input instanceof Tensor && (n instanceof Tensor || isNum(n))) || (isNum(input) && n instanceof Tensor))) {
      throw new TypeError(
        `${op}() received an invalid combination of arguments - got (${typeName(input)}, ${typeName(n)}), but expected one of:\n` +
          ' * (Tensor x, Tensor n, *, Tensor out)\n * (Number x, Tensor n, *, Tensor out)\n * (Tensor x, Number n, *, Tensor out)\n',
      );
    }
    const promoted = input instanceof Tensor ? resultType(input, n as Tensor | number) : resultType(n as Tensor, input as number);
    const dtype: DType = floatOf(promoted);
    const asTensor = (v: Tensor | number) => (v instanceof Tensor ? (v.dtype === dtype ? v.detach() : cast(v.detach(), dtype)) : fromValues([+v], [], dtype));
    const a = asTensor(input);
    const b = asTensor(n);
    const shape = broadcastShapes(op, a.shape, b.shape);
    const xs = expand(a, shape)._contiguousData();
    const ns = expand(b, shape)._contiguousData();
    if (linearInN) {
      let steps = 0;
      for (let i = 0; i < ns.length; i++) steps += Math.max(0, degree(ns[i]));
      if (steps > MAX_RECURRENCE_STEPS) {
        throw new RangeError(`${op}(): degrees n totalling ${steps} recurrence steps; torchlet computes at most 2^27 per call`);
      }
    }
    const out = B.alloc(dtype, xs.length, false);
    for (let i = 0; i < out.length; i++) out[i] = f(xs[i], ns[i]);
    return new Tensor(out, shape, dtype);
  };
  Object.defineProperty(fn, 'name', { value: op });
  return fn;
}

export const chebyshev_polynomial_t = polynomial('special_chebyshev_polynomial_t', chebyshevT);
export const chebyshev_polynomial_u = polynomial('special_chebyshev_polynomial_u', chebyshevU);
export const chebyshev_polynomial_v = polynomial('special_chebyshev_polynomial_v', chebyshevV);
export const chebyshev_polynomial_w = polynomial('special_chebyshev_polynomial_w', chebyshevW);
export const shifted_chebyshev_polynomial_t = polynomial('special_shifted_chebyshev_polynomial_t', shifted(chebyshevT));
export const shifted_chebyshev_polynomial_u = polynomial('special_shifted_chebyshev_polynomial_u', shifted(chebyshevU));
export const shifted_chebyshev_polynomial_v = polynomial('special_shifted_chebyshev_polynomial_v', shifted(chebyshevV));
export const shifted_chebyshev_polynomial_w = polynomial('special_shifted_chebyshev_polynomial_w', shifted(chebyshevW));
export const hermite_polynomial_h = polynomial('special_hermite_polynomial_h', hermiteH);
export const hermite_polynomial_he = polynomial('special_hermite_polynomial_he', hermiteHe);
export const laguerre_polynomial_l = polynomial('special_laguerre_polynomial_l', laguerreL, true);
export const legendre_polynomial_p = polynomial('special_legendre_polynomial_p', legendreP, true);
