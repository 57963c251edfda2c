// Activation modules: PyTorch's constructor arguments and reprs, forward through nn.functional.
import type { Tensor } from '../tensor';
import type { DType } from '../dtype';
import { empty } from '../ops/creation';
import { Module, Parameter } from './module';
import * as F from './functional';
import { constant_ } from './init';

const inplaceRepr = (inplace: boolean) => (inplace ? 'inplace=True' : '');
/** A float argument as Python prints it (1 -> 1.0), since PyTorch types these arguments as float. */
export const pyFloat = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));

export class Threshold extends Module {
  constructor(readonly threshold: number, readonly value: number, readonly inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extra_repr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class ReLU extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }
  override extra_repr(): string {
    return inplaceRepr(this.inplace);
  }
}

export class ReLU6 extends Module {
  constructor(readonly inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.relu6(input, this.inplace);
  }
  override extra_repr(): string {
    return inplaceRepr(this.inplace);
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negative_slope = 0.01, readonly inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.leaky_relu(input, this.negative_slope, this.inplace);
  }
  override extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class Hardtanh extends Module {
  constructor(readonly min_val = -1, readonly max_val = 1, readonly inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.min_val, this.max_val, this.inplace);
  }
  override extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** Modules with no arguments: forward is one functional call. */
function simple(name: string, fn: (x: Tensor) => Tensor) {
  const cls = class extends Module {
    override forward(input: Tensor): Tensor {
      return fn(input);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const Sigmoid = simple('Sigmoid', F.sigmoid);
export const Tanh = simple('Tanh', F.tanh);
export const Softsign = simple('Softsign', F.softsign);
export const LogSigmoid = simple('LogSigmoid', F.logsigmoid);
export const Tanhshrink = simple('Tanhshrink', F.tanhshrink);

/** Modules whose only argument is `inplace`. */
function withInplace(name: string, fn: (x: Tensor, inplace: boolean) => Tensor) {
  const cls = class extends Module {
    constructor(readonly inplace = false) {
      super();
    }
    override forward(input: Tensor): Tensor {
      return fn(input, this.inplace);
    }
    override extra_repr(): string {
      return inplaceRepr(this.inplace);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const SiLU = withInplace('SiLU', F.silu);
export const SELU = withInplace('SELU', F.selu);
export const Mish = withInplace('Mish', F.mish);
export const Hardsigmoid = withInplace('Hardsigmoid', F.hardsigmoid);
export const Hardswish = withInplace('Hardswish', F.hardswish);

export class GELU extends Module {
  constructor(readonly approximate: 'none' | 'tanh' = 'none') {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, this.approximate);
  }
  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class ELU extends Module {
  constructor(readonly alpha = 1, readonly inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, this.inplace);
  }
  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class CELU extends Module {
  constructor(readonly alpha = 1, readonly inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  override extra_repr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

export class PReLU extends Module {
  weight: Parameter;
  constructor(readonly num_parameters = 1, init = 0.25) {
    super();
    this.weight = new Parameter(constant_(empty(num_parameters), init));
  }
  override forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  override extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

/** Softmax/LogSoftmax/Softmin over `dim`. */
function alongDim(name: string, fn: (x: Tensor, dim: number, options?: { dtype?: DType }) => Tensor) {
  const cls = class extends Module {
    constructor(readonly dim: number | null = null) {
      super();
    }
    override forward(input: Tensor): Tensor {
      if (this.dim === null) throw new TypeError(`${name}: dim must be given (implicit dim selection is deprecated in PyTorch)`);
      return fn(input, this.dim);
    }
    override extra_repr(): string {
      return `dim=${this.dim === null ? 'None' : this.dim}`;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const Softmax = alongDim('Softmax', F.softmax);
export const LogSoftmax = alongDim('LogSoftmax', F.log_softmax);
export const Softmin = alongDim('Softmin', F.softmin);

