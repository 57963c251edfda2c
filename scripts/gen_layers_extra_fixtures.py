#!/usr/bin/python3
"""Reference values for F.bilinear, local_response_norm, lp_pool1d/2d, max_unpool1d/2d, channel_shuffle, pdist,
the *_with_indices poolings, triplet_margin_with_distance_loss and multilabel_margin_loss from PyTorch, for
test/layers_extra.test.ts.

Run: /usr/bin/python3 scripts/gen_layers_extra_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Each case: float32 argument tensors (int64 indices and targets), passed positionally, then the keyword arguments;
PyTorch's result (the first of a (values, indices) pair, the indices kept apart) and the gradients of
sum(result * r) with respect to each floating argument marked differentiable, computed in float64 from the float32
values. triplet_margin_with_distance_loss's distance_function is named by 'distance' (the test maps the name).
NaN and infinities are written as the strings 'nan', 'inf' and '-inf' (lp_pool of a negative sum is NaN in PyTorch).
"""
import json
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/layers_extra.json'

DISTANCES = {
    'pairwise_distance': None,
    'l1': lambda a, b: (a - b).abs().sum(-1),
    'cosine': lambda a, b: 1 - F.cosine_similarity(a, b),
}


def channel_shuffle(x, groups):
    """F.channel_shuffle, which has no derivative in PyTorch 1.13, as the reshape / transpose it is (checked equal),
    for the gradient torchlet's composed version has."""
    n, c = x.shape[:2]
    out = x.reshape(n, groups, c // groups, *x.shape[2:]).transpose(1, 2).reshape(x.shape)
    assert torch.equal(out, F.channel_shuffle(x.detach(), groups))
    return out


FUNCTIONS = {'channel_shuffle': channel_shuffle}


def values(t):
    """JSON has no NaN or infinity: those are written as the strings 'nan', 'inf' and '-inf'."""
    return [v if math.isfinite(v) else str(v) for v in t.detach().flatten().tolist()]


def f32(*shape, scale=1.0):
    """float32 values, held in float64."""
    return (torch.randn(shape) * scale).float().double()


def case(name, fn, args, differentiable, kwargs=None, distance=None):
    kwargs = kwargs or {}
    args = [a.clone().requires_grad_(d) if a.is_floating_point() else a for a, d in zip(args, differentiable)]
    extra = {'distance_function': DISTANCES[distance]} if distance else {}
    out = FUNCTIONS.get(fn, getattr(F, fn))(*args, **kwargs, **extra)
    indices = None
    if isinstance(out, tuple):
        out, indices = out
    r = torch.randn(out.shape).double()
    if any(differentiable):
        (out * r).sum().backward()
    # JSON has no infinity: pdist's p = inf is written as the string 'inf'
    rec = {'id': name, 'fn': fn, 'kwargs': {k: 'inf' if v == float('inf') else v for k, v in kwargs.items()}, 'distance': distance,
           'args': [{'dtype': 'float32' if a.is_floating_point() else 'int64', 'shape': list(a.shape), 'values': values(a)} for a in args],
           'out_shape': list(out.shape), 'out': values(out), 'r': values(r),
           'grads': [values(a.grad) if d else None for a, d in zip(args, differentiable)]}
    if indices is not None:
        rec['indices'] = values(indices)
    return rec


def pooled(x, spatial, **kwargs):
    """max_pool's values (float32, as a fresh tensor) and indices, for max_unpool."""
    v, i = (F.max_pool2d if spatial == 2 else F.max_pool1d)(x, return_indices=True, **kwargs)
    return v.detach().clone(), i


def with_zeros(*shape):
    """|randn| with about a third of the values 0, and the first plane's first two rows 0, so some pooling windows
    sum to 0."""
    x = f32(*shape).abs() * (torch.rand(shape) > 0.35).double()
    x.view(-1, *shape[-1:])[:2] = 0
    return x


cases = [
    case('bilinear', 'bilinear', [f32(4, 3), f32(4, 5), f32(2, 3, 5), f32(2)], [True] * 4),
    case('bilinear no bias, leading dims (2, 3)', 'bilinear', [f32(2, 3, 4), f32(2, 3, 2), f32(3, 4, 2)], [True] * 3),
    case('bilinear 1-D inputs', 'bilinear', [f32(3), f32(2), f32(4, 3, 2), f32(4)], [True] * 4),

    case('local_response_norm size 2, 3-D', 'local_response_norm', [f32(2, 5, 4)], [True], {'size': 2}),
    case('local_response_norm size 3 alpha 0.5 beta 0.9 k 2, 4-D', 'local_response_norm', [f32(2, 4, 3, 3, scale=2)], [True],
         {'size': 3, 'alpha': 0.5, 'beta': 0.9, 'k': 2.0}),
    case('local_response_norm size 6 > channels, 5-D', 'local_response_norm', [f32(1, 3, 2, 2, 3, scale=3)], [True],
         {'size': 6, 'alpha': 0.1}),

    case('lp_pool2d p 2, kernel 2, windows summing to 0', 'lp_pool2d', [with_zeros(2, 2, 4, 6)], [True], {'norm_type': 2, 'kernel_size': 2}),
    case('lp_pool2d p 1.5, kernel (3, 2), stride (1, 2), ceil_mode', 'lp_pool2d', [with_zeros(1, 2, 5, 7)], [True],
         {'norm_type': 1.5, 'kernel_size': [3, 2], 'stride': [1, 2], 'ceil_mode': True}),
    case('lp_pool2d p 3 (signed), unbatched', 'lp_pool2d', [f32(2, 4, 4)], [True], {'norm_type': 3, 'kernel_size': 2, 'stride': 2}),
    case('lp_pool1d p 2, kernel 3, stride 2', 'lp_pool1d', [with_zeros(2, 3, 9)], [True], {'norm_type': 2, 'kernel_size': 3, 'stride': 2}),
    case('lp_pool1d p 1 (signed sums), kernel 2, ceil_mode', 'lp_pool1d', [f32(2, 2, 7)], [True], {'norm_type': 1, 'kernel_size': 2, 'ceil_mode': True}),

    case('max_unpool2d kernel 2', 'max_unpool2d', [*pooled(f32(2, 3, 4, 6), 2, kernel_size=2)], [True, False], {'kernel_size': 2}),
    case('max_unpool2d kernel 3 stride 2 padding 1, output_size (N, C, 7, 6)', 'max_unpool2d',
         [*pooled(f32(1, 2, 7, 6), 2, kernel_size=3, stride=2, padding=1)], [True, False],
         {'kernel_size': 3, 'stride': 2, 'padding': 1, 'output_size': [1, 2, 7, 6]}),
    case('max_unpool2d overlapping windows (repeated indices), output_size (4, 4), unbatched', 'max_unpool2d',
         [*pooled(f32(2, 4, 4), 2, kernel_size=2, stride=1)], [True, False], {'kernel_size': 2, 'stride': 1, 'output_size': [4, 4]}),
    case('max_unpool2d a repeated index keeps the last value', 'max_unpool2d',
         [torch.tensor([[[[1.0, 2.0], [3.0, 4.0]]]]).double(), torch.tensor([[[[3, 3], [0, 3]]]])], [True, False], {'kernel_size': 2}),
    case('max_unpool1d kernel 2', 'max_unpool1d', [*pooled(f32(2, 3, 7), 1, kernel_size=2)], [True, False], {'kernel_size': 2}),
    case('max_unpool1d kernel 3 stride 2, output_size 10, unbatched', 'max_unpool1d', [*pooled(f32(2, 10), 1, kernel_size=3, stride=2)], [True, False],
         {'kernel_size': 3, 'stride': 2, 'output_size': [10]}),

    case('channel_shuffle 4-D groups 2', 'channel_shuffle', [f32(2, 6, 2, 3)], [True], {'groups': 2}),
    case('channel_shuffle 3-D groups 3', 'channel_shuffle', [f32(1, 6, 4)], [True], {'groups': 3}),

    case('pdist', 'pdist', [f32(5, 4)], [True]),
    case('pdist p 2, repeated rows (zero distance)', 'pdist', [torch.tensor([[1.0, 2.0], [1.0, 2.0], [0.5, -1.0], [1.0, 2.0]]).double()], [True]),
    case('pdist p 1', 'pdist', [f32(4, 3)], [True], {'p': 1.0}),
    case('pdist p 0', 'pdist', [torch.tensor([[1.0, 2.0, 0.0], [1.0, 3.0, 0.0], [2.0, 3.0, 1.0]]).double()], [True], {'p': 0.0}),
    case('pdist p 0.5, equal coordinates', 'pdist', [torch.tensor([[1.0, 2.0, 0.5], [1.0, 3.0, 0.5], [1.0, 2.0, 0.5]]).double()], [True], {'p': 0.5}),
    case('pdist p 1.5', 'pdist', [f32(4, 3)], [True], {'p': 1.5}),
    case('pdist p 3', 'pdist', [f32(4, 3)], [True], {'p': 3.0}),
    case('pdist p inf, tied maxima', 'pdist', [torch.tensor([[0.0, 0.0], [1.0, 1.0], [1.0, -1.0], [2.0, 0.5]]).double()], [True], {'p': float('inf')}),
    case('pdist one row', 'pdist', [f32(1, 3)], [True]),

    case('max_pool2d_with_indices', 'max_pool2d_with_indices', [f32(1, 2, 5, 5)], [True], {'kernel_size': 3, 'stride': 2, 'padding': 1}),
    case('max_pool1d_with_indices', 'max_pool1d_with_indices', [f32(2, 2, 7)], [True], {'kernel_size': 2}),
    case('adaptive_max_pool2d_with_indices', 'adaptive_max_pool2d_with_indices', [f32(1, 2, 5, 7)], [True], {'output_size': [2, 3]}),
    case('adaptive_max_pool1d_with_indices', 'adaptive_max_pool1d_with_indices', [f32(2, 3, 8)], [True], {'output_size': 3}),

    case('triplet_margin_with_distance_loss', 'triplet_margin_with_distance_loss', [f32(4, 5), f32(4, 5), f32(4, 5)], [True] * 3),
    case('triplet_margin_with_distance_loss swap, margin 2, none', 'triplet_margin_with_distance_loss', [f32(4, 5), f32(4, 5), f32(4, 5)], [True] * 3,
         {'swap': True, 'margin': 2.0, 'reduction': 'none'}),
    case('triplet_margin_with_distance_loss L1 distance, sum', 'triplet_margin_with_distance_loss', [f32(3, 4), f32(3, 4), f32(3, 4)], [True] * 3,
         {'reduction': 'sum', 'margin': 3.0}, distance='l1'),
    case('triplet_margin_with_distance_loss cosine distance, swap', 'triplet_margin_with_distance_loss', [f32(5, 3), f32(5, 3), f32(5, 3)], [True] * 3,
         {'swap': True, 'margin': 0.5}, distance='cosine'),

    case('multilabel_margin_loss', 'multilabel_margin_loss', [f32(3, 5), torch.tensor([[3, 0, -1, 1, 2], [1, 2, 3, 0, 4], [4, -1, 0, 0, 0]])], [True, False]),
    case('multilabel_margin_loss repeated class, no terminator, none', 'multilabel_margin_loss',
         [f32(3, 4), torch.tensor([[2, 2, -1, 0], [0, 1, 2, 3], [-1, 1, 1, 1]])], [True, False], {'reduction': 'none'}),
    case('multilabel_margin_loss 1-D, sum', 'multilabel_margin_loss', [f32(6, scale=0.3), torch.tensor([5, 1, -1, 0, 0, 0])], [True, False], {'reduction': 'sum'}),
    case('multilabel_margin_loss 1-D, none', 'multilabel_margin_loss', [f32(4, scale=0.3), torch.tensor([0, 3, -1, 2])], [True, False], {'reduction': 'none'}),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
