// Shared pieces of the property-based suites (test/property_*.test.ts): fast-check arbitraries for float32
// values, shapes, broadcast pairs and non-contiguous views, and running one computation on every backend.
//
// Runs are deterministic: a fixed seed (override with TORCHLET_FC_SEED=<n>) and a fixed number of runs per
// property (scale with TORCHLET_FC_RUNS=<factor> to search harder locally). fast-check prints the seed and
// the shrunk counterexample when a property fails.
import { expect } from 'vitest';
import fc from 'fast-check';
import * as torch from '../lib/index';
import { BACKENDS, PARITY, useBackend, expectClose, expectSameBits, type Tolerance } from './helpers';
export { PARITY };

type Tensor = torch.Tensor;

export const SEED = Number(process.env.TORCHLET_FC_SEED ?? 20261123);
const RUN_FACTOR = Number(process.env.TORCHLET_FC_RUNS ?? 1);
fc.configureGlobal({ seed: SEED });

/** fast-check parameters for a property of `runs` cases (times TORCHLET_FC_RUNS). */
export const runs = (n: number): fc.Parameters<unknown> => ({ numRuns: Math.max(1, Math.round(n * RUN_FACTOR)) });

/** Per-test time limit: generous, since properties scale with TORCHLET_FC_RUNS and the machine may be busy. */
export const TIMEOUT = 300_000;


// ------------------------------------------------------------------------------------------- values
const f = Math.fround;
/** 2^-149: the smallest float32 denormal, the absolute rounding step below 2^-126. */
export const DENORMAL_MIN = 2 ** -149;

export interface ValueOptions {
  /** Largest finite magnitude (default 1e30). */
  maxAbs?: number;
  /** Include NaN and +-inf (default true). */
  nonFinite?: boolean;
}

/** float32 values: mostly ordinary ones, plus +-0, +-inf, NaN, denormals, large and small magnitudes. */
export function floatValue(opts: ValueOptions = {}): fc.Arbitrary<number> {
  const maxAbs = f(opts.maxAbs ?? 1e30);
  const nonFinite = opts.nonFinite ?? true;
  const specials = [0, -0, 1e-40, -1e-40, 1e-45, 1.1754944e-38, 1e-30, -1e-30, 1, -1, 0.5, 1e30, -1e30, 3e38]
    .map(f)
    .filter((v) => Math.abs(v) <= maxAbs)
    .concat(nonFinite ? [Infinity, -Infinity, NaN] : []);
  // fc.float draws uniformly over float32 bit patterns, so most of its values are tiny or huge; ordinary
  // numbers come from a uniform grid instead (2^24 steps), and small integers make ties and exact results
  const normal = Math.min(maxAbs, 10);
  const ordinary = fc.noBias(fc.integer({ min: -(2 ** 24), max: 2 ** 24 })).map((i) => f((i / 2 ** 24) * normal));
  const small = fc.integer({ min: -4, max: 4 }).map((i) => f(Math.max(-normal, Math.min(normal, i))));
  return fc.oneof(
    { weight: 6, arbitrary: ordinary },
    { weight: 2, arbitrary: small },
    { weight: 2, arbitrary: fc.float({ min: -maxAbs, max: maxAbs, noNaN: true }) },
    { weight: 2, arbitrary: fc.constantFrom(...specials) },
  );
}

// ------------------------------------------------------------------------------------------- shapes
/** A dim size 1..6, uniform (fast-check would otherwise favour the ends). */
const dimSize = fc.noBias(fc.integer({ min: 1, max: 6 }));

/** A shape of rank minRank..maxRank with dims 0..6; about one in eight has a 0-size dim. */
export function shapeArb(minRank = 0, maxRank = 4): fc.Arbitrary<number[]> {
  return fc.array(dimSize, { minLength: minRank, maxLength: maxRank }).chain((shape) =>
    shape.length === 0
      ? fc.constant(shape)
      : fc.oneof(
          { weight: 7, arbitrary: fc.constant(shape) },
          { weight: 1, arbitrary: fc.integer({ min: 0, max: shape.length - 1 }).map((i) => shape.map((s, j) => (j === i ? 0 : s))) },
        ),
  );
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A shape that broadcasts to `out`: a suffix of it with some dims set to 1. */
export function broadcastableTo(out: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([rank, ones]) => out.slice(out.length - rank).map((s, i) => (ones[i] ? 1 : s)));
}

