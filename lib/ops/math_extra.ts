// The rest of torch's elementwise math (atan2, hypot, fmod, remainder, logaddexp, xlogy, lerp, the gamma family,
// the bitwise ops, ...), PyTorch's alias names for existing ops, and the in-place forms (x.sin_(), torch.sin_,
// x.t_(), ...). Like ops/math.ts, each kernel is one JS loop over the broadcast operands, computed in double and
// rounded to the result dtype (float32 steps are rounded one by one where PyTorch's formula has several, so the
// roundings match); the backward is recorded beside it, composed from differentiable ops.
import { B } from '../backend';
import { floatOf, getDefaultDtype, isFloating, isIntegral, type DType } from '../dtype';
import { is_grad_enabled, no_grad, record, usesOf } from '../autograd';
import { Tensor, checkTensor, fromValues, typeName } from '../tensor';
import { checkArgs, resolveArgs } from '../args';
import { broadcastShapes } from '../shape';
import { TORCH_NAME, add, compare, div, exp, masked_fill, mul, neg, pow, resultType, sub, where, log, type RoundingMode } from './elementwise';
import * as ew from './elementwise';
import * as mt from './math';
import { unary } from './math';
import { triu, tril } from './arrange';
import { cast, checkInPlace, expand, squeeze, sumToShape, t as transposeT, transpose, unsqueeze } from './shape';
import { writeBack } from './special';

type Scalar = number | boolean;
type TensorLike = Tensor | Scalar;
type Num2 = (a: number, b: number) => number;

/** Rounds a double to dtype's precision (float32 steps); other dtypes round when stored. */
const rounder = (dtype: DType) => (dtype === 'float32' ? Math.fround : (v: number) => v);

const notImplemented = (kernel: string, dtype: DType) => new TypeError(`"${kernel}" not implemented for '${TORCH_NAME[dtype]}'`);

/** A 0-d tensor of dtype holding a scalar operand. */
const scalarTensor = (v: Scalar, dtype: DType) => fromValues([+v], [], dtype);

function checkScalarOrTensor(name: string, v: unknown, argName: string, position: number, scalars: boolean): void {
  if (v instanceof Tensor) return void checkTensor(name, v, argName, position);
  if (scalars && (typeof v === 'number' || typeof v === 'boolean')) return;
  throw new TypeError(`${name}(): argument '${argName}' (position ${position}) must be Tensor${scalars ? ' or Number' : ''}, not ${typeName(v)}`);
}

/**
 * The two operands of a binary op, cast to the promoted dtype (PyTorch's result_type; `toDtype` may lift it, e.g.
 * integers to the default dtype). `scalars`: whether either operand may be a number (at least one must be a tensor).
 */
function operands(name: string, input: unknown, other: unknown, scalars: boolean, toDtype?: (d: DType) => DType) {
  checkScalarOrTensor(name, input, 'input', 1, scalars && other instanceof Tensor); // a number only beside a tensor
  checkScalarOrTensor(name, other, 'other', 2, scalars);
  const promoted = input instanceof Tensor ? resultType(input, other as TensorLike) : resultType(other as Tensor, input as Scalar);
  const dtype = toDtype ? toDtype(promoted) : promoted;
  const asTensor = (v: unknown) => (v instanceof Tensor ? (v.dtype === dtype ? v : cast(v, dtype)) : scalarTensor(v as Scalar, dtype));
  return { a: asTensor(input), b: asTensor(other), dtype };
}

/** f over the broadcast elements of a and b, into a new tensor of dtype `to`. */
function mapBinary(name: string, a: Tensor, b: Tensor, to: DType, f: Num2): Tensor {
  const shape = broadcastShapes(name, a.shape, b.shape);
  const xs = expand(a.detach(), shape)._contiguousData();
  const ys = expand(b.detach(), shape)._contiguousData();
  const out = B.alloc(to, xs.length, false);
  for (let i = 0; i < out.length; i++) out[i] = f(xs[i], ys[i]);
  return new Tensor(out, shape, to);
}

/** f over x's elements (x of a floating dtype or cast to the default dtype), rounded once to that dtype. */
export function mapUnary(x: Tensor, f: (v: number) => number): Tensor {
  const input = isFloating(x.dtype) ? x : cast(x, getDefaultDtype());
  const src = input._contiguousData();
  const out = B.alloc(input.dtype, src.length, false);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return new Tensor(out, x.shape, input.dtype);
}

const zerosOf = (t: Tensor) => fromValues(new Float64Array(t.numel()), t.shape, t.dtype);

/** A backward PyTorch 1.13 does not have: fails when reached, as PyTorch's does. */
const notDifferentiable = (what: string) => () => {
  throw new Error(`the derivative for '${what}' is not implemented.`);
};

// ---- binary float math ----

/** torch.atan2(input, other): the angle of (other, input), integers in the default dtype; d/dy = x/(x²+y²), d/dx = -y/(x²+y²). */
export function atan2(input: Tensor, other: Tensor): Tensor {
  checkArgs('atan2', arguments, 2, [], 2);
  return atan2Named('atan2', input, other);
}
/** torch.arctan2: atan2's alias (naming itself in errors, as PyTorch's). */
export function arctan2(input: Tensor, other: Tensor): Tensor {
  checkArgs('arctan2', arguments, 2, [], 2);
  return atan2Named('arctan2', input, other);
}
function atan2Named(name: string, input: Tensor, other: Tensor): Tensor {
  const { a, b, dtype } = operands(name, input, other, false, floatOf);
  return record(mapBinary(name, a, b, dtype, Math.atan2), 'Atan2Backward0', [a, b], (g) => {
    const r2 = add(mul(a, a), mul(b, b));
    return [a.requires_grad ? sumToShape(mul(g, div(b, r2)), a.shape) : null, b.requires_grad ? sumToShape(mul(g, div(neg(a), r2)), b.shape) : null];
  });
}

/** Floating dtypes only, as PyTorch's hypot/logaddexp/nextafter/igamma kernels. */
function floatOperands(name: string, input: unknown, other: unknown) {
  const ops = operands(name, input, other, false);
  if (!isFloating(ops.dtype)) throw notImplemented(`${name}_cpu`, ops.dtype);
  return ops;
}

/** torch.hypot(input, other): sqrt(input² + other²) without overflow; gradient input / result. */
export function hypot(input: Tensor, other: Tensor): Tensor {
  checkArgs('hypot', arguments, 2, [], 2);
  const { a, b, dtype } = floatOperands('hypot', input, other);
  const out = mapBinary('hypot', a, b, dtype, Math.hypot);
  return record(out, 'HypotBackward0', [a, b], (g) => [
    a.requires_grad ? sumToShape(mul(g, div(a, out)), a.shape) : null,
    b.requires_grad ? sumToShape(mul(g, div(b, out)), b.shape) : null,
  ]);
}

/**
 * log(e^a + e^b) as PyTorch computes it: max + log1p(e^-|a - b|), each step rounded to the dtype (`r`); equal
 * infinities give themselves (not inf - inf). logaddexp2: the same in base 2, log1p scaled by 1/ln 2.
 */
function logaddexpOf(r: (v: number) => number, base2: boolean): Num2 {
  const invLn2 = r(1 / Math.LN2);
  return (a, b) => {
    if (a === b && !Number.isFinite(a)) return a;
    const d = r(-Math.abs(r(a - b)));
    const tail = base2 ? r(r(Math.log1p(r(2 ** d))) * invLn2) : r(Math.log1p(r(Math.exp(d))));
    return r(Math.max(a, b) + tail);
  };
}

/** torch.logaddexp(input, other): log(e^input + e^other); gradient 1 / (1 + e^(other - input)). */
export function logaddexp(input: Tensor, other: Tensor): Tensor {
  checkArgs('logaddexp', arguments, 2, [], 2);
  const { a, b, dtype } = floatOperands('logaddexp', input, other);
  return record(mapBinary('logaddexp', a, b, dtype, logaddexpOf(rounder(dtype), false)), 'LogaddexpBackward0', [a, b], (g) => [
    a.requires_grad ? sumToShape(div(g, add(exp(sub(b, a)), 1)), a.shape) : null,
    b.requires_grad ? sumToShape(div(g, add(exp(sub(a, b)), 1)), b.shape) : null,
  ]);
}

/** torch.logaddexp2(input, other): log2(2^input + 2^other); gradient 1 / (1 + 2^(other - input)). */
export function logaddexp2(input: Tensor, other: Tensor): Tensor {
  checkArgs('logaddexp2', arguments, 2, [], 2);
  const { a, b, dtype } = floatOperands('logaddexp2', input, other);
  return record(mapBinary('logaddexp2', a, b, dtype, logaddexpOf(rounder(dtype), true)), 'Logaddexp2Backward0', [a, b], (g) => [
    a.requires_grad ? sumToShape(div(g, add(mt.exp2(sub(b, a)), 1)), a.shape) : null,
    b.requires_grad ? sumToShape(div(g, add(mt.exp2(sub(a, b)), 1)), b.shape) : null,
  ]);
}

/**
 * torch.xlogy(input, other): input * log(other), 0 where input is 0 (unless other is NaN). Either may be a number.
 * PyTorch's gradients: xlogy(grad, other) but 0 where input == 0 and other <= 0 for input, input / other for other.
 */
export function xlogy(input: Tensor | number, other: Tensor | number): Tensor {
  checkArgs('xlogy', arguments, 2, [], 2);
  const { a, b, dtype } = operands('xlogy', input, other, true, floatOf);
  const r = rounder(dtype);
  const out = mapBinary('xlogy', a, b, dtype, (x, y) => (Number.isNaN(y) ? NaN : x === 0 ? 0 : r(x * r(Math.log(y)))));
  return record(out, 'XlogyBackward0', [a, b], (g) => [
    // PyTorch 1.13: xlogy(grad, other), zeroed only where input == 0 and other <= 0 (log(other) still counts at input 0)
    a.requires_grad ? sumToShape(masked_fill(xlogy(g, b), mt.logical_and(compare('eq', a, 0), compare('le', b, 0)), 0), a.shape) : null,
    b.requires_grad ? sumToShape(mul(g, div(a, b)), b.shape) : null,
  ]);
}

