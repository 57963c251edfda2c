"""Reference dtypes and values for test/default_dtype.test.ts from PyTorch 1.13, all after
torch.set_default_dtype(torch.float64): factories with no dtype, Python scalars' promotion, integer inputs of float
ops, nn modules' parameters and buffers, optimizer state, distributions from numbers, finfo(), result_type, repr.

Regenerate: /usr/bin/python3 scripts/gen_default_dtype_fixtures.py  (writes test/fixtures/default_dtype.json)
"""
import json
import os
import warnings

import torch

from fixture_codec import NAME, enc_bits

warnings.simplefilter('ignore')
torch.set_default_dtype(torch.float64)

# exact values: deterministic calls; the test makes the same call (same case name)
values = {
    'zeros': torch.zeros(2, 3),
    'ones': torch.ones(2),
    'full_float': torch.full((2,), 0.1),
    'full_bool': torch.full((2,), True),
    'eye': torch.eye(3),
    'arange_float': torch.arange(0, 1, 0.1),
    'arange_int': torch.arange(4),
    'linspace': torch.linspace(0, 1, 7),
    'logspace': torch.logspace(0, 2, 5),
    'range': torch.range(0, 1, 0.25),
    'scalar_tensor': torch.scalar_tensor(0.1),
    'tensor_floats': torch.tensor([0.1, 1 / 3]),
    'tensor_ints': torch.tensor([1, 2]),
    'tensor_bools': torch.tensor([True, False]),
    'tensor_empty': torch.tensor([]),
    'as_tensor_floats': torch.as_tensor([0.1, 0.2]),
    'hann_window': torch.hann_window(5),
    'hamming_window': torch.hamming_window(5),
    'blackman_window': torch.blackman_window(5),
    'bartlett_window': torch.bartlett_window(5),
    'kaiser_window': torch.kaiser_window(5),
    'int_mul_float': torch.arange(4) * 0.1,
    'int_add_float': torch.arange(4) + 0.1,
    'float32_mul_float': torch.arange(4, dtype=torch.float32) * 0.1,
    'int_true_div': torch.arange(1, 5) / 3,
    'int_sqrt': torch.sqrt(torch.arange(4)),
    'int_exp': torch.exp(torch.arange(3)),
    'int_sigmoid': torch.sigmoid(torch.arange(3)),
    'int_sin': torch.sin(torch.arange(3)),
    'int_log': torch.log(torch.arange(1, 4)),
    'int_atan2': torch.atan2(torch.arange(3), torch.arange(1, 4)),
    'int_deg2rad': torch.deg2rad(torch.arange(3)),
    'zeros_like_float32': torch.zeros_like(torch.ones(2, dtype=torch.float32)),
}

# dtypes only: random draws and module state
dtypes = {
    'empty': torch.empty(2),
    'rand': torch.rand(2),
    'randn': torch.randn(2),
    'normal': torch.normal(0.0, 1.0, size=(3,)),
    'rand_like_float32': torch.rand_like(torch.ones(2, dtype=torch.float32)),
    'randn_like_float32': torch.randn_like(torch.ones(2, dtype=torch.float32)),
    'linear.weight': torch.nn.Linear(2, 3).weight,
    'linear.bias': torch.nn.Linear(2, 3).bias,
    'conv2d.weight': torch.nn.Conv2d(1, 2, 3).weight,
    'batchnorm.running_mean': torch.nn.BatchNorm1d(3).running_mean,
    'batchnorm.running_var': torch.nn.BatchNorm1d(3).running_var,
    'batchnorm.num_batches_tracked': torch.nn.BatchNorm1d(3).num_batches_tracked,
    'layernorm.weight': torch.nn.LayerNorm(3).weight,
    'embedding.weight': torch.nn.Embedding(4, 2).weight,
    'normal.loc': torch.distributions.Normal(0.0, 1.0).loc,
    'normal.sample': torch.distributions.Normal(0.0, 1.0).sample(),
    'uniform.sample': torch.distributions.Uniform(0.0, 1.0).sample(),
    'bernoulli.probs': torch.distributions.Bernoulli(0.3).probs,
    'exponential.rate': torch.distributions.Exponential(2.0).rate,
}
model = torch.nn.Linear(2, 1)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
model(torch.ones(1, 2)).sum().backward()
opt.step()
dtypes['adam.exp_avg'] = opt.state[model.weight]['exp_avg']
dtypes['adam.exp_avg_sq'] = opt.state[model.weight]['exp_avg_sq']

fi = torch.finfo()
out = {
    'torch_version': torch.__version__,
    'default_before': 'float32',
    'values': {k: enc_bits(v) for k, v in values.items()},
    'dtypes': {k: NAME[v.dtype] for k, v in dtypes.items()},
    'finfo': {'bits': fi.bits, 'eps': fi.eps, 'max': fi.max, 'tiny': fi.tiny, 'dtype': str(fi.dtype)},
    'result_type': {
        'int64_tensor_float': NAME[torch.result_type(torch.arange(2), 0.5)],
        'float32_tensor_float': NAME[torch.result_type(torch.ones(2, dtype=torch.float32), 0.5)],
        'int64_tensor_int': NAME[torch.result_type(torch.arange(2), 2)],
    },
    'repr': {
        'float64': repr(torch.tensor([1.5, 2.0])),
        'float32': repr(torch.tensor([1.5, 2.0], dtype=torch.float32)),
        'empty_float32': repr(torch.zeros(0, dtype=torch.float32)),
        'empty_default': repr(torch.zeros(0)),
    },
}
errors = {}
for name, d in [('int64', torch.int64), ('int32', torch.int32), ('bool', torch.bool)]:
    try:
        torch.set_default_dtype(d)
    except TypeError as e:
        errors[name] = str(e)
try:
    torch.arange(3).mean()
except RuntimeError as e:
    errors['int_mean'] = str(e)
out['errors'] = errors

path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'default_dtype.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
