// torch.nn.utils.prune, as PyTorch 1.13's torch/nn/utils/prune.py. Pruning a module's parameter `name` replaces it
// by a parameter `name_orig` (the same Parameter object) and a buffer `name_mask`; the module's `name` becomes the
// plain tensor name_orig * name_mask, recomputed before every call by a forward pre-hook that is the pruning method
// itself (methods are callable, as PyTorch's __call__). Pruning the same parameter again combines the methods in a
// PruningContainer, whose new method only sees the entries (or channels) the earlier masks kept. remove() makes
// the pruning permanent: `name` is a plain parameter again, holding the pruned values.
//
// `amount` is a fraction of the entries (a float in [0, 1]) or a count (a non-negative int). JS has one number
// type, so a whole number is a count: PyTorch's amount=1.0 (prune everything) is written as the count.
// Ties: torchlet's topk is stable, so among equal magnitudes (or norms) l1_unstructured prunes the entries of
// lowest flat index first and ln_structured keeps the channels of lowest index first; PyTorch's CPU topk leaves
// that choice unspecified.
import { Tensor, typeName } from '../tensor';
import { isOptions, resolveArgs } from '../args';
import { cat } from '../ops/shape';
import { ones_like, rand, rand_like, zeros_like } from '../ops/creation';
import { Module, Parameter } from './module';
import { requireArgs } from './kwargs';
import { checkModule, checkName, type Attributes } from './weight_norm';

/** PruningContainer decides by it which part of the tensor a new method sees: 'unstructured', 'structured' or 'global'. */
export type PruningType = 'unstructured' | 'structured' | 'global' | (string & {});
/** A fraction of the entries in [0, 1], or a count (a whole number). */
export type Amount = number;
/** LnStructured's norm order: a number (Infinity, -Infinity, 0 included), 'fro', or 'inf' / '-inf'. */
export type NormOrder = number | 'fro' | 'inf' | '-inf';

const BUILTIN = new Set(['BasePruningMethod', 'PruningContainer', 'Identity', 'RandomUnstructured', 'L1Unstructured', 'RandomStructured', 'LnStructured', 'CustomFromMask']);

/** Python's name of a pruning class, as its reprs print it. */
function qualifiedName(cls: { name: string }): string {
  return BUILTIN.has(cls.name) ? `torch.nn.utils.prune.${cls.name}` : cls.name;
}

const torchSize = (t: Tensor) => `torch.Size([${t.shape.join(', ')}])`;

/** Python's getattr(module, key), with its AttributeError (a TypeError here) for a missing attribute. */
function getattr(module: Module, key: string): unknown {
  if (!(key in module)) throw new TypeError(`'${module.constructor.name}' object has no attribute '${key}'`);
  return (module as unknown as Attributes)[key];
}

/** The tensor a method prunes; PyTorch's AttributeError if it was never applied (or added to a container). */
function tensorName(method: BasePruningMethod): string {
  if (method._tensor_name === undefined) throw new TypeError(`'${method.constructor.name}' object has no attribute '_tensor_name'`);
  return method._tensor_name;
}

/** A copy of t in row-major order (PyTorch's clone(memory_format=torch.contiguous_format)), so view(-1) works. */
function contiguousClone(t: Tensor): Tensor {
  return t.is_contiguous() ? t.clone() : t.contiguous();
}

export interface BasePruningMethod {
  /** The forward pre-hook (PyTorch's __call__): recomputes module[name] = name_orig * name_mask. */
  (module: Module, inputs: unknown[]): void;
}

/**
 * prune.BasePruningMethod: subclasses define compute_mask(t, default_mask) and PRUNING_TYPE (a static or an
 * instance property), and are applied with `Subclass.apply(module, name, ...constructorArgs)`.
 */
export class BasePruningMethod {
  /** The parameter this method prunes, set by apply. */
  declare _tensor_name: string;
  declare PRUNING_TYPE: PruningType;

  constructor() {
    const cls = new.target;
    if (cls.prototype.compute_mask === BasePruningMethod.prototype.compute_mask) {
      throw new TypeError(`Can't instantiate abstract class ${cls.name} with abstract method compute_mask`);
    }
    // a function object, so the method itself is the module's forward pre-hook, as in PyTorch
    const method = ((module: Module, inputs: unknown[]) => method.__call__(module, inputs)) as unknown as BasePruningMethod;
    delete (method as { name?: string }).name;
    delete (method as { length?: number }).length;
    Object.setPrototypeOf(method, cls.prototype);
    const type = (cls as unknown as { PRUNING_TYPE?: PruningType }).PRUNING_TYPE;
    if (type !== undefined) Object.defineProperty(method, 'PRUNING_TYPE', { value: type, writable: true, configurable: true, enumerable: false });
    return method;
  }

