// Fused kernels (issue 5) against the composed ops they replace, on each backend:
// - F.linear / nn.Linear with the bias added by the product's epilogue (one AddmmBackward0 node);
// - nn.Sequential's Linear followed by ReLU / ReLU6 / LeakyReLU / Sigmoid / Tanh as one op (the activation in the
//   same epilogue, its gradient taken from the saved output);
// - F.cross_entropy / nn.CrossEntropyLoss with class indices in one pass (no log_softmax tensor).
// Tolerance: none. The fused kernels round every element as the composed ops do (the GEMM sum is complete before
// the epilogue adds the bias; cross-entropy rebuilds log_softmax from the same max and log-sum-exp), so values and
// all gradients must be the same: the same bits for Linear, the same values for cross-entropy, whose gradient may
// differ from the composed one only in the sign of a zero (see expectSameValues). Sizes cover batch 1 (the GEMM's no-pack path for
// M <= 16), odd sizes (vector and tile tails), and products large enough for the packed, threaded path with
// several K blocks (K = 784 > KC = 256).
import { describe, it, expect, beforeEach } from 'vitest';
import * as path from 'node:path';
import nodeGypBuild from 'node-gyp-build';
import type { Binding } from '../binding';
import * as torch from '../lib/index';
import { BACKENDS, expectSameBits, useBackend } from './helpers';

const F = torch.nn.functional;
const nn = torch.nn;
type T = torch.Tensor;

const bitsOf = (t: T | null): number[] => Array.from(t!.contiguous().data as ArrayLike<number>);

function expectSame(actual: T | null, expected: T | null, what: string): void {
  expect(actual, `${what} missing`).not.toBeNull();
  expect([...actual!.shape], `${what} shape`).toEqual([...expected!.shape]);
  expectSameBits(bitsOf(actual), bitsOf(expected), what);
}

/** The same values (NaN matches NaN), where a zero's sign may differ: cross-entropy's gradient for a class whose
 * probability underflows to 0 is 0 * scale, signed by the scale, where log_softmax's backward gives 0 - (0 * -scale). */
function expectSameValues(actual: T | null, expected: T | null, what: string): void {
  expect(actual, `${what} missing`).not.toBeNull();
  expect([...actual!.shape], `${what} shape`).toEqual([...expected!.shape]);
  const a = bitsOf(actual);
  const e = bitsOf(expected);
  const differs = a.findIndex((v, i) => !(v === e[i] || (Number.isNaN(v) && Number.isNaN(e[i]))));
  if (differs >= 0) throw new Error(`${what}: element ${differs} is ${a[differs]}, expected ${e[differs]} (exact)`);
}

/** [M, K, N]: batch 1 (dot-product path), odd sizes, the MLP's first layer (packed, threaded, 4 K blocks), larger odd. */
const SIZES: [number, number, number][] = [
  [1, 784, 256],
  [7, 33, 17],
  [64, 784, 256],
  [300, 700, 130],
];

/** A Linear, an input that reaches both sides of every activation's kinks, and an upstream gradient. */
function setup(M: number, K: number, N: number, seed: number) {
  torch.manual_seed(seed);
  const lin = new nn.Linear(K, N);
  const x = torch.randn(M, K).mul(8).requires_grad_(true);
  const g = torch.randn(M, N);
  return { lin, x, g };
}

/** Forward and backward of f(x); returns the output and the gradients of x and of lin's parameters. */
function run(f: (x: T) => T, x: T, lin: torch.nn.Linear, g: T) {
  x.grad = null;
  lin.zero_grad();
  const y = f(x);
  y.backward(g);
  return { y, gx: x.grad, gw: lin.weight.grad, gb: lin.bias ? lin.bias.grad : null };
}

function expectSameRun(a: ReturnType<typeof run>, b: ReturnType<typeof run>, what: string): void {
  expectSame(a.y, b.y, `${what}: output`);
  expectSame(a.gx, b.gx, `${what}: input grad`);
  expectSame(a.gw, b.gw, `${what}: weight grad`);
  if (b.gb) expectSame(a.gb, b.gb, `${what}: bias grad`);
}

