// torch.save / torch.load in PyTorch's zip format: files saved by PyTorch 1.13 (scripts/gen_serialization_fixtures.py)
// load with their exact values, dtypes, shared storage and Parameters; what torchlet saves loads back (and, checked
// by hand with PyTorch 1.13 incl. weights_only=True, in Python); damaged or foreign files give errors, not crashes.
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const { nn } = torch;
const DIR = path.join(__dirname, 'fixtures/serialization');
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlet-save-'));

type Plain = { dtype: string; shape: number[]; values: number[]; requires_grad: boolean } | { bigint: string } | Plain[] | { [k: string]: Plain } | number | string | boolean | null;

/** Checks a loaded value against the JSON PyTorch wrote for it. */
function expectLike(actual: unknown, want: Plain, where: string): void {
  if (want !== null && typeof want === 'object' && 'dtype' in want && 'values' in want) {
    expect(actual, where).toBeInstanceOf(torch.Tensor);
    const t = actual as torch.Tensor;
    expect([t.dtype, t.shape, t.requires_grad], where).toEqual([want.dtype === 'bool' ? 'bool' : want.dtype, want.shape, want.requires_grad]);
    const values = Array.from(t.contiguous().data as ArrayLike<number>, (v) => (t.dtype === 'bool' ? v === 1 : v));
    expect(values, where).toEqual(want.values);
  } else if (want !== null && typeof want === 'object' && 'bigint' in want) {
    expect(actual, where).toBe(BigInt(want.bigint as string));
  } else if (Array.isArray(want)) {
    expect(Array.isArray(actual), where).toBe(true);
    expect((actual as unknown[]).length, where).toBe(want.length);
    want.forEach((w, i) => expectLike((actual as unknown[])[i], w, `${where}[${i}]`));
  } else if (want !== null && typeof want === 'object') {
    expect(Object.keys(actual as object), where).toEqual(Object.keys(want));
    for (const [k, w] of Object.entries(want)) expectLike((actual as Record<string, unknown>)[k], w as Plain, `${where}.${k}`);
  } else {
    expect(actual, where).toBe(want);
  }
}

class Net extends nn.Module {
  layers = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.ReLU(), new nn.Linear(3, 2));
  override forward(x: torch.Tensor) {
    return this.layers(x);
  }
}

describe.each(BACKENDS)('torch.save / torch.load on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it("loads a state_dict saved by PyTorch, in PyTorch's key order, into the same architecture", () => {
    const state = torch.load(path.join(DIR, 'state_dict.pt')) as Record<string, torch.Tensor>;
    expectLike(state, expected.state_dict as Plain, 'state_dict');
    const model = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.ReLU(), new nn.Linear(3, 2));
    expect(model.load_state_dict(state)).toEqual({ missing_keys: [], unexpected_keys: [] });
    expect((model.at(1) as torch.nn.BatchNorm1d).num_batches_tracked!.item()).toBe(1);
    expect((model.at(0) as torch.nn.Linear).weight.tolist()).toEqual(state['0.weight'].tolist());
  });

  it.each(['checkpoint.pt', 'checkpoint_protocol4.pt'])('loads a checkpoint dict saved by PyTorch (%s): every dtype, views, Parameters, Python values', (file) => {
    const ckpt = torch.load(path.join(DIR, file)) as Record<string, unknown>;
    expectLike(ckpt, expected.checkpoint as Plain, 'checkpoint');
    // the view shares the base's storage, as in the file
    const base = ckpt.base as torch.Tensor;
    const view = ckpt.view as torch.Tensor;
    base.index(1).fill_(-1);
    expect(view.index(':', 1).tolist()).toEqual([-1, -1, -1]);
    expect(ckpt.param).toBeInstanceOf(nn.Parameter);
    expect(torch.load(path.join(DIR, file), { map_location: 'cpu', weights_only: true })).toBeTypeOf('object');
  });

  it('saves a model state_dict that loads back into a fresh model with the same outputs', () => {
    torch.manual_seed(5);
    const net = new Net();
    net(torch.randn(8, 4)); // moves BatchNorm's running statistics
    net.eval();
    const file = path.join(tmp, `net-${backend}.pt`);
    torch.save(net.state_dict(), file);
    const copy = new Net();
    copy.load_state_dict(torch.load(file) as Record<string, torch.Tensor>);
    copy.eval();
    const x = torch.randn(3, 4);
    expect((copy(x) as torch.Tensor).tolist()).toEqual((net(x) as torch.Tensor).tolist());
    expect(Object.keys(torch.load(file) as object)).toEqual(Object.keys(net.state_dict()));
  });

  it('round-trips plain values, every dtype, views sharing storage, empty and 0-dim tensors, Parameters', () => {
    const base = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const obj = {
      epoch: 3,
      lr: 0.001,
      negative: -(2 ** 40),
      huge: -(2n ** 80n),
      text: 'naïve ✓',
      flags: [true, false, null],
      nested: { empty: {}, list: [[1.5], []] },
      f32: torch.tensor([1.5, -0, Infinity, NaN]),
      f64: torch.tensor([[Math.PI]], { dtype: 'float64' }),
      i64: torch.tensor([2 ** 53 - 1, -(2 ** 53 - 1), 0], { dtype: 'int64' }),
      i32: torch.tensor([-7], { dtype: 'int32' }),
      b: torch.tensor([1, 0]).gt(0),
      base,
      view: base.t().narrow(0, 1, 2),
      empty: torch.zeros(0, 3),
      scalar: torch.tensor(2.5),
      grad: torch.ones(2).requires_grad_(true),
      param: new nn.Parameter(torch.zeros(2)),
      '__proto__': 'a key like any other',
    };
    const file = path.join(tmp, `values-${backend}.pt`);
    torch.save(obj, file);
    const back = torch.load(fs.readFileSync(file)) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(Object.keys(obj));
    for (const [key, v] of Object.entries(obj)) {
      if (v instanceof torch.Tensor) {
        const t = back[key] as torch.Tensor;
        expect([t.dtype, t.shape, t.requires_grad], key).toEqual([v.dtype, v.shape, v.requires_grad]);
        expect(Array.from(t.contiguous().data as ArrayLike<number>), key).toEqual(Array.from(v.contiguous().data as ArrayLike<number>));
      } else {
        expect(back[key], key).toEqual(v);
      }
    }
    expect(back.param).toBeInstanceOf(nn.Parameter);
    expect(Object.is((back.f32 as torch.Tensor).data[1], -0)).toBe(true);
    (back.base as torch.Tensor).fill_(0);
    expect((back.view as torch.Tensor).sum().item()).toBe(0); // still one storage
  });

  it("writes PyTorch's layout: archive/data.pkl, byteorder, data/<key>, version; data aligned to 64 bytes", () => {
    const file = path.join(tmp, `layout-${backend}.pt`);
    torch.save({ w: torch.ones(3), v: torch.zeros(2, { dtype: 'int64' }) }, file);
    const bytes = fs.readFileSync(file);
    const names: string[] = [];
    for (let p = 0; bytes.readUInt32LE(p) === 0x04034b50; ) {
      const nameLength = bytes.readUInt16LE(p + 26);
      const data = p + 30 + nameLength + bytes.readUInt16LE(p + 28);
      names.push(bytes.toString('utf8', p + 30, p + 30 + nameLength));
      expect(data % 64).toBe(0);
      p = data + bytes.readUInt32LE(p + 18);
    }
    expect(names).toEqual(['archive/data.pkl', 'archive/byteorder', 'archive/data/0', 'archive/data/1', 'archive/version']);
    // the int64 storage is 8-byte little-endian integers, as PyTorch writes them
    const ones = bytes.indexOf(Buffer.from(new Float32Array([1, 1, 1]).buffer));
    expect(ones % 64).toBe(0);
  });
});

