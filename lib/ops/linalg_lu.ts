// Triangular and LU-based linear algebra, as PyTorch 1.13: linalg.solve_triangular (and the deprecated
// triangular_solve), LU with partial pivoting as LAPACK's getrf (linalg.lu_factor / lu_factor_ex / lu, lu_unpack,
// linalg.lu_solve, the deprecated torch.lu / lu_solve), cholesky_solve / cholesky_inverse, and the *_ex forms of
// cholesky, inv and solve that report failures in an int32 `info` instead of throwing.
import { broadcastShapes, fmtShape, numelOf } from '../shape';
import { isFloating } from '../dtype';
import { no_grad, record } from '../autograd';
import { Tensor, checkTensor, fromValues } from '../tensor';
import { checkArgs, resolveArgs } from '../args';
import { add, neg } from './elementwise';
import { cast, cat, expand, narrow, transpose } from './shape';
import { matmul } from './linalg';
import { tril, triu } from './arrange';
import { gather } from './indexing';
import { eye } from './creation';
import { warnOnce } from '../utils/warnings';
import { named, type Named } from '../named';
import { TORCH_NAME } from './elementwise';
import {
  LinAlgError, batchPrefix, choleskyOf, getrf, identity, inv, out, readBatch, solveCore, sumBatch, type SolveSink,
} from './linalg_decomp';

/** A tensor's values as float64, row-major. */
const valuesOf = (t: Tensor) => Float64Array.from(t.detach().contiguous()._contiguousData() as ArrayLike<number>);
const int32 = (values: ArrayLike<number>, shape: readonly number[]) => fromValues(values, shape, 'int32');
const batchOf = (t: Tensor) => t.shape.slice(0, -2);

// --------------------------------------------------------------------------------- triangular solves

/** The triangle a triangular solve reads: upper or lower, without the diagonal when it is taken as ones. */
const triangle = (t: Tensor, upper: boolean, unit: boolean) => (upper ? triu(t, unit ? 1 : 0) : tril(t, unit ? -1 : 0));

/**
 * X with T X = B for T the upper or lower triangle of A (unit diagonal if `unit`), shapes already checked; batch
 * dims broadcast. Gradients as PyTorch's: gB = T^-T g, gA = -gB X^T restricted to the triangle read.
 */
function triSolve(A: Tensor, B: Tensor, upper: boolean, unit: boolean): Tensor {
  const n = A.shape[A.dim() - 1];
  const k = B.shape[B.dim() - 1];
  const batch = broadcastShapes('linalg.solve_triangular', batchOf(A), batchOf(B));
  const a = valuesOf(expand(A.detach(), [...batch, n, n]));
  const x = valuesOf(expand(B.detach(), [...batch, n, k]));
  // BLAS trsm's order: each solved element is divided by its pivot and eliminated from the rest of its column (zeros
  // too, as OpenBLAS: a singular triangle's infinities spread NaNs as PyTorch's do)
  for (let m = 0, count = numelOf(batch); m < count; m++) {
    const ao = m * n * n;
    const xo = m * n * k;
    for (let j = 0; j < k; j++) {
      for (let s = 0; s < n; s++) {
        const r = upper ? n - 1 - s : s;
        if (!unit) x[xo + r * k + j] /= a[ao + r * n + r];
        const v = x[xo + r * k + j];
        for (let i = upper ? 0 : r + 1; i < (upper ? r : n); i++) x[xo + i * k + j] -= v * a[ao + i * n + r];
      }
    }
  }
  const X = out(x, [...batch, n, k], A.dtype);
  return record(X, 'LinalgSolveTriangularBackward0', [A, B], (g) => {
    const gB = triSolve(A.detach().mT, g, !upper, unit);
    return [
      A.requires_grad ? sumBatch(triangle(neg(matmul(gB, X.detach().mT)), upper, unit), A.shape) : null,
      B.requires_grad ? sumBatch(gB, B.shape) : null,
    ];
  });
}

