// The math ops of lib/ops/math.ts and lib/ops/arrange.ts beyond their forward values (which test/fixtures.test.ts
// checks against PyTorch, ops_math.json): every backward against finite differences (gradcheck, float64),
// method forms, tuple results, and argument errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const f64 = (lo: number, hi: number, ...shape: number[]) => torch.rand(shape, { dtype: 'float64' }).mul(hi - lo).add(lo).requires_grad_(true);
type Fn = (x: torch.Tensor) => torch.Tensor;

// each op on an input inside its domain, away from the kinks where finite differences break
const UNARY: [string, Fn, number, number][] = [
  ['sin', torch.sin, -3, 3], ['cos', torch.cos, -3, 3], ['tan', torch.tan, -1.2, 1.2],
  ['asin', torch.asin, -0.9, 0.9], ['acos', torch.acos, -0.9, 0.9], ['atan', torch.atan, -5, 5],
  ['sinh', torch.sinh, -3, 3], ['cosh', torch.cosh, -3, 3], ['asinh', torch.asinh, -5, 5],
  ['acosh', torch.acosh, 1.1, 5], ['atanh', torch.atanh, -0.9, 0.9], ['log2', torch.log2, 0.1, 5],
  ['log10', torch.log10, 0.1, 5], ['exp2', torch.exp2, -3, 3], ['rsqrt', torch.rsqrt, 0.1, 5],
  ['reciprocal', torch.reciprocal, 0.5, 5], ['square', torch.square, -3, 3],
];

