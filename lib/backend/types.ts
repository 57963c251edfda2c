import type { DType, Storage } from '../dtype';
import type { BinaryOp, ReduceOp, UnaryOp } from './ops';

/**
 * What a compute backend provides: kernels over flat typed arrays with explicit sizes, no tensors.
 * The JS backend handles every storage type; the native backend runs float32 in C++ and hands the rest to JS.
 * Semantics of each method are those of the same-named binding function (binding.d.ts).
 */
export interface Backend {
  readonly name: 'native' | 'js';
  /** Instruction set the kernels use: 'avx2' | 'neon' | 'scalar' for native, 'js' for JS. */
  readonly isa: string;
  get_num_threads(): number;
  set_num_threads(n: number): void;

  /** Storage for n elements of dtype; zero-filled when `zero`, otherwise to be fully overwritten. */
  alloc(dtype: DType, n: number, zero: boolean): Storage;
  unary(op: UnaryOp, x: Storage, out: Storage, p0: number, p1: number): void;
  binary(op: BinaryOp, a: Storage, b: Storage, out: Storage, p0: number, p1: number): void;
  binaryStrided(
    op: BinaryOp,
    a: Storage,
    b: Storage,
    out: Storage,
    shape: readonly number[],
    aStrides: readonly number[],
    bStrides: readonly number[],
    p0: number,
    p1: number,
  ): void;
  reduce(op: ReduceOp, x: Storage, out: Storage, outer: number, n: number, inner: number): void;
  argReduce(
    isMax: boolean,
    x: Storage,
    values: Storage,
    indices: Float64Array,
    outer: number,
    n: number,
    inner: number,
  ): void;
  softmax(x: Storage, out: Storage, outer: number, n: number, inner: number, log: boolean): void;
  softmaxBackward(
    y: Storage,
    g: Storage,
    out: Storage,
    outer: number,
    n: number,
    inner: number,
    log: boolean,
  ): void;
  matmul(
    a: Storage,
    b: Storage,
    out: Storage,
    batch: number,
    M: number,
    K: number,
    N: number,
    aBatchStride: number,
    bBatchStride: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): void;
  copyStrided(src: Storage, dst: Storage, shape: readonly number[], strides: readonly number[], offset: number): void;
}
