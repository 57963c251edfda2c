// The nn activations (issue 4's list plus the seed ones through nn.functional), forward and input gradient,
// against PyTorch on each backend. Fixtures: scripts/gen_nn_fixtures.py.
import { describe, it, beforeAll } from 'vitest';
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
const exact = new Set(['relu', 'relu6', 'leaky_relu', 'threshold', 'hardtanh', 'prelu']);
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
});
