'use strict';
// tfjs peer: node peers/tfjs.js '{"backend":"cpu"|"wasm","full":false}'. Same output format as peers/torchlet.js.
const path = require('node:path');
const { workloads, jsSkip } = require('../workloads');
const { time } = require('./timing');

async function main() {
  const cfg = JSON.parse(process.argv[2] || '{}');
  // the umbrella package: tfjs-core + tfjs-backend-cpu + the gradient registrations (tfjs-core alone has no
  // gradients in its CommonJS bundle, and its ESM build does not load in Node)
  const tf = require('@tensorflow/tfjs');
  if (cfg.backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep));
  } else {
    require('@tensorflow/tfjs-backend-cpu');
  }
  await tf.setBackend(cfg.backend);
  await tf.ready();
  const slow = cfg.backend === 'cpu'; // plain-JS kernels: same quick-mode skips as torchlet's JS backend
  const results = {};
  for (const w of workloads()) {
    const skip = slow ? jsSkip(w, cfg.full) : null;
    if (skip) { results[w.id] = { skipped: skip.replace('JS backend', 'tfjs-cpu') }; continue; }
    if (w.kind === 'unary_turn') { results[w.id] = { skipped: 'torchlet-only row: how its GC-driven pool behaves in async code' }; continue; }
    if (w.kind === 'unary_reuse' || w.kind === 'matmul_reuse') { results[w.id] = { skipped: 'not expressible: tfjs has no in-place or out= form' }; continue; }
    const keep = [];
    try {
      let fn, calls = 1;
      // each call disposes its result: tfjs does not free tensors on GC
      const run1 = (f) => () => tf.dispose(f());
      if (w.kind === 'unary' || w.kind === 'overhead') {
        const x = tf.randomNormal([w.n]);
        keep.push(x);
        const op = w.kind === 'overhead' ? 'relu' : w.op;
        const f1 = run1({
          relu: () => tf.relu(x),
          relu6: () => tf.relu6(x),
          leaky_relu: () => tf.leakyRelu(x, 0.01),
          sigmoid: () => tf.sigmoid(x),
          tanh: () => tf.tanh(x),
        }[op]);
        if (w.kind === 'overhead') {
          calls = w.calls;
          fn = () => { for (let i = 0; i < calls; i++) f1(); };
        } else fn = f1;
      } else if (w.kind === 'softmax') {
        const x = tf.randomNormal([w.rows, w.cols]);
        keep.push(x);
        fn = run1(() => tf.softmax(x, -1));
      } else if (w.kind === 'matmul') {
        const a = tf.randomNormal([w.n, w.n]), b = tf.randomNormal([w.n, w.n]);
        keep.push(a, b);
        fn = run1(() => tf.matMul(a, b));
      } else if (w.kind === 'linear') {
        const x = tf.randomNormal([w.batch, 784]), W = tf.randomNormal([256, 784], 0, 0.03), b = tf.zeros([256]);
        const gy = tf.randomNormal([w.batch, 256]);
        keep.push(x, W, b, gy);
        const g = tf.grads((x, W, b) => tf.add(tf.matMul(x, W, false, true), b));
        fn = () => tf.dispose(g([x, W, b], gy));
      } else if (w.kind === 'mlp') {
        const dims = [784, 256, 128, 10];
        const vars = [];
        for (let i = 0; i < 3; i++) {
          vars.push(tf.variable(tf.randomUniform([dims[i], dims[i + 1]], -1 / Math.sqrt(dims[i]), 1 / Math.sqrt(dims[i]))));
          vars.push(tf.variable(tf.zeros([dims[i + 1]])));
        }
        const x = tf.randomNormal([w.batch, 784]);
        const labels = tf.oneHot(tf.randomUniform([w.batch], 0, 10, 'int32'), 10);
        keep.push(x, labels, ...vars);
        const opt = tf.train.sgd(0.01);
        const loss = () => {
          let h = x;
          for (let i = 0; i < 3; i++) {
            h = tf.add(tf.matMul(h, vars[2 * i]), vars[2 * i + 1]);
            if (i < 2) h = tf.relu(h);
          }
          return tf.losses.softmaxCrossEntropy(labels, h);
        };
        fn = () => tf.dispose(opt.minimize(loss, true, vars));
      }
      results[w.id] = await time(fn, { full: cfg.full, calls, warmupMs: w.warmup_ms });
    } catch (e) {
      results[w.id] = { error: String(e && e.stack ? e.stack.split('\n').slice(0, 2).join(' ') : e) };
    }
    tf.dispose(keep);
  }
  const version = require('@tensorflow/tfjs-core/package.json').version;
  process.stdout.write(JSON.stringify({ version, backend: tf.getBackend(), threads: 1, results }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
