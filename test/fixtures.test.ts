// Every op against PyTorch 1.13's recorded answers (test/fixtures/ops_*.json, from scripts/gen_fixtures.py),
// on each backend, plus native-vs-JS parity on the same inputs.
//
// Tolerances are stated per case in the fixtures (and echoed in each test's name):
//   exact (ulp 0):   relu, relu6, leaky_relu, threshold, heaviside, clamp, neg, abs, add, sub, mul,
//                    floor, ceil, trunc, round, div with rounding_mode, floor_divide,
//                    comparisons, maximum/minimum, max/min/argmax/argmin, where, masked_fill, shape ops
//   1 ulp:           div, sqrt                         2 ulp: log, pow
//   4 ulp | atol 1.2e-38 (denormal results, which PyTorch partly flushes): exp, sigmoid, tanh
//   softmax:         4 ulp | atol 1e-7                 log_softmax: atol 1e-6 + rtol 1e-6
//   sum/mean/var/std/prod/matmul: rtol 1e-5 + an atol scaled to the problem (1e-5 * sqrt(n) * max|x| for
//                    sums, 1e-5 * sqrt(K) * max|a| * max|b| for matmul), since the summation order differs
//   float64 results: rtol 1e-12..1e-14 (ULPs in the helpers are float32 ULPs)
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, PARITY, useBackend, expectClose, type Tolerance } from './helpers';

type Tensor = torch.Tensor;

interface TensorSpec {
  dtype: 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
  shape: number[];
  b64?: string;
  gen?: 'hash';
  scale?: number;
  subsample?: number;
  views?: [string, ...unknown[]][];
}
type Spec = number | boolean | string | null | { num: 'inf' | '-inf' | 'nan' } | TensorSpec | Spec[];
interface Case {
  id: string;
  call: string;
  args: Spec[];
  kwargs?: Record<string, Spec>;
  out: Spec;
  tol: Tolerance;
}
interface FixtureFile {
  torch_version: string;
  cases: Case[];
}

const FIXTURE_DIR = path.join(__dirname, 'fixtures');
const FILES = fs
  .readdirSync(FIXTURE_DIR)
  .filter((f) => /^ops.*\.json$/.test(f))
  .sort();
const fixtures: [string, FixtureFile][] = FILES.map((f) => [f, JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf8'))]);

if (os.endianness() !== 'LE') throw new Error('fixtures hold little-endian bytes; this test assumes a little-endian host');

// ------------------------------------------------------------------------------------------- decoding
function isTensorSpec(s: unknown): s is TensorSpec {
  return typeof s === 'object' && s !== null && !Array.isArray(s) && 'dtype' in s;
}

/** Decoded element values of a stored tensor, as numbers in row-major order (bool as 0/1, int64 via BigInt). */
function decodeValues(spec: TensorSpec): Float32Array | Float64Array | Int32Array | Uint8Array {
  const buf = Buffer.from(spec.b64 ?? '', 'base64');
  const bytes = new Uint8Array(buf.length);
  bytes.set(buf); // own, aligned ArrayBuffer
  switch (spec.dtype) {
    case 'float32':
      return new Float32Array(bytes.buffer);
    case 'float64':
      return new Float64Array(bytes.buffer);
    case 'int32':
      return new Int32Array(bytes.buffer);
    case 'bool':
      return bytes;
    case 'int64': {
      const big = new BigInt64Array(bytes.buffer);
      const out = new Float64Array(big.length);
      for (let i = 0; i < big.length; i++) out[i] = Number(big[i]);
      return out;
    }
  }
}

const genCache = new Map<string, Float32Array>();

/** element i = float32(((i * 2654435761) mod 2^32) / 2^32 * 2 * scale - scale), as scripts/gen_fixtures.py. */
function hashValues(n: number, scale: number): Float32Array {
  const key = `${n}:${scale}`;
  let v = genCache.get(key);
  if (!v) {
    v = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = Math.imul(i, 2654435761 | 0) >>> 0;
      v[i] = Math.fround((u / 4294967296) * 2 * scale - scale);
    }
    genCache.set(key, v);
  }
  return v;
}

function buildTensor(spec: TensorSpec): Tensor {
  let values: ArrayLike<number>;
  if (spec.gen !== undefined) {
    if (spec.gen !== 'hash') throw new Error(`unknown generator ${spec.gen}`);
    values = hashValues(spec.shape.reduce((a, b) => a * b, 1), spec.scale as number);
  } else {
    values = decodeValues(spec);
  }
  let t: Tensor = torch.tensor(values as Float32Array, { dtype: spec.dtype }).reshape(spec.shape);
  for (const [name, ...rest] of spec.views ?? []) {
    const method = (t as unknown as Record<string, (...a: unknown[]) => Tensor>)[name];
    if (typeof method !== 'function') throw new Error(`view ${name} is not a Tensor method`);
    t = method.apply(t, rest);
  }
  return t;
}

function decodeArg(s: Spec): unknown {
  if (s === null || typeof s === 'number' || typeof s === 'boolean' || typeof s === 'string') return s;
  if (Array.isArray(s)) return s.map(decodeArg);
  if ('num' in s) return s.num === 'nan' ? NaN : s.num === 'inf' ? Infinity : -Infinity;
  return buildTensor(s);
}

function resolveCall(call: string, args: unknown[]): () => unknown {
  if (call.startsWith('method:')) {
    const name = call.slice('method:'.length);
    const self = args[0] as Record<string, unknown>;
    const fn = self[name];
    if (typeof fn !== 'function') throw new Error(`Tensor.${name} is not a function`);
    return () => (fn as (...a: unknown[]) => unknown).apply(self, args.slice(1));
  }
  let ns: Record<string, unknown>;
  let name: string;
  if (call.startsWith('torch.')) {
    ns = torch as unknown as Record<string, unknown>;
    name = call.slice('torch.'.length);
  } else if (call.startsWith('F.')) {
    ns = torch.nn.functional as unknown as Record<string, unknown>;
    name = call.slice('F.'.length);
  } else {
    throw new Error(`bad call ${call}`);
  }
  const fn = ns[name];
  if (typeof fn !== 'function') throw new Error(`${call} is not exported`);
  return () => (fn as (...a: unknown[]) => unknown)(...args);
}

/** Runs a case on the current backend; inputs are rebuilt (cheaply: generated values are cached). */
function run(c: Case): unknown {
  const args = c.args.map(decodeArg);
  if (c.kwargs) {
    const kw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.kwargs)) kw[k] = decodeArg(v);
    args.push(kw);
  }
  return resolveCall(c.call, args)();
}

