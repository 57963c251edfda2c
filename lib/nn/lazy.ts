// Lazy modules (PyTorch's LazyModuleMixin): LazyLinear, LazyConv1d/2d/3d, LazyConvTranspose1d/2d/3d,
// LazyBatchNorm1d/2d/3d and LazyInstanceNorm1d/2d/3d leave the input size out of the constructor. Their weights start
// as UninitializedParameter (buffers as UninitializedBuffer), which every op refuses; the first forward reads the
// size from its input, gives them their shapes, initializes them as the full module would, and the module then
// becomes that module (LazyLinear turns into a Linear, as PyTorch's cls_to_become). load_state_dict also gives
// them the saved shapes.
import { Tensor } from '../tensor';
import { empty } from '../ops/creation';
import { saveRandomState } from '../random';
import { warnOnce } from '../utils/warnings';
import { Module, Parameter, type StateDict } from './module';
import { kwargs, requireArgs } from './kwargs';
import { Linear } from './layers';
import { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from './conv';
import { BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d } from './normalization';

/** A tensor with no shape yet: an empty storage marked so that ops refuse it (tensor.ts checkReadable). */
function markUninitialized(t: Tensor): void {
  (t as { _uninitialized?: boolean })._uninitialized = true;
}

/** t takes shape (zero-filled storage, as torch.empty here) and becomes an ordinary instance of `proto`'s class. */
function materializeAs(t: Tensor, shape: readonly number[], proto: object): void {
  const value = empty([...shape], { dtype: t.dtype });
  Object.assign(t, { _storage: value._storage, shape: value.shape, _strides: value._strides, _offset: 0 });
  delete (t as { _uninitialized?: boolean })._uninitialized;
  Object.setPrototypeOf(t, proto);
}

/** torch.nn.parameter.UninitializedParameter: a parameter whose shape the first forward of a lazy module decides. */
export class UninitializedParameter extends Parameter {
  constructor(requires_grad = true) {
    super(empty(0), requires_grad);
    markUninitialized(this);
  }
  /** Gives the parameter its shape (uninitialized values) and makes it a plain Parameter. */
  materialize(shape: readonly number[]): void {
    materializeAs(this, shape, Parameter.prototype);
  }
  override toString(): string {
    return '<UninitializedParameter>';
  }
}

/** torch.nn.parameter.UninitializedBuffer: a buffer whose shape the first forward of a lazy module decides. */
export class UninitializedBuffer extends Tensor {
  constructor() {
    const t = empty(0);
    super(t._storage, t.shape, t.dtype);
    markUninitialized(this);
  }
  materialize(shape: readonly number[]): void {
    materializeAs(this, shape, Tensor.prototype);
  }
  override toString(): string {
    return '<UninitializedBuffer>';
  }
}

const isUninitialized = (t: Tensor | null | undefined): t is UninitializedParameter | UninitializedBuffer => t instanceof UninitializedParameter || t instanceof UninitializedBuffer;

/** The lazy module's own parameters and buffers still without a shape. */
function uninitialized(module: Module): (UninitializedParameter | UninitializedBuffer)[] {
  return [...module.parameters(), ...module.buffers()].filter(isUninitialized);
}

type Target = abstract new (...args: never[]) => Module;

/**
 * Makes `module` lazy: its parameter and buffer attributes named in `lazyNames` are replaced by uninitialized ones,
 * and a forward pre-hook (removed after it runs, as PyTorch's) calls `infer(input)` (which sets the size
 * attributes and returns each lazy tensor's shape), materializes them, runs the module's reset_parameters without
 * a change to torch's generator beyond what the full module's constructor would draw, and turns the module into
 * `target`'s class.
 */
function makeLazy(module: Module, lazyNames: readonly string[], target: Target, infer: (input: Tensor) => Record<string, readonly number[]>): void {
  warnOnce('Lazy modules are a new feature under heavy development so changes to the API or functionality can happen at any moment.');
  const self = module as unknown as Record<string, unknown>;
  for (const name of lazyNames) {
    if (self[name] instanceof Parameter) self[name] = new UninitializedParameter(true);
    else if (self[name] instanceof Tensor) module.register_buffer(name, new UninitializedBuffer());
  }
  const handle = module.register_forward_pre_hook((m, args) => {
    const input = args[0];
    if (!(input instanceof Tensor)) return; // forward refuses it; the module stays lazy
    handle.remove();
    if (uninitialized(m).length > 0) {
      const shapes = infer(input);
      for (const name of lazyNames) {
        const t = self[name] ?? m._buffers.get(name);
        if (isUninitialized(t as Tensor)) (t as UninitializedParameter).materialize(shapes[name]);
      }
      (m as unknown as { reset_parameters(): void }).reset_parameters();
    }
    Object.setPrototypeOf(m, target.prototype);
  });
}

/** What every lazy module adds: has_uninitialized_params(), and load_state_dict giving the lazy tensors their saved shapes. */
function lazyMethods(module: Module): void {
  Object.defineProperty(module, 'has_uninitialized_params', { value: () => uninitialized(module).length > 0, enumerable: false });
  const load = module.load_state_dict.bind(module);
  Object.defineProperty(module, 'load_state_dict', {
    enumerable: false,
    value: (state: StateDict, strict = true) => {
      const self = module as unknown as Record<string, unknown>;
      for (const [name, value] of Object.entries(state)) {
        const t = self[name] ?? module._buffers.get(name);
        if (isUninitialized(t as Tensor) && value instanceof Tensor) (t as UninitializedParameter).materialize(value.shape);
      }
      return load(state, strict);
    },
  });
}

/** LazyLinear(out_features, bias = true): a Linear whose in_features is the first input's last dim. */
export class LazyLinear extends Linear {
  constructor(...args: (number | boolean | { out_features?: number; bias?: boolean })[]) {
    const a = kwargs<{ out_features?: number; bias: boolean }>('LazyLinear', ['out_features', 'bias'], { bias: true }, args);
    requireArgs('LazyLinear', a, ['out_features']);
    // the full module with a placeholder size, drawing nothing from torch's generator: a lazy one draws at its first forward
    const restore = saveRandomState();
    try {
      super(0, a.out_features!, { bias: a.bias });
    } finally {
      restore();
    }
    makeLazy(this, ['weight', 'bias'], Linear, (input) => {
      const n = input.shape[input.dim() - 1];
      (this as { in_features: number }).in_features = n;
      return { weight: [this.out_features, n], bias: [this.out_features] };
    });
    lazyMethods(this);
  }
  declare has_uninitialized_params: () => boolean;
}

/** The `groups` argument of a convolution's arguments (position 5 after out_channels, or the options object). */
function groupsOf(args: readonly unknown[]): number {
  const last = args[args.length - 1];
  const options = last !== null && typeof last === 'object' && !Array.isArray(last) ? (last as { groups?: number }) : {};
  return (typeof args[5] === 'number' ? args[5] : options.groups) ?? 1;
}

/**
 * A lazy convolution class: (out_channels, kernel_size, ...the full class's arguments after in_channels), in_channels
 * read from the first input's channel dim.
 */
function lazyConv<B extends typeof Conv2d | typeof ConvTranspose2d>(name: string, Base: B, spatial: number, transposed: boolean) {
  const Lazy = class extends (Base as typeof Conv2d) {
    constructor(...args: unknown[]) {
      // in_channels = groups as the placeholder (the constructor checks that it divides); no draws, as LazyLinear's
      const restore = saveRandomState();
      try {
        super(...([groupsOf(args), ...args] as ConstructorParameters<typeof Conv2d>));
      } finally {
        restore();
      }
      (this as unknown as { in_channels: number }).in_channels = 0;
      makeLazy(this, ['weight', 'bias'], Base, (input) => {
        const channels = input.shape[input.dim() === spatial + 1 ? 0 : 1];
        (this as unknown as { in_channels: number }).in_channels = channels;
        const k = this.kernel_size;
        const weight = transposed ? [channels, this.out_channels / this.groups, ...k] : [this.out_channels, channels / this.groups, ...k];
        return { weight, bias: [this.out_channels] };
      });
      lazyMethods(this);
    }
  };
  Object.defineProperty(Lazy, 'name', { value: name });
  return Lazy as unknown as new (...args: (number | boolean | string | readonly number[] | object)[]) => InstanceType<B> & { has_uninitialized_params(): boolean };
}

export const LazyConv1d = lazyConv('LazyConv1d', Conv1d as unknown as typeof Conv2d, 1, false);
export type LazyConv1d = InstanceType<typeof LazyConv1d>;
export const LazyConv2d = lazyConv('LazyConv2d', Conv2d, 2, false);
export type LazyConv2d = InstanceType<typeof LazyConv2d>;
export const LazyConv3d = lazyConv('LazyConv3d', Conv3d as unknown as typeof Conv2d, 3, false);
export type LazyConv3d = InstanceType<typeof LazyConv3d>;
export const LazyConvTranspose1d = lazyConv('LazyConvTranspose1d', ConvTranspose1d as unknown as typeof ConvTranspose2d, 1, true);
export type LazyConvTranspose1d = InstanceType<typeof LazyConvTranspose1d>;
export const LazyConvTranspose2d = lazyConv('LazyConvTranspose2d', ConvTranspose2d, 2, true);
export type LazyConvTranspose2d = InstanceType<typeof LazyConvTranspose2d>;
export const LazyConvTranspose3d = lazyConv('LazyConvTranspose3d', ConvTranspose3d as unknown as typeof ConvTranspose2d, 3, true);
export type LazyConvTranspose3d = InstanceType<typeof LazyConvTranspose3d>;

type NormArgs = { eps?: number; momentum?: number | null; affine?: boolean; track_running_stats?: boolean };

/**
 * A lazy normalization class: (eps, momentum, affine, track_running_stats), num_features read from the first input's
 * channel dim. The instance norms default to affine and tracked running stats, as PyTorch 1.13's lazy ones do.
 */
function lazyNorm<B extends typeof BatchNorm2d | typeof InstanceNorm2d>(name: string, Base: B, instance: boolean, unbatchedRank: number) {
  const Lazy = class extends (Base as typeof BatchNorm2d) {
    constructor(...args: (number | boolean | null | NormArgs)[]) {
      const a = kwargs<Required<NormArgs>>(name, ['eps', 'momentum', 'affine', 'track_running_stats'], { eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true }, args);
      super(0, a);
      makeLazy(this, ['weight', 'bias', 'running_mean', 'running_var'], Base, (input) => {
        const n = input.shape[instance && input.dim() === unbatchedRank ? 0 : 1];
        (this as unknown as { num_features: number }).num_features = n;
        return { weight: [n], bias: [n], running_mean: [n], running_var: [n] };
      });
      lazyMethods(this);
    }
  };
  Object.defineProperty(Lazy, 'name', { value: name });
  return Lazy as unknown as new (...args: (number | boolean | null | NormArgs)[]) => InstanceType<B> & { has_uninitialized_params(): boolean };
}

export const LazyBatchNorm1d = lazyNorm('LazyBatchNorm1d', BatchNorm1d as unknown as typeof BatchNorm2d, false, 0);
export type LazyBatchNorm1d = InstanceType<typeof LazyBatchNorm1d>;
export const LazyBatchNorm2d = lazyNorm('LazyBatchNorm2d', BatchNorm2d, false, 0);
export type LazyBatchNorm2d = InstanceType<typeof LazyBatchNorm2d>;
export const LazyBatchNorm3d = lazyNorm('LazyBatchNorm3d', BatchNorm3d as unknown as typeof BatchNorm2d, false, 0);
export type LazyBatchNorm3d = InstanceType<typeof LazyBatchNorm3d>;
export const LazyInstanceNorm1d = lazyNorm('LazyInstanceNorm1d', InstanceNorm1d as unknown as typeof InstanceNorm2d, true, 2);
export type LazyInstanceNorm1d = InstanceType<typeof LazyInstanceNorm1d>;
export const LazyInstanceNorm2d = lazyNorm('LazyInstanceNorm2d', InstanceNorm2d, true, 3);
export type LazyInstanceNorm2d = InstanceType<typeof LazyInstanceNorm2d>;
export const LazyInstanceNorm3d = lazyNorm('LazyInstanceNorm3d', InstanceNorm3d as unknown as typeof InstanceNorm2d, true, 4);
export type LazyInstanceNorm3d = InstanceType<typeof LazyInstanceNorm3d>;
