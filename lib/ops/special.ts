// The math around activations that PyTorch has beside them: erfc, erfinv, logit, copysign, signbit, and the
// in-place forms (x.op_()) of these and of a few existing ops. Like ops/math.ts, the transcendental ones map each
// element through a double-precision JS function rounded once, one loop for both backends.
import { B } from '../backend';
import { getDefaultDtype, isFloating, type DType } from '../dtype';
import { no_grad, record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { checkArgs, resolveArgs } from '../args';
import { unaryFns } from '../backend/js';
import { abs, castError, add, clamp, compare, div, exp, mul, neg, resultType, where } from './elementwise';
import { atanh, clamp_max, clamp_min, unary } from './math';
import { cast, expand, sumToShape } from './shape';
import { inplaceResult } from './inplace';
import { broadcastShapes } from '../shape';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const erfScalar = (x: number) => unaryFns.erf(x, 0, 0);

/**
 * erfc(x) = 1 - erf(x) in double, accurate in the tail where 1 - erf(x) would cancel: below 1 the difference
 * loses under 3 bits; from 1 on, the continued fraction e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
 * (modified Lentz), which converges in a few dozen terms there.
 */
export function erfcScalar(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfcScalar(-x);
  if (x < 1) return 1 - erfScalar(x); // erfc(1) = 0.157: the difference loses under 3 bits
  if (x > 27.3) return 0; // below the smallest double
  return expSquare(x, -1) / Math.sqrt(Math.PI) / erfcFraction(x);
}

/**
 * For x >= 1: the continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...))) = e^(-x^2) / (sqrt(pi) erfc(x))
 * (modified Lentz), which converges in a few dozen terms there.
 */
export function erfcFraction(x: number): number {
  if (x > 1e8) return x; // the next term, 1 / (2x), is below half an ULP of x
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return f;
}

/**
 * e^(sign x^2) with x^2 taken exactly as hi + lo (Dekker's product): the rounding of x * x would cost e^(-x^2) x^2
 * ULPs.
 */
export function expSquare(x: number, sign: 1 | -1): number {
  const c = 134217729 * x; // 2^27 + 1: splits x into two halves whose products are exact
  const xh = c - (c - x);
  const xl = x - xh;
  const hi = x * x;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return Math.exp(sign * hi) * Math.exp(sign * lo);
}

/**
 * erfinv(y): the x with erf(x) = y, in double. A single-precision starting guess (M. Giles' polynomial fits)
 * refined by Halley steps on erf(x) - y, written as (1 - y) - erfc(x) near |y| = 1 where it would cancel.
 */
export function erfinvScalar(y: number): number {
  if (!(Math.abs(y) <= 1)) return NaN; // NaN, and |y| > 1
  if (y === 0) return y; // keeps -0
  if (Math.abs(y) === 1) return y * Infinity;
  const s = Math.sign(y);
  const a = Math.abs(y);
  let w = -Math.log((1 - a) * (1 + a));
  let x: number;
  if (w < 5) {
    w -= 2.5;
    x = 2.81022636e-8;
    for (const c of [3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3, -4.17768164e-3, 0.246640727, 1.50140941]) x = c + x * w;
  } else {
    w = Math.sqrt(w) - 3;
    x = -2.00214257e-4;
    for (const c of [1.00950558e-4, 1.34934322e-3, -3.67342844e-3, 5.73950773e-3, -7.6224613e-3, 9.43887047e-3, 1.00167406, 2.83297682]) x = c + x * w;
  }
  x *= a;
  const r = 1 - a; // exact for a >= 0.5
  for (let i = 0; i < 8; i++) {
    const f = a < 0.5 ? erfScalar(x) - a : r - erfcScalar(x);
    const fp = TWO_OVER_SQRT_PI * Math.exp(-x * x);
    // Halley's step for erf, whose second derivative is -2x erf'(x)
    const step = f / (fp + x * f);
    if (!Number.isFinite(step)) break;
    x -= step;
    if (Math.abs(step) <= Math.abs(x) * 1e-17) break;
  }
  return s * x;
}

/** torch.erfc(input): 1 - erf(input), accurate for large input; d/dx = -2/sqrt(pi) e^(-x^2). */
export const erfc = unary('erfc', 'ErfcBackward0', erfcScalar, (x, _y, g) => mul(g, mul(exp(neg(mul(x, x))), -TWO_OVER_SQRT_PI)));

/** torch.erfinv(input): the inverse error function on [-1, 1] (NaN outside); d/dx = sqrt(pi)/2 e^(erfinv(x)^2). */
export const erfinv = unary('erfinv', 'ErfinvBackward0', erfinvScalar, (_x, y, g) => mul(g, mul(exp(mul(y, y)), Math.sqrt(Math.PI) / 2)));

/** logit's clamping bounds in x's precision, as PyTorch computes lo = eps and hi = 1 - eps in the tensor's dtype. */
function logitBounds(dtype: DType, eps: number): [number, number] {
  if (dtype !== 'float32') return [eps, 1 - eps];
  const lo = Math.fround(eps);
  return [lo, Math.fround(1 - lo)];
}

/**
 * torch.logit(input, eps = None): log(z / (1 - z)), z = input clamped to [eps, 1 - eps] when eps is given and not
 * negative. PyTorch's gradient: 1 / (x (1 - x)), 0 outside [eps, 1 - eps] (NaN outside [0, 1] without eps).
 */
export function logit(input: Tensor, eps?: number | null | { eps?: number | null }): Tensor {
  const x = checkTensor('logit', input);
  const e = resolveArgs<{ eps?: number | null }>('logit', ['eps'], { eps: null }, arguments, 1).eps ?? -1;
  if (typeof e !== 'number') throw new TypeError(`logit(): argument 'eps' must be float, not ${typeName(e)}`);
  const input32 = isFloating(x.dtype) ? x : cast(x, getDefaultDtype());
  const [lo, hi] = logitBounds(input32.dtype, e);
  const src = input32._contiguousData();
  const out = B.alloc(input32.dtype, src.length, false);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    // min(max(v, lo), hi), as PyTorch's vectorized loop: hi wins when eps > 0.5 (its scalar tail loop lets lo win)
    const raised = v < lo ? lo : v;
    const z = e < 0 ? v : raised > hi ? hi : raised;
    out[i] = Math.log(z / (1 - z));
  }
  return record(new Tensor(out, x.shape, input32.dtype), 'LogitBackward0', [x], (g) => {
    const slope = div(g, mul(x, add(neg(x), 1)));
    const outside = compare('lt', x, e < 0 ? 0 : lo).logical_or(compare('gt', x, e < 0 ? 1 : hi));
    return [where(outside, e < 0 ? NaN : 0, slope)];
  });
}

