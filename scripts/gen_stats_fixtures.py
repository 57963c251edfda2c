#!/usr/bin/python3
"""Reference values for the scans, order statistics, NaN-aware reductions, binning, uniques, diff and cov of
lib/ops/stats.ts, from PyTorch 1.13, for test/stats.test.ts.

Run: /usr/bin/python3 scripts/gen_stats_fixtures.py   (deterministic: fixed seed, one thread)

Each case: {id, fn (torch.<fn>), method (also test x.<fn>(...)), x, args, kwargs, out, grad?, r?, tol, index_any?}
A tensor is {"dtype", "shape", "data"} with non-finite numbers as the strings "nan", "inf", "-inf"; an argument
that is a tensor is {"tensor": ...}. `out` is a tensor or a list of them (values/indices pairs, unique's tuple).
`grad` is the gradient of sum(out0 * r) w.r.t. x, computed by PyTorch in x's dtype. `index_any`: PyTorch does not
say which of several equal elements its index names, so the test checks only that x holds the value there.
"""
import json
import math

import torch

torch.manual_seed(0)
torch.set_num_threads(1)
OUT = 'test/fixtures/stats.json'
DT = {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64', torch.int32: 'int32', torch.bool: 'bool'}


def num(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, float) and not math.isfinite(v):
        return 'nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')
    return v


def enc(t):
    return {'dtype': DT[t.dtype], 'shape': list(t.shape), 'data': [num(v) for v in t.detach().flatten().tolist()]}


def enc_arg(a):
    if isinstance(a, torch.Tensor):
        return {'tensor': enc(a)}
    if isinstance(a, tuple):
        return list(a)
    if isinstance(a, torch.dtype):
        return DT[a]
    return num(a) if isinstance(a, float) else a


cases = []


def case(id_, fn, x, args=(), kwargs=None, grad=True, tol=None, method=True, index_any=False, grad_tol=None):
    kwargs = kwargs or {}
    f = getattr(torch, fn)
    out = f(x, *args, **kwargs)
    outs = list(out) if isinstance(out, tuple) else [out]
    c = {'id': id_, 'fn': fn, 'method': method, 'x': enc(x), 'args': [enc_arg(a) for a in args],
         'kwargs': {k: enc_arg(v) for k, v in kwargs.items()}, 'out': [enc(o) for o in outs],
         'tuple': isinstance(out, tuple), 'tol': tol or {'ulp': 0}, 'index_any': index_any}
    if grad and x.dtype.is_floating_point:
        xg = x.clone().requires_grad_(True)
        y = f(xg, *args, **kwargs)
        y0 = y[0] if isinstance(y, tuple) else y
        if not y0.requires_grad:  # count_nonzero, histc, ...: no gradient
            return cases.append(c)
        r = torch.randn(y0.shape, dtype=x.dtype)
        (y0 * r).sum().backward()
        c['r'] = enc(r)
        c['grad'] = enc(xg.grad)
        if grad_tol:
            c['grad_tol'] = grad_tol
    cases.append(c)


nan, inf = float('nan'), float('inf')
SUM_TOL = {'rtol': 1e-5, 'atol': 1e-6}  # a different summation order (float32); float64 cases pass far below it