  /** The forward pre-hook's work: module[name] = apply_mask(module). */
  __call__(module: Module, _inputs?: unknown[]): void {
    (module as unknown as Attributes)[tensorName(this)] = this.apply_mask(module);
  }

  /** The mask for tensor t (its importance scores), on top of default_mask (the mask so far): 1 keeps, 0 prunes. */
  compute_mask(_t: Tensor, _default_mask: Tensor): Tensor {
    throw new TypeError(`Can't instantiate abstract class ${this.constructor.name} with abstract method compute_mask`);
  }

  /** name_orig * name_mask (the mask cast to the parameter's dtype): the pruned tensor. */
  apply_mask(module: Module): Tensor {
    const name = tensorName(this);
    const mask = getattr(module, `${name}_mask`) as Tensor;
    const orig = getattr(module, `${name}_orig`) as Tensor;
    return mask.to(orig.dtype).mul(orig);
  }

  /**
   * apply(module, name, ...args, { importance_scores, ...kwargs }): builds the method from args and kwargs (the
   * class's constructor arguments) and prunes module[name] with it, by importance_scores (default: the tensor
   * itself). An already pruned parameter gets a PruningContainer of its methods. Returns the module's hook.
   */
  static apply(module: Module, name: string, ...args: unknown[]): BasePruningMethod {
    checkModule('apply', module);
    checkName('apply', name);
    let importanceScores: unknown = null;
    const last = args[args.length - 1];
    if (isOptions(last) && 'importance_scores' in last) {
      const { importance_scores, ...kwargs } = last;
      importanceScores = importance_scores ?? null;
      args = Object.keys(kwargs).length ? [...args.slice(0, -1), kwargs] : args.slice(0, -1);
    }
    const attrs = module as unknown as Attributes;

    // PyTorch's _get_composite_method: take over an earlier pruning hook of this tensor (its hook is dropped now,
    // and is not restored if this pruning fails, as in PyTorch)
    const found = [...module._forward_pre_hooks].filter(([, hook]) => hook instanceof BasePruningMethod && hook._tensor_name === name);
    if (found.length > 1) {
      throw new Error(`Avoid adding multiple pruning hooks to the same tensor ${name} of module ${String(module)}. Use a PruningContainer.`);
    }
    for (const [id] of found) module._forward_pre_hooks.delete(id);
    const newMethod = new (this as unknown as new (...a: unknown[]) => BasePruningMethod)(...args);
    newMethod._tensor_name = name;
    let method = newMethod;
    const old = found.length ? (found[0][1] as BasePruningMethod) : undefined;
    if (old instanceof PruningContainer) {
      old.add_pruning_method(newMethod);
      method = old;
    } else if (old) {
      method = new PruningContainer(old);
      (method as PruningContainer).add_pruning_method(newMethod);
    }

    const orig = getattr(module, name);
    let scores: Tensor;
    if (importanceScores !== null) {
      const same = importanceScores instanceof Tensor && orig instanceof Tensor && importanceScores.shape.join() === orig.shape.join();
      if (!same) throw new Error(`importance_scores should have the same shape as parameter ${name} of ${String(module)}`);
      scores = importanceScores as Tensor;
    } else {
      scores = orig as Tensor;
    }
    let defaultMask: Tensor;
    if (!(method instanceof PruningContainer)) {
      // checked before anything moves (PyTorch fails in register_parameter / ones_like, leaving the module changed)
      if (orig === null) throw new TypeError("ones_like(): argument 'input' (position 1) must be Tensor, not NoneType");
      if (!(orig instanceof Parameter)) {
        const type = orig instanceof Tensor ? orig.type() : typeName(orig);
        throw new TypeError(`cannot assign '${type}' object to parameter '${name}_orig' (torch.nn.Parameter or None required)`);
      }
      delete attrs[name];
      attrs[`${name}_orig`] = orig;
      defaultMask = ones_like(orig);
    } else {
      defaultMask = contiguousClone((getattr(module, `${name}_mask`) as Tensor).detach());
    }
    try {
      const mask = method.compute_mask(scores, defaultMask);
      module.register_buffer(`${name}_mask`, mask);
      attrs[name] = method.apply_mask(module);
      module.register_forward_pre_hook(method);
    } catch (e) {
      if (!(method instanceof PruningContainer)) {
        const moved = attrs[`${name}_orig`];
        delete attrs[`${name}_orig`];
        attrs[name] = moved;
      }
      throw e;
    }
    return method;
  }

