// torch.normal / bernoulli / poisson and the Tensor's in-place samplers (uniform_, normal_, random_, bernoulli_,
// exponential_, geometric_, log_normal_, cauchy_), drawing from torch's generator (torch.manual_seed makes them
// repeatable; the numbers are torchlet's, not PyTorch's). Like PyTorch, samples carry a zero gradient to their
// parameters, and the in-place samplers refuse a leaf that requires grad.
import { getDefaultDtype, isFloating, parseDType, promoteTypes, type DType } from '../dtype';
import { broadcastShapes, checkSizes, numelOf } from '../shape';
import { record } from '../autograd';
import { Tensor, checkTensor, fromValues, typeName } from '../tensor';
import { checkDevice, checkKeywords, isOptions, resolveArgs } from '../args';
import { warnOnce } from '../utils/warnings';
import { normal as standardNormal, uniform24, uniform53, withGenerator, type Generator } from '../random';
import { cast, expand } from './shape';
import { TORCH_NAME } from './elementwise';
import { zeros } from './creation';
import { inplaceResult } from './inplace';

/** Uniform on [0, 1) at the precision of dtype's mantissa (24 random bits for float32, as torch.rand). */
const uniformFor = (dtype: DType) => (dtype === 'float32' ? uniform24 : uniform53);

/** A zero gradient of t's shape and dtype for every input (what PyTorch's sampling ops pass back). */
function zeroGrads(inputs: readonly Tensor[]) {
  return () => inputs.map((t) => (isFloating(t.dtype) ? zeros([...t.shape], { dtype: t.dtype }) : null));
}

/** The values of t broadcast to shape, in row-major order. */
function valuesAt(t: Tensor, shape: readonly number[]): ArrayLike<number> {
  return expand(t, shape)._contiguousData();
}

function checkNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${op}(): argument '${name}' must be float, not ${typeName(v)}`);
  return v;
}

export type NormalOptions = { mean?: number | Tensor; std?: number | Tensor; size?: readonly number[]; dtype?: DType | string; requires_grad?: boolean; generator?: Generator | null; device?: 'cpu' };
/**
 * torch.normal(mean, std): a normal sample per element of mean and std broadcast together (tensors), or of mean
 * with std = 1 or a scalar std; torch.normal(mean, std, size, { dtype }) for two numbers. The gradient reaching
 * mean and std is zero, as in PyTorch.
 */
export function normal(mean: number | Tensor | NormalOptions, std?: number | Tensor | NormalOptions, size?: readonly number[] | NormalOptions, options?: NormalOptions): Tensor {
  const args = [...arguments];
  const last = args[args.length - 1];
  const keys = ['mean', 'std', 'size', 'dtype', 'requires_grad', 'generator', 'device'];
  // a lone object is options only if it holds keyword arguments of normal (otherwise it is a wrong mean)
  const keywordsOnly = isOptions(last) && (args.length > 1 || Object.keys(last).every((k) => keys.includes(k)));
  const keywords = (keywordsOnly ? args.pop() : {}) as NormalOptions;
  checkKeywords('normal', keywords, keys);
  checkDevice('normal', keywords.device);
  const { dtype: dtypeArg, requires_grad, generator, device: _device, ...named } = keywords;
  const a: NormalOptions = { ...resolveArgs<NormalOptions>('normal', ['mean', 'std', 'size'], {}, [...args, named]), dtype: dtypeArg, requires_grad, generator };
  // drawn from the given generator: the same call without it, run on that generator's stream
  if (a.generator != null) return withGenerator('normal', a.generator, () => normal(...([...args, { ...keywords, generator: null }] as unknown as Parameters<typeof normal>)));
  const { mean: m, std: s } = a;
  if (!(m instanceof Tensor) && typeof m !== 'number') throw new TypeError(`normal(): argument 'mean' (position 1) must be Tensor, not ${typeName(m)}`);
  if (s !== undefined && !(s instanceof Tensor) && typeof s !== 'number') throw new TypeError(`normal(): argument 'std' (position 2) must be Tensor, not ${typeName(s)}`);
  if (!(m instanceof Tensor) && !(s instanceof Tensor)) {
    checkNumber('normal', 'mean', m);
    checkNumber('normal', 'std', s ?? 1);
    if (a.size === undefined) throw new TypeError("normal(): argument 'mean' (position 1) must be Tensor, not float");
    if (!Array.isArray(a.size)) throw new TypeError(`normal(): argument 'size' must be tuple of ints, not ${typeName(a.size)}`);
    const stdv = s ?? 1;
    if (stdv < 0) throw new RangeError(`normal(): normal expects std >= 0.0, but found std ${stdv}`);
    const dtype = a.dtype === undefined ? getDefaultDtype() : parseDType(a.dtype, 'normal');
    if (!isFloating(dtype)) throw new TypeError(`normal(): "normal_kernel_cpu" not implemented for '${TORCH_NAME[dtype]}'`);
    const shape = checkSizes('normal', a.size);
    const out = fromValues(Float64Array.from({ length: numelOf(shape) }, () => m + stdv * standardNormal()), shape, dtype);
    return a.requires_grad ? out.requires_grad_(true) : out;
  }
  if (a.size !== undefined || a.dtype !== undefined) throw new TypeError('normal(): size and dtype are taken only with a number mean and std');
  if (m !== undefined && !(m instanceof Tensor)) checkNumber('normal', 'mean', m);
  if (s !== undefined && !(s instanceof Tensor)) checkNumber('normal', 'std', s);
  const tensors = [m, s].filter((v): v is Tensor => v instanceof Tensor);
  for (const t of tensors) if (!isFloating(t.dtype)) throw new TypeError(`normal(): "normal_kernel_cpu" not implemented for '${TORCH_NAME[t.dtype]}'`);
  const shape = tensors.length === 2 ? broadcastShapes('normal', tensors[0].shape, tensors[1].shape) : tensors[0].shape;
  const dtype = tensors.reduce<DType>((acc, t) => promoteTypes(acc, t.dtype), tensors[0].dtype);
  const means = m instanceof Tensor ? valuesAt(m, shape) : null;
  const stds = s instanceof Tensor ? valuesAt(s, shape) : null;
  const n = numelOf(shape);
  if (stds) {
    for (let i = 0; i < n; i++) if (!(stds[i] >= 0)) throw new RangeError('normal(): normal expects all elements of std >= 0.0');
  } else if (((s as number | undefined) ?? 1) < 0) throw new RangeError(`normal(): normal expects std >= 0.0, but found std ${s as number}`);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = (means ? means[i] : (m as number)) + (stds ? stds[i] : ((s as number | undefined) ?? 1)) * standardNormal();
  const name = m instanceof Tensor ? (s instanceof Tensor ? 'NormalBackward3' : 'NormalBackward1') : 'NormalBackward2';
  return record(fromValues(values, shape, dtype), name, tensors, zeroGrads(tensors));
}

function bernoulliValues(op: string, probs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${op}(): Expected p_in >= 0 && p_in <= 1 to be true, but got false.`);
    out[i] = uniform53() < p ? 1 : 0;
  }
  return out;
}

/**
 * torch.bernoulli(input, p?): 1 with probability input[i] (or p for every element), else 0, in input's shape and
 * dtype. A zero gradient reaches input.
 */
export function bernoulli(input: Tensor, p?: number | { p?: number; generator?: Generator | null }, options?: { generator?: Generator | null }): Tensor {
  const a = resolveArgs<{ p?: number; generator?: Generator | null }>('bernoulli', ['p', 'generator'] as never, {}, arguments, 1);
  const x = checkTensor('bernoulli', input);
  if (a.generator != null) return withGenerator('bernoulli', a.generator, () => (a.p === undefined ? bernoulli(x) : bernoulli(x, a.p)));
  let values: Float64Array;
  if (a.p !== undefined) {
    const prob = checkNumber('bernoulli', 'p', a.p);
    if (!(prob >= 0 && prob <= 1)) throw new RangeError(`bernoulli(): bernoulli_ expects p to be in [0, 1], but got p=${prob}`);
    values = bernoulliValues('bernoulli', new Float64Array(x.numel()).fill(prob));
  } else {
    if (!isFloating(x.dtype)) throw new TypeError(`bernoulli(): "bernoulli_tensor_cpu_p_" not implemented for '${TORCH_NAME[x.dtype]}'`);
    values = bernoulliValues('bernoulli', x._contiguousData());
  }
  return record(fromValues(values, x.shape, x.dtype), 'BernoulliBackward0', [x], zeroGrads([x]));
}

