// torchlet: PyTorch's tensor API for Node.js. `import * as torch from 'torchlet'`.
import { B, nativeOrNull } from './backend';
import { Tensor, checkTensor, typeName } from './tensor';
import { Device, checkArgs, isDevice, resolveArgs } from './args';
import { getDefaultDtype, setDefaultDtype, type DType } from './dtype';
import { autocast, type AutocastOptions } from './autocast';
import { Generator as RandomGenerator } from './random';

export { Tensor };
export type { DType } from './dtype';
export { float32, float, float64, double, float16, half, bfloat16, int64, long, int32, int, int16, short, int8, uint8, bool } from './dtype-constants';

/** torch.get_default_dtype(): the dtype of float factories and JS floats, 'float32' until set_default_dtype. */
export function get_default_dtype(): DType {
  checkArgs('get_default_dtype', arguments, 0, [], 0);
  return getDefaultDtype();
}

/** torch.set_default_dtype(d): float32 or float64 (other dtypes are PyTorch's TypeError). */
export function set_default_dtype(d: DType | string): void {
  checkArgs('set_default_dtype', arguments, 1, [], 0);
  if (d === undefined) throw new TypeError("set_default_dtype() missing 1 required positional argument: 'd'");
  setDefaultDtype(d);
}
export { tensor, zeros, ones, empty, full, zeros_like, ones_like, empty_like, full_like, rand, randn, randint, randperm, rand_like, randn_like, arange, linspace, eye } from './ops/creation';
export type { TensorOptions } from './ops/creation';
export {
  add, sub, mul, div, pow, neg, abs, exp, log, log1p, expm1, erf, sqrt, clamp, clamp as clip, maximum, minimum, masked_fill,
  floor, ceil, trunc, trunc as fix, round, floor_divide,
  relu, sigmoid, tanh, heaviside, threshold, relu_, sigmoid_, tanh_, exp_, equal,
} from './ops/elementwise';
export { selu, celu, prelu } from './nn/functional';
export { selu_, celu_, threshold_, rrelu_ } from './nn/functional';
export {
  erfc, erfc_, erfinv, logit, logit_, copysign, signbit, hardshrink, atanh_, arctanh_, clamp_, clamp_min_, clamp_max_,
} from './ops/special';
export { atanh as arctanh } from './ops/math';
import { rrelu as nnRrelu, binary_cross_entropy_with_logits as nnBCEWithLogits, softmax as nnSoftmax, log_softmax as nnLogSoftmax } from './nn/functional';
import * as specialOps from './ops/special';
import { reductionOf } from './functional_aliases';
import * as specialExtra from './ops/special_extra';
import * as specialBessel from './ops/special_bessel';
import * as mathExtra from './ops/math_extra';
import { erf as erfOp, expm1 as expm1Op, log1p as log1pOp, round as roundOp } from './ops/elementwise';
import { exp2 as exp2Op, logsumexp as logsumexpOp } from './ops/math';

type RReLUArgs = number | boolean | { lower?: number; upper?: number; training?: boolean };
/** torch.rrelu(input, lower = 1/8, upper = 1/3, training = false): F.rrelu without the inplace argument. */
export function rrelu(input: Tensor, lower?: RReLUArgs, upper?: RReLUArgs, training?: RReLUArgs): Tensor {
  const a = resolveArgs<{ lower?: number; upper?: number; training?: boolean }>('rrelu', ['lower', 'upper', 'training'], { lower: 1 / 8, upper: 1 / 3, training: false }, arguments, 1);
  return nnRrelu(input, a);
}

