// Elementwise ops with broadcasting and type promotion; each op's backward sits right beside its forward.
import { floatOf, getDefaultDtype, isFloating, isIntegral, isReduced, promoteTypes, scalarDtypeOf, type DType } from '../dtype';
import { broadcastShapes, broadcastStrides, fmtShape, numelOf, sameShape } from '../shape';
import { B } from '../backend';
import { COMPARISON_OPS, type BinaryOp, type UnaryOp } from '../backend/ops';
import { is_grad_enabled, no_grad, record } from '../autograd';
import { Tensor, checkTensor, typeName, fromValues } from '../tensor';
import { cast, checkInPlace, clone, copy_, sumToShape } from './shape';
import { checkArgs, resolveArgs } from '../args';
import { inplaceResult } from './inplace';
import { warnOnce } from '../utils/warnings';

type Scalar = number | boolean;
export type TensorLike = Tensor | Scalar;

const category = (d: DType) => (d === 'bool' ? 0 : isIntegral(d) ? 1 : 2);

/** PyTorch's result_type for a tensor and a tensor-or-scalar: 0-d operands only lift the category. */
export function resultType(a: Tensor, b: TensorLike): DType {
  if (!(b instanceof Tensor)) {
    const scalarDtype: DType = scalarDtypeOf(b);
    return category(scalarDtype) > category(a.dtype) ? scalarDtype : a.dtype;
  }
  const aDim = a.dim() > 0;
  const bDim = b.dim() > 0;
  if (aDim === bDim) return promoteTypes(a.dtype, b.dtype);
  const [dimmed, zeroDim] = aDim ? [a, b] : [b, a];
  return category(zeroDim.dtype) > category(dimmed.dtype) ? zeroDim.dtype : dimmed.dtype;
}

/** A tensor operand: tensors pass through, numbers/booleans become 0-d tensors of dtype. */
function operand(op: string, v: unknown, dtype: DType, position: number, argName = 'other'): Tensor {
  if (v instanceof Tensor) {
    checkTensor(op, v, argName, position); // readable
    return v.dtype === dtype ? v : cast(v, dtype);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return fromValues([+v], [], dtype);
  throw new TypeError(`${op}(): argument '${argName}' (position ${position}) must be Tensor or Number, not ${typeName(v)}`);
}

/** Runs a binary kernel over broadcast a, b (already of the compute dtype) into a new tensor of outDtype. */
export function binaryKernel(name: string, op: BinaryOp, a: Tensor, b: Tensor, outDtype: DType, p0 = 0, p1 = 0): Tensor {
  [p0, p1] = kernelParams(a.dtype, p0, p1);
  const shape = broadcastShapes(name, a.shape, b.shape);
  const n = numelOf(shape);
  const out = B.alloc(outDtype, n, false);
  if (n > 0) {
    const an = a.numel();
    const bn = b.numel();
    if (a.is_contiguous() && b.is_contiguous() && (an === n || an === 1) && (bn === n || bn === 1)) {
      B.binary(op, a._contiguousData(), b._contiguousData(), out, p0, p1);
    } else {
      const aStrides = broadcastStrides(a.shape, a._strides, shape);
      const bStrides = broadcastStrides(b.shape, b._strides, shape);
      B.binaryStrided(op, a._storage.subarray(a._offset), b._storage.subarray(b._offset), out, shape, aStrides, bStrides, p0, p1);
    }
    // bool arithmetic is logical (True + True == True): squash sums and products back to 0/1
    if (outDtype === 'bool' && !COMPARISON_OPS.has(op)) for (let i = 0; i < n; i++) out[i] = out[i] ? 1 : 0;
  }
  return new Tensor(out, shape, outDtype);
}

/** Kernel parameters in the tensor's precision, as PyTorch casts a scalar argument to the input dtype. */
function kernelParams(dtype: DType, p0: number, p1: number): [number, number] {
  return dtype === 'float32' || isReduced(dtype) ? [Math.fround(p0), Math.fround(p1)] : [p0, p1];
}

/** Runs a unary kernel on x (of its own dtype) into a new tensor of the same dtype and shape, or into `out`. */
export function unaryKernel(op: UnaryOp, x: Tensor, p0 = 0, p1 = 0, out?: Tensor): Tensor {
  [p0, p1] = kernelParams(x.dtype, p0, p1);
  if (out && !(out.is_contiguous() && out.dtype === x.dtype)) return copy_(out, unaryKernel(op, x, p0, p1), 'out');
  const data = x._contiguousData();
  const dst = out ? out._contiguousData() : B.alloc(x.dtype, data.length, false);
  if (data.length > 0) B.unary(op, data, dst, p0, p1);
  if (out && isReduced(out.dtype)) B.roundReduced(dst, out.dtype); // a new tensor is rounded by its constructor
  return out ?? new Tensor(dst, x.shape, x.dtype);
}

export const TORCH_NAME: Record<DType, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool',
};

