// torch.distributions.Normal(loc, scale): the Gaussian, reparameterizable (rsample = loc + scale * eps).
import type { Tensor } from '../tensor';
import * as torch from '../index';
import { Distribution, checkSize, type Size, type ValidateOption } from './distribution';
import { positive, real, type Constraint } from './constraints';

type LocScaleArgs = { loc?: Tensor | number; scale?: Tensor | number } & ValidateOption;

/** What the location-scale families Normal and Laplace share: parameters loc (real) and scale (positive),
 * broadcast together; real support; mean and mode loc. */
export abstract class LocScale extends Distribution {
  loc!: Tensor;
  scale!: Tensor;
  override has_rsample = true;

  constructor(loc: Tensor | number | LocScaleArgs, scale?: Tensor | number | LocScaleArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    this._initParams(new.target.name, ['loc', 'scale'], arguments);
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
  override expand(batch_shape: Size, _instance?: Distribution): this {
    return this._expandParams<this>(batch_shape, _instance, ['loc', 'scale']);
  }
}

export class Normal extends LocScale {
  override get stddev(): Tensor {
    return this.scale;
  }
  override get variance(): Tensor {
    return this.scale.pow(2);
  }

  override sample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('sample', sample_shape));
    return torch.no_grad(() => torch.normal(this.loc.expand(shape), this.scale.expand(shape)));
  }
  override rsample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('rsample', sample_shape));
    const eps = torch.randn(shape, { dtype: this.loc.dtype });
    return torch.add(this.loc, torch.mul(eps, this.scale));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const variance = this.scale.pow(2);
    const quadratic = torch.div(torch.sub(value, this.loc).pow(2), torch.mul(variance, 2));
    return torch.sub(torch.neg(quadratic), torch.add(torch.log(this.scale), Math.log(Math.sqrt(2 * Math.PI))));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const z = torch.div(torch.sub(value, this.loc), torch.mul(this.scale, Math.SQRT2));
    return torch.mul(torch.add(torch.erf(z), 1), 0.5);
  }
  override icdf(value: Tensor): Tensor {
    return torch.add(this.loc, torch.mul(this.scale, torch.mul(torch.erfinv(torch.sub(torch.mul(value, 2), 1)), Math.SQRT2)));
  }
  override entropy(): Tensor {
    return torch.add(torch.log(this.scale), 0.5 + 0.5 * Math.log(2 * Math.PI));
  }
}
