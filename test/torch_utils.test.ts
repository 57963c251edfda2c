// PyTorch 1.13's debugging and global-setting utilities against PyTorch 1.13 (fixtures: scripts/gen_torch_utils_fixtures.py):
// anomaly detection (NaN gradients named by their backward function, the forward stack in a warning, the modes' round
// trips), the deterministic-algorithm, warn-always, inter-op thread, flush-denormal and matmul-precision settings,
// torch.typename, torch.gradient, Tensor.as_strided, apply_/map_ and resize_/resize_as_, on each backend.
// Every test that changes a global setting restores it (afterEach resets them all).
import { describe, it, expect, beforeAll, afterEach, vi } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { resetWarnings } from '../lib/utils/warnings';
import { BACKENDS, useBackend, expectClose } from './helpers';
import { type BitsEncoded, bitsTensor, decodeBits } from './fixture_codec';

type T = torch.Tensor;
interface PyError {
  type: string;
  message: string;
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/torch_utils.json'), 'utf8'));

/** What fn throws (undefined if nothing). */
function thrown(fn: () => unknown): Error | undefined {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}

/** PyTorch's RuntimeError is an Error here, or a TypeError / RangeError for a bad argument; the message is PyTorch's. */
function expectPyError(fn: () => unknown, expected: PyError, type: typeof Error = expected.type === 'TypeError' ? TypeError : Error): void {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(type);
  expect(e!.message).toBe(expected.message);
}

/** Silences and records process warnings. */
function captureWarnings(): string[] {
  const seen: string[] = [];
  vi.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => {
    seen.push(String(w));
  });
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
  torch.set_anomaly_enabled(false);
  torch.use_deterministic_algorithms(false);
  torch.set_warn_always(false);
  torch.set_num_interop_threads(1);
  torch.set_float32_matmul_precision('highest');
  resetWarnings();
});

