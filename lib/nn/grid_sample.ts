// Spatial transformers: F.affine_grid (the sampling grid of a batch of affine maps, composed from tensor ops) and
// F.grid_sample (the input read at each grid point: bilinear, nearest or bicubic, with zeros, border or reflection
// padding), whose forward and backward (to the input and to the grid) are the loops below, with PyTorch's
// coordinate rules (GridSampler.h): unnormalize, then clip or reflect, and the chain rule through both.
import { B } from '../backend';
import { record } from '../autograd';
import { isFloating } from '../dtype';
import { fmtShape } from '../shape';
import { Tensor, checkTensor, typeName } from '../tensor';
import { TORCH_NAME } from '../ops/elementwise';
import { resolveArgs } from '../args';
import { warnOnce } from '../utils/warnings';

const ALIGN_CORNERS_WARNING =
  'Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.';

/** align_corners as given, or false with PyTorch's warning when omitted. */
function alignCorners(v: boolean | null | undefined): boolean {
  if (v === null || v === undefined) {
    warnOnce(ALIGN_CORNERS_WARNING);
    return false;
  }
  return !!v;
}

/** steps points from -1 to 1 (pixel corners) or their centres (align_corners false); one point is 0. */
function linspaceFromNegOne(steps: number, align: boolean): number[] {
  if (steps <= 1) return [0];
  return Array.from({ length: steps }, (_, i) => (-1 + (2 * i) / (steps - 1)) * (align ? 1 : (steps - 1) / steps));
}

/**
 * F.affine_grid(theta, size, align_corners = null): the [N, H, W, 2] grid (x, y) of theta [N, 2, 3] applied to
 * the normalized pixel positions of size [N, C, H, W]; or [N, D, H, W, 3] from theta [N, 3, 4] and a 5-D size.
 */
export function affine_grid(theta: Tensor, size: readonly number[], align_corners?: boolean | null | { align_corners?: boolean | null }): Tensor {
  const op = 'affine_grid';
  const t = checkTensor(op, theta, 'theta');
  const a = resolveArgs<{ align_corners?: boolean | null }>(op, ['align_corners'], { align_corners: null }, arguments, 2);
  const align = alignCorners(a.align_corners);
  if (!isFloating(t.dtype)) throw new TypeError(`${op}(): Expected theta to have floating point type, but got ${TORCH_NAME[t.dtype]}`);
  if (!Array.isArray(size) || !size.every((n) => Number.isInteger(n))) throw new TypeError(`${op}(): size must be a list of ints, not ${typeName(size)}`);
  const spatial = size.length - 2;
  if (spatial !== 2 && spatial !== 3) {
    throw new RangeError(`${op}(): affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${fmtShape(size)}.`);
  }
  const [rows, cols] = spatial === 2 ? [2, 3] : [3, 4];
  if (t.dim() !== 3 || t.shape[1] !== rows || t.shape[2] !== cols) {
    throw new RangeError(`${op}(): Expected a batch of ${spatial}D affine matrices of shape Nx${rows}x${cols} for size ${fmtShape(size)}. Got ${fmtShape(t.shape)}.`);
  }
  if (size.some((n) => n <= 0)) throw new RangeError(`${op}(): Expected non-zero, positive output size. Got ${fmtShape(size)}`);
  if (t.shape[0] !== size[0]) throw new RangeError(`${op}(): Expected theta's batch size ${t.shape[0]} to equal size[0] = ${size[0]}`);
  const dims = size.slice(2); // [H, W] or [D, H, W]
  if (align && dims.some((n) => n === 1)) {
    warnOnce('Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. This is not an intended use case of affine_grid. See the documentation of affine_grid for details.');
  }
  // base[..., :] = (x, y[, z], 1) for every output position, x along the last dim
  const axes = dims.map((n) => linspaceFromNegOne(n, align));
  const points = dims.reduce((m, n) => m * n, 1);
  const base = new Float64Array(points * cols);
  for (let p = 0; p < points; p++) {
    let rest = p;
    for (let d = spatial - 1; d >= 0; d--) {
      const i = rest % dims[d];
      rest = Math.floor(rest / dims[d]);
      base[p * cols + (spatial - 1 - d)] = axes[d][i]; // x is the last dim's coordinate
    }
    base[p * cols + spatial] = 1;
  }
  const grid = new Tensor(base, [1, points, cols], 'float64').to(t.dtype).matmul(t.transpose(1, 2));
  return grid.reshape([size[0], ...dims, spatial]);
}

