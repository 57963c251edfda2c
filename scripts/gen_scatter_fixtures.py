#!/usr/bin/python3
"""Reference values for the scatter / index family from PyTorch, for test/scatter.test.ts.

Run: /usr/bin/python3 scripts/gen_scatter_fixtures.py   (PyTorch 1.13; deterministic)

Each float case names a torch function, its arguments and keyword arguments; {"t": name} stands for a float input
(float32 values, so the test can build it in float32 and float64), {"long": ...} / {"bool": ...} for an index or a
mask, {"list": [...]} for a list of them. Outputs and the gradients of sum(output * r) w.r.t. every float input are
computed in float64 from those values. Copy-like ops (scatter, index_copy, index_put, put without accumulate) get
no repeated indices: which value wins there is undefined in PyTorch. int_cases (integer dtypes, nonzero, scatter
with reduce) are forward only.
"""
import json
import warnings

import torch

warnings.filterwarnings('ignore')  # scatter_reduce's beta warning
torch.manual_seed(0)
OUT = 'test/fixtures/scatter.json'


def values(t):
    return t.detach().flatten().tolist()


def randn(*shape):
    return torch.randn(*shape).double()  # float32 values, held in float64


def small(*shape):
    """Small integers as floats: ties for amax / amin, zeros for prod."""
    return torch.randint(-2, 3, shape).double()


def build(arg, tensors):
    if isinstance(arg, dict) and 't' in arg:
        return tensors[arg['t']]
    if isinstance(arg, dict) and 'long' in arg:
        return torch.tensor(arg['long'], dtype=torch.long)
    if isinstance(arg, dict) and 'bool' in arg:
        return torch.tensor(arg['bool'], dtype=torch.bool)
    if isinstance(arg, dict) and 'zeros' in arg:
        return torch.zeros(arg['zeros'])
    if isinstance(arg, dict) and 'scalar' in arg:
        return torch.tensor(arg['scalar'])
    if isinstance(arg, dict) and 'list' in arg:
        return [build(a, tensors) for a in arg['list']]
    return arg


def case(name, fn, inputs, args, kwargs=None, no_grad=()):
    """inputs: name -> float64 tensor of float32 values; no_grad: inputs whose gradient is not compared."""
    kwargs = kwargs or {}
    tensors = {k: v.clone().requires_grad_(k not in no_grad) for k, v in inputs.items()}
    y = getattr(torch, fn)(*[build(a, tensors) for a in args], **{k: build(v, tensors) for k, v in kwargs.items()})
    r = torch.randn(y.shape).double()
    (y * r).sum().backward()
    return {'id': name, 'fn': fn, 'inputs': {k: {'shape': list(v.shape), 'values': values(v)} for k, v in inputs.items()},
            'args': args, 'kwargs': kwargs, 'y_shape': list(y.shape), 'y': values(y), 'r': values(r),
            'grad_fn': type(y.grad_fn).__name__, 'grads': {k: values(t.grad) for k, t in tensors.items() if k not in no_grad}}


T = {'t': 'x'}
S = {'t': 'src'}


def L(v):
    return {'long': v}


def M(v):
    return {'bool': v}


cases = [
    case('scatter dim 0', 'scatter', {'x': randn(3, 4), 'src': randn(2, 4)}, [T, 0, L([[2, 0, 1, 2], [0, 1, 2, 1]]), S]),
    case('scatter dim 1, smaller index', 'scatter', {'x': randn(3, 5), 'src': randn(2, 2)}, [T, 1, L([[4, 0], [1, 3]]), S]),
    case('scatter dim -1 of 3-D', 'scatter', {'x': randn(2, 2, 3), 'src': randn(2, 1, 3)}, [T, -1, L([[[2, 0, 1]], [[1, 2, 0]]]), S]),
    case('scatter src larger than index', 'scatter', {'x': randn(3, 4), 'src': randn(3, 5)}, [T, 1, L([[3, 1], [0, 2]]), S], no_grad=('src',)),
    case('scatter value', 'scatter', {'x': randn(3, 4)}, [T, 1, L([[3], [0], [1]]), 1.5]),
    case('scatter_add dim 0, repeated', 'scatter_add', {'x': randn(3, 4), 'src': randn(3, 4)}, [T, 0, L([[0, 0, 2, 1], [0, 2, 2, 1], [0, 1, 1, 1]]), S]),
    case('scatter_add dim 1', 'scatter_add', {'x': randn(2, 3), 'src': randn(2, 4)}, [T, 1, L([[2, 2, 0, 2], [1, 0, 1, 0]]), S]),
]
SR_INDEX = [[0, 0, 2, 0], [1, 1, 1, 3]]
for reduce in ['sum', 'prod', 'mean', 'amax', 'amin']:
    for include_self in [True, False]:
        make = small if reduce in ('prod', 'amax', 'amin') else randn
        cases.append(case(f'scatter_reduce {reduce} include_self={include_self}', 'scatter_reduce', {'x': make(2, 4), 'src': make(2, 4)},
                          [T, 1, L(SR_INDEX), S, reduce], {'include_self': include_self}))