/** torch.expit: the sigmoid, as torch.special names it. */
export function expit(input: Tensor): Tensor {
  checkArgs('expit', arguments, 1);
  return checkTensor('expit', input).sigmoid();
}

/**
 * torch.copysign(input, other): |input| with the sign of other (-0 and NaN's sign bit count), as a float tensor.
 * PyTorch's gradient: grad * (result / input) for input (0 where input is 0), zero for other.
 */
export function copysign(input: Tensor, other: Tensor | number): Tensor {
  checkArgs('copysign', arguments, 2, [], 2);
  const a = checkTensor('copysign', input);
  if (!(other instanceof Tensor) && typeof other !== 'number' && typeof other !== 'boolean') {
    throw new TypeError(`copysign(): argument 'other' (position 2) must be Tensor or Number, not ${typeName(other)}`);
  }
  let dtype = resultType(a, other);
  if (!isFloating(dtype)) dtype = getDefaultDtype();
  const b = other instanceof Tensor ? checkTensor('copysign', other, 'other', 2) : new Tensor(B.alloc(dtype, 1, false).fill(+other), [], dtype);
  const shape = broadcastShapes('copysign', a.shape, b.shape);
  const magnitudes = expand(cast(a.detach(), dtype), shape)._contiguousData();
  const negative = signbitValues(expand(cast(b.detach(), dtype), shape));
  const out = B.alloc(dtype, magnitudes.length, false);
  for (let i = 0; i < out.length; i++) out[i] = negative[i] ? -Math.abs(magnitudes[i]) : Math.abs(magnitudes[i]);
  const result = new Tensor(out, shape, dtype);
  const inputs = other instanceof Tensor ? [a, b] : [a];
  return record(result, other instanceof Tensor ? 'CopysignBackward0' : 'CopysignBackward1', inputs, (g) => [
    sumToShape(mul(g, where(compare('eq', a, 0), 0, div(result, a))), a.shape),
    other instanceof Tensor ? sumToShape(mul(g, 0), b.shape) : null,
  ]);
}