/** Checks A (square matrices) and B (matrices) for A X = B (X A = B unless left), as linalg's solvers word it. */
function checkSystem(op: string, A: Tensor, B: Tensor, left: boolean, squareOp = op): void {
  if (B.dim() < 2) throw new RangeError(`${op}: The input tensor B must have at least 2 dimensions.`);
  if (A.dim() < 2) throw new RangeError(`${op}: The input tensor A must have at least 2 dimensions.`);
  const [m, n] = A.shape.slice(-2);
  if (m !== n) throw new RangeError(`${squareOp}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const [r, c] = B.shape.slice(-2);
  if ((left ? r : c) !== n) {
    throw new RangeError(`${op}: Incompatible shapes of A and B for the equation ${left ? 'AX = B' : 'XA = B'} (${n}x${n} and ${r}x${c})`);
  }
}

function checkFloating(op: string, t: Tensor): void {
  if (!isFloating(t.dtype)) throw new TypeError(`"${op}" not implemented for '${TORCH_NAME[t.dtype]}'`);
}

export interface SolveTriangularOptions {
  upper?: boolean;
  left?: boolean;
  unitriangular?: boolean;
}

/**
 * torch.linalg.solve_triangular(A, B, *, upper, left = true, unitriangular = false): X with A X = B (X A = B when
 * left is false) reading only A's upper or lower triangle (its diagonal as ones if unitriangular). Batch dims
 * broadcast; a zero on the diagonal gives infinities, as LAPACK's trsm (no check).
 */
export function solve_triangular(A: Tensor, B: Tensor, options?: SolveTriangularOptions): Tensor {
  const op = 'linalg.solve_triangular';
  checkArgs('linalg_solve_triangular', arguments, 2, ['upper', 'left', 'unitriangular'], 2);
  checkTensor('linalg_solve_triangular', A, 'A');
  checkTensor('linalg_solve_triangular', B, 'B', 2);
  if (typeof options?.upper !== 'boolean') throw new TypeError('linalg_solve_triangular() missing 1 required positional arguments: "upper"');
  const left = options.left ?? true;
  checkSystem(op, A, B, left);
  checkFloating('triangular_solve_cpu', A);
  const Bc = B.dtype === A.dtype ? B : cast(B, A.dtype);
  if (left) return triSolve(A, Bc, options.upper, !!options.unitriangular);
  // X A = B is A^T X^T = B^T
  return transpose(triSolve(A.mT, Bc.mT, !options.upper, !!options.unitriangular), -2, -1);
}

export interface TriangularSolveOptions {
  upper?: boolean;
  transpose?: boolean;
  unitriangular?: boolean;
}

/**
 * torch.triangular_solve(b, A, upper = true, transpose = false, unitriangular = false): deprecated for
 * linalg.solve_triangular (whose arguments are the other way round). Solves A X = b (A^T X = b with transpose);
 * returns (solution, cloned_coefficient), the latter a copy of A over the broadcast batch.
 */
export function triangular_solve(b: Tensor, A: Tensor, upper?: boolean | TriangularSolveOptions, transposeA?: boolean | TriangularSolveOptions, unitriangular?: boolean | TriangularSolveOptions): Named<'solution' | 'cloned_coefficient'> {
  const a = resolveArgs<Required<TriangularSolveOptions>>('triangular_solve', ['upper', 'transpose', 'unitriangular'], { upper: true, transpose: false, unitriangular: false }, arguments, 2);
  checkTensor('triangular_solve', b);
  checkTensor('triangular_solve', A, 'A', 2);
  warnOnce(
    'torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand will be removed in a future PyTorch release.\n' +
      'torch.linalg.solve_triangular has its arguments reversed and does not return a copy of one of the inputs.\n' +
      'X = torch.triangular_solve(B, A).solution\nshould be replaced with\nX = torch.linalg.solve_triangular(A, B).',
  );
  if (b.dim() < 2) throw new RangeError(`torch.triangular_solve: Expected b to have at least 2 dimensions, but it has ${b.dim()} dimensions instead`);
  if (A.dim() < 2) throw new RangeError(`torch.triangular_solve: Expected A to have at least 2 dimensions, but it has ${A.dim()} dimensions instead`);
  const [m, n] = A.shape.slice(-2);
  if (m !== n) throw new RangeError(`triangular_solve: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (b.shape[b.dim() - 2] !== n) {
    throw new RangeError(`Incompatible matrix sizes for triangular_solve: each A matrix is ${n} by ${n} but each b matrix is ${b.shape.slice(-2).join(' by ')}`);
  }
  checkFloating('triangular_solve_cpu', A);
  if (b.dtype !== A.dtype) throw new TypeError(`Expected b and A to have the same dtype, but found b of type ${TORCH_NAME[b.dtype]} and A of type ${TORCH_NAME[A.dtype]} instead.`);
  const solution = a.transpose ? triSolve(A.mT, b, !a.upper, a.unitriangular) : triSolve(A, b, a.upper, a.unitriangular);
  const batch = broadcastShapes('triangular_solve', batchOf(A), batchOf(b));
  return named({ solution, cloned_coefficient: expand(A, [...batch, ...A.shape.slice(-2)]).clone() });
}

// ---------------------------------------------------------------------------------------------- LU

/** The row order pivots produce: row i of P^T A is row perm[i] of A. */
function permutationOf(pivots: ArrayLike<number>, po: number, k: number, m: number): number[] {
  const perm = Array.from({ length: m }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const p = pivots[po + i] - 1;
    [perm[i], perm[p]] = [perm[p], perm[i]];
  }
  return perm;
}

/** luBackward's L and U, and the permutation P. */
interface LUParts {
  P: Tensor;
  L: Tensor;
  U: Tensor;
}

/**
 * PyTorch's linalg_lu_backward: the gradient of A = P L U from those of L (m x k, unit lower) and U (k x n), for
 * square, wide (m < n) and tall (m > n) A.
 */
function luBackward(gL: Tensor, gU: Tensor, { P, L, U }: LUParts): Tensor {
  const [m, n] = [L.shape[L.dim() - 2], U.shape[U.dim() - 1]];
  const k = Math.min(m, n);
  const solveTri = (A: Tensor, B: Tensor, upper: boolean, left: boolean, unit = false) =>
    left ? triSolve(A, B, upper, unit) : transpose(triSolve(A.mT, B.mT, !upper, unit), -2, -1);
  let gA: Tensor;
  if (m === n) {
    // P L^-H [L^H gL o 1_L + gU U^H o 1_U] U^-H
    gA = add(tril(matmul(L.mT, gL), -1), triu(matmul(gU, U.mT)));
    gA = solveTri(U.mT, gA, false, false);
    gA = solveTri(L.mT, gA, true, true, true);
  } else if (m < n) {
    const U1 = narrow(U, -1, 0, k);
    gA = add(matmul(L.mT, gL), neg(matmul(triu(gU), U.mT)));
    gA = solveTri(U1.mT, tril(gA, -1), false, false);
    const joined = [add(gA, triu(narrow(gU, -1, 0, k))), narrow(gU, -1, k, n - k)];
    gA = solveTri(L.mT, cat(joined, -1), true, true, true);
  } else {
    const L1 = narrow(L, -2, 0, k);
    gA = add(matmul(gU, U.mT), neg(matmul(L.mT, tril(gL, -1))));
    gA = solveTri(L1.mT, triu(gA), true, true, true);
    const joined = [add(gA, tril(narrow(gL, -2, 0, k), -1)), narrow(gL, -2, k, m - k)];
    gA = solveTri(U.mT, cat(joined, -2), false, false);
  }
  return matmul(P, gA);
}

/** LU of every matrix of A: the packed factors, pivots and infos, with P, L, U for the backward. */
function factorize(op: string, A: Tensor): { LU: Tensor; pivots: Tensor; info: Tensor } {
  if (A.dim() < 2) throw new RangeError(`${op}: Expected tensor with 2 or more dimensions. Got size: ${fmtShape(A.shape)} instead`);
  checkFloating('lu_cpu', A);
  const [m, n] = A.shape.slice(-2);
  const k = Math.min(m, n);
  const batch = batchOf(A);
  const count = numelOf(batch);
  const a = valuesOf(A);
  const lu = new Float64Array(count * m * n);
  const pivots = new Int32Array(count * k);
  const infos = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const f = getrf(a, i * m * n, m, n);
    lu.set(f.lu, i * m * n);
    pivots.set(f.pivots, i * k);
    infos[i] = f.info;
  }
  const LU = out(lu, A.shape, A.dtype);
  const piv = int32(pivots, [...batch, k]);
  record(LU, 'LinalgLuFactorExBackward0', [A], (g) => {
    const { P, L, U } = no_grad(() => unpackLU(LU.detach(), piv, true, true));
    return [luBackward(tril(narrow(g, -1, 0, k), -1), triu(narrow(g, -2, 0, k)), { P, L, U })];
  });
  return { LU, pivots: piv, info: int32(infos, batch) };
}

