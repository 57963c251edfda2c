// torch.utils.data: the datasets, samplers and the loader of PyTorch's training loops. A map-style dataset is
// anything with __getitem__(index) and __len__() (PyTorch's names, so a ported Dataset subclass keeps them), or a
// JS array; an IterableDataset is a stream: its subclasses define [Symbol.iterator]() (PyTorch's __iter__: JS's own
// iteration protocol, as torchlet's samplers use it), so `for (const x of ds)` works as in Python.
// Loading is synchronous and single-threaded: num_workers and pin_memory are accepted and change nothing, and
// get_worker_info() is null wherever it is called, as in PyTorch's main process.
import { Tensor, typeName } from '../tensor';
import { stack } from '../ops/shape';
import { tensor } from '../ops/creation';
import { Generator as TorchGenerator, permutation, uniform53, weightedDraws, withGenerator } from '../random';
import { resolveArgs } from '../args';

/** What DataLoader and the helpers below read from: PyTorch's map-style protocol, or an array of samples. */
export interface MapDataset<T = unknown> {
  __getitem__(index: number): T;
  __len__(): number;
}
type DatasetLike<T> = MapDataset<T> | readonly T[];

/** torch.utils.data.Dataset: subclasses define __getitem__ and __len__. */
export abstract class Dataset<T = unknown> implements MapDataset<T> {
  abstract __getitem__(index: number): T;
  abstract __len__(): number;
  /** PyTorch's `dataset + other`: the two one after the other, a ConcatDataset. */
  __add__(other: DatasetLike<T>): Dataset<T> {
    return new ConcatDataset<T>([this, other]);
  }
}

/**
 * torch.utils.data.IterableDataset: a stream of samples. Subclasses define [Symbol.iterator]() (PyTorch's
 * __iter__), and __len__ only if the stream has a length (DataLoader's len() needs it): without one, len() is
 * Python's TypeError. There is no __getitem__.
 */
export abstract class IterableDataset<T = unknown> extends Dataset<T> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  __getitem__(_index: number): T {
    throw new TypeError(`${typeName(this)} is an IterableDataset: iterate over it, it has no __getitem__`);
  }
  __len__(): number {
    throw new TypeError(`object of type '${typeName(this)}' has no len()`);
  }
  /** PyTorch's `stream + other`: a ChainDataset. */
  override __add__(other: DatasetLike<T>): ChainDataset<T> {
    return new ChainDataset<T>([this, other]);
  }
}

function lengthOf(op: string, dataset: unknown): number {
  if (Array.isArray(dataset)) return dataset.length;
  const len = (dataset as Partial<MapDataset>)?.__len__;
  if (typeof len !== 'function') throw new TypeError(`${op}(): object of type '${typeName(dataset)}' has no len()`);
  return len.call(dataset);
}

/** list[index] as Python reads it: a negative index counts from the end; outside the list is an IndexError. */
function listItem<T>(list: readonly T[], index: number): T {
  const i = index < 0 ? index + list.length : index;
  if (!(i >= 0 && i < list.length)) throw new RangeError('list index out of range');
  return list[i];
}

function itemOf<T>(dataset: DatasetLike<T>, index: number): T {
  return Array.isArray(dataset) ? listItem(dataset, index) : (dataset as MapDataset<T>).__getitem__(index);
}

