// Loss functions in functional form (F.mse_loss, F.cross_entropy, ...) with PyTorch 1.13's semantics. Most are
// composed from differentiable ops, so backward comes for free; nll_loss's gather is one small op with its
// backward beside it, and binary_cross_entropy keeps PyTorch's own backward, which stays finite at 0 and 1.
import { autocastFloat32 } from '../autocast';
import { isFloating } from '../dtype';
import { anyReduced, inFloat32 } from '../ops/shape';
import { fmtShape, numelOf } from '../shape';
import { B } from '../backend';
import { record } from '../autograd';
import { Tensor, checkTensor, fromValues, typeName } from '../tensor';
import * as ew from '../ops/elementwise';
import { log_softmax } from '../ops/reduce';

import { applyReduction, checkReduction, softplus, type Reduction } from './reduction';

export type { Reduction } from './reduction';
export interface ReductionOptions {
  reduction?: Reduction;
}
export interface SmoothL1Options extends ReductionOptions {
  beta?: number;
}
export interface HuberOptions extends ReductionOptions {
  delta?: number;
}
export interface KLDivOptions {
  reduction?: Reduction | 'batchmean';
  log_target?: boolean;
}
export interface WeightedLossOptions extends ReductionOptions {
  weight?: Tensor | null;
}
export interface BCEWithLogitsOptions extends WeightedLossOptions {
  pos_weight?: Tensor | null;
}
export interface NLLLossOptions extends WeightedLossOptions {
  ignore_index?: number;
}
export interface CrossEntropyOptions extends NLLLossOptions {
  label_smoothing?: number;
}

// ---------------------------------------------------------------------------------------- arguments

/** The trailing options object; unknown keys throw, as Python does, so a typo cannot silently change the loss. */
function readOptions<O extends object>(op: string, options: unknown, allowed: readonly string[], position: number): O {
  if (options === undefined || options === null) return {} as O;
  if (typeof options !== 'object' || Array.isArray(options) || options instanceof Tensor) {
    throw new TypeError(`${op}(): expected an options object as argument ${position}, got ${typeName(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`${op}(): got an unexpected keyword argument '${key}'`);
  }
  for (const key of ['weight', 'pos_weight'] as const) {
    const v = (options as Record<string, unknown>)[key];
    if (v != null) checkTensor(op, v, key, 3);
  }
  return options as O;
}

/** (weight, options?) or (options?): PyTorch's `weight` is positional as well as a keyword. */
function weightAndOptions<O extends WeightedLossOptions>(op: string, weight: unknown, options: unknown, allowed: readonly string[]): O {
  if (!(weight instanceof Tensor) && weight !== null) return readOptions<O>(op, weight, allowed, 3);
  const opts = readOptions<O>(op, options, allowed, 4);
  if (opts.weight !== undefined) throw new TypeError(`${op}(): got multiple values for argument 'weight'`);
  return { ...opts, weight };
}



function checkFloating(op: string, t: Tensor, what: string): void {
  if (!isFloating(t.dtype)) throw new TypeError(`${op}(): expected a floating point ${what}, but found dtype ${t.dtype}`);
}

const sameShape = (a: Tensor, b: Tensor) => a.shape.length === b.shape.length && a.shape.every((s, i) => s === b.shape[i]);

/** weight / pos_weight of BCE: PyTorch expands them to the input's shape, so they must broadcast to it exactly. */
function checkBroadcastsTo(op: string, name: string, t: Tensor, shape: readonly number[]): void {
  const lead = shape.length - t.dim();
  if (lead < 0 || t.shape.some((s, i) => s !== 1 && s !== shape[lead + i])) {
    throw new RangeError(`${op}(): ${name} of shape ${fmtShape(t.shape)} cannot be broadcast to the input's shape ${fmtShape(shape)}`);
  }
}

// ---------------------------------------------------------------------------------------- regression

function difference(op: string, input: Tensor, target: Tensor): Tensor {
  checkTensor(op, input);
  checkTensor(op, target, 'target', 2);
  // PyTorch broadcasts a differently shaped target (with a warning); incompatible shapes fail in sub, naming the shapes
  return input.sub(target);
}

/**
 * A loss computed at the precision PyTorch gives it, or undefined where no change applies: inside autocast in
 * float32 (and so returned), with float16/bfloat16 operands in float32 and rounded back once.
 */
function lossPrecision(loss: (...args: never[]) => Tensor, args: IArguments): Tensor | undefined {
  const wide = autocastFloat32<never[]>(args);
  if (wide) return loss(...wide);
  if (anyReduced(args)) return inFloat32(loss, args);
  return undefined;
}

export function mse_loss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const atPrecision = lossPrecision(mse_loss, arguments);
  if (atPrecision) return atPrecision;
  const { reduction } = readOptions<ReductionOptions>('mse_loss', options, ['reduction'], 3);
  return applyReduction(difference('mse_loss', input, target).square(), checkReduction('mse_loss', reduction));
}

