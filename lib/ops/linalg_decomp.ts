// torch.linalg's factorizations and what is built on them: det, slogdet, inv, solve, cholesky, qr, eigh, svd,
// pinv, lstsq, matrix_rank, matrix_power and the norms. Each factorization runs as JS loops over the matrices in
// float64 (so both backends give the same answers) and rounds to the input's dtype; its backward is composed from
// tensor ops. Batches: every leading dim is a batch of matrices.
import { broadcastShapes, fmtShape, normalizeDim, numelOf } from '../shape';
import { isFloating, storageClass, type DType } from '../dtype';
import { no_grad, record } from '../autograd';
import { Tensor, checkTensor, fromValues, typeName } from '../tensor';
import { checkArgs, isOptions, resolveArgs } from '../args';
import { add, abs, compare, div, mul, neg, sub, where } from './elementwise';
import { amax, amin, norm as reduceNorm, sum } from './reduce';
import { cast, cat, expand, narrow, reshape, squeeze, transpose, unsqueeze } from './shape';
import { matmul } from './linalg';
import { tril } from './arrange';
import { diag_embed } from './linalg_extra';
import { warnOnce } from '../utils/warnings';
import { named, type Named } from '../named';
export type { Named } from '../named';
import { eye } from './creation';

/** PyTorch's torch.linalg.LinAlgError: a matrix the operation cannot handle (singular, not positive-definite). */
export class LinAlgError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'LinAlgError';
  }
}


const EPS: Record<string, number> = { float32: 2 ** -23, float64: 2 ** -52 };

// ------------------------------------------------------------------------------------------ batches

export interface Batch {
  batch: number[];
  m: number;
  n: number;
  count: number;
  /** the matrices, row-major, one after the other */
  data: Float64Array;
}

