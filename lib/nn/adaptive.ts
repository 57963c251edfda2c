// nn.AdaptiveLogSoftmaxWithLoss (Grave et al., "Efficient softmax approximation for GPUs"), as PyTorch 1.13's:
// the frequent classes (below cutoffs[0]) and one entry per rarer cluster share a head softmax; each cluster has its
// own smaller projection and softmax. Composed from Linear, log_softmax, gather, index_select and cat, so autograd
// gives every gradient.
import { Tensor, checkTensor, typeName } from '../tensor';
import { zeros } from '../ops/creation';
import { cat } from '../ops/shape';
import { index_select } from '../ops/indexing';
import { checkArgs } from '../args';
import { fmtShape } from '../shape';
import { Module } from './module';
import { Linear, ModuleList, Sequential } from './layers';
import { kwargs, requireArgs } from './kwargs';

/** forward's result (PyTorch's _ASMoutput named tuple): each target's log-probability and their mean negative. */
export interface ASMOutput extends Iterable<Tensor> {
  output: Tensor;
  loss: Tensor;
}

export interface AdaptiveLogSoftmaxArgs {
  in_features?: number;
  n_classes?: number;
  cutoffs?: readonly number[];
  div_value?: number;
  head_bias?: boolean;
}

/**
 * AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value = 4, head_bias = false): forward(input,
 * target) gives { output, loss } (also destructurable as [output, loss]); log_prob(input) every class's
 * log-probability, predict(input) the most likely class.
 */
export class AdaptiveLogSoftmaxWithLoss extends Module {
  readonly in_features: number;
  readonly n_classes: number;
  /** The cutoffs given, then n_classes. */
  readonly cutoffs: number[];
  readonly div_value: number;
  readonly head_bias: boolean;
  readonly shortlist_size: number;
  readonly n_clusters: number;
  readonly head_size: number;
  head: Linear;
  tail: ModuleList;

  constructor(...args: (number | boolean | readonly number[] | AdaptiveLogSoftmaxArgs)[]) {
    super();
    const op = 'AdaptiveLogSoftmaxWithLoss';
    const a = kwargs<AdaptiveLogSoftmaxArgs>(op, ['in_features', 'n_classes', 'cutoffs', 'div_value', 'head_bias'], { div_value: 4, head_bias: false }, args);
    requireArgs(op, a, ['in_features', 'n_classes', 'cutoffs']);
    const cutoffs = a.cutoffs!;
    const n = a.n_classes!;
    const valid =
      Array.isArray(cutoffs) &&
      cutoffs.every((c, i) => Number.isInteger(c) && c > 0 && c <= n - 1 && (i === 0 || c > cutoffs[i - 1]));
    if (!valid) {
      throw new RangeError(`${op}(): cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1`);
    }
    this.in_features = a.in_features!;
    this.n_classes = n;
    this.cutoffs = [...cutoffs, n];
    this.div_value = a.div_value!;
    this.head_bias = !!a.head_bias;
    this.shortlist_size = this.cutoffs[0];
    this.n_clusters = this.cutoffs.length - 1;
    this.head_size = this.shortlist_size + this.n_clusters;
    this.head = new Linear(this.in_features, this.head_size, { bias: this.head_bias });
    this.tail = new ModuleList(
      Array.from({ length: this.n_clusters }, (_, i) => {
        const hidden = Math.floor(this.in_features / this.div_value ** (i + 1));
        const size = this.cutoffs[i + 1] - this.cutoffs[i];
        return new Sequential(new Linear(this.in_features, hidden, { bias: false }), new Linear(hidden, size, { bias: false }));
      }),
    );
  }

  reset_parameters(): void {
    this.head.reset_parameters();
    for (const cluster of this.tail) for (const layer of cluster.children()) (layer as Linear).reset_parameters();
  }

  private cluster(i: number): Sequential {
    return this.tail.at(i) as Sequential;
  }

