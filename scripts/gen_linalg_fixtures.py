#!/usr/bin/python3
"""Record PyTorch 1.13's answers for test/linalg.test.ts (products, diagonals and torch.linalg): values and gradients.

Run with the Python that has PyTorch 1.13:  /usr/bin/python3 scripts/gen_linalg_fixtures.py
Deterministic (fixed seed, one thread): re-running rewrites an identical test/fixtures/linalg.json.

Each case: {"id", "dtype", "inputs": [{"shape", "data"}], "grad": [bool per input], "outs": [{"shape", "data"}],
"grads": [{"shape", "data"} | null], "tol": {"rtol", "atol"}}. The test has a function of the same id that returns
the same list of tensors as the Python one here. The gradient is of loss = sum_k sum(outs[k] * weight(k, shape)),
weight(k, shape)[i] = cos(0.7 * i + k) (flat index i), so every output element's gradient is exercised.
Outputs that are unique only up to sign (Q, R, eigenvectors, singular vectors) are recorded as |x| or x^2; the test
checks their invariants (Q R = A, U S Vh = A, ...) separately.
"""
import json
import math
import os

import torch

torch.manual_seed(0)
torch.set_num_threads(1)
torch.set_flush_denormal(False)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "linalg.json")

# tolerances: float32 results differ by summation order (and float64 internals here vs float32 LAPACK there);
# float64 by Jacobi vs LAPACK algorithms
TOL = {torch.float32: {"rtol": 2e-4, "atol": 2e-5}, torch.float64: {"rtol": 1e-9, "atol": 1e-10}}


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def wellcond(*shape):  # square, well conditioned: random plus n on the diagonal
    n = shape[-1]
    return randn(*shape) + n * torch.eye(n, dtype=torch.float64)


def spd(*shape):
    a = randn(*shape)
    return a @ a.mT + shape[-1] * torch.eye(shape[-1], dtype=torch.float64)


def sym(*shape):
    a = randn(*shape)
    return a + a.mT


def weight(k, shape):
    n = int(torch.tensor(shape).prod().item()) if len(shape) else 1
    return torch.cos(0.7 * torch.arange(n, dtype=torch.float64) + k).reshape(shape)


def enc(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.double().flatten().tolist()]}


cases = []


def case(cid, fn, inputs, grad=None, dtypes=(torch.float32, torch.float64), tol32=None):
    grad = grad if grad is not None else [True] * len(inputs)
    for dt in dtypes:
        xs = [x.to(dt).clone().requires_grad_(g) for x, g in zip(inputs, grad)]
        outs = fn(*xs)
        if isinstance(outs, torch.Tensor):
            outs = [outs]
        loss = sum((o * weight(k, o.shape).to(o.dtype)).sum() for k, o in enumerate(outs) if o.dtype.is_floating_point and o.requires_grad)
        grads = [None] * len(xs)
        if any(grad) and isinstance(loss, torch.Tensor):
            gs = torch.autograd.grad(loss, [x for x in xs if x.requires_grad], allow_unused=True)
            it = iter(gs)
            grads = [enc(next(it)) if g else None for g in grad]
        cases.append({
            "id": cid, "dtype": str(dt).replace("torch.", ""),
            "inputs": [enc(x) for x in xs], "grad": grad,
            "outs": [enc(o) for o in outs], "grads": grads, "tol": tol32 if tol32 and dt == torch.float32 else TOL[dt],
        })


