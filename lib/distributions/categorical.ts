// torch.distributions.Categorical(probs | logits) and OneHotCategorical: a choice among the last dimension's K
// categories. Like PyTorch, probs are normalized to sum to 1 and logits to logsumexp 0; the other parameter is
// computed on first use (and then shows in the repr, as in PyTorch).
import { Tensor } from '../tensor';
import * as torch from '../index';
import { one_hot } from '../nn/functional';
import { Distribution, checkSize, clamp_probs, minOf, parseParams, type Size, type ValidateOption } from './distribution';
import { integer_interval, real_vector, simplex, type Constraint } from './constraints';

type CategoricalArgs = { probs?: Tensor | null; logits?: Tensor | null } & ValidateOption;

/** Defines `name` on d as a plain value, shadowing the lazy getter (like PyTorch's lazy_property caching). */
function store(d: object, name: string, value: Tensor): void {
  Object.defineProperty(d, name, { value, writable: true, configurable: true, enumerable: true });
}

export class Categorical extends Distribution {
  override has_enumerate_support = true;
  declare _num_events: number;
  declare _param: Tensor;

  constructor(probs?: Tensor | null | CategoricalArgs, logits?: Tensor | null | CategoricalArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<CategoricalArgs>(`${new.target.name}.__init__`, ['probs', 'logits', 'validate_args'], arguments);
    if ((a.probs == null) === (a.logits == null)) throw new RangeError('Either `probs` or `logits` must be specified, but not both.');
    if (a.probs != null) {
      if (!(a.probs instanceof Tensor)) throw new TypeError(`${new.target.name}(): probs must be a Tensor, not ${typeof a.probs}`);
      if (a.probs.dim() < 1) throw new RangeError('`probs` parameter must be at least one-dimensional.');
      store(this, 'probs', torch.div(a.probs, a.probs.sum(-1, true)));
      this._param = this.probs;
    } else {
      const logits = a.logits as Tensor;
      if (!(logits instanceof Tensor)) throw new TypeError(`${new.target.name}(): logits must be a Tensor, not ${typeof logits}`);
      if (logits.dim() < 1) throw new RangeError('`logits` parameter must be at least one-dimensional.');
      store(this, 'logits', torch.sub(logits, torch.logsumexp(logits, -1, true)));
      this._param = this.logits;
    }
    this._num_events = this._param.shape[this._param.dim() - 1];
    this._init(this._param.dim() > 1 ? this._param.shape.slice(0, -1) : [], [], a.validate_args);
  }

  override get arg_constraints(): Record<string, Constraint> {
    return { probs: simplex, logits: real_vector };
  }
  override get support(): Constraint {
    return integer_interval(0, this._num_events - 1);
  }
  get probs(): Tensor {
    const p = torch.softmax(this.logits, -1);
    store(this, 'probs', p);
    return p;
  }
  get logits(): Tensor {
    const l = torch.log(clamp_probs(this.probs));
    store(this, 'logits', l);
    return l;
  }
  get param_shape(): number[] {
    return [...this._param.shape];
  }
  override get mean(): Tensor {
    return torch.full(this._extended_shape(), NaN, { dtype: this._param.dtype });
  }
  override get mode(): Tensor {
    return torch.argmax(this.probs, -1);
  }
  override get variance(): Tensor {
    return torch.full(this._extended_shape(), NaN, { dtype: this._param.dtype });
  }

  override expand(batch_shape: Size, _instance?: Distribution): Categorical {
    const d = this._get_checked_instance<Categorical>(_instance);
    const paramShape = [...batch_shape, this._num_events];
    if (this._hasParam('probs')) store(d, 'probs', this.probs.expand(paramShape));
    if (this._hasParam('logits')) store(d, 'logits', this.logits.expand(paramShape));
    d._param = (this._hasParam('probs') ? d.probs : d.logits) as Tensor;
    d._num_events = this._num_events;
    return this._expanded(d, batch_shape);
  }

