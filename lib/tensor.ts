// The Tensor: a typed-array storage plus shape, strides and offset (so views share storage), a dtype, and
// autograd state. Math lives in lib/ops/*; the methods here are PyTorch's method forms of those functions.
import { canCast, castValue, isFloating, isReduced, itemSize, parseDType, type DType, type Storage } from './dtype';
import { contiguousStrides, numelOf, normalizeDim, fmtShape } from './shape';
import { B } from './backend';
import { GradFn, runBackward } from './autograd';
import { formatTensor } from './format';
import * as ew from './ops/elementwise';
import * as red from './ops/reduce';
import * as sh from './ops/shape';
import * as la from './ops/linalg';
import * as lx from './ops/linalg_extra';
import * as ld from './ops/linalg_decomp';
import * as llu from './ops/linalg_lu';
import * as ix from './ops/indexing';
import * as sc from './ops/scatter';
import * as so from './ops/sorting';
import * as st from './ops/stats';
import * as mt from './ops/math';
import * as ar from './ops/arrange';
import * as sp from './ops/special';
import * as sx from './ops/shape_extra';
import * as rx from './ops/random_extra';
import type { Generator } from './random';
import * as mx from './ops/math_extra';
import * as tx from './ops/tensor_extra';
import * as sd from './ops/strided';
import type { TensorOptions } from './ops/creation';
import { Device, checkArgs, checkDevice, isDevice, isOptions, resolveArgs } from './args';
import { addHook, type RemovableHandle } from './utils/hooks';

/** Tensor.to's keyword arguments. */
export interface ToOptions {
  dtype?: DType | string;
  device?: string | Device;
  copy?: boolean;
  non_blocking?: boolean;
}

type Scalar = number | boolean;
type TensorLike = Tensor | Scalar;
type Dims = number | readonly number[];
/** A linalg function's parameters after its input (the method forms pass `this` as the input). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LinalgTail<F> = F extends (x: Tensor, ...rest: infer R) => any ? R : never;
/** A backward hook (register_hook): sees the gradient, may return a replacement. */
export type TensorHook = (grad: Tensor) => Tensor | void;

/** x.add_(...) and the like: the result written into x, refused where PyTorch cannot cast it (float into an integer tensor). */
function writeResult<T extends Tensor>(name: string, x: T, result: Tensor): T {
  if (!canCast(result.dtype, x.dtype)) throw ew.castError(name, result.dtype, x.dtype);
  return sh.copy_(x, result, name);
}

// The contiguous strides of the last shape seen: an op's output usually shares its input's frozen shape, so
// consecutive ops on one shape share one frozen strides array instead of building and freezing one each.
let lastShape: readonly number[] = [];
let lastStrides: readonly number[] = Object.freeze([]);
function stridesOf(shape: readonly number[]): readonly number[] {
  if (shape !== lastShape) {
    lastStrides = Object.freeze(contiguousStrides(shape));
    lastShape = shape;
  }
  return lastStrides;
}

export class Tensor {
  /** @internal */ _storage: Storage;
  /** @internal */ _strides: readonly number[];
  /** @internal */ _offset: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Gradient accumulated by backward() (leaves, and non-leaves after retain_grad()). */
  grad: Tensor | null = null;
  #requiresGrad = false;
  #gradFn: GradFn | null = null;
  /** @internal */ _retainsGrad = false;
  /** @internal Hooks from register_hook, in registration order; null until the first. */
  _backward_hooks: Map<number, TensorHook> | null = null;
  /** @internal retain_grad() came before the first register_hook: PyTorch 1.13 then stores .grad before the hooks run. */
  _retainsFirst = false;

  /** @internal Use torch.tensor / torch.zeros / ... to create tensors. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, strides?: readonly number[], offset = 0) {
    this._storage = storage;
    // frozen arrays are shared as they are (an op's output reuses its input's shape: no copy per op)
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.dtype = dtype;
    this._strides = !strides ? stridesOf(this.shape) : Object.isFrozen(strides) ? strides : Object.freeze([...strides]);
    this._offset = offset;
    // a new float16/bfloat16 tensor's values were computed in float32: rounded here, once (views only re-round
    // values already rounded)
    if (isReduced(dtype) && !strides) B.roundReduced(storage, dtype);
  }

  /**
   * @internal PyTorch's `param.data = other`: this tensor takes other's storage, dtype and layout (same shape),
   * keeping its identity (what holds it: a module, an optimizer) and its autograd flags.
   */
  _setData(other: Tensor): void {
    if (fmtShape(other.shape) !== fmtShape(this.shape)) throw new RangeError(`_setData(): shape ${fmtShape(other.shape)} differs from ${fmtShape(this.shape)}`);
    this._storage = other._storage;
    (this as { dtype: DType }).dtype = other.dtype;
    this._strides = other._strides;
    this._offset = other._offset;
  }

  // ---- autograd state ----
  get requires_grad(): boolean {
    return this.#requiresGrad;
  }
  set requires_grad(value: boolean) {
    this.requires_grad_(value);
  }
  get grad_fn(): GradFn | null {
    return this.#gradFn;
  }
  get is_leaf(): boolean {
    return this.#gradFn === null;
  }
  /** @internal */ _setGradFn(fn: GradFn): void {
    this.#gradFn = fn;
    this.#requiresGrad = true;
  }

  requires_grad_(requires_grad = true): this {
    if (!this.is_leaf) {
      throw new Error(
        'you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph ' +
          'that doesn\'t require differentiation use var_no_grad = var.detach().',
      );
    }
    if (requires_grad && !isFloating(this.dtype)) {
      throw new TypeError(`only Tensors of floating point dtype can require gradients (got ${this.dtype})`);
    }
    this.#requiresGrad = requires_grad;
    return this;
  }