/** PyTorch's error for a result of dtype `result` written into an `out=` or in-place tensor of dtype `target`. */
export function castError(name: string, result: DType, target: DType): TypeError {
  return new TypeError(`${name}(): result type ${TORCH_NAME[result]} can't be cast to the desired output type ${TORCH_NAME[target]}`);
}

/**
 * PyTorch's `out=` tensor for a result of (shape, dtype): checked, and resized as PyTorch does when its shape differs.
 * `sameViewOk`: out may be exactly one of the inputs (elementwise ops read each element before writing it).
 */
export function outTensor(
  name: string,
  outArg: unknown,
  shape: readonly number[],
  dtype: DType,
  inputs: readonly Tensor[],
  sameViewOk = true,
): Tensor {
  const out = checkTensor(name, outArg, 'out');
  if (!isFloating(out.dtype) && isFloating(dtype)) throw castError(name, dtype, out.dtype);
  if (is_grad_enabled() && (out.requires_grad || inputs.some((t) => t.requires_grad))) {
    throw new Error(`${name}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`);
  }
  for (const x of inputs) {
    if (x._storage.buffer !== out._storage.buffer) continue;
    const same = sameViewOk && x._offset === out._offset && sameShape(x._strides, out._strides) && sameShape(x.shape, out.shape);
    if (!same && overlaps(x, out)) {
      throw new Error(
        `${name}(): unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.`,
      );
    }
  }
  if (!sameShape(out.shape, shape)) {
    if (out.numel() > 0) {
      process.emitWarning(
        `An output with one or more elements was resized since it had shape ${fmtShape(out.shape)}, which does not match the required output shape ${fmtShape(shape)}.`,
        'UserWarning',
      );
    }
    out._resize(shape);
  }
  return out;
}

/** Whether two views of one buffer may share elements (their element ranges intersect). */
function overlaps(a: Tensor, b: Tensor): boolean {
  const range = (t: Tensor) => {
    const start = t._storage.byteOffset / t._storage.BYTES_PER_ELEMENT + t._offset;
    const extent = t.shape.reduce((acc, n, d) => acc + (n - 1) * Math.abs(t._strides[d]), 0);
    return [start, start + extent];
  };
  const [a0, a1] = range(a);
  const [b0, b1] = range(b);
  return a.numel() > 0 && b.numel() > 0 && a0 <= b1 && b0 <= a1;
}

/** Ops whose integer inputs give a float result. */
const FLOAT_RESULT = new Set<UnaryOp>(['exp', 'log', 'log1p', 'expm1', 'erf', 'sqrt', 'sigmoid', 'tanh']);

/** x.op_(): the kernel writes into x itself (same elements, so safe in place); PyTorch's checks for dtype and autograd. */
export function inplaceUnary(name: string, op: UnaryOp, x: Tensor, p0 = 0, p1 = 0): Tensor {
  checkTensor(name, x);
  const outOfPlace = GRAPH_INPLACE[op];
  if (outOfPlace && is_grad_enabled() && x.requires_grad) return inplaceResult(name, x, outOfPlace); // rewrites x's history
  checkInPlace(name, x);
  if (FLOAT_RESULT.has(op) && !isFloating(x.dtype)) throw castError(name, 'float32', x.dtype);
  return unaryKernel(op, x, p0, p1, x);
}

