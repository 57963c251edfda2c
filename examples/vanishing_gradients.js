// Vanishing gradients: backpropagating through a sigmoid multiplies the gradient by sigmoid'(x) <= 0.25 per
// layer, so in a deep sigmoid net the first layers get almost no gradient. ReLU passes gradient through
// unchanged where it is active, so the same net with ReLU keeps its early layers learning.
const torch = require('torchlet');
const { nn } = torch;
const F = nn.functional;

const DEPTH = 16;
const WIDTH = 32;

class DeepNet extends nn.Module {
  constructor(makeActivation) {
    super();
    this.layers = new nn.ModuleList(Array.from({ length: DEPTH }, () => new nn.Linear(WIDTH, WIDTH)));
    // He init (std sqrt(2 / fan_in)) for both nets: it keeps a ReLU net's activations and gradients at the same
    // scale in every layer. PyTorch's default Linear init (std 1 / sqrt(3 fan_in)) shrinks them ~2.4x per layer,
    // which would make the ReLU net's gradients tiny too.
    for (const layer of this.layers) {
      nn.init.kaiming_normal_(layer.weight, { nonlinearity: 'relu' });
      nn.init.zeros_(layer.bias);
    }
    this.activation = makeActivation();
    this.head = new nn.Linear(WIDTH, 1);
  }

  forward(x) {
    for (const layer of this.layers) x = this.activation(layer(x));
    return this.head(x);
  }
}

/** ||grad||_2 of every hidden layer's weight, first layer first. */
function gradientNorms(model) {
  // the tensor API has no norm() yet: sqrt of the sum of squares
  return [...model.layers].map((layer) => layer.weight.grad.pow(2).sum().sqrt().item());
}

/** Returns { Sigmoid: norms[], ReLU: norms[] } after one backward pass of the same batch through the same weights. */
function run({ quiet = false } = {}) {
  const print = quiet ? () => {} : console.log;
  torch.manual_seed(0);
  const x = torch.randn(64, WIDTH);
  const target = torch.randn(64, 1);
  const results = {};
  for (const [name, makeActivation] of [['Sigmoid', () => new nn.Sigmoid()], ['ReLU', () => new nn.ReLU()]]) {
    torch.manual_seed(1); // identical weights for both nets
    const model = new DeepNet(makeActivation);
    F.mse_loss(model(x), target).backward();
    results[name] = gradientNorms(model);
  }

  print(`${DEPTH} Linear(${WIDTH}, ${WIDTH}) layers, gradient norm of each layer's weight after one backward pass`);
  print(`layer  ${'Sigmoid'.padStart(10)}  ${'ReLU'.padStart(10)}`);
  for (let i = 0; i < DEPTH; i++) {
    print(`${String(i + 1).padStart(5)}  ${results.Sigmoid[i].toExponential(2).padStart(10)}  ${results.ReLU[i].toExponential(2).padStart(10)}`);
  }
  for (const name of ['Sigmoid', 'ReLU']) {
    const norms = results[name];
    print(`${name}: first layer / last layer = ${(norms[0] / norms[DEPTH - 1]).toExponential(2)}`);
  }
  return results;
}

if (require.main === module) run();

module.exports = { run, DEPTH };
