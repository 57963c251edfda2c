// Every differentiable op's backward against finite differences (float64 gradcheck), autograd semantics,
// and native-vs-JS parity of the float32 backward kernels.
import { describe, it, expect } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, PARITY, useBackend, expectClose } from './helpers';
import { binaryKernel } from '../lib/ops/elementwise';

const F = torch.nn.functional;
type T = torch.Tensor;

/** float64 leaf with values away from the ops' kinks (|x| in [0.2, 1.7], sign alternating by seed). */
function input(...shape: number[]): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, (_, i) => (0.2 + ((i * 0.37) % 1.5)) * (i % 3 === 1 ? -1 : 1));
  return torch.tensor(vals, { dtype: 'float64' }).reshape(shape).requires_grad_();
}
const positive = (...shape: number[]) => torch.no_grad(() => input(...shape).abs()).requires_grad_();

const gradcheckCases: [string, () => [(...xs: T[]) => T, T[]]][] = [
  ['neg', () => [(x) => x.neg(), [input(2, 3)]]],
  ['abs', () => [(x) => x.abs(), [input(2, 3)]]],
  ['exp', () => [(x) => x.exp(), [input(2, 3)]]],
  ['log', () => [(x) => x.log(), [positive(2, 3)]]],
  ['sqrt', () => [(x) => x.sqrt(), [positive(2, 3)]]],
  ['relu', () => [(x) => torch.relu(x), [input(2, 3)]]],
  ['relu6 (kinks at 0 and 6)', () => [(x) => F.relu6(x.mul(5)), [input(3, 3)]]],
  ['leaky_relu', () => [(x) => F.leaky_relu(x, 0.2), [input(2, 3)]]],
  ['threshold', () => [(x) => F.threshold(x, 0.5, -2), [input(2, 3)]]],
  ['sigmoid', () => [(x) => torch.sigmoid(x), [input(2, 3)]]],
  ['tanh', () => [(x) => torch.tanh(x), [input(2, 3)]]],
  ['clamp', () => [(x) => x.clamp(-0.5, 0.9), [input(3, 3)]]],
  ['add broadcast', () => [(a, b) => a.add(b, { alpha: 2 }), [input(2, 3), input(3)]]],
  ['sub broadcast', () => [(a, b) => a.sub(b), [input(2, 1), input(1, 3)]]],
  ['mul broadcast', () => [(a, b) => a.mul(b), [input(2, 3), input(2, 1)]]],
  ['div broadcast', () => [(a, b) => a.div(b), [input(2, 3), positive(3)]]],
  ['pow tensor', () => [(a, b) => a.pow(b), [positive(2, 3), input(2, 3)]]],
  ['pow scalar', () => [(a) => a.pow(3), [input(2, 3)]]],
  ['maximum', () => [(a, b) => torch.maximum(a, b), [input(2, 3), input(3).mul(0.5).detach().requires_grad_()]]],
  ['minimum', () => [(a, b) => torch.minimum(a, b), [input(2, 3), input(1, 3).mul(0.7).detach().requires_grad_()]]],
  ['where', () => [(a, b) => torch.where(a.gt(0), a, b), [input(2, 3), input(2, 3)]]],
  ['masked_fill', () => [(a) => a.masked_fill(a.lt(0), 2), [input(2, 3)]]],
  ['sum all', () => [(x) => x.sum(), [input(2, 3)]]],
  ['sum dims keepdim', () => [(x) => x.sum([0, 2], true), [input(2, 3, 2)]]],
  ['mean dim', () => [(x) => x.mean(-1), [input(2, 3)]]],
  ['prod with a zero', () => [(x) => x.mul(torch.tensor([1, 0, 1], { dtype: 'float64' })).prod(1), [input(2, 3)]]],
  ['prod all', () => [(x) => x.prod(), [input(2, 3)]]],
  ['max dim', () => [(x) => x.max(1).values, [input(3, 4)]]],
  ['min dim keepdim', () => [(x) => x.min(0, true).values, [input(3, 4)]]],
  ['max all', () => [(x) => x.max(), [input(3, 4)]]],
  ['amax dims', () => [(x) => x.amax([0, 1]), [input(2, 3, 2)]]],
  ['var', () => [(x) => x.var(1), [input(3, 4)]]],
  ['std unbiased=false', () => [(x) => x.std({ dim: 0, unbiased: false }), [input(3, 4)]]],
  ['softmax dim 1', () => [(x) => torch.softmax(x, 1), [input(2, 3, 4)]]],
  ['softmax dim -1', () => [(x) => F.softmax(x, -1), [input(3, 4)]]],
  ['log_softmax dim 0', () => [(x) => torch.log_softmax(x, 0), [input(3, 4)]]],
  ['matmul 2-D', () => [(a, b) => a.matmul(b), [input(3, 4), input(4, 2)]]],
  ['matmul transposed operands', () => [(a, b) => a.t().matmul(b.t()), [input(4, 3), input(2, 4)]]],
  ['matmul 1-D @ 1-D', () => [(a, b) => a.matmul(b), [input(4), input(4)]]],
  ['matmul 1-D @ 2-D', () => [(a, b) => a.matmul(b), [input(4), input(4, 2)]]],
  ['matmul 2-D @ 1-D', () => [(a, b) => a.matmul(b), [input(3, 4), input(4)]]],
  ['matmul broadcast batch', () => [(a, b) => a.matmul(b), [input(2, 1, 3, 4), input(5, 4, 2)]]],
  ['bmm', () => [(a, b) => torch.bmm(a, b), [input(2, 3, 4), input(2, 4, 2)]]],
  ['reshape/view', () => [(x) => x.reshape(3, 2).view(6), [input(2, 3)]]],
  ['transpose/permute', () => [(x) => x.transpose(0, 2).permute(1, 0, 2).mul(torch.arange(1, 3, { dtype: 'float64' })), [input(2, 3, 2)]]],
  ['narrow/select/slice/index', () => [(x) => x.narrow(1, 1, 2).select(0, 1).add(x.slice(1, null, null, 2).index(0, '1:').sum()), [input(2, 4)]]],
  ['expand', () => [(x) => x.expand(4, 3).mul(torch.arange(12, { dtype: 'float64' }).reshape(4, 3)), [input(1, 3)]]],
  ['squeeze/unsqueeze/flatten', () => [(x) => x.unsqueeze(1).squeeze(1).flatten(), [input(2, 3)]]],
  ['cat', () => [(a, b) => torch.cat([a, b], 1), [input(2, 3), input(2, 2)]]],
  ['stack', () => [(a, b) => torch.stack([a, b], -1), [input(2, 3), input(2, 3)]]],
  ['clone/contiguous', () => [(x) => x.t().contiguous().clone(), [input(2, 3)]]],
  ['log1p', () => [(x) => x.log1p(), [positive(2, 3)]]],
  ['expm1', () => [(x) => x.expm1(), [input(2, 3)]]],
  ['erf', () => [(x) => x.erf(), [input(2, 3)]]],
  ['F.gelu', () => [(x) => F.gelu(x), [input(2, 3)]]],
  ['F.gelu tanh', () => [(x) => F.gelu(x, 'tanh'), [input(2, 3)]]],
  ['F.silu', () => [(x) => F.silu(x), [input(2, 3)]]],
  ['F.elu', () => [(x) => F.elu(x, 0.7), [input(2, 3)]]],
  ['torch.selu', () => [(x) => torch.selu(x), [input(2, 3)]]],
  ['torch.celu', () => [(x) => torch.celu(x, 2), [input(2, 3)]]],
  ['F.softplus', () => [(x) => F.softplus(x, 2, 1), [input(2, 3)]]],
  ['F.mish', () => [(x) => F.mish(x), [input(2, 3)]]],
  ['F.hardtanh', () => [(x) => F.hardtanh(x, -0.5, 0.9), [input(2, 3)]]],
  ['F.hardsigmoid', () => [(x) => F.hardsigmoid(x.mul(3)), [input(2, 3)]]],
  ['F.hardswish', () => [(x) => F.hardswish(x.mul(3)), [input(2, 3)]]],
  ['torch.prelu (weight too)', () => [(x, w) => torch.prelu(x, w), [input(2, 3, 2), input(3)]]],
  ['F.softsign', () => [(x) => F.softsign(x), [input(2, 3)]]],
  ['F.logsigmoid', () => [(x) => F.logsigmoid(x), [input(2, 3)]]],
  ['F.tanhshrink', () => [(x) => F.tanhshrink(x), [input(2, 3)]]],
  ['F.softmin', () => [(x) => F.softmin(x, 1), [input(2, 3)]]],
  ['F.linear', () => [(x, w, b) => F.linear(x, w, b), [input(4, 3), input(2, 3), input(2)]]],
  ['norm 2 over a dim', () => [(x) => x.norm(2, 1), [input(3, 4)]]],
  ['norm 3 all', () => [(x) => torch.norm(x, 3), [input(3, 4)]]],
  ['norm 1 keepdim', () => [(x) => x.norm(1, 0, true), [input(3, 4)]]],
  ['linear layer composition', () => [(x, w, b) => torch.relu(x.matmul(w.t()).add(b)).sum(1), [input(4, 3), input(2, 3), input(2)]]],
];

