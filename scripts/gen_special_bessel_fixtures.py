#!/usr/bin/python3
"""Reference values for test/special_bessel.test.ts: the torch.special functions PyTorch 1.13 added (bessel_j0/j1/y0/y1,
modified_bessel_i0/i1/k0/k1, scaled_modified_bessel_k0/k1, spherical_bessel_j0, airy_ai and the polynomial families
chebyshev_polynomial_t/u/v/w, shifted_chebyshev_polynomial_t/u/v/w, hermite_polynomial_h/he, laguerre_polynomial_l,
legendre_polynomial_p) on edge inputs and ranges, in float32 and float64: PyTorch 1.13's result `y` and, where the
value is finite and defined, mpmath's (50 digits; the polynomials by their recurrences in exact-enough 100-digit
arithmetic, n truncated as PyTorch does) as `exact`.

Run: /usr/bin/python3 scripts/gen_special_bessel_fixtures.py   (deterministic: its own seeded generator)
Writes test/fixtures/special_bessel.json (float tensors as hex bit patterns, see scripts/fixture_codec.py).
"""
import json
import math

import mpmath as mp
import torch

from fixture_codec import enc_bits as enc

mp.mp.dps = 50
gen = torch.Generator().manual_seed(113)
NAN, INF = float('nan'), float('inf')


def uniform(lo, hi, *shape, dtype=torch.float64):
    return (torch.rand(*shape, generator=gen, dtype=torch.float64) * (hi - lo) + lo).to(dtype)


def k_scaled(nu):
    return lambda x: mp.besselk(nu, x) * mp.exp(x)


UNARY = {
    # name: (mpmath function (None where it is undefined), edge inputs, range for a linspace)
    'bessel_j0': (lambda x: mp.besselj(0, x), [0.0, -0.0, 1e-30, 1e-5, -1.0, 2.404825557695773, 5.0, -7.5, 19.9, 20.0, 20.1, -25.0, 100.0, 1e4, 1e10, 1e20, INF, -INF, NAN], (-60, 60)),
    'bessel_j1': (lambda x: mp.besselj(1, x), [0.0, -0.0, 1e-30, 1e-5, -1.0, 3.8317059702075125, 5.0, -7.5, 19.9, 20.0, 20.1, -25.0, 100.0, 1e4, 1e10, 1e20, INF, -INF, NAN], (-60, 60)),
    'bessel_y0': (lambda x: mp.bessely(0, x) if x > 0 else None, [0.0, -0.0, -1.0, 5e-324, 1e-300, 1e-30, 1e-5, 0.5, 0.8935769662791675, 1.0, 2.0, 19.9, 20.1, 50.0, 1e4, 1e20, INF, -INF, NAN], (0.05, 60)),
    'bessel_y1': (lambda x: mp.bessely(1, x) if x > 0 else None, [0.0, -0.0, -1.0, 5e-324, 1e-300, 1e-30, 1e-5, 0.5, 2.197141326031017, 1.0, 2.0, 19.9, 20.1, 50.0, 1e4, 1e20, INF, -INF, NAN], (0.05, 60)),
    'modified_bessel_i0': (lambda x: mp.besseli(0, x), [0.0, -0.0, 1e-30, -1.0, 5.0, -20.0, 50.0, 88.0, 100.0, 700.0, 713.0, -720.0, INF, -INF, NAN], (-30, 30)),
    'modified_bessel_i1': (lambda x: mp.besseli(1, x), [0.0, -0.0, 1e-30, -1.0, 5.0, -20.0, 50.0, 88.0, 100.0, 700.0, 713.0, -720.0, INF, -INF, NAN], (-30, 30)),
    'modified_bessel_k0': (lambda x: mp.besselk(0, x) if x > 0 else None, [0.0, -0.0, -1.0, 5e-324, 1e-300, 1e-30, 1e-5, 0.01, 0.5, 1.0, 2.0, 2.5, 10.0, 25.0, 100.0, 700.0, 740.0, 1e4, INF, -INF, NAN], (0.02, 40)),
    'modified_bessel_k1': (lambda x: mp.besselk(1, x) if x > 0 else None, [0.0, -0.0, -1.0, 5e-324, 1e-300, 1e-30, 1e-5, 0.01, 0.5, 1.0, 2.0, 2.5, 10.0, 25.0, 100.0, 700.0, 740.0, 1e4, INF, -INF, NAN], (0.02, 40)),
    'scaled_modified_bessel_k0': (lambda x: k_scaled(0)(x) if x > 0 else None, [0.0, -0.0, -1.0, 5e-324, 1e-300, 1e-30, 1e-5, 0.01, 0.5, 1.0, 2.0, 2.5, 10.0, 25.0, 100.0, 1e4, 1e10, 1e300, INF, -INF, NAN], (0.02, 40)),
    'scaled_modified_bessel_k1': (lambda x: k_scaled(1)(x) if x > 0 else None, [0.0, -0.0, -1.0, 5e-324, 1e-300, 1e-30, 1e-5, 0.01, 0.5, 1.0, 2.0, 2.5, 10.0, 25.0, 100.0, 1e4, 1e10, 1e300, INF, -INF, NAN], (0.02, 40)),
    'spherical_bessel_j0': (lambda x: mp.sin(x) / x if x != 0 else mp.mpf(1), [0.0, -0.0, 1e-30, 1e-8, 1e-4, 0.5, math.pi, -math.pi, 10.0, 1e5, 1e30, INF, -INF, NAN], (-30, 30)),
    'airy_ai': (lambda x: mp.airyai(x), [0.0, -0.0, 1.0, -1.0, 0.999, -2.338107410459767, -10.0, -10.1, -100.0, -1e4, 5.0, 10.0, 50.0, 104.0, 110.0, 1e4, INF, -INF, NAN], (-30, 20)),
}


