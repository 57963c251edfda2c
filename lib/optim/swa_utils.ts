// torch.optim.swa_utils, as PyTorch 1.13: AveragedModel keeps a running (by default equal-weighted) average of a
// model's parameters in a deep copy of it, SWALR anneals each group's lr to a fixed SWA lr, and update_bn
// recomputes batch norm running statistics of the averaged weights with one pass over the data.
import { Tensor, typeName } from '../tensor';
import { no_grad } from '../autograd';
import { checkDevice } from '../args';
import { ones_like, tensor, zeros_like } from '../ops/creation';
import { Module } from '../nn/module';
import { BatchNorm1d, BatchNorm2d, BatchNorm3d } from '../nn/normalization';
import { deepcopy } from '../nn/deepcopy';
import { kwargs, requireArgs } from '../nn/kwargs';
import { Optimizer } from './optimizer';
import { LRScheduler } from './lr_scheduler';

/** avg_fn(averaged_param, model_param, num_averaged): the new averaged value (num_averaged is an int64 scalar tensor). */
export type AvgFn = (averaged_model_parameter: Tensor, model_parameter: Tensor, num_averaged: Tensor) => Tensor;

export interface AveragedModelOptions {
  device?: string | null;
  avg_fn?: AvgFn | null;
  use_buffers?: boolean;
}

/** The equal-weighted running average: a + (p - a) / (n + 1). */
function equalAverage(averaged: Tensor, param: Tensor, n: Tensor): Tensor {
  return averaged.add(param.sub(averaged).div(n.add(1)));
}

/**
 * AveragedModel(model, device = null, avg_fn = null, use_buffers = false): a deep copy of model (`module`) whose
 * parameters (and buffers, with use_buffers) update_parameters(model) averages; calling it runs the copy.
 * n_averaged (an int64 buffer) counts the models averaged.
 */
export class AveragedModel extends Module {
  module: Module;
  declare n_averaged: Tensor;
  avg_fn: AvgFn;
  use_buffers: boolean;

  constructor(model: Module, ...args: (string | AvgFn | boolean | null | AveragedModelOptions)[]) {
    super();
    const a = kwargs<AveragedModelOptions>('AveragedModel', ['device', 'avg_fn', 'use_buffers'], { device: null, avg_fn: null, use_buffers: false }, args);
    if (!(model instanceof Module)) throw new TypeError(`AveragedModel(): model must be a Module, got ${typeName(model)}`);
    if (a.avg_fn !== null && typeof a.avg_fn !== 'function') throw new TypeError(`AveragedModel(): avg_fn must be a function or null, got ${typeName(a.avg_fn)}`);
    checkDevice('AveragedModel', a.device);
    this.module = deepcopy(model);
    if (a.device !== null && a.device !== undefined) this.module = this.module.to(a.device);
    this.register_buffer('n_averaged', tensor(0, { dtype: 'int64' }));
    this.avg_fn = a.avg_fn ?? equalAverage;
    this.use_buffers = !!a.use_buffers;
  }

  override forward(...args: unknown[]): unknown {
    return this.module(...args);
  }

  /** Folds model's current parameters (and buffers, with use_buffers) into the average; the first call copies them. */
  update_parameters(model: Module): void {
    if (!(model instanceof Module)) throw new TypeError(`update_parameters(): model must be a Module, got ${typeName(model)}`);
    const own = this.use_buffers ? [...this.module.parameters(), ...this.module.buffers()] : [...this.parameters()];
    const theirs = this.use_buffers ? [...model.parameters(), ...model.buffers()] : [...model.parameters()];
    no_grad(() => {
      const first = this.n_averaged.item() === 0;
      // zip: as many pairs as the shorter list
      for (let i = 0; i < Math.min(own.length, theirs.length); i++) {
        const averaged = own[i].detach();
        const param = theirs[i].detach();
        averaged.copy_(first ? param : this.avg_fn(averaged, param, this.n_averaged));
      }
      this.n_averaged.add_(1);
    });
  }
}

export type AnnealStrategy = 'cos' | 'linear';

export interface SWALROptions {
  swa_lr?: number | number[];
  anneal_epochs?: number;
  anneal_strategy?: AnnealStrategy;
  last_epoch?: number;
}

/**
 * SWALR(optimizer, swa_lr, anneal_epochs = 10, anneal_strategy = 'cos', last_epoch = -1): moves each group's lr
 * from its value to swa_lr (one value, or one per group, stored as the group's `swa_lr`) over anneal_epochs steps,
 * along half a cosine or a line, then holds it. As PyTorch, each step starts from the group's current lr.
 */
