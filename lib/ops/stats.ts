// Scans (cumprod, cummax, cummin, logcumsumexp), order statistics (median, mode, kthvalue, quantile), NaN-aware
// reductions, binning and searching, uniques, diff and cov/corrcoef. Values picked at indices are gathers, so their
// gradient goes to the picked elements for free; the scans' JS loops have their backward beside them.
import { named, type Named } from '../named';
import { B } from '../backend';
import { getDefaultDtype, isFloating, isIntegral, type DType } from '../dtype';
import { normalizeDim, numelOf } from '../shape';
import { record } from '../autograd';
import { Tensor, checkTensor, typeName, fromValues } from '../tensor';
import { checkArgs, isOptions, resolveArgs } from '../args';
import { ValuesIndices, sum, amax, amin } from './reduce';
import { around, gather } from './indexing';
import { cast, cat, clone, expand, narrow, reshape, squeeze, unsqueeze, permute } from './shape';
import { sort, cumsum } from './sorting';
import { TORCH_NAME, compare, div, mul, sub, where } from './elementwise';
import { inplaceResult } from './inplace';
import { warnOnce } from '../utils/warnings';
import { linspace } from './creation';

/** A lane-by-lane view of x along dim: element t of lane (o, c) is at data[(o * n + t) * inner + c]. */
function lanes(x: Tensor, dim: number) {
  const [outer, n, inner] = around(x.shape, dim);
  const data = x.contiguous().data;
  const at = (o: number, c: number, t: number) => (o * n + t) * inner + c;
  return { outer, n, inner, data, at };
}

const isNaN_ = (v: number) => v !== v;

/**
 * The keyword-only arguments (`keys`) of a call of `op` taking `positional` positional arguments: PyTorch's errors
 * for extra or unknown ones; the defaults for those not given.
 */
function keywordArgs<T extends object>(op: string, args: IArguments, positional: number, keys: readonly (keyof T & string)[], defaults: T, required = positional): T {
  checkArgs(op, args, positional, keys, required);
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const options = (end > required && isOptions(args[end - 1]) ? args[end - 1] : {}) as Partial<T>;
  const out = { ...defaults };
  for (const key of keys) if (options[key] !== undefined) out[key] = options[key] as T[typeof key];
  return out;
}

/** Positions 0..n-1 ordered by value, NaN last, equal values (and NaNs) in their original order. */
function stableOrder(row: ArrayLike<number>): number[] {
  const order = Array.from({ length: row.length }, (_, i) => i);
  return order.sort((i, j) => {
    const a = row[i], b = row[j];
    if (a !== a) return b !== b ? 0 : 1;
    if (b !== b) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function checkDimSize(op: string, x: Tensor, d: number): void {
  if (x.dim() > 0 && x.shape[d] === 0) throw new RangeError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
}

function notFor(op: string, kernel: string, x: Tensor, ok: (dtype: DType) => boolean): void {
  if (!ok(x.dtype)) throw new TypeError(`${op}(): "${kernel}" not implemented for '${TORCH_NAME[x.dtype]}'`);
}

// ------------------------------------------------------------------------------------------------ scans

/** The output dtype of cumsum/cumprod: `dtype`, else x's if floating, else int64. */
const scanDType = (x: Tensor, dtype?: DType): DType => dtype ?? (isFloating(x.dtype) ? x.dtype : 'int64');

/**
 * torch.cumprod(input, dim, { dtype }): running products along dim. The gradient is PyTorch's exact one, zeros
 * included: before a lane's first zero it is reverse-cumsum(g * y) / x; at the first zero, the sum over later
 * outputs of g times the product of the other factors; after it, 0.
 */
export function cumprod(input: Tensor, dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType }): Tensor {
  const x = checkTensor('cumprod', input);
  const a = resolveArgs<{ dim?: number; dtype?: DType }>('cumprod', ['dim', 'dtype'], {}, arguments, 1);
  if (a.dim === undefined) throw new TypeError("cumprod() missing 1 required positional argument: 'dim'");
  const d = normalizeDim('cumprod', a.dim, x.dim());
  const dtype = scanDType(x, a.dtype);
  const src = cast(x.detach(), dtype);
  const L = lanes(src, d);
  const out = B.alloc(dtype, L.data.length, false);
  for (let o = 0; o < L.outer; o++)
    for (let c = 0; c < L.inner; c++) {
      let p = 1;
      for (let t = 0; t < L.n; t++) out[L.at(o, c, t)] = p *= L.data[L.at(o, c, t)];
    }
  const y = new Tensor(out, x.shape, dtype);
  return record(y, 'CumprodBackward0', [x], (g) => {
    const G = lanes(g, d);
    const gx = B.alloc(g.dtype, G.data.length, true);
    for (let o = 0; o < L.outer; o++)
      for (let c = 0; c < L.inner; c++) {
        let zero = L.n;
        for (let t = 0; t < L.n; t++) if (L.data[L.at(o, c, t)] === 0) { zero = t; break; }
        let acc = 0;
        for (let t = L.n - 1; t >= 0; t--) {
          const e = L.at(o, c, t);
          if (t < zero) acc += G.data[e] * out[e];
          if (t < zero) gx[e] = acc / L.data[e];
        }
        if (zero < L.n) {
          let p = zero > 0 ? out[L.at(o, c, zero - 1)] : 1;
          let s = 0;
          for (let t = zero; t < L.n; t++) {
            if (t > zero) p *= L.data[L.at(o, c, t)];
            s += G.data[L.at(o, c, t)] * p;
          }
          gx[L.at(o, c, zero)] = s;
        }
      }
    const r = new Tensor(gx, x.shape, g.dtype);
    return [r.dtype === x.dtype ? r : cast(r, x.dtype)];
  });
}

/** Tensor.cumsum_(dim, { dtype }) and cumprod_: the scan written back into the tensor, whose dtype it keeps. */
function scanInPlace(op: 'cumsum_' | 'cumprod_', x: Tensor, args: IArguments): Tensor {
  const a = resolveArgs<{ dim?: number; dtype?: DType }>(op, ['dim', 'dtype'], {}, args, 1);
  checkTensor(op, x, 'self');
  if (a.dim === undefined) throw new TypeError(`${op}() missing 1 required positional argument: 'dim'`);
  if (a.dtype !== undefined && a.dtype !== x.dtype) {
    throw new TypeError(`${op}(): Bad in-place call: input tensor dtype ${x.dtype} and output tensor dtype ${a.dtype} should match`);
  }
  const kernel = op === 'cumsum_' ? 'cumsum_out_cpu' : 'cumprod_out_cpu';
  notFor(op, kernel, x, (t) => t !== 'bool');
  const f = op === 'cumsum_' ? cumsum : cumprod;
  return inplaceResult(op, x, (t) => f(t, a.dim!, { dtype: x.dtype }));
}

export function cumsum_(x: Tensor, dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType }): Tensor {
  return scanInPlace('cumsum_', x, arguments);
}

export function cumprod_(x: Tensor, dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType }): Tensor {
  return scanInPlace('cumprod_', x, arguments);
}

