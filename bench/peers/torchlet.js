'use strict';
// torchlet peer: node peers/torchlet.js '{"full":false,"threads":2}' with TORCHLET_BACKEND=native|js in the env.
// Prints one JSON object on stdout: { peer info, results: { [workload id]: timing | { skipped } | { error } } }.
const path = require('node:path');
const { workloads, jsSkip } = require('../workloads');
const { time } = require('./timing');

function loadTorchlet() {
  try {
    return require('torchlet'); // resolves when bench/ is used from an installed checkout
  } catch {
    return require(path.resolve(__dirname, '..', '..')); // the repo root: its package.json main is dist/
  }
}

async function main() {
  const cfg = JSON.parse(process.argv[2] || '{}');
  const torch = loadTorchlet();
  const { nn, optim } = torch;
  const F = nn.functional;
  if (cfg.threads) torch.set_num_threads(cfg.threads);
  const be = torch.backend();
  const isJs = be.name === 'js';
  torch.manual_seed(0);
  const results = {};
  // One random input per size, shared by the rows that only read it: torch.randn(16e6) takes ~1.4 s in JS,
  // and fifteen rows use that size. Rows that write their input in place get a copy.
  const inputs = new Map();
  const input = (n) => inputs.get(n) ?? inputs.set(n, torch.randn([n])).get(n);
  for (const w of workloads()) {
    const skip = isJs ? jsSkip(w, cfg.full) : null;
    if (skip) { results[w.id] = { skipped: skip }; continue; }
    try {
      let fn, calls = 1;
      if (w.kind === 'unary' || w.kind === 'overhead' || w.kind === 'unary_turn') {
        const x = input(w.n);
        const op = w.kind === 'overhead' ? 'relu' : w.op;
        const f1 = {
          relu: () => torch.relu(x),
          relu6: () => F.relu6(x),
          leaky_relu: () => F.leaky_relu(x, 0.01),
          sigmoid: () => torch.sigmoid(x),
          tanh: () => torch.tanh(x),
        }[op];
        if (w.kind === 'overhead') {
          calls = w.calls;
          fn = () => { for (let i = 0; i < calls; i++) f1(); };
        } else if (w.kind === 'unary_turn') {
          fn = async () => { f1(); await new Promise((resolve) => setImmediate(resolve)); };
        } else fn = f1;
      } else if (w.kind === 'unary_reuse') {
        const x = input(w.n).clone(), y = torch.empty([w.n]);
        fn = {
          relu: () => torch.relu_(x),
          relu6: () => F.relu6(x, true),
          leaky_relu: () => F.leaky_relu(x, 0.01, true),
          sigmoid: () => torch.sigmoid(x, { out: y }),
          tanh: () => torch.tanh(x, { out: y }),
        }[w.op];
      } else if (w.kind === 'softmax') {
        const x = torch.randn([w.rows, w.cols]);
        fn = () => torch.softmax(x, -1);
      } else if (w.kind === 'matmul') {
        const a = torch.randn([w.n, w.n]), b = torch.randn([w.n, w.n]);
        fn = () => torch.matmul(a, b);
      } else if (w.kind === 'matmul_reuse') {
        const a = torch.randn([w.n, w.n]), b = torch.randn([w.n, w.n]), out = torch.empty([w.n, w.n]);
        fn = () => torch.matmul(a, b, { out });
      } else if (w.kind === 'linear') {
        const layer = new nn.Linear(784, 256);
        const x = torch.randn([w.batch, 784]).requires_grad_(true);
        const gy = torch.randn([w.batch, 256]);
        fn = () => {
          layer.zero_grad();
          x.grad = null;
          layer.forward(x).backward(gy);
        };
      } else if (w.kind === 'mlp') {
        const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
        const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
        const x = torch.randn([w.batch, 784]);
        const y = torch.randint(0, 10, [w.batch]);
        fn = () => {
          opt.zero_grad();
          F.cross_entropy(model.forward(x), y).backward();
          opt.step();
        };
      }
      results[w.id] = await time(fn, { full: cfg.full, calls, warmupMs: w.warmup_ms });
    } catch (e) {
      results[w.id] = { error: String(e && e.stack ? e.stack.split('\n').slice(0, 2).join(' ') : e) };
    }
  }
  process.stdout.write(JSON.stringify({ version: require(path.resolve(__dirname, '..', '..', 'package.json')).version, backend: be, threads: be.num_threads, results }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
