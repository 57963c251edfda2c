// worker_threads: the addon is context-aware, so several threads load it and train at once; native kernels
// give the same bits whatever the thread count, so every result must equal the single-threaded one. Runs on
// the built package (dist/, built by `npm test`), which a worker thread can require.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BACKENDS } from './helpers';

const root = path.resolve(__dirname, '..');
const script = path.join(__dirname, 'workers/train.js');
const load = createRequire(__filename);

interface Result {
  backend: string;
  losses: number[];
  weights: number[][];
}
type Job = { job: 'train'; seed: number; steps: number } | { job: 'matmul-loop' };

const STEPS = 15;
const SEEDS = [0, 1, 2, 3, 4]; // the main thread's, then one per worker

function spawn(job: Job): Worker {
  return new Worker(script, { workerData: job, env: { ...process.env, TORCHLET_BACKEND: 'native' } });
}

function result(worker: Worker): Promise<Result> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before posting a result`)));
  });
}

/** One training worker per seed but the first; finished() turns true once all have posted or failed. */
function trainInWorkers(): { pending: Promise<Result>[]; finished: () => boolean } {
  let done = 0;
  const pending = SEEDS.slice(1).map((seed) => {
    const p = result(spawn({ job: 'train', seed, steps: STEPS }));
    p.then(() => done++, () => done++);
    return p;
  });
  return { pending, finished: () => done === pending.length };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The worker tests need the addon; with TORCHLET_BACKEND=js (no native build) there is nothing to test.
describe.runIf(BACKENDS.includes('native'))('worker_threads (native backend)', () => {
  let torch: typeof import('../lib/index');
  let train: (job: { seed: number; steps: number }) => Result;
  let threads: number;
  const reference = new Map<number, Result>();

  beforeAll(() => {
    const built = fs.statSync(path.join(root, 'dist/index.js')).mtimeMs;
    const newest = Math.max(...fs.readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' }).map((f) => fs.statSync(path.join(root, 'lib', f)).mtimeMs));
    if (newest > built) throw new Error('dist/ is older than lib/: run `npm run build:ts` (npm test does)');
    torch = load('../dist/index.js');
    ({ train } = load(script));
    expect(torch.backend().name).toBe('native'); // train.js shares this module (the same dist/index.js)
    threads = torch.get_num_threads();
    torch.set_num_threads(1);
    for (const seed of SEEDS) reference.set(seed, train({ seed, steps: STEPS }));
    torch.set_num_threads(threads);
  }, 60_000);

  afterAll(() => torch?.set_num_threads(threads));

  it('the reference run trains (so equal results mean something)', () => {
    for (const r of reference.values()) {
      expect(r.backend).toBe('native');
      expect(r.losses.at(-1)!).toBeLessThan(0.8 * r.losses[0]);
    }
    expect(reference.get(0)!.weights[0]).not.toEqual(reference.get(1)!.weights[0]);
  });

  it('4 workers and the main thread train at once; every result is bit-identical to the single-threaded run', async () => {
    const { pending, finished } = trainInWorkers();
    let runs = 0;
    // the main thread trains on its pool (2+ threads) over and over until the last worker is done, so they overlap
    while (!finished()) {
      expect(train({ seed: 0, steps: STEPS })).toEqual(reference.get(0));
      runs++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const fromWorkers = await Promise.all(pending);
    fromWorkers.forEach((r, i) => expect(r, `worker with seed ${SEEDS[i + 1]}`).toEqual(reference.get(SEEDS[i + 1])));
    expect(runs).toBeGreaterThan(1);
  }, 60_000);

  it('set_num_threads changes on the main thread while workers compute', async () => {
    const x = torch.randn(1 << 20);
    const expected = x.exp().sum(); // single call: bits checked against it below
    const { pending, finished } = trainInWorkers();
    let changes = 0;
    while (!finished()) {
      torch.set_num_threads(1 + (changes++ % 3));
      expect(x.exp().sum().item()).toBe(expected.item());
      await new Promise((resolve) => setImmediate(resolve));
    }
    torch.set_num_threads(threads);
    const fromWorkers = await Promise.all(pending);
    fromWorkers.forEach((r, i) => expect(r).toEqual(reference.get(SEEDS[i + 1])));
    expect(changes).toBeGreaterThan(3);
  }, 60_000);

  it('a worker terminated in the middle of a 2048x2048 matmul leaves the process healthy', async () => {
    const worker = spawn({ job: 'matmul-loop' });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    await sleep(100); // well inside a matmul: one takes 0.2-1 s here
    expect(await worker.terminate()).toBe(1);
    // the main thread still computes correctly, on its pool and in new workers
    const a = torch.randn(300, 200);
    const b = torch.randn(200, 100);
    const viaJs = a.double().matmul(b.double()).float(); // float64 runs in the JS kernels
    const c = a.matmul(b);
    expect(c.sub(viaJs).abs().max().item()).toBeLessThan(1e-4);
    expect(train({ seed: 0, steps: STEPS })).toEqual(reference.get(0));
    const again = await result(spawn({ job: 'train', seed: 1, steps: STEPS }));
    expect(again).toEqual(reference.get(1));
  }, 60_000);
});
