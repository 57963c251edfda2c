// More of torch's math: trigonometric/hyperbolic functions, log2/log10/exp2, rsqrt, reciprocal, sign, the
// isnan family, logical ops, any/all, logsumexp, nan_to_num, isclose/allclose, var_mean/std_mean. The
// transcendental ones map each element through the double-precision JS function, rounded once (as the native
// backend's log1p/erf do): rarely hot, so one loop serves both backends. Each records its backward beside it;
// the rest are composed from differentiable ops.
import { B } from '../backend';
import { floatMax, getDefaultDtype, isFloating, type FLOAT_FORMATS } from '../dtype';
import { record } from '../autograd';
import { Tensor, checkTensor } from '../tensor';
import { checkArgs, resolveArgs } from '../args';
import { abs, add, clamp, compare, div, mul, neg, sqrt, sub, where, exp, log } from './elementwise';
import { amax, mean, parseVarArgs, std, sum, var_, type VarOptions } from './reduce';
import { cast } from './shape';

type Backward = (x: Tensor, y: Tensor, g: Tensor) => Tensor;

/** y = f(x) elementwise in double, rounded to x's floating dtype (integers compute in the default dtype, as PyTorch's). */
function mapUnary(op: string, x: Tensor, f: (v: number) => number): Tensor {
  checkTensor(op, x);
  const input = isFloating(x.dtype) ? x : cast(x, getDefaultDtype());
  const src = input.contiguous().data;
  const out = B.alloc(input.dtype, src.length, false);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return new Tensor(out, x.shape, input.dtype);
}

export function unary(op: string, gradName: string, f: (v: number) => number, backward: Backward): (x: Tensor) => Tensor {
  const fn = function (x: Tensor): Tensor {
    checkArgs(op, arguments, 1);
    const y = mapUnary(op, x, f);
    return record(y, gradName, [x], (g) => [backward(x, y, g)]);
  };
  Object.defineProperty(fn, 'name', { value: op });
  return fn;
}

const oneMinusSquare = (x: Tensor) => add(neg(mul(x, x)), 1);
export const sin = unary('sin', 'SinBackward0', Math.sin, (x, _y, g) => mul(g, cos(x)));
export const cos = unary('cos', 'CosBackward0', Math.cos, (x, _y, g) => neg(mul(g, sin(x))));
export const tan = unary('tan', 'TanBackward0', Math.tan, (_x, y, g) => mul(g, add(mul(y, y), 1)));
export const asin = unary('asin', 'AsinBackward0', Math.asin, (x, _y, g) => div(g, sqrt(oneMinusSquare(x))));
export const acos = unary('acos', 'AcosBackward0', Math.acos, (x, _y, g) => neg(div(g, sqrt(oneMinusSquare(x)))));
export const atan = unary('atan', 'AtanBackward0', Math.atan, (x, _y, g) => div(g, add(mul(x, x), 1)));
export const sinh = unary('sinh', 'SinhBackward0', Math.sinh, (x, _y, g) => mul(g, cosh(x)));
export const cosh = unary('cosh', 'CoshBackward0', Math.cosh, (x, _y, g) => mul(g, sinh(x)));
export const asinh = unary('asinh', 'AsinhBackward0', Math.asinh, (x, _y, g) => div(g, sqrt(add(mul(x, x), 1))));
export const acosh = unary('acosh', 'AcoshBackward0', Math.acosh, (x, _y, g) => div(g, sqrt(sub(mul(x, x), 1))));
export const atanh = unary('atanh', 'AtanhBackward0', Math.atanh, (x, _y, g) => div(g, oneMinusSquare(x)));
export const log2 = unary('log2', 'Log2Backward0', Math.log2, (x, _y, g) => div(g, mul(x, Math.LN2)));
export const log10 = unary('log10', 'Log10Backward0', Math.log10, (x, _y, g) => div(g, mul(x, Math.LN10)));
export const exp2 = unary('exp2', 'Exp2Backward0', (v) => 2 ** v, (_x, y, g) => mul(g, mul(y, Math.LN2)));
export const rsqrt = unary('rsqrt', 'RsqrtBackward0', (v) => 1 / Math.sqrt(v), (_x, y, g) => mul(g, mul(mul(y, mul(y, y)), -0.5)));
// 1/v in double rounded to float is the float division's result (53 >= 2 * 24 + 2 bits)
export const reciprocal = unary('reciprocal', 'ReciprocalBackward0', (v) => 1 / v, (_x, y, g) => neg(mul(g, mul(y, y))));

/** torch.square: x * x (integers stay integers). */
export function square(x: Tensor): Tensor {
  checkArgs('square', arguments, 1);
  return mul(checkTensor('square', x), x);
}

