#!/usr/bin/python3
"""Reference values for nn.RNN, nn.LSTM, nn.GRU (also on packed sequences) and their cells from PyTorch, for test/rnn.test.ts.

Run: /usr/bin/python3 scripts/gen_rnn_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Each case: the module's float32 parameters (state_dict), a float32 input and initial state; PyTorch's output,
final state, and the gradients of sum(output * r) + sum(h_n * r_h) (+ sum(c_n * r_c)) w.r.t. the input, the
initial state and every parameter, computed in float64 from those float32 values. JSON numbers, exact.
"""
import json

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

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



def cell_case(name, ctor, args, x_shape, with_state):
    """A cell applied twice (the second step from the first's state): outputs and the gradients of
    sum(h2 * r) (+ sum(c2 * r_c)) w.r.t. both inputs, the initial state and every parameter."""
    module = getattr(nn, ctor)(*args)
    state = {k: values(v) for k, v in module.state_dict().items()}
    module.double()
    xs = [torch.randn(x_shape).double().requires_grad_(True) for _ in range(2)]
    hshape = (x_shape[0], module.hidden_size) if len(x_shape) == 2 else (module.hidden_size,)
    lstm = ctor == 'LSTMCell'
    hx = None
    if with_state:
        hx = tuple(torch.randn(hshape).double().requires_grad_(True) for _ in range(2 if lstm else 1))
    state1 = module(xs[0], hx if lstm else (hx[0] if hx else None))
    out = module(xs[1], state1)
    outs = list(out) if lstm else [out]
    rs = [torch.randn(o.shape).double() for o in outs]
    sum((o * r).sum() for o, r in zip(outs, rs)).backward()
    rec = {'id': name, 'ctor': ctor, 'args': list(args), 'state': state, 'x_shape': list(x_shape), 'xs': [values(x) for x in xs],
           'outs': [values(o) for o in outs], 'out_shape': list(outs[0].shape), 'r': [values(r) for r in rs],
           'grad_xs': [values(x.grad) for x in xs], 'grads': {k: values(p.grad) for k, p in module.named_parameters()}}
    if with_state:
        rec['hx'] = [values(h) for h in hx]
        rec['grad_hx'] = [values(h.grad) for h in hx]
    return rec


# the cells, appended after the layers so the inputs above stay as they were
cells = [
    cell_case('RNNCell tanh, initial state', 'RNNCell', [3, 4], (2, 3), True),
    cell_case('RNNCell relu, no bias, unbatched', 'RNNCell', [3, 4, False, 'relu'], (3,), False),
    cell_case('LSTMCell, initial state', 'LSTMCell', [3, 4], (2, 3), True),
    cell_case('LSTMCell unbatched', 'LSTMCell', [2, 3], (2,), False),
    cell_case('GRUCell, initial state', 'GRUCell', [3, 4], (2, 3), True),
    cell_case('GRUCell no bias', 'GRUCell', [3, 2, False], (1, 3), False),
]



def packed_case(name, ctor, args, kwargs, x_shape, lengths, enforce_sorted, with_state):
    """A layer run on pack_padded_sequence(x, lengths): the packed output's data and batch sizes, h_n (and c_n),
    and the gradients of sum(output.data * r) + sum(h_n * r_h) (+ sum(c_n * r_c)) w.r.t. the padded input, the
    initial state and every parameter."""
    module = getattr(nn, ctor)(*args, **kwargs)
    state = {k: values(v) for k, v in module.state_dict().items()}
    module.double()
    x = torch.randn(x_shape).double().requires_grad_(True)
    layers = module.num_layers * (2 if module.bidirectional else 1)
    n = x_shape[0 if module.batch_first else 1]
    hx = None
    if with_state:
        shape = (layers, n, module.hidden_size)
        hx = tuple(torch.randn(shape).double().requires_grad_(True) for _ in range(2 if ctor == 'LSTM' else 1))
    packed = pack_padded_sequence(x, lengths, batch_first=module.batch_first, enforce_sorted=enforce_sorted)
    out, hn = module(packed, (hx if ctor == 'LSTM' else hx[0]) if hx else None)
    states = list(hn) if ctor == 'LSTM' else [hn]
    rs = [torch.randn(out.data.shape).double()] + [torch.randn(s.shape).double() for s in states]
    loss = (out.data * rs[0]).sum() + sum((s * r).sum() for s, r in zip(states, rs[1:]))
    loss.backward()
    rec = {'id': name, 'ctor': ctor, 'args': list(args), 'kwargs': kwargs, 'state': state, 'x_shape': list(x_shape),
           'x': values(x), 'lengths': lengths, 'enforce_sorted': enforce_sorted, 'data_shape': list(out.data.shape),
           'data': values(out.data), 'batch_sizes': out.batch_sizes.tolist(),
           'sorted_indices': None if out.sorted_indices is None else out.sorted_indices.tolist(),
           'states': [values(s) for s in states], 'state_shape': list(states[0].shape), 'r': [values(r) for r in rs],
           'grad_x': values(x.grad), 'grads': {k: values(p.grad) for k, p in module.named_parameters()}}
    if with_state:
        rec['hx'] = [values(h) for h in hx]
        rec['grad_hx'] = [values(h.grad) for h in hx]
    return rec


# layers on packed sequences, appended likewise
packed = [
    packed_case('RNN on sorted lengths', 'RNN', [3, 4], {}, (5, 3, 3), [5, 3, 1], True, False),
    packed_case('LSTM 2 layers bidirectional, unsorted lengths, initial state', 'LSTM', [3, 4], {'num_layers': 2, 'bidirectional': True},
                (4, 4, 3), [2, 4, 1, 2], False, True),
    packed_case('GRU batch_first bidirectional, unsorted lengths, initial state', 'GRU', [2, 3], {'batch_first': True, 'bidirectional': True},
                (3, 5, 2), [3, 5, 5], False, True),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases, 'cells': cells, 'packed': packed}, f, separators=(',', ':'))
print(len(cases), 'cases', len(cells), 'cells', len(packed), 'packed')
