// Fused kernels (issue 5) against the composed ops they replace, on each backend:
// - F.linear / nn.Linear with the bias added by the product's epilogue (one AddmmBackward0 node);
// - nn.Sequential's Linear followed by ReLU / ReLU6 / LeakyReLU / Sigmoid / Tanh as one op (the activation in the
//   same epilogue, its gradient taken from the saved output).
// Tolerance: none. The fused kernels round every element as the composed ops do (the GEMM sum is complete before
// the epilogue adds the bias), so values and all gradients must be the same bits. Sizes cover batch 1 (the GEMM's no-pack path for
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

  });
});

describe.skipIf(!BACKENDS.includes('native'))('raw binding: linear', () => {
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
});
