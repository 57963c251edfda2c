// Normalization layers: BatchNorm1d/2d/3d, InstanceNorm1d/2d/3d, GroupNorm, LayerNorm and LocalResponseNorm, with
// PyTorch's constructor arguments, buffers, train/eval behaviour and reprs; the math is in norm_functions.ts.
import { Tensor, checkTensor } from '../tensor';
import { ones, zeros, tensor } from '../ops/creation';
import { no_grad } from '../autograd';
import { checkArgs } from '../args';
import { Module, Parameter } from './module';
import { batch_norm, group_norm, instance_norm, layer_norm, local_response_norm, normalizedShape, type LocalResponseNormOptions } from './norm_functions';
import { kwargs, requireArgs } from './kwargs';
import { pyBool, pyFloat } from './activation';

export interface BatchNormArgs {
  num_features?: number;
  eps?: number;
  /** null: running stats are the cumulative average of all batches (PyTorch's momentum=None). */
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}

/** What BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d share: PyTorch's _NormBase (an instance norm defaults to no affine, no running stats). */
abstract class BatchNorm extends Module {
  readonly num_features: number;
  readonly eps: number;
  /** Assignable, as in PyTorch (update_bn sets it to null for a cumulative average). */
  momentum: number | null;
  readonly affine: boolean;
  readonly track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(args: readonly (number | boolean | null | BatchNormArgs)[], instance = false) {
    super();
    const a = kwargs<Required<BatchNormArgs>>(
      this.constructor.name,
      ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats'],
      { num_features: undefined as unknown as number, eps: 1e-5, momentum: 0.1, affine: !instance, track_running_stats: !instance },
      args,
    );
    requireArgs(this.constructor.name, a, ['num_features']);
    if (!Number.isInteger(a.num_features) || a.num_features < 0) {
      throw new TypeError(`${this.constructor.name}(): num_features must be a non-negative integer, got ${String(a.num_features)}`);
    }
    if (typeof a.eps !== 'number') throw new TypeError(`${this.constructor.name}(): eps must be a number, got ${String(a.eps)}`);
    if (a.momentum !== null && typeof a.momentum !== 'number') throw new TypeError(`${this.constructor.name}(): momentum must be a number or null, got ${String(a.momentum)}`);
    this.num_features = a.num_features;
    this.eps = a.eps;
    this.momentum = a.momentum;
    this.affine = !!a.affine;
    this.track_running_stats = !!a.track_running_stats;
    this.weight = this.affine ? new Parameter(ones(a.num_features)) : null;
    this.bias = this.affine ? new Parameter(zeros(a.num_features)) : null;
    const tracked = this.track_running_stats;
    this.register_buffer('running_mean', tracked ? zeros(a.num_features) : null);
    this.register_buffer('running_var', tracked ? ones(a.num_features) : null);
    this.register_buffer('num_batches_tracked', tracked ? tensor(0, { dtype: 'int64' }) : null);
  }

  /** Running mean 0, running variance 1, no batches seen. */
  reset_running_stats(): void {
    if (!this.track_running_stats) return;
    no_grad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  reset_parameters(): void {
    this.reset_running_stats();
    if (!this.affine) return;
    no_grad(() => {
      this.weight!.fill_(1);
      this.bias!.zero_();
    });
  }

  /** Throws PyTorch's ValueError (a RangeError here) for an input of the wrong rank. */
  protected abstract checkInputDim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    checkTensor('batch_norm', input);
    this.checkInputDim(input);
    // PyTorch's order: count the batch first; momentum null averages all batches seen so far
    let factor = this.momentum ?? 0;
    if (this.training && this.track_running_stats) {
      no_grad(() => this.num_batches_tracked!.add_(1));
      if (this.momentum === null) factor = 1 / (this.num_batches_tracked!.item() as number);
    }
    // in eval mode without running stats, the batch's own statistics are used
    const useBatchStats = this.training || !this.running_mean;
    const keepStats = !this.training || this.track_running_stats;
    return batch_norm(input, keepStats ? this.running_mean : null, keepStats ? this.running_var : null, this.weight, this.bias, useBatchStats, factor, this.eps);
  }

