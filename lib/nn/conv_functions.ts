// Convolutions, transposed convolutions, F.unfold/fold and pooling, on two ops over windows: im2col, which lays
// every kh x kw window of an [N, C, H, W] input out as a column of an [N, C*kh*kw, L] matrix (L = windows), and
// its adjoint col2im (each column element added back to the pixel it came from), each the other's backward. A
// convolution is the weight [O, C*kh*kw] times those columns (the backend's matmul, batched over N and groups), a
// transposed one col2im of weight^T times its input, a pooling a max or mean down each column; autograd composes
// the rest. Both ops are backend kernels (Backend.im2col / col2im). At the end: the *_with_indices aliases,
// lp_pool (avg_pool of x^p) and max_unpool (values written back at their indices; its gradient a gather).
import { autocastLower, outsideAutocast } from '../autocast';
import { B } from '../backend';
import type { Windows as Geometry } from '../backend/types';
import { isFloating, isReduced } from '../dtype';
import { checkSizes, fmtShape } from '../shape';
import { record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { TORCH_NAME, relu } from '../ops/elementwise';
import { resolveArgs } from '../args';
import { full } from '../ops/creation';
import { cast, cat, widenReduced } from '../ops/shape';
import { index_select } from '../ops/indexing';

export type Pair = number | readonly [number, number];

/** How many spatial dims an op works on: 1 (conv1d, [N, C, L]) or 2 (conv2d, [N, C, H, W]). */
type Spatial = 1 | 2;

/**
 * An int or a list of `spatial` ints, checked (positive unless `min` is 0), as [height, width]: a 1-D op's
 * single size is the width, its height `lift` (1 for kernels and strides, 0 for padding).
 */
export function sizes(op: string, name: string, v: unknown, spatial: Spatial = 2, min = 1): [number, number] {
  const p = typeof v === 'number' ? Array<number>(spatial).fill(v) : v;
  if (!Array.isArray(p) || p.length !== spatial || !p.every((x) => Number.isInteger(x))) {
    const expected = spatial === 2 ? 'an int or a pair of ints' : 'an int or a list of one int';
    throw new TypeError(`${op}(): argument '${name}' must be ${expected}, not ${Array.isArray(v) ? `a list of ${v.length}` : typeName(v)}`);
  }
  if (p.some((x) => x < min)) {
    const what = name === 'stride' ? 'non-positive stride is not supported' : `${name} must be ${min === 0 ? 'non-negative' : 'positive'}, got ${fmtShape(p)}`;
    throw new RangeError(`${op}(): ${what}`);
  }
  return spatial === 2 ? (p as [number, number]) : [min === 0 ? 0 : 1, p[0]];
}

/** im2col of a contiguous [N, C, H, W] input: [N, C*kh*kw, oh*ow], windows over padding reading `padValue`. */
function im2col(x: Tensor, g: Geometry, padValue: number): Tensor {
  const N = x.shape[0];
  const out = B.alloc(x.dtype, N * g.C * g.kh * g.kw * g.oh * g.ow, false);
  B.im2col(x.contiguous().data, out, N, g, padValue);
  return new Tensor(out, [N, g.C * g.kh * g.kw, g.oh * g.ow], x.dtype);
}

/** col2im, im2col's adjoint: [N, C*kh*kw, oh*ow] columns summed into [N, C, H, W]. */
function col2im(cols: Tensor, g: Geometry): Tensor {
  const N = cols.shape[0];
  const out = B.alloc(cols.dtype, N * g.C * g.H * g.W, false);
  B.col2im(cols.contiguous().data, out, N, g);
  return new Tensor(out, [N, g.C, g.H, g.W], cols.dtype);
}

/** The windows of a [N, C, H, W] input as columns (im2col), with col2im as its backward. Sizes checked first. */
function windowColumns(op: string, x: Tensor, g: Geometry, padValue: number): Tensor {
  checkSizes(op, [x.shape[0], g.C * g.kh * g.kw, g.oh * g.ow]); // before anything is allocated
  return record(im2col(x, g, padValue), 'Im2ColBackward0', [x], (grad) => [col2im(grad, g)]);
}

/** Columns summed back into their windows' [N, C, H, W] positions (col2im), with im2col as its backward. */
function foldColumns(op: string, cols: Tensor, g: Geometry): Tensor {
  checkSizes(op, [cols.shape[0], g.C, g.H, g.W]);
  return record(col2im(cols, g), 'Col2ImBackward0', [cols], (grad) => [im2col(grad, g, 0)]);
}

/** Output size along one axis, PyTorch's formula (ceil_mode: a last window must start inside the input or left padding). */
export function outSize(size: number, k: number, s: number, d: number, padBefore: number, padTotal: number, ceil = false): number {
  const span = size + padTotal - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= size + padBefore) out--;
  return out;
}

/**
 * A floating input of `spatial` dims, batched ([N, C, ...]) or not ([C, ...]): `batch` is it batched, `x` that as
 * [N, C, H, W] (a 1-D input's height 1), and `unbatch` gives a result of x's layout the input's rank back.
 */
function batched(op: string, input: unknown, spatial: Spatial): { batch: Tensor; x: Tensor; unbatch: (t: Tensor) => Tensor } {
  const t = checkTensor(op, input);
  const rank = spatial + 2;
  if (t.dim() !== rank - 1 && t.dim() !== rank) {
    throw new RangeError(`${op}(): Expected ${rank - 1}D (unbatched) or ${rank}D (batched) input to ${op}, but got input of size: ${fmtShape(t.shape)}`);
  }
  if (!isFloating(t.dtype)) throw new TypeError(`${op}(): "${op}" not implemented for '${TORCH_NAME[t.dtype]}'`);
  const batch = t.dim() === rank ? t : t.unsqueeze(0);
  return {
    batch,
    x: spatial === 1 ? batch.unsqueeze(2) : batch,
    unbatch: (out) => {
      const lowered = spatial === 1 ? out.squeeze(2) : out;
      return t.dim() === rank ? lowered : lowered.squeeze(0);
    },
  };
}

export interface Conv2dOptions {
  bias?: Tensor | null;
  stride?: Pair;
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
}

/**
 * F.conv2d(input, weight, bias = null, stride = 1, padding = 0, dilation = 1, groups = 1): input [N, C, H, W]
 * (or [C, H, W]), weight [O, C/groups, kh, kw]; padding an int, a pair, 'valid' or 'same' (stride 1).
 */
export function conv2d(input: Tensor, weight: Tensor | Conv2dOptions, bias?: Tensor | null | Conv2dOptions, stride?: Pair | Conv2dOptions, padding?: Pair | 'valid' | 'same' | Conv2dOptions, dilation?: Pair | Conv2dOptions, groups?: number | Conv2dOptions): Tensor {
  return convolution('conv2d', 2, input, resolveArgs<ConvArgs>('conv2d', CONV_ARGS, CONV_DEFAULTS, arguments, 1));
}

/** F.conv1d(input, weight, bias = null, stride = 1, padding = 0, dilation = 1, groups = 1): input [N, C, L] (or [C, L]), weight [O, C/groups, k]. */
export function conv1d(input: Tensor, weight: Tensor | Conv2dOptions, bias?: Tensor | null | Conv2dOptions, stride?: Pair | Conv2dOptions, padding?: Pair | 'valid' | 'same' | Conv2dOptions, dilation?: Pair | Conv2dOptions, groups?: number | Conv2dOptions): Tensor {
  return convolution('conv1d', 1, input, resolveArgs<ConvArgs>('conv1d', CONV_ARGS, CONV_DEFAULTS, arguments, 1));
}