/**
 * cummax/cummin: the running extreme and where it was last reached. As PyTorch's CPU kernel, a value equal to the
 * running extreme moves the index to it, and NaN, once seen, stays the extreme (each later NaN moves the index).
 * The gradient of each output goes to the element its index names.
 */
function cumExtreme(op: 'cummax' | 'cummin', input: Tensor, args: IArguments): ValuesIndices {
  const x = checkTensor(op, input);
  const a = resolveArgs<{ dim?: number }>(op, ['dim'], {}, args, 1);
  if (a.dim === undefined) throw new TypeError(`${op}() missing 1 required positional argument: 'dim'`);
  const d = normalizeDim(op, a.dim, x.dim());
  const L = lanes(x.detach(), d);
  const values = B.alloc(x.dtype, L.data.length, false);
  const indices = new Float64Array(L.data.length);
  const better = op === 'cummax' ? (v: number, best: number) => v >= best : (v: number, best: number) => v <= best;
  for (let o = 0; o < L.outer; o++)
    for (let c = 0; c < L.inner; c++) {
      let best = 0, at = 0;
      for (let t = 0; t < L.n; t++) {
        const e = L.at(o, c, t);
        const v = L.data[e];
        if (t === 0 || isNaN_(v) || (!isNaN_(best) && better(v, best))) {
          best = v;
          at = t;
        }
        values[e] = best;
        indices[e] = at;
      }
    }
  const idx = new Tensor(indices, x.shape, 'int64');
  const v = record(new Tensor(values, x.shape, x.dtype), op === 'cummax' ? 'CummaxBackward0' : 'CumminBackward0', [x], (g) => {
    const G = lanes(g, d);
    const gx = B.alloc(g.dtype, G.data.length, true);
    for (let o = 0; o < L.outer; o++)
      for (let c = 0; c < L.inner; c++)
        for (let t = 0; t < L.n; t++) gx[L.at(o, c, indices[L.at(o, c, t)])] += G.data[L.at(o, c, t)];
    return [new Tensor(gx, x.shape, g.dtype)];
  });
  return new ValuesIndices(v, idx);
}

/** torch.cummax(input, dim) -> (values, indices). */
export function cummax(input: Tensor, dim: number | { dim: number }): ValuesIndices {
  return cumExtreme('cummax', input, arguments);
}

/** torch.cummin(input, dim) -> (values, indices). */
export function cummin(input: Tensor, dim: number | { dim: number }): ValuesIndices {
  return cumExtreme('cummin', input, arguments);
}

/** log(exp(a) + exp(b)) without overflow; -inf + -inf stays -inf, +inf wins. */
function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === -Infinity || m === Infinity) return a !== a || b !== b ? NaN : m;
  return m + Math.log1p(Math.exp(Math.min(a, b) - m));
}

/**
 * torch.logcumsumexp(input, dim): log of the running sums of exp(input), stably. Gradient: sum over k >= i of
 * g_k exp(x_i - y_k), taken as a reverse log-cum-sum-exp of the positive and of the negative parts of g.
 */
export function logcumsumexp(input: Tensor, dim: number | { dim: number }): Tensor {
  const x = checkTensor('logcumsumexp', input);
  const a = resolveArgs<{ dim?: number }>('logcumsumexp', ['dim'], {}, arguments, 1);
  if (a.dim === undefined) throw new TypeError("logcumsumexp() missing 1 required positional argument: 'dim'");
  notFor('logcumsumexp', 'logcumsumexp_out_cpu', x, isFloating);
  const d = normalizeDim('logcumsumexp', a.dim, x.dim());
  const L = lanes(x.detach(), d);
  const out = B.alloc(x.dtype, L.data.length, false);
  for (let o = 0; o < L.outer; o++)
    for (let c = 0; c < L.inner; c++) {
      let acc = -Infinity;
      for (let t = 0; t < L.n; t++) out[L.at(o, c, t)] = acc = logAddExp(acc, L.data[L.at(o, c, t)]);
    }
  return record(new Tensor(out, x.shape, x.dtype), 'LogcumsumexpBackward0', [x], (g) => {
    const G = lanes(g, d);
    const gx = B.alloc(g.dtype, G.data.length, false);
    for (let o = 0; o < L.outer; o++)
      for (let c = 0; c < L.inner; c++) {
        let pos = -Infinity, neg = -Infinity;
        for (let t = L.n - 1; t >= 0; t--) {
          const e = L.at(o, c, t);
          const gk = G.data[e];
          if (gk > 0) pos = logAddExp(pos, Math.log(gk) - out[e]);
          else if (gk < 0) neg = logAddExp(neg, Math.log(-gk) - out[e]);
          gx[e] = Math.exp(L.data[e] + pos) - Math.exp(L.data[e] + neg);
        }
      }
    return [new Tensor(gx, x.shape, g.dtype)];
  });
}

// ------------------------------------------------------------------------------------------------ order statistics

/**
 * For each lane of x along dim, the position `pick` chooses from the lane's stable order (NaN last); the values are
 * a gather at those positions (their gradient goes there), as (values, int64 indices).
 */
function pickAlong(op: string, x: Tensor, dim: number, keepdim: boolean, pick: (row: number[], order: number[]) => number): ValuesIndices {
  const d = normalizeDim(op, dim, x.dim());
  checkDimSize(op, x, d);
  const L = lanes(x.detach(), d);
  const idx = new Float64Array(L.outer * L.inner);
  const row = new Array<number>(L.n);
  for (let o = 0; o < L.outer; o++)
    for (let c = 0; c < L.inner; c++) {
      for (let t = 0; t < L.n; t++) row[t] = Number(L.data[L.at(o, c, t)]);
      idx[o * L.inner + c] = pick(row, stableOrder(row));
    }
  if (x.dim() === 0) return new ValuesIndices(clone(x), new Tensor(new Float64Array(1), [], 'int64'));
  const kept = x.shape.map((s, i) => (i === d ? 1 : s));
  const indices = new Tensor(idx, kept, 'int64');
  const values = gather(x, d, indices);
  return keepdim ? new ValuesIndices(values, indices) : new ValuesIndices(squeeze(values, d), squeeze(indices, d));
}