type BCEArgs = Tensor | number | null | { weight?: Tensor | null; pos_weight?: Tensor | null; reduction?: number };
/**
 * torch.binary_cross_entropy_with_logits(input, target, weight = None, pos_weight = None, reduction = 0): ATen's
 * form of F.binary_cross_entropy_with_logits, the reduction an int (0 'none', 1 'mean', 2 'sum'). Omitted, PyTorch 1.13
 * does not reduce (unlike F's 'mean').
 */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight?: BCEArgs, pos_weight?: BCEArgs, reduction?: BCEArgs): Tensor {
  const op = 'binary_cross_entropy_with_logits';
  const a = resolveArgs<{ weight?: Tensor | null; pos_weight?: Tensor | null; reduction?: unknown }>(op, ['weight', 'pos_weight', 'reduction'], { weight: null, pos_weight: null, reduction: 0 }, arguments, 2);
  return nnBCEWithLogits(input, target, { weight: a.weight ?? undefined, pos_weight: a.pos_weight ?? undefined, reduction: reductionOf(op, a.reduction) });
}

/** torch.special: the functions of PyTorch's special namespace that torchlet has. */
export const special = {
  erf: erfOp,
  erfc: specialOps.erfc,
  erfinv: specialOps.erfinv,
  expit: specialOps.expit,
  logit: specialOps.logit,
  expm1: expm1Op,
  exp2: exp2Op,
  log1p: log1pOp,
  logsumexp: logsumexpOp,
  softmax: nnSoftmax,
  log_softmax: nnLogSoftmax,
  round: roundOp,
  digamma: mathExtra.digamma,
  psi: mathExtra.digamma,
  gammaln: mathExtra.lgamma,
  polygamma: mathExtra.polygamma,
  multigammaln: mathExtra.mvlgamma,
  gammainc: mathExtra.igamma,
  gammaincc: mathExtra.igammac,
  zeta: mathExtra.zeta,
  xlogy: mathExtra.xlogy,
  xlog1py: mathExtra.xlog1py,
  sinc: mathExtra.sinc,
  i0: mathExtra.i0,
  i0e: specialExtra.i0e,
  i1: specialExtra.i1,
  i1e: specialExtra.i1e,
  ndtr: specialExtra.ndtr,
  ndtri: specialExtra.ndtri,
  log_ndtr: specialExtra.log_ndtr,
  erfcx: specialExtra.erfcx,
  entr: specialExtra.entr,
  bessel_j0: specialBessel.bessel_j0,
  bessel_j1: specialBessel.bessel_j1,
  bessel_y0: specialBessel.bessel_y0,
  bessel_y1: specialBessel.bessel_y1,
  modified_bessel_i0: specialBessel.modified_bessel_i0,
  modified_bessel_i1: specialBessel.modified_bessel_i1,
  modified_bessel_k0: specialBessel.modified_bessel_k0,
  modified_bessel_k1: specialBessel.modified_bessel_k1,
  scaled_modified_bessel_k0: specialBessel.scaled_modified_bessel_k0,
  scaled_modified_bessel_k1: specialBessel.scaled_modified_bessel_k1,
  spherical_bessel_j0: specialBessel.spherical_bessel_j0,
  airy_ai: specialBessel.airy_ai,
  chebyshev_polynomial_t: specialBessel.chebyshev_polynomial_t,
  chebyshev_polynomial_u: specialBessel.chebyshev_polynomial_u,
  chebyshev_polynomial_v: specialBessel.chebyshev_polynomial_v,
  chebyshev_polynomial_w: specialBessel.chebyshev_polynomial_w,
  shifted_chebyshev_polynomial_t: specialBessel.shifted_chebyshev_polynomial_t,
  shifted_chebyshev_polynomial_u: specialBessel.shifted_chebyshev_polynomial_u,
  shifted_chebyshev_polynomial_v: specialBessel.shifted_chebyshev_polynomial_v,
  shifted_chebyshev_polynomial_w: specialBessel.shifted_chebyshev_polynomial_w,
  hermite_polynomial_h: specialBessel.hermite_polynomial_h,
  hermite_polynomial_he: specialBessel.hermite_polynomial_he,
  laguerre_polynomial_l: specialBessel.laguerre_polynomial_l,
  legendre_polynomial_p: specialBessel.legendre_polynomial_p,
};
export { sum, mean, prod, max, min, amax, amin, argmax, argmin, var_ as var, std, softmax, log_softmax, norm } from './ops/reduce';
export type { ReduceOptions, VarOptions, ValuesIndices, NormOptions } from './ops/reduce';
/** torch.linalg: PyTorch's linear-algebra namespace (lib/linalg.ts). */
export * as linalg from './linalg';
export * as testing from './testing';
export {
  einsum, addmm, addmv, addr, addbmm, baddbmm, mv, ger, inner, vdot, kron, tensordot, chain_matmul, cross, cdist,
  trace, diag, diagflat, diag_embed, diagonal, tril_indices, triu_indices,
} from './ops/linalg_extra';
export {
  det_torch as det, slogdet_torch as slogdet, logdet, inverse, matrix_power_torch as matrix_power, cholesky_deprecated as cholesky, qr_deprecated as qr, svd_deprecated as svd, pinverse,
  matrix_exp,
} from './ops/linalg_decomp';
export {
  triangular_solve, lu_deprecated as lu, lu_unpack, lu_solve_deprecated as lu_solve, cholesky_solve, cholesky_inverse,
} from './ops/linalg_lu';
export { matmul, mm, bmm } from './ops/linalg';
export { cat, cat as concat, stack, flatten, squeeze, unsqueeze, transpose, permute, t, narrow, select, clone, chunk, split } from './ops/shape';
export { manual_seed, seed, initial_seed, default_generator } from './random';
/**
 * torch.Generator(device = 'cpu'): made with or without `new`, as PyTorch code writes `torch.Generator()`
 * (`torch.Generator().manual_seed(42)`); instanceof works either way.
 */