// ------------------------------------------------------------------------------------------- comparing
function itemsOf(actual: unknown, n: number, what: string): unknown[] {
  if (actual === null || typeof actual !== 'object') throw new Error(`${what}: expected a list of ${n} results, got ${String(actual)}`);
  const a = actual as Record<number, unknown>;
  return Array.from({ length: n }, (_, i) => a[i]);
}

function compareToSpec(actual: unknown, spec: Spec, tol: Tolerance, what: string): void {
  if (Array.isArray(spec)) {
    const items = itemsOf(actual, spec.length, what);
    spec.forEach((s, i) => compareToSpec(items[i], s, tol, `${what}[${i}]`));
    return;
  }
  if (isTensorSpec(spec)) {
    expect(actual, `${what}: result is not a Tensor`).toBeInstanceOf(torch.Tensor);
    const t = actual as Tensor;
    expect([...t.shape], `${what}: shape`).toEqual(spec.shape);
    expect(t.dtype, `${what}: dtype`).toBe(spec.dtype);
    let got: number[] = Array.from(t.data as ArrayLike<number>);
    if (spec.subsample !== undefined) {
      const k = spec.subsample;
      got = got.filter((_, i) => i % k === 0);
    }
    expectClose(got, Array.from(decodeValues(spec)), tol, what);
    return;
  }
  const expected = decodeArg(spec);
  if (typeof expected === 'boolean') {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(typeof actual, `${what}: result type`).toBe('number');
  expectClose([actual as number], [expected as number], tol, what);
}

/** Native vs JS: same structure, shapes, dtypes, and every element within the case's tolerance. */
function compareResults(native: unknown, js: unknown, spec: Spec, tol: Tolerance, what: string): void {
  if (Array.isArray(spec)) {
    const a = itemsOf(native, spec.length, what);
    const b = itemsOf(js, spec.length, what);
    spec.forEach((s, i) => compareResults(a[i], b[i], s, tol, `${what}[${i}]`));
    return;
  }
  if (native instanceof torch.Tensor && js instanceof torch.Tensor) {
    expect([...native.shape], `${what}: shape`).toEqual([...js.shape]);
    expect(native.dtype, `${what}: dtype`).toBe(js.dtype);
    expectClose(native.data as ArrayLike<number>, js.data as ArrayLike<number>, tol, `${what} (native vs js)`);
    return;
  }
  expect(native, what).toStrictEqual(js);
}

function fmtTol(t: Tolerance): string {
  const parts: string[] = [];
  if (t.ulp !== undefined) parts.push(`${t.ulp} ulp`);
  if (t.atol !== undefined) parts.push(`atol ${t.atol}`);
  if (t.rtol !== undefined) parts.push(`rtol ${t.rtol}`);
  return parts.join(', ') || 'exact';
}

const title = (c: Case) => `${c.id}  [${c.call}; tol ${fmtTol(c.tol)}]`;

// ------------------------------------------------------------------------------------------- suites
describe('fixtures load', () => {
  it('has the op fixture files with unique case ids', () => {
    expect(FILES.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const [, fx] of fixtures) {
      expect(fx.torch_version).toMatch(/^1\.13/);
      for (const c of fx.cases) {
        expect(ids.has(c.id), `duplicate id ${c.id}`).toBe(false);
        ids.add(c.id);
      }
    }
  });

  it('regenerates the hash inputs exactly (spot values computed by PyTorch\'s script)', () => {
    const v = hashValues(4, 10);
    // i=1: 2654435761 / 2^32 * 20 - 10; i=2: (5308871522 mod 2^32) / 2^32 * 20 - 10
    expect(v[0]).toBe(-10);
    expect(v[1]).toBe(Math.fround((2654435761 / 4294967296) * 2 * 10 - 10));
    expect(v[2]).toBe(Math.fround(((5308871522 - 4294967296) / 4294967296) * 2 * 10 - 10));
  });
});

describe.each(BACKENDS)('PyTorch 1.13 fixtures on the %s backend', (backend) => {
  beforeAll(() => useBackend(backend));
  for (const [file, fx] of fixtures) {
    describe(file, () => {
      it.each(fx.cases.map((c) => [title(c), c] as const))('%s', (_title, c) => {
        useBackend(backend);
        const out = run(c);
        compareToSpec(out, c.out, c.tol, `${backend} ${c.id}`);
      });
    });
  }
});

describe.runIf(PARITY)('native/JS parity (each case\'s tolerance)', () => {
  for (const [file, fx] of fixtures) {
    describe(file, () => {
      it.each(fx.cases.map((c) => [title(c), c] as const))('%s', (_title, c) => {
        let js: unknown;
        let native: unknown;
        try {
          useBackend('js');
          js = run(c);
          useBackend('native');
          native = run(c);
        } finally {
          useBackend('js');
        }
        compareResults(native, js, c.out, c.tol, c.id);
      });
    });
  }
});
