// copy.deepcopy of a module, as torch.nn.utils.fusion and torch.optim.swa_utils.AveragedModel need it.
import { Tensor } from '../tensor';
import { Module, Parameter } from './module';

/** A copy of a module (PyTorch's copy.deepcopy): its tensors cloned, its submodules copied, the rest shared. */
export function deepcopy<M extends Module>(module: M, memo = new Map<unknown, unknown>()): M {
  if (memo.has(module)) return memo.get(module) as M;
  const copy = new Module();
  Object.setPrototypeOf(copy, Object.getPrototypeOf(module));
  memo.set(module, copy);
  copy.training = module.training;
  const copyValue = (v: unknown): unknown => {
    if (memo.has(v)) return memo.get(v);
    let c = v;
    if (v instanceof Parameter) c = new Parameter(v.detach().clone(), v.requires_grad);
    else if (v instanceof Tensor) c = v.detach().clone().requires_grad_(v.requires_grad);
    else if (v instanceof Module) c = deepcopy(v, memo);
    else if (Array.isArray(v)) c = v.map(copyValue);
    if (v !== null && typeof v === 'object') memo.set(v, c);
    return c;
  };
  for (const [name, b] of module._buffers) copy.register_buffer(name, copyValue(b) as Tensor | null);
  for (const [id, hook] of module._forward_pre_hooks) copy._forward_pre_hooks.set(id, hook);
  for (const [id, hook] of module._forward_hooks) copy._forward_hooks.set(id, hook);
  for (const [id, hook] of module._backward_hooks) copy._backward_hooks.set(id, hook);
  for (const [name, desc] of Object.entries(Object.getOwnPropertyDescriptors(module))) {
    // what the Module constructor made, and the buffers' accessors (registered above)
    if (name in Object.getOwnPropertyDescriptors(copy) || !('value' in desc)) continue;
    Object.defineProperty(copy, name, { ...desc, value: copyValue(desc.value) });
  }
  return copy as M;
}
