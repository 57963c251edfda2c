#!/usr/bin/python3
"""Reference values for the normalization layers from PyTorch, for test/normalization.test.ts.

Run: /usr/bin/python3 scripts/gen_norm_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Each case builds a module (or calls F.batch_norm), sets its parameters, and runs a few steps; a step records
its input, the output, the gradients of sum(output * r) for a fixed r (input, weight, bias), and the buffers
afterwards. Inputs and parameters are float32 values; the results are computed in float64 from them (the
module converted with .double()), so the tests measure torchlet's float32 error itself: PyTorch's float32
layer_norm on an ill-conditioned input (1 +- 0.01) is 2.2e-5 off, torchlet's 0.9e-5. JSON numbers, exact.
"""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/norm.json'


def values(t):
    return t.detach().flatten().tolist()


def run_module(name, ctor, module, steps):
    """steps: (mode, input shape, scale, shift) per step."""
    state = {k: values(v) for k, v in module.state_dict().items() if v.dtype == torch.float32}
    records = []
    module.double()
    for mode, shape, scale, shift in steps:
        module.train(mode == 'train')
        x = (torch.randn(shape) * scale + shift).double().requires_grad_(True)
        y = module(x)
        r = torch.randn(y.shape).double()
        module.zero_grad()
        (y * r).sum().backward()
        step = {'mode': mode, 'shape': list(shape), 'x': values(x), 'r': values(r), 'y': values(y), 'grad_x': values(x.grad)}
        for pname, p in module.named_parameters():
            step['grad_' + pname] = values(p.grad)
        step['buffers'] = {k: values(v) for k, v in module.named_buffers()}
        records.append(step)
    return {'id': name, 'ctor': ctor, 'state': state, 'steps': records}


def randomized(module):
    """Parameters other than PyTorch's ones/zeros init, so the tests see weight and bias act."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape))
    return module


cases = [
    run_module('BatchNorm1d(4) 2-D', ['BatchNorm1d', 4], randomized(nn.BatchNorm1d(4)),
               [('train', (8, 4), 3, 1), ('train', (5, 4), 2, -1), ('train', (2, 4), 1, 0), ('eval', (3, 4), 2, 0.5)]),
    run_module('BatchNorm1d(3, momentum=None) cumulative', ['BatchNorm1d', 3, {'momentum': None}], nn.BatchNorm1d(3, momentum=None),
               [('train', (6, 3), 1, 2), ('train', (4, 3), 5, 0), ('train', (7, 3), 0.5, -3), ('eval', (2, 3), 1, 0)]),
    run_module('BatchNorm1d(3, affine=False) 3-D', ['BatchNorm1d', 3, {'affine': False, 'eps': 0.001, 'momentum': 0.25}],
               nn.BatchNorm1d(3, affine=False, eps=0.001, momentum=0.25),
               [('train', (4, 3, 5), 2, 1), ('train', (2, 3, 1), 1, 0), ('eval', (3, 3, 2), 1, 1)]),
    run_module('BatchNorm1d(2, track_running_stats=False)', ['BatchNorm1d', 2, {'track_running_stats': False}],
               randomized(nn.BatchNorm1d(2, track_running_stats=False)),
               [('train', (5, 2), 1, 0), ('eval', (4, 2), 3, 2)]),
    run_module('BatchNorm2d(2, eps=1e-3, momentum=0.3)', ['BatchNorm2d', 2, 0.001, 0.3], randomized(nn.BatchNorm2d(2, eps=1e-3, momentum=0.3)),
               [('train', (3, 2, 4, 5), 2, 1), ('train', (2, 2, 3, 3), 1, -2), ('eval', (1, 2, 2, 3), 1, 0)]),
    run_module('LayerNorm(5)', ['LayerNorm', 5], randomized(nn.LayerNorm(5)), [('train', (4, 5), 3, 1), ('eval', (2, 3, 5), 1, -1)]),
    run_module('LayerNorm([3, 4], elementwise_affine=False)', ['LayerNorm', [3, 4], {'elementwise_affine': False}],
               nn.LayerNorm([3, 4], elementwise_affine=False), [('train', (2, 3, 4), 2, 0), ('train', (3, 4), 1, 5)]),
    run_module('LayerNorm([2, 3], eps=1e-6)', ['LayerNorm', [2, 3], {'eps': 1e-6}], randomized(nn.LayerNorm([2, 3], eps=1e-6)),
               [('train', (4, 2, 3), 0.01, 1)]),
]

# F.batch_norm in evaluation mode with given statistics, weight and bias (x, weight and bias get gradients)
x = (torch.randn(6, 3, 2) * 2).double().requires_grad_(True)
mean, var = torch.randn(3).double(), (torch.rand(3) + 0.5).double()
w, b = torch.randn(3).double().requires_grad_(True), torch.randn(3).double().requires_grad_(True)
y = F.batch_norm(x, mean, var, w, b, False, 0.1, 1e-4)
r = torch.randn(y.shape).double()
(y * r).sum().backward()
functional = {'x': values(x), 'shape': list(x.shape), 'running_mean': values(mean), 'running_var': values(var), 'weight': values(w), 'bias': values(b),
              'eps': 1e-4, 'r': values(r), 'y': values(y), 'grad_x': values(x.grad), 'grad_weight': values(w.grad), 'grad_bias': values(b.grad)}

# GroupNorm and InstanceNorm, appended after everything above so the inputs above stay as they were
cases += [
    run_module('GroupNorm(2, 4)', ['GroupNorm', 2, 4], randomized(nn.GroupNorm(2, 4)), [('train', (3, 4, 5), 2, 1), ('eval', (2, 4, 2, 3), 1, -1)]),
    run_module('GroupNorm(3, 3, eps=1e-3, affine=False)', ['GroupNorm', 3, 3, {'eps': 0.001, 'affine': False}],
               nn.GroupNorm(3, 3, eps=1e-3, affine=False), [('train', (4, 3, 2), 1, 0)]),
    run_module('GroupNorm(1, 6)', ['GroupNorm', 1, 6], randomized(nn.GroupNorm(1, 6)), [('train', (2, 6, 3), 3, 2)]),
    run_module('InstanceNorm1d(3)', ['InstanceNorm1d', 3], nn.InstanceNorm1d(3), [('train', (2, 3, 5), 2, 1), ('eval', (3, 4), 1, 0)]),
    run_module('InstanceNorm2d(2, affine=True, track_running_stats=True, momentum=0.2)',
               ['InstanceNorm2d', 2, {'affine': True, 'track_running_stats': True, 'momentum': 0.2}],
               randomized(nn.InstanceNorm2d(2, affine=True, track_running_stats=True, momentum=0.2)),
               [('train', (3, 2, 3, 4), 2, 1), ('train', (2, 3, 3), 1, -1), ('eval', (2, 2, 2, 3), 1, 0)]),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases, 'functional_eval': functional}, f, separators=(',', ':'))
print(len(cases), 'module cases')