interface DimKeep {
  dim?: number;
  keepdim?: boolean;
}

/**
 * The lower median of a lane: the first NaN if there is one (median), or of the non-NaN values (nanmedian; in an
 * all-NaN lane the middle one, as PyTorch's CPU kernel gives).
 */
const medianPick = (skipNaN: boolean) => (row: number[], order: number[]) => {
  const valid = row.filter((v) => v === v).length;
  if (valid === row.length || skipNaN) return order[((valid === 0 ? row.length : valid) - 1) >> 1];
  return order[valid]; // the first NaN
};

/**
 * median(x): the lower median of all elements (NaN if any is NaN); its gradient is shared evenly among the
 * elements equal to it, as PyTorch's. median(x, dim, keepdim): (values, indices) along dim.
 */
function medianImpl(op: 'median' | 'nanmedian', input: Tensor, args: IArguments): Tensor | ValuesIndices {
  const x = checkTensor(op, input);
  const a = resolveArgs<DimKeep>(op, ['dim', 'keepdim'], { keepdim: false }, args, 1);
  notFor(op, op === 'median' ? 'median_cpu' : 'nanmedian_cpu', x, (t) => t !== 'bool');
  if (a.dim !== undefined && a.dim !== null) return pickAlong(op, x, a.dim, !!a.keepdim, medianPick(op === 'nanmedian'));
  if (x.numel() === 0) return fromValues([NaN], [], x.dtype);
  const flat = reshape(x.detach(), [-1]);
  const i = pickAlong(op, flat, 0, false, medianPick(op === 'nanmedian')).indices.item() as number;
  const value = flat.data[i];
  const out = fromValues([value], [], x.dtype);
  return record(out, op === 'median' ? 'MedianBackward0' : 'NanmedianBackward0', [x], (g) => {
    const mask = cast(value !== value ? x.detach().isnan() : compare('eq', x.detach(), value), g.dtype);
    return [mul(mask, div(g, sum(mask)))];
  });
}

export function median(input: Tensor, dim?: number | DimKeep, keepdim?: boolean | DimKeep): Tensor | ValuesIndices {
  return medianImpl('median', input, arguments);
}

/** torch.nanmedian: median ignoring NaN (NaN only where a lane is all NaN). */
export function nanmedian(input: Tensor, dim?: number | DimKeep, keepdim?: boolean | DimKeep): Tensor | ValuesIndices {
  return medianImpl('nanmedian', input, arguments);
}

/**
 * torch.mode(input, dim = -1, keepdim = false): the most frequent value of each lane, the smallest on a tie (NaNs
 * never equal each other), and, as PyTorch's CPU kernel, the last index where it occurs.
 */
export function mode(input: Tensor, dim?: number | DimKeep, keepdim?: boolean | DimKeep): ValuesIndices {
  const x = checkTensor('mode', input);
  const a = resolveArgs<DimKeep>('mode', ['dim', 'keepdim'], { dim: -1, keepdim: false }, arguments, 1);
  return pickAlong('mode', x, a.dim!, !!a.keepdim, (row, order) => {
    let best = -1, bestCount = 0;
    for (let s = 0; s < order.length; ) {
      let e = s + 1;
      while (e < order.length && row[order[e]] === row[order[s]]) e++;
      if (e - s > bestCount) {
        bestCount = e - s;
        best = order[s];
        for (let t = s + 1; t < e; t++) best = Math.max(best, order[t]);
      }
      s = e;
    }
    return best;
  });
}

/** torch.kthvalue(input, k, dim = -1, keepdim = false): the k-th smallest of each lane (1-based; NaN largest). */
export function kthvalue(input: Tensor, k: number | (DimKeep & { k?: number }), dim?: number | DimKeep, keepdim?: boolean | DimKeep): ValuesIndices {
  const x = checkTensor('kthvalue', input);
  const a = resolveArgs<DimKeep & { k?: number }>('kthvalue', ['k', 'dim', 'keepdim'], { dim: -1, keepdim: false }, arguments, 1);
  if (!Number.isInteger(a.k)) throw new TypeError(`kthvalue(): argument 'k' (position 2) must be int, not ${typeName(a.k)}`);
  const d = normalizeDim('kthvalue', a.dim, x.dim());
  const n = x.dim() === 0 ? 1 : x.shape[d];
  if (a.k! < 1 || a.k! > n) throw new RangeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  return pickAlong('kthvalue', x, d, !!a.keepdim, (_row, order) => order[a.k! - 1]);
}

/** torch.msort(input): sort along the first dim, values only. */
export function msort(input: Tensor): Tensor {
  const x = checkTensor('msort', input);
  return sort(x, 0).values;
}

export interface QuantileOptions {
  dim?: number | null;
  keepdim?: boolean;
  interpolation?: 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';
}
const INTERPOLATIONS = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];

/** Rounds half to even, as torch.round does for 'nearest'. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * quantile/nanquantile: the lanes are sorted (gradient through sort's gather), and each q picks the two
 * neighbours of rank q * (count - 1) and interpolates them with PyTorch's lerp.
 */
