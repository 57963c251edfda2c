// torch.distributions: deterministic quantities and gradients against PyTorch 1.13 fixtures
// (scripts/gen_distributions_fixtures.py -> test/fixtures/distributions.json), sampling by its properties, errors, reprs.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import type { Tensor } from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

const D = torch.distributions;
type Num = number | null | 'inf' | '-inf';
type Out = { shape: number[]; values: Num[] };
type Grads = Record<string, Out | null>;
type Nested = number | Nested[];
interface Case {
  dist: string; params: Record<string, Nested>; value: Nested; batch_shape: number[]; event_shape: number[];
  log_prob: Out; entropy: Out; log_prob_grad: Grads; entropy_grad: Grads; mean: Out; variance: Out; stddev: Out;
  cdf?: Out; cdf_grad?: Grads; icdf_at?: number[]; icdf?: Out; probs?: Out; logits?: Out; repr: string;
}
interface KLCase { dist: string; p: Record<string, Nested>; q: Record<string, Nested>; kl: Out; grad?: Grads }
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'distributions.json'), 'utf8')) as { cases: Case[]; kl: KLCase[] };

const num = (v: Num) => (v === null ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const valuesOf = (t: Tensor): number[] => Array.from(t.detach().contiguous().data as ArrayLike<number>, Number);
// float32 math composed from different primitives than PyTorch's kernels: a few ulps of relative error
const TOL = { rtol: 2e-5, atol: 2e-6 };

function check(actual: Tensor, expected: Out, what: string): void {
  expect([...actual.shape], what).toEqual(expected.shape);
  expectClose(valuesOf(actual), expected.values.map(num), TOL, what);
}

type Ctor = new (...args: unknown[]) => torch.distributions.Distribution;
// 'Independent' fixtures are Independent(Normal(loc, scale), 1)
const IndependentNormal = function (params: { loc: Tensor; scale: Tensor }) {
  return new D.Independent(new D.Normal(params), 1);
} as unknown as Ctor;
const ctor = (name: string) => (name === 'Independent' ? IndependentNormal : (D as unknown as Record<string, Ctor>)[name]);

/** A distribution from fixture params (each a fresh leaf requiring grad), with the leaves. */
function build(name: string, params: Record<string, Nested>, prefix = ''): { d: torch.distributions.Distribution; leaves: Record<string, Tensor> } {
  const leaves: Record<string, Tensor> = {};
  const args: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(params)) {
    leaves[prefix + k] = torch.tensor(v as number[]).requires_grad_(true);
    args[k] = leaves[prefix + k];
  }
  return { d: new (ctor(name))(args), leaves };
}

function checkGrads(total: Tensor, leaves: Record<string, Tensor>, expected: Grads, what: string): void {
  for (const t of Object.values(leaves)) t.grad = null;
  total.backward();
  for (const [k, t] of Object.entries(leaves)) {
    const e = expected[k];
    if (e === null) {
      // PyTorch: the parameter is unused; torchlet may pass back zeros instead of nothing
      if (t.grad) expect(valuesOf(t.grad).every((x) => x === 0), `${what}: grad ${k}`).toBe(true);
    } else {
      expect(t.grad, `${what}: grad ${k}`).toBeTruthy();
      check(t.grad!, e, `${what}: grad ${k}`);
    }
  }
}

const valueTensor = (c: Case) => (c.dist === 'Categorical' ? torch.tensor(c.value as number[], { dtype: 'int64' }) : torch.tensor(c.value as number[]));

