// Fractional max pooling (Graham, "Fractional Max-Pooling"): F.fractional_max_pool2d / 3d and their modules, as
// PyTorch 1.13's CPU kernels. Each (sample, channel) plane draws one number in [0, 1) per spatial dim (torch's
// generator, or the given _random_samples), which places the pooling windows: window i starts at
// int((i + u) alpha) - int(u alpha) with alpha = (input - kernel) / (output - 1), computed in float32 for float32
// input as PyTorch does, the last window flush with the end. The largest value of each window is taken (the first of
// equal ones; NaN wins), and the gradient goes back to it.
import { B } from '../backend';
import { record } from '../autograd';
import { isFloating } from '../dtype';
import { fmtShape } from '../shape';
import { Tensor, checkTensor, typeName } from '../tensor';
import { TORCH_NAME } from '../ops/elementwise';
import { rand } from '../ops/creation';
import { resolveArgs, checkArgs } from '../args';
import { Module } from './module';
import { kwargs, requireArgs } from './kwargs';

export interface FractionalMaxPoolOptions {
  output_size?: number | readonly number[] | null;
  output_ratio?: number | readonly number[] | null;
  return_indices?: boolean;
  _random_samples?: Tensor | null;
}

const ARGS = ['kernel_size', 'output_size', 'output_ratio', 'return_indices', '_random_samples'] as const;
type Args = FractionalMaxPoolOptions & { kernel_size?: number | readonly number[] };

/** The start of each of `output` windows of size `pool` over `input` positions, from the sample u (PyTorch's generate_intervals). */
function intervals(u: number, input: number, output: number, pool: number, round: (v: number) => number): number[] {
  const starts = new Array<number>(output);
  if (output > 1) {
    const alpha = round((input - pool) / (output - 1));
    for (let i = 0; i < output - 1; i++) starts[i] = Math.trunc(round(round(i + u) * alpha)) - Math.trunc(round(u * alpha));
  }
  starts[output - 1] = input - pool;
  return starts;
}

/** An int or a list of `n` ints (or numbers for a ratio), as a list. */
function perDim(op: string, name: string, v: unknown, n: number, integer: boolean): number[] {
  const list = typeof v === 'number' ? Array<number>(n).fill(v) : v;
  if (!Array.isArray(list) || list.length !== n || !list.every((x) => typeof x === 'number' && (!integer || Number.isInteger(x)))) {
    throw new TypeError(`${op}(): ${name} must be ${integer ? 'an int' : 'a number'} or a list of ${n}, not ${Array.isArray(v) ? `a list of ${v.length}` : typeName(v)}`);
  }
  return list as number[];
}

