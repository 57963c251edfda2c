// PyTorch 1.13 API a porting user expects beside the core: the new_* factories and type_as, unfold (a view with
// autograd), sum_to_size, split_with_sizes, renorm, dist, the small predicates (is_nonzero, is_signed, ...),
// the conjugate transposes of real tensors (mH, H, adjoint), torch.finfo / iinfo, the type-promotion queries
// (promote_types, result_type, can_cast), isin, and the trapezoid rule (trapezoid / trapz / cumulative_trapezoid).
import { FLOAT_FORMATS, canCast, castValue, floatMax, floatOf, getDefaultDtype, isFloating, parseDType, promoteTypes, scalarDtypeOf, type DType } from '../dtype';
import { fmtShape, normalizeDim, numelOf, parseSizeArgs } from '../shape';
import { B } from '../backend';
import { record } from '../autograd';
import { Tensor, checkTensor, fromValues, typeName } from '../tensor';
import { checkKeywords, checkArgs, isOptions, resolveArgs } from '../args';
import { warnOnce } from '../utils/warnings';
import { tensor as makeTensor, zeros, ones, empty, full, TENSOR_OPTIONS, type TensorOptions } from './creation';
import { cast, reshape, select, slice, split, sumToShape, transpose, view } from './shape';
import { abs, add, div, mul, pow, sub, where, compare, TORCH_NAME } from './elementwise';
import { reciprocal, sign } from './math';
import { sum } from './reduce';
import { cumsum } from './sorting';
import { vector_norm } from './linalg_decomp';
import { writeBack } from './special';
import { fixedText, scientificText } from '../format';

type SizeArgs = (number | readonly number[] | TensorOptions)[];

/** The options with self's dtype where none (or None) is given. */
const ownDtype = (self: Tensor, options: TensorOptions | undefined): TensorOptions => ({ ...options, dtype: options?.dtype ?? self.dtype });

// ---- new_* factories: like torch.zeros & co., the dtype defaulting to self's ----

function newFactory(op: string, make: (...args: SizeArgs) => Tensor) {
  return (self: Tensor, args: SizeArgs): Tensor => {
    checkTensor(op, self, 'self');
    const { shape, options } = parseSizeArgs<TensorOptions>(op, args);
    if (args.length === 0 || (args.length === 1 && isOptions(args[0]))) {
      throw new TypeError(`${op}() missing 1 required positional arguments: "size"`);
    }
    checkKeywords(op, options, TENSOR_OPTIONS);
    return make(shape, ownDtype(self, options));
  };
}
export const new_zeros = newFactory('new_zeros', zeros);
export const new_ones = newFactory('new_ones', ones);
export const new_empty = newFactory('new_empty', empty);

/** self.new_full(size, fill_value, { dtype, requires_grad }): self's dtype unless given (a bool fill too). */
export function new_full(self: Tensor, size: readonly number[], fill_value: number | boolean, options?: TensorOptions): Tensor {
  checkArgs('new_full', arguments, 3, TENSOR_OPTIONS, 3);
  checkTensor('new_full', self, 'self');
  checkKeywords('new_full', options, TENSOR_OPTIONS);
  if (!Array.isArray(size)) throw new TypeError(`new_full(): argument 'size' (position 1) must be tuple of ints, not ${typeName(size)}`);
  return full(size, fill_value, ownDtype(self, options));
}

/** self.new_tensor(data, { dtype, requires_grad }): torch.tensor(data) in self's dtype unless given; always a copy. */
export function new_tensor(self: Tensor, data: Parameters<typeof makeTensor>[0], options?: TensorOptions): Tensor {
  checkArgs('new_tensor', arguments, 2, TENSOR_OPTIONS, 2);
  checkTensor('new_tensor', self, 'self');
  checkKeywords('new_tensor', options, TENSOR_OPTIONS);
  if (data instanceof Tensor) {
    warnOnce(
      'To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than tensor.new_tensor(sourceTensor).',
    );
  }
  return makeTensor(data, ownDtype(self, options));
}

/** self.type_as(other): self in other's dtype (self itself when they match). */
export function type_as(self: Tensor, other: Tensor): Tensor {
  checkArgs('type_as', arguments, 2, [], 2);
  checkTensor('type_as', self, 'self');
  return cast(self, checkTensor('type_as', other, 'other', 1).dtype);
}

