#!/usr/bin/python3
"""Reference values for F.fractional_max_pool2d / 3d from PyTorch, for test/fractional_pool.test.ts.

Run: /usr/bin/python3 scripts/gen_fractional_pool_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
The random samples are given (_random_samples), so the windows are PyTorch's own. Computed in float32 (the
windows depend on float32 arithmetic); inputs rounded to integers so windows hold equal maxima (the first wins);
outputs, indices and the gradient of sum(output * r). JSON numbers, exact.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/fractional_pool.json'


def values(t):
    return t.detach().flatten().tolist()


def case(name, fn, x_shape, kwargs, ties=False):
    x = torch.randn(x_shape) * 3
    x = (x.round() if ties else x).requires_grad_(True)
    batched = len(x_shape) == (4 if fn.endswith('2d') else 5)
    spatial = 2 if fn.endswith('2d') else 3
    samples = torch.rand((x_shape[0] if batched else 1), x_shape[1 if batched else 0], spatial)
    y, idx = getattr(F, fn)(x, _random_samples=samples, return_indices=True, **kwargs)
    r = torch.randn(y.shape)
    (y * r).sum().backward()
    return {'id': name, 'fn': fn, 'x_shape': list(x_shape), 'x': values(x), 'samples': values(samples), 'samples_shape': list(samples.shape),
            'kwargs': kwargs, 'y_shape': list(y.shape), 'y': values(y), 'indices': values(idx), 'r': values(r), 'grad': values(x.grad)}


cases = [
    case('2d kernel 2 output_size (5, 6)', 'fractional_max_pool2d', (2, 3, 9, 11), {'kernel_size': 2, 'output_size': [5, 6]}),
    case('2d kernel (3, 2) output_ratio 0.5, integer ties', 'fractional_max_pool2d', (1, 2, 10, 12), {'kernel_size': [3, 2], 'output_ratio': 0.5}, ties=True),
    case('2d kernel 3 output_size 7 (overlapping windows)', 'fractional_max_pool2d', (2, 1, 9, 9), {'kernel_size': 3, 'output_size': 7}),
    case('2d unbatched, output_size 1', 'fractional_max_pool2d', (2, 5, 6), {'kernel_size': 2, 'output_size': 1}),
    case('3d kernel 2 output_size (2, 3, 4)', 'fractional_max_pool3d', (1, 2, 5, 6, 7), {'kernel_size': 2, 'output_size': [2, 3, 4]}),
    case('3d kernel (1, 2, 3) output_ratio (0.6, 0.5, 0.4), unbatched', 'fractional_max_pool3d', (2, 6, 8, 10), {'kernel_size': [1, 2, 3], 'output_ratio': [0.6, 0.5, 0.4]}),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