type Mode = 'bilinear' | 'nearest' | 'bicubic';
type Padding = 'zeros' | 'border' | 'reflection';

export interface GridSampleOptions {
  mode?: Mode;
  padding_mode?: Padding;
  align_corners?: boolean | null;
}

/** A grid coordinate in [-1, 1] as a pixel index, and d(index)/d(coordinate). */
function unnormalize(coord: number, size: number, align: boolean): [number, number] {
  return align ? [((coord + 1) / 2) * (size - 1), (size - 1) / 2] : [((coord + 1) * size - 1) / 2, size / 2];
}

/** in clipped to [0, size - 1], and its derivative (0 where clipped). */
function clip(v: number, size: number): [number, number] {
  if (v <= 0) return [0, 0];
  if (v >= size - 1) return [size - 1, 0];
  return [v, 1];
}

/** v reflected into [low2 / 2, high2 / 2] (as often as it takes), and its derivative (+1 or -1). */
function reflect(v: number, low2: number, high2: number): [number, number] {
  if (low2 === high2) return [0, 0];
  const min = low2 / 2;
  const span = (high2 - low2) / 2;
  let x = v - min;
  let sign = 1;
  if (x < 0) {
    sign = -1;
    x = -x;
  }
  const extra = x % span;
  const flips = Math.floor(x / span);
  return flips % 2 === 0 ? [extra + min, sign] : [span - extra + min, -sign];
}

/** A source index with the padding's rule applied (border: clipped; reflection: reflected, then clipped), and its derivative. */
function applyPadding(v: number, size: number, padding: Padding, align: boolean): [number, number] {
  if (padding === 'border') return clip(v, size);
  if (padding === 'reflection') {
    const [r, dr] = align ? reflect(v, 0, 2 * (size - 1)) : reflect(v, -1, 2 * size - 1);
    const [c, dc] = clip(r, size);
    return [c, dr * dc];
  }
  return [v, 1];
}

/** A grid coordinate as the source index to read (unnormalized, then padded), and its derivative. */
function sourceIndex(coord: number, size: number, padding: Padding, align: boolean): [number, number] {
  const [u, du] = unnormalize(coord, size, align);
  const [v, dv] = applyPadding(u, size, padding, align);
  return [v, du * dv];
}

// Cubic convolution (Keys, A = -0.75): the weights of the taps at -1, 0, 1, 2 around t in [0, 1), and their
// derivatives in t.
const A = -0.75;
const cubic1 = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1; // |x| <= 1
const cubic2 = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; // 1 < |x| < 2
const cubicWeights = (t: number) => [cubic2(t + 1), cubic1(t), cubic1(1 - t), cubic2(2 - t)];
function cubicWeightGrads(t: number): number[] {
  const [x0, x1, x2, x3] = [-1 - t, -t, 1 - t, 2 - t];
  return [(-3 * A * x0 - 10 * A) * x0 - 8 * A, (-3 * (A + 2) * x1 - 2 * (A + 3)) * x1, (3 * (A + 2) * x2 - 2 * (A + 3)) * x2, (3 * A * x3 - 10 * A) * x3 + 8 * A];
}

