// Smoke test of the addon from Node: every binding function with good arguments (results checked against
// plain JS) and with garbage (must throw TypeError/RangeError, never crash), plus worker_threads.
//   node native/test/smoke.js            (TORCHLET_ADDON=path/to/torchlet.node picks another build, e.g. ASan)
'use strict';
const assert = require('node:assert');
const path = require('node:path');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const b = process.env.TORCHLET_ADDON
  ? require(path.resolve(process.env.TORCHLET_ADDON))
  : require('node-gyp-build')(path.join(__dirname, '..', '..'));

const f32 = (xs) => Float32Array.from(xs);
const rand = (n) => Float32Array.from({ length: n }, () => Math.random() * 4 - 2);
const fround = Math.fround;

function close(got, want, tol = 1e-5) {
  assert.strictEqual(got.length, want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (g === w) continue;  // also equal infinities, whose difference is NaN (log1p of an x that rounded to -1)
    if (Number.isNaN(w)) assert.ok(Number.isNaN(g), `element ${i}: ${g} is not NaN`);
    else assert.ok(Math.abs(g - w) <= tol * (1 + Math.abs(w)), `element ${i}: ${g} vs ${w}`);
  }
}

function throwsKind(kind, fn, re) {
  assert.throws(fn, (e) => e instanceof kind && (!re || re.test(e.message)), `expected ${kind.name}`);
}

