// F.fractional_max_pool2d / 3d and their modules against PyTorch 1.13 on each backend, with PyTorch's random samples
// given so the windows are its own (fixtures: scripts/gen_fractional_pool_fixtures.py): values, indices, gradients;
// the modules' sampling, reprs and messages.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

const { nn } = torch;
const F = nn.functional;

interface Case {
  id: string;
  fn: 'fractional_max_pool2d' | 'fractional_max_pool3d';
  x_shape: number[];
  x: number[];
  samples: number[];
  samples_shape: number[];
  kwargs: Record<string, unknown>;
  y_shape: number[];
  y: number[];
  indices: number[];
  r: number[];
  grad: number[];
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/fractional_pool.json'), 'utf8')) as { cases: Case[] };

describe.each(BACKENDS)('fractional max pooling vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // a selection: values and indices exact; a pixel's gradient sums the windows it is the maximum of (overlapping
  // windows: up to 4 here), float32 like PyTorch's own: 2 ULP, 1e-6 absolute where they cancel
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const x = torch.tensor(c.x).reshape(c.x_shape).requires_grad_(true);
    const samples = torch.tensor(c.samples).reshape(c.samples_shape);
    const [y, indices] = F[c.fn](x, { ...c.kwargs, _random_samples: samples, return_indices: true }) as [torch.Tensor, torch.Tensor];
    expect(y.shape).toEqual(c.y_shape);
    expectClose(y.data, c.y, { ulp: 0 }, 'output');
    expect(indices.dtype).toBe('int64');
    expect(Array.from(indices.data)).toEqual(c.indices);
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    expectClose(x.grad!.data, c.grad, { ulp: 2, atol: 1e-6 }, 'gradient');
  });
});

describe('fractional max pooling modules', () => {
  it('draw their samples from torch.manual_seed, print and refuse as PyTorch 1.13', () => {
    const x = torch.randn(2, 3, 9, 9);
    torch.manual_seed(4);
    const a = new nn.FractionalMaxPool2d(2, { output_size: 5 })(x) as torch.Tensor;
    torch.manual_seed(4);
    const b = new nn.FractionalMaxPool2d(2, { output_ratio: 0.6 })(x) as torch.Tensor;
    expect(a.shape).toEqual([2, 3, 5, 5]);
    expect(b.tolist()).toEqual(a.tolist()); // floor(9 * 0.6) = 5, the same samples
    torch.manual_seed(4);
    const samples = torch.rand(2, 3, 2);
    expect((F.fractional_max_pool2d(x, 2, 5, null, false, samples) as torch.Tensor).tolist()).toEqual(a.tolist());
    const [values, indices] = new nn.FractionalMaxPool3d(2, { output_ratio: 0.5, return_indices: true })(torch.randn(1, 1, 4, 6, 8)) as torch.Tensor[];
    expect([values.shape, indices.shape]).toEqual([[1, 1, 2, 3, 4], [1, 1, 2, 3, 4]]);
    expect(String(new nn.FractionalMaxPool2d(3, { output_size: 5 }))).toBe('FractionalMaxPool2d()');
    expect(() => F.fractional_max_pool2d(x, 2)).toThrow(new RangeError('fractional_max_pool2d requires specifying either an output_size or an output_ratio'));
    expect(() => F.fractional_max_pool2d(x, 5, { output_size: [6, 6] })).toThrow(new RangeError('fractional_max_pool2d(): pool height 5 too large relative to input height 9'));
    expect(() => new nn.FractionalMaxPool2d(2, { output_ratio: 1.5 })).toThrow(new RangeError('output_ratio must be between 0 and 1 (got 1.5)'));
    expect(() => new nn.FractionalMaxPool2d(2)).toThrow(new RangeError('FractionalMaxPool2d requires specifying either an output size, or a pooling ratio'));
    expect(() => F.fractional_max_pool2d(x, 2, { output_size: 3, _random_samples: torch.rand(1, 3, 2) })).toThrow(
      new RangeError('fractional_max_pool2d(): _random_samples must be of shape [2, 3, 2], got [1, 3, 2]'),
    );
  });
});
