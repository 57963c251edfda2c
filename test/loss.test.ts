// Loss functions: PyTorch 1.13's losses and input/target gradients (test/fixtures/loss.json, from
// scripts/gen_loss_fixtures.py) on each backend, float64 gradcheck, the error table, and the modules.
//
// Tolerances per case family (stated in each fixture case and echoed in the test's name):
//   regression (mse, l1, smooth_l1), binary (bce, bce_with_logits), classification (nll, cross_entropy), float32:
//       rtol 1e-5 + atol 1e-6, for the loss and every gradient. PyTorch sums in float32 in a cascade while torchlet
//       sums in float64, and bce_with_logits uses log1p where PyTorch uses log(1 + ...) (an absolute ~1e-7 difference).
//   float64 cases: rtol 1e-10 + atol 1e-12.
//   NaN must match NaN and infinities must match exactly (all-ignored 'mean', BCE's target gradient at 0 and 1).
import { describe, it, expect, beforeEach } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose, type Tolerance } from './helpers';

const F = torch.nn.functional;
const nn = torch.nn;
type T = torch.Tensor;

// ------------------------------------------------------------------------------------------- fixtures
interface TensorSpec {
  dtype: 'float32' | 'float64' | 'int64';
  shape: number[];
  values: (number | 'nan' | 'inf' | '-inf')[];
}
interface Case {
  id: string;
  fn: 'mse_loss' | 'l1_loss' | 'smooth_l1_loss' | 'huber_loss' | 'kl_div' | 'binary_cross_entropy' | 'binary_cross_entropy_with_logits' | 'nll_loss' | 'cross_entropy';
  family: string;
  input: TensorSpec;
  target: TensorSpec;
  weight?: TensorSpec;
  pos_weight?: TensorSpec;
  weight_positional?: boolean;
  kwargs: Record<string, unknown>;
  grad_output: TensorSpec;
  loss: TensorSpec;
  input_grad: TensorSpec;
  target_grad?: TensorSpec;
  tol: Tolerance;
}

const fixture: { torch_version: string; cases: Case[] } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'loss.json'), 'utf8'));

const NON_FINITE = { nan: NaN, inf: Infinity, '-inf': -Infinity } as const;
const valuesOf = (spec: TensorSpec) => spec.values.map((v) => (typeof v === 'string' ? NON_FINITE[v] : v));
const build = (spec: TensorSpec): T => torch.tensor(valuesOf(spec), { dtype: spec.dtype }).reshape(spec.shape);

function runCase(c: Case): { loss: T; inputGrad: T | null; targetGrad: T | null } {
  const input = build(c.input).requires_grad_();
  const target = build(c.target);
  if (c.target_grad) target.requires_grad_();
  const options: Record<string, unknown> = { ...c.kwargs };
  if (c.pos_weight) options.pos_weight = build(c.pos_weight);
  const weight = c.weight ? build(c.weight) : undefined;
  const fn = F[c.fn] as (input: T, target: T, ...rest: unknown[]) => T;
  const loss = c.weight_positional ? fn(input, target, weight, options) : fn(input, target, weight ? { ...options, weight } : options);
  loss.backward(build(c.grad_output));
  return { loss, inputGrad: input.grad, targetGrad: target.grad };
}

function expectMatches(actual: T | null, spec: TensorSpec, tol: Tolerance, what: string): void {
  expect(actual, `${what} missing`).not.toBeNull();
  expect([...actual!.shape], `${what} shape`).toEqual(spec.shape);
  expect(actual!.dtype, `${what} dtype`).toBe(spec.dtype);
  expectClose(Array.from(actual!.data as ArrayLike<number>), valuesOf(spec), tol, what);
}

const tolName = (tol: Tolerance) => Object.entries(tol).map(([k, v]) => `${k} ${v}`).join(', ');
const caseTable = fixture.cases.map((c) => [`${c.id} [${c.family}: ${tolName(c.tol)}]`, c] as const);

// every section runs on each backend
describe.each(BACKENDS)('backend %s', (backend) => {
  beforeEach(() => useBackend(backend));
  describe('losses vs PyTorch 1.13', () => fixtureTests());
  describe('gradcheck (float64 finite differences)', () => gradcheckTests());
  describe('errors', () => errorTests());
  describe('semantics', () => semanticsTests());
  describe('modules', () => moduleTests());
});

