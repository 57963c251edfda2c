// torch.nn.utils.prune on each backend. Deterministic methods (l1_unstructured, ln_structured, custom_from_mask,
// global_unstructured with L1Unstructured, iterative pruning through a PruningContainer, remove) give PyTorch
// 1.13's masks and pruned tensors exactly (test/fixtures/prune.json from scripts/gen_prune_fixtures.py: randn
// weights, so no ties); random methods (another generator than PyTorch's) are tested by the count they prune and
// by repeating under manual_seed. Then the Pruning Tutorial's flow on a small LeNet, and PyTorch's errors.
import { describe, it, expect, beforeEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as torch from '../lib/index';
import { Tensor } from '../lib/index';
import { BACKENDS, expectClose, useBackend } from './helpers';

const { nn } = torch;
const F = nn.functional;
const { prune } = nn.utils;

interface Values {
  shape: number[];
  values: number[];
}
interface L1Case {
  module: 'linear' | 'conv';
  params: Record<string, Values>;
  name: 'weight' | 'bias';
  amount: number;
  amount_is_int: boolean;
  importance_scores: Values | null;
  mask: Values;
  pruned: Values;
}
interface LnCase {
  module: 'linear' | 'conv';
  weight: Values;
  amount: number;
  amount_is_int: boolean;
  n: number | 'inf' | '-inf' | 'fro';
  dim: number;
  importance_scores: Values | null;
  mask: Values;
  pruned: Values;
}
interface Step {
  method: 'l1_unstructured' | 'ln_structured' | 'custom_from_mask';
  amount?: number;
  n?: number | 'inf';
  dim?: number;
  mask_in?: boolean[];
  mask: Values;
  pruned: Values;
}
type LayerName = 'conv1' | 'conv2' | 'fc1' | 'fc2' | 'fc3';
interface Fixtures {
  l1: L1Case[];
  ln: LnCase[];
  custom: { weight: Values; mask_in: boolean[]; mask: Values; pruned: Values };
  iterative: { weight: Values; steps: Step[]; history: string[]; removed: Values; params_after_remove: string[] };
  global: {
    state: Record<string, Values>;
    x: Values;
    masks1: Record<LayerName, Values>;
    out1: Values;
    scores_conv2: Values;
    masks2: Record<LayerName, Values>;
    out2: Values;
    state_dict_keys: string[];
    buffers: string[];
  };
}
const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'prune.json'), 'utf8'));

const fromValues = (v: Values) => torch.tensor(v.values).reshape(v.shape);
const values = (t: Tensor) => Array.from(t.contiguous().data);
/** Masks and pruned tensors are products by 0 and 1: exactly PyTorch's values, signed zeros included. */
const expectExact = (t: Tensor, v: Values) => {
  expect(t.shape).toEqual(v.shape);
  expect(values(t)).toEqual(v.values);
};
/**
 * Forward outputs of the pruned LeNet against PyTorch's float32 run (other summation orders in conv and matmul):
 * with randn weights the outputs reach 370, so float32 rounding of the partial sums is ~2e-5 absolute.
 */
const TOL = { rtol: 1e-5, atol: 1e-4 };

type Attrs = Record<string, Tensor>;
const attrs = (m: object) => m as Attrs;

function load(m: InstanceType<typeof nn.Module>, params: Record<string, Values>) {
  torch.no_grad(() => {
    for (const [k, v] of Object.entries(params)) attrs(m)[k].copy_(fromValues(v));
  });
  return m;
}

const makeModule = (kind: 'linear' | 'conv') => (kind === 'linear' ? new nn.Linear(5, 4) : new nn.Conv2d(3, 6, 2));

/** The tutorial's LeNet, smaller (a 1x12x12 input), as the fixture script defines it. */
class LeNet extends nn.Module {
  conv1 = new nn.Conv2d(1, 4, 3);
  conv2 = new nn.Conv2d(4, 8, 3);
  fc1 = new nn.Linear(8, 16);
  fc2 = new nn.Linear(16, 12);
  fc3 = new nn.Linear(12, 10);

