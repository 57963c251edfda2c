// The functions of nn.functional that PyTorch 1.13 also exposes on torch itself. Where the torch-level (ATen)
// signature is F's, the F function is re-exported; where it differs (the norms' argument order and required
// arguments, embedding's (weight, indices), the losses' reduction as an int enum, pooling without return_indices),
// a thin wrapper resolves PyTorch's torch-level arguments and delegates to F.
import { Tensor, checkTensor, typeName } from './tensor';
import { checkArgs, resolveArgs } from './args';
import * as F from './nn/functional';
import type { Reduction } from './nn/reduction';
import { rand_like, zeros, zeros_like } from './ops/creation';
import { no_grad } from './autograd';

export {
  conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, avg_pool1d, adaptive_avg_pool1d,
  pixel_shuffle, pixel_unshuffle, channel_shuffle, pdist, pairwise_distance, cosine_similarity, bilinear,
} from './nn/functional';

/** ATen's Reduction enum (torch-level losses take it as an int): 0 'none', 1 'mean', 2 'sum'. */
export function reductionOf(op: string, reduction: unknown): Reduction {
  if (typeof reduction !== 'number' || !Number.isInteger(reduction)) {
    throw new TypeError(`${op}(): argument 'reduction' must be int, not ${typeof reduction === 'string' ? 'str' : typeName(reduction)}`);
  }
  const mode = (['none', 'mean', 'sum'] as const)[reduction];
  if (mode === undefined) throw new RangeError(`${op}(): ${reduction} is not a valid value for reduction`);
  return mode;
}

/** Python's TypeError for required arguments left out: 'batch_norm() missing 2 required positional argument: "eps", "cudnn_enabled"'. */
function requireAll(op: string, a: Record<string, unknown>, names: readonly string[]): void {
  const missing = names.filter((n) => a[n] === undefined);
  if (missing.length) throw new TypeError(`${op}() missing ${missing.length} required positional argument: ${missing.map((n) => `"${n}"`).join(', ')}`);
}

/** Resolves a torch-level call: `names` after the first `skip` arguments, `required` ones checked present. */
function torchArgs<T extends object>(op: string, names: readonly (keyof T & string)[], defaults: Partial<T>, args: ArrayLike<unknown>, skip: number, required: readonly string[] = []): T {
  // as PyTorch's parser, a wrong first argument is reported before missing ones
  if (skip > 0 && required.length) checkTensor(op, args[0]);
  const a = resolveArgs<T>(op, names, defaults as T, args, skip);
  requireAll(op, a as Record<string, unknown>, required);
  return a;
}

type Size = number | readonly number[];
type Opt<T> = T | Record<string, unknown>;

// ---- pooling ----

interface MaxPoolArgs {
  kernel_size: Size;
  stride: Size | null;
  padding: Size;
  dilation: Size;
  ceil_mode: boolean;
}
const MAX_POOL_NAMES = ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode'] as const;

/** torch.max_pool{1,2,3}d(input, kernel_size, stride = [], padding = 0, dilation = 1, ceil_mode = false): no return_indices; an empty stride means kernel_size. */
function maxPool(op: string, pool: (x: Tensor, o: Record<string, unknown>) => Tensor | [Tensor, Tensor], withIndices: boolean, input: Tensor, args: ArrayLike<unknown>) {
  checkTensor(op, input);
  const a = torchArgs<MaxPoolArgs>(op, MAX_POOL_NAMES, { stride: [], padding: 0, dilation: 1, ceil_mode: false }, args, 1, ['kernel_size']);
  const stride = Array.isArray(a.stride) && a.stride.length === 0 ? null : a.stride;
  return pool(input, { ...a, stride, return_indices: withIndices });
}
type PoolArg = Opt<Size | boolean | null>;
export function max_pool1d(input: Tensor, kernel_size: Opt<Size>, stride?: PoolArg, padding?: PoolArg, dilation?: PoolArg, ceil_mode?: PoolArg): Tensor {
  return maxPool('max_pool1d', (x, o) => F.max_pool1d(x, o), false, input, arguments) as Tensor;
}
export function max_pool2d(input: Tensor, kernel_size: Opt<Size>, stride?: PoolArg, padding?: PoolArg, dilation?: PoolArg, ceil_mode?: PoolArg): Tensor {
  return maxPool('max_pool2d', (x, o) => F.max_pool2d(x, o), false, input, arguments) as Tensor;
}
export function max_pool3d(input: Tensor, kernel_size: Opt<Size>, stride?: PoolArg, padding?: PoolArg, dilation?: PoolArg, ceil_mode?: PoolArg): Tensor {
  return maxPool('max_pool3d', (x, o) => F.max_pool3d(x, o), false, input, arguments) as Tensor;
}
/** torch.max_pool1d_with_indices(input, kernel_size, stride = [], padding = 0, dilation = 1, ceil_mode = false): [values, indices]. */
export function max_pool1d_with_indices(input: Tensor, kernel_size: Opt<Size>, stride?: PoolArg, padding?: PoolArg, dilation?: PoolArg, ceil_mode?: PoolArg): [Tensor, Tensor] {
  return maxPool('max_pool1d_with_indices', (x, o) => F.max_pool1d(x, o), true, input, arguments) as [Tensor, Tensor];
}