function quantileImpl(op: 'quantile' | 'nanquantile', input: Tensor, args: IArguments): Tensor {
  const x = checkTensor(op, input);
  const a = resolveArgs<QuantileOptions & { q?: number | Tensor }>(op, ['q', 'dim', 'keepdim', 'interpolation'], { dim: null, keepdim: false, interpolation: 'linear' }, args, 1);
  if (!isFloating(x.dtype)) throw new TypeError(`${op}() input tensor must be either float or double dtype`);
  const q = a.q;
  let qs: number[];
  if (q instanceof Tensor) {
    if (q.dim() > 1) throw new RangeError(`${op}() q must be a scalar or 1D tensor`);
    if (q.dtype !== x.dtype) throw new TypeError(`${op}() q tensor must be same dtype as the input tensor`);
    qs = Array.from(q.contiguous().data as ArrayLike<number>);
  } else if (typeof q === 'number') qs = [q];
  else throw new TypeError(`${op}(): argument 'q' (position 2) must be Tensor or float, not ${typeName(q)}`);
  if (x.numel() === 0) throw new RangeError(`${op}() input tensor must be non-empty`);
  for (const v of qs) if (!(v >= 0 && v <= 1)) throw new RangeError(`${op}() q must be in the range [0, 1] but got ${v}`);
  if (!INTERPOLATIONS.includes(a.interpolation as string)) {
    throw new RangeError(`${op}() interpolation must be one of linear, lower, higher, midpoint or nearest, but got ${a.interpolation}`);
  }
  // lanes along the last dim of `moved`, one per element of `rest`
  const whole = a.dim === null || a.dim === undefined;
  const d = whole ? 0 : normalizeDim(op, a.dim, x.dim());
  const src = whole ? reshape(x, [-1]) : x.dim() === 0 ? reshape(x, [1]) : x;
  const order = src.shape.map((_, i) => i).filter((i) => i !== d).concat([d]);
  const moved = permute(src, order);
  const rest = moved.shape.slice(0, -1);
  const n = moved.shape[moved.dim() - 1];
  const sorted = sort(moved, -1).values;
  const sd = sorted.detach().contiguous().data;
  const lanesCount = numelOf(rest);
  const lo = new Float64Array(qs.length * lanesCount), hi = new Float64Array(lo.length);
  const w = B.alloc(x.dtype, lo.length, false), oneMinusW = B.alloc(x.dtype, lo.length, false);
  for (let l = 0; l < lanesCount; l++) {
    let valid = 0;
    while (valid < n && sd[l * n + valid] === sd[l * n + valid]) valid++;
    qs.forEach((qv, j) => {
      const e = j * lanesCount + l;
      // a lane with NaN: quantile picks the last (NaN) element; nanquantile of an all-NaN lane is NaN too
      const rank = op === 'quantile' ? (valid < n ? n - 1 : qv * (n - 1)) : valid === 0 ? 0 : qv * (valid - 1);
      let below = Math.floor(rank), above = Math.ceil(rank);
      const frac = rank - below;
      if (a.interpolation === 'lower') above = below;
      else if (a.interpolation === 'higher') below = above;
      else if (a.interpolation === 'nearest') below = above = roundHalfEven(rank);
      lo[e] = below;
      hi[e] = above;
      w[e] = a.interpolation === 'midpoint' ? 0.5 : a.interpolation === 'linear' ? frac : 0;
      oneMinusW[e] = 1 - w[e];
    });
  }
  const qShape = [qs.length, ...rest, 1];
  const all = expand(unsqueeze(sorted, 0), [qs.length, ...sorted.shape]);
  const start = squeeze(gather(all, -1, new Tensor(lo, qShape, 'int64')), -1);
  const end = squeeze(gather(all, -1, new Tensor(hi, qShape, 'int64')), -1);
  const weight = new Tensor(w, [qs.length, ...rest], x.dtype);
  // torch.lerp: start + w * (end - start) for w < 0.5, else end - (end - start) * (1 - w)
  const diff = sub(end, start);
  const rest1 = new Tensor(oneMinusW, weight.shape, x.dtype);
  let out = where(compare('lt', weight, 0.5), start.add(mul(weight, diff)), sub(end, mul(diff, rest1)));
  if (a.keepdim) out = whole ? reshape(out, [qs.length, ...x.shape.map(() => 1)]) : unsqueeze(out, d + 1);
  return q instanceof Tensor && q.dim() === 1 ? out : squeeze(out, 0);
}

/** torch.quantile(input, q, dim = None, keepdim = False, { interpolation = 'linear' }): q a number or 1-D tensor. */
export function quantile(input: Tensor, q: number | Tensor | QuantileOptions, dim?: number | null | QuantileOptions, keepdim?: boolean | QuantileOptions, options?: QuantileOptions): Tensor {
  return quantileImpl('quantile', input, arguments);
}

/** torch.nanquantile: quantile ignoring NaN. */
export function nanquantile(input: Tensor, q: number | Tensor | QuantileOptions, dim?: number | null | QuantileOptions, keepdim?: boolean | QuantileOptions, options?: QuantileOptions): Tensor {
  return quantileImpl('nanquantile', input, arguments);
}

// ------------------------------------------------------------------------------------------------ NaN-aware, counts

type Dims = number | readonly number[] | null;
interface NanOptions {
  dim?: Dims;
  keepdim?: boolean;
  dtype?: DType;
}

/** Checks dim (an int, a list of ints or null) for `op`, in PyTorch's words, before sum sees it. */
function checkDims(op: string, x: Tensor, dim: unknown): void {
  if (dim === null || dim === undefined) return;
  if (typeof dim !== 'number' && !Array.isArray(dim)) throw new TypeError(`${op}(): argument 'dim' must be int or tuple of ints, not ${typeName(dim)}`);
  const dims = (typeof dim === 'number' ? [dim] : dim).map((d) => normalizeDim(op, d, x.dim()));
  const twice = dims.find((d, i) => dims.indexOf(d) !== i);
  if (twice !== undefined) throw new RangeError(`${op}(): dim ${twice} appears multiple times in the list of dims`);
}

/** torch.nansum(input, dim = None, keepdim = False, { dtype }): sum with NaN counted as 0 (gradient 0 there). */
export function nansum(input: Tensor, dim?: Dims | NanOptions, keepdim?: boolean | NanOptions, options?: NanOptions): Tensor {
  const x = checkTensor('nansum', input);
  const a = resolveArgs<NanOptions>('nansum', ['dim', 'keepdim', 'dtype'], { dim: null, keepdim: false }, arguments, 1);
  checkDims('nansum', x, a.dim);
  // the gradient is g * (x is not NaN), as PyTorch's: multiplied, so an infinite g gives NaN there too
  const notNaN = isFloating(x.dtype) ? x.detach().isnan().logical_not() : null;
  const clean = notNaN ? record(x.detach().masked_fill(notNaN.logical_not(), 0), 'NansumBackward0', [x], (g) => [mul(g, cast(notNaN, g.dtype))]) : x;
  return sum(clean, a.dim, !!a.keepdim, a.dtype ? { dtype: a.dtype } : {});
}

