// The pure-JS backend: the reference every native kernel is tested against. Works on any storage type;
// math is done in double and rounded by the output array on store (exact for + - * / sqrt on float32).
import { roundStorage, storageClass, type DType, type Storage } from '../dtype';
import type { Backend } from './types';
import type { BinaryOp, ReduceOp, UnaryOp } from './ops';
import { col2im, im2col } from './js_windows';

type Unary = (x: number, p0: number, p1: number) => number;
type Binary = (a: number, b: number, p0: number, p1: number) => number;

/** erf x = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)): all terms positive, so no cancellation. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 6)) return Number.isNaN(x) ? NaN : Math.sign(x); // erfc(6) < 2^-53
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; term > sum * 1e-17; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * Math.min(1, (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum);
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const unaryFns: Record<UnaryOp, Unary> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  relu: (x) => (x < 0 ? 0 : x),
  relu6: (x) => (x < 0 ? 0 : x > 6 ? 6 : x),
  leaky_relu: (x, slope) => (x > 0 ? x : x * slope),
  threshold: (x, th, value) => (x <= th ? value : x),
  sigmoid,
  tanh: (x) => Math.tanh(x),
  clamp: (x, lo, hi) => {
    const t = x < lo ? lo : x;
    return t > hi ? hi : t;
  },
  log1p: (x) => Math.log1p(x),
  expm1: (x) => Math.expm1(x),
  erf,
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  trunc: (x) => Math.trunc(x),
  round: roundHalfEven,
};

/** C's nearbyint: the nearest integer, halves to even (Math.round takes halves up). */
function roundHalfEven(x: number): number {
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
}

/** PyTorch's floor division of floats (c10's div_floor_floating), each step rounded by `r`; exact for integers. */
function divFloor(a: number, b: number, r: (v: number) => number): number {
  if (b === 0) return r(a / b);
  const mod = a % b; // fmod: exact
  let div = r(r(a - mod) / b);
  if (mod !== 0 && b < 0 !== mod < 0) div = r(div - 1);
  if (div === 0) {
    const q = r(a / b);
    return q < 0 || Object.is(q, -0) ? -0 : 0; // copysign(0, a / b)
  }
  const floorDiv = Math.floor(div);
  return r(div - floorDiv) > 0.5 ? r(floorDiv + 1) : floorDiv;
}
const same = (v: number) => v;

const f32 = Math.fround;
export const binaryFns: Record<BinaryOp, Binary> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  // C's pow, as the native kernel and PyTorch: 1^y = 1 even for NaN y, and (-1)^(+-inf) = 1 (Math.pow gives NaN)
  pow: (a, b) => (a === 1 || (a === -1 && Math.abs(b) === Infinity) ? 1 : Math.pow(a, b)),
  maximum: (a, b) => (a !== a || b !== b ? NaN : a < b ? b : a),
  minimum: (a, b) => (a !== a || b !== b ? NaN : b < a ? b : a),
  heaviside: (a, b) => (a === 0 ? b : a > 0 ? 1 : 0),
  eq: (a, b) => +(a === b),
  ne: (a, b) => +(a !== b),
  gt: (a, b) => +(a > b),
  lt: (a, b) => +(a < b),
  ge: (a, b) => +(a >= b),
  le: (a, b) => +(a <= b),
  threshold_backward: (g, x, th) => (x <= th ? 0 : g),
  leaky_relu_backward: (g, x, slope) => (x > 0 ? g : g * slope),
  hardtanh_backward: (g, x, lo, hi) => (x <= lo || x >= hi ? 0 : g),
  sigmoid_backward: (g, y) => g * y * (1 - y),
  tanh_backward: (g, y) => g * (1 - y * y),
  div_trunc: (a, b, float32) => Math.trunc(float32 ? f32(a / b) : a / b),
  div_floor: (a, b, float32) => divFloor(a, b, float32 ? f32 : same),
};

/**
 * Into float32 outputs, these round their intermediates to float32 in the native kernels' order, (g * y) * (1 - y)
 * and g * (1 - y * y), so both backends give the same bits; float64 ones keep the double math above.
 */
const float32Fns: Partial<Record<BinaryOp, Binary>> = {
  sigmoid_backward: (g, y) => f32(g * y) * f32(1 - y),
  tanh_backward: (g, y) => g * f32(1 - f32(y * y)),
};
const binaryFn = (op: BinaryOp, out: Storage): Binary => (out instanceof Float32Array && float32Fns[op]) || binaryFns[op];

/** Calls fn(outIndex, aIndex, bIndex) for every element of a rank-r strided iteration, row-major. */
function forEachStrided(
  shape: readonly number[],
  aStrides: readonly number[],
  bStrides: readonly number[],
  fn: (i: number, ia: number, ib: number) => void,
): void {
  const rank = shape.length;
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  const idx = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < total; i++) {
    fn(i, ia, ib);
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        ia += aStrides[d];
        ib += bStrides[d];
        break;
      }
      ia -= aStrides[d] * (shape[d] - 1);
      ib -= bStrides[d] * (shape[d] - 1);
      idx[d] = 0;
    }
  }
}