function fractionalMaxPool(op: string, spatial: 2 | 3, input: unknown, a: Args): Tensor | [Tensor, Tensor] {
  const x0 = checkTensor(op, input);
  if (x0.dim() !== spatial + 1 && x0.dim() !== spatial + 2) {
    throw new RangeError(`${op}(): Expected ${spatial + 1}D or ${spatial + 2}D tensor, but got: ${fmtShape(x0.shape)}`);
  }
  if (!isFloating(x0.dtype)) throw new TypeError(`${op}(): "${op}_out_frame" not implemented for '${TORCH_NAME[x0.dtype]}'`);
  const given = (v: unknown) => v !== null && v !== undefined;
  if (!given(a.output_size) && !given(a.output_ratio)) throw new RangeError(`${op} requires specifying either an output_size or an output_ratio`);
  const batched = x0.dim() === spatial + 2;
  const x = batched ? x0 : x0.unsqueeze(0);
  const [N, C, ...sizes] = x.shape;
  const k = perDim(op, 'kernel_size', a.kernel_size, spatial, true);
  const out = given(a.output_size)
    ? perDim(op, 'output_size', a.output_size, spatial, true)
    : perDim(op, 'output_ratio', a.output_ratio, spatial, false).map((r, d) => Math.trunc(sizes[d] * r));
  const names = spatial === 2 ? ['height', 'width'] : ['time', 'height', 'width'];
  sizes.forEach((n, d) => {
    if (out[d] + k[d] - 1 > n) throw new RangeError(`${op}(): pool ${names[d]} ${k[d]} too large relative to input ${names[d]} ${n}`);
  });
  if (k.some((v) => v < 1) || out.some((v) => v < 1)) throw new RangeError(`${op}(): kernel_size and output sizes must be positive, got ${fmtShape(k)} and ${fmtShape(out)}`);
  let samples: Tensor;
  if (given(a._random_samples)) {
    samples = checkTensor(op, a._random_samples, '_random_samples');
    if (fmtShape(samples.shape) !== fmtShape([N, C, spatial])) {
      throw new RangeError(`${op}(): _random_samples must be of shape ${fmtShape([N, C, spatial])}, got ${fmtShape(samples.shape)}`);
    }
  } else {
    samples = rand([N, C, spatial], { dtype: x.dtype });
  }
  const round = x.dtype === 'float32' ? Math.fround : (v: number) => v;
  const u = samples.contiguous().data;
  const src = x.contiguous().data;
  const plane = sizes.reduce((m, n) => m * n, 1);
  const cells = out.reduce((m, n) => m * n, 1);
  const values = B.alloc(x.dtype, N * C * cells, false);
  const argmax = new Float64Array(N * C * cells);
  // PyTorch's per-plane order of the samples: (width, height) in 2-D, but (time, height, width) in 3-D
  const sampleOf = (p: number, d: number) => u[p * spatial + (spatial === 2 ? 1 - d : d)];
  for (let p = 0; p < N * C; p++) {
    const starts = sizes.map((n, d) => intervals(sampleOf(p, d), n, out[d], k[d], round));
    for (let cell = 0; cell < cells; cell++) {
      // this output cell's window origin, dim by dim (the last dim fastest)
      const origin = new Array<number>(spatial);
      for (let d = spatial - 1, rest = cell; d >= 0; d--) {
        origin[d] = starts[d][rest % out[d]];
        rest = Math.floor(rest / out[d]);
      }
      let best = -Infinity;
      let at = -1;
      const visit = (d: number, offset: number) => {
        for (let i = origin[d]; i < origin[d] + k[d]; i++) {
          const index = offset * sizes[d] + i;
          if (d + 1 < spatial) {
            visit(d + 1, index);
            continue;
          }
          const v = src[p * plane + index];
          if (v > best || Number.isNaN(v) || at < 0) {
            best = v;
            at = index;
          }
        }
      };
      visit(0, 0);
      values[p * cells + cell] = best;
      argmax[p * cells + cell] = at;
    }
  }
  const shape = [N, C, ...out];
  const pooled = record(new Tensor(values, shape, x.dtype), `FractionalMaxPool${spatial}DBackward0`, [x], (g) => {
    const gsrc = g.contiguous().data;
    const gx = B.alloc(g.dtype, x.numel(), true);
    for (let p = 0; p < N * C; p++) for (let cell = 0; cell < cells; cell++) gx[p * plane + argmax[p * cells + cell]] += gsrc[p * cells + cell];
    return [new Tensor(gx, x.shape, g.dtype)];
  });
  const unbatch = (t: Tensor) => (batched ? t : t.squeeze(0));
  if (!a.return_indices) return unbatch(pooled);
  return [unbatch(pooled), unbatch(new Tensor(argmax, shape, 'int64'))];
}

type Size = number | readonly number[];

/**
 * F.fractional_max_pool2d(input, kernel_size, output_size = null, output_ratio = null, return_indices = false,
 * _random_samples = null): input [N, C, H, W] or [C, H, W]; indices are h * W + w in each channel.
 */
export function fractional_max_pool2d(input: Tensor, kernel_size: Size | Args, output_size?: Size | null | Args, output_ratio?: Size | null | Args, return_indices?: boolean | Args, _random_samples?: Tensor | null | Args): Tensor | [Tensor, Tensor] {
  const a = resolveArgs<Args>('fractional_max_pool2d', ARGS, { output_size: null, output_ratio: null, return_indices: false, _random_samples: null }, arguments, 1);
  return fractionalMaxPool('fractional_max_pool2d', 2, input, a);
}

