// F.ctc_loss and nn.CTCLoss: the connectionist temporal classification loss of PyTorch 1.13 (speech and
// handwriting recognition), the negative log likelihood of every alignment of each target to its input. The
// forward (alpha) and backward (beta) recursions run over the target with blanks between its labels, in log space
// and double precision; the gradient is PyTorch's, which treats log_probs as log_softmax's output (as its
// kernel does: exp(lp) - exp(log alpha + log beta + nll - lp), so it is the gradient of the logits before a
// log_softmax, not of log_probs themselves).
import { B } from '../backend';
import { record } from '../autograd';
import { isFloating } from '../dtype';
import { fmtShape } from '../shape';
import { Tensor, checkTensor, typeName } from '../tensor';
import { TORCH_NAME } from '../ops/elementwise';
import { resolveArgs } from '../args';
import { checkReduction, type Reduction } from './reduction';

/** log(e^a + e^b) without overflow; -inf when both are. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** input_lengths / target_lengths: a 1-D integer tensor or a list of ints (an int for an unbatched call). */
function lengthList(op: string, name: string, v: unknown, batched: boolean): number[] {
  const list = v instanceof Tensor ? Array.from(v.contiguous().data as ArrayLike<number>, Number) : typeof v === 'number' ? [v] : v;
  if (!Array.isArray(list) || !list.every((n) => Number.isInteger(n))) throw new TypeError(`${op}(): ${name} must be a tuple of ints or an integer tensor, not ${typeName(v)}`);
  if (v instanceof Tensor && v.dim() > 1) throw new RangeError(`${op}(): ${name} must be 1-D, got ${fmtShape(v.shape)}`);
  if (!batched && list.length !== 1) throw new RangeError(`${op}(): an unbatched input takes one ${name.replace(/s$/, '')}, got ${list.length}`);
  if (list.some((n) => n < 0)) throw new RangeError(`${op}(): ${name} must be non-negative, got [${list.join(', ')}]`);
  return list;
}

export interface CTCOptions {
  blank?: number;
  reduction?: Reduction;
  zero_infinity?: boolean;
}

/**
 * F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank = 0, reduction = 'mean', zero_infinity =
 * false): log_probs [T, N, C] (or unbatched [T, C]), targets [N, S] padded or the N targets concatenated (1-D);
 * 'mean' divides each sample's loss by its target length, then averages over the batch.
 */
