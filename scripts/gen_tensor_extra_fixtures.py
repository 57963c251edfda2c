"""Reference values for test/tensor_extra.test.ts from PyTorch 1.13 (no RNG: inputs are ramps).

Each case: its inputs (shape + dtype; values ramp(n) = arange(n) * 0.5 - 1 for floats, arange(n) for integers),
its outputs, and for differentiable cases the gradient of sum(out_k * (arange(out_k.numel()) + 1)) over the float
outputs w.r.t. each float input. The test builds the same inputs and makes the same call (same case name).
Also: finfo / iinfo fields and reprs, and promote_types / result_type / can_cast over every pair of dtypes.

Regenerate: /usr/bin/python3 scripts/gen_tensor_extra_fixtures.py  (writes test/fixtures/tensor_extra.json)
"""
import functools
import json
import warnings

import torch

from fixture_codec import DT, NAME, enc_values as enc, ramp_case

warnings.simplefilter('ignore')


cases = {}
case = functools.partial(ramp_case, cases)


F32, F64, I64 = 'float32', 'float64', 'int64'
# unfold: overlapping, gapped, exact and empty windows; a transposed (non-contiguous) input; 0-d
case('unfold_1d', lambda a: a.unfold(0, 3, 2), ([8], F32))
case('unfold_overlap_dim0', lambda a: a.unfold(0, 2, 1), ([5, 3], F32))
case('unfold_gapped_neg_dim', lambda a: a.unfold(-2, 2, 3), ([2, 7, 2], F64))
case('unfold_transposed', lambda a: a.t().unfold(1, 3, 1), ([4, 3], F32))
case('unfold_twice', lambda a: a.unfold(0, 2, 1).unfold(1, 2, 2), ([4, 5], F32))
case('unfold_size0', lambda a: a.unfold(0, 0, 1), ([3], F32))
case('unfold_0d', lambda a: a.unfold(0, 1, 1), ([], F32))
case('unfold_int', lambda a: a.unfold(1, 2, 2), ([2, 5], I64), grad=False)
# sum_to_size
case('sum_to_size_trailing', lambda a: a.sum_to_size(3, 1), ([2, 3, 4], F32))
case('sum_to_size_list', lambda a: a.sum_to_size([1, 3]), ([2, 3], F64))
case('sum_to_size_same', lambda a: a.sum_to_size(2, 3), ([2, 3], F32))
# split_with_sizes
case('split_with_sizes', lambda a: torch.split_with_sizes(a, [2, 0, 3], 1), ([4, 5], F32))
case('split_with_sizes_method', lambda a: a.split_with_sizes([1, 3], dim=0), ([4, 2], F32))
# renorm: rows above and below maxnorm
case('renorm_p2_dim0', lambda a: torch.renorm(a, 2, 0, 1.5), ([3, 4], F32))
case('renorm_p1_dim1', lambda a: a.renorm(p=1, dim=1, maxnorm=2.0), ([3, 4], F32))
case('renorm_p3_3d', lambda a: a.renorm(3, -1, 1.0), ([2, 3, 2], F64))
case('renorm_maxnorm0', lambda a: a.renorm(2, 0, 0.0), ([2, 3], F32))
# dist: distinct |differences| (exp(a) - b) so that p = inf has one maximum
case('dist_p2_broadcast', lambda a, b: torch.dist(a.exp(), b), ([2, 3], F32), ([3], F32))
case('dist_p1', lambda a, b: a.exp().dist(b, 1), ([2, 3], F32), ([2, 3], F32))
case('dist_p3', lambda a, b: torch.dist(a.exp(), b, p=3), ([4], F64), ([4], F64))
case('dist_pinf', lambda a, b: torch.dist(a.exp(), b, float('inf')), ([2, 3], F32), ([3], F32))
case('dist_p0', lambda a, b: torch.dist(a, b * b, 0), ([2, 3], F32), ([2, 3], F32), grad=False)  # 1.13's backward fails for p = 0
case('dist_mixed_dtype', lambda a, b: torch.dist(a.exp(), b), ([3], F32), ([3], F64))
# trapezoid rule; x = exp(ramp) gives increasing, uneven sample points
case('trapezoid_dx', lambda y: torch.trapezoid(y), ([3, 5], F32))
case('trapezoid_dx_dim0', lambda y: torch.trapezoid(y, dx=0.5, dim=0), ([3, 5], F32))
case('trapezoid_x_1d', lambda y, x: torch.trapezoid(y, x.exp()), ([3, 5], F32), ([5], F32))
case('trapezoid_x_full', lambda y, x: torch.trapezoid(y, x.exp(), dim=1), ([2, 4, 3], F64), ([2, 4, 3], F64))
case('trapezoid_x_lower_rank', lambda y, x: torch.trapezoid(y, x.exp()), ([2, 3, 4], F32), ([3, 4], F32))
case('trapezoid_int', lambda y: torch.trapezoid(y, dx=2), ([2, 4], I64), grad=False)
case('trapezoid_empty', lambda y: torch.trapezoid(y), ([2, 0], F32), grad=False)  # zeros, not connected to y
case('trapz_dx', lambda y: torch.trapz(y, dx=0.25), ([4], F32))
case('trapz_x', lambda y, x: torch.trapz(y, x.exp(), dim=0), ([4, 2], F32), ([4], F32))
case('cumulative_trapezoid_dx', lambda y: torch.cumulative_trapezoid(y, dx=0.5), ([2, 5], F32))
case('cumulative_trapezoid_x', lambda y, x: torch.cumulative_trapezoid(y, x.exp(), dim=0), ([4, 3], F64), ([4], F64))
case('cumulative_trapezoid_int', lambda y: torch.cumulative_trapezoid(y), ([5], I64), grad=False)
case('cumulative_trapezoid_one', lambda y: torch.cumulative_trapezoid(y), ([2, 1], F32))
# isin (no gradient): promoted comparison, invert, scalars
case('isin', lambda a, b: torch.isin(a, b * 2), ([2, 4], I64), ([3], I64), grad=False)
case('isin_invert', lambda a, b: torch.isin(a, b, invert=True), ([5], F32), ([3], I64), grad=False)
case('isin_promoted', lambda a, b: torch.isin(a, b), ([4], I64), ([3], F32), grad=False)
case('isin_scalar_test', lambda a: torch.isin(a, 0.5), ([2, 3], F32), grad=False)
case('isin_scalar_elements', lambda b: torch.isin(2, b), ([3], I64), grad=False)
case('isin_nan', lambda a: torch.isin(a.log(), a.log()), ([3], F32), grad=False)
# conjugate transposes of real tensors
case('mH', lambda a: a.mH, ([2, 3, 4], F32))
case('H', lambda a: a.H, ([3, 2], F32))
case('adjoint', lambda a: torch.adjoint(a), ([2, 2, 3], F32))

