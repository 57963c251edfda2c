"""Reference values for test/torch_utils.test.ts from PyTorch 1.13: anomaly detection's errors, the global settings'
round trips and errors, torch.typename, torch.gradient (values and gradients), Tensor.as_strided (values and
gradients), resize_ and PyTorch's error messages.

Inputs are ramps (scripts/fixture_codec.py); gradients are of sum(out_k * (arange(out_k.numel()) + 1)) over the
outputs w.r.t. each float input, as in the other fixture scripts. Floats are written as hex bits (exact).

Regenerate: /usr/bin/python3 scripts/gen_torch_utils_fixtures.py  (writes test/fixtures/torch_utils.json)
"""
import json
import os
import warnings

import torch

from fixture_codec import DT, ramp, enc_bits

warnings.simplefilter('ignore')
out = {}


def error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return {'type': type(e).__name__, 'message': str(e).split('\n')[0]}
    return None


# ---- anomaly detection
def nan_backward(make):
    x = torch.tensor([-1.0, 4.0], requires_grad=True)
    with torch.autograd.detect_anomaly():
        make(x).sum().backward()


anomaly = {}
anomaly['sqrt_negative'] = error(lambda: nan_backward(lambda x: x.sqrt() * 2))
anomaly['sqrt_zero_times_zero'] = error(lambda: nan_backward(lambda x: (x + 1).sqrt() * 0))
anomaly['mul_by_nan'] = error(lambda: nan_backward(lambda x: x * torch.tensor([float('nan'), 1.0])))
anomaly['div_second'] = error(lambda: nan_backward(lambda x: torch.tensor([1.0, 2.0]) / (x * 0)))
with torch.autograd.detect_anomaly(check_nan=False):
    x = torch.tensor([-1.0, 4.0], requires_grad=True)
    x.sqrt().sum().backward()
    anomaly['no_check_nan_grad'] = [str(v) for v in x.grad.tolist()]
anomaly['states'] = {}
anomaly['states']['default'] = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
with torch.autograd.detect_anomaly():
    anomaly['states']['detect_anomaly'] = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
with torch.autograd.detect_anomaly(check_nan=False):
    anomaly['states']['detect_anomaly_no_nan'] = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
with torch.autograd.set_detect_anomaly(True, check_nan=False):
    anomaly['states']['set_detect_anomaly_ctx'] = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
torch.autograd.set_detect_anomaly(True)
anomaly['states']['set_detect_anomaly_global'] = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
torch.autograd.set_detect_anomaly(False)
torch.set_anomaly_enabled(True, False)
anomaly['states']['set_anomaly_enabled'] = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
torch.set_anomaly_enabled(False)
anomaly['states']['after'] = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
anomaly['errors'] = {
    'set_anomaly_enabled_int': error(lambda: torch.set_anomaly_enabled(1)),
    'set_detect_anomaly_int': error(lambda: torch.autograd.set_detect_anomaly(1)),
    'set_anomaly_enabled_check_nan_int': error(lambda: torch.set_anomaly_enabled(True, 1)),
    'set_detect_anomaly_check_nan_int': error(lambda: torch.autograd.set_detect_anomaly(True, 1)),
    'detect_anomaly_check_nan_int': error(lambda: torch.autograd.detect_anomaly(check_nan=1).__enter__()),
}
torch.set_anomaly_enabled(False)
out['anomaly'] = anomaly

# ---- settings
settings = {}
settings['defaults'] = {
    'deterministic': torch.are_deterministic_algorithms_enabled(),
    'warn_only': torch.is_deterministic_algorithms_warn_only_enabled(),
    'debug_mode': torch.get_deterministic_debug_mode(),
    'warn_always': torch.is_warn_always_enabled(),
    'matmul_precision': torch.get_float32_matmul_precision(),
}
rounds = {}
for mode in ['default', 'warn', 'error', 0, 1, 2]:
    torch.set_deterministic_debug_mode(mode)
    rounds[str(mode)] = [torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_deterministic_debug_mode()]
