// torch.nn.utils.parametrize, as PyTorch 1.13's torch/nn/utils/parametrize.py: register_parametrization(module,
// 'weight', p) moves the parameter (or buffer) to module.parametrizations.weight.original and makes module.weight
// an accessor that computes p(original) on every read (so gradients reach `original`) and calls p.right_inverse
// on every write. As PyTorch swaps the module's class for a `Parametrized<Class>` subclass holding a property, the
// module's prototype becomes such a subclass holding the accessor: an own property would be read by traversal
// (torchlet discovers parameters and children from the instance's own properties), a prototype one is not, and
// `parametrizations` is an ordinary ModuleDict child, so parameters(), state_dict keys and the repr are PyTorch's.
import { Tensor, typeName } from '../tensor';
import { no_grad } from '../autograd';
import { resolveArgs } from '../args';
import { Module, Parameter } from './module';
import { ModuleDict } from './containers';
import { ModuleList } from './layers';

/** Python's NotImplementedError: a parametrization's right_inverse may throw it to mean "the identity" at registration. */
export class NotImplementedError extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'NotImplementedError';
  }
}
const notImplemented = (e: unknown) => e instanceof Error && e.name === 'NotImplementedError';

// ------------------------------------------------------------------------------------------------ caching

let cacheEnabled = 0;
/** The parametrized values computed inside cached(), by module and tensor name. */
let cache = new Map<Module, Map<string, Tensor>>();

/**
 * parametrize.cached(fn): runs fn with parametrized tensors computed once and reused (PyTorch's `with
 * P.cached():` block), for a parametrized weight used several times in one forward; returns what fn returns.
 */
export function cached<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`cached(): argument 'fn' must be a function, not ${typeName(fn)}`);
  cacheEnabled++;
  try {
    return fn();
  } finally {
    cacheEnabled--;
    if (!cacheEnabled) cache = new Map();
  }
}

// ------------------------------------------------------------------------------------- ParametrizationList

type Attributes = Record<string, unknown>;
type RightInverse = { right_inverse?: (value: Tensor) => unknown };
const torchSize = (shape: readonly number[]) => `torch.Size([${shape.join(', ')}])`;
const torchDtype = (t: Tensor) => `torch.${t.dtype}`;

/** PyTorch's `t.set_(value)` under no_grad: t keeps its identity (an optimizer holds it) and takes value's data. */
function setData(t: Tensor, value: Tensor): void {
  if (value === t) return;
  if (t.shape.join() !== value.shape.join()) {
    // set_ may change the shape too; _setData keeps it, so give t the new shape first
    (t as { shape: readonly number[] }).shape = value.shape;
    t._strides = value._strides;
  }
  t._setData(value);
}

/** A parameter registered as one (a tensor that is not a Parameter becomes a buffer), as PyTorch's helper does. */
function registerParameterOrBuffer(module: Module, name: string, t: Tensor): void {
  if (t instanceof Parameter) module.register_parameter(name, t);
  else module.register_buffer(name, t);
}

/**
 * ParametrizationList: the parametrizations of one tensor, in order, and the unconstrained tensor(s) they start
 * from: `original`, or `original0`, `original1`, ... when the first right_inverse returns several tensors. Built
 * by register_parametrization, not by users (as in PyTorch).
 */
export class ParametrizationList extends ModuleList {
  declare original: Tensor;
  /** Whether a parametrization may change the tensor's shape and dtype (no consistency checks). */
  unsafe: boolean;
  /** Whether `original` is one tensor (else original0, original1, ...). */
  is_tensor: boolean;
  ntensors: number;