cases += [
    case('scatter_reduce prod with zeros', 'scatter_reduce', {'x': torch.tensor([[0., 2, 3, 0]]).double(), 'src': torch.tensor([[5., 0, 1, 0, 2]]).double()},
         [T, 1, L([[0, 0, 2, 3, 1]]), S, 'prod']),
    case('scatter_reduce amax dim 0, 3-D', 'scatter_reduce', {'x': small(3, 2, 2), 'src': small(4, 2, 2)},
         [T, 0, L([[[0, 1], [2, 2]], [[0, 0], [2, 1]], [[1, 0], [0, 0]], [[0, 2], [2, 1]]]), S, 'amax']),
    case('index_add dim 0, repeated, alpha', 'index_add', {'x': randn(4, 3), 'src': randn(5, 3)}, [T, 0, L([0, 3, 0, 1, 0]), S], {'alpha': 2.5}),
    case('index_add dim 1', 'index_add', {'x': randn(2, 4), 'src': randn(2, 2)}, [T, 1, L([3, 1]), S]),
    case('index_add dim -1 of 3-D', 'index_add', {'x': randn(2, 2, 3), 'src': randn(2, 2, 4)}, [T, -1, L([2, 2, 0, 1]), S]),
    case('index_copy dim 0', 'index_copy', {'x': randn(4, 3), 'src': randn(2, 3)}, [T, 0, L([3, 1]), S]),
    case('index_copy dim 1', 'index_copy', {'x': randn(2, 4), 'src': randn(2, 3)}, [T, 1, L([0, 3, 2]), S]),
    case('index_fill dim 1, repeated and negative', 'index_fill', {'x': randn(3, 4)}, [T, 1, L([1, -1, 1]), -2.5]),
    case('index_fill value tensor', 'index_fill', {'x': randn(3, 4), 'v': torch.tensor(0.75).double()}, [T, 0, L([2, 0, 2]), {'t': 'v'}]),
]
for reduce in ['prod', 'mean', 'amax', 'amin']:
    for include_self in [True, False]:
        cases.append(case(f'index_reduce {reduce} include_self={include_self}', 'index_reduce', {'x': small(4, 3), 'src': small(5, 3)},
                          [T, 0, L([0, 3, 0, 1, 0]), S, reduce], {'include_self': include_self}))
cases += [
    case('index_put two indices', 'index_put', {'x': randn(3, 4), 'src': randn(3)}, [T, {'list': [L([0, 2, 1]), L([1, 3, -4])]}, S]),
    case('index_put rows, broadcast values', 'index_put', {'x': randn(3, 4), 'src': randn(4)}, [T, {'list': [L([2, -3])]}, S]),
    case('index_put broadcast indices', 'index_put', {'x': randn(3, 4), 'src': randn(2, 3)}, [T, {'list': [L([[0], [2]]), L([0, 1, 3])]}, S]),
    case('index_put bool mask', 'index_put', {'x': randn(3, 4), 'src': randn(2, 4)}, [T, {'list': [M([True, False, True])]}, S]),
    case('index_put full mask, 0-d value', 'index_put', {'x': randn(2, 3), 'src': randn(())},
         [T, {'list': [M([[True, False, True], [False, False, True]])]}, S]),
    case('index_put mask then long', 'index_put', {'x': randn(3, 2, 2), 'src': randn(2)}, [T, {'list': [M([True, False, True]), L([0, 1])]}, S]),
    case('index_put accumulate, repeated', 'index_put', {'x': randn(3, 4), 'src': randn(4)}, [T, {'list': [L([0, 0, 2, 0]), L([1, 1, 3, 2])]}, S],
         {'accumulate': True}),
    case('index_put accumulate, rows', 'index_put', {'x': randn(3, 2), 'src': randn(3, 2)}, [T, {'list': [L([1, 1, -1])]}, S], {'accumulate': True}),
    case('masked_select', 'masked_select', {'x': randn(3, 4)}, [T, M([True, False, False, True])]),
    case('masked_select broadcast input', 'masked_select', {'x': randn(4)}, [T, M([[True, False, True, True], [False, True, False, True]])]),
    case('masked_scatter', 'masked_scatter', {'x': randn(2, 3), 'src': randn(2, 4)}, [T, M([[True, False, True], [False, True, True]]), S]),
    case('masked_scatter broadcast mask', 'masked_scatter', {'x': randn(2, 3), 'src': randn(5)}, [T, M([False, True, True]), S]),
    case('take', 'take', {'x': randn(3, 4)}, [T, L([[0, 11, -1], [5, 5, -12]])]),
    case('take_along_dim', 'take_along_dim', {'x': randn(3, 4)}, [T, L([[0, 3], [1, 1], [2, 0]]), 1]),
    case('take_along_dim broadcast', 'take_along_dim', {'x': randn(1, 4)}, [T, L([[0, 3], [1, 1], [2, 0]]), 1]),
    case('take_along_dim dim 0', 'take_along_dim', {'x': randn(3, 2)}, [T, L([[2, 0]]), 0]),
    case('take_along_dim flat', 'take_along_dim', {'x': randn(2, 3)}, [T, L([5, 0, 5])]),
    case('put', 'put', {'x': randn(2, 3), 'src': randn(3)}, [T, L([0, -1, 3]), S]),
    case('put accumulate, repeated', 'put', {'x': randn(2, 3), 'src': randn(4)}, [T, L([0, -1, 0, 5]), S], {'accumulate': True}),
]


