#!/usr/bin/python3
"""Reference trajectories of torch.optim's Rprop, ASGD and LBFGS, and of the MultiplicativeLR, CyclicLR and
ChainedScheduler lr schedulers, from PyTorch, for test/optim_extra.test.ts.

Run: /usr/bin/python3 scripts/gen_optim_extra_fixtures.py   (PyTorch 1.13; deterministic)
Rprop / ASGD: weight [3, 4] and bias [4] on a fixed batch x [5, 3] with targets y [5, 4];
loss = mean((tanh(x @ weight + bias) - y) ** 2) (float64: without the tanh), parameters and state
recorded after each step.
LBFGS: step(closure) on that model, on the Rosenbrock function (2-d, and a 5-d chain split over two
parameters) and on sum(sin(3 v) + 0.1 v^2), in float32 and float64; each step records the parameters, the loss step returned, how many times
the closure ran, and the state's func_evals, n_iter, t and history length.
Schedulers: SGD with two groups (lr 0.1 and 0.05), each group's lr and momentum from construction on. Lambdas
and scale functions are named here; the test defines the same functions under those names.
"""
import json

import torch

torch.manual_seed(0)
STEPS = 10
init = {'weight': torch.randn(3, 4), 'bias': torch.randn(4) * 0.1}
x = torch.randn(5, 3)
y = torch.rand(5, 4) * 2 - 1

FUNCTIONS = {
    'constant_0.9': lambda e: 0.9,
    'inverse_epoch': lambda e: 1 / (1 + 0.1 * e),
    'half_power': lambda n: 0.5 ** n,
}

# name, optimizer, options, param groups (None = one group of all params), dtype
CASES = [
    ('rprop', 'Rprop', {}, None, 'float32'),
    ('rprop_options', 'Rprop', {'lr': 0.05, 'etas': [0.3, 1.5], 'step_sizes': [1e-3, 0.08]}, None, 'float32'),
    ('rprop_maximize', 'Rprop', {'lr': 0.02, 'maximize': True, 'foreach': True}, None, 'float32'),
    ('rprop_groups', 'Rprop', {'lr': 0.02}, [{'params': ['weight'], 'lr': 0.005}, {'params': ['bias'], 'etas': [0.6, 1.1]}], 'float32'),
    ('rprop_float64', 'Rprop', {'lr': 0.05, 'etas': [0.3, 1.5]}, None, 'float64'),
    ('asgd', 'ASGD', {'lr': 0.1}, None, 'float32'),
    ('asgd_averaging', 'ASGD', {'lr': 0.1, 'lambd': 0.01, 'alpha': 0.5, 't0': 3, 'weight_decay': 0.1}, None, 'float32'),
    ('asgd_maximize', 'ASGD', {'lr': 0.05, 'lambd': 1e-3, 't0': 0, 'maximize': True}, None, 'float32'),
    ('asgd_groups', 'ASGD', {'lr': 0.1, 't0': 2}, [{'params': ['weight'], 'lr': 0.05, 'alpha': 1.0}, {'params': ['bias'], 'lambd': 0.1}], 'float32'),
    ('asgd_float64', 'ASGD', {'lr': 0.1, 'lambd': 0.01, 't0': 4, 'weight_decay': 0.05}, None, 'float64'),
]

# name, problem, dtype, options, steps
LBFGS_CASES = [
    ('model', 'model', 'float32', {'lr': 0.1, 'max_iter': 8}, 3),
    ('model_strong_wolfe', 'model', 'float32', {'max_iter': 10, 'history_size': 3, 'line_search_fn': 'strong_wolfe'}, 3),
    ('rosenbrock', 'rosenbrock', 'float64', {'lr': 0.1, 'max_iter': 10}, 3),
    ('rosenbrock_strong_wolfe', 'rosenbrock', 'float64', {'line_search_fn': 'strong_wolfe'}, 3),
    ('rosenbrock_strong_wolfe_float32', 'rosenbrock', 'float32', {'max_iter': 5, 'line_search_fn': 'strong_wolfe'}, 3),
    ('rosenbrock5_strong_wolfe', 'rosenbrock5', 'float64', {'max_iter': 15, 'history_size': 4, 'line_search_fn': 'strong_wolfe'}, 4),
    ('rosenbrock5_max_eval', 'rosenbrock5', 'float64', {'max_iter': 10, 'max_eval': 6, 'line_search_fn': 'strong_wolfe'}, 3),
    ('rosenbrock5_float32', 'rosenbrock5', 'float32', {'lr': 0.05, 'max_iter': 6, 'history_size': 2}, 3),
    # line searches from far too long (zoom) and far too short (extrapolation) initial steps
    ('rosenbrock5_strong_wolfe_long', 'rosenbrock5', 'float64', {'lr': 30, 'max_iter': 12, 'line_search_fn': 'strong_wolfe'}, 3),
    ('rosenbrock_strong_wolfe_short', 'rosenbrock', 'float64', {'lr': 1e-3, 'max_iter': 12, 'line_search_fn': 'strong_wolfe'}, 3),
    ('model_strong_wolfe_long', 'model', 'float64', {'lr': 50, 'max_iter': 6, 'line_search_fn': 'strong_wolfe'}, 2),
    # a wavy function whose zoom lands next to the bracket's ends (the insufficient-progress moves)
    ('wavy_strong_wolfe', 'wavy', 'float64', {'lr': 100, 'max_iter': 12, 'line_search_fn': 'strong_wolfe'}, 3),
]

