// F.affine_grid and F.grid_sample against PyTorch 1.13 on each backend (fixtures: scripts/gen_grid_sample_fixtures.py):
// every mode x padding x align_corners, points beyond the edges, outputs and the gradients of input, grid and
// theta; a spatial transformer's step; PyTorch's warnings and errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

const F = torch.nn.functional;

interface Case {
  id: string;
  kind: 'grid_sample' | 'affine_grid';
  kwargs: Record<string, unknown>;
  x_shape?: number[];
  x?: number[];
  grid_shape?: number[];
  grid?: number[];
  theta_shape?: number[];
  theta?: number[];
  size?: number[];
  y_shape: number[];
  y: number[];
  r: number[];
  grad_x?: number[];
  grad_grid?: number[];
  grad_theta?: number[];
}
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/grid_sample.json'), 'utf8')) as {
  cases: Case[];
  stn: { theta: number[]; x_shape: number[]; x: number[]; y: number[]; r: number[]; grad_theta: number[] };
};

// References are float64 from the same float32 values; torchlet weighs the taps in float64 and rounds once.
// The weights themselves come from float32 grid points (the unnormalized coordinate is exact to ~1e-7 relative):
// outputs and gradients within 1e-5 relative, 1e-5 absolute where they cancel (bicubic sums 16 taps).
const TOL = { rtol: 1e-5, atol: 1e-5 };

describe.each(BACKENDS)('F.grid_sample and F.affine_grid vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(fixtures.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    if (c.kind === 'affine_grid') {
      const theta = torch.tensor(c.theta!).reshape(c.theta_shape!).requires_grad_(true);
      const y = F.affine_grid(theta, c.size!, c.kwargs);
      expect(y.shape).toEqual(c.y_shape);
      expectClose(y.data, c.y, TOL, 'grid');
      y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
      expectClose(theta.grad!.data, c.grad_theta!, TOL, 'grad of theta');
      return;
    }
    const x = torch.tensor(c.x!).reshape(c.x_shape!).requires_grad_(true);
    const grid = torch.tensor(c.grid!).reshape(c.grid_shape!).requires_grad_(true);
    const y = F.grid_sample(x, grid, c.kwargs);
    expect(y.shape).toEqual(c.y_shape);
    expectClose(y.data, c.y, TOL, 'output');
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    expectClose(x.grad!.data, c.grad_x!, TOL, 'grad of input');
    expectClose(grid.grad!.data, c.grad_grid!, TOL, 'grad of grid');
  });

  it('a spatial transformer step: grid_sample of affine_grid, the gradient reaching theta', () => {
    const s = fixtures.stn;
    const theta = torch.tensor(s.theta).reshape(1, 2, 3).requires_grad_(true);
    const x = torch.tensor(s.x).reshape(s.x_shape);
    const y = F.grid_sample(x, F.affine_grid(theta, [1, 2, 4, 4], { align_corners: false }), { align_corners: false });
    expectClose(y.data, s.y, TOL, 'output');
    y.mul(torch.tensor(s.r).reshape(y.shape)).sum().backward();
    expectClose(theta.grad!.data, s.grad_theta, TOL, 'grad of theta');
  });
});

describe('grid_sample / affine_grid: identity, warnings, errors', () => {
  it('the identity transform reads every pixel back, and omitting align_corners warns as PyTorch does', () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    const x = torch.arange(12).float().reshape(1, 2, 2, 3);
    const grid = F.affine_grid(torch.tensor([[[1, 0, 0], [0, 1, 0]]]), [1, 2, 2, 3]);
    expect(grid.tolist()).toEqual([[[[-2 / 3, -0.5], [0, -0.5], [2 / 3, -0.5]], [[-2 / 3, 0.5], [0, 0.5], [2 / 3, 0.5]]]].map((b) => b.map((r) => r.map((p) => p.map(Math.fround)))));
    expect(F.grid_sample(x, grid).tolist()).toEqual(x.tolist());
    expect(F.grid_sample(x, grid, { mode: 'nearest' }).tolist()).toEqual(x.tolist());
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        process.off('warning', listen);
        expect(warnings).toContain(
          'Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.',
        );
        resolve();
      }),
    );
  });

  it("gives PyTorch's errors", () => {
    const theta = torch.tensor([[[1, 0, 0], [0, 1, 0]]]);
    const x = torch.arange(6).float().reshape(1, 1, 2, 3);
    const g = F.affine_grid(theta, [1, 1, 2, 3], false);
    expect(() => F.affine_grid(theta.select(0, 0), [1, 1, 2, 3], false)).toThrow(
      new RangeError('affine_grid(): Expected a batch of 2D affine matrices of shape Nx2x3 for size [1, 1, 2, 3]. Got [2, 3].'),
    );
    expect(() => F.affine_grid(theta, [1, 1, 2], false)).toThrow(
      new RangeError('affine_grid(): affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size [1, 1, 2].'),
    );
    expect(() => F.affine_grid(theta.long(), [1, 1, 2, 3], false)).toThrow(new TypeError('affine_grid(): Expected theta to have floating point type, but got Long'));
    expect(() => F.affine_grid(theta, [1, 1, 0, 3], false)).toThrow(new RangeError('affine_grid(): Expected non-zero, positive output size. Got [1, 1, 0, 3]'));
    expect(() => F.grid_sample(x, g, { mode: 'foo' as never, align_corners: false })).toThrow(
      new RangeError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: 'foo'"),
    );
    expect(() => F.grid_sample(x, g, { padding_mode: 'foo' as never, align_corners: false })).toThrow(
      new RangeError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: 'foo'"),
    );
    expect(() => F.grid_sample(x, g.narrow(3, 0, 1), { align_corners: false })).toThrow(
      new RangeError('grid_sample(): grid_sampler(): expected grid to have size 2 in last dimension, but got grid with sizes [1, 2, 3, 1]'),
    );
    expect(() => F.grid_sample(x, g.repeat(2, 1, 1, 1), { align_corners: false })).toThrow(
      new RangeError('grid_sample(): grid_sampler(): expected grid and input to have same batch size, but got input with sizes [1, 1, 2, 3] and grid with sizes [2, 2, 3, 2]'),
    );
    expect(() => F.grid_sample(x, g.double(), { align_corners: false })).toThrow(new TypeError('grid_sample(): expected scalar type Float but found Double'));
    expect(() => F.grid_sample(x.long(), g, { align_corners: false })).toThrow(new TypeError(`grid_sample(): "grid_sampler_2d_cpu" not implemented for 'Long'`));
  });
});
