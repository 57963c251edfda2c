#!/usr/bin/python3
"""Reference values of torch.optim.swa_utils (AveragedModel, SWALR, update_bn) from PyTorch, for
test/swa_utils.test.ts.

Run: /usr/bin/python3 scripts/gen_swa_fixtures.py   (PyTorch 1.13; deterministic)
Model: Sequential(Linear(3, 4), BatchNorm1d(4), ReLU(), Linear(4, 2)) in float64. `states` is a sequence of that
model's state_dicts (random walks from a seeded start, batch norm buffers moved by forward passes in training mode);
each averaging case feeds them in order to update_parameters and records the averaged model's state_dict and its
output on x (eval mode) after every update.
SWALR: SGD with two groups (lr 0.1 and 0.05), each group's lr from construction on for 14 steps.
update_bn: the averaged weights of the last case, batches of 5 rows (tensors and [input, target] pairs), the
running stats, num_batches_tracked, momenta and training flag after it.
training: the documented SWA loop (SGD, CosineAnnealingLR then SWALR, update_parameters, update_bn).
"""
import json

import torch
from torch import nn
from torch.optim.swa_utils import AveragedModel, SWALR, update_bn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def dump(t):
    return {'shape': list(t.shape), 'values': t.detach().reshape(-1).tolist(), 'dtype': str(t.dtype).replace('torch.', '')}


def state(m):
    return {k: dump(v) for k, v in m.state_dict().items()}


def make():
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))


model = make()
x = torch.randn(6, 3)
states = []
for i in range(5):
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    model.train()
    model(torch.randn(8, 3) * (1 + i) + i)  # moves the batch norm's running stats
    states.append({k: v.clone() for k, v in model.state_dict().items()})


def ema(averaged, param, n):
    return 0.25 * averaged + 0.75 * param


AVG_CASES = [('equal', None, False), ('equal_buffers', None, True), ('ema_buffers', ema, True), ('ema', ema, False)]
averaging = []
for name, fn, use_buffers in AVG_CASES:
    model = make()
    model.load_state_dict(states[0])
    swa = AveragedModel(model, avg_fn=fn, use_buffers=use_buffers)
    steps = []
    for s in states:
        model.load_state_dict(s)
        swa.update_parameters(model)
        swa.eval()
        steps.append({'state': state(swa), 'output': dump(swa(x))})
    averaging.append({'name': name, 'avg_fn': None if fn is None else 'ema', 'use_buffers': use_buffers, 'steps': steps})

SWALR_CASES = [
    ('cos', [0.01], {}),
    ('linear', [], {'swa_lr': 0.02, 'anneal_epochs': 4, 'anneal_strategy': 'linear'}),
    ('cos_per_group', [[0.02, 0.005]], {'anneal_epochs': 5}),
    ('no_anneal', [0.03], {'anneal_epochs': 0}),
    ('linear_one', [0.2, 1, 'linear'], {}),
]
swalr = []
for name, args, kwargs in SWALR_CASES:
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([{'params': [w]}, {'params': [b], 'lr': 0.05}], lr=0.1)
    sched = SWALR(opt, *args, **kwargs)
    lrs = [[g['lr'] for g in opt.param_groups]]
    for _ in range(14):
        opt.step()
        sched.step()
        lrs.append([g['lr'] for g in opt.param_groups])
    swalr.append({'name': name, 'args': args, 'kwargs': kwargs, 'lrs': lrs, 'swa_lrs': [g['swa_lr'] for g in opt.param_groups]})

model = make()
model.load_state_dict(states[-1])
swa = AveragedModel(model)
for s in states:
    model.load_state_dict(s)
    swa.update_parameters(model)
swa.eval()
data = torch.randn(15, 3) * 2 + 1
targets = torch.randn(15, 2)
batches = [data[0:5], [data[5:10], targets[5:10]], (data[10:15], targets[10:15])]
before = state(swa)
update_bn(batches, swa)
bn = swa.module[1]
update = {
    'data': dump(data),
    'before': before,
    'after': state(swa),
    'momentum': bn.momentum,
    'training': swa.training,
    'output': dump(swa(x)),
}

# The documented loop: SGD (momentum) with CosineAnnealingLR, then from swa_start SWALR and update_parameters
# each epoch, update_bn at the end. Full-batch epochs over 3 fixed batches, float64.
model = make()
model.load_state_dict(states[0])
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=8)
swa = AveragedModel(model)
swa_sched = SWALR(opt, swa_lr=0.02, anneal_epochs=3, anneal_strategy='linear')
train_x = torch.randn(3, 4, 3)
train_y = torch.randn(3, 4, 2)
lrs = []
for epoch in range(10):
    for xb, yb in zip(train_x, train_y):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(xb), yb).backward()
        opt.step()
    if epoch >= 5:
        swa.update_parameters(model)
        swa_sched.step()
    else:
        cosine.step()
    lrs.append(opt.param_groups[0]['lr'])
update_bn([(xb, yb) for xb, yb in zip(train_x, train_y)], swa)
training = {'x': dump(train_x), 'y': dump(train_y), 'lrs': lrs, 'model': state(model), 'swa': state(swa)}

json.dump({'training': training, 'x': dump(x), 'states': [{k: dump(v) for k, v in s.items()} for s in states], 'averaging': averaging,
           'swalr': swalr, 'update_bn': update},
          open('test/fixtures/swa_utils.json', 'w'))
print('wrote test/fixtures/swa_utils.json')
