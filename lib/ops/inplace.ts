// In-place ops on tensors inside an autograd graph. PyTorch rewrites the tensor's history: its grad_fn becomes the
// in-place op's node, whose input is the tensor's previous version, and version counters catch any backward that
// would read the overwritten values. torchlet's graph links tensor objects (not versions) and a backward reads its
// tensors' data when it runs, so the rewrite is done only where no recorded backward can see the old values or
// the old history: no recorded op has used the tensor's storage yet (through it, a view or a detached alias), it is
// no view, and the op that produced it does not read its own output. Elsewhere the in-place op is refused (never a silently wrong gradient).
import { GradFn, is_grad_enabled, no_grad, usesOf } from '../autograd';
import { Tensor, checkTensor } from '../tensor';
import { checkInPlace, clone, copy_ } from './shape';

/**
 * grad_fns whose backward reads only their inputs (and tensors of their own), never their output: a tensor they
 * produced may be overwritten. The norms save xhat, which is their output when they have no weight and no bias.
 */
const OUTPUT_FREE = new Set(['AddBackward0', 'SubBackward0', 'MulBackward0', 'NegBackward0', 'AddmmBackward0', 'MmBackward0', 'BmmBackward0', 'CloneBackward0', 'CatBackward0', 'WhereBackward0', 'MaskedFillBackward0', 'ClampBackward1', 'ThresholdBackward0']);
const AFFINE_NORMS = new Set(['NativeBatchNormBackward0', 'NativeLayerNormBackward0']);

/** The nodes in-place ops gave their tensors: they pass the gradient on to the op's result, reading no data. */
const rewritten = new WeakSet<GradFn>();

/** Why x's history cannot be rewritten safely, or null when it can. */
export function refusal(x: Tensor): string | null {
  const producer = x.grad_fn!;
  if (producer.inputs.some((t) => t._storage === x._storage)) return 'in-place operations on a view inside an autograd graph are not supported; use the out-of-place form';
  if (usesOf(x) > 0) return 'in-place operations on a tensor that another recorded operation already used (it or a view of it) are not supported; use the out-of-place form';
  if (x._backward_hooks || x._retainsGrad) return 'in-place operations on a tensor with hooks or retain_grad() are not supported; use the out-of-place form';
  const safe = rewritten.has(producer) || OUTPUT_FREE.has(producer.name) || (AFFINE_NORMS.has(producer.name) && producer.inputs.length > 1);
  if (!safe) return `in-place operations on the output of ${producer.name} inside an autograd graph are not supported (its backward needs that value); use the out-of-place form`;
  return null;
}

/**
 * x.op_(): `f` (the out-of-place op) applied to x and written back into x, which is returned. Inside an autograd
 * graph, x's history becomes f's: gradients reaching x flow through f to x's previous version, as in PyTorch.
 * A leaf that requires grad is refused, as PyTorch refuses it.
 */
export function inplaceResult<T extends Tensor>(name: string, x: T, f: (x: Tensor) => Tensor): T {
  checkTensor(name, x, 'self');
  if (!(is_grad_enabled() && x.requires_grad)) return copy_(x, f(x), name);
  if (x.is_leaf) checkInPlace(name, x); // PyTorch's error for a leaf that requires grad
  const why = refusal(x);
  if (why) throw new Error(`${name}(): ${why}`);
  const previous = new Tensor(x._storage, x.shape, x.dtype, x._strides, x._offset);
  previous._setGradFn(x.grad_fn!);
  // f reads a copy of the previous values, as x's own storage is about to change. The copy's node is made here,
  // not recorded: it reads nothing in backward, so it is no use of x's storage that would bar a next in-place op
  const copy = no_grad(() => clone(previous));
  copy._setGradFn(new GradFn('CloneBackward0', [previous], (g) => [g]));
  const result = f(copy);
  no_grad(() => copy_(x.detach(), result, name));
  const node = new GradFn(result.grad_fn?.name ?? 'CopyBackwards', [result], (g) => [g]);
  rewritten.add(node);
  x._setGradFn(node);
  return x;
}

/**
 * x, which had no history and was just overwritten in place with `result`'s values, takes result's history (as
 * PyTorch's `torch.zeros(n).index_put_([i], v)` does when v requires grad); a later in-place op on x may rewrite it.
 */
export function adoptHistory(x: Tensor, result: Tensor): void {
  const node = new GradFn(result.grad_fn?.name ?? 'CopyBackwards', [result], (g) => [g]);
  rewritten.add(node);
  x._setGradFn(node);
}