  constructor(modules: Module[], original: Tensor, unsafe = false) {
    if (modules.length === 0) throw new RangeError('ParametrizationList requires one or more modules.');
    super(modules);
    this.unsafe = unsafe;
    const originalShape = original.shape;
    const originalDtype = original.dtype;

    // the unconstrained value: the right inverses, last to first (a missing or unimplemented one is the identity)
    let value: unknown = original;
    no_grad(() => {
      for (const m of [...this].reverse()) {
        const inverse = (m as unknown as RightInverse).right_inverse;
        if (typeof inverse !== 'function') continue;
        try {
          value = inverse.call(m, value as Tensor);
        } catch (e) {
          if (!notImplemented(e)) throw e;
        }
      }
    });
    if (!(value instanceof Tensor) && !Array.isArray(value)) {
      throw new TypeError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${typeName(value)}`);
    }
    this.is_tensor = value instanceof Tensor;
    this.ntensors = value instanceof Tensor ? 1 : value.length;
    if (value instanceof Tensor) {
      if (value.dtype !== original.dtype) {
        throw new TypeError(
          `When \`right_inverse\` outputs one tensor, it may not change the dtype.\noriginal.dtype: ${torchDtype(original)}\nright_inverse(original).dtype: ${torchDtype(value)}`,
        );
      }
      // the original tensor itself takes the value, so an optimizer that holds it keeps training it
      const v = value;
      no_grad(() => setData(original, v));
      registerParameterOrBuffer(this, 'original', original);
    } else {
      value.forEach((t: unknown, i: number) => {
        if (!(t instanceof Tensor)) {
          throw new TypeError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got element ${i} of the sequence with type ${typeName(t)}.`);
        }
        const originali = original instanceof Parameter ? new Parameter(t, false) : t;
        originali.requires_grad_(original.requires_grad);
        registerParameterOrBuffer(this, `original${i}`, originali);
      });
    }

    if (!this.unsafe) {
      // forward(right_inverse(original)) must be a tensor of the original's shape and dtype
      const Z: unknown = this();
      if (!(Z instanceof Tensor)) throw new TypeError(`A parametrization must return a tensor. Got ${typeName(Z)}.`);
      if (Z.dtype !== originalDtype) {
        throw new TypeError(
          'Registering a parametrization may not change the dtype of the tensor, unless `unsafe` flag is enabled.\n' +
            `unparametrized dtype: torch.${originalDtype}\nparametrized dtype: ${torchDtype(Z)}`,
        );
      }
      if (Z.shape.join() !== originalShape.join()) {
        throw new RangeError(
          'Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag is enabled.\n' +
            `unparametrized shape: ${torchSize(originalShape)}\nparametrized shape: ${torchSize(Z.shape)}`,
        );
      }
    }
  }

  /**
   * Stores in `original` (or original0, original1, ...) the right inverses of `value`, last parametrization
   * first: what `module.weight = value` does.
   */
  right_inverse(value: Tensor): void {
    no_grad(() => {
      let v: unknown = value;
      for (const m of [...this].reverse()) {
        const inverse = (m as unknown as RightInverse).right_inverse;
        if (typeof inverse !== 'function') throw new Error(`parametrization ${m.constructor.name} does not implement right_inverse.`);
        v = inverse.call(m, v as Tensor);
      }
      if (this.is_tensor) {
        if (!(v instanceof Tensor)) throw new TypeError(`\`right_inverse\` should return a tensor. Got ${typeName(v)}`);
        if (v.dtype !== this.original.dtype) {
          throw new TypeError(`The tensor returned by \`right_inverse\` has dtype ${torchDtype(v)} while \`original\` has dtype ${torchDtype(this.original)}`);
        }
        setData(this.original, v);
        return;
      }
      if (!Array.isArray(v)) throw new TypeError(`'right_inverse' must return a sequence of tensors. Got ${typeName(v)}.`);
      if (v.length !== this.ntensors) {
        // "lenght": PyTorch 1.13's spelling
        throw new RangeError(`'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of lenght ${v.length}.`);
      }
      v.forEach((t: unknown, i: number) => {
        const originali = (this as unknown as Attributes)[`original${i}`] as Tensor;
        if (!(t instanceof Tensor)) throw new TypeError(`\`right_inverse\` must return a sequence of tensors. Got element ${i} of type ${typeName(t)}`);
        if (t.dtype !== originali.dtype) {
          throw new TypeError(`Tensor ${i} returned by \`right_inverse\` has dtype ${torchDtype(t)} while \`original${i}\` has dtype ${torchDtype(originali)}`);
        }
        setData(originali, t);
      });
    });
  }

  /**
   * The parametrized tensor: the first parametrization of the original(s), then each next one of the result.
   * (Typed as ModuleList's forward, which returns nothing: call it as `list()`, a Tensor.)
   */
  override forward(): never {
    const modules = [...this];
    const attrs = this as unknown as Attributes;
    const originals = this.is_tensor ? [this.original] : Array.from({ length: this.ntensors }, (_, i) => attrs[`original${i}`]);
    let x = modules[0](...originals);
    for (const m of modules.slice(1)) x = m(x);
    return x as never;
  }
}

