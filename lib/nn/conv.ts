// Convolution, pooling and padding modules: Conv1d/2d/3d, ConvTranspose1d/2d/3d, Unfold, Fold, MaxPool1d/2d/3d,
// AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d, LPPool1d/2d, MaxUnpool1d/2d, ConstantPad1d/2d/3d, ZeroPad2d,
// ReflectionPad1d/2d/3d, ReplicationPad1d/2d/3d,
// with PyTorch's constructor arguments, default initialization and reprs; the math is in conv_functions.ts
// (conv3d_functions.ts for 3-D).
import type { Tensor } from '../tensor';
import { empty } from '../ops/creation';
import { checkArgs, resolveArgs } from '../args';
import { checkSizes } from '../shape';
import { Module, Parameter } from './module';
import * as init from './init';
import { kwargs, requireArgs } from './kwargs';
import { adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d, adaptive_max_pool2d, avg_pool1d, avg_pool2d, conv1d, conv2d, conv_transpose1d, conv_transpose2d, fold, lp_pool1d, lp_pool2d, max_pool1d, max_pool2d, max_unpool1d, max_unpool2d, pad, sizes, unfold, type FoldOptions, type Pair } from './conv_functions';
import { named, pyBool, pyFloat } from './activation';
import { adaptive_avg_pool3d, adaptive_max_pool3d, avg_pool3d, conv3d, conv_transpose3d, max_pool3d, max_unpool3d, triple, type Triple } from './conv3d_functions';

/** How many spatial dims a module works on: 1 ([N, C, L]), 2 ([N, C, H, W]) or 3 ([N, C, D, H, W]). */
type Spatial = 1 | 2 | 3;

/** A size argument checked for a `spatial`-D op: an int or a list of `spatial` ints (positive unless min is 0). */
function checkedSizes(op: string, name: string, v: unknown, spatial: Spatial, min = 1): number[] {
  return spatial === 3 ? triple(op, name, v, min) : sizes(op, name, v, spatial, min).slice(2 - spatial);
}

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

export interface ConvTranspose2dArgs extends Omit<Conv2dArgs, 'padding'> {
  padding?: Pair;
  output_padding?: Pair;
}

/** A tuple as Python prints it: (3, 3), or (5,) for one element. */
const pyTuple = (p: readonly number[]) => `(${p.join(', ')}${p.length === 1 ? ',' : ''})`;