export type OutOption = { out?: Tensor };

/** The differentiable forms of the in-place kernels, for in-place ops inside an autograd graph (ops/inplace.ts). */
const GRAPH_INPLACE: Partial<Record<UnaryOp, (x: Tensor) => Tensor>> = {
  relu: (x) => relu(x),
  sigmoid: (x) => sigmoid(x),
  tanh: (x) => tanh(x),
  exp: (x) => exp(x),
  neg: (x) => neg(x),
  abs: (x) => abs(x),
};

/** torch.relu_ and the like: op written into x, which is the only argument. */
function inplaceFunction(name: string, op: UnaryOp) {
  return function (x: Tensor): Tensor {
    checkArgs(name, arguments, 1);
    return inplaceUnary(name, op, x);
  };
}
export const relu_ = inplaceFunction('relu_', 'relu');
export const sigmoid_ = inplaceFunction('sigmoid_', 'sigmoid');
export const tanh_ = inplaceFunction('tanh_', 'tanh');
export const exp_ = inplaceFunction('exp_', 'exp');

function arithmetic(name: string, a: unknown, b: unknown, outDtype?: (t: DType) => DType) {
  const x = checkTensor(name, a);
  const dtype = resultType(x, b as TensorLike);
  const computeDtype = outDtype ? outDtype(dtype) : dtype;
  return { x: operand(name, x, computeDtype, 1, 'input'), y: operand(name, b, computeDtype, 2), dtype: computeDtype };
}

export function add(a: Tensor, b: TensorLike, options?: { alpha?: number }): Tensor {
  checkArgs('add', arguments, 2, ['alpha'], 2);
  const alpha = options?.alpha ?? 1;
  if (alpha !== 1) b = b instanceof Tensor ? mul(b, alpha) : +b * alpha;
  const { x, y, dtype } = arithmetic('add', a, b);
  return record(binaryKernel('add', 'add', x, y, dtype), 'AddBackward0', [x, y], (g) => [sumToShape(g, x.shape), sumToShape(g, y.shape)]);
}

export function sub(a: Tensor, b: TensorLike, options?: { alpha?: number }): Tensor {
  checkArgs('sub', arguments, 2, ['alpha'], 2);
  const alpha = options?.alpha ?? 1;
  if (alpha !== 1) b = b instanceof Tensor ? mul(b, alpha) : +b * alpha;
  const { x, y, dtype } = arithmetic('sub', a, b);
  if (dtype === 'bool') throw new TypeError('sub(): Subtraction, the `-` operator, with two bool tensors is not supported.');
  return record(binaryKernel('sub', 'sub', x, y, dtype), 'SubBackward0', [x, y], (g) => [sumToShape(g, x.shape), sumToShape(neg(g), y.shape)]);
}

export function mul(a: Tensor, b: TensorLike): Tensor {
  checkArgs('mul', arguments, 2, [], 2);
  const { x, y, dtype } = arithmetic('mul', a, b);
  return record(binaryKernel('mul', 'mul', x, y, dtype), 'MulBackward0', [x, y], (g) => [
    x.requires_grad ? sumToShape(mul(g, y), x.shape) : null,
    y.requires_grad ? sumToShape(mul(g, x), y.shape) : null,
  ]);
}

export type RoundingMode = 'trunc' | 'floor' | null;

/**
 * True division (integer inputs give the default dtype, as in PyTorch), or with `{ rounding_mode: 'trunc' | 'floor' }` the
 * quotient rounded toward zero or down, in the inputs' promoted dtype (integers stay integers).
 */
