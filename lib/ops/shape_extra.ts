// PyTorch's remaining shape functions (broadcast_to ... slice_scatter) and factories (logspace, windows, vander,
// range, as_tensor, ...). Composed from existing differentiable ops, so autograd and both backends come for free;
// the views (broadcast_to, movedim, unflatten, tensor_split's pieces, meshgrid's outputs) stay views, as in PyTorch.
import { getDefaultDtype, isFloating, parseDType, promoteTypes, type DType } from '../dtype';
import { fmtShape, normalizeDim, numelOf } from '../shape';
import { no_grad, record } from '../autograd';
import { Tensor, checkTensor, fromValues, typeName } from '../tensor';
import { checkArgs, checkDevice, checkKeywords, isOptions, resolveArgs } from '../args';
import { warnOnce } from '../utils/warnings';
import { cast, cat, clone, contiguous, expand, fill_, narrow, permute, reshape, select, slice, stack, transpose, unsqueeze, copy_ } from './shape';
import { flip } from './arrange';
import { diagonal } from './linalg_extra';
import { index_select } from './indexing';
import { mul, TORCH_NAME } from './elementwise';
import { arange, ones, randint, tensor, zeros, type TensorOptions } from './creation';

const long = (values: readonly number[]) => fromValues(values, [values.length], 'int64');

/** Varargs tensors or one array of them (PyTorch's `*tensors`), each checked. */
function tensorList(op: string, args: readonly unknown[]): Tensor[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return list.map((t, i) => checkTensor(op, t, `tensors[${i}]`, 1));
}

/** A sequence-of-tensors argument (hstack(tensors)): an array, refused otherwise with PyTorch's message. */
function sequence(op: string, tensors: unknown): Tensor[] {
  if (!Array.isArray(tensors)) throw new TypeError(`${op}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(tensors)}`);
  if (tensors.length === 0) throw new RangeError(`${op} expects a non-empty TensorList`);
  return tensors.map((t, i) => checkTensor(op, t, `tensors[${i}]`, 1));
}

// ---- broadcasting ----

/** torch.broadcast_to(input, size): input expanded to size (a view; -1 keeps a size). */
export function broadcast_to(input: Tensor, size: readonly number[]): Tensor {
  checkArgs('broadcast_to', arguments, 2);
  const x = checkTensor('broadcast_to', input);
  if (!Array.isArray(size)) throw new TypeError(`broadcast_to(): argument 'size' (position 2) must be tuple of ints, not ${typeName(size)}`);
  const lead = size.length - x.dim();
  x.shape.forEach((s, i) => {
    const want = size[i + lead];
    if (lead >= 0 && want !== -1 && s !== 1 && s !== want) {
      throw new RangeError(`broadcast_to(): The expanded size of the tensor (${want}) must match the existing size (${s}) at non-singleton dimension ${i + lead}.  Target sizes: ${fmtShape(size)}.  Tensor sizes: ${fmtShape(x.shape)}`);
    }
  });
  return expand(x, size);
}

/** torch.broadcast_shapes(*shapes): the shape tensors of these shapes broadcast to (ints count as 1-D shapes). */
export function broadcast_shapes(...shapes: (number | readonly number[])[]): number[] {
  const lists = shapes.map((s, i) => {
    if (typeof s === 'number') return [s];
    if (!Array.isArray(s) || s.some((v) => !Number.isInteger(v))) throw new TypeError(`broadcast_shapes(): shape ${i} must be an int or a list of ints, not ${typeName(s)}`);
    return s as number[];
  });
  const rank = Math.max(0, ...lists.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of lists) {
    for (let i = 1; i <= s.length; i++) {
      const v = s[s.length - i];
      if (v === 1 || v === out[rank - i]) continue;
      if (out[rank - i] !== 1) throw new RangeError('broadcast_shapes(): Shape mismatch: objects cannot be broadcast to a single shape');
      out[rank - i] = v;
    }
  }
  return out;
}

/** torch.broadcast_tensors(*tensors): each expanded to their common shape (views). */
export function broadcast_tensors(...tensors: (Tensor | readonly Tensor[])[]): Tensor[] {
  const list = tensorList('broadcast_tensors', tensors);
  let shape: readonly number[] = [];
  for (const t of list) {
    const rank = Math.max(shape.length, t.dim());
    const next: number[] = [];
    for (let i = 0; i < rank; i++) {
      const a = shape[shape.length - rank + i] ?? 1;
      const b = t.shape[t.dim() - rank + i] ?? 1;
      if (a !== b && a !== 1 && b !== 1) {
        throw new RangeError(`broadcast_tensors(): The size of tensor a (${a}) must match the size of tensor b (${b}) at non-singleton dimension ${i}`);
      }
      next.push(a === 1 ? b : a);
    }
    shape = next;
  }
  return list.map((t) => expand(t, shape));
}

export type MeshgridOptions = { indexing?: 'ij' | 'xy' };
/**
 * torch.meshgrid(*tensors, { indexing }): grids (views) of 0-D/1-D tensors; 'ij' indexes by the tensors' order,
 * 'xy' swaps the first two dims. Omitting indexing means 'ij' with PyTorch 1.13's warning.
 */
