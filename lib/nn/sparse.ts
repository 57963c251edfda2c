// Embedding: F.embedding and nn.Embedding (a lookup table of rows), with PyTorch's arguments: padding_idx (its
// row gets no gradient), max_norm (looked-up rows renormalized in place), scale_grad_by_freq; and F.embedding_bag /
// nn.EmbeddingBag, the sum, mean or max of bags of rows.
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

export interface EmbeddingBagOptions {
  offsets?: Tensor | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  mode?: 'sum' | 'mean' | 'max';
  sparse?: boolean;
  per_sample_weights?: Tensor | null;
  include_last_offset?: boolean;
  padding_idx?: number | null;
}

const EMBEDDING_BAG_ARGS = ['offsets', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', 'per_sample_weights', 'include_last_offset', 'padding_idx'] as const;
const EMBEDDING_BAG_DEFAULTS: EmbeddingBagOptions = { offsets: null, max_norm: null, norm_type: 2, scale_grad_by_freq: false, mode: 'mean', sparse: false, per_sample_weights: null, include_last_offset: false, padding_idx: null };

/** Where each bag starts and ends in the flat indices: a 2-D input's rows, or a 1-D input cut at offsets. */
function bagBounds(op: string, indices: Tensor, offsets: Tensor | null, includeLast: boolean): { starts: number[]; ends: number[] } {
  const n = indices.numel();
  if (indices.dim() === 2) {
    if (offsets) throw new TypeError(`${op}(): if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type Tensor`);
    const [bags, length] = indices.shape;
    const starts = Array.from({ length: bags }, (_, b) => b * length);
    return { starts, ends: starts.map((s) => s + length) };
  }
  if (indices.dim() !== 1) throw new RangeError(`${op}(): input has to be 1D or 2D Tensor, but got Tensor of dimension ${indices.dim()}`);
  if (!offsets) throw new TypeError(`${op}(): offsets has to be a 1D Tensor but got None`);
  if (offsets.dim() !== 1) throw new RangeError(`${op}(): offsets has to be a 1D Tensor, but got Tensor of dimension ${offsets.dim()}`);
  if (offsets.dtype !== 'int64' && offsets.dtype !== 'int32') {
    throw new TypeError(`${op}(): Expected tensor for argument #2 'offsets' to have one of the following scalar types: Long, Int; but got ${offsets.dtype} instead`);
  }
  const cuts = Array.from(offsets.contiguous().data as ArrayLike<number>, Number);
  if (cuts.length && cuts[0] !== 0) {
    throw new RangeError(`${op}(): offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got ${cuts[0]}`);
  }
  if (cuts.length && cuts[cuts.length - 1] > n) {
    throw new RangeError(`${op}(): offsets[-1] can not be greater than input's length ${n} but got offsets[-1] of ${cuts[cuts.length - 1]}`);
  }
  cuts.forEach((c, i) => {
    if (i > 0 && c < cuts[i - 1]) throw new RangeError(`${op}(): offsets must be non-decreasing, but got offsets[${i}] = ${c} after ${cuts[i - 1]}`);
  });
  const starts = includeLast ? cuts.slice(0, -1) : cuts;
  return { starts, ends: starts.map((s, b) => (b + 1 < cuts.length ? cuts[b + 1] : n)) };
}

/**
 * F.embedding_bag(input, weight, offsets = null, max_norm = null, norm_type = 2, scale_grad_by_freq = false,
 * mode = 'mean', sparse = false, per_sample_weights = null, include_last_offset = false, padding_idx = null): the
 * sum, mean or max of each bag's rows of weight without the [indices, dim] lookup in between, as [bags, dim]. A
 * 2-D input holds one bag per row; a 1-D one is cut into bags at offsets (with include_last_offset, the last
 * offset ends the last bag). Entries equal to padding_idx are left out (of the mean's count too); an empty bag
 * gives zeros. per_sample_weights (mode 'sum') scale each entry's row and get their own gradient.
 * scale_grad_by_freq divides each row's gradient by how often the input looked it up, as documented (PyTorch 1.13's
 * CPU kernel divides by another index's count: pytorch/pytorch#190063).
 */
export function embedding_bag(
  input: Tensor,
  weight: Tensor,
  offsets?: Tensor | null | EmbeddingBagOptions,
  max_norm?: number | null | EmbeddingBagOptions,
  norm_type?: number | EmbeddingBagOptions,
  scale_grad_by_freq?: boolean | EmbeddingBagOptions,
  mode?: 'sum' | 'mean' | 'max' | EmbeddingBagOptions,
  sparse?: boolean | EmbeddingBagOptions,
  per_sample_weights?: Tensor | null | EmbeddingBagOptions,
  include_last_offset?: boolean | EmbeddingBagOptions,
  padding_idx?: number | null | EmbeddingBagOptions,
): Tensor {
  const op = 'embedding_bag';
  const indices = checkTensor(op, input);
  const w = checkTensor(op, weight, 'weight', 2);
  const a = resolveArgs<EmbeddingBagOptions>(op, EMBEDDING_BAG_ARGS, EMBEDDING_BAG_DEFAULTS, arguments, 2);
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') {
    throw new TypeError(`${op}(): Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${indices.dtype} instead`);
  }
  if (w.dim() !== 2) throw new RangeError(`${op}(): 'weight' must be 2-D, but got weight of size ${fmtShape(w.shape)}`);
  const kind = a.mode!; // sum, mean or max
  if (kind !== 'sum' && kind !== 'mean' && kind !== 'max') throw new RangeError(`${op}(): mode has to be one of sum, mean or max`);
  if (kind === 'max' && a.scale_grad_by_freq) throw new RangeError(`${op}(): max mode does not support scaling the gradient by the frequency`);
  if (a.sparse) throw new TypeError(`${op}(): sparse gradients are not supported (torchlet has no sparse tensors); use sparse: false`);
  const psw = a.per_sample_weights === null || a.per_sample_weights === undefined ? null : checkTensor(op, a.per_sample_weights, 'per_sample_weights');
  if (psw && kind !== 'sum') {
    throw new TypeError(`${op}(): per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${kind}'). Please open a feature request on GitHub.`);
  }
  if (psw && fmtShape(psw.shape) !== fmtShape(indices.shape)) {
    throw new RangeError(`${op}(): If per_sample_weights (${fmtShape(psw.shape)}) is not None, then it must have the same shape as the input (${fmtShape(indices.shape)})`);
  }
  if (psw && psw.dtype !== w.dtype) throw new TypeError(`${op}(): expected per_sample_weights to have the weight's dtype ${w.dtype}, but got ${psw.dtype}`);
  const offs = a.offsets === null || a.offsets === undefined ? null : checkTensor(op, a.offsets, 'offsets', 3);
  const { starts, ends } = bagBounds(op, indices, offs, !!a.include_last_offset);
  const [rows, dim] = w.shape;
  const pad = paddingIndex(op, a.padding_idx, rows);
  const picks = indexValues(op, indices, rows, () => 'index out of range in self');
  if (a.max_norm !== null && a.max_norm !== undefined) renorm(w, picks, a.max_norm, a.norm_type!);
  const src = w.contiguous().data;
  const scales = psw ? psw.contiguous().data : null;
  const bags = starts.length;
  const out = B.alloc(w.dtype, bags * dim, true);
  const counts = new Float64Array(bags); // entries other than padding
  const argmax = new Int32Array(kind === 'max' ? bags * dim : 0).fill(-1); // the entry each max came from
  for (let b = 0; b < bags; b++) {
    for (let i = starts[b]; i < ends[b]; i++) {
      const r = picks[i];
      if (r === pad) continue;
      counts[b]++;
      for (let k = 0; k < dim; k++) {
        const v = src[r * dim + k], o = b * dim + k;
        if (kind !== 'max') out[o] += scales ? v * scales[i] : v;
        else if (argmax[o] < 0 || v > out[o] || Number.isNaN(v)) {
          out[o] = v;
          argmax[o] = i;
        }
      }
    }
    if (kind === 'mean' && counts[b] > 0) for (let k = 0; k < dim; k++) out[b * dim + k] /= counts[b];
  }
  const sources = psw ? [w, psw] : [w];
  return record(new Tensor(out, [bags, dim], w.dtype), 'EmbeddingBagBackward0', sources, (g) => {
    const gsrc = g.contiguous().data;
    const gw = B.alloc(g.dtype, rows * dim, true);
    const gpsw = psw ? B.alloc(g.dtype, picks.length, true) : null;
    // scale_grad_by_freq: each row's gradient divided by how often the input looked it up
    const freq = new Map<number, number>();
    if (a.scale_grad_by_freq) for (const r of picks) freq.set(r, (freq.get(r) ?? 0) + 1);
    for (let b = 0; b < bags; b++) {
      if (kind === 'max') {
        for (let k = 0; k < dim; k++) if (argmax[b * dim + k] >= 0) gw[picks[argmax[b * dim + k]] * dim + k] += gsrc[b * dim + k];
        continue;
      }
      for (let i = starts[b]; i < ends[b]; i++) {
        const r = picks[i];
        if (r === pad) continue;
        const scale = (scales ? scales[i] : 1) / (kind === 'mean' ? counts[b] : 1) / (a.scale_grad_by_freq ? freq.get(r)! : 1);
        let dot = 0;
        for (let k = 0; k < dim; k++) {
          gw[r * dim + k] += gsrc[b * dim + k] * scale;
          dot += gsrc[b * dim + k] * src[r * dim + k];
        }
        if (gpsw) gpsw[i] = dot;
      }
    }
    const gradW = new Tensor(gw, w.shape, g.dtype);
    return psw ? [gradW, new Tensor(gpsw!, psw.shape, g.dtype)] : [gradW];
  });
}