/** One Poisson sample: Knuth's product of uniforms below rate 10, Hormann's PTRS rejection above (as PyTorch). */
function poissonSample(rate: number): number {
  if (rate === 0) return 0;
  if (rate < 10) {
    const limit = Math.exp(-rate);
    let k = 0;
    for (let prod = uniform53(); prod > limit; prod *= uniform53()) k++;
    return k;
  }
  const slam = Math.sqrt(rate);
  const loglam = Math.log(rate);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = uniform53() - 0.5;
    const V = uniform53();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + rate + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -rate + k * loglam - lgamma(k + 1)) return k;
  }
}

/** log Gamma(x) for x >= 1 (Lanczos, g = 7): accurate far beyond what PTRS's acceptance test needs. */
function lgamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** torch.poisson(input): a Poisson sample per element with rate input[i] (non-negative), in input's dtype. */
export function poisson(input: Tensor, options?: { generator?: Generator | null }): Tensor {
  const a = resolveArgs<{ generator?: Generator | null }>('poisson', ['generator'] as never, {}, arguments, 1);
  const x = checkTensor('poisson', input);
  if (a.generator != null) return withGenerator('poisson', a.generator, () => poisson(x));
  if (!isFloating(x.dtype)) throw new TypeError(`poisson(): "poisson_cpu" not implemented for '${TORCH_NAME[x.dtype]}'`);
  const rates = x._contiguousData();
  const values = new Float64Array(rates.length);
  for (let i = 0; i < rates.length; i++) {
    if (!(rates[i] >= 0)) throw new RangeError('poisson(): invalid Poisson rate, expected rate to be non-negative');
    values[i] = poissonSample(rates[i]);
  }
  return record(fromValues(values, x.shape, x.dtype), 'PoissonBackward0', [x], zeroGrads([x]));
}

// ---- in-place samplers ----

/**
 * Fills x with `sample()` per element (row-major), in place. In a graph (x a non-leaf) x's history becomes the
 * sampler's node, passing a zero gradient back, as PyTorch's; a leaf that requires grad is refused.
 */
function sampleInto<T extends Tensor>(name: string, gradName: string, x: T, sample: () => number, generator: unknown): T {
  return inplaceResult(name, x, (previous) => {
    const values = withGenerator(name, generator, () => Float64Array.from({ length: x.numel() }, sample));
    return record(fromValues(values, x.shape, x.dtype), gradName, [previous], zeroGrads([previous]));
  });
}

function floatingOnly(x: Tensor, kernel: string): void {
  if (!isFloating(x.dtype)) throw new TypeError(`${kernel.split(':')[0]}(): "${kernel.split(':')[1]}" not implemented for '${TORCH_NAME[x.dtype]}'`);
}

/**
 * The keyword-only `generator` of an in-place sampler (x.uniform_(0, 1, { generator })), taken out of the trailing
 * options object so that the rest parse as the sampler's own arguments.
 */
function takeGenerator(args: IArguments): unknown {
  const last: unknown = args[args.length - 1];
  if (!isOptions(last) || !('generator' in last)) return null;
  const { generator, ...rest } = last as { generator?: unknown };
  args[args.length - 1] = Object.keys(rest).length ? rest : undefined;
  return generator;
}

/** What each in-place sampler's options object may also hold. */
type WithGenerator<O> = O & { generator?: Generator | null };

function params<O extends object>(name: string, x: unknown, names: (keyof O & string)[], defaults: O, args: IArguments): O {
  checkTensor(name, x, 'self');
  const p = resolveArgs(name, names, defaults, args, 1);
  for (const key of names) checkNumber(name, key, (p as Record<string, unknown>)[key]);
  return p;
}

/** x.uniform_(from = 0, to = 1): uniform on [from, to). */
export function uniform_<T extends Tensor>(x: T, from?: number | WithGenerator<{ from?: number; to?: number }>, to?: number): T {
  const generator = takeGenerator(arguments);
  const p = params('uniform_', x, ['from', 'to'], { from: 0, to: 1 }, arguments);
  floatingOnly(x, 'uniform_:check_uniform_bounds');
  if (p.from > p.to) throw new RangeError(`uniform_(): uniform_ expects to return a [from, to) range, but found from=${p.from} > to=${p.to}`);
  const u = uniformFor(x.dtype);
  const r = x.dtype === 'float32' ? Math.fround : (v: number) => v;
  // from + (to - from) * u can round up to `to` in the dtype: the value just below keeps samples in [from, to)
  const top = Math.max(r(p.from), r(p.to - Math.max(Math.abs(p.to) * (x.dtype === 'float32' ? 2 ** -23 : 2 ** -52), x.dtype === 'float32' ? 2 ** -149 : Number.MIN_VALUE)));
  return sampleInto('uniform_', 'UniformBackward0', x, () => {
    const v = r(p.from + (p.to - p.from) * u());
    return v >= p.to && p.to > p.from ? top : v;
  }, generator);
}

