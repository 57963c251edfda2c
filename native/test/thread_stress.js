// Concurrency stress for the thread pool, meant for ThreadSanitizer/ASan builds (scripts/test-sanitized.sh):
// several worker_threads run large ops that use the pool (unary, binary, reduce, softmax, matmul, optimizer
// steps, pooled allocations) while the main thread keeps changing the pool size and computing too. Every
// result is checked, so a race that corrupts data fails here even without a sanitizer.
//   node native/test/thread_stress.js [workers] [rounds]   (TORCHLET_ADDON=path picks another build)
'use strict';
const assert = require('node:assert');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const b = process.env.TORCHLET_ADDON
  ? require(path.resolve(process.env.TORCHLET_ADDON))
  : require('node-gyp-build')(path.join(__dirname, '..', '..'));

const N = 1 << 20; // well above every grain size, so each op is split over the pool
const M = 96; // matmul M = K = N
const filled = (n, seed) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 2);
const x = filled(N, 0), y = filled(N, 1); // inputs, made once per thread and only read

// Exact equality, reporting the first differing element (not a million-element diff).
function same(got, want, what) {
  const i = got.findIndex((v, k) => !Object.is(v, want[k]));
  assert.ok(i < 0, `${what}: element ${i} is ${got[i]}, expected ${want[i]}`);
}

function matmulRef(a, m) {
  const c = new Float32Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let k = 0; k < m; k++) acc += a[i * m + k] * a[k * m + j];
      c[i * m + j] = acc;
    }
  return c;
}

// One round of every threaded op, each result compared with a reference: elementwise results are exact
// whatever the split; sums and matmul are compared with a tolerance (chunking changes the rounding order).
function round(refs, fillValue) {
  const out = new Float32Array(N);
  b.unary(b.unary_ops.indexOf('exp'), x, out, 0, 0);
  same(out, refs.exp, 'exp');
  b.binary(b.binary_ops.indexOf('add'), x, y, out, 0, 0);
  same(out, refs.add, 'add');
  const sums = new Float32Array(16);
  b.reduce(b.reduce_ops.indexOf('sum'), x, sums, 16, N / 16, 1);
  sums.forEach((s, i) => assert.ok(Math.abs(s - refs.sums[i]) <= 1e-3 * (1 + Math.abs(refs.sums[i])), `sum ${i}`));
  b.softmax(x, out, N / 64, 64, 1, false);
  same(out, refs.softmax, 'softmax');
  const a = x.subarray(0, M * M), c = new Float32Array(M * M);
  b.matmul(a, a, c, 1, M, M, M, 0, 0, false, false, false);
  c.forEach((v, i) => assert.ok(Math.abs(v - refs.matmul[i]) <= 1e-4 * (1 + Math.abs(refs.matmul[i])), `matmul ${i}`));
  const p = x.slice(), buf = new Float32Array(N);
  b.sgd_step(p, y, buf, true, 0.1, 0.9, 0, 0, false, false);
  same(p, refs.sgd, 'sgd_step');
  const block = new Float32Array(b.alloc(4 * N, true)); // pooled: its mutex is shared by every thread
  assert.ok(block.every((v) => v === 0));
  block.fill(fillValue); // dirty it, so a later zeroed hand-out of this block is checked
}

// References computed by the main thread before any worker starts.
function references() {
  const refs = {};
  refs.exp = new Float32Array(N);
  b.unary(b.unary_ops.indexOf('exp'), x, refs.exp, 0, 0);
  refs.add = Float32Array.from(x, (v, i) => Math.fround(v + y[i]));
  refs.sums = Array.from({ length: 16 }, (_, r) => x.subarray(r * (N / 16), (r + 1) * (N / 16)).reduce((s, v) => s + v, 0));
  refs.softmax = new Float32Array(N);
  b.softmax(x, refs.softmax, N / 64, 64, 1, false);
  refs.matmul = matmulRef(x.subarray(0, M * M), M);
  refs.sgd = Float32Array.from(x, (v, i) => Math.fround(v - 0.1 * y[i])); // first step: buf = grad; double math
  return refs;
}

if (isMainThread) {
  const workers = Number(process.argv[2] ?? 3), rounds = Number(process.argv[3] ?? 4);
  let active = workers, mainRounds = 0, resizes = 0, overlapped = 0;
  const refs = references();
  const done = [];
  for (let w = 0; w < workers; w++) {
    const worker = new Worker(__filename, { workerData: { refs, rounds, fillValue: w + 1 } });
    done.push(
      new Promise((resolve, reject) => {
        worker.on('message', (m) => (m === 'started' ? overlapped++ : resolve(m)));
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
      }).finally(() => active--),
    );
  }
  // The main thread resizes the pool and computes until every worker is done (one turn of the event loop
  // between rounds, so worker messages are received).
  const spin = () => {
    if (active === 0) return;
    b.set_num_threads(1 + (resizes++ % 4));
    round(refs, 0.5);
    mainRounds++;
    setImmediate(spin);
  };
  spin();
  Promise.all(done).then(
    () => {
      b.set_num_threads(2);
      assert.ok(overlapped === workers && mainRounds > 0);
      console.log(`thread_stress: ${b.isa()} ok: ${workers} workers x ${rounds} rounds, ` +
        `${mainRounds} main rounds, ${resizes} set_num_threads calls while they ran`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  const { refs, rounds, fillValue } = workerData;
  parentPort.postMessage('started');
  for (let r = 0; r < rounds; r++) round(refs, fillValue);
  parentPort.postMessage('done');
}