/** Per element of t (in row-major order): whether its sign bit is set, read from the bits for floats (-0, -NaN). */
function signbitValues(t: Tensor): Uint8Array {
  const data = t._contiguousData();
  const flags = new Uint8Array(data.length);
  if (isFloating(t.dtype)) {
    const words = new Uint32Array(data.buffer, data.byteOffset, (data.length * data.BYTES_PER_ELEMENT) / 4);
    const stride = data.BYTES_PER_ELEMENT / 4; // float64: the high word (little-endian) holds the sign
    for (let i = 0; i < data.length; i++) flags[i] = words[i * stride + stride - 1] >>> 31;
  } else {
    for (let i = 0; i < data.length; i++) flags[i] = data[i] < 0 ? 1 : 0;
  }
  return flags;
}

/** torch.signbit(input): whether each element's sign bit is set (true for -0. and -inf, false for NaN). No gradient. */
export function signbit(input: Tensor): Tensor {
  checkArgs('signbit', arguments, 1);
  const x = checkTensor('signbit', input);
  return new Tensor(signbitValues(x), x.shape, 'bool');
}

/** F.hardshrink(input, lambd = 0.5): x where |x| > lambd, else 0 (NaN stays NaN). */
export function hardshrink(input: Tensor, lambd: number | { lambd?: number } = 0.5): Tensor {
  checkTensor('hardshrink', input);
  ({ lambd } = resolveArgs('hardshrink', ['lambd'], { lambd: 0.5 as number }, arguments, 1));
  return where(compare('le', abs(input), lambd), 0, input);
}

// ---- in-place forms ----

/**
 * x.op_(): `result` (the out-of-place op on x) written back into x, through autograd as PyTorch (see inplace.ts).
 * PyTorch's checks: a leaf that requires grad is refused, and a float result cannot go into an integer tensor.
 */
export function writeBack<T extends Tensor>(name: string, x: T, result: (x: T) => Tensor): T {
  return inplaceResult(name, x, (t) => {
    const r = result(t as T);
    if (isFloating(r.dtype) && !isFloating(x.dtype)) throw castError(name, r.dtype, x.dtype);
    return r;
  });
}

export function erfc_(input: Tensor): Tensor {
  checkArgs('erfc_', arguments, 1);
  return writeBack('erfc_', checkTensor('erfc_', input), erfc);
}

export function logit_(input: Tensor, eps?: number | null | { eps?: number | null }): Tensor {
  const e = resolveArgs<{ eps?: number | null }>('logit_', ['eps'], { eps: null }, arguments, 1).eps;
  return writeBack('logit_', checkTensor('logit_', input), (x) => logit(x, e));
}

export function erfinv_(input: Tensor): Tensor {
  checkArgs('erfinv_', arguments, 1);
  return writeBack('erfinv_', checkTensor('erfinv_', input), erfinv);
}

/** atanh written in place; inside a graph its backward fails, as PyTorch 1.13 has none for it. */
function atanhInPlace(name: string, input: Tensor): Tensor {
  return writeBack(name, checkTensor(name, input), (x) =>
    record(no_grad(() => atanh(x)), 'NotImplemented', [x], () => {
      throw new Error("the derivative for 'inplace version of atanh' is not implemented.");
    }),
  );
}

export function atanh_(input: Tensor): Tensor {
  checkArgs('atanh_', arguments, 1);
  return atanhInPlace('atanh_', input);
}

export function arctanh_(input: Tensor): Tensor {
  checkArgs('arctanh_', arguments, 1);
  return atanhInPlace('arctanh_', input);
}

/** torch.clamp_(input, min = None, max = None): clamp written into input. */
export function clamp_(input: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
  return writeBack('clamp_', checkTensor('clamp_', input), (x) => clamp(x, min, max));
}

export function clamp_min_(input: Tensor, min: number): Tensor {
  checkArgs('clamp_min_', arguments, 2);
  return writeBack('clamp_min_', checkTensor('clamp_min_', input), (x) => clamp_min(x, min));
}

export function clamp_max_(input: Tensor, max: number): Tensor {
  checkArgs('clamp_max_', arguments, 2);
  return writeBack('clamp_max_', checkTensor('clamp_max_', input), (x) => clamp_max(x, max));
}
