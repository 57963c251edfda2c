// The scatter / index family: ops that write into a copy of their input at indices (scatter, scatter_add,
// scatter_reduce, index_add, index_copy, index_fill, index_reduce, index_put, put, masked_scatter, masked_fill_) and
// the ones that read at computed positions (masked_select, take, take_along_dim, nonzero, argwhere). Each op turns
// its arguments into flat element offsets (where each written value lands in the contiguous input, and which
// element of the contiguous source it comes from); three kernels then write, reduce or read at those offsets, each
// with its backward beside it, looping over contiguous data in JS on either backend.
//
// Where an index repeats and the op copies (scatter, index_copy, index_put and put without accumulate), PyTorch
// leaves the winner undefined; torchlet writes in index order, so the last one wins.
import { B } from '../backend';
import { castValue, checkFits, isFloating, type DType } from '../dtype';
import { broadcastShapes, broadcastStrides, contiguousStrides, fmtShape, normalizeDim, numelOf } from '../shape';
import { is_grad_enabled, no_grad, record, usesOf } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { checkArgs, resolveArgs } from '../args';
import { TORCH_NAME, checkMaskDtype, masked_fill, where as whereElementwise, type TensorLike } from './elementwise';
import { clone, copy_, expand, expandEllipsis, index, permute, reshape, spanOf, type IndexItem } from './shape';
import { gather } from './indexing';
import { adoptHistory, inplaceResult } from './inplace';
import { warnOnce } from '../utils/warnings';

export type Reduce = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';
type Scalar = number | boolean;

/** Where each written element lands (dst, into the contiguous input) and what it reads (src, into the contiguous source). */
interface Offsets {
  dst: Float64Array;
  src: Float64Array;
}

// ---- argument helpers ----

/** resolveArgs for a signature with keyword-only parameters: at most `positional.length` positional arguments after the input. */
function parse<T extends object>(op: string, positional: readonly (keyof T & string)[], keywordOnly: readonly (keyof T & string)[], defaults: T, args: ArrayLike<unknown>): T {
  checkArgs(op, args, 1 + positional.length, [...positional, ...keywordOnly]);
  return resolveArgs<T>(op, [...positional, ...keywordOnly], defaults, args, 1);
}