// ------------------------------------------------------------------------------------------- views
/** One view step: turns a tensor of shape `base` into one of the requested shape. */
interface ViewStep {
  base: number[];
  text: string;
  apply: (t: Tensor) => Tensor;
}

function step(base: number[], text: string, apply: (t: Tensor) => Tensor): ViewStep {
  return { base, text, apply };
}

/** The view steps that can produce a tensor of `shape` from a (generally larger or permuted) base. */
function viewStep(shape: readonly number[]): fc.Arbitrary<ViewStep> {
  const r = shape.length;
  const options: fc.Arbitrary<ViewStep>[] = [];
  if (r >= 2) {
    options.push(
      fc
        .tuple(fc.integer({ min: 0, max: r - 1 }), fc.integer({ min: 0, max: r - 1 }))
        .map(([i, j]) => {
          const base = [...shape];
          [base[i], base[j]] = [base[j], base[i]];
          return step(base, `.transpose(${i}, ${j})`, (t) => t.transpose(i, j));
        }),
      fc.shuffledSubarray([...shape.keys()], { minLength: r, maxLength: r }).map((perm) => {
        // base.permute(perm) has shape base[perm[i]], which must be shape[i]
        const base = new Array<number>(r);
        perm.forEach((p, i) => (base[p] = shape[i]));
        return step(base, `.permute([${perm}])`, (t) => t.permute(perm));
      }),
    );
  }
  if (r >= 1) {
    options.push(
      fc
        .tuple(fc.integer({ min: 0, max: r - 1 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }))
        .map(([d, start, stepSize, extra]) => {
          const base = [...shape];
          base[d] = start + shape[d] * stepSize + extra;
          const end = start + shape[d] * stepSize;
          return step(base, `.slice(${d}, ${start}, ${end}, ${stepSize})`, (t) => t.slice(d, start, end, stepSize));
        }),
    );
  }
  options.push(
    fc.array(fc.boolean(), { minLength: r, maxLength: r }).chain((ones) =>
      fc.integer({ min: 0, max: r }).map((drop) => {
        // broadcast dims read one stored value (stride 0); the leading `drop` dims do not exist in the base
        const base = shape.map((s, i) => (ones[i] ? 1 : s)).slice(drop);
        return step(base, `.expand([${shape}])`, (t) => t.expand([...shape]));
      }),
    ),
    fc.tuple(fc.integer({ min: 0, max: r }), fc.integer({ min: 1, max: 3 })).chain(([d, size]) =>
      fc.integer({ min: 0, max: size - 1 }).map((index) => {
        const base = [...shape];
        base.splice(d, 0, size);
        return step(base, `.select(${d}, ${index})`, (t) => t.select(d, index));
      }),
    ),
  );
  return fc.oneof(...options);
}

interface ViewPlan {
  base: number[];
  steps: ViewStep[];
}

/** Up to `depth` view steps producing `shape` (steps[0] applies to the base first). */
function viewPlan(shape: readonly number[], depth: number): fc.Arbitrary<ViewPlan> {
  const contiguous = fc.constant<ViewPlan>({ base: [...shape], steps: [] });
  if (depth === 0) return contiguous;
  return fc.oneof(
    { weight: 2, arbitrary: contiguous },
    {
      weight: 3,
      arbitrary: viewStep(shape).chain((s) => viewPlan(s.base, depth - 1).map((inner) => ({ base: inner.base, steps: [...inner.steps, s] }))),
    },
  );
}

