'use strict';
// onnxruntime-node peer: node peers/ort.js '{"full":false}'. One single-node ONNX model per workload (built by
// peers/onnx.js), one InferenceSession each, default threads (intra-op = cores). Training is not expressible:
// onnxruntime-node is inference-only (no autograd, no optimizer), so linear fwd+bwd and the MLP step are skipped.
const { workloads } = require('../workloads');
const { time } = require('./timing');
const { model } = require('./onnx');

async function main() {
  const cfg = JSON.parse(process.argv[2] || '{}');
  const ort = require('onnxruntime-node');
  const results = {};
  for (const w of workloads()) {
    if (w.kind === 'unary_turn') {
      results[w.id] = { skipped: 'torchlet-only row: how its GC-driven pool behaves in async code' };
      continue;
    }
    if (w.kind === 'linear' || w.kind === 'mlp') {
      results[w.id] = { skipped: 'not expressible: onnxruntime-node is inference-only (no autograd/optimizer)' };
      continue;
    }
    try {
      let spec, feeds, fetches, calls = 1;
      const rnd = (n) => Float32Array.from({ length: n }, () => Math.random() * 4 - 2);
      if (w.kind === 'unary' || w.kind === 'overhead' || w.kind === 'unary_reuse') {
        const op = w.kind === 'overhead' ? 'relu' : w.op;
        // reused output: session.run writes into a preallocated output tensor
        if (w.kind === 'unary_reuse') fetches = { y: new ort.Tensor('float32', new Float32Array(w.n), [w.n]) };
        const io = { inputs: [['x', [w.n]]], output: ['y', [w.n]] };
        spec = {
          relu: { op: 'Relu' },
          relu6: { op: 'Clip', inits: [['lo', [], [0]], ['hi', [], [6]]] },
          leaky_relu: { op: 'LeakyRelu', floatAttrs: { alpha: 0.01 } },
          sigmoid: { op: 'Sigmoid' },
          tanh: { op: 'Tanh' },
        }[op];
        spec = { ...io, ...spec };
        feeds = { x: new ort.Tensor('float32', rnd(w.n), [w.n]) };
        if (w.kind === 'overhead') calls = w.calls;
      } else if (w.kind === 'softmax') {
        spec = { op: 'Softmax', inputs: [['x', [w.rows, w.cols]]], output: ['y', [w.rows, w.cols]], attrs: { axis: -1 } };
        feeds = { x: new ort.Tensor('float32', rnd(w.rows * w.cols), [w.rows, w.cols]) };
      } else if (w.kind === 'matmul' || w.kind === 'matmul_reuse') {
        if (w.kind === 'matmul_reuse') fetches = { y: new ort.Tensor('float32', new Float32Array(w.n * w.n), [w.n, w.n]) };
        spec = { op: 'MatMul', inputs: [['a', [w.n, w.n]], ['b', [w.n, w.n]]], output: ['y', [w.n, w.n]] };
        feeds = { a: new ort.Tensor('float32', rnd(w.n * w.n), [w.n, w.n]), b: new ort.Tensor('float32', rnd(w.n * w.n), [w.n, w.n]) };
      }
      const session = await ort.InferenceSession.create(model(spec));
      const fn = calls === 1
        ? () => (fetches ? session.run(feeds, fetches) : session.run(feeds))
        : async () => { for (let i = 0; i < calls; i++) await session.run(feeds); };
      results[w.id] = await time(fn, { full: cfg.full, calls, warmupMs: w.warmup_ms });
      await session.release();
    } catch (e) {
      results[w.id] = { error: String(e && e.stack ? e.stack.split('\n').slice(0, 2).join(' ') : e) };
    }
  }
  const version = require('onnxruntime-node/package.json').version;
  process.stdout.write(JSON.stringify({ version, threads: 'default (intra-op = cores)', results }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