def exact_list(f, xs):
    out = []
    for v in xs.tolist():
        if v != v or abs(v) == INF:
            out.append(None)
            continue
        with mp.workdps(60):
            r = f(mp.mpf(v))
        out.append(None if r is None else repr(float(r)) if abs(r) < mp.mpf('1e400') else ('inf' if r > 0 else '-inf'))
    return out


def trunc_n(n):
    """n as PyTorch casts it to int64 (NaN, inf and out-of-range: negative)."""
    if n != n or abs(n) == INF or abs(n) >= 2.0 ** 63:
        return -1
    return int(n)


def recurrence(p0, p1, step):
    def value(n, x):
        if n == 0:
            return p0(x)
        q, p = p0(x), p1(x)
        for k in range(1, n):
            q, p = p, step(k, p, q, x)
        return p
    return value


ONE = lambda x: mp.mpf(1)
cheb = lambda k, p, q, x: 2 * x * p - q
POLY = {
    'chebyshev_polynomial_t': recurrence(ONE, lambda x: x, cheb),
    'chebyshev_polynomial_u': recurrence(ONE, lambda x: 2 * x, cheb),
    'chebyshev_polynomial_v': recurrence(ONE, lambda x: 2 * x - 1, cheb),
    'chebyshev_polynomial_w': recurrence(ONE, lambda x: 2 * x + 1, cheb),
    'hermite_polynomial_h': recurrence(ONE, lambda x: 2 * x, lambda k, p, q, x: 2 * x * p - 2 * k * q),
    'hermite_polynomial_he': recurrence(ONE, lambda x: x, lambda k, p, q, x: x * p - k * q),
    'laguerre_polynomial_l': recurrence(ONE, lambda x: 1 - x, lambda k, p, q, x: ((2 * k + 1 - x) * p - k * q) / (k + 1)),
    'legendre_polynomial_p': recurrence(ONE, lambda x: x, lambda k, p, q, x: ((2 * k + 1) * x * p - k * q) / (k + 1)),
}
for kind in 'tuvw':
    POLY[f'shifted_chebyshev_polynomial_{kind}'] = (lambda f: lambda n, x: f(n, 2 * x - 1))(POLY[f'chebyshev_polynomial_{kind}'])

BASE_X = [-2.0, -1.5, -1.0, -0.999, -0.5, -0.3, 0.0, 0.25, 0.5, 0.7, 0.999, 1.0, 1.5, 2.0, 3.0, NAN, INF, -INF]
POLY_X = {
    'hermite_polynomial_h': [-5.0, -2.0, -1.0, -0.5, 0.0, 0.3, 1.0, 2.5, 5.0, 10.0, NAN, INF, -INF],
    'hermite_polynomial_he': [-5.0, -2.0, -1.0, -0.5, 0.0, 0.3, 1.0, 2.5, 5.0, 10.0, NAN, INF, -INF],
    'laguerre_polynomial_l': [-5.0, -1.0, -0.0, 0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, NAN, INF, -INF],
}
for kind in 'tuvw':
    POLY_X[f'shifted_chebyshev_polynomial_{kind}'] = [(v + 1) / 2 for v in BASE_X] + [0.0005]