  retain_grad(): void {
    if (arguments.length) checkArgs('retain_grad', arguments, 0);
    if (!this.#requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.is_leaf || this._retainsGrad) return;
    this._retainsGrad = true;
    this._retainsFirst = this._backward_hooks === null;
  }

  get retains_grad(): boolean {
    return this._retainsGrad;
  }

  /**
   * Calls hook(grad) whenever backward computes this tensor's gradient; a Tensor it returns replaces the gradient
   * (for a leaf, before it is accumulated into .grad). Hooks run in registration order under no_grad.
   */
  register_hook(hook: TensorHook): RemovableHandle {
    checkArgs('register_hook', arguments, 1);
    if (typeof hook !== 'function') throw new TypeError(`register_hook(): argument 'hook' must be a function, not ${typeName(hook)}`);
    if (!this.#requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    this._backward_hooks ??= new Map();
    return addHook(this._backward_hooks, hook);
  }

  /**
   * @internal This tensor's gradient after its hooks, storing .grad too if retain_grad() was called (in
   * torch.autograd.grad as well, as PyTorch 1.13 does). PyTorch 1.13 keeps all Python hooks in one pre-hook and
   * retain_grad in another, run in the order they were first added.
   */
  _hookedGrad(grad: Tensor): Tensor {
    if (this._retainsGrad && this._retainsFirst) this._retain(grad);
    if (this._backward_hooks) {
      for (const hook of [...this._backward_hooks.values()]) grad = checkHookResult(hook, grad, hook(grad));
    }
    if (this._retainsGrad && !this._retainsFirst) this._retain(grad);
    return grad;
  }

  /** @internal Accumulates a retained non-leaf's gradient into .grad (a copy: a later hook may change grad in place). */
  _retain(grad: Tensor): void {
    this.grad = this.grad ? this.grad.add(grad) : grad._ownedCopy();
  }

  /** Computes gradients of this tensor w.r.t. graph leaves; `gradient` is required unless this is a scalar. */
  backward(gradient?: Tensor): void {
    if (!this.#requiresGrad) {
      throw new Error('element 0 of tensors does not require grad and does not have a grad_fn');
    }
    if (gradient === undefined) {
      if (this.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      gradient = sh.onesLike(this);
    } else if (!(gradient instanceof Tensor)) {
      throw new TypeError(`backward(): gradient must be a Tensor, not ${typeName(gradient)}`);
    } else if (gradient.shape.join() !== this.shape.join()) {
      throw new RangeError(
        `backward(): Mismatch in shape: grad_output[0] has a shape of ${fmtShape(gradient.shape)} and output[0] has a shape of ${fmtShape(this.shape)}.`,
      );
    }
    checkReadable('backward', gradient, 'gradient');
    runBackward([[this, gradient.detach()]]);
  }

  /** A tensor sharing this one's data, cut off from the graph. */
  detach(): Tensor {
    if (arguments.length) checkArgs('detach', arguments, 0);
    return new Tensor(this._storage, this.shape, this.dtype, this._strides, this._offset);
  }

  detach_(): this {
    if (arguments.length) checkArgs('detach_', arguments, 0);
    this.#gradFn = null;
    this.#requiresGrad = false;
    return this;
  }

  // ---- size and layout ----
  size(): readonly number[];
  size(dim: number | sh.DimOptions): number;
  size(dim?: number | sh.DimOptions): number | readonly number[] {
    if (arguments.length) ({ dim } = resolveArgs<sh.DimOptions>('size', ['dim'], {}, arguments));
    return dim === undefined ? this.shape : this.shape[normalizeDim('size', dim, this.shape.length)];
  }
  stride(): readonly number[];
  stride(dim: number | sh.DimOptions): number;
  stride(dim?: number | sh.DimOptions): number | readonly number[] {
    if (arguments.length) ({ dim } = resolveArgs<sh.DimOptions>('stride', ['dim'], {}, arguments));
    return dim === undefined ? this._strides : this._strides[normalizeDim('stride', dim, this.shape.length)];
  }
  dim(): number {
    if (arguments.length) checkArgs('dim', arguments, 0);
    return this.shape.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  numel(): number {
    if (arguments.length) checkArgs('numel', arguments, 0);
    return numelOf(this.shape);
  }
  nelement(): number {
    if (arguments.length) checkArgs('nelement', arguments, 0);
    return this.numel();
  }
  element_size(): number {
    if (arguments.length) checkArgs('element_size', arguments, 0);
    return itemSize(this.dtype);
  }
  storage_offset(): number {
    if (arguments.length) checkArgs('storage_offset', arguments, 0);
    return this._offset;
  }
  is_contiguous(): boolean {
    if (arguments.length) checkArgs('is_contiguous', arguments, 0);
    let expected = 1;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      if (this.shape[d] !== 1 && this._strides[d] !== expected) return false;
      expected *= this.shape[d];
    }
    return true;
  }
  is_floating_point(): boolean {
    if (arguments.length) checkArgs('is_floating_point', arguments, 0);
    return isFloating(this.dtype);
  }
  ndimension(): number {
    if (arguments.length) checkArgs('ndimension', arguments, 0);
    return this.shape.length;
  }
  is_same_size(other: Tensor): boolean {
    return tx.is_same_size(this, ...(arguments as unknown as [Tensor]));
  }
  /** Every dtype but bool and uint8 is signed. */
  is_signed(): boolean {
    if (arguments.length) checkArgs('is_signed', arguments, 0);
    return this.dtype !== 'bool' && this.dtype !== 'uint8';
  }
  /** False: torchlet has no complex dtypes. */
  is_complex(): boolean {
    if (arguments.length) checkArgs('is_complex', arguments, 0);
    return false;
  }
  /** The truth of a one-element tensor (PyTorch's bool(t)); an error for any other number of elements. */
  is_nonzero(): boolean {
    if (arguments.length) checkArgs('is_nonzero', arguments, 0);
    return tx.is_nonzero(this);
  }
  /** False: torchlet's inference_mode turns recording off but makes no separate inference tensors. */
  is_inference(): boolean {
    if (arguments.length) checkArgs('is_inference', arguments, 0);
    return false;
  }
  /** torch.device('cpu'): torchlet computes on the CPU only. */
  get device(): Device {
    return new Device('cpu');
  }
  get is_cpu(): boolean {
    return true;
  }
  get is_cuda(): boolean {
    return false;
  }

  // ---- the new_* factories: shape and options as torch.zeros & co., the dtype defaulting to this one's ----
  new_zeros(...size: (number | readonly number[] | TensorOptions)[]): Tensor {
    return tx.new_zeros(this, size);
  }
  new_ones(...size: (number | readonly number[] | TensorOptions)[]): Tensor {
    return tx.new_ones(this, size);
  }
  /** Like torch.empty, the contents are unspecified (torchlet's are zeros). */
  new_empty(...size: (number | readonly number[] | TensorOptions)[]): Tensor {
    return tx.new_empty(this, size);
  }
  new_full(size: readonly number[], fill_value: number | boolean, options?: TensorOptions): Tensor {
    return tx.new_full(this, ...(arguments as unknown as [readonly number[], number]));
  }
  /** torch.tensor(data) in this dtype unless options.dtype says otherwise (a copy, even of a Tensor). */
  new_tensor(data: Parameters<typeof tx.new_tensor>[1], options?: TensorOptions): Tensor {
    return tx.new_tensor(this, ...(arguments as unknown as [Parameters<typeof tx.new_tensor>[1]]));
  }
  /** This tensor in other's dtype (itself when they match). */
  type_as(other: Tensor): Tensor {
    return tx.type_as(this, ...(arguments as unknown as [Tensor]));
  }

  /** @internal The elements in row-major order: the storage itself when possible, otherwise a copy. */
  _contiguousData(): Storage {
    const n = this.numel();
    if (this.is_contiguous()) {
      return this._offset === 0 && this._storage.length === n ? this._storage : this._storage.subarray(this._offset, this._offset + n);
    }
    const out = B.alloc(this.dtype, n, false);
    B.copyStrided(this._storage, out, this.shape, this._strides, this._offset);
    return out;
  }

  /** @internal Gives this tensor fresh contiguous storage of `shape` (PyTorch resizing an `out=` tensor). */
  _resize(shape: readonly number[]): void {
    this._storage = B.alloc(this.dtype, numelOf(shape), true);
    (this as { shape: readonly number[] }).shape = Object.freeze([...shape]);
    this._strides = Object.freeze(contiguousStrides(shape));
    this._offset = 0;
  }

  /** @internal The elements in row-major order in storage of their own (a copy even when contiguous). */
  _ownedData(): Storage {
    if (!this.is_contiguous()) return this._contiguousData();
    // through the backend's allocator: TypedArray.slice would take fresh, page-faulting memory for a large copy
    const copy = B.alloc(this.dtype, this.numel(), false);
    copy.set(this._contiguousData() as never);
    return copy;
  }

  /** @internal A contiguous tensor with its own storage (for .grad). */
  _ownedCopy(): Tensor {
    return new Tensor(this._ownedData(), this.shape, this.dtype);
  }

  /** The elements as a typed array in row-major order (a live view when contiguous, else a copy). int64 reads as float64. */
  get data(): Storage {
    checkReadable('data', this, 'the tensor');
    return this._contiguousData();
  }

  item(): number | boolean {
    if (arguments.length) checkArgs('item', arguments, 0);
    checkReadable('item', this, 'the tensor');
    if (this.numel() !== 1) {
      throw new RangeError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    }
    const v = this._storage[this._offset];
    return this.dtype === 'bool' ? v !== 0 : v;
  }

  /** Nested arrays of numbers (booleans for bool tensors); a 0-d tensor gives a number. */
  tolist(): unknown {
    if (arguments.length) checkArgs('tolist', arguments, 0);
    checkReadable('tolist', this, 'the tensor');
    const data = this._contiguousData();
    const asValue = this.dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
    const build = (d: number, start: number): unknown => {
      if (d === this.shape.length) return asValue(data[start]);
      const step = numelOf(this.shape.slice(d + 1));
      return Array.from({ length: this.shape[d] }, (_, i) => build(d + 1, start + i * step));
    };
    return build(0, 0);
  }

  toString(): string {
    const suffixes: string[] = [];
    if (this.#gradFn) suffixes.push(`grad_fn=<${this.#gradFn.name}>`);
    else if (this.#requiresGrad) suffixes.push('requires_grad=True');
    checkReadable('toString', this, 'the tensor');
    return formatTensor(this._contiguousData(), this.shape, this.dtype, suffixes);
  }

  // ---- conversion ----
  /**
   * to(dtype), to(device), to(device, dtype), to(other) (its dtype), or with { dtype, device, copy, non_blocking }:
   * this tensor in that dtype, itself when nothing changes (unless copy), as PyTorch's. The device can only be
   * the CPU, so it is checked and otherwise ignored.
   */
  to(...args: (DType | string | Device | Tensor | ToOptions)[]): Tensor {
    checkArgs('to', args, 2, ['dtype', 'device', 'copy', 'non_blocking'], 0);
    const last = args[args.length - 1];
    const options = (isOptions(last) ? last : {}) as ToOptions;
    let { dtype, device } = options;
    for (const v of args) {
      if (v === options || v === undefined) continue; // undefined: an omitted argument, as elsewhere
      if (v instanceof Tensor) dtype = v.dtype;
      else if (isDevice(v)) device = v;
      else dtype = v as DType | string;
    }
    checkDevice('to', device);
    const out = dtype === undefined ? this : sh.cast(this, parseDType(dtype, 'to'));
    return options.copy && out === this ? sh.clone(this) : out;
  }
  /**
   * type(): the tensor type's name ('torch.FloatTensor'); type(dtype) converts, as `(pred.argmax(1) == y).type(torch.float)`
   * in PyTorch's tutorials; the dtype may also be a type name ('torch.LongTensor').
   */
  type(): string;
  type(dtype: DType | string | { dtype: DType | string; non_blocking?: boolean }): Tensor;
  type(dtype?: DType | string | { dtype: DType | string; non_blocking?: boolean }): string | Tensor {
    checkArgs('type', arguments, 1, ['dtype', 'non_blocking'], 0);
    const target = isOptions(dtype) ? dtype.dtype : dtype;
    if (target === undefined) return `torch.${ew.TORCH_NAME[this.dtype]}Tensor`;
    const named = typeof target === 'string' ? TENSOR_TYPES.get(target) : undefined;
    return sh.cast(this, named ?? parseDType(target, 'type'));
  }
  /** This tensor: it is on the CPU already (PyTorch returns self then too). */
  cpu(): this {
    checkArgs('cpu', arguments, 0);
    return this;
  }
  float(): Tensor {
    if (arguments.length) checkArgs('float', arguments, 0);
    return sh.cast(this, 'float32');
  }
  double(): Tensor {
    if (arguments.length) checkArgs('double', arguments, 0);
    return sh.cast(this, 'float64');
  }
  long(): Tensor {
    if (arguments.length) checkArgs('long', arguments, 0);
    return sh.cast(this, 'int64');
  }
  int(): Tensor {
    if (arguments.length) checkArgs('int', arguments, 0);
    return sh.cast(this, 'int32');
  }
  short(): Tensor {
    if (arguments.length) checkArgs('short', arguments, 0);
    return sh.cast(this, 'int16');
  }
  char(): Tensor {
    if (arguments.length) checkArgs('char', arguments, 0);
    return sh.cast(this, 'int8');
  }
  byte(): Tensor {
    if (arguments.length) checkArgs('byte', arguments, 0);
    return sh.cast(this, 'uint8');
  }
  bool(): Tensor {
    if (arguments.length) checkArgs('bool', arguments, 0);
    return sh.cast(this, 'bool');
  }
  half(): Tensor {
    if (arguments.length) checkArgs('half', arguments, 0);
    return sh.cast(this, 'float16');
  }
  bfloat16(): Tensor {
    if (arguments.length) checkArgs('bfloat16', arguments, 0);
    return sh.cast(this, 'bfloat16');
  }

  // ---- views and copies ----
  reshape(...shape: (number | readonly number[])[]): Tensor {
    return sh.reshape(this, flatSizes(shape), 'reshape');
  }
  view(...shape: (number | readonly number[])[]): Tensor {
    return sh.view(this, flatSizes(shape));
  }
  view_as(other: Tensor): Tensor {
    return sh.view(this, checkTensor('view_as', other, 'other', 2).shape);
  }
  reshape_as(other: Tensor): Tensor {
    return sh.reshape(this, checkTensor('reshape_as', other, 'other', 2).shape, 'reshape_as');
  }
  // The shape methods pass on what they were given, so a keyword form (`x.flatten({ start_dim: 1 })`) and extra
  // arguments reach the function's checks.
  flatten(...args: [start_dim?: number | sh.FlattenOptions, end_dim?: number | sh.FlattenOptions]): Tensor {
    return sh.flatten(this, ...args);
  }
  squeeze(...args: [dim?: number | sh.DimOptions]): Tensor {
    return sh.squeeze(this, ...args);
  }
  unsqueeze(...args: [dim: number | sh.DimOptions]): Tensor {
    return sh.unsqueeze(this, ...args);
  }
  transpose(...args: [dim0: number | sh.TransposeOptions, dim1?: number | sh.TransposeOptions]): Tensor {
    return sh.transpose(this, ...args);
  }
  permute(...dims: (number | readonly number[])[]): Tensor {
    return sh.permute(this, flatSizes(dims));
  }
  t(): Tensor {
    if (arguments.length) checkArgs('t', arguments, 0);
    return sh.t(this);
  }
  get T(): Tensor {
    return sh.permute(this, this.shape.map((_, i) => this.shape.length - 1 - i));
  }
  get mT(): Tensor {
    return sh.transpose(this, -2, -1);
  }
  /** The conjugate transpose of the last two dims: for torchlet's real dtypes, mT (at least 2 dims). */
  get mH(): Tensor {
    return tx.matrixTranspose(this, 'tensor.mH');
  }
  /** The conjugate transpose of a matrix (2-D; a 0-d tensor passes): for real dtypes, its transpose. */
  get H(): Tensor {
    if (this.dim() !== 0 && this.dim() !== 2) {
      const hint = this.dim() > 2 ? ' For batches of matrices, consider using tensor.mH' : '';
      throw new RangeError(`tensor.H is only supported on matrices (2-D tensors). Got ${this.dim()}-D tensor.${hint}`);
    }
    return tx.matrixTranspose(this, 'tensor.H');
  }
  adjoint(): Tensor {
    if (arguments.length) checkArgs('adjoint', arguments, 0);
    return tx.matrixTranspose(this, 'tensor.adjoint()');
  }
  /**
   * unfold(dimension, size, step): the windows of `size` elements `step` apart along dimension, as a view with a
   * new last dim of length size (autograd adds the windows' gradients back).
   */
  unfold(dimension: number | { dimension?: number; size?: number; step?: number }, size?: number, step?: number): Tensor {
    return tx.unfold(this, ...(arguments as unknown as [number, number, number]));
  }
  /** as_strided(size, stride, storage_offset = this.storage_offset()): a view of this storage with those sizes and strides. */
  as_strided(size: readonly number[] | { size?: readonly number[]; stride?: readonly number[]; storage_offset?: number | null }, stride?: readonly number[] | { stride?: readonly number[]; storage_offset?: number | null }, storage_offset?: number | null | { storage_offset?: number | null }): Tensor {
    return sd.as_strided(this, ...(arguments as unknown as [readonly number[]]));
  }
  /** apply_(callable): each element replaced by callable(element), in place (refused when this requires grad). */
  apply_(callable: (value: number) => number | boolean): this {
    return sd.apply_(this, ...(arguments as unknown as [(value: number) => number]));
  }
  /** map_(tensor, callable): each element a replaced by callable(a, b), b from tensor broadcast to this shape, in place. */
  map_(tensor: Tensor, callable: (a: number, b: number) => number | boolean): this {
    return sd.map_(this, ...(arguments as unknown as [Tensor, (a: number, b: number) => number]));
  }
  /** resize_(*sizes): this reshaped to sizes in place, contiguous, keeping the first elements (new ones are zeros). */
  resize_(...sizes: (number | readonly number[] | { memory_format?: unknown })[]): this {
    return sd.resize_(this, sizes as (number | readonly number[])[]);
  }
  /** resize_as_(tensor): resize_(tensor.size()). */
  resize_as_(tensor: Tensor, options?: { memory_format?: unknown }): this {
    return sd.resize_as_(this, ...(arguments as unknown as [Tensor]));
  }
  /** sum_to_size(*size): this summed down to size, which must expand to this shape. */
  sum_to_size(...size: (number | readonly number[])[]): Tensor {
    return tx.sum_to_size(this, size);
  }
  split_with_sizes(split_sizes: readonly number[] | { split_sizes?: readonly number[]; dim?: number }, dim?: number | { dim?: number }): Tensor[] {
    return tx.split_with_sizes(this, ...(arguments as unknown as [readonly number[]]));
  }
  renorm(p: number | { p?: number; dim?: number; maxnorm?: number }, dim?: number | { dim?: number; maxnorm?: number }, maxnorm?: number | { maxnorm?: number }): Tensor {
    return tx.renorm(this, ...(arguments as unknown as [number]));
  }
  renorm_(p: number | { p?: number; dim?: number; maxnorm?: number }, dim?: number | { dim?: number; maxnorm?: number }, maxnorm?: number | { maxnorm?: number }): this {
    return tx.renorm_(this, ...(arguments as unknown as [number])) as this;
  }
  dist(other: Tensor, p?: number | { p?: number }): Tensor {
    return tx.dist(this, ...(arguments as unknown as [Tensor]));
  }
  contiguous(): Tensor {
    if (arguments.length) checkArgs('contiguous', arguments, 0);
    return sh.contiguous(this);
  }
  sort(dim?: number | so.SortOptions, descending?: boolean | so.SortOptions, options?: so.SortOptions): red.ValuesIndices {
    return so.sort(this, dim, descending, options);
  }
  argsort(dim?: number | so.SortOptions, descending?: boolean | so.SortOptions, options?: so.SortOptions): Tensor {
    return so.argsort(this, dim, descending, options);
  }
  multinomial(num_samples: number | { num_samples?: number; replacement?: boolean }, replacement?: boolean | { replacement?: boolean }): Tensor {
    return so.multinomial(this, num_samples, replacement as boolean);
  }
  topk(k: number | so.TopkOptions, dim?: number | so.TopkOptions, largest?: boolean | so.TopkOptions, sorted?: boolean | so.TopkOptions): red.ValuesIndices {
    return so.topk(this, k, dim, largest, sorted);
  }
  cumsum(dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType }): Tensor {
    return so.cumsum(this, dim, options);
  }
  // ---- scans, order statistics, counts, binning, uniques (ops/stats.ts) ----
  cumsum_(dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType }): this {
    return st.cumsum_(this, dim, options) as this;
  }
  cumprod(dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType }): Tensor {
    return st.cumprod(this, dim, options);
  }
  cumprod_(dim: number | { dim: number; dtype?: DType }, options?: { dtype?: DType }): this {
    return st.cumprod_(this, dim, options) as this;
  }
  cummax(dim: number | { dim: number }): red.ValuesIndices {
    return st.cummax(this, dim);
  }
  cummin(dim: number | { dim: number }): red.ValuesIndices {
    return st.cummin(this, dim);
  }
  logcumsumexp(dim: number | { dim: number }): Tensor {
    return st.logcumsumexp(this, dim);
  }
  median(): Tensor;
  median(dim: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean | { keepdim?: boolean }): red.ValuesIndices;
  median(dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean | { keepdim?: boolean }): Tensor | red.ValuesIndices {
    return st.median(this, dim, keepdim);
  }
  nanmedian(): Tensor;
  nanmedian(dim: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean | { keepdim?: boolean }): red.ValuesIndices;
  nanmedian(dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean | { keepdim?: boolean }): Tensor | red.ValuesIndices {
    return st.nanmedian(this, dim, keepdim);
  }
  mode(dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean | { keepdim?: boolean }): red.ValuesIndices {
    return st.mode(this, dim, keepdim);
  }
  kthvalue(k: number | { k?: number; dim?: number; keepdim?: boolean }, dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean | { keepdim?: boolean }): red.ValuesIndices {
    return st.kthvalue(this, k, dim, keepdim);
  }
  quantile(q: number | Tensor | st.QuantileOptions, dim?: number | null | st.QuantileOptions, keepdim?: boolean | st.QuantileOptions, options?: st.QuantileOptions): Tensor {
    return st.quantile(this, q, dim, keepdim, options);
  }
  nanquantile(q: number | Tensor | st.QuantileOptions, dim?: number | null | st.QuantileOptions, keepdim?: boolean | st.QuantileOptions, options?: st.QuantileOptions): Tensor {
    return st.nanquantile(this, q, dim, keepdim, options);
  }
  msort(): Tensor {
    checkArgs('msort', arguments, 0);
    return st.msort(this);
  }
  nansum(dim?: Dims | null | { dim?: Dims | null; keepdim?: boolean; dtype?: DType }, keepdim?: boolean | { keepdim?: boolean; dtype?: DType }, options?: { dtype?: DType }): Tensor {
    return st.nansum(this, dim, keepdim, options);
  }
  nanmean(dim?: Dims | null | { dim?: Dims | null; keepdim?: boolean; dtype?: DType }, keepdim?: boolean | { keepdim?: boolean; dtype?: DType }, options?: { dtype?: DType }): Tensor {
    return st.nanmean(this, dim, keepdim, options);
  }
  count_nonzero(dim?: Dims | null | { dim?: Dims | null }): Tensor {
    return st.count_nonzero(this, dim);
  }
  aminmax(options?: { dim?: number | null; keepdim?: boolean }): st.MinMax {
    return st.aminmax(this, options);
  }
  histc(bins?: number | { bins?: number; min?: number; max?: number }, min?: number | { min?: number; max?: number }, max?: number | { max?: number }): Tensor {
    return st.histc(this, bins, min, max);
  }
  histogram(bins: number | Tensor | st.HistogramOptions, options?: st.HistogramOptions): st.Histogram {
    return st.histogram(this, bins, options);
  }
  bincount(weights?: Tensor | null | { weights?: Tensor | null; minlength?: number }, minlength?: number | { minlength?: number }): Tensor {
    return st.bincount(this, weights, minlength);
  }
  unique(sorted?: boolean | st.UniqueOptions, return_inverse?: boolean | st.UniqueOptions, return_counts?: boolean | st.UniqueOptions, dim?: number | null | st.UniqueOptions): Tensor | Tensor[] {
    return st.unique(this, sorted, return_inverse, return_counts, dim);
  }
  unique_consecutive(return_inverse?: boolean | st.UniqueOptions, return_counts?: boolean | st.UniqueOptions, dim?: number | null | st.UniqueOptions): Tensor | Tensor[] {
    return st.unique_consecutive(this, return_inverse, return_counts, dim);
  }
  diff(n?: number | st.DiffOptions, dim?: number | st.DiffOptions, prepend?: Tensor | null | st.DiffOptions, append?: Tensor | null | st.DiffOptions): Tensor {
    return st.diff(this, n, dim, prepend, append);
  }
  cov(options?: st.CovOptions): Tensor {
    return st.cov(this, options);
  }
  corrcoef(): Tensor {
    checkArgs('corrcoef', arguments, 0);
    return st.corrcoef(this);
  }
  index_select(dim: number, index: Tensor): Tensor {
    checkArgs('index_select', arguments, 2);
    return ix.index_select(this, dim, index);
  }
  gather(dim: number, index: Tensor): Tensor {
    checkArgs('gather', arguments, 2);
    return ix.gather(this, dim, index);
  }
  // the scatter / index family (ops/scatter.ts); the in-place forms return this
  scatter(dim: number | sc.ScatterOptions, index?: Tensor | sc.ScatterOptions, src?: Tensor | Scalar | sc.ScatterOptions, options?: sc.ScatterOptions): Tensor {
    return sc.scatter(this, ...([...arguments] as [number]));
  }
  scatter_(dim: number | sc.ScatterOptions, index?: Tensor | sc.ScatterOptions, src?: Tensor | Scalar | sc.ScatterOptions, options?: sc.ScatterOptions): this {
    return sc.scatter_(this, ...([...arguments] as [number])) as this;
  }
  scatter_add(dim: number, index: Tensor, src: Tensor): Tensor {
    return sc.scatter_add(this, ...([...arguments] as [number, Tensor, Tensor]));
  }
  scatter_add_(dim: number, index: Tensor, src: Tensor): this {
    return sc.scatter_add_(this, ...([...arguments] as [number, Tensor, Tensor])) as this;
  }
  scatter_reduce(dim: number, index: Tensor, src: Tensor, reduce: sc.Reduce | sc.ScatterReduceOptions, options?: sc.ScatterReduceOptions): Tensor {
    return sc.scatter_reduce(this, ...([...arguments] as [number, Tensor, Tensor, sc.Reduce]));
  }
  scatter_reduce_(dim: number, index: Tensor, src: Tensor, reduce: sc.Reduce | sc.ScatterReduceOptions, options?: sc.ScatterReduceOptions): this {
    return sc.scatter_reduce_(this, ...([...arguments] as [number, Tensor, Tensor, sc.Reduce])) as this;
  }
  index_add(dim: number, index: Tensor, source: Tensor, options?: sc.IndexAddOptions): Tensor {
    return sc.index_add(this, ...([...arguments] as [number, Tensor, Tensor]));
  }
  index_add_(dim: number, index: Tensor, source: Tensor, options?: sc.IndexAddOptions): this {
    return sc.index_add_(this, ...([...arguments] as [number, Tensor, Tensor])) as this;
  }
  index_copy(dim: number, index: Tensor, source: Tensor): Tensor {
    return sc.index_copy(this, ...([...arguments] as [number, Tensor, Tensor]));
  }
  index_copy_(dim: number, index: Tensor, source: Tensor): this {
    return sc.index_copy_(this, ...([...arguments] as [number, Tensor, Tensor])) as this;
  }
  index_fill(dim: number, index: Tensor, value: Scalar | Tensor): Tensor {
    return sc.index_fill(this, ...([...arguments] as [number, Tensor, number]));
  }
  index_fill_(dim: number, index: Tensor, value: Scalar | Tensor): this {
    return sc.index_fill_(this, ...([...arguments] as [number, Tensor, number])) as this;
  }
  index_put(indices: readonly Tensor[], values: Tensor, accumulate?: boolean | sc.IndexPutOptions): Tensor {
    return sc.index_put(this, ...([...arguments] as [Tensor[], Tensor]));
  }
  index_put_(indices: readonly Tensor[], values: Tensor, accumulate?: boolean | sc.IndexPutOptions): this {
    return sc.index_put_(this, ...([...arguments] as [Tensor[], Tensor])) as this;
  }
  index_reduce(dim: number, index: Tensor, source: Tensor, reduce: sc.IndexReduce | sc.IndexReduceOptions, options?: sc.IndexReduceOptions): Tensor {
    return sc.index_reduce(this, ...([...arguments] as [number, Tensor, Tensor, sc.IndexReduce]));
  }
  index_reduce_(dim: number, index: Tensor, source: Tensor, reduce: sc.IndexReduce | sc.IndexReduceOptions, options?: sc.IndexReduceOptions): this {
    return sc.index_reduce_(this, ...([...arguments] as [number, Tensor, Tensor, sc.IndexReduce])) as this;
  }
  put(index: Tensor, source: Tensor, accumulate?: boolean | sc.IndexPutOptions): Tensor {
    return sc.put(this, ...([...arguments] as [Tensor, Tensor]));
  }
  put_(index: Tensor, source: Tensor, accumulate?: boolean | sc.IndexPutOptions): this {
    return sc.put_(this, ...([...arguments] as [Tensor, Tensor])) as this;
  }
  take(index: Tensor): Tensor {
    return sc.take(this, ...([...arguments] as [Tensor]));
  }
  take_along_dim(indices: Tensor, dim?: number | null | { dim?: number | null }): Tensor {
    return sc.take_along_dim(this, ...([...arguments] as [Tensor]));
  }
  masked_select(mask: Tensor): Tensor {
    return sc.masked_select(this, ...([...arguments] as [Tensor]));
  }
  masked_scatter(mask: Tensor, source: Tensor): Tensor {
    return sc.masked_scatter(this, ...([...arguments] as [Tensor, Tensor]));
  }
  masked_scatter_(mask: Tensor, source: Tensor): this {
    return sc.masked_scatter_(this, ...([...arguments] as [Tensor, Tensor])) as this;
  }
  masked_fill_(mask: Tensor, value: TensorLike): this {
    return sc.masked_fill_(this, ...([...arguments] as [Tensor, number])) as this;
  }
  nonzero(options?: { as_tuple?: false }): Tensor;
  nonzero(options: { as_tuple: true }): Tensor[];
  nonzero(options?: { as_tuple?: boolean }): Tensor | Tensor[];
  nonzero(options?: { as_tuple?: boolean }): Tensor | Tensor[] {
    return sc.nonzero(this, ...([...arguments] as [{ as_tuple?: boolean }]));
  }
  argwhere(): Tensor {
    return sc.argwhere(this, ...([...arguments] as []));
  }
  narrow(...args: [dim: number | sh.NarrowOptions, start?: number | sh.NarrowOptions, length?: number | sh.NarrowOptions]): Tensor {
    return sh.narrow(this, ...args);
  }
  select(...args: [dim: number | sh.SelectOptions, index?: number | sh.SelectOptions]): Tensor {
    return sh.select(this, ...args);
  }
  /** Python's x[start:end:step] along one dim (aten::slice); omitted bounds mean the whole dim. */
  slice(dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
    return sh.slice(this, dim, start, end, step);
  }
  /**
   * Python-style indexing, one item per leading dim: a number selects, null or ':' keeps the dim,
   * 'a:b:c' or [a, b, c] slices. `x.index(0, ':', '1:3')` is PyTorch's `x[0, :, 1:3]`.
   */
  index(...items: sh.IndexItem[]): Tensor {
    return items.some((item) => item instanceof Tensor) ? sc.advancedIndex(this, items) : sh.index(this, items);
  }
  expand(...sizes: (number | readonly number[])[]): Tensor {
    return sh.expand(this, flatSizes(sizes));
  }
  expand_as(other: Tensor): Tensor {
    return sh.expand(this, checkTensor('expand_as', other, 'other', 2).shape);
  }
  clone(): Tensor {
    if (arguments.length) checkArgs('clone', arguments, 0);
    return sh.clone(this);
  }
  chunk(...args: [chunks: number | sh.ChunkOptions, dim?: number | sh.ChunkOptions]): Tensor[] {
    return sh.chunk(this, ...args);
  }
  split(...args: [split_size: number | readonly number[] | sh.SplitOptions, dim?: number | sh.SplitOptions]): Tensor[] {
    return sh.split(this, ...args);
  }
  // ---- shape_extra / random_extra (PyTorch's method forms; the functions check their arguments) ----
  broadcast_to(size: readonly number[]): Tensor {
    return sx.broadcast_to(this, ...(arguments as unknown as [readonly number[]]));
  }
  tensor_split(indices_or_sections: number | readonly number[] | Tensor, dim?: number | sx.TensorSplitOptions): Tensor[] {
    return sx.tensor_split(this, ...(arguments as unknown as [number, number]));
  }
  hsplit(indices_or_sections: number | readonly number[]): Tensor[] {
    return sx.hsplit(this, ...(arguments as unknown as [number]));
  }
  vsplit(indices_or_sections: number | readonly number[]): Tensor[] {
    return sx.vsplit(this, ...(arguments as unknown as [number]));
  }
  dsplit(indices_or_sections: number | readonly number[]): Tensor[] {
    return sx.dsplit(this, ...(arguments as unknown as [number]));
  }
  rot90(k?: number | sx.Rot90Options, dims?: readonly number[] | sx.Rot90Options): Tensor {
    return sx.rot90(this, ...(arguments as unknown as [number, readonly number[]]));
  }
  fliplr(): Tensor {
    return sx.fliplr(this, ...(arguments as unknown as []));
  }
  flipud(): Tensor {
    return sx.flipud(this, ...(arguments as unknown as []));
  }
  movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor {
    checkArgs('movedim', arguments, 2);
    return sx.movedim(this, source, destination);
  }
  moveaxis(source: number | readonly number[], destination: number | readonly number[]): Tensor {
    return sx.moveaxis(this, ...(arguments as unknown as [number, number]));
  }
  swapaxes(axis0: number, axis1: number): Tensor {
    return sx.swapaxes(this, ...(arguments as unknown as [number, number]));
  }
  swapdims(dim0: number, dim1: number): Tensor {
    return sx.swapdims(this, ...(arguments as unknown as [number, number]));
  }
  repeat_interleave(repeats: number | Tensor | sx.RepeatInterleaveOptions, dim?: number | null | sx.RepeatInterleaveOptions, options?: sx.RepeatInterleaveOptions): Tensor {
    return sx.repeat_interleave(this, ...(arguments as unknown as [number]));
  }
  unflatten(dim: number | { dim?: number; sizes?: readonly number[] }, sizes?: readonly number[]): Tensor {
    return sx.unflatten(this, ...(arguments as unknown as [number, readonly number[]]));
  }
  ravel(): Tensor {
    return sx.ravel(this, ...(arguments as unknown as []));
  }
  narrow_copy(dim: number, start: number, length: number): Tensor {
    return sx.narrow_copy(this, ...(arguments as unknown as [number, number, number]));
  }
  select_scatter(src: Tensor, dim: number, index: number): Tensor {
    return sx.select_scatter(this, ...(arguments as unknown as [Tensor, number, number]));
  }
  slice_scatter(src: Tensor, dim?: number | sx.SliceScatterOptions, start?: number | null, end?: number | null, step?: number): Tensor {
    return sx.slice_scatter(this, ...(arguments as unknown as [Tensor]));
  }
  diagonal_scatter(src: Tensor, offset?: number | sx.DiagonalScatterOptions, dim1?: number, dim2?: number): Tensor {
    return sx.diagonal_scatter(this, ...(arguments as unknown as [Tensor]));
  }
  bernoulli(p?: number | { p?: number; generator?: Generator | null }, options?: { generator?: Generator | null }): Tensor {
    return rx.bernoulli(this, ...(arguments as unknown as []));
  }
  uniform_(from?: number | { from?: number; to?: number; generator?: Generator | null }, to?: number, options?: { generator?: Generator | null }): this {
    return rx.uniform_(this, ...(arguments as unknown as []));
  }
  normal_(mean?: number | { mean?: number; std?: number; generator?: Generator | null }, std?: number, options?: { generator?: Generator | null }): this {
    return rx.normal_(this, ...(arguments as unknown as []));
  }
  random_(from?: number | null | { from?: number; to?: number | null; generator?: Generator | null }, to?: number | null, options?: { generator?: Generator | null }): this {
    return rx.random_(this, ...(arguments as unknown as []));
  }
  bernoulli_(p?: number | Tensor | { p?: number | Tensor; generator?: Generator | null }, options?: { generator?: Generator | null }): this {
    return rx.bernoulli_(this, ...(arguments as unknown as []));
  }
  exponential_(lambd?: number | { lambd?: number; generator?: Generator | null }, options?: { generator?: Generator | null }): this {
    return rx.exponential_(this, ...(arguments as unknown as []));
  }
  geometric_(p: number | { p?: number; generator?: Generator | null }, options?: { generator?: Generator | null }): this {
    return rx.geometric_(this, ...(arguments as unknown as [number]));
  }
  log_normal_(mean?: number | { mean?: number; std?: number; generator?: Generator | null }, std?: number, options?: { generator?: Generator | null }): this {
    return rx.log_normal_(this, ...(arguments as unknown as []));
  }
  cauchy_(median?: number | { median?: number; sigma?: number; generator?: Generator | null }, sigma?: number, options?: { generator?: Generator | null }): this {
    return rx.cauchy_(this, ...(arguments as unknown as []));
  }

  // ---- in-place (no autograd on leaves that require grad, as in PyTorch) ----
  zero_(): this {
    if (arguments.length) checkArgs('zero_', arguments, 0);
    return sh.fill_(this, 0);
  }
  fill_(value: number): this {
    return sh.fill_(this, value);
  }
  copy_(src: Tensor): this {
    return sh.copy_(this, src);
  }
  add_(other: TensorLike, options?: { alpha?: number }): this {
    return writeResult('add_', this, ew.add(this, other, options));
  }
  sub_(other: TensorLike, options?: { alpha?: number }): this {
    return writeResult('sub_', this, ew.sub(this, other, options));
  }
  mul_(other: TensorLike): this {
    checkArgs('mul_', arguments, 1);
    return writeResult('mul_', this, ew.mul(this, other));
  }
  div_(other: TensorLike, options?: { rounding_mode?: ew.RoundingMode }): this {
    checkArgs('div_', arguments, 1, ['rounding_mode']);
    return writeResult('div_', this, ew.div(this, other, options));
  }
  clamp_(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): this {
    return sp.clamp_(this, min, max) as this;
  }
  relu_(): this {
    checkArgs('relu_', arguments, 0);
    return ew.inplaceUnary('relu_', 'relu', this) as this;
  }
  sigmoid_(): this {
    checkArgs('sigmoid_', arguments, 0);
    return ew.inplaceUnary('sigmoid_', 'sigmoid', this) as this;
  }
  tanh_(): this {
    checkArgs('tanh_', arguments, 0);
    return ew.inplaceUnary('tanh_', 'tanh', this) as this;
  }
  exp_(): this {
    checkArgs('exp_', arguments, 0);
    return ew.inplaceUnary('exp_', 'exp', this) as this;
  }
  neg_(): this {
    if (arguments.length) checkArgs('neg_', arguments, 0);
    return ew.inplaceUnary('neg_', 'neg', this) as this;
  }
  abs_(): this {
    if (arguments.length) checkArgs('abs_', arguments, 0);
    return ew.inplaceUnary('abs_', 'abs', this) as this;
  }
  clamp_min_(min: number): this {
    checkArgs('clamp_min_', arguments, 1);
    return sp.clamp_min_(this, min) as this;
  }
  clamp_max_(max: number): this {
    checkArgs('clamp_max_', arguments, 1);
    return sp.clamp_max_(this, max) as this;
  }
  sign_(): this {
    if (arguments.length) checkArgs('sign_', arguments, 0);
    return sp.writeBack('sign_', this, mt.sign);
  }
  heaviside_(values: Tensor): this {
    checkArgs('heaviside_', arguments, 1);
    return sp.writeBack('heaviside_', this, (x) => ew.heaviside(x, values));
  }
  logit_(eps?: number | null | { eps?: number | null }): this {
    checkArgs('logit_', arguments, 1, ['eps'], 0);
    return sp.logit_(this, eps) as this;
  }
  erfc_(): this {
    if (arguments.length) checkArgs('erfc_', arguments, 0);
    return sp.erfc_(this) as this;
  }
  erfinv_(): this {
    if (arguments.length) checkArgs('erfinv_', arguments, 0);
    return sp.erfinv_(this) as this;
  }
  atanh_(): this {
    if (arguments.length) checkArgs('atanh_', arguments, 0);
    return sp.atanh_(this) as this;
  }
  arctanh_(): this {
    if (arguments.length) checkArgs('arctanh_', arguments, 0);
    return sp.arctanh_(this) as this;
  }
  copysign_(other: Tensor | number): this {
    checkArgs('copysign_', arguments, 1);
    return sp.writeBack('copysign_', this, (x) => sp.copysign(x, other));
  }

  // ---- elementwise ----
  add(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.add(this, other, options);
  }
  sub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return ew.sub(this, other, options);
  }
  mul(other: TensorLike): Tensor {
    checkArgs('mul', arguments, 1);
    return ew.mul(this, other);
  }
  div(other: TensorLike, options?: { rounding_mode?: ew.RoundingMode }): Tensor {
    checkArgs('div', arguments, 1, ['rounding_mode']);
    return ew.div(this, other, options);
  }
  floor_divide(other: TensorLike): Tensor {
    checkArgs('floor_divide', arguments, 1);
    return ew.floor_divide(this, other);
  }
  floor(): Tensor {
    checkArgs('floor', arguments, 0);
    return ew.floor(this);
  }
  ceil(): Tensor {
    checkArgs('ceil', arguments, 0);
    return ew.ceil(this);
  }
  trunc(): Tensor {
    checkArgs('trunc', arguments, 0);
    return ew.trunc(this);
  }
  round(options?: { decimals?: number }): Tensor {
    checkArgs('round', arguments, 0, ['decimals']);
    return ew.round(this, options);
  }
  pow(exponent: TensorLike): Tensor {
    checkArgs('pow', arguments, 1);
    return ew.pow(this, exponent);
  }
  neg(): Tensor {
    checkArgs('neg', arguments, 0);
    return ew.neg(this);
  }
  abs(): Tensor {
    checkArgs('abs', arguments, 0);
    return ew.abs(this);
  }
  exp(): Tensor {
    checkArgs('exp', arguments, 0);
    return ew.exp(this);
  }
  log(): Tensor {
    checkArgs('log', arguments, 0);
    return ew.log(this);
  }
  sqrt(): Tensor {
    checkArgs('sqrt', arguments, 0);
    return ew.sqrt(this);
  }
  log1p(): Tensor {
    checkArgs('log1p', arguments, 0);
    return ew.log1p(this);
  }
  expm1(): Tensor {
    checkArgs('expm1', arguments, 0);
    return ew.expm1(this);
  }
  erf(): Tensor {
    checkArgs('erf', arguments, 0);
    return ew.erf(this);
  }
  square(): Tensor {
    checkArgs('square', arguments, 0);
    return ew.mul(this, this);
  }
  /** The unary math ops of ops/math.ts as methods (x.sin(), x.isnan(), ...): defined from one table below the class. */
  declare sin: () => Tensor;
  declare cos: () => Tensor;
  declare tan: () => Tensor;
  declare asin: () => Tensor;
  declare acos: () => Tensor;
  declare atan: () => Tensor;
  declare sinh: () => Tensor;
  declare cosh: () => Tensor;
  declare asinh: () => Tensor;
  declare acosh: () => Tensor;
  declare atanh: () => Tensor;
  declare log2: () => Tensor;
  declare log10: () => Tensor;
  declare exp2: () => Tensor;
  declare rsqrt: () => Tensor;
  declare reciprocal: () => Tensor;
  declare sign: () => Tensor;
  declare isnan: () => Tensor;
  declare isinf: () => Tensor;
  declare isfinite: () => Tensor;
  declare logical_not: () => Tensor;
  logical_and(other: Tensor): Tensor {
    return mt.logical_and(this, other);
  }
  logical_or(other: Tensor): Tensor {
    return mt.logical_or(this, other);
  }
  logical_xor(other: Tensor): Tensor {
    return mt.logical_xor(this, other);
  }
  any(dim?: number | readonly number[] | { dim?: number | readonly number[] | null; keepdim?: boolean }, keepdim?: boolean): Tensor {
    return mt.any(this, dim, keepdim);
  }
  all(dim?: number | readonly number[] | { dim?: number | readonly number[] | null; keepdim?: boolean }, keepdim?: boolean): Tensor {
    return mt.all(this, dim, keepdim);
  }
  logsumexp(dim: number | readonly number[] | { dim: number | readonly number[]; keepdim?: boolean }, keepdim?: boolean): Tensor {
    return mt.logsumexp(this, dim, keepdim);
  }
  nan_to_num(nan?: number | { nan?: number; posinf?: number | null; neginf?: number | null }, posinf?: number | null, neginf?: number | null): Tensor {
    return mt.nan_to_num(this, nan, posinf, neginf);
  }
  isclose(other: Tensor, rtol?: number | mt.IscloseOptions, atol?: number | mt.IscloseOptions, equal_nan?: boolean | mt.IscloseOptions): Tensor {
    return mt.isclose(this, other, rtol, atol, equal_nan);
  }
  allclose(other: Tensor, rtol?: number | mt.IscloseOptions, atol?: number | mt.IscloseOptions, equal_nan?: boolean | mt.IscloseOptions): boolean {
    return mt.allclose(this, other, rtol, atol, equal_nan);
  }
  hardshrink(lambd?: number | { lambd?: number }): Tensor {
    checkArgs('hardshrink', arguments, 1, ['lambd'], 0);
    return sp.hardshrink(this, lambd);
  }
  logit(eps?: number | null | { eps?: number | null }): Tensor {
    checkArgs('logit', arguments, 1, ['eps'], 0);
    return sp.logit(this, eps);
  }
  erfc(): Tensor {
    if (arguments.length) checkArgs('erfc', arguments, 0);
    return sp.erfc(this);
  }
  erfinv(): Tensor {
    if (arguments.length) checkArgs('erfinv', arguments, 0);
    return sp.erfinv(this);
  }
  arctanh(): Tensor {
    if (arguments.length) checkArgs('arctanh', arguments, 0);
    return mt.atanh(this);
  }
  copysign(other: Tensor | number): Tensor {
    checkArgs('copysign', arguments, 1);
    return sp.copysign(this, other);
  }
  signbit(): Tensor {
    if (arguments.length) checkArgs('signbit', arguments, 0);
    return sp.signbit(this);
  }
  clamp_min(min: number): Tensor {
    return mt.clamp_min(this, min);
  }
  clamp_max(max: number): Tensor {
    return mt.clamp_max(this, max);
  }
  flip(...dims: (number | readonly number[])[]): Tensor {
    return ar.flip(this, ...dims);
  }
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
    return ar.roll(this, shifts, dims);
  }
  repeat(...sizes: (number | readonly number[])[]): Tensor {
    return ar.repeat(this, ...sizes);
  }
  tile(...dims: (number | readonly number[])[]): Tensor {
    return ar.tile(this, ...dims);
  }
  unbind(dim = 0): Tensor[] {
    return ar.unbind(this, dim);
  }
  triu(diagonal = 0): Tensor {
    return ar.triu(this, diagonal);
  }
  tril(diagonal = 0): Tensor {
    return ar.tril(this, diagonal);
  }
  outer(vec2: Tensor): Tensor {
    return ar.outer(this, vec2);
  }
  dot(other: Tensor): Tensor {
    return ar.dot(this, other);
  }
  clamp(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor {
    return ew.clamp(this, min, max);
  }
  clip(min?: number | null, max?: number | null): Tensor {
    return ew.clamp(this, min, max);
  }
  maximum(other: Tensor): Tensor {
    return ew.maximum(this, other);
  }
  minimum(other: Tensor): Tensor {
    return ew.minimum(this, other);
  }
  eq(other: TensorLike): Tensor {
    return ew.compare('eq', this, other);
  }
  ne(other: TensorLike): Tensor {
    return ew.compare('ne', this, other);
  }
  gt(other: TensorLike): Tensor {
    return ew.compare('gt', this, other);
  }
  lt(other: TensorLike): Tensor {
    return ew.compare('lt', this, other);
  }
  ge(other: TensorLike): Tensor {
    return ew.compare('ge', this, other);
  }
  le(other: TensorLike): Tensor {
    return ew.compare('le', this, other);
  }
  masked_fill(mask: Tensor, value: TensorLike): Tensor {
    return ew.masked_fill(this, mask, value);
  }
  where(condition: Tensor, other: TensorLike): Tensor {
    return ew.where(condition, this, other);
  }

  // ---- activations ----
  relu(): Tensor {
    checkArgs('relu', arguments, 0);
    return ew.relu(this);
  }
  equal(other: Tensor): boolean {
    return ew.equal(this, other);
  }
  sigmoid(): Tensor {
    checkArgs('sigmoid', arguments, 0);
    return ew.sigmoid(this);
  }
  tanh(): Tensor {
    checkArgs('tanh', arguments, 0);
    return ew.tanh(this);
  }
  prelu(weight: Tensor): Tensor {
    return ew.prelu(this, weight);
  }
  heaviside(values: Tensor): Tensor {
    return ew.heaviside(this, values);
  }
  softmax(dim: number | { dim: number; dtype?: DType }, dtype?: DType | { dtype?: DType }): Tensor {
    return red.softmax(this, dim, dtype);
  }
  log_softmax(dim: number | { dim: number; dtype?: DType }, dtype?: DType | { dtype?: DType }): Tensor {
    return red.log_softmax(this, dim, dtype);
  }

  // ---- reductions ----
  sum(dim?: Dims | red.ReduceOptions | null, keepdim?: boolean | red.ReduceOptions, options?: red.ReduceOptions): Tensor {
    return red.sum(this, dim, keepdim, options);
  }
  mean(dim?: Dims | red.ReduceOptions | null, keepdim?: boolean | red.ReduceOptions, options?: red.ReduceOptions): Tensor {
    return red.mean(this, dim, keepdim, options);
  }
  prod(dim?: number | red.ReduceOptions | null, keepdim?: boolean | red.ReduceOptions, options?: red.ReduceOptions): Tensor {
    return red.prod(this, dim, keepdim, options);
  }
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number | red.ReduceOptions, keepdim?: boolean | red.ReduceOptions): red.ValuesIndices;
  max(dim?: number | Tensor | red.ReduceOptions, keepdim?: boolean | red.ReduceOptions): Tensor | red.ValuesIndices {
    return red.max(this, dim, keepdim);
  }
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number | red.ReduceOptions, keepdim?: boolean | red.ReduceOptions): red.ValuesIndices;
  min(dim?: number | Tensor | red.ReduceOptions, keepdim?: boolean | red.ReduceOptions): Tensor | red.ValuesIndices {
    return red.min(this, dim, keepdim);
  }
  amax(dim?: Dims | red.ReduceOptions | null, keepdim?: boolean | red.ReduceOptions): Tensor {
    return red.amax(this, dim, keepdim);
  }
  amin(dim?: Dims | red.ReduceOptions | null, keepdim?: boolean | red.ReduceOptions): Tensor {
    return red.amin(this, dim, keepdim);
  }
  argmax(dim?: number | red.ReduceOptions | null, keepdim?: boolean | red.ReduceOptions): Tensor {
    return red.argmax(this, dim, keepdim);
  }
  argmin(dim?: number | red.ReduceOptions | null, keepdim?: boolean | red.ReduceOptions): Tensor {
    return red.argmin(this, dim, keepdim);
  }
  var(dim?: Dims | red.VarOptions | null, unbiased?: boolean | red.VarOptions, keepdim?: boolean | red.VarOptions, options?: red.VarOptions): Tensor {
    return red.var_(this, dim, unbiased, keepdim, options);
  }
  std(dim?: Dims | red.VarOptions | null, unbiased?: boolean | red.VarOptions, keepdim?: boolean | red.VarOptions, options?: red.VarOptions): Tensor {
    return red.std(this, dim, unbiased, keepdim, options);
  }

  norm(p?: number | 'fro' | red.NormOptions | null, dim?: Dims | null, keepdim?: boolean | red.NormOptions): Tensor {
    return red.norm(this, p, dim, keepdim);
  }

  // ---- linear algebra ----
  matmul(other: Tensor): Tensor {
    return la.matmul(this, other);
  }
  mm(other: Tensor): Tensor {
    return la.mm(this, other);
  }
  bmm(other: Tensor): Tensor {
    return la.bmm(this, other);
  }

  // ---- products and torch.linalg's method forms (lib/ops/linalg_extra.ts, lib/ops/linalg_decomp.ts) ----
  mv(...args: LinalgTail<typeof lx.mv>): Tensor {
    return lx.mv(this, ...args);
  }
  addmm(...args: LinalgTail<typeof lx.addmm>): Tensor {
    return lx.addmm(this, ...args);
  }
  addmv(...args: LinalgTail<typeof lx.addmv>): Tensor {
    return lx.addmv(this, ...args);
  }
  addr(...args: LinalgTail<typeof lx.addr>): Tensor {
    return lx.addr(this, ...args);
  }
  addbmm(...args: LinalgTail<typeof lx.addbmm>): Tensor {
    return lx.addbmm(this, ...args);
  }
  baddbmm(...args: LinalgTail<typeof lx.baddbmm>): Tensor {
    return lx.baddbmm(this, ...args);
  }
  ger(...args: LinalgTail<typeof lx.ger>): Tensor {
    return lx.ger(this, ...args);
  }
  inner(...args: LinalgTail<typeof lx.inner>): Tensor {
    return lx.inner(this, ...args);
  }
  vdot(...args: LinalgTail<typeof lx.vdot>): Tensor {
    return lx.vdot(this, ...args);
  }
  kron(...args: LinalgTail<typeof lx.kron>): Tensor {
    return lx.kron(this, ...args);
  }
  cross(...args: LinalgTail<typeof lx.cross>): Tensor {
    return lx.cross(this, ...args);
  }
  trace(...args: LinalgTail<typeof lx.trace>): Tensor {
    return lx.trace(this, ...args);
  }
  diag(...args: LinalgTail<typeof lx.diag>): Tensor {
    return lx.diag(this, ...args);
  }
  diagflat(...args: LinalgTail<typeof lx.diagflat>): Tensor {
    return lx.diagflat(this, ...args);
  }
  diag_embed(...args: LinalgTail<typeof lx.diag_embed>): Tensor {
    return lx.diag_embed(this, ...args);
  }
  diagonal(...args: LinalgTail<typeof lx.diagonal>): Tensor {
    return lx.diagonal(this, ...args);
  }
  det(...args: LinalgTail<typeof ld.det>): Tensor {
    return ld.det(this, ...args);
  }
  logdet(...args: LinalgTail<typeof ld.logdet>): Tensor {
    return ld.logdet(this, ...args);
  }
  slogdet(...args: LinalgTail<typeof ld.slogdet>): ld.Named<'sign' | 'logabsdet'> {
    return ld.slogdet(this, ...args);
  }
  inverse(...args: LinalgTail<typeof ld.inverse>): Tensor {
    return ld.inverse(this, ...args);
  }
  matrix_power(...args: LinalgTail<typeof ld.matrix_power>): Tensor {
    return ld.matrix_power(this, ...args);
  }
  cholesky(...args: LinalgTail<typeof ld.cholesky_deprecated>): Tensor {
    return ld.cholesky_deprecated(this, ...args);
  }
  qr(...args: LinalgTail<typeof ld.qr_deprecated>): ld.Named<'Q' | 'R'> {
    return ld.qr_deprecated(this, ...args);
  }
  svd(...args: LinalgTail<typeof ld.svd_deprecated>): ld.Named<'U' | 'S' | 'V'> {
    return ld.svd_deprecated(this, ...args);
  }
  pinverse(...args: LinalgTail<typeof ld.pinverse>): Tensor {
    return ld.pinverse(this, ...args);
  }
  matrix_exp(): Tensor {
    return ld.matrix_exp(this);
  }
  triangular_solve(...args: LinalgTail<typeof llu.triangular_solve>): ld.Named<'solution' | 'cloned_coefficient'> {
    return llu.triangular_solve(this, ...args);
  }
  lu(...args: LinalgTail<typeof llu.lu_deprecated>): ReturnType<typeof llu.lu_deprecated> {
    return llu.lu_deprecated(this, ...args);
  }
  lu_solve(...args: LinalgTail<typeof llu.lu_solve_deprecated>): Tensor {
    return llu.lu_solve_deprecated(this, ...args);
  }
  cholesky_solve(...args: LinalgTail<typeof llu.cholesky_solve>): Tensor {
    return llu.cholesky_solve(this, ...args);
  }
  cholesky_inverse(...args: LinalgTail<typeof llu.cholesky_inverse>): Tensor {
    return llu.cholesky_inverse(this, ...args);
  }
}