export function div(a: Tensor, b: TensorLike, options?: { rounding_mode?: RoundingMode }): Tensor {
  checkArgs('div', arguments, 2, ['rounding_mode'], 2);
  const mode = options?.rounding_mode ?? null;
  if (mode !== null) return roundedDiv('div', a, b, mode);
  const { x, y, dtype } = arithmetic('div', a, b, floatOf);
  const out = binaryKernel('div', 'div', x, y, dtype);
  // d/db (a / b) = -(a / b) / b, PyTorch's form (rounds like it, and reuses the output)
  return record(out, 'DivBackward0', [x, y], (g) => [
    x.requires_grad ? sumToShape(div(g, y), x.shape) : null,
    y.requires_grad ? sumToShape(neg(mul(g, div(out, y))), y.shape) : null,
  ]);
}

/** torch.floor_divide(a, b): div with rounding_mode 'floor'. */
export function floor_divide(a: Tensor, b: TensorLike): Tensor {
  checkArgs('floor_divide', arguments, 2, [], 2);
  return roundedDiv('floor_divide', a, b, 'floor');
}

function roundedDiv(name: string, a: Tensor, b: TensorLike, mode: unknown): Tensor {
  if (mode !== 'trunc' && mode !== 'floor') {
    throw new RangeError(`${name} expected rounding_mode to be one of None, 'trunc', or 'floor' but found ${typeof mode === 'string' ? `'${mode}'` : typeName(mode)}`);
  }
  const { x, y, dtype } = arithmetic(name, a, b);
  if (dtype === 'bool') throw new TypeError(`"div_${mode}_cpu" not implemented for 'Bool'`);
  if (isIntegral(dtype) && y._contiguousData().includes(0)) throw new RangeError('ZeroDivisionError');
  // p0 = 1: the JS kernels take the steps in float32, as PyTorch computes float32 tensors
  const out = binaryKernel(name, mode === 'floor' ? 'div_floor' : 'div_trunc', x, y, dtype, dtype === 'float32' ? 1 : 0);
  // piecewise constant: PyTorch's gradient is zero for both inputs
  return record(out, 'DivBackward2', [x, y], (g) => [zerosShaped(g, x.shape), zerosShaped(g, y.shape)]);
}

/** Zeros of g's dtype in `shape`: the gradient of the rounding ops, which are piecewise constant. */
function zerosShaped(g: Tensor, shape: readonly number[]): Tensor {
  return new Tensor(B.alloc(g.dtype, numelOf(shape), true), shape, g.dtype);
}

/** floor/ceil/trunc/round: integers are returned as a copy, as PyTorch does; the gradient is zero. */
function rounding(name: 'floor' | 'ceil' | 'trunc' | 'round', gradName: string, x: unknown, options: OutOption | undefined): Tensor {
  const t = checkTensor(name, x);
  if (t.dtype === 'bool') throw new TypeError(`"${name}_cpu" not implemented for 'Bool'`);
  const out = options?.out !== undefined ? outTensor(name, options.out, t.shape, t.dtype, [t]) : undefined;
  const result = isIntegral(t.dtype) ? (out ? copy_(out, t, 'out') : clone(t)) : unaryKernel(name, t, 0, 0, out);
  return out ? result : record(result, gradName, [t], (g) => [zerosShaped(g, t.shape)]);
}

export function floor(x: Tensor, options?: OutOption): Tensor {
  checkArgs('floor', arguments, 1, ['out']);
  return rounding('floor', 'FloorBackward0', x, options);
}

export function ceil(x: Tensor, options?: OutOption): Tensor {
  checkArgs('ceil', arguments, 1, ['out']);
  return rounding('ceil', 'CeilBackward0', x, options);
}

export function trunc(x: Tensor, options?: OutOption): Tensor {
  checkArgs('trunc', arguments, 1, ['out']);
  return rounding('trunc', 'TruncBackward0', x, options);
}

/**
 * round(x, { decimals }): to the nearest integer, halves to even; with decimals, x * 10^decimals rounded and
 * divided back (PyTorch's steps, in the tensor's dtype).
 */
