// BatchNorm1d, BatchNorm2d, LayerNorm and F.batch_norm / F.layer_norm against PyTorch 1.13 on each backend:
// outputs, gradients of input, weight and bias, and running statistics over several train/eval steps.
// Fixtures: scripts/gen_norm_fixtures.py. Plus PyTorch's reprs, state_dict keys and argument errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';

const { nn } = torch;
const F = nn.functional;

interface Step {
  mode: 'train' | 'eval';
  shape: number[];
  x: number[];
  r: number[];
  y: number[];
  grad_x: number[];
  grad_weight?: number[];
  grad_bias?: number[];
  buffers: Record<string, number[]>;
}
interface Case {
  id: string;
  ctor: [string, ...unknown[]];
  state: Record<string, number[]>;
  steps: Step[];
}
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/norm.json'), 'utf8')) as {
  cases: Case[];
  functional_eval: Record<string, number[] | number>;
};

// The references are PyTorch's results in float64 from the same float32 inputs, so this is torchlet's own float32
// error: statistics are sums of up to 60 elements and the output divides by a square root, a few roundings each.
// Relative 1e-5 (about 80 ULP) with an absolute floor of 1e-5 for values that cancel to near zero (the input
// gradient sums to ~0); the ill-conditioned case (1 +- 0.01, where x - mean keeps 2 fewer digits) is
// allowed 3e-5 absolute (torchlet is 0.9e-5 off there; PyTorch's own float32 result 2.2e-5). With two values
// per channel the input gradient is a difference of nearly equal terms (x̂ = +-1): 1e-4 absolute there
// (torchlet 1.6e-5; PyTorch's float32 batch_norm is up to 3e-3 off on 200 random such batches).
const TOL: Tolerance = { atol: 1e-5, rtol: 1e-5 };

const Ctors = { BatchNorm1d: nn.BatchNorm1d, BatchNorm2d: nn.BatchNorm2d, LayerNorm: nn.LayerNorm, GroupNorm: nn.GroupNorm, InstanceNorm1d: nn.InstanceNorm1d, InstanceNorm2d: nn.InstanceNorm2d } as Record<string, new (...args: unknown[]) => torch.nn.Module>;