/** F.fractional_max_pool3d(input, kernel_size, output_size = null, output_ratio = null, return_indices = false, _random_samples = null). */
export function fractional_max_pool3d(input: Tensor, kernel_size: Size | Args, output_size?: Size | null | Args, output_ratio?: Size | null | Args, return_indices?: boolean | Args, _random_samples?: Tensor | null | Args): Tensor | [Tensor, Tensor] {
  const a = resolveArgs<Args>('fractional_max_pool3d', ARGS, { output_size: null, output_ratio: null, return_indices: false, _random_samples: null }, arguments, 1);
  return fractionalMaxPool('fractional_max_pool3d', 3, input, a);
}

/** F.fractional_max_pool2d_with_indices: [values, indices] whatever return_indices says. */
export function fractional_max_pool2d_with_indices(input: Tensor, kernel_size: Size | Args, output_size?: Size | null | Args, output_ratio?: Size | null | Args, return_indices?: boolean | Args, _random_samples?: Tensor | null | Args): [Tensor, Tensor] {
  const a = resolveArgs<Args>('fractional_max_pool2d_with_indices', ARGS, { output_size: null, output_ratio: null, return_indices: false, _random_samples: null }, arguments, 1);
  return fractionalMaxPool('fractional_max_pool2d_with_indices', 2, input, { ...a, return_indices: true }) as [Tensor, Tensor];
}

/** F.fractional_max_pool3d_with_indices: [values, indices] whatever return_indices says. */
export function fractional_max_pool3d_with_indices(input: Tensor, kernel_size: Size | Args, output_size?: Size | null | Args, output_ratio?: Size | null | Args, return_indices?: boolean | Args, _random_samples?: Tensor | null | Args): [Tensor, Tensor] {
  const a = resolveArgs<Args>('fractional_max_pool3d_with_indices', ARGS, { output_size: null, output_ratio: null, return_indices: false, _random_samples: null }, arguments, 1);
  return fractionalMaxPool('fractional_max_pool3d_with_indices', 3, input, { ...a, return_indices: true }) as [Tensor, Tensor];
}

/** FractionalMaxPool2d/3d(kernel_size, output_size = null, output_ratio = null, return_indices = false, _random_samples = null). */
abstract class FractionalMaxPoolNd extends Module {
  readonly kernel_size: Size;
  readonly output_size: Size | null;
  readonly output_ratio: Size | null;
  readonly return_indices: boolean;
  _random_samples: Tensor | null;
  constructor(
    private readonly spatial: 2 | 3,
    args: readonly unknown[],
  ) {
    super();
    const op = new.target.name;
    const a = kwargs<Args>(op, ARGS, { output_size: null, output_ratio: null, return_indices: false, _random_samples: null }, args);
    requireArgs(op, a, ['kernel_size']);
    if ((a.output_size ?? null) === null && (a.output_ratio ?? null) === null) {
      throw new RangeError(`${op} requires specifying either an output size, or a pooling ratio`);
    }
    if ((a.output_size ?? null) !== null && (a.output_ratio ?? null) !== null) throw new RangeError('only one of output_size and output_ratio may be specified');
    const ratios = a.output_ratio === null || a.output_ratio === undefined ? [] : typeof a.output_ratio === 'number' ? [a.output_ratio] : a.output_ratio;
    if (ratios.some((r) => !(r > 0 && r < 1))) throw new RangeError(`output_ratio must be between 0 and 1 (got ${String(a.output_ratio)})`);
    this.kernel_size = a.kernel_size!;
    this.output_size = a.output_size ?? null;
    this.output_ratio = a.output_ratio ?? null;
    this.return_indices = !!a.return_indices;
    this._random_samples = a._random_samples ?? null;
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    const pool = this.spatial === 2 ? fractional_max_pool2d : fractional_max_pool3d;
    return pool(input, this.kernel_size, this.output_size, this.output_ratio, this.return_indices, this._random_samples);
  }
}

export class FractionalMaxPool2d extends FractionalMaxPoolNd {
  constructor(...args: (Size | boolean | null | Tensor | Args)[]) {
    super(2, args);
  }
}

export class FractionalMaxPool3d extends FractionalMaxPoolNd {
  constructor(...args: (Size | boolean | null | Tensor | Args)[]) {
    super(3, args);
  }
}