function checkInt(op: string, name: string, v: unknown, position: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${op}(): argument '${name}' (position ${position}) must be int, not ${typeName(v)}`);
  return v;
}

/** An index tensor's values; `dtypes` are the index dtypes the op takes, `wrongDtype` PyTorch's message otherwise. */
function indexData(op: string, index: unknown, position: number, dtypes: readonly DType[], wrongDtype: (d: DType) => string, name = 'index'): Float64Array | Int32Array {
  const t = checkTensor(op, index, name, position);
  if (!dtypes.includes(t.dtype)) throw new TypeError(`${op}(): ${wrongDtype(t.dtype)}`);
  return t.contiguous().data as Float64Array | Int32Array;
}

/** Shapes with 0-d read as [1], as PyTorch's scatter and index ops treat scalars. */
const nonEmpty = (shape: readonly number[]): readonly number[] => (shape.length === 0 ? [1] : shape);

/**
 * The offsets of every element of `shape` (row-major) under `strides`; along `dim` (if given) the coordinate is
 * first mapped through pick(element, coordinate).
 */
function offsetsOf(shape: readonly number[], strides: readonly number[], dim = -1, pick?: (e: number, c: number) => number): Float64Array {
  const n = numelOf(shape);
  const out = new Float64Array(n);
  const coord = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < n; e++) {
    let off = 0;
    for (let i = 0; i < shape.length; i++) off += (i === dim ? pick!(e, coord[i]) : coord[i]) * strides[i];
    out[e] = off;
    for (let i = shape.length - 1; i >= 0 && ++coord[i] === shape[i]; i--) coord[i] = 0; // next coordinates
  }
  return out;
}

const identity = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

/** The value stored for v in a tensor of dtype (float32 rounds, integers truncate, as PyTorch's casts). */
const storeValue = (dtype: DType, v: number) => (dtype === 'float64' ? v : castValue(dtype, v));

function checkSameDtype(op: string, x: Tensor, src: Tensor, message: string): void {
  if (x.dtype !== src.dtype) throw new TypeError(`${op}(): ${message.replace('{self}', TORCH_NAME[x.dtype]).replace('{src}', TORCH_NAME[src.dtype])}`);
}

// ---- the three kernels ----

/**
 * x with source's values copied in at the offsets (a scalar source fills). The gradient: x's, with the written
 * positions zeroed; source's, the gradient at the position each of its elements was written to.
 */
function writeAt(name: string, x: Tensor, source: Tensor | Scalar, at: Offsets): Tensor {
  const out = x._ownedData();
  const { dst, src } = at;
  if (source instanceof Tensor) {
    const s = source.contiguous().data;
    for (let e = 0; e < dst.length; e++) out[dst[e]] = s[src[e]];
  } else {
    const v = storeValue(x.dtype, +source);
    for (let e = 0; e < dst.length; e++) out[dst[e]] = v;
  }
  const inputs = source instanceof Tensor ? [x, source] : [x];
  return record(new Tensor(out, x.shape, x.dtype), name, inputs, (g) => {
    const gd = g.contiguous().data;
    let gx: Tensor | null = null;
    if (x.requires_grad) {
      const d = g.contiguous()._ownedData();
      for (let e = 0; e < dst.length; e++) d[dst[e]] = 0;
      gx = new Tensor(d, x.shape, g.dtype);
    }
    let gs: Tensor | null = null;
    if (source instanceof Tensor && source.requires_grad) {
      const d = B.alloc(g.dtype, source.numel(), true);
      for (let e = 0; e < dst.length; e++) d[src[e]] += gd[dst[e]];
      gs = new Tensor(d, source.shape, g.dtype);
    }
    return [gx, gs];
  });
}

/**
 * x with source's values reduced into the positions they land on (alpha scales them, for index_add); without
 * include_self a position's old value is left out of its reduction. The gradients are PyTorch's: sum and mean pass
 * it on (mean divided by each position's count), prod multiplies by the product of the other members (exact where
 * members are zero), amax / amin split it evenly among the members equal to the result (as PyTorch 1.13, counting the
 * input's value without include_self too). `differentiable` false records a backward that fails as PyTorch's
 * (scatter with reduce).
 */
function reduceAt(name: string, x: Tensor, source: Tensor | Scalar, at: Offsets, reduce: Reduce, includeSelf: boolean, alpha = 1, differentiable = true): Tensor {
  const out = x._ownedData();
  const { dst, src } = at;
  const s = source instanceof Tensor ? source.contiguous().data : null;
  const scalar = source instanceof Tensor ? 0 : storeValue(x.dtype, +source);
  const value = (e: number) => (s ? s[src[e]] * alpha : scalar);
  const count = new Float64Array(out.length); // members from the source, per position
  const floating = isFloating(x.dtype);
  const combine = (a: number, v: number) => {
    switch (reduce) {
      case 'prod':
        return a * v;
      case 'amax':
        return a !== a || v !== v ? NaN : Math.max(a, v);
      case 'amin':
        return a !== a || v !== v ? NaN : Math.min(a, v);
      default:
        return a + v;
    }
  };
  for (let e = 0; e < dst.length; e++) {
    const t = dst[e];
    const v = value(e);
    out[t] = floating ? (count[t] === 0 && !includeSelf ? v : combine(out[t], v)) : storeValue(x.dtype, count[t] === 0 && !includeSelf ? v : combine(out[t], v));
    count[t]++;
  }
  if (reduce === 'mean') {
    for (let t = 0; t < out.length; t++) {
      if (count[t] === 0) continue;
      const n = count[t] + (includeSelf ? 1 : 0);
      out[t] = floating ? out[t] / n : Math.floor(out[t] / n); // integers: floor division, as PyTorch
    }
  }
  const result = new Tensor(out, x.shape, x.dtype);
  const inputs = source instanceof Tensor ? [x, source] : [x];
  if (!differentiable) {
    return record(result, 'NotImplemented', inputs, () => {
      throw new Error(`${name}(): derivative for aten::scatter is not implemented`);
    });
  }
  return record(result, name, inputs, (g) => {
    const gd = g.contiguous().data;
    const xd = x.contiguous().data;
    const n = out.length;
    // how much of a member's gradient it gets: per position for the input, per element for the source
    let selfShare: (t: number) => number = () => (includeSelf ? 1 : 0);
    let srcShare: (e: number) => number = () => alpha;
    if (reduce === 'mean') {
      selfShare = (t) => (includeSelf ? 1 / (count[t] + 1) : 0);
      srcShare = (e) => 1 / (count[dst[e]] + (includeSelf ? 1 : 0));
    } else if (reduce === 'prod') {
      // per position: how many members are zero, and the product of the others
      const zeros = new Float64Array(n);
      const product = new Float64Array(n).fill(1);
      const add = (t: number, v: number) => (v === 0 ? zeros[t]++ : (product[t] *= v));
      if (includeSelf) for (let t = 0; t < n; t++) if (count[t] > 0) add(t, xd[t]);
      for (let e = 0; e < dst.length; e++) add(dst[e], value(e));
      const others = (t: number, v: number) => (zeros[t] === 0 ? product[t] / v : zeros[t] === 1 && v === 0 ? product[t] : 0);
      selfShare = (t) => (includeSelf ? others(t, xd[t]) : 0);
      srcShare = (e) => others(dst[e], value(e));
    } else if (reduce === 'amax' || reduce === 'amin') {
      // PyTorch 1.13 counts the input's value among the ties even without include_self (which then gets no share)
      const ties = new Float64Array(n);
      for (let t = 0; t < n; t++) if (count[t] > 0 && xd[t] === out[t]) ties[t]++;
      for (let e = 0; e < dst.length; e++) if (value(e) === out[dst[e]]) ties[dst[e]]++;
      selfShare = (t) => (includeSelf && xd[t] === out[t] ? 1 / ties[t] : 0);
      srcShare = (e) => (value(e) === out[dst[e]] ? 1 / ties[dst[e]] : 0);
    }
    let gx: Tensor | null = null;
    if (x.requires_grad) {
      const d = B.alloc(g.dtype, n, false);
      for (let t = 0; t < n; t++) d[t] = count[t] === 0 ? gd[t] : gd[t] * selfShare(t);
      gx = new Tensor(d, x.shape, g.dtype);
    }
    let gs: Tensor | null = null;
    if (source instanceof Tensor && source.requires_grad) {
      const d = B.alloc(g.dtype, source.numel(), true);
      for (let e = 0; e < dst.length; e++) d[src[e]] += gd[dst[e]] * srcShare(e);
      gs = new Tensor(d, source.shape, g.dtype);
    }
    return [gx, gs];
  });
}

/** The elements of x at the offsets, as a tensor of `shape`; the gradient adds back at the offsets read. */
function readAt(name: string, x: Tensor, offsets: Float64Array, shape: readonly number[]): Tensor {
  const xd = x.contiguous().data;
  const out = B.alloc(x.dtype, offsets.length, false);
  for (let e = 0; e < offsets.length; e++) out[e] = xd[offsets[e]];
  return record(new Tensor(out, shape, x.dtype), name, [x], (g) => {
    const gd = g.contiguous().data;
    const d = B.alloc(g.dtype, x.numel(), true);
    for (let e = 0; e < offsets.length; e++) d[offsets[e]] += gd[e];
    return [new Tensor(d, x.shape, g.dtype)];
  });
}

// ---- in-place forms ----

/**
 * x.op_(): the out-of-place op `f` written back into x (ops/inplace.ts rewrites x's history when x requires grad).
 * A tensor without history written with values that require grad takes the op's history, as PyTorch's does
 * (`torch.zeros(n).index_put_([i], v)`), unless a recorded op already used it or it is a view (whose base would
 * not learn of it).
 */
function inplace<T extends Tensor>(name: string, x: T, operands: readonly unknown[], f: (x: Tensor) => Tensor): T {
  checkTensor(name, x, 'self');
  if (is_grad_enabled() && !x.requires_grad && operands.some((t) => t instanceof Tensor && t.requires_grad)) {
    if (x._offset !== 0 || x._storage.length !== x.numel() || !x.is_contiguous()) {
      throw new Error(`${name}(): in-place operations on a view inside an autograd graph are not supported; use the out-of-place form`);
    }
    if (usesOf(x) > 0) throw new Error(`${name}(): in-place operations on a tensor that another recorded operation already used (it or a view of it) are not supported; use the out-of-place form`);
    const result = f(no_grad(() => clone(x)));
    no_grad(() => copy_(x.detach(), result, name));
    adoptHistory(x, result);
    return x;
  }
  return inplaceResult(name, x, f);
}

// ---- scatter, scatter_add, scatter_reduce ----

/**
 * The offsets of scatter-like ops: index has input's rank and is no larger than input apart from dim (and no
 * larger than src, if given); element i of index sends src's element at the same coordinates to input's at index's
 * value along dim. An empty index writes nothing (PyTorch checks nothing then either).
 */
function scatterOffsets(op: string, x: Tensor, d: number, index: Tensor, src: Tensor | null): Offsets {
  const picks = indexData(op, index, 3, ['int64'], () => 'Expected dtype int64 for index');
  if (index.numel() === 0) return { dst: new Float64Array(0), src: new Float64Array(0) };
  const xs = nonEmpty(x.shape), is = nonEmpty(index.shape);
  if (is.length !== xs.length) throw new RangeError(`${op}(): Index tensor must have the same number of dimensions as self tensor`);
  const ss = src ? nonEmpty(src.shape) : null;
  if (ss && ss.length !== is.length) throw new RangeError(`${op}(): Index tensor must have the same number of dimensions as src tensor`);
  if (is.some((s, i) => (i !== d && s > xs[i]) || (ss && s > ss[i]))) {
    const srcPart = ss ? ` and to be smaller size than src ${fmtShape(ss)}` : '';
    throw new RangeError(`${op}(): Expected index ${fmtShape(is)} to be smaller than self ${fmtShape(xs)} apart from dimension ${d}${srcPart}`);
  }
  for (const v of picks) if (!(v >= 0 && v < xs[d])) throw new RangeError(`${op}(): index ${v} is out of bounds for dimension ${d} with size ${xs[d]}`);
  return {
    dst: offsetsOf(is, contiguousStrides(xs), d, (e) => picks[e]),
    src: ss ? offsetsOf(is, contiguousStrides(ss)) : new Float64Array(picks.length),
  };
}

export interface ScatterOptions {
  dim?: number;
  index?: Tensor;
  src?: Tensor | Scalar;
  value?: Scalar;
  reduce?: 'add' | 'multiply' | null;
}

function scatterImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<ScatterOptions>(op, ['dim', 'index', 'src'], ['value', 'reduce'], { reduce: null }, args);
  const source = a.src ?? a.value;
  if (source === undefined) throw new TypeError(`${op}() missing 1 required positional argument: 'src'`);
  const d = normalizeDim(op, checkInt(op, 'dim', a.dim, 2), x.dim());
  const src = source instanceof Tensor ? source : null;
  if (!src && typeof source !== 'number' && typeof source !== 'boolean') throw new TypeError(`${op}(): argument 'src' (position 4) must be Tensor or Number, not ${typeName(source)}`);
  if (src) checkSameDtype(op, x, src, 'Expected self.dtype to be equal to src.dtype');
  if (a.reduce !== null && a.reduce !== 'add' && a.reduce !== 'multiply') throw new RangeError(`${op}(): reduce argument must be either add or multiply.`);
  const at = scatterOffsets(op, x, d, a.index as Tensor, src);
  if (a.reduce === null) return writeAt(src ? 'ScatterBackward0' : 'ScatterBackward1', x, source, at);
  return reduceAt('scatter', x, source, at, a.reduce === 'add' ? 'sum' : 'prod', true, 1, false);
}

/**
 * torch.scatter(input, dim, index, src | value, { reduce }): a copy of input with out[index[i][j]][j] = src[i][j]
 * (for dim 0); a number fills; reduce 'add' / 'multiply' combines instead of copying (not differentiable, as in
 * PyTorch).
 */
export function scatter(input: Tensor, dim: number | ScatterOptions, index?: Tensor | ScatterOptions, src?: Tensor | Scalar | ScatterOptions, options?: ScatterOptions): Tensor {
  return scatterImpl('scatter', arguments);
}

/** x.scatter_(dim, index, src | value, { reduce }): scatter written into x. */
export function scatter_(input: Tensor, dim: number | ScatterOptions, index?: Tensor | ScatterOptions, src?: Tensor | Scalar | ScatterOptions, options?: ScatterOptions): Tensor {
  const args = [...arguments];
  return inplace('scatter_', checkTensor('scatter_', input, 'self'), args.slice(1), (t) => scatterImpl('scatter_', [t, ...args.slice(1)]));
}

function scatterAddImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<{ dim?: number; index?: Tensor; src?: Tensor }>(op, ['dim', 'index', 'src'], [], {}, args);
  const d = normalizeDim(op, checkInt(op, 'dim', a.dim, 2), x.dim());
  const src = checkTensor(op, a.src, 'src', 4);
  checkSameDtype(op, x, src, 'Expected self.dtype to be equal to src.dtype');
  return reduceAt('ScatterAddBackward0', x, src, scatterOffsets(op, x, d, a.index as Tensor, src), 'sum', true);
}

/** torch.scatter_add(input, dim, index, src): input with src's elements added at the indices (repeats accumulate). */
export function scatter_add(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterAddImpl('scatter_add', arguments);
}

export function scatter_add_(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const args = [...arguments];
  return inplace('scatter_add_', checkTensor('scatter_add_', input, 'self'), args.slice(1), (t) => scatterAddImpl('scatter_add_', [t, ...args.slice(1)]));
}

const REDUCES: readonly Reduce[] = ['sum', 'prod', 'mean', 'amax', 'amin'];

export interface ScatterReduceOptions {
  dim?: number;
  index?: Tensor;
  src?: Tensor;
  reduce?: Reduce;
  include_self?: boolean;
}

function scatterReduceImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<ScatterReduceOptions>(op, ['dim', 'index', 'src', 'reduce'], ['include_self'], { include_self: true }, args);
  const d = normalizeDim(op, checkInt(op, 'dim', a.dim, 2), x.dim());
  const src = checkTensor(op, a.src, 'src', 4);
  if (typeof a.reduce !== 'string') throw new TypeError(`${op}(): argument 'reduce' (position 5) must be str, not ${typeName(a.reduce)}`);
  if (!REDUCES.includes(a.reduce)) throw new RangeError(`${op}(): reduce argument must be either sum, prod, mean, amax or amin.`);
  checkSameDtype(op, x, src, 'Expected self.dtype to be equal to src.dtype');
  warnOnce('scatter_reduce() is in beta and the API may change at any time.'); // as PyTorch 1.13
  return reduceAt('ScatterReduceBackward0', x, src, scatterOffsets(op, x, d, a.index as Tensor, src), a.reduce, a.include_self !== false);
}

/**
 * torch.scatter_reduce(input, dim, index, src, reduce, { include_self = true }): src's elements reduced ('sum',
 * 'prod', 'mean', 'amax', 'amin') into the positions of input they are scattered to; include_self false leaves
 * input's own value out where something lands. Integer means floor, as PyTorch's.
 */
export function scatter_reduce(input: Tensor, dim: number, index: Tensor, src: Tensor, reduce: Reduce | ScatterReduceOptions, options?: ScatterReduceOptions): Tensor {
  return scatterReduceImpl('scatter_reduce', arguments);
}

export function scatter_reduce_(input: Tensor, dim: number, index: Tensor, src: Tensor, reduce: Reduce | ScatterReduceOptions, options?: ScatterReduceOptions): Tensor {
  const args = [...arguments];
  return inplace('scatter_reduce_', checkTensor('scatter_reduce_', input, 'self'), args.slice(1), (t) => scatterReduceImpl('scatter_reduce_', [t, ...args.slice(1)]));
}

// ---- index_add, index_copy, index_reduce, index_fill ----

/**
 * The offsets of the index_* ops: source (input's shape with dim's size the index's length) sends its slice k to
 * input's slice index[k] along dim.
 */
function sliceOffsets(x: Tensor, d: number, rows: ArrayLike<number>): Offsets {
  const xs = nonEmpty(x.shape);
  const shape = xs.map((s, i) => (i === d ? rows.length : s));
  return { dst: offsetsOf(shape, contiguousStrides(xs), d, (_e, c) => rows[c]), src: identity(numelOf(shape)) };
}

/** index_add's and index_reduce's checks; the source, broadcast (within its rank) to input's shape with dim's size the index's length. */
function addLikeSource(op: string, x: Tensor, d: number, index: Tensor, source: unknown): { rows: Float64Array | Int32Array; src: Tensor } {
  const rows = indexData(op, index, 3, ['int64', 'int32'], (t) => `Expected dtype int32/int64 for index but got: ${TORCH_NAME[t]}`);
  const src = checkTensor(op, source, 'source', 4);
  if (index.dim() > 1) throw new RangeError(`${op}(): Index is supposed to be a vector, but got dim: ${index.dim()} with type: ${TORCH_NAME[index.dtype]} and size: ${fmtShape(index.shape)}`);
  if (src.dim() > 0 && d >= src.dim()) throw new RangeError(`${op}(): Indexing dim ${d} is out of bounds of the source tensor with dim ${src.dim()}`);
  const ss = nonEmpty(src.shape);
  if (rows.length !== ss[d]) throw new RangeError(`${op}(): Number of indices (${rows.length}) should be equal to source.size(dim): (${ss[d]}), for dim: ${d}`);
  checkSameDtype(op, x, src, 'self ({self}) and source ({src}) must have the same scalar type');
  const xs = nonEmpty(x.shape);
  const shape = xs.map((s, i) => (i === d ? rows.length : s));
  if (src.dim() > 0 && ss.length !== xs.length) throw new RangeError(`${op}(): source must have as many dimensions as self (${xs.length}), got ${ss.length}`);
  const slice = (s: readonly number[]) => s.filter((_, i) => i !== d);
  const fits = broadcastShapes(op, slice(xs), slice(ss));
  if (ss.length > xs.length || fmtShape(fits) !== fmtShape(slice(xs))) throw new RangeError(`${op}(): output with shape ${fmtShape(slice(xs))} doesn't match the broadcast shape ${fmtShape(fits)}`);
  for (const v of rows) if (!(v >= 0 && v < xs[d])) throw new RangeError(`${op}(): index out of range in self`);
  return { rows, src: fmtShape(ss) === fmtShape(shape) ? src : expand(src.dim() === 0 ? reshape(src, [1]) : src, shape) };
}