/** torch.utils.data.TensorDataset(...tensors): sample i is [t[i] for each tensor], all sharing their first dim. */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset(): argument ${i + 1} must be Tensor, not ${typeName(t)}`);
      if (t.dim() === 0) throw new RangeError(`TensorDataset(): tensor ${i + 1} is 0-d; its first dimension indexes the samples`);
    });
    if (tensors.some((t) => t.shape[0] !== tensors[0].shape[0])) {
      throw new RangeError(`Size mismatch between tensors: first dimensions ${tensors.map((t) => t.shape[0]).join(', ')}`);
    }
    this.tensors = tensors;
  }
  __getitem__(index: number): Tensor[] {
    return this.tensors.map((t) => t.select(0, index));
  }
  __len__(): number {
    return this.tensors.length ? this.tensors[0].shape[0] : 0;
  }
}

/**
 * torch.utils.data.ConcatDataset(datasets): map-style datasets one after the other. cumulative_sizes[i] is the
 * total length of datasets[0..i]; an index may be negative (from the end), as in PyTorch.
 */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: DatasetLike<T>[];
  readonly cumulative_sizes: number[];

  /** The running totals of the sequences' lengths (PyTorch's ConcatDataset.cumsum). */
  static cumsum(sequence: Iterable<unknown>): number[] {
    let total = 0;
    return Array.from(sequence, (d) => (total += lengthOf('ConcatDataset', d)));
  }

  constructor(datasets: Iterable<DatasetLike<T>>) {
    super();
    if (datasets === null || typeof (datasets as Partial<Iterable<unknown>>)?.[Symbol.iterator] !== 'function') {
      throw new TypeError(`'${typeName(datasets)}' object is not iterable`);
    }
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new RangeError('datasets should not be an empty iterable');
    if (this.datasets.some((d) => d instanceof IterableDataset)) throw new TypeError('ConcatDataset does not support IterableDataset');
    this.cumulative_sizes = ConcatDataset.cumsum(this.datasets);
  }
  __len__(): number {
    return this.cumulative_sizes[this.cumulative_sizes.length - 1];
  }
  __getitem__(index: number): T {
    let idx = index;
    if (idx < 0) {
      if (-idx > this.__len__()) throw new RangeError('absolute value of index should not exceed dataset length');
      idx += this.__len__();
    }
    // the first dataset whose running total passes idx (bisect_right: empty datasets are skipped)
    let k = this.cumulative_sizes.findIndex((total) => total > idx);
    if (k === -1) k = this.cumulative_sizes.length;
    return itemOf(listItem(this.datasets, k), k === 0 ? idx : idx - this.cumulative_sizes[k - 1]);
  }
}

/**
 * torch.utils.data.ChainDataset(datasets): IterableDatasets streamed one after the other, read lazily. Its length
 * is the sum of theirs (each must have one).
 */
export class ChainDataset<T = unknown> extends IterableDataset<T> {
  constructor(readonly datasets: Iterable<DatasetLike<T>>) {
    super();
  }
  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) yield* chainMember(d);
  }
  override __len__(): number {
    let total = 0;
    for (const d of this.datasets) total += chainMember(d).__len__();
    return total;
  }
}

function chainMember<T>(d: DatasetLike<T>): IterableDataset<T> {
  if (!(d instanceof IterableDataset)) throw new TypeError('ChainDataset only supports IterableDataset');
  return d;
}

/** torch.utils.data.Subset(dataset, indices): sample i is dataset[indices[i]] (i may be negative, as in a list). */
export class Subset<T = unknown> extends Dataset<T> {
  constructor(
    readonly dataset: DatasetLike<T>,
    readonly indices: readonly number[],
  ) {
    super();
  }
  __getitem__(index: number): T {
    return itemOf(this.dataset, listItem(this.indices, index));
  }
  __len__(): number {
    return this.indices.length;
  }
}

/** Python's math.isclose(a, b) with its default relative tolerance. */
function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

export interface RandomSplitOptions {
  generator?: TorchGenerator | null;
}

/**
 * torch.utils.data.random_split(dataset, lengths, generator = null): disjoint random subsets of the given
 * lengths, or of the given fractions of the dataset when they sum to 1 (each floor(n * fraction), the remainder
 * then spread one by one over the subsets from the first, as PyTorch does). The permutation comes from torch's
 * generator (torch.manual_seed makes it repeatable).
 */
export function random_split<T>(dataset: DatasetLike<T>, lengths: readonly number[], generator?: TorchGenerator | null | RandomSplitOptions): Subset<T>[] {
  const a = resolveArgs<RandomSplitOptions>('random_split', ['generator'], { generator: null }, arguments, 2);
  const n = lengthOf('random_split', dataset);
  const total = lengths.reduce((x, y) => x + y, 0);
  let sizes = [...lengths];
  if (isClose(total, 1) && total <= 1) {
    sizes = lengths.map((fraction, i) => {
      if (fraction < 0 || fraction > 1) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * fraction);
    });
    const remainder = n - sizes.reduce((x, y) => x + y, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
    sizes.forEach((size, i) => {
      if (size === 0) process.emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`, 'UserWarning');
    });
  }
  if (sizes.some((v) => !Number.isInteger(v) || v < 0) || sizes.reduce((x, y) => x + y, 0) !== n) {
    throw new RangeError('Sum of input lengths does not equal the length of the input dataset!');
  }
  const order = withGenerator('random_split', a.generator, () => permutation(n));
  let start = 0;
  return sizes.map((size) => new Subset(dataset, order.slice(start, (start += size))));
}