  /** Category indices (int64) of shape sample_shape + batch_shape, drawn with torch.multinomial. */
  override sample(sample_shape: Size = []): Tensor {
    const shape = checkSize('sample', sample_shape);
    const count = shape.reduce((n, d) => n * d, 1);
    return torch.no_grad(() => {
      const probs2d = this.probs.reshape(-1, this._num_events);
      if (count === 0) return torch.zeros(this._extended_shape(shape), { dtype: 'int64' });
      const samples = torch.multinomial(probs2d, count, true).t();
      return samples.reshape(this._extended_shape(shape));
    });
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const index = value.long().unsqueeze(-1);
    const [v, logPmf] = torch.broadcast_tensors(index, this.logits);
    return logPmf.gather(-1, v.narrow(-1, 0, 1)).squeeze(-1);
  }
  override entropy(): Tensor {
    // -inf logits (probability 0) would give 0 * -inf = NaN; clamped to the dtype's min they give 0
    const logits = torch.clamp(this.logits, minOf(this.logits));
    return torch.neg(torch.mul(logits, this.probs).sum(-1));
  }
  override enumerate_support(expand = true): Tensor {
    const values = torch.arange(this._num_events, { dtype: 'int64' }).reshape([this._num_events, ...this._batch_shape.map(() => 1)]);
    return expand ? values.expand([this._num_events, ...this._batch_shape]) : values;
  }
}

/** torch.distributions.OneHotCategorical: Categorical whose samples are one-hot vectors (event_shape [K]). */
export class OneHotCategorical extends Distribution {
  override has_enumerate_support = true;
  _categorical: Categorical;

  constructor(probs?: Tensor | null | CategoricalArgs, logits?: Tensor | null | CategoricalArgs, validate_args?: boolean | null | ValidateOption) {
    super();
    const a = parseParams<CategoricalArgs>('OneHotCategorical.__init__', ['probs', 'logits', 'validate_args'], arguments);
    this._categorical = new Categorical(a.probs, a.logits, { validate_args: a.validate_args });
    this._init(this._categorical.batch_shape, [this._categorical._num_events], a.validate_args);
  }
  override get arg_constraints(): Record<string, Constraint> {
    return { probs: simplex, logits: real_vector };
  }
  override get support(): Constraint {
    return oneHot;
  }
  get probs(): Tensor {
    return this._categorical.probs;
  }
  get logits(): Tensor {
    return this._categorical.logits;
  }
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  override get mean(): Tensor {
    return this._categorical.probs;
  }
  override get mode(): Tensor {
    return one_hot(torch.argmax(this.probs, -1), this._event_shape[0]).to(this.probs.dtype);
  }
  override get variance(): Tensor {
    const p = this._categorical.probs;
    return torch.mul(p, torch.add(torch.neg(p), 1));
  }
  override expand(batch_shape: Size, _instance?: Distribution): OneHotCategorical {
    const d = this._get_checked_instance<OneHotCategorical>(_instance);
    d._categorical = this._categorical.expand(batch_shape);
    return this._expanded(d, batch_shape, this._event_shape);
  }
  override sample(sample_shape: Size = []): Tensor {
    const indices = this._categorical.sample(sample_shape);
    return one_hot(indices, this._event_shape[0]).to(this._categorical.probs.dtype);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this._categorical.log_prob(torch.argmax(value, -1));
  }
  override entropy(): Tensor {
    return this._categorical.entropy();
  }
  override enumerate_support(expand = true): Tensor {
    const n = this._event_shape[0];
    const values = torch.eye(n, { dtype: this._categorical.probs.dtype }).reshape([n, ...this._batch_shape.map(() => 1), n]);
    return expand ? values.expand([n, ...this._batch_shape, n]) : values;
  }
}

/** constraints.one_hot: vectors of 0s and 1s with exactly one 1. */
class _OneHot extends (simplex.constructor as new () => Constraint) {
  override is_discrete = true;
  override event_dim = 1;
  override check(value: Tensor): Tensor {
    const binary = torch.all(torch.logical_or(torch.eq(value, 0), torch.eq(value, 1)), -1);
    return torch.logical_and(binary, torch.eq(value.sum(-1), 1));
  }
  override toString(): string {
    return 'OneHot()';
  }
}
const oneHot = new _OneHot();
