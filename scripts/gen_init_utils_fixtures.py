#!/usr/bin/python3
"""Reference values for torch.nn.init's deterministic initializers and torch.nn.utils' reparametrizations, for
test/init_utils.test.ts.

Run: /usr/bin/python3 scripts/gen_init_utils_fixtures.py   (PyTorch 1.13; deterministic)
- eye / dirac: eye_(empty(shape)) and dirac_(empty(shape), groups) values.
- weight_norm: a module with fixed parameters (recorded), weight_norm(module, dim=...) applied, one forward on a
  fixed input and backward of sum(out * grad_out): weight_g, weight_v, the computed weight, the output and the
  gradients; then weight_g is scaled by 1.5 and remove_weight_norm's weight recorded.
- spectral_norm: a module with fixed parameters, spectral_norm(module, ...) applied, its random u and v replaced by
  fixed unit vectors (recorded); two training forwards (u, v, weight and output after each; the gradients of the
  first's sum(out * grad_out)), then an eval forward, then remove_spectral_norm's weight.
- trunc_normal: the truncated normal's exact mean and std (closed form) for trunc_normal_'s sample-moment tests.
All tensors float32; values are Python floats (exact float32 values).
"""
import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import weight_norm, remove_weight_norm, spectral_norm, remove_spectral_norm

torch.manual_seed(0)


def values(t):
    return t.detach().flatten().tolist()


def record(t):
    return {'shape': list(t.shape), 'values': values(t)}


EYE_SHAPES = [[3, 5], [4, 2], [3, 3], [0, 3], [1, 1]]
DIRAC_CASES = [([4, 3, 3], 1), ([2, 5, 4], 1), ([6, 4, 3, 3], 2), ([4, 2, 3, 4], 1), ([6, 3, 2, 3, 3], 3), ([3, 6, 5], 1),
               ([4, 2, 3], -1), ([8, 3, 3, 2], 4)]

# module name, constructor args, input shape
MODULES = {
    'linear': (nn.Linear, [4, 3], [5, 4]),
    'conv1d': (nn.Conv1d, [2, 3, 3], [2, 2, 6]),
    'conv2d': (nn.Conv2d, [2, 3, 2], [2, 2, 4, 3]),
    'conv_transpose2d': (nn.ConvTranspose2d, [3, 2, 2], [2, 3, 3, 3]),
}


def make(name):
    cls, args, input_shape = MODULES[name]
    m = cls(*args)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.randn(p.shape))
    x = torch.randn(input_shape)
    params = {k: record(p) for k, p in m.named_parameters()}
    return m, x, params


# name, module, weight_norm kwargs (dim None = whole-tensor norm)
WEIGHT_NORM_CASES = [
    ('linear_dim0', 'linear', {}),
    ('linear_dim1', 'linear', {'dim': 1}),
    ('linear_dim_none', 'linear', {'dim': None}),
    ('linear_dim_minus2', 'linear', {'dim': -2}),
    ('conv1d_dim0', 'conv1d', {}),
    ('conv1d_dim1', 'conv1d', {'dim': 1}),
    ('conv1d_dim2', 'conv1d', {'dim': 2}),
    ('conv2d_dim_none', 'conv2d', {'dim': None}),
]


def run_weight_norm(module_name, kwargs):
    m, x, params = make(module_name)
    weight_norm(m, **kwargs)
    g0, v0 = m.weight_g.detach().clone(), m.weight_v.detach().clone()
    out = m(x)
    grad_out = torch.randn(out.shape)
    (out * grad_out).sum().backward()
    result = {
        'params': params, 'x': record(x), 'grad_out': record(grad_out),
        'keys': list(m.state_dict().keys()),
        'weight_g': record(g0), 'weight_v': record(v0), 'weight': record(m.weight), 'out': record(out),
        'grads': {k: record(p.grad) for k, p in m.named_parameters()},
    }
    with torch.no_grad():
        m.weight_g.mul_(1.5)
    remove_weight_norm(m)
    result['removed'] = record(m.weight)
    return result


# name, module, spectral_norm kwargs
SPECTRAL_NORM_CASES = [
    ('linear', 'linear', {}),
    ('linear_3_iterations', 'linear', {'n_power_iterations': 3}),
    ('linear_dim1_eps', 'linear', {'dim': 1, 'eps': 1e-3}),
    ('conv2d', 'conv2d', {}),
    ('conv_transpose2d', 'conv_transpose2d', {}),
    ('conv1d_dim2', 'conv1d', {'dim': 2}),
]


def run_spectral_norm(module_name, kwargs):
    m, x, params = make(module_name)
    spectral_norm(m, **kwargs)
    with torch.no_grad():
        m.weight_u.copy_(F.normalize(torch.randn(m.weight_u.shape), dim=0))
        m.weight_v.copy_(F.normalize(torch.randn(m.weight_v.shape), dim=0))
    result = {'params': params, 'x': record(x), 'u0': record(m.weight_u), 'v0': record(m.weight_v),
              'keys': list(m.state_dict().keys()), 'steps': []}
    grad_out = None
    for step in range(2):
        out = m(x)
        if step == 0:
            grad_out = torch.randn(out.shape)
            (out * grad_out).sum().backward()
            result['grad_out'] = record(grad_out)
            result['grads'] = {k: record(p.grad) for k, p in m.named_parameters()}
        result['steps'].append({'u': record(m.weight_u), 'v': record(m.weight_v), 'weight': record(m.weight), 'out': record(out)})
    m.eval()
    out = m(x)
    result['eval'] = {'u': record(m.weight_u), 'v': record(m.weight_v), 'weight': record(m.weight), 'out': record(out)}
    remove_spectral_norm(m)
    result['removed'] = record(m.weight)
    return result


TRUNC_NORMAL_CASES = [{'mean': 0, 'std': 1, 'a': -2, 'b': 2}, {'mean': 1, 'std': 2, 'a': 0, 'b': 5},
                      {'mean': 0, 'std': 1, 'a': 3, 'b': 4}, {'mean': -1, 'std': 0.5, 'a': -10, 'b': 10}]


def trunc_normal_moments(mean, std, a, b):
    pdf = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
    cdf = lambda x: (1 + math.erf(x / math.sqrt(2))) / 2
    alpha, beta = (a - mean) / std, (b - mean) / std
    z = cdf(beta) - cdf(alpha)
    shift = (pdf(alpha) - pdf(beta)) / z
    var = 1 + (alpha * pdf(alpha) - beta * pdf(beta)) / z - shift ** 2
    return {'expected_mean': mean + std * shift, 'expected_std': std * math.sqrt(var)}


fixtures = {
    'trunc_normal': [{**case, **trunc_normal_moments(**case)} for case in TRUNC_NORMAL_CASES],
    'eye': [{'shape': shape, 'values': values(nn.init.eye_(torch.empty(shape)))} for shape in EYE_SHAPES],
    'dirac': [{'shape': shape, 'groups': groups, 'values': values(nn.init.dirac_(torch.empty(shape), groups))}
              for shape, groups in DIRAC_CASES],
    'weight_norm': [{'name': name, 'module': module, 'kwargs': kwargs, **run_weight_norm(module, kwargs)}
                    for name, module, kwargs in WEIGHT_NORM_CASES],
    'spectral_norm': [{'name': name, 'module': module, 'kwargs': kwargs, **run_spectral_norm(module, kwargs)}
                      for name, module, kwargs in SPECTRAL_NORM_CASES],
}

with open('test/fixtures/init_utils.json', 'w') as f:
    json.dump(fixtures, f, separators=(',', ':'))
    f.write('\n')
