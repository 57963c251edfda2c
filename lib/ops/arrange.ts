// Rearranging ops composed from differentiable ones (so autograd and both backends come for free): flip and
// roll (index_select with a permuted index), repeat and tile (reshape + expand), unbind, triu/tril (a mask),
// outer and dot.
import { fmtShape, normalizeDim } from '../shape';
import { Tensor, checkTensor } from '../tensor';
import { checkArgs } from '../args';
import { mul, where } from './elementwise';
import { sum } from './reduce';
import { cast, expand, reshape, select, unsqueeze } from './shape';
import { index_select } from './indexing';

/** Sizes given as varargs or one array. */
function sizesOf(args: readonly unknown[]): number[] {
  return (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as number[];
}

/** The dims given as an int or a list, normalized, without repeats. */
function dimList(op: string, dims: unknown, rank: number): number[] {
  const list = (Array.isArray(dims) ? dims : [dims]).map((d) => normalizeDim(op, d, Math.max(rank, 1)));
  if (new Set(list).size !== list.length) throw new RangeError(`${op}(): dims has duplicates: ${fmtShape(list)}`);
  return list;
}

/** Reorders x along dim by `order` (one index per position), as a differentiable index_select. */
function permuteAlong(x: Tensor, dim: number, order: number[]): Tensor {
  return index_select(x, dim, new Tensor(Float64Array.from(order), [order.length], 'int64'));
}

/** torch.flip(input, dims): the order of elements reversed along each of dims. */
export function flip(input: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  const x = checkTensor('flip', input);
  let out = x;
  for (const d of dimList('flip', sizesOf(dims), x.dim())) {
    const n = x.shape[d];
    out = permuteAlong(out, d, Array.from({ length: n }, (_, i) => n - 1 - i));
  }
  return out;
}

/** torch.roll(input, shifts, dims?): elements shifted along dims (wrapping around); without dims, over the flattened tensor. */
export function roll(input: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  checkArgs('roll', arguments, 3);
  const x = checkTensor('roll', input);
  const shiftList = Array.isArray(shifts) ? shifts : [shifts as number];
  if (dims === undefined || dims === null) {
    if (shiftList.length !== 1) throw new RangeError(`roll(): shifts and dimensions must align. shifts: ${shiftList.length}, dims: 0`);
    return reshape(roll(reshape(x, [-1]), shiftList[0], 0), x.shape);
  }
  const dimsList = dimList('roll', dims, x.dim());
  if (dimsList.length !== shiftList.length) throw new RangeError(`roll(): shifts and dimensions must align. shifts: ${shiftList.length}, dims: ${dimsList.length}`);
  let out = x;
  dimsList.forEach((d, k) => {
    const n = x.shape[d];
    if (!Number.isInteger(shiftList[k])) throw new TypeError(`roll(): shifts must be integers, got ${String(shiftList[k])}`);
    if (n > 0) out = permuteAlong(out, d, Array.from({ length: n }, (_, i) => (((i - shiftList[k]) % n) + n) % n));
  });
  return out;
}

/** Tensor.repeat(*sizes): the tensor tiled sizes[i] times along dim i (sizes may add leading dims). */
export function repeat(input: Tensor, ...sizes: (number | readonly number[])[]): Tensor {
  const x = checkTensor('repeat', input);
  const reps = sizesOf(sizes);
  if (!reps.every((r) => Number.isInteger(r) && r >= 0)) throw new RangeError(`repeat(): repeats must be non-negative integers, got ${fmtShape(reps)}`);
  if (reps.length < x.dim()) {
    throw new RangeError('repeat(): Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const shape = [...Array(reps.length - x.dim()).fill(1), ...x.shape];
  // [1, s0, 1, s1, ...] expanded to [r0, s0, r1, s1, ...] then merged pairwise: copy r_i of every slice
  const spread = reshape(x, shape.flatMap((s) => [1, s]));
  const tiled = expand(spread, shape.flatMap((s, i) => [reps[i], s]));
  return reshape(tiled.contiguous(), shape.map((s, i) => s * reps[i]));
}

/** torch.tile(input, dims): repeat, with dims padded with leading 1s when shorter than the tensor's rank. */
export function tile(input: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  const x = checkTensor('tile', input);
  const reps = sizesOf(dims);
  return repeat(x, [...Array(Math.max(0, x.dim() - reps.length)).fill(1), ...reps]);
}

/** torch.unbind(input, dim = 0): the slices along dim, as an array. */
export function unbind(input: Tensor, dim = 0): Tensor[] {
  checkArgs('unbind', arguments, 2);
  const x = checkTensor('unbind', input);
  const d = normalizeDim('unbind', dim, x.dim());
  return Array.from({ length: x.shape[d] }, (_, i) => select(x, d, i));
}

function triangle(op: 'triu' | 'tril', input: Tensor, diagonal: number): Tensor {
  const x = checkTensor(op, input);
  if (x.dim() < 2) throw new RangeError(`${op}(): input tensor must have at least 2 dimensions`);
  if (!Number.isInteger(diagonal)) throw new TypeError(`${op}(): argument 'diagonal' must be int, not ${String(diagonal)}`);
  const [rows, cols] = x.shape.slice(-2);
  const keep = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) keep[i * cols + j] = +(op === 'triu' ? j - i >= diagonal : j - i <= diagonal);
  return where(new Tensor(keep, [rows, cols], 'bool'), x, x.dtype === 'bool' ? false : 0); // x's dtype, bool too
}

/** torch.triu(input, diagonal = 0): the elements on and above the diagonal of the last two dims, zeros below. */
export function triu(input: Tensor, diagonal = 0): Tensor {
  checkArgs('triu', arguments, 2);
  return triangle('triu', input, diagonal);
}

/** torch.tril(input, diagonal = 0): the elements on and below the diagonal of the last two dims, zeros above. */
export function tril(input: Tensor, diagonal = 0): Tensor {
  checkArgs('tril', arguments, 2);
  return triangle('tril', input, diagonal);
}

function vectors(op: string, input: unknown, other: unknown): [Tensor, Tensor] {
  const a = checkTensor(op, input);
  const b = checkTensor(op, other, op === 'outer' ? 'vec2' : 'tensor', 2);
  if (a.dim() !== 1 || b.dim() !== 1) throw new RangeError(`${op}(): 1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  return [a, b];
}

/** torch.outer(input, vec2): the [n, m] matrix of products. */
export function outer(input: Tensor, vec2: Tensor): Tensor {
  checkArgs('outer', arguments, 2);
  const [a, b] = vectors('outer', input, vec2);
  return mul(unsqueeze(a, 1), unsqueeze(b, 0));
}

/** torch.dot(input, tensor): the sum of the products of two 1-D tensors of one size. */
export function dot(input: Tensor, tensor: Tensor): Tensor {
  checkArgs('dot', arguments, 2);
  const [a, b] = vectors('dot', input, tensor);
  if (a.numel() !== b.numel()) {
    throw new RangeError(`dot(): inconsistent tensor size, expected tensor [${a.numel()}] and src [${b.numel()}] to have the same number of elements, but got ${a.numel()} and ${b.numel()} elements respectively`);
  }
  const products = mul(a, b);
  const total = sum(products);
  return total.dtype === products.dtype ? total : cast(total, products.dtype); // integers keep their dtype (and wrap), as PyTorch's
}
