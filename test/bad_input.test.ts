// Bad input, beyond test/errors.test.ts's table: every public function with non-tensor and missing arguments,
// more shape/dim/dtype/size cases, sizes refused before anything is allocated, tensors whose ArrayBuffer was
// transferred away, views outliving their base, and the raw addon fed garbage (in child processes, so a crash
// is a test failure rather than a dead test runner). Each error is a TypeError or RangeError naming the op.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { MessageChannel } from 'node:worker_threads';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as torch from '../lib/index';
import { B } from '../lib/backend';
import type { Backend } from '../lib/backend/types';
import { BACKENDS, useBackend, expectError } from './helpers';

const { nn } = torch;
const F = nn.functional;
type T = torch.Tensor;
type ErrorType = typeof TypeError | typeof RangeError;

/** What fn throws (undefined if nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

const x23 = () => torch.ones(2, 3);
const long = (v: number[]) => torch.tensor(v, { dtype: 'int64' });

type Case = [name: string, fn: () => unknown, type: ErrorType, message: RegExp];

const cases: Case[] = [
  // wrong shapes
  ['Linear: in_features mismatch, batched input', () => new nn.Linear(3, 2)(torch.ones(4, 5, 7)), RangeError, /^linear\(\): mat1 and mat2 shapes cannot be multiplied \(20x7 and 3x2; input \[4, 5, 7\], weight \[2, 3\]\)$/],
  ['Linear: in_features mismatch, 1-D input', () => new nn.Linear(2, 2)(torch.ones(3)), RangeError, /^linear\(\): mat1 and mat2 shapes cannot be multiplied \(1x3 and 2x2; input \[3\], weight \[2, 2\]\)$/],
  ['F.linear: bias of the wrong size', () => F.linear(x23(), torch.ones(4, 3), torch.ones(3)), RangeError, /size of tensor a \(4\) must match the size of tensor b \(3\).*\[2, 4\] and \[3\]/],
  ['matmul: batched times a matrix', () => torch.matmul(torch.ones(2, 3, 4), torch.ones(5, 6)), RangeError, /^matmul\(\): mat1 and mat2 shapes cannot be multiplied \(3x4 and 5x6; shapes \[2, 3, 4\] and \[5, 6\]\)$/],
  ['matmul: vector times a matrix', () => torch.matmul(torch.ones(3), torch.ones(4, 2)), RangeError, /^matmul\(\): mat1 and mat2 shapes cannot be multiplied \(1x3 and 4x2/],
  ['bmm: not 3-D', () => torch.bmm(x23(), torch.ones(3, 2)), RangeError, /^bmm\(\): batch1 must be a 3D tensor \(got shape \[2, 3\]\)$/],
  ['masked_fill: mask not broadcastable', () => x23().masked_fill(torch.ones(4).gt(0), 0), RangeError, /^masked_fill\(\): The size of tensor a \(3\) must match the size of tensor b \(4\).*\[2, 3\] and \[4\]/],
  ['add_: result larger than self', () => torch.ones(3).add_(x23()), RangeError, /^add_\(\): output with shape \[3\] doesn't match the broadcast shape \[2, 3\]$/],
  ['copy_: src not broadcastable', () => x23().copy_(torch.ones(4)), RangeError, /^copy_\(\): The size of tensor a \(3\) must match the size of tensor b \(4\).*\[2, 3\] and \[4\]/],
  ['maximum: broadcast failure', () => torch.maximum(torch.ones(2), torch.ones(3)), RangeError, /^maximum\(\): .*\[2\] and \[3\]/],
  ['prelu: weight per channel', () => torch.prelu(x23(), torch.ones(2)), RangeError, /^prelu\(\): Mismatch of parameter numbers and input channel size\. Found parameter numbers = 2 and channel size = 3\.$/],
  ['view: -1 with a mismatch', () => x23().view(-1, 4), RangeError, /^view\(\): shape '\[-1, 4\]' is invalid for input of size 6$/],
  ['reshape: empty dim with -1', () => torch.ones(2).reshape(-1, 0), RangeError, /^reshape\(\): shape '\[-1, 0\]' is invalid for input of size 2$/],
  ['cross_entropy: batch mismatch', () => F.cross_entropy(x23(), long([0, 1, 1])), RangeError, /^cross_entropy\(\): Expected input batch_size \(2\) to match target batch_size \(3\)\.$/],
  // dims out of range, negative included
  ['unsqueeze: -4 on 2-D', () => x23().unsqueeze(-4), RangeError, /^unsqueeze\(\): Dimension out of range \(expected to be in range of \[-3, 2\], but got -4\)$/],
  ['unsqueeze: 3 on 2-D', () => x23().unsqueeze(3), RangeError, /^unsqueeze\(\): Dimension out of range \(expected to be in range of \[-3, 2\], but got 3\)$/],
  ['squeeze: -3', () => x23().squeeze(-3), RangeError, /^squeeze\(\): Dimension out of range .*got -3\)$/],
  ['flatten: end_dim', () => x23().flatten(0, 5), RangeError, /^flatten\(\): Dimension out of range .*got 5\)$/],
  ['select: negative dim', () => x23().select(-3, 0), RangeError, /^select\(\): Dimension out of range .*got -3\)$/],
  ['narrow: dim', () => x23().narrow(2, 0, 1), RangeError, /^narrow\(\): Dimension out of range .*got 2\)$/],
  ['narrow: negative start past the end', () => torch.ones(4).narrow(0, -1, 3), RangeError, /^narrow\(\): start \(-1\) \+ length \(3\) exceeds dimension size \(4\)\.$/],
  ['chunk: dim', () => x23().chunk(2, 2), RangeError, /^chunk\(\): Dimension out of range .*got 2\)$/],
  ['split: dim', () => x23().split(1, -3), RangeError, /^split\(\): Dimension out of range .*got -3\)$/],
  ['cat: dim on 1-D', () => torch.cat([torch.ones(2), torch.ones(2)], 1), RangeError, /^cat\(\): Dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)$/],
  ['stack: dim', () => torch.stack([torch.ones(2), torch.ones(2)], -3), RangeError, /^stack\(\): Dimension out of range \(expected to be in range of \[-2, 1\], but got -3\)$/],
  ['mean: one bad dim in a list', () => x23().mean([0, 5]), RangeError, /^mean\(\): Dimension out of range .*got 5\)$/],
  ['amax: negative dim in a list', () => x23().amax([0, -3]), RangeError, /^amax\(\): Dimension out of range .*got -3\)$/],
  ['prod: -3', () => x23().prod(-3), RangeError, /^prod\(\): Dimension out of range .*got -3\)$/],
  ['argmax: dim', () => torch.ones(4).argmax(1), RangeError, /^argmax\(\): Dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)$/],
  ['var: dim', () => torch.ones(4).var(1), RangeError, /^var\(\): Dimension out of range/],
  ['norm: dim', () => x23().norm(2, 3), RangeError, /^norm\(\): Dimension out of range .*got 3\)$/],
  ['log_softmax: -3', () => x23().log_softmax(-3), RangeError, /^log_softmax\(\): Dimension out of range .*got -3\)$/],
  ['nn.Softmax: dim', () => new nn.Softmax(2)(x23()), RangeError, /^softmax\(\): Dimension out of range .*got 2\)$/],
  ['size: dim', () => x23().size(2), RangeError, /^size\(\): Dimension out of range .*got 2\)$/],
  ['stride: -3', () => x23().stride(-3), RangeError, /^stride\(\): Dimension out of range .*got -3\)$/],
  ['transpose: -3', () => x23().transpose(-3, 0), RangeError, /^transpose\(\): Dimension out of range .*got -3\)$/],
  ['permute: dim', () => x23().permute(0, 2), RangeError, /^permute\(\): Dimension out of range .*got 2\)$/],
  ['index: too many indices', () => x23().index(0, 0, 0), RangeError, /^index\(\): too many indices for tensor of dimension 2$/],
  ['index: out of range', () => torch.ones(4).index(4), RangeError, /^select\(\): index 4 out of range for tensor of size \[4\] at dimension 0$/],
  ['index: negative out of range', () => torch.ones(4).index(-5), RangeError, /^select\(\): index -5 out of range/],
  // wrong dtypes and non-integers where an index or count is expected
  ['select: float index', () => x23().select(0, 1.5), TypeError, /^select\(\): argument 'index' \(position 2\) must be int, not float$/],
  ['index: float index', () => x23().index(0.5), TypeError, /^select\(\): argument 'index' \(position 2\) must be int, not float$/],
  ['chunk: float count', () => x23().chunk(1.5), TypeError, /^chunk\(\): argument 'chunks' \(position 1\) must be int, not float$/],
  ['narrow: float start', () => x23().narrow(0, 0.5, 1), TypeError, /^narrow\(\): start and length must be integers$/],
  ['transpose: float dim', () => x23().transpose(0, 1.5), TypeError, /^transpose\(\): dim must be an integer, but got 1\.5$/],
  ['max: float dim', () => x23().max(1.5), TypeError, /^max\(\): dim must be an integer, but got 1\.5$/],
  ['cross_entropy: bool labels', () => F.cross_entropy(x23(), torch.tensor([true, false])), TypeError, /^cross_entropy\(\): expected a target of class indices \(int64\), but found dtype bool/],
  ['cross_entropy: int64 label past the classes', () => new nn.CrossEntropyLoss()(x23(), long([0, 3])), RangeError, /^cross_entropy\(\): Target 3 is out of bounds\.$/],
  ['cross_entropy: negative int64 label', () => F.cross_entropy(x23(), long([-2, 0])), RangeError, /^cross_entropy\(\): Target -2 is out of bounds\.$/],
  ['Linear on int64 input', () => new nn.Linear(3, 2)(torch.ones(2, 3, { dtype: 'int64' })), TypeError, /^matmul\(\): expected both operands to have the same dtype, but got int64 and float32$/],
  ['randn: integer dtype', () => torch.randn(2, { dtype: 'int64' }), TypeError, /^randn\(\): expected a floating point dtype, got int64$/],
  ['to: unknown dtype', () => x23().to('complex64'), TypeError, /^to\(\): invalid dtype "complex64"/],
  ['set_grad_enabled: not a bool', () => torch.set_grad_enabled('yes' as unknown as boolean), TypeError, /^set_grad_enabled\(\): argument 'mode' must be bool, not string$/],
  ['no_grad: not a function', () => torch.no_grad(undefined as unknown as () => void), TypeError, /^no_grad\(\): expected a function to run, got undefined$/],
  ['inference_mode: not a function', () => torch.inference_mode(true, undefined as unknown as () => void), TypeError, /^inference_mode\(\): expected a function to run, got undefined$/],
  // sizes: negative, non-integer, huge (all refused before allocating: see the test below)
  ['empty: 2^40', () => torch.empty(2 ** 40), RangeError, /^empty\(\): size \[1099511627776\] has 1099511627776 elements, more than the maximum of \d+$/],
  ['zeros: [1e6, 1e6]', () => torch.zeros([1e6, 1e6]), RangeError, /^zeros\(\): size \[1000000, 1000000\] has 1000000000000 elements, more than the maximum/],
  ['randn: -1', () => torch.randn(-1), RangeError, /^randn\(\): negative dimension -1 in size \[-1\]$/],
  ['ones: 2.5', () => torch.ones(2.5), TypeError, /^ones\(\): size must be a list of integers, but got \[2\.5\]$/],
  ['zeros: Infinity', () => torch.zeros(Infinity), TypeError, /^zeros\(\): size must be a list of integers, but got \[Infinity\]$/],
  ['zeros: undefined in the list', () => torch.zeros([2, undefined as unknown as number]), TypeError, /^zeros\(\): size must be a list of integers, but got \[2, undefined\]$/],
  ['full: 2^40', () => torch.full([2 ** 40], 1), RangeError, /^full\(\): size \[1099511627776\] has .* more than the maximum/],
  ['randint: 2^40', () => torch.randint(0, 2, [2 ** 40]), RangeError, /^randint\(\): size .* more than the maximum/],
  ['eye: 2^30', () => torch.eye(2 ** 30), RangeError, /^eye\(\): size \[1073741824, 1073741824\] has .* more than the maximum/],
  ['eye: -1', () => torch.eye(-1), RangeError, /^eye\(\): negative dimension -1/],
  ['arange: 2^40 steps', () => torch.arange(2 ** 40), RangeError, /^arange\(\): size \[1099511627776\] has .* more than the maximum/],
  ['linspace: 2^40 steps', () => torch.linspace(0, 1, 2 ** 40), RangeError, /^linspace\(\): size \[1099511627776\] has .* more than the maximum/],
  ['linspace: 2.5 steps', () => torch.linspace(0, 1, 2.5), RangeError, /^linspace\(\): number of steps must be non-negative, got 2\.5$/],
  ['Linear(1e12, 1e12)', () => new nn.Linear(1e12, 1e12), RangeError, /^Linear\(\): size \[1000000000000, 1000000000000\] has 1e\+24 elements, more than the maximum/],
  ['Linear(1e5, 1e5): 1e10 weights', () => new nn.Linear(1e5, 1e5), RangeError, /^Linear\(\): size \[100000, 100000\] has 10000000000 elements/],
  ['Linear(2.5, 2)', () => new nn.Linear(2.5, 2), RangeError, /^Linear\(\): in_features must be a non-negative integer, got 2\.5$/],
  ['Conv2d(1e4, 1e4, 1e3): 1e14 weights', () => new nn.Conv2d(1e4, 1e4, 1e3), RangeError, /^Conv2d\(\): size \[10000, 10000, 1000, 1000\] has 100000000000000 elements, more than the maximum/],
  ['conv2d: padding 1e5 around a 2 x 2 image', () => torch.nn.functional.conv2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 1, 1), { padding: 1e5 }), RangeError, /^conv2d\(\): size \[1, 1, 40000800004\] has 40000800004 elements, more than the maximum/],
  ['reshape: 2^53 elements', () => x23().reshape(2 ** 53, 1), RangeError, /^reshape\(\): size \[9007199254740992, 1\] has .* more than the maximum/],
  ['view: -2', () => x23().view(-2, 3), RangeError, /^view\(\): negative dimension -2 in size \[-2, 3\]$/],
  ['expand: -2', () => torch.ones(3).expand(-2, 3), RangeError, /^expand\(\): negative dimension -2/],
];

describe.each(BACKENDS)('bad input table on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  it.each(cases)('%s', (_name, fn, type, message) => expectError(fn, type, message));
});

// ---- every public function with missing and non-tensor arguments ----

// Functions documented as aliases report the name of the function they stand for, as PyTorch's do.
const ALIAS: Record<string, string> = { clip: 'clamp', concat: 'cat', std: 'var', vector_norm: 'norm', fix: 'trunc', arcsin: 'asin', arccos: 'acos', arctan: 'atan', arctanh: 'atanh' };
// nn.init's deprecated names (uniform, normal, ...) call the underscore versions, which the errors name, as in PyTorch
for (const name of ['uniform', 'normal', 'constant', 'dirac', 'xavier_uniform', 'xavier_normal', 'kaiming_uniform', 'kaiming_normal', 'orthogonal', 'sparse']) ALIAS[`nn.init.${name}`] = `${name}_`;
// torch.linalg.X names itself linalg_X in PyTorch's argument errors
for (const name of Object.keys(torch.linalg)) ALIAS[`linalg.${name}`] = `linalg_${name}`;
// Functions whose first argument is not a tensor: factories, global state, predicates; they have their own cases.
const NOT_TENSOR_FIRST = new Set([
  'tensor', 'zeros', 'ones', 'empty', 'full', 'rand', 'randn', 'randint', 'arange', 'linspace', 'eye',
  'manual_seed', 'seed', 'initial_seed', 'no_grad', 'enable_grad', 'is_grad_enabled', 'set_grad_enabled', 'inference_mode', 'is_inference_mode_enabled',
  'set_printoptions', 'is_tensor', 'backend', 'get_num_threads', 'set_num_threads', 'calculate_gain', 'device', 'randperm',
  'save', 'load', // take any object / a file path: test/serialization.test.ts checks their arguments
  'polygamma', // polygamma(n, input): n is an int (test/math_extra.test.ts checks its arguments)
  // shape_extra's factories and data-first functions (test/shape_extra.test.ts checks their arguments)
  'logspace', 'hann_window', 'hamming_window', 'blackman_window', 'bartlett_window', 'kaiser_window', 'scalar_tensor', 'as_tensor', 'asarray', 'range', 'broadcast_shapes',
  'einsum', 'tril_indices', 'triu_indices', // an equation / sizes first: test/linalg.test.ts checks their arguments
  // dtypes, numbers or tensors first: test/tensor_extra.test.ts checks their arguments
  'finfo', 'iinfo', 'promote_types', 'result_type', 'can_cast', 'isin',
  'get_default_dtype', 'set_default_dtype', // a dtype or nothing: test/default_dtype.test.ts checks their arguments
  // global settings and typename (any object): test/torch_utils.test.ts checks their arguments
  'is_anomaly_enabled', 'set_anomaly_enabled', 'is_anomaly_check_nan_enabled', 'use_deterministic_algorithms',
  'are_deterministic_algorithms_enabled', 'is_deterministic_algorithms_warn_only_enabled', 'set_deterministic_debug_mode',
  'get_deterministic_debug_mode', 'set_warn_always', 'is_warn_always_enabled', 'get_num_interop_threads',
  'set_num_interop_threads', 'set_flush_denormal', 'get_float32_matmul_precision', 'set_float32_matmul_precision', 'typename',
  'autocast', 'is_autocast_cpu_enabled', 'get_autocast_cpu_dtype', // a device and a function: test/autocast.test.ts checks them
]);

function publicFunctions(): [string, string, (...args: unknown[]) => unknown][] {
  const namespaces = { torch, 'nn.functional': F, 'nn.init': nn.init, linalg: torch.linalg } as Record<string, object>;
  const out: [string, string, (...args: unknown[]) => unknown][] = [];
  for (const [ns, obj] of Object.entries(namespaces)) {
    for (const [name, fn] of Object.entries(obj)) {
      if (typeof fn !== 'function' || /^[A-Z]/.test(name) || NOT_TENSOR_FIRST.has(name)) continue;
      out.push([`${ns}.${name}`, name, fn as (...args: unknown[]) => unknown]);
    }
  }
  return out;
}

const NOT_TENSORS: [string, () => unknown, string][] = [
  ['undefined', () => undefined, 'undefined'],
  ['null', () => null, 'NoneType'],
  ['a string', () => 'x', 'string'],
  ['an array', () => [1, 2], 'list'],
  ['a plain object', () => ({ shape: [2], dtype: 'float32' }), 'Object'],
  ['a typed array', () => new Float32Array(2), 'Float32Array'],
];

describe.each(BACKENDS)('every public function refuses non-tensors on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const fns = publicFunctions();

  it('covers the API', () => {
    expect(fns.length).toBeGreaterThan(100); // torch.* and F.* grow; the sweep grows with them
  });

  it.each(NOT_TENSORS)('first argument %s: TypeError naming the function', (_label, make, typeName) => {
    const wrong: string[] = [];
    for (const [qualified, name, fn] of fns) {
      const e = thrown(() => fn(make()));
      // a list is taken for a list of tensors by cat/stack, which then name its first element
      const expected = new RegExp(`^${ALIAS[qualified] ?? ALIAS[name] ?? name}\\(\\): argument '(\\w+|tensors\\[0\\])' \\(position 1\\) must be (tuple of )?Tensors?, not (${typeName}|int)$`);
      if (!(e instanceof TypeError) || !expected.test(e.message)) wrong.push(`${qualified}: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : 'no error'}`);
    }
    expect(wrong).toEqual([]);
  });

  // Functions of *tensors that PyTorch calls with none: they return an empty result (test/shape_extra.test.ts)
  const EMPTY_IS_FINE = new Set(['torch.atleast_1d', 'torch.atleast_2d', 'torch.atleast_3d', 'torch.broadcast_tensors', 'torch.block_diag']);
  it('no arguments at all: TypeError naming the function', () => {
    const wrong = fns
      .filter(([qualified]) => !EMPTY_IS_FINE.has(qualified))
      .map(([qualified, name, fn]) => [qualified, name, thrown(() => fn())] as const)
      .filter(([qualified, name, e]) => !(e instanceof TypeError) || !e.message.startsWith(`${ALIAS[qualified] ?? ALIAS[name] ?? name}()`))
      .map(([q, , e]) => `${q}: ${e instanceof Error ? e.message : 'no error'}`);
    expect(wrong).toEqual([]);
  });

  const withOther: [string, (x: T, other: unknown) => unknown][] = [
    ['add', (x, o) => x.add(o as T)], ['sub', (x, o) => x.sub(o as T)], ['mul', (x, o) => x.mul(o as T)],
    ['div', (x, o) => x.div(o as T)], ['pow', (x, o) => x.pow(o as T)], ['maximum', (x, o) => x.maximum(o as T)],
    ['minimum', (x, o) => x.minimum(o as T)], ['eq', (x, o) => x.eq(o as T)], ['lt', (x, o) => x.lt(o as T)],
    ['matmul', (x, o) => x.matmul(o as T)], ['mm', (x, o) => x.mm(o as T)], ['bmm', (x, o) => x.bmm(o as T)],
    ['masked_fill', (x, o) => x.masked_fill(o as T, 0)], ['heaviside', (x, o) => x.heaviside(o as T)],
    ['prelu', (x, o) => x.prelu(o as T)], ['view_as', (x, o) => x.view_as(o as T)], ['reshape_as', (x, o) => x.reshape_as(o as T)],
    ['expand_as', (x, o) => x.expand_as(o as T)], ['copy_', (x, o) => x.copy_(o as T)], ['add_', (x, o) => x.add_(o as T)],
    ['mse_loss', (x, o) => F.mse_loss(x, o as T)], ['cross_entropy', (x, o) => F.cross_entropy(x, o as T)],
    ['linear', (x, o) => F.linear(x, o as T)],
  ];

  it.each(withOther)('%s with a non-tensor second argument names the op', (op, call) => {
    for (const [, make] of [NOT_TENSORS[0], NOT_TENSORS[2], NOT_TENSORS[4]]) {
      const e = thrown(() => call(x23(), make()));
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toMatch(new RegExp(`^${op.replace(/_$/, '_?')}\\(\\): argument '\\w+' \\(position \\d\\) must be Tensor`));
    }
  });

  it('every nn module refuses a non-tensor input, naming the op', () => {
    const needs: Record<string, unknown[]> = { Linear: [3, 2], Bilinear: [3, 2, 1], LocalResponseNorm: [2], LPPool1d: [2, 2], LPPool2d: [2, 2], MaxUnpool1d: [2], MaxUnpool2d: [2], MaxUnpool3d: [2], ChannelShuffle: [2], BatchNorm1d: [3], BatchNorm2d: [3], LayerNorm: [3], GroupNorm: [1, 3], InstanceNorm1d: [3], InstanceNorm2d: [3], Conv2d: [1, 2, 3], MaxPool2d: [2], AvgPool2d: [2], Embedding: [4, 2], Unflatten: [1, [2, 2]], Conv1d: [1, 2, 3], ConvTranspose2d: [1, 2, 3], ConvTranspose1d: [1, 2, 3], Unfold: [2], Fold: [4, 2], MaxPool1d: [2], AvgPool1d: [2], AdaptiveAvgPool2d: [1], AdaptiveAvgPool1d: [1], AdaptiveMaxPool2d: [1], AdaptiveMaxPool1d: [1], ConstantPad1d: [1, 0], ConstantPad2d: [1, 0], ZeroPad2d: [1], ReflectionPad1d: [1], ReflectionPad2d: [1], ReflectionPad3d: [1], ReplicationPad1d: [1], ReplicationPad2d: [1], ReplicationPad3d: [1], Upsample: [null, 2], UpsamplingNearest2d: [null, 2], UpsamplingBilinear2d: [null, 2], PixelShuffle: [2], PixelUnshuffle: [2], MultiheadAttention: [8, 2], TransformerEncoderLayer: [8, 2], TransformerEncoder: [new nn.TransformerEncoderLayer(8, 2), 1], TransformerDecoderLayer: [8, 2], TransformerDecoder: [new nn.TransformerDecoderLayer(8, 2), 1], Transformer: [8, 2, 1, 1, 16], RNN: [3, 4], LSTM: [3, 4], GRU: [3, 4], RNNCell: [3, 4], LSTMCell: [3, 4], GRUCell: [3, 4], Threshold: [0.1, 0], Softmax: [1], LogSoftmax: [1], Softmin: [1], Conv3d: [1, 2, 3], ConvTranspose3d: [1, 2, 3], MaxPool3d: [2], AvgPool3d: [2], AdaptiveAvgPool3d: [1], AdaptiveMaxPool3d: [1], ConstantPad3d: [1, 0], BatchNorm3d: [3], InstanceNorm3d: [3], EmbeddingBag: [4, 2], LazyLinear: [3], LazyConv1d: [2, 3], LazyConv2d: [2, 3], LazyConv3d: [2, 3], LazyConvTranspose1d: [2, 3], LazyConvTranspose2d: [2, 3], LazyConvTranspose3d: [2, 3], AdaptiveLogSoftmaxWithLoss: [4, 6, [2]], FractionalMaxPool2d: [2, 1], FractionalMaxPool3d: [2, 1] };
    // containers and abstract bases: Identity and an empty Sequential return their input, as in PyTorch
    const skip = new Set(['Module', 'Parameter', 'Identity', 'Sequential', 'ModuleList', 'ModuleDict', 'ParameterList', 'ParameterDict', '_Loss', '_WeightedLoss', 'RNNBase', 'RNNCellBase', 'UninitializedParameter', 'UninitializedBuffer']);
    const wrong: string[] = [];
    let checked = 0;
    for (const [name, C] of Object.entries(nn)) {
      if (typeof C !== 'function' || skip.has(name) || !(C.prototype instanceof nn.Module)) continue;
      const m = new (C as new (...a: unknown[]) => (...args: unknown[]) => unknown)(...(needs[name] ?? []));
      checked++;
      const calls = name.endsWith('Loss') ? [() => m(undefined, long([0])), () => m(torch.ones(1, 3), 'x')] : [() => m(undefined), () => m('x')];
      for (const call of calls) {
        const e = thrown(call);
        if (!(e instanceof TypeError) || !/^\w+\(\): argument '\w+' \(position \d\) must be Tensor, not (undefined|string)$/.test(e.message)) {
          wrong.push(`${name}: ${e instanceof Error ? e.message : 'no error'}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });
});

// ---- sizes are checked before anything is allocated ----

describe.each(BACKENDS)('huge sizes on %s', (backend) => {
  let original: Backend['alloc'];
  const allocations: number[] = [];
  beforeAll(() => useBackend(backend));
  afterEach(() => {
    if (original) B.alloc = original;
  });

  it('are refused with a RangeError before the backend allocates anything', () => {
    const one = torch.ones(1);
    original = B.alloc;
    B.alloc = (dtype, n, zero) => {
      allocations.push(n);
      return original(dtype, n, zero);
    };
    const huge: (() => unknown)[] = [
      () => torch.empty(2 ** 40), () => torch.zeros([1e6, 1e6]), () => torch.ones(2 ** 31, 2 ** 31), () => torch.randn(2 ** 30, 4),
      () => torch.rand([2 ** 53]), () => torch.full([2 ** 40], 0), () => torch.randint(0, 9, [2 ** 40]), () => torch.eye(2 ** 30),
      () => torch.arange(2 ** 40), () => torch.linspace(0, 1, 2 ** 40), () => new nn.Linear(1e12, 1e12), () => new nn.Linear(2 ** 15, 2 ** 15),
      () => torch.zeros(2 ** 40, { dtype: 'int64' }), () => one.expand(2 ** 40),
    ];
    for (const fn of huge) expect(thrown(fn)).toBeInstanceOf(RangeError);
    expect(allocations).toEqual([]);
    // the spy sees allocations (so the empty list above means something)
    torch.zeros(5);
    expect(allocations).toEqual([5]);
  });
});

// ---- tensors whose ArrayBuffer was transferred away ----

/** t after its buffer was transferred (structuredClone or postMessage), which detaches it here. */
function transferred(t: T, how: 'structuredClone' | 'postMessage' = 'structuredClone'): T {
  const buffer = t.data.buffer as ArrayBuffer; // t.data is a live view of a contiguous tensor's storage
  if (how === 'structuredClone') structuredClone(buffer, { transfer: [buffer] });
  else {
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(buffer, [buffer]);
    port1.close();
    port2.close();
  }
  return t;
}

