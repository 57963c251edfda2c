#!/usr/bin/env python3
"""Record how PyTorch prints tensors, for test/format.test.ts.

Run with a Python that has PyTorch 1.13 (here: /usr/bin/python3 scripts/gen_format_fixtures.py).
Writes test/fixtures/format.json with:
  cases:         each tensor's values (or the name of a formula that regenerates them), shape, dtype,
                 print-option calls made before printing, suffixes (requires_grad / grad_fn) and repr(t).
  option_states: sequences of set_printoptions calls and the PRINT_OPTS they leave behind.
Floats go through JSON as doubles (exact for float32 too); nan/inf/-inf as strings.
"""
import json
import math
import os

import torch
from torch._tensor_str import PRINT_OPTS

DTYPES = {
    "float32": torch.float32,
    "float64": torch.float64,
    "int64": torch.int64,
    "int32": torch.int32,
    "bool": torch.bool,
}

# Values for large tensors, as a function of the flat index i. Only exactly-rounded float64 operations,
# so the TypeScript test computes bit-identical values (then rounds them to the dtype like torch does).
SCALES = [0.001, 1.0, 1000.0]
FORMULAS = {
    "arange": lambda i: float(i),
    "mixed": lambda i: ((i * 7919) % 1000 - 500) / 7,
    "wide": lambda i: ((i * 37) % 101 - 50) * SCALES[i % 3],
    "every_third": lambda i: 1.0 if i % 3 == 0 else 0.0,
}


