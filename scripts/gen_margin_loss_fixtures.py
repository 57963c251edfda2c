#!/usr/bin/python3
"""Reference values for the ranking, embedding and likelihood losses and F.pairwise_distance from PyTorch, for
test/margin_losses.test.ts.

Run: /usr/bin/python3 scripts/gen_margin_loss_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Each case: float32 argument tensors (int64 class targets), PyTorch's result and the gradients of sum(result * r)
with respect to each floating argument marked differentiable, computed in float64 from the float32 values.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/margin_losses.json'


def values(t):
    return t.detach().flatten().tolist()


def f32(*shape, scale=1.0, shift=0.0):
    return (torch.randn(shape) * scale + shift).double()


def signs(*shape):
    return (torch.randint(0, 2, shape) * 2 - 1).double()


def case(name, fn, args, differentiable, kwargs=None, keyword_tensors=()):
    """args: tensors in order, the last len(keyword_tensors) of them passed by those keywords; differentiable:
    which of them get gradients."""
    kwargs = kwargs or {}
    args = [a.clone().requires_grad_(d) if a.is_floating_point() else a for a, d in zip(args, differentiable)]
    positional = args[:len(args) - len(keyword_tensors)]
    out = getattr(F, fn)(*positional, **kwargs, **dict(zip(keyword_tensors, args[len(positional):])))
    r = torch.randn(out.shape).double()
    (out * r).sum().backward()
    return {'id': name, 'fn': fn, 'kwargs': kwargs, 'keyword_tensors': list(keyword_tensors),
            'args': [{'dtype': 'int64' if not a.is_floating_point() else 'float32', 'shape': list(a.shape), 'values': values(a)} for a in args],
            'out_shape': list(out.shape), 'out': values(out), 'r': values(r),
            'grads': [values(a.grad) if d else None for a, d in zip(args, differentiable)]}


cases = [
    case('margin_ranking_loss', 'margin_ranking_loss', [f32(6), f32(6), signs(6)], [True, True, False]),
    case('margin_ranking_loss margin 0.5, none', 'margin_ranking_loss', [f32(6), f32(6), signs(6)], [True, True, False], {'margin': 0.5, 'reduction': 'none'}),
    case('hinge_embedding_loss', 'hinge_embedding_loss', [f32(3, 4), signs(3, 4)], [True, False]),
    case('hinge_embedding_loss margin 2, sum', 'hinge_embedding_loss', [f32(5), signs(5)], [True, False], {'margin': 2.0, 'reduction': 'sum'}),
    case('soft_margin_loss', 'soft_margin_loss', [f32(3, 4, scale=3), signs(3, 4)], [True, False]),
    case('cosine_embedding_loss', 'cosine_embedding_loss', [f32(4, 5), f32(4, 5), signs(4)], [True, True, False]),
    case('cosine_embedding_loss margin 0.2, none, 1-D', 'cosine_embedding_loss', [f32(5), f32(5), signs(1).reshape([])], [True, True, False], {'margin': 0.2, 'reduction': 'none'}),
    case('triplet_margin_loss', 'triplet_margin_loss', [f32(4, 6), f32(4, 6), f32(4, 6)], [True, True, True]),
    case('triplet_margin_loss p 1, swap, margin 3', 'triplet_margin_loss', [f32(3, 5), f32(3, 5), f32(3, 5)], [True, True, True], {'p': 1.0, 'swap': True, 'margin': 3.0}),
    case('pairwise_distance', 'pairwise_distance', [f32(4, 3), f32(4, 3)], [True, True]),
    case('pairwise_distance p 3 keepdim', 'pairwise_distance', [f32(2, 3, 4), f32(2, 3, 4)], [True, True], {'p': 3.0, 'keepdim': True}),
    case('multilabel_soft_margin_loss', 'multilabel_soft_margin_loss', [f32(3, 5, scale=2), torch.randint(0, 2, (3, 5)).double()], [True, False]),
    case('multilabel_soft_margin_loss weight, none', 'multilabel_soft_margin_loss', [f32(3, 4), torch.randint(0, 2, (3, 4)).double(), torch.rand(4).double()], [True, False, False],
         {'reduction': 'none'}),
    case('multi_margin_loss', 'multi_margin_loss', [f32(4, 5), torch.tensor([0, 4, 2, 2])], [True, False]),
    case('multi_margin_loss p 2, margin 0.5, weight', 'multi_margin_loss', [f32(3, 4), torch.tensor([3, 0, 1]), torch.rand(4).double()], [True, False, False],
         {'p': 2, 'margin': 0.5}, ['weight']),
    case('poisson_nll_loss', 'poisson_nll_loss', [f32(3, 4, scale=0.5), torch.randint(0, 5, (3, 4)).double()], [True, False]),
    case('poisson_nll_loss full, not log_input', 'poisson_nll_loss', [torch.rand(3, 4).double() + 0.1, torch.randint(0, 5, (3, 4)).double()], [True, False],
         {'log_input': False, 'full': True}),
    case('gaussian_nll_loss', 'gaussian_nll_loss', [f32(4, 3), f32(4, 3), torch.rand(4, 3).double() + 0.1], [True, True, True]),
    case('gaussian_nll_loss homoscedastic var, full, eps clamps', 'gaussian_nll_loss', [f32(4, 3), f32(4, 3), torch.tensor([0.5, 1e-9, 2.0, 0.3]).double()], [True, True, True],
         {'full': True, 'eps': 1e-3}),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