export function meshgrid(...args: (Tensor | readonly Tensor[] | MeshgridOptions)[]): Tensor[] {
  const last = args[args.length - 1];
  // a lone object is options only if it holds keyword arguments of meshgrid (otherwise it is a wrong tensor)
  const keywordsOnly = isOptions(last) && (args.length > 1 || Object.keys(last).every((k) => k === 'indexing'));
  const options = keywordsOnly ? (args.pop() as MeshgridOptions) : {};
  for (const key of Object.keys(options)) if (key !== 'indexing') throw new TypeError(`meshgrid() got an unexpected keyword argument '${key}'`);
  const list = tensorList('meshgrid', args as (Tensor | readonly Tensor[])[]);
  if (options.indexing === undefined) warnOnce('torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.');
  const indexing = options.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy') throw new RangeError(`meshgrid(): torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${String(indexing)}`);
  if (list.length === 0) throw new TypeError('meshgrid(): meshgrid expects a non-empty TensorList');
  list.forEach((t) => {
    if (t.dim() > 1) throw new RangeError(`meshgrid(): Expected 0D or 1D tensor in the tensor list but got: ${fmtShape(t.shape)}`);
    if (t.dtype !== list[0].dtype) throw new TypeError('meshgrid expects all tensors to have the same dtype');
  });
  const swap = indexing === 'xy' && list.length >= 2;
  const order = swap ? [list[1], list[0], ...list.slice(2)] : list;
  const shape = order.map((t) => t.numel());
  const grids = order.map((t, i) => expand(reshape(t, shape.map((_, k) => (k === i ? -1 : 1))), shape));
  return swap ? [grids[1], grids[0], ...grids.slice(2)] : grids;
}

// ---- at least n-D and stacking ----

function atleast(op: string, rank: 1 | 2 | 3, args: readonly unknown[]): Tensor | Tensor[] {
  const one = args.length === 1 && args[0] instanceof Tensor;
  if (args.length === 1 && !Array.isArray(args[0]) && !one) throw new TypeError(`${op}(): argument 'input' (position 1) must be Tensor, not ${typeName(args[0])}`);
  const raise = (t: Tensor): Tensor => {
    if (t.dim() >= rank) return t;
    if (t.dim() === 0) return reshape(t, new Array<number>(rank).fill(1));
    if (rank === 2) return unsqueeze(t, 0);
    return t.dim() === 1 ? unsqueeze(unsqueeze(t, 0), 2) : unsqueeze(t, 2);
  };
  const list = tensorList(op, args);
  return one ? raise(list[0]) : list.map(raise);
}

/** torch.atleast_1d(input) or (*tensors): 0-D tensors as 1-D (views); several in, several out. */
export function atleast_1d(...tensors: (Tensor | readonly Tensor[])[]): Tensor | Tensor[] {
  return atleast('atleast_1d', 1, tensors);
}
/** torch.atleast_2d: 0-D as [1, 1], 1-D [n] as [1, n]. */
export function atleast_2d(...tensors: (Tensor | readonly Tensor[])[]): Tensor | Tensor[] {
  return atleast('atleast_2d', 2, tensors);
}
/** torch.atleast_3d: 0-D as [1, 1, 1], [n] as [1, n, 1], [m, n] as [m, n, 1]. */
export function atleast_3d(...tensors: (Tensor | readonly Tensor[])[]): Tensor | Tensor[] {
  return atleast('atleast_3d', 3, tensors);
}

/** torch.hstack(tensors): concatenated along dim 1 (dim 0 for 1-D tensors). */
export function hstack(tensors: readonly Tensor[]): Tensor {
  checkArgs('hstack', arguments, 1);
  const list = atleast('hstack', 1, [sequence('hstack', tensors)]) as Tensor[];
  return cat(list, list[0].dim() === 1 ? 0 : 1);
}

/** torch.vstack(tensors) (row_stack): the tensors as at least 2-D, concatenated along dim 0. */
export function vstack(tensors: readonly Tensor[]): Tensor {
  checkArgs('vstack', arguments, 1);
  return cat(atleast('vstack', 2, [sequence('vstack', tensors)]) as Tensor[], 0);
}

export function row_stack(tensors: readonly Tensor[]): Tensor {
  checkArgs('row_stack', arguments, 1);
  return cat(atleast('row_stack', 2, [sequence('row_stack', tensors)]) as Tensor[], 0);
}

/** torch.dstack(tensors): the tensors as at least 3-D, concatenated along dim 2. */
export function dstack(tensors: readonly Tensor[]): Tensor {
  checkArgs('dstack', arguments, 1);
  return cat(atleast('dstack', 3, [sequence('dstack', tensors)]) as Tensor[], 2);
}

/** torch.column_stack(tensors): 0-D and 1-D tensors as columns [n, 1], then concatenated along dim 1. */
export function column_stack(tensors: readonly Tensor[]): Tensor {
  checkArgs('column_stack', arguments, 1);
  const list = sequence('column_stack', tensors).map((t) => (t.dim() <= 1 ? reshape(t, [t.numel(), 1]) : t));
  return cat(list, 1);
}

// ---- splitting ----

export type TensorSplitOptions = { dim?: number };
/**
 * torch.tensor_split(input, indices_or_sections, dim = 0): views of input split into n near-equal sections (the
 * first size % n one longer), or at the given indices (Python slice bounds: clamped, negative from the end).
 */
export function tensor_split(input: Tensor, indices_or_sections: number | readonly number[] | Tensor, dim?: number | TensorSplitOptions): Tensor[] {
  const a = resolveArgs<TensorSplitOptions>('tensor_split', ['dim'], { dim: 0 }, arguments, 2);
  return splitAt('tensor_split', checkTensor('tensor_split', input), indices_or_sections, a.dim ?? 0);
}

