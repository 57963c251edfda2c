#!/usr/bin/python3
"""Reference values from PyTorch 1.13 for test/special_torch.test.ts: torch.special's functions (i0e, i1, i1e, ndtr,
ndtri, log_ndtr, erfcx, entr, xlog1py, zeta, gammainc/gammaincc, multigammaln, psi/gammaln and the other aliases) on
edge inputs and on random inputs inside each domain with input gradients, in float32 and float64; then the torch-level
aliases of nn.functional with PyTorch's torch-level signatures (torch.batch_norm, torch.layer_norm, torch.embedding,
torch.kl_div with an int reduction, ...), values and gradients; and F's 3-D max pooling with indices and max_unpool3d.
mpmath (50 digits) gives the torch.special cases an `exact` reference too, for the accuracy the tests state.

Run: /usr/bin/python3 scripts/gen_special_torch_fixtures.py   (deterministic: its own seeded generator)
Writes test/fixtures/special_torch.json. Float tensors are stored as hex bit patterns of their dtype (as
scripts/gen_math_extra_fixtures.py) so NaN, inf and -0 survive JSON exactly; integer tensors as numbers.
"""
import json

import mpmath as mp
import torch

from fixture_codec import enc_bits as enc, hexbits

mp.mp.dps = 50

gen = torch.Generator().manual_seed(1313)
NAN, INF = float('nan'), float('inf')




def uniform(lo, hi, *shape, dtype=torch.float64):
    return (torch.rand(*shape, generator=gen, dtype=torch.float64) * (hi - lo) + lo).to(dtype)


cases = []


def mp_ndtr(x):
    return mp.ncdf(x)


def mp_ndtri(p):
    if p == 0.5:
        return mp.mpf(0)
    x0 = torch.special.ndtri(torch.tensor(float(p), dtype=torch.float64)).item()
    return mp.findroot(lambda x: mp_ndtr(x) - p, mp.mpf(x0)) if abs(x0) != INF else mp.mpf(x0)


def mp_bessel_e(order):
    return lambda x: mp.besseli(order, x) * mp.exp(-abs(x))


# High-precision references (mpmath, 50 digits) of the forward, for the accuracy claims of the tests
EXACT = {
    'i0': lambda x: mp.besseli(0, x), 'i1': lambda x: mp.besseli(1, x), 'i0e': mp_bessel_e(0), 'i1e': mp_bessel_e(1),
    'ndtr': mp_ndtr, 'log_ndtr': lambda x: mp.log(mp_ndtr(x)), 'ndtri': mp_ndtri,
    'erfcx': lambda x: mp.exp(x * x) * mp.erfc(x), 'entr': lambda x: -x * mp.log(x) if x > 0 else (0 if x == 0 else -mp.inf),
    'zeta': lambda s, q: mp.zeta(s, q), 'xlog1py': lambda x, y: 0 if x == 0 else x * mp.log1p(y),
}


def exact_of(name, args):
    """mpmath's value at each (broadcast) element, as a list of floats (inf/nan as strings), or None."""
    f = EXACT.get(name)
    ts = [a for a in args if isinstance(a, torch.Tensor)]
    if f is None or len(ts) != len(args) or not all(t.is_floating_point() for t in ts):
        return None
    ts = torch.broadcast_tensors(*ts)
    out = []
    for vals in zip(*[t.flatten().tolist() for t in ts]):
        if any(v != v or abs(v) == INF for v in vals):
            out.append(None)  # non-finite inputs: checked against PyTorch only
            continue
        try:
            with mp.workdps(60):
                v = f(*[mp.mpf(v) for v in vals])
            out.append(float(v) if mp.im(v) == 0 else None)
        except (ValueError, ZeroDivisionError, OverflowError):
            out.append(None)
    return out


