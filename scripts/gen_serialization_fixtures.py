#!/usr/bin/python3
"""Files saved by PyTorch's torch.save, for test/serialization.test.ts (torch.load must read them).

Run: /usr/bin/python3 scripts/gen_serialization_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Writes test/fixtures/serialization/*.pt and expected.json (each file's contents as plain JSON: tensors as
{dtype, shape, values}).
"""
import json
import os

import torch
import torch.nn as nn

torch.manual_seed(0)
DIR = 'test/fixtures/serialization'
os.makedirs(DIR, exist_ok=True)

# a state_dict after one training step (an OrderedDict with _metadata, as model.state_dict() returns)
model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2))
model(torch.randn(5, 4)).sum().backward()
state = model.state_dict()

base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
checkpoint = {
    'epoch': 7,
    'loss': 0.125,
    'name': 'ckpt',
    'ids': torch.tensor([1, -2, 2 ** 40]),
    'mask': torch.tensor([True, False, True]),
    'f64': torch.tensor([[1.5, -2.25]], dtype=torch.float64),
    'i32': torch.tensor([7, -8], dtype=torch.int32),
    'base': base,
    'view': base.t()[1:],  # shares base's storage: offset 1, strides (1, 4)
    'scalar': torch.tensor(3.5),
    'tuple': (1, 2.5, None, True),
    'big': 2 ** 70,
    'nested': {'a': [1, 2], 'b': {}},
    'param': nn.Parameter(torch.ones(2)),
    'size': torch.Size([2, 3]),
}


def plain(v):
    if isinstance(v, torch.Tensor):
        return {'dtype': str(v.dtype).replace('torch.', ''), 'shape': list(v.shape), 'values': v.detach().flatten().tolist(),
                'requires_grad': v.requires_grad}
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2 ** 53:
        return {'bigint': str(v)}
    return v


torch.save(state, f'{DIR}/state_dict.pt')
torch.save(checkpoint, f'{DIR}/checkpoint.pt')
torch.save(checkpoint, f'{DIR}/checkpoint_protocol4.pt', pickle_protocol=4)
torch.save({'half': torch.ones(2, dtype=torch.float16)}, f'{DIR}/half.pt')
with open(f'{DIR}/expected.json', 'w') as f:
    json.dump({'torch_version': torch.__version__, 'state_dict': plain(state), 'checkpoint': plain(checkpoint)}, f, separators=(',', ':'))
print('written to', DIR)
