// Container and basic layers: Linear, Bilinear, Sequential, ModuleList, Flatten, Identity, Dropout (and its 1d/3d/alpha forms).
import { Tensor, checkTensor, typeName } from '../tensor';
import { empty } from '../ops/creation';
import { flatten } from '../ops/shape';
import { Module, Parameter } from './module';
import * as init from './init';
import * as F from './functional';
import { LeakyReLU, ReLU, ReLU6, Sigmoid, Tanh, pyBool, pyFloat } from './activation';
import { linear, type LinearActivation } from '../ops/linalg';
import { kwargs } from './kwargs';
import { checkArgs } from '../args';
import { checkSizes, normalizeDim } from '../shape';

export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;

  readonly in_features: number;
  readonly out_features: number;

  /** Linear(in_features, out_features, bias = true): y = x W^T + b, PyTorch's default init. */
  constructor(...args: (number | boolean | { in_features?: number; out_features?: number; bias?: boolean })[]) {
    super();
    const a = kwargs('Linear', ['in_features', 'out_features', 'bias'], { in_features: NaN, out_features: NaN, bias: true }, args);
    for (const [name, v] of [['in_features', a.in_features], ['out_features', a.out_features]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Linear(): ${name} must be a non-negative integer, got ${String(v)}`);
    }
    checkSizes('Linear', [a.out_features, a.in_features]); // the weight's size, before allocating it
    this.in_features = a.in_features;
    this.out_features = a.out_features;
    this.weight = new Parameter(empty(a.out_features, a.in_features));
    this.bias = a.bias ? new Parameter(empty(a.out_features)) : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    // kaiming_uniform with a = sqrt(5) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's choice
    init.kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const bound = this.in_features > 0 ? 1 / Math.sqrt(this.in_features) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.linear(input, this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyBool(!!this.bias)}`;
  }
}

/**
 * Bilinear(in1_features, in2_features, out_features, bias = true): y = x1^T W x2 + b per output feature, weight
 * [out, in1, in2]; weight and bias drawn from U(-1/sqrt(in1_features), 1/sqrt(in1_features)) as PyTorch's.
 */
export class Bilinear extends Module {
  weight: Parameter;
  bias: Parameter | null;

  readonly in1_features: number;
  readonly in2_features: number;
  readonly out_features: number;

  constructor(...args: (number | boolean | { in1_features?: number; in2_features?: number; out_features?: number; bias?: boolean })[]) {
    super();
    const a = kwargs('Bilinear', ['in1_features', 'in2_features', 'out_features', 'bias'], { in1_features: NaN, in2_features: NaN, out_features: NaN, bias: true }, args);
    for (const name of ['in1_features', 'in2_features', 'out_features'] as const) {
      const v = a[name];
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Bilinear(): ${name} must be a non-negative integer, got ${String(v)}`);
    }
    // PyTorch's 1 / math.sqrt(in1_features)
    if (a.in1_features === 0) throw new RangeError('Bilinear(): ZeroDivisionError: float division by zero (in1_features is 0)');
    checkSizes('Bilinear', [a.out_features, a.in1_features, a.in2_features]);
    this.in1_features = a.in1_features;
    this.in2_features = a.in2_features;
    this.out_features = a.out_features;
    this.weight = new Parameter(empty(a.out_features, a.in1_features, a.in2_features));
    this.bias = a.bias ? new Parameter(empty(a.out_features)) : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.in1_features);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 2);
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyBool(!!this.bias)}`;
  }
}

export class Identity extends Module {
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return input;
  }
}

export class Flatten extends Module {
  readonly start_dim: number;
  readonly end_dim: number;
  constructor(...args: (number | { start_dim?: number; end_dim?: number })[]) {
    super();
    ({ start_dim: this.start_dim, end_dim: this.end_dim } = kwargs('Flatten', ['start_dim', 'end_dim'], { start_dim: 1, end_dim: -1 }, args));
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return flatten(input, this.start_dim, this.end_dim);
  }
  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

/** Unflatten(dim, unflattened_size): dim of the input split into the given sizes (one may be -1). */
export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattened_size: readonly number[];
  constructor(...args: (number | readonly number[] | { dim?: number; unflattened_size?: readonly number[] })[]) {
    super();
    const a = kwargs<{ dim?: number; unflattened_size?: readonly number[] }>('Unflatten', ['dim', 'unflattened_size'], {}, args);
    if (!Number.isInteger(a.dim)) throw new TypeError(`Unflatten(): dim must be an int, got ${String(a.dim)}`);
    if (!Array.isArray(a.unflattened_size)) throw new TypeError('Unflatten(): unflattened_size must be a list or tuple of ints');
    this.dim = a.dim!;
    this.unflattened_size = [...a.unflattened_size];
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    const x = checkTensor('unflatten', input);
    const d = normalizeDim('unflatten', this.dim, x.dim());
    return x.reshape([...x.shape.slice(0, d), ...this.unflattened_size, ...x.shape.slice(d + 1)]);
  }
  override extra_repr(): string {
    return `dim=${this.dim}, unflattened_size=(${this.unflattened_size.join(', ')}${this.unflattened_size.length === 1 ? ',' : ''})`;
  }
}

/** CosineSimilarity(dim = 1, eps = 1e-8): F.cosine_similarity as a module. */
export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;
  constructor(...args: (number | { dim?: number; eps?: number })[]) {
    super();
    ({ dim: this.dim, eps: this.eps } = kwargs('CosineSimilarity', ['dim', 'eps'], { dim: 1, eps: 1e-8 }, args));
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 2);
    return F.cosine_similarity(x1, x2, this.dim, this.eps);
  }
}

