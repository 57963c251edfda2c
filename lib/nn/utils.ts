// torch.nn.utils: gradient clipping, the usual cure for the exploding gradients of deep or recurrent stacks, with
// PyTorch's formulas (torch/nn/utils/clip_grad.py): the total norm is the norm of the per-parameter norms, and
// every gradient is scaled by min(1, max_norm / (total + 1e-6)), in place.
import { no_grad } from '../autograd';
import { Tensor, typeName } from '../tensor';
import { norm } from '../ops/reduce';
import { stack } from '../ops/shape';
import { clamp, div } from '../ops/elementwise';
import { tensor } from '../ops/creation';
import { resolveArgs } from '../args';

export * as rnn from './rnn_utils';

type Parameters = Iterable<Tensor> | Tensor;

/** The gradients of `parameters` (a tensor or an iterable of them, as model.parameters() gives), skipping null ones. */
function gradients(op: string, parameters: Parameters): Tensor[] {
  const iterable = parameters != null && typeof (parameters as Iterable<Tensor>)[Symbol.iterator] === 'function';
  if (!(parameters instanceof Tensor) && !iterable) {
    throw new TypeError(`${op}(): argument 'parameters' must be a Tensor or an iterable of Tensors, not ${typeName(parameters)}`);
  }
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  for (const p of list) {
    if (!(p instanceof Tensor)) throw new TypeError(`${op}(): 'parameters' must hold Tensors, not ${typeName(p)}`);
  }
  return list.flatMap((p) => (p.grad ? [p.grad] : []));
}

/** Python's float argument: a number, or 'inf' / '-inf' for norm_type (float('inf')). */
function floatArg(op: string, name: string, v: unknown): number {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (typeof v !== 'number') throw new TypeError(`${op}(): argument '${name}' must be float, not ${typeName(v)}`);
  return v;
}

export interface ClipGradNormOptions {
  max_norm?: number;
  norm_type?: number | 'inf';
  error_if_nonfinite?: boolean;
  foreach?: boolean | null;
}

/**
 * torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type = 2, error_if_nonfinite = false): scales the
 * gradients in place so that their total norm is at most max_norm; returns the total norm before clipping.
 */
export function clip_grad_norm_(
  parameters: Parameters,
  max_norm: number | ClipGradNormOptions,
  norm_type?: number | 'inf' | ClipGradNormOptions,
  error_if_nonfinite?: boolean | ClipGradNormOptions,
  foreach?: boolean | null | ClipGradNormOptions,
): Tensor {
  const op = 'clip_grad_norm_';
  const a = resolveArgs<ClipGradNormOptions>(op, ['max_norm', 'norm_type', 'error_if_nonfinite', 'foreach'], { norm_type: 2, error_if_nonfinite: false, foreach: null }, arguments, 1);
  const maxNorm = floatArg(op, 'max_norm', a.max_norm);
  const p = floatArg(op, 'norm_type', a.norm_type);
  const grads = gradients(op, parameters);
  if (grads.length === 0) return tensor(0);
  return no_grad(() => {
    const norms = grads.map((g) => norm(g, p));
    const total = norms.length === 1 ? norms[0] : norm(stack(norms), p);
    if (a.error_if_nonfinite && !Number.isFinite(total.item() as number)) {
      throw new Error(
        `The total norm of order ${p} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable ` +
          'this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
      );
    }
    const coef = clamp(div(tensor(maxNorm, { dtype: total.dtype }), total.add(1e-6)), null, 1);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/** torch.nn.utils.clip_grad_value_(parameters, clip_value): clamps every gradient to [-clip_value, clip_value] in place. */
export interface ClipGradValueOptions {
  clip_value?: number;
  foreach?: boolean | null;
}
export function clip_grad_value_(
  parameters: Parameters,
  clip_value: number | ClipGradValueOptions,
  foreach?: boolean | null | ClipGradValueOptions,
): void {
  const op = 'clip_grad_value_';
  const a = resolveArgs<ClipGradValueOptions>(op, ['clip_value', 'foreach'], { foreach: null }, arguments, 1);
  const limit = floatArg(op, 'clip_value', a.clip_value);
  const grads = gradients(op, parameters);
  no_grad(() => {
    for (const g of grads) g.clamp_(-limit, limit);
  });
}