describe.each(BACKENDS)('normalization layers vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(fixtures.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const [ctorName, ...args] = c.ctor;
    const module = new Ctors[ctorName](...args.map((a) => (a !== null && typeof a === 'object' && !Array.isArray(a) ? { ...a } : a)));
    const state = module.state_dict();
    for (const [name, v] of Object.entries(c.state)) state[name] = torch.tensor(v).reshape(state[name].shape);
    module.load_state_dict(state);
    const tol = c.id.includes('eps=1e-6') ? { atol: 3e-5, rtol: 1e-5 } : TOL;
    c.steps.forEach((step, k) => {
      const where = `${c.id} step ${k} (${step.mode})`;
      module.train(step.mode === 'train');
      const x = torch.tensor(step.x).reshape(step.shape).requires_grad_(true);
      const y = module(x) as torch.Tensor;
      // (GroupNorm's affine and InstanceNorm's reshape are ordinary ops after the normalization's node)
      const node = { LayerNorm: 'NativeLayerNormBackward0', BatchNorm1d: 'NativeBatchNormBackward0', BatchNorm2d: 'NativeBatchNormBackward0' }[ctorName];
      if (node) expect(y.grad_fn?.name).toBe(node);
      module.zero_grad();
      y.mul(torch.tensor(step.r).reshape(y.shape)).sum().backward();
      expectClose(y.data, step.y, tol, `${where}: output`);
      const perChannel = step.x.length / step.shape[1];
      expectClose(x.grad!.data, step.grad_x, ctorName.startsWith('BatchNorm') && perChannel === 2 ? { atol: 1e-4 } : tol, `${where}: grad of input`);
      const params = Object.fromEntries(module.named_parameters());
      for (const name of ['weight', 'bias'] as const) {
        const expected = step[`grad_${name}`];
        expect(params[name] === undefined, `${where}: ${name} exists`).toBe(expected === undefined);
        if (expected) expectClose(params[name].grad!.data, expected, tol, `${where}: grad of ${name}`);
      }
      const buffers = Object.fromEntries(module.named_buffers());
      expect(Object.keys(buffers).sort()).toEqual(Object.keys(step.buffers).sort());
      for (const [name, v] of Object.entries(step.buffers)) expectClose(buffers[name].data, v, tol, `${where}: ${name}`);
    });
  });

  it('F.batch_norm in evaluation mode uses the given statistics, weight and bias', () => {
    const f = fixtures.functional_eval as Record<string, number[]> & { eps: number };
    const x = torch.tensor(f.x).reshape(f.shape).requires_grad_(true);
    const weight = torch.tensor(f.weight).requires_grad_(true);
    const bias = torch.tensor(f.bias).requires_grad_(true);
    const mean = torch.tensor(f.running_mean);
    const variance = torch.tensor(f.running_var);
    const y = F.batch_norm(x, mean, variance, weight, bias, false, 0.1, f.eps);
    y.mul(torch.tensor(f.r).reshape(y.shape)).sum().backward();
    expectClose(y.data, f.y, TOL, 'output');
    expectClose(x.grad!.data, f.grad_x, TOL, 'grad of input');
    expectClose(weight.grad!.data, f.grad_weight, TOL, 'grad of weight');
    expectClose(bias.grad!.data, f.grad_bias, TOL, 'grad of bias');
    // evaluation leaves the statistics alone; the keyword form gives the same result
    expect(mean.tolist()).toEqual(torch.tensor(f.running_mean).tolist());
    const again = F.batch_norm(x, { running_mean: mean, running_var: variance, weight, bias, eps: f.eps });
    expect(again.tolist()).toEqual(y.tolist());
  });

  it('F.batch_norm in training mode updates the running statistics it is given, in place', () => {
    const x = torch.tensor([[1, 2], [3, 6], [5, 10]]);
    const mean = torch.zeros(2);
    const variance = torch.ones(2);
    const y = F.batch_norm(x, mean, variance, null, null, true, 0.5);
    // batch means [3, 6], biased variances [8/3, 32/3]: y = (x - mean) / sqrt(var + 1e-5)
    expectClose(y.data, [-1.2247427, -1.2247441, 0, 0, 1.2247427, 1.2247441], { ulp: 4 });
    // running = 0.5 running + 0.5 batch, with the unbiased variances [4, 16]
    expectClose(mean.data, [1.5, 3], { ulp: 0 });
    expectClose(variance.data, [2.5, 8.5], { ulp: 0 });
    // without running stats, training mode normalizes by the batch alone
    expect(F.batch_norm(x, null, null, { training: true }).tolist()).toEqual(y.tolist());
  });

  it('F.layer_norm normalizes over the trailing normalized_shape (int or list)', () => {
    const x = torch.tensor([[1, 2, 3, 4], [2, 2, 2, 2]]);
    const y = F.layer_norm(x, 4);
    // row 0: mean 2.5, biased variance 1.25; row 1 is constant: 0 / sqrt(1e-5)
    const s = Math.sqrt(1.25 + 1e-5);
    expectClose(y.data, [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s, 0, 0, 0, 0], { ulp: 2 });
    expect(F.layer_norm(x, [4]).tolist()).toEqual(y.tolist());
    const w = torch.tensor([1, 2, 3, 4]);
    const b = torch.tensor([0, 0, 0, 1]);
    expectClose(F.layer_norm(x, [4], w, b, 1e-5).data, [-1.5 / s, -1 / s, 1.5 / s, 6 / s + 1, 0, 0, 0, 1], { ulp: 2 });
    expect(F.layer_norm(x, { normalized_shape: [2, 4] }).mean().item()).toBeCloseTo(0, 6);
  });

  it('frozen parameters get no gradient; the input gets the same gradient as with trainable ones', () => {
    for (const make of [() => new nn.BatchNorm1d(3), () => new nn.LayerNorm(3)]) {
      const grads = [true, false].map((trainable) => {
        torch.manual_seed(6);
        const layer = make();
        nn.init.normal_(layer.weight!);
        layer.requires_grad_(trainable);
        const x = torch.randn(4, 3).requires_grad_(true);
        (layer(x) as torch.Tensor).pow(3).sum().backward();
        expect(layer.weight!.grad === null).toBe(!trainable);
        return x.grad!.tolist();
      });
      expect(grads[1]).toEqual(grads[0]);
    }
  });

  it('BatchNorm counts batches and, with momentum null, keeps the cumulative average', () => {
    const bn = new nn.BatchNorm1d(1, { momentum: null });
    for (const batch of [[0, 2], [4, 6], [8, 10]]) bn(torch.tensor(batch).reshape(2, 1));
    expect(bn.num_batches_tracked!.item()).toBe(3);
    expect(bn.num_batches_tracked!.dtype).toBe('int64');
    expectClose(bn.running_mean!.data, [5], { ulp: 1 }); // (1 + 5 + 9) / 3
    expectClose(bn.running_var!.data, [2], { ulp: 1 }); // unbiased variances 2, 2, 2
    bn.reset_running_stats();
    expect([bn.running_mean!.item(), bn.running_var!.item(), bn.num_batches_tracked!.item()]).toEqual([0, 1, 0]);
    // an empty batch counts but leaves the statistics as they are, as PyTorch does
    expect(bn(torch.zeros(0, 1)).shape).toEqual([0, 1]);
    expect([bn.running_mean!.item(), bn.running_var!.item(), bn.num_batches_tracked!.item()]).toEqual([0, 1, 1]);
  });

  it('lets the gradient reach the first layer of a deep sigmoid net (vanishing gradients)', () => {
    // 10 Linear+Sigmoid layers scaled down: without BatchNorm the first layer's gradient vanishes, with it it does not
    const depth = 10;
    const build = (norm: boolean) => {
      torch.manual_seed(3);
      const layers: torch.nn.Module[] = [];
      for (let i = 0; i < depth; i++) layers.push(new nn.Linear(16, 16), ...(norm ? [new nn.BatchNorm1d(16)] : []), new nn.Sigmoid());
      return new nn.Sequential(...layers);
    };
    const firstGradNorm = (net: torch.nn.Sequential) => {
      torch.manual_seed(4);
      (net(torch.randn(32, 16)) as torch.Tensor).sum().backward();
      return ((net.at(0) as torch.nn.Linear).weight.grad!.norm().item() as number);
    };
    const plain = firstGradNorm(build(false));
    const normed = firstGradNorm(build(true));
    expect(normed).toBeGreaterThan(100 * plain);
  });
});

