// Scans, order statistics, NaN-aware reductions, binning, uniques, diff and cov (lib/ops/stats.ts) against
// PyTorch 1.13 on each backend: values, int64 indices and gradients from test/fixtures/stats.json
// (scripts/gen_stats_fixtures.py), plus in-place forms, PyTorch's errors and what it leaves unspecified.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import type { Tensor } from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';

type Num = number | boolean | 'nan' | 'inf' | '-inf';
interface Enc {
  dtype: torch.DType;
  shape: number[];
  data: Num[];
}
interface Case {
  id: string;
  fn: string;
  method: boolean;
  x: Enc;
  args: unknown[];
  kwargs: Record<string, unknown>;
  out: Enc[];
  tuple: boolean;
  tol: Tolerance;
  index_any: boolean;
  r?: Enc;
  grad?: Enc;
  grad_tol?: Tolerance;
}
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/stats.json'), 'utf8')) as { cases: Case[] };

const num = (v: Num): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));
const decode = (e: Enc): Tensor => torch.tensor(e.data.map((v) => (typeof v === 'boolean' ? v : num(v))) as number[], { dtype: e.dtype }).reshape(e.shape);
const decodeArg = (a: unknown): unknown => {
  if (a !== null && typeof a === 'object' && 'tensor' in (a as object)) return decode((a as { tensor: Enc }).tensor);
  return typeof a === 'string' && ['nan', 'inf', '-inf'].includes(a) ? num(a as Num) : a;
};
const valuesOf = (t: Tensor): number[] => Array.from(t.contiguous().data as ArrayLike<number>, Number);

function call(c: Case, x: Tensor, asMethod = false): Tensor[] {
  const args = c.args.map(decodeArg);
  const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v)]));
  if (Object.keys(kwargs).length) args.push(kwargs);
  const f = asMethod ? (x as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn].bind(x) : (torch as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn];
  const out = asMethod ? f(...args) : f(x, ...args);
  return c.tuple ? [...(out as Iterable<Tensor>)] : [out as Tensor];
}

// Floats: the tolerance of each case (exact unless the case says: sums in another order, 1 ULP for quantile's
// lerp, rtol 1e-6 for products and log-sum-exps). Integers, bools and indices: exact. Gradients: rtol 1e-5 and atol
// 1e-6 in float32, rtol 1e-10 and atol 1e-12 in float64 (the same formulas, other summation orders), unless the
// case says otherwise (logcumsumexp float32: PyTorch's own float32 gradient is off by up to 1e-4).
function checkOutputs(c: Case, x: Tensor, outs: Tensor[]): void {
  expect(outs.length).toBe(c.out.length);
  outs.forEach((o, i) => {
    const e = c.out[i];
    expect(o.shape, `${c.id}: output ${i} shape`).toEqual(e.shape);
    expect(o.dtype, `${c.id}: output ${i} dtype`).toBe(e.dtype);
    if (c.index_any && i === 1) {
      // PyTorch does not say which of the equal elements it names: x must hold the value there
      const d = (c.args[0] as number | undefined) ?? -1;
      const dim = d < 0 ? d + x.dim() : d;
      expectClose(valuesOf(torch.gather(x, dim, o.unsqueeze(dim)).squeeze(dim)), valuesOf(outs[0]), { ulp: 0 }, `${c.id}: x at the indices`);
      return;
    }
    const tol = e.dtype === 'float32' || e.dtype === 'float64' ? c.tol : { ulp: 0 };
    expectClose(valuesOf(o), e.data.map(num), tol, `${c.id}: output ${i}`);
  });
}

