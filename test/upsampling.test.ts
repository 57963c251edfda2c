// F.interpolate (nearest, nearest-exact, linear, bilinear, trilinear, bicubic, area), F.pixel_shuffle / pixel_unshuffle and
// their modules against PyTorch 1.13 on each backend (fixtures: scripts/gen_upsampling_fixtures.py), reprs and
// PyTorch's argument errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';

const { nn } = torch;
const F = nn.functional;

interface Case {
  id: string;
  fn: 'interpolate' | 'pixel_shuffle' | 'pixel_unshuffle';
  kwargs: Record<string, unknown>;
  x_shape: number[];
  x: number[];
  y_shape: number[];
  y: number[];
  r: number[];
  grad_x: number[];
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/upsampling.json'), 'utf8')) as { cases: Case[] };

// References are PyTorch's own float32 results (a resize's source pixels depend on float32 arithmetic). Nearest
// modes and the shuffles copy, so their outputs must be exact; their gradients add up to 6 copies (4 ULP, 1e-6 absolute where they cancel). A linear
// blend is two products and a sum per pass, where PyTorch may fuse one multiply-add: 2 ULP a pass, up to 3 passes,
// with an absolute floor for sums that cancel; area is adaptive average pooling (2e-6 relative).
function tolerance(c: Case, what: 'output' | 'gradient'): Tolerance {
  const mode = (c.kwargs.mode as string | undefined) ?? 'nearest';
  if (c.fn !== 'interpolate' || mode.startsWith('nearest')) return what === 'output' ? { ulp: 0 } : { ulp: 4, atol: 1e-6 };
  if (mode === 'area') return { rtol: 2e-6, atol: 1e-6 };
  // bicubic: PyTorch evaluates the cubic weights in float32 op by op, torchlet in double rounded once; each weight
  // then differs by a few float32 ULP, each output by up to ~1e-6 of the input's magnitude per pass (2 passes)
  if (mode === 'bicubic') return { rtol: 4e-6, atol: 4e-6 };
  return { ulp: 6, atol: 1e-6 };
}

describe.each(BACKENDS)('resizing vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const x = torch.tensor(c.x).reshape(c.x_shape).requires_grad_(true);
    const y = (F[c.fn] as (x: torch.Tensor, o: unknown) => torch.Tensor)(x, c.kwargs);
    expect(y.shape).toEqual(c.y_shape);
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    expectClose(y.data, c.y, tolerance(c, 'output'), 'output');
    expectClose(x.grad!.data, c.grad_x, tolerance(c, 'gradient'), 'grad of input');
  });

  it('the modules are the functions', () => {
    const x = torch.randn(1, 4, 3, 3);
    expectClose(new nn.Upsample({ scale_factor: 2, mode: 'bilinear' })(x).data, F.interpolate(x, { scale_factor: 2, mode: 'bilinear' }).data, { ulp: 0 });
    expectClose(new nn.UpsamplingBilinear2d({ size: 5 })(x).data, F.interpolate(x, 5, null, 'bilinear', true).data, { ulp: 0 });
    expectClose(new nn.UpsamplingNearest2d(null, 2)(x).data, F.interpolate(x, { scale_factor: 2 }).data, { ulp: 0 });
    expect(new nn.PixelShuffle(2)(x).shape).toEqual([1, 1, 6, 6]);
    expectClose(new nn.PixelUnshuffle(2)(new nn.PixelShuffle(2)(x)).data, x.data, { ulp: 0 });
  });
});