def add(case_id, call, args, fn, grad=False):
    """call: 'special.x' / 'torch.x'; args: tensors and plain values in call order (keyword options as a dict last).
    With grad: the gradient of sum(y * w) (w a fixed ramp) for each floating tensor argument that needs one
    (grad a list of booleans picks them)."""
    tensors = [a for a in args if isinstance(a, torch.Tensor)]
    wants = grad if isinstance(grad, list) else [grad and a.is_floating_point() for a in tensors]
    xs = [a.clone().requires_grad_(w) for a, w in zip(tensors, wants)]
    it = iter(xs)
    call_args = [next(it) if isinstance(a, torch.Tensor) else a for a in args]
    kwargs = call_args.pop() if call_args and isinstance(call_args[-1], dict) else {}
    y = fn(*call_args, **kwargs)
    rec = {'id': case_id, 'call': call, 'args': [enc(a) if isinstance(a, torch.Tensor) else a for a in args]}
    rec['y'] = [enc(v) for v in y] if isinstance(y, tuple) else enc(y)
    exact = exact_of(call.split('.')[1], args) if call.startswith('special.') else None
    if exact is not None:
        rec['exact'] = [repr(v) for v in exact]
    if any(wants):
        y0 = y[0] if isinstance(y, tuple) else y
        w = torch.linspace(-1, 1, y0.numel(), dtype=y0.dtype).reshape(y0.shape)
        (y0 * w).sum().backward()
        rec['grads'] = [enc(x.grad) if x.grad is not None else None for x in xs]
    cases.append(rec)


# ---- torch.special ----

UNARY = {
    # name: (edge inputs, random range for gradients)
    'i0e': ([0.0, -0.0, 1e-30, 0.5, -1.0, 3.0, -3.0, 10.0, 29.5, 30.5, -35.0, 100.0, -700.0, 1e4, 1e30, INF, -INF, NAN], (-40, 40)),
    'i1': ([0.0, -0.0, 1e-30, 0.5, -1.0, 3.0, -3.0, 10.0, -29.5, 50.0, 85.0, 700.0, INF, -INF, NAN], (-12, 12)),
    'i1e': ([0.0, -0.0, 1e-30, 0.5, -1.0, 3.0, -3.0, 10.0, 29.5, -30.5, 35.0, 100.0, -700.0, 1e4, 1e30, INF, -INF, NAN], (-40, 40)),
    'i0': ([0.0, -1.0, 3.0, 10.0, -50.0, NAN], (-12, 12)),
    'ndtr': ([-40.0, -38.0, -20.0, -10.0, -5.0, -1.0, -0.0, 0.0, 0.3, 1.0, 5.0, 8.5, 10.0, 40.0, INF, -INF, NAN], (-6, 6)),
    'ndtri': ([0.0, 1e-300, 1e-30, 1e-20, 1e-5, 0.1, 0.3, 0.4999, 0.5, 0.7, 0.99, 1 - 1e-7, 1.0, -0.1, 1.1, NAN], (0.01, 0.99)),
    'log_ndtr': ([-1e4, -100.0, -40.0, -10.0, -3.0, -1.0, -0.1, 0.0, 0.5, 3.0, 6.0, 10.0, 40.0, INF, -INF, NAN], (-20, 6)),
    'erfcx': ([-30.0, -26.0, -10.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 10.0, 1e5, 1e30, INF, -INF, NAN], (-3, 10)),
    'entr': ([-1.0, -0.0, 0.0, 1e-30, 0.5, 1.0, 2.0, 100.0, INF, -INF, NAN], (0.01, 5)),
    'digamma': ([0.0, -0.0, -1.0, -1.5, 0.5, 1.0, 1.4616321449683622, 10.0, INF, NAN], (0.2, 6)),
    'psi': ([0.0, -1.5, 0.5, 10.0], (0.2, 6)),
    'gammaln': ([0.0, -1.5, 0.5, 1.0, 2.0, 10.0, 1e10, INF, NAN], (0.2, 6)),
    'sinc': ([0.0, 0.5, 1.0, -2.5, 1e-20, INF, NAN], (-3, 3)),
    'expit': ([-30.0, -1.0, 0.0, 2.0, 100.0], (-5, 5)),
    'erfc': ([-3.0, 0.0, 0.5, 2.0, 10.0, 26.0], (-3, 3)),
}

