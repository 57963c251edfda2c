# Reference values for test/distributions.test.ts: torch.distributions (PyTorch 1.13) log_prob / cdf / icdf / entropy /
# mean / variance / stddev / kl_divergence and the gradients of their sums w.r.t. the parameters.
# Run: /usr/bin/python3 scripts/gen_distributions_fixtures.py > test/fixtures/distributions.json
import json
import math
import torch
from torch.distributions import (Normal, Categorical, Bernoulli, Uniform, OneHotCategorical, Exponential, Laplace,
                                 MultivariateNormal, Independent, Gamma, Beta, Dirichlet, kl_divergence)

def L(t):
    return [None if isinstance(v, float) and math.isnan(v) else (str(v) if isinstance(v, float) and math.isinf(v) else v)
            for v in t.detach().double().flatten().tolist()]

def out(t):
    return {'shape': list(t.shape), 'values': L(t)}

def param_tensors(params):
    return {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}

def grads_of(total, ts):
    gs = torch.autograd.grad(total, list(ts.values()), allow_unused=True, retain_graph=True)
    return {k: (out(g) if g is not None else None) for k, g in zip(ts.keys(), gs)}

CTORS = {'Normal': Normal, 'Categorical': Categorical, 'Bernoulli': Bernoulli, 'Uniform': Uniform, 'OneHotCategorical': OneHotCategorical,
         'Gamma': Gamma, 'Beta': Beta, 'Dirichlet': Dirichlet, 'Exponential': Exponential, 'Laplace': Laplace, 'MultivariateNormal': MultivariateNormal,
         # Independent(Normal(loc, scale), 1): the test builds it the same way
         'Independent': lambda **kw: Independent(Normal(**kw), 1)}
COV = [[2.0, 0.3, -0.4], [0.3, 1.0, 0.2], [-0.4, 0.2, 1.5]]
TRIL = [[1.2, 0.0, 0.0], [0.3, 0.8, 0.0], [-0.5, 0.4, 1.1]]
PREC = [[1.5, -0.2, 0.1], [-0.2, 0.9, 0.3], [0.1, 0.3, 2.0]]

cases = [
    ('Normal', {'loc': [0.0, 1.5, -2.0], 'scale': [1.0, 0.5, 3.0]}, [0.3, 1.0, 4.0]),
    ('Normal', {'loc': [[0.2], [-0.7]], 'scale': [1.3, 0.4]}, [[0.1, 0.5], [-1.0, 2.0]]),
    ('Categorical', {'probs': [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]}, [2, 0]),
    ('Categorical', {'logits': [[1.0, -0.5, 2.0, 0.0], [0.3, 0.3, -1.2, 4.0]]}, [[3, 1], [0, 3]]),
    ('Categorical', {'probs': [0.0, 0.4, 0.6]}, [1, 2]),
    ('Bernoulli', {'probs': [0.1, 0.5, 0.9]}, [1.0, 0.0, 1.0]),
    ('Bernoulli', {'logits': [-2.0, 0.3, 4.0]}, [0.0, 1.0, 1.0]),
    ('Uniform', {'low': [0.0, -1.0], 'high': [2.0, 3.0]}, [0.5, 2.5]),
    ('OneHotCategorical', {'logits': [0.5, -1.0, 2.0]}, [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]),
    ('Exponential', {'rate': [0.5, 1.0, 3.0]}, [0.2, 1.5, 0.7]),
    ('Laplace', {'loc': [0.0, 1.0, -1.0], 'scale': [1.0, 0.5, 2.0]}, [0.5, 0.2, -3.0]),
    ('MultivariateNormal', {'loc': [0.5, -1.0, 0.0], 'covariance_matrix': COV}, [[0.0, 0.0, 0.0], [1.0, -2.0, 0.5]]),
    ('MultivariateNormal', {'loc': [[0.5, -1.0, 0.0], [1.0, 1.0, 1.0]], 'scale_tril': TRIL}, [0.3, 0.1, -0.2]),
    ('MultivariateNormal', {'loc': [0.5, -1.0, 0.0], 'precision_matrix': PREC}, [1.0, 0.0, -1.0]),
    ('Independent', {'loc': [[0.0, 1.0], [2.0, -1.0]], 'scale': [0.5, 2.0]}, [[0.1, 0.2], [1.5, -1.0]]),
    ('Gamma', {'concentration': [0.5, 1.0, 3.5], 'rate': [1.0, 2.0, 0.7]}, [0.3, 1.2, 4.0]),
    ('Beta', {'concentration1': [0.5, 2.0, 3.0], 'concentration0': [0.5, 1.0, 4.5]}, [0.2, 0.7, 0.45]),
    ('Dirichlet', {'concentration': [[0.5, 1.0, 2.0], [3.0, 3.0, 1.5]]}, [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]),
]

