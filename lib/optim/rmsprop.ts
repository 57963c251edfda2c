// torch.optim.RMSprop: scales the gradient by a running RMS of past gradients (centered: of their deviation
// from the running mean), with optional momentum.
import type { Tensor } from '../tensor';
import type { Storage } from '../dtype';
import { B } from '../backend';
import type { RmspropHyper } from '../backend/types';
import { Optimizer, check, withDefaults, zerosLike, type ParamGroup, type Params } from './optimizer';

export interface RMSpropHyperparameters extends RmspropHyper {
  centered: boolean;
}

export type RMSpropOptions = Partial<RMSpropHyperparameters>;

export interface RMSpropState {
  step?: number;
  square_avg?: Tensor;
  momentum_buffer?: Tensor;
  grad_avg?: Tensor;
}

const RMSPROP_DEFAULTS: RMSpropHyperparameters = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false };

export class RMSprop extends Optimizer<RMSpropHyperparameters, RMSpropState> {
  constructor(params: Params, options: RMSpropOptions = {}) {
    const h = withDefaults('RMSprop', RMSPROP_DEFAULTS, options);
    check(h.lr >= 0, `Invalid learning rate: ${h.lr}`);
    check(h.eps >= 0, `Invalid epsilon value: ${h.eps}`);
    check(h.momentum >= 0, `Invalid momentum value: ${h.momentum}`);
    check(h.weight_decay >= 0, `Invalid weight_decay value: ${h.weight_decay}`);
    check(h.alpha >= 0, `Invalid alpha value: ${h.alpha}`);
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, group: ParamGroup<RMSpropHyperparameters>, state: RMSpropState): void {
    state.step = (state.step ?? 0) + 1;
    const squareAvg = (state.square_avg ??= zerosLike(p));
    const momentumBuffer = group.momentum > 0 ? (state.momentum_buffer ??= zerosLike(p))._storage : null;
    const gradAvg = group.centered ? (state.grad_avg ??= zerosLike(p))._storage : null;
    B.rmspropStep(param, grad, squareAvg._storage, gradAvg, momentumBuffer, group);
  }
}
