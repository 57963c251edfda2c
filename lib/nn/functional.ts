// torch.nn.functional: PyTorch's functional forms of the activations (inplace variants write into the input).
import { Tensor, checkTensor, typeName } from '../tensor';
import * as ew from '../ops/elementwise';
import * as red from '../ops/reduce';
import * as linalg from '../ops/linalg';
import { arange, rand_like, zeros, zeros_like } from '../ops/creation';
import { warnOnce } from '../utils/warnings';
import * as sp from '../ops/special';
import { isFloating, isReduced, type DType } from '../dtype';
import { anyReduced, inFloat32 } from '../ops/shape';
import { is_autocast_cpu_enabled, outsideAutocast } from '../autocast';
import { broadcastShapes, fmtShape, normalizeDim } from '../shape';
import type { UnaryOp } from '../backend/ops';
import { is_grad_enabled, no_grad, record } from '../autograd';
import { inplaceResult } from '../ops/inplace';
import { checkArgs, resolveArgs } from '../args';

export * from './loss_functions';
export * from './margin_losses';
export { batch_norm, layer_norm, group_norm, instance_norm, local_response_norm } from './norm_functions';
export { conv2d, conv1d, conv_transpose2d, conv_transpose1d, unfold, fold, max_pool2d, max_pool1d, avg_pool2d, avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool1d, adaptive_max_pool2d, adaptive_max_pool1d, pad, max_pool2d_with_indices, max_pool1d_with_indices, adaptive_max_pool2d_with_indices, adaptive_max_pool1d_with_indices, lp_pool2d, lp_pool1d, max_unpool2d, max_unpool1d } from './conv_functions';
export { embedding, embedding_bag } from './sparse';
export type { EmbeddingOptions, EmbeddingBagOptions } from './sparse';
export { one_hot } from '../ops/indexing';
export { interpolate, upsample, upsample_nearest, upsample_bilinear, pixel_shuffle, pixel_unshuffle, channel_shuffle } from './upsampling';
export type { InterpolateOptions } from './upsampling';
export type { Conv2dOptions, ConvTranspose2dOptions, FoldOptions, PoolOptions, LPPoolOptions, MaxUnpoolOptions } from './conv_functions';
export { conv3d, conv_transpose3d, max_pool3d, avg_pool3d, adaptive_avg_pool3d, adaptive_max_pool3d, max_pool3d_with_indices, adaptive_max_pool3d_with_indices, max_unpool3d } from './conv3d_functions';
export type { Conv3dOptions, ConvTranspose3dOptions, Pool3dOptions, MaxUnpool3dOptions } from './conv3d_functions';
export { affine_grid, grid_sample } from './grid_sample';
export { ctc_loss } from './ctc';
export { scaled_dot_product_attention } from './transformer';
export type { ScaledDotProductAttentionOptions } from './transformer';
export { fractional_max_pool2d, fractional_max_pool3d, fractional_max_pool2d_with_indices, fractional_max_pool3d_with_indices } from './fractional_pool';
export type { FractionalMaxPoolOptions } from './fractional_pool';
export type { CTCOptions } from './ctc';
export type { GridSampleOptions } from './grid_sample';
export type { BatchNormOptions, LayerNormOptions, GroupNormOptions, InstanceNormOptions } from './norm_functions';

type Inplace = boolean | { inplace?: boolean };

