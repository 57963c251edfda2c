// Module.register_full_backward_hook's machinery (PyTorch's torch.utils.hooks.BackwardHook): the tensors going
// into and out of one module call pass through identity nodes that capture their gradients. PyTorch uses one
// multi-output node per side; torchlet's nodes have one output each, so every identity node feeds a hidden "hub"
// node of its side, which backward reaches (topologically) only after all of that side's gradients are in.
import { Tensor, checkHookResult, typeName } from '../tensor';
import { GradFn, is_grad_enabled } from '../autograd';
import { zeros_like } from '../ops/creation';
import type { Module } from './module';

type Grads = (Tensor | null)[];
export type BackwardHook = (module: Module, grad_input: Grads, grad_output: Grads) => Grads | void;

const NAME = 'BackwardHookFunctionBackward';
/** What an identity node passes to its hub: the hub only needs to be reached. */
const TOKEN = new Tensor(new Float32Array(1), [], 'float32');

/**
 * `values` with each tensor that requires grad replaced by an identity view of it, or null when there is none
 * (or grad mode is off). In backward, onGrads gets the captured gradients at their positions in `values` (null
 * elsewhere) and returns the gradients to pass on, in the same positions.
 */
function captureGrads(values: readonly unknown[], onGrads: (grads: Grads) => readonly unknown[]): unknown[] | null {
  const index = values.flatMap((v, i) => (v instanceof Tensor && v.requires_grad ? [i] : []));
  if (index.length === 0 || !is_grad_enabled()) return null;
  const sources = index.map((i) => values[i] as Tensor);
  const captured: Grads = values.map(() => null);
  const hub = new Tensor(TOKEN._storage, [], 'float32');
  hub._setGradFn(
    new GradFn(NAME, sources, () => {
      const grads = captured.slice();
      captured.fill(null); // ready for the next backward through this graph
      const out = onGrads(grads);
      return index.map((i) => out[i] as Tensor | null);
    }),
  );
  const wrapped = values.slice();
  index.forEach((i, k) => {
    const t = sources[k];
    const view = new Tensor(t._storage, t.shape, t.dtype, t._strides, t._offset);
    view._setGradFn(
      new GradFn(NAME, [hub], (g) => {
        captured[i] = g;
        return [TOKEN];
      }),
    );
    wrapped[i] = view;
  });
  return wrapped;
}

/** One module call's backward hooks: hook(module, grad_input, grad_output) once both sides' gradients are known. */
export class BackwardHookState {
  #gradOutputs: Grads | null = null;
  #inputsWrapped = false;
  #nInputs = 0;

  constructor(
    readonly module: Module,
    readonly hooks: readonly BackwardHook[],
  ) {}

  /** The module's positional arguments, with the tensors that require grad wrapped to capture grad_input. */
  setupInput(input: unknown[]): unknown[] {
    this.#nInputs = input.length;
    const wrapped = captureGrads(input, (grads) => this.#runHooks(input, grads));
    this.#inputsWrapped = wrapped !== null;
    return wrapped ?? input;
  }

  /** The module's output (a tensor or an array of values), its tensors wrapped to capture grad_output. */
  setupOutput(output: unknown): unknown {
    const values = Array.isArray(output) ? output : [output];
    const wrapped = captureGrads(values, (grads) => {
      this.#gradOutputs = grads;
      // no input requires grad: the input side never runs, so the hooks run here, with grad_input all null
      if (!this.#inputsWrapped) this.#runHooksWithoutInputs();
      return grads;
    });
    if (!wrapped) return output;
    return Array.isArray(output) ? wrapped : wrapped[0];
  }

  #runHooks(input: readonly unknown[], grads: Grads): Grads {
    const gradOutputs = this.#gradOutputs;
    this.#gradOutputs = null;
    if (!gradOutputs) return grads; // the outputs' gradients were not computed
    // as PyTorch, a tensor input that got no gradient (or requires none) shows as zeros
    let gradInputs: Grads = input.map((v, i) => grads[i] ?? (v instanceof Tensor ? zeros_like(v) : null));
    for (const hook of this.hooks) {
      const out: unknown = hook(this.module, gradInputs, gradOutputs);
      if (out === undefined) continue;
      if (!Array.isArray(out)) {
        throw new TypeError(`register_full_backward_hook(): hook '${hook.name || '<anonymous>'}' must return an array of grad_input or undefined, not ${typeName(out)}`);
      }
      if (out.length !== gradInputs.length) {
        throw new Error(`Backward hook returned an invalid number of grad_input, got ${out.length}, but expected ${gradInputs.length}`);
      }
      const prev = gradInputs;
      gradInputs = out.map((g, i) => (g == null || prev[i] === null ? null : checkHookResult(hook, prev[i]!, g)));
    }
    return gradInputs;
  }

  #runHooksWithoutInputs(): void {
    const gradInputs: Grads = new Array(this.#nInputs).fill(null);
    for (const hook of this.hooks) {
      const out: unknown = hook(this.module, gradInputs, this.#gradOutputs!);
      if (out !== undefined && !(Array.isArray(out) && out.every((g) => g == null))) {
        throw new Error('Backward hook for Modules where no input requires gradient should always return None or None for all gradients.');
      }
    }
    this.#gradOutputs = null;
  }
}
