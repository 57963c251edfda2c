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
