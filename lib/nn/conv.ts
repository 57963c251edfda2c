// Convolution and pooling modules: Conv2d, MaxPool2d, AvgPool2d, with PyTorch's constructor arguments, default
// initialization and reprs; the math is in conv_functions.ts.
import type { Tensor } from '../tensor';
import { empty } from '../ops/creation';
import { checkArgs } from '../args';
import { checkSizes } from '../shape';
import { Module, Parameter } from './module';
import * as init from './init';
import { kwargs } from './kwargs';
import { avg_pool2d, conv2d, max_pool2d, pair, type Pair } from './conv_functions';

const pyBool = (b: boolean) => (b ? 'True' : 'False');
const pyTuple = (p: readonly number[]) => `(${p.join(', ')})`;

export interface Conv2dArgs {
  in_channels?: number;
  out_channels?: number;
  kernel_size?: Pair;
  stride?: Pair;
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
  padding_mode?: 'zeros';
}

/** Conv2d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true). */
export class Conv2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'valid' | 'same';
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(...args: (number | boolean | string | readonly number[] | Conv2dArgs)[]) {
    super();
    const op = 'Conv2d';
    const a = kwargs<Conv2dArgs>(
      op,
      ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode'],
      { stride: 1, padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros' },
      args,
    );
    const missing = (['in_channels', 'out_channels', 'kernel_size'] as const).filter((k) => a[k] === undefined);
    if (missing.length) {
      throw new TypeError(`Conv2d.__init__() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((k) => `'${k}'`).join(', ')}`);
    }
    for (const name of ['in_channels', 'out_channels', 'groups'] as const) {
      const v = a[name];
      if (!Number.isInteger(v) || (v as number) < (name === 'groups' ? 1 : 0)) throw new RangeError(`${op}(): ${name} must be a ${name === 'groups' ? 'positive' : 'non-negative'} integer, got ${String(v)}`);
    }
    const groups = a.groups!;
    if (a.in_channels! % groups) throw new RangeError(`${op}(): in_channels must be divisible by groups`);
    if (a.out_channels! % groups) throw new RangeError(`${op}(): out_channels must be divisible by groups`);
    if (a.padding_mode !== 'zeros') throw new TypeError(`${op}(): padding_mode '${String(a.padding_mode)}' is not supported (only 'zeros')`);
    this.in_channels = a.in_channels!;
    this.out_channels = a.out_channels!;
    this.kernel_size = pair(op, 'kernel_size', a.kernel_size);
    this.stride = pair(op, 'stride', a.stride);
    this.dilation = pair(op, 'dilation', a.dilation);
    if (a.padding === 'same' || a.padding === 'valid') {
      if (a.padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) throw new RangeError("padding='same' is not supported for strided convolutions");
      this.padding = a.padding;
    } else {
      this.padding = pair(op, 'padding', a.padding, 0);
    }
    this.groups = groups;
    const shape = [this.out_channels, this.in_channels / groups, ...this.kernel_size];
    checkSizes(op, shape);
    this.weight = new Parameter(empty(shape));
    this.bias = a.bias ? new Parameter(empty(this.out_channels)) : null;
    this.reset_parameters();
  }

  /** PyTorch's: kaiming_uniform with a = sqrt(5) (U(-1/sqrt(fan_in), 1/sqrt(fan_in))), the bias from the same bound. */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const fanIn = init.calculateFans(this.weight)[0];
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return conv2d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }

  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding[0] || this.padding[1]) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    return s;
  }
}

/** A pooling argument as PyTorch prints it: an int stays an int, a pair a tuple. */
const pyPair = (v: Pair) => (typeof v === 'number' ? String(v) : pyTuple(v));

export interface MaxPool2dArgs {
  kernel_size?: Pair;
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  return_indices?: boolean;
  ceil_mode?: boolean;
}

/** MaxPool2d(kernel_size, stride = kernel_size, padding = 0, dilation = 1, return_indices = false, ceil_mode = false). */
export class MaxPool2d extends Module {
  readonly kernel_size: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;

  constructor(...args: (number | boolean | null | readonly number[] | MaxPool2dArgs)[]) {
    super();
    const a = kwargs<MaxPool2dArgs>('MaxPool2d', ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'], { stride: null, padding: 0, dilation: 1, return_indices: false, ceil_mode: false }, args);
    if (a.kernel_size === undefined) throw new TypeError("MaxPool2d.__init__() missing 1 required positional argument: 'kernel_size'");
    pair('MaxPool2d', 'kernel_size', a.kernel_size);
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? a.kernel_size;
    this.padding = a.padding!;
    this.dilation = a.dilation!;
    this.return_indices = !!a.return_indices;
    this.ceil_mode = !!a.ceil_mode;
  }

  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return max_pool2d(input, this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode, this.return_indices);
  }

  override extra_repr(): string {
    return `kernel_size=${pyPair(this.kernel_size)}, stride=${pyPair(this.stride)}, padding=${pyPair(this.padding)}, dilation=${pyPair(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

export interface AvgPool2dArgs {
  kernel_size?: Pair;
  stride?: Pair | null;
  padding?: Pair;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/** AvgPool2d(kernel_size, stride = kernel_size, padding = 0, ceil_mode = false, count_include_pad = true, divisor_override = null). */
export class AvgPool2d extends Module {
  readonly kernel_size: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;

  constructor(...args: (number | boolean | null | readonly number[] | AvgPool2dArgs)[]) {
    super();
    const a = kwargs<AvgPool2dArgs>(
      'AvgPool2d',
      ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'],
      { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, divisor_override: null },
      args,
    );
    if (a.kernel_size === undefined) throw new TypeError("AvgPool2d.__init__() missing 1 required positional argument: 'kernel_size'");
    pair('AvgPool2d', 'kernel_size', a.kernel_size);
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? a.kernel_size;
    this.padding = a.padding!;
    this.ceil_mode = !!a.ceil_mode;
    this.count_include_pad = !!a.count_include_pad;
    this.divisor_override = a.divisor_override ?? null;
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return avg_pool2d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }

  override extra_repr(): string {
    return `kernel_size=${pyPair(this.kernel_size)}, stride=${pyPair(this.stride)}, padding=${pyPair(this.padding)}`;
  }
}