export interface IndexAddOptions {
  alpha?: number;
}

function indexAddImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<{ dim?: number; index?: Tensor; source?: Tensor; alpha?: number }>(op, ['dim', 'index', 'source'], ['alpha'], { alpha: 1 }, args);
  const d = normalizeDim(op, checkInt(op, 'dim', a.dim, 2), x.dim());
  checkTensor(op, a.index, 'index', 3);
  if (typeof a.alpha !== 'number') throw new TypeError(`${op}(): argument 'alpha' must be Number, not ${typeName(a.alpha)}`);
  const { rows, src } = addLikeSource(op, x, d, a.index!, a.source);
  const alpha = isFloating(x.dtype) ? a.alpha : Math.trunc(a.alpha); // an integer input takes alpha as an integer
  return reduceAt('IndexAddBackward0', x, src, sliceOffsets(x, d, rows), 'sum', true, alpha);
}

/** torch.index_add(input, dim, index, source, { alpha = 1 }): input with alpha * source's slices added at index along dim. */
export function index_add(input: Tensor, dim: number, index: Tensor, source: Tensor, options?: IndexAddOptions): Tensor {
  return indexAddImpl('index_add', arguments);
}

export function index_add_(input: Tensor, dim: number, index: Tensor, source: Tensor, options?: IndexAddOptions): Tensor {
  const args = [...arguments];
  return inplace('index_add_', checkTensor('index_add_', input, 'self'), args.slice(1), (t) => indexAddImpl('index_add_', [t, ...args.slice(1)]));
}

