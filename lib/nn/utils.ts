// torch.nn.utils: gradient clipping, the usual cure for the exploding gradients of deep or recurrent stacks, with
// PyTorch's formulas (torch/nn/utils/clip_grad.py): the total norm is the norm of the per-parameter norms, and
// every gradient is scaled by min(1, max_norm / (total + 1e-6)), in place. Also parameters as one vector and
// back, skip_init, and (in their own files) weight_norm and spectral_norm.
import { no_grad } from '../autograd';
import { Tensor, typeName } from '../tensor';
import { norm } from '../ops/reduce';
import { cat, stack } from '../ops/shape';
import { clamp, div } from '../ops/elementwise';
import { tensor } from '../ops/creation';
import { checkDevice, isOptions, resolveArgs } from '../args';
import { warnOnce } from '../utils/warnings';
import { saveRandomState } from '../random';
import { Module } from './module';

export * as rnn from './rnn_utils';
export * as prune from './prune';
export { weight_norm, remove_weight_norm } from './weight_norm';
export { spectral_norm, remove_spectral_norm } from './spectral_norm';
export type { SpectralNormOptions } from './spectral_norm';
export * as parametrize from './parametrize';
export * as parametrizations from './parametrizations';
export * as fusion from './fusion';
export { fuse_conv_bn_eval, fuse_conv_bn_weights } from './fusion';

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

/**
 * torch.nn.utils.clip_grad_norm(parameters, max_norm, norm_type = 2, error_if_nonfinite = false): the deprecated
 * name of clip_grad_norm_ (without its foreach argument): warns once, then clips.
 */
export function clip_grad_norm(
  parameters: Parameters,
  max_norm: number | Omit<ClipGradNormOptions, 'foreach'>,
  norm_type?: number | 'inf' | Omit<ClipGradNormOptions, 'foreach'>,
  error_if_nonfinite?: boolean | Omit<ClipGradNormOptions, 'foreach'>,
): Tensor {
  const a = resolveArgs<ClipGradNormOptions>('clip_grad_norm', ['max_norm', 'norm_type', 'error_if_nonfinite'], { norm_type: 2, error_if_nonfinite: false }, arguments, 1);
  warnOnce('torch.nn.utils.clip_grad_norm is now deprecated in favor of torch.nn.utils.clip_grad_norm_.');
  return clip_grad_norm_(parameters, a);
}

/** The tensors of `parameters` (an iterable, as model.parameters() gives), checked. */
function tensorList(op: string, parameters: Iterable<Tensor>): Tensor[] {
  if (parameters == null || typeof (parameters as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${op}(): argument 'parameters' must be an iterable of Tensors, not ${typeName(parameters)}`);
  }
  const list = [...parameters];
  for (const p of list) {
    if (!(p instanceof Tensor)) throw new TypeError(`${op}(): 'parameters' must hold Tensors, not ${typeName(p)}`);
  }
  return list;
}

/** torch.nn.utils.parameters_to_vector(parameters): the parameters flattened and concatenated (in the autograd graph). */
export function parameters_to_vector(parameters: Iterable<Tensor>): Tensor {
  const list = tensorList('parameters_to_vector', parameters);
  return cat(list.map((p) => p.view(-1)));
}

/**
 * torch.nn.utils.vector_to_parameters(vec, parameters): points each parameter, in order, at its slice of vec (as
 * PyTorch's `param.data = ...`: the parameter then shares vec's memory and takes its dtype; its identity,
 * requires_grad and .grad stay). A vec longer than the parameters is fine; a shorter one fails in view.
 */
export function vector_to_parameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${typeName(vec)}`);
  let pointer = 0;
  for (const param of tensorList('vector_to_parameters', parameters)) {
    const n = param.numel();
    param._setData(vec.detach().slice(0, pointer, pointer + n).view_as(param));
    pointer += n;
  }
}

/**
 * torch.nn.utils.skip_init(module_cls, ...args): a module_cls(...args) whose parameters and buffers are left
 * uninitialized, which in torchlet means zero-filled (torchlet's torch.empty). As in PyTorch, building it draws
 * nothing from the random generator: the initializers still run, but the generator's state is restored after.
 * A `device` in the trailing options object is taken by skip_init ('cpu' only), as PyTorch's is.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the class's own arguments, plus a device option
export function skip_init<M extends Module>(module_cls: new (...args: any[]) => M, ...args: unknown[]): M {
  const isModuleClass = typeof module_cls === 'function' && (module_cls === Module || module_cls.prototype instanceof Module);
  if (!isModuleClass) throw new TypeError(`skip_init(): Expected a Module; got ${typeof module_cls === 'function' ? (module_cls as { name: string }).name || 'function' : typeName(module_cls)}`);
  const last = args[args.length - 1];
  if (isOptions(last) && 'device' in last) {
    const { device, ...rest } = last;
    checkDevice('skip_init', device);
    args = Object.keys(rest).length ? [...args.slice(0, -1), rest] : args.slice(0, -1);
  }
  const restore = saveRandomState();
  let module: M;
  try {
    module = new module_cls(...args);
  } finally {
    restore();
  }
  no_grad(() => {
    for (const t of [...module.parameters(), ...module.buffers()]) t.zero_();
  });
  return module;
}
