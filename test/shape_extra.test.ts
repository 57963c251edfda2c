// The shape functions of lib/ops/shape_extra.ts (broadcast_to ... slice_scatter) and the factories (logspace,
// windows, vander, range, as_tensor, ...) against PyTorch 1.13 (fixtures: scripts/gen_shape_extra_fixtures.py),
// outputs and gradients on each backend; views sharing storage; PyTorch's errors and warnings. The samplers of
// lib/ops/random_extra.ts are tested by their properties: support, moments over large samples within stated
// bounds, reproducibility under torch.manual_seed, zero gradients, and refusing a leaf that requires grad.
import { describe, it, expect, beforeAll, afterEach, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { resetWarnings } from '../lib/utils/warnings';
import { BACKENDS, useBackend, expectClose, type Tolerance, expectError } from './helpers';
import { type RampCase as Case, type ValuesEncoded as Encoded, checkRampCase, num } from './fixture_codec';

type T = torch.Tensor;
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/shape_extra.json'), 'utf8')) as {
  cases: Record<string, Case>;
  factories: Record<string, Encoded>;
};

function expectEncoded(actual: T, expected: Encoded, what: string, tol: Tolerance = { ulp: 0 }): void {
  expect(actual.shape, what).toEqual(expected.shape);
  expect(actual.dtype, what).toBe(expected.dtype);
  expectClose(Array.from(actual.data as ArrayLike<number>), expected.values.map(num), tol, what);
}

// The generator's calls, by case name.
const CALLS: Record<string, (...x: T[]) => T | T[]> = {
  broadcast_to: (x) => torch.broadcast_to(x, [2, 3, 4]),
  broadcast_tensors: (a, b, c) => torch.broadcast_tensors(a, b, c),
  meshgrid_ij: (a, b) => torch.meshgrid(a, b, { indexing: 'ij' }),
  meshgrid_xy: (a, b, c) => torch.meshgrid([a, b, c], { indexing: 'xy' }),
  meshgrid_0d: (a, b) => torch.meshgrid(a, b, { indexing: 'ij' }),
  atleast_1d: (a) => torch.atleast_1d(a),
  atleast_2d: (a, b) => torch.atleast_2d(a, b),
  atleast_3d: (a, b, c) => torch.atleast_3d([a, b, c]),
  hstack_2d: (a, b) => torch.hstack([a, b]),
  hstack_1d: (a, b) => torch.hstack([a, b]),
  vstack: (a, b) => torch.vstack([a, b]),
  row_stack: (a, b) => torch.row_stack([a, b]),
  dstack: (a, b) => torch.dstack([a, b]),
  column_stack: (a, b, c) => torch.column_stack([a, b, c]),
  tensor_split_sections: (a) => torch.tensor_split(a, 3),
  tensor_split_indices: (a) => a.tensor_split([1, 5, 100, -1]),
  tensor_split_decreasing: (a) => torch.tensor_split(a, [5, 2], { dim: 1 }),
  tensor_split_tensor_sections: (a) => torch.tensor_split(a, torch.tensor(4n), 1),
  tensor_split_tensor_indices: (a) => torch.tensor_split(a, torch.tensor([1n, 2n]), -1),
  hsplit_sections: (a) => torch.hsplit(a, 2),
  hsplit_1d: (a) => a.hsplit([1, 3]),
  vsplit: (a) => torch.vsplit(a, 2),
  dsplit: (a) => a.dsplit([1]),
  rot90_k0: (a) => torch.rot90(a, 0, [1, 2]),
  rot90_k1: (a) => torch.rot90(a, 1, [1, 2]),
  rot90_k2: (a) => a.rot90(2, [1, 2]),
  rot90_k3: (a) => torch.rot90(a, { k: 3, dims: [1, 2] }),
  'rot90_k-1': (a) => torch.rot90(a, -1, [1, 2]),
  rot90_k5: (a) => torch.rot90(a, 5, [1, 2]),
  rot90_default: (a) => torch.rot90(a),
  rot90_negative_dims: (a) => torch.rot90(a, 1, [-1, 0]),
  fliplr: (a) => torch.fliplr(a),
  flipud: (a) => a.flipud(),
  movedim_int: (a) => torch.movedim(a, 0, 2),
  movedim_list: (a) => a.movedim([0, 1], [2, 0]),
  moveaxis: (a) => torch.moveaxis(a, -1, 0),
  swapaxes: (a) => torch.swapaxes(a, 0, 2),
  swapdims: (a) => a.swapdims(1, -1),
  repeat_interleave_int: (a) => torch.repeat_interleave(a, 2),
  repeat_interleave_tensor_dim0: (a) => torch.repeat_interleave(a, torch.tensor([1n, 0n, 3n]), { dim: 0 }),
  repeat_interleave_dim1_output_size: (a) => a.repeat_interleave(torch.tensor([2n, 1n]), 1, { output_size: 3 }),
  repeat_interleave_one_repeat: (a) => torch.repeat_interleave(a, torch.tensor([2n]), 0),
  repeat_interleave_int_dim: (a) => torch.repeat_interleave(a, 3, -1),
  repeat_interleave_repeats_only: (a) => torch.repeat_interleave(a),
  unflatten: (a) => torch.unflatten(a, 1, [2, -1]),
  unflatten_strided: (a) => a.t().unflatten(0, [3, 1, 2]),
  ravel: (a) => torch.ravel(a.t()),
  block_diag: (a, b, c) => torch.block_diag(a, b, c),
  block_diag_promote: (a, b) => torch.block_diag([a, b]),
  block_diag_empty_piece: (a, b) => torch.block_diag(a, b),
  cartesian_prod: (a, b) => torch.cartesian_prod(a, b),
  cartesian_prod_3: (a, b, c) => torch.cartesian_prod(a, b, c),
  cartesian_prod_1: (a) => torch.cartesian_prod(a),
  combinations: (a) => torch.combinations(a),
  combinations_r3_replacement: (a) => torch.combinations(a, 3, true),
  combinations_r1: (a) => torch.combinations(a, { r: 1 }),
  combinations_r0: (a) => torch.combinations(a, { r: 0 }),
  combinations_r_too_big: (a) => torch.combinations(a, { r: 4 }),
  narrow_copy: (a) => torch.narrow_copy(a, 1, 1, 2),
  select_scatter: (a, b) => torch.select_scatter(a, b, 1, -1),
  slice_scatter: (a, b) => torch.slice_scatter(a, b, 1, 1, null, 2),
  slice_scatter_default: (a, b) => torch.slice_scatter(a, b),
  slice_scatter_int_src: (a, b) => a.slice_scatter(b, 0, 0, 1),
  diagonal_scatter: (a, b) => torch.diagonal_scatter(a, b),
  diagonal_scatter_offset: (a, b) => a.diagonal_scatter(b, 1, 2, 0),
  vander: (a) => torch.vander(a),
  vander_increasing_N: (a) => torch.vander(a, { N: 5, increasing: true }),
  vander_int: (a) => torch.vander(a, 3),
};

