// Loss modules (nn.MSELoss, nn.CrossEntropyLoss, ...): PyTorch's constructor arguments as one options object
// (weight also positional), weight and pos_weight registered as buffers so they appear in state_dict, and
// forward through the functional forms. Like PyTorch's, they print as `CrossEntropyLoss()` whatever their options.
import { Tensor, typeName } from '../tensor';
import { Module } from './module';
import * as F from './loss_functions';
import type { BCEWithLogitsOptions, CrossEntropyOptions, HuberOptions, KLDivOptions, NLLLossOptions, Reduction, ReductionOptions, SmoothL1Options, WeightedLossOptions } from './loss_functions';

/** Rejects constructor options PyTorch doesn't take, as Python rejects unknown keyword arguments. */
function checkKeys(cls: string, options: object, allowed: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options) || options instanceof Tensor) {
    throw new TypeError(`${cls}(): expected an options object, got ${typeName(options)}`);
  }
  const unknown = Object.keys(options).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw new TypeError(`${cls}.__init__() got an unexpected keyword argument '${unknown}'`);
}

/** The options object of a (weight, options?) or (options?) call. */
function optionsOf<O extends WeightedLossOptions>(weight: Tensor | null | O | undefined, options: O | undefined): O {
  return ((weight instanceof Tensor || weight === null ? options : weight) ?? {}) as O;
}

/** Base of the losses: holds `reduction` (PyTorch's nn.modules.loss._Loss). */
export class _Loss extends Module {
  reduction: Reduction;
  constructor(options: ReductionOptions = {}, allowed: readonly string[] = ['reduction']) {
    super();
    checkKeys(new.target.name, options, allowed);
    this.reduction = options.reduction ?? 'mean';
  }
}

/** Base of the losses with a per-class or per-element `weight` buffer (PyTorch's _WeightedLoss). */
export class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;
  /** (weight, options?) or (options?), as PyTorch's weight is its first positional argument. */
  constructor(weight: Tensor | null | WeightedLossOptions | undefined, options: WeightedLossOptions | undefined, allowed: readonly string[]) {
    const positional = weight instanceof Tensor || weight === null;
    const opts = optionsOf(weight, options);
    super(opts, ['weight', ...allowed]);
    if (positional && opts.weight !== undefined) throw new TypeError(`${new.target.name}.__init__() got multiple values for argument 'weight'`);
    this.register_buffer('weight', positional ? weight : (opts.weight ?? null));
  }
}

export class MSELoss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, { reduction: this.reduction });
  }
}

export class L1Loss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, { reduction: this.reduction });
  }
}

export class SmoothL1Loss extends _Loss {
  beta: number;
  constructor(options: SmoothL1Options = {}) {
    super(options, ['reduction', 'beta']);
    this.beta = options.beta ?? 1;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export class HuberLoss extends _Loss {
  delta: number;
  constructor(options: HuberOptions = {}) {
    super(options, ['reduction', 'delta']);
    this.delta = options.delta ?? 1;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Its reduction may also be 'batchmean', so it holds its own rather than _Loss's. */
export class KLDivLoss extends Module {
  reduction: Reduction | 'batchmean';
  log_target: boolean;
  constructor(options: KLDivOptions = {}) {
    super();
    checkKeys('KLDivLoss', options, ['reduction', 'log_target']);
    this.reduction = options.reduction ?? 'mean';
    this.log_target = !!options.log_target;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

export class BCELoss extends _WeightedLoss {
  constructor(weight?: Tensor | null | WeightedLossOptions, options?: WeightedLossOptions) {
    super(weight, options, ['reduction']);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export class BCEWithLogitsLoss extends _WeightedLoss {
  declare pos_weight: Tensor | null;
  constructor(weight?: Tensor | null | BCEWithLogitsOptions, options?: BCEWithLogitsOptions) {
    super(weight, options, ['reduction', 'pos_weight']);
    const opts = optionsOf(weight, options);
    this.register_buffer('pos_weight', opts.pos_weight ?? null);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, reduction: this.reduction, pos_weight: this.pos_weight });
  }
}

export class NLLLoss extends _WeightedLoss {
  ignore_index: number;
  constructor(weight?: Tensor | null | NLLLossOptions, options?: NLLLossOptions) {
    super(weight, options, ['reduction', 'ignore_index']);
    const opts = optionsOf(weight, options);
    this.ignore_index = opts.ignore_index ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends _WeightedLoss {
  ignore_index: number;
  label_smoothing: number;
  constructor(weight?: Tensor | null | CrossEntropyOptions, options?: CrossEntropyOptions) {
    super(weight, options, ['reduction', 'ignore_index', 'label_smoothing']);
    const opts = optionsOf(weight, options);
    this.ignore_index = opts.ignore_index ?? -100;
    this.label_smoothing = opts.label_smoothing ?? 0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, {
      weight: this.weight,
      ignore_index: this.ignore_index,
      reduction: this.reduction,
      label_smoothing: this.label_smoothing,
    });
  }
}