/** PairwiseDistance(p = 2, eps = 1e-6, keepdim = false): F.pairwise_distance as a module. */
export class PairwiseDistance extends Module {
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;
  constructor(...args: (number | boolean | { p?: number; eps?: number; keepdim?: boolean })[]) {
    super();
    // PyTorch keeps p as `norm`
    ({ p: this.norm, eps: this.eps, keepdim: this.keepdim } = kwargs('PairwiseDistance', ['p', 'eps', 'keepdim'], { p: 2, eps: 1e-6, keepdim: false }, args));
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 2);
    return F.pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(...args: (number | boolean | { p?: number; inplace?: boolean })[]) {
    super();
    ({ p: this.p, inplace: this.inplace } = kwargs(new.target.name, ['p', 'inplace'], { p: 0.5, inplace: false }, args));
    if (typeof this.p !== 'number' || !(this.p >= 0 && this.p <= 1)) {
      throw new RangeError(`dropout probability has to be between 0 and 1, but got ${String(this.p)}`);
    }
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.dropout(input, this.p, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

/** Dropout2d(p = 0.5, inplace = false): zeroes whole channels of [N, C, H, W] (or [C, H, W]) inputs. */
export class Dropout2d extends Dropout {
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}

/** Dropout1d(p = 0.5, inplace = false): zeroes whole channels of [N, C, L] (or [C, L]) inputs. */
export class Dropout1d extends Dropout {
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}

/** Dropout3d(p = 0.5, inplace = false): zeroes whole channels of [N, C, D, H, W] (or [C, D, H, W]) inputs. */
export class Dropout3d extends Dropout {
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}

/** AlphaDropout(p = 0.5, inplace = false): dropout keeping SELU's zero mean and unit variance (F.alpha_dropout). */
export class AlphaDropout extends Dropout {
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.alpha_dropout(input, this.p, this.training);
  }
}

/** FeatureAlphaDropout(p = 0.5, inplace = false): alpha dropout of whole channels (F.feature_alpha_dropout). */
export class FeatureAlphaDropout extends Dropout {
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.feature_alpha_dropout(input, this.p, this.training);
  }
}

function checkModule(owner: string, m: unknown, index: number | string): Module {
  if (m instanceof Module) return m;
  throw new TypeError(`${owner}: ${typeName(m)} is not a Module subclass (at ${index})`);
}

/** Ordered children with list access: what ModuleList and Sequential share. */
abstract class ModuleContainer extends Module {
  override get length(): number {
    return [...this.named_children()].length;
  }

  /** The child at a position (negative counts from the end): PyTorch's `seq[i]`. */
  at(index: number): Module {
    const children = [...this.children()];
    const n = children.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError(`index ${index} is out of range`);
    return children[index < 0 ? index + n : index];
  }

  append(module: Module): this {
    this.add_module(String(this.length), checkModule(this.constructor.name, module, this.length));
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  *[Symbol.iterator](): Iterator<Module> {
    yield* this.children();
  }
}

/** Modules kept in order under the names '0', '1', ... */
export class ModuleList extends ModuleContainer {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  override forward(): never {
    throw new Error('ModuleList is not callable: iterate over it in your forward');
  }
}

/** Sequential(m0, m1, ...) or Sequential({ name: module, ... }): forward chains the modules in order. */
export class Sequential extends ModuleContainer {
  constructor(...modules: (Module | Record<string, Module>)[]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && !(first instanceof Module) && typeof first === 'object') {
      for (const [name, m] of Object.entries(first)) this.add_module(name, checkModule('Sequential', m, name));
    } else this.extend(modules as Module[]);
  }

  /** Chains the modules; a Linear followed by an activation it can apply as it writes its output runs as one op. */
  override forward(input: unknown): any {
    const modules = [...this.children()];
    let x = input;
    for (let i = 0; i < modules.length; i++) {
      const act = i + 1 < modules.length && x instanceof Tensor ? fusableActivation(modules[i], modules[i + 1]) : null;
      if (act) {
        const layer = modules[i++] as Linear;
        x = linear(x as Tensor, layer.weight, layer.bias, act);
      } else x = modules[i](x);
    }
    return x;
  }
}

/**
 * The activation `layer` then `activation` compute together, when they are exactly torchlet's Linear and one of
 * its activation classes, with their own forward (a subclass or an instance's own forward may do anything) and
 * no hooks (calling them must run their hooks), else null. An inplace activation is the same: it would overwrite
 * the Linear's output, which no one else sees.
 */
function fusableActivation(layer: Module, activation: Module): LinearActivation | null {
  const plain = (m: Module) => !Object.prototype.hasOwnProperty.call(m, 'forward') && !m._has_hooks();
  if (layer.constructor !== Linear || !plain(layer) || !plain(activation)) return null;
  switch (activation.constructor) {
    case ReLU:
      return { op: 'relu' };
    case ReLU6:
      return { op: 'relu6' };
    case Sigmoid:
      return { op: 'sigmoid' };
    case Tanh:
      return { op: 'tanh' };
    case LeakyReLU:
      return { op: 'leaky_relu', negative_slope: (activation as LeakyReLU).negative_slope };
  }
  return null;
}
