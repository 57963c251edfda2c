// A few training steps of a small MLP on the native backend, for memory checkers (valgrind, LeakSanitizer):
// forward, backward and optimizer steps through matmul, activations, softmax, reductions and the fused SGD
// and Adam steps, with activations large enough (>= 1 MiB) to come from the addon's pooled allocator and
// to be split over the thread pool. Odd sizes, so vector loops end in partial tails (an overrun there lands
// past the end of a malloc'd buffer, where the checkers see it). Exits non-zero unless the loss goes down.
//   node native/test/train_small.js [steps]     (needs dist/: npm run build:ts)
'use strict';
process.env.TORCHLET_BACKEND = 'native'; // an error if the addon does not load, never a silent JS run
const torch = require('../..');
const { nn } = torch;
const F = nn.functional;

const steps = Number(process.argv[2] ?? 4);
torch.manual_seed(0);
torch.set_num_threads(2);
const model = new nn.Sequential(
  new nn.Linear(30, 1030), // 255 x 1030 float32 activations: just over 1 MiB, pooled
  new nn.ReLU(),
  new nn.Linear(1030, 63),
  new nn.Tanh(),
  new nn.Linear(63, 5),
);
const x = torch.randn(255, 30);
const y = torch.randint(0, 5, [255]);
const optimizers = [
  new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 }),
  new torch.optim.Adam(model.parameters(), { lr: 1e-3 }),
];

const losses = [];
for (let step = 0; step < steps; step++) {
  const optimizer = optimizers[step % 2];
  optimizer.zero_grad();
  const loss = F.cross_entropy(model(x), y);
  loss.backward();
  optimizer.step();
  losses.push(loss.item());
}
const probs = torch.softmax(model(x), 1).sum(1);
if (!probs.data.every((p) => Math.abs(p - 1) < 1e-4)) throw new Error(`softmax rows do not sum to 1: ${probs}`);
if (!(losses[losses.length - 1] < losses[0])) throw new Error(`loss did not go down: ${losses.join(', ')}`);
console.log(`train_small: ${torch.backend().isa}, ${steps} steps, loss ${losses[0].toFixed(4)} -> ${losses[losses.length - 1].toFixed(4)}`);