  /** prune(t, default_mask = null, importance_scores = null): t times the mask computed from importance_scores (or t). */
  prune(t: Tensor, default_mask?: Tensor | null | PruneOptions, importance_scores?: Tensor | null | PruneOptions): Tensor {
    const a = resolveArgs<PruneOptions & { t?: Tensor }>('prune', ['t', 'default_mask', 'importance_scores'], { default_mask: null, importance_scores: null }, arguments);
    if (!(a.t instanceof Tensor)) throw new TypeError(`prune(): argument 't' must be Tensor, not ${typeName(a.t)}`);
    let scores = a.t;
    if (a.importance_scores != null) {
      if (!(a.importance_scores instanceof Tensor) || a.importance_scores.shape.join() !== a.t.shape.join()) {
        throw new Error('importance_scores should have the same shape as tensor t');
      }
      scores = a.importance_scores;
    }
    return a.t.mul(this.compute_mask(scores, a.default_mask ?? ones_like(a.t)));
  }

  /**
   * Makes the pruning of the module's tensor permanent: name_orig takes the pruned values (PyTorch's
   * `orig.data = weight.data`) and becomes the parameter `name` again; name_mask is dropped. The hook itself is
   * left (prune.remove drops it).
   */
  remove(module: Module): void {
    const name = tensorName(this);
    const attrs = module as unknown as Attributes;
    const weight = this.apply_mask(module);
    if (name in attrs) delete attrs[name];
    const orig = attrs[`${name}_orig`] as Parameter;
    orig._setData(weight.detach());
    delete attrs[`${name}_orig`];
    module._buffers.delete(`${name}_mask`);
    delete attrs[`${name}_mask`];
    attrs[name] = orig;
  }

  toString(): string {
    return `<${qualifiedName(this.constructor)} object>`;
  }
}

export interface PruneOptions {
  default_mask?: Tensor | null;
  importance_scores?: Tensor | null;
}

// console.log(method) prints Python's object repr
Object.defineProperty(BasePruningMethod.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: BasePruningMethod) {
    return this.toString();
  },
});

/**
 * prune.PruningContainer(...methods): the methods applied to one tensor, in order (iterable, with length). Its
 * compute_mask applies the last one to the part of the tensor the mask so far keeps: the entries still 1 for an
 * unstructured method, the channels along its dim not entirely pruned for a structured one, everything for a
 * global one; the rest of the mask stays.
 */
export class PruningContainer extends BasePruningMethod {
  _pruning_methods: (BasePruningMethod | null)[] = [];

  constructor(...methods: (BasePruningMethod | null)[]) {
    super();
    if (methods.length === 1) {
      const [method] = methods;
      if (!(method instanceof BasePruningMethod)) throw new TypeError(`'${typeName(method)}' object has no attribute '_tensor_name'`);
      this._tensor_name = tensorName(method);
      this.add_pruning_method(method);
    } else {
      for (const method of methods) this.add_pruning_method(method);
    }
  }

  /** Appends a method, which must prune the same tensor. */
  add_pruning_method(method: BasePruningMethod | null): void {
    if (method !== null && !(method instanceof BasePruningMethod)) throw new TypeError(`<class '${typeName(method)}'> is not a BasePruningMethod subclass`);
    if (method !== null && tensorName(this) !== method._tensor_name) {
      throw new RangeError(`Can only add pruning methods acting on the parameter named '${this._tensor_name}' to PruningContainer ${String(this)}. Found '${method._tensor_name}'`);
    }
    this._pruning_methods.push(method);
  }

  /** How many methods it holds (Python's len). */
  override get length(): number {
    return this._pruning_methods.length;
  }

  [Symbol.iterator](): Iterator<BasePruningMethod | null> {
    return this._pruning_methods[Symbol.iterator]();
  }

