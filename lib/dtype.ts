// dtypes and their storage. int64 is stored in a Float64Array holding exact integers (checked to lie within
// ±2^53 when converted in), so every dtype reads and writes plain JS numbers; bool is a Uint8Array of 0/1. The
// small integer types' typed arrays wrap what is written to them modulo 2^bits, as C's integer arithmetic does.
// float16 and bfloat16 are stored in a Float32Array holding values of that format (Node 20 has no Float16Array):
// ops compute on them in float32, as PyTorch's CPU kernels do, and every new tensor of these dtypes is rounded
// to its format once (Tensor's constructor, castValue), so each op's result is rounded once, as PyTorch's is.

export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';
export type Storage = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'];

const storageOf = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Float32Array,
  bfloat16: Float32Array,
  int64: Float64Array,
  int32: Int32Array,
  int16: Int16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
} as const;

export function storageClass(dtype: DType) {
  return storageOf[dtype];
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

/** float16 and bfloat16: stored in float32 arrays, rounded to their format (see above). */
export function isReduced(dtype: DType): dtype is 'float16' | 'bfloat16' {
  return dtype === 'float16' || dtype === 'bfloat16';
}

/** Each floating dtype's format: bits, stored mantissa bits, largest exponent, and finfo's decimal resolution. */
export const FLOAT_FORMATS = {
  float32: { bits: 32, mantissa: 23, maxExponent: 127, resolution: 1e-6 },
  float64: { bits: 64, mantissa: 52, maxExponent: 1023, resolution: 1e-15 },
  float16: { bits: 16, mantissa: 10, maxExponent: 15, resolution: 1e-3 },
  bfloat16: { bits: 16, mantissa: 7, maxExponent: 127, resolution: 1e-2 },
} as const;

/** The largest finite value of a floating dtype (65504 for float16). */
export function floatMax(dtype: keyof typeof FLOAT_FORMATS): number {
  const { mantissa, maxExponent } = FLOAT_FORMATS[dtype];
  return (2 - 2 ** -mantissa) * 2 ** maxExponent;
}

/** Bytes per element as PyTorch counts them (element_size, nbytes, saved files). */
export function itemSize(dtype: DType): number {
  return isReduced(dtype) ? 2 : storageOf[dtype].BYTES_PER_ELEMENT;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

// The formats' roundings on float32 bits, ties to even, shared by the one-value and the whole-storage forms below
// (the addon's round_reduced does the same in C++). float16: magnitudes from 2^-14 (0x38800000) to below the
// midpoint 65520 (0x477ff000) keep 10 of float32's 23 mantissa bits; bfloat16 keeps 7 everywhere, NaN excepted.
const HALF_NORMAL_MIN = 0x38800000, HALF_OVERFLOW = 0x477ff000;
const halfNormalBits = (b: number) => (b + 0xfff + ((b >>> 13) & 1)) & ~0x1fff;
const bfloat16RoundedBits = (b: number) => (b + 0x7fff + ((b >>> 16) & 1)) & 0xffff0000;

/**
 * The float16 value nearest to v (ties to even), as PyTorch converts: a double goes to float first. Beyond the
 * largest float16 (65504) past the rounding midpoint, +-inf; below 2^-14, the subnormal steps of 2^-24.
 */
export function roundHalf(v: number): number {
  f32[0] = v;
  const bits = u32[0], magnitude = bits & 0x7fffffff, negative = bits !== magnitude;
  if (magnitude >= HALF_OVERFLOW) return magnitude > 0x7f800000 ? NaN : negative ? -Infinity : Infinity;
  if (magnitude >= HALF_NORMAL_MIN) {
    u32[0] = halfNormalBits(bits);
    return f32[0];
  }
  // below 2^-14: multiples of 2^-24, rounded in double (which holds a * 2^24 exactly), ties to even
  const scaled = Math.abs(f32[0]) * 2 ** 24, floor = Math.floor(scaled), rest = scaled - floor;
  const r = (rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor) * 2 ** -24;
  return negative ? -r : r;
}

/** Rounds a float16/bfloat16 tensor's float32 storage to the format's values, in place (the addon's round_reduced in C++). */
export function roundStorage(storage: Storage, dtype: 'float16' | 'bfloat16'): void {
  const bits = new Uint32Array(storage.buffer, storage.byteOffset, storage.length);
  // one loop per format: a format test per element cost bfloat16 half again as much time
  if (dtype === 'bfloat16') {
    for (let i = 0; i < bits.length; i++) if ((bits[i] & 0x7fffffff) <= 0x7f800000) bits[i] = bfloat16RoundedBits(bits[i]); // NaN stays
    return;
  }
  for (let i = 0; i < bits.length; i++) {
    const magnitude = bits[i] & 0x7fffffff;
    if (magnitude >= HALF_NORMAL_MIN && magnitude < HALF_OVERFLOW) bits[i] = halfNormalBits(bits[i]);
    else if (magnitude <= 0x7f800000) storage[i] = roundHalf(storage[i]); // subnormal, overflowing or infinite; NaN stays
  }
}

/** The IEEE binary16 bits of a float16 value (see roundHalf), as saved files hold them: read off its float32 bits. */
export function halfBits(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  f32[0] = v;
  const bits = u32[0], sign = (bits >>> 16) & 0x8000, magnitude = bits & 0x7fffffff;
  if (magnitude === 0x7f800000) return sign | 0x7c00;
  if (magnitude < HALF_NORMAL_MIN) return sign | (Math.abs(v) * 2 ** 24); // subnormal: a multiple of 2^-24
  return sign | (((magnitude >>> 23) - 127 + 15) << 10) | ((magnitude >>> 13) & 0x3ff);
}

/** The value of IEEE binary16 bits. */
export function halfFromBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** The bfloat16 bits of a bfloat16 value (float32's top half). */
export function bfloat16Bits(v: number): number {
  f32[0] = v;
  return Number.isNaN(v) ? 0x7fc0 : u32[0] >>> 16;
}

/** The value of bfloat16 bits. */
export function bfloat16FromBits(b: number): number {
  u32[0] = b << 16;
  return f32[0];
}

/** The bfloat16 value nearest to v (ties to even): float32's top 16 bits, after rounding v to float32. */
export function roundBFloat16(v: number): number {
  if (Number.isNaN(v)) return NaN;
  f32[0] = v;
  u32[0] = bfloat16RoundedBits(u32[0]);
  return f32[0];
}

export function isIntegral(dtype: DType): boolean {
  return !isFloating(dtype);
}

// Type promotion, as in PyTorch for these dtypes: bool < uint8, int8 < int16 < int32 < int64 < float16,
// bfloat16 < float32 < float64, where uint8 with int8 (neither holds the other's range) gives int16 and float16
// with bfloat16 float32.
const rank: Record<DType, number> = { bool: 0, uint8: 1, int8: 1, int16: 2, int32: 3, int64: 4, float16: 5, bfloat16: 5, float32: 6, float64: 7 };

export function promoteTypes(a: DType, b: DType): DType {
  if (rank[a] === rank[b] && a !== b) return isReduced(a) ? 'float32' : 'int16';
  return rank[a] >= rank[b] ? a : b;
}

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1], int16: [-(2 ** 15), 2 ** 15 - 1], int8: [-128, 127], uint8: [0, 255],
};

/**
 * PyTorch's overflow check of a number given for an integer dtype (torch.tensor, torch.full): NaN, infinities and
 * values beyond the range are a RangeError naming the op; uint8 also takes integers down to -255 (they wrap, as
 * in C). int64 must be exact in a double (|v| <= 2^53 - 1); bool and the float dtypes take anything.
 */
export function checkFits(op: string, dtype: DType, v: number): number {
  if (dtype === 'int64') {
    if (Number.isFinite(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`${op}(): value ${v} cannot be converted to type int64 without overflow (torchlet stores int64 as exact doubles, |v| <= 2^53 - 1)`);
    }
    return v;
  }
  const range = INT_RANGE[dtype];
  if (!range) return v;
  const lowest = dtype === 'uint8' && Number.isInteger(v) ? -255 : range[0];
  if (!(v >= lowest && v <= range[1])) throw new RangeError(`${op}(): value ${v} cannot be converted to type ${dtype} without overflow`);
  return v;
}

/** PyTorch's can_cast: no float into an integer dtype, no number into bool (in-place results, out=). */
export function canCast(from: DType, to: DType): boolean {
  return !((isFloating(from) && !isFloating(to)) || (from !== 'bool' && to === 'bool'));
}

/** Round a JS number to what a dtype stores (truncation toward zero for integers, as a C cast). */
export function castValue(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'float16':
      return roundHalf(v);
    case 'bfloat16':
      return roundBFloat16(v);
    case 'int64':
      // out-of-range and NaN give INT64_MIN, as x86's conversion does in PyTorch; + 0 turns trunc's -0 into 0
      return Math.abs(v) < 2 ** 63 ? Math.trunc(v) + 0 : -(2 ** 63);
    case 'int32':
      return Math.trunc(v) | 0;
    case 'int16':
      return (Math.trunc(v) << 16) >> 16;
    case 'int8':
      return (Math.trunc(v) << 24) >> 24;
    case 'uint8':
      return Math.trunc(v) & 255;
    case 'bool':
      return v !== 0 ? 1 : 0;
  }
}


