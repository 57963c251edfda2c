"""Reference values for torch.autograd.Function and torch.autograd.functional (test/autograd_function.test.ts).

Run: /usr/bin/python3 scripts/gen_autograd_function_fixtures.py > test/fixtures/autograd_function.json
Inputs are written out explicitly (no RNG), so the JSON is deterministic.
"""
import json
import math
import torch
from torch.autograd.functional import jacobian, jvp, vjp

torch.set_printoptions(precision=17)


def L(t):
    return t.detach().tolist()


class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


class MulAdd(torch.autograd.Function):
    """(x * y * k, x + y): two tensor inputs, a number, two outputs."""

    @staticmethod
    def forward(ctx, x, y, k):
        ctx.save_for_backward(x, y)
        ctx.k = k
        return x * y * k, x + y

    @staticmethod
    def backward(ctx, g_prod, g_sum):
        x, y = ctx.saved_tensors
        return g_prod * y * ctx.k + g_sum, g_prod * x * ctx.k + g_sum, None


class SortValues(torch.autograd.Function):
    """torch.sort with the indices marked non-differentiable."""

    @staticmethod
    def forward(ctx, x):
        values, indices = torch.sort(x)
        ctx.mark_non_differentiable(indices)
        ctx.save_for_backward(indices)
        return values, indices

    @staticmethod
    def backward(ctx, g_values, g_indices):
        indices, = ctx.saved_tensors
        return torch.zeros_like(g_values).scatter(0, indices, g_values)


out = {}

relu_x = [-1.5, -0.25, 0.0, 0.5, 2.0, -3.0]
relu_g = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
for dtype in ('float32', 'float64'):
    x = torch.tensor(relu_x, dtype=getattr(torch, dtype), requires_grad=True)
    y = MyReLU.apply(x)
    y.backward(torch.tensor(relu_g, dtype=getattr(torch, dtype)))
    out[f'relu_{dtype}'] = {'x': relu_x, 'g': relu_g, 'y': L(y), 'grad': L(x.grad), 'grad_fn': type(y.grad_fn).__name__}

# The tutorial's training loop, shortened: 5 SGD steps on 40 points (on [-pi, 2.5], not symmetric, so that a and c move).
dtype = torch.float64
x = torch.linspace(-math.pi, 2.5, 40, dtype=dtype)
y = torch.sin(x)
a = torch.full((), 0.0, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, dtype=dtype, requires_grad=True)
lr = 5e-4
losses, first_grads = [], None
for t in range(5):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    losses.append(loss.item())
    loss.backward()
    if first_grads is None:
        first_grads = [a.grad.item(), b.grad.item(), c.grad.item(), d.grad.item()]
    with torch.no_grad():
        for p in (a, b, c, d):
            p -= lr * p.grad
            p.grad = None
out['legendre'] = {'start': -math.pi, 'end': 2.5, 'n': 40, 'lr': lr, 'losses': losses, 'first_grads': first_grads, 'final': [a.item(), b.item(), c.item(), d.item()]}

xv = [0.5, -1.25, 2.0, 0.75]
yv = [1.5, 0.25, -0.5, 2.0]
w1 = [1.0, -2.0, 0.5, 3.0]
w2 = [0.25, 0.5, -1.0, 2.0]
x = torch.tensor(xv, dtype=dtype, requires_grad=True)
yt = torch.tensor(yv, dtype=dtype, requires_grad=True)
p, s = MulAdd.apply(x, yt, 3.0)
((p * torch.tensor(w1, dtype=dtype)).sum() + (s * torch.tensor(w2, dtype=dtype)).sum()).backward()
out['muladd'] = {'x': xv, 'y': yv, 'k': 3.0, 'w1': w1, 'w2': w2, 'prod': L(p), 'sum': L(s), 'grad_x': L(x.grad), 'grad_y': L(yt.grad)}
# only the first output used: the second's gradient is materialized as zeros
x.grad = None; yt.grad = None
p, s = MulAdd.apply(x, yt, 3.0)
p.sum().backward()
out['muladd_first_only'] = {'grad_x': L(x.grad), 'grad_y': L(yt.grad)}

sv = [0.3, -1.2, 2.5, 0.0, -0.7]
sw = [1.0, 2.0, 3.0, 4.0, 5.0]
x = torch.tensor(sv, dtype=dtype, requires_grad=True)
values, indices = SortValues.apply(x)
(values * torch.tensor(sw, dtype=dtype)).sum().backward()
out['sort'] = {'x': sv, 'w': sw, 'values': L(values), 'indices': L(indices), 'indices_requires_grad': indices.requires_grad, 'grad': L(x.grad)}

# torch.autograd.functional


def f_single(x):
    return x.exp() * x.sum()


def f_multi(x, y):
    return (x * y.sum(), (x ** 2).sum() + y.prod())


fx = [[0.5, -0.25, 1.0], [0.75, -1.0, 0.125]]
mx = [0.5, -1.5, 2.0]
my = [1.25, 0.5]
X = torch.tensor(fx, dtype=dtype)
MX = torch.tensor(mx, dtype=dtype)
MY = torch.tensor(my, dtype=dtype)
out['jacobian_single'] = {'x': fx, 'jac': L(jacobian(f_single, X))}
J = jacobian(f_multi, (MX, MY))
out['jacobian_multi'] = {'x': mx, 'y': my, 'jac': [[L(t) for t in row] for row in J]}
v_single = [[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]]
o, g = vjp(f_single, X, torch.tensor(v_single, dtype=dtype))
out['vjp_single'] = {'v': v_single, 'out': L(o), 'vjp': L(g)}
vm = [[1.0, -1.0, 0.5], 2.0]
o, g = vjp(f_multi, (MX, MY), (torch.tensor(vm[0], dtype=dtype), torch.tensor(vm[1], dtype=dtype)))
out['vjp_multi'] = {'v': vm, 'out': [L(t) for t in o], 'vjp': [L(t) for t in g]}
o, g = jvp(f_single, X, torch.tensor(v_single, dtype=dtype))
out['jvp_single'] = {'v': v_single, 'out': L(o), 'jvp': L(g)}
vj = [[1.0, 0.5, -2.0], [0.25, -1.0]]
o, g = jvp(f_multi, (MX, MY), tuple(torch.tensor(t, dtype=dtype) for t in vj))
out['jvp_multi'] = {'v': vj, 'out': [L(t) for t in o], 'jvp': [L(t) for t in g]}
o, g = vjp(lambda x: (x ** 3).sum(), torch.tensor([1.0, -2.0], dtype=dtype))
out['vjp_scalar'] = {'x': [1.0, -2.0], 'out': L(o), 'vjp': L(g)}
out['jacobian_unused'] = L(jacobian(lambda x, y: x * 2, (MX, MY))[1])

print(json.dumps(out, indent=1))
