// Property: native equals JS on large tensors too, where the native kernels split work over the thread pool
// (above 16384-32768 elements), fold long rows in chunks, and take large outputs from the memory pool (>= 1 MiB).
// The small-shape suites (dims 0..6) never get there. Few runs: each case moves up to ~400k elements.
//
// Inputs: 1-D or 2-D, 2^14..2^18.6 elements (some 2-D ones transposed or sliced with a step), seeded uniform
// values in [-10, 10) with up to 8 special values (NaN, +-inf, +-0, denormals, 1e30) at random places.
// Tolerances as in property_ops.test.ts, except:
//   amax/amin compare values with +0 == -0: on rows longer than 32 the native kernel keeps interleaved
//       accumulators, so between a tied +0 and -0 it may keep either (PyTorch does not promise one either).
//   matmul: per element (K + 2) * 2^-24 * (|a| @ |b|) (matmulBound), rigorous for any summation order, since
//       the fixtures' sqrt(K) tolerance is only sound for small K.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as torch from '../lib/index';
import { expectWithinBounds } from './helpers';
import { PARITY, TIMEOUT, bothBackends, expectTensorsMatch, matmulBound, reductionBound, runs, seeded, type Tol } from './property_arbitraries';

type Tensor = torch.Tensor;

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-45, 1e30, -1e30];
const TRANSCENDENTAL: Tol = { ulp: 4, atol: 1.2e-38 };

/** A large float32 input: seeded values, special values at chosen places, maybe a non-contiguous view. */
class Large {
  readonly tensor: Tensor;
  constructor(
    readonly shape: number[],
    readonly seed: number,
    readonly specials: [number, number][],
    readonly view: 'none' | 'transpose' | 'step',
  ) {
    // a step slice reads every other column of a base twice as wide
    const base = view === 'step' ? [shape[0], shape[1] * 2] : view === 'transpose' ? [shape[1], shape[0]] : shape;
    const values = seeded(seed, base.reduce((a, b) => a * b, 1), -10, 10);
    for (const [where, which] of specials) values[Math.floor(where * values.length)] = SPECIALS[which % SPECIALS.length];
    let t = torch.tensor(values).reshape(base);
    if (view === 'transpose') t = t.t();
    if (view === 'step') t = t.slice(1, 0, null, 2);
    this.tensor = t;
  }
  toString(): string {
    return `Large(shape [${this.shape}], seed ${this.seed}, specials ${JSON.stringify(this.specials)}, view ${this.view})`;
  }
  [fc.toStringMethod](): string {
    return this.toString();
  }
}

const specials = fc.array(fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.nat(100)), { maxLength: 8 });
const largeShape = fc.oneof(
  fc.integer({ min: 2 ** 14, max: 400_000 }).map((n) => [n]),
  fc.tuple(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 700 })).filter(([r, c]) => r * c >= 2 ** 14),
);
const large = fc
  .tuple(largeShape, fc.nat(), specials, fc.constantFrom('none', 'transpose', 'step'))
  .map(([shape, seed, sp, view]) => new Large(shape, seed, sp, shape.length === 2 ? view : 'none'));

const RUNS = 6;

describe.runIf(PARITY)('property: native equals JS on large (threaded, pooled) tensors', () => {
  it('elementwise: relu, neg, add/mul/maximum/gt with a broadcast row, exp/sigmoid/tanh, strided copy', () => {
    fc.assert(
      fc.property(large, fc.nat(), (x, seed) => {
        const t = x.tensor;
        const row = torch.tensor(seeded(seed, t.shape[t.dim() - 1], -10, 10));
        const cases: [string, () => Tensor, Tol][] = [
          ['relu', () => t.relu(), 'bits'],
          ['neg', () => t.neg(), 'bits'],
          ['add', () => t.add(row), 'bits'],
          ['mul', () => t.mul(row), 'bits'],
          ['maximum', () => torch.maximum(t, row), 'bits'],
          ['gt', () => t.gt(row), 'bits'],
          ['exp', () => t.exp(), TRANSCENDENTAL],
          ['sigmoid', () => t.sigmoid(), TRANSCENDENTAL],
          ['tanh', () => t.tanh(), TRANSCENDENTAL],
          ['contiguous', () => t.contiguous(), 'bits'],
        ];
        for (const [name, call, tol] of cases) {
          const { js, native } = bothBackends(call);
          expectTensorsMatch(native, js, tol, name);
        }
      }),
      runs(RUNS),
    );
  }, TIMEOUT);

  it('sum and mean over each dim and all dims [within the summation-order bound]', () => {
    fc.assert(
      fc.property(large, (x) => {
        const t = x.tensor;
        const dimsList = t.dim() === 2 ? [[0], [1], [0, 1]] : [[0]];
        for (const op of ['sum', 'mean'] as const) {
          for (const dims of dimsList) {
            const { js, native } = bothBackends(() => t[op](dims));
            expect([...native.shape]).toEqual([...js.shape]);
            expectWithinBounds(native.data, js.data, reductionBound(op, t, dims, false), `${op}(${dims})`);
          }
        }
      }),
      runs(RUNS),
    );
  }, TIMEOUT);

  it('amax/amin (+0 == -0), max/argmax along each dim [exact]', () => {
    fc.assert(
      fc.property(large, (x) => {
        const t = x.tensor;
        for (let d = 0; d < t.dim(); d++) {
          for (const op of ['amax', 'amin'] as const) {
            const { js, native } = bothBackends(() => t[op](d));
            expectTensorsMatch(native, js, { ulp: 0 }, `${op}(${d})`);
          }
          const { js, native } = bothBackends(() => t.max(d));
          expectTensorsMatch(native.values, js.values, 'bits', `max(${d}).values`);
          expectTensorsMatch(native.indices, js.indices, 'bits', `max(${d}).indices`);
          const arg = bothBackends(() => t.argmin(d));
          expectTensorsMatch(arg.native, arg.js, 'bits', `argmin(${d})`);
        }
      }),
      runs(RUNS),
    );
  }, TIMEOUT);

  it('softmax and log_softmax along each dim', () => {
    fc.assert(
      fc.property(large, (x) => {
        const t = x.tensor;
        for (let d = 0; d < t.dim(); d++) {
          const s = bothBackends(() => t.softmax(d));
          expectTensorsMatch(s.native, s.js, { ulp: 4, atol: 1e-7 }, `softmax(${d})`);
          const l = bothBackends(() => t.log_softmax(d));
          expectTensorsMatch(l.native, l.js, { atol: 1e-6, rtol: 1e-6 }, `log_softmax(${d})`);
        }
      }),
      runs(RUNS),
    );
  }, TIMEOUT);

  it('matmul of large matrices, plain and transposed [(K + 2) * 2^-24 * (|a| @ |b|)]', () => {
    const dim = fc.integer({ min: 1, max: 160 });
    fc.assert(
      fc.property(dim, dim, dim, fc.nat(), fc.boolean(), fc.boolean(), specials, (M, K, N, seed, ta, tb, sp) => {
        const a = new Large(ta ? [K, M] : [M, K], seed, sp, 'none').tensor;
        const b = new Large(tb ? [N, K] : [K, N], seed + 1, [], 'none').tensor;
        const [A, Bm] = [ta ? a.t() : a, tb ? b.t() : b];
        const { js, native } = bothBackends(() => torch.matmul(A, Bm));
        expect([...native.shape]).toEqual([M, N]);
        expectWithinBounds(native.data, js.data, matmulBound(A, Bm, K), `matmul ${M}x${K}x${N}`);
      }),
      runs(RUNS * 2),
    );
  }, TIMEOUT);
});
