#!/usr/bin/python3
"""Reference values from PyTorch for test/activation_extras.test.ts: the in-place activations (F.elu_, torch.clamp_,
x.sign_(), ...) and the math around activations (logit, erfc, erfinv, copysign, signbit, hardshrink), forward and
input gradients.

Run: /usr/bin/python3 scripts/gen_activation_extras_fixtures.py   (deterministic: its own seeded generator)
Writes test/fixtures/activation_extras.json. Tensors are stored as hex bit patterns of their dtype (float32: 8 hex
digits, float64: 16) so NaN, inf and -0 survive JSON exactly; integer and bool tensors as numbers (bool 0/1).
"""
import json
import math

import mpmath
import torch

from fixture_codec import enc_bits as enc, hexbits
import torch.nn.functional as F

gen = torch.Generator().manual_seed(1234)




NAN, INF = float('nan'), float('inf')
# Around every activation's kinks, saturation points and edges. NaN goes last: PyTorch's vectorized CPU loops treat
# a NaN input differently from its scalar tail loop for some gradients (hardshrink's and logit's with eps are 0 in
# the former, pass the gradient / NaN in the latter, as the scalar formula says); torchlet follows the scalar
# formula, so each NaN sits in the tail (past the last full vector of 8 or 16 floats).
general = torch.tensor([0.0, -0.0, 1e-8, -1e-8, 1e-40, 0.25, -0.25, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 2.9, -3.0, 6.0,
                        -6.5, 10.0, -10.0, 20.1, -50.0, 1e30, -1e30, INF, -INF])
general = torch.cat([general, torch.randn(40, generator=gen) * 3, torch.tensor([NAN])])  # 66 elements
unit_edges = torch.tensor([-0.5, -0.0, 0.0, 1e-40, 1e-7, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 1 - 2 ** -24, 1.0, 1.5, INF])
unit_rand = torch.rand(40, generator=gen)
unit = torch.cat([unit_edges, unit_rand, torch.tensor([NAN])])  # 57 elements
# logit with eps > 0.5 (lo > hi): PyTorch's vectorized loop clamps as min(max(x, lo), hi), hi winning, while its
# scalar tail checks x < lo first; torchlet takes the former, so this input fills whole vectors (64 elements)
unit64 = torch.cat([unit_edges, unit_rand, torch.rand(8, generator=gen)])
near_one = [1 - 2.0 ** -k for k in range(1, 25)]
erfinv_in = torch.tensor([-1.5, -1.0, -0.999999, -0.5, -0.0, 0.0, 1e-30, 1e-40, 0.3, 0.9999999, 1.0, 2.0, NAN, INF, -INF]
                         + near_one + [-v for v in near_one])
erfinv_in = torch.cat([erfinv_in, torch.rand(60, generator=gen) * 2 - 1])
erfc_in = torch.cat([general, torch.tensor([0.49, 0.5, 0.51, 3.0, 5.0, 8.0, 9.0, 9.5, 10.0, 15.0, -5.0, 26.0])])
atanh_in = torch.cat([unit * 2 - 1, torch.tensor([-1.0, 1.0, -2.0])])


def exact(fn, x):
    """fn in 100-bit precision (mpmath), rounded to x's dtype: erfinv's and erfc's true values."""
    mpmath.mp.prec = 100
    def value(v):
        if math.isnan(v) or (fn is mpmath.erfinv and abs(v) > 1):
            return NAN
        return float(fn(v)) if math.isfinite(v) else float(fn(mpmath.mpf(v)))
    return torch.tensor([value(v) for v in x.tolist()], dtype=torch.float64).to(x.dtype)


records = []


def add(case_id, call, inputs, fn, grad=True, inplace=False, true_values=None, midgraph=False):
    """fn(*inputs) and, with grad, the gradient of sum(y * linspace(-1, 1)) for each floating input. midgraph: fn is
    an in-place op applied to x * 1 (a MulBackward0 output), its gradient taken through the rewritten history."""
    xs = [x.clone().requires_grad_(grad and x.is_floating_point()) for x in inputs]
    if midgraph:
        h = xs[0] * 1
        y = fn(h, *xs[1:])
        assert y is h, case_id
    elif inplace:
        with torch.no_grad():
            ys = [x.clone() for x in xs]
            y = fn(*ys)
            assert y is ys[0], case_id
    else:
        y = fn(*xs)
    rec = {'id': case_id, 'call': call, 'inputs': [enc(x) for x in inputs], 'y': enc(y)}
    if true_values is not None:
        rec['exact'] = enc(true_values)
    if grad and not inplace and y.requires_grad:
        w = torch.linspace(-1, 1, y.numel()).to(y.dtype).reshape(y.shape)
        try:
            grads = torch.autograd.grad((y * w).sum(), [x for x in xs if x.requires_grad], allow_unused=True)
        except NotImplementedError as e:  # atanh_: PyTorch 1.13 has no derivative for it
            rec['backward_error'] = str(e)
        else:
            rec['grads'] = [enc(g if g is not None else torch.zeros_like(x)) for g, x in zip(grads, xs)]
    records.append(rec)


