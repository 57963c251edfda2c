// Advanced indexing, x.index(...) with index tensors and bool/uint8 masks among the items (PyTorch's x[items]),
// against PyTorch 1.13 (scripts/gen_advanced_index_fixtures.py): shapes (where the indexed dims go), values and the
// gradient of a weighted sum, exact (integer-valued float32); and PyTorch's errors.
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';
import type { Tensor } from '../lib/index';
import { BACKENDS, useBackend, expectError } from './helpers';

const F = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'advanced_index.json'), 'utf8')) as {
  cases: Record<string, { shape: number[]; values: number[]; grad: number[] }>;
};

const i = () => torch.tensor([[0n, 1n], [1n, 0n]]);
const j = () => torch.tensor([2n, -1n, 0n]);
const m = () => torch.tensor([true, false, true]);
const m2 = () => torch.tensor([[true, false, false, true], [false, false, true, false], [true, true, false, false]]);
const u = () => torch.tensor([1, 0, 1], { dtype: 'uint8' });
const cases: Record<string, (x: Tensor) => Tensor> = {
  first: (x) => x.index(i()),
  int_then_tensor: (x) => x.index(0, ':', i()),
  tensor_then_int: (x) => x.index(i(), ':', 0),
  tensor_int_tensor: (x) => x.index(i(), 0, i()),
  adjacent: (x) => x.index(':', i(), i()),
  separated: (x) => x.index(':', i(), ':', i()),
  ellipsis: (x) => x.index('...', j()),
  negative_and_repeats: (x) => x.index(torch.tensor([1n, 1n, -2n])),
  mask: (x) => x.index(':', m()),
  mask_with_slice: (x) => x.index(0, m(), '1:3'),
  mask_2d: (x) => x.index(':', m2()),
  mask_uint8: (x) => x.index(':', u()),
  broadcast: (x) => x.index(torch.tensor([1n]), torch.tensor([[0n], [2n]])),
  slice_step_then_tensor: (x) => x.index(':', '::2', j()),
  scalar_tensor: (x) => x.index(torch.tensor(1n)),
};

describe.each(BACKENDS)('advanced indexing on %s', (backend) => {
  afterEach(() => useBackend(backend));

  it('every fixture case is run', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(F.cases).sort());
  });

  it.each(Object.keys(F.cases))('%s: shape, values and gradient as PyTorch', (name) => {
    useBackend(backend);
    const want = F.cases[name];
    const x = torch.arange(120, { dtype: 'float32' }).reshape(2, 3, 4, 5).requires_grad_();
    const out = cases[name](x);
    expect(out.shape).toEqual(want.shape);
    expect(out.detach().flatten().tolist()).toEqual(want.values);
    out.mul(torch.arange(1, out.numel() + 1, { dtype: 'float32' }).reshape(out.shape)).sum().backward();
    expect(x.grad!.flatten().tolist()).toEqual(want.grad);
    expect(out.grad_fn?.name).toBe('IndexBackward0');
  });

  it("PyTorch's errors: index dtype, bounds, broadcasting, mask shape, too many indices, two ellipses", () => {
    useBackend(backend);
    const x = torch.zeros(2, 3);
    expectError(() => x.index(torch.tensor([0], { dtype: 'int32' })), TypeError, 'index(): tensors used as indices must be long, byte or bool tensors');
    expectError(() => x.index(torch.tensor([0.5])), TypeError, 'index(): tensors used as indices must be long, byte or bool tensors');
    expectError(() => x.index(torch.tensor([5n])), RangeError, 'index(): index 5 is out of bounds for dimension 0 with size 2');
    expectError(() => x.index(torch.tensor([0n, 1n]), torch.tensor([0n, 1n, 2n])), RangeError, /shape mismatch: indexing tensors could not be broadcast together with shapes \[2\], \[3\]/);
    expectError(() => x.index(':', torch.tensor([true, false])), RangeError, /The shape of the mask \[2\] at index 0 does not match the shape of the indexed tensor \[2, 3\] at index 1/);
    expectError(() => x.index(':', ':', torch.tensor([0n])), RangeError, /too many indices for tensor of dimension 2/);
    expectError(() => x.index('...', 0, '...'), RangeError, "index(): an index can only have a single ellipsis ('...')");
    expectError(() => x.index({} as never), TypeError, /only integers, slices .* and tensors are valid indices/);
  });

  it("'...' in basic indexing too, and a basic index stays a view", () => {
    const x = torch.arange(24, { dtype: 'float32' }).reshape(2, 3, 4);
    expect(x.index('...', 1).tolist()).toEqual(x.index(':', ':', 1).tolist());
    expect(x.index(0, '...').shape).toEqual([3, 4]);
    expect(x.index('...').shape).toEqual([2, 3, 4]);
    expect(x.index('...', 1)._storage).toBe(x._storage);
  });
});