export class SWALR extends LRScheduler {
  declare anneal_epochs: number;
  declare anneal_strategy: AnnealStrategy;

  constructor(optimizer: Optimizer, ...args: (number | number[] | string | SWALROptions)[]) {
    const a = kwargs<SWALROptions>('SWALR', ['swa_lr', 'anneal_epochs', 'anneal_strategy', 'last_epoch'], { anneal_epochs: 10, anneal_strategy: 'cos', last_epoch: -1 }, args);
    requireArgs('SWALR', a, ['swa_lr']);
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
    const groups = optimizer.param_groups;
    if (Array.isArray(a.swa_lr) && a.swa_lr.length !== groups.length) {
      throw new RangeError(`swa_lr must have the same length as optimizer.param_groups: swa_lr has ${a.swa_lr.length}, optimizer.param_groups has ${groups.length}`);
    }
    const swaLrs = Array.isArray(a.swa_lr) ? a.swa_lr : groups.map(() => a.swa_lr as number);
    groups.forEach((group, i) => (group.swa_lr = swaLrs[i]));
    if (a.anneal_strategy !== 'cos' && a.anneal_strategy !== 'linear') {
      throw new RangeError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${String(a.anneal_strategy)}`);
    }
    if (!Number.isInteger(a.anneal_epochs) || a.anneal_epochs! < 0) {
      throw new RangeError(`anneal_epochs must be equal or greater than 0, got ${String(a.anneal_epochs)}`);
    }
    super(optimizer, a.last_epoch!, { anneal_epochs: a.anneal_epochs, anneal_strategy: a.anneal_strategy });
  }

  /** How far along the anneal t in [0, 1] is: t itself, or (1 - cos(pi t)) / 2. */
  anneal_func(t: number): number {
    return this.anneal_strategy === 'linear' ? t : (1 - Math.cos(Math.PI * t)) / 2;
  }

  get_lr(): number[] {
    let step = this._step_count - 1;
    if (this.anneal_epochs === 0) step = Math.max(1, step);
    const fraction = (s: number) => Math.max(0, Math.min(1, s / Math.max(1, this.anneal_epochs)));
    const prevAlpha = this.anneal_func(fraction(step - 1));
    const alpha = this.anneal_func(fraction(step));
    return this.optimizer.param_groups.map((group) => {
      const swaLr = group.swa_lr as number;
      // the lr the anneal started from, recovered from the current one
      const start = prevAlpha === 1 ? swaLr : (group.lr - prevAlpha * swaLr) / (1 - prevAlpha);
      return swaLr * alpha + start * (1 - alpha);
    });
  }

  /** PyTorch's SWALR has no closed form: step(epoch) computes get_lr() too. */
  protected closedFormLr(): number[] {
    return this.get_lr();
  }
}

/** A BatchNorm1d/2d/3d (PyTorch's _BatchNorm; not an instance norm). */
type BatchNormLayer = BatchNorm1d | BatchNorm2d | BatchNorm3d;

/**
 * update_bn(loader, model, device = null): resets every batch norm's running mean and variance, then runs model
 * in training mode over the loader's batches (a batch that is an array is its first element) with momentum null,
 * so the running stats become the cumulative average over the data; restores the momenta and model's mode.
 */
export function update_bn(loader: Iterable<unknown>, model: Module, device: string | null | { device?: string | null } = null): void {
  const dev = device !== null && typeof device === 'object' ? device.device ?? null : device;
  if (loader === null || typeof (loader as Partial<Iterable<unknown>>)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`update_bn(): loader must be iterable, got ${typeName(loader)}`);
  }
  if (!(model instanceof Module)) throw new TypeError(`update_bn(): model must be a Module, got ${typeName(model)}`);
  checkDevice('update_bn', dev);
  const momenta = new Map<BatchNormLayer, number | null>();
  for (const m of model.modules()) {
    if (m instanceof BatchNorm1d || m instanceof BatchNorm2d || m instanceof BatchNorm3d) {
      // new tensors, as PyTorch assigns them (the old ones are left as they were)
      m.running_mean = zeros_like(m.running_mean!);
      m.running_var = ones_like(m.running_var!);
      momenta.set(m, m.momentum);
    }
  }
  if (!momenta.size) return;
  const wasTraining = model.training;
  model.train();
  no_grad(() => {
    for (const m of momenta.keys()) {
      m.momentum = null;
      m.num_batches_tracked!.mul_(0);
    }
    for (let input of loader) {
      if (Array.isArray(input)) input = input[0];
      if (dev !== null && input instanceof Tensor) input = input.to(dev);
      model(input);
    }
  });
  for (const [m, momentum] of momenta) m.momentum = momentum;
  model.train(wasTraining);
}