// ---- unfold, sum_to_size, split_with_sizes ----

type UnfoldOptions = { dimension?: number; size?: number; step?: number };
/**
 * self.unfold(dimension, size, step): every window of `size` elements along `dimension`, `step` apart, as a view
 * whose new last dim runs through each window. Backward adds each window's gradient back where it was read.
 */
export function unfold(self: Tensor, dimension: number | UnfoldOptions, size?: number | UnfoldOptions, step?: number | UnfoldOptions): Tensor {
  const a = resolveArgs<UnfoldOptions>('unfold', ['dimension', 'size', 'step'], {}, arguments, 1);
  const x = checkTensor('unfold', self, 'self');
  for (const [i, key] of (['dimension', 'size', 'step'] as const).entries()) {
    const v = a[key];
    if (v === undefined) throw new TypeError(`unfold() missing 1 required positional argument: '${key}'`);
    if (!Number.isInteger(v)) throw new TypeError(`unfold(): argument '${key}' (position ${i + 1}) must be int, not ${typeName(v)}`);
  }
  const d = normalizeDim('unfold', a.dimension, x.dim());
  const [sz, st] = [a.size!, a.step!];
  const extent = x.dim() === 0 ? 1 : x.shape[d];
  if (sz > extent) throw new RangeError(`unfold(): maximum size for tensor at dimension ${d} is ${extent} but size is ${sz}`);
  if (sz < 0) throw new RangeError(`unfold(): size is ${sz} but must be >= 0`);
  if (st <= 0) throw new RangeError(`unfold(): step is ${st} but must be > 0`);
  const shape = [...x.shape];
  const strides = [...x._strides];
  if (x.dim() > 0) {
    shape[d] = Math.floor((extent - sz) / st) + 1;
    strides[d] = x._strides[d] * st;
  }
  shape.push(sz);
  strides.push(x.dim() === 0 ? 1 : x._strides[d]);
  const out = new Tensor(x._storage, shape, x.dtype, strides, x._offset);
  return record(out, 'UnfoldBackward0', [x], (g) => [unfoldBackward(g, x.shape, d, st)]);
}

/** The gradient of unfold: g (windows) summed back into a tensor of the input's shape. */
function unfoldBackward(g: Tensor, inShape: readonly number[], d: number, step: number): Tensor {
  const src = g.contiguous().data;
  const out = B.alloc(g.dtype, numelOf(inShape), true);
  if (inShape.length === 0) {
    for (let k = 0; k < src.length; k++) out[0] += src[k];
    return new Tensor(out, inShape, g.dtype);
  }
  const outer = numelOf(inShape.slice(0, d));
  const inner = numelOf(inShape.slice(d + 1));
  const n = inShape[d];
  const [windows, size] = [g.shape[d], g.shape[g.dim() - 1]];
  // g is [outer, windows, inner, size]; element (o, w, c, k) was read from input (o, w * step + k, c)
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let w = 0; w < windows; w++) {
      for (let c = 0; c < inner; c++) {
        for (let k = 0; k < size; k++) out[(o * n + w * step + k) * inner + c] += src[i++];
      }
    }
  }
  return new Tensor(out, inShape, g.dtype);
}

/** self.sum_to_size(*size): self summed down to `size`, which must expand to self's shape. */
export function sum_to_size(self: Tensor, args: (number | readonly number[])[]): Tensor {
  const x = checkTensor('sum_to_size', self, 'self');
  const { shape } = parseSizeArgs('sum_to_size', args);
  const lead = x.dim() - shape.length;
  if (lead < 0 || shape.some((s, i) => s !== 1 && s !== x.shape[lead + i])) {
    throw new RangeError(`sum_to_size(): size {${fmtShape(shape)}} is not expandable to size {${fmtShape(x.shape)}}.`);
  }
  return sumToShape(x, shape);
}

