// In-place activations (x.relu_(), F.relu(x, true), ...) and PyTorch's `out=` tensors (elementwise ops, matmul, mm):
// the kernel writes into the given memory (no temporary), results equal the out-of-place op exactly, and the error
// cases follow PyTorch.
import { describe, expect, it, vi } from 'vitest';
import * as torch from '../lib';
import { BACKENDS, useBackend } from './helpers';

const F = torch.nn.functional;
// values around every activation's kinks and saturation points, plus NaN/inf
const VALUES = [-Infinity, -100, -6.5, -3, -1, -0.5, -0, 0, 1e-40, 0.25, 1, 3, 6, 6.5, 100, Infinity, NaN];
const input = () => torch.tensor(VALUES);

// each pair must agree bit for bit (tolerance: exact, same kernel on the same inputs)
const INPLACE: [string, (x: torch.Tensor) => torch.Tensor, (x: torch.Tensor) => torch.Tensor][] = [
  ['x.relu_()', (x) => x.relu_(), (x) => torch.relu(x)],
  ['torch.relu_', (x) => torch.relu_(x), (x) => torch.relu(x)],
  ['F.relu inplace', (x) => F.relu(x, true), (x) => F.relu(x)],
  ['F.relu6 inplace', (x) => F.relu6(x, { inplace: true }), (x) => F.relu6(x)],
  ['F.leaky_relu inplace', (x) => F.leaky_relu(x, 0.2, true), (x) => F.leaky_relu(x, 0.2)],
  ['F.leaky_relu kwargs inplace', (x) => F.leaky_relu(x, { negative_slope: 0.1, inplace: true }), (x) => F.leaky_relu(x, 0.1)],
  ['F.hardtanh inplace', (x) => F.hardtanh(x, -2, 2, true), (x) => F.hardtanh(x, -2, 2)],
  ['F.threshold inplace', (x) => F.threshold(x, 0.5, -7, true), (x) => F.threshold(x, 0.5, -7)],
  ['x.sigmoid_()', (x) => x.sigmoid_(), (x) => torch.sigmoid(x)],
  ['torch.sigmoid_', (x) => torch.sigmoid_(x), (x) => torch.sigmoid(x)],
  ['x.tanh_()', (x) => x.tanh_(), (x) => torch.tanh(x)],
  ['torch.tanh_', (x) => torch.tanh_(x), (x) => torch.tanh(x)],
  ['x.exp_()', (x) => x.exp_(), (x) => torch.exp(x)],
  ['x.neg_()', (x) => x.neg_(), (x) => torch.neg(x)],
  ['x.abs_()', (x) => x.abs_(), (x) => torch.abs(x)],
];

const OUT: [string, (x: torch.Tensor, out: torch.Tensor) => torch.Tensor, (x: torch.Tensor) => torch.Tensor][] = [
  ['sigmoid', (x, out) => torch.sigmoid(x, { out }), torch.sigmoid],
  ['tanh', (x, out) => torch.tanh(x, { out }), torch.tanh],
  ['exp', (x, out) => torch.exp(x, { out }), torch.exp],
  ['log', (x, out) => torch.log(x, { out }), torch.log],
  ['sqrt', (x, out) => torch.sqrt(x, { out }), torch.sqrt],
  ['erf', (x, out) => torch.erf(x, { out }), torch.erf],
];

