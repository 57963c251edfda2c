// Storage-level tensor methods of PyTorch 1.13: as_strided (a view with any sizes and strides on the same storage),
// the CPU element callbacks apply_ / map_, and resize_ / resize_as_.
import { castValue, itemSize, type DType } from '../dtype';
import { checkSizes, contiguousStrides, fmtShape, numelOf } from '../shape';
import { B } from '../backend';
import { record } from '../autograd';
import { Tensor, checkTensor, fromValues, pyType, typeName } from '../tensor';
import { checkArgs, isOptions, resolveArgs } from '../args';
import { copy_ } from './shape';

function intList(op: string, name: string, position: number, v: unknown): number[] {
  if (!Array.isArray(v) || !v.every((s) => Number.isInteger(s))) {
    throw new TypeError(`${op}(): argument '${name}' (position ${position}) must be tuple of ints, not ${typeName(v)}`);
  }
  return v as number[];
}

type AsStridedOptions = { size?: readonly number[]; stride?: readonly number[]; storage_offset?: number | null };

/** The storage positions (relative to `base`) of every element of a geometry, in row-major order. */
function positions(shape: readonly number[], strides: readonly number[], offset: number, base: number): Int32Array | Float64Array {
  const n = numelOf(shape);
  const out = n < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let pos = offset - base;
  for (let i = 0; i < n; i++) {
    out[i] = pos;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        pos += strides[d];
        break;
      }
      pos -= strides[d] * (shape[d] - 1);
      idx[d] = 0;
    }
  }
  return out;
}

/** The largest storage position a geometry reaches (its offset when it has no elements). */
function lastPosition(shape: readonly number[], strides: readonly number[], offset: number): number {
  return shape.reduce((p, s, d) => p + Math.max(s - 1, 0) * strides[d], offset);
}

/**
 * PyTorch's AsStridedBackward0: g scattered (added) into the storage that both geometries address, then read back in
 * the input's geometry; where the input's own elements overlap in storage (an expanded input), each gets its share.
 */
function asStridedBackward(g: Tensor, x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  const base = Math.min(x._offset, offset);
  const end = Math.max(lastPosition(x.shape, x._strides, x._offset), lastPosition(shape, strides, offset));
  const acc = new Float64Array(end - base + 1);
  const gv = g.contiguous().data;
  const outPos = positions(shape, strides, offset, base);
  for (let i = 0; i < outPos.length; i++) acc[outPos[i]] += gv[i];
  const inPos = positions(x.shape, x._strides, x._offset, base);
  const count = new Float64Array(acc.length);
  for (let i = 0; i < inPos.length; i++) count[inPos[i]]++;
  const values = new Float64Array(inPos.length);
  for (let i = 0; i < inPos.length; i++) values[i] = acc[inPos[i]] / count[inPos[i]];
  return fromValues(values, x.shape, g.dtype);
}

/**
 * torch.as_strided(input, size, stride, storage_offset = input.storage_offset()): a view of input's storage with the
 * given sizes and strides (in elements), starting at storage_offset. Elements may overlap. Backward is PyTorch's
 * AsStridedBackward0: the gradient is added back at the storage positions each element was read from.
 */
export function as_strided(input: Tensor, size: readonly number[] | AsStridedOptions, stride?: readonly number[] | AsStridedOptions, storage_offset?: number | null | AsStridedOptions): Tensor {
  const op = 'as_strided';
  const x = checkTensor(op, input);
  const a = resolveArgs<AsStridedOptions>(op, ['size', 'stride', 'storage_offset'], { storage_offset: null }, arguments, 1);
  if (a.size === undefined) throw new TypeError(`${op}() missing required argument 'size' (pos 2)`);
  if (a.stride === undefined) throw new TypeError(`${op}() missing required argument 'stride' (pos 3)`);
  const shape = intList(op, 'size', 2, a.size);
  const strides = intList(op, 'stride', 3, a.stride);
  const offset = a.storage_offset ?? x._offset;
  if (!Number.isInteger(offset)) throw new TypeError(`${op}(): argument 'storage_offset' (position 4) must be int, not ${typeName(offset)}`);
  if (shape.length !== strides.length) throw new RangeError('mismatch in length of strides and shape');
  if (shape.some((s) => s < 0)) throw new RangeError(`${op}(): Trying to create tensor with negative dimension ${shape.find((s) => s < 0)}: ${fmtShape(shape)}`);
  if (strides.some((s) => s < 0)) throw new RangeError(`as_strided: Negative strides are not supported at the moment, got strides: ${fmtShape(strides)}`);
  if (offset < 0) throw new RangeError(`Tensor: invalid storage offset ${offset}`);
  const itemsize = itemSize(x.dtype);
  const needed = numelOf(shape) === 0 ? 0 : (lastPosition(shape, strides, offset) + 1) * itemsize;
  if (needed > x._storage.length * itemsize) {
    throw new RangeError(
      `setStorage: sizes ${fmtShape(shape)}, strides ${fmtShape(strides)}, storage offset ${offset}, and itemsize ${itemsize} requiring a storage size of ${needed} are out of bounds for storage of size ${x._storage.length * itemsize}`,
    );
  }
  const out = new Tensor(x._storage, shape, x.dtype, strides, offset);
  return record(out, 'AsStridedBackward0', [x], (g) => [asStridedBackward(g, x, shape, strides, offset)]);
}

