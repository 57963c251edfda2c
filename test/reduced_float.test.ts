// float16 and bfloat16 against PyTorch 1.13 (scripts/gen_reduced_float_fixtures.py): conversions from float32 and
// float64 (edge values exactly, a sample of 8192 float32 bit patterns exactly, every 16-bit pattern's value),
// ops, result types, reprs, finfo, gradients, and a file PyTorch saved. Both backends.
// Tolerances, in steps of the result's own format (a float16/bfloat16 ULP): 0 for conversions, comparisons,
// sorting and the ops that both libraries compute as one float32 operation rounded to the format (+ - * / by a
// tensor or scalar, neg, abs, square, max, where, relu family, clamp); 1 where torchlet's float32 (or double)
// arithmetic may round differently before the final rounding (sums and means, norms, transcendentals, softmax,
// products, cumsum); 8 for log_softmax and 2 for batch norm, where PyTorch's bfloat16 kernels are up to 5 and 1.5
// off the correctly rounded values, which torchlet gives (-0.08984375 for -0.0873..., torchlet -0.08740234375).
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../lib/index';
import { bfloat16Bits, bfloat16FromBits, castValue, halfBits, halfFromBits } from '../lib/dtype';
import { BACKENDS, useBackend } from './helpers';
import { B } from '../lib/backend';

type T = torch.Tensor;
type Encoded = { dtype: string; shape: number[]; bits?: string[]; bits_of?: 'float32' | 'float64'; values?: number[]; error?: string };
type Reduced = 'float16' | 'bfloat16';
const F = JSON.parse(readFileSync(join(__dirname, 'fixtures/reduced_float.json'), 'utf8')) as {
  conversions: Record<'float32' | 'float64', Record<'input' | Reduced, Encoded>>;
  sample_b64: Record<Reduced, string>;
  every_sha256: Record<Reduced, string>;
  ops: Record<string, Encoded>;
  promote: Record<string, string>;
  scalar: Record<Reduced, Record<string, string>>;
  reprs: Record<string, string>;
  finfo: Record<Reduced, string>;
  info: Record<Reduced, { type: string; element_size: number; is_floating_point: boolean }>;
  grads: Record<Reduced, Record<'y' | 'x_grad' | 'w_grad', Encoded>>;
  batch_norm: Record<'y' | 'running_mean' | 'running_var', Encoded>;
  saved: Record<string, Encoded>;
};
const REDUCED: Reduced[] = ['float16', 'bfloat16'];

/** The values of an encoded tensor (floats from their IEEE bits). */
function decode(e: Encoded): number[] {
  if (!e.bits) return e.values!;
  if (e.bits_of === 'float64') return Array.from(new Float64Array(new BigUint64Array(e.bits.map((h) => BigInt(`0x${h}`))).buffer));
  return Array.from(new Float32Array(new Uint32Array(e.bits.map((h) => parseInt(h, 16))).buffer));
}

/** The gap between b and the next value of the format away from zero (b finite). */
function formatUlp(b: number, dtype: Reduced): number {
  const mantissa = dtype === 'float16' ? 10 : 7;
  const minExponent = dtype === 'float16' ? -14 : -126;
  const e = b === 0 ? minExponent : Math.max(minExponent, Math.floor(Math.log2(Math.abs(b))));
  return 2 ** (e - mantissa);
}

/** actual equals expected element by element (NaN matches NaN, -0 only -0), or within `ulps` format steps. */
function expectFormat(actual: T, expected: Encoded, ulps: number, what: string): void {
  expect([what, actual.dtype, actual.shape]).toEqual([what, expected.dtype, expected.shape]);
  const got = (actual.contiguous().view(-1).tolist() as (number | boolean)[]).map(Number);
  const want = decode(expected);
  got.forEach((v, i) => {
    const w = want[i];
    const ok = Object.is(v, w) || (ulps > 0 && Number.isFinite(w) && Math.abs(v - w) <= ulps * formatUlp(w, actual.dtype as Reduced));
    expect(ok, `${what}: element ${i} is ${v}, PyTorch ${w} (tolerance ${ulps} ULP of ${actual.dtype})`).toBe(true);
  });
}

