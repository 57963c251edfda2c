// torch.utils.data beyond the map-style loader: ConcatDataset, IterableDataset, ChainDataset, the DataLoader over a
// stream, get_worker_info, default_convert, default_collate's errors, random_split's fractions and Subset's
// indexing. Values and messages are PyTorch 1.13's (fixtures: scripts/gen_data_fixtures.py). All values are small
// integers, compared exactly.
import fs from 'fs';
import path from 'path';
import { describe, it, expect, beforeAll, vi, afterEach } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const { ConcatDataset, ChainDataset, IterableDataset, Dataset, TensorDataset, DataLoader, Subset, BatchSampler, random_split, default_collate, default_convert, get_worker_info } =
  torch.utils.data;
type T = torch.Tensor;
interface Failure {
  type: string;
  message: string;
}
interface LoaderCase {
  start: number;
  end: number;
  batch_size: number | null;
  drop_last: boolean;
  batches: unknown[];
  sized_batches: unknown[];
  len: number;
  unsized_len: Failure;
}
const fx = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/data.json'), 'utf8'));

/** range(start, end) as a stream of samples [i, 10 * i], without a length (the fixture script's Stream). */
class Stream extends IterableDataset<number[]> {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }
  *[Symbol.iterator]() {
    for (let i = this.start; i < this.end; i++) yield [i, 10 * i];
  }
}
class SizedStream extends Stream {
  override __len__() {
    return this.end - this.start;
  }
}

