// torch.nn.functional: PyTorch's functional forms of the activations (inplace variants write into the input).
import { Tensor, checkTensor, typeName } from '../tensor';
import * as ew from '../ops/elementwise';
import * as red from '../ops/reduce';
import * as linalg from '../ops/linalg';
import { copy_ } from '../ops/shape';
import { rand_like, zeros, zeros_like } from '../ops/creation';
import { isFloating, type DType } from '../dtype';
import { broadcastShapes, fmtShape } from '../shape';
import type { UnaryOp } from '../backend/ops';
import { no_grad, record } from '../autograd';
import { checkArgs, resolveArgs } from '../args';

export * from './loss_functions';
export * from './margin_losses';
export { batch_norm, layer_norm, group_norm, instance_norm } from './norm_functions';
export { conv2d, conv1d, conv_transpose2d, conv_transpose1d, unfold, fold, max_pool2d, max_pool1d, avg_pool2d, avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool1d, adaptive_max_pool2d, adaptive_max_pool1d, pad } from './conv_functions';
export { embedding, embedding_bag } from './sparse';
export type { EmbeddingOptions, EmbeddingBagOptions } from './sparse';
export { one_hot } from '../ops/indexing';
export { interpolate, pixel_shuffle, pixel_unshuffle } from './upsampling';
export type { InterpolateOptions } from './upsampling';
export type { Conv2dOptions, ConvTranspose2dOptions, FoldOptions, PoolOptions } from './conv_functions';
export { conv3d, conv_transpose3d, max_pool3d, avg_pool3d, adaptive_avg_pool3d, adaptive_max_pool3d } from './conv3d_functions';
export type { Conv3dOptions, ConvTranspose3dOptions, Pool3dOptions } from './conv3d_functions';
export { affine_grid, grid_sample } from './grid_sample';
export type { GridSampleOptions } from './grid_sample';
export type { BatchNormOptions, LayerNormOptions, GroupNormOptions, InstanceNormOptions } from './norm_functions';

type Inplace = boolean | { inplace?: boolean };

/** f(x), or with inplace its result written back into x; `kernel` names a unary kernel that can write into x directly. */
function maybeInplace(name: string, x: Tensor, inplace: boolean, f: (x: Tensor) => Tensor, kernel?: [UnaryOp, number?, number?]): Tensor {
  checkTensor(name, x);
  if (!inplace) return f(x);
  return kernel && isFloating(x.dtype) ? ew.inplaceUnary(`${name}_`, kernel[0], x, kernel[1], kernel[2]) : copy_(x, f(x), `${name}_`);
}

/** PyTorch's `inplace = false`, positional or as { inplace }, with Python's errors for anything else. */
function inplaceArg(name: string, args: IArguments): boolean {
  return !!resolveArgs(name, ['inplace'], { inplace: false as boolean }, args, 1).inplace;
}

export function relu(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('relu', input, inplaceArg('relu', arguments), ew.relu, ['relu']);
}

export function relu6(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('relu6', input, inplaceArg('relu6', arguments), ew.relu6, ['relu6']);
}

/** F.leaky_relu(input, negative_slope = 0.01, inplace = false); also F.leaky_relu(x, { negative_slope }). */
export function leaky_relu(input: Tensor, negative_slope: number | { negative_slope?: number; inplace?: boolean } = 0.01, inplace?: Inplace): Tensor {
  const a = resolveArgs('leaky_relu', ['negative_slope', 'inplace'], { negative_slope: 0.01 as unknown, inplace: false as unknown }, arguments, 1);
  const slope = a.negative_slope;
  if (typeof slope !== 'number') throw new TypeError(`leaky_relu(): argument 'negative_slope' must be Number, not ${typeName(slope)}`);
  return maybeInplace('leaky_relu', input, !!a.inplace, (x) => ew.leaky_relu(x, slope), ['leaky_relu', slope]);
}