describe('normalization layers: PyTorch reprs, state_dict and errors', () => {
  it('prints like PyTorch', () => {
    expect(String(new nn.BatchNorm1d(4))).toBe('BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    expect(String(new nn.BatchNorm1d(4, { momentum: null, affine: false, track_running_stats: false }))).toBe(
      'BatchNorm1d(4, eps=1e-05, momentum=None, affine=False, track_running_stats=False)',
    );
    expect(String(new nn.BatchNorm2d(3, 1e-3))).toBe('BatchNorm2d(3, eps=0.001, momentum=0.1, affine=True, track_running_stats=True)');
    expect(String(new nn.LayerNorm(4))).toBe('LayerNorm((4,), eps=1e-05, elementwise_affine=True)');
    expect(String(new nn.LayerNorm([2, 3], { elementwise_affine: false }))).toBe('LayerNorm((2, 3), eps=1e-05, elementwise_affine=False)');
    expect(String(new nn.LayerNorm([2, 3], 1e-6))).toBe('LayerNorm((2, 3), eps=1e-06, elementwise_affine=True)');
    expect(String(new nn.LeakyReLU(1e-5))).toBe('LeakyReLU(negative_slope=1e-05)');
  });

  it("has PyTorch's state_dict keys, in PyTorch's order, and loads them back", () => {
    const net = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3), new nn.Linear(3, 1));
    expect(Object.keys(net.state_dict())).toEqual([
      '0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked', '2.weight', '2.bias',
    ]);
    net(torch.randn(4, 2));
    const copy = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3), new nn.Linear(3, 1));
    copy.load_state_dict(net.state_dict());
    const bn = copy.at(1) as torch.nn.BatchNorm1d;
    expect(bn.num_batches_tracked!.item()).toBe(1);
    expect(bn.running_mean!.tolist()).toEqual((net.at(1) as torch.nn.BatchNorm1d).running_mean!.tolist());
    expect(Object.keys(new nn.LayerNorm(3).state_dict())).toEqual(['weight', 'bias']);
    expect(Object.keys(new nn.BatchNorm1d(3, { affine: false, track_running_stats: false }).state_dict())).toEqual([]);
  });

  it("gives PyTorch's errors", () => {
    const bn = new nn.BatchNorm1d(4);
    expect(() => bn(torch.randn(1, 4))).toThrow(new RangeError('batch_norm(): Expected more than 1 value per channel when training, got input size torch.Size([1, 4])'));
    expect(() => bn(torch.randn(2, 4, 3, 3))).toThrow(new RangeError('BatchNorm1d: expected 2D or 3D input (got 4D input)'));
    expect(() => bn(torch.randn(3, 5))).toThrow(new RangeError('batch_norm(): running_mean should contain 5 elements not 4'));
    expect(() => bn(torch.tensor([[1, 2, 3, 4]], { dtype: 'int64' }))).toThrow(new TypeError(`batch_norm(): "batch_norm" not implemented for 'Long'`));
    expect(() => bn(3 as unknown as torch.Tensor)).toThrow(new TypeError("batch_norm(): argument 'input' (position 1) must be Tensor, not int"));
    expect(() => new nn.BatchNorm2d(3)(torch.randn(2, 3, 4))).toThrow(new RangeError('BatchNorm2d: expected 4D input (got 3D input)'));
    expect(() => new nn.BatchNorm1d()).toThrow(new TypeError("BatchNorm1d.__init__() missing 1 required positional argument: 'num_features'"));
    expect(() => new nn.BatchNorm1d(4, { momentun: 0.1 } as never)).toThrow(new TypeError("BatchNorm1d.__init__() got an unexpected keyword argument 'momentun'"));
    // evaluation with one sample is fine: it uses the running statistics
    expect(bn.eval()(torch.randn(1, 4)).shape).toEqual([1, 4]);
    expect(() => F.batch_norm(torch.randn(3, 4), null, null)).toThrow(new TypeError('batch_norm(): running_mean and running_var must be defined in evaluation mode'));
    expect(() => F.batch_norm(torch.randn(3, 4), torch.zeros(4), torch.ones(4), torch.ones(3))).toThrow(new RangeError('batch_norm(): weight should contain 4 elements not 3'));
    expect(() => F.batch_norm(torch.randn(3, 4), torch.zeros(4), torch.ones(4), { bias: torch.ones(3) })).toThrow(new RangeError('batch_norm(): bias should contain 4 elements not 3'));
    expect(() => F.batch_norm(torch.randn(3, 4).double(), torch.zeros(4), torch.ones(4))).toThrow(
      new TypeError("batch_norm(): expected running_mean to have the input's dtype float64, but got float32"),
    );
    expect(() => F.batch_norm(torch.randn(4), torch.zeros(4), torch.ones(4))).toThrow(
      new RangeError('batch_norm(): expected an input of shape (N, C, ...), with at least 2 dims, but got input of size [4]'),
    );
    expect(() => F.layer_norm(torch.randn(3, 4), [3])).toThrow(
      new RangeError('layer_norm(): Given normalized_shape=[3], expected input with shape [*, 3], but got input of size[3, 4]'),
    );
    expect(() => new nn.LayerNorm(4)(torch.randn(3, 5))).toThrow(
      new RangeError('layer_norm(): Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[3, 5]'),
    );
    expect(() => F.layer_norm(torch.randn(3, 4), [4], torch.ones(3))).toThrow(
      new RangeError('layer_norm(): Expected weight to be of same shape as normalized_shape, but got weight of shape [3] and normalized_shape = [4]'),
    );
    expect(() => F.layer_norm(torch.randn(3, 4), [])).toThrow(
      new RangeError('layer_norm(): Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []'),
    );
    expect(() => new nn.LayerNorm()).toThrow(new TypeError("LayerNorm.__init__() missing 1 required positional argument: 'normalized_shape'"));
    expect(() => F.layer_norm(torch.randn(3, 4), [4], null, null, 1e-5, 7 as never)).toThrow(new TypeError('layer_norm() takes 5 positional arguments but 6 were given'));
  });

  // reprs, state_dict keys and messages as PyTorch 1.13 gives them
  it('GroupNorm and InstanceNorm1d/2d: reprs, state_dict, errors', () => {
    expect(String(new nn.GroupNorm(2, 4))).toBe('GroupNorm(2, 4, eps=1e-05, affine=True)');
    expect(String(new nn.GroupNorm(1, 3, { eps: 1e-3, affine: false }))).toBe('GroupNorm(1, 3, eps=0.001, affine=False)');
    expect(String(new nn.InstanceNorm2d(3))).toBe('InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)');
    expect(String(new nn.InstanceNorm1d(4, { affine: true, track_running_stats: true }))).toBe('InstanceNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)');
    expect(Object.keys(new nn.GroupNorm(2, 4).state_dict())).toEqual(['weight', 'bias']);
    expect(Object.keys(new nn.InstanceNorm2d(3, { affine: true, track_running_stats: true }).state_dict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(Object.keys(new nn.InstanceNorm2d(3).state_dict())).toEqual([]);
    expect(() => F.group_norm(torch.randn(2, 3, 4), 2)).toThrow(
      new RangeError('group_norm(): Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 3, 4] and num_groups=2'),
    );
    expect(() => F.group_norm(torch.randn(2, 4, 4), 2, torch.ones(3))).toThrow(
      new RangeError('group_norm(): Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [3] and input of shape [2, 4, 4]'),
    );
    expect(() => new nn.GroupNorm(2, 3)).toThrow(new RangeError('GroupNorm(): num_channels must be divisible by num_groups'));
    expect(() => F.instance_norm(torch.randn(2, 3, 1))).toThrow(new RangeError('instance_norm(): Expected more than 1 spatial element when training, got input size torch.Size([2, 3, 1])'));
    expect(() => F.instance_norm(torch.randn(2, 3, 4), { use_input_stats: false })).toThrow(
      new TypeError('instance_norm(): Expected running_mean and running_var to be defined when use_input_stats is false'),
    );
    expect(() => new nn.InstanceNorm2d(3)(torch.randn(2, 4))).toThrow(new RangeError('InstanceNorm2d: expected 3D or 4D input (got 2D input)'));
    expect(() => new nn.InstanceNorm1d(3, { affine: true })(torch.randn(2, 4, 5))).toThrow(
      new RangeError("InstanceNorm1d: expected input's size at dim=1 to match num_features (3), but got: 4."),
    );
    // without affine parameters PyTorch only warns about num_features: each instance is normalized on its own
    const y = new nn.InstanceNorm1d(3)(torch.randn(2, 4, 5).mul(3).add(1));
    expectClose(y.mean(2).data, new Float32Array(8), { atol: 1e-6 });
  });
});
