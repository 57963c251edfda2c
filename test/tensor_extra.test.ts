// The PyTorch 1.13 API of lib/ops/tensor_extra.ts against PyTorch 1.13 (fixtures: scripts/gen_tensor_extra_fixtures.py):
// unfold, sum_to_size, split_with_sizes, renorm, dist, trapezoid/trapz/cumulative_trapezoid, isin and the real
// conjugate transposes (outputs and gradients on each backend), finfo/iinfo, and promote_types/result_type/can_cast
// over every pair of dtypes; then the new_* factories, type_as, the predicates and PyTorch's errors.
// Tolerances: views, copies, isin and sums of two or three terms are exact; renorm, dist and the trapezoid rule
// (norms, powers, quotients, and sums whose order differs from ATen's) within 2 float32 ULPs (all but one value are
// within 1), or a relative 1e-14 for float64.
import { describe, it, expect, beforeAll, afterEach, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { resetWarnings } from '../lib/utils/warnings';
import { BACKENDS, useBackend, expectClose, type Tolerance, expectError } from './helpers';
import { type RampCase as Case, type ValuesEncoded as Encoded, checkRampCase, num } from './fixture_codec';

type T = torch.Tensor;
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/tensor_extra.json'), 'utf8')) as {
  cases: Record<string, Case>;
  info: Record<string, Record<string, number | string>>;
  promotion: Record<string, { promote_types: string; can_cast: boolean; result_dim_0d: string; result_0d_dim: string; result_0d_0d: string }>;
  scalars: Record<string, string>;
};

function expectEncoded(actual: T, expected: Encoded, what: string, tol: Tolerance): void {
  expect(actual.shape, what).toEqual(expected.shape);
  expect(actual.dtype, what).toBe(expected.dtype);
  expectClose(Array.from(actual.data as ArrayLike<number>), expected.values.map(num), expected.dtype === 'float64' ? { rtol: tol.ulp ? 1e-14 : 0, atol: tol.ulp ? 1e-15 : 0 } : tol, what);
}

const exp = (t: T) => t.exp();
// The generator's calls, by case name.
const CALLS: Record<string, (...x: T[]) => T | T[]> = {
  unfold_1d: (a) => a.unfold(0, 3, 2),
  unfold_overlap_dim0: (a) => a.unfold(0, 2, 1),
  unfold_gapped_neg_dim: (a) => a.unfold(-2, 2, 3),
  unfold_transposed: (a) => a.t().unfold(1, 3, 1),
  unfold_twice: (a) => a.unfold(0, 2, 1).unfold(1, 2, 2),
  unfold_size0: (a) => a.unfold(0, 0, 1),
  unfold_0d: (a) => a.unfold(0, 1, 1),
  unfold_int: (a) => a.unfold({ dimension: 1, size: 2, step: 2 }),
  sum_to_size_trailing: (a) => a.sum_to_size(3, 1),
  sum_to_size_list: (a) => a.sum_to_size([1, 3]),
  sum_to_size_same: (a) => a.sum_to_size(2, 3),
  split_with_sizes: (a) => torch.split_with_sizes(a, [2, 0, 3], 1),
  split_with_sizes_method: (a) => a.split_with_sizes([1, 3], { dim: 0 }),
  renorm_p2_dim0: (a) => torch.renorm(a, 2, 0, 1.5),
  renorm_p1_dim1: (a) => a.renorm({ p: 1, dim: 1, maxnorm: 2 }),
  renorm_p3_3d: (a) => a.renorm(3, -1, 1),
  renorm_maxnorm0: (a) => a.renorm(2, 0, 0),
  dist_p2_broadcast: (a, b) => torch.dist(exp(a), b),
  dist_p1: (a, b) => exp(a).dist(b, 1),
  dist_p3: (a, b) => torch.dist(exp(a), b, { p: 3 }),
  dist_pinf: (a, b) => torch.dist(exp(a), b, Infinity),
  dist_p0: (a, b) => torch.dist(a, b.mul(b), 0),
  dist_mixed_dtype: (a, b) => torch.dist(exp(a), b),
  trapezoid_dx: (y) => torch.trapezoid(y),
  trapezoid_dx_dim0: (y) => torch.trapezoid(y, { dx: 0.5, dim: 0 }),
  trapezoid_x_1d: (y, x) => torch.trapezoid(y, exp(x)),
  trapezoid_x_full: (y, x) => torch.trapezoid(y, exp(x), { dim: 1 }),
  trapezoid_x_lower_rank: (y, x) => torch.trapezoid(y, exp(x)),
  trapezoid_int: (y) => torch.trapezoid(y, { dx: 2 }),
  trapezoid_empty: (y) => torch.trapezoid(y),
  trapz_dx: (y) => torch.trapz(y, { dx: 0.25 }),
  trapz_x: (y, x) => torch.trapz(y, exp(x), { dim: 0 }),
  cumulative_trapezoid_dx: (y) => torch.cumulative_trapezoid(y, { dx: 0.5 }),
  cumulative_trapezoid_x: (y, x) => torch.cumulative_trapezoid(y, exp(x), { dim: 0 }),
  cumulative_trapezoid_int: (y) => torch.cumulative_trapezoid(y),
  cumulative_trapezoid_one: (y) => torch.cumulative_trapezoid(y),
  isin: (a, b) => torch.isin(a, b.mul(2)),
  isin_invert: (a, b) => torch.isin(a, b, { invert: true }),
  isin_promoted: (a, b) => torch.isin(a, b),
  isin_scalar_test: (a) => torch.isin(a, 0.5),
  isin_scalar_elements: (b) => torch.isin(2, b),
  isin_nan: (a) => torch.isin(a.log(), a.log()),
  mH: (a) => a.mH,
  H: (a) => a.H,
  adjoint: (a) => torch.adjoint(a),
};
const EXACT = /^(unfold|sum_to_size|split|isin|mH|H|adjoint|trapezoid_(int|empty)|cumulative_trapezoid_(int|one))/;

