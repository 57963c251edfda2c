// Volumetric (3-D) convolutions and pooling, over [N, C, D, H, W] inputs (or unbatched [C, D, H, W]), built on
// the 2-D ops of conv_functions.ts plus one pass along depth:
// - conv3d: the kd depth taps each output depth reads are stacked into the channels (index_select), so one
//   conv2d over [N * OD, KD * C, H, W] with the weight's taps laid out the same way does the whole product;
// - conv_transpose3d: one conv_transpose2d with the taps in its output channels, then a 1-D fold (col2im) adds
//   each tap's slice into the output depth it lands on;
// - max/avg/adaptive pooling: a window is a box, so its max or mean is the max or mean along depth of the 2-D
//   windows' results (and the divisors multiply): a 2-D pool over H, W, then a 1-D pool over D.
// Autograd composes the backward of each.
import { fmtShape } from '../shape';
import { isFloating } from '../dtype';
import { Tensor, checkTensor, typeName } from '../tensor';
import { TORCH_NAME } from '../ops/elementwise';
import { resolveArgs } from '../args';
import { index_select } from '../ops/indexing';
import { AVG_POOL_ARGS, CONV_ARGS, MAX_POOL_ARGS, adaptivePool, avgPool, conv2d, conv_transpose2d, fold, maxPool, maxUnpool, outSize, pad, withConvPrecision, type Pair, type PoolOptions } from './conv_functions';

export type Triple = number | readonly [number, number, number];

/** An int or a list of three ints, checked (positive unless `min` is 0), as [depth, height, width]. */
export function triple(op: string, name: string, v: unknown, min = 1): [number, number, number] {
  const t = typeof v === 'number' ? [v, v, v] : v;
  if (!Array.isArray(t) || t.length !== 3 || !t.every((x) => Number.isInteger(x))) {
    throw new TypeError(`${op}(): argument '${name}' must be an int or a tuple of three ints, not ${Array.isArray(v) ? `a list of ${v.length}` : typeName(v)}`);
  }
  if (t.some((x) => x < min)) {
    const what = name === 'stride' ? 'stride should not be zero' : `${name} must be ${min === 0 ? 'non-negative' : 'positive'}, got ${fmtShape(t)}`;
    throw new RangeError(`${op}(): ${what}`);
  }
  return t as [number, number, number];
}

/** A floating [N, C, D, H, W] input, or an unbatched [C, D, H, W] one given back its rank by `unbatch`. */
function batched5(op: string, input: unknown): { x: Tensor; unbatch: (t: Tensor) => Tensor } {
  const t = checkTensor(op, input);
  if (t.dim() !== 4 && t.dim() !== 5) {
    throw new RangeError(`${op}(): Expected 4D (unbatched) or 5D (batched) input to ${op}, but got input of size: ${fmtShape(t.shape)}`);
  }
  if (!isFloating(t.dtype)) throw new TypeError(`${op}(): "${op}" not implemented for '${TORCH_NAME[t.dtype]}'`);
  return t.dim() === 5 ? { x: t, unbatch: (o) => o } : { x: t.unsqueeze(0), unbatch: (o) => o.squeeze(0) };
}

/** `count` entries first + i * step: which input depths an op reads. */
const depthIndex = (count: number, taps: number, stride: number, dilation: number): Tensor => {
  const idx = new Float64Array(count * taps);
  for (let o = 0; o < count; o++) for (let k = 0; k < taps; k++) idx[o * taps + k] = o * stride + k * dilation;
  return new Tensor(idx, [count * taps], 'int64');
};

const pair = (h: number, w: number) => [h, w] as unknown as Pair;

export interface Conv3dOptions {
  bias?: Tensor | null;
  stride?: Triple;
  padding?: Triple | 'valid' | 'same';
  dilation?: Triple;
  groups?: number;
}
type Conv3dArgs = Conv3dOptions & { weight?: Tensor; output_padding?: Triple };

