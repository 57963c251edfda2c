// torch.optim.lr_scheduler: schedulers that set each param group's `lr` once per epoch, as PyTorch 1.13 does
// (recursive get_lr from the groups' current lr on step(); the closed form when step(epoch) jumps).
import { typeName } from '../tensor';
import { Optimizer } from './optimizer';
import { kwargs } from '../nn/kwargs';

export abstract class LRScheduler {
  readonly optimizer: Optimizer;
  /** The groups' initial learning rates (stored in each group as `initial_lr`). */
  base_lrs: number[];
  /** Epochs stepped so far; -1 before the initial step the constructor takes. */
  last_epoch: number;
  protected _step_count = 0;
  protected _last_lr: number[] = [];

  /** `settings` are the subclass's own fields (declared with `declare`), set before the initial step uses them. */
  constructor(optimizer: Optimizer, last_epoch: number, settings: object) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
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