describe.each(BACKENDS)('tensor extras against PyTorch 1.13 on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('covers every fixture case', () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(fixture.cases).sort());
  });

  it.each(Object.entries(fixture.cases))('%s: outputs and gradients', (name, c) => {
    const tol: Tolerance = EXACT.test(name) ? { ulp: 0 } : { ulp: 2 };
    checkRampCase(name, c, CALLS[name], (actual, expected, what) => expectEncoded(actual, expected, what, tol));
  });
});

describe('finfo, iinfo and type promotion against PyTorch 1.13', () => {
  it('finfo and iinfo: fields and printing', () => {
    for (const [dtype, want] of Object.entries(fixture.info)) {
      const info = dtype.startsWith('float') ? torch.finfo(dtype) : torch.iinfo(dtype);
      const { repr, ...fields } = want;
      for (const [key, value] of Object.entries(fields)) expect((info as unknown as Record<string, unknown>)[key], `${dtype}.${key}`).toBe(value);
      expect(String(info)).toBe(repr);
    }
    expect(torch.finfo().dtype).toBe('float32'); // the default dtype
    expect(torch.finfo(torch.double).eps).toBe(Number.EPSILON);
    expect(torch.finfo(torch.float32).tiny).toBe(2 ** -126);
  });

  it('finfo and iinfo: refusals', () => {
    expectError(() => torch.finfo('int32'), TypeError, "torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
    expectError(() => torch.iinfo('float32'), TypeError, "torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
    expectError(() => torch.iinfo('bool'), TypeError, 'torch.bool is not supported by torch.iinfo');
    expectError(() => (torch.iinfo as () => unknown)(), TypeError, "iinfo() missing 1 required positional argument: 'type'");
    expect(() => torch.finfo('complex64')).toThrow(TypeError);
  });

  it('promote_types, can_cast and result_type over every pair of dtypes', () => {
    for (const [pair, want] of Object.entries(fixture.promotion)) {
      const [a, b] = pair.split(',');
      expect(torch.promote_types(a, b), pair).toBe(want.promote_types);
      expect(torch.can_cast(a, b), pair).toBe(want.can_cast);
      const [dimA, zeroA, dimB, zeroB] = [torch.ones([2], { dtype: a }), torch.ones([], { dtype: a }), torch.ones([2], { dtype: b }), torch.ones([], { dtype: b })];
      expect(torch.result_type(dimA, zeroB), pair).toBe(want.result_dim_0d);
      expect(torch.result_type(zeroA, dimB), pair).toBe(want.result_0d_dim);
      expect(torch.result_type(zeroA, zeroB), pair).toBe(want.result_0d_0d);
    }
    // their arguments are dtypes, not tensors (test/bad_input.test.ts's sweep leaves them to this file)
    expectError(() => torch.promote_types(null as never, 'float32'), TypeError, /^promote_types\(\): invalid dtype null/);
    expectError(() => torch.can_cast('x' as never, 'float32'), TypeError, /^can_cast\(\): invalid dtype "x"/);
    expectError(() => torch.isin(null as never, null as never), TypeError, /^isin\(\) received an invalid combination of arguments - got \(NoneType, NoneType\)/);
  });

  it('result_type with Python scalars (JS numbers: integers are int, others float; booleans bool)', () => {
    const scalar: Record<string, number | boolean> = { int: 2, float: 2.5, bool: true };
    const other: Record<string, number | boolean> = { int: 3, float: 0.5, bool: false };
    for (const [pair, want] of Object.entries(fixture.scalars)) {
      const [a, s] = pair.split(',');
      const first = a in scalar ? scalar[a] : a.endsWith('0d') ? torch.ones([], { dtype: a.slice(0, -2) }) : torch.ones([2], { dtype: a });
      expect(torch.result_type(first, a in scalar ? other[s] : scalar[s]), pair).toBe(want);
    }
    expectError(() => torch.result_type(torch.ones(2), 'a' as never), TypeError, "result_type(): argument 'tensor2' (position 2) must be Tensor or Number, not string");
  });
});

describe.each(BACKENDS)('tensor extras: factories, predicates, views and refusals on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  afterEach(() => {
    vi.restoreAllMocks();
    resetWarnings();
  });
  const x = () => torch.arange(6, { dtype: 'float64' }).reshape(2, 3);

  it('new_zeros / new_ones / new_empty / new_full take self\'s dtype unless told, sizes as varargs or a list', () => {
    const i = torch.tensor([1n, 2n]);
    for (const [t, fill] of [
      [x().new_zeros(2, 3), 0],
      [x().new_ones([2, 3]), 1],
      [x().new_empty(2, 3), 0],
      [x().new_full([2, 3], 7.5), 7.5],
    ] as [T, number][]) {
      expect([t.dtype, t.shape, t.requires_grad]).toEqual(['float64', [2, 3], false]);
      expect(Array.from(t.data)).toEqual(Array(6).fill(fill));
    }
    expect(i.new_ones(3).dtype).toBe('int64');
    expect(i.new_full([2], 7.9).tolist()).toEqual([7, 7]); // truncated into int64, as PyTorch
    expect(x().new_full([2], true).tolist()).toEqual([1, 1]); // self's dtype even for a bool fill
    expect(x().new_zeros([]).shape).toEqual([]);
    const g = x().new_ones(2, { dtype: 'float32', requires_grad: true, device: 'cpu' });
    expect([g.dtype, g.requires_grad, g.is_leaf]).toEqual(['float32', true, true]);
    expect(x().new_zeros(2, 3, { dtype: torch.int32 }).dtype).toBe('int32');
    expect([x().new_zeros(2, { dtype: null as never }).dtype, x().new_full([1], 2, { dtype: undefined }).dtype]).toEqual(['float64', 'float64']); // None: self's
  });

  it('new_tensor copies data into self\'s dtype; from a Tensor it warns as PyTorch does', () => {
    const i = torch.tensor([1n]);
    const t = i.new_tensor([1.5, 2, -2.5]);
    expect([t.dtype, t.tolist()]).toEqual(['int64', [1, 2, -2]]);
    expect(x().new_tensor([[1, 2]], { dtype: 'float32' }).shape).toEqual([1, 2]);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const src = torch.tensor([1, 2]).requires_grad_();
    const copy = x().new_tensor(src);
    expect([copy.dtype, copy.requires_grad, copy.tolist()]).toEqual(['float64', false, [1, 2]]);
    copy.add_(1);
    expect(src.tolist()).toEqual([1, 2]); // a copy
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach()'), 'UserWarning');
  });

  it('the new_* factories refuse what PyTorch refuses', () => {
    expectError(() => (x().new_zeros as () => T)(), TypeError, 'new_zeros() missing 1 required positional arguments: "size"');
    expectError(() => x().new_empty({ dtype: 'float32' }), TypeError, 'new_empty() missing 1 required positional arguments: "size"');
    expectError(() => x().new_ones(2, { dtyp: 'int32' } as never), TypeError, "new_ones() got an unexpected keyword argument 'dtyp'");
    expectError(() => x().new_full([2], 1, { pin: true } as never), TypeError, "new_full() got an unexpected keyword argument 'pin'");
    expect(() => torch.tensor([1n]).new_ones(2, { requires_grad: true })).toThrow(/only Tensors of floating point dtype can require gradients/);
    expect(() => x().new_zeros(-1)).toThrow(RangeError);
  });

  it('type_as casts to the other\'s dtype, keeping the graph; returns self when they match', () => {
    const a = torch.tensor([1.5, -2.5]).requires_grad_();
    const b = a.type_as(torch.zeros(1, { dtype: 'float64' }));
    expect([b.dtype, b.tolist()]).toEqual(['float64', [1.5, -2.5]]);
    b.sum().backward();
    expect(a.grad!.tolist()).toEqual([1, 1]);
    expect(a.type_as(torch.ones(1))).toBe(a);
    expect(a.detach().type_as(torch.tensor([1n])).tolist()).toEqual([1, -2]);
    expectError(() => a.type_as(3 as never), TypeError, "type_as(): argument 'other' (position 1) must be Tensor, not int");
  });

  it('predicates and properties', () => {
    const t = x();
    expect([t.ndimension(), t.is_signed(), t.is_complex(), t.is_inference(), t.is_cpu, t.is_cuda, String(t.device), t.device.type]).toEqual([2, true, false, false, true, false, 'cpu', 'cpu']);
    expect([torch.tensor([true]).is_signed(), torch.is_signed(torch.tensor([1n])), torch.is_signed(torch.tensor([false]))]).toEqual([false, true, false]);
    expect([torch.is_floating_point(t), torch.is_floating_point(t.long()), torch.is_complex(t)]).toEqual([true, false, false]);
    expect([t.is_same_size(torch.ones(2, 3)), torch.is_same_size(t, torch.ones(3, 2)), torch.is_same_size(t, torch.ones(2, 3, 1))]).toEqual([true, false, false]);
    expect([torch.is_nonzero(torch.tensor([[0.5]])), torch.tensor(0n).is_nonzero(), torch.tensor(false).is_nonzero(), torch.tensor([NaN]).is_nonzero()]).toEqual([true, false, false, true]);
    expectError(() => torch.is_nonzero(torch.ones(2)), RangeError, 'is_nonzero(): Boolean value of Tensor with more than one value is ambiguous');
    expectError(() => torch.zeros(0).is_nonzero(), RangeError, 'is_nonzero(): Boolean value of Tensor with no values is ambiguous');
    expectError(() => torch.is_same_size(t, [2, 3] as never), TypeError, "is_same_size(): argument 'other' (position 2) must be Tensor, not list");
    // the device a tensor reports is what factories and to() accept
    expect(torch.zeros(2, { device: t.device }).to(t.device).shape).toEqual([2]);
  });

  it('mH, H and adjoint: transposes sharing storage; PyTorch\'s messages for other ranks', () => {
    const t = x();
    for (const v of [t.mH, t.H, t.adjoint(), torch.adjoint(t)]) {
      expect(v.shape).toEqual([3, 2]);
      expect(v._storage).toBe(t._storage);
    }
    expect(torch.tensor(3).H.item()).toBe(3);
    expectError(() => torch.ones(3).mH, RangeError, 'tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor.');
    expectError(() => torch.ones(3).H, RangeError, 'tensor.H is only supported on matrices (2-D tensors). Got 1-D tensor.');
    expectError(() => torch.ones(2, 3, 4).H, RangeError, 'tensor.H is only supported on matrices (2-D tensors). Got 3-D tensor. For batches of matrices, consider using tensor.mH');
    expectError(() => torch.adjoint(torch.ones(3)), RangeError, 'tensor.adjoint() is only supported on matrices or batches of matrices. Got 1-D tensor.');
  });

  it('unfold is a view: writes show through both ways; PyTorch\'s errors', () => {
    const t = torch.arange(6, { dtype: 'float32' });
    const u = t.unfold(0, 3, 2);
    expect([u.shape, u.stride(), u.is_contiguous()]).toEqual([[2, 3], [2, 1], false]);
    t.select(0, 2).fill_(-1);
    expect(u.tolist()).toEqual([[0, 1, -1], [-1, 3, 4]]);
    u.select(0, 1).select(0, 2).fill_(9);
    expect(t.tolist()).toEqual([0, 1, -1, 3, 9, 5]);
    expect(String(t.requires_grad_().unfold(0, 2, 2).grad_fn)).toBe('<UnfoldBackward0>');
    const m = torch.ones(2, 3);
    expectError(() => m.unfold(1, 5, 1), RangeError, 'unfold(): maximum size for tensor at dimension 1 is 3 but size is 5');
    expectError(() => m.unfold(1, 2, 0), RangeError, 'unfold(): step is 0 but must be > 0');
    expectError(() => m.unfold(1, -1, 1), RangeError, 'unfold(): size is -1 but must be >= 0');
    expectError(() => m.unfold(3, 2, 1), RangeError, 'unfold(): Dimension out of range (expected to be in range of [-2, 1], but got 3)');
    expectError(() => torch.tensor(3).unfold(0, 2, 1), RangeError, 'unfold(): maximum size for tensor at dimension 0 is 1 but size is 2');
    expectError(() => (m.unfold as (d: number, s: number) => T)(1, 2), TypeError, "unfold() missing 1 required positional argument: 'step'");
    expectError(() => m.unfold(1, 1.5, 1), TypeError, "unfold(): argument 'size' (position 2) must be int, not float");
    expectError(() => m.unfold(0, 1, 1, 1 as never), TypeError, 'unfold() takes 4 positional arguments but 5 were given');
  });

  it('sum_to_size and split_with_sizes refusals', () => {
    const t = torch.ones(2, 3);
    expectError(() => t.sum_to_size(4, 3), RangeError, 'sum_to_size(): size {[4, 3]} is not expandable to size {[2, 3]}.');
    expectError(() => t.sum_to_size(1, 2, 3), RangeError, 'sum_to_size(): size {[1, 2, 3]} is not expandable to size {[2, 3]}.');
    expect(t.sum_to_size().item()).toBe(6); // () is a 0-d size: the total
    expect(t.sum_to_size(2, 3)).toBe(t);
    expectError(() => t.split_with_sizes([1, 3], 1), RangeError, "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at dimension 1), but got split_sizes=[1, 3]");
    expectError(() => torch.split_with_sizes(torch.ones(3), [1, -1, 3]), RangeError, 'split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[1, -1, 3]');
    expectError(() => torch.split_with_sizes(t, 2 as never), TypeError, "split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not int");
    const parts = torch.split_with_sizes(t, [1, 2], 1);
    expect(parts.map((p) => p._storage === t._storage)).toEqual([true, true]);
  });

  it('gradcheck (float64) of renorm for every branch of the norm\'s gradient, unfold, dist and the trapezoid rule', () => {
    torch.manual_seed(0);
    const a = () => torch.randn(3, 4, { dtype: 'float64', requires_grad: true });
    for (const p of [0.5, 1, 1.5, 2, 3, Infinity]) {
      expect(torch.autograd.gradcheck((t) => torch.renorm(t, p, 1, 0.8), [a()]), `renorm p=${p}`).toBe(true);
    }
    expect(String(torch.renorm(a(), 2, 0, 1).grad_fn)).toBe('<RenormBackward0>');
    expect(String(torch.dist(a(), torch.ones(4)).grad_fn)).toBe('<DistBackward0>');
    for (const p of [0.5, 1, 1.5, 3, Infinity]) {
      expect(torch.autograd.gradcheck((t, u) => torch.dist(t, u, p), [a(), torch.randn(4, { dtype: 'float64', requires_grad: true })]), `dist p=${p}`).toBe(true);
    }
    const z = a();
    torch.dist(z, torch.ones(4), 0).backward();
    expect(z.grad!.tolist()).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]); // p = 0: zero (PyTorch 1.13's backward fails)
    expect(torch.autograd.gradcheck((t) => t.unfold(1, 2, 1).unfold(0, 2, 1), [a()])).toBe(true);
    expect(torch.autograd.gradcheck((t, u) => torch.dist(t, u, 2.5), [a(), torch.randn(4, { dtype: 'float64', requires_grad: true })])).toBe(true);
    expect(torch.autograd.gradcheck((y, x) => torch.cumulative_trapezoid(y, x.exp(), { dim: 0 }), [a(), torch.randn(3, { dtype: 'float64', requires_grad: true })])).toBe(true);
  });

  it('renorm: refusals, renorm_ in place (refused on a leaf that requires grad)', () => {
    const t = torch.tensor([[3, 4], [0.3, 0.4]]);
    expectError(() => t.renorm(0, 0, 1), RangeError, 'renorm(): renorm: non-positive-norm not supported');
    expectError(() => t.renorm(2, 0, -1), RangeError, 'renorm(): renorm: expected maxnorm to be >= 0 but got -1');
    expectError(() => torch.ones(3).renorm(2, 0, 1), RangeError, 'renorm(): renorm: input needs at least 2 dimensions, got 1 dimensions');
    expectError(() => t.renorm(2, 5, 1), RangeError, 'renorm(): Dimension out of range (expected to be in range of [-2, 1], but got 5)');
    expect(() => t.long().renorm(2, 0, 1)).toThrow(/Expected a floating point or complex tensor as input. Got Long/);
    expectError(() => (t.renorm as (p: number, d: number) => T)(2, 0), TypeError, "renorm() missing 1 required positional argument: 'maxnorm'");
    const r = t.clone();
    expect(r.renorm_(2, 0, 1)).toBe(r);
    expectClose(r.data, [0.6, 0.8, 0.3, 0.4], { ulp: 2 }, 'renorm_');
    expect(() => torch.ones(2, 2).requires_grad_().renorm_(2, 0, 1)).toThrow(/a leaf Variable that requires grad is being used in an in-place operation/);
  });

  it('dist: refusals', () => {
    expectError(() => torch.dist(torch.ones(2, 3), torch.ones(4)), RangeError, 'sub(): The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1 (shapes [2, 3] and [4])');
    expectError(() => torch.dist(torch.tensor([1n]), torch.tensor([2n])), TypeError, 'dist(): norm(): input dtype should be either floating point or complex. Got Long instead.');
    expectError(() => torch.dist(torch.ones(2), 2 as never), TypeError, "dist(): argument 'other' (position 2) must be Tensor, not int");
    expectError(() => torch.dist(torch.ones(2), torch.ones(2), { q: 1 } as never), TypeError, "dist() got an unexpected keyword argument 'q'");
  });

  it('isin and the trapezoid rule: refusals', () => {
    expect(() => torch.isin(3, 3)).toThrow(/isin\(\) received an invalid combination of arguments - got \(int, int\)/);
    expectError(() => torch.isin(torch.ones(2), torch.ones(2), { unique: true } as never), TypeError, "isin() got an unexpected keyword argument 'unique'");
    expectError(() => torch.trapezoid(torch.ones(3), torch.ones(2)), RangeError, 'trapezoid: There must be one `x` value for each sample point');
    expectError(() => torch.trapezoid(torch.tensor(1)), RangeError, 'trapezoid(): Dimension specified as -1 but tensor has no dimensions');
    expect(() => torch.trapezoid(torch.ones(3), 2 as never)).toThrow(/trapezoid\(\) received an invalid combination of arguments - got \(Tensor, int\)/);
    expectError(() => torch.trapz(torch.ones(3), torch.ones(3), { dx: 1 } as never), TypeError, "trapz() got an unexpected keyword argument 'dx'");
    expectError(() => torch.cumulative_trapezoid(torch.ones(3), { dim: 1 }), RangeError, 'cumulative_trapezoid(): Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  });
});
