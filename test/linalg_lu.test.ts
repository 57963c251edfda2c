// torch.linalg.solve_triangular / triangular_solve, the LU family (lu_factor, lu_factor_ex, lu, lu_solve,
// lu_unpack, torch.lu, torch.lu_solve), cholesky_solve / cholesky_inverse, cholesky_ex / inv_ex / solve_ex, vander,
// vecdot, cond, tensorinv and tensorsolve on each backend: values and gradients against PyTorch 1.13
// (test/fixtures/linalg_lu.json from scripts/gen_linalg_lu_fixtures.py), LAPACK's pivots, and PyTorch's errors.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';
import { Tensor } from '../lib/index';
import { BACKENDS, expectClose, useBackend, type Tolerance } from './helpers';

const { linalg } = torch;

interface Values {
  shape: number[];
  values: (number | string)[];
  dtype: 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
}
interface Case {
  name: string;
  op: string;
  inputs: Values[];
  args: unknown[];
  kwargs: Record<string, unknown>;
  outputs: Values[];
  weights: (Values | null)[];
  grads: (Values | null)[];
}
const { cases }: { cases: Case[] } = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'linalg_lu.json'), 'utf8'));

/** NaN and infinities are written as the strings 'nan', 'inf' and '-inf'. */
const num = (v: number | string) => (typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity);
const toTensor = (v: Values): Tensor => torch.tensor(v.values.map(num), { dtype: v.dtype }).reshape(v.shape);
const flat = (t: Tensor) => Array.from(t.reshape(-1).tolist() as number[]);

/** The ops as the fixture script names them, each returning its outputs in PyTorch's order. */
type Op = (inputs: Tensor[], args: unknown[], kwargs: Record<string, unknown>) => Tensor[];
const arr = (r: Tensor | Tensor[]) => (Array.isArray(r) ? [...r] : [r]);
const OPS: Record<string, Op> = {
  solve_triangular: ([A, B], _a, k) => [linalg.solve_triangular(A, B, k)],
  triangular_solve: ([b, A], a) => arr(torch.triangular_solve(b, A, ...(a as boolean[]))),
  lu_factor: ([A]) => arr(linalg.lu_factor(A)),
  lu_factor_ex: ([A]) => arr(linalg.lu_factor_ex(A)),
  lu: ([A]) => arr(linalg.lu(A)),
  lu_unpack: ([LU, piv], a) => arr(torch.lu_unpack(LU, piv, ...(a as boolean[]))),
  lu_factor_solve: ([A, B], _a, k) => [linalg.lu_solve(...(linalg.lu_factor(A) as unknown as [Tensor, Tensor]), B, k)],
  lu_solve_packed: ([LU, piv, B], _a, k) => [linalg.lu_solve(LU, piv, B, k)],
  torch_lu: ([A], _a, k) => arr(torch.lu(A, k)),
  torch_lu_solve: ([b, A]) => [torch.lu_solve(b, ...(linalg.lu_factor(A) as unknown as [Tensor, Tensor]))],
  cholesky_solve: ([B, L], a) => [torch.cholesky_solve(B, L, ...(a as boolean[]))],
  cholesky_inverse: ([L], a) => [torch.cholesky_inverse(L, ...(a as boolean[]))],
  cholesky_ex: ([A], _a, k) => arr(linalg.cholesky_ex(A, k)),
  inv_ex: ([A]) => arr(linalg.inv_ex(A)),
  solve_ex: ([A, B], _a, k) => arr(linalg.solve_ex(A, B, k)),
  vander: ([x], _a, k) => [linalg.vander(x, k)],
  vecdot: ([x, y], _a, k) => [linalg.vecdot(x, y, k)],
  cond: ([A], a) => [linalg.cond(A, ...(a as (number | 'fro' | 'nuc' | null)[]))],
  tensorinv: ([A], _a, k) => [linalg.tensorinv(A, k)],
  tensorsolve: ([A, B], _a, k) => [linalg.tensorsolve(A, B, k)],
};

/**
 * float64: the same factorizations and substitutions up to rounding order (LAPACK's blocked getrf and BLAS
 * kernels sum in other orders); measured worst about 1e-13 relative on these well-conditioned inputs, more on
 * cond's singular values (Jacobi SVD here, LAPACK's gesdd there). float32: a few ulps of the float64 path rounded once.
 */
