// nn.Module: callable instances (`model(x)` runs forward), with submodules and parameters discovered from the
// instance's own properties in assignment order, as PyTorch registers them in __setattr__.
import { Tensor, checkTensor, typeName } from '../tensor';
import { no_grad } from '../autograd';
import { fmtShape } from '../shape';
import { checkArgs, checkDevice, isDevice, isOptions } from '../args';
import { isFloating, parseDType, type DType } from '../dtype';
import { addHook, type RemovableHandle } from '../utils/hooks';
import { BackwardHookState, type BackwardHook } from './backward_hook';

export type { BackwardHook };
/** register_forward_pre_hook: may return replacement arguments (an array, or one value for one argument). */
export type ForwardPreHook = (module: Module, input: unknown[]) => unknown;
/** register_forward_hook: may return a replacement output. */
export type ForwardHook = (module: Module, input: unknown[], output: unknown) => unknown;

/** A Tensor that is a module parameter: requires grad by default. */
export class Parameter extends Tensor {
  constructor(data: Tensor, requires_grad = true) {
    checkTensor('Parameter', data, 'data');
    super(data._storage, data.shape, data.dtype, data._strides, data._offset);
    if (requires_grad) this.requires_grad_(true);
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

export interface Module {
  /** Calling a module runs its forward (PyTorch's __call__). */
  (...args: any[]): any;
}

export type StateDict = Record<string, Tensor>;

/** The module with its floating parameters and buffers (not integer ones such as num_batches_tracked) cast to dtype. */
function castFloating<M extends Module>(module: M, dtype: DType): M {
  return module._apply((t) => (t.dtype === dtype ? t : t.to(dtype)), (t) => isFloating(t.dtype));
}

/** The submodule of root holding a dotted path's last name, which it has, and that name (PyTorch's target.rpartition('.')). */
function ownerOf(root: Module, op: string, target: string): [Module, string] {
  if (typeof target !== 'string') throw new TypeError(`${op}(): argument 'target' must be str, not ${typeName(target)}`);
  const dot = target.lastIndexOf('.');
  const [mod, name] = [root.get_submodule(dot < 0 ? '' : target.slice(0, dot)), target.slice(dot + 1)];
  if (!(name in mod)) throw new TypeError(`${mod.constructor.name} has no attribute \`${name}\``);
  return [mod, name];
}

export class Module {
  declare training: boolean;
  /** @internal buffers registered with register_buffer, by name (null = registered but unset). */
  declare _buffers: Map<string, Tensor | null>;
  /** @internal hooks by handle id, in registration order. */
  declare _forward_pre_hooks: Map<number, ForwardPreHook>;
  /** @internal */ declare _forward_hooks: Map<number, ForwardHook>;
  /** @internal */ declare _backward_hooks: Map<number, BackwardHook>;

  constructor() {
    const module = function (...args: unknown[]) {
      return module._has_hooks() ? callWithHooks(module, args) : module.forward(...args);
    } as unknown as Module;
    // a function object so instances are callable; drop its own name/length so subclasses may assign them
    delete (module as { name?: string }).name;
    delete (module as { length?: number }).length;
    Object.setPrototypeOf(module, new.target.prototype);
    Object.defineProperty(module, 'training', { value: true, writable: true, enumerable: false });
    Object.defineProperty(module, '_buffers', { value: new Map(), enumerable: false });
    // non-enumerable: traversal reads the module's own enumerable properties as its children and parameters
    for (const hooks of ['_forward_pre_hooks', '_forward_hooks', '_backward_hooks']) Object.defineProperty(module, hooks, { value: new Map() });
    return module;
  }

  forward(..._args: unknown[]): unknown {
    throw new Error(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  // ---- registration ----
  register_parameter(name: string, param: Parameter | null): void {
    (this as unknown as Record<string, unknown>)[name] = param;
  }

  register_buffer(name: string, tensor: Tensor | null): void {
    this._buffers.set(name, tensor);
    Object.defineProperty(this, name, {
      get: () => this._buffers.get(name) ?? null,
      set: (v: Tensor | null) => this._buffers.set(name, v),
      enumerable: false,
      configurable: true,
    });
  }

  add_module(name: string, module: Module | null): void {
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  register_module(name: string, module: Module | null): void {
    this.add_module(name, module);
  }

  // ---- hooks (they run when the module is called, not when forward is) ----
  /** hook(module, input) before forward; a returned value replaces the arguments (a non-array as the only one). */
  register_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
    checkArgs('register_forward_pre_hook', arguments, 1);
    return addHook(this._forward_pre_hooks, checkHook('register_forward_pre_hook', hook));
  }

  /** hook(module, input, output) after forward; a returned value replaces the output. */
  register_forward_hook(hook: ForwardHook): RemovableHandle {
    checkArgs('register_forward_hook', arguments, 1);
    return addHook(this._forward_hooks, checkHook('register_forward_hook', hook));
  }

  /**
   * hook(module, grad_input, grad_output) when backward has computed the gradients w.r.t. the module's positional
   * arguments (null for non-tensors) from those w.r.t. its outputs; a returned array replaces grad_input.
   */
  register_full_backward_hook(hook: BackwardHook): RemovableHandle {
    checkArgs('register_full_backward_hook', arguments, 1);
    return addHook(this._backward_hooks, checkHook('register_full_backward_hook', hook));
  }

  /** @internal Whether calling this module must run hooks (Sequential then doesn't fuse it with its neighbour). */
  _has_hooks(): boolean {
    return this._forward_pre_hooks.size > 0 || this._forward_hooks.size > 0 || this._backward_hooks.size > 0;
  }

  // ---- traversal ----
  *named_children(): Generator<[string, Module]> {
    for (const [name, value] of Object.entries(this)) if (value instanceof Module) yield [name, value];
  }

  *children(): Generator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  *named_modules(prefix = ''): Generator<[string, Module]> {
    const seen = new Set<Module>();
    function* walk(m: Module, name: string): Generator<[string, Module]> {
      if (seen.has(m)) return;
      seen.add(m);
      yield [name, m];
      for (const [child, sub] of m.named_children()) yield* walk(sub, name ? `${name}.${child}` : child);
    }
    yield* walk(this, prefix);
  }

  *modules(): Generator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }

  *named_parameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const mods: Iterable<[string, Module]> = recurse ? this.named_modules(prefix) : [[prefix, this]];
    for (const [modName, m] of mods) {
      for (const [name, value] of Object.entries(m)) {
        if (value instanceof Parameter && !seen.has(value)) {
          seen.add(value);
          yield [modName ? `${modName}.${name}` : name, value];
        }
      }
    }
  }

  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.named_parameters('', recurse)) yield p;
  }

