#!/usr/bin/python3
"""Reference values for nn.MultiheadAttention, nn.TransformerEncoderLayer and nn.TransformerEncoder from PyTorch,
for test/transformer.test.ts.

Run: /usr/bin/python3 scripts/gen_transformer_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Each case builds a module, records its float32 parameters (state_dict) and float32 inputs, then computes in float64
from them (module.double()) in eval mode: the outputs, the attention weights, and the gradients of
sum(output * r) with respect to the inputs and every parameter. JSON numbers, exact.
"""
import json

import torch
import torch.nn as nn

torch.manual_seed(0)
OUT = 'test/fixtures/transformer.json'


def values(t):
    return t.detach().flatten().tolist()


def mask_json(m):
    if m is None:
        return None
    # JSON has no -inf: a float mask's -inf entries are written as null
    return {'dtype': 'bool' if m.dtype == torch.bool else 'float32', 'shape': list(m.shape),
            'values': [bool(v) if m.dtype == torch.bool else (None if v == float('-inf') else float(v)) for v in m.flatten().tolist()]}


def case(name, ctor, module, inputs, call_kwargs=None, masks=None, repeat=1):
    """inputs: shapes of the positional tensors (query, key, value for attention; src for encoders), each passed
    `repeat` times (3: self-attention on one tensor); masks: name -> tensor, passed as keyword arguments."""
    call_kwargs = dict(call_kwargs or {})
    masks = masks or {}
    module.eval()
    state = {k: {'shape': list(v.shape), 'values': values(v)} for k, v in module.state_dict().items()}
    xs = [torch.randn(shape) for shape in inputs]
    module.double()
    xd = [x.double().requires_grad_(True) for x in xs]
    kwargs = dict(call_kwargs)
    for k, m in masks.items():
        kwargs[k] = m.double() if m.dtype != torch.bool else m
    out = module(*[x for x in xd for _ in range(repeat)], **kwargs)
    y, weights = (out[0], out[1]) if isinstance(out, tuple) else (out, None)
    r = torch.randn(y.shape).double()
    (y * r).sum().backward()
    return {'id': name, 'ctor': ctor, 'state': state, 'inputs': [{'shape': list(x.shape), 'values': values(x)} for x in xs],
            'repeat': repeat, 'kwargs': call_kwargs, 'masks': {k: mask_json(m) for k, m in masks.items()},
            'y_shape': list(y.shape), 'y': values(y), 'weights': None if weights is None else {'shape': list(weights.shape), 'values': values(weights)},
            'r': values(r), 'grad_inputs': [values(x.grad) for x in xd],
            'grad_params': {n: values(p.grad) for n, p in module.named_parameters()}}


causal = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
padding = torch.tensor([[False, False, False, True], [False, False, False, False]])

cases = [
    case('MultiheadAttention(8, 2) self-attention', ['MultiheadAttention', 8, 2], nn.MultiheadAttention(8, 2), [(4, 2, 8)], repeat=3),
    case('MultiheadAttention(8, 2) causal bool mask, key_padding_mask, per-head weights, batch_first',
         ['MultiheadAttention', 8, 2, {'batch_first': True}], nn.MultiheadAttention(8, 2, batch_first=True),
         [(2, 4, 8), (2, 4, 8), (2, 4, 8)], {'average_attn_weights': False}, {'attn_mask': causal, 'key_padding_mask': padding}),
    case('MultiheadAttention(6, 3) kdim 4, vdim 5, add_bias_kv, add_zero_attn, float mask',
         ['MultiheadAttention', 6, 3, {'kdim': 4, 'vdim': 5, 'add_bias_kv': True, 'add_zero_attn': True}],
         nn.MultiheadAttention(6, 3, kdim=4, vdim=5, add_bias_kv=True, add_zero_attn=True),
         [(3, 2, 6), (5, 2, 4), (5, 2, 5)], {}, {'attn_mask': torch.randn(3, 5)}),
    case('MultiheadAttention(4, 1) unbatched, no bias', ['MultiheadAttention', 4, 1, {'bias': False}], nn.MultiheadAttention(4, 1, bias=False),
         [(3, 4), (5, 4), (5, 4)], {}, {}),
    case('TransformerEncoderLayer(8, 2, 16) post-norm relu, key padding', ['TransformerEncoderLayer', 8, 2, 16],
         nn.TransformerEncoderLayer(8, 2, 16), [(4, 2, 8)], {}, {'src_key_padding_mask': padding}),
    case('TransformerEncoderLayer(8, 4, 12) norm_first gelu batch_first causal',
         ['TransformerEncoderLayer', 8, 4, 12, {'activation': 'gelu', 'norm_first': True, 'batch_first': True}],
         nn.TransformerEncoderLayer(8, 4, 12, activation='gelu', norm_first=True, batch_first=True), [(2, 4, 8)], {},
         {'src_mask': causal}),
]

