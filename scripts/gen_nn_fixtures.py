#!/usr/bin/python3
"""Reference values for the nn activations (forward and input gradient) from PyTorch, for test/nn_activations.test.ts.

Run: /usr/bin/python3 scripts/gen_nn_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Floats are stored as hex bit patterns of float32 so NaN/inf/-0 survive JSON exactly.
"""
import json
import struct

import torch
import torch.nn.functional as F

torch.manual_seed(0)


def bits(t):
    return [struct.unpack('<I', struct.pack('<f', v))[0] for v in t.detach().flatten().tolist()]


special = torch.tensor([0.0, -0.0, 1e-8, -1e-8, 1e-40, 0.5, -0.5, 1.0, -1.0, 2.9, -2.9, 3.0, -3.0, 6.0, 10.0, -10.0,
                        19.9, 20.1, -20.1, 50.0, -50.0, 88.0, -88.0, 1e30, -1e30, float('inf'), float('-inf'), float('nan')])
rand = torch.randn(67) * 4
inputs = {'special': special, 'randn67': rand}

# name -> (torchlet call description, python function)
cases = {
    'gelu': (['F.gelu'], lambda x: F.gelu(x)),
    'gelu_tanh': (['F.gelu', {'approximate': 'tanh'}], lambda x: F.gelu(x, approximate='tanh')),
    'silu': (['F.silu'], F.silu),
    'elu': (['F.elu'], F.elu),
    'elu_alpha': (['F.elu', 0.5], lambda x: F.elu(x, 0.5)),
    'selu': (['torch.selu'], torch.selu),
    'celu': (['torch.celu', 2.0], lambda x: torch.celu(x, 2.0)),
    'softplus': (['F.softplus'], F.softplus),
    'softplus_beta': (['F.softplus', 2, 5], lambda x: F.softplus(x, 2, 5)),
    'mish': (['F.mish'], F.mish),
    'hardtanh': (['F.hardtanh'], F.hardtanh),
    'hardtanh_range': (['F.hardtanh', -2, 3], lambda x: F.hardtanh(x, -2.0, 3.0)),
    'hardsigmoid': (['F.hardsigmoid'], F.hardsigmoid),
    'hardswish': (['F.hardswish'], F.hardswish),
    'prelu': (['torch.prelu', 'weight0.25'], lambda x: torch.prelu(x, torch.tensor([0.25]))),
    'softsign': (['F.softsign'], F.softsign),
    'logsigmoid': (['F.logsigmoid'], F.logsigmoid),
    'tanhshrink': (['F.tanhshrink'], F.tanhshrink),
    'log1p': (['torch.log1p'], torch.log1p),
    'expm1': (['torch.expm1'], torch.expm1),
    'erf': (['torch.erf'], torch.erf),
    'relu': (['F.relu'], F.relu),
    'relu6': (['F.relu6'], F.relu6),
    'leaky_relu': (['F.leaky_relu'], F.leaky_relu),
    'threshold': (['F.threshold', 0.5, -1.0], lambda x: F.threshold(x, 0.5, -1.0)),
    'sigmoid': (['torch.sigmoid'], torch.sigmoid),
    'tanh': (['torch.tanh'], torch.tanh),
}

records = []


def add(case_id, call, x0, fn, shape=None):
    """One case: fn's output and the gradient of sum(y * linspace(-1, 1)) at x0."""
    x = x0.clone().requires_grad_(True)
    y = fn(x)
    (y * torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward()
    records.append({'id': case_id, 'call': call, **({'shape': shape} if shape else {}), 'x': bits(x0), 'y': bits(y), 'grad': bits(x.grad)})


for name, (call, fn) in cases.items():
    for input_name, x0 in inputs.items():
        add(f'{name}/{input_name}', call, x0, fn)

# softmin along each dim of a 3-D tensor
x3 = torch.randn(2, 3, 4) * 3
for dim in (0, 1, -1):
    add(f'softmin/dim{dim}', ['F.softmin', dim], x3, lambda x: F.softmin(x, dim), [2, 3, 4])

# added later, after everything above so its inputs stay as they were
more = {
    'hardshrink': (['F.hardshrink'], F.hardshrink),
    'hardshrink_lambd': (['F.hardshrink', 2.0], lambda x: F.hardshrink(x, 2.0)),
    'softshrink': (['F.softshrink'], F.softshrink),
    'softshrink_lambd': (['F.softshrink', 3.0], lambda x: F.softshrink(x, 3.0)),
    'rrelu_eval': (['F.rrelu'], F.rrelu),
    'rrelu_eval_bounds': (['F.rrelu', 0.2, 0.6], lambda x: F.rrelu(x, 0.2, 0.6)),
}
for name, (call, fn) in more.items():
    for input_name, x0 in inputs.items():
        add(f'{name}/{input_name}', call, x0, fn)
add('glu/last', ['F.glu'], torch.randn(2, 3, 6) * 3, F.glu, [2, 3, 6])
add('glu/dim1', ['F.glu', 1], torch.randn(2, 6, 3) * 3, lambda x: F.glu(x, 1), [2, 6, 3])

with open('test/fixtures/nn_activations.json', 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': records}, f, separators=(',', ':'))
print(len(records), 'cases')