  *named_buffers(prefix = ''): Generator<[string, Tensor]> {
    for (const [modName, m] of this.named_modules(prefix)) {
      for (const [name, b] of m._buffers) if (b) yield [modName ? `${modName}.${name}` : name, b];
    }
  }

  *buffers(): Generator<Tensor> {
    for (const [, b] of this.named_buffers()) yield b;
  }

  /** model.get_submodule('net.0'): the module at a dotted path ('' is the module itself), with PyTorch's errors. */
  get_submodule(target: string): Module {
    if (typeof target !== 'string') throw new TypeError(`get_submodule(): argument 'target' must be str, not ${typeName(target)}`);
    let mod: Module = this;
    for (const item of target === '' ? [] : target.split('.')) {
      if (!(item in mod)) throw new TypeError(`${mod.constructor.name} has no attribute \`${item}\``);
      const next: unknown = (mod as unknown as Record<string, unknown>)[item];
      if (!(next instanceof Module)) throw new TypeError(`\`${item}\` is not an nn.Module`);
      mod = next;
    }
    return mod;
  }

  /** model.get_parameter('net.0.weight'): the Parameter at a dotted path. */
  get_parameter(target: string): Parameter {
    const [mod, name] = ownerOf(this, 'get_parameter', target);
    const value: unknown = (mod as unknown as Record<string, unknown>)[name];
    if (!(value instanceof Parameter)) throw new TypeError(`\`${name}\` is not an nn.Parameter`);
    return value;
  }

