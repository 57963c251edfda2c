// torch.optim.lr_scheduler: schedulers that set each param group's `lr` once per epoch (OneCycleLR and
// CosineAnnealingWarmRestarts: per batch), as PyTorch 1.13 does (recursive get_lr from the groups' current lr on
// step(); the closed form when step(epoch) jumps); SequentialLR chains them, ReduceLROnPlateau follows a metric.
import { typeName } from '../tensor';
import { Optimizer } from './optimizer';
import { kwargs, requireArgs } from '../nn/kwargs';

/** What every scheduler has: its optimizer, the lrs its last step set, and its state for checkpoints. */
abstract class SchedulerBase {
  readonly optimizer: Optimizer;
  protected _last_lr: number[] = [];

  constructor(optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
  }

  /** The learning rates the last step() set, one per param group. */
  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  /** Everything but the optimizer, for load_state_dict. */
  state_dict(): Record<string, unknown> {
    const { optimizer: _optimizer, ...state } = this;
    return structuredClone(state);
  }

  load_state_dict(state_dict: Record<string, unknown>): void {
    Object.assign(this, structuredClone(state_dict));
  }
}

export abstract class LRScheduler extends SchedulerBase {
  /** The groups' initial learning rates (stored in each group as `initial_lr`). */
  base_lrs: number[];
  /** Epochs stepped so far; -1 before the initial step the constructor takes. */
  last_epoch: number;
  protected _step_count = 0;

  /** `settings` are the subclass's own fields (declared with `declare`), set before the initial step uses them. */
  constructor(optimizer: Optimizer, last_epoch: number, settings: object) {
    super(optimizer);
    optimizer.param_groups.forEach((group, i) => {
      if (last_epoch === -1) group.initial_lr ??= group.lr;
      else if (group.initial_lr === undefined) {
        throw new Error(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
      }
    });
    this.base_lrs = optimizer.param_groups.map((group) => group.initial_lr as number);
    this.last_epoch = last_epoch;
    Object.assign(this, settings);
    this.step();
  }

  /** Each group's lr for last_epoch, computed from the groups' current lr (use get_last_lr() to read the lr). */
  abstract get_lr(): number[];

  /** The step the constructor takes, taken again (SequentialLR starts its first scheduler so). */
  _initial_step(): void {
    this._step_count = 0;
    this.step();
  }

  /** Each group's lr for last_epoch, computed from base_lrs alone. */
  protected abstract closedFormLr(): number[];

  /** Advances one epoch (call after optimizer.step()); step(epoch) jumps to that epoch (deprecated in PyTorch). */
  step(epoch?: number): void {
    this._step_count++;
    let lrs: number[];
    if (epoch === undefined) {
      this.last_epoch++;
      lrs = this.get_lr();
    } else {
      this.last_epoch = epoch;
      lrs = this.closedFormLr();
    }
    this.setLrs(lrs);
  }

  /** Sets each group's lr (what get_last_lr() then returns). */
  protected setLrs(lrs: number[]): void {
    this.optimizer.param_groups.forEach((group, i) => (group.lr = lrs[i]));
    this._last_lr = lrs;
  }
}

export interface StepLROptions {
  gamma?: number;
  last_epoch?: number;
}

/** Multiplies every group's lr by gamma each step_size epochs. `new StepLR(opt, 30, 0.1)` or `(opt, 30, { gamma })`. */
export class StepLR extends LRScheduler {
  declare step_size: number;
  declare gamma: number;

  constructor(optimizer: Optimizer, ...args: (number | (StepLROptions & { step_size?: number }))[]) {
    const { step_size, gamma, last_epoch } = kwargs('StepLR', ['step_size', 'gamma', 'last_epoch'], { step_size: NaN, gamma: 0.1, last_epoch: -1 }, args);
    if (!Number.isInteger(step_size) || step_size < 1) throw new RangeError(`StepLR(): step_size must be a positive integer, got ${step_size}`);
    super(optimizer, last_epoch, { step_size, gamma });
  }

