// Embedding: F.embedding and nn.Embedding (a lookup table of rows), with PyTorch's arguments: padding_idx (its
// row gets no gradient), max_norm (looked-up rows renormalized in place), scale_grad_by_freq.
import { B } from '../backend';
import { fmtShape } from '../shape';
import { no_grad, record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { empty } from '../ops/creation';
import { indexValues } from '../ops/indexing';
import { checkArgs, resolveArgs } from '../args';
import { Module, Parameter } from './module';
import * as init from './init';
import { kwargs, requireArgs } from './kwargs';
import { pyFloat } from './activation';

export interface EmbeddingOptions {
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}

/** padding_idx as PyTorch normalizes it: negative counts from the end; null for none. */
function paddingIndex(op: string, padding_idx: unknown, rows: number): number | null {
  if (padding_idx === null || padding_idx === undefined) return null;
  if (!Number.isInteger(padding_idx)) throw new TypeError(`${op}(): padding_idx must be an int or null, not ${typeName(padding_idx)}`);
  const p = padding_idx as number;
  if (p >= rows || p < -rows) throw new RangeError(`${op}(): Padding_idx must be within num_embeddings`);
  return p < 0 ? p + rows : p;
}

/**
 * F.embedding(input, weight, padding_idx = null, max_norm = null, norm_type = 2, scale_grad_by_freq = false,
 * sparse = false): the rows of weight [num_embeddings, embedding_dim] at the int64/int32 indices of input, as
 * [...input.shape, embedding_dim]. With max_norm, the rows looked up whose norm exceeds it are scaled down in
 * weight itself (as PyTorch does, without gradient).
 */
export function embedding(
  input: Tensor,
  weight: Tensor,
  padding_idx?: number | null | EmbeddingOptions,
  max_norm?: number | null | EmbeddingOptions,
  norm_type?: number | EmbeddingOptions,
  scale_grad_by_freq?: boolean | EmbeddingOptions,
  sparse?: boolean | EmbeddingOptions,
): Tensor {
  const op = 'embedding';
  const indices = checkTensor(op, input);
  const w = checkTensor(op, weight, 'weight', 2);
  const a = resolveArgs<EmbeddingOptions>(op, ['padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse'], { padding_idx: null, max_norm: null, norm_type: 2, scale_grad_by_freq: false, sparse: false }, arguments, 2);
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') {
    throw new TypeError(`${op}(): Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${indices.dtype} instead`);
  }
  if (w.dim() !== 2) throw new RangeError(`${op}(): 'weight' must be 2-D, but got weight of size ${fmtShape(w.shape)}`);
  if (a.sparse) throw new TypeError(`${op}(): sparse gradients are not supported (torchlet has no sparse tensors); use sparse: false`);
  const [rows, dim] = w.shape;
  const pad = paddingIndex(op, a.padding_idx, rows);
  const picks = indexValues(op, indices, rows, () => 'index out of range in self');
  if (a.max_norm !== null && a.max_norm !== undefined) renorm(w, picks, a.max_norm, a.norm_type!);
  const src = w.contiguous().data;
  const out = B.alloc(w.dtype, picks.length * dim, false);
  for (let i = 0; i < picks.length; i++) for (let k = 0; k < dim; k++) out[i * dim + k] = src[picks[i] * dim + k];
  return record(new Tensor(out, [...indices.shape, dim], w.dtype), 'EmbeddingBackward0', [w], (g) => {
    const gsrc = g.contiguous().data;
    const gw = B.alloc(g.dtype, rows * dim, true);
    // scale_grad_by_freq: each row's gradient divided by how often the batch looked it up
    const counts = new Map<number, number>();
    if (a.scale_grad_by_freq) for (const r of picks) counts.set(r, (counts.get(r) ?? 0) + 1);
    for (let i = 0; i < picks.length; i++) {
      const r = picks[i];
      if (r === pad) continue;
      const scale = a.scale_grad_by_freq ? 1 / counts.get(r)! : 1;
      for (let k = 0; k < dim; k++) gw[r * dim + k] += gsrc[i * dim + k] * scale;
    }
    return [new Tensor(gw, w.shape, g.dtype)];
  });
}

