#!/usr/bin/python3
"""Reference values for torch.nn.utils.parametrize, torch.nn.utils.parametrizations and the conv/linear-bn fusion,
for test/parametrize.test.ts.

Run: /usr/bin/python3 scripts/gen_parametrize_fixtures.py   (PyTorch 1.13; deterministic)
Every module's parameters are recorded after it is built, so the tests load them instead of drawing them.
- symmetric: the tutorial's Symmetric (with right_inverse = triu) on a Linear(4, 4): original, weight, output, the
  gradients of sum(out * grad_out) w.r.t. original and bias, state_dict keys, parameter names, repr; then
  `m.weight = A` (A symmetric): original and weight; then remove_parametrizations both ways (weight, keys, repr).
- chained: Skew then MatrixExponential (the tutorial's) on a Linear(3, 3): weight and gradient w.r.t. original;
  and Symmetric then Scale(2) (X * 2, right_inverse X / 2): assignment through both right inverses.
- several originals: Halves (forward a + b, right_inverse (X / 2, X / 2)): keys and the gradient.
- orthogonal: per map and shape, the weight after registration (Q of the QR with a positive diagonal for the
  trivialization, whose completion columns are random but do not change the weight), plus for square ones the
  gradient w.r.t. original and the weight after one SGD step (lr 0.1); householder without the trivialization
  also records original (geqrf's reflectors).
- orthogonal_batched: the weight of Conv2d(3, 2, 2) (square 2 x 2 matrices; default and cayley maps) and of
  Conv1d(3, 2, 4) (wide 3 x 4 matrices, householder) after orthogonal().
- spectral_norm (the parametrization): _u and _v replaced by fixed unit vectors, one training forward.
- fusion: conv2d + bn2d, conv2d without bias, conv_transpose2d + bn2d (transpose=True), linear + bn1d: the fused
  weight and bias and the output of the fused layer and of the two layers in eval mode.
- matrix_exp: torch.matrix_exp of a batch of two random 4 x 4 matrices (times 2) and the gradient of sum(E * grad_out).
All tensors float32; values are Python floats (exact float32 values).
"""
import json

import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P
from torch.nn.utils import parametrizations, fuse_conv_bn_eval
from torch.nn.utils.fusion import fuse_linear_bn_eval

torch.manual_seed(0)


def record(t):
    return {'shape': list(t.shape), 'values': t.detach().flatten().tolist()}


def params(m):
    return {k: record(v) for k, v in m.state_dict().items()}


def load(m, recorded):
    m.load_state_dict({k: torch.tensor(v['values']).reshape(v['shape']) for k, v in recorded.items()})


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu()


class Skew(nn.Module):
    def forward(self, X):
        A = X.triu(1)
        return A - A.transpose(-1, -2)


class MatrixExponential(nn.Module):
    def forward(self, X):
        return torch.matrix_exp(X)


class Scale(nn.Module):
    def forward(self, X):
        return X * 2

    def right_inverse(self, X):
        return X / 2


class Halves(nn.Module):
    def forward(self, a, b):
        return a + b

    def right_inverse(self, X):
        return X / 2, X / 2


out = {}

# ---- symmetric
m = nn.Linear(4, 4)
init = params(m)
x = torch.randn(2, 4)
g = torch.randn(2, 4)
P.register_parametrization(m, 'weight', Symmetric())
y = m(x)
(y * g).sum().backward()
A = torch.randn(4, 4)
A = A + A.T
case = {
    'params': init, 'x': record(x), 'grad_out': record(g),
    'original': record(m.parametrizations.weight.original), 'weight': record(m.weight), 'out': record(y),
    'grad_original': record(m.parametrizations.weight.original.grad), 'grad_bias': record(m.bias.grad),
    'keys': list(m.state_dict().keys()), 'names': [n for n, _ in m.named_parameters()], 'repr': repr(m),
    'A': record(A),
}
m.weight = A
case['assigned_original'] = record(m.parametrizations.weight.original)
case['assigned_weight'] = record(m.weight)
kept = nn.Linear(4, 4)
load(kept, init)
P.register_parametrization(kept, 'weight', Symmetric())
P.remove_parametrizations(kept, 'weight')
case['removed_kept'] = record(kept.weight)
case['removed_keys'] = list(kept.state_dict().keys())
case['removed_repr'] = repr(kept)
dropped = nn.Linear(4, 4)
load(dropped, init)
P.register_parametrization(dropped, 'weight', Symmetric())
P.remove_parametrizations(dropped, 'weight', leave_parametrized=False)
case['removed_dropped'] = record(dropped.weight)
out['symmetric'] = case

# ---- chained
m = nn.Linear(3, 3)
init = params(m)
P.register_parametrization(m, 'weight', Skew())
P.register_parametrization(m, 'weight', MatrixExponential())
w = m.weight
g = torch.randn(3, 3)
(w * g).sum().backward()
out['skew_exp'] = {
    'params': init, 'grad_out': record(g), 'weight': record(w), 'grad_original': record(m.parametrizations.weight.original.grad),
    'repr': repr(m),
}
m = nn.Linear(3, 3)
init = params(m)
P.register_parametrization(m, 'weight', Symmetric())
P.register_parametrization(m, 'weight', Scale())
A = torch.randn(3, 3)
A = A + A.T
case = {'params': init, 'original': record(m.parametrizations.weight.original), 'weight': record(m.weight), 'A': record(A)}
m.weight = A
case['assigned_original'] = record(m.parametrizations.weight.original)
case['assigned_weight'] = record(m.weight)
out['symmetric_scale'] = case