  override forward(x: Tensor): Tensor {
    x = F.max_pool2d(F.relu(this.conv1(x)), [2, 2]) as Tensor;
    x = F.max_pool2d(F.relu(this.conv2(x)), 2) as Tensor;
    x = x.view(-1, Math.trunc(x.nelement() / x.shape[0]));
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    return this.fc3(x);
  }
}
const LAYERS: LayerName[] = ['conv1', 'conv2', 'fc1', 'fc2', 'fc3'];

const names = (entries: Iterable<[string, unknown]>) => [...entries].map(([k]) => k);
const countZeros = (t: Tensor) => values(t).filter((v) => v === 0).length;

describe.each(BACKENDS)('nn.utils.prune against PyTorch on %s', (backend) => {
  beforeEach(() => useBackend(backend));

  for (const [i, c] of fixtures.l1.entries()) {
    it(`l1_unstructured matches PyTorch: ${c.module}.${c.name}, amount ${c.amount}${c.importance_scores ? ', importance_scores' : ''} (#${i})`, () => {
      const m = load(makeModule(c.module), c.params);
      const param = attrs(m)[c.name];
      // PyTorch's float amount 1.0 (everything) is the count in JS, where 1 is the int 1
      const amount = c.amount === 1 && !c.amount_is_int ? param.numel() : c.amount;
      const scores = c.importance_scores ? fromValues(c.importance_scores) : null;
      expect(i % 2 ? prune.l1_unstructured(m, c.name, amount, scores) : prune.l1_unstructured(m, { name: c.name, amount, importance_scores: scores })).toBe(m);
      expectExact(attrs(m)[`${c.name}_mask`], c.mask);
      expectExact(attrs(m)[c.name], c.pruned);
      expect(attrs(m)[`${c.name}_orig`]).toBe(param);
      expect(attrs(m)[c.name]).not.toBeInstanceOf(nn.Parameter);
    });
  }

  for (const [i, c] of fixtures.ln.entries()) {
    it(`ln_structured matches PyTorch: ${c.module}, amount ${c.amount}, n ${c.n}, dim ${c.dim}${c.importance_scores ? ', importance_scores' : ''}`, () => {
      const m = load(makeModule(c.module), { weight: c.weight });
      const n = c.n === 'inf' ? Infinity : c.n === '-inf' ? -Infinity : c.n;
      const scores = c.importance_scores ? fromValues(c.importance_scores) : null;
      if (i % 2) prune.ln_structured(m, 'weight', c.amount, n, c.dim, scores);
      else prune.ln_structured(m, { name: 'weight', amount: c.amount, n, dim: c.dim, importance_scores: scores });
      expectExact(attrs(m).weight_mask, c.mask);
      expectExact(attrs(m).weight, c.pruned);
    });
  }

  it('ln_structured takes n as the strings inf and -inf too', () => {
    const c = fixtures.ln.find((x) => x.n === 'inf')!;
    const m = load(makeModule(c.module), { weight: c.weight });
    prune.ln_structured(m, 'weight', c.amount, 'inf', c.dim);
    expectExact(attrs(m).weight_mask, c.mask);
  });

  it('custom_from_mask matches PyTorch (a bool mask, stored as a float mask)', () => {
    const c = fixtures.custom;
    const m = load(new nn.Linear(5, 4), { weight: c.weight });
    prune.custom_from_mask(m, 'weight', torch.tensor(c.mask_in).reshape(c.weight.shape));
    expect(attrs(m).weight_mask.dtype).toBe('float32');
    expectExact(attrs(m).weight_mask, c.mask);
    expectExact(attrs(m).weight, c.pruned);
  });

  it('iterative pruning combines the masks in a PruningContainer as PyTorch does, and remove() makes it permanent', () => {
    const c = fixtures.iterative;
    const m = load(new nn.Conv2d(3, 6, 2), { weight: c.weight });
    for (const step of c.steps) {
      if (step.method === 'l1_unstructured') prune.l1_unstructured(m, 'weight', step.amount!);
      else if (step.method === 'ln_structured') prune.ln_structured(m, 'weight', step.amount!, step.n!, step.dim!);
      else prune.custom_from_mask(m, 'weight', torch.tensor(step.mask_in!).reshape(c.weight.shape));
      expectExact(attrs(m).weight_mask, step.mask);
      expectExact(attrs(m).weight, step.pruned);
    }
    expect(m._forward_pre_hooks.size).toBe(1);
    const hook = [...m._forward_pre_hooks.values()][0] as InstanceType<typeof prune.PruningContainer>;
    expect(hook).toBeInstanceOf(prune.PruningContainer);
    expect(hook._tensor_name).toBe('weight');
    expect(hook.length).toBe(c.history.length);
    expect([...hook].map((h) => h!.constructor.name)).toEqual(c.history);
    torch.no_grad(() => attrs(m).weight_orig.mul_(2));
    const orig = attrs(m).weight_orig;
    expect(prune.remove(m, 'weight')).toBe(m);
    expect(attrs(m).weight).toBe(orig);
    expect(attrs(m).weight.requires_grad).toBe(true);
    expectExact(attrs(m).weight, c.removed);
    expect(names(m.named_parameters())).toEqual(c.params_after_remove);
    expect(names(m.named_buffers())).toEqual([]);
    expect(m._forward_pre_hooks.size).toBe(0);
    expect('weight_orig' in m || 'weight_mask' in m).toBe(false);
    expect(prune.is_pruned(m)).toBe(false);
  });

  it('global_unstructured with L1Unstructured matches PyTorch, again on top of its masks with importance_scores', () => {
    const g = fixtures.global;
    const model = new LeNet();
    model.load_state_dict(Object.fromEntries(Object.entries(g.state).map(([k, v]) => [k, fromValues(v)])));
    const params = LAYERS.map((n) => [model[n], 'weight'] as const);
    expect(prune.global_unstructured(params, { pruning_method: prune.L1Unstructured, amount: 0.2 })).toBeUndefined();
    for (const n of LAYERS) expectExact(attrs(model[n]).weight_mask, g.masks1[n]);
    const x = fromValues(g.x);
    expectClose(values(model(x)), g.out1.values, TOL, 'out1');
    const scores = new Map([[[model.conv2, 'weight'] as const, fromValues(g.scores_conv2)]]);
    prune.global_unstructured(params, prune.L1Unstructured, scores, { amount: 25 });
    for (const n of LAYERS) expectExact(attrs(model[n]).weight_mask, g.masks2[n]);
    expectClose(values(model(x)), g.out2.values, TOL, 'out2');
    expect(Object.keys(model.state_dict())).toEqual(g.state_dict_keys);
    expect(names(model.named_buffers())).toEqual(g.buffers);
    // each parameter's hook is a container: L1 of the first call is a CustomFromMask, and so is the second
    const hook = [...model.conv1._forward_pre_hooks.values()][0] as InstanceType<typeof prune.PruningContainer>;
    expect([...hook].map((h) => h!.constructor.name)).toEqual(['CustomFromMask', 'CustomFromMask']);
  });
});