export interface LuFactorOptions {
  pivot?: boolean;
  check_errors?: boolean;
}

function checkPivot(op: string, pivot: unknown): void {
  if (pivot === false) throw new RangeError(`${op}: LU without pivoting is not implemented on the CPU`);
}

/** The error lu_factor raises for the first matrix with a zero pivot. */
function throwSingular(op: string, info: Tensor): void {
  const infos = info.reshape(-1).tolist() as number[];
  const i = infos.findIndex((v) => v > 0);
  if (i < 0) return;
  const prefix = info.dim() ? `(Batch element ${i}): ` : '';
  throw new LinAlgError(
    `${op}: ${prefix}U[${infos[i]},${infos[i]}] is zero and using it on lu_solve would result in a division by zero. ` +
      'If you still want to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)',
  );
}

/**
 * torch.linalg.lu_factor_ex(A, *, pivot = true, check_errors = false): (LU, pivots, info) of A (* x m x n): L
 * (unit, below the diagonal) and U packed in LU, 1-based int32 pivots (*, min(m, n)) as LAPACK's getrf, info the
 * 1-based index of the first zero pivot (0 when none). Differentiable in LU.
 */
export function lu_factor_ex(A: Tensor, options?: LuFactorOptions): Named<'LU' | 'pivots' | 'info'> {
  checkArgs('linalg_lu_factor_ex', arguments, 1, ['pivot', 'check_errors']);
  checkTensor('linalg_lu_factor_ex', A, 'A');
  checkPivot('linalg.lu_factor', options?.pivot);
  const r = factorize('torch.lu_factor', A);
  if (options?.check_errors) throwSingular('torch.linalg.lu_factor_ex', r.info);
  return named(r);
}

