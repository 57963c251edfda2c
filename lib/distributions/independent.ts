// torch.distributions.Independent(base_distribution, reinterpreted_batch_ndims): treats the base's rightmost batch
// dimensions as event dimensions, so log_prob / entropy sum over them (e.g. a diagonal Gaussian over a vector).
import type { Tensor } from '../tensor';
import { Distribution, parseParams, type Size, type ValidateOption } from './distribution';
import { independent, type Constraint } from './constraints';

/** Sums the rightmost `dims` dimensions of t (torch.distributions.utils._sum_rightmost). */
export function sumRightmost(t: Tensor, dims: number): Tensor {
  return dims > 0 ? t.reshape([...t.shape.slice(0, t.dim() - dims), -1]).sum(-1) : t;
}

type IndependentArgs = { base_distribution?: Distribution; reinterpreted_batch_ndims?: number } & ValidateOption;

export class Independent extends Distribution {
  base_dist!: Distribution;
  reinterpreted_batch_ndims!: number;

  constructor(base_distribution: Distribution | IndependentArgs, reinterpreted_batch_ndims?: number | IndependentArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<IndependentArgs>('Independent.__init__', ['base_distribution', 'reinterpreted_batch_ndims', 'validate_args'], arguments);
    const base = a.base_distribution;
    if (!(base instanceof Distribution)) throw new TypeError(`Independent(): base_distribution must be a Distribution, not ${typeof base}`);
    const n = a.reinterpreted_batch_ndims;
    if (!Number.isInteger(n) || n! < 0) throw new TypeError(`Independent(): reinterpreted_batch_ndims must be a non-negative int, not ${String(n)}`);
    const shape = [...base.batch_shape, ...base.event_shape];
    const eventDim = n! + base.event_shape.length;
    if (n! > base.batch_shape.length) {
      throw new RangeError(`Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual ${n} vs ${base.batch_shape.length}`);
    }
    this.base_dist = base;
    this.reinterpreted_batch_ndims = n!;
    this.has_rsample = base.has_rsample;
    this.has_enumerate_support = n === 0 && base.has_enumerate_support;
    this._init(shape.slice(0, shape.length - eventDim), shape.slice(shape.length - eventDim), a.validate_args);
  }

  override get arg_constraints(): Record<string, Constraint> {
    return {};
  }
  override get support(): Constraint {
    const s = this.base_dist.support;
    return this.reinterpreted_batch_ndims === 0 ? s : independent(s, this.reinterpreted_batch_ndims);
  }
  override get mean(): Tensor {
    return this.base_dist.mean;
  }
  override get mode(): Tensor {
    return this.base_dist.mode;
  }
  override get variance(): Tensor {
    return this.base_dist.variance;
  }

  override expand(batch_shape: Size, _instance?: Distribution): Independent {
    const d = this._get_checked_instance<Independent>(_instance);
    const extra = this._event_shape.slice(0, this.reinterpreted_batch_ndims);
    d.base_dist = this.base_dist.expand([...batch_shape, ...extra]);
    d.reinterpreted_batch_ndims = this.reinterpreted_batch_ndims;
    return this._expanded(d, batch_shape, this._event_shape);
  }

  override sample(sample_shape: Size = []): Tensor {
    return this.base_dist.sample(sample_shape);
  }
  override rsample(sample_shape: Size = []): Tensor {
    return this.base_dist.rsample(sample_shape);
  }
  override log_prob(value: Tensor): Tensor {
    return sumRightmost(this.base_dist.log_prob(value), this.reinterpreted_batch_ndims);
  }
  override entropy(): Tensor {
    return sumRightmost(this.base_dist.entropy(), this.reinterpreted_batch_ndims);
  }
  override enumerate_support(expand = true): Tensor {
    if (this.reinterpreted_batch_ndims > 0) throw new TypeError('Enumeration over cartesian product is not implemented');
    return this.base_dist.enumerate_support(expand);
  }
  override toString(): string {
    return `Independent(${this.base_dist}, ${this.reinterpreted_batch_ndims})`;
  }
}