/**
 * torch.special.xlog1py(input, other): input * log1p(other), 0 where input is 0 (unless other is NaN); either may be
 * a number. PyTorch's gradients: xlog1py(grad, other), zeroed where input == 0 and other <= -1, for input;
 * input / (other + 1) for other.
 */
export function xlog1py(input: Tensor | number, other: Tensor | number): Tensor {
  checkArgs('special_xlog1py', arguments, 2, [], 2);
  const { a, b, dtype } = operands('special_xlog1py', input, other, true, floatOf);
  const out = mapBinary('special_xlog1py', a, b, dtype, (x, y) => (Number.isNaN(y) ? NaN : x === 0 ? 0 : x * Math.log1p(y)));
  return record(out, 'SpecialXlog1PyBackward0', [a, b], (g) => [
    a.requires_grad ? sumToShape(masked_fill(xlog1py(g, b), mt.logical_and(compare('eq', a, 0), compare('le', b, -1)), 0), a.shape) : null,
    b.requires_grad ? sumToShape(mul(g, div(a, add(b, 1))), b.shape) : null,
  ]);
}

/**
 * torch.special.zeta(input, other): the Hurwitz zeta function zeta(input, other) (Cephes' domain, see zetaScalar);
 * either may be a number. PyTorch 1.13 has no gradient for input; for other, -input zeta(input + 1, other).
 */
export function zeta(input: Tensor | number, other: Tensor | number): Tensor {
  checkArgs('special_zeta', arguments, 2, [], 2);
  const { a, b, dtype } = operands('special_zeta', input, other, true, floatOf);
  return record(mapBinary('special_zeta', a, b, dtype, zetaScalar), 'SpecialZetaBackward0', [a, b], (g) => {
    if (a.requires_grad) notDifferentiable('zeta')();
    return [null, sumToShape(mul(g, mul(neg(a), zeta(add(a, 1), b))), b.shape)];
  });
}

/** Integer operands of fmod/remainder: PyTorch refuses a zero divisor. */
function checkIntegerDivisor(dtype: DType, b: Tensor): void {
  if (isIntegral(dtype) && b._contiguousData().includes(0)) throw new RangeError('ZeroDivisionError');
}

/** torch.fmod(input, other): C's fmod (the result has input's sign); gradients 1 and -trunc(input / other). */
export function fmod(input: Tensor, other: TensorLike): Tensor {
  checkArgs('fmod', arguments, 2, [], 2);
  checkTensor('fmod', input);
  const { a, b, dtype } = operands('fmod', input, other, true);
  if (dtype === 'bool') throw notImplemented('fmod_cpu', dtype);
  checkIntegerDivisor(dtype, b);
  return record(mapBinary('fmod', a, b, dtype, (x, y) => x % y), 'FmodBackward0', [a, b], (g) => [
    a.requires_grad ? sumToShape(g, a.shape) : null,
    b.requires_grad ? sumToShape(neg(mul(g, div(a, b, { rounding_mode: 'trunc' }))), b.shape) : null,
  ]);
}

/**
 * torch.remainder(input, other): Python's modulo (the result has other's sign); input may be a number. PyTorch's
 * steps: fmod, then other added when the signs differ (rounded in the dtype). Gradients 1 and -floor(input / other).
 */
export function remainder(input: Tensor | number, other: TensorLike): Tensor {
  checkArgs('remainder', arguments, 2, [], 2);
  const { a, b, dtype } = operands('remainder', input, other, true);
  if (dtype === 'bool') throw notImplemented('remainder_cpu', dtype);
  checkIntegerDivisor(dtype, b);
  const r = rounder(dtype);
  const out = mapBinary('remainder', a, b, dtype, (x, y) => {
    const m = x % y;
    return m !== 0 && y < 0 !== m < 0 ? r(m + y) : m;
  });
  return record(out, 'RemainderBackward0', [a, b], (g) => [
    a.requires_grad ? sumToShape(g, a.shape) : null,
    b.requires_grad ? sumToShape(neg(mul(g, div(a, b, { rounding_mode: 'floor' }))), b.shape) : null,
  ]);
}

/** torch.float_power(input, exponent): pow computed in float64 (either may be a number), as PyTorch. */
export function float_power(input: Tensor | number, exponent: TensorLike): Tensor {
  checkArgs('float_power', arguments, 2, [], 2);
  if (input instanceof Tensor || !(exponent instanceof Tensor)) checkScalarOrTensor('float_power', input, 'input', 1, false);
  checkScalarOrTensor('float_power', exponent, 'exponent', 2, true);
  const base = input instanceof Tensor ? cast(input, 'float64') : scalarTensor(input, 'float64');
  return pow(base, exponent instanceof Tensor ? cast(exponent, 'float64') : +exponent);
}

/** torch.ldexp(input, other): input * 2^other, PyTorch's composition (integers give the default dtype). */
export function ldexp(input: Tensor, other: Tensor): Tensor {
  checkArgs('ldexp', arguments, 2, [], 2);
  checkTensor('ldexp', input);
  const e = checkTensor('ldexp', other, 'other', 2);
  return mul(input, mt.exp2(isFloating(e.dtype) ? e : cast(e, getDefaultDtype())));
}