export interface IndexReduceOptions {
  include_self?: boolean;
}
export type IndexReduce = 'prod' | 'mean' | 'amax' | 'amin';

function indexReduceImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<{ dim?: number; index?: Tensor; source?: Tensor; reduce?: IndexReduce; include_self?: boolean }>(op, ['dim', 'index', 'source', 'reduce'], ['include_self'], { include_self: true }, args);
  const d = normalizeDim(op, checkInt(op, 'dim', a.dim, 2), x.dim());
  checkTensor(op, a.index, 'index', 3);
  if (typeof a.reduce !== 'string') throw new TypeError(`${op}(): argument 'reduce' (position 5) must be str, not ${typeName(a.reduce)}`);
  if (!['prod', 'mean', 'amax', 'amin'].includes(a.reduce)) throw new RangeError(`${op}(): Expected reduce to be one of prod, mean, amax or amin but got ${a.reduce}.`);
  const { rows, src } = addLikeSource(op, x, d, a.index!, a.source);
  warnOnce('index_reduce() is in beta and the API may change at any time.'); // as PyTorch 1.13
  return reduceAt('IndexReduceBackward0', x, src, sliceOffsets(x, d, rows), a.reduce, a.include_self !== false);
}

/**
 * torch.index_reduce(input, dim, index, source, reduce, { include_self = true }): source's slices reduced ('prod',
 * 'mean', 'amax', 'amin') into input's slices at index along dim, with scatter_reduce's gradients.
 */
