// Worker-thread jobs for test/workers.test.ts, on the built package (dist/, which `npm test` builds first).
// As a worker, workerData.job picks what to do:
//   'train'       train() below, post the result
//   'matmul-loop' post 'started', then multiply 2048 x 2048 matrices until terminated
// The main thread require()s this file for train() itself, so both sides run the same code.
'use strict';
const { isMainThread, parentPort, workerData } = require('node:worker_threads');
const torch = require('../../dist/index.js');

const { nn } = torch;

/**
 * Trains a 64-128-10 MLP with Adam on random data from `seed` for `steps` full-batch steps and returns the
 * losses and final weights (as arrays of float32 values). Batch 512 keeps every matmul and most elementwise
 * ops above the native thread pool's grain, so thread count would show up in the bits if it mattered.
 */
function train({ seed, steps }) {
  torch.manual_seed(seed);
  const model = new nn.Sequential(new nn.Linear(64, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: 1e-2 });
  const x = torch.randn(512, 64);
  const y = torch.randint(0, 10, [512]);
  const lossFn = new nn.CrossEntropyLoss();
  const losses = [];
  for (let i = 0; i < steps; i++) {
    optimizer.zero_grad();
    const loss = lossFn(model(x), y);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return { backend: torch.backend().name, losses, weights: [...model.parameters()].map((p) => Array.from(p.data)) };
}

function matmulLoop() {
  const a = torch.randn(2048, 2048);
  parentPort.postMessage('started');
  for (;;) a.matmul(a);
}

if (!isMainThread && workerData && workerData.job) {
  if (workerData.job === 'train') parentPort.postMessage(train(workerData));
  else if (workerData.job === 'matmul-loop') matmulLoop();
  else throw new Error(`unknown job ${workerData.job}`);
}

module.exports = { train };