// console.log / util.inspect print like PyTorch (set here so the .d.ts files need no Node types)
Object.defineProperty(Tensor.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Tensor) {
    return this.toString();
  },
});

/**
 * A hook's return value as the new gradient: undefined keeps `grad`; anything else must be a tensor of its dtype
 * and shape (PyTorch's messages, naming the hook).
 */
export function checkHookResult(hook: { name: string }, grad: Tensor, result: unknown): Tensor {
  if (result === undefined) return grad;
  if (!(result instanceof Tensor)) throw new TypeError(`expected Variable, but hook returned '${typeName(result)}'`);
  const name = hook.name || '<anonymous>';
  if (result.dtype !== grad.dtype) {
    throw new TypeError(`hook '${name}' has changed the type of value (was torch.${ew.TORCH_NAME[grad.dtype]}Tensor got torch.${ew.TORCH_NAME[result.dtype]}Tensor)`);
  }
  if (result.shape.join() !== grad.shape.join()) throw new RangeError(`hook '${name}' has changed the size of value`);
  return result;
}

// The no-argument math methods, each refusing stray arguments as the other no-argument methods do.
for (const name of ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'log2', 'log10', 'exp2', 'rsqrt', 'reciprocal', 'sign', 'isnan', 'isinf', 'isfinite', 'logical_not'] as const) {
  Object.defineProperty(Tensor.prototype, name, {
    value(this: Tensor) {
      if (arguments.length) checkArgs(name, arguments, 0);
      return mt[name](this);
    },
    writable: true,
    configurable: true,
  });
}

