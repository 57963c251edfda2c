// torch.nn.utils.rnn: pad_sequence, which batches sequences of different lengths (a DataLoader's collate_fn for
// text or time series), and PackedSequence with pack_padded_sequence / pad_packed_sequence / pack_sequence /
// unpack_sequence / unpad_sequence, which the recurrent layers read without computing on the padding. All are
// composed from pad, narrow, cat and index_select, so gradients reach every sequence.
import { Tensor, checkTensor, typeName } from '../tensor';
import { promoteTypes } from '../dtype';
import { cat, stack } from '../ops/shape';
import { index_select } from '../ops/indexing';
import { resolveArgs } from '../args';
import { pad } from './conv_functions';

export interface PadSequenceOptions {
  batch_first?: boolean;
  padding_value?: number;
}

/**
 * pad_sequence(sequences, batch_first = false, padding_value = 0): tensors [L_i, *] padded at the end to the
 * longest L, stacked as [L, B, *] (batch_first: [B, L, *]), in the sequences' promoted dtype.
 */
export function pad_sequence(sequences: readonly Tensor[], batch_first?: boolean | PadSequenceOptions, padding_value?: number | PadSequenceOptions): Tensor {
  const op = 'pad_sequence';
  const a = resolveArgs<PadSequenceOptions>(op, ['batch_first', 'padding_value'], { batch_first: false, padding_value: 0 }, arguments, 1);
  const seqs = tensorList(op, sequences, 'sequences');
  if (seqs.some((s) => s.dim() === 0)) throw new RangeError(`${op}(): each sequence must have at least one dimension (its length)`);
  const dtype = seqs.map((s) => s.dtype).reduce(promoteTypes);
  const longest = Math.max(...seqs.map((s) => s.shape[0]));
  return stack(
    seqs.map((s) => padRows(s.to(dtype), longest, a.padding_value!)),
    a.batch_first ? 0 : 1,
  );
}

/** A non-empty list of tensors, checked. */
function tensorList(op: string, list: unknown, name: string): Tensor[] {
  if (!Array.isArray(list)) throw new TypeError(`${op}(): argument '${name}' must be a list of Tensors, not ${typeName(list)}`);
  if (list.length === 0) throw new RangeError(`${op}(): received an empty list of sequences`);
  return list.map((s, i) => checkTensor(op, s, `${name}[${i}]`, 1));
}

/** t [L, *] padded after its last row to `rows` rows of `value`. */
function padRows(t: Tensor, rows: number, value: number): Tensor {
  return rows === t.shape[0] ? t : pad(t, [...Array<number>(2 * (t.dim() - 1)).fill(0), 0, rows - t.shape[0]], 'constant', value);
}

const int64 = (values: readonly number[]) => new Tensor(Float64Array.from(values), [values.length], 'int64');

/**
 * torch.nn.utils.rnn.PackedSequence: the steps of a batch of sequences sorted by length (longest first), step
 * after step without padding. data [sum of lengths, *]; batch_sizes[t] how many sequences have a step t (int64);
 * sorted_indices the batch order of the sorted sequences and unsorted_indices its inverse (null when the batch
 * was already sorted). Iterating gives the four fields, as PyTorch's tuple unpacks.
 */
export class PackedSequence {
  constructor(
    readonly data: Tensor,
    readonly batch_sizes: Tensor,
    readonly sorted_indices: Tensor | null = null,
    readonly unsorted_indices: Tensor | null = null,
  ) {
    if (this.unsorted_indices === null && this.sorted_indices !== null) this.unsorted_indices = invertPermutation(this.sorted_indices);
  }

  *[Symbol.iterator](): Iterator<Tensor | null> {
    yield this.data;
    yield this.batch_sizes;
    yield this.sorted_indices;
    yield this.unsorted_indices;
  }

  /** How many sequences have a step t, for each t (the batch_sizes as numbers). */
  get stepSizes(): number[] {
    return Array.from(this.batch_sizes.data as ArrayLike<number>, Number);
  }