function reduceRow(op: ReduceOp, x: Storage, start: number, n: number, step: number): number {
  switch (op) {
    case 'sum':
    case 'mean': {
      let s = 0;
      for (let j = 0; j < n; j++) s += x[start + j * step];
      return op === 'sum' ? s : s / n;
    }
    case 'prod': {
      let p = 1;
      for (let j = 0; j < n; j++) p *= x[start + j * step];
      return p;
    }
    case 'amax':
    case 'amin': {
      let m = x[start];
      for (let j = 1; j < n && m === m; j++) {
        const v = x[start + j * step];
        if (v !== v || (op === 'amax' ? v > m : v < m)) m = v;
      }
      return m;
    }
  }
}

/** Max of n elements of x from start, step apart (NaN wins, as Math.max). */
/** fn(p, start) for each of the outer*inner positions of an [outer, n, inner] layout: p indexes per-position
 * arrays, and the position's n elements are at start, start + inner, ... */
function forEachPosition(outer: number, n: number, inner: number, fn: (p: number, start: number) => void): void {
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) fn(o * inner + i, o * n * inner + i);
}

function rowMax(x: Storage, start: number, n: number, step: number): number {
  let m = -Infinity;
  for (let j = 0; j < n; j++) m = Math.max(m, x[start + j * step]);
  return m;
}

/** Sum of e^(x - m) over the same n elements, in double. */
function sumExp(x: Storage, start: number, n: number, step: number, m: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(x[start + j * step] - m);
  return s;
}

/** How x's storage rounds a double on store (what a stored intermediate of x's dtype holds). */
const roundingOf = (x: Storage): ((v: number) => number) => (x instanceof Float32Array ? Math.fround : (v) => v);

