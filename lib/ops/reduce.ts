// Reductions over dims, arg-reductions and softmax. Multi-dim reductions run one dim at a time on the
// [outer, n, inner] view of a contiguous tensor, so each backend needs only a one-axis kernel.
import { autocastFloat32 } from '../autocast';
import { isFloating, isReduced, type DType } from '../dtype';
import { normalizeDim, numelOf } from '../shape';
import { B } from '../backend';
import type { ReduceOp } from '../backend/ops';
import { record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { cast, expand, inFloat32, reshape } from './shape';
import { compare, div, mul, sqrt, sub, TORCH_NAME } from './elementwise';
import { checkArgs, checkKeywords } from '../args';

export interface ReduceOptions {
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
  dtype?: DType;
  /** NumPy's names, which PyTorch accepts too: axis for dim, keepdims for keepdim. */
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
}
export interface VarOptions extends ReduceOptions {
  unbiased?: boolean;
  correction?: number;
}
/** What max(dim)/min(dim) return, like PyTorch's named tuple: `const [values, indices] = ...` or `.values`. */
export class ValuesIndices {
  constructor(
    readonly values: Tensor,
    readonly indices: Tensor,
  ) {}
  get 0(): Tensor {
    return this.values;
  }
  get 1(): Tensor {
    return this.indices;
  }
  readonly length = 2;
  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.values;
    yield this.indices;
  }
}

type DimArg = number | readonly number[] | ReduceOptions | null | undefined;

/** The keyword arguments of sum/mean/prod, and of the reductions without a dtype. */
const WITH_DTYPE = ['dim', 'keepdim', 'dtype', 'axis', 'keepdims'];
const WITHOUT_DTYPE = ['dim', 'keepdim', 'axis', 'keepdims'];

/** Splits PyTorch's (dim?, keepdim?, {options}) argument forms of `op`, which takes the keyword arguments `keys`. */
function parseReduceArgs<O extends ReduceOptions>(op: string, keys: readonly string[], dim: unknown, keepdim: unknown, options?: O): { dim: DimArg; keepdim: boolean; opts: O } {
  let opts = (options ?? {}) as O;
  if (keepdim !== null && typeof keepdim === 'object') opts = keepdim as O;
  else if (dim !== null && typeof dim === 'object' && !Array.isArray(dim)) {
    opts = dim as O;
    dim = undefined;
  }
  checkKeywords(op, opts, keys);
  const kd = typeof keepdim === 'boolean' ? keepdim : (opts.keepdim ?? opts.keepdims ?? false);
  return { dim: (dim ?? opts.dim ?? opts.axis) as DimArg, keepdim: kd, opts };
}

/** The dims to reduce, normalized and sorted; null/undefined means all. */
function reduceDims(op: string, x: Tensor, dim: DimArg): number[] {
  if (dim === null || dim === undefined) return x.shape.map((_, i) => i);
  const list = typeof dim === 'number' ? [dim] : (dim as number[]);
  if (!Array.isArray(list) && typeof dim !== 'number') throw new TypeError(`${op}(): dim must be int or list of ints, not ${typeName(dim)}`);
  if (list.length === 0) return x.shape.map((_, i) => i);
  const dims = list.map((d) => normalizeDim(op, d, x.dim()));
  if (new Set(dims).size !== dims.length) throw new RangeError(`${op}(): dim ${dims.find((d, i) => dims.indexOf(d) !== i)} appears multiple times in the list of dims`);
  return dims.sort((a, b) => a - b);
}

const keptShape = (shape: readonly number[], dims: readonly number[]) => shape.map((s, i) => (dims.includes(i) ? 1 : s));
const dropShape = (shape: readonly number[], dims: readonly number[]) => shape.filter((_, i) => !dims.includes(i));

/** Applies a one-axis kernel over each dim in turn (last first); returns data of the keepdim shape. */
function reduceKernel(op: ReduceOp, x: Tensor, dims: readonly number[], dtype: DType): Tensor {
  let data = cast(x.detach(), dtype)._contiguousData();
  const shape = [...x.shape];
  if (x.dim() === 0) return new Tensor(data.slice(), [], dtype);
  for (let k = dims.length - 1; k >= 0; k--) {
    const d = dims[k];
    const outer = numelOf(shape.slice(0, d));
    const inner = numelOf(shape.slice(d + 1));
    if ((op === 'amax' || op === 'amin') && shape[d] === 0) {
      throw new RangeError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
    }
    const out = B.alloc(dtype, outer * inner, false);
    B.reduce(op, data, out, outer, shape[d], inner);
    shape[d] = 1;
    data = out;
  }
  return new Tensor(data, shape, dtype);
}