  /** model.get_buffer('bn.running_mean'): the buffer at a dotted path. */
  get_buffer(target: string): Tensor | null {
    const [mod, name] = ownerOf(this, 'get_buffer', target);
    if (!mod._buffers.has(name)) throw new TypeError(`\`${name}\` is not a buffer`);
    return mod._buffers.get(name) ?? null;
  }

  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  // ---- dtype and device ----
  /**
   * PyTorch's _apply: every parameter, parameter gradient and buffer that `convert` accepts replaced in place by
   * fn of it (PyTorch's `param.data = fn(param)`), so the module, its optimizers and hooks keep the same objects.
   */
  _apply(fn: (t: Tensor) => Tensor, convert: (t: Tensor) => boolean = () => true): this {
    no_grad(() => {
      for (const p of this.parameters()) {
        if (!convert(p)) continue;
        p._setData(fn(p));
        if (p.grad && convert(p.grad)) p.grad._setData(fn(p.grad));
      }
      for (const b of this.buffers()) if (convert(b)) b._setData(fn(b));
    });
    return this;
  }

  /** double(): floating parameters and buffers as float64, in place. */
  double(): this {
    checkArgs('double', arguments, 0);
    return castFloating(this, 'float64');
  }

  /** float(): floating parameters and buffers as float32, in place. */
  float(): this {
    checkArgs('float', arguments, 0);
    return castFloating(this, 'float32');
  }

  /** half(): floating parameters and buffers as float16, in place. */
  half(): this {
    checkArgs('half', arguments, 0);
    return castFloating(this, 'float16');
  }

  /** bfloat16(): floating parameters and buffers as bfloat16, in place. */
  bfloat16(): this {
    checkArgs('bfloat16', arguments, 0);
    return castFloating(this, 'bfloat16');
  }

  /** type(dst_type): every parameter and buffer (integer ones too, as PyTorch) cast to dst_type. */
  type(dst_type: DType | string): this {
    checkArgs('type', arguments, 1);
    const dtype = parseDType(dst_type, 'type');
    return this._apply((t) => (t.dtype === dtype ? t : t.to(dtype)));
  }