/** Checks A is a floating (batch of) matrix (square if asked) and reads it as float64. */
/** @internal */
export function readBatch(op: string, A: unknown, square: boolean, argName = 'A'): Batch {
  const t = checkTensor(op.replace('linalg.', 'linalg_'), A, argName);
  if (!isFloating(t.dtype)) throw new TypeError(`${op}: Expected a floating point or complex tensor as input. Got ${t.dtype === 'int64' ? 'Long' : t.dtype === 'int32' ? 'Int' : 'Bool'}`);
  if (t.dim() < 2) throw new RangeError(`${op}: The input tensor ${argName} must have at least 2 dimensions.`);
  const [m, n] = t.shape.slice(-2);
  if (square && m !== n) throw new RangeError(`${op}: ${argName} must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const batch = t.shape.slice(0, -2);
  return { batch, m, n, count: numelOf(batch), data: Float64Array.from(t.detach()._contiguousData() as ArrayLike<number>) };
}

/** float64 values as a tensor of dtype (rounded for float32). */
export const out = (values: ArrayLike<number>, shape: readonly number[], dtype: DType) => fromValues(values, shape, dtype);

/** PyTorch's prefix for an error in one matrix of a batch. */
export const batchPrefix = (b: Batch, i: number) => (b.batch.length ? `(Batch element ${i}): ` : '');

// ----------------------------------------------------------------------------------------------- LU

export interface LU {
  lu: Float64Array;
  perm: number[];
  sign: number;
  /** 1-based index of the first zero pivot (LAPACK's info), 0 when none */
  zeroAt: number;
}

/**
 * LAPACK's getrf on the m x n matrix at a[off..]: P A = L U by partial pivoting (the first largest |value| of each
 * column; a zero column is not swapped and sets info), the multipliers scaled by the pivot's reciprocal. pivots
 * are LAPACK's: row i was swapped with row pivots[i] - 1.
 */
export function getrf(a: Float64Array, off: number, m: number, n: number): { lu: Float64Array; pivots: Int32Array; info: number } {
  const lu = a.slice(off, off + m * n);
  const k = Math.min(m, n);
  const pivots = new Int32Array(k);
  let info = 0;
  for (let j = 0; j < k; j++) {
    let p = j;
    for (let i = j + 1; i < m; i++) if (Math.abs(lu[i * n + j]) > Math.abs(lu[p * n + j])) p = i;
    pivots[j] = p + 1;
    if (lu[p * n + j] !== 0) {
      if (p !== j) for (let c = 0; c < n; c++) [lu[j * n + c], lu[p * n + c]] = [lu[p * n + c], lu[j * n + c]];
      const pivot = lu[j * n + j];
      const r = 1 / pivot;
      const tiny = Math.abs(pivot) < 2.2250738585072014e-308; // LAPACK divides below its safe minimum
      for (let i = j + 1; i < m; i++) lu[i * n + j] = tiny ? lu[i * n + j] / pivot : lu[i * n + j] * r;
    } else if (!info) info = j + 1;
    for (let i = j + 1; i < m; i++) {
      const f = lu[i * n + j];
      if (f !== 0) for (let c = j + 1; c < n; c++) lu[i * n + c] -= f * lu[j * n + c];
    }
  }
  return { lu, pivots, info };
}

/** LU with partial pivoting (getrf) of the n x n matrix at a[off..]: P A = L U, L unit lower and U upper in one array. */
export function luFactor(a: Float64Array, off: number, n: number): LU {
  const { lu, pivots, info } = getrf(a, off, n, n);
  const perm = Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  pivots.forEach((p, i) => {
    if (p - 1 === i) return;
    [perm[i], perm[p - 1]] = [perm[p - 1], perm[i]];
    sign = -sign;
  });
  return { lu, perm, sign, zeroAt: info };
}

/** Solves A X = B for B of n x k (row-major) given A's LU; returns X. */
export function luSolve(f: LU, n: number, b: Float64Array, k: number): Float64Array {
  const { lu, perm } = f;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) x[i * k + j] = b[perm[i] * k + j];
  for (let i = 0; i < n; i++) for (let r = 0; r < i; r++) {
    const l = lu[i * n + r];
    if (l !== 0) for (let j = 0; j < k; j++) x[i * k + j] -= l * x[r * k + j];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let r = i + 1; r < n; r++) {
      const u = lu[i * n + r];
      if (u !== 0) for (let j = 0; j < k; j++) x[i * k + j] -= u * x[r * k + j];
    }
    for (let j = 0; j < k; j++) x[i * k + j] /= lu[i * n + i];
  }
  return x;
}

function detOf(f: LU, n: number): number {
  let d = f.sign;
  for (let i = 0; i < n; i++) d *= f.lu[i * n + i];
  return d;
}

export const identity = (n: number) => {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
};

/**
 * d det(A) / dA = det * A^-T. For an exactly singular A (a zero pivot) PyTorch 1.13 gives a zero gradient (not
 * the cofactor matrix), and so does this.
 */
function detGradient(a: Float64Array, off: number, n: number): Float64Array {
  const f = luFactor(a, off, n);
  const c = new Float64Array(n * n);
  if (f.zeroAt) return c;
  const inv = luSolve(f, n, identity(n), n);
  const d = detOf(f, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = d * inv[j * n + i];
  return c;
}

// -------------------------------------------------------------------------------- det, inv, solve

/** torch.linalg.det(A): determinants of square matrices. */
export function det(A: Tensor): Tensor {
  checkArgs('linalg_det', arguments, 1);
  const b = readBatch('linalg.det', A, true);
  const n = b.n;
  const dets = new Float64Array(b.count);
  for (let i = 0; i < b.count; i++) dets[i] = detOf(luFactor(b.data, i * n * n, n), n);
  const result = out(dets, b.batch, A.dtype);
  return record(result, 'LinalgDetBackward0', [A], (g) => {
    const c = new Float64Array(b.count * n * n);
    for (let i = 0; i < b.count; i++) c.set(detGradient(b.data, i * n * n, n), i * n * n);
    return [mul(unsqueeze(unsqueeze(g, -1), -1), out(c, A.shape, A.dtype))];
  });
}

/** torch.linalg.slogdet(A): (sign, logabsdet) of the determinants. */
export function slogdet(A: Tensor): Named<'sign' | 'logabsdet'> {
  checkArgs('linalg_slogdet', arguments, 1);
  const b = readBatch('linalg.slogdet', A, true);
  const n = b.n;
  const signs = new Float64Array(b.count);
  const logs = new Float64Array(b.count);
  const invT = new Float64Array(b.count * n * n);
  for (let i = 0; i < b.count; i++) {
    const f = luFactor(b.data, i * n * n, n);
    if (f.zeroAt) {
      logs[i] = -Infinity;
      invT.fill(NaN, i * n * n, (i + 1) * n * n);
      continue;
    }
    let s = f.sign;
    let l = 0;
    for (let k = 0; k < n; k++) {
      const u = f.lu[k * n + k];
      s *= Math.sign(u);
      l += Math.log(Math.abs(u));
    }
    signs[i] = s;
    logs[i] = l;
    const inv = luSolve(f, n, identity(n), n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) invT[i * n * n + r * n + c] = inv[c * n + r];
  }
  const logabsdet = record(out(logs, b.batch, A.dtype), 'LinalgSlogdetBackward0', [A], (g) => [
    mul(unsqueeze(unsqueeze(g, -1), -1), out(invT, A.shape, A.dtype)),
  ]);
  return named({ sign: out(signs, b.batch, A.dtype), logabsdet });
}

/** torch.logdet(A): log det(A); NaN for a negative determinant, -inf for a zero one. */
export function logdet(A: Tensor): Tensor {
  checkArgs('logdet', arguments, 1);
  checkTensor('logdet', A);
  const { sign, logabsdet } = slogdet(A);
  return where(compare('lt', sign, 0), NaN, logabsdet);
}

function inverseOf(op: string, b: Batch, singular: (b: Batch, i: number, zeroAt: number) => string): Float64Array {
  const n = b.n;
  const inv = new Float64Array(b.count * n * n);
  for (let i = 0; i < b.count; i++) {
    const f = luFactor(b.data, i * n * n, n);
    if (f.zeroAt) throw new LinAlgError(`${op}: ${batchPrefix(b, i)}${singular(b, i, f.zeroAt)}`);
    inv.set(luSolve(f, n, identity(n), n), i * n * n);
  }
  return inv;
}

/** torch.linalg.inv(A): inverses of square matrices (LinAlgError for a singular one). */
export function inv(A: Tensor): Tensor {
  checkArgs('linalg_inv', arguments, 1);
  const b = readBatch('linalg.inv', A, true);
  const values = inverseOf('linalg.inv', b, (_b, _i, k) => `The diagonal element ${k} is zero, the inversion could not be completed because the input matrix is singular.`);
  const result = out(values, A.shape, A.dtype);
  // d(A^-1) = -A^-1 dA A^-1, so gA = -A^-T g A^-T
  return record(result, 'LinalgInvExBackward0', [A], (g) => {
    const iT = result.detach().mT;
    return [neg(matmul(matmul(iT, g), iT))];
  });
}

/** torch.inverse(input): linalg.inv. */
export function inverse(input: Tensor): Tensor {
  checkArgs('inverse', arguments, 1);
  checkTensor('inverse', input);
  return inv(input);
}

/**
 * torch.linalg.solve(A, B, *, left = true): X with A X = B (X A = B when left is false). B is a batch of vectors
 * when it is 1-D or has A's shape without the last dim; batch dims broadcast.
 */
export function solve(A: Tensor, B: Tensor, options?: { left?: boolean }): Tensor {
  checkArgs('linalg_solve', arguments, 2, ['left'], 2);
  checkTensor('linalg_solve', A, 'A');
  checkTensor('linalg_solve', B, 'B', 2);
  return solveCore('linalg.solve', A, B, options?.left ?? true);
}

/** Where solve_ex collects each broadcast matrix's first zero pivot (instead of throwing). */
export interface SolveSink {
  infos?: Int32Array;
}

/** linalg.solve's work, named `op` in messages; with a sink, a singular A gives infinities and NaNs and its info. */
export function solveCore(op: string, A: Tensor, B: Tensor, left: boolean, sink?: SolveSink): Tensor {
  if (!left) return transpose(solveCore(op, A.mT, B.mT, true, sink), -2, -1);
  readBatch(op, A, true);
  if (A.dtype !== B.dtype) throw new TypeError(`${op}: Expected A and B to have the same dtype, but found A of type ${A.dtype} and B of type ${B.dtype} instead`);
  const vector = B.dim() === 1 || (B.dim() === A.dim() - 1 && B.shape.every((s, i) => s === A.shape[i]));
  const Bm = vector ? unsqueeze(B, -1) : B;
  const n = A.shape[A.dim() - 1];
  if (Bm.shape[Bm.dim() - 2] !== n) {
    throw new RangeError(`${op}: Incompatible shapes of A and B for the equation AX = B (${n}x${n} and ${Bm.shape.slice(-2).join('x')})`);
  }
  const X = solveMatrices(A, Bm, sink);
  return vector ? squeeze(X, -1) : X;
}

/** X with A X = B, batches broadcast; with a sink, a singular A's first zero pivot is recorded in it instead of throwing. */
export function solveMatrices(A: Tensor, B: Tensor, sink?: SolveSink): Tensor {
  const n = A.shape[A.dim() - 1];
  const k = B.shape[B.dim() - 1];
  const batch = broadcastShapes('linalg.solve', A.shape.slice(0, -2), B.shape.slice(0, -2));
  const a = readBatch('linalg.solve', expand(A.detach(), [...batch, n, n]), true);
  const bData = Float64Array.from(expand(B.detach(), [...batch, n, k])._contiguousData() as ArrayLike<number>);
  const x = new Float64Array(a.count * n * k);
  const infos = sink ? (sink.infos = new Int32Array(a.count)) : null;
  for (let i = 0; i < a.count; i++) {
    const f = luFactor(a.data, i * n * n, n);
    if (f.zeroAt && !infos) throw new LinAlgError(`torch.linalg.solve: ${batchPrefix(a, i)}The solver failed because the input matrix is singular.`);
    if (infos) infos[i] = f.zeroAt;
    x.set(luSolve(f, n, bData.subarray(i * n * k, (i + 1) * n * k), k), i * n * k);
  }
  const X = out(x, [...batch, n, k], A.dtype);
  // gB = A^-T g, gA = -gB X^T (each summed back to its operand's batch shape)
  return record(X, 'LinalgSolveExBackward0', [A, B], (g) => {
    const gB = solveMatrices(A.detach().mT, g);
    return [
      A.requires_grad ? sumBatch(neg(matmul(gB, X.detach().mT)), A.shape) : null,
      B.requires_grad ? sumBatch(gB, B.shape) : null,
    ];
  });
}

/** A gradient over the broadcast batch summed to an operand's shape. */
export function sumBatch(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.dim() - shape.length;
  let r = lead > 0 ? sum(g, Array.from({ length: lead }, (_, i) => i)) : g;
  const ones = shape.map((s, i) => (s === 1 && r.shape[i] !== 1 ? i : -1)).filter((i) => i >= 0);
  if (ones.length) r = sum(r, ones, true);
  return r;
}

/** torch.linalg.matrix_power(A, n): A multiplied n times (n = 0 the identity, n < 0 powers of the inverse). */
export function matrix_power(A: Tensor, n: number): Tensor {
  checkArgs('linalg_matrix_power', arguments, 2, [], 2);
  const t = checkTensor('linalg_matrix_power', A, 'A');
  if (!Number.isInteger(n)) throw new TypeError(`linalg.matrix_power(): argument 'n' (position 2) must be int, not ${typeName(n)}`);
  if (t.dim() < 2) throw new RangeError(`linalg.matrix_power: The input tensor A must have at least 2 dimensions.`);
  const [r, c] = t.shape.slice(-2);
  if (r !== c) throw new RangeError(`linalg.matrix_power: A must be batches of square matrices, but they are ${r} by ${c} matrices`);
  if (n === 0) {
    const eye = new Float64Array(r * r);
    for (let i = 0; i < r; i++) eye[i * r + i] = 1;
    return expand(out(eye, [r, r], t.dtype), t.shape).clone();
  }
  let base = n < 0 ? inv(t) : t;
  let k = Math.abs(n);
  let result: Tensor | null = null;
  // binary powering: log2(n) products
  for (;;) {
    if (k & 1) result = result ? matmul(result, base) : base;
    k >>= 1;
    if (!k) break;
    base = matmul(base, base);
  }
  return result === t ? t.clone() : result!;
}

/** torch.det / torch.slogdet / torch.matrix_power: the linalg functions under their older names. */
export function det_torch(input: Tensor): Tensor {
  checkArgs('det', arguments, 1);
  return det(checkTensor('det', input));
}
export function slogdet_torch(input: Tensor): Named<'sign' | 'logabsdet'> {
  checkArgs('slogdet', arguments, 1);
  return slogdet(checkTensor('slogdet', input));
}
export function matrix_power_torch(input: Tensor, n: number): Tensor {
  checkArgs('matrix_power', arguments, 2, [], 2);
  return matrix_power(checkTensor('matrix_power', input), n);
}

// ----------------------------------------------------------------------------------------- cholesky

/** torch.linalg.cholesky(A, *, upper = false): L with A = L L^T (from A's lower triangle), or U = L^T. */
export function cholesky(A: Tensor, options?: { upper?: boolean }): Tensor {
  checkArgs('linalg_cholesky', arguments, 1, ['upper']);
  return choleskyOf('linalg.cholesky', A, options?.upper ?? false);
}

/**
 * The Cholesky factors of A's matrices. With `infos` (one per matrix), a matrix that is not positive-definite
 * records the order of its failing leading minor there instead of throwing, and is left as LAPACK's unblocked
 * potf2 leaves it: the columns before the failing one factored, the failing diagonal element reduced, the rest
 * A's lower triangle.
 */
export function choleskyOf(op: string, A: Tensor, upper: boolean, infos?: Int32Array): Tensor {
  const b = readBatch(op, A, true);
  const n = b.n;
  const L = new Float64Array(b.count * n * n);
  for (let i = 0; i < b.count; i++) {
    const o = i * n * n;
    for (let j = 0; j < n; j++) {
      let d = b.data[o + j * n + j];
      for (let k = 0; k < j; k++) d -= L[o + j * n + k] ** 2;
      if (!(d > 0)) {
        if (!infos) {
          throw new LinAlgError(`${op}: ${batchPrefix(b, i)}The factorization could not be completed because the input is not positive-definite (the leading minor of order ${j + 1} is not positive-definite).`);
        }
        infos[i] = j + 1;
        for (let c = j; c < n; c++) for (let r = c; r < n; r++) L[o + r * n + c] = b.data[o + r * n + c];
        L[o + j * n + j] = d;
        break;
      }
      const ljj = Math.sqrt(d);
      L[o + j * n + j] = ljj;
      for (let r = j + 1; r < n; r++) {
        let s = b.data[o + r * n + j];
        for (let k = 0; k < j; k++) s -= L[o + r * n + k] * L[o + j * n + k];
        L[o + r * n + j] = s / ljj;
      }
    }
  }
  const lower = out(L, A.shape, A.dtype);
  // PyTorch's cholesky_backward: gA = L^-T Phi(L^T gL) L^-1, Phi symmetrizing the lower triangle
  const result = upper ? lower.mT.contiguous() : lower;
  return record(result, 'LinalgCholeskyExBackward0', [A], (g) => {
    const gL = upper ? g.mT : g;
    const P = tril(matmul(lower.mT, gL));
    const phi = mul(add(P, tril(P, -1).mT), 0.5);
    const Linv = inv(lower);
    return [matmul(matmul(Linv.mT, phi), Linv)];
  });
}

/** torch.cholesky(input, upper = false): deprecated in PyTorch 1.13 for linalg.cholesky. */
export function cholesky_deprecated(input: Tensor, upper: boolean | { upper?: boolean } = false): Tensor {
  const a = resolveArgs<{ upper: boolean }>('cholesky', ['upper'], { upper: false }, arguments, 1);
  checkTensor('cholesky', input);
  warnOnce(
    'torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future PyTorch release.\n' +
      'L = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\n' +
      'should be replaced with\nU = torch.linalg.cholesky(A).mH().\nThis transform will produce equivalent results for all valid (symmetric positive definite) inputs.',
  );
  return choleskyOf('cholesky', input, a.upper);
}

// ----------------------------------------------------------------------------------------------- qr

/** Unpacks a tensor holding several results side by side in its last dim (one autograd node for all of them). */
function unpack(packed: Tensor, parts: { size: number; shape: number[] }[]): Tensor[] {
  let at = 0;
  return parts.map(({ size, shape }) => {
    const t = reshape(narrow(packed, -1, at, size), shape);
    at += size;
    return t;
  });
}

/** Householder QR of the m x n matrix at a[off..] (LAPACK's convention: R's diagonal may be negative). */
function householderQR(a: Float64Array, off: number, m: number, n: number, complete: boolean): { Q: Float64Array; R: Float64Array; qCols: number; rRows: number } {
  const R = a.slice(off, off + m * n);
  const k = Math.min(m, n);
  const qCols = complete ? m : k;
  const Q = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Q[i * m + i] = 1;
  const v = new Float64Array(m);
  for (let j = 0; j < Math.min(m - 1, n); j++) {
    let normX = 0;
    for (let i = j; i < m; i++) normX += R[i * n + j] ** 2;
    normX = Math.sqrt(normX);
    if (normX === 0) continue;
    const alpha = R[j * n + j];
    const beta = alpha >= 0 ? -normX : normX;
    v.fill(0);
    v[j] = alpha - beta;
    for (let i = j + 1; i < m; i++) v[i] = R[i * n + j];
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    // R <- H R, Q <- Q H with H = I - 2 v v^T / (v^T v)
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i] * R[i * n + c];
      s = (2 * s) / vv;
      for (let i = j; i < m; i++) R[i * n + c] -= s * v[i];
    }
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let i = j; i < m; i++) s += Q[r * m + i] * v[i];
      s = (2 * s) / vv;
      for (let i = j; i < m; i++) Q[r * m + i] -= s * v[i];
    }
    for (let i = j + 1; i < m; i++) R[i * n + j] = 0;
  }
  const rRows = complete ? m : k;
  const Qo = new Float64Array(m * qCols);
  for (let r = 0; r < m; r++) for (let c = 0; c < qCols; c++) Qo[r * qCols + c] = Q[r * m + c];
  return { Q: Qo, R: R.slice(0, rRows * n), qCols, rRows };
}

/**
 * The gradient of A = Q R. Tall or square: gA = [gQ + Q copyltu(M)] R^-T with M = R gR^T - gQ^T Q, copyltu
 * mirroring the lower triangle to the upper. Wide: A = Q [R1 | R2] is the square case for A's first m columns
 * (with gQ + Y gR2^T, Y = Q R2 the other columns) and gY = Q gR2.
 */
function qrBackward(gQ: Tensor, gR: Tensor, Q: Tensor, R: Tensor, m: number, n: number): Tensor {
  if (m >= n) {
    const M = sub(matmul(R, gR.mT), matmul(gQ.mT, Q));
    const copyltu = add(tril(M), tril(M, -1).mT);
    return matmul(add(gQ, matmul(Q, copyltu)), inv(R).mT);
  }
  const [R1, R2] = [narrow(R, -1, 0, m), narrow(R, -1, m, n - m)];
  const [gR1, gR2] = [narrow(gR, -1, 0, m), narrow(gR, -1, m, n - m)];
  const gX = qrBackward(add(gQ, matmul(matmul(Q, R2), gR2.mT)), gR1, Q, R1, m, m);
  return cat([gX, matmul(Q, gR2)], -1);
}

/** torch.linalg.qr(A, mode = 'reduced'): (Q, R) with A = Q R; 'complete' gives a square Q, 'r' only R (Q empty). */
export function qr(A: Tensor, mode: 'reduced' | 'complete' | 'r' | { mode?: string } = 'reduced'): Named<'Q' | 'R'> {
  const a = resolveArgs<{ mode: string }>('linalg_qr', ['mode'], { mode: 'reduced' }, arguments, 1);
  return qrOf('linalg.qr', A, a.mode);
}

function qrOf(op: string, A: Tensor, mode: string): Named<'Q' | 'R'> {
  if (!['reduced', 'complete', 'r'].includes(mode)) throw new RangeError(`qr received unrecognized mode '${mode}' but expected one of 'reduced' (default), 'r', or 'complete'`);
  const b = readBatch(op, A, false);
  const { m, n } = b;
  const complete = mode === 'complete';
  const qCols = complete ? m : Math.min(m, n);
  const rRows = qCols;
  const width = m * qCols + rRows * n;
  const packed = new Float64Array(b.count * width);
  for (let i = 0; i < b.count; i++) {
    const f = householderQR(b.data, i * m * n, m, n, complete);
    packed.set(f.Q, i * width);
    packed.set(f.R, i * width + m * qCols);
  }
  const parts = [
    { size: m * qCols, shape: [...b.batch, m, qCols] },
    { size: rRows * n, shape: [...b.batch, rRows, n] },
  ];
  const values = out(packed, [...b.batch, width], A.dtype);
  const all = record(values, 'LinalgQrBackward0', [A], (g) => {
    if (mode === 'r') {
      throw new Error(`${op}: The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.`);
    }
    if (complete && m > n) throw new Error(`${op}: The QR decomposition is not differentiable when mode='complete' and nrows > ncols.`);
    const [gQ, gR] = unpack(g, parts);
    const [Qv, Rv] = unpack(values, parts);
    return [qrBackward(gQ, gR, Qv, Rv, m, n)];
  });
  const [Q, R] = unpack(all, parts);
  return named({ Q: mode === 'r' ? new Tensor(new (storageClass(A.dtype))(0), [0], A.dtype) : Q, R });
}

/** torch.qr(input, some = true): deprecated in PyTorch 1.13 for linalg.qr. */
export function qr_deprecated(input: Tensor, some: boolean | { some?: boolean } = true): Named<'Q' | 'R'> {
  const a = resolveArgs<{ some: boolean }>('qr', ['some'], { some: true }, arguments, 1);
  checkTensor('qr', input);
  warnOnce(
    "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch release.\nThe boolean parameter 'some' has been replaced with a string parameter 'mode'.\n" +
      "Q, R = torch.qr(A, some)\nshould be replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else 'complete')",
  );
  return qrOf('qr', input, a.some ? 'reduced' : 'complete');
}

// --------------------------------------------------------------------------------------------- eigh

/** Cyclic Jacobi on the symmetric n x n matrix s (overwritten): eigenvalues ascending, eigenvectors as columns. */
function jacobiEigh(s: Float64Array, n: number): { L: Float64Array; V: Float64Array } {
  const V = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (i === j ? (total += s[i * n + j] ** 2) : (off += s[i * n + j] ** 2));
    if (off <= 1e-30 * (total + off) || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q];
        if (apq === 0) continue;
        const theta = (s[q * n + q] - s[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [s[k * n + p], s[k * n + q]];
          s[k * n + p] = c * akp - sn * akq;
          s[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [s[p * n + k], s[q * n + k]];
          s[p * n + k] = c * apk - sn * aqk;
          s[q * n + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const [vkp, vkq] = [V[k * n + p], V[k * n + q]];
          V[k * n + p] = c * vkp - sn * vkq;
          V[k * n + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s[i * n + i] - s[j * n + j]);
  const L = Float64Array.from(order, (i) => s[i * n + i]);
  const Vs = new Float64Array(n * n);
  for (let r = 0; r < n; r++) order.forEach((c, k) => (Vs[r * n + k] = V[r * n + c]));
  return { L, V: Vs };
}

/**
 * torch.linalg.eigh(A, UPLO = 'L'): eigenvalues (ascending) and orthonormal eigenvectors (columns) of symmetric
 * matrices, read from the lower (or upper) triangle. Eigenvector signs are not unique (PyTorch's may differ).
 */
export function eigh(A: Tensor, UPLO: 'L' | 'U' | { UPLO?: string } = 'L'): Named<'eigenvalues' | 'eigenvectors'> {
  const a = resolveArgs<{ UPLO: string }>('linalg_eigh', ['UPLO'], { UPLO: 'L' }, arguments, 1);
  return eighOf('linalg.eigh', A, a.UPLO, true);
}

function eighOf(op: string, A: Tensor, UPLO: string, vectors: boolean): Named<'eigenvalues' | 'eigenvectors'> {
  if (UPLO !== 'L' && UPLO !== 'U') throw new RangeError(`Expected UPLO argument to be 'L' or 'U', but got ${UPLO}`);
  const b = readBatch(op, A, true);
  const n = b.n;
  const width = n + n * n;
  const packed = new Float64Array(b.count * width);
  const s = new Float64Array(n * n);
  for (let i = 0; i < b.count; i++) {
    const o = i * n * n;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const fromLower = UPLO === 'L' ? r >= c : r <= c;
        s[r * n + c] = fromLower ? b.data[o + r * n + c] : b.data[o + c * n + r];
      }
    }
    const { L, V } = jacobiEigh(s, n);
    packed.set(L, i * width);
    packed.set(V, i * width + n);
  }
  const values = out(packed, [...b.batch, width], A.dtype);
  const all = record(values, 'LinalgEighBackward0', [A], (g) => {
    const [gL, gV] = unpack(g, [{ size: n, shape: [...b.batch, n] }, { size: n * n, shape: [...b.batch, n, n] }]);
    const [L, V] = unpack(values, [{ size: n, shape: [...b.batch, n] }, { size: n * n, shape: [...b.batch, n, n] }]);
    // PyTorch's eigh backward: gA = V (diag(gL) + skew(V^T gV) / (L_j - L_i)) V^T
    const VtgV = matmul(V.mT, gV);
    const skew = mul(sub(VtgV, VtgV.mT), 0.5);
    const E = sub(unsqueeze(L, -2), unsqueeze(L, -1));
    const eye = diag_embed(expand(out([1], [1], A.dtype), [...b.batch, n]));
    const inner = add(div(skew, add(E, eye)), diag_embed(gL));
    return [matmul(matmul(V, inner), V.mT)];
  });
  const [L, V] = unpack(all, [{ size: n, shape: [...b.batch, n] }, { size: n * n, shape: [...b.batch, n, n] }]);
  return vectors ? named({ eigenvalues: L, eigenvectors: V }) : named({ eigenvalues: L, eigenvectors: L });
}

/** torch.linalg.eigvalsh(A, UPLO = 'L'): the eigenvalues of symmetric matrices, ascending. */
export function eigvalsh(A: Tensor, UPLO: 'L' | 'U' | { UPLO?: string } = 'L'): Tensor {
  const a = resolveArgs<{ UPLO: string }>('linalg_eigvalsh', ['UPLO'], { UPLO: 'L' }, arguments, 1);
  return eighOf('linalg.eigvalsh', A, a.UPLO, false).eigenvalues;
}

// ---------------------------------------------------------------------------------------------- svd

/**
 * One-sided Jacobi SVD of the m x n (m >= n) matrix at a[off..]: U (m x ucols), S (n, descending) and V (n x n),
 * U's columns completed to an orthonormal set (for zero singular values and for full_matrices).
 */
function jacobiSVD(a: Float64Array, off: number, m: number, n: number, ucols: number): { U: Float64Array; S: Float64Array; V: Float64Array } {
  const W = a.slice(off, off + m * n); // columns rotate toward orthogonality
  const V = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < m; k++) {
          const [x, y] = [W[k * n + p], W[k * n + q]];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < m; k++) {
          const [x, y] = [W[k * n + p], W[k * n + q]];
          W[k * n + p] = c * x - s * y;
          W[k * n + q] = s * x + c * y;
        }
        for (let k = 0; k < n; k++) {
          const [x, y] = [V[k * n + p], V[k * n + q]];
          V[k * n + p] = c * x - s * y;
          V[k * n + q] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < m; k++) s += W[k * n + j] ** 2;
    return Math.sqrt(s);
  });
  const order = norms.map((_, j) => j).sort((i, j) => norms[j] - norms[i]);
  const S = Float64Array.from(order, (j) => norms[j]);
  const Vs = new Float64Array(n * n);
  for (let r = 0; r < n; r++) order.forEach((c, k) => (Vs[r * n + k] = V[r * n + c]));
  const U = new Float64Array(m * ucols);
  const tiny = (S[0] || 0) * m * 2 ** -52;
  const filled: number[] = [];
  order.forEach((c, k) => {
    if (k >= ucols || !(S[k] > tiny)) return;
    for (let r = 0; r < m; r++) U[r * ucols + k] = W[r * n + c] / S[k];
    filled.push(k);
  });
  completeBasis(U, m, ucols, filled);
  return { U, S, V: Vs };
}

/** Fills the columns of U (m x cols) not in `filled` with unit vectors orthogonal to the others (Gram-Schmidt on e_i). */
function completeBasis(U: Float64Array, m: number, cols: number, filled: number[]): void {
  const done = new Set(filled);
  let e = 0;
  for (let k = 0; k < cols; k++) {
    if (done.has(k)) continue;
    for (; e < m; e++) {
      const v = new Float64Array(m);
      v[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const j of done) {
          let d = 0;
          for (let r = 0; r < m; r++) d += U[r * cols + j] * v[r];
          for (let r = 0; r < m; r++) v[r] -= d * U[r * cols + j];
        }
      }
      const len = Math.hypot(...v);
      if (len > 1e-8) {
        for (let r = 0; r < m; r++) U[r * cols + k] = v[r] / len;
        done.add(k);
        e++;
        break;
      }
    }
  }
}

interface SVDParts {
  b: Batch;
  k: number;
  ucols: number;
  vrows: number;
  packed: Tensor;
}

/** SVDs of a batch packed as [U, S, Vh] per matrix; a wide matrix is done as its transpose. */
function svdPacked(op: string, A: Tensor, full: boolean): SVDParts {
  const b = readBatch(op, A, false);
  const { m, n } = b;
  const k = Math.min(m, n);
  const ucols = full ? m : k;
  const vrows = full ? n : k;
  const width = m * ucols + k + vrows * n;
  const packed = new Float64Array(b.count * width);
  const tall = m >= n;
  const at = new Float64Array(m * n);
  for (let i = 0; i < b.count; i++) {
    const o = i * width;
    if (tall) {
      const { U, S, V } = jacobiSVD(b.data, i * m * n, m, n, ucols);
      packed.set(U, o);
      packed.set(S, o + m * ucols);
      // Vh = V^T, its first vrows rows (V is n x n)
      for (let r = 0; r < vrows; r++) for (let c = 0; c < n; c++) packed[o + m * ucols + k + r * n + c] = V[c * n + r];
    } else {
      // A^T = V S U^T: its "U" (n x vrows) gives Vh, its "V" (m x m) gives U
      for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) at[c * m + r] = b.data[i * m * n + r * n + c];
      const { U, S, V } = jacobiSVD(at, 0, n, m, vrows);
      for (let r = 0; r < m; r++) for (let c = 0; c < ucols; c++) packed[o + r * ucols + c] = V[r * m + c];
      packed.set(S, o + m * ucols);
      for (let r = 0; r < vrows; r++) for (let c = 0; c < n; c++) packed[o + m * ucols + k + r * n + c] = U[c * vrows + r];
    }
  }
  return { b, k, ucols, vrows, packed: out(packed, [...b.batch, width], A.dtype) };
}

function svdParts(p: SVDParts, t: Tensor): Tensor[] {
  const { b, k, ucols, vrows } = p;
  return unpack(t, [
    { size: b.m * ucols, shape: [...b.batch, b.m, ucols] },
    { size: k, shape: [...b.batch, k] },
    { size: vrows * b.n, shape: [...b.batch, vrows, b.n] },
  ]);
}

/**
 * torch.linalg.svd(A, full_matrices = true): (U, S, Vh) with A = U diag(S) Vh, S descending. Singular vectors'
 * signs are not unique. Gradients are PyTorch's (they are well defined for distinct, non-zero singular values and
 * losses that do not depend on the vectors' signs).
 */
export function svd(A: Tensor, full_matrices: boolean | { full_matrices?: boolean } = true): Named<'U' | 'S' | 'Vh'> {
  const a = resolveArgs<{ full_matrices: boolean }>('linalg_svd', ['full_matrices'], { full_matrices: true }, arguments, 1);
  const [U, S, Vh] = svdRecorded('linalg.svd', A, a.full_matrices);
  return named({ U, S, Vh });
}

function svdRecorded(op: string, A: Tensor, full: boolean): Tensor[] {
  const p = svdPacked(op, A, full);
  const all = record(p.packed, 'LinalgSvdBackward0', [A], (g) => {
    const [gUfull, gS, gVhfull] = svdParts(p, g);
    const [Ufull, S, Vhfull] = svdParts(p, p.packed);
    // only the first k singular vectors enter the gradient (PyTorch narrows full_matrices' gU and gVh the same way)
    const [m, n, k] = [p.b.m, p.b.n, p.k];
    const U = narrow(Ufull, -1, 0, k);
    const Vh = narrow(Vhfull, -2, 0, k);
    const gU = narrow(gUfull, -1, 0, k);
    const gVh = narrow(gVhfull, -2, 0, k);
    const withU = !isZero(gU);
    const withV = !isZero(gVh);
    if (!withU && !withV) return [matmul(mul(U, unsqueeze(gS, -2)), Vh)]; // dS = diag(U^T dA V)
    // PyTorch's svd_backward: gA = U [(skew(U^T gU) S + S skew(Vh gVh^T)) / E + diag(gS)] Vh, E_ij = S_j^2 - S_i^2,
    // plus the parts of gU (gVh) outside U's (Vh's) span when A is tall (wide)
    const skew = (X: Tensor) => sub(X, X.mT);
    const S2 = mul(S, S);
    const ones = diag_embed(expand(out([1], [1], A.dtype), S.shape));
    const E = add(sub(unsqueeze(S2, -2), unsqueeze(S2, -1)), ones);
    let inner = diag_embed(gS);
    if (withU) inner = add(inner, div(mul(skew(matmul(U.mT, gU)), unsqueeze(S, -2)), E));
    if (withV) inner = add(inner, div(mul(unsqueeze(S, -1), skew(matmul(Vh, gVh.mT))), E));
    let gA = matmul(matmul(U, inner), Vh);
    if (m > n && withU) {
      const gUSinv = div(gU, unsqueeze(S, -2));
      gA = add(gA, matmul(sub(gUSinv, matmul(U, matmul(U.mT, gUSinv))), Vh));
    } else if (m < n && withV) {
      const SinvgVh = div(gVh, unsqueeze(S, -1));
      gA = add(gA, matmul(U, sub(SinvgVh, matmul(matmul(SinvgVh, Vh.mT), Vh))));
    }
    return [gA];
  });
  return svdParts(p, all);
}

const isZero = (t: Tensor) => (t.contiguous()._contiguousData() as ArrayLike<number>).length === 0 || Array.prototype.every.call(t.contiguous()._contiguousData(), (v: number) => v === 0);

/** torch.linalg.svdvals(A): the singular values, descending (differentiable). */
export function svdvals(A: Tensor): Tensor {
  checkArgs('linalg_svdvals', arguments, 1);
  return svdRecorded('linalg.svdvals', A, false)[1];
}

/** torch.svd(input, some = true, compute_uv = true): the older form, returning V (not Vh). */
export function svd_deprecated(input: Tensor, some: boolean | { some?: boolean; compute_uv?: boolean } = true, compute_uv = true): Named<'U' | 'S' | 'V'> {
  const a = resolveArgs<{ some: boolean; compute_uv: boolean }>('svd', ['some', 'compute_uv'], { some: true, compute_uv: true }, arguments, 1);
  const [U, S, Vh] = svdRecorded('svd', input, !a.some);
  return named({ U, S, V: Vh.mT });
}

// ------------------------------------------------------------------------------- pinv, rank, lstsq

interface TolOptions {
  atol?: number | null;
  rtol?: number | null;
  hermitian?: boolean;
}

/** PyTorch's cutoff for "zero" singular values: max(atol, rtol * largest), rtol defaulting to eps * max(m, n). */
function cutoff(S: Float64Array, o: number, k: number, m: number, n: number, dtype: DType, opts: TolOptions): number {
  const atol = opts.atol ?? 0;
  const rtol = opts.rtol ?? (opts.atol != null && opts.atol > 0 ? 0 : EPS[dtype] * Math.max(m, n));
  let smax = 0;
  for (let i = 0; i < k; i++) smax = Math.max(smax, S[o + i]);
  return Math.max(atol, rtol * smax);
}

/**
 * torch.linalg.pinv(A, *, atol = None, rtol = None, hermitian = False) (or pinv(A, rcond)): the pseudo-inverse
 * V diag(1/S) U^T over the singular values above the cutoff. Its gradient is the pseudo-inverse's (constant rank).
 */
export function pinv(A: Tensor, rcond?: number | TolOptions, options?: TolOptions): Tensor {
  checkArgs('linalg_pinv', arguments, 2, ['atol', 'rtol', 'hermitian', 'rcond']);
  let opts: TolOptions = (isOptions(rcond) ? rcond : options) ?? {};
  if (typeof rcond === 'number') opts = { ...opts, rtol: rcond };
  if (isOptions(rcond) && typeof (rcond as { rcond?: number }).rcond === 'number') opts = { ...opts, rtol: (rcond as { rcond: number }).rcond };
  return pinvOf('linalg.pinv', A, opts);
}

function pinvOf(op: string, A: Tensor, opts: TolOptions): Tensor {
  const p = svdPacked(op, A, false);
  const { b, k } = p;
  const { m, n } = b;
  const width = m * k + k + k * n;
  const data = Float64Array.from(p.packed._contiguousData() as ArrayLike<number>);
  const X = new Float64Array(b.count * n * m);
  for (let i = 0; i < b.count; i++) {
    const o = i * width;
    const cut = cutoff(data, o + m * k, k, m, n, A.dtype, opts);
    for (let j = 0; j < k; j++) {
      const s = data[o + m * k + j];
      if (!(s > cut) || s === 0) continue;
      // X += v_j u_j^T / s_j
      for (let r = 0; r < n; r++) {
        const v = data[o + m * k + k + j * n + r] / s;
        for (let c = 0; c < m; c++) X[i * n * m + r * m + c] += v * data[o + c * k + j];
      }
    }
  }
  const result = out(X, [...b.batch, n, m], A.dtype);
  // Golub & Pereyra: gA = -X^T g X^T + (I - A X) g^T X X^T + X^T X g^T (I - X A)
  return record(result, 'LinalgPinvBackward0', [A], (g) => {
    const x = result.detach();
    const a = A.detach();
    const gt = g.mT;
    const Im = eyeLike(m, A.dtype);
    const In = eyeLike(n, A.dtype);
    const t1 = neg(matmul(matmul(x.mT, g), x.mT));
    const t2 = matmul(matmul(sub(Im, matmul(a, x)), gt), matmul(x, x.mT));
    const t3 = matmul(matmul(matmul(x.mT, x), gt), sub(In, matmul(x, a)));
    return [add(add(t1, t2), t3)];
  });
}

const eyeLike = (n: number, dtype: DType) => out(identity(n), [n, n], dtype);

/** torch.pinverse(input, rcond = 1e-15). */
export function pinverse(input: Tensor, rcond: number | { rcond?: number } = 1e-15): Tensor {
  const a = resolveArgs<{ rcond: number }>('pinverse', ['rcond'], { rcond: 1e-15 }, arguments, 1);
  return pinvOf('pinverse', input, { rtol: a.rcond });
}

/** torch.linalg.matrix_rank(A, *, atol = None, rtol = None, hermitian = False): singular values above the cutoff (int64). */
export function matrix_rank(A: Tensor, tol?: number | (TolOptions & { tol?: number | null }), options?: TolOptions & { tol?: number | null }): Tensor {
  checkArgs('linalg_matrix_rank', arguments, 2, ['atol', 'rtol', 'hermitian', 'tol']);
  let opts: TolOptions & { tol?: number | null } = (isOptions(tol) ? tol : options) ?? {};
  if (typeof tol === 'number') opts = { ...opts, atol: tol, rtol: 0 };
  if (opts.tol != null) opts = { ...opts, atol: opts.tol, rtol: 0 };
  const p = svdPacked('linalg.matrix_rank', A, false);
  const { b, k } = p;
  const { m, n } = b;
  const width = m * k + k + k * n;
  const data = p.packed._contiguousData();
  const ranks = Array.from({ length: b.count }, (_, i) => {
    const o = i * width + m * k;
    const cut = cutoff(Float64Array.from(data.subarray(o, o + k) as ArrayLike<number>), 0, k, m, n, A.dtype, opts);
    let r = 0;
    for (let j = 0; j < k; j++) if (data[o + j] > cut) r++;
    return r;
  });
  return new Tensor(Float64Array.from(ranks), b.batch, 'int64');
}

/**
 * torch.linalg.lstsq(A, B, rcond = None, *, driver = None): the least-squares solution pinv(A) @ B (whatever the
 * driver; only it is differentiable), with the other fields as each of PyTorch's CPU drivers reports them: residuals (the squared residuals,
 * when A is tall and of full rank) except for 'gelsy' (the default), rank except for 'gels', singular_values for
 * 'gelsd' and 'gelss'; the others empty.
 */
export function lstsq(A: Tensor, B: Tensor, rcond?: number | null | { rcond?: number | null; driver?: string | null }, options?: { driver?: string | null }): Named<'solution' | 'residuals' | 'rank' | 'singular_values'> {
  const a = resolveArgs<{ rcond: number | null; driver: string | null }>('linalg_lstsq', ['rcond', 'driver'], { rcond: null, driver: null }, arguments, 2);
  void rcond, options;
  checkTensor('linalg_lstsq', A, 'A');
  checkTensor('linalg_lstsq', B, 'B', 2);
  const driver = a.driver ?? 'gelsy';
  if (!['gels', 'gelsy', 'gelsd', 'gelss'].includes(driver)) {
    throw new RangeError(`torch.linalg.lstsq: parameter \`driver\` should be one of (gels, gelsy, gelsd, gelss)`);
  }
  if (A.dim() < 2) throw new RangeError('torch.linalg.lstsq: input must have at least 2 dimensions.');
  const vector = B.dim() === A.dim() - 1;
  const Bm = vector ? unsqueeze(B, -1) : B;
  if (Bm.dim() !== A.dim() || Bm.shape[Bm.dim() - 2] !== A.shape[A.dim() - 2]) {
    throw new RangeError(`torch.linalg.lstsq: input.size(-2) should match other.size(-2)`);
  }
  const opts = { rtol: a.rcond ?? undefined };
  const X = matmul(pinvOf('linalg.lstsq', A, opts), Bm);
  const empty = (dtype: DType) => new Tensor(new (storageClass(dtype))(0), [0], dtype);
  const [m, n] = A.shape.slice(-2);
  const rank = matrix_rank(A.detach(), opts);
  const fullRank = (rank._contiguousData() as ArrayLike<number>).length === 0 || Array.prototype.every.call(rank._contiguousData(), (r: number) => r === n);
  let residuals = empty(A.dtype);
  // (not differentiable in PyTorch: only the solution is)
  if (driver !== 'gelsy' && m > n && fullRank) residuals = sum(matmul(A.detach(), X.detach()).sub(Bm.detach()).square(), -2);
  return named({
    solution: vector ? squeeze(X, -1) : X,
    residuals,
    rank: driver === 'gels' ? empty('int64') : rank,
    singular_values: driver === 'gelsd' || driver === 'gelss' ? svdvals(A.detach()) : empty(A.dtype),
  });
}