describe.each(BACKENDS)('in-place and out= (%s backend)', (backend) => {
  useBackend(backend);

  it.each(INPLACE)('%s writes into its input and equals the out-of-place op (exact)', (_, inplace, reference) => {
    const expected = reference(input()).tolist();
    const x = input();
    const storage = x._storage;
    const result = inplace(x);
    expect(result).toBe(x);
    expect(x._storage).toBe(storage); // same memory, not a replaced buffer
    expect(x.tolist()).toEqual(expected);
  });

  it('in-place on a non-contiguous view changes only the viewed elements', () => {
    const base = torch.arange(-6, 6, { dtype: 'float32' }).reshape(3, 4);
    const col = base.t().select(0, 1); // elements 1, 5, 9 of the base: [-5, -1, 3]
    col.relu_();
    expect(base.flatten().tolist()).toEqual([-6, 0, -4, -3, -2, 0, 0, 1, 2, 3, 4, 5]);
    const view = base.narrow(1, 0, 2);
    view.sigmoid_();
    expect(base.select(1, 2).tolist()).toEqual([-4, 0, 4]); // untouched columns keep their values
    expect(view.tolist()).toEqual(torch.sigmoid(torch.tensor([[-6, 0], [-2, 0], [2, 3]])).tolist());
  });

  it('a large in-place op (threaded path) equals the out-of-place result', () => {
    torch.manual_seed(1);
    const x = torch.randn(300_001);
    const expected = torch.tanh(x);
    x.tanh_();
    expect(torch.equal(x, expected)).toBe(true);
  });

  it('in-place on a leaf that requires grad is refused, as in PyTorch', () => {
    const w = torch.ones(3, { requires_grad: true });
    expect(() => w.relu_()).toThrow(/relu_\(\): a leaf Variable that requires grad is being used in an in-place operation/);
    expect(() => F.leaky_relu(w, 0.1, true)).toThrow(/leaky_relu_\(\): a leaf Variable/);
    torch.no_grad(() => w.sigmoid_()); // allowed without grad mode, like PyTorch's parameter updates
    expect(w.tolist()[0]).toBeCloseTo(0.7310586, 6);
  });

  it('float-only in-place ops refuse integer tensors with PyTorch\'s message', () => {
    const i = torch.tensor([1, 2], { dtype: 'int64' });
    expect(() => i.sigmoid_()).toThrow(TypeError);
    expect(() => i.sigmoid_()).toThrow("sigmoid_(): result type Float can't be cast to the desired output type Long");
    expect(F.relu(torch.tensor([-1, 2], { dtype: 'int64' }), true).tolist()).toEqual([0, 2]);
  });

  it.each(OUT)('torch.%s(x, { out }) writes into out and returns it (exact)', (_, withOut, reference) => {
    const x = input().abs();
    const out = torch.empty(VALUES.length);
    const storage = out._storage;
    expect(withOut(x, out)).toBe(out);
    expect(out._storage).toBe(storage);
    expect(out.tolist()).toEqual(reference(x).tolist());
  });

  it('out= into a non-contiguous tensor and into float64', () => {
    const x = torch.tensor([[-1, 0, 1], [2, 3, 4]]);
    const out = torch.zeros(3, 2).t();
    torch.sigmoid(x, { out });
    expect(out.tolist()).toEqual(torch.sigmoid(x).tolist());
    const out64 = torch.zeros([2, 3], { dtype: 'float64' });
    torch.tanh(x, { out: out64 });
    expect(out64.dtype).toBe('float64');
    expect(out64.tolist()).toEqual(torch.tanh(x).tolist());
  });

  it('out= with another shape is resized: silently when empty, with PyTorch\'s warning otherwise', () => {
    const x = torch.tensor([[1, 2], [3, 4]]);
    const empty = torch.empty(0);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      torch.exp(x, { out: empty });
      expect(warn).not.toHaveBeenCalled();
      expect(empty.shape).toEqual([2, 2]);
      expect(empty.tolist()).toEqual(torch.exp(x).tolist());
      const wrong = torch.zeros(5);
      torch.exp(x, { out: wrong });
      expect(wrong.shape).toEqual([2, 2]);
      expect(String(warn.mock.calls[0][0])).toBe(
        'An output with one or more elements was resized since it had shape [5], which does not match the required output shape [2, 2].',
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('out= errors: dtype, autograd, partial overlap, non-tensor', () => {
    const x = torch.tensor([1, 2, 3]);
    expect(() => torch.sigmoid(x, { out: torch.zeros(3, { dtype: 'int64' }) })).toThrow(
      new TypeError("sigmoid(): result type Float can't be cast to the desired output type Long"),
    );
    const w = torch.tensor([1, 2, 3], { requires_grad: true });
    expect(() => torch.tanh(w, { out: torch.empty(3) })).toThrow(
      "tanh(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.",
    );
    expect(torch.no_grad(() => torch.tanh(w, { out: torch.empty(3) })).tolist()[0]).toBeCloseTo(Math.tanh(1), 6);
    const base = torch.arange(0, 8, { dtype: 'float32' });
    expect(() => torch.exp(base.narrow(0, 0, 4), { out: base.narrow(0, 2, 4) })).toThrow(/some elements of the input tensor and the written-to tensor refer to a single memory location/);
    // disjoint parts of one buffer are fine, and so is out being the input itself
    torch.exp(base.narrow(0, 0, 4), { out: base.narrow(0, 4, 4) });
    expect(base.narrow(0, 4, 4).tolist()).toEqual(torch.exp(torch.tensor([0, 1, 2, 3])).tolist());
    torch.sqrt(base, { out: base });
    expect(base.tolist()[1]).toBe(1);
    expect(() => torch.exp(x, { out: [0, 0, 0] as never })).toThrow(new TypeError("exp(): argument 'out' (position 1) must be Tensor, not list"));
  });

  // matmul/mm out=: results equal the out-of-place product bit for bit (same kernel, same operands)
  const PRODUCTS: [string, number[], number[]][] = [
    ['matrix @ matrix', [7, 5], [5, 9]],
    ['matrix @ matrix, threaded and packed', [128, 128], [128, 128]],
    ['batch @ matrix', [3, 4, 5], [5, 2]],
    ['batch @ batch, broadcast', [2, 1, 4, 5], [3, 5, 6]],
    ['vector @ vector', [6], [6]],
    ['matrix @ vector', [4, 6], [6]],
    ['vector @ batch', [6], [2, 6, 3]],
    ['empty sum (K = 0)', [3, 0], [0, 2]],
  ];
  it.each(PRODUCTS)('matmul out= (%s) writes the product into out, in place of a new tensor', (_, aShape, bShape) => {
    torch.manual_seed(1);
    const a = torch.randn(aShape);
    const b = torch.randn(bShape);
    const expected = torch.matmul(a, b);
    const out = torch.full(expected.shape as number[], 7);
    const storage = out._storage;
    expect(torch.matmul(a, b, { out })).toBe(out);
    expect(out._storage).toBe(storage); // written directly, not replaced by a fresh buffer
    expect(torch.equal(out, expected)).toBe(true);
  });

  it('mm out= into a contiguous, a non-contiguous and a wrongly shaped tensor', () => {
    const a = torch.randn(4, 3);
    const b = torch.randn(3, 5);
    const expected = torch.mm(a, b);
    const out = torch.empty(4, 5);
    expect(torch.mm(a, b, { out })).toBe(out);
    expect(torch.equal(out, expected)).toBe(true);
    const transposed = torch.zeros(5, 4).t();
    torch.mm(a, b, { out: transposed });
    expect(transposed.is_contiguous()).toBe(false);
    expect(torch.equal(transposed, expected)).toBe(true);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const wrong = torch.zeros(2, 2);
      torch.mm(a, b, { out: wrong });
      expect(wrong.shape).toEqual([4, 5]);
      expect(torch.equal(wrong, expected)).toBe(true);
      expect(String(warn.mock.calls[0][0])).toMatch(/resized since it had shape \[2, 2\].*required output shape \[4, 5\]/);
    } finally {
      warn.mockRestore();
    }
  });

  it('matmul/mm out= errors follow PyTorch: dtype, autograd, shared memory, shapes (out untouched)', () => {
    const a = torch.randn(2, 3);
    const b = torch.randn(3, 4);
    expect(() => torch.matmul(a, b, { out: torch.empty([2, 4], { dtype: 'float64' }) })).toThrow(
      new TypeError('matmul(): Expected out tensor to have dtype float, but got double instead'),
    );
    expect(() => torch.mm(a, b, { out: torch.empty([2, 4], { dtype: 'int64' }) })).toThrow(
      new TypeError('mm(): Expected out tensor to have dtype float, but got long instead'),
    );
    const w = torch.randn([2, 3], { requires_grad: true });
    expect(() => torch.matmul(w, b, { out: torch.empty(2, 4) })).toThrow(
      "matmul(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.",
    );
    expect(torch.equal(torch.no_grad(() => torch.matmul(w, b, { out: torch.empty(2, 4) })), torch.matmul(w, b).detach())).toBe(true);
    // the product reads its operands while it writes: even out being an operand itself is refused
    const square = torch.randn(3, 3);
    expect(() => torch.mm(square, square.clone(), { out: square })).toThrow(/refer to a single memory location/);
    const out = torch.full([2, 4], 7);
    expect(() => torch.mm(a, torch.randn(4, 4), { out })).toThrow(RangeError);
    expect(() => torch.matmul(torch.randn(2, 2, 3), torch.randn(3, 3, 4), { out })).toThrow(RangeError);
    expect(out.shape).toEqual([2, 4]);
    expect(out.tolist().flat().every((v) => v === 7)).toBe(true);
  });

  it('nn.ReLU(inplace=True) in a model under no_grad rewrites the activation in place', () => {
    torch.manual_seed(0);
    const lin = new torch.nn.Linear(4, 8);
    const model = new torch.nn.Sequential(lin, new torch.nn.ReLU(true));
    const x = torch.randn(5, 4);
    const expected = torch.relu(lin(x)).tolist();
    const y = torch.no_grad(() => model(x));
    expect(y.tolist()).toEqual(expected);
  });
});

describe('torch.equal', () => {
  it('compares shape and every element', () => {
    const a = torch.tensor([1, 2, NaN]);
    expect(torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))).toBe(true);
    expect(torch.tensor([1, 2]).equal(torch.tensor([1, 3]))).toBe(false);
    expect(torch.equal(torch.tensor([1, 2]), torch.tensor([[1, 2]]))).toBe(false);
    expect(torch.equal(a, a)).toBe(false); // NaN != NaN, as in PyTorch
    expect(torch.equal(torch.tensor([1, 2], { dtype: 'int64' }), torch.tensor([1, 2]))).toBe(true);
    expect(() => torch.equal(a, 1 as never)).toThrow(new TypeError("equal(): argument 'other' (position 2) must be Tensor, not int"));
  });
});