def int_case(name, fn, args, kwargs=None):
    y = getattr(torch, fn)(*[build(a, {}) if not isinstance(a, list) else torch.tensor(a) for a in args], **(kwargs or {}))
    out = [values(t) for t in y] if isinstance(y, tuple) else values(y)
    shape = [list(t.shape) for t in y] if isinstance(y, tuple) else list(y.shape)
    return {'id': name, 'fn': fn, 'args': args, 'kwargs': kwargs or {}, 'y_shape': shape, 'y': out,
            'dtype': str(y[0].dtype if isinstance(y, tuple) else y.dtype).replace('torch.', '')}


X = [[3, -1, 4], [1, -5, 9]]  # int64 input
ints = [
    int_case('scatter_reduce mean int64 (floor)', 'scatter_reduce', [X, 1, L([[0, 0, 1], [2, 2, 2]]), [[-1, -2, 4], [7, 1, 1]], 'mean'], {'include_self': False}),
    int_case('scatter_reduce mean int64 with self', 'scatter_reduce', [X, 1, L([[0, 0, 1], [2, 2, 2]]), [[-1, -2, 4], [7, 1, 1]], 'mean']),
    int_case('scatter_reduce amax int64', 'scatter_reduce', [X, 1, L([[0, 0, 1], [2, 2, 2]]), [[-1, -2, 4], [7, 1, 1]], 'amax'], {'include_self': False}),
    int_case('scatter_reduce prod int64', 'scatter_reduce', [X, 1, L([[0, 0, 1], [2, 2, 2]]), [[-1, -2, 4], [7, 1, 1]], 'prod']),
    int_case('scatter int64 value', 'scatter', [X, 0, L([[1, 0]]), 7]),
    int_case('scatter_add int64', 'scatter_add', [X, 0, L([[1, 0, 1], [1, 1, 1]]), [[1, 2, 3], [4, 5, 6]]]),
    int_case('index_add int64 alpha', 'index_add', [X, 1, L([2, 2]), [[1, 2], [3, 4]]], {'alpha': 3}),
    int_case('index_fill int64', 'index_fill', [X, 0, L([1]), -8]),
    int_case('index_reduce int64 mean', 'index_reduce', [X, 1, L([0, 0]), [[-4, 1], [2, 2]], 'mean'], {'include_self': False}),
    int_case('index_put int64 accumulate', 'index_put', [X, {'list': [L([1, 1]), L([0, 0])]}, [5, 6]], {'accumulate': True}),
    int_case('put int64', 'put', [X, L([-1, 0]), [10, 20]]),
    int_case('take int64', 'take', [X, L([5, -6, 2])]),
    int_case('masked_select int64', 'masked_select', [X, M([True, False, True])]),
    int_case('nonzero', 'nonzero', [[[0, 1.5, 0], [2, 0, -3]]]),
    int_case('nonzero as_tuple', 'nonzero', [[[0, 1.5, 0], [2, 0, -0.0]]], {'as_tuple': True}),
    int_case('nonzero 3-D bool', 'nonzero', [M([[[True, False], [False, True]], [[True, True], [False, False]]])]),
    int_case('nonzero 0-d', 'nonzero', [{'scalar': 3.0}]),
    int_case('nonzero 0-d zero', 'nonzero', [{'scalar': 0.0}]),
    int_case('nonzero 0-d as_tuple', 'nonzero', [{'scalar': 3.0}], {'as_tuple': True}),
    int_case('nonzero empty', 'nonzero', [{'zeros': [0, 3]}]),
    int_case('argwhere', 'argwhere', [[[0, 1], [1, 1]]]),
    # scatter with reduce has no gradient in PyTorch: forward only (float lists hold non-integers: the test reads
    # all-integer lists as int64)
    int_case('scatter reduce multiply', 'scatter', [[[1.5, 2.5, -3.25], [4.5, 5.5, 6.5]], 1, L([[0, 0], [2, 1]]), [[2.5, -1.5], [0.5, 3.5]]],
             {'reduce': 'multiply'}),
    int_case('scatter value, reduce add', 'scatter', [[[1.5, 2.5, -3.25], [4.5, 5.5, 6.5]], 1, L([[0, 0], [2, 1]]), 2.5], {'reduce': 'add'}),
]

with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases, 'int_cases': ints}, f, separators=(',', ':'))
print(len(cases), 'float cases,', len(ints), 'integer cases')
