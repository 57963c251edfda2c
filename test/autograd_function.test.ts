// torch.autograd.Function (custom ops with a hand-written backward) and torch.autograd.functional (vjp, jvp,
// jacobian) against PyTorch 1.13: test/fixtures/autograd_function.json, from scripts/gen_autograd_function_fixtures.py.
// The Function classes mirror the script's. Tolerances: float32 1 ULP (same elementwise ops); float64 rtol 1e-12
// (summation order; the Legendre training loop compounds five steps, rtol 1e-10; its gradient of a is 0 up to
// rounding, atol 1e-12).
import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as torch from '../lib/index';
import { BACKENDS, useBackend, expectClose } from './helpers';

type T = torch.Tensor;
type Ctx = InstanceType<typeof torch.autograd.function.FunctionCtx>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'autograd_function.json'), 'utf8'));
const f64 = { dtype: 'float64' } as const;
const flat = (t: T) => t.reshape(-1).tolist() as number[];
const close = (t: T, expected: unknown, what: string, tol = { rtol: 1e-12, atol: 1e-14 }) => {
  expect(t.shape).toEqual(torch.tensor(expected as number[]).shape);
  expectClose(flat(t), [expected].flat(5) as number[], tol, what);
};

let gradEnabledInForward: boolean | null = null;

class MyReLU extends torch.autograd.Function {
  static override forward(ctx: Ctx, input: T): T {
    gradEnabledInForward = torch.is_grad_enabled();
    ctx.save_for_backward(input);
    return input.clamp({ min: 0 });
  }
  static override backward(ctx: Ctx, grad_output: T): T {
    const [input] = ctx.saved_tensors as T[];
    return grad_output.masked_fill(input.lt(0), 0);
  }
}

class LegendrePolynomial3 extends torch.autograd.Function {
  static override forward(ctx: Ctx, input: T): T {
    ctx.save_for_backward(input);
    return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5);
  }
  static override backward(ctx: Ctx, grad_output: T): T {
    const [input] = ctx.saved_tensors as T[];
    return grad_output.mul(1.5).mul(input.pow(2).mul(5).sub(1));
  }
}

let needs: readonly boolean[] = [];
class MulAdd extends torch.autograd.Function {
  static override forward(ctx: Ctx, x: T, y: T, k: number): T[] {
    needs = ctx.needs_input_grad;
    ctx.save_for_backward(x, y);
    ctx.k = k;
    return [x.mul(y).mul(k), x.add(y)];
  }
  static override backward(ctx: Ctx, g_prod: T, g_sum: T): (T | null)[] {
    const [x, y] = ctx.saved_tensors as T[];
    return [g_prod.mul(y).mul(ctx.k).add(g_sum), g_prod.mul(x).mul(ctx.k).add(g_sum), null];
  }
}

let indicesGrad: T | null = null;
class SortValues extends torch.autograd.Function {
  static override forward(ctx: Ctx, x: T): T[] {
    const [values, indices] = x.sort();
    ctx.mark_non_differentiable(indices);
    ctx.save_for_backward(indices);
    return [values, indices];
  }
  static override backward(ctx: Ctx, g_values: T, g_indices: T): T {
    indicesGrad = g_indices;
    const [indices] = ctx.saved_tensors as T[];
    return torch.zeros_like(g_values).scatter(0, indices, g_values);
  }
}