describe.each(BACKENDS)('math ops on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(UNARY)('%s: backward matches finite differences', (_name, fn, lo, hi) => {
    torch.manual_seed(1);
    expect(torch.autograd.gradcheck(fn, [f64(lo, hi, 3, 4)])).toBe(true);
  });

  it('composed ops: logsumexp, nan_to_num, var_mean/std_mean, flip, roll, repeat, tile, triu, outer, dot', () => {
    torch.manual_seed(2);
    const checks: [Fn, torch.Tensor][] = [
      [(x) => torch.logsumexp(x, 1), f64(-3, 3, 3, 4)],
      [(x) => torch.logsumexp(x, [0, 1], true), f64(-3, 3, 3, 4)],
      [(x) => torch.nan_to_num(x.log()), f64(0.5, 2, 5)],
      [(x) => torch.var_mean(x, 1)[0].add(torch.var_mean(x, 1)[1]), f64(-2, 2, 3, 4)],
      [(x) => torch.std_mean(x, { dim: 0, correction: 0 })[0], f64(-2, 2, 3, 4)],
      [(x) => torch.flip(x, [0, 1]).mul(torch.arange(12, { dtype: 'float64' }).reshape(3, 4)), f64(-2, 2, 3, 4)],
      [(x) => torch.roll(x, [1, -1], [0, 1]).mul(torch.arange(12, { dtype: 'float64' }).reshape(3, 4)), f64(-2, 2, 3, 4)],
      [(x) => x.repeat(2, 1, 3).pow(2), f64(-2, 2, 3, 4)],
      [(x) => torch.tile(x, [2]).pow(2), f64(-2, 2, 3, 4)],
      [(x) => torch.triu(x, 1).pow(2), f64(-2, 2, 3, 4)],
      [(x) => torch.outer(x, x.flip(0)), f64(-2, 2, 4)],
      [(x) => torch.dot(x, x.mul(x)), f64(-2, 2, 4)],
    ];
    for (const [fn, x] of checks) expect(torch.autograd.gradcheck(fn, [x])).toBe(true);
  });

  it('method forms, tuples and booleans as PyTorch returns them', () => {
    const x = torch.tensor([[0, 1.5], [-2, NaN]]);
    expect(x.sin().tolist()).toEqual(torch.sin(x).tolist());
    expect(x.isnan().tolist()).toEqual([[false, false], [false, true]]);
    expect(x.isfinite().tolist()).toEqual([[true, true], [true, false]]);
    expect(x.any().item()).toBe(true);
    expect(x.all(1).tolist()).toEqual([false, true]);
    expect(x.logical_not().tolist()).toEqual([[true, false], [false, false]]);
    expect(x.sign().tolist()).toEqual([[0, 1], [-1, 0]]);
    // sign's gradient is zero even for an infinite or NaN incoming one (PyTorch 1.13: zeros)
    const s = torch.tensor([1, NaN, -0, -2]).requires_grad_(true);
    s.sign().backward(torch.tensor([Infinity, NaN, 1, 2]));
    expect(s.grad!.tolist()).toEqual([0, 0, 0, 0]);
    const [v, m] = torch.var_mean(torch.tensor([1, 2, 3, 4]));
    expect([v.item(), m.item()]).toEqual([1.6666666269302368, 2.5]);
    expect(torch.unbind(torch.tensor([[1, 2], [3, 4]]), 1).map((t) => t.tolist())).toEqual([[1, 3], [2, 4]]);
    expect(torch.tensor([1, 2]).allclose(torch.tensor([1, 2.0000001]))).toBe(true);
    expect(torch.isclose(torch.tensor([Infinity]), torch.tensor([-Infinity])).tolist()).toEqual([false]);
    expect(torch.tensor([1, 2, 3]).repeat(2).tolist()).toEqual([1, 2, 3, 1, 2, 3]);
    expect(torch.tensor([[1, 2], [3, 4]]).tril().tolist()).toEqual([[1, 0], [3, 4]]);
    // the input's dtype, as PyTorch's (a bool mask stays bool; where with a 0 would have made it int64)
    expect(torch.ones(2, 2, { dtype: 'bool' }).triu(1).dtype).toBe('bool');
    expect(torch.ones(2, 2, { dtype: 'int32' }).tril().dtype).toBe('int32');
  });

  it('F.normalize and F.cosine_similarity (CosineSimilarity) as PyTorch 1.13, zero rows included', () => {
    // x = torch.tensor([[3., 4.], [0., 0.], [1., -1.]]); y = torch.tensor([[1., 0.], [1., 1.], [-2., 2.]])
    const F = torch.nn.functional;
    const x = torch.tensor([[3, 4], [0, 0], [1, -1]]);
    const y = torch.tensor([[1, 0], [1, 1], [-2, 2]]);
    const f32 = (rows: number[][]) => rows.map((r) => r.map(Math.fround));
    expect(F.normalize(x).tolist()).toEqual(f32([[0.6, 0.8], [0, 0], [0.7071067690849304, -0.7071067690849304]]));
    expect(F.normalize(x, { p: 1, dim: 0 }).tolist()).toEqual(f32([[0.75, 0.8], [0, 0], [0.25, -0.2]]));
    expect(F.cosine_similarity(x, y).tolist()).toEqual([0.6000000238418579, 0, -0.9999999403953552]);
    expect(new torch.nn.CosineSimilarity(0)(x, y).tolist()).toEqual([0.12909942865371704, -0.21693046391010284]);
    expect(F.cosine_similarity(x, torch.tensor([1, 1])).tolist()).toEqual([0.9899495244026184, 0, 0]);
    // xx = x.clone().requires_grad_(); F.cosine_similarity(xx, y).sum().backward(): the zero row's gradient is
    // the other vector over eps, as PyTorch's
    const xx = x.clone().requires_grad_(true);
    F.cosine_similarity(xx, y).sum().backward();
    expect(xx.grad!.tolist()).toEqual([[0.12800000607967377, -0.09600000083446503], [70710680, 70710680], [0, 0]]);
  });

  it("gives PyTorch's errors", () => {
    expect(() => torch.sin(3 as never)).toThrow(new TypeError("sin(): argument 'input' (position 1) must be Tensor, not int"));
    expect(() => torch.tensor([1]).sin(2 as never)).toThrow(new TypeError('sin() takes no positional arguments but 1 was given'));
    expect(() => torch.dot(torch.ones(3), torch.ones(4))).toThrow(
      new RangeError('dot(): inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively'),
    );
    expect(() => torch.outer(torch.ones(2, 2), torch.ones(2))).toThrow(new RangeError('outer(): 1D tensors expected, but got 2D and 1D tensors'));
    expect(() => torch.ones(2, 3).repeat(2)).toThrow(new RangeError('repeat(): Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor'));
    expect(() => torch.roll(torch.ones(2, 2), [1, 1])).toThrow(new RangeError('roll(): shifts and dimensions must align. shifts: 2, dims: 0'));
    expect(() => torch.triu(torch.ones(3))).toThrow(new RangeError('triu(): input tensor must have at least 2 dimensions'));
    expect(() => torch.flip(torch.ones(2, 2), [0, 0])).toThrow(new RangeError('flip(): dims has duplicates: [0, 0]'));
    expect(() => torch.logsumexp(torch.ones(2), undefined as never)).toThrow(new TypeError("logsumexp() missing 1 required positional argument: 'dim'"));
    expect(() => torch.isclose(torch.ones(2), torch.ones(2).double())).toThrow(new TypeError('isclose(): float32 did not match float64'));
  });
});