for dtype in (torch.float32, torch.float64):
    d = 'f32' if dtype == torch.float32 else 'f64'
    for name, (edges, (lo, hi)) in UNARY.items():
        fn = getattr(torch.special, name)
        add(f'{name}/edges/{d}', f'special.{name}', [torch.tensor(edges, dtype=dtype)], fn)
        add(f'{name}/grad/{d}', f'special.{name}', [uniform(lo, hi, 3, 4, dtype=dtype)], fn, grad=True)
    # polygamma, including PyTorch's (Cephes') zeta at negative x for n >= 2
    for n in (0, 1, 2, 3):
        add(f'polygamma_{n}/grad/{d}', 'special.polygamma', [n, uniform(0.3, 6, 3, 4, dtype=dtype)], torch.special.polygamma, grad=True)
    add(f'polygamma_2/negative/{d}', 'special.polygamma', [2, torch.tensor([-0.5, -1.5, -2.25, -1.0, -7.5], dtype=dtype)], torch.special.polygamma)
    add(f'multigammaln/grad/{d}', 'special.multigammaln', [uniform(2, 6, 3, 4, dtype=dtype), 3], torch.special.multigammaln, grad=True)
    add(f'multigammaln/keyword/{d}', 'special.multigammaln', [uniform(2, 6, 5, dtype=dtype), {'p': 2}], torch.special.multigammaln)
    # binary functions: xlog1py, zeta, gammainc/gammaincc, xlogy
    e = torch.tensor([0.0, -0.0, 1.0, -2.0, 0.5, INF, NAN], dtype=dtype)
    add(f'xlog1py/edges/{d}', 'special.xlog1py', [e.reshape(-1, 1), torch.tensor([-2.0, -1.0, -0.5, 0.0, 1e-20, 3.0, INF, NAN], dtype=dtype)], torch.special.xlog1py)
    add(f'xlog1py/grad/{d}', 'special.xlog1py', [uniform(-3, 3, 3, 4, dtype=dtype), uniform(-0.9, 3, 4, dtype=dtype)], torch.special.xlog1py, grad=True)
    add(f'xlog1py/zero_input_grad/{d}', 'special.xlog1py', [torch.tensor([0.0, 0.0, 0.0, 2.0], dtype=dtype), torch.tensor([-1.0, -0.5, 2.0, 1.0], dtype=dtype)],
        torch.special.xlog1py, grad=True)
    add(f'xlog1py/scalar_other/{d}', 'special.xlog1py', [uniform(-3, 3, 4, dtype=dtype), 2.5], torch.special.xlog1py, grad=True)
    add(f'xlog1py/scalar_input/{d}', 'special.xlog1py', [3, uniform(0, 3, 4, dtype=dtype)], torch.special.xlog1py, grad=True)
    add(f'xlogy/grad/{d}', 'special.xlogy', [uniform(-3, 3, 4, dtype=dtype), uniform(0.2, 3, 4, dtype=dtype)], torch.special.xlogy, grad=True)
    s = torch.tensor([0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 10.0, 60.0, INF, NAN], dtype=dtype).reshape(-1, 1)
    q = torch.tensor([-30.5, -2.5, -1.0, -0.5, 0.0, 1e-3, 0.5, 1.0, 2.0, 10.0, 1e6, INF, NAN], dtype=dtype)
    add(f'zeta/edges/{d}', 'special.zeta', [s, q], torch.special.zeta)
    add(f'zeta/grad/{d}', 'special.zeta', [uniform(1.5, 6, 3, 1, dtype=dtype), uniform(0.2, 5, 4, dtype=dtype)], torch.special.zeta, grad=[False, True])
    add(f'zeta/scalar_input/{d}', 'special.zeta', [2.0, uniform(0.2, 5, 4, dtype=dtype)], torch.special.zeta)
    add(f'zeta/scalar_other/{d}', 'special.zeta', [uniform(1.5, 6, 4, dtype=dtype), 2.0], torch.special.zeta)
    add(f'gammainc/grad/{d}', 'special.gammainc', [uniform(0.5, 5, 4, dtype=dtype), uniform(0.2, 6, 3, 4, dtype=dtype)], torch.special.gammainc, grad=[False, True])
    add(f'gammaincc/grad/{d}', 'special.gammaincc', [uniform(0.5, 5, 4, dtype=dtype), uniform(0.2, 6, 3, 4, dtype=dtype)], torch.special.gammaincc, grad=[False, True])

