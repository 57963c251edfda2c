// torch.nn.init's orthogonal_, trunc_normal_, eye_, dirac_, sparse_ and the deprecated aliases, and torch.nn.utils'
// parameters_to_vector, vector_to_parameters, clip_grad_norm, skip_init, weight_norm and spectral_norm, on each
// backend. Deterministic values are PyTorch 1.13's (test/fixtures/init_utils.json from
// scripts/gen_init_utils_fixtures.py); random initializers (another generator than PyTorch's) are tested by the
// properties that define them.
import { describe, it, expect, beforeAll, beforeEach, afterEach, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';
import { Tensor } from '../lib/index';
import { resetWarnings } from '../lib/utils/warnings';
import { BACKENDS, expectClose, expectSameBits, useBackend } from './helpers';

const { nn } = torch;
const { init, utils } = nn;

interface Values {
  shape: number[];
  values: number[];
}
type ModuleName = 'linear' | 'conv1d' | 'conv2d' | 'conv_transpose2d';
interface ReparamCase {
  name: string;
  module: ModuleName;
  kwargs: Record<string, number | null>;
  params: Record<string, Values>;
  x: Values;
  grad_out: Values;
  keys: string[];
  grads: Record<string, Values>;
  removed: Values;
}
interface WeightNormCase extends ReparamCase {
  weight_g: Values;
  weight_v: Values;
  weight: Values;
  out: Values;
}
interface SpectralState {
  u: Values;
  v: Values;
  weight: Values;
  out: Values;
}
interface SpectralNormCase extends ReparamCase {
  u0: Values;
  v0: Values;
  steps: SpectralState[];
  eval: SpectralState;
}
interface Fixtures {
  eye: Values[];
  dirac: (Values & { groups: number })[];
  trunc_normal: { mean: number; std: number; a: number; b: number; expected_mean: number; expected_std: number }[];
  weight_norm: WeightNormCase[];
  spectral_norm: SpectralNormCase[];
}
const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'init_utils.json'), 'utf8'));

/** Forward values and gradients against PyTorch's float32 run (other summation orders in norms and products). */
const TOL = { rtol: 1e-5, atol: 1e-6 };

const fromValues = (v: Values) => torch.tensor(v.values).reshape(v.shape);
const values = (t: Tensor) => Array.from(t.contiguous().data);
const f64 = (...shape: number[]) => torch.empty(shape, { dtype: 'float64' });

/** A^T B for row-major matrices A [m, n] and B [m, p], in double: [n, p]. */
function gram(a: Tensor, b: Tensor): number[][] {
  return (a.double().t().matmul(b.double()).tolist() as number[][]);
}

/** The largest |M - c I| entry of a square matrix. */
function offIdentity(m: number[][], c = 1): number {
  return Math.max(...m.flatMap((row, i) => row.map((x, j) => Math.abs(x - (i === j ? c : 0)))));
}

function makeModule(name: ModuleName): InstanceType<typeof nn.Module> {
  switch (name) {
    case 'linear':
      return new nn.Linear(4, 3);
    case 'conv1d':
      return new nn.Conv1d(2, 3, 3);
    case 'conv2d':
      return new nn.Conv2d(2, 3, 2);
    case 'conv_transpose2d':
      return new nn.ConvTranspose2d(3, 2, 2);
  }
}

/** The fixture's module with PyTorch's parameter values. */
function moduleOf(c: ReparamCase): InstanceType<typeof nn.Module> {
  const m = makeModule(c.module);
  const params = new Map(m.named_parameters());
  torch.no_grad(() => {
    for (const [name, v] of Object.entries(c.params)) params.get(name)!.copy_(fromValues(v));
  });
  return m;
}

