#!/usr/bin/python3
"""Record PyTorch's losses and their gradients for test/loss.test.ts (writes test/fixtures/loss.json).

Run with the Python that has PyTorch 1.13:  /usr/bin/python3 scripts/gen_loss_fixtures.py
Deterministic: each case seeds its own generator, one thread, so re-running rewrites an identical file.

File format: { "torch_version": "...", "cases": [case, ...] }, each case
  { "id": "cross_entropy/weight/mean",   unique, readable
    "fn": "cross_entropy",               the torch.nn.functional function
    "family": "classification",          names the tolerance, stated in "tol" and echoed in the test's name
    "input", "target": tensor,
    "weight", "pos_weight": tensor,      optional
    "weight_positional": true,           optional: pass weight as the third argument instead of a keyword
    "kwargs": {...},                     reduction, ignore_index, label_smoothing, beta
    "grad_output": tensor,               the gradient backward() is seeded with (loss's shape)
    "loss", "input_grad": tensor, "target_grad": tensor (only where PyTorch differentiates the target),
    "tol": {"rtol": ..., "atol": ...} }
tensor: {"dtype": "float32" | "float64" | "int64", "shape": [...], "values": [row-major numbers]};
non-finite numbers are the strings "nan", "inf", "-inf".
"""
import json
import math
import os
import warnings

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
warnings.filterwarnings("ignore", message="Using a target size")  # the deliberate broadcast case

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "loss.json")

# Summation order differs (PyTorch cascades in float32, torchlet sums in float64), and torchlet's
# binary_cross_entropy_with_logits uses log1p where PyTorch uses log(1 + ...), hence an atol.
TOL = {
    "regression": {"rtol": 1e-5, "atol": 1e-6},
    "binary": {"rtol": 1e-5, "atol": 1e-6},
    "classification": {"rtol": 1e-5, "atol": 1e-6},
    "float64": {"rtol": 1e-10, "atol": 1e-12},
}
DTYPE_NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64"}
# PyTorch differentiates these losses w.r.t. a floating point target too
TARGET_DIFFERENTIABLE = {"mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy"}


def number(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def encode(t):
    t = t.detach().contiguous()
    return {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape), "values": [number(v) for v in t.flatten().tolist()]}


cases = []
_seed = [0]


def gen():
    """A fresh generator per case, so adding a case never changes the others."""
    _seed[0] += 1
    return torch.Generator().manual_seed(1000 + _seed[0])


def randn(*shape, g, dtype=torch.float32, scale=1.0):
    return torch.randn(*shape, generator=g, dtype=dtype) * scale


def rand(*shape, g, dtype=torch.float32):
    return torch.rand(*shape, generator=g, dtype=dtype)


def classes(*shape, n, g):
    return torch.randint(0, n, shape, generator=g)


def case(case_id, fn, inp, target, family, weight=None, pos_weight=None, weight_positional=False, **kwargs):
    assert not any(c["id"] == case_id for c in cases), case_id
    inp = inp.detach().clone().requires_grad_()
    target = target.detach().clone()
    if fn in TARGET_DIFFERENTIABLE and target.is_floating_point():
        target.requires_grad_()
    extra = {}
    if weight is not None:
        extra["weight"] = weight
    if pos_weight is not None:
        extra["pos_weight"] = pos_weight
    loss = getattr(F, fn)(inp, target, **extra, **kwargs)
    n = loss.numel()
    grad_output = torch.tensor(1.25, dtype=loss.dtype) if loss.dim() == 0 else torch.linspace(0.5, 1.5, n, dtype=loss.dtype).reshape(loss.shape)
    loss.backward(grad_output)
    c = {
        "id": case_id,
        "fn": fn,
        "family": "float64" if inp.dtype == torch.float64 else family,
        "input": encode(inp),
        "target": encode(target),
        "kwargs": kwargs,
        "grad_output": encode(grad_output),
        "loss": encode(loss),
        "input_grad": encode(inp.grad),
    }
    if weight is not None:
        c["weight"] = encode(weight)
        if weight_positional:
            c["weight_positional"] = True
    if pos_weight is not None:
        c["pos_weight"] = encode(pos_weight)
    if target.requires_grad:
        c["target_grad"] = encode(target.grad)
    c["tol"] = TOL[c["family"]]
    cases.append(c)


REDUCTIONS = ["mean", "sum", "none"]

# ---- regression
for fn in ["mse_loss", "l1_loss", "smooth_l1_loss"]:
    for r in REDUCTIONS:
        g = gen()
        case(f"{fn}/{r}", fn, randn(3, 4, g=g, scale=1.5), randn(3, 4, g=g), "regression", reduction=r)
