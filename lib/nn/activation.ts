// Activation modules: PyTorch's constructor arguments (positional or one options object) and reprs,
// forward through nn.functional.
import { checkTensor, type Tensor } from '../tensor';
import type { DType } from '../dtype';
import { empty } from '../ops/creation';
import { Module, Parameter } from './module';
import * as F from './functional';
import { constant_ } from './init';
import { kwargs } from './kwargs';
import { checkArgs } from '../args';

const inplaceRepr = (inplace: boolean) => (inplace ? 'inplace=True' : '');
const inplaceSuffix = (inplace: boolean) => (inplace ? ', inplace=True' : '');
/** A bool as Python prints it. */
export const pyBool = (b: boolean) => (b ? 'True' : 'False');

/**
 * A float argument as Python's repr prints it, since PyTorch types these arguments as float: 1 -> 1.0,
 * 1e-5 -> 1e-05 (exponent form below 1e-4 and from 1e16, with at least two exponent digits).
 */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  const magnitude = Math.abs(v);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  if (Number.isInteger(v)) return Object.is(v, -0) ? '-0.0' : v.toFixed(1);
  return String(v);
}

type Inplace = { inplace?: boolean };

/** Gives a class made in a factory its PyTorch name (what the repr prints). */
export function named<C extends abstract new (...args: never[]) => unknown>(name: string, cls: C): C {
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export class Threshold extends Module {
  readonly threshold: number;
  readonly value: number;
  readonly inplace: boolean;
  constructor(...args: (number | boolean | { threshold?: number; value?: number; inplace?: boolean })[]) {
    super();
    // undefined marks a missing argument: NaN is a valid threshold or value
    const a = kwargs<{ threshold?: number; value?: number; inplace: boolean }>(
      'Threshold',
      ['threshold', 'value', 'inplace'],
      { threshold: undefined, value: undefined, inplace: false },
      args,
    );
    if (a.threshold === undefined || a.value === undefined) {
      throw new TypeError("Threshold.__init__() missing required arguments: 'threshold' and 'value'");
    }
    ({ threshold: this.threshold, value: this.value, inplace: this.inplace } = a as Required<typeof a>);
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extra_repr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${inplaceSuffix(this.inplace)}`;
  }
}

/** Modules whose only argument is `inplace`: forward is one functional call. */
function withInplace(name: string, fn: (x: Tensor, inplace: boolean) => Tensor) {
  return named(name, class extends Module {
    readonly inplace: boolean;
    constructor(inplace?: boolean | Inplace) {
      super();
      ({ inplace: this.inplace } = kwargs(name, ['inplace'], { inplace: false }, Array.from(arguments)));
    }
    override forward(input: Tensor): Tensor {
      checkArgs(`${this.constructor.name}.forward`, arguments, 1);
      return fn(input, this.inplace);
    }
    override extra_repr(): string {
      return inplaceRepr(this.inplace);
    }
  });
}

export const ReLU = withInplace('ReLU', F.relu);
export type ReLU = InstanceType<typeof ReLU>;
export const ReLU6 = withInplace('ReLU6', F.relu6);
export type ReLU6 = InstanceType<typeof ReLU6>;
export const SiLU = withInplace('SiLU', F.silu);
export type SiLU = InstanceType<typeof SiLU>;
export const SELU = withInplace('SELU', F.selu);
export type SELU = InstanceType<typeof SELU>;
export const Mish = withInplace('Mish', F.mish);
export type Mish = InstanceType<typeof Mish>;
export const Hardsigmoid = withInplace('Hardsigmoid', F.hardsigmoid);
export type Hardsigmoid = InstanceType<typeof Hardsigmoid>;
export const Hardswish = withInplace('Hardswish', F.hardswish);
export type Hardswish = InstanceType<typeof Hardswish>;

/** Modules with no arguments. */
function simple(name: string, fn: (x: Tensor) => Tensor) {
  return named(name, class extends Module {
    constructor() {
      super();
      checkArgs(`${name}.__init__`, arguments, 0);
    }
    override forward(input: Tensor): Tensor {
      checkArgs(`${this.constructor.name}.forward`, arguments, 1);
      return fn(input);
    }
  });
}

export const Sigmoid = simple('Sigmoid', F.sigmoid);
export type Sigmoid = InstanceType<typeof Sigmoid>;
export const Tanh = simple('Tanh', F.tanh);
export type Tanh = InstanceType<typeof Tanh>;
export const Softsign = simple('Softsign', F.softsign);
export type Softsign = InstanceType<typeof Softsign>;
export const LogSigmoid = simple('LogSigmoid', F.logsigmoid);
export type LogSigmoid = InstanceType<typeof LogSigmoid>;
export const Tanhshrink = simple('Tanhshrink', F.tanhshrink);
export type Tanhshrink = InstanceType<typeof Tanhshrink>;

export class LeakyReLU extends Module {
  readonly negative_slope: number;
  readonly inplace: boolean;
  constructor(...args: (number | boolean | { negative_slope?: number; inplace?: boolean })[]) {
    super();
    ({ negative_slope: this.negative_slope, inplace: this.inplace } = kwargs(
      'LeakyReLU',
      ['negative_slope', 'inplace'],
      { negative_slope: 0.01, inplace: false },
      args,
    ));
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.leaky_relu(input, this.negative_slope, this.inplace);
  }
  override extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${inplaceSuffix(this.inplace)}`;
  }
}

export class Hardtanh extends Module {
  readonly min_val: number;
  readonly max_val: number;
  readonly inplace: boolean;
  constructor(...args: (number | boolean | { min_val?: number; max_val?: number; inplace?: boolean })[]) {
    super();
    ({ min_val: this.min_val, max_val: this.max_val, inplace: this.inplace } = kwargs(
      'Hardtanh',
      ['min_val', 'max_val', 'inplace'],
      { min_val: -1, max_val: 1, inplace: false },
      args,
    ));
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.hardtanh(input, this.min_val, this.max_val, this.inplace);
  }
  override extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${inplaceSuffix(this.inplace)}`;
  }
}

export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(approximate?: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' }) {
    super();
    ({ approximate: this.approximate } = kwargs('GELU', ['approximate'], { approximate: 'none' as 'none' | 'tanh' }, Array.from(arguments)));
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.gelu(input, this.approximate);
  }
  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** ELU and CELU: (alpha = 1, inplace = false). */
function withAlpha(name: string, fn: (x: Tensor, alpha: number, inplace: boolean) => Tensor) {
  return named(name, class extends Module {
    readonly alpha: number;
    readonly inplace: boolean;
    constructor(...args: (number | boolean | { alpha?: number; inplace?: boolean })[]) {
      super();
      ({ alpha: this.alpha, inplace: this.inplace } = kwargs(name, ['alpha', 'inplace'], { alpha: 1, inplace: false }, args));
    }
    override forward(input: Tensor): Tensor {
      checkArgs(`${this.constructor.name}.forward`, arguments, 1);
      return fn(input, this.alpha, this.inplace);
    }
    override extra_repr(): string {
      return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace)}`;
    }
  });
}