/** A batch as the fixture writes it: tensors as lists, arrays and objects element by element. */
function plain(v: unknown): unknown {
  if (v instanceof torch.Tensor) return v.tolist();
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

describe('ConcatDataset', () => {
  const c = fx.concat;

  it("cumulative_sizes, len and every index from -len to len - 1 (an empty member is skipped), as PyTorch's", () => {
    const ds = new ConcatDataset<number>(c.datasets);
    expect(ds.cumulative_sizes).toEqual(c.cumulative_sizes); // [3, 4, 4, 6]
    expect(ds.__len__()).toBe(c.len);
    expect(ds.datasets).toEqual(c.datasets);
    const items = Object.fromEntries(Array.from({ length: 2 * c.len }, (_, k) => k - c.len).map((i) => [String(i), ds.__getitem__(i)]));
    expect(items).toEqual(c.items);
    expect(ConcatDataset.cumsum([[1, 2], [], [3]])).toEqual([2, 2, 3]);
    // any iterable of datasets, read once into a list
    expect(new ConcatDataset(new Set([['a'], ['b', 'c']])).__getitem__(2)).toBe('c');
  });

  it("PyTorch's errors: out of range either way, no datasets, an IterableDataset member, no len()", () => {
    const ds = new ConcatDataset<number>(c.datasets);
    expect(c.too_negative.type).toBe('ValueError');
    expect(() => ds.__getitem__(-7)).toThrow(new RangeError(c.too_negative.message));
    expect(c.past_end.type).toBe('IndexError');
    expect(() => ds.__getitem__(6)).toThrow(new RangeError(c.past_end.message));
    expect(() => new ConcatDataset([])).toThrow(new RangeError(c.empty.message));
    expect(() => new ConcatDataset([[1], new Stream(0, 1)] as never)).toThrow(new TypeError(c.iterable_member.message));
    expect(() => new ConcatDataset([[1], 5] as never)).toThrow(new TypeError("ConcatDataset(): object of type 'int' has no len()"));
    expect(() => new ConcatDataset(5 as never)).toThrow(new TypeError("'int' object is not iterable"));
  });

  it('Dataset.__add__ (PyTorch\'s `a + b`) concatenates; IterableDataset.__add__ chains', () => {
    const a = new TensorDataset(torch.arange(3));
    const sum = a.__add__([[7]] as never);
    expect(sum).toBeInstanceOf(ConcatDataset);
    expect((sum as InstanceType<typeof ConcatDataset>).cumulative_sizes).toEqual([3, 4]);
    expect(sum.__getitem__(3)).toEqual([7]);
    const chained = new Stream(0, 2).__add__(new Stream(5, 6));
    expect(chained).toBeInstanceOf(ChainDataset);
    expect([...chained]).toEqual(fx.chain.add);
  });
});

describe('IterableDataset and ChainDataset', () => {
  it("a subclass defines [Symbol.iterator] (PyTorch's __iter__); no length unless it defines __len__", () => {
    const s = new Stream(1, 3);
    expect(s).toBeInstanceOf(Dataset);
    expect([...s]).toEqual([[1, 10], [2, 20]]);
    expect([...s]).toEqual([[1, 10], [2, 20]]); // each pass a new iterator
    expect(() => s.__len__()).toThrow(new TypeError("object of type 'Stream' has no len()"));
    expect(new SizedStream(1, 3).__len__()).toBe(2);
    expect(() => s.__getitem__(0)).toThrow(new TypeError('Stream is an IterableDataset: iterate over it, it has no __getitem__'));
  });

  it("ChainDataset streams its members in order; its length is the sum of theirs; map-style members are PyTorch's error", () => {
    const ch = fx.chain;
    expect([...new ChainDataset([new Stream(0, 3), new Stream(10, 12)])]).toEqual(ch.items);
    expect(new ChainDataset([new SizedStream(0, 3), new SizedStream(10, 12)]).__len__()).toBe(ch.sized_len);
    expect(() => new ChainDataset([new SizedStream(0, 3), new Stream(10, 12)]).__len__()).toThrow(new TypeError(ch.unsized_len.message));
    expect(ch.map_member.type).toBe('AssertionError');
    const mixed = new ChainDataset<number[]>([new SizedStream(0, 1), [[1, 2]]]);
    const it = mixed[Symbol.iterator]();
    expect(it.next().value).toEqual([0, 0]); // read lazily: the bad member is found when reached
    expect(() => it.next()).toThrow(new TypeError(ch.map_member.message));
    expect(() => mixed.__len__()).toThrow(new TypeError(ch.map_member.message));
    expect(new ChainDataset([])[Symbol.iterator]().next().done).toBe(true);
  });
});

describe.each(BACKENDS)('DataLoader over an IterableDataset on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(fx.iterable_loader as LoaderCase[])(
    'range($start, $end), batch_size $batch_size, drop_last $drop_last: the batches and len() of PyTorch',
    ({ start, end, batch_size, drop_last, batches, sized_batches, len, unsized_len }) => {
      const unsized = new DataLoader(new Stream(start, end), { batch_size, drop_last });
      const sized = new DataLoader(new SizedStream(start, end), { batch_size, drop_last });
      expect(plain([...unsized])).toEqual(batches);
      expect(plain([...unsized])).toEqual(batches); // a second pass streams again
      expect(plain([...sized])).toEqual(sized_batches);
      expect(sized.__len__()).toBe(len);
      expect(sized.length).toBe(len);
      expect(() => unsized.__len__()).toThrow(new TypeError(unsized_len.message));
    },
  );

  it('batches of tensor samples are stacked, int64 labels stay int64; batch_size null gives the samples', () => {
    class Pairs extends IterableDataset<[T, bigint]> {
      *[Symbol.iterator](): Iterator<[T, bigint]> {
        for (let i = 0; i < 5; i++) yield [torch.tensor([i, -i]), BigInt(i % 2)];
      }
    }
    const batches = [...new DataLoader(new Pairs(), { batch_size: 2 })] as [T, T][];
    expect(batches.map(([x]) => x.tolist())).toEqual([[[0, -0], [1, -1]], [[2, -2], [3, -3]], [[4, -4]]]);
    expect(batches.map(([, y]) => y.tolist())).toEqual([[0, 1], [0, 1], [0]]);
    expect(batches[0][1].dtype).toBe('int64');
    const single = [...new DataLoader(new Pairs(), { batch_size: null })] as [T, bigint][];
    expect(single).toHaveLength(5);
    expect(single[3][0].tolist()).toEqual([3, -3]);
    expect(single[3][1]).toBe(1n);
  });

  it('a stream that has ended (a short batch) is not asked again, as PyTorch marks its fetcher ended', () => {
    // a hand-written iterator that would resume after reporting done
    class Flaky extends IterableDataset<number> {
      [Symbol.iterator](): Iterator<number> {
        const steps = [1, 2, 3, null, 4, 5]; // null: report done once, then carry on
        let k = 0;
        return {
          next: () => {
            const v = k < steps.length ? steps[k++] : null;
            return v === null ? { done: true, value: undefined } : { done: false, value: v };
          },
        };
      }
    }
    expect(plain([...new DataLoader(new Flaky(), { batch_size: 2 })])).toEqual([[1, 2], [3]]);
  });

  it("its sampler yields null forever and has no len(), as PyTorch's _InfiniteConstantSampler", () => {
    const loader = new DataLoader(new SizedStream(0, 5), { batch_size: 2 });
    const it = loader.sampler[Symbol.iterator]();
    expect([it.next().value, it.next().value, it.next().value]).toEqual([null, null, null]);
    expect(() => (loader.sampler as { __len__(): number }).__len__()).toThrow(new TypeError("object of type '_InfiniteConstantSampler' has no len()"));
    expect(loader.batch_sampler).toBeInstanceOf(BatchSampler);
    expect(loader.batch_size).toBe(2);
    expect(new DataLoader(new Stream(0, 1), { batch_size: null }).batch_sampler).toBe(null);
  });

  it("refuses shuffle, sampler and batch_sampler with PyTorch's messages; shuffle false or null is accepted", () => {
    const e = fx.iterable_loader_errors;
    // PyTorch prints Python's literal: shuffle=True
    expect(e.shuffle.message).toBe('DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True');
    expect(() => new DataLoader(new Stream(0, 3), { shuffle: true })).toThrow(
      new RangeError('DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true'),
    );
    expect(() => new DataLoader(new Stream(0, 3), { sampler: [0, 1] })).toThrow(new RangeError(e.sampler.message));
    expect(() => new DataLoader(new Stream(0, 3), { batch_sampler: [[0, 1]] })).toThrow(new RangeError(e.batch_sampler.message));
    expect(() => new DataLoader(new Stream(0, 3), { sampler: new torch.utils.data.SequentialSampler([1]) })).toThrow(
      new RangeError('DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=<SequentialSampler object>'),
    );
    expect(() => new DataLoader(new Stream(0, 3), { batch_size: null, drop_last: true })).toThrow(new RangeError(e.no_batch_drop_last.message));
    expect(() => new DataLoader([1, 2, 3], { batch_size: null, drop_last: true })).toThrow(new RangeError(e.map_no_batch_drop_last.message));
    expect(() => new DataLoader(new Stream(0, 3), { batch_size: 0 })).toThrow(new RangeError('batch_size should be a positive integer value, but got batch_size=0'));
    expect(plain([...new DataLoader(new Stream(0, 2), 1, false)])).toEqual([[[0], [0]], [[1], [10]]]);
    expect(plain([...new DataLoader(new Stream(0, 2), { shuffle: null, batch_size: 2 })])).toEqual([[[0, 1], [0, 10]]]);
  });

  it('batch_size null: collate_fn is applied to each sample (default_convert unless given), map-style or stream', () => {
    const c = fx.collate_without_batches;
    expect([...new DataLoader(new Stream(0, 3), { batch_size: null, collate_fn: ((s: number[]) => s[0] + s[1]) as never })]).toEqual(c.iterable);
    expect([...new DataLoader([[1, 2], [3, 4]], { batch_size: null, collate_fn: ((s: number[]) => s[0] * s[1]) as never })]).toEqual(c.map);
    // default_convert: a typed array sample becomes a tensor, an array sample a new array
    const typed = [...new DataLoader([new Float64Array([1, 2])], { batch_size: null })] as T[];
    expect(typed[0]).toBeInstanceOf(torch.Tensor);
    expect(typed[0].dtype).toBe('float64');
    const arrays = [[1, 2]];
    const [converted] = [...new DataLoader(arrays, { batch_size: null })];
    expect(converted).toEqual([1, 2]);
    expect(converted).not.toBe(arrays[0]);
  });

  it('get_worker_info() is null, in __iter__ too with num_workers > 0: loading is in-process, so the stream comes once', () => {
    expect(fx.get_worker_info).toBe(null);
    expect(get_worker_info()).toBe(null);
    const seen: unknown[] = [];
    class Sharded extends IterableDataset<number> {
      *[Symbol.iterator]() {
        const info = get_worker_info();
        seen.push(info);
        // PyTorch's documented sharding pattern: the whole range in the main process
        const [lo, hi] = info === null ? [3, 7] : [0, 0];
        for (let i = lo; i < hi; i++) yield i;
      }
    }
    const loader = new DataLoader(new Sharded(), { num_workers: 2, batch_size: 1 });
    expect(plain([...loader])).toEqual([[3], [4], [5], [6]]);
    expect(seen).toEqual([null]);
  });

  it('a training loop reads a generated stream in batches: one epoch sees every sample once', () => {
    class Lines extends IterableDataset<[T, T]> {
      *[Symbol.iterator](): Iterator<[T, T]> {
        for (let i = 0; i < 7; i++) yield [torch.tensor([i]), torch.tensor([2 * i + 1])];
      }
      override __len__() {
        return 7;
      }
    }
    const loader = new DataLoader(new Lines(), { batch_size: 3, drop_last: true });
    expect(loader.length).toBe(2);
    const xs: number[][] = [];
    for (const [xb, yb] of loader as Iterable<[T, T]>) {
      expect(yb.shape).toEqual([3, 1]);
      expect(yb.sub(xb.mul(2)).tolist()).toEqual([[1], [1], [1]]);
      xs.push((xb.flatten().tolist() as number[]));
    }
    expect(xs).toEqual([[0, 1, 2], [3, 4, 5]]); // the 7th sample is dropped
  });
});