describe.each(BACKENDS)('anomaly detection on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const { anomaly } = fixture;

  function nanBackward(make: (x: T) => T): void {
    const x = torch.tensor([-1, 4], { requires_grad: true });
    torch.autograd.detect_anomaly(() => make(x).sum().backward());
  }

  it("names the backward function that returned NaN, as PyTorch's RuntimeError", () => {
    captureWarnings();
    expectPyError(() => nanBackward((x) => x.sqrt().mul(2)), anomaly.sqrt_negative);
    expectPyError(() => nanBackward((x) => x.add(1).sqrt().mul(0)), anomaly.sqrt_zero_times_zero);
    expectPyError(() => nanBackward((x) => x.mul(torch.tensor([NaN, 1]))), anomaly.mul_by_nan);
    expectPyError(() => nanBackward((x) => torch.tensor([1, 2]).div(x.mul(0))), anomaly.div_second);
  });

  it('warns with the forward stack of the failing op (recorded only while the mode is on)', () => {
    const warnings = captureWarnings();
    const x = torch.tensor([-1, 4], { requires_grad: true });
    const e = thrown(() => torch.autograd.detect_anomaly(() => x.sqrt().sum().backward()));
    expect(e!.message).toBe(anomaly.sqrt_negative.message);
    expect(warnings[0]).toMatch(/^Anomaly Detection has been enabled\. This mode will increase the runtime/);
    const report = warnings.find((w) => w.startsWith('Error detected in SqrtBackward0. Traceback of forward call that caused the error:\n'));
    expect(report).toBeDefined();
    expect(report).toMatch(/torch_utils\.test\.ts/); // the test's line that called sqrt
    expect(report).not.toMatch(/autograd\.ts/);
    // outside the mode no stack is kept
    expect(x.sqrt().grad_fn!.trace).toBeUndefined();
    torch.autograd.detect_anomaly(() => expect(x.sqrt().grad_fn!.trace).toMatch(/torch_utils\.test\.ts/));
  });

  it('reports errors of other kinds in a backward function too, and rethrows them', () => {
    const warnings = captureWarnings();
    class Failing extends torch.autograd.Function {
      static override forward(_ctx: unknown, input: T): T {
        return input.mul(2);
      }
      static override backward(): T {
        throw new Error('boom');
      }
    }
    const x = torch.tensor([1, 2], { requires_grad: true });
    const e = thrown(() => torch.autograd.set_detect_anomaly(true, () => (Failing.apply(x) as T).sum().backward()));
    expect(e!.message).toBe('boom');
    const report = warnings.find((w) => w.startsWith('Error detected in FailingBackward. Traceback of forward call that caused the error:\n'));
    expect(report).toMatch(/torch_utils\.test\.ts/);
  });

  it('check_nan false keeps the NaN gradient, as PyTorch', () => {
    captureWarnings();
    const x = torch.tensor([-1, 4], { requires_grad: true });
    torch.autograd.detect_anomaly({ check_nan: false }, () => x.sqrt().sum().backward());
    expect(Array.from(x.grad!.data as Float32Array).map(String)).toEqual(anomaly.no_check_nan_grad.map((v: string) => (v === 'nan' ? 'NaN' : v)));
    const z = torch.tensor([-1, 4], { requires_grad: true });
    torch.autograd.detect_anomaly(false, () => z.sqrt().sum().backward());
    expect(Number.isNaN(z.grad!.data[0])).toBe(true);
  });

  it('is a no-op when off: NaN gradients flow as before', () => {
    const x = torch.tensor([-1, 4], { requires_grad: true });
    x.sqrt().sum().backward();
    expect(Number.isNaN(x.grad!.data[0])).toBe(true);
  });

  it("the modes' round trips, as PyTorch's", () => {
    captureWarnings();
    const state = () => [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()];
    const s = anomaly.states;
    expect(state()).toEqual(s.default);
    expect(torch.autograd.detect_anomaly(state)).toEqual(s.detect_anomaly);
    expect(torch.autograd.detect_anomaly({ check_nan: false }, state)).toEqual(s.detect_anomaly_no_nan);
    expect(torch.autograd.set_detect_anomaly(true, { check_nan: false }, state)).toEqual(s.set_detect_anomaly_ctx);
    expect(torch.autograd.set_detect_anomaly(true, false, state)).toEqual(s.set_detect_anomaly_ctx);
    expect(state()).toEqual(s.default); // the contexts restored the mode
    torch.autograd.set_detect_anomaly(true);
    expect(state()).toEqual(s.set_detect_anomaly_global);
    torch.autograd.set_detect_anomaly(false);
    torch.set_anomaly_enabled(true, false);
    expect(state()).toEqual(s.set_anomaly_enabled);
    torch.set_anomaly_enabled(false);
    expect(state()).toEqual(s.after);
    // restored on a throw too
    expect(thrown(() => torch.autograd.detect_anomaly(() => { throw new Error('x'); }))!.message).toBe('x');
    expect(state()).toEqual(s.default);
  });

  it("PyTorch's argument errors", () => {
    expectPyError(() => torch.set_anomaly_enabled(1 as unknown as boolean), anomaly.errors.set_anomaly_enabled_int);
    expectPyError(() => torch.autograd.set_detect_anomaly(1 as unknown as boolean), anomaly.errors.set_detect_anomaly_int);
    expectPyError(() => torch.set_anomaly_enabled(true, 1 as never), anomaly.errors.set_anomaly_enabled_check_nan_int);
    expectPyError(() => torch.autograd.set_detect_anomaly(true, 1 as never), anomaly.errors.set_detect_anomaly_check_nan_int);
    expectPyError(() => torch.autograd.detect_anomaly({ check_nan: 1 as never }, () => 0), anomaly.errors.detect_anomaly_check_nan_int);
    expect(torch.is_anomaly_enabled()).toBe(false); // nothing changed by the refused calls
    expect(thrown(() => torch.autograd.detect_anomaly(undefined as unknown as () => void))).toBeInstanceOf(TypeError);
    expect(thrown(() => torch.autograd.detect_anomaly({ check_nans: false } as { check_nan: boolean }, () => 0))!.message).toBe("detect_anomaly() got an unexpected keyword argument 'check_nans'");
  });

  it('an MLP training step gives the same gradients with the mode on', () => {
    captureWarnings();
    torch.manual_seed(0);
    const net = new torch.nn.Sequential(new torch.nn.Linear(4, 8), new torch.nn.ReLU(), new torch.nn.Linear(8, 1));
    const x = torch.randn(5, 4);
    const step = () => {
      net.zero_grad();
      net.forward(x).pow(2).mean().backward();
      return [...net.parameters()].map((p) => Array.from(p.grad!.data as Float32Array));
    };
    const off = step();
    expect(torch.autograd.detect_anomaly(step)).toEqual(off);
  });
});

