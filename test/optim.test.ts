// torch.optim on each backend: PyTorch trajectories (test/fixtures/optim.json from scripts/gen_optim_fixtures.py),
// the optimizer API (groups, zero_grad, state_dict, closures, errors), schedulers, small trainings, and
// torch.nn.utils' gradient clipping.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';
import { Tensor } from '../lib/index';
import * as optim from '../lib/optim/index';
import { BACKENDS, expectClose, useBackend } from './helpers';

const { lr_scheduler } = optim;

interface Values {
  shape: number[];
  values: number[];
}
interface Fixtures {
  init: Record<'weight' | 'bias', Values>;
  x: Values;
  y: Values;
  cases: {
    name: string;
    optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
    options: Record<string, unknown>;
    groups: ({ params: ('weight' | 'bias')[] } & Record<string, unknown>)[] | null;
    scheduler: { name: 'StepLR' | 'CosineAnnealingLR'; args: number[] } | null;
    clip: { fn: ClipName; kwargs: Record<string, number> } | null;
    trajectory: Record<'weight' | 'bias', number[]>[];
  }[];
  clip: { name: string; fn: ClipName; kwargs: Record<string, number | 'inf'>; norm: number | null; grads: Record<'weight' | 'bias', number[]> }[];
  schedulers: { name: string; scheduler: keyof typeof SCHEDULERS; args: (number | number[])[]; lrs: number[][]; momenta: number[][] }[];
  sequential: { name: string; schedulers: { scheduler: string; args: (number | number[])[] }[]; milestones: number[]; lrs: number[][] }[];
  plateau: { name: string; options: Record<string, unknown>; metrics: number[]; lrs: number[][] }[];
}
type ClipName = 'clip_grad_norm_' | 'clip_grad_value_';
const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'optim.json'), 'utf8'));

/** Parameters after each step agree with PyTorch's float32 run to this (different rounding order of the updates). */
const PARAM_TOL = { rtol: 1e-5, atol: 1e-6 };
/** Learning rates are plain doubles on both sides. */
const LR_TOL = { rtol: 1e-12, atol: 1e-15 };

const fromValues = (v: Values) => torch.tensor(v.values).reshape(v.shape);
const values = (t: Tensor) => Array.from(t.data);

const OPTIMIZERS = { SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW, RMSprop: optim.RMSprop, Adagrad: optim.Adagrad, Adadelta: optim.Adadelta, Adamax: optim.Adamax, NAdam: optim.NAdam, RAdam: optim.RAdam };
const SCHEDULERS = {
  StepLR: lr_scheduler.StepLR,
  CosineAnnealingLR: lr_scheduler.CosineAnnealingLR,
  ExponentialLR: lr_scheduler.ExponentialLR,
  MultiStepLR: lr_scheduler.MultiStepLR,
  LinearLR: lr_scheduler.LinearLR,
  ConstantLR: lr_scheduler.ConstantLR,
  PolynomialLR: lr_scheduler.PolynomialLR,
  CosineAnnealingWarmRestarts: lr_scheduler.CosineAnnealingWarmRestarts,
  OneCycleLR: lr_scheduler.OneCycleLR,
} as unknown as Record<string, new (opt: AnyOptimizer, ...args: unknown[]) => InstanceType<typeof lr_scheduler.StepLR>>;
type AnyOptimizer = InstanceType<(typeof OPTIMIZERS)[keyof typeof OPTIMIZERS]>;

/** A quadratic-ish loss whose gradient is the same on every call, for comparing runs step by step. */
function quadraticLoss(params: Tensor[]): Tensor {
  return params.map((p, i) => p.sub(i + 0.5).pow(2).mul(i + 1).sum()).reduce((a, b) => a.add(b));
}

function trainSteps(opt: { zero_grad(): void; step(): unknown }, params: Tensor[], steps: number): void {
  for (let s = 0; s < steps; s++) {
    opt.zero_grad();
    quadraticLoss(params).backward();
    opt.step();
  }
}