type ConvArgs = Conv2dOptions & { weight?: Tensor; output_padding?: Pair };
export const CONV_ARGS = ['weight', 'bias', 'stride', 'padding', 'dilation', 'groups'] as const;
const CONV_DEFAULTS: ConvArgs = { bias: null, stride: 1, padding: 0, dilation: 1, groups: 1 };

export interface ConvTranspose2dOptions {
  bias?: Tensor | null;
  stride?: Pair;
  padding?: Pair;
  output_padding?: Pair;
  groups?: number;
  dilation?: Pair;
}
// PyTorch's order: groups before dilation here
const CONV_TRANSPOSE_ARGS = ['weight', 'bias', 'stride', 'padding', 'output_padding', 'groups', 'dilation'] as const;
const CONV_TRANSPOSE_DEFAULTS: ConvArgs = { ...CONV_DEFAULTS, output_padding: 0 };

/**
 * F.conv_transpose2d(input, weight, bias = null, stride = 1, padding = 0, output_padding = 0, groups = 1,
 * dilation = 1): the gradient of conv2d with respect to its input, as an op. input [N, C, H, W] (or [C, H, W]),
 * weight [C, O/groups, kh, kw]; output [N, O, (H-1)*stride - 2*padding + dilation*(kh-1) + output_padding + 1, ...].
 */
export function conv_transpose2d(input: Tensor, weight: Tensor | ConvTranspose2dOptions, bias?: Tensor | null | ConvTranspose2dOptions, stride?: Pair | ConvTranspose2dOptions, padding?: Pair | ConvTranspose2dOptions, output_padding?: Pair | ConvTranspose2dOptions, groups?: number | ConvTranspose2dOptions, dilation?: Pair | ConvTranspose2dOptions): Tensor {
  const a = resolveArgs<ConvArgs>('conv_transpose2d', CONV_TRANSPOSE_ARGS, CONV_TRANSPOSE_DEFAULTS, arguments, 1);
  return convolution('conv_transpose2d', 2, input, a, true);
}

/** F.conv_transpose1d(input, weight, bias = null, stride = 1, padding = 0, output_padding = 0, groups = 1, dilation = 1): input [N, C, L] (or [C, L]), weight [C, O/groups, k]. */
export function conv_transpose1d(input: Tensor, weight: Tensor | ConvTranspose2dOptions, bias?: Tensor | null | ConvTranspose2dOptions, stride?: Pair | ConvTranspose2dOptions, padding?: Pair | ConvTranspose2dOptions, output_padding?: Pair | ConvTranspose2dOptions, groups?: number | ConvTranspose2dOptions, dilation?: Pair | ConvTranspose2dOptions): Tensor {
  const a = resolveArgs<ConvArgs>('conv_transpose1d', CONV_TRANSPOSE_ARGS, CONV_TRANSPOSE_DEFAULTS, arguments, 1);
  return convolution('conv_transpose1d', 1, input, a, true);
}

/**
 * Runs a convolution's body at the precision PyTorch 1.13 gives it: inside autocast in bfloat16 (the transposed ones
 * in their inputs' dtype: its CPU list has none), and with float16/bfloat16 operands in float32, rounded once (the
 * im2col product and col2im's sums would otherwise round at every step, where PyTorch's kernels accumulate in
 * float32).
 */
export function withConvPrecision<A extends { weight?: Tensor; bias?: Tensor | null }>(input: Tensor, a: A, transposed: boolean, body: (input: Tensor, a: A) => Tensor): Tensor {
  if (transposed) return outsideAutocast(() => reducedInFloat32(input, a, body));
  const low = autocastLower<[Tensor, Tensor | undefined, Tensor | null | undefined]>([input, a.weight, a.bias]);
  return low ? reducedInFloat32(low[0], { ...a, weight: low[1], bias: low[2] }, body) : reducedInFloat32(input, a, body);
}

function reducedInFloat32<A extends { weight?: Tensor; bias?: Tensor | null }>(input: Tensor, a: A, body: (input: Tensor, a: A) => Tensor): Tensor {
  if (!(input instanceof Tensor) || !isReduced(input.dtype)) return body(input, a);
  const widened = { ...a, weight: widenReduced(a.weight), bias: widenReduced(a.bias) };
  return cast(outsideAutocast(() => body(widenReduced(input), widened)), input.dtype);
}

/**
 * conv1d/conv2d, and (transposed) conv_transpose1d/2d: a 1-D convolution is a 2-D one of height 1. A convolution
 * is weight x im2col(input); a transposed one is col2im(weight^T x input), with the output's geometry. Messages
 * name the op and its own shapes.
 */
function convolution(op: string, spatial: Spatial, input: Tensor, a: ConvArgs, transposed = false): Tensor {
  return withConvPrecision(input, a, transposed, (x, args) => convolutionBody(op, spatial, x, args, transposed));
}

function convolutionBody(op: string, spatial: Spatial, input: Tensor, a: ConvArgs, transposed: boolean): Tensor {
  const { batch, x, unbatch } = batched(op, input, spatial);
  const weight = checkTensor(op, a.weight, 'weight', 2);
  if (weight.dim() !== spatial + 2) {
    const channels = transposed ? 'in_channels, out_channels / groups' : 'out_channels, in_channels / groups';
    throw new RangeError(`${op}(): expected a ${spatial + 2}-D weight [${channels}, ${spatial === 2 ? 'kH, kW' : 'kW'}], but got weight of size ${fmtShape(weight.shape)}`);
  }
  if (weight.dtype !== x.dtype) throw new TypeError(`${op}(): expected weight to have the input's dtype ${x.dtype}, but got ${weight.dtype}`);
  const G = a.groups!;
  if (!Number.isInteger(G) || G < 1) throw new RangeError(`${op}(): non-positive groups is not supported`);
  const w = spatial === 1 ? weight.unsqueeze(2) : weight;
  const [w0, w1] = w.shape;
  const C = x.shape[1];
  // [input channels per group, output channels] of this weight
  const [Cg, O] = transposed ? [w0 / G, w1 * G] : [w1, w0];
  const given = transposed ? 'Given transposed=1, weight' : `Given groups=${G}, weight`;
  if (w0 % G) throw new RangeError(`${op}(): Given groups=${G}, expected weight to be divisible by ${G} at dimension 0, but got weight of size [${fmtShape(weight.shape)}] instead`);
  if (Cg * G !== C) {
    throw new RangeError(`${op}(): ${given} of size ${fmtShape(weight.shape)}, expected input${fmtShape(batch.shape)} to have ${Cg * G} channels, but got ${C} channels instead`);
  }
  const b = a.bias === null || a.bias === undefined ? null : checkTensor(op, a.bias, 'bias', 3);
  if (b && b.dtype !== x.dtype) throw new TypeError(`${op}(): expected bias to have the input's dtype ${x.dtype}, but got ${b.dtype}`);
  if (b && (b.dim() !== 1 || b.numel() !== O)) {
    throw new RangeError(`${op}(): ${transposed ? 'Given transposed=1, weight' : 'Given weight'} of size ${fmtShape(weight.shape)}, expected bias to be 1-dimensional with ${O} elements, but got bias of size ${fmtShape(b.shape)} instead`);
  }
  const [sh, sw] = sizes(op, 'stride', a.stride, spatial);
  const [dh, dw] = sizes(op, 'dilation', a.dilation, spatial);
  const out = transposed
    ? transposedProduct(op, spatial, x, w, a, [Cg, O], [sh, sw], [dh, dw])
    : product(op, spatial, x, w, a, [Cg, O], [sh, sw], [dh, dw]);
  return unbatch(b ? out.add(b.reshape(O, 1, 1)) : out);
}