const F64: Tolerance = { rtol: 1e-10, atol: 1e-12 };
const F32: Tolerance = { rtol: 2e-5, atol: 1e-6 };
/** Outputs whose values are the substitution's infinities and NaNs (or a rounding-level singular value) in PyTorch: only their info is compared. */
const VALUES_UNCOMPARED = new Set(['cond singular p=None']);

describe.each(BACKENDS)('linalg LU family against PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const inputs = c.inputs.map((v, i) => {
      const t = toTensor(v);
      return c.grads[i] ? t.requires_grad_() : t;
    });
    const args = c.args.map((a) => (a === 'inf' || a === '-inf' ? num(a) : a));
    const outs = OPS[c.op](inputs, args, c.kwargs);
    expect(outs.length, 'outputs').toBe(c.outputs.length);
    outs.forEach((o, i) => {
      const e = c.outputs[i];
      expect(o.shape, `output ${i} shape`).toEqual(e.shape);
      expect(o.dtype, `output ${i} dtype`).toBe(e.dtype);
      if (VALUES_UNCOMPARED.has(c.name) && e.dtype !== 'int32') return;
      const tol = e.dtype === 'float32' ? F32 : F64;
      expectClose(flat(o), e.values.map(num), tol, `${c.name} output ${i}`);
    });
    if (!c.grads.some((g) => g)) return;
    let loss: Tensor | null = null;
    outs.forEach((o, i) => {
      const w = c.weights[i];
      if (!w) return;
      const term = o.mul(toTensor(w)).sum();
      loss = loss ? loss.add(term) : term;
    });
    (loss as unknown as Tensor).backward();
    c.grads.forEach((g, i) => {
      if (!g) return;
      expect(inputs[i].grad, `grad ${i}`).not.toBeNull();
      expectClose(flat(inputs[i].grad!), g.values.map(num), g.dtype === 'float32' ? F32 : F64, `${c.name} grad ${i}`);
    });
  });
});

