// torch.distributions.Exponential(rate) and Laplace(loc, scale), both reparameterizable.
import type { Tensor } from '../tensor';
import * as torch from '../index';
import { Distribution, broadcast_all, checkSize, epsOf, parseParams, type Size, type ValidateOption } from './distribution';
import { nonnegative, positive, real, type Constraint } from './constraints';

type ExponentialArgs = { rate?: Tensor | number } & ValidateOption;

export class Exponential extends Distribution {
  rate!: Tensor;
  override has_rsample = true;

  constructor(rate: Tensor | number | ExponentialArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<ExponentialArgs>('Exponential.__init__', ['rate', 'validate_args'], arguments);
    if (a.rate === undefined) throw new TypeError("Exponential.__init__() missing 1 required positional argument: 'rate'");
    [this.rate] = broadcast_all(a.rate);
    this._init(this.rate.shape, [], a.validate_args);
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
    const d = this._get_checked_instance<Exponential>(_instance);
    d.rate = this.rate.expand([...batch_shape]);
    d.has_rsample = true;
    d._init(batch_shape, [], false);
    d._validate_args = this._validate_args;
    return d;
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

type LaplaceArgs = { loc?: Tensor | number; scale?: Tensor | number } & ValidateOption;

export class Laplace extends Distribution {
  loc!: Tensor;
  scale!: Tensor;
  override has_rsample = true;

  constructor(loc: Tensor | number | LaplaceArgs, scale?: Tensor | number | LaplaceArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<LaplaceArgs>('Laplace.__init__', ['loc', 'scale', 'validate_args'], arguments);
    if (a.loc === undefined || a.scale === undefined) throw new TypeError(`Laplace.__init__() missing 1 required positional argument: '${a.loc === undefined ? 'loc' : 'scale'}'`);
    [this.loc, this.scale] = broadcast_all(a.loc, a.scale);
    this._init(this.loc.shape, [], a.validate_args);
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { loc: real, scale: positive };
  }
  override get support(): Constraint {
    return real;
  }
  override get mean(): Tensor {
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get stddev(): Tensor {
    return torch.mul(this.scale, Math.SQRT2);
  }
  override get variance(): Tensor {
    return torch.mul(this.scale.pow(2), 2);
  }

  override expand(batch_shape: Size, _instance?: Distribution): Laplace {
    const d = this._get_checked_instance<Laplace>(_instance);
    d.loc = this.loc.expand([...batch_shape]);
    d.scale = this.scale.expand([...batch_shape]);
    d.has_rsample = true;
    d._init(batch_shape, [], false);
    d._validate_args = this._validate_args;
    return d;
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
