// Ops that read elements by index: index_select, gather, one_hot. Each forward and backward (the gradient is
// added back at the indices read, so repeated indices accumulate) sit together; they loop over contiguous data
// in JS, on either backend.
import { B } from '../backend';
import { fmtShape, normalizeDim, numelOf } from '../shape';
import { record } from '../autograd';
import { Tensor, checkTensor } from '../tensor';
import { checkArgs } from '../args';

/** An index tensor's values (int64 or int32), each checked to lie in [0, size). */
export function indexValues(op: string, index: Tensor, size: number, message: (v: number) => string): Int32Array | Float64Array {
  if (index.dtype !== 'int64' && index.dtype !== 'int32') throw new TypeError(`${op}(): Expected dtype int32 or int64 for index, but got ${index.dtype}`);
  const values = index.contiguous().data as Int32Array | Float64Array;
  for (const v of values) if (!(v >= 0 && v < size)) throw new RangeError(`${op}(): ${message(v)}`);
  return values;
}

/**
 * [outer, n, inner] of a shape around dim: a contiguous tensor is outer blocks of n rows of inner elements (a
 * 0-d tensor is one element).
 */
export function around(shape: readonly number[], dim: number): [number, number, number] {
  if (shape.length === 0) return [1, 1, 1];
  return [numelOf(shape.slice(0, dim)), shape[dim], numelOf(shape.slice(dim + 1))];
}

/** torch.index_select(input, dim, index): the slices input[..., index[i], ...] along dim, in index's order. */
export function index_select(input: Tensor, dim: number, index: Tensor): Tensor {
  checkArgs('index_select', arguments, 3);
  const op = 'index_select';
  const x = checkTensor(op, input);
  checkTensor(op, index, 'index', 3);
  if (index.dim() > 1) throw new RangeError(`${op}(): Index is supposed to be a vector, but got index of size ${fmtShape(index.shape)}`);
  const d = normalizeDim(op, dim, Math.max(x.dim(), 1));
  const shape = x.dim() === 0 ? [1] : x.shape;
  const rows = indexValues(op, index, shape[d], (v) => `index ${v} is out of range for dimension ${dim} with size ${shape[d]}`);
  const [outer, n, inner] = around(shape, d);
  const src = x.contiguous().data;
  const out = B.alloc(x.dtype, outer * rows.length * inner, false);
  for (let o = 0, p = 0; o < outer; o++) {
    for (let i = 0; i < rows.length; i++, p += inner) {
      const from = (o * n + rows[i]) * inner;
      for (let k = 0; k < inner; k++) out[p + k] = src[from + k];
    }
  }
  const outShape = x.dim() === 0 ? [] : x.shape.map((s, i) => (i === d ? rows.length : s));
  return record(new Tensor(out, outShape, x.dtype), 'IndexSelectBackward0', [x], (g) => {
    const gsrc = g.contiguous().data;
    const gx = B.alloc(g.dtype, x.numel(), true);
    for (let o = 0, p = 0; o < outer; o++) {
      for (let i = 0; i < rows.length; i++, p += inner) {
        const to = (o * n + rows[i]) * inner;
        for (let k = 0; k < inner; k++) gx[to + k] += gsrc[p + k];
      }
    }
    return [new Tensor(gx, x.shape, g.dtype)];
  });
}

/**
 * torch.gather(input, dim, index): out[i][j][k] = input[i][index[i][j][k]][k] (for dim 1); index has input's
 * rank and no larger size than input's in the other dims; the output has index's shape.
 */
export function gather(input: Tensor, dim: number, index: Tensor): Tensor {
  checkArgs('gather', arguments, 3);
  const op = 'gather';
  const x = checkTensor(op, input);
  checkTensor(op, index, 'index', 3);
  const rank = Math.max(x.dim(), 1);
  const d = normalizeDim(op, dim, rank);
  const xs = x.dim() === 0 ? [1] : x.shape;
  const is = index.dim() === 0 ? [1] : index.shape;
  if (is.length !== xs.length) throw new RangeError(`${op}(): Index tensor must have the same number of dimensions as input tensor`);
  if (is.some((s, i) => i !== d && s > xs[i])) {
    throw new RangeError(`${op}(): Size does not match at dimension ${is.findIndex((s, i) => i !== d && s > xs[i])} expected index ${fmtShape(is)} to be smaller than self ${fmtShape(xs)} apart from dimension ${d}`);
  }
  const picks = indexValues(op, index, xs[d], (v) => `index ${v} is out of bounds for dimension ${d} with size ${xs[d]}`);
  // the input offset of every output element: its own coordinates, with dim's replaced by the index
  const strides = xs.map((_, i) => numelOf(xs.slice(i + 1)));
  const offsets = new Float64Array(picks.length);
  const coord = new Array<number>(is.length).fill(0);
  for (let e = 0; e < picks.length; e++) {
    let off = 0;
    for (let i = 0; i < is.length; i++) off += (i === d ? picks[e] : coord[i]) * strides[i];
    offsets[e] = off;
    for (let i = is.length - 1; i >= 0 && ++coord[i] === is[i]; i--) coord[i] = 0; // next coordinates, row-major
  }
  const src = x.contiguous().data;
  const out = B.alloc(x.dtype, offsets.length, false);
  for (let e = 0; e < offsets.length; e++) out[e] = src[offsets[e]];
  return record(new Tensor(out, index.shape, x.dtype), 'GatherBackward0', [x], (g) => {
    const gsrc = g.contiguous().data;
    const gx = B.alloc(g.dtype, x.numel(), true);
    for (let e = 0; e < offsets.length; e++) gx[offsets[e]] += gsrc[e];
    return [new Tensor(gx, x.shape, g.dtype)];
  });
}

/** F.one_hot(tensor, num_classes = -1): int64 [..., num_classes] with a 1 at each value; -1 infers max + 1. */
export function one_hot(tensor: Tensor, num_classes: number | { num_classes?: number } = -1): Tensor {
  checkArgs('one_hot', arguments, 2, ['num_classes']);
  const op = 'one_hot';
  const t = checkTensor(op, tensor, 'tensor');
  if (t.dtype !== 'int64') throw new TypeError(`${op}(): one_hot is only applicable to index tensor (int64), but got ${t.dtype}`);
  const classes = typeof num_classes === 'object' && num_classes !== null ? (num_classes.num_classes ?? -1) : num_classes;
  if (!Number.isInteger(classes) || classes < -1) throw new RangeError(`${op}(): num_classes should be a non-negative integer or -1, got ${String(classes)}`);
  const values = t.contiguous().data;
  let count = classes;
  if (count === -1) {
    if (values.length === 0) throw new RangeError(`${op}(): Can not infer total number of classes from empty tensor.`);
    count = 0;
    for (const v of values) count = Math.max(count, v + 1);
  }
  for (const v of values) {
    if (v < 0) throw new RangeError(`${op}(): Class values must be non-negative.`);
    if (v >= count) throw new RangeError(`${op}(): Class values must be smaller than num_classes.`);
  }
  const out = B.alloc('int64', values.length * count, true);
  for (let i = 0; i < values.length; i++) out[i * count + values[i]] = 1;
  return new Tensor(out, [...t.shape, count], 'int64');
}