/** F.threshold(input, threshold, value, inplace = false): input <= threshold ? value : input. */
export function threshold(input: Tensor, threshold: number | { threshold: number; value: number; inplace?: boolean }, value?: number, inplace?: Inplace): Tensor {
  // undefined marks a missing argument: NaN is a valid threshold or value
  const a = resolveArgs('threshold', ['threshold', 'value', 'inplace'], { threshold: undefined as unknown, value: undefined as unknown, inplace: false as unknown }, arguments, 1);
  return maybeInplace('threshold', input, !!a.inplace, (x) => ew.threshold(x, a.threshold as number, a.value as number));
}

export function sigmoid(input: Tensor): Tensor {
  checkArgs('sigmoid', arguments, 1);
  return ew.sigmoid(input);
}

export function tanh(input: Tensor): Tensor {
  checkArgs('tanh', arguments, 1);
  return ew.tanh(input);
}

type SoftmaxDim = number | { dim: number; dtype?: DType };

export function softmax(input: Tensor, dim: SoftmaxDim, options?: { dtype?: DType }): Tensor {
  checkArgs('softmax', arguments, 2, ['dim', 'dtype']);
  return red.softmax(input, dim, options);
}

export function log_softmax(input: Tensor, dim: SoftmaxDim, options?: { dtype?: DType }): Tensor {
  checkArgs('log_softmax', arguments, 2, ['dim', 'dtype']);
  return red.log_softmax(input, dim, options);
}

// ---- layers ----

/**
 * F.linear(input, weight, bias): input @ weight^T + bias (weight^T is a view, read transposed by the kernel),
 * with the bias added by the product as it writes its output (ops/linalg.ts).
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkArgs('linear', arguments, 3, [], 2);
  return linalg.linear(input, weight, bias);
}

/** F.dropout(input, p = 0.5, training = true, inplace = false): zeroes elements with probability p, scales the rest by 1/(1-p). */
export function dropout(input: Tensor, p: number | { p?: number; training?: boolean; inplace?: boolean } = 0.5, training = true, inplace = false): Tensor {
  checkTensor('dropout', input);
  ({ p, training, inplace } = resolveArgs('dropout', ['p', 'training', 'inplace'], { p: 0.5 as number, training: true, inplace: false }, arguments, 1));
  if (typeof p !== 'number' || p < 0 || p > 1) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return input;
  const keep = p === 1 ? zeros_like(input) : rand_like(input).ge(p).to(input.dtype).div(1 - p);
  return inplace ? copy_(input, input.mul(keep), 'dropout_') : input.mul(keep);
}

/** F.normalize(input, p = 2, dim = 1, eps = 1e-12): input divided by its p-norm along dim (at least eps). */
export function normalize(input: Tensor, p: number | { p?: number; dim?: number; eps?: number } = 2, dim = 1, eps = 1e-12): Tensor {
  checkTensor('normalize', input);
  const a = resolveArgs('normalize', ['p', 'dim', 'eps'], { p: 2 as number, dim: 1, eps: 1e-12 }, arguments, 1);
  return input.div(red.norm(input, a.p, a.dim, true).clamp_min(a.eps));
}

/**
 * F.cosine_similarity(x1, x2, dim = 1, eps = 1e-8): sum((x1 / |x1|) (x2 / |x2|)) along dim, x1 and x2
 * broadcast to one shape, each norm at least eps in value, as PyTorch 1.13 (its gradient is the norm's).
 */
export function cosine_similarity(x1: Tensor, x2: Tensor, dim: number | { dim?: number; eps?: number } = 1, eps = 1e-8): Tensor {
  const op = 'cosine_similarity';
  checkTensor(op, x1, 'x1');
  checkTensor(op, x2, 'x2', 2);
  const a = resolveArgs(op, ['dim', 'eps'], { dim: 1 as number, eps: 1e-8 }, arguments, 2);
  const shape = broadcastShapes(op, x1.shape, x2.shape);
  const unit = (x: Tensor) => {
    const n = red.norm(x, 2, a.dim, true);
    const floor = n.detach();
    return x.div(n.add(floor.clamp_min(a.eps).sub(floor))); // the clamped value, the norm's gradient
  };
  return unit(x1.expand(shape)).mul(unit(x2.expand(shape))).sum(a.dim);
}