# ---- several originals
m = nn.Linear(3, 2)
init = params(m)
P.register_parametrization(m, 'weight', Halves())
g = torch.randn(2, 3)
(m.weight * g).sum().backward()
out['halves'] = {
    'params': init, 'grad_out': record(g), 'keys': list(m.state_dict().keys()),
    'original0': record(m.parametrizations.weight.original0), 'grad_original0': record(m.parametrizations.weight.original0.grad),
    'removed': record(P.remove_parametrizations(m, 'weight').weight),
}

# ---- orthogonal
cases = []
for shape, orthogonal_map, trivialization in [
    ((4, 4), 'matrix_exp', True), ((4, 4), 'cayley', True), ((4, 4), 'householder', True), ((5, 3), None, True),
    ((3, 5), None, True), ((5, 3), 'matrix_exp', True), ((3, 5), 'cayley', True), ((4, 4), 'householder', False),
    ((5, 3), 'householder', False), ((3, 5), 'householder', False),
]:
    m = nn.Linear(shape[1], shape[0])
    init = params(m)
    parametrizations.orthogonal(m, orthogonal_map=orthogonal_map, use_trivialization=trivialization)
    case = {'params': init, 'map': orthogonal_map, 'use_trivialization': trivialization, 'weight': record(m.weight)}
    if not trivialization:
        case['original'] = record(m.parametrizations.weight.original)
    if shape[0] == shape[1]:
        g = torch.randn(*shape)
        (m.weight * g).sum().backward()
        case['grad_out'] = record(g)
        case['grad_original'] = record(m.parametrizations.weight.original.grad)
        with torch.no_grad():
            m.parametrizations.weight.original -= 0.1 * m.parametrizations.weight.original.grad
        case['stepped'] = record(m.weight)
    if orthogonal_map == 'matrix_exp' and shape == (4, 4):
        case['repr'] = repr(m)
        case['keys'] = list(m.state_dict().keys())
    cases.append(case)
out['orthogonal'] = cases

# batches of matrices: a Conv2d(3, 2, 2) weight is 2 x 3 square 2 x 2 matrices, a Conv1d(3, 2, 4) one 2 wide 3 x 4 ones
cases = []
for kind, layer, orthogonal_map in [('conv2d', nn.Conv2d(3, 2, 2), None), ('conv2d', nn.Conv2d(3, 2, 2), 'cayley'),
                                    ('conv1d', nn.Conv1d(3, 2, 4), None)]:
    init = params(layer)
    parametrizations.orthogonal(layer, orthogonal_map=orthogonal_map)
    cases.append({'kind': kind, 'params': init, 'map': orthogonal_map, 'weight': record(layer.weight)})
out['orthogonal_batched'] = cases

# ---- spectral_norm (parametrization)
m = nn.Linear(5, 3)
init = params(m)
parametrizations.spectral_norm(m)
u = torch.nn.functional.normalize(torch.randn(3), dim=0)
v = torch.nn.functional.normalize(torch.randn(5), dim=0)
sn = m.parametrizations.weight[0]
with torch.no_grad():
    sn._u.copy_(u)
    sn._v.copy_(v)
w = m.weight
out['spectral_norm'] = {
    'params': init, 'u0': record(u), 'v0': record(v), 'weight': record(w), 'u': record(sn._u), 'v': record(sn._v),
    'keys': list(m.state_dict().keys()),
}

# ---- fusion
def bn_stats(bn):
    with torch.no_grad():
        bn.running_mean.normal_()
        bn.running_var.uniform_(0.5, 2)
        bn.weight.normal_()
        bn.bias.normal_()


fusions = []
for kind, layer, bn, x_shape, transpose in [
    ('conv2d', nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), (2, 3, 5, 5), False),
    ('conv2d_nobias', nn.Conv2d(2, 3, 2, bias=False), nn.BatchNorm2d(3, eps=1e-3), (1, 2, 4, 4), False),
    ('conv_transpose2d', nn.ConvTranspose2d(3, 2, 3, stride=2), nn.BatchNorm2d(2), (1, 3, 3, 3), True),
    ('linear', nn.Linear(4, 3), nn.BatchNorm1d(3), (5, 4), False),
]:
    bn_stats(bn)
    layer.eval()
    bn.eval()
    x = torch.randn(*x_shape)
    fused = fuse_linear_bn_eval(layer, bn) if kind == 'linear' else fuse_conv_bn_eval(layer, bn, transpose)
    fusions.append({
        'kind': kind, 'layer': params(layer), 'bn': params(bn), 'eps': bn.eps, 'transpose': transpose, 'x': record(x),
        'weight': record(fused.weight), 'bias': record(fused.bias), 'fused_out': record(fused(x)), 'out': record(bn(layer(x))),
    })
out['fusion'] = fusions

# ---- torch.matrix_exp of a batch of general matrices (norms around 5, so squared several times), and its gradient
A = (torch.randn(2, 4, 4) * 2).requires_grad_()
E = torch.matrix_exp(A)
g = torch.randn(2, 4, 4)
(E * g).sum().backward()
out['matrix_exp'] = {'A': record(A), 'out': record(E), 'grad_out': record(g), 'grad': record(A.grad)}

with open('test/fixtures/parametrize.json', 'w') as f:
    json.dump(out, f)