describe('gradcheck (float64 finite differences)', () => {
  it.each(gradcheckCases)('%s', (_name, make) => {
    const [fn, inputs] = make();
    expect(torch.autograd.gradcheck(fn, inputs)).toBe(true);
  });

  it('gradcheck detects a wrong gradient', () => {
    // x.detach() makes the analytical gradient of the second term zero, so the check must fail
    const fn = (x: T) => x.mul(x.detach());
    expect(torch.autograd.gradcheck(fn, [input(3)], { raise_exception: false })).toBe(false);
    expect(() => torch.autograd.gradcheck(fn, [input(3)])).toThrow(/Jacobian mismatch/);
  });
});

describe('norm', () => {
  it.each(BACKENDS)('values and the zero-vector gradient on %s', (backend) => {
    useBackend(backend);
    const x = torch.tensor([[3, 4], [0, 0]], { requires_grad: true });
    const n = x.norm(2, 1);
    expect(n.tolist()).toEqual([5, 0]);
    n.sum().backward();
    expect(x.grad!.tolist()).toEqual([[0.6, 0.8].map(Math.fround), [0, 0]]);
    expect(torch.norm(torch.tensor([-1, 2, -3]), 1).item()).toBe(6);
    expect(torch.norm(torch.tensor([-1, 2, -3]), Infinity).item()).toBe(3);
    expect(torch.linalg.vector_norm(torch.tensor([3, 4])).item()).toBe(5);
    expect(torch.tensor([[1, 2], [2, 1]]).norm({ dim: 0, keepdim: true }).shape).toEqual([1, 2]);
    expect(() => torch.norm(torch.tensor([1n]))).toThrow(/norm\(\): input dtype should be floating point/);
  });
});