type SplitSizesOptions = { split_sizes?: readonly number[]; dim?: number };
/** torch.split_with_sizes(input, split_sizes, dim = 0): views of the given lengths along dim, which sum to its size. */
export function split_with_sizes(input: Tensor, split_sizes: readonly number[] | SplitSizesOptions, dim?: number | SplitSizesOptions): Tensor[] {
  const a = resolveArgs<SplitSizesOptions>('split_with_sizes', ['split_sizes', 'dim'], { dim: 0 }, arguments, 1);
  const x = checkTensor('split_with_sizes', input);
  const sizes = a.split_sizes;
  if (!Array.isArray(sizes) || sizes.some((s) => !Number.isInteger(s))) {
    throw new TypeError(`split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not ${typeName(sizes)}`);
  }
  if (sizes.some((s) => s < 0)) {
    throw new RangeError(`split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${fmtShape(sizes)}`);
  }
  return split(x, sizes, a.dim);
}

// ---- renorm, dist ----

type RenormOptions = { p?: number; dim?: number; maxnorm?: number };
/**
 * torch.renorm(input, p, dim, maxnorm): each slice along dim (input.select(dim, i)) whose p-norm exceeds maxnorm
 * scaled to norm maxnorm, by maxnorm / (norm + 1e-7) as PyTorch; differentiable through the norm too (PyTorch's
 * RenormBackward0 formula).
 */
export function renorm(input: Tensor, p: number | RenormOptions, dim?: number | RenormOptions, maxnorm?: number | RenormOptions): Tensor {
  const a = resolveArgs<RenormOptions>('renorm', ['p', 'dim', 'maxnorm'], {}, arguments, 1);
  return renormImpl('renorm', checkTensor('renorm', input), a);
}

function renormImpl(op: string, x: Tensor, a: RenormOptions): Tensor {
  for (const [i, key] of (['p', 'dim', 'maxnorm'] as const).entries()) {
    const v = a[key];
    if (v === undefined) throw new TypeError(`${op}() missing 1 required positional argument: '${key}'`);
    if (typeof v !== 'number' || (key === 'dim' && !Number.isInteger(v))) {
      throw new TypeError(`${op}(): argument '${key}' (position ${i + 1}) must be ${key === 'dim' ? 'int' : 'Number'}, not ${typeName(v)}`);
    }
  }
  const d = normalizeDim(op, a.dim, x.dim());
  if (!(a.p! > 0)) throw new RangeError(`${op}(): renorm: non-positive-norm not supported`);
  if (!(a.maxnorm! >= 0)) throw new RangeError(`${op}(): renorm: expected maxnorm to be >= 0 but got ${a.maxnorm}`);
  if (x.dim() <= 1) throw new RangeError(`${op}(): renorm: input needs at least 2 dimensions, got ${x.dim()} dimensions`);
  const dims = x.shape.map((_, i) => i).filter((i) => i !== d);
  const [p, maxnorm] = [a.p!, a.maxnorm!];
  const xd = x.detach();
  const norm = vector_norm(xd, { ord: p, dim: dims, keepdim: true });
  const factor = where(compare('gt', norm, maxnorm), div(fromValues([maxnorm], [], norm.dtype), add(norm, 1e-7)), 1);
  return record(mul(xd, factor), 'RenormBackward0', [x], (grad) => {
    // PyTorch's renorm_backward, in float64 as ATen accumulates it on the CPU: where(norm > maxnorm, factor * (g -
    // invnorm * nb), g), where invnorm = 1 / (norm + 1e-7) and nb is the norm's gradient for the upstream sum(x * g)
    const [x64, g] = [cast(xd, 'float64'), cast(grad, 'float64')];
    const norm64 = vector_norm(x64, { ord: p, dim: dims, keepdim: true });
    const invnorm = reciprocal(add(norm64, 1e-7));
    const nb = normBackward(sum(mul(x64, g), dims, true), x64, p, norm64, dims);
    return [cast(where(compare('gt', norm64, maxnorm), mul(mul(invnorm, maxnorm), sub(g, mul(invnorm, nb))), g), x.dtype)];
  });
}

/** The gradient of the p-norm `norm` of x over dims (kept), for upstream gradient s: PyTorch's norm_backward. */
function normBackward(s: Tensor, x: Tensor, p: number, norm: Tensor, dims: readonly number[]): Tensor {
  const zeroNorm = compare('eq', norm, 0);
  if (p === 1) return mul(sign(x), s);
  if (p === 2) return mul(x, where(zeroNorm, 0, div(s, norm)));
  if (p === Infinity) {
    const hit = compare('eq', abs(x), norm).to(x.dtype);
    return mul(sign(x), mul(div(s, sum(hit, dims, true)), hit));
  }
  if (p < 1) return mul(mul(sign(x), where(compare('eq', x, 0), 0, pow(abs(x), p - 1))), mul(s, pow(norm, 1 - p)));
  const scaled = p < 2 ? mul(sign(x), pow(abs(x), p - 1)) : mul(x, pow(abs(x), p - 2));
  return mul(scaled, where(zeroNorm, 0, div(s, pow(norm, p - 1))));
}

