// torch.utils.data (TensorDataset, Dataset subclasses, DataLoader, random_split) and torch.randperm: the
// batches' exact contents, shuffling from torch's generator, PyTorch's argument errors, and a training loop.
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const { TensorDataset, DataLoader, Dataset, Subset, random_split, default_collate } = torch.utils.data;
type T = torch.Tensor;

const features = () => torch.arange(10).reshape(5, 2);
const labels = () => torch.tensor([0n, 1n, 2n, 1n, 0n]);

describe.each(BACKENDS)('torch.utils.data on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('TensorDataset: sample i is the i-th row of each tensor', () => {
    const ds = new TensorDataset(features(), labels());
    expect(ds.__len__()).toBe(5);
    const [x, y] = ds.__getitem__(3);
    expect(x.tolist()).toEqual([6, 7]);
    expect(y.item()).toBe(1);
    expect(y.dtype).toBe('int64');
    expect(() => new TensorDataset(features(), torch.zeros(4))).toThrow('Size mismatch between tensors: first dimensions 5, 4');
    expect(() => new TensorDataset(features(), 3 as never)).toThrow("TensorDataset(): argument 2 must be Tensor, not int");
  });

  it('DataLoader in order: stacked batches, a short last batch unless drop_last, and its length', () => {
    const loader = new DataLoader(new TensorDataset(features(), labels()), { batch_size: 2 });
    expect(loader.__len__()).toBe(3);
    expect(loader.length).toBe(3);
    const batches = [...loader] as T[][];
    expect(batches.map(([x]) => x.tolist())).toEqual([[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9]]]);
    expect(batches.map(([, y]) => y.tolist())).toEqual([[0, 1], [2, 1], [0]]);
    expect(batches[0][1].dtype).toBe('int64');
    const dropped = new DataLoader(new TensorDataset(features()), 2, { drop_last: true });
    expect(dropped.length).toBe(2);
    expect([...dropped].map(([x]) => (x as T).shape)).toEqual([[2, 2], [2, 2]]);
    // batch_size null: the samples themselves
    expect([...new DataLoader([1, 2, 3], { batch_size: null })]).toEqual([1, 2, 3]);
  });

  it("shuffle: every sample once per pass, a new order each pass, repeatable with torch.manual_seed", () => {
    const ds = new TensorDataset(torch.arange(20));
    const loader = new DataLoader(ds, { batch_size: 6, shuffle: true, num_workers: 2, pin_memory: true });
    const pass = () => ([...loader] as T[][]).flatMap(([x]) => x.tolist() as number[]);
    torch.manual_seed(3);
    const first = pass();
    const second = pass();
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(first).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(second).not.toEqual(first);
    torch.manual_seed(3);
    expect(pass()).toEqual(first);
  });

  it('a Dataset subclass, plain arrays and nested samples collate as default_collate does', () => {
    class Squares extends Dataset<{ x: number; pair: [T, boolean] }> {
      __getitem__(i: number) {
        return { x: i, pair: [torch.full([2], i * i), i % 2 === 0] as [T, boolean] };
      }
      __len__() {
        return 3;
      }
    }
    const [batch] = [...new DataLoader(new Squares(), { batch_size: 3 })] as { x: T; pair: [T, T] }[];
    expect(batch.x.tolist()).toEqual([0, 1, 2]);
    expect(batch.pair[0].tolist()).toEqual([[0, 0], [1, 1], [4, 4]]);
    expect(batch.pair[1].tolist()).toEqual([true, false, true]);
    expect((default_collate([1n, 2n]) as T).dtype).toBe('int64');
    expect(default_collate(['a', 'b'])).toEqual(['a', 'b']);
    expect(() => default_collate([[1, 2], [3]])).toThrow('each element in list of batch should be of equal size');
    const custom = new DataLoader(['a', 'b', 'c'], { batch_size: 2, collate_fn: (b: unknown[]) => b.join('') });
    expect([...custom]).toEqual(['ab', 'c']);
  });

  it('random_split: disjoint subsets of the given lengths or fractions; Subset', () => {
    torch.manual_seed(0);
    const parts = random_split(new TensorDataset(torch.arange(10)), [0.7, 0.3]);
    expect(parts.map((p) => p.__len__())).toEqual([7, 3]);
    const seen = parts.flatMap((p) => p.indices);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect((parts[1].__getitem__(0)[0] as T).item()).toBe(parts[1].indices[0]);
    expect(random_split([1, 2, 3], [0.5, 0.5]).map((p) => p.__len__())).toEqual([2, 1]); // remainder to the first
    expect(() => random_split([1, 2, 3], [2, 2])).toThrow('Sum of input lengths does not equal the length of the input dataset!');
    expect(new Subset(['a', 'b', 'c'], [2, 0]).__getitem__(0)).toBe('c');
  });

  it('torch.randperm: a permutation of 0..n-1, int64 unless told', () => {
    torch.manual_seed(1);
    const p = torch.randperm(50);
    expect(p.dtype).toBe('int64');
    expect((p.tolist() as number[]).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(torch.randperm(4, { dtype: 'float32' }).dtype).toBe('float32');
    expect(torch.randperm(0).shape).toEqual([0]);
    expect(() => torch.randperm(-1)).toThrow(RangeError);
    expect(() => torch.randperm(3, { dtyp: 'int64' } as never)).toThrow("randperm() got an unexpected keyword argument 'dtyp'");
  });

  it("DataLoader's argument errors are PyTorch's", () => {
    const ds = new TensorDataset(features());
    expect(() => new DataLoader(ds, { batch_size: 0 })).toThrow('batch_size should be a positive integer value, but got batch_size=0');
    expect(() => new DataLoader(ds, { batchsize: 2 } as never)).toThrow("DataLoader.__init__() got an unexpected keyword argument 'batchsize'");
    expect(() => new DataLoader(ds, { num_workers: -1 })).toThrow('num_workers option should be non-negative');
    expect(() => new DataLoader({} as never)).toThrow("DataLoader(): object of type 'Object' has no len()");
    expect(() => new DataLoader(ds, { sampler: [0, 1] as never })).toThrow(TypeError);
  });

  it('a training loop over a shuffled DataLoader learns (loss falls)', () => {
    torch.manual_seed(0);
    const x = torch.randn(64, 4);
    const y = x.sum(1).gt(0).long();
    const model = new torch.nn.Sequential(new torch.nn.Linear(4, 8), new torch.nn.ReLU(), new torch.nn.Linear(8, 2));
    const opt = new torch.optim.SGD(model.parameters(), { lr: 0.3 });
    const loader = new DataLoader(new TensorDataset(x, y), { batch_size: 16, shuffle: true });
    const lossFn = new torch.nn.CrossEntropyLoss();
    const epochLoss = () => {
      let total = 0;
      for (const [xb, yb] of loader as Iterable<T[]>) {
        opt.zero_grad();
        const loss = lossFn(model(xb), yb) as T;
        loss.backward();
        opt.step();
        total += loss.item() as number;
      }
      return total / loader.length;
    };
    const first = epochLoss();
    for (let e = 0; e < 20; e++) epochLoss();
    expect(epochLoss()).toBeLessThan(first / 2);
  });
});