function good() {
  const ops = { unary: b.unary_ops, binary: b.binary_ops, reduce: b.reduce_ops };
  assert.deepStrictEqual(ops.reduce, ['sum', 'mean', 'prod', 'amax', 'amin']);
  assert.ok(['avx512', 'avx2', 'neon', 'scalar'].includes(b.isa()));
  const n = 100003;
  const x = rand(n), out = new Float32Array(n);
  const unaryRef = {
    neg: (v) => -v, abs: Math.abs, exp: Math.exp, log: Math.log, sqrt: Math.sqrt, relu: (v) => (v < 0 ? 0 : v),
    relu6: (v) => (v < 0 ? 0 : v > 6 ? 6 : v), leaky_relu: (v) => (v > 0 ? v : v * fround(0.1)),
    threshold: (v) => (v <= fround(0.1) ? 5 : v), sigmoid: (v) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh,
    clamp: (v) => (v < fround(0.1) ? fround(0.1) : v > 5 ? 5 : v), log1p: Math.log1p, expm1: Math.expm1,
  };
  ops.unary.forEach((name, op) => {
    b.unary(op, x, out, 0.1, 5);
    if (unaryRef[name]) close(out, Array.from(x, unaryRef[name]));  // ops without a JS reference just run
  });
  const y = rand(n), cmp = new Uint8Array(n);
  b.binary(ops.binary.indexOf('add'), x, y, out, 0, 0);
  close(out, Array.from(x, (v, i) => fround(v + y[i])), 0);
  b.binary(ops.binary.indexOf('mul'), x, f32([3]), out, 0, 0);
  close(out, Array.from(x, (v) => fround(v * 3)), 0);
  b.binary(ops.binary.indexOf('gt'), x, y, cmp, 0, 0);
  assert.ok(cmp.every((v, i) => v === (x[i] > y[i] ? 1 : 0)));
  // in place: out aliases a
  const inplace = Float32Array.from(x);
  b.binary(ops.binary.indexOf('sub'), inplace, y, inplace, 0, 0);
  close(inplace, Array.from(x, (v, i) => fround(v - y[i])), 0);
  // partial overlap: out is a shifted view of a's buffer
  const buf = rand(11), a = buf.subarray(0, 10), shifted = buf.subarray(1, 11), copyA = Float32Array.from(a);
  b.unary(ops.unary.indexOf('neg'), a, shifted, 0, 0);
  close(shifted, Array.from(copyA, (v) => -v), 0);
  // strided: out[i][j] = a[j][i] * b[j]
  const a34 = rand(12), b3 = rand(4), o = new Float32Array(12);
  b.binary_strided(ops.binary.indexOf('mul'), a34, b3, o, [3, 4], [1, 3], [0, 1], 0, 0);
  close(o, Array.from(o, (_, k) => fround(a34[(k % 4) * 3 + Math.floor(k / 4)] * b3[k % 4])), 0);
  const dst = new Float32Array(12);
  b.copy_strided(a34, dst, [3, 4], [1, 3], 0);
  close(dst, Array.from(dst, (_, k) => a34[(k % 4) * 3 + Math.floor(k / 4)]), 0);
  // reduce [2, 5, 3]
  const r = rand(30), sums = new Float32Array(6);
  b.reduce(0, r, sums, 2, 5, 3);
  const ref = (f, init) => Array.from(sums, (_, k) => {
    let acc = init;
    for (let j = 0; j < 5; j++) acc = f(acc, r[(Math.floor(k / 3) * 5 + j) * 3 + (k % 3)]);
    return acc;
  });
  close(sums, ref((s, v) => s + v, 0));
  b.reduce(3, r, sums, 2, 5, 3);
  close(sums, ref(Math.max, -Infinity), 0);
  const empty = new Float32Array(2);
  b.reduce(1, new Float32Array(0), empty, 2, 0, 1);
  assert.ok(Number.isNaN(empty[0]));
  const vals = new Float32Array(6), idx = new Float64Array(6);
  b.arg_reduce(true, r, vals, idx, 2, 5, 3);
  close(vals, ref(Math.max, -Infinity), 0);
  // softmax rows of 7
  const s = rand(21), sm = new Float32Array(21), g = rand(21), gx = new Float32Array(21);
  b.softmax(s, sm, 3, 7, 1, false);
  for (let row = 0; row < 3; row++) {
    const e = Array.from(s.subarray(row * 7, row * 7 + 7), Math.exp), tot = e.reduce((p, q) => p + q);
    close(sm.subarray(row * 7, row * 7 + 7), e.map((v) => v / tot));
  }
  b.softmax_backward(sm, g, gx, 3, 7, 1, false);
  b.softmax(s, sm, 3, 7, 1, true);
  // matmul [2,3]x[3,4], B transposed, accumulate
  const A = rand(6), B = rand(12), C = new Float32Array(8).fill(1);
  b.matmul(A, B, C, 1, 2, 3, 4, 0, 0, false, true, true);
  const want = [];
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 4; j++) {
      let acc = 1;
      for (let k = 0; k < 3; k++) acc += A[i * 3 + k] * B[j * 3 + k];
      want.push(acc);
    }
  close(C, want);
  // in-place matmul (out aliases a) is computed through a temporary
  const sq = rand(4), sqCopy = Float32Array.from(sq);
  b.matmul(sq, sqCopy, sq, 1, 2, 2, 2, 0, 0, false, false, false);
  close(sq, [0, 1, 2, 3].map((k) => sqCopy[(k >> 1) * 2] * sqCopy[k & 1] + sqCopy[(k >> 1) * 2 + 1] * sqCopy[2 + (k & 1)]));
  // linear [2,3] x [4,3]^T + bias, then relu: against plain JS (matmul's sum rounded, then the add, then relu)
  const X = rand(6), W = rand(12), bias = rand(4), Y = new Float32Array(8);
  b.linear(X, W, bias, Y, 2, 3, 4, false, true, ops.unary.indexOf('relu'), 0, 0);
  close(Y, Array.from(Y, (_, k) => {
    let acc = 0;
    for (let j = 0; j < 3; j++) acc += X[Math.floor(k / 4) * 3 + j] * W[(k % 4) * 3 + j];
    return Math.max(0, fround(fround(acc) + bias[k % 4]));
  }));
  // cross-entropy over 3 rows of 7 classes (row 1 ignored), against -weight * log_softmax, then its gradient
  const classes = Float64Array.from([6, -1, 0]), weights = Float64Array.from([0.5, 0, 2]);
  const stats = new Float64Array(6), losses = new Float64Array(3), ce = new Float32Array(21);
  b.cross_entropy(s, classes, weights, 3, 7, 1, stats, losses);
  close(losses, [-0.5 * sm[6], 0, -2 * sm[14]]);
  b.cross_entropy_backward(s, classes, Float64Array.from([1, 0, 1]), stats, ce, 3, 7, 1);
  close(ce, Array.from(sm, (y, k) => Math.exp(y) * (k < 7 || k >= 14 ? 1 : 0) - (k === 6 || k === 14 ? 1 : 0)));
  // optimizer steps: SGD with momentum against plain JS (double math, rounded where stored); Adam and RMSprop run
  const p = rand(1000), gr = rand(1000), mb = rand(1000);
  const p0 = Float32Array.from(p), mb0 = Float32Array.from(mb);
  b.sgd_step(p, gr, mb, false, 0.1, 0.9, 0, 0, false, false);
  close(mb, Array.from(mb0, (v, i) => fround(0.9 * v + gr[i])), 0);
  close(p, Array.from(p0, (v, i) => fround(v - 0.1 * mb[i])), 0);
  const v = () => rand(1000).map(Math.abs);
  b.adam_step(p, gr, rand(1000), v(), v(), 3, 1e-3, 0.9, 0.999, 1e-8, 0.01, true, false);
  b.rmsprop_step(p, gr, v(), null, rand(1000), 1e-2, 0.99, 1e-8, 0, 0.9, true);
  assert.ok(p.every(Number.isFinite));
  // alloc: small plain, large pooled (a hit after GC)
  assert.strictEqual(b.alloc(100, true).byteLength, 100);
  const big = new Float32Array(b.alloc(4 << 20, true));
  assert.ok(big.every((v) => v === 0));
  const st = b.pool_stats();
  assert.ok(st.live >= 4 << 20 && typeof st.hits === 'number', JSON.stringify(st));
  b.set_num_threads(1);
  assert.strictEqual(b.get_num_threads(), 1);
  b.set_num_threads(2);
}

