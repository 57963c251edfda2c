/**
 * Types of the native addon (built by CMakeLists.txt as `torchlet.node`, loaded with node-gyp-build).
 *
 * Conventions for every kernel call:
 * - Arrays are float32 and contiguous unless stated; the addon reads/writes them only during the call and keeps
 *   no pointer afterwards. Output arrays are preallocated by the caller; `out` may alias an input of equal length.
 * - `op` is an index into the matching `*_ops` name list, which the TS layer checks against its own table at load.
 * - Any bad argument (wrong type, length mismatch, out-of-range op or size) throws a JS TypeError/RangeError
 *   naming the function; nothing aborts the process.
 * - Work above a grain size is split across the thread pool; below it runs on the calling thread.
 */
export type Isa = 'avx512' | 'avx2' | 'neon' | 'scalar';

export interface Binding {
  /** ABI version of this binding; the TS layer refuses a mismatch. */
  readonly abi: number;
  /** Names of unary kernels in `op` order (see lib/backend/ops.ts). */
  readonly unary_ops: readonly string[];
  /** Names of binary kernels in `op` order. */
  readonly binary_ops: readonly string[];
  /** Names of reduction kernels in `op` order. */
  readonly reduce_ops: readonly string[];

  /** The instruction set the kernels dispatched to at load. */
  isa(): Isa;
  get_num_threads(): number;
  /** n >= 1; RangeError otherwise. Safe to call while other threads compute (takes effect on the next call). */
  set_num_threads(n: number): void;

  /** out[i] = f(x[i]; p0, p1) for i < x.length; out.length === x.length. */
  unary(op: number, x: Float32Array, out: Float32Array, p0: number, p1: number): void;

