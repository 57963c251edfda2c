#!/usr/bin/env node
'use strict';
// Times the MLP training step alone (the bench's MLP rows without the rest of the bench):
//   node bench/mlp_step.js [--steps 500] [--batches 64,512] [--threads n] [--torchlet path/to/repo]
// Model 784-256-128-10 (Linear, ReLU, Linear, ReLU, Linear), cross-entropy, SGD lr 0.01, random data. Each step
// is timed twice, alternating: as written (nn.Sequential and F.cross_entropy, which use the fused kernels) and
// composed from the separate ops the fused kernels replace (matmul, add, relu, log_softmax, nll_loss) on the same
// parameters. Alternating step by step, both see the same machine: on a shared VM that is the fair comparison.
// Prints per batch size the median ms per step of each (after a warm-up of 20 steps each), and
// the median of the per-pair ratios composed / fused. --torchlet times another build (a build without the fused
// kernels runs the composed ops both ways: its ratio is 1).
const path = require('node:path');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const steps = Number(arg('steps', 500));
const batches = arg('batches', '64,512').split(',').map(Number);
const torch = require(path.resolve(arg('torchlet', path.join(__dirname, '..'))));
if (arg('threads')) torch.set_num_threads(Number(arg('threads')));
const { nn, optim } = torch;
const F = nn.functional;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

torch.manual_seed(0);
const be = torch.backend();
console.log(`backend ${be.name} (${be.isa}), ${be.num_threads} threads, ${steps} pairs of steps`);
for (const batch of batches) {
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const x = torch.randn([batch, 784]);
  const y = torch.randint(0, 10, [batch]);
  const composedForward = (input) => {
    let h = input;
    for (const m of model) h = m instanceof nn.Linear ? h.matmul(m.weight.t()).add(m.bias) : F.relu(h);
    return h;
  };
  const step = (loss) => {
    opt.zero_grad();
    loss().backward();
    opt.step();
  };
  const fused = () => step(() => F.cross_entropy(model(x), y));
  const composed = () => step(() => F.nll_loss(F.log_softmax(composedForward(x), 1), y));
  for (let i = 0; i < 20; i++) fused(), composed();
  const times = { fused: [], composed: [], ratio: [] };
  for (let r = 0; r < steps; r++) {
    const tf = timed(fused);
    const tc = timed(composed);
    times.fused.push(tf);
    times.composed.push(tc);
    times.ratio.push(tc / tf);
  }
  console.log(
    `batch ${batch}: fused ${median(times.fused).toFixed(3)} ms/step, composed ${median(times.composed).toFixed(3)} ms/step, ` +
      `median ratio composed/fused ${median(times.ratio).toFixed(3)}`,
  );
}