function garbage() {
  const x = new Float32Array(4), out = new Float32Array(4);
  throwsKind(TypeError, () => b.unary(0, x, out, 0), /^unary: expected 5 arguments/);
  throwsKind(TypeError, () => b.unary(0, new Float64Array(4), out, 0, 0), /^unary: x must be a Float32Array/);
  throwsKind(TypeError, () => b.unary(0, [1, 2], out, 0, 0));
  throwsKind(TypeError, () => b.unary('0', x, out, 0, 0));
  throwsKind(RangeError, () => b.unary(99, x, out, 0, 0), /^unary: op 99/);
  throwsKind(RangeError, () => b.unary(-1, x, out, 0, 0));
  throwsKind(RangeError, () => b.unary(0.5, x, out, 0, 0));
  throwsKind(RangeError, () => b.unary(NaN, x, out, 0, 0));
  throwsKind(RangeError, () => b.unary(0, x, new Float32Array(3), 0, 0));
  throwsKind(TypeError, () => b.unary(0, x, out, '1', 0));
  throwsKind(RangeError, () => b.binary(0, new Float32Array(5), x, out, 0, 0),
    /^binary: a has length 5 but out has length 4 \(expected 4 or 1\)$/);
  throwsKind(TypeError, () => b.binary(b.binary_ops.indexOf('eq'), x, x, out, 0, 0), /Uint8Array/);
  throwsKind(TypeError, () => b.binary(0, x, x, new Uint8Array(4), 0, 0), /Float32Array/);
  throwsKind(RangeError, () => b.binary_strided(0, x, x, out, [4], [2], [1], 0, 0), /reach index 6/);
  throwsKind(RangeError, () => b.binary_strided(0, x, x, out, [4], [1, 1], [1], 0, 0));
  throwsKind(RangeError, () => b.binary_strided(0, x, x, out, [4], [-1], [1], 0, 0));
  throwsKind(RangeError, () => b.binary_strided(0, x, x, out, [4], [1.5], [1], 0, 0));
  throwsKind(TypeError, () => b.binary_strided(0, x, x, out, [4], ['1'], [1], 0, 0));
  throwsKind(TypeError, () => b.binary_strided(0, x, x, out, 4, [1], [1], 0, 0));
  throwsKind(RangeError, () => b.binary_strided(0, x, x, out, new Array(17).fill(1), new Array(17).fill(0), new Array(17).fill(0), 0, 0));
  throwsKind(RangeError, () => b.binary_strided(0, x, x, out, [2 ** 40, 2 ** 40, 0], [0, 0, 0], [0, 0, 0], 0, 0), /overflow/);
  throwsKind(RangeError, () => b.reduce(0, x, out, 1, 4, 1));
  throwsKind(RangeError, () => b.reduce(3, new Float32Array(0), new Float32Array(1), 1, 0, 1), /empty/);
  throwsKind(RangeError, () => b.reduce(0, x, new Float32Array(1), 1, Infinity, 1));
  throwsKind(RangeError, () => b.reduce(0, x, new Float32Array(1), 2 ** 52, 2 ** 52, 1), /overflow/);
  throwsKind(TypeError, () => b.arg_reduce(1, x, new Float32Array(1), new Float64Array(1), 1, 4, 1));
  throwsKind(TypeError, () => b.arg_reduce(true, x, new Float32Array(1), new Float32Array(1), 1, 4, 1));
  throwsKind(RangeError, () => b.arg_reduce(true, new Float32Array(0), new Float32Array(1), new Float64Array(1), 1, 0, 1));
  throwsKind(RangeError, () => b.softmax(x, new Float32Array(5), 1, 4, 1, false));
  throwsKind(TypeError, () => b.softmax_backward(x, x, out, 1, 4, 1, 0));
  throwsKind(RangeError, () => b.matmul(x, x, out, 1, 2, 3, 2, 0, 0, false, false, false), /reaches index 5/);
  throwsKind(RangeError, () => b.matmul(x, x, out, 2, 1, 2, 2, 3, 0, false, false, false), /batch 1 reaches/);
  throwsKind(RangeError, () => b.matmul(x, x, out, 1, 2, 2, 2, -1, 0, false, false, false));
  throwsKind(RangeError, () => b.matmul(x, x, out, 1, 2 ** 31, 2 ** 31, 2 ** 31, 0, 0, false, false, false));
  throwsKind(RangeError, () => b.linear(x, x, null, out, 2, 3, 2, false, true, -1, 0, 0), /^linear: a has length 4/);
  throwsKind(RangeError, () => b.linear(x, x, x, out, 2, 2, 2, false, true, -1, 0, 0), /^linear: bias has length 4 but N is 2/);
  throwsKind(RangeError, () => b.linear(x, x, null, out, 2, 2, 2, false, true, 99, 0, 0), /^linear: op 99/);
  throwsKind(TypeError, () => b.linear(x, x, null, out, 2, 2, 2, false, true, -1, 0), /^linear: expected 12 arguments/);
  const f64 = (xs) => Float64Array.from(xs);
  throwsKind(RangeError, () => b.cross_entropy(x, f64([4]), f64([1]), 1, 4, 1, new Float64Array(2), new Float64Array(1)),
    /^cross_entropy: classes\[0\] = 4/);
  throwsKind(RangeError, () => b.cross_entropy(x, f64([0]), f64([1]), 1, 4, 1, new Float64Array(1), new Float64Array(1)), /stats/);
  throwsKind(TypeError, () => b.cross_entropy(x, f32([0]), f64([1]), 1, 4, 1, new Float64Array(2), new Float64Array(1)),
    /Float64Array/);
  throwsKind(RangeError, () => b.cross_entropy_backward(x, f64([-3]), f64([1]), f64([0, 0]), out, 1, 4, 1), /classes/);
  throwsKind(RangeError, () => b.copy_strided(x, out, [4], [1], 1), /reach index 4/);
  throwsKind(RangeError, () => b.set_num_threads(0));
  throwsKind(RangeError, () => b.set_num_threads(NaN));
  throwsKind(TypeError, () => b.set_num_threads());
  throwsKind(RangeError, () => b.alloc(-1, true));
  throwsKind(RangeError, () => b.alloc(2 ** 60, false));
  throwsKind(TypeError, () => b.alloc(16, 'yes'));
  throwsKind(TypeError, () => b.round_reduced(new Float64Array(4), true), /Float32Array/);
  throwsKind(TypeError, () => b.round_reduced(x, 'yes'));
  throwsKind(TypeError, () => b.round_reduced(x), /^round_reduced: expected 2 arguments/);
  throwsKind(TypeError, () => b.sgd_step(x, x, null, false, 0.1, 0, 0, 0, false), /^sgd_step: expected 10 arguments/);
  const y = new Float32Array(4), z = new Float32Array(4);
  throwsKind(RangeError, () => b.sgd_step(x, new Float32Array(3), null, false, 0.1, 0, 0, 0, false, false), /length 3/);
  throwsKind(RangeError, () => b.sgd_step(x, out, x, false, 0.1, 0.9, 0, 0, false, false), /overlaps param/);
  throwsKind(RangeError, () => b.adam_step(x, out, y, z, null, 0, 1e-3, 0.9, 0.999, 1e-8, 0, false, false), /step/);
  throwsKind(RangeError, () => b.rmsprop_step(x, out, y, null, null, NaN, 0.99, 1e-8, 0, 0, false), /lr must be/);
  // detached buffers
  const d = new Float32Array(4);
  structuredClone(d.buffer, { transfer: [d.buffer] });
  throwsKind(TypeError, () => b.unary(0, d, d, 0, 0), /detached/);
  throwsKind(TypeError, () => b.matmul(d, x, out, 1, 2, 2, 2, 0, 0, false, false, false), /detached/);
}

