// nn.Module API: callable modules, registration, traversal, modes, state_dict, repr (strings from PyTorch 1.13),
// layers and init; each on both backends.
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const { nn } = torch;
const F = nn.functional;

class Block extends nn.Module {
  lin = new nn.Linear(4, 3, false);
  act = new nn.Hardtanh(-2, 2);
  override forward(x: torch.Tensor) {
    return this.act(this.lin(x));
  }
}

class Net extends nn.Module {
  features = new nn.Sequential(new nn.Linear(8, 4), new nn.ReLU(), new nn.Dropout(0.25));
  block = new Block();
  heads = new nn.ModuleList([new nn.Linear(3, 2), new nn.Softmax(1)]);
  flat = new nn.Flatten();
  override forward(x: torch.Tensor) {
    let h = this.block(this.features(this.flat(x)));
    for (const head of this.heads) h = head(h);
    return h;
  }
}

describe.each(BACKENDS)('nn.Module on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('prints and registers like PyTorch (names, order, traversal)', () => {
    const net = new Net();
    expect(String(net)).toBe(
      'Net(\n  (features): Sequential(\n    (0): Linear(in_features=8, out_features=4, bias=True)\n    (1): ReLU()\n    (2): Dropout(p=0.25, inplace=False)\n  )\n  (block): Block(\n    (lin): Linear(in_features=4, out_features=3, bias=False)\n    (act): Hardtanh(min_val=-2.0, max_val=2.0)\n  )\n  (heads): ModuleList(\n    (0): Linear(in_features=3, out_features=2, bias=True)\n    (1): Softmax(dim=1)\n  )\n  (flat): Flatten(start_dim=1, end_dim=-1)\n)',
    );
    expect([...net.named_parameters()].map(([n]) => n)).toEqual(['features.0.weight', 'features.0.bias', 'block.lin.weight', 'heads.0.weight', 'heads.0.bias']);
    expect([...net.named_modules()].map(([n]) => n)).toEqual(['', 'features', 'features.0', 'features.1', 'features.2', 'block', 'block.lin', 'block.act', 'heads', 'heads.0', 'heads.1', 'flat']);
    expect([...net.children()].length).toBe(4);
    expect([...net.parameters()].every((p) => p.requires_grad && p instanceof nn.Parameter)).toBe(true);
  });

  it('is callable, trains end to end, and exposes every gradient', () => {
    torch.manual_seed(1);
    const net = new Net();
    const out = net(torch.randn(5, 2, 4));
    expect(out.shape).toEqual([5, 2]);
    expect((out.sum(1).tolist() as number[]).every((s) => Math.abs(s - 1) < 1e-6)).toBe(true);
    out.select(1, 0).sum().backward();
    for (const [name, p] of net.named_parameters()) {
      expect(p.grad, name).not.toBeNull();
      expect(p.grad!.shape).toEqual(p.shape);
    }
    net.zero_grad();
    expect([...net.parameters()].every((p) => p.grad === null)).toBe(true);
  });

  it('train()/eval() reach every submodule and switch Dropout', () => {
    torch.manual_seed(2);
    const drop = new nn.Dropout(0.5);
    const seq = new nn.Sequential(new nn.Identity(), drop);
    const x = torch.ones(1000);
    const y = seq(x);
    const zeros = (y.eq(0).sum().item() as number) / 1000;
    expect(zeros).toBeGreaterThan(0.4);
    expect(zeros).toBeLessThan(0.6);
    expect(new Set(y.tolist() as number[])).toEqual(new Set([0, 2]));
    seq.eval();
    expect(drop.training).toBe(false);
    expect(seq(x).tolist()).toEqual(x.tolist());
    seq.train();
    expect(drop.training).toBe(true);
  });

  it('zero_grad(false) keeps zero tensors', () => {
    const lin = new nn.Linear(2, 2);
    lin(torch.ones(1, 2)).sum().backward();
    lin.zero_grad(false);
    expect(lin.weight.grad!.tolist()).toEqual([[0, 0], [0, 0]]);
  });

  it('state_dict / load_state_dict round-trip, with strict key and shape checks', () => {
    torch.manual_seed(3);
    const a = new Net();
    const b = new Net();
    expect(Object.keys(a.state_dict())).toEqual(['features.0.weight', 'features.0.bias', 'block.lin.weight', 'heads.0.weight', 'heads.0.bias']);
    b.load_state_dict(a.state_dict());
    for (const [name, p] of b.named_parameters()) expect(p.tolist()).toEqual(a.state_dict()[name].tolist());
    const partial = a.state_dict();
    delete (partial as Record<string, unknown>)['block.lin.weight'];
    expect(() => b.load_state_dict(partial)).toThrow(/Missing key\(s\) in state_dict: "block.lin.weight"/);
    expect(b.load_state_dict(partial, false).missing_keys).toEqual(['block.lin.weight']);
    const wrong = { ...a.state_dict(), 'heads.0.bias': torch.zeros(3) };
    expect(() => b.load_state_dict(wrong)).toThrow(/size mismatch for heads.0.bias: copying a param with shape \[3\] from checkpoint, the shape in current model is \[2\]/);
  });

  it('Sequential/ModuleList indexing, named Sequential, append', () => {
    const seq = new nn.Sequential({ fc: new nn.Linear(3, 2), act: new nn.Tanh() });
    expect(Object.keys(seq.state_dict())).toEqual(['fc.weight', 'fc.bias']);
    expect(String(seq.at(-1))).toBe('Tanh()');
    expect(seq.length).toBe(2);
    const list = new nn.ModuleList().append(new nn.ReLU()).append(new nn.Sigmoid());
    expect([...list].map(String)).toEqual(['ReLU()', 'Sigmoid()']);
    expect(() => new nn.Sequential(3 as unknown as torch.nn.Module)).toThrow(TypeError);
  });

  it('Linear: PyTorch default init bounds, F.linear, in_features checks', () => {
    torch.manual_seed(4);
    const lin = new nn.Linear(100, 50);
    const bound = 1 / Math.sqrt(100);
    const w = lin.weight.tolist() as number[][];
    const flat = w.flat();
    expect(Math.max(...flat.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...flat.map(Math.abs))).toBeGreaterThan(0.95 * bound);
    expect(Math.max(...(lin.bias!.tolist() as number[]).map(Math.abs))).toBeLessThanOrEqual(bound);
    const x = torch.randn(7, 100);
    const manual = x.matmul(lin.weight.t()).add(lin.bias!);
    expect(lin(x).tolist()).toEqual(manual.tolist());
    expect(() => lin(torch.randn(7, 99))).toThrow(/linear\(\): mat1 and mat2 shapes cannot be multiplied \(7x99 and 100x50/);
    expect(() => new nn.Linear(-1, 2)).toThrow(RangeError);
  });

  it('nn.init follows PyTorch formulas', () => {
    torch.manual_seed(5);
    const t = torch.empty(200, 300);
    const stats = (x: torch.Tensor) => [x.mean().item() as number, x.std().item() as number];
    nn.init.xavier_uniform_(t);
    expect(stats(t)[1]).toBeCloseTo(Math.sqrt(2 / 500), 2);
    nn.init.kaiming_normal_(t, { mode: 'fan_in', nonlinearity: 'relu' });
    expect(stats(t)[1]).toBeCloseTo(Math.sqrt(2 / 300), 2);
    nn.init.constant_(t, 0.5);
    expect(stats(t)).toEqual([0.5, 0]);
    expect(nn.init.calculate_gain('tanh')).toBeCloseTo(5 / 3);
    expect(nn.init.calculate_gain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04));
    expect(() => nn.init.xavier_uniform_(torch.empty(3))).toThrow(/fewer than 2 dimensions/);
  });

  it('activation modules equal their F and torch forms; PReLU learns its slope', () => {
    torch.manual_seed(6);
    const x = torch.randn(4, 6).mul(4);
    const pairs: [torch.nn.Module, (x: torch.Tensor) => torch.Tensor][] = [
      [new nn.ReLU(), torch.relu],
      [new nn.ReLU6(), F.relu6],
      [new nn.LeakyReLU(0.2), (t) => F.leaky_relu(t, 0.2)],
      [new nn.Threshold(0.5, -1), (t) => F.threshold(t, 0.5, -1)],
      [new nn.Sigmoid(), torch.sigmoid],
      [new nn.Tanh(), torch.tanh],
      [new nn.Softmax(1), (t) => torch.softmax(t, 1)],
      [new nn.LogSoftmax(0), (t) => torch.log_softmax(t, 0)],
      [new nn.Softmin(1), (t) => F.softmin(t, 1)],
      [new nn.GELU('tanh'), (t) => F.gelu(t, { approximate: 'tanh' })],
      [new nn.SELU(), torch.selu],
      [new nn.CELU(0.5), (t) => torch.celu(t, 0.5)],
      [new nn.ELU(), F.elu],
      [new nn.SiLU(), F.silu],
      [new nn.Mish(), F.mish],
      [new nn.Softplus(2, 10), (t) => F.softplus(t, 2, 10)],
      [new nn.Hardswish(), F.hardswish],
    ];
    for (const [m, f] of pairs) expect(m(x).tolist(), String(m)).toEqual(f(x).tolist());
    expect(String(new nn.LeakyReLU())).toBe('LeakyReLU(negative_slope=0.01)');
    expect(String(new nn.ELU())).toBe('ELU(alpha=1.0)');
    expect(String(new nn.Softplus())).toBe('Softplus(beta=1, threshold=20)');
    expect(String(new nn.GELU())).toBe("GELU(approximate='none')");
    expect(String(new nn.Threshold(0.1, 20))).toBe('Threshold(threshold=0.1, value=20.0)');
    const prelu = new nn.PReLU();
    prelu(torch.tensor([-2, 3])).sum().backward();
    expect(prelu.weight.grad!.tolist()).toEqual([-2]);
    expect(() => new nn.Softmax()(x)).toThrow(/dim must be given/);
  });

  it('constructors take PyTorch keyword arguments as one options object, positional or mixed', () => {
    expect(String(new nn.Softmax({ dim: 1 }))).toBe('Softmax(dim=1)');
    expect(String(new nn.LeakyReLU({ negative_slope: 0.1 }))).toBe('LeakyReLU(negative_slope=0.1)');
    expect(String(new nn.LeakyReLU(0.2, { inplace: true }))).toBe('LeakyReLU(negative_slope=0.2, inplace=True)');
    expect(String(new nn.ReLU({ inplace: false }))).toBe('ReLU()');
    expect(String(new nn.Dropout({ p: 0.1 }))).toBe('Dropout(p=0.1, inplace=False)');
    expect(String(new nn.Hardtanh({ max_val: 3 }))).toBe('Hardtanh(min_val=-1.0, max_val=3.0)');
    expect(String(new nn.ELU({ alpha: 0.5 }))).toBe('ELU(alpha=0.5)');
    expect(String(new nn.GELU({ approximate: 'tanh' }))).toBe("GELU(approximate='tanh')");
    expect(String(new nn.Softplus({ threshold: 10 }))).toBe('Softplus(beta=1, threshold=10)');
    expect(String(new nn.Flatten({ start_dim: 0 }))).toBe('Flatten(start_dim=0, end_dim=-1)');
    expect(String(new nn.Linear(3, 2, { bias: false }))).toBe('Linear(in_features=3, out_features=2, bias=False)');
    expect(String(new nn.Linear({ in_features: 3, out_features: 2 }))).toBe('Linear(in_features=3, out_features=2, bias=True)');
    expect(new nn.PReLU({ num_parameters: 3, init: 0.1 }).weight.tolist()).toEqual([0.1, 0.1, 0.1].map(Math.fround));
    expect(() => new nn.LeakyReLU({ slope: 0.1 } as never)).toThrow(/LeakyReLU.__init__\(\) got an unexpected keyword argument 'slope'/);
    expect(() => new nn.LeakyReLU(0.1, { negative_slope: 0.2 })).toThrow(/got multiple values for argument 'negative_slope'/);
    expect(() => new nn.Dropout({ p: 2 })).toThrow(/dropout probability has to be between 0 and 1, but got 2/);
    expect(() => new nn.Threshold(0.5)).toThrow(/missing required arguments/);
    const opt = new torch.optim.SGD(new nn.Linear(2, 2).parameters(), { lr: 1 });
    expect(new torch.optim.lr_scheduler.CosineAnnealingLR(opt, { T_max: 10 }).T_max).toBe(10);
    expect(new torch.optim.lr_scheduler.StepLR(opt, { step_size: 3, gamma: 0.5 }).gamma).toBe(0.5);
  });

  it('a Module without forward says so', () => {
    class Empty extends nn.Module {}
    expect(() => new Empty()(torch.ones(1))).toThrow(/Module \[Empty\] is missing the required "forward" function/);
  });
});