function splitAt(op: string, x: Tensor, spec: number | readonly number[] | Tensor, dim: number): Tensor[] {
  if (x.dim() === 0) throw new RangeError(`${op}(): tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims`);
  const d = normalizeDim(op, dim, x.dim());
  if (spec instanceof Tensor) {
    if (spec.dtype !== 'int64') throw new TypeError(`${op}(): tensor_split expected tensor_indices_or_sections to have dtype of long, but got ${TORCH_NAME[spec.dtype]}`);
    if (spec.dim() > 1) throw new RangeError(`${op}(): tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got a tensor with ${spec.dim()} dims`);
    spec = spec.dim() === 0 ? (spec.item() as number) : (spec.tolist() as number[]);
  }
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec)) throw new TypeError(`${op}(): argument 'sections' must be int, not ${typeName(spec)}`);
    if (spec <= 0) throw new RangeError(`${op}(): number of sections must be larger than 0, got ${spec}`);
    const size = x.shape[d];
    const base = Math.floor(size / spec);
    const extra = size % spec;
    let start = 0;
    return Array.from({ length: spec }, (_, i) => {
      const len = base + (i < extra ? 1 : 0);
      start += len;
      return slice(x, d, start - len, start);
    });
  }
  if (!Array.isArray(spec) || spec.some((v) => !Number.isInteger(v))) throw new TypeError(`${op}(): argument 'indices' must be tuple of ints, not ${typeName(spec)}`);
  const bounds: (number | null)[] = [0, ...spec, null];
  return bounds.slice(1).map((end, i) => slice(x, d, bounds[i], end));
}

function splitDim(op: 'hsplit' | 'vsplit' | 'dsplit', x: Tensor, spec: number | readonly number[], dim: number, minRank: number): Tensor[] {
  if (x.dim() < minRank) throw new RangeError(`${op}(): torch.${op} requires a tensor with at least ${minRank} dimension, but got a tensor with ${x.dim()} dimensions!`);
  if (typeof spec === 'number' && (spec === 0 || x.shape[dim] % spec !== 0)) {
    throw new RangeError(`${op}(): torch.${op} attempted to split along dimension ${dim}, but the size of the dimension ${x.shape[dim]} is not divisible by the split_size ${spec}!`);
  }
  return splitAt(op, x, spec, dim);
}

/** torch.hsplit(input, sections or indices): tensor_split along dim 1 (dim 0 for 1-D); sections must divide evenly. */
export function hsplit(input: Tensor, indices_or_sections: number | readonly number[]): Tensor[] {
  checkArgs('hsplit', arguments, 2);
  const x = checkTensor('hsplit', input);
  return splitDim('hsplit', x, indices_or_sections, x.dim() === 1 ? 0 : 1, 1);
}
/** torch.vsplit(input, sections or indices): along dim 0 of a tensor of at least 2 dims. */
export function vsplit(input: Tensor, indices_or_sections: number | readonly number[]): Tensor[] {
  checkArgs('vsplit', arguments, 2);
  return splitDim('vsplit', checkTensor('vsplit', input), indices_or_sections, 0, 2);
}
/** torch.dsplit(input, sections or indices): along dim 2 of a tensor of at least 3 dims. */
export function dsplit(input: Tensor, indices_or_sections: number | readonly number[]): Tensor[] {
  checkArgs('dsplit', arguments, 2);
  return splitDim('dsplit', checkTensor('dsplit', input), indices_or_sections, 2, 3);
}

// ---- rotating, flipping, moving dims ----

export type Rot90Options = { k?: number; dims?: readonly number[] };
/** torch.rot90(input, k = 1, dims = [0, 1]): rotated k quarter turns from dims[0] toward dims[1]. */
export function rot90(input: Tensor, k?: number | Rot90Options, dims?: readonly number[] | Rot90Options): Tensor {
  const a = resolveArgs<Required<Rot90Options>>('rot90', ['k', 'dims'], { k: 1, dims: [0, 1] }, arguments, 1);
  const x = checkTensor('rot90', input);
  if (!Number.isInteger(a.k)) throw new TypeError(`rot90(): argument 'k' (position 2) must be int, not ${typeName(a.k)}`);
  if (a.dims.length !== 2) throw new RangeError(`rot90(): expected total rotation dims == 2, but got dims = ${a.dims.length}`);
  if (x.dim() < 2) throw new RangeError(`rot90(): expected total dims >= 2, but got total dims = ${x.dim()}`);
  const [d0, d1] = a.dims.map((d) => normalizeDim('rot90', d, x.dim()));
  if (d0 === d1) throw new RangeError(`rot90(): expected rotation dims to be different, but got dim0 = ${d0} and dim1 = ${d1}`);
  switch (((a.k % 4) + 4) % 4) {
    case 1:
      return transpose(flip(x, d1), d0, d1);
    case 2:
      return flip(x, [d0, d1]);
    case 3:
      return transpose(flip(x, d0), d0, d1);
    default:
      return clone(x);
  }
}

/** torch.fliplr(input): columns (dim 1) reversed; at least 2-D. */
export function fliplr(input: Tensor): Tensor {
  checkArgs('fliplr', arguments, 1);
  const x = checkTensor('fliplr', input);
  if (x.dim() < 2) throw new RangeError('fliplr(): Input must be >= 2-d.');
  return flip(x, 1);
}

/** torch.flipud(input): rows (dim 0) reversed; at least 1-D. */
export function flipud(input: Tensor): Tensor {
  checkArgs('flipud', arguments, 1);
  const x = checkTensor('flipud', input);
  if (x.dim() < 1) throw new RangeError('flipud(): Input must be >= 1-d.');
  return flip(x, 0);
}

