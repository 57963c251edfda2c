// torch.distributions.Normal(loc, scale): the Gaussian, reparameterizable (rsample = loc + scale * eps).
import type { Tensor } from '../tensor';
import * as torch from '../index';
import { Distribution, broadcast_all, checkSize, parseParams, type Size, type ValidateOption } from './distribution';
import { positive, real, type Constraint } from './constraints';

type NormalArgs = { loc?: Tensor | number; scale?: Tensor | number } & ValidateOption;

export class Normal extends Distribution {
  loc!: Tensor;
  scale!: Tensor;
  override has_rsample = true;

  constructor(loc: Tensor | number | NormalArgs, scale?: Tensor | number | NormalArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<NormalArgs>('Normal.__init__', ['loc', 'scale', 'validate_args'], arguments);
    if (a.loc === undefined || a.scale === undefined) throw new TypeError(`Normal.__init__() missing 1 required positional argument: '${a.loc === undefined ? 'loc' : 'scale'}'`);
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
    return this.scale;
  }
  override get variance(): Tensor {
    return this.scale.pow(2);
  }

  override expand(batch_shape: Size, _instance?: Distribution): Normal {
    const d = this._get_checked_instance<Normal>(_instance);
    d.loc = this.loc.expand([...batch_shape]);
    d.scale = this.scale.expand([...batch_shape]);
    d.has_rsample = true;
    d._init(batch_shape, [], false);
    d._validate_args = this._validate_args;
    return d;
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
