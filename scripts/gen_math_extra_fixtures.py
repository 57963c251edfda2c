#!/usr/bin/python3
"""Reference values from PyTorch 1.13 for test/math_extra.test.ts: the elementwise math of lib/ops/math_extra.ts
(atan2, hypot, fmod, remainder, logaddexp, xlogy, lerp, the gamma family, bitwise ops, ...), forward values on edge
inputs (0, -0, inf, NaN, huge, tiny, poles) and forward plus input gradients on random inputs inside each domain,
in float32 and float64, with broadcasting and PyTorch's dtype promotion; then in-place forms applied mid-graph.

Run: /usr/bin/python3 scripts/gen_math_extra_fixtures.py   (deterministic: its own seeded generator)
Writes test/fixtures/math_extra.json. Float tensors are stored as hex bit patterns of their dtype (float32: 8 hex
digits, float64: 16) so NaN, inf and -0 survive JSON exactly; integer and bool tensors as numbers (bool 0/1).
"""
import json

import torch

from fixture_codec import enc_bits as enc, hexbits

gen = torch.Generator().manual_seed(4321)
NAN, INF = float('nan'), float('inf')




def uniform(lo, hi, *shape):
    return torch.rand(*shape, generator=gen, dtype=torch.float64) * (hi - lo) + lo


cases = []


def add(case_id, call, args, fn, grad=False, midgraph=False):
    """call: 'torch.x' / 'method.x'; args: tensors and plain numbers in call order (keyword options as a dict last).
    With grad: the gradient of sum(y * w) (w a fixed ramp) for each floating tensor argument."""
    tensors = [a for a in args if isinstance(a, torch.Tensor)]
    xs = [a.clone().requires_grad_(grad and a.is_floating_point()) for a in tensors]
    it = iter(xs)
    call_args = [next(it) if isinstance(a, torch.Tensor) else a for a in args]
    kwargs = call_args.pop() if call_args and isinstance(call_args[-1], dict) else {}
    if midgraph:
        h = call_args[0] * 1
        try:
            y = fn(h, *call_args[1:], **kwargs)
        except RuntimeError as err:  # in-place ops PyTorch 1.13 refuses inside a graph (their out= path)
            cases.append({'id': case_id, 'call': call, 'args': [enc(a) if isinstance(a, torch.Tensor) else a for a in args],
                          'midgraph': True, 'error': str(err).split('\n')[0]})
            return
        assert y is h, case_id
    else:
        y = fn(*call_args, **kwargs)
    rec = {'id': case_id, 'call': call, 'args': [enc(a) if isinstance(a, torch.Tensor) else a for a in args], 'midgraph': midgraph}
    if isinstance(y, tuple):
        rec['y'] = [enc(v) for v in y]
        y = y[0]
    else:
        rec['y'] = enc(y)
    if grad:
        w = torch.linspace(-1, 1, y.numel(), dtype=y.dtype).reshape(y.shape)
        try:
            (y * w).sum().backward()
        except (RuntimeError, NotImplementedError) as err:  # in-place ops PyTorch 1.13 has no derivative for
            rec['backward_error'] = str(err).split('\n')[0]
            cases.append(rec)
            return
        rec['grads'] = [enc(x.grad) if x.grad is not None else None for x in xs]
    cases.append(rec)


E = [0.0, -0.0, 1e-30, -1e-30, 1e-40, 0.5, -0.5, 1.0, -1.0, 2.5, -2.5, 3.0, -3.0, 7.25, -7.25, 1e30, -1e30, INF, -INF, NAN]
POS = [0.0, 1e-30, 1e-3, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 10.0, 30.0, 100.0, 1e4, INF, NAN]

