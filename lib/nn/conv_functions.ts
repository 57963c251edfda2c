// F.conv2d, F.max_pool2d and F.avg_pool2d, on one op: unfold (im2col), which lays every kh x kw window of an
// [N, C, H, W] input out as a column of an [N, C*kh*kw, L] matrix (L = output positions), with its backward
// (col2im: each column element's gradient added back to the pixel it came from) beside it. A convolution is then
// the weight [O, C*kh*kw] times those columns (the backend's matmul, batched over N and groups), a pooling a
// max or mean down each column; autograd composes the rest.
import { B } from '../backend';
import type { Windows as Geometry } from '../backend/types';
import { isFloating } from '../dtype';
import { checkSizes, fmtShape } from '../shape';
import { record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { TORCH_NAME } from '../ops/elementwise';
import { resolveArgs } from '../args';
import { full } from '../ops/creation';
import { cat } from '../ops/shape';

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

/** unfold of a contiguous [N, C, H, W] input into [N, C*kh*kw, oh*ow], windows over padding reading `padValue`. */
function unfold(op: string, x: Tensor, g: Geometry, padValue: number): Tensor {
  const N = x.shape[0];
  const K = g.C * g.kh * g.kw;
  checkSizes(op, [N, K, g.oh * g.ow]); // before anything is allocated
  const out = B.alloc(x.dtype, N * K * g.oh * g.ow, false);
  B.im2col(x.contiguous().data, out, N, g, padValue);
  const cols = new Tensor(out, [N, K, g.oh * g.ow], x.dtype);
  return record(cols, 'Im2ColBackward0', [x], (grad) => {
    const gx = B.alloc(x.dtype, x.numel(), false);
    B.col2im(grad.contiguous().data, gx, N, g);
    return [new Tensor(gx, x.shape, x.dtype)];
  });
}

/** Output size along one axis, PyTorch's formula (ceil_mode: a last window must start inside the input or left padding). */
function outSize(size: number, k: number, s: number, d: number, padBefore: number, padTotal: number, ceil = false): number {
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

type ConvArgs = Conv2dOptions & { weight?: Tensor };
const CONV_ARGS = ['weight', 'bias', 'stride', 'padding', 'dilation', 'groups'] as const;
const CONV_DEFAULTS: ConvArgs = { bias: null, stride: 1, padding: 0, dilation: 1, groups: 1 };

/** conv1d and conv2d: a 1-D convolution is a 2-D one of height 1. Messages name the op and its own shapes. */
function convolution(op: string, spatial: Spatial, input: Tensor, a: ConvArgs): Tensor {
  const { batch, x, unbatch } = batched(op, input, spatial);
  const weight = checkTensor(op, a.weight, 'weight', 2);
  if (weight.dim() !== spatial + 2) {
    throw new RangeError(`${op}(): expected a ${spatial + 2}-D weight [out_channels, in_channels / groups, ${spatial === 2 ? 'kH, kW' : 'kW'}], but got weight of size ${fmtShape(weight.shape)}`);
  }
  if (weight.dtype !== x.dtype) throw new TypeError(`${op}(): expected weight to have the input's dtype ${x.dtype}, but got ${weight.dtype}`);
  const G = a.groups!;
  if (!Number.isInteger(G) || G < 1) throw new RangeError(`${op}(): non-positive groups is not supported`);
  const w = spatial === 1 ? weight.unsqueeze(2) : weight;
  const [O, Cg, kh, kw] = w.shape;
  const [N, C, H, W] = x.shape;
  if (O % G) throw new RangeError(`${op}(): Given groups=${G}, expected weight to be divisible by ${G} at dimension 0, but got weight of size [${fmtShape(weight.shape)}] instead`);
  if (Cg * G !== C) {
    throw new RangeError(`${op}(): Given groups=${G}, weight of size ${fmtShape(weight.shape)}, expected input${fmtShape(batch.shape)} to have ${Cg * G} channels, but got ${C} channels instead`);
  }
  const b = a.bias === null || a.bias === undefined ? null : checkTensor(op, a.bias, 'bias', 3);
  if (b && b.dtype !== x.dtype) throw new TypeError(`${op}(): expected bias to have the input's dtype ${x.dtype}, but got ${b.dtype}`);
  if (b && (b.dim() !== 1 || b.numel() !== O)) {
    throw new RangeError(`${op}(): Given weight of size ${fmtShape(weight.shape)}, expected bias to be 1-dimensional with ${O} elements, but got bias of size ${fmtShape(b.shape)} instead`);
  }
  const [sh, sw] = sizes(op, 'stride', a.stride, spatial);
  const [dh, dw] = sizes(op, 'dilation', a.dilation, spatial);
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
    C, H, W, kh, kw, sh, sw, dh, dw, ph: pads[0][0], pw: pads[1][0],
    oh: outSize(H, kh, sh, dh, pads[0][0], pads[0][1]),
    ow: outSize(W, kw, sw, dw, pads[1][0], pads[1][1]),
  };
  const L = g.oh * g.ow;
  // [N, groups, Cg*kh*kw, L] columns times [groups, O/groups, Cg*kh*kw] weights: [N, groups, O/groups, L]
  const cols = unfold(op, x, g, 0).reshape(N, G, Cg * kh * kw, L);
  let out = w.reshape(G, O / G, Cg * kh * kw).matmul(cols).reshape(N, O, L);
  if (b) out = out.add(b.reshape(O, 1));
  return unbatch(out.reshape(N, O, g.oh, g.ow));
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

const MAX_POOL_ARGS = ['kernel_size', 'stride', 'padding', 'dilation', 'ceil_mode', 'return_indices'] as const;
const MAX_POOL_DEFAULTS: PoolOptions = { stride: null, padding: 0, dilation: 1, ceil_mode: false, return_indices: false };
const AVG_POOL_ARGS = ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'] as const;
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

function maxPool(op: string, spatial: Spatial, input: Tensor, a: PoolOptions): Tensor | [Tensor, Tensor] {
  const { x, unbatch } = batched(op, input, spatial);
  const g = poolGeometry(op, spatial, x, a);
  const [N, C, H, W] = x.shape;
  const cols = unfold(op, x.reshape(N * C, 1, H, W), g, -Infinity);
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

function avgPool(op: string, spatial: Spatial, input: Tensor, a: PoolOptions): Tensor {
  const { x, unbatch } = batched(op, input, spatial);
  const g = poolGeometry(op, spatial, x, a);
  const [N, C, H, W] = x.shape;
  const sums = unfold(op, x.reshape(N * C, 1, H, W), g, 0).sum(1);
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
  return adaptiveAvgPool('adaptive_avg_pool2d', 2, input, a.output_size);
}

/** F.adaptive_avg_pool1d(input, output_size): adaptive_avg_pool2d along one axis. */
export function adaptive_avg_pool1d(input: Tensor, output_size: number | readonly [number] | { output_size: number | readonly [number] }): Tensor {
  const a = resolveArgs<{ output_size?: unknown }>('adaptive_avg_pool1d', ['output_size'], {}, arguments, 1);
  return adaptiveAvgPool('adaptive_avg_pool1d', 1, input, a.output_size);
}

function adaptiveAvgPool(op: string, spatial: Spatial, input: Tensor, output_size: unknown): Tensor {
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
  eachWindow((p, cell, h0, h1, w0, w1) => {
    let total = 0;
    for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) total += src[(p * H + h) * W + w];
    out[cell] = total / ((h1 - h0) * (w1 - w0));
  });
  const pooled = new Tensor(out, [N, C, oh, ow], x.dtype);
  return unbatch(
    record(pooled, spatial === 2 ? 'AdaptiveAvgPool2DBackward0' : 'AdaptiveAvgPool1DBackward0', [x], (g) => {
      const gsrc = g.contiguous().data;
      const gx = B.alloc(g.dtype, x.numel(), true);
      eachWindow((p, cell, h0, h1, w0, w1) => {
        const share = gsrc[cell] / ((h1 - h0) * (w1 - w0));
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) gx[(p * H + h) * W + w] += share;
      });
      return [new Tensor(gx, x.shape, g.dtype)];
    }),
  );
}

/**
 * F.pad(input, pad, mode = 'constant', value = 0): pad lists (before, after) sizes from the last dim backwards;
 * negative sizes crop. Composed from narrow and cat, so autograd needs nothing more.
 */
export function pad(input: Tensor, pad: readonly number[], mode: string | { mode?: string; value?: number } = 'constant', value = 0): Tensor {
  const op = 'pad';
  const x = checkTensor(op, input);
  const a = resolveArgs<{ pad?: readonly number[]; mode?: string; value?: number | null }>(op, ['pad', 'mode', 'value'], { mode: 'constant', value: 0 }, arguments, 1);
  const sizes = a.pad;
  if (!Array.isArray(sizes) || !sizes.every((v) => Number.isInteger(v))) throw new TypeError(`${op}(): argument 'pad' must be a list of ints, not ${typeName(sizes)}`);
  if (sizes.length % 2) throw new RangeError(`${op}(): Padding length must be divisible by 2`);
  if (sizes.length / 2 > x.dim()) throw new RangeError(`${op}(): Padding length too large`);
  if (a.mode !== 'constant') throw new TypeError(`${op}(): mode '${String(a.mode)}' is not supported (only 'constant')`);
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
