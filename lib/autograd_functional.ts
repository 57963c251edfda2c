// torch.autograd.functional: vjp, jacobian and jvp of a function of tensors, all by reverse mode (torch.autograd.grad).
// torchlet has no double backward (grad's create_graph=True), so jvp is J v from the Jacobian, computed exactly
// (not PyTorch's double-vjp trick), and hessian / vhp / hvp, which need the gradient of a gradient, are refused.
import { enable_grad } from './autograd';
import { autogradGrad } from './autograd_grad';
import { Tensor, typeName } from './tensor';
import { fmtShape } from './shape';
import { zeros, zeros_like } from './ops/creation';
import { stack } from './ops/shape';
import { resolveArgs } from './args';

type Tensors = Tensor | readonly Tensor[];
type Func = (...inputs: Tensor[]) => Tensors;

/** (whether it was a tuple, its tensors): PyTorch's _as_tuple, an array standing for a tuple. */
function asTuple(op: string, what: string, v: unknown): [boolean, Tensor[]] {
  const isTuple = Array.isArray(v);
  const items = isTuple ? (v as unknown[]) : [v];
  if (!items.every((t) => t instanceof Tensor)) {
    const bad = isTuple ? items.find((t) => !(t instanceof Tensor)) : v;
    throw new TypeError(`The ${what} given to ${op} must be either a Tensor or a tuple of Tensors but the given ${what} has type ${typeName(bad)}.`);
  }
  return [isTuple, items as Tensor[]];
}

/** Runs func on fresh leaves that require grad (cut off from the caller's graph, as PyTorch's _grad_preprocess). */
function evaluate(op: string, func: Func, inputs: unknown): { inTuple: boolean; ins: Tensor[]; outTuple: boolean; outs: Tensor[] } {
  if (typeof func !== 'function') throw new TypeError(`${op}(): argument 'func' must be a function, not ${typeName(func)}`);
  const [inTuple, given] = asTuple(op, 'inputs', inputs);
  const ins = given.map((t) => t.detach().requires_grad_());
  const [outTuple, outs] = asTuple(op, 'outputs of the user-provided function', enable_grad(() => func(...ins)));
  return { inTuple, ins, outTuple, outs };
}

function refuseCreateGraph(op: string, create_graph: unknown): void {
  if (create_graph) throw new TypeError(`${op}(): create_graph=True needs double backward (torch.autograd.grad with create_graph=True), which torchlet does not support`);
}

/** v as a list matching `other`, with PyTorch's _validate_v errors. */
function validateV(op: string, v: unknown, other: readonly Tensor[], otherIsTuple: boolean): Tensor[] {
  const [, vs] = asTuple(op, 'v', v);
  if (vs.length !== other.length) {
    if (otherIsTuple) throw new RangeError(`v is a tuple of invalid length: should be ${other.length} but got ${vs.length}.`);
    throw new RangeError('The given v should contain a single Tensor.');
  }
  vs.forEach((t, i) => {
    if (fmtShape(t.shape) !== fmtShape(other[i].shape)) {
      const prepend = otherIsTuple ? `Entry ${i} in ` : '';
      throw new RangeError(`${prepend}v has invalid size: should be torch.Size(${fmtShape(other[i].shape)}) but got torch.Size(${fmtShape(t.shape)}).`);
    }
  });
  return vs;
}

/** d(sum of outs . vs)/d(ins); inputs nothing reached get zeros (strict: an error, in PyTorch's words). */
function reverse(outs: readonly Tensor[], vs: readonly Tensor[], ins: readonly Tensor[], strict: boolean): Tensor[] {
  const used = outs.map((o, i) => [o, vs[i]] as const).filter(([o], i) => {
    if (!o.requires_grad && strict) throw new Error(`Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`);
    return o.requires_grad;
  });
  const grads = used.length ? autogradGrad(used.map(([o]) => o), [...ins], { grad_outputs: used.map(([, v]) => v), allow_unused: true }) : ins.map(() => null);
  return grads.map((g, j) => {
    if (g) return g;
    if (strict) throw new Error(`The output of the user-provided function is independent of input ${j}. This is not allowed in strict mode.`);
    return zeros_like(ins[j]);
  });
}

const detached = (isTuple: boolean, ts: readonly Tensor[]): Tensors => (isTuple ? ts.map((t) => t.detach()) : ts[0].detach());

interface VjpOptions {
  v?: Tensors | null;
  create_graph?: boolean;
  strict?: boolean;
}

/**
 * torch.autograd.functional.vjp(func, inputs, v = null, create_graph = false, strict = false): [func(inputs), v^T J],
 * the second shaped as inputs. v may be omitted when func returns a single one-element tensor.
 */
export function vjp(func: Func, inputs: Tensors, v?: Tensors | null | VjpOptions, create_graph?: boolean | VjpOptions, strict?: boolean | VjpOptions): [Tensors, Tensors] {
  const a = resolveArgs<VjpOptions>('vjp', ['v', 'create_graph', 'strict'], { v: null, create_graph: false, strict: false }, arguments, 2);
  refuseCreateGraph('vjp', a.create_graph);
  const { inTuple, ins, outTuple, outs } = evaluate('vjp', func, inputs);
  let vs: Tensor[];
  if (a.v === null || a.v === undefined) {
    if (outs.length !== 1 || outs[0].numel() !== 1) throw new Error('The vector v can only be None if the user-provided function returns a single Tensor with a single element.');
    vs = [zeros_like(outs[0]).add(1)];
  } else vs = validateV('vjp', a.v, outs, outTuple);
  const grads = reverse(outs, vs, ins, !!a.strict);
  return [detached(outTuple, outs), inTuple ? grads : grads[0]];
}

