// torch.optim.swa_utils on each backend: AveragedModel (equal and custom averages, with and without buffers),
// SWALR's lr sequences and update_bn's running statistics against PyTorch 1.13 (test/fixtures/swa_utils.json from
// scripts/gen_swa_fixtures.py, float64), and PyTorch's errors.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';
import { Tensor } from '../lib/index';
import { BACKENDS, expectClose, useBackend, type Tolerance } from './helpers';

const { nn, optim } = torch;
const { AveragedModel, SWALR, update_bn } = optim.swa_utils;

interface Values {
  shape: number[];
  values: number[];
  dtype: 'float64' | 'int64';
}
type State = Record<string, Values>;
interface Fixtures {
  training: { x: Values; y: Values; lrs: number[]; model: State; swa: State };
  x: Values;
  states: State[];
  averaging: { name: string; avg_fn: 'ema' | null; use_buffers: boolean; steps: { state: State; output: Values }[] }[];
  swalr: { name: string; args: (number | number[] | string)[]; kwargs: Record<string, unknown>; lrs: number[][]; swa_lrs: number[] }[];
  update_bn: { data: Values; before: State; after: State; momentum: number; training: boolean; output: Values };
}
const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'swa_utils.json'), 'utf8'));

/** float64, the same arithmetic up to rounding order (batch norm statistics summed in another order). */
const TOL: Tolerance = { rtol: 1e-12, atol: 1e-13 };

const toTensor = (v: Values): Tensor => torch.tensor(v.values, { dtype: v.dtype }).reshape(v.shape);
const toState = (s: State): Record<string, Tensor> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, toTensor(v)]));
const make = () => new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2)).double();

function expectState(actual: Record<string, Tensor>, expected: State, what: string): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [k, v] of Object.entries(expected)) {
    expect(actual[k].shape, `${what} ${k}`).toEqual(v.shape);
    expect(actual[k].dtype, `${what} ${k}`).toBe(v.dtype);
    expectClose(Array.from(actual[k].reshape(-1).tolist() as number[]), v.values, TOL, `${what} ${k}`);
  }
}

describe.each(BACKENDS)('swa_utils against PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(fixtures.averaging.map((c) => [c.name, c] as const))('AveragedModel %s', (_name, c) => {
    const model = make();
    model.load_state_dict(toState(fixtures.states[0]));
    const ema = (a: Tensor, p: Tensor) => a.mul(0.25).add(p.mul(0.75));
    const swa = new AveragedModel(model, { avg_fn: c.avg_fn ? ema : null, use_buffers: c.use_buffers });
    const x = toTensor(fixtures.x);
    fixtures.states.forEach((s, i) => {
      model.load_state_dict(toState(s));
      swa.update_parameters(model);
      swa.eval();
      expectState(swa.state_dict(), c.steps[i].state, `${c.name} step ${i}`);
      expectClose(Array.from((swa(x) as Tensor).reshape(-1).tolist() as number[]), c.steps[i].output.values, TOL, `${c.name} output ${i}`);
    });
    expect(swa.n_averaged.item()).toBe(fixtures.states.length);
  });

  it.each(fixtures.swalr.map((c) => [c.name, c] as const))('SWALR %s', (_name, c) => {
    const w = torch.zeros(2).requires_grad_();
    const b = torch.zeros(2).requires_grad_();
    const opt = new optim.SGD([{ params: [w] }, { params: [b], lr: 0.05 }], { lr: 0.1 });
    const sched = new SWALR(opt, ...(c.args as number[]), c.kwargs);
    const lrs = [opt.param_groups.map((g) => g.lr)];
    for (let i = 0; i < 14; i++) {
      opt.step();
      sched.step();
      lrs.push(opt.param_groups.map((g) => g.lr));
    }
    expectClose(lrs.flat(), c.lrs.flat(), { rtol: 1e-14, atol: 1e-16 }, c.name);
    expect(opt.param_groups.map((g) => g.swa_lr)).toEqual(c.swa_lrs);
    expect(sched.get_last_lr()).toEqual(lrs[lrs.length - 1]);
  });

  it('update_bn recomputes the running stats as cumulative averages over the loader', () => {
    const f = fixtures.update_bn;
    const model = make();
    const swa = new AveragedModel(model);
    swa.load_state_dict(toState(f.before));
    swa.eval();
    const data = toTensor(f.data);
    const targets = torch.zeros(15, 2);
    const bn = (swa.module as unknown as Tensor[])[1] as unknown as InstanceType<typeof nn.BatchNorm1d>;
    const oldMean = bn.running_mean!;
    const oldValues = oldMean.tolist();
    update_bn([data.slice(0, 0, 5), [data.slice(0, 5, 10), targets.slice(0, 5, 10)], [data.slice(0, 10, 15), targets]], swa);
    expectState(swa.state_dict(), f.after, 'update_bn');
    expect(bn.momentum).toBe(f.momentum);
    expect(swa.training).toBe(f.training);
    expect(bn.training).toBe(false);
    expect(bn.running_mean).not.toBe(oldMean); // new tensors, the old ones untouched
    expect(oldMean.tolist()).toEqual(oldValues);
    expectClose(Array.from((swa(toTensor(fixtures.x)) as Tensor).reshape(-1).tolist() as number[]), f.output.values, TOL, 'output');
  });
});

