// The examples in examples/ as users run them (CommonJS, require('torchlet') from the built dist/, so run
// `npm run build:ts` first), checked against values computed here independently.
import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';

const root = path.resolve(__dirname, '..');
const load = createRequire(path.join(root, 'examples', 'index.js'));
const example = (name: string) => load(`./${name}`);

type Matrix = number[][];
const FLOAT32_TOLERANCE = 1e-6;

function expectMatrixClose(actual: Matrix, expected: Matrix, tolerance = FLOAT32_TOLERANCE) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.length).toBe(expected[i].length);
    row.forEach((v, j) => {
      const scale = Math.max(1, Math.abs(expected[i][j]));
      if (!(Math.abs(v - expected[i][j]) <= tolerance * scale)) {
        throw new Error(`[${i}][${j}]: got ${v}, expected ${expected[i][j]}`);
      }
    });
  });
}

describe('examples/activations.js', () => {
  const { run, INPUT } = example('activations');
  const { outputs } = run({ quiet: true });
  const perElement = (f: (x: number) => number) => (INPUT as Matrix).map((row) => row.map(f));
  const softmaxRows = (rows: Matrix) =>
    rows.map((row) => {
      const exps = row.map((v) => Math.exp(v - Math.max(...row)));
      const total = exps.reduce((a, b) => a + b, 0);
      return exps.map((e) => e / total);
    });
  const expected: Record<string, Matrix> = {
    ReLU: perElement((x) => Math.max(0, x)),
    ReLU6: perElement((x) => Math.min(6, Math.max(0, x))),
    LeakyReLU: perElement((x) => (x > 0 ? x : 0.01 * x)),
    Sigmoid: perElement((x) => 1 / (1 + Math.exp(-x))),
    Tanh: perElement(Math.tanh),
    Softmax: softmaxRows(INPUT),
    Step: perElement((x) => (x > 0 ? 1 : 0)),
    Threshold: perElement((x) => (x > 1 ? x : 0)),
  };

  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: every form gives the formula's values`, () => {
      const forms = Object.entries(outputs[name] as Record<string, Matrix>);
      expect(forms.length).toBeGreaterThanOrEqual(2);
      for (const [form, got] of forms) {
        try {
          expectMatrixClose(got, want);
        } catch (e) {
          throw new Error(`${name} via ${form}: ${(e as Error).message}`);
        }
      }
    });
  }

  it('covers every activation of the tutorial', () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(expected).sort());
  });
});

describe('examples/simple_nn.js', () => {
  const { input, models } = example('simple_nn').run({ quiet: true });
  const activations: Record<string, (row: number[]) => number[]> = {
    ReLU: (row) => row.map((v) => Math.max(0, v)),
    ReLU6: (row) => row.map((v) => Math.min(6, Math.max(0, v))),
    LeakyReLU: (row) => row.map((v) => (v > 0 ? v : 0.01 * v)),
    Sigmoid: (row) => row.map((v) => 1 / (1 + Math.exp(-v))),
    Tanh: (row) => row.map(Math.tanh),
    Softmax: (row) => {
      const exps = row.map(Math.exp);
      const total = exps.reduce((a, b) => a + b, 0);
      return exps.map((e) => e / total);
    },
  };
  const linear = (rows: Matrix, { weight, bias }: { weight: Matrix; bias: number[] }) =>
    rows.map((row) => weight.map((w, o) => w.reduce((acc, wi, i) => acc + wi * row[i], bias[o])));

  it('builds one model per activation', () => {
    expect(Object.keys(models).sort()).toEqual(Object.keys(activations).sort());
  });

  for (const [name, activation] of Object.entries(activations)) {
    it(`${name}: output [3, 2] equals Linear -> ${name} -> Linear computed by hand`, () => {
      const model = models[name];
      expect(model.shape).toEqual([3, 2]);
      const hidden = linear(input, model.weights.fc1).map(activation);
      expectMatrixClose(model.hidden, hidden, 1e-5);
      expectMatrixClose(model.output, linear(hidden, model.weights.fc2), 1e-5);
    });
  }

  it('Softmax(dim=1) rows sum to 1', () => {
    for (const row of models.Softmax.hidden as Matrix) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      for (const p of row) expect(p).toBeGreaterThan(0);
    }
  });

  it('prints the model like PyTorch', () => {
    expect(models.ReLU.repr).toBe(
      'SimpleNN(\n' +
        '  (fc1): Linear(in_features=10, out_features=5, bias=True)\n' +
        '  (activation): ReLU()\n' +
        '  (fc2): Linear(in_features=5, out_features=2, bias=True)\n' +
        ')',
    );
    expect(models.LeakyReLU.repr).toContain('(activation): LeakyReLU(negative_slope=0.01)');
    expect(models.Softmax.repr).toContain('(activation): Softmax(dim=1)');
  });
});