/** fmax/fmin: the larger/smaller, a NaN operand ignored (NaN only when both are). Ties send the gradient to input. */
function fextremum(name: 'fmax' | 'fmin', input: Tensor, other: Tensor): Tensor {
  const { a, b, dtype } = operands(name, input, other, false);
  const pick = name === 'fmax' ? (x: number, y: number) => (y > x ? y : x) : (x: number, y: number) => (y < x ? y : x);
  const out = mapBinary(name, a, b, dtype, (x, y) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : pick(x, y)));
  return record(out, name === 'fmax' ? 'FmaxBackward0' : 'FminBackward0', [a, b], (g) => {
    const inputWins = compare(name === 'fmax' ? 'ge' : 'le', a, b).logical_or(mt.isnan(b));
    return [a.requires_grad ? sumToShape(where(inputWins, g, 0), a.shape) : null, b.requires_grad ? sumToShape(where(inputWins, 0, g), b.shape) : null];
  });
}
export function fmax(input: Tensor, other: Tensor): Tensor {
  checkArgs('fmax', arguments, 2, [], 2);
  return fextremum('fmax', input, other);
}
export function fmin(input: Tensor, other: Tensor): Tensor {
  checkArgs('fmin', arguments, 2, [], 2);
  return fextremum('fmin', input, other);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The float after x toward y (C's nextafter), in float32 or float64 steps. */
function nextafterScalar(x: number, y: number, single: boolean): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  if (x === 0) return (y > 0 ? 1 : -1) * (single ? 1.401298464324817e-45 : 5e-324);
  const up = y > x === x > 0; // away from zero
  if (single) {
    f32[0] = x;
    u32[0] += up ? 1 : -1;
    return f32[0];
  }
  f64[0] = x;
  u64[0] += up ? 1n : -1n;
  return f64[0];
}

/** torch.nextafter(input, other): the next representable value after input toward other. Not differentiable. */
export function nextafter(input: Tensor, other: Tensor): Tensor {
  checkArgs('nextafter', arguments, 2, [], 2);
  const { a, b, dtype } = floatOperands('nextafter', input, other);
  const out = mapBinary('nextafter', a, b, dtype, (x, y) => nextafterScalar(x, y, dtype === 'float32'));
  return record(out, 'NextafterBackward0', [a, b], notDifferentiable('nextafter'));
}

// ---- integer math and bitwise ops ----

function integerOperands(name: string, kernel: string, input: unknown, other: unknown, bools: boolean) {
  const ops = operands(name, input, other, true);
  if (isFloating(ops.dtype) || (!bools && ops.dtype === 'bool')) throw notImplemented(kernel, ops.dtype);
  return ops;
}

function gcdScalar(x: number, y: number): number {
  x = Math.abs(x);
  y = Math.abs(y);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** torch.gcd(input, other): the greatest common divisor of integers (gcd(0, 0) = 0). */
export function gcd(input: Tensor, other: Tensor): Tensor {
  checkArgs('gcd', arguments, 2, [], 2);
  checkTensor('gcd', input);
  checkScalarOrTensor('gcd', other, 'other', 2, false);
  const { a, b, dtype } = integerOperands('gcd', 'gcd_cpu', input, other, false);
  return mapBinary('gcd', a, b, dtype, gcdScalar);
}

/** torch.lcm(input, other): the least common multiple, |a / gcd * b| (0 when either is 0). */
export function lcm(input: Tensor, other: Tensor): Tensor {
  checkArgs('lcm', arguments, 2, [], 2);
  checkTensor('lcm', input);
  checkScalarOrTensor('lcm', other, 'other', 2, false);
  const { a, b, dtype } = integerOperands('lcm', 'lcm_cpu', input, other, false);
  return mapBinary('lcm', a, b, dtype, (x, y) => {
    const g = gcdScalar(x, y);
    return g === 0 ? 0 : Math.abs((x / g) * y);
  });
}

/** A bitwise op on int32 (JS's 32-bit operators), int64 (BigInt, wrapped to 64 bits) and bool. */
function bitwise(name: string, kernel: string, input: unknown, other: unknown, op32: Num2, op64: (a: bigint, b: bigint) => bigint, bools = true): Tensor {
  checkTensor(name, input);
  const { a, b, dtype } = integerOperands(name, kernel, input, other, bools);
  const f: Num2 = dtype === 'int64' ? (x, y) => Number(BigInt.asIntN(64, op64(BigInt(x), BigInt(y)))) : (x, y) => op32(x, y);
  return mapBinary(name, a, b, dtype, f);
}

export function bitwise_and(input: Tensor, other: TensorLike): Tensor {
  checkArgs('bitwise_and', arguments, 2, [], 2);
  return bitwise('bitwise_and', 'bitwise_and_cpu', input, other, (x, y) => x & y, (x, y) => x & y);
}
export function bitwise_or(input: Tensor, other: TensorLike): Tensor {
  checkArgs('bitwise_or', arguments, 2, [], 2);
  return bitwise('bitwise_or', 'bitwise_or_cpu', input, other, (x, y) => x | y, (x, y) => x | y);
}
export function bitwise_xor(input: Tensor, other: TensorLike): Tensor {
  checkArgs('bitwise_xor', arguments, 2, [], 2);
  return bitwise('bitwise_xor', 'bitwise_xor_cpu', input, other, (x, y) => x ^ y, (x, y) => x ^ y);
}

/**
 * Shifts as PyTorch 1.13's CPU kernels give them: the count taken modulo the width (x86's shift), a negative count
 * giving 0 (or -1 for a negative number shifted right). Bool is refused.
 */
export function bitwise_left_shift(input: Tensor, other: TensorLike): Tensor {
  checkArgs('bitwise_left_shift', arguments, 2, [], 2);
  return bitwise('bitwise_left_shift', 'lshift_cpu', input, other, (x, s) => (s < 0 ? 0 : x << s), (x, s) => (s < 0n ? 0n : x << (s % 64n)), false);
}
export function bitwise_right_shift(input: Tensor, other: TensorLike): Tensor {
  checkArgs('bitwise_right_shift', arguments, 2, [], 2);
  const neg1 = (x: number) => (x < 0 ? -1 : 0);
  return bitwise('bitwise_right_shift', 'rshift_cpu', input, other, (x, s) => (s < 0 ? neg1(x) : x >> s), (x, s) => (s < 0n ? (x < 0n ? -1n : 0n) : x >> (s % 64n)), false);
}

/** torch.bitwise_not(input): ~input for integers, logical not for bool. */
export function bitwise_not(input: Tensor): Tensor {
  checkArgs('bitwise_not', arguments, 1);
  const x = checkTensor('bitwise_not', input);
  if (isFloating(x.dtype)) throw notImplemented('bitwise_not_cpu', x.dtype);
  const src = x._contiguousData();
  const out = B.alloc(x.dtype, src.length, false);
  for (let i = 0; i < src.length; i++) out[i] = x.dtype === 'bool' ? (src[i] ? 0 : 1) : -src[i] - 1;
  return new Tensor(out, x.shape, x.dtype);
}

// ---- unary math ----

/** The float32 or float64 version of PyTorch's steps for sinc: sin(pi x) / (pi x), 1 at 0. */
function sincOf(dtype: DType) {
  const r = rounder(dtype);
  const pi = r(Math.PI);
  return (v: number) => {
    if (v === 0) return 1;
    const p = r(pi * v);
    return r(Math.sin(p)) / p;
  };
}

/** torch.sinc(input): the normalized sinc; gradient (cos(pi x) pi x - sin(pi x)) / (pi x²), 0 at 0. */
export function sinc(input: Tensor): Tensor {
  checkArgs('sinc', arguments, 1);
  const x = checkTensor('sinc', input);
  const y = mapUnary(x, sincOf(floatOf(x.dtype)));
  return record(y, 'SincBackward0', [x], (g) => {
    const px = mul(x, Math.PI);
    const slope = div(sub(mul(mt.cos(px), px), mt.sin(px)), mul(px, x));
    return [mul(g, where(compare('eq', x, 0), 0, slope))];
  });
}

/** torch.deg2rad / rad2deg: a product with pi/180 (or 180/pi) in the tensor's float dtype, as PyTorch's. */
export function deg2rad(input: Tensor): Tensor {
  checkArgs('deg2rad', arguments, 1);
  const x = checkTensor('deg2rad', input);
  return mul(isFloating(x.dtype) ? x : cast(x, getDefaultDtype()), Math.PI / 180);
}
export function rad2deg(input: Tensor): Tensor {
  checkArgs('rad2deg', arguments, 1);
  const x = checkTensor('rad2deg', input);
  return mul(isFloating(x.dtype) ? x : cast(x, getDefaultDtype()), 180 / Math.PI);
}

/** I0 and I1 (modified Bessel functions of the first kind) by their power series, which converge for every x. */
export function besselI(order: 0 | 1, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return NaN; // PyTorch's Chebyshev form gives inf * 0 there
  const q = (x * x) / 4;
  let term = order === 0 ? 1 : x / 2;
  let sum = term;
  for (let k = 1; k < 2000; k++) {
    term *= q / (k * (k + order));
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17 || !Number.isFinite(sum)) break;
  }
  return sum;
}

/** torch.i0(input): the modified Bessel function I0; gradient I1. */
export const i0 = unary('i0', 'I0Backward0', (v) => besselI(0, v), (x, _y, g) => mul(g, mapUnary(x.detach(), (v) => besselI(1, v))));

// Lanczos approximation (g = 7, 9 coefficients): about 15 significant digits for x >= 0.5
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** log|Gamma(x)|: Lanczos for x >= 0.5, the reflection formula below; +inf at the poles (0, -1, -2, ...). */
export function lgammaScalar(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaScalar(1 - x);
  if (x > 1e7) return x * (Math.log(x) - 1) - 0.5 * Math.log(x) + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** lgamma(1 + a), accurate for tiny a where 1 + a would round to 1: -gamma a + zeta(2)/2 a² - zeta(3)/3 a³. */
function lgamma1p(a: number): number {
  if (Math.abs(a) >= 1e-5) return lgammaScalar(1 + a);
  return a * (-0.5772156649015329 + a * (0.8224670334241132 - a * 0.4006856343865314));
}

/** digamma: PyTorch's conventions (-inf/+inf at ±0, NaN at the negative integers), recurrence up to 10, then the asymptotic series. */
export function digammaScalar(x: number): number {
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 0) {
    if (Number.isInteger(x)) return NaN;
    return digammaScalar(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result + Math.log(x) - 0.5 / x - series;
}

/**
 * The Hurwitz zeta function zeta(s, q) = sum over k >= 0 of (k + q)^-s by Euler–Maclaurin summation, with Cephes'
 * domain (as PyTorch's): inf at s = 1 and at q = 0, -1, -2, ...; NaN for s < 1, and for q < 0 unless s is an
 * integer (then the terms are summed from q itself).
 */
export function zetaScalar(s: number, q: number): number {
  // Cephes' order of checks (PyTorch's results for NaN and infinite operands follow from it)
  if (s === 1) return Infinity;
  if (s < 1) return NaN;
  if (q <= 0 && Number.isInteger(q)) return Infinity;
  if (Number.isNaN(s) || Number.isNaN(q) || q === Infinity) return NaN; // q = inf: Cephes' tail term is 0 * inf
  if (s === Infinity) return q < 1 ? Infinity : q === 1 ? 1 : NaN; // a term |q + k| < 1 gives inf; q > 1: inf * 0
  if (q < 0 && !Number.isInteger(s)) return NaN;
  const N = Math.max(12, Math.ceil(12 - q)); // direct terms until q + N >= 12
  let sum = 0;
  for (let k = 0; k < N; k++) sum += (q + k) ** -s;
  const a = q + N;
  sum += a ** (1 - s) / (s - 1) + 0.5 * a ** -s;
  // Bernoulli terms B_2j / (2j)! * s (s + 1) ... (s + 2j - 2) a^(-s - 2j + 1)
  const B2j = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510];
  let fact = 1;
  let rising = s;
  let power = a ** (-s - 1);
  for (let j = 1; j <= B2j.length; j++) {
    fact *= (2 * j - 1) * (2 * j);
    const term = (B2j[j - 1] / fact) * rising * power;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    rising *= (s + 2 * j - 1) * (s + 2 * j);
    power /= a * a;
  }
  return sum;
}

/**
 * trigamma as PyTorch 1.13 computes it (its own short formula, whose float64 error is ~1e-10 relative: matched
 * rather than bettered), each step rounded by `r`: reflected below 0.5, six recurrence steps, then 4 terms of the
 * asymptotic series.
 */
function trigammaOf(r: (v: number) => number) {
  const pi = r(Math.PI);
  return (x: number): number => {
    let sign = 1;
    let result = 0;
    if (x < 0.5) {
      sign = -1;
      const s = r(Math.sin(r(pi * x)));
      result = r(result - r(r(pi * pi) / r(s * s)));
      x = r(1 - x);
    }
    for (let i = 0; i < 6; i++) {
      result = r(result + r(1 / r(x * x)));
      x = r(x + 1);
    }
    const ixx = r(1 / r(x * x));
    const series = r(ixx * r(1 / 6 - r(ixx * r(1 / 30 - r(ixx * (1 / 42))))));
    result = r(result + r(r(r(1 + r(1 / r(2 * x))) + series) / x));
    return sign * result;
  };
}

/** polygamma(n, x): digamma for n = 0, trigamma for n = 1, (-1)^(n+1) n! zeta(n + 1, x) beyond (NaN at +inf, as PyTorch). */
export function polygammaScalar(n: number, x: number, r: (v: number) => number = (v) => v): number {
  if (n === 0) return digammaScalar(x);
  if (Number.isNaN(x)) return NaN;
  if (n === 1) return trigammaOf(r)(x);
  if (x === Infinity) return NaN;
  let factorial = 1;
  for (let k = 2; k <= n; k++) factorial *= k;
  return (n % 2 ? 1 : -1) * factorial * zetaScalar(n + 1, x);
}

/** torch.lgamma(input): log|Gamma(input)|; gradient digamma. */
export const lgamma = unary('lgamma', 'LgammaBackward0', lgammaScalar, (x, _y, g) => mul(g, digamma(x)));
/** torch.digamma(input): d/dx lgamma; gradient trigamma. */
export const digamma = unary('digamma', 'DigammaBackward0', digammaScalar, (x, _y, g) => mul(g, polygamma(1, x)));

/** torch.polygamma(n, input): the n-th derivative of digamma; gradient polygamma(n + 1, input). */
export function polygamma(n: number, input: Tensor): Tensor {
  checkArgs('polygamma', arguments, 2, [], 2);
  if (!(typeof n === 'number' && Number.isInteger(n))) throw new TypeError(`polygamma(): argument 'n' (position 1) must be int, not ${typeName(n)}`);
  const x = checkTensor('polygamma', input, 'input', 2);
  if (n < 0) throw new RangeError('polygamma(): polygamma(n, x) does not support negative n.');
  const r = rounder(floatOf(x.dtype));
  const y = mapUnary(x, (v) => polygammaScalar(n, v, r));
  return record(y, 'PolygammaBackward0', [x], (g) => [mul(g, polygamma(n + 1, x))]);
}

/** torch.mvlgamma(input, p): the multivariate log-gamma, sum of lgamma(x - i/2) for i < p plus p(p-1)/4 log(pi). */
export function mvlgamma(input: Tensor, p: number | { p: number }): Tensor {
  checkTensor('mvlgamma', input);
  ({ p } = resolveArgs<{ p: number }>('mvlgamma', ['p'], {} as { p: number }, arguments, 1));
  if (typeof p !== 'number' || !Number.isInteger(p)) throw new TypeError(`mvlgamma(): argument 'p' (position 2) must be int, not ${typeName(p)}`);
  if (p < 1) throw new RangeError('mvlgamma(): p has to be greater than or equal to 1');
  const x = isFloating(input.dtype) ? input : cast(input, getDefaultDtype());
  let out = lgamma(x);
  for (let i = 1; i < p; i++) out = add(out, lgamma(sub(x, i / 2)));
  return add(out, ((p * (p - 1)) / 4) * Math.log(Math.PI));
}

/**
 * The regularized lower incomplete gamma P(a, x) and upper Q(a, x) = 1 - P: the series for x < a + 1, the
 * continued fraction (modified Lentz) above, each computing the smaller-error one directly. PyTorch's edge rules:
 * NaN for a < 0 or x < 0, a = 0 gives P = 1 for x > 0 (NaN at x = 0), x = inf gives P = 1.
 */
export function igammaScalar(a: number, x: number, upper: boolean): number {
  // PyTorch's order of checks (a NaN operand falls through them to the series, giving NaN)
  if (x < 0 || a < 0) return NaN;
  if (a === 0) return x > 0 ? (upper ? 0 : 1) : NaN;
  if (x === 0) return upper ? 1 : 0;
  if (a === Infinity) return x === Infinity ? NaN : upper ? 1 : 0;
  if (x === Infinity) return upper ? 0 : 1;
  if (Number.isNaN(a) || Number.isNaN(x)) return NaN;
  if (upper && a < 1 && x <= 1.5) {
    // Q for small a and x directly, where 1 - P would cancel: Q = -expm1(a ln x - lgamma(a + 1)) minus
    // x^a / Gamma(a + 1) times the sum over n >= 1 of a (-x)^n / ((a + n) n!)
    const lead = a * Math.log(x) - lgamma1p(a);
    let term = 1;
    let sum = 0;
    for (let n = 1; n < 200; n++) {
      term *= -x / n;
      const t = (a * term) / (a + n);
      sum += t;
      if (Math.abs(t) <= Math.abs(sum) * 1e-17) break;
    }
    return -Math.expm1(lead) - Math.exp(lead) * sum;
  }
  const logPrefix = a * Math.log(x) - x - lgammaScalar(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const p = sum * Math.exp(logPrefix);
    return upper ? 1 - p : p;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < 10000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  const q = Math.exp(logPrefix) * h;
  return upper ? q : 1 - q;
}

/** igamma/igammac: no gradient for input (a) in PyTorch 1.13; for other (x), ±e^-x x^(a-1) / Gamma(a). */
function incompleteGamma(name: 'igamma' | 'igammac', input: Tensor, other: Tensor): Tensor {
  const { a, b, dtype } = floatOperands(name, input, other);
  const out = mapBinary(name, a, b, dtype, (s, v) => igammaScalar(s, v, name === 'igammac'));
  return record(out, name === 'igamma' ? 'IgammaBackward0' : 'IgammacBackward0', [a, b], (g) => {
    if (a.requires_grad) notDifferentiable(`${name}: input`)();
    const density = exp(sub(sub(mul(sub(a, 1), log(b)), b), lgamma(a)));
    return [null, sumToShape(mul(g, name === 'igamma' ? density : neg(density)), b.shape)];
  });
}
export function igamma(input: Tensor, other: Tensor): Tensor {
  checkArgs('igamma', arguments, 2, [], 2);
  return incompleteGamma('igamma', input, other);
}
export function igammac(input: Tensor, other: Tensor): Tensor {
  checkArgs('igammac', arguments, 2, [], 2);
  return incompleteGamma('igammac', input, other);
}

/** torch.frexp(input): [mantissa in [0.5, 1) with input's sign, int32 exponent]; 0, inf and NaN give (input, 0). */
export function frexp(input: Tensor): [Tensor, Tensor] {
  checkArgs('frexp', arguments, 1);
  const x = checkTensor('frexp', input);
  if (!isFloating(x.dtype)) throw new TypeError('frexp(): torch.frexp() only supports floating-point dtypes');
  const src = x._contiguousData();
  const mantissa = B.alloc(x.dtype, src.length, false);
  const exponent = B.alloc('int32', src.length, false);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v === 0 || !Number.isFinite(v)) {
      mantissa[i] = v;
      exponent[i] = 0;
      continue;
    }
    const tiny = Math.abs(v) < 2 ** -1000; // subnormal range: scaled up first, so 2^-e stays finite
    const w = tiny ? v * 2 ** 64 : v;
    let e = Math.floor(Math.log2(Math.abs(w))) + 1;
    let m = w * 2 ** -e;
    if (tiny) e -= 64;
    if (Math.abs(m) >= 1) [m, e] = [m / 2, e + 1];
    else if (Math.abs(m) < 0.5) [m, e] = [m * 2, e - 1];
    mantissa[i] = m;
    exponent[i] = e;
  }
  const exponents = new Tensor(exponent, x.shape, 'int32');
  // PyTorch's gradient: grad / 2^exponent for the mantissa (the exponent is not differentiable)
  const m = record(new Tensor(mantissa, x.shape, x.dtype), 'FrexpBackward0', [x], (g) => [div(g, mt.exp2(cast(exponents, g.dtype)))]);
  return [m, exponents];
}

/** torch.lerp(input, end, weight): input + weight (end - input), PyTorch's two-sided form (exact at weight 1). */
export function lerp(input: Tensor, end: Tensor, weight: Tensor | number): Tensor {
  checkArgs('lerp', arguments, 3, [], 3);
  const s = checkTensor('lerp', input);
  const e = checkTensor('lerp', end, 'end', 2);
  if (!(weight instanceof Tensor) && typeof weight !== 'number') {
    throw new TypeError(`lerp(): argument 'weight' (position 3) must be Tensor or Number, not ${typeName(weight)}`);
  }
  if (e.dtype !== s.dtype) throw new TypeError(`lerp(): expected dtype ${TORCH_NAME_LOWER[s.dtype]} for \`end\` but got dtype ${TORCH_NAME_LOWER[e.dtype]}`);
  if (weight instanceof Tensor && weight.dtype !== s.dtype) {
    throw new TypeError(`lerp(): expected dtype ${TORCH_NAME_LOWER[s.dtype]} for \`weight\` but got dtype ${TORCH_NAME_LOWER[weight.dtype]}`);
  }
  if (!isFloating(s.dtype)) throw notImplemented(weight instanceof Tensor ? 'lerp_kernel_tensor' : 'lerp_kernel_scalar', s.dtype);
  const w = weight instanceof Tensor ? checkTensor('lerp', weight, 'weight', 3) : scalarTensor(weight, s.dtype);
  const r = rounder(s.dtype);
  const shape = broadcastShapes('lerp', broadcastShapes('lerp', s.shape, e.shape), w.shape);
  // PyTorch writes into input's shape: a broadcast that grows it is an error for the in-place form only
  const ws = expand(w.detach(), shape)._contiguousData();
  const out = mapBinary('lerp', expand(s.detach(), shape), expand(e.detach(), shape), s.dtype, (() => {
    let i = 0;
    return (a: number, b: number) => {
      const t = ws[i++];
      const diff = r(b - a);
      // float32: the product of two floats is exact in double, so this is a fused multiply-add's single rounding
      return Math.abs(t) < 0.5 ? r(a + t * diff) : r(b - diff * r(1 - t));
    };
  })());
  const inputs = weight instanceof Tensor ? [s, e, w] : [s, e];
  return record(out, weight instanceof Tensor ? 'LerpBackward1' : 'LerpBackward0', inputs, (g) => [
    s.requires_grad ? sumToShape(mul(g, add(neg(w), 1)), s.shape) : null,
    e.requires_grad ? sumToShape(mul(g, w), e.shape) : null,
    weight instanceof Tensor && w.requires_grad ? sumToShape(mul(g, sub(e, s)), w.shape) : null,
  ]);
}
const TORCH_NAME_LOWER: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'long', int32: 'int', int16: 'short', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};