/** A lookup table's weight: the given _weight, checked to be [rows, dim], or a new one for reset_parameters to fill. */
function tableWeight(owner: string, given: Tensor | null | undefined, rows: number, dim: number): Parameter {
  if (!given) return new Parameter(empty(rows, dim));
  const w = checkTensor(owner, given, '_weight');
  if (fmtShape(w.shape) !== fmtShape([rows, dim])) throw new RangeError(`${owner}(): Shape of weight does not match num_embeddings and embedding_dim`);
  return new Parameter(w);
}

/** Embedding's and EmbeddingBag's init: N(0, 1), the padding row zero. */
function resetTable(weight: Parameter, padding_idx: number | null): void {
  init.normal_(weight);
  if (padding_idx !== null) no_grad(() => weight.select(0, padding_idx).fill_(0));
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
    this.weight = tableWeight('Embedding', a._weight, this.num_embeddings, this.embedding_dim);
    if (!a._weight) this.reset_parameters();
  }

  reset_parameters(): void {
    resetTable(this.weight, this.padding_idx);
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

export interface EmbeddingBagArgs extends Omit<EmbeddingBagOptions, 'offsets' | 'per_sample_weights'> {
  num_embeddings?: number;
  embedding_dim?: number;
  _weight?: Tensor | null;
}

const EMBEDDING_BAG_MODULE_ARGS = ['num_embeddings', 'embedding_dim', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', '_weight', 'include_last_offset', 'padding_idx'] as const;

/**
 * EmbeddingBag(num_embeddings, embedding_dim, max_norm = null, norm_type = 2, scale_grad_by_freq = false,
 * mode = 'mean', sparse = false, _weight = null, include_last_offset = false, padding_idx = null):
 * forward(input, offsets = null, per_sample_weights = null) is F.embedding_bag with this weight, N(0, 1) initialized
 * (the padding row zero).
 */
export class EmbeddingBag extends Module {
  weight: Parameter;
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly mode: 'sum' | 'mean' | 'max';
  readonly sparse: boolean;
  readonly include_last_offset: boolean;
  readonly padding_idx: number | null;

  constructor(...args: (number | boolean | null | string | Tensor | EmbeddingBagArgs)[]) {
    super();
    const a = kwargs<EmbeddingBagArgs>('EmbeddingBag', EMBEDDING_BAG_MODULE_ARGS, { max_norm: null, norm_type: 2, scale_grad_by_freq: false, mode: 'mean', sparse: false, _weight: null, include_last_offset: false, padding_idx: null }, args);
    requireArgs('EmbeddingBag', a, ['num_embeddings', 'embedding_dim']);
    for (const name of ['num_embeddings', 'embedding_dim'] as const) {
      if (!Number.isInteger(a[name]) || a[name]! < 0) throw new RangeError(`EmbeddingBag(): ${name} must be a non-negative integer, got ${String(a[name])}`);
    }
    this.num_embeddings = a.num_embeddings!;
    this.embedding_dim = a.embedding_dim!;
    this.max_norm = a.max_norm ?? null;
    this.norm_type = a.norm_type!;
    this.scale_grad_by_freq = !!a.scale_grad_by_freq;
    this.mode = a.mode!;
    this.sparse = !!a.sparse;
    this.include_last_offset = !!a.include_last_offset;
    this.padding_idx = paddingIndex('EmbeddingBag', a.padding_idx, this.num_embeddings);
    this.weight = tableWeight('EmbeddingBag', a._weight, this.num_embeddings, this.embedding_dim);
    if (!a._weight) this.reset_parameters();
  }

  reset_parameters(): void {
    resetTable(this.weight, this.padding_idx);
  }

  /** EmbeddingBag.from_pretrained(embeddings, freeze = true, max_norm = null, ..., padding_idx = null). */
  static from_pretrained(embeddings: Tensor, ...args: (boolean | number | null | string | (Omit<EmbeddingBagArgs, 'num_embeddings' | 'embedding_dim' | '_weight'> & { freeze?: boolean }))[]): EmbeddingBag {
    const e = checkTensor('from_pretrained', embeddings, 'embeddings');
    if (e.dim() !== 2) throw new RangeError('from_pretrained(): Embeddings parameter is expected to be 2-dimensional');
    type Options = Omit<EmbeddingBagArgs, 'num_embeddings' | 'embedding_dim' | '_weight'> & { freeze?: boolean };
    const a = resolveArgs<Options>(
      'from_pretrained',
      ['freeze', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', 'include_last_offset', 'padding_idx'],
      { freeze: true, max_norm: null, norm_type: 2, scale_grad_by_freq: false, mode: 'mean', sparse: false, include_last_offset: false, padding_idx: null },
      args,
    );
    const { freeze, ...options } = a;
    const module = new EmbeddingBag(e.shape[0], e.shape[1], { ...options, _weight: e });
    module.weight.requires_grad_(!freeze);
    return module;
  }

  override forward(input: Tensor, offsets?: Tensor | null | { offsets?: Tensor | null; per_sample_weights?: Tensor | null }, per_sample_weights?: Tensor | null): Tensor {
    const a = resolveArgs<{ offsets?: Tensor | null; per_sample_weights?: Tensor | null }>(`${this.constructor.name}.forward`, ['offsets', 'per_sample_weights'], { offsets: null, per_sample_weights: null }, arguments, 1);
    return embedding_bag(input, this.weight, a.offsets, {
      max_norm: this.max_norm,
      norm_type: this.norm_type,
      scale_grad_by_freq: this.scale_grad_by_freq,
      mode: this.mode,
      sparse: this.sparse,
      per_sample_weights: a.per_sample_weights,
      include_last_offset: this.include_last_offset,
      padding_idx: this.padding_idx,
    });
  }

  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${this.norm_type}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    s += `, mode=${this.mode}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }
}
