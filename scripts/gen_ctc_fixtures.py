#!/usr/bin/python3
"""Reference values for F.ctc_loss from PyTorch, for test/ctc.test.ts.

Run: /usr/bin/python3 scripts/gen_ctc_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
log_probs are float32 log_softmax values; the loss and its gradient w.r.t. log_probs (PyTorch's, which treats
them as log_softmax's output) are computed in float64 from them. JSON numbers (inf as the string 'inf').
"""
import json
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/ctc.json'


def values(t):
    return [v if math.isfinite(v) else str(v) for v in t.detach().flatten().tolist()]


def case(name, T, N, C, targets, input_lengths, target_lengths, kwargs, unbatched=False):
    lp = torch.randn(T, C) if unbatched else torch.randn(T, N, C)
    lp = lp.log_softmax(-1).double().requires_grad_(True)
    y = F.ctc_loss(lp, torch.tensor(targets), input_lengths, target_lengths, **kwargs)
    r = torch.randn(y.shape).double()
    (y * r).sum().backward()
    return {'id': name, 'lp_shape': list(lp.shape), 'lp': values(lp), 'targets': targets, 'input_lengths': input_lengths,
            'target_lengths': target_lengths, 'kwargs': kwargs, 'y_shape': list(y.shape), 'y': values(y), 'r': values(r),
            'grad': values(lp.grad)}


cases = [
    case('mean, padded targets', 6, 3, 5, [[1, 2, 2], [3, 1, 0], [4, 4, 4]], [6, 5, 6], [3, 2, 2], {}),
    case('sum, concatenated targets, repeated labels', 8, 2, 4, [1, 1, 2, 3, 3, 3], [8, 7], [3, 3], {'reduction': 'sum'}),
    case('none, blank 2, a short input', 5, 3, 4, [[1, 3], [0, 1], [3, 3]], [5, 2, 4], [2, 1, 2], {'blank': 2, 'reduction': 'none'}),
    # (not a zero-length input: PyTorch 1.13 then reads outside its alpha table; test/ctc.test.ts checks torchlet's 0 / inf)
    case('none, empty targets, a one-step input', 4, 3, 3, [[1, 2], [1, 1], [2, 1]], [4, 3, 1], [2, 0, 0], {'reduction': 'none'}),
    case('none, an impossible alignment (infinite loss)', 3, 2, 3, [[1, 1, 1], [1, 2, 1]], [3, 3], [3, 3], {'reduction': 'none'}),
    case('mean, zero_infinity', 3, 2, 3, [[1, 1, 1], [1, 2, 1]], [3, 3], [3, 2], {'zero_infinity': True}),
    case('unbatched', 7, 1, 4, [3, 1, 3], [7], [3], {}, unbatched=True),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
