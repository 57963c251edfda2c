// torch.utils.data: the map-style datasets and the loader of PyTorch's training loops. A dataset is anything with
// __getitem__(index) and __len__() (PyTorch's names, so a ported Dataset subclass keeps them), or a JS array.
// Loading is synchronous and single-threaded: num_workers and pin_memory are accepted and change nothing.
import { Tensor, typeName } from '../tensor';
import { stack } from '../ops/shape';
import { tensor } from '../ops/creation';
import { permutation } from '../random';
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

export interface DataLoaderOptions {
  batch_size?: number | null;
  shuffle?: boolean | null;
  sampler?: null;
  batch_sampler?: null;
  num_workers?: number;
  collate_fn?: ((batch: unknown[]) => unknown) | null;
  pin_memory?: boolean;
  drop_last?: boolean;
}
const LOADER_ARGS = ['batch_size', 'shuffle', 'sampler', 'batch_sampler', 'num_workers', 'collate_fn', 'pin_memory', 'drop_last'] as const;

/**
 * torch.utils.data.DataLoader(dataset, { batch_size = 1, shuffle = false, drop_last = false, collate_fn }): an
 * iterable of batches, reshuffled (from torch's generator: torch.manual_seed makes it repeatable) on each pass.
 * `for (const [x, y] of loader)`; `loader.__len__()` (or `loader.length`) is the number of batches.
 */
export class DataLoader<T = unknown, B = unknown> implements Iterable<B> {
  readonly dataset: DatasetLike<T>;
  readonly batch_size: number | null;
  readonly shuffle: boolean;
  readonly drop_last: boolean;
  readonly collate_fn: (batch: T[]) => B;

  constructor(dataset: DatasetLike<T>, batch_size?: number | null | DataLoaderOptions, shuffle?: boolean | DataLoaderOptions) {
    const a = resolveArgs<DataLoaderOptions>('DataLoader.__init__', [...LOADER_ARGS], { batch_size: 1, shuffle: false, num_workers: 0, drop_last: false }, arguments, 1);
    lengthOf('DataLoader', dataset);
    if (a.sampler != null || a.batch_sampler != null) throw new TypeError('DataLoader(): sampler and batch_sampler are not supported (use shuffle)');
    if (a.batch_size !== null && (!Number.isInteger(a.batch_size) || (a.batch_size as number) <= 0)) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${String(a.batch_size)}`);
    }
    if (!Number.isInteger(a.num_workers) || (a.num_workers as number) < 0) {
      throw new RangeError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    }
    if (a.collate_fn != null && typeof a.collate_fn !== 'function') throw new TypeError(`DataLoader(): collate_fn must be a function, not ${typeName(a.collate_fn)}`);
    this.dataset = dataset;
    this.batch_size = a.batch_size ?? null;
    this.shuffle = !!a.shuffle;
    this.drop_last = !!a.drop_last;
    this.collate_fn = (a.collate_fn ?? default_collate) as (batch: T[]) => B;
  }

  __len__(): number {
    const n = lengthOf('DataLoader', this.dataset);
    if (this.batch_size === null) return n;
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
  get length(): number {
    return this.__len__();
  }

  *[Symbol.iterator](): Iterator<B> {
    const n = lengthOf('DataLoader', this.dataset);
    const order = this.shuffle ? permutation(n) : Array.from({ length: n }, (_, i) => i);
    // batch_size null: samples one by one, not collated into batches (PyTorch converts them as they are)
    if (this.batch_size === null) {
      for (const i of order) yield itemOf(this.dataset, i) as unknown as B;
      return;
    }
    for (let start = 0; start < n; start += this.batch_size) {
      const indices = order.slice(start, start + this.batch_size);
      if (this.drop_last && indices.length < this.batch_size) return;
      yield this.collate_fn(indices.map((i) => itemOf(this.dataset, i)));
    }
  }
}
