// dtypes and their storage. int64 is stored in a Float64Array holding exact integers (checked to lie within
// ±2^53 when converted in), so every dtype reads and writes plain JS numbers; bool is a Uint8Array of 0/1. The
// small integer types' typed arrays wrap what is written to them modulo 2^bits, as C's integer arithmetic does.

export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';
export type Storage = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'];

const storageOf = {
  float32: Float32Array,
  float64: Float64Array,
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
  return dtype === 'float32' || dtype === 'float64';
}

export function isIntegral(dtype: DType): boolean {
  return !isFloating(dtype);
}

// Type promotion, as in PyTorch for these dtypes: bool < uint8, int8 < int16 < int32 < int64 < float32 < float64,
// where uint8 with int8 (neither holds the other's range) gives int16.
const rank: Record<DType, number> = { bool: 0, uint8: 1, int8: 1, int16: 2, int32: 3, int64: 4, float32: 5, float64: 6 };

export function promoteTypes(a: DType, b: DType): DType {
  if (rank[a] === rank[b] && a !== b) return 'int16';
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


const aliases: Record<string, DType> = { float: 'float32', double: 'float64', long: 'int64', int: 'int32', short: 'int16' };
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