/**
 * F.grid_sample(input, grid, mode = 'bilinear', padding_mode = 'zeros', align_corners = null): input [N, C, H, W]
 * read at grid [N, Ho, Wo, 2] (x, y in [-1, 1]: -1 the left/top edge or pixel centre), as [N, C, Ho, Wo].
 * Gradients reach the input and the grid (the grid's is 0 for 'nearest').
 */
export function grid_sample(input: Tensor, grid: Tensor, mode?: Mode | GridSampleOptions, padding_mode?: Padding | GridSampleOptions, align_corners?: boolean | null | GridSampleOptions): Tensor {
  const op = 'grid_sample';
  const x = checkTensor(op, input);
  const g = checkTensor(op, grid, 'grid', 2);
  const a = resolveArgs<GridSampleOptions>(op, ['mode', 'padding_mode', 'align_corners'], { mode: 'bilinear', padding_mode: 'zeros', align_corners: null }, arguments, 2);
  if (a.mode !== 'bilinear' && a.mode !== 'nearest' && a.mode !== 'bicubic') {
    throw new RangeError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${String(a.mode)}'`);
  }
  if (a.padding_mode !== 'zeros' && a.padding_mode !== 'border' && a.padding_mode !== 'reflection') {
    throw new RangeError(`nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${String(a.padding_mode)}'`);
  }
  const align = alignCorners(a.align_corners);
  if (x.dim() === 5) throw new RangeError(`${op}(): volumetric (5-D) grid sampling is not supported yet; input must be [N, C, H, W]`);
  if (x.dim() !== 4) throw new RangeError(`${op}(): grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got input with sizes ${fmtShape(x.shape)} and grid with sizes ${fmtShape(g.shape)}`);
  if (g.dim() !== 4) throw new RangeError(`${op}(): grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but got input with sizes ${fmtShape(x.shape)} and grid with sizes ${fmtShape(g.shape)}`);
  if (g.shape[3] !== 2) throw new RangeError(`${op}(): grid_sampler(): expected grid to have size 2 in last dimension, but got grid with sizes ${fmtShape(g.shape)}`);
  if (g.shape[0] !== x.shape[0]) {
    throw new RangeError(`${op}(): grid_sampler(): expected grid and input to have same batch size, but got input with sizes ${fmtShape(x.shape)} and grid with sizes ${fmtShape(g.shape)}`);
  }
  if (!isFloating(x.dtype)) throw new TypeError(`${op}(): "grid_sampler_2d_cpu" not implemented for '${TORCH_NAME[x.dtype]}'`);
  if (g.dtype !== x.dtype) throw new TypeError(`${op}(): expected scalar type ${TORCH_NAME[x.dtype]} but found ${TORCH_NAME[g.dtype]}`);
  if (x.shape[2] === 0 || x.shape[3] === 0) throw new RangeError(`${op}(): grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes ${fmtShape(x.shape)}`);
  return sample2d(x, g, a.mode, a.padding_mode, align);
}