/** torch.sgn: sign for real tensors (kept dtype, bool stays bool). */
export function sgn(input: Tensor): Tensor {
  checkArgs('sgn', arguments, 1);
  return mt.sign(checkTensor('sgn', input));
}

/** torch.frac(input): input - trunc(input), floating dtypes only; gradient 1. */
export function frac(input: Tensor): Tensor {
  checkArgs('frac', arguments, 1);
  const x = checkTensor('frac', input);
  if (!isFloating(x.dtype)) throw notImplemented('frac_cpu', x.dtype);
  const out = mapUnary(x, (v) => v - Math.trunc(v));
  return record(out, 'FracBackward0', [x], (g) => [g]);
}

/** torch.positive(input): input itself (refused for bool, as PyTorch's unary +). */
export function positive(input: Tensor): Tensor {
  checkArgs('positive', arguments, 1);
  const x = checkTensor('positive', input);
  if (x.dtype === 'bool') throw new TypeError('positive(): The `+` operator, on a bool tensor is not supported.');
  return x;
}

/** torch.angle(input) for real tensors: pi for negative values, 0 otherwise (-0 included), NaN kept; zero gradient. */
export function angle(input: Tensor): Tensor {
  checkArgs('angle', arguments, 1);
  const x = checkTensor('angle', input);
  const pi = isFloating(x.dtype) ? rounder(x.dtype)(Math.PI) : Math.fround(Math.PI);
  return record(mapUnary(x, (v) => (v < 0 ? pi : Number.isNaN(v) ? NaN : 0)), 'AngleBackward0', [x], (g) => [zerosOf(g)]);
}

