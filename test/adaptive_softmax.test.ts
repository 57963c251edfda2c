// nn.AdaptiveLogSoftmaxWithLoss against PyTorch 1.13 on each backend (fixtures: scripts/gen_adaptive_softmax_fixtures.py):
// forward's output and loss, the gradients of input and every parameter, log_prob and predict; its repr and messages.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

const { nn } = torch;

interface Case {
  id: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  state: Record<string, number[]>;
  x_shape: number[];
  x: number[];
  targets: number[] | number;
  output: number[];
  loss: number;
  r: number[];
  grad_x: number[];
  grads: Record<string, number[] | null>;
  log_prob: number[] | null;
  predict: number[] | null;
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/adaptive_softmax.json'), 'utf8')) as { cases: Case[] };

// float32 linear layers and log_softmax against PyTorch's float64 from the same values: 1e-5 relative, 1e-6 absolute
const TOL = { rtol: 1e-5, atol: 1e-6 };

describe.each(BACKENDS)('nn.AdaptiveLogSoftmaxWithLoss vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const m = new nn.AdaptiveLogSoftmaxWithLoss(...(c.args as number[]), { ...c.kwargs });
    const own = m.state_dict();
    expect(Object.keys(own)).toEqual(Object.keys(c.state));
    m.load_state_dict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, torch.tensor(v).reshape(own[k].shape)])));
    const x = torch.tensor(c.x).reshape(c.x_shape).requires_grad_(true);
    const target = torch.tensor(c.targets, { dtype: 'int64' });
    const { output, loss } = m(x, target);
    expectClose(output.data, c.output, TOL, 'output');
    expectClose(loss.data, [c.loss], TOL, 'loss');
    loss.add(output.mul(torch.tensor(c.r).reshape(output.shape)).sum()).backward();
    expectClose(x.grad!.data, c.grad_x, TOL, 'grad of input');
    for (const [name, p] of m.named_parameters()) {
      if (c.grads[name] === null) expect(p.grad).toBe(null); // a cluster no target fell in: unused, as in PyTorch
      else expectClose(p.grad!.data, c.grads[name]!, TOL, `grad of ${name}`);
    }
    if (c.log_prob) expectClose(m.log_prob(x.detach()).data, c.log_prob, TOL, 'log_prob');
    if (c.predict) expect(m.predict(x.detach()).tolist()).toEqual(c.predict);
  });
});

describe('nn.AdaptiveLogSoftmaxWithLoss: repr, destructuring, errors', () => {
  it('prints, destructures and refuses as PyTorch 1.13', () => {
    const m = new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], { div_value: 2 });
    expect(String(m)).toBe(
      [
        'AdaptiveLogSoftmaxWithLoss(',
        '  (head): Linear(in_features=8, out_features=5, bias=False)',
        '  (tail): ModuleList(',
        '    (0): Sequential(',
        '      (0): Linear(in_features=8, out_features=4, bias=False)',
        '      (1): Linear(in_features=4, out_features=3, bias=False)',
        '    )',
        '    (1): Sequential(',
        '      (0): Linear(in_features=8, out_features=2, bias=False)',
        '      (1): Linear(in_features=2, out_features=4, bias=False)',
        '    )',
        '  )',
        ')',
      ].join('\n'),
    );
    const x = torch.randn(5, 8);
    const [output, loss] = m(x, torch.tensor([0, 4, 9, 2, 6], { dtype: 'int64' }));
    expect(loss.item()).toBeCloseTo(-(output.mean().item() as number), 6);
    expect((m.log_prob(x).exp().sum(1).tolist() as number[]).every((s) => Math.abs(s - 1) < 1e-5)).toBe(true);
    const cutoffs = 'cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1';
    expect(() => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [6, 3])).toThrow(new RangeError(`AdaptiveLogSoftmaxWithLoss(): ${cutoffs}`));
    expect(() => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 10])).toThrow(new RangeError(`AdaptiveLogSoftmaxWithLoss(): ${cutoffs}`));
    expect(() => m(x, torch.tensor([0, 10, 1, 2, 3], { dtype: 'int64' }))).toThrow(
      new RangeError('AdaptiveLogSoftmaxWithLoss(): Target values should be in [0, 9], but values in range [0, 10] were found. '),
    );
    expect(() => m(x, torch.tensor([0, 1, 2, 3], { dtype: 'int64' }))).toThrow(new RangeError('AdaptiveLogSoftmaxWithLoss(): Input and target should have the same size in the batch dimension.'));
    expect(() => m(x.unsqueeze(0), torch.tensor([[0]], { dtype: 'int64' }))).toThrow(new RangeError('AdaptiveLogSoftmaxWithLoss(): 0D or 1D target tensor expected, multi-target not supported'));
  });
});
