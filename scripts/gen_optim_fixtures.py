#!/usr/bin/python3
"""Reference trajectories of torch.optim optimizers and lr schedulers from PyTorch, and torch.nn.utils' gradient
clipping, for test/optim.test.ts.

Run: /usr/bin/python3 scripts/gen_optim_fixtures.py   (PyTorch 1.13; deterministic)
Model: weight [3, 4] and bias [4] on a fixed batch x [5, 3] with targets y [5, 4];
loss = mean((tanh(x @ weight + bias) - y) ** 2). Every case starts from the same parameters and records them
after each optimizer step (single-tensor path: foreach=False). Scheduler cases record each group's lr per epoch.
Clip cases record the gradients of that loss (at the initial parameters) after one clip_grad_norm_ /
clip_grad_value_ call, with the norm it returned; a case's `clip` is also applied before every step of a trajectory.
"""
import json

import torch

torch.manual_seed(0)
STEPS = 8
init = {'weight': torch.randn(3, 4), 'bias': torch.randn(4) * 0.1}
x = torch.randn(5, 3)
y = torch.rand(5, 4) * 2 - 1

OPTIMIZERS = {name: getattr(torch.optim, name) for name in ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'NAdam', 'RAdam']}
SCHEDULERS = {name: getattr(torch.optim.lr_scheduler, name) for name in [
    'StepLR', 'CosineAnnealingLR', 'ExponentialLR', 'MultiStepLR', 'LinearLR', 'ConstantLR', 'PolynomialLR',
    'CosineAnnealingWarmRestarts', 'OneCycleLR']}

# name, optimizer, options, param groups (None = one group of all params), scheduler (name, positional args) or None
CASES = [
    ('sgd', 'SGD', {'lr': 0.1}, None, None),
    ('sgd_momentum', 'SGD', {'lr': 0.1, 'momentum': 0.9}, None, None),
    ('sgd_nesterov', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True, 'weight_decay': 0.01}, None, None),
    ('sgd_dampening', 'SGD', {'lr': 0.1, 'momentum': 0.9, 'dampening': 0.5}, None, None),
    ('sgd_weight_decay', 'SGD', {'lr': 0.1, 'weight_decay': 0.1}, None, None),
    ('sgd_maximize', 'SGD', {'lr': 0.05, 'momentum': 0.5, 'maximize': True}, None, None),
    ('adam', 'Adam', {'lr': 0.01}, None, None),
    ('adam_amsgrad', 'Adam', {'lr': 0.01, 'betas': [0.8, 0.9], 'amsgrad': True}, None, None),
    ('adam_weight_decay', 'Adam', {'lr': 0.01, 'weight_decay': 0.1, 'eps': 1e-6}, None, None),
    ('adam_maximize', 'Adam', {'lr': 0.01, 'maximize': True}, None, None),
    ('adamw', 'AdamW', {'lr': 0.01}, None, None),
    ('adamw_amsgrad', 'AdamW', {'lr': 0.02, 'weight_decay': 0.1, 'amsgrad': True}, None, None),
    ('rmsprop', 'RMSprop', {'lr': 0.01}, None, None),
    ('rmsprop_centered', 'RMSprop', {'lr': 0.01, 'centered': True, 'weight_decay': 0.05}, None, None),
    ('rmsprop_momentum', 'RMSprop', {'lr': 0.01, 'alpha': 0.9, 'momentum': 0.9}, None, None),
    ('rmsprop_centered_momentum_maximize', 'RMSprop', {'lr': 0.005, 'centered': True, 'momentum': 0.5, 'maximize': True}, None, None),
    ('sgd_groups', 'SGD', {'lr': 0.1, 'momentum': 0.9}, [{'params': ['weight'], 'lr': 0.01}, {'params': ['bias']}], None),
    ('adam_groups', 'Adam', {'lr': 0.01}, [{'params': ['weight'], 'betas': [0.5, 0.6]}, {'params': ['bias'], 'lr': 0.05}], None),
    ('sgd_steplr', 'SGD', {'lr': 0.1, 'momentum': 0.9}, None, ('StepLR', [3, 0.5])),
    ('adam_cosine', 'Adam', {'lr': 0.05}, None, ('CosineAnnealingLR', [3, 0.001])),
    ('sgd_clip_grad_norm', 'SGD', {'lr': 0.5, 'momentum': 0.9}, None, None, ('clip_grad_norm_', {'max_norm': 0.05})),
    ('adagrad', 'Adagrad', {'lr': 0.1}, None, None),
    ('adagrad_decay', 'Adagrad', {'lr': 0.1, 'lr_decay': 0.1, 'weight_decay': 0.05, 'initial_accumulator_value': 0.2, 'maximize': True}, None, None),
    ('adadelta', 'Adadelta', {'lr': 1.0}, None, None),
    ('adadelta_rho', 'Adadelta', {'lr': 0.5, 'rho': 0.8, 'weight_decay': 0.1, 'eps': 1e-4}, None, None),
    ('adamax', 'Adamax', {'lr': 0.02}, None, None),
    ('adamax_weight_decay', 'Adamax', {'lr': 0.02, 'betas': [0.8, 0.9], 'weight_decay': 0.1, 'maximize': True}, None, None),
    ('nadam', 'NAdam', {'lr': 0.02}, None, None),
    ('nadam_decay', 'NAdam', {'lr': 0.02, 'momentum_decay': 0.05, 'weight_decay': 0.1}, None, None),
    ('radam', 'RAdam', {'lr': 0.02}, None, None),
    ('radam_betas', 'RAdam', {'lr': 0.02, 'betas': [0.9, 0.99], 'weight_decay': 0.1}, None, None),
]