/** torch.linalg.lu_factor(A, *, pivot = true): (LU, pivots); LinAlgError for a zero pivot (use lu_factor_ex to allow one). */
export function lu_factor(A: Tensor, options?: { pivot?: boolean }): Named<'LU' | 'pivots'> {
  checkArgs('linalg_lu_factor', arguments, 1, ['pivot']);
  checkTensor('linalg_lu_factor', A, 'A');
  checkPivot('linalg.lu_factor', options?.pivot);
  const { LU, pivots, info } = factorize('torch.lu_factor', A);
  throwSingular('torch.linalg.lu_factor', info);
  return named({ LU, pivots });
}

/** P, L and U from packed factors (differentiable in LU through tril/triu). */
function unpackLU(LU: Tensor, pivots: Tensor, data: boolean, perm: boolean): LUParts {
  const [m, n] = LU.shape.slice(-2);
  const k = Math.min(m, n);
  const empty = fromValues([], [0], LU.dtype);
  let L = empty;
  let U = empty;
  if (data) {
    L = add(tril(narrow(LU, -1, 0, k), -1), eye(m, k, { dtype: LU.dtype }));
    U = triu(narrow(LU, -2, 0, k));
  }
  let P = empty;
  if (perm) {
    const batch = batchOf(LU);
    const count = numelOf(batch);
    const piv = valuesOf(expand(pivots, [...batch, k]));
    const p = new Float64Array(count * m * m);
    for (let b = 0; b < count; b++) {
      const order = permutationOf(piv, b * k, k, m);
      for (let i = 0; i < m; i++) p[b * m * m + order[i] * m + i] = 1;
    }
    P = out(p, [...batch, m, m], LU.dtype);
  }
  return { P, L, U };
}