for dtype in (torch.float32, torch.float64):
    d = 'f32' if dtype == torch.float32 else 'f64'
    e = torch.tensor(E, dtype=dtype)
    col, row = e.reshape(-1, 1), e.reshape(1, -1)  # every pair of edge values, by broadcasting
    ra = uniform(-3, 3, 3, 4).to(dtype)
    rb = uniform(-3, 3, 4).to(dtype)
    pa = uniform(0.2, 4, 3, 4).to(dtype)
    pb = uniform(0.2, 4, 4).to(dtype)
    nz = (uniform(0.5, 3, 4) * torch.tensor([1, -1, 1, -1], dtype=torch.float64)).to(dtype)
    for name in ['atan2', 'arctan2', 'hypot', 'logaddexp', 'logaddexp2', 'xlogy', 'fmod', 'remainder', 'fmax', 'fmin', 'nextafter']:
        fn = getattr(torch, name)
        # fmod/remainder: PyTorch's vectorized float32 fmod gives NaN where a / b overflows (1e30 / 1e-30) or b is
        # subnormal, where C's fmod (and torchlet) give the exact remainder; those tiny divisors are left out
        divisors = row[:, [k for k, v in enumerate(E) if abs(v) != 1e-40 and abs(v) != 1e-30]] if name in ('fmod', 'remainder') else row
        add(f'{name}/edges/{d}', f'torch.{name}', [col, divisors], fn)
        if name in ('fmod', 'remainder'):
            add(f'{name}/grad/{d}', f'torch.{name}', [ra, nz], fn, grad=True)
        elif name in ('xlogy',):
            add(f'{name}/grad/{d}', f'torch.{name}', [ra, pb], fn, grad=True)
        elif name != 'nextafter':
            add(f'{name}/grad/{d}', f'torch.{name}', [ra, rb], fn, grad=True)
        add(f'{name}/method/{d}', f'method.{name}', [rb, ra], lambda a, b, n=name: getattr(a, n)(b))
    for name in ['igamma', 'igammac']:
        fn = getattr(torch, name)
        p = torch.tensor(POS + [-1.0], dtype=dtype)
        # a = 1e-30 left out: PyTorch's results there are off (Q(1e-30, 1) = 1.0e-31 where mpmath gives 2.19e-31);
        # test/math_extra.test.ts checks torchlet's against mpmath's instead
        pa_edges = torch.tensor([v for v in POS if v != 1e-30] + [-1.0], dtype=dtype)
        add(f'{name}/edges/{d}', f'torch.{name}', [pa_edges.reshape(-1, 1), p.reshape(1, -1)], fn)
        add(f'{name}/grad/{d}', f'torch.{name}', [pa.detach(), pb], lambda a, b, f=fn: f(a.detach(), b), grad=True)
        big = torch.tensor([50.0, 200.0, 1000.0, 0.01], dtype=dtype)
        add(f'{name}/large/{d}', f'torch.{name}', [big.reshape(-1, 1), (big * 1.1).reshape(1, -1)], fn)
    # scalar operands: xlogy and remainder take a number on either side, fmod on the right
    add(f'xlogy/scalar_other/{d}', 'torch.xlogy', [ra, 2.5], torch.xlogy)
    add(f'xlogy/scalar_input/{d}', 'torch.xlogy', [3, pa], torch.xlogy, grad=True)
    add(f'remainder/scalar_other/{d}', 'torch.remainder', [e, -2.5], torch.remainder)
    add(f'remainder/scalar_input/{d}', 'torch.remainder', [5, nz], torch.remainder)
    add(f'fmod/scalar_other/{d}', 'torch.fmod', [e, 1.5], torch.fmod)
    # float_power: float64 whatever the inputs
    add(f'float_power/grad/{d}', 'torch.float_power', [pa, rb], torch.float_power, grad=True)
    add(f'float_power/scalar/{d}', 'torch.float_power', [ra, 3], torch.float_power, grad=True)
    add(f'float_power/scalar_input/{d}', 'torch.float_power', [2, rb], torch.float_power, grad=True)
    # ldexp with an integer exponent, and with a float one
    ex = torch.tensor([-3, 0, 2, 10], dtype=torch.int64)
    add(f'ldexp/int_exp/{d}', 'torch.ldexp', [ra, ex], torch.ldexp, grad=True)
    add(f'ldexp/float_exp/{d}', 'torch.ldexp', [ra, rb], torch.ldexp, grad=True)
    # lerp: scalar weights on both sides of 0.5, tensor weight broadcast
    for wv in (0.25, 0.75, 1.0, -0.5, 2.0):
        add(f'lerp/scalar_{wv}/{d}', 'torch.lerp', [ra, rb, wv], torch.lerp, grad=True)
    wt = uniform(-0.5, 1.5, 3, 1).to(dtype)
    add(f'lerp/tensor/{d}', 'torch.lerp', [ra, rb, wt], torch.lerp, grad=True)
    add(f'lerp/edges/{d}', 'torch.lerp', [col, row, 0.3], torch.lerp)
    # unary
    for name in ['sinc', 'deg2rad', 'rad2deg', 'frac', 'sgn']:
        fn = getattr(torch, name)
        add(f'{name}/edges/{d}', f'torch.{name}', [e], fn)
        add(f'{name}/grad/{d}', f'torch.{name}', [ra], fn, grad=True)
    ints = torch.tensor([1.0, 2.0, 3.0, -4.0, 0.25, 100.0], dtype=dtype)
    add(f'sinc/integers/{d}', 'torch.sinc', [ints], torch.sinc)
    i0_in = torch.cat([e, torch.tensor([5.0, 20.0, 80.0, 700.0, 720.0], dtype=dtype)])
    add(f'i0/edges/{d}', 'torch.i0', [i0_in], torch.i0)
    add(f'i0/grad/{d}', 'torch.i0', [ra * 3], torch.i0, grad=True)
    g_in = torch.cat([e, torch.tensor([1.5, 2.0, 0.1, -0.1, -1.5, -2.0, -3.5, 1e-8, 1e5, 1e10, -100.5], dtype=dtype)])
    add(f'lgamma/edges/{d}', 'torch.lgamma', [g_in], torch.lgamma)
    add(f'lgamma/grad/{d}', 'torch.lgamma', [pa], torch.lgamma, grad=True)
    add(f'lgamma/negative/{d}', 'torch.lgamma', [-pa - 0.05], torch.lgamma, grad=True)
    add(f'digamma/edges/{d}', 'torch.digamma', [g_in], torch.digamma)
    add(f'digamma/grad/{d}', 'torch.digamma', [pa], torch.digamma, grad=True)
    add(f'digamma/negative/{d}', 'torch.digamma', [-pa - 0.05], torch.digamma)
    for n in (1, 2, 3):
        add(f'polygamma_{n}/grad/{d}', 'torch.polygamma', [n, pa], torch.polygamma, grad=True)
        add(f'polygamma_{n}/edges/{d}', 'torch.polygamma', [n, torch.tensor(POS, dtype=dtype)], torch.polygamma)
    add(f'polygamma_1/negative/{d}', 'torch.polygamma', [1, -pa - 0.05], torch.polygamma)
    add(f'polygamma/method/{d}', 'method.polygamma', [pa, 2], lambda x, n: x.polygamma(n))
    for p in (1, 3):
        add(f'mvlgamma_{p}/grad/{d}', 'torch.mvlgamma', [pa + 1.5, p], torch.mvlgamma, grad=True)
    add(f'mvlgamma/kw/{d}', 'torch.mvlgamma', [pa + 1.5, {'p': 2}], torch.mvlgamma)
    fr_in = torch.cat([e, torch.tensor([1e-45 if dtype == torch.float32 else 5e-324, 3.0, 0.75, -1024.5], dtype=dtype)])
    add(f'frexp/edges/{d}', 'torch.frexp', [fr_in], torch.frexp)
    add(f'frexp/grad/{d}', 'torch.frexp', [ra * 100], torch.frexp, grad=True)
    add(f'nextafter/rand/{d}', 'torch.nextafter', [ra, rb], torch.nextafter)