// -------------------------------------------------------------------------------------------- norms

type Ord = number | 'fro' | 'nuc';
interface NormArgs {
  ord?: Ord | null;
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
  dtype?: DType | null;
}

function withDtype(op: string, A: Tensor, dtype: DType | null | undefined): Tensor {
  const t = checkTensor(op.replace('linalg.', 'linalg_'), A);
  if (dtype) return cast(t, dtype);
  if (!isFloating(t.dtype)) throw new TypeError(`${op}: Expected a floating point or complex tensor as input. Got ${t.dtype === 'int64' ? 'Long' : t.dtype}`);
  return t;
}

/** torch.linalg.vector_norm(x, ord = 2, dim = None, keepdim = False, *, dtype = None). */
export function vector_norm(x: Tensor, ord?: number | NormArgs, dim?: number | readonly number[] | null | NormArgs, keepdim?: boolean | NormArgs, options?: NormArgs): Tensor {
  const a = resolveArgs<NormArgs>('linalg_vector_norm', ['ord', 'dim', 'keepdim', 'dtype'], { ord: 2, dim: null, keepdim: false, dtype: null }, arguments, 1);
  void ord, dim, keepdim, options;
  const t = withDtype('linalg.vector_norm', x, a.dtype);
  if (typeof a.ord !== 'number') throw new TypeError(`linalg.vector_norm(): argument 'ord' must be Number, not ${typeName(a.ord)}`);
  const dims = a.dim ?? null;
  if (a.ord === 0) return sum(compare('ne', t, 0).to(t.dtype), dims === null ? undefined : dims, a.keepdim);
  return reduceNorm(t, a.ord, dims, a.keepdim);
}