/** torch.adaptive_max_pool1d(input, output_size): always [values, indices], as ATen's. */
export function adaptive_max_pool1d(input: Tensor, output_size: Size): [Tensor, Tensor] {
  checkArgs('adaptive_max_pool1d', arguments, 2, [], 2);
  return F.adaptive_max_pool1d(input, output_size as number, true) as [Tensor, Tensor];
}

/** torch.constant_pad_nd(input, pad, value = 0): F.pad in 'constant' mode. */
export function constant_pad_nd(input: Tensor, pad: readonly number[], value?: number | { value?: number }): Tensor {
  const a = torchArgs<{ pad: readonly number[]; value: number }>('constant_pad_nd', ['pad', 'value'], { value: 0 }, arguments, 1, ['pad']);
  return F.pad(input, a.pad, 'constant', a.value);
}

// ---- embedding, dropout ----

interface EmbeddingArgs {
  indices: Tensor;
  padding_idx: number;
  scale_grad_by_freq: boolean;
  sparse: boolean;
}
/**
 * torch.embedding(weight, indices, padding_idx = -1, scale_grad_by_freq = false, sparse = false): ATen's order
 * (weight first); a negative padding_idx means none (F's -1 would mean the last row).
 */
export function embedding(weight: Tensor, indices: Opt<Tensor>, padding_idx?: Opt<number>, scale_grad_by_freq?: Opt<boolean>, sparse?: Opt<boolean>): Tensor {
  const op = 'embedding';
  checkTensor(op, weight, 'weight');
  const a = torchArgs<EmbeddingArgs>(op, ['indices', 'padding_idx', 'scale_grad_by_freq', 'sparse'], { padding_idx: -1, scale_grad_by_freq: false, sparse: false }, arguments, 1, ['indices']);
  checkTensor(op, a.indices, 'indices', 2);
  if (typeof a.padding_idx !== 'number' || !Number.isInteger(a.padding_idx)) throw new TypeError(`${op}(): argument 'padding_idx' (position 3) must be int, not ${typeName(a.padding_idx)}`);
  return F.embedding(a.indices, weight, { padding_idx: a.padding_idx < 0 ? null : a.padding_idx, scale_grad_by_freq: a.scale_grad_by_freq, sparse: a.sparse });
}

/** The torch-level dropouts: (input, p, train), all required. */
function dropoutArgs(op: string, input: Tensor, args: ArrayLike<unknown>): { p: number; train: boolean } {
  checkTensor(op, input);
  const a = torchArgs<{ p: number; train: boolean }>(op, ['p', 'train'], {}, args, 1, ['p', 'train']);
  if (typeof a.p !== 'number') throw new TypeError(`${op}(): argument 'p' (position 2) must be float, not ${typeName(a.p)}`);
  if (typeof a.train !== 'boolean') throw new TypeError(`${op}(): argument 'train' (position 3) must be bool, not ${typeName(a.train)}`);
  return a;
}
export function alpha_dropout(input: Tensor, p: Opt<number>, train?: Opt<boolean>): Tensor {
  const a = dropoutArgs('alpha_dropout', input, arguments);
  return F.alpha_dropout(input, a.p, a.train);
}
export function feature_alpha_dropout(input: Tensor, p: Opt<number>, train?: Opt<boolean>): Tensor {
  const a = dropoutArgs('feature_alpha_dropout', input, arguments);
  return F.feature_alpha_dropout(input, a.p, a.train);
}
/**
 * torch.feature_dropout(input, p, train): ATen's channel dropout for any input of 2 or more dims: one draw per
 * (sample, channel) of an (N, C, ...) input, zeroing the whole channel with probability p, the rest scaled by 1/(1-p).
 */
