// torch.nn.utils.parametrize, torch.nn.utils.parametrizations (orthogonal, spectral_norm) and the conv/linear-bn
// fusion, on each backend, against PyTorch 1.13 (test/fixtures/parametrize.json from
// scripts/gen_parametrize_fixtures.py): the tutorial's Symmetric / Skew / MatrixExponential parametrizations,
// right_inverse on assignment, chains, several originals, removal both ways, caching, and PyTorch's errors.
import { describe, it, expect, beforeEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../lib/index';
import { Tensor } from '../lib/index';
import { BACKENDS, expectClose, useBackend } from './helpers';

const { nn, matrix_exp } = torch;
const { parametrize: P, parametrizations } = nn.utils;

interface Values {
  shape: number[];
  values: number[];
}
type Params = Record<string, Values>;
const fx = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'parametrize.json'), 'utf8'));

/** float32 against PyTorch's float32: other summation orders in matmuls and sums. */
const TOL = { rtol: 1e-5, atol: 1e-6 };
/** Through a matrix exponential (Taylor series here, Pade in PyTorch), a solve or Householder products. */
const MAP_TOL = { rtol: 1e-4, atol: 2e-6 };

const fromValues = (v: Values) => torch.tensor(v.values).reshape(v.shape);
const values = (t: Tensor) => Array.from(t.contiguous().data as ArrayLike<number>);
const check = (t: Tensor | null | undefined, v: Values, tol: typeof TOL, what: string) => {
  expect(t, what).toBeInstanceOf(Tensor);
  expect(t!.shape, what).toEqual(v.shape);
  expectClose(values(t!), v.values, tol, what);
};

/** A module with PyTorch's recorded parameters and buffers. */
function load<M extends InstanceType<typeof nn.Module>>(m: M, params: Params): M {
  m.load_state_dict(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, fromValues(v)])));
  return m;
}

// the Parametrizations Tutorial's parametrizations, ported line for line
class Symmetric extends nn.Module {
  override forward(X: Tensor): Tensor {
    return X.triu().add(X.triu(1).transpose(-1, -2));
  }
  right_inverse(A: Tensor): Tensor {
    return A.triu();
  }
}
class Skew extends nn.Module {
  override forward(X: Tensor): Tensor {
    const A = X.triu(1);
    return A.sub(A.transpose(-1, -2));
  }
}
class MatrixExponential extends nn.Module {
  override forward(X: Tensor): Tensor {
    return torch.matrix_exp(X);
  }
}
class Scale extends nn.Module {
  override forward(X: Tensor): Tensor {
    return X.mul(2);
  }
  right_inverse(X: Tensor): Tensor {
    return X.div(2);
  }
}
class Halves extends nn.Module {
  override forward(a: Tensor, b: Tensor): Tensor {
    return a.add(b);
  }
  right_inverse(X: Tensor): Tensor[] {
    return [X.div(2), X.div(2)];
  }
}
/** Counts its calls: what caching saves. */
class Counted extends nn.Module {
  calls = 0;
  override forward(X: Tensor): Tensor {
    this.calls++;
    return X.mul(3);
  }
}

type Parametrized = ReturnType<typeof P.register_parametrization<InstanceType<typeof nn.Linear>>>;
const listOf = (m: unknown) => (m as Parametrized).parametrizations.weight;