export function l1_loss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const atPrecision = lossPrecision(l1_loss, arguments);
  if (atPrecision) return atPrecision;
  const { reduction } = readOptions<ReductionOptions>('l1_loss', options, ['reduction'], 3);
  return applyReduction(difference('l1_loss', input, target).abs(), checkReduction('l1_loss', reduction));
}

/** Quadratic below beta (0.5 d^2 / beta), linear above (|d| - 0.5 beta); beta = 0 is l1_loss. */
export function smooth_l1_loss(input: Tensor, target: Tensor, options?: SmoothL1Options): Tensor {
  const atPrecision = lossPrecision(smooth_l1_loss, arguments);
  if (atPrecision) return atPrecision;
  const op = 'smooth_l1_loss';
  const opts = readOptions<SmoothL1Options>(op, options, ['reduction', 'beta'], 3);
  const reduction = checkReduction(op, opts.reduction);
  const beta = opts.beta ?? 1;
  if (typeof beta !== 'number') throw new TypeError(`${op}(): argument 'beta' must be float, not ${typeName(beta)}`);
  if (beta < 0) throw new RangeError(`${op}(): smooth_l1_loss does not support negative values for beta.`);
  const d = difference(op, input, target);
  const size = d.abs();
  // beta = 0 would divide 0 by 0 in the (never chosen) quadratic branch, and NaN gradients leak through where
  if (beta === 0) return applyReduction(size, reduction);
  return applyReduction(ew.where(size.lt(beta), d.square().mul(0.5).div(beta), size.sub(0.5 * beta)), reduction);
}

/** Quadratic below delta (0.5 d^2), linear above (delta (|d| - 0.5 delta)): smooth_l1_loss times delta. */
export function huber_loss(input: Tensor, target: Tensor, options?: HuberOptions): Tensor {
  const atPrecision = lossPrecision(huber_loss, arguments);
  if (atPrecision) return atPrecision;
  const op = 'huber_loss';
  const opts = readOptions<HuberOptions>(op, options, ['reduction', 'delta'], 3);
  const reduction = checkReduction(op, opts.reduction);
  const delta = opts.delta ?? 1;
  if (typeof delta !== 'number') throw new TypeError(`${op}(): argument 'delta' must be float, not ${typeName(delta)}`);
  if (!(delta > 0)) throw new RangeError(`${op}(): huber_loss does not support non-positive values for delta.`);
  const d = difference(op, input, target);
  const size = d.abs();
  return applyReduction(ew.where(size.lt(delta), d.square().mul(0.5), size.sub(0.5 * delta).mul(delta)), reduction);
}

/**
 * target (log target - input), pointwise, with 0 where target is 0 (input holds log-probabilities); with
 * log_target, e^target (target - input). 'batchmean' divides the sum by the batch size (the KL divergence).
 */