# dtype promotion: integers and bools
i = torch.tensor([3, -4, 5, 0, 7, -9], dtype=torch.int64)
j = torch.tensor([2, 3, -2, 5, 7, 4], dtype=torch.int64)
i32 = i.to(torch.int32)
b = torch.tensor([True, False, True, False, True, True])
f = torch.tensor([1.5, -2.0, 0.0, 2.5, -0.5, 4.0])
for name in ['atan2', 'xlogy', 'fmod', 'remainder', 'fmax', 'fmin', 'float_power', 'ldexp']:
    fn = getattr(torch, name)
    add(f'{name}/int_int', f'torch.{name}', [i, j], fn)
    add(f'{name}/float_int', f'torch.{name}', [f, j], fn)
    add(f'{name}/int32_double0d', f'torch.{name}', [i32, torch.tensor(2.5, dtype=torch.float64)], fn)
for name in ['atan2', 'xlogy', 'fmax', 'float_power', 'ldexp']:
    add(f'{name}/bool_bool', f'torch.{name}', [b, b], getattr(torch, name))
for name in ['sinc', 'deg2rad', 'rad2deg', 'i0', 'lgamma', 'digamma', 'sgn', 'positive', 'negative', 'absolute', 'bitwise_not']:
    add(f'{name}/int', f'torch.{name}', [i], getattr(torch, name))
