// index_select, gather, F.one_hot, F.embedding and nn.Embedding against PyTorch 1.13 on each backend (fixtures:
// scripts/gen_indexing_fixtures.py), plus PyTorch's reprs and errors.
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
