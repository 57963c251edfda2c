// torch.utils.data: the map-style datasets, samplers and the loader of PyTorch's training loops. A dataset is
// anything with __getitem__(index) and __len__() (PyTorch's names, so a ported Dataset subclass keeps them), or a
// JS array.
// Loading is synchronous and single-threaded: num_workers and pin_memory are accepted and change nothing.
import { Tensor, typeName } from '../tensor';
import { stack } from '../ops/shape';
import { tensor } from '../ops/creation';
import { permutation, uniform53, weightedDraws } from '../random';
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
}

function lengthOf(op: string, dataset: unknown): number {
  if (Array.isArray(dataset)) return dataset.length;
  const len = (dataset as Partial<MapDataset>)?.__len__;
  if (typeof len !== 'function') throw new TypeError(`${op}(): object of type '${typeName(dataset)}' has no len()`);
  return len.call(dataset);
}

function itemOf<T>(dataset: DatasetLike<T>, index: number): T {
  return Array.isArray(dataset) ? dataset[index] : (dataset as MapDataset<T>).__getitem__(index);
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

/** torch.utils.data.Subset(dataset, indices). */
export class Subset<T = unknown> extends Dataset<T> {
  constructor(
    readonly dataset: DatasetLike<T>,
    readonly indices: readonly number[],
  ) {
    super();
  }
  __getitem__(index: number): T {
    return itemOf(this.dataset, this.indices[index]);
  }
  __len__(): number {
    return this.indices.length;
  }
}

/**
 * torch.utils.data.random_split(dataset, lengths): disjoint random subsets of the given lengths, or of the given
 * fractions of the dataset (the remainder spread one by one over the first subsets, as PyTorch does).
 */
export function random_split<T>(dataset: DatasetLike<T>, lengths: readonly number[]): Subset<T>[] {
  const n = lengthOf('random_split', dataset);
  const total = lengths.reduce((a, b) => a + b, 0);
  let sizes = [...lengths];
  if (Math.abs(total - 1) < 1e-9 && total <= 1) {
    sizes = lengths.map((f) => Math.floor(n * f));
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
  }
  if (sizes.some((v) => !Number.isInteger(v) || v < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError('Sum of input lengths does not equal the length of the input dataset!');
  }
  const order = permutation(n);
  let start = 0;
  return sizes.map((size) => new Subset(dataset, order.slice(start, (start += size))));
}

/**
 * default_collate: a batch of tensors is stacked; of numbers or booleans, a tensor (as torch.tensor makes:
 * numbers give float32, bigints int64); of arrays (a sample that is a tuple), an array of each position
 * collated; of plain objects, an object of each key collated; anything else is returned as the list.
 */
export function default_collate(batch: readonly unknown[]): unknown {
  const first = batch[0];
  if (first instanceof Tensor) return stack(batch as Tensor[]);
  if (typeof first === 'number' || typeof first === 'boolean') return tensor(batch as number[]);
  if (typeof first === 'bigint') return tensor(BigInt64Array.from(batch as bigint[]));
  if (Array.isArray(first)) {
    if (batch.some((s) => !Array.isArray(s) || s.length !== first.length)) throw new RangeError('each element in list of batch should be of equal size');
    return first.map((_, i) => default_collate(batch.map((s) => (s as unknown[])[i])));
  }
  if (first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
    return Object.fromEntries(Object.keys(first).map((k) => [k, default_collate(batch.map((s) => (s as Record<string, unknown>)[k]))]));
  }
  return [...batch];
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

/** Only torch's default generator (torch.manual_seed) is used: a `generator` argument must be null. */
function noGenerator(op: string, generator: unknown): void {
  if (generator !== null && generator !== undefined) throw new TypeError(`${op}(): generator is not supported: seed torch's generator with torch.manual_seed`);
}

function checkCount(op: string, name: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) throw new RangeError(`${op}(): ${name} should be a positive integer value, but got ${name}=${String(v)}`);
  return v as number;
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
  generator?: null;
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

  constructor(data_source: DatasetLike<unknown>, replacement?: boolean | RandomSamplerOptions, num_samples?: number | null | RandomSamplerOptions, generator?: null | RandomSamplerOptions) {
    super();
    const a = resolveArgs<RandomSamplerOptions>('RandomSampler.__init__', ['replacement', 'num_samples', 'generator'], { replacement: false, num_samples: null, generator: null }, arguments, 1);
    if (typeof a.replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${String(a.replacement)}`);
    noGenerator('RandomSampler', a.generator);
    this.data_source = data_source;
    this.replacement = a.replacement;
    this.requested = a.num_samples === null || a.num_samples === undefined ? null : checkCount('RandomSampler', 'num_samples', a.num_samples);
  }
  get num_samples(): number {
    return this.requested ?? lengthOf('RandomSampler', this.data_source);
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = lengthOf('RandomSampler', this.data_source);
    if (this.replacement) {
      for (let i = 0; i < this.num_samples; i++) yield Math.floor(uniform53() * n);
      return;
    }
    for (let left = this.num_samples; left > 0; left -= n) yield* permutation(n).slice(0, left);
  }
  __len__(): number {
    return this.num_samples;
  }
}

/** SubsetRandomSampler(indices, generator = null): the given indices in a random order on each pass. */
export class SubsetRandomSampler extends Sampler {
  constructor(
    readonly indices: readonly number[],
    generator: null = null,
  ) {
    super();
    noGenerator('SubsetRandomSampler', generator);
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of permutation(this.indices.length)) yield this.indices[i];
  }
  __len__(): number {
    return this.indices.length;
  }
}

export interface WeightedRandomSamplerOptions {
  num_samples?: number;
  replacement?: boolean;
  generator?: null;
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

  constructor(weights: readonly number[] | Tensor, num_samples?: number | WeightedRandomSamplerOptions, replacement?: boolean | WeightedRandomSamplerOptions, generator?: null | WeightedRandomSamplerOptions) {
    super();
    const a = resolveArgs<WeightedRandomSamplerOptions>('WeightedRandomSampler.__init__', ['num_samples', 'replacement', 'generator'], { replacement: true, generator: null }, arguments, 1);
    this.num_samples = checkCount('WeightedRandomSampler', 'num_samples', a.num_samples);
    if (typeof a.replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${String(a.replacement)}`);
    noGenerator('WeightedRandomSampler', a.generator);
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
    yield* weightedDraws(this.weights, this.num_samples, this.replacement);
  }
  __len__(): number {
    return this.num_samples;
  }
}

/** BatchSampler(sampler, batch_size, drop_last): the sampler's indices in lists of batch_size. */
export class BatchSampler extends Sampler<number[]> {
  readonly batch_size: number;
  constructor(
    readonly sampler: Iterable<number> & { __len__?(): number },
    batch_size: number,
    readonly drop_last: boolean,
  ) {
    super();
    this.batch_size = checkCount('BatchSampler', 'batch_size', batch_size);
    if (typeof drop_last !== 'boolean') throw new TypeError(`drop_last should be a boolean value, but got drop_last=${String(drop_last)}`);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
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

export interface DataLoaderOptions {
  batch_size?: number | null;
  shuffle?: boolean | null;
  sampler?: Iterable<number> | null;
  batch_sampler?: Iterable<number[]> | null;
  num_workers?: number;
  collate_fn?: ((batch: unknown[]) => unknown) | null;
  pin_memory?: boolean;
  drop_last?: boolean;
}
const LOADER_ARGS = ['batch_size', 'shuffle', 'sampler', 'batch_sampler', 'num_workers', 'collate_fn', 'pin_memory', 'drop_last'] as const;

/**
 * torch.utils.data.DataLoader(dataset, { batch_size = 1, shuffle = false, sampler, batch_sampler, drop_last = false,
 * collate_fn }): an iterable of batches of the sampler's indices (by default in order, or with shuffle a new
 * permutation from torch's generator on each pass: torch.manual_seed makes it repeatable), or of batch_sampler's
 * index lists. `for (const [x, y] of loader)`; `loader.__len__()` (or `loader.length`) is the number of batches.
 */
export class DataLoader<T = unknown, B = unknown> implements Iterable<B> {
  readonly dataset: DatasetLike<T>;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<number>;
  readonly batch_sampler: Iterable<number[]> | null;
  readonly collate_fn: (batch: T[]) => B;

  constructor(dataset: DatasetLike<T>, batch_size?: number | null | DataLoaderOptions, shuffle?: boolean | DataLoaderOptions) {
    const a = resolveArgs<DataLoaderOptions>('DataLoader.__init__', [...LOADER_ARGS], { batch_size: 1, shuffle: null, num_workers: 0, drop_last: false }, arguments, 1);
    lengthOf('DataLoader', dataset);
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
    }
    if (a.batch_size !== null && (!Number.isInteger(a.batch_size) || (a.batch_size as number) <= 0)) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${String(a.batch_size)}`);
    }
    if (!Number.isInteger(a.num_workers) || (a.num_workers as number) < 0) {
      throw new RangeError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    }
    if (a.collate_fn != null && typeof a.collate_fn !== 'function') throw new TypeError(`DataLoader(): collate_fn must be a function, not ${typeName(a.collate_fn)}`);
    this.dataset = dataset;
    this.batch_size = a.batch_sampler != null ? null : (a.batch_size ?? null);
    this.drop_last = !!a.drop_last;
    this.sampler = a.sampler ?? (a.shuffle ? new RandomSampler(dataset) : new SequentialSampler(dataset));
    this.batch_sampler = a.batch_sampler ?? (this.batch_size === null ? null : new BatchSampler(this.sampler, this.batch_size, this.drop_last));
    this.collate_fn = (a.collate_fn ?? default_collate) as (batch: T[]) => B;
  }

  __len__(): number {
    return samplerLength(this.batch_sampler ?? this.sampler);
  }
  get length(): number {
    return this.__len__();
  }

  *[Symbol.iterator](): Iterator<B> {
    // no batches (batch_size null): samples one by one, not collated (PyTorch converts them as they are)
    if (!this.batch_sampler) {
      for (const i of this.sampler) yield itemOf(this.dataset, i) as unknown as B;
      return;
    }
    for (const indices of this.batch_sampler) yield this.collate_fn(indices.map((i) => itemOf(this.dataset, i)));
  }
}
