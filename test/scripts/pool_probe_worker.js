'use strict';
// The pool's GC probe is per JS thread: a worker that filled the pool's limit and then sits idle (its heap never
// collects, so its probe never fires) must not keep the main thread from pooled outputs. Prints the main thread's
// pool hits over a synchronous loop of 60 ops on 4 MiB tensors, run while such a worker is alive.
const path = require('node:path');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const root = path.resolve(__dirname, '..', '..');
const torch = require(root);
const b = require('node-gyp-build')(root);
const n = 1 << 20; // 4 MiB of float32

if (isMainThread) {
  const worker = new Worker(__filename);
  worker.once('message', () => {
    const x = torch.randn(n);
    const before = b.pool_stats();
    let checksum = 0;
    for (let i = 0; i < 60; i++) checksum += torch.sigmoid(x).sum().item();
    const after = b.pool_stats();
    console.log(JSON.stringify({ before, after, checksum }));
    worker.terminate();
  });
} else {
  const held = [];
  // 64 blocks of 4 MiB reach the 256 MiB limit; the 65th is declined, which sets this thread's probe
  for (let i = 0; i < 65; i++) held.push(torch.ones(n));
  parentPort.postMessage('holding');
  parentPort.on('message', () => held.length); // stay alive and idle, holding the tensors
}
