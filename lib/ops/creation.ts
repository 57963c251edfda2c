// Tensor factories: torch.tensor from nested arrays or typed arrays, zeros/ones/full/..., ranges, random.
import { FLOAT_FORMATS, castValue, checkFits, getDefaultDtype, isFloating, isReduced, parseDType, type DType } from '../dtype';
import { checkSizes, numelOf, parseSizeArgs } from '../shape';
import { B } from '../backend';
import { Tensor, checkTensor, fromValues, typeName } from '../tensor';
import { fillNormal, fillUniform24, permutation, uniform53, withGenerator, type Generator } from '../random';
import { cast, clone } from './shape';
import { checkArgs, checkDevice, checkKeywords, type Device } from '../args';

export interface TensorOptions {
  dtype?: DType | string;
  requires_grad?: boolean;
  /** Accepted for PyTorch code that passes it: torchlet computes on the CPU only. */
  device?: 'cpu' | Device;
}

/** The random factories' options: also the torch.Generator to draw from (torch's default one when omitted). */
export interface RandomTensorOptions extends TensorOptions {
  generator?: Generator | null;
}

export const TENSOR_OPTIONS = ['dtype', 'requires_grad', 'device'];
const RANDOM_OPTIONS = [...TENSOR_OPTIONS, 'generator'];

/** Refuses keys a factory does not take (a misspelled dtype would otherwise give float32) and other devices. */
function checkTensorOptions(op: string, options: TensorOptions | undefined, allowed = TENSOR_OPTIONS): void {
  checkKeywords(op, options, allowed);
  checkDevice(op, options?.device);
}

type Nested = number | boolean | bigint | readonly Nested[];
type SizeArgs = (number | readonly number[] | TensorOptions)[];

function finish(t: Tensor, options: TensorOptions | undefined): Tensor {
  if (options?.requires_grad) t.requires_grad_(true);
  return t;
}

function dtypeOf(op: string, options: TensorOptions | undefined, fallback: DType, allowed = TENSOR_OPTIONS): DType {
  checkTensorOptions(op, options, allowed);
  return options?.dtype === undefined ? fallback : parseDType(options.dtype, op);
}


/**
 * torch.tensor(data, { dtype, requires_grad }). JS numbers do not say int or float, so plain numbers give
 * the default dtype (float32 unless torch.set_default_dtype changed it); bigints give int64, booleans bool, typed arrays their own dtype.
 */