export function feature_dropout(input: Tensor, p: Opt<number>, train?: Opt<boolean>): Tensor {
  const op = 'feature_dropout';
  const a = dropoutArgs(op, input, arguments);
  if (a.p < 0 || a.p > 1) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${a.p}`);
  if (!a.train || a.p === 0 || input.numel() === 0) return input;
  if (input.dim() < 2) throw new RangeError(`${op}(): Feature dropout requires at least 2 dimensions in the input`);
  const noiseShape = [input.shape[0], input.shape[1], ...input.shape.slice(2).map(() => 1)];
  const keep = no_grad(() => (a.p === 1 ? zeros(noiseShape, { dtype: input.dtype }) : rand_like(zeros(noiseShape, { dtype: input.dtype })).ge(a.p).to(input.dtype).div(1 - a.p)));
  return a.p === 1 ? input.mul(zeros_like(input)) : input.mul(keep);
}

// ---- losses (reduction an int: 0 none, 1 mean, 2 sum) ----
// ATen declares reduction = Mean, but PyTorch 1.13's Python binding passes 0 when it is omitted: torch.kl_div(x, y)
// does not reduce (as torch.binary_cross_entropy_with_logits). These follow what PyTorch does.

type LossArg = Opt<number | boolean>;

/** torch.kl_div(input, target, reduction = 0, *, log_target = false): log_target keyword-only. */
export function kl_div(input: Tensor, target: Tensor, reduction?: LossArg, options?: { reduction?: number; log_target?: boolean }): Tensor {
  checkArgs('kl_div', arguments, 3, ['reduction', 'log_target'], 2);
  const a = torchArgs<{ reduction: number; log_target: boolean }>('kl_div', ['reduction', 'log_target'], { reduction: 0, log_target: false }, arguments, 2);
  return F.kl_div(input, target, { reduction: reductionOf('kl_div', a.reduction), log_target: a.log_target });
}

/** torch.margin_ranking_loss(input1, input2, target, margin = 0, reduction = 0). */
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin?: LossArg, reduction?: LossArg): Tensor {
  const a = torchArgs<{ margin: number; reduction: number }>('margin_ranking_loss', ['margin', 'reduction'], { margin: 0, reduction: 0 }, arguments, 3);
  return F.margin_ranking_loss(input1, input2, target, { margin: a.margin, reduction: reductionOf('margin_ranking_loss', a.reduction) });
}

/** torch.hinge_embedding_loss(input, target, margin = 1, reduction = 0). */
export function hinge_embedding_loss(input: Tensor, target: Tensor, margin?: LossArg, reduction?: LossArg): Tensor {
  const a = torchArgs<{ margin: number; reduction: number }>('hinge_embedding_loss', ['margin', 'reduction'], { margin: 1, reduction: 0 }, arguments, 2);
  return F.hinge_embedding_loss(input, target, { margin: a.margin, reduction: reductionOf('hinge_embedding_loss', a.reduction) });
}

/** torch.cosine_embedding_loss(input1, input2, target, margin = 0, reduction = 0). */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin?: LossArg, reduction?: LossArg): Tensor {
  const a = torchArgs<{ margin: number; reduction: number }>('cosine_embedding_loss', ['margin', 'reduction'], { margin: 0, reduction: 0 }, arguments, 3);
  return F.cosine_embedding_loss(input1, input2, target, { margin: a.margin, reduction: reductionOf('cosine_embedding_loss', a.reduction) });
}

/** torch.poisson_nll_loss(input, target, log_input, full, eps, reduction): all required, as ATen's. */
export function poisson_nll_loss(input: Tensor, target: Tensor, log_input: LossArg, full?: LossArg, eps?: LossArg, reduction?: LossArg): Tensor {
  const op = 'poisson_nll_loss';
  const a = torchArgs<{ log_input: boolean; full: boolean; eps: number; reduction: number }>(op, ['log_input', 'full', 'eps', 'reduction'], {}, arguments, 2, ['log_input', 'full', 'eps', 'reduction']);
  return F.poisson_nll_loss(input, target, { log_input: a.log_input, full: a.full, eps: a.eps, reduction: reductionOf(op, a.reduction) });
}

interface TripletArgs {
  margin: number;
  p: number;
  eps: number;
  swap: boolean;
  reduction: number;
}
/** torch.triplet_margin_loss(anchor, positive, negative, margin = 1, p = 2, eps = 1e-6, swap = false, reduction = 0). */
export function triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin?: LossArg, p?: LossArg, eps?: LossArg, swap?: LossArg, reduction?: LossArg): Tensor {
  const op = 'triplet_margin_loss';
  const a = torchArgs<TripletArgs>(op, ['margin', 'p', 'eps', 'swap', 'reduction'], { margin: 1, p: 2, eps: 1e-6, swap: false, reduction: 0 }, arguments, 3);
  return F.triplet_margin_loss(anchor, positive, negative, { margin: a.margin, p: a.p, eps: a.eps, swap: a.swap, reduction: reductionOf(op, a.reduction) });
}

type Lengths = Tensor | readonly number[];
/** torch.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank = 0, reduction = 0, zero_infinity = false). */
export function ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths: Lengths, target_lengths: Lengths, blank?: LossArg, reduction?: LossArg, zero_infinity?: LossArg): Tensor {
  const op = 'ctc_loss';
  const a = torchArgs<{ blank: number; reduction: number; zero_infinity: boolean }>(op, ['blank', 'reduction', 'zero_infinity'], { blank: 0, reduction: 0, zero_infinity: false }, arguments, 4);
  return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, { blank: a.blank, reduction: reductionOf(op, a.reduction), zero_infinity: a.zero_infinity });
}

// ---- normalization (ATen's argument order; cudnn flags accepted and ignored: torchlet has no cuDNN) ----

type NormArg = Opt<Tensor | number | boolean | null | readonly number[]>;
const optionalTensorArg = (v: unknown) => (v === undefined ? null : (v as Tensor | null));

interface BatchNormArgs {
  weight: Tensor | null;
  bias: Tensor | null;
  running_mean: Tensor | null;
  running_var: Tensor | null;
  training: boolean;
  momentum: number;
  eps: number;
  cudnn_enabled: boolean;
}
const BATCH_NORM_NAMES = ['weight', 'bias', 'running_mean', 'running_var', 'training', 'momentum', 'eps', 'cudnn_enabled'] as const;

/** torch.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled): all required (tensors may be null). */
export function batch_norm(input: Tensor, weight: NormArg, bias?: NormArg, running_mean?: NormArg, running_var?: NormArg, training?: NormArg, momentum?: NormArg, eps?: NormArg, cudnn_enabled?: NormArg): Tensor {
  const a = torchArgs<BatchNormArgs>('batch_norm', BATCH_NORM_NAMES, {}, arguments, 1, BATCH_NORM_NAMES);
  return F.batch_norm(input, { running_mean: a.running_mean, running_var: a.running_var, weight: a.weight, bias: a.bias, training: a.training, momentum: a.momentum, eps: a.eps });
}

interface InstanceNormArgs extends Omit<BatchNormArgs, 'training'> {
  use_input_stats: boolean;
}
const INSTANCE_NORM_NAMES = ['weight', 'bias', 'running_mean', 'running_var', 'use_input_stats', 'momentum', 'eps', 'cudnn_enabled'] as const;

/** torch.instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled): all required. */
export function instance_norm(input: Tensor, weight: NormArg, bias?: NormArg, running_mean?: NormArg, running_var?: NormArg, use_input_stats?: NormArg, momentum?: NormArg, eps?: NormArg, cudnn_enabled?: NormArg): Tensor {
  const a = torchArgs<InstanceNormArgs>('instance_norm', INSTANCE_NORM_NAMES, {}, arguments, 1, INSTANCE_NORM_NAMES);
  return F.instance_norm(input, { running_mean: a.running_mean, running_var: a.running_var, weight: a.weight, bias: a.bias, use_input_stats: a.use_input_stats, momentum: a.momentum, eps: a.eps });
}

interface LayerNormArgs {
  normalized_shape: Size;
  weight: Tensor | null;
  bias: Tensor | null;
  eps: number;
  cudnn_enable: boolean;
}
/** torch.layer_norm(input, normalized_shape, weight = None, bias = None, eps = 1e-5, cudnn_enable = true). */
export function layer_norm(input: Tensor, normalized_shape: Opt<Size>, weight?: NormArg, bias?: NormArg, eps?: NormArg, cudnn_enable?: NormArg): Tensor {
  const a = torchArgs<LayerNormArgs>('layer_norm', ['normalized_shape', 'weight', 'bias', 'eps', 'cudnn_enable'], { weight: null, bias: null, eps: 1e-5, cudnn_enable: true }, arguments, 1, ['normalized_shape']);
  return F.layer_norm(input, { normalized_shape: a.normalized_shape as number[], weight: optionalTensorArg(a.weight), bias: optionalTensorArg(a.bias), eps: a.eps });
}

interface GroupNormArgs {
  num_groups: number;
  weight: Tensor | null;
  bias: Tensor | null;
  eps: number;
  cudnn_enabled: boolean;
}
/** torch.group_norm(input, num_groups, weight = None, bias = None, eps = 1e-5, cudnn_enabled = true). */
export function group_norm(input: Tensor, num_groups: Opt<number>, weight?: NormArg, bias?: NormArg, eps?: NormArg, cudnn_enabled?: NormArg): Tensor {
  const a = torchArgs<GroupNormArgs>('group_norm', ['num_groups', 'weight', 'bias', 'eps', 'cudnn_enabled'], { weight: null, bias: null, eps: 1e-5, cudnn_enabled: true }, arguments, 1, ['num_groups']);
  return F.group_norm(input, { num_groups: a.num_groups, weight: optionalTensorArg(a.weight), bias: optionalTensorArg(a.bias), eps: a.eps });
}

/** torch.detach(input): input.detach(). */
export function detach(input: Tensor): Tensor {
  checkArgs('detach', arguments, 1);
  return checkTensor('detach', input).detach();
}
