// Views (sharing storage), copies, casts, cat/stack. Each view's backward maps the gradient back to the input.
import { outsideAutocast } from '../autocast';
import { castValue, checkFits, isFloating, isReduced, promoteTypes, type DType, type Storage } from '../dtype';
import { broadcastShapes, checkSizes, contiguousStrides, fmtShape, normalizeDim, numelOf } from '../shape';
import { B } from '../backend';
import { is_grad_enabled, record } from '../autograd';
import { Tensor, checkReadable, checkTensor, fromValues, typeName } from '../tensor';
import { sum } from './reduce';
import { checkArgs, resolveArgs } from '../args';

const view0 = (x: Tensor, shape: readonly number[], strides: readonly number[], offset: number) =>
  new Tensor(x._storage, shape, x.dtype, strides, offset);

/**
 * Copies a tensor into a new one of another dtype (float->int truncates toward zero, as a C cast; the smaller
 * integer types wrap, their typed arrays doing it). Only a float result carries the gradient, as in PyTorch.
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  checkReadable('to', x, 'the tensor');
  const data = x._contiguousData();
  const out = B.alloc(dtype, data.length, false);
  if (dtype === 'int64' || dtype === 'bool') for (let i = 0; i < data.length; i++) out[i] = castValue(dtype, data[i]);
  else out.set(data); // a float16/bfloat16 result is rounded by Tensor's constructor
  const result = new Tensor(out, x.shape, dtype);
  if (!isFloating(dtype)) return result;
  return record(result, 'ToCopyBackward0', [x], (g) => [isFloating(x.dtype) ? cast(g, x.dtype) : null]);
}

/** A float16/bfloat16 tensor as a float32 copy (a cast, so gradients flow back); anything else as it is. */
export function widenReduced<U>(t: U): U {
  return t instanceof Tensor && isReduced(t.dtype) ? (cast(t, 'float32') as U) : t;
}

/**
 * fn(...args) computed as PyTorch computes a composite op on float16/bfloat16 tensors: on float32 copies of those
 * arguments, the tensor results rounded back once to the arguments' promoted dtype (step by step in float16,
 * each intermediate would be rounded, and a square of 300 would overflow). Gradients flow through the casts.
 */
export function inFloat32<R>(fn: (...args: never[]) => R, args: ArrayLike<unknown>): R {
  const tensors = Array.from(args).filter((a): a is Tensor => a instanceof Tensor && isFloating(a.dtype));
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const up = Array.from(args, widenReduced);
  const down = (r: unknown): unknown => (r instanceof Tensor && r.dtype === 'float32' ? cast(r, dtype) : Array.isArray(r) ? r.map(down) : r);
  const result = outsideAutocast(() => fn(...(up as never[]))); // in float32 throughout, autocast or not
  return (isReduced(dtype) ? down(result) : result) as R;
}

/** Whether a composite op should run inFloat32: one of its tensor arguments is float16/bfloat16. */
export const anyReduced = (args: ArrayLike<unknown>): boolean => Array.from(args).some((a) => a instanceof Tensor && isReduced(a.dtype));