interface JacobianOptions {
  create_graph?: boolean;
  strict?: boolean;
  vectorize?: boolean;
  strategy?: 'reverse-mode' | 'forward-mode';
}

/** J[i][j]: output i's Jacobian w.r.t. input j, shaped output.shape + input.shape, one backward per output element. */
function jacobianBlocks(outs: readonly Tensor[], ins: readonly Tensor[], strict: boolean): Tensor[][] {
  return outs.map((out, i) => {
    const rows: Tensor[][] = ins.map(() => []);
    const flat = out.reshape(-1);
    for (let e = 0; e < flat.numel(); e++) {
      const onehot = zeros_like(flat);
      onehot._storage[onehot._offset + e] = 1;
      const grads = reverse([out], [onehot.reshape(out.shape)], ins, false);
      grads.forEach((g, j) => rows[j].push(g));
    }
    return ins.map((inp, j) => {
      if (strict) {
        // PyTorch's strict check: every output depends on every input
        if (!out.requires_grad) throw new Error(`Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`);
        if (out.numel() && !autogradGrad([out], [inp], { grad_outputs: [zeros_like(out).add(1)], allow_unused: true })[0]) {
          throw new Error(`Output ${i} of the user-provided function is independent of input ${j}. This is not allowed in strict mode.`);
        }
      }
      const shape = [...out.shape, ...inp.shape];
      return rows[j].length ? stack(rows[j]).reshape(shape) : zeros(shape, { dtype: inp.dtype });
    });
  });
}

/**
 * torch.autograd.functional.jacobian(func, inputs, create_graph = false, strict = false, vectorize = false,
 * strategy = 'reverse-mode'): output.shape + input.shape blocks, nested as PyTorch nests them (a tuple per output
 * of a tuple per input, when those are tuples). Computed row by row with autograd.grad: vectorize changes nothing
 * but speed in PyTorch and is accepted; 'forward-mode' (which PyTorch allows only with vectorize) gives the same
 * values by reverse mode.
 */
export function jacobian(func: Func, inputs: Tensors, create_graph?: boolean | JacobianOptions, strict?: boolean | JacobianOptions, vectorize?: boolean | JacobianOptions, strategy?: string | JacobianOptions): Tensors | Tensor[][] {
  const a = resolveArgs<JacobianOptions>('jacobian', ['create_graph', 'strict', 'vectorize', 'strategy'], { create_graph: false, strict: false, vectorize: false, strategy: 'reverse-mode' }, arguments, 2);
  if (a.strategy !== 'reverse-mode' && a.strategy !== 'forward-mode') throw new RangeError(`Expected strategy to be either "forward-mode" or "reverse-mode". Hmm, got ${String(a.strategy)}`);
  if (a.strategy === 'forward-mode' && !a.vectorize) throw new Error('Computing Jacobian using forward-AD or forward-over-reverse Hessian is only implemented for `vectorize=True`.');
  if (a.strategy === 'forward-mode' && a.strict) throw new Error('torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `strict=False` or `strategy="reverse-mode"`.');
  refuseCreateGraph('jacobian', a.create_graph);
  const { inTuple, ins, outTuple, outs } = evaluate('jacobian', func, inputs);
  const blocks = jacobianBlocks(outs, ins, !!a.strict);
  const perOutput = blocks.map((row) => (inTuple ? row : row[0]));
  return (outTuple ? perOutput : perOutput[0]) as Tensors | Tensor[][];
}

/**
 * torch.autograd.functional.jvp(func, inputs, v = null, create_graph = false, strict = false): [func(inputs), J v],
 * the second shaped as the outputs. Computed exactly as J v from the Jacobian (no double backward in torchlet).
 */
export function jvp(func: Func, inputs: Tensors, v?: Tensors | null | VjpOptions, create_graph?: boolean | VjpOptions, strict?: boolean | VjpOptions): [Tensors, Tensors] {
  const a = resolveArgs<VjpOptions>('jvp', ['v', 'create_graph', 'strict'], { v: null, create_graph: false, strict: false }, arguments, 2);
  refuseCreateGraph('jvp', a.create_graph);
  const { inTuple, ins, outTuple, outs } = evaluate('jvp', func, inputs);
  let vs: Tensor[];
  if (a.v === null || a.v === undefined) {
    if (ins.length !== 1 || ins[0].numel() !== 1) throw new Error('The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.');
    vs = [zeros_like(ins[0]).add(1)];
  } else vs = validateV('jvp', a.v, ins, inTuple);
  const blocks = jacobianBlocks(outs, ins, !!a.strict);
  const products = outs.map((out, i) =>
    ins
      .map((inp, j) => blocks[i][j].reshape(out.numel(), inp.numel()).matmul(vs[j].reshape(-1).to(blocks[i][j].dtype)))
      .reduce((s, t) => s.add(t))
      .reshape(out.shape),
  );
  return [detached(outTuple, outs), outTuple ? products : products[0]];
}

function needsDoubleBackward(op: string): never {
  throw new TypeError(`${op}(): needs double backward (torch.autograd.grad with create_graph=True), which torchlet does not support`);
}

/** torch.autograd.functional.hessian: refused, it differentiates a gradient (create_graph=True is not supported). */
export function hessian(..._args: unknown[]): never {
  return needsDoubleBackward('hessian');
}
/** torch.autograd.functional.vhp: refused, as hessian. */
export function vhp(..._args: unknown[]): never {
  return needsDoubleBackward('vhp');
}
/** torch.autograd.functional.hvp: refused, as hessian. */
export function hvp(..._args: unknown[]): never {
  return needsDoubleBackward('hvp');
}
