// The uint8, int8 and int16 dtypes against PyTorch 1.13 (scripts/gen_small_ints_fixtures.py): casts from floats and
// from int64 (wrapping modulo 2^bits), promotion of every dtype pair, wrapping arithmetic, reductions' int64 results,
// iinfo, can_cast, repr, overflow errors, uint8 masks, and a file PyTorch saved. Integer results are exact; float
// results within 2 ULP (sigmoid's bound; the rest are exact divisions and sums).
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../lib/index';
import type { Tensor } from '../lib/index';
import { BACKENDS, useBackend, expectClose, expectError } from './helpers';

interface Encoded {
  dtype: string;
  shape: number[];
  values: (number | boolean | null)[];
}
interface Fixtures {
  results: Record<string, Encoded>;
  promote: Record<string, string>;
  can_cast: Record<string, boolean>;
  iinfo: Record<string, [number, number, number]>;
  is_signed: Record<string, boolean>;
  repr: Record<string, string>;
  type: Record<string, string>;
  errors: Record<string, string>;
}
const F = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'small_ints.json'), 'utf8')) as Fixtures;

const floats = () => torch.tensor([-1.5, 255.7, 256.0, 300.2, -129.0, 127.9, -128.9, 0.5, -0.5, 65535.9, 32768.0, NaN, Infinity, -Infinity]);
const longs = () => torch.tensor([300n, -1n, 70000n, -70000n, 2n ** 40n + 5n, 255n, -128n, 32767n, -32769n]);
const u = () => torch.tensor([200, 100, 0, 255], { dtype: torch.uint8 });
const c = () => torch.tensor([100, -100, -128, 127], { dtype: torch.int8 });
const s = () => torch.tensor([30000, -30000, 7, -7], { dtype: torch.int16 });
const SMALL = ['int16', 'int8', 'uint8'] as const;

const cases: Record<string, () => Tensor> = {
  ...Object.fromEntries(SMALL.map((d) => [`float_to_${d}`, () => floats().to(d)])),
  ...Object.fromEntries(SMALL.map((d) => [`long_to_${d}`, () => longs().to(d)])),
  ...Object.fromEntries(SMALL.map((d) => [`${d}_to_float`, () => torch.tensor([-3n, 0n, 5n]).to(d).to('float32')])),
  u_add_u: () => u().add(u()),
  u_add_c: () => u().add(c()),
  u_mul_3: () => u().mul(3),
  u_sub_201: () => u().sub(201),
  u_add_1000: () => u().add(1000),
  u_div_3: () => u().div(3),
  u_floordiv_3: () => u().floor_divide(3),
  u_neg: () => u().neg(),
  u_sum: () => u().sum(),
  u_prod: () => u().slice(0, 0, 2).prod(),
  u_cumsum: () => u().cumsum(0),
  u_max: () => u().max(),
  u_argmax: () => u().argmax(),
  u_gt_150: () => u().gt(150),
  u_add_2_5: () => u().add(2.5),
  u_shl_1: () => u().bitwise_left_shift(1),
  u_not: () => u().bitwise_not(),
  u_relu: () => torch.relu(u()),
  u_sigmoid: () => torch.sigmoid(u()),
  u_add_s: () => u().add(s()),
  u_mul_bool: () => u().mul(torch.tensor([true, false, true, true])),
  c_abs: () => c().abs(),
  c_mul_c: () => c().mul(c()),
  c_floordiv_2: () => c().floor_divide(2),
  c_rem_3: () => c().remainder(3),
  c_shr_1: () => c().bitwise_right_shift(1),
  c_neg: () => c().neg(),
  c_add_true: () => c().add(true),
  c_sum: () => c().sum(),
  c_mean_float: () => c().float().mean(),
  c_sort: () => c().sort().values,
  s_add_s: () => s().add(s()),
  s_mul_2: () => s().mul(2),
  s_add_c: () => s().add(c()),
  s_matmul_float: () => s().float().matmul(torch.ones(4)),
  c_add_long: () => c().add(torch.tensor([1n, 2n, 3n, 4n])),
  u_add_int32: () => u().add(torch.tensor([1, 2, 3, 4], { dtype: 'int32' })),
  arange_u: () => torch.arange(250, 260, { dtype: 'uint8' }),
  full_u_neg1: () => torch.full([2], -1, { dtype: 'uint8' }),
  tensor_u_neg255: () => torch.tensor([-255, 255], { dtype: 'uint8' }),
  zeros_c: () => torch.zeros(2, { dtype: 'int8' }),
  fill_u_2_5: () => torch.zeros(2, { dtype: 'uint8' }).fill_(2.5),
  u_add_inplace_300: () => u().clone().add_(300),
  masked_select_u_mask: () => torch.arange(4, { dtype: 'float32' }).masked_select(torch.tensor([1, 0, 1, 0], { dtype: 'uint8' })),
  bincount_u: () => torch.bincount(torch.tensor([3, 1, 1], { dtype: 'uint8' })),
  dot_c: () => torch.tensor([1, 2], { dtype: 'int8' }).dot(torch.tensor([100, 2], { dtype: 'int8' })),
  mm_u: () => torch.mm(torch.full([2, 3], 200, { dtype: 'uint8' }), torch.ones(3, 2, { dtype: 'uint8' })),
  cat_u_c: () => torch.cat([u(), c()]),
  maximum_u_c: () => torch.maximum(u(), c()),
  sort_c: () => torch.sort(c()).values,
  where_u_cond: () => torch.where(torch.tensor([1, 0, 2, 0], { dtype: 'uint8' }), torch.arange(4, { dtype: 'float32' }), torch.zeros(4)),
};

