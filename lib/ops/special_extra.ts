// The rest of torch.special's elementwise functions: the exponentially scaled and first-order modified Bessel
// functions (i0e, i1, i1e), the standard normal's CDF, its inverse and log (ndtr, ndtri, log_ndtr), the scaled
// complementary error function erfcx and the entropy term entr. Like ops/special.ts, each maps the elements through
// a double-precision function rounded once to the tensor's dtype (integers compute in the default dtype); each backward is
// PyTorch 1.13's formula, composed of differentiable ops.
import { Tensor } from '../tensor';
import { add, compare, div, log, mul, neg, sub, where } from './elementwise';
import { reciprocal, unary } from './math';
import { besselI, i0, mapUnary, sgn } from './math_extra';
import { erfcFraction, erfcScalar, erfinvScalar, expSquare } from './special';

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * e^-|x| I_order(x): the power series (all terms of one sign) scaled, up to |x| = 30; beyond, the asymptotic series
 * e^-x I_nu(x) ~ (2 pi x)^(-1/2) sum_k (-1)^k a_k(nu) / x^k with a_k = prod_{j<=k} (4 nu^2 - (2j - 1)^2) / (k! 8^k)
 * (Abramowitz & Stegun 9.7.1), whose smallest term there is about e^-2x < 1e-26.
 */
function besselIe(order: 0 | 1, x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax <= 30) return besselI(order, x) * Math.exp(-ax);
  if (ax === Infinity) return order === 0 ? 0 : x > 0 ? 0 : -0;
  const mu = 4 * order * order;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    const next = (term * -(mu - (2 * k - 1) ** 2)) / (k * 8 * ax);
    if (Math.abs(next) >= Math.abs(term)) break; // the series is asymptotic: stop at its smallest term
    term = next;
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
  }
  const value = sum / Math.sqrt(2 * Math.PI * ax);
  return order === 1 && x < 0 ? -value : value;
}

/** The standard normal CDF: erfc(-x / sqrt 2) / 2. */
export function ndtrScalar(x: number): number {
  return 0.5 * erfcScalar(-x * Math.SQRT1_2);
}

/** erfcx(x) = e^(x^2) erfc(x): the continued fraction without its e^(-x^2) from 1 on; 2 e^(x^2) - erfcx(-x) below 0. */
export function erfcxScalar(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return x < -26.7 ? Infinity : 2 * expSquare(x, 1) - erfcxScalar(-x);
  if (x < 1) return erfcScalar(x) * expSquare(x, 1);
  return 1 / (SQRT_PI * erfcFraction(x));
}

/** log ndtr(x): log1p(-ndtr(-x)) from 0 on, else log(erfcx(-x / sqrt 2) / 2) - x^2 / 2 (no underflow in the tail). */
export function logNdtrScalar(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 0) return Math.log1p(-ndtrScalar(-x));
  return Math.log(0.5 * erfcxScalar(-x * Math.SQRT1_2)) - (x * x) / 2;
}

/**
 * ndtri(p): the x with ndtr(x) = p. Abramowitz & Stegun 26.2.23's rational guess (error < 4.5e-4), refined by
 * Halley steps on ndtr(x) - p (cubic convergence); sqrt(2) erfinv(2p - 1) for p in [1/4, 1/2], and p > 1/2 by
 * symmetry, 1 - p being exact there.
 */
export function ndtriScalar(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -ndtriScalar(1 - p);
  if (p >= 0.25) return Math.SQRT2 * erfinvScalar(2 * p - 1); // 2p - 1 exact: no cancellation around 0
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  for (let i = 0; i < 8; i++) {
    const u = (ndtrScalar(x) - p) * SQRT_2PI * expSquare(x * Math.SQRT1_2, 1);
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (!(Math.abs(step) > Math.abs(x) * 1e-16)) break;
  }
  return x;
}