# name, function, keyword arguments (the test passes them as an options object)
CLIP_CASES = [
    ('norm_2', 'clip_grad_norm_', {'max_norm': 0.1}),
    ('norm_2_no_clip', 'clip_grad_norm_', {'max_norm': 100.0}),
    ('norm_1', 'clip_grad_norm_', {'max_norm': 0.1, 'norm_type': 1.0}),
    ('norm_inf', 'clip_grad_norm_', {'max_norm': 0.05, 'norm_type': float('inf')}),
    ('norm_3', 'clip_grad_norm_', {'max_norm': 0.02, 'norm_type': 3.0}),
    ('value', 'clip_grad_value_', {'clip_value': 0.05}),
]

# scheduler-only cases: SGD with two groups (lr 0.1 and 0.05), lrs per epoch from construction on
SCHEDULER_CASES = [
    ('steplr', 'StepLR', [3], 12),
    ('steplr_gamma', 'StepLR', [2, 0.5], 12),
    ('cosine', 'CosineAnnealingLR', [4], 12),
    ('cosine_eta_min', 'CosineAnnealingLR', [5, 0.01], 24),
    ('exponential', 'ExponentialLR', [0.8], 10),
    ('multistep', 'MultiStepLR', [[5, 2, 5], 0.5], 8),
    ('linear_warmup', 'LinearLR', [0.25, 1.0, 4], 8),
    ('linear_decay', 'LinearLR', [1.0, 0.1, 3], 6),
    ('constant', 'ConstantLR', [0.5, 3], 6),
    ('polynomial', 'PolynomialLR', [4, 2.0], 6),
    ('warm_restarts', 'CosineAnnealingWarmRestarts', [3], 10),
    ('warm_restarts_mult', 'CosineAnnealingWarmRestarts', [2, 2, 0.001], 14),
    ('onecycle', 'OneCycleLR', [[0.5, 0.2], 10], 10),
    ('onecycle_linear_three_phase', 'OneCycleLR', [0.3, 12, None, None, 0.25, 'linear', True, 0.8, 0.9, 10., 100., True], 12),
]

# SequentialLR over schedulers built on the same optimizer: (name, [(scheduler, args)], milestones, epochs)
SEQUENTIAL_CASES = [
    ('warmup_then_exponential', [('LinearLR', [0.25, 1.0, 3]), ('ExponentialLR', [0.8])], [3], 8),
    ('constant_step_cosine', [('ConstantLR', [0.5, 2]), ('StepLR', [2, 0.5]), ('CosineAnnealingLR', [3])], [2, 5], 10),
]

# ReduceLROnPlateau: the same two groups, a metric per epoch, the lrs after each step(metric)
PLATEAU_CASES = [
    ('plateau_min', {'patience': 2, 'factor': 0.5}, [1, 0.9, 0.95, 0.92, 0.91, 0.5, 0.6, 0.6, 0.6, 0.6, 0.49995, 0.7]),
    ('plateau_max_abs_cooldown', {'mode': 'max', 'threshold_mode': 'abs', 'threshold': 0.05, 'patience': 1, 'cooldown': 2, 'factor': 0.1,
                                  'min_lr': [0.002, 0.0]}, [0.1, 0.12, 0.2, 0.21, 0.22, 0.23, 0.24, 0.25, 0.5, 0.5, 0.5, 0.5, 0.5]),
]