describe.each(BACKENDS)('default_convert and default_collate on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it("default_convert: containers rebuilt, typed arrays to tensors, everything else as it is (PyTorch's values)", () => {
    const t = torch.tensor([1, 2]);
    const out = default_convert([1, [2, 3], { a: t, b: 'x' }, 'y']) as unknown[];
    expect(plain(out)).toEqual(fx.default_convert.nested);
    expect((out[2] as { a: T }).a).toBe(t); // a tensor is not copied
    expect(default_convert(7)).toBe(fx.default_convert.number);
    expect(default_convert(null)).toBe(null);
    const i32 = default_convert({ v: new Int32Array([4, 5]) }) as { v: T };
    expect(i32.v.dtype).toBe('int32');
    expect(i32.v.tolist()).toEqual([4, 5]);
  });

  it("default_collate: typed arrays stack as tensors; what it cannot batch is PyTorch's TypeError", () => {
    const batch = default_collate([new Float32Array([1, 2]), new Float32Array([3, 4])]) as T;
    expect(batch.dtype).toBe('float32');
    expect(batch.tolist()).toEqual([[1, 2], [3, 4]]);
    const e = fx.default_collate_errors;
    expect(() => default_collate([null, null])).toThrow(new TypeError(e.none.message));
    expect(() => default_collate([new Map(), new Map()])).toThrow(
      new TypeError("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'Map'>"),
    );
    expect(e.unequal.type).toBe('RuntimeError');
    expect(() => default_collate([[1, 2], [3]])).toThrow(e.unequal.message);
    expect(default_collate(['a', 'b'])).toEqual(['a', 'b']);
  });
});

