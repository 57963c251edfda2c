// Resizing: F.interpolate (nearest, nearest-exact, linear/bilinear/trilinear, bicubic, area) with nn.Upsample,
// nn.UpsamplingNearest2d and nn.UpsamplingBilinear2d; F.pixel_shuffle / pixel_unshuffle and F.channel_shuffle
// with their modules.
// Every interpolating mode is separable: one pass per spatial dim (last first, as PyTorch's kernels nest them),
// each an index_select (nearest) or a blend of two (linear) or four (bicubic) index_selects, so autograd needs
// nothing more. Source positions follow PyTorch's formulas in its opmath type (float32 for float32 input), so the
// same pixels are picked.
import { isFloating } from '../dtype';
import { fmtShape } from '../shape';
import { Tensor, checkTensor, typeName } from '../tensor';
import { TORCH_NAME } from '../ops/elementwise';
import { index_select } from '../ops/indexing';
import { checkArgs, resolveArgs } from '../args';
import { Module } from './module';
import { kwargs, requireArgs } from './kwargs';
import { pyFloat } from './activation';
import { adaptive_avg_pool1d, adaptive_avg_pool2d } from './conv_functions';
import { warnOnce } from '../utils/warnings';

type Mode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'trilinear' | 'bicubic' | 'area';
/** The input rank each interpolating mode needs (nearest and area: any of 3-5). */
const LINEAR_RANK: Partial<Record<Mode, number>> = { linear: 3, bilinear: 4, trilinear: 5, bicubic: 4 };
const MODES = 'nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact';

export interface InterpolateOptions {
  size?: number | readonly number[] | null;
  scale_factor?: number | readonly number[] | null;
  mode?: Mode;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
}

/** Rounding to PyTorch's opmath type: float32 for float32 input, none (double) for float64. */
type Round = (v: number) => number;
const roundingFor = (dtype: string): Round => (dtype === 'float64' ? (v) => v : Math.fround);

/** PyTorch's compute_scales_value: the source step per output step (1 / scale_factor when one is used). */
const stepOf = (r: Round, scale: number | null, input: number, output: number) => (scale !== null && scale > 0 ? r(1 / scale) : r(input / output));

/** Source index of each output position, nearest modes (PyTorch's nearest_idx and its -exact form). */
function nearestSources(r: Round, exact: boolean, input: number, output: number, scale: number | null): Float64Array {
  const step = stepOf(r, scale, input, output);
  return new Float64Array(output).map((_, i) => {
    if (!exact && output === input) return i;
    if (!exact && output === 2 * input) return i >> 1;
    return Math.min(Math.floor(r((exact ? i + 0.5 : i) * step)), input - 1);
  });
}

/** The two source indices and weights of each output position, linear modes (PyTorch's area_pixel_* formulas). */
function linearSources(r: Round, alignCorners: boolean, input: number, output: number, scale: number | null) {
  const step = alignCorners ? (output > 1 ? r((input - 1) / (output - 1)) : 0) : stepOf(r, scale, input, output);
  const [i0, i1, w0, w1] = [new Float64Array(output), new Float64Array(output), new Float64Array(output), new Float64Array(output)];
  for (let i = 0; i < output; i++) {
    // one rounding of step * (i + 0.5) - 0.5, as PyTorch's x86 build computes it (a fused multiply-add); the
    // double product of two floats is exact, so only the subtraction could round twice
    const src = alignCorners ? r(step * i) : Math.max(r(step * (i + 0.5) - 0.5), 0);
    i0[i] = Math.floor(src);
    i1[i] = i0[i] + (i0[i] < input - 1 ? 1 : 0);
    w1[i] = r(src - i0[i]);
    w0[i] = r(1 - w1[i]);
  }
  return { i0, i1, w0, w1 };
}

/**
 * The four source indices (clamped to the input) and weights of each output position, bicubic mode: PyTorch's
 * cubic convolution (Keys, A = -0.75) around its unclamped source position.
 */
