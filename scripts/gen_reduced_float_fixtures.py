"""Reference results for test/reduced_float.test.ts from PyTorch 1.13: float16 and bfloat16. Conversions from
float32 and float64 (edge values, and a deterministic sample of float32 bit patterns, as uint16 bits in base64),
ops on both dtypes (those PyTorch 1.13's CPU kernels implement for each), result types, reprs, finfo, gradients,
and a file saved by torch.save holding tensors of both (test/fixtures/reduced_float.pt, which torch.load must read).
Values are written as float32 bits (every float16 and bfloat16 value is a float32 value).

Regenerate: /usr/bin/python3 scripts/gen_reduced_float_fixtures.py  (writes test/fixtures/reduced_float.json and .pt)
"""
import base64
import hashlib
import json
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

from fixture_codec import hexbits

HERE = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')
DTYPES = {'float16': torch.float16, 'bfloat16': torch.bfloat16}


def enc(t):
    t = t.detach()
    out = {'dtype': str(t.dtype).replace('torch.', ''), 'shape': list(t.shape)}
    if t.is_floating_point():
        out['bits'] = hexbits(t.float() if t.dtype in DTYPES.values() else t)
        out['bits_of'] = 'float64' if t.dtype == torch.float64 else 'float32'
    else:
        out['values'] = [int(v) for v in t.flatten().tolist()]
    return out


def u16_b64(t):
    return base64.b64encode(t.view(torch.int16).numpy().astype('<i2').tobytes()).decode()


# conversions: edge values through float32 and float64 (a double is rounded to float first, as PyTorch does)
edges = [0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, 65504.0, 65519.99, 65520.0, 65536.0, 1e5, 6.1035e-05, 2 ** -14,
         2 ** -24, 2 ** -25, 3 * 2 ** -26, 2 ** -26, 1e-8, 1e-30, 1e-40, 3.4e38, 1 + 2 ** -11, 1 + 3 * 2 ** -11,
         1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -30, 1 + 2 ** -11 + 2 ** -40, 2049.0, 2051.0, 257.0, 259.0,
         float('inf'), float('-inf'), float('nan'), -65519.99, -65520.0, -2 ** -25, 1e38, 3.3895e38, 3.39e38]
conv = {}
for src in [torch.float32, torch.float64]:
    x = torch.tensor(edges, dtype=src)
    conv[str(src).replace('torch.', '')] = {'input': enc(x), **{k: enc(x.to(d)) for k, d in DTYPES.items()}}

# a sample of float32 bit patterns: bits_i = (i * 2654435761) mod 2^32 for i < 8192 (the test builds the same)
bits = (np.arange(8192, dtype=np.uint64) * np.uint64(2654435761)) % np.uint64(2 ** 32)
sample = torch.from_numpy(bits.astype(np.uint32).view(np.float32).copy())
sampled = {k: u16_b64(sample.to(d)) for k, d in DTYPES.items()}
# every float16 and bfloat16 bit pattern (0 to 0xffff) widened to float32: the sha256 of the little-endian float32
# bytes, NaNs written as 0x7fc00000 (JS keeps no NaN payloads)
every = torch.arange(0, 65536, dtype=torch.int32).to(torch.int16)
def widened_digest(d):
    f = every.view(d).float()
    f[f.isnan()] = float('nan')
    raw = f.numpy().view(np.uint32).copy()
    raw[np.isnan(f.numpy())] = 0x7fc00000
    return hashlib.sha256(raw.astype('<u4').tobytes()).hexdigest()
widened = {k: widened_digest(d) for k, d in DTYPES.items()}

# ops on small ramps of each dtype: the test makes the same call under the same name
a0 = torch.tensor([0.1, -2.5, 3.3, 1000.7, -0.003, 7.77])
b0 = torch.tensor([0.2, 1.5, -0.7, 3.1, 0.011, -2.0])
m0 = torch.tensor([[0.5, -1.25, 2.0], [3.5, 0.75, -0.1]])
OPS = {
    'add': lambda a, b, m: a + b, 'sub': lambda a, b, m: a - b, 'mul': lambda a, b, m: a * b, 'div': lambda a, b, m: a / b,
    'add_scalar': lambda a, b, m: a + 1.1, 'mul_scalar': lambda a, b, m: a * 3, 'neg': lambda a, b, m: -a,
    'abs': lambda a, b, m: a.abs(), 'square': lambda a, b, m: a ** 2, 'sum': lambda a, b, m: a.sum(),
    'mean': lambda a, b, m: a.mean(), 'max': lambda a, b, m: a.max(), 'sort': lambda a, b, m: a.sort().values,
    'where': lambda a, b, m: torch.where(a > 0, a, b), 'gt': lambda a, b, m: a > b, 'std': lambda a, b, m: a.std(),
    'norm': lambda a, b, m: a.norm(), 'sum_dim': lambda a, b, m: m.sum(1), 'relu': lambda a, b, m: torch.relu(a),
    'sigmoid': lambda a, b, m: torch.sigmoid(a), 'tanh': lambda a, b, m: torch.tanh(a), 'exp': lambda a, b, m: torch.exp(b),
    'sqrt': lambda a, b, m: a.abs().sqrt(), 'softmax': lambda a, b, m: torch.softmax(m, 1),
    'log_softmax': lambda a, b, m: torch.log_softmax(m, 1), 'matmul': lambda a, b, m: m @ m.t(),
    'linear': lambda a, b, m: F.linear(m, m, m[0, :2]), 'gelu': lambda a, b, m: F.gelu(a),
    'clamp': lambda a, b, m: a.clamp(-1, 1), 'cumsum': lambda a, b, m: a.cumsum(0), 'leaky_relu': lambda a, b, m: F.leaky_relu(a, 0.1),
    'relu6': lambda a, b, m: F.relu6(a),
}
ops = {}
for k, d in DTYPES.items():
    a, b, m = a0.to(d), b0.to(d), m0.to(d)
    for name, f in OPS.items():
        try:
            ops[f'{k} {name}'] = enc(f(a, b, m))
        except RuntimeError as e:  # not implemented for this dtype on CPU in 1.13
            ops[f'{k} {name}'] = {'error': str(e)}

