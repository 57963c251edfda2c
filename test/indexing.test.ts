// index_select, gather, F.one_hot, F.embedding, nn.Embedding, F.embedding_bag and nn.EmbeddingBag against PyTorch 1.13
// on each backend (fixtures: scripts/gen_indexing_fixtures.py, gen_embedding_bag_fixtures.py), plus PyTorch's reprs
// and errors.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

const { nn } = torch;
const F = nn.functional;

interface Case {
  id: string;
  fn: 'index_select' | 'gather' | 'embedding';
  x_shape: number[];
  x: number[];
  args: unknown[];
  kwargs: Record<string, unknown>;
  y_shape: number[];
  y: number[];
  r: number[];
  grad: number[];
}
const fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/indexing.json'), 'utf8')) as {
  cases: Case[];
  max_norm: { w: number[]; w_after: number[]; y: number[]; indices: number[][]; max_norm: number };
};
const long = (v: unknown) => torch.tensor(v as number[], { dtype: 'int64' });

describe.each(BACKENDS)('indexing ops vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // Selection is exact; a gradient where an index repeats is a sum of up to 3 float32 values (2 ULP, or 1e-7
  // absolute where they cancel), against PyTorch's float64 from the same inputs.
  it.each(fixtures.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const x = torch.tensor(c.x).reshape(c.x_shape).requires_grad_(true);
    const y =
      c.fn === 'embedding'
        ? F.embedding(long(c.args[0]), x, c.kwargs)
        : c.fn === 'gather'
          ? torch.gather(x, c.args[0] as number, long(c.args[1]))
          : torch.index_select(x, c.args[0] as number, long(c.args[1]));
    expect(y.shape).toEqual(c.y_shape);
    expectClose(y.data, c.y, { ulp: 0 }, 'output');
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    expectClose(x.grad!.data, c.grad, { ulp: 2, atol: 1e-7 }, 'gradient');
  });

  it('F.embedding with max_norm renormalizes the rows it looks up, in the weight itself', () => {
    const f = fixtures.max_norm;
    const w = torch.tensor(f.w).reshape(5, 4);
    const y = F.embedding(long(f.indices), w, { max_norm: f.max_norm });
    // a scale max_norm / (norm + 1e-7) computed in float32 per row: 2 ULP
    expectClose(w.data, f.w_after, { ulp: 2 }, 'weight');
    expectClose(y.data, f.y, { ulp: 2 }, 'output');
  });

  it('Tensor methods, int32 indices, one_hot', () => {
    const x = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    expect(x.index_select(1, torch.tensor([2, 0], { dtype: 'int32' })).tolist()).toEqual([[2, 0], [6, 4], [10, 8]]);
    expect(x.gather(1, long([[3], [0], [1]])).tolist()).toEqual([[3], [4], [9]]);
    expect(F.one_hot(long([0, 2, 1])).tolist()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect(F.one_hot(long([[1], [0]]), 4).tolist()).toEqual([[[0, 1, 0, 0]], [[1, 0, 0, 0]]]);
    expect(F.one_hot(long([1]), { num_classes: 3 }).dtype).toBe('int64');
  });

  it('nn.Embedding: N(0, 1) init, a zero padding row that gets no gradient, from_pretrained', () => {
    torch.manual_seed(0);
    const e = new nn.Embedding(1000, 8, { padding_idx: -1 });
    expect(e.padding_idx).toBe(999);
    expect(e.weight.select(0, 999).tolist()).toEqual(Array(8).fill(0));
    const std = e.weight.narrow(0, 0, 999).std().item() as number;
    expect(Math.abs(std - 1)).toBeLessThan(0.05);
    e(long([[999, 3], [3, 999]])).sum().backward();
    expect(e.weight.grad!.select(0, 999).tolist()).toEqual(Array(8).fill(0));
    expect(e.weight.grad!.select(0, 3).tolist()).toEqual(Array(8).fill(2));
    const pretrained = nn.Embedding.from_pretrained(torch.tensor([[1, 2], [3, 4]]));
    expect(pretrained.weight.requires_grad).toBe(false);
    expect(pretrained(long([1, 1, 0])).tolist()).toEqual([[3, 4], [3, 4], [1, 2]]);
    expect(nn.Embedding.from_pretrained(torch.ones(2, 2), { freeze: false }).weight.requires_grad).toBe(true);
  });
});

