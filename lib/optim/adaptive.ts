// torch.optim.Adagrad, Adadelta, Adamax, NAdam and RAdam: PyTorch 1.13's single-tensor updates, one pass per
// parameter in JS on either backend (no native kernel: they are rarer than SGD/Adam/RMSprop). Math is in double,
// each state element rounded when stored into its (parameter-typed) buffer, and re-read as stored, as PyTorch's
// buffers are.
import type { Tensor } from '../tensor';
import type { Storage } from '../dtype';
import { Optimizer, check, withDefaults, zerosLike, type ParamGroup, type Params } from './optimizer';

/** The gradient element i as the update sees it: negated when maximizing, plus weight decay. */
function decayed(grad: Storage, param: Storage, i: number, h: { weight_decay: number; maximize?: boolean }): number {
  const g = h.maximize ? -grad[i] : grad[i];
  return h.weight_decay ? g + h.weight_decay * param[i] : g;
}

/** The hyperparameters every one of these optimizers checks, with PyTorch's messages. */
function checkCommon(h: { lr: number; eps: number; weight_decay: number }): void {
  check(h.lr >= 0, `Invalid learning rate: ${h.lr}`);
  check(h.eps >= 0, `Invalid epsilon value: ${h.eps}`);
  check(h.weight_decay >= 0, `Invalid weight_decay value: ${h.weight_decay}`);
}

function checkBetas(betas: readonly [number, number]): void {
  check(betas[0] >= 0 && betas[0] < 1, `Invalid beta parameter at index 0: ${betas[0]}`);
  check(betas[1] >= 0 && betas[1] < 1, `Invalid beta parameter at index 1: ${betas[1]}`);
}

export interface AdagradHyperparameters {
  lr: number;
  lr_decay: number;
  weight_decay: number;
  initial_accumulator_value: number;
  eps: number;
  maximize: boolean;
}
export interface AdagradState {
  step?: number;
  sum?: Tensor;
}

/** Adagrad: each element's step is lr / (1 + (step - 1) lr_decay) over the root of its summed squared gradients. */
export class Adagrad extends Optimizer<AdagradHyperparameters, AdagradState> {
  constructor(params: Params, options: Partial<AdagradHyperparameters> = {}) {
    const h = withDefaults('Adagrad', { lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10, maximize: false }, options);
    checkCommon(h);
    check(h.lr_decay >= 0, `Invalid lr_decay value: ${h.lr_decay}`);
    check(h.initial_accumulator_value >= 0, `Invalid initial_accumulator_value value: ${h.initial_accumulator_value}`);
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, h: ParamGroup<AdagradHyperparameters>, state: AdagradState): void {
    state.step = (state.step ?? 0) + 1;
    const sum = (state.sum ??= zerosLike(p).fill_(h.initial_accumulator_value))._storage;
    const clr = h.lr / (1 + (state.step - 1) * h.lr_decay);
    for (let i = 0; i < param.length; i++) {
      const g = decayed(grad, param, i, h);
      sum[i] = sum[i] + g * g;
      param[i] = param[i] - (clr * g) / (Math.sqrt(sum[i]) + h.eps);
    }
  }
}

export interface AdadeltaHyperparameters {
  lr: number;
  rho: number;
  eps: number;
  weight_decay: number;
  maximize: boolean;
}
export interface AdadeltaState {
  step?: number;
  square_avg?: Tensor;
  acc_delta?: Tensor;
}

/** Adadelta: steps of RMS(past steps) / RMS(gradients) times the gradient, scaled by lr. */
export class Adadelta extends Optimizer<AdadeltaHyperparameters, AdadeltaState> {
  constructor(params: Params, options: Partial<AdadeltaHyperparameters> = {}) {
    const h = withDefaults('Adadelta', { lr: 1, rho: 0.9, eps: 1e-6, weight_decay: 0, maximize: false }, options);
    checkCommon(h);
    check(h.rho >= 0 && h.rho <= 1, `Invalid rho value: ${h.rho}`);
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, h: ParamGroup<AdadeltaHyperparameters>, state: AdadeltaState): void {
    state.step = (state.step ?? 0) + 1;
    const squareAvg = (state.square_avg ??= zerosLike(p))._storage;
    const accDelta = (state.acc_delta ??= zerosLike(p))._storage;
    for (let i = 0; i < param.length; i++) {
      const g = decayed(grad, param, i, h);
      squareAvg[i] = h.rho * squareAvg[i] + (1 - h.rho) * g * g;
      const delta = (Math.sqrt(accDelta[i] + h.eps) / Math.sqrt(squareAvg[i] + h.eps)) * g;
      accDelta[i] = h.rho * accDelta[i] + (1 - h.rho) * delta * delta;
      param[i] = param[i] - h.lr * delta;
    }
  }
}