export function round(x: Tensor, options?: OutOption & { decimals?: number }): Tensor {
  checkArgs('round', arguments, 1, ['out', 'decimals']);
  const decimals = options?.decimals ?? 0;
  if (!Number.isInteger(decimals)) throw new TypeError(`round(): argument 'decimals' must be int, not ${typeName(decimals)}`);
  if (decimals === 0) return rounding('round', 'RoundBackward0', x, options);
  const t = checkTensor('round', x);
  if (!isFloating(t.dtype)) throw new TypeError(`"round_cpu" not implemented for '${TORCH_NAME[t.dtype]}'`);
  const scale = 10 ** Math.abs(decimals);
  const result = no_grad(() => {
    const rounded = unaryKernel('round', decimals > 0 ? mul(t, scale) : div(t, scale));
    return decimals > 0 ? div(rounded, scale) : mul(rounded, scale);
  });
  if (options?.out !== undefined) return copy_(outTensor('round', options.out, t.shape, t.dtype, [t]), result, 'out');
  return record(result, 'RoundBackward1', [t], (g) => [zerosShaped(g, t.shape)]);
}

export function pow(a: Tensor, b: TensorLike): Tensor {
  checkArgs('pow', arguments, 2, [], 2);
  const { x, y, dtype } = arithmetic('pow', a, b);
  const out = binaryKernel('pow', 'pow', x, y, dtype);
  return record(out, b instanceof Tensor ? 'PowBackward1' : 'PowBackward0', [x, y], (g) => [
    x.requires_grad ? sumToShape(mul(g, mul(y, pow(x, sub(y, 1)))), x.shape) : null,
    y.requires_grad ? sumToShape(mul(g, mul(out, log(x))), y.shape) : null,
  ]);
}

export function maximum(a: Tensor, b: Tensor): Tensor {
  checkArgs('maximum', arguments, 2, [], 2);
  return extremum('maximum', a, b);
}

export function minimum(a: Tensor, b: Tensor): Tensor {
  checkArgs('minimum', arguments, 2, [], 2);
  return extremum('minimum', a, b);
}

function extremum(op: 'maximum' | 'minimum', a: Tensor, b: Tensor): Tensor {
  checkTensor(op, a);
  checkTensor(op, b, 'other', 2);
  const { x, y, dtype } = arithmetic(op, a, b);
  const name = op === 'maximum' ? 'MaximumBackward0' : 'MinimumBackward0';
  // ties split the gradient in half, as PyTorch does
  return record(binaryKernel(op, op, x, y, dtype), name, [x, y], (g) => {
    const xWins = compare(op === 'maximum' ? 'gt' : 'lt', x, y);
    const tie = compare('eq', x, y);
    const share = (wins: Tensor) => where(tie, mul(g, 0.5), where(wins, g, 0));
    return [sumToShape(share(xWins), x.shape), sumToShape(share(compare(op === 'maximum' ? 'lt' : 'gt', x, y)), y.shape)];
  });
}

/** eq/ne/gt/lt/ge/le: a bool tensor. */
export function compare(op: 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le', a: Tensor, b: TensorLike): Tensor {
  const { x, y } = arithmetic(op, a, b);
  return binaryKernel(op, op, x, y, 'bool');
}

/** torch.equal(a, b): true when both have the same shape and equal elements (NaN equals nothing). */
export function equal(a: Tensor, b: Tensor): boolean {
  checkTensor('equal', a);
  checkTensor('equal', b, 'other', 2);
  if (!sameShape(a.shape, b.shape)) return false;
  const eq = compare('eq', a, b)._contiguousData();
  for (let i = 0; i < eq.length; i++) if (!eq[i]) return false;
  return true;
}

/**
 * A mask or where()'s condition: bool, or uint8 (nonzero is true), which PyTorch 1.13 still takes with a deprecation
 * warning (`what` names the op in it: 'where' has its own wording); anything else is a TypeError with `message`.
 */
export function checkMaskDtype(op: string, mask: Tensor, message: string, what = op): Tensor {
  if (mask.dtype === 'uint8') {
    warnOnce(
      what === 'where'
        ? 'where received a uint8 condition tensor. This behavior is deprecated and will be removed in a future version of PyTorch. Use a boolean condition instead.'
        : `${what} received a mask with dtype torch.uint8, this behavior is now deprecated,please use a mask with dtype torch.bool instead.`,
    );
  } else if (mask.dtype !== 'bool') throw new TypeError(`${op}(): ${message}`);
  return mask;
}

