// torch.distributions.Exponential(rate) and Laplace(loc, scale), both reparameterizable.
import type { Tensor } from '../tensor';
import * as torch from '../index';
import { Distribution, checkSize, epsOf, type Size, type ValidateOption } from './distribution';
import { nonnegative, positive, type Constraint } from './constraints';
import { LocScale } from './normal';

type ExponentialArgs = { rate?: Tensor | number } & ValidateOption;

export class Exponential extends Distribution {
  rate!: Tensor;
  override has_rsample = true;

  constructor(rate: Tensor | number | ExponentialArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    this._initParams('Exponential', ['rate'], arguments);
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { rate: positive };
  }
  override get support(): Constraint {
    return nonnegative;
  }
  override get mean(): Tensor {
    return torch.reciprocal(this.rate);
  }
  override get mode(): Tensor {
    return torch.zeros_like(this.rate);
  }
  override get stddev(): Tensor {
    return torch.reciprocal(this.rate);
  }
  override get variance(): Tensor {
    return this.rate.pow(-2);
  }

  override expand(batch_shape: Size, _instance?: Distribution): Exponential {
    return this._expandParams<Exponential>(batch_shape, _instance, ['rate']);
  }

  override rsample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('rsample', sample_shape));
    const e = torch.no_grad(() => torch.empty(shape, { dtype: this.rate.dtype }).exponential_());
    return torch.div(e, this.rate);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return torch.sub(torch.log(this.rate), torch.mul(this.rate, value));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return torch.neg(torch.expm1(torch.mul(torch.neg(this.rate), value)));
  }
  override icdf(value: Tensor): Tensor {
    return torch.div(torch.neg(torch.log1p(torch.neg(value))), this.rate);
  }
  override entropy(): Tensor {
    return torch.add(torch.neg(torch.log(this.rate)), 1);
  }
}

export class Laplace extends LocScale {
  override get stddev(): Tensor {
    return torch.mul(this.scale, Math.SQRT2);
  }
  override get variance(): Tensor {
    return torch.mul(this.scale.pow(2), 2);
  }

  /** Inverse-CDF sampling from u uniform on (eps - 1, 1): loc - scale * sign(u) * log1p(-|u|). */
  override rsample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('rsample', sample_shape));
    const eps = epsOf(this.loc);
    const u = torch.no_grad(() => torch.empty(shape, { dtype: this.loc.dtype }).uniform_(eps - 1, 1));
    return torch.sub(this.loc, torch.mul(torch.mul(this.scale, torch.sign(u)), torch.log1p(torch.neg(torch.abs(u)))));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return torch.sub(torch.neg(torch.log(torch.mul(this.scale, 2))), torch.div(torch.abs(torch.sub(value, this.loc)), this.scale));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const d = torch.sub(value, this.loc);
    return torch.add(torch.mul(torch.mul(torch.sign(d), -0.5), torch.expm1(torch.div(torch.neg(torch.abs(d)), this.scale))), 0.5);
  }
  override icdf(value: Tensor): Tensor {
    const term = torch.sub(value, 0.5);
    return torch.sub(this.loc, torch.mul(torch.mul(this.scale, torch.sign(term)), torch.log1p(torch.mul(torch.abs(term), -2))));
  }
  override entropy(): Tensor {
    return torch.add(torch.log(torch.mul(this.scale, 2)), 1);
  }
}
