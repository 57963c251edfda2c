// sort, argsort, topk (their values are a gather at the indices found, so the gradient flows back through
// gather's backward), cumsum (whose backward, the reverse cumulative sum, sits beside it) and multinomial.
import { B } from '../backend';
import { isFloating, type DType } from '../dtype';
import { normalizeDim } from '../shape';
import { record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { resolveArgs } from '../args';
import { ValuesIndices } from './reduce';
import { around, gather } from './indexing';
import { cast } from './shape';
import { weightedDraws, withGenerator, type Generator } from '../random';
import { TORCH_NAME } from './elementwise';

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

/**
 * torch.multinomial(input, num_samples, replacement = false): for a 1-D input of non-negative weights (or each row
 * of a 2-D one), num_samples int64 indices drawn with probability proportional to the weights, from torch's
 * generator (torch.manual_seed makes them repeatable).
 */
type MultinomialOptions = { num_samples?: number; replacement?: boolean; generator?: Generator | null };

export function multinomial(input: Tensor, num_samples: number | MultinomialOptions, replacement?: boolean | MultinomialOptions, options?: MultinomialOptions): Tensor {
  const op = 'multinomial';
  const a = resolveArgs<MultinomialOptions>(op, ['num_samples', 'replacement', 'generator'], { replacement: false, generator: null }, arguments, 1);
  const x = checkTensor(op, input);
  if (x.dim() !== 1 && x.dim() !== 2) throw new RangeError(`${op}(): prob_dist must be 1 or 2 dim`);
  if (!isFloating(x.dtype)) throw new TypeError(`${op}(): multinomial only supports floating-point dtypes for input, got: ${TORCH_NAME[x.dtype]}`);
  const count = a.num_samples;
  if (!Number.isInteger(count) || count! <= 0) throw new RangeError(`${op}(): cannot sample n_sample <= 0 samples`);
  const n = x.shape[x.dim() - 1];
  if (!a.replacement && count! > n) throw new RangeError(`${op}(): cannot sample n_sample > prob_dist.size(-1) samples without replacement`);
  const rows = x.dim() === 1 ? 1 : x.shape[0];
  const w = x.contiguous().data;
  const out = new Float64Array(rows * count!);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(w.subarray(r * n, (r + 1) * n) as ArrayLike<number>);
    if (row.some((v) => !(v >= 0) || v === Infinity)) throw new RangeError(`${op}(): probability tensor contains either \`inf\`, \`nan\` or element < 0`);
    if (!(row.reduce((s, v) => s + v, 0) > 0)) throw new RangeError(`${op}(): invalid multinomial distribution (sum of probabilities <= 0)`);
    if (!a.replacement && row.filter((v) => v > 0).length < count!) throw new RangeError(`${op}(): invalid multinomial distribution (with replacement=False, not enough non-negative category to sample)`);
    out.set(withGenerator(op, a.generator, () => weightedDraws(row, count!, !!a.replacement)), r * count!);
  }
  return new Tensor(out, x.dim() === 1 ? [count!] : [rows, count!], 'int64');
}