for dt in (torch.float32, torch.float64):
    n = DT[dt]
    x = torch.randn(3, 5, dtype=dt)
    ties = torch.tensor([[1., 3, 3, 2, 3, 1], [0, 5, 5, -1, 5, 2]], dtype=dt)
    zeros = torch.tensor([[2., 0, 3, 0, 4], [1.5, -2, 0.5, 3, 0], [0, 2, 3, 1, 2]], dtype=dt)
    withnan = torch.tensor([[1., nan, 5, nan, 0], [3, 1, 2, 4, 0], [nan, nan, nan, nan, nan]], dtype=dt)
    # scans
    case(f'cumprod dim 1 {n}', 'cumprod', x, (1,), tol={'rtol': 1e-6, 'atol': 1e-7})
    case(f'cumprod dim 0 {n}', 'cumprod', x, (0,), tol={'rtol': 1e-6, 'atol': 1e-7})
    case(f'cumprod with zeros {n}', 'cumprod', zeros, (1,), tol={'rtol': 1e-6, 'atol': 1e-7})
    case(f'cummax ties {n}', 'cummax', ties, (1,))
    case(f'cummin ties {n}', 'cummin', ties, (1,))
    case(f'cummax NaN {n}', 'cummax', withnan, (1,))
    case(f'cummin dim 0 NaN {n}', 'cummin', withnan, (0,))
    case(f'logcumsumexp {n}', 'logcumsumexp', torch.cat([x * 30, torch.tensor([[-inf, 2, -inf, 1, 0]], dtype=dt)]), (1,), tol={'rtol': 1e-6, 'atol': 1e-6},
         # PyTorch's float32 backward is off by up to 1e-4 relative here (torchlet's agrees with float64 to 1e-12)
         grad_tol={'rtol': 2e-4, 'atol': 1e-6} if dt == torch.float32 else None)
    case(f'logcumsumexp dim 0 {n}', 'logcumsumexp', x, (0,), tol={'rtol': 1e-6, 'atol': 1e-6})
    # order statistics (distinct values where indices are compared)
    case(f'median {n}', 'median', x)
    case(f'median ties: gradient shared {n}', 'median', ties)
    case(f'median NaN {n}', 'median', withnan[:2])
    case(f'median dim 1 {n}', 'median', x, (1,))
    case(f'median dim 0 keepdim {n}', 'median', x, (0, True))
    case(f'median dim NaN lanes {n}', 'median', withnan, (1,))
    case(f'nanmedian {n}', 'nanmedian', withnan)
    case(f'nanmedian dim {n}', 'nanmedian', withnan, (1,))
    case(f'nanmedian dim 0 keepdim {n}', 'nanmedian', withnan[:2], (), {'dim': 0, 'keepdim': True})
    case(f'mode ties {n}', 'mode', ties, index_any=True, grad=False)
    case(f'mode dim 0 {n}', 'mode', torch.tensor([[1., 2, 2], [1, 3, 2], [2, 3, 4]], dtype=dt), (0,), index_any=True, grad=False)
    case(f'kthvalue k=2 {n}', 'kthvalue', x, (2,))
    case(f'kthvalue k=3 dim 0 keepdim {n}', 'kthvalue', x, (3, 0, True))
    case(f'kthvalue NaN largest {n}', 'kthvalue', withnan[:2], (5,))
    case(f'msort {n}', 'msort', x)
    xq = torch.randn(4, 7, dtype=dt)
    case(f'quantile scalar {n}', 'quantile', xq, (0.3,), tol={'ulp': 1})
    for interp in ['linear', 'lower', 'higher', 'midpoint', 'nearest']:
        case(f'quantile {interp} dim 1 {n}', 'quantile', xq, (torch.tensor([0., 0.25, 0.5, 0.6, 1], dtype=dt), 1), {'interpolation': interp}, tol={'ulp': 1})
    case(f'quantile dim 0 keepdim {n}', 'quantile', xq, (0.75,), {'dim': 0, 'keepdim': True}, tol={'ulp': 1})
    case(f'quantile q tensor, no dim, keepdim {n}', 'quantile', xq, (torch.tensor([0.1, 0.9], dtype=dt),), {'keepdim': True}, tol={'ulp': 1})
    case(f'quantile NaN {n}', 'quantile', withnan, (torch.tensor([0.2, 0.5], dtype=dt), 1), tol={'ulp': 1})
    case(f'nanquantile {n}', 'nanquantile', withnan, (torch.tensor([0.2, 0.5], dtype=dt), 1), tol={'ulp': 1})
    case(f'nanquantile whole {n}', 'nanquantile', withnan, (0.4,), tol={'ulp': 1})
    # NaN-aware reductions and counts
    case(f'nansum {n}', 'nansum', withnan, tol=SUM_TOL)
    case(f'nansum dim keepdim {n}', 'nansum', withnan, (1, True), tol=SUM_TOL)
    case(f'nanmean {n}', 'nanmean', withnan, tol=SUM_TOL)
    case(f'nanmean dim {n}', 'nanmean', withnan, (), {'dim': [0, 1]}, tol=SUM_TOL)
    case(f'nanmean dim 1 {n}', 'nanmean', withnan, (1,), tol=SUM_TOL)
    case(f'count_nonzero {n}', 'count_nonzero', zeros)
    case(f'count_nonzero dim list {n}', 'count_nonzero', withnan, ([0, 1],))
    case(f'count_nonzero dim 0 {n}', 'count_nonzero', zeros, (0,))
    case(f'aminmax {n}', 'aminmax', x, grad=False)
    case(f'aminmax dim keepdim {n}', 'aminmax', x, (), {'dim': 1, 'keepdim': True}, grad=False)
    case(f'aminmax NaN {n}', 'aminmax', withnan, (), {'dim': 1}, grad=False)
    # binning
    xh = torch.randn(50, dtype=dt)
    case(f'histc {n}', 'histc', xh, (), {'bins': 7}, grad=False)
    case(f'histc min max {n}', 'histc', xh, (5, -1, 1), grad=False)
    case(f'histc equal values {n}', 'histc', torch.tensor([2., 2], dtype=dt), (3,), grad=False)
    case(f'histogram {n}', 'histogram', xh, (6,), grad=False, tol={'ulp': 1})
    case(f'histogram range weight density {n}', 'histogram', xh, (4,), {'range': (-1., 1.5), 'weight': torch.rand(50, dtype=dt), 'density': True}, grad=False, tol={'rtol': 1e-6})
    case(f'histogram bins tensor {n}', 'histogram', xh, (torch.tensor([-2., -0.5, 0, 0.25, 3], dtype=dt),), grad=False)
    case(f'bucketize {n}', 'bucketize', torch.tensor([[3., 6, 9], [1, 10, nan]], dtype=dt), (torch.tensor([1., 3, 5, 7, 9], dtype=dt),), method=False)
    case(f'bucketize right int32 {n}', 'bucketize', torch.tensor([[3., 6, 9], [1, 10, 0]], dtype=dt), (torch.tensor([1., 3, 5, 7, 9], dtype=dt),), {'right': True, 'out_int32': True}, method=False)
    # uniques
    xu = torch.tensor([3., 1, -0, 2, 3, 1, 1, 0, -0.5], dtype=dt)  # PyTorch 1.13 misorders NaN in unique
    case(f'unique {n}', 'unique', xu, grad=False)
    case(f'unique inverse counts {n}', 'unique', xu, (), {'return_inverse': True, 'return_counts': True}, grad=False)
    m = torch.tensor([[1., 2], [0, 5], [1, 2], [0, 5], [0, 1]], dtype=dt)
    case(f'unique dim 0 {n}', 'unique', m, (), {'dim': 0, 'return_inverse': True, 'return_counts': True}, grad=False)
    case(f'unique dim 1 {n}', 'unique', m.t().contiguous(), (), {'dim': 1, 'return_counts': True}, grad=False)
    case(f'unique_consecutive {n}', 'unique_consecutive', torch.tensor([[1., 1, 2], [2, 3, 1]], dtype=dt), (True, True), grad=False)
    case(f'unique_consecutive dim 0 {n}', 'unique_consecutive', torch.tensor([[1., 2], [1, 2], [3, 4], [1, 2]], dtype=dt), (), {'dim': 0, 'return_counts': True, 'return_inverse': True}, grad=False)
    # diff, cov, corrcoef
    case(f'diff {n}', 'diff', x, tol={'ulp': 0})
    case(f'diff n=2 dim 0 prepend append {n}', 'diff', x, (2, 0, torch.randn(1, 5, dtype=dt), torch.randn(2, 5, dtype=dt)), tol={'ulp': 1})
    case(f'diff n=3 {n}', 'diff', x, (), {'n': 3}, tol={'rtol': 1e-6, 'atol': 1e-6})
    xc = torch.randn(3, 6, dtype=dt)
    COV = {'rtol': 1e-5, 'atol': 1e-6}
    case(f'cov {n}', 'cov', xc, tol=COV)
    case(f'cov correction 0 {n}', 'cov', xc, (), {'correction': 0}, tol=COV)
    case(f'cov fweights aweights {n}', 'cov', xc, (), {'fweights': torch.tensor([1, 2, 1, 3, 1, 2]), 'aweights': torch.rand(6, dtype=dt)}, tol=COV)
    case(f'cov aweights {n}', 'cov', xc, (), {'aweights': torch.rand(6, dtype=dt), 'correction': 2}, tol=COV)
    case(f'cov 1-D {n}', 'cov', xc[0].clone(), tol=COV)
    case(f'corrcoef {n}', 'corrcoef', xc, tol=COV)