export function index_reduce(input: Tensor, dim: number, index: Tensor, source: Tensor, reduce: IndexReduce | IndexReduceOptions, options?: IndexReduceOptions): Tensor {
  return indexReduceImpl('index_reduce', arguments);
}

export function index_reduce_(input: Tensor, dim: number, index: Tensor, source: Tensor, reduce: IndexReduce | IndexReduceOptions, options?: IndexReduceOptions): Tensor {
  const args = [...arguments];
  return inplace('index_reduce_', checkTensor('index_reduce_', input, 'self'), args.slice(1), (t) => indexReduceImpl('index_reduce_', [t, ...args.slice(1)]));
}

function indexCopyImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<{ dim?: number; index?: Tensor; source?: Tensor }>(op, ['dim', 'index', 'source'], [], {}, args);
  const d = normalizeDim(op, checkInt(op, 'dim', a.dim, 2), x.dim());
  const rows = indexData(op, a.index, 3, ['int64'], (t) => `Expected a long tensor for index, but got ${TORCH_NAME[t]}`);
  const index = a.index!;
  const src = checkTensor(op, a.source, 'source', 4);
  if (index.dim() > 1) throw new RangeError(`${op}(): Index should have dimension 1 or 0 (got ${index.dim()})`);
  if (src.dim() !== x.dim() && src.dim() > 0 && x.dim() > 0) {
    throw new RangeError(`${op}(): When source and destination are not scalars, their dimensionality must match. Source dimensionality (${src.dim()}), destination dimensionality (${x.dim()})`);
  }
  const xs = nonEmpty(x.shape), ss = nonEmpty(src.shape);
  if (rows.length !== ss[d]) throw new RangeError(`${op}(): Number of indices (${rows.length}) should be equal to source.size(dim) (${ss[d]})`);
  for (let i = 0; i < xs.length; i++) {
    if (i !== d && xs[i] !== ss[i]) throw new RangeError(`${op}(): Source/destination tensor must have same slice shapes. Destination shape ${fmtShape(xs)} and source shape ${fmtShape(ss)} differ at dimension ${i}.`);
  }
  checkSameDtype(op, x, src, 'self and source expected to have the same dtype, but got (self) {self} and (source) {src}');
  for (const v of rows) if (!(v >= 0 && v < xs[d])) throw new RangeError(`${op}(): index ${v} is out of bounds for dimension ${d} with size ${xs[d]}`);
  return writeAt('IndexCopyBackward0', x, src, sliceOffsets(x, d, rows));
}

/** torch.index_copy(input, dim, index, source): input with its slices at index along dim replaced by source's. */
export function index_copy(input: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  return indexCopyImpl('index_copy', arguments);
}

export function index_copy_(input: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  const args = [...arguments];
  return inplace('index_copy_', checkTensor('index_copy_', input, 'self'), args.slice(1), (t) => indexCopyImpl('index_copy_', [t, ...args.slice(1)]));
}

function indexFillImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<{ dim?: number; index?: Tensor; value?: Scalar | Tensor }>(op, ['dim', 'index', 'value'], [], {}, args);
  const d = normalizeDim(op, checkInt(op, 'dim', a.dim, 2), x.dim());
  const rows = indexData(op, a.index, 3, ['int64'], () => 'Expected dtype int64 for index.');
  if (a.index!.dim() > 1) throw new RangeError(`${op}(): Index has to be a vector/scalar`);
  const value = a.value;
  if (value instanceof Tensor) {
    if (value.dim() !== 0) throw new RangeError(`${op}(): only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`);
  } else if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TypeError(`${op}(): argument 'value' (position 4) must be Number or Tensor, not ${typeName(value)}`);
  } else checkFits(op, x.dtype, +value);
  const n = nonEmpty(x.shape)[d];
  const wrapped = Float64Array.from(rows, (v) => {
    if (!(v >= -n && v < n)) throw new RangeError(`${op}(): index ${v} is out of bounds for dimension ${d} with size ${n}`);
    return v < 0 ? v + n : v;
  });
  const at = sliceOffsets(x, d, wrapped);
  if (!(value instanceof Tensor)) return writeAt('IndexFillBackward0', x, value, at);
  // a value tensor gets the gradient of every position it filled (once each, however often the index repeats it)
  const filled = writeAt('IndexFillBackward1', x.detach(), value.detach().item() as number, at);
  return record(filled, 'IndexFillBackward1', [x, value], (g) => {
    const gd = g.contiguous()._ownedData();
    const positions = new Set(at.dst);
    let total = 0;
    for (const t of positions) {
      total += gd[t];
      gd[t] = 0;
    }
    return [x.requires_grad ? new Tensor(gd, x.shape, g.dtype) : null, value.requires_grad ? new Tensor(B.alloc(g.dtype, 1, false).fill(total), [], g.dtype) : null];
  });
}

/** torch.index_fill(input, dim, index, value): input with its slices at index along dim set to value (a number or 0-d tensor); negative indices count from the end. */
export function index_fill(input: Tensor, dim: number, index: Tensor, value: Scalar | Tensor): Tensor {
  return indexFillImpl('index_fill', arguments);
}

export function index_fill_(input: Tensor, dim: number, index: Tensor, value: Scalar | Tensor): Tensor {
  const args = [...arguments];
  return inplace('index_fill_', checkTensor('index_fill_', input, 'self'), args.slice(1), (t) => indexFillImpl('index_fill_', [t, ...args.slice(1)]));
}