/** torch.nanmean(input, dim = None, keepdim = False, { dtype }): mean of the non-NaN elements. */
export function nanmean(input: Tensor, dim?: Dims | NanOptions, keepdim?: boolean | NanOptions, options?: NanOptions): Tensor {
  const x = checkTensor('nanmean', input);
  const a = resolveArgs<NanOptions>('nanmean', ['dim', 'keepdim', 'dtype'], { dim: null, keepdim: false }, arguments, 1);
  if (!isFloating(x.dtype)) throw new TypeError(`nanmean(): expected input to have floating point dtype but got ${TORCH_NAME[x.dtype]}`);
  checkDims('nanmean', x, a.dim);
  const valid = x.detach().isnan().logical_not();
  const total = nansum(x, a.dim, !!a.keepdim, a.dtype ? { dtype: a.dtype } : {});
  return div(total, sum(valid, a.dim, !!a.keepdim));
}

/** torch.count_nonzero(input, dim = None): int64 counts of non-zero elements (NaN counts), over dim (int or list). */
export function count_nonzero(input: Tensor, dim?: Dims | { dim?: Dims }): Tensor {
  const x = checkTensor('count_nonzero', input);
  const a = resolveArgs<{ dim?: Dims }>('count_nonzero', ['dim'], { dim: null }, arguments, 1);
  checkDims('count_nonzero', x, a.dim);
  return sum(compare('ne', x.detach(), 0), a.dim, false);
}

/** What aminmax returns, like PyTorch's named tuple: `const [min, max] = ...` or `.min` / `.max`. */
export type MinMax = Named<'min' | 'max'>;

/** torch.aminmax(input, { dim, keepdim }): (min, max). PyTorch 1.13 has no derivative for it; neither has torchlet. */
export function aminmax(input: Tensor, options?: { dim?: number | null; keepdim?: boolean }): MinMax {
  const x = checkTensor('aminmax', input);
  const a = keywordArgs<{ dim?: number | null; keepdim?: boolean }>('aminmax', arguments, 1, ['dim', 'keepdim'], { dim: null, keepdim: false });
  const whole = a.dim === null || a.dim === undefined;
  if (!whole) normalizeDim('aminmax', a.dim, x.dim());
  if (x.numel() === 0 && (whole || x.dim() === 0 || x.shape[normalizeDim('aminmax', a.dim, x.dim())] === 0)) {
    throw new RangeError('aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.');
  }
  const noDerivative = (t: Tensor) =>
    record(t, 'AminmaxBackward0', [x], () => {
      throw new Error('derivative for aten::aminmax is not implemented');
    });
  const lo = amin(x.detach(), whole ? null : a.dim!, !!a.keepdim);
  const hi = amax(x.detach(), whole ? null : a.dim!, !!a.keepdim);
  const shape = whole && a.keepdim ? x.shape.map(() => 1) : lo.shape;
  return named({ min: noDerivative(reshape(lo, shape).contiguous()), max: noDerivative(reshape(hi, shape).contiguous()) });
}

// ------------------------------------------------------------------------------------------------ binning and search

/** [lo, hi], or the data's [min, max] when they are equal, widened by `widen` if still equal; `message` for a non-finite range. */
function dataRange(x: Tensor, lo: number, hi: number, widen: number, message: (l: number, h: number) => string): [number, number] {
  if (lo === hi && x.numel() > 0) {
    const data = x.contiguous().data as ArrayLike<number>;
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v !== v) { lo = hi = NaN; break; }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === hi) {
    lo -= widen;
    hi += widen;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(message(lo, hi));
  return [lo, hi];
}

/**
 * torch.histc(input, bins = 100, min = 0, max = 0): counts in `bins` equal bins over [min, max] (the data's range
 * when both are equal); elements outside it and NaN are ignored. As PyTorch, the bin of v is
 * floor((v - min) * bins / (max - min)) in the input's precision, the last bin closed.
 */
export function histc(input: Tensor, bins?: number | HistcOptions, min?: number | HistcOptions, max?: number | HistcOptions): Tensor {
  const x = checkTensor('histc', input);
  const a = resolveArgs<HistcOptions>('histc', ['bins', 'min', 'max'], { bins: 100, min: 0, max: 0 }, arguments, 1);
  notFor('histc', 'histogram_cpu', x, isFloating);
  if (!Number.isInteger(a.bins) || a.bins! <= 0) throw new RangeError(`histc(): torch.histogram(): bins must be > 0, but got ${a.bins} for dimension 0`);
  if (a.max! < a.min!) throw new RangeError('histc(): torch.histc: max must be larger than min');
  const round = x.dtype === 'float32' ? Math.fround : (v: number) => v;
  const [lo, hi] = dataRange(x, round(a.min!), round(a.max!), 1, (l, h) => `histc(): torch.histc: range of [${l}, ${h}] is not finite`);
  const counts = B.alloc(x.dtype, a.bins!, true);
  const data = x.contiguous().data as ArrayLike<number>;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v >= lo && v <= hi)) continue;
    let pos = Math.trunc(round(round(round(v - lo) * a.bins!) / round(hi - lo)));
    if (pos >= a.bins!) pos = a.bins! - 1;
    counts[pos] += 1;
  }
  return new Tensor(counts, [a.bins!], x.dtype);
}
interface HistcOptions {
  bins?: number;
  min?: number;
  max?: number;
}

/**
 * torch.bincount(input, weights = None, minlength = 0): how often each value of a 1-D non-negative integer tensor
 * occurs (int64), or the sum of its weights (float32 weights give float32, any other weights float64).
 */
export function bincount(input: Tensor, weights?: Tensor | null | BincountOptions, minlength?: number | BincountOptions): Tensor {
  const x = checkTensor('bincount', input);
  const a = resolveArgs<BincountOptions>('bincount', ['weights', 'minlength'], { weights: null, minlength: 0 }, arguments, 1);
  if (!Number.isInteger(a.minlength)) throw new TypeError(`bincount(): argument 'minlength' must be int, not ${typeName(a.minlength)}`);
  notFor('bincount', 'bincount_cpu', x, (t) => isIntegral(t) && t !== 'bool');
  if (a.minlength! < 0) throw new RangeError('bincount(): minlength should be >= 0');
  const data = x.contiguous().data as ArrayLike<number>;
  if (x.dim() !== 1 || Array.prototype.some.call(data, (v: number) => v < 0)) throw new RangeError('bincount(): bincount only supports 1-d non-negative integral inputs.');
  const w = a.weights ? checkTensor('bincount', a.weights, 'weights', 2) : null;
  if (w && (w.dim() !== 1 || w.numel() !== x.numel())) throw new RangeError('bincount(): weights should be 1-d and have the same length as input');
  let length = a.minlength!;
  for (let i = 0; i < data.length; i++) length = Math.max(length, data[i] + 1);
  const dtype: DType = !w ? 'int64' : w.dtype === 'float32' ? 'float32' : 'float64';
  const out = B.alloc(dtype, length, true);
  const wd = w?.contiguous().data;
  for (let i = 0; i < data.length; i++) out[data[i]] += wd ? Number(wd[i]) : 1;
  return new Tensor(out, [length], dtype);
}
interface BincountOptions {
  weights?: Tensor | null;
  minlength?: number;
}