describe.each(BACKENDS)('nn.init on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  beforeEach(() => resetWarnings()); // warnings show once per process
  afterEach(() => vi.restoreAllMocks());

  it('eye_ and dirac_ give PyTorch values', () => {
    for (const c of fixtures.eye) expectSameBits(values(init.eye_(torch.empty(c.shape))), c.values, `eye_ ${c.shape}`);
    for (const c of fixtures.dirac) expectSameBits(values(init.dirac_(torch.full(c.shape, 7), c.groups)), c.values, `dirac_ ${c.shape} groups=${c.groups}`);
    expect(init.dirac_(torch.empty(6, 4, 3, 3), { groups: 2 }).sum().item()).toBe(6);
    expect(init.eye_(torch.empty([2, 3], { dtype: 'int64' })).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it('eye_ and dirac_ refuse the shapes PyTorch refuses', () => {
    expect(() => init.eye_(torch.empty(3))).toThrow(new RangeError('Only tensors with 2 dimensions are supported'));
    expect(() => init.eye_(torch.empty(2, 2, 2))).toThrow('Only tensors with 2 dimensions are supported');
    expect(() => init.eye_([1, 2] as never)).toThrow("eye_(): argument 'tensor' (position 1) must be Tensor, not list");
    expect(() => init.dirac_(torch.empty(2, 3))).toThrow(new RangeError('Only tensors with 3, 4, or 5 dimensions are supported'));
    expect(() => init.dirac_(torch.empty(2, 3, 3, 3, 3, 3))).toThrow('Only tensors with 3, 4, or 5 dimensions are supported');
    expect(() => init.dirac_(torch.empty(4, 3, 3), 3)).toThrow(new RangeError('dim 0 must be divisible by groups'));
    expect(() => init.dirac_(torch.empty(4, 3, 3), 0)).toThrow('integer modulo by zero');
    expect(() => init.dirac_(torch.empty(4, 3, 3), 2.5)).toThrow(TypeError);
    expect(() => init.dirac_(torch.empty(4, 3, 3), { group: 2 } as never)).toThrow("dirac_() got an unexpected keyword argument 'group'");
  });

  it('orthogonal_ gives an orthogonal matrix (trailing dims flattened), scaled by gain', () => {
    torch.manual_seed(1);
    for (const shape of [[5, 3], [3, 5], [4, 4], [6, 2, 3], [2, 3, 4], [1, 7], [7, 1]]) {
      for (const dtype of ['float32', 'float64'] as const) {
        const w = init.orthogonal_(torch.empty(shape, { dtype }));
        expect(w.shape).toEqual(shape);
        const rows = shape[0];
        const m = w.reshape(rows, -1);
        // the tall side has orthonormal columns: Q^T Q = I (for a wide matrix, Q Q^T = I)
        const err = offIdentity(rows >= m.shape[1] ? gram(m, m) : gram(m.t(), m.t()));
        expect(err, `${shape} ${dtype}`).toBeLessThan(dtype === 'float32' ? 1e-5 : 1e-12);
      }
    }
    const scaled = init.orthogonal_(f64(4, 6), 2.5);
    expect(offIdentity(gram(scaled.t(), scaled.t()), 2.5 * 2.5)).toBeLessThan(1e-12);
    expect(offIdentity(gram(init.orthogonal_(f64(6, 4), { gain: 0.5 }), init.orthogonal_(f64(6, 4), { gain: 0.5 })), 0.25)).toBeGreaterThan(1e-3); // two draws differ
  });

  it("orthogonal_ is PyTorch's Q: the QR of its normal draws with R's diagonal made positive", () => {
    // PyTorch: A = normal(rows, cols); Q R = qr(A) (of A^T when rows < cols); Q *= sign(diag(R)). That Q is the
    // unique one with A = Q R, Q^T Q = I and R upper triangular with a positive diagonal: check Q^T A is such an R.
    for (const [rows, cols] of [[6, 4], [5, 5], [3, 7], [2, 3]]) {
      torch.manual_seed(42);
      const a = torch.randn([rows, cols], { dtype: 'float64' });
      torch.manual_seed(42);
      const q = init.orthogonal_(f64(rows, cols));
      // tall: Q^T A = R; wide: A^T = Q^T R, so Q A^T = R
      const r = rows >= cols ? gram(q, a) : gram(q.t(), a.t());
      const n = r.length;
      for (let i = 0; i < n; i++) {
        expect(r[i][i], `R[${i}][${i}] of ${rows}x${cols}`).toBeGreaterThan(0);
        for (let j = 0; j < i; j++) expect(Math.abs(r[i][j]), `R[${i}][${j}] of ${rows}x${cols}`).toBeLessThan(1e-12);
      }
    }
  });

  it('orthogonal_ refuses fewer than 2 dimensions and leaves an empty tensor alone', () => {
    expect(() => init.orthogonal_(torch.empty(3))).toThrow(new RangeError('Only tensors with 2 or more dimensions are supported'));
    expect(init.orthogonal_(torch.empty(0, 3)).shape).toEqual([0, 3]);
    expect(() => init.orthogonal_(torch.empty(2, 2), '2' as never)).toThrow("orthogonal_(): argument 'gain' must be float, not str");
  });

  it('trunc_normal_ stays in [a, b] with the truncated normal mean and std', () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {}); // a = 3, b = 4 is far from the mean
    torch.manual_seed(3);
    const n = 100000;
    for (const c of fixtures.trunc_normal) {
      const t = init.trunc_normal_(f64(n), c.mean, c.std, c.a, c.b);
      expect(t.min().item()).toBeGreaterThanOrEqual(c.a);
      expect(t.max().item()).toBeLessThanOrEqual(c.b);
      // 6 standard errors of the sample mean and std
      const se = c.expected_std / Math.sqrt(n);
      expect(Math.abs((t.mean().item() as number) - c.expected_mean), `mean of ${JSON.stringify(c)}`).toBeLessThan(6 * se);
      expect(Math.abs((t.std().item() as number) - c.expected_std), `std of ${JSON.stringify(c)}`).toBeLessThan(6 * se);
    }
    const unbounded = init.trunc_normal_(f64(n), { a: -Infinity, b: Infinity });
    expect(Math.abs((unbounded.std().item() as number) - 1)).toBeLessThan(6 / Math.sqrt(n));
    const narrow = init.trunc_normal_(torch.empty(1000), { a: -0.1, b: 0.1 });
    expect(narrow.abs().max().item()).toBeLessThanOrEqual(Math.fround(0.1));
    expect(init.trunc_normal_(torch.empty(100), { a: 0.5, b: 0.5 }).eq(0.5).all().item()).toBe(true);
  });

  it("trunc_normal_ warns like PyTorch for a mean far from [a, b], and refuses PyTorch's bad bounds", () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    init.trunc_normal_(torch.empty(10), 0, 1, -2, 2);
    expect(warn).not.toHaveBeenCalled();
    init.trunc_normal_(torch.empty(10), 5);
    init.trunc_normal_(torch.empty(10), 5);
    expect(warn.mock.calls).toEqual([['mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.', 'UserWarning']]);
    expect(() => init.trunc_normal_(torch.empty(3), { a: 1, b: -1 })).toThrow(new RangeError('uniform_ expects to return a [from, to) range, but found from=0.682689 > to=-0.682689'));
    expect(() => init.trunc_normal_(torch.empty(3), 0, 0)).toThrow('float division by zero');
    expect(() => init.trunc_normal_(torch.empty(3), { sd: 1 } as never)).toThrow("trunc_normal_() got an unexpected keyword argument 'sd'");
  });

  it('sparse_ zeroes ceil(sparsity * rows) entries of every column, as PyTorch computes it', () => {
    torch.manual_seed(5);
    const zerosPerColumn = (t: Tensor) => (t.eq(0).sum(0).tolist() as number[]);
    // 0.07 * 100 is 7.000000000000001 in double: PyTorch's ceil makes it 8
    for (const [rows, cols, sparsity, zeros] of [[10, 7, 0.25, 3], [100, 3, 0.07, 8], [8, 5, 0, 0], [8, 3, 2, 8], [8, 3, -0.25, 6], [1, 4, 0.5, 1]]) {
      expect(zerosPerColumn(init.sparse_(torch.empty(rows, cols), sparsity)), `${rows}x${cols} sparsity ${sparsity}`).toEqual(Array(cols).fill(zeros));
    }
    const big = init.sparse_(f64(300, 200), { sparsity: 0.1, std: 2 });
    const kept = values(big).filter((x) => x !== 0);
    expect(kept.length).toBe(270 * 200);
    const rms = Math.sqrt(kept.reduce((sum, x) => sum + x * x, 0) / kept.length);
    expect(Math.abs(rms - 2)).toBeLessThan(0.03); // 5 standard errors (2 / sqrt(2 * 54000) each)
    expect(init.sparse_(torch.empty(3, 3), 0.5).abs().max().item()).toBeLessThan(0.1); // std 0.01 by default
  });

  it('sparse_ refuses what PyTorch refuses', () => {
    expect(() => init.sparse_(torch.empty(3), 0.1)).toThrow(new RangeError('Only tensors with 2 dimensions are supported'));
    expect(() => init.sparse_(torch.empty(3, 3, 3), 0.1)).toThrow('Only tensors with 2 dimensions are supported');
    expect(() => (init.sparse_ as (t: Tensor) => Tensor)(torch.empty(3, 3))).toThrow(new TypeError("sparse_() missing 1 required positional argument: 'sparsity'"));
    expect(() => init.sparse_(torch.empty(3, 3), NaN)).toThrow('cannot convert float NaN to integer');
  });

  it('random initializers repeat under manual_seed', () => {
    const draw = () => [
      init.orthogonal_(torch.empty(4, 3)),
      init.trunc_normal_(torch.empty(5)),
      init.sparse_(torch.empty(4, 3), 0.5),
    ].flatMap(values);
    torch.manual_seed(11);
    const first = draw();
    torch.manual_seed(11);
    expect(draw()).toEqual(first);
    expect(draw()).not.toEqual(first);
  });

  it("initializes a Parameter that requires grad without recording autograd", () => {
    const inits: [string, (t: Tensor) => Tensor][] = [
      ['orthogonal_', (t) => init.orthogonal_(t)],
      ['trunc_normal_', (t) => init.trunc_normal_(t)],
      ['eye_', (t) => init.eye_(t)],
      ['sparse_', (t) => init.sparse_(t, 0.5)],
      ['dirac_', (t) => init.dirac_(t)],
    ];
    for (const [name, fn] of inits) {
      const target = new nn.Parameter(torch.zeros(name === 'dirac_' ? [3, 2, 1] : [3, 2]));
      expect(fn(target), name).toBe(target);
      expect(target.requires_grad, name).toBe(true);
      expect(target.grad_fn, name).toBeNull();
      expect(target.is_leaf, name).toBe(true);
    }
  });

  it('the deprecated aliases warn once, in PyTorch words, and call the underscore versions', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const cases: [string, (t: Tensor) => Tensor, (t: Tensor) => Tensor, number[]][] = [
      ['uniform', (t) => init.uniform(t, -1, 1), (t) => init.uniform_(t, -1, 1), [3, 4]],
      ['normal', (t) => init.normal(t, { std: 2 }), (t) => init.normal_(t, { std: 2 }), [3, 4]],
      ['constant', (t) => init.constant(t, 0.5), (t) => init.constant_(t, 0.5), [3, 4]],
      ['eye', (t) => init.eye(t), (t) => init.eye_(t), [3, 4]],
      ['dirac', (t) => init.dirac(t, 2), (t) => init.dirac_(t, 2), [4, 2, 3]],
      ['xavier_uniform', (t) => init.xavier_uniform(t, 2), (t) => init.xavier_uniform_(t, 2), [3, 4]],
      ['xavier_normal', (t) => init.xavier_normal(t), (t) => init.xavier_normal_(t), [3, 4]],
      ['kaiming_uniform', (t) => init.kaiming_uniform(t, { mode: 'fan_out' }), (t) => init.kaiming_uniform_(t, { mode: 'fan_out' }), [3, 4]],
      ['kaiming_normal', (t) => init.kaiming_normal(t, 0, 'fan_in', 'relu'), (t) => init.kaiming_normal_(t, 0, 'fan_in', 'relu'), [3, 4]],
      ['orthogonal', (t) => init.orthogonal(t, 3), (t) => init.orthogonal_(t, 3), [3, 4]],
      ['sparse', (t) => init.sparse(t, 0.5), (t) => init.sparse_(t, 0.5), [4, 3]],
    ];
    for (const [name, alias, underscore, shape] of cases) {
      expect((init as unknown as Record<string, { name: string }>)[name].name).toBe(name);
      torch.manual_seed(9);
      const a = alias(torch.empty(shape));
      torch.manual_seed(9);
      expect(values(a), name).toEqual(values(underscore(torch.empty(shape))));
      alias(torch.empty(shape));
      expect(warn.mock.calls.filter(([m]) => m === `nn.init.${name} is now deprecated in favor of nn.init.${name}_.`), name).toEqual([
        [`nn.init.${name} is now deprecated in favor of nn.init.${name}_.`, 'UserWarning'],
      ]);
    }
    expect(warn).toHaveBeenCalledTimes(cases.length);
    expect(() => init.eye(torch.empty(3))).toThrow('Only tensors with 2 dimensions are supported');
  });
});