/** A Function whose backward returns `result(grad)`, for the error cases. */
function returning(name: string, result: (g: T) => unknown) {
  const cls = class extends torch.autograd.Function {
    static override forward(_ctx: Ctx, x: T): T {
      return x.mul(2);
    }
    static override backward(_ctx: Ctx, g: T): unknown {
      return result(g);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

describe.each(BACKENDS)('torch.autograd.Function on %s', (backend) => {
  it("the tutorial's MyReLU: values, gradient, grad_fn name, forward under no_grad", () => {
    useBackend(backend);
    for (const dtype of ['float32', 'float64'] as const) {
      const c = fx[`relu_${dtype}`];
      const x = torch.tensor(c.x, { dtype, requires_grad: true });
      gradEnabledInForward = null;
      const y = MyReLU.apply(x) as T;
      expect(gradEnabledInForward).toBe(false);
      expect(torch.is_grad_enabled()).toBe(true);
      expect(y.grad_fn!.name).toBe(c.grad_fn);
      expect(String(y.grad_fn)).toBe('<MyReLUBackward>');
      y.backward(torch.tensor(c.g, { dtype }));
      expectClose(flat(y), c.y, { ulp: 0 }, 'y');
      expectClose(flat(x.grad!), c.grad, { ulp: 0 }, 'grad');
    }
    // no input requires grad: a plain result, as in PyTorch
    const plain = MyReLU.apply(torch.tensor([-1, 2])) as T;
    expect([plain.requires_grad, plain.grad_fn, plain.tolist()]).toEqual([false, null, [0, 2]]);
    expect((torch.no_grad(() => MyReLU.apply(torch.tensor([1], { requires_grad: true }))) as T).requires_grad).toBe(false);
  });

  it("the tutorial's LegendrePolynomial3 training loop (apply taken unbound, as `P3 = ...apply`)", () => {
    useBackend(backend);
    const c = fx.legendre;
    const x = torch.linspace(c.start, c.end, c.n, f64);
    const y = torch.sin(x);
    const params = [0, -1, 0, 0.3].map((v) => torch.full([], v, { dtype: 'float64', requires_grad: true }));
    const [a, b, cc, d] = params;
    const losses: number[] = [];
    for (let t = 0; t < 5; t++) {
      const P3 = LegendrePolynomial3.apply;
      const y_pred = a.add(b.mul(P3(cc.add(d.mul(x)))));
      const loss = y_pred.sub(y).pow(2).sum();
      losses.push(loss.item() as number);
      loss.backward();
      if (t === 0) expectClose(params.map((p) => p.grad!.item() as number), c.first_grads, { rtol: 1e-12, atol: 1e-12 }, 'first grads');
      torch.no_grad(() => {
        for (const p of params) {
          p.sub_(p.grad!.mul(c.lr));
          p.grad = null;
        }
      });
    }
    expectClose(losses, c.losses, { rtol: 1e-10 }, 'losses');
    expectClose(params.map((p) => p.item() as number), c.final, { rtol: 1e-10 }, 'final a, b, c, d');
  });

  it('several inputs (one a number) and outputs, ctx attributes, needs_input_grad, materialized zero gradients', () => {
    useBackend(backend);
    const c = fx.muladd;
    const x = torch.tensor(c.x, { dtype: 'float64', requires_grad: true });
    const y = torch.tensor(c.y, { dtype: 'float64', requires_grad: true });
    const [p, s] = MulAdd.apply(x, y, c.k) as T[];
    expect(needs).toEqual([true, true, false]);
    expect([p.grad_fn!.name, s.grad_fn!.name]).toEqual(['MulAddBackward', 'MulAddBackward']);
    p.mul(torch.tensor(c.w1, f64)).sum().add(s.mul(torch.tensor(c.w2, f64)).sum()).backward();
    close(p, c.prod, 'prod');
    close(s, c.sum, 'sum');
    close(x.grad!, c.grad_x, 'grad x');
    close(y.grad!, c.grad_y, 'grad y');

    x.grad = null;
    y.grad = null;
    const [p2] = MulAdd.apply(x, y, c.k) as T[];
    p2.sum().backward(); // the second output's gradient reaches backward as zeros
    close(x.grad!, fx.muladd_first_only.grad_x, 'grad x (first output only)');
    close(y.grad!, fx.muladd_first_only.grad_y, 'grad y (first output only)');

    // only x requires grad: needs_input_grad says so, and y gets nothing
    const yConst = torch.tensor(c.y, f64);
    const [p3] = MulAdd.apply(x, yConst, 2) as T[];
    expect(needs).toEqual([true, false, false]);
    p3.sum().backward();
    expect(yConst.grad).toBe(null);
  });

  it('mark_non_differentiable: the indices need no grad and backward gets zeros for them', () => {
    useBackend(backend);
    const c = fx.sort;
    const x = torch.tensor(c.x, { dtype: 'float64', requires_grad: true });
    const [values, indices] = SortValues.apply(x) as T[];
    expect(indices.requires_grad).toBe(c.indices_requires_grad);
    expect(indices.grad_fn).toBe(null);
    expect(indices.tolist()).toEqual(c.indices);
    values.mul(torch.tensor(c.w, f64)).sum().backward();
    close(values, c.values, 'values');
    close(x.grad!, c.grad, 'grad');
    expect(indicesGrad!.dtype).toBe('int64');
    expect(indicesGrad!.tolist()).toEqual([0, 0, 0, 0, 0]);
  });

  it('set_materialize_grads(false) passes null for outputs no gradient reached', () => {
    useBackend(backend);
    let seen: unknown[] = [];
    class Two extends torch.autograd.Function {
      static override forward(ctx: Ctx, x: T): T[] {
        ctx.set_materialize_grads(false);
        return [x.mul(2), x.mul(3)];
      }
      static override backward(_ctx: Ctx, a: T | null, b: T | null): T | null {
        seen = [a, b];
        return a ? a.mul(2) : null;
      }
    }
    const x = torch.tensor([1, 2], { requires_grad: true });
    const [, q] = Two.apply(x) as T[];
    q.sum().backward();
    expect(seen[0]).toBe(null);
    expect((seen[1] as T).tolist()).toEqual([1, 1]);
    expect(x.grad).toBe(null);
    const [p] = Two.apply(x) as T[];
    p.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
    expect(seen[1]).toBe(null);
  });

  it('gradcheck passes for correct custom Functions and catches a wrong backward', () => {
    useBackend(backend);
    const x = torch.tensor([0.3, -0.8, 1.2], { dtype: 'float64', requires_grad: true });
    const y = torch.tensor([1.1, 0.4, -0.6], { dtype: 'float64', requires_grad: true });
    expect(torch.autograd.gradcheck((t) => LegendrePolynomial3.apply(t) as T, [x])).toBe(true);
    expect(torch.autograd.gradcheck((a, b) => {
      const [p, s] = MulAdd.apply(a, b, 1.5) as T[];
      return p.add(s.mul(s));
    }, [x, y])).toBe(true);
    const Wrong = returning('Wrong', (g) => g.mul(3)); // forward is x * 2
    expect(torch.autograd.gradcheck((t) => Wrong.apply(t) as T, [x], { raise_exception: false })).toBe(false);
  });

  it("backward's result: broadcast gradients summed, dtypes cast, trailing nulls allowed", () => {
    useBackend(backend);
    const x = torch.tensor([1, 2, 3], { requires_grad: true });
    returning('Bcast', (g) => g.expand(2, 3)).apply(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
    x.grad = null;
    returning('Dbl', (g) => g.to('float64')).apply(x).sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    x.grad = null;
    returning('Extra', (g) => [g.mul(2), null]).apply(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
  });

  it("PyTorch's errors for wrong gradients and misuse", () => {
    useBackend(backend);
    const x = torch.tensor([1, 2, 3], { requires_grad: true });
    const MyReLUBad = returning('MyReLU', (g) => [g, g]);
    expect(() => MyReLUBad.apply(x).sum().backward()).toThrow('function MyReLUBackward returned an incorrect number of gradients (expected 1, got 2)');
    expect(() => returning('Bad', (g) => g.narrow(0, 0, 2)).apply(x).sum().backward()).toThrow(
      'Function BadBackward returned an invalid gradient at index 0 - got [2] but expected shape compatible with [3]',
    );
    expect(() => returning('Bad2', () => 3).apply(x).sum().backward()).toThrow(new TypeError('expected Variable or None (got int)'));
    class NoneIn extends torch.autograd.Function {
      static override forward(_ctx: Ctx, t: T): T {
        return t.mul(2);
      }
      static override backward(_ctx: Ctx, g: T): T[] {
        return [g.mul(2), torch.ones(1)];
      }
    }
    expect(() => NoneIn.apply(x, 3).sum().backward()).toThrow('function NoneInBackward returned a gradient different than None at position 2, but the corresponding forward input was not a Variable');
    class SaveNumber extends torch.autograd.Function {
      static override forward(ctx: Ctx, t: T): T {
        ctx.save_for_backward(t, 3 as unknown as T);
        return t;
      }
    }
    expect(() => SaveNumber.apply(x)).toThrow(new TypeError('save_for_backward can only save variables, but argument 1 is of type int'));
    expect(() => torch.autograd.Function.apply(x)).toThrow('You must implement the forward function for custom autograd.Function.');
    class NoBackward extends torch.autograd.Function {
      static override forward(_ctx: Ctx, t: T): T {
        return t.mul(2);
      }
    }
    expect(() => (NoBackward.apply(x) as T).sum().backward()).toThrow('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  });

  it('non-tensor arguments and outputs pass through; an input returned as is becomes an alias with the grad_fn', () => {
    useBackend(backend);
    class Scale extends torch.autograd.Function {
      static override forward(ctx: Ctx, t: T, opts: { k: number }, label: string): [T, string, T] {
        ctx.k = opts.k;
        return [t.mul(opts.k), label, t];
      }
      static override backward(ctx: Ctx, g: T, gLabel: null, gSame: T): (T | null)[] {
        expect(gLabel).toBe(null);
        return [g.mul(ctx.k).add(gSame), null, null];
      }
    }
    const x = torch.tensor([1, 2], { requires_grad: true });
    const [y, label, same] = Scale.apply(x, { k: 4 }, 'hi') as [T, string, T];
    expect(label).toBe('hi');
    expect(same).not.toBe(x);
    expect(same.grad_fn!.name).toBe('ScaleBackward');
    expect(x.is_leaf).toBe(true);
    y.sum().add(same.sum()).backward();
    expect(x.grad!.tolist()).toEqual([5, 5]);
  });

  it('mark_dirty: the input takes the history; a leaf that requires grad and an unsafe history are refused', () => {
    useBackend(backend);
    class Double_ extends torch.autograd.Function {
      static override forward(ctx: Ctx, t: T): T {
        t.mul_(2);
        ctx.mark_dirty(t);
        return t;
      }
      static override backward(_ctx: Ctx, g: T): T {
        return g.mul(2);
      }
    }
    const a = torch.tensor([1, 2, 3], { requires_grad: true });
    expect(() => Double_.apply(a)).toThrow('a leaf Variable that requires grad has been used in an in-place operation.');
    a.grad = null;
    const b = torch.tensor([1, 2, 3], { requires_grad: true });
    const x = b.mul(1);
    const y = Double_.apply(x) as T;
    expect(y).toBe(x);
    expect(x.grad_fn!.name).toBe('Double_Backward');
    expect(x.tolist()).toEqual([2, 4, 6]);
    x.mul(x).sum().backward(); // d/db (2b)^2 = 8b
    expect(b.grad!.tolist()).toEqual([8, 16, 24]);
    // exp's backward reads its output, which the Function overwrote: refused, never a wrong gradient
    expect(() => Double_.apply(b.exp())).toThrow(/Double_\.apply\(\): mark_dirty: in-place operations on the output of ExpBackward0/);
    class NotReturned extends torch.autograd.Function {
      static override forward(ctx: Ctx, t: T): T {
        ctx.mark_dirty(t);
        return t.mul(2);
      }
    }
    expect(() => NotReturned.apply(b.mul(1))).toThrow('Some elements marked as dirty during the forward method were not returned as output.');
  });
});

describe.each(BACKENDS)('torch.autograd.functional on %s', (backend) => {
  const { jacobian, vjp, jvp, hessian } = torch.autograd.functional;
  const fSingle = (x: T) => x.exp().mul(x.sum());
  const fMulti = (x: T, y: T): T[] => [x.mul(y.sum()), x.pow(2).sum().add(y.prod())];
  const X = () => torch.tensor(fx.jacobian_single.x, f64);
  const MX = () => torch.tensor(fx.jacobian_multi.x, f64);
  const MY = () => torch.tensor(fx.jacobian_multi.y, f64);

  it('jacobian: one tensor, tuples of inputs and outputs (nested as PyTorch nests them), unused inputs as zeros', () => {
    useBackend(backend);
    close(jacobian(fSingle, X()) as T, fx.jacobian_single.jac, 'jacobian single');
    const J = jacobian(fMulti, [MX(), MY()]) as T[][];
    expect(J.length).toBe(2);
    J.forEach((row, i) => row.forEach((t, j) => close(t, fx.jacobian_multi.jac[i][j], `J[${i}][${j}]`)));
    close((jacobian((x: T) => x.mul(2), MX(), { vectorize: true }) as T), [[2, 0, 0], [0, 2, 0], [0, 0, 2]], 'vectorize');
    const unused = jacobian((x: T) => x.mul(2), [MX(), MY()]) as T[];
    close(unused[1], fx.jacobian_unused, 'unused input');
    expect((jacobian((x: T) => x.sum(), MX()) as T).shape).toEqual([3]);
    // the caller's graph is left alone: the inputs are detached copies
    const leaf = torch.tensor([1, 2], { requires_grad: true });
    jacobian((x: T) => x.mul(x), leaf);
    expect(leaf.grad).toBe(null);
  });

  it('vjp and jvp against PyTorch', () => {
    useBackend(backend);
    const v = torch.tensor(fx.vjp_single.v, f64);
    const [out, g] = vjp(fSingle, X(), v) as [T, T];
    close(out, fx.vjp_single.out, 'vjp out');
    close(g, fx.vjp_single.vjp, 'vjp');
    expect(out.requires_grad).toBe(false);
    const vm = fx.vjp_multi.v;
    const [outs, gs] = vjp(fMulti, [MX(), MY()], [torch.tensor(vm[0], f64), torch.tensor(vm[1], f64)]) as [T[], T[]];
    outs.forEach((t, i) => close(t, fx.vjp_multi.out[i], `vjp multi out ${i}`));
    gs.forEach((t, i) => close(t, fx.vjp_multi.vjp[i], `vjp multi ${i}`));
    const [s, gScalar] = vjp((x: T) => x.pow(3).sum(), torch.tensor(fx.vjp_scalar.x, f64)) as [T, T];
    close(s, fx.vjp_scalar.out, 'vjp scalar out');
    close(gScalar, fx.vjp_scalar.vjp, 'vjp scalar (v omitted)');

    const [jout, jv] = jvp(fSingle, X(), { v: torch.tensor(fx.jvp_single.v, f64) }) as [T, T];
    close(jout, fx.jvp_single.out, 'jvp out');
    close(jv, fx.jvp_single.jvp, 'jvp');
    const vj = fx.jvp_multi.v;
    const [jouts, jvs] = jvp(fMulti, [MX(), MY()], [torch.tensor(vj[0], f64), torch.tensor(vj[1], f64)]) as [T[], T[]];
    jouts.forEach((t, i) => close(t, fx.jvp_multi.out[i], `jvp multi out ${i}`));
    jvs.forEach((t, i) => close(t, fx.jvp_multi.jvp[i], `jvp multi ${i}`));
  });

  it("PyTorch's errors; create_graph and hessian (double backward) refused", () => {
    useBackend(backend);
    const x = torch.randn(2);
    expect(() => jacobian((() => 3) as unknown as (x: T) => T, x)).toThrow(new TypeError('The outputs of the user-provided function given to jacobian must be either a Tensor or a tuple of Tensors but the given outputs of the user-provided function has type int.'));
    expect(() => jacobian((t: T) => t, 3 as unknown as T)).toThrow(new TypeError('The inputs given to jacobian must be either a Tensor or a tuple of Tensors but the given inputs has type int.'));
    expect(() => vjp((t: T) => t.mul(2), x)).toThrow('The vector v can only be None if the user-provided function returns a single Tensor with a single element.');
    expect(() => vjp((t: T) => t.mul(2), x, torch.randn(3))).toThrow('v has invalid size: should be torch.Size([2]) but got torch.Size([3]).');
    expect(() => vjp((t: T) => t.mul(2), x, 3 as unknown as T)).toThrow(new TypeError('The v given to vjp must be either a Tensor or a tuple of Tensors but the given v has type int.'));
    expect(() => vjp((t: T) => t.mul(2), x, [torch.randn(2), torch.randn(2)])).toThrow('The given v should contain a single Tensor.');
    expect(() => jvp((t: T) => t.mul(2), x)).toThrow('The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.');
    expect(() => jvp((a: T) => a, [x, x], [x])).toThrow('v is a tuple of invalid length: should be 2 but got 1.');
    expect(() => jacobian((a: T) => a.mul(2), [x, x], { strict: true })).toThrow('Output 0 of the user-provided function is independent of input 1. This is not allowed in strict mode.');
    expect(() => jacobian(() => torch.ones(2), x, false, true)).toThrow('Output 0 of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.');
    expect(() => jacobian((t: T) => t, x, { strategy: 'forward-mode' })).toThrow('Computing Jacobian using forward-AD or forward-over-reverse Hessian is only implemented for `vectorize=True`.');
    expect(() => jacobian((t: T) => t, x, { create_graph: true })).toThrow(new TypeError('jacobian(): create_graph=True needs double backward (torch.autograd.grad with create_graph=True), which torchlet does not support'));
    expect(() => vjp((t: T) => t.sum(), x, null, true)).toThrow(/vjp\(\): create_graph=True needs double backward/);
    expect(() => hessian((t: T) => t.pow(3).sum(), x)).toThrow(new TypeError('hessian(): needs double backward (torch.autograd.grad with create_graph=True), which torchlet does not support'));
    expect(() => jacobian((t: T) => t, x, { bogus: 1 } as never)).toThrow("jacobian() got an unexpected keyword argument 'bogus'");
  });
});
