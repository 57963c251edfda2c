#!/usr/bin/python3
"""Reference values for F.embedding_bag from PyTorch, for test/indexing.test.ts.

Run: /usr/bin/python3 scripts/gen_embedding_bag_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Weights (and per-sample weights) are float32 values; outputs and the gradients of sum(output * r) are computed in
float64 from them. JSON numbers, exact.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/embedding_bag.json'


def values(t):
    return t.detach().flatten().tolist()


def bags_from_embedding(idx, w, p, call):
    """F.embedding_bag's sum or mean for a 1-D input with offsets, from F.embedding's rows."""
    rows = F.embedding(idx, w, scale_grad_by_freq=True)
    if p is not None:
        rows = rows * p.unsqueeze(1)
    cuts = call['offsets'].tolist() + [len(idx)]
    bags = [rows[a:b].sum(0) for a, b in zip(cuts, cuts[1:])]
    if call.get('mode', 'mean') == 'mean':
        bags = [bag / (b - a) for bag, (a, b) in zip(bags, zip(cuts, cuts[1:]))]
    return torch.stack(bags)


def case(name, rows, dim, indices, kwargs, psw=False, integer_weights=False):
    w = torch.randn(rows, dim)
    w = (w * 2).round() if integer_weights else w  # equal values, so max mode's ties are exercised
    w = w.double().requires_grad_(True)
    idx = torch.tensor(indices)
    call = {k: (torch.tensor(v) if k == 'offsets' else v) for k, v in kwargs.items()}
    p = torch.randn(idx.shape).double().requires_grad_(True) if psw else None
    y = F.embedding_bag(idx, w, per_sample_weights=p, **call)
    r = torch.randn(y.shape).double()
    if kwargs.get('scale_grad_by_freq'):
        # PyTorch 1.13's CPU embedding_bag divides by the wrong index's count here (pytorch/pytorch#190063, fixed
        # in #190264): the gradient comes from the same bags built on F.embedding, whose scaling is the documented one
        y = bags_from_embedding(idx, w, p, call)
    (y * r).sum().backward()
    return {'id': name, 'w_shape': [rows, dim], 'w': values(w), 'indices': indices, 'kwargs': kwargs,
            'psw': values(p) if psw else None, 'y_shape': list(y.shape), 'y': values(y), 'r': values(r),
            'grad_w': values(w.grad), 'grad_psw': values(p.grad) if psw else None}


flat = [1, 2, 4, 5, 4, 3, 2, 9, 0, 2]
cases = [
    case('mean, 2-D input', 10, 3, [[1, 2, 4, 5], [4, 3, 2, 9]], {}),
    case('sum, 1-D input with offsets', 10, 3, flat, {'offsets': [0, 3, 7], 'mode': 'sum'}),
    case('max, 1-D input with offsets, an empty bag', 10, 4, flat, {'offsets': [0, 4, 4, 6], 'mode': 'max'}),
    case('max, integer weights (ties)', 6, 3, [[0, 1, 2, 3, 4, 5], [5, 5, 1, 1, 0, 2]], {'mode': 'max'}, integer_weights=True),
    case('sum with per_sample_weights', 10, 3, flat, {'offsets': [0, 5], 'mode': 'sum'}, psw=True),
    case('sum with per_sample_weights, 2-D input, padding_idx 2', 10, 3, [[1, 2, 2, 5], [2, 2, 2, 2], [4, 3, 2, 9]],
         {'mode': 'sum', 'padding_idx': 2}, psw=True),
    case('mean, padding_idx 2 left out of the count, include_last_offset', 10, 3, flat,
         {'offsets': [0, 4, 4, 7, 10], 'include_last_offset': True, 'padding_idx': 2}),
    # (not with include_last_offset: PyTorch 1.13's max-mode backward then corrupts its heap and aborts)
    case('max, padding_idx -1 (9)', 10, 2, flat, {'offsets': [0, 2, 8], 'mode': 'max', 'padding_idx': -1}),
    case('mean, scale_grad_by_freq', 10, 3, flat, {'offsets': [0, 3, 7], 'scale_grad_by_freq': True}),
    case('sum, scale_grad_by_freq, per_sample_weights', 10, 3, flat, {'offsets': [0, 6], 'mode': 'sum', 'scale_grad_by_freq': True}, psw=True),
]

# max_norm renormalizes the looked-up rows of the weight in place, before the bags are reduced
w = (torch.randn(6, 4) * 2).double()
w0 = w.clone()
y = F.embedding_bag(torch.tensor([1, 3, 3, 0, 5]), w, torch.tensor([0, 2]), max_norm=1.5, mode='sum')
max_norm = {'w0': values(w0), 'w_after': values(w), 'y': values(y), 'indices': [1, 3, 3, 0, 5], 'offsets': [0, 2], 'max_norm': 1.5}

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases, 'max_norm': max_norm}, f, separators=(',', ':'))
print(len(cases), 'cases')