  override forward(input: Tensor, target: Tensor): ASMOutput {
    const op = 'AdaptiveLogSoftmaxWithLoss';
    checkArgs(`${op}.forward`, arguments, 2);
    const x0 = checkTensor(op, input, 'input');
    const t0 = checkTensor(op, target, 'target', 2);
    // PyTorch's checks, in its order
    if (t0.dim() === 1) {
      if (x0.shape[0] !== t0.shape[0]) throw new RangeError(`${op}(): Input and target should have the same size in the batch dimension.`);
      if (x0.dim() !== 2) throw new RangeError(`${op}(): 1D target tensor expects 2D input tensors, but found inputs with size ${fmtShape(x0.shape)}`);
    } else if (t0.dim() === 0) {
      if (x0.dim() !== 1) throw new RangeError(`${op}(): 0D target tensor expects 1D input tensors, but found inputs with size ${fmtShape(x0.shape)}`);
    } else {
      throw new RangeError(`${op}(): 0D or 1D target tensor expected, multi-target not supported`);
    }
    const batched = x0.dim() === 2;
    if (t0.dtype !== 'int64') throw new TypeError(`${op}(): expected target of dtype int64, got ${t0.dtype}`);
    const x = batched ? x0 : x0.unsqueeze(0);
    const targets = Array.from(t0.contiguous().data as ArrayLike<number>, Number);
    const N = targets.length;
    if (targets.some((c) => !(c >= 0 && c < this.n_classes))) {
      throw new RangeError(
        `${op}(): Target values should be in [0, ${this.n_classes - 1}], but values in range [${Math.min(...targets)}, ${Math.max(...targets)}] were found. `,
      );
    }
    // each row's head entry (its class, or its cluster's), and the rows of each cluster
    const clusterOf = (c: number) => this.cutoffs.findIndex((cut) => c < cut); // 0: shortlist
    const headIndex = targets.map((c) => (clusterOf(c) === 0 ? c : this.shortlist_size + clusterOf(c) - 1));
    const int64 = (v: number[]) => new Tensor(Float64Array.from(v), [v.length], 'int64');
    const headLogprob = this.head(x).log_softmax(1) as Tensor;
    let output = headLogprob.gather(1, int64(headIndex).unsqueeze(1)).squeeze(1);
    // the clusters' log-probabilities of their rows' classes, placed back in row order (shortlist rows add 0)
    const shortlist = targets.flatMap((c, row) => (clusterOf(c) === 0 ? [row] : []));
    const parts: Tensor[] = [zeros(shortlist.length, { dtype: x.dtype })];
    const order = [...shortlist];
    for (let i = 1; i <= this.n_clusters; i++) {
      const rows = targets.flatMap((c, row) => (clusterOf(c) === i ? [row] : []));
      if (rows.length === 0) continue;
      const logprob = (this.cluster(i - 1)(index_select(x, 0, int64(rows))) as Tensor).log_softmax(1);
      parts.push(logprob.gather(1, int64(rows.map((row) => targets[row] - this.cutoffs[i - 1])).unsqueeze(1)).squeeze(1));
      order.push(...rows);
    }
    const inverse = new Array<number>(N);
    order.forEach((row, k) => (inverse[row] = k));
    output = output.add(index_select(cat(parts, 0), 0, int64(inverse)));
    const loss = output.neg().mean();
    const result = batched ? output : output.squeeze(0);
    return { output: result, loss, *[Symbol.iterator]() { yield result; yield loss; } };
  }

  /** Every class's log-probability: [N, n_classes] (or [n_classes] for an unbatched input). */
  log_prob(input: Tensor): Tensor {
    const x0 = checkTensor('log_prob', input);
    if (x0.dim() !== 1 && x0.dim() !== 2) throw new RangeError(`log_prob(): expected a 1-D or 2-D input, got ${fmtShape(x0.shape)}`);
    const x = x0.dim() === 2 ? x0 : x0.unsqueeze(0);
    const head = this.head(x).log_softmax(1) as Tensor;
    const parts = [head.narrow(1, 0, this.shortlist_size)];
    for (let i = 0; i < this.n_clusters; i++) {
      const cluster = (this.cluster(i)(x) as Tensor).log_softmax(1);
      parts.push(cluster.add(head.narrow(1, this.shortlist_size + i, 1)));
    }
    const out = cat(parts, 1);
    return x0.dim() === 2 ? out : out.squeeze(0);
  }

  /** The most likely class of each row (log_prob's argmax). */
  predict(input: Tensor): Tensor {
    if (!(input instanceof Tensor)) throw new TypeError(`predict(): argument 'input' (position 1) must be Tensor, not ${typeName(input)}`);
    return this.log_prob(input).argmax(input.dim() === 2 ? 1 : 0);
  }
}