/** PyTorch's binary searches: the first position whose boundary is >= v (left) or > v (right); NaN goes last. */
function searchRow(b: ArrayLike<number>, start: number, n: number, v: number, right: boolean, sorter?: ArrayLike<number>): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = b[start + (sorter ? sorter[start + mid] : mid)];
    if (right ? !(m > v) : !(m >= v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface SearchOptions {
  out_int32?: boolean;
  right?: boolean;
  side?: 'left' | 'right' | null;
  sorter?: Tensor | null;
}

/**
 * torch.searchsorted(sorted_sequence, values, { out_int32, right, side, sorter }): for each value, the index in the
 * sorted innermost lane (sorted_sequence 1-D, or with leading dims matching values') where it would be inserted to
 * keep the order: before equal elements, or after them with right / side 'right'.
 */
export function searchsorted(sorted_sequence: Tensor, values: Tensor | number, options?: SearchOptions): Tensor {
  const op = 'searchsorted';
  const s = checkTensor(op, sorted_sequence, 'sorted_sequence');
  const a = keywordArgs<SearchOptions>(op, arguments, 2, ['out_int32', 'right', 'side', 'sorter'], { out_int32: false, right: false, side: null, sorter: null });
  if (a.side !== null && a.side !== undefined && a.side !== 'left' && a.side !== 'right') throw new RangeError(`${op}(): torch.searchsorted(): side can only be 'left' or 'right' but got ${a.side}`);
  if (a.right && a.side === 'left') throw new RangeError(`${op}(): torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True`);
  const right = a.side ? a.side === 'right' : !!a.right;
  const scalar = typeof values === 'number';
  const v = scalar ? fromValues([values as number], [], 'float64') : checkTensor(op, values, 'input', 2);
  if (s.dim() === 0) throw new RangeError(`${op}(): torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension`);
  const n = s.shape[s.dim() - 1];
  if (s.dim() > 1 && (s.dim() !== v.dim() || s.shape.slice(0, -1).join() !== v.shape.slice(0, -1).join())) {
    throw new RangeError(
      `${op}(): torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [${s.shape.join(', ')}] and input value tensor [${v.shape.join(', ')}]`,
    );
  }
  let order: ArrayLike<number> | undefined;
  if (a.sorter) {
    const so = checkTensor(op, a.sorter, 'sorter');
    if (so.shape.join() !== s.shape.join()) throw new RangeError(`${op}(): torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor [${s.shape.join(', ')}]and got sorter tensor [${so.shape.join(', ')}]`);
    order = so.contiguous().data as ArrayLike<number>;
    if (Array.prototype.some.call(order, (i: number) => !(i >= 0 && i < n))) throw new RangeError(`${op}(): torch.searchsorted(): sorter index out of range`);
  }
  const bd = s.contiguous().data as ArrayLike<number>;
  const vd = v.contiguous().data as ArrayLike<number>;
  const perLane = v.dim() === 0 ? 1 : v.shape[v.dim() - 1];
  const out = new Float64Array(vd.length);
  for (let i = 0; i < vd.length; i++) {
    const lane = s.dim() === 1 ? 0 : Math.floor(i / perLane);
    out[i] = searchRow(bd, lane * n, n, Number(vd[i]), right, order);
  }
  const dtype: DType = a.out_int32 ? 'int32' : 'int64';
  const storage = B.alloc(dtype, out.length, false);
  storage.set(out);
  return new Tensor(storage, v.shape, dtype);
}

/** torch.bucketize(input, boundaries, { out_int32, right }): searchsorted with 1-D boundaries. */
export function bucketize(input: Tensor | number, boundaries: Tensor, options?: { out_int32?: boolean; right?: boolean }): Tensor {
  if (typeof input !== 'number') checkTensor('bucketize', input);
  const b = checkTensor('bucketize', boundaries, 'boundaries', 2);
  const a = keywordArgs<{ out_int32?: boolean; right?: boolean }>('bucketize', arguments, 2, ['out_int32', 'right'], { out_int32: false, right: false });
  if (b.dim() !== 1) throw new RangeError(`bucketize(): boundaries tensor must be 1 dimension, but got dim(${b.dim()})`);
  return searchsorted(b, input, { out_int32: a.out_int32, right: a.right });
}

/** What histogram returns, like PyTorch's named tuple: `const [hist, bin_edges] = ...` or `.hist` / `.bin_edges`. */
export type Histogram = Named<'hist' | 'bin_edges'>;

export interface HistogramOptions {
  bins?: number | Tensor;
  range?: [number, number] | null;
  weight?: Tensor | null;
  density?: boolean;
}

/**
 * torch.histogram(input, bins, { range, weight, density }): (hist, bin_edges). `bins` is a count of equal bins over
 * range (the data's by default) or a 1-D tensor of increasing edges; each bin is closed on the left, the last one
 * on both sides. With density, hist / (sum(hist) * bin width).
 */
export function histogram(input: Tensor, bins: number | Tensor | HistogramOptions, options?: HistogramOptions): Histogram {
  const x = checkTensor('histogram', input);
  const a = keywordArgs<HistogramOptions>('histogram', arguments, 2, ['bins', 'range', 'weight', 'density'], { range: null, weight: null, density: false }, 1);
  if (!isOptions(bins)) a.bins = bins as number | Tensor;
  notFor('histogram', 'histogramdd', x, isFloating);
  let edges: Tensor;
  if (a.bins instanceof Tensor) {
    if (a.bins.dim() !== 1) throw new RangeError(`histogram(): torch.histogramdd(): bins tensor should have one dimension, but got ${a.bins.dim()} dimensions in the bins tensor for dimension 0`);
    edges = cast(a.bins.detach(), x.dtype).contiguous();
  } else {
    if (!Number.isInteger(a.bins) || (a.bins as number) <= 0) throw new RangeError(`histogram(): torch.histogram(): bins must be > 0, but got ${a.bins} for dimension 0`);
    const round = x.dtype === 'float32' ? Math.fround : (v: number) => v;
    const [l, h] = a.range ? [round(a.range[0]), round(a.range[1])] : [0, 0];
    if (a.range && !(l <= h)) throw new RangeError(`histogram(): torch.histogramdd: min should not exceed max, but got min ${a.range[0]} max ${a.range[1]} for dimension 0`);
    const [lo, hi] = dataRange(x, l, h, 0.5, (lo_, hi_) => `histogram(): torch.histogramdd: dimension 0's range [${lo_}, ${hi_}] is not finite`);
    edges = linspace(lo, hi, (a.bins as number) + 1, { dtype: x.dtype });
  }
  const w = a.weight ? checkTensor('histogram', a.weight, 'weight') : null;
  if (w && w.shape.join() !== x.shape.join()) throw new RangeError('histogram(): torch.histogramdd(): if weight tensor is provided it should have the same shape as the input tensor excluding its innermost dimension');
  const e = edges.data as ArrayLike<number>;
  const nb = e.length - 1;
  const hist = B.alloc(x.dtype, Math.max(nb, 0), true);
  const data = x.contiguous().data as ArrayLike<number>;
  const wd = w?.contiguous().data as ArrayLike<number> | undefined;
  for (let i = 0; i < data.length && nb > 0; i++) {
    const v = data[i];
    if (!(v >= e[0] && v <= e[nb])) continue;
    const pos = Math.min(searchRow(e, 0, e.length, v, true) - 1, nb - 1);
    hist[pos] += wd ? wd[i] : 1;
  }
  let h = new Tensor(hist, [Math.max(nb, 0)], x.dtype);
  if (a.density) {
    const total = (hist as ArrayLike<number> as Float64Array).reduce((s, v) => s + v, 0);
    const out = B.alloc(x.dtype, nb, false);
    for (let b = 0; b < nb; b++) out[b] = hist[b] / (total * (e[b + 1] - e[b]));
    h = new Tensor(out, [nb], x.dtype);
  }
  return named({ hist: h, bin_edges: edges });
}

// ------------------------------------------------------------------------------------------------ uniques

export interface UniqueOptions {
  sorted?: boolean;
  return_inverse?: boolean;
  return_counts?: boolean;
  dim?: number | null;
}

/** Orders a, b as sort does (NaN last); 0 only when equal (NaN never is). */
function compareValues(a: number, b: number): number {
  if (a !== a) return b !== b ? 1 : 1;
  if (b !== b) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The groups of equal slices of x along dim (every element when dim is null): `sorted` orders the slices
 * (lexicographically, NaN last) before grouping, else only neighbours are grouped. Returns PyTorch's
 * output, inverse (input's shape without dim, else 1-D) and counts.
 */
function groupSlices(x: Tensor, dim: number | null, sorted: boolean): { output: Tensor; inverse: Tensor; counts: Tensor } {
  const flatInput = dim === null ? reshape(x.detach(), [-1]) : x.detach();
  const d = dim ?? 0;
  const moved = flatInput.dim() === 0 ? reshape(flatInput, [1]) : flatInput;
  const n = moved.shape[d];
  // each slice as a row of numbers, in the order of the other dims
  const perm = [d, ...moved.shape.map((_, i) => i).filter((i) => i !== d)];
  const rows = permute(moved, perm).contiguous().data as ArrayLike<number>;
  const width = n === 0 ? 0 : rows.length / n;
  const cmp = (i: number, j: number) => {
    for (let k = 0; k < width; k++) {
      const c = compareValues(Number(rows[i * width + k]), Number(rows[j * width + k]));
      if (c !== 0) return c;
    }
    return 0;
  };
  const same = (i: number, j: number) => {
    for (let k = 0; k < width; k++) if (!(rows[i * width + k] === rows[j * width + k])) return false;
    return true;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  if (sorted) order.sort((i, j) => cmp(i, j) || i - j);
  const inverse = new Float64Array(n);
  const firsts: number[] = [];
  const counts: number[] = [];
  for (let s = 0; s < n; s++) {
    if (s === 0 || !same(order[s], order[s - 1])) {
      firsts.push(order[s]);
      counts.push(0);
    }
    counts[counts.length - 1]++;
    inverse[order[s]] = firsts.length - 1;
  }
  const index = new Tensor(Float64Array.from(firsts), [firsts.length], 'int64');
  const output = moved.index_select(d, index);
  const inverseShape = dim === null ? x.shape : [n];
  return { output, inverse: new Tensor(inverse, inverseShape, 'int64'), counts: new Tensor(Float64Array.from(counts), [counts.length], 'int64') };
}

function uniqueResult(g: { output: Tensor; inverse: Tensor; counts: Tensor }, inverse: boolean, counts: boolean): Tensor | Tensor[] {
  if (!inverse && !counts) return g.output;
  return [g.output, ...(inverse ? [g.inverse] : []), ...(counts ? [g.counts] : [])];
}

/**
 * torch.unique(input, sorted = true, return_inverse = false, return_counts = false, dim = None): the distinct
 * elements (or slices along dim), ascending with NaNs last and each NaN distinct; with return_inverse/return_counts
 * an array [output, inverse?, counts?]. torchlet sorts with sorted = false too (PyTorch's order is then unspecified).
 */
export function unique(input: Tensor, sorted?: boolean | UniqueOptions, return_inverse?: boolean | UniqueOptions, return_counts?: boolean | UniqueOptions, dim?: number | null | UniqueOptions): Tensor | Tensor[] {
  const x = checkTensor('unique', input);
  const a = resolveArgs<UniqueOptions>('unique', ['sorted', 'return_inverse', 'return_counts', 'dim'], { sorted: true, return_inverse: false, return_counts: false, dim: null }, arguments, 1);
  const d = a.dim === null || a.dim === undefined ? null : normalizeDim('unique', a.dim, x.dim());
  return uniqueResult(groupSlices(x, d, true), !!a.return_inverse, !!a.return_counts);
}

/** torch.unique_consecutive(input, return_inverse = false, return_counts = false, dim = None): runs of equal neighbours. */
export function unique_consecutive(input: Tensor, return_inverse?: boolean | UniqueOptions, return_counts?: boolean | UniqueOptions, dim?: number | null | UniqueOptions): Tensor | Tensor[] {
  const x = checkTensor('unique_consecutive', input);
  const a = resolveArgs<UniqueOptions>('unique_consecutive', ['return_inverse', 'return_counts', 'dim'], { return_inverse: false, return_counts: false, dim: null }, arguments, 1);
  const d = a.dim === null || a.dim === undefined ? null : normalizeDim('unique_consecutive', a.dim, x.dim());
  return uniqueResult(groupSlices(x, d, false), !!a.return_inverse, !!a.return_counts);
}

// ------------------------------------------------------------------------------------------------ diff, cov, corrcoef

export interface DiffOptions {
  n?: number;
  dim?: number;
  prepend?: Tensor | null;
  append?: Tensor | null;
}

/** torch.diff(input, n = 1, dim = -1, prepend = None, append = None): n-th forward differences along dim (xor for bool). */
export function diff(input: Tensor, n?: number | DiffOptions, dim?: number | DiffOptions, prepend?: Tensor | null | DiffOptions, append?: Tensor | null | DiffOptions): Tensor {
  const x = checkTensor('diff', input);
  const a = resolveArgs<DiffOptions>('diff', ['n', 'dim', 'prepend', 'append'], { n: 1, dim: -1, prepend: null, append: null }, arguments, 1);
  if (!Number.isInteger(a.n)) throw new TypeError(`diff(): argument 'n' (position 2) must be int, not ${typeName(a.n)}`);
  if (a.n! < 0) throw new RangeError(`diff(): order must be non-negative but got ${a.n}`);
  if (x.dim() === 0) throw new RangeError('diff(): diff expects input to be at least one-dimensional');
  const d = normalizeDim('diff', a.dim, x.dim());
  const parts: Tensor[] = [];
  for (const [name, t] of [['prepend', a.prepend], ['input', x], ['append', a.append]] as const) {
    if (t === null || t === undefined) continue;
    const p = checkTensor('diff', t, name);
    if (p.dim() !== x.dim()) throw new RangeError('diff(): diff expects prepend or append to be the same dimension as input');
    for (let i = 0; i < x.dim(); i++)
      if (i !== d && p.shape[i] !== x.shape[i]) {
        throw new RangeError(`diff(): diff expects the shape of tensor to prepend or append to match that of input except along the differencing dimension; input.size(${i}) = ${x.shape[i]}, but got tensor.size(${i}) = ${p.shape[i]}`);
      }
    parts.push(p);
  }
  let out = parts.length === 1 ? x : cat(parts, d);
  if (a.n === 0) return clone(out);
  for (let k = 0; k < a.n!; k++) {
    const len = out.shape[d];
    if (len === 0) break;
    const later = narrow(out, d, 1, len - 1);
    const earlier = narrow(out, d, 0, len - 1);
    out = out.dtype === 'bool' ? compare('ne', later, earlier) : sub(later, earlier);
  }
  return out;
}

export interface CovOptions {
  correction?: number;
  fweights?: Tensor | null;
  aweights?: Tensor | null;
}

/**
 * torch.cov(input, { correction = 1, fweights, aweights }): the covariance matrix of the variables in input's rows
 * (observations in columns), with PyTorch's weighting; a 1-D input is one variable (a 0-d result).
 */
export function cov(input: Tensor, options?: CovOptions): Tensor {
  const op = 'cov';
  const x0 = checkTensor(op, input);
  const a = keywordArgs<CovOptions>(op, arguments, 1, ['correction', 'fweights', 'aweights'], { correction: 1, fweights: null, aweights: null });
  if (x0.dim() > 2) throw new RangeError(`${op}(): expected input to have two or fewer dimensions but got an input with ${x0.dim()} dimensions`);
  const x = isFloating(x0.dtype) ? x0 : cast(x0, getDefaultDtype());
  const obs = x.dim() < 2 ? reshape(x, [1, -1]) : x;
  const N = obs.shape[1];
  let w: Tensor | null = null;
  for (const [name, t] of [['fweights', a.fweights], ['aweights', a.aweights]] as const) {
    if (!t) continue;
    const t_ = checkTensor(op, t, name);
    if (t_.dim() > 1) throw new RangeError(`${op}(): expected ${name} to have one or fewer dimensions but got ${name} with ${t_.dim()} dimensions`);
    if (t_.numel() !== N) throw new RangeError(`${op}(): expected ${name} to have the same numel as there are observations in the input but got ${t_.numel()} != ${N}`);
    if (name === 'fweights' && isFloating(t_.dtype)) throw new TypeError(`${op}(): expected fweights to have integral dtype but got fweights with ${TORCH_NAME[t_.dtype]} dtype`);
    if (name === 'aweights' && !isFloating(t_.dtype)) throw new TypeError(`${op}(): expected aweights to have floating point dtype but got aweights with ${TORCH_NAME[t_.dtype]} dtype`);
    if (Array.prototype.some.call(t_.contiguous().data, (v: number) => v < 0)) throw new RangeError(`${op}(): ${name} cannot be negative`);
    w = w ? mul(w, t_) : t_;
  }
  const wSum = w ? sum(w) : null;
  const avg = w ? div(sum(mul(obs, w), 1), wSum!) : obs.mean(1);
  let normFactor: Tensor | number;
  if (w && a.correction !== 0) {
    normFactor = a.aweights ? sub(wSum!, div(mul(sum(mul(w, a.aweights)), a.correction!), wSum!)) : sub(wSum!, a.correction!);
  } else normFactor = wSum ? sub(wSum, a.correction!) : N - a.correction!;
  const nf = typeof normFactor === 'number' ? normFactor : (normFactor.item() as number);
  if (nf <= 0) {
    warnOnce('cov(): degrees of freedom is <= 0');
    normFactor = 0;
  }
  const centered = sub(obs, unsqueeze(avg, 1));
  const c = centered.matmul((w ? mul(centered, w) : centered).t());
  return squeeze(div(c, typeof normFactor === 'number' ? normFactor : cast(normFactor, c.dtype)));
}

/** torch.corrcoef(input): Pearson correlation coefficients of input's rows, clipped to [-1, 1]. */
export function corrcoef(input: Tensor): Tensor {
  const x = checkTensor('corrcoef', input);
  if (x.dim() > 2) throw new RangeError(`corrcoef(): expected input to have two or fewer dimensions but got an input with ${x.dim()} dimensions`);
  const c = cov(x);
  if (c.dim() === 0) return div(c, c);
  const n = c.shape[0];
  const eye = new Tensor(Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)), [n, n], 'float64');
  const stddev = sum(mul(c, cast(eye, c.dtype)), 1).sqrt();
  const scaled = div(div(c, unsqueeze(stddev, 1)), unsqueeze(stddev, 0));
  return scaled.clamp(-1, 1);
}
