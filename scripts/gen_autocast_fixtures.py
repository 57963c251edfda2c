"""Reference results for test/autocast.test.ts from PyTorch 1.13: CPU autocast (bfloat16). Result dtypes of ops
inside it, and a small MLP and a convolution run inside it with given weights: outputs, loss and the float32
parameters' gradients.

Regenerate: /usr/bin/python3 scripts/gen_autocast_fixtures.py  (writes test/fixtures/autocast.json)
"""
import json
import os
import warnings

import torch
import torch.nn.functional as F

from fixture_codec import hexbits

warnings.simplefilter('ignore')
HERE = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')


def enc(t):
    t = t.detach()
    return {'dtype': str(t.dtype).replace('torch.', ''), 'shape': list(t.shape), 'bits': hexbits(t.float())}


def ramp(*shape, scale=0.37, shift=0.0):
    n = 1
    for s in shape:
        n *= s
    return (torch.sin(torch.arange(n, dtype=torch.float32) * scale + shift)).reshape(shape)


x = ramp(4, 6)
w = ramp(5, 6, shift=1.0)
m = ramp(6, 3, shift=2.0)
img = ramp(1, 2, 5, 5, shift=3.0)
k = ramp(3, 2, 3, 3, shift=4.0)
xb = ramp(4, 3, shift=5.0).bfloat16()
t = torch.tensor([0, 1, 2, 0])
# the test makes the same call under the same name, inside autocast('cpu') unless the name says otherwise
DTYPE_CASES = {
    'linear': lambda: F.linear(x, w), 'matmul': lambda: x @ m, 'mm': lambda: torch.mm(x, m), 'bmm': lambda: torch.bmm(x[None], m[None]),
    'addmm': lambda: torch.addmm(torch.zeros(4, 3), x, m), 'baddbmm': lambda: torch.baddbmm(torch.zeros(1, 4, 3), x[None], m[None]),
    'addbmm': lambda: torch.addbmm(torch.zeros(4, 3), x[None], m[None]), 'conv2d': lambda: F.conv2d(img, k),
    'conv_transpose2d': lambda: F.conv_transpose2d(img, k.transpose(0, 1)), 'relu': lambda: F.relu(x), 'softmax': lambda: F.softmax(x, 1),
    'linear_relu': lambda: F.relu(F.linear(x, w)), 'linear_f64': lambda: F.linear(x.double(), w.double()), 'add': lambda: x + x,
    'cross_entropy_bf16': lambda: F.cross_entropy(xb, t), 'mse_bf16': lambda: F.mse_loss(xb, xb), 'nll_bf16': lambda: F.nll_loss(xb, t),
    'l1_bf16': lambda: F.l1_loss(xb, xb), 'smooth_l1_bf16': lambda: F.smooth_l1_loss(xb, xb), 'prod_bf16': lambda: xb.prod(),
    'bce_logits_bf16': lambda: F.binary_cross_entropy_with_logits(xb, xb.float().sigmoid()), 'kl_div_bf16': lambda: F.kl_div(xb, xb, reduction='batchmean'),
    'layer_norm_bf16': lambda: F.layer_norm(xb, (3,)), 'sum_bf16': lambda: xb.sum(), 'softmax_bf16': lambda: F.softmax(xb, 1),
    'cdist': lambda: torch.cdist(x, x), 'cat_mixed': lambda: torch.cat([x, F.linear(x, ramp(6, 6))]),
}
dtypes = {}
with torch.autocast(device_type='cpu'):
    for name, f in DTYPE_CASES.items():
        dtypes[name] = str(f().dtype).replace('torch.', '')
    with torch.autocast(device_type='cpu', enabled=False):
        dtypes['nested_disabled'] = str(F.linear(x, w).dtype).replace('torch.', '')
    dtypes['after_nested'] = str(F.linear(x, w).dtype).replace('torch.', '')
with torch.autocast(device_type='cuda'):
    dtypes['cuda_on_cpu'] = str(F.linear(x, w).dtype).replace('torch.', '')

# an MLP with given weights: outputs, loss and gradients
lin1, lin2 = torch.nn.Linear(6, 5), torch.nn.Linear(5, 3)
with torch.no_grad():
    lin1.weight.copy_(ramp(5, 6, shift=6.0)); lin1.bias.copy_(ramp(5, shift=7.0))
    lin2.weight.copy_(ramp(3, 5, shift=8.0)); lin2.bias.copy_(ramp(3, shift=9.0))
net = torch.nn.Sequential(lin1, torch.nn.ReLU(), lin2)
with torch.autocast(device_type='cpu'):
    out = net(x)
    loss = F.cross_entropy(out, t)
loss.backward()
mlp = {'out': enc(out), 'loss': enc(loss), 'grads': [enc(p.grad) for p in net.parameters()]}

conv = torch.nn.Conv2d(2, 3, 3)
with torch.no_grad():
    conv.weight.copy_(k); conv.bias.copy_(ramp(3, shift=10.0))
inp = img.clone().requires_grad_()
with torch.autocast(device_type='cpu'):
    y = conv(inp)
(y.float() * ramp(*y.shape, shift=11.0)).sum().backward()
conv_case = {'y': enc(y), 'weight_grad': enc(conv.weight.grad), 'bias_grad': enc(conv.bias.grad), 'input_grad': enc(inp.grad)}

with open(os.path.join(HERE, 'autocast.json'), 'w') as f:
    json.dump({'dtypes': dtypes, 'mlp': mlp, 'conv': conv_case}, f, indent=1)
    f.write('\n')
