// torch.utils.data (TensorDataset, Dataset subclasses, DataLoader, samplers, random_split), torch.randperm and
// torch.multinomial: the batches' exact contents, shuffling from torch's generator, PyTorch's argument errors,
// and a training loop.
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const { TensorDataset, DataLoader, Dataset, Subset, random_split, default_collate, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler } = torch.utils.data;
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
    expect(() => new DataLoader(ds, { sampler: [0, 1], shuffle: true })).toThrow(new RangeError('sampler option is mutually exclusive with shuffle'));
    expect(() => new DataLoader(ds, { batch_sampler: [[0, 1]], batch_size: 2 })).toThrow(
      new RangeError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last'),
    );
    expect(() => new DataLoader(ds, { sampler: 3 as never })).toThrow(new TypeError('DataLoader(): sampler must be an iterable of indices, not int'));
    expect(() => new RandomSampler(ds, { num_samples: 0 })).toThrow(new RangeError('RandomSampler(): num_samples should be a positive integer value, but got num_samples=0'));
    expect(() => new RandomSampler(ds, { generator: {} as never })).toThrow(TypeError);
    expect(() => new WeightedRandomSampler([1, -1], 2)).toThrow(new RangeError('WeightedRandomSampler(): weights must be finite and non-negative'));
    expect(() => new WeightedRandomSampler([1, 0, 2], 3, false)).toThrow(RangeError);
    expect(() => new BatchSampler([0, 1], 0, false)).toThrow(new RangeError('BatchSampler(): batch_size should be a positive integer value, but got batch_size=0'));
  });

  it('samplers: sequential, random (with or without replacement), subset, weighted, batched; DataLoader takes any', () => {
    const ds = new TensorDataset(torch.arange(10));
    expect([...new SequentialSampler(ds)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    torch.manual_seed(3);
    const perm = [...new RandomSampler(ds)];
    expect([...perm].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(perm).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // num_samples beyond the length without replacement: whole permutations, then part of one
    const long = [...new RandomSampler(ds, { num_samples: 25 })];
    expect(long).toHaveLength(25);
    for (const part of [long.slice(0, 10), long.slice(10, 20)]) expect([...part].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const drawn = [...new RandomSampler(ds, true, 1000)];
    expect(drawn.every((i) => Number.isInteger(i) && i >= 0 && i < 10)).toBe(true);
    expect(new Set(drawn).size).toBe(10);
    // repeatable under manual_seed
    torch.manual_seed(3);
    expect([...new RandomSampler(ds)]).toEqual(perm);
    expect([...new SubsetRandomSampler([7, 8, 9])].sort()).toEqual([7, 8, 9]);
    // weights 0 are never drawn; 9:1 odds give about 90% (binomial sd 0.3% over 10,000 draws)
    const weighted = [...new WeightedRandomSampler([0, 9, 1], 10000)];
    expect(weighted.includes(0)).toBe(false);
    expect(weighted.filter((i) => i === 1).length / 10000).toBeCloseTo(0.9, 1);
    expect([...new WeightedRandomSampler([5, 0, 1, 1], 3, false)].sort()).toEqual([0, 2, 3]);
    expect([...new BatchSampler([0, 1, 2, 3, 4], 2, false)]).toEqual([[0, 1], [2, 3], [4]]);
    expect(new BatchSampler(new SequentialSampler(ds), 3, true).__len__()).toBe(3);
    // the loader: a sampler of indices, or a batch sampler of index lists
    const picked = new DataLoader(ds, { batch_size: 2, sampler: [9, 8, 7] });
    expect(picked.length).toBe(2);
    expect([...picked].map((b) => (b as T[])[0].tolist())).toEqual([[9, 8], [7]]);
    const batches = new DataLoader(ds, { batch_sampler: [[1, 2, 3], [0]] });
    expect([...batches].map((b) => (b as T[])[0].tolist())).toEqual([[1, 2, 3], [0]]);
    expect(batches.length).toBe(2);
    expect(new DataLoader(ds, { shuffle: true }).sampler).toBeInstanceOf(RandomSampler);
    // a generator has no length (counting it would use it up), as in Python
    const once = new DataLoader(ds, { sampler: (function* () { yield 4; yield 5; })(), batch_size: 2 });
    expect(() => once.length).toThrow(new TypeError("object of type 'generator' has no len()"));
    expect([...once].map((b) => (b as T[])[0].tolist())).toEqual([[4, 5]]);
  });

  it('torch.multinomial draws in proportion to the weights, without replacement each index once', () => {
    torch.manual_seed(0);
    const counts = [0, 0, 0];
    for (const i of torch.multinomial(torch.tensor([1, 0, 3]), 4000, true).tolist() as number[]) counts[i]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / 4000).toBeCloseTo(0.75, 1);
    const rows = torch.multinomial(torch.tensor([[1, 1, 1, 1], [0, 1, 0, 1]]), 2);
    expect(rows.dtype).toBe('int64');
    expect(rows.shape).toEqual([2, 2]);
    const [first, second] = rows.tolist() as number[][];
    expect(new Set(first).size).toBe(2);
    expect([...second].sort()).toEqual([1, 3]);
    expect(torch.tensor([0.2, 0.8]).multinomial(3, { replacement: true }).shape).toEqual([3]);
    expect(() => torch.multinomial(torch.tensor([1, 2]), 3)).toThrow(new RangeError('multinomial(): cannot sample n_sample > prob_dist.size(-1) samples without replacement'));
    expect(() => torch.multinomial(torch.tensor([1, -2]), 1)).toThrow(new RangeError('multinomial(): probability tensor contains either `inf`, `nan` or element < 0'));
    expect(() => torch.multinomial(torch.tensor([0, 0]), 1)).toThrow(new RangeError('multinomial(): invalid multinomial distribution (sum of probabilities <= 0)'));
    expect(() => torch.multinomial(torch.zeros(2, 2, 2), 1)).toThrow(new RangeError('multinomial(): prob_dist must be 1 or 2 dim'));
    expect(() => torch.multinomial(torch.tensor([1, 2]).long(), 1)).toThrow(new TypeError('multinomial(): multinomial only supports floating-point dtypes for input, got: Long'));
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