function fixtureTests(): void {
  it.each(caseTable)('%s', (_name, c) => {
    const { loss, inputGrad, targetGrad } = runCase(c);
    expectMatches(loss, c.loss, c.tol, 'loss');
    expectMatches(inputGrad, c.input_grad, c.tol, 'input.grad');
    if (c.target_grad) expectMatches(targetGrad, c.target_grad, c.tol, 'target.grad');
  });


  it('cover every loss, reduction and family, from PyTorch 1.13', () => {
    expect(fixture.torch_version.startsWith('1.13')).toBe(true);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(fixture.cases.map((c) => c.fn)).size).toBe(9);
    for (const r of ['mean', 'sum', 'none']) expect(fixture.cases.some((c) => (c.kwargs.reduction ?? 'mean') === r)).toBe(true);
  });

  it('tolerances are tight enough to catch a 1e-4 relative error in any finite nonzero loss', () => {
    for (const c of fixture.cases) {
      const expected = valuesOf(c.loss);
      if (!expected.some((v) => Number.isFinite(v) && v !== 0)) continue;
      const perturbed = expected.map((v) => v * (1 + 1e-4) + (v === 0 ? 0 : Math.sign(v) * 1e-5));
      expect(() => expectClose(perturbed, expected, c.tol, c.id), c.id).toThrow();
    }
  });
}

// ------------------------------------------------------------------------------------------- gradcheck
/** float64 leaf with values spread over [-1.5, 1.5], deterministic. */
function values(...shape: number[]): T {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.tensor(Array.from({ length: n }, (_, i) => ((i * 0.618 + 0.3) % 1) * 3 - 1.5), { dtype: 'float64' }).reshape(shape).requires_grad_();
}
/** float64 leaf in (0, 1), away from both ends. */
const unit = (...shape: number[]) => torch.no_grad(() => values(...shape).div(4).add(0.5)).requires_grad_();
const f64 = (v: number[]) => torch.tensor(v, { dtype: 'float64' });
const long = (v: number[] | number) => torch.tensor(v, { dtype: 'int64' });

const gradcheckCases: [string, () => [(...xs: T[]) => T, T[]]][] = [
  ['mse_loss (input and target)', () => [(x, t) => F.mse_loss(x, t), [values(3, 4), unit(3, 4)]]],
  ['mse_loss none, broadcast target', () => [(x, t) => F.mse_loss(x, t, { reduction: 'none' }), [values(3, 4), unit(4)]]],
  ['l1_loss (input and target)', () => [(x, t) => F.l1_loss(x, t, { reduction: 'sum' }), [values(3, 4), unit(3, 4)]]],
  ['smooth_l1_loss beta 0.5 (input and target)', () => [(x, t) => F.smooth_l1_loss(x, t, { beta: 0.5, reduction: 'none' }), [values(3, 4), unit(3, 4)]]],
  ['smooth_l1_loss beta 3 (quadratic everywhere)', () => [(x, t) => F.smooth_l1_loss(x, t, { beta: 3 }), [values(2, 3), unit(2, 3)]]],
  ['binary_cross_entropy (input and target)', () => [(x, t) => F.binary_cross_entropy(x, t), [unit(3, 4), unit(3, 4).mul(0.9).detach().requires_grad_()]]],
  ['binary_cross_entropy weight, none', () => [(x) => F.binary_cross_entropy(x, f64([0, 1, 0.3]).expand(2, 3), f64([1, 2, 0.5]), { reduction: 'none' }), [unit(2, 3)]]],
  ['binary_cross_entropy_with_logits (input and target)', () => [(x, t) => F.binary_cross_entropy_with_logits(x, t), [values(3, 4).mul(3).detach().requires_grad_(), unit(3, 4)]]],
  [
    'binary_cross_entropy_with_logits weight, pos_weight (input, target, pos_weight)',
    () => [(x, t, p) => F.binary_cross_entropy_with_logits(x, t, { weight: f64([0.5, 2, 1, 1]), pos_weight: p, reduction: 'sum' }), [values(3, 4), unit(3, 4), unit(4)]],
  ],
  ['nll_loss weight, ignore_index', () => [(x) => F.nll_loss(x, long([0, 2, -100, 1]), f64([0.5, 1, 2])), [values(4, 3)]]],
  ['nll_loss K-dim none', () => [(x) => F.nll_loss(x, long([[0, 2], [1, 1]]), { reduction: 'none' }), [values(2, 3, 2)]]],
  ['cross_entropy', () => [(x) => F.cross_entropy(x, long([0, 2, 1, 2])), [values(4, 3)]]],
  [
    'cross_entropy weight, ignore_index, label_smoothing',
    () => [(x) => F.cross_entropy(x, long([0, 2, 1, 1]), { weight: f64([0.5, 1, 2]), ignore_index: 1, label_smoothing: 0.2 }), [values(4, 3)]],
  ],
  ['cross_entropy K-dim [2, 3, 2, 2] label_smoothing none', () => [(x) => F.cross_entropy(x, long([[[0, 1], [2, 0]], [[1, 1], [2, 2]]]), { label_smoothing: 0.1, reduction: 'none' }), [values(2, 3, 2, 2)]]],
  ['cross_entropy 1-D input, 0-d target', () => [(x) => F.cross_entropy(x, long(2)), [values(4)]]],
  ['cross_entropy probabilities (input and target)', () => [(x, t) => F.cross_entropy(x, t, { label_smoothing: 0.1 }), [values(3, 4), unit(3, 4)]]],
  ['cross_entropy probabilities weight, none', () => [(x, t) => F.cross_entropy(x, t, { weight: f64([1, 2, 0.5, 1]), reduction: 'none' }), [values(3, 4), unit(3, 4)]]],
];

