"""Reference values for test/shape_extra.test.ts from PyTorch 1.13 (no RNG: inputs are ramps).

Each case: its inputs (shape + dtype; values ramp(n) = arange(n) * 0.5 - 1 for floats, arange(n) for integers),
its outputs, and for differentiable cases the gradient of sum(out_k * (arange(out_k.numel()) + 1)) over the float
outputs w.r.t. each float input. The test builds the same inputs and makes the same call (same case name).

Regenerate: /usr/bin/python3 scripts/gen_shape_extra_fixtures.py  (writes test/fixtures/shape_extra.json)
"""
import functools
import json
import warnings

import torch

from fixture_codec import enc_values as enc, ramp_case

warnings.simplefilter('ignore')


cases = {}
case = functools.partial(ramp_case, cases)


F32 = 'float32'
case('broadcast_to', lambda x: torch.broadcast_to(x, (2, 3, 4)), ([3, 1], F32))
case('broadcast_tensors', lambda a, b, c: torch.broadcast_tensors(a, b, c), ([3, 1], F32), ([1, 4], F32), ([4], F32))
case('meshgrid_ij', lambda a, b: torch.meshgrid(a, b, indexing='ij'), ([3], F32), ([2], F32))
case('meshgrid_xy', lambda a, b, c: torch.meshgrid(a, b, c, indexing='xy'), ([3], F32), ([2], F32), ([4], F32))
case('meshgrid_0d', lambda a, b: torch.meshgrid(a, b, indexing='ij'), ([], F32), ([3], F32))
case('atleast_1d', lambda a: torch.atleast_1d(a), ([], F32))
case('atleast_2d', lambda a, b: torch.atleast_2d(a, b), ([], F32), ([3], F32))
case('atleast_3d', lambda a, b, c: torch.atleast_3d(a, b, c), ([3], F32), ([2, 3], F32), ([1, 2, 3, 1], F32))
case('hstack_2d', lambda a, b: torch.hstack([a, b]), ([2, 3], F32), ([2, 1], F32))
case('hstack_1d', lambda a, b: torch.hstack([a, b]), ([2], F32), ([3], F32))
case('vstack', lambda a, b: torch.vstack([a, b]), ([3], F32), ([2, 3], F32))
case('row_stack', lambda a, b: torch.row_stack([a, b]), ([3], F32), ([3], 'int64'))
case('dstack', lambda a, b: torch.dstack([a, b]), ([2], F32), ([1, 2], F32))
case('column_stack', lambda a, b, c: torch.column_stack([a, b, c]), ([2, 3], F32), ([2], F32), ([2, 1], F32))
case('tensor_split_sections', lambda a: torch.tensor_split(a, 3), ([7, 2], F32))
case('tensor_split_indices', lambda a: torch.tensor_split(a, [1, 5, 100, -1]), ([7], F32))
case('tensor_split_decreasing', lambda a: torch.tensor_split(a, [5, 2], dim=1), ([2, 7], F32))
case('tensor_split_tensor_sections', lambda a: torch.tensor_split(a, torch.tensor(4), 1), ([2, 3], F32))
case('tensor_split_tensor_indices', lambda a: torch.tensor_split(a, torch.tensor([1, 2]), -1), ([2, 3], F32))
case('hsplit_sections', lambda a: torch.hsplit(a, 2), ([2, 4], F32))
case('hsplit_1d', lambda a: torch.hsplit(a, [1, 3]), ([5], F32))
case('vsplit', lambda a: torch.vsplit(a, 2), ([4, 2], F32))
case('dsplit', lambda a: torch.dsplit(a, [1]), ([1, 2, 4], F32))
for k in [0, 1, 2, 3, -1, 5]:
    case(f'rot90_k{k}', lambda a, k=k: torch.rot90(a, k, [1, 2]), ([2, 3, 4], F32))