describe('resizing: PyTorch reprs and errors', () => {
  it('prints like PyTorch', () => {
    expect(String(new nn.Upsample({ scale_factor: 2 }))).toBe('Upsample(scale_factor=2.0, mode=nearest)');
    expect(String(new nn.Upsample({ size: [3, 4], mode: 'bilinear' }))).toBe('Upsample(size=(3, 4), mode=bilinear)');
    expect(String(new nn.Upsample({ scale_factor: [2, 1.5], mode: 'bilinear', align_corners: true }))).toBe('Upsample(scale_factor=(2.0, 1.5), mode=bilinear)');
    expect(String(new nn.UpsamplingNearest2d({ scale_factor: 2 }))).toBe('UpsamplingNearest2d(scale_factor=2.0, mode=nearest)');
    expect(String(new nn.UpsamplingBilinear2d(5))).toBe('UpsamplingBilinear2d(size=5, mode=bilinear)');
    expect(String(new nn.PixelShuffle(2))).toBe('PixelShuffle(upscale_factor=2)');
    expect(String(new nn.PixelUnshuffle(3))).toBe('PixelUnshuffle(downscale_factor=3)');
  });

  it("gives PyTorch's errors", () => {
    const x = torch.randn(1, 2, 4, 4);
    const modes = 'nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact';
    expect(() => F.interpolate(x)).toThrow(new RangeError('interpolate(): either size or scale_factor should be defined'));
    expect(() => F.interpolate(x, 3, 2)).toThrow(new RangeError('interpolate(): only one of size or scale_factor should be defined'));
    expect(() => F.interpolate(x, [2])).toThrow(
      new RangeError(
        'interpolate(): Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [4, 4] and output size of [2]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.',
      ),
    );
    expect(() => F.interpolate(x, { scale_factor: [2] })).toThrow(
      new RangeError(
        'interpolate(): Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [4, 4] and scale_factor of shape [2.0]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.',
      ),
    );
    expect(() => F.interpolate(torch.randn(4, 4), 2)).toThrow(new RangeError(`interpolate(): Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: ${modes} (got nearest)`));
    expect(() => F.interpolate(x.select(0, 0), { size: 2, mode: 'bicubic' })).toThrow(new RangeError(`interpolate(): Input Error: Only 3D, 4D and 5D input Tensors supported (got 3D) for the modes: ${modes} (got bicubic)`));
    expect(() => F.interpolate(x.long(), { size: 2, mode: 'bicubic' })).toThrow(new TypeError(`interpolate(): "compute_indices_weights_cubic" not implemented for 'Long'`));
    expect(() => F.interpolate(torch.randn(1, 4, 4), { size: 2, mode: 'bilinear' })).toThrow(new RangeError('interpolate(): Got 3D input, but bilinear mode needs 4D input'));
    expect(() => F.interpolate(x, { size: 2, align_corners: true })).toThrow(
      new RangeError('interpolate(): align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear'),
    );
    expect(() => F.interpolate(x, { scale_factor: 0.1 })).toThrow(
      new RangeError('interpolate(): Input and output sizes should be greater than 0, but got input (H: 4, W: 4) output (H: 0, W: 0)'),
    );
    expect(() => F.interpolate(x.long(), 3)).toThrow(new TypeError(`interpolate(): "compute_indices_weights_nearest" not implemented for 'Long'`));
    expect(() => F.pixel_shuffle(torch.randn(1, 3, 2, 2), 2)).toThrow(
      new RangeError("pixel_shuffle(): pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=3 is not divisible by 4"),
    );
    expect(() => F.pixel_shuffle(torch.randn(3, 2), 2)).toThrow(new RangeError('pixel_shuffle(): pixel_shuffle expects input to have at least 3 dimensions, but got input with 2 dimension(s)'));
    expect(() => F.pixel_unshuffle(torch.randn(1, 3, 3, 2), 2)).toThrow(
      new RangeError('pixel_unshuffle(): pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=3 is not divisible by 2'),
    );
  });
});

describe("F.upsample / upsample_nearest / upsample_bilinear (PyTorch's deprecated names)", () => {
  it('are F.interpolate (bilinear with align_corners) and warn as PyTorch 1.13 does', async () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    const x = torch.randn(1, 2, 3, 4);
    expect(F.upsample(x, { scale_factor: 2, mode: 'bilinear', align_corners: false }).tolist()).toEqual(F.interpolate(x, { scale_factor: 2, mode: 'bilinear', align_corners: false }).tolist());
    expect(F.upsample_nearest(x, [5, 6]).tolist()).toEqual(F.interpolate(x, [5, 6]).tolist());
    expect(F.upsample_bilinear(x, null, 2).tolist()).toEqual(F.interpolate(x, { scale_factor: 2, mode: 'bilinear', align_corners: true }).tolist());
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', listen);
    for (const name of ['upsample', 'upsample_nearest', 'upsample_bilinear']) {
      expect(warnings).toContain(`nn.functional.${name} is deprecated. Use nn.functional.interpolate instead.`);
    }
    expect(() => F.upsample_nearest(x, 2, 2)).toThrow(new RangeError('interpolate(): only one of size or scale_factor should be defined'));
  });
});