/** A convolution's [N, O, oh, ow] output, bias aside: per group, weight [O/G, Cg*kh*kw] times the input's windows. */
function product(op: string, spatial: Spatial, x: Tensor, w: Tensor, a: ConvArgs, [Cg, O]: number[], [sh, sw]: number[], [dh, dw]: number[]): Tensor {
  const [N, , H, W] = x.shape;
  const [, , kh, kw] = w.shape;
  const G = a.groups!;
  // padding: [before, total] per axis ('same' may pad one more after than before, as PyTorch does)
  let pads: [[number, number], [number, number]];
  if (a.padding === 'same') {
    if (sh !== 1 || sw !== 1) throw new RangeError(`${op}(): padding='same' is not supported for strided convolutions`);
    pads = [[Math.floor((dh * (kh - 1)) / 2), dh * (kh - 1)], [Math.floor((dw * (kw - 1)) / 2), dw * (kw - 1)]];
  } else if (a.padding === 'valid') {
    pads = [[0, 0], [0, 0]];
  } else {
    if (typeof a.padding === 'string') throw new RangeError(`${op}(): Invalid padding string '${a.padding}', should be one of ['valid', 'same']`);
    const [ph, pw] = sizes(op, 'padding', a.padding, spatial, 0);
    pads = [[ph, 2 * ph], [pw, 2 * pw]];
  }
  if (H + pads[0][1] < dh * (kh - 1) + 1 || W + pads[1][1] < dw * (kw - 1) + 1) {
    const padded = spatial === 2 ? `${H + pads[0][1]} x ${W + pads[1][1]}` : `${W + pads[1][1]}`;
    const kernel = spatial === 2 ? `${dh * (kh - 1) + 1} x ${dw * (kw - 1) + 1}` : `${dw * (kw - 1) + 1}`;
    throw new RangeError(`${op}(): Calculated padded input size per channel: (${padded}). Kernel size: (${kernel}). Kernel size can't be greater than actual input size`);
  }
  const g: Geometry = {
    C: x.shape[1], H, W, kh, kw, sh, sw, dh, dw, ph: pads[0][0], pw: pads[1][0],
    oh: outSize(H, kh, sh, dh, pads[0][0], pads[0][1]),
    ow: outSize(W, kw, sw, dw, pads[1][0], pads[1][1]),
  };
  // [N, groups, Cg*kh*kw, L] columns times [groups, O/groups, Cg*kh*kw] weights: [N, groups, O/groups, L]
  const cols = windowColumns(op, x, g, 0).reshape(N, G, Cg * kh * kw, g.oh * g.ow);
  return w.reshape(G, O / G, Cg * kh * kw).matmul(cols).reshape(N, O, g.oh, g.ow);
}

/**
 * A transposed convolution's [N, O, oh, ow] output, bias aside: every input pixel times the weight^T gives its
 * window's contribution, and col2im adds the windows up in the output, whose geometry (a convolution of it
 * would give back the input's size) this is.
 */