  override extra_repr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

/** BatchNorm1d(num_features, eps = 1e-5, momentum = 0.1, affine = true, track_running_stats = true): over (N, C) or (N, C, L). */
export class BatchNorm1d extends BatchNorm {
  constructor(...args: (number | boolean | null | BatchNormArgs)[]) {
    super(args);
  }
  protected checkInputDim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new RangeError(`${this.constructor.name}: expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

/** BatchNorm2d(num_features, eps = 1e-5, momentum = 0.1, affine = true, track_running_stats = true): over (N, C, H, W). */
export class BatchNorm2d extends BatchNorm {
  constructor(...args: (number | boolean | null | BatchNormArgs)[]) {
    super(args);
  }
  protected checkInputDim(input: Tensor): void {
    if (input.dim() !== 4) throw new RangeError(`${this.constructor.name}: expected 4D input (got ${input.dim()}D input)`);
  }
}

/** BatchNorm3d(num_features, eps = 1e-5, momentum = 0.1, affine = true, track_running_stats = true): over (N, C, D, H, W). */
export class BatchNorm3d extends BatchNorm {
  constructor(...args: (number | boolean | null | BatchNormArgs)[]) {
    super(args);
  }
  protected checkInputDim(input: Tensor): void {
    if (input.dim() !== 5) throw new RangeError(`${this.constructor.name}: expected 5D input (got ${input.dim()}D input)`);
  }
}

/** What InstanceNorm1d/2d/3d add: F.instance_norm per sample, unbatched input, the feature check. */
abstract class InstanceNorm extends BatchNorm {
  /** The rank of an unbatched input (2 for InstanceNorm1d, 3 for InstanceNorm2d, 4 for InstanceNorm3d). */
  protected abstract readonly unbatchedRank: number;

  constructor(args: readonly (number | boolean | null | BatchNormArgs)[]) {
    super(args, true);
  }

  protected checkInputDim(input: Tensor): void {
    const r = this.unbatchedRank;
    if (input.dim() !== r && input.dim() !== r + 1) throw new RangeError(`${this.constructor.name}: expected ${r}D or ${r + 1}D input (got ${input.dim()}D input)`);
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    checkTensor('instance_norm', input);
    this.checkInputDim(input);
    const featureDim = input.dim() - this.unbatchedRank;
    // PyTorch only warns when there are no affine parameters to mismatch
    if (this.affine && input.shape[featureDim] !== this.num_features) {
      throw new RangeError(`${this.constructor.name}: expected input's size at dim=${featureDim} to match num_features (${this.num_features}), but got: ${input.shape[featureDim]}.`);
    }
    const batched = featureDim === 1 ? input : input.unsqueeze(0);
    const useInputStats = this.training || !this.track_running_stats;
    const out = instance_norm(batched, this.running_mean, this.running_var, this.weight, this.bias, useInputStats, this.momentum ?? 0.1, this.eps);
    return featureDim === 1 ? out : out.squeeze(0);
  }
}

/** InstanceNorm1d(num_features, eps = 1e-5, momentum = 0.1, affine = false, track_running_stats = false): over (N, C, L) or (C, L). */
export class InstanceNorm1d extends InstanceNorm {
  protected readonly unbatchedRank = 2;
  constructor(...args: (number | boolean | null | BatchNormArgs)[]) {
    super(args);
  }
}

/** InstanceNorm2d(num_features, eps = 1e-5, momentum = 0.1, affine = false, track_running_stats = false): over (N, C, H, W) or (C, H, W). */
export class InstanceNorm2d extends InstanceNorm {
  protected readonly unbatchedRank = 3;
  constructor(...args: (number | boolean | null | BatchNormArgs)[]) {
    super(args);
  }
}

/** InstanceNorm3d(num_features, eps = 1e-5, momentum = 0.1, affine = false, track_running_stats = false): over (N, C, D, H, W) or (C, D, H, W). */
export class InstanceNorm3d extends InstanceNorm {
  protected readonly unbatchedRank = 4;
  constructor(...args: (number | boolean | null | BatchNormArgs)[]) {
    super(args);
  }
}

