// Each activation of the PyTorch activation tutorial in its three forms: a module (nn.ReLU()), a torch
// function (torch.relu) and a functional (F.relu). All three must print the same tensor.
const torch = require('torchlet');
const { nn } = torch;
const F = nn.functional;

// one row, so Softmax(dim=1) normalizes across it; 7 is above ReLU6's cap, 0 sits on every kink
const INPUT = [[-3.0, -1.0, 0.0, 0.5, 2.0, 7.0]];

/** name -> { form label: (x) => output }. Where PyTorch has no torch.* form we use what it would be written as. */
const ACTIVATIONS = {
  ReLU: {
    'nn.ReLU()': (x) => new nn.ReLU()(x),
    'torch.relu': (x) => torch.relu(x),
    'F.relu': (x) => F.relu(x),
  },
  ReLU6: {
    'nn.ReLU6()': (x) => new nn.ReLU6()(x),
    'torch.clamp(x, 0, 6)': (x) => torch.clamp(x, 0, 6), // PyTorch has no public torch.relu6
    'F.relu6': (x) => F.relu6(x),
  },
  LeakyReLU: {
    'nn.LeakyReLU(0.01)': (x) => new nn.LeakyReLU(0.01)(x),
    'torch.where(x > 0, x, 0.01 * x)': (x) => torch.where(x.gt(0), x, x.mul(0.01)), // no public torch.leaky_relu
    'F.leaky_relu(x, 0.01)': (x) => F.leaky_relu(x, 0.01),
  },
  Sigmoid: {
    'nn.Sigmoid()': (x) => new nn.Sigmoid()(x),
    'torch.sigmoid': (x) => torch.sigmoid(x),
    'F.sigmoid': (x) => F.sigmoid(x),
  },
  Tanh: {
    'nn.Tanh()': (x) => new nn.Tanh()(x),
    'torch.tanh': (x) => torch.tanh(x),
    'F.tanh': (x) => F.tanh(x),
  },
  Softmax: {
    'nn.Softmax(dim=1)': (x) => new nn.Softmax(1)(x),
    'torch.softmax(x, 1)': (x) => torch.softmax(x, 1),
    'F.softmax(x, dim=1)': (x) => F.softmax(x, { dim: 1 }),
  },
  // the step function has no module: heaviside(x, 0) is 1 where x > 0, else 0 (the value at exactly 0)
  Step: {
    'torch.heaviside(x, 0.)': (x) => torch.heaviside(x, torch.tensor(0.0)),
    '(x > 0).float()': (x) => x.gt(0).float(),
  },
  // F.threshold(x, t, v) keeps x where x > t, else v: a step that passes the value through
  Threshold: {
    'nn.Threshold(1., 0.)': (x) => new nn.Threshold(1, 0)(x),
    'F.threshold(x, 1., 0.)': (x) => F.threshold(x, 1, 0),
  },
};

/** Prints every form; returns { input, outputs: { name: { form: nested list } } }. */
function run({ quiet = false } = {}) {
  const print = quiet ? () => {} : console.log;
  const x = torch.tensor(INPUT);
  print('x =', x);
  const outputs = {};
  for (const [name, forms] of Object.entries(ACTIVATIONS)) {
    print(`\n${name}`);
    outputs[name] = {};
    for (const [label, apply] of Object.entries(forms)) {
      const y = apply(x);
      print(`  ${label.padEnd(32)}`, y);
      outputs[name][label] = y.tolist();
    }
  }
  return { input: INPUT, outputs };
}

if (require.main === module) run();

module.exports = { run, INPUT };