# integers and bools, where PyTorch supports them
xi = torch.tensor([[3, 1, 2, 3, 1, 1], [0, 4, -2, 4, 7, 1]])
case('cumprod int64', 'cumprod', xi, (1,))
case('cumprod bool to int64', 'cumprod', torch.tensor([True, True, False, True]), (0,))
case('cumprod int64 dtype float64', 'cumprod', xi, (1,), {'dtype': torch.float64})
case('cummax int64', 'cummax', xi, (1,))
case('cummin int64 dim 0', 'cummin', xi, (0,))
case('median int64', 'median', xi)
case('median int64 dim', 'median', torch.tensor([[3, 1, 2, 9], [0, 4, -2, 7]]), (1,))
case('mode int64', 'mode', xi, index_any=True)
case('kthvalue int64', 'kthvalue', torch.tensor([[3, 1, 2, 9], [0, 4, -2, 7]]), (3,))
case('msort int64', 'msort', xi)
case('nansum int64', 'nansum', xi, (1,))
case('count_nonzero int64', 'count_nonzero', xi, (1,))
case('aminmax int64', 'aminmax', xi, (), {'dim': 0})
case('bincount', 'bincount', torch.tensor([0, 1, 1, 3, 6, 1]))
case('bincount weights float32', 'bincount', torch.tensor([0, 1, 1, 3]), (torch.tensor([0.5, 1.25, 1, 2]),))
case('bincount weights float64 minlength', 'bincount', torch.tensor([0, 1, 1, 3]), (torch.tensor([0.5, 1.25, 1, 2], dtype=torch.float64), 7))
case('bincount int weights to float64', 'bincount', torch.tensor([2, 1, 2]), (), {'weights': torch.tensor([1, 2, 3])})
case('bincount int32 empty minlength', 'bincount', torch.tensor([], dtype=torch.int32), (), {'minlength': 3})
case('bucketize int64', 'bucketize', torch.tensor([3, 6, 9, 0]), (torch.tensor([1, 3, 5, 7, 9]),), method=False)
case('unique int64 sorted', 'unique', xi, (True, True, True))
case('unique bool', 'unique', torch.tensor([True, False, True]), (), {'return_counts': True})
case('unique 0-d', 'unique', torch.tensor(5), (), {'return_inverse': True, 'return_counts': True})
case('unique_consecutive int64 flattens', 'unique_consecutive', xi, (), {'return_counts': True})
case('diff int64', 'diff', xi)
case('diff bool', 'diff', torch.tensor([True, False, False, True]))
case('cov int64 (float32 result)', 'cov', xi, tol={'rtol': 1e-5, 'atol': 1e-6})