for name in ['sgn', 'bitwise_not']:
    add(f'{name}/bool', f'torch.{name}', [b], getattr(torch, name))
add('polygamma/int', 'torch.polygamma', [1, i.abs() + 1], torch.polygamma)
big = torch.tensor([12, -18, 0, 0, 2 ** 40, -(2 ** 33), 7, 1 << 50], dtype=torch.int64)
oth = torch.tensor([8, 12, 5, 0, 2 ** 20 * 3, 2 ** 31, -7, 3], dtype=torch.int64)
for name in ['gcd', 'lcm', 'bitwise_and', 'bitwise_or', 'bitwise_xor']:
    add(f'{name}/int64', f'torch.{name}', [big, oth], getattr(torch, name))
    add(f'{name}/int32', f'torch.{name}', [i32, j.to(torch.int32)], getattr(torch, name))
for name in ['bitwise_and', 'bitwise_or', 'bitwise_xor']:
    add(f'{name}/bool', f'torch.{name}', [b, b.flip(0)], getattr(torch, name))
    add(f'{name}/scalar', f'torch.{name}', [i, 6], getattr(torch, name))
sh = torch.tensor([0, 1, 5, 63, 64, 70], dtype=torch.int64)
shv = torch.tensor([1, -3, 5, 1, -16, 5], dtype=torch.int64)
for name in ['bitwise_left_shift', 'bitwise_right_shift']:
    add(f'{name}/int64', f'torch.{name}', [shv, sh], getattr(torch, name))
    add(f'{name}/int32', f'torch.{name}', [shv.to(torch.int32), torch.tensor([0, 1, 5, 31, 32, 40], dtype=torch.int32)], getattr(torch, name))
    add(f'{name}/negative_count', f'torch.{name}', [torch.tensor([16, -16]), torch.tensor([-1, -2])], getattr(torch, name))
    add(f'{name}/scalar', f'torch.{name}', [shv, 2], getattr(torch, name))
add('remainder/int_python_sign', 'torch.remainder', [torch.tensor([7, -7, 7, -7, 0]), torch.tensor([3, 3, -3, -3, 2])], torch.remainder)
add('fmod/int_c_sign', 'torch.fmod', [torch.tensor([7, -7, 7, -7, 0]), torch.tensor([3, 3, -3, -3, 2])], torch.fmod)
add('divide/floor', 'torch.divide', [i, j, {'rounding_mode': 'floor'}], torch.divide)
add('divide/trunc', 'torch.divide', [i, j, {'rounding_mode': 'trunc'}], torch.divide)
add('true_divide/int', 'torch.true_divide', [i, j], torch.true_divide)
add('subtract/alpha', 'torch.subtract', [f, f.flip(0), {'alpha': 2}], torch.subtract)
add('multiply/int_float', 'torch.multiply', [i, f], torch.multiply)
for name in ['not_equal', 'greater', 'greater_equal', 'less', 'less_equal']:
    add(f'{name}/mixed', f'torch.{name}', [f, torch.tensor([1.5, 0.0, 0.0, 3.0, -0.5, 1.0])], getattr(torch, name))
    add(f'{name}/scalar', f'torch.{name}', [i, 3], getattr(torch, name))
add('arccosh/grad', 'torch.arccosh', [torch.tensor([1.5, 2.0, 4.0], dtype=torch.float64)], torch.arccosh, grad=True)
add('arcsinh/grad', 'torch.arcsinh', [torch.tensor([-1.5, 0.0, 4.0], dtype=torch.float64)], torch.arcsinh, grad=True)

