// PyTorch's global switches that a porting user reaches for, which torchlet records and reports: deterministic
// algorithms and their debug mode, the inter-op thread count, float32 matmul precision, flush-denormal, warn-always;
// and torch.typename.
import { Tensor, pyType } from './tensor';
import * as nn from './nn/index';

export { set_warn_always, is_warn_always_enabled } from './utils/warnings';

function checkBool(message: (type: string) => string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(message(pyType(v)));
  return v;
}

let deterministic = false;
let deterministicWarnOnly = false;

/**
 * torch.use_deterministic_algorithms(mode, { warn_only = false }): records the setting. Every torchlet CPU op is
 * deterministic already (no atomics, fixed reduction orders for a given thread count), so no op raises or warns
 * under it; are_deterministic_algorithms_enabled() and get_deterministic_debug_mode() report it as PyTorch does.
 */
export function use_deterministic_algorithms(mode: boolean, options: { warn_only?: boolean } = {}): void {
  if (arguments.length > 2) throw new TypeError(`use_deterministic_algorithms() takes 1 positional argument but ${arguments.length} were given`);
  checkBool((t) => `_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not ${t}`, mode);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`use_deterministic_algorithms() takes 1 positional argument but 2 were given`);
  }
  for (const k of Object.keys(options)) if (k !== 'warn_only') throw new TypeError(`use_deterministic_algorithms() got an unexpected keyword argument '${k}'`);
  const warnOnly = options.warn_only ?? false;
  checkBool((t) => `_set_deterministic_algorithms(): argument 'warn_only' must be bool, not ${t}`, warnOnly);
  deterministic = mode;
  deterministicWarnOnly = warnOnly;
}

/** torch.are_deterministic_algorithms_enabled(). */
export function are_deterministic_algorithms_enabled(): boolean {
  return deterministic;
}

/** torch.is_deterministic_algorithms_warn_only_enabled(). */
export function is_deterministic_algorithms_warn_only_enabled(): boolean {
  return deterministicWarnOnly;
}

/**
 * torch.set_deterministic_debug_mode(debug_mode): 'default' (0) turns deterministic algorithms off, 'warn' (1) on with
 * warn_only, 'error' (2) on.
 */
export function set_deterministic_debug_mode(debug_mode: 'default' | 'warn' | 'error' | 0 | 1 | 2): void {
  let mode: number;
  if (typeof debug_mode === 'string') {
    mode = ['default', 'warn', 'error'].indexOf(debug_mode);
    if (mode < 0) throw new RangeError(`invalid value of debug_mode, expected one of \`default\`, \`warn\`, \`error\`, but got ${debug_mode}`);
  } else if (typeof debug_mode === 'number' && Number.isInteger(debug_mode)) {
    if (debug_mode < 0 || debug_mode > 2) throw new RangeError(`invalid value of debug_mode, expected 0, 1, or 2, but got ${debug_mode}`);
    mode = debug_mode;
  } else {
    throw new TypeError(`debug_mode must be str or int, but got <class '${pyType(debug_mode)}'>`);
  }
  deterministic = mode > 0;
  deterministicWarnOnly = mode === 1;
}

/** torch.get_deterministic_debug_mode(): 0 (off), 1 (warn only) or 2 (error). */
export function get_deterministic_debug_mode(): 0 | 1 | 2 {
  return !deterministic ? 0 : deterministicWarnOnly ? 1 : 2;
}

let interopThreads = 1;

/**
 * torch.get_num_interop_threads(): the recorded inter-op thread count (1 unless set). torchlet has no inter-op pool
 * (ops run one after another on the calling thread; get_num_threads() is the native kernels' intra-op pool), so the
 * value changes nothing.
 */
export function get_num_interop_threads(): number {
  return interopThreads;
}

/** torch.set_num_interop_threads(int): records the count (torchlet has no inter-op pool: see get_num_interop_threads). */
export function set_num_interop_threads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new TypeError(`set_num_interop_threads expects an int, but got ${pyType(n)}`);
  if (n <= 0) throw new RangeError('set_num_interop_threads expects a positive integer');
  interopThreads = n;
}

/**
 * torch.set_flush_denormal(mode): false, as PyTorch on CPUs without flush-to-zero support: torchlet's kernels keep
 * denormals (JS numbers and the native kernels do not set the FTZ/DAZ flags). set_flush_denormal(false) is true only in
 * PyTorch on a supporting CPU; here every call reports false.
 */
export function set_flush_denormal(mode: boolean): boolean {
  checkBool((t) => `flush_denormal expects a bool, but got ${t}`, mode);
  return false;
}

type MatmulPrecision = 'highest' | 'high' | 'medium';
let matmulPrecision: MatmulPrecision = 'highest';

/** torch.get_float32_matmul_precision(): the recorded setting ('highest' unless set). */
export function get_float32_matmul_precision(): MatmulPrecision {
  return matmulPrecision;
}