const errors: Record<string, [() => unknown, typeof TypeError | typeof RangeError]> = {
  tensor_u_300: [() => torch.tensor([300], { dtype: 'uint8' }), RangeError],
  tensor_u_neg256: [() => torch.tensor([-256], { dtype: 'uint8' }), RangeError],
  tensor_u_neg_float: [() => torch.tensor([-1.5], { dtype: 'uint8' }), RangeError],
  tensor_c_200: [() => torch.tensor([200], { dtype: 'int8' }), RangeError],
  tensor_s_40000: [() => torch.tensor([40000], { dtype: 'int16' }), RangeError],
  tensor_i_3e9: [() => torch.tensor([3e9], { dtype: 'int32' }), RangeError],
  full_u_300: [() => torch.full([2], 300, { dtype: 'uint8' }), RangeError],
  index_fill_s_70000: [() => torch.zeros(2, { dtype: 'int16' }).index_fill_(0, torch.tensor([1n]), 70000), RangeError],
  add_inplace_float: [() => u().add_(2.5), TypeError],
  mean_u: [() => u().mean(), TypeError],
  requires_grad_u: [() => u().requires_grad_(), TypeError],
  random_u_300: [() => u().random_(300), RangeError],
  random_c_from: [() => c().random_(-129, 0), RangeError],
};

/** PyTorch's message, give or take torchlet's "op(): " prefix, the value, and C's type name (uint8_t). */
function messagePattern(message: string): RegExp {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('_t without', ' without');
  return new RegExp(escaped.replace('value cannot', 'value (\\S+ )?cannot'));
}