// ---------------------------------------------------------------------------------------- registration

/** A module with parametrizations: `module.parametrizations.weight` is the ParametrizationList of `weight`. */
export type Parametrized<M extends Module = Module> = M & { parametrizations: ModuleDict & Record<string, ParametrizationList> };

function checkModule(op: string, module: unknown): Module {
  if (!(module instanceof Module)) throw new TypeError(`${op}(): argument 'module' must be Module, not ${typeName(module)}`);
  return module;
}

function checkName(op: string, name: unknown): string {
  if (typeof name !== 'string') throw new TypeError(`${op}(): argument 'tensor_name' must be str, not ${typeName(name)}`);
  return name;
}

/** The module's ParametrizationList of `name` (it is parametrized). */
const listOf = (module: Module, name: string) => (module as Parametrized).parametrizations[name];

/** The Parametrized<Class> subclass the module becomes on its first parametrization (PyTorch's _inject_new_class). */
function injectClass(module: Module): void {
  const cls = module.constructor as new (...args: never[]) => Module;
  const name = `Parametrized${cls.name}`;
  const injected = class extends cls {};
  Object.defineProperty(injected, 'name', { value: name });
  Object.setPrototypeOf(module, injected.prototype);
}

/** module[name] as an accessor on the module's Parametrized class: computed on read, right_inverse on write. */
function injectProperty(module: Module, name: string): void {
  Object.defineProperty(Object.getPrototypeOf(module), name, {
    get(this: Module): Tensor {
      const parametrization = listOf(this, name);
      if (!cacheEnabled) return parametrization();
      let own = cache.get(this);
      if (!own) cache.set(this, (own = new Map()));
      let t = own.get(name);
      if (!t) own.set(name, (t = parametrization() as Tensor));
      return t;
    },
    set(this: Module, value: Tensor) {
      listOf(this, name).right_inverse(value);
    },
    configurable: true,
    enumerable: false,
  });
}

/** Whether module.parametrizations is the ModuleDict that parametrization put there. */
function parametrizationsOf(module: Module): ModuleDict | null {
  const p = Object.prototype.hasOwnProperty.call(module, 'parametrizations') ? (module as unknown as Attributes).parametrizations : null;
  return p instanceof ModuleDict ? p : null;
}

/**
 * register_parametrization(module, tensor_name, parametrization, { unsafe = false }): parametrizes the parameter
 * or buffer `tensor_name` (see the file comment), or adds `parametrization` after those already on it. Unless
 * unsafe, the parametrization may not change the tensor's shape or dtype. Returns the module.
 */