/**
 * torch.set_float32_matmul_precision('highest' | 'high' | 'medium'): recorded; torchlet's float32 matmuls always
 * compute in full float32 precision ('highest'), which PyTorch permits at every setting. Another string is ignored
 * with PyTorch's warning.
 */
export function set_float32_matmul_precision(precision: MatmulPrecision): void {
  if (typeof precision !== 'string') throw new TypeError(`set_float32_matmul_precision expects a str, but got ${pyType(precision)}`);
  if (precision !== 'highest' && precision !== 'high' && precision !== 'medium') {
    process.emitWarning(`${precision} is not one of 'highest', 'high', or 'medium'; the current setFloat32MatmulPrecision call has no effect.`, 'UserWarning');
    return;
  }
  matmulPrecision = precision;
}

/** The PyTorch module (under torch.nn.modules) of each nn class, for typename. */
const NN_MODULES: Record<string, string> = {
  pooling: 'AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveMaxPool1d AdaptiveMaxPool2d AdaptiveMaxPool3d AvgPool1d AvgPool2d AvgPool3d FractionalMaxPool2d FractionalMaxPool3d LPPool1d LPPool2d MaxPool1d MaxPool2d MaxPool3d MaxUnpool1d MaxUnpool2d MaxUnpool3d',
  adaptive: 'AdaptiveLogSoftmaxWithLoss',
  dropout: 'AlphaDropout Dropout Dropout1d Dropout2d Dropout3d FeatureAlphaDropout',
  loss: 'BCELoss BCEWithLogitsLoss CTCLoss CosineEmbeddingLoss CrossEntropyLoss GaussianNLLLoss HingeEmbeddingLoss HuberLoss KLDivLoss L1Loss MSELoss MarginRankingLoss MultiLabelMarginLoss MultiLabelSoftMarginLoss MultiMarginLoss NLLLoss NLLLoss2d PoissonNLLLoss SmoothL1Loss SoftMarginLoss TripletMarginLoss TripletMarginWithDistanceLoss',
  batchnorm: 'BatchNorm1d BatchNorm2d BatchNorm3d LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d SyncBatchNorm',
  linear: 'Bilinear Identity LazyLinear Linear',
  activation: 'CELU ELU GELU GLU Hardshrink Hardsigmoid Hardswish Hardtanh LeakyReLU LogSigmoid LogSoftmax Mish MultiheadAttention PReLU RReLU ReLU ReLU6 SELU SiLU Sigmoid Softmax Softmax2d Softmin Softplus Softshrink Softsign Tanh Tanhshrink Threshold',
  channelshuffle: 'ChannelShuffle',
  padding: 'ConstantPad1d ConstantPad2d ConstantPad3d ReflectionPad1d ReflectionPad2d ReflectionPad3d ReplicationPad1d ReplicationPad2d ReplicationPad3d ZeroPad2d',
  container: 'Container ModuleDict ModuleList ParameterDict ParameterList Sequential',
  conv: 'Conv1d Conv2d Conv3d ConvTranspose1d ConvTranspose2d ConvTranspose3d LazyConv1d LazyConv2d LazyConv3d LazyConvTranspose1d LazyConvTranspose2d LazyConvTranspose3d',
  distance: 'CosineSimilarity PairwiseDistance',
  normalization: 'CrossMapLRN2d GroupNorm LayerNorm LocalResponseNorm',
  sparse: 'Embedding EmbeddingBag',
  flatten: 'Flatten Unflatten',
  fold: 'Fold Unfold',
  rnn: 'GRU GRUCell LSTM LSTMCell RNN RNNBase RNNCell RNNCellBase',
  instancenorm: 'InstanceNorm1d InstanceNorm2d InstanceNorm3d LazyInstanceNorm1d LazyInstanceNorm2d LazyInstanceNorm3d',
  module: 'Module',
  pixelshuffle: 'PixelShuffle PixelUnshuffle',
  transformer: 'Transformer TransformerDecoder TransformerDecoderLayer TransformerEncoder TransformerEncoderLayer',
  upsampling: 'Upsample UpsamplingBilinear2d UpsamplingNearest2d',
};
const NN_PATH = new Map<string, string>();
for (const [mod, names] of Object.entries(NN_MODULES)) for (const n of names.split(' ')) NN_PATH.set(n, `torch.nn.modules.${mod}.${n}`);

/**
 * torch.typename(obj): a tensor's type ('torch.FloatTensor', 'torch.DoubleTensor', 'torch.LongTensor',
 * 'torch.IntTensor', 'torch.BoolTensor'), an nn module's PyTorch class path ('torch.nn.modules.linear.Linear'),
 * otherwise the Python type name of a JS value ('int', 'float', 'str', 'bool', 'list', 'NoneType') or the object's
 * class name (PyTorch's module-qualified name has no JS counterpart).
 */
export function typename(obj: unknown): string {
  if (obj instanceof Tensor) return obj.type();
  if (obj instanceof nn.Module) {
    const name = obj.constructor.name;
    const path = NN_PATH.get(name);
    if (path && (nn as Record<string, unknown>)[name] === obj.constructor) return path;
    return name;
  }
  return pyType(obj);
}