  get_lr(): number[] {
    const decay = this.last_epoch !== 0 && this.last_epoch % this.step_size === 0;
    return this.optimizer.param_groups.map((group) => (decay ? group.lr * this.gamma : group.lr));
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((base) => base * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}

export interface CosineAnnealingLROptions {
  eta_min?: number;
  last_epoch?: number;
}

/**
 * Anneals each group's lr from its initial value to eta_min along half a cosine over T_max epochs (and back up
 * over the next T_max, as PyTorch's recursive form does). `new CosineAnnealingLR(opt, T_max, eta_min)` or `{ eta_min }`.
 */
export class CosineAnnealingLR extends LRScheduler {
  declare T_max: number;
  declare eta_min: number;

  constructor(optimizer: Optimizer, ...args: (number | (CosineAnnealingLROptions & { T_max?: number }))[]) {
    const { T_max, eta_min, last_epoch } = kwargs('CosineAnnealingLR', ['T_max', 'eta_min', 'last_epoch'], { T_max: NaN, eta_min: 0, last_epoch: -1 }, args);
    if (!(T_max > 0)) throw new RangeError(`CosineAnnealingLR(): T_max must be positive, got ${T_max}`);
    super(optimizer, last_epoch, { T_max, eta_min });
  }

  get_lr(): number[] {
    const { last_epoch: epoch, T_max, eta_min } = this;
    const groups = this.optimizer.param_groups;
    if (epoch === 0) return groups.map((group) => group.lr);
    if (this._step_count === 1 && epoch > 0) return this.closedFormLr(); // resumed at a later epoch
    if ((epoch - 1 - T_max) % (2 * T_max) === 0) {
      // the bottom of the cosine: the recursive ratio below would divide by zero
      return groups.map((group, i) => group.lr + ((this.base_lrs[i] - eta_min) * (1 - Math.cos(Math.PI / T_max))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * epoch) / T_max)) / (1 + Math.cos((Math.PI * (epoch - 1)) / T_max));
    return groups.map((group) => ratio * (group.lr - eta_min) + eta_min);
  }

  protected closedFormLr(): number[] {
    const cosine = (1 + Math.cos((Math.PI * this.last_epoch) / this.T_max)) / 2;
    return this.base_lrs.map((base) => this.eta_min + (base - this.eta_min) * cosine);
  }
}

export interface ExponentialLROptions {
  gamma?: number;
  last_epoch?: number;
}

/** Multiplies every group's lr by gamma each epoch. `new ExponentialLR(opt, 0.9)` or `(opt, { gamma })`. */
export class ExponentialLR extends LRScheduler {
  declare gamma: number;

  constructor(optimizer: Optimizer, ...args: (number | ExponentialLROptions)[]) {
    const { gamma, last_epoch } = kwargs('ExponentialLR', ['gamma', 'last_epoch'], { gamma: NaN, last_epoch: -1 }, args);
    if (typeof gamma !== 'number' || Number.isNaN(gamma)) throw new TypeError("ExponentialLR.__init__() missing 1 required positional argument: 'gamma'");
    super(optimizer, last_epoch, { gamma });
  }

  get_lr(): number[] {
    return this.optimizer.param_groups.map((group) => (this.last_epoch === 0 ? group.lr : group.lr * this.gamma));
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((base) => base * this.gamma ** this.last_epoch);
  }
}

export interface MultiStepLROptions {
  gamma?: number;
  last_epoch?: number;
}

/** Multiplies every group's lr by gamma at each milestone epoch (a repeated milestone counts each time). */
export class MultiStepLR extends LRScheduler {
  declare milestones: number[];
  declare gamma: number;

  constructor(optimizer: Optimizer, ...args: (number | readonly number[] | (MultiStepLROptions & { milestones?: readonly number[] }))[]) {
    const a = kwargs<{ milestones?: readonly number[]; gamma: number; last_epoch: number }>('MultiStepLR', ['milestones', 'gamma', 'last_epoch'], { gamma: 0.1, last_epoch: -1 }, args);
    if (!Array.isArray(a.milestones) || !a.milestones.every((m) => Number.isInteger(m))) {
      throw new TypeError(`MultiStepLR(): milestones must be a list of integers, got ${typeName(a.milestones)}`);
    }
    super(optimizer, a.last_epoch, { milestones: [...a.milestones].sort((x, y) => x - y), gamma: a.gamma });
  }

  get_lr(): number[] {
    const hits = this.milestones.filter((m) => m === this.last_epoch).length;
    return this.optimizer.param_groups.map((group) => group.lr * this.gamma ** hits);
  }

  protected closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.last_epoch).length;
    return this.base_lrs.map((base) => base * this.gamma ** passed);
  }
}

export interface LinearLROptions {
  start_factor?: number;
  end_factor?: number;
  total_iters?: number;
  last_epoch?: number;
}

/** Scales every group's lr linearly from start_factor to end_factor over total_iters epochs (a warm-up). */
export class LinearLR extends LRScheduler {
  declare start_factor: number;
  declare end_factor: number;
  declare total_iters: number;

  constructor(optimizer: Optimizer, ...args: (number | LinearLROptions)[]) {
    const a = kwargs('LinearLR', ['start_factor', 'end_factor', 'total_iters', 'last_epoch'], { start_factor: 1 / 3, end_factor: 1, total_iters: 5, last_epoch: -1 }, args);
    if (!(a.start_factor > 0 && a.start_factor <= 1)) throw new RangeError('LinearLR(): Starting multiplicative factor expected to be greater than 0 and less or equal to 1.');
    if (!(a.end_factor >= 0 && a.end_factor <= 1)) throw new RangeError('LinearLR(): Ending multiplicative factor expected to be between 0 and 1.');
    super(optimizer, a.last_epoch, { start_factor: a.start_factor, end_factor: a.end_factor, total_iters: a.total_iters });
  }