N_EDGE = [-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 2.7, 3.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 20.0, 65.0, 100.0, NAN, INF, -INF, 1e30]


def poly_exact(f, xs, ns):
    out = []
    for x, n in zip(xs.flatten().tolist(), ns.flatten().tolist()):
        k = trunc_n(n)
        if x != x or abs(x) == INF or k < 0:
            out.append(None)  # PyTorch's conventions: checked against PyTorch only
            continue
        with mp.workdps(100):
            r = f(k, mp.mpf(x))
        out.append(repr(float(r)) if abs(r) < mp.mpf('1e400') else ('inf' if r > 0 else '-inf'))
    return out


cases = []
for dtype in (torch.float32, torch.float64):
    d = 'f32' if dtype == torch.float32 else 'f64'
    for name, (f, edges, (lo, hi)) in UNARY.items():
        fn = getattr(torch.special, name)
        xs = torch.cat([torch.tensor(edges, dtype=dtype), torch.linspace(lo, hi, 97, dtype=torch.float64).to(dtype), uniform(lo, hi, 24, dtype=dtype)])
        cases.append({'id': f'{name}/{d}', 'fn': name, 'args': [enc(xs)], 'y': enc(fn(xs)), 'exact': exact_list(f, xs)})
    for name, f in POLY.items():
        fn = getattr(torch.special, name)
        x = torch.tensor(POLY_X.get(name, BASE_X), dtype=dtype).reshape(-1, 1)
        n = torch.tensor(N_EDGE, dtype=dtype)
        xb, nb = torch.broadcast_tensors(x, n)
        cases.append({'id': f'{name}/edges/{d}', 'fn': name, 'args': [enc(x), enc(n)], 'y': enc(fn(x, n)), 'exact': poly_exact(f, xb, nb)})
        lo, hi = (-1, 1) if 'chebyshev' in name or 'legendre' in name else (-4, 4) if 'hermite' in name else (0, 12)
        if 'shifted' in name:
            lo, hi = 0, 1
        xr = uniform(lo, hi, 16, 1, dtype=dtype)
        nr = torch.tensor([0, 1, 4, 11, 30], dtype=torch.int64)
        xb, nb = torch.broadcast_tensors(xr, nr)
        cases.append({'id': f'{name}/random/{d}', 'fn': name, 'args': [enc(xr), enc(nr)], 'y': enc(fn(xr, nr)), 'exact': poly_exact(f, xb, nb.to(dtype))})
        # a number for n, and a number for x
        cases.append({'id': f'{name}/scalar_n/{d}', 'fn': name, 'args': [enc(xr.flatten()), 5], 'y': enc(fn(xr.flatten(), 5)), 'exact': poly_exact(f, xr.flatten(), torch.full((16,), 5.0))})
        cases.append({'id': f'{name}/scalar_x/{d}', 'fn': name, 'args': [0.375, enc(torch.arange(8, dtype=dtype))], 'y': enc(fn(0.375, torch.arange(8, dtype=dtype))),
                      'exact': poly_exact(f, torch.full((8,), 0.375, dtype=torch.float64), torch.arange(8, dtype=torch.float64))})
# integer inputs compute in float32
ints = torch.tensor([-3, 0, 1, 4])
for name in ('bessel_j0', 'modified_bessel_k1', 'airy_ai'):
    cases.append({'id': f'{name}/int64', 'fn': name, 'args': [enc(ints)], 'y': enc(getattr(torch.special, name)(ints))})
for name in ('chebyshev_polynomial_t', 'hermite_polynomial_h'):
    cases.append({'id': f'{name}/int64', 'fn': name, 'args': [enc(ints), enc(torch.tensor([2, 3, 0, 1]))], 'y': enc(getattr(torch.special, name)(ints, torch.tensor([2, 3, 0, 1])))})
    cases.append({'id': f'{name}/int_float64', 'fn': name, 'args': [enc(ints), enc(torch.tensor([2.0, 3.0], dtype=torch.float64).reshape(2, 1))],
                  'y': enc(getattr(torch.special, name)(ints, torch.tensor([2.0, 3.0], dtype=torch.float64).reshape(2, 1)))})

with open('test/fixtures/special_bessel.json', 'w') as fh:
    json.dump({'cases': cases}, fh, separators=(',', ':'))
print(len(cases), 'cases')