case('rot90_default', lambda a: torch.rot90(a), ([2, 3], F32))
case('rot90_negative_dims', lambda a: torch.rot90(a, 1, [-1, 0]), ([2, 3], F32))
case('fliplr', lambda a: torch.fliplr(a), ([2, 3, 2], F32))
case('flipud', lambda a: torch.flipud(a), ([3, 2], F32))
case('movedim_int', lambda a: torch.movedim(a, 0, 2), ([2, 3, 4], F32))
case('movedim_list', lambda a: torch.movedim(a, [0, 1], [2, 0]), ([2, 3, 4, 5], F32))
case('moveaxis', lambda a: torch.moveaxis(a, -1, 0), ([2, 3, 4], F32))
case('swapaxes', lambda a: torch.swapaxes(a, 0, 2), ([2, 3, 4], F32))
case('swapdims', lambda a: torch.swapdims(a, 1, -1), ([2, 3, 4], F32))
case('repeat_interleave_int', lambda a: torch.repeat_interleave(a, 2), ([2, 2], F32))
case('repeat_interleave_tensor_dim0', lambda a: torch.repeat_interleave(a, torch.tensor([1, 0, 3]), dim=0), ([3, 2], F32))
case('repeat_interleave_dim1_output_size', lambda a: torch.repeat_interleave(a, torch.tensor([2, 1]), dim=1, output_size=3), ([2, 2], F32))
case('repeat_interleave_one_repeat', lambda a: torch.repeat_interleave(a, torch.tensor([2]), dim=0), ([2, 3], F32))
case('repeat_interleave_int_dim', lambda a: torch.repeat_interleave(a, 3, dim=-1), ([2, 2], 'int64'), grad=False)
case('repeat_interleave_repeats_only', lambda a: torch.repeat_interleave(a), ([4], 'int64'), grad=False)
case('unflatten', lambda a: torch.unflatten(a, 1, (2, -1)), ([2, 6], F32))
case('unflatten_strided', lambda a: torch.unflatten(a.t(), 0, (3, 1, 2)), ([2, 6], F32))
case('ravel', lambda a: torch.ravel(a.t()), ([2, 3], F32))
case('block_diag', lambda a, b, c: torch.block_diag(a, b, c), ([], F32), ([2], F32), ([2, 3], F32))
case('block_diag_promote', lambda a, b: torch.block_diag(a, b), ([2, 2], 'int64'), ([1, 2], 'float64'))
case('block_diag_empty_piece', lambda a, b: torch.block_diag(a, b), ([0], F32), ([2, 0], F32))
case('cartesian_prod', lambda a, b: torch.cartesian_prod(a, b), ([2], F32), ([3], F32))
case('cartesian_prod_3', lambda a, b, c: torch.cartesian_prod(a, b, c), ([2], 'int64'), ([1], 'int64'), ([2], 'int64'), grad=False)
case('cartesian_prod_1', lambda a: torch.cartesian_prod(a), ([3], F32))
case('combinations', lambda a: torch.combinations(a), ([4], F32))
case('combinations_r3_replacement', lambda a: torch.combinations(a, 3, True), ([3], F32))
case('combinations_r1', lambda a: torch.combinations(a, r=1), ([3], F32), grad=False)
case('combinations_r0', lambda a: torch.combinations(a, r=0), ([3], 'int64'), grad=False)
case('combinations_r_too_big', lambda a: torch.combinations(a, r=4), ([3], 'int64'), grad=False)
case('narrow_copy', lambda a: torch.narrow_copy(a, 1, 1, 2), ([3, 4], F32), grad=False)
case('select_scatter', lambda a, b: torch.select_scatter(a, b, 1, -1), ([2, 3, 2], F32), ([2, 2], F32))
case('slice_scatter', lambda a, b: torch.slice_scatter(a, b, 1, 1, None, 2), ([2, 5], F32), ([2, 2], F32))
case('slice_scatter_default', lambda a, b: torch.slice_scatter(a, b, step=1), ([3, 2], F32), ([3, 2], F32))
case('slice_scatter_int_src', lambda a, b: torch.slice_scatter(a, b, 0, 0, 1, 1), ([2, 2], F32), ([1, 2], 'int64'))
case('diagonal_scatter', lambda a, b: torch.diagonal_scatter(a, b), ([3, 3], F32), ([3], F32))
case('diagonal_scatter_offset', lambda a, b: torch.diagonal_scatter(a, b, 1, 2, 0), ([3, 2, 4], F32), ([2, 2], F32))
case('vander', lambda a: torch.vander(a), ([3], F32), grad=False)  # PyTorch 1.13's vander backward fails (an in-place cumprod)
case('vander_increasing_N', lambda a: torch.vander(a, N=5, increasing=True), ([3], 'float64'), grad=False)
case('vander_int', lambda a: torch.vander(a, 3), ([4], 'int32'), grad=False)

# factories: outputs only
factories = {}


def factory(name, fn):
    factories[name] = enc(fn())


factory('logspace', lambda: torch.logspace(0, 3, 4))
factory('logspace_base2', lambda: torch.logspace(-2, 2, 9, 2))
factory('logspace_float64', lambda: torch.logspace(-1.5, 2.25, 7, dtype=torch.float64))
factory('logspace_many', lambda: torch.logspace(-3, 1.7, 41))
factory('logspace_one', lambda: torch.logspace(2, 5, 1))
factory('logspace_zero', lambda: torch.logspace(2, 5, 0))
for fname in ['hann', 'hamming', 'blackman', 'bartlett', 'kaiser']:
    fn = getattr(torch, f'{fname}_window')
    for n in [0, 1, 2, 5, 8]:
        for periodic in [True, False]:
            factory(f'{fname}_{n}_{periodic}', lambda: fn(n, periodic))
    factory(f'{fname}_12_float64', lambda: fn(12, dtype=torch.float64))
factory('hamming_alpha_beta', lambda: torch.hamming_window(7, False, 0.6, 0.3))
factory('kaiser_beta', lambda: torch.kaiser_window(9, True, 5.0))
factory('kaiser_beta_float64', lambda: torch.kaiser_window(10, False, 3.5, dtype=torch.float64))
factory('scalar_tensor', lambda: torch.scalar_tensor(2.5))
factory('scalar_tensor_int64', lambda: torch.scalar_tensor(3, dtype=torch.int64))
factory('range', lambda: torch.range(1, 4))
factory('range_step', lambda: torch.range(0, 1, 0.25))
factory('range_down', lambda: torch.range(3, -1, -1.5))
factory('range_float64', lambda: torch.range(-1, 1, 0.5, dtype=torch.float64))

with open('test/fixtures/shape_extra.json', 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': cases, 'factories': factories}, f, indent=None, separators=(',', ':'))
    f.write('\n')
print(len(cases), 'cases,', len(factories), 'factories')