function sample2d(x: Tensor, g: Tensor, mode: Mode, padding: Padding, align: boolean): Tensor {
  const [N, C, H, W] = x.shape;
  const [, Ho, Wo] = g.shape;
  const src = x.contiguous().data;
  const coords = g.contiguous().data;
  const out = B.alloc(x.dtype, N * C * Ho * Wo, false);
  const inBounds = (h: number, w: number) => h >= 0 && h < H && w >= 0 && w < W;
  const at = (n: number, c: number, h: number, w: number) => ((n * C + c) * H + h) * W + w;
  /**
   * Visits every output point's taps: visit(n, point, the tap's offset in its plane or -1 outside, weight,
   * d weight / d x, d weight / d y), the derivatives in pixel units; gridScale receives d(pixel)/d(grid coordinate).
   */
  const eachTap = (visit: (n: number, point: number, tap: number, weight: number, dwx: number, dwy: number) => void, gridScale?: Float64Array) => {
    for (let n = 0; n < N; n++) {
      for (let p = 0; p < Ho * Wo; p++) {
        const gi = (n * Ho * Wo + p) * 2;
        const tapAt = (h: number, w: number) => (inBounds(h, w) ? h * W + w : -1);
        if (mode === 'bicubic') {
          // taps around the unnormalized point; the padding rule applies to each tap's own position
          const [ix, sx] = unnormalize(coords[gi], W, align);
          const [iy, sy] = unnormalize(coords[gi + 1], H, align);
          const [x0, y0] = [Math.floor(ix), Math.floor(iy)];
          const [wx, wy] = [cubicWeights(ix - x0), cubicWeights(iy - y0)];
          const [dx, dy] = [cubicWeightGrads(ix - x0), cubicWeightGrads(iy - y0)];
          for (let j = 0; j < 4; j++) {
            for (let i = 0; i < 4; i++) {
              const w = Math.trunc(applyPadding(x0 - 1 + i, W, padding, align)[0]);
              const h = Math.trunc(applyPadding(y0 - 1 + j, H, padding, align)[0]);
              // the weights' derivatives fall as the point moves right or down: hence the minus signs
              visit(n, p, tapAt(h, w), wx[i] * wy[j], -dx[i] * wy[j], -wx[i] * dy[j]);
            }
          }
          if (gridScale) gridScale.set([sx, sy], gi);
          continue;
        }
        const [ix, sx] = sourceIndex(coords[gi], W, padding, align);
        const [iy, sy] = sourceIndex(coords[gi + 1], H, padding, align);
        if (gridScale) gridScale.set([sx, sy], gi);
        if (mode === 'nearest') {
          visit(n, p, tapAt(roundHalfEven(iy), roundHalfEven(ix)), 1, 0, 0);
          continue;
        }
        const [w0, h0] = [Math.floor(ix), Math.floor(iy)];
        const [fx, fy] = [ix - w0, iy - h0];
        visit(n, p, tapAt(h0, w0), (1 - fx) * (1 - fy), -(1 - fy), -(1 - fx));
        visit(n, p, tapAt(h0, w0 + 1), fx * (1 - fy), 1 - fy, -fx);
        visit(n, p, tapAt(h0 + 1, w0), (1 - fx) * fy, -fy, 1 - fx);
        visit(n, p, tapAt(h0 + 1, w0 + 1), fx * fy, fy, fx);
      }
    }
  };
  const sums = new Float64Array(N * C * Ho * Wo);
  eachTap((n, p, tap, weight) => {
    if (tap < 0) return;
    for (let c = 0; c < C; c++) sums[(n * C + c) * Ho * Wo + p] += weight * src[at(n, c, 0, 0) + tap];
  });
  out.set(sums);
  return record(new Tensor(out, [N, C, Ho, Wo], x.dtype), 'GridSampler2DBackward0', [x, g], (grad) => {
    const go = grad.contiguous().data;
    const gx = new Float64Array(N * C * H * W);
    const gg = new Float64Array(N * Ho * Wo * 2);
    const scale = new Float64Array(N * Ho * Wo * 2);
    eachTap((n, p, tap, weight, dwx, dwy) => {
      if (tap < 0) return;
      const gi = (n * Ho * Wo + p) * 2;
      for (let c = 0; c < C; c++) {
        const upstream = go[(n * C + c) * Ho * Wo + p];
        gx[at(n, c, 0, 0) + tap] += weight * upstream;
        const value = src[at(n, c, 0, 0) + tap];
        gg[gi] += dwx * value * upstream;
        gg[gi + 1] += dwy * value * upstream;
      }
    }, scale);
    for (let i = 0; i < gg.length; i++) gg[i] *= scale[i];
    return [new Tensor(gx, x.shape, 'float64').to(x.dtype), new Tensor(gg, g.shape, 'float64').to(g.dtype)];
  });
}

/** C's nearbyint under the default rounding: to the nearest integer, ties to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
