// The ranking, embedding and likelihood losses (F.margin_ranking_loss, hinge_embedding_loss, soft_margin_loss,
// cosine_embedding_loss, triplet_margin_loss, multilabel_soft_margin_loss, multi_margin_loss, poisson_nll_loss,
// gaussian_nll_loss) and F.pairwise_distance, with PyTorch 1.13's formulas, composed from differentiable ops.
// Numeric arguments may be positional in PyTorch's order (the deprecated size_average/reduce left out) or in the
// trailing options object with `reduction`.
import { Tensor, checkTensor } from '../tensor';
import { isFloating } from '../dtype';
import { fmtShape } from '../shape';
import { no_grad } from '../autograd';
import * as ew from '../ops/elementwise';
import { arange, zeros } from '../ops/creation';
import { resolveArgs } from '../args';
import { applyReduction, checkReduction, softplus, type Reduction } from './reduction';

/** The call's tensors (checked; the first floating) and its numeric arguments resolved. */
function callOf<O extends { reduction?: Reduction }>(op: string, tensors: string[], names: readonly (keyof O & string)[], defaults: O, args: IArguments): { t: Tensor[]; o: O; reduction: Reduction } {
  const t = tensors.map((name, i) => checkTensor(op, args[i], name, i + 1));
  const o = resolveArgs<O>(op, [...names, 'reduction'] as (keyof O & string)[], { reduction: 'mean', ...defaults }, args, tensors.length);
  if (!isFloating(t[0].dtype)) throw new TypeError(`${op}(): expected a floating point ${tensors[0]}, but found dtype ${t[0].dtype}`);
  return { t, o, reduction: checkReduction(op, o.reduction) };
}

/** where(mask, a, 0) for a boolean mask. */
const keep = (mask: Tensor, a: Tensor) => ew.where(mask, a, zeros([], { dtype: a.dtype }));

/** F.margin_ranking_loss(input1, input2, target, margin = 0): max(0, -target (input1 - input2) + margin). */
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin?: number | { margin?: number; reduction?: Reduction }, options?: { margin?: number; reduction?: Reduction }): Tensor {
  const { t, o, reduction } = callOf<{ margin?: number; reduction?: Reduction }>('margin_ranking_loss', ['input1', 'input2', 'target'], ['margin'], { margin: 0 }, arguments);
  const [x1, x2, y] = t;
  if (x1.dim() !== x2.dim() || x1.dim() !== y.dim()) {
    throw new RangeError(`margin_ranking_loss(): All input tensors should have same dimension but got sizes: input1: ${fmtShape(x1.shape)}, input2: ${fmtShape(x2.shape)}, target: ${fmtShape(y.shape)} `);
  }
  return applyReduction(ew.relu(y.neg().mul(x1.sub(x2)).add(o.margin!)), reduction);
}

/** F.hinge_embedding_loss(input, target, margin = 1): input where target is 1, max(0, margin - input) where it is -1. */
export function hinge_embedding_loss(input: Tensor, target: Tensor, margin?: number | { margin?: number; reduction?: Reduction }, options?: { margin?: number; reduction?: Reduction }): Tensor {
  const { t, o, reduction } = callOf<{ margin?: number; reduction?: Reduction }>('hinge_embedding_loss', ['input', 'target'], ['margin'], { margin: 1 }, arguments);
  const [x, y] = t;
  const clamped = ew.relu(x.neg().add(o.margin!));
  return applyReduction(keep(y.ne(1), clamped).add(keep(y.ne(-1), x)), reduction);
}

/** F.soft_margin_loss(input, target): log(1 + exp(-target input)). */
export function soft_margin_loss(input: Tensor, target: Tensor, options?: { reduction?: Reduction }): Tensor {
  const { t, reduction } = callOf<{ reduction?: Reduction }>('soft_margin_loss', ['input', 'target'], [], {}, arguments);
  return applyReduction(softplus(t[1].neg().mul(t[0])), reduction);
}

/**
 * F.cosine_embedding_loss(input1, input2, target, margin = 0): 1 - cos(x1, x2) where target is 1, max(0, cos -
 * margin) where it is -1, cos over the last dim with PyTorch's 1e-12 added to each squared norm.
 */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin?: number | { margin?: number; reduction?: Reduction }, options?: { margin?: number; reduction?: Reduction }): Tensor {
  const op = 'cosine_embedding_loss';
  const { t, o, reduction } = callOf<{ margin?: number; reduction?: Reduction }>(op, ['input1', 'input2', 'target'], ['margin'], { margin: 0 }, arguments);
  const [x1, x2, y] = t;
  if (x1.dim() !== 1 && x1.dim() !== 2) throw new RangeError(`${op}(): 1D target tensor expects 2D input tensors, but found inputs with sizes ${fmtShape(x1.shape)} and ${fmtShape(x2.shape)}.`);
  const d = x1.dim() - 1;
  const dot = x1.mul(x2).sum(d);
  const norms = x1.mul(x1).sum(d).add(1e-12).mul(x2.mul(x2).sum(d).add(1e-12)).sqrt();
  const cos = dot.div(norms);
  return applyReduction(keep(y.eq(1), cos.neg().add(1)).add(keep(y.eq(-1), ew.relu(cos.sub(o.margin!)))), reduction);
}