# integer inputs compute in float32
ints = torch.tensor([-3, 0, 1, 4])
for name in ('i0e', 'i1', 'i1e', 'ndtr', 'log_ndtr', 'erfcx', 'entr'):
    add(f'{name}/int64', f'special.{name}', [ints], getattr(torch.special, name))
add('zeta/int64', 'special.zeta', [torch.tensor([2, 3]), torch.tensor([1, 2])], torch.special.zeta)
add('xlog1py/int64', 'special.xlog1py', [torch.tensor([0, 2]), torch.tensor([1, 3])], torch.special.xlog1py)

# ---- torch-level aliases of nn.functional, with ATen's signatures (float64) ----


def r(*shape, lo=-1.0, hi=1.0):
    return uniform(lo, hi, *shape)


x1 = r(2, 3, 8)
add('conv1d', 'torch.conv1d', [x1, r(4, 3, 3), r(4), 2, 1, 1, 1], torch.conv1d, grad=True)
add('conv2d/same', 'torch.conv2d', [r(1, 2, 5, 5), r(3, 2, 3, 3), None, 1, 'same'], torch.conv2d, grad=[True, True])
add('conv3d', 'torch.conv3d', [r(1, 2, 4, 4, 4), r(2, 1, 2, 2, 2), r(2), 1, 0, 1, 2], torch.conv3d, grad=True)
add('conv_transpose1d', 'torch.conv_transpose1d', [r(2, 3, 5), r(3, 2, 3), r(2), 2, 1, 1, 1, 1], torch.conv_transpose1d, grad=True)
add('conv_transpose2d', 'torch.conv_transpose2d', [r(1, 2, 3, 3), r(2, 3, 2, 2), None, 2], torch.conv_transpose2d, grad=[True, True])
add('conv_transpose3d', 'torch.conv_transpose3d', [r(1, 2, 2, 2, 2), r(2, 1, 2, 2, 2), r(1), 1, 0, 0, 1, 2], torch.conv_transpose3d, grad=True)
add('max_pool1d/empty_stride', 'torch.max_pool1d', [x1, 3, [], 1], torch.max_pool1d, grad=True)
add('max_pool1d/dilation_ceil', 'torch.max_pool1d', [x1, 2, 1, 0, 2, True], torch.max_pool1d, grad=True)
add('max_pool1d/keywords', 'torch.max_pool1d', [x1, {'kernel_size': 3, 'stride': 2, 'ceil_mode': True}], torch.max_pool1d)
add('max_pool2d', 'torch.max_pool2d', [r(1, 2, 5, 5), [2, 2], [2, 1], 1], torch.max_pool2d, grad=True)
add('max_pool3d', 'torch.max_pool3d', [r(1, 1, 4, 4, 4), 2], torch.max_pool3d, grad=True)
add('max_pool1d_with_indices', 'torch.max_pool1d_with_indices', [x1, 3, 2, 1], torch.max_pool1d_with_indices, grad=True)
add('avg_pool1d', 'torch.avg_pool1d', [x1, 3, 2, 1, True, False], torch.avg_pool1d, grad=True)
add('adaptive_avg_pool1d', 'torch.adaptive_avg_pool1d', [x1, 3], torch.adaptive_avg_pool1d, grad=True)
add('adaptive_max_pool1d', 'torch.adaptive_max_pool1d', [x1, 3], torch.adaptive_max_pool1d, grad=True)
add('pixel_shuffle', 'torch.pixel_shuffle', [r(1, 8, 2, 2), 2], torch.pixel_shuffle, grad=True)
add('pixel_unshuffle', 'torch.pixel_unshuffle', [r(1, 2, 4, 4), 2], torch.pixel_unshuffle, grad=True)
add('channel_shuffle', 'torch.channel_shuffle', [r(1, 6, 2, 2), 3], torch.channel_shuffle)
add('pdist', 'torch.pdist', [r(5, 3), 1.5], torch.pdist, grad=True)
add('pairwise_distance', 'torch.pairwise_distance', [r(4, 3), r(4, 3), 3.0, 1e-6, True], torch.pairwise_distance, grad=True)
add('cosine_similarity', 'torch.cosine_similarity', [r(4, 3), r(4, 3), 0], torch.cosine_similarity, grad=True)
add('bilinear', 'torch.bilinear', [r(3, 2), r(3, 4), r(5, 2, 4), r(5)], torch.bilinear, grad=True)
add('constant_pad_nd', 'torch.constant_pad_nd', [r(2, 3, 4), [1, 2, 0, 1], 1.5], torch.constant_pad_nd, grad=True)
idx = torch.tensor([[0, 2, 4], [2, 1, 2]])
add('embedding/padding_idx', 'torch.embedding', [r(5, 3), idx, 2], torch.embedding, grad=True)
add('embedding/default', 'torch.embedding', [r(5, 3), idx], torch.embedding, grad=True)
add('embedding/scale_grad_by_freq', 'torch.embedding', [r(5, 3), idx, -1, True], torch.embedding, grad=True)
lp, tp = r(3, 4).log_softmax(1), r(3, 4).softmax(1)
add('kl_div/default_mean', 'torch.kl_div', [lp, tp], torch.kl_div, grad=True)
add('kl_div/sum_log_target', 'torch.kl_div', [lp, tp.log(), 2, {'log_target': True}], torch.kl_div, grad=True)
add('kl_div/none', 'torch.kl_div', [lp, tp, 0], torch.kl_div, grad=True)
sign = torch.tensor([1.0, -1.0, 1.0, -1.0], dtype=torch.float64)
add('margin_ranking_loss', 'torch.margin_ranking_loss', [r(4), r(4), sign, 0.5, 2], torch.margin_ranking_loss, grad=True)
add('margin_ranking_loss/default', 'torch.margin_ranking_loss', [r(4), r(4), sign], torch.margin_ranking_loss, grad=True)
add('hinge_embedding_loss', 'torch.hinge_embedding_loss', [r(4), sign, 2.0, 0], torch.hinge_embedding_loss, grad=True)
add('hinge_embedding_loss/default', 'torch.hinge_embedding_loss', [r(4), sign], torch.hinge_embedding_loss, grad=True)
add('cosine_embedding_loss', 'torch.cosine_embedding_loss', [r(4, 3), r(4, 3), sign, 0.2, 1], torch.cosine_embedding_loss, grad=True)
add('poisson_nll_loss', 'torch.poisson_nll_loss', [r(5, lo=0.1, hi=3), r(5, lo=0, hi=4).round(), False, True, 1e-8, 2], torch.poisson_nll_loss, grad=[True, False])
add('poisson_nll_loss/log_input_none', 'torch.poisson_nll_loss', [r(5), r(5, lo=0, hi=4).round(), True, False, 1e-8, 0], torch.poisson_nll_loss, grad=[True, False])
add('triplet_margin_loss', 'torch.triplet_margin_loss', [r(3, 4), r(3, 4), r(3, 4), 0.5, 1.0, 1e-6, True, 0], torch.triplet_margin_loss, grad=True)
add('triplet_margin_loss/default', 'torch.triplet_margin_loss', [r(3, 4), r(3, 4), r(3, 4)], torch.triplet_margin_loss, grad=True)
ctc_lp = r(6, 2, 4).log_softmax(2)
ctc_tg = torch.tensor([[1, 2, 1], [3, 1, 0]])
for red in (0, 1, 2):
    add(f'ctc_loss/reduction_{red}', 'torch.ctc_loss', [ctc_lp, ctc_tg, [6, 5], [3, 2], 0, red, False], torch.ctc_loss, grad=[True, False])