  /** The same packing with data.to(...) (dtype or device), as PyTorch's: the indices stay as they are. */
  to(...args: Parameters<Tensor['to']>): PackedSequence {
    const data = this.data.to(...args);
    return data === this.data ? this : new PackedSequence(data, this.batch_sizes, this.sorted_indices, this.unsorted_indices);
  }
  float(): PackedSequence {
    return this.to('float32');
  }
  double(): PackedSequence {
    return this.to('float64');
  }
  cpu(): PackedSequence {
    return this;
  }
  get is_cuda(): boolean {
    return false;
  }
  is_pinned(): boolean {
    return false;
  }

  toString(): string {
    const field = (t: Tensor | null) => (t === null ? 'None' : String(t));
    return `PackedSequence(data=${field(this.data)}, batch_sizes=${field(this.batch_sizes)}, sorted_indices=${field(this.sorted_indices)}, unsorted_indices=${field(this.unsorted_indices)})`;
  }
}

/** The permutation q with q[p[i]] = i. */
function invertPermutation(p: Tensor): Tensor {
  const inverse = new Float64Array(p.numel());
  Array.from(p.contiguous().data as ArrayLike<number>, Number).forEach((to, from) => (inverse[to] = from));
  return new Tensor(inverse, [inverse.length], 'int64');
}

export interface PackOptions {
  batch_first?: boolean;
  enforce_sorted?: boolean;
}

/**
 * pack_padded_sequence(input, lengths, batch_first = false, enforce_sorted = true): input [T, B, *] ([B, T, *]
 * with batch_first) whose sequence b has lengths[b] steps, packed. With enforce_sorted, lengths must not increase;
 * otherwise the batch is sorted (longest first, stable) and the order remembered in sorted_indices.
 */
export function pack_padded_sequence(input: Tensor, lengths: Tensor | readonly number[], batch_first?: boolean | PackOptions, enforce_sorted?: boolean | PackOptions): PackedSequence {
  const op = 'pack_padded_sequence';
  const x = checkTensor(op, input);
  const a = resolveArgs<PackOptions>(op, ['batch_first', 'enforce_sorted'], { batch_first: false, enforce_sorted: true }, arguments, 2);
  let lens: number[];
  if (lengths instanceof Tensor) {
    if (lengths.dim() !== 1) throw new RangeError(`${op}(): 'lengths' argument should be a 1D CPU int64 tensor, but got ${lengths.dim()}D tensor`);
    lens = Array.from(lengths.contiguous().data as ArrayLike<number>, Number);
  } else if (Array.isArray(lengths)) {
    lens = [...lengths];
  } else {
    throw new TypeError(`${op}(): argument 'lengths' must be a list of ints or a 1-D tensor, not ${typeName(lengths)}`);
  }
  if (!lens.every((n) => Number.isInteger(n))) throw new TypeError(`${op}(): lengths must be integers, got [${lens.join(', ')}]`);
  if (x.dim() < 2) throw new RangeError(`${op}(): Dimension out of range (expected an input of at least 2 dimensions [T, B, *], but got ${x.dim()})`);
  const steps = x.transpose(0, a.batch_first ? 1 : 0); // as [T, B, *]
  const [T, batch] = steps.shape;
  if (lens.length !== batch) throw new RangeError(`${op}(): Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${batch})`);
  let sorted: Tensor | null = null;
  if (a.enforce_sorted) {
    if (lens.some((n, i) => i > 0 && n > lens[i - 1])) {
      throw new RangeError(
        `${op}(): \`lengths\` array must be sorted in decreasing order when \`enforce_sorted\` is True. You can pass \`enforce_sorted=False\` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.`,
      );
    }
  } else {
    const order = lens.map((_, i) => i).sort((i, j) => lens[j] - lens[i]); // stable: equal lengths keep their order
    sorted = int64(order);
    lens = order.map((i) => lens[i]);
  }
  if (lens.some((n) => n <= 0)) throw new RangeError(`${op}(): Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0`);
  if (lens[0] > T) throw new RangeError(`${op}(): the longest length ${lens[0]} is more than the input's ${T} steps`);
  const ordered = sorted ? index_select(steps, 1, sorted) : steps;
  const batchSizes = Array.from({ length: lens[0] }, (_, t) => lens.filter((n) => n > t).length);
  const data = cat(batchSizes.map((b, t) => ordered.select(0, t).narrow(0, 0, b)), 0);
  return new PackedSequence(data, int64(batchSizes), sorted);
}

