// torch.distributions.Uniform(low, high): uniform on [low, high), reparameterizable (rsample = low + u (high - low)).
import type { Tensor } from '../tensor';
import * as torch from '../index';
import { Distribution, checkSize, type Size, type ValidateOption } from './distribution';
import { dependent, pyFloat, type Constraint } from './constraints';

type UniformArgs = { low?: Tensor | number; high?: Tensor | number } & ValidateOption;

/** The support [low, high) per element (PyTorch's dependent interval constraint). */
class _UniformSupport extends (dependent.constructor as new () => Constraint) {
  constructor(readonly low: Tensor, readonly high: Tensor) {
    super();
  }
  override check(value: Tensor): Tensor {
    return torch.logical_and(torch.le(this.low, value), torch.lt(value, this.high));
  }
  override toString(): string {
    const bound = (t: Tensor) => (t.dim() === 0 ? pyFloat(t.item() as number) : t.toString());
    return `Interval(lower_bound=${bound(this.low)}, upper_bound=${bound(this.high)})`;
  }
}

export class Uniform extends Distribution {
  low!: Tensor;
  high!: Tensor;
  override has_rsample = true;

  constructor(low: Tensor | number | UniformArgs, high?: Tensor | number | UniformArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    this._initParams('Uniform', ['low', 'high'], arguments);
    if (this._validate_args && !torch.all(torch.lt(this.low, this.high)).item()) throw new RangeError('Uniform is not defined when low>= high');
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { low: dependent, high: dependent };
  }
  override get support(): Constraint {
    return new _UniformSupport(this.low, this.high);
  }
  override get mean(): Tensor {
    return torch.div(torch.add(this.high, this.low), 2);
  }
  override get mode(): Tensor {
    return torch.mul(this.high, NaN);
  }
  override get stddev(): Tensor {
    return torch.div(torch.sub(this.high, this.low), Math.sqrt(12));
  }
  override get variance(): Tensor {
    return torch.div(torch.sub(this.high, this.low).pow(2), 12);
  }

  override expand(batch_shape: Size, _instance?: Distribution): Uniform {
    return this._expandParams<Uniform>(batch_shape, _instance, ['low', 'high']);
  }

  override rsample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('rsample', sample_shape));
    const u = torch.rand(shape, { dtype: this.low.dtype });
    return torch.add(this.low, torch.mul(u, torch.sub(this.high, this.low)));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const lb = torch.le(this.low, value).to(this.low.dtype);
    const ub = torch.gt(this.high, value).to(this.low.dtype);
    return torch.sub(torch.log(torch.mul(lb, ub)), torch.log(torch.sub(this.high, this.low)));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return torch.clamp(torch.div(torch.sub(value, this.low), torch.sub(this.high, this.low)), 0, 1);
  }
  override icdf(value: Tensor): Tensor {
    return torch.add(torch.mul(value, torch.sub(this.high, this.low)), this.low);
  }
  override entropy(): Tensor {
    return torch.log(torch.sub(this.high, this.low));
  }
}