/**
 * F.dropout2d(input, p = 0.5, training = true, inplace = false): zeroes whole channels ([N, C, H, W] or
 * [C, H, W]) with probability p and scales the rest by 1/(1-p).
 */
export function dropout2d(input: Tensor, p: number | { p?: number; training?: boolean; inplace?: boolean } = 0.5, training = true, inplace = false): Tensor {
  checkTensor('dropout2d', input);
  ({ p, training, inplace } = resolveArgs('dropout2d', ['p', 'training', 'inplace'], { p: 0.5 as number, training: true, inplace: false }, arguments, 1));
  if (typeof p !== 'number' || p < 0 || p > 1) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (input.dim() !== 3 && input.dim() !== 4) throw new RangeError(`dropout2d(): expected a 3-D or 4-D input, but got input of size ${fmtShape(input.shape)}`);
  if (!training || p === 0) return input;
  // one draw per channel, broadcast over the channel's H x W
  const maskShape = [...input.shape.slice(0, input.dim() - 2), 1, 1];
  const keep = p === 1 ? zeros_like(input) : rand_like(zeros(maskShape, { dtype: input.dtype })).ge(p).to(input.dtype).div(1 - p);
  return inplace ? copy_(input, input.mul(keep), 'dropout2d_') : input.mul(keep);
}

// ---- more activations, composed from primitives (tinygrad-style): autograd and both backends come for free ----

/** F.hardtanh(input, min_val = -1, max_val = 1): clamp whose gradient is zero at the bounds, as PyTorch's. */
export function hardtanh(input: Tensor, min_val: number | { min_val?: number; max_val?: number; inplace?: boolean } = -1, max_val = 1, inplace?: Inplace): Tensor {
  const a = resolveArgs('hardtanh', ['min_val', 'max_val', 'inplace'], { min_val: -1 as number, max_val: 1, inplace: false as Inplace }, arguments, 1);
  return maybeInplace('hardtanh', input, !!a.inplace, (x) => ew.hardtanh(x, a.min_val, a.max_val));
}