// The methods of ops/math_extra.ts (atan2, lerp, the in-place math sin_, eq_, t_, ...), declared there; a method
// defined in the class above keeps its own definition.
for (const [name, value] of Object.entries(mx.TENSOR_METHODS)) {
  if (!(name in Tensor.prototype)) Object.defineProperty(Tensor.prototype, name, { value, writable: true, configurable: true });
}

/** PyTorch's tensor type names ('torch.FloatTensor', ...) by dtype. */
const TENSOR_TYPES = new Map(Object.entries(ew.TORCH_NAME).map(([dtype, name]) => [`torch.${name}Tensor`, dtype as DType]));

/** Flattens size varargs: (2, 3) and ([2, 3]) both give [2, 3]. */
function flatSizes(args: readonly (number | readonly number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as number[])] : (args as number[]);
}

export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v;
}

/** Python's name of a value's type, as PyTorch's messages print it ("'int' object is not callable"). */
export function pyType(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  return typeName(v);
}

/** Throws a PyTorch-style TypeError unless v is a Tensor whose data can be read. */
export function checkTensor(op: string, v: unknown, argName = 'input', position = 1): Tensor {
  // the message is built only for an empty storage: this runs on every op call
  if (v instanceof Tensor) return v._storage.length === 0 ? checkReadable(op, v, `argument '${argName}' (position ${position})`) : v;
  throw new TypeError(`${op}(): argument '${argName}' (position ${position}) must be Tensor, not ${typeName(v)}`);
}