export function kl_div(input: Tensor, target: Tensor, options?: KLDivOptions): Tensor {
  const atPrecision = lossPrecision(kl_div, arguments);
  if (atPrecision) return atPrecision;
  const op = 'kl_div';
  const opts = readOptions<KLDivOptions>(op, options, ['reduction', 'log_target'], 3);
  const reduction = opts.reduction === 'batchmean' ? 'batchmean' : checkReduction(op, opts.reduction);
  checkTensor(op, input);
  checkTensor(op, target, 'target', 2);
  let pointwise: Tensor;
  if (opts.log_target) {
    pointwise = ew.exp(target).mul(target.sub(input));
  } else {
    // x log x is 0 at x = 0; log reads 1 there so no -inf (and no NaN gradient) enters the unused branch
    const zero = target.eq(0);
    pointwise = ew.where(zero, 0, target.mul(ew.log(ew.where(zero, 1, target)))).sub(target.mul(input));
  }
  if (reduction !== 'batchmean') return applyReduction(pointwise, reduction);
  return input.dim() === 0 ? pointwise.sum() : pointwise.sum().div(input.shape[0]);
}

// ---------------------------------------------------------------------------------------- binary

function checkBinaryTarget(op: string, input: Tensor, target: Tensor, sizeMessage: (input: string, target: string) => string): void {
  checkTensor(op, input);
  checkTensor(op, target, 'target', 2);
  checkFloating(op, input, 'input');
  checkFloating(op, target, 'target');
  if (!sameShape(input, target)) throw new RangeError(`${op}(): ${sizeMessage(fmtShape(input.shape), fmtShape(target.shape))}`);
}

