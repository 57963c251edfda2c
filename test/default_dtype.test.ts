// torch.set_default_dtype / get_default_dtype against PyTorch 1.13: after set_default_dtype(torch.float64), the
// dtypes and values PyTorch gives (scripts/gen_default_dtype_fixtures.py) for factories, scalar promotion, integer
// inputs of float ops, nn modules, optimizer state, distributions, finfo(), result_type and repr.
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';
import type { Tensor } from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';
import { decodeBits, type BitsEncoded } from './fixture_codec';

interface Fixtures {
  torch_version: string;
  values: Record<string, BitsEncoded>;
  dtypes: Record<string, string>;
  finfo: { bits: number; eps: number; max: number; tiny: number; dtype: string };
  result_type: Record<string, string>;
  repr: Record<string, string>;
  errors: Record<string, string>;
}
const F = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'default_dtype.json'), 'utf8')) as Fixtures;

const f32 = { dtype: 'float32' } as const;
const values: Record<string, () => Tensor> = {
  zeros: () => torch.zeros(2, 3),
  ones: () => torch.ones(2),
  full_float: () => torch.full([2], 0.1),
  full_bool: () => torch.full([2], true),
  eye: () => torch.eye(3),
  arange_float: () => torch.arange(0, 1, 0.1),
  arange_int: () => torch.arange(4),
  linspace: () => torch.linspace(0, 1, 7),
  logspace: () => torch.logspace(0, 2, 5),
  range: () => torch.range(0, 1, 0.25),
  scalar_tensor: () => torch.scalar_tensor(0.1),
  tensor_floats: () => torch.tensor([0.1, 1 / 3]),
  tensor_ints: () => torch.tensor([1n, 2n]),
  tensor_bools: () => torch.tensor([true, false]),
  tensor_empty: () => torch.tensor([]),
  as_tensor_floats: () => torch.as_tensor([0.1, 0.2]),
  hann_window: () => torch.hann_window(5),
  hamming_window: () => torch.hamming_window(5),
  blackman_window: () => torch.blackman_window(5),
  bartlett_window: () => torch.bartlett_window(5),
  kaiser_window: () => torch.kaiser_window(5),
  int_mul_float: () => torch.arange(4).mul(0.1),
  int_add_float: () => torch.arange(4).add(0.1),
  float32_mul_float: () => torch.arange(4, f32).mul(0.1),
  int_true_div: () => torch.arange(1, 5).div(3),
  int_sqrt: () => torch.sqrt(torch.arange(4)),
  int_exp: () => torch.exp(torch.arange(3)),
  int_sigmoid: () => torch.sigmoid(torch.arange(3)),
  int_sin: () => torch.sin(torch.arange(3)),
  int_log: () => torch.log(torch.arange(1, 4)),
  int_atan2: () => torch.atan2(torch.arange(3), torch.arange(1, 4)),
  int_deg2rad: () => torch.deg2rad(torch.arange(3)),
  zeros_like_float32: () => torch.zeros_like(torch.ones(2, f32)),
};

const D = torch.distributions;
const nn = torch.nn;
const dtypes: Record<string, () => Tensor> = {
  empty: () => torch.empty(2),
  rand: () => torch.rand(2),
  randn: () => torch.randn(2),
  normal: () => torch.normal(0, 1, { size: [3] }),
  rand_like_float32: () => torch.rand_like(torch.ones(2, f32)),
  randn_like_float32: () => torch.randn_like(torch.ones(2, f32)),
  'linear.weight': () => new nn.Linear(2, 3).weight,
  'linear.bias': () => new nn.Linear(2, 3).bias!,
  'conv2d.weight': () => new nn.Conv2d(1, 2, 3).weight,
  'batchnorm.running_mean': () => new nn.BatchNorm1d(3).running_mean!,
  'batchnorm.running_var': () => new nn.BatchNorm1d(3).running_var!,
  'batchnorm.num_batches_tracked': () => new nn.BatchNorm1d(3).num_batches_tracked!,
  'layernorm.weight': () => new nn.LayerNorm(3).weight!,
  'embedding.weight': () => new nn.Embedding(4, 2).weight,
  'normal.loc': () => new D.Normal(0, 1).loc,
  'normal.sample': () => new D.Normal(0, 1).sample(),
  'uniform.sample': () => new D.Uniform(0, 1).sample(),
  'bernoulli.probs': () => new D.Bernoulli(0.3).probs,
  'exponential.rate': () => new D.Exponential(2).rate,
  'adam.exp_avg': () => adamState().exp_avg!,
  'adam.exp_avg_sq': () => adamState().exp_avg_sq!,
};

function adamState(): { exp_avg?: Tensor; exp_avg_sq?: Tensor } {
  const model = new nn.Linear(2, 1);
  const opt = new torch.optim.Adam(model.parameters(), { lr: 0.1 });
  model.forward(torch.ones(1, 2)).sum().backward();
  opt.step();
  return opt.state.get(model.weight)!;
}

afterEach(() => torch.set_default_dtype(torch.float32));

