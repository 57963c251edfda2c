// Containers by name and of parameters: ModuleDict, ParameterList, ParameterDict. Entries are the module's own
// properties ('0', '1', ... or the keys), so traversal, state_dict and optimizers see them as PyTorch's do
// ('layers.fc.weight', 'params.0').
import { Tensor, typeName } from '../tensor';
import { Module, Parameter } from './module';
import { TORCH_NAME } from '../ops/elementwise';

type Entries<V> = Iterable<[string, V]> | Record<string, V>;

function entriesOf<V>(items: Entries<V>): [string, V][] {
  return Symbol.iterator in Object(items) ? [...(items as Iterable<[string, V]>)] : Object.entries(items as Record<string, V>);
}

/** A key that would shadow a method or field of the container is refused, as PyTorch refuses it. */
function checkKey(owner: Module, key: unknown): string {
  if (typeof key !== 'string') throw new TypeError(`${owner.constructor.name} keys must be strings, got ${typeName(key)}`);
  // an entry is an own enumerable property; anything else by that name (a method, `training`) is the module's
  if (key in owner && !Object.prototype.propertyIsEnumerable.call(owner, key)) throw new RangeError(`attribute '${key}' already exists`);
  return key;
}

/** Common to the dict containers: PyTorch's dict methods over the module's own entries of one kind. */
abstract class DictContainer<V> extends Module {
  protected abstract entries(): [string, V][];
  protected abstract check(key: string, value: unknown): V;

  keys(): string[] {
    return this.entries().map(([k]) => k);
  }
  values(): V[] {
    return this.entries().map(([, v]) => v);
  }
  items(): [string, V][] {
    return this.entries();
  }
  override get length(): number {
    return this.entries().length;
  }
  /** dict[key] */
  get(key: string): V | undefined {
    return this.entries().find(([k]) => k === key)?.[1];
  }
  /** dict[key] = value */
  set(key: string, value: V): this {
    (this as unknown as Record<string, V>)[checkKey(this, key)] = this.check(key, value);
    return this;
  }
  /** key in dict */
  has(key: string): boolean {
    return this.entries().some(([k]) => k === key);
  }
  /** dict.pop(key): removes the entry and returns it. */
  pop(key: string): V {
    const v = this.get(key);
    if (v === undefined) throw new RangeError(`KeyError: '${key}'`);
    delete (this as unknown as Record<string, V>)[key];
    return v;
  }
  clear(): void {
    for (const key of this.keys()) delete (this as unknown as Record<string, V>)[key];
  }
  update(items: Entries<V>): this {
    for (const [k, v] of entriesOf(items)) this.set(k, v);
    return this;
  }
  *[Symbol.iterator](): Iterator<string> {
    yield* this.keys();
  }
}

/** ModuleDict({ name: module, ... }): submodules by name. */
export class ModuleDict extends DictContainer<Module> {
  constructor(modules: Entries<Module> = {}) {
    super();
    this.update(modules);
  }
  protected entries(): [string, Module][] {
    return [...this.named_children()];
  }
  protected check(key: string, value: unknown): Module {
    if (!(value instanceof Module)) throw new TypeError(`ModuleDict: ${typeName(value)} is not a Module subclass (at '${key}')`);
    return value;
  }
  override forward(): never {
    throw new Error('ModuleDict is not callable: index it in your forward');
  }
}

/** A tensor becomes a Parameter as PyTorch's ParameterList/Dict make it (requires_grad kept from a Parameter). */
function asParameter(owner: string, key: string, value: unknown): Parameter {
  if (value instanceof Parameter) return value;
  if (value instanceof Tensor) return new Parameter(value.detach());
  throw new TypeError(`${owner}: ${typeName(value)} is not a Tensor (at '${key}')`);
}

const ownParameters = (m: Module) => Object.entries(m).filter((e): e is [string, Parameter] => e[1] instanceof Parameter);

/** "Parameter containing: [torch.float32 of size 2x3]", PyTorch's line for one entry. */
const describe = (p: Parameter, typeName: string) => `Parameter containing: [${typeName} of size ${p.shape.join('x')}]`;

/** ParameterList([p0, p1, ...]): parameters under the names '0', '1', ... */
export class ParameterList extends Module {
  constructor(values: Iterable<Tensor> = []) {
    super();
    this.extend(values);
  }
  override get length(): number {
    return ownParameters(this).length;
  }
  /** list[index] (negative counts from the end) */
  at(index: number): Parameter {
    const params = ownParameters(this);
    const n = params.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError(`index ${index} is out of range`);
    return params[index < 0 ? index + n : index][1];
  }
  append(value: Tensor): this {
    const key = String(this.length);
    (this as unknown as Record<string, Parameter>)[key] = asParameter('ParameterList', key, value);
    return this;
  }
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }
  *[Symbol.iterator](): Iterator<Parameter> {
    for (const [, p] of ownParameters(this)) yield p;
  }
  override forward(): never {
    throw new Error('ParameterList is not callable: iterate over it in your forward');
  }
  override toString(): string {
    const lines = ownParameters(this).map(([k, p]) => `    (${k}): ${describe(p, `torch.${p.dtype}`)}`);
    return lines.length ? `ParameterList(\n${lines.join('\n')}\n)` : 'ParameterList()';
  }
}

/** ParameterDict({ name: tensor, ... }): parameters by name. */
export class ParameterDict extends DictContainer<Parameter> {
  constructor(values: Entries<Tensor> = {}) {
    super();
    this.update(values as Entries<Parameter>);
  }
  protected entries(): [string, Parameter][] {
    return ownParameters(this);
  }
  protected check(key: string, value: unknown): Parameter {
    return asParameter('ParameterDict', key, value);
  }
  override forward(): never {
    throw new Error('ParameterDict is not callable: index it in your forward');
  }
  override toString(): string {
    const lines = ownParameters(this).map(([k, p]) => `    (${k}): ${describe(p, `torch.${TORCH_NAME[p.dtype]}Tensor`)}`);
    return lines.length ? `ParameterDict(\n${lines.join('\n')}\n)` : 'ParameterDict()';
  }
}
