import type { DType, Storage } from '../dtype';
import type { BinaryOp, ReduceOp, UnaryOp } from './ops';

/**
 * What a compute backend provides: kernels over flat typed arrays with explicit sizes, no tensors.
 * The JS backend handles every storage type; the native backend runs float32 in C++ and hands the rest to JS.
 * Semantics of each method are those of the same-named binding function (binding.d.ts).
 */
export interface Backend {
  readonly name: 'native' | 'js';
  /** Instruction set the kernels use: 'avx512' | 'avx2' | 'neon' | 'scalar' for native, 'js' for JS. */
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

  /**
   * A convolution's or pooling's windows (im2col): x is N images [C, H, W], cols N matrices [C*kh*kw, oh*ow] whose
   * element ((c*kh + i)*kw + j, y*ow + x) is x[c, y*sh - ph + i*dh, x*sw - pw + j*dw], or padValue outside.
   */
  im2col(x: Storage, cols: Storage, N: number, g: Windows, padValue: number): void;
  /** Its adjoint (col2im): x, overwritten, gets per element the sum of the cols elements im2col read from it. */
  col2im(cols: Storage, x: Storage, N: number, g: Windows): void;
  /** A float16/bfloat16 tensor's float32 storage rounded in place to the format's nearest values (dtype.ts's roundStorage). */
  roundReduced(storage: Storage, dtype: 'float16' | 'bfloat16'): void;

  // ---- fused kernels (nn.Linear with its bias and activation, cross-entropy): no intermediate tensors ----

  /**
   * Linear's forward as one product: out[M, N] = act(A @ B + bias), A and B as matmul reads them (one matrix
   * each), bias (N values) added to every row or null, act a unary op (p0, p1 its parameters) or null. Each
   * element is rounded as by matmul, then add, then act: the result is theirs bit for bit.
   */
  linear(
    a: Storage,
    b: Storage,
    bias: Storage | null,
    out: Storage,
    M: number,
    K: number,
    N: number,
    transA: boolean,
    transB: boolean,
    act: UnaryOp | null,
    p0: number,
    p1: number,
  ): void;

  /**
   * Cross-entropy's forward over x viewed as [outer, n, inner] (n classes), without a log_softmax array: for each
   * of the P = outer * inner positions, classes[p] is the target class or -1 (ignored). Writes stats[p] = the max
   * over the classes and stats[P + p] = log(sum of e^(x - max)) (what backward needs), and losses[p] =
   * -weights[p] * log_softmax(x)[classes[p]] (0 where ignored), log_softmax rounded as softmax(log) rounds it.
   */
  crossEntropy(
    x: Storage,
    classes: Float64Array,
    weights: Float64Array,
    stats: Float64Array,
    losses: Float64Array,
    outer: number,
    n: number,
    inner: number,
  ): void;

  /**
   * Its gradient from those stats: out = softmax(x) * scale[p] - (target class ? scale[p] : 0), rounded as
   * softmaxBackward(log) rounds the same gradient from log_softmax (scale being minus nll_loss's gradient).
   */
  crossEntropyBackward(
    x: Storage,
    classes: Float64Array,
    scale: Float64Array,
    stats: Float64Array,
    out: Storage,
    outer: number,
    n: number,
    inner: number,
  ): void;

  // ---- fused optimizer steps (torch.optim, single-tensor path) ----
  // Each updates one parameter in place, one pass over its elements. All arrays have the param's length and
  // storage type (grad may be any float storage); math is in double, rounded when stored into the arrays, and a
  // state value is re-read after its store so later terms see the stored (rounded) value, as PyTorch's buffers.
  // Proposed binding functions (float32 arrays, hyperparameters as positional numbers/booleans in this order):
  // sgd_step, adam_step, rmsprop_step.

  /**
   * SGD, per element:  d = maximize ? -grad : grad;  d += weight_decay * param;
   * when momentumBuffer (given iff momentum != 0): buf = initBuffer ? d : momentum * buf + (1 - dampening) * d,
   * then d = nesterov ? d + momentum * buf : buf;  finally param -= lr * d.
   * initBuffer is true on a buffer's first step (PyTorch's momentum_buffer = clone(d_p)).
   */
  sgdStep(param: Storage, grad: Storage, momentumBuffer: Storage | null, initBuffer: boolean, hyper: SgdHyper): void;

  /**
   * Adam / AdamW, per element, `step` being the 1-based count including this step:
   * g = maximize ? -grad : grad;  Adam: g += weight_decay * param;  AdamW (decoupled): param *= 1 - lr * weight_decay;
   * expAvg = beta1 * expAvg + (1 - beta1) * g;  expAvgSq = beta2 * expAvgSq + (1 - beta2) * g * g;
   * v = expAvgSq, or with maxExpAvgSq (amsgrad) maxExpAvgSq = max(maxExpAvgSq, expAvgSq) (NaN wins) and v = maxExpAvgSq;
   * param -= lr / (1 - beta1^step) * expAvg / (sqrt(v) / sqrt(1 - beta2^step) + eps).
   */
  adamStep(
    param: Storage,
    grad: Storage,
    expAvg: Storage,
    expAvgSq: Storage,
    maxExpAvgSq: Storage | null,
    step: number,
    hyper: AdamHyper,
    decoupledWeightDecay: boolean,
  ): void;

  /**
   * RMSprop, per element:  g = maximize ? -grad : grad;  g += weight_decay * param;
   * squareAvg = alpha * squareAvg + (1 - alpha) * g * g;
   * centered (gradAvg given): gradAvg = alpha * gradAvg + (1 - alpha) * g, avg = sqrt(squareAvg - gradAvg^2) + eps,
   * else avg = sqrt(squareAvg) + eps;
   * with momentumBuffer (given iff momentum > 0): buf = momentum * buf + g / avg, param -= lr * buf;
   * else param -= lr * g / avg.
   */
  rmspropStep(
    param: Storage,
    grad: Storage,
    squareAvg: Storage,
    gradAvg: Storage | null,
    momentumBuffer: Storage | null,
    hyper: RmspropHyper,
  ): void;
}

/** Windows over [C, H, W] images: kernel kh x kw, stride, dilation, padding before (top, left), output size. */
export interface Windows {
  C: number;
  H: number;
  W: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  ph: number;
  pw: number;
  oh: number;
  ow: number;
}

/** SGD's hyperparameters (an SGD param group satisfies this). */
export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
  maximize: boolean;
}

/** Adam's and AdamW's hyperparameters (their param groups satisfy this). */
export interface AdamHyper {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weight_decay: number;
  maximize: boolean;
}

/** RMSprop's hyperparameters (an RMSprop param group satisfies this). */
export interface RmspropHyper {
  lr: number;
  alpha: number;
  eps: number;
  weight_decay: number;
  momentum: number;
  maximize: boolean;
}