  /**
   * Same-shape or scalar binary op: a.length and b.length are each out.length or 1 (a length-1 operand is
   * broadcast). Comparison ops (eq..le) write 0/1 into a Uint8Array `out`; every other op writes a Float32Array.
   */
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array | Uint8Array, p0: number, p1: number): void;

  /**
   * Broadcasting binary op over a strided rank-r iteration space: out is contiguous with `shape`;
   * a's element at index i is a[sum(i[d] * aStrides[d])] (stride 0 = broadcast dim), likewise b.
   */
  binary_strided(
    op: number,
    a: Float32Array,
    b: Float32Array,
    out: Float32Array | Uint8Array,
    shape: readonly number[],
    aStrides: readonly number[],
    bStrides: readonly number[],
    p0: number,
    p1: number,
  ): void;

  /**
   * Reduce the middle axis of x viewed as [outer, n, inner] into out viewed as [outer, inner].
   * sum/mean/prod/amax/amin; amax/amin propagate NaN; n === 0 gives the identity (0 for sum, NaN for mean,
   * 1 for prod; amax/amin with n === 0 is a RangeError).
   */
  reduce(op: number, x: Float32Array, out: Float32Array, outer: number, n: number, inner: number): void;

  /**
   * max (isMax) or min over the middle axis of [outer, n, inner]: values (float32) and indices (float64 holding
   * int64 values) of the first extreme element; a NaN is the extreme (first NaN wins), as in PyTorch. n >= 1.
   */
  arg_reduce(
    isMax: boolean,
    x: Float32Array,
    values: Float32Array,
    indices: Float64Array,
    outer: number,
    n: number,
    inner: number,
  ): void;

  /** softmax (or log_softmax when log) over the middle axis of [outer, n, inner]; numerically stable. */
  softmax(x: Float32Array, out: Float32Array, outer: number, n: number, inner: number, log: boolean): void;

  /**
   * Backward of softmax/log_softmax given the forward output y and upstream grad g, same layout as softmax:
   * softmax: gx = (g - sum(g*y)) * y; log_softmax: gx = g - exp(y) * sum(g).
   */
  softmax_backward(
    y: Float32Array,
    g: Float32Array,
    out: Float32Array,
    outer: number,
    n: number,
    inner: number,
    log: boolean,
  ): void;

  /**
   * Batched matrix product out[b] = op(A[b]) @ op(B[b]) (+ out[b] when accumulate), out contiguous [batch, M, N].
   * A[b] starts at a[b * aBatchStride] and is row-major [M, K], or [K, M] when transA; likewise B[b] is [K, N],
   * or [N, K] when transB. A batch stride of 0 broadcasts that operand.
   */
  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
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

  /**
   * Linear's forward as one product: out = act(A @ B + bias), out contiguous [M, N], A and B as matmul reads them
   * (batch 1). bias (N values) is added to every row, or null; act is a unary op index, or -1 for none (p0, p1 its
   * parameters). The bias and the activation are applied to each block of out as its sums complete, with the
   * add and unary kernels: the result is bit for bit matmul, then binary add, then unary act.
   */
  linear(
    a: Float32Array,
    b: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    M: number,
    K: number,
    N: number,
    transA: boolean,
    transB: boolean,
    act: number,
    p0: number,
    p1: number,
  ): void;

  /**
   * Cross-entropy over x viewed as [outer, n, inner] (n classes) without a log_softmax array; P = outer * inner
   * positions. classes[p] is position p's target class, or -1 where ignored (anything else: RangeError).
   * Writes stats[p] = the max over the classes and stats[P + p] = log(sum of e^(x - max)), computed as softmax's
   * log branch computes them, and losses[p] = -weights[p] * log_softmax(x)[classes[p]] in double (0 where
   * ignored), log_softmax being rounded to float as softmax(log) rounds it.
   */
  cross_entropy(
    x: Float32Array,
    classes: Float64Array,
    weights: Float64Array,
    outer: number,
    n: number,
    inner: number,
    stats: Float64Array,
    losses: Float64Array,
  ): void;

  /**
   * Cross-entropy's gradient from the forward's stats: out = softmax(x) * scale[p], then scale[p] subtracted at
   * the target class (rounded as log_softmax's backward rounds e * scale and the subtraction). out may be x.
   */
  cross_entropy_backward(
    x: Float32Array,
    classes: Float64Array,
    scale: Float64Array,
    stats: Float64Array,
    out: Float32Array,
    outer: number,
    n: number,
    inner: number,
  ): void;

  /** Gather a strided view into contiguous dst: dst[i] = src[offset + sum(idx[d] * strides[d])], row-major over shape. */
  copy_strided(
    src: Float32Array,
    dst: Float32Array,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
  ): void;

  /**
   * Convolution/pooling windows (im2col): x is [N, C, H, W]; geometry is [C, H, W, kh, kw, sh, sw, dh, dw, ph, pw,
   * oh, ow] (kernel, stride, dilation, top/left padding, output size; each below 2^31, kernel/stride/dilation
   * positive). cols is [N, C*kh*kw, oh*ow]: cols[n, (c*kh + i)*kw + j, y*ow + x] = x[n, c, y*sh - ph + i*dh,
   * x*sw - pw + j*dw], or padValue where that lies outside the input.
   */
  im2col(x: Float32Array, cols: Float32Array, N: number, geometry: readonly number[], padValue: number): void;
  /** x rounded in place to the nearest float16 (bfloat16 false) or bfloat16 values, ties to even, NaN kept (float16/bfloat16 tensors' storage). */
  round_reduced(x: Float32Array, bfloat16: boolean): void;

  /** im2col's adjoint (col2im): x (overwritten) gets, per element, the sum of the cols elements im2col read from it. */
  col2im(cols: Float32Array, x: Float32Array, N: number, geometry: readonly number[]): void;

  // ---- Optimizer steps (torch.optim's single-tensor updates; per-element formulas in lib/backend/types.ts) ----
  // Each updates param and its state arrays in place, one pass over param.length elements. All arrays have
  // param's length; null marks absent optional state. The math is in double, rounded to float where stored,
  // with a state value used as stored: the results are those of the JS backend, bit for bit except that
  // Adam's beta^step comes from libm rather than V8. Every numeric hyperparameter must be finite (RangeError).
  // The updated arrays (param and state) must not overlap each other; grad must be disjoint from them or
  // exactly one of them (RangeError otherwise).

  /** SGD; momentum_buffer is used iff given, and init_buffer (its first step) sets it to the decayed gradient. */
  sgd_step(
    param: Float32Array,
    grad: Float32Array,
    momentum_buffer: Float32Array | null,
    init_buffer: boolean,
    lr: number,
    momentum: number,
    dampening: number,
    weight_decay: number,
    nesterov: boolean,
    maximize: boolean,
  ): void;

  /**
   * Adam, or AdamW when decoupled_weight_decay; AMSGrad when max_exp_avg_sq is given. step is this step's
   * 1-based count (an integer >= 1).
   */
  adam_step(
    param: Float32Array,
    grad: Float32Array,
    exp_avg: Float32Array,
    exp_avg_sq: Float32Array,
    max_exp_avg_sq: Float32Array | null,
    step: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weight_decay: number,
    decoupled_weight_decay: boolean,
    maximize: boolean,
  ): void;

  /** RMSprop; centered when grad_avg is given, with momentum when momentum_buffer is given. */
  rmsprop_step(
    param: Float32Array,
    grad: Float32Array,
    square_avg: Float32Array,
    grad_avg: Float32Array | null,
    momentum_buffer: Float32Array | null,
    lr: number,
    alpha: number,
    eps: number,
    weight_decay: number,
    momentum: number,
    maximize: boolean,
  ): void;

  /**
   * An ArrayBuffer of `bytes` bytes, zero-filled when `zero`, otherwise with unspecified contents (the caller
   * overwrites all of it). Large sizes come from a caching pool of already-touched memory (returned to the pool
   * when the GC finalizes the buffer; V8 counts the buffer's size itself and is told what the pool maps);
   * small sizes are plain ArrayBuffers.
   */
  alloc(bytes: number, zero: boolean): ArrayBuffer;
  /**
   * Bytes currently cached in the pool and handed out from it, hits and misses (for tests and the bench), and
   * `reported`: the bytes this JS thread told V8 the pool has mapped (napi_adjust_external_memory).
   */
  pool_stats(): { cached: number; live: number; hits: number; misses: number; reported: number };
}

declare const binding: Binding;
export default binding;
