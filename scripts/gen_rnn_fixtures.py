#!/usr/bin/python3
"""Reference values for nn.RNN, nn.LSTM and nn.GRU from PyTorch, for test/rnn.test.ts.

Run: /usr/bin/python3 scripts/gen_rnn_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Each case: the module's float32 parameters (state_dict), a float32 input and initial state; PyTorch's output,
final state, and the gradients of sum(output * r) + sum(h_n * r_h) (+ sum(c_n * r_c)) w.r.t. the input, the
initial state and every parameter, computed in float64 from those float32 values. JSON numbers, exact.
"""
import json

import torch
import torch.nn as nn

torch.manual_seed(0)
OUT = 'test/fixtures/rnn.json'


def values(t):
    return t.detach().flatten().tolist()


def case(name, ctor, args, kwargs, x_shape, with_state):
    module = getattr(nn, ctor)(*args, **kwargs)
    state = {k: values(v) for k, v in module.state_dict().items()}
    module.double()
    x = torch.randn(x_shape).double().requires_grad_(True)
    layers = module.num_layers * (2 if module.bidirectional else 1)
    batched = len(x_shape) == 3
    n = x_shape[0 if module.batch_first else 1] if batched else None
    hshape = (layers, n, module.hidden_size) if batched else (layers, module.hidden_size)
    hx = None
    if with_state:
        h0 = torch.randn(hshape).double().requires_grad_(True)
        hx = (h0, torch.randn(hshape).double().requires_grad_(True)) if ctor == 'LSTM' else h0
    out, hn = module(x, hx)
    states = list(hn) if ctor == 'LSTM' else [hn]
    rs = [torch.randn(out.shape).double()] + [torch.randn(s.shape).double() for s in states]
    loss = (out * rs[0]).sum() + sum((s * r).sum() for s, r in zip(states, rs[1:]))
    loss.backward()
    rec = {'id': name, 'ctor': ctor, 'args': list(args), 'kwargs': kwargs, 'state': state,
           'x_shape': list(x_shape), 'x': values(x), 'out_shape': list(out.shape), 'out': values(out),
           'states': [values(s) for s in states], 'state_shape': list(states[0].shape), 'r': [values(r) for r in rs],
           'grad_x': values(x.grad), 'grads': {k: values(p.grad) for k, p in module.named_parameters()}}
    if with_state:
        inits = list(hx) if ctor == 'LSTM' else [hx]
        rec['hx'] = [values(h) for h in inits]
        rec['grad_hx'] = [values(h.grad) for h in inits]
    return rec


cases = [
    case('RNN tanh', 'RNN', [3, 4], {}, (5, 2, 3), False),
    case('RNN relu, 2 layers, initial state', 'RNN', [3, 4], {'num_layers': 2, 'nonlinearity': 'relu'}, (4, 2, 3), True),
    case('LSTM', 'LSTM', [3, 4], {}, (5, 2, 3), True),
    case('LSTM 2 layers bidirectional batch_first', 'LSTM', [3, 4], {'num_layers': 2, 'bidirectional': True, 'batch_first': True}, (2, 5, 3), True),
    case('LSTM unbatched, no bias', 'LSTM', [2, 3], {'bias': False}, (4, 2), False),
    case('GRU', 'GRU', [3, 4], {}, (5, 2, 3), True),
    case('GRU bidirectional', 'GRU', [3, 2], {'bidirectional': True}, (6, 1, 3), False),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
