#!/usr/bin/python3
"""Reference values for torch.nn.utils.prune's deterministic methods, for test/prune.test.ts.

Run: /usr/bin/python3 scripts/gen_prune_fixtures.py   (PyTorch 1.13; deterministic, seed 0)
Weights (and importance scores) are randn draws, recorded, so magnitudes and channel norms have no ties (PyTorch's
topk leaves the choice among ties unspecified). Per case: the parameter's values, the arguments, the resulting
mask (weight_mask) and pruned tensor (weight).
- l1: l1_unstructured on a Linear / Conv2d parameter, float and int amounts (0.5 * 5 rounds half to even),
  optional importance_scores.
- ln: ln_structured with n = 1, 2, inf, 'fro', dims 0, 1, -1, float and int amounts, optional importance_scores.
- custom: custom_from_mask with a bool mask.
- iterative: l1_unstructured, ln_structured (dim 0), l1_unstructured, ln_structured (dim 1), ln_structured (dim 0
  again: only the channels left count), custom_from_mask on one Conv2d weight (a PruningContainer): the mask after
  each step, then remove()'s weight (of a doubled weight_orig).
- global: a small LeNet (input 1x12x12): global_unstructured(L1Unstructured, amount=0.2) over every weight, then
  again with amount=25 (on top of the masks) and importance scores for conv2.weight, each step's masks, the
  output of a forward on a fixed input, and state_dict keys.
All tensors float32; values are Python floats (exact float32 values).
"""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.utils.prune as prune

torch.manual_seed(0)


def record(t):
    return {'shape': list(t.shape), 'values': t.detach().flatten().tolist()}


def norm_json(n):
    return 'inf' if n == float('inf') else n


def make(kind):
    return nn.Linear(5, 4) if kind == 'linear' else nn.Conv2d(3, 6, 2)


def fill(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape))
    return module


l1_cases = []
for kind, name, amount, scores in [('linear', 'weight', 0.3, False), ('linear', 'weight', 7, False), ('linear', 'bias', 0.5, False),
                                   ('linear', 'bias', 2, False), ('conv', 'weight', 0.45, False), ('conv', 'weight', 0, False),
                                   ('linear', 'weight', 20, False), ('linear', 'weight', 0.25, True), ('conv', 'bias', 1.0, False)]:
    m = fill(make(kind))
    params = {k: record(v) for k, v in m.named_parameters()}
    s = torch.randn(getattr(m, name).shape) if scores else None
    prune.l1_unstructured(m, name, amount=amount, importance_scores=s)
    l1_cases.append({'module': kind, 'params': params, 'name': name, 'amount': amount, 'amount_is_int': isinstance(amount, int),
                     'importance_scores': record(s) if scores else None,
                     'mask': record(getattr(m, name + '_mask')), 'pruned': record(getattr(m, name))})

ln_cases = []
for kind, amount, n, dim, scores in [('conv', 0.5, 1, 0, False), ('conv', 0.5, 2, 0, False), ('conv', 0.5, float('inf'), 0, False),
                                     ('conv', 2, 2, 1, False), ('conv', 1, 1, -1, False), ('linear', 0.34, 'fro', 0, False),
                                     ('linear', 0.5, 2, 0, False), ('linear', 3, float('inf'), 1, False), ('linear', 0.4, 1, -1, True),
                                     ('conv', 0, 2, 0, False), ('conv', 6, 2, 0, False), ('conv', 0.5, -float('inf'), 0, False)]:
    m = fill(make(kind))
    w = record(m.weight)
    s = torch.randn(m.weight.shape) if scores else None
    prune.ln_structured(m, 'weight', amount=amount, n=n, dim=dim, importance_scores=s)
    ln_cases.append({'module': kind, 'weight': w, 'amount': amount, 'amount_is_int': isinstance(amount, int),
                     'n': '-inf' if n == -float('inf') else norm_json(n), 'dim': dim,
                     'importance_scores': record(s) if scores else None,
                     'mask': record(m.weight_mask), 'pruned': record(m.weight)})