// ---- index_put, put, take, take_along_dim ----

/**
 * The flat offsets in x that advanced indexing x[indices] (a list of int64 tensors and bool masks, for x's leading
 * dims) reaches, in the order of the result, and the result's shape: the indices' broadcast shape followed by
 * the dims they leave.
 */
function advancedOffsets(
  op: string,
  x: Tensor,
  indices: unknown,
  // for messages: the tensor the caller indexed, and where x's dim k is in it (advancedIndex moves the indexed dims first)
  shown: { shape: readonly number[]; dim: (k: number) => number } = { shape: x.shape, dim: (k) => k },
): { offsets: Float64Array; shape: number[] } {
  if (!Array.isArray(indices)) throw new TypeError(`${op}(): argument 'indices' (position 2) must be tuple of Tensors, not ${typeName(indices)}`);
  // masks become one int64 index per dim they cover (their nonzero coordinates)
  const longs: Tensor[] = [];
  indices.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}(): expected Tensor as element ${i} in argument 1, but got ${typeName(t)}`);
    if (t.dtype === 'uint8') warnOnce('indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead.');
    if (t.dtype === 'bool' || t.dtype === 'uint8') {
      const at = longs.length;
      if (t.dim() === 0 && x.dim() > 0) throw new RangeError(`${op}(): 0-dimensional boolean indices are not supported`);
      if (at + Math.max(t.dim(), 1) > x.dim()) throw new RangeError(`${op}(): too many indices for tensor of dimension ${x.dim()} (got ${at + Math.max(t.dim(), 1)})`);
      t.shape.forEach((s, k) => {
        if (s !== x.shape[at + k]) throw new RangeError(`${op}(): The shape of the mask ${fmtShape(t.shape)} at index ${k} does not match the shape of the indexed tensor ${fmtShape(shown.shape)} at index ${shown.dim(at + k)}`);
      });
      longs.push(...nonzeroColumns(t));
    } else if (t.dtype === 'int64') longs.push(t);
    else throw new TypeError(`${op}(): tensors used as indices must be long, byte or bool tensors`);
  });
  if (longs.length > x.dim()) throw new RangeError(`${op}(): too many indices for tensor of dimension ${x.dim()} (got ${longs.length})`);
  let shape: number[] = [];
  try {
    for (const t of longs) shape = broadcastShapes(op, shape, t.shape);
  } catch {
    throw new RangeError(`${op}(): shape mismatch: indexing tensors could not be broadcast together with shapes ${longs.map((t) => fmtShape(t.shape)).join(', ')}`);
  }
  const strides = contiguousStrides(x.shape);
  const m = numelOf(shape);
  const base = new Float64Array(m); // each indexed position's offset
  longs.forEach((t, k) => {
    const values = expand(t, shape).contiguous().data;
    const size = x.shape[k];
    for (let e = 0; e < m; e++) {
      const v = values[e];
      if (!(v >= -size && v < size)) throw new RangeError(`${op}(): index ${v} is out of bounds for dimension ${k} with size ${size}`);
      base[e] += (v < 0 ? v + size : v) * strides[k];
    }
  });
  const rest = x.shape.slice(longs.length);
  const inner = offsetsOf(rest, strides.slice(longs.length));
  const offsets = new Float64Array(m * inner.length);
  for (let e = 0, p = 0; e < m; e++) for (let k = 0; k < inner.length; k++) offsets[p++] = base[e] + inner[k];
  return { offsets, shape: [...shape, ...rest] };
}

/**
 * x.index(...items) with tensors among the items, as x[items] in PyTorch: ints select and slices narrow first
 * (basic indexing, views), then the int64 index tensors and bool masks (a mask stands for its nonzero coordinates,
 * one index per dim it covers) broadcast together to a shape B read in one gather (IndexBackward0 adds gradients
 * back, repeats included). B takes the indexed dims' place when they are adjacent, and goes first otherwise.
 */
export function advancedIndex(x: Tensor, items: readonly unknown[]): Tensor {
  const op = 'index';
  items = expandEllipsis(x, items);
  let view = x;
  let dim = 0;
  const dims: number[] = []; // the view's dims the tensors index, in order
  const tensors: Tensor[] = [];
  for (const item of items) {
    if (item instanceof Tensor) {
      checkTensor(op, item, 'indices');
      for (let k = 0; k < spanOf(item); k++) dims.push(dim + k);
      tensors.push(item);
      dim += spanOf(item);
    } else if (typeof item === 'number') view = index(view, [...new Array<IndexItem>(dim).fill(':'), item]);
    else {
      view = index(view, [...new Array<IndexItem>(dim).fill(':'), item as IndexItem]);
      dim++;
    }
  }
  if (dims.some((d) => d >= view.dim())) {
    throw new RangeError(`${op}(): too many indices for tensor of dimension ${x.dim()}`);
  }
  const rest = view.shape.map((_, d) => d).filter((d) => !dims.includes(d));
  const leading = permute(view, [...dims, ...rest]);
  let { offsets, shape } = advancedOffsets(op, leading, tensors, { shape: view.shape, dim: (k) => dims[k] }); // shape: B, then the rest
  if (dims[0] > 0 && dims.every((d, k) => d === dims[0] + k)) {
    // adjacent: B goes where the indexed dims were (the rest's dims before them, B, the others)
    const nb = shape.length - rest.length;
    const order = [...rest.keys()].map((k) => nb + k);
    const offsetsView = permute(new Tensor(offsets, shape, 'float64'), [...order.slice(0, dims[0]), ...new Array(nb).keys(), ...order.slice(dims[0])]);
    [offsets, shape] = [offsetsView.contiguous().data as Float64Array, [...offsetsView.shape]];
  }
  return readAt('IndexBackward0', leading, offsets, shape);
}

export interface IndexPutOptions {
  accumulate?: boolean;
}

function indexPutImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<{ indices?: Tensor[]; values?: Tensor; accumulate?: boolean }>(op, ['indices', 'values', 'accumulate'], [], { accumulate: false }, args);
  const values = checkTensor(op, a.values, 'values', 3);
  const { offsets, shape } = advancedOffsets(op, x, a.indices);
  if (x.dtype !== values.dtype) {
    throw new TypeError(`${op}(): Index put requires the source and destination dtypes match, got ${TORCH_NAME[x.dtype]} for the destination and ${TORCH_NAME[values.dtype]} for the source.`);
  }
  let fits = values.dim() <= shape.length;
  if (fits) {
    try {
      fits = fmtShape(broadcastShapes(op, shape, values.shape)) === fmtShape(shape);
    } catch {
      fits = false;
    }
  }
  if (!fits) throw new RangeError(`${op}(): shape mismatch: value tensor of shape ${fmtShape(values.shape)} cannot be broadcast to indexing result of shape ${fmtShape(shape)}`);
  // each written element reads values broadcast to the result's shape
  const at = { dst: offsets, src: offsetsOf(shape, broadcastStrides(values.shape, contiguousStrides(values.shape), shape)) };
  return a.accumulate ? reduceAt('IndexPutBackward0', x, values, at, 'sum', true) : writeAt('IndexPutBackward0', x, values, at);
}

/**
 * torch.index_put(input, indices, values, accumulate = false): PyTorch's `x[indices] = values` out of place;
 * indices is a list of int64 tensors (negatives count from the end) and bool masks for input's leading dims,
 * values broadcast to the indexed result; accumulate adds (repeated indices add up).
 */
export function index_put(input: Tensor, indices: readonly Tensor[], values: Tensor, accumulate?: boolean | IndexPutOptions): Tensor {
  return indexPutImpl('index_put', arguments);
}

export function index_put_(input: Tensor, indices: readonly Tensor[], values: Tensor, accumulate?: boolean | IndexPutOptions): Tensor {
  const args = [...arguments];
  return inplace('index_put_', checkTensor('index_put_', input, 'self'), args.slice(1), (t) => indexPutImpl('index_put_', [t, ...args.slice(1)]));
}

/** index's values as flat offsets into a tensor of n elements (negatives count from the end), PyTorch's errors otherwise. */
function flatOffsets(op: string, name: string, index: unknown, position: number, n: number): Float64Array {
  const values = indexData(op, index, position, ['int64'], (t) => `Expected a long tensor for ${name}, but got ${TORCH_NAME[t]}`, name);
  if (n === 0 && values.length > 0) throw new RangeError(`${op}(): tried to take from an empty tensor`);
  return Float64Array.from(values, (v) => {
    if (!(v >= -n && v < n)) throw new RangeError(`${op}(): out of range: tried to access index ${v} on a tensor of ${n} elements.`);
    return v < 0 ? v + n : v;
  });
}

function putImpl(op: string, args: ArrayLike<unknown>): Tensor {
  const x = checkTensor(op, args[0]);
  const a = parse<{ index?: Tensor; source?: Tensor; accumulate?: boolean }>(op, ['index', 'source', 'accumulate'], [], { accumulate: false }, args);
  checkTensor(op, a.index, 'index', 2);
  const src = checkTensor(op, a.source, 'source', 3);
  checkSameDtype(op, x, src, 'self and source expected to have the same dtype, but got self.dtype = {self} and source.dtype = {src}');
  if (src.numel() !== a.index!.numel()) {
    throw new RangeError(`${op}(): Expected source and index to have the same number of elements, but got source.numel() = ${src.numel()}, index.numel() = ${a.index!.numel()}`);
  }
  const dst = flatOffsets(op, 'index', a.index, 2, x.numel());
  const at = { dst, src: identity(dst.length) };
  return a.accumulate ? reduceAt('PutBackward0', x, src, at, 'sum', true) : writeAt('PutBackward0', x, src, at);
}

/** torch.put(input, index, source, accumulate = false): input, read as 1-D, with source's elements at index (negatives count from the end). */
export function put(input: Tensor, index: Tensor, source: Tensor, accumulate?: boolean | IndexPutOptions): Tensor {
  return putImpl('put', arguments);
}

export function put_(input: Tensor, index: Tensor, source: Tensor, accumulate?: boolean | IndexPutOptions): Tensor {
  const args = [...arguments];
  return inplace('put_', checkTensor('put_', input, 'self'), args.slice(1), (t) => putImpl('put_', [t, ...args.slice(1)]));
}

/** torch.take(input, index): input read as 1-D at index's values (negatives count from the end), in index's shape. */
export function take(input: Tensor, index: Tensor): Tensor {
  checkArgs('take', arguments, 2);
  const x = checkTensor('take', input);
  const offsets = flatOffsets('take', 'index', index, 2, x.numel());
  return readAt('TakeBackward0', x, offsets, index.shape);
}

/**
 * torch.take_along_dim(input, indices, dim = None): gather along dim after broadcasting input and indices in the
 * other dims; without dim, both are read as 1-D.
 */
export function take_along_dim(input: Tensor, indices: Tensor, dim?: number | null | { dim?: number | null }): Tensor {
  const op = 'take_along_dim';
  const x = checkTensor(op, input);
  const a = resolveArgs<{ indices?: Tensor; dim?: number | null }>(op, ['indices', 'dim'], { dim: null }, arguments, 1);
  const idx = checkTensor(op, a.indices, 'indices', 2);
  if (idx.dtype !== 'int64') throw new TypeError(`${op}(): dtype of indices should be Long but got ${TORCH_NAME[idx.dtype]}`);
  const check = (t: Tensor, size: number, d: number) => {
    for (const v of t.contiguous().data) if (!(v >= 0 && v < size)) throw new RangeError(`${op}(): index ${v} is out of bounds for dimension ${d} with size ${size}`);
  };
  if (a.dim === null || a.dim === undefined) {
    const flat = reshape(x, [-1]);
    check(idx, flat.numel(), 0);
    return gather(flat, 0, reshape(idx, [-1]));
  }
  const d = normalizeDim(op, checkInt(op, 'dim', a.dim, 3), x.dim());
  if (x.dim() !== idx.dim()) {
    throw new RangeError(`${op}(): input and indices should have the same number of dimensions, but got ${x.dim()} dimensions for input, and ${idx.dim()} dimensions for indices`);
  }
  const shape = broadcastShapes(op, x.shape.map((s, i) => (i === d ? 1 : s)), idx.shape.map((s, i) => (i === d ? 1 : s)));
  const xs = nonEmpty(x.shape);
  check(idx, xs[d], d);
  if (x.dim() === 0) return gather(x, 0, idx);
  return gather(expand(x, shape.map((s, i) => (i === d ? x.shape[d] : s))), d, expand(idx, shape.map((s, i) => (i === d ? idx.shape[d] : s))));
}

// ---- masks ----

function checkMask(op: string, mask: unknown, position: number, message: string): Tensor {
  return checkMaskDtype(op, checkTensor(op, mask, 'mask', position), message, op === 'masked_select' ? op : 'masked_scatter_');
}

/** torch.masked_select(input, mask): the 1-D tensor of input's elements where mask (broadcast with input) is true. */
export function masked_select(input: Tensor, mask: Tensor): Tensor {
  checkArgs('masked_select', arguments, 2);
  const op = 'masked_select';
  const x = checkTensor(op, input);
  const m = checkMask(op, mask, 2, 'expected BoolTensor or ByteTensor for mask');
  const shape = broadcastShapes(op, x.shape, m.shape);
  const md = expand(m, shape).contiguous().data;
  const all = offsetsOf(shape, broadcastStrides(x.shape, contiguousStrides(x.shape), shape));
  const offsets = all.filter((_, e) => md[e] !== 0);
  return readAt('MaskedSelectBackward0', x, offsets, [offsets.length]);
}

function maskedScatterImpl(op: string, x: Tensor, mask: unknown, source: unknown, inPlace: boolean): Tensor {
  const m = checkMask(op, mask, 2, `expected BoolTensor or ByteTensor for mask`);
  const src = checkTensor(op, source, 'source', 3);
  if (x.dtype !== src.dtype) throw new TypeError(`${op}(): expected self and source to have same dtypes but got ${TORCH_NAME[x.dtype]} and ${TORCH_NAME[src.dtype]}`);
  const shape = broadcastShapes(op, x.shape, m.shape);
  if (inPlace && fmtShape(shape) !== fmtShape(x.shape)) throw new RangeError(`${op}(): output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  const base = fmtShape(shape) === fmtShape(x.shape) ? x : expand(x, shape).contiguous();
  const md = expand(m, shape).contiguous().data;
  const dst = identity(md.length).filter((e) => md[e] !== 0);
  if (dst.length > src.numel()) throw new RangeError(`${op}(): Number of elements of source < number of ones in mask`);
  return writeAt('MaskedScatterBackward0', base, src, { dst, src: identity(dst.length) });
}

