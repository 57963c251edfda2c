// The nn activations (issue 4's list plus the seed ones through nn.functional), forward and input gradient,
// against PyTorch on each backend. Fixtures: scripts/gen_nn_fixtures.py.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';

interface Case {
  id: string;
  call: (string | number | Record<string, unknown>)[];
  shape?: number[];
  x: number[];
  y: number[];
  grad: number[];
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/nn_activations.json'), 'utf8')) as { cases: Case[] };

const fromBits = (bits: number[]) => new Float32Array(new Uint32Array(bits).buffer);

// Exact ops compare bit-for-bit (up to 1 ULP where PyTorch divides and we multiply or vice versa);
// ops composed from several primitives (tinygrad-style) accumulate a few roundings: relative 1e-5.
const exact = new Set(['relu', 'relu6', 'leaky_relu', 'threshold', 'hardtanh', 'prelu', 'hardshrink', 'hardshrink_lambd', 'softshrink', 'softshrink_lambd']);
function tolerance(name: string): Tolerance {
  if (exact.has(name)) return { ulp: 0 };
  if (name === 'hardsigmoid' || name === 'hardswish' || name === 'softsign') return { ulp: 2 };
  return { ulp: 4, atol: 1e-6, rtol: 1e-5 };
}

function resolve(fnPath: string): (...args: unknown[]) => torch.Tensor {
  const [ns, name] = fnPath.split('.');
  const owner = (ns === 'F' ? torch.nn.functional : torch) as unknown as Record<string, (...args: unknown[]) => torch.Tensor>;
  return owner[name];
}

describe.each(BACKENDS)('nn activations vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const [fnPath, ...rest] = c.call;
    const args = rest.map((a) => (a === 'weight0.25' ? torch.tensor([0.25]) : a));
    const x = torch.tensor(fromBits(c.x)).reshape(c.shape ?? [c.x.length]).requires_grad_();
    const y = resolve(fnPath as string)(x, ...args);
    y.mul(torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward();
    const tol = tolerance(id.split('/')[0]);
    expectClose(Array.from(y.data), Array.from(fromBits(c.y)), tol, `${id} forward`);
    expectClose(Array.from(x.grad!.data), Array.from(fromBits(c.grad)), tol, `${id} grad`);
  });

  // PyTorch 1.13's float64 values: the backward kernels round to float32 only into float32 gradients (rounding
  // them to float32 was 3e-8 off; 1e-10 leaves room for 1 - y^2 cancelling near |y| = 1 on a 1-ULP different y)
  it('float64 sigmoid and tanh gradients keep double precision', () => {
    const x = torch.tensor([0.3, -2, 5], { dtype: 'float64' }).requires_grad_(true);
    torch.tanh(x).sum().backward();
    expectClose(x.grad!.data, [0.9151369618266292, 0.07065082485316443, 0.00018158323094385266], { rtol: 1e-10 }, 'tanh grad');
    x.grad = null;
    torch.sigmoid(x).sum().backward();
    expectClose(x.grad!.data, [0.24445831169074586, 0.1049935854035065, 0.006648056670790033], { rtol: 1e-10 }, 'sigmoid grad');
    // the fused Linear + activation path too
    const linear = new torch.nn.Linear(1, 1, { bias: false });
    const fused = new torch.nn.Sequential(linear, new torch.nn.Tanh()).double();
    torch.no_grad(() => linear.weight.fill_(1));
    (fused(x.detach().reshape(3, 1)) as torch.Tensor).sum().backward();
    expectClose(linear.weight.grad!.data, [0.3 * 0.9151369618266292 - 2 * 0.07065082485316443 + 5 * 0.00018158323094385266], { rtol: 1e-10 }, 'fused grad');
  });
});

// reprs and messages as PyTorch 1.13 prints them
describe('Hardshrink, Softshrink, GLU, Softmax2d, RReLU: modules, reprs, errors', () => {
  const { nn } = torch;
  const F = nn.functional;
  it('prints like PyTorch and the modules are the functions', () => {
    expect(String(new nn.Hardshrink())).toBe('Hardshrink(0.5)');
    expect(String(new nn.Softshrink(0.3))).toBe('Softshrink(0.3)');
    expect(String(new nn.GLU())).toBe('GLU(dim=-1)');
    expect(String(new nn.Softmax2d())).toBe('Softmax2d()');
    expect(String(new nn.RReLU())).toBe('RReLU(lower=0.125, upper=0.3333333333333333)');
    expect(String(new nn.RReLU(0.1, 0.3, true))).toBe('RReLU(lower=0.1, upper=0.3, inplace=True)');
    const x = torch.randn(2, 4, 3, 3);
    expect(new nn.Softmax2d()(x).sum(1).sub(1).abs().max().item()).toBeLessThan(1e-6);
    expect(new nn.GLU(1)(x).shape).toEqual([2, 2, 3, 3]);
    expect(new nn.Hardshrink(1)(x).tolist()).toEqual(F.hardshrink(x, 1).tolist());
  });

  it('RReLU draws slopes in [lower, upper] while training and uses their mean in eval', () => {
    torch.manual_seed(0);
    const m = new nn.RReLU(0.1, 0.3);
    const x = torch.full([1000], -1);
    const slopes = (m(x) as torch.Tensor).neg().tolist() as number[];
    expect(Math.min(...slopes)).toBeGreaterThanOrEqual(Math.fround(0.1));
    expect(Math.max(...slopes)).toBeLessThanOrEqual(Math.fround(0.3));
    expect(new Set(slopes).size).toBeGreaterThan(900);
    expect((m.eval()(x) as torch.Tensor).tolist()).toEqual(Array(1000).fill(Math.fround(-0.2)));
  });

  it("gives PyTorch's errors", () => {
    expect(() => F.glu(torch.randn(2, 5), 1)).toThrow(new RangeError('glu(): Halving dimension must be even, but dimension 1 is size 5'));
    expect(() => F.glu(torch.tensor(1))).toThrow(new RangeError('glu(): glu does not support scalars because halving size must be even'));
    expect(() => F.softshrink(torch.randn(3), -1)).toThrow(new RangeError('softshrink(): lambda must be greater or equal to 0, but found to be -1.'));
    expect(() => new nn.Softmax2d()(torch.randn(2, 3))).toThrow(new RangeError('Softmax2d: Softmax2d requires a 3D or 4D tensor as input'));
  });
});