/** F.pairwise_distance(x1, x2, p = 2, eps = 1e-6, keepdim = false): the p-norm of x1 - x2 + eps over the last dim. */
export function pairwise_distance(x1: Tensor, x2: Tensor, p?: number | PairwiseOptions, eps?: number | PairwiseOptions, keepdim?: boolean | PairwiseOptions): Tensor {
  const op = 'pairwise_distance';
  const [a, b] = [checkTensor(op, x1, 'x1', 1), checkTensor(op, x2, 'x2', 2)];
  const o = resolveArgs<PairwiseOptions>(op, ['p', 'eps', 'keepdim'], { p: 2, eps: 1e-6, keepdim: false }, arguments, 2);
  const diff = a.sub(b).add(o.eps!);
  const d = Math.max(a.dim(), b.dim()) - 1;
  return diff.norm(o.p!, d, !!o.keepdim);
}
export interface PairwiseOptions {
  p?: number;
  eps?: number;
  keepdim?: boolean;
}

export interface TripletOptions {
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
  reduction?: Reduction;
}

/**
 * F.triplet_margin_loss(anchor, positive, negative, margin = 1, p = 2, eps = 1e-6, swap = false):
 * max(0, margin + d(anchor, positive) - d(anchor, negative)), d the pairwise distance (swap: the smaller of
 * d(anchor, negative) and d(positive, negative)).
 */
export function triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin?: number | TripletOptions, p?: number | TripletOptions, eps?: number | TripletOptions, swap?: boolean | TripletOptions, options?: TripletOptions): Tensor {
  const op = 'triplet_margin_loss';
  const { t, o, reduction } = callOf<TripletOptions>(op, ['anchor', 'positive', 'negative'], ['margin', 'p', 'eps', 'swap'], { margin: 1, p: 2, eps: 1e-6, swap: false }, arguments);
  const [a, pos, neg] = t;
  if (a.dim() !== pos.dim() || a.dim() !== neg.dim()) {
    throw new RangeError(`${op}(): The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor ${a.dim()}D, positive ${pos.dim()}D, and negative ${neg.dim()}D inputs`);
  }
  if (!(o.margin! > 0)) throw new RangeError(`${op}(): margin must be greater than 0, got ${o.margin}`);
  const distance = (x: Tensor, y: Tensor) => pairwise_distance(x, y, o.p!, o.eps!);
  const dPos = distance(a, pos);
  let dNeg = distance(a, neg);
  if (o.swap) dNeg = ew.minimum(dNeg, distance(pos, neg));
  return applyReduction(ew.relu(dPos.sub(dNeg).add(o.margin!)), reduction);
}

/** F.multilabel_soft_margin_loss(input, target, weight = null): the mean over classes of each class's logistic loss. */
export function multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight?: Tensor | null | { weight?: Tensor | null; reduction?: Reduction }, options?: { weight?: Tensor | null; reduction?: Reduction }): Tensor {
  const { t, o, reduction } = callOf<{ weight?: Tensor | null; reduction?: Reduction }>('multilabel_soft_margin_loss', ['input', 'target'], ['weight'], { weight: null }, arguments);
  const [x, y] = t;
  // -(y log sigmoid(x) + (1 - y) log sigmoid(-x)), with log sigmoid(z) = -softplus(-z)
  let loss = y.mul(softplus(x.neg())).add(y.neg().add(1).mul(softplus(x)));
  if (o.weight) loss = loss.mul(checkTensor('multilabel_soft_margin_loss', o.weight, 'weight', 3));
  return applyReduction(loss.sum(x.dim() - 1).div(x.shape[x.dim() - 1]), reduction);
}

export interface MultiMarginOptions {
  p?: number;
  margin?: number;
  weight?: Tensor | null;
  reduction?: Reduction;
}

/**
 * F.multi_margin_loss(input, target, p = 1, margin = 1, weight = null): per sample, the mean over the other
 * classes j of max(0, margin - x[target] + x[j])^p (times weight[target]).
 */