function refuseGrad(op: string, x: Tensor): void {
  if (x.requires_grad) throw new Error(`Can't call ${op}() on Variable that requires grad. Use var.detach().${op}() instead.`);
}

/** A callback's result as the tensor's dtype; Python's "must be real number" otherwise. */
function elementOf(dtype: DType, v: unknown): number {
  if (typeof v === 'boolean') return castValue(dtype, +v);
  if (typeof v !== 'number') throw new TypeError(`must be real number, not ${pyType(v)}`);
  return castValue(dtype, v);
}

/**
 * self.apply_(callable): replaces each element with callable(element), in row-major order, in place (CPU tensors only
 * in PyTorch; every torchlet tensor is one). Refused on a tensor that requires grad, as in PyTorch.
 */
export function apply_<T extends Tensor>(self: T, callable: (value: number) => number | boolean): T {
  checkArgs('apply_', arguments, 2, [], 2);
  const x = checkTensor('apply_', self, 'self');
  refuseGrad('apply_', x);
  if (typeof callable !== 'function') throw new TypeError(`'${pyType(callable)}' object is not callable`);
  const src = x.contiguous().data;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = elementOf(x.dtype, callable(+src[i]));
  copy_(x, fromValues(out, x.shape, x.dtype), 'apply_');
  return self;
}

/**
 * self.map_(tensor, callable): replaces each element a of self with callable(a, b), b the matching element of tensor
 * broadcast to self's shape; tensor must have self's dtype. In place; refused on a tensor that requires grad.
 */
export function map_<T extends Tensor>(self: T, tensor: Tensor, callable: (a: number, b: number) => number | boolean): T {
  checkArgs('map_', arguments, 3, [], 3);
  const x = checkTensor('map_', self, 'self');
  const other = checkTensor('map_', tensor, 'tensor', 1);
  refuseGrad('map_', x);
  if (typeof callable !== 'function') throw new TypeError(`'${pyType(callable)}' object is not callable`);
  if (other.dtype !== x.dtype) throw new TypeError(`map_: expected ${x.type()} for 'other' (got ${other.type()})`);
  const lead = x.dim() - other.dim();
  const bad = lead < 0 ? 0 : other.shape.findIndex((s, i) => s !== 1 && s !== x.shape[lead + i]);
  if (lead < 0 || bad >= 0) {
    const d = lead < 0 ? 0 : lead + bad;
    throw new RangeError(
      `The expanded size of the tensor (${x.shape[d] ?? 1}) must match the existing size (${other.shape[lead < 0 ? 0 : bad]}) at non-singleton dimension ${d}.  Target sizes: ${fmtShape(x.shape)}.  Tensor sizes: ${fmtShape(other.shape)}`,
    );
  }
  const a = x.contiguous().data;
  const b = other.expand(...x.shape).contiguous().data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = elementOf(x.dtype, callable(+a[i], +b[i]));
  copy_(x, fromValues(out, x.shape, x.dtype), 'map_');
  return self;
}

/**
 * self.resize_(*sizes): gives self the shape `sizes`, contiguous, keeping its storage offset and the first elements of
 * its storage from there; elements past the old storage are zeros (uninitialized in PyTorch). Within the storage (a
 * shrink, or a view over a larger storage) self stays a view of it, as in PyTorch. Growing past the storage gives self
 * new storage: a tensor that owns its storage (offset 0, contiguous, all of it) keeps its elements, but tensors sharing
 * its old storage (its views) do not follow it as they would in PyTorch; growing a view is refused as a storage that is
 * not resizable. Refused on a tensor that requires grad, as in PyTorch.
 */
export function resize_<T extends Tensor>(self: T, sizes: readonly (number | readonly number[])[]): T {
  const x = checkTensor('resize_', self, 'self');
  let list: unknown[] = [...sizes];
  if (list.length && isOptions(list[list.length - 1])) {
    const opts = list.pop() as Record<string, unknown>;
    for (const k of Object.keys(opts)) if (k !== 'memory_format') throw new TypeError(`resize_() got an unexpected keyword argument '${k}'`);
  }
  if (list.length === 1 && Array.isArray(list[0])) list = list[0];
  const shape = checkSizes('resize_', list);
  if (x.requires_grad) throw new Error('cannot resize variables that require grad');
  return resizeTo(self, shape);
}

function resizeTo<T extends Tensor>(self: T, shape: number[]): T {
  if (shape.length === self.dim() && shape.every((s, d) => s === self.shape[d])) return self; // same sizes: strides kept
  const n = numelOf(shape);
  const need = self._offset + n;
  if (need > self._storage.length) {
    const owner = self._offset === 0 && self.is_contiguous() && self._storage.length === self.numel();
    if (!owner) throw new Error('Trying to resize storage that is not resizable');
    const grown = B.alloc(self.dtype, need, true);
    grown.set(self._storage as never);
    self._storage = grown;
  }
  (self as { shape: readonly number[] }).shape = Object.freeze([...shape]);
  self._strides = Object.freeze(contiguousStrides(shape));
  return self;
}

/** self.resize_as_(tensor): resize_(tensor.size()). */
export function resize_as_<T extends Tensor>(self: T, tensor: Tensor): T {
  checkArgs('resize_as_', arguments, 2, ['memory_format'], 2);
  const x = checkTensor('resize_as_', self, 'self');
  const other = checkTensor('resize_as_', tensor, 'the_template', 1);
  if (x.requires_grad) throw new Error('cannot resize variables that require grad');
  return resizeTo(self, [...other.shape]);
}
