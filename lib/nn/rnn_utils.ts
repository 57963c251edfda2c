// torch.nn.utils.rnn: pad_sequence, which batches sequences of different lengths (a DataLoader's collate_fn for
// text or time series), composed from pad and stack so gradients reach every sequence.
import { Tensor, checkTensor, typeName } from '../tensor';
import { promoteTypes } from '../dtype';
import { stack } from '../ops/shape';
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
  if (!Array.isArray(sequences)) throw new TypeError(`${op}(): argument 'sequences' must be a list of Tensors, not ${typeName(sequences)}`);
  if (sequences.length === 0) throw new RangeError(`${op}(): received an empty list of sequences`);
  const seqs = sequences.map((s, i) => checkTensor(op, s, `sequences[${i}]`, 1));
  if (seqs.some((s) => s.dim() === 0)) throw new RangeError(`${op}(): each sequence must have at least one dimension (its length)`);
  const dtype = seqs.map((s) => s.dtype).reduce(promoteTypes);
  const longest = Math.max(...seqs.map((s) => s.shape[0]));
  const padded = seqs.map((s) => {
    const trailing = Array<number>(2 * (s.dim() - 1)).fill(0);
    return pad(s.to(dtype), [...trailing, 0, longest - s.shape[0]], 'constant', a.padding_value!);
  });
  return stack(padded, a.batch_first ? 0 : 1);
}
