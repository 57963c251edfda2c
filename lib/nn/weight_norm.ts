// torch.nn.utils.weight_norm / remove_weight_norm (Salimans & Kingma 2016), as PyTorch 1.13's
// torch/nn/utils/weight_norm.py: the parameter `name` is replaced by a magnitude `name_g` and a direction `name_v`,
// and a forward pre-hook recomputes `name` = name_g * name_v / ||name_v|| (a plain tensor in the autograd graph)
// before every call, so gradients reach g and v.
import { Tensor, typeName } from '../tensor';
import { no_grad } from '../autograd';
import { normalizeDim } from '../shape';
import { resolveArgs } from '../args';
import { Module, Parameter, type ForwardPreHook } from './module';

/** A module's properties by name (its parameters, and the plain tensors the reparametrizations set). */
export type Attributes = Record<string, unknown>;

/** @internal What weight_norm and spectral_norm know of a reparametrization: its parameter and how to undo it. */
export interface Reparametrization {
  kind: 'weight_norm' | 'spectral_norm';
  name: string;
  /** Makes `name` a parameter again, with the current reparametrized value (the hook itself is left). */
  remove(): void;
}

/** @internal The reparametrization behind each pre-hook that weight_norm and spectral_norm registered. */
const reparametrizations = new WeakMap<ForwardPreHook, Reparametrization>();

/** @internal Registers `hook` as `module`'s forward pre-hook for reparametrization `r`. */
export function registerReparametrization(module: Module, hook: ForwardPreHook, r: Reparametrization): void {
  reparametrizations.set(hook, r);
  module.register_forward_pre_hook(hook);
}

/** @internal The id of the pre-hook of `kind` that reparametrizes `name` in `module`, with its reparametrization. */
export function findReparametrization(module: Module, kind: Reparametrization['kind'], name: string): [number, Reparametrization] | undefined {
  for (const [id, hook] of module._forward_pre_hooks) {
    const r = reparametrizations.get(hook);
    if (r && r.kind === kind && r.name === name) return [id, r];
  }
  return undefined;
}

/** @internal remove_weight_norm / remove_spectral_norm: undoes the reparametrization of `name` and drops its hook. */
export function removeReparametrization<M extends Module>(module: M, kind: Reparametrization['kind'], name: string): M {
  const found = findReparametrization(module, kind, name);
  if (!found) throw new RangeError(`${kind} of '${name}' not found in ${String(module)}`);
  found[1].remove();
  module._forward_pre_hooks.delete(found[0]);
  return module;
}

/** @internal The module argument, checked. */
export function checkModule(op: string, module: unknown): Module {
  if (!(module instanceof Module)) throw new TypeError(`${op}(): argument 'module' must be Module, not ${typeName(module)}`);
  return module;
}

/** @internal The parameter name argument, checked. */
export function checkName(op: string, name: unknown): string {
  if (typeof name !== 'string') throw new TypeError(`${op}(): argument 'name' must be str, not ${typeName(name)}`);
  return name;
}

/**
 * torch.norm_except_dim(v, 2, dim): the 2-norm of v over every dimension but `dim`, shaped to broadcast against
 * v (size 1 elsewhere); dim -1 means over all of v (a 0-d tensor), which is what weight_norm's dim=None becomes.
 */
function normExceptDim(v: Tensor, dim: number): Tensor {
  if (dim === -1) return v.norm();
  const d = normalizeDim('weight_norm', dim, v.dim());
  const shape = v.shape.map((n, i) => (i === d ? n : 1));
  return v.transpose(0, d).reshape(v.shape[d], -1).norm(2, 1).reshape(shape);
}

/** weight_norm(module, name = 'weight', dim = 0): see the file comment; dim null normalizes over the whole tensor. */
export function weight_norm<M extends Module>(module: M, name: string | { name?: string; dim?: number | null } = 'weight', dim: number | null = 0): M {
  const op = 'weight_norm';
  const a = resolveArgs(op, ['name', 'dim'], { name: 'weight', dim: 0 as number | null }, arguments, 1);
  checkModule(op, module);
  const key = checkName(op, a.name);
  if (findReparametrization(module, op, key)) throw new Error(`Cannot register two weight_norm hooks on the same parameter ${key}`);
  const attrs = module as unknown as Attributes;
  if (!(key in attrs)) throw new TypeError(`'${module.constructor.name}' object has no attribute '${key}'`);
  const weight = attrs[key];
  if (!(weight instanceof Tensor)) throw new TypeError(`norm_except_dim(): argument 'v' (position 1) must be Tensor, not ${typeName(weight)}`);
  if (!(weight instanceof Parameter)) throw new TypeError(`${op}(): '${key}' of ${module.constructor.name} is not a parameter`);
  const normDim = a.dim ?? -1;
  if (!Number.isInteger(normDim)) throw new TypeError(`${op}(): argument 'dim' must be int, not ${typeName(normDim)}`);
  const g = no_grad(() => normExceptDim(weight, normDim));
  // g and v go last in the parameter order, as PyTorch appends them; v shares the old parameter's storage
  delete attrs[key];
  attrs[`${key}_g`] = new Parameter(g);
  attrs[`${key}_v`] = new Parameter(weight.detach());
  const compute = () => {
    const v = attrs[`${key}_v`] as Tensor;
    return v.mul((attrs[`${key}_g`] as Tensor).div(normExceptDim(v, normDim)));
  };
  attrs[key] = compute();
  const remove = () => {
    const w = no_grad(compute);
    delete attrs[key];
    delete attrs[`${key}_g`];
    delete attrs[`${key}_v`];
    attrs[key] = new Parameter(w);
  };
  registerReparametrization(module, () => void (attrs[key] = compute()), { kind: op, name: key, remove });
  return module;
}

/** remove_weight_norm(module, name = 'weight'): `name` becomes a parameter again, with the weight g and v give. */
export function remove_weight_norm<M extends Module>(module: M, name: string | { name?: string } = 'weight'): M {
  const op = 'remove_weight_norm';
  const key = checkName(op, resolveArgs(op, ['name'], { name: 'weight' }, arguments, 1).name);
  checkModule(op, module);
  return removeReparametrization(module, 'weight_norm', key);
}
