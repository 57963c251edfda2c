// The ranking, embedding and likelihood losses (margin_ranking, hinge_embedding, soft_margin, cosine_embedding,
// triplet_margin, multilabel_soft_margin, multi_margin, poisson_nll, gaussian_nll) and F.pairwise_distance
// against PyTorch 1.13 on each backend (fixtures: scripts/gen_margin_loss_fixtures.py), their modules, and
// PyTorch's messages.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

const { nn } = torch;
const F = nn.functional;

interface Arg {
  dtype: 'float32' | 'int64';
  shape: number[];
  values: number[];
}
interface Case {
  id: string;
  fn: string;
  kwargs: Record<string, unknown>;
  keyword_tensors: string[];
  args: Arg[];
  out_shape: number[];
  out: number[];
  r: number[];
  grads: (number[] | null)[];
}
const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/margin_losses.json'), 'utf8')) as { cases: Case[] };

// References are float64 results from the same float32 values. Each loss is a few float32 ops per element and a
// mean or sum over at most 20: relative 1e-5 with an absolute floor of 1e-6 where terms cancel.
const TOL = { rtol: 1e-5, atol: 1e-6 };

describe.each(BACKENDS)('ranking, embedding and likelihood losses vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const args = c.args.map((a, i) => {
      const t = torch.tensor(a.values, { dtype: a.dtype }).reshape(a.shape);
      return c.grads[i] ? t.requires_grad_(true) : t;
    });
    const positional = args.slice(0, args.length - c.keyword_tensors.length);
    const keywordTensors = Object.fromEntries(c.keyword_tensors.map((name, i) => [name, args[positional.length + i]]));
    const fn = F[c.fn as keyof typeof F] as (...a: unknown[]) => torch.Tensor;
    const out = fn(...positional, { ...c.kwargs, ...keywordTensors });
    expect(out.shape).toEqual(c.out_shape);
    expectClose(out.data, c.out, TOL, 'output');
    out.mul(torch.tensor(c.r).reshape(out.shape)).sum().backward();
    args.forEach((a, i) => {
      if (c.grads[i]) expectClose(a.grad!.data, c.grads[i]!, TOL, `grad of argument ${i}`);
    });
  });

  it('the modules are the functions, hyperparameters positional or as options', () => {
    const [x1, x2, y] = [torch.randn(5), torch.randn(5), torch.tensor([1, -1, 1, 1, -1])];
    expect(new nn.MarginRankingLoss(0.3)(x1, x2, y).item()).toBe(F.margin_ranking_loss(x1, x2, y, 0.3).item());
    expect(new nn.MarginRankingLoss({ margin: 0.3, reduction: 'sum' })(x1, x2, y).item()).toBe(F.margin_ranking_loss(x1, x2, y, { margin: 0.3, reduction: 'sum' }).item());
    const [a, p, n] = [torch.randn(3, 4), torch.randn(3, 4), torch.randn(3, 4)];
    expect(new nn.TripletMarginLoss({ margin: 2, swap: true })(a, p, n).item()).toBe(F.triplet_margin_loss(a, p, n, { margin: 2, swap: true }).item());
    const w = torch.rand(4);
    const classes = torch.tensor([1, 3, 0]).long();
    const loss = new nn.MultiMarginLoss({ weight: w });
    expect(Object.keys(loss.state_dict())).toEqual(['weight']);
    expect(loss(a, classes).item()).toBe(F.multi_margin_loss(a, classes, { weight: w }).item());
    expect(new nn.PairwiseDistance(1)(a, p).tolist()).toEqual(F.pairwise_distance(a, p, 1).tolist());
    expect(new nn.GaussianNLLLoss({ full: true })(a, p, torch.ones(3, 4)).item()).toBe(F.gaussian_nll_loss(a, p, torch.ones(3, 4), { full: true }).item());
  });
});

describe('ranking, embedding and likelihood losses: PyTorch reprs and errors', () => {
  it('prints and checks like PyTorch', () => {
    expect(String(new nn.MarginRankingLoss(0.5))).toBe('MarginRankingLoss()');
    expect(String(new nn.PoissonNLLLoss())).toBe('PoissonNLLLoss()');
    expect(String(new nn.PairwiseDistance())).toBe('PairwiseDistance()');
    expect(new nn.TripletMarginLoss().margin).toBe(1);
    expect(() => new nn.MarginRankingLoss({ margn: 1 } as never)).toThrow(new TypeError("MarginRankingLoss.__init__() got an unexpected keyword argument 'margn'"));
    expect(() => F.margin_ranking_loss(torch.randn(3), torch.randn(3), torch.randn(3, 1))).toThrow(
      new RangeError('margin_ranking_loss(): All input tensors should have same dimension but got sizes: input1: [3], input2: [3], target: [3, 1] '),
    );
    expect(() => F.multi_margin_loss(torch.randn(3, 4), torch.tensor([0, 1]).long())).toThrow(new RangeError('multi_margin_loss(): inconsistent target size, expected 3 but got [2]'));
    expect(() => F.multi_margin_loss(torch.randn(3, 4), torch.tensor([0, 1, 2]).long(), 3)).toThrow(new RangeError('multi_margin_loss(): only p == 1 and p == 2 supported'));
    expect(() => F.gaussian_nll_loss(torch.randn(3, 4), torch.randn(3, 4), torch.ones(2))).toThrow(new RangeError('gaussian_nll_loss(): var is of incorrect size'));
    expect(() => F.gaussian_nll_loss(torch.randn(3, 4), torch.randn(3, 4), torch.ones(3, 4).neg())).toThrow(new RangeError('gaussian_nll_loss(): var has negative entry/entries'));
    expect(() => F.triplet_margin_loss(torch.randn(3, 4), torch.randn(3, 4), torch.randn(4))).toThrow(
      new RangeError('triplet_margin_loss(): The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive 2D, and negative 1D inputs'),
    );
    expect(() => F.soft_margin_loss(torch.randn(3), torch.randn(3), { reduction: 'avg' as never })).toThrow(new RangeError("soft_margin_loss(): 'avg' is not a valid value for reduction"));
  });
});
