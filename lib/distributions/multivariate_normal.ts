// torch.distributions.MultivariateNormal(loc, covariance_matrix | precision_matrix | scale_tril): the Gaussian over
// vectors, parameterized through the lower Cholesky factor L of the covariance (rsample = loc + L eps).
import { Tensor } from '../tensor';
import * as torch from '../index';
import { Distribution, checkSize, parseParams, type Size, type ValidateOption } from './distribution';
import { lower_cholesky, positive_definite, real_vector, type Constraint } from './constraints';

type MVNArgs = { loc?: Tensor; covariance_matrix?: Tensor | null; precision_matrix?: Tensor | null; scale_tril?: Tensor | null } & ValidateOption;

function store(d: object, name: string, value: Tensor): void {
  Object.defineProperty(d, name, { value, writable: true, configurable: true, enumerable: true });
}

/** L x for a batch of lower-triangular L [..., n, n] and vectors x [..., n] (batch dims broadcast). */
const batchMv = (L: Tensor, x: Tensor) => torch.matmul(L, x.unsqueeze(-1)).squeeze(-1);

/** L^-1 of lower-triangular L, reading only its lower triangle (so, as PyTorch's solve_triangular, no gradient above it). */
export const trilInverse = (L: Tensor) => torch.inverse(L.tril());

/** |L^-1 x|^2: the squared Mahalanobis distance of x under covariance L L^T. */
export function batchMahalanobis(L: Tensor, x: Tensor): Tensor {
  return batchMv(trilInverse(L), x).pow(2).sum(-1);
}

/** log det(L) of lower-triangular L: the sum of the logs of its diagonal. */
const halfLogDet = (L: Tensor) => torch.log(torch.diagonal(L, 0, -2, -1)).sum(-1);

export class MultivariateNormal extends Distribution {
  loc!: Tensor;
  _unbroadcasted_scale_tril!: Tensor;
  override has_rsample = true;

  constructor(loc: Tensor | MVNArgs, covariance_matrix?: Tensor | null | MVNArgs, precision_matrix?: Tensor | null | MVNArgs, scale_tril?: Tensor | null | MVNArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<MVNArgs>('MultivariateNormal.__init__', ['loc', 'covariance_matrix', 'precision_matrix', 'scale_tril', 'validate_args'], arguments);
    if (!(a.loc instanceof Tensor)) throw new TypeError(`MultivariateNormal(): loc must be a Tensor, not ${typeof a.loc}`);
    if (a.loc.dim() < 1) throw new RangeError('loc must be at least one-dimensional.');
    const given = (['covariance_matrix', 'precision_matrix', 'scale_tril'] as const).filter((k) => a[k] != null);
    if (given.length !== 1) throw new RangeError('Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.');
    const name = given[0];
    const matrix = a[name] as Tensor;
    if (!(matrix instanceof Tensor)) throw new TypeError(`MultivariateNormal(): ${name} must be a Tensor, not ${typeof matrix}`);
    if (matrix.dim() < 2) throw new RangeError(`${name === 'scale_tril' ? 'scale_tril matrix' : name} must be at least two-dimensional, with optional leading batch dimensions`);
    const batchShape = torch.broadcast_shapes(matrix.shape.slice(0, -2), a.loc.shape.slice(0, -1));
    store(this, name, matrix.expand([...batchShape, -1, -1]));
    this.loc = a.loc.expand([...batchShape, -1]);
    const n = this.loc.shape[this.loc.dim() - 1];
    this._init(batchShape, [n], a.validate_args);
    if (name === 'scale_tril') this._unbroadcasted_scale_tril = matrix;
    else if (name === 'covariance_matrix') this._unbroadcasted_scale_tril = torch.linalg.cholesky(matrix);
    else this._unbroadcasted_scale_tril = torch.linalg.cholesky(torch.inverse(matrix)); // covariance = P^-1
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { loc: real_vector, covariance_matrix: positive_definite, precision_matrix: positive_definite, scale_tril: lower_cholesky };
  }
  override get support(): Constraint {
    return real_vector;
  }
  get scale_tril(): Tensor {
    const L = this._unbroadcasted_scale_tril.expand([...this._batch_shape, ...this._event_shape, ...this._event_shape]);
    store(this, 'scale_tril', L);
    return L;
  }
  get covariance_matrix(): Tensor {
    const L = this._unbroadcasted_scale_tril;
    const cov = torch.matmul(L, L.transpose(-2, -1)).expand([...this._batch_shape, ...this._event_shape, ...this._event_shape]);
    store(this, 'covariance_matrix', cov);
    return cov;
  }
  get precision_matrix(): Tensor {
    const Linv = torch.inverse(this._unbroadcasted_scale_tril);
    const precision = torch.matmul(Linv.transpose(-2, -1), Linv).expand([...this._batch_shape, ...this._event_shape, ...this._event_shape]);
    store(this, 'precision_matrix', precision);
    return precision;
  }
  override get mean(): Tensor {
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return this._unbroadcasted_scale_tril.pow(2).sum(-1).expand([...this._batch_shape, ...this._event_shape]);
  }

  override expand(batch_shape: Size, _instance?: Distribution): MultivariateNormal {
    const d = this._get_checked_instance<MultivariateNormal>(_instance);
    const n = this._event_shape[0];
    d.loc = this.loc.expand([...batch_shape, n]);
    d._unbroadcasted_scale_tril = this._unbroadcasted_scale_tril;
    for (const k of ['covariance_matrix', 'precision_matrix', 'scale_tril']) {
      if (this._hasParam(k)) store(d, k, (this as unknown as Record<string, Tensor>)[k].expand([...batch_shape, n, n]));
    }
    return this._expanded(d, batch_shape, this._event_shape);
  }

  override rsample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('rsample', sample_shape));
    const eps = torch.randn(shape, { dtype: this.loc.dtype });
    return torch.add(this.loc, batchMv(this._unbroadcasted_scale_tril, eps));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const L = this._unbroadcasted_scale_tril;
    const m = batchMahalanobis(L, torch.sub(value, this.loc));
    const k = this._event_shape[0];
    return torch.sub(torch.mul(torch.add(m, k * Math.log(2 * Math.PI)), -0.5), halfLogDet(L));
  }
  override entropy(): Tensor {
    const k = this._event_shape[0];
    const h = torch.add(halfLogDet(this._unbroadcasted_scale_tril), 0.5 * k * (1 + Math.log(2 * Math.PI)));
    return this._batch_shape.length === 0 ? h : h.expand(this._batch_shape);
  }
}
