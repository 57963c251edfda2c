// ModuleDict, ParameterList, ParameterDict and Unflatten: registration as PyTorch's (parameter names, state_dict,
// optimizers see them), dict/list methods, reprs from PyTorch 1.13, errors.
import { describe, it, expect } from 'vitest';
import * as torch from '../lib/index';
import { expectError } from './helpers';

const { nn } = torch;

class Net extends nn.Module {
  layers = new nn.ModuleDict({ fc: new nn.Linear(2, 3), act: new nn.ReLU() });
  scales = new nn.ParameterList([torch.ones(3), new nn.Parameter(torch.zeros(1), false)]);
  extra = new nn.ParameterDict({ shift: torch.zeros(3) });
  override forward(x: torch.Tensor) {
    const h = this.layers.get('act')!(this.layers.get('fc')!(x)) as torch.Tensor;
    return h.mul(this.scales.at(0)).add(this.extra.get('shift')!);
  }
}

describe('containers', () => {
  it("register their entries under PyTorch's names, for state_dict and optimizers", () => {
    const net = new Net();
    expect([...net.named_parameters()].map(([n]) => n)).toEqual(['layers.fc.weight', 'layers.fc.bias', 'scales.0', 'scales.1', 'extra.shift']);
    expect(Object.keys(net.state_dict())).toEqual(['layers.fc.weight', 'layers.fc.bias', 'scales.0', 'scales.1', 'extra.shift']);
    expect(net.scales.at(1).requires_grad).toBe(false); // a Parameter keeps its requires_grad
    expect(net.scales.at(-2)).toBeInstanceOf(nn.Parameter);
    const opt = new torch.optim.SGD(net.parameters(), { lr: 0.5 });
    (net(torch.ones(4, 2)) as torch.Tensor).sum().backward();
    opt.step();
    expect(net.extra.get('shift')!.tolist()).toEqual([-2, -2, -2]); // d(sum)/d(shift) = 4 rows
  });

  it('ModuleDict and ParameterDict: keys, values, items, has, set, pop, update, clear, iteration in order', () => {
    const d = new nn.ModuleDict([['b', new nn.Tanh()], ['a', new nn.Sigmoid()]]);
    expect(d.keys()).toEqual(['b', 'a']);
    expect([...d]).toEqual(['b', 'a']);
    expect(d.length).toBe(2);
    d.set('c', new nn.ReLU()).update({ b: new nn.ReLU6() });
    expect(d.items().map(([k, m]) => `${k}:${m.constructor.name}`)).toEqual(['b:ReLU6', 'a:Sigmoid', 'c:ReLU']);
    expect(d.has('a')).toBe(true);
    expect(d.pop('a')).toBeInstanceOf(nn.Sigmoid);
    expect(d.has('a')).toBe(false);
    d.clear();
    expect(d.length).toBe(0);
    const p = new nn.ParameterDict({ w: torch.ones(2) });
    expect(p.values()[0]).toBeInstanceOf(nn.Parameter);
    expect(p.get('nope')).toBeUndefined();
  });

  it('print like PyTorch', () => {
    expect(String(new nn.ModuleDict({ fc: new nn.Linear(2, 3), act: new nn.ReLU() }))).toBe(
      'ModuleDict(\n  (fc): Linear(in_features=2, out_features=3, bias=True)\n  (act): ReLU()\n)',
    );
    expect(String(new nn.ParameterList([torch.ones(2, 3), torch.ones(3, { dtype: 'float64' })]))).toBe(
      'ParameterList(\n    (0): Parameter containing: [torch.float32 of size 2x3]\n    (1): Parameter containing: [torch.float64 of size 3]\n)',
    );
    expect(String(new nn.ParameterDict({ a: torch.ones(2), b: torch.ones(1, 1) }))).toBe(
      'ParameterDict(\n    (a): Parameter containing: [torch.FloatTensor of size 2]\n    (b): Parameter containing: [torch.FloatTensor of size 1x1]\n)',
    );
    expect(String(new nn.Unflatten(1, [2, 5]))).toBe('Unflatten(dim=1, unflattened_size=(2, 5))');
  });

  it('Unflatten splits one dim', () => {
    expect((new nn.Unflatten(1, [2, -1])(torch.zeros(3, 10, 4)) as torch.Tensor).shape).toEqual([3, 2, 5, 4]);
    expect((new nn.Unflatten(-1, [2, 2])(torch.zeros(3, 4)) as torch.Tensor).shape).toEqual([3, 2, 2]);
  });

  it("refuses what PyTorch refuses", () => {
    expect(() => new nn.ModuleDict({ train: new nn.ReLU() })).toThrow(new RangeError("attribute 'train' already exists"));
    expect(() => new nn.ModuleDict({ training: new nn.ReLU() })).toThrow(new RangeError("attribute 'training' already exists"));
    expect(() => new nn.ModuleDict({ a: 3 as never })).toThrow(new TypeError("ModuleDict: int is not a Module subclass (at 'a')"));
    expect(() => new nn.ParameterList([3 as never])).toThrow(new TypeError("ParameterList: int is not a Tensor (at '0')"));
    expect(() => new nn.ModuleDict().pop('x')).toThrow(new RangeError("KeyError: 'x'"));
    expect(() => new nn.ParameterList().at(0)).toThrow(new RangeError('index 0 is out of range'));
  });
});

// Results and messages from PyTorch 1.13 (AttributeError there, TypeError here) on the same model:
// m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)); m.extra = torch.zeros(1)
describe('get_submodule / get_parameter / get_buffer', () => {
  const m = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));
  (m as unknown as { extra: torch.Tensor }).extra = torch.zeros(1);
  const lin = m.get_submodule('0') as InstanceType<typeof nn.Linear>;

  it('find the module, Parameter or buffer at a dotted path', () => {
    expect(m.get_submodule('')).toBe(m);
    expect(lin).toBeInstanceOf(nn.Linear);
    expect(m.get_parameter('0.weight')).toBe(lin.weight);
    expect(m.get_parameter('0.weight').shape).toEqual([3, 2]);
    expect(m.get_buffer('1.running_mean')!.shape).toEqual([3]);
    expect(m.get_buffer('1.num_batches_tracked')!.dtype).toBe('int64');
    expect(m.get_buffer('1.running_var')).toBe([...m.named_buffers()].find(([n]) => n === '1.running_var')![1]);
  });

  it("refuse other paths with PyTorch's messages", () => {
    const cases: [() => unknown, string][] = [
      [() => m.get_submodule('2'), 'Sequential has no attribute `2`'],
      [() => m.get_submodule('0.weight'), '`weight` is not an nn.Module'],
      [() => m.get_submodule('0.x.y'), 'Linear has no attribute `x`'],
      [() => m.get_parameter('0'), '`0` is not an nn.Parameter'],
      [() => m.get_parameter('1.running_mean'), '`running_mean` is not an nn.Parameter'],
      [() => m.get_parameter('0.nope'), 'Linear has no attribute `nope`'],
      [() => m.get_parameter('weight'), 'Sequential has no attribute `weight`'],
      [() => m.get_buffer('0.weight'), '`weight` is not a buffer'],
      [() => m.get_buffer('1.nope'), 'BatchNorm1d has no attribute `nope`'],
      [() => m.get_buffer('extra'), '`extra` is not a buffer'],
      [() => m.get_submodule(0 as never), "get_submodule(): argument 'target' must be str, not int"],
    ];
    for (const [call, message] of cases) expectError(call, TypeError, message);
  });
});