const fmt = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/** A float32 input: a contiguous base tensor seen through view steps; prints as the expression that builds it. */
export class Input {
  readonly tensor: Tensor;
  constructor(
    readonly base: number[],
    readonly values: Float32Array,
    readonly steps: ViewStep[],
  ) {
    let t = torch.tensor(values).reshape(base);
    for (const s of steps) t = s.apply(t);
    this.tensor = t;
  }
  /** A fresh tensor built the same way (for in-place forms and autograd leaves). */
  build(requiresGrad = false): { base: Tensor; view: Tensor } {
    const base = torch.tensor(this.values).reshape(this.base);
    if (requiresGrad) base.requires_grad_();
    let view = base;
    for (const s of this.steps) view = s.apply(view);
    return { base, view };
  }
  toString(): string {
    return `tensor([${Array.from(this.values, fmt).join(', ')}]).reshape([${this.base}])${this.steps.map((s) => s.text).join('')}  /* shape [${this.tensor.shape}] */`;
  }
  [fc.toStringMethod](): string {
    return this.toString();
  }
}

/** An Input of exactly `shape`, contiguous or through up to two view steps. */
export function inputOf(shape: readonly number[], values: ValueOptions | fc.Arbitrary<number> = {}): fc.Arbitrary<Input> {
  const value = values instanceof fc.Arbitrary ? values : floatValue(values);
  return viewPlan(shape, 2).chain((plan) => {
    const n = numel(plan.base);
    return fc.array(value, { minLength: n, maxLength: n }).map((v) => new Input(plan.base, Float32Array.from(v), plan.steps));
  });
}

/** An Input of a random shape (rank minRank..maxRank, dims 0..6). */
export function inputArb(values: ValueOptions | fc.Arbitrary<number> = {}, minRank = 0, maxRank = 4): fc.Arbitrary<Input> {
  return shapeArb(minRank, maxRank).chain((s) => inputOf(s, values));
}

/** Two Inputs whose shapes broadcast together (either may be the smaller one). */
export function broadcastPair(values: ValueOptions | fc.Arbitrary<number> = {}): fc.Arbitrary<[Input, Input]> {
  return shapeArb()
    .chain((out) => fc.tuple(broadcastableTo(out), broadcastableTo(out), fc.boolean()))
    .chain(([a, b, swap]) => fc.tuple(inputOf(swap ? b : a, values), inputOf(swap ? a : b, values)));
}

/** Deterministic pseudo-random floats in [lo, hi) (mulberry32), for auxiliary tensors of ops. */
export function seeded(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  let s = seed | 0;
  return Float32Array.from({ length: n }, () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return lo + ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo));
  });
}

// ------------------------------------------------------------------------------------------- running
/** What one backend produced: a value, or the error it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const initialBackend = torch.backend().name;

/** Runs fn on JS, then native when it is under test, restoring the load-time backend after. */
export function onBackends<T>(fn: () => T): Map<'js' | 'native', Outcome<T>> {
  const results = new Map<'js' | 'native', Outcome<T>>();
  try {
    for (const b of PARITY ? (['js', 'native'] as const) : BACKENDS) {
      useBackend(b);
      try {
        results.set(b, { ok: true, value: fn() });
      } catch (error) {
        results.set(b, { ok: false, error });
      }
    }
  } finally {
    useBackend(initialBackend);
  }
  return results;
}

/** 'returned', or 'threw <name>: <message>'. */
export function outcomeText(o: Outcome<unknown>): string {
  return o.ok ? 'returned' : `threw ${(o.error as Error)?.name}: ${(o.error as Error)?.message}`;
}

/** Runs fn on the JS and native backends; an error from either fails the property with its backend named. */
export function bothBackends<T>(fn: () => T): { js: T; native: T } {
  const r = onBackends(fn);
  const get = (b: 'js' | 'native'): T => {
    const o = r.get(b)!;
    if (!o.ok) {
      const e = o.error as Error;
      throw new Error(`${b} backend threw ${e?.name}: ${e?.message}`, { cause: e });
    }
    return o.value;
  };
  return { js: get('js'), native: get('native') };
}