// The fixture script's inputs and calls, under its names.
const a0 = [0.1, -2.5, 3.3, 1000.7, -0.003, 7.77];
const b0 = [0.2, 1.5, -0.7, 3.1, 0.011, -2.0];
const m0 = [[0.5, -1.25, 2.0], [3.5, 0.75, -0.1]];
const OPS: Record<string, [(a: T, b: T, m: T) => T, number]> = {
  add: [(a, b) => a.add(b), 0], sub: [(a, b) => a.sub(b), 0], mul: [(a, b) => a.mul(b), 0], div: [(a, b) => a.div(b), 0],
  add_scalar: [(a) => a.add(1.1), 0], mul_scalar: [(a) => a.mul(3), 0], neg: [(a) => a.neg(), 0], abs: [(a) => a.abs(), 0],
  square: [(a) => a.pow(2), 0], sum: [(a) => a.sum(), 1], mean: [(a) => a.mean(), 1], max: [(a) => a.max(), 0],
  sort: [(a) => a.sort().values, 0], where: [(a, b) => torch.where(a.gt(0), a, b), 0], gt: [(a, b) => a.gt(b), 0],
  std: [(a) => a.std(), 1], norm: [(a) => a.norm(), 1], sum_dim: [(a, b, m) => m.sum(1), 1], relu: [(a) => torch.relu(a), 0],
  sigmoid: [(a) => torch.sigmoid(a), 1], tanh: [(a) => torch.tanh(a), 1], exp: [(a, b) => torch.exp(b), 1],
  sqrt: [(a) => a.abs().sqrt(), 1], softmax: [(a, b, m) => torch.softmax(m, 1), 1], log_softmax: [(a, b, m) => torch.log_softmax(m, 1), 8],
  matmul: [(a, b, m) => m.matmul(m.t()), 1], linear: [(a, b, m) => torch.nn.functional.linear(m, m, m.select(0, 0).narrow(0, 0, 2)), 1],
  gelu: [(a) => torch.nn.functional.gelu(a), 1], clamp: [(a) => a.clamp(-1, 1), 0], cumsum: [(a) => a.cumsum(0), 1],
  leaky_relu: [(a) => torch.nn.functional.leaky_relu(a, 0.1), 0], relu6: [(a) => torch.nn.functional.relu6(a), 0],
};

describe('float16 and bfloat16: conversions against PyTorch', () => {
  for (const src of ['float32', 'float64'] as const) {
    for (const dtype of REDUCED) {
      it(`${src} edge values to ${dtype}, rounded once from float as PyTorch does`, () => {
        const input = torch.tensor(decode(F.conversions[src].input), { dtype: src });
        expectFormat(input.to(dtype), F.conversions[src][dtype], 0, `${src} -> ${dtype}`);
      });
    }
  }

  it('a sample of 8192 float32 bit patterns rounds to the same float16 and bfloat16 values', () => {
    const bits = Uint32Array.from({ length: 8192 }, (_, i) => Number((BigInt(i) * 2654435761n) % 2n ** 32n));
    const x = torch.tensor(new Float32Array(bits.buffer));
    for (const dtype of REDUCED) {
      // PyTorch's results as 16-bit patterns, decoded here by the formats' definitions
      const raw = new Uint16Array(new Uint8Array(Buffer.from(F.sample_b64[dtype], 'base64')).buffer);
      const want = Array.from(raw, (h) => {
        if (dtype === 'bfloat16') return new Float32Array(new Uint32Array([h << 16]).buffer)[0];
        const e = (h >> 10) & 31, m = h & 1023, s = h & 0x8000 ? -1 : 1;
        return e === 31 ? (m ? NaN : s * Infinity) : e === 0 ? s * m * 2 ** -24 : s * (1024 + m) * 2 ** (e - 25);
      });
      // through a tensor's storage (rounded on the float32 bits) and one value at a time (castValue, as
      // torch.tensor, fill_ and scalars round)
      for (const got of [x.to(dtype).tolist() as number[], Array.from(x.tolist() as number[], (v) => castValue(dtype, v))]) {
        const wrong = got.map((v, i) => [i, v, want[i]] as const).filter(([, v, w]) => !Object.is(v, w));
        expect(wrong.slice(0, 5), `${wrong.length} of 8192 differ (${dtype})`).toEqual([]);
      }
    }
  });

  it("every 16-bit pattern's value is PyTorch's (what torch.load reads)", () => {
    for (const [dtype, fromBits] of [['float16', halfFromBits], ['bfloat16', bfloat16FromBits]] as const) {
      const values = Float32Array.from({ length: 65536 }, (_, h) => fromBits(h));
      const raw = new Uint32Array(values.buffer);
      values.forEach((v, i) => Number.isNaN(v) && (raw[i] = 0x7fc00000));
      expect([dtype, createHash('sha256').update(new Uint8Array(values.buffer)).digest('hex')]).toEqual([dtype, F.every_sha256[dtype]]);
    }
    // and torch.save writes those bits back: every non-NaN pattern survives value and back
    const toBits = { float16: halfBits, bfloat16: bfloat16Bits } as const;
    const fromBits = { float16: halfFromBits, bfloat16: bfloat16FromBits } as const;
    for (const dtype of REDUCED) {
      const wrong = Array.from({ length: 65536 }, (_, h) => h).filter((h) => !Number.isNaN(fromBits[dtype](h)) && toBits[dtype](fromBits[dtype](h)) !== h);
      expect([dtype, wrong.slice(0, 5)]).toEqual([dtype, []]);
    }
  });
});