export interface GroupNormArgs {
  num_groups?: number;
  num_channels?: number;
  eps?: number;
  affine?: boolean;
}

/** GroupNorm(num_groups, num_channels, eps = 1e-5, affine = true). */
export class GroupNorm extends Module {
  readonly num_groups: number;
  readonly num_channels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(...args: (number | boolean | GroupNormArgs)[]) {
    super();
    const a = kwargs<GroupNormArgs>('GroupNorm', ['num_groups', 'num_channels', 'eps', 'affine'], { eps: 1e-5, affine: true }, args);
    requireArgs('GroupNorm', a, ['num_groups', 'num_channels']);
    for (const name of ['num_groups', 'num_channels'] as const) {
      if (!Number.isInteger(a[name]) || a[name] < (name === 'num_groups' ? 1 : 0)) throw new TypeError(`GroupNorm(): ${name} must be a ${name === 'num_groups' ? 'positive' : 'non-negative'} integer, got ${String(a[name])}`);
    }
    if (a.num_channels % a.num_groups) throw new RangeError('GroupNorm(): num_channels must be divisible by num_groups');
    this.num_groups = a.num_groups;
    this.num_channels = a.num_channels;
    this.eps = a.eps!;
    this.affine = !!a.affine;
    this.weight = this.affine ? new Parameter(ones(a.num_channels)) : null;
    this.bias = this.affine ? new Parameter(zeros(a.num_channels)) : null;
  }

  override forward(input: Tensor): Tensor {
    checkArgs('GroupNorm.forward', arguments, 1);
    return group_norm(input, this.num_groups, this.weight, this.bias, this.eps);
  }

  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

export interface LayerNormArgs {
  normalized_shape?: number | readonly number[];
  eps?: number;
  elementwise_affine?: boolean;
}

/** LayerNorm(normalized_shape, eps = 1e-5, elementwise_affine = true): normalizes over the last dims. */
export class LayerNorm extends Module {
  readonly normalized_shape: readonly number[];
  readonly eps: number;
  readonly elementwise_affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(...args: (number | readonly number[] | boolean | LayerNormArgs)[]) {
    super();
    const a = kwargs<LayerNormArgs>('LayerNorm', ['normalized_shape', 'eps', 'elementwise_affine'], { eps: 1e-5, elementwise_affine: true }, args);
    requireArgs('LayerNorm', a, ['normalized_shape']);
    this.normalized_shape = normalizedShape('LayerNorm', a.normalized_shape);
    if (typeof a.eps !== 'number') throw new TypeError(`LayerNorm(): eps must be a number, got ${String(a.eps)}`);
    this.eps = a.eps;
    this.elementwise_affine = !!a.elementwise_affine;
    this.weight = this.elementwise_affine ? new Parameter(ones(this.normalized_shape)) : null;
    this.bias = this.elementwise_affine ? new Parameter(zeros(this.normalized_shape)) : null;
  }

  reset_parameters(): void {
    if (!this.elementwise_affine) return;
    no_grad(() => {
      this.weight!.fill_(1);
      this.bias!.zero_();
    });
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps);
  }

  override extra_repr(): string {
    const shape = this.normalized_shape.length === 1 ? `(${this.normalized_shape[0]},)` : `(${this.normalized_shape.join(', ')})`;
    return `${shape}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

/** LocalResponseNorm(size, alpha = 1e-4, beta = 0.75, k = 1): F.local_response_norm as a module. */
export class LocalResponseNorm extends Module {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  constructor(...args: (number | LocalResponseNormOptions)[]) {
    super();
    const a = kwargs<LocalResponseNormOptions>('LocalResponseNorm', ['size', 'alpha', 'beta', 'k'], { alpha: 1e-4, beta: 0.75, k: 1 }, args);
    requireArgs('LocalResponseNorm', a, ['size']);
    [this.size, this.alpha, this.beta, this.k] = [a.size, a.alpha!, a.beta!, a.k!];
  }

  override forward(input: Tensor): Tensor {
    checkArgs(`${this.constructor.name}.forward`, arguments, 1);
    return local_response_norm(input, this.size, this.alpha, this.beta, this.k);
  }

  override extra_repr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}