/** The weight, bias and groups of a (transposed) 3-D convolution, checked as conv_functions checks 2-D ones. */
function checkConv3d(op: string, x: Tensor, a: Conv3dArgs, transposed: boolean) {
  const weight = checkTensor(op, a.weight, 'weight', 2);
  if (weight.dim() !== 5) {
    const channels = transposed ? 'in_channels, out_channels / groups' : 'out_channels, in_channels / groups';
    throw new RangeError(`${op}(): expected a 5-D weight [${channels}, kD, kH, kW], but got weight of size ${fmtShape(weight.shape)}`);
  }
  if (weight.dtype !== x.dtype) throw new TypeError(`${op}(): expected weight to have the input's dtype ${x.dtype}, but got ${weight.dtype}`);
  const G = a.groups!;
  if (!Number.isInteger(G) || G < 1) throw new RangeError(`${op}(): non-positive groups is not supported`);
  const [w0, w1] = weight.shape;
  const [Cg, O] = transposed ? [w0 / G, w1 * G] : [w1, w0];
  if (w0 % G) throw new RangeError(`${op}(): Given groups=${G}, expected weight to be divisible by ${G} at dimension 0, but got weight of size [${fmtShape(weight.shape)}] instead`);
  if (Cg * G !== x.shape[1]) {
    const given = transposed ? 'Given transposed=1, weight' : `Given groups=${G}, weight`;
    throw new RangeError(`${op}(): ${given} of size ${fmtShape(weight.shape)}, expected input${fmtShape(x.shape)} to have ${Cg * G} channels, but got ${x.shape[1]} channels instead`);
  }
  const b = a.bias === null || a.bias === undefined ? null : checkTensor(op, a.bias, 'bias', 3);
  if (b && b.dtype !== x.dtype) throw new TypeError(`${op}(): expected bias to have the input's dtype ${x.dtype}, but got ${b.dtype}`);
  if (b && (b.dim() !== 1 || b.numel() !== O)) {
    throw new RangeError(`${op}(): ${transposed ? 'Given transposed=1, weight' : 'Given weight'} of size ${fmtShape(weight.shape)}, expected bias to be 1-dimensional with ${O} elements, but got bias of size ${fmtShape(b.shape)} instead`);
  }
  return { weight, b, G, Cg, O, stride: triple(op, 'stride', a.stride), dilation: triple(op, 'dilation', a.dilation) };
}

const CONV_DEFAULTS: Conv3dArgs = { bias: null, stride: 1, padding: 0, dilation: 1, groups: 1 };

/**
 * F.conv3d(input, weight, bias = null, stride = 1, padding = 0, dilation = 1, groups = 1): input [N, C, D, H, W]
 * (or [C, D, H, W]), weight [O, C/groups, kd, kh, kw]; padding an int, a triple, 'valid' or 'same' (stride 1).
 */
export function conv3d(input: Tensor, weight: Tensor | Conv3dOptions, bias?: Tensor | null | Conv3dOptions, stride?: Triple | Conv3dOptions, padding?: Triple | 'valid' | 'same' | Conv3dOptions, dilation?: Triple | Conv3dOptions, groups?: number | Conv3dOptions): Tensor {
  const op = 'conv3d';
  return withConvPrecision(input, resolveArgs<Conv3dArgs>(op, CONV_ARGS, CONV_DEFAULTS, arguments, 1), false, (i, a) => conv3dBody(op, i, a));
}