function gradcheckTests(): void {
  it.each(gradcheckCases)('%s', (_name, make) => {
    const [fn, inputs] = make();
    expect(torch.autograd.gradcheck(fn, inputs)).toBe(true);
  });
}

// ------------------------------------------------------------------------------------------- errors
const x35 = () => torch.randn(3, 5);
const errorCases: [string, () => unknown, ErrorConstructor, RegExp][] = [
  ['batch size mismatch', () => F.cross_entropy(x35(), long([0, 1])), RangeError, /^cross_entropy\(\): Expected input batch_size \(3\) to match target batch_size \(2\)\.$/],
  ['0-d target for batched input', () => F.nll_loss(x35(), long(1)), RangeError, /Expected input batch_size \(3\) to match target batch_size \(0\)\./],
  ['K-dim target shape', () => F.cross_entropy(torch.randn(2, 3, 4), torch.zeros([2, 5], { dtype: 'int64' })), RangeError, /Expected target size \[2, 4\], got \[2, 5\]/],
  ['1-D input needs a 0-d target', () => F.cross_entropy(torch.randn(5), long([1])), RangeError, /size mismatch \(got input: \[5\], target: \[1\]\)/],
  ['0-d input', () => F.nll_loss(torch.tensor(1), long(0)), RangeError, /Expected 1 or more dimensions \(got 0\)/],
  ['class index out of range', () => F.cross_entropy(x35(), long([0, 5, 1])), RangeError, /^cross_entropy\(\): Target 5 is out of bounds\.$/],
  ['negative class index', () => F.nll_loss(x35(), long([0, -1, 1])), RangeError, /^nll_loss\(\): Target -1 is out of bounds\.$/],
  ['huge class index', () => F.nll_loss(x35(), long([0, 1e12, 1])), RangeError, /Target 1000000000000 is out of bounds\./],
  ['float target where indices are expected', () => F.cross_entropy(x35(), torch.tensor([0, 1, 2])), TypeError, /expected a target of class indices \(int64\), but found dtype float32; .*must have the input's shape \[3, 5\], got \[3\]/],
  ['float target for nll_loss', () => F.nll_loss(x35(), torch.tensor([0, 1, 2])), TypeError, /^nll_loss\(\): expected a target of class indices \(int64\), but found dtype float32$/],
  ['int target of the input shape (probabilities)', () => F.cross_entropy(x35(), torch.zeros([3, 5], { dtype: 'int64' })), TypeError, /Expected floating point type for target with class probabilities, got int64/],
  ['ignore_index with probability targets', () => F.cross_entropy(x35(), x35().softmax(1), { ignore_index: 3 }), RangeError, /ignore_index is not supported for floating point target/],
  ['int input', () => F.cross_entropy(torch.zeros([3, 5], { dtype: 'int64' }), long([0, 1, 2])), TypeError, /^cross_entropy\(\): expected a floating point input, but found dtype int64$/],
  ['int target for BCE', () => F.binary_cross_entropy(torch.tensor([0.5, 0.5]), long([0, 1])), TypeError, /^binary_cross_entropy\(\): expected a floating point target, but found dtype int64$/],
  ['int target for BCE with logits', () => F.binary_cross_entropy_with_logits(torch.tensor([0.5, 0.5]), long([0, 1])), TypeError, /expected a floating point target, but found dtype int64/],
  ['BCE input above 1', () => F.binary_cross_entropy(torch.tensor([0.5, 1.5]), torch.tensor([0, 1])), RangeError, /^binary_cross_entropy\(\): all elements of input should be between 0 and 1$/],
  ['BCE input NaN', () => F.binary_cross_entropy(torch.tensor([NaN]), torch.tensor([0])), RangeError, /all elements of input should be between 0 and 1/],
  ['BCE target size', () => F.binary_cross_entropy(torch.tensor([0.5, 0.5]), torch.tensor([0, 1, 1])), RangeError, /Using a target size \(\[3\]\) that is different to the input size \(\[2\]\) is deprecated/],
  ['BCE with logits target size', () => F.binary_cross_entropy_with_logits(torch.tensor([0.5, 0.5]), torch.tensor([0, 1, 1])), RangeError, /Target size \(\[3\]\) must be the same as input size \(\[2\]\)/],
  ['unknown reduction', () => F.mse_loss(x35(), x35(), { reduction: 'xyz' as 'sum' }), RangeError, /^mse_loss\(\): 'xyz' is not a valid value for reduction$/],
  ['unknown reduction (cross_entropy)', () => F.cross_entropy(x35(), long([0, 1, 2]), { reduction: 'avg' as 'sum' }), RangeError, /'avg' is not a valid value for reduction/],
  ['non-string reduction', () => F.l1_loss(x35(), x35(), { reduction: 1 as unknown as 'sum' }), TypeError, /argument 'reduction' must be str, not int/],
  ['unknown option', () => F.cross_entropy(x35(), long([0, 1, 2]), { ignore_idx: 1 } as object), TypeError, /^cross_entropy\(\): got an unexpected keyword argument 'ignore_idx'$/],
  ['weight positional and as a keyword', () => F.nll_loss(x35(), long([0, 1, 2]), torch.ones(5), { weight: torch.ones(5) }), TypeError, /got multiple values for argument 'weight'/],
  ['non-tensor input', () => F.mse_loss([1, 2] as unknown as T, x35()), TypeError, /^mse_loss\(\): argument 'input' \(position 1\) must be Tensor, not list$/],
  ['non-tensor target', () => F.cross_entropy(x35(), [0, 1, 2] as unknown as T), TypeError, /^cross_entropy\(\): argument 'target' \(position 2\) must be Tensor, not list$/],
  ['non-tensor weight', () => F.nll_loss(x35(), long([0, 1, 2]), { weight: [1, 2] as unknown as T }), TypeError, /argument 'weight' \(position 3\) must be Tensor, not list/],
  ['non-object options', () => F.mse_loss(x35(), x35(), 'sum' as unknown as object), TypeError, /mse_loss\(\): expected an options object as argument 3, got string/],
  ['class weight of wrong size', () => F.cross_entropy(x35(), long([0, 1, 2]), torch.ones(3)), RangeError, /weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: \[3\]/],
  ['class weight of wrong size (probabilities)', () => F.cross_entropy(x35(), x35().softmax(1), { weight: torch.ones(5, 1) }), RangeError, /all 5 classes or no classes but got weight tensor of shape: \[5, 1\]/],
  ['BCE weight not broadcastable', () => F.binary_cross_entropy(torch.rand(2, 3), torch.rand(2, 3), torch.ones(2)), RangeError, /weight of shape \[2\] cannot be broadcast to the input's shape \[2, 3\]/],
  ['pos_weight not broadcastable', () => F.binary_cross_entropy_with_logits(torch.rand(2, 3), torch.rand(2, 3), { pos_weight: torch.ones(4) }), RangeError, /pos_weight of shape \[4\] cannot be broadcast/],
  ['regression shapes not broadcastable', () => F.mse_loss(x35(), torch.randn(4)), RangeError, /size of tensor a \(5\) must match the size of tensor b \(4\)/],
  ['negative beta', () => F.smooth_l1_loss(x35(), x35(), { beta: -1 }), RangeError, /smooth_l1_loss does not support negative values for beta\./],
  ['label_smoothing above 1', () => F.cross_entropy(x35(), long([0, 1, 2]), { label_smoothing: 1.5 }), RangeError, /label_smoothing must be between 0\.0 and 1\.0\. Got: 1\.5/],
  ['non-integer ignore_index', () => F.nll_loss(x35(), long([0, 1, 2]), { ignore_index: 0.5 }), TypeError, /argument 'ignore_index' must be int, not float/],
  ['module: unknown option', () => new nn.CrossEntropyLoss({ smoothing: 0.1 } as object), TypeError, /CrossEntropyLoss\.__init__\(\) got an unexpected keyword argument 'smoothing'/],
];

function errorTests(): void {
  it.each(errorCases)('%s', (_name, fn, type, message) => {
    expect(fn).toThrow(type);
    expect(fn).toThrow(message);
  });
}

// ------------------------------------------------------------------------------------------- semantics
function semanticsTests(): void {
  it('int32 class indices give the same loss as int64', () => {
    const x = torch.randn(4, 3);
    const a = F.cross_entropy(x, long([0, 2, 1, -100]), { label_smoothing: 0.1 });
    const b = F.cross_entropy(x, torch.tensor([0, 2, 1, -100], { dtype: 'int32' }), { label_smoothing: 0.1 });
    expect(b.item()).toBe(a.item());
  });

  it('grad_fn names follow PyTorch', () => {
    const x = torch.randn(3, 4).requires_grad_();
    expect(F.nll_loss(x, long([0, 1, 2])).grad_fn?.name).toBe('NllLossBackward0');
    expect(F.cross_entropy(x, long([0, 1, 2]), { reduction: 'none' }).grad_fn?.name).toBe('NllLossBackward0');
    expect(F.binary_cross_entropy(x.sigmoid(), torch.rand(3, 4), { reduction: 'none' }).grad_fn?.name).toBe('BinaryCrossEntropyBackward0');
  });

  it('a target that requires no grad gets none; a class-index target cannot', () => {
    const x = torch.randn(2, 3).requires_grad_();
    const t = torch.rand(2, 3);
    F.mse_loss(x, t).backward();
    expect(t.grad).toBeNull();
    expect(x.grad).not.toBeNull();
  });
}

// ------------------------------------------------------------------------------------------- modules
function moduleTests(): void {
  const x = () => torch.randn(4, 3);
  const probs = () => torch.rand(4, 3);
  const labels = long([0, 2, 1, 2]);
  const w3 = torch.tensor([0.5, 1, 2]);

  const pairs: [string, () => [T, T]][] = [
    ['MSELoss sum', () => [new nn.MSELoss({ reduction: 'sum' }).forward(...inputs(1)), F.mse_loss(...inputs(1), { reduction: 'sum' })]],
    ['L1Loss', () => [new nn.L1Loss()(...inputs(2)), F.l1_loss(...inputs(2))]],
    ['SmoothL1Loss beta', () => [new nn.SmoothL1Loss({ beta: 0.3, reduction: 'none' })(...inputs(3)), F.smooth_l1_loss(...inputs(3), { beta: 0.3, reduction: 'none' })]],
    ['HuberLoss delta', () => [new nn.HuberLoss({ delta: 0.3, reduction: 'none' })(...inputs(3)), F.huber_loss(...inputs(3), { delta: 0.3, reduction: 'none' })]],
    ['KLDivLoss batchmean', () => [new nn.KLDivLoss({ reduction: 'batchmean' })(seeded(11), seededProbs(11)), F.kl_div(seeded(11), seededProbs(11), { reduction: 'batchmean' })]],
    ['BCELoss weight positional', () => [new nn.BCELoss(w3)(...unitInputs(4)), F.binary_cross_entropy(...unitInputs(4), w3)]],
    ['BCEWithLogitsLoss pos_weight', () => [new nn.BCEWithLogitsLoss({ pos_weight: w3 })(...inputs(5)), F.binary_cross_entropy_with_logits(...inputs(5), { pos_weight: w3 })]],
    ['BCEWithLogitsLoss weight + options', () => [new nn.BCEWithLogitsLoss(w3, { reduction: 'sum' })(...inputs(6)), F.binary_cross_entropy_with_logits(...inputs(6), w3, { reduction: 'sum' })]],
    ['NLLLoss weight positional', () => [new nn.NLLLoss(w3)(seeded(7), labels), F.nll_loss(seeded(7), labels, { weight: w3 })]],
    ['NLLLoss ignore_index', () => [new nn.NLLLoss({ ignore_index: 2 })(seeded(8), labels), F.nll_loss(seeded(8), labels, { ignore_index: 2 })]],
    ['NLLLoss2d (deprecated name)', () => [new nn.NLLLoss2d(w3, { ignore_index: 2 })(seeded(8), labels), F.nll_loss(seeded(8), labels, { weight: w3, ignore_index: 2 })]],
    [
      'CrossEntropyLoss options',
      () => [
        new nn.CrossEntropyLoss({ weight: w3, label_smoothing: 0.1, ignore_index: 1, reduction: 'none' })(seeded(9), labels),
        F.cross_entropy(seeded(9), labels, { weight: w3, label_smoothing: 0.1, ignore_index: 1, reduction: 'none' }),
      ],
    ],
    ['CrossEntropyLoss probabilities', () => [new nn.CrossEntropyLoss()(seeded(10), seededProbs(10)), F.cross_entropy(seeded(10), seededProbs(10))]],
  ];
  function seeded(seed: number): T {
    torch.manual_seed(seed);
    return x();
  }
  function seededProbs(seed: number): T {
    torch.manual_seed(seed + 100);
    return probs().softmax(1);
  }
  function inputs(seed: number): [T, T] {
    return [seeded(seed), seededProbs(seed)];
  }
  function unitInputs(seed: number): [T, T] {
    return [seeded(seed).sigmoid(), seededProbs(seed)];
  }

  it.each(pairs)('%s equals the functional form', (_name, make) => {
    const [fromModule, fromFunctional] = make();
    expect([...fromModule.shape]).toEqual([...fromFunctional.shape]);
    expect(Array.from(fromModule.data)).toEqual(Array.from(fromFunctional.data));
  });

  it('print like PyTorch, options or not', () => {
    expect(String(new nn.CrossEntropyLoss())).toBe('CrossEntropyLoss()');
    expect(String(new nn.CrossEntropyLoss({ label_smoothing: 0.1 }))).toBe('CrossEntropyLoss()');
    expect(String(new nn.SmoothL1Loss({ beta: 0.5 }))).toBe('SmoothL1Loss()');
    expect(String(new nn.BCEWithLogitsLoss({ pos_weight: w3 }))).toBe('BCEWithLogitsLoss()');
    expect(String(new nn.MSELoss())).toBe('MSELoss()');
    expect(String(new nn.Sequential(new nn.Linear(2, 2), new nn.NLLLoss()))).toContain('(1): NLLLoss()');
  });

  it('weight and pos_weight are buffers in state_dict (unset ones are not)', () => {
    expect(Object.keys(new nn.CrossEntropyLoss().state_dict())).toEqual([]);
    expect(Object.keys(new nn.NLLLoss(w3).state_dict())).toEqual(['weight']);
    const bce = new nn.BCEWithLogitsLoss({ pos_weight: w3 });
    expect(Object.keys(bce.state_dict())).toEqual(['pos_weight']);
    expect(Object.keys(new nn.BCEWithLogitsLoss(w3, { pos_weight: w3 }).state_dict())).toEqual(['weight', 'pos_weight']);
    expect(bce.pos_weight).toBe(w3);
    expect([...bce.parameters()]).toEqual([]);
    // a loaded state replaces the buffer's values, as PyTorch's load_state_dict
    const loss = new nn.CrossEntropyLoss(torch.ones(3));
    loss.load_state_dict({ weight: w3 });
    expect(Array.from(loss.weight!.data)).toEqual([0.5, 1, 2]);
  });

  it('attributes are PyTorch-named and can be changed after construction', () => {
    const loss = new nn.CrossEntropyLoss({ label_smoothing: 0.2 });
    expect([loss.reduction, loss.ignore_index, loss.label_smoothing, loss.weight]).toEqual(['mean', -100, 0.2, null]);
    expect(new nn.SmoothL1Loss().beta).toBe(1);
    const mse = new nn.MSELoss();
    mse.reduction = 'none';
    expect([...mse(torch.ones(2, 2), torch.zeros(2, 2)).shape]).toEqual([2, 2]);
  });
}