/** torch.movedim(input, source, destination) (moveaxis): dims moved to new positions, the others in order (a view). */
export function movedim(input: Tensor, source: number | readonly number[], destination: number | readonly number[], op = 'movedim'): Tensor {
  const x = checkTensor(op, input);
  const src = (Array.isArray(source) ? source : [source]).map((d) => normalizeDim(op, d, x.dim()));
  const dst = (Array.isArray(destination) ? destination : [destination]).map((d) => normalizeDim(op, d, x.dim()));
  if (src.length !== dst.length) {
    throw new RangeError(`${op}(): movedim: Invalid source or destination dims: source (${fmtShape(src)} dims) should contain the same number of dims as destination (${fmtShape(dst)} dims)`);
  }
  if (new Set(src).size !== src.length) throw new RangeError(`${op}(): movedim: repeated dim in \`source\` (${fmtShape(Array.isArray(source) ? source : [source])})`);
  if (new Set(dst).size !== dst.length) throw new RangeError(`${op}(): movedim: repeated dim in \`destination\` (${fmtShape(Array.isArray(destination) ? destination : [destination])})`);
  const perm = new Array<number>(x.dim()).fill(-1);
  src.forEach((s, i) => (perm[dst[i]] = s));
  const rest = x.shape.map((_, i) => i).filter((i) => !src.includes(i));
  for (let i = 0, r = 0; i < perm.length; i++) if (perm[i] === -1) perm[i] = rest[r++];
  return x.dim() === 0 ? x : permute(x, perm);
}

export function moveaxis(input: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  checkArgs('moveaxis', arguments, 3);
  return movedim(input, source, destination, 'moveaxis');
}

/** torch.swapaxes(input, axis0, axis1) (swapdims): transpose, as a view. */
export function swapaxes(input: Tensor, axis0: number, axis1: number): Tensor {
  checkArgs('swapaxes', arguments, 3);
  checkTensor('swapaxes', input);
  return transpose(input, axis0, axis1);
}
export function swapdims(input: Tensor, dim0: number, dim1: number): Tensor {
  checkArgs('swapdims', arguments, 3);
  checkTensor('swapdims', input);
  return transpose(input, dim0, dim1);
}

// ---- repeating, reshaping ----

export type RepeatInterleaveOptions = { repeats?: number | Tensor; dim?: number | null; output_size?: number | null };
/**
 * torch.repeat_interleave(input, repeats, dim = None, { output_size }): each element (slice along dim, or of the
 * flattened input) repeated repeats[i] times; repeat_interleave(repeats) alone gives the index of each repeat.
 */
export function repeat_interleave(input: Tensor, repeats?: number | Tensor | RepeatInterleaveOptions, dim?: number | null | RepeatInterleaveOptions, options?: RepeatInterleaveOptions): Tensor {
  const op = 'repeat_interleave';
  const a = resolveArgs<RepeatInterleaveOptions>(op, ['repeats', 'dim', 'output_size'], { dim: null, output_size: null }, arguments, 1);
  const x = checkTensor(op, input);
  if (a.repeats === undefined) return repeat_interleave(arange(x.numel()), x, 0, { output_size: a.output_size });
  let counts: number[];
  const source = a.dim == null ? reshape(x, [-1]) : x;
  const d = a.dim == null ? 0 : normalizeDim(op, a.dim, x.dim());
  const size = source.dim() === 0 ? 1 : source.shape[d];
  if (a.repeats instanceof Tensor) {
    if (a.repeats.dtype !== 'int64' && a.repeats.dtype !== 'int32') throw new TypeError(`${op}(): "repeat_interleave_cpu" not implemented for '${TORCH_NAME[a.repeats.dtype]}'`);
    if (a.repeats.dim() > 1) throw new RangeError(`${op}(): repeats must be 0-dim or 1-dim tensor`);
    counts = a.repeats.dim() === 0 || a.repeats.numel() === 1 ? new Array(size).fill(a.repeats.reshape(-1).item()) : (a.repeats.tolist() as number[]);
  } else if (typeof a.repeats === 'number' && Number.isInteger(a.repeats)) {
    counts = new Array(size).fill(a.repeats);
  } else throw new TypeError(`${op}(): argument 'repeats' (position 2) must be Tensor or int, not ${typeName(a.repeats)}`);
  if (counts.length !== size) throw new RangeError(`${op}(): repeats must have the same size as input along dim`);
  if (counts.some((c) => c < 0)) throw new RangeError(`${op}(): repeats can not be negative`);
  const index = counts.flatMap((c, i) => new Array<number>(c).fill(i));
  if (a.output_size != null && a.output_size !== index.length) throw new RangeError(`${op}(): allocated size does not match required size`);
  return index_select(source, d, long(index));
}

