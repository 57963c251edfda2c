// torch.utils.checkpoint: a part of a model run without keeping its activations, recomputed in backward (PyTorch
// 1.13's default, reentrant checkpoint). Memory for time: the part's forward runs twice.
import { Tensor } from '../tensor';
import { enable_grad, is_grad_enabled, no_grad, record, runBackward } from '../autograd';
import { isFloating } from '../dtype';
import { saveRandomState } from '../random';
import { isOptions } from '../args';
import { warnOnce } from './warnings';
import type { Module } from '../nn/module';

export interface CheckpointOptions {
  /**
   * true (PyTorch 1.13's default): as described above. false: the function runs with its graph kept, so gradients
   * reach parameters even when no input requires grad (the same gradients; no memory is saved).
   */
  use_reentrant?: boolean;
  /** Whether random ops (dropout) draw the same numbers when recomputed: true by default. */
  preserve_rng_state?: boolean;
}

type Output = Tensor | readonly unknown[];
// Functions of any arguments, modules and forwards alike (the arguments are the caller's own)
type Fn = (...args: any[]) => Output;

/** Splits a trailing { use_reentrant, preserve_rng_state } off the arguments, refusing other keys as PyTorch does. */
function splitOptions(args: unknown[]): [unknown[], Required<CheckpointOptions>] {
  const last = args[args.length - 1];
  const options: Required<CheckpointOptions> = { use_reentrant: true, preserve_rng_state: true };
  if (!isOptions(last)) return [args, options];
  const unexpected = Object.keys(last).filter((k) => k !== 'use_reentrant' && k !== 'preserve_rng_state');
  if (unexpected.length) throw new RangeError(`Unexpected keyword arguments: ${unexpected.join(',')}`);
  return [args.slice(0, -1), { ...options, ...(last as CheckpointOptions) }];
}

/**
 * torch.utils.checkpoint.checkpoint(fn, ...args, { use_reentrant, preserve_rng_state }): fn(...args) without
 * recording its graph; backward recomputes it (with the same random numbers) and backpropagates through the
 * recomputation, so parameters used inside fn get their gradients then. As in PyTorch, when no tensor argument
 * requires grad the output does not either (a warning says so), and nothing inside fn gets a gradient.
 */
export function checkpoint(fn: Fn | Module, ...rest: unknown[]): Output {
  if (typeof fn !== 'function') throw new TypeError(`checkpoint(): function must be callable, not ${fn === null ? 'null' : typeof fn}`);
  const [args, options] = splitOptions(rest);
  const run = fn as Fn;
  if (!options.use_reentrant) return run(...args);
  const inputs = args.filter((a): a is Tensor => a instanceof Tensor && a.requires_grad);
  if (inputs.length === 0) warnOnce('None of the inputs have requires_grad=True. Gradients will be None');
  const replayForwardRandomness = options.preserve_rng_state ? saveRandomState() : null;
  const out = no_grad(() => run(...args));
  if (!is_grad_enabled() || inputs.length === 0) return out;

  // Each output gets a node that recomputes fn and backpropagates its own gradient through the recomputation.
  const backwardOf = (index: number) => (g: Tensor) => {
    const detached = args.map((a) => (a instanceof Tensor ? a.detach().requires_grad_(a.requires_grad) : a));
    const restoreCurrentRandomness = saveRandomState();
    replayForwardRandomness?.();
    let recomputed: Output;
    try {
      recomputed = enable_grad(() => run(...detached));
    } finally {
      restoreCurrentRandomness();
    }
    const y = Array.isArray(recomputed) ? recomputed[index] : recomputed;
    if (y instanceof Tensor && y.requires_grad) runBackward([[y, g]]);
    return inputs.map((t) => (detached[args.indexOf(t)] as Tensor).grad);
  };
  const attach = (o: unknown, i: number) => (o instanceof Tensor && isFloating(o.dtype) ? record(o, 'CheckpointFunctionBackward', inputs, backwardOf(i)) : o);
  return Array.isArray(out) ? out.map(attach) : (attach(out, 0) as Tensor);
}

/**
 * torch.utils.checkpoint.checkpoint_sequential(functions, segments, input, { use_reentrant, preserve_rng_state }):
 * a Sequential (or a list of modules / functions) in `segments` runs of equal length, each checkpointed but the
 * last, which runs normally.
 */
export function checkpoint_sequential(functions: Module | readonly Fn[], segments: number, input: Tensor, options: CheckpointOptions = {}): Tensor {
  const list = (Array.isArray(functions) ? functions : [...(functions as Module).children()]) as Fn[];
  if (!Number.isInteger(segments) || segments < 1) throw new RangeError(`checkpoint_sequential(): segments must be a positive integer, not ${segments}`);
  const runRange = (start: number, end: number) => (x: Tensor) => list.slice(start, end + 1).reduce((h, f) => f(h) as Tensor, x);
  const size = Math.floor(list.length / segments);
  let end = -1;
  for (let start = 0; start < size * (segments - 1); start += size) {
    end = start + size - 1;
    input = checkpoint(runRange(start, end), input, options) as Tensor;
  }
  return runRange(end + 1, list.length - 1)(input);
}