# ---- math around activations: forward and gradient ----
for dtype in (torch.float32, torch.float64):
    sfx = '' if dtype == torch.float32 else '/f64'
    u, g, e, c = unit.to(dtype), general.to(dtype), erfinv_in.to(dtype), erfc_in.to(dtype)
    add('logit' + sfx, ['torch.logit'], [u], torch.logit)
    for eps in (0.1, 0.0, 1e-6, -0.1):
        add(f'logit_eps{eps}' + sfx, ['torch.logit', eps], [u], lambda x: torch.logit(x, eps))
    add('logit_eps0.6' + sfx, ['torch.logit', 0.6], [unit64.to(dtype)], lambda x: torch.logit(x, 0.6))
    add('erfc' + sfx, ['torch.erfc'], [c], torch.erfc, true_values=exact(mpmath.erfc, c))
    add('erfinv' + sfx, ['torch.erfinv'], [e], torch.erfinv, true_values=exact(mpmath.erfinv, e))
    a = torch.cat([g, torch.tensor([1.0, -2.0, 0.0, -0.0, 3.0, NAN, INF], dtype=dtype)])
    b = torch.cat([g.flip(0), torch.tensor([-1.0, 2.0, -0.0, 1.0, NAN, -1.0, -0.0], dtype=dtype)])
    add('copysign' + sfx, ['torch.copysign'], [a, b], torch.copysign)
    add('signbit' + sfx, ['torch.signbit'], [a], torch.signbit, grad=False)

add('copysign/broadcast', ['torch.copysign'], [torch.randn(3, 1, generator=gen), torch.tensor([[-1.0, 0.0, -0.0, 2.0]])], torch.copysign)
add('copysign/scalar', ['torch.copysign', -2.0], [general], lambda x: torch.copysign(x, -2.0))
add('copysign/method', ['method.copysign'], [general, general.flip(0)], lambda x, y: x.copysign(y))
add('erfinv/method', ['method.erfinv'], [erfinv_in], lambda x: x.erfinv(), true_values=exact(mpmath.erfinv, erfinv_in))
add('erfc/special', ['torch.special.erfc'], [erfc_in], torch.special.erfc)
add('erfinv/special', ['torch.special.erfinv'], [erfinv_in], torch.special.erfinv, true_values=exact(mpmath.erfinv, erfinv_in))
add('logit/special', ['torch.special.logit', 0.2], [unit], lambda x: torch.special.logit(x, 0.2))
add('logit/method', ['method.logit', 0.05], [unit], lambda x: x.logit(0.05))
add('expit/special', ['torch.special.expit'], [general], torch.special.expit)
add('arctanh', ['torch.arctanh'], [atanh_in], torch.arctanh)
add('arctanh/method', ['method.arctanh'], [atanh_in], lambda x: x.arctanh())
add('hardshrink', ['torch.hardshrink'], [general], torch.hardshrink)
add('hardshrink/lambd', ['torch.hardshrink', 2.0], [general], lambda x: torch.hardshrink(x, 2.0))
add('hardshrink/method', ['method.hardshrink', 1.0], [general], lambda x: x.hardshrink(1.0))
add('bce_with_logits/none', ['torch.binary_cross_entropy_with_logits'], [torch.randn(4, 3, generator=gen) * 3, torch.rand(4, 3, generator=gen)],
    torch.binary_cross_entropy_with_logits)
add('bce_with_logits/weights_sum', ['torch.binary_cross_entropy_with_logits', 'w', 'pw', 2],
    [torch.randn(4, 3, generator=gen) * 3, torch.rand(4, 3, generator=gen)],
    lambda x, t: torch.binary_cross_entropy_with_logits(x, t, torch.tensor([0.5, 1.0, 2.0]), torch.tensor([3.0, 1.0, 0.25]), 2))

