#!/usr/bin/python3
"""Reference values for F.scaled_dot_product_attention, for test/transformer.test.ts.

PyTorch 1.13 has no scaled_dot_product_attention: the references are PyTorch 2.x's documented reference
implementation (its docstring's "equivalent" code), written out here and run on PyTorch 1.13.
Run: /usr/bin/python3 scripts/gen_sdpa_fixtures.py   (deterministic). Inputs float32; results and the gradients of
sum(output * r) w.r.t. query, key and value in float64 from them. JSON numbers, exact.
"""
import json
import math

import torch

torch.manual_seed(0)
OUT = 'test/fixtures/sdpa.json'


def reference(query, key, value, attn_mask=None, is_causal=False, scale=None):
    L, S = query.size(-2), key.size(-2)
    scale_factor = 1 / math.sqrt(query.size(-1)) if scale is None else scale
    attn_bias = torch.zeros(L, S, dtype=query.dtype)
    if is_causal:
        temp_mask = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)
        attn_bias = attn_bias.masked_fill(temp_mask.logical_not(), float('-inf'))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn_bias = attn_bias.masked_fill(attn_mask.logical_not(), float('-inf'))
        else:
            attn_bias = attn_bias + attn_mask
    attn_weight = query @ key.transpose(-2, -1) * scale_factor
    attn_weight = attn_weight + attn_bias
    attn_weight = torch.softmax(attn_weight, dim=-1)
    return attn_weight @ value


def values(t):
    return t.detach().flatten().tolist()


def case(name, q_shape, k_shape, v_shape, mask=None, **kwargs):
    q, k, v = (torch.randn(s).double().requires_grad_(True) for s in (q_shape, k_shape, v_shape))
    m = None
    if mask == 'bool':
        m = torch.rand(q_shape[-2], k_shape[-2]) > 0.3
        m[:, 0] = True  # every query attends to something
    elif mask == 'float':
        m = torch.randn(q_shape[-2], k_shape[-2]).double()
    y = reference(q, k, v, m, **kwargs)
    r = torch.randn(y.shape).double()
    (y * r).sum().backward()
    return {'id': name, 'shapes': [list(q_shape), list(k_shape), list(v_shape)], 'q': values(q), 'k': values(k), 'v': values(v),
            'mask': None if m is None else (m.int().flatten().tolist() if mask == 'bool' else values(m)), 'mask_kind': mask,
            'kwargs': kwargs, 'y_shape': list(y.shape), 'y': values(y), 'r': values(r),
            'grads': [values(q.grad), values(k.grad), values(v.grad)]}


cases = [
    case('plain, 4-D [batch, heads, L, E]', (2, 3, 5, 4), (2, 3, 6, 4), (2, 3, 6, 7)),
    case('is_causal', (1, 2, 5, 4), (1, 2, 5, 4), (1, 2, 5, 4), is_causal=True),
    case('bool attn_mask (true attends)', (2, 4, 3), (2, 5, 3), (2, 5, 3), mask='bool'),
    case('float attn_mask, scale 0.3', (3, 4), (6, 4), (6, 2), mask='float', scale=0.3),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
