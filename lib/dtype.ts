// dtypes and their storage. int64 is stored in a Float64Array holding exact integers (checked to lie within
// ±2^53 when converted in), so every dtype reads and writes plain JS numbers; bool is a Uint8Array of 0/1.

export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int64', 'int32', 'bool'];

const storageOf = {
  float32: Float32Array,
  float64: Float64Array,
  int64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

export function storageClass(dtype: DType) {
  return storageOf[dtype];
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function isIntegral(dtype: DType): boolean {
  return dtype === 'int64' || dtype === 'int32' || dtype === 'bool';
}

// Type promotion order, as in PyTorch for these dtypes: bool < int32 < int64 < float32 < float64.
const rank: Record<DType, number> = { bool: 0, int32: 1, int64: 2, float32: 3, float64: 4 };

export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
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
    case 'bool':
      return v !== 0 ? 1 : 0;
  }
}


const aliases: Record<string, DType> = { float: 'float32', double: 'float64', long: 'int64', int: 'int32' };
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
