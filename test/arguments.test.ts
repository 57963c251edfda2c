// Python's argument checks (lib/args.ts): JS drops extra arguments and unknown keys of an options object
// silently, so without them `x.sum({ dim: 1, keepdm: true })` returned the wrong shape and
// `torch.zeros(2, { dtyp: 'int64' })` the wrong dtype. PyTorch raises a TypeError for each; so does torchlet,
// in Python's words, and it accepts the keyword forms PyTorch accepts (options objects, NumPy's axis/keepdims).
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const { nn } = torch;
const F = nn.functional;
type T = torch.Tensor;
const x23 = () => torch.tensor([[-2, -0.5, 0], [0.5, 1, 3]]);
const bogus = { bogus: 1 } as never;

describe.each(BACKENDS)('argument checks on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // [call, the message PyTorch gives for the same call]
  const unexpectedKeyword: [string, () => unknown, string][] = [
    ['torch.relu(x, { out })', () => torch.relu(x23(), { out: torch.empty(2, 3) } as never), "relu() got an unexpected keyword argument 'out'"],
    ['torch.sigmoid(x, { outt })', () => torch.sigmoid(x23(), { outt: 1 } as never), "sigmoid() got an unexpected keyword argument 'outt'"],
    ['torch.tanh', () => torch.tanh(x23(), bogus), "tanh() got an unexpected keyword argument 'bogus'"],
    ['torch.exp', () => torch.exp(x23(), bogus), "exp() got an unexpected keyword argument 'bogus'"],
    ['torch.softmax(x, 1, { dtyp })', () => torch.softmax(x23(), 1, { dtyp: 'float64' } as never), "softmax() got an unexpected keyword argument 'dtyp'"],
    ['torch.softmax(x, { dim, foo })', () => torch.softmax(x23(), { dim: 1, foo: 1 } as never), "softmax() got an unexpected keyword argument 'foo'"],
    ['torch.log_softmax', () => torch.log_softmax(x23(), 1, bogus), "log_softmax() got an unexpected keyword argument 'bogus'"],
    ['F.relu(x, { inplace, foo })', () => F.relu(x23(), { inplace: false, foo: 1 } as never), "relu() got an unexpected keyword argument 'foo'"],
    ['F.relu6', () => F.relu6(x23(), bogus), "relu6() got an unexpected keyword argument 'bogus'"],
    ['F.leaky_relu(x, { negative_slop })', () => F.leaky_relu(x23(), { negative_slop: 0.2 } as never), "leaky_relu() got an unexpected keyword argument 'negative_slop'"],
    ['F.softmax(x, 1, { dtyp })', () => F.softmax(x23(), 1, { dtyp: 'float64' } as never), "softmax() got an unexpected keyword argument 'dtyp'"],
    ['F.hardtanh', () => F.hardtanh(x23(), { min: -1 } as never), "hardtanh() got an unexpected keyword argument 'min'"],
    ['F.elu', () => F.elu(x23(), bogus), "elu() got an unexpected keyword argument 'bogus'"],
    ['F.gelu', () => F.gelu(x23(), { approx: 'tanh' } as never), "gelu() got an unexpected keyword argument 'approx'"],
    ['F.softplus', () => F.softplus(x23(), { betta: 2 } as never), "softplus() got an unexpected keyword argument 'betta'"],
    ['F.dropout', () => F.dropout(x23(), { prob: 0.5 } as never), "dropout() got an unexpected keyword argument 'prob'"],
    ['x.sum({ dim, keepdm })', () => x23().sum({ dim: 1, keepdm: true } as never), "sum() got an unexpected keyword argument 'keepdm'"],
    ['x.sum(1, true, { foo })', () => x23().sum(1, true, bogus), "sum() got an unexpected keyword argument 'bogus'"],
    ['torch.mean(x, { dims })', () => torch.mean(x23(), { dims: 1 } as never), "mean() got an unexpected keyword argument 'dims'"],
    ['x.max(1, { keepdm })', () => x23().max(1, { keepdm: true } as never), "max() got an unexpected keyword argument 'keepdm'"],
    ['x.argmax({ dtype }) (argmax takes no dtype)', () => x23().argmax({ dtype: 'float32' } as never), "argmax() got an unexpected keyword argument 'dtype'"],
    ['x.var({ unbaised })', () => x23().var({ unbaised: false } as never), "var() got an unexpected keyword argument 'unbaised'"],
    ['x.norm({ ord })', () => x23().norm({ ord: 1 } as never), "norm() got an unexpected keyword argument 'ord'"],
    ['torch.zeros([2], { dtyp })', () => torch.zeros([2], { dtyp: 'int64' } as never), "zeros() got an unexpected keyword argument 'dtyp'"],
    ['torch.randn(2, 3, { requires_gard })', () => torch.randn(2, 3, { requires_gard: true } as never), "randn() got an unexpected keyword argument 'requires_gard'"],
    ['torch.tensor(data, { dtpye })', () => torch.tensor([1, 2], { dtpye: 'int64' } as never), "tensor() got an unexpected keyword argument 'dtpye'"],
    ['torch.ones_like', () => torch.ones_like(x23(), bogus), "ones_like() got an unexpected keyword argument 'bogus'"],
    ['torch.eye', () => torch.eye(2, bogus), "eye() got an unexpected keyword argument 'bogus'"],
    ['torch.arange', () => torch.arange(3, bogus), "arange() got an unexpected keyword argument 'bogus'"],
    ['torch.matmul(a, b, { outt })', () => torch.matmul(x23(), x23().t(), { outt: 1 } as never), "matmul() got an unexpected keyword argument 'outt'"],
    ['torch.add(a, b, { alph })', () => torch.add(x23(), x23(), { alph: 2 } as never), "add() got an unexpected keyword argument 'alph'"],
    ['torch.clamp(x, { mn })', () => torch.clamp(x23(), { mn: 0 } as never), "clamp() got an unexpected keyword argument 'mn'"],
    ['torch.cat(list, { axis_ })', () => torch.cat([x23()], { axis_: 0 } as never), "cat() got an unexpected keyword argument 'axis_'"],
    ['nn.init.normal_(w, { sd })', () => nn.init.normal_(torch.empty(2, 2), { sd: 1 } as never), "normal_() got an unexpected keyword argument 'sd'"],
    ['nn.init.kaiming_uniform_(w, { mod })', () => nn.init.kaiming_uniform_(torch.empty(2, 2), { mod: 'fan_out' } as never), "kaiming_uniform_() got an unexpected keyword argument 'mod'"],
    ['torch.div(a, b, { rounding_mod })', () => torch.div(x23(), 2, { rounding_mod: 'floor' } as never), "div() got an unexpected keyword argument 'rounding_mod'"],
    ['x.round({ digits })', () => x23().round({ digits: 1 } as never), "round() got an unexpected keyword argument 'digits'"],
    ['torch.mul(a, b, { out })', () => torch.mul(x23(), x23(), { out: x23() } as never), "mul() got an unexpected keyword argument 'out'"],
    ['new nn.Softmax({ dimm })', () => new nn.Softmax({ dimm: 1 } as never), "Softmax.__init__() got an unexpected keyword argument 'dimm'"],
    ['x.flatten({ start })', () => x23().flatten({ start: 1 } as never), "flatten() got an unexpected keyword argument 'start'"],
    ['torch.flatten(x, { startdim })', () => torch.flatten(x23(), { startdim: 1 } as never), "flatten() got an unexpected keyword argument 'startdim'"],
    ['x.chunk(2, { axis })', () => x23().chunk(2, { axis: 1 } as never), "chunk() got an unexpected keyword argument 'axis'"],
    ['x.squeeze({ dims })', () => x23().squeeze({ dims: 0 } as never), "squeeze() got an unexpected keyword argument 'dims'"],
    ['x.size({ d })', () => x23().size({ d: 1 } as never), "size() got an unexpected keyword argument 'd'"],
  ];
  it.each(unexpectedKeyword)('%s: TypeError', (_label, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  // Counting the arguments the JS caller wrote (PyTorch counts self in methods and constructors).
  const tooMany: [string, () => unknown, string][] = [
    ['torch.relu(x, 5)', () => (torch.relu as (...a: unknown[]) => T)(x23(), 5), 'relu() takes 1 positional argument but 2 were given'],
    ['torch.sigmoid(x, 5)', () => (torch.sigmoid as (...a: unknown[]) => T)(x23(), 5), 'sigmoid() takes 1 positional argument but 2 were given'],
    ['torch.threshold(x, 0.1, 20, 3)', () => (torch.threshold as (...a: unknown[]) => T)(x23(), 0.1, 20, 3), 'threshold() takes 3 positional arguments but 4 were given'],
    ['torch.heaviside(x, v, 3)', () => (torch.heaviside as (...a: unknown[]) => T)(x23(), x23(), 3), 'heaviside() takes 2 positional arguments but 3 were given'],
    ['torch.relu_(x, 1)', () => (torch.relu_ as (...a: unknown[]) => T)(x23(), 1), 'relu_() takes 1 positional argument but 2 were given'],
    ['F.relu(x, true, 3)', () => (F.relu as (...a: unknown[]) => T)(x23(), true, 3), 'relu() takes 2 positional arguments but 3 were given'],
    ['F.leaky_relu(x, 0.2, false, 1)', () => (F.leaky_relu as (...a: unknown[]) => T)(x23(), 0.2, false, 1), 'leaky_relu() takes 3 positional arguments but 4 were given'],
    ['F.sigmoid(x, 1)', () => (F.sigmoid as (...a: unknown[]) => T)(x23(), 1), 'sigmoid() takes 1 positional argument but 2 were given'],
    ['F.tanh(x, 1)', () => (F.tanh as (...a: unknown[]) => T)(x23(), 1), 'tanh() takes 1 positional argument but 2 were given'],
    ['x.relu(1)', () => (x23().relu as (...a: unknown[]) => T).call(x23(), 1), 'relu() takes no positional arguments but 1 was given'],
    ['x.exp({ out }) (Tensor.exp takes none)', () => (x23().exp as (...a: unknown[]) => T).call(x23(), { out: x23() }), "exp() got an unexpected keyword argument 'out'"],
    ['x.sigmoid_(1)', () => { const x = x23(); return (x.sigmoid_ as (...a: unknown[]) => T).call(x, 1); }, 'sigmoid_() takes no positional arguments but 1 was given'],
    ['x.sum(1, true, 5)', () => (x23().sum as (...a: unknown[]) => T).call(x23(), 1, true, 5), 'sum() takes 3 positional arguments but 4 were given'],
    ['torch.matmul(a, b, c)', () => (torch.matmul as (...a: unknown[]) => T)(x23(), x23().t(), x23()), 'matmul() takes 2 positional arguments but 3 were given'],
    ['nn.init.zeros_(w, 1)', () => (nn.init.zeros_ as (...a: unknown[]) => T)(torch.empty(2), 1), 'zeros_() takes 1 positional argument but 2 were given'],
    ['new nn.ReLU(true, 1)', () => new (nn.ReLU as new (...a: unknown[]) => unknown)(true, 1), 'ReLU.__init__() takes 1 positional argument but 2 were given'],
    ['new nn.Sigmoid(1)', () => new (nn.Sigmoid as new (...a: unknown[]) => unknown)(1), 'Sigmoid.__init__() takes no positional arguments but 1 was given'],
    ['new nn.Tanh(1)', () => new (nn.Tanh as new (...a: unknown[]) => unknown)(1), 'Tanh.__init__() takes no positional arguments but 1 was given'],
    ['new nn.Softmax(1, 2)', () => new (nn.Softmax as new (...a: unknown[]) => unknown)(1, 2), 'Softmax.__init__() takes 1 positional argument but 2 were given'],
    ['torch.eq(a, b, c)', () => (torch.eq as (...a: unknown[]) => T)(x23(), x23(), x23()), 'eq() takes 2 positional arguments but 3 were given'],
    ['nn.ReLU()(x, y)', () => new nn.ReLU()(x23(), x23()), 'ReLU.forward() takes 1 positional argument but 2 were given'],
    ['nn.Softmax(1)(x, 2)', () => new nn.Softmax(1)(x23(), 2), 'Softmax.forward() takes 1 positional argument but 2 were given'],
    ['nn.Linear(3, 2)(x, y)', () => new nn.Linear(3, 2)(x23(), x23()), 'Linear.forward() takes 1 positional argument but 2 were given'],
    ['new nn.LeakyReLU(0.1, false, 1)', () => new (nn.LeakyReLU as new (...a: unknown[]) => unknown)(0.1, false, 1), 'LeakyReLU.__init__() takes 2 positional arguments but 3 were given'],
    ['x.dim(1)', () => (x23().dim as (...a: unknown[]) => number).call(x23(), 1), 'dim() takes no positional arguments but 1 was given'],
    ['x.numel(0)', () => (x23().numel as (...a: unknown[]) => number).call(x23(), 0), 'numel() takes no positional arguments but 1 was given'],
    ['x.float(1)', () => (x23().float as (...a: unknown[]) => T).call(x23(), 1), 'float() takes no positional arguments but 1 was given'],
    ['x.detach(true)', () => (x23().detach as (...a: unknown[]) => T).call(x23(), true), 'detach() takes no positional arguments but 1 was given'],
    ['x.clone({ memory_format }) (not supported)', () => (x23().clone as (...a: unknown[]) => T).call(x23(), { memory_format: 1 }), "clone() got an unexpected keyword argument 'memory_format'"],
    ['x.item(0)', () => (torch.tensor([1]).item as (...a: unknown[]) => number).call(torch.tensor([1]), 0), 'item() takes no positional arguments but 1 was given'],
    ['x.size(1, 2)', () => (x23().size as (...a: unknown[]) => number).call(x23(), 1, 2), 'size() takes 1 positional argument but 2 were given'],
    ['x.flatten(0, 1, 2) (counting self, as Python does)', () => (x23().flatten as (...a: unknown[]) => T).call(x23(), 0, 1, 2), 'flatten() takes 3 positional arguments but 4 were given'],
    ['x.transpose(0, 1, 1)', () => (x23().transpose as (...a: unknown[]) => T).call(x23(), 0, 1, 1), 'transpose() takes 3 positional arguments but 4 were given'],
    ['x.transpose(0, 1, { dim0 })', () => x23().transpose(0, 1, { dim0: 1 } as never), "transpose() got multiple values for argument 'dim0'"],
    ['torch.chunk(x, 2, 1, 0)', () => (torch.chunk as (...a: unknown[]) => T)(x23(), 2, 1, 0), 'chunk() takes 3 positional arguments but 4 were given'],
  ];
  it.each(tooMany)('%s: TypeError', (_label, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it("div's rounding_mode: 'trunc' and 'floor' (values in test/fixtures.test.ts), anything else refused in PyTorch's words", () => {
    const x = x23();
    expect(torch.div(x, 2, { rounding_mode: 'floor' }).tolist()).toEqual([[-1, -1, 0], [0, 0, 1]]);
    expect(x.div(2, { rounding_mode: 'trunc' }).tolist()).toEqual([[-1, -0, 0], [0, 0, 1]]);
    expect(torch.div(x, 2, { rounding_mode: null }).tolist()).toEqual([[-1, -0.25, 0], [0.25, 0.5, 1.5]]);
    expect(() => torch.div(x, 2, { rounding_mode: 'round' } as never)).toThrow("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'round'");
    const ints = torch.tensor([7, -7], { dtype: 'int64' });
    expect(torch.div(ints, 2, { rounding_mode: 'floor' }).dtype).toBe('int64');
    expect(() => torch.div(ints, torch.tensor([1, 0], { dtype: 'int64' }), { rounding_mode: 'trunc' })).toThrow('ZeroDivisionError');
    expect(() => torch.floor(torch.tensor([true]))).toThrow(TypeError);
    expect(() => torch.round(ints, { decimals: 1 })).toThrow(`"round_cpu" not implemented for 'Long'`);
    const w = torch.tensor([1.5, -2.5], { requires_grad: true });
    torch.floor(w).add(torch.round(w, { decimals: 1 })).add(torch.div(w, 2, { rounding_mode: 'floor' })).sum().backward();
    expect(w.grad!.tolist()).toEqual([0, 0]); // piecewise constant, as PyTorch's FloorBackward0 / DivBackward2
  });

  it('a wrong softmax dtype argument is named, not ignored', () => {
    expect(() => torch.softmax(x23(), 1, 2 as never)).toThrow("softmax(): argument 'dtype' (position 3) must be torch.dtype, not int");
  });

  it("NumPy's axis and keepdims, which PyTorch accepts, are honored", () => {
    const x = x23();
    expect(x.sum({ dim: 1, keepdims: true }).shape).toEqual([2, 1]);
    expect(x.sum({ axis: 1 }).tolist()).toEqual([-2.5, 4.5]);
    expect(torch.mean(x, 0, { keepdims: true } as never).shape).toEqual([1, 3]);
    expect(x.amax({ axis: 0, keepdims: true }).tolist()).toEqual([[0.5, 1, 3]]);
    expect(x.argmax({ axis: 1 }).tolist()).toEqual([2, 2]);
    expect(x.var({ axis: 1, keepdims: true }).shape).toEqual([2, 1]);
  });

  it("device: 'cpu' is accepted (PyTorch code passes it); other devices are refused", () => {
    expect(torch.zeros([2], { device: 'cpu' }).tolist()).toEqual([0, 0]);
    expect(torch.randn(2, 3, { device: 'cpu', dtype: 'float64' }).dtype).toBe('float64');
    expect(() => torch.ones([2], { device: 'cuda' } as never)).toThrow(TypeError);
    expect(() => torch.ones([2], { device: 'cuda' } as never)).toThrow("ones(): torchlet computes on the CPU only; device must be 'cpu', got 'cuda'");
  });

  it("PyTorch's device idiom ports: torch.cuda.is_available() is false, .to(device) and .cpu() on tensors and modules", () => {
    const device = torch.cuda.is_available() ? torch.device('cuda') : torch.device('cpu');
    expect(String(device)).toBe('cpu');
    expect(torch.cuda.device_count()).toBe(0);
    const x = x23();
    const model = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU());
    expect(model.to(device)).toBe(model);
    expect(model.cpu()).toBe(model);
    expect(x.to(device)).toBe(x); // nothing changes: PyTorch returns self too
    expect(x.to('cpu')).toBe(x);
    expect(x.cpu()).toBe(x);
    const copy = x.to({ copy: true });
    expect(copy).not.toBe(x);
    expect(copy.equal(x)).toBe(true);
    expect(x.to('cpu', 'float64').dtype).toBe('float64');
    expect(x.to('float64', undefined).dtype).toBe('float64'); // an omitted argument changes nothing
    expect(x.to({ device, dtype: 'int64', non_blocking: true }).tolist()).toEqual([[-2, 0, 0], [0, 1, 3]]);
    expect(x.to(torch.zeros([1], { dtype: 'float64', device })).dtype).toBe('float64');
    expect(torch.device('cuda:1').index).toBe(1);
    expect(() => x.to('cuda')).toThrow("to(): torchlet computes on the CPU only; device must be 'cpu', got 'cuda'");
    expect(() => x.to(torch.device('cuda', 0))).toThrow("got 'cuda:0'");
    expect(() => model.to('mps')).toThrow(TypeError);
    expect(() => model.to('int64')).toThrow(new TypeError('nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64'));
    expect(() => model.to('complex64')).toThrow(TypeError);
    expect(() => x.to({ dtyp: 'int64' } as never)).toThrow("to() got an unexpected keyword argument 'dtyp'");
    expect(() => x.to('cpu', 'float64', 'int64' as never)).toThrow('to() takes 2 positional arguments but 3 were given');
    expect(() => torch.device('gpu!')).toThrow(RangeError);
    expect(() => torch.device('x')).toThrow(RangeError);
    expect(() => torch.device(0 as never)).toThrow("device(): argument 'type' (position 1) must be str, not int");
  });

  it("the shape ops' keyword forms work, as options objects (x.flatten(start_dim=1), x.chunk(2, dim=1), ...)", () => {
    const x = torch.arange(24).reshape(2, 3, 4);
    expect(x.flatten({ start_dim: 1 }).shape).toEqual([2, 12]);
    expect(torch.flatten(x, { start_dim: 1 }).equal(torch.flatten(x, 1))).toBe(true);
    expect(x.flatten(0, { end_dim: 1 }).shape).toEqual([6, 4]);
    expect(x.transpose({ dim0: 0, dim1: 2 }).equal(x.transpose(0, 2))).toBe(true);
    expect(x.transpose(0, { dim1: 1 }).shape).toEqual([3, 2, 4]);
    expect(x.unsqueeze({ dim: 1 }).shape).toEqual([2, 1, 3, 4]);
    expect(x.unsqueeze(0).squeeze({ dim: 0 }).shape).toEqual([2, 3, 4]);
    const halves = x.chunk(2, { dim: 2 });
    expect(halves.map((h) => h.shape)).toEqual([[2, 3, 2], [2, 3, 2]]);
    expect(halves[1].tolist()[0][0]).toEqual([2, 3]);
    expect(torch.chunk(x, { chunks: 3, dim: 1 }).map((c) => c.tolist())).toEqual(x.chunk(3, 1).map((c) => c.tolist()));
    expect(x.split(1, { dim: 1 }).map((c) => c.shape)).toEqual([[2, 1, 4], [2, 1, 4], [2, 1, 4]]);
    expect(torch.split(x, [1, 3], { dim: 2 })[1].tolist()[1][2]).toEqual([21, 22, 23]);
    expect(x.narrow(2, { start: 1, length: 2 }).tolist()[0][0]).toEqual([1, 2]);
    expect(x.select({ dim: 1, index: 2 }).tolist()).toEqual([[8, 9, 10, 11], [20, 21, 22, 23]]);
    expect(x.size({ dim: 1 })).toBe(3);
    expect(x.stride({ dim: 0 })).toBe(12);
    expect(x.size()).toEqual([2, 3, 4]);
    expect(() => (x.split as () => T[])()).toThrow("split() missing 1 required positional argument: 'split_size'");
  });

  it('the keyword forms PyTorch accepts work, as options objects', () => {
    const x = x23();
    expect(F.hardtanh(x, { min_val: -0.5, max_val: 0.5 }).tolist()).toEqual([[-0.5, -0.5, 0], [0.5, 0.5, 0.5]]);
    expect(F.threshold(x, { threshold: 0, value: 7 }).tolist()).toEqual([[7, 7, 7], [0.5, 1, 3]]);
    expect(torch.threshold(x, { threshold: 0.5, value: -1 }).tolist()).toEqual([[-1, -1, -1], [-1, 1, 3]]);
    expect(F.elu(x, { alpha: 2 }).equal(F.elu(x, 2))).toBe(true);
    expect(F.elu(x, { alpha: 2 }).equal(F.elu(x))).toBe(false);
    expect(F.celu(x, { alpha: 3 }).equal(F.celu(x, 3))).toBe(true);
    expect(F.softplus(x, { beta: 1, threshold: 0.75 }).tolist()[1]).toEqual([Math.fround(Math.log1p(Math.exp(0.5))), 1, 3]);
    expect(F.dropout(x, { p: 0.5, training: false }).equal(x)).toBe(true);
    expect(F.leaky_relu(x, 0.5, { inplace: false }).tolist()).toEqual([[-1, -0.25, 0], [0.5, 1, 3]]);
    expect(torch.softmax(x, 1, 'float64').dtype).toBe('float64');
    expect(x.softmax(1, { dtype: 'float64' }).dtype).toBe('float64');
    expect(x.log_softmax(1, 'float64').dtype).toBe('float64');
    const w = torch.empty(4, 3);
    nn.init.uniform_(w, { a: -2, b: -1 });
    expect(w.max().item()).toBeLessThanOrEqual(-1);
    expect(w.min().item()).toBeGreaterThanOrEqual(-2);
    nn.init.normal_(w, { mean: 5, std: 0 });
    expect(w.tolist()).toEqual(Array.from({ length: 4 }, () => [5, 5, 5]));
    nn.init.constant_(w, { val: 3 });
    expect(w.sum().item()).toBe(36);
    // fan_out = 4 rows, relu gain sqrt(2): bound sqrt(3) * sqrt(2) / 2
    nn.init.kaiming_uniform_(w, { mode: 'fan_out', nonlinearity: 'relu' });
    expect(w.abs().max().item()).toBeLessThanOrEqual(Math.sqrt(6) / 2);
    expect(w.abs().max().item()).toBeGreaterThan(Math.sqrt(6) / 2 / 4);
    expect(() => nn.init.kaiming_normal_(w, 0, 'fan_inn' as never)).toThrow(RangeError);
  });

  it('a plain object where a tensor is required stays a wrong argument, not options', () => {
    expect(() => torch.add(x23(), { alpha: 2 } as never)).toThrow("add(): argument 'other' (position 2) must be Tensor or Number, not Object");
    expect(() => F.linear(x23(), {} as never)).toThrow("linear(): argument 'weight' (position 2) must be Tensor, not Object");
  });
});