/** torch.linalg.matrix_norm(A, ord = 'fro', dim = (-2, -1), keepdim = False, *, dtype = None). */
export function matrix_norm(A: Tensor, ord?: Ord | NormArgs, dim?: readonly number[] | NormArgs, keepdim?: boolean | NormArgs, options?: NormArgs): Tensor {
  const a = resolveArgs<NormArgs>('linalg_matrix_norm', ['ord', 'dim', 'keepdim', 'dtype'], { ord: 'fro', dim: [-2, -1], keepdim: false, dtype: null }, arguments, 1);
  void ord, dim, keepdim, options;
  return matrixNorm('linalg.matrix_norm', withDtype('linalg.matrix_norm', A, a.dtype), a.ord ?? 'fro', (a.dim ?? [-2, -1]) as number[], a.keepdim ?? false);
}

function matrixNorm(op: string, A: Tensor, ord: Ord, dimArg: readonly number[], keepdim: boolean): Tensor {
  if (A.dim() < 2) throw new RangeError(`${op}: The input tensor A must have at least 2 dimensions.`);
  if (!Array.isArray(dimArg) || dimArg.length !== 2) throw new RangeError(`${op}: dim must be a 2-tuple. Got ${String(dimArg)}`);
  const [d0, d1] = dimArg.map((d) => normalizeDim(op, d, A.dim()));
  if (d0 === d1) throw new RangeError(`${op}: dims must be different. Got (${dimArg[0]}, ${dimArg[1]})`);
  if (ord === 'fro') return reduceNorm(A, 2, [d0, d1], keepdim);
  if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    // 1: max over columns of the column sums of |A|; inf: max over rows of the row sums
    const [first, second] = ord === 1 || ord === -1 ? [d0, d1] : [d1, d0];
    const pick = ord > 0 ? amax : amin;
    const r = pick(sum(abs(A), first, true), second, true);
    return keepdim ? r : squeeze(squeeze(r, Math.max(d0, d1)), Math.min(d0, d1));
  }
  if (ord === 'nuc' || ord === 2 || ord === -2) {
    const moved = moveToEnd(A, d0, d1);
    const S = svdvals(moved);
    const r = ord === 'nuc' ? sum(S, -1) : ord === 2 ? amax(S, -1) : amin(S, -1);
    if (!keepdim) return r;
    return unsqueeze(unsqueeze(r, Math.min(d0, d1)), Math.max(d0, d1));
  }
  throw new RangeError(`${op}: Order ${String(ord)} not supported.`);
}

