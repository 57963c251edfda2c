#!/usr/bin/python3
"""Reference values for F.conv1d/2d/3d, the transposed ones, pooling, pad, unfold and fold from PyTorch, for test/conv.test.ts.

Run: /usr/bin/python3 scripts/gen_conv_fixtures.py   (PyTorch from Debian's python3-torch; deterministic)
Inputs are float32 values; outputs and the gradients of sum(output * r) are computed in float64 from them, so
the tests measure torchlet's own float32 error. JSON numbers, exact.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(0)
OUT = 'test/fixtures/conv.json'


def values(t):
    return t.detach().flatten().tolist()


def case(name, fn, x_shape, w_shape=None, bias=False, kwargs=None, bias_n=None, ties=False):
    kwargs = kwargs or {}
    x = torch.randn(x_shape)
    x = (x.round() if ties else x).double().requires_grad_(True)
    args = [x]
    rec = {'id': name, 'fn': fn, 'kwargs': kwargs, 'x_shape': list(x_shape), 'x': values(x)}
    if w_shape:
        w = torch.randn(w_shape).double().requires_grad_(True)
        b = torch.randn(bias_n or w_shape[0]).double().requires_grad_(True) if bias else None
        args += [w, b]
        rec.update({'w_shape': list(w_shape), 'w': values(w), 'b': values(b) if bias else None})
    out = getattr(F, fn)(*args, **kwargs)
    y = out[0] if isinstance(out, tuple) else out
    r = torch.randn(y.shape).double()
    (y * r).sum().backward()
    rec.update({'y_shape': list(y.shape), 'y': values(y), 'r': values(r), 'grad_x': values(x.grad)})
    if w_shape:
        rec['grad_w'] = values(args[1].grad)
        rec['grad_b'] = values(args[2].grad) if bias else None
    if isinstance(out, tuple):
        rec['indices'] = values(out[1])
    return rec


cases = [
    case('conv2d 3x3 with bias', 'conv2d', (2, 3, 7, 6), (4, 3, 3, 3), True),
    case('conv2d stride 2 padding 1', 'conv2d', (2, 3, 7, 6), (4, 3, 3, 3), True, {'stride': 2, 'padding': 1}),
    case('conv2d stride (2, 1) padding (0, 2) dilation (2, 1)', 'conv2d', (1, 2, 9, 5), (3, 2, 3, 2), True,
         {'stride': [2, 1], 'padding': [0, 2], 'dilation': [2, 1]}),
    case('conv2d groups 2, no bias', 'conv2d', (2, 4, 6, 6), (6, 2, 3, 3), False, {'groups': 2}),
    case("conv2d padding 'same', even kernel (asymmetric)", 'conv2d', (1, 3, 5, 6), (2, 3, 4, 2), True, {'padding': 'same'}),
    case("conv2d padding 'valid', unbatched", 'conv2d', (3, 5, 5), (2, 3, 2, 3), True, {'padding': 'valid'}),
    case('conv2d 1x1', 'conv2d', (3, 4, 2, 3), (5, 4, 1, 1), True),
    case('max_pool2d 2', 'max_pool2d', (2, 3, 6, 7), kwargs={'kernel_size': 2}),
    case('max_pool2d 3, stride 2, padding 1, ceil_mode', 'max_pool2d', (1, 2, 7, 8), kwargs={'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True}),
    case('max_pool2d (2, 3), stride (1, 2), dilation (2, 1)', 'max_pool2d', (2, 2, 6, 7), kwargs={'kernel_size': [2, 3], 'stride': [1, 2], 'dilation': [2, 1]}),
    case('max_pool2d return_indices, unbatched', 'max_pool2d', (2, 5, 5), kwargs={'kernel_size': 2, 'stride': 1, 'return_indices': True}),
    case('avg_pool2d 2', 'avg_pool2d', (2, 3, 6, 7), kwargs={'kernel_size': 2}),
    case('avg_pool2d 3, stride 2, padding 1, ceil_mode', 'avg_pool2d', (1, 2, 6, 8), kwargs={'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True}),
    case('avg_pool2d count_include_pad=False', 'avg_pool2d', (1, 2, 6, 8),
         kwargs={'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True, 'count_include_pad': False}),
    case('avg_pool2d divisor_override 3', 'avg_pool2d', (2, 1, 4, 4), kwargs={'kernel_size': 2, 'divisor_override': 3}),
]

# added later, last so the cases above keep their random inputs
cases += [
    case('conv1d with bias', 'conv1d', (2, 3, 9), (4, 3, 3), True),
    case('conv1d stride 2 padding 1 dilation 2 groups 3', 'conv1d', (1, 3, 11), (6, 1, 3), True, {'stride': 2, 'padding': 1, 'dilation': 2, 'groups': 3}),
    case("conv1d padding 'same' even kernel, unbatched", 'conv1d', (2, 7), (3, 2, 4), False, {'padding': 'same'}),
    case('max_pool1d 3 stride 2 padding 1 ceil_mode', 'max_pool1d', (2, 3, 10), kwargs={'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True}),
    case('max_pool1d return_indices', 'max_pool1d', (1, 2, 7), kwargs={'kernel_size': 2, 'return_indices': True}),
    case('avg_pool1d 3 stride 2 padding 1 count_include_pad=False', 'avg_pool1d', (2, 2, 9), kwargs={'kernel_size': 3, 'stride': 2, 'padding': 1, 'count_include_pad': False}),
    case('adaptive_avg_pool2d (1, 1)', 'adaptive_avg_pool2d', (2, 3, 5, 7), kwargs={'output_size': [1, 1]}),
    case('adaptive_avg_pool2d 3 (uneven windows)', 'adaptive_avg_pool2d', (1, 2, 7, 5), kwargs={'output_size': 3}),
    case('adaptive_avg_pool2d (None, 2), unbatched', 'adaptive_avg_pool2d', (2, 4, 5), kwargs={'output_size': [None, 2]}),
    case('adaptive_avg_pool1d 4', 'adaptive_avg_pool1d', (2, 3, 10), kwargs={'output_size': 4}),
    case('pad constant (1, 2, 0, 3) value 0.5', 'pad', (2, 3, 4), kwargs={'pad': [1, 2, 0, 3], 'value': 0.5}),
    case('pad negative crops', 'pad', (2, 5), kwargs={'pad': [-1, 2]}),
]

# transposed convolutions (weight [in, out / groups, k...], bias of out) and unfold / fold, appended likewise
cases += [
    case('conv_transpose2d 3x3 with bias', 'conv_transpose2d', (2, 3, 4, 5), (3, 4, 3, 3), True, bias_n=4),
    case('conv_transpose2d stride 2 padding 1 output_padding 1', 'conv_transpose2d', (1, 2, 4, 4), (2, 3, 3, 3), True,
         {'stride': 2, 'padding': 1, 'output_padding': 1}, bias_n=3),
    case('conv_transpose2d groups 2, stride (2, 1), padding (1, 0), output_padding (1, 0), dilation 2', 'conv_transpose2d',
         (2, 4, 3, 4), (4, 3, 2, 3), True, {'stride': [2, 1], 'padding': [1, 0], 'output_padding': [1, 0], 'groups': 2, 'dilation': 2},
         bias_n=6),
    case('conv_transpose2d output_padding 1 below dilation 2 (stride 1), unbatched, no bias', 'conv_transpose2d', (2, 3, 3),
         (2, 2, 2, 2), False, {'output_padding': 1, 'dilation': 2}),
    case('conv_transpose1d stride 3 padding 1 output_padding 2', 'conv_transpose1d', (2, 3, 5), (3, 2, 4), True,
         {'stride': 3, 'padding': 1, 'output_padding': 2}, bias_n=2),
    case('unfold (2, 3), padding 1, stride 2, dilation (1, 2)', 'unfold', (2, 3, 5, 7),
         kwargs={'kernel_size': [2, 3], 'padding': 1, 'stride': 2, 'dilation': [1, 2]}),
    case('unfold 2, unbatched', 'unfold', (2, 4, 4), kwargs={'kernel_size': 2}),
    case('fold 2 into (4, 5)', 'fold', (2, 3 * 4, 12), kwargs={'output_size': [4, 5], 'kernel_size': 2}),
    case('fold 3, padding 1, stride 2, dilation (2, 1), unbatched', 'fold', (2 * 9, 6),
         kwargs={'output_size': [5, 6], 'kernel_size': 3, 'padding': 1, 'stride': 2, 'dilation': [2, 1]}),
]

# F.pad's other modes, appended likewise
cases += [
    case('pad reflect (2, 1), 3-D', 'pad', (2, 3, 4), kwargs={'pad': [2, 1], 'mode': 'reflect'}),
    case('pad reflect (1, 2, 2, 0), 4-D', 'pad', (2, 2, 3, 4), kwargs={'pad': [1, 2, 2, 0], 'mode': 'reflect'}),
    case('pad reflect negative (-2, 3)', 'pad', (3, 5), kwargs={'pad': [-2, 3], 'mode': 'reflect'}),
    case('pad replicate (3, 1, 0, 4), 3-D (unbatched 2-D)', 'pad', (2, 3, 2), kwargs={'pad': [3, 1, 0, 4], 'mode': 'replicate'}),
    case('pad replicate (1, 1, 2, 0, 1, 2), 5-D', 'pad', (1, 2, 2, 3, 2), kwargs={'pad': [1, 1, 2, 0, 1, 2], 'mode': 'replicate'}),
    case('pad circular (2, 1, 1, 3), 4-D', 'pad', (1, 2, 3, 4), kwargs={'pad': [2, 1, 1, 3], 'mode': 'circular'}),
    case('pad circular (-1, 2), 3-D (crops, then wraps)', 'pad', (2, 2, 4), kwargs={'pad': [-1, 2], 'mode': 'circular'}),
    case('pad circular (3, -1), 3-D', 'pad', (1, 2, 4), kwargs={'pad': [3, -1], 'mode': 'circular'}),
]

# adaptive max pooling, appended likewise
cases += [
    case('adaptive_max_pool2d (3, 2) return_indices', 'adaptive_max_pool2d', (2, 2, 7, 5), kwargs={'output_size': [3, 2], 'return_indices': True}),
    case('adaptive_max_pool2d 4 (overlapping windows), unbatched', 'adaptive_max_pool2d', (2, 6, 6), kwargs={'output_size': 4}),
    case('adaptive_max_pool1d 3 return_indices', 'adaptive_max_pool1d', (2, 3, 8), kwargs={'output_size': 3, 'return_indices': True}),
]

# 3-D convolutions and pooling, appended likewise (ties: inputs rounded to integers, so windows hold equal maxima)
cases += [
    case('conv3d 3x3x3 with bias', 'conv3d', (2, 3, 5, 6, 4), (4, 3, 3, 3, 3), True),
    case('conv3d stride (2, 1, 2) padding (1, 0, 1) dilation (1, 2, 1) groups 2', 'conv3d', (1, 4, 6, 7, 5), (6, 2, 2, 3, 3), True,
         {'stride': [2, 1, 2], 'padding': [1, 0, 1], 'dilation': [1, 2, 1], 'groups': 2}),
    case("conv3d padding 'same', even kernel, unbatched", 'conv3d', (2, 4, 5, 3), (3, 2, 2, 4, 3), False, {'padding': 'same'}),
    case('conv3d depth 1 kernel, stride 3', 'conv3d', (2, 2, 7, 4, 4), (3, 2, 1, 2, 2), True, {'stride': 3}),
    case('conv_transpose3d stride 2 padding 1 output_padding (1, 0, 1)', 'conv_transpose3d', (2, 3, 3, 4, 3), (3, 2, 3, 3, 2), True,
         {'stride': 2, 'padding': 1, 'output_padding': [1, 0, 1]}, bias_n=2),
    case('conv_transpose3d groups 2 dilation (2, 1, 1) output_padding (1, 0, 0) stride 1', 'conv_transpose3d', (1, 4, 3, 3, 4), (4, 2, 2, 2, 3), True,
         {'groups': 2, 'dilation': [2, 1, 1], 'output_padding': [1, 0, 0]}, bias_n=4),
    case('conv_transpose3d padding 2 crops past the kernel overlap, unbatched', 'conv_transpose3d', (2, 4, 3, 3), (2, 1, 3, 2, 2), False,
         {'stride': [3, 1, 2], 'padding': [2, 0, 1], 'output_padding': [2, 0, 1]}),
    case('max_pool3d 2', 'max_pool3d', (2, 2, 4, 5, 6), kwargs={'kernel_size': 2}),
    case('max_pool3d (2, 3, 2) stride (1, 2, 2) padding (1, 1, 0) dilation (2, 1, 1) ceil_mode return_indices', 'max_pool3d', (1, 2, 5, 6, 7),
         kwargs={'kernel_size': [2, 3, 2], 'stride': [1, 2, 2], 'padding': [1, 1, 0], 'dilation': [2, 1, 1], 'ceil_mode': True, 'return_indices': True}),
    case('max_pool3d 3 stride 1 return_indices, integer ties', 'max_pool3d', (2, 2, 4, 4, 4), kwargs={'kernel_size': 3, 'stride': 1, 'return_indices': True}, ties=True),
    case('max_pool3d 2 padding 1 return_indices, unbatched', 'max_pool3d', (3, 3, 4, 5), kwargs={'kernel_size': 2, 'padding': 1, 'return_indices': True}),
    case('avg_pool3d 2', 'avg_pool3d', (2, 2, 4, 5, 6), kwargs={'kernel_size': 2}),
    case('avg_pool3d 3 stride 2 padding 1 ceil_mode', 'avg_pool3d', (1, 2, 5, 6, 7), kwargs={'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True}),
    case('avg_pool3d 3 stride 2 padding 1 ceil_mode count_include_pad=False', 'avg_pool3d', (1, 2, 5, 6, 7),
         kwargs={'kernel_size': 3, 'stride': 2, 'padding': 1, 'ceil_mode': True, 'count_include_pad': False}),
    case('avg_pool3d (2, 1, 3) divisor_override 5, unbatched', 'avg_pool3d', (2, 4, 3, 6), kwargs={'kernel_size': [2, 1, 3], 'divisor_override': 5}),
    case('adaptive_avg_pool3d (2, 3, 1)', 'adaptive_avg_pool3d', (2, 2, 5, 7, 4), kwargs={'output_size': [2, 3, 1]}),
    case('adaptive_avg_pool3d (None, 2, None), unbatched', 'adaptive_avg_pool3d', (2, 3, 5, 4), kwargs={'output_size': [None, 2, None]}),
    case('adaptive_max_pool3d 3 return_indices (overlapping windows)', 'adaptive_max_pool3d', (1, 2, 5, 4, 7), kwargs={'output_size': 3, 'return_indices': True}),
    case('adaptive_max_pool3d (2, 2, 3) return_indices, integer ties', 'adaptive_max_pool3d', (2, 2, 4, 5, 6),
         kwargs={'output_size': [2, 2, 3], 'return_indices': True}, ties=True),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