export const Generator = new Proxy(RandomGenerator, {
  apply: (target, _self, args: unknown[]) => new target(...args),
}) as typeof RandomGenerator & ((device?: unknown) => RandomGenerator);
export type Generator = RandomGenerator;
export { no_grad, enable_grad, is_grad_enabled, set_grad_enabled, inference_mode, is_inference_mode_enabled } from './autograd';
export { is_anomaly_enabled, set_anomaly_enabled, is_anomaly_check_nan_enabled } from './autograd';
import { detect_anomaly, set_detect_anomaly } from './autograd';
export {
  use_deterministic_algorithms, are_deterministic_algorithms_enabled, is_deterministic_algorithms_warn_only_enabled,
  set_deterministic_debug_mode, get_deterministic_debug_mode, set_warn_always, is_warn_always_enabled,
  get_num_interop_threads, set_num_interop_threads, set_flush_denormal, get_float32_matmul_precision,
  set_float32_matmul_precision, typename,
} from './torch_utils';
export { gradient } from './ops/gradient';
export { as_strided } from './ops/strided';
export type { GradientOptions } from './ops/gradient';
export { set_printoptions } from './format';
export { save, load } from './serialization';
export { index_select, gather } from './ops/indexing';
export {
  scatter, scatter_add, scatter_reduce, index_add, index_copy, index_fill, index_put, index_put_, index_reduce,
  masked_select, masked_scatter, nonzero, argwhere, take, take_along_dim, put, where,
} from './ops/scatter';
export type { ScatterOptions, ScatterReduceOptions, IndexAddOptions, IndexReduceOptions, IndexPutOptions } from './ops/scatter';
export { sort, argsort, topk, cumsum, multinomial } from './ops/sorting';
export {
  cumprod, cummax, cummin, logcumsumexp, median, nanmedian, mode, kthvalue, quantile, nanquantile, msort, nansum, nanmean,
  count_nonzero, aminmax, histc, bincount, bucketize, searchsorted, histogram, unique, unique_consecutive, diff, cov, corrcoef,
} from './ops/stats';
export type { QuantileOptions, SearchOptions, HistogramOptions, UniqueOptions, DiffOptions, CovOptions, MinMax, Histogram } from './ops/stats';
export {
  sin, cos, tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh, asin as arcsin, acos as arccos, atan as arctan,
  log2, log10, exp2, rsqrt, reciprocal, sign, isnan, isinf, isfinite, logical_not, logical_and, logical_or, logical_xor,
  any, all, logsumexp, nan_to_num, isclose, allclose, var_mean, std_mean, square, clamp_min, clamp_max,
} from './ops/math';
export type { IscloseOptions } from './ops/math';
export {
  atan2, arctan2, hypot, logaddexp, logaddexp2, xlogy, fmod, remainder, float_power, ldexp, fmax, fmin, nextafter, gcd, lcm,
  bitwise_and, bitwise_or, bitwise_xor, bitwise_not, bitwise_left_shift, bitwise_right_shift, sinc, deg2rad, rad2deg, i0,
  lgamma, digamma, polygamma, mvlgamma, igamma, igammac, frexp, lerp, sgn, frac, positive, negative, absolute, multiply,
  subtract, divide, true_divide, arccosh, arcsinh, not_equal, greater, greater_equal, less, less_equal,
  angle, isposinf, isneginf, isreal, rsub, addcmul, addcdiv,
  sin_, cos_, tan_, asin_, acos_, atan_, arcsin_, arccos_, arctan_, sinh_, cosh_, asinh_, acosh_, arcsinh_, arccosh_,
  sqrt_, rsqrt_, log_, log2_, log10_, log1p_, expm1_, exp2_, erf_, floor_, ceil_, trunc_, fix_, round_, frac_, reciprocal_,
  square_, negative_, deg2rad_, rad2deg_, sinc_, i0_, nan_to_num_, xlogy_, ldexp_, gcd_, lcm_, neg_, abs_, clip_, fill_, zero_,
} from './ops/math_extra';
export { flip, roll, tile, unbind, triu, tril, outer, dot } from './ops/arrange';
export {
  broadcast_to, broadcast_tensors, broadcast_shapes, meshgrid, atleast_1d, atleast_2d, atleast_3d, hstack, vstack, dstack,
  column_stack, row_stack, tensor_split, hsplit, vsplit, dsplit, rot90, fliplr, flipud, movedim, moveaxis, swapaxes, swapdims,
  repeat_interleave, unflatten, ravel, block_diag, cartesian_prod, combinations, narrow_copy, select_scatter, slice_scatter,
  diagonal_scatter, logspace, randint_like, vander, hann_window, hamming_window, blackman_window, bartlett_window, kaiser_window,
  scalar_tensor, as_tensor, asarray, range,
} from './ops/shape_extra';
export { normal, bernoulli, poisson } from './ops/random_extra';
export {
  split_with_sizes, renorm, dist, is_nonzero, is_signed, is_floating_point, is_complex, is_same_size, adjoint, finfo, iinfo,
  promote_types, result_type, can_cast, isin, trapezoid, trapz, cumulative_trapezoid,
} from './ops/tensor_extra';
export type { FInfo, IInfo } from './ops/tensor_extra';
export * as nn from './nn/index';
export * as optim from './optim/index';
export * as utils from './utils/index';
export * as distributions from './distributions';
import { compare } from './ops/elementwise';
import { reshape as reshapeImpl } from './ops/shape';
import { dropout as nnDropout } from './nn/functional';

