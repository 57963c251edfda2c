"""PyTorch peer: /usr/bin/python3 peers/pytorch.py '<config json>' '<workloads json>'.
Same workloads as the JS peers, timed in Python: warmup, then samples until the time budget (at least 3, 5 with --full);
median and spread of per-call latency. Prints one JSON object on stdout."""
import json, statistics, sys, time
import torch
import torch.nn.functional as F

cfg = json.loads(sys.argv[1])
work = json.loads(sys.argv[2])
if cfg.get("threads"):
    torch.set_num_threads(cfg["threads"])
torch.manual_seed(0)
budget = 0.6 if cfg.get("full") else 0.2
min_samples = 5 if cfg.get("full") else 3
warm = 0.1 if cfg.get("full") else 0.04


def timeit(fn, calls=1, warmup_ms=0):
    t_end = time.perf_counter() + max(warm, warmup_ms / 1e3)  # a workload's warmup_ms (workloads.js) lengthens it
    n = 0
    while n < (2 if cfg.get("full") else 1) or time.perf_counter() < t_end:
        fn(); n += 1
    samples = []
    t_end = time.perf_counter() + budget
    while len(samples) < min_samples or time.perf_counter() < t_end:
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3 / calls)
    samples.sort()
    med = statistics.median(samples)
    return {"median_ms": med, "min_ms": samples[0], "p75_ms": samples[(3 * len(samples)) // 4],
            "mad_ms": statistics.median([abs(s - med) for s in samples]), "samples": len(samples)}


results = {}
for w in work:
    try:
        calls = 1
        k = w["kind"]
        if k == "unary_turn":
            results[w["id"]] = {"skipped": "torchlet-only row: how its GC-driven pool behaves in async code"}
            continue
        if k in ("unary", "overhead"):
            x = torch.randn(int(w["n"]))
            op = "relu" if k == "overhead" else w["op"]
            f1 = {"relu": lambda: torch.relu(x), "relu6": lambda: F.relu6(x), "leaky_relu": lambda: F.leaky_relu(x, 0.01),
                  "sigmoid": lambda: torch.sigmoid(x), "tanh": lambda: torch.tanh(x)}[op]
            if k == "overhead":
                calls = w["calls"]
                def fn(f1=f1, calls=calls):
                    for _ in range(calls):
                        f1()
            else:
                fn = f1
        elif k == "unary_reuse":
            x, y = torch.randn(int(w["n"])), torch.empty(int(w["n"]))
            fn = {"relu": lambda: torch.relu_(x), "relu6": lambda: F.relu6(x, inplace=True),
                  "leaky_relu": lambda: F.leaky_relu(x, 0.01, inplace=True),
                  "sigmoid": lambda: torch.sigmoid(x, out=y), "tanh": lambda: torch.tanh(x, out=y)}[w["op"]]
        elif k == "softmax":
            x = torch.randn(w["rows"], w["cols"])
            fn = lambda x=x: torch.softmax(x, -1)
        elif k == "matmul":
            a, b = torch.randn(w["n"], w["n"]), torch.randn(w["n"], w["n"])
            fn = lambda a=a, b=b: torch.matmul(a, b)
        elif k == "matmul_reuse":
            a, b, out = torch.randn(w["n"], w["n"]), torch.randn(w["n"], w["n"]), torch.empty(w["n"], w["n"])
            fn = lambda a=a, b=b, out=out: torch.matmul(a, b, out=out)
        elif k == "linear":
            layer = torch.nn.Linear(784, 256)
            x = torch.randn(w["batch"], 784, requires_grad=True)
            gy = torch.randn(w["batch"], 256)
            def fn(layer=layer, x=x, gy=gy):
                layer.zero_grad(); x.grad = None
                layer(x).backward(gy)
        elif k == "mlp":
            model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
            x = torch.randn(w["batch"], 784)
            y = torch.randint(0, 10, (w["batch"],))
            def fn(model=model, opt=opt, x=x, y=y):
                opt.zero_grad()
                F.cross_entropy(model(x), y).backward()
                opt.step()
        results[w["id"]] = timeit(fn, calls, w.get("warmup_ms", 0))
    except Exception as e:  # reported, never dropped
        results[w["id"]] = {"error": repr(e)}

print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(), "results": results}))