function transposedProduct(op: string, spatial: Spatial, x: Tensor, w: Tensor, a: ConvArgs, [Cg, O]: number[], [sh, sw]: number[], [dh, dw]: number[]): Tensor {
  const [N, , H, W] = x.shape;
  const [, , kh, kw] = w.shape;
  const G = a.groups!;
  if (typeof a.padding === 'string') throw new TypeError(`${op}(): argument 'padding' must be tuple of ints, not str`);
  const [ph, pw] = sizes(op, 'padding', a.padding, spatial, 0);
  const [oph, opw] = sizes(op, 'output_padding', a.output_padding, spatial, 0);
  if (!(oph < sh || oph < dh) || !(opw < sw || opw < dw)) {
    throw new RangeError(`${op}(): output padding must be smaller than either stride or dilation, but got output_padding_height: ${oph} output_padding_width: ${opw} stride_height: ${sh} stride_width: ${sw} dilation_height: ${dh} dilation_width: ${dw}`);
  }
  const oh = (H - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
  const ow = (W - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
  if (oh < 1 || ow < 1) {
    const [given, calculated] = spatial === 2 ? [`${H} x ${W}`, `${oh} x ${ow}`] : [`${W}`, `${ow}`];
    throw new RangeError(`${op}(): Given input size per channel: (${given}). Calculated output size per channel: (${calculated}). Output size is too small`);
  }
  const Og = O / G;
  // [groups, Og*kh*kw, Cg] (each group's weight^T) times [N, groups, Cg, H*W]: [N, O*kh*kw, H*W] columns
  const cols = w.reshape(G, Cg, Og * kh * kw).transpose(1, 2).matmul(x.reshape(N, G, Cg, H * W)).reshape(N, O * kh * kw, H * W);
  return foldColumns(op, cols, { C: O, H: oh, W: ow, kh, kw, sh, sw, dh, dw, ph, pw, oh: H, ow: W });
}

export interface PoolOptions {
  kernel_size?: Pair;
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  ceil_mode?: boolean;
  return_indices?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/** A pooling's geometry over each channel on its own (as a 1-channel image), checked as PyTorch checks it. */
function poolGeometry(op: string, spatial: Spatial, x: Tensor, a: PoolOptions): Geometry {
  const [kh, kw] = sizes(op, 'kernel_size', a.kernel_size, spatial);
  const noStride = a.stride === null || a.stride === undefined || (Array.isArray(a.stride) && a.stride.length === 0);
  const [sh, sw] = noStride ? [kh, kw] : sizes(op, 'stride', a.stride, spatial);
  const [ph, pw] = sizes(op, 'padding', a.padding, spatial, 0);
  const [dh, dw] = sizes(op, 'dilation', a.dilation ?? 1, spatial);
  if (ph > kh / 2 || pw > kw / 2) {
    throw new RangeError(`${op}(): pad should be at most half of kernel size, but got pad=${ph > kh / 2 ? ph : pw} and kernel_size=${ph > kh / 2 ? kh : kw}`);
  }
  const [, C, H, W] = x.shape;
  const ceil = !!a.ceil_mode;
  const oh = outSize(H, kh, sh, dh, ph, 2 * ph, ceil);
  const ow = outSize(W, kw, sw, dw, pw, 2 * pw, ceil);
  if (oh < 1 || ow < 1) {
    const given = spatial === 2 ? `${C}x${H}x${W}` : `${C}x${W}`;
    const calculated = spatial === 2 ? `${C}x${Math.max(oh, 0)}x${Math.max(ow, 0)}` : `${C}x${Math.max(ow, 0)}`;
    throw new RangeError(`${op}(): Given input size: (${given}). Calculated output size: (${calculated}). Output size is too small`);
  }
  return { C: 1, H, W, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow };
}

export const MAX_POOL_ARGS = ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'] as const;
const MAX_POOL_DEFAULTS: PoolOptions = { stride: null, padding: 0, dilation: 1, ceil_mode: false, return_indices: false };
export const AVG_POOL_ARGS = ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'] as const;
const AVG_POOL_DEFAULTS: PoolOptions = { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, divisor_override: null };

/**
 * F.max_pool2d(input, kernel_size, stride = kernel_size, padding = 0, dilation = 1, ceil_mode = false,
 * return_indices = false): the largest value of each window (padding counts as -inf); with return_indices,
 * also each maximum's flat index into its channel's H*W, as PyTorch's.
 */
export function max_pool2d(
  input: Tensor,
  kernel_size: Pair | PoolOptions,
  stride?: Pair | null | PoolOptions,
  padding?: Pair | PoolOptions,
  dilation?: Pair | PoolOptions,
  ceil_mode?: boolean | PoolOptions,
  return_indices?: boolean | PoolOptions,
): Tensor | [Tensor, Tensor] {
  return maxPool('max_pool2d', 2, input, resolveArgs<PoolOptions>('max_pool2d', MAX_POOL_ARGS, MAX_POOL_DEFAULTS, arguments, 1));
}

/** F.max_pool1d(input, kernel_size, stride = kernel_size, padding = 0, dilation = 1, ceil_mode = false, return_indices = false). */
export function max_pool1d(
  input: Tensor,
  kernel_size: number | readonly [number] | PoolOptions,
  stride?: number | readonly [number] | null | PoolOptions,
  padding?: number | readonly [number] | PoolOptions,
  dilation?: number | readonly [number] | PoolOptions,
  ceil_mode?: boolean | PoolOptions,
  return_indices?: boolean | PoolOptions,
): Tensor | [Tensor, Tensor] {
  return maxPool('max_pool1d', 1, input, resolveArgs<PoolOptions>('max_pool1d', MAX_POOL_ARGS, MAX_POOL_DEFAULTS, arguments, 1));
}

export function maxPool(op: string, spatial: Spatial, input: Tensor, a: PoolOptions): Tensor | [Tensor, Tensor] {
  const { x, unbatch } = batched(op, input, spatial);
  const g = poolGeometry(op, spatial, x, a);
  const [N, C, H, W] = x.shape;
  const cols = windowColumns(op, x.reshape(N * C, 1, H, W), g, -Infinity);
  const { values, indices } = cols.max(1) as unknown as { values: Tensor; indices: Tensor };
  const out = unbatch(values.reshape(N, C, g.oh, g.ow));
  if (!a.return_indices) return out;
  // the window element (i, j) each maximum came from, at output (y, x) -> its offset h*W + w in the channel
  const L = g.oh * g.ow;
  const k = indices.contiguous().data;
  const flat = new Float64Array(k.length);
  for (let e = 0; e < k.length; e++) {
    const l = e % L;
    const h = Math.floor(l / g.ow) * g.sh - g.ph + Math.floor(k[e] / g.kw) * g.dh;
    const w = (l % g.ow) * g.sw - g.pw + (k[e] % g.kw) * g.dw;
    flat[e] = h * W + w;
  }
  return [out, unbatch(new Tensor(flat, [N, C, g.oh, g.ow], 'int64'))];
}

/**
 * F.avg_pool2d(input, kernel_size, stride = kernel_size, padding = 0, ceil_mode = false, count_include_pad = true,
 * divisor_override = null): the mean of each window; the divisor counts the padding unless count_include_pad is
 * false, and never the part of a ceil_mode window beyond it (PyTorch's rule).
 */
export function avg_pool2d(
  input: Tensor,
  kernel_size: Pair | PoolOptions,
  stride?: Pair | null | PoolOptions,
  padding?: Pair | PoolOptions,
  ceil_mode?: boolean | PoolOptions,
  count_include_pad?: boolean | PoolOptions,
  divisor_override?: number | null | PoolOptions,
): Tensor {
  return avgPool('avg_pool2d', 2, input, resolveArgs<PoolOptions>('avg_pool2d', AVG_POOL_ARGS, AVG_POOL_DEFAULTS, arguments, 1));
}

/** F.avg_pool1d(input, kernel_size, stride = kernel_size, padding = 0, ceil_mode = false, count_include_pad = true). */
export function avg_pool1d(
  input: Tensor,
  kernel_size: number | readonly [number] | PoolOptions,
  stride?: number | readonly [number] | null | PoolOptions,
  padding?: number | readonly [number] | PoolOptions,
  ceil_mode?: boolean | PoolOptions,
  count_include_pad?: boolean | PoolOptions,
): Tensor {
  const a = resolveArgs<PoolOptions>('avg_pool1d', AVG_POOL_ARGS.slice(0, 5), AVG_POOL_DEFAULTS, arguments, 1);
  return avgPool('avg_pool1d', 1, input, a);
}

export function avgPool(op: string, spatial: Spatial, input: Tensor, a: PoolOptions): Tensor {
  const { x, unbatch } = batched(op, input, spatial);
  const g = poolGeometry(op, spatial, x, a);
  const [N, C, H, W] = x.shape;
  const sums = windowColumns(op, x.reshape(N * C, 1, H, W), g, 0).sum(1);
  const divisors = new Float64Array(g.oh * g.ow);
  const override = a.divisor_override;
  if (override !== null && override !== undefined && (!Number.isInteger(override) || override === 0)) {
    throw new RangeError(`${op}(): divisor must be not zero`);
  }
  for (let y = 0; y < g.oh; y++) {
    for (let z = 0; z < g.ow; z++) {
      const h0 = y * g.sh - g.ph, w0 = z * g.sw - g.pw;
      const h1 = Math.min(h0 + g.kh, H + g.ph), w1 = Math.min(w0 + g.kw, W + g.pw);
      const inside = (Math.min(h1, H) - Math.max(h0, 0)) * (Math.min(w1, W) - Math.max(w0, 0));
      divisors[y * g.ow + z] = override ?? (a.count_include_pad ? (h1 - h0) * (w1 - w0) : inside);
    }
  }
  const mean = sums.div(new Tensor(divisors, [g.oh * g.ow], 'float64').to(x.dtype));
  return unbatch(mean.reshape(N, C, g.oh, g.ow));
}

/** output_size as [height, width]: an int, or a list whose null entries keep the input's size. */
function adaptiveSize(op: string, spatial: Spatial, v: unknown, H: number, W: number): [number, number] {
  const list = typeof v === 'number' ? Array<number>(spatial).fill(v) : v;
  if (!Array.isArray(list) || list.length !== spatial || !list.every((s) => s === null || (Number.isInteger(s) && s >= 0))) {
    throw new TypeError(`${op}(): output_size must be ${spatial === 2 ? 'an int or a pair of ints (or None)' : 'an int'}, got ${Array.isArray(v) ? fmtShape(v) : typeName(v)}`);
  }
  const [oh, ow] = spatial === 2 ? list : [1, list[0]];
  return [oh ?? H, ow ?? W];
}

/**
 * F.adaptive_avg_pool2d(input, output_size): output cell (i, j) averages input rows floor(i H / oh) to
 * ceil((i + 1) H / oh) and the columns alike, so any input size pools to output_size.
 */
export function adaptive_avg_pool2d(input: Tensor, output_size: number | readonly (number | null)[] | { output_size: number | readonly (number | null)[] }): Tensor {
  const a = resolveArgs<{ output_size?: unknown }>('adaptive_avg_pool2d', ['output_size'], {}, arguments, 1);
  return adaptivePool('adaptive_avg_pool2d', 2, input, a.output_size, 'avg') as Tensor;
}

/** F.adaptive_avg_pool1d(input, output_size): adaptive_avg_pool2d along one axis. */
export function adaptive_avg_pool1d(input: Tensor, output_size: number | readonly [number] | { output_size: number | readonly [number] }): Tensor {
  const a = resolveArgs<{ output_size?: unknown }>('adaptive_avg_pool1d', ['output_size'], {}, arguments, 1);
  return adaptivePool('adaptive_avg_pool1d', 1, input, a.output_size, 'avg') as Tensor;
}

type AdaptiveMaxOptions = { output_size?: unknown; return_indices?: boolean };

/**
 * F.adaptive_max_pool2d(input, output_size, return_indices = false): the largest value of each adaptive window
 * (adaptive_avg_pool2d's windows); with return_indices also where it was, as h * W + w in its channel.
 */
export function adaptive_max_pool2d(input: Tensor, output_size: number | readonly (number | null)[] | AdaptiveMaxOptions, return_indices?: boolean | AdaptiveMaxOptions): Tensor | [Tensor, Tensor] {
  const a = resolveArgs<AdaptiveMaxOptions>('adaptive_max_pool2d', ['output_size', 'return_indices'], { return_indices: false }, arguments, 1);
  return adaptivePool('adaptive_max_pool2d', 2, input, a.output_size, 'max', !!a.return_indices);
}

/** F.adaptive_max_pool1d(input, output_size, return_indices = false): adaptive_max_pool2d along one axis. */
export function adaptive_max_pool1d(input: Tensor, output_size: number | readonly [number] | AdaptiveMaxOptions, return_indices?: boolean | AdaptiveMaxOptions): Tensor | [Tensor, Tensor] {
  const a = resolveArgs<AdaptiveMaxOptions>('adaptive_max_pool1d', ['output_size', 'return_indices'], { return_indices: false }, arguments, 1);
  return adaptivePool('adaptive_max_pool1d', 1, input, a.output_size, 'max', !!a.return_indices);
}

/**
 * Adaptive pooling: output cell (i, j) covers rows [floor(i H / oh), ceil((i + 1) H / oh)) and the columns
 * likewise; 'avg' takes their mean, 'max' their largest (NaN wins, as in PyTorch) and remembers where it was.
 */
export function adaptivePool(op: string, spatial: Spatial, input: Tensor, output_size: unknown, kind: 'avg' | 'max', returnIndices = false): Tensor | [Tensor, Tensor] {
  const { x, unbatch } = batched(op, input, spatial);
  const [N, C, H, W] = x.shape;
  const [oh, ow] = adaptiveSize(op, spatial, output_size, H, W);
  checkSizes(op, [N, C, oh, ow]);
  const start = (i: number, n: number, size: number) => Math.floor((i * size) / n);
  const end = (i: number, n: number, size: number) => Math.ceil(((i + 1) * size) / n);
  // each output cell's window, visited the same way forward and backward
  const eachWindow = (visit: (plane: number, cell: number, h0: number, h1: number, w0: number, w1: number) => void) => {
    for (let p = 0; p < N * C; p++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) visit(p, (p * oh + i) * ow + j, start(i, oh, H), end(i, oh, H), start(j, ow, W), end(j, ow, W));
      }
    }
  };
  const src = x.contiguous().data;
  const out = B.alloc(x.dtype, N * C * oh * ow, false);
  const argmax = new Float64Array(kind === 'max' ? N * C * oh * ow : 0); // h * W + w within the plane
  eachWindow((p, cell, h0, h1, w0, w1) => {
    if (kind === 'avg') {
      let total = 0;
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) total += src[(p * H + h) * W + w];
      out[cell] = total / ((h1 - h0) * (w1 - w0));
      return;
    }
    let best = h0 * W + w0;
    for (let h = h0; h < h1; h++) {
      for (let w = w0; w < w1; w++) {
        const v = src[(p * H + h) * W + w];
        if (v > src[p * H * W + best] || Number.isNaN(v)) best = h * W + w;
        if (Number.isNaN(v)) break;
      }
      if (Number.isNaN(src[p * H * W + best])) break;
    }
    argmax[cell] = best;
    out[cell] = src[p * H * W + best];
  });
  const name = `Adaptive${kind === 'avg' ? 'Avg' : 'Max'}Pool${spatial}DBackward0`;
  const pooled = record(new Tensor(out, [N, C, oh, ow], x.dtype), name, [x], (g) => {
    const gsrc = g.contiguous().data;
    const gx = B.alloc(g.dtype, x.numel(), true);
    eachWindow((p, cell, h0, h1, w0, w1) => {
      if (kind === 'max') {
        gx[p * H * W + argmax[cell]] += gsrc[cell];
        return;
      }
      const share = gsrc[cell] / ((h1 - h0) * (w1 - w0));
      for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) gx[(p * H + h) * W + w] += share;
    });
    return [new Tensor(gx, x.shape, g.dtype)];
  });
  if (!returnIndices) return unbatch(pooled);
  return [unbatch(pooled), unbatch(new Tensor(argmax, [N, C, oh, ow], 'int64'))];
}