/** Typed arrays are torchlet's NumPy arrays: torch.tensor takes them with their own dtype. */
function isTypedArray(v: unknown): v is Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | BigInt64Array {
  return (
    v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Int16Array ||
    v instanceof Int8Array || v instanceof Uint8Array || v instanceof Uint16Array || v instanceof BigInt64Array
  );
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * torch.utils.data.default_convert(data): what the DataLoader applies to each sample when it does not batch
 * (batch_size null). Typed arrays (PyTorch: NumPy arrays) become tensors; arrays and plain objects are rebuilt
 * with their elements converted; tensors and everything else are returned as they are.
 */
export function default_convert(data: unknown): unknown {
  if (data instanceof Tensor) return data;
  if (isTypedArray(data)) return tensor(data);
  if (Array.isArray(data)) return data.map(default_convert);
  if (isPlainObject(data)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, default_convert(v)]));
  return data;
}

/**
 * torch.utils.data.default_collate(batch): a batch of tensors is stacked; of typed arrays (PyTorch: NumPy arrays),
 * their tensors stacked; of numbers or booleans, a tensor (as torch.tensor makes: numbers give float32, bigints
 * int64); of strings, the list itself; of arrays (a sample that is a tuple), an array of each position collated;
 * of plain objects, an object of each key collated. Anything else is PyTorch's TypeError.
 */
export function default_collate(batch: readonly unknown[]): unknown {
  const first = batch[0];
  if (first instanceof Tensor) return stack(batch as Tensor[]);
  if (isTypedArray(first)) return stack(batch.map((b) => tensor(b as typeof first)));
  if (typeof first === 'number' || typeof first === 'boolean') return tensor(batch as number[]);
  if (typeof first === 'bigint') return tensor(BigInt64Array.from(batch as bigint[]));
  if (typeof first === 'string') return [...batch];
  if (Array.isArray(first)) {
    if (batch.some((s) => !Array.isArray(s) || s.length !== first.length)) throw new RangeError('each element in list of batch should be of equal size');
    return first.map((_, i) => default_collate(batch.map((s) => (s as unknown[])[i])));
  }
  if (isPlainObject(first)) {
    return Object.fromEntries(Object.keys(first).map((k) => [k, default_collate(batch.map((s) => (s as Record<string, unknown>)[k]))]));
  }
  throw new TypeError(`default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class '${typeName(first)}'>`);
}

/**
 * torch.utils.data.get_worker_info(): information about the loader's worker process running the caller, or null
 * in the main process. torchlet loads every batch on the calling thread, so it is always null (an IterableDataset
 * that splits its stream among workers then yields the whole stream once, as with num_workers = 0).
 */
export function get_worker_info(): null {
  return null;
}

// ---- samplers: iterables of dataset indices (or, BatchSampler, of lists of them) ----

/** torch.utils.data.Sampler: iterable over indices, with __len__. */
export abstract class Sampler<I = number> implements Iterable<I> {
  abstract [Symbol.iterator](): Iterator<I>;
  abstract __len__(): number;
  get length(): number {
    return this.__len__();
  }
}


function checkCount(op: string, name: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) throw new RangeError(`${op}(): ${name} should be a positive integer value, but got ${name}=${String(v)}`);
  return v as number;
}

/** A sampler's `generator`: a torch.Generator, or null for torch's default one. */
function checkGenerator(op: string, generator: unknown): TorchGenerator | null {
  if (generator === null || generator === undefined) return null;
  if (!(generator instanceof TorchGenerator)) throw new TypeError(`${op}(): generator must be a torch.Generator, not ${typeName(generator)}`);
  return generator;
}

/** SequentialSampler(data_source): 0, 1, ..., len - 1. */
export class SequentialSampler extends Sampler {
  constructor(readonly data_source: DatasetLike<unknown>) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    yield* Array.from({ length: lengthOf('SequentialSampler', this.data_source) }, (_, i) => i);
  }
  __len__(): number {
    return lengthOf('SequentialSampler', this.data_source);
  }
}

export interface RandomSamplerOptions {
  replacement?: boolean;
  num_samples?: number | null;
  generator?: TorchGenerator | null;
}