function checkPivots(op: string, pivots: Tensor, message: string): void {
  checkTensor(op, pivots, 'pivots');
  if (pivots.dtype !== 'int32') throw new TypeError(message);
}

export interface LuUnpackOptions {
  unpack_data?: boolean;
  unpack_pivots?: boolean;
}

/**
 * torch.lu_unpack(LU_data, LU_pivots, unpack_data = true, unpack_pivots = true): (P, L, U) with A = P L U from
 * lu_factor's output; a part not unpacked is an empty tensor.
 */
export function lu_unpack(LU_data: Tensor, LU_pivots: Tensor, unpack_data?: boolean | LuUnpackOptions, unpack_pivots?: boolean | LuUnpackOptions): Named<'P' | 'L' | 'U'> {
  const a = resolveArgs<Required<LuUnpackOptions>>('lu_unpack', ['unpack_data', 'unpack_pivots'], { unpack_data: true, unpack_pivots: true }, arguments, 2);
  checkTensor('lu_unpack', LU_data, 'LU_data');
  checkPivots('lu_unpack', LU_pivots, 'torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\nNote: this function is intended to be used with the output produced by torch.linalg.lu_factor');
  if (LU_data.dim() < 2) throw new RangeError(`torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: ${fmtShape(LU_data.shape)} instead`);
  const k = Math.min(...LU_data.shape.slice(-2));
  const m = LU_data.shape[LU_data.dim() - 2];
  const outOfRange = (LU_pivots.reshape(-1).tolist() as number[]).some((p) => p < 1 || p > m);
  if (LU_pivots.dim() < 1 || LU_pivots.shape[LU_pivots.dim() - 1] !== k || outOfRange) {
    throw new RangeError('pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive.Did you properly pass the result of lu_factor?');
  }
  return named(unpackLU(LU_data, LU_pivots, a.unpack_data, a.unpack_pivots));
}

/** torch.linalg.lu(A, *, pivot = true): (P, L, U) with A = P L U, L (* x m x k) unit lower, U (* x k x n); differentiable in L and U. */
export function lu(A: Tensor, options?: { pivot?: boolean }): Named<'P' | 'L' | 'U'> {
  checkArgs('linalg_lu', arguments, 1, ['pivot']);
  checkTensor('linalg_lu', A, 'A');
  checkPivot('linalg.lu_factor', options?.pivot);
  const { LU, pivots } = factorize('linalg.lu', A);
  return named(unpackLU(LU, pivots, true, true));
}

export interface LuSolveOptions {
  left?: boolean;
  adjoint?: boolean;
}

/**
 * Rows of B (n x k, batch broadcast with the pivots') reordered as P^T B (`inverse`: as P B). A gather, so
 * differentiable in B.
 */
function permuteRows(B: Tensor, pivots: Tensor, inverse: boolean): Tensor {
  const n = B.shape[B.dim() - 2];
  const k = B.shape[B.dim() - 1];
  const batch = broadcastShapes('linalg.lu_solve', pivots.shape.slice(0, -1), batchOf(B));
  const piv = valuesOf(expand(pivots, [...batch, n]));
  const count = numelOf(batch);
  const index = new Float64Array(count * n * k);
  for (let b = 0; b < count; b++) {
    const order = permutationOf(piv, b * n, n, n);
    for (let i = 0; i < n; i++) {
      const src = inverse ? order.indexOf(i) : order[i];
      index.fill(src, (b * n + i) * k, (b * n + i + 1) * k);
    }
  }
  return gather(expand(B, [...batch, n, k]), -2, fromValues(index, [...batch, n, k], 'int64'));
}

/**
 * torch.linalg.lu_solve(LU, pivots, B, *, left = true, adjoint = false): X with A X = B for A = P L U given as
 * lu_factor's (LU, pivots); A^H X = B with adjoint, X A = B (X A^H = B) with left false. Batch dims broadcast.
 * Differentiable in LU and B (two triangular solves reading LU's two triangles, as PyTorch's formulas).
 */