add('ctc_loss/default', 'torch.ctc_loss', [ctc_lp, ctc_tg, [6, 5], [3, 2]], torch.ctc_loss, grad=[True, False])
xn = r(4, 3, 5)
add('batch_norm/training', 'torch.batch_norm', [xn, r(3), r(3), torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64), True, 0.1, 1e-5, True],
    torch.batch_norm, grad=[True, True, True, False, False])
add('batch_norm/eval', 'torch.batch_norm', [xn, None, r(3), r(3), r(3, lo=0.5, hi=2), False, 0.1, 1e-3, False], torch.batch_norm, grad=[True, True, False, False])
add('instance_norm', 'torch.instance_norm', [xn, r(3), r(3), None, None, True, 0.1, 1e-5, False], torch.instance_norm, grad=True)
add('layer_norm', 'torch.layer_norm', [xn, [5], r(5), r(5), 1e-5, True], torch.layer_norm, grad=True)
add('layer_norm/default', 'torch.layer_norm', [xn, [3, 5]], torch.layer_norm, grad=True)
add('group_norm', 'torch.group_norm', [r(2, 4, 3), 2, r(4), r(4), 1e-5, True], torch.group_norm, grad=True)
add('group_norm/default', 'torch.group_norm', [r(2, 4, 3), 4], torch.group_norm, grad=True)
add('detach', 'torch.detach', [r(3)], torch.detach)
for name in ('alpha_dropout', 'feature_alpha_dropout', 'feature_dropout'):
    add(f'{name}/eval', f'torch.{name}', [r(2, 3, 2), 0.5, False], getattr(torch, name))

