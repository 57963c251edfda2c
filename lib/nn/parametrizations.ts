// torch.nn.utils.parametrizations, as PyTorch 1.13's torch/nn/utils/parametrizations.py: orthogonal (the weight
// as an orthogonal matrix, through the matrix exponential or the Cayley map of a skew-symmetric matrix, or a
// product of Householder reflectors) and the parametrization form of spectral_norm, both registered with
// parametrize.register_parametrization. The maps are composed from tensor ops, so autograd reaches `original`.
import { Tensor, fromValues, typeName } from '../tensor';
import { no_grad } from '../autograd';
import { resolveArgs } from '../args';
import { eye, zeros, randn } from '../ops/creation';
import { cat } from '../ops/shape';
import { matmul } from '../ops/linalg';
import { matrix_exp, solve } from '../ops/linalg_decomp';
import { normalize } from './functional';
import { Module } from './module';
import * as conv from './conv';
import { NotImplementedError, register_parametrization } from './parametrize';

/** Python's float32 / float64 machine epsilon (torch.finfo(dtype).eps). */
const EPS: Record<string, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/**
 * torch.linalg.householder_product(A, tau) composed from tensor ops: the first k columns of H_1 ... H_k, with
 * H_i = I - tau_i v_i v_i^T and v_i column i of A below the diagonal, 1 on it, 0 above (LAPACK's reflectors).
 */
function householderProduct(A: Tensor, tau: Tensor): Tensor {
  const [n, k] = A.shape.slice(-2);
  const V = A.tril(-1).add(eye(n, k, { dtype: A.dtype }));
  let Q: Tensor = eye(n, k, { dtype: A.dtype });
  for (let i = k - 1; i >= 0; i--) {
    const v = V.slice(-1, i, i + 1);
    const t = tau.slice(-1, i, i + 1).unsqueeze(-1);
    Q = Q.sub(matmul(v.mul(t), matmul(v.mT, Q)));
  }
  return Q;
}

/**
 * torch.geqrf(A) of a batch of tall matrices, in float64 JS loops as LAPACK's dgeqrf computes it: R on and above
 * the diagonal, the reflectors' vectors below (their leading 1 implied), and tau; a column already zero below the
 * diagonal gets tau = 0 (no reflection).
 */
function geqrf(A: Tensor): [Tensor, Tensor] {
  const [m, n] = A.shape.slice(-2);
  const batch = A.shape.slice(0, -2);
  const count = A.numel() / (m * n || 1);
  const a = Float64Array.from(A.detach().contiguous().data as ArrayLike<number>);
  const k = Math.min(m, n);
  const taus = new Float64Array(count * k);
  for (let b = 0; b < count; b++) {
    const R = a.subarray(b * m * n, (b + 1) * m * n);
    for (let j = 0; j < k; j++) {
      const alpha = R[j * n + j];
      let xnorm = 0;
      for (let i = j + 1; i < m; i++) xnorm += R[i * n + j] ** 2;
      xnorm = Math.sqrt(xnorm);
      if (xnorm === 0) continue; // tau = 0
      const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
      const tau = (beta - alpha) / beta;
      const scale = 1 / (alpha - beta);
      for (let i = j + 1; i < m; i++) R[i * n + j] *= scale;
      R[j * n + j] = beta;
      taus[b * k + j] = tau;
      // the rest of the matrix times H = I - tau v v^T, v = (1, R[j+1.., j])
      for (let c = j + 1; c < n; c++) {
        let dot = R[j * n + c];
        for (let i = j + 1; i < m; i++) dot += R[i * n + j] * R[i * n + c];
        dot *= tau;
        R[j * n + c] -= dot;
        for (let i = j + 1; i < m; i++) R[i * n + c] -= dot * R[i * n + j];
      }
    }
  }
  return [fromValues(a, A.shape, A.dtype), fromValues(taus, [...batch, k], A.dtype)];
}

