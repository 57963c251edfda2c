#!/usr/bin/python3
"""Reference values for nn.AdaptiveLogSoftmaxWithLoss from PyTorch, for test/adaptive_softmax.test.ts.

Run: /usr/bin/python3 scripts/gen_adaptive_softmax_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Each case: the module's float32 parameters (state_dict) and input, then in float64 from those values: forward's
output and loss, the gradients of loss + sum(output * r) w.r.t. the input and every parameter, log_prob and predict.
"""
import json

import torch
import torch.nn as nn

torch.manual_seed(0)
OUT = 'test/fixtures/adaptive_softmax.json'


def values(t):
    return t.detach().flatten().tolist()


def case(name, args, kwargs, x_shape, targets):
    m = nn.AdaptiveLogSoftmaxWithLoss(*args, **kwargs)
    state = {k: values(v) for k, v in m.state_dict().items()}
    m.double()
    x = torch.randn(x_shape).double().requires_grad_(True)
    t = torch.tensor(targets)
    out = m(x, t)
    r = torch.randn(out.output.shape).double()
    (out.loss + (out.output * r).sum()).backward()
    return {'id': name, 'args': args, 'kwargs': kwargs, 'state': state, 'x_shape': list(x_shape), 'x': values(x),
            'targets': targets, 'output': values(out.output), 'loss': out.loss.item(), 'r': values(r),
            'grad_x': values(x.grad), 'grads': {k: None if p.grad is None else values(p.grad) for k, p in m.named_parameters()},
            'log_prob': values(m.log_prob(x)) if len(x_shape) == 2 else None,  # PyTorch's log_prob is 2-D only
            'predict': m.predict(x).tolist() if len(x_shape) == 2 else None}


cases = [
    case('two clusters, every cluster hit', [8, 10, [3, 6]], {'div_value': 2.0}, (6, 8), [0, 4, 9, 2, 6, 5]),
    case('head bias, shortlist rows only', [6, 12, [4]], {'head_bias': True}, (3, 6), [0, 3, 1]),
    case('three clusters, default div_value, a cluster not hit', [16, 20, [2, 5, 12]], {}, (5, 16), [1, 13, 19, 4, 0]),
    case('unbatched', [8, 10, [3, 6]], {'div_value': 2.0}, (8,), 7),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