export function lu_solve(LU: Tensor, pivots: Tensor, B: Tensor, options?: LuSolveOptions): Tensor {
  const op = 'linalg.lu_solve';
  checkArgs('linalg_lu_solve', arguments, 3, ['left', 'adjoint'], 3);
  checkTensor('linalg_lu_solve', LU, 'LU');
  checkTensor('linalg_lu_solve', pivots, 'pivots', 2);
  checkTensor('linalg_lu_solve', B, 'B', 3);
  const left = options?.left ?? true;
  const adjoint = options?.adjoint ?? false;
  checkSystem(op, LU, B, left, 'torch.linalg.lu_solve');
  checkFloating('lu_solve_cpu', LU);
  if (pivots.dtype !== 'int32') throw new TypeError('linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32');
  const n = LU.shape[LU.dim() - 1];
  if (pivots.dim() < 1 || pivots.shape[pivots.dim() - 1] !== n) {
    throw new RangeError('linalg.lu_solve: Number of pivots per batch should be same as the dimension of the matrix');
  }
  if (B.dtype !== LU.dtype) throw new TypeError(`linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type ${TORCH_NAME[LU.dtype]} and B of type ${TORCH_NAME[B.dtype]} instead`);
  // A X = B: X = U^-1 L^-1 P^T B; A^T X = B: X = P L^-T U^-T B; the right-hand forms by transposing
  const leftSolve = (Bl: Tensor, adj: boolean) =>
    adj
      ? permuteRows(triSolve(LU.mT, triSolve(LU.mT, Bl, false, false), true, true), pivots, true)
      : triSolve(LU, triSolve(LU, permuteRows(Bl, pivots, false), false, true), true, false);
  return left ? leftSolve(B, adjoint) : transpose(leftSolve(B.mT, !adjoint), -2, -1);
}

/** torch.lu(A, pivot = true, get_infos = false): deprecated for linalg.lu_factor / lu_factor_ex; (LU, pivots[, info]), a zero pivot allowed. */
export function lu_deprecated(A: Tensor, pivot?: boolean | { pivot?: boolean; get_infos?: boolean }, get_infos?: boolean | { get_infos?: boolean }): Named<'LU' | 'pivots'> | Named<'LU' | 'pivots' | 'info'> {
  const a = resolveArgs<{ pivot: boolean; get_infos: boolean }>('lu', ['pivot', 'get_infos'], { pivot: true, get_infos: false }, arguments, 1);
  checkTensor('lu', A, 'A');
  warnOnce(
    'torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will be removed in a future PyTorch release.\n' +
      'LU, pivots = torch.lu(A, compute_pivots)\nshould be replaced with\nLU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\n' +
      'LU, pivots, info = torch.lu(A, compute_pivots, get_infos=True)\nshould be replaced with\nLU, pivots, info = torch.linalg.lu_factor_ex(A, compute_pivots)',
  );
  checkPivot('linalg.lu_factor', a.pivot);
  // PyTorch 1.13's check_errors = !get_infos raises only for invalid arguments, never for a zero pivot
  const r = factorize('torch.lu_factor', A);
  return a.get_infos ? named(r) : named({ LU: r.LU, pivots: r.pivots });
}

/** torch.lu_solve(b, LU_data, LU_pivots): deprecated for linalg.lu_solve(LU, pivots, B). */
export function lu_solve_deprecated(b: Tensor, LU_data: Tensor, LU_pivots: Tensor): Tensor {
  checkArgs('lu_solve', arguments, 3, [], 3);
  checkTensor('lu_solve', b);
  warnOnce(
    'torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a future PyTorch release.\n' +
      'Note that torch.linalg.lu_solve has its arguments reversed.\nX = torch.lu_solve(B, LU, pivots)\nshould be replaced with\nX = torch.linalg.lu_solve(LU, pivots, B)',
  );
  return lu_solve(LU_data, LU_pivots, b);
}

// ------------------------------------------------------------------------------------------ cholesky

