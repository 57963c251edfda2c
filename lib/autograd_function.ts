// torch.autograd.Function: user-defined ops with a hand-written backward, as PyTorch's "Defining new autograd
// Functions" tutorial writes them (static forward(ctx, ...args) / backward(ctx, ...grads), then MyOp.apply(x)).
//
// The graph here links tensors, one GradFn per tensor, and a GradFn's backward takes one gradient. A Function with
// several outputs needs one backward call that sees all of their gradients, so every output's node only parks its
// gradient and passes a dummy scalar on to one hidden "joint" tensor, whose node (recorded on the Function's tensor
// inputs) runs the user's backward. The joint tensor comes after every output in topological order, so all the
// parked gradients of one backward pass are there when it runs.
import { GradFn, is_grad_enabled, no_grad, record } from './autograd';
import { Tensor, typeName } from './tensor';
import { isFloating } from './dtype';
import { fmtShape, sameShape } from './shape';
import { zeros, zeros_like } from './ops/creation';
import { sumToShape } from './ops/shape';
import { refusal } from './ops/inplace';

/** The `ctx` forward and backward receive: saved tensors, flags, and any attribute you set on it (ctx.constant = 2). */
export class FunctionCtx {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [attribute: string]: any;
  /** One boolean per argument of apply: a Tensor that requires grad (and grad mode is on). */
  needs_input_grad: readonly boolean[] = [];
  /** @internal */ _saved: readonly (Tensor | null)[] = [];
  /** @internal */ _nonDifferentiable = new Set<Tensor>();
  /** @internal */ _dirty = new Set<Tensor>();
  /** @internal */ _materializeGrads = true;

  /** Keeps tensors (or null) for backward, where ctx.saved_tensors returns them. */
  save_for_backward(...tensors: (Tensor | null | undefined)[]): void {
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor) && t !== null && t !== undefined) throw new TypeError(`save_for_backward can only save variables, but argument ${i} is of type ${typeName(t)}`);
    });
    this._saved = tensors.map((t) => t ?? null);
  }

  get saved_tensors(): readonly (Tensor | null)[] {
    return this._saved;
  }

  /** Outputs that get no gradient (indices, masks): they do not require grad, and backward receives zeros for them. */
  mark_non_differentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this._nonDifferentiable.add(checkCtxTensor('mark_non_differentiable', t));
  }

  /** Inputs that forward modified in place (and returns): they take the Function's node as their history. */
  mark_dirty(...tensors: Tensor[]): void {
    for (const t of tensors) this._dirty.add(checkCtxTensor('mark_dirty', t));
  }

  /** With false, backward receives null (not zeros) for outputs no gradient reached. */
  set_materialize_grads(value: boolean): void {
    if (typeof value !== 'boolean') throw new TypeError(`set_materialize_grads(): argument 'value' must be bool, not ${typeName(value)}`);
    this._materializeGrads = value;
  }
}