describe('global settings, as PyTorch records and reports them', () => {
  const { settings } = fixture;

  it('defaults', () => {
    const d = settings.defaults;
    expect(torch.are_deterministic_algorithms_enabled()).toBe(d.deterministic);
    expect(torch.is_deterministic_algorithms_warn_only_enabled()).toBe(d.warn_only);
    expect(torch.get_deterministic_debug_mode()).toBe(d.debug_mode);
    expect(torch.is_warn_always_enabled()).toBe(d.warn_always);
    expect(torch.get_float32_matmul_precision()).toBe(d.matmul_precision);
    expect(torch.get_num_interop_threads()).toBe(1);
  });

  it('deterministic algorithms and the debug mode round-trip', () => {
    const state = () => [torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_deterministic_debug_mode()];
    for (const mode of ['default', 'warn', 'error', 0, 1, 2] as const) {
      torch.set_deterministic_debug_mode(mode);
      expect(state(), String(mode)).toEqual(settings.deterministic[String(mode)]);
    }
    for (const [mode, warn_only] of [[true, false], [true, true], [false, true], [false, false]] as const) {
      torch.use_deterministic_algorithms(mode, { warn_only });
      expect(state(), `${mode} ${warn_only}`).toEqual(settings.deterministic[`use_${mode ? 'True' : 'False'}_${warn_only ? 'True' : 'False'}`]);
    }
    torch.use_deterministic_algorithms(true);
    expect(state()).toEqual(settings.deterministic.use_True_False);
    // ops are deterministic already: they run unchanged
    expect(Array.from(torch.tensor([1, 2, 3]).index_add(0, torch.tensor([0, 0, 1], { dtype: 'int64' }), torch.ones(3)).data)).toEqual([3, 3, 3]);
  });

  it('matmul precision, interop threads, flush-denormal', () => {
    for (const p of ['high', 'medium', 'highest'] as const) {
      torch.set_float32_matmul_precision(p);
      expect(torch.get_float32_matmul_precision()).toBe(settings.matmul_precision[p]);
    }
    const warnings = captureWarnings();
    torch.set_float32_matmul_precision('low' as 'high');
    expect(torch.get_float32_matmul_precision()).toBe(settings.matmul_precision_low_ignored);
    expect(warnings[0]).toMatch(/^low is not one of 'highest', 'high', or 'medium'/);
    torch.set_num_interop_threads(3);
    expect(torch.get_num_interop_threads()).toBe(3);
    expect(torch.set_flush_denormal(true)).toBe(false); // not supported: denormals are kept
    expect(torch.set_flush_denormal(false)).toBe(false);
    expect(torch.tensor([1e-40], { dtype: 'float32' }).mul(1).data[0]).toBeGreaterThan(0);
  });

  it('set_warn_always makes once-only warnings warn every time', async () => {
    const { warnOnce } = await import('../lib/utils/warnings');
    const warnings = captureWarnings();
    warnOnce('torch_utils test warning');
    warnOnce('torch_utils test warning');
    expect(warnings.length).toBe(1);
    torch.set_warn_always(true);
    expect(torch.is_warn_always_enabled()).toBe(true);
    warnOnce('torch_utils test warning');
    warnOnce('torch_utils test warning');
    expect(warnings.length).toBe(3);
  });

  it("PyTorch's argument errors (RuntimeErrors are TypeErrors or RangeErrors here)", () => {
    const e = settings.errors;
    const any = (v: unknown) => v as never;
    expectPyError(() => torch.use_deterministic_algorithms(any(1)), e.use_deterministic_int);
    expectPyError(() => torch.set_deterministic_debug_mode(any('x')), e.debug_mode_str, RangeError);
    expectPyError(() => torch.set_deterministic_debug_mode(any(3)), e.debug_mode_int, RangeError);
    expectPyError(() => torch.set_deterministic_debug_mode(any(1.5)), e.debug_mode_float);
    expectPyError(() => torch.set_float32_matmul_precision(any(1)), e.matmul_precision_int, TypeError);
    expectPyError(() => torch.set_num_interop_threads(0), e.interop_zero, RangeError);
    expectPyError(() => torch.set_num_interop_threads(any('a')), e.interop_str, TypeError);
    expectPyError(() => torch.set_flush_denormal(any(1)), e.flush_denormal_int, TypeError);
    expectPyError(() => torch.set_warn_always(any(1)), e.warn_always_int, TypeError);
    expect(thrown(() => torch.use_deterministic_algorithms(true, any({ warn: true })))!.message).toBe("use_deterministic_algorithms() got an unexpected keyword argument 'warn'");
  });

  it('typename and Tensor.type()', () => {
    const t = fixture.typename;
    expect(torch.typename(torch.zeros(2))).toBe(t.float32);
    expect(torch.typename(torch.zeros(2, { dtype: 'float64' }))).toBe(t.float64);
    expect(torch.typename(torch.zeros(2, { dtype: 'int64' }))).toBe(t.int64);
    expect(torch.typename(torch.zeros(2, { dtype: 'int32' }))).toBe(t.int32);
    expect(torch.typename(torch.zeros(2, { dtype: 'bool' }))).toBe(t.bool);
    expect(torch.typename(new torch.nn.Parameter(torch.zeros(2)))).toBe(t.parameter);
    expect(torch.typename(new torch.nn.Linear(2, 2))).toBe(t.Linear);
    expect(torch.typename(new torch.nn.ReLU())).toBe(t.ReLU);
    expect(torch.typename(new torch.nn.Sequential())).toBe(t.Sequential);
    expect(torch.typename(new torch.nn.LSTM(2, 2))).toBe(t.LSTM);
    expect([3, 1.5, 'a', null, [1], true].map(torch.typename)).toEqual([t.int, t.float, t.str, t.None, t.list, t.bool_value]);
    class Net extends torch.nn.Module {}
    expect(torch.typename(new Net())).toBe('Net'); // PyTorch: '__main__.Net'
    expect(torch.zeros(1).type()).toBe(fixture.tensor_type.float32);
    expect(torch.zeros(1, { dtype: 'int64' }).type()).toBe(fixture.tensor_type.int64);
  });
});