# ---- in-place forms: the value written into the input (autograd through them is refused, see the test) ----
values = torch.tensor([-0.5, 0.5, 2.0])
inplace_cases = {
    'F.relu_': ([], F.relu_),
    'F.leaky_relu_': ([0.2], lambda x: F.leaky_relu_(x, 0.2)),
    'F.elu_': ([1.5], lambda x: F.elu_(x, 1.5)),
    'F.celu_': ([2.0], lambda x: F.celu_(x, 2.0)),
    'torch.celu_': ([0.5], lambda x: torch.celu_(x, 0.5)),
    'F.selu_': ([], F.selu_),
    'torch.selu_': ([], torch.selu_),
    'F.hardtanh_': ([-2.0, 3.0], lambda x: F.hardtanh_(x, -2.0, 3.0)),
    'F.threshold_': ([0.1, -3.0], lambda x: F.threshold_(x, 0.1, -3.0)),
    'torch.threshold_': ([-1.0, 7.0], lambda x: torch.threshold_(x, -1.0, 7.0)),
    'F.rrelu_': ([0.2, 0.6], lambda x: F.rrelu_(x, 0.2, 0.6)),
    'torch.rrelu_': ([], torch.rrelu_),
    'torch.clamp_': ([-1.0, 2.0], lambda x: torch.clamp_(x, -1.0, 2.0)),
    'torch.clamp_min_': ([0.5], lambda x: torch.clamp_min_(x, 0.5)),
    'torch.clamp_max_': ([0.5], lambda x: torch.clamp_max_(x, 0.5)),
    'method.clamp_min_': ([-0.25], lambda x: x.clamp_min_(-0.25)),
    'method.clamp_max_': ([-0.25], lambda x: x.clamp_max_(-0.25)),
    'method.sign_': ([], lambda x: x.sign_()),
    'torch.logit_': ([0.1], lambda x: torch.logit_(x, 0.1)),
    'method.logit_': ([], lambda x: x.logit_()),
    'torch.erfc_': ([], torch.erfc_),
    'method.erfc_': ([], lambda x: x.erfc_()),
    'method.erfinv_': ([], lambda x: x.erfinv_()),
    'torch.atanh_': ([], torch.atanh_),
    'torch.arctanh_': ([], torch.arctanh_),
    'method.arctanh_': ([], lambda x: x.arctanh_()),
}
for call, (args, fn) in inplace_cases.items():
    x0 = unit if any(k in call for k in ('logit', 'erfinv')) else atanh_in if 'atanh' in call else general
    add(call + '/inplace', [call, *args], [x0], fn, inplace=True)
    add(call + '/midgraph', [call, *args], [x0], fn, midgraph=True)
for call, fn in {'torch.relu_': torch.relu_, 'torch.sigmoid_': torch.sigmoid_, 'method.tanh_': lambda x: x.tanh_(),
                 'method.exp_': lambda x: x.exp_(), 'method.neg_': lambda x: x.neg_(), 'method.abs_': lambda x: x.abs_()}.items():
    add(call + '/midgraph', [call], [general], fn, midgraph=True)
for call, fn in {'F.relu': lambda x: F.relu(x, True), 'F.relu6': lambda x: F.relu6(x, True), 'F.hardtanh': lambda x: F.hardtanh(x, -2.0, 2.0, True),
                 'F.silu': lambda x: F.silu(x, True), 'F.mish': lambda x: F.mish(x, True), 'F.hardswish': lambda x: F.hardswish(x, True)}.items():
    args = {'F.relu': [True], 'F.relu6': [True], 'F.hardtanh': [-2.0, 2.0, True]}.get(call, [True])
    add(call + '/inplace=True/midgraph', [call, *args], [general], fn, midgraph=True)
add('method.copysign_/midgraph', ['method.copysign_'], [general, general.flip(0)], lambda x, y: x.copysign_(y), midgraph=True)
add('method.heaviside_/inplace', ['method.heaviside_', 'values'], [general[:24].reshape(8, 3)], lambda x: x.heaviside_(values), inplace=True)
add('method.copysign_/inplace', ['method.copysign_'], [general, general.flip(0)], lambda x, y: x.copysign_(y), inplace=True)
add('method.sign_/int64', ['method.sign_'], [torch.tensor([-3, 0, 5])], lambda x: x.sign_(), grad=False, inplace=True)
add('torch.clamp_/int64', ['torch.clamp_', -1, 2], [torch.tensor([-3, 0, 5])], lambda x: torch.clamp_(x, -1, 2), grad=False, inplace=True)
add('F.threshold_/int64', ['F.threshold_', 0, 9], [torch.tensor([-3, 0, 5])], lambda x: F.threshold_(x, 0, 9), grad=False, inplace=True)

with open('test/fixtures/activation_extras.json', 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': records}, f, separators=(',', ':'))
print(len(records), 'cases')