function moveToEnd(A: Tensor, d0: number, d1: number): Tensor {
  const rest = A.shape.map((_, d) => d).filter((d) => d !== d0 && d !== d1);
  return A.permute([...rest, d0, d1]);
}

/** torch.linalg.norm(A, ord = None, dim = None, keepdim = False, *, dtype = None): a vector or matrix norm by ord and dim. */
export function linalg_norm(A: Tensor, ord?: Ord | null | NormArgs, dim?: number | readonly number[] | null | NormArgs, keepdim?: boolean | NormArgs, options?: NormArgs): Tensor {
  const a = resolveArgs<NormArgs>('linalg_norm', ['ord', 'dim', 'keepdim', 'dtype'], { ord: null, dim: null, keepdim: false, dtype: null }, arguments, 1);
  void ord, dim, keepdim, options;
  const t = withDtype('linalg.norm', A, a.dtype);
  const dims = typeof a.dim === 'number' ? [a.dim] : (a.dim as number[] | null);
  if (dims !== null && dims.length === 2) return matrixNorm('linalg.norm', t, a.ord ?? 'fro', dims, a.keepdim ?? false);
  if (dims !== null && dims.length === 1) return vector_norm(t, { ord: (a.ord ?? 2) as number, dim: dims, keepdim: a.keepdim });
  if (dims !== null) throw new RangeError(`linalg.norm: If dim is specified, it must be of length 1 or 2. Got ${fmtShape(dims)}`);
  if (a.ord === null || a.ord === undefined) return vector_norm(t, { ord: 2, dim: null, keepdim: a.keepdim });
  if (typeof a.ord === 'string' && t.dim() !== 2) throw new RangeError(`linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${t.dim()}D.`);
  if (t.dim() === 1) return vector_norm(t, { ord: a.ord as number, keepdim: a.keepdim });
  if (t.dim() === 2) return matrixNorm('linalg.norm', t, a.ord, [-2, -1], a.keepdim ?? false);
  throw new RangeError(`linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${t.dim()}D.`);
}