export function ctc_loss(
  log_probs: Tensor,
  targets: Tensor,
  input_lengths: Tensor | readonly number[] | number,
  target_lengths: Tensor | readonly number[] | number,
  blank?: number | CTCOptions,
  reduction?: Reduction | CTCOptions,
  zero_infinity?: boolean | CTCOptions,
): Tensor {
  const op = 'ctc_loss';
  const lp0 = checkTensor(op, log_probs, 'log_probs');
  const tg0 = checkTensor(op, targets, 'targets', 2);
  const a = resolveArgs<CTCOptions>(op, ['blank', 'reduction', 'zero_infinity'], { blank: 0, reduction: 'mean', zero_infinity: false }, arguments, 4);
  const mode = checkReduction(op, a.reduction);
  if (!isFloating(lp0.dtype)) throw new TypeError(`${op}(): "ctc_loss_cpu" not implemented for '${TORCH_NAME[lp0.dtype]}'`);
  if (lp0.dim() !== 2 && lp0.dim() !== 3) throw new RangeError(`${op}(): log_probs must be [T, N, C] or unbatched [T, C], got ${fmtShape(lp0.shape)}`);
  const batched = lp0.dim() === 3;
  const lp = batched ? lp0 : lp0.unsqueeze(1);
  const [T, N, C] = lp.shape;
  const blankLabel = a.blank!;
  if (!Number.isInteger(blankLabel) || blankLabel < 0 || blankLabel >= C) throw new RangeError(`${op}(): blank must be in label range`);
  const inLens = lengthList(op, 'input_lengths', input_lengths, batched);
  const tgLens = lengthList(op, 'target_lengths', target_lengths, batched);
  if (inLens.length !== N) throw new RangeError(`${op}(): input_lengths must be of size batch_size`);
  if (tgLens.length !== N) throw new RangeError(`${op}(): target_lengths must be of size batch_size`);
  inLens.forEach((n) => {
    if (n > T) throw new RangeError(`${op}(): Expected input_lengths to have value at most ${T}, but got value ${n} (while checking arguments for ctc_loss_cpu)`);
  });
  // each sample's target labels: a row of a padded [N, S] tensor, or a stretch of the concatenated 1-D one
  const labels = Array.from(tg0.contiguous().data as ArrayLike<number>, Number);
  const concatenated = batched ? tg0.dim() === 1 : false;
  const tg = batched || tg0.dim() !== 1 ? tg0 : tg0.unsqueeze(0);
  const rowLength = concatenated ? 0 : tg.shape[tg.dim() - 1];
  if (!concatenated) {
    if (tg.dim() !== 2 || tg.shape[0] !== N) throw new RangeError(`${op}(): targets must be [batch, S] or 1-D, got ${fmtShape(tg0.shape)}`);
    const longest = Math.max(0, ...tgLens);
    if (rowLength < longest) {
      throw new RangeError(`${op}(): Expected tensor to have size at least ${longest} at dimension 1, but got size ${rowLength} for argument #2 'targets' (while checking arguments for ctc_loss_cpu)`);
    }
  } else if (tgLens.reduce((s, n) => s + n, 0) > labels.length) {
    throw new RangeError(`${op}(): the target_lengths add up to ${tgLens.reduce((s, n) => s + n, 0)}, more than the ${labels.length} concatenated targets`);
  }
  let offset = 0;
  const targetOf = tgLens.map((n, b) => {
    const start = concatenated ? offset : b * rowLength;
    offset += n;
    const t = labels.slice(start, start + n);
    if (t.some((c) => !Number.isInteger(c) || c < 0 || c >= C)) throw new RangeError(`${op}(): target labels must be integers in [0, ${C}), got [${t.join(', ')}]`);
    return t;
  });

  const src = lp.contiguous().data; // [T, N, C]
  const at = (t: number, b: number, c: number) => src[(t * N + b) * C + c];
  const nll = new Float64Array(N);
  const grads: Float64Array[] = []; // per sample, [T, C]: PyTorch's gradient for an incoming gradient of 1
  for (let b = 0; b < N; b++) {
    const [len, target] = [inLens[b], targetOf[b]];
    const L = 2 * target.length + 1; // the target with a blank before, between and after its labels
    const label = (s: number) => (s % 2 === 0 ? blankLabel : target[(s - 1) >> 1]);
    // a label may skip the blank before it unless it repeats the label two steps back
    const canSkip = (s: number) => s >= 2 && label(s) !== blankLabel && label(s) !== label(s - 2);
    const alpha = new Float64Array(len * L).fill(-Infinity);
    const beta = new Float64Array(len * L).fill(-Infinity);
    if (len > 0) {
      alpha[0] = at(0, b, blankLabel);
      if (L > 1) alpha[1] = at(0, b, label(1));
      for (let t = 1; t < len; t++) {
        for (let s = 0; s < L; s++) {
          let sum = alpha[(t - 1) * L + s];
          if (s >= 1) sum = logAddExp(sum, alpha[(t - 1) * L + s - 1]);
          if (canSkip(s)) sum = logAddExp(sum, alpha[(t - 1) * L + s - 2]);
          alpha[t * L + s] = sum === -Infinity ? -Infinity : sum + at(t, b, label(s));
        }
      }
      const last = (len - 1) * L;
      beta[last + L - 1] = at(len - 1, b, blankLabel);
      if (L > 1) beta[last + L - 2] = at(len - 1, b, label(L - 2));
      for (let t = len - 2; t >= 0; t--) {
        for (let s = L - 1; s >= 0; s--) {
          let sum = beta[(t + 1) * L + s];
          if (s + 1 < L) sum = logAddExp(sum, beta[(t + 1) * L + s + 1]);
          if (s + 2 < L && canSkip(s + 2)) sum = logAddExp(sum, beta[(t + 1) * L + s + 2]);
          beta[t * L + s] = sum === -Infinity ? -Infinity : sum + at(t, b, label(s));
        }
      }
      nll[b] = -logAddExp(alpha[last + L - 1], L > 1 ? alpha[last + L - 2] : -Infinity);
    } else {
      nll[b] = target.length === 0 ? 0 : Infinity; // no steps: only the empty target is aligned
    }
    const grad = new Float64Array(T * C);
    if (!(a.zero_infinity && nll[b] === Infinity)) {
      for (let t = 0; t < len; t++) {
        // log of the summed alpha * beta of every position with label c (each includes lp[t, c] twice)
        const lcab = new Float64Array(C).fill(-Infinity);
        for (let s = 0; s < L; s++) lcab[label(s)] = logAddExp(lcab[label(s)], alpha[t * L + s] + beta[t * L + s]);
        for (let c = 0; c < C; c++) {
          const p = at(t, b, c);
          grad[t * C + c] = Math.exp(p) - Math.exp(lcab[c] + nll[b] - p);
        }
      }
    }
    if (a.zero_infinity && nll[b] === Infinity) nll[b] = 0;
    grads.push(grad);
  }
  const losses = record(new Tensor(nll, [N], 'float64').to(lp.dtype), 'CtcLossBackward0', [lp], (g) => {
    const gIn = g.contiguous().data;
    const out = B.alloc(lp.dtype, T * N * C, true);
    for (let b = 0; b < N; b++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) out[(t * N + b) * C + c] = grads[b][t * C + c] * gIn[b];
    return [new Tensor(out, lp.shape, lp.dtype)];
  });
  if (mode === 'none') return batched ? losses : losses.squeeze(0);
  if (mode === 'sum') return losses.sum();
  const perLength = new Tensor(Float64Array.from(tgLens, (n) => Math.max(n, 1)), [N], 'float64').to(lp.dtype);
  return losses.div(perLength).mean();
}