/** PyTorch's _is_orthogonal: Q^T Q is the identity within 10 n eps. */
function isOrthogonal(Q: Tensor): boolean {
  const [n, k] = Q.shape.slice(-2);
  return matmul(Q.mT, Q).allclose(eye(k, { dtype: Q.dtype }), { atol: 10 * n * EPS[Q.dtype] });
}

/** PyTorch's _make_orthogonal: the Q of A's QR decomposition with R's diagonal made non-negative. */
function makeOrthogonal(A: Tensor): Tensor {
  const [X, tau] = geqrf(A);
  return householderProduct(X, tau).mul(X.diagonal(0, -2, -1).sign().unsqueeze(-2));
}

type OrthogonalMap = 'matrix_exp' | 'cayley' | 'householder';

/** PyTorch's _Orthogonal: the parametrization module orthogonal registers (see `orthogonal`). */
export class _Orthogonal extends Module {
  declare base: Tensor | null;
  readonly shape: readonly number[];
  readonly orthogonal_map: OrthogonalMap;

  constructor(weight: Tensor, orthogonal_map: OrthogonalMap, options: { use_trivialization?: boolean } = {}) {
    super();
    this.shape = weight.shape;
    this.orthogonal_map = orthogonal_map;
    if (options.use_trivialization ?? true) this.register_buffer('base', null);
  }

  private get trivialization(): boolean {
    return this._buffers.has('base');
  }

  override forward(X: Tensor): Tensor {
    let [n, k] = X.shape.slice(-2);
    const transposed = n < k;
    if (transposed) {
      X = X.mT;
      [n, k] = [k, n];
    }
    // X is tall: n >= k
    let Q: Tensor;
    if (this.orthogonal_map === 'matrix_exp' || this.orthogonal_map === 'cayley') {
      // n k - k (k - 1) / 2 parameters: the lower triangle, embedded in a square matrix
      let L = X.tril();
      if (n !== k) L = cat([L, zeros(n, n - k, { dtype: X.dtype }).expand([...X.shape.slice(0, -2), n, n - k])], -1);
      const A = L.sub(L.mT); // skew-symmetric
      if (this.orthogonal_map === 'matrix_exp') Q = matrix_exp(A);
      else {
        // the Cayley retraction (I + A/2)(I - A/2)^{-1}, as PyTorch computes it: solve(I - A/2, I + A/2)
        const I = eye(n, { dtype: A.dtype });
        Q = solve(I.sub(A.mul(0.5)), I.add(A.mul(0.5)));
      }
      if (n !== k) Q = Q.slice(-1, 0, k);
    } else {
      const A = X.tril(-1);
      const tau = A.mul(A).sum(-2).add(1).reciprocal().mul(2);
      // X's diagonal is +-1 (truncated to an int, as PyTorch's .int(): no gradient, no update)
      Q = householderProduct(A, tau).mul(X.detach().diagonal(0, -2, -1).trunc().unsqueeze(-2));
    }
    if (this.trivialization) Q = matmul(this.base as Tensor, Q);
    return transposed ? Q.mT : Q;
  }