/** Sums a broadcast gradient back down to `shape` (the inverse of broadcasting). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  g.shape.forEach((s, i) => {
    if (i < lead || (shape[i - lead] === 1 && s !== 1)) dims.push(i);
  });
  return reshape(sum(g, dims, true), shape, 'sum_to_size');
}

/** Resolves one -1 in a target shape, checking the element count. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const sizes = checkSizes(op, shape, true);
  const infer = sizes.indexOf(-1);
  if (infer !== sizes.lastIndexOf(-1)) throw new RangeError(`${op}(): only one dimension can be inferred`);
  const known = numelOf(sizes.filter((s) => s !== -1));
  const n = x.numel();
  const out = [...sizes];
  if (infer >= 0 && known !== 0 && n % known === 0) out[infer] = n / known;
  if ((infer >= 0 && (known === 0 || n % known !== 0)) || numelOf(out) !== n) {
    throw new RangeError(`${op}(): shape '${fmtShape(sizes)}' is invalid for input of size ${n}`);
  }
  return out;
}

export function view(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('view', x);
  const target = inferShape('view', x, shape);
  if (!x.is_contiguous()) {
    throw new RangeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return record(view0(x, target, contiguousStrides(target), x._offset), 'ViewBackward0', [x], (g) => [reshape(g, x.shape, 'view')]);
}

export function reshape(x: Tensor, shape: readonly number[], op = 'reshape'): Tensor {
  checkTensor(op, x);
  const target = inferShape(op, x, shape);
  const src = x.is_contiguous() ? x : contiguous(x);
  return record(view0(src, target, contiguousStrides(target), src._offset), 'ViewBackward0', [src], (g) => [reshape(g, src.shape)]);
}

export type FlattenOptions = { start_dim?: number; end_dim?: number };
export function flatten(x: Tensor, start_dim?: number | FlattenOptions, end_dim?: number | FlattenOptions): Tensor {
  const { start_dim: startDim, end_dim: endDim } = resolveArgs('flatten', ['start_dim', 'end_dim'], { start_dim: 0, end_dim: -1 }, arguments, 1);
  checkTensor('flatten', x);
  // dims are checked first, as PyTorch does: a 0-d tensor takes only 0 and -1
  const s = normalizeDim('flatten', startDim, x.dim());
  const e = normalizeDim('flatten', endDim, x.dim());
  if (s > e) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (x.dim() === 0) return reshape(x, [1], 'flatten');
  return reshape(x, [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)], 'flatten');
}

/** The keyword form of a `dim` argument: `x.squeeze({ dim: 0 })`, `x.chunk(2, { dim: 1 })`. */
export type DimOptions = { dim?: number };
export function squeeze(x: Tensor, dim?: number | DimOptions): Tensor {
  const a = resolveArgs<DimOptions>('squeeze', ['dim'], {}, arguments, 1);
  checkTensor('squeeze', x);
  const d = a.dim === undefined ? -1 : normalizeDim('squeeze', a.dim, x.dim());
  const keep = x.shape.map((s, i) => (a.dim === undefined ? s !== 1 : i !== d || s !== 1));
  const out = view0(x, x.shape.filter((_, i) => keep[i]), x._strides.filter((_, i) => keep[i]), x._offset);
  return record(out, a.dim === undefined ? 'SqueezeBackward0' : 'SqueezeBackward1', [x], (g) => [reshape(g, x.shape)]);
}

export function unsqueeze(x: Tensor, dim: number | DimOptions): Tensor {
  const a = resolveArgs<DimOptions>('unsqueeze', ['dim'], {}, arguments, 1);
  checkTensor('unsqueeze', x);
  const d = normalizeDim('unsqueeze', a.dim, x.dim() + 1);
  const shape = [...x.shape];
  const strides = [...x._strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.dim() ? x._strides[d] * x.shape[d] : 1);
  return record(view0(x, shape, strides, x._offset), 'UnsqueezeBackward0', [x], (g) => [reshape(g, x.shape)]);
}

export type TransposeOptions = { dim0?: number; dim1?: number };
export function transpose(x: Tensor, dim0: number | TransposeOptions, dim1?: number | TransposeOptions): Tensor {
  const dims = resolveArgs<TransposeOptions>('transpose', ['dim0', 'dim1'], {}, arguments, 1);
  checkTensor('transpose', x);
  const a = normalizeDim('transpose', dims.dim0, x.dim());
  const b = normalizeDim('transpose', dims.dim1, x.dim());
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return record(permuteView(x, perm), 'TransposeBackward0', [x], (g) => [transpose(g, a, b)]);
}

