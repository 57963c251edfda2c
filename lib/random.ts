// torch's random generators: xoshiro128** seeded by splitmix32, all in JS, so a seed gives the same numbers on every
// backend and platform. torch.manual_seed seeds the default generator; a torch.Generator is a stream of its own,
// which the functions taking a `generator` draw from instead (withGenerator).
import { checkDevice } from './args';

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** PyTorch's default CPU seed: unseeded runs are reproducible too. */
const DEFAULT_SEED = 67280421310721;

/**
 * torch.Generator(device = 'cpu'): a random stream of its own, for the `generator` arguments of torch.randn,
 * randperm, random_split, the samplers, ...; manual_seed(seed) returns it, as PyTorch's
 * (`random_split(ds, [0.8, 0.2], torch.Generator().manual_seed(42))`).
 */
export class Generator {
  /** @internal the xoshiro128** words */
  readonly _state = new Uint32Array(4);
  /** @internal Box-Muller's second value, kept for the next normal draw */
  _spare: number | null = null;
  #initialSeed = 0;
  readonly device = 'cpu';

  constructor(device: unknown = 'cpu') {
    checkDevice('Generator', typeof device === 'object' && device !== null && 'device' in device ? (device as { device: unknown }).device : device);
    this.manual_seed(DEFAULT_SEED);
  }

  manual_seed(seed: number): this {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw new TypeError(`manual_seed(): seed must be an integer, but got ${String(seed)}`);
    }
    this.#initialSeed = seed;
    // fold a 53-bit seed into 32 bits without losing the high part
    const next = splitmix32((seed % 4294967296) ^ Math.floor(seed / 4294967296));
    for (let i = 0; i < 4; i++) this._state[i] = next();
    this._spare = null;
    return this;
  }

  initial_seed(): number {
    return this.#initialSeed;
  }

  /** A fresh non-deterministic seed, set and returned (Generator.seed()). */
  seed(): number {
    const s = Math.floor(Math.random() * 2 ** 53);
    this.manual_seed(s);
    return s;
  }

  /** The generator's whole state, for set_state (a float64 tensor in torchlet, a byte tensor in PyTorch). */
  get_state(): number[] {
    return [...this._state, this._spare === null ? 0 : 1, this._spare ?? 0, this.#initialSeed];
  }

  set_state(state: readonly number[]): this {
    if (!Array.isArray(state) || state.length !== 7) throw new TypeError('set_state(): expected a state from get_state()');
    this._state.set(state.slice(0, 4));
    this._spare = state[4] ? state[5] : null;
    this.#initialSeed = state[6];
    return this;
  }
}

/** torch.default_generator: what torch.manual_seed seeds and draws come from unless a generator is given. */
export const default_generator = new Generator();

/** The generator draws come from now. */
let current: Generator = default_generator;

/** @internal fn with draws taken from `generator` (the default one when null or undefined). */
export function withGenerator<T>(op: string, generator: unknown, fn: () => T): T {
  if (generator === null || generator === undefined) return fn();
  if (!(generator instanceof Generator)) throw new TypeError(`${op}(): generator must be a torch.Generator, not ${typeof generator}`);
  const previous = current;
  current = generator;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** torch.manual_seed(seed): seeds the default generator and returns it. */
export function manual_seed(seed: number): Generator {
  return default_generator.manual_seed(seed);
}

/** @internal Snapshots the default generator; calling the result puts it back (so skip_init's initializers draw nothing). */
export function saveRandomState(): () => void {
  const saved = default_generator.get_state();
  return () => void default_generator.set_state(saved);
}

export function initial_seed(): number {
  return default_generator.initial_seed();
}

/** A fresh non-deterministic seed for the default generator, like torch.seed(). */
export function seed(): number {
  return default_generator.seed();
}

function nextU32(): number {
  const state = current._state;
  const result = Math.imul(rotl(Math.imul(state[1], 5), 7), 9) >>> 0;
  const t = state[1] << 9;
  state[2] ^= state[0];
  state[3] ^= state[1];
  state[1] ^= state[2];
  state[0] ^= state[3];
  state[2] ^= t;
  state[3] = rotl(state[3], 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Uniform in [0, 1) with 24 random bits: exactly representable as float32. */
export function uniform24(): number {
  return (nextU32() >>> 8) * 2 ** -24;
}

/** Uniform in [0, 1) with 53 random bits. */
export function uniform53(): number {
  return ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
}

/** A uniform random permutation of 0..n-1 (Fisher-Yates): torch.randperm, DataLoader's shuffle, random_split. */
export function permutation(n: number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform53() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

const oneNormal = new Float64Array(1);

/** Standard normal (Box-Muller, both values used: the second is kept for the next call). */
export function normal(): number {
  fillNormal(oneNormal);
  return oneNormal[0];
}

type Floats = Float32Array | Float64Array;

/** out[i] = uniform24() for every i, in order: the same numbers without a call per element. */
export function fillUniform24(out: Floats): void {
  for (let i = 0; i < out.length; i++) out[i] = uniform24();
}

/**
 * Standard normals into out, in order, continuing the sequence normal() draws from: a pair per step (Box-Muller),
 * starting with the spare a previous odd count left and leaving one when out's length ends mid-pair.
 * (torch.randn(16e6): 1.2-1.5 s through a sampler call per element, 0.8-1.0 s so.)
 */
export function fillNormal(out: Floats): void {
  const n = out.length;
  let i = 0;
  if (n > 0 && current._spare !== null) {
    out[i++] = current._spare;
    current._spare = null;
  }
  for (; i < n; i += 2) {
    const u = 1 - uniform53(); // (0, 1]: log(u) is finite
    const v = uniform53();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    const second = r * Math.sin(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = second;
    else current._spare = second;
  }
}


/**
 * Draws `count` indices into `weights` (non-negative, summing to more than 0), each with probability proportional
 * to its weight: with replacement independently, without replacement one at a time from what is left (PyTorch's
 * multinomial's distribution). A linear scan per draw: for sampler- and tutorial-sized weight lists.
 */
export function weightedDraws(weights: ArrayLike<number>, count: number, replacement: boolean): number[] {
  const w = Array.from(weights);
  const draws: number[] = [];
  for (let k = 0; k < count; k++) {
    let u = uniform53() * w.reduce((a, b) => a + b, 0);
    let i = 0;
    // the last index with weight catches rounding at the top of the range
    while (i < w.length - 1 && (u >= w[i] || w[i] === 0)) u -= w[i++];
    while (w[i] === 0 && i > 0) i--;
    draws.push(i);
    if (!replacement) w[i] = 0;
  }
  return draws;
}