# ---------------------------------------------------------------------------------------------- products
case("einsum/matmul", lambda a, b: torch.einsum("ij,jk->ik", a, b), [randn(3, 4), randn(4, 2)])
case("einsum/implicit_transpose", lambda a: torch.einsum("ji", a), [randn(3, 4)])
case("einsum/trace", lambda a: torch.einsum("ii", a), [randn(4, 4)])
case("einsum/diag", lambda a: torch.einsum("ii->i", a), [randn(4, 4)])
case("einsum/batch_ellipsis", lambda a, b: torch.einsum("...ij,...jk", a, b), [randn(2, 3, 4), randn(4, 5)])
case("einsum/outer_sum", lambda a, b: torch.einsum("i,j->", a, b), [randn(3), randn(4)])
case("einsum/three", lambda a, b, c: torch.einsum("bn,anm,bm->ba", a, b, c), [randn(2, 3), randn(4, 3, 5), randn(2, 5)])
case("einsum/upper", lambda a, b: torch.einsum("Ab,ba", a, b), [randn(2, 3), randn(3, 4)])
case("einsum/broadcast1", lambda a, b: torch.einsum("ij,jk->ik", a, b), [randn(2, 1), randn(3, 4)])
case("einsum/ellipsis_mid", lambda a: torch.einsum("a...b->...", a), [randn(2, 3, 4, 5)])
case("einsum/repeat3", lambda a: torch.einsum("iij->ji", a), [randn(3, 3, 2)])
case("addmm", lambda i, a, b: torch.addmm(i, a, b, beta=0.5, alpha=2.0), [randn(3), randn(2, 4), randn(4, 3)])
case("addmm/beta0", lambda i, a, b: torch.addmm(i, a, b, beta=0), [randn(2, 3), randn(2, 4), randn(4, 3)])
case("addmv", lambda i, a, v: torch.addmv(i, a, v, beta=-1.0, alpha=0.5), [randn(2), randn(2, 3), randn(3)])
case("addr", lambda i, a, b: torch.addr(i, a, b, alpha=3.0), [randn(2, 3), randn(2), randn(3)])
case("addbmm", lambda i, a, b: torch.addbmm(i, a, b, beta=2.0), [randn(2, 4), randn(3, 2, 5), randn(3, 5, 4)])
case("baddbmm", lambda i, a, b: torch.baddbmm(i, a, b, alpha=-1.5), [randn(1, 2, 4), randn(3, 2, 5), randn(3, 5, 4)])
case("mv", lambda a, v: torch.mv(a, v), [randn(3, 4), randn(4)])
case("ger", lambda a, b: torch.ger(a, b), [randn(3), randn(2)])
case("inner", lambda a, b: torch.inner(a, b), [randn(2, 3), randn(4, 3)])
case("vdot", lambda a, b: torch.vdot(a, b), [randn(5), randn(5)])
case("kron", lambda a, b: torch.kron(a, b), [randn(2, 3), randn(3)])
case("tensordot/int", lambda a, b: torch.tensordot(a, b, 2), [randn(2, 3, 4), randn(3, 4, 5)])
case("tensordot/lists", lambda a, b: torch.tensordot(a, b, dims=([0, 2], [2, 0])), [randn(2, 3, 4), randn(4, 5, 2)])
case("multi_dot", lambda a, b, c: torch.linalg.multi_dot([a, b, c]), [randn(3), randn(3, 4), randn(4)])
case("multi_dot/mats", lambda a, b, c: torch.linalg.multi_dot([a, b, c]), [randn(2, 3), randn(3, 4), randn(4, 2)])
case("cross/default_dim", lambda a, b: torch.cross(a, b), [randn(3, 4), randn(3, 4)])
case("cross/broadcast", lambda a, b: torch.cross(a, b), [randn(4, 3), randn(1, 3)])
case("linalg.cross", lambda a, b: torch.linalg.cross(a, b), [randn(2, 3), randn(2, 3)])
case("cdist/p2", lambda a, b: torch.cdist(a, b), [randn(2, 4, 3), randn(2, 5, 3)])
case("cdist/p1", lambda a, b: torch.cdist(a, b, p=1), [randn(4, 3), randn(5, 3)])
case("cdist/p3", lambda a, b: torch.cdist(a, b, p=3), [randn(4, 3), randn(5, 3)])
case("cdist/pinf", lambda a, b: torch.cdist(a, b, p=float("inf")), [randn(4, 3), randn(5, 3)])
case("cdist/p0", lambda a, b: torch.cdist(a, b, p=0), [randn(4, 3), randn(5, 3)])
_same = randn(3, 2)
case("cdist/zero_distance", lambda a, b: torch.cdist(a, b), [_same, torch.cat([_same[:1], randn(1, 2)])])
case("cdist/zero_distance_p3", lambda a, b: torch.cdist(a, b, p=3), [_same, torch.cat([_same[:1], randn(1, 2)])])
case("trace", lambda a: torch.trace(a), [randn(3, 4)])
case("diag/vector_offset", lambda a: torch.diag(a, 1), [randn(3)])
case("diag/vector_neg", lambda a: torch.diag(a, -2), [randn(3)])
case("diag/matrix", lambda a: torch.diag(a, -1), [randn(3, 4)])
case("diagflat", lambda a: torch.diagflat(a, 1), [randn(2, 2)])
case("diag_embed", lambda a: torch.diag_embed(a, 1, 0, 2), [randn(2, 3)])
case("diagonal", lambda a: torch.diagonal(a, -1, 2, 0), [randn(3, 2, 4)])
case("diagonal/linalg", lambda a: torch.linalg.diagonal(a, offset=1), [randn(2, 3, 4)])