export const ELU = withAlpha('ELU', F.elu);
export type ELU = InstanceType<typeof ELU>;
export const CELU = withAlpha('CELU', F.celu);
export type CELU = InstanceType<typeof CELU>;

export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(...args: (number | { beta?: number; threshold?: number })[]) {
    super();
    ({ beta: this.beta, threshold: this.threshold } = kwargs('Softplus', ['beta', 'threshold'], { beta: 1, threshold: 20 }, args));
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.softplus(input, this.beta, this.threshold);
  }
  override extra_repr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

export class PReLU extends Module {
  weight: Parameter;
  readonly num_parameters: number;
  constructor(...args: (number | { num_parameters?: number; init?: number })[]) {
    super();
    const a = kwargs('PReLU', ['num_parameters', 'init'], { num_parameters: 1, init: 0.25 }, args);
    this.num_parameters = a.num_parameters;
    this.weight = new Parameter(constant_(empty(a.num_parameters), a.init));
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.prelu(input, this.weight);
  }
  override extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

/** Softmax/LogSoftmax/Softmin over `dim`. */
function alongDim(name: string, fn: (x: Tensor, dim: number, options?: { dtype?: DType }) => Tensor) {
  return named(name, class extends Module {
    readonly dim: number | null;
    constructor(dim?: number | null | { dim?: number | null }) {
      super();
      ({ dim: this.dim } = kwargs(name, ['dim'], { dim: null as number | null }, Array.from(arguments)));
    }
    override forward(input: Tensor): Tensor {
      checkArgs(`${this.constructor.name}.forward`, arguments, 1);
      if (this.dim === null) throw new TypeError(`${name}: dim must be given (implicit dim selection is deprecated in PyTorch)`);
      return fn(input, this.dim);
    }
    override extra_repr(): string {
      return `dim=${this.dim === null ? 'None' : this.dim}`;
    }
  });
}

export const Softmax = alongDim('Softmax', F.softmax);
export type Softmax = InstanceType<typeof Softmax>;
export const LogSoftmax = alongDim('LogSoftmax', F.log_softmax);
export type LogSoftmax = InstanceType<typeof LogSoftmax>;
export const Softmin = alongDim('Softmin', F.softmin);
export type Softmin = InstanceType<typeof Softmin>;

/** Hardshrink and Softshrink: (lambd = 0.5), printed as PyTorch prints them: Hardshrink(0.5). */
function withLambd(name: string, fn: (x: Tensor, lambd: number) => Tensor) {
  return named(name, class extends Module {
    readonly lambd: number;
    constructor(...args: (number | { lambd?: number })[]) {
      super();
      ({ lambd: this.lambd } = kwargs(name, ['lambd'], { lambd: 0.5 }, args));
    }
    override forward(input: Tensor): Tensor {
      checkArgs(`${this.constructor.name}.forward`, arguments, 1);
      return fn(input, this.lambd);
    }
    override extra_repr(): string {
      return pyFloat(this.lambd);
    }
  });
}

export const Hardshrink = withLambd('Hardshrink', F.hardshrink);
export type Hardshrink = InstanceType<typeof Hardshrink>;
export const Softshrink = withLambd('Softshrink', F.softshrink);
export type Softshrink = InstanceType<typeof Softshrink>;

/** GLU(dim = -1): the first half of dim gated by the sigmoid of the second. */
export class GLU extends Module {
  readonly dim: number;
  constructor(...args: (number | { dim?: number })[]) {
    super();
    ({ dim: this.dim } = kwargs('GLU', ['dim'], { dim: -1 }, args));
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.glu(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

/** Softmax2d(): softmax over the channels (dim -3) of a [C, H, W] or [N, C, H, W] input. */
export class Softmax2d extends Module {
  constructor() {
    super();
    checkArgs('Softmax2d.__init__', arguments, 0);
  }
  override forward(input: Tensor): Tensor {
    checkArgs('Softmax2d.forward', arguments, 1);
    const x = checkTensor('softmax', input);
    if (x.dim() !== 3 && x.dim() !== 4) throw new RangeError('Softmax2d: Softmax2d requires a 3D or 4D tensor as input');
    return F.softmax(x, -3);
  }
}

/** RReLU(lower = 1/8, upper = 1/3, inplace = false): F.rrelu, random slopes in training mode. */
export class RReLU extends Module {
  readonly lower: number;
  readonly upper: number;
  readonly inplace: boolean;
  constructor(...args: (number | boolean | { lower?: number; upper?: number; inplace?: boolean })[]) {
    super();
    ({ lower: this.lower, upper: this.upper, inplace: this.inplace } = kwargs('RReLU', ['lower', 'upper', 'inplace'], { lower: 1 / 8, upper: 1 / 3, inplace: false }, args));
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return F.rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${inplaceSuffix(this.inplace)}`;
  }
}