function cubicSources(r: Round, alignCorners: boolean, input: number, output: number, scale: number | null) {
  const step = alignCorners ? (output > 1 ? r((input - 1) / (output - 1)) : 0) : stepOf(r, scale, input, output);
  const index = [0, 1, 2, 3].map(() => new Float64Array(output));
  const weight = [0, 1, 2, 3].map(() => new Float64Array(output));
  const A = -0.75;
  const near = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1; // |x| <= 1
  const far = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; // 1 < |x| < 2
  for (let i = 0; i < output; i++) {
    const src = alignCorners ? r(step * i) : r(step * (i + 0.5) - 0.5);
    const base = Math.floor(src);
    const t = r(src - base);
    [far(t + 1), near(t), near(1 - t), far(2 - t)].forEach((w, j) => {
      index[j][i] = Math.min(Math.max(base - 1 + j, 0), input - 1);
      weight[j][i] = r(w);
    });
  }
  return { index, weight };
}

/**
 * F.interpolate(input, size = null, scale_factor = null, mode = 'nearest', align_corners = null,
 * recompute_scale_factor = null): resizes the spatial dims of [N, C, d1, ...] (3-D to 5-D) to `size`, or to
 * floor(d * scale_factor) each.
 */
export function interpolate(
  input: Tensor,
  size?: number | readonly number[] | null | InterpolateOptions,
  scale_factor?: number | readonly number[] | null | InterpolateOptions,
  mode?: Mode | InterpolateOptions,
  align_corners?: boolean | null | InterpolateOptions,
  recompute_scale_factor?: boolean | null | InterpolateOptions,
): Tensor {
  const op = 'interpolate';
  const a = resolveArgs<InterpolateOptions>(op, ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor'], { size: null, scale_factor: null, mode: 'nearest', align_corners: null, recompute_scale_factor: null }, arguments, 1);
  const x = checkTensor(op, input);
  const m = a.mode as Mode;
  const spatial = x.dim() - 2;
  if (spatial < 1 || spatial > 3 || !(m in LINEAR_RANK || m === 'nearest' || m === 'nearest-exact' || m === 'area') || (m === 'bicubic' && spatial !== 2)) {
    throw new RangeError(`${op}(): Input Error: Only 3D, 4D and 5D input Tensors supported (got ${x.dim()}D) for the modes: ${MODES} (got ${String(m)})`);
  }
  const rank = LINEAR_RANK[m];
  if (rank !== undefined && rank !== x.dim()) throw new RangeError(`${op}(): Got ${x.dim()}D input, but ${m} mode needs ${rank}D input`);
  if (rank === undefined && a.align_corners !== null && a.align_corners !== undefined) {
    throw new RangeError(`${op}(): align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`);
  }
  if (!isFloating(x.dtype)) {
    const kernel = rank === undefined ? 'nearest' : m === 'bicubic' ? 'cubic' : 'linear';
    throw new TypeError(`${op}(): "compute_indices_weights_${kernel}" not implemented for '${TORCH_NAME[x.dtype]}'`);
  }
  const inSizes = x.shape.slice(2);
  const given = (v: unknown) => v !== null && v !== undefined;
  if (given(a.size) === given(a.scale_factor)) {
    throw new RangeError(`${op}(): ${given(a.size) ? 'only one of size or scale_factor should be defined' : 'either size or scale_factor should be defined'}`);
  }
  const perDim = (v: unknown, name: string, what: string): number[] => {
    if (typeof v === 'number') return Array<number>(spatial).fill(v);
    if (!Array.isArray(v) || !v.every((e) => typeof e === 'number')) throw new TypeError(`${op}(): ${name} must be a number or a list of numbers, not ${typeName(v)}`);
    if (v.length !== spatial) {
      const list = name === 'size' ? fmtShape(v) : `[${v.map((e: number) => pyFloat(e)).join(', ')}]`;
      throw new RangeError(
        `${op}(): Input and ${what} must have the same number of spatial dimensions, but got input with spatial dimensions of ${fmtShape(inSizes)} and ${what === 'output' ? 'output size of' : 'scale_factor of shape'} ${list}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and ${what === 'output' ? 'output size in (o1, o2, ...,oK)' : 'scale_factor in (s1, s2, ...,sK)'} format.`,
      );
    }
    return v as number[];
  };
  let outSizes: number[];
  let scales: (number | null)[];
  if (given(a.size)) {
    outSizes = perDim(a.size, 'size', 'output');
    if (!outSizes.every(Number.isInteger)) throw new TypeError(`${op}(): size must be ints, got ${fmtShape(outSizes)}`);
    scales = outSizes.map(() => null);
  } else {
    const factors = perDim(a.scale_factor, 'scale_factor', 'scale_factor');
    outSizes = inSizes.map((n, i) => Math.floor(n * factors[i]));
    scales = a.recompute_scale_factor ? factors.map(() => null) : factors;
  }
  if (![...inSizes, ...outSizes].every((n) => n > 0)) {
    const names = ['D', 'H', 'W'].slice(3 - spatial);
    const list = (v: number[]) => names.map((d, i) => `${d}: ${v[i]}`).join(', ');
    throw new RangeError(`${op}(): Input and output sizes should be greater than 0, but got input (${list(inSizes)}) output (${list(outSizes)})`);
  }
  if (m === 'area') {
    if (spatial === 3) throw new TypeError(`${op}(): mode 'area' is not supported for 5-D input here`);
    return spatial === 1 ? adaptive_avg_pool1d(x, outSizes[0]) : adaptive_avg_pool2d(x, outSizes);
  }
  const round = roundingFor(x.dtype);
  let out = x;
  for (let k = spatial - 1; k >= 0; k--) {
    const d = k + 2;
    if (rank === undefined) {
      const index = nearestSources(round, m === 'nearest-exact', inSizes[k], outSizes[k], scales[k]);
      out = index_select(out, d, new Tensor(index, [index.length], 'int64'));
      continue;
    }
    const along = out.shape.map((n, i) => (i === d ? outSizes[k] : 1)); // weights broadcast along dim d
    const weight = (w: Float64Array) => new Tensor(w, along, 'float64').to(x.dtype);
    const from = out;
    const pick = (index: Float64Array) => index_select(from, d, new Tensor(index, [index.length], 'int64'));
    if (m === 'bicubic') {
      const taps = cubicSources(round, !!a.align_corners, inSizes[k], outSizes[k], scales[k]);
      out = taps.index.map((index, j) => pick(index).mul(weight(taps.weight[j]))).reduce((sum, term) => sum.add(term));
      continue;
    }
    const { i0, i1, w0, w1 } = linearSources(round, !!a.align_corners, inSizes[k], outSizes[k], scales[k]);
    out = pick(i0).mul(weight(w0)).add(pick(i1).mul(weight(w1)));
  }
  return out;
}

/** F.upsample(input, size = null, scale_factor = null, mode = 'nearest', align_corners = null): F.interpolate's deprecated name. */
export function upsample(
  input: Tensor,
  size?: number | readonly number[] | null | InterpolateOptions,
  scale_factor?: number | readonly number[] | null | InterpolateOptions,
  mode?: Mode | InterpolateOptions,
  align_corners?: boolean | null | InterpolateOptions,
): Tensor {
  checkTensor('upsample', input);
  const a = resolveArgs<InterpolateOptions>('upsample', ['size', 'scale_factor', 'mode', 'align_corners'], { size: null, scale_factor: null, mode: 'nearest', align_corners: null }, arguments, 1);
  warnOnce('nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.');
  return interpolate(input, a);
}

/** F.upsample_nearest(input, size = null, scale_factor = null): deprecated, F.interpolate in mode 'nearest'. */
export function upsample_nearest(input: Tensor, size?: number | readonly number[] | null | InterpolateOptions, scale_factor?: number | readonly number[] | null | InterpolateOptions): Tensor {
  checkTensor('upsample_nearest', input);
  const a = resolveArgs<InterpolateOptions>('upsample_nearest', ['size', 'scale_factor'], { size: null, scale_factor: null }, arguments, 1);
  warnOnce('nn.functional.upsample_nearest is deprecated. Use nn.functional.interpolate instead.');
  return interpolate(input, { ...a, mode: 'nearest' });
}

/** F.upsample_bilinear(input, size = null, scale_factor = null): deprecated, F.interpolate bilinear with align_corners. */
export function upsample_bilinear(input: Tensor, size?: number | readonly number[] | null | InterpolateOptions, scale_factor?: number | readonly number[] | null | InterpolateOptions): Tensor {
  checkTensor('upsample_bilinear', input);
  const a = resolveArgs<InterpolateOptions>('upsample_bilinear', ['size', 'scale_factor'], { size: null, scale_factor: null }, arguments, 1);
  warnOnce('nn.functional.upsample_bilinear is deprecated. Use nn.functional.interpolate instead.');
  return interpolate(input, { ...a, mode: 'bilinear', align_corners: true });
}

export interface UpsampleArgs {
  size?: number | readonly number[] | null;
  scale_factor?: number | readonly number[] | null;
  mode?: Mode;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
}

/** Upsample(size = null, scale_factor = null, mode = 'nearest', align_corners = null, recompute_scale_factor = null): F.interpolate as a module. */
export class Upsample extends Module {
  readonly size: number | readonly number[] | null;
  readonly scale_factor: number | readonly number[] | null;
  readonly mode: Mode;
  readonly align_corners: boolean | null;
  readonly recompute_scale_factor: boolean | null;

  constructor(...args: (number | readonly number[] | string | boolean | null | UpsampleArgs)[]) {
    super();
    const a = kwargs<UpsampleArgs>(new.target.name, ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor'], { size: null, scale_factor: null, mode: 'nearest', align_corners: null, recompute_scale_factor: null }, args);
    this.size = a.size ?? null;
    this.scale_factor = a.scale_factor ?? null;
    this.mode = a.mode!;
    this.align_corners = a.align_corners ?? null;
    this.recompute_scale_factor = a.recompute_scale_factor ?? null;
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return interpolate(input, { size: this.size, scale_factor: this.scale_factor, mode: this.mode, align_corners: this.align_corners, recompute_scale_factor: this.recompute_scale_factor });
  }

  override extra_repr(): string {
    // Python prints the scale factor as floats: scale_factor=2.0, (2.0, 1.5)
    const tuple = (v: readonly number[], fmt: (n: number) => string) => `(${v.map(fmt).join(', ')}${v.length === 1 ? ',' : ''})`;
    const info =
      this.scale_factor !== null
        ? `scale_factor=${typeof this.scale_factor === 'number' ? pyFloat(this.scale_factor) : tuple(this.scale_factor, pyFloat)}`
        : `size=${typeof this.size === 'number' ? this.size : tuple(this.size ?? [], String)}`;
    return `${info}, mode=${this.mode}`;
  }
}

/** UpsamplingNearest2d(size = null, scale_factor = null): Upsample with mode 'nearest'. */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: (number | readonly number[] | null | { size?: number | readonly number[] | null; scale_factor?: number | readonly number[] | null })[]) {
    const a = kwargs<UpsampleArgs>('UpsamplingNearest2d', ['size', 'scale_factor'], { size: null, scale_factor: null }, args);
    super({ size: a.size, scale_factor: a.scale_factor, mode: 'nearest' });
  }
}