export interface PadPackedOptions {
  batch_first?: boolean;
  padding_value?: number;
  total_length?: number | null;
}

/**
 * pad_packed_sequence(sequence, batch_first = false, padding_value = 0, total_length = null): pack_padded_sequence
 * undone, as [padded [T, B, *] ([B, T, *] with batch_first), lengths (int64)] in the batch's original order; T is
 * the longest length, or total_length.
 */
export function pad_packed_sequence(sequence: PackedSequence, batch_first?: boolean | PadPackedOptions, padding_value?: number | PadPackedOptions, total_length?: number | null | PadPackedOptions): [Tensor, Tensor] {
  const op = 'pad_packed_sequence';
  if (!(sequence instanceof PackedSequence)) throw new TypeError(`${op}(): argument 'sequence' must be a PackedSequence, not ${typeName(sequence)}`);
  const a = resolveArgs<PadPackedOptions>(op, ['batch_first', 'padding_value', 'total_length'], { batch_first: false, padding_value: 0, total_length: null }, arguments, 1);
  const sizes = sequence.stepSizes;
  const longest = sizes.length;
  const T = a.total_length ?? longest;
  if (T < longest) {
    throw new RangeError(`${op}(): Expected total_length to be at least the length of the longest sequence in input, but got total_length=${T} and max sequence length being ${longest}`);
  }
  const batch = sizes[0];
  let offset = 0;
  const rows = sizes.map((b) => {
    const step = padRows(sequence.data.narrow(0, offset, b), batch, a.padding_value!);
    offset += b;
    return step;
  });
  const value = a.padding_value!;
  let padded = padRows(stack(rows, 0), T, value); // [T, B, *], sequences in sorted order
  const sortedLengths = Array.from({ length: batch }, (_, i) => sizes.filter((b) => b > i).length);
  let lengths = sortedLengths;
  if (sequence.unsorted_indices) {
    padded = index_select(padded, 1, sequence.unsorted_indices);
    lengths = Array.from(sequence.unsorted_indices.data as ArrayLike<number>, (i) => sortedLengths[Number(i)]);
  }
  return [a.batch_first ? padded.transpose(0, 1) : padded, int64(lengths)];
}

/** pack_sequence(sequences, enforce_sorted = true): tensors [L_i, *] packed (pad_sequence, then pack_padded_sequence). */
export function pack_sequence(sequences: readonly Tensor[], enforce_sorted?: boolean | { enforce_sorted?: boolean }): PackedSequence {
  const op = 'pack_sequence';
  const a = resolveArgs<{ enforce_sorted?: boolean }>(op, ['enforce_sorted'], { enforce_sorted: true }, arguments, 1);
  const seqs = tensorList(op, sequences, 'sequences');
  return pack_padded_sequence(pad_sequence(seqs), seqs.map((s) => s.shape[0]), false, a.enforce_sorted);
}

/** unpad_sequence(padded_sequences, lengths, batch_first = false): pad_sequence undone, as a list of [L_i, *]. */
export function unpad_sequence(padded_sequences: Tensor, lengths: Tensor | readonly number[], batch_first?: boolean | { batch_first?: boolean }): Tensor[] {
  const op = 'unpad_sequence';
  const padded = checkTensor(op, padded_sequences, 'padded_sequences');
  const a = resolveArgs<{ batch_first?: boolean }>(op, ['batch_first'], { batch_first: false }, arguments, 2);
  const lens = lengths instanceof Tensor ? Array.from(lengths.contiguous().data as ArrayLike<number>, Number) : [...lengths];
  const batchMajor = a.batch_first ? padded : padded.transpose(0, 1);
  if (lens.length !== batchMajor.shape[0]) throw new RangeError(`${op}(): Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${batchMajor.shape[0]})`);
  return lens.map((n, i) => batchMajor.select(0, i).narrow(0, 0, n));
}

/** unpack_sequence(packed_sequences): the packed sequences as a list of [L_i, *] in the batch's original order. */
export function unpack_sequence(packed_sequences: PackedSequence): Tensor[] {
  const [padded, lengths] = pad_packed_sequence(packed_sequences, true);
  return unpad_sequence(padded, lengths, true);
}