describe.each(BACKENDS)('nn.utils.prune mechanics on %s', (backend) => {
  beforeEach(() => useBackend(backend));

  it("follows the Pruning Tutorial: parameters, buffers, hooks, state_dict keys, forward, remove", () => {
    torch.manual_seed(0);
    const model = new LeNet();
    const module = model.conv1;
    expect(names(module.named_parameters())).toEqual(['weight', 'bias']);
    expect(names(module.named_buffers())).toEqual([]);
    const weight = module.weight;

    prune.random_unstructured(module, { name: 'weight', amount: 0.3 });
    expect(names(module.named_parameters())).toEqual(['bias', 'weight_orig']);
    expect(names(module.named_buffers())).toEqual(['weight_mask']);
    expect(attrs(module).weight_orig).toBe(weight);
    expect(countZeros(attrs(module).weight_mask)).toBe(11); // round(0.3 * 36)
    expect(values(module.weight)).toEqual(values(weight.mul(attrs(module).weight_mask)));
    expect(module.weight.requires_grad).toBe(true);
    const hooks = [...module._forward_pre_hooks.values()];
    expect(hooks.length).toBe(1);
    expect(hooks[0]).toBeInstanceOf(prune.RandomUnstructured);
    expect(String(hooks[0])).toBe('<torch.nn.utils.prune.RandomUnstructured object>');
    expect(inspect(module._forward_pre_hooks)).toMatch(/^Map\(1\) \{ \d+ => <torch\.nn\.utils\.prune\.RandomUnstructured object> \}$/);

    prune.l1_unstructured(module, { name: 'bias', amount: 3 });
    expect(names(module.named_parameters())).toEqual(['weight_orig', 'bias_orig']);
    expect(names(module.named_buffers())).toEqual(['weight_mask', 'bias_mask']);
    expect(countZeros(module.bias!)).toBe(3);
    expect(module._forward_pre_hooks.size).toBe(2);

    prune.ln_structured(module, { name: 'weight', amount: 0.5, n: 2, dim: 0 });
    // 2 of the 4 output channels are zero now, and the random mask still holds in the others
    const mask = attrs(module).weight_mask;
    const channelSums = mask.sum([1, 2, 3]).tolist() as number[];
    expect(channelSums.filter((s) => s === 0).length).toBe(2);
    expect(countZeros(mask)).toBeGreaterThanOrEqual(2 * 9);
    let hook: unknown;
    for (hook of module._forward_pre_hooks.values()) if ((hook as { _tensor_name: string })._tensor_name === 'weight') break;
    expect([...(hook as Iterable<object>)].map((h) => h.constructor.name)).toEqual(['RandomUnstructured', 'LnStructured']);
    expect(Object.keys(model.state_dict())).toEqual([
      'conv1.weight_orig', 'conv1.bias_orig', 'conv1.weight_mask', 'conv1.bias_mask',
      'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias',
    ]);

    // the forward pre-hook recomputes weight from weight_orig and the mask before every call
    torch.no_grad(() => attrs(module).weight_orig.fill_(2));
    const x = torch.randn(1, 1, 12, 12);
    model(x);
    expect(values(module.weight)).toEqual(values(mask.mul(2)));
    // gradients reach weight_orig through the mask only
    model(x).sum().backward();
    const grad = attrs(module).weight_orig.grad!;
    const pruned = values(mask).map((v) => v === 0);
    expect(values(grad).filter((_, i) => pruned[i]).every((v) => v === 0)).toBe(true);
    expect(values(grad).some((v) => v !== 0)).toBe(true);

    prune.remove(module, 'weight');
    expect(names(module.named_parameters())).toEqual(['bias_orig', 'weight']);
    expect(names(module.named_buffers())).toEqual(['bias_mask']);
    expect(module.weight).toBe(weight);
    expect(values(module.weight)).toEqual(values(mask.mul(2)));
    expect(prune.is_pruned(model)).toBe(true);
    prune.remove(module, 'bias');
    expect(prune.is_pruned(model)).toBe(false);
  });

  it('prunes every layer of a model by type, as the tutorial does, and its state_dict loads into another pruned model', () => {
    const prunedModel = () => {
      const m = new LeNet();
      for (const [, module] of m.named_modules()) {
        if (module instanceof nn.Conv2d) prune.l1_unstructured(module, { name: 'weight', amount: 0.2 });
        else if (module instanceof nn.Linear) prune.l1_unstructured(module, { name: 'weight', amount: 0.4 });
      }
      return m;
    };
    const model = prunedModel();
    expect(names(model.named_buffers())).toEqual(LAYERS.map((n) => `${n}.weight_mask`));
    expect(countZeros(attrs(model.conv2).weight_mask)).toBe(58); // round(0.2 * 288)
    expect(countZeros(attrs(model.fc1).weight_mask)).toBe(51); // round(0.4 * 128)
    const other = prunedModel();
    other.load_state_dict(model.state_dict());
    const x = torch.randn(2, 1, 12, 12);
    expect(values(other(x))).toEqual(values(model(x)));
    expect(values(attrs(other.fc1).weight_mask)).toEqual(values(attrs(model.fc1).weight_mask));
  });

  it('a BasePruningMethod subclass with its own compute_mask, as the tutorial\'s FooBarPruningMethod', () => {
    class FooBarPruningMethod extends prune.BasePruningMethod {
      override PRUNING_TYPE = 'unstructured';
      override compute_mask(_t: Tensor, default_mask: Tensor): Tensor {
        const mask = default_mask.clone();
        mask.view(-1).slice(0, null, null, 2).fill_(0);
        return mask;
      }
    }
    const foobar_unstructured = (module: InstanceType<typeof nn.Module>, name: string) => {
      FooBarPruningMethod.apply(module, name);
      return module;
    };
    const model = new LeNet();
    foobar_unstructured(model.fc3, 'bias');
    expect(values(attrs(model.fc3).bias_mask)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(String([...model.fc3._forward_pre_hooks.values()][0])).toBe('<FooBarPruningMethod object>');
    // a static PRUNING_TYPE works too, and a second custom method sees only the unpruned entries
    class Static extends FooBarPruningMethod {
      static PRUNING_TYPE = 'unstructured';
    }
    Static.apply(model.fc3, 'bias');
    expect(values(attrs(model.fc3).bias_mask)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(() => new prune.BasePruningMethod()).toThrow(new TypeError("Can't instantiate abstract class BasePruningMethod with abstract method compute_mask"));
  });

  it('random_unstructured prunes exactly round(amount * numel) entries, repeatably under manual_seed', () => {
    const maskOf = (amount: number) => {
      const m = new nn.Linear(5, 4);
      prune.random_unstructured(m, 'weight', amount);
      return attrs(m).weight_mask;
    };
    torch.manual_seed(3);
    const a = maskOf(0.3);
    expect(countZeros(a)).toBe(6);
    expect(countZeros(maskOf(7))).toBe(7);
    expect(countZeros(maskOf(0))).toBe(0);
    expect(countZeros(maskOf(20))).toBe(20);
    torch.manual_seed(3);
    expect(values(maskOf(0.3))).toEqual(values(a));
    // on top of an l1 mask: the new entries come from the unpruned ones
    const m = new nn.Linear(5, 4);
    prune.l1_unstructured(m, 'weight', 5);
    const first = values(attrs(m).weight_mask);
    prune.random_unstructured(m, 'weight', 0.5);
    const second = values(attrs(m).weight_mask);
    expect(second.filter((v) => v === 0).length).toBe(5 + 8); // round(0.5 * 15), half to even
    expect(first.every((v, i) => v === 1 || second[i] === 0)).toBe(true);
  });

  it('random_structured prunes exactly that many whole channels along dim, repeatably under manual_seed', () => {
    const maskOf = (amount: number, dim: number) => {
      const m = new nn.Conv2d(3, 6, 2);
      prune.random_structured(m, 'weight', amount, dim);
      return attrs(m).weight_mask;
    };
    const zeroChannels = (mask: Tensor, dim: number) => {
      const d = dim < 0 ? dim + 4 : dim;
      const others = [0, 1, 2, 3].filter((i) => i !== d);
      const sums = mask.sum(others).tolist() as number[];
      const maxes = mask.amax(others).tolist() as number[];
      // every channel is all zeros or all ones
      expect(sums.every((s, i) => s === 0 || (maxes[i] === 1 && s === mask.numel() / mask.shape[d]))).toBe(true);
      return sums.filter((s) => s === 0).length;
    };
    torch.manual_seed(5);
    const a = maskOf(0.5, 0);
    expect(zeroChannels(a, 0)).toBe(3);
    expect(zeroChannels(maskOf(2, 1), 1)).toBe(2);
    expect(zeroChannels(maskOf(1, -1), -1)).toBe(1);
    expect(zeroChannels(maskOf(0, 0), 0)).toBe(0);
    torch.manual_seed(5);
    expect(values(maskOf(0.5, 0))).toEqual(values(a));
    // iterative: a second structured pruning only chooses among the channels still there
    const m = new nn.Conv2d(3, 6, 2);
    prune.random_structured(m, 'weight', 2, 0);
    prune.random_structured(m, 'weight', 2, 0);
    expect(zeroChannels(attrs(m).weight_mask, 0)).toBe(4);
  });

  it('amount rounds half to even, as Python; prune() and identity', () => {
    const t = torch.tensor([1, -3, 2, 0.5, 4]);
    expect(values(new prune.L1Unstructured(0.5).prune(t))).toEqual([0, -3, 2, 0, 4]); // round(2.5) = 2
    expect(values(new prune.L1Unstructured({ amount: 0.7 }).prune(t))).toEqual([0, -0, 0, 0, 4]); // round(3.5) = 4
    const method = new prune.L1Unstructured(2);
    const w = torch.tensor([[1, -3, 2], [0.5, 4, -0.1]]);
    expect(values(method.prune(w, torch.tensor([[1, 1, 0], [1, 1, 1]])))).toEqual([1, -3, 0, 0, 4, -0]);
    expect(values(method.prune(w, { importance_scores: torch.tensor([[6, 5, 4], [3, 2, 1]]) }))).toEqual([1, -3, 2, 0.5, 0, -0]);
    const m = new nn.Linear(3, 2);
    const before = values(m.weight);
    expect(prune.identity(m, 'weight')).toBe(m);
    expect(values(attrs(m).weight_mask)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(values(m.weight)).toEqual(before);
    expect([...m._forward_pre_hooks.values()][0]).toBeInstanceOf(prune.Identity);
    expect(prune.is_pruned(new nn.Sequential(new nn.ReLU(), m))).toBe(true);
  });

  it('PruningContainer holds methods of one tensor and refuses others, as PyTorch', () => {
    const m = new nn.Linear(3, 2);
    const a = prune.L1Unstructured.apply(m, 'weight', 1);
    expect(a).toBeInstanceOf(prune.L1Unstructured);
    const container = prune.LnStructured.apply(m, 'weight', { amount: 1, n: 1, dim: 0 });
    expect(container).toBeInstanceOf(prune.PruningContainer);
    expect(container.length).toBe(2);
    expect([...(container as InstanceType<typeof prune.PruningContainer>)][0]).toBe(a);
    const c = new prune.PruningContainer();
    expect(c.length).toBe(0);
    expect(() => c.add_pruning_method(3 as never)).toThrow(new TypeError("<class 'int'> is not a BasePruningMethod subclass"));
    const other = new prune.L1Unstructured(0.2);
    other._tensor_name = 'bias';
    expect(() => (container as InstanceType<typeof prune.PruningContainer>).add_pruning_method(other)).toThrow(
      new RangeError("Can only add pruning methods acting on the parameter named 'weight' to PruningContainer <torch.nn.utils.prune.PruningContainer object>. Found 'bias'"),
    );
    expect(() => new prune.PruningContainer(3 as never)).toThrow("'int' object has no attribute '_tensor_name'");
    expect(() => new prune.PruningContainer(new prune.L1Unstructured(0.2))).toThrow("'L1Unstructured' object has no attribute '_tensor_name'");
    expect(() => new prune.L1Unstructured(0.2).apply_mask(m)).toThrow(new TypeError("'L1Unstructured' object has no attribute '_tensor_name'"));
  });

  it('refuses what PyTorch refuses, leaving the module as it was when a first pruning fails', () => {
    const lin = () => new nn.Linear(3, 2);
    expect(() => prune.l1_unstructured(lin(), 'foo', 0.3)).toThrow(new TypeError("'Linear' object has no attribute 'foo'"));
    expect(() => prune.l1_unstructured(new nn.Linear(3, 2, false), 'bias', 0.3)).toThrow(new TypeError("ones_like(): argument 'input' (position 1) must be Tensor, not NoneType"));
    const m = lin();
    expect(() => prune.l1_unstructured(m, 'weight', 7)).toThrow(new RangeError('amount=7 should be smaller than the number of parameters to prune=6'));
    expect(names(m.named_parameters())).toEqual(['bias', 'weight']); // rolled back, weight re-added last as in PyTorch
    expect(names(m.named_buffers())).toEqual([]);
    expect(m._forward_pre_hooks.size).toBe(0);
    // a failed second pruning counts only the unpruned entries, and (as in PyTorch) leaves the hook dropped
    const twice = prune.l1_unstructured(lin(), 'weight', 2);
    expect(() => prune.l1_unstructured(twice, 'weight', 100)).toThrow('amount=100 should be smaller than the number of parameters to prune=4');
    expect(twice._forward_pre_hooks.size).toBe(0);
    expect(names(twice.named_parameters())).toEqual(['bias', 'weight_orig']);
    expect(names(twice.named_buffers())).toEqual(['weight_mask']);
    expect(prune.is_pruned(twice)).toBe(false);
    expect(() => prune.l1_unstructured(lin(), 'weight', -1)).toThrow(new RangeError('amount=-1 should either be a float in the range [0, 1] or a non-negative integer'));
    expect(() => prune.l1_unstructured(lin(), 'weight', 1.5)).toThrow('amount=1.5 should either be a float in the range [0, 1] or a non-negative integer');
    expect(() => prune.l1_unstructured(lin(), 'weight', 'a' as never)).toThrow(new TypeError('Invalid type for amount: a. Must be int or float.'));
    expect(() => prune.l1_unstructured(lin(), 'weight', null as never)).toThrow('Invalid type for amount: None. Must be int or float.');
    expect(() => prune.ln_structured(lin(), 'bias', 0.5, 2, 0)).toThrow(
      new RangeError('Structured pruning can only be applied to multidimensional tensors. Found tensor of shape torch.Size([2]) with 1 dims'),
    );
    expect(() => prune.ln_structured(lin(), 'weight', 0.5, 2, 2)).toThrow(new RangeError('Invalid index 2 for tensor of size torch.Size([2, 3])'));
    expect(() => prune.ln_structured(lin(), 'weight', 0.5, 2, -3)).toThrow('tuple index out of range');
    expect(() => prune.ln_structured(lin(), 'weight', 3, 2, 0)).toThrow('amount=3 should be smaller than the number of parameters to prune=2');
    expect(() => prune.random_structured(lin(), 'weight', 3, 0)).toThrow('amount=3 should be smaller than the number of parameters to prune=2');
    expect(() => prune.ln_structured(new nn.Conv2d(3, 6, 2), 'weight', 0.5, 'fro', 0)).toThrow('Expected at most 2 dimensions, but got 3 dimensions instead.');
    expect(() => prune.l1_unstructured(lin(), 'weight', 0.3, torch.ones(3))).toThrow(
      new Error('importance_scores should have the same shape as parameter weight of Linear(in_features=3, out_features=2, bias=True)'),
    );
    expect(() => prune.custom_from_mask(lin(), 'weight', torch.ones(3))).toThrow(Error);
    expect(() => prune.remove(lin(), 'weight')).toThrow(
      new RangeError("Parameter 'weight' of module Linear(in_features=3, out_features=2, bias=True) has to be pruned before pruning can be removed"),
    );
    const bn = new nn.BatchNorm1d(3);
    expect(() => prune.l1_unstructured(bn, 'running_mean', 1)).toThrow(
      new TypeError("cannot assign 'torch.FloatTensor' object to parameter 'running_mean_orig' (torch.nn.Parameter or None required)"),
    );
    expect(() => prune.global_unstructured(5 as never, prune.L1Unstructured, { amount: 0.2 })).toThrow(new TypeError('global_unstructured(): parameters is not an Iterable'));
    expect(() => prune.global_unstructured([[lin(), 'weight']], prune.L1Unstructured, [1] as never, { amount: 0.2 })).toThrow(
      new TypeError('global_unstructured(): importance_scores must be of type dict'),
    );
    expect(() => prune.global_unstructured([[lin(), 'weight']], { pruning_method: prune.RandomStructured, amount: 0.2 })).toThrow(
      new TypeError('Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. Found method <class \'torch.nn.utils.prune.RandomStructured\'> of type structured'),
    );
    expect(() => prune.global_unstructured([[lin(), 'weight']], prune.LnStructured, { amount: 0.2 })).toThrow(new TypeError("LnStructured.__init__() missing 1 required positional argument: 'n'"));
    expect(() => prune.global_unstructured([[lin(), 'weight']], prune.L1Unstructured, { amount: 10 })).toThrow('amount=10 should be smaller than the number of parameters to prune=6');
    expect(() => prune.global_unstructured([[lin(), 'weight']], { amount: 0.2 })).toThrow("global_unstructured() missing 1 required positional argument: 'pruning_method'");
    expect(() => prune.l1_unstructured(lin(), 'weight')).toThrow(new TypeError("l1_unstructured() missing 1 required positional argument: 'amount'"));
    expect(() => prune.l1_unstructured(lin(), { name: 'weight', amount: 0.2, bogus: 1 } as never)).toThrow("l1_unstructured() got an unexpected keyword argument 'bogus'");
    expect(() => prune.is_pruned(5 as never)).toThrow(TypeError);
  });
});