# an encoder of 2 layers and a final norm: its parameters set from one layer (PyTorch deep-copies it), then made
# to differ per layer so the test sees each layer's own
layer = nn.TransformerEncoderLayer(6, 2, 10, layer_norm_eps=1e-4)
encoder = nn.TransformerEncoder(layer, 2, nn.LayerNorm(6))
with torch.no_grad():
    for p in encoder.parameters():
        p.copy_(torch.randn(p.shape) * 0.5)
cases.append(case('TransformerEncoder(layer(6, 2, 10, eps 1e-4), 2, LayerNorm(6)) causal',
                  ['TransformerEncoder', ['TransformerEncoderLayer', 6, 2, 10, {'layer_norm_eps': 1e-4}], 2, ['LayerNorm', 6]],
                  encoder, [(4, 3, 6)], {}, {'mask': causal}))

# the decoder side and the whole Transformer, appended likewise
memory_padding = torch.tensor([[False, False, True, False, False], [False, False, False, False, True]])
cases += [
    case('TransformerDecoderLayer(8, 2, 16) post-norm, causal tgt_mask, memory_key_padding_mask', ['TransformerDecoderLayer', 8, 2, 16],
         nn.TransformerDecoderLayer(8, 2, 16), [(4, 2, 8), (5, 2, 8)], {}, {'tgt_mask': causal, 'memory_key_padding_mask': memory_padding}),
    case('TransformerDecoderLayer(6, 3, 10) norm_first gelu batch_first, float memory_mask',
         ['TransformerDecoderLayer', 6, 3, 10, {'activation': 'gelu', 'norm_first': True, 'batch_first': True}],
         nn.TransformerDecoderLayer(6, 3, 10, activation='gelu', norm_first=True, batch_first=True), [(2, 3, 6), (2, 4, 6)], {},
         {'memory_mask': torch.randn(3, 4)}),
]
transformer = nn.Transformer(6, 2, 1, 2, 10)
cases.append(case('Transformer(6, 2, 1, 2, 10) causal tgt_mask, src_key_padding_mask', ['Transformer', 6, 2, 1, 2, 10], transformer,
                  [(5, 2, 6), (4, 2, 6)], {}, {'tgt_mask': nn.Transformer.generate_square_subsequent_mask(4),
                                              'src_key_padding_mask': memory_padding}))
decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8, batch_first=True), 2, nn.LayerNorm(4))
with torch.no_grad():
    for p in decoder.parameters():
        p.copy_(torch.randn(p.shape) * 0.5)
cases.append(case('TransformerDecoder(layer(4, 2, 8, batch_first), 2, LayerNorm(4))',
                  ['TransformerDecoder', ['TransformerDecoderLayer', 4, 2, 8, {'batch_first': True}], 2, ['LayerNorm', 4]],
                  decoder, [(2, 3, 4), (2, 5, 4)], {}, {'memory_key_padding_mask': memory_padding}))

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