  override compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const method = this._pruning_methods[this._pruning_methods.length - 1] as BasePruningMethod;
    const mask = default_mask;
    const newMask = mask.to(t.dtype);
    const type = method.PRUNING_TYPE;
    if (type === 'unstructured') {
      const keep = mask.eq(1);
      const partial = method.compute_mask(t.masked_select(keep), mask.masked_select(keep));
      newMask.masked_scatter_(keep, partial.to(newMask.dtype));
    } else if (type === 'structured') {
      if (!('dim' in method)) throw new TypeError('Pruning methods of PRUNING_TYPE "structured" need to have the attribute `dim` defined.');
      const nDims = t.dim();
      let dim = (method as { dim: number }).dim;
      if (dim < 0) dim += nDims;
      if (dim < 0) throw new RangeError(`Index is out of bounds for tensor with dimensions ${nDims}`);
      if (dim >= nDims) throw new RangeError('list assignment index out of range');
      // the channels along dim not entirely pruned already
      const others = [...Array(nDims).keys()].filter((d) => d !== dim);
      const channels = (others.length ? mask.sum(others) : mask).ne(0).nonzero().reshape(-1);
      const partial = method.compute_mask(t.index_select(dim, channels), mask.index_select(dim, channels));
      newMask.index_copy_(dim, channels, partial.to(newMask.dtype));
    } else if (type === 'global') {
      newMask.copy_(method.compute_mask(t, mask).to(newMask.dtype));
    } else {
      throw new RangeError(`Unrecognized PRUNING_TYPE ${String(type)}`);
    }
    return newMask;
  }
}

/** prune.Identity(): prunes nothing (a mask of ones). */
export class Identity extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'unstructured';

  constructor() {
    super();
    resolveArgs('Identity.__init__', [], {}, arguments);
  }

  override compute_mask(_t: Tensor, default_mask: Tensor): Tensor {
    return default_mask;
  }

  static override apply(module: Module, name: string | { name?: string }): Identity | PruningContainer {
    const a = resolveArgs<{ name?: string }>('apply', ['name'], {}, arguments, 1);
    return super.apply(module, a.name as string) as Identity | PruningContainer;
  }
}

/** Python's numbers.Real check and PyTorch's range check of `amount`. */
function validateAmountInit(amount: unknown): Amount {
  if (typeof amount !== 'number') {
    throw new TypeError(`Invalid type for amount: ${amount === null ? 'None' : String(amount)}. Must be int or float.`);
  }
  if (Number.isInteger(amount) ? amount < 0 : !(amount >= 0 && amount <= 1)) {
    throw new RangeError(`amount=${amount} should either be a float in the range [0, 1] or a non-negative integer`);
  }
  return amount;
}

/** Python's round(): halves go to the even neighbour (round(2.5) is 2). */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** How many units `amount` prunes of `size`, checked against size. */
function unitsToPrune(amount: Amount, size: number): number {
  const count = Number.isInteger(amount) ? amount : roundHalfEven(amount * size);
  if (count > size) throw new RangeError(`amount=${count} should be smaller than the number of parameters to prune=${size}`);
  return count;
}

/** Structured methods need channels: a tensor of 2 or more dims, and dim within it; returns the channel count. */
function channelCount(t: Tensor, dim: number): number {
  if (t.dim() <= 1) {
    throw new RangeError(`Structured pruning can only be applied to multidimensional tensors. Found tensor of shape ${torchSize(t)} with ${t.dim()} dims`);
  }
  if (dim >= t.dim()) throw new RangeError(`Invalid index ${dim} for tensor of size ${torchSize(t)}`);
  if (dim < -t.dim()) throw new RangeError('tuple index out of range');
  return t.shape[dim < 0 ? dim + t.dim() : dim];
}

function checkDimArg(owner: string, dim: unknown): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim)) throw new TypeError(`${owner}(): argument 'dim' must be int, not ${typeName(dim)}`);
  return dim;
}

/** prune.RandomUnstructured(amount): prunes `amount` entries chosen at random (torch's generator). */
export class RandomUnstructured extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'unstructured';
  amount: Amount;

  constructor(amount: Amount | { amount?: Amount }) {
    super();
    const a = resolveArgs<{ amount?: Amount }>('RandomUnstructured.__init__', ['amount'], {}, arguments);
    requireArgs('RandomUnstructured', a, ['amount']);
    this.amount = validateAmountInit(a.amount);
  }

  override compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const count = unitsToPrune(this.amount, t.numel());
    const mask = contiguousClone(default_mask);
    if (count !== 0) {
      const pruned = rand_like(t).reshape(-1).topk(count).indices;
      mask.view(-1).index_fill_(0, pruned, 0);
    }
    return mask;
  }

  static override apply(module: Module, name: string | { name?: string; amount?: Amount }, amount?: Amount | { amount?: Amount }): RandomUnstructured | PruningContainer {
    const a = resolveArgs<{ name?: string; amount?: Amount }>('apply', ['name', 'amount'], {}, arguments, 1);
    return super.apply(module, a.name as string, { amount: a.amount }) as RandomUnstructured | PruningContainer;
  }
}