def encode(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def set_options(calls):
    for call in calls:
        torch.set_printoptions(**call)


def reset_options():
    torch.set_printoptions(profile="default")


def suffixes_of(t):
    """The autograd items PyTorch appends; the formatter's caller passes them in."""
    if t.grad_fn is not None:
        return [f"grad_fn=<{type(t.grad_fn).__name__}>"]
    if t.requires_grad:
        return ["requires_grad=True"]
    return []


cases = []


def record(name, t, options=(), formula=None):
    options = list(options)
    set_options(options)
    try:
        expected = repr(t)
    finally:
        reset_options()
    case = {
        "name": name,
        "shape": list(t.shape),
        "dtype": str(t.dtype).replace("torch.", ""),
        "suffixes": suffixes_of(t),
        "expected": expected,
    }
    if formula is None:
        case["values"] = [encode(v) for v in t.detach().reshape(-1).tolist()]
    else:
        case["formula"] = formula
    if options:
        case["options"] = options
    cases.append(case)


def make(values, dtype="float32", shape=None):
    t = torch.tensor(values, dtype=DTYPES[dtype])
    return t if shape is None else t.reshape(shape)


def from_formula(formula, shape, dtype="float32"):
    numel = math.prod(shape)
    values = torch.tensor([FORMULAS[formula](i) for i in range(numel)], dtype=torch.float64)
    return values.to(DTYPES[dtype]).reshape(shape)


def big(name, formula, shape, dtype="float32", options=(), requires_grad=False):
    t = from_formula(formula, shape, dtype)
    if requires_grad:
        t.requires_grad_(True)
    record(name, t, options, formula=formula)


inf, nan = math.inf, math.nan

# --- float32: fixed, integer-valued and scientific modes -------------------------------------
record("float integers", make([1.0, 2.0, 3.0]))
record("float decimals", make([0.1, 0.2, 0.3]))
record("float mixed signs", make([1.5, -2.25, 3.0]))
record("float -1 0 1", make([-1.0, 0.0, 1.0]))
record("zeros and negative zero", make([0.0, -0.0]))
record("negative zero alone", make([-0.0]))
record("negative zero with decimals", make([-0.0, 0.5]))
record("nonfinite only", make([nan, inf, -inf]))
record("nonfinite with decimals", make([1.5, nan, inf, -inf]))
record("nonfinite with integers", make([1.0, nan, -inf, 0.0]))
record("tiny forces sci", make([1e-5, 1.0]))
record("ratio over 1000 forces sci", make([1000.5, 1.0]))
record("integer ratio exactly 1000 stays fixed", make([1000.0, 1.0]))
record("integer ratio over 1000 is sci", make([1001.0, 1.0]))
record("integer 1e8 stays fixed", make([1e8]))
record("integer over 1e8 is sci", make([1e9, 2.0]))
record("float32 1e-4 is below 1e-4", make([0.0001, 0.001]))
record("float64 1e-4 is fixed", make([0.0001, 0.05], "float64"))
record("ratio over 1000 with decimals is sci", make([0.0001, 0.5], "float64"))
record("sci with negatives", make([-1e-5, 1e5, 0.0, nan]))
record("sci large float32", make([3.4e38, -1.0]))
record("sci precision carry", make([9.99996e-5, 1.0], "float64"))
record("common width", make([-1234.5678, 1.5, 12.0]))
record("float32 rounding shows", make([2.00005, 1.5]))
record("float64 same values", make([2.00005, 1.5], "float64"))
record("ties round half to even", make([0.15625, 0.46875, 0.03125], "float64"))
record("float32 one third", make([1 / 3, 2 / 3]))
record("float32 integer precision", make([16777217.0, 1.0]))

# --- 0-d tensors --------------------------------------------------------------------------
record("scalar decimal", make(3.5))
record("scalar zero", make(0.0))
record("scalar negative zero", make(-0.0))
record("scalar nan", make(nan))
record("scalar -inf", make(-inf))
record("scalar tiny", make(1e-5))
record("scalar huge integer", make(123456789012.0))
record("scalar float64", make(0.1, "float64"))
record("scalar int64", make(-42, "int64"))
record("scalar int32", make(7, "int32"))
record("scalar bool", make(True, "bool"))

# --- integers and bools -------------------------------------------------------------------
record("int64 vector", make([1, 2, 3], "int64"))
record("int64 widths", make([-10, 5, 1000], "int64"))
record("int64 near 2^53", make([-9007199254740991, 0, 9007199254740991], "int64"))
record("int32 vector", make([1, -2], "int32"))
record("int64 matrix", make([[1, 20], [300, -4]], "int64"))
record("int32 3-d", make(list(range(12)), "int32", [2, 3, 2]))
record("bool vector", make([True, False, True], "bool"))
record("bool matrix", make([[True, False], [False, True]], "bool"))

# --- multi-dimensional --------------------------------------------------------------------
record("float matrix", make([[1.0, 2.0], [3.0, 4.0]]))
record("float matrix decimals", make([[0.5, -1.25], [100.125, nan]]))
record("float 3-d", make([i / 4 for i in range(12)], shape=[2, 2, 3]))
record("float 4-d", make([float(i) for i in range(8)], shape=[2, 1, 2, 2]))
record("float 1x1x1", make([[[5.0]]]))
record("float64 matrix sci", make([[1e-10, 1.0], [2.0, 3.0]], "float64"))

# --- empty tensors ------------------------------------------------------------------------
record("empty float", torch.tensor([]))
record("empty 0x3", torch.zeros(0, 3))
record("empty int64", torch.tensor([], dtype=torch.int64))
record("empty bool", torch.zeros(0, dtype=torch.bool))
record("empty int32", torch.zeros(0, dtype=torch.int32))
record("empty float64 2x0x4", torch.zeros(2, 0, 4, dtype=torch.float64))
record("empty with grad", torch.zeros(0, 3, requires_grad=True))

# --- autograd suffixes and their line wrapping ---------------------------------------------
record("requires_grad", torch.tensor([1.0, 2.0], requires_grad=True))
record("float64 requires_grad", torch.tensor([1.0, 2.5], dtype=torch.float64, requires_grad=True))
record("grad_fn relu", torch.relu(torch.tensor([-1.0, 2.0], requires_grad=True)))
record("grad_fn scalar sum", torch.tensor([1.5, 2.0], requires_grad=True).sum())
record("grad_fn float64", torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True) * 2)
record("suffix wraps after long line", torch.arange(10.0).div(3).requires_grad_(True))
record("dtype and grad wrap", torch.arange(9.0, dtype=torch.float64).div(3).requires_grad_(True))
record("matrix suffix", torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True))

