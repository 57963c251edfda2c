#!/usr/bin/python3
"""Reference values for index_select, gather and F.embedding from PyTorch, for test/indexing.test.ts.

Run: /usr/bin/python3 scripts/gen_indexing_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Inputs are float32 values; outputs, gradients of sum(output * r) and renormalized weights are computed in
float64 from them. JSON numbers, exact.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/indexing.json'


def values(t):
    return t.detach().flatten().tolist()


def case(name, fn, x_shape, args, kwargs=None):
    x = torch.randn(x_shape).double().requires_grad_(True)
    torch_args = [torch.tensor(a) if isinstance(a, list) else a for a in args]
    y = fn(x, *torch_args, **(kwargs or {}))
    r = torch.randn(y.shape).double()
    (y * r).sum().backward()
    return {'id': name, 'x_shape': list(x_shape), 'x': values(x), 'args': args, 'kwargs': kwargs or {},
            'y_shape': list(y.shape), 'y': values(y), 'r': values(r), 'grad': values(x.grad)}


def embedding(x, indices, **kwargs):
    return F.embedding(indices, x, **kwargs)


cases = [
    dict(case('index_select dim 0, repeated', torch.index_select, (3, 4, 5), [0, [2, 0, 2, 1]]), fn='index_select'),
    dict(case('index_select dim 1', torch.index_select, (3, 4, 5), [1, [3, 1]]), fn='index_select'),
    dict(case('index_select dim -1', torch.index_select, (3, 4, 5), [-1, [4, 4, 0]]), fn='index_select'),
    dict(case('gather dim 0', torch.gather, (3, 4), [0, [[2, 0, 1, 1], [0, 0, 2, 1]]]), fn='gather'),
    dict(case('gather dim 1, smaller index', torch.gather, (3, 4), [1, [[3, 3], [0, 1]]]), fn='gather'),
    dict(case('gather dim 2 of 3-D', torch.gather, (2, 3, 4), [2, [[[0, 3, 3]], [[1, 2, 0]]]]), fn='gather'),
    dict(case('embedding', embedding, (6, 3), [[[0, 2, 2], [5, 1, 0]]]), fn='embedding'),
    dict(case('embedding padding_idx=2, scale_grad_by_freq', embedding, (6, 3), [[[0, 2, 2], [5, 1, 0]]],
              {'padding_idx': 2, 'scale_grad_by_freq': True}), fn='embedding'),
]

# max_norm renormalizes the looked-up rows of the weight in place
w = (torch.randn(5, 4) * 2).double()
w0 = w.clone()
y = F.embedding(torch.tensor([[1, 3], [3, 0]]), w, max_norm=1.5)
renorm = {'w': values(w0), 'w_after': values(w), 'y': values(y), 'indices': [[1, 3], [3, 0]], 'max_norm': 1.5}

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases, 'max_norm': renorm}, f, separators=(',', ':'))
print(len(cases), 'cases')