describe.each(BACKENDS)('transferred (detached) buffers on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const gone = () => transferred(torch.ones(2, 3));

  const ops: [string, () => unknown, RegExp][] = [
    ['relu', () => gone().relu(), /^relu\(\): argument 'input' \(position 1\) of shape \[2, 3\] has lost its data: its ArrayBuffer was detached/],
    ['add (other)', () => x23().add(gone()), /^add\(\): argument 'other' \(position 2\) of shape \[2, 3\] has lost its data/],
    ['mul (input)', () => torch.mul(gone(), 2), /^mul\(\): argument 'input' \(position 1\) of shape \[2, 3\]/],
    ['sum', () => gone().sum(), /^sum\(\): argument 'input'/],
    ['softmax', () => gone().softmax(1), /^softmax\(\): argument 'input'/],
    ['matmul (other)', () => torch.ones(3, 2).matmul(gone()), /^matmul\(\): argument 'other' \(position 2\) of shape \[2, 3\]/],
    ['cat', () => torch.cat([x23(), gone()]), /^cat\(\): argument 'tensors\[1\]'/],
    ['where (other)', () => torch.where(x23().gt(0), x23(), gone()), /^where\(\): argument 'other' \(position 3\)/],
    ['view then exp', () => gone().view(6).exp(), /^view\(\): argument 'input'/],
    ['item', () => transferred(torch.ones(1)).item(), /^item\(\): the tensor of shape \[1\] has lost its data/],
    ['tolist', () => gone().tolist(), /^tolist\(\): the tensor of shape \[2, 3\]/],
    ['data', () => gone().data, /^data\(\): the tensor of shape \[2, 3\]/],
    ['printing', () => String(gone()), /^toString\(\): the tensor of shape \[2, 3\]/],
    ['to(float64)', () => gone().double(), /^to\(\): the tensor of shape \[2, 3\]/],
    ['fill_', () => gone().fill_(1), /^fill_\(\): argument 'self' \(position 1\)/],
    ['copy_ into', () => gone().copy_(x23()), /^copy_\(\): argument 'self' \(position 1\)/],
    ['mul_', () => gone().mul_(2), /^mul\(\): argument 'input'/],
    ['Linear', () => new nn.Linear(3, 2)(gone()), /^linear\(\): argument 'input'/],
    ['cross_entropy target', () => F.cross_entropy(x23(), transferred(long([0, 1]))), /^cross_entropy\(\): argument 'target' \(position 2\) of shape \[2\]/],
    ['backward gradient', () => torch.ones(2, 3, { requires_grad: true }).mul(2).backward(gone()), /^backward\(\): gradient of shape \[2, 3\]/],
    ['int64 tensor', () => transferred(long([1, 2])).add(1), /^add\(\): argument 'input'/],
    ['bool tensor', () => transferred(torch.tensor([true])).eq(true), /^eq\(\): argument 'input'/],
  ];

  it.each(ops)('%s throws a TypeError naming the op', (_name, fn, message) => expectError(fn, TypeError, message));

  it('postMessage transfer detaches too', () => {
    const t = transferred(torch.ones(4), 'postMessage');
    expect(t._storage.length).toBe(0);
    expectError(() => t.exp(), TypeError, /^exp\(\): argument 'input' \(position 1\) of shape \[4\] has lost its data/);
  });

  it('optimizer steps on a parameter or gradient that was transferred', () => {
    const p = torch.ones(3, { requires_grad: true });
    p.sum().backward();
    transferred(p.grad!);
    expectError(() => new torch.optim.Adam([p]).step(), TypeError, /^Adam\.step\(\): a gradient of shape \[3\] has lost its data/);
    const q = torch.ones(3, { requires_grad: true });
    q.sum().backward();
    transferred(q);
    expectError(() => new torch.optim.SGD([q], { lr: 0.1 }).step(), TypeError, /^SGD\.step\(\): a parameter of shape \[3\] has lost its data/);
  });

  it('a large tensor (the native pool on that backend) either stays intact or throws, never reads garbage', () => {
    const n = 1 << 19; // 2 MiB of float32
    const t = torch.arange(n, { dtype: 'float32' });
    let result: unknown;
    try {
      transferred(t);
    } catch (e) {
      result = e; // a buffer that cannot be transferred may refuse
    }
    if (result !== undefined) expect(result).toBeInstanceOf(Error);
    if (t._storage.length === n) {
      expect(t.sum().item()).toBe((n * (n - 1)) / 2); // copied, not moved: the tensor still has its values
    } else {
      expectError(() => t.sum(), TypeError, /^sum\(\): argument 'input' \(position 1\) of shape \[524288\] has lost its data/);
    }
  });

  it('zero-element tensors too (the addon refuses any detached array)', () => {
    const t = transferred(torch.ones(0, 3));
    expectError(() => t.sum(0), TypeError, /^sum\(\): argument 'input' \(position 1\) of shape \[0, 3\] has lost its data/);
    expect(torch.ones(0, 3).sum(0).tolist()).toEqual([0, 0, 0]); // an empty tensor that was not transferred works
  });
});