function workers() {
  // Several threads load the addon and compute at once while the main thread changes the pool size.
  const running = [];
  for (let w = 0; w < 3; w++)
    running.push(new Promise((resolve, reject) => {
      const worker = new Worker(__filename);
      worker.on('message', resolve);
      worker.on('error', reject);
    }));
  const stop = Date.now() + 300;
  const big = rand(1 << 20), out = new Float32Array(1 << 20);
  while (Date.now() < stop) {
    b.set_num_threads(1 + Math.floor(Math.random() * 3));
    b.unary(b.unary_ops.indexOf('exp'), big, out, 0, 0);
  }
  b.set_num_threads(2);
  return Promise.all(running);
}

if (isMainThread) {
  good();
  garbage();
  workers().then((msgs) => console.log(`smoke: ${b.isa()} ok (workers: ${msgs.join(', ')})`));
} else {
  const n = 1 << 18, x = rand(n), y = rand(n), out = new Float32Array(n);
  for (let i = 0; i < 50; i++) b.binary(0, x, y, out, 0, 0);
  const m = rand(256 * 256), c = new Float32Array(256 * 256);
  b.matmul(m, m, c, 1, 256, 256, 256, 0, 0, false, false, false);
  new Float32Array(b.alloc(2 << 20, false));
  parentPort.postMessage('ok');
}