/** self.renorm_(p, dim, maxnorm): renorm in place. */
export function renorm_(input: Tensor, p: number | RenormOptions, dim?: number | RenormOptions, maxnorm?: number | RenormOptions): Tensor {
  const a = resolveArgs<RenormOptions>('renorm_', ['p', 'dim', 'maxnorm'], {}, arguments, 1);
  return writeBack('renorm_', checkTensor('renorm_', input), (x) => renormImpl('renorm_', x, a));
}

type DistOptions = { p?: number };
/** torch.dist(input, other, p = 2): the p-norm of input - other (broadcast), as torch.linalg.vector_norm; DistBackward0. */
export function dist(input: Tensor, other: Tensor, p?: number | DistOptions): Tensor {
  const a = resolveArgs<DistOptions>('dist', ['p'], { p: 2 }, arguments, 2);
  const x = checkTensor('dist', input);
  const y = checkTensor('dist', other, 'other', 2);
  if (typeof a.p !== 'number') throw new TypeError(`dist(): argument 'p' (position 3) must be Number, not ${typeName(a.p)}`);
  const dtype = promoteTypes(x.dtype, y.dtype);
  if (!isFloating(dtype)) throw new TypeError(`dist(): norm(): input dtype should be either floating point or complex. Got ${TORCH_NAME[dtype]} instead.`);
  const diff = sub(x.detach(), y.detach());
  const out = vector_norm(diff, { ord: a.p });
  return record(out, 'DistBackward0', [x, y], (g) => {
    // the norm's gradient w.r.t. the difference (0 for p = 0, where PyTorch 1.13's backward fails), summed back to
    // each operand's shape
    const p = a.p!;
    const gd = p === 0 ? zeros([...diff.shape], { dtype: diff.dtype }) : normBackward(g, diff, p, out, diff.shape.map((_, i) => i));
    return [cast(sumToShape(gd, x.shape), x.dtype), cast(sumToShape(mul(gd, -1), y.shape), y.dtype)];
  });
}

// ---- predicates and properties ----

/** torch.is_nonzero(input): the truth of a one-element tensor; PyTorch's errors for any other. */
export function is_nonzero(input: Tensor): boolean {
  checkArgs('is_nonzero', arguments, 1);
  const x = checkTensor('is_nonzero', input);
  const n = x.numel();
  if (n === 0) throw new RangeError('is_nonzero(): Boolean value of Tensor with no values is ambiguous');
  if (n > 1) throw new RangeError('is_nonzero(): Boolean value of Tensor with more than one value is ambiguous');
  return x._storage[x._offset] !== 0;
}

/** torch.is_signed(input): every dtype here but bool and uint8 is signed. */
export function is_signed(input: Tensor): boolean {
  checkArgs('is_signed', arguments, 1);
  return checkTensor('is_signed', input).is_signed();
}

/** torch.is_floating_point(input). */
export function is_floating_point(input: Tensor): boolean {
  checkArgs('is_floating_point', arguments, 1);
  return isFloating(checkTensor('is_floating_point', input).dtype);
}

/** torch.is_complex(input): false, torchlet has no complex dtypes. */
export function is_complex(input: Tensor): boolean {
  checkArgs('is_complex', arguments, 1);
  checkTensor('is_complex', input);
  return false;
}

/** torch.is_same_size(input, other): whether the shapes are equal. */
export function is_same_size(input: Tensor, other: Tensor): boolean {
  checkArgs('is_same_size', arguments, 2, [], 2);
  const [a, b] = [checkTensor('is_same_size', input), checkTensor('is_same_size', other, 'other', 2)];
  return a.dim() === b.dim() && a.shape.every((s, i) => s === b.shape[i]);
}