/**
 * F.pad(input, pad, mode = 'constant', value = null): pad lists (before, after) sizes from the last dim backwards;
 * negative sizes crop. Constant mode (value, or 0) is composed from narrow and cat; 'reflect', 'replicate' and
 * 'circular' from index_select (padByIndex). Autograd needs nothing more.
 */
export function pad(input: Tensor, pad: readonly number[], mode: string | { mode?: string; value?: number | null } = 'constant', value: number | null = null): Tensor {
  const op = 'pad';
  const x = checkTensor(op, input);
  const a = resolveArgs<{ pad?: readonly number[]; mode?: string; value?: number | null }>(op, ['pad', 'mode', 'value'], { mode: 'constant', value: null }, arguments, 1);
  const sizes = a.pad;
  if (!Array.isArray(sizes) || !sizes.every((v) => Number.isInteger(v))) throw new TypeError(`${op}(): argument 'pad' must be a list of ints, not ${typeName(sizes)}`);
  if (sizes.length % 2) throw new RangeError(`${op}(): Padding length must be divisible by 2`);
  if (sizes.length / 2 > x.dim()) throw new RangeError(`${op}(): Padding length too large`);
  if (a.mode !== 'constant') return padByIndex(op, x, sizes, String(a.mode), a.value);
  const fill = a.value ?? 0;
  let out = x;
  for (let k = 0; k < sizes.length / 2; k++) {
    const d = x.dim() - 1 - k;
    const [before, after] = [sizes[2 * k], sizes[2 * k + 1]];
    const size = out.shape[d];
    if (size + before + after < 0 || (before < 0 && -before > size) || (after < 0 && -after > size)) {
      throw new RangeError(`${op}(): The input size ${size}, plus negative padding ${before} and ${after} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`);
    }
    // crop first (negative sizes), then add blocks of `fill`
    out = out.narrow(d, Math.max(0, -before), size - Math.max(0, -before) - Math.max(0, -after));
    const block = (n: number) => full(out.shape.map((s, i) => (i === d ? n : s)), fill, { dtype: out.dtype });
    const parts = [...(before > 0 ? [block(before)] : []), out, ...(after > 0 ? [block(after)] : [])];
    if (parts.length > 1) out = cat(parts, d);
  }
  return out;
}