describe('autograd semantics', () => {
  it('accumulates into leaves, exposes grad_fn names, honours no_grad and detach', () => {
    const w = torch.tensor([1, -2, 3], { requires_grad: true });
    expect(w.is_leaf).toBe(true);
    const y = torch.relu(w).mul(2).sum();
    expect(y.grad_fn?.name).toBe('SumBackward0');
    expect(y.is_leaf).toBe(false);
    y.backward();
    expect(w.grad!.tolist()).toEqual([2, 0, 2]);
    torch.relu(w).sum().backward();
    expect(w.grad!.tolist()).toEqual([3, 0, 3]);
    expect(torch.no_grad(() => w.mul(2)).requires_grad).toBe(false);
    expect(torch.no_grad(() => torch.enable_grad(() => w.mul(2))).requires_grad).toBe(true);
    // PyTorch 1.13's `with torch.inference_mode():` (and inference_mode(False)) as a callback
    expect(torch.inference_mode(() => [w.mul(2).requires_grad, torch.is_inference_mode_enabled(), torch.is_grad_enabled()])).toEqual([false, true, false]);
    expect(torch.inference_mode(false, () => [w.mul(2).requires_grad, torch.is_inference_mode_enabled()])).toEqual([true, false]);
    expect([torch.is_inference_mode_enabled(), torch.is_grad_enabled()]).toEqual([false, true]);
    expect(w.detach().requires_grad).toBe(false);
    expect(() => w.mul(2).requires_grad_(false)).toThrow(/only change requires_grad flags of leaf variables/);
  });

  it('backward of a non-scalar needs a gradient; retain_grad keeps intermediate grads', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const h = x.mul(3);
    h.retain_grad();
    expect(() => h.backward()).toThrow(/grad can be implicitly created only for scalar outputs/);
    h.backward(torch.tensor([1, 10]));
    expect(h.grad!.tolist()).toEqual([1, 10]);
    expect(x.grad!.tolist()).toEqual([3, 30]);
    expect(() => torch.ones(2).sum().backward()).toThrow(/does not require grad/);
  });

  it('a shared subexpression receives the sum of its uses (diamond graph)', () => {
    const x = torch.tensor([2], { requires_grad: true });
    const a = x.mul(x); // 2x
    a.add(a.mul(3)).sum().backward(); // d/dx (4 x^2) = 8x
    expect(x.grad!.tolist()).toEqual([16]);
  });

  it('dead ReLUs and saturated sigmoids are observable through gradients', () => {
    const x = torch.tensor([-3, -1, 2, 4], { requires_grad: true });
    torch.relu(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 0, 1, 1]);
    const z = torch.tensor([0, 10, -10], { requires_grad: true });
    torch.sigmoid(z).sum().backward();
    const g = z.grad!.tolist() as number[];
    expect(g[0]).toBeCloseTo(0.25, 6);
    expect(g[1]).toBeLessThan(1e-4);
    expect(g[2]).toBeLessThan(1e-4);
  });

  it('a deep graph does not overflow the stack', () => {
    const x = torch.tensor([1], { requires_grad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([1]);
  });
});

