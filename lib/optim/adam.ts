// torch.optim.Adam and AdamW: adaptive moment estimation with bias correction, optional AMSGrad; AdamW decays the
// weights directly instead of adding an L2 term to the gradient.
import type { Tensor } from '../tensor';
import type { Storage } from '../dtype';
import { B } from '../backend';
import type { AdamHyper } from '../backend/types';
import { Optimizer, check, withDefaults, zerosLike, type ParamGroup, type Params } from './optimizer';

export interface AdamHyperparameters extends AdamHyper {
  amsgrad: boolean;
}

export type AdamOptions = Partial<AdamHyperparameters>;

export interface AdamState {
  step?: number;
  exp_avg?: Tensor;
  exp_avg_sq?: Tensor;
  max_exp_avg_sq?: Tensor;
}

function adamDefaults(name: string, options: AdamOptions, weight_decay: number): AdamHyperparameters {
  const defaults: AdamHyperparameters = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay, amsgrad: false, maximize: false };
  const h = withDefaults(name, defaults, options);
  check(Array.isArray(h.betas) && h.betas.length === 2, `betas must be a pair [beta1, beta2], got ${String(h.betas)}`);
  check(h.lr >= 0, `Invalid learning rate: ${h.lr}`);
  check(h.eps >= 0, `Invalid epsilon value: ${h.eps}`);
  h.betas.forEach((beta, i) => check(beta >= 0 && beta < 1, `Invalid beta parameter at index ${i}: ${beta}`));
  check(h.weight_decay >= 0, `Invalid weight_decay value: ${h.weight_decay}`);
  return h;
}

export class Adam extends Optimizer<AdamHyperparameters, AdamState> {
  /** AdamW's weight decay: shrink the weights by lr * weight_decay instead of adding weight_decay * param to grad. */
  protected readonly decoupledWeightDecay: boolean = false;

  constructor(params: Params, options: AdamOptions = {}) {
    super(params, adamDefaults(new.target.name, options, 0));
  }

  protected update(p: Tensor, param: Storage, grad: Storage, group: ParamGroup<AdamHyperparameters>, state: AdamState): void {
    state.step = (state.step ?? 0) + 1;
    const expAvg = (state.exp_avg ??= zerosLike(p));
    const expAvgSq = (state.exp_avg_sq ??= zerosLike(p));
    const maxExpAvgSq = group.amsgrad ? (state.max_exp_avg_sq ??= zerosLike(p))._storage : null;
    B.adamStep(param, grad, expAvg._storage, expAvgSq._storage, maxExpAvgSq, state.step, group, this.decoupledWeightDecay);
  }
}

export class AdamW extends Adam {
  protected override readonly decoupledWeightDecay = true;

  constructor(params: Params, options: AdamOptions = {}) {
    super(params, { ...options, weight_decay: options.weight_decay ?? 0.01 });
  }
}