/**
 * torch.cholesky_solve(B, L, upper = false): X with A X = B for A = L L^T (U^T U with upper). Batch dims broadcast.
 * PyTorch's gradient for L (a full matrix, not a triangle): -(gB X^T + X gB^T) L (L (...) with upper).
 */
export function cholesky_solve(B: Tensor, L: Tensor, upper?: boolean | { upper?: boolean }): Tensor {
  const a = resolveArgs<{ upper: boolean }>('cholesky_solve', ['upper'], { upper: false }, arguments, 2);
  checkTensor('cholesky_solve', B);
  checkTensor('cholesky_solve', L, 'input2', 2);
  if (B.dim() < 2) throw new RangeError(`b should have at least 2 dimensions, but has ${B.dim()} dimensions instead`);
  if (L.dim() < 2) throw new RangeError(`u should have at least 2 dimensions, but has ${L.dim()} dimensions instead`);
  const [m, n] = L.shape.slice(-2);
  if (m !== n) throw new RangeError(`A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (B.shape[B.dim() - 2] !== n) {
    throw new RangeError(`Incompatible matrix sizes for cholesky_solve: each A matrix is ${n} by ${n} but each b matrix is ${B.shape.slice(-2).join(' by ')}`);
  }
  checkFloating('cholesky_solve_cpu', L);
  if (B.dtype !== L.dtype) throw new TypeError(`Expected b and A to have the same dtype, but found b of type ${TORCH_NAME[B.dtype]} and A of type ${TORCH_NAME[L.dtype]} instead.`);
  return choleskySolve(B, L, a.upper);
}

function choleskySolve(B: Tensor, L: Tensor, upper: boolean): Tensor {
  const X = no_grad(() => {
    const low = upper ? L.mT : L; // A = low low^T
    return triSolve(low.mT, triSolve(low, B, false, false), true, false);
  });
  return record(X, 'CholeskySolveBackward0', [B, L], (g) => {
    const gB = choleskySolve(g, L.detach(), upper);
    const x = X.detach();
    const common = add(matmul(gB, x.mT), matmul(x, gB.mT));
    return [
      B.requires_grad ? sumBatch(gB, B.shape) : null,
      L.requires_grad ? sumBatch(neg(upper ? matmul(L.detach(), common) : matmul(common, L.detach())), L.shape) : null,
    ];
  });
}

/**
 * torch.cholesky_inverse(L, upper = false): the inverse of A = L L^T (U^T U with upper) from its Cholesky factor;
 * LinAlgError for a zero on the diagonal. Gradient as PyTorch's: -(A^-1 (g + g^T) A^-1) L (L (...) with upper).
 */
export function cholesky_inverse(L: Tensor, upper?: boolean | { upper?: boolean }): Tensor {
  const a = resolveArgs<{ upper: boolean }>('cholesky_inverse', ['upper'], { upper: false }, arguments, 1);
  checkTensor('cholesky_inverse', L);
  if (L.dim() >= 2) checkFloating('cholesky_inverse_out_cpu', L);
  const b = readBatch('cholesky_inverse', L, true);
  const n = b.n;
  for (let i = 0; i < b.count; i++) {
    for (let j = 0; j < n; j++) {
      if (b.data[i * n * n + j * n + j] === 0) {
        throw new LinAlgError(`cholesky_inverse: ${batchPrefix(b, i)}The diagonal element ${j + 1} is zero, the inversion could not be completed because the input matrix is singular.`);
      }
    }
  }
  const inverse = no_grad(() => {
    const low = a.upper ? triu(L).mT : tril(L);
    const lowInv = triSolve(low, out(identity(n), [n, n], L.dtype), false, false); // L^-1
    return matmul(lowInv.mT, lowInv);
  });
  return record(inverse, 'CholeskyInverseBackward0', [L], (g) => {
    const iA = inverse.detach();
    const common = matmul(iA, matmul(add(g, g.mT), iA));
    return [neg(a.upper ? matmul(L.detach(), common) : matmul(common, L.detach()))];
  });
}

/** torch.linalg.cholesky_ex(A, *, upper = false, check_errors = false): (L, info), info the order of the first leading minor that is not positive-definite (0: none). */
export function cholesky_ex(A: Tensor, options?: { upper?: boolean; check_errors?: boolean }): Named<'L' | 'info'> {
  checkArgs('linalg_cholesky_ex', arguments, 1, ['upper', 'check_errors']);
  const op = 'linalg.cholesky_ex';
  checkTensor('linalg_cholesky_ex', A, 'A');
  const b = readBatch('linalg.cholesky', A, true);
  const infos = new Int32Array(b.count);
  const L = choleskyOf(op, A, options?.upper ?? false, options?.check_errors ? undefined : infos);
  return named({ L, info: int32(infos, b.batch) });
}

/**
 * The LU factors of A^T, from which PyTorch 1.13 solves with a (row-major) A: its info numbers the first zero pivot
 * of A^T's factorization (which can differ from A's).
 */
function transposedLU(A: Tensor): { LU: Tensor; pivots: Tensor; info: Tensor } {
  return no_grad(() => factorize('torch.lu_factor', A.detach().mT));
}

/** The first matrix with a nonzero info, and the message prefix naming it in a batch. */
function firstFailure(info: Tensor): { i: number; value: number; prefix: string } | null {
  const infos = info.reshape(-1).tolist() as number[];
  const i = infos.findIndex((v) => v > 0);
  return i < 0 ? null : { i, value: infos[i], prefix: info.dim() ? `(Batch element ${i}): ` : '' };
}

/**
 * torch.linalg.inv_ex(A, *, check_errors = false): (inverse, info). As PyTorch 1.13 (linalg.solve_ex(A, I)), info
 * is the first zero pivot of the LU of A^T (0: none); a singular matrix's inverse holds that solve's infinities and
 * NaNs (not differentiable).
 */
export function inv_ex(A: Tensor, options?: { check_errors?: boolean }): Named<'inverse' | 'info'> {
  checkArgs('linalg_inv_ex', arguments, 1, ['check_errors']);
  const op = 'linalg.inv_ex';
  checkTensor('linalg_inv_ex', A, 'A');
  const n = readBatch('linalg.inv', A, true).n;
  const { LU, pivots, info } = transposedLU(A);
  const failure = firstFailure(info);
  if (!failure) return named({ inverse: inv(A), info });
  if (options?.check_errors) {
    throw new LinAlgError(`${op}: ${failure.prefix}The diagonal element ${failure.value} is zero, the inversion could not be completed because the input matrix is singular.`);
  }
  const inverse = no_grad(() => lu_solve(LU, pivots, expand(eye(n, { dtype: A.dtype }), A.shape), { adjoint: true }));
  return named({ inverse, info });
}

/**
 * torch.linalg.solve_ex(A, B, *, left = true, check_errors = false): (result, info), linalg.solve with info (over
 * A's batch) as inv_ex's; for a singular A the result holds the solve's infinities and NaNs (not differentiable).
 */
export function solve_ex(A: Tensor, B: Tensor, options?: { left?: boolean; check_errors?: boolean }): Named<'result' | 'info'> {
  checkArgs('linalg_solve_ex', arguments, 2, ['left', 'check_errors'], 2);
  checkTensor('linalg_solve_ex', A, 'A');
  checkTensor('linalg_solve_ex', B, 'B', 2);
  const left = options?.left ?? true;
  const sink: SolveSink = {};
  const result = solveCore('linalg.solve', A, B, left, sink); // linalg.solve's checks; with a sink, no throw for a singular A
  const { LU, pivots, info } = transposedLU(A);
  const failure = firstFailure(info);
  if (!failure) return named({ result, info });
  if (options?.check_errors) throw new LinAlgError(`torch.linalg.solve_ex: ${failure.prefix}The solver failed because the input matrix is singular.`);
  const singular = no_grad(() => {
    const vector = left && (B.dim() === 1 || (B.dim() === A.dim() - 1 && B.shape.every((s, d) => s === A.shape[d])));
    const X = lu_solve(LU, pivots, vector ? B.detach().unsqueeze(-1) : B.detach(), { left, adjoint: true });
    return vector ? X.squeeze(-1) : X;
  });
  return named({ result: singular, info });
}