# ------------------------------------------------------------------------------------------- linalg
case("det", lambda a: torch.linalg.det(a), [randn(2, 3, 3)])
case("det/singular", lambda a: torch.linalg.det(a), [torch.tensor([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]], dtype=torch.float64)])
case("slogdet", lambda a: list(torch.linalg.slogdet(a)), [randn(2, 4, 4)])
case("logdet", lambda a: torch.logdet(a), [spd(3, 3)])
case("inv", lambda a: torch.linalg.inv(a), [wellcond(2, 3, 3)])
case("solve/matrix", lambda a, b: torch.linalg.solve(a, b), [wellcond(2, 3, 3), randn(3, 2)])
case("solve/vector", lambda a, b: torch.linalg.solve(a, b), [wellcond(2, 3, 3), randn(2, 3)])
case("solve/right", lambda a, b: torch.linalg.solve(a, b, left=False), [wellcond(3, 3), randn(2, 3)])
case("matrix_power/3", lambda a: torch.linalg.matrix_power(a, 3), [randn(2, 3, 3)])
case("matrix_power/-2", lambda a: torch.linalg.matrix_power(a, -2), [wellcond(3, 3)])
case("matrix_power/0", lambda a: torch.linalg.matrix_power(a, 0), [randn(2, 2)], grad=[False])
case("cholesky", lambda a: torch.linalg.cholesky(a), [spd(2, 3, 3)])
case("cholesky/upper", lambda a: torch.linalg.cholesky(a, upper=True), [spd(4, 4)])
case("qr/reduced", lambda a: [x.abs() for x in torch.linalg.qr(a)], [randn(2, 5, 3)], grad=[False])
case("qr/complete", lambda a: [x.abs() for x in torch.linalg.qr(a, mode="complete")[1:]], [randn(5, 3)], grad=[False])
case("qr/wide", lambda a: [x.abs() for x in torch.linalg.qr(a)], [randn(3, 5)], grad=[False])
case("qr/grad_tall", lambda a: [x ** 2 for x in torch.linalg.qr(a)], [randn(2, 5, 3)])
case("qr/grad_square", lambda a: [x ** 2 for x in torch.linalg.qr(a, mode="complete")], [randn(3, 3)])
case("qr/grad_wide", lambda a: [x ** 2 for x in torch.linalg.qr(a)], [randn(3, 5)])
case("eigh", lambda a: [torch.linalg.eigh(a)[0], torch.linalg.eigh(a)[1] ** 2], [sym(2, 4, 4)])
case("eigh/upper", lambda a: [torch.linalg.eigh(a, UPLO="U")[0], torch.linalg.eigh(a, UPLO="U")[1] ** 2], [randn(3, 3)])
case("eigvalsh", lambda a: torch.linalg.eigvalsh(a), [sym(3, 3)])
case("svdvals/tall", lambda a: torch.linalg.svdvals(a), [randn(2, 5, 3)])
case("svdvals/wide", lambda a: torch.linalg.svdvals(a), [randn(3, 6)])
case("svd/vectors", lambda a: [torch.linalg.svd(a, full_matrices=False)[0].abs(), torch.linalg.svd(a)[2][:3].abs()], [randn(4, 3)], grad=[False])
def _svd_sq(a, full):  # sign-invariant outputs: S, and the first k singular vectors squared
    U, S, Vh = torch.linalg.svd(a, full_matrices=full)
    k = S.shape[-1]
    return [S, U[..., :k] ** 2, Vh[..., :k, :] ** 2]