def values(t):
    return t.detach().flatten().tolist()


def loss_of(params):
    return ((torch.tanh(x @ params['weight'] + params['bias']) - y) ** 2).mean()


def clip(params, fn, kwargs):
    return getattr(torch.nn.utils, fn)(params.values(), **kwargs)


def run_clip(fn, kwargs):
    params = {name: t.clone().requires_grad_(True) for name, t in init.items()}
    loss_of(params).backward()
    result = clip(params, fn, kwargs)
    return {'norm': None if result is None else result.item(), 'grads': {name: values(p.grad) for name, p in params.items()}}


def run_case(optimizer, options, groups, scheduler, clipping=None):
    params = {name: t.clone().requires_grad_(True) for name, t in init.items()}
    if groups is None:
        param_spec = list(params.values())
    else:
        param_spec = [{**g, 'params': [params[n] for n in g['params']]} for g in groups]
    opt = OPTIMIZERS[optimizer](param_spec, **options, foreach=False)
    sched = SCHEDULERS[scheduler[0]](opt, *scheduler[1]) if scheduler else None
    trajectory = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss_of(params).backward()
        if clipping:
            clip(params, *clipping)
        opt.step()
        if sched:
            sched.step()
        trajectory.append({name: values(p) for name, p in params.items()})
    return trajectory


def run_plateau(options, metrics):
    a, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{'params': [a]}, {'params': [b], 'lr': 0.05}], lr=0.1)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **options)
    lrs = []
    for metric in metrics:
        opt.step()
        sched.step(metric)
        lrs.append([group['lr'] for group in opt.param_groups])
    return lrs


def run_scheduler(scheduler, args, epochs, milestones=None):
    """lrs (and the groups' momentum) from construction on; scheduler a name, or for SequentialLR a list of
    (name, args) built on the same optimizer."""
    a, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{'params': [a]}, {'params': [b], 'lr': 0.05}], lr=0.1)
    if milestones is None:
        sched = SCHEDULERS[scheduler](opt, *args)
    else:
        sched = torch.optim.lr_scheduler.SequentialLR(opt, [SCHEDULERS[n](opt, *a) for n, a in scheduler], milestones)
    lrs, momenta = [sched.get_last_lr()], [[g['momentum'] for g in opt.param_groups]]
    for _ in range(epochs):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
        momenta.append([g['momentum'] for g in opt.param_groups])
    return lrs, momenta


fixtures = {
    'note': 'generated by scripts/gen_optim_fixtures.py with torch ' + torch.__version__,
    'init': {name: {'shape': list(t.shape), 'values': values(t)} for name, t in init.items()},
    'x': {'shape': list(x.shape), 'values': values(x)},
    'y': {'shape': list(y.shape), 'values': values(y)},
    'cases': [
        {'name': name, 'optimizer': opt, 'options': options, 'groups': groups,
         'scheduler': {'name': sched[0], 'args': sched[1]} if sched else None,
         'clip': {'fn': clipping[0], 'kwargs': clipping[1]} if clipping else None,
         'trajectory': run_case(opt, options, groups, sched, clipping)}
        for name, opt, options, groups, sched, *rest in CASES for clipping in [rest[0] if rest else None]
    ],
    'clip': [
        {'name': name, 'fn': fn, 'kwargs': {k: ('inf' if v == float('inf') else v) for k, v in kwargs.items()}, **run_clip(fn, kwargs)}
        for name, fn, kwargs in CLIP_CASES
    ],
    'schedulers': [
        {'name': name, 'scheduler': sched, 'args': args, 'lrs': lrs, 'momenta': momenta}
        for name, sched, args, epochs in SCHEDULER_CASES for lrs, momenta in [run_scheduler(sched, args, epochs)]
    ],
    'sequential': [
        {'name': name, 'schedulers': [{'scheduler': n, 'args': a} for n, a in scheds], 'milestones': milestones, 'lrs': lrs}
        for name, scheds, milestones, epochs in SEQUENTIAL_CASES for lrs, _ in [run_scheduler(scheds, None, epochs, milestones)]
    ],
    'plateau': [
        {'name': name, 'options': options, 'metrics': metrics, 'lrs': run_plateau(options, metrics)}
        for name, options, metrics in PLATEAU_CASES
    ],
}

with open('test/fixtures/optim.json', 'w') as f:
    json.dump(fixtures, f, separators=(',', ':'))
    f.write('\n')