describe.each(BACKENDS)('stats ops vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(fixtures.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const x = decode(c.x);
    checkOutputs(c, x, call(c, x));
    if (c.method) checkOutputs(c, x, call(c, x, true));
    if (c.grad) {
      const xg = decode(c.x).requires_grad_(true);
      call(c, xg)[0].mul(decode(c.r!)).sum().backward();
      const tol = c.grad_tol ?? (c.x.dtype === 'float32' ? { rtol: 1e-5, atol: 1e-6 } : { rtol: 1e-10, atol: 1e-12 });
      expectClose(valuesOf(xg.grad!), c.grad.data.map(num), tol, `${c.id}: gradient`);
    }
  });

  it('cumsum_ / cumprod_ write the scan into the tensor, keeping its dtype; inside a graph the gradient flows through', () => {
    const a = torch.tensor([1, 2, 3]);
    expect(a.cumprod_(0)).toBe(a);
    expect(a.tolist()).toEqual([1, 2, 6]);
    expect(a.cumsum_({ dim: 0 }).tolist()).toEqual([1, 3, 9]);
    const i = torch.tensor([[1n, 2n], [3n, 4n]]);
    expect(i.cumprod_(1).tolist()).toEqual([[1, 2], [3, 12]]);
    expect(i.dtype).toBe('int64');
    // w = torch.tensor([2., 0., 3.], requires_grad=True); y = w * 1; y.cumprod_(0); y.backward(torch.tensor([1., 2., 3.]))
    const w = torch.tensor([2, 0, 3]).requires_grad_(true);
    const y = w.mul(1);
    y.cumprod_(0);
    expect(y.tolist()).toEqual([2, 0, 0]);
    y.backward(torch.tensor([1, 2, 3]));
    expect(w.grad!.tolist()).toEqual([1, 22, 0]);
    expect(() => torch.tensor([1, 2], { dtype: 'int64' }).cumsum_(0, { dtype: 'float32' })).toThrow(
      new TypeError('cumsum_(): Bad in-place call: input tensor dtype int64 and output tensor dtype float32 should match'),
    );
    expect(() => torch.tensor([true]).cumsum_(0)).toThrow(new TypeError(`cumsum_(): "cumsum_out_cpu" not implemented for 'Bool'`));
    expect(() => torch.tensor([1, 2]).requires_grad_(true).cumprod_(0)).toThrow(/leaf Variable that requires grad/);
  });

  it('named results: aminmax (min, max), histogram (hist, bin_edges), values/indices', () => {
    const x = torch.tensor([[1, 5], [3, 2]]);
    const { min, max } = torch.aminmax(x, { dim: 0 });
    expect([min.tolist(), max.tolist()]).toEqual([[1, 2], [3, 5]]);
    const [lo, hi] = x.aminmax();
    expect([lo.item(), hi.item()]).toEqual([1, 5]);
    const h = torch.histogram(torch.tensor([1, 2, 1]), 4, { range: [0, 3] });
    expect(h.hist.tolist()).toEqual([0, 2, 1, 0]);
    expect(h.bin_edges.tolist()).toEqual([0, 0.75, 1.5, 2.25, 3]);
    expect(torch.kthvalue(x, 1, 0).indices.tolist()).toEqual([0, 1]);
    // unique's results are a plain array (a tuple in PyTorch), or the tensor alone
    expect(torch.unique(torch.tensor([2, 1, 2])).tolist()).toEqual([1, 2]);
    expect((torch.unique(torch.tensor([2, 1, 2]), { return_counts: true }) as Tensor[]).map((t) => t.tolist())).toEqual([[1, 2], [1, 2]]);
  });

  it('aminmax has no derivative (as in PyTorch 1.13); median of an empty tensor is NaN; cov warns on no degrees of freedom', () => {
    const x = torch.tensor([1, 3]).requires_grad_(true);
    const { min } = torch.aminmax(x);
    expect(min.requires_grad).toBe(true);
    expect(() => min.backward()).toThrow('derivative for aten::aminmax is not implemented');
    expect(Number.isNaN(torch.median(torch.tensor([])).item())).toBe(true);
    expect(torch.cov(torch.tensor([[1, 2]]), { correction: 2 }).item()).toBe(Infinity);
  });

  it('sorted = false: PyTorch leaves the order unspecified; torchlet sorts', () => {
    expect(torch.unique(torch.tensor([3, 1, 2, 3]), false).tolist()).toEqual([1, 2, 3]);
  });

  it('unique with NaN: each NaN is distinct and sorts last (PyTorch 1.13 misorders NaN here, so no fixture)', () => {
    const [values, inverse, counts] = torch.unique(torch.tensor([2, NaN, 1, NaN, 2]), { return_inverse: true, return_counts: true }) as Tensor[];
    expect(values.tolist()).toEqual([1, 2, NaN, NaN]);
    expect(inverse.tolist()).toEqual([1, 2, 0, 3, 1]);
    expect(counts.tolist()).toEqual([1, 2, 1, 1]);
  });

  it('argument forms and edge cases, as PyTorch gives them', () => {
    // x = torch.tensor([1., nan, 2., nan], requires_grad=True); torch.median(x).backward()
    const x = torch.tensor([1, NaN, 2, NaN]).requires_grad_(true);
    (torch.median(x) as Tensor).backward();
    expect(x.grad!.tolist()).toEqual([0, 0.5, 0, 0.5]);
    const y = torch.tensor([1, 2, 2, NaN]).requires_grad_(true);
    (y.nanmedian() as Tensor).backward();
    expect(y.grad!.tolist()).toEqual([0, 0.5, 0.5, 0]);
    // torch.quantile(torch.tensor(3.), 0.5); torch.quantile(torch.tensor([[1., 2], [3, 4]]), 0.5, 1, True)
    expect(torch.quantile(torch.tensor(3), 0.5).item()).toBe(3);
    expect(torch.quantile(torch.tensor(3), torch.tensor([0.5]), { keepdim: true }).shape).toEqual([1]);
    expect(torch.quantile(torch.tensor([[1, 2], [3, 4]]), 0.5, 1, true).tolist()).toEqual([[1.5], [3.5]]);
    // torch.histc(torch.arange(10.)): 100 bins by default
    const h = torch.histc(torch.arange(10, { dtype: 'float32' }));
    expect(h.shape).toEqual([100]);
    expect(h.tolist().slice(0, 12)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // torch.histogram(torch.tensor([1., 2, 1]), bins=3)
    expect(torch.histogram(torch.tensor([1, 2, 1]), { bins: 3 }).hist.tolist()).toEqual([2, 0, 1]);
    // torch.searchsorted(b, 6.) and torch.bucketize(4, torch.tensor([1, 3, 5])): 0-d results
    const s = torch.searchsorted(torch.tensor([1, 3, 5, 7, 9]), 6);
    expect([s.shape, s.item()]).toEqual([[], 3]);
    expect(torch.bucketize(4, torch.tensor([1, 3, 5], { dtype: 'int64' })).item()).toBe(2);
    expect(torch.count_nonzero(torch.zeros([2, 3]), 1).dtype).toBe('int64');
    // torch.corrcoef(torch.tensor([[1, 2, 3], [1, 1, 1]])): a constant row has no correlation (NaN)
    expect(torch.corrcoef(torch.tensor([[1, 2, 3], [1, 1, 1]], { dtype: 'int64' })).tolist()).toEqual([[1, NaN], [NaN, NaN]]);
    // a transposed view scanned in place: t = torch.tensor([[1., 2], [3, 4]]).t(); t.cumsum_(1)
    const base = torch.tensor([[1, 2], [3, 4]]);
    base.t().cumsum_(1);
    expect(base.tolist()).toEqual([[1, 2], [4, 6]]);
  });
});

