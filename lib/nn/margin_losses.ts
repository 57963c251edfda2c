// The ranking, embedding and likelihood losses (F.margin_ranking_loss, hinge_embedding_loss, soft_margin_loss,
// cosine_embedding_loss, triplet_margin_loss, multilabel_soft_margin_loss, multi_margin_loss, poisson_nll_loss,
// gaussian_nll_loss, triplet_margin_with_distance_loss, multilabel_margin_loss), F.pairwise_distance and F.pdist,
// with PyTorch 1.13's formulas, composed from differentiable ops.
// Numeric arguments may be positional in PyTorch's order (the deprecated size_average/reduce left out) or in the
// trailing options object with `reduction`.
import { Tensor, checkTensor, typeName } from '../tensor';
import { isFloating } from '../dtype';
import { fmtShape } from '../shape';
import { no_grad, record } from '../autograd';
import * as ew from '../ops/elementwise';
import { arange, tensor, zeros } from '../ops/creation';
import { checkArgs, resolveArgs } from '../args';
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

/**
 * F.pdist(input, p = 2): the p-norm distance between every two rows i < j of an [N, M] input, in row order
 * ([N (N - 1) / 2]). The row differences are ordinary ops; their norms are one node with PyTorch's _pdist_backward,
 * whose gradient is 0 where a distance is 0 (and, for p = inf, reaches every coordinate tied for the maximum).
 */
export function pdist(input: Tensor, p?: number | { p?: number }): Tensor {
  const op = 'pdist';
  const x = checkTensor(op, input);
  const order = resolveArgs<{ p?: number }>(op, ['p'], { p: 2 }, arguments, 1).p!;
  if (typeof order !== 'number') throw new TypeError(`${op}(): argument 'p' must be float, not ${typeName(order)}`);
  if (x.dim() !== 2) throw new RangeError(`${op}(): pdist only supports 2D tensors, got: ${x.dim()}D`);
  if (!isFloating(x.dtype)) throw new TypeError(`${op}(): pdist only supports floating-point dtypes`);
  if (!(order >= 0)) throw new RangeError(`${op}(): pdist only supports non-negative p values`);
  const n = x.shape[0];
  const [first, second]: number[][] = [[], []];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      first.push(i);
      second.push(j);
    }
  }
  const rows = (index: number[]) => x.index_select(0, tensor(index, { dtype: 'int64' }));
  return rowNorms(rows(first).sub(rows(second)), order);
}

/** The p-norm of each row of `diff` (PyTorch's pdist forward), with _pdist_backward's gradient. */
function rowNorms(diff: Tensor, p: number): Tensor {
  const a = diff.abs();
  const dist = no_grad(() => {
    if (p === 0) return a.ne(0).to(diff.dtype).sum(1);
    if (p === 1) return a.sum(1);
    if (p === 2) return a.mul(a).sum(1).sqrt();
    if (p === Infinity) return a.amax(1);
    return a.pow(p).sum(1).pow(1 / p);
  });
  return record(dist, 'PdistBackward0', [diff], (g) => {
    const [gd, d] = [g.unsqueeze(1), dist.unsqueeze(1)];
    const atZero = d.eq(0);
    const sign = diff.sign().detach();
    if (p === 0) return [zeros(diff.shape, { dtype: diff.dtype })];
    if (p === 1) return [sign.mul(gd)];
    if (p === Infinity) return [keep(a.eq(d), sign.mul(gd))];
    if (p === 2) return [keep(atZero.logical_not(), diff.mul(gd).div(d))];
    if (p < 2) {
      // for p < 1 a zero coordinate takes no gradient either (its |diff|^(p-1) is infinite)
      const none = p < 1 ? atZero.logical_or(diff.eq(0)) : atZero;
      return [keep(none.logical_not(), sign.mul(a.pow(p - 1)).mul(gd).div(d.pow(p - 1)))];
    }
    return [keep(atZero.logical_not(), diff.mul(a.pow(p - 2)).mul(gd).div(d.pow(p - 1)))];
  });
}

export interface TripletWithDistanceOptions {
  distance_function?: ((x1: Tensor, x2: Tensor) => Tensor) | null;
  margin?: number;
  swap?: boolean;
  reduction?: Reduction;
}
const TRIPLET_WITH_DISTANCE_KEYS = ['distance_function', 'margin', 'swap', 'reduction'];