describe.runIf(PARITY)('float32 backward kernels: native equals JS', () => {
  const grads = (backend: 'js' | 'native', f: (x: T) => T, x0: T): number[] => {
    useBackend(backend);
    const x = x0.detach().clone().requires_grad_();
    const y = f(x);
    y.mul(torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward();
    return Array.from(x.grad!.data);
  };
  const x0 = torch.randn(1000).mul(4).reshape(40, 25);
  it.each([
    ['relu', (x: T) => torch.relu(x), { ulp: 0 }],
    ['relu6', (x: T) => F.relu6(x), { ulp: 0 }],
    ['leaky_relu', (x: T) => F.leaky_relu(x, 0.1), { ulp: 0 }],
    ['threshold', (x: T) => F.threshold(x, 0.5, 0), { ulp: 0 }],
    // through the forward: y differs between backends by up to 3 ULP (native 2, JS's rounded double 0.5), and the
    // gradient g y (1 - y) or g (1 - y^2) moves by |1 - 2y| or 2|y| times that (|g| <= 1): at most 3 ULP(1) = 1.8e-7
    // for sigmoid and 3.6e-7 for tanh, however small the gradient itself is near |y| = 1
    ['sigmoid', (x: T) => torch.sigmoid(x), { atol: 2e-7, rtol: 1e-5 }],
    ['tanh', (x: T) => torch.tanh(x), { atol: 4e-7, rtol: 1e-5 }],
    ['softmax', (x: T) => torch.softmax(x, 1), { atol: 1e-7, rtol: 1e-5 }],
    ['log_softmax', (x: T) => torch.log_softmax(x, 0), { atol: 1e-6, rtol: 1e-5 }],
    ['matmul', (x: T) => x.matmul(x.t()), { atol: 1e-4, rtol: 1e-5 }],
  ] as const)('%s', (name, f, tol) => {
    expectClose(grads('native', f, x0), grads('js', f, x0), tol, name);
  });

  // the backward kernels themselves, on identical inputs: float32 arithmetic, at most 1 rounding apart
  it.each(['threshold_backward', 'leaky_relu_backward', 'hardtanh_backward', 'sigmoid_backward', 'tanh_backward'] as const)(
    '%s kernel on identical inputs',
    (op) => {
      const g = torch.randn(100_003);
      const y = torch.rand(100_003).mul(2).sub(1);
      const run = (backend: 'js' | 'native') => {
        useBackend(backend);
        return Array.from(binaryKernel(op, op, g, y, 'float32', 0.1, 0.5).data);
      };
      expectClose(run('native'), run('js'), { ulp: 1 }, op);
    },
  );
});

// PyTorch's semantics: values follow from the formulas (x^2, x y, ...), messages are PyTorch 1.13's
describe('torch.autograd.grad', () => {
  it("returns d(outputs . grad_outputs)/d(inputs), leaves the leaves' .grad alone, runs hooks and retain_grad", () => {
    const x = torch.tensor([1, 2, 3], { requires_grad: true });
    const w = torch.tensor([0.5, -1, 2], { requires_grad: true });
    const h = x.mul(w);
    h.retain_grad();
    const seen: number[][] = [];
    h.register_hook((g) => {
      seen.push(g.tolist() as number[]);
    });
    const y = h.square().sum();
    const [gx, gh] = torch.autograd.grad(y, [x, h]) as torch.Tensor[];
    expect(gx.tolist()).toEqual([2 * 0.5 * 0.5, 2 * 2 * 1, 2 * 6 * 2]); // 2 (x w) w
    expect(gh.tolist()).toEqual([1, -4, 12]); // 2 h
    expect(seen).toEqual([[1, -4, 12]]);
    expect([x.grad, w.grad]).toEqual([null, null]);
    expect(h.grad!.tolist()).toEqual([1, -4, 12]); // PyTorch 1.13 fills a retained non-leaf's grad here too
    // then a normal backward still works
    y.backward();
    expect(x.grad!.tolist()).toEqual(gx.tolist());
    // several outputs, weighted by grad_outputs
    const [g2] = torch.autograd.grad([x.sum(), x.mul(x)], x, [torch.tensor(2), torch.tensor([1, 0, -1])]) as torch.Tensor[];
    expect(g2.tolist()).toEqual([2 + 2, 2, 2 - 6]);
  });

  it('allow_unused, and the errors of PyTorch 1.13', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    const unused = torch.tensor([3], { requires_grad: true });
    const y = x.sum();
    expect(torch.autograd.grad(y, [x, unused], { allow_unused: true })[1]).toBeNull();
    expect(() => torch.autograd.grad(y, [unused])).toThrow(
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    );
    expect(() => torch.autograd.grad(x.mul(2), x)).toThrow('grad can be implicitly created only for scalar outputs');
    expect(() => torch.autograd.grad(y, torch.tensor([1]))).toThrow('One of the differentiated Tensors does not require grad');
    expect(() => torch.autograd.grad(torch.tensor(1), x)).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
    expect(() => torch.autograd.grad(y, x, { create_graph: true })).toThrow(new TypeError('grad(): create_graph=True (higher-order gradients) is not supported'));
    expect(() => torch.autograd.grad(y, x, torch.ones(2))).toThrow(new RangeError('grad(): Mismatch in shape: grad_output[0] has a shape of [2] and output[0] has a shape of [].'));
  });
});