/** prune.L1Unstructured(amount): prunes the `amount` entries of smallest magnitude (of the importance scores). */
export class L1Unstructured extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'unstructured';
  amount: Amount;

  constructor(amount: Amount | { amount?: Amount }) {
    super();
    const a = resolveArgs<{ amount?: Amount }>('L1Unstructured.__init__', ['amount'], {}, arguments);
    requireArgs('L1Unstructured', a, ['amount']);
    this.amount = validateAmountInit(a.amount);
  }

  override compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const count = unitsToPrune(this.amount, t.numel());
    const mask = contiguousClone(default_mask);
    if (count !== 0) {
      const pruned = t.detach().abs().reshape(-1).topk(count, { largest: false }).indices;
      mask.view(-1).index_fill_(0, pruned, 0);
    }
    return mask;
  }

  static override apply(
    module: Module,
    name: string | L1UnstructuredApplyOptions,
    amount?: Amount | L1UnstructuredApplyOptions,
    importance_scores?: Tensor | null | L1UnstructuredApplyOptions,
  ): L1Unstructured | PruningContainer {
    const a = resolveArgs<L1UnstructuredApplyOptions>('apply', ['name', 'amount', 'importance_scores'], { importance_scores: null }, arguments, 1);
    return super.apply(module, a.name as string, { amount: a.amount, importance_scores: a.importance_scores }) as L1Unstructured | PruningContainer;
  }
}

export interface L1UnstructuredApplyOptions {
  name?: string;
  amount?: Amount;
  importance_scores?: Tensor | null;
}

/** prune.RandomStructured(amount, dim = -1): prunes `amount` channels along dim chosen at random. */
export class RandomStructured extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'structured';
  amount: Amount;
  dim: number;

  constructor(amount: Amount | { amount?: Amount; dim?: number }, dim?: number | { dim?: number }) {
    super();
    const a = resolveArgs<{ amount?: Amount; dim?: number }>('RandomStructured.__init__', ['amount', 'dim'], { dim: -1 }, arguments);
    requireArgs('RandomStructured', a, ['amount']);
    this.amount = validateAmountInit(a.amount);
    this.dim = checkDimArg('RandomStructured', a.dim);
  }

  override compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const channels = channelCount(t, this.dim);
    const count = unitsToPrune(this.amount, channels);
    if (count === 0) return default_mask;
    // the channels drawn the `count` lowest random numbers are pruned
    const prob = rand(channels);
    const threshold = prob.kthvalue(count).values;
    const kept = prob.gt(threshold).nonzero().reshape(-1) as Tensor;
    const mask = zeros_like(t).index_fill_(this.dim, kept, 1);
    return mask.mul_(default_mask.to(mask.dtype));
  }

  static override apply(
    module: Module,
    name: string | StructuredApplyOptions,
    amount?: Amount | StructuredApplyOptions,
    dim?: number | StructuredApplyOptions,
  ): RandomStructured | PruningContainer {
    const a = resolveArgs<StructuredApplyOptions>('apply', ['name', 'amount', 'dim'], { dim: -1 }, arguments, 1);
    return super.apply(module, a.name as string, { amount: a.amount, dim: a.dim }) as RandomStructured | PruningContainer;
  }
}

export interface StructuredApplyOptions {
  name?: string;
  amount?: Amount;
  dim?: number;
}

/** torch.norm(t, p = n, dim = every dim but `dim`), with p = 0 counting the nonzero entries as PyTorch's. */
function channelNorms(t: Tensor, n: NormOrder, dim: number): Tensor {
  const d = dim < 0 ? dim + t.dim() : dim;
  const others = [...Array(t.dim()).keys()].filter((i) => i !== d);
  const x = t.detach();
  if (n === 0) return x.ne(0).sum(others).to(x.dtype);
  if (n === 'fro' && others.length > 2) throw new RangeError(`Expected at most 2 dimensions, but got ${others.length} dimensions instead.`);
  const p = n === 'inf' ? Infinity : n === '-inf' ? -Infinity : n;
  return x.norm(p, others);
}

