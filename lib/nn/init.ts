// nn.init: in-place initializers with PyTorch's formulas (fan computation, gains), without autograd.
import { no_grad } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { normal as standardNormal, permutation, uniform53 } from '../random';
import { copy_ } from '../ops/shape';
import { checkArgs, resolveArgs } from '../args';
import { unaryFns } from '../backend/js';
import { erfinvScalar } from '../ops/special';
import { warnOnce } from '../utils/warnings';

const erfScalar = (x: number) => unaryFns.erf(x, 0, 0);

/**
 * erfinv(y) for sampling: M. Giles' single-precision polynomial fit for |y| < 0.9966 ("Approximating the erfinv
 * function", 2010) refined by Newton steps on erf(x) - y until they are below 1e-13 relative (the last one
 * squares that error): several times faster than the full-precision erfinv, which the tails (|x| > 2.06, where
 * erf's rounding near 1 would spoil those steps) use.
 */
function sampleErfinv(y: number): number {
  const w = -Math.log((1 - y) * (1 + y)) - 2.5;
  if (!(w < 2.5)) return erfinvScalar(y); // Giles' central range is w < 5
  let x = 2.81022636e-8;
  for (const c of [3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3, -4.17768164e-3, 0.246640727, 1.50140941]) x = c + x * w;
  x *= y;
  for (let i = 0; i < 10; i++) {
    const step = (erfScalar(x) - y) / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
    x -= step;
    if (!(Math.abs(step) > 1e-13 * Math.abs(x))) break;
  }
  return x;
}

type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** The recommended gain for a nonlinearity (torch.nn.init.calculate_gain). */
export function calculate_gain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new RangeError(`calculate_gain(): unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/** [fan_in, fan_out] of a weight: dims 1 and 0 times the receptive field (product of the rest). */
export function calculateFans(t: Tensor): [number, number] {
  return fans('calculateFans', t);
}

function fans(op: string, t: Tensor): [number, number] {
  checkTensor(op, t, 'tensor');
  if (t.dim() < 2) throw new RangeError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function fill(op: string, t: Tensor, sample: () => number): Tensor {
  checkTensor(op, t, 'tensor');
  const values = Float64Array.from({ length: t.numel() }, sample);
  no_grad(() => copy_(t, new Tensor(values, t.shape, 'float64'), op));
  return t;
}

/** The numeric arguments after the tensor, positional or in one options object (Python's errors otherwise). */
function numbers<T extends Record<string, number | undefined>>(op: string, t: Tensor, defaults: T, args: IArguments): T {
  checkTensor(op, t, 'tensor');
  const a = resolveArgs(op, Object.keys(defaults) as (keyof T & string)[], defaults, args, 1);
  for (const [name, v] of Object.entries(a)) {
    if (v === undefined) throw new TypeError(`${op}() missing 1 required positional argument: '${name}'`);
    if (typeof v !== 'number') throw new TypeError(`${op}(): argument '${name}' must be float, not ${typeName(v)}`);
  }
  return a;
}

export function uniform_(t: Tensor, a: number | { a?: number; b?: number } = 0, b = 1): Tensor {
  const p = numbers('uniform_', t, { a: 0, b: 1 }, arguments);
  return fill('uniform_', t, () => p.a + (p.b - p.a) * uniform53());
}

export function normal_(t: Tensor, mean: number | { mean?: number; std?: number } = 0, std = 1): Tensor {
  const p = numbers('normal_', t, { mean: 0, std: 1 }, arguments);
  return fill('normal_', t, () => p.mean + p.std * standardNormal());
}

export function constant_(t: Tensor, val: number | { val: number }): Tensor {
  const p = numbers('constant_', t, { val: undefined as number | undefined }, arguments);
  return fill('constant_', t, () => p.val as number);
}

export function zeros_(t: Tensor): Tensor {
  checkArgs('zeros_', arguments, 1);
  checkTensor('zeros_', t, 'tensor');
  return constant_(t, 0);
}

export function ones_(t: Tensor): Tensor {
  checkArgs('ones_', arguments, 1);
  checkTensor('ones_', t, 'tensor');
  return constant_(t, 1);
}

export function xavier_uniform_(t: Tensor, gain: number | { gain?: number } = 1): Tensor {
  const p = numbers('xavier_uniform_', t, { gain: 1 }, arguments);
  const [fanIn, fanOut] = fans('xavier_uniform_', t);
  const bound = p.gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound);
}

export function xavier_normal_(t: Tensor, gain: number | { gain?: number } = 1): Tensor {
  const p = numbers('xavier_normal_', t, { gain: 1 }, arguments);
  const [fanIn, fanOut] = fans('xavier_normal_', t);
  return normal_(t, 0, p.gain * Math.sqrt(2 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}

/** The std of kaiming_*_(t, a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu'): `args` is the call's arguments. */
function kaimingStd(op: string, t: Tensor, args: IArguments): number {
  checkTensor(op, t, 'tensor');
  const defaults = { a: 0, mode: 'fan_in', nonlinearity: 'leaky_relu' } as { a: number; mode: string; nonlinearity: Nonlinearity };
  const { a, mode, nonlinearity } = resolveArgs(op, ['a', 'mode', 'nonlinearity'], defaults, args, 1);
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new RangeError(`${op}(): Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = fans(op, t);
  return calculate_gain(nonlinearity, a) / Math.sqrt(mode === 'fan_in' ? fanIn : fanOut);
}

