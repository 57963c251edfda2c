// torch.distributions.constraints: the few constraints the distributions here check (arguments and support).
import type { Tensor } from '../tensor';
import * as torch from '../index';

/** A constraint: `check(value)` gives a bool tensor, true where value satisfies it (per event for event_dim > 0). */
export class Constraint {
  is_discrete = false;
  event_dim = 0;
  check(_value: Tensor): Tensor {
    throw new TypeError(`${this.constructor.name}.check() is not implemented`);
  }
  toString(): string {
    return `${this.constructor.name.replace(/^_/, '')}()`;
  }
}

/** A float as Python prints it (1.0, not 1). */
export const pyFloat = (x: number) =>
  Number.isNaN(x) ? 'nan' : !Number.isFinite(x) ? (x > 0 ? 'inf' : '-inf') : Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);

class _Real extends Constraint {
  override check(value: Tensor): Tensor {
    return torch.eq(value, value); // false only for NaN
  }
}
class _Boolean extends Constraint {
  override is_discrete = true;
  override check(value: Tensor): Tensor {
    return torch.logical_or(torch.eq(value, 0), torch.eq(value, 1));
  }
}
class _GreaterThan extends Constraint {
  constructor(readonly lower_bound: number) {
    super();
  }
  override check(value: Tensor): Tensor {
    return torch.gt(value, this.lower_bound);
  }
  override toString(): string {
    return `GreaterThan(lower_bound=${pyFloat(this.lower_bound)})`;
  }
}
class _GreaterThanEq extends _GreaterThan {
  override check(value: Tensor): Tensor {
    return torch.ge(value, this.lower_bound);
  }
  override toString(): string {
    return `GreaterThanEq(lower_bound=${pyFloat(this.lower_bound)})`;
  }
}
class _Interval extends Constraint {
  constructor(readonly lower_bound: number, readonly upper_bound: number) {
    super();
  }
  override check(value: Tensor): Tensor {
    return torch.logical_and(torch.ge(value, this.lower_bound), torch.le(value, this.upper_bound));
  }
  override toString(): string {
    return `Interval(lower_bound=${pyFloat(this.lower_bound)}, upper_bound=${pyFloat(this.upper_bound)})`;
  }
}
class _HalfOpenInterval extends _Interval {
  override check(value: Tensor): Tensor {
    return torch.logical_and(torch.ge(value, this.lower_bound), torch.lt(value, this.upper_bound));
  }
  override toString(): string {
    return super.toString().replace('Interval', 'HalfOpenInterval');
  }
}
class _IntegerInterval extends Constraint {
  override is_discrete = true;
  constructor(readonly lower_bound: number, readonly upper_bound: number) {
    super();
  }
  override check(value: Tensor): Tensor {
    const inRange = torch.logical_and(torch.ge(value, this.lower_bound), torch.le(value, this.upper_bound));
    return torch.logical_and(torch.eq(torch.fmod(value, 1), 0), inRange);
  }
  override toString(): string {
    return `IntegerInterval(lower_bound=${this.lower_bound}, upper_bound=${this.upper_bound})`;
  }
}
class _Simplex extends Constraint {
  override event_dim = 1;
  override check(value: Tensor): Tensor {
    const nonneg = torch.all(torch.ge(value, 0), -1);
    const sumsToOne = torch.lt(torch.abs(torch.sub(value.sum(-1), 1)), 1e-6);
    return torch.logical_and(nonneg, sumsToOne);
  }
}
class _Dependent extends Constraint {
  override check(_value: Tensor): Tensor {
    throw new TypeError('Cannot determine validity of dependent constraint');
  }
}
/** Wraps a constraint so it holds per event of `reinterpreted_batch_ndims` more dimensions. */
class _IndependentConstraint extends Constraint {
  constructor(readonly base_constraint: Constraint, readonly reinterpreted_batch_ndims: number) {
    super();
    this.is_discrete = base_constraint.is_discrete;
    this.event_dim = base_constraint.event_dim + reinterpreted_batch_ndims;
  }
  override check(value: Tensor): Tensor {
    let result = this.base_constraint.check(value);
    for (let i = 0; i < this.reinterpreted_batch_ndims; i++) result = torch.all(result, -1);
    return result;
  }
  override toString(): string {
    return `IndependentConstraint(${this.base_constraint}, ${this.reinterpreted_batch_ndims})`;
  }
}
class _PositiveDefinite extends Constraint {
  override event_dim = 2;
  override check(value: Tensor): Tensor {
    const symmetric = torch.all(torch.all(torch.isclose(value, value.transpose(-2, -1), { atol: 1e-6 }), -1), -1);
    const positiveEigenvalues = torch.all(torch.gt(torch.linalg.eigvalsh(value), 0), -1);
    return torch.logical_and(symmetric, positiveEigenvalues);
  }
}
class _LowerCholesky extends Constraint {
  override event_dim = 2;
  override check(value: Tensor): Tensor {
    const lower = torch.all(torch.all(torch.eq(value.tril(), value), -1), -1);
    const positiveDiag = torch.all(torch.gt(torch.diagonal(value, 0, -2, -1), 0), -1);
    return torch.logical_and(lower, positiveDiag);
  }
}

export const real = new _Real();
export const boolean = new _Boolean();
export const positive = new _GreaterThan(0);
export const nonnegative = new _GreaterThanEq(0);
export const nonnegative_integer = new _IntegerInterval(0, Infinity);
export const unit_interval = new _Interval(0, 1);
export const simplex = new _Simplex();
export const dependent = new _Dependent();
export const real_vector = new _IndependentConstraint(real, 1);
export const positive_definite = new _PositiveDefinite();
export const lower_cholesky = new _LowerCholesky();
export const greater_than = (lower_bound: number) => new _GreaterThan(lower_bound);
export const greater_than_eq = (lower_bound: number) => new _GreaterThanEq(lower_bound);
export const interval = (lower_bound: number, upper_bound: number) => new _Interval(lower_bound, upper_bound);
export const half_open_interval = (lower_bound: number, upper_bound: number) => new _HalfOpenInterval(lower_bound, upper_bound);
export const integer_interval = (lower_bound: number, upper_bound: number) => new _IntegerInterval(lower_bound, upper_bound);
export const independent = (base: Constraint, reinterpreted_batch_ndims: number) => new _IndependentConstraint(base, reinterpreted_batch_ndims);