  /** The unconstrained tensor whose forward is Q (for the trivialization: base = Q completed, original = -I). */
  right_inverse(Q: Tensor): Tensor {
    return no_grad(() => {
      if (Q.shape.join() !== this.shape.join()) {
        throw new RangeError(`Expected a matrix or batch of matrices of shape torch.Size([${this.shape.join(', ')}]). Got a tensor of shape torch.Size([${Q.shape.join(', ')}]).`);
      }
      const init = Q;
      let [n, k] = Q.shape.slice(-2);
      const transpose = n < k;
      if (transpose) {
        Q = Q.mT;
        [n, k] = [k, n];
      }
      if (!this.trivialization) {
        if (this.orthogonal_map !== 'householder') {
          throw new NotImplementedError('It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.');
        }
        // the reflectors of Q's QR, with R's diagonal signs on the diagonal (flipped where no reflection was
        // needed, as forward reflects every column)
        const [A, tau] = geqrf(Q);
        const signs = A.diagonal(0, -2, -1).sign().mul(tau.eq(0).to(A.dtype).mul(-2).add(1));
        A.diagonal(0, -2, -1).copy_(signs);
        return transpose ? A.mT.contiguous() : A;
      }
      let base: Tensor;
      if (n === k) base = isOrthogonal(Q) ? Q.clone() : makeOrthogonal(Q);
      else {
        // completed to a square orthogonal matrix by random columns
        const N = randn([...Q.shape.slice(0, -2), n, n - k], { dtype: Q.dtype });
        base = makeOrthogonal(cat([Q, N], -1));
      }
      this.base = base;
      // -I: householder(zeros) is the identity with it, and so are the exponential and Cayley maps of its (zero) skew part
      return eye(init.shape[init.dim() - 2], init.shape[init.dim() - 1], { dtype: init.dtype }).neg().expand(init.shape).contiguous();
    });
  }
}

/**
 * parametrizations.orthogonal(module, name = 'weight', orthogonal_map = null, { use_trivialization = true }):
 * module[name] (a matrix or a batch of them) becomes orthogonal: orthonormal columns (rows if it is wide).
 * orthogonal_map defaults to 'matrix_exp' for square matrices and 'householder' otherwise.
 */