type Operand = Tensor | number | boolean;
/** torch.eq and the other comparisons: (input, other), refusing more (PyTorch's out= is not supported). */
function comparison(op: 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le') {
  return function (a: Tensor, b: Operand): Tensor {
    checkArgs(op, arguments, 2, [], 2);
    return compare(op, a, b);
  };
}
export const eq = comparison('eq');
export const ne = comparison('ne');
export const gt = comparison('gt');
export const lt = comparison('lt');
export const ge = comparison('ge');
export const le = comparison('le');

/** torch.dropout(input, p, train): all arguments required, as in PyTorch. */
export function dropout(input: Tensor, p: number, train: boolean): Tensor {
  return nnDropout(input, p, train);
}

export function is_tensor(obj: unknown): obj is Tensor {
  return obj instanceof Tensor;
}

/** torch.reshape(input, shape). */
export function reshape(input: Tensor, shape: readonly number[]): Tensor {
  return reshapeImpl(input, shape);
}

export function numel(x: Tensor): number {
  checkArgs('numel', arguments, 1);
  return checkTensor('numel', x).numel();
}

/** torch.device('cpu') or ('cuda', 0): what `.to(device)` and the factories' `device` take (only the CPU works here). */
export function device(type: string, index?: number): Device {
  checkArgs('device', arguments, 2);
  if (typeof type !== 'string') throw new TypeError(`device(): argument 'type' (position 1) must be str, not ${typeName(type)}`);
  if (!isDevice(type)) throw new RangeError(`device(): Expected one of cpu, cuda, mps, xpu, meta, hip device type at start of device string: ${type}`);
  const [name, at] = type.split(':');
  return new Device(name, at !== undefined ? Number(at) : (index ?? null));
}
export type { Device };