/** torch.clamp_min(input, min) / clamp_max(input, max): clamp with one bound. */
export function clamp_min(input: Tensor, min: number): Tensor {
  checkArgs('clamp_min', arguments, 2);
  return clamp(checkTensor('clamp_min', input), min, null);
}
export function clamp_max(input: Tensor, max: number): Tensor {
  checkArgs('clamp_max', arguments, 2);
  return clamp(checkTensor('clamp_max', input), null, max);
}

/** torch.sign: -1, 0 or 1 in x's dtype (NaN and -0 give 0, as PyTorch's); zero gradient. */
export function sign(x: Tensor): Tensor {
  checkArgs('sign', arguments, 1);
  checkTensor('sign', x);
  if (x.dtype === 'bool') return x.clone();
  const src = x.contiguous().data;
  const out = B.alloc(x.dtype, src.length, false);
  for (let i = 0; i < src.length; i++) out[i] = src[i] > 0 ? 1 : src[i] < 0 ? -1 : 0;
  // zeros, not g * 0: an infinite or NaN incoming gradient still gives 0, as PyTorch's
  return record(new Tensor(out, x.shape, x.dtype), 'SignBackward0', [x], (g) => [new Tensor(B.alloc(g.dtype, g.numel(), true), g.shape, g.dtype)]);
}

// ---- predicates and logic (bool results, no gradient) ----

export function isnan(x: Tensor): Tensor {
  checkArgs('isnan', arguments, 1);
  return compare('ne', checkTensor('isnan', x), x);
}

export function isinf(x: Tensor): Tensor {
  checkArgs('isinf', arguments, 1);
  return compare('eq', abs(checkTensor('isinf', x)), Infinity);
}

/** Neither NaN nor infinite: x - x is 0 exactly for every finite x (and NaN otherwise). */
export function isfinite(x: Tensor): Tensor {
  checkArgs('isfinite', arguments, 1);
  const t = checkTensor('isfinite', x);
  return t.dtype === 'bool' ? compare('eq', t, t) : compare('eq', sub(t, t), 0);
}

const truth = (op: string, t: unknown, name = 'input', position = 1) => compare('ne', checkTensor(op, t, name, position), 0);

export function logical_not(x: Tensor): Tensor {
  checkArgs('logical_not', arguments, 1);
  return compare('eq', checkTensor('logical_not', x), 0);
}

function logical(op: string, combine: (a: Tensor, b: Tensor) => Tensor) {
  return function (a: Tensor, b: Tensor): Tensor {
    checkArgs(op, arguments, 2);
    return combine(cast(truth(op, a), 'int32'), cast(truth(op, b, 'other', 2), 'int32'));
  };
}
export const logical_and = logical('logical_and', (a, b) => compare('ne', mul(a, b), 0));
export const logical_or = logical('logical_or', (a, b) => compare('ne', add(a, b), 0));
export const logical_xor = logical('logical_xor', (a, b) => compare('ne', a, b));

type DimArg = number | readonly number[] | null | undefined;
interface AnyAllOptions {
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
}

/** Whether the count of true elements along dim (all dims if none; counted in float64, exact) passes `test`. */
function countTrue(op: string, flags: Tensor, args: IArguments, test: 'gt' | 'eq'): Tensor {
  const a = resolveArgs<AnyAllOptions>(op, ['dim', 'keepdim'], { dim: null, keepdim: false }, args, 1);
  const ones = cast(flags, 'float64');
  const count = a.dim === null || a.dim === undefined ? sum(ones) : sum(ones, a.dim as DimArg, !!a.keepdim);
  return compare(test, count, 0);
}

/** torch.any(input, dim?, keepdim = false): whether any element (along dim) is non-zero. */
export function any(input: Tensor, dim?: number | readonly number[] | AnyAllOptions, keepdim?: boolean | AnyAllOptions): Tensor {
  return countTrue('any', truth('any', input), arguments, 'gt');
}

/** torch.all(input, dim?, keepdim = false): whether every element (along dim) is non-zero. */
export function all(input: Tensor, dim?: number | readonly number[] | AnyAllOptions, keepdim?: boolean | AnyAllOptions): Tensor {
  return countTrue('all', compare('eq', checkTensor('all', input), 0), arguments, 'eq');
}

// ---- reductions and friends ----