/** torch.where(condition, input, other): elements of input where condition is true, else other. */
export function where(condition: Tensor, input: TensorLike, other: TensorLike): Tensor {
  checkTensor('where', condition, 'condition', 1);
  checkMaskDtype('where', condition, `expected condition to be a boolean tensor, but got a tensor with dtype ${condition.dtype}`);
  const dtype =
    input instanceof Tensor ? resultType(input, other)
    : other instanceof Tensor ? resultType(other, input)
    : Number.isInteger(input) && Number.isInteger(other) ? 'int64' : getDefaultDtype();
  const x = operand('where', input, dtype, 2, 'input');
  const y = operand('where', other, dtype, 3);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, x.shape), y.shape);
  // detached: the expansions are only read here; where's own backward handles the gradient
  const c = condition.expand(shape)._contiguousData();
  const xs = x.detach().expand(shape)._contiguousData();
  const ys = y.detach().expand(shape)._contiguousData();
  const out = B.alloc(dtype, c.length, false);
  for (let i = 0; i < c.length; i++) out[i] = c[i] ? xs[i] : ys[i];
  return record(new Tensor(out, shape, dtype), 'WhereBackward0', [x, y], (g) => [
    x.requires_grad ? sumToShape(where(condition, g, 0), x.shape) : null,
    y.requires_grad ? sumToShape(where(condition, 0, g), y.shape) : null,
  ]);
}

export function masked_fill(input: Tensor, mask: Tensor, value: TensorLike): Tensor {
  checkTensor('masked_fill', input);
  checkTensor('masked_fill', mask, 'mask', 2);
  checkMaskDtype('masked_fill', mask, `expected mask to have dtype bool, but got ${mask.dtype}`, 'masked_fill_');
  broadcastShapes('masked_fill', input.shape, mask.shape);
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RangeError(`masked_fill(): only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`);
  }
  const fill = value instanceof Tensor ? (value.item() as number) : +value;
  const out = where(mask.expand(input.shape), fill, input.detach());
  return record(out.dtype === input.dtype ? out : cast(out, input.dtype), 'MaskedFillBackward0', [input], (g) => [where(mask, 0, g)]);
}

// ---- unary math ----

/** An op with a float result (integer inputs are cast to the default dtype), with PyTorch's `out=` option. */
function floatUnary(name: string, op: UnaryOp, x: Tensor, options?: OutOption): Tensor {
  checkTensor(name, x);
  const input = isFloating(x.dtype) ? x : cast(x, getDefaultDtype());
  if (options?.out === undefined) return unaryKernel(op, input);
  return unaryKernel(op, input, 0, 0, outTensor(name, options.out, x.shape, input.dtype, [x]));
}

export function neg(x: Tensor): Tensor {
  checkArgs('neg', arguments, 1);
  checkTensor('neg', x);
  if (x.dtype === 'bool') throw new TypeError('neg(): Negation, the `-` operator, on a bool tensor is not supported.');
  return record(unaryKernel('neg', x), 'NegBackward0', [x], (g) => [neg(g)]);
}

export function abs(x: Tensor): Tensor {
  checkArgs('abs', arguments, 1);
  checkTensor('abs', x);
  return record(unaryKernel('abs', x), 'AbsBackward0', [x], (g) => [mul(g, sub(cast(compare('gt', x, 0), g.dtype), cast(compare('lt', x, 0), g.dtype)))]);
}

export function exp(x: Tensor, options?: OutOption): Tensor {
  checkArgs('exp', arguments, 1, ['out']);
  const out = floatUnary('exp', 'exp', x, options);
  return record(out, 'ExpBackward0', [x], (g) => [mul(g, out)]);
}