export interface FoldOptions {
  output_size?: Pair;
  kernel_size?: Pair;
  dilation?: Pair;
  padding?: Pair;
  stride?: Pair;
}
const UNFOLD_ARGS = ['kernel_size', 'dilation', 'padding', 'stride'] as const;
const FOLD_DEFAULTS: FoldOptions = { dilation: 1, padding: 0, stride: 1 };

/** Python's tuple of a pair: (2, 3). */
const pairRepr = ([h, w]: readonly number[]) => `(${h}, ${w})`;

/**
 * Where output position j of a padded dim reads, per mode, given the padding before and after and the dim's size n.
 * Circular mode crops first (negative sizes) and wraps around what is left, as PyTorch does.
 */
const PAD_SOURCES: Record<string, (j: number, before: number, after: number, n: number) => number> = {
  reflect: (j, before, _after, n) => {
    const p = j - before;
    return p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p;
  },
  replicate: (j, before, _after, n) => Math.min(n - 1, Math.max(0, j - before)),
  circular: (j, before, after, n) => {
    const [cropBefore, kept] = [Math.max(0, -before), n - Math.max(0, -before) - Math.max(0, -after)];
    return cropBefore + ((((j - Math.max(0, before)) % kept) + kept) % kept);
  },
};

/**
 * F.pad's 'reflect', 'replicate' and 'circular' modes: the last 1-3 dims of an input with one or two more
 * (circular: two, the batch and channel dims), each padded dim an index_select of the positions it reads, so the
 * gradient adds up where several outputs read one input element. Negative sizes crop, as in constant mode.
 */
function padByIndex(op: string, x: Tensor, sizes: readonly number[], mode: string, value: number | null | undefined): Tensor {
  const source = PAD_SOURCES[mode];
  if (!source) throw new TypeError(`${op}(): Unrecognised padding mode ${mode}`);
  if (value !== null && value !== undefined) throw new TypeError(`${op}(): Padding mode "${mode}" doesn't take in value argument`);
  const k = sizes.length / 2;
  if (k > 3 || (x.dim() !== k + 1 && x.dim() !== k + 2)) throw new RangeError(`${op}(): Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now`);
  if (mode === 'circular' && x.dim() !== k + 2) throw new RangeError(`${op}(): Invalid padding size, expected ${2 * (x.dim() - 2)} but got ${sizes.length}`);
  if (x.shape.slice(x.dim() - k - 1).includes(0)) {
    throw new RangeError(`${op}(): Expected ${k + 1}D or ${k + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${fmtShape(x.shape)}`);
  }
  let out = x;
  for (let i = 0; i < k; i++) {
    const d = x.dim() - 1 - i;
    const [before, after, n] = [sizes[2 * i], sizes[2 * i + 1], x.shape[d]];
    if (mode === 'reflect' && (before >= n || after >= n)) {
      throw new RangeError(`${op}(): Argument #${4 + 2 * i}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${d} of input ${fmtShape(x.shape)}`);
    }
    // circular wraps around what its crop leaves, which must not be empty
    const kept = n - Math.max(0, -before) - Math.max(0, -after);
    if (mode === 'circular' && (Math.abs(before) > n || Math.abs(after) > n || kept < 1)) throw new RangeError(`${op}(): Padding value causes wrapping around more than once.`);
    const length = n + before + after;
    if (length < 1) throw new RangeError(`${op}(): input (${'WHD'[i]}: ${n}) is too small. Calculated output ${'WHD'[i]}: ${length}`);
    const index = new Float64Array(length).map((_, j) => source(j, before, after, n));
    out = index_select(out, d, new Tensor(index, [length], 'int64'));
  }
  return out;
}

/** The window sizes of unfold/fold, checked with PyTorch's messages (kernel, stride and dilation positive). */
function foldWindows(op: string, a: FoldOptions): { k: number[]; d: number[]; p: number[]; s: number[] } {
  const pair = (name: keyof FoldOptions) => sizes(op, name, a[name], 2, -Infinity);
  const [k, d, p, s] = [pair('kernel_size'), pair('dilation'), pair('padding'), pair('stride')];
  const rules: [number[], string, string, number][] = [
    [k, 'kernel size should be greater than zero', 'kernel', 1],
    [d, 'dilation should be greater than zero', 'dilation', 1],
    [p, 'padding should be non-negative', 'pad', 0],
    [s, 'stride should be greater than zero', 'stride', 1],
  ];
  for (const [[h, w], rule, name, min] of rules) {
    if (h < min || w < min) throw new RangeError(`${op}(): ${rule}, but got ${name}_height: ${h} ${name}_width: ${w}`);
  }
  return { k, d, p, s };
}

/**
 * F.unfold(input, kernel_size, dilation = 1, padding = 0, stride = 1): every kernel_size window of an [N, C, H, W]
 * (or [C, H, W]) input as a column of [N, C*kh*kw, L], L the number of windows (nn.Unfold; im2col).
 */
export function unfold(input: Tensor, kernel_size: Pair | FoldOptions, dilation?: Pair | FoldOptions, padding?: Pair | FoldOptions, stride?: Pair | FoldOptions): Tensor {
  const op = 'unfold';
  const a = resolveArgs<FoldOptions>(op, UNFOLD_ARGS, FOLD_DEFAULTS, arguments, 1);
  const t = checkTensor(op, input);
  if ((t.dim() !== 3 && t.dim() !== 4) || t.shape.slice(1).some((n) => n === 0)) {
    throw new RangeError(`${op}(): Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${fmtShape(t.shape)}`);
  }
  if (!isFloating(t.dtype)) throw new TypeError(`${op}(): "im2col" not implemented for '${TORCH_NAME[t.dtype]}'`);
  const { k, d, p, s } = foldWindows(op, a);
  const x = t.dim() === 4 ? t : t.unsqueeze(0);
  const [, C, H, W] = x.shape;
  const oh = outSize(H, k[0], s[0], d[0], p[0], 2 * p[0]), ow = outSize(W, k[1], s[1], d[1], p[1], 2 * p[1]);
  if (oh < 1 || ow < 1) {
    throw new RangeError(`${op}(): Given input with spatial size (${H}, ${W}), kernel_size=${pairRepr(k)}, dilation=${pairRepr(d)}, padding=${pairRepr(p)}, calculated shape of the array of sliding blocks as (${oh}, ${ow}), but its components must be at least one.`);
  }
  const cols = windowColumns(op, x, { C, H, W, kh: k[0], kw: k[1], sh: s[0], sw: s[1], dh: d[0], dw: d[1], ph: p[0], pw: p[1], oh, ow }, 0);
  return t.dim() === 4 ? cols : cols.squeeze(0);
}

/**
 * F.fold(input, output_size, kernel_size, dilation = 1, padding = 0, stride = 1): unfold's adjoint: columns
 * [N, C*kh*kw, L] (or [C*kh*kw, L]) summed into the windows they came from, an [N, C, H, W] output (nn.Fold; col2im).
 */