describe('random_split and Subset', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(fx.random_split as { n: number; fractions: number[]; lengths: number[]; warnings: string[] }[])(
    'len $n split by $fractions: lengths $lengths, as PyTorch, with its warnings',
    ({ n, fractions, lengths, warnings }) => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const parts = random_split(Array.from({ length: n }, (_, i) => i), fractions);
      expect(parts.map((p) => p.__len__())).toEqual(lengths);
      expect(warn.mock.calls.map((c) => c[0])).toEqual(warnings);
      for (const call of warn.mock.calls) expect(call[1]).toBe('UserWarning');
      // disjoint and covering: a permutation of 0..n-1
      expect(parts.flatMap((p) => p.indices).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    },
  );

  it("its errors are PyTorch's; repeatable with torch.manual_seed or with a torch.Generator of its own", () => {
    const e = fx.random_split_errors;
    const ten = Array.from({ length: 10 }, (_, i) => i);
    expect(() => random_split(ten, [1.5, -0.5])).toThrow(new RangeError(e.fraction_out_of_range.message));
    expect(() => random_split(ten, [0.5, 0.6])).toThrow(new RangeError(e.fractions_over_one.message));
    expect(() => random_split(ten, [3, 6])).toThrow(new RangeError(e.lengths_too_short.message));
    expect(() => random_split(ten, [5, 5], 3 as never)).toThrow(new TypeError('random_split(): generator must be a torch.Generator, not number'));
    expect(() => random_split(ten, [5, 5], { generator: {} as never })).toThrow(new TypeError('random_split(): generator must be a torch.Generator, not object'));
    expect(() => random_split(ten, [5, 5], { generater: null } as never)).toThrow(new TypeError("random_split() got an unexpected keyword argument 'generater'"));
    torch.manual_seed(5);
    const first = random_split(ten, [3, 7], null).map((p) => p.indices);
    torch.manual_seed(5);
    expect(random_split(ten, [3, 7], { generator: null }).map((p) => p.indices)).toEqual(first);
    // PyTorch's idiom: a generator of its own, which leaves torch's default one alone
    torch.manual_seed(5);
    const before = torch.rand(2).tolist();
    torch.manual_seed(5);
    const split = random_split(ten, [0.8, 0.2], new torch.Generator().manual_seed(42)).map((p) => p.indices);
    expect(torch.rand(2).tolist()).toEqual(before);
    expect(random_split(ten, [0.8, 0.2], { generator: new torch.Generator().manual_seed(42) }).map((p) => p.indices)).toEqual(split);
    expect(split).not.toEqual(random_split(ten, [0.8, 0.2], new torch.Generator().manual_seed(43)).map((p) => p.indices));
    // torch.Generator() without new, as PyTorch code writes it: the same generator
    const g = torch.Generator().manual_seed(42);
    expect(g).toBeInstanceOf(torch.Generator);
    expect(random_split(ten, [0.8, 0.2], g).map((p) => p.indices)).toEqual(split);
    expect(() => torch.Generator('cuda')).toThrow(TypeError);
  });

  it('Subset reads indices as a Python list: negative from the end, outside it an IndexError', () => {
    const s = new Subset(['a', 'b', 'c', 'd'], [3, 1, 0]);
    expect([0, 1, 2, -1, -3].map((i) => s.__getitem__(i))).toEqual(['d', 'b', 'a', 'a', 'd']);
    expect(() => s.__getitem__(3)).toThrow(new RangeError('list index out of range'));
    expect(() => s.__getitem__(-4)).toThrow(new RangeError('list index out of range'));
    // an index past an array dataset is Python's IndexError too, not undefined
    expect(() => new Subset(['a'], [2]).__getitem__(0)).toThrow(new RangeError('list index out of range'));
    expect(() => [...new DataLoader(['a'], { sampler: [1] })]).toThrow(new RangeError('list index out of range'));
  });
});