/** torch.unflatten(input, dim, sizes): dim split into sizes (one may be -1), always a view. */
export function unflatten(input: Tensor, dim: number | { dim?: number; sizes?: readonly number[] }, sizes?: readonly number[] | { sizes?: readonly number[] }): Tensor {
  const a = resolveArgs<{ dim?: number; sizes?: readonly number[] }>('unflatten', ['dim', 'sizes'], {}, arguments, 1);
  const x = checkTensor('unflatten', input);
  const d = normalizeDim('unflatten', a.dim, x.dim());
  if (!Array.isArray(a.sizes) || a.sizes.some((s) => !Number.isInteger(s))) throw new TypeError(`unflatten(): argument 'sizes' (position 3) must be tuple of ints, not ${typeName(a.sizes)}`);
  const want = [...a.sizes];
  if (want.length === 0) throw new RangeError('unflatten(): unflatten: sizes must be non-empty');
  const size = x.shape[d];
  const infer = want.indexOf(-1);
  const known = numelOf(want.filter((s) => s !== -1));
  const inferable = want.lastIndexOf(-1) === infer && known > 0 && size % known === 0;
  if (infer >= 0 && inferable) want[infer] = size / known;
  if ((infer >= 0 && !inferable) || numelOf(want) !== size || want.some((s) => s < 0)) {
    throw new RangeError(`unflatten(): unflatten: Provided sizes ${fmtShape(a.sizes)} don't multiply up to the size of dim ${d} (${size}) in the input tensor`);
  }
  // splitting one dim is a view whatever the strides: the new dims step through the old one's stride
  const strides = want.map((_, i) => x._strides[d] * numelOf(want.slice(i + 1)));
  const out = new Tensor(x._storage, [...x.shape.slice(0, d), ...want, ...x.shape.slice(d + 1)], x.dtype, [...x._strides.slice(0, d), ...strides, ...x._strides.slice(d + 1)], x._offset);
  return record(out, 'ViewBackward0', [x], (g) => [reshape(g, x.shape)]);
}

/** torch.ravel(input): the elements in a 1-D tensor (a view when input is contiguous). */
export function ravel(input: Tensor): Tensor {
  checkArgs('ravel', arguments, 1);
  return reshape(checkTensor('ravel', input), [-1]);
}

/** torch.block_diag(*tensors): the tensors (0-D, 1-D as a row, 2-D) along the diagonal of a zero matrix. */
export function block_diag(...tensors: (Tensor | readonly Tensor[])[]): Tensor {
  const list = tensorList('block_diag', tensors).map((t, i) => {
    if (t.dim() > 2) throw new RangeError(`block_diag(): torch.block_diag: Input tensors must have 2 or fewer dimensions. Input ${i} has ${t.dim()} dimensions`);
    return t.dim() === 2 ? t : reshape(t, [1, t.numel()]);
  });
  if (list.length === 0) return zeros([1, 0]);
  const dtype = list.reduce<DType>((acc, t) => promoteTypes(acc, t.dtype), list[0].dtype);
  const width = list.reduce((n, t) => n + t.shape[1], 0);
  let left = 0;
  const rows = list.map((t) => {
    const r = t.shape[0];
    const row = cat([zeros([r, left], { dtype }), cast(t, dtype), zeros([r, width - left - t.shape[1]], { dtype })], 1);
    left += t.shape[1];
    return row;
  });
  return cat(rows, 0);
}

/** torch.cartesian_prod(*tensors): every combination of one element of each 1-D tensor, as rows. */
export function cartesian_prod(...tensors: (Tensor | readonly Tensor[])[]): Tensor {
  const list = tensorList('cartesian_prod', tensors);
  if (list.length === 0) throw new TypeError('cartesian_prod(): meshgrid expects a non-empty TensorList');
  list.forEach((t) => {
    if (t.dim() !== 1) throw new RangeError(`cartesian_prod(): Expect a 1D vector, but got shape ${fmtShape(t.shape)}`);
  });
  if (list.length === 1) return list[0];
  const grids = meshgrid(...list, { indexing: 'ij' });
  return stack(grids.map((g) => reshape(g, [-1])), 1);
}

export type CombinationsOptions = { r?: number; with_replacement?: boolean };
/** torch.combinations(input, r = 2, with_replacement = false): itertools.combinations of a 1-D tensor, as rows. */
export function combinations(input: Tensor, r?: number | CombinationsOptions, with_replacement?: boolean | CombinationsOptions): Tensor {
  const a = resolveArgs<Required<CombinationsOptions>>('combinations', ['r', 'with_replacement'], { r: 2, with_replacement: false }, arguments, 1);
  const x = checkTensor('combinations', input);
  if (x.dim() !== 1) throw new RangeError(`combinations(): Expect a 1D vector, but got shape ${fmtShape(x.shape)}`);
  if (!Number.isInteger(a.r)) throw new TypeError(`combinations(): argument 'r' (position 2) must be int, not ${typeName(a.r)}`);
  if (a.r < 0) throw new RangeError(`combinations(): Expect a non-negative number, but got ${a.r}`);
  if (a.r === 0) return zeros([0], { dtype: x.dtype });
  const n = x.shape[0];
  const rows: number[][] = [];
  const pick = (prefix: number[], from: number): void => {
    if (prefix.length === a.r) {
      rows.push(prefix);
      return;
    }
    for (let i = from; i < n; i++) pick([...prefix, i], a.with_replacement ? i : i + 1);
  };
  pick([], 0);
  if (rows.length === 0) return zeros([0, a.r], { dtype: x.dtype });
  return stack(Array.from({ length: a.r }, (_, k) => index_select(x, 0, long(rows.map((row) => row[k])))), 1);
}

// ---- copies and scatters ----

/** torch.narrow_copy(input, dim, start, length): narrow, as a tensor of its own. */
export function narrow_copy(input: Tensor, dim: number, start: number, length: number): Tensor {
  checkArgs('narrow_copy', arguments, 4);
  return clone(narrow(checkTensor('narrow_copy', input), dim, start, length));
}