export function fold(input: Tensor, output_size: Pair | FoldOptions, kernel_size?: Pair | FoldOptions, dilation?: Pair | FoldOptions, padding?: Pair | FoldOptions, stride?: Pair | FoldOptions): Tensor {
  const op = 'fold';
  const a = resolveArgs<FoldOptions>(op, ['output_size', ...UNFOLD_ARGS], FOLD_DEFAULTS, arguments, 1);
  const t = checkTensor(op, input);
  if ((t.dim() !== 2 && t.dim() !== 3) || t.shape.slice(1).some((n) => n === 0)) {
    throw new RangeError(`${op}(): Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: ${fmtShape(t.shape)}`);
  }
  if (!isFloating(t.dtype)) throw new TypeError(`${op}(): "col2im" not implemented for '${TORCH_NAME[t.dtype]}'`);
  if (Array.isArray(a.output_size) && a.output_size.length !== 2) {
    throw new RangeError(`${op}(): It is expected output_size equals to 2, but got size ${a.output_size.length}`);
  }
  const [H, W] = sizes(op, 'output_size', a.output_size, 2, -Infinity);
  const { k, d, p, s } = foldWindows(op, a);
  const cols = t.dim() === 3 ? t : t.unsqueeze(0);
  const [, rows, L] = cols.shape;
  if (rows % (k[0] * k[1])) {
    throw new RangeError(`${op}(): Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${rows} and kernel_size=${pairRepr(k)}.`);
  }
  const oh = outSize(H, k[0], s[0], d[0], p[0], 2 * p[0]), ow = outSize(W, k[1], s[1], d[1], p[1], 2 * p[1]);
  const given = `Given output_size=${pairRepr([H, W])}, kernel_size=${pairRepr(k)}, dilation=${pairRepr(d)}, padding=${pairRepr(p)}, stride=${pairRepr(s)}`;
  if (oh * ow !== L) {
    throw new RangeError(`${op}(): ${given}, expected size of input's dimension 2 to match the calculated number of sliding blocks ${oh} * ${ow} = ${oh * ow}, but got input.size(2)=${L}.`);
  }
  if (oh < 1 || ow < 1) throw new RangeError(`${op}(): ${given}, calculated shape of the array of sliding blocks as (${oh}, ${ow}), but its components must be at least one.`);
  if (H < 1 || W < 1) throw new RangeError(`${op}(): output_size must be positive, got ${pairRepr([H, W])}`);
  const out = foldColumns(op, cols, { C: rows / (k[0] * k[1]), H, W, kh: k[0], kw: k[1], sh: s[0], sw: s[1], dh: d[0], dw: d[1], ph: p[0], pw: p[1], oh, ow });
  return t.dim() === 3 ? out : out.squeeze(0);
}

/**
 * F.max_pool2d_with_indices(input, kernel_size, stride = kernel_size, padding = 0, dilation = 1, ceil_mode = false):
 * max_pool2d's [values, indices] whatever return_indices says, as PyTorch's.
 */
export function max_pool2d_with_indices(
  input: Tensor,
  kernel_size: Pair | PoolOptions,
  stride?: Pair | null | PoolOptions,
  padding?: Pair | PoolOptions,
  dilation?: Pair | PoolOptions,
  ceil_mode?: boolean | PoolOptions,
  return_indices?: boolean | PoolOptions,
): [Tensor, Tensor] {
  const a = resolveArgs<PoolOptions>('max_pool2d_with_indices', MAX_POOL_ARGS, MAX_POOL_DEFAULTS, arguments, 1);
  return maxPool('max_pool2d_with_indices', 2, input, { ...a, return_indices: true }) as [Tensor, Tensor];
}

/** F.max_pool1d_with_indices(input, kernel_size, stride = kernel_size, padding = 0, dilation = 1, ceil_mode = false): [values, indices]. */
export function max_pool1d_with_indices(
  input: Tensor,
  kernel_size: number | readonly [number] | PoolOptions,
  stride?: number | readonly [number] | null | PoolOptions,
  padding?: number | readonly [number] | PoolOptions,
  dilation?: number | readonly [number] | PoolOptions,
  ceil_mode?: boolean | PoolOptions,
  return_indices?: boolean | PoolOptions,
): [Tensor, Tensor] {
  const a = resolveArgs<PoolOptions>('max_pool1d_with_indices', MAX_POOL_ARGS, MAX_POOL_DEFAULTS, arguments, 1);
  return maxPool('max_pool1d_with_indices', 1, input, { ...a, return_indices: true }) as [Tensor, Tensor];
}

/** F.adaptive_max_pool2d_with_indices(input, output_size): adaptive_max_pool2d's [values, indices]. */
export function adaptive_max_pool2d_with_indices(input: Tensor, output_size: number | readonly (number | null)[] | AdaptiveMaxOptions, return_indices?: boolean | AdaptiveMaxOptions): [Tensor, Tensor] {
  const a = resolveArgs<AdaptiveMaxOptions>('adaptive_max_pool2d_with_indices', ['output_size', 'return_indices'], { return_indices: false }, arguments, 1);
  return adaptivePool('adaptive_max_pool2d_with_indices', 2, input, a.output_size, 'max', true) as [Tensor, Tensor];
}

/** F.adaptive_max_pool1d_with_indices(input, output_size): adaptive_max_pool1d's [values, indices]. */
export function adaptive_max_pool1d_with_indices(input: Tensor, output_size: number | readonly [number] | AdaptiveMaxOptions, return_indices?: boolean | AdaptiveMaxOptions): [Tensor, Tensor] {
  const a = resolveArgs<AdaptiveMaxOptions>('adaptive_max_pool1d_with_indices', ['output_size', 'return_indices'], { return_indices: false }, arguments, 1);
  return adaptivePool('adaptive_max_pool1d_with_indices', 1, input, a.output_size, 'max', true) as [Tensor, Tensor];
}

export interface LPPoolOptions {
  norm_type?: number;
  kernel_size?: Pair;
  stride?: Pair | null;
  ceil_mode?: boolean;
}
const LP_POOL_ARGS = ['norm_type', 'kernel_size', 'stride', 'ceil_mode'] as const;

/**
 * F.lp_pool2d(input, norm_type, kernel_size, stride = kernel_size, ceil_mode = false): (sum of x^p over each window)^(1/p),
 * computed as PyTorch does, as avg_pool2d(x^p) times the kernel's size (so a ceil_mode window cut short by the edge
 * is scaled up as if full); a window whose sum is 0 gets gradient 0.
 */
export function lp_pool2d(input: Tensor, norm_type: number | LPPoolOptions, kernel_size?: Pair | LPPoolOptions, stride?: Pair | null | LPPoolOptions, ceil_mode?: boolean | LPPoolOptions): Tensor {
  return lpPool('lp_pool2d', 2, input, resolveArgs<LPPoolOptions>('lp_pool2d', LP_POOL_ARGS, { stride: null, ceil_mode: false }, arguments, 1));
}

/** F.lp_pool1d(input, norm_type, kernel_size, stride = kernel_size, ceil_mode = false): lp_pool2d along one axis. */
export function lp_pool1d(input: Tensor, norm_type: number | LPPoolOptions, kernel_size?: number | LPPoolOptions, stride?: number | null | LPPoolOptions, ceil_mode?: boolean | LPPoolOptions): Tensor {
  return lpPool('lp_pool1d', 1, input, resolveArgs<LPPoolOptions>('lp_pool1d', LP_POOL_ARGS, { stride: null, ceil_mode: false }, arguments, 1));
}