  /**
   * to(device), to(dtype), to(device, dtype), to(tensor) or to({ device, dtype, non_blocking }): the module itself,
   * its floating parameters and buffers cast to dtype (a floating one, as PyTorch requires); the device is the
   * CPU already.
   */
  to(...args: unknown[]): this {
    checkArgs('to', args, 2, ['device', 'dtype', 'non_blocking'], 0);
    let dtype: unknown;
    for (const v of args) {
      if (v === undefined) continue;
      if (v instanceof Tensor) dtype = v.dtype;
      else if (isOptions(v)) {
        if (v.dtype !== undefined) dtype = v.dtype;
        checkDevice('to', v.device);
      } else if (isDevice(v)) checkDevice('to', v);
      else dtype = v; // a dtype, or parseDType's error below
    }
    if (dtype === undefined) return this;
    const target = parseDType(dtype, 'to');
    if (!isFloating(target)) throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.${target}`);
    return castFloating(this, target);
  }

  cpu(): this {
    checkArgs('cpu', arguments, 0);
    return this;
  }

  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError(`train(): training mode is expected to be boolean, got ${typeName(mode)}`);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  /** Resets parameter gradients: to null (default, as PyTorch 2) or to zeros. */
  zero_grad(set_to_none = true): void {
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (set_to_none) p.grad = null;
      else p.grad.zero_();
    }
  }

  // ---- state ----
  /** PyTorch's order: module by module (pre-order), each one's parameters and then its buffers. */
  state_dict(): StateDict {
    const out: StateDict = {};
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.named_modules()) {
      for (const [name, p] of m.named_parameters(prefix, false)) {
        if (seen.has(p)) continue;
        seen.add(p);
        out[name] = p.detach();
      }
      for (const [name, b] of m._buffers) if (b) out[prefix ? `${prefix}.${name}` : name] = b.detach();
    }
    return out;
  }

  /** Copies tensors into this module's parameters and buffers; strict checks that the keys match exactly. */
  load_state_dict(state: StateDict, strict = true): { missing_keys: string[]; unexpected_keys: string[] } {
    const own = new Map<string, Tensor>([...this.named_parameters(), ...this.named_buffers()]);
    const missing = [...own.keys()].filter((k) => !(k in state));
    const unexpected = Object.keys(state).filter((k) => !own.has(k));
    if (strict && (missing.length || unexpected.length)) {
      throw new Error(
        `Error(s) in loading state_dict for ${this.constructor.name}:` +
          (missing.length ? `\n\tMissing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}.` : '') +
          (unexpected.length ? `\n\tUnexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}.` : ''),
      );
    }
    no_grad(() => {
      for (const [name, t] of own) {
        const src = state[name];
        if (!src) continue;
        checkTensor('load_state_dict', src, name);
        if (src.shape.join() !== t.shape.join()) {
          throw new RangeError(
            `Error(s) in loading state_dict for ${this.constructor.name}:\n\tsize mismatch for ${name}: copying a param with shape ${fmtShape(src.shape)} from checkpoint, the shape in current model is ${fmtShape(t.shape)}.`,
          );
        }
        t.copy_(src);
      }
    });
    return { missing_keys: missing, unexpected_keys: unexpected };
  }

  // ---- printing, as PyTorch's Module.__repr__ ----
  /** Extra text inside the parentheses, e.g. `in_features=10, out_features=5, bias=True`. */
  extra_repr(): string {
    return '';
  }

  toString(): string {
    const lines: string[] = [];
    const extra = this.extra_repr();
    if (extra) lines.push(...extra.split('\n'));
    for (const [name, child] of this.named_children()) {
      lines.push(`(${name}): ${String(child).replace(/\n/g, '\n  ')}`);
    }
    const name = this.constructor.name;
    if (lines.length === 0) return `${name}()`;
    if (lines.length === 1 && extra && !extra.includes('\n') && lines[0] === extra) return `${name}(${extra})`;
    return `${name}(\n  ${lines.join('\n  ')}\n)`;
  }
}

/** A registration's hook, checked to be a function. */
function checkHook<H>(op: string, hook: H): H {
  if (typeof hook !== 'function') throw new TypeError(`${op}(): argument 'hook' must be a function, not ${typeName(hook)}`);
  return hook;
}

/** PyTorch's Module.__call__ when hooks are registered: pre-hooks, forward, forward hooks, backward hooks' setup. */
function callWithHooks(module: Module, args: unknown[]): unknown {
  let input = args;
  for (const hook of [...module._forward_pre_hooks.values()]) {
    const result = hook(module, input);
    if (result !== undefined) input = Array.isArray(result) ? result : [result];
  }
  const backward = module._backward_hooks.size ? new BackwardHookState(module, [...module._backward_hooks.values()]) : null;
  if (backward) input = backward.setupInput(input);
  let output = module.forward(...input);
  for (const hook of [...module._forward_hooks.values()]) {
    const result = hook(module, input, output);
    if (result !== undefined) output = result;
  }
  return backward ? backward.setupOutput(output) : output;
}

// console.log(model) prints the repr
Object.defineProperty(Module.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Module) {
    return this.toString();
  },
});
