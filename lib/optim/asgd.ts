// torch.optim.ASGD: PyTorch 1.13's single-tensor update, one JS pass per parameter on either backend (as
// adaptive.ts: math in double, each element rounded when stored into its parameter-typed buffer). `foreach` is
// accepted and kept in the groups as PyTorch does.
import type { Tensor } from '../tensor';
import type { Storage } from '../dtype';
import { Optimizer, check, roundingOf, withDefaults, zerosLike, type ParamGroup, type Params } from './optimizer';

export interface ASGDHyperparameters {
  lr: number;
  /** Decay term. */
  lambd: number;
  /** Power of the eta schedule. */
  alpha: number;
  /** The step after which averaging starts. */
  t0: number;
  weight_decay: number;
  foreach: boolean | null;
  maximize: boolean;
}
export interface ASGDState {
  step?: number;
  /** This step's learning rate lr / (1 + lambd lr step)^alpha (a float32 scalar tensor in PyTorch). */
  eta?: number;
  /** The averaging weight 1 / max(1, step - t0) (float32 in PyTorch too). */
  mu?: number;
  /** The running average of the parameter. */
  ax?: Tensor;
}

/** Averaged SGD: SGD with a decaying learning rate, keeping the average of the iterates after t0 steps in `ax`. */
export class ASGD extends Optimizer<ASGDHyperparameters, ASGDState> {
  constructor(params: Params, options: Partial<ASGDHyperparameters> = {}) {
    const h = withDefaults<ASGDHyperparameters>('ASGD', { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0, foreach: null, maximize: false }, options);
    check(h.lr >= 0, `Invalid learning rate: ${h.lr}`);
    check(h.weight_decay >= 0, `Invalid weight_decay value: ${h.weight_decay}`);
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, h: ParamGroup<ASGDHyperparameters>, state: ASGDState): void {
    const step = (state.step = (state.step ?? 0) + 1);
    const eta = (state.eta ??= Math.fround(h.lr));
    const mu = (state.mu ??= 1);
    const ax = (state.ax ??= zerosLike(p))._storage;
    const round = roundingOf(p);
    const decay = round(1 - h.lambd * eta); // a scalar multiplier PyTorch casts to the parameter's dtype
    for (let i = 0; i < param.length; i++) {
      let g = h.maximize ? -grad[i] : grad[i];
      if (h.weight_decay !== 0) g = round(g + h.weight_decay * param[i]);
      param[i] = param[i] * decay;
      param[i] = param[i] - eta * g;
      ax[i] = mu !== 1 ? ax[i] + (param[i] - ax[i]) * mu : param[i];
    }
    state.eta = Math.fround(h.lr / (1 + h.lambd * h.lr * step) ** h.alpha);
    state.mu = Math.fround(1 / Math.max(1, step - h.t0));
  }
}
