// Memory growth under long runs, for test/memory.test.ts:
//   node --expose-gc test/scripts/memory.js phase...     (TORCHLET_BACKEND picks the backend)
// Phases: 'small' = 1e6 ops on 16-element tensors, 'train' = 1e4 SGD steps of a small MLP, 'large' = 200 ops
// on 4 MiB tensors (the native memory pool's size range). Each phase warms up (see `warmup`), then
// runs synchronously, as a training loop does: memory is sampled after a full collection before and after,
// and RSS also every few rounds during the run (its peak: what a loop that never yields costs). Prints one
// JSON line with, per phase, those samples in bytes, a checksum showing the work was done and, on the native
// backend, how many large buffers came from the pool. Uses dist/.
'use strict';
const torch = require('../../dist/index.js');
// the raw addon, for the native pool's counters (null on the JS backend)
const addon = torch.backend().name === 'native' ? require('node-gyp-build')(require('node:path').join(__dirname, '../..')) : null;

if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');

async function settled() {
  // V8 frees its own buffers' memory after a GC and Node may defer finalizers to the event loop: let it turn
  for (let i = 0; i < 3; i++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

let peakRss = 0;
const watchRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

const phases = {
  small(scale) {
    const x = torch.randn(16);
    const y = torch.randn(4, 4);
    let acc = 0;
    // ten ops per round: elementwise, broadcasting, views, matmul, reductions
    for (let i = 0; i < scale / 10; i++) {
      const a = x.mul(1.5).add(y.view(16)).relu();
      const b = a.view(4, 4).matmul(y).sum(1);
      acc += b.sigmoid().sub(0.5).abs().max().item();
      if (i % 1000 === 0) watchRss();
    }
    return acc;
  },

  train(scale) {
    torch.manual_seed(0);
    const { nn } = torch;
    const model = new nn.Sequential(new nn.Linear(16, 32), new nn.ReLU(), new nn.Linear(32, 4));
    const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const x = torch.randn(32, 16);
    const y = torch.randint(0, 4, [32]);
    let loss = 0;
    for (let i = 0; i < scale; i++) {
      optimizer.zero_grad();
      const l = nn.functional.cross_entropy(model(x), y);
      l.backward();
      optimizer.step();
      loss = l.item();
      if (i % 100 === 0) watchRss();
    }
    return loss;
  },

  large(scale) {
    const x = torch.randn(1 << 20);
    let acc = 0;
    for (let i = 0; i < scale; i++) {
      acc += x.add(i).narrow(0, i, 1).item(); // a new 4 MiB tensor per round
      if (i % 10 === 0) watchRss();
    }
    return acc;
  },
};

const work = { small: 1e6, train: 1e4, large: 200 };
// a tenth of the work, but for 'large' 320 MiB: enough to fill the native pool's 256 MiB cache beforehand
const warmup = { small: 1e5, train: 1e3, large: 80 };

(async () => {
  const report = { backend: torch.backend().name };
  for (const name of process.argv.slice(2)) {
    const run = phases[name];
    if (!run) throw new Error(`unknown phase ${name}`);
    run(warmup[name]);
    const before = await settled();
    const pool0 = addon?.pool_stats();
    peakRss = before.rss;
    const start = process.hrtime.bigint();
    const checksum = run(work[name]);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    watchRss();
    const pool1 = addon?.pool_stats();
    const pooled = addon ? { hits: pool1.hits - pool0.hits, misses: pool1.misses - pool0.misses, liveAtEnd: pool1.live } : null;
    report[name] = { before, peakRss, after: await settled(), checksum, seconds, pooled };
  }
  console.log(JSON.stringify(report));
})();