for mode, warn_only in [(True, False), (True, True), (False, True), (False, False)]:
    torch.use_deterministic_algorithms(mode, warn_only=warn_only)
    rounds[f'use_{mode}_{warn_only}'] = [torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_deterministic_debug_mode()]
settings['deterministic'] = rounds
precision = {}
for p in ['high', 'medium', 'highest']:
    torch.set_float32_matmul_precision(p)
    precision[p] = torch.get_float32_matmul_precision()
settings['matmul_precision'] = precision
settings['errors'] = {
    'use_deterministic_int': error(lambda: torch.use_deterministic_algorithms(1)),
    'debug_mode_str': error(lambda: torch.set_deterministic_debug_mode('x')),
    'debug_mode_int': error(lambda: torch.set_deterministic_debug_mode(3)),
    'debug_mode_float': error(lambda: torch.set_deterministic_debug_mode(1.5)),
    'matmul_precision_int': error(lambda: torch.set_float32_matmul_precision(1)),
    'interop_zero': error(lambda: torch.set_num_interop_threads(0)),
    'interop_str': error(lambda: torch.set_num_interop_threads('a')),
    'flush_denormal_int': error(lambda: torch.set_flush_denormal(1)),
    'warn_always_int': error(lambda: torch.set_warn_always(1)),
}
torch.set_float32_matmul_precision('low')
settings['matmul_precision_low_ignored'] = torch.get_float32_matmul_precision()
out['settings'] = settings

typenames = {}
for name, o in [('float32', torch.zeros(2)), ('float64', torch.zeros(2, dtype=torch.float64)), ('int64', torch.zeros(2, dtype=torch.int64)),
                ('int32', torch.zeros(2, dtype=torch.int32)), ('bool', torch.zeros(2, dtype=torch.bool)),
                ('parameter', torch.nn.Parameter(torch.zeros(2))), ('Linear', torch.nn.Linear(2, 2)), ('ReLU', torch.nn.ReLU()),
                ('Sequential', torch.nn.Sequential()), ('LSTM', torch.nn.LSTM(2, 2)), ('int', 3), ('float', 1.5), ('str', 'a'),
                ('None', None), ('list', [1]), ('bool_value', True)]:
    typenames[name] = torch.typename(o)
out['typename'] = typenames
out['tensor_type'] = {k: v.type() for k, v in [('float32', torch.zeros(1)), ('int64', torch.zeros(1, dtype=torch.int64))]}



# ---- torch.gradient: inputs sin(ramp * 1.3) * 3 + ramp^2 (not polynomial, so every formula matters), stored exactly
def wave(shape, dtype='float32'):
    r = ramp(shape, dtype)
    return (torch.sin(r * 1.3) * 3 + r * r).detach()


def weighted_loss(outs):
    return sum((o * (torch.arange(o.numel(), dtype=o.dtype) + 1).reshape(o.shape)).sum() for o in outs)


grad_cases = {}


def gcase(name, shape, dtype='float32', coords=None, **kw):
    x = wave(shape, dtype).requires_grad_(True)
    cs = None
    if coords is not None:
        cs = [torch.tensor(c, dtype=DT[cdt]).requires_grad_(DT[cdt].is_floating_point) for c, cdt in coords]
        kw['spacing'] = cs
    outs = torch.gradient(x, **kw)
    weighted_loss(outs).backward()
    rec = {'input': enc_bits(x), 'kw': {k: v for k, v in kw.items() if k != 'spacing' or coords is None},
           'outs': [enc_bits(o) for o in outs], 'grad': enc_bits(x.grad)}
    if cs is not None:
        rec['coords'] = [enc_bits(c) for c in cs]
        rec['coord_grads'] = [enc_bits(c.grad) if c.grad is not None else None for c in cs]
    grad_cases[name] = rec