describe.each(BACKENDS)('nn.utils on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  beforeEach(() => resetWarnings());
  afterEach(() => vi.restoreAllMocks());

  it('parameters_to_vector concatenates the flattened parameters, in the autograd graph', () => {
    const model = new nn.Linear(3, 2);
    torch.no_grad(() => {
      model.weight.copy_(torch.tensor([[1, 2, 3], [4, 5, 6]]));
      model.bias!.copy_(torch.tensor([7, 8]));
    });
    const vec = utils.parameters_to_vector(model.parameters());
    expect(vec.tolist()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    vec.mul(torch.arange(8, { dtype: 'float32' })).sum().backward();
    expect(model.weight.grad!.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(model.bias!.grad!.tolist()).toEqual([6, 7]);
    expect(utils.parameters_to_vector([torch.ones(2), torch.ones([1, 2], { dtype: 'float64' })]).dtype).toBe('float64');
  });

  it('parameters_to_vector refuses what PyTorch refuses', () => {
    expect(() => utils.parameters_to_vector([])).toThrow('expected a non-empty list of Tensors');
    expect(() => utils.parameters_to_vector([torch.ones(2, 3).t()])).toThrow("view size is not compatible with input tensor's size and stride");
    expect(() => utils.parameters_to_vector([torch.ones(2), 1] as never)).toThrow(new TypeError("parameters_to_vector(): 'parameters' must hold Tensors, not int"));
    expect(() => utils.parameters_to_vector(3 as never)).toThrow(TypeError);
  });

  it("vector_to_parameters points the parameters at vec's slices, as PyTorch's param.data =", () => {
    const model = new nn.Linear(3, 2);
    const [weight, bias] = [model.weight, model.bias!];
    weight.grad = torch.ones(2, 3);
    const vec = torch.arange(10, { dtype: 'float64' }); // longer than the 8 parameters: the rest is unused
    utils.vector_to_parameters(vec, model.parameters());
    expect(model.weight).toBe(weight);
    expect(weight.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(bias.tolist()).toEqual([6, 7]);
    expect(weight.dtype).toBe('float64'); // vec's, as in PyTorch
    expect(weight.requires_grad).toBe(true);
    expect(weight.grad!.tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
    // shared memory, as PyTorch's
    vec.mul_(2);
    expect(bias.tolist()).toEqual([12, 14]);
    expect(model(torch.ones([1, 3], { dtype: 'float64' })).tolist()).toEqual([[0 + 2 + 4 + 12, 6 + 8 + 10 + 14]]);
    // the round trip
    expect(utils.parameters_to_vector(model.parameters()).tolist()).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
  });

  it('vector_to_parameters refuses what PyTorch refuses', () => {
    const p = new nn.Parameter(torch.zeros(2, 3));
    expect(() => utils.vector_to_parameters([1, 2] as never, [p])).toThrow(new TypeError('expected torch.Tensor, but got: list'));
    expect(() => utils.vector_to_parameters(3 as never, [p])).toThrow('expected torch.Tensor, but got: int');
    expect(() => utils.vector_to_parameters(torch.arange(4, { dtype: 'float32' }), [p])).toThrow("shape '[2, 3]' is invalid for input of size 4");
    expect(p.tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  it('clip_grad_norm is clip_grad_norm_ with its deprecation warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const grads = () => {
      const p = new nn.Parameter(torch.zeros(2));
      p.grad = torch.tensor([3, 4]);
      return p;
    };
    const [a, b] = [grads(), grads()];
    expect(utils.clip_grad_norm([a], 1).item()).toBe(utils.clip_grad_norm_([b], 1).item());
    expect(values(a.grad!)).toEqual(values(b.grad!));
    const [c, d] = [grads(), grads()];
    expect(utils.clip_grad_norm(c, { max_norm: 2, norm_type: 'inf' }).item()).toBe(4);
    utils.clip_grad_norm_(d, { max_norm: 2, norm_type: 'inf' });
    expect(values(c.grad!)).toEqual(values(d.grad!));
    expect(c.grad!.sub(torch.tensor([1.5, 2])).abs().max().item()).toBeLessThan(1e-6);
    expect(warn.mock.calls).toEqual([['torch.nn.utils.clip_grad_norm is now deprecated in favor of torch.nn.utils.clip_grad_norm_.', 'UserWarning']]);
    expect(() => (utils.clip_grad_norm as (...args: unknown[]) => Tensor)([a], 1, 2, false, null)).toThrow('clip_grad_norm() takes 4 positional arguments but 5 were given');
    expect(() => utils.clip_grad_norm([a], { max_norm: 1, foreach: true } as never)).toThrow("clip_grad_norm() got an unexpected keyword argument 'foreach'");
  });

  it('skip_init builds the module with zero-filled parameters and buffers, drawing no random numbers', () => {
    torch.manual_seed(0);
    const expected = torch.rand(4).tolist();
    torch.manual_seed(0);
    const m = utils.skip_init(nn.Linear, 5, 2);
    expect(torch.rand(4).tolist()).toEqual(expected);
    expect(m).toBeInstanceOf(nn.Linear);
    expect(String(m)).toBe('Linear(in_features=5, out_features=2, bias=True)');
    expect(m.weight.shape).toEqual([2, 5]);
    expect(m.weight.requires_grad).toBe(true);
    expect([...m.parameters()].every((p) => p.eq(0).all().item())).toBe(true);
    const bn = utils.skip_init(nn.BatchNorm1d, 3, { momentum: 0.2, device: 'cpu' });
    expect(bn.momentum).toBe(0.2);
    expect(Object.keys(bn.state_dict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(bn.running_var!.tolist()).toEqual([0, 0, 0]);
    expect(utils.skip_init(nn.Linear, { in_features: 6, out_features: 1, device: 'cpu' }).weight.shape).toEqual([1, 6]);
  });

  it('skip_init refuses what PyTorch refuses', () => {
    expect(() => utils.skip_init(torch.Tensor as never)).toThrow(new TypeError('skip_init(): Expected a Module; got Tensor'));
    expect(() => utils.skip_init(5 as never)).toThrow('skip_init(): Expected a Module; got int');
    expect(() => utils.skip_init(nn.Linear, 2, 3, { device: 'cuda' })).toThrow(TypeError);
    expect(() => utils.skip_init(nn.Linear, 2, 3, { bogus: 1 } as never)).toThrow("Linear.__init__() got an unexpected keyword argument 'bogus'");
  });
});

describe.each(BACKENDS)('nn.utils.weight_norm on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  for (const c of fixtures.weight_norm) {
    it(`matches PyTorch: ${c.name}`, () => {
      const m = moduleOf(c);
      const repr = String(m);
      const dim = c.kwargs.dim;
      expect(utils.weight_norm(m, dim === undefined ? {} : { dim })).toBe(m);
      expect(String(m)).toBe(repr);
      expect(Object.keys(m.state_dict())).toEqual(c.keys);
      expect([...m.named_parameters()].map(([n]) => n)).toEqual(c.keys);
      const attrs = m as unknown as Record<string, Tensor>;
      expect(attrs.weight_g.shape).toEqual(c.weight_g.shape);
      expectClose(values(attrs.weight_g), c.weight_g.values, TOL, 'weight_g');
      expectSameBits(values(attrs.weight_v), c.weight_v.values, 'weight_v');
      const out = m(fromValues(c.x)) as Tensor;
      expectClose(values(attrs.weight), c.weight.values, TOL, 'weight');
      expectClose(values(out), c.out.values, TOL, 'out');
      out.mul(fromValues(c.grad_out)).sum().backward();
      for (const [name, p] of m.named_parameters()) expectClose(values(p.grad!), c.grads[name].values, TOL, `grad of ${name}`);
      torch.no_grad(() => attrs.weight_g.mul_(1.5));
      expect(utils.remove_weight_norm(m)).toBe(m);
      expect(attrs.weight).toBeInstanceOf(nn.Parameter);
      expect(attrs.weight.requires_grad).toBe(true);
      expectClose(values(attrs.weight), c.removed.values, TOL, 'removed');
      expect(Object.keys(m.state_dict())).toEqual(['bias', 'weight']);
      expect(m._forward_pre_hooks.size).toBe(0);
    });
  }

  it('recomputes the weight from weight_g and weight_v before every call, and keeps weight_v sharing the old weight', () => {
    const lin = new nn.Linear(2, 2, false);
    const old = lin.weight;
    torch.no_grad(() => old.copy_(torch.tensor([[3, 4], [0, 2]])));
    const m = utils.weight_norm(lin, 'weight', 0) as typeof lin & Record<'weight_g', Tensor>;
    expect(m.weight_g.tolist()).toEqual([[5], [2]]);
    torch.no_grad(() => old.mul_(2)); // weight_v is the old parameter's storage
    torch.no_grad(() => m.weight_g.copy_(torch.tensor([[10], [1]])));
    expect((m(torch.tensor([[1, 0]])) as Tensor).tolist()).toEqual([[6, 0]]);
    expect(m.weight.tolist()).toEqual([[6, 8], [0, 1]]);
    const whole = utils.weight_norm(new nn.Linear(2, 2), { dim: null }) as unknown as Record<string, Tensor>;
    expect(whole.weight_g.shape).toEqual([]);
  });

  it('refuses what PyTorch refuses', () => {
    const m = utils.weight_norm(new nn.Linear(3, 2));
    expect(() => utils.weight_norm(m)).toThrow(new Error('Cannot register two weight_norm hooks on the same parameter weight'));
    expect(() => utils.weight_norm(new nn.Linear(3, 2), 'foo')).toThrow(new TypeError("'Linear' object has no attribute 'foo'"));
    expect(() => utils.weight_norm(new nn.Linear(3, 2, false), 'bias')).toThrow("norm_except_dim(): argument 'v' (position 1) must be Tensor, not NoneType");
    expect(() => utils.weight_norm(new nn.Linear(3, 2), 'weight', 2)).toThrow(new RangeError('weight_norm(): Dimension out of range (expected to be in range of [-2, 1], but got 2)'));
    expect(() => utils.weight_norm(new nn.Linear(3, 2), { dim: -3 })).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    expect(() => (utils.weight_norm as (...args: unknown[]) => unknown)(new nn.Linear(3, 2), 'weight', 0, 5)).toThrow('weight_norm() takes 3 positional arguments but 4 were given');
    expect(() => utils.weight_norm(3 as never)).toThrow("weight_norm(): argument 'module' must be Module, not int");
    expect(() => utils.remove_weight_norm(new nn.Linear(3, 2))).toThrow(new RangeError("weight_norm of 'weight' not found in Linear(in_features=3, out_features=2, bias=True)"));
    expect(() => utils.remove_weight_norm(m, 'bias')).toThrow("weight_norm of 'bias' not found in Linear(in_features=3, out_features=2, bias=True)");
    expect(() => utils.remove_spectral_norm(m)).toThrow("spectral_norm of 'weight' not found in");
  });
});

describe.each(BACKENDS)('nn.utils.spectral_norm on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  /** The fixture's module under spectral_norm, with PyTorch's starting u and v. */
  function spectral(c: SpectralNormCase) {
    const m = moduleOf(c);
    utils.spectral_norm(m, c.kwargs as never);
    const attrs = m as unknown as Record<string, Tensor>;
    torch.no_grad(() => {
      attrs.weight_u.copy_(fromValues(c.u0));
      attrs.weight_v.copy_(fromValues(c.v0));
    });
    return { m, attrs };
  }

  for (const c of fixtures.spectral_norm) {
    it(`matches PyTorch: ${c.name}`, () => {
      const { m, attrs } = spectral(c);
      expect(Object.keys(m.state_dict())).toEqual(c.keys);
      expect([...m.named_parameters()].map(([n]) => n)).toEqual(c.keys.filter((k) => !k.endsWith('_u') && !k.endsWith('_v')));
      expect(attrs.weight.grad_fn).toBeNull();
      expectSameBits(values(attrs.weight), c.params.weight.values, 'weight before the first call');
      const x = fromValues(c.x);
      c.steps.forEach((step, i) => {
        const out = m(x) as Tensor;
        expectClose(values(attrs.weight_u), step.u.values, TOL, `u after call ${i}`);
        expectClose(values(attrs.weight_v), step.v.values, TOL, `v after call ${i}`);
        expectClose(values(attrs.weight), step.weight.values, TOL, `weight of call ${i}`);
        expectClose(values(out), step.out.values, TOL, `out of call ${i}`);
        if (i === 0) {
          out.mul(fromValues(c.grad_out)).sum().backward();
          for (const [name, p] of m.named_parameters()) expectClose(values(p.grad!), c.grads[name].values, TOL, `grad of ${name}`);
        }
      });
      m.eval();
      const out = m(x) as Tensor;
      expectClose(values(attrs.weight_u), c.eval.u.values, TOL, 'u in eval');
      expectClose(values(attrs.weight), c.eval.weight.values, TOL, 'weight in eval');
      expectClose(values(out), c.eval.out.values, TOL, 'out in eval');
      utils.remove_spectral_norm(m);
      expect(attrs.weight).toBeInstanceOf(nn.Parameter);
      expectClose(values(attrs.weight), c.removed.values, TOL, 'removed');
      expect(Object.keys(m.state_dict())).toEqual(['bias', 'weight']);
      expect([...m.named_buffers()]).toEqual([]);
      expect(m._forward_pre_hooks.size).toBe(0);
    });
  }

  it('backward through two training calls uses each call its own u and v (the GAN pattern)', () => {
    const c = fixtures.spectral_norm[0];
    const x = fromValues(c.x);
    const both = spectral(c).m;
    (both(x) as Tensor).sum().add((both(x) as Tensor).mul(2).sum()).backward();
    const separate = spectral(c).m;
    (separate(x) as Tensor).sum().backward();
    const first = [...separate.parameters()].map((p) => values(p.grad!));
    separate.zero_grad();
    (separate(x) as Tensor).mul(2).sum().backward();
    [...both.parameters()].forEach((p, i) => {
      const expected = values([...separate.parameters()][i].grad!).map((g, j) => g + first[i][j]);
      expectClose(values(p.grad!), expected, TOL, `grad ${i}`);
    });
  });

  it("state_dict has PyTorch's keys and loads into another spectral-normed module", () => {
    const c = fixtures.spectral_norm[0];
    const { m } = spectral(c);
    m(fromValues(c.x));
    const other = utils.spectral_norm(new nn.Linear(4, 3));
    other.load_state_dict(m.state_dict());
    m.eval();
    other.eval();
    expect(values(other(fromValues(c.x)) as Tensor)).toEqual(values(m(fromValues(c.x)) as Tensor));
    const wn = utils.weight_norm(moduleOf(fixtures.weight_norm[0]));
    const wnOther = utils.weight_norm(new nn.Linear(4, 3));
    wnOther.load_state_dict(wn.state_dict());
    expect(values(wnOther(fromValues(c.x)) as Tensor)).toEqual(values(wn(fromValues(c.x)) as Tensor));
  });

  it('dim defaults to 1 for transposed convolutions; u and v start as random unit vectors', () => {
    const ct = utils.spectral_norm(new nn.ConvTranspose2d(3, 2, 2)) as unknown as Record<string, Tensor>;
    expect(ct.weight_u.shape).toEqual([2]);
    expect(ct.weight_v.shape).toEqual([12]);
    expect(ct.weight_u.norm().item()).toBeCloseTo(1, 6);
    expect(ct.weight_v.norm().item()).toBeCloseTo(1, 6);
    const lin = utils.spectral_norm(new nn.Linear(4, 3), { n_power_iterations: 2 }) as unknown as Record<string, Tensor>;
    expect(lin.weight_u.shape).toEqual([3]);
    expect(lin.weight_v.shape).toEqual([4]);
    expect(String(lin)).toBe('Linear(in_features=4, out_features=3, bias=True)');
  });

  it('refuses what PyTorch refuses', () => {
    const m = utils.spectral_norm(new nn.Linear(3, 2));
    expect(() => utils.spectral_norm(m)).toThrow(new Error('Cannot register two spectral_norm hooks on the same parameter weight'));
    expect(() => utils.spectral_norm(new nn.Linear(3, 2), { n_power_iterations: 0 })).toThrow(new RangeError('Expected n_power_iterations to be positive, but got n_power_iterations=0'));
    expect(() => utils.spectral_norm(new nn.Linear(3, 2, false), 'bias')).toThrow(new RangeError('`SpectralNorm` cannot be applied as parameter `bias` is None'));
    expect(() => utils.spectral_norm(new nn.Linear(3, 2), 'foo')).toThrow("spectral_norm(): Linear has no parameter 'foo'");
    expect(() => utils.spectral_norm(new nn.Linear(3, 2), { dim: -1 })).toThrow('number of dimensions in the tensor input does not match the length of the desired ordering of dimensions');
    expect(() => utils.spectral_norm(new nn.Linear(3, 2), { eps: 1e-12, epsilon: 1 } as never)).toThrow("spectral_norm() got an unexpected keyword argument 'epsilon'");
    expect(() => utils.remove_spectral_norm(new nn.Linear(3, 2))).toThrow(new RangeError("spectral_norm of 'weight' not found in Linear(in_features=3, out_features=2, bias=True)"));
    expect(() => utils.remove_weight_norm(m)).toThrow("weight_norm of 'weight' not found in");
  });
});
