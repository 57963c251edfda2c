// matmul/mm/bmm on one batched kernel. Operands that are transposed views are passed with a transpose
// flag instead of being copied, so backward's g @ b.mT and a.mT @ g cost no extra copies.
import { contiguousStrides, fmtShape, numelOf, broadcastShapes } from '../shape';
import { B } from '../backend';
import { record } from '../autograd';
import { Tensor, checkTensor } from '../tensor';
import { clone, expand, squeeze, sumToShape, unsqueeze, reshape } from './shape';

interface Operand {
  data: Tensor['_storage'];
  batchStride: number;
  trans: boolean;
}

/** Layout of the last two dims of t as [rows, cols]: row-major, column-major (a transposed view), or neither. */
function matrixLayout(t: Tensor): 'row' | 'col' | null {
  const r = t.dim();
  const [rows, cols] = [t.shape[r - 2], t.shape[r - 1]];
  const [sr, sc] = [t._strides[r - 2], t._strides[r - 1]];
  if ((cols === 1 || sc === 1) && (rows === 1 || sr === cols)) return 'row';
  if ((rows === 1 || sr === 1) && (cols === 1 || sc === rows)) return 'col';
  return null;
}

/** Batch dims of t laid out contiguously (each matrix right after the previous)? */
function batchContiguous(t: Tensor): boolean {
  const r = t.dim();
  const matrix = t.shape[r - 1] * t.shape[r - 2];
  const expected = contiguousStrides(t.shape.slice(0, r - 2)).map((s) => s * matrix);
  return t.shape.slice(0, r - 2).every((s, i) => s === 1 || t._strides[i] === expected[i]);
}

/** Describes t (shape [...batch, rows, cols]) for the kernel, broadcasting its batch dims to `batch`. */
function operand(t: Tensor, batch: readonly number[]): Operand {
  const r = t.dim();
  const ownBatch = numelOf(t.shape.slice(0, r - 2));
  const sameBatch = t.shape.slice(0, r - 2).join() === batch.join();
  const matrix = t.shape[r - 1] * t.shape[r - 2];
  const layout = matrixLayout(t);
  if (layout && (ownBatch === 1 || (sameBatch && batchContiguous(t)))) {
    return { data: t._storage.subarray(t._offset), batchStride: ownBatch === 1 ? 0 : matrix, trans: layout === 'col' };
  }
  const copy = clone(expand(t.detach(), [...batch, t.shape[r - 2], t.shape[r - 1]]));
  return { data: copy._storage, batchStride: matrix, trans: false };
}

/** [...batchA, M, K] @ [...batchB, K, N] -> [...broadcast batch, M, N]. */
function batchedMatmul(op: string, a: Tensor, b: Tensor, gradName: string): Tensor {
  const M = a.shape[a.dim() - 2];
  const K = a.shape[a.dim() - 1];
  const N = b.shape[b.dim() - 1];
  if (b.shape[b.dim() - 2] !== K) {
    throw new RangeError(
      `${op}(): mat1 and mat2 shapes cannot be multiplied (${a.shape.slice(-2).join('x')} and ${b.shape.slice(-2).join('x')}; shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)})`,
    );
  }
  const batch = broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const count = numelOf(batch);
  const out = B.alloc(a.dtype, count * M * N, K === 0);
  if (count * M * N > 0 && K > 0) {
    const A = operand(a, batch);
    const Bo = operand(b, batch);
    B.matmul(A.data, Bo.data, out, count, M, K, N, A.batchStride, Bo.batchStride, A.trans, Bo.trans, false);
  }
  return record(new Tensor(out, [...batch, M, N], a.dtype), gradName, [a, b], (g) => [
    a.requires_grad ? sumToShape(batchedMatmul(op, g, b.mT, gradName), a.shape) : null,
    b.requires_grad ? sumToShape(gradOfB(op, a, b, g, gradName), b.shape) : null,
  ]);
}

/** d(a @ b)/db = a^T g. For a transposed b (Linear's weight.t()) it is computed as (g^T a)^T, so the gradient
 * reaches the weight contiguous instead of as a strided view to copy. */
function gradOfB(op: string, a: Tensor, b: Tensor, g: Tensor, gradName: string): Tensor {
  if (b.dim() === 2 && matrixLayout(b) === 'col') return batchedMatmul(op, g.mT, a, gradName).mT;
  return batchedMatmul(op, a.mT, g, gradName);
}

function checkOperands(op: string, a: Tensor, b: Tensor): void {
  checkTensor(op, a);
  checkTensor(op, b, 'other', 2);
  if (a.dtype !== b.dtype) throw new TypeError(`${op}(): expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}`);
  if (a.dtype === 'bool') throw new TypeError(`${op}(): not implemented for 'Bool'`);
}

/** torch.matmul with NumPy semantics for 1-D operands and broadcast batch dims. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkOperands('matmul', a, b);
  if (a.dim() === 0 || b.dim() === 0) {
    throw new RangeError(`both arguments to matmul need to be at least 1D, but they are ${a.dim()}D and ${b.dim()}D`);
  }
  if (a.dim() === 1 && b.dim() === 1) {
    if (a.shape[0] !== b.shape[0]) {
      throw new RangeError(
        `matmul(): inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
      );
    }
    return reshape(batchedMatmul('matmul', unsqueeze(a, 0), unsqueeze(b, 1), 'DotBackward0'), []);
  }
  if (a.dim() === 1) return squeeze(batchedMatmul('matmul', unsqueeze(a, 0), b, 'MmBackward0'), -2);
  if (b.dim() === 1) return squeeze(batchedMatmul('matmul', a, unsqueeze(b, 1), 'MvBackward0'), -1);
  return batchedMatmul('matmul', a, b, a.dim() === 2 && b.dim() === 2 ? 'MmBackward0' : 'BmmBackward0');
}

export function mm(a: Tensor, b: Tensor): Tensor {
  checkOperands('mm', a, b);
  if (a.dim() !== 2) throw new RangeError(`mm(): self must be a matrix (got shape ${fmtShape(a.shape)})`);
  if (b.dim() !== 2) throw new RangeError(`mm(): mat2 must be a matrix (got shape ${fmtShape(b.shape)})`);
  return batchedMatmul('mm', a, b, 'MmBackward0');
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  checkOperands('bmm', a, b);
  if (a.dim() !== 3) throw new RangeError(`bmm(): batch1 must be a 3D tensor (got shape ${fmtShape(a.shape)})`);
  if (b.dim() !== 3) throw new RangeError(`bmm(): batch2 must be a 3D tensor (got shape ${fmtShape(b.shape)})`);
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new RangeError(
      `bmm(): Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
    );
  }
  return batchedMatmul('bmm', a, b, 'BmmBackward0');
}