/** torch.logsumexp(input, dim, keepdim = false): log(sum(exp(x))) along dim without overflow (max subtracted). */
export function logsumexp(input: Tensor, dim: number | readonly number[] | { dim: number | readonly number[]; keepdim?: boolean }, keepdim?: boolean | { keepdim?: boolean }): Tensor {
  const x = checkTensor('logsumexp', input);
  const a = resolveArgs<{ dim?: number | readonly number[]; keepdim?: boolean }>('logsumexp', ['dim', 'keepdim'], { keepdim: false }, arguments, 1);
  if (a.dim === undefined) throw new TypeError("logsumexp() missing 1 required positional argument: 'dim'");
  const t = isFloating(x.dtype) ? x : cast(x, getDefaultDtype());
  // the shift is a constant for autograd; an infinite max (all -inf, or +inf) shifts by 0 instead
  const m = amax(t.detach(), a.dim, true);
  const shift = where(isinf(m), 0, m);
  const out = add(log(sum(exp(sub(t, shift)), a.dim, true)), shift);
  return a.keepdim ? out : sum(out, a.dim, false); // dropping the kept size-1 dims (a sum over them is the identity)
}

/** torch.nan_to_num(input, nan = 0, posinf = dtype max, neginf = dtype min). */
export function nan_to_num(input: Tensor, nan: number | { nan?: number; posinf?: number | null; neginf?: number | null } = 0, posinf?: number | null, neginf?: number | null): Tensor {
  const x = checkTensor('nan_to_num', input);
  const a = resolveArgs<{ nan?: number; posinf?: number | null; neginf?: number | null }>('nan_to_num', ['nan', 'posinf', 'neginf'], { nan: 0, posinf: null, neginf: null }, arguments, 1);
  if (!isFloating(x.dtype)) return x.clone();
  const big = floatMax(x.dtype as keyof typeof FLOAT_FORMATS);
  const hi = a.posinf ?? big;
  const lo = a.neginf ?? -big;
  return where(isnan(x), a.nan!, where(compare('eq', x, Infinity), hi, where(compare('eq', x, -Infinity), lo, x)));
}

export interface IscloseOptions {
  rtol?: number;
  atol?: number;
  equal_nan?: boolean;
}

/** torch.isclose(input, other, rtol = 1e-5, atol = 1e-8, equal_nan = false): |a - b| <= atol + rtol |b|, or a == b. */
export function isclose(input: Tensor, other: Tensor, rtol?: number | IscloseOptions, atol?: number | IscloseOptions, equal_nan?: boolean | IscloseOptions): Tensor {
  const op = 'isclose';
  const a = checkTensor(op, input);
  const b = checkTensor(op, other, 'other', 2);
  const o = resolveArgs<IscloseOptions>(op, ['rtol', 'atol', 'equal_nan'], { rtol: 1e-5, atol: 1e-8, equal_nan: false }, arguments, 2);
  if (a.dtype !== b.dtype) throw new TypeError(`${op}(): ${a.dtype} did not match ${b.dtype}`);
  // PyTorch's rule: a finite error within atol + rtol |b| (so -inf and inf are not close), or equal
  const error = abs(sub(a, b));
  const close = logical_and(isfinite(error), compare('le', error, add(mul(abs(b), o.rtol!), o.atol!)));
  let result = logical_or(compare('eq', a, b), close);
  if (o.equal_nan) result = logical_or(result, logical_and(isnan(a), isnan(b)));
  return result;
}

/** torch.allclose(input, other, rtol, atol, equal_nan): whether isclose holds everywhere. */
export function allclose(input: Tensor, other: Tensor, rtol?: number | IscloseOptions, atol?: number | IscloseOptions, equal_nan?: boolean | IscloseOptions): boolean {
  checkTensor('allclose', input);
  checkTensor('allclose', other, 'other', 2);
  return all(isclose(input, other, rtol, atol, equal_nan)).item() as boolean;
}

/** torch.var_mean(input, dim?, unbiased?, keepdim?, { correction }): [var, mean], as PyTorch's tuple. */
export function var_mean(input: Tensor, dim?: unknown, unbiased?: unknown, keepdim?: unknown, options?: VarOptions): [Tensor, Tensor] {
  return moments('var_mean', var_, input, dim, unbiased, keepdim, options);
}

/** torch.std_mean(input, dim?, unbiased?, keepdim?, { correction }): [std, mean], as PyTorch's tuple. */
export function std_mean(input: Tensor, dim?: unknown, unbiased?: unknown, keepdim?: unknown, options?: VarOptions): [Tensor, Tensor] {
  return moments('std_mean', std, input, dim, unbiased, keepdim, options);
}

function moments(op: string, spread: typeof var_, input: Tensor, dim: unknown, unbiased: unknown, keepdim: unknown, options?: VarOptions): [Tensor, Tensor] {
  checkTensor(op, input);
  const a = parseVarArgs(op, dim, unbiased, keepdim, options);
  const whole = a.dim === null || a.dim === undefined;
  const spreadOf = spread(input, { ...(whole ? {} : { dim: a.dim }), correction: a.correction, keepdim: a.keepdim });
  return [spreadOf, whole ? mean(input) : mean(input, a.dim, a.keepdim)];
}