function lpPool(op: string, spatial: Spatial, input: Tensor, a: LPPoolOptions): Tensor {
  const x = checkTensor(op, input);
  const p = a.norm_type;
  if (typeof p !== 'number') throw new TypeError(`${op}(): argument 'norm_type' must be a number, not ${typeName(p)}`);
  const [kh, kw] = sizes(op, 'kernel_size', a.kernel_size, spatial);
  const means = avgPool(op, spatial, x.pow(p), { kernel_size: a.kernel_size, stride: a.stride, padding: 0, ceil_mode: a.ceil_mode, count_include_pad: true });
  // sign(s) * relu(|s|) is s, but where s is 0 its gradient is 0, masking pow(s, 1/p)'s infinite one (PyTorch's trick)
  const sums = means.sign().mul(relu(means.abs())).mul(kh * kw);
  return sums.pow(1 / p);
}

export interface MaxUnpoolOptions {
  kernel_size?: Pair;
  stride?: Pair | null;
  padding?: Pair;
  output_size?: readonly number[] | null;
}
const MAX_UNPOOL_ARGS = ['kernel_size', 'stride', 'padding', 'output_size'] as const;
const MAX_UNPOOL_DEFAULTS: MaxUnpoolOptions = { stride: null, padding: 0, output_size: null };

/**
 * F.max_unpool2d(input, indices, kernel_size, stride = kernel_size, padding = 0, output_size = null): max_pool2d
 * undone: each value written at its index (h * W + w in its channel, as max_pool2d's return_indices gives) of a zero
 * [N, C, H, W] output (or [C, H, W]); H and W from output_size (spatial or all dims), else as the pooling's inverse.
 */
export function max_unpool2d(input: Tensor, indices: Tensor, kernel_size: Pair | MaxUnpoolOptions, stride?: Pair | null | MaxUnpoolOptions, padding?: Pair | MaxUnpoolOptions, output_size?: readonly number[] | null | MaxUnpoolOptions): Tensor {
  return maxUnpool('max_unpool2d', 2, input, indices, resolveArgs<MaxUnpoolOptions>('max_unpool2d', MAX_UNPOOL_ARGS, MAX_UNPOOL_DEFAULTS, arguments, 2));
}

/** F.max_unpool1d(input, indices, kernel_size, stride = kernel_size, padding = 0, output_size = null): over [N, C, L] (or [C, L]). */
export function max_unpool1d(input: Tensor, indices: Tensor, kernel_size: number | readonly [number] | MaxUnpoolOptions, stride?: number | readonly [number] | null | MaxUnpoolOptions, padding?: number | readonly [number] | MaxUnpoolOptions, output_size?: readonly number[] | null | MaxUnpoolOptions): Tensor {
  return maxUnpool('max_unpool1d', 1, input, indices, resolveArgs<MaxUnpoolOptions>('max_unpool1d', MAX_UNPOOL_ARGS, MAX_UNPOOL_DEFAULTS, arguments, 2));
}

/** PyTorch's _unpool_output_size: the spatial sizes of max_unpool's output, default or requested (and checked). */
function unpoolSize(op: string, spatial: number, inputSizes: readonly number[], k: number[], s: number[], p: number[], requested: readonly number[] | null | undefined): number[] {
  const defaults = inputSizes.map((n, d) => (n - 1) * s[d] + k[d] - 2 * p[d]);
  if (requested === null || requested === undefined) return defaults;
  if (!Array.isArray(requested) || !requested.every((n) => Number.isInteger(n))) throw new TypeError(`${op}(): output_size must be a list of ints, not ${typeName(requested)}`);
  const size = requested.length === spatial + 2 ? requested.slice(2) : requested;
  if (size.length !== spatial) {
    throw new RangeError(`${op}(): output_size should be a sequence containing ${spatial} or ${spatial + 2} elements, but it has a length of '${requested.length}'`);
  }
  defaults.forEach((n, d) => {
    const [min, max] = [n - s[d], n + s[d]];
    if (!(min < size[d] && size[d] < max)) throw new RangeError(`${op}(): invalid output_size "[${size.join(', ')}]" (dim ${d} must be between ${min} and ${max})`);
  });
  return [...size];
}

/**
 * max_unpool1d/2d/3d's work; `parse` reads a size argument as one int per spatial dim (max_unpool3d passes its
 * triple parser; by default sizes(), whose [height, width] a 1-D op keeps the width of).
 */
export function maxUnpool(
  op: string,
  spatial: 1 | 2 | 3,
  input: Tensor,
  indices: Tensor,
  a: { kernel_size?: unknown; stride?: unknown; padding?: unknown; output_size?: readonly number[] | null },
  parse: (name: string, v: unknown, min: number) => number[] = (name, v, min) => sizes(op, name, v, spatial as Spatial, min).slice(2 - spatial),
): Tensor {
  const x = checkTensor(op, input);
  const idx = checkTensor(op, indices, 'indices', 2);
  const own = (name: string, v: unknown, min = 1) => parse(name, v, min);
  const k = own('kernel_size', a.kernel_size);
  const s = a.stride === null || a.stride === undefined ? k : own('stride', a.stride);
  const p = own('padding', a.padding, 0);
  if (x.dim() !== spatial + 1 && x.dim() !== spatial + 2) {
    throw new RangeError(`${op}(): Input to ${op} should be a ${spatial + 1}d or ${spatial + 2}d Tensor, but got a tensor with ${x.dim()} dimensions.`);
  }
  const out = unpoolSize(op, spatial, x.shape.slice(x.dim() - spatial), k, s, p, a.output_size);
  if (idx.dtype !== 'int64') throw new TypeError(`${op}(): elements in indices should be type int64 but got: ${TORCH_NAME[idx.dtype]}`);
  if (!isFloating(x.dtype)) throw new TypeError(`${op}(): "${op}" not implemented for '${TORCH_NAME[x.dtype]}'`);
  if (fmtShape(idx.shape) !== fmtShape(x.shape)) {
    throw new RangeError(`${op}(): Expected shape of indices to be same as that of the input tensor (${fmtShape(x.shape)}) but got indices tensor with shape: ${fmtShape(idx.shape)}`);
  }
  for (let d = 1; d < x.dim(); d++) {
    if (x.shape[d] === 0) throw new RangeError(`${op}(): Expected input to have non-zero size for non-batch dimensions, but got ${fmtShape(x.shape)} with dimension ${d} being empty.`);
  }
  checkSizes(op, [...x.shape.slice(0, x.dim() - spatial), ...out]);
  const planeIn = x.shape.slice(x.dim() - spatial).reduce((m, n) => m * n, 1);
  const planeOut = out.reduce((m, n) => m * n, 1);
  const planes = x.numel() / Math.max(planeIn, 1);
  const src = x.contiguous().data;
  const at = idx.contiguous().data;
  const values = B.alloc(x.dtype, planes * planeOut, true);
  // in order, so a repeated index keeps the last value written there, as PyTorch's CPU kernel does
  for (let e = 0; e < src.length; e++) {
    const i = at[e];
    if (!(i >= 0 && i < planeOut)) throw new RangeError(`${op}(): Found an invalid max index: ${i} (output volumes are of size ${out.length === 1 ? `${out[0]}x1` : out.join('x')})`);
    values[Math.floor(e / planeIn) * planeOut + i] = src[e];
  }
  const shape = [...x.shape.slice(0, x.dim() - spatial), ...out];
  // each input's gradient is the output gradient at its index (every input sharing an index gets it, as in PyTorch)
  return record(new Tensor(values, shape, x.dtype), `MaxUnpool${spatial}DBackward0`, [x], (g) => [
    g.reshape(planes, planeOut).gather(1, idx.reshape(planes, planeIn)).reshape(x.shape),
  ]);
}