function permuteView(x: Tensor, perm: readonly number[]): Tensor {
  return view0(x, perm.map((p) => x.shape[p]), perm.map((p) => x._strides[p]), x._offset);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  checkTensor('permute', x);
  if (dims.length !== x.dim()) {
    throw new RangeError(
      `permute(): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const perm = dims.map((d) => normalizeDim('permute', d, x.dim()));
  if (new Set(perm).size !== perm.length) throw new RangeError('permute(): repeated dim');
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return record(permuteView(x, perm), 'PermuteBackward0', [x], (g) => [permute(g, inverse)]);
}

export function t(x: Tensor): Tensor {
  checkArgs('t', arguments, 1);
  checkTensor('t', x);
  if (x.dim() > 2) throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  return x.dim() < 2 ? x : transpose(x, 0, 1);
}

export function contiguous(x: Tensor): Tensor {
  return x.is_contiguous() ? x : clone(x);
}

export function clone(x: Tensor): Tensor {
  checkArgs('clone', arguments, 1);
  checkTensor('clone', x);
  return record(new Tensor(x._ownedData(), x.shape, x.dtype), 'CloneBackward0', [x], (g) => [g]);
}

/** Python's x[start:end:step] along dim (aten::slice): bounds clamp, negatives count from the end. */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  checkTensor('slice', x);
  // argument types first (PyTorch's parser rejects them before any value check), then values
  const d = normalizeDim('slice', dim, x.dim());
  for (const v of [start, end, step]) {
    if (v != null && !Number.isInteger(v)) throw new TypeError(`slice(): indices must be integers or None, not ${typeName(v)}`);
  }
  if (x.dim() === 0) throw new RangeError('slice() cannot be applied to a 0-dim tensor.');
  if (step <= 0) throw new RangeError('slice(): slice step must be positive');
  const size = x.shape[d];
  const clampIndex = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = start == null ? 0 : clampIndex(start);
  const e = Math.max(end == null ? size : clampIndex(end), s);
  const shape = [...x.shape];
  const strides = [...x._strides];
  shape[d] = Math.ceil((e - s) / step);
  strides[d] *= step;
  const out = view0(x, shape, strides, x._offset + s * x._strides[d]);
  return record(out, 'SliceBackward0', [x], (g) => [scatterGrad(g, x.shape, (z) => slice(z, d, s, e, step))]);
}

export type NarrowOptions = { dim?: number; start?: number; length?: number };
export function narrow(x: Tensor, dim: number | NarrowOptions, start?: number | NarrowOptions, length?: number | NarrowOptions): Tensor {
  const a = resolveArgs<NarrowOptions>('narrow', ['dim', 'start', 'length'], {}, arguments, 1) as Required<NarrowOptions>;
  return narrowDim(x, a.dim, a.start, a.length);
}
function narrowDim(x: Tensor, dim: number, start: number, length: number): Tensor {
  checkTensor('narrow', x);
  const d = normalizeDim('narrow', dim, x.dim());
  if (!Number.isInteger(start) || !Number.isInteger(length)) throw new TypeError('narrow(): start and length must be integers');
  if (x.dim() === 0) throw new RangeError('narrow() cannot be applied to a 0-dim tensor.');
  const size = x.shape[d];
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size) throw new RangeError(`narrow(): start (${start}) is out of bounds for dimension ${d} of size ${size}`);
  if (length < 0 || s + length > size) throw new RangeError(`narrow(): start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  return slice(x, d, s, s + length);
}

export type SelectOptions = { dim?: number; index?: number };
export function select(x: Tensor, dim: number | SelectOptions, index?: number | SelectOptions): Tensor {
  const a = resolveArgs<SelectOptions>('select', ['dim', 'index'], {}, arguments, 1) as Required<SelectOptions>;
  return selectIndex(x, a.dim, a.index);
}
function selectIndex(x: Tensor, dim: number, index: number): Tensor {
  checkTensor('select', x);
  const d = normalizeDim('select', dim, x.dim());
  if (!Number.isInteger(index)) throw new TypeError(`select(): argument 'index' (position 2) must be int, not ${typeName(index)}`);
  if (x.dim() === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const size = x.shape[d];
  if (index < -size || index >= size) {
    throw new RangeError(`select(): index ${index} out of range for tensor of size ${fmtShape(x.shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  const out = view0(x, x.shape.filter((_, k) => k !== d), x._strides.filter((_, k) => k !== d), x._offset + i * x._strides[d]);
  return record(out, 'SelectBackward0', [x], (g) => [scatterGrad(g, x.shape, (z) => select(z, d, i))]);
}

/**
 * One index item of Tensor.index: number (select), null/':' (whole dim), 'a:b:c' or [a, b, c] (slice), '...'
 * (as many whole dims as the other items leave), or a tensor (int64 indices or a bool mask: advanced indexing).
 */
export type IndexItem = number | null | string | readonly (number | null)[] | Tensor;

/** Dims an index item consumes: a mask one per dim of its own, anything else (int, slice, index tensor) one. */
export const spanOf = (item: unknown): number =>
  item instanceof Tensor && (item.dtype === 'bool' || item.dtype === 'uint8') ? Math.max(item.dim(), 1) : 1;

/** The items with '...' (at most one) replaced by the whole dims the others leave. */
export function expandEllipsis(x: Tensor, items: readonly unknown[]): unknown[] {
  const at = items.indexOf('...');
  if (at < 0) return [...items];
  if (items.lastIndexOf('...') !== at) throw new RangeError('index(): an index can only have a single ellipsis (\'...\')');
  const used = items.reduce<number>((n, item, i) => n + (i === at ? 0 : spanOf(item)), 0);
  return [...items.slice(0, at), ...new Array<string>(Math.max(0, x.dim() - used)).fill(':'), ...items.slice(at + 1)];
}

export function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  items = expandEllipsis(x, items) as IndexItem[];
  let out = x;
  let dim = 0;
  for (const item of items) {
    if (dim >= out.dim()) throw new RangeError(`index(): too many indices for tensor of dimension ${x.dim()}`);
    if (typeof item === 'number') {
      out = select(out, dim, item);
      continue;
    }
    let parts: (number | null)[];
    if (item === null || item === ':') parts = [null, null, null];
    else if (typeof item === 'string') {
      const p = item.split(':');
      if (p.length < 2 || p.length > 3 || p.some((s) => s.trim() !== '' && !/^\s*-?\d+\s*$/.test(s))) {
        throw new TypeError(`index(): invalid slice '${item}'`);
      }
      parts = p.map((s) => (s.trim() === '' ? null : Number(s)));
    } else if (Array.isArray(item)) parts = [...item];
    else throw new TypeError(`index(): only integers, slices (':', 'a:b', [a, b]), '...', null and tensors are valid indices (got ${typeName(item)})`);
    out = slice(out, dim, parts[0], parts[1], parts[2] ?? 1);
    dim++;
  }
  return out;
}

/** Gradient of a view: zeros of the input's shape with g written into the same view of them. */
function scatterGrad(g: Tensor, shape: readonly number[], viewOf: (z: Tensor) => Tensor): Tensor {
  const z = new Tensor(B.alloc(g.dtype, numelOf(shape), true), shape, g.dtype);
  writeInto(viewOf(z), g._contiguousData());
  return z;
}

/** Writes row-major `values` (dst's dtype) through dst's strides into its storage. */
function writeInto(dst: Tensor, values: Storage): void {
  const n = values.length;
  if (dst.is_contiguous()) {
    dst._storage.set(values, dst._offset);
    return;
  }
  const rank = dst.dim();
  const idx = new Array<number>(rank).fill(0);
  let pos = dst._offset;
  for (let i = 0; i < n; i++) {
    dst._storage[pos] = values[i];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < dst.shape[d]) {
        pos += dst._strides[d];
        break;
      }
      pos -= dst._strides[d] * (dst.shape[d] - 1);
      idx[d] = 0;
    }
  }
}

export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  checkTensor('expand', x);
  checkSizes('expand', sizes, true);
  const lead = sizes.length - x.dim();
  const mismatch = () =>
    new RangeError(
      `expand(): The expanded size of the tensor must match the existing size at non-singleton dimension.  Target sizes: ${fmtShape(sizes)}.  Tensor sizes: ${fmtShape(x.shape)}`,
    );
  if (lead < 0) {
    throw new RangeError(
      `expand(): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`,
    );
  }
  const shape: number[] = [];
  const strides: number[] = [];
  sizes.forEach((s, i) => {
    const own = i < lead ? 1 : x.shape[i - lead];
    if (s === -1) {
      if (i < lead) throw new RangeError('expand(): -1 is not allowed in a leading, non-existing dimension');
      s = own;
    }
    if (own !== s && own !== 1) throw mismatch();
    shape.push(s);
    strides.push(i < lead || (own === 1 && s !== 1) ? 0 : x._strides[i - lead]);
  });
  if (shape.every((s, i) => s === x.shape[i]) && shape.length === x.dim()) return x;
  return record(view0(x, shape, strides, x._offset), 'ExpandBackward0', [x], (g) => [sumToShape(g, x.shape)]);
}

export type ChunkOptions = { chunks?: number; dim?: number };
export function chunk(x: Tensor, chunks: number | ChunkOptions, dim?: number | ChunkOptions): Tensor[] {
  const a = resolveArgs<Required<ChunkOptions>>('chunk', ['chunks', 'dim'], { chunks: NaN, dim: 0 }, arguments, 1);
  checkTensor('chunk', x);
  if (!Number.isInteger(a.chunks)) throw new TypeError(`chunk(): argument 'chunks' (position 1) must be int, not ${typeName(a.chunks)}`);
  if (a.chunks <= 0) throw new RangeError('chunk expects `chunks` to be greater than 0, got: ' + a.chunks);
  const d = normalizeDim('chunk', a.dim, x.dim());
  return split(x, Math.max(1, Math.ceil(x.shape[d] / a.chunks)), d);
}

export type SplitOptions = { split_size?: number | readonly number[]; dim?: number };
export function split(x: Tensor, split_size: number | readonly number[] | SplitOptions, dim?: number | SplitOptions): Tensor[] {
  const a = resolveArgs<SplitOptions>('split', ['split_size', 'dim'], { dim: 0 }, arguments, 1);
  checkTensor('split', x);
  const splitSize = a.split_size;
  if (splitSize === undefined) throw new TypeError("split() missing 1 required positional argument: 'split_size'");
  const d = normalizeDim('split', a.dim, x.dim());
  const size = x.shape[d];
  let sizes: number[];
  if (typeof splitSize === 'number') {
    if (!Number.isInteger(splitSize) || splitSize <= 0) throw new RangeError(`split(): split_size must be a positive integer, got ${splitSize}`);
    sizes = Array.from({ length: Math.max(1, Math.ceil(size / splitSize)) }, (_, i) => Math.min(splitSize, size - i * splitSize));
  } else {
    sizes = [...splitSize];
    if (sizes.reduce((a, b) => a + b, 0) !== size) {
      throw new RangeError(`split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${fmtShape(sizes)}`);
    }
  }
  let start = 0;
  return sizes.map((len) => {
    const part = narrow(x, d, start, len);
    start += len;
    return part;
  });
}

export function checkInPlace(op: string, x: Tensor): void {
  checkTensor(op, x, 'self');
  if (is_grad_enabled() && x.requires_grad) {
    throw new Error(
      x.is_leaf
        ? `${op}(): a leaf Variable that requires grad is being used in an in-place operation.`
        : `${op}(): in-place operations on tensors that are part of an autograd graph are not supported; use the out-of-place form`,
    );
  }
}

export function fill_<T extends Tensor>(x: T, value: number): T {
  checkInPlace('fill_', x);
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new TypeError(`fill_(): argument 'value' must be Number, not ${typeName(value)}`);
  const v = castValue(x.dtype, checkFits('fill_', x.dtype, +value));
  // contiguous: fill the range in place (no temporary of numel elements)
  if (x.is_contiguous()) x._storage.fill(v as never, x._offset, x._offset + x.numel());
  else writeInto(x, new Float64Array(x.numel()).fill(v));
  return x;
}

/** Copies src (broadcast to x's shape, cast to x's dtype) into x in place. */
export function copy_<T extends Tensor>(x: T, src: Tensor, op = 'copy_'): T {
  checkInPlace(op, x);
  checkTensor(op, src, 'src', 2);
  const shape = broadcastShapes(op, x.shape, src.shape);
  if (shape.join() !== x.shape.join()) {
    throw new RangeError(`${op}(): output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  writeInto(x, cast(expand(src, x.shape), x.dtype)._contiguousData());
  return x;
}

export function onesLike(x: Tensor): Tensor {
  return fromValues(new Float64Array(x.numel()).fill(1), x.shape, x.dtype);
}

export function cat(tensors: readonly Tensor[], dim: number | { dim?: number } = 0): Tensor {
  checkArgs('cat', arguments, 2, ['dim']);
  if (typeof dim === 'object') dim = dim.dim ?? 0;
  if (!Array.isArray(tensors)) throw new TypeError(`cat(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(tensors)}`);
  if (tensors.length === 0) throw new RangeError('cat(): expected a non-empty list of Tensors');
  tensors.forEach((t, i) => checkTensor('cat', t, `tensors[${i}]`, 1));
  // PyTorch skips legacy 1-D empty tensors in cat
  const parts = tensors.filter((t) => !(t.dim() === 1 && t.numel() === 0));
  if (parts.length === 0) return tensors[0];
  const ref = parts[0];
  if (ref.dim() === 0) throw new RangeError('cat(): zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim('cat', dim, ref.dim());
  const dtype = parts.reduce<DType>((acc, t) => promoteTypes(acc, t.dtype), ref.dtype);
  parts.forEach((t, i) => {
    if (t.dim() !== ref.dim()) {
      throw new RangeError(`cat(): Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
    }
    t.shape.forEach((s: number, k: number) => {
      if (k !== d && s !== ref.shape[k]) {
        throw new RangeError(`cat(): Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${s} for tensor number ${i} in the list.`);
      }
    });
  });
  const shape = [...ref.shape];
  shape[d] = parts.reduce((acc, t) => acc + t.shape[d], 0);
  const inner = numelOf(shape.slice(d + 1));
  const outer = numelOf(shape.slice(0, d));
  const out = B.alloc(dtype, numelOf(shape), false);
  let col = 0;
  for (const t of parts) {
    const data = cast(t, dtype)._contiguousData();
    const chunkLen = t.shape[d] * inner;
    for (let o = 0; o < outer; o++) out.set(data.subarray(o * chunkLen, (o + 1) * chunkLen), o * shape[d] * inner + col);
    col += chunkLen;
  }
  return record(new Tensor(out, shape, dtype), 'CatBackward0', parts, (g) => {
    let start = 0;
    return parts.map((t) => {
      const part = narrow(g, d, start, t.shape[d]);
      start += t.shape[d];
      return part;
    });
  });
}

export function stack(tensors: readonly Tensor[], dim: number | { dim?: number } = 0): Tensor {
  checkArgs('stack', arguments, 2, ['dim']);
  if (typeof dim === 'object') dim = dim.dim ?? 0;
  if (!Array.isArray(tensors)) throw new TypeError(`stack(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(tensors)}`);
  if (tensors.length === 0) throw new RangeError('stack expects a non-empty TensorList');
  tensors.forEach((t, i) => {
    checkTensor('stack', t, `tensors[${i}]`, 1);
    if (t.shape.join() !== tensors[0].shape.join()) {
      throw new RangeError(`stack expects each tensor to be equal size, but got ${fmtShape(tensors[0].shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normalizeDim('stack', dim, tensors[0].dim() + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}