gcase('1d_default', [7])
gcase('1d_spacing', [7], spacing=0.5)
gcase('1d_edge2', [7], edge_order=2)
gcase('1d_edge2_spacing', [6], spacing=3.0, edge_order=2)
gcase('1d_edge2_float64', [6], 'float64', edge_order=2, spacing=0.25)
gcase('2d_all_dims', [4, 5])
gcase('2d_spacing_list', [4, 5], spacing=[2.0, 0.5])
gcase('2d_dim1', [4, 5], dim=1, edge_order=2)
gcase('2d_dim_neg_list', [4, 5], dim=[-1, 0], spacing=[1.5, 3.0])
gcase('3d_dims', [3, 4, 3], dim=[0, 2], edge_order=2)
gcase('1d_size2', [2])
gcase('2d_int_spacing', [3, 3], spacing=2)
gcase('coords_1d', [6], coords=[([0.0, 0.5, 1.5, 1.75, 3.0, 4.0], 'float32')])
gcase('coords_1d_edge2', [6], coords=[([0.0, 0.5, 1.5, 1.75, 3.0, 4.0], 'float32')], edge_order=2)
gcase('coords_2d_dim1', [3, 4], coords=[([-1.0, 0.0, 2.0, 2.5], 'float32')], dim=1, edge_order=2)
gcase('coords_2d_both', [3, 4], coords=[([0.0, 1.0, 3.0], 'float32'), ([0.0, 0.25, 0.5, 1.0], 'float32')])
gcase('coords_float64', [5], 'float64', coords=[([0.0, 0.1, 0.3, 0.6, 1.0], 'float64')], edge_order=2)
gcase('coords_int', [5], coords=[([0, 1, 3, 4, 7], 'int64')])
out['gradient'] = grad_cases
out['gradient_int_input'] = [enc_bits(o) for o in torch.gradient(torch.arange(6) ** 2, spacing=2)]
x = torch.zeros(3, 4)
out['gradient_errors'] = {
    'spacing_length': error(lambda: torch.gradient(x, spacing=[1.0, 2.0, 3.0])),
    'spacing_dim_length': error(lambda: torch.gradient(x, dim=[0], spacing=[1.0, 2.0])),
    'edge_order': error(lambda: torch.gradient(x, edge_order=3)),
    'too_short': error(lambda: torch.gradient(torch.ones(2, 4), edge_order=2)),
    'coords_2d': error(lambda: torch.gradient(x, spacing=[torch.ones(3, 1)], dim=0)),
    'dim_range': error(lambda: torch.gradient(x, dim=2)),
    'dim_repeated': error(lambda: torch.gradient(x, dim=[0, 0])),
}
out['gradient_0d'] = len(torch.gradient(torch.tensor(1.0)))

# ---- as_strided: the view's values and the gradient reaching the leaf (through any views the case makes first)
strided = {}


def scase(name, shape, make, dtype='float32'):
    leaf = ramp(shape, dtype).requires_grad_(True)
    y = make(leaf)
    weighted_loss([y]).backward()
    strided[name] = {'input': enc_bits(leaf), 'out': enc_bits(y), 'stride': list(y.stride()), 'offset': y.storage_offset(), 'grad': enc_bits(leaf.grad)}