/**
 * Values within `ulp` float32 ULPs (2 for values: quotients by scalars, which ATen may take as products with the
 * reciprocal; 4 for gradients, sums of several such terms accumulated in another order), or a relative 1e-14 for float64.
 */
function expectBits(actual: T, expected: BitsEncoded, what: string, ulp = 2): void {
  expect(actual.shape, what).toEqual(expected.shape);
  expect(actual.dtype, what).toBe(expected.dtype);
  const tol = expected.dtype === 'float64' ? { rtol: 1e-14, atol: 1e-14 } : { ulp };
  expectClose(Array.from(actual.data as ArrayLike<number>), decodeBits(expected), tol, what);
}

const weightedLoss = (outs: T[]) => outs.map((o) => o.mul(torch.arange(o.numel(), { dtype: o.dtype }).add(1).reshape(o.shape)).sum()).reduce((a, b) => a.add(b));

describe.each(BACKENDS)('torch.gradient on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  interface GradCase {
    input: BitsEncoded;
    kw: { spacing?: number | number[]; dim?: number | number[]; edge_order?: number };
    outs: BitsEncoded[];
    grad: BitsEncoded;
    coords?: BitsEncoded[];
    coord_grads?: (BitsEncoded | null)[];
  }
  it.each(Object.entries(fixture.gradient as Record<string, GradCase>))('%s: values and gradients', (name, c) => {
    const x = bitsTensor(c.input).requires_grad_(true);
    const coords = c.coords?.map((e) => (e.dtype.startsWith('float') ? bitsTensor(e).requires_grad_(true) : bitsTensor(e)));
    const outs = torch.gradient(x, coords ? { ...c.kw, spacing: coords } : c.kw);
    expect(outs.length).toBe(c.outs.length);
    outs.forEach((o, k) => expectBits(o, c.outs[k], `${name} out ${k}`));
    weightedLoss(outs).backward();
    expectBits(x.grad!, c.grad, `${name} grad`, 4);
    coords?.forEach((t, k) => {
      const e = c.coord_grads![k];
      if (e) expectBits(t.grad!, e, `${name} coordinate grad ${k}`, 4);
      else expect(t.grad).toBeNull();
    });
  });

  it('integer input, 0-d input, and PyTorch\'s errors', () => {
    const outs = torch.gradient(torch.arange(6).pow(2), { spacing: 2 });
    outs.forEach((o, k) => expectBits(o, fixture.gradient_int_input[k], 'int input'));
    expect(torch.gradient(torch.tensor(1)).length).toBe(fixture.gradient_0d);
    const e = fixture.gradient_errors;
    const x = torch.zeros(3, 4);
    expectPyError(() => torch.gradient(x, { spacing: [1, 2, 3] }), e.spacing_length, RangeError);
    expectPyError(() => torch.gradient(x, { dim: [0], spacing: [1, 2] }), e.spacing_dim_length, RangeError);
    expectPyError(() => torch.gradient(x, { edge_order: 3 }), e.edge_order, RangeError);
    expectPyError(() => torch.gradient(torch.ones(2, 4), { edge_order: 2 }), e.too_short, RangeError);
    expectPyError(() => torch.gradient(x, { spacing: [torch.ones(3, 1)], dim: 0 }), e.coords_2d, RangeError);
    expect(thrown(() => torch.gradient(x, { dim: 2 }))!.message).toBe(`gradient(): ${e.dim_range.message}`);
    expect(thrown(() => torch.gradient(x, { dim: [0, 0] }))!.message).toBe(`gradient(): ${e.dim_repeated.message}`);
    expect(thrown(() => torch.gradient(x, { spacing: [torch.ones(2)], dim: 0 }))).toBeInstanceOf(RangeError); // PyTorch broadcasts into a wrong shape
    expect(thrown(() => torch.gradient(x, { spacng: 1 } as never))!.message).toBe("gradient() got an unexpected keyword argument 'spacng'");
  });
});

