"""Reference results for test/small_ints.test.ts from PyTorch 1.13: the uint8, int8 and int16 dtypes' casts,
promotion, wrapping arithmetic, reductions' dtypes, iinfo, can_cast, repr and overflow errors, and a file saved by
torch.save holding tensors of each (test/fixtures/small_ints.pt, which torch.load must read).

Regenerate: /usr/bin/python3 scripts/gen_small_ints_fixtures.py  (writes test/fixtures/small_ints.json and .pt)
"""
import json
import os
import warnings

import torch

warnings.simplefilter('ignore')
DTYPES = [torch.float32, torch.float64, torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool]
SMALL = [torch.int16, torch.int8, torch.uint8]
name = lambda d: str(d).replace('torch.', '')


def enc(t):
    return {'dtype': name(t.dtype), 'shape': list(t.shape), 'values': t.flatten().tolist()}


floats = torch.tensor([-1.5, 255.7, 256.0, 300.2, -129.0, 127.9, -128.9, 0.5, -0.5, 65535.9, 32768.0,
                       float('nan'), float('inf'), float('-inf')])
longs = torch.tensor([300, -1, 70000, -70000, 2 ** 40 + 5, 255, -128, 32767, -32769])
u = torch.tensor([200, 100, 0, 255], dtype=torch.uint8)
c = torch.tensor([100, -100, -128, 127], dtype=torch.int8)
s = torch.tensor([30000, -30000, 7, -7], dtype=torch.int16)

# the test makes the same call under the same name
results = {
    **{f'float_to_{name(d)}': floats.to(d) for d in SMALL},
    **{f'long_to_{name(d)}': longs.to(d) for d in SMALL},
    **{f'{name(d)}_to_float': torch.tensor([-3, 0, 5]).to(d).to(torch.float32) for d in SMALL},
    'u_add_u': u + u, 'u_add_c': u + c, 'u_mul_3': u * 3, 'u_sub_201': u - 201, 'u_add_1000': u + 1000,
    'u_div_3': u / 3, 'u_floordiv_3': u // 3, 'u_neg': -u, 'u_sum': u.sum(), 'u_prod': u[:2].prod(),
    'u_cumsum': u.cumsum(0), 'u_max': u.max(), 'u_argmax': u.argmax(), 'u_gt_150': u > 150,
    'u_add_2_5': u + 2.5, 'u_shl_1': u << 1, 'u_not': ~u, 'u_relu': torch.relu(u), 'u_sigmoid': torch.sigmoid(u),
    'u_add_s': u + s, 'u_mul_bool': u * torch.tensor([True, False, True, True]),
    'c_abs': c.abs(), 'c_mul_c': c * c, 'c_floordiv_2': c // 2, 'c_rem_3': c % 3, 'c_shr_1': c >> 1, 'c_neg': -c,
    'c_add_true': c + True, 'c_sum': c.sum(), 'c_mean_float': c.float().mean(), 'c_sort': c.sort().values,
    's_add_s': s + s, 's_mul_2': s * 2, 's_add_c': s + c, 's_matmul_float': s.float() @ torch.ones(4),
    'c_add_long': c + torch.tensor([1, 2, 3, 4]), 'u_add_int32': u + torch.tensor([1, 2, 3, 4], dtype=torch.int32),
    'arange_u': torch.arange(250, 260, dtype=torch.uint8), 'full_u_neg1': torch.full((2,), -1, dtype=torch.uint8),
    'tensor_u_neg255': torch.tensor([-255, 255], dtype=torch.uint8), 'zeros_c': torch.zeros(2, dtype=torch.int8),
    'fill_u_2_5': torch.zeros(2, dtype=torch.uint8).fill_(2.5), 'u_add_inplace_300': u.clone().add_(300),
    'masked_select_u_mask': torch.arange(4.).masked_select(torch.tensor([1, 0, 1, 0], dtype=torch.uint8)),
    'bincount_u': torch.bincount(torch.tensor([3, 1, 1], dtype=torch.uint8)),
    'dot_c': torch.tensor([1, 2], dtype=torch.int8).dot(torch.tensor([100, 2], dtype=torch.int8)),
    'mm_u': torch.mm(torch.full((2, 3), 200, dtype=torch.uint8), torch.ones(3, 2, dtype=torch.uint8)),
    'cat_u_c': torch.cat([u, c]), 'maximum_u_c': torch.maximum(u, c), 'sort_c': torch.sort(c).values,
    'where_u_cond': torch.where(torch.tensor([1, 0, 2, 0], dtype=torch.uint8), torch.arange(4.), torch.zeros(4)),
}
errors = {}
for key, f in {
    'tensor_u_300': lambda: torch.tensor([300], dtype=torch.uint8),
    'tensor_u_neg256': lambda: torch.tensor([-256], dtype=torch.uint8),
    'tensor_u_neg_float': lambda: torch.tensor([-1.5], dtype=torch.uint8),
    'tensor_c_200': lambda: torch.tensor([200], dtype=torch.int8),
    'tensor_s_40000': lambda: torch.tensor([40000], dtype=torch.int16),
    'tensor_i_3e9': lambda: torch.tensor([3e9], dtype=torch.int32),
    'full_u_300': lambda: torch.full((2,), 300, dtype=torch.uint8),
    'index_fill_s_70000': lambda: torch.zeros(2, dtype=torch.int16).index_fill_(0, torch.tensor([1]), 70000),
    'add_inplace_float': lambda: u.clone().add_(2.5),
    'mean_u': lambda: u.mean(),
    'requires_grad_u': lambda: u.clone().requires_grad_(),
    'random_u_300': lambda: u.clone().random_(300),
    'random_c_from': lambda: c.clone().random_(-129, 0),
}.items():
    try:
        f()
        raise SystemExit(f'{key} did not raise')
    except RuntimeError as e:
        errors[key] = str(e).split('\n')[0]

fixture = {
    'torch_version': torch.__version__,
    'results': {k: enc(v) for k, v in results.items()},
    'promote': {f'{name(a)},{name(b)}': name(torch.promote_types(a, b)) for a in DTYPES for b in DTYPES},
    'can_cast': {f'{name(a)},{name(b)}': torch.can_cast(a, b) for a in DTYPES for b in DTYPES},
    'iinfo': {name(d): [torch.iinfo(d).bits, torch.iinfo(d).min, torch.iinfo(d).max] for d in SMALL},
    'is_signed': {name(d): torch.ones(1, dtype=d).is_signed() for d in DTYPES},
    'repr': {name(d): repr(torch.tensor([[1, -2], [3, 100]]).to(d)) for d in SMALL},
    'type': {name(d): torch.ones(1, dtype=d).type() for d in SMALL},
    'errors': errors,
}
here = os.path.dirname(os.path.abspath(__file__))
saved = {'u': u, 'c': c, 's': s, 'u_view': u[1:3]}
torch.save(saved, os.path.join(here, '..', 'test', 'fixtures', 'small_ints.pt'))
with open(os.path.join(here, '..', 'test', 'fixtures', 'small_ints.json'), 'w') as f:
    json.dump(fixture, f, indent=1, allow_nan=True)
    f.write('\n')