/**
 * RandomSampler(data_source, replacement = false, num_samples = null, generator = null): a random permutation on
 * each pass (num_samples of them, from as many permutations as needed), or with replacement num_samples uniform
 * draws; torch's generator, so torch.manual_seed makes them repeatable.
 */
export class RandomSampler extends Sampler {
  readonly data_source: DatasetLike<unknown>;
  readonly replacement: boolean;
  private readonly requested: number | null;

  readonly generator: TorchGenerator | null;

  constructor(data_source: DatasetLike<unknown>, replacement?: boolean | RandomSamplerOptions, num_samples?: number | null | RandomSamplerOptions, generator?: TorchGenerator | null | RandomSamplerOptions) {
    super();
    const a = resolveArgs<RandomSamplerOptions>('RandomSampler.__init__', ['replacement', 'num_samples', 'generator'], { replacement: false, num_samples: null, generator: null }, arguments, 1);
    if (typeof a.replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${String(a.replacement)}`);
    this.generator = checkGenerator('RandomSampler', a.generator);
    this.data_source = data_source;
    this.replacement = a.replacement;
    this.requested = a.num_samples === null || a.num_samples === undefined ? null : checkCount('RandomSampler', 'num_samples', a.num_samples);
  }
  get num_samples(): number {
    return this.requested ?? lengthOf('RandomSampler', this.data_source);
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = lengthOf('RandomSampler', this.data_source);
    const draw = <T>(f: () => T) => withGenerator('RandomSampler', this.generator, f);
    if (this.replacement) {
      for (let i = 0; i < this.num_samples; i++) yield draw(() => Math.floor(uniform53() * n));
      return;
    }
    for (let left = this.num_samples; left > 0; left -= n) yield* draw(() => permutation(n)).slice(0, left);
  }
  __len__(): number {
    return this.num_samples;
  }
}

export interface DistributedSamplerOptions {
  num_replicas?: number | null;
  rank?: number | null;
  shuffle?: boolean;
  seed?: number;
  drop_last?: boolean;
}

/**
 * DistributedSampler(dataset, num_replicas, rank, shuffle = true, seed = 0, drop_last = false): the share of the
 * dataset's indices one of num_replicas processes (rank) reads, as PyTorch's: indices rank, rank + num_replicas, ...
 * of a permutation (seeded by seed + epoch, set_epoch(epoch) before each epoch, without touching torch's own
 * generator) padded by its start to a multiple of num_replicas, or cut to one with drop_last. torchlet has no
 * torch.distributed: num_replicas and rank must be given.
 */
export class DistributedSampler extends Sampler {
  readonly dataset: DatasetLike<unknown>;
  readonly num_replicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly drop_last: boolean;
  epoch = 0;

  constructor(dataset: DatasetLike<unknown>, num_replicas?: number | null | DistributedSamplerOptions, rank?: number | null | DistributedSamplerOptions, shuffle?: boolean | DistributedSamplerOptions, seed?: number | DistributedSamplerOptions, drop_last?: boolean | DistributedSamplerOptions) {
    super();
    const op = 'DistributedSampler';
    const a = resolveArgs<DistributedSamplerOptions>(`${op}.__init__`, ['num_replicas', 'rank', 'shuffle', 'seed', 'drop_last'], { num_replicas: null, rank: null, shuffle: true, seed: 0, drop_last: false }, arguments, 1);
    if (a.num_replicas === null || a.num_replicas === undefined || a.rank === null || a.rank === undefined) {
      throw new TypeError(`${op}(): torchlet has no torch.distributed to ask; pass num_replicas and rank`);
    }
    this.num_replicas = checkCount(op, 'num_replicas', a.num_replicas);
    if (!Number.isInteger(a.rank) || a.rank < 0 || a.rank >= this.num_replicas) {
      throw new RangeError(`Invalid rank ${String(a.rank)}, rank should be in the interval [0, ${this.num_replicas - 1}]`);
    }
    this.dataset = dataset;
    this.rank = a.rank;
    this.shuffle = !!a.shuffle;
    this.seed = a.seed!;
    this.drop_last = !!a.drop_last;
  }

  /** Each replica's number of indices. */
  get num_samples(): number {
    const n = lengthOf('DistributedSampler', this.dataset);
    return this.drop_last && n % this.num_replicas !== 0 ? Math.ceil((n - this.num_replicas) / this.num_replicas) : Math.ceil(n / this.num_replicas);
  }

  get total_size(): number {
    return this.num_samples * this.num_replicas;
  }

  /** The epoch whose permutation the next pass uses (call it before each epoch when shuffling, as in PyTorch). */
  set_epoch(epoch: number): void {
    this.epoch = epoch;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = lengthOf('DistributedSampler', this.dataset);
    let indices = Array.from({ length: n }, (_, i) => i);
    if (this.shuffle) {
      // a generator of its own, seeded by seed + epoch: every replica draws the same permutation
      indices = withGenerator('DistributedSampler', new TorchGenerator().manual_seed(this.seed + this.epoch), () => permutation(n));
    }
    const total = this.total_size;
    if (this.drop_last) indices = indices.slice(0, total);
    else while (indices.length < total) indices = indices.concat(indices.slice(0, total - indices.length));
    for (let i = this.rank; i < total; i += this.num_replicas) yield indices[i];
  }

  __len__(): number {
    return this.num_samples;
  }
}

/** SubsetRandomSampler(indices, generator = null): the given indices in a random order on each pass. */
export class SubsetRandomSampler extends Sampler {
  readonly generator: TorchGenerator | null;
  constructor(
    readonly indices: readonly number[],
    generator: TorchGenerator | null | { generator?: TorchGenerator | null } = null,
  ) {
    super();
    const a = resolveArgs<{ generator?: TorchGenerator | null }>('SubsetRandomSampler.__init__', ['generator'], { generator: null }, arguments, 1);
    this.generator = checkGenerator('SubsetRandomSampler', a.generator);
  }
  *[Symbol.iterator](): Iterator<number> {
    const order = withGenerator('SubsetRandomSampler', this.generator, () => permutation(this.indices.length));
    for (const i of order) yield this.indices[i];
  }
  __len__(): number {
    return this.indices.length;
  }
}

export interface WeightedRandomSamplerOptions {
  num_samples?: number;
  replacement?: boolean;
  generator?: TorchGenerator | null;
}

/**
 * WeightedRandomSampler(weights, num_samples, replacement = true, generator = null): num_samples indices into
 * weights, each drawn with probability proportional to its weight (torch.multinomial's draws), e.g. to
 * oversample rare classes.
 */
export class WeightedRandomSampler extends Sampler {
  readonly weights: readonly number[];
  readonly num_samples: number;
  readonly replacement: boolean;

  readonly generator: TorchGenerator | null;

  constructor(weights: readonly number[] | Tensor, num_samples?: number | WeightedRandomSamplerOptions, replacement?: boolean | WeightedRandomSamplerOptions, generator?: TorchGenerator | null | WeightedRandomSamplerOptions) {
    super();
    const a = resolveArgs<WeightedRandomSamplerOptions>('WeightedRandomSampler.__init__', ['num_samples', 'replacement', 'generator'], { replacement: true, generator: null }, arguments, 1);
    this.num_samples = checkCount('WeightedRandomSampler', 'num_samples', a.num_samples);
    if (typeof a.replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${String(a.replacement)}`);
    this.generator = checkGenerator('WeightedRandomSampler', a.generator);
    const w = weights instanceof Tensor ? (weights.tolist() as number[]) : [...weights];
    if (w.some((v) => typeof v !== 'number' || !(v >= 0) || v === Infinity)) throw new RangeError('WeightedRandomSampler(): weights must be finite and non-negative');
    if (!(w.reduce((x, y) => x + y, 0) > 0)) throw new RangeError('WeightedRandomSampler(): invalid multinomial distribution (sum of probabilities <= 0)');
    if (!a.replacement && w.filter((v) => v > 0).length < this.num_samples) {
      throw new RangeError('WeightedRandomSampler(): cannot draw more samples without replacement than there are non-zero weights');
    }
    this.weights = w;
    this.replacement = a.replacement;
  }
  *[Symbol.iterator](): Iterator<number> {
    yield* withGenerator('WeightedRandomSampler', this.generator, () => weightedDraws(this.weights, this.num_samples, this.replacement));
  }
  __len__(): number {
    return this.num_samples;
  }
}