# searchsorted: its first argument is the sorted sequence
ss = torch.tensor([[1., 3, 5, 7, 9], [2, 4, 6, 8, 10]])
vals = torch.tensor([[3., 6, 9], [3, 6, 11]])
case('searchsorted 1-D', 'searchsorted', torch.tensor([1., 3, 5, 7, 9]), (vals,), method=False)
case('searchsorted 1-D right', 'searchsorted', torch.tensor([1., 3, 5, 7, 9]), (vals,), {'right': True}, method=False)
case('searchsorted side right int32', 'searchsorted', torch.tensor([1., 3, 5, 7, 9]), (vals,), {'side': 'right', 'out_int32': True}, method=False)
case('searchsorted N-D', 'searchsorted', ss, (vals,), method=False)
case('searchsorted sorter', 'searchsorted', torch.tensor([5., 1, 9, 3, 7]), (vals,), {'sorter': torch.tensor([1, 3, 0, 4, 2])}, method=False)
case('searchsorted N-D sorter right', 'searchsorted', torch.tensor([[5., 1, 9, 3, 7], [2, 10, 8, 6, 4]]), (vals,), {'sorter': torch.tensor([[1, 3, 0, 4, 2], [0, 4, 3, 2, 1]]), 'right': True}, method=False)
case('searchsorted float64 sequence, int64 values', 'searchsorted', torch.tensor([1., 3, 5], dtype=torch.float64), (torch.tensor([0, 3, 4, 9]),), method=False)

# in-place scans: the values are the out-of-place ones, checked in the test
with open(OUT, 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