/** -weight (t log(x) + (1 - t) log(1 - x)) with each log clamped at -100, as PyTorch: inputs 0 and 1 stay finite. */
export function binary_cross_entropy(input: Tensor, target: Tensor, weight?: Tensor | null | WeightedLossOptions, options?: WeightedLossOptions): Tensor {
  const atPrecision = lossPrecision(binary_cross_entropy, arguments);
  if (atPrecision) return atPrecision;
  const op = 'binary_cross_entropy';
  const opts = weightAndOptions<WeightedLossOptions>(op, weight, options, ['weight', 'reduction']);
  const reduction = checkReduction(op, opts.reduction);
  checkBinaryTarget(op, input, target, (inputShape, targetShape) =>
    `Using a target size (${targetShape}) that is different to the input size (${inputShape}) is deprecated. Please ensure they have the same size.`);
  for (const v of input._contiguousData()) {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${op}(): all elements of input should be between 0 and 1`);
  }
  if (opts.weight) checkBroadcastsTo(op, 'weight', opts.weight, input.shape);
  const x = input.detach();
  const t = target.detach();
  const logX = ew.clamp(ew.log(x), -100);
  const log1mX = ew.clamp(ew.log1p(x.neg()), -100);
  const loss = record(t.sub(1).mul(log1mX).sub(t.mul(logX)), 'BinaryCrossEntropyBackward0', [input, target], (g) => [
    // PyTorch's (x - t) / max(x (1 - x), 1e-12), not the clamped logs' zero gradient at x = 0 and 1
    g.mul(x.sub(t)).div(ew.clamp(x.mul(x.neg().add(1)), 1e-12)),
    // PyTorch's target gradient takes the logs unclamped (infinite at x = 0 and 1)
    g.mul(ew.log1p(x.neg()).sub(ew.log(x))),
  ]);
  return applyReduction(opts.weight ? loss.mul(opts.weight) : loss, reduction);
}


/**
 * (1 - t) softplus(x) + pos_weight t softplus(-x): PyTorch's (1 - t) x + (1 + (pos_weight - 1) t) log(1 + e^-x),
 * regrouped so that autograd's gradient, (1 - t) sigmoid(x) - pos_weight t sigmoid(-x), has no cancellation at t = 0 or 1.
 */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight?: Tensor | null | BCEWithLogitsOptions, options?: BCEWithLogitsOptions): Tensor {
  const atPrecision = lossPrecision(binary_cross_entropy_with_logits, arguments);
  if (atPrecision) return atPrecision;
  const op = 'binary_cross_entropy_with_logits';
  const opts = weightAndOptions<BCEWithLogitsOptions>(op, weight, options, ['weight', 'reduction', 'pos_weight']);
  const reduction = checkReduction(op, opts.reduction);
  checkBinaryTarget(op, input, target, (inputShape, targetShape) => `Target size (${targetShape}) must be the same as input size (${inputShape})`);
  if (opts.weight) checkBroadcastsTo(op, 'weight', opts.weight, input.shape);
  if (opts.pos_weight) checkBroadcastsTo(op, 'pos_weight', opts.pos_weight, input.shape);
  const positiveTerm = target.mul(softplus(input.neg()));
  const loss = target.neg().add(1).mul(softplus(input)).add(opts.pos_weight ? positiveTerm.mul(opts.pos_weight) : positiveTerm);
  return applyReduction(opts.weight ? loss.mul(opts.weight) : loss, reduction);
}

// ---------------------------------------------------------------------------------------- classification

/** Where each target position picks its class, validated in full before any element is read. */
interface ClassPicks {
  /** Class per target position, -1 where ignored. */
  classes: Float64Array;
  /** weight[class] per position, 0 where ignored. */
  weights: Float64Array;
  /** Sum of weights: the 'mean' denominator. */
  totalWeight: number;
}

const classDimOf = (input: Tensor) => (input.dim() === 1 ? 0 : 1);

function checkClassInput(op: string, input: Tensor): number {
  checkTensor(op, input);
  checkFloating(op, input, 'input');
  if (input.dim() === 0) throw new RangeError(`${op}(): Expected 1 or more dimensions (got 0)`);
  return input.shape[classDimOf(input)];
}

function checkClassWeight(op: string, weight: Tensor, nClasses: number): void {
  if (weight.dim() !== 1 || weight.numel() !== nClasses) {
    throw new RangeError(
      `${op}(): weight tensor should be defined either for all ${nClasses} classes or no classes but got weight tensor of shape: ${fmtShape(weight.shape)}`,
    );
  }
}

/** Class indices: int64 (or int32), shaped [N, d1, ...] for input [N, C, d1, ...], or 0-d for input [C]. */
function checkIndexTarget(op: string, input: Tensor, target: Tensor): void {
  if (target.dtype !== 'int64' && target.dtype !== 'int32') {
    const probabilityHint = op === 'cross_entropy' && isFloating(target.dtype)
      ? `; a floating point target holds class probabilities and must have the input's shape ${fmtShape(input.shape)}, got ${fmtShape(target.shape)}`
      : '';
    throw new TypeError(`${op}(): expected a target of class indices (int64), but found dtype ${target.dtype}${probabilityHint}`);
  }
  if (input.dim() === 1) {
    if (target.dim() !== 0) throw new RangeError(`${op}(): size mismatch (got input: ${fmtShape(input.shape)}, target: ${fmtShape(target.shape)})`);
    return;
  }
  const batch = target.dim() === 0 ? 0 : target.shape[0];
  if (batch !== input.shape[0]) {
    throw new RangeError(`${op}(): Expected input batch_size (${input.shape[0]}) to match target batch_size (${batch}).`);
  }
  const expected = [input.shape[0], ...input.shape.slice(2)];
  if (target.dim() !== expected.length || target.shape.some((s, i) => s !== expected[i])) {
    throw new RangeError(`${op}(): Expected target size ${fmtShape(expected)}, got ${fmtShape(target.shape)}`);
  }
}

function pickClasses(op: string, input: Tensor, target: Tensor, opts: NLLLossOptions): ClassPicks {
  const nClasses = checkClassInput(op, input);
  checkTensor(op, target, 'target', 2);
  checkIndexTarget(op, input, target);
  if (opts.weight) checkClassWeight(op, opts.weight, nClasses);
  const ignoreIndex = opts.ignore_index ?? -100;
  if (!Number.isInteger(ignoreIndex)) throw new TypeError(`${op}(): argument 'ignore_index' must be int, not ${typeName(ignoreIndex)}`);
  const t = target._contiguousData();
  const w = opts.weight?._contiguousData();
  const classes = new Float64Array(t.length);
  const weights = new Float64Array(t.length);
  let totalWeight = 0;
  for (let p = 0; p < t.length; p++) {
    const c = t[p];
    if (c === ignoreIndex) {
      classes[p] = -1;
      continue;
    }
    if (!(c >= 0 && c < nClasses)) throw new RangeError(`${op}(): Target ${c} is out of bounds.`);
    classes[p] = c;
    weights[p] = w ? w[c] : 1;
    totalWeight += weights[p];
  }
  return { classes, weights, totalWeight };
}