/** The composed Linear: matmul with the transposed weight, then add. */
const composedLinear = (lin: torch.nn.Linear) => (x: T) => {
  const out = x.matmul(lin.weight.t());
  return lin.bias ? out.add(lin.bias) : out;
};

const ACTIVATIONS: [string, () => torch.nn.Module, (x: T) => T][] = [
  ['ReLU', () => new nn.ReLU(), (x) => F.relu(x)],
  ['ReLU(inplace)', () => new nn.ReLU(true), (x) => F.relu(x)],
  ['ReLU6', () => new nn.ReLU6(), (x) => F.relu6(x)],
  ['ReLU6(inplace)', () => new nn.ReLU6(true), (x) => F.relu6(x)],
  ['LeakyReLU(0.1)', () => new nn.LeakyReLU(0.1), (x) => F.leaky_relu(x, 0.1)],
  ['LeakyReLU(0.3, inplace)', () => new nn.LeakyReLU(0.3, true), (x) => F.leaky_relu(x, 0.3)],
  ['LeakyReLU(0)', () => new nn.LeakyReLU(0), (x) => F.leaky_relu(x, 0)],
  ['Sigmoid', () => new nn.Sigmoid(), (x) => torch.sigmoid(x)],
  ['Tanh', () => new nn.Tanh(), (x) => torch.tanh(x)],
];