function conv3dBody(op: string, input: Tensor, a: Conv3dArgs): Tensor {
  const { x, unbatch } = batched5(op, input);
  const { weight: w, b, G, Cg, O, stride: s, dilation: d } = checkConv3d(op, x, a, false);
  const [N, , D, H, W] = x.shape;
  const k = w.shape.slice(2);
  // [before, total] padding per axis ('same' may pad one more after than before, as PyTorch does)
  let pads: [number, number][];
  if (a.padding === 'same') {
    if (s.some((v) => v !== 1)) throw new RangeError(`${op}(): padding='same' is not supported for strided convolutions`);
    pads = k.map((kk, i) => [Math.floor((d[i] * (kk - 1)) / 2), d[i] * (kk - 1)]);
  } else if (a.padding === 'valid') {
    pads = [[0, 0], [0, 0], [0, 0]];
  } else {
    if (typeof a.padding === 'string') throw new RangeError(`${op}(): Invalid padding string '${a.padding}', should be one of ['valid', 'same']`);
    pads = triple(op, 'padding', a.padding, 0).map((p) => [p, 2 * p]);
  }
  const sizes = [D, H, W];
  if (sizes.some((n, i) => n + pads[i][1] < d[i] * (k[i] - 1) + 1)) {
    const padded = sizes.map((n, i) => n + pads[i][1]).join(' x ');
    const kernel = k.map((kk, i) => d[i] * (kk - 1) + 1).join(' x ');
    throw new RangeError(`${op}(): Calculated padded input size per channel: (${padded}). Kernel size: (${kernel}). Kernel size can't be greater than actual input size`);
  }
  const [kd, kh, kw] = k;
  const od = outSize(D, kd, s[0], d[0], pads[0][0], pads[0][1]);
  // the kd input depths of each output depth, side by side: [N, G, Cg, od * kd, H, W] -> [N * od, G * kd * Cg, H, W]
  const padded = pads[0][1] ? pad(x, [0, 0, 0, 0, pads[0][0], pads[0][1] - pads[0][0]]) : x;
  const taps = index_select(padded, 2, depthIndex(od, kd, s[0], d[0]))
    .reshape(N, G, Cg, od, kd, H, W)
    .permute(0, 3, 1, 4, 2, 5, 6)
    .reshape(N * od, G * kd * Cg, H, W);
  // [O, Cg, kd, kh, kw] -> [O, kd * Cg, kh, kw], the channels in the same (tap, channel) order
  const w2 = w.permute(0, 2, 1, 3, 4).reshape(O, kd * Cg, kh, kw);
  const hw = a.padding === 'same' ? 'same' : a.padding === 'valid' ? 'valid' : pair(pads[1][0], pads[2][0]);
  const y = conv2d(taps, w2, null, pair(s[1], s[2]), hw, pair(d[1], d[2]), G);
  const out = y.reshape(N, od, O, y.shape[2], y.shape[3]).permute(0, 2, 1, 3, 4);
  return unbatch(b ? out.add(b.reshape(O, 1, 1, 1)) : out);
}

export interface ConvTranspose3dOptions {
  bias?: Tensor | null;
  stride?: Triple;
  padding?: Triple;
  output_padding?: Triple;
  groups?: number;
  dilation?: Triple;
}

/**
 * F.conv_transpose3d(input, weight, bias = null, stride = 1, padding = 0, output_padding = 0, groups = 1,
 * dilation = 1): input [N, C, D, H, W] (or [C, D, H, W]), weight [C, O/groups, kd, kh, kw].
 */
export function conv_transpose3d(input: Tensor, weight: Tensor | ConvTranspose3dOptions, bias?: Tensor | null | ConvTranspose3dOptions, stride?: Triple | ConvTranspose3dOptions, padding?: Triple | ConvTranspose3dOptions, output_padding?: Triple | ConvTranspose3dOptions, groups?: number | ConvTranspose3dOptions, dilation?: Triple | ConvTranspose3dOptions): Tensor {
  const op = 'conv_transpose3d';
  const names = ['weight', 'bias', 'stride', 'padding', 'output_padding', 'groups', 'dilation'] as const;
  const options = resolveArgs<Conv3dArgs>(op, names, { ...CONV_DEFAULTS, output_padding: 0 }, arguments, 1);
  return withConvPrecision(input, options, true, (i, a) => convTranspose3dBody(op, i, a));
}