info = {}
for name in ['float32', 'float64']:
    f = torch.finfo(DT[name])
    info[name] = {k: getattr(f, k) for k in ['bits', 'eps', 'max', 'min', 'tiny', 'smallest_normal', 'resolution']}
    info[name]['dtype'] = f.dtype
    info[name]['repr'] = str(f)
for name in ['int32', 'int64']:
    i = torch.iinfo(DT[name])
    info[name] = {'bits': i.bits, 'max': i.max, 'min': i.min, 'dtype': i.dtype, 'repr': str(i)}

promotion = {}
for a in DT:
    for b in DT:
        ta, tb = DT[a], DT[b]
        promotion[f'{a},{b}'] = {
            'promote_types': NAME[torch.promote_types(ta, tb)],
            'can_cast': torch.can_cast(ta, tb),
            # a dimensioned tensor with a 0-d one, both ways, and each with Python scalars
            'result_dim_0d': NAME[torch.result_type(torch.ones(2, dtype=ta), torch.ones((), dtype=tb))],
            'result_0d_dim': NAME[torch.result_type(torch.ones((), dtype=ta), torch.ones(2, dtype=tb))],
            'result_0d_0d': NAME[torch.result_type(torch.ones((), dtype=ta), torch.ones((), dtype=tb))],
        }
scalars = {}
for a in DT:
    for s_name, s in [('int', 2), ('float', 2.5), ('bool', True)]:
        scalars[f'{a},{s_name}'] = NAME[torch.result_type(torch.ones(2, dtype=DT[a]), s)]
        scalars[f'{a}0d,{s_name}'] = NAME[torch.result_type(torch.ones((), dtype=DT[a]), s)]
for s_name, s in [('int', 2), ('float', 2.5), ('bool', True)]:
    for t_name, t in [('int', 3), ('float', 0.5), ('bool', False)]:
        scalars[f'{s_name},{t_name}'] = NAME[torch.result_type(s, t)]

with open('test/fixtures/tensor_extra.json', 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': cases, 'info': info, 'promotion': promotion, 'scalars': scalars}, f, indent=None, separators=(',', ':'))

print(len(cases), 'cases,', len(promotion), 'dtype pairs,', len(scalars), 'scalar pairs')