export function tensor(data: Nested | ArrayLike<number> | Tensor | BigInt64Array, options?: TensorOptions): Tensor {
  if (data instanceof Tensor) return finish(cast(clone(data.detach()), dtypeOf('tensor', options, data.dtype)), options);
  if (ArrayBuffer.isView(data)) return finish(fromTyped(data as TypedInput, options), options);
  const shape: number[] = [];
  for (let level: unknown = data; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values: number[] = [];
  let kind: 'bool' | 'int64' | 'float' | null = null;
  const walk = (v: unknown, depth: number): void => {
    if (depth < shape.length) {
      if (!Array.isArray(v)) throw new TypeError(`tensor(): expected a sequence at dim ${depth}, got ${typeName(v)}`);
      if (v.length !== shape[depth]) throw new RangeError(`tensor(): expected sequence of length ${shape[depth]} at dim ${depth} (got ${v.length})`);
      for (const item of v) walk(item, depth + 1);
      return;
    }
    if (typeof v === 'number') kind = 'float';
    else if (typeof v === 'boolean') kind = kind ?? 'bool';
    else if (typeof v === 'bigint') kind = kind === 'float' ? kind : 'int64';
    else throw new TypeError(`tensor(): Could not infer dtype of ${typeName(v)}`);
    values.push(Number(v));
  };
  walk(data, 0);
  const dtype = dtypeOf('tensor', options, kind === 'float' || kind === null ? getDefaultDtype() : kind);
  values.forEach((v) => checkFits('tensor', dtype, v));
  return finish(fromValues(values, shape, dtype), options);
}

type TypedInput = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | BigInt64Array;

function fromTyped(data: TypedInput, options?: TensorOptions): Tensor {
  const natural: DType =
    data instanceof Float32Array ? 'float32'
    : data instanceof Float64Array ? 'float64'
    : data instanceof BigInt64Array ? 'int64'
    : data instanceof Int16Array ? 'int16'
    : data instanceof Int8Array ? 'int8'
    : data instanceof Uint8Array ? 'uint8'
    : 'int32'; // Uint16Array: PyTorch has no uint16
  const dtype = dtypeOf('tensor', options, natural);
  const values = data instanceof BigInt64Array ? Array.from(data, (v) => checkFits('tensor', 'int64', Number(v))) : (data as ArrayLike<number>);
  return fromValues(values, [values.length], dtype);
}

function filled(op: string, args: readonly unknown[], value: number, defaultDtype: DType = getDefaultDtype()): Tensor {
  const { shape, options } = parseSizeArgs<TensorOptions>(op, args);
  const dtype = dtypeOf(op, options, defaultDtype);
  const storage = B.alloc(dtype, numelOf(shape), true);
  if (value !== 0) storage.fill(castValue(dtype, checkFits(op, dtype, value)));
  return finish(new Tensor(storage, shape, dtype), options);
}

export function zeros(...size: SizeArgs): Tensor {
  return filled('zeros', size, 0);
}

export function ones(...size: SizeArgs): Tensor {
  return filled('ones', size, 1);
}

/** Like PyTorch, contents are unspecified; torchlet's are zeros. */
export function empty(...size: SizeArgs): Tensor {
  return filled('empty', size, 0);
}

export function full(size: readonly number[], fill_value: number | boolean, options?: TensorOptions): Tensor {
  if (typeof fill_value !== 'number' && typeof fill_value !== 'boolean') {
    throw new TypeError(`full(): argument 'fill_value' (position 2) must be Number, not ${typeName(fill_value)}`);
  }
  return filled('full', [size, options ?? {}], +fill_value, typeof fill_value === 'boolean' ? 'bool' : getDefaultDtype());
}

/** The shape of x and options defaulting to its dtype, for the *_like factories. */
function like(op: string, x: Tensor, options?: TensorOptions): [readonly number[], TensorOptions] {
  checkTensor(op, x);
  checkTensorOptions(op, options);
  return [x.shape, { dtype: x.dtype, ...options }];
}

export const zeros_like = (x: Tensor, options?: TensorOptions) => zeros(...like('zeros_like', x, options));
export const ones_like = (x: Tensor, options?: TensorOptions) => ones(...like('ones_like', x, options));
export const empty_like = (x: Tensor, options?: TensorOptions) => empty(...like('empty_like', x, options));
export const full_like = (x: Tensor, fill_value: number | boolean, options?: TensorOptions) => {
  const [shape, opts] = like('full_like', x, options);
  return full(shape, fill_value, opts);
};
export const rand_like = (x: Tensor, options?: TensorOptions) => rand(...like('rand_like', x, options));
export const randn_like = (x: Tensor, options?: TensorOptions) => randn(...like('randn_like', x, options));

function checkNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${op}(): argument '${name}' must be a number, not ${typeName(v)}`);
  if (!Number.isFinite(v)) throw new RangeError(`${op}(): ${name} must be finite, got ${v}`);
  return v;
}

/** arange(end), arange(start, end, step?); all-integer arguments give int64, as PyTorch does for Python ints. */
export function arange(...args: (number | TensorOptions)[]): Tensor {
  const options = (typeof args[args.length - 1] === 'object' ? args.pop() : undefined) as TensorOptions | undefined;
  const nums = args.map((v, i) => checkNumber('arange', ['start', 'end', 'step'][args.length === 1 ? 1 : i], v));
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0) throw new RangeError('arange(): step must be nonzero');
  if ((end - start) / step < 0) throw new RangeError('arange(): upper bound and larger bound inconsistent with step sign');
  const n = Math.ceil((end - start) / step);
  checkSizes('arange', [n]);
  const dtype = dtypeOf('arange', options, nums.every(Number.isInteger) ? 'int64' : getDefaultDtype());
  const storage = B.alloc(dtype, n, false);
  for (let i = 0; i < n; i++) storage[i] = castValue(dtype, start + i * step);
  return finish(new Tensor(storage, [n], dtype), options);
}

export function linspace(start: number, end: number, steps: number, options?: TensorOptions): Tensor {
  checkNumber('linspace', 'start', start);
  checkNumber('linspace', 'end', end);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace(): number of steps must be non-negative, got ${steps}`);
  checkSizes('linspace', [steps]);
  const dtype = dtypeOf('linspace', options, getDefaultDtype());
  const storage = B.alloc(dtype, steps, false);
  // Bit-for-bit PyTorch (single-threaded CPU): arithmetic in the output's precision, values from both ends
  // toward the middle so the last one is exactly `end`, and the rounding of its vectorized loop: blocks of
  // 2 x 8 lanes, each lane base + round(step * lane), where base and the scalar tail use a fused multiply-add
  // (step * n is exact in a double, so one rounding emulates the FMA).
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  const [s0, e0] = [r(start), r(end)];
  const step = steps > 1 ? r(r(e0 - s0) / (steps - 1)) : 0;
  const half = Math.floor(steps / 2);
  const at = (i: number) => (i < half || steps === 1 ? r(s0 + step * i) : r(e0 - step * (steps - 1 - i)));
  const lanes = 8;
  let i = 0;
  for (; i + 2 * lanes <= steps; i += lanes) {
    const base = at(i);
    for (let k = 0; k < lanes; k++) storage[i + k] = castValue(dtype, r(base + r(step * k)));
  }
  for (; i < steps; i++) storage[i] = castValue(dtype, at(i));
  return finish(new Tensor(storage, [steps], dtype), options);
}