/**
 * input with src written into `region` of a copy of it: the gradient reaches input outside the region and src
 * through the region, as PyTorch's *_scatter ops' backward.
 */
function scatterInto(op: string, name: string, input: Tensor, src: Tensor, region: (t: Tensor) => Tensor): Tensor {
  const target = region(input);
  if (target.shape.join() !== src.shape.join()) {
    throw new RangeError(`${op}(): expected src to have a size equal to the slice of self. src size = ${fmtShape(src.shape)}, slice size = ${fmtShape(target.shape)}`);
  }
  const out = no_grad(() => {
    const copy = clone(input);
    copy_(region(copy), src, op);
    return copy;
  });
  return record(out, name, [input, src], (g) => {
    const rest = no_grad(() => clone(g));
    no_grad(() => fill_(region(rest), 0));
    const part = contiguous(region(g));
    return [rest, isFloating(src.dtype) ? cast(part, src.dtype) : null];
  });
}

/** torch.select_scatter(input, src, dim, index): input with src as its slice select(dim, index). */
export function select_scatter(input: Tensor, src: Tensor, dim: number, index: number): Tensor {
  checkArgs('select_scatter', arguments, 4);
  const x = checkTensor('select_scatter', input);
  checkTensor('select_scatter', src, 'src', 2);
  return scatterInto('select_scatter', 'SelectScatterBackward0', x, src, (t) => select(t, dim, index));
}

export type SliceScatterOptions = { dim?: number; start?: number | null; end?: number | null; step?: number };
/** torch.slice_scatter(input, src, dim = 0, start = None, end = None, step = 1): input with src as its slice. */
export function slice_scatter(input: Tensor, src: Tensor, dim?: number | SliceScatterOptions, start?: number | null | SliceScatterOptions, end?: number | null | SliceScatterOptions, step?: number | SliceScatterOptions): Tensor {
  const a = resolveArgs<SliceScatterOptions>('slice_scatter', ['dim', 'start', 'end', 'step'], { dim: 0, start: null, end: null, step: 1 }, arguments, 2);
  const x = checkTensor('slice_scatter', input);
  checkTensor('slice_scatter', src, 'src', 2);
  return scatterInto('slice_scatter', 'SliceScatterBackward0', x, src, (t) => slice(t, a.dim ?? 0, a.start, a.end, a.step ?? 1));
}

export type DiagonalScatterOptions = { offset?: number; dim1?: number; dim2?: number };
/** torch.diagonal_scatter(input, src, offset = 0, dim1 = 0, dim2 = 1): input with src as that diagonal. */
export function diagonal_scatter(input: Tensor, src: Tensor, offset?: number | DiagonalScatterOptions, dim1?: number | DiagonalScatterOptions, dim2?: number | DiagonalScatterOptions): Tensor {
  const a = resolveArgs<Required<DiagonalScatterOptions>>('diagonal_scatter', ['offset', 'dim1', 'dim2'], { offset: 0, dim1: 0, dim2: 1 }, arguments, 2);
  const x = checkTensor('diagonal_scatter', input);
  checkTensor('diagonal_scatter', src, 'src', 2);
  return scatterInto('diagonal_scatter', 'DiagonalScatterBackward0', x, src, (t) => diagonal(t, a.offset, a.dim1, a.dim2));
}

// ---- factories ----

function checkFloatDtype(op: string, options: TensorOptions | undefined): DType {
  const dtype = options?.dtype === undefined ? getDefaultDtype() : parseDType(options.dtype, op);
  if (!isFloating(dtype)) throw new TypeError(`${op}(): ${op} expects floating point dtypes, got: ${dtype}`);
  return dtype;
}

function finish(t: Tensor, options: TensorOptions | undefined): Tensor {
  if (options?.requires_grad) t.requires_grad_(true);
  return t;
}

export type LogspaceOptions = TensorOptions & { base?: number };
/** torch.logspace(start, end, steps, base = 10): base ** linspace(start, end, steps), as PyTorch computes it. */
export function logspace(start: number, end: number, steps: number, base?: number | LogspaceOptions, options?: LogspaceOptions): Tensor {
  if (isOptions(base)) [base, options] = [undefined, base as LogspaceOptions];
  checkKeywords('logspace', options, ['base', 'dtype', 'requires_grad', 'device']);
  checkDevice('logspace', options?.device);
  const b = (base as number | undefined) ?? options?.base ?? 10;
  for (const [name, v] of [['start', start], ['end', end], ['base', b]] as const) {
    if (typeof v !== 'number') throw new TypeError(`logspace(): argument '${name}' must be Number, not ${typeName(v)}`);
  }
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`logspace(): number of steps must be non-negative`);
  const { base: _b, ...rest } = options ?? {};
  const dtype = rest.dtype === undefined ? getDefaultDtype() : parseDType(rest.dtype, 'logspace');
  // As PyTorch: start and end in the output's dtype, the step and the exponents in double, pow(base, start + step * i)
  // for the first half and pow(base, end - step * (steps - 1 - i)) for the rest (so the last is base^end)
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  const [s0, e0] = [r(start), r(end)];
  const step = steps > 1 ? r(e0 - s0) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  const values = Array.from({ length: steps }, (_, i) => Math.pow(b, steps === 1 ? start : i < half ? s0 + step * i : e0 - step * (steps - 1 - i)));
  return finish(fromValues(values, [steps], dtype), rest);
}