/**
 * F.triplet_margin_with_distance_loss(anchor, positive, negative, { distance_function = pairwise_distance,
 * margin = 1, swap = false, reduction = 'mean' }): max(0, d(anchor, positive) - d(anchor, negative) + margin),
 * d any function of two tensors (swap: the smaller of d(anchor, negative) and d(positive, negative)). The options
 * are keyword-only, as in PyTorch.
 */
export function triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, options?: TripletWithDistanceOptions): Tensor {
  const op = 'triplet_margin_with_distance_loss';
  checkArgs(op, arguments, 3, TRIPLET_WITH_DISTANCE_KEYS, 3);
  const [a, pos, neg] = (['anchor', 'positive', 'negative'] as const).map((name, i) => checkTensor(op, arguments[i], name, i + 1));
  const o: TripletWithDistanceOptions = { margin: 1, swap: false, reduction: 'mean', ...options };
  const reduction = checkReduction(op, o.reduction);
  const distance = o.distance_function ?? ((x1: Tensor, x2: Tensor) => pairwise_distance(x1, x2));
  if (typeof distance !== 'function') throw new TypeError(`${op}(): distance_function must be callable, not ${typeName(distance)}`);
  const dPos = distance(a, pos);
  let dNeg = distance(a, neg);
  if (o.swap) dNeg = ew.minimum(dNeg, distance(pos, neg));
  // clamp(min = 0), whose gradient passes at 0 itself (relu's would not)
  return applyReduction(dPos.sub(dNeg).add(o.margin!).clamp_min(0), reduction);
}

/**
 * F.multilabel_margin_loss(input, target): per sample (a row of [N, C], or a [C] input), the target classes are
 * target's entries up to the first -1; the loss is the sum over those targets j and the non-target classes i of
 * max(0, 1 - (x[j] - x[i])), over C. A class listed twice counts twice, as in PyTorch.
 */
export function multilabel_margin_loss(input: Tensor, target: Tensor, options?: { reduction?: Reduction }): Tensor {
  const op = 'multilabel_margin_loss';
  const { t, reduction } = callOf<{ reduction?: Reduction }>(op, ['input', 'target'], [], {}, arguments);
  const [x0, y0] = t;
  if (y0.dtype !== 'int64') throw new TypeError(`${op}(): expected scalar type Long but found ${ew.TORCH_NAME[y0.dtype]}`);
  if (!(x0.dim() === 0 || (x0.dim() <= 2 && x0.shape[x0.dim() - 1] !== 0))) {
    throw new RangeError(`${op}(): Expected non-empty vector or matrix with optional 0-dim batch size, but got: ${fmtShape(x0.shape)}`);
  }
  if (fmtShape(y0.shape) !== fmtShape(x0.shape)) throw new RangeError(`${op}(): inconsistent size ${fmtShape(y0.shape)} for argument #2 'target'`);
  const x = x0.reshape(-1, x0.dim() === 0 ? 1 : x0.shape[x0.dim() - 1]);
  const [N, C] = x.shape;
  const classes = y0.contiguous().data;
  if (classes.some((c) => c < -1 || c >= C)) throw new RangeError(`${op}(): argument #2 'target' is out of range`);
  // which target slots are used (those before the first -1), the class each names, and which classes are targets
  const [used, named, isTarget] = [new Float64Array(N * C), new Float64Array(N * C), new Float64Array(N * C)];
  for (let s = 0; s < N; s++) {
    for (let k = 0; k < C && classes[s * C + k] >= 0; k++) {
      used[s * C + k] = 1;
      named[s * C + k] = classes[s * C + k];
      isTarget[s * C + classes[s * C + k]] = 1;
    }
  }
  const mask = (v: Float64Array, shape: number[]) => tensor(v, { dtype: 'float64' }).reshape(shape).ne(0);
  const picked = x.gather(1, tensor(named, { dtype: 'int64' }).reshape(N, C)); // [N, slot]
  // [N, slot, class]: 1 - x[target] + x[class], kept for used slots and non-target classes
  const margins = ew.relu(x.unsqueeze(1).sub(picked.unsqueeze(2)).add(1));
  const counted = mask(used, [N, C, 1]).logical_and(mask(isTarget, [N, 1, C]).logical_not());
  const loss = keep(counted, margins).sum(2).sum(1).div(C);
  return applyReduction(x0.dim() === 2 ? loss : loss.reshape([]), reduction);
}