/** UpsamplingBilinear2d(size = null, scale_factor = null): Upsample with mode 'bilinear' and align_corners. */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: (number | readonly number[] | null | { size?: number | readonly number[] | null; scale_factor?: number | readonly number[] | null })[]) {
    const a = kwargs<UpsampleArgs>('UpsamplingBilinear2d', ['size', 'scale_factor'], { size: null, scale_factor: null }, args);
    super({ size: a.size, scale_factor: a.scale_factor, mode: 'bilinear', align_corners: true });
  }
}

/** A shuffle's factor and input, checked as PyTorch checks them. */
function shuffleInput(op: string, input: unknown, factor: unknown, name: string): Tensor {
  const x = checkTensor(op, input);
  if (!Number.isInteger(factor)) throw new TypeError(`${op}(): argument '${name}' must be int, not ${typeName(factor)}`);
  if ((factor as number) <= 0) throw new RangeError(`${op}(): ${op} expects a positive ${name}, but got ${String(factor)}`);
  if (x.dim() < 3) throw new RangeError(`${op}(): ${op} expects input to have at least 3 dimensions, but got input with ${x.dim()} dimension(s)`);
  return x;
}

/** F.pixel_shuffle(input, upscale_factor): [*, C r^2, H, W] -> [*, C, H r, W r]. */
export function pixel_shuffle(input: Tensor, upscale_factor: number | { upscale_factor?: number }): Tensor {
  const op = 'pixel_shuffle';
  const r = resolveArgs<{ upscale_factor?: number }>(op, ['upscale_factor'], {}, arguments, 1).upscale_factor!;
  const x = shuffleInput(op, input, r, 'upscale_factor');
  const [C, H, W] = x.shape.slice(-3);
  if (C % (r * r)) throw new RangeError(`${op}(): ${op} expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${C} is not divisible by ${r * r}`);
  const lead = x.shape.slice(0, -3);
  const n = lead.length;
  const order = [...lead.keys(), n, n + 3, n + 1, n + 4, n + 2]; // [*, C, H, r, W, r]
  return x.reshape(...lead, C / (r * r), r, r, H, W).permute(order).reshape(...lead, C / (r * r), H * r, W * r);
}