describe.each(BACKENDS)('backend %s', (backend) => {
  beforeEach(() => useBackend(backend));

  describe('F.linear with the bias in the product', () => {
    it.each(SIZES)('[%i, %i] x [%i]: output and gradients are matmul + add bit for bit', (M, K, N) => {
      const { lin, x, g } = setup(M, K, N, 1);
      const fused = run((v) => F.linear(v, lin.weight, lin.bias), x, lin, g);
      expect(fused.y.grad_fn?.name).toBe('AddmmBackward0'); // one node: the fused op ran
      expect(fused.y.grad_fn?.inputs[1]).toBe(lin.weight);
      expectSameRun(fused, run(composedLinear(lin), x, lin, g), `linear ${M}x${K}x${N}`);
    });

    it('1-D, batched (3-D), transposed and non-contiguous inputs, and an empty K', () => {
      const { lin } = setup(6, 19, 9, 2);
      const inputs: [string, T, number[]][] = [
        ['1-D', torch.randn(19), [9]],
        ['3-D', torch.randn(2, 3, 19), [2, 3, 9]],
        ['3-D of one batch', torch.randn(1, 6, 19), [1, 6, 9]],
        ['transposed 2-D (read with a flag)', torch.randn(19, 6).t(), [6, 9]],
        ['non-contiguous 3-D (composed path)', torch.randn(2, 19, 3).transpose(1, 2), [2, 3, 9]],
      ];
      for (const [what, input, outShape] of inputs) {
        const x = input.detach().requires_grad_(true);
        const gy = torch.randn(outShape);
        const fused = run((v) => F.linear(v, lin.weight, lin.bias), x, lin, gy);
        expect([...fused.y.shape], what).toEqual(outShape);
        expectSameRun(fused, run(composedLinear(lin), x, lin, gy), what);
      }
      const empty = new nn.Linear(0, 4);
      const x0 = torch.randn(3, 0).requires_grad_(true);
      const g0 = torch.randn(3, 4);
      const out = run((v) => empty(v), x0, empty, g0);
      expectSameRun(out, run(composedLinear(empty), x0, empty, g0), 'K = 0');
      expectSameBits(bitsOf(out.y), bitsOf(empty.bias!.detach().expand(3, 4)), 'K = 0: the bias');
    });

    it('float64 operands and a bias that needs no gradient', () => {
      torch.manual_seed(3);
      const w = torch.randn(5, 7, { dtype: 'float64' }).requires_grad_(true);
      const b = torch.randn(5, { dtype: 'float64' });
      const x = torch.randn(4, 7, { dtype: 'float64' }).requires_grad_(true);
      const gy = torch.randn(4, 5, { dtype: 'float64' });
      const y = F.linear(x, w, b);
      y.backward(gy);
      const [gx, gw] = [x.grad, w.grad];
      x.grad = null;
      w.grad = null;
      const y2 = x.matmul(w.t()).add(b);
      y2.backward(gy);
      expect(y.dtype).toBe('float64');
      expectSame(y, y2, 'output');
      expectSame(gx, x.grad, 'input grad');
      expectSame(gw, w.grad, 'weight grad');
      expect(b.grad).toBeNull();
    });

    it('operands the kernel does not take run composed, with the same results', () => {
      torch.manual_seed(4);
      const x = torch.randn(3, 4);
      const w = torch.randn(2, 4);
      // biases that broadcast but are not [out_features], a float64 bias (promotes), a number
      const full = torch.randn(3, 2);
      expectSame(F.linear(x, w, full), x.matmul(w.t()).add(full), 'full-shape bias');
      expectSame(F.linear(x, w, full.narrow(0, 0, 1)), x.matmul(w.t()).add(full.narrow(0, 0, 1)), '[1, 2] bias');
      expect(F.linear(x, w, torch.ones(2, { dtype: 'float64' })).dtype).toBe('float64');
      expectSame(F.linear(x, w, 2.5 as unknown as T), x.matmul(w.t()).add(2.5), 'number bias');
    });
  });

  describe('nn.Sequential: Linear + activation as one op', () => {
    describe.each(ACTIVATIONS)('%s', (name, make, activation) => {
      it.each(SIZES)('[%i, %i] x [%i]: output and gradients are the composed ops bit for bit', (M, K, N) => {
        const { lin, x, g } = setup(M, K, N, 5);
        const model = new nn.Sequential(lin, make());
        const fused = run((v) => model(v), x, lin, g);
        // the fused node takes the Linear's parameters directly (the composed graph's last node takes the sum)
        expect(fused.y.grad_fn?.inputs[1]).toBe(lin.weight);
        expectSameRun(fused, run((v) => activation(composedLinear(lin)(v)), x, lin, g), `${name} ${M}x${K}x${N}`);
      });

      it('without a bias, and under no_grad', () => {
        const { x, g } = setup(9, 13, 11, 6);
        const lin = new nn.Linear(13, 11, false);
        const model = new nn.Sequential(lin, make());
        expectSameRun(run((v) => model(v), x, lin, g), run((v) => activation(composedLinear(lin)(v)), x, lin, g), name);
        const y = torch.no_grad(() => model(x));
        expect(y.grad_fn).toBeNull();
        expectSame(y, torch.no_grad(() => activation(composedLinear(lin)(x))), `${name} under no_grad`);
      });
    });

    it('the activations are hit on both sides of their kinks (so the comparisons can tell them apart)', () => {
      const { lin, x } = setup(64, 784, 256, 5);
      const z = torch.no_grad(() => lin(x));
      expect(z.lt(0).sum().item()).toBeGreaterThan(0);
      expect(z.gt(6).sum().item()).toBeGreaterThan(0);
      expect(z.gt(0).mul(z.lt(6)).sum().item()).toBeGreaterThan(0);
    });

    it('an MLP training step: loss and every parameter gradient', () => {
      torch.manual_seed(7);
      const model = new nn.Sequential(new nn.Linear(30, 20), new nn.ReLU(), new nn.Linear(20, 15), new nn.Tanh(), new nn.Linear(15, 4));
      const layers = [...model].filter((m): m is torch.nn.Linear => m instanceof nn.Linear);
      const x = torch.randn(16, 30);
      const t = torch.randint(0, 4, [16]);
      const step = (forward: (v: T) => T) => {
        model.zero_grad();
        const loss = F.cross_entropy(forward(x), t);
        loss.backward();
        return [loss, ...layers.flatMap((l) => [l.weight.grad!, l.bias!.grad!])];
      };
      const fused = step((v) => model(v));
      const [l0, l1, l2] = layers;
      const composed = step((v) => composedLinear(l2)(torch.tanh(composedLinear(l1)(F.relu(composedLinear(l0)(v))))));
      fused.forEach((f, i) => expectSame(f, composed[i], `tensor ${i}`));
    });

    it('only exact classes fuse: subclasses and instances with their own forward run as written', () => {
      const { lin, x } = setup(5, 8, 6, 8);
      class Doubled extends nn.ReLU {
        override forward(v: T): T {
          return super.forward(v).mul(2);
        }
      }
      class Plain extends nn.ReLU {}
      const relu = F.relu(composedLinear(lin)(x));
      expectSame(new nn.Sequential(lin, new Doubled())(x), relu.mul(2), 'subclass with its forward');
      const plain = new nn.Sequential(lin, new Plain())(x);
      expect(plain.grad_fn?.inputs[1]).not.toBe(lin.weight); // not fused, same values
      expectSame(plain, relu, 'subclass');
      const negated = new nn.ReLU();
      negated.forward = (v: T) => v.neg();
      expectSame(new nn.Sequential(lin, negated)(x), composedLinear(lin)(x).neg(), 'activation with its own forward');
      const shifted = new nn.Linear(8, 6);
      shifted.forward = (v: T) => composedLinear(lin)(v).add(1);
      expectSame(new nn.Sequential(shifted, new nn.ReLU())(x), F.relu(composedLinear(lin)(x).add(1)), 'Linear with its own forward');
      class MyLinear extends nn.Linear {}
      const sub = new MyLinear(8, 6);
      expect(new nn.Sequential(sub, new nn.ReLU())(x).grad_fn?.inputs[1]).not.toBe(sub.weight);
    });

    it('a negative LeakyReLU slope runs composed (the output does not give the input sign)', () => {
      const { lin, x, g } = setup(7, 33, 17, 9);
      const model = new nn.Sequential(lin, new nn.LeakyReLU(-0.5));
      const y = run((v) => model(v), x, lin, g);
      expect(y.y.grad_fn?.inputs[1]).not.toBe(lin.weight);
      expectSameRun(y, run((v) => F.leaky_relu(composedLinear(lin)(v), -0.5), x, lin, g), 'slope -0.5');
    });

    it('float64 parameters fuse too', () => {
      torch.manual_seed(10);
      const lin = new nn.Linear(6, 5);
      lin.weight = new nn.Parameter(torch.randn(5, 6, { dtype: 'float64' }));
      lin.bias = new nn.Parameter(torch.randn(5, { dtype: 'float64' }));
      const x = torch.randn(4, 6, { dtype: 'float64' }).requires_grad_(true);
      const g = torch.randn(4, 5, { dtype: 'float64' });
      const model = new nn.Sequential(lin, new nn.Sigmoid());
      const fused = run((v) => model(v), x, lin, g);
      expect(fused.y.dtype).toBe('float64');
      expect(fused.y.grad_fn?.inputs[1]).toBe(lin.weight);
      expectSameRun(fused, run((v) => torch.sigmoid(composedLinear(lin)(v)), x, lin, g), 'float64');
    });
  });

  describe('cross_entropy in one pass', () => {
    // [input shape, class dim]: rows of 10 (MNIST), odd and long rows, enough rows to be split over threads, spatial
    // dims (classes strided: inner 6 and 19, vector tails), and a single 1-D sample
    const SHAPES: number[][] = [[64, 10], [7, 33], [3, 1000], [5000, 10], [5, 4, 3, 2], [2, 7, 19], [11]];
    const OPTIONS: [string, (C: number) => Record<string, unknown>][] = [
      ['mean', () => ({})],
      ['sum', () => ({ reduction: 'sum' })],
      ['none', () => ({ reduction: 'none' })],
      ['weighted mean', (C) => ({ weight: torch.rand(C).add(0.1) })],
      ['weighted none', (C) => ({ weight: torch.rand(C), reduction: 'none' })],
      ['ignore_index 2', () => ({ ignore_index: 2 })],
    ];

    function inputs(shape: number[], seed: number, ignoreIndex = -100) {
      torch.manual_seed(seed);
      const C = shape.length === 1 ? shape[0] : shape[1];
      const x = torch.randn(shape).mul(5).requires_grad_(true);
      const t = torch.randint(0, C, shape.length === 1 ? [] : [shape[0], ...shape.slice(2)]);
      if (t.numel() > 3) (t.data as Float64Array)[1] = ignoreIndex; // one ignored position at least
      return { x, t, C, classDim: shape.length === 1 ? 0 : 1 };
    }

    function compare(x: T, t: T, classDim: number, options: Record<string, unknown>, what: string) {
      const reduced = options.reduction !== 'none';
      x.grad = null;
      const loss = F.cross_entropy(x, t, options);
      expect(loss.grad_fn?.name).toBe('NllLossBackward0');
      expect(loss.grad_fn?.inputs[0]).toBe(x); // fused: no log_softmax node in between
      const g = reduced ? torch.tensor(1.75) : torch.randn(loss.shape);
      loss.backward(g);
      const gx = x.grad;
      x.grad = null;
      const composed = F.nll_loss(F.log_softmax(x, classDim), t, options);
      composed.backward(g);
      expectSameValues(loss, composed, `${what}: loss`);
      expectSameValues(gx, x.grad, `${what}: input grad`);
    }

    describe.each(SHAPES.map((s) => [s.join('x'), s] as const))('input %s', (_name, shape) => {
      it.each(OPTIONS)('%s: loss and gradient are log_softmax + nll_loss bit for bit', (what, options) => {
        const { x, t, C, classDim } = inputs(shape, 11, what === 'ignore_index 2' ? 2 : -100);
        compare(x, t, classDim, options(C), what);
      });
    });

    it('special values: huge and infinite logits, a NaN row', () => {
      const x = torch.tensor([
        [1e30, -1e30, 0, 1],
        [-Infinity, 0, 1, 2],
        [Infinity, 0, 1, 2],
        [NaN, 0, 1, 2],
        [88, 89, 90, -104],
        [0, 0, 0, 0],
      ]).requires_grad_(true);
      const t = torch.tensor([0, 0, 1, 2, 3, 1], { dtype: 'int64' });
      for (const options of [{ reduction: 'none' }, { reduction: 'sum' }]) compare(x, t, 1, options, JSON.stringify(options));
      const some = torch.tensor([0, 1, 2, 3, 3, 1], { dtype: 'int64' });
      const y = F.cross_entropy(x.detach(), some, { reduction: 'none' });
      expect(Math.abs(y.tolist()[0] as number)).toBe(0); // 1e30 is the max: its class has probability 1
      expect(y.tolist()[1]).toBeCloseTo(Math.log(Math.exp(0) + Math.exp(1) + Math.exp(2)), 5);
    });

    it('every position ignored: mean is NaN and the gradient is zero', () => {
      const x = torch.randn(3, 4).requires_grad_(true);
      const t = torch.tensor([-100, -100, -100], { dtype: 'int64' });
      const loss = F.cross_entropy(x, t);
      expect(Number.isNaN(loss.item())).toBe(true);
      loss.backward();
      expect(x.grad!.abs().sum().item()).toBe(0);
      compare(x, t, 1, { reduction: 'sum' }, 'all ignored, sum');
    });

    it('nn.CrossEntropyLoss, int32 targets and float64 input take the same path', () => {
      const { x, t } = inputs([9, 6], 12);
      const w = torch.rand(6);
      const module = new nn.CrossEntropyLoss({ weight: w, reduction: 'sum' });
      expectSameValues(module(x, t), F.nll_loss(F.log_softmax(x, 1), t, { weight: w, reduction: 'sum' }), 'module');
      compare(x, t.to('int32'), 1, {}, 'int32 target');
      const x64 = x.detach().double().requires_grad_(true);
      compare(x64, t, 1, { weight: w.double() }, 'float64');
    });

    it('label smoothing and probability targets keep the composed path', () => {
      const { x, t } = inputs([8, 5], 13);
      const smoothed = F.cross_entropy(x, t, { label_smoothing: 0.1 });
      expect(smoothed.grad_fn?.name).toBe('AddBackward0');
      const probs = torch.softmax(torch.randn(8, 5), 1);
      expect(F.cross_entropy(x, probs).grad_fn?.name).not.toBe('NllLossBackward0');
    });
  });

  describe('bad input through the fused paths keeps its messages', () => {
    const thrown = (fn: () => unknown): Error => {
      try {
        fn();
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    };
    const detached = (t: T): T => {
      structuredClone(t._storage.buffer, { transfer: [t._storage.buffer as ArrayBuffer] });
      return t;
    };

    it('Sequential(Linear, ReLU) throws what Linear throws', () => {
      const lin = new nn.Linear(3, 2);
      const model = new nn.Sequential(lin, new nn.ReLU());
      for (const input of [torch.ones(4, 5), torch.tensor(1), [1, 2, 3], detached(torch.ones(2, 3))]) {
        const want = thrown(() => lin(input as T));
        const got = thrown(() => model(input as T));
        expect(got.constructor).toBe(want.constructor);
        expect(got.message).toBe(want.message);
      }
      expect(thrown(() => model(torch.ones(4, 5))).message).toBe(
        'linear(): mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2; input [4, 5], weight [2, 3])',
      );
    });

    it('F.linear: a detached bias, mixed dtypes and a bias of the wrong size', () => {
      const x = torch.ones(2, 3);
      const w = torch.ones(4, 3);
      expect(thrown(() => F.linear(x, w, detached(torch.ones(4)))).message).toMatch(/^add\(\): argument 'other' \(position 2\) of shape \[4\] has lost its data/);
      expect(thrown(() => F.linear(x, torch.ones(4, 3, { dtype: 'float64' }), torch.ones(4))).message).toBe(
        'matmul(): expected both operands to have the same dtype, but got float32 and float64',
      );
      expect(thrown(() => F.linear(x, w, torch.ones(3))).message).toMatch(/^add\(\): The size of tensor a \(4\) must match the size of tensor b \(3\)/);
    });

    it('cross_entropy: targets out of range, wrong weights', () => {
      const x = torch.randn(2, 3);
      const long = (v: number[]) => torch.tensor(v, { dtype: 'int64' });
      expect(thrown(() => F.cross_entropy(x, long([0, 3]))).message).toBe('cross_entropy(): Target 3 is out of bounds.');
      expect(thrown(() => F.cross_entropy(x, long([-1, 0]))).message).toBe('cross_entropy(): Target -1 is out of bounds.');
      expect(thrown(() => F.cross_entropy(x, long([0, 1]), { weight: torch.ones(2) })).message).toMatch(
        /^cross_entropy\(\): weight tensor should be defined either for all 3 classes/,
      );
    });
  });
});

describe.skipIf(!BACKENDS.includes('native'))('raw binding: linear and cross_entropy', () => {
  const addon = nodeGypBuild(path.join(__dirname, '..')) as Binding;
  const f32 = (xs: number[]) => Float32Array.from(xs);
  const reluOp = addon.unary_ops.indexOf('relu');

  it('linear: [2, 3] x [3, 2]^T + bias, relu', () => {
    const a = f32([1, 2, 3, -1, -2, -3]);
    const w = f32([1, 0, 1, 0, 1, 0]); // rows of W: [1, 0, 1] and [0, 1, 0]
    const out = new Float32Array(4);
    addon.linear(a, w, f32([0.5, -10]), out, 2, 3, 2, false, true, reluOp, 0, 0);
    expect([...out]).toEqual([4.5, 0, 0, 0]);
    addon.linear(a, w, null, out, 2, 3, 2, false, true, -1, 0, 0);
    expect([...out]).toEqual([4, 2, -4, -2]);
    // out aliasing an input is computed through a temporary
    const sq = f32([1, 2, 3, 4]);
    addon.linear(sq, f32([0, 1, 1, 0]), null, sq, 2, 2, 2, false, true, -1, 0, 0);
    expect([...sq]).toEqual([2, 1, 4, 3]);
  });

  it('linear: bad arguments are TypeError / RangeError naming the function', () => {
    const a = new Float32Array(6);
    const out = new Float32Array(4);
    const call = (over: Record<number, unknown>) => () => {
      const args: unknown[] = [a, a, null, out, 2, 3, 2, false, true, -1, 0, 0];
      for (const [i, v] of Object.entries(over)) args[Number(i)] = v;
      return (addon.linear as (...x: unknown[]) => void)(...args);
    };
    expect(call({})).not.toThrow();
    expect(call({ 9: 99 })).toThrow(RangeError);
    expect(call({ 9: -2 })).toThrow(/^linear: op -2 is out of range/);
    expect(call({ 9: 0.5 })).toThrow(RangeError);
    expect(call({ 2: new Float32Array(3) })).toThrow(/^linear: bias has length 3 but N is 2$/);
    expect(call({ 0: new Float32Array(5) })).toThrow(/^linear: a has length 5 but the matrix reaches index 5$/);
    expect(call({ 3: new Float32Array(5) })).toThrow(/^linear: out has length 5 but M\*N is 4$/);
    expect(call({ 2: new Float64Array(2) })).toThrow(TypeError);
    expect(call({ 7: 1 })).toThrow(TypeError);
    expect(call({ 4: 2 ** 40, 6: 2 ** 40 })).toThrow(/^linear: sizes overflow$/);
  });

  it('cross_entropy: losses and stats, then the gradient', () => {
    const x = f32([0, Math.log(3), 5, 5]); // two rows of 2 classes
    const stats = new Float64Array(4);
    const losses = new Float64Array(2);
    addon.cross_entropy(x, Float64Array.from([1, -1]), Float64Array.from([2, 0]), 2, 2, 1, stats, losses);
    expect(losses[0]).toBeCloseTo(-2 * Math.log(0.75), 6);
    expect(losses[1]).toBe(0);
    expect(stats[0]).toBe(Math.fround(Math.log(3)));
    const out = new Float32Array(4);
    addon.cross_entropy_backward(x, Float64Array.from([1, -1]), Float64Array.from([1, 0]), stats, out, 2, 2, 1);
    expect(out[0]).toBeCloseTo(0.25, 6);
    expect(out[1]).toBeCloseTo(-0.25, 6);
    expect([out[2], out[3]]).toEqual([0, 0]);
  });

  it('cross_entropy: bad classes and lengths are RangeErrors', () => {
    const x = new Float32Array(6);
    const d = (xs: number[]) => Float64Array.from(xs);
    const forward = (classes: Float64Array, stats = new Float64Array(4)) => () =>
      addon.cross_entropy(x, classes, d([1, 1]), 2, 3, 1, stats, new Float64Array(2));
    expect(forward(d([0, 2]))).not.toThrow();
    expect(forward(d([0, 3]))).toThrow(/^cross_entropy: classes\[1\] = 3\.0+ is neither -1 \(ignored\) nor a class in \[0, 3\)$/);
    expect(forward(d([0.5, 1]))).toThrow(RangeError);
    expect(forward(d([-2, 1]))).toThrow(RangeError);
    expect(forward(d([NaN, 1]))).toThrow(RangeError);
    expect(forward(d([0, 1]), new Float64Array(3))).toThrow(/^cross_entropy: stats has length 3 but 2\*outer\*inner is 4$/);
    const backward = (classes: Float64Array) => () =>
      addon.cross_entropy_backward(x, classes, d([1, 1]), new Float64Array(4), new Float32Array(6), 2, 3, 1);
    expect(backward(d([0, -1]))).not.toThrow();
    expect(backward(d([0, 7]))).toThrow(RangeError);
    expect(() => addon.cross_entropy_backward(x, d([0, 1]), d([1]), new Float64Array(4), new Float32Array(6), 2, 3, 1)).toThrow(
      /^cross_entropy_backward: scale has length 1/,
    );
  });
});