describe('Module.double / float / to(dtype) / type: the same parameter objects, converted in place (PyTorch 1.13)', () => {
  it('converts floating parameters, their gradients and floating buffers, keeping integer buffers', () => {
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));
    const weight = (model.at(0) as nn.Linear).weight;
    const before = weight.tolist() as number[][];
    weight.grad = torch.ones(3, 2);
    const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
    const bn = model.at(1) as nn.BatchNorm1d;
    expect(model.double()).toBe(model);
    expect((model.at(0) as nn.Linear).weight).toBe(weight); // the same Parameter: the optimizer still holds it
    expect([weight.dtype, weight.grad!.dtype, weight.requires_grad, bn.running_mean!.dtype, bn.num_batches_tracked!.dtype]).toEqual(['float64', 'float64', true, 'float64', 'int64']);
    expect(weight.tolist()).toEqual(before); // float32 values are exact in float64
    const y = model(torch.randn(4, 2).double()) as torch.Tensor;
    expect(y.dtype).toBe('float64');
    y.sum().backward();
    opt.step();
    expect(weight.dtype).toBe('float64');
    model.float();
    expect([weight.dtype, bn.running_var!.dtype, bn.num_batches_tracked!.dtype]).toEqual(['float32', 'float32', 'int64']);
    expect(model.to('cpu', torch.float64)).toBe(model);
    expect(weight.dtype).toBe('float64');
    model.to({ dtype: 'float32' });
    model.to(torch.zeros(1, { dtype: 'float64' }));
    expect(weight.dtype).toBe('float64');
    // type() casts every tensor, integer buffers too, as PyTorch's
    model.type(torch.float32);
    expect([weight.dtype, bn.num_batches_tracked!.dtype]).toEqual(['float32', 'float32']);
    model.half();
    expect([weight.dtype, bn.num_batches_tracked!.dtype]).toEqual(['float16', 'float16']); // half() casts every floating tensor, as type() left it float32
  });
});

