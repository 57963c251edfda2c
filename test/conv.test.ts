// F.conv2d, conv_transpose2d, unfold, fold, max_pool2d, avg_pool2d (and 1-D and 3-D) and their modules against PyTorch
// 1.13 on each backend: outputs and the gradients of input, weight and bias (fixtures: scripts/gen_conv_fixtures.py), reprs, a small CNN that trains,
// and PyTorch's argument errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, firstMismatch, type Tolerance } from './helpers';
import { seeded } from './property_arbitraries';
import { jsBackend } from '../lib/backend/js';
import { nativeOrNull } from '../lib/backend';
import type { Windows } from '../lib/backend/types';
import type { Binding } from '../binding';
import nodeGypBuild from 'node-gyp-build';

const { nn } = torch;
const F = nn.functional;

interface Case {
  id: string;
  fn: 'conv2d' | 'conv1d' | 'conv_transpose2d' | 'conv_transpose1d' | 'unfold' | 'fold' | 'adaptive_max_pool2d' | 'adaptive_max_pool1d' | 'max_pool2d' | 'max_pool1d' | 'avg_pool2d' | 'avg_pool1d' | 'adaptive_avg_pool2d' | 'adaptive_avg_pool1d' | 'pad' | 'conv3d' | 'conv_transpose3d' | 'max_pool3d' | 'avg_pool3d' | 'adaptive_avg_pool3d' | 'adaptive_max_pool3d';
  kwargs: Record<string, unknown>;
  x_shape: number[];
  x: number[];
  w_shape?: number[];
  w?: number[];
  b?: number[] | null;
  y_shape: number[];
  y: number[];
  r: number[];
  grad_x: number[];
  grad_w?: number[];
  grad_b?: number[] | null;
  indices?: number[];
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/conv.json'), 'utf8')) as { cases: Case[] };

// References are float64 results from the same float32 inputs. A convolution output is a sum of up to 27
// float32 products (weight gradients of up to 84): relative 1e-5 with an absolute floor of 1e-5 for sums that
// cancel. Max pooling selects, so its output is exact; a pixel that is the maximum of overlapping windows gets
// the sum of their gradients (up to 4 terms here): 4 ULP, 1e-7 absolute where they cancel. Average pooling
// divides a sum of up to 9: 2e-6 relative.
// Adaptive average pooling sums up to 12 elements (2e-6 as well); padding copies (exact), its gradient sums up to
// 18 elements (a 3-D replicate corner): 2e-6 too. A transposed convolution
// is a convolution's input gradient (sums of up to 27 products here: 1e-5 as convolutions); unfold copies (exact),
// fold sums up to 9 elements, as does unfold's gradient (2e-6).
// 3-D max pooling adds a pixel's gradients from every window it is the maximum of (up to 27 here), in two passes
// (depth, then plane) whose order differs from PyTorch's: 4 ULP, or 5e-7 absolute where they cancel.
function tolerance(fn: Case['fn'], what: 'output' | 'gradient'): Tolerance {
  if (fn.startsWith('max_pool') || fn.startsWith('adaptive_max')) return what === 'output' ? { ulp: 0 } : { ulp: 4, atol: fn.endsWith('3d') ? 5e-7 : 1e-7 };
  if ((fn === 'pad' || fn === 'unfold') && what === 'output') return { ulp: 0 };
  return fn.startsWith('conv') ? { rtol: 1e-5, atol: 1e-5 } : { rtol: 2e-6, atol: 1e-6 };
}

describe.each(BACKENDS)('convolution and pooling vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const tol = tolerance(c.fn, 'gradient');
    const x = torch.tensor(c.x).reshape(c.x_shape).requires_grad_(true);
    const w = c.w ? torch.tensor(c.w).reshape(c.w_shape!).requires_grad_(true) : null;
    const b = c.b ? torch.tensor(c.b).requires_grad_(true) : null;
    const fn = F[c.fn] as (...args: unknown[]) => torch.Tensor | [torch.Tensor, torch.Tensor];
    const out = w ? fn(x, w, b, c.kwargs) : fn(x, c.kwargs);
    const y = Array.isArray(out) ? out[0] : out;
    expect(y.shape).toEqual(c.y_shape);
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    expectClose(y.data, c.y, tolerance(c.fn, 'output'), 'output');
    expectClose(x.grad!.data, c.grad_x, tol, 'grad of input');
    if (w) expectClose(w.grad!.data, c.grad_w!, tol, 'grad of weight');
    if (b) expectClose(b.grad!.data, c.grad_b!, tol, 'grad of bias');
    if (c.indices) {
      const indices = (out as [torch.Tensor, torch.Tensor])[1];
      expect(indices.dtype).toBe('int64');
      expect(Array.from(indices.data)).toEqual(c.indices);
    }
  });

  it('Dropout2d zeroes whole channels in training, nothing in eval', () => {
    torch.manual_seed(3);
    const drop = new nn.Dropout2d(0.5);
    const y = drop(torch.ones(8, 16, 3, 3)) as torch.Tensor;
    const perChannel = y.sum([2, 3]).tolist() as number[][];
    const values = new Set(perChannel.flat());
    expect(values).toEqual(new Set([0, 18])); // each channel all 0 or all 2 (scaled by 1 / (1 - p))
    const zeroed = perChannel.flat().filter((v) => v === 0).length / 128;
    expect(zeroed).toBeGreaterThan(0.35);
    expect(zeroed).toBeLessThan(0.65);
    drop.eval();
    expect((drop(torch.ones(2, 2, 2)) as torch.Tensor).tolist()).toEqual(torch.ones(2, 2, 2).tolist());
  });

  it('trains a small CNN (Conv2d, ReLU, MaxPool2d, Flatten, Linear): the loss falls', () => {
    torch.manual_seed(0);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(4, 8, 3),
      new nn.ReLU(),
      new nn.AvgPool2d(2),
      new nn.Flatten(),
      new nn.Linear(8, 2),
    );
    // bright top half vs bright bottom half
    const x = torch.rand(16, 1, 8, 8);
    const y = torch.tensor([...Array(16).keys()].map((i) => i % 2), { dtype: 'int64' });
    for (let i = 0; i < 16; i++) x.index(i, 0, i % 2 ? '4:' : ':4').add_(1);
    const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const loss = F.cross_entropy(model(x) as torch.Tensor, y);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      losses.push(loss.item() as number);
    }
    expect(losses[29]).toBeLessThan(losses[0] / 4);
  });
});