/** f(x), or with inplace its result written back into x; `kernel` names a unary kernel that can write into x directly. */
function maybeInplace(name: string, x: Tensor, inplace: boolean, f: (x: Tensor) => Tensor, kernel?: [UnaryOp, number?, number?]): Tensor {
  checkTensor(name, x);
  if (!kernel && isReduced(x.dtype)) {
    const composite = f;
    f = (t) => inFloat32(composite, [t]);
  }
  if (!inplace) return f(x);
  // inside an autograd graph, the history is rewritten through f (ops/inplace.ts)
  const direct = kernel && isFloating(x.dtype) && !(is_grad_enabled() && x.requires_grad);
  return direct ? ew.inplaceUnary(`${name}_`, kernel[0], x, kernel[1], kernel[2]) : inplaceResult(`${name}_`, x, f);
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

/**
 * F.bilinear(input1, input2, weight, bias = null): out[..., o] = sum over i, j of input1[..., i] weight[o, i, j]
 * input2[..., j] + bias[o]; inputs [*, in1] and [*, in2] with the same leading dims, weight [out, in1, in2].
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor | { weight?: Tensor; bias?: Tensor | null }, bias?: Tensor | null | { bias?: Tensor | null }): Tensor {
  if (is_autocast_cpu_enabled()) return outsideAutocast(() => bilinear(input1, input2, weight, bias)); // one float32 kernel in PyTorch
  const op = 'bilinear';
  const x1 = checkTensor(op, input1, 'input1', 1);
  const x2 = checkTensor(op, input2, 'input2', 2);
  const a = resolveArgs<{ weight?: Tensor; bias?: Tensor | null }>(op, ['weight', 'bias'], { bias: null }, arguments, 2);
  const w = checkTensor(op, a.weight, 'weight', 3);
  const b = a.bias === null || a.bias === undefined ? null : checkTensor(op, a.bias, 'bias', 4);
  for (const t of [x2, w, ...(b ? [b] : [])]) {
    if (t.dtype !== x1.dtype) throw new TypeError(`${op}(): expected scalar type ${ew.TORCH_NAME[x1.dtype]} but found ${ew.TORCH_NAME[t.dtype]}`);
  }
  if (!isFloating(x1.dtype)) throw new TypeError(`${op}(): "${op}" not implemented for '${ew.TORCH_NAME[x1.dtype]}'`);
  if (x1.dim() !== x2.dim()) throw new RangeError(`${op}(): input dimensions do not match: got ${x1.dim()} and ${x2.dim()}`);
  if (x1.dim() === 0) throw new RangeError(`${op}(): expected inputs with at least 1 dimension, but got 0-dimensional inputs`);
  const lead = x1.shape.slice(0, -1);
  lead.forEach((n, d) => {
    if (n !== x2.shape[d]) throw new RangeError(`${op}(): input batch dimensions do not match at dim ${d}: got ${n} and ${x2.shape[d]}`);
  });
  if (w.dim() !== 3) throw new RangeError(`${op}(): expected a 3-D weight [out_features, in1_features, in2_features], but got weight of size ${fmtShape(w.shape)}`);
  const [O, I, J] = w.shape;
  const [n1, n2] = [x1.shape[x1.dim() - 1], x2.shape[x2.dim() - 1]];
  if (n1 !== I) throw new RangeError(`${op}(): input1 size does not match weight size: got ${n1} but expected ${I}`);
  if (n2 !== J) throw new RangeError(`${op}(): input2 size does not match weight size: got ${n2} but expected ${J}`);
  if (b && b.dim() !== 1) throw new RangeError(`${op}(): expected a 1-D bias of ${O} elements, but got bias of size ${fmtShape(b.shape)}`);
  if (b && b.shape[0] !== O) throw new RangeError(`${op}(): bias size does not match weight size: got ${b.shape[0]} but expected ${O}`);
  const rows = lead.reduce((m, n) => m * n, 1);
  // input1 times the weight as [in1, out * in2]: each row's x1^T W[o] for every o, then dotted with its x2
  const left = x1.reshape(rows, I).matmul(w.permute(1, 0, 2).reshape(I, O * J)).reshape(rows, O, J);
  const out = left.mul(x2.reshape(rows, 1, J)).sum(2);
  return (b ? out.add(b) : out).reshape([...lead, O]);
}

/** F.dropout(input, p = 0.5, training = true, inplace = false): zeroes elements with probability p, scales the rest by 1/(1-p). */
export function dropout(input: Tensor, p: number | { p?: number; training?: boolean; inplace?: boolean } = 0.5, training = true, inplace = false): Tensor {
  checkTensor('dropout', input);
  ({ p, training, inplace } = resolveArgs('dropout', ['p', 'training', 'inplace'], { p: 0.5 as number, training: true, inplace: false }, arguments, 1));
  if (typeof p !== 'number' || p < 0 || p > 1) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return input;
  const keep = p === 1 ? zeros_like(input) : rand_like(input).ge(p).to(input.dtype).div(1 - p);
  return inplace ? inplaceResult('dropout_', input, (x) => x.mul(keep)) : input.mul(keep);
}

/** F.normalize(input, p = 2, dim = 1, eps = 1e-12): input divided by its p-norm along dim (at least eps). */
export function normalize(input: Tensor, p: number | { p?: number; dim?: number; eps?: number } = 2, dim = 1, eps = 1e-12): Tensor {
  if (anyReduced(arguments)) return inFloat32(normalize, arguments);
  checkTensor('normalize', input);
  const a = resolveArgs('normalize', ['p', 'dim', 'eps'], { p: 2 as number, dim: 1, eps: 1e-12 }, arguments, 1);
  return input.div(red.norm(input, a.p, a.dim, true).clamp_min(a.eps));
}

/**
 * F.cosine_similarity(x1, x2, dim = 1, eps = 1e-8): sum((x1 / |x1|) (x2 / |x2|)) along dim, x1 and x2
 * broadcast to one shape, each norm at least eps in value, as PyTorch 1.13 (its gradient is the norm's).
 */
export function cosine_similarity(x1: Tensor, x2: Tensor, dim: number | { dim?: number; eps?: number } = 1, eps = 1e-8): Tensor {
  if (anyReduced(arguments)) return inFloat32(cosine_similarity, arguments);
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
  return inplace ? inplaceResult('dropout2d_', input, (x) => x.mul(keep)) : input.mul(keep);
}

// ---- more activations, composed from primitives (tinygrad-style): autograd and both backends come for free ----

/** F.hardtanh(input, min_val = -1, max_val = 1): clamp whose gradient is zero at the bounds, as PyTorch's. */
export function hardtanh(input: Tensor, min_val: number | { min_val?: number; max_val?: number; inplace?: boolean } = -1, max_val = 1, inplace?: Inplace): Tensor {
  const a = resolveArgs('hardtanh', ['min_val', 'max_val', 'inplace'], { min_val: -1 as number, max_val: 1, inplace: false as Inplace }, arguments, 1);
  return maybeInplace('hardtanh', input, !!a.inplace, (x) => ew.hardtanh(x, a.min_val, a.max_val));
}

/** F.gelu(input, approximate = 'none' | 'tanh'). */
export function gelu(input: Tensor, approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none'): Tensor {
  if (anyReduced(arguments)) return inFloat32(gelu, arguments);
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
  if (anyReduced(arguments)) return inFloat32(softplus, arguments);
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
  if (anyReduced(arguments)) return inFloat32(softsign, arguments);
  checkArgs('softsign', arguments, 1);
  checkTensor('softsign', input);
  return input.div(input.abs().add(1));
}

/** F.logsigmoid: log(sigmoid(x)) = -softplus(-x), stable for large |x|. */
export function logsigmoid(input: Tensor): Tensor {
  if (anyReduced(arguments)) return inFloat32(logsigmoid, arguments);
  checkArgs('logsigmoid', arguments, 1);
  checkTensor('logsigmoid', input);
  return softplus(input.neg()).neg();
}

export function tanhshrink(input: Tensor): Tensor {
  if (anyReduced(arguments)) return inFloat32(tanhshrink, arguments);
  checkArgs('tanhshrink', arguments, 1);
  checkTensor('tanhshrink', input);
  return input.sub(ew.tanh(input));
}

/** F.hardshrink(input, lambd = 0.5): x where |x| > lambd, else 0 (NaN stays NaN); also torch.hardshrink and x.hardshrink(). */
export function hardshrink(input: Tensor, lambd?: number | { lambd?: number }): Tensor {
  return sp.hardshrink(...(Array.from(arguments) as [Tensor, number])); // every argument passed on, for its checks
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
  if (anyReduced(arguments)) return inFloat32(glu, arguments);
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

// ---- in-place forms: F.elu_(x) is F.elu(x, inplace=True), with PyTorch's own signatures ----

/** x checked as `op`'s input, and PyTorch's refusal of an integer tensor by a float-only kernel (named in the message). */
function floatKernel(op: string, kernel: string, x: Tensor): Tensor {
  if (!isFloating(checkTensor(op, x).dtype)) throw new TypeError(`"${kernel}_cpu" not implemented for '${ew.TORCH_NAME[x.dtype]}'`);
  return x;
}

/** F.relu_(input): torch.relu_. */
export const relu_ = ew.relu_;

/** F.leaky_relu_(input, negative_slope = 0.01). */
export function leaky_relu_(input: Tensor, negative_slope?: number | { negative_slope?: number }): Tensor {
  const a = resolveArgs('leaky_relu_', ['negative_slope'], { negative_slope: 0.01 as number }, arguments, 1);
  return leaky_relu(floatKernel('leaky_relu_', 'leaky_relu', input), a.negative_slope, true);
}

/** F.elu_(input, alpha = 1). */
export function elu_(input: Tensor, alpha?: number | { alpha?: number }): Tensor {
  const a = resolveArgs('elu_', ['alpha'], { alpha: 1 as number }, arguments, 1);
  return elu(floatKernel('elu_', 'elu', input), a.alpha, true);
}

/** F.celu_(input, alpha = 1), also torch.celu_. */
export function celu_(input: Tensor, alpha?: number | { alpha?: number }): Tensor {
  const a = resolveArgs('celu_', ['alpha'], { alpha: 1 as number }, arguments, 1);
  return celu(floatKernel('celu_', 'elu', input), a.alpha, true);
}

/** F.selu_(input), also torch.selu_. */
export function selu_(input: Tensor): Tensor {
  checkArgs('selu_', arguments, 1);
  return selu(floatKernel('selu_', 'elu', input), true);
}

/** F.hardtanh_(input, min_val = -1, max_val = 1). */
export function hardtanh_(input: Tensor, min_val?: number | { min_val?: number; max_val?: number }, max_val?: number): Tensor {
  checkTensor('hardtanh_', input);
  const a = resolveArgs('hardtanh_', ['min_val', 'max_val'], { min_val: -1 as number, max_val: 1 }, arguments, 1);
  return hardtanh(input, a.min_val, a.max_val, true);
}

/** F.threshold_(input, threshold, value), also torch.threshold_. */
export function threshold_(input: Tensor, threshold_: number | { threshold: number; value: number }, value?: number): Tensor {
  checkTensor('threshold_', input);
  const a = resolveArgs('threshold_', ['threshold', 'value'], { threshold: undefined as unknown, value: undefined as unknown }, arguments, 1);
  return threshold(input, a.threshold as number, a.value as number, true);
}

type RReLUArgs = number | boolean | Omit<RReLUOptions, 'inplace'>;

/** F.rrelu_(input, lower = 1/8, upper = 1/3, training = false), also torch.rrelu_. */
export function rrelu_(input: Tensor, lower?: RReLUArgs, upper?: RReLUArgs, training?: RReLUArgs): Tensor {
  const a = resolveArgs<RReLUOptions>('rrelu_', ['lower', 'upper', 'training'], { lower: 1 / 8, upper: 1 / 3, training: false }, arguments, 1);
  return rrelu(floatKernel('rrelu_', 'leaky_relu', input), { ...a, inplace: true });
}

// ---- random activations and dropout variants ----

/**
 * F.gumbel_softmax(logits, tau = 1, hard = false, eps = 1e-10, dim = -1): softmax((logits + g) / tau) along dim, g
 * Gumbel(0, 1) noise from torch's generator. With hard, the one-hot of its argmax whose gradient is the soft
 * sample's (straight-through: y_hard - y_soft.detach() + y_soft). eps is deprecated and unused, as in PyTorch.
 */
export function gumbel_softmax(
  logits: Tensor,
  tau?: number | { tau?: number; hard?: boolean; eps?: number; dim?: number },
  hard?: boolean,
  eps?: number,
  dim?: number,
): Tensor {
  checkTensor('gumbel_softmax', logits);
  const a = resolveArgs('gumbel_softmax', ['tau', 'hard', 'eps', 'dim'], { tau: 1 as number, hard: false as boolean, eps: 1e-10, dim: -1 }, arguments, 1);
  if (a.eps !== 1e-10) warnOnce('`eps` parameter is deprecated and has no effect.');
  if (!isFloating(logits.dtype)) throw new TypeError(`"exponential_cpu" not implemented for '${ew.TORCH_NAME[logits.dtype]}'`);
  // -log(E), E ~ Exponential(1) = -log(U): U = 0 gives -inf, an element that is never picked
  const gumbels = no_grad(() => ew.neg(ew.log(ew.neg(ew.log(rand_like(logits))))));
  const ySoft = red.softmax(logits.add(gumbels).div(a.tau), a.dim);
  if (!a.hard) return ySoft;
  const d = normalizeDim('gumbel_softmax', a.dim, Math.max(logits.dim(), 1));
  const index = red.argmax(ySoft.detach(), d, true);
  const positions = arange(logits.dim() ? logits.shape[d] : 1).reshape(logits.shape.map((n, i) => (i === d ? n : 1)));
  const yHard = ew.compare('eq', positions, index).to(logits.dtype);
  return yHard.sub(ySoft.detach()).add(ySoft);
}

type DropoutArgs = number | boolean | { p?: number; training?: boolean; inplace?: boolean };

/** p, training, inplace of a dropout call (training defaults differ: true for dropout, false for alpha dropout). */
function dropoutArgs(name: string, args: IArguments, training: boolean): { p: number; training: boolean; inplace: boolean } {
  checkTensor(name, args[0]);
  const a = resolveArgs(name, ['p', 'training', 'inplace'], { p: 0.5 as number, training, inplace: false }, args, 1);
  if (typeof a.p !== 'number' || !(a.p >= 0 && a.p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${String(a.p)}`);
  return a;
}

/** SELU's -scale * alpha: where alpha dropout sends a dropped activation (before its affine correction). */
const ALPHA_DROPOUT_VALUE = 1.7580993408473766;

/**
 * PyTorch's dropout kernel (ATen's _dropout_impl): keep each element, or with `feature` each channel (dims 0 and 1,
 * broadcast over the rest), with probability 1 - p. Plain dropout scales the kept ones by 1 / (1 - p); alpha
 * dropout sets dropped ones to -alpha' and applies a x + b so that mean and variance stay those of SELU's fixed point.
 */
function dropoutKernel(name: string, input: Tensor, p: number, training: boolean, inplace: boolean, feature: boolean, alpha: boolean): Tensor {
  if (p === 0 || !training || input.numel() === 0) return input;
  const apply = (f: (x: Tensor) => Tensor) => (inplace ? inplaceResult(`${name}_`, input, f) : f(input));
  if (p === 1) return apply((x) => x.mul(0)); // x * 0: NaN stays NaN, integers stay integers, as PyTorch's
  if (feature && input.dim() < 2) throw new RangeError('Feature dropout requires at least 2 dimensions in the input');
  if (!isFloating(input.dtype)) throw new TypeError(`${name}(): result type Float can't be cast to the desired output type ${ew.TORCH_NAME[input.dtype]}`);
  const noiseShape = feature ? input.shape.map((n, i) => (i < 2 ? n : 1)) : input.shape;
  const keep = no_grad(() => rand_like(zeros(noiseShape, { dtype: input.dtype })).ge(p).to(input.dtype));
  if (!alpha) return apply((x) => x.mul(keep.div(1 - p)));
  const a = 1 / Math.sqrt((ALPHA_DROPOUT_VALUE * ALPHA_DROPOUT_VALUE * p + 1) * (1 - p));
  const b = keep.sub(1).mul(ALPHA_DROPOUT_VALUE * a).add(ALPHA_DROPOUT_VALUE * a * p);
  return apply((x) => x.mul(keep.mul(a)).add(b));
}

/** Channel dropout on an input whose batch dim is optional: an unbatched one is handled as a batch of one. */
function channelDropout(name: string, input: Tensor, batched: boolean, a: { p: number; training: boolean; inplace: boolean }): Tensor {
  if (batched || a.p === 0 || !a.training) return dropoutKernel(name, input, a.p, a.training, a.inplace, true, false);
  const drop = (x: Tensor) => dropoutKernel(name, x.unsqueeze(0), a.p, a.training, false, true, false).squeeze(0);
  return a.inplace ? inplaceResult(`${name}_`, input, drop) : drop(input);
}

/**
 * F.dropout1d(input, p = 0.5, training = true, inplace = false): zeroes whole channels of [N, C, L] (or [C, L])
 * inputs with probability p and scales the rest by 1/(1-p).
 */
export function dropout1d(input: Tensor, p?: DropoutArgs, training?: DropoutArgs, inplace?: DropoutArgs): Tensor {
  const a = dropoutArgs('dropout1d', arguments, true);
  const d = input.dim();
  if (d !== 2 && d !== 3) {
    throw new RangeError(
      `dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`,
    );
  }
  return channelDropout('dropout1d', input, d === 3, a);
}

/**
 * F.dropout3d(input, p = 0.5, training = true, inplace = false): zeroes whole channels of [N, C, D, H, W] (or
 * [C, D, H, W]) inputs; other ranks are deprecated in PyTorch 1.13 (a warning) and taken as unbatched.
 */
export function dropout3d(input: Tensor, p?: DropoutArgs, training?: DropoutArgs, inplace?: DropoutArgs): Tensor {
  const a = dropoutArgs('dropout3d', arguments, true);
  const d = input.dim();
  if (d !== 4 && d !== 5) {
    warnOnce(
      `dropout3d: Received a ${d}-D input to dropout3d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).`,
    );
  }
  return channelDropout('dropout3d', input, d === 5, a);
}

/**
 * F.alpha_dropout(input, p = 0.5, training = false, inplace = false): dropout for SELU networks, dropped elements
 * set to SELU's negative saturation and the result transformed to keep zero mean and unit variance.
 */
export function alpha_dropout(input: Tensor, p?: DropoutArgs, training?: DropoutArgs, inplace?: DropoutArgs): Tensor {
  const a = dropoutArgs('alpha_dropout', arguments, false);
  return dropoutKernel('alpha_dropout', input, a.p, a.training, a.inplace, false, true);
}

/** F.feature_alpha_dropout(input, p = 0.5, training = false, inplace = false): alpha dropout of whole channels (dim 1). */
export function feature_alpha_dropout(input: Tensor, p?: DropoutArgs, training?: DropoutArgs, inplace?: DropoutArgs): Tensor {
  const a = dropoutArgs('feature_alpha_dropout', arguments, false);
  return dropoutKernel('feature_alpha_dropout', input, a.p, a.training, a.inplace, true, true);
}

export function softmin(input: Tensor, dim: SoftmaxDim, options?: { dtype?: DType }): Tensor {
  checkArgs('softmin', arguments, 2, ['dim', 'dtype']);
  checkTensor('softmin', input);
  return red.softmax(input.neg(), dim, options);
}
