#!/usr/bin/python3
"""Reference values for F.interpolate, F.pixel_shuffle and F.pixel_unshuffle from PyTorch, for test/upsampling.test.ts.

Run: /usr/bin/python3 scripts/gen_upsampling_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Computed in float32, not float64: which source pixels a resize reads depends on its float32 scale arithmetic,
so a float64 run could read others. Outputs and the gradients of sum(output * r); JSON numbers, exact.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/upsampling.json'


def values(t):
    return t.detach().flatten().tolist()


def case(name, fn, x_shape, kwargs):
    x = torch.randn(x_shape).requires_grad_(True)
    y = getattr(F, fn)(x, **kwargs)
    r = torch.randn(y.shape)
    (y * r).sum().backward()
    return {'id': name, 'fn': fn, 'kwargs': kwargs, 'x_shape': list(x_shape), 'x': values(x),
            'y_shape': list(y.shape), 'y': values(y), 'r': values(r), 'grad_x': values(x.grad)}


cases = [
    case('nearest scale 2', 'interpolate', (2, 3, 3, 4), {'scale_factor': 2}),
    case('nearest size (5, 7)', 'interpolate', (1, 2, 3, 4), {'size': [5, 7]}),
    case('nearest scale 1.7, 3-D', 'interpolate', (2, 2, 5), {'scale_factor': 1.7}),
    case('nearest downscale to (2, 3)', 'interpolate', (1, 2, 5, 7), {'size': [2, 3]}),
    case('nearest-exact size 5, 3-D', 'interpolate', (1, 3, 3), {'size': 5, 'mode': 'nearest-exact'}),
    case('nearest 5-D scale (2, 1, 3)', 'interpolate', (1, 2, 2, 3, 2), {'scale_factor': [2, 1, 3]}),
    case('linear size 7', 'interpolate', (2, 2, 4), {'size': 7, 'mode': 'linear'}),
    case('linear scale 2.5 align_corners', 'interpolate', (1, 3, 4), {'scale_factor': 2.5, 'mode': 'linear', 'align_corners': True}),
    case('bilinear size (5, 6)', 'interpolate', (2, 2, 3, 4), {'size': [5, 6], 'mode': 'bilinear'}),
    case('bilinear scale 0.5 (downsampling)', 'interpolate', (1, 2, 6, 7), {'scale_factor': 0.5, 'mode': 'bilinear'}),
    case('bilinear scale 2 align_corners', 'interpolate', (1, 1, 3, 4), {'scale_factor': 2, 'mode': 'bilinear', 'align_corners': True}),
    case('bilinear scale 1.5 recompute_scale_factor', 'interpolate', (1, 2, 3, 5),
         {'scale_factor': 1.5, 'mode': 'bilinear', 'recompute_scale_factor': True}),
    case('trilinear size (3, 4, 5)', 'interpolate', (1, 2, 2, 3, 3), {'size': [3, 4, 5], 'mode': 'trilinear'}),
    case('area size (3, 2)', 'interpolate', (2, 2, 7, 5), {'size': [3, 2], 'mode': 'area'}),
    case('area 3-D size 4', 'interpolate', (1, 3, 9), {'size': 4, 'mode': 'area'}),
    case('pixel_shuffle 2', 'pixel_shuffle', (2, 8, 2, 3), {'upscale_factor': 2}),
    case('pixel_shuffle 3, unbatched', 'pixel_shuffle', (9, 2, 2), {'upscale_factor': 3}),
    case('pixel_unshuffle 2, 5-D', 'pixel_unshuffle', (2, 1, 3, 4, 6), {'downscale_factor': 2}),
]

# bicubic, appended so the cases above keep their random inputs
cases += [
    case('bicubic size (5, 7)', 'interpolate', (2, 2, 3, 4), {'size': [5, 7], 'mode': 'bicubic'}),
    case('bicubic scale 2 align_corners', 'interpolate', (1, 2, 4, 3), {'scale_factor': 2, 'mode': 'bicubic', 'align_corners': True}),
    case('bicubic scale 0.6 (downsampling, taps clamped at the edges)', 'interpolate', (1, 1, 7, 6), {'scale_factor': 0.6, 'mode': 'bicubic'}),
    case('bicubic scale (1.5, 2.25)', 'interpolate', (1, 3, 4, 4), {'scale_factor': [1.5, 2.25], 'mode': 'bicubic'}),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
