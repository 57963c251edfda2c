"""Reference results of advanced indexing, x[items] with index tensors and masks, for test/advanced_index.test.ts
from PyTorch 1.13: each case's output and the gradient of a weighted sum of it (weights 1, 2, 3, ... over the
output), on x = arange(120).reshape(2, 3, 4, 5) as float32 (every value exact).

Regenerate: /usr/bin/python3 scripts/gen_advanced_index_fixtures.py  (writes test/fixtures/advanced_index.json)
"""
import json
import os
import warnings

import torch

warnings.simplefilter('ignore')
i = torch.tensor([[0, 1], [1, 0]])
j = torch.tensor([2, -1, 0])
m = torch.tensor([True, False, True])
m2 = torch.tensor([[True, False, False, True], [False, False, True, False], [True, True, False, False]])
u = torch.tensor([1, 0, 1], dtype=torch.uint8)
# the test indexes the same way under the same name
cases = {
    'first': lambda x: x[i],
    'int_then_tensor': lambda x: x[0, :, i],
    'tensor_then_int': lambda x: x[i, :, 0],
    'tensor_int_tensor': lambda x: x[i, 0, i],
    'adjacent': lambda x: x[:, i, i],
    'separated': lambda x: x[:, i, :, i],
    'ellipsis': lambda x: x[..., j],
    'negative_and_repeats': lambda x: x[torch.tensor([1, 1, -2])],
    'mask': lambda x: x[:, m],
    'mask_with_slice': lambda x: x[0, m, 1:3],
    'mask_2d': lambda x: x[:, m2],
    'mask_uint8': lambda x: x[:, u],
    'broadcast': lambda x: x[torch.tensor([1]), torch.tensor([[0], [2]])],
    'slice_step_then_tensor': lambda x: x[:, ::2, j],
    'scalar_tensor': lambda x: x[torch.tensor(1)],
}
fixture = {}
for name, f in cases.items():
    x = torch.arange(120, dtype=torch.float32).reshape(2, 3, 4, 5).requires_grad_()
    out = f(x)
    weights = torch.arange(1, out.numel() + 1, dtype=torch.float32).reshape(out.shape)
    (out * weights).sum().backward()
    fixture[name] = {'shape': list(out.shape), 'values': out.detach().flatten().tolist(), 'grad': x.grad.flatten().tolist()}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'advanced_index.json')
with open(path, 'w') as fh:
    json.dump({'torch_version': torch.__version__, 'cases': fixture}, fh)
    fh.write('\n')