export type RandintLikeOptions = TensorOptions & { low?: number; high?: number };
/** torch.randint_like(input, high) or (input, low, high): integers uniform on [low, high) in input's shape and dtype. */
export function randint_like(input: Tensor, low?: number | RandintLikeOptions, high?: number | RandintLikeOptions, options?: RandintLikeOptions): Tensor {
  const x = checkTensor('randint_like', input);
  const given = [low, high, options].filter((v) => v !== undefined);
  const opts = (isOptions(given[given.length - 1]) ? given.pop() : {}) as RandintLikeOptions;
  checkKeywords('randint_like', opts, ['low', 'high', 'dtype', 'requires_grad', 'device']);
  if (given.length > 2) throw new TypeError(`randint_like() takes from 2 to 3 positional arguments but ${given.length + 1} were given`);
  const { low: lowKw, high: highKw, ...tensorOptions } = opts;
  // one positional number is `high` unless high is given by keyword, as in Python's randint_like(x, high) / (x, low, high=)
  const [lo, hi] = given.length === 2 ? given : given.length === 1 ? (highKw === undefined ? [0, given[0]] : [given[0], highKw]) : [lowKw ?? 0, highKw];
  if (hi === undefined) throw new TypeError("randint_like() missing 1 required positional argument: 'high'");
  return randint(lo as number, hi as number, [...x.shape], { dtype: x.dtype, ...tensorOptions });
}

/** torch.vander(x, N = len(x), increasing = false): columns x^(N-1) ... x^0 (or increasing), by repeated products. */
export function vander(x: Tensor, N?: number | null | { N?: number | null; increasing?: boolean }, increasing?: boolean | { increasing?: boolean }): Tensor {
  const a = resolveArgs<{ N?: number | null; increasing?: boolean }>('vander', ['N', 'increasing'], { N: null, increasing: false }, arguments, 1);
  const v = checkTensor('vander', x, 'x');
  if (v.dim() !== 1) throw new RangeError('vander(): x must be a one-dimensional tensor.');
  const n = a.N ?? v.shape[0];
  if (!Number.isInteger(n) || n < 0) throw new RangeError('vander(): N must be non-negative.');
  const base = isFloating(v.dtype) ? v : cast(v, 'int64');
  const columns: Tensor[] = [];
  if (n > 0) columns.push(ones([v.shape[0]], { dtype: base.dtype }));
  for (let k = 1; k < n; k++) columns.push(mul(columns[k - 1], base));
  if (n === 0) return zeros([v.shape[0], 0], { dtype: base.dtype });
  return stack(a.increasing ? columns : columns.reverse(), 1);
}

export type WindowOptions = TensorOptions & { periodic?: boolean };
type WindowArgs = (number | boolean | WindowOptions | undefined)[];

/**
 * The window functions' arguments: (window_length, periodic = true, ...params, { dtype, requires_grad }); values
 * computed by `f(i, n)` for i < n where n is the symmetric length (one more when periodic, the last dropped).
 */
function windowOf(op: string, args: WindowArgs, params: string[], defaults: number[], f: (i: number, n: number, p: number[], r: (v: number) => number) => number): Tensor {
  const options = (args.length && isOptions(args[args.length - 1]) ? args.pop() : {}) as WindowOptions & Record<string, unknown>;
  checkKeywords(op, options, ['periodic', ...params, 'dtype', 'requires_grad', 'device']);
  checkDevice(op, options.device);
  const [length, periodicArg, ...rest] = args;
  if (typeof length !== 'number' || !Number.isInteger(length)) throw new TypeError(`${op}(): argument 'window_length' (position 1) must be int, not ${typeName(length)}`);
  if (length < 0) throw new RangeError(`${op}(): ${op} requires non-negative window_length, got window_length=${length}`);
  const periodic = (periodicArg as boolean | undefined) ?? (options.periodic as boolean | undefined) ?? true;
  const p = params.map((name, i) => (rest[i] as number | undefined) ?? (options[name] as number | undefined) ?? defaults[i]);
  const { periodic: _p, ...tensorOptions } = options;
  for (const name of params) delete (tensorOptions as Record<string, unknown>)[name];
  const dtype = checkFloatDtype(op, tensorOptions);
  if (length <= 1) return finish(ones([length], { dtype }), tensorOptions);
  const n = periodic ? length + 1 : length;
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  return finish(fromValues(Array.from({ length }, (_, i) => r(f(i, n, p, r))), [length], dtype), tensorOptions);
}

/** torch.hamming_window(window_length, periodic = true, alpha = 0.54, beta = 0.46). */
export function hamming_window(...args: WindowArgs): Tensor {
  return windowOf('hamming_window', args, ['alpha', 'beta'], [0.54, 0.46], (i, n, [alpha, beta], r) => r(r(-r(beta) * r(Math.cos(r(i * r((Math.PI * 2) / (n - 1)))))) + r(alpha)));
}

/** torch.hann_window(window_length, periodic = true): the Hamming window with alpha = beta = 0.5. */
export function hann_window(...args: WindowArgs): Tensor {
  return windowOf('hann_window', args, [], [], (i, n, _p, r) => r(r(-0.5 * r(Math.cos(r(i * r((Math.PI * 2) / (n - 1)))))) + 0.5));
}

/** torch.blackman_window(window_length, periodic = true). */
export function blackman_window(...args: WindowArgs): Tensor {
  return windowOf('blackman_window', args, [], [], (i, n, _p, r) => {
    const w = r(i * r(Math.PI / (n - 1)));
    return r(r(r(r(Math.cos(r(w * 4))) * r(0.08)) - r(r(Math.cos(r(w * 2))) * 0.5)) + r(0.42));
  });
}