m = fill(make('linear'))
custom_w = record(m.weight)
custom_mask = torch.rand(m.weight.shape) > 0.5
prune.custom_from_mask(m, 'weight', mask=custom_mask)
custom = {'weight': custom_w, 'mask_in': custom_mask.flatten().tolist(), 'mask': record(m.weight_mask), 'pruned': record(m.weight)}

# iterative pruning of one parameter: the hook becomes a PruningContainer
m = fill(nn.Conv2d(3, 6, 2))
iter_w = record(m.weight)
iter_mask_in = torch.rand(m.weight.shape) > 0.2
steps = []
prune.l1_unstructured(m, 'weight', amount=0.3)
steps.append({'method': 'l1_unstructured', 'amount': 0.3, 'mask': record(m.weight_mask), 'pruned': record(m.weight)})
prune.ln_structured(m, 'weight', amount=0.5, n=2, dim=0)
steps.append({'method': 'ln_structured', 'amount': 0.5, 'n': 2, 'dim': 0, 'mask': record(m.weight_mask), 'pruned': record(m.weight)})
prune.l1_unstructured(m, 'weight', amount=5)
steps.append({'method': 'l1_unstructured', 'amount': 5, 'mask': record(m.weight_mask), 'pruned': record(m.weight)})
prune.ln_structured(m, 'weight', amount=1, n=1, dim=1)
steps.append({'method': 'ln_structured', 'amount': 1, 'n': 1, 'dim': 1, 'mask': record(m.weight_mask), 'pruned': record(m.weight)})
prune.ln_structured(m, 'weight', amount=0.5, n=float('inf'), dim=0)  # 2 of the 3 channels left (round(1.5))
steps.append({'method': 'ln_structured', 'amount': 0.5, 'n': 'inf', 'dim': 0, 'mask': record(m.weight_mask), 'pruned': record(m.weight)})
prune.custom_from_mask(m, 'weight', mask=iter_mask_in)
steps.append({'method': 'custom_from_mask', 'mask_in': iter_mask_in.flatten().tolist(), 'mask': record(m.weight_mask), 'pruned': record(m.weight)})
hook = [h for h in m._forward_pre_hooks.values()][0]
history = [type(h).__name__ for h in hook]
with torch.no_grad():
    m.weight_orig.mul_(2)  # remove() uses the current weight_orig
prune.remove(m, 'weight')
iterative = {'weight': iter_w, 'steps': steps, 'history': history, 'removed': record(m.weight),
             'params_after_remove': [k for k, _ in m.named_parameters()]}


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.conv2 = nn.Conv2d(4, 8, 3)
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(16, 12)
        self.fc3 = nn.Linear(12, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, int(x.nelement() / x.shape[0]))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


model = fill(LeNet())
state = {k: record(v) for k, v in model.state_dict().items()}
names = ['conv1', 'conv2', 'fc1', 'fc2', 'fc3']
params = [(getattr(model, n), 'weight') for n in names]
prune.global_unstructured(params, pruning_method=prune.L1Unstructured, amount=0.2)
masks1 = {n: record(getattr(model, n).weight_mask) for n in names}
x = torch.randn(2, 1, 12, 12)
out1 = model(x)
scores = torch.randn(model.conv2.weight.shape)
prune.global_unstructured(params, prune.L1Unstructured, importance_scores={(model.conv2, 'weight'): scores}, amount=25)
masks2 = {n: record(getattr(model, n).weight_mask) for n in names}
out2 = model(x)
glob = {'state': state, 'x': record(x), 'masks1': masks1, 'out1': record(out1), 'scores_conv2': record(scores),
        'masks2': masks2, 'out2': record(out2), 'state_dict_keys': list(model.state_dict().keys()),
        'buffers': [k for k, _ in model.named_buffers()]}

json.dump({'l1': l1_cases, 'ln': ln_cases, 'custom': custom, 'iterative': iterative, 'global': glob},
          open('test/fixtures/prune.json', 'w'))
print('wrote test/fixtures/prune.json')
