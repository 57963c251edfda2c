// torch.autocast on the CPU, as PyTorch 1.13's: inside it, matrix products and convolutions run in bfloat16
// (their float32 and float16 inputs cast, so their outputs are bfloat16), losses and a few ops that need the range
// run in float32 (their bfloat16 and float16 inputs cast), and every other op runs in its inputs' dtype. The casts
// are ops like any other, so gradients reach float32 parameters as float32.
import { Tensor } from './tensor';
import { cast } from './ops/shape';
import { parseDType, type DType } from './dtype';
import { isOptions } from './args';
import { warnOnce } from './utils/warnings';

let enabled = false;

/** torch.is_autocast_cpu_enabled(): inside an enabled autocast('cpu'). */
export function is_autocast_cpu_enabled(): boolean {
  return enabled;
}

/** torch.get_autocast_cpu_dtype(): bfloat16, the only dtype CPU autocast has in PyTorch 1.13. */
export function get_autocast_cpu_dtype(): DType {
  return 'bfloat16';
}

export interface AutocastOptions {
  device_type?: string;
  dtype?: DType | string;
  enabled?: boolean;
  /** Accepted for PyTorch's signature: casts are not cached. */
  cache_enabled?: boolean;
}

/**
 * torch.autocast(device_type, fn), autocast(device_type, { dtype, enabled, cache_enabled }, fn) or
 * autocast({ device_type, ... }, fn): fn's result, fn run with autocast on (or off: { enabled: false }) for the CPU.
 * 'cuda' is accepted and, as PyTorch does without CUDA, warns and changes nothing.
 */
export function autocast<T>(...args: [string | AutocastOptions, ...unknown[]]): T {
  const fn = args[args.length - 1];
  if (typeof fn !== 'function') throw new TypeError('autocast(): the last argument must be the function to run');
  const [first, second] = args.slice(0, -1);
  const options = (isOptions(first) ? first : isOptions(second) ? second : {}) as AutocastOptions;
  const device = typeof first === 'string' ? first : options.device_type;
  if (device !== 'cpu' && device !== 'cuda') throw new RangeError("User specified autocast device_type must be 'cuda' or 'cpu'");
  if (device === 'cuda') {
    warnOnce("User provided device_type of 'cuda', but CUDA is not available. Disabling");
    return (fn as () => T)();
  }
  const on = options.enabled ?? true;
  if (on && options.dtype !== undefined && parseDType(options.dtype, 'autocast') !== 'bfloat16') {
    warnOnce('CPU Autocast only supports dtype of torch.bfloat16 currently.');
    throw new TypeError('Currently, AutocastCPU only support Bfloat16 as the autocast_cpu_dtype');
  }
  const previous = enabled;
  enabled = on;
  try {
    return (fn as () => T)();
  } finally {
    enabled = previous;
  }
}

/** fn() with autocast off: for ops PyTorch runs as one float32 kernel that torchlet composes from products, and backward. */
export function outsideAutocast<T>(fn: () => T): T {
  if (!enabled) return fn();
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = true;
  }
}

/** args with the tensors of dtypes `from` cast to `to`, or null outside autocast or when none is of those dtypes. */
function castArgs(args: ArrayLike<unknown>, from: readonly DType[], to: DType): unknown[] | null {
  if (!enabled) return null;
  const list = Array.from(args);
  if (!list.some((a) => a instanceof Tensor && from.includes(a.dtype))) return null;
  return list.map((a) => (a instanceof Tensor && from.includes(a.dtype) ? cast(a, to) : a));
}

/** A matrix product's or convolution's arguments inside autocast: float32 and float16 tensors as bfloat16 (or null). */
export function autocastLower<A extends unknown[]>(args: ArrayLike<unknown>): A | null {
  return castArgs(args, ['float32', 'float16'], 'bfloat16') as A | null;
}

/** A loss's (or another range-sensitive op's) arguments inside autocast: bfloat16 and float16 tensors as float32 (or null). */
export function autocastFloat32<A extends unknown[]>(args: ArrayLike<unknown>): A | null {
  return castArgs(args, ['bfloat16', 'float16'], 'float32') as A | null;
}