export function log(x: Tensor, options?: OutOption): Tensor {
  checkArgs('log', arguments, 1, ['out']);
  return record(floatUnary('log', 'log', x, options), 'LogBackward0', [x], (g) => [div(g, x)]);
}

export function log1p(x: Tensor, options?: OutOption): Tensor {
  checkArgs('log1p', arguments, 1, ['out']);
  return record(floatUnary('log1p', 'log1p', x, options), 'Log1PBackward0', [x], (g) => [div(g, add(x, 1))]);
}

export function expm1(x: Tensor, options?: OutOption): Tensor {
  checkArgs('expm1', arguments, 1, ['out']);
  const out = floatUnary('expm1', 'expm1', x, options);
  return record(out, 'Expm1Backward0', [x], (g) => [mul(g, add(out, 1))]);
}

/** The error function; d/dx erf(x) = 2/sqrt(pi) e^(-x^2). */
export function erf(x: Tensor, options?: OutOption): Tensor {
  checkArgs('erf', arguments, 1, ['out']);
  return record(floatUnary('erf', 'erf', x, options), 'ErfBackward0', [x], (g) => [mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)))]);
}

export function sqrt(x: Tensor, options?: OutOption): Tensor {
  checkArgs('sqrt', arguments, 1, ['out']);
  const out = floatUnary('sqrt', 'sqrt', x, options);
  return record(out, 'SqrtBackward0', [x], (g) => [div(g, mul(out, 2))]);
}

