#!/usr/bin/python3
"""Reference values of torch.linalg.solve_triangular, torch.triangular_solve, the LU functions
(linalg.lu_factor / lu_factor_ex / lu / lu_solve, lu_unpack, torch.lu / lu_solve), cholesky_solve,
cholesky_inverse, linalg.cholesky_ex / inv_ex / solve_ex, linalg.vander / vecdot / cond / tensorinv / tensorsolve
from PyTorch, for test/linalg_lu.test.ts.

Run: /usr/bin/python3 scripts/gen_linalg_lu_fixtures.py   (PyTorch 1.13; deterministic)
Each case calls `op` (named as in the test's table) on `inputs` with `kwargs`; `outputs` are its results. For a
differentiable case, loss = sum_i sum(outputs[i] * weights[i]) over the floating outputs, and `grads` are d loss /
d input (None for an input that is not differentiated). Mostly float64, some float32.
"""
import json
import math
import warnings

import torch

warnings.simplefilter('ignore')
torch.manual_seed(0)
D = torch.float64


def dump(t):
    if t is None:
        return None
    values = [v if math.isfinite(v) else str(v) for v in t.detach().reshape(-1).tolist()]  # 'nan', 'inf', '-inf'
    return {'shape': list(t.shape), 'values': values, 'dtype': str(t.dtype).replace('torch.', '')}


def tri(n, upper, batch=(), dtype=D):
    a = torch.randn(*batch, n, n, dtype=dtype) * 0.5
    a = a + torch.diag_embed(torch.sign(torch.randn(*batch, n, dtype=dtype)) * (1.5 + torch.rand(*batch, n, dtype=dtype)))
    return a  # a full matrix: the solvers read one triangle


def spd(n, batch=(), dtype=D):
    a = torch.randn(*batch, n, n, dtype=dtype)
    return a @ a.mT + n * torch.eye(n, dtype=dtype)


OPS = {
    'solve_triangular': lambda A, B, **k: [torch.linalg.solve_triangular(A, B, **k)],
    'triangular_solve': lambda b, A, *a: list(torch.triangular_solve(b, A, *a)),
    'lu_factor': lambda A: list(torch.linalg.lu_factor(A)),
    'lu_factor_ex': lambda A: list(torch.linalg.lu_factor_ex(A)),
    'lu': lambda A: list(torch.linalg.lu(A)),
    'lu_unpack': lambda LU, piv, *a: list(torch.lu_unpack(LU, piv, *a)),
    'lu_factor_solve': lambda A, B, **k: [torch.linalg.lu_solve(*torch.linalg.lu_factor(A), B, **k)],
    'lu_solve_packed': lambda LU, piv, B, **k: [torch.linalg.lu_solve(LU, piv, B, **k)],
    'torch_lu': lambda A, **k: list(torch.lu(A, **k)),
    'torch_lu_solve': lambda b, A: [torch.lu_solve(b, *torch.linalg.lu_factor(A))],
    'cholesky_solve': lambda B, L, *a: [torch.cholesky_solve(B, L, *a)],
    'cholesky_inverse': lambda L, *a: [torch.cholesky_inverse(L, *a)],
    'cholesky_ex': lambda A, **k: list(torch.linalg.cholesky_ex(A, **k)),
    'inv_ex': lambda A: list(torch.linalg.inv_ex(A)),
    'solve_ex': lambda A, B, **k: list(torch.linalg.solve_ex(A, B, **k)),
    'vander': lambda x, **k: [torch.linalg.vander(x, **k)],
    'vecdot': lambda x, y, **k: [torch.linalg.vecdot(x, y, **k)],
    'cond': lambda A, *a: [torch.linalg.cond(A, *a)],
    'tensorinv': lambda A, **k: [torch.linalg.tensorinv(A, **k)],
    'tensorsolve': lambda A, B, **k: [torch.linalg.tensorsolve(A, B, **k)],
}

cases = []