/** torch.bartlett_window(window_length, periodic = true): a triangle. */
export function bartlett_window(...args: WindowArgs): Tensor {
  return windowOf('bartlett_window', args, [], [], (i, n, _p, r) => {
    const w = r(i * r(2 / (n - 1)));
    return i < ((n - 1) >> 1) + 1 ? w : r(2 - w);
  });
}

/** The modified Bessel function of the first kind, order 0 (Abramowitz-Stegun series, in double). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** torch.kaiser_window(window_length, periodic = true, beta = 12.0). */
export function kaiser_window(...args: WindowArgs): Tensor {
  return windowOf('kaiser_window', args, ['beta'], [12], (i, n, [beta]) => {
    const alpha = (n - 1) / 2;
    return besselI0(beta * Math.sqrt(Math.max(0, 1 - ((i - alpha) / alpha) ** 2))) / besselI0(beta);
  });
}

/** torch.scalar_tensor(s, { dtype = the default dtype }): a 0-D tensor. */
export function scalar_tensor(s: number | boolean, options?: TensorOptions): Tensor {
  checkArgs('scalar_tensor', arguments, 1, ['dtype', 'requires_grad', 'device']);
  if (typeof s !== 'number' && typeof s !== 'boolean') throw new TypeError(`scalar_tensor(): argument 's' (position 1) must be Number, not ${typeName(s)}`);
  return tensor(+s, { dtype: getDefaultDtype(), ...options });
}

type ArrayData = Parameters<typeof tensor>[0];
/** The typed arrays whose memory a tensor of their dtype can use as its storage. */
function sharedStorage(data: unknown): DType | null {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  return null;
}

/**
 * torch.as_tensor(data, { dtype }): data as a tensor without copying where possible: a tensor of that dtype is
 * returned as it is, and a Float32Array, Float64Array, Int32Array, Int16Array, Int8Array or Uint8Array becomes the storage of a 1-D tensor (writes show
 * through both, as with a NumPy array); anything else is converted as torch.tensor does.
 */
export function as_tensor(data: ArrayData, options?: { dtype?: DType | string; device?: 'cpu' }): Tensor {
  checkArgs('as_tensor', arguments, 1, ['dtype', 'device'], 0);
  return asTensor('as_tensor', data, options, false);
}

/**
 * torch.asarray(obj, { dtype, copy, requires_grad }): as_tensor, copying when copy is true and refusing to copy when
 * it is false; requires_grad (default false) is set on the result in place, or a tensor that requires grad is
 * detached, as PyTorch's.
 */
export function asarray(obj: ArrayData, options?: { dtype?: DType | string; copy?: boolean | null; device?: 'cpu'; requires_grad?: boolean }): Tensor {
  checkArgs('asarray', arguments, 1, ['dtype', 'copy', 'device', 'requires_grad'], 0);
  const t = asTensor('asarray', obj, options, options?.copy === true);
  const aliases = obj instanceof Tensor ? t._storage === obj._storage : t._storage === obj;
  if (options?.copy === false && !aliases) {
    throw new TypeError(obj instanceof Tensor || ArrayBuffer.isView(obj) ? 'asarray(): cannot satisfy copy=False: the data must be converted' : "asarray(): can't alias arbitrary sequence into a tensor.");
  }
  const wanted = options?.requires_grad ?? false;
  if (t.requires_grad === wanted) return t;
  return wanted ? t.requires_grad_(true) : t.detach();
}

function asTensor(op: string, data: ArrayData, options: { dtype?: DType | string } | undefined, copy: boolean): Tensor {
  const dtype = options?.dtype === undefined ? undefined : parseDType(options.dtype, op);
  if (data instanceof Tensor) {
    const out = dtype === undefined ? data : cast(data, dtype);
    return copy && out === data ? clone(data) : out;
  }
  const natural = sharedStorage(data);
  if (!copy && natural && (dtype === undefined || dtype === natural)) {
    return new Tensor(data as Float32Array, [(data as Float32Array).length], natural);
  }
  return tensor(data, dtype === undefined ? {} : { dtype });
}

/**
 * torch.range(start = 0, end, step = 1): deprecated; end is included and the dtype is the default dtype whatever the
 * arguments (PyTorch's warning says to use arange).
 */
export function range(...args: (number | TensorOptions)[]): Tensor {
  const options = (args.length && isOptions(args[args.length - 1]) ? args.pop() : {}) as TensorOptions;
  checkKeywords('range', options, ['dtype', 'requires_grad', 'device']);
  checkDevice('range', options.device);
  warnOnce("torch.range is deprecated and will be removed in a future release because its behavior is inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in [start, end).");
  if (args.length < 1 || args.length > 3) throw new TypeError(`range() takes from 1 to 3 positional arguments but ${args.length} were given`);
  const nums = args.map((v, i) => {
    if (typeof v !== 'number') throw new TypeError(`range(): argument '${['start', 'end', 'step'][i]}' must be Number, not ${typeName(v)}`);
    return v;
  });
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0) throw new RangeError('range(): step must be nonzero');
  if ((end - start) / step < 0) throw new RangeError('range(): upper bound and lower bound inconsistent with step sign');
  const n = Math.floor((end - start) / step) + 1;
  const dtype = options.dtype === undefined ? getDefaultDtype() : parseDType(options.dtype, 'range');
  return finish(fromValues(Array.from({ length: n }, (_, i) => start + i * step), [n], dtype), options);
}
