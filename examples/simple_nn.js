// The tutorial's SimpleNN: Linear(10, 5) -> activation -> Linear(5, 2), built once per activation with the
// same seed, so the only difference between the printed outputs is the activation.
const torch = require('torchlet');
const { nn } = torch;

class SimpleNN extends nn.Module {
  constructor(activation) {
    super();
    // assignment order is registration order, as in PyTorch's __init__
    this.fc1 = new nn.Linear(10, 5);
    this.activation = activation;
    this.fc2 = new nn.Linear(5, 2);
  }

  forward(x) {
    return this.fc2(this.activation(this.fc1(x)));
  }
}

const ACTIVATIONS = {
  ReLU: () => new nn.ReLU(),
  ReLU6: () => new nn.ReLU6(),
  LeakyReLU: () => new nn.LeakyReLU(0.01),
  Sigmoid: () => new nn.Sigmoid(),
  Tanh: () => new nn.Tanh(),
  Softmax: () => new nn.Softmax(1),
};

/**
 * Returns { input, models: { name: { repr, weights, hidden, output, shape } } } with tensors as nested lists;
 * hidden is the activation's output, weights the two layers' { weight, bias }.
 */
function run({ quiet = false } = {}) {
  const print = quiet ? () => {} : console.log;
  torch.manual_seed(0);
  const x = torch.randn(3, 10); // a fixed batch of 3 samples
  print('input:', x);
  const models = {};
  for (const [name, makeActivation] of Object.entries(ACTIVATIONS)) {
    torch.manual_seed(42); // same weights for every activation
    const model = new SimpleNN(makeActivation());
    const { output, hidden } = torch.no_grad(() => ({ output: model(x), hidden: model.activation(model.fc1(x)) }));
    print(`\n${model}`);
    print('output:', output);
    const weights = {};
    for (const layer of ['fc1', 'fc2']) weights[layer] = { weight: model[layer].weight.tolist(), bias: model[layer].bias.tolist() };
    models[name] = { repr: String(model), weights, hidden: hidden.tolist(), output: output.tolist(), shape: [...output.shape] };
  }
  return { input: x.tolist(), models };
}

if (require.main === module) run();

module.exports = { run, SimpleNN };
