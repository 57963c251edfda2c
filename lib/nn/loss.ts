// Loss modules (nn.MSELoss, nn.CrossEntropyLoss, ...): PyTorch's constructor arguments as one options object
// (weight also positional), weight and pos_weight registered as buffers so they appear in state_dict, and
// forward through the functional forms. Like PyTorch's, they print as `CrossEntropyLoss()` whatever their options.
import { Tensor, typeName } from '../tensor';
import { Module } from './module';
import * as F from './loss_functions';
import * as M from './margin_losses';
import { kwargs } from './kwargs';
import { checkArgs } from '../args';
import { named } from './activation';
import { PairwiseDistance } from './layers';
import { ctc_loss } from './ctc';
import { warnOnce } from '../utils/warnings';
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

/** NLLLoss2d: NLLLoss under its deprecated name (PyTorch 1.13 warns when one is made). */
export class NLLLoss2d extends NLLLoss {
  constructor(weight?: Tensor | null | NLLLossOptions, options?: NLLLossOptions) {
    super(weight, options);
    warnOnce('NLLLoss2d has been deprecated. Please use NLLLoss instead as a drop-in replacement and see https://pytorch.org/docs/master/nn.html#torch.nn.NLLLoss for more details.');
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

/**
 * A loss module over the functional `fn` of `tensors` tensor arguments, whose hyperparameters `names` (PyTorch's
 * constructor order; reduction last) are positional or in an options object; a `weight` is a buffer.
 */
function hyperparameterLoss<O extends object>(name: string, fn: (...args: unknown[]) => Tensor, tensors: number, names: readonly (keyof O & string)[], defaults: O) {
  const Loss = named(name, class extends _Loss {
    constructor(...args: unknown[]) {
      const a = kwargs<Record<string, unknown>>(name, [...names, 'reduction'], { ...defaults, reduction: 'mean' }, args);
      super({ reduction: a.reduction as Reduction });
      for (const key of names) {
        if (key === 'weight') this.register_buffer('weight', (a.weight as Tensor | null) ?? null);
        else (this as Record<string, unknown>)[key] = a[key];
      }
    }
    override forward(...inputs: Tensor[]): Tensor {
      checkArgs(`${name}.forward`, inputs, tensors);
      const self = this as unknown as Record<string, unknown>;
      return fn(...inputs, { ...Object.fromEntries(names.map((key) => [key, self[key]])), reduction: this.reduction });
    }
  });
  return Loss as unknown as new (...args: (number | boolean | Tensor | null | (Partial<O> & { reduction?: Reduction }))[]) => _Loss & O & ((...inputs: Tensor[]) => Tensor);
}

type LossFn = (...args: unknown[]) => Tensor;
export const MarginRankingLoss = hyperparameterLoss('MarginRankingLoss', M.margin_ranking_loss as LossFn, 3, ['margin'], { margin: 0 });
export type MarginRankingLoss = InstanceType<typeof MarginRankingLoss>;
export const HingeEmbeddingLoss = hyperparameterLoss('HingeEmbeddingLoss', M.hinge_embedding_loss as LossFn, 2, ['margin'], { margin: 1 });
export type HingeEmbeddingLoss = InstanceType<typeof HingeEmbeddingLoss>;
export const SoftMarginLoss = hyperparameterLoss('SoftMarginLoss', M.soft_margin_loss as LossFn, 2, [], {});
export type SoftMarginLoss = InstanceType<typeof SoftMarginLoss>;
export const CosineEmbeddingLoss = hyperparameterLoss('CosineEmbeddingLoss', M.cosine_embedding_loss as LossFn, 3, ['margin'], { margin: 0 });
export type CosineEmbeddingLoss = InstanceType<typeof CosineEmbeddingLoss>;
export const TripletMarginLoss = hyperparameterLoss('TripletMarginLoss', M.triplet_margin_loss as LossFn, 3, ['margin', 'p', 'eps', 'swap'], { margin: 1, p: 2, eps: 1e-6, swap: false });
export type TripletMarginLoss = InstanceType<typeof TripletMarginLoss>;
export const MultiLabelSoftMarginLoss = hyperparameterLoss<{ weight: Tensor | null }>('MultiLabelSoftMarginLoss', M.multilabel_soft_margin_loss as LossFn, 2, ['weight'], { weight: null });
export type MultiLabelSoftMarginLoss = InstanceType<typeof MultiLabelSoftMarginLoss>;
export const MultiMarginLoss = hyperparameterLoss<{ p: number; margin: number; weight: Tensor | null }>('MultiMarginLoss', M.multi_margin_loss as LossFn, 2, ['p', 'margin', 'weight'], { p: 1, margin: 1, weight: null });
export type MultiMarginLoss = InstanceType<typeof MultiMarginLoss>;
export const PoissonNLLLoss = hyperparameterLoss('PoissonNLLLoss', M.poisson_nll_loss as LossFn, 2, ['log_input', 'full', 'eps'], { log_input: true, full: false, eps: 1e-8 });
export type PoissonNLLLoss = InstanceType<typeof PoissonNLLLoss>;
export const GaussianNLLLoss = hyperparameterLoss('GaussianNLLLoss', M.gaussian_nll_loss as LossFn, 3, ['full', 'eps'], { full: false, eps: 1e-6 });
export type GaussianNLLLoss = InstanceType<typeof GaussianNLLLoss>;
export const MultiLabelMarginLoss = hyperparameterLoss('MultiLabelMarginLoss', M.multilabel_margin_loss as LossFn, 2, [], {});
export type MultiLabelMarginLoss = InstanceType<typeof MultiLabelMarginLoss>;

/**
 * TripletMarginWithDistanceLoss({ distance_function = new PairwiseDistance(), margin = 1, swap = false,
 * reduction = 'mean' }): keyword-only options, as PyTorch's. A Module distance_function is a child module.
 */
export class TripletMarginWithDistanceLoss extends _Loss {
  distance_function: (x1: Tensor, x2: Tensor) => Tensor;
  margin: number;
  swap: boolean;
  constructor(options: M.TripletWithDistanceOptions = {}) {
    checkArgs('TripletMarginWithDistanceLoss.__init__', arguments, 0, ['distance_function', 'margin', 'swap', 'reduction'], 0);
    super(options, ['distance_function', 'margin', 'swap', 'reduction']);
    this.distance_function = options.distance_function ?? new PairwiseDistance();
    this.margin = options.margin ?? 1;
    this.swap = !!options.swap;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    checkArgs('TripletMarginWithDistanceLoss.forward', arguments, 3);
    const { distance_function, margin, swap, reduction } = this;
    return M.triplet_margin_with_distance_loss(anchor, positive, negative, { distance_function, margin, swap, reduction });
  }
}

/** CTCLoss(blank = 0, reduction = 'mean', zero_infinity = false); forward(log_probs, targets, input_lengths, target_lengths): F.ctc_loss. */
export class CTCLoss extends _Loss {
  blank: number;
  zero_infinity: boolean;
  constructor(...args: (number | boolean | string | { blank?: number; reduction?: Reduction; zero_infinity?: boolean })[]) {
    const a = kwargs<{ blank: number; reduction: Reduction; zero_infinity: boolean }>('CTCLoss', ['blank', 'reduction', 'zero_infinity'], { blank: 0, reduction: 'mean', zero_infinity: false }, args);
    super({ reduction: a.reduction });
    this.blank = a.blank;
    this.zero_infinity = !!a.zero_infinity;
  }
  override forward(log_probs: Tensor, targets: Tensor, input_lengths: Tensor | readonly number[] | number, target_lengths: Tensor | readonly number[] | number): Tensor {
    checkArgs('CTCLoss.forward', arguments, 4);
    return ctc_loss(log_probs, targets, input_lengths, target_lengths, { blank: this.blank, reduction: this.reduction, zero_infinity: this.zero_infinity });
  }
}
