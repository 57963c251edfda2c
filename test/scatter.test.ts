// The scatter / index family (lib/ops/scatter.ts) against PyTorch 1.13 on each backend (fixtures:
// scripts/gen_scatter_fixtures.py), plus the in-place forms, torchlet's documented choices and PyTorch's errors.
import { describe, it, expect, beforeAll, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';
import { resetWarnings } from '../lib/utils/warnings';

type T = torch.Tensor;
type Arg = unknown;
interface Case {
  id: string;
  fn: string;
  inputs: Record<string, { shape: number[]; values: number[] }>;
  args: Arg[];
  kwargs: Record<string, Arg>;
  y_shape: number[];
  y: number[];
  r: number[];
  grad_fn: string;
  grads: Record<string, number[]>;
}
interface IntCase {
  id: string;
  fn: string;
  args: Arg[];
  kwargs: Record<string, Arg>;
  y_shape: number[] | number[][];
  y: number[] | number[][];
  dtype: string;
}
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/scatter.json'), 'utf8')) as { cases: Case[]; int_cases: IntCase[] };
const long = (v: unknown) => torch.tensor(v as number[], { dtype: 'int64' });
const fns = torch as unknown as Record<string, (...args: unknown[]) => T | T[]>;

/** A fixture argument as torchlet takes it: {t} a float input, {long} / {bool} an index or mask, {list} a list of them. */
function build(a: Arg, tensors: Record<string, T>): unknown {
  // a list of numbers is a tensor, int64 when they are all integers (as torch.tensor makes it)
  if (Array.isArray(a)) return torch.tensor(a as number[], { dtype: (a as unknown[]).flat(9).every((v) => Number.isInteger(v)) ? 'int64' : 'float32' });
  if (a === null || typeof a !== 'object') return a;
  const o = a as Record<string, unknown>;
  if ('t' in o) return tensors[o.t as string];
  if ('long' in o) return long(o.long);
  if ('bool' in o) return torch.tensor(o.bool as boolean[]);
  if ('zeros' in o) return torch.zeros(o.zeros as number[]);
  if ('scalar' in o) return torch.tensor(o.scalar as number);
  if ('list' in o) return (o.list as Arg[]).map((x) => build(x, tensors));
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, build(v, tensors)])); // keyword arguments
}

function call(fn: string, args: Arg[], kwargs: Record<string, Arg>, tensors: Record<string, T> = {}) {
  const built = args.map((a) => build(a, tensors));
  return Object.keys(kwargs).length ? fns[fn](...built, build(kwargs, tensors)) : fns[fn](...built);
}

// float32: the inputs are float32 values; outputs and gradients are sums (or means, products) of up to 5 of them,
// rounded in float32 at each step, against PyTorch's float64 from the same values: 4 ULP, or 1e-6 absolute where
// terms cancel. float64: the same operations in double: 1e-12 relative and absolute. Copies and selections are exact
// either way (the tolerance does not matter for them).
const TOL: Record<'float32' | 'float64', Tolerance> = { float32: { ulp: 4, atol: 1e-6 }, float64: { rtol: 1e-12, atol: 1e-12 } };

