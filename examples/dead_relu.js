// Dead ReLUs: a hidden unit whose pre-activation is negative for every input outputs 0 everywhere, so its
// gradient is exactly 0 and gradient descent can never revive it. LeakyReLU keeps a small slope (0.01) below
// zero, so the same units still get gradient and can recover.
const torch = require('torchlet');
const { nn, optim } = torch;
const F = nn.functional;

const SAMPLES = 512;
const FEATURES = 20;
const HIDDEN = 64;
// what one too-large update can do to a layer: every hidden bias pushed down by 2, far enough that most units
// see a negative pre-activation for every sample
const BIAS_SHIFT = -2;

function makeData() {
  torch.manual_seed(0);
  const x = torch.randn(SAMPLES, FEATURES);
  // a simple two-class problem: the sign of the first two features' sum
  const labels = x.select(1, 0).add(x.select(1, 1)).gt(0).long();
  return { x, labels };
}

function makeModel(activation) {
  torch.manual_seed(1); // the same weights for ReLU and LeakyReLU
  const model = new nn.Sequential(new nn.Linear(FEATURES, HIDDEN), activation, new nn.Linear(HIDDEN, 2));
  torch.no_grad(() => model.at(0).bias.add_(BIAS_SHIFT));
  return model;
}

/** Per hidden unit, over the whole dataset: does it ever output > 0, and is its incoming weights' gradient exactly 0? */
function inspectUnits(model, { x, labels }) {
  const hidden = model.at(0);
  model.zero_grad();
  F.cross_entropy(model(x), labels).backward();
  const everActive = torch.no_grad(() => hidden(x)).gt(0).sum(0).gt(0).tolist();
  const grads = hidden.weight.grad.tolist(); // [HIDDEN][FEATURES]
  return { everActive, grads, gradIsZero: grads.map((row) => row.every((g) => g === 0)) };
}

function train(model, { x, labels }, steps) {
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.5 });
  for (let step = 0; step < steps; step++) {
    optimizer.zero_grad();
    F.cross_entropy(model(x), labels).backward();
    optimizer.step();
  }
  return torch.no_grad(() => F.cross_entropy(model(x), labels).item());
}

/**
 * For ReLU and LeakyReLU: the fraction of units that never activate, the fraction whose gradient is exactly 0
 * ("dead"), the gradient rows of the never-active units, and how many of those units' weights training changed.
 */
function run({ quiet = false, steps = 200 } = {}) {
  const print = quiet ? () => {} : console.log;
  const data = makeData();
  const fraction = (flags) => flags.filter(Boolean).length / flags.length;
  const percent = (f) => `${(f * 100).toFixed(1)}%`;
  const results = {};
  print(`${HIDDEN} hidden units, ${SAMPLES} samples, every hidden bias shifted by ${BIAS_SHIFT}`);
  for (const [name, activation] of [['ReLU', new nn.ReLU()], ['LeakyReLU', new nn.LeakyReLU(0.01)]]) {
    const model = makeModel(activation);
    const { everActive, grads, gradIsZero } = inspectUnits(model, data);
    const neverActive = everActive.map((active) => !active);
    const neverActiveUnits = neverActive.flatMap((never, unit) => (never ? [unit] : []));
    const weightsBefore = model.at(0).weight.tolist();
    const loss = train(model, data, steps);
    const weightsAfter = model.at(0).weight.tolist();
    const changed = neverActiveUnits.filter((unit) => weightsAfter[unit].some((w, i) => w !== weightsBefore[unit][i]));
    const largestGrad = Math.max(0, ...neverActiveUnits.flatMap((unit) => grads[unit].map(Math.abs)));

    results[name] = {
      neverActiveFraction: fraction(neverActive),
      deadFraction: fraction(gradIsZero),
      neverActiveGrads: neverActiveUnits.map((unit) => grads[unit]),
      neverActiveUnitsChangedByTraining: changed.length,
      neverActiveUnits: neverActiveUnits.length,
      lossAfterTraining: loss,
    };
    print(`\n${name}`);
    print(`  units that never activate on any sample: ${percent(fraction(neverActive))}`);
    print(`  units whose weight gradient is exactly 0: ${percent(fraction(gradIsZero))}   (largest |grad| into a never-active unit: ${largestGrad.toExponential(2)})`);
    print(`  after ${steps} SGD steps: ${changed.length} of those ${neverActiveUnits.length} units had any weight change; loss ${loss.toFixed(4)}`);
  }
  return results;
}

if (require.main === module) run();

module.exports = { run };