/**
 * The conjugate transpose of the last two dims, which for real dtypes is the transpose (mH, adjoint); `what` names
 * the caller in PyTorch's message for fewer than 2 dims. A 0-d tensor passes, as in PyTorch 1.13.
 */
export function matrixTranspose(x: Tensor, what: string): Tensor {
  if (x.dim() === 0) return view(x, []);
  if (x.dim() < 2) throw new RangeError(`${what} is only supported on matrices or batches of matrices. Got ${x.dim()}-D tensor.`);
  return transpose(x, -2, -1);
}

/** torch.adjoint(input): the conjugate transpose of the last two dims (the transpose, for real dtypes). */
export function adjoint(input: Tensor): Tensor {
  checkArgs('adjoint', arguments, 1);
  return matrixTranspose(checkTensor('adjoint', input), 'tensor.adjoint()');
}

// ---- finfo / iinfo ----

/** Python's '%g' (6 significant digits), as PyTorch prints finfo and iinfo. */
function fmtG(v: number): string {
  if (v === 0) return '0';
  // rounded as Python rounds, to even on exact ties (float16's eps 0.0009765625 prints as 0.000976562)
  const [m, e] = scientificText(v, 5).split('e');
  const exp = Number(e);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) return `${strip(m)}e${e}`;
  return strip(fixedText(v, 5 - exp));
}

/** What torch.finfo(dtype) gives: machine limits of a floating dtype. */
export class FInfo {
  readonly bits: number;
  /** The gap between 1 and the next float. */
  readonly eps: number;
  readonly max: number;
  readonly min: number;
  /** The smallest positive normal number (= smallest_normal). */
  readonly tiny: number;
  readonly smallest_normal: number;
  /** 10 ** -floor(digits10): the approximate decimal resolution. */
  readonly resolution: number;
  readonly dtype: DType;

  constructor(type: DType | string = getDefaultDtype()) {
    const dtype = parseDType(type, 'finfo');
    if (!isFloating(dtype)) throw new TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
    const format = dtype as keyof typeof FLOAT_FORMATS;
    const { bits, mantissa, maxExponent, resolution } = FLOAT_FORMATS[format];
    this.bits = bits;
    this.eps = 2 ** -mantissa;
    this.max = floatMax(format);
    this.min = -this.max;
    this.tiny = this.smallest_normal = 2 ** (1 - maxExponent);
    this.resolution = resolution;
    this.dtype = dtype;
  }

  toString(): string {
    return `finfo(resolution=${fmtG(this.resolution)}, min=${fmtG(this.min)}, max=${fmtG(this.max)}, eps=${fmtG(this.eps)}, smallest_normal=${fmtG(this.smallest_normal)}, tiny=${fmtG(this.tiny)}, dtype=${this.dtype})`;
  }
}

/**
 * What torch.iinfo(dtype) gives: limits of an integer dtype. int64's max is 2^63 - 1, which a JS number rounds to
 * 2^63 (torchlet's int64 values lie within ±2^53 anyway).
 */
export class IInfo {
  readonly bits: number;
  readonly max: number;
  readonly min: number;
  readonly dtype: DType;

  constructor(type: DType | string) {
    const dtype = parseDType(type, 'iinfo');
    if (dtype === 'bool') throw new TypeError('torch.bool is not supported by torch.iinfo');
    if (isFloating(dtype)) throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
    this.bits = { int64: 64, int32: 32, int16: 16, int8: 8, uint8: 8 }[dtype as 'int64'];
    this.max = dtype === 'uint8' ? 255 : 2 ** (this.bits - 1) - 1;
    this.min = dtype === 'uint8' ? 0 : -(2 ** (this.bits - 1));
    this.dtype = dtype;
  }

  toString(): string {
    return `iinfo(min=${fmtG(this.min)}, max=${fmtG(this.max)}, dtype=${this.dtype})`;
  }
}

for (const cls of [FInfo, IInfo]) {
  Object.defineProperty(cls.prototype, Symbol.for('nodejs.util.inspect.custom'), {
    value(this: FInfo | IInfo) {
      return this.toString();
    },
  });
}

/** torch.finfo(type = the default dtype): bits, eps, max, min, tiny, smallest_normal, resolution and dtype of a float dtype. */
export function finfo(type?: DType | string): FInfo {
  checkArgs('finfo', arguments, 1, [], 0);
  return new FInfo(type);
}