g = gen()
case("mse_loss/broadcast target [4] over [3, 4]", "mse_loss", randn(3, 4, g=g), randn(4, g=g), "regression")
g = gen()
case("mse_loss/float64", "mse_loss", randn(2, 5, g=g, dtype=torch.float64), randn(2, 5, g=g, dtype=torch.float64), "regression", reduction="sum")
case("l1_loss/ties (input == target: zero gradient)", "l1_loss", torch.tensor([1.0, -2.0, 0.5, 3.0]), torch.tensor([1.0, -1.0, 0.5, 2.0]), "regression", reduction="none")
g = gen()
case("smooth_l1_loss/beta 0.5", "smooth_l1_loss", randn(4, 3, g=g), randn(4, 3, g=g), "regression", beta=0.5)
g = gen()
case("smooth_l1_loss/beta 2 none", "smooth_l1_loss", randn(4, 3, g=g, scale=2), randn(4, 3, g=g), "regression", beta=2.0, reduction="none")
g = gen()
case("smooth_l1_loss/beta 0 (is l1)", "smooth_l1_loss", randn(5, g=g), randn(5, g=g), "regression", beta=0.0, reduction="none")
case("smooth_l1_loss/|d| exactly beta", "smooth_l1_loss", torch.tensor([1.5, -0.5, 0.25, 2.0]), torch.tensor([0.5, 0.5, 0.25, 0.0]), "regression", reduction="none")

# ---- binary cross entropy
for r in REDUCTIONS:
    g = gen()
    case(f"binary_cross_entropy/{r}", "binary_cross_entropy", rand(3, 4, g=g).clamp(0.01, 0.99), rand(3, 4, g=g), "binary", reduction=r)
g = gen()
case("binary_cross_entropy/weight [3, 4]", "binary_cross_entropy", rand(3, 4, g=g), rand(3, 4, g=g).round(), "binary", weight=rand(3, 4, g=g) + 0.5)
g = gen()
case("binary_cross_entropy/weight [4] broadcast, positional, sum", "binary_cross_entropy", rand(3, 4, g=g), rand(3, 4, g=g), "binary", weight=rand(4, g=g) + 0.5, weight_positional=True, reduction="sum")
case(
    "binary_cross_entropy/inputs exactly 0 and 1 (log clamped at -100)",
    "binary_cross_entropy",
    torch.tensor([0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1e-30, 0.5]),
    torch.tensor([0.0, 1.0, 1.0, 0.0, 0.5, 0.5, 0.5, 0.5]),
    "binary",
    reduction="none",
)
case("binary_cross_entropy/inputs 0 and 1, mean", "binary_cross_entropy", torch.tensor([0.0, 1.0, 0.0, 0.25]), torch.tensor([1.0, 1.0, 0.0, 0.75]), "binary")
g = gen()
case("binary_cross_entropy/float64", "binary_cross_entropy", rand(6, g=g, dtype=torch.float64).clamp(0.05, 0.95), rand(6, g=g, dtype=torch.float64), "binary")

for r in REDUCTIONS:
    g = gen()
    case(f"binary_cross_entropy_with_logits/{r}", "binary_cross_entropy_with_logits", randn(3, 4, g=g, scale=2), rand(3, 4, g=g), "binary", reduction=r)
g = gen()
case("binary_cross_entropy_with_logits/weight", "binary_cross_entropy_with_logits", randn(3, 4, g=g), rand(3, 4, g=g).round(), "binary", weight=rand(3, 4, g=g) + 0.5)
g = gen()
case("binary_cross_entropy_with_logits/pos_weight [4] broadcast", "binary_cross_entropy_with_logits", randn(3, 4, g=g), rand(3, 4, g=g), "binary", pos_weight=rand(4, g=g) * 3, reduction="none")
g = gen()
case(
    "binary_cross_entropy_with_logits/weight [4] positional + pos_weight, sum",
    "binary_cross_entropy_with_logits",
    randn(2, 4, g=g),
    rand(2, 4, g=g).round(),
    "binary",
    weight=rand(4, g=g) + 0.5,
    weight_positional=True,
    pos_weight=rand(2, 4, g=g) * 3,
    reduction="sum",
)
case(
    "binary_cross_entropy_with_logits/extreme logits +-100 and 0",
    "binary_cross_entropy_with_logits",
    torch.tensor([100.0, -100.0, 100.0, -100.0, 100.0, -100.0, 0.0, 0.0, 20.0, -20.0]),
    torch.tensor([1.0, 0.0, 0.0, 1.0, 0.5, 0.5, 1.0, 0.0, 1.0, 0.0]),
    "binary",
    reduction="none",
)
case(
    "binary_cross_entropy_with_logits/extreme logits with pos_weight, mean",
    "binary_cross_entropy_with_logits",
    torch.tensor([[100.0, -100.0], [-100.0, 100.0]]),
    torch.tensor([[1.0, 1.0], [0.0, 0.25]]),
    "binary",
    pos_weight=torch.tensor([2.0, 0.5]),
)
g = gen()
case("binary_cross_entropy_with_logits/float64", "binary_cross_entropy_with_logits", randn(5, g=g, dtype=torch.float64), rand(5, g=g, dtype=torch.float64), "binary", pos_weight=torch.tensor(1.5, dtype=torch.float64))