describe.each(BACKENDS)('distributions vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(fixtures.cases.map((c, i) => [`${i} ${c.repr}`, c] as const))('%s', (_id, c) => {
    const fresh = () => build(c.dist, c.params);
    const { d } = fresh();
    expect(d.batch_shape).toEqual(c.batch_shape);
    expect(d.event_shape).toEqual(c.event_shape);
    check(d.log_prob(valueTensor(c)), c.log_prob, 'log_prob');
    check(d.entropy(), c.entropy, 'entropy');
    check(d.mean, c.mean, 'mean');
    check(d.variance, c.variance, 'variance');
    check(d.stddev, c.stddev, 'stddev');
    let b = fresh();
    checkGrads(b.d.log_prob(valueTensor(c)).sum(), b.leaves, c.log_prob_grad, 'log_prob');
    b = fresh();
    checkGrads(b.d.entropy().sum(), b.leaves, c.entropy_grad, 'entropy');
    const withProbs = d as unknown as { probs: Tensor; logits: Tensor };
    if (c.probs) check(withProbs.probs, c.probs, 'probs');
    if (c.logits) check(withProbs.logits, c.logits, 'logits');
    if (c.cdf) {
      check(d.cdf(valueTensor(c)), c.cdf, 'cdf');
    }
    if (c.cdf_grad) {
      b = fresh();
      checkGrads(b.d.cdf(valueTensor(c)).sum(), b.leaves, c.cdf_grad, 'cdf');
      const q = torch.tensor(c.icdf_at!).reshape(c.icdf!.shape.length ? [...valueTensor(c).shape] : []);
      check(d.icdf(q), c.icdf!, 'icdf');
    }
    const plain = new (ctor(c.dist))(Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, torch.tensor(v as number[])])));
    expect(String(plain)).toBe(c.repr);
  });

  it.each(fixtures.kl.map((c, i) => [`${i} ${c.dist}`, c] as const))('kl_divergence %s', (_id, c) => {
    const p = build(c.dist, c.p);
    const q = build(c.dist, c.q, 'q_');
    const kl = D.kl_divergence(p.d, q.d);
    check(kl, c.kl, 'kl');
    expect(valuesOf(D.kl.kl_divergence(p.d, q.d))).toEqual(valuesOf(kl));
    if (c.grad) checkGrads(kl.sum(), { ...p.leaves, ...q.leaves }, c.grad, 'kl');
  });

  it('samples have shape sample_shape + batch_shape + event_shape', () => {
    torch.manual_seed(0);
    const n = new D.Normal(torch.zeros(2, 3), torch.ones(3));
    expect([...n.sample().shape]).toEqual([2, 3]);
    expect([...n.sample([4, 5]).shape]).toEqual([4, 5, 2, 3]);
    expect([...n.rsample([7]).shape]).toEqual([7, 2, 3]);
    const c = new D.Categorical({ logits: torch.zeros(2, 3, 5) });
    const s = c.sample([4]);
    expect([...s.shape]).toEqual([4, 2, 3]);
    expect(s.dtype).toBe('int64');
    expect(valuesOf(s).every((v) => Number.isInteger(v) && v >= 0 && v < 5)).toBe(true);
    expect([...c.sample([0]).shape]).toEqual([0, 2, 3]);
    const oh = new D.OneHotCategorical(torch.ones(2, 4));
    const ohs = oh.sample([3]);
    expect([...ohs.shape]).toEqual([3, 2, 4]);
    expect(valuesOf(ohs.sum(-1))).toEqual([1, 1, 1, 1, 1, 1]);
    expect([...new D.Bernoulli(torch.full([3], 0.5)).sample([2]).shape]).toEqual([2, 3]);
    expect([...new D.Uniform(0, 1).rsample([6]).shape]).toEqual([6]);
    expect(n.sample().requires_grad).toBe(false);
  });

  it('sample moments match mean and variance over 20000 draws', () => {
    torch.manual_seed(1);
    const N = 20000;
    // mean within 5 standard errors; variance within 5%
    const within = (draws: Tensor, mean: number, variance: number) => {
      const m = valuesOf(draws.mean())[0];
      const v = valuesOf(torch.var(draws))[0];
      expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
      expect(Math.abs(v - variance) / variance).toBeLessThan(0.05);
    };
    within(new D.Normal(1.5, 2).sample([N]), 1.5, 4);
    within(new D.Normal(-1, 0.5).rsample([N]), -1, 0.25);
    within(new D.Uniform(-1, 3).sample([N]), 1, 16 / 12);
    within(new D.Bernoulli(0.3).sample([N]), 0.3, 0.21);
    const freq = torch.bincount(new D.Categorical(torch.tensor([0.1, 0.2, 0.7])).sample([N]), { minlength: 3 });
    expectClose(valuesOf(freq).map((f) => f / N), [0.1, 0.2, 0.7], { atol: 0.015 }, 'categorical frequencies');
  });

  it('sampling is reproducible under torch.manual_seed', () => {
    const draw = () => {
      torch.manual_seed(42);
      return [new D.Normal(0, 1).sample([5]), new D.Categorical({ logits: torch.zeros(4) }).sample([5]), new D.Uniform(0, 1).rsample([5])].map(valuesOf);
    };
    const a = draw();
    expect(draw()).toEqual(a);
    torch.manual_seed(43);
    expect(valuesOf(new D.Normal(0, 1).sample([5]))).not.toEqual(a[0]);
  });

  it('rsample is differentiable: d(loc + scale * eps)/dloc = 1, /dscale = eps', () => {
    const loc = torch.tensor([0.5, -1]).requires_grad_(true);
    const scale = torch.tensor([2, 0.5]).requires_grad_(true);
    const n = new D.Normal(loc, scale);
    torch.manual_seed(3);
    const x = n.rsample([3]);
    x.sum().backward();
    expect(valuesOf(loc.grad!)).toEqual([3, 3]);
    const eps = valuesOf(torch.div(torch.sub(x, loc), scale).sum(0));
    expectClose(valuesOf(scale.grad!), eps, { rtol: 1e-5, atol: 1e-6 }, 'scale grad');
    const low = torch.tensor(1).requires_grad_(true);
    const high = torch.tensor(3).requires_grad_(true);
    const u = new D.Uniform(low, high).rsample([10]);
    u.sum().backward();
    expectClose([valuesOf(low.grad!)[0] + valuesOf(high.grad!)[0]], [10], { rtol: 1e-5 }, 'uniform grads sum to the count');
    // sample() is cut from the graph
    expect(new D.Normal(loc, scale).sample().requires_grad).toBe(false);
  });

  it('expand broadcasts parameters to a new batch_shape', () => {
    const n = new D.Normal(torch.tensor([0, 1]), torch.tensor([1, 2])).expand([3, 2]);
    expect(n).toBeInstanceOf(D.Normal);
    expect(n.batch_shape).toEqual([3, 2]);
    expect(String(n)).toBe('Normal(loc: torch.Size([3, 2]), scale: torch.Size([3, 2]))');
    expect([...n.log_prob(torch.zeros(3, 2)).shape]).toEqual([3, 2]);
    const c = new D.Categorical(torch.tensor([0.2, 0.8])).expand([4]);
    expect(c.batch_shape).toEqual([4]);
    expect([...c.sample([2]).shape]).toEqual([2, 4]);
    const b = new D.Bernoulli({ logits: torch.tensor(0) }).expand([2]);
    expect(valuesOf(b.probs)).toEqual([0.5, 0.5]);
    expect(new D.Uniform(0, 1).expand([5]).batch_shape).toEqual([5]);
  });

  it('expand keeps the class, its flags and validate_args for every distribution, and samples the new shape', () => {
    const made: [InstanceType<typeof D.Distribution>, number[]][] = [
      [new D.Normal(0, torch.tensor([1, 2])), [2]],
      [new D.Laplace(torch.tensor([0, 1]), 2, { validate_args: false }), [2]],
      [new D.Exponential(torch.tensor([1, 3])), [2]],
      [new D.Gamma(torch.tensor([1, 3]), 2), [2]],
      [new D.Uniform(torch.tensor([0, 1]), 2), [2]],
      [new D.Beta(torch.tensor([1, 3]), 2), [2]],
      [new D.Dirichlet(torch.tensor([[1, 2, 3], [1, 1, 1]])), [2]],
      [new D.Bernoulli(torch.tensor([0.2, 0.7])), [2]],
      [new D.Categorical(torch.tensor([[0.2, 0.8], [0.5, 0.5]])), [2]],
      [new D.OneHotCategorical(torch.tensor([[0.2, 0.8], [0.5, 0.5]])), [2]],
      [new D.MultivariateNormal(torch.zeros(2, 3), { covariance_matrix: torch.eye(3) }), [2]],
      [new D.Independent(new D.Normal(torch.zeros(2, 3), 1), 1), [2]],
    ];
    for (const [dist, batch] of made) {
      const e = dist.expand([4, ...batch]);
      const label = dist.constructor.name;
      expect(e.constructor, label).toBe(dist.constructor);
      expect(e.batch_shape, label).toEqual([4, ...batch]);
      expect(e.event_shape, label).toEqual(dist.event_shape);
      expect([e.has_rsample, e.has_enumerate_support, e._validate_args], label).toEqual([dist.has_rsample, dist.has_enumerate_support, dist._validate_args]);
      expect([...e.sample([3]).shape], label).toEqual([3, 4, ...batch, ...dist.event_shape]);
      // each row of the expanded batch is the original distribution
      expectClose(valuesOf(e.mean.select(0, 3)), valuesOf(dist.mean), { rtol: 0 }, `${label} mean`);
    }
    expect(made[1][0]._validate_args).toBe(false);
    expect(made[0][0]._validate_args).toBe(true);
  });

  it('enumerate_support, mode and perplexity match PyTorch', () => {
    const c = new D.Categorical(torch.tensor([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]));
    const support = c.enumerate_support();
    expect([...support.shape]).toEqual([3, 2]);
    expect(valuesOf(support)).toEqual([0, 0, 1, 1, 2, 2]);
    expect([...c.enumerate_support(false).shape]).toEqual([3, 1]);
    expect(valuesOf(c.mode)).toEqual([2, 0]);
    expectClose(valuesOf(c.perplexity()), [2.8001, 2.4546], { atol: 1e-4 }, 'perplexity'); // PyTorch prints 4 decimals
    const b = new D.Bernoulli(torch.tensor([0.3, 0.5, 0.8]));
    expect(valuesOf(b.enumerate_support())).toEqual([0, 0, 0, 1, 1, 1]);
    expect(valuesOf(b.mode)).toEqual([0, NaN, 1]);
    const oh = new D.OneHotCategorical(torch.tensor([0.2, 0.8]));
    expect(valuesOf(oh.enumerate_support())).toEqual([1, 0, 0, 1]);
    expect(valuesOf(oh.mode)).toEqual([0, 1]);
    expect([...new D.Normal(0, 1).sample().shape]).toEqual([]);
    expect(valuesOf(new D.Gamma(torch.tensor([0.5, 3]), 1).mode)).toEqual([0, 2]);
    expectClose(valuesOf(new D.Dirichlet(torch.tensor([2, 3, 1])).mode), [1 / 3, 2 / 3, 0], { rtol: 1e-6 }, 'dirichlet mode');
    expect(valuesOf(new D.Categorical(torch.ones(3)).mean)).toEqual([NaN]);
  });

  it('Distribution.set_default_validate_args turns validation off and on', () => {
    D.Distribution.set_default_validate_args(false);
    try {
      expect(String(new D.Normal(0, -1))).toBe('Normal(loc: 0.0, scale: -1.0)');
    } finally {
      D.Distribution.set_default_validate_args(true);
    }
    expect(() => new D.Normal(0, -1)).toThrow(RangeError);
  });

  it('accepts parameters positionally or as keyword options, as PyTorch does', () => {
    expect(String(new D.Normal({ loc: 0, scale: 1 }))).toBe('Normal(loc: 0.0, scale: 1.0)');
    expect(String(new D.Normal(0, { scale: 1 }))).toBe('Normal(loc: 0.0, scale: 1.0)');
    expect(String(new D.Categorical(torch.tensor([1, 3])))).toBe('Categorical(probs: torch.Size([2]))');
    expect(String(new D.Bernoulli({ logits: 0.5 }))).toBe('Bernoulli(logits: 0.5)');
    expect(() => new D.Normal(0, 1, false, 3 as never)).toThrow(TypeError);
    expect(() => new D.Normal({ loc: 0, sd: 1 } as never)).toThrow("Normal.__init__() got an unexpected keyword argument 'sd'");
    // validate_args false skips the parameter check
    expect(() => new D.Normal(0, -1, { validate_args: false })).not.toThrow();
  });

  it('reprs show a parameter as its value if it has one element, else its size; lazy ones once computed', () => {
    expect(String(new D.Normal(torch.tensor([0]), torch.tensor([1])))).toBe('Normal(loc: tensor([0.]), scale: tensor([1.]))');
    expect(String(new D.Bernoulli(0.3))).toBe('Bernoulli(probs: 0.30000001192092896)');
    expect(String(new D.Uniform(0, 1))).toBe('Uniform(low: 0.0, high: 1.0)');
    const c = new D.Categorical({ logits: torch.zeros(2, 3) });
    expect(String(c)).toBe('Categorical(logits: torch.Size([2, 3]))');
    void c.probs;
    expect(String(c)).toBe('Categorical(probs: torch.Size([2, 3]), logits: torch.Size([2, 3]))');
    expect(String(new D.Normal(0, 1).support)).toBe('Real()');
    expect(String(new D.Categorical(torch.ones(3)).support)).toBe('IntegerInterval(lower_bound=0, upper_bound=2)');
    expect(String(new D.Bernoulli(0.3).support)).toBe('Boolean()');
    expect(String(new D.Uniform(0, 2).support)).toBe('Interval(lower_bound=0.0, upper_bound=2.0)');
    expect(String(D.Normal.prototype.arg_constraints.scale)).toBe('GreaterThan(lower_bound=0.0)');
    expect(String(D.constraints.real_vector)).toBe('IndependentConstraint(Real(), 1)');
  });

  it('raises PyTorch\'s ValueErrors (as RangeError) for invalid parameters and values', () => {
    expect(() => new D.Normal(torch.tensor([0]), torch.tensor([-1]))).toThrow(new RangeError(
      'Expected parameter scale (Tensor of shape (1,)) of distribution Normal(loc: tensor([0.]), scale: tensor([-1.])) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\ntensor([-1.])'));
    expect(() => new D.Normal(0, 1).log_prob(torch.tensor([NaN]))).toThrow(new RangeError(
      'Expected value argument (Tensor of shape (1,)) to be within the support (Real()) of the distribution Normal(loc: 0.0, scale: 1.0), but found invalid values:\ntensor([nan])'));
    expect(() => new D.Uniform(1, 0)).toThrow(new RangeError('Uniform is not defined when low>= high'));
    expect(() => new D.Categorical({ probs: torch.tensor([-1, 2]) })).toThrow(new RangeError(
      'Expected parameter probs (Tensor of shape (2,)) of distribution Categorical(probs: torch.Size([2])) to satisfy the constraint Simplex(), but found invalid values:\ntensor([-1.,  2.])'));
    expect(() => new D.Categorical(torch.tensor([0.5, 0.5])).log_prob(torch.tensor([3], { dtype: 'int64' }))).toThrow(
      'to be within the support (IntegerInterval(lower_bound=0, upper_bound=1)) of the distribution Categorical(probs: torch.Size([2]))');
    expect(() => new D.Bernoulli(0.3).log_prob(torch.tensor(0.5))).toThrow(new RangeError(
      'Expected value argument (Tensor of shape ()) to be within the support (Boolean()) of the distribution Bernoulli(probs: 0.30000001192092896), but found invalid values:\n0.5'));
    expect(() => new D.Bernoulli({ probs: 0.3, logits: 0.2 })).toThrow(new RangeError('Either `probs` or `logits` must be specified, but not both.'));
    expect(() => new D.Categorical()).toThrow(new RangeError('Either `probs` or `logits` must be specified, but not both.'));
    expect(() => new D.Categorical({ probs: torch.tensor(0.5) })).toThrow(new RangeError('`probs` parameter must be at least one-dimensional.'));
    expect(() => new D.Normal(torch.zeros(2), 1).log_prob(torch.zeros(3))).toThrow(RangeError);
    expect(() => new D.Normal(0, 1).sample(3 as never)).toThrow(TypeError);
    expect(() => new D.Bernoulli(0.3).rsample()).toThrow(TypeError);
    expect(() => D.kl_divergence(new D.Normal(0, 1), new D.Bernoulli(0.3))).toThrow(TypeError);
    expect(() => D.register_kl(Object as never, D.Normal)).toThrow(TypeError);
  });

  it('Independent, MultivariateNormal, Exponential and Laplace: shapes, moments, reparameterized gradients', () => {
    torch.manual_seed(5);
    const ind = new D.Independent(new D.Normal(torch.zeros(4, 2, 3), 1), 2);
    expect(ind.batch_shape).toEqual([4]);
    expect(ind.event_shape).toEqual([2, 3]);
    expect([...ind.rsample([5]).shape]).toEqual([5, 4, 2, 3]);
    expect([...ind.log_prob(torch.zeros(2, 3)).shape]).toEqual([4]);
    expect(ind.has_rsample).toBe(true);
    expect(String(ind.support)).toBe('IndependentConstraint(Real(), 2)');
    expect(ind.expand([7, 4]).batch_shape).toEqual([7, 4]);

    const L = torch.tensor([[1.2, 0, 0], [0.3, 0.8, 0], [-0.5, 0.4, 1.1]]);
    const loc = torch.tensor([0.5, -1, 0]);
    const mvn = new D.MultivariateNormal(loc, { scale_tril: L });
    expect(mvn.batch_shape).toEqual([]);
    expect(mvn.event_shape).toEqual([3]);
    const N = 20000;
    const x = mvn.sample([N]);
    expect([...x.shape]).toEqual([N, 3]);
    // sample mean within 0.05 and sample covariance within 0.08 (entries of size ~1.5) of loc and L L^T
    expectClose(valuesOf(x.mean(0)), valuesOf(loc), { atol: 0.05 }, 'mvn mean');
    const centred = torch.sub(x, x.mean(0));
    const cov = torch.div(torch.matmul(centred.t(), centred), N - 1);
    expectClose(valuesOf(cov), valuesOf(mvn.covariance_matrix), { atol: 0.08 }, 'mvn covariance');
    expect([...new D.MultivariateNormal(torch.zeros(4, 3), torch.eye(3)).rsample([2]).shape]).toEqual([2, 4, 3]);
    // covariance_matrix was computed above, so (as in PyTorch) it is stored and shows in the repr
    expect(String(mvn.expand([2]))).toBe('MultivariateNormal(loc: torch.Size([2, 3]), covariance_matrix: torch.Size([2, 3, 3]), scale_tril: torch.Size([2, 3, 3]))');
    const mvnLoc = torch.zeros(3).requires_grad_(true);
    new D.MultivariateNormal(mvnLoc, { covariance_matrix: torch.eye(3) }).rsample([4]).sum().backward();
    expect(valuesOf(mvnLoc.grad!)).toEqual([4, 4, 4]);

    const rate = torch.tensor(2).requires_grad_(true);
    const e = new D.Exponential(rate).rsample([N]);
    expect(Math.abs(valuesOf(e.mean())[0] - 0.5)).toBeLessThan(5 * 0.5 / Math.sqrt(N));
    expect(valuesOf(e).every((v) => v >= 0)).toBe(true);
    e.mean().backward(); // d(E/rate)/drate = -E/rate^2, averaging to -1/rate^2
    expect(Math.abs(valuesOf(rate.grad!)[0] + 0.25)).toBeLessThan(0.02);
    const lap = new D.Laplace(1, 2).sample([N]);
    expect(Math.abs(valuesOf(lap.mean())[0] - 1)).toBeLessThan(5 * Math.sqrt(8 / N));
    expect(Math.abs(valuesOf(torch.var(lap))[0] - 8) / 8).toBeLessThan(0.06);
  });

  it('Gamma, Beta and Dirichlet: sample moments and reparameterized gradients', () => {
    torch.manual_seed(11);
    const N = 20000;
    // Gamma(c, r): mean c / r, variance c / r^2; both a small (< 1, boosted) and a large concentration
    for (const [c, r] of [[0.4, 2], [3.5, 0.5]]) {
      const x = new D.Gamma(c, r).sample([N]);
      expect(valuesOf(x).every((v) => v > 0)).toBe(true);
      expect(Math.abs(valuesOf(x.mean())[0] - c / r)).toBeLessThan(5 * Math.sqrt(c / r / r / N));
      expect(Math.abs(valuesOf(torch.var(x))[0] - c / r / r) / (c / r / r)).toBeLessThan(0.08);
    }
    // d E[x] / d concentration = 1 / rate and d E[x] / d rate = -c / rate^2, estimated from the pathwise gradients
    const conc = torch.tensor(2.5).requires_grad_(true);
    const rate = torch.tensor(2).requires_grad_(true);
    new D.Gamma(conc, rate).rsample([N]).mean().backward();
    expect(Math.abs(valuesOf(conc.grad!)[0] - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(valuesOf(rate.grad!)[0] + 2.5 / 4)).toBeLessThan(0.02);
    const small = torch.tensor(0.3).requires_grad_(true);
    new D.Gamma(small, 1).rsample([N]).mean().backward();
    expect(Math.abs(valuesOf(small.grad!)[0] - 1)).toBeLessThan(0.05);

    const alpha = torch.tensor([1, 2, 5]).requires_grad_(true);
    const dir = new D.Dirichlet(alpha);
    const p = dir.rsample([N]);
    expect([...p.shape]).toEqual([N, 3]);
    expectClose(valuesOf(p.sum(-1)), new Array(N).fill(1), { atol: 1e-5 }, 'simplex');
    expectClose(valuesOf(p.mean(0)), [0.125, 0.25, 0.625], { atol: 0.01 }, 'dirichlet mean');
    // d E[p_2] / d alpha = (e_2 * sum - alpha_2) / sum^2 = [-5, -5, 3] / 64
    p.select(-1, 2).mean().backward();
    expectClose(valuesOf(alpha.grad!), [-5 / 64, -5 / 64, 3 / 64], { atol: 0.01 }, 'dirichlet mean gradient');
    const beta = new D.Beta(2, 3).sample([N]);
    expect(Math.abs(valuesOf(beta.mean())[0] - 0.4)).toBeLessThan(0.01);
    expect([...new D.Beta(torch.ones(2), torch.ones(2)).rsample([4]).shape]).toEqual([4, 2]);
    expect(String(new D.Beta(1, 1))).toBe('Beta()');
    expect(String(new D.Dirichlet(torch.ones(3)))).toBe('Dirichlet(concentration: torch.Size([3]))');
    expect(String(new D.Gamma(1, 2))).toBe('Gamma(concentration: 1.0, rate: 2.0)');
    expect(() => new D.Dirichlet(torch.tensor(1))).toThrow(new RangeError('`concentration` parameter must be at least one-dimensional.'));
    expect(() => new D.Gamma(-1, 1)).toThrow(new RangeError(
      'Expected parameter concentration (Tensor of shape ()) of distribution Gamma(concentration: -1.0, rate: 1.0) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\n-1.0'));
    torch.manual_seed(3);
    const a = valuesOf(new D.Gamma(0.7, 1).sample([5]));
    torch.manual_seed(3);
    expect(valuesOf(new D.Gamma(0.7, 1).sample([5]))).toEqual(a);
  });

  it('xlogy passes log(other) back to input where input is 0, as PyTorch 1.13 (Gamma / Dirichlet log_prob at 1)', () => {
    // x = torch.tensor([0., 0., 1.], requires_grad=True); y = torch.tensor([1.2, 0., 0.], requires_grad=True)
    const x = torch.tensor([0, 0, 1]).requires_grad_(true);
    const y = torch.tensor([1.2, 0, 0]).requires_grad_(true);
    torch.xlogy(x, y).sum().backward();
    expectClose(valuesOf(x.grad!), [0.18232154846191406, 0, -Infinity], { rtol: 1e-6 }, 'x.grad');
    expectClose(valuesOf(y.grad!), [0, NaN, Infinity], { rtol: 1e-6 }, 'y.grad');
  });

  it('MultivariateNormal and Independent errors and reprs match PyTorch', () => {
    expect(() => new D.MultivariateNormal(torch.tensor(0), torch.eye(2))).toThrow(new RangeError('loc must be at least one-dimensional.'));
    expect(() => new D.MultivariateNormal(torch.zeros(2))).toThrow(new RangeError('Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.'));
    expect(() => new D.MultivariateNormal(torch.zeros(2), torch.mul(torch.eye(2), -1))).toThrow(
      'of distribution MultivariateNormal(loc: torch.Size([2]), covariance_matrix: torch.Size([2, 2])) to satisfy the constraint PositiveDefinite()');
    expect(() => new D.MultivariateNormal(torch.zeros(2), { scale_tril: torch.ones(2) })).toThrow(
      new RangeError('scale_tril matrix must be at least two-dimensional, with optional leading batch dimensions'));
    expect(() => new D.MultivariateNormal(torch.zeros(2), torch.ones(2))).toThrow(
      new RangeError('covariance_matrix must be at least two-dimensional, with optional leading batch dimensions'));
    expect(() => new D.Independent(new D.Normal(0, 1), 1)).toThrow(new RangeError('Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual 1 vs 0'));
    expect(() => new D.Exponential(0)).toThrow(new RangeError(
      'Expected parameter rate (Tensor of shape ()) of distribution Exponential(rate: 0.0) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:\n0.0'));
    expect(() => new D.Exponential(1).log_prob(torch.tensor(-1))).toThrow('to be within the support (GreaterThanEq(lower_bound=0.0))');
    expect(String(new D.Laplace(0, 1))).toBe('Laplace(loc: 0.0, scale: 1.0)');
    expect(String(new D.MultivariateNormal(torch.zeros(2), { precision_matrix: torch.eye(2) }))).toBe('MultivariateNormal(loc: torch.Size([2]), precision_matrix: torch.Size([2, 2]))');
    expect(() => D.kl_divergence(new D.MultivariateNormal(torch.zeros(2), torch.eye(2)), new D.MultivariateNormal(torch.zeros(3), torch.eye(3)))).toThrow(
      new RangeError('KL-divergence between two Multivariate Normals with different event shapes cannot be computed'));
  });

  it('register_kl adds a closed form; the most specific registration wins', () => {
    class MyNormal extends D.Normal {}
    const p = new MyNormal(0, 1);
    const q = new D.Normal(1, 1);
    expectClose(valuesOf(D.kl_divergence(p, q)), [0.5], { rtol: 1e-6 }, 'inherited Normal-Normal');
    const fn = D.register_kl(MyNormal, D.Normal)(() => torch.tensor(7));
    expect(typeof fn).toBe('function');
    expect(valuesOf(D.kl_divergence(p, q))).toEqual([7]);
    expectClose(valuesOf(D.kl_divergence(q, q)), [0], { atol: 1e-7 }, 'Normal-Normal unchanged');
  });

  it('a REINFORCE policy (Categorical over a 2-armed bandit) learns the better arm', () => {
    torch.manual_seed(7);
    const logits = torch.zeros(2).requires_grad_(true);
    const opt = new torch.optim.SGD([logits], { lr: 0.1 });
    const payout = [0.2, 0.8]; // arm 1 pays more often
    for (let step = 0; step < 200; step++) {
      const policy = new D.Categorical({ logits });
      const actions = policy.sample([16]);
      const draws = valuesOf(torch.rand(16)); // torch's generator: the run is repeatable
      const rewards = torch.tensor(valuesOf(actions).map((a, i) => (draws[i] < payout[a] ? 1 : 0)));
      const advantage = torch.sub(rewards, rewards.mean());
      const loss = torch.neg(torch.mul(policy.log_prob(actions), advantage)).mean();
      opt.zero_grad();
      loss.backward();
      opt.step();
    }
    const probs = valuesOf(new D.Categorical({ logits }).probs);
    expect(probs[1]).toBeGreaterThan(0.9);
    expect(valuesOf(new D.Categorical({ logits }).entropy())[0]).toBeLessThan(Math.log(2) * 0.6);
  });
});