describe.each(BACKENDS)('uint8, int8 and int16 on %s', (backend) => {
  afterEach(() => useBackend(backend));

  it.each(Object.keys(F.results))('%s matches PyTorch', (key) => {
    useBackend(backend);
    const want = F.results[key];
    const got = cases[key]();
    expect([got.dtype, got.shape]).toEqual([want.dtype, want.shape]);
    const values = got.flatten().tolist() as (number | boolean)[];
    if (want.dtype === 'bool') expect(values).toEqual(want.values);
    else if (want.dtype.startsWith('float')) expectClose(values as number[], want.values.map((v) => (v === null ? NaN : Number(v))), { ulp: 2 }, key);
    else expect(values).toEqual(want.values);
  });

  it('every case of the fixture is run, and every case here is in it', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(F.results).sort());
    expect(Object.keys(errors).sort()).toEqual(Object.keys(F.errors).sort());
  });

  it.each(Object.keys(F.errors))('%s raises PyTorch\'s error', (key) => {
    useBackend(backend);
    const [fn, type] = errors[key];
    expectError(fn, type, messagePattern(F.errors[key]));
  });

  it('promote_types, result_type and can_cast of every dtype pair', () => {
    for (const [pair, want] of Object.entries(F.promote)) {
      const [a, b] = pair.split(',');
      expect([pair, torch.promote_types(a, b)]).toEqual([pair, want]);
      const ta = torch.ones(2, { dtype: a as torch.DType });
      const tb = torch.ones(2, { dtype: b as torch.DType });
      expect([pair, torch.result_type(ta, tb), ta.add(tb).dtype]).toEqual([pair, want, want === 'bool' ? 'bool' : want]);
    }
    for (const [pair, want] of Object.entries(F.can_cast)) {
      const [a, b] = pair.split(',');
      expect([pair, torch.can_cast(a, b)]).toEqual([pair, want]);
    }
  });

  it('iinfo, is_signed, type() and repr', () => {
    for (const d of SMALL) {
      const info = torch.iinfo(d);
      expect([info.bits, info.min, info.max]).toEqual(F.iinfo[d]);
      expect(String(info)).toBe(`iinfo(min=${info.min}, max=${info.max}, dtype=${d})`);
      expect(torch.ones(1, { dtype: d }).type()).toBe(F.type[d]);
      expect(String(torch.tensor([[1n, -2n], [3n, 100n]]).to(d))).toBe(F.repr[d]);
    }
    for (const [d, want] of Object.entries(F.is_signed)) {
      expect([d, torch.ones(1, { dtype: d as torch.DType }).is_signed(), torch.is_signed(torch.ones(1, { dtype: d as torch.DType }))]).toEqual([d, want, want]);
    }
  });

  it('dtype names: torch.uint8/int8/int16/short, the strings, and byte()/char()/short()', () => {
    expect([torch.uint8, torch.int8, torch.int16, torch.short]).toEqual(['uint8', 'int8', 'int16', 'int16']);
    const x = torch.tensor([1.9, -2.9, 300]);
    expect([x.byte().dtype, x.char().dtype, x.short().dtype]).toEqual(['uint8', 'int8', 'int16']);
    expect([x.byte().tolist(), x.char().tolist(), x.short().tolist()]).toEqual([[1, 254, 44], [1, -2, 44], [1, -2, 300]]);
    expect(x.type('torch.ByteTensor').dtype).toBe('uint8');
    expect(torch.zeros(1, { dtype: 'short' }).dtype).toBe('int16');
  });

  it('integer casts of a tensor that requires grad carry no gradient (PyTorch)', () => {
    useBackend(backend);
    const x = torch.tensor([1.5, -2.5], { requires_grad: true });
    for (const d of [...SMALL, 'int32', 'int64', 'bool'] as const) {
      const y = x.to(d);
      expect([d, y.requires_grad, y.grad_fn]).toEqual([d, false, null]);
    }
    expect(x.to('float64').grad_fn?.name).toBe('ToCopyBackward0');
  });

  it('typed arrays become tensors of their own dtype (sharing memory in as_tensor), as NumPy arrays do', () => {
    const bytes = new Uint8Array([7, 250]);
    expect(torch.tensor(new Int8Array([-1, 2])).dtype).toBe('int8');
    expect(torch.tensor(new Int16Array([-1, 2])).dtype).toBe('int16');
    const view = torch.as_tensor(bytes);
    bytes[0] = 9;
    expect([view.dtype, view.tolist()]).toEqual(['uint8', [9, 250]]);
  });

  it('torch.load reads the small integer tensors PyTorch saved; torch.save round-trips them', () => {
    useBackend(backend);
    const saved = torch.load(join(__dirname, 'fixtures', 'small_ints.pt')) as Record<string, Tensor>;
    expect([saved.u.dtype, saved.u.tolist()]).toEqual(['uint8', u().tolist()]);
    expect([saved.c.dtype, saved.c.tolist()]).toEqual(['int8', c().tolist()]);
    expect([saved.s.dtype, saved.s.tolist()]).toEqual(['int16', s().tolist()]);
    expect([saved.u_view.dtype, saved.u_view.tolist()]).toEqual(['uint8', [100, 0]]);
    const dir = mkdtempSync(join(tmpdir(), 'torchlet-small-ints-'));
    try {
      const file = join(dir, 'x.pt');
      torch.save(saved, file);
      const again = torch.load(file) as Record<string, Tensor>;
      for (const k of Object.keys(saved)) expect([k, again[k].dtype, again[k].tolist()]).toEqual([k, saved[k].dtype, saved[k].tolist()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