/** clamp(x, min, max); either bound may be null/undefined. Gradient passes where min <= x <= max. */
export function clamp(x: Tensor, min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
  checkArgs('clamp', arguments, 3, ['min', 'max']);
  checkTensor('clamp', x);
  if (min !== null && typeof min === 'object') ({ min, max } = min);
  if (min == null && max == null) throw new TypeError("clamp(): At least one of 'min' or 'max' must not be None");
  for (const [name, v] of [['min', min], ['max', max]] as const) {
    if (v != null && typeof v !== 'number') throw new TypeError(`clamp(): argument '${name}' must be Number, not ${typeName(v)}`);
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const integral = (v: number) => Number.isInteger(v) || v === -Infinity || v === Infinity;
  const input = isIntegral(x.dtype) && !(integral(lo) && integral(hi)) ? cast(x, getDefaultDtype()) : x;
  // a NaN bound makes every element NaN, as in PyTorch (the kernel's comparisons would ignore it)
  const out =
    Number.isNaN(lo) || Number.isNaN(hi)
      ? fromValues(new Float64Array(x.numel()).fill(NaN), x.shape, floatOf(input.dtype))
      : unaryKernel('clamp', input, lo, hi);
  // PyTorch's gradient: grad where lo <= x <= hi, else 0
  return record(out, 'ClampBackward1', [x], (g) => [where(compare('ge', x.detach(), lo), where(compare('le', x.detach(), hi), g, 0), 0)]);
}

// ---- activations (forward and backward kernels in the shared op table) ----

export function relu(x: Tensor): Tensor {
  checkArgs('relu', arguments, 1);
  checkTensor('relu', x);
  return record(unaryKernel('relu', x), 'ReluBackward0', [x], (g) => [binaryKernel('relu', 'threshold_backward', g, x, g.dtype, 0)]);
}

export function relu6(x: Tensor): Tensor {
  checkArgs('relu6', arguments, 1);
  checkTensor('relu6', x);
  return record(unaryKernel('relu6', x), 'HardtanhBackward0', [x], (g) => [binaryKernel('relu6', 'hardtanh_backward', g, x, g.dtype, 0, 6)]);
}

/** hardtanh: clamp to [lo, hi] with zero gradient at and beyond the bounds. */
export function hardtanh(x: Tensor, lo = -1, hi = 1): Tensor {
  checkTensor('hardtanh', x);
  if (lo > hi) throw new RangeError(`hardtanh(): min_val (${lo}) cannot be greater than max_val (${hi})`);
  return record(unaryKernel('clamp', x, lo, hi), 'HardtanhBackward0', [x], (g) => [binaryKernel('hardtanh', 'hardtanh_backward', g, x, g.dtype, lo, hi)]);
}

export function leaky_relu(x: Tensor, negative_slope: number | { negative_slope?: number } = 0.01): Tensor {
  checkTensor('leaky_relu', x);
  const slope = resolveArgs('leaky_relu', ['negative_slope'], { negative_slope: 0.01 as unknown }, arguments, 1).negative_slope;
  if (typeof slope !== 'number') throw new TypeError(`leaky_relu(): argument 'negative_slope' must be Number, not ${typeName(slope)}`);
  const input = isFloating(x.dtype) ? x : cast(x, getDefaultDtype());
  return record(unaryKernel('leaky_relu', input, slope), 'LeakyReluBackward0', [x], (g) => [
    binaryKernel('leaky_relu', 'leaky_relu_backward', g, input, g.dtype, slope),
  ]);
}

/** F.threshold: x <= threshold ? value : x. */
export function threshold(x: Tensor, thresholdValue: number | { threshold: number; value: number }, value?: number): Tensor {
  // undefined marks a missing argument: NaN is a valid threshold or value
  ({ threshold: thresholdValue, value } = resolveArgs('threshold', ['threshold', 'value'], { threshold: undefined as unknown, value: undefined as unknown }, arguments, 1) as { threshold: number; value: number });
  checkTensor('threshold', x);
  for (const [name, v] of [['threshold', thresholdValue], ['value', value]] as const) {
    if (typeof v !== 'number') throw new TypeError(`threshold(): argument '${name}' must be Number, not ${typeName(v)}`);
  }
  return record(unaryKernel('threshold', x, thresholdValue, value), 'ThresholdBackward0', [x], (g) => [
    binaryKernel('threshold', 'threshold_backward', g, x, g.dtype, thresholdValue),
  ]);
}

export function sigmoid(x: Tensor, options?: OutOption): Tensor {
  checkArgs('sigmoid', arguments, 1, ['out']);
  const out = floatUnary('sigmoid', 'sigmoid', x, options);
  return record(out, 'SigmoidBackward0', [x], (g) => [binaryKernel('sigmoid', 'sigmoid_backward', g, out, g.dtype)]);
}

export function tanh(x: Tensor, options?: OutOption): Tensor {
  checkArgs('tanh', arguments, 1, ['out']);
  const out = floatUnary('tanh', 'tanh', x, options);
  return record(out, 'TanhBackward0', [x], (g) => [binaryKernel('tanh', 'tanh_backward', g, out, g.dtype)]);
}

/** torch.heaviside(input, values): the step function, with `values` where input == 0. Not differentiable. */
export function heaviside(x: Tensor, values: Tensor): Tensor {
  checkArgs('heaviside', arguments, 2, [], 2);
  checkTensor('heaviside', x);
  checkTensor('heaviside', values, 'values', 2);
  if (x.dtype !== values.dtype) {
    throw new TypeError(`heaviside(): heaviside is not yet implemented for tensors with different dtypes (${x.dtype} and ${values.dtype})`);
  }
  if (is_grad_enabled() && (x.requires_grad || values.requires_grad)) {
    throw new Error("heaviside(): the derivative for 'heaviside' is not implemented.");
  }
  return binaryKernel('heaviside', 'heaviside', x, values, x.dtype);
}

/** prelu(input, weight): x > 0 ? x : weight * x, with one weight per channel (dim 1) or one shared weight. */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  checkTensor('prelu', input);
  checkTensor('prelu', weight, 'weight', 2);
  const channels = weight.numel();
  if (channels !== 1 && (input.dim() < 2 || input.shape[1] !== channels)) {
    throw new RangeError(
      `prelu(): Mismatch of parameter numbers and input channel size. Found parameter numbers = ${channels} and channel size = ${input.dim() >= 2 ? input.shape[1] : 1}.`,
    );
  }
  const w = channels === 1 ? weight.reshape([]) : weight.reshape([channels, ...input.shape.slice(2).map(() => 1)]);
  return where(compare('gt', input, 0), input, mul(input, w));
}