# ---- nll_loss (input is log-probabilities)
def log_probs(*shape, g, dtype=torch.float32):
    return torch.log_softmax(randn(*shape, g=g, dtype=dtype), 1 if len(shape) > 1 else 0)


for r in REDUCTIONS:
    g = gen()
    case(f"nll_loss/{r}", "nll_loss", log_probs(4, 5, g=g), classes(4, n=5, g=g), "classification", reduction=r)
    g = gen()
    case(f"nll_loss/weight/{r}", "nll_loss", log_probs(4, 5, g=g), classes(4, n=5, g=g), "classification", weight=rand(5, g=g) + 0.1, reduction=r)
g = gen()
case("nll_loss/weight positional", "nll_loss", log_probs(3, 4, g=g), classes(3, n=4, g=g), "classification", weight=rand(4, g=g) + 0.1, weight_positional=True)
g = gen()
case("nll_loss/ignore_index -100 in target, weight", "nll_loss", log_probs(5, 3, g=g), torch.tensor([0, -100, 2, -100, 1]), "classification", weight=torch.tensor([0.5, 2.0, 1.5]))
g = gen()
case("nll_loss/ignore_index 1 (a real class)", "nll_loss", log_probs(5, 3, g=g), torch.tensor([0, 1, 2, 1, 1]), "classification", ignore_index=1, reduction="sum")
for r in REDUCTIONS:
    g = gen()
    case(f"nll_loss/all ignored/{r}", "nll_loss", log_probs(3, 4, g=g), torch.tensor([2, 2, 2]), "classification", ignore_index=2, reduction=r)
g = gen()
case("nll_loss/K-dim [2, 3, 4]", "nll_loss", log_probs(2, 3, 4, g=g), classes(2, 4, n=3, g=g), "classification", reduction="none")
g = gen()
case("nll_loss/4-D [2, 3, 2, 2] weight", "nll_loss", log_probs(2, 3, 2, 2, g=g), classes(2, 2, 2, n=3, g=g), "classification", weight=torch.tensor([1.0, 0.5, 2.0]))
g = gen()
case("nll_loss/1-D input, 0-d target", "nll_loss", log_probs(5, g=g), torch.tensor(3), "classification")

# ---- cross_entropy with class-index targets
for r in REDUCTIONS:
    g = gen()
    case(f"cross_entropy/{r}", "cross_entropy", randn(4, 5, g=g, scale=2), classes(4, n=5, g=g), "classification", reduction=r)
    g = gen()
    case(f"cross_entropy/weight/{r}", "cross_entropy", randn(4, 5, g=g), classes(4, n=5, g=g), "classification", weight=rand(5, g=g) + 0.1, reduction=r)
    g = gen()
    case(f"cross_entropy/label_smoothing 0.1/{r}", "cross_entropy", randn(4, 5, g=g, scale=2), classes(4, n=5, g=g), "classification", label_smoothing=0.1, reduction=r)
    g = gen()
    case(f"cross_entropy/label_smoothing 0.2 + weight + ignore/{r}", "cross_entropy", randn(5, 3, g=g), torch.tensor([0, 2, -100, 1, 2]), "classification", weight=torch.tensor([0.3, 1.0, 2.5]), label_smoothing=0.2, reduction=r)
