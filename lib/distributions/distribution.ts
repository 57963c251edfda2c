// torch.distributions.Distribution: the base class (shapes, argument / support validation, repr) and the helpers
// the concrete distributions share.
import { Tensor, typeName } from '../tensor';
import { getDefaultDtype } from '../dtype';
import * as torch from '../index';
import { Constraint, dependent, pyFloat } from './constraints';
import { resolveArgs } from '../args';

let defaultValidateArgs = true; // PyTorch validates unless python -O (__debug__ false)

export type Size = readonly number[];
export type ValidateOption = { validate_args?: boolean | null };

/** A shape argument: a list of ints (PyTorch takes torch.Size / tuple; a bare int is a TypeError there too). */
export function checkSize(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${op}(): sample_shape must be a list of non-negative ints, not ${typeName(shape)}`);
  }
  return [...shape];
}

/** torch.distributions.utils.broadcast_all: numbers become tensors of the default dtype, then all broadcast. */
export function broadcast_all(...values: (Tensor | number)[]): Tensor[] {
  const like = values.find((v): v is Tensor => v instanceof Tensor);
  const dtype = like?.dtype ?? getDefaultDtype();
  const tensors = values.map((v) => {
    if (v instanceof Tensor) return v;
    if (typeof v === 'number') return torch.tensor(v, { dtype });
    throw new TypeError(`Input arguments must all be instances of numbers.Number, torch.Tensor or objects implementing __torch_function__.`);
  });
  return torch.broadcast_tensors(...tensors);
}

/** Machine epsilon of t's dtype (torch.finfo(dtype).eps). */
export const epsOf = (t: Tensor) => (t.dtype === 'float64' ? 2 ** -52 : 2 ** -23);
/** The smallest finite value of t's dtype (torch.finfo(dtype).min). */
export const minOf = (t: Tensor) => (t.dtype === 'float64' ? -Number.MAX_VALUE : -3.4028234663852886e38);

/** torch.distributions.utils.clamp_probs: keeps probabilities off 0 and 1 so their logs are finite. */
export function clamp_probs(probs: Tensor): Tensor {
  const eps = epsOf(probs);
  return torch.clamp(probs, eps, 1 - eps);
}

/** The tensor as PyTorch's repr of a distribution prints a parameter: its value if it has one element, else its size. */
function describe(t: Tensor): string {
  return t.numel() === 1 ? formatted(t) : `torch.Size([${t.shape.join(', ')}])`;
}

/** A tensor as Python's f-string prints it: a 0-dim one as its number, others as their repr. */
function formatted(t: Tensor): string {
  if (t.dim() !== 0) return t.toString();
  return t.is_floating_point() ? pyFloat(t.item() as number) : String(t.item());
}

export class Distribution {
  /** torch.distributions.Distribution.set_default_validate_args(value). */
  static set_default_validate_args(value: boolean): void {
    if (value !== true && value !== false) throw new RangeError('set_default_validate_args(): value must be True or False');
    defaultValidateArgs = value;
  }

  has_rsample = false;
  has_enumerate_support = false;
  _batch_shape: number[] = [];
  _event_shape: number[] = [];
  _validate_args = defaultValidateArgs;

  /** Subclasses call this at the end of their constructor, once their parameters are set (PyTorch's __init__). */
  protected _init(batch_shape: Size = [], event_shape: Size = [], validate_args?: boolean | null): void {
    this._batch_shape = [...batch_shape];
    this._event_shape = [...event_shape];
    if (validate_args !== undefined && validate_args !== null) this._validate_args = validate_args;
    if (!this._validate_args) return;
    for (const [param, constraint] of Object.entries(this.arg_constraints)) {
      if (constraint === dependent) continue;
      if (!this._hasParam(param)) continue; // a lazily computed parameter is not validated
      const value = (this as unknown as Record<string, Tensor>)[param];
      const valid = constraint.check(value);
      if (!torch.all(valid).item()) {
        throw new RangeError(
          `Expected parameter ${param} (Tensor of shape (${value.shape.join(', ')}${value.dim() === 1 ? ',' : ''})) of distribution ${this} ` +
            `to satisfy the constraint ${constraint}, but found invalid values:\n${formatted(value)}`,
        );
      }
    }
  }

  /** Whether parameter `name` is stored (not yet computed lazily), like `name in self.__dict__` in PyTorch. */
  protected _hasParam(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this, name);
  }

  get batch_shape(): number[] {
    return [...this._batch_shape];
  }
  get event_shape(): number[] {
    return [...this._event_shape];
  }
  get arg_constraints(): Record<string, Constraint> {
    throw new TypeError(`${this.constructor.name}.arg_constraints is not implemented`);
  }
  get support(): Constraint {
    throw new TypeError(`${this.constructor.name}.support is not implemented`);
  }
  get mean(): Tensor {
    throw new TypeError(`${this.constructor.name}.mean is not implemented`);
  }
  get mode(): Tensor {
    throw new TypeError(`${this.constructor.name} does not implement mode`);
  }
  get variance(): Tensor {
    throw new TypeError(`${this.constructor.name}.variance is not implemented`);
  }
  get stddev(): Tensor {
    return torch.sqrt(this.variance);
  }

  /** A sample of shape sample_shape + batch_shape + event_shape, cut from the graph (no gradient). */
  sample(sample_shape: Size = []): Tensor {
    checkSize('sample', sample_shape);
    return torch.no_grad(() => this.rsample(sample_shape));
  }
  /** A reparameterized sample: gradients flow to the parameters (only where has_rsample). */
  rsample(_sample_shape: Size = []): Tensor {
    throw new TypeError(`${this.constructor.name}.rsample is not implemented`);
  }
  /** PyTorch's deprecated sample_n(n): sample([n]). */
  sample_n(n: number): Tensor {
    return this.sample([n]);
  }
  log_prob(_value: Tensor): Tensor {
    throw new TypeError(`${this.constructor.name}.log_prob is not implemented`);
  }
  cdf(_value: Tensor): Tensor {
    throw new TypeError(`${this.constructor.name}.cdf is not implemented`);
  }
  icdf(_value: Tensor): Tensor {
    throw new TypeError(`${this.constructor.name}.icdf is not implemented`);
  }
  entropy(): Tensor {
    throw new TypeError(`${this.constructor.name}.entropy is not implemented`);
  }
  perplexity(): Tensor {
    return torch.exp(this.entropy());
  }
  enumerate_support(_expand = true): Tensor {
    throw new TypeError(`${this.constructor.name}.enumerate_support is not implemented`);
  }
  expand(_batch_shape: Size, _instance?: Distribution): Distribution {
    throw new TypeError(`${this.constructor.name}.expand is not implemented`);
  }

  /** sample_shape + batch_shape + event_shape. */
  _extended_shape(sample_shape: Size = []): number[] {
    return [...sample_shape, ...this._batch_shape, ...this._event_shape];
  }

  /** Checks a value given to log_prob / cdf: a tensor, broadcastable with the distribution's shape, in its support. */
  _validate_sample(value: Tensor): void {
    if (!(value instanceof Tensor)) throw new RangeError('The value argument to log_prob must be a Tensor');
    const eventDims = this._event_shape.length;
    const actual = value.shape.slice(value.dim() - eventDims);
    if (value.dim() < eventDims || actual.join() !== this._event_shape.join()) {
      throw new RangeError(`The right-most size of value must match event_shape: [${value.shape.join(', ')}] vs [${this._event_shape.join(', ')}].`);
    }
    const batchOfValue = value.shape.slice(0, value.dim() - eventDims);
    const expected = this._batch_shape;
    for (let i = 1; i <= Math.min(batchOfValue.length, expected.length); i++) {
      const a = batchOfValue[batchOfValue.length - i];
      const b = expected[expected.length - i];
      if (a !== 1 && b !== 1 && a !== b) {
        throw new RangeError(`Value is not broadcastable with batch_shape+event_shape: [${value.shape.join(', ')}] vs [${[...expected, ...this._event_shape].join(', ')}].`);
      }
    }
    const support = this.support;
    if (!torch.all(support.check(value)).item()) {
      throw new RangeError(
        `Expected value argument (Tensor of shape (${value.shape.join(', ')}${value.dim() === 1 ? ',' : ''})) to be within the support (${support}) ` +
          `of the distribution ${this}, but found invalid values:\n${formatted(value)}`,
      );
    }
  }

  /** For expand(): a new instance of the same class without running its constructor. */
  protected _get_checked_instance<T extends Distribution>(instance?: Distribution): T {
    return (instance ?? Object.create(Object.getPrototypeOf(this))) as T;
  }

  /** expand()'s last step (PyTorch's super().__init__(batch_shape, validate_args=False)): d, made by
   * _get_checked_instance, takes this one's flags and validation setting without validating again. */
  protected _expanded<T extends Distribution>(d: T, batch_shape: Size, event_shape: Size = []): T {
    d.has_rsample = this.has_rsample;
    d.has_enumerate_support = this.has_enumerate_support;
    d._init(batch_shape, event_shape, false);
    d._validate_args = this._validate_args;
    return d;
  }

  /** The constructor of a distribution over broadcast parameters (Normal(loc, scale), Gamma(concentration, rate),
   * ...): parses them as Python does, each required, sets them broadcast together, and their shape as batch_shape. */
  protected _initParams(name: string, params: readonly string[], args: ArrayLike<unknown>): void {
    const a = parseParams<Record<string, unknown>>(`${name}.__init__`, [...params, 'validate_args'], args);
    const missing = params.find((p) => a[p] === undefined);
    if (missing) throw new TypeError(`${name}.__init__() missing 1 required positional argument: '${missing}'`);
    const values = broadcast_all(...params.map((p) => a[p] as Tensor | number));
    params.forEach((p, i) => ((this as unknown as Record<string, Tensor>)[p] = values[i]));
    this._init(values[0].shape, [], a.validate_args as boolean | null | undefined);
  }

  /** expand() for the distributions _initParams builds: each parameter expanded to batch_shape. */
  protected _expandParams<T extends Distribution>(batch_shape: Size, instance: Distribution | undefined, params: readonly string[]): T {
    const d = this._get_checked_instance<T>(instance);
    for (const p of params) (d as unknown as Record<string, Tensor>)[p] = (this as unknown as Record<string, Tensor>)[p].expand([...batch_shape]);
    return this._expanded(d, batch_shape);
  }

  toString(): string {
    const params = Object.keys(this.arg_constraints).filter((k) => this._hasParam(k));
    const args = params.map((p) => `${p}: ${describe((this as unknown as Record<string, Tensor>)[p])}`).join(', ');
    return `${this.constructor.name}(${args})`;
  }
}

Object.defineProperty(Distribution.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Distribution) {
    return this.toString();
  },
});

/** Parses (p1, p2, ..., validate_args) given positionally and/or as one trailing options object. */
export function parseParams<T extends object>(label: string, names: readonly (keyof T & string)[], args: ArrayLike<unknown>): T {
  return resolveArgs<T>(label, names, {} as T, args);
}