// ------------------------------------------------------------------------------------------- comparing
/** 'bits': bit-exact (signed zeros included); otherwise expectClose's ULP / atol + rtol tolerance. */
export type Tol = Tolerance | 'bits';

/** Same shape, same dtype, and every element within tol (native first, the JS reference second). */
export function expectTensorsMatch(native: unknown, js: unknown, tol: Tol, what: string): void {
  expect(native, `${what}: native result`).toBeInstanceOf(torch.Tensor);
  expect(js, `${what}: JS result`).toBeInstanceOf(torch.Tensor);
  const [a, b] = [native as Tensor, js as Tensor];
  expect([...a.shape], `${what}: shape`).toEqual([...b.shape]);
  expect(a.dtype, `${what}: dtype`).toBe(b.dtype);
  if (tol === 'bits') expectSameBits(a.data, b.data, `${what} (native vs JS)`);
  else expectClose(a.data, b.data, tol, `${what} (native vs JS)`);
}

/** Largest finite |v| of a tensor's elements (0 when there is none). */
export function maxFiniteAbs(t: Tensor): number {
  let m = 0;
  for (const v of t.data) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** 2^-24: a float32 rounding, relative. */
const U = 2 ** -24;

/**
 * Per-element bound on |native - JS| for sum or mean of x over `dims` (normalized). Each reduced dim is one pass
 * whose results are stored as float. Natively a float accumulator lane takes at most 16 elements of a pass
 * before its total moves into double (native/vec_math.h, kLaneBlock), and a row's four accumulators are added
 * in float before that: at most 16 + 2 roundings per element, each off by <= 2^-24 of a partial sum, so
 * <= 2^-24 * sum|x| each. JS adds in double (n * 2^-53 * sum|x|) and rounds once. Both round the pass's
 * result. So per pass: (min(n, 16) + 4) * 2^-24 + n * 2^-53 times sum|x| (mean: sum|x| / count), plus one
 * denormal step per rounding. Unlike a tolerance relative to the result, this holds under cancellation.
 */
export function reductionBound(op: 'sum' | 'mean', x: Tensor, dims: readonly number[], keepdim: boolean): number[] {
  let relative = 0;
  let absolute = 0;
  for (const d of dims) {
    const n = x.shape[d];
    relative += (Math.min(n, 16) + 4) * U + n * 2 ** -53;
    absolute += (Math.min(n, 16) + 4) * DENORMAL_MIN;
  }
  const magnitude = dims.length ? x.double().abs()[op]([...dims], keepdim) : x.double().abs();
  return Array.from(magnitude.data, (m) => relative * (1 + 1e-6) * m + absolute);
}

/** prod's relative bound: a rounding per multiplication, two per pass (while partial products stay normal floats). */
export function prodRtol(x: Tensor, dims: readonly number[]): number {
  return (dims.reduce((acc, d) => acc + x.shape[d], 0) + 2 * dims.length) * U * (1 + 1e-6);
}

/** matmul's tolerance (test/fixtures.test.ts), plus one denormal step per accumulated product. */
export function matmulTol(a: Tensor, b: Tensor, K: number): Tolerance {
  return { rtol: 1e-5, atol: 1e-5 * Math.sqrt(K) * maxFiniteAbs(a) * maxFiniteAbs(b) + K * DENORMAL_MIN };
}

/**
 * Per-element bound on |native - JS| for a @ b with inner size K, however the products are ordered: each of
 * the K float additions (FMA) natively rounds once, by <= 2^-24 of a partial sum <= sum_k |a_ik| |b_kj|, JS
 * sums in double and rounds once. So (K + 2) * 2^-24 * (|a| @ |b|), plus K denormal steps.
 */
export function matmulBound(a: Tensor, b: Tensor, K: number): number[] {
  const magnitude = torch.matmul(a.double().abs(), b.double().abs());
  return Array.from(magnitude.data, (m) => (K + 2) * U * (1 + 1e-6) * m + K * DENORMAL_MIN);
}