# result types
names = ['float16', 'bfloat16', 'float32', 'float64', 'int64', 'int32', 'uint8', 'bool']
dt = {n: getattr(torch, n) for n in names}
promote = {f'{p} {q}': str(torch.promote_types(dt[p], dt[q])).replace('torch.', '') for p in names for q in names}
scalar = {}
for k, d in DTYPES.items():
    x = torch.ones(2, dtype=d)
    scalar[k] = {'plus_float': str((x + 1.5).dtype), 'plus_int': str((x + 2).dtype),
                 'plus_f32_0d': str((x + torch.tensor(1.5)).dtype), 'plus_f32': str((x + torch.ones(2)).dtype),
                 'plus_long': str((x + torch.ones(2, dtype=torch.long)).dtype), 'long_plus_0d': str((torch.ones(2, dtype=torch.long) + torch.tensor(1.5, dtype=d)).dtype)}

reprs = {
    'float16': repr(a0.half()), 'bfloat16': repr(a0.bfloat16()), 'float16_small': repr(torch.tensor([0.5, -1.25], dtype=torch.float16)),
    'bfloat16_2d': repr(m0.bfloat16()), 'float16_0d': repr(torch.tensor(2.5, dtype=torch.float16)),
    'float16_empty': repr(torch.ones(0, dtype=torch.float16)), 'float16_grad': repr(torch.ones(2, dtype=torch.bfloat16, requires_grad=True) * 2),
}
finfo = {k: str(torch.finfo(d)) for k, d in DTYPES.items()}
info = {k: {'type': x.type(), 'element_size': x.element_size(), 'is_floating_point': x.is_floating_point()}
        for k, x in [(k, torch.ones(3, dtype=d)) for k, d in DTYPES.items()]}

# gradients of a small computation in each dtype: loss = sum(tanh(x * w + 1) * (1..n)) for bfloat16; float16
# through the ops its CPU kernels have (mul, add, sum): loss = sum((x * w + 1) * (1..n))
grads = {}
for k, d in DTYPES.items():
    x = a0[:4].to(d).requires_grad_()
    w = b0[:4].to(d).requires_grad_()
    y = x * w + 1
    if d == torch.bfloat16:
        y = torch.tanh(y)
    (y * torch.arange(1, 5, dtype=d)).sum().backward()
    grads[k] = {'y': enc(y), 'x_grad': enc(x.grad), 'w_grad': enc(w.grad)}

# batch norm in bfloat16 (PyTorch 1.13 has no float16 batch_norm on the CPU): output and updated running stats
bn = torch.nn.BatchNorm1d(3).bfloat16()
bn_y = bn((torch.arange(12.).reshape(4, 3) * 37.3 - 100).bfloat16())
batch_norm = {'y': enc(bn_y), 'running_mean': enc(bn.running_mean), 'running_var': enc(bn.running_var)}

# a file saved by PyTorch: the test loads it and checks every value
saved = {'h': torch.tensor([0.1, -2.5, 65504.0, float('-inf')], dtype=torch.float16),
         'b': torch.tensor([[0.1, -2.5], [3.0e38, 1e-40]], dtype=torch.bfloat16),
         'view': torch.arange(6, dtype=torch.float16).reshape(2, 3)[:, 1]}
torch.save(saved, os.path.join(HERE, 'reduced_float.pt'))
saved_enc = {k: enc(v) for k, v in saved.items()}

out = {'conversions': conv, 'sample_b64': sampled, 'every_sha256': widened, 'ops': ops, 'promote': promote, 'scalar': scalar,
       'reprs': reprs, 'finfo': finfo, 'info': info, 'grads': grads, 'batch_norm': batch_norm, 'saved': saved_enc}
with open(os.path.join(HERE, 'reduced_float.json'), 'w') as f:
    json.dump(out, f)
    f.write('\n')