describe('torch.get_default_dtype / set_default_dtype', () => {
  it('starts as float32, takes float64 in every spelling and restores float32', () => {
    expect(torch.get_default_dtype()).toBe('float32');
    for (const d of [torch.float64, 'float64', 'torch.float64', 'double', torch.double]) {
      torch.set_default_dtype(d);
      expect(torch.get_default_dtype()).toBe('float64');
      torch.set_default_dtype(torch.float32);
      expect(torch.get_default_dtype()).toBe('float32');
      expect(torch.zeros(1).dtype).toBe('float32');
    }
  });

  it("refuses other dtypes with PyTorch's TypeError, keeping the default", () => {
    torch.set_default_dtype(torch.float64);
    for (const [name, d] of [['int64', torch.int64], ['int32', torch.int32], ['bool', torch.bool]] as const) {
      expect(() => torch.set_default_dtype(d)).toThrow(new TypeError(F.errors[name]));
    }
    expect(torch.get_default_dtype()).toBe('float64');
    expect(() => torch.set_default_dtype('complex64')).toThrow(TypeError);
    expect(() => (torch.set_default_dtype as () => void)()).toThrow("set_default_dtype() missing 1 required positional argument: 'd'");
    expect(() => (torch.get_default_dtype as (x: unknown) => void)('float32')).toThrow(TypeError);
  });
});

for (const backend of BACKENDS) {
  describe(`default dtype float64 matches PyTorch ${F.torch_version} [${backend}]`, () => {
    const setup = () => {
      useBackend(backend);
      torch.set_default_dtype(torch.float64);
    };

    it.each(Object.keys(F.values))('%s: dtype and values', (name) => {
      setup();
      const want = F.values[name];
      const t = values[name]();
      expect(t.dtype).toBe(want.dtype);
      expect(t.shape).toEqual(want.shape);
      expectClose((t.flatten().tolist() as (number | boolean)[]).map(Number), decodeBits(want), want.dtype === 'float64' ? { atol: 2e-16, rtol: 4e-16 } : { ulp: 1 }, name);
    });

    it.each(Object.keys(F.dtypes))('%s: dtype', (name) => {
      setup();
      expect(dtypes[name]().dtype).toBe(F.dtypes[name]);
    });

    it('finfo() with no argument, result_type with a JS float, repr', () => {
      setup();
      const fi = torch.finfo();
      expect([fi.bits, fi.eps, fi.max, fi.tiny, `torch.${fi.dtype}`]).toEqual([F.finfo.bits, F.finfo.eps, F.finfo.max, F.finfo.tiny, `torch.${F.finfo.dtype}`]);
      expect(torch.result_type(torch.arange(2), 0.5)).toBe(F.result_type.int64_tensor_float);
      expect(torch.result_type(torch.ones(2, f32), 0.5)).toBe(F.result_type.float32_tensor_float);
      expect(torch.result_type(torch.arange(2), 2)).toBe(F.result_type.int64_tensor_int);
      expect(String(torch.tensor([1.5, 2]))).toBe(F.repr.float64);
      expect(String(torch.tensor([1.5, 2], f32))).toBe(F.repr.float32);
      expect(String(torch.zeros(0, f32))).toBe(F.repr.empty_float32);
      expect(String(torch.zeros(0))).toBe(F.repr.empty_default);
      expect(() => torch.arange(3).mean()).toThrow(/^mean\(\): could not infer output dtype/);
    });

    it('nn.init keeps float64 parameters float64', () => {
      setup();
      const w = torch.empty(3, 4);
      for (const init of [nn.init.xavier_uniform_, nn.init.kaiming_normal_, nn.init.orthogonal_, nn.init.zeros_]) {
        expect(init(w).dtype).toBe('float64');
      }
    });

    it('trains an nn.Linear end to end in float64', () => {
      setup();
      torch.manual_seed(0);
      const model = new nn.Linear(3, 1);
      const x = torch.randn(16, 3);
      const y = x.matmul(torch.tensor([[0.5], [-1.25], [2]])).add(0.1);
      expect([x.dtype, y.dtype]).toEqual(['float64', 'float64']);
      const opt = new torch.optim.SGD(model.parameters(), { lr: 0.5, momentum: 0.5 });
      const losses: number[] = [];
      for (let i = 0; i < 300; i++) {
        opt.zero_grad();
        const loss = nn.functional.mse_loss(model.forward(x), y);
        expect(loss.dtype).toBe('float64');
        loss.backward();
        opt.step();
        losses.push(loss.item());
      }
      expect(losses[10]).toBeLessThan(losses[0]);
      // float32 residuals stop near 1e-7 (a squared loss near 1e-14); float64 ones go far below
      expect(losses[299]).toBeLessThan(1e-20);
      for (const p of model.parameters()) {
        expect(p.dtype).toBe('float64');
        expect(p.grad!.dtype).toBe('float64');
      }
      expectClose(model.weight.flatten().tolist() as number[], [0.5, -1.25, 2], { atol: 1e-9 }, 'weight');
      expectClose([model.bias!.item()], [0.1], { atol: 1e-9 }, 'bias');
    });

    it('float32 again after restoring: factories, JS floats, modules', () => {
      setup();
      torch.set_default_dtype(torch.float32);
      expect([torch.zeros(1), torch.tensor([0.5]), torch.arange(4).mul(0.5), torch.sqrt(torch.arange(2)), new nn.Linear(2, 2).weight].map((t) => t.dtype)).toEqual(Array(5).fill('float32'));
      expect(torch.finfo().bits).toBe(32);
    });
  });
}