# name, scheduler, positional args, keyword args, epochs (function names resolved through FUNCTIONS)
SCHEDULER_CASES = [
    ('multiplicative', 'MultiplicativeLR', ['constant_0.9'], {}, 8),
    ('multiplicative_per_group', 'MultiplicativeLR', [['constant_0.9', 'inverse_epoch']], {}, 8),
    ('cyclic_triangular', 'CyclicLR', [[0.01, 0.005], [0.1, 0.05]], {'step_size_up': 3}, 14),
    ('cyclic_triangular2', 'CyclicLR', [0.01, 0.1], {'step_size_up': 2, 'step_size_down': 4, 'mode': 'triangular2'}, 20),
    ('cyclic_exp_range', 'CyclicLR', [0.01, 0.1], {'step_size_up': 3, 'mode': 'exp_range', 'gamma': 0.9,
                                                     'base_momentum': [0.5, 0.6], 'max_momentum': 0.95}, 14),
    ('cyclic_scale_fn_iterations', 'CyclicLR', [0.01, [0.1, 0.2]], {'step_size_up': 2, 'scale_fn': 'inverse_epoch',
                                                                    'scale_mode': 'iterations', 'cycle_momentum': False}, 10),
    ('cyclic_scale_fn_cycle', 'CyclicLR', [0.02, 0.08], {'step_size_up': 1, 'step_size_down': 2, 'mode': 'ignored',
                                                         'scale_fn': 'half_power'}, 10),
]

# ChainedScheduler over schedulers built on the same optimizer: (name, [(scheduler, args, kwargs)], epochs)
CHAINED_CASES = [
    ('constant_exponential', [('ConstantLR', [], {'factor': 0.1, 'total_iters': 2}), ('ExponentialLR', [], {'gamma': 0.9})], 8),
    ('cyclic_step_multiplicative', [('CyclicLR', [0.01, 0.1], {'step_size_up': 2}), ('StepLR', [2, 0.5], {}),
                                    ('MultiplicativeLR', ['inverse_epoch'], {})], 8),
]


def values(t):
    return t.detach().flatten().tolist()


def resolve(v):
    if isinstance(v, str) and v in FUNCTIONS:
        return FUNCTIONS[v]
    if isinstance(v, list) and all(isinstance(e, str) and e in FUNCTIONS for e in v):
        return [FUNCTIONS[e] for e in v]
    return v


def model_loss(params):
    dtype = params['weight'].dtype
    z = x.to(dtype) @ params['weight'] + params['bias']
    # float64 runs leave out tanh (torchlet's float64 tanh backward rounds to float32)
    return (((torch.tanh(z) if dtype == torch.float32 else z) - y.to(dtype)) ** 2).mean()


def run_case(optimizer, options, groups, dtype):
    params = {name: t.to(getattr(torch, dtype)).clone().requires_grad_(True) for name, t in init.items()}
    param_spec = list(params.values()) if groups is None else [{**g, 'params': [params[n] for n in g['params']]} for g in groups]
    opt = getattr(torch.optim, optimizer)(param_spec, **options)
    trajectory = []
    for _ in range(STEPS):
        opt.zero_grad()
        model_loss(params).backward()
        opt.step()
        entry = {'params': {name: values(p) for name, p in params.items()}}
        if optimizer == 'ASGD':
            entry['state'] = {name: {'step': opt.state[p]['step'].item(), 'eta': opt.state[p]['eta'].item(),
                                     'mu': opt.state[p]['mu'].item(), 'ax': values(opt.state[p]['ax'])} for name, p in params.items()}
        else:
            entry['state'] = {name: {'step': opt.state[p]['step'], 'prev': values(opt.state[p]['prev']),
                                     'step_size': values(opt.state[p]['step_size'])} for name, p in params.items()}
        trajectory.append(entry)
    return trajectory