describe.each(BACKENDS)('scatter / index ops vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    it.each(fixtures.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
      const tensors = Object.fromEntries(
        Object.entries(c.inputs).map(([k, v]) => [k, torch.tensor(v.values, { dtype }).reshape(v.shape).requires_grad_(k in c.grads)]),
      );
      const y = call(c.fn, c.args, c.kwargs, tensors) as T;
      expect(y.shape).toEqual(c.y_shape);
      expect(y.dtype).toBe(dtype);
      expect(y.grad_fn?.name).toBe(c.grad_fn);
      expectClose(y.data, c.y, TOL[dtype], 'output');
      y.mul(torch.tensor(c.r, { dtype }).reshape(y.shape)).sum().backward();
      for (const [k, g] of Object.entries(c.grads)) {
        expect(tensors[k].grad!.dtype).toBe(dtype);
        expectClose(tensors[k].grad!.data, g, TOL[dtype], `gradient of ${k}`);
      }
    });
  });

  it.each(fixtures.int_cases.map((c) => [c.id, c] as const))('forward only: %s', (_id, c) => {
    const y = call(c.fn, c.args, c.kwargs);
    const outs = Array.isArray(y) ? y : [y];
    const shapes = (Array.isArray(y) ? c.y_shape : [c.y_shape]) as number[][];
    const values = (Array.isArray(y) ? c.y : [c.y]) as number[][];
    expect(outs.length).toBe(shapes.length);
    outs.forEach((t, i) => {
      expect(t.dtype).toBe(c.dtype);
      expect(t.shape).toEqual(shapes[i]);
      expect(Array.from(t.data)).toEqual(values[i]);
    });
  });

  it('Tensor methods give the functions’ results; keyword forms', () => {
    const x = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const idx = long([[2, 0, 1, 0]]);
    const src = torch.full([1, 4], -1);
    expect(x.scatter(0, idx, src).tolist()).toEqual((torch.scatter(x, 0, idx, src) as T).tolist());
    expect(torch.scatter(x, { dim: 0, index: idx, src }).tolist()).toEqual(x.scatter(0, idx, src).tolist());
    expect(torch.scatter(x, 0, idx, { value: 7 }).tolist()).toEqual(x.scatter(0, idx, 7).tolist());
    expect(x.scatter_add(0, idx, src).tolist()).toEqual(torch.scatter_add(x, 0, idx, src).tolist());
    expect(x.scatter_reduce(0, idx, src, 'amin', { include_self: false }).tolist()).toEqual(torch.scatter_reduce(x, 0, idx, src, { reduce: 'amin', include_self: false }).tolist());
    expect(x.index_add(1, long([0, 0]), torch.ones(3, 2), { alpha: 2 }).select(1, 0).tolist()).toEqual([4, 8, 12]);
    expect(x.index_add(1, torch.tensor([3], { dtype: 'int32' }), torch.ones(3, 1)).select(1, 3).tolist()).toEqual([4, 8, 12]);
    expect(x.index_copy(0, long([1]), torch.zeros(1, 4)).select(0, 1).tolist()).toEqual([0, 0, 0, 0]);
    expect(x.index_fill(1, long([-1]), torch.tensor(5)).select(1, 3).tolist()).toEqual([5, 5, 5]);
    expect((x.index_put([long([0]), long([1])], torch.tensor(-3), true).tolist() as number[][])[0]).toEqual([0, -2, 2, 3]);
    expect((x.index_put([long([0]), long([1])], torch.tensor(-3), { accumulate: false }).tolist() as number[][])[0]).toEqual([0, -3, 2, 3]);
    expect(x.index_reduce(0, long([0, 0]), torch.ones(2, 4).mul(3), 'amax').select(0, 0).tolist()).toEqual([3, 3, 3, 3]);
    expect(x.put(long([0, -1]), torch.tensor([7, 8]), { accumulate: true }).view(-1).tolist()).toEqual([7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 19]);
    expect(x.take(long([[11]])).tolist()).toEqual([[11]]);
    expect(x.take_along_dim(long([[1], [2], [3]]), { dim: 1 }).tolist()).toEqual([[1], [6], [11]]);
    expect(x.masked_select(x.gt(9)).tolist()).toEqual([10, 11]);
    expect((x.masked_scatter(x.lt(2), torch.tensor([-1, -2])).view(-1).tolist() as number[]).slice(0, 3)).toEqual([-1, -2, 2]);
    expect(x.nonzero().shape).toEqual([11, 2]);
    expect(x.nonzero({ as_tuple: true }).map((t) => t.shape)).toEqual([[11], [11]]);
    expect((x.argwhere().tolist() as number[][])[0]).toEqual([0, 1]);
    // NaN counts as nonzero, -0 does not
    expect(torch.argwhere(torch.tensor([NaN, -0, 1])).tolist()).toEqual([[0], [2]]);
    // torch.where(condition) alone is nonzero(condition, as_tuple=True): PyTorch 1.13 gives these
    const c = torch.tensor([[true, false, true], [false, false, true]]);
    expect(torch.where(c).map((t) => [t.dtype, t.tolist()])).toEqual([['int64', [0, 0, 1]], ['int64', [0, 2, 2]]]);
    expect(torch.where(torch.tensor([0, 1.5, NaN])).map((t) => t.tolist())).toEqual([[1, 2]]);
    expect(torch.where(torch.tensor(3)).map((t) => t.tolist())).toEqual([[0]]);
    expect(torch.where(c, 1, 0).tolist()).toEqual([[1, 0, 1], [0, 0, 1]]);
    expect(() => torch.where('x' as never)).toThrow(TypeError);
  });

  it('in-place forms write into self and return it', () => {
    const x = () => torch.zeros(2, 3);
    const i = long([[2, 0, 1]]);
    const s = torch.tensor([[1, 2, 3]]);
    const forms: [string, (t: T) => T, (t: T) => T][] = [
      ['scatter_', (t) => t.scatter_(1, i, s), (t) => t.scatter(1, i, s)],
      ['scatter_ value, reduce add', (t) => t.scatter_(1, i, 2, { reduce: 'add' }), (t) => t.scatter(1, i, 2, { reduce: 'add' })],
      ['scatter_ reduce multiply', (t) => t.add_(2).scatter_(1, i, s, { reduce: 'multiply' }), (t) => t.add(2).scatter(1, i, s, { reduce: 'multiply' })],
      ['scatter_add_', (t) => t.scatter_add_(1, i, s), (t) => t.scatter_add(1, i, s)],
      ['scatter_reduce_', (t) => t.scatter_reduce_(1, i, s, 'prod'), (t) => t.scatter_reduce(1, i, s, 'prod')],
      ['index_add_', (t) => t.index_add_(0, long([1]), s, { alpha: -1 }), (t) => t.index_add(0, long([1]), s, { alpha: -1 })],
      ['index_copy_', (t) => t.index_copy_(0, long([1]), s), (t) => t.index_copy(0, long([1]), s)],
      ['index_fill_', (t) => t.index_fill_(1, long([0, 2]), 4), (t) => t.index_fill(1, long([0, 2]), 4)],
      ['index_put_', (t) => t.index_put_([long([1, 0])], s, true), (t) => t.index_put([long([1, 0])], s, true)],
      ['torch.index_put_', (t) => torch.index_put_(t, [long([1])], s), (t) => t.index_put([long([1])], s)],
      ['index_reduce_', (t) => t.index_reduce_(0, long([1]), s, 'mean'), (t) => t.index_reduce(0, long([1]), s, 'mean')],
      ['put_', (t) => t.put_(long([5, 0]), torch.tensor([1, 2])), (t) => t.put(long([5, 0]), torch.tensor([1, 2]))],
      ['masked_scatter_', (t) => t.masked_scatter_(torch.tensor([true, false, true]), s.repeat(1, 2)), (t) => t.masked_scatter(torch.tensor([true, false, true]), s.repeat(1, 2))],
      ['masked_fill_', (t) => t.masked_fill_(torch.tensor([true, false, true]), 9), (t) => t.masked_fill(torch.tensor([true, false, true]), 9)],
    ];
    for (const [name, inPlace, outOfPlace] of forms) {
      const t = x();
      const expected = outOfPlace(x()).tolist();
      expect(inPlace(t), name).toBe(t);
      expect(t.tolist(), name).toEqual(expected);
    }
  });

  it('in-place forms follow the autograd rules', () => {
    const leaf = torch.zeros(3, { requires_grad: true });
    expect(() => leaf.scatter_(0, long([0]), torch.ones(1))).toThrow(new Error('scatter_(): a leaf Variable that requires grad is being used in an in-place operation.'));
    expect(() => leaf.index_put_([long([0])], torch.ones(1))).toThrow(/^index_put_\(\): a leaf Variable that requires grad/);
    expect(() => leaf.masked_fill_(torch.tensor([true, false, false]), 1)).toThrow(/^masked_fill_\(\): a leaf Variable that requires grad/);
    // a non-leaf written in place: the gradient flows through the op to its previous value and to src
    const a = torch.tensor([1, 2, 3, 4], { requires_grad: true });
    const src = torch.tensor([10, 20], { requires_grad: true });
    const y = a.mul(2);
    expect(y.scatter_add_(0, long([3, 3]), src)).toBe(y);
    expect(y.grad_fn!.name).toBe('ScatterAddBackward0');
    y.mul(torch.tensor([1, 2, 3, 4])).sum().backward();
    expect(a.grad!.tolist()).toEqual([2, 4, 6, 8]);
    expect(src.grad!.tolist()).toEqual([4, 4]);
    // a tensor without history written with values that require grad takes the op's history, as in PyTorch:
    // the second write overwrites position 1, so s[0] gets 1 from the first (repeated index) and 3 from the second
    const s = torch.tensor([1, 2], { requires_grad: true });
    const out = torch.zeros(3);
    out.index_put_([long([0, 0])], s);
    expect(out.grad_fn!.name).toBe('IndexPutBackward0');
    expect(out.is_leaf).toBe(false);
    out.index_put_([long([1])], s.narrow(0, 0, 1).mul(3));
    expect(out.tolist()).toEqual([2, 3, 0]);
    out.sum().backward();
    expect(s.grad!.tolist()).toEqual([4, 1]);
    // large tensors too (the native backend's pooled storage)
    const big = torch.zeros(1 << 17);
    big.index_put_([long([5])], s.narrow(0, 1, 1));
    expect(big.grad_fn!.name).toBe('IndexPutBackward0');
    // ... but not a view (its base would not learn of it)
    const base = torch.zeros(2, 3);
    expect(() => base.select(0, 1).index_put_([long([0])], s.narrow(0, 0, 1))).toThrow(/^index_put_\(\): in-place operations on a view inside an autograd graph are not supported/);
  });

  it('amax / amin propagate NaN, as PyTorch 1.13 (which gives [nan, 0, 0] for both)', () => {
    for (const reduce of ['amax', 'amin'] as const) {
      expect(torch.zeros(3).scatter_reduce(0, long([0, 0]), torch.tensor([NaN, 2]), reduce).tolist()).toEqual([NaN, 0, 0]);
      expect(torch.tensor([NaN, 0, 0]).index_reduce(0, long([0, 0]), torch.tensor([2, 3]), reduce).tolist()).toEqual([NaN, 0, 0]);
    }
  });

  it("scatter_reduce and index_reduce warn once that they are in beta, as PyTorch 1.13's", () => {
    resetWarnings();
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      for (let k = 0; k < 2; k++) {
        torch.scatter_reduce(torch.zeros(2), 0, long([0]), torch.ones(1), 'sum');
        torch.index_reduce(torch.zeros(2), 0, long([0]), torch.ones(1), 'prod');
      }
      expect(spy.mock.calls).toEqual([
        ['scatter_reduce() is in beta and the API may change at any time.', 'UserWarning'],
        ['index_reduce() is in beta and the API may change at any time.', 'UserWarning'],
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('gradients pass torch.autograd.gradcheck (float64, no ties or zeros)', () => {
    torch.manual_seed(3);
    const x = torch.rand(3, 4, { dtype: 'float64' }).add(0.5).requires_grad_(true);
    const src = torch.rand(3, 4, { dtype: 'float64' }).add(0.5).requires_grad_(true);
    const idx = long([[0, 0, 2, 1], [3, 0, 3, 3], [1, 1, 1, 1]]);
    for (const reduce of ['sum', 'prod', 'mean', 'amax', 'amin'] as const) {
      for (const include_self of [true, false]) {
        expect(torch.autograd.gradcheck((a, b) => a.scatter_reduce(1, idx, b, reduce, { include_self }), [x, src]), `${reduce} ${include_self}`).toBe(true);
      }
    }
    const rows = long([2, 0, 2]);
    const v = torch.rand(3, 3, { dtype: 'float64' }).requires_grad_(true);
    expect(torch.autograd.gradcheck((a, b) => a.index_add(1, rows, b.t(), { alpha: -2 }), [x, v])).toBe(true);
    expect(torch.autograd.gradcheck((a, b) => a.index_reduce(0, rows, b, 'prod', { include_self: false }), [torch.rand(3, 3, { dtype: 'float64' }).add(0.5).requires_grad_(true), v])).toBe(true);
    expect(torch.autograd.gradcheck((a, b) => a.index_put([long([0, 2, 0])], b.narrow(1, 0, 1), true), [x, v])).toBe(true);
    expect(torch.autograd.gradcheck((a, b) => a.masked_scatter(a.gt(0.9), b), [x, torch.rand(12, { dtype: 'float64' }).requires_grad_(true)])).toBe(true);
  });

  it('src larger than index: its other elements get a zero gradient (PyTorch 1.13 fails in backward here)', () => {
    const src = torch.arange(10, { dtype: 'float32' }).reshape(2, 5).requires_grad_(true);
    torch.zeros(2, 3).scatter(1, long([[2], [0]]), src).mul(torch.tensor([[1, 2, 3], [4, 5, 6]])).sum().backward();
    expect(src.grad!.tolist()).toEqual([[3, 0, 0, 0, 0], [4, 0, 0, 0, 0]]);
  });

  it('scatter with reduce has no derivative, as in PyTorch', () => {
    const x = torch.zeros(3, { requires_grad: true });
    const y = torch.scatter(x, 0, long([0, 0]), torch.ones(2), { reduce: 'add' });
    expect(y.tolist()).toEqual([2, 0, 0]);
    expect(() => y.sum().backward()).toThrow('scatter(): derivative for aten::scatter is not implemented');
  });

  it('copies with repeated indices: the last write wins (PyTorch leaves it undefined)', () => {
    const x = torch.zeros(2, 3);
    expect((x.scatter(1, long([[0, 0, 0]]), torch.tensor([[1, 2, 3]])).tolist() as number[][])[0]).toEqual([3, 0, 0]);
    expect(x.index_copy(1, long([2, 2]), torch.tensor([[1, 2], [3, 4]])).tolist()).toEqual([[0, 0, 2], [0, 0, 4]]);
    expect((x.index_put([long([1, 1]), long([0, 0])], torch.tensor([5, 6])).tolist() as number[][])[1]).toEqual([6, 0, 0]);
    expect((x.put(long([4, -2]), torch.tensor([7, 8])).tolist() as number[][])[1]).toEqual([0, 8, 0]);
    // the gradient reaches every src element written, the winner or not, as PyTorch's gather-based formula does
    const src = torch.tensor([[1, 2, 3]], { requires_grad: true });
    x.scatter(1, long([[0, 0, 0]]), src).sum().backward();
    expect(src.grad!.tolist()).toEqual([[1, 1, 1]]);
  });

  it('empty indices and 0-d tensors', () => {
    const x = torch.arange(6, { dtype: 'float32' }).reshape(2, 3);
    // an empty index writes nothing and is not checked against the shapes, as PyTorch's
    expect(x.scatter(1, long([]), torch.ones(2, 2)).tolist()).toEqual(x.tolist());
    expect(x.index_add(0, long([]), torch.ones(0, 3)).tolist()).toEqual(x.tolist());
    expect(x.index_put([long([])], torch.tensor(1)).tolist()).toEqual(x.tolist());
    expect(x.take(long([])).shape).toEqual([0]);
    expect(torch.masked_select(x, torch.zeros(2, 3).gt(0)).shape).toEqual([0]);
    const z = torch.tensor(2);
    expect(z.scatter(0, long(0), torch.tensor(5)).tolist()).toBe(5);
    expect(torch.zeros(3).scatter(0, long(1), torch.tensor(5)).tolist()).toEqual([0, 5, 0]);
    expect(z.index_fill(0, long(0), 3).tolist()).toBe(3);
    expect(z.index_add(0, long(0), torch.tensor(3)).tolist()).toBe(5);
    expect(torch.zeros(3).index_add(0, long(1), torch.tensor(3)).tolist()).toEqual([0, 3, 0]);
    expect(z.index_copy(0, long(0), torch.tensor(3)).tolist()).toBe(3);
    expect(torch.masked_select(z, torch.tensor(true)).tolist()).toEqual([2]);
    expect(z.take(long([0, -1])).tolist()).toEqual([2, 2]);
  });

  it("gives PyTorch's errors", () => {
    const x = torch.zeros(3, 4);
    const i2 = long([[0, 1]]);
    const cases: [() => unknown, ErrorConstructor, string][] = [
      [() => x.scatter(1, i2.int(), torch.ones(2, 2)), TypeError, 'scatter(): Expected dtype int64 for index'],
      [() => x.scatter(1, long([[0, 4]]), torch.ones(2, 2)), RangeError, 'scatter(): index 4 is out of bounds for dimension 1 with size 4'],
      [() => x.scatter(1, long([[0, -1]]), torch.ones(2, 2)), RangeError, 'scatter(): index -1 is out of bounds for dimension 1 with size 4'],
      [() => x.scatter(1, i2, torch.ones(1, 1)), RangeError, 'scatter(): Expected index [1, 2] to be smaller than self [3, 4] apart from dimension 1 and to be smaller size than src [1, 1]'],
      [() => x.scatter(1, long([[0, 1], [0, 1], [0, 1], [0, 1]]), 1), RangeError, 'scatter(): Expected index [4, 2] to be smaller than self [3, 4] apart from dimension 1'],
      [() => x.scatter(1, long([0, 1]), torch.ones(4, 2)), RangeError, 'scatter(): Index tensor must have the same number of dimensions as self tensor'],
      [() => x.scatter(1, i2, torch.tensor(3)), RangeError, 'scatter(): Index tensor must have the same number of dimensions as src tensor'],
      [() => x.scatter(1, i2, torch.ones(2, 2, { dtype: 'float64' })), TypeError, 'scatter(): Expected self.dtype to be equal to src.dtype'],
      [() => x.scatter(1, i2, 2, { reduce: 'sum' as never }), RangeError, 'scatter(): reduce argument must be either add or multiply.'],
      [() => x.scatter(2, i2, 2), RangeError, 'scatter(): Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
      [() => x.scatter(1, i2, torch.ones(2, 2), 'add' as never), TypeError, 'scatter() takes 4 positional arguments but 5 were given'],
      [() => x.scatter_add(1, i2, torch.ones(2, 2).double()), TypeError, 'scatter_add(): Expected self.dtype to be equal to src.dtype'],
      [() => x.scatter_reduce(1, i2, torch.ones(2, 2), 'max' as never), RangeError, 'scatter_reduce(): reduce argument must be either sum, prod, mean, amax or amin.'],
      [() => x.scatter_reduce(1, i2, torch.ones(2, 2), 'sum', true as never), TypeError, 'scatter_reduce() takes 5 positional arguments but 6 were given'],
      [() => x.index_add(1, torch.tensor([0, 0]), torch.ones(3, 2)), TypeError, 'index_add(): Expected dtype int32/int64 for index but got: Float'],
      [() => x.index_add(1, long([0, 4]), torch.ones(3, 2)), RangeError, 'index_add(): index out of range in self'],
      [() => x.index_add(1, long([0, -1]), torch.ones(3, 2)), RangeError, 'index_add(): index out of range in self'],
      [() => x.index_add(1, long([0, 1]), torch.ones(3, 3)), RangeError, 'index_add(): Number of indices (2) should be equal to source.size(dim): (3), for dim: 1'],
      [() => x.index_add(1, long([[0, 1]]), torch.ones(3, 2)), RangeError, 'index_add(): Index is supposed to be a vector, but got dim: 2 with type: Long and size: [1, 2]'],
      [() => x.index_add(1, long([0, 1]), torch.ones(3, 2).double()), TypeError, 'index_add(): self (Float) and source (Double) must have the same scalar type'],
      [() => x.index_add(1, long([0, 1]), torch.ones(6)), RangeError, 'index_add(): Indexing dim 1 is out of bounds of the source tensor with dim 1'],
      [() => x.index_copy(1, long([0, 0]).int(), torch.ones(3, 2)), TypeError, 'index_copy(): Expected a long tensor for index, but got Int'],
      [() => x.index_copy(1, long([0, 4]), torch.ones(3, 2)), RangeError, 'index_copy(): index 4 is out of bounds for dimension 1 with size 4'],
      [() => x.index_copy(1, long([0, 1]), torch.ones(3, 3)), RangeError, 'index_copy(): Number of indices (2) should be equal to source.size(dim) (3)'],
      [() => x.index_copy(1, long([0, 1]), torch.ones(3, 2).double()), TypeError, 'index_copy(): self and source expected to have the same dtype, but got (self) Float and (source) Double'],
      [() => x.index_copy(1, long([[0, 1]]), torch.ones(3, 2)), RangeError, 'index_copy(): Index should have dimension 1 or 0 (got 2)'],
      [() => x.index_copy(1, long(1), torch.ones(3)), RangeError, 'index_copy(): When source and destination are not scalars, their dimensionality must match. Source dimensionality (1), destination dimensionality (2)'],
      [() => x.index_fill(1, long([0, 0]).int(), 2.5), TypeError, 'index_fill(): Expected dtype int64 for index.'],
      [() => x.index_fill(1, long([0, -5]), 2.5), RangeError, 'index_fill(): index -5 is out of bounds for dimension 1 with size 4'],
      [() => x.index_fill(1, long([[0, 1]]), 2.5), RangeError, 'index_fill(): Index has to be a vector/scalar'],
      [() => x.index_fill(1, long(1), torch.tensor([3])), RangeError, 'index_fill(): only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).'],
      [() => x.index_reduce(1, long([0, 0]), torch.ones(3, 2), 'sum' as never), RangeError, 'index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got sum.'],
      [() => x.index_reduce(1, long([0, 4]), torch.ones(3, 2), 'amax'), RangeError, 'index_reduce(): index out of range in self'],
      [() => x.index_put([long([0, 3])], torch.ones(4)), RangeError, 'index_put(): index 3 is out of bounds for dimension 0 with size 3'],
      [() => x.index_put([long([0, -4])], torch.ones(4)), RangeError, 'index_put(): index -4 is out of bounds for dimension 0 with size 3'],
      [() => x.index_put([long([0, 1]), long([1, 2, 3])], torch.ones(2)), RangeError, 'index_put(): shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]'],
      [() => x.index_put([torch.tensor([true, false])], torch.ones(4)), RangeError, 'index_put(): The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0'],
      [() => x.index_put([x.gt(-1)], torch.ones(11)), RangeError, 'index_put(): shape mismatch: value tensor of shape [11] cannot be broadcast to indexing result of shape [12]'],
      [() => x.index_put([long([0, 2])], torch.ones(2, 1, 4)), RangeError, 'index_put(): shape mismatch: value tensor of shape [2, 1, 4] cannot be broadcast to indexing result of shape [2, 4]'],
      [() => x.index_put([long([0, 2])], long([1, 2, 3, 4])), TypeError, 'index_put(): Index put requires the source and destination dtypes match, got Float for the destination and Long for the source.'],
      [() => x.index_put([long([0, 2]).int()], torch.ones(4)), TypeError, 'index_put(): tensors used as indices must be long, byte or bool tensors'],
      [() => x.index_put([long([0]), long([0]), long([0])], torch.ones(1)), RangeError, 'index_put(): too many indices for tensor of dimension 2 (got 3)'],
      [() => x.index_put([null as never, long([0])], torch.ones(1)), TypeError, 'index_put(): expected Tensor as element 0 in argument 1, but got NoneType'],
      [() => torch.masked_select(x, torch.ones(4, { dtype: 'int64' })), TypeError, 'masked_select(): expected BoolTensor or ByteTensor for mask'],
      [() => torch.masked_select(x, torch.tensor([true, false])), RangeError, 'masked_select(): The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 1 (shapes [3, 4] and [2])'],
      [() => x.masked_scatter(torch.tensor([true, false, true, false]), torch.ones(5)), RangeError, 'masked_scatter(): Number of elements of source < number of ones in mask'],
      [() => x.masked_scatter(torch.tensor([true, false, true, false]), long([1, 2, 3, 4, 5, 6])), TypeError, 'masked_scatter(): expected self and source to have same dtypes but got Float and Long'],
      [() => torch.ones(4).masked_scatter_(torch.ones(2, 4).gt(0), torch.ones(8)), RangeError, "masked_scatter_(): output with shape [4] doesn't match the broadcast shape [2, 4]"],
      [() => torch.ones(4).masked_fill_(torch.ones(2, 4).gt(0), 3), RangeError, "masked_fill_(): output with shape [4] doesn't match the broadcast shape [2, 4]"],
      [() => x.take(long([12])), RangeError, 'take(): out of range: tried to access index 12 on a tensor of 12 elements.'],
      [() => x.take(long([-13])), RangeError, 'take(): out of range: tried to access index -13 on a tensor of 12 elements.'],
      [() => x.take(long([1]).int()), TypeError, 'take(): Expected a long tensor for index, but got Int'],
      [() => torch.zeros(0).take(long([0])), RangeError, 'take(): tried to take from an empty tensor'],
      [() => x.take_along_dim(long([[0], [-1], [1]]), 1), RangeError, 'take_along_dim(): index -1 is out of bounds for dimension 1 with size 4'],
      [() => x.take_along_dim(long([0, 1]), 1), RangeError, 'take_along_dim(): input and indices should have the same number of dimensions, but got 2 dimensions for input, and 1 dimensions for indices'],
      [() => x.take_along_dim(long([[0, 1]]).int(), 1), TypeError, 'take_along_dim(): dtype of indices should be Long but got Int'],
      [() => x.take_along_dim(long([[0], [1]]), 1), RangeError, 'take_along_dim(): The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0 (shapes [3, 1] and [2, 1])'],
      [() => torch.ones(2, 3).put(long([0, 6]), torch.tensor([5, 6])), RangeError, 'put(): out of range: tried to access index 6 on a tensor of 6 elements.'],
      [() => torch.ones(2, 3).put_(long([0, 1]), torch.tensor([5, 6, 7])), RangeError, 'put_(): Expected source and index to have the same number of elements, but got source.numel() = 3, index.numel() = 2'],
      [() => torch.ones(2, 3).put(long([0, 1]), long([5, 6])), TypeError, 'put(): self and source expected to have the same dtype, but got self.dtype = Float and source.dtype = Long'],
      [() => torch.ones(2, 3).put(long([0, 1]).int(), torch.tensor([5, 6])), TypeError, 'put(): Expected a long tensor for index, but got Int'],
      [() => torch.nonzero(x, true as never), TypeError, 'nonzero() takes 1 positional argument but 2 were given'],
      [() => torch.scatter(x, 1, 'i' as never, 2), TypeError, "scatter(): argument 'index' (position 3) must be Tensor, not string"],
      [() => torch.index_add(x, 0, long([0]), 'src' as never), TypeError, "index_add(): argument 'source' (position 4) must be Tensor, not string"],
    ];
    for (const [fn, type, message] of cases) {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(error, message).toBeInstanceOf(type);
      expect((error as Error).message).toBe(message);
    }
  });
});