describe('DistributedSampler', () => {
  // PyTorch 1.13's rule for a 10-sample dataset over 3 replicas: num_samples ceil(10 / 3) = 4, total 12 (the
  // permutation's first 2 indices repeated); with drop_last ceil((10 - 3) / 3) = 3, total 9
  it('splits the indices as PyTorch, padded or dropped, with a per-epoch permutation of its own', () => {
    const data = Array.from({ length: 10 }, (_, i) => i);
    const parts = [0, 1, 2].map((rank) => [...new torch.utils.data.DistributedSampler(data, 3, rank, false)]);
    expect(parts).toEqual([[0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]]);
    const dropped = [0, 1, 2].map((rank) => [...new torch.utils.data.DistributedSampler(data, { num_replicas: 3, rank, shuffle: false, drop_last: true })]);
    expect(dropped).toEqual([[0, 3, 6], [1, 4, 7], [2, 5, 8]]);
    expect(new torch.utils.data.DistributedSampler(data, 3, 0, { drop_last: true }).__len__()).toBe(3);
    // shuffled: the replicas share one permutation (seed + epoch), cover the dataset, and leave torch's generator alone
    torch.manual_seed(7);
    const before = torch.rand(3).tolist();
    torch.manual_seed(7);
    const samplers = [0, 1, 2].map((rank) => new torch.utils.data.DistributedSampler(data, 3, rank, { seed: 5 }));
    const epoch0 = samplers.map((s) => [...s]);
    expect(torch.rand(3).tolist()).toEqual(before);
    expect(torch.initial_seed()).toBe(7);
    expect(new Set(epoch0.flat())).toEqual(new Set(data));
    expect(epoch0.flat()).not.toEqual(parts.flat());
    samplers.forEach((s) => s.set_epoch(1));
    const epoch1 = samplers.map((s) => [...s]);
    expect(epoch1).not.toEqual(epoch0);
    samplers.forEach((s) => s.set_epoch(0));
    expect(samplers.map((s) => [...s])).toEqual(epoch0);
    // a DataLoader over it
    const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(torch.arange(10)), { batch_size: 2, sampler: new torch.utils.data.DistributedSampler(data, 2, 1, false) });
    expect([...loader].map(([x]) => (x as torch.Tensor).tolist())).toEqual([[1, 3], [5, 7], [9]]);
    expect(() => new torch.utils.data.DistributedSampler(data)).toThrow(new TypeError('DistributedSampler(): torchlet has no torch.distributed to ask; pass num_replicas and rank'));
    expect(() => new torch.utils.data.DistributedSampler(data, 3, 3)).toThrow(new RangeError('Invalid rank 3, rank should be in the interval [0, 2]'));
  });
});