# angle, isposinf/isneginf, isreal, rsub, addcmul/addcdiv (value truncated for an integer result)
for dtype in (torch.float32, torch.float64):
    d = 'f32' if dtype == torch.float32 else 'f64'
    e = torch.tensor(E, dtype=dtype)
    for name in ['angle', 'isposinf', 'isneginf', 'isreal']:
        add(f'{name}/edges/{d}', f'torch.{name}', [e], getattr(torch, name))
    ra = uniform(-3, 3, 3, 4).to(dtype)
    rb = uniform(-3, 3, 4).to(dtype)
    rc = uniform(0.5, 3, 3, 1).to(dtype)
    add(f'angle/grad/{d}', 'torch.angle', [ra], torch.angle, grad=True)
    add(f'rsub/grad/{d}', 'torch.rsub', [ra, rb, {'alpha': 2}], torch.rsub, grad=True)
    add(f'rsub/scalar/{d}', 'torch.rsub', [ra, 2.5], torch.rsub, grad=True)
    add(f'addcmul/grad/{d}', 'torch.addcmul', [ra, rb, rc, {'value': 0.3}], torch.addcmul, grad=True)
    add(f'addcdiv/grad/{d}', 'torch.addcdiv', [ra, rb, rc, {'value': -1.5}], torch.addcdiv, grad=True)
    add(f'addcmul_/midgraph/{d}', 'method.addcmul_', [ra, rb, rc, {'value': 2}], lambda t, a, b, value: t.addcmul_(a, b, value=value), grad=True, midgraph=True)
    add(f'addcdiv_/midgraph/{d}', 'method.addcdiv_', [ra, rb, rc], lambda t, a, b: t.addcdiv_(a, b), grad=True, midgraph=True)
add('angle/int', 'torch.angle', [i], torch.angle)
add('isposinf/int', 'torch.isposinf', [i], torch.isposinf)
add('addcmul/int_value_truncated', 'torch.addcmul', [i, j, j, {'value': 2.7}], torch.addcmul)
add('addcmul/int_float', 'torch.addcmul', [f, i, j, {'value': 0.5}], torch.addcmul)
add('addcdiv/float_int', 'torch.addcdiv', [i, f, f.flip(0) + 0.25], torch.addcdiv)
add('rsub/int_scalar', 'torch.rsub', [i, 2.5], torch.rsub)

# in-place forms inside a graph: the op applied to x * 1, gradients through the rewritten history
x = uniform(0.2, 0.9, 3, 4)
y = uniform(0.2, 0.9, 4)
for name in ['sin_', 'cos_', 'tan_', 'asin_', 'acos_', 'atan_', 'sinh_', 'cosh_', 'asinh_', 'sqrt_', 'rsqrt_', 'log_',
             'log2_', 'log10_', 'log1p_', 'expm1_', 'exp2_', 'erf_', 'reciprocal_', 'square_', 'negative_', 'frac_',
             'sinc_', 'i0_', 'lgamma_', 'digamma_', 'deg2rad_', 'rad2deg_', 'arcsin_', 'arccos_', 'arctan_', 'arcsinh_',
             'absolute_', 'floor_', 'ceil_', 'trunc_', 'fix_', 'round_', 'sgn_']:
    add(f'{name}/midgraph', f'method.{name}', [x], lambda t, n=name: getattr(t, n)(), grad=True, midgraph=True)
add('acosh_/midgraph', 'method.acosh_', [x + 1], lambda t: t.acosh_(), grad=True, midgraph=True)
add('arccosh_/midgraph', 'method.arccosh_', [x + 1], lambda t: t.arccosh_(), grad=True, midgraph=True)
add('float_power_/midgraph', 'method.float_power_', [x, 2.5], lambda t, o: t.float_power_(o), grad=True, midgraph=True)
add('float_power_/tensor_exponent', 'method.float_power_', [x, y], lambda t, o: t.float_power_(o), grad=True, midgraph=True)
for name in ['pow_', 'fmod_', 'remainder_', 'hypot_', 'atan2_', 'arctan2_', 'xlogy_', 'ldexp_', 'multiply_',
             'subtract_', 'divide_', 'true_divide_']:
    add(f'{name}/midgraph', f'method.{name}', [x, y], lambda t, o, n=name: getattr(t, n)(o), grad=True, midgraph=True)
