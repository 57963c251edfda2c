// torch.distributions.Bernoulli(probs | logits): a coin with probability probs of 1. Given one parameter, the
// other is computed on first use (and then shows in the repr, as in PyTorch).
import { Tensor } from '../tensor';
import * as torch from '../index';
import { binary_cross_entropy_with_logits as bceWithLogits } from '../nn/functional';
import { Distribution, broadcast_all, checkSize, clamp_probs, parseParams, type Size, type ValidateOption } from './distribution';
import { boolean, real, unit_interval, type Constraint } from './constraints';

type BernoulliArgs = { probs?: Tensor | number | null; logits?: Tensor | number | null } & ValidateOption;

function store(d: object, name: string, value: Tensor): void {
  Object.defineProperty(d, name, { value, writable: true, configurable: true, enumerable: true });
}

/** torch.distributions.utils.probs_to_logits(probs, is_binary=True). */
export function binaryLogits(probs: Tensor): Tensor {
  const p = clamp_probs(probs);
  return torch.sub(torch.log(p), torch.log1p(torch.neg(p)));
}

export class Bernoulli extends Distribution {
  override has_enumerate_support = true;
  declare _param: Tensor;

  constructor(probs?: Tensor | number | null | BernoulliArgs, logits?: Tensor | number | null | BernoulliArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<BernoulliArgs>('Bernoulli.__init__', ['probs', 'logits', 'validate_args'], arguments);
    if ((a.probs == null) === (a.logits == null)) throw new RangeError('Either `probs` or `logits` must be specified, but not both.');
    const name = a.probs != null ? 'probs' : 'logits';
    const [param] = broadcast_all(a[name] as Tensor | number);
    store(this, name, param);
    this._param = param;
    this._init(param.shape, [], a.validate_args);
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { probs: unit_interval, logits: real };
  }
  override get support(): Constraint {
    return boolean;
  }
  get probs(): Tensor {
    const p = torch.sigmoid(this.logits);
    store(this, 'probs', p);
    return p;
  }
  get logits(): Tensor {
    const l = binaryLogits(this.probs);
    store(this, 'logits', l);
    return l;
  }
  get param_shape(): number[] {
    return [...this._param.shape];
  }
  override get mean(): Tensor {
    return this.probs;
  }
  override get mode(): Tensor {
    const mode = torch.ge(this.probs, 0.5).to(this.probs.dtype);
    return torch.masked_fill(mode, torch.eq(this.probs, 0.5), NaN);
  }
  override get variance(): Tensor {
    return torch.mul(this.probs, torch.add(torch.neg(this.probs), 1));
  }

  override expand(batch_shape: Size, _instance?: Distribution): Bernoulli {
    const d = this._get_checked_instance<Bernoulli>(_instance);
    if (this._hasParam('probs')) store(d, 'probs', this.probs.expand([...batch_shape]));
    if (this._hasParam('logits')) store(d, 'logits', this.logits.expand([...batch_shape]));
    d._param = this._hasParam('probs') ? d.probs : d.logits;
    return this._expanded(d, batch_shape);
  }

  override sample(sample_shape: Size = []): Tensor {
    const shape = this._extended_shape(checkSize('sample', sample_shape));
    return torch.no_grad(() => torch.bernoulli(this.probs.expand(shape)));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    return torch.neg(bceWithLogits(logits, v.to(logits.dtype), { reduction: 'none' }));
  }
  override entropy(): Tensor {
    return bceWithLogits(this.logits, this.probs, { reduction: 'none' });
  }
  override enumerate_support(expand = true): Tensor {
    const values = torch.arange(2, { dtype: this._param.dtype }).reshape([2, ...this._batch_shape.map(() => 1)]);
    return expand ? values.expand([2, ...this._batch_shape]) : values;
  }
}