// ---- views outlive their base: the storage (pooled or not) is not recycled under them ----

describe.each(BACKENDS)('views of dropped tensors on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('keep their values after the base is collected and its size class is reused', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const n = 1 << 19; // 2 MiB: pooled on the native backend
    let base: T | null = torch.arange(n, { dtype: 'float32' });
    const view = base.narrow(0, 1000, 4);
    const strided = base.view(-1, 2).select(1, 1).narrow(0, 0, 3); // elements 1, 3, 5
    base = null;
    for (let round = 0; round < 3; round++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve)); // where Node defers finalizers, blocks return here
      // new tensors of the same size class: a block wrongly returned to the pool would be handed out here
      const others = Array.from({ length: 8 }, () => torch.full([n], -7));
      expect(others[7].data[n - 1]).toBe(-7);
    }
    expect(view.tolist()).toEqual([1000, 1001, 1002, 1003]);
    expect(strided.tolist()).toEqual([1, 3, 5]);
    expect(view.add(1).tolist()).toEqual([1001, 1002, 1003, 1004]);
  });
});

// ---- the raw addon, validating on its own ----

describe.runIf(BACKENDS.includes('native'))('the raw binding with garbage arguments', () => {
  const root = path.resolve(__dirname, '..');
  const run = (script: string) => spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8', timeout: 60_000 });

  it('every function, every argument replaced by garbage: TypeError/RangeError naming the function, no crash', () => {
    const r = run('test/scripts/binding_garbage.js');
    expect(r.signal, r.stderr).toBeNull(); // SIGSEGV here is a crash in the addon's validation
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { calls: number; threw: number; failures: string[] };
    expect(report.failures).toEqual([]);
    expect(report.calls).toBeGreaterThan(2000);
    expect(report.threw).toBeGreaterThan(0.9 * report.calls);
  }, 60_000);

  it('native/test/smoke.js (npm run smoke:native): good and garbage calls, and worker threads', () => {
    const r = run('native/test/smoke.js');
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^smoke: (avx512|avx2|neon|scalar) ok \(workers: ok, ok, ok\)$/m);
  }, 60_000);
});