// The window kernels under every op above, against their definition written out here: im2col copies, so it must
// be exact; col2im adds each input element's column entries in the order (kernel row, kernel column, output row,
// output column), as both backends do, so it must be exact too. Random geometries include windows wholly over
// padding, strides beyond the kernel and output sizes past the formula's (ceil_mode's extra window).
describe.each(BACKENDS)('im2col / col2im on %s: their definition, bit for bit', (backend) => {
  const B = backend === 'js' ? jsBackend : nativeOrNull()!;
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const geometries: Windows[] = [];
  for (let t = 0; t < 300; t++) {
    const [kh, kw, sh, sw, dh, dw] = [1 + rand(4), 1 + rand(4), 1 + rand(3), 1 + rand(3), 1 + rand(3), 1 + rand(3)];
    const [C, H, W, ph, pw] = [1 + rand(3), 1 + rand(9), 1 + rand(9), rand(5), rand(5)];
    const out = (size: number, k: number, s: number, d: number, p: number) => Math.max(0, Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1) + rand(2);
    geometries.push({ C, H, W, kh, kw, sh, sw, dh, dw, ph, pw, oh: out(H, kh, sh, dh, ph), ow: out(W, kw, sw, dw, pw) });
  }
  // big enough for the native pool's threads (planes split across them)
  geometries.push({ C: 16, H: 30, W: 30, kh: 3, kw: 3, sh: 1, sw: 1, dh: 1, dw: 1, ph: 1, pw: 1, oh: 30, ow: 30 });

  it('301 geometries', () => {
    for (const g of geometries) check(g);
  }, 60_000);


  function check(g: Windows) {
    const N = 2;
    const x = seeded(7, N * g.C * g.H * g.W);
    const K = g.C * g.kh * g.kw, L = g.oh * g.ow;
    const expected = new Float32Array(N * K * L);
    const sums = new Float32Array(x.length);
    const grad = seeded(8, expected.length);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < g.C; c++) {
        for (let i = 0; i < g.kh; i++) {
          for (let j = 0; j < g.kw; j++) {
            for (let y = 0; y < g.oh; y++) {
              for (let xo = 0; xo < g.ow; xo++) {
                const h = y * g.sh - g.ph + i * g.dh, w = xo * g.sw - g.pw + j * g.dw;
                const at = ((n * g.C + c) * g.kh * g.kw + i * g.kw + j) * L + y * g.ow + xo;
                const inside = h >= 0 && h < g.H && w >= 0 && w < g.W;
                const src = ((n * g.C + c) * g.H + h) * g.W + w;
                expected[at] = inside ? x[src] : -7;
                if (inside) sums[src] += grad[at];
              }
            }
          }
        }
      }
    }
    const cols = new Float32Array(expected.length).fill(NaN);
    B.im2col(x, cols, N, g, -7);
    // firstMismatch, not toEqual: vitest's deep equality takes seconds on the large case's 259,200 elements
    expect(firstMismatch(cols, expected, { ulp: 0 }), JSON.stringify(g)).toBe(-1);
    const back = new Float32Array(x.length).fill(NaN); // col2im overwrites it whole
    B.col2im(grad, back, N, g);
    expect(firstMismatch(back, sums, { ulp: 0 }), JSON.stringify(g)).toBe(-1);
  }
});