export const jsBackend: Backend = {
  name: 'js',
  isa: 'js',
  get_num_threads: () => 1,
  set_num_threads: () => {},

  alloc(dtype: DType, n: number): Storage {
    return new (storageClass(dtype))(n);
  },

  unary(op, x, out, p0, p1) {
    const f = unaryFns[op];
    for (let i = 0; i < x.length; i++) out[i] = f(x[i], p0, p1);
  },

  binary(op, a, b, out, p0, p1) {
    const f = binaryFn(op, out);
    const n = out.length;
    if (a.length === n && b.length === n) for (let i = 0; i < n; i++) out[i] = f(a[i], b[i], p0, p1);
    else if (b.length === 1) for (let i = 0, bv = b[0]; i < n; i++) out[i] = f(a[a.length === 1 ? 0 : i], bv, p0, p1);
    else for (let i = 0, av = a[0]; i < n; i++) out[i] = f(av, b[i], p0, p1);
  },

  binaryStrided(op, a, b, out, shape, aStrides, bStrides, p0, p1) {
    const f = binaryFn(op, out);
    forEachStrided(shape, aStrides, bStrides, (i, ia, ib) => {
      out[i] = f(a[ia], b[ib], p0, p1);
    });
  },

  reduce(op, x, out, outer, n, inner) {
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++) out[o * inner + i] = reduceRow(op, x, o * n * inner + i, n, inner);
  },

  argReduce(isMax, x, values, indices, outer, n, inner) {
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++) {
        const start = o * n * inner + i;
        let best = 0;
        let m = x[start];
        for (let j = 1; j < n && m === m; j++) {
          const v = x[start + j * inner];
          if (v !== v || (isMax ? v > m : v < m)) {
            m = v;
            best = j;
          }
        }
        values[o * inner + i] = m;
        indices[o * inner + i] = best;
      }
  },

  softmax(x, out, outer, n, inner, log) {
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++) {
        const start = o * n * inner + i;
        const m = rowMax(x, start, n, inner);
        const s = sumExp(x, start, n, inner, m);
        const logS = Math.log(s);
        for (let j = 0; j < n; j++) {
          const k = start + j * inner;
          out[k] = log ? x[k] - m - logS : Math.exp(x[k] - m) / s;
        }
      }
  },

  softmaxBackward(y, g, out, outer, n, inner, log) {
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++) {
        const start = o * n * inner + i;
        let s = 0;
        for (let j = 0; j < n; j++) s += log ? g[start + j * inner] : g[start + j * inner] * y[start + j * inner];
        for (let j = 0; j < n; j++) {
          const k = start + j * inner;
          out[k] = log ? g[k] - Math.exp(y[k]) * s : (g[k] - s) * y[k];
        }
      }
  },

  matmul(a, b, out, batch, M, K, N, aBatchStride, bBatchStride, transA, transB, accumulate) {
    // i-k-j loop order keeps the inner loop contiguous in B and out for the common untransposed case
    const row = new Float64Array(N);
    for (let p = 0; p < batch; p++) {
      const a0 = p * aBatchStride;
      const b0 = p * bBatchStride;
      const c0 = p * M * N;
      for (let i = 0; i < M; i++) {
        row.fill(0);
        for (let k = 0; k < K; k++) {
          const av = a[a0 + (transA ? k * M + i : i * K + k)];
          if (transB) for (let j = 0; j < N; j++) row[j] += av * b[b0 + j * K + k];
          else for (let j = 0, bk = b0 + k * N; j < N; j++) row[j] += av * b[bk + j];
        }
        for (let j = 0; j < N; j++) out[c0 + i * N + j] = accumulate ? out[c0 + i * N + j] + row[j] : row[j];
      }
    }
  },

  copyStrided(src, dst, shape, strides, offset) {
    forEachStrided(shape, strides, strides, (i, is) => {
      dst[i] = src[offset + is];
    });
  },

  im2col,
  col2im,
  roundReduced: (storage, dtype) => roundStorage(storage, dtype),

  linear(a, b, bias, out, M, K, N, transA, transB, act, p0, p1) {
    // In JS the product dominates and a pass over its output is cheap: the product, then one pass that adds the
    // bias and applies the activation, each stored before the next reads it, so rounded as the separate ops round.
    this.matmul(a, b, out, 1, M, K, N, 0, 0, transA, transB, false);
    const f = act === null ? null : unaryFns[act];
    if (!bias && !f) return;
    for (let i = 0, c = 0; i < M; i++) {
      for (let j = 0; j < N; j++, c++) {
        if (bias) out[c] = out[c] + bias[j];
        if (f) out[c] = f(out[c], p0, p1);
      }
    }
  },

  crossEntropy(x, classes, weights, stats, losses, outer, n, inner) {
    const round = roundingOf(x);
    const P = outer * inner;
    forEachPosition(outer, n, inner, (p, start) => {
      // softmax's normalizers, then the target's log-probability as log_softmax stores it
      const m = rowMax(x, start, n, inner);
      const logS = Math.log(sumExp(x, start, n, inner, m));
      stats[p] = m;
      stats[P + p] = logS;
      losses[p] = classes[p] < 0 ? 0 : -weights[p] * round(x[start + classes[p] * inner] - m - logS);
    });
  },

  crossEntropyBackward(x, classes, scale, stats, out, outer, n, inner) {
    const round = roundingOf(x);
    const P = outer * inner;
    forEachPosition(outer, n, inner, (p, start) => {
      const k = scale[p];
      for (let j = 0; j < n; j++) {
        const at = start + j * inner;
        // e^y for y = log_softmax as the forward stored it, as softmaxBackward(log) computes the gradient
        const e = Math.exp(round(x[at] - stats[p] - stats[P + p]));
        out[at] = e * k - (j === classes[p] ? k : 0);
      }
    });
  },

  // Optimizer steps: semantics in types.ts. A state value is read back after its store, so the rest of the
  // element's update sees the rounded value PyTorch's float32 buffer would hold.
  sgdStep(param, grad, momentumBuffer, initBuffer, { lr, momentum, dampening, weight_decay, nesterov, maximize }) {
    for (let i = 0; i < param.length; i++) {
      let d = maximize ? -grad[i] : grad[i];
      if (weight_decay !== 0) d += weight_decay * param[i];
      if (momentumBuffer) {
        momentumBuffer[i] = initBuffer ? d : momentum * momentumBuffer[i] + (1 - dampening) * d;
        d = nesterov ? d + momentum * momentumBuffer[i] : momentumBuffer[i];
      }
      param[i] -= lr * d;
    }
  },

  adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, step, { lr, betas: [beta1, beta2], eps, weight_decay, maximize }, decoupled) {
    const stepSize = lr / (1 - beta1 ** step);
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
    const l2 = decoupled ? 0 : weight_decay;
    const shrink = decoupled ? 1 - lr * weight_decay : 1;
    for (let i = 0; i < param.length; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (l2 !== 0) g += l2 * param[i];
      if (shrink !== 1) param[i] *= shrink;
      expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * g;
      expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * g * g;
      let v = expAvgSq[i];
      if (maxExpAvgSq) v = maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], v); // already rounded: both are stored values
      param[i] -= (stepSize * expAvg[i]) / (Math.sqrt(v) / biasCorrection2Sqrt + eps);
    }
  },

  rmspropStep(param, grad, squareAvg, gradAvg, momentumBuffer, { lr, alpha, eps, weight_decay, momentum, maximize }) {
    for (let i = 0; i < param.length; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (weight_decay !== 0) g += weight_decay * param[i];
      squareAvg[i] = alpha * squareAvg[i] + (1 - alpha) * g * g;
      let variance = squareAvg[i];
      if (gradAvg) {
        gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g;
        variance -= gradAvg[i] * gradAvg[i];
      }
      const avg = Math.sqrt(variance) + eps;
      if (momentumBuffer) {
        momentumBuffer[i] = momentum * momentumBuffer[i] + g / avg;
        param[i] -= lr * momentumBuffer[i];
      } else param[i] -= (lr * g) / avg;
    }
  },
};