/** torch.isposinf / isneginf: whether each element is +inf / -inf (all false for integers). */
export function isposinf(input: Tensor): Tensor {
  checkArgs('isposinf', arguments, 1);
  return compare('eq', checkTensor('isposinf', input), Infinity);
}
export function isneginf(input: Tensor): Tensor {
  checkArgs('isneginf', arguments, 1);
  return compare('eq', checkTensor('isneginf', input), -Infinity);
}
/** torch.isreal(input): true everywhere (torchlet has no complex dtypes). */
export function isreal(input: Tensor): Tensor {
  checkArgs('isreal', arguments, 1);
  const x = checkTensor('isreal', input);
  return fromValues(new Float64Array(x.numel()).fill(1), x.shape, 'bool');
}

/** torch.rsub(input, other, { alpha }): other - alpha * input. */
export function rsub(input: Tensor, other: TensorLike, options?: { alpha?: number }): Tensor {
  checkArgs('rsub', arguments, 2, ['alpha'], 2);
  const x = checkTensor('rsub', input);
  checkScalarOrTensor('rsub', other, 'other', 2, true);
  const alpha = options?.alpha ?? 1;
  const { dtype } = operands('rsub', x, other, true);
  if (dtype === 'bool') throw new TypeError('rsub(): Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  const o = other instanceof Tensor ? other : scalarTensor(other, dtype);
  return ew.sub(o, x, { alpha });
}

type ValueOption = { value?: number };
/** The tensors of addcmul/addcdiv and value, cast to the result dtype (an integer result truncates value, as PyTorch). */
function pointwiseArgs(name: string, args: IArguments) {
  checkArgs(name, args, 4, ['value'], 3);
  const [input, tensor1, tensor2] = [checkTensor(name, args[0]), checkTensor(name, args[1], 'tensor1', 2), checkTensor(name, args[2], 'tensor2', 3)];
  const value = resolveArgs<ValueOption>(name, ['value'], { value: 1 }, args, 3).value!;
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new TypeError(`${name}(): argument 'value' must be Number, not ${typeName(value)}`);
  const dtype = resultType(input, resultType(tensor1, tensor2) === tensor1.dtype ? tensor1 : tensor2);
  return { input, tensor1, tensor2, value: isFloating(dtype) ? +value : Math.trunc(+value), dtype };
}

/** torch.addcmul(input, tensor1, tensor2, { value = 1 }): input + value * tensor1 * tensor2 (PyTorch's order of steps). */
export function addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, value?: number | ValueOption): Tensor {
  const a = pointwiseArgs('addcmul', arguments);
  return add(a.input, mul(mul(a.tensor1, a.value), a.tensor2));
}

/** torch.addcdiv(input, tensor1, tensor2, { value = 1 }): input + value * (tensor1 / tensor2); integer division refused. */
export function addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, value?: number | ValueOption): Tensor {
  const a = pointwiseArgs('addcdiv', arguments);
  if (isIntegral(a.tensor1.dtype) && isIntegral(a.tensor2.dtype)) {
    throw new TypeError('addcdiv(): Integer division with addcdiv is no longer supported, and in a future release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.');
  }
  return add(a.input, mul(div(a.tensor1, a.tensor2), a.value));
}

// ---- PyTorch's other names for existing ops (each reports its own name, as PyTorch's do) ----