describe.runIf(BACKENDS.includes('native'))('the im2col / col2im binding', () => {
  it('the binding checks its geometry and lengths', () => {
    const addon = nodeGypBuild(path.join(__dirname, '..')) as Binding;
    const g = [1, 3, 3, 2, 2, 1, 1, 1, 1, 0, 0, 2, 2]; // [C, H, W, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow]
    const x = new Float32Array(9), cols = new Float32Array(16);
    const call = (geometry: number[], xs = x, cs = cols) => () => addon.im2col(xs, cs, 1, geometry, 0);
    expect(call(g)).not.toThrow();
    expect(call(g.map((v, i) => (i === 6 ? 0 : v)))).toThrow(/^im2col: sw must be positive$/);
    expect(call(g.slice(1))).toThrow(/^im2col: geometry must have 13 values/);
    expect(call(g.map((v, i) => (i === 11 ? 2 ** 31 : v)))).toThrow(/^im2col: oh must be below 2\^31/);
    expect(call(g, new Float32Array(8))).toThrow(/^im2col: x has length 8 but N\*C\*H\*W is 9$/);
    expect(call(g, x, new Float32Array(15))).toThrow(/^im2col: cols has length 15 but N\*C\*kh\*kw\*oh\*ow is 16$/);
    expect(() => addon.col2im(cols, new Float32Array(10), 1, g)).toThrow(/^col2im: x has length 10/);
    expect(() => addon.im2col(x, cols, 2 ** 40, [2 ** 30, 2 ** 30, 2 ** 30, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1], 0)).toThrow(/^im2col: sizes overflow$/);
  });
});