/** F.gelu(input, approximate = 'none' | 'tanh'). */
export function gelu(input: Tensor, approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none'): Tensor {
  checkTensor('gelu', input);
  const mode = resolveArgs('gelu', ['approximate'], { approximate: 'none' as unknown }, arguments, 1).approximate;
  if (mode === 'tanh') {
    const inner = input.add(input.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return input.mul(0.5).mul(ew.tanh(inner).add(1));
  }
  if (mode !== 'none') throw new RangeError(`gelu(): approximate argument must be either none or tanh, got '${String(mode)}'`);
  return input.mul(0.5).mul(ew.erf(input.mul(Math.SQRT1_2)).add(1));
}

export function silu(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('silu', input, inplaceArg('silu', arguments), (x) => x.mul(ew.sigmoid(x)));
}

/**
 * x <= 0 ? negative(x) : x, as PyTorch branches (so NaN takes the identity branch). The negative branch only
 * sees x where x <= 0 (0 elsewhere): e^x of a huge x cannot overflow there and leak a NaN gradient.
 */
function splitAtZero(x: Tensor, negative: (nonPositive: Tensor) => Tensor): Tensor {
  const isNegative = x.le(0);
  return ew.where(isNegative, negative(ew.where(isNegative, x, 0)), x);
}

export function elu(input: Tensor, alpha: number | { alpha?: number; inplace?: boolean } = 1, inplace?: Inplace): Tensor {
  const a = resolveArgs('elu', ['alpha', 'inplace'], { alpha: 1 as number, inplace: false as Inplace }, arguments, 1);
  return maybeInplace('elu', input, !!a.inplace, (x) => splitAtZero(x, (n) => ew.expm1(n).mul(a.alpha)));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export function selu(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('selu', input, inplaceArg('selu', arguments), (x) => elu(x, SELU_ALPHA).mul(SELU_SCALE));
}

export function celu(input: Tensor, alpha: number | { alpha?: number; inplace?: boolean } = 1, inplace?: Inplace): Tensor {
  const a = resolveArgs('celu', ['alpha', 'inplace'], { alpha: 1 as number, inplace: false as Inplace }, arguments, 1);
  if (a.alpha === 0) throw new RangeError('ZeroDivisionError: alpha cannot be 0 for CELU');
  return maybeInplace('celu', input, !!a.inplace, (x) => splitAtZero(x, (n) => ew.expm1(n.div(a.alpha)).mul(a.alpha)));
}

/** F.softplus(input, beta = 1, threshold = 20): log(1 + e^(beta x)) / beta, linear where beta x > threshold. */
export function softplus(input: Tensor, beta: number | { beta?: number; threshold?: number } = 1, threshold = 20): Tensor {
  checkTensor('softplus', input);
  ({ beta, threshold } = resolveArgs('softplus', ['beta', 'threshold'], { beta: 1 as number, threshold: 20 }, arguments, 1));
  const bx = input.mul(beta);
  // the log branch sees threshold where bx > threshold, so e^bx stays finite and cannot leak a NaN gradient
  const linear = bx.gt(threshold);
  const soft = ew.log1p(ew.exp(ew.where(linear, threshold, bx))).div(beta);
  return ew.where(linear, input, soft);
}

export function mish(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('mish', input, inplaceArg('mish', arguments), (x) => x.mul(ew.tanh(softplus(x))));
}

/** F.hardsigmoid: relu6(x + 3) / 6; gradient 1/6 strictly inside (-3, 3), as PyTorch's. */
export function hardsigmoid(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('hardsigmoid', input, inplaceArg('hardsigmoid', arguments), (x) => {
    const out = no_grad(() => ew.relu6(x.add(3)).div(6));
    return record(out, 'HardsigmoidBackward0', [x], (g) => [ew.where(x.gt(-3).mul(x.lt(3)), g.div(6), 0)]);
  });
}

/** F.hardswish: x * relu6(x + 3) / 6; gradient 0 below -3, x/3 + 1/2 on [-3, 3), 1 from 3 on, as PyTorch's. */
export function hardswish(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('hardswish', input, inplaceArg('hardswish', arguments), (x) => {
    const out = no_grad(() => x.mul(ew.relu6(x.add(3))).div(6));
    return record(out, 'HardswishBackward0', [x], (g) => [
      ew.where(x.lt(-3), 0, ew.where(x.lt(3), g.mul(x.div(3).add(0.5)), g)),
    ]);
  });
}

/** F.prelu(input, weight): x > 0 ? x : weight * x, weight broadcast along dim 1 (channels). */
export const prelu = ew.prelu;

export function softsign(input: Tensor): Tensor {
  checkArgs('softsign', arguments, 1);
  checkTensor('softsign', input);
  return input.div(input.abs().add(1));
}

/** F.logsigmoid: log(sigmoid(x)) = -softplus(-x), stable for large |x|. */
export function logsigmoid(input: Tensor): Tensor {
  checkArgs('logsigmoid', arguments, 1);
  checkTensor('logsigmoid', input);
  return softplus(input.neg()).neg();
}

export function tanhshrink(input: Tensor): Tensor {
  checkArgs('tanhshrink', arguments, 1);
  checkTensor('tanhshrink', input);
  return input.sub(ew.tanh(input));
}

/** F.hardshrink(input, lambd = 0.5): x where |x| > lambd, else 0 (NaN stays NaN). */
export function hardshrink(input: Tensor, lambd: number | { lambd?: number } = 0.5): Tensor {
  checkTensor('hardshrink', input);
  ({ lambd } = resolveArgs('hardshrink', ['lambd'], { lambd: 0.5 as number }, arguments, 1));
  return ew.where(input.abs().le(lambd), 0, input);
}

/** F.softshrink(input, lambd = 0.5): x - lambd above lambd, x + lambd below -lambd, else 0 (NaN too, as PyTorch 1.13). */
export function softshrink(input: Tensor, lambd: number | { lambd?: number } = 0.5): Tensor {
  checkTensor('softshrink', input);
  ({ lambd } = resolveArgs('softshrink', ['lambd'], { lambd: 0.5 as number }, arguments, 1));
  if (!(lambd >= 0)) throw new RangeError(`softshrink(): lambda must be greater or equal to 0, but found to be ${lambd}.`);
  const l = lambd;
  const out = no_grad(() => ew.where(input.gt(l), input.sub(l), ew.where(input.lt(-l), input.add(l), 0)));
  // PyTorch's backward passes the gradient wherever x is not within [-lambd, lambd]: NaN included (its output is 0)
  return record(out, 'SoftshrinkBackward0', [input], (g) => [ew.where(input.ge(-l).logical_and(input.le(l)), 0, g)]);
}

/** F.glu(input, dim = -1): the first half of dim times the sigmoid of the second half. */
export function glu(input: Tensor, dim: number | { dim?: number } = -1): Tensor {
  checkTensor('glu', input);
  ({ dim } = resolveArgs('glu', ['dim'], { dim: -1 as number }, arguments, 1));
  if (input.dim() === 0) throw new RangeError('glu(): glu does not support scalars because halving size must be even');
  const d = dim < 0 ? dim + input.dim() : dim;
  if (input.shape[d] % 2) throw new RangeError(`glu(): Halving dimension must be even, but dimension ${d} is size ${input.shape[d]}`);
  const [a, b] = input.chunk(2, d);
  return a.mul(ew.sigmoid(b));
}

export interface RReLUOptions {
  lower?: number;
  upper?: number;
  training?: boolean;
  inplace?: boolean;
}

/**
 * F.rrelu(input, lower = 1/8, upper = 1/3, training = false, inplace = false): a leaky ReLU whose negative slope is
 * drawn uniformly from [lower, upper] per element while training (torch's generator), and is their mean otherwise.
 */
export function rrelu(input: Tensor, lower?: number | RReLUOptions, upper?: number | RReLUOptions, training?: boolean | RReLUOptions, inplace?: boolean | RReLUOptions): Tensor {
  checkTensor('rrelu', input);
  const a = resolveArgs<RReLUOptions>('rrelu', ['lower', 'upper', 'training', 'inplace'], { lower: 1 / 8, upper: 1 / 3, training: false, inplace: false }, arguments, 1);
  const [lo, hi] = [a.lower!, a.upper!];
  if (!(lo <= hi)) throw new RangeError(`rrelu(): Lower bound should be less than or equal to the upper bound, got lower=${lo}, upper=${hi}`);
  return maybeInplace('rrelu', input, !!a.inplace, (x) => {
    // x > 0 picks x, as leaky_relu: 0 and NaN take the slope (and its gradient), as in PyTorch
    if (!a.training) return ew.where(x.gt(0), x, x.mul((lo + hi) / 2));
    const slopes = no_grad(() => rand_like(x).mul(hi - lo).add(lo));
    return ew.where(x.gt(0), x, x.mul(slopes));
  });
}

export function softmin(input: Tensor, dim: SoftmaxDim, options?: { dtype?: DType }): Tensor {
  checkArgs('softmin', arguments, 2, ['dim', 'dtype']);
  checkTensor('softmin', input);
  return red.softmax(input.neg(), dim, options);
}