/** torch.iinfo(type): bits, max, min and dtype of an integer dtype (not bool). */
export function iinfo(type: DType | string): IInfo {
  checkArgs('iinfo', arguments, 1);
  if (type === undefined) throw new TypeError("iinfo() missing 1 required positional argument: 'type'");
  return new IInfo(type);
}

// ---- type promotion queries ----

/** torch.promote_types(type1, type2): the smallest dtype both cast to without losing category or range. */
export function promote_types(type1: DType | string, type2: DType | string): DType {
  checkArgs('promote_types', arguments, 2, [], 2);
  return promoteTypes(parseDType(type1, 'promote_types'), parseDType(type2, 'promote_types'));
}

const isCategoryAbove = (a: DType, b: DType) => !canCast(a, b);
/** PyTorch's combine_categories: `higher` wins within its category; a lower-priority operand only lifts the category. */
function combine(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null || !isCategoryAbove(lower, higher)) return higher;
  return promoteTypes(higher, lower);
}

const scalarDtype = scalarDtypeOf;

/**
 * torch.result_type(tensor1, tensor2): the dtype an arithmetic op on them gives. Tensors with dims take
 * precedence over 0-d tensors, which take precedence over scalars; a lower level only lifts the category.
 */
export function result_type(tensor1: Tensor | number | boolean, tensor2: Tensor | number | boolean): DType {
  checkArgs('result_type', arguments, 2, [], 2);
  return resultTypeOf('result_type', [tensor1, tensor2]);
}

function resultTypeOf(op: string, operands: readonly unknown[]): DType {
  const level: (DType | null)[] = [null, null, null]; // dimensioned tensors, 0-d tensors, scalars
  operands.forEach((v, i) => {
    let [k, dt]: [number, DType] = [0, 'bool'];
    if (v instanceof Tensor) [k, dt] = [v.dim() > 0 ? 0 : 1, v.dtype];
    else if (typeof v === 'number' || typeof v === 'boolean') [k, dt] = [2, scalarDtype(v)];
    else throw new TypeError(`${op}(): argument '${i === 0 ? 'tensor1' : 'tensor2'}' (position ${i + 1}) must be Tensor or Number, not ${typeName(v)}`);
    level[k] = level[k] === null ? dt : promoteTypes(level[k]!, dt);
  });
  return combine(level[0], combine(level[1], level[2]))!;
}

/** torch.can_cast(from, to): whether PyTorch's casting rules allow it (no float -> integer, no number -> bool). */
export function can_cast(from: DType | string, to: DType | string): boolean {
  checkArgs('can_cast', arguments, 2, [], 2);
  return !isCategoryAbove(parseDType(from, 'can_cast'), parseDType(to, 'can_cast'));
}

// ---- isin ----

type IsinOptions = { assume_unique?: boolean; invert?: boolean };
/**
 * torch.isin(elements, test_elements, { assume_unique, invert }): a bool tensor of elements' shape, true where the
 * element equals some test element (compared in their promoted dtype; NaN equals nothing). Either may be a scalar.
 */
export function isin(elements: Tensor | number | boolean, test_elements: Tensor | number | boolean, options?: IsinOptions): Tensor {
  checkArgs('isin', arguments, 2, ['assume_unique', 'invert'], 2);
  const { invert = false } = options ?? {};
  if (!(elements instanceof Tensor) && !(test_elements instanceof Tensor)) {
    throw new TypeError(`isin() received an invalid combination of arguments - got (${typeName(elements)}, ${typeName(test_elements)}): at least one must be a Tensor`);
  }
  const dtype = resultTypeOf('isin', [elements, test_elements]);
  const values = (v: Tensor | number | boolean): ArrayLike<number> =>
    v instanceof Tensor ? cast(checkTensor('isin', v).detach(), dtype).data : [castValue(dtype, +v)];
  const tests = new Set(Array.from(values(test_elements)).filter((v) => v === v));
  const shape = elements instanceof Tensor ? elements.shape : [];
  return fromValues(Array.from(values(elements), (v) => +(tests.has(v) !== invert)), shape, 'bool');
}

// ---- the trapezoid rule ----

type TrapezoidOptions = { dx?: number; dim?: number };