const aliases: Record<string, DType> = { float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', short: 'int16' };
for (const d of DTYPES) aliases[d] = aliases[`torch.${d}`] = d;

/** Parse a dtype argument ('float32', torch.float32, 'torch.long', ...) or throw a TypeError naming the op. */
export function parseDType(value: unknown, op: string): DType {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(aliases, value)) return aliases[value];
  throw new TypeError(`${op}(): invalid dtype ${JSON.stringify(value)}; expected one of ${DTYPES.join(', ')}`);
}

// torch.set_default_dtype/get_default_dtype: the dtype of float factories with no dtype, of JS floats and of
// integer inputs to float ops. Read at call time by every such place; starts as float32, as PyTorch.
let defaultDtype: DType = 'float32';

/** torch.get_default_dtype(): 'float32' unless torch.set_default_dtype changed it. */
export function getDefaultDtype(): DType {
  return defaultDtype;
}

/** torch.set_default_dtype(d): float32 or float64 only (PyTorch's TypeError for other dtypes). */
export function setDefaultDtype(d: DType | string): void {
  const dtype = parseDType(d, 'set_default_dtype');
  if (!isFloating(dtype)) throw new TypeError('only floating-point types are supported as the default type');
  defaultDtype = dtype;
}

/** dtype itself when floating, else the default dtype (integer and bool inputs of float ops). */
export function floatOf(dtype: DType): DType {
  return isFloating(dtype) ? dtype : defaultDtype;
}

/** The dtype of a JS scalar as PyTorch types a Python one: bool, int64 for integers, else the default dtype. */
export function scalarDtypeOf(v: number | boolean): DType {
  return typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int64' : defaultDtype;
}