result = {'cases': [], 'kl': []}
for name, params, value in cases:
    ts = param_tensors(params)
    d = CTORS[name](**ts)
    v = torch.tensor(value)
    case = {'dist': name, 'params': params, 'value': value, 'batch_shape': list(d.batch_shape), 'event_shape': list(d.event_shape)}
    lp = d.log_prob(v)
    ent = d.entropy()
    case['log_prob'] = out(lp)
    case['entropy'] = out(ent)
    case['log_prob_grad'] = grads_of(lp.sum(), ts)
    case['entropy_grad'] = grads_of(ent.sum(), ts)
    case['mean'] = out(d.mean)
    case['variance'] = out(d.variance)
    case['stddev'] = out(d.stddev)
    if name in ('Normal', 'Uniform', 'Exponential', 'Laplace'):
        case['cdf'] = out(d.cdf(v))
        case['cdf_grad'] = grads_of(d.cdf(v).sum(), ts)
        q = torch.tensor([[0.1, 0.6, 0.95][i % 3] for i in range(v.numel())]).reshape(v.shape)
        case['icdf_at'] = L(q)
        case['icdf'] = out(d.icdf(q))
    if name in ('Categorical', 'Bernoulli'):
        case['probs'] = out(d.probs)
        case['logits'] = out(d.logits)
    case['repr'] = repr(CTORS[name](**{k: torch.tensor(v) for k, v in params.items()}))
    result['cases'].append(case)

kl_cases = [
    ('Normal', {'loc': [0.0, 1.0], 'scale': [1.0, 2.0]}, {'loc': [0.5, -1.0], 'scale': [0.7, 1.5]}),
    ('Categorical', {'probs': [[0.2, 0.3, 0.5], [0.0, 0.5, 0.5]]}, {'logits': [[0.1, -0.4, 1.0], [2.0, 0.0, -1.0]]}),
    ('Categorical', {'probs': [0.5, 0.5, 0.0]}, {'probs': [0.0, 0.5, 0.5]}),
    ('Bernoulli', {'probs': [0.2, 0.6, 0.0]}, {'logits': [0.5, -1.0, 1.0]}),
    ('Bernoulli', {'probs': [0.3, 1.0]}, {'probs': [0.0, 1.0]}),
    ('Uniform', {'low': [0.0, 0.0, -1.0], 'high': [1.0, 2.0, 1.0]}, {'low': [-1.0, 0.5, -2.0], 'high': [2.0, 3.0, 2.0]}),
    ('OneHotCategorical', {'probs': [0.2, 0.3, 0.5]}, {'probs': [0.4, 0.4, 0.2]}),
    ('Exponential', {'rate': [0.5, 2.0]}, {'rate': [1.5, 0.3]}),
    ('Laplace', {'loc': [0.0, 1.0], 'scale': [1.0, 0.5]}, {'loc': [0.5, -1.0], 'scale': [2.0, 0.7]}),
    ('MultivariateNormal', {'loc': [0.5, -1.0, 0.0], 'scale_tril': TRIL}, {'loc': [0.0, 0.0, 1.0], 'covariance_matrix': COV}),
    ('Independent', {'loc': [[0.0, 1.0], [2.0, -1.0]], 'scale': [0.5, 2.0]}, {'loc': [0.3, 0.3], 'scale': [[1.0, 1.5], [0.8, 0.9]]}),
    ('Gamma', {'concentration': [0.5, 2.0], 'rate': [1.0, 3.0]}, {'concentration': [1.5, 1.0], 'rate': [0.5, 2.0]}),
    ('Beta', {'concentration1': [0.5, 2.0], 'concentration0': [1.5, 3.0]}, {'concentration1': [1.0, 4.0], 'concentration0': [2.0, 0.5]}),
    ('Dirichlet', {'concentration': [[0.5, 1.0, 2.0], [3.0, 3.0, 1.5]]}, {'concentration': [1.0, 2.0, 0.7]}),
]
for name, pp, qp in kl_cases:
    pts = param_tensors(pp)
    qts = {('q_' + k): t for k, t in param_tensors(qp).items()}
    p = CTORS[name](**pts)
    q = CTORS[name](**{k[2:]: t for k, t in qts.items()})
    kl = kl_divergence(p, q)
    entry = {'dist': name, 'p': pp, 'q': qp, 'kl': out(kl)}
    finite = torch.isfinite(kl)
    if finite.all():
        entry['grad'] = grads_of(kl.sum(), {**pts, **qts})
    result['kl'].append(entry)

print(json.dumps(result, indent=1))