/** -x log x for x > 0, 0 at 0, -inf below. */
function entrScalar(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 0) return -x * Math.log(x);
  return x === 0 ? 0 : -Infinity;
}

const i1Of = (v: number) => besselI(1, v);
const i0eOf = (v: number) => besselIe(0, v);
const i1eOf = (v: number) => besselIe(1, v);
const isZero = (x: Tensor) => compare('eq', x, 0);

/** torch.special.i0e(input): e^-|x| I0(x); gradient i1e(x) - sgn(x) i0e(x). */
export const i0e = unary('special_i0e', 'SpecialI0EBackward0', i0eOf, (x, y, g) => mul(g, sub(i1e(x), mul(sgn(x), y))));

/** torch.special.i1(input): the modified Bessel function I1; gradient i0(x) - i1(x) / x (1/2 at 0). */
export const i1 = unary('special_i1', 'SpecialI1Backward0', i1Of, (x, y, g) => mul(g, where(isZero(x), 0.5, sub(i0(x), div(y, x)))));

/** torch.special.i1e(input): e^-|x| I1(x); gradient i0e(x) - i1e(x) (sgn(x) + 1/x) (1/2 at 0). */
export const i1e = unary('special_i1e', 'SpecialI1EBackward0', i1eOf, (x, y, g) =>
  mul(g, where(isZero(x), 0.5, sub(i0e(x), mul(y, add(sgn(x), reciprocal(x)))))),
);

/**
 * A gradient factor f(x) computed elementwise in double and rounded once (not composed of rounded tensor ops, whose
 * float32 steps would cost up to x^2 ULPs through the exponentials below); backward is not differentiated again.
 */
const slope = (x: Tensor, f: (v: number) => number) => mapUnary(x.detach(), f);
const normalPdf = (v: number) => expSquare(v * Math.SQRT1_2, -1) / SQRT_2PI;

/** torch.special.ndtr(input): the standard normal CDF; gradient its density e^(-x^2/2) / sqrt(2 pi). */
export const ndtr = unary('special_ndtr', 'SpecialNdtrBackward0', ndtrScalar, (x, _y, g) => mul(g, slope(x, normalPdf)));

/** torch.special.ndtri(input): the inverse of ndtr on [0, 1] (NaN outside); gradient sqrt(2 pi) e^(ndtri(p)^2 / 2). */
export const ndtri = unary('special_ndtri', 'SpecialNdtriBackward0', ndtriScalar, (_x, y, g) => mul(g, slope(y, (v) => SQRT_2PI * expSquare(v * Math.SQRT1_2, 1))));

/**
 * torch.special.log_ndtr(input): log ndtr(x) without underflow; gradient e^(-x^2/2 - log_ndtr(x)) / sqrt(2 pi), taken
 * as sqrt(2/pi) / erfcx(-x / sqrt 2) below 0 (no cancellation of the two exponents) and pdf / ndtr above.
 */
export const log_ndtr = unary('special_log_ndtr', 'SpecialLogNdtrBackward0', logNdtrScalar, (x, _y, g) =>
  mul(g, slope(x, (v) => (v < 0 ? Math.sqrt(2 / Math.PI) / erfcxScalar(-v * Math.SQRT1_2) : normalPdf(v) / ndtrScalar(v)))),
);

/** torch.special.erfcx(input): e^(x^2) erfc(x); gradient 2 x erfcx(x) - 2 / sqrt(pi). */
export const erfcx = unary('special_erfcx', 'SpecialErfcxBackward0', erfcxScalar, (x, _y, g) => mul(g, slope(x, (v) => 2 * v * erfcxScalar(v) - 2 / SQRT_PI)));

/** torch.special.entr(input): -x log x elementwise (0 at 0, -inf for x < 0); gradient -(1 + log x). */
export const entr = unary('special_entr', 'SpecialEntrBackward0', entrScalar, (x, _y, g) => mul(g, neg(add(log(x), 1))));