scase('2x2', [6], lambda x: x.as_strided((2, 2), (1, 2)))
scase('offset', [6], lambda x: x.as_strided((2, 2), (1, 2), 1))
scase('overlapping_windows', [5], lambda x: x.as_strided((3, 3), (1, 1)))
scase('stride0', [4], lambda x: x.as_strided((3, 2), (0, 1), 2))
scase('slice_default_offset', [6], lambda x: x[2:].as_strided((2,), (1,)))
scase('slice_explicit_offset', [6], lambda x: x[2:].as_strided((2, 2), (2, 1), 0))
scase('transposed', [2, 3], lambda x: x.t().as_strided((3, 2), (1, 3)))
scase('expanded_input', [3], lambda x: x.unsqueeze(0).expand(2, 3).as_strided((2, 2), (1, 1)))
scase('0d', [4], lambda x: torch.as_strided(x, (), (), 3))
scase('empty', [4], lambda x: x.as_strided((0, 2), (1, 1)))
scase('float64', [8], lambda x: torch.as_strided(x, (2, 3), (3, 1), 1), 'float64')
out['as_strided'] = strided
x6 = torch.arange(6.0)
out['as_strided_errors'] = {
    'negative_stride': error(lambda: x6.as_strided((2, 2), (1, -2))),
    'length': error(lambda: x6.as_strided((2, 2), (1,))),
    'bounds': error(lambda: x6.as_strided((3, 3), (1, 2))),
    'bounds_int64': error(lambda: torch.arange(6).as_strided((4,), (2,))),
    'offset': error(lambda: x6.as_strided((2,), (1,), -1)),
}

# ---- apply_ / map_ / resize_
cb = {}
t = ramp([2, 3]); t.apply_(lambda v: v * v - 1); cb['apply_'] = enc_bits(t)
t = torch.arange(6, dtype=torch.int64); t.apply_(lambda v: v * 1.7); cb['apply_int'] = enc_bits(t)
t = ramp([2, 3]); t.t().apply_(lambda v: v + 10); cb['apply_view'] = enc_bits(t)
t = ramp([2, 3]); t.map_(ramp([3]) * 3, lambda a, b: a * b + 1); cb['map_'] = enc_bits(t)
cb['errors'] = {
    'apply_grad': error(lambda: torch.ones(2, requires_grad=True).apply_(lambda v: v)),
    'map_grad': error(lambda: torch.ones(2, requires_grad=True).map_(torch.ones(2), lambda a, b: a)),
    'map_shape': error(lambda: torch.ones(2).map_(torch.ones(3), lambda a, b: a)),
    'map_dtype': error(lambda: torch.ones(2).map_(torch.ones(2, dtype=torch.int64), lambda a, b: a)),
    'apply_str': error(lambda: torch.ones(2).apply_(lambda v: 'a')),
    'apply_int': error(lambda: torch.ones(2).apply_(3)),
}
out['callbacks'] = cb

rs = {}
t = torch.arange(6.0); t.resize_(2, 2); rs['shrink'] = {'out': enc_bits(t), 'stride': list(t.stride())}
t = torch.arange(6.0); t.resize_([3, 1]); rs['list'] = {'out': enc_bits(t), 'stride': list(t.stride())}
t = torch.arange(4.0); t.resize_(2, 3); rs['grow_first'] = {'out': enc_bits(t.reshape(-1)[:4]), 'shape': list(t.shape), 'stride': list(t.stride())}
t = torch.ones(2, 3).t(); t.resize_(3, 2); rs['same_shape_keeps_strides'] = {'stride': list(t.stride())}
t = torch.arange(6.0).reshape(2, 3).t(); t.resize_(6); rs['transposed_flat'] = {'out': enc_bits(t), 'stride': list(t.stride())}
base = torch.arange(6.0); v = base[1:]; v.resize_(2, 2); rs['view_within'] = {'out': enc_bits(v), 'offset': v.storage_offset(), 'stride': list(v.stride())}
t = torch.arange(6.0); t.resize_as_(torch.ones(2, 2)); rs['resize_as_'] = {'out': enc_bits(t)}
rs['errors'] = {
    'grad': error(lambda: torch.ones(2, requires_grad=True).resize_(3)),
    'grad_same': error(lambda: torch.ones(2, requires_grad=True).resize_(2)),
    'grad_as': error(lambda: torch.ones(2, requires_grad=True).resize_as_(torch.ones(3))),
}
out['resize'] = rs

with open(os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'torch_utils.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