def case(name, op, inputs, args=(), kwargs=None, grad=None):
    """grad: indices of the inputs to differentiate (default: every floating input when the op is differentiable)."""
    kwargs = kwargs or {}
    inputs = [t.clone() for t in inputs]
    wrt = [i for i, t in enumerate(inputs) if t.is_floating_point()] if grad is None else grad
    for i in wrt:
        inputs[i].requires_grad_(True)
    outs = OPS[op](*inputs, *args, **kwargs)
    weights = [torch.randn(o.shape, dtype=o.dtype) if o.is_floating_point() and o.requires_grad else None for o in outs]
    grads = [None] * len(inputs)
    if wrt and any(w is not None for w in weights):
        loss = sum((o * w).sum() for o, w in zip(outs, weights) if w is not None)
        got = torch.autograd.grad(loss, [inputs[i] for i in wrt], allow_unused=True)
        for i, g in zip(wrt, got):
            grads[i] = g if g is not None else torch.zeros_like(inputs[i])
    cases.append({'name': name, 'op': op, 'inputs': [dump(t) for t in inputs], 'args': [str(a) if isinstance(a, float) and not math.isfinite(a) else a for a in args], 'kwargs': kwargs,
                  'outputs': [dump(o) for o in outs], 'weights': [dump(w) for w in weights], 'grads': [dump(g) for g in grads]})


# solve_triangular: every flag, batches broadcast, float32
for upper in (True, False):
    for left in (True, False):
        for unit in (False, True):
            A = tri(4, upper)
            B = torch.randn(4, 3, dtype=D) if left else torch.randn(3, 4, dtype=D)
            case(f'solve_triangular upper={upper} left={left} unit={unit}', 'solve_triangular', [A, B],
                 kwargs={'upper': upper, 'left': left, 'unitriangular': unit})
case('solve_triangular batched broadcast', 'solve_triangular', [tri(3, False, (2, 1)), torch.randn(3, 3, 2, dtype=D)], kwargs={'upper': False})
case('solve_triangular float32', 'solve_triangular', [tri(3, True, (), torch.float32), torch.randn(3, 2)], kwargs={'upper': True})

# triangular_solve (b, A, upper, transpose, unitriangular)
for args in [(), (False,), (True, True), (False, True, True), (True, False, True)]:
    case(f'triangular_solve {args}', 'triangular_solve', [torch.randn(4, 2, dtype=D), tri(4, args[0] if args else True)], args=args)
case('triangular_solve batched', 'triangular_solve', [torch.randn(2, 3, 2, dtype=D), tri(3, True)], args=(True,))

# LU: square, wide, tall, batched, ties in the pivot column, singular
ties = torch.tensor([[1., 2, 3, 0], [-1, 0, 1, 2], [1, 1, -1, 1], [0, -2, 2, 1]], dtype=D)
mats = {
    'square': torch.randn(4, 4, dtype=D),
    'wide': torch.randn(3, 5, dtype=D),
    'tall': torch.randn(5, 3, dtype=D),
    'batched': torch.randn(2, 3, 3, dtype=D),
    'ties': ties,
    'float32': torch.randn(4, 4),
}
for name, A in mats.items():
    case(f'lu_factor {name}', 'lu_factor', [A])
    case(f'lu {name}', 'lu', [A])
singular = torch.tensor([[[1., 2, 3], [2, 4, 6], [1, 0, 1]], [[0., 0, 0], [0, 0, 0], [0, 0, 0]]], dtype=D)
case('lu_factor_ex singular', 'lu_factor_ex', [singular], grad=[])
case('lu singular', 'lu', [singular], grad=[])
case('torch_lu get_infos', 'torch_lu', [mats['square']], kwargs={'get_infos': True}, grad=[])
case('torch_lu', 'torch_lu', [mats['batched']], grad=[])
LU, piv = torch.linalg.lu_factor(torch.randn(2, 4, 3, dtype=D))
case('lu_unpack tall batched', 'lu_unpack', [LU, piv])
case('lu_unpack no data', 'lu_unpack', [LU, piv], args=(False,), grad=[])
case('lu_unpack no pivots', 'lu_unpack', [LU, piv], args=(True, False))

# lu_solve through lu_factor (gradients to A and B), every left/adjoint, batches broadcast
for left in (True, False):
    for adjoint in (False, True):
        A = torch.randn(4, 4, dtype=D)
        B = torch.randn(4, 2, dtype=D) if left else torch.randn(2, 4, dtype=D)
        case(f'lu_solve left={left} adjoint={adjoint}', 'lu_factor_solve', [A, B], kwargs={'left': left, 'adjoint': adjoint})