/** What Conv1d/2d/3d and ConvTranspose1d/2d/3d share (PyTorch's _ConvNd): sizes hold one entry per spatial dim. */
abstract class ConvNd extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[] | 'valid' | 'same';
  readonly dilation: number[];
  readonly groups: number;
  /** Transposed convolutions' extra output size per spatial dim (zeros for a convolution, as in PyTorch). */
  readonly output_padding: number[];

  constructor(
    protected readonly spatial: Spatial,
    args: readonly unknown[],
    protected readonly transposed = false,
  ) {
    super();
    const op = new.target.name;
    const names = transposed
      ? (['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode'] as const)
      : (['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode'] as const);
    const a = kwargs<ConvTranspose2dArgs & Conv2dArgs>(op, names, { stride: 1, padding: 0, output_padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros' }, args);
    requireArgs(op, a, ['in_channels', 'out_channels', 'kernel_size']);
    for (const name of ['in_channels', 'out_channels', 'groups'] as const) {
      const v = a[name];
      if (!Number.isInteger(v) || (v as number) < (name === 'groups' ? 1 : 0)) throw new RangeError(`${op}(): ${name} must be a ${name === 'groups' ? 'positive' : 'non-negative'} integer, got ${String(v)}`);
    }
    const groups = a.groups!;
    if (a.in_channels! % groups) throw new RangeError(`${op}(): in_channels must be divisible by groups`);
    if (a.out_channels! % groups) throw new RangeError(`${op}(): out_channels must be divisible by groups`);
    if (a.padding_mode !== 'zeros') throw new TypeError(`${op}(): padding_mode '${String(a.padding_mode)}' is not supported (only 'zeros')`);
    const own = (name: string, v: unknown, min = 1) => checkedSizes(op, name, v, spatial, min);
    this.in_channels = a.in_channels!;
    this.out_channels = a.out_channels!;
    this.kernel_size = own('kernel_size', a.kernel_size);
    this.stride = own('stride', a.stride);
    this.dilation = own('dilation', a.dilation);
    this.output_padding = transposed ? own('output_padding', a.output_padding, 0) : this.kernel_size.map(() => 0);
    if (transposed && typeof a.padding === 'string') throw new TypeError(`${op}(): padding must be an int or a tuple of ints, not '${a.padding}'`);
    if (a.padding === 'same' || a.padding === 'valid') {
      if (a.padding === 'same' && this.stride.some((s) => s !== 1)) throw new RangeError("padding='same' is not supported for strided convolutions");
      this.padding = a.padding;
    } else {
      this.padding = own('padding', a.padding, 0);
    }
    this.groups = groups;
    const shape = transposed
      ? [this.in_channels, this.out_channels / groups, ...this.kernel_size]
      : [this.out_channels, this.in_channels / groups, ...this.kernel_size];
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
    // the sizes are lists of one entry per spatial dim, which conv1d, conv2d and conv3d all take
    const conv = ([conv1d, conv2d, conv3d] as unknown as (typeof conv2d)[])[this.spatial - 1];
    return conv(input, this.weight, this.bias, this.stride as unknown as Pair, this.padding as Pair | 'same' | 'valid', this.dilation as unknown as Pair, this.groups);
  }

  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.output_padding.some((p) => p !== 0)) s += `, output_padding=${pyTuple(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    return s;
  }
}

/** Conv2d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true). */
export class Conv2d extends ConvNd {
  constructor(...args: (number | boolean | string | readonly number[] | Conv2dArgs)[]) {
    super(2, args);
  }
}

/** Conv1d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true), over [N, C, L]. */
export class Conv1d extends ConvNd {
  constructor(...args: (number | boolean | string | readonly number[] | Conv2dArgs)[]) {
    super(1, args);
  }
}

/** Conv3d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, dilation = 1, groups = 1, bias = true), over [N, C, D, H, W]. */
export class Conv3d extends ConvNd {
  constructor(...args: (number | boolean | string | readonly number[] | Conv2dArgs)[]) {
    super(3, args);
  }
}

/** What ConvTranspose1d/2d/3d add: forward(input, output_size) choosing the output padding. */
abstract class ConvTransposeNd extends ConvNd {
  override forward(input: Tensor, output_size?: readonly number[] | null | { output_size?: readonly number[] | null }): Tensor {
    const a = resolveArgs<{ output_size?: readonly number[] | null }>(`${this.constructor.name}.forward`, ['output_size'], { output_size: null }, arguments, 1);
    const outputPadding = a.output_size ? this.outputPadding(input, a.output_size) : this.output_padding;
    const conv = ([conv_transpose1d, conv_transpose2d, conv_transpose3d] as unknown as (typeof conv_transpose2d)[])[this.spatial - 1];
    const list = (v: number[]) => v as unknown as Pair;
    return conv(input, this.weight, this.bias, list(this.stride), list(this.padding as number[]), list(outputPadding), this.groups, list(this.dilation));
  }

  /** PyTorch's _output_padding: the output padding that gives an output of output_size (spatial, or all dims). */
  private outputPadding(input: Tensor, output_size: readonly number[]): number[] {
    const spatial = this.spatial;
    const leading = input.dim() === spatial + 2 ? 2 : 1;
    const requested = output_size.length === leading + spatial ? output_size.slice(leading) : [...output_size];
    if (requested.length !== spatial) {
      throw new RangeError(`ConvTranspose${spatial}D: for ${input.dim()}D input, output_size must have ${spatial} or ${leading + spatial} elements (got ${output_size.length})`);
    }
    const inputSizes = input.shape.slice(leading);
    const padding = this.padding as number[];
    const min = inputSizes.map((n, d) => (n - 1) * this.stride[d] - 2 * padding[d] + this.dilation[d] * (this.kernel_size[d] - 1) + 1);
    const max = min.map((m, d) => m + this.stride[d] - 1);
    if (requested.some((n, d) => !(n >= min[d] && n <= max[d]))) {
      const list = (v: readonly number[]) => `[${v.join(', ')}]`;
      throw new RangeError(`requested an output size of ${list(output_size)}, but valid sizes range from ${list(min)} to ${list(max)} (for an input of torch.Size(${list(inputSizes)}))`);
    }
    return requested.map((n, d) => n - min[d]);
  }
}

/**
 * ConvTranspose2d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, output_padding = 0, groups = 1,
 * bias = true, dilation = 1); forward(input, output_size = null).
 */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(...args: (number | boolean | string | readonly number[] | ConvTranspose2dArgs)[]) {
    super(2, args, true);
  }
}

/** ConvTranspose1d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, output_padding = 0, groups = 1, bias = true, dilation = 1), over [N, C, L]. */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(...args: (number | boolean | string | readonly number[] | ConvTranspose2dArgs)[]) {
    super(1, args, true);
  }
}

/** ConvTranspose3d(in_channels, out_channels, kernel_size, stride = 1, padding = 0, output_padding = 0, groups = 1, bias = true, dilation = 1), over [N, C, D, H, W]. */
export class ConvTranspose3d extends ConvTransposeNd {
  constructor(...args: (number | boolean | string | readonly number[] | ConvTranspose2dArgs)[]) {
    super(3, args, true);
  }
}

/** A pooling argument as PyTorch prints it: an int stays an int, a list a tuple. */
const pyPair = (v: Pair | readonly number[]) => (typeof v === 'number' ? String(v) : pyTuple(v));

export interface MaxPool2dArgs {
  kernel_size?: Pair;
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  return_indices?: boolean;
  ceil_mode?: boolean;
}

/** MaxPool1d/2d/3d: kernel_size, stride = kernel_size, padding = 0, dilation = 1, return_indices, ceil_mode. */
abstract class MaxPoolNd extends Module {
  readonly kernel_size: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;

  constructor(private readonly spatial: Spatial, args: readonly unknown[]) {
    super();
    const op = new.target.name;
    const a = kwargs<MaxPool2dArgs>(op, ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'], { stride: null, padding: 0, dilation: 1, return_indices: false, ceil_mode: false }, args);
    requireArgs(op, a, ['kernel_size']);
    checkedSizes(op, 'kernel_size', a.kernel_size, spatial);
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? a.kernel_size;
    this.padding = a.padding!;
    this.dilation = a.dilation!;
    this.return_indices = !!a.return_indices;
    this.ceil_mode = !!a.ceil_mode;
  }

  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    const pool = ([max_pool1d, max_pool2d, max_pool3d] as unknown as (typeof max_pool2d)[])[this.spatial - 1];
    return pool(input, this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode, this.return_indices);
  }

  override extra_repr(): string {
    return `kernel_size=${pyPair(this.kernel_size)}, stride=${pyPair(this.stride)}, padding=${pyPair(this.padding)}, dilation=${pyPair(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

export class MaxPool2d extends MaxPoolNd {
  constructor(...args: (number | boolean | null | readonly number[] | MaxPool2dArgs)[]) {
    super(2, args);
  }
}

/** MaxPool1d over [N, C, L]. */
export class MaxPool1d extends MaxPoolNd {
  constructor(...args: (number | boolean | null | readonly number[] | MaxPool2dArgs)[]) {
    super(1, args);
  }
}

/** MaxPool3d over [N, C, D, H, W]. */
export class MaxPool3d extends MaxPoolNd {
  constructor(...args: (number | boolean | null | readonly number[] | MaxPool2dArgs)[]) {
    super(3, args);
  }
}

export type AvgPool3dArgs = { [K in keyof AvgPool2dArgs]: K extends 'kernel_size' | 'stride' | 'padding' ? Triple | null : AvgPool2dArgs[K] };

export interface AvgPool2dArgs {
  kernel_size?: Pair;
  stride?: Pair | null;
  padding?: Pair;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/** AvgPool2d/3d(kernel_size, stride = kernel_size, padding = 0, ceil_mode = false, count_include_pad = true, divisor_override = null). */
abstract class AvgPoolNd extends Module {
  readonly kernel_size: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;

  constructor(private readonly spatial: 2 | 3, args: readonly unknown[]) {
    super();
    const op = new.target.name;
    const a = kwargs<AvgPool2dArgs>(
      op,
      ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'],
      { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, divisor_override: null },
      args,
    );
    requireArgs(op, a, ['kernel_size']);
    checkedSizes(op, 'kernel_size', a.kernel_size, spatial);
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? a.kernel_size;
    this.padding = a.padding!;
    this.ceil_mode = !!a.ceil_mode;
    this.count_include_pad = !!a.count_include_pad;
    this.divisor_override = a.divisor_override ?? null;
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    const pool = this.spatial === 2 ? avg_pool2d : (avg_pool3d as unknown as typeof avg_pool2d);
    return pool(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }

  override extra_repr(): string {
    return `kernel_size=${pyPair(this.kernel_size)}, stride=${pyPair(this.stride)}, padding=${pyPair(this.padding)}`;
  }
}

export class AvgPool2d extends AvgPoolNd {
  constructor(...args: (number | boolean | null | readonly number[] | AvgPool2dArgs)[]) {
    super(2, args);
  }
}

/** AvgPool3d over [N, C, D, H, W]. */
export class AvgPool3d extends AvgPoolNd {
  constructor(...args: (number | boolean | null | readonly number[] | AvgPool3dArgs)[]) {
    super(3, args);
  }
}

/** AvgPool1d(kernel_size, stride = kernel_size, padding = 0, ceil_mode = false, count_include_pad = true), over [N, C, L]. */
export class AvgPool1d extends Module {
  readonly kernel_size: [number];
  readonly stride: [number];
  readonly padding: [number];
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;

  constructor(...args: (number | boolean | null | readonly number[] | AvgPool2dArgs)[]) {
    super();
    const a = kwargs<AvgPool2dArgs>('AvgPool1d', ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'], { stride: null, padding: 0, ceil_mode: false, count_include_pad: true }, args);
    requireArgs('AvgPool1d', a, ['kernel_size']);
    // PyTorch keeps these as 1-tuples (its repr prints (3,))
    const one = (name: string, v: unknown, min = 1): [number] => [sizes('AvgPool1d', name, v, 1, min)[1]];
    this.kernel_size = one('kernel_size', a.kernel_size);
    this.stride = a.stride === null || a.stride === undefined ? this.kernel_size : one('stride', a.stride);
    this.padding = one('padding', a.padding, 0);
    this.ceil_mode = !!a.ceil_mode;
    this.count_include_pad = !!a.count_include_pad;
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return avg_pool1d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }

  override extra_repr(): string {
    return `kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
}

/** AdaptiveAvgPool1d/2d/3d(output_size) and AdaptiveMaxPool1d/2d/3d(output_size, return_indices = false). */
abstract class AdaptivePoolNd extends Module {
  readonly output_size: number | readonly (number | null)[];
  readonly return_indices: boolean;
  constructor(
    private readonly spatial: Spatial,
    private readonly kind: 'avg' | 'max',
    args: readonly unknown[],
  ) {
    super();
    const op = new.target.name;
    const names = kind === 'max' ? (['output_size', 'return_indices'] as const) : (['output_size'] as const);
    const a = kwargs<{ output_size?: number | readonly (number | null)[]; return_indices?: boolean }>(op, names, { return_indices: false }, args);
    requireArgs(op, a, ['output_size']);
    this.output_size = a.output_size;
    this.return_indices = !!a.return_indices;
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    const size = this.output_size as number;
    if (this.kind === 'avg') return ([adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d] as (typeof adaptive_avg_pool2d)[])[this.spatial - 1](input, size);
    return ([adaptive_max_pool1d, adaptive_max_pool2d, adaptive_max_pool3d] as (typeof adaptive_max_pool2d)[])[this.spatial - 1](input, size, this.return_indices);
  }
  override extra_repr(): string {
    const size = this.output_size;
    return `output_size=${typeof size === 'number' ? size : `(${size.map((s) => (s === null ? 'None' : s)).join(', ')})`}`;
  }
}

type AdaptiveArg = number | readonly (number | null)[] | boolean | { output_size?: number | readonly (number | null)[]; return_indices?: boolean };

export class AdaptiveAvgPool2d extends AdaptivePoolNd {
  constructor(...args: AdaptiveArg[]) {
    super(2, 'avg', args);
  }
  override forward(input: Tensor): Tensor {
    return super.forward(input) as Tensor; // no indices
  }
}

export class AdaptiveAvgPool1d extends AdaptivePoolNd {
  constructor(...args: AdaptiveArg[]) {
    super(1, 'avg', args);
  }
  override forward(input: Tensor): Tensor {
    return super.forward(input) as Tensor; // no indices
  }
}

export class AdaptiveMaxPool2d extends AdaptivePoolNd {
  constructor(...args: AdaptiveArg[]) {
    super(2, 'max', args);
  }
}

export class AdaptiveMaxPool1d extends AdaptivePoolNd {
  constructor(...args: AdaptiveArg[]) {
    super(1, 'max', args);
  }
}

export class AdaptiveAvgPool3d extends AdaptivePoolNd {
  constructor(...args: AdaptiveArg[]) {
    super(3, 'avg', args);
  }
  override forward(input: Tensor): Tensor {
    return super.forward(input) as Tensor; // no indices
  }
}

export class AdaptiveMaxPool3d extends AdaptivePoolNd {
  constructor(...args: AdaptiveArg[]) {
    super(3, 'max', args);
  }
}

/**
 * ConstantPad1d/2d/3d(padding, value), ZeroPad2d(padding), ReflectionPad1d/2d/3d(padding), ReplicationPad1d/2d/3d
 * (padding): F.pad as a module; an int pads every side.
 */
type PadMode = 'constant' | 'zeros' | 'reflect' | 'replicate';

abstract class PadNd extends Module {
  readonly padding: number[];
  readonly value: number;
  constructor(
    sides: 2 | 4 | 6,
    args: readonly unknown[],
    readonly mode: PadMode,
  ) {
    super();
    const op = new.target.name;
    const a = kwargs<{ padding?: number | readonly number[]; value?: number }>(op, mode === 'constant' ? ['padding', 'value'] : ['padding'], { value: 0 }, args);
    if (a.padding === undefined || (mode === 'constant' && a.value === undefined)) throw new TypeError(`${op}.__init__() missing required positional arguments`);
    const p = typeof a.padding === 'number' ? Array<number>(sides).fill(a.padding) : a.padding;
    if (!Array.isArray(p) || p.length !== sides || !p.every((v) => Number.isInteger(v))) throw new TypeError(`${op}(): padding must be an int or ${sides} ints`);
    this.padding = [...p];
    this.value = a.value!;
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    const constant = this.mode === 'constant' || this.mode === 'zeros';
    return constant ? pad(input, this.padding, 'constant', this.value) : pad(input, this.padding, this.mode);
  }
  override extra_repr(): string {
    return this.mode === 'constant' ? `padding=${pyTuple(this.padding)}, value=${pyFloat(this.value)}` : pyTuple(this.padding);
  }
}

type PadArg = number | readonly number[] | { padding?: number | readonly number[] };
type ConstantPadArg = number | readonly number[] | { padding?: number | readonly number[]; value?: number };

/** A padding module class named `name`: `sides` padding sizes in `mode`. */
function padModule<A>(name: string, sides: 2 | 4 | 6, mode: PadMode) {
  return named(name, class extends PadNd {
    constructor(...args: A[]) {
      super(sides, args, mode);
    }
  });
}

export const ConstantPad1d = padModule<ConstantPadArg>('ConstantPad1d', 2, 'constant');
export type ConstantPad1d = InstanceType<typeof ConstantPad1d>;
export const ConstantPad2d = padModule<ConstantPadArg>('ConstantPad2d', 4, 'constant');
export type ConstantPad2d = InstanceType<typeof ConstantPad2d>;
export const ConstantPad3d = padModule<ConstantPadArg>('ConstantPad3d', 6, 'constant');
export type ConstantPad3d = InstanceType<typeof ConstantPad3d>;
export const ZeroPad2d = padModule<PadArg>('ZeroPad2d', 4, 'zeros');
export type ZeroPad2d = InstanceType<typeof ZeroPad2d>;
export const ReflectionPad1d = padModule<PadArg>('ReflectionPad1d', 2, 'reflect');
export type ReflectionPad1d = InstanceType<typeof ReflectionPad1d>;
export const ReflectionPad2d = padModule<PadArg>('ReflectionPad2d', 4, 'reflect');
export type ReflectionPad2d = InstanceType<typeof ReflectionPad2d>;
export const ReflectionPad3d = padModule<PadArg>('ReflectionPad3d', 6, 'reflect');
export type ReflectionPad3d = InstanceType<typeof ReflectionPad3d>;
export const ReplicationPad1d = padModule<PadArg>('ReplicationPad1d', 2, 'replicate');
export type ReplicationPad1d = InstanceType<typeof ReplicationPad1d>;
export const ReplicationPad2d = padModule<PadArg>('ReplicationPad2d', 4, 'replicate');
export type ReplicationPad2d = InstanceType<typeof ReplicationPad2d>;
export const ReplicationPad3d = padModule<PadArg>('ReplicationPad3d', 6, 'replicate');
export type ReplicationPad3d = InstanceType<typeof ReplicationPad3d>;

/** Unfold(kernel_size, dilation = 1, padding = 0, stride = 1): F.unfold as a module. */
export class Unfold extends Module {
  readonly kernel_size: Pair;
  readonly dilation: Pair;
  readonly padding: Pair;
  readonly stride: Pair;

  constructor(...args: (number | readonly number[] | FoldOptions)[]) {
    super();
    const a = kwargs<FoldOptions>('Unfold', ['kernel_size', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 }, args);
    requireArgs('Unfold', a, ['kernel_size']);
    [this.kernel_size, this.dilation, this.padding, this.stride] = [a.kernel_size, a.dilation!, a.padding!, a.stride!];
  }

  override forward(input: Tensor): Tensor {
    checkArgs('Unfold.forward', arguments, 1);
    return unfold(input, this.kernel_size, this.dilation, this.padding, this.stride);
  }

  override extra_repr(): string {
    return `kernel_size=${pyPair(this.kernel_size)}, dilation=${pyPair(this.dilation)}, padding=${pyPair(this.padding)}, stride=${pyPair(this.stride)}`;
  }
}

/** Fold(output_size, kernel_size, dilation = 1, padding = 0, stride = 1): F.fold as a module. */
export class Fold extends Module {
  readonly output_size: Pair;
  readonly kernel_size: Pair;
  readonly dilation: Pair;
  readonly padding: Pair;
  readonly stride: Pair;

  constructor(...args: (number | readonly number[] | FoldOptions)[]) {
    super();
    const a = kwargs<FoldOptions>('Fold', ['output_size', 'kernel_size', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 }, args);
    requireArgs('Fold', a, ['output_size', 'kernel_size']);
    [this.output_size, this.kernel_size, this.dilation, this.padding, this.stride] = [a.output_size, a.kernel_size, a.dilation!, a.padding!, a.stride!];
  }

  override forward(input: Tensor): Tensor {
    checkArgs('Fold.forward', arguments, 1);
    return fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride);
  }

  override extra_repr(): string {
    return `output_size=${pyPair(this.output_size)}, ${new Unfold(this.kernel_size, this.dilation, this.padding, this.stride).extra_repr()}`;
  }
}

export interface LPPoolArgs {
  norm_type?: number;
  kernel_size?: Pair;
  stride?: Pair | null;
  ceil_mode?: boolean;
}

/** LPPool1d/2d(norm_type, kernel_size, stride = kernel_size, ceil_mode = false): F.lp_pool1d/2d as modules. */
abstract class LPPoolNd extends Module {
  readonly norm_type: number;
  readonly kernel_size: Pair;
  readonly stride: Pair | null;
  readonly ceil_mode: boolean;
  constructor(private readonly spatial: 1 | 2, args: readonly unknown[]) {
    super();
    const op = new.target.name;
    const a = kwargs<LPPoolArgs>(op, ['norm_type', 'kernel_size', 'stride', 'ceil_mode'], { stride: null, ceil_mode: false }, args);
    requireArgs(op, a, ['norm_type', 'kernel_size']);
    sizes(op, 'kernel_size', a.kernel_size, spatial);
    this.norm_type = a.norm_type;
    this.kernel_size = a.kernel_size;
    this.stride = a.stride ?? null; // PyTorch keeps None (the pooling then strides by the kernel)
    this.ceil_mode = !!a.ceil_mode;
  }
  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    const pool = this.spatial === 2 ? lp_pool2d : (lp_pool1d as typeof lp_pool2d);
    return pool(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode);
  }
  override extra_repr(): string {
    return `norm_type=${this.norm_type}, kernel_size=${pyPair(this.kernel_size)}, stride=${this.stride === null ? 'None' : pyPair(this.stride)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

export class LPPool2d extends LPPoolNd {
  constructor(...args: (number | boolean | null | readonly number[] | LPPoolArgs)[]) {
    super(2, args);
  }
}

/** LPPool1d over [N, C, L]. */
export class LPPool1d extends LPPoolNd {
  constructor(...args: (number | boolean | null | readonly number[] | LPPoolArgs)[]) {
    super(1, args);
  }
}

export interface MaxUnpoolArgs {
  kernel_size?: Pair | Triple;
  stride?: Pair | Triple | null;
  padding?: Pair | Triple;
}

/** MaxUnpool1d/2d/3d(kernel_size, stride = kernel_size, padding = 0); forward(input, indices, output_size = null). */
abstract class MaxUnpoolNd extends Module {
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[];
  constructor(private readonly spatial: 1 | 2 | 3, args: readonly unknown[]) {
    super();
    const op = new.target.name;
    const a = kwargs<MaxUnpoolArgs>(op, ['kernel_size', 'stride', 'padding'], { stride: null, padding: 0 }, args);
    requireArgs(op, a, ['kernel_size']);
    // PyTorch keeps tuples of one entry per spatial dim (its repr prints (2,), (2, 2) or (2, 2, 2))
    const own = (name: string, v: unknown, min = 1) => (spatial === 3 ? triple(op, name, v, min) : sizes(op, name, v, spatial, min).slice(2 - spatial));
    this.kernel_size = own('kernel_size', a.kernel_size);
    this.stride = a.stride === null || a.stride === undefined ? this.kernel_size : own('stride', a.stride);
    this.padding = own('padding', a.padding, 0);
  }
  override forward(input: Tensor, indices: Tensor, output_size?: readonly number[] | null | { output_size?: readonly number[] | null }): Tensor {
    const a = resolveArgs<{ output_size?: readonly number[] | null }>(`${this.constructor.name}.forward`, ['output_size'], { output_size: null }, arguments, 2);
    const unpool = (this.spatial === 3 ? max_unpool3d : this.spatial === 2 ? max_unpool2d : max_unpool1d) as typeof max_unpool2d;
    const list = (v: number[]) => v as unknown as Pair;
    return unpool(input, indices, list(this.kernel_size), list(this.stride), list(this.padding), a.output_size ?? null);
  }
  override extra_repr(): string {
    return `kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
}

export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(...args: (number | null | readonly number[] | MaxUnpoolArgs)[]) {
    super(2, args);
  }
}

/** MaxUnpool3d over [N, C, D, H, W] (or [C, D, H, W]), undoing MaxPool3d(return_indices = true). */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(...args: (number | null | readonly number[] | MaxUnpoolArgs)[]) {
    super(3, args);
  }
}

/** MaxUnpool1d over [N, C, L]. */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(...args: (number | null | readonly number[] | MaxUnpoolArgs)[]) {
    super(1, args);
  }
}