/**
 * -weight[class] * input[n, class, ...] at each target position, reduced as PyTorch's nll_loss ('mean' divides by
 * the picked weights' sum, so all-ignored gives NaN); the backward puts the gradient back at the same places.
 */
function gatherLoss(input: Tensor, targetShape: readonly number[], picks: ClassPicks, reduction: Reduction): Tensor {
  const { classes, weights } = picks;
  const nClasses = input.shape[classDimOf(input)];
  const inner = numelOf(input.shape.slice(2));
  const offset = (p: number) => (Math.floor(p / inner) * nClasses + classes[p]) * inner + (p % inner);
  const x = input._contiguousData();
  const losses = new Float64Array(classes.length);
  for (let p = 0; p < classes.length; p++) if (classes[p] >= 0) losses[p] = -weights[p] * x[offset(p)];
  const denominator = reduction === 'mean' ? picks.totalWeight : 1;
  const out = reduction === 'none' ? fromValues(losses, targetShape, input.dtype) : fromValues([losses.reduce((a, b) => a + b, 0) / denominator], [], input.dtype);
  return record(out, 'NllLossBackward0', [input], (g) => {
    const gradOut = g._contiguousData();
    const grad = B.alloc(g.dtype, input.numel(), true);
    for (let p = 0; p < classes.length; p++) {
      if (classes[p] >= 0) grad[offset(p)] = (-weights[p] * (reduction === 'none' ? gradOut[p] : gradOut[0])) / denominator;
    }
    return [new Tensor(grad, input.shape, g.dtype)];
  });
}

/** F.nll_loss(input, target, weight?, { weight, ignore_index = -100, reduction = 'mean' }): input holds log-probabilities. */
export function nll_loss(input: Tensor, target: Tensor, weight?: Tensor | null | NLLLossOptions, options?: NLLLossOptions): Tensor {
  const atPrecision = lossPrecision(nll_loss, arguments);
  if (atPrecision) return atPrecision;
  const opts = weightAndOptions<NLLLossOptions>('nll_loss', weight, options, ['weight', 'ignore_index', 'reduction']);
  const reduction = checkReduction('nll_loss', opts.reduction);
  const picks = pickClasses('nll_loss', input, target, opts);
  return gatherLoss(input, target.shape, picks, reduction);
}

/** weight viewed to broadcast along the class dim of input ([1, C, 1, ...]). */
function classWeightView(weight: Tensor, input: Tensor): Tensor {
  return input.dim() === 1 ? weight : weight.reshape(input.shape.map((s, i) => (i === 1 ? s : 1)));
}

/**
 * F.cross_entropy(input, target, weight?, { weight, ignore_index = -100, reduction = 'mean', label_smoothing = 0 }):
 * log_softmax over the class dim, then nll_loss for class-index targets (fused into one pass without label
 * smoothing), or -sum(target * log_softmax) for class-probability targets (a floating point target of the
 * input's shape).
 */
export function cross_entropy(input: Tensor, target: Tensor, weight?: Tensor | null | CrossEntropyOptions, options?: CrossEntropyOptions): Tensor {
  const atPrecision = lossPrecision(cross_entropy, arguments);
  if (atPrecision) return atPrecision;
  const op = 'cross_entropy';
  const opts = weightAndOptions<CrossEntropyOptions>(op, weight, options, ['weight', 'ignore_index', 'reduction', 'label_smoothing']);
  const reduction = checkReduction(op, opts.reduction);
  const smoothing = opts.label_smoothing ?? 0;
  if (typeof smoothing !== 'number') throw new TypeError(`${op}(): argument 'label_smoothing' must be float, not ${typeName(smoothing)}`);
  if (!(smoothing >= 0 && smoothing <= 1)) throw new RangeError(`${op}(): label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`);
  const nClasses = checkClassInput(op, input);
  checkTensor(op, target, 'target', 2);
  const classDim = classDimOf(input);
  if (sameShape(input, target)) return probabilityTargetLoss(input, target, opts, reduction, smoothing);

  const picks = pickClasses(op, input, target, opts);
  if (smoothing === 0) return fusedCrossEntropy(input, target.shape, picks, reduction);
  const logProbs = log_softmax(input, classDim);
  const nll = gatherLoss(logProbs, target.shape, picks, reduction);
  // PyTorch 1.13: (1 - e) nll + e / C * (the loss against a uniform target), zero at ignored positions and
  // normalized like nll ('mean' divides by the same picked weights' sum)
  const weighted = opts.weight ? logProbs.mul(classWeightView(opts.weight, input)) : logProbs;
  const uniform = ew.where(target.eq(opts.ignore_index ?? -100), 0, weighted.sum(classDim).neg());
  const reduced = reduction === 'mean' ? uniform.sum().div(picks.totalWeight) : applyReduction(uniform, reduction);
  return nll.mul(1 - smoothing).add(reduced.mul(smoothing / nClasses));
}