g = gen()
case("cross_entropy/weight positional", "cross_entropy", randn(3, 4, g=g), classes(3, n=4, g=g), "classification", weight=rand(4, g=g) + 0.1, weight_positional=True)
g = gen()
case("cross_entropy/ignore_index 0", "cross_entropy", randn(5, 3, g=g), torch.tensor([0, 1, 0, 2, 2]), "classification", ignore_index=0)
g = gen()
case("cross_entropy/all ignored, mean is NaN", "cross_entropy", randn(3, 4, g=g), torch.tensor([-100, -100, -100]), "classification")
g = gen()
case("cross_entropy/all ignored, weight + label_smoothing, mean is NaN", "cross_entropy", randn(2, 4, g=g), torch.tensor([-100, -100]), "classification", weight=torch.tensor([1.0, 2.0, 3.0, 4.0]), label_smoothing=0.1)
g = gen()
case("cross_entropy/label_smoothing 1.0", "cross_entropy", randn(3, 4, g=g), classes(3, n=4, g=g), "classification", label_smoothing=1.0)
g = gen()
case("cross_entropy/K-dim [2, 3, 4] none", "cross_entropy", randn(2, 3, 4, g=g), classes(2, 4, n=3, g=g), "classification", reduction="none")
g = gen()
case("cross_entropy/K-dim [2, 3, 4] weight + ignore", "cross_entropy", randn(2, 3, 4, g=g), torch.tensor([[0, 1, -100, 2], [2, -100, 1, 0]]), "classification", weight=torch.tensor([0.5, 1.0, 2.0]))
g = gen()
case("cross_entropy/K-dim [2, 3, 2, 2] label_smoothing + weight", "cross_entropy", randn(2, 3, 2, 2, g=g), classes(2, 2, 2, n=3, g=g), "classification", weight=torch.tensor([0.5, 1.0, 2.0]), label_smoothing=0.3)
g = gen()
case("cross_entropy/1-D input, 0-d target, label_smoothing", "cross_entropy", randn(6, g=g), torch.tensor(4), "classification", label_smoothing=0.1)
case(
    "cross_entropy/extreme logits +-100",
    "cross_entropy",
    torch.tensor([[100.0, -100.0, 0.0], [-100.0, 100.0, 100.0], [-100.0, -100.0, 100.0]]),
    torch.tensor([1, 2, 0]),
    "classification",
    reduction="none",
)
g = gen()
case("cross_entropy/float64 label_smoothing", "cross_entropy", randn(3, 4, g=g, dtype=torch.float64), classes(3, n=4, g=g), "classification", label_smoothing=0.15)

# ---- cross_entropy with class-probability targets (float target of the input's shape)
def probs(*shape, g):
    return torch.softmax(randn(*shape, g=g, scale=2), 1 if len(shape) > 1 else 0)


for r in REDUCTIONS:
    g = gen()
    case(f"cross_entropy/probabilities/{r}", "cross_entropy", randn(4, 5, g=g), probs(4, 5, g=g), "classification", reduction=r)
    g = gen()
    case(f"cross_entropy/probabilities, weight/{r}", "cross_entropy", randn(4, 5, g=g), probs(4, 5, g=g), "classification", weight=rand(5, g=g) + 0.1, reduction=r)
g = gen()
case("cross_entropy/probabilities, label_smoothing 0.2", "cross_entropy", randn(4, 5, g=g), probs(4, 5, g=g), "classification", label_smoothing=0.2)
g = gen()
case("cross_entropy/probabilities, label_smoothing + weight, none", "cross_entropy", randn(3, 4, g=g), probs(3, 4, g=g), "classification", weight=rand(4, g=g) + 0.1, label_smoothing=0.1, reduction="none")
g = gen()
case("cross_entropy/probabilities, K-dim [2, 3, 4]", "cross_entropy", randn(2, 3, 4, g=g), probs(2, 3, 4, g=g), "classification", weight=torch.tensor([0.5, 1.0, 2.0]))
g = gen()
case("cross_entropy/probabilities, 1-D", "cross_entropy", randn(5, g=g), probs(5, g=g), "classification", reduction="sum")

# ---- added later, last so the cases above keep their generators
for r in REDUCTIONS:
    g = gen()
    case(f"huber_loss/{r}", "huber_loss", randn(3, 4, g=g, scale=1.5), randn(3, 4, g=g), "regression", reduction=r)
g = gen()
case("huber_loss/delta 0.5", "huber_loss", randn(4, 3, g=g, scale=2), randn(4, 3, g=g), "regression", delta=0.5)
case("huber_loss/|d| exactly delta", "huber_loss", torch.tensor([1.5, -0.5, 0.25, 2.0]), torch.tensor([0.5, 0.5, 0.25, 0.0]), "regression", reduction="none")

# ---- KL divergence (input: log-probabilities; target: probabilities with zeros, or log-probabilities)
for r in REDUCTIONS + ["batchmean"]:
    g = gen()
    target = torch.softmax(randn(3, 5, g=g) * 2, 1)
    target[0, 1] = 0.0
    case(f"kl_div/{r}", "kl_div", torch.log_softmax(randn(3, 5, g=g), 1), target, "regression", reduction=r)
g = gen()
case("kl_div/log_target batchmean", "kl_div", torch.log_softmax(randn(4, 3, g=g), 1), torch.log_softmax(randn(4, 3, g=g), 1), "regression",
     reduction="batchmean", log_target=True)

with open(OUT, "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}")