  get_lr(): number[] {
    const { last_epoch: epoch, start_factor: start, end_factor: end, total_iters: total } = this;
    const groups = this.optimizer.param_groups;
    if (epoch === 0) return groups.map((group) => group.lr * start);
    if (epoch > total) return groups.map((group) => group.lr);
    return groups.map((group) => group.lr * (1 + (end - start) / (total * start + (epoch - 1) * (end - start))));
  }

  protected closedFormLr(): number[] {
    const { start_factor: start, end_factor: end, total_iters: total } = this;
    return this.base_lrs.map((base) => base * (start + ((end - start) * Math.min(total, this.last_epoch)) / total));
  }
}

type LrLambda = (epoch: number) => number;

export interface LambdaLROptions {
  lr_lambda?: LrLambda | LrLambda[];
  last_epoch?: number;
}

/**
 * The (lr_lambda, last_epoch) arguments, positional or as options, with one lr_lambda per param group: the given
 * list, or the one function for every group.
 */
function lambdaArgs(owner: string, optimizer: Optimizer, args: unknown[]): { lr_lambdas: LrLambda[]; last_epoch: number } {
  const a = kwargs<{ lr_lambda?: LrLambda | LrLambda[]; last_epoch: number }>(owner, ['lr_lambda', 'last_epoch'], { last_epoch: -1 }, args);
  requireArgs(owner, a, ['lr_lambda']);
  if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`); // before reading its groups
  const groups = optimizer.param_groups.length;
  const lambdas = Array.isArray(a.lr_lambda) ? [...a.lr_lambda] : Array<LrLambda>(groups).fill(a.lr_lambda);
  if (lambdas.length !== groups) throw new RangeError(`${owner}(): Expected ${groups} lr_lambdas, but got ${lambdas.length}`);
  if (!lambdas.every((f) => typeof f === 'function')) throw new TypeError(`${owner}(): lr_lambda must be a function or a list of functions`);
  return { lr_lambdas: lambdas, last_epoch: a.last_epoch };
}

/** What LambdaLR and MultiplicativeLR share: (optimizer, lr_lambda, last_epoch), the lambdas kept out of the state. */
abstract class LambdaScheduler extends LRScheduler {
  declare lr_lambdas: LrLambda[];

  constructor(optimizer: Optimizer, ...args: (LrLambda | LrLambda[] | number | LambdaLROptions)[]) {
    const { lr_lambdas, last_epoch } = lambdaArgs(new.target.name, optimizer, args);
    super(optimizer, last_epoch, { lr_lambdas });
  }

  /** As PyTorch: the lambdas (functions) are not part of the state. */
  override state_dict(): Record<string, unknown> {
    const { optimizer: _optimizer, lr_lambdas: _lambdas, ...state } = this;
    return structuredClone(state);
  }
}

/**
 * Sets each group's lr to its initial lr times lr_lambda(epoch) (one function, or one per group):
 * `new LambdaLR(opt, (epoch) => 0.95 ** epoch)`.
 */
export class LambdaLR extends LambdaScheduler {
  get_lr(): number[] {
    return this.closedFormLr();
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((base, i) => base * this.lr_lambdas[i](this.last_epoch));
  }
}

/**
 * Multiplies each group's lr by lr_lambda(epoch) every epoch after the first (one function, or one per group):
 * `new MultiplicativeLR(opt, (epoch) => 0.95)`.
 */
export class MultiplicativeLR extends LambdaScheduler {
  get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch > 0) return groups.map((group, i) => group.lr * this.lr_lambdas[i](this.last_epoch));
    return groups.map((group) => group.lr);
  }

  /** No closed form in PyTorch either: step(epoch) multiplies once more. */
  protected closedFormLr(): number[] {
    return this.get_lr();
  }
}

export interface ConstantLROptions {
  factor?: number;
  total_iters?: number;
  last_epoch?: number;
}

/** Scales every group's lr by factor for the first total_iters epochs, then restores it. */
export class ConstantLR extends LRScheduler {
  declare factor: number;
  declare total_iters: number;

  constructor(optimizer: Optimizer, ...args: (number | ConstantLROptions)[]) {
    const a = kwargs('ConstantLR', ['factor', 'total_iters', 'last_epoch'], { factor: 1 / 3, total_iters: 5, last_epoch: -1 }, args);
    if (!(a.factor >= 0 && a.factor <= 1)) throw new RangeError('ConstantLR(): Constant multiplicative factor expected to be between 0 and 1.');
    super(optimizer, a.last_epoch, { factor: a.factor, total_iters: a.total_iters });
  }

  get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0) return groups.map((group) => group.lr * this.factor);
    return groups.map((group) => (this.last_epoch === this.total_iters ? group.lr * (1 / this.factor) : group.lr));
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((base) => base * (this.factor + (this.last_epoch >= this.total_iters ? 1 - this.factor : 0)));
  }
}

export interface PolynomialLROptions {
  total_iters?: number;
  power?: number;
  last_epoch?: number;
}

/** Decays every group's lr as (1 - epoch / total_iters)^power, reaching 0 at total_iters. */
export class PolynomialLR extends LRScheduler {
  declare total_iters: number;
  declare power: number;

  constructor(optimizer: Optimizer, ...args: (number | PolynomialLROptions)[]) {
    const a = kwargs('PolynomialLR', ['total_iters', 'power', 'last_epoch'], { total_iters: 5, power: 1, last_epoch: -1 }, args);
    super(optimizer, a.last_epoch, { total_iters: a.total_iters, power: a.power });
  }

  get_lr(): number[] {
    const { last_epoch: epoch, total_iters: total } = this;
    const groups = this.optimizer.param_groups;
    if (epoch === 0 || epoch > total) return groups.map((group) => group.lr);
    const decay = ((1 - epoch / total) / (1 - (epoch - 1) / total)) ** this.power;
    return groups.map((group) => group.lr * decay);
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((base) => base * (1 - Math.min(this.total_iters, this.last_epoch) / this.total_iters) ** this.power);
  }
}

export interface CosineAnnealingWarmRestartsOptions {
  T_mult?: number;
  eta_min?: number;
  last_epoch?: number;
}

/**
 * SGDR: each group's lr follows half a cosine from its initial value to eta_min over T_i epochs, then restarts,
 * T_i growing by T_mult each cycle (T_0 first). step() may be called per batch with a fractional epoch.
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  declare T_0: number;
  declare T_i: number;
  declare T_mult: number;
  declare eta_min: number;
  declare T_cur: number;

  constructor(optimizer: Optimizer, ...args: (number | (CosineAnnealingWarmRestartsOptions & { T_0?: number }))[]) {
    const a = kwargs('CosineAnnealingWarmRestarts', ['T_0', 'T_mult', 'eta_min', 'last_epoch'], { T_0: NaN, T_mult: 1, eta_min: 0, last_epoch: -1 }, args);
    if (!Number.isInteger(a.T_0) || a.T_0 <= 0) throw new RangeError(`Expected positive integer T_0, but got ${a.T_0}`);
    if (!Number.isInteger(a.T_mult) || a.T_mult < 1) throw new RangeError(`Expected integer T_mult >= 1, but got ${a.T_mult}`);
    super(optimizer, a.last_epoch, { T_0: a.T_0, T_i: a.T_0, T_mult: a.T_mult, eta_min: a.eta_min, T_cur: a.last_epoch });
  }

  get_lr(): number[] {
    const cosine = (1 + Math.cos((Math.PI * this.T_cur) / this.T_i)) / 2;
    return this.base_lrs.map((base) => this.eta_min + (base - this.eta_min) * cosine);
  }

  protected closedFormLr(): number[] {
    return this.get_lr();
  }

  /** The next epoch, or the given (possibly fractional) one: PyTorch 1.13's cycle arithmetic. */
  override step(epoch?: number): void {
    if (epoch === undefined && this.last_epoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.last_epoch + 1;
      this.T_cur += 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur -= this.T_i;
        this.T_i *= this.T_mult;
      }
    } else {
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) this.T_cur = epoch % this.T_0;
        else {
          const n = Math.floor(Math.log((epoch / this.T_0) * (this.T_mult - 1) + 1) / Math.log(this.T_mult));
          this.T_cur = epoch - (this.T_0 * (this.T_mult ** n - 1)) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    this._step_count++;
    this.setLrs(this.get_lr());
  }
}

export interface OneCycleLROptions {
  max_lr?: number | number[];
  total_steps?: number | null;
  epochs?: number | null;
  steps_per_epoch?: number | null;
  pct_start?: number;
  anneal_strategy?: 'cos' | 'linear';
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  div_factor?: number;
  final_div_factor?: number;
  three_phase?: boolean;
  last_epoch?: number;
}

/** One phase of a 1cycle schedule: from one of a group's lrs (momenta) to another, ending at end_step. */
interface Phase {
  end_step: number;
  lr: ['initial_lr' | 'max_lr' | 'min_lr', 'initial_lr' | 'max_lr' | 'min_lr'];
  momentum: ['max_momentum' | 'base_momentum', 'max_momentum' | 'base_momentum'];
}

/**
 * The 1cycle policy, stepped once per batch: each group's lr rises from max_lr / div_factor to max_lr over
 * pct_start of total_steps, then falls to initial / final_div_factor (three_phase: back to the initial lr first),
 * with momentum (SGD's momentum, Adam's beta1) cycled the opposite way between max_momentum and base_momentum.
 */
export class OneCycleLR extends LRScheduler {
  declare total_steps: number;
  declare anneal_strategy: 'cos' | 'linear';
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;
  declare _schedule_phases: Phase[];

  constructor(optimizer: Optimizer, ...args: (number | number[] | string | boolean | null | OneCycleLROptions)[]) {
    const a = kwargs<OneCycleLROptions>(
      'OneCycleLR',
      ['max_lr', 'total_steps', 'epochs', 'steps_per_epoch', 'pct_start', 'anneal_strategy', 'cycle_momentum', 'base_momentum', 'max_momentum', 'div_factor', 'final_div_factor', 'three_phase', 'last_epoch'],
      { total_steps: null, epochs: null, steps_per_epoch: null, pct_start: 0.3, anneal_strategy: 'cos', cycle_momentum: true, base_momentum: 0.85, max_momentum: 0.95, div_factor: 25, final_div_factor: 1e4, three_phase: false, last_epoch: -1 },
      args,
    );
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
    const positive = (name: string, v: unknown) => {
      if (!Number.isInteger(v) || (v as number) <= 0) throw new RangeError(`Expected positive integer ${name}, but got ${String(v)}`);
      return v as number;
    };
    let total: number;
    if (a.total_steps !== null && a.total_steps !== undefined) total = positive('total_steps', a.total_steps);
    else if (a.epochs !== null && a.epochs !== undefined && a.steps_per_epoch !== null && a.steps_per_epoch !== undefined) {
      total = positive('epochs', a.epochs) * positive('steps_per_epoch', a.steps_per_epoch);
    } else throw new RangeError('You must define either total_steps OR (epochs AND steps_per_epoch)');
    const pct = a.pct_start!;
    if (!(pct >= 0 && pct <= 1)) throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${pct}`);
    if (a.anneal_strategy !== 'cos' && a.anneal_strategy !== 'linear') throw new RangeError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${String(a.anneal_strategy)}`);
    const phases: Phase[] = a.three_phase
      ? [
          { end_step: pct * total - 1, lr: ['initial_lr', 'max_lr'], momentum: ['max_momentum', 'base_momentum'] },
          { end_step: 2 * pct * total - 2, lr: ['max_lr', 'initial_lr'], momentum: ['base_momentum', 'max_momentum'] },
          { end_step: total - 1, lr: ['initial_lr', 'min_lr'], momentum: ['max_momentum', 'max_momentum'] },
        ]
      : [
          { end_step: pct * total - 1, lr: ['initial_lr', 'max_lr'], momentum: ['max_momentum', 'base_momentum'] },
          { end_step: total - 1, lr: ['max_lr', 'min_lr'], momentum: ['base_momentum', 'max_momentum'] },
        ];
    const groups = optimizer.param_groups;
    const perGroup = (name: string, v: number | number[] | undefined): number[] => {
      if (!Array.isArray(v)) return groups.map(() => v as number);
      if (v.length !== groups.length) throw new RangeError(`expected ${groups.length} values for ${name}, got ${v.length}`);
      return v;
    };
    const maxLrs = perGroup('max_lr', a.max_lr);
    if (a.last_epoch === -1) {
      groups.forEach((group, i) => {
        const initial = maxLrs[i] / a.div_factor!;
        Object.assign(group, { initial_lr: initial, max_lr: maxLrs[i], min_lr: initial / a.final_div_factor! });
      });
    }
    const useBeta1 = 'betas' in optimizer.defaults;
    if (a.cycle_momentum) {
      if (!('momentum' in optimizer.defaults) && !useBeta1) throw new RangeError('optimizer must support momentum with `cycle_momentum` option enabled');
      const [maxM, baseM] = [perGroup('max_momentum', a.max_momentum), perGroup('base_momentum', a.base_momentum)];
      groups.forEach((group, i) => {
        if (a.last_epoch === -1) setMomentum(group, useBeta1, maxM[i]);
        group.max_momentum = maxM[i];
        group.base_momentum = baseM[i];
      });
    }
    super(optimizer, a.last_epoch!, { total_steps: total, anneal_strategy: a.anneal_strategy, cycle_momentum: !!a.cycle_momentum, use_beta1: useBeta1, _schedule_phases: phases });
  }

  get_lr(): number[] {
    const step = this.last_epoch;
    if (step > this.total_steps) throw new RangeError(`Tried to step ${step} times. The specified number of total steps is ${this.total_steps}`);
    const anneal = this.anneal_strategy === 'cos'
      ? (start: number, end: number, pct: number) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (start: number, end: number, pct: number) => (end - start) * pct + start;
    return this.optimizer.param_groups.map((group) => {
      let start = 0;
      const phases = this._schedule_phases;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i];
        if (step <= phase.end_step || i === phases.length - 1) {
          const pct = (step - start) / (phase.end_step - start);
          const value = (name: string) => group[name] as number;
          if (this.cycle_momentum) setMomentum(group, this.use_beta1, anneal(value(phase.momentum[0]), value(phase.momentum[1]), pct));
          return anneal(value(phase.lr[0]), value(phase.lr[1]), pct);
        }
        start = phase.end_step;
      }
      throw new Error('unreachable');
    });
  }

  protected closedFormLr(): number[] {
    return this.get_lr();
  }
}

/** Sets a group's momentum: Adam's beta1, or SGD's momentum. */
function setMomentum(group: Record<string, unknown>, useBeta1: boolean, momentum: number): void {
  if (useBeta1) group.betas = [momentum, ...(group.betas as number[]).slice(1)];
  else group.momentum = momentum;
}

export type CyclicLRMode = 'triangular' | 'triangular2' | 'exp_range';

export interface CyclicLROptions {
  base_lr?: number | number[];
  max_lr?: number | number[];
  step_size_up?: number;
  step_size_down?: number | null;
  mode?: CyclicLRMode;
  gamma?: number;
  scale_fn?: ((x: number) => number) | null;
  scale_mode?: 'cycle' | 'iterations';
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  last_epoch?: number;
}

/** A per-group value: the list given (one per group), or the one value for every group. */
function perGroup(name: string, optimizer: Optimizer, value: number | number[]): number[] {
  const groups = optimizer.param_groups.length;
  if (!Array.isArray(value)) return Array<number>(groups).fill(value);
  if (value.length !== groups) throw new RangeError(`expected ${groups} values for ${name}, got ${value.length}`);
  return [...value];
}

/**
 * The cyclical learning rate policy, stepped once per batch: each group's lr goes from base_lr up to max_lr over
 * step_size_up steps and back down over step_size_down, the amplitude scaled per cycle ('triangular2': halved
 * each cycle) or per step ('exp_range': gamma^step), or by scale_fn; the momentum (not Adam's betas: PyTorch 1.13
 * requires a 'momentum' option) cycles the opposite way between max_momentum and base_momentum.
 * `new CyclicLR(opt, 0.001, 0.1, { step_size_up: 500, mode: 'triangular2' })`.
 */
export class CyclicLR extends LRScheduler {
  declare max_lrs: number[];
  declare total_size: number;
  declare step_ratio: number;
  declare mode: string;
  declare gamma: number;
  declare _scale_fn_custom: ((x: number) => number) | null;
  declare scale_mode: 'cycle' | 'iterations';
  declare cycle_momentum: boolean;
  declare base_momentums?: number[];
  declare max_momentums?: number[];

  constructor(optimizer: Optimizer, ...args: (number | number[] | string | boolean | null | ((x: number) => number) | CyclicLROptions)[]) {
    const a = kwargs<CyclicLROptions>(
      'CyclicLR',
      ['base_lr', 'max_lr', 'step_size_up', 'step_size_down', 'mode', 'gamma', 'scale_fn', 'scale_mode', 'cycle_momentum', 'base_momentum', 'max_momentum', 'last_epoch'],
      { step_size_up: 2000, step_size_down: null, mode: 'triangular', gamma: 1, scale_fn: null, scale_mode: 'cycle', cycle_momentum: true, base_momentum: 0.8, max_momentum: 0.9, last_epoch: -1 },
      args,
    );
    requireArgs('CyclicLR', a, ['base_lr', 'max_lr']);
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
    const lastEpoch = a.last_epoch!;
    const baseLrs = perGroup('base_lr', optimizer, a.base_lr);
    if (lastEpoch === -1) optimizer.param_groups.forEach((group, i) => (group.lr = baseLrs[i]));
    const max_lrs = perGroup('max_lr', optimizer, a.max_lr);
    const up = Number(a.step_size_up);
    const down = a.step_size_down === null || a.step_size_down === undefined ? up : Number(a.step_size_down);
    const scaleFn = a.scale_fn ?? null;
    if (!['triangular', 'triangular2', 'exp_range'].includes(a.mode!) && scaleFn === null) throw new RangeError('mode is invalid and scale_fn is None');
    if (scaleFn !== null && typeof scaleFn !== 'function') throw new TypeError(`CyclicLR(): scale_fn must be a function, got ${typeName(scaleFn)}`);
    const settings: Partial<CyclicLR> = {
      max_lrs,
      total_size: up + down,
      step_ratio: up / (up + down),
      mode: a.mode!,
      gamma: a.gamma!,
      _scale_fn_custom: scaleFn,
      // the built-in modes fix the scale's argument: the cycle, or for exp_range the step
      scale_mode: scaleFn !== null ? a.scale_mode! : a.mode === 'exp_range' ? 'iterations' : 'cycle',
      cycle_momentum: !!a.cycle_momentum,
    };
    if (a.cycle_momentum) {
      if (!('momentum' in optimizer.defaults)) throw new RangeError('optimizer must support momentum with `cycle_momentum` option enabled');
      const baseMomentums = perGroup('base_momentum', optimizer, a.base_momentum!);
      if (lastEpoch === -1) optimizer.param_groups.forEach((group, i) => (group.momentum = baseMomentums[i]));
      settings.base_momentums = optimizer.param_groups.map((group) => group.momentum as number);
      settings.max_momentums = perGroup('max_momentum', optimizer, a.max_momentum!);
    }
    super(optimizer, lastEpoch, settings);
    this.base_lrs = baseLrs; // after the initial step, which (as PyTorch's) started from the groups' initial_lr
  }

  /** The amplitude's scale at x (the cycle, counted from 1, or the step): scale_fn's, or the mode's. */
  scale_fn(x: number): number {
    if (this._scale_fn_custom !== null) return this._scale_fn_custom(x);
    if (this.mode === 'triangular2') return 1 / 2 ** (x - 1);
    if (this.mode === 'exp_range') return this.gamma ** x;
    return 1;
  }

  /** The lrs at step last_epoch; sets the groups' momentum too when cycling it. */
  get_lr(): number[] {
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1 + this.last_epoch / this.total_size - cycle;
    const scaleFactor = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const at = this.scale_mode === 'cycle' ? cycle : this.last_epoch;
    // scale_fn is called per group, as PyTorch does (a custom one may count its calls)
    const lrs = this.base_lrs.map((base, i) => base + (this.max_lrs[i] - base) * scaleFactor * this.scale_fn(at));
    if (this.cycle_momentum) {
      const momenta = this.base_momentums!.map((base, i) => this.max_momentums![i] - (this.max_momentums![i] - base) * scaleFactor * this.scale_fn(at));
      this.optimizer.param_groups.forEach((group, i) => (group.momentum = momenta[i]));
    }
    return lrs;
  }

  protected closedFormLr(): number[] {
    return this.get_lr();
  }

  /** The custom scale_fn (a function) is not part of the state. */
  override state_dict(): Record<string, unknown> {
    const { optimizer: _optimizer, _scale_fn_custom: _fn, ...state } = this;
    return structuredClone(state);
  }
}

/** A scheduler stepped without arguments (any but ReduceLROnPlateau). */
type ChainableScheduler = SchedulerBase & { step(): void };

/** What ChainedScheduler and SequentialLR share: a list of schedulers, saved and loaded through their own states. */
abstract class SchedulerList<S extends SchedulerBase> extends SchedulerBase {
  abstract readonly _schedulers: S[];

  /** The sub-schedulers' states in place of the schedulers themselves. */
  override state_dict(): Record<string, unknown> {
    const { optimizer: _optimizer, _schedulers, ...state } = this;
    return { ...structuredClone(state), _schedulers: _schedulers.map((s) => s.state_dict()) };
  }

  override load_state_dict(state_dict: Record<string, unknown>): void {
    const { _schedulers, ...state } = state_dict as { _schedulers: Record<string, unknown>[] };
    Object.assign(this, structuredClone(state));
    _schedulers.forEach((s, i) => this._schedulers[i].load_state_dict(s));
  }
}

/**
 * ChainedScheduler(schedulers): steps every scheduler (built on the same optimizer) in turn on each step(), so
 * that their factors compose; get_last_lr() is the groups' lr after the last one.
 */
export class ChainedScheduler extends SchedulerList<ChainableScheduler> {
  readonly _schedulers: ChainableScheduler[];

  constructor(schedulers: ChainableScheduler[]) {
    if (!Array.isArray(schedulers) || schedulers.length < 1) throw new RangeError('ChainedScheduler expects at least one scheduler');
    schedulers.forEach((s, i) => {
      if (!(s instanceof SchedulerBase)) throw new TypeError(`ChainedScheduler expects schedulers, but got ${typeName(s)} at index ${i}`);
      if (s.optimizer !== schedulers[0].optimizer) {
        throw new RangeError(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
      }
    });
    super(schedulers[0].optimizer);
    this._schedulers = [...schedulers];
    this._last_lr = this.optimizer.param_groups.map((group) => group.lr);
  }

  step(): void {
    for (const scheduler of this._schedulers) scheduler.step();
    this._last_lr = this.optimizer.param_groups.map((group) => group.lr);
  }
}

/**
 * SequentialLR(optimizer, schedulers, milestones): runs schedulers[0] until milestones[0], then schedulers[1]
 * (started at its epoch 0), and so on; each given scheduler was built on the same optimizer.
 */
export class SequentialLR extends SchedulerList<LRScheduler> {
  readonly _schedulers: LRScheduler[];
  readonly _milestones: number[];
  last_epoch: number;

  constructor(optimizer: Optimizer, schedulers: LRScheduler[], milestones: number[], options: { last_epoch?: number } = {}) {
    super(optimizer);
    if (!Array.isArray(schedulers) || schedulers.length < 1) throw new RangeError('SequentialLR expects at least one scheduler');
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler) || s.optimizer !== optimizer) {
        throw new RangeError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
      }
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new RangeError(`Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${Array.isArray(milestones) ? milestones.length : typeName(milestones)}`);
    }
    this._schedulers = schedulers;
    this._milestones = [...milestones];
    this.last_epoch = (options.last_epoch ?? -1) + 1;
    // back to the initial lrs, the other schedulers' construction steps undone, and only the first one's taken
    for (const group of optimizer.param_groups) group.lr = group.initial_lr as number;
    for (const s of schedulers) s.last_epoch -= 1;
    schedulers[0]._initial_step();
    this._last_lr = schedulers[0].get_last_lr();
  }

  step(): void {
    this.last_epoch += 1;
    const index = this._milestones.filter((m) => m <= this.last_epoch).length;
    const scheduler = this._schedulers[index];
    if (index > 0 && this._milestones[index - 1] === this.last_epoch) scheduler.step(0);
    else scheduler.step();
    this._last_lr = scheduler.get_last_lr();
  }
}

export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  threshold_mode?: 'rel' | 'abs';
  cooldown?: number;
  min_lr?: number | number[];
  eps?: number;
  verbose?: boolean;
}

/**
 * Multiplies every group's lr by factor when a metric (passed to step(metric)) has not improved for `patience`
 * epochs, then waits `cooldown` epochs; PyTorch 1.13's rules for "improved" (threshold, rel/abs) and min_lr.
 */
export class ReduceLROnPlateau extends SchedulerBase {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly threshold_mode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly min_lrs: number[];
  readonly eps: number;
  best: number;
  num_bad_epochs = 0;
  cooldown_counter = 0;
  last_epoch = 0;

  constructor(optimizer: Optimizer, ...args: ('min' | 'max' | number | ReduceLROnPlateauOptions)[]) {
    super(optimizer);
    const a = kwargs<Required<ReduceLROnPlateauOptions>>(
      'ReduceLROnPlateau',
      ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps', 'verbose'],
      { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: 'rel', cooldown: 0, min_lr: 0, eps: 1e-8, verbose: false },
      args,
    );
    if (!(a.factor < 1)) throw new RangeError('ReduceLROnPlateau(): Factor should be < 1.0.');
    if (a.mode !== 'min' && a.mode !== 'max') throw new RangeError(`ReduceLROnPlateau(): mode ${String(a.mode)} is unknown!`);
    if (a.threshold_mode !== 'rel' && a.threshold_mode !== 'abs') throw new RangeError(`ReduceLROnPlateau(): threshold mode ${String(a.threshold_mode)} is unknown!`);
    const groups = optimizer.param_groups.length;
    const minLrs = Array.isArray(a.min_lr) ? a.min_lr : Array<number>(groups).fill(a.min_lr);
    if (minLrs.length !== groups) throw new RangeError(`ReduceLROnPlateau(): expected ${groups} min_lrs, got ${minLrs.length}`);
    ({ mode: this.mode, factor: this.factor, patience: this.patience, threshold: this.threshold, threshold_mode: this.threshold_mode, cooldown: this.cooldown, eps: this.eps } = a);
    this.min_lrs = [...minLrs];
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this._last_lr = optimizer.param_groups.map((group) => group.lr);
  }

  /** Whether `current` improves on the best so far by more than the threshold. */
  is_better(current: number, best: number): boolean {
    const rel = this.threshold_mode === 'rel';
    if (this.mode === 'min') return rel ? current < best * (1 - this.threshold) : current < best - this.threshold;
    return rel ? current > best * (1 + this.threshold) : current > best + this.threshold;
  }

  /** One epoch's metric (a number or a one-element tensor, as loss.item() or the loss itself). */
  step(metrics: number | { item(): number | boolean }): void {
    const current = typeof metrics === 'number' ? metrics : Number(metrics.item());
    this.last_epoch++;
    if (this.is_better(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else {
      this.num_bad_epochs++;
    }
    if (this.cooldown_counter > 0) {
      this.cooldown_counter--;
      this.num_bad_epochs = 0; // bad epochs in cooldown do not count
    }
    if (this.num_bad_epochs > this.patience) {
      this.optimizer.param_groups.forEach((group, i) => {
        const next = Math.max(group.lr * this.factor, this.min_lrs[i]);
        if (group.lr - next > this.eps) group.lr = next;
      });
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((group) => group.lr);
  }
}