describe('indexing ops: reprs and errors', () => {
  it('prints like PyTorch', () => {
    expect(String(new nn.Embedding(10, 3))).toBe('Embedding(10, 3)');
    expect(String(new nn.Embedding(10, 3, 0))).toBe('Embedding(10, 3, padding_idx=0)');
    expect(String(new nn.Embedding(10, 3, { max_norm: 1 }))).toBe('Embedding(10, 3, max_norm=1.0)');
  });

  it("gives PyTorch's errors", () => {
    const x = torch.randn(3, 4);
    expect(() => torch.index_select(x, 1, long([0, 5]))).toThrow(new RangeError('index_select(): index 5 is out of range for dimension 1 with size 4'));
    expect(() => torch.index_select(x, 1, torch.tensor([0, 1]))).toThrow(new TypeError('index_select(): Expected dtype int32 or int64 for index, but got float32'));
    expect(() => torch.index_select(x, 1, long([[0, 1]]))).toThrow(new RangeError('index_select(): Index is supposed to be a vector, but got index of size [1, 2]'));
    expect(() => torch.index_select(x, 2, long([0]))).toThrow(RangeError);
    expect(() => torch.gather(x, 1, long([[0, 5]]))).toThrow(new RangeError('gather(): index 5 is out of bounds for dimension 1 with size 4'));
    expect(() => torch.gather(x, 1, long([0, 1]))).toThrow(new RangeError('gather(): Index tensor must have the same number of dimensions as input tensor'));
    expect(() => torch.gather(x, 1, long([[0], [1], [2], [3]]))).toThrow(
      new RangeError('gather(): Size does not match at dimension 0 expected index [4, 1] to be smaller than self [3, 4] apart from dimension 1'),
    );
    expect(() => F.one_hot(torch.tensor([0, 2]))).toThrow(new TypeError('one_hot(): one_hot is only applicable to index tensor (int64), but got float32'));
    expect(() => F.one_hot(long([0, 3]), 3)).toThrow(new RangeError('one_hot(): Class values must be smaller than num_classes.'));
    expect(() => F.one_hot(long([-1, 0]))).toThrow(new RangeError('one_hot(): Class values must be non-negative.'));
    expect(() => F.one_hot(long([]))).toThrow(new RangeError('one_hot(): Can not infer total number of classes from empty tensor.'));
    expect(() => F.embedding(long([0, 4]), torch.randn(4, 2))).toThrow(new RangeError('embedding(): index out of range in self'));
    expect(() => F.embedding(torch.tensor([0, 1]), torch.randn(4, 2))).toThrow(
      new TypeError("embedding(): Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got float32 instead"),
    );
    expect(() => F.embedding(long([0]), torch.randn(4, 2), { sparse: true })).toThrow(/^embedding\(\): sparse gradients are not supported/);
    expect(() => new nn.Embedding(4, 2, 4)).toThrow(new RangeError('Embedding(): Padding_idx must be within num_embeddings'));
    expect(() => new nn.Embedding(4)).toThrow(new TypeError("Embedding.__init__() missing 1 required positional argument: 'embedding_dim'"));
  });
});

interface BagCase {
  id: string;
  w_shape: number[];
  w: number[];
  indices: number[] | number[][];
  kwargs: { offsets?: number[] } & Record<string, unknown>;
  psw: number[] | null;
  y_shape: number[];
  y: number[];
  r: number[];
  grad_w: number[];
  grad_psw: number[] | null;
}
const bags = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/embedding_bag.json'), 'utf8')) as {
  cases: BagCase[];
  max_norm: { w0: number[]; w_after: number[]; y: number[]; indices: number[]; offsets: number[]; max_norm: number };
};