describe('torch.save / torch.load refuse what they cannot do', () => {
  const checkpoint = fs.readFileSync(path.join(DIR, 'checkpoint.pt'));

  it('reports damaged, legacy and foreign files as errors', () => {
    expect(() => torch.load(checkpoint.subarray(0, checkpoint.length - 30))).toThrow('torch.load(): not a valid PyTorch zip file (truncated: no end of central directory)');
    expect(() => torch.load(Buffer.from('\x80\x02}q\x00.'))).toThrow(/^torch\.load\(\): not a zip archive: files saved by PyTorch < 1\.6/);
    // a pickle naming a callable outside the few torch.load needs is refused before anything runs
    const evil = Buffer.from(checkpoint);
    const at = evil.indexOf('collections\nOrderedDict');
    evil.write('subprocess\ncheck_output', at, 'latin1');
    expect(() => torch.load(evil)).toThrow(
      new TypeError('torch.load(): the file refers to subprocess.check_output, which torchlet does not load (it loads tensors, dicts, lists, tuples, numbers, strings, booleans and None)'),
    );
    const badOpcode = Buffer.from(checkpoint);
    badOpcode[badOpcode.indexOf(Buffer.from([0x80, 2])) + 2] = 0xff;
    expect(() => torch.load(badOpcode)).toThrow(/^torch\.load\(\): unsupported pickle opcode 0xff at byte 2 of data\.pkl$/);
    // a float16 file, refused before torchlet had the dtype, now loads (test/reduced_float.test.ts has more)
    const half = (torch.load(path.join(DIR, 'half.pt')) as { half: torch.Tensor }).half;
    expect([half.dtype, half.tolist()]).toEqual(['float16', [1, 1]]);
  });

  it('survives corrupted bytes: every single-byte change either loads or throws an Error', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const outcomes = { loaded: 0, refused: 0 };
    for (let trial = 0; trial < 400; trial++) {
      const damaged = Buffer.from(checkpoint);
      damaged[next() % damaged.length] = next() % 256;
      try {
        torch.load(damaged);
        outcomes.loaded++;
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        outcomes.refused++;
      }
    }
    // most bytes are tensor data (loads with other values); changes to headers and the pickle are refused
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('checks its arguments', () => {
    expect(() => torch.save(new nn.Linear(2, 2), path.join(tmp, 'x.pt'))).toThrow(
      new TypeError(
        'torch.save(): cannot save Linear at obj; tensors, plain objects, arrays, numbers, bigints, strings, booleans and null can be saved: to save a module, save its state_dict() (PyTorch pickles the class itself, which has no Python counterpart here)',
      ),
    );
    expect(() => torch.save({ a: [1, new Map()] }, path.join(tmp, 'x.pt'))).toThrow(/^torch\.save\(\): cannot save Map at obj\.a\[1\]/);
    expect(() => torch.save({}, 3 as never)).toThrow(new TypeError("torch.save(): argument 'f' must be a file path (str), not int"));
    expect(() => torch.load(3 as never)).toThrow(new TypeError("torch.load(): argument 'f' must be a file path (str) or the file's bytes, not int"));
    expect(() => torch.load(checkpoint, { map_location: 'cuda:0' })).toThrow(new TypeError("torch.load(): torchlet loads onto the CPU only; map_location must be 'cpu', got 'cuda:0'"));
    expect(() => torch.load(checkpoint, { mmap: true } as never)).toThrow(new TypeError("load() got an unexpected keyword argument 'mmap'"));
  });
});
