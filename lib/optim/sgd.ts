// torch.optim.SGD: stochastic gradient descent with optional momentum (Nesterov too), dampening and weight decay.
import type { Tensor } from '../tensor';
import type { Storage } from '../dtype';
import { B } from '../backend';
import type { SgdHyper } from '../backend/types';
import { Optimizer, check, withDefaults, zerosLike, type ParamGroup, type Params } from './optimizer';

export type SGDOptions = Partial<SgdHyper>;

export interface SGDState {
  momentum_buffer?: Tensor;
}

/** lr defaults to 1e-3 as in current PyTorch (1.13 required it). */
const SGD_DEFAULTS: SgdHyper = { lr: 1e-3, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false };

export class SGD extends Optimizer<SgdHyper, SGDState> {
  constructor(params: Params, options: SGDOptions = {}) {
    const h = withDefaults('SGD', SGD_DEFAULTS, options);
    check(h.lr >= 0, `Invalid learning rate: ${h.lr}`);
    check(h.momentum >= 0, `Invalid momentum value: ${h.momentum}`);
    check(h.weight_decay >= 0, `Invalid weight_decay value: ${h.weight_decay}`);
    check(!h.nesterov || (h.momentum > 0 && h.dampening === 0), 'Nesterov momentum requires a momentum and zero dampening');
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, group: ParamGroup<SgdHyper>, state: SGDState): void {
    // the buffer starts as the first (decayed) gradient, not as zeros
    const fresh = group.momentum !== 0 && !state.momentum_buffer;
    if (fresh) state.momentum_buffer = zerosLike(p);
    const buffer = group.momentum !== 0 ? state.momentum_buffer!._storage : null;
    B.sgdStep(param, grad, buffer, fresh, group);
  }
}