/**
 * torch.matrix_exp(A): exp(A) of a (batch of) square matrix, by scaling and squaring, exp(A) = exp(A / 2^s)^(2^s)
 * with ||A / 2^s||_1 <= 1/2, and the Taylor series of degree 12 for the scaled matrix (a truncation error below
 * 1e-13; PyTorch uses Pade-like polynomials, so the last bits differ), all in matmuls so autograd differentiates it.
 */
export function matrix_exp(A: Tensor): Tensor {
  checkArgs('matrix_exp', arguments, 1);
  checkTensor('matrix_exp', A);
  if (!isFloating(A.dtype)) throw new TypeError(`matrix_exp: Expected a floating point or complex tensor as input. Got ${A.dtype === 'int64' ? 'Long' : A.dtype === 'int32' ? 'Int' : 'Bool'}`);
  if (A.dim() < 2) throw new RangeError('linalg.matrix_exp: The input tensor A must have at least 2 dimensions.');
  const [m, n] = A.shape.slice(-2);
  if (m !== n) throw new RangeError(`linalg.matrix_exp: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const norm1 = no_grad(() => (A.numel() ? (A.abs().sum(-2).max().item() as number) : 0));
  const s = norm1 > 0.5 ? Math.ceil(Math.log2(norm1 / 0.5)) : 0;
  const X = s ? A.div(2 ** s) : A;
  const I = eye(n, { dtype: A.dtype });
  let term: Tensor = I;
  let sum: Tensor = I;
  for (let k = 1; k <= 12; k++) {
    term = matmul(term, X).div(k);
    sum = sum.add(term);
  }
  for (let i = 0; i < s; i++) sum = matmul(sum, sum);
  return sum;
}