function checkCtxTensor(op: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}(): expected Tensors as arguments, got ${typeName(t)}`);
  return t;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (ctx: FunctionCtx, ...args: any[]) => any;
interface FunctionClass {
  name: string;
  forward: AnyFn;
  backward: AnyFn;
}

/**
 * torch.autograd.Function: subclass it with `static forward(ctx, ...args)` and `static backward(ctx, ...grads)`,
 * then call `MyOp.apply(...args)` (also detached: `const P3 = MyOp.apply; P3(x)`, as the tutorial does).
 * forward runs under no_grad; backward gets one gradient per output and returns one per argument of apply (null for
 * arguments that need none); the outputs' grad_fn is named after the class, `MyOpBackward`.
 */
export class Function {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars
  static forward(ctx: FunctionCtx, ...args: any[]): any {
    throw new Error('You must implement the forward function for custom autograd.Function.');
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars
  static backward(ctx: FunctionCtx, ...grad_outputs: any[]): any {
    throw new Error('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }

  /** MyOp.apply(...args): runs forward and records MyOp's backward. A getter, so the function it returns is bound. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  static get apply(): (...args: any[]) => any {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const cls = this as unknown as FunctionClass;
    return (...args: unknown[]) => applyFunction(cls, args);
  }
}

function applyFunction(cls: FunctionClass, args: unknown[]): unknown {
  const name = `${cls.name}Backward`;
  const ctx = new FunctionCtx();
  const recording = is_grad_enabled() && args.some((a) => a instanceof Tensor && a.requires_grad);
  ctx.needs_input_grad = args.map((a) => recording && a instanceof Tensor && a.requires_grad);
  const result = no_grad(() => cls.forward(ctx, ...args));
  const isTuple = Array.isArray(result);
  const outs: unknown[] = isTuple ? [...result] : [result];

  for (const t of ctx._dirty) {
    if (!args.includes(t)) throw new Error('mark_dirty(): only input tensors can be marked dirty');
    if (!outs.includes(t)) throw new Error('Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.');
  }
  if (!recording) return result;

  // A dirty input that requires grad is the Function's output now; its earlier history becomes an alias (as
  // ops/inplace.ts does), which the Function's node takes as its input instead.
  const inputs = args.map((a): Tensor | null => {
    if (!(a instanceof Tensor)) return null;
    if (!ctx._dirty.has(a) || !a.requires_grad) return a;
    if (a.is_leaf) throw new Error('a leaf Variable that requires grad has been used in an in-place operation.');
    const why = refusal(a);
    if (why) throw new Error(`${cls.name}.apply(): mark_dirty: ${why}`);
    const previous = new Tensor(a._storage, a.shape, a.dtype, a._strides, a._offset);
    previous._setGradFn(a.grad_fn!);
    return previous;
  });
  const tensorInputs = inputs.filter((t): t is Tensor => t !== null);

  const parked: (Tensor | undefined)[] = outs.map(() => undefined);
  const joint = record(zeros([], { dtype: 'float32' }), name, tensorInputs, () => {
    const grads = outs.map((o, i) => parked[i] ?? (o instanceof Tensor && ctx._materializeGrads ? zeros_like(o) : null));
    parked.fill(undefined);
    return checkGradients(name, inputs, cls.backward(ctx, ...grads)).filter((_g, k) => inputs[k] !== null);
  });

  const claimed = new Set<Tensor>();
  const returned = outs.map((o, i) => {
    if (!(o instanceof Tensor)) return o;
    const differentiable = isFloating(o.dtype) && !ctx._nonDifferentiable.has(o);
    // an argument or an already-claimed tensor returned as is gets an alias, as PyTorch returns a view of it
    const keep = ctx._dirty.has(o) || (!claimed.has(o) && !args.includes(o) && !o.requires_grad);
    const out = keep ? o : o.detach();
    claimed.add(o);
    if (differentiable) {
      out._setGradFn(
        new GradFn(name, [joint], (g) => {
          parked[i] = g;
          return [zeros([], { dtype: 'float32' })];
        }),
      );
    }
    return out;
  });
  return isTuple ? returned : returned[0];
}

/** Backward's result as one gradient (or null) per argument of apply, with PyTorch's checks and reductions. */
function checkGradients(name: string, inputs: readonly (Tensor | null)[], result: unknown): (Tensor | null)[] {
  let grads: unknown[] = Array.isArray(result) ? [...result] : [result];
  if (grads.length > inputs.length && grads.slice(inputs.length).every((g) => g === null || g === undefined)) grads = grads.slice(0, inputs.length);
  if (grads.length !== inputs.length) throw new Error(`function ${name} returned an incorrect number of gradients (expected ${inputs.length}, got ${grads.length})`);
  return grads.map((g, k) => {
    if (g === null || g === undefined) return null;
    if (!(g instanceof Tensor)) throw new TypeError(`expected Variable or None (got ${typeName(g)})`);
    const input = inputs[k];
    if (!input) throw new Error(`function ${name} returned a gradient different than None at position ${k + 1}, but the corresponding forward input was not a Variable`);
    let grad = g;
    if (!sameShape(grad.shape, input.shape)) {
      if (!expandableTo(input.shape, grad.shape)) throw new RangeError(`Function ${name} returned an invalid gradient at index ${k} - got ${fmtShape(grad.shape)} but expected shape compatible with ${fmtShape(input.shape)}`);
      grad = sumToShape(grad, input.shape);
    }
    return grad.dtype === input.dtype ? grad : grad.to(input.dtype);
  });
}

/** Whether `shape` broadcasts to `target` (then a gradient of shape target sums back down to it). */
function expandableTo(shape: readonly number[], target: readonly number[]): boolean {
  const lead = target.length - shape.length;
  return lead >= 0 && shape.every((s, i) => s === 1 || s === target[lead + i]);
}