/** kaiming_uniform_(t, a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu'), or with one options object. */
export function kaiming_uniform_(t: Tensor, a: number | KaimingOptions = 0, mode: 'fan_in' | 'fan_out' = 'fan_in', nonlinearity: Nonlinearity = 'leaky_relu'): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaiming_uniform_', t, arguments);
  return uniform_(t, -bound, bound);
}

export function kaiming_normal_(t: Tensor, a: number | KaimingOptions = 0, mode: 'fan_in' | 'fan_out' = 'fan_in', nonlinearity: Nonlinearity = 'leaky_relu'): Tensor {
  return normal_(t, 0, kaimingStd('kaiming_normal_', t, arguments));
}

/**
 * trunc_normal_(t, mean = 0, std = 1, a = -2, b = 2): normal values cut to [a, b], by PyTorch's method: a uniform
 * value between the bounds' CDFs mapped through the inverse CDF (no redraws, so far tails work too), then clamped.
 */
export function trunc_normal_(
  t: Tensor,
  mean: number | { mean?: number; std?: number; a?: number; b?: number } = 0,
  std = 1,
  a = -2,
  b = 2,
): Tensor {
  const p = numbers('trunc_normal_', t, { mean: 0, std: 1, a: -2, b: 2 }, arguments);
  if (p.mean < p.a - 2 * p.std || p.mean > p.b + 2 * p.std) {
    warnOnce('mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.');
  }
  if (p.std === 0) throw new RangeError('trunc_normal_(): float division by zero'); // Python's ZeroDivisionError
  // as PyTorch: u uniform on [2 cdf(a) - 1, 2 cdf(b) - 1), x = mean + std sqrt(2) erfinv(u), clamped to [a, b]
  const lo = erfScalar((p.a - p.mean) / p.std / Math.SQRT2);
  const hi = erfScalar((p.b - p.mean) / p.std / Math.SQRT2);
  if (lo > hi) throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${+lo.toPrecision(6)} > to=${+hi.toPrecision(6)}`);
  return fill('trunc_normal_', t, () => {
    const x = p.mean + p.std * Math.SQRT2 * sampleErfinv(lo + (hi - lo) * uniform53());
    return Math.min(Math.max(x, p.a), p.b);
  });
}

/**
 * orthogonal_(t, gain = 1): a (semi) orthogonal matrix (Saxe et al. 2013), the trailing dimensions flattened, as
 * PyTorch: Q of the QR of a standard normal [rows, cols] matrix (transposed when rows < cols, so Q is the tall
 * side), each column's sign set by R's diagonal so that Q is uniformly distributed; then scaled by gain.
 */
export function orthogonal_(t: Tensor, gain: number | { gain?: number } = 1): Tensor {
  const p = numbers('orthogonal_', t, { gain: 1 }, arguments);
  if (t.dim() < 2) throw new RangeError('Only tensors with 2 or more dimensions are supported');
  if (t.numel() === 0) return t;
  const rows = t.shape[0];
  const cols = t.numel() / rows;
  const a = Float64Array.from({ length: rows * cols }, standardNormal);
  // QR of the tall one of a and a^T, with the columns stored contiguously: a's rows are a^T's columns
  const q = rows < cols ? signFixedQ(a, cols, rows) : transpose(signFixedQ(transpose(a, rows, cols), rows, cols), cols, rows);
  for (let i = 0; i < q.length; i++) q[i] *= p.gain;
  no_grad(() => copy_(t, new Tensor(q, t.shape, 'float64'), 'orthogonal_'));
  return t;
}

/** The [cols, rows] transpose of a row-major [rows, cols] matrix. */
function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

/**
 * Q * sign(diag(R)) for the reduced QR of an [m, n] matrix, m >= n, given and returned as its n columns one
 * after the other; Householder reflections in double. The sign correction makes the result the unique Q whose
 * R has a positive diagonal, whichever signs the reflections chose (so it is the Q PyTorch gets from LAPACK).
 */
function signFixedQ(a: Float64Array, m: number, n: number): Float64Array {
  const r = Float64Array.from(a);
  const reflections: Float64Array[] = []; // unit vectors v_k, acting on rows k..m-1 as I - 2 v v^T
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = r.subarray(k * m + k, (k + 1) * m);
    const norm = Math.sqrt(x.reduce((sum, xi) => sum + xi * xi, 0));
    // reflect x onto alpha e1 with alpha = -sign(x0) |x|: v = x - alpha e1 then has no cancellation
    const alpha = x[0] > 0 ? -norm : norm;
    const v = Float64Array.from(x);
    v[0] -= alpha;
    const vNorm = Math.sqrt(v.reduce((sum, vi) => sum + vi * vi, 0));
    // a zero column: no reflection (v = 0), and a zero on R's diagonal, as PyTorch's sign(0) = 0 zeroes Q's column
    if (vNorm > 0) v.forEach((vi, i) => (v[i] = vi / vNorm));
    diag[k] = vNorm > 0 ? alpha : x[0];
    reflections.push(v);
    for (let j = k; j < n; j++) reflect(r, v, j * m + k);
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, last reflection first: columns
  // j < k are still e_j then, with nothing in the rows H_k changes
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) for (let j = k; j < n; j++) reflect(q, reflections[k], j * m + k);
  for (let j = 0; j < n; j++) q.subarray(j * m, (j + 1) * m).forEach((qi, i, col) => (col[i] = qi * Math.sign(diag[j])));
  return q;
}

/** Applies I - 2 v v^T to the part of a column that starts at a[start] (v's length long), in place. */
function reflect(a: Float64Array, v: Float64Array, start: number): void {
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += v[i] * a[start + i];
  if (dot === 0) return;
  for (let i = 0; i < v.length; i++) a[start + i] -= 2 * dot * v[i];
}

/** eye_(t): the identity matrix in a 2-D t (ones on the main diagonal of a non-square one), without autograd. */
export function eye_(t: Tensor): Tensor {
  checkArgs('eye_', arguments, 1);
  checkTensor('eye_', t, 'tensor');
  if (t.dim() !== 2) throw new RangeError('Only tensors with 2 dimensions are supported');
  const [rows, cols] = t.shape;
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) values[i * cols + i] = 1;
  no_grad(() => copy_(t, new Tensor(values, t.shape, 'float64'), 'eye_'));
  return t;
}

/**
 * dirac_(t, groups = 1): the Dirac delta in a 3-, 4- or 5-D convolution weight, so that the convolution passes
 * as many input channels through as there are output channels (per group): a one at the kernel's centre
 * (size // 2 in each spatial dimension) of weight[g * out_per_group + d, d].
 */
export function dirac_(t: Tensor, groups: number | { groups?: number } = 1): Tensor {
  const op = 'dirac_';
  checkTensor(op, t, 'tensor');
  const g = resolveArgs(op, ['groups'], { groups: 1 as number }, arguments, 1).groups;
  if (!Number.isInteger(g)) throw new TypeError(`${op}(): argument 'groups' must be int, not ${typeName(g)}`);
  const dims = t.dim();
  if (dims < 3 || dims > 5) throw new RangeError('Only tensors with 3, 4, or 5 dimensions are supported');
  if (g === 0) throw new RangeError(`${op}(): integer modulo by zero`); // Python's ZeroDivisionError
  if (t.shape[0] % g !== 0) throw new RangeError('dim 0 must be divisible by groups');
  const outPerGroup = Math.floor(t.shape[0] / g);
  const strides = t.shape.map((_, d) => t.shape.slice(d + 1).reduce((x, y) => x * y, 1));
  // the offset of the kernel's centre within weight[o, i]
  let centre = 0;
  for (let d = 2; d < dims; d++) centre += Math.floor(t.shape[d] / 2) * strides[d];
  const values = new Float64Array(t.numel());
  for (let group = 0; group < g; group++) {
    for (let d = 0; d < Math.min(outPerGroup, t.shape[1]); d++) values[(group * outPerGroup + d) * strides[0] + d * strides[1] + centre] = 1;
  }
  no_grad(() => copy_(t, new Tensor(values, t.shape, 'float64'), op));
  return t;
}

/**
 * sparse_(t, sparsity, std = 0.01): a 2-D t of N(0, std) values with ceil(sparsity * rows) of each column's
 * entries, at random rows, set to zero (Martens 2010); as PyTorch, the normals are drawn first, then a random
 * permutation of the rows per column whose first entries are zeroed.
 */
export function sparse_(t: Tensor, sparsity: number | { sparsity: number; std?: number }, std = 0.01): Tensor {
  const p = numbers('sparse_', t, { sparsity: undefined as number | undefined, std: 0.01 }, arguments);
  if (t.dim() !== 2) throw new RangeError('Only tensors with 2 dimensions are supported');
  const [rows, cols] = t.shape;
  const sparsityValue = p.sparsity as number;
  if (!Number.isFinite(sparsityValue)) throw new RangeError(`sparse_(): cannot convert float ${Number.isNaN(sparsityValue) ? 'NaN' : 'infinity'} to integer`);
  const numZeros = Math.ceil(sparsityValue * rows);
  const values = Float64Array.from({ length: rows * cols }, () => p.std * standardNormal());
  for (let col = 0; col < cols; col++) {
    // Python's row_indices[:num_zeros]: Array.slice has the same meaning for a negative or too large end
    for (const row of permutation(rows).slice(0, numZeros)) values[row * cols + col] = 0;
  }
  no_grad(() => copy_(t, new Tensor(values, t.shape, 'float64'), 'sparse_'));
  return t;
}

/** PyTorch's deprecated initializer without the trailing underscore: warns (once) and calls the new one. */
function deprecated<F extends (...args: never[]) => Tensor>(init: F): F {
  const oldName = init.name.slice(0, -1);
  const alias = function (this: unknown, ...args: Parameters<F>): Tensor {
    warnOnce(`nn.init.${oldName} is now deprecated in favor of nn.init.${init.name}.`);
    return init(...args);
  } as F;
  Object.defineProperty(alias, 'name', { value: oldName });
  return alias;
}

/** @deprecated use uniform_ */
export const uniform = deprecated(uniform_);
/** @deprecated use normal_ */
export const normal = deprecated(normal_);
/** @deprecated use constant_ */
export const constant = deprecated(constant_);
/** @deprecated use eye_ */
export const eye = deprecated(eye_);
/** @deprecated use dirac_ */
export const dirac = deprecated(dirac_);
/** @deprecated use xavier_uniform_ */
export const xavier_uniform = deprecated(xavier_uniform_);
/** @deprecated use xavier_normal_ */
export const xavier_normal = deprecated(xavier_normal_);
/** @deprecated use kaiming_uniform_ */
export const kaiming_uniform = deprecated(kaiming_uniform_);
/** @deprecated use kaiming_normal_ */
export const kaiming_normal = deprecated(kaiming_normal_);
/** @deprecated use orthogonal_ */
export const orthogonal = deprecated(orthogonal_);
/** @deprecated use sparse_ */
export const sparse = deprecated(sparse_);