# the singular vectors' gradients divide by S_j^2 - S_i^2, which amplifies float32 PyTorch's own rounding
SVD_GRAD32 = {"rtol": 2e-3, "atol": 2e-4}
case("svd/grad_tall", lambda a: _svd_sq(a, False), [randn(2, 4, 3)], tol32=SVD_GRAD32)
case("svd/grad_wide", lambda a: _svd_sq(a, False), [randn(3, 5)], tol32=SVD_GRAD32)
case("svd/grad_full", lambda a: _svd_sq(a, True), [randn(5, 3)], tol32=SVD_GRAD32)
case("svd/grad_square", lambda a: _svd_sq(a, True), [randn(3, 3)], tol32=SVD_GRAD32)
case("pinv/tall", lambda a: torch.linalg.pinv(a), [randn(5, 3)])
case("pinv/wide_batched", lambda a: torch.linalg.pinv(a), [randn(2, 2, 4)])
case("pinv/rank_deficient", lambda a: torch.linalg.pinv(a), [torch.tensor([[1.0, 2], [2, 4], [3, 6]], dtype=torch.float64)], grad=[False])
# driver gelsd: the default gelsy's last bits vary from run to run (the solution is the same up to rounding)
case("lstsq", lambda a, b: torch.linalg.lstsq(a, b, driver="gelsd").solution, [randn(5, 3), randn(5, 2)])
case("lstsq/gelsd_fields", lambda a, b: [torch.linalg.lstsq(a, b, driver="gelsd")[k] for k in (0, 1, 3)], [randn(2, 5, 3), randn(2, 5, 2)])
case("lstsq/gels_vector", lambda a, b: [torch.linalg.lstsq(a, b, driver="gels")[k] for k in (0, 1)], [randn(4, 2), randn(4)], grad=[False, False])  # (PyTorch 1.13 fails in backward for a 1-D B)
case("matrix_rank", lambda a: torch.linalg.matrix_rank(a), [torch.tensor([[[1.0, 2, 3], [2, 4, 6], [1, 0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]], dtype=torch.float64)], grad=[False])
case("vector_norm/3", lambda a: torch.linalg.vector_norm(a, 3, dim=1), [randn(2, 3)])
case("vector_norm/0", lambda a: torch.linalg.vector_norm(a, 0), [torch.tensor([1.0, 0, 2, 0, -1], dtype=torch.float64)], grad=[False])
case("vector_norm/inf", lambda a: torch.linalg.vector_norm(a, float("inf")), [randn(2, 3)])
for o in ["fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf")]:
    case(f"matrix_norm/{o}", lambda a, o=o: torch.linalg.matrix_norm(a, o), [randn(2, 3, 4)])
case("matrix_norm/dims_keepdim", lambda a: torch.linalg.matrix_norm(a, 1, dim=(0, 2), keepdim=True), [randn(3, 2, 4)])
case("matrix_norm/nuc_dims", lambda a: torch.linalg.matrix_norm(a, "nuc", dim=(2, 0)), [randn(3, 2, 4)])
case("norm/default", lambda a: torch.linalg.norm(a), [randn(2, 3, 4)])
case("norm/matrix_ord", lambda a: torch.linalg.norm(a, float("inf")), [randn(3, 4)])
case("norm/vector_dim", lambda a: torch.linalg.norm(a, 1, dim=-1, keepdim=True), [randn(3, 4)])
case("norm/matrix_dims", lambda a: torch.linalg.norm(a, -2, dim=(0, 1)), [randn(3, 4, 2)])

with open(OUT, "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases to {OUT}")