export function multi_margin_loss(input: Tensor, target: Tensor, p?: number | MultiMarginOptions, margin?: number | MultiMarginOptions, weight?: Tensor | null | MultiMarginOptions, options?: MultiMarginOptions): Tensor {
  const op = 'multi_margin_loss';
  const { t, o, reduction } = callOf<MultiMarginOptions>(op, ['input', 'target'], ['p', 'margin', 'weight'], { p: 1, margin: 1, weight: null }, arguments);
  const [x0, y0] = t;
  if (o.p !== 1 && o.p !== 2) throw new RangeError(`${op}(): only p == 1 and p == 2 supported`);
  if (x0.dim() > 2 || (x0.dim() === 2 && y0.dim() !== 1) || y0.numel() !== (x0.dim() === 2 ? x0.shape[0] : 1)) {
    throw new RangeError(`${op}(): inconsistent target size, expected ${x0.dim() === 2 ? x0.shape[0] : 1} but got ${fmtShape(y0.shape)}`);
  }
  const x = x0.dim() === 2 ? x0 : x0.reshape(1, -1);
  const y = y0.reshape(-1, 1).long();
  const C = x.shape[1];
  const picked = x.gather(1, y); // [N, 1]
  let margins = ew.relu(x.sub(picked).add(o.margin!));
  if (o.p === 2) margins = margins.square();
  if (o.weight) margins = margins.mul(checkTensor(op, o.weight, 'weight', 5).index_select(0, y.reshape(-1)).reshape(-1, 1));
  // the target class's own term (max(0, margin)^p) is left out
  const others = arange(C).reshape(1, C).ne(y);
  const loss = keep(others, margins).sum(1).div(C);
  return applyReduction(x0.dim() === 2 ? loss : loss.reshape([]), reduction);
}

export interface PoissonNLLOptions {
  log_input?: boolean;
  full?: boolean;
  eps?: number;
  reduction?: Reduction;
}

/**
 * F.poisson_nll_loss(input, target, log_input = true, full = false, eps = 1e-8): exp(input) - target input
 * (log_input), else input - target log(input + eps); full adds Stirling's term where target > 1.
 */
export function poisson_nll_loss(input: Tensor, target: Tensor, log_input?: boolean | PoissonNLLOptions, full?: boolean | PoissonNLLOptions, options?: PoissonNLLOptions): Tensor {
  const { t, o, reduction } = callOf<PoissonNLLOptions>('poisson_nll_loss', ['input', 'target'], ['log_input', 'full', 'eps'], { log_input: true, full: false, eps: 1e-8 }, arguments);
  const [x, y] = t;
  let loss = o.log_input ? ew.exp(x).sub(y.mul(x)) : x.sub(y.mul(ew.log(x.add(o.eps!))));
  if (o.full) {
    // Stirling's approximation of log(target!), where target > 1 (elsewhere it is not finite, and masked)
    const stirling = y.mul(ew.log(y)).sub(y).add(ew.log(y.mul(2 * Math.PI)).mul(0.5));
    loss = loss.add(stirling.masked_fill(y.le(1), 0));
  }
  return applyReduction(loss, reduction);
}

export interface GaussianNLLOptions {
  full?: boolean;
  eps?: number;
  reduction?: Reduction;
}

/**
 * F.gaussian_nll_loss(input, target, var, full = false, eps = 1e-6): 0.5 (log(var) + (input - target)^2 / var)
 * (+ 0.5 log(2 pi) when full), var clamped to eps without a gradient through the clamp, as PyTorch.
 */
export function gaussian_nll_loss(input: Tensor, target: Tensor, variance: Tensor, full?: boolean | GaussianNLLOptions, eps?: number | GaussianNLLOptions, options?: GaussianNLLOptions): Tensor {
  const op = 'gaussian_nll_loss';
  const { t, o, reduction } = callOf<GaussianNLLOptions>(op, ['input', 'target', 'var'], ['full', 'eps'], { full: false, eps: 1e-6 }, arguments);
  const [x, y] = t;
  let v = t[2];
  // var of the input's shape, or that shape with the last dim 1, or missing the last dim (homoscedastic)
  if (fmtShape(v.shape) !== fmtShape(x.shape)) {
    if (x.shape.slice(0, -1).join() === v.shape.join()) v = v.unsqueeze(-1);
    else if (!(x.shape.slice(0, -1).join() === v.shape.slice(0, -1).join() && v.shape[v.dim() - 1] === 1)) throw new RangeError(`${op}(): var is of incorrect size`);
  }
  if (no_grad(() => v.lt(0).any().item())) throw new RangeError(`${op}(): var has negative entry/entries`);
  // clamp without a gradient: var + (max(var, eps) - var), the difference a constant
  const clamped = v.add(no_grad(() => ew.maximum(v, zeros([], { dtype: v.dtype }).add(o.eps!)).sub(v)));
  let loss = ew.log(clamped).add(x.sub(y).square().div(clamped)).mul(0.5);
  if (o.full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return applyReduction(loss, reduction);
}