add('lerp_/midgraph', 'method.lerp_', [x, y, 0.3], lambda t, o, w: t.lerp_(o, w), grad=True, midgraph=True)
add('lerp_/tensor_weight', 'method.lerp_', [x, y, y * 0.5], lambda t, o, w: t.lerp_(o, w), grad=True, midgraph=True)
add('polygamma_/midgraph', 'method.polygamma_', [x, 1], lambda t, n: t.polygamma_(n), grad=True, midgraph=True)
add('mvlgamma_/midgraph', 'method.mvlgamma_', [x + 2, 2], lambda t, p: t.mvlgamma_(p), grad=True, midgraph=True)
add('clip_/midgraph', 'method.clip_', [x, 0.3, 0.7], lambda t, lo, hi: t.clip_(lo, hi), grad=True, midgraph=True)
add('nan_to_num_/midgraph', 'method.nan_to_num_', [x], lambda t: t.nan_to_num_(), grad=True, midgraph=True)
add('tril_/midgraph', 'method.tril_', [x, 1], lambda t, k: t.tril_(k), grad=True, midgraph=True)
add('triu_/midgraph', 'method.triu_', [x, -1], lambda t, k: t.triu_(k), grad=True, midgraph=True)
add('fill_diagonal_/midgraph', 'method.fill_diagonal_', [x, 5.0], lambda t, v: t.fill_diagonal_(v), grad=True, midgraph=True)
add('masked_fill_/midgraph', 'method.masked_fill_', [x, y.gt(0.5), -1.0], lambda t, m, v: t.masked_fill_(m, v), grad=True, midgraph=True)
add('t_/midgraph', 'method.t_', [x], lambda t: t.t_(), grad=True, midgraph=True)
add('transpose_/midgraph', 'method.transpose_', [x, 0, 1], lambda t, a, c: t.transpose_(a, c), grad=True, midgraph=True)
add('swapaxes_/midgraph', 'method.swapaxes_', [x, 1, 0], lambda t, a, c: t.swapaxes_(a, c), grad=True, midgraph=True)
add('unsqueeze_/midgraph', 'method.unsqueeze_', [x, 1], lambda t, a: t.unsqueeze_(a), grad=True, midgraph=True)
add('squeeze_/midgraph', 'method.squeeze_', [x.reshape(3, 1, 4), 1], lambda t, a: t.squeeze_(a), grad=True, midgraph=True)
for name in ['eq_', 'ne_', 'gt_', 'ge_', 'lt_', 'le_', 'greater_', 'less_', 'greater_equal_', 'less_equal_', 'not_equal_']:
    add(f'{name}/midgraph', f'method.{name}', [x, 0.5], lambda t, o, n=name: getattr(t, n)(o), grad=True, midgraph=True)
for name in ['logical_and_', 'logical_or_', 'logical_xor_']:
    add(f'{name}/values', f'method.{name}', [torch.tensor([0.0, 1.0, 2.0, 0.0]), torch.tensor([0.0, 0.0, 3.0, 1.0])],
        lambda t, o, n=name: getattr(t.clone(), n)(o))
add('logical_not_/values', 'method.logical_not_', [torch.tensor([0.0, 1.0, -2.0])], lambda t: t.clone().logical_not_())
add('fill_diagonal_/wrap', 'method.fill_diagonal_', [torch.zeros(7, 3), 2.0, {'wrap': True}], lambda t, v, wrap: t.clone().fill_diagonal_(v, wrap=wrap))
add('fill_diagonal_/nowrap', 'method.fill_diagonal_', [torch.zeros(7, 3), 2.0], lambda t, v: t.clone().fill_diagonal_(v))
add('fill_diagonal_/cube', 'method.fill_diagonal_', [torch.zeros(3, 3, 3), 1.0], lambda t, v: t.clone().fill_diagonal_(v))
add('fill_diagonal_/wide', 'method.fill_diagonal_', [torch.zeros(2, 5), 3.0, {'wrap': True}], lambda t, v, wrap: t.clone().fill_diagonal_(v, wrap=wrap))
for name in ['gcd_', 'lcm_', 'bitwise_and_', 'bitwise_or_', 'bitwise_xor_', 'bitwise_left_shift_', 'bitwise_right_shift_', 'fmod_', 'remainder_']:
    add(f'{name}/int', f'method.{name}', [torch.tensor([12, -7, 9, 5]), torch.tensor([8, 3, 6, 2])], lambda t, o, n=name: getattr(t.clone(), n)(o))

json.dump({'torch_version': torch.__version__, 'cases': cases}, open('test/fixtures/math_extra.json', 'w'), indent=None, separators=(',', ':'))
print(len(cases), 'cases')