describe.each(BACKENDS)('nn.utils.parametrize on %s', (backend) => {
  beforeEach(() => useBackend(backend));

  it("Symmetric on a Linear: PyTorch's original, weight, output, gradients, keys, names and repr", () => {
    const c = fx.symmetric;
    const m = load(new nn.Linear(4, 4), c.params);
    const weight = m.weight;
    const r = P.register_parametrization(m, 'weight', new Symmetric());
    expect(r).toBe(m);
    // the original is the parameter itself (an optimizer holding it keeps training it), holding right_inverse's value
    expect(r.parametrizations.weight.original).toBe(weight);
    check(r.parametrizations.weight.original, c.original, TOL, 'original');
    check(m.weight, c.weight, TOL, 'weight');
    expect(m.weight.allclose(m.weight.T)).toBe(true);
    const y = m(fromValues(c.x)) as Tensor;
    check(y, c.out, TOL, 'out');
    y.mul(fromValues(c.grad_out)).sum().backward();
    check(r.parametrizations.weight.original.grad, c.grad_original, TOL, 'grad original');
    check(m.bias!.grad, c.grad_bias, TOL, 'grad bias');
    expect(Object.keys(m.state_dict())).toEqual(c.keys);
    expect([...m.named_parameters()].map(([n]) => n)).toEqual(c.names);
    expect(String(m)).toBe(c.repr);
    expect(m.constructor.name).toBe('ParametrizedLinear');
    expect(m).toBeInstanceOf(nn.Linear);
    expect(P.type_before_parametrizations(m)).toBe(nn.Linear);
    expect(P.type_before_parametrizations(new nn.ReLU())).toBe(nn.ReLU);
    expect(P.is_parametrized(m)).toBe(true);
    expect(P.is_parametrized(m, 'weight')).toBe(true);
    expect(P.is_parametrized(m, 'bias')).toBe(false);
    expect(P.is_parametrized(new nn.Linear(2, 2))).toBe(false);
    expect(P.is_parametrized(5 as never)).toBe(false);
    // the computed weight is not a parameter and is not an own property that traversal would compute
    expect([...m.parameters()]).toEqual([m.bias, weight]);
    expect(Object.keys(m)).not.toContain('weight');
  });

  it('assigning to the parametrized weight stores its right_inverse in original', () => {
    const c = fx.symmetric;
    const m = load(new nn.Linear(4, 4), c.params);
    P.register_parametrization(m, 'weight', new Symmetric());
    const original = listOf(m).original;
    (m as { weight: Tensor }).weight = fromValues(c.A);
    expect(listOf(m).original).toBe(original);
    check(listOf(m).original, c.assigned_original, TOL, 'original');
    check(m.weight, c.assigned_weight, TOL, 'weight');
    expect(listOf(m).original.requires_grad).toBe(true);
  });

  it('chains Skew and MatrixExponential (the tutorial): weight, gradient and repr', () => {
    const c = fx.skew_exp;
    const m = load(new nn.Linear(3, 3), c.params);
    P.register_parametrization(m, 'weight', new Skew());
    P.register_parametrization(m, 'weight', new MatrixExponential());
    check(m.weight, c.weight, MAP_TOL, 'weight');
    // orthogonal: W^T W = I
    expectClose(values(m.weight.T.matmul(m.weight)), values(torch.eye(3)), { atol: 1e-6 }, 'W^T W');
    m.weight.mul(fromValues(c.grad_out)).sum().backward();
    check(listOf(m).original.grad, c.grad_original, MAP_TOL, 'grad original');
    expect(String(m)).toBe(c.repr);
  });

  it('assignment runs the right inverses of a chain, last to first', () => {
    const c = fx.symmetric_scale;
    const m = load(new nn.Linear(3, 3), c.params);
    P.register_parametrization(m, 'weight', new Symmetric());
    P.register_parametrization(m, 'weight', new Scale());
    check(listOf(m).original, c.original, TOL, 'original');
    check(m.weight, c.weight, TOL, 'weight');
    (m as { weight: Tensor }).weight = fromValues(c.A);
    check(listOf(m).original, c.assigned_original, TOL, 'assigned original');
    check(m.weight, c.assigned_weight, TOL, 'assigned weight');
    // as PyTorch's set_, an assignment may change the shape (PyTorch 1.13 checks only the dtype)
    const s = P.register_parametrization(new nn.Linear(3, 3), 'weight', new Scale());
    (s as { weight: Tensor }).weight = torch.ones(2, 2);
    expect(listOf(s).original.shape).toEqual([2, 2]);
    expect(values(listOf(s).original)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(values(s.weight)).toEqual([1, 1, 1, 1]);
  });

  it('a right_inverse returning several tensors registers original0, original1, ...', () => {
    const c = fx.halves;
    const m = load(new nn.Linear(3, 2), c.params);
    P.register_parametrization(m, 'weight', new Halves());
    expect(Object.keys(m.state_dict())).toEqual(c.keys);
    const list = listOf(m) as unknown as Record<string, Tensor>;
    check(list.original0, c.original0, TOL, 'original0');
    expect(list.original0).toBeInstanceOf(nn.Parameter);
    expect(listOf(m).is_tensor).toBe(false);
    expect(listOf(m).ntensors).toBe(2);
    m.weight.mul(fromValues(c.grad_out)).sum().backward();
    check(list.original0.grad, c.grad_original0, TOL, 'grad original0');
    check(list.original1.grad, c.grad_original0, TOL, 'grad original1');
    expect(() => P.remove_parametrizations(m, 'weight', false)).toThrow(
      new RangeError('Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.'),
    );
    P.remove_parametrizations(m, 'weight');
    expect(m.weight).toBeInstanceOf(nn.Parameter);
    check(m.weight, c.removed, TOL, 'removed');
  });

  it('remove_parametrizations keeps the parametrized value or the original, in the same Parameter', () => {
    const c = fx.symmetric;
    for (const leave of [true, false]) {
      const m = load(new nn.Linear(4, 4), c.params);
      const weight = m.weight;
      P.register_parametrization(m, 'weight', new Symmetric());
      expect(P.remove_parametrizations(m, 'weight', { leave_parametrized: leave })).toBe(m);
      expect(m.weight).toBe(weight);
      check(m.weight, leave ? c.removed_kept : c.removed_dropped, TOL, `leave_parametrized=${leave}`);
      expect(Object.keys(m.state_dict())).toEqual(c.removed_keys);
      expect(String(m)).toBe(c.removed_repr);
      expect(m.constructor).toBe(nn.Linear);
      expect(P.is_parametrized(m)).toBe(false);
      expect('parametrizations' in m).toBe(false);
    }
  });

  it('parametrizes a buffer as a buffer', () => {
    const bn = new nn.BatchNorm1d(2);
    P.register_parametrization(bn, 'running_mean', new Scale());
    expect(Object.keys(bn.state_dict())).toEqual(['weight', 'bias', 'running_var', 'num_batches_tracked', 'parametrizations.running_mean.original']);
    expect(String(bn)).toBe(
      'ParametrizedBatchNorm1d(\n  2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True\n  (parametrizations): ModuleDict(\n    (running_mean): ParametrizationList(\n      (0): Scale()\n    )\n  )\n)',
    );
    expect(values(bn.running_mean!)).toEqual([0, 0]);
    P.remove_parametrizations(bn, 'running_mean');
    expect(Object.keys(bn.state_dict())).toEqual(['weight', 'bias', 'running_var', 'num_batches_tracked', 'running_mean']);
  });

  it('cached() computes each parametrized tensor once inside the callback, and again after it', () => {
    const m = new nn.Linear(2, 2);
    const counted = new Counted();
    P.register_parametrization(m, 'weight', counted);
    const before = counted.calls;
    const [w1, w2] = P.cached(() => [m.weight, m.weight]);
    expect(w1).toBe(w2);
    expect(counted.calls).toBe(before + 1);
    // nested: the cache lives until the outermost block ends
    P.cached(() => {
      const a = m.weight;
      P.cached(() => expect(m.weight).toBe(a));
      expect(m.weight).toBe(a);
    });
    expect(m.weight).not.toBe(m.weight);
    expect(P.cached(() => 5)).toBe(5);
  });

  it('a parametrization module follows the host module training mode and the optimizer trains original', () => {
    const m = new nn.Linear(3, 3);
    m.eval();
    const sym = new Symmetric();
    P.register_parametrization(m, 'weight', sym);
    expect(sym.training).toBe(false);
    m.train();
    expect(sym.training).toBe(true);
    const opt = new torch.optim.SGD(m.parameters(), { lr: 0.1 });
    m(torch.ones(2, 3)).sum().backward();
    opt.step();
    expect(m.weight.allclose(m.weight.T)).toBe(true);
  });

  it('a parametrized module loads a state_dict, casts with double() and runs inside Sequential', () => {
    const a = P.register_parametrization(new nn.Linear(3, 3), 'weight', new Symmetric());
    const b = P.register_parametrization(new nn.Linear(3, 3), 'weight', new Symmetric());
    b.load_state_dict(a.state_dict());
    expect(values(b.weight)).toEqual(values(a.weight));
    const seq = new nn.Sequential(b, new nn.ReLU());
    const x = torch.randn(2, 3);
    expect(values(seq(x) as Tensor)).toEqual(values(torch.relu(x.matmul(b.weight.T).add(b.bias!))));
    b.double();
    expect(b.weight.dtype).toBe('float64');
    expect(listOf(b).original.dtype).toBe('float64');
  });

  it('transfer_parametrizations_and_params moves the parametrizations and originals', () => {
    const from = new nn.Linear(3, 3);
    P.register_parametrization(from, 'weight', new Symmetric());
    const to = new nn.Linear(3, 3);
    P.transfer_parametrizations_and_params(from, to);
    expect(listOf(to).original).toBe(listOf(from).original);
    expect(values(to.weight)).toEqual(values(from.weight));
  });

  it("refuses what PyTorch refuses, in PyTorch's words", () => {
    class Row extends nn.Module {
      override forward(X: Tensor): Tensor {
        return X.select(0, 0);
      }
    }
    class NoInverse extends nn.Module {
      override forward(X: Tensor): Tensor {
        return X.mul(2);
      }
    }
    expect(() => P.register_parametrization(new nn.Linear(3, 3), 'weight', new Row())).toThrow(
      new RangeError(
        'Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag is enabled.\nunparametrized shape: torch.Size([3, 3])\nparametrized shape: torch.Size([3])',
      ),
    );
    const m = P.register_parametrization(new nn.Linear(3, 3), 'weight', new Symmetric());
    expect(() => P.register_parametrization(m, 'weight', new Row())).toThrow(
      new RangeError(
        'Registering a parametrization may not change the shape of the tensor, unless the `unsafe` flag is enabled.\nmodule.weight.shape: torch.Size([3, 3])\nparametrization(module.weight).shape: torch.Size([3])',
      ),
    );
    expect(() => P.register_parametrization(m, 'foo', new Symmetric())).toThrow(
      new RangeError(`Module '${String(m)}' does not have a parameter, a buffer, or a parametrized element with name 'foo'`),
    );
    expect(() => P.remove_parametrizations(m, 'bias')).toThrow(new RangeError(`Module ${String(m)} does not have a parametrization on bias`));
    const n = P.register_parametrization(new nn.Linear(2, 2), 'weight', new NoInverse());
    expect(() => ((n as { weight: Tensor }).weight = torch.ones(2, 2))).toThrow(new Error('parametrization NoInverse does not implement right_inverse.'));
    // unsafe lets the shape change
    const u = P.register_parametrization(new nn.Linear(3, 3), 'weight', new Row(), { unsafe: true });
    expect(u.weight.shape).toEqual([3]);
    expect(() => P.register_parametrization(new nn.Linear(3, 3), 'weight', new Row(), true as never)).toThrow('register_parametrization() takes 3 positional arguments but 4 were given');
    expect(() => P.register_parametrization(new nn.Linear(3, 3), 'weight', 5 as never)).toThrow(TypeError);
    expect(() => P.register_parametrization(5 as never, 'weight', new Symmetric())).toThrow("register_parametrization(): argument 'module' must be Module, not int");
  });
});

describe.each(BACKENDS)('nn.utils.parametrizations on %s', (backend) => {
  beforeEach(() => useBackend(backend));

  for (const c of fx.orthogonal) {
    const [rows, cols] = c.params.weight.shape;
    it(`orthogonal ${c.map ?? 'default'} ${rows}x${cols}, use_trivialization=${c.use_trivialization}: PyTorch's weight`, () => {
      const m = load(new nn.Linear(cols, rows), c.params);
      parametrizations.orthogonal(m, { orthogonal_map: c.map, use_trivialization: c.use_trivialization });
      const W = m.weight;
      check(W, c.weight, MAP_TOL, 'weight');
      // orthonormal columns (rows when wide)
      const gram = rows >= cols ? W.T.matmul(W) : W.matmul(W.T);
      expectClose(values(gram), values(torch.eye(Math.min(rows, cols))), { atol: 2e-6 }, 'gram');
      if (c.original) check(listOf(m).original, c.original, MAP_TOL, 'original');
      if (c.grad_original) {
        W.mul(fromValues(c.grad_out)).sum().backward();
        const original = listOf(m).original;
        check(original.grad, c.grad_original, MAP_TOL, 'grad original');
        torch.no_grad(() => original.sub_(original.grad!.mul(0.1)));
        check(m.weight, c.stepped, MAP_TOL, 'after a step');
      }
      if (c.repr) {
        expect(String(m)).toBe(c.repr);
        expect(Object.keys(m.state_dict())).toEqual(c.keys);
      }
    });
  }

  for (const c of fx.orthogonal_batched) {
    it(`orthogonal ${c.map ?? 'default'} on a ${c.kind} weight (a batch of ${c.params.weight.shape.slice(-2).join('x')} matrices): PyTorch's weight`, () => {
      const m = load(c.kind === 'conv2d' ? new nn.Conv2d(3, 2, 2) : new nn.Conv1d(3, 2, 4), c.params);
      parametrizations.orthogonal(m, 'weight', c.map);
      check(m.weight, c.weight, MAP_TOL, 'weight');
      const W = m.weight;
      const wide = W.shape[W.dim() - 2] < W.shape[W.dim() - 1];
      const gram = wide ? W.matmul(W.mT) : W.mT.matmul(W);
      const k = gram.shape[gram.dim() - 1];
      expectClose(values(gram), values(torch.eye(k).expand(gram.shape)), { atol: 2e-6 }, 'gram');
    });
  }

  it('orthogonal: assigning an orthogonal matrix gives it back; refuses what PyTorch refuses', () => {
    const m = parametrizations.orthogonal(new nn.Linear(3, 3));
    const Q = torch.tensor([[0, 1, 0], [0, 0, 1], [1, 0, 0]]);
    (m as { weight: Tensor }).weight = Q;
    expectClose(values(m.weight), values(Q), { atol: 1e-6 }, 'assigned');
    expect(() => parametrizations.orthogonal(new nn.Linear(3, 3), { orthogonal_map: 'foo' as never })).toThrow(
      new RangeError('orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: foo'),
    );
    expect(() => parametrizations.orthogonal(new nn.Linear(3, 3), 'bias')).toThrow(new RangeError('Expected a matrix or batch of matrices. Got a tensor of 1 dimensions.'));
    const plain = new nn.ReLU();
    expect(() => parametrizations.orthogonal(plain)).toThrow(new RangeError("Module 'ReLU()' has no parameter or buffer with name 'weight'"));
    // the exponential and Cayley maps cannot be assigned to without the trivialization
    const e = parametrizations.orthogonal(new nn.Linear(3, 3), { use_trivialization: false });
    expect(() => ((e as { weight: Tensor }).weight = Q)).toThrow(
      'It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.',
    );
  });

  it("spectral_norm: with PyTorch's u and v, one training access gives its weight, u and v", () => {
    const c = fx.spectral_norm;
    const m = load(new nn.Linear(5, 3), c.params);
    parametrizations.spectral_norm(m);
    expect(Object.keys(m.state_dict())).toEqual(c.keys);
    const sn = listOf(m).at(0) as unknown as { _u: Tensor; _v: Tensor };
    // 15 power iterations at registration: u is close to the top left singular vector already
    expect(Math.abs(sn._u.dot(m.weight.detach().matmul(sn._v)).item() as number)).toBeGreaterThan(0);
    sn._u.copy_(fromValues(c.u0));
    sn._v.copy_(fromValues(c.v0));
    check(m.weight, c.weight, MAP_TOL, 'weight');
    check(sn._u, c.u, MAP_TOL, 'u');
    check(sn._v, c.v, MAP_TOL, 'v');
    // a 1-D tensor is just normalized
    const b = parametrizations.spectral_norm(new nn.Linear(3, 2), 'bias');
    expectClose([b.bias!.norm().item() as number], [1], { atol: 1e-6 }, 'normalized bias');
  });

  it("torch.matrix_exp: PyTorch's values and gradient for a batch of general matrices; its errors", () => {
    const c = fx.matrix_exp;
    const A = fromValues(c.A).requires_grad_();
    const E = matrix_exp(A);
    check(E, c.out, { rtol: 2e-5, atol: 1e-5 }, 'exp');
    E.mul(fromValues(c.grad_out)).sum().backward();
    check(A.grad, c.grad, { rtol: 1e-4, atol: 1e-4 }, 'grad');
    expect(() => matrix_exp(torch.ones(3))).toThrow(new RangeError('linalg.matrix_exp: The input tensor A must have at least 2 dimensions.'));
    expect(() => matrix_exp(torch.ones(2, 3))).toThrow(new RangeError('linalg.matrix_exp: A must be batches of square matrices, but they are 2 by 3 matrices'));
    expect(() => matrix_exp(torch.ones([2, 2], { dtype: 'int64' }))).toThrow(new TypeError('matrix_exp: Expected a floating point or complex tensor as input. Got Long'));
    expect(() => matrix_exp(null as never)).toThrow(new TypeError("matrix_exp(): argument 'input' (position 1) must be Tensor, not NoneType"));
    expect(matrix_exp(torch.zeros(0, 0)).shape).toEqual([0, 0]);
    // the same function as torch.linalg.matrix_exp and a Tensor method
    expect(torch.linalg.matrix_exp(A).tolist()).toEqual(E.tolist());
    expect(A.detach().matrix_exp().tolist()).toEqual(E.tolist());
  });

  it('matrix_exp of a skew-symmetric, a large and a batch of matrices', () => {
    const A = torch.tensor([[0, 2, -1], [-2, 0, 3], [1, -3, 0]], { dtype: 'float64' });
    const E = matrix_exp(A);
    expectClose(values(E.T.matmul(E)), values(torch.eye(3, { dtype: 'float64' })), { atol: 1e-12 }, 'exp(skew) orthogonal');
    // exp(diag(d)) = diag(exp(d)), with scaling and squaring for a large norm
    const D = matrix_exp(torch.diag(torch.tensor([5, -1, 0.5], { dtype: 'float64' })));
    expectClose(values(D), [Math.exp(5), 0, 0, 0, Math.exp(-1), 0, 0, 0, Math.exp(0.5)], { rtol: 1e-12, atol: 1e-15 }, 'exp(diag)');
    expect(matrix_exp(torch.zeros(2, 3, 3)).shape).toEqual([2, 3, 3]);
  });
});

describe.each(BACKENDS)('nn.utils fusion on %s', (backend) => {
  beforeEach(() => useBackend(backend));

  const make = (kind: string) => {
    switch (kind) {
      case 'conv2d':
        return [new nn.Conv2d(3, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4)] as const;
      case 'conv2d_nobias':
        return [new nn.Conv2d(2, 3, 2, { bias: false }), new nn.BatchNorm2d(3, { eps: 1e-3 })] as const;
      case 'conv_transpose2d':
        return [new nn.ConvTranspose2d(3, 2, 3, { stride: 2 }), new nn.BatchNorm2d(2)] as const;
      default:
        return [new nn.Linear(4, 3), new nn.BatchNorm1d(3)] as const;
    }
  };

  for (const c of fx.fusion) {
    it(`${c.kind}: the fused layer computes layer then bn, with PyTorch's weight and bias`, () => {
      const [layerNew, bnNew] = make(c.kind);
      const layer = load(layerNew, c.layer).eval();
      const bn = load(bnNew, c.bn).eval();
      const x = fromValues(c.x);
      const fused = c.kind === 'linear' ? nn.utils.fusion.fuse_linear_bn_eval(layer, bn) : nn.utils.fuse_conv_bn_eval(layer, bn, c.transpose);
      expect(fused).not.toBe(layer);
      expect(fused.constructor).toBe(layer.constructor);
      expect(String(fused)).toBe(String(layer).replace(', bias=False', ''));
      const f = fused as unknown as { weight: Tensor; bias: Tensor };
      expect(f.weight).toBeInstanceOf(nn.Parameter);
      expect(f.bias).toBeInstanceOf(nn.Parameter);
      expect(f.bias.requires_grad).toBe(true);
      check(f.weight, c.weight, TOL, 'weight');
      check(f.bias, c.bias, TOL, 'bias');
      check(fused(x) as Tensor, c.fused_out, TOL, 'fused output');
      check(bn(layer(x)) as Tensor, c.out, TOL, 'layer then bn');
      expectClose(values(fused(x) as Tensor), c.out.values, { rtol: 1e-5, atol: 1e-5 }, 'fused = layer then bn');
      // the original layer is untouched
      check((layer as unknown as { weight: Tensor }).weight, c.layer.weight, { ulp: 0 }, 'layer weight');
    });
  }

  it('fuse_conv_bn_weights as a function, and eval mode required', () => {
    const [w, b] = nn.utils.fuse_conv_bn_weights(torch.ones(2, 1, 1, 1), null, torch.tensor([1, 2]), torch.tensor([3, 0]), 1, null, null);
    expectClose(values(w), [0.5, 1], TOL, 'weight');
    expectClose(values(b), [-0.5, -2], TOL, 'bias');
    const conv = new nn.Conv2d(1, 2, 1);
    expect(() => nn.utils.fuse_conv_bn_eval(conv, new nn.BatchNorm2d(2))).toThrow(new Error('Fusion only for eval!'));
  });
});
