// torch.optim.Rprop: PyTorch 1.13's single-tensor update, one JS pass per parameter on either backend (as
// adaptive.ts: math in double, each element rounded when stored into its parameter-typed buffer). `foreach` is
// accepted and kept in the groups as PyTorch does; both of its paths compute the same update.
import type { Tensor } from '../tensor';
import type { Storage } from '../dtype';
import { Optimizer, check, roundingOf, withDefaults, zerosLike, type ParamGroup, type Params } from './optimizer';

export interface RpropHyperparameters {
  lr: number;
  /** [etaminus, etaplus]: the step size's factors after a gradient sign change / no change. */
  etas: [number, number];
  /** [min, max] step size. */
  step_sizes: [number, number];
  foreach: boolean | null;
  maximize: boolean;
}
export interface RpropState {
  step?: number;
  /** The previous step's gradient (0 where its sign flipped). */
  prev?: Tensor;
  /** Each element's step size, starting at lr. */
  step_size?: Tensor;
}

/** Rprop: each element moves by its own step size against the gradient's sign; the step grows while that sign holds. */
export class Rprop extends Optimizer<RpropHyperparameters, RpropState> {
  constructor(params: Params, options: Partial<RpropHyperparameters> = {}) {
    const h = withDefaults<RpropHyperparameters>('Rprop', { lr: 1e-2, etas: [0.5, 1.2], step_sizes: [1e-6, 50], foreach: null, maximize: false }, options);
    check(h.lr >= 0, `Invalid learning rate: ${h.lr}`);
    check(0 < h.etas[0] && h.etas[0] < 1 && 1 < h.etas[1], `Invalid eta values: ${h.etas[0]}, ${h.etas[1]}`);
    super(params, h);
  }

  protected update(p: Tensor, param: Storage, grad: Storage, h: ParamGroup<RpropHyperparameters>, state: RpropState): void {
    state.step = (state.step ?? 0) + 1;
    const prev = (state.prev ??= zerosLike(p))._storage;
    const stepSize = (state.step_size ??= zerosLike(p).fill_(h.lr))._storage;
    const round = roundingOf(p);
    // PyTorch writes the factors into a tensor shaped like the parameter: they are rounded as its elements
    const [etaminus, etaplus] = h.etas.map(round);
    const [min, max] = h.step_sizes;
    for (let i = 0; i < param.length; i++) {
      let g = h.maximize ? -grad[i] : grad[i];
      const sign = Math.sign(round(g * prev[i]));
      stepSize[i] = stepSize[i] * (sign > 0 ? etaplus : sign < 0 ? etaminus : sign === 0 ? 1 : NaN);
      stepSize[i] = Math.min(Math.max(stepSize[i], min), max); // NaN stays NaN, as torch.clamp
      if (sign < 0) g = 0; // a sign change: no move now, and no sign change seen next step
      param[i] = param[i] - Math.sign(g) * stepSize[i];
      prev[i] = g;
    }
  }
}
