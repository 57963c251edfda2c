// sort, argsort, topk (their values are a gather at the indices found, so the gradient flows back through
// gather's backward) and cumsum (whose backward, the reverse cumulative sum, sits beside it).
import { B } from '../backend';
import { isFloating, type DType } from '../dtype';
import { normalizeDim } from '../shape';
import { record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { resolveArgs } from '../args';
import { ValuesIndices } from './reduce';
import { around, gather } from './indexing';
import { cast } from './shape';

/**
 * The int64 indices that order each row of x along dim (ascending, or descending), keeping equal values in
 * their original order; NaN counts as larger than every number, as PyTorch sorts it. Only the first `k` of each
 * row are kept.
 */
function orderIndices(x: Tensor, dim: number, descending: boolean, k: number): Tensor {
  const [outer, n, inner] = around(x.shape, dim);
  const src = x.contiguous().data;
  const out = B.alloc('int64', outer * k * inner, false);
  const row = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  const sign = descending ? -1 : 1;
  const compare = (i: number, j: number) => {
    const a = row[i], b = row[j];
    if (a === b || (a !== a && b !== b)) return 0;
    if (a !== a) return sign; // NaN last ascending, first descending
    if (b !== b) return -sign;
    return a < b ? -sign : sign;
  };
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      for (let t = 0; t < n; t++) {
        row[t] = src[(o * n + t) * inner + c];
        order[t] = t;
      }
      order.sort(compare); // stable: equal values keep their order
      for (let t = 0; t < k; t++) out[(o * k + t) * inner + c] = order[t];
    }
  }
  const shape = x.dim() === 0 ? [] : x.shape.map((s, i) => (i === dim ? k : s));
  return new Tensor(out, shape, 'int64');
}

export interface SortOptions {
  dim?: number;
  descending?: boolean;
  stable?: boolean;
}

/** torch.sort(input, dim = -1, descending = false, { stable }): (values, indices); equal values keep their order. */
export function sort(input: Tensor, dim?: number | SortOptions, descending?: boolean | SortOptions, options?: SortOptions): ValuesIndices {
  const x = checkTensor('sort', input);
  const a = resolveArgs<SortOptions>('sort', ['dim', 'descending', 'stable'], { dim: -1, descending: false, stable: false }, arguments, 1);
  const d = normalizeDim('sort', a.dim, Math.max(x.dim(), 1));
  const indices = orderIndices(x, d, !!a.descending, x.dim() === 0 ? 1 : x.shape[d]);
  return new ValuesIndices(x.dim() === 0 ? x.clone() : gather(x, d, indices), indices);
}

/** torch.argsort(input, dim = -1, descending = false, { stable }): sort's indices. */
export function argsort(input: Tensor, dim?: number | SortOptions, descending?: boolean | SortOptions, options?: SortOptions): Tensor {
  const x = checkTensor('argsort', input);
  const a = resolveArgs<SortOptions>('argsort', ['dim', 'descending', 'stable'], { dim: -1, descending: false, stable: false }, arguments, 1);
  const d = normalizeDim('argsort', a.dim, Math.max(x.dim(), 1));
  return orderIndices(x, d, !!a.descending, x.dim() === 0 ? 1 : x.shape[d]);
}

export interface TopkOptions {
  k?: number;
  dim?: number;
  largest?: boolean;
  sorted?: boolean;
}

/** torch.topk(input, k, dim = -1, largest = true, sorted = true): the k largest (or smallest) along dim, in order. */
export function topk(input: Tensor, k: number | TopkOptions, dim?: number | TopkOptions, largest?: boolean | TopkOptions, sorted?: boolean | TopkOptions): ValuesIndices {
  const x = checkTensor('topk', input);
  const a = resolveArgs<TopkOptions>('topk', ['k', 'dim', 'largest', 'sorted'], { dim: -1, largest: true, sorted: true }, arguments, 1);
  const d = normalizeDim('topk', a.dim, Math.max(x.dim(), 1));
  const n = x.dim() === 0 ? 1 : x.shape[d];
  if (!Number.isInteger(a.k)) throw new TypeError(`topk(): argument 'k' must be int, not ${typeName(a.k)}`);
  if (a.k! < 0 || a.k! > n) throw new RangeError(`topk(): selected index k out of range (k = ${a.k} for a dimension of size ${n})`);
  const indices = orderIndices(x, d, !!a.largest, a.k!);
  return new ValuesIndices(x.dim() === 0 ? x.clone() : gather(x, d, indices), indices);
}

/**
 * torch.cumsum(input, dim, { dtype }): running sums along dim, accumulated in double as PyTorch's CPU kernel
 * does; integers and bools sum to int64. The gradient is the reverse running sum of the output's gradient.
 */
export function cumsum(input: Tensor, dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType }): Tensor {
  const x = checkTensor('cumsum', input);
  const a = resolveArgs<{ dim?: number; dtype?: DType }>('cumsum', ['dim', 'dtype'], {}, arguments, 1);
  if (a.dim === undefined) throw new TypeError("cumsum() missing 1 required positional argument: 'dim'");
  const d = normalizeDim('cumsum', a.dim, Math.max(x.dim(), 1));
  const dtype: DType = a.dtype ?? (isFloating(x.dtype) ? x.dtype : 'int64');
  const src = (x.dtype === dtype ? x : cast(x, dtype)).contiguous();
  const running = (t: Tensor, reverse: boolean) => {
    const [outer, n, inner] = around(t.shape, d);
    const data = t.contiguous().data;
    const out = B.alloc(t.dtype, data.length, false);
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        let total = 0;
        for (let s = 0; s < n; s++) {
          const e = (o * n + (reverse ? n - 1 - s : s)) * inner + c;
          total += data[e];
          out[e] = total;
        }
      }
    }
    return new Tensor(out, t.shape, t.dtype);
  };
  return record(running(src, false), 'CumsumBackward0', [x], (g) => {
    const gx = running(g, true);
    return [gx.dtype === x.dtype ? gx : cast(gx, x.dtype)];
  });
}