/** F.pixel_unshuffle(input, downscale_factor): [*, C, H r, W r] -> [*, C r^2, H, W]. */
export function pixel_unshuffle(input: Tensor, downscale_factor: number | { downscale_factor?: number }): Tensor {
  const op = 'pixel_unshuffle';
  const r = resolveArgs<{ downscale_factor?: number }>(op, ['downscale_factor'], {}, arguments, 1).downscale_factor!;
  const x = shuffleInput(op, input, r, 'downscale_factor');
  const [C, H, W] = x.shape.slice(-3);
  for (const [size, dim, what] of [[H, -2, 'height'], [W, -1, 'width']] as const) {
    if (size % r) throw new RangeError(`${op}(): ${op} expects ${what} to be divisible by downscale_factor, but input.size(${dim})=${size} is not divisible by ${r}`);
  }
  const lead = x.shape.slice(0, -3);
  const n = lead.length;
  const order = [...lead.keys(), n, n + 2, n + 4, n + 1, n + 3]; // [*, C, r, r, H / r, W / r]
  return x.reshape(...lead, C, H / r, r, W / r, r).permute(order).reshape(...lead, C * r * r, H / r, W / r);
}

/** PixelShuffle(upscale_factor). */
export class PixelShuffle extends Module {
  readonly upscale_factor: number;
  constructor(...args: (number | { upscale_factor?: number })[]) {
    super();
    this.upscale_factor = kwargs<{ upscale_factor?: number }>('PixelShuffle', ['upscale_factor'], {}, args).upscale_factor!;
  }
  override forward(input: Tensor): Tensor {
    checkArgs('PixelShuffle.forward', arguments, 1);
    return pixel_shuffle(input, this.upscale_factor);
  }
  override extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}

