// torch.optim.lr_scheduler: schedulers that set each param group's `lr` once per epoch, as PyTorch 1.13 does
// (recursive get_lr from the groups' current lr on step(); the closed form when step(epoch) jumps).
import { typeName } from '../tensor';
import { Optimizer } from './optimizer';
import { kwargs } from '../nn/kwargs';

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

/** Sets each group's lr to its initial lr times lr_lambda(epoch) (one function, or one per group). */
export class LambdaLR extends LRScheduler {
  declare lr_lambdas: LrLambda[];

  constructor(optimizer: Optimizer, lr_lambda: LrLambda | LrLambda[], options: { last_epoch?: number } = {}) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`); // before reading its groups
    const groups = optimizer.param_groups.length;
    const lambdas = Array.isArray(lr_lambda) ? lr_lambda : Array<LrLambda>(groups).fill(lr_lambda);
    if (lambdas.length !== groups) throw new RangeError(`LambdaLR(): Expected ${groups} lr_lambdas, but got ${lambdas.length}`);
    if (!lambdas.every((f) => typeof f === 'function')) throw new TypeError('LambdaLR(): lr_lambda must be a function or a list of functions');
    super(optimizer, options.last_epoch ?? -1, { lr_lambdas: lambdas });
  }

  get_lr(): number[] {
    return this.closedFormLr();
  }

  protected closedFormLr(): number[] {
    return this.base_lrs.map((base, i) => base * this.lr_lambdas[i](this.last_epoch));
  }

  /** As PyTorch: the lambdas (functions) are not part of the state. */
  override state_dict(): Record<string, unknown> {
    const { optimizer: _optimizer, lr_lambdas: _lambdas, ...state } = this;
    return structuredClone(state);
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