// The generator's factory calls, by name; windows are built from their names below.
const FACTORIES: Record<string, () => T> = {
  logspace: () => torch.logspace(0, 3, 4),
  logspace_base2: () => torch.logspace(-2, 2, 9, 2),
  logspace_float64: () => torch.logspace(-1.5, 2.25, 7, { dtype: 'float64' }),
  logspace_many: () => torch.logspace(-3, 1.7, 41),
  logspace_one: () => torch.logspace(2, 5, 1),
  logspace_zero: () => torch.logspace(2, 5, 0),
  hamming_alpha_beta: () => torch.hamming_window(7, false, 0.6, 0.3),
  kaiser_beta: () => torch.kaiser_window(9, true, 5.0),
  kaiser_beta_float64: () => torch.kaiser_window(10, false, 3.5, { dtype: 'float64' }),
  scalar_tensor: () => torch.scalar_tensor(2.5),
  scalar_tensor_int64: () => torch.scalar_tensor(3, { dtype: 'int64' }),
  range: () => torch.range(1, 4),
  range_step: () => torch.range(0, 1, 0.25),
  range_down: () => torch.range(3, -1, -1.5),
  range_float64: () => torch.range(-1, 1, 0.5, { dtype: 'float64' }),
};
const WINDOWS = { hann: torch.hann_window, hamming: torch.hamming_window, blackman: torch.blackman_window, bartlett: torch.bartlett_window, kaiser: torch.kaiser_window };
for (const [name, fn] of Object.entries(WINDOWS)) {
  for (const n of [0, 1, 2, 5, 8]) for (const periodic of [true, false]) FACTORIES[`${name}_${n}_${periodic ? 'True' : 'False'}`] = () => fn(n, periodic);
  FACTORIES[`${name}_12_float64`] = () => fn(12, { dtype: 'float64' });
}

/**
 * Tolerances of the factories: exact (logspace and the cosine windows round each step of PyTorch's formulas to the
 * output's precision), except kaiser_window: torchlet evaluates the Bessel I0 in double and rounds once, PyTorch
 * evaluates it in float32 (Cephes' Chebyshev series), up to 24 ULPs away from its own float64 window rounded to
 * float32 (measured over lengths 2..39, beta 0.5..20). float64 Kaiser windows agree to a relative 1e-14.
 */
function factoryTolerance(name: string, dtype: string): Tolerance {
  if (!name.startsWith('kaiser')) return { ulp: 0 };
  return dtype === 'float64' ? { rtol: 1e-14, atol: 1e-15 } : { ulp: 24 };
}

describe.each(BACKENDS)('shape functions against PyTorch 1.13 on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('covers every fixture case', () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(fixture.cases).sort());
    expect(Object.keys(FACTORIES).sort()).toEqual(Object.keys(fixture.factories).sort());
  });

  it.each(Object.entries(fixture.cases))('%s: outputs and gradients (exact)', (name, c) => {
    checkRampCase(name, c, CALLS[name], (actual, expected, what) => expectEncoded(actual, expected, what));
  });

  it.each(Object.entries(fixture.factories))('%s', (name, want) => {
    expectEncoded(FACTORIES[name](), want, name, factoryTolerance(name, want.dtype));
  });
});