/** PixelUnshuffle(downscale_factor). */
export class PixelUnshuffle extends Module {
  readonly downscale_factor: number;
  constructor(...args: (number | { downscale_factor?: number })[]) {
    super();
    this.downscale_factor = kwargs<{ downscale_factor?: number }>('PixelUnshuffle', ['downscale_factor'], {}, args).downscale_factor!;
  }
  override forward(input: Tensor): Tensor {
    checkArgs('PixelUnshuffle.forward', arguments, 1);
    return pixel_unshuffle(input, this.downscale_factor);
  }
  override extra_repr(): string {
    return `downscale_factor=${this.downscale_factor}`;
  }
}

/** F.channel_shuffle(input, groups): [N, C, *] with its channels, taken as [groups, C / groups], transposed. */
export function channel_shuffle(input: Tensor, groups: number | { groups?: number }): Tensor {
  const op = 'channel_shuffle';
  const x = checkTensor(op, input);
  const g = resolveArgs<{ groups?: number }>(op, ['groups'], {}, arguments, 1).groups;
  if (!Number.isInteger(g)) throw new TypeError(`${op}(): argument 'groups' must be int, not ${typeName(g)}`);
  if (x.dim() <= 2) throw new RangeError(`${op}(): channel_shuffle expects input with > 2 dims, but got input with sizes ${fmtShape(x.shape)}`);
  if (g! <= 0) throw new RangeError(`${op}(): Number of groups to divide channels in must be positive. Value of groups:${g}`);
  const [N, C, ...rest] = x.shape;
  if (C % g!) throw new RangeError(`${op}(): Number of channels must be divisible by groups. Got ${C} channels and ${g} groups.`);
  return x.reshape(N, g!, C / g!, ...rest).transpose(1, 2).reshape(x.shape);
}

/** ChannelShuffle(groups): F.channel_shuffle as a module. */
export class ChannelShuffle extends Module {
  readonly groups: number;
  constructor(...args: (number | { groups?: number })[]) {
    super();
    const a = kwargs<{ groups?: number }>('ChannelShuffle', ['groups'], {}, args);
    requireArgs('ChannelShuffle', a, ['groups']);
    this.groups = a.groups;
  }
  override forward(input: Tensor): Tensor {
    checkArgs('ChannelShuffle.forward', arguments, 1);
    return channel_shuffle(input, this.groups);
  }
  override extra_repr(): string {
    return `groups=${this.groups}`;
  }
}
