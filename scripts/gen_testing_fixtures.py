"""Reference outcomes for test/testing.test.ts from PyTorch 1.13: torch.testing.assert_close on each case (the test
makes the same comparison under the same name, JS numbers standing for Python floats and bigints for ints),
recorded as the error's type and message, or 'ok'.

Regenerate: /usr/bin/python3 scripts/gen_testing_fixtures.py  (writes test/fixtures/testing.json)
"""
import json
import os

import torch
from torch.testing import assert_close

T = torch.tensor
nan, inf = float('nan'), float('inf')
CASES = {
    'close': lambda: assert_close(T([1., 2.]), T([1., 2.000001])),
    'values': lambda: assert_close(T([1., 2.]), T([1., 2.1])),
    'values_2d': lambda: assert_close(T([[1., 2.], [3., 4.]]), T([[1., 2.1], [3.5, 4.]])),
    'shape': lambda: assert_close(torch.ones(2), torch.ones(3)),
    'dtype': lambda: assert_close(torch.ones(2), torch.ones(2, dtype=torch.float64)),
    'dtype_unchecked': lambda: assert_close(torch.ones(2), torch.ones(2, dtype=torch.float64), check_dtype=False),
    'mixed_dtype_tolerance': lambda: assert_close(T([1.]), T([1.000002], dtype=torch.float64), check_dtype=False),
    'int': lambda: assert_close(T([1, 2]), T([1, 3])),
    'int_with_tolerance': lambda: assert_close(T([1, 2]), T([1, 3]), rtol=0, atol=1),
    'bool': lambda: assert_close(T([True, False]), T([True, True])),
    'bool_int_unchecked': lambda: assert_close(T([True]), T([1]), check_dtype=False),
    'float_int_unchecked': lambda: assert_close(T([1.5]), T([1]), check_dtype=False),
    'nan': lambda: assert_close(T([nan]), T([nan])),
    'nan_equal': lambda: assert_close(T([nan]), T([nan]), equal_nan=True),
    'inf': lambda: assert_close(T([inf]), T([inf])),
    'opposite_inf': lambda: assert_close(T([inf]), T([-inf])),
    'tolerance': lambda: assert_close(T([1., 2.]), T([1., 2.1]), rtol=0, atol=0.2),
    'no_rtol': lambda: assert_close(T([1., 2.]), T([1., 2.1]), atol=0.2),
    'no_atol': lambda: assert_close(1.0, 1.0, rtol=1),
    'relative_inf': lambda: assert_close(T([0., 1.]), T([1., 0.])),
    'percent_tie': lambda: assert_close(torch.zeros(16), torch.cat([torch.ones(1), torch.zeros(15)])),
    'large': lambda: assert_close(T([1e20]), T([1.1e20])),
    'within_atol': lambda: assert_close(T([1e-20, 1.]), T([2e-20, 2.])),
    'zero_d': lambda: assert_close(T(1.), T(2.)),
    'empty': lambda: assert_close(torch.ones(0), torch.ones(0)),
    'stride': lambda: assert_close(torch.ones(2, 3), torch.ones(3, 2).t(), check_stride=True),
    'stride_unchecked': lambda: assert_close(torch.ones(2, 3), torch.ones(3, 2).t()),
    'float_scalars': lambda: assert_close(1.0, 1.0 + 1e-9),
    'float_scalars_far': lambda: assert_close(1.0, 1.1),
    'int_scalars': lambda: assert_close(1, 2),
    'int_float_scalars': lambda: assert_close(1, 1.0),
    'int_float_unchecked': lambda: assert_close(1, 1.5, check_dtype=False),
    'booleans': lambda: assert_close(True, False),
    'list': lambda: assert_close([torch.ones(2), torch.zeros(1)], [torch.ones(2), torch.ones(1)]),
    'list_length': lambda: assert_close([torch.ones(2)], [torch.ones(2), torch.ones(2)]),
    'dict': lambda: assert_close({'a': torch.ones(2)}, {'a': torch.zeros(2)}),
    'dict_keys': lambda: assert_close({'a': torch.ones(2)}, {'b': torch.zeros(2)}),
    'nested': lambda: assert_close([{'a': [1.0, torch.ones(1)]}], [{'a': [1.0, torch.zeros(1)]}]),
    'nested_length': lambda: assert_close({'a': [1.0]}, {'a': [1.0, 2.0]}),
    'msg': lambda: assert_close(torch.ones(2), torch.zeros(2), msg='custom'),
    'msg_callable': lambda: assert_close(torch.ones(2), torch.zeros(2), msg=lambda m: 'X' + m[:10]),
    'tensor_and_float': lambda: assert_close(torch.ones(2), 1.0),
    'strings': lambda: assert_close('a', 'a'),
    'nones': lambda: assert_close(None, None),
}

results = {}
for name, case in CASES.items():
    try:
        case()
        results[name] = 'ok'
    except Exception as e:  # the outcome is the fixture
        results[name] = {'type': type(e).__name__, 'message': str(e)}

with open(os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'testing.json'), 'w') as f:
    json.dump(results, f, indent=1)
    f.write('\n')