describe('stats op errors, in PyTorch wording', () => {
  const x = torch.tensor([[1, 2], [3, 4]]);
  const cases: [string, () => unknown, Error][] = [
    ['logcumsumexp int', () => torch.logcumsumexp(torch.tensor([1, 2], { dtype: 'int64' }), 0), new TypeError(`logcumsumexp(): "logcumsumexp_out_cpu" not implemented for 'Long'`)],
    ['cumprod no dim', () => torch.cumprod(x, undefined as never), new TypeError("cumprod() missing 1 required positional argument: 'dim'")],
    ['cummax bad dim', () => torch.cummax(x, 2), new RangeError('cummax(): Dimension out of range (expected to be in range of [-2, 1], but got 2)')],
    ['median empty dim', () => torch.median(torch.zeros([0, 3]), 0), new RangeError('median(): Expected reduction dim 0 to have non-zero size.')],
    ['median bool', () => torch.median(torch.tensor([true, false])), new TypeError(`median(): "median_cpu" not implemented for 'Bool'`)],
    ['mode empty', () => torch.mode(torch.zeros([0])), new RangeError('mode(): Expected reduction dim 0 to have non-zero size.')],
    ['kthvalue k', () => torch.kthvalue(torch.tensor([1, 2]), 3), new RangeError('kthvalue(): selected number k out of range for dimension 0')],
    ['kthvalue k 0', () => torch.kthvalue(torch.tensor([1, 2]), 0), new RangeError('kthvalue(): selected number k out of range for dimension 0')],
    ['quantile int', () => torch.quantile(torch.tensor([1, 2], { dtype: 'int64' }), 0.5), new TypeError('quantile() input tensor must be either float or double dtype')],
    ['quantile q range', () => torch.quantile(torch.tensor([1, 2]), 1.5), new RangeError('quantile() q must be in the range [0, 1] but got 1.5')],
    ['quantile q 2-D', () => torch.quantile(torch.tensor([1, 2]), torch.tensor([[0.5]])), new RangeError('quantile() q must be a scalar or 1D tensor')],
    ['quantile empty', () => torch.quantile(torch.tensor([]), 0.5), new RangeError('quantile() input tensor must be non-empty')],
    ['quantile interpolation', () => torch.quantile(torch.tensor([1, 2]), 0.5, { interpolation: 'foo' as never }), new RangeError('quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got foo')],
    ['quantile q dtype', () => torch.quantile(torch.tensor([1, 2]), torch.tensor([0.5], { dtype: 'float64' })), new TypeError('quantile() q tensor must be same dtype as the input tensor')],
    ['nanmean int', () => torch.nanmean(torch.tensor([1, 2], { dtype: 'int64' })), new TypeError('nanmean(): expected input to have floating point dtype but got Long')],
    ['count_nonzero repeated dim', () => torch.count_nonzero(x, [0, 0]), new RangeError('count_nonzero(): dim 0 appears multiple times in the list of dims')],
    ['count_nonzero keepdim', () => torch.count_nonzero(x, { keepdim: true } as never), new TypeError("count_nonzero() got an unexpected keyword argument 'keepdim'")],
    ['aminmax empty', () => torch.aminmax(torch.tensor([])), new RangeError('aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.')],
    ['histc int', () => torch.histc(torch.tensor([1, 2], { dtype: 'int64' }), 4), new TypeError(`histc(): "histogram_cpu" not implemented for 'Long'`)],
    ['histc max < min', () => torch.histc(torch.tensor([1, 2]), 4, 3, 1), new RangeError('histc(): torch.histc: max must be larger than min')],
    ['histc inf', () => torch.histc(torch.tensor([1, Infinity]), 3), new RangeError('histc(): torch.histc: range of [1, Infinity] is not finite')],
    ['histogram NaN', () => torch.histogram(torch.tensor([2, NaN]), 3), new RangeError("histogram(): torch.histogramdd: dimension 0's range [NaN, NaN] is not finite")],
    ['bincount negative', () => torch.bincount(torch.tensor([-1, 1], { dtype: 'int64' })), new RangeError('bincount(): bincount only supports 1-d non-negative integral inputs.')],
    ['bincount 2-D', () => torch.bincount(torch.tensor([[1, 1]], { dtype: 'int64' })), new RangeError('bincount(): bincount only supports 1-d non-negative integral inputs.')],
    ['bincount float', () => torch.bincount(torch.tensor([1, 1])), new TypeError(`bincount(): "bincount_cpu" not implemented for 'Float'`)],
    ['bincount weights', () => torch.bincount(torch.tensor([1, 1], { dtype: 'int64' }), torch.tensor([1])), new RangeError('bincount(): weights should be 1-d and have the same length as input')],
    ['bincount minlength', () => torch.bincount(torch.tensor([1, 1], { dtype: 'int64' }), { minlength: -1 }), new RangeError('bincount(): minlength should be >= 0')],
    ['searchsorted side', () => torch.searchsorted(torch.tensor([1, 2]), torch.tensor([1]), { side: 'foo' as never }), new RangeError("searchsorted(): torch.searchsorted(): side can only be 'left' or 'right' but got foo")],
    ['searchsorted side/right', () => torch.searchsorted(torch.tensor([1, 2]), torch.tensor([1]), { side: 'left', right: true }), new RangeError("searchsorted(): torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True")],
    ['searchsorted shapes', () => torch.searchsorted(torch.zeros([2, 5]), torch.zeros([3])), new RangeError('searchsorted(): torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [2, 5] and input value tensor [3]')],
    ['searchsorted 0-d', () => torch.searchsorted(torch.tensor(3), torch.tensor([1])), new RangeError('searchsorted(): torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension')],
    ['searchsorted sorter size', () => torch.searchsorted(torch.zeros([5]), torch.zeros([2]), { sorter: torch.tensor([0, 1], { dtype: 'int64' }) }), new RangeError('searchsorted(): torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor [5]and got sorter tensor [2]')],
    ['bucketize 2-D', () => torch.bucketize(torch.zeros([2]), torch.zeros([2, 2])), new RangeError('bucketize(): boundaries tensor must be 1 dimension, but got dim(2)')],
    ['unique dim', () => torch.unique(x, { dim: 2 }), new RangeError('unique(): Dimension out of range (expected to be in range of [-2, 1], but got 2)')],
    ['diff 0-d', () => torch.diff(torch.tensor(1)), new RangeError('diff(): diff expects input to be at least one-dimensional')],
    ['diff n', () => torch.diff(torch.tensor([1, 2]), -1), new RangeError('diff(): order must be non-negative but got -1')],
    ['diff prepend dims', () => torch.diff(torch.tensor([1, 2]), { prepend: torch.tensor(1) }), new RangeError('diff(): diff expects prepend or append to be the same dimension as input')],
    ['diff prepend shape', () => torch.diff(torch.ones([2, 3]), { prepend: torch.ones([3, 3]) }), new RangeError('diff(): diff expects the shape of tensor to prepend or append to match that of input except along the differencing dimension; input.size(0) = 2, but got tensor.size(0) = 3')],
    ['cov 3-D', () => torch.cov(torch.ones([2, 2, 2])), new RangeError('cov(): expected input to have two or fewer dimensions but got an input with 3 dimensions')],
    ['cov fweights float', () => torch.cov(torch.ones([2, 4]), { fweights: torch.tensor([1, 2, 1, 3]) }), new TypeError('cov(): expected fweights to have integral dtype but got fweights with Float dtype')],
    ['cov fweights negative', () => torch.cov(torch.ones([2, 4]), { fweights: torch.tensor([1, -2, 1, 3], { dtype: 'int64' }) }), new RangeError('cov(): fweights cannot be negative')],
    ['cov aweights int', () => torch.cov(torch.ones([2, 4]), { aweights: torch.tensor([1, 2, 1, 3], { dtype: 'int64' }) }), new TypeError('cov(): expected aweights to have floating point dtype but got aweights with Long dtype')],
    ['cov aweights numel', () => torch.cov(torch.ones([2, 4]), { aweights: torch.tensor([1, 2]) }), new RangeError('cov(): expected aweights to have the same numel as there are observations in the input but got 2 != 4')],
    ['cov fweights 2-D', () => torch.cov(torch.ones([2, 4]), { fweights: torch.tensor([[1, 2, 1, 3]], { dtype: 'int64' }) }), new RangeError('cov(): expected fweights to have one or fewer dimensions but got fweights with 2 dimensions')],
    ['median keyword', () => torch.median(x, { dims: 0 } as never), new TypeError("median() got an unexpected keyword argument 'dims'")],
    ['msort non-tensor', () => torch.msort([1, 2] as never), new TypeError("msort(): argument 'input' (position 1) must be Tensor, not list")],
  ];
  it.each(cases)('%s', (_name, f, error) => {
    expect(f).toThrow(error);
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(error.constructor);
    }
  });
});
