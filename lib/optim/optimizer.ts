// torch.optim.Optimizer: param groups, per-parameter state, zero_grad, step's loop and state_dict. Subclasses
// only say how one parameter is updated (one fused backend call on its flat storage).
import { Tensor, checkReadable, typeName } from '../tensor';
import { enable_grad, no_grad } from '../autograd';
import { B } from '../backend';
import { tensor } from '../ops/creation';
import { fmtShape } from '../shape';
import { isReduced, type Storage } from '../dtype';

/** A param group as passed in: its params plus any hyperparameters overriding the optimizer's defaults. */
export interface ParamGroupInput {
  params: Iterable<Tensor> | Tensor;
  [hyperparameter: string]: unknown;
}

/** What optimizers accept: tensors (e.g. `model.parameters()`) or param groups, as any iterable. */
export type Params = Iterable<Tensor> | Iterable<ParamGroupInput>;

/** A param group as stored in `param_groups`: every hyperparameter filled in (schedulers change `lr` here). */
export type ParamGroup<H> = H & { params: Tensor[]; [key: string]: unknown };

export interface OptimizerStateDict<S = object> {
  /** Per-parameter state keyed by the parameter's index across all groups. */
  state: Record<number, S>;
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

/** Hyperparameter check with PyTorch's ValueError message (a RangeError here). */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

/** defaults overridden by the options the caller set; unknown option names are an error (they are typos in JS). */
export function withDefaults<H extends object>(optimizer: string, defaults: H, options: Partial<H>): H {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in defaults)) throw new TypeError(`${optimizer}(): got an unexpected option '${key}'`);
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/** A zero-filled tensor shaped and typed like p, for optimizer state. */
export function zerosLike(p: Tensor): Tensor {
  return new Tensor(B.alloc(p.dtype, p.numel(), true), p.shape, p.dtype);
}

/** x rounded as p's elements are stored (a float32 product can underflow to 0 where a double does not). */
export function roundingOf(p: Tensor): (x: number) => number {
  return p.dtype === 'float32' ? Math.fround : (x) => x;
}

/** Arrays are copied so that groups never share a mutable value (e.g. betas). */
const copyValue = (v: unknown) => (Array.isArray(v) ? [...v] : v);

function copyEntries(obj: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([key, value]) => [key, copyValue(value)]));
}

function isGroup(item: unknown): item is ParamGroupInput {
  return typeof item === 'object' && item !== null && !(item instanceof Tensor);
}

export abstract class Optimizer<H extends { lr: number } = { lr: number }, S extends object = object> {
  readonly defaults: H;
  param_groups: ParamGroup<H>[] = [];
  /** Per-parameter state (momentum buffers, moment estimates, step counts), created on a parameter's first step. */
  state = new Map<Tensor, S>();