/** prune.LnStructured(amount, n, dim = -1): prunes the `amount` channels along dim of smallest L_n norm. */
export class LnStructured extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'structured';
  amount: Amount;
  n: NormOrder;
  dim: number;

  constructor(amount: Amount | LnStructuredOptions, n?: NormOrder | LnStructuredOptions, dim?: number | LnStructuredOptions) {
    super();
    const a = resolveArgs<LnStructuredOptions>('LnStructured.__init__', ['amount', 'n', 'dim'], { dim: -1 }, arguments);
    requireArgs('LnStructured', a, ['amount', 'n']);
    this.amount = validateAmountInit(a.amount);
    const validOrder = typeof a.n === 'number' || a.n === 'fro' || a.n === 'inf' || a.n === '-inf';
    if (!validOrder) throw new TypeError(`LnStructured(): n must be a number, 'fro', 'inf' or '-inf', not ${typeName(a.n)}`);
    this.n = a.n;
    this.dim = checkDimArg('LnStructured', a.dim);
  }

  override compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const channels = channelCount(t, this.dim);
    const count = unitsToPrune(this.amount, channels);
    const kept = channelNorms(t, this.n, this.dim).topk(channels - count).indices;
    if (count === 0) return default_mask;
    const mask = zeros_like(t).index_fill_(this.dim, kept, 1);
    return mask.mul_(default_mask.to(mask.dtype));
  }

  static override apply(
    module: Module,
    name: string | LnStructuredApplyOptions,
    amount?: Amount | LnStructuredApplyOptions,
    n?: NormOrder | LnStructuredApplyOptions,
    dim?: number | LnStructuredApplyOptions,
    importance_scores?: Tensor | null | LnStructuredApplyOptions,
  ): LnStructured | PruningContainer {
    const a = resolveArgs<LnStructuredApplyOptions>('apply', ['name', 'amount', 'n', 'dim', 'importance_scores'], { importance_scores: null }, arguments, 1);
    if (a.dim === undefined) throw new TypeError("apply() missing 1 required positional argument: 'dim'");
    return super.apply(module, a.name as string, { amount: a.amount, n: a.n, dim: a.dim, importance_scores: a.importance_scores }) as LnStructured | PruningContainer;
  }
}

export interface LnStructuredOptions {
  amount?: Amount;
  n?: NormOrder;
  dim?: number;
}
export interface LnStructuredApplyOptions extends LnStructuredOptions {
  name?: string;
  importance_scores?: Tensor | null;
}

/** prune.CustomFromMask(mask): prunes where `mask` is 0 (any dtype), on top of the mask so far. */
export class CustomFromMask extends BasePruningMethod {
  static PRUNING_TYPE: PruningType = 'global';
  mask: Tensor;

  constructor(mask: Tensor | { mask?: Tensor }) {
    super();
    const a = resolveArgs<{ mask?: Tensor }>('CustomFromMask.__init__', ['mask'], {}, arguments);
    requireArgs('CustomFromMask', a, ['mask']);
    this.mask = a.mask;
  }

  override compute_mask(_t: Tensor, default_mask: Tensor): Tensor {
    if (!(this.mask instanceof Tensor)) throw new TypeError(`custom_from_mask(): argument 'mask' must be Tensor, not ${typeName(this.mask)}`);
    if (default_mask.shape.join() !== this.mask.shape.join()) {
      throw new Error(`custom_from_mask(): mask of shape ${torchSize(this.mask)} does not match the pruned tensor's shape ${torchSize(default_mask)}`);
    }
    return default_mask.mul(this.mask.to(default_mask.dtype));
  }

  static override apply(module: Module, name: string | { name?: string; mask?: Tensor }, mask?: Tensor | { mask?: Tensor }): CustomFromMask | PruningContainer {
    const a = resolveArgs<{ name?: string; mask?: Tensor }>('apply', ['name', 'mask'], {}, arguments, 1);
    return super.apply(module, a.name as string, { mask: a.mask }) as CustomFromMask | PruningContainer;
  }
}

/** Resolves a pruning function's call: module first, then PyTorch's parameters in order or as options. */
function pruneArgs<T extends { name?: string }>(op: string, names: readonly (keyof T & string)[], defaults: T, args: ArrayLike<unknown>, required: readonly (keyof T & string)[]): T {
  checkModule(op, args[0]);
  const a = resolveArgs<T>(op, names, defaults, args, 1);
  const missing = required.filter((k) => a[k] === undefined);
  if (missing.length) {
    const list = missing.map((k) => `'${k}'`);
    const text = list.length < 3 ? list.join(' and ') : `${list.slice(0, -1).join(', ')}, and ${list[list.length - 1]}`;
    throw new TypeError(`${op}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${text}`);
  }
  checkName(op, a.name);
  return a;
}

/** prune.identity(module, name): prunes nothing, but reparametrizes module[name] as every pruning does. */
export function identity<M extends Module>(module: M, name: string | { name?: string }): M {
  const a = pruneArgs<{ name?: string }>('identity', ['name'], {}, arguments, ['name']);
  Identity.apply(module, a.name!);
  return module;
}