/** Calls torch.nn.utils' clip function `fn` with PyTorch's keyword arguments as an options object. */
function clipGrads(fn: ClipName, params: Tensor[], kwargs: Record<string, unknown>): Tensor | void {
  return (torch.nn.utils[fn] as (p: Tensor[], o: Record<string, unknown>) => Tensor | void)(params, kwargs);
}

const leaf = (values: number[], options?: { dtype?: 'float32' | 'float64' }) => torch.tensor(values, { ...options, requires_grad: true });

describe.each(BACKENDS)('torch.optim on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe('matches PyTorch 1.13 step by step', () => {
    const x = fromValues(fixtures.x);
    const y = fromValues(fixtures.y);

    it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const params = {
        weight: fromValues(fixtures.init.weight).requires_grad_(),
        bias: fromValues(fixtures.init.bias).requires_grad_(),
      };
      const spec = c.groups
        ? c.groups.map((g) => ({ ...g, params: g.params.map((name) => params[name]) }))
        : Object.values(params);
      const opt: AnyOptimizer = new OPTIMIZERS[c.optimizer](spec, c.options);
      const sched = c.scheduler && new SCHEDULERS[c.scheduler.name](opt, c.scheduler.args[0], c.scheduler.args[1]);
      c.trajectory.forEach((expected, step) => {
        opt.zero_grad();
        x.matmul(params.weight).add(params.bias).tanh().sub(y).pow(2).mean().backward();
        if (c.clip) clipGrads(c.clip.fn, Object.values(params), c.clip.kwargs);
        opt.step();
        sched?.step();
        for (const name of ['weight', 'bias'] as const) {
          expectClose(values(params[name]), expected[name], PARAM_TOL, `${c.name}: ${name} after step ${step + 1}`);
        }
      });
    });

    it.each(fixtures.schedulers.map((c) => [c.name, c] as const))('lr_scheduler %s', (_name, c) => {
      const opt = new optim.SGD([{ params: [leaf([0])] }, { params: [leaf([0])], lr: 0.05 }], { lr: 0.1 });
      const sched = new SCHEDULERS[c.scheduler](opt, ...c.args);
      c.lrs.forEach((expected, epoch) => {
        if (epoch > 0) {
          opt.step();
          sched.step();
        }
        expect(sched.last_epoch).toBe(epoch);
        expectClose(sched.get_last_lr(), expected, LR_TOL, `${c.name} at epoch ${epoch}`);
        expectClose(opt.param_groups.map((g) => g.lr), expected, LR_TOL, `${c.name} groups at epoch ${epoch}`);
        // OneCycleLR cycles the momentum too; the others leave it at SGD's 0
        expectClose(opt.param_groups.map((g) => g.momentum), c.momenta[epoch], LR_TOL, `${c.name} momentum at epoch ${epoch}`);
      });
    });

    it.each(fixtures.sequential.map((c) => [c.name, c] as const))('lr_scheduler.SequentialLR %s', (_name, c) => {
      const opt = new optim.SGD([{ params: [leaf([0])] }, { params: [leaf([0])], lr: 0.05 }], { lr: 0.1 });
      const parts = c.schedulers.map((s) => new SCHEDULERS[s.scheduler](opt, ...s.args));
      const sched = new lr_scheduler.SequentialLR(opt, parts, c.milestones);
      c.lrs.forEach((expected, epoch) => {
        if (epoch > 0) {
          opt.step();
          sched.step();
        }
        expectClose(sched.get_last_lr(), expected, LR_TOL, `${c.name} at epoch ${epoch}`);
        expectClose(opt.param_groups.map((g) => g.lr), expected, LR_TOL, `${c.name} groups at epoch ${epoch}`);
      });
    });

    it.each(fixtures.plateau.map((c) => [c.name, c] as const))('lr_scheduler.ReduceLROnPlateau %s', (_name, c) => {
      const opt = new optim.SGD([{ params: [leaf([0])] }, { params: [leaf([0])], lr: 0.05 }], { lr: 0.1 });
      const sched = new lr_scheduler.ReduceLROnPlateau(opt, c.options);
      c.metrics.forEach((metric, epoch) => {
        opt.step();
        sched.step(epoch % 2 ? torch.tensor(metric, { dtype: 'float64' }) : metric); // a number or a loss tensor
        expectClose(opt.param_groups.map((g) => g.lr), c.lrs[epoch], LR_TOL, `${c.name} after epoch ${epoch + 1}`);
        expect(sched.get_last_lr()).toEqual(opt.param_groups.map((g) => g.lr));
      });
    });

    it('LambdaLR: initial lr times lr_lambda(epoch), one function or one per group', () => {
      const opt = new optim.SGD([{ params: [leaf([0])] }, { params: [leaf([0])], lr: 0.05 }], { lr: 0.1 });
      const sched = new lr_scheduler.LambdaLR(opt, [(e) => 0.5 ** e, (e) => 1 / (e + 1)]);
      sched.step();
      sched.step();
      expectClose(sched.get_last_lr(), [0.025, 0.05 / 3], LR_TOL);
      expect(Object.keys(sched.state_dict())).not.toContain('lr_lambdas');
      expect(() => new lr_scheduler.LambdaLR(opt, [(e) => e])).toThrow(new RangeError('LambdaLR(): Expected 2 lr_lambdas, but got 1'));
      expect(() => new lr_scheduler.ReduceLROnPlateau(opt, { factor: 1 })).toThrow(new RangeError('ReduceLROnPlateau(): Factor should be < 1.0.'));
      expect(() => new lr_scheduler.LinearLR(opt, 0)).toThrow(/^LinearLR\(\): Starting multiplicative factor expected to be greater than 0/);
      expect(() => new lr_scheduler.MultiStepLR(opt, 3 as never)).toThrow(new TypeError('MultiStepLR(): milestones must be a list of integers, got int'));
    });
  });

  describe('torch.nn.utils gradient clipping', () => {
    const x = fromValues(fixtures.x);
    const y = fromValues(fixtures.y);
    /** The fixture's parameters with the gradients of its loss. */
    function withGrads(): Tensor[] {
      const w = fromValues(fixtures.init.weight).requires_grad_();
      const b = fromValues(fixtures.init.bias).requires_grad_();
      x.matmul(w).add(b).tanh().sub(y).pow(2).mean().backward();
      return [w, b];
    }
    /** The returned norm is float32 on both sides, summed in a different order. */
    const NORM_TOL = { rtol: 1e-6, atol: 0 };

    it.each(fixtures.clip.map((c) => [c.name, c] as const))('matches PyTorch 1.13: %s', (_name, c) => {
      const params = withGrads();
      const result = clipGrads(c.fn, params, c.kwargs);
      if (c.norm === null) expect(result).toBeUndefined();
      else expectClose([(result as Tensor).item() as number], [c.norm], NORM_TOL, `${c.name}: total norm`);
      expectClose(values(params[0].grad!), c.grads.weight, PARAM_TOL, `${c.name}: weight grad`);
      expectClose(values(params[1].grad!), c.grads.bias, PARAM_TOL, `${c.name}: bias grad`);
    });

    it('takes positional arguments, a single tensor, a generator, and skips parameters without gradients', () => {
      const norm2 = fixtures.clip.find((c) => c.name === 'norm_2')!;
      const params = withGrads();
      const total = torch.nn.utils.clip_grad_norm_(params, 0.1, 2);
      expectClose([total.item() as number], [norm2.norm!], NORM_TOL, 'positional');
      expectClose(values(params[0].grad!), norm2.grads.weight, PARAM_TOL, 'positional: weight grad');

      const p = leaf([3, 4]);
      p.sum().backward(); // grad [1, 1], norm sqrt(2)
      expect(torch.nn.utils.clip_grad_norm_(p, 1).item()).toBeCloseTo(Math.SQRT2, 6);
      expectClose(values(p.grad!), [1 / (Math.SQRT2 + 1e-6), 1 / (Math.SQRT2 + 1e-6)], { rtol: 1e-6, atol: 0 }, 'single tensor');

      const model = new torch.nn.Linear(3, 2);
      const unused = leaf([1]);
      model(torch.ones(4, 3)).sum().backward(); // weight grad all 4, bias grad all 4: norm sqrt(8 * 16)
      expect(torch.nn.utils.clip_grad_norm_([...model.parameters(), unused], { max_norm: 1, norm_type: 'inf' }).item()).toBe(4);
      // now every gradient is 4 / (4 + 1e-6): the 8 of them have norm sqrt(8) times that, below 100, so unchanged
      expect(torch.nn.utils.clip_grad_norm_(model.parameters(), 100).item()).toBeCloseTo((Math.sqrt(8) * 4) / (4 + 1e-6), 6);
      expect(model.bias.grad!.tolist()).toEqual([Math.fround(4 * Math.fround(1 / Math.fround(4 + 1e-6))), Math.fround(4 * Math.fround(1 / Math.fround(4 + 1e-6)))]);
      expect(unused.grad).toBeNull();
      expect(torch.nn.utils.clip_grad_norm_([unused], 1).item()).toBe(0);

      torch.nn.utils.clip_grad_value_(model.parameters(), { clip_value: 0.25 });
      expect(model.weight.grad!.tolist()).toEqual([[0.25, 0.25, 0.25], [0.25, 0.25, 0.25]]);
      expect(model.weight.grad!.requires_grad).toBe(false);
    });

    it('a non-finite total norm: an error with error_if_nonfinite, else NaN gradients (as PyTorch)', () => {
      const p = leaf([1, 2]);
      p.mul(torch.tensor([NaN, 1])).sum().backward();
      expect(() => torch.nn.utils.clip_grad_norm_(p, 1, 2, true)).toThrow(
        'The total norm of order 2 for gradients from `parameters` is non-finite, so it cannot be clipped.',
      );
      expect(p.grad!.tolist()).toEqual([NaN, 1]); // nothing scaled before the error
      expect(Number.isNaN(torch.nn.utils.clip_grad_norm_(p, 1).item())).toBe(true);
      expect(p.grad!.tolist()).toEqual([NaN, NaN]);
    });

    it('bad arguments are TypeErrors naming the function', () => {
      const p = leaf([1]);
      expect(() => torch.nn.utils.clip_grad_norm_(5 as never, 1)).toThrow("clip_grad_norm_(): argument 'parameters' must be a Tensor or an iterable of Tensors, not int");
      expect(() => torch.nn.utils.clip_grad_norm_([p, 3] as never, 1)).toThrow("clip_grad_norm_(): 'parameters' must hold Tensors, not int");
      expect(() => torch.nn.utils.clip_grad_norm_([p], { max_nrm: 1 } as never)).toThrow("clip_grad_norm_() got an unexpected keyword argument 'max_nrm'");
      expect(() => torch.nn.utils.clip_grad_norm_([p], '1' as never)).toThrow("clip_grad_norm_(): argument 'max_norm' must be float, not str");
      expect(() => torch.nn.utils.clip_grad_norm_([p])).toThrow(TypeError);
      expect(() => torch.nn.utils.clip_grad_value_([p], 1, null, 3 as never)).toThrow('clip_grad_value_() takes 3 positional arguments but 4 were given');
    });
  });

  describe('optimizer API', () => {
    it('zero_grad sets grads to null by default, or zeroes them in place', () => {
      const p = leaf([1, 2]);
      const opt = new optim.SGD([p], { lr: 0.1 });
      p.mul(3).sum().backward();
      const grad = p.grad!;
      opt.zero_grad(false);
      expect(p.grad).toBe(grad);
      expect(values(grad)).toEqual([0, 0]);
      opt.zero_grad();
      expect(p.grad).toBeNull();
    });

    it('skips parameters without a grad and creates no state for them', () => {
      const used = leaf([1, 1]);
      const unused = leaf([5, 5]);
      const opt = new optim.Adam([used, unused], { lr: 0.1 });
      used.sum().backward();
      opt.step();
      expect(values(unused)).toEqual([5, 5]);
      expect(values(used).every((v) => v < 1)).toBe(true);
      expect(opt.state.has(unused)).toBe(false);
      expect(Object.keys(opt.state.get(used)!)).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    });

    it("uses each group's hyperparameters, including lr changed after construction", () => {
      const a = leaf([1]);
      const b = leaf([1]);
      const opt = new optim.SGD([{ params: [a], lr: 0.5 }, { params: [b] }], { lr: 0.1 });
      expect(opt.param_groups[1].lr).toBe(0.1);
      expect(opt.param_groups[1].momentum).toBe(0);
      a.add(b).sum().backward(); // both grads are 1
      opt.step();
      expect(values(a)).toEqual([Math.fround(1 - 0.5)]);
      expect(values(b)).toEqual([Math.fround(1 - 0.1)]);
      opt.param_groups[1].lr = 0.25;
      opt.step();
      expect(values(b)).toEqual([Math.fround(Math.fround(0.9) - 0.25)]);
    });

    it('accepts generators (as model.parameters()) and Sets, and add_param_group fills in defaults', () => {
      const w = leaf([1, 1]);
      const b = leaf([0]);
      function* parameters() {
        yield w;
        yield b;
      }
      const opt = new optim.Adam(parameters(), { lr: 0.1, betas: [0.5, 0.9] });
      expect(opt.param_groups[0].params).toEqual([w, b]);
      const extra = leaf([1]);
      opt.add_param_group({ params: extra, lr: 0.01 });
      expect(opt.param_groups[1]).toMatchObject({ params: [extra], lr: 0.01, betas: [0.5, 0.9], eps: 1e-8, amsgrad: false });
      expect(opt.param_groups[1].betas).not.toBe(opt.param_groups[0].betas);
      expect(new optim.SGD(new Set([extra])).param_groups[0].lr).toBe(1e-3);
      expect(new optim.AdamW([extra]).defaults.weight_decay).toBe(0.01);
      expect(new optim.Adam([extra]).defaults.weight_decay).toBe(0);
    });

    it('step(closure) evaluates the loss with grad enabled and returns it', () => {
      const p = leaf([3]);
      const opt = new optim.SGD([p], { lr: 0.25 });
      const closure = () => {
        opt.zero_grad();
        const loss = p.pow(2).sum();
        loss.backward();
        return loss;
      };
      const loss = torch.no_grad(() => opt.step(closure));
      expect(loss!.item()).toBe(9);
      expect(values(p)).toEqual([1.5]); // 3 - 0.25 * 6
      expect(opt.step()).toBeUndefined();
    });

    it('updates non-contiguous and float64 parameters like contiguous float32 ones', () => {
      const base = [1, -2, 3, 0.5, 4, -1];
      const transposed = (dtype: 'float32' | 'float64') => torch.tensor(base, { dtype }).reshape(2, 3).t();
      const contiguous = transposed('float32').contiguous().requires_grad_();
      const strided = transposed('float32').requires_grad_();
      const double = transposed('float64').contiguous().requires_grad_();
      const doubleOpt = new optim.Adam([double], { lr: 0.1 });
      trainSteps(doubleOpt, [double], 3);
      for (const p of [contiguous, strided]) trainSteps(new optim.Adam([p], { lr: 0.1 }), [p], 3);
      expect(strided.is_contiguous()).toBe(false);
      expect(strided.tolist()).toEqual(contiguous.tolist());
      expect(doubleOpt.state.get(double)!.exp_avg!.dtype).toBe('float64');
      expectClose(values(double), values(contiguous), { rtol: 1e-6 }, 'float64 vs float32');
      expect(values(double)).not.toEqual(values(contiguous)); // not rounded to float32
    });
  });

  describe('state_dict', () => {
    const configs: [string, (params: Tensor[]) => AnyOptimizer][] = [
      ['SGD momentum', (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true })],
      ['Adam amsgrad', (ps) => new optim.Adam(ps, { lr: 0.05, amsgrad: true })],
      ['AdamW', (ps) => new optim.AdamW(ps, { lr: 0.05 })],
      ['RMSprop centered momentum', (ps) => new optim.RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.5 })],
    ];

    it.each(configs)('%s: loading into a fresh optimizer continues exactly like the uninterrupted run', (_name, make) => {
      const params = [leaf([1, -2, 3]), leaf([0.5])];
      const opt = make(params);
      trainSteps(opt, params, 3);
      const saved = opt.state_dict();
      expect(Object.keys(saved.state)).toEqual(['0', '1']);
      expect(saved.param_groups[0].params).toEqual([0, 1]);

      const resumedParams = params.map((p) => p.detach().clone().requires_grad_());
      const resumed = make(resumedParams);
      resumed.load_state_dict(saved);
      trainSteps(opt, params, 3); // mutates the live buffers saved references; resumed must hold its own copies
      trainSteps(resumed, resumedParams, 3);
      params.forEach((p, i) => expect(values(resumedParams[i])).toEqual(values(p)));
    });

    it('restores hyperparameters and checks group sizes', () => {
      const p = leaf([1]);
      const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
      opt.param_groups[0].lr = 0.03;
      const other = new optim.SGD([leaf([2])], { lr: 1 });
      other.load_state_dict(opt.state_dict());
      expect(other.param_groups[0]).toMatchObject({ lr: 0.03, momentum: 0.9 });
      expect(() => other.load_state_dict(new optim.SGD([leaf([1]), leaf([2])]).state_dict())).toThrow(
        "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
      );
      const twoGroups = new optim.SGD([{ params: [leaf([1])] }, { params: [leaf([1])] }]);
      expect(() => other.load_state_dict(twoGroups.state_dict())).toThrow('loaded state dict has a different number of parameter groups');
    });
  });

  describe('errors, as PyTorch', () => {
    const p = () => leaf([1]);
    const cases: [string, () => unknown, typeof TypeError | typeof RangeError | typeof Error, string][] = [
      ['negative lr', () => new optim.SGD([p()], { lr: -1 }), RangeError, 'Invalid learning rate: -1'],
      ['negative momentum', () => new optim.SGD([p()], { momentum: -0.5 }), RangeError, 'Invalid momentum value: -0.5'],
      ['negative weight_decay', () => new optim.SGD([p()], { weight_decay: -1 }), RangeError, 'Invalid weight_decay value: -1'],
      ['nesterov without momentum', () => new optim.SGD([p()], { nesterov: true }), RangeError, 'Nesterov momentum requires a momentum and zero dampening'],
      ['nesterov with dampening', () => new optim.SGD([p()], { momentum: 0.9, dampening: 0.1, nesterov: true }), RangeError, 'Nesterov momentum requires a momentum and zero dampening'],
      ['empty params', () => new optim.SGD([]), RangeError, 'optimizer got an empty parameter list'],
      ['empty generator', () => new optim.Adam((function* () {})()), RangeError, 'optimizer got an empty parameter list'],
      ['beta 0 too large', () => new optim.Adam([p()], { betas: [1.5, 0.9] }), RangeError, 'Invalid beta parameter at index 0: 1.5'],
      ['beta 1 negative', () => new optim.AdamW([p()], { betas: [0.9, -0.1] }), RangeError, 'Invalid beta parameter at index 1: -0.1'],
      ['negative eps', () => new optim.Adam([p()], { eps: -1e-8 }), RangeError, 'Invalid epsilon value: -1e-8'],
      ['negative alpha', () => new optim.RMSprop([p()], { alpha: -0.1 }), RangeError, 'Invalid alpha value: -0.1'],
      ['non-tensor param', () => new optim.SGD([p(), 3 as unknown as Tensor]), TypeError, 'optimizer can only optimize Tensors, but one of the params is int'],
      ['a tensor instead of an iterable', () => new optim.SGD(p() as never), TypeError, 'params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor'],
      ['non-leaf param', () => new optim.SGD([p().mul(2)]), RangeError, "can't optimize a non-leaf Tensor"],
      ['param in two groups', () => { const q = p(); return new optim.SGD([{ params: [q] }, { params: [q] }]); }, RangeError, 'some parameters appear in more than one parameter group'],
      ['misspelled option', () => new optim.SGD([p()], { momentun: 0.9 } as object), TypeError, "SGD(): got an unexpected option 'momentun'"],
      ['scheduler on a non-optimizer', () => new lr_scheduler.StepLR({} as never, 1), TypeError, 'Object is not an Optimizer'],
      ['resuming without initial_lr', () => new lr_scheduler.StepLR(new optim.SGD([p()]), 2, { last_epoch: 3 }), Error, "param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer"],
      ['grad of the wrong size', () => { const q = p(); q.grad = torch.ones(2); new optim.SGD([q]).step(); }, RangeError, 'SGD.step(): grad of shape [2] does not match'],
    ];
    it.each(cases)('%s', (_name, fn, type, message) => {
      expect(fn).toThrow(type);
      expect(fn).toThrow(message);
    });
  });

  describe('lr_scheduler', () => {
    it('stores initial_lr, takes gamma positionally or as an option, and resumes from a state_dict', () => {
      const opt = new optim.SGD([leaf([1])], { lr: 1 });
      const sched = new lr_scheduler.StepLR(opt, 2, { gamma: 0.5 });
      expect(opt.param_groups[0].initial_lr).toBe(1);
      expect(sched.base_lrs).toEqual([1]);
      for (let i = 0; i < 4; i++) sched.step();
      expect(sched.get_last_lr()).toEqual([0.25]);
      const saved = sched.state_dict();
      const resumed = new lr_scheduler.StepLR(new optim.SGD([leaf([1])], { lr: 0.25 }), 2, 0.5);
      resumed.load_state_dict(saved);
      sched.step();
      sched.step();
      resumed.step();
      resumed.step();
      expect(resumed.get_last_lr()).toEqual(sched.get_last_lr());
      expect(resumed.last_epoch).toBe(6);
      sched.step(1); // closed form
      expect(sched.get_last_lr()).toEqual([1]);
    });

    it('CosineAnnealingLR resumed at a later epoch uses the closed form', () => {
      const opt = new optim.SGD([leaf([1])], { lr: 1 });
      opt.param_groups[0].initial_lr = 1;
      const sched = new lr_scheduler.CosineAnnealingLR(opt, 4, { last_epoch: 1 });
      expect(sched.last_epoch).toBe(2);
      expectClose(sched.get_last_lr(), [0.5], LR_TOL, 'cos at epoch 2');
    });

    it("OneCycleLR cycles Adam's beta1, refuses stepping past total_steps and optimizers without momentum", () => {
      const opt = new optim.Adam([leaf([1])], { lr: 1, betas: [0.9, 0.99] });
      const sched = new lr_scheduler.OneCycleLR(opt, { max_lr: 0.1, epochs: 2, steps_per_epoch: 3 });
      expect(opt.param_groups[0].betas).toEqual([0.95, 0.99]);
      expectClose(sched.get_last_lr(), [0.004], LR_TOL, 'max_lr / div_factor');
      for (let i = 0; i < 5; i++) sched.step();
      expectClose(sched.get_last_lr(), [0.1 / 25 / 1e4], LR_TOL, 'min_lr at the last step (5)');
      expect(opt.param_groups[0].betas).toEqual([0.95, 0.99]);
      sched.step(); // step 6 = total_steps is still allowed, as in PyTorch
      expect(() => sched.step()).toThrow(new RangeError('Tried to step 7 times. The specified number of total steps is 6'));
      expect(() => new lr_scheduler.OneCycleLR(opt, 0.1)).toThrow(new RangeError('You must define either total_steps OR (epochs AND steps_per_epoch)'));
      expect(() => new lr_scheduler.OneCycleLR(opt, 0.1, 10, { anneal_strategy: 'exp' as never })).toThrow(RangeError);
      class NoMomentum extends optim.Optimizer {
        step(): void {}
      }
      const bare = new NoMomentum([leaf([1])], { lr: 0.1 });
      expect(() => new lr_scheduler.OneCycleLR(bare, 0.1, 10)).toThrow(new RangeError('optimizer must support momentum with `cycle_momentum` option enabled'));
    });

    it('Adagrad, Adadelta, Adamax, NAdam, RAdam: PyTorch checks, state, and a state_dict round trip', () => {
      expect(() => new optim.Adagrad([leaf([1])], { lr: -1 })).toThrow(new RangeError('Invalid learning rate: -1'));
      expect(() => new optim.Adagrad([leaf([1])], { lr_decay: -1 })).toThrow(new RangeError('Invalid lr_decay value: -1'));
      expect(() => new optim.Adadelta([leaf([1])], { rho: 1.5 })).toThrow(new RangeError('Invalid rho value: 1.5'));
      expect(() => new optim.Adamax([leaf([1])], { betas: [1, 0.9] })).toThrow(new RangeError('Invalid beta parameter at index 0: 1'));
      expect(() => new optim.NAdam([leaf([1])], { momentum_decay: -1 })).toThrow(new RangeError('Invalid momentum_decay value: -1'));
      expect(() => new optim.RAdam([leaf([1])], { amsgrad: true } as never)).toThrow(TypeError);
      const p = leaf([1, -2]);
      const opt = new optim.NAdam([p], { lr: 0.1 });
      p.pow(2).sum().backward();
      opt.step();
      const state = opt.state.get(p)!;
      expect(state.step).toBe(1);
      expect(state.mu_product).toBeCloseTo(0.9 * (1 - 0.5 * 0.96 ** 0.004), 6);
      const copy = new optim.NAdam([leaf([1, -2])], { lr: 0.1 });
      copy.load_state_dict(opt.state_dict());
      expect(copy.state.get(copy.param_groups[0].params[0])!.exp_avg!.tolist()).toEqual(state.exp_avg!.tolist());
    });

    it('CosineAnnealingWarmRestarts takes fractional epochs; SequentialLR checks its schedulers', () => {
      const opt = new optim.SGD([leaf([1])], { lr: 1 });
      const sched = new lr_scheduler.CosineAnnealingWarmRestarts(opt, 4);
      sched.step(2.5); // a batch inside epoch 2
      expectClose(sched.get_last_lr(), [(1 + Math.cos((Math.PI * 2.5) / 4)) / 2], LR_TOL, 'T_cur 2.5');
      expect(sched.last_epoch).toBe(2);
      sched.step(4); // a restart
      expectClose(sched.get_last_lr(), [1], LR_TOL, 'restart');
      expect(() => new lr_scheduler.CosineAnnealingWarmRestarts(opt, 0)).toThrow(new RangeError('Expected positive integer T_0, but got 0'));
      const other = new optim.SGD([leaf([1])], { lr: 1 });
      expect(() => new lr_scheduler.SequentialLR(opt, [new lr_scheduler.ConstantLR(opt), new lr_scheduler.ConstantLR(other)], [2])).toThrow(RangeError);
      expect(() => new lr_scheduler.SequentialLR(opt, [new lr_scheduler.ConstantLR(opt)], [2])).toThrow(
        new RangeError('Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers 1 and the number of milestones to be equal to 1'),
      );
    });
  });

  describe('training', () => {
    const xorX = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const xorY = torch.tensor([[0], [1], [1], [0]]);

    /** A 2-8-1 tanh/sigmoid net with fixed random weights. */
    function xorNet() {
      torch.manual_seed(1);
      const params = {
        w1: torch.randn(2, 8).requires_grad_(),
        b1: torch.zeros(8, { requires_grad: true }),
        w2: torch.randn(8, 1).mul(0.5).requires_grad_(),
        b2: torch.zeros(1, { requires_grad: true }),
      };
      const forward = (x: Tensor) => x.matmul(params.w1).add(params.b1).tanh().matmul(params.w2).add(params.b2).sigmoid();
      return { params: Object.values(params), forward };
    }

    it.each([
      ['SGD momentum', (params: Tensor[]) => new optim.SGD(params, { lr: 1, momentum: 0.9 })],
      ['Adam', (params: Tensor[]) => new optim.Adam(params, { lr: 0.05 })],
    ] as const)('a 2-layer net fits XOR with %s in 300 steps', (_name, make) => {
      const net = xorNet();
      const opt = make(net.params);
      let loss = Infinity;
      for (let s = 0; s < 300; s++) {
        opt.zero_grad();
        const l = net.forward(xorX).sub(xorY).pow(2).mean();
        l.backward();
        opt.step();
        loss = l.item() as number;
      }
      expect(loss).toBeLessThan(0.01);
      expect(net.forward(xorX).gt(0.5).tolist()).toEqual([[false], [true], [true], [false]]);
    });
  });
});