/**
 * Throws a TypeError when t's ArrayBuffer was detached (transferred by postMessage or structuredClone): its
 * typed array then reads as empty, which kernels would take for data. Only an empty storage needs a closer look.
 */
export function checkReadable(op: string, t: Tensor, what: string): Tensor {
  if ((t as { _uninitialized?: boolean })._uninitialized) {
    throw new TypeError(
      `${op}(): Attempted to use an uninitialized parameter in ${op}. This error happens when you are using a \`LazyModule\` or explicitly manipulating \`torch.nn.parameter.UninitializedParameter\` objects. When using LazyModules Call \`forward\` with a dummy batch to initialize the parameters before calling torch functions`,
    );
  }
  if (t._storage.length === 0 && (t.numel() !== 0 || isDetached(t._storage.buffer))) {
    throw new TypeError(
      `${op}(): ${what} of shape ${fmtShape(t.shape)} has lost its data: its ArrayBuffer was detached (transferred with postMessage or structuredClone)`,
    );
  }
  return t;
}

function isDetached(buffer: ArrayBufferLike): boolean {
  try {
    buffer.slice(0, 0); // throws on a detached buffer (Node 20 has no ArrayBuffer.prototype.detached)
    return false;
  } catch {
    return true;
  }
}

/** A new tensor of dtype holding the given element values (already in row-major order). */
export function fromValues(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  const storage = B.alloc(dtype, values.length, false);
  if (dtype === 'float32' || dtype === 'float64') storage.set(values);
  else for (let i = 0; i < values.length; i++) storage[i] = castValue(dtype, values[i]);
  return new Tensor(storage, shape, dtype);
}