/** prune.random_unstructured(module, name, amount): prunes `amount` random entries of module[name]. */
export function random_unstructured<M extends Module>(module: M, name: string | { name?: string; amount?: Amount }, amount?: Amount | { amount?: Amount }): M {
  const a = pruneArgs<{ name?: string; amount?: Amount }>('random_unstructured', ['name', 'amount'], {}, arguments, ['name', 'amount']);
  RandomUnstructured.apply(module, a.name!, a.amount!);
  return module;
}

/** prune.l1_unstructured(module, name, amount, importance_scores = null): prunes the `amount` smallest entries. */
export function l1_unstructured<M extends Module>(
  module: M,
  name: string | L1UnstructuredApplyOptions,
  amount?: Amount | L1UnstructuredApplyOptions,
  importance_scores?: Tensor | null | L1UnstructuredApplyOptions,
): M {
  const a = pruneArgs<L1UnstructuredApplyOptions>('l1_unstructured', ['name', 'amount', 'importance_scores'], { importance_scores: null }, arguments, ['name', 'amount']);
  L1Unstructured.apply(module, a.name!, a.amount!, a.importance_scores);
  return module;
}

/** prune.random_structured(module, name, amount, dim): prunes `amount` random channels along dim. */
export function random_structured<M extends Module>(
  module: M,
  name: string | StructuredApplyOptions,
  amount?: Amount | StructuredApplyOptions,
  dim?: number | StructuredApplyOptions,
): M {
  const a = pruneArgs<StructuredApplyOptions>('random_structured', ['name', 'amount', 'dim'], {}, arguments, ['name', 'amount', 'dim']);
  RandomStructured.apply(module, a.name!, a.amount!, a.dim!);
  return module;
}

/** prune.ln_structured(module, name, amount, n, dim, importance_scores = null): prunes the channels of smallest L_n norm. */
export function ln_structured<M extends Module>(
  module: M,
  name: string | LnStructuredApplyOptions,
  amount?: Amount | LnStructuredApplyOptions,
  n?: NormOrder | LnStructuredApplyOptions,
  dim?: number | LnStructuredApplyOptions,
  importance_scores?: Tensor | null | LnStructuredApplyOptions,
): M {
  const a = pruneArgs<LnStructuredApplyOptions>('ln_structured', ['name', 'amount', 'n', 'dim', 'importance_scores'], { importance_scores: null }, arguments, ['name', 'amount', 'n', 'dim']);
  LnStructured.apply(module, a.name!, a.amount!, a.n!, a.dim!, a.importance_scores);
  return module;
}

/** prune.custom_from_mask(module, name, mask): prunes module[name] where mask is 0. */
export function custom_from_mask<M extends Module>(module: M, name: string | { name?: string; mask?: Tensor }, mask?: Tensor | { mask?: Tensor }): M {
  const a = pruneArgs<{ name?: string; mask?: Tensor }>('custom_from_mask', ['name', 'mask'], {}, arguments, ['name', 'mask']);
  CustomFromMask.apply(module, a.name!, a.mask!);
  return module;
}

/** A pruning method class, as global_unstructured takes it. */
export type PruningMethodClass = new (...args: never[]) => BasePruningMethod;
/** importance_scores of global_unstructured: Python's dict keyed by (module, name), a Map keyed by [module, name]. */
export type ImportanceScores = Map<readonly [Module, string], Tensor>;

/** The scores importance_scores holds for (module, name): its keys are matched by value, as Python's tuples. */
function scoresFor(scores: ImportanceScores, module: Module, name: string): Tensor | undefined {
  for (const [key, value] of scores) if (Array.isArray(key) && key[0] === module && key[1] === name) return value;
  return undefined;
}

/**
 * prune.global_unstructured(parameters, pruning_method, importance_scores = null, { ...kwargs }): prunes the
 * [module, name] pairs of `parameters` as one tensor, with pruning_method(kwargs) (an unstructured method class,
 * e.g. L1Unstructured with { amount }), on top of their masks so far; each gets its part of the mask as a
 * custom_from_mask. importance_scores is a Map from [module, name] to scores. Python's keyword call
 * `global_unstructured(params, pruning_method=prune.L1Unstructured, amount=0.2)` is
 * `global_unstructured(params, { pruning_method: prune.L1Unstructured, amount: 0.2 })`.
 */