/**
 * log_softmax then nll_loss (gatherLoss) without the log-probability tensor: B.crossEntropy makes one pass per
 * position (max, log-sum-exp, the target's log-probability) and keeps the max and log-sum-exp for backward, which
 * is one pass too: softmax * scale minus scale at the target, scale being weight * g / normalizer. The kernels
 * round as log_softmax, nll_loss and log_softmax's backward do, so values and gradients are the composed path's.
 */
function fusedCrossEntropy(input: Tensor, targetShape: readonly number[], picks: ClassPicks, reduction: Reduction): Tensor {
  const { classes, weights } = picks;
  const nClasses = input.shape[classDimOf(input)];
  const outer = input.dim() === 1 ? 1 : input.shape[0];
  const inner = numelOf(input.shape.slice(2));
  const positions = classes.length;
  const x = input._contiguousData();
  const stats = new Float64Array(2 * positions);
  const losses = new Float64Array(positions);
  if (positions > 0) B.crossEntropy(x, classes, weights, stats, losses, outer, nClasses, inner);
  const denominator = reduction === 'mean' ? picks.totalWeight : 1;
  const out = reduction === 'none' ? fromValues(losses, targetShape, input.dtype) : fromValues([losses.reduce((a, b) => a + b, 0) / denominator], [], input.dtype);
  return record(out, 'NllLossBackward0', [input], (g) => {
    const gradOut = g._contiguousData();
    // nll_loss's gradient at the target, negated, rounded as its gradient tensor would hold it
    const round = g.dtype === 'float32' ? Math.fround : (v: number) => v;
    const scale = new Float64Array(positions);
    for (let p = 0; p < positions; p++) {
      if (classes[p] >= 0) scale[p] = round((weights[p] * (reduction === 'none' ? gradOut[p] : gradOut[0])) / denominator);
    }
    const grad = B.alloc(g.dtype, input.numel(), false);
    if (grad.length > 0) B.crossEntropyBackward(x, classes, scale, stats, grad, outer, nClasses, inner);
    return [new Tensor(grad, input.shape, g.dtype)];
  });
}

/** -sum over classes of target * log_softmax(input); 'mean' divides by the number of positions, weighted or not. */
function probabilityTargetLoss(input: Tensor, target: Tensor, opts: CrossEntropyOptions, reduction: Reduction, smoothing: number): Tensor {
  const op = 'cross_entropy';
  if (!isFloating(target.dtype)) throw new TypeError(`${op}(): Expected floating point type for target with class probabilities, got ${target.dtype}`);
  if ((opts.ignore_index ?? -100) >= 0) throw new RangeError(`${op}(): ignore_index is not supported for floating point target`);
  const classDim = classDimOf(input);
  const nClasses = input.shape[classDim];
  if (opts.weight) checkClassWeight(op, opts.weight, nClasses);
  const smoothed = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / nClasses) : target;
  const terms = log_softmax(input, classDim).mul(smoothed);
  const weighted = opts.weight ? terms.mul(classWeightView(opts.weight, input)) : terms;
  if (reduction === 'none') return weighted.sum(classDim).neg();
  const total = weighted.sum().neg();
  return reduction === 'sum' ? total : total.div(input.numel() / nClasses);
}