# --- line wrapping ------------------------------------------------------------------------
record("wrapped float row", torch.arange(30.0) / 3)
record("wrapped int row", torch.arange(100))
record("wrapped float64 row", torch.arange(25, dtype=torch.float64) * 1e-5)

# --- large tensors: summarization (values regenerated from the formula) ----------------------
big("arange 2000", "arange", [2000])
big("int64 arange 1001", "arange", [1001], "int64")
big("bool 1001", "every_third", [1001], "bool")
big("matrix 40x40", "mixed", [40, 40])
big("matrix 3x300 wraps", "mixed", [3, 300])
big("int64 matrix 3x300", "arange", [3, 300], "int64")
big("3-d 12x10x10 sci", "wide", [12, 10, 10])
big("float64 2x3x200", "mixed", [2, 3, 200], "float64")
big("summarized with grad", "mixed", [40, 40], requires_grad=True)

# --- print options ------------------------------------------------------------------------
record("precision 2", make([1.12345, 2.5]), [{"precision": 2}])
record("precision 0", make([0.5, 1.5, 2.25, -0.5]), [{"precision": 0}])
record("precision 0 sci", make([1e-5, 2.5]), [{"precision": 0}])
record("precision 8 float64", make([1 / 3, 2.0], "float64"), [{"precision": 8}])
record("sci_mode True", make([0.1, 2.5]), [{"sci_mode": True}])
record("sci_mode True integers", make([1.0, 20.0]), [{"sci_mode": True}])
record("sci_mode True zeros only", make([0.0, nan]), [{"sci_mode": True}])
record("sci_mode False on tiny", make([1e-5, 1.0]), [{"sci_mode": False}])
record("sci_mode False on integers", make([1.0, 1e5]), [{"sci_mode": False}])
record("sci_mode False huge float64", make([1e30, 1.5], "float64"), [{"sci_mode": False}])
record("sci_mode reset by next call", make([0.1, 2.5]), [{"sci_mode": True}, {"precision": 2}])
record("threshold 5 edgeitems 2", torch.arange(10), [{"threshold": 5, "edgeitems": 2}])
record("edgeitems 1 matrix", torch.arange(36.0).reshape(6, 6), [{"threshold": 10, "edgeitems": 1}])
record("edgeitems 0 vector", torch.arange(10.0), [{"threshold": 5, "edgeitems": 0}])
record("linewidth 40 matrix", torch.arange(40.0).reshape(2, 20) / 7, [{"linewidth": 40}])
record("linewidth 10", make([1.5, 2.5, 3.5]), [{"linewidth": 10}])
record("profile short", make([1.12345, 2.5]), [{"profile": "short"}])
big("profile short summarized", "arange", [2000], options=[{"profile": "short"}])
big("profile full", "arange", [1200], options=[{"profile": "full"}])
big("profile full then threshold", "arange", [1200], options=[{"profile": "full", "threshold": 1000}])

# --- the PRINT_OPTS left behind by sequences of set_printoptions calls -----------------------
option_sequences = [
    [{"precision": 2}],
    [{"profile": "short"}],
    [{"profile": "full"}],
    [{"profile": "short", "precision": 6, "linewidth": 120}],
    [{"sci_mode": True}],
    [{"sci_mode": False}, {"edgeitems": 5}],
    [{"profile": "full"}, {"profile": "default"}],
    [{"precision": 7, "sci_mode": True}, {"profile": "default"}],
]
option_states = []
for calls in option_sequences:
    set_options(calls)
    state = {key: getattr(PRINT_OPTS, key) for key in ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")}
    state["threshold"] = encode(float(state["threshold"])) if state["threshold"] == inf else state["threshold"]
    option_states.append({"calls": calls, "state": state})
    reset_options()

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "format.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump(
        {"torch_version": torch.__version__, "formulas": sorted(FORMULAS), "cases": cases, "option_states": option_states},
        f,
        indent=1,
    )
    f.write("\n")
print(f"wrote {len(cases)} cases and {len(option_states)} option states to {os.path.relpath(out)}")
