// F.batch_norm, F.layer_norm, F.group_norm and F.instance_norm with PyTorch 1.13's semantics. The normalization
// is one autograd node (PyTorch's NativeBatchNormBackward0 / NativeLayerNormBackward0 / NativeGroupNormBackward0;
// group norm's per-channel affine and instance norm's reshapes are ordinary ops) whose backward is the closed
// form beside its forward:
// with x̂ = (x - mean) / std over the n normalized elements and ĝ = grad * weight,
//   dx = (ĝ - mean(ĝ) - x̂ mean(ĝ x̂)) / std,  dweight = Σ grad x̂,  dbias = Σ grad.
// F.local_response_norm, last, is composed from pad and avg_pool2d, as PyTorch's.
import { isFloating, isReduced } from '../dtype';
import { fmtShape, numelOf } from '../shape';
import { no_grad, record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { TORCH_NAME, sqrt } from '../ops/elementwise';
import { anyReduced, cast, inFloat32, sumToShape, widenReduced } from '../ops/shape';
import { resolveArgs } from '../args';
import { avg_pool2d, pad } from './conv_functions';

export interface BatchNormOptions {
  running_mean?: Tensor | null;
  running_var?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}
export interface LayerNormOptions {
  normalized_shape?: number | readonly number[];
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

function checkFloatInput(op: string, input: unknown): Tensor {
  const x = checkTensor(op, input);
  if (!isFloating(x.dtype)) throw new TypeError(`${op}(): "${op}" not implemented for '${TORCH_NAME[x.dtype]}'`);
  return x;
}

/** An optional tensor argument: null/undefined, or a tensor of the input's dtype. */
function optionalTensor(op: string, name: string, v: unknown, position: number, input: Tensor): Tensor | null {
  if (v === null || v === undefined) return null;
  const t = checkTensor(op, v, name, position);
  if (t.dtype !== input.dtype) throw new TypeError(`${op}(): expected ${name} to have the input's dtype ${input.dtype}, but got ${t.dtype}`);
  return t;
}

function checkNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${op}(): argument '${name}' must be float, not ${typeName(v)}`);
  return v;
}

/**
 * Normalizes x over `dims` with the given statistics (batch statistics unless `stats` are given), scales and
 * shifts by weight and bias (shaped `paramShape` to broadcast), and records the node `gradName`.
 */
function normalize(gradName: string, x: Tensor, dims: number[], paramShape: number[], weight: Tensor | null, bias: Tensor | null, eps: number, stats?: { mean: Tensor; var: Tensor }) {
  const n = numelOf(dims.map((d) => x.shape[d]));
  const { y, xhat, std, mean, variance, w } = no_grad(() => {
    const mean = stats ? stats.mean : x.mean(dims, true);
    const centered = x.sub(mean);
    const variance = stats ? stats.var : centered.mul(centered).mean(dims, true);
    const std = sqrt(variance.add(eps));
    const xhat = centered.div(std);
    const w = weight?.reshape(paramShape) ?? null;
    let y = w ? xhat.mul(w) : xhat;
    if (bias) y = y.add(bias.reshape(paramShape));
    return { y, xhat, std, mean, variance, w };
  });
  const inputs = [x, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  record(y, gradName, inputs, (g) => {
    const gh = w ? g.mul(w) : g;
    // with fixed statistics (evaluation) mean and std do not depend on x
    const dx = !x.requires_grad ? null : stats ? gh.div(std) : gh.sub(gh.mean(dims, true)).sub(xhat.mul(gh.mul(xhat).mean(dims, true))).div(std);
    const grads: (Tensor | null)[] = [dx];
    if (weight) grads.push(weight.requires_grad ? sumToShape(g.mul(xhat), paramShape).reshape(weight.shape) : null);
    if (bias) grads.push(bias.requires_grad ? sumToShape(g, paramShape).reshape(bias.shape) : null);
    return grads;
  });
  return { y, mean, variance, n };
}

/**
 * F.batch_norm(input, running_mean, running_var, weight = null, bias = null, training = false, momentum = 0.1,
 * eps = 1e-5): normalizes each channel (dim 1) of an (N, C, ...) input over the batch and the other dims.
 * Training uses the batch's statistics and, when running stats are given, updates them in place
 * (running = (1 - momentum) running + momentum batch, with the unbiased variance); evaluation uses the running stats.
 */
export function batch_norm(
  input: Tensor,
  running_mean?: Tensor | null | BatchNormOptions,
  running_var?: Tensor | null | BatchNormOptions,
  weight?: Tensor | null | BatchNormOptions,
  bias?: Tensor | null | BatchNormOptions,
  training?: boolean | BatchNormOptions,
  momentum?: number | BatchNormOptions,
  eps?: number | BatchNormOptions,
): Tensor {
  const op = 'batch_norm';
  const x = checkFloatInput(op, input);
  const a = resolveArgs<Required<BatchNormOptions>>(
    op,
    ['running_mean', 'running_var', 'weight', 'bias', 'training', 'momentum', 'eps'],
    { running_mean: null, running_var: null, weight: null, bias: null, training: false, momentum: 0.1, eps: 1e-5 },
    arguments,
    1,
  );
  if (x.dim() < 2) throw new RangeError(`${op}(): expected an input of shape (N, C, ...), with at least 2 dims, but got input of size ${fmtShape(x.shape)}`);
  const channels = x.shape[1];
  const [rm, rv, w, b] = (['running_mean', 'running_var', 'weight', 'bias'] as const).map((name, i) => {
    const t = optionalTensor(op, name, a[name], i + 2, x);
    if (t && t.numel() !== channels) throw new RangeError(`${op}(): ${name} should contain ${channels} elements not ${t.numel()}`);
    return t;
  });
  const useBatch = a.training;
  if (typeof useBatch !== 'boolean') throw new TypeError(`${op}(): argument 'training' must be bool, not ${typeName(useBatch)}`);
  const factor = checkNumber(op, 'momentum', a.momentum);
  const epsilon = checkNumber(op, 'eps', a.eps);
  if (!useBatch && (!rm || !rv)) throw new TypeError(`${op}(): running_mean and running_var must be defined in evaluation mode`);
  const count = x.numel() / Math.max(channels, 1);
  if (useBatch && count <= 1 && x.numel() > 0) {
    throw new RangeError(`${op}(): Expected more than 1 value per channel when training, got input size torch.Size([${x.shape.join(', ')}])`);
  }

  const dims = x.shape.map((_, d) => d).filter((d) => d !== 1);
  const paramShape = [channels, ...x.shape.slice(2).map(() => 1)];
  // float16/bfloat16 normalized in float32 and rounded once (the running stats are still updated in place)
  const stats = useBatch ? undefined : { mean: widenReduced(rm)!.reshape(paramShape), var: widenReduced(rv)!.reshape(paramShape) };
  const normalized = normalize('NativeBatchNormBackward0', widenReduced(x), dims, paramShape, widenReduced(w), widenReduced(b), epsilon, stats);
  const { mean, variance, n } = normalized;
  const y = isReduced(x.dtype) ? cast(normalized.y, x.dtype) : normalized.y;
  if (useBatch && x.numel() > 0) {
    no_grad(() => {
      if (rm) rm.copy_(mean.reshape(rm.shape).mul(factor).add(rm.mul(1 - factor)));
      if (rv) rv.copy_(variance.reshape(rv.shape).mul((factor * n) / (n - 1)).add(rv.mul(1 - factor)));
    });
  }
  return y;
}

/**
 * F.layer_norm(input, normalized_shape, weight = null, bias = null, eps = 1e-5): normalizes over the last
 * dims given by normalized_shape (an int or a list), then scales and shifts elementwise by weight and bias
 * (each of shape normalized_shape).
 */
export function layer_norm(
  input: Tensor,
  normalized_shape: number | readonly number[] | LayerNormOptions,
  weight?: Tensor | null | LayerNormOptions,
  bias?: Tensor | null | LayerNormOptions,
  eps?: number | LayerNormOptions,
): Tensor {
  if (anyReduced(arguments)) return inFloat32(layer_norm, arguments);
  const op = 'layer_norm';
  const x = checkFloatInput(op, input);
  const a = resolveArgs<LayerNormOptions>(op, ['normalized_shape', 'weight', 'bias', 'eps'], { weight: null, bias: null, eps: 1e-5 }, arguments, 1);
  const shape = normalizedShape(op, a.normalized_shape);
  const lead = x.dim() - shape.length;
  if (lead < 0 || shape.some((s, i) => s !== x.shape[lead + i])) {
    throw new RangeError(
      `${op}(): Given normalized_shape=${fmtShape(shape)}, expected input with shape [*, ${shape.join(', ')}], but got input of size${fmtShape(x.shape)}`,
    );
  }
  const [w, b] = (['weight', 'bias'] as const).map((name, i) => {
    const t = optionalTensor(op, name, a[name], i + 3, x);
    if (t && fmtShape(t.shape) !== fmtShape(shape)) {
      throw new RangeError(`${op}(): Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${fmtShape(t.shape)} and normalized_shape = ${fmtShape(shape)}`);
    }
    return t;
  });
  const epsilon = checkNumber(op, 'eps', a.eps);
  const dims = shape.map((_, i) => lead + i);
  return normalize('NativeLayerNormBackward0', x, dims, shape, w, b, epsilon).y;
}

/** normalized_shape as PyTorch takes it: an int or a non-empty list of sizes. */
export function normalizedShape(op: string, v: unknown): number[] {
  const shape = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new TypeError(`${op}(): argument 'normalized_shape' must be a list of non-negative ints, not ${typeName(v)}`);
  }
  if (shape.length === 0) {
    throw new RangeError(`${op}(): Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []`);
  }
  return shape as number[];
}

export interface GroupNormOptions {
  num_groups?: number;
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/**
 * F.group_norm(input, num_groups, weight = null, bias = null, eps = 1e-5): normalizes each of num_groups groups of
 * channels of an (N, C, ...) input over its channels and other dims (layer_norm's node on [N, groups, rest]),
 * then scales and shifts per channel.
 */
export function group_norm(input: Tensor, num_groups: number | GroupNormOptions, weight?: Tensor | null | GroupNormOptions, bias?: Tensor | null | GroupNormOptions, eps?: number | GroupNormOptions): Tensor {
  if (anyReduced(arguments)) return inFloat32(group_norm, arguments);
  const op = 'group_norm';
  const x = checkFloatInput(op, input);
  const a = resolveArgs<GroupNormOptions>(op, ['num_groups', 'weight', 'bias', 'eps'], { weight: null, bias: null, eps: 1e-5 }, arguments, 1);
  if (x.dim() < 2) throw new RangeError(`${op}(): expected an input of shape (N, C, ...), with at least 2 dims, but got input of size ${fmtShape(x.shape)}`);
  const groups = a.num_groups;
  if (!Number.isInteger(groups) || groups! < 1) throw new TypeError(`${op}(): argument 'num_groups' must be a positive int, not ${typeName(groups)}`);
  const [N, C] = x.shape;
  if (C % groups!) throw new RangeError(`${op}(): Expected number of channels in input to be divisible by num_groups, but got input of shape ${fmtShape(x.shape)} and num_groups=${groups}`);
  const [w, b] = (['weight', 'bias'] as const).map((name, i) => {
    const t = optionalTensor(op, name, a[name], i + 3, x);
    if (t && (t.dim() !== 1 || t.numel() !== C)) {
      throw new RangeError(`${op}(): Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape ${fmtShape(t.shape)} and input of shape ${fmtShape(x.shape)}`);
    }
    return t;
  });
  const epsilon = checkNumber(op, 'eps', a.eps);
  const grouped = x.reshape(N, groups!, x.numel() / Math.max(1, N * groups!));
  let y = normalize('NativeGroupNormBackward0', grouped, [2], [1], null, null, epsilon).y.reshape(x.shape);
  const paramShape = [C, ...x.shape.slice(2).map(() => 1)];
  if (w) y = y.mul(w.reshape(paramShape));
  if (b) y = y.add(b.reshape(paramShape));
  return y;
}

export interface InstanceNormOptions {
  running_mean?: Tensor | null;
  running_var?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  use_input_stats?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * F.instance_norm(input, running_mean = null, running_var = null, weight = null, bias = null, use_input_stats =
 * true, momentum = 0.1, eps = 1e-5): each (sample, channel) of an (N, C, ...) input normalized over its own
 * spatial elements: batch_norm of the input as [1, N*C, ...], as PyTorch computes it, with the running stats and
 * the affine parameters repeated per sample and the updated running stats averaged back over the samples.
 */
export function instance_norm(
  input: Tensor,
  running_mean?: Tensor | null | InstanceNormOptions,
  running_var?: Tensor | null | InstanceNormOptions,
  weight?: Tensor | null | InstanceNormOptions,
  bias?: Tensor | null | InstanceNormOptions,
  use_input_stats?: boolean | InstanceNormOptions,
  momentum?: number | InstanceNormOptions,
  eps?: number | InstanceNormOptions,
): Tensor {
  const op = 'instance_norm';
  const x = checkFloatInput(op, input);
  const a = resolveArgs<Required<InstanceNormOptions>>(
    op,
    ['running_mean', 'running_var', 'weight', 'bias', 'use_input_stats', 'momentum', 'eps'],
    { running_mean: null, running_var: null, weight: null, bias: null, use_input_stats: true, momentum: 0.1, eps: 1e-5 },
    arguments,
    1,
  );
  if (x.dim() < 3) throw new RangeError(`${op}(): expected an input of shape (N, C, ...), with at least 3 dims, but got input of size ${fmtShape(x.shape)}`);
  const [N, C] = x.shape;
  const [rm, rv, w, b] = (['running_mean', 'running_var', 'weight', 'bias'] as const).map((name, i) => {
    const t = optionalTensor(op, name, a[name], i + 2, x);
    if (t && t.numel() !== C) throw new RangeError(`${op}(): ${name} should contain ${N * C} elements not ${N * t.numel()}`);
    return t;
  });
  if (!a.use_input_stats && (!rm || !rv)) throw new TypeError(`${op}(): Expected running_mean and running_var to be defined when use_input_stats is false`);
  if (a.use_input_stats && numelOf(x.shape.slice(2)) <= 1) {
    throw new RangeError(`${op}(): Expected more than 1 spatial element when training, got input size torch.Size([${x.shape.join(', ')}])`);
  }
  const repeated = (t: Tensor | null) => (t ? t.repeat(N) : null);
  const [rmN, rvN] = [rm, rv].map((t) => (t ? no_grad(() => t.repeat(N)) : null));
  const y = batch_norm(x.reshape(1, N * C, ...x.shape.slice(2)), rmN, rvN, repeated(w), repeated(b), a.use_input_stats, a.momentum, a.eps);
  if (a.use_input_stats) {
    no_grad(() => {
      if (rm) rm.copy_(rmN!.reshape(N, C).mean(0));
      if (rv) rv.copy_(rvN!.reshape(N, C).mean(0));
    });
  }
  return y.reshape(x.shape);
}

export interface LocalResponseNormOptions {
  size?: number;
  alpha?: number;
  beta?: number;
  k?: number;
}

/**
 * F.local_response_norm(input, size, alpha = 1e-4, beta = 0.75, k = 1): input / (k + alpha * mean of x^2 over
 * `size` neighbouring channels)^beta, input [N, C, ...]. As PyTorch, the mean is avg_pool over the squares padded
 * with zeros, size // 2 channels before and (size - 1) // 2 after, so windows at the edges still divide by size.
 */
export function local_response_norm(input: Tensor, size: number | LocalResponseNormOptions, alpha?: number | LocalResponseNormOptions, beta?: number | LocalResponseNormOptions, k?: number | LocalResponseNormOptions): Tensor {
  const op = 'local_response_norm';
  const x = checkTensor(op, input);
  const a = resolveArgs<LocalResponseNormOptions>(op, ['size', 'alpha', 'beta', 'k'], { alpha: 1e-4, beta: 0.75, k: 1 }, arguments, 1);
  if (!Number.isInteger(a.size)) throw new TypeError(`${op}(): argument 'size' must be int, not ${typeName(a.size)}`);
  if (x.dim() < 3) throw new RangeError(`${op}(): Expected 3D or higher dimensionality input (got ${x.dim()} dimensions)`);
  if (x.numel() === 0) return x;
  const n = a.size!;
  const [N, C] = x.shape;
  // the squares as one-channel [N, 1, C, rest] images, the window running down the channels
  const squares = x.mul(x).reshape(N, 1, C, x.numel() / (N * C));
  const padded = pad(squares, [0, 0, Math.floor(n / 2), Math.floor((n - 1) / 2)]);
  const mean = avg_pool2d(padded, [n, 1], 1).reshape(x.shape);
  return x.div(mean.mul(a.alpha!).add(a.k!).pow(a.beta!));
}
