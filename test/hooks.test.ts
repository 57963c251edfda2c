// Hooks as PyTorch 1.13's: Tensor.register_hook, Module.register_forward_pre_hook / register_forward_hook /
// register_full_backward_hook. Expected values come from PyTorch 1.13 (the Python is in the comments).
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../lib/index';
import { BACKENDS, useBackend } from './helpers';

const { nn } = torch;
type T = torch.Tensor;

const leaf = (values: number[]) => torch.tensor(values, { requires_grad: true });
const list = (t: T | null) => t?.tolist() ?? null;

/** Sets a Linear's parameters (float32 values that are exact). */
function linear(weight: number[][], bias: number[]): torch.nn.Linear {
  const l = new nn.Linear(weight[0].length, weight.length);
  torch.no_grad(() => {
    l.weight.copy_(torch.tensor(weight));
    l.bias!.copy_(torch.tensor(bias));
  });
  return l;
}

for (const backend of BACKENDS) {
  describe(`Tensor.register_hook on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it("a hook doubling an intermediate's gradient doubles the leaves' gradients", () => {
      // x = torch.tensor([1., 2., 3.], requires_grad=True); w = torch.tensor([.5, -1., 2.], requires_grad=True)
      // h = x * w; h.register_hook(lambda g: g * 2); (h * h).sum().backward()
      // x.grad, w.grad -> [1., 8., 48.], [2., -16., 72.]
      const run = (hooked: boolean) => {
        const x = leaf([1, 2, 3]);
        const w = leaf([0.5, -1, 2]);
        const h = x.mul(w);
        if (hooked) h.register_hook((g) => g.mul(2));
        h.mul(h).sum().backward();
        return [list(x.grad), list(w.grad)];
      };
      expect(run(false)).toEqual([
        [0.5, 4, 24],
        [1, -8, 36],
      ]);
      expect(run(true)).toEqual([
        [1, 8, 48],
        [2, -16, 72],
      ]);
    });

    it('a hook sees the summed gradient once, on a non-leaf and on a leaf (before accumulation)', () => {
      // x = torch.tensor([1., 2., 3.], requires_grad=True); h = x * 2; h.register_hook(lambda g: seen.append(g))
      // (h * 3 + h * 4).sum().backward() -> seen [[7., 7., 7.]], x.grad [14., 14., 14.]
      const x = leaf([1, 2, 3]);
      const h = x.mul(2);
      const seen: unknown[] = [];
      h.register_hook((g) => void seen.push(g.tolist()));
      h.mul(3).add(h.mul(4)).sum().backward();
      expect(seen).toEqual([[7, 7, 7]]);
      expect(list(x.grad)).toEqual([14, 14, 14]);

      // w.register_hook(lambda g: g * 10); (w * 2 + w * 3).sum().backward() -> hook sees [5., 5.]; w.grad [50., 50.]
      const w = leaf([1, 2]);
      const leafSeen: unknown[] = [];
      w.register_hook((g) => {
        leafSeen.push(g.tolist());
        return g.mul(10);
      });
      w.mul(2).add(w.mul(3)).sum().backward();
      expect(leafSeen).toEqual([[5, 5]]);
      expect(list(w.grad)).toEqual([50, 50]);
      // a second backward: the hook's result is accumulated onto the existing .grad
      w.mul(2).sum().backward();
      expect(leafSeen).toEqual([[5, 5], [2, 2]]);
      expect(list(w.grad)).toEqual([70, 70]);
      // backward() on the leaf itself runs its hooks too
      w.backward(torch.tensor([1, 1]));
      expect(list(w.grad)).toEqual([80, 80]);
    });

    it('runs hooks in registration order, each seeing the previous result; remove() unregisters', () => {
      // y = x * 1; y.register_hook(lambda g: g + 1); y.register_hook(lambda g: g * 10); y.sum().backward()
      // -> the second hook sees [2., 2.]; x.grad [20., 20.]
      const x = leaf([1, 2]);
      const y = x.mul(1);
      const seen: [string, unknown][] = [];
      const a = y.register_hook((g) => {
        seen.push(['a', g.tolist()]);
        return g.add(1);
      });
      y.register_hook((g) => {
        seen.push(['b', g.tolist()]);
        return g.mul(10);
      });
      y.sum().backward();
      expect(seen).toEqual([
        ['a', [1, 1]],
        ['b', [2, 2]],
      ]);
      expect(list(x.grad)).toEqual([20, 20]);

      a.remove();
      a.remove(); // removing twice is harmless, as PyTorch's
      x.grad = null;
      seen.length = 0;
      y.sum().backward();
      expect(seen).toEqual([['b', [1, 1]]]);
      expect(list(x.grad)).toEqual([10, 10]);
      expect(a).toBeInstanceOf(torch.utils.hooks.RemovableHandle);
    });

    it("orders retain_grad against hooks as PyTorch 1.13 does (all hooks together, where the first was registered)", () => {
      // y = x * 3; y.retain_grad(); y.register_hook(lambda g: g * 2); y.sum().backward()  -> y.grad [1., 1.]
      // y = x * 3; y.register_hook(lambda g: g * 2); y.retain_grad(); ...                  -> y.grad [2., 2.]
      // y = x * 3; y.register_hook(lambda g: g * 2); y.retain_grad(); y.register_hook(lambda g: g * 5); ...
      //   -> y.grad [10., 10.], x.grad [30., 30.]
      const cases: [string[], number[], number[]][] = [
        [['retain', 'x2'], [1, 1], [6, 6]],
        [['x2', 'retain'], [2, 2], [6, 6]],
        [['x2', 'retain', 'x5'], [10, 10], [30, 30]],
      ];
      for (const [steps, yGrad, xGrad] of cases) {
        const x = leaf([1, 2]);
        const y = x.mul(3);
        for (const step of steps) {
          if (step === 'retain') y.retain_grad();
          else y.register_hook((g) => g.mul(Number(step.slice(1))));
        }
        y.sum().backward();
        expect([list(y.grad), list(x.grad)], steps.join()).toEqual([yGrad, xGrad]);
      }
    });

    it('runs hooks under no_grad, on gradients that do not require grad', () => {
      const x = leaf([1, 2]);
      const y = x.mul(2);
      let state: unknown[] = [];
      y.register_hook((g) => void (state = [torch.is_grad_enabled(), g.requires_grad]));
      y.sum().backward();
      expect(state).toEqual([false, false]);
      expect(torch.is_grad_enabled()).toBe(true);
    });

    it("raises PyTorch's errors", () => {
      expect(() => torch.ones(2).register_hook((g) => g)).toThrow(/^cannot register a hook on a tensor that doesn't require gradient$/);
      expect(() => leaf([1]).register_hook(3 as never)).toThrow(new TypeError("register_hook(): argument 'hook' must be a function, not int"));
      expect(() => (leaf([1]).register_hook as (...a: unknown[]) => unknown)((g: T) => g, 1)).toThrow(
        new TypeError('register_hook() takes 1 positional argument but 2 were given'),
      );

      const backwardWith = (hook: (g: T) => unknown) => {
        const y = leaf([1, 2]).mul(2);
        y.register_hook(hook as never);
        y.sum().backward();
      };
      // z.register_hook(lambda g: 1) -> TypeError: expected Variable, but hook returned 'int'
      expect(() => backwardWith(() => 1)).toThrow(new TypeError("expected Variable, but hook returned 'int'"));
      expect(() => backwardWith(() => null)).toThrow(new TypeError("expected Variable, but hook returned 'NoneType'"));
      // def hook(g): return g[0] -> RuntimeError: hook 'hook' has changed the size of value
      expect(() => backwardWith(function hook(g) { return g.index(0); })).toThrow(new RangeError("hook 'hook' has changed the size of value"));
      // lambda g: g.double() -> hook '<lambda>' has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)
      const toDouble = (g: T) => g.double();
      expect(() => backwardWith(toDouble)).toThrow(new TypeError("hook 'toDouble' has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)"));
    });
  });

  describe(`Module forward hooks on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it('a forward hook on each ReLU of a Sequential counts the dead units', () => {
      const net = new nn.Sequential(
        linear([[1, 0], [0, 1], [-1, 0], [0, -1]], [0, 0, -10, 0]),
        new nn.ReLU(),
        linear([[1, 1, 1, 1], [-1, -1, 0, 0]], [0, 0]),
        new nn.ReLU(),
      );
      const activations = new Map<string, T>();
      for (const [name, m] of net.named_modules()) {
        if (m instanceof nn.ReLU) m.register_forward_hook((_module, _input, output) => void activations.set(name, output as T));
      }
      const out = net(torch.tensor([[1, 2], [3, 4], [-1, 5]])) as T;
      expect([...activations.keys()]).toEqual(['1', '3']);
      expect(activations.get('1')!.tolist()).toEqual([
        [1, 2, 0, 0],
        [3, 4, 0, 0],
        [0, 5, 0, 0],
      ]);
      // a unit is dead when it is 0 for every sample: units 2 and 3 of the first ReLU, unit 1 of the second
      const dead = (a: T) => a.eq(0).int().sum(0).eq(a.shape[0]).int().sum().item();
      expect(dead(activations.get('1')!)).toBe(2);
      expect(dead(activations.get('3')!)).toBe(1);
      expect(activations.get('3')).toBe(out);
    });

    it('hooks run when the module is called, not when forward is; their input is the array of arguments', () => {
      const relu = new nn.ReLU();
      const calls: unknown[] = [];
      relu.register_forward_pre_hook((m, input) => void calls.push(['pre', m === relu, input.length]));
      relu.register_forward_hook((m, input, output) => void calls.push(['fwd', m === relu, (input[0] as T).tolist(), (output as T).tolist()]));
      relu.forward(torch.tensor([-1, 1]));
      expect(calls).toEqual([]);
      relu(torch.tensor([-1, 1]));
      expect(calls).toEqual([
        ['pre', true, 1],
        ['fwd', true, [-1, 1], [0, 1]],
      ]);
    });

    it('a pre-hook replaces the input (one value or an array); a forward hook replaces the output, in order', () => {
      const l = linear([[1, 2]], [0.5]);
      const seen: unknown[] = [];
      const single = l.register_forward_pre_hook(() => torch.tensor([[1, 1]]));
      l.register_forward_hook((_m, input, output) => void seen.push([(input[0] as T).tolist(), (output as T).tolist()]));
      l.register_forward_hook((_m, _input, output) => (output as T).mul(10));
      const doubled = l.register_forward_hook((_m, _input, output) => (output as T).add(1));
      expect((l(torch.tensor([[5, 5]])) as T).tolist()).toEqual([[36]]);
      expect(seen).toEqual([[[[1, 1]], [[3.5]]]]);

      single.remove();
      doubled.remove();
      l.register_forward_pre_hook((_m, input) => [(input[0] as T).neg()]);
      expect((l(torch.tensor([[2, 1]])) as T).tolist()).toEqual([[-35]]);
      expect(seen[1]).toEqual([[[-2, -1]], [[-3.5]]]);
    });

    it("hooks are not children or parameters: traversal, state_dict and the repr don't change", () => {
      const net = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU());
      const before = [String(net), [...net.named_parameters()].map(([n]) => n), Object.keys(net.state_dict())];
      net.register_forward_hook(() => undefined);
      net.register_forward_pre_hook(() => undefined);
      net.register_full_backward_hook(() => undefined);
      expect([String(net), [...net.named_parameters()].map(([n]) => n), Object.keys(net.state_dict())]).toEqual(before);
      expect([...net.children()].length).toBe(2);
    });

    it("raises a TypeError naming the method for a hook that isn't a function", () => {
      const l = new nn.Linear(2, 2);
      expect(() => l.register_forward_hook(3 as never)).toThrow(new TypeError("register_forward_hook(): argument 'hook' must be a function, not int"));
      expect(() => l.register_forward_pre_hook(null as never)).toThrow(new TypeError("register_forward_pre_hook(): argument 'hook' must be a function, not NoneType"));
      expect(() => l.register_full_backward_hook('f' as never)).toThrow(new TypeError("register_full_backward_hook(): argument 'hook' must be a function, not string"));
      expect(() => (l.register_forward_hook as (...a: unknown[]) => unknown)(() => 1, 2)).toThrow(
        new TypeError('register_forward_hook() takes 1 positional argument but 2 were given'),
      );
    });
  });

  describe(`Module.register_full_backward_hook on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    it('gives grad_input and grad_output; a returned array replaces grad_input', () => {
      // l = nn.Linear(2, 1) with weight [[1., 2.]], bias 0; x = torch.tensor([[1., 1.]], requires_grad=True)
      // l.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,)); l(x).sum().backward()
      // -> x.grad [[10., 20.]], l.weight.grad [[1., 1.]]
      const l = linear([[1, 2]], [0]);
      const seen: unknown[] = [];
      l.register_full_backward_hook((m, gi, go) => {
        seen.push([m === l, gi.map(list), go.map(list)]);
        return [gi[0]!.mul(10)];
      });
      const x = torch.tensor([[1, 1]], { requires_grad: true });
      const y = l(x) as T;
      expect(y.grad_fn?.name).toBe('BackwardHookFunctionBackward');
      y.sum().backward();
      expect(seen).toEqual([[true, [[[1, 2]]], [[[1]]]]]);
      expect(list(x.grad)).toEqual([[10, 20]]);
      expect(list(l.weight.grad)).toEqual([[1, 1]]);
    });

    it('puts null for non-tensor arguments and unused outputs, zeros for tensor inputs that got no gradient', () => {
      // class Two(nn.Module):
      //     def forward(self, a, b, k): return a * 2, b.sum() * 0 + a.sum()
      // a = torch.tensor([1., 2.], requires_grad=True); b = torch.tensor([3., 4.], requires_grad=True)
      // o1, o2 = m(a, b, 5); o1.sum().backward()
      // -> gi ([2., 2.], [0., 0.], None), go ([1., 1.], None); a.grad [2., 2.], b.grad [0., 0.]
      class Two extends nn.Module {
        override forward(a: T, b: T, _k: number) {
          return [a.mul(2), b.sum().mul(0).add(a.sum())];
        }
      }
      const m = new Two();
      const seen: unknown[] = [];
      m.register_full_backward_hook((_m, gi, go) => void seen.push([gi.map(list), go.map(list)]));
      const a = leaf([1, 2]);
      const b = leaf([3, 4]);
      const [o1] = m(a, b, 5) as T[];
      o1.sum().backward();
      expect(seen).toEqual([
        [
          [[2, 2], [0, 0], null],
          [[1, 1], null],
        ],
      ]);
      expect([list(a.grad), list(b.grad)]).toEqual([
        [2, 2],
        [0, 0],
      ]);

      // class U(nn.Module): forward(self, a, b): return a * 3   (b unused, and not requiring grad)
      // -> gi ([3., 3.], [0., 0.]), go ([1., 1.],)
      class U extends nn.Module {
        override forward(a: T, _b: T) {
          return a.mul(3);
        }
      }
      const u = new U();
      u.register_full_backward_hook((_m, gi, go) => void seen.push([gi.map(list), go.map(list)]));
      (u(leaf([1, 2]), torch.tensor([3, 4])) as T).sum().backward();
      expect(seen[1]).toEqual([
        [
          [3, 3],
          [0, 0],
        ],
        [[1, 1]],
      ]);
    });

    it("watches gradients shrink through a Sequential: each layer's grad_output is the next one's grad_input", () => {
      // net = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1)), weights [[1., -1.], [2., .5]],
      // bias [0., -1.], then [[3., -2.]], bias 0; a full backward hook on each layer; net(x=[[1., 2.]]).sum().backward()
      // -> (2, gi [[3., -2.]], go [[1.]]), (1, gi [[0.58984, -0.20999]], go [[3., -2.]]),
      //    (0, gi [[0.16986, -0.69483]], go [[0.58984, -0.20999]]); x.grad [[0.16986, -0.69483]]
      const net = new nn.Sequential(linear([[1, -1], [2, 0.5]], [0, -1]), new nn.Sigmoid(), linear([[3, -2]], [0]));
      const rec: [number, T[], T[]][] = [];
      [...net.children()].forEach((m, i) => m.register_full_backward_hook((_m, gi, go) => void rec.push([i, gi as T[], go as T[]])));
      const x = torch.tensor([[1, 2]], { requires_grad: true });
      (net(x) as T).sum().backward();
      expect(rec.map(([i]) => i)).toEqual([2, 1, 0]);
      expect(list(rec[0][1][0])).toEqual([[3, -2]]);
      expect(list(rec[0][2][0])).toEqual([[1]]);
      const g1 = rec[1][1][0].data;
      expect(g1[0]).toBeCloseTo(0.5898358, 6);
      expect(g1[1]).toBeCloseTo(-0.2099873, 6);
      const g0 = rec[2][1][0].data;
      expect(g0[0]).toBeCloseTo(0.1698613, 6);
      expect(g0[1]).toBeCloseTo(-0.6948295, 6);
      expect(list(rec[1][2][0])).toEqual(list(rec[0][1][0]));
      expect(list(rec[2][2][0])).toEqual(list(rec[1][1][0]));
      expect(list(x.grad)).toEqual(list(rec[2][1][0]));
    });

    it('runs at output time with grad_input all null when no input requires grad; remove() unregisters', () => {
      // l2(torch.ones(1, 2)).sum().backward() -> gi (None,), go ([[1.]],)
      const l = linear([[1, 2]], [0]);
      const seen: unknown[] = [];
      const handle = l.register_full_backward_hook((_m, gi, go) => void seen.push([gi, go.map(list)]));
      (l(torch.ones(1, 2)) as T).sum().backward();
      expect(seen).toEqual([[[null], [[[1]]]]]);
      expect(list(l.weight.grad)).toEqual([[1, 1]]);

      handle.remove();
      const y = l(torch.ones(1, 2)) as T;
      expect(y.grad_fn?.name).toBe('AddmmBackward0');
      y.sum().backward();
      expect(seen.length).toBe(1);
      expect(list(l.weight.grad)).toEqual([[2, 2]]);
    });

    it("raises PyTorch's errors for what a hook returns", () => {
      const backwardWith = (hook: (m: torch.nn.Module, gi: (T | null)[], go: (T | null)[]) => unknown, requiresGrad = true) => {
        const l = new nn.Linear(2, 1);
        l.register_full_backward_hook(hook as never);
        (l(torch.ones(1, 2, { requires_grad: requiresGrad })) as T).sum().backward();
      };
      // lambda m, gi, go: (torch.ones(1, 2),) with an input not requiring grad
      expect(() => backwardWith(() => [torch.ones(1, 2)], false)).toThrow(
        /^Backward hook for Modules where no input requires gradient should always return None or None for all gradients\.$/,
      );
      expect(() => backwardWith(() => [null], false)).not.toThrow();
      // lambda m, gi, go: (torch.ones(1, 2), torch.ones(1, 2))
      expect(() => backwardWith(() => [torch.ones(1, 2), torch.ones(1, 2)])).toThrow(/^Backward hook returned an invalid number of grad_input, got 2, but expected 1$/);
      // lambda m, gi, go: (torch.ones(3),) -> RuntimeError: hook 'hook' has changed the size of value
      expect(() => backwardWith(function hook() { return [torch.ones(3)]; })).toThrow(new RangeError("hook 'hook' has changed the size of value"));
      // lambda m, gi, go: [5] -> TypeError: expected Variable, but hook returned 'int'
      expect(() => backwardWith(() => [5])).toThrow(new TypeError("expected Variable, but hook returned 'int'"));
      // lambda m, gi, go: 3 -> TypeError (PyTorch: object of type 'int' has no len())
      expect(() => backwardWith(function grow() { return 3; })).toThrow(
        new TypeError("register_full_backward_hook(): hook 'grow' must return an array of grad_input or undefined, not int"),
      );
    });
  });
}