export function global_unstructured(
  parameters: Iterable<readonly [Module, string]>,
  pruning_method?: PruningMethodClass | GlobalUnstructuredOptions,
  importance_scores?: ImportanceScores | null | GlobalUnstructuredOptions,
  kwargs?: GlobalUnstructuredOptions,
): void {
  const op = 'global_unstructured';
  const args = [...arguments];
  while (args.length && args[args.length - 1] === undefined) args.pop();
  const { pruning_method: methodKw, importance_scores: scoresKw, ...rest } = (args.length > 1 && isOptions(args[args.length - 1]) ? args.pop() : {}) as GlobalUnstructuredOptions;
  if (args.length > 3) throw new TypeError(`${op}() takes from 2 to 3 positional arguments but ${args.length} were given`);
  if (args.length > 1 && methodKw !== undefined) throw new TypeError(`${op}() got multiple values for argument 'pruning_method'`);
  if (args.length > 2 && scoresKw !== undefined) throw new TypeError(`${op}() got multiple values for argument 'importance_scores'`);
  const Method = (args.length > 1 ? args[1] : methodKw) as PruningMethodClass | undefined;
  const scores = ((args.length > 2 ? args[2] : scoresKw) ?? new Map()) as ImportanceScores;
  if (Method === undefined) throw new TypeError(`${op}() missing 1 required positional argument: 'pruning_method'`);
  if (parameters == null || typeof (parameters as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`${op}(): parameters is not an Iterable`);
  }
  if (!(scores instanceof Map)) throw new TypeError(`${op}(): importance_scores must be of type dict`);
  const pairs = [...parameters];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`${op}(): parameters must hold [module, name] pairs, not ${typeName(pair)}`);
    checkModule(op, pair[0]);
    checkName(op, pair[1]);
  }
  const tensorOf = (module: Module, name: string) => getattr(module, name) as Tensor;

  // every tensor's scores (default: the tensor) and mask so far (default: ones), flattened into one vector
  const allScores = cat(pairs.map(([m, name]) => (scoresFor(scores, m, name) ?? tensorOf(m, name)).reshape(-1)));
  const allMasks = cat(
    pairs.map(([m, name]) => {
      const ones = ones_like(tensorOf(m, name));
      return (`${name}_mask` in m ? ((m as unknown as Attributes)[`${name}_mask`] as Tensor) : ones).reshape(-1);
    }),
  );
  if (typeof Method !== 'function') throw new TypeError(`'${typeName(Method)}' object is not callable`);
  const container = new PruningContainer();
  container._tensor_name = 'temp';
  const method = Object.keys(rest).length ? new (Method as new (kw: object) => BasePruningMethod)(rest) : new (Method as new () => BasePruningMethod)();
  method._tensor_name = 'temp';
  if (method.PRUNING_TYPE !== 'unstructured') {
    throw new TypeError(`Only "unstructured" PRUNING_TYPE supported for the \`pruning_method\`. Found method <class '${qualifiedName(Method)}'> of type ${String(method.PRUNING_TYPE)}`);
  }
  container.add_pruning_method(method);
  const finalMask = container.compute_mask(allScores, allMasks);
  let pointer = 0;
  for (const [m, name] of pairs) {
    const param = tensorOf(m, name);
    const numel = param.numel();
    custom_from_mask(m, name, { mask: finalMask.slice(0, pointer, pointer + numel).view_as(param) });
    pointer += numel;
  }
}

export interface GlobalUnstructuredOptions {
  pruning_method?: PruningMethodClass;
  importance_scores?: ImportanceScores | null;
  /** The pruning method's own arguments, e.g. amount. */
  [kwarg: string]: unknown;
}

/** prune.remove(module, name): makes the pruning of module[name] permanent and drops its hook. */
export function remove<M extends Module>(module: M, name: string | { name?: string }): M {
  const a = pruneArgs<{ name?: string }>('remove', ['name'], {}, arguments, ['name']);
  for (const [id, hook] of module._forward_pre_hooks) {
    if (hook instanceof BasePruningMethod && hook._tensor_name === a.name) {
      hook.remove(module);
      module._forward_pre_hooks.delete(id);
      return module;
    }
  }
  throw new RangeError(`Parameter '${a.name}' of module ${String(module)} has to be pruned before pruning can be removed`);
}

/** prune.is_pruned(module): whether the module or any submodule has a pruning hook. */
export function is_pruned(module: Module): boolean {
  checkModule('is_pruned', module);
  for (const m of module.modules()) {
    for (const hook of m._forward_pre_hooks.values()) if (hook instanceof BasePruningMethod) return true;
  }
  return false;
}