/** x.normal_(mean = 0, std = 1). */
export function normal_<T extends Tensor>(x: T, mean?: number | WithGenerator<{ mean?: number; std?: number }>, std?: number): T {
  const generator = takeGenerator(arguments);
  const p = params('normal_', x, ['mean', 'std'], { mean: 0, std: 1 }, arguments);
  floatingOnly(x, 'normal_:normal_kernel_cpu');
  if (p.std < 0) throw new RangeError(`normal_(): normal expects std >= 0.0, but found std ${p.std}`);
  return sampleInto('normal_', 'NormalBackward0', x, () => p.mean + p.std * standardNormal(), generator);
}

/** The largest integer random_() gives by default: the dtype's mantissa range (int64 within torchlet's exact doubles). */
const RANDOM_MAX: Record<DType, number> = {
  float32: 2 ** 24, float64: 2 ** 53, float16: 2 ** 11, bfloat16: 2 ** 8, int64: Number.MAX_SAFE_INTEGER, int32: 2 ** 31 - 1, int16: 2 ** 15 - 1, int8: 127, uint8: 255, bool: 1,
};
const INT_BOUNDS: Partial<Record<DType, [number, number, string]>> = {
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'long'], int32: [-(2 ** 31), 2 ** 31 - 1, 'int'], int16: [-(2 ** 15), 2 ** 15 - 1, 'short'],
  int8: [-128, 127, 'signed char'], uint8: [0, 255, 'unsigned char'], bool: [0, 1, 'bool'],
};

/**
 * x.random_(), x.random_(to), x.random_(from, to): integers uniform on [from, to) (to = null: up to the dtype's
 * range), or on [0, 2^mantissa] for floats and [0, max] for integers without arguments.
 */
export function random_<T extends Tensor>(x: T, from?: number | null | WithGenerator<{ from?: number; to?: number | null }>, to?: number | null): T {
  const generator = takeGenerator(arguments);
  checkTensor('random_', x, 'self');
  const given = resolveArgs<{ from?: number; to?: number | null }>('random_', ['from', 'to'], {}, arguments, 1);
  let lo: number;
  let hi: number; // exclusive
  if (given.from === undefined && given.to === undefined) [lo, hi] = [0, RANDOM_MAX[x.dtype] + 1];
  else if (given.to === undefined && typeof from === 'number') [lo, hi] = [0, checkNumber('random_', 'to', given.from)];
  else {
    lo = checkNumber('random_', 'from', given.from ?? 0);
    hi = given.to == null ? RANDOM_MAX[x.dtype] + 1 : checkNumber('random_', 'to', given.to);
  }
  if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw new TypeError(`random_(): from and to must be integers, got ${lo} and ${hi}`);
  if (lo >= hi) throw new RangeError(`random_(): random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${hi}`);
  const bounds = INT_BOUNDS[x.dtype];
  if (bounds) {
    if (lo < bounds[0] || lo > bounds[1]) throw new RangeError(`random_(): from is out of bounds for ${bounds[2]}`);
    if (hi - 1 < bounds[0] || hi - 1 > bounds[1]) throw new RangeError(`random_(): to - 1 is out of bounds for ${bounds[2]}`);
  } else {
    const limit = RANDOM_MAX[x.dtype];
    if (lo < -limit || lo > limit) warnOnce(`from is out of bounds [-(2^${Math.log2(limit)}), 2^${Math.log2(limit)}]. Due to precision limitations ${x.dtype === 'float32' ? 'float' : 'double'} can support discrete uniform distribution only within this range. This warning will become an error in version 1.7 release, please fix the code in advance`);
    if (hi - 1 < -limit || hi - 1 > limit) warnOnce(`to - 1 is out of bounds [-(2^${Math.log2(limit)}), 2^${Math.log2(limit)}]. Due to precision limitations ${x.dtype === 'float32' ? 'float' : 'double'} can support discrete uniform distribution only within this range. This warning will become an error in version 1.7 release, please fix the code in advance`);
  }
  return sampleInto('random_', 'RandomBackward2', x, () => lo + Math.floor(uniform53() * (hi - lo)), generator);
}

