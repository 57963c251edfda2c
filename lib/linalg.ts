// torch.linalg: PyTorch's linear-algebra namespace (lib/ops/linalg_decomp.ts, lib/ops/linalg_extra.ts).
import { matmul as matmulOp } from './ops/linalg';
import { diagonal as diagonalOp, linalg_cross, multi_dot } from './ops/linalg_extra';
import {
  LinAlgError, det, slogdet, inv, solve, matrix_power, matrix_rank, cholesky, qr, eigh, eigvalsh, svd, svdvals, pinv, lstsq,
  vector_norm, matrix_norm, linalg_norm, matrix_exp as matrixExp,
} from './ops/linalg_decomp';
import { solve_triangular, lu_factor, lu_factor_ex, lu, lu_solve, cholesky_ex, inv_ex, solve_ex } from './ops/linalg_lu';
import { vander, vecdot, cond, tensorinv, tensorsolve } from './ops/linalg_misc';
import { checkTensor, type Tensor } from './tensor';
import { checkArgs } from './args';

/** torch.linalg.diagonal(A, *, offset = 0, dim1 = -2, dim2 = -1): torch.diagonal with the last two dims by default. */
function diagonal(A: Tensor, options?: { offset?: number; dim1?: number; dim2?: number }): Tensor {
  checkArgs('linalg_diagonal', arguments, 1, ['offset', 'dim1', 'dim2']);
  checkTensor('linalg_diagonal', A, 'A');
  return diagonalOp(A, options?.offset ?? 0, options?.dim1 ?? -2, options?.dim2 ?? -1);
}

/** torch.linalg.matrix_exp(A): torch.matrix_exp. */
function matrix_exp(A: Tensor): Tensor {
  checkArgs('linalg_matrix_exp', arguments, 1);
  checkTensor('linalg_matrix_exp', A, 'A');
  return matrixExp(A);
}

/** torch.linalg.matmul(input, other): torch.matmul. */
function matmul(input: Tensor, other: Tensor): Tensor {
  checkArgs('linalg_matmul', arguments, 2, [], 2);
  checkTensor('linalg_matmul', input);
  checkTensor('linalg_matmul', other, 'other', 2);
  return matmulOp(input, other);
}

export {
  LinAlgError, det, slogdet, inv, solve, matrix_power, matrix_rank, cholesky, qr, eigh, eigvalsh, svd, svdvals, pinv, lstsq,
  vector_norm, matrix_norm, linalg_norm as norm, linalg_cross as cross, multi_dot, matmul, diagonal, matrix_exp,
  solve_triangular, lu_factor, lu_factor_ex, lu, lu_solve, cholesky_ex, inv_ex, solve_ex, vander, vecdot, cond, tensorinv,
  tensorsolve,
};