export function register_parametrization<M extends Module>(
  module: M,
  tensor_name: string | { tensor_name?: string; parametrization?: Module; unsafe?: boolean },
  parametrization?: Module | { parametrization?: Module; unsafe?: boolean },
  options?: { unsafe?: boolean },
): Parametrized<M> {
  const op = 'register_parametrization';
  const a = resolveArgs<{ tensor_name?: string; parametrization?: Module; unsafe: boolean }>(op, ['tensor_name', 'parametrization', 'unsafe'], { unsafe: false }, arguments, 1);
  // unsafe is keyword-only in PyTorch
  if (arguments.length > 3 && typeof options === 'boolean') throw new TypeError(`${op}() takes 3 positional arguments but 4 were given`);
  checkModule(op, module);
  const name = checkName(op, a.tensor_name);
  const p = a.parametrization;
  if (!(p instanceof Module)) throw new TypeError(`${op}(): argument 'parametrization' must be Module, not ${typeName(p)}`);
  const unsafe = Boolean(a.unsafe);
  const attrs = module as unknown as Attributes;
  p.train(module.training);

  if (is_parametrized(module, name)) {
    // the new parametrization must map module[name]'s shape and dtype to themselves, and so must its right_inverse
    if (!unsafe) {
      const Y = attrs[name] as Tensor;
      const X: unknown = p(Y);
      if (!(X instanceof Tensor)) throw new TypeError(`A parametrization must return a tensor. Got ${typeName(X)}.`);
      if (X.dtype !== Y.dtype) {
        throw new TypeError(
          'Registering a parametrization may not change the dtype of the tensor, unless the `unsafe` flag is enabled.\n' +
            `module.${name}.dtype: ${torchDtype(Y)}\nparametrization(module.${name}).dtype: ${torchDtype(X)}`,
        );
      }
      if (X.shape.join() !== Y.shape.join()) {
        throw new RangeError(
          'Registering a parametrization may not change the shape of the tensor, unless the `unsafe` flag is enabled.\n' +
            `module.${name}.shape: ${torchSize(Y.shape)}\nparametrization(module.${name}).shape: ${torchSize(X.shape)}`,
        );
      }
      const inverse = (p as unknown as RightInverse).right_inverse;
      if (typeof inverse === 'function') {
        let Z: unknown;
        let implemented = true;
        try {
          Z = inverse.call(p, X);
        } catch (e) {
          if (!notImplemented(e)) throw e;
          implemented = false;
        }
        if (implemented) {
          if (!(Z instanceof Tensor)) throw new TypeError(`parametrization.right_inverse must return a tensor. Got: ${typeName(Z)}`);
          if (Z.dtype !== Y.dtype) {
            throw new TypeError(
              `The tensor returned by parametrization.right_inverse must have the same dtype as module.${name}, unless the \`unsafe\` flag is enabled.\n` +
                `module.${name}.dtype: ${torchDtype(Y)}\nreturned dtype: ${torchDtype(Z)}`,
            );
          }
          if (Z.shape.join() !== Y.shape.join()) {
            throw new RangeError(
              `The tensor returned by parametrization.right_inverse must have the same shape as module.${name}, unless the \`unsafe\` flag is enabled.\n` +
                `module.${name}.shape: ${torchSize(Y.shape)}\nreturned shape: ${torchSize(Z.shape)}`,
            );
          }
        }
      }
    }
    const list = listOf(module, name);
    list.append(p);
    // once unsafe, always unsafe
    list.unsafe ||= unsafe;
    return module as Parametrized<M>;
  }

  const isBuffer = module._buffers.has(name) && module._buffers.get(name) instanceof Tensor;
  const original = isBuffer ? module._buffers.get(name)! : Object.prototype.hasOwnProperty.call(module, name) ? attrs[name] : undefined;
  if (!(original instanceof Parameter) && !isBuffer) {
    throw new RangeError(`Module '${String(module)}' does not have a parameter, a buffer, or a parametrized element with name '${name}'`);
  }
  // built first: its checks may refuse the parametrization before the module changes
  const list = new ParametrizationList([p], original as Tensor, unsafe);
  if (isBuffer) module._buffers.delete(name);
  delete attrs[name];
  if (!is_parametrized(module)) {
    injectClass(module);
    attrs.parametrizations = new ModuleDict();
  }
  injectProperty(module, name);
  (attrs.parametrizations as ModuleDict).set(name, list);
  return module as Parametrized<M>;
}

/**
 * is_parametrized(module, tensor_name = null): whether the module (or its tensor_name) has a parametrization;
 * false for anything that is not a module, as PyTorch's.
 */