export interface AdamaxHyperparameters {
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  maximize: boolean;
}
export interface AdamaxState {
  step?: number;
  exp_avg?: Tensor;
  exp_inf?: Tensor;
}

/** Adamax: Adam with the second moment replaced by an exponentially weighted infinity norm. */
export class Adamax extends Optimizer<AdamaxHyperparameters, AdamaxState> {
  constructor(params: Params, options: Partial<AdamaxHyperparameters> = {}) {
    const h = withDefaults<AdamaxHyperparameters>('Adamax', { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, maximize: false }, options);
    checkCommon(h);
    checkBetas(h.betas);
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, h: ParamGroup<AdamaxHyperparameters>, state: AdamaxState): void {
    state.step = (state.step ?? 0) + 1;
    const [beta1, beta2] = h.betas;
    const expAvg = (state.exp_avg ??= zerosLike(p))._storage;
    const expInf = (state.exp_inf ??= zerosLike(p))._storage;
    const clr = h.lr / (1 - beta1 ** state.step);
    for (let i = 0; i < param.length; i++) {
      const g = decayed(grad, param, i, h);
      expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
      expInf[i] = Math.max(beta2 * expInf[i], Math.abs(g) + h.eps);
      param[i] = param[i] - (clr * expAvg[i]) / expInf[i];
    }
  }
}

export interface NAdamHyperparameters {
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
  momentum_decay: number;
}
export interface NAdamState {
  step?: number;
  mu_product?: number;
  exp_avg?: Tensor;
  exp_avg_sq?: Tensor;
}

/** NAdam: Adam with Nesterov momentum and a momentum schedule (momentum_decay). */
export class NAdam extends Optimizer<NAdamHyperparameters, NAdamState> {
  constructor(params: Params, options: Partial<NAdamHyperparameters> = {}) {
    const h = withDefaults<NAdamHyperparameters>('NAdam', { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3 }, options);
    checkCommon(h);
    checkBetas(h.betas);
    check(h.momentum_decay >= 0, `Invalid momentum_decay value: ${h.momentum_decay}`);
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, h: ParamGroup<NAdamHyperparameters>, state: NAdamState): void {
    const step = (state.step = (state.step ?? 0) + 1);
    const [beta1, beta2] = h.betas;
    const expAvg = (state.exp_avg ??= zerosLike(p))._storage;
    const expAvgSq = (state.exp_avg_sq ??= zerosLike(p))._storage;
    const mu = beta1 * (1 - 0.5 * 0.96 ** (step * h.momentum_decay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * h.momentum_decay));
    // PyTorch 1.13 keeps the product in a float32 tensor, and multiplies mu in twice for the next one
    const muProduct = (state.mu_product = Math.fround((state.mu_product ?? 1) * mu));
    const muProductNext = Math.fround(Math.fround(muProduct * mu) * muNext);
    const bias2 = 1 - beta2 ** step;
    const [gradScale, avgScale] = [(-h.lr * (1 - mu)) / (1 - muProduct), (-h.lr * muNext) / (1 - muProductNext)];
    for (let i = 0; i < param.length; i++) {
      const g = decayed(grad, param, i, h);
      expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
      expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g * g;
      const denom = Math.sqrt(expAvgSq[i] / bias2) + h.eps;
      param[i] = param[i] + (gradScale * g) / denom;
      param[i] = param[i] + (avgScale * expAvg[i]) / denom;
    }
  }
}

export type RAdamHyperparameters = Omit<NAdamHyperparameters, 'momentum_decay'>;
export type RAdamState = Omit<NAdamState, 'mu_product'>;

/** RAdam: Adam whose adaptive step is rectified by the variance of its estimate (plain momentum SGD early on). */
export class RAdam extends Optimizer<RAdamHyperparameters, RAdamState> {
  constructor(params: Params, options: Partial<RAdamHyperparameters> = {}) {
    const h = withDefaults<RAdamHyperparameters>('RAdam', { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 }, options);
    checkCommon(h);
    checkBetas(h.betas);
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, h: ParamGroup<RAdamHyperparameters>, state: RAdamState): void {
    const step = (state.step = (state.step ?? 0) + 1);
    const [beta1, beta2] = h.betas;
    const expAvg = (state.exp_avg ??= zerosLike(p))._storage;
    const expAvgSq = (state.exp_avg_sq ??= zerosLike(p))._storage;
    const [bias1, bias2] = [1 - beta1 ** step, 1 - beta2 ** step];
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = rhoInf - (2 * step * beta2 ** step) / bias2;
    const rect = rho > 5 ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
    for (let i = 0; i < param.length; i++) {
      const g = decayed(grad, param, i, h);
      expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
      expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g * g;
      const corrected = expAvg[i] / bias1;
      param[i] = param[i] - (rho > 5 ? corrected * h.lr * (Math.sqrt(bias2) / (Math.sqrt(expAvgSq[i]) + h.eps)) * rect : corrected * h.lr);
    }
  }
}