describe('torch.Generator', () => {
  it('is a stream of its own for the random factories, multinomial, the samplers and a shuffling DataLoader', () => {
    const g = () => new torch.Generator().manual_seed(7);
    expect(g().initial_seed()).toBe(7);
    expect(torch.manual_seed(3)).toBe(torch.default_generator);
    expect(torch.default_generator.initial_seed()).toBe(3);
    const before = torch.rand(3).tolist();
    torch.manual_seed(3);
    const a = [torch.randn(4, { generator: g() }), torch.rand([4], { generator: g() }), torch.randperm(6, { generator: g() }), torch.randint(0, 9, [4], { generator: g() })].map((t) => t.tolist());
    const b = [torch.randn(4, { generator: g() }), torch.rand([4], { generator: g() }), torch.randperm(6, { generator: g() }), torch.randint(0, 9, [4], { generator: g() })].map((t) => t.tolist());
    expect(b).toEqual(a); // the same seed, the same numbers
    expect(torch.rand(3).tolist()).toEqual(before); // torch's own stream untouched
    const one = g();
    expect(torch.randn(2, { generator: one }).tolist()).not.toEqual(torch.randn(2, { generator: one }).tolist()); // it advances
    const state = one.get_state();
    const next = torch.rand(3, { generator: one }).tolist();
    one.set_state(state);
    expect(torch.rand(3, { generator: one }).tolist()).toEqual(next);
    const p = torch.tensor([0.1, 0.2, 0.7]);
    expect(torch.multinomial(p, 5, true, { generator: g() }).tolist()).toEqual(torch.multinomial(p, 5, true, { generator: g() }).tolist());
    expect(torch.normal(torch.zeros(3), torch.ones(3), { generator: g() }).tolist()).toEqual(torch.normal(torch.zeros(3), torch.ones(3), { generator: g() }).tolist());
    expect(torch.bernoulli(torch.full([6], 0.5), { generator: g() }).tolist()).toEqual(torch.bernoulli(torch.full([6], 0.5), { generator: g() }).tolist());
    // the in-place samplers take it as their keyword (x.uniform_(-1, 1, generator=g))
    const fills = () => [torch.empty(5).uniform_(-1, 1, { generator: g() }), torch.empty(5).normal_({ generator: g() }), torch.empty(5).random_(0, 10, { generator: g() }), torch.empty(5).bernoulli_(0.3, { generator: g() }), torch.empty(3).exponential_({ lambd: 2, generator: g() })].map((t) => t.tolist());
    torch.manual_seed(3);
    const first = fills();
    const stream = torch.rand(2).tolist();
    torch.manual_seed(3);
    expect(fills()).toEqual(first);
    expect(torch.rand(2).tolist()).toEqual(stream); // torch's own stream untouched by them
    expect((first[0] as number[]).every((v) => v >= -1 && v < 1)).toBe(true);
    const data = Array.from({ length: 8 }, (_, i) => i);
    const { RandomSampler, SubsetRandomSampler, WeightedRandomSampler, DataLoader, TensorDataset } = torch.utils.data;
    expect([...new RandomSampler(data, { generator: g() })]).toEqual([...new RandomSampler(data, { generator: g() })]);
    expect([...new SubsetRandomSampler([1, 3, 5, 7], g())]).toEqual([...new SubsetRandomSampler([1, 3, 5, 7], { generator: g() })]);
    expect([...new WeightedRandomSampler([1, 2, 3], 6, { generator: g() })]).toEqual([...new WeightedRandomSampler([1, 2, 3], 6, { generator: g() })]);
    const batches = (gen: torch.Generator) => [...new DataLoader(new TensorDataset(torch.arange(8)), { batch_size: 4, shuffle: true, generator: gen })].map(([x]) => (x as torch.Tensor).tolist());
    expect(batches(g())).toEqual(batches(g()));
    expect(batches(g()).flat().sort()).toEqual(data);
    expect(() => torch.randn(2, { generator: 3 as never })).toThrow(new TypeError('randn(): generator must be a torch.Generator, not number'));
    expect(() => new torch.Generator('cuda')).toThrow(TypeError);
  });
});