  constructor(params: Params, defaults: H) {
    if (params instanceof Tensor || typeof (params as Iterable<unknown> | null)?.[Symbol.iterator] !== 'function') {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${params instanceof Tensor ? 'Tensor' : typeName(params)}`,
      );
    }
    this.defaults = defaults;
    const items: unknown[] = [...params]; // generators (model.parameters()) can be iterated only once
    if (items.length === 0) throw new RangeError('optimizer got an empty parameter list');
    const groups = isGroup(items[0]) ? (items as ParamGroupInput[]) : [{ params: items as Tensor[] }];
    for (const group of groups) this.add_param_group(group);
  }

  /** Adds a group of parameters (e.g. layers unfrozen later); hyperparameters it omits come from `defaults`. */
  add_param_group(group: ParamGroupInput): void {
    if (!isGroup(group)) throw new TypeError(`param group must be an object, but got ${typeName(group)}`);
    const input = group.params as unknown;
    if (typeof (input as Iterable<unknown> | null)?.[Symbol.iterator] !== 'function' && !(input instanceof Tensor)) {
      throw new TypeError(`param group's 'params' must be a Tensor or an iterable of Tensors, but got ${typeName(input)}`);
    }
    const params: unknown[] = input instanceof Tensor ? [input] : [...(input as Iterable<unknown>)];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`);
      if (!p.is_leaf) throw new RangeError("can't optimize a non-leaf Tensor");
    }
    if (new Set(params).size !== params.length) {
      process.emitWarning('optimizer contains a parameter group with duplicate parameters; in future, this will cause an error');
    }
    const taken = new Set(this.param_groups.flatMap((g) => g.params));
    if (params.some((p) => taken.has(p as Tensor))) throw new RangeError('some parameters appear in more than one parameter group');

    const filled = copyEntries(group);
    for (const [key, value] of Object.entries(this.defaults)) if (!(key in filled)) filled[key] = copyValue(value);
    filled.params = params;
    this.param_groups.push(filled as ParamGroup<H>);
  }

  /** Resets the gradients of all optimized tensors: to null (the default, as PyTorch 2) or to zeros in place. */
  zero_grad(set_to_none = true): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (!p.grad) continue;
        if (set_to_none) p.grad = null;
        else p.grad.detach_().zero_();
      }
    }
  }

  /**
   * One optimization step over every parameter that has a grad. `closure` re-evaluates the model and returns the
   * loss (with gradient recording on, as PyTorch's enable_grad); step returns what it returned.
   */
  step<L = Tensor>(closure?: () => L): L | undefined {
    const loss = closure ? enable_grad(closure) : undefined;
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.grad) this.stepParam(p, p.grad, group);
      }
    }
    return loss;
  }

  private stepParam(p: Tensor, grad: Tensor, group: ParamGroup<H>): void {
    if (grad.numel() !== p.numel()) {
      throw new RangeError(`${this.constructor.name}.step(): grad of shape ${fmtShape(grad.shape)} does not match its parameter's shape ${fmtShape(p.shape)}`);
    }
    checkReadable(`${this.constructor.name}.step`, p, 'a parameter');
    checkReadable(`${this.constructor.name}.step`, grad, 'a gradient');
    let state = this.state.get(p);
    if (!state) this.state.set(p, (state = {} as S));
    // parameters are contiguous leaves, so the kernels write through; otherwise update a copy and write it back
    const data = p._contiguousData();
    this.update(p, data, grad._contiguousData(), group, state);
    // the kernels compute in float32: a float16/bfloat16 parameter and its state are rounded to their format
    if (isReduced(p.dtype)) {
      B.roundReduced(data, p.dtype);
      for (const v of Object.values(state)) if (v instanceof Tensor && isReduced(v.dtype)) B.roundReduced(v._storage, v.dtype);
    }
    if (!p.is_contiguous()) no_grad(() => p.copy_(new Tensor(data, p.shape, p.dtype)));
  }

  /** Updates one parameter whose elements (row-major) are `param`, creating its state on first use. */
  protected abstract update(p: Tensor, param: Storage, grad: Storage, group: ParamGroup<H>, state: S): void;

  /**
   * The optimizer's state and hyperparameters, parameters replaced by their index across groups. The state's
   * tensors are the live buffers (as in PyTorch); load_state_dict copies them.
   */
  state_dict(): OptimizerStateDict<S> {
    const index = new Map<Tensor, number>();
    const param_groups = this.param_groups.map(({ params, ...hyper }) => ({
      ...hyper,
      params: params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p)!;
      }),
    }));
    const state: Record<number, S> = {};
    for (const [p, s] of this.state) if (index.has(p)) state[index.get(p)!] = { ...s };
    return { state, param_groups };
  }

  /** Restores state and hyperparameters saved by state_dict() onto this optimizer's parameters (same group sizes). */
  load_state_dict(state_dict: OptimizerStateDict<S>): void {
    const saved = state_dict.param_groups;
    if (saved.length !== this.param_groups.length) throw new RangeError('loaded state dict has a different number of parameter groups');
    if (saved.some((g, i) => g.params.length !== this.param_groups[i].params.length)) {
      throw new RangeError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const paramOfIndex = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, j) => paramOfIndex.set(id, this.param_groups[i].params[j])));

    this.state = new Map();
    for (const [id, s] of Object.entries(state_dict.state)) {
      const p = paramOfIndex.get(Number(id));
      if (!p) continue;
      // own copies of the buffers (also in lists, as LBFGS's history), in the parameter's dtype (PyTorch casts
      // floating state the same way)
      const own = (value: unknown): unknown =>
        value instanceof Tensor ? tensor(value, { dtype: p.dtype }) : Array.isArray(value) ? value.map(own) : value;
      const copy: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(s)) copy[key] = own(value);
      this.state.set(p, copy as S);
    }
    this.param_groups = saved.map(({ params: _ids, ...hyper }, i) => ({ ...copyEntries(hyper), params: this.param_groups[i].params }) as ParamGroup<H>);
  }
}