describe('examples/dead_relu.js', () => {
  const { ReLU, LeakyReLU } = example('dead_relu').run({ quiet: true });

  it('most ReLU units are dead: they never activate and their gradient is exactly 0', () => {
    expect(ReLU.neverActiveFraction).toBeGreaterThanOrEqual(0.5);
    expect(ReLU.deadFraction).toBe(ReLU.neverActiveFraction);
    for (const row of ReLU.neverActiveGrads as Matrix) for (const g of row) expect(g === 0).toBe(true);
    expect(ReLU.neverActiveUnitsChangedByTraining).toBe(0);
  });

  it('LeakyReLU has no dead units: the same never-active units still get gradient and learn', () => {
    expect(LeakyReLU.neverActiveFraction).toBe(ReLU.neverActiveFraction); // same weights, same pre-activations
    expect(LeakyReLU.deadFraction).toBe(0);
    for (const row of LeakyReLU.neverActiveGrads as Matrix) expect(row.some((g) => g !== 0)).toBe(true);
    expect(LeakyReLU.neverActiveUnitsChangedByTraining).toBe(LeakyReLU.neverActiveUnits);
  });
});

describe('examples/vanishing_gradients.js', () => {
  const { run, DEPTH } = example('vanishing_gradients');
  const { Sigmoid, ReLU } = run({ quiet: true }) as Record<string, number[]>;
  const firstOverLast = (norms: number[]) => norms[0] / norms[norms.length - 1];

  it('reports one finite, positive gradient norm per layer', () => {
    for (const norms of [Sigmoid, ReLU]) {
      expect(norms.length).toBe(DEPTH);
      for (const n of norms) expect(Number.isFinite(n) && n > 0).toBe(true);
    }
  });

  it("the sigmoid net's first layer gets orders of magnitude less gradient than its last", () => {
    expect(firstOverLast(Sigmoid)).toBeLessThan(1e-4);
    // and it shrinks layer after layer going backwards
    const growing = Sigmoid.slice(1).filter((n, i) => n > Sigmoid[i]).length;
    expect(growing).toBeGreaterThanOrEqual(DEPTH - 2);
  });

  it('the ReLU net keeps gradient scale through depth', () => {
    expect(firstOverLast(ReLU)).toBeGreaterThan(0.1);
    expect(Math.min(...ReLU)).toBeGreaterThan(1e-2);
    expect(firstOverLast(ReLU)).toBeGreaterThan(1e4 * firstOverLast(Sigmoid));
  });
});

describe('examples/demo.js', () => {
  it('a short run reaches a sane held-out accuracy', () => {
    // 9000 samples in all: about 1 s on the native backend, 15 s on the JS one
    const { epochs, testAccuracy } = example('demo').run({ epochs: 2, trainSize: 4500, batchSize: 64, quiet: true });
    expect(epochs.length).toBe(2);
    expect(epochs[1].loss).toBeLessThan(epochs[0].loss);
    for (const e of epochs) expect(e.samplesPerSecond).toBeGreaterThan(0);
    expect(testAccuracy).toBeGreaterThan(0.85);
  }, 60_000);

  it('the CLI prints the backend, one plain line per epoch when not a TTY, and the test accuracy', () => {
    const result = spawnSync(process.execPath, ['examples/demo.js', '--epochs', '1', '--train-size', '500'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^torchlet backend: (native|js)/);
    expect(lines[1]).toBe('data: 500 training digits, 1000 held-out test digits');
    expect(lines.filter((l) => l.startsWith('epoch'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^test accuracy: \d+\.\d\d% on 1000 held-out digits/);
    expect(result.stdout).not.toContain('\r');
  }, 60_000);

  it('parses its options and rejects unknown or invalid ones', () => {
    expect(() => example('demo').parseArgs(['--epochs', '2', '--bogus', '1'])).toThrow(/unknown option --bogus/);
    expect(() => example('demo').parseArgs(['--epochs', 'ten'])).toThrow(/--epochs must be a positive number/);
    expect(example('demo').parseArgs(['--lr=0.01', '--backend', 'js'])).toEqual({ lr: 0.01, backend: 'js' });
  });
});

describe("examples/quickstart.js (PyTorch's Quickstart tutorial, line by line)", () => {
  it('trains, saves model.pth, and the loaded model predicts as the trained one', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-quickstart-')), 'model.pth');
    // 2 epochs of 16 batches: 0.3 s on the native backend, a few under ASan (the whole tutorial: examples/quickstart.js)
    const { results, predicted, actual, model, loaded, test_data } = example('quickstart').run({ epochs: 2, trainSize: 1000, file, quiet: true });
    expect(results).toHaveLength(2);
    expect(results[1].loss).toBeLessThan(results[0].loss);
    for (const { accuracy } of results) expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(fs.statSync(file).size).toBeGreaterThan(4 * 669_706); // 669,706 float32 parameters, plus the archive
    const images = test_data.tensors[0].narrow(0, 0, 100);
    expect(loaded(images).tolist()).toEqual(model(images).tolist());
    const first = test_data.__getitem__(0);
    expect([predicted, actual]).toEqual([String(model(first[0]).index(0).argmax(0).item()), String(first[1].item())]);
    expect(actual).toBe('2');
  }, 60_000);
});
