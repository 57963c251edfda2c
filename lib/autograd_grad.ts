// torch.autograd.grad: the gradients of outputs with respect to chosen inputs, returned instead of accumulated
// into .grad (the backward pass of Tensor.backward, capturing what reaches the inputs).
import { runBackward } from './autograd';
import { Tensor, checkTensor, typeName } from './tensor';
import { fmtShape } from './shape';
import { onesLike } from './ops/shape';
import { resolveArgs } from './args';

export interface GradOptions {
  grad_outputs?: Tensor | readonly (Tensor | null)[] | null;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  only_inputs?: boolean;
  allow_unused?: boolean;
  is_grads_batched?: boolean;
}

const list = (op: string, name: string, v: unknown): Tensor[] => {
  const items = v instanceof Tensor ? [v] : Array.isArray(v) ? v : null;
  if (!items) throw new TypeError(`${op}(): ${name} must be a Tensor or a list of Tensors, not ${typeName(v)}`);
  return items.map((t, i) => checkTensor(op, t, `${name}[${i}]`, 1));
};

/**
 * torch.autograd.grad(outputs, inputs, grad_outputs = null, retain_graph = null, create_graph = false,
 * only_inputs = true, allow_unused = false): d(sum of outputs . grad_outputs)/d(input) for each input, as a list;
 * .grad is left alone. The graph is kept either way (nothing frees it here), and create_graph (higher-order
 * gradients) is refused: backward passes run without recording.
 */
export function autogradGrad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  grad_outputs?: Tensor | readonly (Tensor | null)[] | null | GradOptions,
  options?: GradOptions,
): (Tensor | null)[] {
  const op = 'grad';
  const a = resolveArgs<GradOptions>(op, ['grad_outputs', 'retain_graph', 'create_graph', 'only_inputs', 'allow_unused', 'is_grads_batched'], { grad_outputs: null, retain_graph: null, create_graph: false, only_inputs: true, allow_unused: false, is_grads_batched: false }, arguments, 2);
  if (a.create_graph) throw new TypeError(`${op}(): create_graph=True (higher-order gradients) is not supported`);
  if (a.is_grads_batched) throw new TypeError(`${op}(): is_grads_batched=True is not supported`);
  const outs = list(op, 'outputs', outputs);
  const ins = list(op, 'inputs', inputs);
  const given = a.grad_outputs === null || a.grad_outputs === undefined ? [] : a.grad_outputs instanceof Tensor ? [a.grad_outputs] : [...a.grad_outputs];
  if (given.length && given.length !== outs.length) throw new RangeError(`${op}(): grad_outputs has ${given.length} entries, but there are ${outs.length} outputs`);
  const roots = outs.map((out, i): [Tensor, Tensor] => {
    if (!out.requires_grad) throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    const g = given[i];
    if (g === null || g === undefined) {
      if (out.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      return [out, onesLike(out)];
    }
    checkTensor(op, g, `grad_outputs[${i}]`, 3);
    if (g.shape.join() !== out.shape.join()) {
      throw new RangeError(`${op}(): Mismatch in shape: grad_output[${i}] has a shape of ${fmtShape(g.shape)} and output[${i}] has a shape of ${fmtShape(out.shape)}.`);
    }
    return [out, g.detach()];
  });
  if (ins.some((t) => !t.requires_grad)) throw new Error('One of the differentiated Tensors does not require grad');
  const captured = runBackward(roots, new Set(ins));
  return ins.map((t) => {
    const g = captured.get(t);
    if (g) return g._ownedCopy();
    if (!a.allow_unused) throw new Error('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
    return null;
  });
}