describe.each(BACKENDS)('linalg LU family: invariants and errors on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const A = torch.tensor([[4, 1, 2], [1, 5, 3], [2, 3, 6]], { dtype: 'float64' });
  const B = torch.tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });

  it('reconstructs A = P L U and solves with the factors', () => {
    const M = torch.randn(3, 4, 5, { dtype: 'float64' });
    const [P, L, U] = linalg.lu(M);
    expectClose(flat(P.matmul(L).matmul(U)), flat(M), { atol: 1e-13 });
    const { LU, pivots } = linalg.lu_factor(A);
    expect(pivots.dtype).toBe('int32');
    expectClose(flat(A.matmul(linalg.lu_solve(LU, pivots, B))), flat(B), { atol: 1e-13 });
    expectClose(flat(torch.cholesky_solve(B, linalg.cholesky(A))), flat(linalg.solve(A, B)), { rtol: 1e-13, atol: 1e-14 });
    expectClose(flat(torch.cholesky_inverse(linalg.cholesky(A))), flat(linalg.inv(A)), { rtol: 1e-13, atol: 1e-14 });
    const { solution, cloned_coefficient } = torch.triangular_solve(B, A, { upper: false });
    expectClose(flat(solution), flat(linalg.solve_triangular(A, B, { upper: false })), { ulp: 0 });
    expect(cloned_coefficient.tolist()).toEqual(A.tolist());
    expect(B.triangular_solve(A).solution.shape).toEqual([3, 2]);
  });

  it("PyTorch's errors", () => {
    const sq = (r: number, c: number) => torch.zeros(r, c, { dtype: 'float64' });
    expect(() => linalg.solve_triangular(A, B)).toThrow(new TypeError('linalg_solve_triangular() missing 1 required positional arguments: "upper"'));
    expect(() => linalg.solve_triangular(A, B, { upper: true, left: false })).toThrow(new RangeError('linalg.solve_triangular: Incompatible shapes of A and B for the equation XA = B (3x3 and 3x2)'));
    expect(() => linalg.solve_triangular(sq(3, 4), B, { upper: true })).toThrow(new RangeError('linalg.solve_triangular: A must be batches of square matrices, but they are 3 by 4 matrices'));
    expect(() => linalg.solve_triangular(A, sq(4, 2), { upper: true })).toThrow(new RangeError('linalg.solve_triangular: Incompatible shapes of A and B for the equation AX = B (3x3 and 4x2)'));
    expect(() => linalg.solve_triangular(A, torch.zeros(3, { dtype: 'float64' }), { upper: true })).toThrow(new RangeError('linalg.solve_triangular: The input tensor B must have at least 2 dimensions.'));
    expect(() => linalg.solve_triangular(torch.zeros(2, 3, 3, { dtype: 'float64' }), torch.zeros(3, 3, 2, { dtype: 'float64' }), { upper: true })).toThrow(/must match the size of tensor b \(3\) at non-singleton dimension 0/);
    expect(() => linalg.solve_triangular(A.long(), B.long(), { upper: true })).toThrow(new TypeError(`"triangular_solve_cpu" not implemented for 'Long'`));
    expect(() => torch.triangular_solve(B, sq(3, 4))).toThrow(new RangeError('triangular_solve: A must be batches of square matrices, but they are 3 by 4 matrices'));
    expect(() => torch.triangular_solve(sq(4, 2), A)).toThrow('Incompatible matrix sizes for triangular_solve: each A matrix is 3 by 3 but each b matrix is 4 by 2');
    expect(() => torch.triangular_solve(torch.zeros(3, { dtype: 'float64' }), A)).toThrow('torch.triangular_solve: Expected b to have at least 2 dimensions, but it has 1 dimensions instead');
    expect(() => torch.triangular_solve(B.float(), A)).toThrow('Expected b and A to have the same dtype, but found b of type Float and A of type Double instead.');
    expect(linalg.solve_triangular(A.float(), B, { upper: true }).dtype).toBe('float32'); // A's dtype, as PyTorch
    expect(() => torch.lu_unpack(sq(3, 3), torch.tensor([1, 2], { dtype: 'int32' }))).toThrow('pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive.Did you properly pass the result of lu_factor?');
    expect(() => linalg.lu_factor_ex(torch.zeros(2, 3, 3), { check_errors: true })).toThrow('torch.linalg.lu_factor_ex: (Batch element 0): U[1,1] is zero');
    expect(torch.lu(torch.zeros(3, 3)).length).toBe(2); // torch.lu allows a zero pivot
    expect(() => torch.cholesky_solve(torch.zeros(3, { dtype: 'float64' }), A)).toThrow('b should have at least 2 dimensions, but has 1 dimensions instead');
    expect(() => torch.cholesky_inverse(torch.zeros(3))).toThrow('cholesky_inverse: The input tensor A must have at least 2 dimensions.');
    expect(() => torch.cholesky_inverse(A.long())).toThrow(`"cholesky_inverse_out_cpu" not implemented for 'Long'`);
    expect(() => linalg.cholesky_ex(sq(3, 4))).toThrow('linalg.cholesky: A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(() => linalg.inv_ex(sq(3, 4))).toThrow('linalg.inv: A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(() => linalg.solve_ex(sq(3, 4), B)).toThrow('linalg.solve: A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(() => linalg.cond(torch.zeros(3))).toThrow('linalg.cond: The input tensor must have at least 2 dimensions.');
    expect(() => linalg.cond(sq(3, 4), -Infinity)).toThrow('linalg.cond(ord=-inf): A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(() => linalg.cond(sq(3, 4), 'fro')).toThrow('linalg.cond(ord=fro): A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(linalg.cond(torch.zeros(2, 0, 0), 1).tolist()).toEqual([0, 0]);
    expect(() => linalg.vander(torch.tensor([true]))).toThrow('linalg.vander supports floating point, complex, and integer tensors, but got Bool');
    const singular = 'U[1,1] is zero and using it on lu_solve would result in a division by zero. If you still want to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)';
    expect(() => linalg.lu_factor(sq(3, 3))).toThrow(new torch.linalg.LinAlgError(`torch.linalg.lu_factor: ${singular}`));
    expect(() => linalg.lu_factor(torch.zeros(2, 3, 3, { dtype: 'float64' }))).toThrow(`torch.linalg.lu_factor: (Batch element 0): ${singular}`);
    expect(() => linalg.lu_factor(A, { pivot: false })).toThrow('linalg.lu_factor: LU without pivoting is not implemented on the CPU');
    expect(() => linalg.lu(A, { pivot: false })).toThrow('linalg.lu_factor: LU without pivoting is not implemented on the CPU');
    expect(() => linalg.lu_factor(torch.zeros(3))).toThrow('torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: [3] instead');
    expect(() => linalg.lu(torch.zeros(3))).toThrow('linalg.lu: Expected tensor with 2 or more dimensions. Got size: [3] instead');
    expect(() => linalg.lu_factor(A.long())).toThrow(`"lu_cpu" not implemented for 'Long'`);
    const { LU, pivots } = linalg.lu_factor(A);
    expect(() => linalg.lu_solve(LU, pivots, sq(4, 2))).toThrow('linalg.lu_solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 4x2)');
    expect(() => linalg.lu_solve(sq(3, 4), pivots, B)).toThrow('torch.linalg.lu_solve: A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(() => linalg.lu_solve(LU, pivots.long(), B)).toThrow('linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32');
    expect(() => linalg.lu_solve(LU, pivots.narrow(0, 0, 2), B)).toThrow('linalg.lu_solve: Number of pivots per batch should be same as the dimension of the matrix');
    expect(() => linalg.lu_solve(LU, pivots, B.float())).toThrow('linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type Double and B of type Float instead');
    expect(() => linalg.lu_solve(LU, pivots, torch.zeros(3, { dtype: 'float64' }))).toThrow('linalg.lu_solve: The input tensor B must have at least 2 dimensions.');
    expect(() => torch.lu_unpack(LU, pivots.long())).toThrow('torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\nNote: this function is intended to be used with the output produced by torch.linalg.lu_factor');
    expect(() => torch.cholesky_solve(sq(4, 2), A)).toThrow('Incompatible matrix sizes for cholesky_solve: each A matrix is 3 by 3 but each b matrix is 4 by 2');
    expect(() => torch.cholesky_solve(B, sq(3, 4))).toThrow('A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(() => torch.cholesky_inverse(sq(3, 4))).toThrow('cholesky_inverse: A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(() => torch.cholesky_inverse(sq(3, 3))).toThrow(new torch.linalg.LinAlgError('cholesky_inverse: The diagonal element 1 is zero, the inversion could not be completed because the input matrix is singular.'));
    const negEye = torch.eye(3, { dtype: 'float64' }).neg();
    expect(() => linalg.cholesky_ex(negEye, { check_errors: true })).toThrow('linalg.cholesky_ex: The factorization could not be completed because the input is not positive-definite (the leading minor of order 1 is not positive-definite).');
    expect(() => linalg.inv_ex(sq(3, 3), { check_errors: true })).toThrow('linalg.inv_ex: The diagonal element 1 is zero, the inversion could not be completed because the input matrix is singular.');
    expect(() => linalg.solve_ex(sq(3, 3), B, { check_errors: true })).toThrow('torch.linalg.solve_ex: The solver failed because the input matrix is singular.');
    expect(() => linalg.vander(torch.tensor([1, 2, 3]), { N: 0 })).toThrow('N must be greater than 1.');
    expect(() => linalg.vander(torch.tensor(1))).toThrow('N must be greater than 1.');
    expect(() => linalg.vecdot(torch.zeros(3), torch.zeros(3, { dtype: 'float64' }))).toThrow('linalg.vecdot: Expected x and y to have the same dtype, but found x of type Float and y of type Double instead');
    expect(() => linalg.cond(sq(3, 4), 1)).toThrow('linalg.cond(ord=1): A must be batches of square matrices, but they are 3 by 4 matrices');
    expect(() => linalg.cond(A, 3)).toThrow('linalg.cond got an invalid norm type: 3');
    expect(() => linalg.cond(A, 'foo' as 'fro')).toThrow('linalg.cond got an invalid norm type: foo');
    expect(() => linalg.tensorinv(torch.zeros(4, 6, 8, 3), { ind: 0 })).toThrow("Expected a strictly positive integer for 'ind', but got 0");
    expect(() => linalg.tensorsolve(torch.zeros(2, 3, 6), torch.zeros(3))).toThrow('Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), but got 18 != 3');
  });

  it('deprecated forms warn once and agree with linalg', () => {
    const { LU, pivots } = linalg.lu_factor(A);
    const [LU2, piv2, info] = torch.lu(A, { get_infos: true }) as Tensor[];
    expect(LU2.tolist()).toEqual(LU.tolist());
    expect(piv2.tolist()).toEqual(pivots.tolist());
    expect(info.item()).toBe(0);
    expect(torch.lu_solve(B, LU, pivots).tolist()).toEqual(linalg.lu_solve(LU, pivots, B).tolist());
    expect(A.lu_solve(LU, pivots).shape).toEqual([3, 3]);
    expect(A.cholesky_inverse().shape).toEqual([3, 3]);
  });
});