/** Scales the given rows of weight whose norm_type-norm exceeds max_norm to max_norm / (norm + 1e-7) of themselves. */
function renorm(weight: Tensor, picks: ArrayLike<number>, max_norm: number, norm_type: number): void {
  no_grad(() => {
    for (const r of new Set(Array.from(picks))) {
      const row = weight.select(0, r);
      const norm = row.norm(norm_type).item() as number;
      if (norm > max_norm) row.mul_(max_norm / (norm + 1e-7));
    }
  });
}

export interface EmbeddingArgs extends EmbeddingOptions {
  num_embeddings?: number;
  embedding_dim?: number;
  _weight?: Tensor | null;
}

/** Embedding(num_embeddings, embedding_dim, padding_idx = null, max_norm = null, ...): weight ~ N(0, 1), padding row 0. */
export class Embedding extends Module {
  weight: Parameter;
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly sparse: boolean;

  constructor(...args: (number | boolean | null | Tensor | EmbeddingArgs)[]) {
    super();
    const a = kwargs<EmbeddingArgs>(
      'Embedding',
      ['num_embeddings', 'embedding_dim', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse', '_weight'],
      { padding_idx: null, max_norm: null, norm_type: 2, scale_grad_by_freq: false, sparse: false, _weight: null },
      args,
    );
    requireArgs('Embedding', a, ['num_embeddings', 'embedding_dim']);
    for (const name of ['num_embeddings', 'embedding_dim'] as const) {
      if (!Number.isInteger(a[name]) || a[name]! < 0) throw new RangeError(`Embedding(): ${name} must be a non-negative integer, got ${String(a[name])}`);
    }
    this.num_embeddings = a.num_embeddings!;
    this.embedding_dim = a.embedding_dim!;
    this.padding_idx = paddingIndex('Embedding', a.padding_idx, this.num_embeddings);
    this.max_norm = a.max_norm ?? null;
    this.norm_type = a.norm_type!;
    this.scale_grad_by_freq = !!a.scale_grad_by_freq;
    this.sparse = !!a.sparse;
    if (a._weight) {
      const w = checkTensor('Embedding', a._weight, '_weight');
      if (fmtShape(w.shape) !== fmtShape([this.num_embeddings, this.embedding_dim])) throw new RangeError('Embedding(): Shape of weight does not match num_embeddings and embedding_dim');
      this.weight = new Parameter(w);
    } else {
      this.weight = new Parameter(empty(this.num_embeddings, this.embedding_dim));
      this.reset_parameters();
    }
  }

  reset_parameters(): void {
    init.normal_(this.weight);
    if (this.padding_idx !== null) no_grad(() => this.weight.select(0, this.padding_idx!).fill_(0));
  }

  /** Embedding.from_pretrained(embeddings, freeze = true, padding_idx = null, ...): an Embedding whose weight is `embeddings`. */
  static from_pretrained(embeddings: Tensor, ...args: (boolean | number | null | (EmbeddingOptions & { freeze?: boolean }))[]): Embedding {
    const e = checkTensor('from_pretrained', embeddings, 'embeddings');
    if (e.dim() !== 2) throw new RangeError('from_pretrained(): Embeddings parameter is expected to be 2-dimensional');
    const a = resolveArgs<EmbeddingOptions & { freeze?: boolean }>(
      'from_pretrained',
      ['freeze', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse'],
      { freeze: true, padding_idx: null, max_norm: null, norm_type: 2, scale_grad_by_freq: false, sparse: false },
      args,
    );
    const { freeze, ...options } = a;
    const module = new Embedding(e.shape[0], e.shape[1], { ...options, _weight: e });
    module.weight.requires_grad_(!freeze);
    return module;
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.sparse);
  }

  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}
