// Reverse-mode autograd, micrograd-style: every op records a GradFn (name, inputs, backward closure) right where
// it computes its output; backward() walks the graph in reverse topological order. Nothing here knows any op.
import type { Tensor } from './tensor';

export type BackwardFn = (grad: Tensor) => readonly (Tensor | null | undefined)[];

export class GradFn {
  constructor(
    /** PyTorch's node name, e.g. 'ReluBackward0'. */
    readonly name: string,
    readonly inputs: readonly Tensor[],
    readonly backward: BackwardFn,
  ) {}

  toString(): string {
    return `<${this.name}>`;
  }
}

let gradEnabled = true;

export function is_grad_enabled(): boolean {
  return gradEnabled;
}

export function set_grad_enabled(mode: boolean): void {
  if (typeof mode !== 'boolean') throw new TypeError(`set_grad_enabled(): argument 'mode' must be bool, not ${mode === null ? 'null' : typeof mode}`);
  gradEnabled = mode;
}

function withGradMode<T>(op: string, mode: boolean, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`${op}(): expected a function to run, got ${fn === null ? 'null' : typeof fn}`);
  const prev = gradEnabled;
  gradEnabled = mode;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Runs fn with gradient recording off (PyTorch's `with torch.no_grad():`). */
export function no_grad<T>(fn: () => T): T {
  return withGradMode('no_grad', false, fn);
}

let inferenceMode = false;

/**
 * torch.inference_mode(fn) / inference_mode(mode, fn): runs fn with gradient recording off (mode true, the default),
 * as PyTorch's `with torch.inference_mode():`; torchlet keeps no separate inference tensors, so it is no_grad
 * that is_inference_mode_enabled() reports. inference_mode(false, fn) runs fn with recording on.
 */
export function inference_mode<T>(mode: boolean | (() => T), fn?: () => T): T {
  const [on, body] = typeof mode === 'function' ? [true, mode] : [mode, fn];
  if (typeof on !== 'boolean') throw new TypeError(`inference_mode(): mode must be a bool, not ${on === null ? 'null' : typeof on}`);
  const prev = inferenceMode;
  inferenceMode = on;
  try {
    return withGradMode('inference_mode', !on, body as () => T);
  } finally {
    inferenceMode = prev;
  }
}

/** torch.is_inference_mode_enabled(): inside inference_mode(fn). */
export function is_inference_mode_enabled(): boolean {
  return inferenceMode;
}

/** Runs fn with gradient recording on, even inside no_grad. */
export function enable_grad<T>(fn: () => T): T {
  return withGradMode('enable_grad', true, fn);
}

/** Attaches a GradFn to `out` when recording is on and any input requires grad; returns out. */
export function record(out: Tensor, name: string, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (gradEnabled && inputs.some((t) => t.requires_grad)) {
    out._setGradFn(new GradFn(name, inputs, backward));
    for (const t of inputs) storageUses.set(t._storage, usesOf(t) + 1);
  }
  return out;
}

/** Per storage (so counting every view and detached alias of it): how many recorded ops took it as an input. */
const storageUses = new WeakMap<object, number>();

/** @internal How many recorded ops took t, or a tensor sharing its storage, as an input (see ops/inplace.ts). */
export function usesOf(t: Tensor): number {
  return storageUses.get(t._storage) ?? 0;
}

/**
 * Accumulates d(roots)/d(leaf) into every leaf's .grad, seeding each root with its gradient. Each tensor's incoming
 * gradients are summed before it is processed, so its hooks see the total once (a leaf's before accumulation).
 * With `capture` (torch.autograd.grad), no leaf's .grad is touched (retain_grad's still are, as in PyTorch 1.13):
 * the totals reaching the captured tensors are returned.
 */
export function runBackward(roots: readonly (readonly [Tensor, Tensor])[], capture?: ReadonlySet<Tensor>): Map<Tensor, Tensor> {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // iterative DFS (deep nets would overflow a recursive one); leaves are nodes too, as PyTorch's AccumulateGrad.
  // Post-orders of several roots, concatenated and reversed, are still a topological order.
  for (const [root] of roots) {
    if (seen.has(root)) continue;
    const stack: [Tensor, number][] = [[root, 0]];
    seen.add(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const inputs = top[0].grad_fn?.inputs ?? [];
      if (top[1] < inputs.length) {
        const next = inputs[top[1]++];
        if (next.requires_grad && !seen.has(next)) {
          seen.add(next);
          stack.push([next, 0]);
        }
      } else {
        order.push(top[0]);
        stack.pop();
      }
    }
  }

  const grads = new Map<Tensor, Tensor>();
  for (const [root, gradient] of roots) grads.set(root, grads.has(root) ? grads.get(root)!.add(gradient) : gradient);
  const captured = new Map<Tensor, Tensor>();
  no_grad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      let g = grads.get(t);
      grads.delete(t);
      if (!g) continue;
      if (t._backward_hooks || t._retainsGrad) g = t._hookedGrad(g);
      if (capture?.has(t)) captured.set(t, g);
      const fn = t.grad_fn;
      if (!fn) {
        if (!capture) t.grad = t.grad ? t.grad.add(g) : g._ownedCopy();
        continue;
      }
      const inputGrads = fn.backward(g);
      fn.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!gi || !input.requires_grad) return;
        const prev = grads.get(input);
        grads.set(input, prev ? prev.add(gi) : gi);
      });
    }
  });
  return captured;
}