/**
 * torch.masked_scatter(input, mask, source): input (broadcast with mask) with source's elements, in order, written
 * where mask is true.
 */
export function masked_scatter(input: Tensor, mask: Tensor, source: Tensor): Tensor {
  checkArgs('masked_scatter', arguments, 3);
  return maskedScatterImpl('masked_scatter', checkTensor('masked_scatter', input), mask, source, false);
}

export function masked_scatter_(input: Tensor, mask: Tensor, source: Tensor): Tensor {
  checkArgs('masked_scatter_', arguments, 3);
  return inplace('masked_scatter_', checkTensor('masked_scatter_', input, 'self'), [source], (t) => maskedScatterImpl('masked_scatter_', t, mask, source, true));
}

/** x.masked_fill_(mask, value): masked_fill written into x; mask must broadcast to x's shape. */
export function masked_fill_(input: Tensor, mask: Tensor, value: Scalar | Tensor): Tensor {
  checkArgs('masked_fill_', arguments, 3);
  const x = checkTensor('masked_fill_', input, 'self');
  const m = checkTensor('masked_fill_', mask, 'mask', 2);
  const shape = broadcastShapes('masked_fill_', x.shape, m.shape);
  if (fmtShape(shape) !== fmtShape(x.shape)) throw new RangeError(`masked_fill_(): output with shape ${fmtShape(x.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  return inplace('masked_fill_', x, [], (t) => masked_fill(t, m, value));
}

// ---- nonzero, argwhere ----

/** The coordinates of t's nonzero elements, one int64 tensor per dim (a 0-d tensor counts as 1-D). */
function nonzeroColumns(t: Tensor): Tensor[] {
  const shape = nonEmpty(t.shape);
  const data = t.contiguous().data;
  const hits: number[] = [];
  for (let e = 0; e < data.length; e++) if (data[e] !== 0) hits.push(e); // NaN is nonzero
  const strides = contiguousStrides(shape);
  return shape.map((s, k) => new Tensor(Float64Array.from(hits, (e) => Math.floor(e / strides[k]) % s), [hits.length], 'int64'));
}

/**
 * torch.nonzero(input, { as_tuple = false }): the int64 [n, input.dim()] coordinates of input's nonzero elements
 * (NaN counts), in row-major order; as_tuple gives one 1-D tensor per dim instead.
 */
export function nonzero(input: Tensor, options?: { as_tuple?: false }): Tensor;
export function nonzero(input: Tensor, options: { as_tuple: true }): Tensor[];
export function nonzero(input: Tensor, options?: { as_tuple?: boolean }): Tensor | Tensor[];
export function nonzero(input: Tensor, options?: { as_tuple?: boolean }): Tensor | Tensor[] {
  const x = checkTensor('nonzero', input);
  const a = parse<{ as_tuple?: boolean }>('nonzero', [], ['as_tuple'], { as_tuple: false }, arguments);
  const columns = nonzeroColumns(x);
  if (a.as_tuple) return columns;
  const n = columns[0].numel();
  const out = new Float64Array(n * x.dim());
  columns.slice(0, x.dim()).forEach((c, k) => c.data.forEach((v, i) => (out[i * x.dim() + k] = v)));
  return new Tensor(out, [n, x.dim()], 'int64');
}

/**
 * torch.where(condition, input, other): input where condition is true, else other; torch.where(condition) alone is
 * nonzero(condition, { as_tuple: true }).
 */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, input: TensorLike, other: TensorLike): Tensor;
export function where(condition: Tensor, input?: TensorLike, other?: TensorLike): Tensor | Tensor[] {
  if (arguments.length === 1) return nonzero(checkTensor('where', condition, 'condition', 1), { as_tuple: true });
  return whereElementwise(condition, input as TensorLike, other as TensorLike);
}

/** torch.argwhere(input): nonzero(input). */
export function argwhere(input: Tensor): Tensor {
  checkArgs('argwhere', arguments, 1);
  return nonzero(checkTensor('argwhere', input));
}
