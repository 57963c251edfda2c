// torch.linalg.vander, vecdot, cond, tensorinv and tensorsolve, as PyTorch 1.13 composes them from other ops
// (so they are differentiable through those).
import { numelOf } from '../shape';
import { Tensor, checkTensor } from '../tensor';
import { checkArgs, resolveArgs } from '../args';
import { compare, div, mul, where, TORCH_NAME } from './elementwise';
import { sum } from './reduce';
import { cat, expand, narrow, unsqueeze } from './shape';
import { movedim } from './shape_extra';
import { cumprod } from './stats';
import { ones, zeros } from './creation';
import { inv, matrix_norm, solve, svdvals } from './linalg_decomp';
import { inv_ex } from './linalg_lu';

/** torch.linalg.vander(x, *, N = x.shape[-1]): the Vandermonde matrices [1, x, x^2, ..., x^(N-1)] of x's last dim. */
export function vander(x: Tensor, options?: { N?: number | null }): Tensor {
  checkArgs('linalg_vander', arguments, 1, ['N']);
  checkTensor('linalg_vander', x, 'x');
  if (x.dtype === 'bool') throw new TypeError('linalg.vander supports floating point, complex, and integer tensors, but got Bool');
  const x1 = x.dim() === 0 ? unsqueeze(x, -1) : x;
  const n = options?.N ?? x1.shape[x1.dim() - 1];
  if (!(n > 1)) throw new RangeError('N must be greater than 1.');
  const powers = cumprod(expand(unsqueeze(x1, -1), [...x1.shape, n - 1]), -1);
  return cat([ones([...x1.shape, 1], { dtype: powers.dtype }), powers], -1);
}

/** torch.linalg.vecdot(x, y, *, dim = -1): sum(x * y) along dim, the two broadcast (the same dtype required). */
export function vecdot(x: Tensor, y: Tensor, options?: { dim?: number }): Tensor {
  checkArgs('linalg_vecdot', arguments, 2, ['dim'], 2);
  checkTensor('linalg_vecdot', x, 'x');
  checkTensor('linalg_vecdot', y, 'y', 2);
  if (x.dtype !== y.dtype) {
    throw new TypeError(`linalg.vecdot: Expected x and y to have the same dtype, but found x of type ${TORCH_NAME[x.dtype]} and y of type ${TORCH_NAME[y.dtype]} instead`);
  }
  return sum(mul(x, y), options?.dim ?? -1);
}

export type CondOrd = number | 'fro' | 'nuc' | null;

/**
 * torch.linalg.cond(A, p = null): the condition number of A's matrices. p null/2/-2: the ratio of the extreme
 * singular values (any shape); 'fro', 'nuc', inf, -inf, 1, -1: norm(A, p) * norm(A^-1, p) for square A, inf for a
 * singular one.
 */
export function cond(A: Tensor, p?: CondOrd | { p?: CondOrd }): Tensor {
  const a = resolveArgs<{ p: CondOrd }>('linalg_cond', ['p'], { p: null }, arguments, 1);
  const t = checkTensor('linalg_cond', A, 'A');
  if (t.dim() < 2) throw new RangeError('linalg.cond: The input tensor must have at least 2 dimensions.');
  const ord = a.p ?? 2;
  const valid = ord === 'fro' || ord === 'nuc' || (typeof ord === 'number' && [1, -1, 2, -2, Infinity, -Infinity].includes(ord));
  if (!valid) throw new RangeError(`linalg.cond got an invalid norm type: ${String(ord)}`);
  const batch = t.shape.slice(0, -2);
  if (numelOf(t.shape) === 0) return zeros(batch, { dtype: t.dtype });
  if (ord === 2 || ord === -2) {
    const s = svdvals(t);
    const k = s.shape[s.dim() - 1];
    const [max, min] = [narrow(s, -1, 0, 1), narrow(s, -1, k - 1, 1)];
    return (ord === 2 ? div(max, min) : div(min, max)).squeeze(-1);
  }
  const [m, n] = t.shape.slice(-2);
  const label = typeof ord === 'number' && Number.isFinite(ord) ? String(ord) : typeof ord === 'number' ? (ord > 0 ? 'inf' : '-inf') : ord;
  if (m !== n) throw new RangeError(`linalg.cond(ord=${label}): A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const { inverse, info } = inv_ex(t);
  const singular = compare('gt', unsqueeze(unsqueeze(info, -1), -1), 0);
  const invA = where(singular, Infinity, inverse);
  return mul(matrix_norm(t, ord), matrix_norm(invA, ord));
}

/** torch.linalg.tensorinv(A, ind = 2): the inverse of A read as a matrix of its first ind dims by the rest, shaped A.shape[ind:] + A.shape[:ind]. */
export function tensorinv(A: Tensor, ind?: number | { ind?: number }): Tensor {
  const a = resolveArgs<{ ind: number }>('linalg_tensorinv', ['ind'], { ind: 2 }, arguments, 1);
  const t = checkTensor('linalg_tensorinv', A, 'A');
  if (!Number.isInteger(a.ind) || a.ind <= 0) throw new RangeError(`Expected a strictly positive integer for 'ind', but got ${a.ind}`);
  const [start, end] = [t.shape.slice(0, a.ind), t.shape.slice(a.ind)];
  const [rows, cols] = [numelOf(start), numelOf(end)];
  if (rows !== cols) throw new RangeError(`Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), but got ${cols} != ${rows}`);
  return inv(t.reshape(rows, cols)).reshape(...end, ...start);
}

/**
 * torch.linalg.tensorsolve(A, B, dims = null): X with tensordot(A, X, X.dim()) = B; dims of A are first moved to
 * its end. X has the shape of A's dims after B's.
 */
export function tensorsolve(A: Tensor, B: Tensor, dims?: readonly number[] | null | { dims?: readonly number[] | null }): Tensor {
  const a = resolveArgs<{ dims: readonly number[] | null }>('linalg_tensorsolve', ['dims'], { dims: null }, arguments, 2);
  let t = checkTensor('linalg_tensorsolve', A, 'A');
  checkTensor('linalg_tensorsolve', B, 'B', 2);
  const ndim = t.dim();
  if (a.dims) t = movedim(t, a.dims, a.dims.map((_, i) => ndim - a.dims!.length + i));
  const resultShape = t.shape.slice(B.dim());
  const [size, other] = [numelOf(resultShape), numelOf(B.shape)];
  if (size !== other) {
    throw new RangeError(`Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), but got ${size} != ${other}`);
  }
  return solve(t.reshape(size, size), B.reshape(-1)).reshape(...resultShape);
}