export function eye(n: number, m?: number | TensorOptions, options?: TensorOptions): Tensor {
  if (typeof m === 'object') [m, options] = [undefined, m];
  checkTensorOptions('eye', options);
  const cols = m ?? n;
  checkSizes('eye', [n, cols]);
  const t = zeros([n, cols], options ?? {});
  for (let i = 0; i < Math.min(n, cols); i++) t._storage[i * cols + i] = 1;
  return t;
}

type RandomSizeArgs = (number | readonly number[] | RandomTensorOptions)[];

function randomTensor(op: string, args: readonly unknown[], fill: (out: Float32Array | Float64Array, dtype: DType) => void): Tensor {
  const { shape, options } = parseSizeArgs<RandomTensorOptions>(op, args);
  const dtype = dtypeOf(op, options, getDefaultDtype(), RANDOM_OPTIONS);
  if (!isFloating(dtype)) throw new TypeError(`${op}(): expected a floating point dtype, got ${dtype}`);
  const storage = B.alloc(dtype, numelOf(shape), false) as Float32Array | Float64Array;
  withGenerator(op, options?.generator, () => fill(storage, dtype));
  return finish(new Tensor(storage, shape, dtype), options);
}

/** Uniform on [0, 1), from torch's generator or the given one (float16/bfloat16: multiples of 2^-11 / 2^-8, never 1). */
export function rand(...size: RandomSizeArgs): Tensor {
  return randomTensor('rand', size, (out, dtype) => {
    fillUniform24(out);
    if (!isReduced(dtype)) return;
    const scale = 2 ** (FLOAT_FORMATS[dtype].mantissa + 1);
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(out[i] * scale) / scale;
  });
}

/** Standard normal, from torch's generator or the given one. */
export function randn(...size: RandomSizeArgs): Tensor {
  return randomTensor('randn', size, fillNormal);
}

/** torch.randperm(n, { dtype = int64, generator }): a random permutation of 0..n-1. */
export function randperm(n: number, options?: RandomTensorOptions): Tensor {
  checkArgs('randperm', arguments, 1, RANDOM_OPTIONS);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randperm(): n must be a non-negative integer, got ${typeName(n)} ${String(n)}`);
  const dtype = dtypeOf('randperm', options, 'int64', RANDOM_OPTIONS);
  const storage = B.alloc(dtype, n, false);
  storage.set(withGenerator('randperm', options?.generator, () => permutation(n)));
  return finish(new Tensor(storage, [n], dtype), options);
}

/** randint(high, size) or randint(low, high, size): int64 uniform on [low, high). */
export function randint(...args: (number | readonly number[] | RandomTensorOptions)[]): Tensor {
  const options = (args.length && typeof args[args.length - 1] === 'object' && !Array.isArray(args[args.length - 1]) ? args.pop() : undefined) as RandomTensorOptions | undefined;
  const size = args.pop();
  if (!Array.isArray(size)) throw new TypeError(`randint(): argument 'size' must be tuple of ints, not ${typeName(size)}`);
  const [low, high] = args.length === 1 ? [0, args[0] as number] : [args[0] as number, args[1] as number];
  for (const v of [low, high]) if (!Number.isInteger(v)) throw new TypeError(`randint(): low and high must be integers, got ${typeName(v)}`);
  if (high <= low) throw new RangeError(`randint(): random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const shape = checkSizes('randint', size);
  const dtype = dtypeOf('randint', options, 'int64', RANDOM_OPTIONS);
  const storage = B.alloc(dtype, numelOf(shape), false);
  withGenerator('randint', options?.generator, () => {
    for (let i = 0; i < storage.length; i++) storage[i] = low + Math.floor(uniform53() * (high - low));
  });
  return finish(new Tensor(storage, shape, dtype), options);
}