/** BatchSampler(sampler, batch_size, drop_last): the sampler's indices in lists of batch_size. */
export class BatchSampler<I = number> extends Sampler<I[]> {
  readonly batch_size: number;
  constructor(
    readonly sampler: Iterable<I> & { __len__?(): number },
    batch_size: number,
    readonly drop_last: boolean,
  ) {
    super();
    this.batch_size = checkCount('BatchSampler', 'batch_size', batch_size);
    if (typeof drop_last !== 'boolean') throw new TypeError(`drop_last should be a boolean value, but got drop_last=${String(drop_last)}`);
  }
  *[Symbol.iterator](): Iterator<I[]> {
    let batch: I[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batch_size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length && !this.drop_last) yield batch;
  }
  __len__(): number {
    const n = samplerLength(this.sampler);
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}

/** A sampler's length: __len__ when it has one, an array's length; other iterables have none (as in Python). */
function samplerLength(sampler: Iterable<unknown> & { __len__?(): number }): number {
  if (typeof sampler.__len__ === 'function') return sampler.__len__();
  if (Array.isArray(sampler)) return sampler.length;
  const kind = Object.prototype.toString.call(sampler) === '[object Generator]' ? 'generator' : typeName(sampler);
  throw new TypeError(`object of type '${kind}' has no len()`);
}

/**
 * The sampler of a loader over an IterableDataset (PyTorch's _InfiniteConstantSampler): null forever, as the
 * stream itself decides what comes next and when it ends.
 */
class _InfiniteConstantSampler extends Sampler<null> {
  *[Symbol.iterator](): Iterator<null> {
    for (;;) yield null;
  }
  __len__(): number {
    throw new TypeError(`object of type '_InfiniteConstantSampler' has no len()`);
  }
}

export interface DataLoaderOptions {
  batch_size?: number | null;
  shuffle?: boolean | null;
  sampler?: Iterable<number> | null;
  batch_sampler?: Iterable<number[]> | null;
  num_workers?: number;
  collate_fn?: ((batch: unknown[]) => unknown) | null;
  pin_memory?: boolean;
  drop_last?: boolean;
  /** The generator a shuffling loader's RandomSampler draws from (torch's default one when null). */
  generator?: TorchGenerator | null;
}
const LOADER_ARGS = ['batch_size', 'shuffle', 'sampler', 'batch_sampler', 'num_workers', 'collate_fn', 'pin_memory', 'drop_last', 'generator'] as const;

/** An option's value in an error message, as Python prints it: [0, 1] for a list, the type for an object. */
function shown(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(shown).join(', ')}]`;
  return v !== null && typeof v === 'object' ? `<${typeName(v)} object>` : String(v);
}

/**
 * torch.utils.data.DataLoader(dataset, { batch_size = 1, shuffle = false, sampler, batch_sampler, drop_last = false,
 * collate_fn }): an iterable of batches of the sampler's indices (by default in order, or with shuffle a new
 * permutation from torch's generator on each pass: torch.manual_seed makes it repeatable), or of batch_sampler's
 * index lists. Over an IterableDataset, batches of batch_size samples in the stream's order (no sampler, no
 * shuffle). `for (const [x, y] of loader)`; `loader.__len__()` (or `loader.length`) is the number of batches.
 * With batch_size null, samples come one by one through collate_fn (default_convert unless given).
 */
export class DataLoader<T = unknown, B = unknown> implements Iterable<B> {
  readonly dataset: DatasetLike<T> | IterableDataset<T>;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  /** The indices' sampler; over an IterableDataset, one that yields null forever (as PyTorch's). */
  readonly sampler: Iterable<number> | Sampler<null>;
  readonly batch_sampler: Iterable<number[]> | BatchSampler<null> | null;
  /** Applied to each batch; with batch_size null, to each sample (typed for the batches a training loop uses). */
  readonly collate_fn: (batch: T[]) => B;

  constructor(dataset: DatasetLike<T> | IterableDataset<T>, batch_size?: number | null | DataLoaderOptions, shuffle?: boolean | DataLoaderOptions) {
    const a = resolveArgs<DataLoaderOptions>('DataLoader.__init__', [...LOADER_ARGS], { batch_size: 1, shuffle: null, num_workers: 0, drop_last: false }, arguments, 1);
    if (!Number.isInteger(a.num_workers) || (a.num_workers as number) < 0) {
      throw new RangeError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    }
    const stream = dataset instanceof IterableDataset;
    if (stream) {
      // PyTorch's order: the stream's own refusals come before the checks that combine options
      if (a.shuffle !== false && a.shuffle != null) throw new RangeError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${shown(a.shuffle)}`);
      if (a.sampler != null) throw new RangeError(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${shown(a.sampler)}`);
      if (a.batch_sampler != null) throw new RangeError(`DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${shown(a.batch_sampler)}`);
    } else {
      lengthOf('DataLoader', dataset);
    }
    const isIterable = (v: unknown) => v !== null && typeof v === 'object' && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
    if (a.sampler != null) {
      if (!isIterable(a.sampler)) throw new TypeError(`DataLoader(): sampler must be an iterable of indices, not ${typeName(a.sampler)}`);
      if (a.shuffle) throw new RangeError('sampler option is mutually exclusive with shuffle');
    }
    if (a.batch_sampler != null) {
      if (!isIterable(a.batch_sampler)) throw new TypeError(`DataLoader(): batch_sampler must be an iterable of index lists, not ${typeName(a.batch_sampler)}`);
      if (a.batch_size !== 1 || a.shuffle || a.sampler != null || a.drop_last) {
        throw new RangeError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
      }
    } else if (a.batch_size === null && a.drop_last) {
      throw new RangeError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
    }
    if (a.batch_size !== null && (!Number.isInteger(a.batch_size) || (a.batch_size as number) <= 0)) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${String(a.batch_size)}`);
    }
    if (a.collate_fn != null && typeof a.collate_fn !== 'function') throw new TypeError(`DataLoader(): collate_fn must be a function, not ${typeName(a.collate_fn)}`);
    this.dataset = dataset;
    this.batch_size = a.batch_sampler != null ? null : (a.batch_size ?? null);
    this.drop_last = !!a.drop_last;
    if (stream) {
      const sampler = new _InfiniteConstantSampler();
      this.sampler = sampler;
      this.batch_sampler = this.batch_size === null ? null : new BatchSampler(sampler, this.batch_size, this.drop_last);
    } else {
      const sampler = a.sampler ?? (a.shuffle ? new RandomSampler(dataset, { generator: a.generator ?? null }) : new SequentialSampler(dataset));
      this.sampler = sampler;
      this.batch_sampler = a.batch_sampler ?? (this.batch_size === null ? null : new BatchSampler(sampler, this.batch_size, this.drop_last));
    }
    this.collate_fn = (a.collate_fn ?? (this.batch_sampler ? default_collate : default_convert)) as (batch: T[]) => B;
  }

  /**
   * The number of batches: the batch sampler's length, or the sampler's without batches. Over an IterableDataset,
   * computed from the dataset's own __len__ (Python's TypeError when it has none), as PyTorch does.
   */
  __len__(): number {
    if (this.dataset instanceof IterableDataset) {
      const n = this.dataset.__len__();
      if (this.batch_size === null) return n;
      return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
    }
    return samplerLength(this.batch_sampler ?? this.sampler);
  }
  get length(): number {
    return this.__len__();
  }

  *[Symbol.iterator](): Iterator<B> {
    if (this.dataset instanceof IterableDataset) {
      yield* this.fromStream(this.dataset);
      return;
    }
    const dataset = this.dataset;
    if (!this.batch_sampler) {
      for (const i of this.sampler as Iterable<number>) yield this.convert(itemOf(dataset, i));
      return;
    }
    for (const indices of this.batch_sampler as Iterable<number[]>) yield this.collate_fn(indices.map((i) => itemOf(dataset, i)));
  }

  /** collate_fn on one sample, not a batch (batch_size null). */
  private convert(sample: T): B {
    return (this.collate_fn as (sample: T) => B)(sample);
  }

  /** A stream's samples one by one, or in batches of batch_size: a short last batch unless drop_last. */
  private *fromStream(dataset: IterableDataset<T>): Generator<B> {
    const samples = dataset[Symbol.iterator]();
    const size = this.batch_size;
    if (size === null) {
      for (let s = samples.next(); !s.done; s = samples.next()) yield this.convert(s.value);
      return;
    }
    for (;;) {
      const batch: T[] = [];
      for (let s; batch.length < size && !(s = samples.next()).done; ) batch.push(s.value);
      if (batch.length === 0 || (this.drop_last && batch.length < size)) return;
      yield this.collate_fn(batch);
      if (batch.length < size) return; // the stream has ended: it is not asked again
    }
  }
}