export function is_parametrized(module: Module, tensor_name: string | null | { tensor_name?: string | null } = null): boolean {
  const a = resolveArgs<{ tensor_name: string | null }>('is_parametrized', ['tensor_name'], { tensor_name: null }, arguments, 1);
  if (!(module instanceof Module)) return false;
  const dict = parametrizationsOf(module);
  if (!dict) return false;
  return a.tensor_name == null ? dict.length > 0 : dict.has(a.tensor_name);
}

/**
 * remove_parametrizations(module, tensor_name, leave_parametrized = true): tensor_name becomes a parameter (or
 * buffer) again: the original tensor object, holding its current parametrized value (leave_parametrized) or its
 * unconstrained one. With several originals only the parametrized value can stay, as a new Parameter.
 */
export function remove_parametrizations<M extends Module>(
  module: M,
  tensor_name: string | { tensor_name?: string; leave_parametrized?: boolean },
  leave_parametrized: boolean | { leave_parametrized?: boolean } = true,
): M {
  const op = 'remove_parametrizations';
  const a = resolveArgs<{ tensor_name?: string; leave_parametrized: boolean }>(op, ['tensor_name', 'leave_parametrized'], { leave_parametrized: true }, arguments, 1);
  checkModule(op, module);
  const name = checkName(op, a.tensor_name);
  if (!is_parametrized(module, name)) throw new RangeError(`Module ${String(module)} does not have a parametrization on ${name}`);
  const attrs = module as unknown as Attributes;
  const list = listOf(module, name);
  let original: Tensor;
  if (list.is_tensor) {
    original = list.original;
    if (a.leave_parametrized) {
      const t = no_grad(() => attrs[name] as Tensor);
      no_grad(() => setData(original, t));
    }
  } else {
    if (!a.leave_parametrized) {
      throw new RangeError('Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.');
    }
    // with grad: whether the result requires grad says whether an original did
    const t = attrs[name] as Tensor;
    original = t.requires_grad ? new Parameter(t.detach()) : t;
  }
  const proto = Object.getPrototypeOf(module);
  delete proto[name];
  (attrs.parametrizations as ModuleDict).pop(name);
  registerParameterOrBuffer(module, name, original);
  // the last parametrization gone: the module is of its own class again
  if (!is_parametrized(module)) {
    delete attrs.parametrizations;
    Object.setPrototypeOf(module, Object.getPrototypeOf(proto));
  }
  return module;
}

/** type_before_parametrizations(module): the module's class before parametrization (its class if it has none). */
export function type_before_parametrizations(module: Module): new (...args: never[]) => Module {
  checkModule('type_before_parametrizations', module);
  const cls = module.constructor as new (...args: never[]) => Module;
  return is_parametrized(module) ? Object.getPrototypeOf(cls) : cls;
}

/**
 * transfer_parametrizations_and_params(from_module, to_module, tensor_name = null): registers from_module's
 * parametrizations (the same parametrization modules) on to_module, creating the parameter if to_module lacks
 * it, and makes to_module's originals from_module's original tensors. Returns to_module.
 */
export function transfer_parametrizations_and_params<M extends Module>(
  from_module: Module,
  to_module: M,
  tensor_name: string | null | { tensor_name?: string | null } = null,
): M {
  const op = 'transfer_parametrizations_and_params';
  const a = resolveArgs<{ tensor_name: string | null }>(op, ['tensor_name'], { tensor_name: null }, arguments, 2);
  checkModule(op, from_module);
  checkModule(op, to_module);
  if (!is_parametrized(from_module)) return to_module;
  const from = from_module as unknown as Attributes;
  const to = to_module as unknown as Attributes;
  const names = a.tensor_name == null ? (parametrizationsOf(from_module) as ModuleDict).keys() : [a.tensor_name];
  for (const name of names) {
    if (!(name in to)) to[name] = new Parameter((from[name] as Tensor).detach());
    for (const p of listOf(from_module, name)) register_parametrization(to_module, name, p);
    const source = listOf(from_module, name) as unknown as Attributes;
    const target = listOf(to_module, name) as unknown as Attributes;
    if ('original' in source) target.original = source.original;
    else for (let i = 0; `original${i}` in source; i++) target[`original${i}`] = source[`original${i}`];
  }
  return to_module;
}
