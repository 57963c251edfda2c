"""Helpers the fixture scripts share: dtype names, the ramp inputs, and tensors written exactly (floats as the hex
of their IEEE bits, which test/fixture_codec.ts reads back)."""
import math
import struct

import torch

DT = {'float32': torch.float32, 'float64': torch.float64, 'int64': torch.int64, 'int32': torch.int32, 'bool': torch.bool}
NAME = {v: k for k, v in DT.items()}


def ramp(shape, dtype='float32'):
    """arange(n) * 0.5 - 1 for floats, arange(n) for integers, in the given shape."""
    n = math.prod(shape)
    t = torch.arange(n, dtype=torch.float64)
    if DT[dtype].is_floating_point:
        t = t * 0.5 - 1
    return t.reshape(shape).to(DT[dtype])


def hexbits(t):
    if t._is_zerotensor():  # PyTorch's lazily allocated zero gradients (sgn's)
        t = torch.zeros(t.shape, dtype=t.dtype)
    t = t.detach().flatten()
    if not t.is_floating_point():
        return [int(v) for v in t.tolist()]
    fmt, ifmt, width = ('<f', '<I', 8) if t.dtype == torch.float32 else ('<d', '<Q', 16)
    return [format(struct.unpack(ifmt, struct.pack(fmt, v))[0], f'0{width}x') for v in t.tolist()]


def enc_bits(t):
    return {'dtype': str(t.dtype).replace('torch.', ''), 'shape': list(t.shape), 'bits': hexbits(t)}


def num(v):
    """JSON has no NaN or infinities: they are written as strings."""
    if isinstance(v, float):
        return 'nan' if v != v else 'inf' if v == math.inf else '-inf' if v == -math.inf else v
    return v


def enc_values(t):
    return {'shape': list(t.shape), 'dtype': NAME[t.dtype], 'values': [num(v) for v in t.detach().reshape(-1).tolist()]}


def ramp_case(cases, name, fn, *inputs, grad=True):
    """cases[name]: fn's outputs on ramp inputs ((shape, dtype) pairs) and, with grad, the gradient w.r.t. each float
    input of sum(out_k * (arange(out_k.numel()) + 1)) over the outputs that require grad."""
    xs = [ramp(s, d) for s, d in inputs]
    for x in xs:
        if grad and x.is_floating_point():
            x.requires_grad_(True)
    out = fn(*xs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    rec = {'inputs': [{'shape': list(s), 'dtype': d} for s, d in inputs], 'outs': [enc_values(o) for o in outs]}
    if grad:
        loss = sum((o * (torch.arange(o.numel(), dtype=o.dtype) + 1).reshape(o.shape)).sum() for o in outs if o.requires_grad)
        loss.backward()
        rec['grads'] = [enc_values(x.grad) if x.grad is not None else None for x in xs]
    cases[name] = rec
