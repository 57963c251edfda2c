// F.ctc_loss and nn.CTCLoss against PyTorch 1.13 on each backend (fixtures: scripts/gen_ctc_fixtures.py): losses
// and PyTorch's gradient of log_probs for padded and concatenated targets, repeated labels, another blank, empty
// targets, impossible alignments (infinite loss) and zero_infinity; zero-length inputs; PyTorch's messages.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

const { nn } = torch;
const F = nn.functional;

interface Case {
  id: string;
  lp_shape: number[];
  lp: number[];
  targets: number[] | number[][];
  input_lengths: number[];
  target_lengths: number[];
  kwargs: Record<string, unknown>;
  y_shape: number[];
  y: (number | string)[];
  r: number[];
  grad: (number | string)[];
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/ctc.json'), 'utf8')) as { cases: Case[] };
const num = (v: number | string) => (typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : v);

// The recursions run in double from float32 log_probs, as PyTorch's float64 reference does from the same values;
// rounding the loss and gradient to float32 once: 1e-6 relative, 1e-7 absolute where a gradient is near 0.
const TOL = { rtol: 1e-6, atol: 1e-7 };

describe.each(BACKENDS)('F.ctc_loss vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const lp = torch.tensor(c.lp).reshape(c.lp_shape).requires_grad_(true);
    const targets = torch.tensor(c.targets, { dtype: 'int64' });
    const unbatched = c.lp_shape.length === 2;
    const y = F.ctc_loss(lp, targets, unbatched ? c.input_lengths[0] : c.input_lengths, unbatched ? c.target_lengths[0] : c.target_lengths, c.kwargs);
    expect(y.shape).toEqual(c.y_shape);
    expectClose(y.data, c.y.map(num), TOL, 'loss');
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    const grad = c.grad.map(num);
    // an infinite loss's gradient is NaN in PyTorch (exp(inf - inf)); compare the finite ones
    expectClose(
      Array.from(lp.grad!.data, (v, i) => (Number.isNaN(grad[i]) ? NaN : v)),
      grad,
      TOL,
      'grad of log_probs',
    );
  });

  it('nn.CTCLoss is the function; tensors as lengths; a CTC model learns a short sequence', () => {
    torch.manual_seed(0);
    const lp = torch.randn(6, 2, 4).log_softmax(2);
    const targets = torch.tensor([[1, 2], [3, 3]], { dtype: 'int64' });
    const loss = new nn.CTCLoss({ reduction: 'sum' });
    expect(loss(lp, targets, [6, 5], [2, 2]).item()).toBe(F.ctc_loss(lp, targets, [6, 5], [2, 2], { reduction: 'sum' }).item());
    const lengths = torch.tensor([6, 5], { dtype: 'int64' });
    expect(loss(lp, targets, lengths, torch.tensor([2, 2], { dtype: 'int64' })).item()).toBe(loss(lp, targets, [6, 5], [2, 2]).item());
    expect(String(new nn.CTCLoss())).toBe('CTCLoss()');
    expect(new nn.CTCLoss(2, 'none', true).blank).toBe(2);
    // logits -> log_softmax -> CTC: the loss of "1 2 2" falls under Adam
    const logits = torch.zeros(8, 1, 3).requires_grad_(true);
    const opt = new torch.optim.Adam([logits], { lr: 0.3 });
    const target = torch.tensor([[1, 2, 2]], { dtype: 'int64' });
    let first = 0;
    let last = 0;
    for (let step = 0; step < 40; step++) {
      const l = F.ctc_loss(logits.log_softmax(2), target, [8], [3]);
      opt.zero_grad();
      l.backward();
      opt.step();
      if (step === 0) first = l.item() as number;
      last = l.item() as number;
    }
    expect(last).toBeLessThan(first / 10);
  });
});

describe('F.ctc_loss edge cases and errors', () => {
  it('a zero-length input aligns only an empty target: loss 0, else infinite (0 with zero_infinity), zero gradient', () => {
    // PyTorch 1.13 reads outside its alpha table here and returns an arbitrary number
    const lp = torch.randn(3, 2, 3).log_softmax(2).requires_grad_(true);
    const tg = torch.tensor([[1], [2]], { dtype: 'int64' });
    const loss = F.ctc_loss(lp, tg, [0, 0], [0, 1], { reduction: 'none' });
    expect(loss.tolist()).toEqual([0, Infinity]);
    expect(F.ctc_loss(lp, tg, [0, 0], [0, 1], { reduction: 'none', zero_infinity: true }).tolist()).toEqual([0, 0]);
    F.ctc_loss(lp, tg, [0, 0], [0, 1], { reduction: 'sum', zero_infinity: true }).backward();
    expect(lp.grad!.abs().sum().item()).toBe(0);
  });


  it("gives PyTorch's messages", () => {
    const lp = torch.randn(5, 2, 4).log_softmax(2);
    const tg = torch.tensor([[1, 2, 3], [2, 2, 1]], { dtype: 'int64' });
    expect(() => F.ctc_loss(lp, tg, [5, 6], [3, 2])).toThrow(
      new RangeError('ctc_loss(): Expected input_lengths to have value at most 5, but got value 6 (while checking arguments for ctc_loss_cpu)'),
    );
    expect(() => F.ctc_loss(lp, tg, [5, 4], [4, 2])).toThrow(
      new RangeError("ctc_loss(): Expected tensor to have size at least 4 at dimension 1, but got size 3 for argument #2 'targets' (while checking arguments for ctc_loss_cpu)"),
    );
    expect(() => F.ctc_loss(lp, tg, [5, 4], [3, 2], { blank: 4 })).toThrow(new RangeError('ctc_loss(): blank must be in label range'));
    expect(() => F.ctc_loss(lp, tg, [5, 4], [3, 2], { reduction: 'foo' as never })).toThrow(RangeError);
    expect(() => F.ctc_loss(lp, tg, [5], [3, 2])).toThrow(new RangeError('ctc_loss(): input_lengths must be of size batch_size'));
    expect(() => F.ctc_loss(lp, tg, [5, 4], [3, -1])).toThrow(new RangeError('ctc_loss(): target_lengths must be non-negative, got [3, -1]'));
    expect(() => F.ctc_loss(lp.long(), tg, [5, 4], [3, 2])).toThrow(new TypeError(`ctc_loss(): "ctc_loss_cpu" not implemented for 'Long'`));
  });
});
