// sort, argsort, topk and cumsum, with PyTorch 1.13's results (the Python is in the comments), on each backend.
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const x = () => torch.tensor([[3, NaN, 1, 3, -2], [0, 5, 5, -1, 2]]);

describe.each(BACKENDS)('sorting and cumulative sums on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('sort: ascending with NaN last, descending with NaN first, equal values in their original order', () => {
    // torch.sort(x) / torch.sort(x, descending=True, stable=True)
    const up = torch.sort(x());
    expect(up.values.tolist()).toEqual([[-2, 1, 3, 3, NaN], [-1, 0, 2, 5, 5]]);
    expect(up.indices.tolist()).toEqual([[4, 2, 0, 3, 1], [3, 0, 4, 1, 2]]);
    const [values, indices] = x().sort(-1, true);
    expect(values.tolist()).toEqual([[NaN, 3, 3, 1, -2], [5, 5, 2, 0, -1]]);
    expect(indices.tolist()).toEqual([[1, 0, 3, 2, 4], [1, 2, 4, 0, 3]]);
    expect(torch.sort(x(), { dim: 1, descending: true, stable: true }).indices.tolist()).toEqual(indices.tolist());
    // torch.argsort(x, dim=0)
    expect(torch.argsort(x(), 0).tolist()).toEqual([[1, 1, 0, 1, 0], [0, 0, 1, 0, 1]]);
    expect(torch.sort(torch.tensor([true, false, true])).values.tolist()).toEqual([false, true, true]);
  });

  it("sort's gradient goes back to where each value came from", () => {
    // y = x.requires_grad_(); v, i = torch.sort(y, 1); (v * torch.arange(5.)).sum().backward()
    const y = x().requires_grad_(true);
    y.sort(1).values.mul(torch.arange(5, { dtype: 'float32' })).sum().backward();
    expect(y.grad!.tolist()).toEqual([[2, 4, 1, 3, 0], [1, 3, 4, 0, 2]]);
  });

  it('topk: the k largest or smallest, in order', () => {
    // torch.topk(x, 2, largest=False); PyTorch leaves the order of equal values unspecified (it gave index 3 for
    // the first row's second 3); torchlet takes the first.
    const small = torch.topk(x(), 2, { largest: false });
    expect(small.values.tolist()).toEqual([[-2, 1], [-1, 0]]);
    expect(small.indices.tolist()).toEqual([[4, 2], [3, 0]]);
    const big = x().topk(2);
    expect(big.values.tolist()).toEqual([[NaN, 3], [5, 5]]);
    expect(big.indices.tolist()).toEqual([[1, 0], [1, 2]]);
    expect(torch.topk(torch.tensor([4, 9, 1]), 0).values.shape).toEqual([0]);
    expect(() => torch.topk(x(), 6)).toThrow(new RangeError('topk(): selected index k out of range (k = 6 for a dimension of size 5)'));
  });

  it('cumsum: running sums (int64 for integers), and the reverse running sum as gradient', () => {
    expect(torch.cumsum(torch.tensor([[1n, 2n], [3n, 4n]]), 0).tolist()).toEqual([[1, 2], [4, 6]]);
    expect(torch.cumsum(torch.tensor([true, true]), 0).dtype).toBe('int64');
    expect(torch.tensor([0.1, 0.2, 0.3]).cumsum({ dim: 0, dtype: 'float64' }).tolist()).toEqual([
      Math.fround(0.1), Math.fround(0.1) + Math.fround(0.2), Math.fround(0.1) + Math.fround(0.2) + Math.fround(0.3),
    ]);
    // z = torch.tensor([1., 2., 3.], requires_grad=True); torch.cumsum(z, 0).backward(torch.tensor([1., 10., 100.]))
    const z = torch.tensor([1, 2, 3]).requires_grad_(true);
    torch.cumsum(z, 0).backward(torch.tensor([1, 10, 100]));
    expect(z.grad!.tolist()).toEqual([111, 110, 100]);
    expect(() => torch.cumsum(z, undefined as never)).toThrow(new TypeError("cumsum() missing 1 required positional argument: 'dim'"));
  });
});