describe.runIf(BACKENDS.includes('native'))('the float16/bfloat16 rounding pass', () => {
  it('of the addon (round_reduced) and of the JS backend agree bit for bit, NaN payloads and signed zeros included', () => {
    // 2^20 float32 bit patterns spread over the whole range; then the midpoint between each pair of neighbouring
    // normal float16 values (float32 bits 0x38800000 up) and the floats either side of it, both signs; then the same
    // for bfloat16's midpoints (every 2^16th pattern from 0)
    const bits = Uint32Array.from({ length: 1 << 20 }, (_, i) => Number((BigInt(i) * 4294967291n + 12345n) % 2n ** 32n));
    const around = (start: number, step: number, count: number) =>
      Uint32Array.from({ length: 6 * count }, (_, i) => {
        const k = Math.floor(i / 6), sign = i % 6 < 3 ? 0 : 0x80000000;
        return (sign | (start + k * step + step / 2 + (i % 3) - 1)) >>> 0;
      });
    const ties = around(0x38800000, 0x2000, (0x477fe000 - 0x38800000) / 0x2000);
    const bfTies = around(0, 0x10000, 0x7f80);
    for (const input of [bits, ties, bfTies]) {
      for (const dtype of REDUCED) {
        const js = new Float32Array(input.slice().buffer), native = new Float32Array(input.slice().buffer);
        useBackend('js');
        B.roundReduced(js, dtype);
        useBackend('native');
        B.roundReduced(native, dtype);
        const a = new Uint32Array(js.buffer), b = new Uint32Array(native.buffer);
        const differ = a.findIndex((v, i) => v !== b[i]);
        expect(differ, `${dtype}: input bits ${input[differ]?.toString(16)}: JS ${a[differ]?.toString(16)}, native ${b[differ]?.toString(16)}`).toBe(-1);
      }
    }
  });
});

describe.each(BACKENDS)('float16 and bfloat16 on the %s backend', (backend) => {
  for (const dtype of REDUCED) {
    it(`${dtype} ops give PyTorch's results (those it has on the CPU; the others as the float32 op rounded)`, () => {
      useBackend(backend);
      const a = torch.tensor(a0).to(dtype), b = torch.tensor(b0).to(dtype), m = torch.tensor(m0).to(dtype);
      for (const [name, [op, ulps]] of Object.entries(OPS)) {
        const expected = F.ops[`${dtype} ${name}`];
        const got = op(a, b, m);
        if (!expected.error) {
          expectFormat(got, expected, ulps, `${dtype} ${name}`);
        } else {
          // PyTorch 1.13's CPU has no float16 kernel for it ("not implemented for 'Half'"): torchlet computes it in
          // float32 and rounds, as for the others
          const reference = op(a.float(), b.float(), m.float()).to(dtype);
          expect([name, got.dtype]).toEqual([name, dtype]);
          expect(got.tolist(), `${dtype} ${name}`).toEqual(reference.tolist());
        }
      }
    });

    it(`${dtype}: gradients of a small computation, in ${dtype}`, () => {
      useBackend(backend);
      const x = torch.tensor(a0.slice(0, 4)).to(dtype).requires_grad_();
      const w = torch.tensor(b0.slice(0, 4)).to(dtype).requires_grad_();
      let y = x.mul(w).add(1);
      if (dtype === 'bfloat16') y = torch.tanh(y);
      y.mul(torch.arange(1, 5, { dtype })).sum().backward();
      expectFormat(y, F.grads[dtype].y, 1, 'y');
      expectFormat(x.grad!, F.grads[dtype].x_grad, 1, 'x.grad');
      expectFormat(w.grad!, F.grads[dtype].w_grad, 1, 'w.grad');
    });
  }

  // 2 ULP for the output: PyTorch's bfloat16 kernel gives -0.443359375 for -55.78 / 124.96 = -0.4464, whose nearest
  // bfloat16 (torchlet's) is -0.447265625
  it('bfloat16 batch norm: output and running stats as PyTorch (normalized in float32, stats updated in place)', () => {
    useBackend(backend);
    const bn = new torch.nn.BatchNorm1d(3).bfloat16();
    const y = bn(torch.arange(12).reshape(4, 3).mul(37.3).sub(100).bfloat16()) as T;
    expectFormat(y, F.batch_norm.y, 2, 'y');
    expectFormat(bn.running_mean!, F.batch_norm.running_mean, 1, 'running_mean');
    expectFormat(bn.running_var!, F.batch_norm.running_var, 1, 'running_var');
  });

  it('in-place ops, out= and copies into float16 round their results too', () => {
    useBackend(backend);
    const x = torch.tensor([1, 2, 3]).half();
    x.add_(0.1); // 1.1, 2.1, 3.1 rounded to float16
    expect(x.tolist()).toEqual([1.099609375, 2.099609375, 3.099609375]);
    const out = torch.empty(3, { dtype: 'float16' });
    const z = torch.tensor([0.3, -1, 5]);
    torch.sigmoid(z, { out }); // float32 into float16: a copy
    expect(out.tolist()).toEqual(torch.sigmoid(z).half().tolist());
    torch.tanh(z.half(), { out }); // float16 into float16: the kernel writes out directly
    expect(out.tolist()).toEqual(torch.tanh(z.half()).tolist());
    expect(out.tolist()).toEqual(torch.tanh(z.half().float()).half().tolist());
    const v = torch.tensor([-1.3, 2, -7]).half();
    v.sigmoid_(); // in place, by the kernel
    expect(v.tolist()).toEqual(torch.sigmoid(torch.tensor([-1.3, 2, -7]).half().float()).half().tolist());
    const w = torch.tensor([-1.3, 2, -7]).bfloat16();
    torch.nn.functional.leaky_relu(w, 0.1, true);
    expect(w.tolist()).toEqual(torch.tensor([-1.3, 2, -7]).bfloat16().float().mul(0.1).bfloat16().tolist().map((n, i) => (i === 1 ? 2 : n)));
    const y = torch.zeros(2, 2, { dtype: 'bfloat16' });
    y.select(1, 0).copy_(torch.tensor([1 / 3, 1e-3]));
    expect(y.tolist()).toEqual([[0.333984375, 0], [0.00099945068359375, 0]]);
    y.fill_(1 / 3);
    expect(y.view(-1).tolist()).toEqual([0.333984375, 0.333984375, 0.333984375, 0.333984375]);
  });
});