/** torch.cuda: torchlet has no GPU backend, so `torch.cuda.is_available()` is false (PyTorch code picks 'cpu'). */
export const cuda = {
  is_available: (): boolean => false,
  device_count: (): number => 0,
};

export { autocast, is_autocast_cpu_enabled, get_autocast_cpu_dtype } from './autocast';
export type { AutocastOptions } from './autocast';
/** torch.cpu.amp.autocast({ enabled, dtype, cache_enabled }, fn): torch.autocast('cpu', ...). */
export const cpu = {
  amp: { autocast: <T>(options: AutocastOptions | (() => T), fn?: () => T): T => (fn ? autocast<T>('cpu', options, fn) : autocast<T>('cpu', options)) },
};

/** Which backend computes, with which instruction set and how many threads. */
export function backend(): { name: 'native' | 'js'; isa: string; num_threads: number } {
  return { name: B.name, isa: B.isa, num_threads: get_num_threads() };
}

/** Threads used by native kernels (PyTorch's intra-op thread count); 1 on the JS backend. */
export function get_num_threads(): number {
  return B.name === 'native' ? B.get_num_threads() : 1;
}

export function set_num_threads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new RangeError(`set_num_threads(): expects a positive integer number of threads, got ${String(n)}`);
  }
  nativeOrNull()?.set_num_threads(n);
}

import { gradcheck } from './gradcheck';
import { autogradGrad } from './autograd_grad';
import { Function as AutogradFunction, FunctionCtx } from './autograd_function';
import * as autogradFunctional from './autograd_functional';
/**
 * torch.autograd: gradcheck, backward(tensors, grad_tensors) in functional form, grad(outputs, inputs), Function
 * (custom ops with a hand-written backward), functional (vjp, jvp, jacobian), and anomaly detection
 * (detect_anomaly(fn), set_detect_anomaly(mode)).
 */
export const autograd = {
  Function: AutogradFunction,
  function: { FunctionCtx },
  functional: autogradFunctional,
  gradcheck,
  backward(tensor: Tensor, grad_tensor?: Tensor): void {
    tensor.backward(grad_tensor);
  },
  grad: autogradGrad,
  detect_anomaly,
  set_detect_anomaly,
};
export {
  conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, avg_pool1d, adaptive_avg_pool1d,
  pixel_shuffle, pixel_unshuffle, channel_shuffle, pdist, pairwise_distance, cosine_similarity, bilinear,
  max_pool1d, max_pool2d, max_pool3d, max_pool1d_with_indices, adaptive_max_pool1d, constant_pad_nd, embedding,
  alpha_dropout, feature_alpha_dropout, feature_dropout, kl_div, margin_ranking_loss, hinge_embedding_loss,
  cosine_embedding_loss, poisson_nll_loss, triplet_margin_loss, ctc_loss, batch_norm, instance_norm, layer_norm,
  group_norm, detach,
} from './functional_aliases';
