// Bad input gets a TypeError or RangeError whose message names the op and the offending shapes/values.
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectError } from './helpers';

const F = torch.nn.functional;
const x23 = () => torch.ones(2, 3);
const bad: unknown = 'not a tensor';

type Case = [name: string, fn: () => unknown, type: typeof TypeError | typeof RangeError, message: RegExp];

const cases: Case[] = [
  // broadcasting and shapes
  ['add: broadcast failure', () => torch.add(x23(), torch.ones(4)), RangeError, /add\(\).*size of tensor a \(3\) must match the size of tensor b \(4\).*\[2, 3\] and \[4\]/],
  ['mul: broadcast failure', () => x23().mul(torch.ones(3, 2)), RangeError, /mul\(\).*\[2, 3\] and \[3, 2\]/],
  ['where: broadcast failure', () => torch.where(torch.ones(2).gt(0), x23(), torch.ones(5)), RangeError, /where\(\)/],
  ['matmul: inner dims', () => torch.matmul(x23(), torch.ones(4, 5)), RangeError, /matmul\(\): mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5/],
  ['matmul: 0-d', () => torch.matmul(torch.tensor(1), x23()), RangeError, /at least 1D, but they are 0D and 2D/],
  ['matmul: dot sizes', () => torch.matmul(torch.ones(3), torch.ones(4)), RangeError, /inconsistent tensor size/],
  ['matmul: batch broadcast', () => torch.matmul(torch.ones(2, 2, 3), torch.ones(3, 3, 4)), RangeError, /matmul\(\).*\[2\] and \[3\]/],
  ['mm: not a matrix', () => torch.mm(torch.ones(3), torch.ones(3, 2)), RangeError, /mm\(\): self must be a matrix/],
  ['bmm: batch sizes', () => torch.bmm(torch.ones(2, 2, 3), torch.ones(3, 3, 4)), RangeError, /bmm\(\): Expected size for first two dimensions of batch2 tensor to be: \[2, 3\] but got: \[3, 3\]/],
  ['reshape: wrong numel', () => x23().reshape(4, 2), RangeError, /reshape\(\): shape '\[4, 2\]' is invalid for input of size 6/],
  ['view: two -1', () => x23().view(-1, -1), RangeError, /only one dimension can be inferred/],
  ['view: non-contiguous', () => x23().t().view(6), RangeError, /view size is not compatible.*Use \.reshape/],
  ['expand: mismatch', () => x23().expand(2, 4), RangeError, /expand\(\).*Target sizes: \[2, 4\].*Tensor sizes: \[2, 3\]/],
  ['cat: sizes', () => torch.cat([x23(), torch.ones(2, 4)], 0), RangeError, /cat\(\): Sizes of tensors must match except in dimension 0/],
  ['cat: rank', () => torch.cat([x23(), torch.ones(3)]), RangeError, /cat\(\): Tensors must have same number of dimensions/],
  ['cat: empty list', () => torch.cat([]), RangeError, /cat\(\): expected a non-empty list/],
  ['stack: sizes', () => torch.stack([x23(), torch.ones(3, 2)]), RangeError, /stack expects each tensor to be equal size, but got \[2, 3\] at entry 0 and \[3, 2\] at entry 1/],
  ['backward: gradient shape', () => torch.ones(2, { requires_grad: true }).mul(2).backward(torch.ones(3)), RangeError, /Mismatch in shape: grad_output\[0\] has a shape of \[3\] and output\[0\] has a shape of \[2\]/],
  // dims
  ['sum: dim out of range', () => x23().sum(2), RangeError, /sum\(\): Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/],
  ['sum: negative dim out of range', () => x23().sum(-3), RangeError, /sum\(\): Dimension out of range.*got -3/],
  ['sum: repeated dim', () => x23().sum([0, -2]), RangeError, /sum\(\): dim 0 appears multiple times/],
  ['softmax: dim out of range', () => torch.softmax(x23(), 5), RangeError, /softmax\(\): Dimension out of range/],
  ['log_softmax: missing dim', () => (torch.log_softmax as (x: unknown) => unknown)(x23()), TypeError, /log_softmax\(\): argument 'dim'/],
  ['max: dim out of range', () => x23().max(-4), RangeError, /max\(\): Dimension out of range/],
  ['argmax: non-integer dim', () => x23().argmax(0.5), TypeError, /argmax\(\): dim must be an integer/],
  ['transpose: dim', () => x23().transpose(0, 2), RangeError, /transpose\(\): Dimension out of range/],
  ['select: index', () => x23().select(0, 2), RangeError, /select\(\): index 2 out of range for tensor of size \[2, 3\] at dimension 0/],
  ['narrow: length', () => x23().narrow(1, 2, 2), RangeError, /narrow\(\): start \(2\) \+ length \(2\) exceeds dimension size \(3\)/],
  ['permute: length', () => x23().permute(0), RangeError, /permute\(\).*input.dim\(\) = 2 is not equal to len\(dims\) = 1/],
  ['t: 3-D', () => torch.ones(1, 2, 3).t(), RangeError, /t\(\) expects a tensor with <= 2 dimensions, but self is 3D/],
  ['max over empty', () => torch.ones(0).max(), RangeError, /amax\(\).*numel\(\) == 0/],
  // dtypes
  ['matmul: dtype mismatch', () => torch.matmul(x23(), torch.ones(3, 2, { dtype: 'int64' })), TypeError, /matmul\(\): expected both operands to have the same dtype, but got float32 and int64/],
  ['mean: integer input', () => torch.ones(3, { dtype: 'int64' }).mean(), TypeError, /mean\(\): could not infer output dtype.*Got: Long/],
  ['softmax: integer input', () => torch.softmax(torch.ones(3, { dtype: 'int64' }), 0), TypeError, /softmax\(\): expected a floating point tensor, but got int64/],
  ['where: non-bool condition', () => torch.where(torch.ones(2), torch.ones(2), 0), TypeError, /where\(\): expected condition to be a boolean tensor/],
  ['masked_fill: non-bool mask', () => x23().masked_fill(torch.ones(2, 3), 0), TypeError, /masked_fill\(\): expected mask to have dtype bool/],
  ['heaviside: dtype mismatch', () => torch.heaviside(x23(), torch.ones(1, { dtype: 'int64' })), TypeError, /heaviside\(\).*different dtypes/],
  ['requires_grad on int', () => torch.ones(2, { dtype: 'int64', requires_grad: true }), TypeError, /only Tensors of floating point dtype can require gradients/],
  ['unknown dtype', () => torch.zeros(2, { dtype: 'complex64' }), TypeError, /zeros\(\): invalid dtype "complex64"/],
  ['sub on bools', () => torch.tensor([true]).sub(torch.tensor([true])), TypeError, /Subtraction, the `-` operator, with two bool tensors/],
  // non-tensors
  ['relu: string', () => torch.relu(bad as torch.Tensor), TypeError, /relu\(\): argument 'input' \(position 1\) must be Tensor, not string/],
  ['F.leaky_relu: undefined', () => F.leaky_relu(undefined as unknown as torch.Tensor), TypeError, /leaky_relu\(\): argument 'input' \(position 1\) must be Tensor, not undefined/],
  ['F.leaky_relu: slope string', () => F.leaky_relu(x23(), 'a' as unknown as number), TypeError, /leaky_relu\(\): argument 'negative_slope' must be Number, not string/],
  ['sigmoid: array', () => torch.sigmoid([1, 2] as unknown as torch.Tensor), TypeError, /sigmoid\(\): argument 'input' \(position 1\) must be Tensor, not list/],
  ['add: object operand', () => torch.add(x23(), {} as unknown as number), TypeError, /add\(\): argument 'other' \(position 2\) must be Tensor or Number, not Object/],
  ['matmul: null', () => torch.matmul(x23(), null as unknown as torch.Tensor), TypeError, /matmul\(\): argument 'other' \(position 2\) must be Tensor, not NoneType/],
  ['F.threshold: missing value', () => (F.threshold as (x: unknown, t: number) => unknown)(x23(), 0), TypeError, /threshold\(\): argument 'value' must be Number, not undefined/],
  ['clamp: no bounds', () => torch.clamp(x23()), TypeError, /clamp\(\): At least one of 'min' or 'max' must not be None/],
  ['cat: not a list', () => torch.cat(x23() as unknown as torch.Tensor[]), TypeError, /cat\(\): argument 'tensors' \(position 1\) must be tuple of Tensors, not Tensor/],
  ['tensor: string element', () => torch.tensor(['a'] as unknown as number[]), TypeError, /tensor\(\): Could not infer dtype of string/],
  ['tensor: ragged', () => torch.tensor([[1, 2], [3]]), RangeError, /tensor\(\): expected sequence of length 2 at dim 1 \(got 1\)/],
  ['tensor: int64 overflow', () => torch.tensor([2 ** 60], { dtype: 'int64' }), RangeError, /cannot be converted to type int64 without overflow/],
  // sizes
  ['zeros: negative size', () => torch.zeros(2, -1), RangeError, /zeros\(\): negative dimension -1 in size \[2, -1\]/],
  ['ones: non-integer size', () => torch.ones(2.5), TypeError, /ones\(\): size must be a list of integers, but got \[2\.5\]/],
  ['randn: string size', () => torch.randn('3' as unknown as number), TypeError, /randn\(\): size must be a list of integers/],
  ['zeros: NaN size', () => torch.zeros(NaN), TypeError, /zeros\(\): size must be a list of integers/],
  ['zeros: too large', () => torch.zeros(1e9, 1e9), RangeError, /zeros\(\): size \[1000000000, 1000000000\] has 1000000000000000000 elements, more than the maximum/],
  ['rand: too large', () => torch.rand([2 ** 40]), RangeError, /rand\(\): size .* more than the maximum/],
  ['arange: zero step', () => torch.arange(0, 1, 0), RangeError, /arange\(\): step must be nonzero/],
  ['arange: wrong sign', () => torch.arange(0, 5, -1), RangeError, /arange\(\): upper bound and larger bound inconsistent with step sign/],
  ['arange: NaN', () => torch.arange(NaN), TypeError, /arange\(\): argument 'end' must be a number/],
  ['arange: infinite', () => torch.arange(Infinity), RangeError, /arange\(\): end must be finite/],
  ['linspace: negative steps', () => torch.linspace(0, 1, -2), RangeError, /linspace\(\): number of steps must be non-negative/],
  ['randint: empty range', () => torch.randint(5, 5, [2]), RangeError, /randint\(\).*from=5 >= to=5/],
  ['item on many', () => x23().item(), RangeError, /a Tensor with 6 elements cannot be converted to Scalar/],
  ['set_num_threads: 0', () => torch.set_num_threads(0), RangeError, /set_num_threads\(\): expects a positive integer/],
  ['manual_seed: string', () => torch.manual_seed('1' as unknown as number), TypeError, /manual_seed\(\): seed must be an integer/],
];

describe.each(BACKENDS)('bad input on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  it.each(cases)('%s', (_name, fn, type, message) => expectError(fn, type, message));
});

describe('NaN and infinities are values, not errors', () => {
  it.each(BACKENDS)('propagate through ops on %s', (backend) => {
    useBackend(backend);
    const x = torch.tensor([NaN, Infinity, -Infinity, 0]);
    expect(torch.relu(x).tolist()).toEqual([NaN, Infinity, 0, 0]);
    expect(torch.sigmoid(x).tolist()).toEqual([NaN, 1, 0, 0.5]);
    expect(x.max().item()).toBeNaN();
    expect(x.argmax().item()).toBe(0);
  });
});