describe('convolution and pooling modules: PyTorch reprs, parameters and errors', () => {
  it('prints and initializes like PyTorch', () => {
    expect(String(new nn.Conv2d(1, 32, 3))).toBe('Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))');
    expect(String(new nn.Conv2d(3, 6, [3, 5], { stride: 2, padding: 1, dilation: 2, groups: 3, bias: false }))).toBe(
      'Conv2d(3, 6, kernel_size=(3, 5), stride=(2, 2), padding=(1, 1), dilation=(2, 2), groups=3, bias=False)',
    );
    expect(String(new nn.Conv2d(2, 4, 3, { padding: 'same' }))).toBe('Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1), padding=same)');
    expect(String(new nn.MaxPool2d(2))).toBe('MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(String(new nn.MaxPool2d(3, { stride: 1, padding: 1, ceil_mode: true }))).toBe('MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=1, ceil_mode=True)');
    expect(String(new nn.AvgPool2d(2))).toBe('AvgPool2d(kernel_size=2, stride=2, padding=0)');
    expect(String(new nn.Conv1d(3, 4, 5))).toBe('Conv1d(3, 4, kernel_size=(5,), stride=(1,))');
    expect(String(new nn.Conv1d(3, 6, 3, { stride: 2, padding: 1, dilation: 2, groups: 3, bias: false }))).toBe(
      'Conv1d(3, 6, kernel_size=(3,), stride=(2,), padding=(1,), dilation=(2,), groups=3, bias=False)',
    );
    expect(String(new nn.MaxPool1d(2))).toBe('MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(String(new nn.AvgPool1d(3, 2, 1))).toBe('AvgPool1d(kernel_size=(3,), stride=(2,), padding=(1,))');
    expect(String(new nn.AdaptiveAvgPool2d([1, 1]))).toBe('AdaptiveAvgPool2d(output_size=(1, 1))');
    expect(String(new nn.AdaptiveAvgPool2d(5))).toBe('AdaptiveAvgPool2d(output_size=5)');
    expect(String(new nn.AdaptiveAvgPool2d([null, 3]))).toBe('AdaptiveAvgPool2d(output_size=(None, 3))');
    expect(String(new nn.AdaptiveAvgPool1d(4))).toBe('AdaptiveAvgPool1d(output_size=4)');
    expect(String(new nn.AdaptiveMaxPool2d([2, 3], true))).toBe('AdaptiveMaxPool2d(output_size=(2, 3))');
    expect(String(new nn.AdaptiveMaxPool1d({ output_size: 4 }))).toBe('AdaptiveMaxPool1d(output_size=4)');
    const [pooled, where] = new nn.AdaptiveMaxPool2d(1, true)(torch.tensor([[[1, NaN], [5, 2]]])) as torch.Tensor[];
    expect([pooled.item(), where.item()]).toEqual([NaN, 1]); // NaN wins, as in PyTorch
    expect(String(new nn.Dropout2d(0.3))).toBe('Dropout2d(p=0.3, inplace=False)');
    expect(String(new nn.ZeroPad2d(2))).toBe('ZeroPad2d((2, 2, 2, 2))');
    expect(String(new nn.ConstantPad1d([1, 2], 3.5))).toBe('ConstantPad1d(padding=(1, 2), value=3.5)');
    expect(new nn.Conv1d(2, 8, 3).weight.shape).toEqual([8, 2, 3]);
    const conv = new nn.Conv2d(2, 8, 3);
    expect(conv.weight.shape).toEqual([8, 2, 3, 3]);
    expect(Object.keys(conv.state_dict())).toEqual(['weight', 'bias']);
    // PyTorch's default init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = 2 * 3 * 3
    const bound = 1 / Math.sqrt(18);
    for (const t of [conv.weight, conv.bias!]) {
      expect(t.abs().max().item()).toBeLessThanOrEqual(bound);
      expect(t.abs().max().item()).toBeGreaterThan(bound / 2);
    }
  });

  it("gives PyTorch's errors", () => {
    const x = torch.randn(1, 2, 5, 5);
    expect(() => F.conv2d(x, torch.randn(4, 3, 3, 3))).toThrow(
      new RangeError('conv2d(): Given groups=1, weight of size [4, 3, 3, 3], expected input[1, 2, 5, 5] to have 3 channels, but got 2 channels instead'),
    );
    expect(() => F.conv2d(x, torch.randn(4, 2, 7, 7))).toThrow(
      new RangeError("conv2d(): Calculated padded input size per channel: (5 x 5). Kernel size: (7 x 7). Kernel size can't be greater than actual input size"),
    );
    expect(() => F.conv2d(x, torch.randn(4, 2, 3, 3), { stride: 2, padding: 'same' })).toThrow(new RangeError("conv2d(): padding='same' is not supported for strided convolutions"));
    expect(() => F.conv2d(x, torch.randn(4, 1, 3, 3), { groups: 3 })).toThrow(
      new RangeError('conv2d(): Given groups=3, expected weight to be divisible by 3 at dimension 0, but got weight of size [[4, 1, 3, 3]] instead'),
    );
    expect(() => F.conv2d(torch.randn(5, 5), torch.randn(4, 2, 3, 3))).toThrow(
      new RangeError('conv2d(): Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]'),
    );
    expect(() => F.conv2d(x, torch.randn(4, 2, 3, 3), torch.randn(3))).toThrow(
      new RangeError('conv2d(): Given weight of size [4, 2, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead'),
    );
    expect(() => F.conv2d(x, torch.randn(4, 2, 3, 3), torch.randn(4).double())).toThrow(new TypeError("conv2d(): expected bias to have the input's dtype float32, but got float64"));
    expect(() => F.conv2d(x, torch.randn(4, 2, 3, 3), null, 0)).toThrow(new RangeError('conv2d(): non-positive stride is not supported'));
    expect(() => F.conv2d(x, torch.randn(4, 2, 3, 3), { padding: 'full' as never })).toThrow(new RangeError("conv2d(): Invalid padding string 'full', should be one of ['valid', 'same']"));
    expect(() => F.conv2d(x.long(), torch.randn(4, 2, 3, 3))).toThrow(new TypeError(`conv2d(): "conv2d" not implemented for 'Long'`));
    expect(() => F.max_pool2d(x, 2, { padding: 2 })).toThrow(new RangeError('max_pool2d(): pad should be at most half of kernel size, but got pad=2 and kernel_size=2'));
    expect(() => F.max_pool2d(x, 7)).toThrow(new RangeError('max_pool2d(): Given input size: (2x5x5). Calculated output size: (2x0x0). Output size is too small'));
    expect(() => F.avg_pool2d(x, 2, { padding: 2 })).toThrow(new RangeError('avg_pool2d(): pad should be at most half of kernel size, but got pad=2 and kernel_size=2'));
    expect(() => F.max_pool2d(x, [2, 2, 2] as never)).toThrow(new TypeError("max_pool2d(): argument 'kernel_size' must be an int or a pair of ints, not a list of 3"));
    expect(() => new nn.Conv2d(1, 2)).toThrow(new TypeError("Conv2d.__init__() missing 1 required positional argument: 'kernel_size'"));
    // Python's wording for several (from PyTorch 1.13)
    expect(() => new nn.Conv2d(1)).toThrow(new TypeError("Conv2d.__init__() missing 2 required positional arguments: 'out_channels' and 'kernel_size'"));
    expect(() => new nn.Conv2d()).toThrow(
      new TypeError("Conv2d.__init__() missing 3 required positional arguments: 'in_channels', 'out_channels', and 'kernel_size'"),
    );
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow(new RangeError('Conv2d(): in_channels must be divisible by groups'));
    expect(() => F.conv1d(torch.ones(2, 3, 4, 5), torch.ones(4, 3, 1))).toThrow(
      new RangeError('conv1d(): Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [2, 3, 4, 5]'),
    );
    expect(() => F.conv1d(torch.ones(1, 2, 3), torch.ones(4, 3, 1))).toThrow(
      new RangeError('conv1d(): Given groups=1, weight of size [4, 3, 1], expected input[1, 2, 3] to have 3 channels, but got 2 channels instead'),
    );
    expect(() => F.pad(torch.ones(2, 3), [1])).toThrow(new RangeError('pad(): Padding length must be divisible by 2'));
    expect(() => F.pad(torch.ones(2, 3), [1, 1, 1, 1, 1, 1])).toThrow(new RangeError('pad(): Padding length too large'));
    expect(() => F.pad(torch.ones(2, 3), [1, 1], 'foo')).toThrow(new TypeError('pad(): Unrecognised padding mode foo'));
    expect(() => F.pad(torch.ones(2, 3), [1, 1], 'reflect', 0)).toThrow(new TypeError('pad(): Padding mode "reflect" doesn\'t take in value argument'));
    expect(() => F.pad(torch.ones(3), [1, 1], 'reflect')).toThrow(new RangeError('pad(): Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now'));
    expect(() => F.pad(torch.ones(2, 3, 4, 5), [1, 1], 'replicate')).toThrow(new RangeError('pad(): Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now'));
    expect(() => F.pad(torch.ones(1, 2, 3), [3, 1], 'reflect')).toThrow(
      new RangeError('pad(): Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 1) at dimension 2 of input [1, 2, 3]'),
    );
    expect(() => F.pad(torch.ones(1, 2, 3), [4, 1], 'circular')).toThrow(new RangeError('pad(): Padding value causes wrapping around more than once.'));
    expect(() => F.pad(torch.ones(1, 2, 2), [2, -2], 'circular')).toThrow(new RangeError('pad(): Padding value causes wrapping around more than once.'));
    expect(() => F.pad(torch.ones(2, 3), [1, 1], 'circular')).toThrow(new RangeError('pad(): Invalid padding size, expected 0 but got 2'));
    expect(() => F.pad(torch.ones(2, 3, 4), [-5, 1], 'replicate')).toThrow(new RangeError('pad(): input (W: 4) is too small. Calculated output W: 0'));
    expect(() => F.pad(torch.ones(2, 0, 4), [1, 1, 1, 1], 'replicate')).toThrow(
      new RangeError('pad(): Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [2, 0, 4]'),
    );
    expect(String(new nn.ReflectionPad2d(2))).toBe('ReflectionPad2d((2, 2, 2, 2))');
    expect(String(new nn.ReflectionPad1d([1, 2]))).toBe('ReflectionPad1d((1, 2))');
    expect(String(new nn.ReplicationPad2d([1, 2, 3, 4]))).toBe('ReplicationPad2d((1, 2, 3, 4))');
    expect(String(new nn.ReplicationPad1d(3))).toBe('ReplicationPad1d((3, 3))');
    expect(String(new nn.ReflectionPad3d(1))).toBe('ReflectionPad3d((1, 1, 1, 1, 1, 1))');
    expect(String(new nn.ReplicationPad3d([1, 2, 3, 4, 5, 6]))).toBe('ReplicationPad3d((1, 2, 3, 4, 5, 6))');
    // the modules are F.pad: PyTorch's values for arange(6).reshape(1, 2, 3)
    const row = torch.arange(6).reshape(1, 2, 3).float();
    expect(new nn.ReflectionPad1d([2, 1])(row).tolist()).toEqual([[[2, 1, 0, 1, 2, 1], [5, 4, 3, 4, 5, 4]]]);
    expect(new nn.ReplicationPad1d([2, 1])(row).tolist()).toEqual([[[0, 0, 0, 1, 2, 2], [3, 3, 3, 4, 5, 5]]]);
    expect(F.pad(row, [2, 1], 'circular').tolist()).toEqual([[[1, 2, 0, 1, 2, 0], [4, 5, 3, 4, 5, 3]]]);
    expect(new nn.ReflectionPad2d(2)(torch.randn(1, 3, 3)).shape).toEqual([1, 7, 7]);
    expect(() => new nn.MaxPool2d()).toThrow(new TypeError("MaxPool2d.__init__() missing 1 required positional argument: 'kernel_size'"));
  });

  // reprs and messages as PyTorch 1.13 prints them
  it('3-D modules: reprs, init, state_dict, output_size, errors', () => {
    expect(String(new nn.Conv3d(2, 4, 3))).toBe('Conv3d(2, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1))');
    expect(String(new nn.Conv3d(2, 4, [1, 2, 3], { stride: 2, padding: 1, groups: 2, bias: false }))).toBe(
      'Conv3d(2, 4, kernel_size=(1, 2, 3), stride=(2, 2, 2), padding=(1, 1, 1), groups=2, bias=False)',
    );
    expect(String(new nn.ConvTranspose3d(2, 4, 3, { output_padding: [0, 0, 1], stride: 2 }))).toBe(
      'ConvTranspose3d(2, 4, kernel_size=(3, 3, 3), stride=(2, 2, 2), output_padding=(0, 0, 1))',
    );
    expect(String(new nn.MaxPool3d(2))).toBe('MaxPool3d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(String(new nn.MaxPool3d([1, 2, 3], { padding: 1, ceil_mode: true }))).toBe('MaxPool3d(kernel_size=(1, 2, 3), stride=(1, 2, 3), padding=1, dilation=1, ceil_mode=True)');
    expect(String(new nn.AvgPool3d(2))).toBe('AvgPool3d(kernel_size=2, stride=2, padding=0)');
    expect(String(new nn.AvgPool3d(3, 2, 1, { count_include_pad: false, divisor_override: 5 }))).toBe('AvgPool3d(kernel_size=3, stride=2, padding=1)');
    expect(String(new nn.AdaptiveAvgPool3d([1, null, 2]))).toBe('AdaptiveAvgPool3d(output_size=(1, None, 2))');
    expect(String(new nn.AdaptiveMaxPool3d(2))).toBe('AdaptiveMaxPool3d(output_size=2)');
    expect(String(new nn.ConstantPad3d(1, 2.5))).toBe('ConstantPad3d(padding=(1, 1, 1, 1, 1, 1), value=2.5)');
    const conv = new nn.Conv3d(2, 4, 3);
    expect(conv.weight.shape).toEqual([4, 2, 3, 3, 3]);
    expect(Object.keys(conv.state_dict())).toEqual(['weight', 'bias']);
    const bound = 1 / Math.sqrt(2 * 27); // U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = 2 * 3 * 3 * 3
    for (const t of [conv.weight, conv.bias!]) {
      expect(t.abs().max().item()).toBeLessThanOrEqual(bound);
      expect(t.abs().max().item()).toBeGreaterThan(bound / 2);
    }
    expect(new nn.ConvTranspose3d(6, 4, 3, { groups: 2 }).weight.shape).toEqual([6, 2, 3, 3, 3]);
    // the modules are the functions: same weights, same result
    const x = torch.randn(2, 2, 4, 5, 6);
    expect(conv(x).tolist()).toEqual(F.conv3d(x, conv.weight, conv.bias).tolist());
    const pooled = new nn.MaxPool3d(2, { return_indices: true })(x) as torch.Tensor[];
    expect(pooled.map((t) => t.tolist())).toEqual((F.max_pool3d(x, 2, { return_indices: true }) as torch.Tensor[]).map((t) => t.tolist()));
    expect(new nn.AdaptiveAvgPool3d(1)(x).tolist()).toEqual(F.adaptive_avg_pool3d(x, 1).tolist());
    expect(new nn.ConstantPad3d([1, 0, 0, 2, 1, 1], 2.5)(x).shape).toEqual([2, 2, 6, 7, 7]);
    // output_size picks the output padding, as in PyTorch: (4 - 1) * 2 + 3 = 9 .. 10 and so on
    const up = new nn.ConvTranspose3d(2, 3, 3, { stride: 2 });
    expect(up(x, [10, 11, 14]).shape).toEqual([2, 3, 10, 11, 14]);
    expect(() => up(x, [11, 11, 14])).toThrow(new RangeError('requested an output size of [11, 11, 14], but valid sizes range from [9, 11, 13] to [10, 12, 14] (for an input of torch.Size([4, 5, 6]))'));

    expect(() => F.conv3d(x, torch.randn(1, 3, 1, 1, 1))).toThrow(
      new RangeError('conv3d(): Given groups=1, weight of size [1, 3, 1, 1, 1], expected input[2, 2, 4, 5, 6] to have 3 channels, but got 2 channels instead'),
    );
    expect(() => F.conv3d(x, torch.randn(1, 2, 5, 1, 1))).toThrow(
      new RangeError("conv3d(): Calculated padded input size per channel: (4 x 5 x 6). Kernel size: (5 x 1 x 1). Kernel size can't be greater than actual input size"),
    );
    expect(() => F.conv3d(x, torch.randn(1, 2, 1, 1))).toThrow(
      new RangeError('conv3d(): expected a 5-D weight [out_channels, in_channels / groups, kD, kH, kW], but got weight of size [1, 2, 1, 1]'),
    );
    expect(() => F.conv3d(x, torch.randn(1, 2, 1, 1, 1), { stride: 2, padding: 'same' })).toThrow(new RangeError("conv3d(): padding='same' is not supported for strided convolutions"));
    expect(() => F.conv3d(x, torch.randn(1, 2, 1, 1, 1), { stride: [1, 2] as never })).toThrow(new TypeError("conv3d(): argument 'stride' must be an int or a tuple of three ints, not a list of 2"));
    expect(() => F.conv3d(torch.randn(3, 3, 3), torch.randn(1, 3, 1, 1, 1))).toThrow(
      new RangeError('conv3d(): Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: [3, 3, 3]'),
    );
    expect(() => F.conv_transpose3d(x, torch.randn(2, 1, 3, 3, 3), { output_padding: 1 })).toThrow(
      new RangeError(
        'conv_transpose3d(): output padding must be smaller than either stride or dilation, but got output_padding_depth: 1 output_padding_height: 1 output_padding_width: 1 stride_depth: 1 stride_height: 1 stride_width: 1 dilation_depth: 1 dilation_height: 1 dilation_width: 1',
      ),
    );
    expect(() => F.conv_transpose3d(x, torch.randn(2, 1, 3, 3, 3), { padding: 3 })).toThrow(
      new RangeError('conv_transpose3d(): Given input size per channel: (4 x 5 x 6). Calculated output size per channel: (0 x 1 x 2). Output size is too small'),
    );
    expect(() => F.max_pool3d(x, 5)).toThrow(new RangeError('max_pool3d(): Given input size: (2x4x5x6). Calculated output size: (2x0x1x1). Output size is too small'));
    expect(() => F.max_pool3d(x, 2, { padding: 2 })).toThrow(new RangeError('max_pool3d(): pad should be at most half of kernel size, but got pad=2 and kernel_size=2'));
    expect(() => F.max_pool3d(x, 2, 0)).toThrow(new RangeError('max_pool3d(): stride should not be zero'));
    expect(() => F.max_pool3d(x.long(), 2)).toThrow(new TypeError(`max_pool3d(): "max_pool3d" not implemented for 'Long'`));
    expect(() => F.avg_pool3d(x, 2, { divisor_override: 0 })).toThrow(new RangeError('avg_pool3d(): divisor must be not zero'));
    expect(() => F.adaptive_avg_pool3d(x, [1, 2])).toThrow(new RangeError('adaptive_avg_pool3d: output_size must be 3'));
    expect(() => F.adaptive_max_pool3d(torch.randn(3, 3, 3), 2)).toThrow(new RangeError('adaptive_max_pool3d(): Expected 4D or 5D tensor, but got [3, 3, 3]'));
    expect(() => new nn.Conv3d(4, 4, [1, 2])).toThrow(new TypeError("Conv3d(): argument 'kernel_size' must be an int or a tuple of three ints, not a list of 2"));
  });

  it('BatchNorm3d and InstanceNorm3d normalize over every spatial dim, as the 2-D layers over D*H flattened', () => {
    torch.manual_seed(1);
    const x = torch.randn(3, 2, 4, 3, 5).mul(3).add(1);
    const flat = x.reshape(3, 2, 12, 5);
    const bn3 = new nn.BatchNorm3d(2), bn2 = new nn.BatchNorm2d(2);
    expect(bn3(x).reshape(3, 2, 12, 5).tolist()).toEqual(bn2(flat).tolist());
    expect(bn3.running_mean!.tolist()).toEqual(bn2.running_mean!.tolist());
    expect(bn3.running_var!.tolist()).toEqual(bn2.running_var!.tolist());
    const in3 = new nn.InstanceNorm3d(2, { affine: true }), in2 = new nn.InstanceNorm2d(2, { affine: true });
    expect(in3(x).reshape(3, 2, 12, 5).tolist()).toEqual(in2(flat).tolist());
    expect(in3(x.select(0, 0)).reshape(2, 12, 5).tolist()).toEqual(in2(flat.select(0, 0)).tolist()); // unbatched [C, D, H, W]
    expect(String(bn3)).toBe('BatchNorm3d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    expect(String(new nn.InstanceNorm3d(3))).toBe('InstanceNorm3d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)');
    expect(() => bn3(flat)).toThrow(new RangeError('BatchNorm3d: expected 5D input (got 4D input)'));
    expect(() => in3(torch.randn(2, 3, 3))).toThrow(new RangeError('InstanceNorm3d: expected 4D or 5D input (got 3D input)'));
  });

  it('ConvTranspose1d/2d, Unfold and Fold: reprs, init, output_size, errors', () => {
    expect(String(new nn.ConvTranspose2d(3, 4, 3, { stride: 2, padding: 1, output_padding: 1 }))).toBe(
      'ConvTranspose2d(3, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))',
    );
    expect(String(new nn.ConvTranspose2d(4, 6, [3, 2], { groups: 2, bias: false, dilation: 2 }))).toBe(
      'ConvTranspose2d(4, 6, kernel_size=(3, 2), stride=(1, 1), dilation=(2, 2), groups=2, bias=False)',
    );
    // positional order: ..., output_padding, groups, bias, dilation
    expect(String(new nn.ConvTranspose2d(4, 6, 3, 1, 0, 0, 2, false, 2))).toBe(
      'ConvTranspose2d(4, 6, kernel_size=(3, 3), stride=(1, 1), dilation=(2, 2), groups=2, bias=False)',
    );
    expect(String(new nn.ConvTranspose1d(3, 4, 3))).toBe('ConvTranspose1d(3, 4, kernel_size=(3,), stride=(1,))');
    expect(String(new nn.Unfold({ kernel_size: [2, 3] }))).toBe('Unfold(kernel_size=(2, 3), dilation=1, padding=0, stride=1)');
    expect(String(new nn.Unfold(2, { padding: 1, stride: 2 }))).toBe('Unfold(kernel_size=2, dilation=1, padding=1, stride=2)');
    expect(String(new nn.Fold({ output_size: [4, 5], kernel_size: 2 }))).toBe('Fold(output_size=(4, 5), kernel_size=2, dilation=1, padding=0, stride=1)');
    // weight [in, out / groups, k...]; fan_in for the init is out / groups * kh * kw = 2 * 3 * 3
    const up = new nn.ConvTranspose2d(6, 4, 3, { groups: 2, stride: 2 });
    expect(up.weight.shape).toEqual([6, 2, 3, 3]);
    const bound = 1 / Math.sqrt(18);
    for (const t of [up.weight, up.bias!]) {
      expect(t.abs().max().item()).toBeLessThanOrEqual(bound);
      expect(t.abs().max().item()).toBeGreaterThan(bound / 2);
    }
    // output_size picks the output padding: from [11, 11] (none) to [12, 12] (stride - 1)
    const x = torch.randn(1, 6, 5, 5);
    expect(up(x).shape).toEqual([1, 4, 11, 11]);
    expect(up(x, [12, 11]).shape).toEqual([1, 4, 12, 11]);
    expect(up(x, { output_size: [1, 4, 12, 12] }).shape).toEqual([1, 4, 12, 12]);
    expect(new nn.ConvTranspose1d(3, 4, 3, { stride: 2 })(torch.randn(3, 5), [12]).shape).toEqual([4, 12]);
    expect(() => up(x, [14, 12])).toThrow(
      new RangeError('requested an output size of [14, 12], but valid sizes range from [11, 11] to [12, 12] (for an input of torch.Size([5, 5]))'),
    );
    expect(() => up(x, [7])).toThrow(new RangeError('ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 1)'));
    const w = torch.randn(3, 4, 3, 3);
    expect(() => F.conv_transpose2d(torch.randn(1, 3, 5, 5), w, { output_padding: 1 })).toThrow(
      new RangeError(
        'conv_transpose2d(): output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1',
      ),
    );
    expect(() => F.conv_transpose2d(torch.randn(1, 2, 5, 5), w)).toThrow(
      new RangeError('conv_transpose2d(): Given transposed=1, weight of size [3, 4, 3, 3], expected input[1, 2, 5, 5] to have 3 channels, but got 2 channels instead'),
    );
    expect(() => F.conv_transpose2d(torch.randn(1, 3, 5, 5), w, torch.randn(3))).toThrow(
      new RangeError('conv_transpose2d(): Given transposed=1, weight of size [3, 4, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead'),
    );
    expect(() => F.conv_transpose2d(torch.randn(1, 3, 1, 1), w, { padding: 2 })).toThrow(
      new RangeError('conv_transpose2d(): Given input size per channel: (1 x 1). Calculated output size per channel: (-1 x -1). Output size is too small'),
    );
    expect(() => F.conv_transpose2d(torch.randn(1, 3, 5, 5), w, { padding: 'same' as never })).toThrow(
      new TypeError("conv_transpose2d(): argument 'padding' must be tuple of ints, not str"),
    );
    expect(() => F.unfold(torch.randn(5, 5), 2)).toThrow(
      new RangeError('unfold(): Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [5, 5]'),
    );
    expect(() => F.unfold(torch.randn(1, 1, 5, 5), 7)).toThrow(
      new RangeError(
        'unfold(): Given input with spatial size (5, 5), kernel_size=(7, 7), dilation=(1, 1), padding=(0, 0), calculated shape of the array of sliding blocks as (-1, -1), but its components must be at least one.',
      ),
    );
    expect(() => F.unfold(torch.randn(1, 1, 5, 5), 2, { stride: 0 })).toThrow(new RangeError('unfold(): stride should be greater than zero, but got stride_height: 0 stride_width: 0'));
    expect(() => F.unfold(torch.randn(1, 1, 5, 5), 0)).toThrow(new RangeError('unfold(): kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0'));
    expect(() => F.unfold(torch.randn(1, 1, 5, 5), 2, { padding: -1 })).toThrow(new RangeError('unfold(): padding should be non-negative, but got pad_height: -1 pad_width: -1'));
    expect(() => F.fold(torch.randn(1, 8, 15), [5, 5], 2)).toThrow(
      new RangeError(
        "fold(): Given output_size=(5, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 4 * 4 = 16, but got input.size(2)=15.",
      ),
    );
    expect(() => F.fold(torch.randn(1, 7, 16), [5, 5], 2)).toThrow(
      new RangeError("fold(): Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=7 and kernel_size=(2, 2)."),
    );
    expect(() => F.fold(torch.randn(2, 1, 8, 16), [5, 5], 2)).toThrow(
      new RangeError('fold(): Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [2, 1, 8, 16]'),
    );
    expect(() => F.fold(torch.randn(1, 4, 16), [5, 5, 5] as never, 2)).toThrow(new RangeError('fold(): It is expected output_size equals to 2, but got size 3'));
    expect(() => new nn.Fold(5)).toThrow(new TypeError("Fold.__init__() missing 1 required positional argument: 'kernel_size'"));
  });

  it('fold(unfold(x)) is x times how many windows cover each element; a transposed convolution is the gradient of a convolution', () => {
    const x = torch.randn(2, 3, 6, 7);
    const cover = F.fold(F.unfold(torch.ones_like(x), 3, { padding: 1 }), [6, 7], 3, { padding: 1 });
    expect(cover.flatten().tolist().slice(0, 8)).toEqual([4, 6, 6, 6, 6, 6, 4, 6]);
    expectClose(F.fold(F.unfold(x, 3, { padding: 1 }), [6, 7], 3, { padding: 1 }).data, x.mul(cover).data, { ulp: 2 });
    // conv_transpose2d(g, w) = d/dx sum(conv2d(x, w) * g)
    const input = torch.randn(2, 4, 9, 8).requires_grad_(true);
    const w = torch.randn(6, 2, 3, 3);
    const g = torch.randn(2, 6, 5, 4);
    F.conv2d(input, w, null, 2, 1, 1, 2).mul(g).sum().backward();
    // output_padding [0, 1]: widths 7 and 8 both give the convolution 4 outputs (its floor); this picks 8
    const t = F.conv_transpose2d(g, w, null, 2, 1, [0, 1], 2);
    expect(t.shape).toEqual([2, 4, 9, 8]);
    expectClose(t.data, input.grad!.data, { rtol: 1e-5, atol: 1e-5 });
  });
});