describe.each(BACKENDS)('shape functions: views, autograd and refusals on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  afterEach(() => {
    vi.restoreAllMocks();
    resetWarnings();
  });

  it('views share their input\'s storage, as in PyTorch', () => {
    const x = torch.arange(6, { dtype: 'float32' }).reshape(2, 3);
    const views: [string, T][] = [
      ['broadcast_to', torch.broadcast_to(x, [4, 2, 3])],
      ['broadcast_tensors', torch.broadcast_tensors(x, torch.ones(2, 2, 1))[0]],
      ['movedim', torch.movedim(x, 0, 1)],
      ['swapaxes', x.swapaxes(0, 1)],
      ['unflatten of a transposed tensor', torch.unflatten(x.t(), 0, [3, 1])],
      ['tensor_split', torch.tensor_split(x, 2, 1)[1]],
      ['hsplit', x.hsplit([1])[1]],
      ['meshgrid', torch.meshgrid(x.select(0, 0), x.select(0, 1), { indexing: 'xy' })[1]],
      ['atleast_3d', torch.atleast_3d(x) as T],
      ['ravel of a contiguous tensor', x.ravel()],
    ];
    for (const [name, v] of views) expect(v._storage, name).toBe(x._storage);
    expect(torch.broadcast_to(x, [4, 2, 3]).stride()).toEqual([0, 3, 1]);
    expect(torch.unflatten(x.t(), 0, [3, 1]).tolist()).toEqual([[[0, 3]], [[1, 4]], [[2, 5]]]);
    // a write through a view shows in the base
    torch.tensor_split(x, 3, 1)[2].fill_(-1);
    expect(x.tolist()).toEqual([[0, 1, -1], [3, 4, -1]]);
    // copies: rot90, fliplr, narrow_copy, ravel of a transposed tensor, the scatters
    for (const c of [torch.rot90(x), torch.fliplr(x), torch.narrow_copy(x, 0, 0, 1), x.t().ravel(), torch.select_scatter(x, torch.zeros(3), 0, 0)]) expect(c._storage).not.toBe(x._storage);
  });

  it("grad_fn names are PyTorch's where torchlet records the op itself", () => {
    const w = torch.ones(6, { requires_grad: true });
    expect(torch.unflatten(w, 0, [2, 3]).grad_fn?.name).toBe('ViewBackward0');
    expect(torch.select_scatter(w, torch.tensor(1), 0, 0).grad_fn?.name).toBe('SelectScatterBackward0');
    expect(torch.slice_scatter(w, torch.ones(2), 0, 1, 3).grad_fn?.name).toBe('SliceScatterBackward0');
    expect(torch.broadcast_to(w, [2, 6]).grad_fn?.name).toBe('ExpandBackward0');
    expect(torch.movedim(w.reshape(2, 3), 0, 1).grad_fn?.name).toBe('PermuteBackward0');
  });

  it("vander's gradient is the derivative of each power (PyTorch 1.13's own backward fails, so this is analytic; rtol 1e-6)", () => {
    const xs = [0, 1.5, -2];
    const x = torch.tensor(xs, { requires_grad: true });
    const N = 4;
    const W = torch.arange(12, { dtype: 'float32' }).add(1).reshape(3, 4);
    torch.vander(x, N).mul(W).sum().backward();
    const w = W.tolist() as number[][];
    const want = xs.map((v, i) => w[i].reduce((acc, wij, j) => {
      const p = N - 1 - j;
      return acc + (p === 0 ? 0 : wij * p * v ** (p - 1));
    }, 0));
    expectClose(Array.from(x.grad!.data), want, { rtol: 1e-6 }, 'vander grad');
  });

  it('the scatters pass the gradient to input outside the region and to src inside it', () => {
    const x = torch.zeros(2, 3, { requires_grad: true });
    const src = torch.ones(2, { requires_grad: true });
    const g = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    torch.select_scatter(x, src, 1, 1).backward(g);
    expect(x.grad!.tolist()).toEqual([[1, 0, 3], [4, 0, 6]]);
    expect(src.grad!.tolist()).toEqual([2, 5]);
  });

  it('meshgrid without indexing uses ij with PyTorch 1.13\'s warning, once', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const [a, b] = torch.meshgrid(torch.tensor([1, 2]), torch.tensor([3, 4, 5]));
    expect(a.shape).toEqual([2, 3]);
    expect(b.tolist()).toEqual([[3, 4, 5], [3, 4, 5]]);
    torch.meshgrid(torch.tensor([1, 2]));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.', 'UserWarning');
    torch.meshgrid(torch.tensor([1, 2]), { indexing: 'ij' });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('range is deprecated: it warns, includes its end and gives float32', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const r = torch.range(5);
    expect(r.tolist()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.dtype).toBe('float32');
    expect(torch.range(0, 3, { dtype: 'int64' }).tolist()).toEqual([0, 1, 2, 3]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^torch\.range is deprecated and will be removed in a future release because its behavior is inconsistent with Python's range builtin\. Instead, use torch\.arange, which produces values in \[start, end\)\.$/), 'UserWarning');
  });

  it('as_tensor / asarray share a typed array of a tensor dtype and return a tensor as it is', () => {
    const data = new Float32Array([1, 2, 3]);
    const t = torch.as_tensor(data);
    data[0] = 10;
    expect(t.tolist()).toEqual([10, 2, 3]);
    t.fill_(0);
    expect(Array.from(data)).toEqual([0, 0, 0]);
    expect(torch.as_tensor(t)).toBe(t);
    expect(torch.as_tensor(t, { dtype: 'float64' }).dtype).toBe('float64');
    expect(torch.asarray(new Int32Array([1, 2]))._storage.buffer).not.toBe(undefined);
    const ints = new Int32Array([4, 5]);
    const shared = torch.asarray(ints);
    expect(shared.dtype).toBe('int32');
    ints[1] = 7;
    expect(shared.tolist()).toEqual([4, 7]);
    expect(torch.asarray(ints, { copy: true })._storage).not.toBe(ints);
    expect(torch.asarray(t, { copy: true })._storage).not.toBe(t._storage);
    expect(torch.as_tensor(new Float64Array([1.5]), { dtype: 'float32' }).dtype).toBe('float32');
    expect(torch.as_tensor([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(torch.asarray([1, 2], { requires_grad: true }).requires_grad).toBe(true);
    for (const [Typed, dtype] of [[Int16Array, 'int16'], [Int8Array, 'int8'], [Uint8Array, 'uint8']] as const) {
      const small = new Typed([1, 2]);
      const view = torch.as_tensor(small);
      expect([view.dtype, view._storage === small]).toEqual([dtype, true]);
    }
    expect(() => torch.asarray(new Uint16Array([1]), { copy: false })).toThrow(new TypeError('asarray(): cannot satisfy copy=False: the data must be converted'));
    expect(() => torch.asarray([1, 2], { copy: false })).toThrow(new TypeError("asarray(): can't alias arbitrary sequence into a tensor."));
    expect(torch.asarray(ints, { copy: false })._storage).toBe(ints);
    // requires_grad: set in place on the same tensor, or a tensor that requires grad detached (PyTorch 1.13's results)
    const leaf = torch.ones(2);
    expect(torch.asarray(leaf, { requires_grad: true })).toBe(leaf);
    expect(leaf.requires_grad).toBe(true);
    const computed = leaf.mul(2);
    const alias = torch.asarray(computed);
    expect(alias).not.toBe(computed);
    expect(alias.requires_grad).toBe(false);
    expect(alias._storage).toBe(computed._storage);
  });

  it('randint_like: integers in [low, high) in the input\'s shape and dtype', () => {
    torch.manual_seed(3);
    const r = torch.randint_like(torch.zeros(2, 500, { dtype: 'float64' }), 3, 6);
    expect(r.dtype).toBe('float64');
    expect(r.shape).toEqual([2, 500]);
    expect(new Set(r.data)).toEqual(new Set([3, 4, 5]));
    expect(torch.randint_like(torch.zeros(10, { dtype: 'int32' }), 2).dtype).toBe('int32');
    expect(torch.randint_like(torch.zeros(3), 5, { dtype: 'int64' }).dtype).toBe('int64');
    expect(new Set(torch.randint_like(torch.zeros(200), { high: 2 }).data)).toEqual(new Set([0, 1]));
    expect(new Set(torch.randint_like(torch.zeros(200), 7, { high: 9 }).data)).toEqual(new Set([7, 8]));
    expect(new Set(torch.randint_like(torch.zeros(200), { low: -1, high: 1 }).data)).toEqual(new Set([-1, 0]));
    expect(() => torch.randint_like(torch.zeros(2))).toThrow(new TypeError("randint_like() missing 1 required positional argument: 'high'"));
    expect(() => torch.randint_like(torch.zeros(2), 5, 3)).toThrow(/random_ expects 'from' to be less than 'to', but got from=5 >= to=3/);
  });

  it('broadcast_shapes and the factories\' dtypes', () => {
    expect(torch.broadcast_shapes([2, 1], 3, [1, 3])).toEqual([2, 3]);
    expect(torch.broadcast_shapes()).toEqual([]);
    expect(torch.broadcast_tensors()).toEqual([]);
    expect(torch.atleast_1d()).toEqual([]);
    expect(torch.block_diag().shape).toEqual([1, 0]);
    expect(torch.vander(torch.tensor([true, false])).tolist()).toEqual([[1, 1], [0, 1]]);
    expect(torch.vander(torch.tensor([true, false])).dtype).toBe('int64');
    expect(torch.logspace(0, 1, 3, { dtype: 'int64' }).tolist()).toEqual([1, 3, 10]);
    expect(torch.hann_window(4, { requires_grad: true }).requires_grad).toBe(true);
    expect(torch.hann_window(5, { periodic: false }).tolist()).toEqual(torch.hann_window(5, false).tolist());
    expect(torch.kaiser_window(6, { beta: 3 }).tolist()).toEqual(torch.kaiser_window(6, true, 3).tolist());
    expect(torch.logspace(0, 2, 3, { base: 2 }).tolist()).toEqual([1, 2, 4]);
    expect(torch.scalar_tensor(true).tolist()).toBe(1);
  });

  const x23 = () => torch.ones(2, 3);
  const errors: [string, () => unknown, typeof TypeError | typeof RangeError, string][] = [
    ['broadcast_to', () => torch.broadcast_to(torch.ones(3), [2, 2]), RangeError, 'broadcast_to(): The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 2].  Tensor sizes: [3]'],
    ['broadcast_shapes', () => torch.broadcast_shapes([2, 1], [3, 4]), RangeError, 'broadcast_shapes(): Shape mismatch: objects cannot be broadcast to a single shape'],
    ['broadcast_tensors', () => torch.broadcast_tensors(torch.ones(3), torch.ones(2)), RangeError, 'broadcast_tensors(): The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0'],
    ['meshgrid 2-D', () => torch.meshgrid(torch.ones(2), torch.ones(2, 2), { indexing: 'ij' }), RangeError, 'meshgrid(): Expected 0D or 1D tensor in the tensor list but got: [2, 2]'],
    ['meshgrid dtypes', () => torch.meshgrid(torch.ones(2), torch.ones(2, { dtype: 'int64' }), { indexing: 'ij' }), TypeError, 'meshgrid expects all tensors to have the same dtype'],
    ['meshgrid indexing', () => torch.meshgrid(torch.ones(2), { indexing: 'foo' as 'ij' }), RangeError, 'meshgrid(): torch.meshgrid: indexing must be one of "xy" or "ij", but received: foo'],
    ['meshgrid empty', () => torch.meshgrid({ indexing: 'ij' }), TypeError, 'meshgrid(): meshgrid expects a non-empty TensorList'],
    ['meshgrid keyword', () => torch.meshgrid(torch.ones(2), { index: 'ij' } as never), TypeError, "meshgrid() got an unexpected keyword argument 'index'"],
    ['cartesian_prod empty', () => torch.cartesian_prod(), TypeError, 'cartesian_prod(): meshgrid expects a non-empty TensorList'],
    ['hstack empty', () => torch.hstack([]), RangeError, 'hstack expects a non-empty TensorList'],
    ['hstack not a list', () => torch.hstack(torch.ones(2) as never), TypeError, "hstack(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"],
    ['hstack ranks', () => torch.hstack([x23(), torch.ones(3)]), RangeError, 'cat(): Tensors must have same number of dimensions: got 2 and 1'],
    ['tensor_split 0 sections', () => torch.tensor_split(torch.ones(7), 0), RangeError, 'tensor_split(): number of sections must be larger than 0, got 0'],
    ['tensor_split float indices', () => torch.tensor_split(torch.ones(7), torch.tensor([3])), TypeError, 'tensor_split(): tensor_split expected tensor_indices_or_sections to have dtype of long, but got Float'],
    ['tensor_split 0-d', () => torch.tensor_split(torch.tensor(1), 1), RangeError, 'tensor_split(): tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims'],
    ['hsplit uneven', () => torch.hsplit(x23(), 2), RangeError, 'hsplit(): torch.hsplit attempted to split along dimension 1, but the size of the dimension 3 is not divisible by the split_size 2!'],
    ['vsplit 1-D', () => torch.vsplit(torch.ones(3), 2), RangeError, 'vsplit(): torch.vsplit requires a tensor with at least 2 dimension, but got a tensor with 1 dimensions!'],
    ['dsplit 2-D', () => torch.dsplit(x23(), 2), RangeError, 'dsplit(): torch.dsplit requires a tensor with at least 3 dimension, but got a tensor with 2 dimensions!'],
    ['rot90 same dims', () => torch.rot90(x23(), 1, [0, 0]), RangeError, 'rot90(): expected rotation dims to be different, but got dim0 = 0 and dim1 = 0'],
    ['rot90 1-D', () => torch.rot90(torch.ones(2)), RangeError, 'rot90(): expected total dims >= 2, but got total dims = 1'],
    ['rot90 one dim', () => torch.rot90(x23(), 1, [0]), RangeError, 'rot90(): expected total rotation dims == 2, but got dims = 1'],
    ['fliplr 1-D', () => torch.fliplr(torch.ones(2)), RangeError, 'fliplr(): Input must be >= 2-d.'],
    ['flipud 0-D', () => torch.flipud(torch.tensor(1)), RangeError, 'flipud(): Input must be >= 1-d.'],
    ['movedim repeated source', () => torch.movedim(torch.ones(2, 3, 4), [0, 0], [1, 2]), RangeError, 'movedim(): movedim: repeated dim in `source` ([0, 0])'],
    ['movedim lengths', () => torch.movedim(torch.ones(2, 3, 4), [0, 1], [1]), RangeError, 'movedim(): movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the same number of dims as destination ([1] dims)'],
    ['movedim repeated destination', () => torch.movedim(torch.ones(2, 3, 4), [0, 1], [2, 2]), RangeError, 'movedim(): movedim: repeated dim in `destination` ([2, 2])'],
    ['moveaxis dim', () => torch.moveaxis(x23(), 2, 0), RangeError, 'moveaxis(): Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
    ['repeat_interleave sizes', () => torch.repeat_interleave(torch.ones(2), torch.tensor([1n, 2n, 3n])), RangeError, 'repeat_interleave(): repeats must have the same size as input along dim'],
    ['repeat_interleave negative', () => torch.repeat_interleave(torch.ones(2), -1), RangeError, 'repeat_interleave(): repeats can not be negative'],
    ['repeat_interleave output_size', () => torch.repeat_interleave(torch.ones(2, 2), torch.tensor([1n, 2n]), 0, { output_size: 4 }), RangeError, 'repeat_interleave(): allocated size does not match required size'],
    ['repeat_interleave float repeats', () => torch.repeat_interleave(torch.ones(2), torch.tensor([1, 2])), TypeError, `repeat_interleave(): "repeat_interleave_cpu" not implemented for 'Float'`],
    ['repeat_interleave 2-D repeats', () => torch.repeat_interleave(torch.ones(2), torch.ones(1, 2, { dtype: 'int64' })), RangeError, 'repeat_interleave(): repeats must be 0-dim or 1-dim tensor'],
    ['unflatten product', () => torch.unflatten(torch.ones(2, 6), 1, [4, -1]), RangeError, "unflatten(): unflatten: Provided sizes [4, -1] don't multiply up to the size of dim 1 (6) in the input tensor"],
    ['unflatten empty', () => torch.unflatten(torch.ones(2, 6), 1, []), RangeError, 'unflatten(): unflatten: sizes must be non-empty'],
    ['block_diag 3-D', () => torch.block_diag(torch.ones(2, 2, 2)), RangeError, 'block_diag(): torch.block_diag: Input tensors must have 2 or fewer dimensions. Input 0 has 3 dimensions'],
    ['cartesian_prod 2-D', () => torch.cartesian_prod(torch.ones(2, 2), torch.ones(2)), RangeError, 'cartesian_prod(): Expect a 1D vector, but got shape [2, 2]'],
    ['combinations negative r', () => torch.combinations(torch.ones(3), -1), RangeError, 'combinations(): Expect a non-negative number, but got -1'],
    ['combinations 2-D', () => torch.combinations(torch.ones(2, 2)), RangeError, 'combinations(): Expect a 1D vector, but got shape [2, 2]'],
    ['select_scatter size', () => torch.select_scatter(x23(), torch.ones(2), 0, 0), RangeError, 'select_scatter(): expected src to have a size equal to the slice of self. src size = [2], slice size = [3]'],
    ['select_scatter index', () => torch.select_scatter(x23(), torch.ones(3), 0, 2), RangeError, 'select(): index 2 out of range for tensor of size [2, 3] at dimension 0'],
    ['slice_scatter size', () => torch.slice_scatter(x23(), torch.ones(2, 2), 1, 0, 1), RangeError, 'slice_scatter(): expected src to have a size equal to the slice of self. src size = [2, 2], slice size = [2, 1]'],
    ['hann_window negative', () => torch.hann_window(-1), RangeError, 'hann_window(): hann_window requires non-negative window_length, got window_length=-1'],
    ['hann_window int dtype', () => torch.hann_window(3, { dtype: 'int64' }), TypeError, 'hann_window(): hann_window expects floating point dtypes, got: int64'],
    ['vander 2-D', () => torch.vander(x23()), RangeError, 'vander(): x must be a one-dimensional tensor.'],
    ['vander negative N', () => torch.vander(torch.ones(2), -1), RangeError, 'vander(): N must be non-negative.'],
    ['logspace steps', () => torch.logspace(0, 1, -1), RangeError, 'logspace(): number of steps must be non-negative'],
    ['range step', () => torch.range(0, 3, 0), RangeError, 'range(): step must be nonzero'],
    ['range direction', () => torch.range(3, 0), RangeError, 'range(): upper bound and lower bound inconsistent with step sign'],
    ['window keyword', () => torch.kaiser_window(4, { beta: 2, alpha: 1 } as never), TypeError, "kaiser_window() got an unexpected keyword argument 'alpha'"],
    ['logspace keyword', () => torch.logspace(0, 1, 3, { bas: 2 } as never), TypeError, "logspace() got an unexpected keyword argument 'bas'"],
    ['diagonal_scatter size', () => torch.diagonal_scatter(torch.ones(3, 3), torch.ones(2)), RangeError, 'diagonal_scatter(): expected src to have a size equal to the slice of self. src size = [2], slice size = [3]'],
    ['scalar_tensor', () => torch.scalar_tensor('1' as never), TypeError, "scalar_tensor(): argument 's' (position 1) must be Number, not string"],
  ];
  it.each(errors)('refuses: %s', (_name, fn, type, message) => expectError(fn, type, message));
});

// ---- random: properties, not PyTorch's numbers (torchlet has its own generator) ----

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;
const variance = (v: ArrayLike<number>) => {
  const m = mean(v);
  return Array.from(v).reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
};
/**
 * The sample mean of n draws is within 6 standard errors (sd / sqrt(n)) of the true mean: a false failure has
 * probability about 2e-9 per check; the seed is fixed anyway, so each check is deterministic.
 */
function expectMean(v: ArrayLike<number>, mu: number, sd: number, what: string): void {
  const bound = (6 * sd) / Math.sqrt(v.length);
  expect(Math.abs(mean(v) - mu), `${what}: mean ${mean(v)} vs ${mu} (bound ${bound})`).toBeLessThan(bound);
}
/** The sample variance within 6 standard errors of the true one (normal approximation, excess kurtosis k). */
function expectVariance(v: ArrayLike<number>, s2: number, what: string, kurtosis = 0): void {
  const bound = 6 * s2 * Math.sqrt((2 + kurtosis) / v.length);
  expect(Math.abs(variance(v) - s2), `${what}: variance ${variance(v)} vs ${s2} (bound ${bound})`).toBeLessThan(bound);
}
const N = 200_000;

describe.each(BACKENDS)('random sampling on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('torch.normal: every overload, its shape, dtype and moments', () => {
    torch.manual_seed(1);
    const m = torch.tensor([[-2], [3]]).expand(2, N);
    const s = torch.tensor([0.5, 2]).reshape(2, 1);
    const both = torch.normal(m, s);
    expect(both.shape).toEqual([2, N]);
    expect(both.dtype).toBe('float32');
    expectMean(both.select(0, 0).data, -2, 0.5, 'normal(tensor, tensor) row 0');
    expectVariance(both.select(0, 0).data, 0.25, 'normal(tensor, tensor) row 0');
    expectMean(both.select(0, 1).data, 3, 2, 'normal(tensor, tensor) row 1');
    expectVariance(both.select(0, 1).data, 4, 'normal(tensor, tensor) row 1');
    const meanOnly = torch.normal(torch.full([N], 1, { dtype: 'float64' }));
    expect(meanOnly.dtype).toBe('float64');
    expectMean(meanOnly.data, 1, 1, 'normal(mean)');
    expectVariance(meanOnly.data, 1, 'normal(mean)');
    const scalarStd = torch.normal(torch.zeros(N), 3);
    expectVariance(scalarStd.data, 9, 'normal(mean, 3)');
    const scalarMean = torch.normal(5, torch.full([N], 0.1));
    expectMean(scalarMean.data, 5, 0.1, 'normal(5, std)');
    const sized = torch.normal(-1, 2, [N], { dtype: 'float64' });
    expect(sized.dtype).toBe('float64');
    expectMean(sized.data, -1, 2, 'normal(-1, 2, size)');
    expectVariance(sized.data, 4, 'normal(-1, 2, size)');
    expect(torch.normal({ mean: 0, std: 1, size: [2, 3] }).shape).toEqual([2, 3]);
    expect(torch.normal(torch.tensor([1.5, -2]), 0).tolist()).toEqual([1.5, -2]);
  });

  it('torch.bernoulli: 0/1 with probability p (a tensor or one number), in input\'s dtype', () => {
    torch.manual_seed(2);
    const p = torch.tensor([0, 1, 0.3]).reshape(3, 1).expand(3, N).contiguous();
    const b = torch.bernoulli(p);
    expect(b.dtype).toBe('float32');
    expect(new Set(b.data)).toEqual(new Set([0, 1]));
    expect(b.select(0, 0).sum().item()).toBe(0);
    expect(b.select(0, 1).sum().item()).toBe(N);
    expectMean(b.select(0, 2).data, 0.3, Math.sqrt(0.21), 'bernoulli(p)');
    const fixedP = torch.bernoulli(torch.zeros(N, { dtype: 'int64' }), 0.8);
    expect(fixedP.dtype).toBe('int64');
    expectMean(fixedP.data, 0.8, 0.4, 'bernoulli(input, 0.8)');
    expect(torch.zeros(4, { dtype: 'float64' }).fill_(1).bernoulli().tolist()).toEqual([1, 1, 1, 1]);
  });

  it('torch.poisson: non-negative integers with mean and variance equal to the rate, small and large rates', () => {
    torch.manual_seed(3);
    for (const rate of [0.5, 4, 9.9, 30, 250]) {
      const v = torch.poisson(torch.full([N], rate, { dtype: 'float64' })).data;
      expect(Array.from(v).every((k) => Number.isInteger(k) && k >= 0), `rate ${rate}`).toBe(true);
      expectMean(v, rate, Math.sqrt(rate), `poisson(${rate})`);
      expectVariance(v, rate, `poisson(${rate})`, 1 / rate);
    }
    expect(torch.poisson(torch.zeros(5)).tolist()).toEqual([0, 0, 0, 0, 0]);
    // P(X = 0) for rate 1 is 1/e: the distribution, not only its moments
    const ones = torch.poisson(torch.ones(N)).data;
    expectMean(Array.from(ones, (k) => +(k === 0)), Math.exp(-1), Math.sqrt(Math.exp(-1) * (1 - Math.exp(-1))), 'P(poisson(1) = 0)');
  });

  it('in-place samplers: support and moments', () => {
    torch.manual_seed(4);
    const u = torch.empty(N).uniform_(2, 5);
    expect(u.min().item()).toBeGreaterThanOrEqual(2);
    expect(u.max().item()).toBeLessThan(5);
    expectMean(u.data, 3.5, Math.sqrt(0.75), 'uniform_(2, 5)');
    expectVariance(u.data, 0.75, 'uniform_(2, 5)', -1.2);
    const n = torch.empty(N, { dtype: 'float64' }).normal_(1, 2);
    expectMean(n.data, 1, 2, 'normal_(1, 2)');
    expectVariance(n.data, 4, 'normal_(1, 2)');
    const e = torch.empty(N).exponential_(2);
    expect(e.min().item()).toBeGreaterThanOrEqual(0);
    expectMean(e.data, 0.5, 0.5, 'exponential_(2)');
    expectVariance(e.data, 0.25, 'exponential_(2)', 6);
    const g = torch.empty(N).geometric_(0.25);
    expect(Array.from(g.data).every((k) => Number.isInteger(k) && k >= 1)).toBe(true);
    expectMean(g.data, 4, Math.sqrt(12), 'geometric_(0.25)');
    expectVariance(g.data, 12, 'geometric_(0.25)', 6 + 0.25 ** 2 / 0.75);
    const ln = torch.empty(N, { dtype: 'float64' }).log_normal_(0.5, 0.25);
    expect(ln.min().item()).toBeGreaterThan(0);
    const logs = ln.log().data;
    expectMean(logs, 0.5, 0.25, 'log of log_normal_(0.5, 0.25)');
    expectVariance(logs, 0.0625, 'log of log_normal_(0.5, 0.25)');
    expectMean(ln.data, Math.exp(0.5 + 0.0625 / 2), Math.exp(0.5 + 0.03125) * Math.sqrt(Math.exp(0.0625) - 1), 'log_normal_(0.5, 0.25)');
    // Cauchy has no mean: its quartiles are median -+ sigma
    const c = torch.empty(N, { dtype: 'float64' }).cauchy_(1, 2).data;
    expectMean(Array.from(c, (v) => +(v < 1)), 0.5, 0.5, 'P(cauchy < median)');
    expectMean(Array.from(c, (v) => +(v > -1 && v < 3)), 0.5, 0.5, 'P(|cauchy - median| < sigma)');
    const b = torch.zeros(N, { dtype: 'int32' }).bernoulli_(0.25);
    expectMean(b.data, 0.25, Math.sqrt(0.1875), 'bernoulli_(0.25)');
    const bp = torch.zeros(2, N).bernoulli_(torch.tensor([[0.9], [0]]));
    expectMean(bp.select(0, 0).data, 0.9, 0.3, 'bernoulli_(p tensor)');
    expect(bp.select(0, 1).sum().item()).toBe(0);
  });

  it('random_: integers on [from, to), to alone, or the dtype\'s range', () => {
    torch.manual_seed(5);
    const r = torch.empty(N).random_(-5, 2);
    expect(new Set(r.data)).toEqual(new Set([-5, -4, -3, -2, -1, 0, 1]));
    expectMean(r.data, -2, 2, 'random_(-5, 2)');
    expect(new Set(torch.zeros(1000, { dtype: 'int64' }).random_(3).data)).toEqual(new Set([0, 1, 2]));
    expect(new Set(torch.zeros(1000, { dtype: 'bool' }).random_().tolist() as boolean[])).toEqual(new Set([true, false]));
    const big = torch.empty(N).random_().data;
    expect(Array.from(big).every((v) => Number.isInteger(v) && v >= 0 && v <= 2 ** 24)).toBe(true);
    expectMean(big, 2 ** 23, 2 ** 24 / Math.sqrt(12), 'random_() float32');
    const int32 = torch.zeros(N, { dtype: 'int32' }).random_(2 ** 30, null);
    expect(Array.from(int32.data).every((v) => v >= 2 ** 30 && v < 2 ** 31)).toBe(true);
    expect(torch.empty(4).random_({ from: 7, to: 8 }).tolist()).toEqual([7, 7, 7, 7]);
  });

  it('manual_seed makes every sampler reproducible, on strided views too', () => {
    const draw = () => {
      const v = torch.zeros(4, 6).t();
      return [
        torch.normal(torch.zeros(5), torch.ones(5)), torch.normal(2, 3, [4]), torch.bernoulli(torch.full([6], 0.5)), torch.poisson(torch.full([6], 20)),
        torch.empty(5).uniform_(), torch.empty(5).normal_(), torch.empty(5).random_(100), torch.empty(5).bernoulli_(), torch.empty(5).exponential_(),
        torch.empty(5).geometric_(0.3), torch.empty(5).log_normal_(), torch.empty(5).cauchy_(), v.select(0, 1).uniform_(), v,
      ].map((t) => t.tolist());
    };
    torch.manual_seed(123);
    const first = draw();
    torch.manual_seed(123);
    expect(draw()).toEqual(first);
    torch.manual_seed(124);
    expect(draw()).not.toEqual(first);
    // the strided view's samples land in its own elements only
    const base = torch.zeros(3, 4);
    base.t().select(0, 2).uniform_(1, 2);
    const rows = base.tolist() as number[][];
    expect(rows.every((row) => row.every((v, j) => (j === 2 ? v >= 1 && v < 2 : v === 0)))).toBe(true);
  });

  it('gradients: the samples pass zeros back; in-place samplers refuse a leaf that requires grad, as PyTorch', () => {
    const m = torch.ones(3, { requires_grad: true });
    const samplers: [string, () => T][] = [
      ['NormalBackward1', () => torch.normal(m, 1)], ['NormalBackward3', () => torch.normal(m, m)], ['NormalBackward2', () => torch.normal(0, m)],
      ['BernoulliBackward0', () => torch.bernoulli(m.mul(0.5))], ['PoissonBackward0', () => torch.poisson(m)],
    ];
    for (const [name, f] of samplers) {
      m.grad = null;
      const out = f();
      expect(out.grad_fn?.name, name).toBe(name);
      out.sum().backward();
      expect(m.grad!.tolist(), name).toEqual([0, 0, 0]);
    }
    const inPlace: [string, (t: T) => T][] = [
      ['uniform_', (t) => t.uniform_()], ['normal_', (t) => t.normal_()], ['random_', (t) => t.random_(5)], ['bernoulli_', (t) => t.bernoulli_()],
      ['exponential_', (t) => t.exponential_()], ['geometric_', (t) => t.geometric_(0.5)], ['log_normal_', (t) => t.log_normal_()], ['cauchy_', (t) => t.cauchy_()],
    ];
    for (const [name, f] of inPlace) {
      const w = torch.ones(3, { requires_grad: true });
      expectError(() => f(w), Error, `${name}(): a leaf Variable that requires grad is being used in an in-place operation.`);
      torch.no_grad(() => f(w)); // allowed without grad, as nn.init does
      const y = w.mul(2);
      expect(f(y)).toBe(y);
      y.mul(3).sum().backward();
      expect(w.grad!.tolist(), name).toEqual([0, 0, 0]);
    }
  });

  const refusals: [string, () => unknown, typeof TypeError | typeof RangeError, string][] = [
    ['normal negative std', () => torch.normal(torch.zeros(2), -1), RangeError, 'normal(): normal expects std >= 0.0, but found std -1'],
    ['normal negative std tensor', () => torch.normal(torch.zeros(2), torch.tensor([1, -1])), RangeError, 'normal(): normal expects all elements of std >= 0.0'],
    ['normal int mean', () => torch.normal(torch.zeros(2, { dtype: 'int64' }), 1), TypeError, `normal(): "normal_kernel_cpu" not implemented for 'Long'`],
    ['normal broadcast', () => torch.normal(torch.zeros(2), torch.ones(3)), RangeError, 'normal(): The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0 (shapes [2] and [3])'],
    ['normal numbers without size', () => torch.normal(0, 1), TypeError, "normal(): argument 'mean' (position 1) must be Tensor, not float"],
    ['normal keyword', () => torch.normal(0, 1, [2], { dtyp: 'float64' } as never), TypeError, "normal() got an unexpected keyword argument 'dtyp'"],
    ['bernoulli p out of range', () => torch.bernoulli(torch.tensor([0, 1.5])), RangeError, 'bernoulli(): Expected p_in >= 0 && p_in <= 1 to be true, but got false.'],
    ['bernoulli int input', () => torch.bernoulli(torch.zeros(2, { dtype: 'int64' })), TypeError, `bernoulli(): "bernoulli_tensor_cpu_p_" not implemented for 'Long'`],
    ['poisson negative rate', () => torch.poisson(torch.tensor([-1])), RangeError, 'poisson(): invalid Poisson rate, expected rate to be non-negative'],
    ['poisson int rate', () => torch.poisson(torch.tensor([1n])), TypeError, `poisson(): "poisson_cpu" not implemented for 'Long'`],
    ['uniform_ int', () => torch.zeros(3, { dtype: 'int64' }).uniform_(), TypeError, `uniform_(): "check_uniform_bounds" not implemented for 'Long'`],
    ['normal_ int', () => torch.zeros(3, { dtype: 'int32' }).normal_(), TypeError, `normal_(): "normal_kernel_cpu" not implemented for 'Int'`],
    ['exponential_ int', () => torch.zeros(3, { dtype: 'int64' }).exponential_(), TypeError, `exponential_(): "exponential_cpu" not implemented for 'Long'`],
    ['cauchy_ int', () => torch.zeros(3, { dtype: 'int64' }).cauchy_(), TypeError, `cauchy_(): "cauchy_cpu" not implemented for 'Long'`],
    ['log_normal_ int', () => torch.zeros(3, { dtype: 'int64' }).log_normal_(), TypeError, `log_normal_(): "log_normal_cpu" not implemented for 'Long'`],
    ['uniform_ bounds', () => torch.zeros(3).uniform_(2, 1), RangeError, 'uniform_(): uniform_ expects to return a [from, to) range, but found from=2 > to=1'],
    ['normal_ std', () => torch.zeros(3).normal_(0, -1), RangeError, 'normal_(): normal expects std >= 0.0, but found std -1'],
    ['log_normal_ std', () => torch.zeros(3).log_normal_(0, -1), RangeError, 'log_normal_(): log_normal_ expects std > 0.0, but found std=-1'],
    ['exponential_ lambda', () => torch.zeros(3).exponential_(-1), RangeError, 'exponential_(): exponential_ expects lambda >= 0.0, but found lambda=-1'],
    ['geometric_ p', () => torch.zeros(3).geometric_(1.5), RangeError, 'geometric_(): geometric_ expects p to be in (0, 1), but got p=1.5'],
    ['geometric_ no p', () => (torch.zeros(3) as unknown as { geometric_: () => T }).geometric_(), TypeError, "geometric_() missing 1 required positional argument: 'p'"],
    ['bernoulli_ p', () => torch.zeros(3).bernoulli_(1.5), RangeError, 'bernoulli_(): bernoulli_ expects p to be in [0, 1], but got p=1.5'],
    ['random_ order', () => torch.zeros(3).random_(5, 2), RangeError, "random_(): random_ expects 'from' to be less than 'to', but got from=5 >= to=2"],
    ['random_ bool range', () => torch.zeros(3, { dtype: 'bool' }).random_(3), RangeError, 'random_(): to - 1 is out of bounds for bool'],
    ['random_ int32 range', () => torch.zeros(3, { dtype: 'int32' }).random_(2 ** 40), RangeError, 'random_(): to - 1 is out of bounds for int'],
  ];
  it.each(refusals)('refuses: %s', (_name, fn, type, message) => expectError(fn, type, message));

  it('random_ on float32 beyond 2^24 warns as PyTorch does', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    resetWarnings();
    torch.zeros(3).random_(0, 2 ** 25);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^to - 1 is out of bounds \[-\(2\^24\), 2\^24\]\. Due to precision limitations float can support discrete uniform distribution only within this range/), 'UserWarning');
    vi.restoreAllMocks();
  });
});

describe('uniform_ stays below `to` in float32', () => {
  it('a sample that would round up to `to` is the float just below it', () => {
    // [1000, 1000 + 16 ulp): from + (to - from) * u rounds to `to` for u > 1 - 1/32, about 3% of the draws
    const to = 1000 + 16 * 2 ** -14;
    torch.manual_seed(9);
    const u = torch.empty(10_000).uniform_(1000, to);
    expect(u.max().item()).toBe(to - 2 ** -14);
    expect(u.min().item()).toBeGreaterThanOrEqual(1000);
    expect(torch.empty(10).uniform_(1, 1).tolist()).toEqual(new Array(10).fill(1));
  });
});