describe.each(BACKENDS)('the documented SWA training loop against PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('SGD with CosineAnnealingLR, then SWALR and update_parameters per epoch, update_bn at the end', () => {
    const f = fixtures.training;
    const model = make();
    model.load_state_dict(toState(fixtures.states[0]));
    const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const cosine = new optim.lr_scheduler.CosineAnnealingLR(opt, { T_max: 8 });
    const swa = new AveragedModel(model);
    const swaSched = new SWALR(opt, { swa_lr: 0.02, anneal_epochs: 3, anneal_strategy: 'linear' });
    const [xs, ys] = [toTensor(f.x), toTensor(f.y)];
    const lrs: number[] = [];
    for (let epoch = 0; epoch < 10; epoch++) {
      for (let b = 0; b < 3; b++) {
        opt.zero_grad();
        nn.functional.mse_loss(model(xs.select(0, b)) as Tensor, ys.select(0, b)).backward();
        opt.step();
      }
      if (epoch >= 5) {
        swa.update_parameters(model);
        swaSched.step();
      } else cosine.step();
      lrs.push(opt.param_groups[0].lr);
    }
    update_bn([0, 1, 2].map((b) => [xs.select(0, b), ys.select(0, b)]), swa);
    expectClose(lrs, f.lrs, { rtol: 1e-14, atol: 1e-17 }, 'lrs');
    // ten epochs of momentum SGD: float64 rounding differences grow a little
    const tol: Tolerance = { rtol: 1e-10, atol: 1e-12 };
    for (const [actual, expected, what] of [[model.state_dict(), f.model, 'model'], [swa.state_dict(), f.swa, 'swa']] as const) {
      for (const [k, v] of Object.entries(expected)) expectClose(Array.from(actual[k].reshape(-1).tolist() as number[]), v.values, tol, `${what} ${k}`);
    }
  });
});

describe.each(BACKENDS)('swa_utils behaviour and errors on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('AveragedModel deep-copies the model and delegates forward', () => {
    const model = new nn.Linear(2, 2);
    const swa = new AveragedModel(model);
    expect(swa.module).not.toBe(model);
    expect([...swa.parameters()].every((p, i) => p !== [...model.parameters()][i])).toBe(true);
    expect([...swa.named_parameters()].map(([n]) => n)).toEqual(['module.weight', 'module.bias']);
    expect(Object.keys(swa.state_dict())).toEqual(['n_averaged', 'module.weight', 'module.bias']);
    expect(swa.n_averaged.dtype).toBe('int64');
    const x = torch.randn(3, 2);
    expect((swa(x) as Tensor).tolist()).toEqual(model(x).tolist());
    torch.no_grad(() => model.weight.add_(1));
    expect((swa(x) as Tensor).tolist()).not.toEqual(model(x).tolist());
    swa.update_parameters(model);
    expect(swa.module.weight.tolist()).toEqual(model.weight.tolist());
    expect(swa.module.weight.requires_grad).toBe(true);
    expect(swa.module.weight.grad).toBeNull();
  });

  it('update_bn leaves a model without batch norm alone and restores train mode', () => {
    let calls = 0;
    class Counting extends nn.Module {
      override forward(x: Tensor): Tensor {
        calls++;
        return x;
      }
    }
    const plain = new Counting().eval();
    update_bn([torch.randn(2, 2)], plain);
    expect(calls).toBe(0); // no batch norm: returns before running the model
    expect(plain.training).toBe(false);
    const net = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3, { momentum: 0.3 }));
    update_bn([torch.randn(4, 2)], net);
    expect(net.training).toBe(true);
    expect((net as unknown as { 1: { momentum: number } })[1].momentum).toBe(0.3);
  });

  it("PyTorch's errors", () => {
    const opt = new optim.SGD([{ params: [torch.zeros(1).requires_grad_()] }, { params: [torch.zeros(1).requires_grad_()] }], { lr: 0.1 });
    expect(() => new SWALR(opt, [0.1])).toThrow(new RangeError('swa_lr must have the same length as optimizer.param_groups: swa_lr has 1, optimizer.param_groups has 2'));
    expect(() => new SWALR(opt, 0.1, { anneal_strategy: 'exp' as 'cos' })).toThrow(new RangeError("anneal_strategy must by one of 'cos' or 'linear', instead got exp"));
    expect(() => new SWALR(opt, 0.1, -1)).toThrow(new RangeError('anneal_epochs must be equal or greater than 0, got -1'));
    expect(() => new SWALR(opt, 0.1, 1.5)).toThrow(new RangeError('anneal_epochs must be equal or greater than 0, got 1.5'));
    expect(() => new SWALR(opt)).toThrow(new TypeError("SWALR.__init__() missing 1 required positional argument: 'swa_lr'"));
    expect(() => new AveragedModel({} as never)).toThrow(TypeError);
    expect(() => new AveragedModel(new nn.Linear(1, 1), 'cuda')).toThrow(TypeError);
    expect(() => update_bn(5 as never, new nn.Linear(1, 1))).toThrow(TypeError);
  });

  it('SWALR state_dict round trip', () => {
    const opt = new optim.SGD([torch.zeros(1).requires_grad_()], { lr: 0.1 });
    const sched = new SWALR(opt, 0.01, { anneal_epochs: 3, anneal_strategy: 'linear' });
    sched.step();
    const state = sched.state_dict();
    expect(state).toMatchObject({ anneal_epochs: 3, anneal_strategy: 'linear', last_epoch: 1 });
    const opt2 = new optim.SGD([torch.zeros(1).requires_grad_()], { lr: 0.1 });
    const other = new SWALR(opt2, 0.5);
    other.load_state_dict(state);
    expect(other.anneal_func(0.5)).toBe(0.5);
  });
});