case('lu_solve batched broadcast', 'lu_factor_solve', [torch.randn(2, 1, 3, 3, dtype=D), torch.randn(3, 3, 2, dtype=D)])
LU, piv = torch.linalg.lu_factor(torch.randn(3, 3, dtype=D))
case('lu_solve packed LU', 'lu_solve_packed', [LU, piv, torch.randn(3, 2, dtype=D)], kwargs={'adjoint': True})
case('torch.lu_solve', 'torch_lu_solve', [torch.randn(3, 2, dtype=D), torch.randn(3, 3, dtype=D)])

# Cholesky
for upper in (False, True):
    L = torch.linalg.cholesky(spd(4), upper=upper)
    case(f'cholesky_solve upper={upper}', 'cholesky_solve', [torch.randn(4, 2, dtype=D), L], args=(upper,))
    case(f'cholesky_inverse upper={upper}', 'cholesky_inverse', [L], args=(upper,))
    case(f'cholesky_ex upper={upper}', 'cholesky_ex', [spd(3, (2,))], kwargs={'upper': upper})
case('cholesky_solve batched broadcast', 'cholesky_solve', [torch.randn(2, 3, 2, dtype=D), torch.linalg.cholesky(spd(3))])
case('cholesky_inverse batched', 'cholesky_inverse', [torch.linalg.cholesky(spd(3, (2,)))])
case('cholesky_ex not positive-definite', 'cholesky_ex', [torch.stack([spd(3), -torch.eye(3, dtype=D)])], grad=[])
case('inv_ex', 'inv_ex', [torch.randn(2, 3, 3, dtype=D)])
case('inv_ex singular', 'inv_ex', [singular], grad=[])
case('solve_ex', 'solve_ex', [torch.randn(3, 3, dtype=D), torch.randn(3, 2, dtype=D)])
case('solve_ex left=False', 'solve_ex', [torch.randn(3, 3, dtype=D), torch.randn(2, 3, dtype=D)], kwargs={'left': False})
case('solve_ex singular', 'solve_ex', [singular[1], torch.randn(2, 3, 2, dtype=D)], grad=[])
case('solve_ex batched vector', 'solve_ex', [torch.randn(2, 3, 3, dtype=D), torch.randn(2, 3, dtype=D)])

# vander, vecdot, cond, tensorinv, tensorsolve
case('vander', 'vander', [torch.randn(4, dtype=D)])
case('vander N batched', 'vander', [torch.randn(2, 3, dtype=D)], kwargs={'N': 5})
case('vander int64', 'vander', [torch.tensor([1, 2, -3])], kwargs={'N': 4})
case('vecdot', 'vecdot', [torch.randn(2, 4, dtype=D), torch.randn(4, dtype=D)])
case('vecdot dim', 'vecdot', [torch.randn(3, 2, dtype=D), torch.randn(3, 2, dtype=D)], kwargs={'dim': 0})
CA = torch.randn(2, 4, 4, dtype=D)
for p in [None, 2, -2, 'fro', 'nuc', float('inf'), float('-inf'), 1, -1]:
    # PyTorch 1.13 cannot differentiate cond for p other than None and +-2 (an in-place masked_fill_ on inv_ex's output)
    case(f'cond p={p}', 'cond', [CA], args=(p,), grad=None if p in (None, 2, -2) else [])
case('cond rectangular', 'cond', [torch.randn(3, 5, dtype=D)])
case('cond singular p=1', 'cond', [singular[0]], args=(1,), grad=[])
case('cond singular p=None', 'cond', [singular[0]], grad=[])
case('tensorinv', 'tensorinv', [torch.randn(4, 6, 8, 3, dtype=D)], kwargs={'ind': 2})
case('tensorinv ind=1', 'tensorinv', [torch.randn(6, 2, 3, dtype=D)], kwargs={'ind': 1})
case('tensorsolve', 'tensorsolve', [torch.randn(2, 3, 6, dtype=D), torch.randn(2, 3, dtype=D)])
case('tensorsolve dims', 'tensorsolve', [torch.randn(6, 2, 3, dtype=D), torch.randn(2, 3, dtype=D)], kwargs={'dims': [0]})

json.dump({'cases': cases}, open('test/fixtures/linalg_lu.json', 'w'))
print(f'wrote test/fixtures/linalg_lu.json: {len(cases)} cases')