function renamed<F extends (...args: never[]) => unknown>(name: string, fn: F, max: number, keys: readonly string[] = []): F {
  const wrapper = function (input: unknown, ...rest: unknown[]) {
    checkArgs(name, arguments, max, keys, Math.min(max, 1));
    checkTensor(name, input);
    return (fn as unknown as (...a: unknown[]) => unknown)(input, ...rest);
  };
  Object.defineProperty(wrapper, 'name', { value: name });
  return wrapper as unknown as F;
}
export const negative = renamed('negative', ew.neg, 1);
export const absolute = renamed('absolute', ew.abs, 1);
export const multiply = renamed('multiply', ew.mul, 2);
export const subtract = renamed('subtract', ew.sub, 2, ['alpha']);
export const divide = renamed('divide', ew.div, 2, ['rounding_mode']);
export const true_divide = renamed('true_divide', ew.div, 2);
export const arccosh = renamed('arccosh', mt.acosh, 1);
export const arcsinh = renamed('arcsinh', mt.asinh, 1);
type Comparison = (input: Tensor, other: TensorLike) => Tensor;
const comparison = (name: string, op: 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le'): Comparison =>
  renamed(name, ((a: Tensor, b: TensorLike) => compare(op, a, b)) as Comparison, 2);
export const not_equal = comparison('not_equal', 'ne');
export const greater = comparison('greater', 'gt');
export const greater_equal = comparison('greater_equal', 'ge');
export const less = comparison('less', 'lt');
export const less_equal = comparison('less_equal', 'le');

// ---- in-place forms ----

/** x.op_(...args): the out-of-place op written back into x (ops/special.ts' writeBack: graph rewrite, PyTorch's checks). */
function inplace(name: string, op: (x: Tensor, ...args: never[]) => Tensor, max = 0, keys: readonly string[] = []) {
  return function (this: Tensor, ...args: unknown[]): Tensor {
    checkArgs(name, args, max, keys, 0);
    if (max > 0 && keys.length === 0 && args[0] === undefined) throw new TypeError(`${name}() missing 1 required positional arguments: "other"`);
    return writeBack(name, this, (x) => (op as (...a: unknown[]) => Tensor)(x, ...args));
  };
}

/** x.eq_(other) and the like: the comparison's 0/1 written in x's dtype (zero gradient, as PyTorch's). */
function comparisonInPlace(name: string, op: 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le') {
  return function (this: Tensor, other: TensorLike): Tensor {
    checkArgs(name, arguments, 1);
    return writeBack(name, this, (x) => record(cast(compare(op, x.detach(), other instanceof Tensor ? other.detach() : other), x.dtype), `${op[0].toUpperCase()}${op.slice(1)}Backward0`, [x], (g) => [zerosOf(g)]));
  };
}

/** x.logical_and_(other) and the like: the bool result in x's dtype. */
function logicalInPlace(name: string, op: (a: Tensor, b: Tensor) => Tensor) {
  return function (this: Tensor, ...args: unknown[]): Tensor {
    checkArgs(name, args, op.length - 1, [], op.length - 1);
    return writeBack(name, this, (x) => cast((op as (...a: unknown[]) => Tensor)(x.detach(), ...args), x.dtype));
  };
}

/**
 * t_/transpose_/squeeze_/unsqueeze_: x takes the view's shape and strides (same storage) in place. In a graph, x's
 * history becomes the view op's on x's previous self. Refused (as inplace.ts refuses) once a recorded op used x's
 * storage: its backward could read x with the old shape, or give x gradients of the old shape.
 */
function viewInPlace(name: string, view: (x: Tensor, ...args: unknown[]) => Tensor) {
  return function (this: Tensor, ...args: unknown[]): Tensor {
    checkTensor(name, this, 'self');
    if (is_grad_enabled() && this.requires_grad && this.is_leaf) checkInPlace(name, this);
    // a recorded backward may read this tensor with its old shape (PyTorch fails there, at backward, on the version)
    if (is_grad_enabled() && (usesOf(this) > 0 || this._backward_hooks || this._retainsGrad)) {
      throw new Error(`${name}(): in-place view changes on a tensor that another recorded operation already used (or with hooks) are not supported; use the out-of-place form`);
    }
    if (is_grad_enabled() && this.requires_grad) {
      const previous = new Tensor(this._storage, this.shape, this.dtype, this._strides, this._offset);
      previous._setGradFn(this.grad_fn!);
      const v = view(previous, ...args);
      adopt(this, v);
      if (v !== previous) this._setGradFn(v.grad_fn!);
      return this;
    }
    adopt(this, no_grad(() => view(this.detach(), ...args)));
    return this;
  };
}
function adopt(x: Tensor, v: Tensor): void {
  (x as { shape: readonly number[] }).shape = v.shape;
  x._strides = v._strides;
  x._offset = v._offset;
}

const fillDiagonalCheck = (x: Tensor) => {
  if (x.dim() < 2) throw new RangeError('fill_diagonal_(): dimensions must larger than 1');
  if (x.dim() > 2 && x.shape.some((s) => s !== x.shape[0])) throw new RangeError('fill_diagonal_(): all dimensions of input must be of equal length');
};

/** x.fill_diagonal_(fill_value, wrap = false): the main diagonal set (a tall matrix's restarting every cols + 1 rows with wrap). */
function fillDiagonal(x: Tensor, fill_value: number, wrap = false): Tensor {
  fillDiagonalCheck(x);
  const n = x.numel();
  const flags = new Uint8Array(n);
  const rowLen = x.shape.slice(1).reduce((p, s) => p * s, 1);
  const step = x.dim() === 2 ? x.shape[1] + 1 : x.shape.reduce((acc, _s, d) => acc + x.shape.slice(d + 1).reduce((p, s) => p * s, 1), 0);
  const limit = x.dim() === 2 && !wrap ? Math.min(x.shape[0], x.shape[1]) * rowLen : n;
  const count = x.dim() === 2 ? Infinity : x.shape[0];
  for (let i = 0, k = 0; i < limit && k < count; i += step, k++) flags[i] = 1;
  return masked_fill(x, new Tensor(flags, x.shape, 'bool'), fill_value);
}

function fillDiagonalMethod(this: Tensor, fill_value: number | { fill_value: number; wrap?: boolean }, wrap?: boolean | { wrap?: boolean }): Tensor {
  const a = resolveArgs<{ fill_value?: number; wrap?: boolean }>('fill_diagonal_', ['fill_value', 'wrap'], { wrap: false }, arguments);
  if (typeof a.fill_value !== 'number' && typeof a.fill_value !== 'boolean') {
    throw new TypeError(`fill_diagonal_(): argument 'fill_value' (position 1) must be Number, not ${typeName(a.fill_value)}`);
  }
  return writeBack('fill_diagonal_', this, (x) => fillDiagonal(x, +a.fill_value!, !!a.wrap));
}

/** float_power_: the base must already be float64 (the result's dtype), as PyTorch requires. */
function floatPowerInPlace(this: Tensor, exponent: TensorLike): Tensor {
  checkArgs('float_power_', arguments, 1);
  checkTensor('float_power_', this, 'self');
  if (this.dtype !== 'float64') {
    throw new TypeError(`float_power_(): the base given to float_power_ has dtype ${TORCH_NAME[this.dtype]} but the operation's result requires dtype Double`);
  }
  return writeBack('float_power_', this, (x) => float_power(x, exponent));
}

/** asinh_/acosh_ written in place; inside a graph their backward fails, as PyTorch 1.13 has none for them. */
function noDerivativeInPlace(name: string, op: (x: Tensor) => Tensor, base: string) {
  return function (this: Tensor): Tensor {
    checkArgs(name, arguments, 0);
    return writeBack(name, this, (x) => record(no_grad(() => op(x)), 'NotImplemented', [x], notDifferentiable(`inplace version of ${base}`)));
  };
}

/** ldexp_: PyTorch 1.13 writes input * 2^other through mul's out=, which refuses autograd. */
function ldexpInPlace(this: Tensor, other: Tensor): Tensor {
  checkArgs('ldexp_', arguments, 1);
  checkTensor('ldexp_', this, 'self');
  if (is_grad_enabled() && (this.requires_grad || (other instanceof Tensor && other.requires_grad))) {
    throw new Error("ldexp_(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.");
  }
  return writeBack('ldexp_', this, (x) => ldexp(x, other));
}

/** round_(decimals?) keeps its keyword. */
function roundInPlace(this: Tensor, options?: { decimals?: number }): Tensor {
  checkArgs('round_', arguments, 0, ['decimals']);
  return writeBack('round_', this, (x) => ew.round(x, options));
}

/** Integer-preserving ops written in place (a float result is refused by writeBack). */
const keepKind = (name: string, op: (x: Tensor, ...a: never[]) => Tensor, max = 1) =>
  function (this: Tensor, ...args: unknown[]): Tensor {
    checkArgs(name, args, max, [], max);
    return writeBack(name, this, (x) => (op as (...a: unknown[]) => Tensor)(x, ...args));
  };

/** The methods this file adds to Tensor (installed in tensor.ts; declared below). */
export const TENSOR_METHODS: Record<string, (this: Tensor, ...args: never[]) => unknown> = {
  // out-of-place
  atan2(this: Tensor, other: Tensor) { checkArgs('atan2', arguments, 1); return atan2(this, other); },
  arctan2(this: Tensor, other: Tensor) { checkArgs('arctan2', arguments, 1); return arctan2(this, other); },
  hypot(this: Tensor, other: Tensor) { checkArgs('hypot', arguments, 1); return hypot(this, other); },
  logaddexp(this: Tensor, other: Tensor) { checkArgs('logaddexp', arguments, 1); return logaddexp(this, other); },
  logaddexp2(this: Tensor, other: Tensor) { checkArgs('logaddexp2', arguments, 1); return logaddexp2(this, other); },
  xlogy(this: Tensor, other: Tensor | number) { checkArgs('xlogy', arguments, 1); return xlogy(this, other); },
  fmod(this: Tensor, other: TensorLike) { checkArgs('fmod', arguments, 1); return fmod(this, other); },
  remainder(this: Tensor, other: TensorLike) { checkArgs('remainder', arguments, 1); return remainder(this, other); },
  float_power(this: Tensor, exponent: TensorLike) { checkArgs('float_power', arguments, 1); return float_power(this, exponent); },
  ldexp(this: Tensor, other: Tensor) { checkArgs('ldexp', arguments, 1); return ldexp(this, other); },
  fmax(this: Tensor, other: Tensor) { checkArgs('fmax', arguments, 1); return fmax(this, other); },
  fmin(this: Tensor, other: Tensor) { checkArgs('fmin', arguments, 1); return fmin(this, other); },
  nextafter(this: Tensor, other: Tensor) { checkArgs('nextafter', arguments, 1); return nextafter(this, other); },
  gcd(this: Tensor, other: Tensor) { checkArgs('gcd', arguments, 1); return gcd(this, other); },
  lcm(this: Tensor, other: Tensor) { checkArgs('lcm', arguments, 1); return lcm(this, other); },
  bitwise_and(this: Tensor, other: TensorLike) { checkArgs('bitwise_and', arguments, 1); return bitwise_and(this, other); },
  bitwise_or(this: Tensor, other: TensorLike) { checkArgs('bitwise_or', arguments, 1); return bitwise_or(this, other); },
  bitwise_xor(this: Tensor, other: TensorLike) { checkArgs('bitwise_xor', arguments, 1); return bitwise_xor(this, other); },
  bitwise_left_shift(this: Tensor, other: TensorLike) { checkArgs('bitwise_left_shift', arguments, 1); return bitwise_left_shift(this, other); },
  bitwise_right_shift(this: Tensor, other: TensorLike) { checkArgs('bitwise_right_shift', arguments, 1); return bitwise_right_shift(this, other); },
  bitwise_not(this: Tensor) { checkArgs('bitwise_not', arguments, 0); return bitwise_not(this); },
  igamma(this: Tensor, other: Tensor) { checkArgs('igamma', arguments, 1); return igamma(this, other); },
  igammac(this: Tensor, other: Tensor) { checkArgs('igammac', arguments, 1); return igammac(this, other); },
  lerp(this: Tensor, end: Tensor, weight: Tensor | number) { checkArgs('lerp', arguments, 2, [], 2); return lerp(this, end, weight); },
  sinc(this: Tensor) { checkArgs('sinc', arguments, 0); return sinc(this); },
  deg2rad(this: Tensor) { checkArgs('deg2rad', arguments, 0); return deg2rad(this); },
  rad2deg(this: Tensor) { checkArgs('rad2deg', arguments, 0); return rad2deg(this); },
  i0(this: Tensor) { checkArgs('i0', arguments, 0); return i0(this); },
  lgamma(this: Tensor) { checkArgs('lgamma', arguments, 0); return lgamma(this); },
  digamma(this: Tensor) { checkArgs('digamma', arguments, 0); return digamma(this); },
  polygamma(this: Tensor, n: number) { checkArgs('polygamma', arguments, 1); return polygamma(n, this); },
  mvlgamma(this: Tensor, p: number | { p: number }) { checkArgs('mvlgamma', arguments, 1, ['p']); return mvlgamma(this, p); },
  frexp(this: Tensor) { checkArgs('frexp', arguments, 0); return frexp(this); },
  sgn(this: Tensor) { checkArgs('sgn', arguments, 0); return sgn(this); },
  frac(this: Tensor) { checkArgs('frac', arguments, 0); return frac(this); },
  positive(this: Tensor) { checkArgs('positive', arguments, 0); return positive(this); },
  negative(this: Tensor) { checkArgs('negative', arguments, 0); return negative(this); },
  absolute(this: Tensor) { checkArgs('absolute', arguments, 0); return absolute(this); },
  fix(this: Tensor) { checkArgs('fix', arguments, 0); return ew.trunc(this); },
  arccos(this: Tensor) { checkArgs('arccos', arguments, 0); return mt.acos(this); },
  arcsin(this: Tensor) { checkArgs('arcsin', arguments, 0); return mt.asin(this); },
  arctan(this: Tensor) { checkArgs('arctan', arguments, 0); return mt.atan(this); },
  arccosh(this: Tensor) { checkArgs('arccosh', arguments, 0); return mt.acosh(this); },
  arcsinh(this: Tensor) { checkArgs('arcsinh', arguments, 0); return mt.asinh(this); },
  multiply(this: Tensor, other: TensorLike) { checkArgs('multiply', arguments, 1); return ew.mul(this, other); },
  subtract(this: Tensor, other: TensorLike, options?: { alpha?: number }) { checkArgs('subtract', arguments, 1, ['alpha']); return ew.sub(this, other, options); },
  divide(this: Tensor, other: TensorLike, options?: { rounding_mode?: RoundingMode }) { checkArgs('divide', arguments, 1, ['rounding_mode']); return ew.div(this, other, options); },
  true_divide(this: Tensor, other: TensorLike) { checkArgs('true_divide', arguments, 1); return ew.div(this, other); },
  not_equal(this: Tensor, other: TensorLike) { checkArgs('not_equal', arguments, 1); return compare('ne', this, other); },
  greater(this: Tensor, other: TensorLike) { checkArgs('greater', arguments, 1); return compare('gt', this, other); },
  greater_equal(this: Tensor, other: TensorLike) { checkArgs('greater_equal', arguments, 1); return compare('ge', this, other); },
  less(this: Tensor, other: TensorLike) { checkArgs('less', arguments, 1); return compare('lt', this, other); },
  less_equal(this: Tensor, other: TensorLike) { checkArgs('less_equal', arguments, 1); return compare('le', this, other); },
  angle(this: Tensor) { checkArgs('angle', arguments, 0); return angle(this); },
  isposinf(this: Tensor) { checkArgs('isposinf', arguments, 0); return isposinf(this); },
  isneginf(this: Tensor) { checkArgs('isneginf', arguments, 0); return isneginf(this); },
  isreal(this: Tensor) { checkArgs('isreal', arguments, 0); return isreal(this); },
  addcmul(this: Tensor, tensor1: Tensor, tensor2: Tensor, value?: number | ValueOption) { checkArgs('addcmul', arguments, 3, ['value'], 2); return addcmul(this, tensor1, tensor2, value); },
  addcdiv(this: Tensor, tensor1: Tensor, tensor2: Tensor, value?: number | ValueOption) { checkArgs('addcdiv', arguments, 3, ['value'], 2); return addcdiv(this, tensor1, tensor2, value); },
  addcmul_(this: Tensor, tensor1: Tensor, tensor2: Tensor, value?: number | ValueOption) {
    checkArgs('addcmul_', arguments, 3, ['value'], 2);
    return writeBack('addcmul_', this, (x) => addcmul(x, tensor1, tensor2, value));
  },
  addcdiv_(this: Tensor, tensor1: Tensor, tensor2: Tensor, value?: number | ValueOption) {
    checkArgs('addcdiv_', arguments, 3, ['value'], 2);
    return writeBack('addcdiv_', this, (x) => addcdiv(x, tensor1, tensor2, value));
  },
  // in-place unary math
  sin_: inplace('sin_', mt.sin), cos_: inplace('cos_', mt.cos), tan_: inplace('tan_', mt.tan),
  asin_: inplace('asin_', mt.asin), acos_: inplace('acos_', mt.acos), atan_: inplace('atan_', mt.atan),
  arcsin_: inplace('arcsin_', mt.asin), arccos_: inplace('arccos_', mt.acos), arctan_: inplace('arctan_', mt.atan),
  sinh_: inplace('sinh_', mt.sinh), cosh_: inplace('cosh_', mt.cosh), asinh_: noDerivativeInPlace('asinh_', mt.asinh, 'asinh'),
  acosh_: noDerivativeInPlace('acosh_', mt.acosh, 'acosh'), arcsinh_: noDerivativeInPlace('arcsinh_', mt.asinh, 'asinh'),
  arccosh_: noDerivativeInPlace('arccosh_', mt.acosh, 'acosh'),
  sqrt_: inplace('sqrt_', ew.sqrt), rsqrt_: inplace('rsqrt_', mt.rsqrt), log_: inplace('log_', ew.log),
  log2_: inplace('log2_', mt.log2), log10_: inplace('log10_', mt.log10), log1p_: inplace('log1p_', ew.log1p),
  expm1_: inplace('expm1_', ew.expm1), exp2_: inplace('exp2_', mt.exp2), erf_: inplace('erf_', ew.erf),
  floor_: inplace('floor_', ew.floor), ceil_: inplace('ceil_', ew.ceil), trunc_: inplace('trunc_', ew.trunc),
  fix_: inplace('fix_', ew.trunc), round_: roundInPlace, frac_: inplace('frac_', frac),
  reciprocal_: inplace('reciprocal_', mt.reciprocal), square_: inplace('square_', mt.square),
  negative_: inplace('negative_', ew.neg), absolute_: inplace('absolute_', ew.abs), sgn_: inplace('sgn_', mt.sign),
  deg2rad_: inplace('deg2rad_', deg2rad), rad2deg_: inplace('rad2deg_', rad2deg), sinc_: inplace('sinc_', sinc),
  i0_: inplace('i0_', i0), lgamma_: inplace('lgamma_', lgamma), digamma_: inplace('digamma_', digamma),
  polygamma_(this: Tensor, n: number) { checkArgs('polygamma_', arguments, 1, [], 1); return writeBack('polygamma_', this, (x) => polygamma(n, x)); },
  mvlgamma_(this: Tensor, p: number | { p: number }) { checkArgs('mvlgamma_', arguments, 1, ['p'], 1); return writeBack('mvlgamma_', this, (x) => mvlgamma(x, p)); },
  bitwise_not_: inplace('bitwise_not_', bitwise_not),
  nan_to_num_: inplace('nan_to_num_', mt.nan_to_num as (x: Tensor, ...a: never[]) => Tensor, 3, ['nan', 'posinf', 'neginf']),
  // in-place binary math
  pow_: keepKind('pow_', ew.pow), fmod_: keepKind('fmod_', fmod), remainder_: keepKind('remainder_', remainder),
  hypot_: inplace('hypot_', hypot, 1), atan2_: inplace('atan2_', atan2, 1), arctan2_: inplace('arctan2_', arctan2, 1),
  xlogy_: inplace('xlogy_', xlogy, 1), float_power_: floatPowerInPlace, ldexp_: ldexpInPlace,
  nextafter_: inplace('nextafter_', nextafter, 1), igamma_: inplace('igamma_', igamma, 1), igammac_: inplace('igammac_', igammac, 1),
  gcd_: keepKind('gcd_', gcd), lcm_: keepKind('lcm_', lcm),
  bitwise_and_: keepKind('bitwise_and_', bitwise_and), bitwise_or_: keepKind('bitwise_or_', bitwise_or),
  bitwise_xor_: keepKind('bitwise_xor_', bitwise_xor), bitwise_left_shift_: keepKind('bitwise_left_shift_', bitwise_left_shift),
  bitwise_right_shift_: keepKind('bitwise_right_shift_', bitwise_right_shift),
  lerp_(this: Tensor, end: Tensor, weight: Tensor | number) {
    checkArgs('lerp_', arguments, 2, [], 2);
    return writeBack('lerp_', this, (x) => lerp(x, end, weight));
  },
  multiply_: keepKind('multiply_', ew.mul), subtract_: inplace('subtract_', ew.sub as (x: Tensor, ...a: never[]) => Tensor, 1, ['alpha']),
  divide_: inplace('divide_', ew.div as (x: Tensor, ...a: never[]) => Tensor, 1, ['rounding_mode']),
  true_divide_: inplace('true_divide_', ew.div, 1), floor_divide_: keepKind('floor_divide_', ew.floor_divide),
  clip_(this: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null) {
    return writeBack('clip_', this, (x) => ew.clamp(x, min, max));
  },
  // comparisons and logic in place
  eq_: comparisonInPlace('eq_', 'eq'), ne_: comparisonInPlace('ne_', 'ne'), gt_: comparisonInPlace('gt_', 'gt'),
  ge_: comparisonInPlace('ge_', 'ge'), lt_: comparisonInPlace('lt_', 'lt'), le_: comparisonInPlace('le_', 'le'),
  not_equal_: comparisonInPlace('not_equal_', 'ne'), greater_: comparisonInPlace('greater_', 'gt'),
  greater_equal_: comparisonInPlace('greater_equal_', 'ge'), less_: comparisonInPlace('less_', 'lt'),
  less_equal_: comparisonInPlace('less_equal_', 'le'),
  logical_and_: logicalInPlace('logical_and_', mt.logical_and), logical_or_: logicalInPlace('logical_or_', mt.logical_or),
  logical_xor_: logicalInPlace('logical_xor_', mt.logical_xor), logical_not_: logicalInPlace('logical_not_', mt.logical_not),
  // triangles and the diagonal
  tril_(this: Tensor, diagonal = 0) { checkArgs('tril_', arguments, 1); return writeBack('tril_', this, (x) => tril(x, diagonal)); },
  triu_(this: Tensor, diagonal = 0) { checkArgs('triu_', arguments, 1); return writeBack('triu_', this, (x) => triu(x, diagonal)); },
  fill_diagonal_: fillDiagonalMethod as (this: Tensor, ...args: never[]) => unknown,
  // views changed in place
  t_: viewInPlace('t_', (x) => transposeT(x)),
  transpose_: viewInPlace('transpose_', (x, d0, d1) => transpose(x, d0 as number, d1 as number)),
  swapaxes_: viewInPlace('swapaxes_', (x, d0, d1) => transpose(x, d0 as number, d1 as number)),
  swapdims_: viewInPlace('swapdims_', (x, d0, d1) => transpose(x, d0 as number, d1 as number)),
  squeeze_: viewInPlace('squeeze_', (x, ...d) => (d.length ? squeeze(x, d[0] as number) : squeeze(x))),
  unsqueeze_: viewInPlace('unsqueeze_', (x, d) => unsqueeze(x, d as number)),
};

declare module '../tensor' {
  interface Tensor {
    atan2(other: Tensor): Tensor;
    arctan2(other: Tensor): Tensor;
    hypot(other: Tensor): Tensor;
    logaddexp(other: Tensor): Tensor;
    logaddexp2(other: Tensor): Tensor;
    xlogy(other: Tensor | number): Tensor;
    fmod(other: Tensor | number): Tensor;
    remainder(other: Tensor | number): Tensor;
    float_power(exponent: Tensor | number): Tensor;
    ldexp(other: Tensor): Tensor;
    fmax(other: Tensor): Tensor;
    fmin(other: Tensor): Tensor;
    nextafter(other: Tensor): Tensor;
    gcd(other: Tensor): Tensor;
    lcm(other: Tensor): Tensor;
    bitwise_and(other: Tensor | number | boolean): Tensor;
    bitwise_or(other: Tensor | number | boolean): Tensor;
    bitwise_xor(other: Tensor | number | boolean): Tensor;
    bitwise_left_shift(other: Tensor | number): Tensor;
    bitwise_right_shift(other: Tensor | number): Tensor;
    bitwise_not(): Tensor;
    igamma(other: Tensor): Tensor;
    igammac(other: Tensor): Tensor;
    lerp(end: Tensor, weight: Tensor | number): Tensor;
    sinc(): Tensor;
    deg2rad(): Tensor;
    rad2deg(): Tensor;
    i0(): Tensor;
    lgamma(): Tensor;
    digamma(): Tensor;
    polygamma(n: number): Tensor;
    mvlgamma(p: number | { p: number }): Tensor;
    frexp(): [Tensor, Tensor];
    sgn(): Tensor;
    frac(): Tensor;
    positive(): Tensor;
    negative(): Tensor;
    absolute(): Tensor;
    fix(): Tensor;
    arccos(): Tensor;
    arcsin(): Tensor;
    arctan(): Tensor;
    arccosh(): Tensor;
    arcsinh(): Tensor;
    multiply(other: Tensor | number | boolean): Tensor;
    subtract(other: Tensor | number | boolean, options?: { alpha?: number }): Tensor;
    divide(other: Tensor | number | boolean, options?: { rounding_mode?: RoundingMode }): Tensor;
    true_divide(other: Tensor | number | boolean): Tensor;
    not_equal(other: Tensor | number | boolean): Tensor;
    greater(other: Tensor | number | boolean): Tensor;
    greater_equal(other: Tensor | number | boolean): Tensor;
    less(other: Tensor | number | boolean): Tensor;
    less_equal(other: Tensor | number | boolean): Tensor;
    angle(): Tensor;
    isposinf(): Tensor;
    isneginf(): Tensor;
    isreal(): Tensor;
    addcmul(tensor1: Tensor, tensor2: Tensor, value?: number | { value?: number }): Tensor;
    addcdiv(tensor1: Tensor, tensor2: Tensor, value?: number | { value?: number }): Tensor;
    addcmul_(tensor1: Tensor, tensor2: Tensor, value?: number | { value?: number }): this;
    addcdiv_(tensor1: Tensor, tensor2: Tensor, value?: number | { value?: number }): this;
    sin_(): this; cos_(): this; tan_(): this; asin_(): this; acos_(): this; atan_(): this;
    arcsin_(): this; arccos_(): this; arctan_(): this; sinh_(): this; cosh_(): this; asinh_(): this;
    acosh_(): this; arcsinh_(): this; arccosh_(): this; sqrt_(): this; rsqrt_(): this; log_(): this;
    log2_(): this; log10_(): this; log1p_(): this; expm1_(): this; exp2_(): this; erf_(): this;
    floor_(): this; ceil_(): this; trunc_(): this; fix_(): this; round_(options?: { decimals?: number }): this; frac_(): this;
    reciprocal_(): this; square_(): this; negative_(): this; absolute_(): this; sgn_(): this;
    deg2rad_(): this; rad2deg_(): this; sinc_(): this; i0_(): this; lgamma_(): this; digamma_(): this;
    polygamma_(n: number): this; mvlgamma_(p: number | { p: number }): this; bitwise_not_(): this;
    nan_to_num_(nan?: number | { nan?: number; posinf?: number | null; neginf?: number | null }, posinf?: number | null, neginf?: number | null): this;
    pow_(exponent: Tensor | number): this; fmod_(other: Tensor | number): this; remainder_(other: Tensor | number): this;
    hypot_(other: Tensor): this; atan2_(other: Tensor): this; arctan2_(other: Tensor): this; xlogy_(other: Tensor | number): this;
    float_power_(exponent: Tensor | number): this; ldexp_(other: Tensor): this; nextafter_(other: Tensor): this;
    igamma_(other: Tensor): this; igammac_(other: Tensor): this; gcd_(other: Tensor): this; lcm_(other: Tensor): this;
    bitwise_and_(other: Tensor | number | boolean): this; bitwise_or_(other: Tensor | number | boolean): this;
    bitwise_xor_(other: Tensor | number | boolean): this; bitwise_left_shift_(other: Tensor | number): this;
    bitwise_right_shift_(other: Tensor | number): this; lerp_(end: Tensor, weight: Tensor | number): this;
    multiply_(other: Tensor | number | boolean): this; subtract_(other: Tensor | number | boolean, options?: { alpha?: number }): this;
    divide_(other: Tensor | number | boolean, options?: { rounding_mode?: RoundingMode }): this; true_divide_(other: Tensor | number | boolean): this;
    floor_divide_(other: Tensor | number | boolean): this;
    clip_(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): this;
    eq_(other: Tensor | number | boolean): this; ne_(other: Tensor | number | boolean): this; gt_(other: Tensor | number | boolean): this;
    ge_(other: Tensor | number | boolean): this; lt_(other: Tensor | number | boolean): this; le_(other: Tensor | number | boolean): this;
    not_equal_(other: Tensor | number | boolean): this; greater_(other: Tensor | number | boolean): this;
    greater_equal_(other: Tensor | number | boolean): this; less_(other: Tensor | number | boolean): this; less_equal_(other: Tensor | number | boolean): this;
    logical_and_(other: Tensor): this; logical_or_(other: Tensor): this; logical_xor_(other: Tensor): this; logical_not_(): this;
    tril_(diagonal?: number): this; triu_(diagonal?: number): this;
    fill_diagonal_(fill_value: number | { fill_value: number; wrap?: boolean }, wrap?: boolean | { wrap?: boolean }): this;
    t_(): this; transpose_(dim0: number, dim1: number): this; swapaxes_(axis0: number, axis1: number): this;
    swapdims_(dim0: number, dim1: number): this; squeeze_(dim?: number): this; unsqueeze_(dim: number): this;
  }
}

// ---- torch.* in-place functions (torch.sin_(x), ...): the method called on the first argument ----

function torchInPlace(name: string, max = 1, keys: readonly string[] = []) {
  const fn = function (input: Tensor, ...rest: unknown[]): Tensor {
    checkArgs(name, arguments, max, keys, 1);
    checkTensor(name, input);
    return (TENSOR_METHODS[name] as unknown as (this: Tensor, ...a: unknown[]) => Tensor).call(input, ...rest);
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
export const sin_ = torchInPlace('sin_');
export const cos_ = torchInPlace('cos_');
export const tan_ = torchInPlace('tan_');
export const asin_ = torchInPlace('asin_');
export const acos_ = torchInPlace('acos_');
export const atan_ = torchInPlace('atan_');
export const arcsin_ = torchInPlace('arcsin_');
export const arccos_ = torchInPlace('arccos_');
export const arctan_ = torchInPlace('arctan_');
export const sinh_ = torchInPlace('sinh_');
export const cosh_ = torchInPlace('cosh_');
export const asinh_ = torchInPlace('asinh_');
export const acosh_ = torchInPlace('acosh_');
export const arcsinh_ = torchInPlace('arcsinh_');
export const arccosh_ = torchInPlace('arccosh_');
export const sqrt_ = torchInPlace('sqrt_');
export const rsqrt_ = torchInPlace('rsqrt_');
export const log_ = torchInPlace('log_');
export const log2_ = torchInPlace('log2_');
export const log10_ = torchInPlace('log10_');
export const log1p_ = torchInPlace('log1p_');
export const expm1_ = torchInPlace('expm1_');
export const exp2_ = torchInPlace('exp2_');
export const erf_ = torchInPlace('erf_');
export const floor_ = torchInPlace('floor_');
export const ceil_ = torchInPlace('ceil_');
export const trunc_ = torchInPlace('trunc_');
export const fix_ = torchInPlace('fix_');
export const round_ = torchInPlace('round_', 1, ['decimals']);
export const frac_ = torchInPlace('frac_');
export const reciprocal_ = torchInPlace('reciprocal_');
export const square_ = torchInPlace('square_');
export const negative_ = torchInPlace('negative_');
export const deg2rad_ = torchInPlace('deg2rad_');
export const rad2deg_ = torchInPlace('rad2deg_');
export const sinc_ = torchInPlace('sinc_');
export const i0_ = torchInPlace('i0_');
export const nan_to_num_ = torchInPlace('nan_to_num_', 4, ['nan', 'posinf', 'neginf']);
export const xlogy_ = torchInPlace('xlogy_', 2);
export const ldexp_ = torchInPlace('ldexp_', 2);
export const gcd_ = torchInPlace('gcd_', 2);
export const lcm_ = torchInPlace('lcm_', 2);

/** torch.neg_ and torch.abs_: the existing methods, as functions. */
export function neg_(input: Tensor): Tensor {
  checkArgs('neg_', arguments, 1);
  return ew.inplaceUnary('neg_', 'neg', checkTensor('neg_', input));
}
export function abs_(input: Tensor): Tensor {
  checkArgs('abs_', arguments, 1);
  return ew.inplaceUnary('abs_', 'abs', checkTensor('abs_', input));
}
/** torch.fill_(input, value) and torch.zero_(input): the methods as functions. */
export function fill_(input: Tensor, value: number): Tensor {
  checkArgs('fill_', arguments, 2, [], 2);
  return checkTensor('fill_', input).fill_(value);
}
export function zero_(input: Tensor): Tensor {
  checkArgs('zero_', arguments, 1);
  return checkTensor('zero_', input).zero_();
}
export function clip_(input: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
  checkArgs('clip_', arguments, 3, ['min', 'max']);
  return writeBack('clip_', checkTensor('clip_', input), (x) => ew.clamp(x, min, max));
}