function convTranspose3dBody(op: string, input: Tensor, a: Conv3dArgs): Tensor {
  const { x, unbatch } = batched5(op, input);
  const { weight: w, b, G, Cg, O, stride: s, dilation: d } = checkConv3d(op, x, a, true);
  if (typeof a.padding === 'string') throw new TypeError(`${op}(): argument 'padding' must be tuple of ints, not str`);
  const p = triple(op, 'padding', a.padding, 0);
  const op3 = triple(op, 'output_padding', a.output_padding, 0);
  if (op3.some((v, i) => !(v < s[i] || v < d[i]))) {
    const list = (what: string, v: number[]) => ['depth', 'height', 'width'].map((axis, i) => `${what}_${axis}: ${v[i]}`).join(' ');
    throw new RangeError(`${op}(): output padding must be smaller than either stride or dilation, but got ${list('output_padding', op3)} ${list('stride', s)} ${list('dilation', d)}`);
  }
  const [N, , D, H, W] = x.shape;
  const [kd, kh, kw] = w.shape.slice(2);
  const sizes = [D, H, W];
  const k = [kd, kh, kw];
  const out = sizes.map((n, i) => (n - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op3[i] + 1);
  if (out.some((n) => n < 1)) {
    throw new RangeError(`${op}(): Given input size per channel: (${sizes.join(' x ')}). Calculated output size per channel: (${out.join(' x ')}). Output size is too small`);
  }
  const Og = O / G;
  // the weight's depth taps as extra output channels, in (group, tap, channel) order: [C, kd * Og, kh, kw]
  const w2 = w.reshape(G, Cg, Og, kd, kh, kw).permute(0, 1, 3, 2, 4, 5).reshape(G * Cg, kd * Og, kh, kw);
  const slices = x.permute(0, 2, 1, 3, 4).reshape(N * D, G * Cg, H, W);
  const y = conv_transpose2d(slices, w2, null, pair(s[1], s[2]), pair(p[1], p[2]), pair(op3[1], op3[2]), G, pair(d[1], d[2]));
  const [oh, ow] = [y.shape[2], y.shape[3]];
  // each (input depth, tap) slice added at depth i * stride + tap * dilation of the unpadded output: a 1-D fold
  const full = (D - 1) * s[0] + d[0] * (kd - 1) + 1;
  const cols = y.reshape(N, D, G, kd, Og, oh, ow).permute(0, 2, 4, 5, 6, 3, 1).reshape(N, O * oh * ow * kd, D);
  const folded = fold(cols, pair(1, full), pair(1, kd), pair(1, d[0]), 0, pair(1, s[0])).reshape(N, O, oh, ow, full);
  // the padding cropped from both ends, the output padding added after
  const cropped = pad(folded.permute(0, 1, 4, 2, 3), [0, 0, 0, 0, -p[0], op3[0] - p[0]]);
  return unbatch(b ? cropped.add(b.reshape(O, 1, 1, 1)) : cropped);
}

export interface Pool3dOptions {
  kernel_size?: Triple;
  stride?: Triple | null;
  padding?: Triple;
  dilation?: Triple;
  ceil_mode?: boolean;
  return_indices?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/**
 * A 3-D pooling's geometry checked as PyTorch checks it, and the options of its two passes: `plane` over H, W
 * (of every [D] slice) and `depth` over D.
 */
function pool3d(op: string, x: Tensor, a: Pool3dOptions) {
  const k = triple(op, 'kernel_size', a.kernel_size);
  const noStride = a.stride === null || a.stride === undefined || (Array.isArray(a.stride) && a.stride.length === 0);
  const s = noStride ? k : triple(op, 'stride', a.stride);
  const p = triple(op, 'padding', a.padding, 0);
  const d = triple(op, 'dilation', a.dilation ?? 1);
  const i = p.findIndex((v, j) => v > k[j] / 2);
  if (i >= 0) throw new RangeError(`${op}(): pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`);
  const [, C, D, H, W] = x.shape;
  const out = [D, H, W].map((n, j) => outSize(n, k[j], s[j], d[j], p[j], 2 * p[j], !!a.ceil_mode));
  if (out.some((n) => n < 1)) {
    throw new RangeError(`${op}(): Given input size: (${C}x${D}x${H}x${W}). Calculated output size: (${C}x${out.map((n) => Math.max(n, 0)).join('x')}). Output size is too small`);
  }
  const axis = (j: number): PoolOptions => ({ ...a, kernel_size: k[j], stride: s[j], padding: p[j], dilation: d[j] });
  const plane = (j: number, l: number) => [j, l] as unknown as Pair;
  const hw = axis(1);
  return {
    plane: { ...hw, kernel_size: plane(k[1], k[2]), stride: plane(s[1], s[2]), padding: plane(p[1], p[2]), dilation: plane(d[1], d[2]) },
    depth: axis(0),
  };
}

/** [N, C, D, oh, ow] results of the plane pass as rows [N * C * oh * ow, 1, D] for the depth pass. */
const depthRows = (t: Tensor, [N, C, D]: number[]) => t.reshape(N, C, D, t.shape[2], t.shape[3]).permute(0, 1, 3, 4, 2).reshape(-1, 1, D);
/** The depth pass's [N * C * oh * ow, 1, od] rows as [N, C, od, oh, ow]. */
const fromDepthRows = (t: Tensor, [N, C]: number[], [oh, ow]: number[]) => t.reshape(N, C, oh, ow, t.shape[2]).permute(0, 1, 4, 2, 3);

/**
 * The max pooling's values and, with return_indices, each maximum's flat index d * H * W + h * W + w in its
 * channel: the depth pass picks a slice, whose plane-pass index gives h * W + w. The first of equal maxima in
 * (d, h, w) order, as PyTorch's scan.
 */
function maxOverDepth(x: Tensor, plane: Tensor | [Tensor, Tensor], depth: Tensor | [Tensor, Tensor], returnIndices: boolean): Tensor | [Tensor, Tensor] {
  const [N, C, D, H, W] = x.shape;
  const [planeValues, planeIndices] = Array.isArray(plane) ? plane : [plane, null];
  const hw = [planeValues.shape[2], planeValues.shape[3]];
  const values = fromDepthRows(Array.isArray(depth) ? depth[0] : depth, [N, C], hw);
  if (!returnIndices) return values;
  const slice = fromDepthRows((depth as [Tensor, Tensor])[1], [N, C], hw); // [N, C, od, oh, ow]
  const within = planeIndices!.reshape(N, C, D, hw[0], hw[1]).gather(2, slice);
  return [values, slice.mul(H * W).add(within)];
}

/**
 * F.max_pool3d(input, kernel_size, stride = kernel_size, padding = 0, dilation = 1, ceil_mode = false,
 * return_indices = false): the largest value of each window (padding counts as -inf).
 */
export function max_pool3d(input: Tensor, kernel_size: Triple | Pool3dOptions, stride?: Triple | null | Pool3dOptions, padding?: Triple | Pool3dOptions, dilation?: Triple | Pool3dOptions, ceil_mode?: boolean | Pool3dOptions, return_indices?: boolean | Pool3dOptions): Tensor | [Tensor, Tensor] {
  const op = 'max_pool3d';
  const a = resolveArgs<Pool3dOptions>(op, MAX_POOL_ARGS, { stride: null, padding: 0, dilation: 1, ceil_mode: false, return_indices: false }, arguments, 1);
  const { x, unbatch } = batched5(op, input);
  const { plane, depth } = pool3d(op, x, a);
  const [N, C, D, H, W] = x.shape;
  const planes = maxPool(op, 2, x.reshape(N, C * D, H, W), plane);
  const depths = maxPool(op, 1, depthRows(Array.isArray(planes) ? planes[0] : planes, [N, C, D]), depth);
  const out = maxOverDepth(x, planes, depths, !!a.return_indices);
  return Array.isArray(out) ? [unbatch(out[0]), unbatch(out[1])] : unbatch(out);
}

/**
 * F.avg_pool3d(input, kernel_size, stride = kernel_size, padding = 0, ceil_mode = false, count_include_pad = true,
 * divisor_override = null): the mean of each window, the divisor as avg_pool2d's in each of the three axes.
 */
export function avg_pool3d(input: Tensor, kernel_size: Triple | Pool3dOptions, stride?: Triple | null | Pool3dOptions, padding?: Triple | Pool3dOptions, ceil_mode?: boolean | Pool3dOptions, count_include_pad?: boolean | Pool3dOptions, divisor_override?: number | null | Pool3dOptions): Tensor {
  const op = 'avg_pool3d';
  const a = resolveArgs<Pool3dOptions>(op, AVG_POOL_ARGS, { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, divisor_override: null }, arguments, 1);
  const { x, unbatch } = batched5(op, input);
  const override = a.divisor_override;
  if (override !== null && override !== undefined && (!Number.isInteger(override) || override === 0)) throw new RangeError(`${op}(): divisor must be not zero`);
  const { plane, depth } = pool3d(op, x, a);
  const [N, C, D, H, W] = x.shape;
  // with a divisor override, the plane pass sums (divisor 1) and the depth pass divides the total by it
  const planes = avgPool(op, 2, x.reshape(N, C * D, H, W), override ? { ...plane, divisor_override: 1 } : plane);
  const means = avgPool(op, 1, depthRows(planes, [N, C, D]), depth);
  return unbatch(fromDepthRows(means, [N, C], [planes.shape[2], planes.shape[3]]));
}

type Adaptive3dSize = number | readonly (number | null)[];

/** output_size as [depth, height, width]: an int, or three entries whose nulls keep the input's size. */
function adaptiveSize3d(op: string, v: unknown, sizes: number[]): number[] {
  const list = typeof v === 'number' ? [v, v, v] : v;
  if (!Array.isArray(list) || !list.every((n) => n === null || (Number.isInteger(n) && n >= 0))) {
    throw new TypeError(`${op}(): output_size must be an int or a tuple of three ints (or None), got ${Array.isArray(v) ? fmtShape(v) : typeName(v)}`);
  }
  if (list.length !== 3) throw new RangeError(`${op}: output_size must be 3`);
  return list.map((n, i) => n ?? sizes[i]);
}

function adaptivePool3d(op: string, input: Tensor, output_size: unknown, kind: 'avg' | 'max', returnIndices: boolean): Tensor | [Tensor, Tensor] {
  const t = checkTensor(op, input);
  if (t.dim() !== 4 && t.dim() !== 5) throw new RangeError(`${op}(): Expected 4D or 5D tensor, but got ${fmtShape(t.shape)}`);
  const { x, unbatch } = batched5(op, t);
  const [N, C, D, H, W] = x.shape;
  const [od, oh, ow] = adaptiveSize3d(op, output_size, [D, H, W]);
  const planes = adaptivePool(op, 2, x.reshape(N, C * D, H, W), [oh, ow], kind, returnIndices);
  const depths = adaptivePool(op, 1, depthRows(Array.isArray(planes) ? planes[0] : planes, [N, C, D]), [od], kind, returnIndices);
  const out = maxOverDepth(x, planes, depths, returnIndices);
  return Array.isArray(out) ? [unbatch(out[0]), unbatch(out[1])] : unbatch(out);
}

/** F.adaptive_avg_pool3d(input, output_size): output_size an int or [od, oh, ow] (null keeps that size). */
export function adaptive_avg_pool3d(input: Tensor, output_size: Adaptive3dSize | { output_size: Adaptive3dSize }): Tensor {
  const a = resolveArgs<{ output_size?: unknown }>('adaptive_avg_pool3d', ['output_size'], {}, arguments, 1);
  return adaptivePool3d('adaptive_avg_pool3d', input, a.output_size, 'avg', false) as Tensor;
}

type AdaptiveMax3dOptions = { output_size?: Adaptive3dSize; return_indices?: boolean };

/** F.adaptive_max_pool3d(input, output_size, return_indices = false). */
export function adaptive_max_pool3d(input: Tensor, output_size: Adaptive3dSize | AdaptiveMax3dOptions, return_indices?: boolean | AdaptiveMax3dOptions): Tensor | [Tensor, Tensor] {
  const a = resolveArgs<AdaptiveMax3dOptions>('adaptive_max_pool3d', ['output_size', 'return_indices'], { return_indices: false }, arguments, 1);
  return adaptivePool3d('adaptive_max_pool3d', input, a.output_size, 'max', !!a.return_indices);
}

/** F.max_pool3d_with_indices(input, kernel_size, stride = kernel_size, padding = 0, dilation = 1, ceil_mode = false): [values, indices]. */
export function max_pool3d_with_indices(input: Tensor, kernel_size: Triple | Pool3dOptions, stride?: Triple | null | Pool3dOptions, padding?: Triple | Pool3dOptions, dilation?: Triple | Pool3dOptions, ceil_mode?: boolean | Pool3dOptions, return_indices?: boolean | Pool3dOptions): [Tensor, Tensor] {
  checkTensor('max_pool3d_with_indices', input);
  const a = resolveArgs<Pool3dOptions>('max_pool3d_with_indices', MAX_POOL_ARGS, { stride: null, padding: 0, dilation: 1, ceil_mode: false, return_indices: false }, arguments, 1);
  return max_pool3d(input, { ...a, return_indices: true }) as [Tensor, Tensor];
}

/** F.adaptive_max_pool3d_with_indices(input, output_size): adaptive_max_pool3d's [values, indices]. */
export function adaptive_max_pool3d_with_indices(input: Tensor, output_size: Adaptive3dSize | AdaptiveMax3dOptions, return_indices?: boolean | AdaptiveMax3dOptions): [Tensor, Tensor] {
  const op = 'adaptive_max_pool3d_with_indices';
  const a = resolveArgs<AdaptiveMax3dOptions>(op, ['output_size', 'return_indices'], { return_indices: false }, arguments, 1);
  return adaptivePool3d(op, input, a.output_size, 'max', true) as [Tensor, Tensor];
}

export interface MaxUnpool3dOptions {
  kernel_size?: Triple;
  stride?: Triple | null;
  padding?: Triple;
  output_size?: readonly number[] | null;
}

/**
 * F.max_unpool3d(input, indices, kernel_size, stride = kernel_size, padding = 0, output_size = null): max_pool3d
 * undone, each value written at its index (d * H * W + h * W + w in its channel, as max_pool3d's return_indices
 * gives) of a zero [N, C, D, H, W] output (or [C, D, H, W]).
 */
export function max_unpool3d(input: Tensor, indices: Tensor, kernel_size: Triple | MaxUnpool3dOptions, stride?: Triple | null | MaxUnpool3dOptions, padding?: Triple | MaxUnpool3dOptions, output_size?: readonly number[] | null | MaxUnpool3dOptions): Tensor {
  const op = 'max_unpool3d';
  const a = resolveArgs<MaxUnpool3dOptions>(op, ['kernel_size', 'stride', 'padding', 'output_size'], { stride: null, padding: 0, output_size: null }, arguments, 2);
  return maxUnpool(op, 3, input, indices, a, (name, v, min) => triple(op, name, v, min));
}