describe.each(BACKENDS)('as_strided, apply_ / map_, resize_ on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  interface StridedCase {
    input: BitsEncoded;
    out: BitsEncoded;
    stride: number[];
    offset: number;
    grad: BitsEncoded;
  }
  const MAKE: Record<string, (x: T) => T> = {
    '2x2': (x) => x.as_strided([2, 2], [1, 2]),
    offset: (x) => x.as_strided([2, 2], [1, 2], 1),
    overlapping_windows: (x) => x.as_strided([3, 3], [1, 1]),
    stride0: (x) => x.as_strided({ size: [3, 2], stride: [0, 1], storage_offset: 2 }),
    slice_default_offset: (x) => x.slice(0, 2).as_strided([2], [1]),
    slice_explicit_offset: (x) => x.slice(0, 2).as_strided([2, 2], [2, 1], 0),
    transposed: (x) => x.t().as_strided([3, 2], [1, 3]),
    expanded_input: (x) => x.unsqueeze(0).expand(2, 3).as_strided([2, 2], [1, 1]),
    '0d': (x) => torch.as_strided(x, [], [], 3),
    empty: (x) => x.as_strided([0, 2], [1, 1]),
    float64: (x) => torch.as_strided(x, [2, 3], [3, 1], { storage_offset: 1 }),
  };
  it.each(Object.entries(fixture.as_strided as Record<string, StridedCase>))('as_strided %s: the view and its gradient', (name, c) => {
    const x = bitsTensor(c.input).requires_grad_(true);
    const y = MAKE[name](x);
    expectBits(y, c.out, `${name} out`, 0);
    expect(y.stride()).toEqual(c.stride);
    expect(y.storage_offset()).toBe(c.offset);
    expect(y.grad_fn!.name).toBe('AsStridedBackward0');
    weightedLoss([y]).backward();
    expectBits(x.grad!, c.grad, `${name} grad`, 0);
  });

  it('as_strided is a view on the same storage', () => {
    const x = torch.arange(6, { dtype: 'float32' });
    const y = x.as_strided([2, 2], [1, 2]);
    y.fill_(-1);
    expect(Array.from(x.data)).toEqual([-1, -1, -1, -1, 4, 5]);
    const e = fixture.as_strided_errors;
    expectPyError(() => x.as_strided([2, 2], [1, -2]), e.negative_stride, RangeError);
    expectPyError(() => x.as_strided([2, 2], [1]), e.length, RangeError);
    expectPyError(() => x.as_strided([3, 3], [1, 2]), e.bounds, RangeError);
    expectPyError(() => torch.arange(6).as_strided([4], [2]), e.bounds_int64, RangeError);
    expectPyError(() => x.as_strided([2], [1], -1), e.offset, RangeError);
    expect(thrown(() => x.as_strided(2 as never, [1]))!.message).toBe("as_strided(): argument 'size' (position 2) must be tuple of ints, not int");
  });

  it('apply_ and map_ write callbacks\' results in place', () => {
    const cb = fixture.callbacks;
    const ramp23 = () => torch.arange(6, { dtype: 'float32' }).mul(0.5).sub(1).reshape(2, 3);
    let t = ramp23();
    expect(t.apply_((v) => v * v - 1)).toBe(t);
    expectBits(t, cb.apply_, 'apply_', 0);
    t = torch.arange(6);
    t.apply_((v) => v * 1.7);
    expectBits(t, cb.apply_int, 'apply_ int64', 0);
    t = ramp23();
    t.t().apply_((v) => v + 10); // through a view
    expectBits(t, cb.apply_view, 'apply_ view', 0);
    t = ramp23();
    t.map_(torch.arange(3, { dtype: 'float32' }).mul(0.5).sub(1).mul(3), (a, b) => a * b + 1);
    expectBits(t, cb.map_, 'map_', 0);
    const e = cb.errors;
    const g = () => torch.ones(2, { requires_grad: true });
    expectPyError(() => g().apply_((v) => v), e.apply_grad);
    expectPyError(() => g().map_(torch.ones(2), (a) => a), e.map_grad);
    expectPyError(() => torch.ones(2).map_(torch.ones(3), (a) => a), e.map_shape, RangeError);
    expectPyError(() => torch.ones(2).map_(torch.ones(2, { dtype: 'int64' }), (a) => a), e.map_dtype);
    expectPyError(() => torch.ones(2).apply_((() => 'a') as never), e.apply_str);
    expectPyError(() => torch.ones(2).apply_(3 as never), e.apply_int);
  });

  it('resize_ and resize_as_ keep the first elements (new ones zeros here, uninitialized in PyTorch)', () => {
    const r = fixture.resize;
    let t = torch.arange(6, { dtype: 'float32' });
    expect(t.resize_(2, 2)).toBe(t);
    expectBits(t, r.shrink.out, 'shrink', 0);
    expect(t.stride()).toEqual(r.shrink.stride);
    t = torch.arange(6, { dtype: 'float32' }).resize_([3, 1]);
    expectBits(t, r.list.out, 'list', 0);
    expect(t.stride()).toEqual(r.list.stride);
    t = torch.arange(4, { dtype: 'float32' }).resize_(2, 3);
    expect([t.shape, t.stride()]).toEqual([r.grow_first.shape, r.grow_first.stride]);
    expectBits(t.reshape(-1).slice(0, 0, 4), r.grow_first.out, 'grow', 0);
    expect(Array.from(t.data).slice(4)).toEqual([0, 0]);
    expect(torch.ones(2, 3).t().resize_(3, 2).stride()).toEqual(r.same_shape_keeps_strides.stride);
    t = torch.arange(6, { dtype: 'float32' }).reshape(2, 3).t().resize_(6);
    expectBits(t, r.transposed_flat.out, 'transposed', 0);
    const base = torch.arange(6, { dtype: 'float32' });
    const v = base.slice(0, 1).resize_(2, 2); // within the storage: still a view of base
    expectBits(v, r.view_within.out, 'view within', 0);
    expect([v.storage_offset(), v.stride()]).toEqual([r.view_within.offset, r.view_within.stride]);
    v.fill_(7);
    expect(Array.from(base.data)).toEqual([0, 7, 7, 7, 7, 5]);
    expectBits(torch.arange(6, { dtype: 'float32' }).resize_as_(torch.ones(2, 2)), r.resize_as_.out, 'resize_as_', 0);
    // growing a view past its storage: refused (PyTorch grows the shared storage)
    expect(thrown(() => torch.ones(4).slice(0, 1).resize_(5))!.message).toBe('Trying to resize storage that is not resizable');
    const e = r.errors;
    expectPyError(() => torch.ones(2, { requires_grad: true }).resize_(3), e.grad);
    expectPyError(() => torch.ones(2, { requires_grad: true }).resize_(2), e.grad_same);
    expectPyError(() => torch.ones(2, { requires_grad: true }).resize_as_(torch.ones(3)), e.grad_as);
  });
});