describe('float16 and bfloat16: dtypes, printing, files', () => {
  it('layers, losses, optimizers and factories give float16 results holding float16 values', () => {
    const F_ = torch.nn.functional, nn = torch.nn;
    const h = (...s: number[]) => torch.randn(s).half();
    const results: Record<string, () => T> = {
      matmul: () => h(3, 4).matmul(h(4, 2)), cat: () => torch.cat([h(2), h(3)]), cumsum: () => h(5).cumsum(0),
      conv2d: () => F_.conv2d(h(1, 2, 5, 5), h(3, 2, 3, 3)), max_pool2d: () => F_.max_pool2d(h(1, 1, 4, 4), 2),
      linear: () => new nn.Linear(4, 2).half()(h(3, 4)) as T, batch_norm: () => new nn.BatchNorm1d(3).half()(h(4, 3)) as T,
      layer_norm: () => new nn.LayerNorm(3).half()(h(2, 3)) as T, dropout: () => F_.dropout(h(10), 0.5),
      lstm: () => (new nn.LSTM(3, 2).half()(h(4, 1, 3)) as [T, unknown])[0],
      cross_entropy: () => F_.cross_entropy(h(4, 3), torch.tensor([0n, 1n, 2n, 0n])), mse: () => F_.mse_loss(h(4), h(4)),
      erf: () => torch.erf(h(3)), logsumexp: () => torch.logsumexp(h(5), 0), median: () => h(5).median(),
      rand: () => torch.rand(1000, { dtype: 'float16' }), randn: () => torch.randn(10, { dtype: 'float16' }),
      adam: () => {
        const p = new nn.Parameter(h(3));
        const opt = new torch.optim.Adam([p], { lr: 0.1 });
        p.sum().backward();
        opt.step();
        return p;
      },
      conv_grad: () => {
        const x = h(1, 1, 4, 4).requires_grad_();
        F_.conv2d(x, h(1, 1, 3, 3)).sum().backward();
        return x.grad!;
      },
    };
    for (const [name, make] of Object.entries(results)) {
      const r = make();
      expect([name, r.dtype]).toEqual([name, 'float16']);
      expect(r.view(-1).tolist(), name).toEqual(r.float().half().view(-1).tolist());
    }
    const u = torch.rand(100000, { dtype: 'float16' });
    expect(u.max().item()).toBeLessThan(1); // rounding 0.9999 to float16 would give 1
    expect(String(torch.nan_to_num(torch.tensor([Infinity, -Infinity, NaN]).half()))).toBe('tensor([ 65504., -65504.,      0.], dtype=torch.float16)');
  });

  it("promote with every dtype as PyTorch does (float16 with bfloat16 gives float32), and with scalars", () => {
    for (const [pair, result] of Object.entries(F.promote)) {
      const [p, q] = pair.split(' ');
      expect([pair, torch.promote_types(p as torch.DType, q as torch.DType)]).toEqual([pair, result]);
    }
    for (const dtype of REDUCED) {
      const x = torch.ones(2, { dtype });
      const got = {
        plus_float: x.add(1.5).dtype, plus_int: x.add(2).dtype, plus_f32_0d: x.add(torch.tensor(1.5)).dtype,
        plus_f32: x.add(torch.ones(2)).dtype, plus_long: x.add(torch.ones(2, { dtype: 'int64' })).dtype,
        long_plus_0d: torch.ones(2, { dtype: 'int64' }).add(torch.tensor(1.5, { dtype })).dtype,
      };
      expect(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, `torch.${v}`]))).toEqual(F.scalar[dtype]);
    }
  });

  it("print as PyTorch prints them; finfo, type(), element_size() and the dtype names", () => {
    const a = torch.tensor(a0), m = torch.tensor(m0);
    expect(String(a.half())).toBe(F.reprs.float16);
    expect(String(a.bfloat16())).toBe(F.reprs.bfloat16);
    expect(String(torch.tensor([0.5, -1.25], { dtype: torch.float16 }))).toBe(F.reprs.float16_small);
    expect(String(m.to(torch.bfloat16))).toBe(F.reprs.bfloat16_2d);
    expect(String(torch.tensor(2.5, { dtype: torch.half }))).toBe(F.reprs.float16_0d);
    expect(String(torch.ones(0, { dtype: 'float16' }))).toBe(F.reprs.float16_empty);
    expect(String(torch.ones(2, { dtype: 'bfloat16', requires_grad: true }).mul(2))).toBe(F.reprs.float16_grad);
    for (const dtype of REDUCED) {
      expect(String(torch.finfo(dtype))).toBe(F.finfo[dtype]);
      const x = torch.ones(3, { dtype });
      expect({ type: x.type(), element_size: x.element_size(), is_floating_point: x.is_floating_point() }).toEqual(F.info[dtype]);
      expect(torch.ones(2).type(x.type()).dtype).toBe(dtype);
    }
    expect([torch.float16, torch.half, torch.bfloat16]).toEqual(['float16', 'float16', 'bfloat16']);
  });

  it('torch.load reads the float16 and bfloat16 tensors PyTorch saved; torch.save round-trips them', () => {
    const saved = torch.load(join(__dirname, 'fixtures', 'reduced_float.pt')) as Record<string, T>;
    for (const [k, e] of Object.entries(F.saved)) expectFormat(saved[k], e, 0, `loaded ${k}`);
    const dir = mkdtempSync(join(tmpdir(), 'torchlet-reduced-'));
    try {
      const file = join(dir, 'x.pt');
      torch.save(saved, file);
      const again = torch.load(file) as Record<string, T>;
      for (const [k, e] of Object.entries(F.saved)) expectFormat(again[k], e, 0, `saved and loaded ${k}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Module.half() and bfloat16() convert floating parameters; training steps run in bfloat16', () => {
    torch.manual_seed(0);
    const model = new torch.nn.Sequential(new torch.nn.Linear(4, 3), new torch.nn.ReLU(), new torch.nn.Linear(3, 2));
    model.bfloat16();
    expect([...model.parameters()].map((p) => p.dtype)).toEqual(['bfloat16', 'bfloat16', 'bfloat16', 'bfloat16']);
    const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
    const x = torch.randn(8, 4).bfloat16(), y = torch.tensor([0n, 1n, 1n, 0n, 1n, 0n, 0n, 1n]);
    const losses: number[] = [];
    for (let step = 0; step < 20; step++) {
      opt.zero_grad();
      const loss = torch.nn.functional.cross_entropy(model(x) as T, y);
      expect(loss.dtype).toBe('bfloat16');
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    for (const p of model.parameters()) expect(p.view(-1).tolist()).toEqual(p.view(-1).float().bfloat16().tolist()); // still bfloat16 values
    expect(losses[19]).toBeLessThan(losses[0]);
    model.half();
    expect([...model.parameters()].map((p) => p.dtype)).toEqual(['float16', 'float16', 'float16', 'float16']);
  });
});