def lbfgs_problem(problem, dtype):
    """(params by name, loss function of them)"""
    dt = getattr(torch, dtype)
    if problem == 'model':
        params = {name: t.to(dt).clone().requires_grad_(True) for name, t in init.items()}
        return params, lambda: model_loss(params)
    if problem == 'rosenbrock':
        params = {'xy': torch.tensor([-1.5, 2.0], dtype=dt, requires_grad=True)}
        return params, lambda: (1 - params['xy'][0]) ** 2 + 100 * (params['xy'][1] - params['xy'][0] ** 2) ** 2
    if problem == 'wavy':
        params = {'xy': torch.tensor([-1.5, 2.0], dtype=dt, requires_grad=True)}
        return params, lambda: (torch.sin(3 * params['xy']) + 0.1 * params['xy'] ** 2).sum()
    # a 5-d Rosenbrock chain over a [3] and b [2]
    params = {'a': torch.tensor([-1.2, 1.0, -0.5], dtype=dt, requires_grad=True), 'b': torch.tensor([0.8, 1.5], dtype=dt, requires_grad=True)}

    def loss():
        v = torch.cat([params['a'], params['b']])
        return ((1 - v[:-1]) ** 2 + 100 * (v[1:] - v[:-1] ** 2) ** 2).sum()
    return params, loss


def run_lbfgs(problem, dtype, options, steps):
    params, loss_fn = lbfgs_problem(problem, dtype)
    opt = torch.optim.LBFGS(params.values(), **options)
    calls = [0]

    def closure():
        calls[0] += 1
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        return loss
    initial = {name: values(p) for name, p in params.items()}
    trajectory = []
    for _ in range(steps):
        loss = opt.step(closure)
        state = opt.state[next(iter(params.values()))]
        trajectory.append({'params': {name: values(p) for name, p in params.items()}, 'loss': loss.item(), 'closure_calls': calls[0],
                           'func_evals': state['func_evals'], 'n_iter': state['n_iter'], 't': float(state['t']),
                           'history': len(state['old_dirs'])})
    return initial, trajectory


def run_scheduler(make, epochs):
    """lrs and each group's momentum from construction on, for the scheduler make(optimizer) returns."""
    a, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{'params': [a]}, {'params': [b], 'lr': 0.05}], lr=0.1)
    sched = make(opt)
    lrs, momenta = [sched.get_last_lr()], [[g['momentum'] for g in opt.param_groups]]
    for _ in range(epochs):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
        momenta.append([g['momentum'] for g in opt.param_groups])
    return lrs, momenta


def build(opt, name, args, kwargs):
    return getattr(torch.optim.lr_scheduler, name)(opt, *[resolve(a) for a in args], **{k: resolve(v) for k, v in kwargs.items()})


def chained(parts):
    return lambda opt: torch.optim.lr_scheduler.ChainedScheduler([build(opt, n, a, k) for n, a, k in parts])


fixtures = {
    'note': 'generated by scripts/gen_optim_extra_fixtures.py with torch ' + torch.__version__,
    'init': {name: {'shape': list(t.shape), 'values': values(t)} for name, t in init.items()},
    'x': {'shape': list(x.shape), 'values': values(x)},
    'y': {'shape': list(y.shape), 'values': values(y)},
    'cases': [
        {'name': name, 'optimizer': opt, 'options': options, 'groups': groups, 'dtype': dtype, 'trajectory': run_case(opt, options, groups, dtype)}
        for name, opt, options, groups, dtype in CASES
    ],
    'lbfgs': [
        {'name': name, 'problem': problem, 'dtype': dtype, 'options': options, 'initial': initial, 'trajectory': trajectory}
        for name, problem, dtype, options, steps in LBFGS_CASES for initial, trajectory in [run_lbfgs(problem, dtype, options, steps)]
    ],
    'schedulers': [
        {'name': name, 'scheduler': sched, 'args': args, 'kwargs': kwargs, 'lrs': lrs, 'momenta': momenta}
        for name, sched, args, kwargs, epochs in SCHEDULER_CASES
        for lrs, momenta in [run_scheduler(lambda opt: build(opt, sched, args, kwargs), epochs)]
    ],
    'chained': [
        {'name': name, 'schedulers': [{'scheduler': n, 'args': a, 'kwargs': k} for n, a, k in parts], 'lrs': lrs, 'momenta': momenta}
        for name, parts, epochs in CHAINED_CASES for lrs, momenta in [run_scheduler(chained(parts), epochs)]
    ],
}

with open('test/fixtures/optim_extra.json', 'w') as f:
    json.dump(fixtures, f, separators=(',', ':'))
    f.write('\n')
