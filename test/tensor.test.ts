// Tensor creation, dtypes, views, conversion and printing, on each backend.
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { normal, uniform24 } from '../lib/random';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BACKENDS, useBackend } from './helpers';

describe.each(BACKENDS)('tensor basics on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('creates tensors from nested arrays, typed arrays, bigints and booleans', () => {
    const x = torch.tensor([[1, 2.5], [3, 4]]);
    expect(x.shape).toEqual([2, 2]);
    expect(x.dtype).toBe('float32');
    expect(x.tolist()).toEqual([[1, 2.5], [3, 4]]);
    expect(torch.tensor([1n, -2n]).dtype).toBe('int64');
    expect(torch.tensor([true, false]).tolist()).toEqual([true, false]);
    expect(torch.tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(torch.tensor(new Float64Array([0.1])).dtype).toBe('float64');
    expect(torch.tensor([1, 2], { dtype: torch.int64 }).dtype).toBe('int64');
    expect(torch.tensor([1.7, -1.7], { dtype: 'int32' }).tolist()).toEqual([1, -1]);
    expect(torch.tensor(3.5).shape).toEqual([]);
    expect(torch.tensor(3.5).item()).toBe(3.5);
    expect(torch.tensor([]).shape).toEqual([0]);
    expect(torch.tensor([0.1]).item()).toBe(Math.fround(0.1));
  });

  it("type(): PyTorch's type name, or a conversion by dtype or type name", () => {
    const x = torch.tensor([1.5, -2.5]);
    expect(x.type()).toBe('torch.FloatTensor');
    expect(torch.tensor([1n]).type()).toBe('torch.LongTensor');
    expect(x.type(torch.int64).tolist()).toEqual([1, -2]);
    expect(x.type('torch.DoubleTensor').dtype).toBe('float64');
    expect(x.type({ dtype: 'bool' }).tolist()).toEqual([true, true]);
    // the tutorials' accuracy idiom
    expect(torch.tensor([0, 1, 1]).eq(torch.tensor([0, 1, 0])).type(torch.float).sum().item()).toBe(2);
    expect(x.type('torch.HalfTensor').dtype).toBe('float16');
    expect(() => x.type('torch.ComplexFloatTensor')).toThrow(new TypeError('type(): invalid dtype "torch.ComplexFloatTensor"; expected one of float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool'));
    expect(() => x.type('float32', 1 as never)).toThrow(new TypeError('type() takes 1 positional argument but 2 were given'));
  });

  it('accepts sizes as varargs or an array, dtype as string or torch constant', () => {
    expect(torch.zeros(2, 3).shape).toEqual([2, 3]);
    expect(torch.zeros([2, 3]).shape).toEqual([2, 3]);
    expect(torch.ones([2], { dtype: 'int64' }).tolist()).toEqual([1, 1]);
    expect(torch.ones(2, { dtype: torch.int32 }).dtype).toBe('int32');
    expect(torch.full([2, 2], 7).tolist()).toEqual([[7, 7], [7, 7]]);
    expect(torch.empty(0, 3).numel()).toBe(0);
    expect(torch.eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(torch.zeros_like(torch.ones(2, { dtype: 'int64' })).dtype).toBe('int64');
    expect(torch.full_like(torch.ones(2), 4).tolist()).toEqual([4, 4]);
  });

  it('arange and linspace follow PyTorch dtype rules and endpoints', () => {
    expect(torch.arange(5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(torch.arange(5).dtype).toBe('int64');
    expect(torch.arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(torch.arange(1, 2, 0.25).dtype).toBe('float32');
    expect(torch.arange(5, 0, -2).tolist()).toEqual([5, 3, 1]);
    expect(torch.linspace(-1, 1, 5).tolist()).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(torch.linspace(0, 1, 1).tolist()).toEqual([0]);
  });

  it('manual_seed makes rand/randn/randint reproducible and they have the right distribution', () => {
    torch.manual_seed(42);
    const a = torch.randn(1000);
    const u = torch.rand(1000);
    const r = torch.randint(0, 10, [1000]);
    torch.manual_seed(42);
    expect(torch.randn(1000).tolist()).toEqual(a.tolist());
    expect(torch.rand(1000).tolist()).toEqual(u.tolist());
    expect(torch.randint(0, 10, [1000]).tolist()).toEqual(r.tolist());
    expect(Math.abs(a.mean().item() as number)).toBeLessThan(0.1);
    expect(Math.abs((a.std().item() as number) - 1)).toBeLessThan(0.1);
    const uv = u.tolist() as number[];
    expect(Math.min(...uv)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uv)).toBeLessThan(1);
    expect(new Set(r.tolist() as number[]).size).toBe(10);
    expect(r.dtype).toBe('int64');
    expect(torch.initial_seed()).toBe(42);
  });

  it('randn and rand fill whole tensors with the per-element sequence of the generator, odd sizes and the spare normal included', () => {
    // randn draws normals in pairs; an odd size leaves the second of a pair for the next call (as normal() does).
    torch.manual_seed(7);
    const normals = Array.from({ length: 12 }, normal);
    const uniforms = Array.from({ length: 5 }, uniform24);
    torch.manual_seed(7);
    const parts = [torch.randn(5), torch.randn([2], { dtype: 'float64' }), torch.randn(0), torch.randn(1), torch.randn(4, { dtype: 'float64' })];
    const got = parts.flatMap((t) => t.tolist() as number[]);
    const want = normals.map((v, i) => (i < 5 || i === 7 ? Math.fround(v) : v));
    expect(got).toEqual(want);
    expect(torch.rand(5).tolist()).toEqual(uniforms);
  });

  it('views share storage and track strides', () => {
    const x = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const t = x.t();
    expect(t.shape).toEqual([4, 3]);
    expect(t.stride()).toEqual([1, 4]);
    expect(t.is_contiguous()).toBe(false);
    expect(t.contiguous().tolist()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(x.view(-1).shape).toEqual([12]);
    expect(x.reshape([2, -1]).shape).toEqual([2, 6]);
    expect(x.narrow(1, 1, 2).tolist()).toEqual([[1, 2], [5, 6], [9, 10]]);
    expect(x.select(0, -1).tolist()).toEqual([8, 9, 10, 11]);
    expect(x.slice(1, null, null, 2).tolist()).toEqual([[0, 2], [4, 6], [8, 10]]);
    expect(x.index(1, '1:').tolist()).toEqual([5, 6, 7]);
    expect(x.index(':', -1).tolist()).toEqual([3, 7, 11]);
    expect(x.unsqueeze(0).shape).toEqual([1, 3, 4]);
    expect(x.unsqueeze(-1).squeeze().shape).toEqual([3, 4]);
    expect(x.permute(1, 0).tolist()).toEqual(t.tolist());
    expect(x.flatten().shape).toEqual([12]);
    expect(torch.tensor([1, 2, 3]).expand(2, 3).tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(x.chunk(2, 1).map((c) => c.shape)).toEqual([[3, 2], [3, 2]]);
    // a write through a view is visible in the base
    x.select(0, 0).fill_(-1);
    expect(x.tolist()[0]).toEqual([-1, -1, -1, -1]);
    // fill_ on views: contiguous at an offset (filled in place as a range) and strided, every element only once
    for (const dtype of ['float32', 'float64', 'int64', 'int32'] as const) {
      const y = torch.zeros([3, 4], { dtype });
      y.select(0, 1).fill_(2.5);
      y.select(1, 3).fill_(-1);
      const two = dtype.startsWith('int') ? 2 : 2.5;
      expect(y.tolist(), dtype).toEqual([[0, 0, 0, -1], [two, two, two, -1], [0, 0, 0, -1]]);
    }
    // ops on non-contiguous views read the right elements
    expect(torch.relu(t.narrow(0, 1, 2)).tolist()).toEqual([[0, 5, 9], [0, 6, 10]]);
  });

  it('in-place ops and copies', () => {
    const x = torch.zeros(2, 2);
    x.add_(1).mul_(3);
    expect(x.tolist()).toEqual([[3, 3], [3, 3]]);
    const c = x.clone();
    c.zero_();
    expect(x.sum().item()).toBe(12);
    x.copy_(torch.tensor([1, 2]));
    expect(x.tolist()).toEqual([[1, 2], [1, 2]]);
    const w = torch.ones(2, { requires_grad: true });
    expect(() => w.add_(1)).toThrow(/leaf Variable that requires grad/);
    torch.no_grad(() => w.add_(1));
    expect(w.tolist()).toEqual([2, 2]);
  });

  it('converts dtypes like a C cast', () => {
    const x = torch.tensor([-1.5, 0, 2.7, NaN]);
    expect(x.long().tolist()).toEqual([-1, 0, 2, -(2 ** 63)]);
    expect(x.bool().tolist()).toEqual([true, false, true, true]);
    expect(x.int().slice(0, 0, 3).tolist()).toEqual([-1, 0, 2]);
    expect(torch.tensor([1n, 2n]).float().dtype).toBe('float32');
    expect(x.to('float64').dtype).toBe('float64');
  });

  it('item, tolist and data', () => {
    const x = torch.tensor([[1, 2], [3, 4]]);
    expect(Array.from(x.t().data)).toEqual([1, 3, 2, 4]);
    expect(x.data).toBeInstanceOf(Float32Array);
    expect(torch.tensor([true]).item()).toBe(true);
    expect(() => x.item()).toThrow(/a Tensor with 4 elements cannot be converted to Scalar/);
    expect(torch.tensor(5).tolist()).toBe(5);
  });

  it('prints like PyTorch, including autograd state and util.inspect', async () => {
    const { inspect } = await import('node:util');
    expect(String(torch.tensor([[0.1, 0.2]]))).toBe('tensor([[0.1000, 0.2000]])');
    expect(inspect(torch.tensor([1, 2], { dtype: 'int32' }))).toBe('tensor([1, 2], dtype=torch.int32)');
    const w = torch.tensor([1.5, -2], { requires_grad: true });
    expect(String(w)).toBe('tensor([ 1.5000, -2.0000], requires_grad=True)');
    expect(String(torch.relu(w))).toBe('tensor([1.5000, 0.0000], grad_fn=<ReluBackward0>)');
    expect(String(torch.tensor([true, false]))).toBe('tensor([ True, False])');
  });
});

describe('backend selection', () => {
  it('reports backend, ISA and threads', () => {
    useBackend('js');
    expect(torch.backend()).toEqual({ name: 'js', isa: 'js', num_threads: 1 });
    if (BACKENDS.includes('native')) {
      useBackend('native');
      const b = torch.backend();
      expect(b.name).toBe('native');
      expect(['avx512', 'avx2', 'neon', 'scalar']).toContain(b.isa);
      expect(b.num_threads).toBeGreaterThanOrEqual(1);
    }
  });

  // TORCHLET_ISA picks the table at load, so each setting runs in its own process. AVX-512 and AVX2 share their
  // formulas: exp, sigmoid and tanh must give the same bits on both (README).
  it.runIf(BACKENDS.includes('native'))('TORCHLET_ISA forces a kernel table; AVX-512 and AVX2 agree bit for bit', () => {
    const script = `const torch = require('.'); const x = torch.linspace(-30, 30, 100003);
      const h = (t) => require('node:crypto').createHash('sha256').update(t.data).digest('hex');
      console.log(JSON.stringify({ isa: torch.backend().isa, exp: h(torch.exp(x)), sigmoid: h(torch.sigmoid(x)), tanh: h(torch.tanh(x)) }));`;
    const run = (isa?: string) => {
      const env = { ...process.env, TORCHLET_QUIET: '1', TORCHLET_BACKEND: 'native' };
      if (isa) env.TORCHLET_ISA = isa; else delete env.TORCHLET_ISA;
      const r = spawnSync(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '..'), env, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    };
    const auto = run(), avx2 = run('avx2'), scalar = run('scalar');
    expect(scalar.isa).toBe('scalar');
    if (auto.isa === 'avx512' || auto.isa === 'avx2') {
      expect(avx2.isa).toBe('avx2');
      for (const op of ['exp', 'sigmoid', 'tanh']) expect(avx2[op] === auto[op], op).toBe(true);
    } else {
      expect(avx2.isa).toBe(auto.isa); // no AVX2 here (arm64): the setting is ignored
    }
  });

  it.runIf(BACKENDS.includes('native'))('set_num_threads / get_num_threads round-trip and validate', () => {
    useBackend('native');
    const before = torch.get_num_threads();
    torch.set_num_threads(1);
    expect(torch.get_num_threads()).toBe(1);
    // the threaded path and the single-thread path agree exactly for elementwise ops
    const x = torch.randn(1_000_003);
    const one = torch.sigmoid(x).data.slice();
    torch.set_num_threads(2);
    expect(torch.get_num_threads()).toBe(2);
    const two = torch.sigmoid(x).data;
    expect(two.every((v, i) => Object.is(v, one[i]))).toBe(true);
    torch.set_num_threads(before);
    expect(() => torch.set_num_threads(0)).toThrow(RangeError);
    expect(() => torch.set_num_threads(1.5)).toThrow(RangeError);
  });
});
