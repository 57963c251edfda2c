#!/usr/bin/python3
"""Reference values for F.affine_grid and F.grid_sample from PyTorch, for test/grid_sample.test.ts.

Run: /usr/bin/python3 scripts/gen_grid_sample_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Inputs are float32 values; outputs and the gradients of sum(output * r) w.r.t. the input and the grid (or theta)
are computed in float64 from them. JSON numbers, exact.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/grid_sample.json'


def values(t):
    return t.detach().flatten().tolist()


def sample_case(name, x_shape, grid_shape, kwargs, spread=1.2):
    # grid points spread a little beyond [-1, 1], so every padding rule is exercised
    x = torch.randn(x_shape).double().requires_grad_(True)
    grid = ((torch.rand(grid_shape) * 2 - 1) * spread).double().requires_grad_(True)
    y = F.grid_sample(x, grid, **kwargs)
    r = torch.randn(y.shape).double()
    (y * r).sum().backward()
    return {'id': name, 'kind': 'grid_sample', 'x_shape': list(x_shape), 'x': values(x), 'grid_shape': list(grid_shape),
            'grid': values(grid), 'kwargs': kwargs, 'y_shape': list(y.shape), 'y': values(y), 'r': values(r),
            'grad_x': values(x.grad), 'grad_grid': values(grid.grad)}


def affine_case(name, theta_shape, size, kwargs):
    theta = (torch.eye(theta_shape[1], theta_shape[2]) + 0.3 * torch.randn(theta_shape)).double().requires_grad_(True)
    y = F.affine_grid(theta, size, **kwargs)
    r = torch.randn(y.shape).double()
    (y * r).sum().backward()
    return {'id': name, 'kind': 'affine_grid', 'theta_shape': list(theta_shape), 'theta': values(theta), 'size': size,
            'kwargs': kwargs, 'y_shape': list(y.shape), 'y': values(y), 'r': values(r), 'grad_theta': values(theta.grad)}


cases = []
for mode in ['bilinear', 'nearest', 'bicubic']:
    for padding in ['zeros', 'border', 'reflection']:
        for align in [False, True]:
            cases.append(sample_case(f'grid_sample {mode} {padding} align_corners={align}', (2, 3, 5, 6), (2, 4, 3, 2),
                                     {'mode': mode, 'padding_mode': padding, 'align_corners': align}))
cases += [
    sample_case('grid_sample bilinear reflection, points far outside (several reflections)', (1, 2, 4, 3), (1, 5, 5, 2),
                {'padding_mode': 'reflection', 'align_corners': False}, spread=4),
    sample_case('grid_sample bicubic reflection align_corners, points far outside', (1, 1, 5, 4), (1, 3, 6, 2),
                {'mode': 'bicubic', 'padding_mode': 'reflection', 'align_corners': True}, spread=3),
    sample_case('grid_sample bilinear zeros, 1-pixel-wide input', (2, 2, 4, 1), (2, 3, 2, 2), {'align_corners': False}),
    affine_case('affine_grid 2-D', (2, 2, 3), [2, 3, 4, 5], {'align_corners': False}),
    affine_case('affine_grid 2-D align_corners', (1, 2, 3), [1, 1, 3, 2], {'align_corners': True}),
    affine_case('affine_grid 3-D', (2, 3, 4), [2, 1, 2, 3, 4], {'align_corners': False}),
]

# a spatial transformer's step: grid_sample of affine_grid, gradient to theta
theta = (torch.eye(2, 3) + 0.2 * torch.randn(1, 2, 3)).double().requires_grad_(True)
x = torch.randn(1, 2, 6, 5).double()
y = F.grid_sample(x, F.affine_grid(theta, [1, 2, 4, 4], align_corners=False), align_corners=False)
r = torch.randn(y.shape).double()
(y * r).sum().backward()
stn = {'theta': values(theta), 'x_shape': [1, 2, 6, 5], 'x': values(x), 'y': values(y), 'r': values(r), 'grad_theta': values(theta.grad)}

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases, 'stn': stn}, f, separators=(',', ':'))
print(len(cases), 'cases')