# ---- 3-D pooling with indices and its inverse ----
F = torch.nn.functional
x3 = r(1, 2, 5, 5, 5)
add('max_pool3d_with_indices', 'F.max_pool3d_with_indices', [x3, 2, 2, 1], F.max_pool3d_with_indices, grad=True)
add('max_pool3d_with_indices/keywords', 'F.max_pool3d_with_indices', [x3, {'kernel_size': [2, 3, 2], 'stride': 1, 'dilation': [1, 1, 2]}], F.max_pool3d_with_indices)
add('adaptive_max_pool3d_with_indices', 'F.adaptive_max_pool3d_with_indices', [x3, [2, 3, None]], F.adaptive_max_pool3d_with_indices, grad=True)
v3, i3 = F.max_pool3d(x3[:, :, :4, :4, :4], 2, return_indices=True)
add('max_unpool3d', 'F.max_unpool3d', [v3, i3, 2], F.max_unpool3d, grad=[True, False])
v5, i5 = F.max_pool3d(x3, 2, return_indices=True)
add('max_unpool3d/output_size', 'F.max_unpool3d', [v5, i5, 2, None, 0, [5, 5, 5]], F.max_unpool3d, grad=[True, False])
add('max_unpool3d/unbatched', 'F.max_unpool3d', [v5[0], i5[0], [2, 2, 2], 2, {'output_size': [1, 2, 5, 5, 5]}], F.max_unpool3d)

with open('test/fixtures/special_torch.json', 'w') as f:
    json.dump({'torch_version': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