/** x.bernoulli_(p = 0.5): 1 with probability p (a number, or a tensor broadcast to x), else 0. */
export function bernoulli_<T extends Tensor>(x: T, p?: number | Tensor | WithGenerator<{ p?: number | Tensor }>): T {
  const generator = takeGenerator(arguments);
  checkTensor('bernoulli_', x, 'self');
  const a = resolveArgs<{ p?: number | Tensor }>('bernoulli_', ['p'], { p: 0.5 }, arguments, 1);
  if (a.p instanceof Tensor) {
    const probs = valuesAt(cast(a.p, 'float64'), x.shape);
    let i = 0;
    return sampleInto('bernoulli_', 'BernoulliBackward1', x, () => {
      const q = probs[i++];
      if (!(q >= 0 && q <= 1)) throw new RangeError('bernoulli_(): Expected p_in >= 0 && p_in <= 1 to be true, but got false.');
      return uniform53() < q ? 1 : 0;
    }, generator);
  }
  const q = checkNumber('bernoulli_', 'p', a.p);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`bernoulli_(): bernoulli_ expects p to be in [0, 1], but got p=${q}`);
  return sampleInto('bernoulli_', 'BernoulliBackward1', x, () => (uniform53() < q ? 1 : 0), generator);
}

/** x.exponential_(lambd = 1): exponential with rate lambd (lambd = 0 gives inf, as PyTorch). */
export function exponential_<T extends Tensor>(x: T, lambd?: number | WithGenerator<{ lambd?: number }>): T {
  const generator = takeGenerator(arguments);
  const p = params('exponential_', x, ['lambd'], { lambd: 1 }, arguments);
  floatingOnly(x, 'exponential_:exponential_cpu');
  if (p.lambd < 0) throw new RangeError(`exponential_(): exponential_ expects lambda >= 0.0, but found lambda=${p.lambd}`);
  return sampleInto('exponential_', 'ExponentialBackward0', x, () => -Math.log(1 - uniform53()) / p.lambd, generator);
}

/** x.geometric_(p): the number of Bernoulli(p) trials up to the first success (1, 2, ...). */
export function geometric_<T extends Tensor>(x: T, p: number | WithGenerator<{ p?: number }>): T {
  const generator = takeGenerator(arguments);
  if (p === undefined) throw new TypeError("geometric_() missing 1 required positional argument: 'p'");
  const a = params('geometric_', x, ['p'], { p: undefined as unknown as number }, arguments);
  if (!(a.p > 0 && a.p < 1)) throw new RangeError(`geometric_(): geometric_ expects p to be in (0, 1), but got p=${a.p}`);
  const logq = Math.log1p(-a.p);
  return sampleInto('geometric_', 'GeometricBackward0', x, () => Math.max(1, Math.ceil(Math.log(1 - uniform53()) / logq)), generator);
}

/** x.log_normal_(mean = 1, std = 2): exp of a normal sample with that mean and std. */
export function log_normal_<T extends Tensor>(x: T, mean?: number | WithGenerator<{ mean?: number; std?: number }>, std?: number): T {
  const generator = takeGenerator(arguments);
  const p = params('log_normal_', x, ['mean', 'std'], { mean: 1, std: 2 }, arguments);
  floatingOnly(x, 'log_normal_:log_normal_cpu');
  if (!(p.std > 0)) throw new RangeError(`log_normal_(): log_normal_ expects std > 0.0, but found std=${p.std}`);
  return sampleInto('log_normal_', 'LogNormalBackward0', x, () => Math.exp(p.mean + p.std * standardNormal()), generator);
}

/** x.cauchy_(median = 0, sigma = 1): median + sigma * tan(pi * (u - 1/2)). */
export function cauchy_<T extends Tensor>(x: T, median?: number | WithGenerator<{ median?: number; sigma?: number }>, sigma?: number): T {
  const generator = takeGenerator(arguments);
  const p = params('cauchy_', x, ['median', 'sigma'], { median: 0, sigma: 1 }, arguments);
  floatingOnly(x, 'cauchy_:cauchy_cpu');
  return sampleInto('cauchy_', 'CauchyBackward0', x, () => p.median + p.sigma * Math.tan(Math.PI * (uniform53() - 0.5)), generator);
}