/** The parsed call: y, then x (a tensor) or dx (a number), and dim. */
function trapezoidArgs(op: string, args: IArguments): { y: Tensor; x: Tensor | null; dx: number; dim: number } {
  const y = checkTensor(op, args[0], 'y');
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const options = (end > 1 && isOptions(args[end - 1]) ? args[--end] : {}) as TrapezoidOptions;
  const x = end > 1 ? args[1] : null;
  checkKeywords(op, options, x === null ? ['dx', 'dim'] : ['dim']);
  if (end > 2 || (x !== null && !(x instanceof Tensor))) {
    const got = [...Array.prototype.slice.call(args, 0, end)].map(typeName).join(', ');
    throw new TypeError(`${op}() received an invalid combination of arguments - got (${got}), but expected (Tensor y, Tensor x, *, int dim) or (Tensor y, *, Number dx, int dim)`);
  }
  const { dx = 1, dim = -1 } = options;
  if (typeof dx !== 'number') throw new TypeError(`${op}(): argument 'dx' must be Number, not ${typeName(dx)}`);
  if (!Number.isInteger(dim)) throw new TypeError(`${op}(): argument 'dim' must be int, not ${typeName(dim)}`);
  if (y.dim() === 0) throw new RangeError(`${op}(): Dimension specified as ${dim} but tensor has no dimensions`);
  return { y, x: x as Tensor | null, dx, dim: normalizeDim(op, dim, y.dim()) };
}

/** The spacings along dim from sample points x: a 1-D x runs along dim; a lower-rank x aligns with y's last dims. */
function spacings(op: string, y: Tensor, x: Tensor, d: number): Tensor {
  let xv = x;
  if (x.dim() === 1) {
    if (x.shape[0] !== y.shape[d]) throw new RangeError(`${op}: There must be one \`x\` value for each sample point`);
    xv = reshape(x, y.shape.map((s, i) => (i === d ? s : 1)));
  } else if (x.dim() < y.dim()) {
    xv = reshape(x, [...Array(y.dim() - x.dim()).fill(1), ...x.shape]);
  }
  const n = xv.shape[d];
  return sub(slice(xv, d, 1, n), slice(xv, d, 0, n - 1));
}

/** The summands' pairs: y[1:] + y[:-1] along d. */
function pairSums(y: Tensor, d: number): Tensor {
  const n = y.shape[d];
  return add(slice(y, d, 1, n), slice(y, d, 0, n - 1));
}

function trapezoidImpl(op: string, args: IArguments): Tensor {
  const { y, x, dx, dim: d } = trapezoidArgs(op, args);
  if (y.shape[d] === 0) return zeros(y.shape.filter((_, i) => i !== d), { dtype: floatOf(y.dtype) });
  if (x === null) return mul(sub(sum(y, d), mul(add(select(y, d, 0), select(y, d, -1)), 0.5)), dx);
  return div(sum(mul(spacings(op, y, x, d), pairSums(y, d)), d), 2);
}

/** torch.trapezoid(y, x, { dim = -1 }) or (y, { dx = 1, dim = -1 }): the trapezoid rule along dim. */
export function trapezoid(y: Tensor, x?: Tensor | TrapezoidOptions, options?: TrapezoidOptions): Tensor {
  return trapezoidImpl('trapezoid', arguments);
}

/** torch.trapz: trapezoid's older name. */
export function trapz(y: Tensor, x?: Tensor | TrapezoidOptions, options?: TrapezoidOptions): Tensor {
  return trapezoidImpl('trapz', arguments);
}

/** torch.cumulative_trapezoid(y, x, { dim }) or (y, { dx, dim }): the running trapezoid rule (one fewer along dim). */
export function cumulative_trapezoid(y: Tensor, x?: Tensor | TrapezoidOptions, options?: TrapezoidOptions): Tensor {
  const op = 'cumulative_trapezoid';
  const { y: yt, x: xt, dx, dim: d } = trapezoidArgs(op, arguments);
  const floatY = isFloating(yt.dtype) ? yt : cast(yt, getDefaultDtype());
  if (yt.shape[d] === 0) return floatY; // nothing to integrate: an empty result of y's shape
  const terms = xt === null ? mul(pairSums(yt, d), dx / 2) : div(mul(spacings(op, yt, xt, d), pairSums(yt, d)), 2);
  return cumsum(terms, d);
}