function finish(t: Tensor, dims: readonly number[], keepdim: boolean, x: Tensor): Tensor {
  return keepdim ? t : new Tensor(t._storage, dropShape(x.shape, dims), t.dtype);
}

/** Gradient of a reduction: g reshaped to the keepdim shape and broadcast back to x's shape. */
function expandBack(g: Tensor, x: Tensor, dims: readonly number[]): Tensor {
  return expand(reshape(g, keptShape(x.shape, dims)), x.shape);
}

export function sum(x: Tensor, dim?: DimArg, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  checkArgs('sum', arguments, 3, WITH_DTYPE);
  checkTensor('sum', x);
  const a = parseReduceArgs('sum', WITH_DTYPE, dim, keepdim, options);
  const dims = reduceDims('sum', x, a.dim);
  const dtype = a.opts.dtype ?? (isFloating(x.dtype) ? x.dtype : 'int64');
  const out = finish(reduceKernel('sum', x, dims, dtype), dims, a.keepdim, x);
  return record(out, a.dim == null ? 'SumBackward0' : 'SumBackward1', [x], (g) => [expandBack(g, x, dims)]);
}

export function mean(x: Tensor, dim?: DimArg, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  checkArgs('mean', arguments, 3, WITH_DTYPE);
  checkTensor('mean', x);
  const a = parseReduceArgs('mean', WITH_DTYPE, dim, keepdim, options);
  const dtype = a.opts.dtype ?? x.dtype;
  if (!isFloating(dtype)) {
    throw new TypeError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${TORCH_NAME[x.dtype]}`);
  }
  const dims = reduceDims('mean', x, a.dim);
  const count = numelOf(dims.map((d) => x.shape[d]));
  const out = finish(reduceKernel('mean', x, dims, dtype), dims, a.keepdim, x);
  return record(out, a.dim == null ? 'MeanBackward0' : 'MeanBackward1', [x], (g) => [div(expandBack(g, x, dims), count)]);
}

export function prod(x: Tensor, dim?: number | ReduceOptions | null, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  const wide = autocastFloat32<Parameters<typeof prod>>(arguments);
  if (wide) return prod(...wide);
  checkArgs('prod', arguments, 3, WITH_DTYPE);
  checkTensor('prod', x);
  const a = parseReduceArgs('prod', WITH_DTYPE, dim, keepdim, options);
  if (Array.isArray(a.dim)) throw new TypeError('prod(): argument \'dim\' must be int, not list');
  const dims = reduceDims('prod', x, a.dim);
  const dtype = a.opts.dtype ?? (isFloating(x.dtype) ? x.dtype : 'int64');
  const out = finish(reduceKernel('prod', x, dims, dtype), dims, a.keepdim, x);
  return record(out, a.dim == null ? 'ProdBackward0' : 'ProdBackward1', [x], (g) => [mul(expandBack(g, x, dims), productOfOthers(x, dims))]);
}

/** For each element, the product of the other elements of its reduction group (exact with zeros). */
function productOfOthers(x: Tensor, dims: readonly number[]): Tensor {
  // move the reduced dims last, so each group is one contiguous run of n elements
  const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const order = [...kept, ...dims];
  const moved = x.permute(order).contiguous().detach()._contiguousData();
  const n = numelOf(dims.map((d) => x.shape[d]));
  const out = B.alloc(x.dtype, moved.length, false);
  for (let start = 0; start < moved.length; start += n) {
    let prefix = 1;
    for (let j = 0; j < n; j++) {
      out[start + j] = prefix;
      prefix *= moved[start + j];
    }
    let suffix = 1;
    for (let j = n - 1; j >= 0; j--) {
      out[start + j] *= suffix;
      suffix *= moved[start + j];
    }
  }
  const inverse = new Array<number>(order.length);
  order.forEach((p, i) => (inverse[p] = i));
  return new Tensor(out, order.map((p) => x.shape[p]), x.dtype).permute(inverse);
}

/** amax/amin over dims: gradient is shared evenly among tied extremes, as in PyTorch. */
function extreme(op: 'amax' | 'amin', x: Tensor, dim: DimArg, keepdim: boolean | ReduceOptions | undefined, name: string): Tensor {
  checkTensor(op, x);
  const a = parseReduceArgs(op, WITHOUT_DTYPE, dim, keepdim);
  const dims = reduceDims(op, x, a.dim);
  if (x.numel() === 0 && dims.length === x.dim()) {
    throw new RangeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const kept = reduceKernel(op, x, dims, x.dtype);
  return record(finish(kept, dims, a.keepdim, x), name, [x], (g) => {
    const isExtreme = cast(compare('eq', x, expand(kept, x.shape)), g.dtype);
    return [div(mul(expandBack(g, x, dims), isExtreme), expand(sum(isExtreme, dims, true), x.shape))];
  });
}

export function amax(x: Tensor, dim?: DimArg, keepdim?: boolean | ReduceOptions): Tensor {
  checkArgs('amax', arguments, 3, WITHOUT_DTYPE);
  return extreme('amax', x, dim, keepdim, 'AmaxBackward0');
}

export function amin(x: Tensor, dim?: DimArg, keepdim?: boolean | ReduceOptions): Tensor {
  checkArgs('amin', arguments, 3, WITHOUT_DTYPE);
  return extreme('amin', x, dim, keepdim, 'AminBackward0');
}

/** max(x), max(x, other) or max(x, dim, keepdim) -> [values, indices]. */
export function max(x: Tensor, dim?: number | Tensor | ReduceOptions | null, keepdim?: boolean | ReduceOptions): Tensor | ValuesIndices {
  checkArgs('max', arguments, 3, WITHOUT_DTYPE);
  return maxOrMin(true, x, dim, keepdim);
}

export function min(x: Tensor, dim?: number | Tensor | ReduceOptions | null, keepdim?: boolean | ReduceOptions): Tensor | ValuesIndices {
  checkArgs('min', arguments, 3, WITHOUT_DTYPE);
  return maxOrMin(false, x, dim, keepdim);
}

function maxOrMin(isMax: boolean, x: Tensor, dim: unknown, keepdim: unknown): Tensor | ValuesIndices {
  const op = isMax ? 'max' : 'min';
  checkTensor(op, x);
  if (dim instanceof Tensor) return isMax ? x.maximum(dim) : x.minimum(dim);
  const a = parseReduceArgs(op, WITHOUT_DTYPE, dim, keepdim);
  if (a.dim == null) return extreme(isMax ? 'amax' : 'amin', x, null, false, isMax ? 'MaxBackward1' : 'MinBackward1');
  if (typeof a.dim !== 'number') throw new TypeError(`${op}(): argument 'dim' must be int, not ${typeName(a.dim)}`);
  const { values, indices } = argReduce(op, isMax, x, a.dim, a.keepdim);
  const d = normalizeDim(op, a.dim, x.dim());
  record(values, isMax ? 'MaxBackward0' : 'MinBackward0', [x], (g) => [scatterAlongDim(g, indices, x.shape, d)]);
  return new ValuesIndices(values, indices);
}

/** values and int64 indices of the max/min along one dim (the first extreme wins; NaN counts as extreme). */
function argReduce(op: string, isMax: boolean, x: Tensor, dim: number, keepdim: boolean): { values: Tensor; indices: Tensor } {
  const d = normalizeDim(op, dim, x.dim());
  const shape = x.dim() === 0 ? [1] : x.shape;
  const n = shape[d];
  if (n === 0) throw new RangeError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
  const outer = numelOf(shape.slice(0, d));
  const inner = numelOf(shape.slice(d + 1));
  const values = B.alloc(x.dtype, outer * inner, false);
  const indices = new Float64Array(outer * inner);
  B.argReduce(isMax, x.detach()._contiguousData(), values, indices, outer, n, inner);
  const outShape = keepdim ? keptShape(x.shape, [d]) : dropShape(x.shape, [d]);
  return { values: new Tensor(values, outShape, x.dtype), indices: new Tensor(indices, outShape, 'int64') };
}

/** Gradient of max/min along dim: g placed at the winning indices, zeros elsewhere. */
function scatterAlongDim(g: Tensor, indices: Tensor, shape: readonly number[], d: number): Tensor {
  const full = shape.length === 0 ? [1] : shape;
  const outer = numelOf(full.slice(0, d));
  const n = full[d];
  const inner = numelOf(full.slice(d + 1));
  const out = B.alloc(g.dtype, numelOf(full), true);
  const gd = g._contiguousData();
  const idx = indices._contiguousData();
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) out[(o * n + idx[o * inner + i]) * inner + i] = gd[o * inner + i];
  return new Tensor(out, shape, g.dtype);
}

export function argmax(x: Tensor, dim?: number | ReduceOptions | null, keepdim?: boolean | ReduceOptions): Tensor {
  checkArgs('argmax', arguments, 3, WITHOUT_DTYPE);
  return argExtreme('argmax', true, x, dim, keepdim);
}

export function argmin(x: Tensor, dim?: number | ReduceOptions | null, keepdim?: boolean | ReduceOptions): Tensor {
  checkArgs('argmin', arguments, 3, WITHOUT_DTYPE);
  return argExtreme('argmin', false, x, dim, keepdim);
}

function argExtreme(op: string, isMax: boolean, x: Tensor, dim: unknown, keepdim: unknown): Tensor {
  checkTensor(op, x);
  const a = parseReduceArgs(op, WITHOUT_DTYPE, dim, keepdim);
  if (a.dim == null) {
    if (x.numel() === 0) throw new RangeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = argReduce(op, isMax, reshape(x.detach(), [-1]), 0, false).indices;
    return a.keepdim ? reshape(flat, x.shape.map(() => 1)) : flat;
  }
  if (typeof a.dim !== 'number') throw new TypeError(`${op}(): argument 'dim' must be int, not ${typeName(a.dim)}`);
  return argReduce(op, isMax, x.detach(), a.dim, a.keepdim).indices;
}

const VAR_KEYS = ['dim', 'unbiased', 'keepdim', 'correction', 'axis', 'keepdims'];

export function parseVarArgs(op: string, dim: unknown, unbiased: unknown, keepdim: unknown, options?: VarOptions) {
  let opts: VarOptions = options ?? {};
  const args = [dim, unbiased, keepdim];
  const objIndex = args.findIndex((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
  if (objIndex >= 0) {
    opts = args[objIndex] as VarOptions;
    args.splice(objIndex);
  }
  checkKeywords(op, opts, VAR_KEYS);
  // var(x, unbiased: boolean) is PyTorch's other overload
  if (typeof args[0] === 'boolean') args.unshift(null);
  const d = (args[0] ?? opts.dim ?? opts.axis) as DimArg;
  const unb = (args[1] as boolean | undefined) ?? opts.unbiased;
  const correction = opts.correction ?? (unb === false ? 0 : 1);
  return { dim: d, correction, keepdim: (args[2] as boolean | undefined) ?? opts.keepdim ?? opts.keepdims ?? false };
}

export function var_(x: Tensor, dim?: unknown, unbiased?: unknown, keepdim?: unknown, options?: VarOptions): Tensor {
  checkArgs('var', arguments, 4, VAR_KEYS);
  checkTensor('var', x);
  if (!isFloating(x.dtype)) throw new TypeError(`var(): std and var only support floating point and complex dtypes (got ${x.dtype})`);
  // float16/bfloat16 in float32, rounded once at the end, as PyTorch does (the squares would overflow float16)
  if (isReduced(x.dtype)) return inFloat32(var_, arguments);
  const a = parseVarArgs('var', dim, unbiased, keepdim, options);
  const dims = reduceDims('var', x, a.dim);
  const n = numelOf(dims.map((d) => x.shape[d]));
  const centered = sub(x, mean(x, dims, true));
  return div(sum(mul(centered, centered), dims, a.keepdim), Math.max(n - a.correction, 0));
}

export function std(x: Tensor, dim?: unknown, unbiased?: unknown, keepdim?: unknown, options?: VarOptions): Tensor {
  // float16/bfloat16 as var does: a float16 variance overflows where the deviation does not
  if (x instanceof Tensor && isReduced(x.dtype)) return inFloat32(std, arguments);
  return sqrt(var_(x, dim, unbiased, keepdim, options));
}

function softmaxImpl(op: 'softmax' | 'log_softmax', x: Tensor, dim: unknown, options?: { dtype?: DType } | DType): Tensor {
  checkTensor(op, x);
  if (dim !== null && typeof dim === 'object') {
    options = dim as { dtype?: DType; dim?: number };
    dim = (dim as { dim?: number }).dim;
  }
  if (typeof options === 'string') options = { dtype: options }; // torch.softmax(x, dim, dtype): dtype positional
  else if (options !== undefined && options !== null && typeof options !== 'object') {
    throw new TypeError(`${op}(): argument 'dtype' (position 3) must be torch.dtype, not ${typeName(options)}`);
  }
  checkKeywords(op, options, ['dim', 'dtype']);
  if (dim === undefined || dim === null) throw new TypeError(`${op}(): argument 'dim' (position 2) must be int, not ${typeName(dim)}`);
  const input = options?.dtype ? cast(x, options.dtype) : x;
  if (!isFloating(input.dtype)) throw new TypeError(`${op}(): expected a floating point tensor, but got ${input.dtype} (pass { dtype: 'float32' })`);
  const d = normalizeDim(op, dim, input.dim());
  const shape = input.dim() === 0 ? [1] : input.shape;
  const outer = numelOf(shape.slice(0, d));
  const n = shape[d];
  const inner = numelOf(shape.slice(d + 1));
  const log = op === 'log_softmax';
  const out = B.alloc(input.dtype, numelOf(shape), false);
  if (out.length > 0) B.softmax(input._contiguousData(), out, outer, n, inner, log);
  const y = new Tensor(out, input.shape, input.dtype);
  return record(y, log ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0', [input], (g) => {
    const gx = B.alloc(g.dtype, out.length, false);
    if (gx.length > 0) B.softmaxBackward(out, g._contiguousData(), gx, outer, n, inner, log);
    return [new Tensor(gx, input.shape, g.dtype)];
  });
}

export function softmax(x: Tensor, dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType } | DType): Tensor {
  checkArgs('softmax', arguments, 3, ['dim', 'dtype']);
  return softmaxImpl('softmax', x, dim, options);
}

export function log_softmax(x: Tensor, dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType } | DType): Tensor {
  checkArgs('log_softmax', arguments, 3, ['dim', 'dtype']);
  return softmaxImpl('log_softmax', x, dim, options);
}


export interface NormOptions {
  p?: number | 'fro';
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
}

/** norm(x, p = 2, dim = null, keepdim = false): the vector p-norm over dims ('fro' is p = 2). */
export function norm(x: Tensor, p: number | 'fro' | NormOptions | null = 2, dim?: DimArg, keepdim?: boolean | NormOptions): Tensor {
  checkArgs('norm', arguments, 4, ['p', 'dim', 'keepdim']);
  checkTensor('norm', x);
  if (p !== null && typeof p === 'object') {
    checkKeywords('norm', p, ['p', 'dim', 'keepdim']);
    ({ p = 2, dim, keepdim } = p);
  } else if (keepdim !== null && typeof keepdim === 'object') {
    checkKeywords('norm', keepdim, ['dim', 'keepdim']);
    ({ dim = dim, keepdim } = keepdim);
  }
  const order = p === 'fro' || p === null ? 2 : p;
  if (typeof order !== 'number' || Number.isNaN(order)) throw new TypeError(`norm(): p must be a number or 'fro', not ${typeName(p)}`);
  if (!isFloating(x.dtype)) throw new TypeError(`norm(): input dtype should be floating point, but got ${x.dtype}`);
  const kd = keepdim === true;
  const a = x.abs();
  if (order === Infinity) return amax(a, dim, kd);
  if (order === -Infinity) return amin(a, dim, kd);
  if (order === 1) return sum(a, dim, kd);
  if (order !== 2) return sum(a.pow(order), dim, kd).pow(1 / order);
  const dims = reduceDims('norm', x, dim);
  const out = sqrt(sum(mul(x.detach(), x.detach()), dim, kd));
  // d|x|/dx = x / |x|, taken as 0 at the zero vector (as PyTorch does) instead of 0/0
  return record(out.detach(), 'NormBackward1', [x], (g) => {
    const r = reshape(out, keptShape(x.shape, dims));
    const safe = r.masked_fill(r.eq(0), 1);
    return [mul(div(expandBack(g, x, dims), expand(safe, x.shape)), x)];
  });
}