// F.embedding_bag (scripts/gen_embedding_bag_fixtures.py): a bag's sum or mean adds up to 6 float32 rows (mean then
// divides once), against PyTorch's float64 from the same inputs: 4 ULP, 1e-6 absolute where they cancel; max
// selects (exact). Gradients add up to 4 float32 terms per weight element: the same bound. With scale_grad_by_freq
// the reference is PyTorch's F.embedding-based bags: its CPU embedding_bag divides by the wrong index's count
// (pytorch/pytorch#190063), torchlet by each row's own, as documented and as PyTorch's CUDA kernel does.
describe.each(BACKENDS)('F.embedding_bag and nn.EmbeddingBag vs PyTorch on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(bags.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const w = torch.tensor(c.w).reshape(c.w_shape).requires_grad_(true);
    const psw = c.psw ? torch.tensor(c.psw).reshape(torch.tensor(c.indices).shape).requires_grad_(true) : null;
    const { offsets, ...rest } = c.kwargs;
    const y = F.embedding_bag(long(c.indices), w, offsets ? long(offsets) : null, { ...rest, per_sample_weights: psw });
    expect(y.shape).toEqual(c.y_shape);
    const tol = { ulp: 4, atol: 1e-6 };
    expectClose(y.data, c.y, c.kwargs.mode === 'max' ? { ulp: 0 } : tol, 'output');
    y.mul(torch.tensor(c.r).reshape(y.shape)).sum().backward();
    expectClose(w.grad!.data, c.grad_w, tol, 'grad of weight');
    if (psw) expectClose(psw.grad!.data, c.grad_psw!, tol, 'grad of per_sample_weights');
  });

  it('max_norm renormalizes the rows it looks up, in the weight itself, before reducing', () => {
    const f = bags.max_norm;
    const w = torch.tensor(f.w0).reshape(6, 4);
    const y = F.embedding_bag(long(f.indices), w, long(f.offsets), { max_norm: f.max_norm, mode: 'sum' });
    expectClose(w.data, f.w_after, { ulp: 2 }, 'weight');
    expectClose(y.data, f.y, { ulp: 4, atol: 1e-6 }, 'output');
  });

  it('nn.EmbeddingBag: the function with its weight, from_pretrained, reprs, errors', () => {
    torch.manual_seed(0);
    const bag = new nn.EmbeddingBag(10, 3, { mode: 'sum', padding_idx: 2 });
    expect(bag.weight.select(0, 2).tolist()).toEqual([0, 0, 0]);
    const input = long([1, 2, 4, 5, 4, 3]), offsets = long([0, 2]);
    const psw = torch.rand(6);
    expect(bag(input, offsets, psw).tolist()).toEqual(F.embedding_bag(input, bag.weight, offsets, { mode: 'sum', padding_idx: 2, per_sample_weights: psw }).tolist());
    expect(bag(input, { offsets }).tolist()).toEqual(F.embedding_bag(input, bag.weight, offsets, { mode: 'sum', padding_idx: 2 }).tolist());
    const pretrained = nn.EmbeddingBag.from_pretrained(torch.eye(3), { mode: 'max' });
    expect(pretrained(long([[0, 2], [1, 1]])).tolist()).toEqual([[1, 0, 1], [0, 1, 0]]);
    expect(pretrained.weight.requires_grad).toBe(false);
    expect(Object.keys(bag.state_dict())).toEqual(['weight']);
    // PyTorch 1.13's reprs
    expect(String(new nn.EmbeddingBag(10, 3))).toBe('EmbeddingBag(10, 3, mode=mean)');
    expect(String(new nn.EmbeddingBag(10, 3, { mode: 'max', padding_idx: 2, max_norm: 1, include_last_offset: true }))).toBe('EmbeddingBag(10, 3, max_norm=1.0, mode=max, padding_idx=2)');
    expect(String(new nn.EmbeddingBag(10, 3, { scale_grad_by_freq: true, norm_type: 1 }))).toBe('EmbeddingBag(10, 3, norm_type=1, scale_grad_by_freq=True, mode=mean)');
    // PyTorch's messages (its ValueErrors as TypeError / RangeError)
    const w = torch.randn(10, 3);
    const flat = long([1, 2, 4, 5, 4, 3, 2, 9]);
    expect(() => F.embedding_bag(flat, w, long([1, 4]))).toThrow(
      new RangeError('embedding_bag(): offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got 1'),
    );
    expect(() => F.embedding_bag(flat, w)).toThrow(new TypeError('embedding_bag(): offsets has to be a 1D Tensor but got None'));
    expect(() => F.embedding_bag(flat.reshape(2, 4), w, long([0, 4]))).toThrow(
      new TypeError('embedding_bag(): if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type Tensor'),
    );
    expect(() => F.embedding_bag(flat, w, long([0, 4]), { mode: 'max', per_sample_weights: torch.ones(8) })).toThrow(
      new TypeError("embedding_bag(): per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='max'). Please open a feature request on GitHub."),
    );
    expect(() => F.embedding_bag(flat, w, long([0, 4]), { mode: 'sum', per_sample_weights: torch.ones(7) })).toThrow(
      new RangeError('embedding_bag(): If per_sample_weights ([7]) is not None, then it must have the same shape as the input ([8])'),
    );
    expect(() => F.embedding_bag(flat, w, long([0, 4]), { mode: 'foo' as never })).toThrow(new RangeError('embedding_bag(): mode has to be one of sum, mean or max'));
    expect(() => F.embedding_bag(flat, w, long([0, 4]), { mode: 'max', scale_grad_by_freq: true })).toThrow(
      new RangeError('embedding_bag(): max mode does not support scaling the gradient by the frequency'),
    );
    expect(() => F.embedding_bag(flat, w, long([0, 9]))).toThrow(new RangeError("embedding_bag(): offsets[-1] can not be greater than input's length 8 but got offsets[-1] of 9"));
    // PyTorch stops here with an internal assertion (embedding_lookup_idx.cc); torchlet says what is wrong
    expect(() => F.embedding_bag(flat, w, long([0, 3, 2]))).toThrow(new RangeError('embedding_bag(): offsets must be non-decreasing, but got offsets[2] = 2 after 3'));
    expect(() => F.embedding_bag(long([1, 11]), w, long([0]))).toThrow(new RangeError('embedding_bag(): index out of range in self'));
    expect(() => F.embedding_bag(flat.float(), w, long([0]))).toThrow(
      new TypeError("embedding_bag(): Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got float32 instead"),
    );
    expect(() => F.embedding_bag(flat.reshape(2, 2, 2), w)).toThrow(new RangeError('embedding_bag(): input has to be 1D or 2D Tensor, but got Tensor of dimension 3'));
    // int32 indices and offsets, an empty input: PyTorch's results
    expect(F.embedding_bag(flat.int(), w, long([0, 4]).int()).tolist()).toEqual(F.embedding_bag(flat, w, long([0, 4])).tolist());
    expect(F.embedding_bag(long([]), w, long([0, 0])).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(F.embedding_bag(flat, w, long([0, 4]), { include_last_offset: true }).shape).toEqual([1, 3]);
  });
});