export function orthogonal<M extends Module>(
  module: M,
  name: string | { name?: string; orthogonal_map?: OrthogonalMap | null; use_trivialization?: boolean } = 'weight',
  orthogonal_map: OrthogonalMap | null | { orthogonal_map?: OrthogonalMap | null; use_trivialization?: boolean } = null,
  options?: { use_trivialization?: boolean },
): M {
  const op = 'orthogonal';
  const a = resolveArgs<{ name: string; orthogonal_map: OrthogonalMap | null; use_trivialization: boolean }>(op, ['name', 'orthogonal_map', 'use_trivialization'], { name: 'weight', orthogonal_map: null, use_trivialization: true }, arguments, 1);
  if (arguments.length > 3 && typeof options === 'boolean') throw new TypeError(`${op}() takes from 1 to 3 positional arguments but 4 were given`);
  if (!(module instanceof Module)) throw new TypeError(`${op}(): argument 'module' must be Module, not ${typeName(module)}`);
  const weight = (module as unknown as Record<string, unknown>)[a.name];
  if (!(weight instanceof Tensor)) throw new RangeError(`Module '${String(module)}' has no parameter or buffer with name '${a.name}'`);
  if (weight.dim() < 2) throw new RangeError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.dim()} dimensions.`);
  const map = a.orthogonal_map ?? (weight.shape[weight.dim() - 2] === weight.shape[weight.dim() - 1] ? 'matrix_exp' : 'householder');
  if (!['matrix_exp', 'cayley', 'householder'].includes(map)) {
    throw new RangeError(`orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${String(map)}`);
  }
  const orth = new _Orthogonal(weight, map, { use_trivialization: a.use_trivialization });
  register_parametrization(module, a.name, orth, { unsafe: true });
  return module;
}

/** PyTorch's _SpectralNorm: the parametrization module spectral_norm registers (see `spectral_norm`). */
export class _SpectralNorm extends Module {
  declare _u: Tensor;
  declare _v: Tensor;
  readonly dim: number;
  readonly eps: number;
  readonly n_power_iterations: number;

  constructor(weight: Tensor, n_power_iterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.dim();
    if (dim >= ndim || dim < -ndim) throw new RangeError(`Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`);
    if (n_power_iterations <= 0) throw new RangeError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    this.n_power_iterations = n_power_iterations;
    if (ndim > 1) {
      // u and v start random and are refined by 15 power iterations (a 1-D weight is simply normalized)
      const mat = this.asMatrix(weight);
      const [h, w] = mat.shape;
      no_grad(() => {
        this.register_buffer('_u', normalize(randn(h, { dtype: weight.dtype }), 2, 0, eps));
        this.register_buffer('_v', normalize(randn(w, { dtype: weight.dtype }), 2, 0, eps));
      });
      this.powerMethod(mat, 15);
    }
  }

  /** The weight as a matrix: `dim` first, the rest flattened. */
  private asMatrix(weight: Tensor): Tensor {
    const moved = this.dim === 0 ? weight : weight.permute(this.dim, ...weight.shape.map((_, d) => d).filter((d) => d !== this.dim));
    return moved.reshape(moved.shape[0], -1);
  }

  /** Power iterations updating _u and _v in place (without autograd). */
  private powerMethod(mat: Tensor, iterations: number): void {
    no_grad(() => {
      for (let i = 0; i < iterations; i++) {
        this._u.copy_(normalize(matmul(mat, this._v), 2, 0, this.eps));
        this._v.copy_(normalize(matmul(mat.t(), this._u), 2, 0, this.eps));
      }
    });
  }

  override forward(weight: Tensor): Tensor {
    if (weight.dim() === 1) return normalize(weight, 2, 0, this.eps);
    const mat = this.asMatrix(weight);
    if (this.training) this.powerMethod(mat, this.n_power_iterations);
    // copies: a later call's in-place update must not change what this call's backward uses
    const u = this._u.clone();
    const v = this._v.clone();
    return weight.div(u.dot(matmul(mat, v)));
  }

  right_inverse(value: Tensor): Tensor {
    return value;
  }
}

/** Whether the module is a transposed convolution, whose weight has the output channels in dim 1. */
function isConvTranspose(module: Module): boolean {
  return [conv.ConvTranspose1d, conv.ConvTranspose2d, conv.ConvTranspose3d].some((cls) => typeof cls === 'function' && module instanceof cls);
}

export interface SpectralNormOptions {
  name?: string;
  n_power_iterations?: number;
  eps?: number;
  dim?: number | null;
}

/**
 * parametrizations.spectral_norm(module, name = 'weight', n_power_iterations = 1, eps = 1e-12, dim = null):
 * module[name] divided by its largest singular value, estimated by power iteration (n_power_iterations per
 * access in training mode). dim null is 1 for transposed convolutions and 0 otherwise.
 */
export function spectral_norm<M extends Module>(
  module: M,
  name: string | SpectralNormOptions = 'weight',
  n_power_iterations: number | SpectralNormOptions = 1,
  eps: number | SpectralNormOptions = 1e-12,
  dim: number | null | SpectralNormOptions = null,
): M {
  const op = 'spectral_norm';
  const a = resolveArgs<SpectralNormOptions>(op, ['name', 'n_power_iterations', 'eps', 'dim'], { name: 'weight', n_power_iterations: 1, eps: 1e-12, dim: null }, arguments, 1);
  if (!(module instanceof Module)) throw new TypeError(`${op}(): argument 'module' must be Module, not ${typeName(module)}`);
  const key = a.name as string;
  const weight = (module as unknown as Record<string, unknown>)[key];
  if (!(weight instanceof Tensor)) throw new RangeError(`Module '${String(module)}' has no parameter or buffer with name '${key}'`);
  if (!Number.isInteger(a.n_power_iterations)) throw new TypeError(`${op}(): argument 'n_power_iterations' must be int, not ${typeName(a.n_power_iterations)}`);
  if (typeof a.eps !== 'number') throw new TypeError(`${op}(): argument 'eps' must be float, not ${typeName(a.eps)}`);
  const d = a.dim ?? (isConvTranspose(module) ? 1 : 0);
  if (!Number.isInteger(d)) throw new TypeError(`${op}(): argument 'dim' must be int, not ${typeName(d)}`);
  register_parametrization(module, key, new _SpectralNorm(weight, a.n_power_iterations, d, a.eps));
  return module;
}
