// Reverse-mode autograd, micrograd-style: every op records a GradFn (name, inputs, backward closure) right where
// it computes its output; backward() walks the graph in reverse topological order. Nothing here knows any op.
import { outsideAutocast } from './autocast';
import type { Tensor } from './tensor';
import { warnOnce, warn } from './utils/warnings';

export type BackwardFn = (grad: Tensor) => readonly (Tensor | null | undefined)[];

export class GradFn {
  constructor(
    /** PyTorch's node name, e.g. 'ReluBackward0'. */
    readonly name: string,
    readonly inputs: readonly Tensor[],
    readonly backward: BackwardFn,
  ) {
    if (anomalyEnabled) this.trace = forwardTrace();
  }

  /** Where the forward op ran (the JS stack), recorded only while anomaly detection is on. */
  trace?: string;

  toString(): string {
    return `<${this.name}>`;
  }
}

let gradEnabled = true;

export function is_grad_enabled(): boolean {
  return gradEnabled;
}

export function set_grad_enabled(mode: boolean): void {
  if (typeof mode !== 'boolean') throw new TypeError(`set_grad_enabled(): argument 'mode' must be bool, not ${mode === null ? 'null' : typeof mode}`);
  gradEnabled = mode;
}

function withGradMode<T>(op: string, mode: boolean, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`${op}(): expected a function to run, got ${fn === null ? 'null' : typeof fn}`);
  const prev = gradEnabled;
  gradEnabled = mode;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Runs fn with gradient recording off (PyTorch's `with torch.no_grad():`). */
export function no_grad<T>(fn: () => T): T {
  return withGradMode('no_grad', false, fn);
}

let inferenceMode = false;

/**
 * torch.inference_mode(fn) / inference_mode(mode, fn): runs fn with gradient recording off (mode true, the default),
 * as PyTorch's `with torch.inference_mode():`; torchlet keeps no separate inference tensors, so it is no_grad
 * that is_inference_mode_enabled() reports. inference_mode(false, fn) runs fn with recording on.
 */
export function inference_mode<T>(mode: boolean | (() => T), fn?: () => T): T {
  const [on, body] = typeof mode === 'function' ? [true, mode] : [mode, fn];
  if (typeof on !== 'boolean') throw new TypeError(`inference_mode(): mode must be a bool, not ${on === null ? 'null' : typeof on}`);
  const prev = inferenceMode;
  inferenceMode = on;
  try {
    return withGradMode('inference_mode', !on, body as () => T);
  } finally {
    inferenceMode = prev;
  }
}

/** torch.is_inference_mode_enabled(): inside inference_mode(fn). */
export function is_inference_mode_enabled(): boolean {
  return inferenceMode;
}

/** Runs fn with gradient recording on, even inside no_grad. */
export function enable_grad<T>(fn: () => T): T {
  return withGradMode('enable_grad', true, fn);
}

/** Attaches a GradFn to `out` when recording is on and any input requires grad; returns out. */
export function record(out: Tensor, name: string, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (gradEnabled && inputs.some((t) => t.requires_grad)) {
    out._setGradFn(new GradFn(name, inputs, backward));
    for (const t of inputs) storageUses.set(t._storage, usesOf(t) + 1);
  }
  return out;
}

let anomalyEnabled = false;
let anomalyCheckNan = true;

/** The JS stack of the forward call, without this module's frames. */
function forwardTrace(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  return lines.filter((l) => !/[\\/]autograd\.[tj]s:/.test(l)).join('\n');
}

function boolArg(op: string, name: string, position: number, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${op}(): argument '${name}' (position ${position}) must be bool, not ${v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v === 'string' ? 'str' : typeof v}`);
  return v;
}

/** torch.is_anomaly_enabled(): whether backward checks for NaN gradients and reports the forward op of a failing node. */
export function is_anomaly_enabled(): boolean {
  return anomalyEnabled;
}

/** torch.is_anomaly_check_nan_enabled(): whether anomaly mode checks backward outputs for NaN. */
export function is_anomaly_check_nan_enabled(): boolean {
  return anomalyCheckNan;
}

/**
 * torch.set_anomaly_enabled(enabled, check_nan = true): the global switch under detect_anomaly. While on, every
 * recorded op keeps the JS stack of its forward call, and backward raises PyTorch's "Function 'SqrtBackward0'
 * returned nan values in its 0th output." (when check_nan) and, for any error in a backward function, warns with
 * the forward stack of the op that failed. Off (the default), recording and backward pay one boolean check.
 */
export function set_anomaly_enabled(enabled: boolean, check_nan: boolean | { check_nan?: boolean } = true): void {
  const op = 'set_anomaly_enabled';
  if (arguments.length > 2) throw new TypeError(`${op}() takes at most 2 arguments (${arguments.length} given)`);
  const on = boolArg(op, 'enabled', 1, enabled);
  anomalyCheckNan = checkNanOf(op, check_nan);
  anomalyEnabled = on;
}

function withAnomaly<T>(op: string, mode: boolean, checkNan: boolean, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`${op}(): expected a function to run, got ${fn === null ? 'null' : typeof fn}`);
  const prev = [anomalyEnabled, anomalyCheckNan] as const;
  anomalyEnabled = mode;
  anomalyCheckNan = checkNan;
  try {
    return fn();
  } finally {
    [anomalyEnabled, anomalyCheckNan] = prev;
  }
}

type CheckNan = boolean | { check_nan?: boolean };
/** check_nan given as a bool or { check_nan }; a wrong type gets PyTorch's message (its contexts pass it on to set_anomaly_enabled). */
function checkNanOf(op: string, v: CheckNan | undefined): boolean {
  if (v === undefined) return true;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    for (const k of Object.keys(v)) if (k !== 'check_nan') throw new TypeError(`${op}() got an unexpected keyword argument '${k}'`);
    return v.check_nan === undefined ? true : boolArg('set_anomaly_enabled', 'check_nan', 2, v.check_nan);
  }
  return boolArg('set_anomaly_enabled', 'check_nan', 2, v);
}

/**
 * torch.autograd.detect_anomaly(fn) / detect_anomaly(check_nan, fn) / detect_anomaly({ check_nan }, fn): runs fn
 * with anomaly detection on (PyTorch's `with torch.autograd.detect_anomaly():`), restoring the previous mode after.
 * Warns, as PyTorch, that the mode slows things down.
 */
export function detect_anomaly<T>(check_nan: CheckNan | (() => T), fn?: () => T): T {
  const op = 'detect_anomaly';
  const [nan, body] = typeof check_nan === 'function' ? [undefined, check_nan] : [check_nan, fn];
  const checkNan = checkNanOf(op, nan);
  warnOnce('Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.');
  return withAnomaly(op, true, checkNan, body as () => T);
}

/**
 * torch.autograd.set_detect_anomaly(mode, check_nan = true): sets anomaly detection on or off, as PyTorch's
 * constructor does. Given a function last (set_detect_anomaly(mode, fn) or (mode, check_nan, fn)), it runs fn in that
 * mode and restores the previous one after, as PyTorch's `with set_detect_anomaly(mode):`; otherwise the setting stays.
 */
export function set_detect_anomaly<T>(mode: boolean, check_nan?: CheckNan | (() => T), fn?: () => T): T | undefined {
  const op = 'set_detect_anomaly';
  const [nan, body] = typeof check_nan === 'function' ? [undefined, check_nan] : [check_nan, fn];
  const on = boolArg('set_anomaly_enabled', 'enabled', 1, mode); // PyTorch's constructor calls set_anomaly_enabled
  const checkNan = checkNanOf(op, nan);
  if (body === undefined) {
    anomalyEnabled = on;
    anomalyCheckNan = checkNan;
    return undefined;
  }
  return withAnomaly(op, on, checkNan, body);
}

/** Anomaly mode's checks on what a backward function returned (PyTorch's validate_outputs): NaN, when check_nan. */
function checkAnomaly(fn: GradFn, grads: readonly (Tensor | null | undefined)[]): void {
  if (!anomalyCheckNan) return;
  grads.forEach((g, k) => {
    if (g && g.dtype.startsWith('float') && g.isnan().any().item()) {
      throw new Error(`Function '${fn.name}' returned nan values in its ${k}th output.`);
    }
  });
}

/** Anomaly mode's report of an error in a node: the forward stack where its op ran, as PyTorch's warning. */
function reportAnomaly(fn: GradFn): void {
  warn(`Error detected in ${fn.name}. Traceback of forward call that caused the error:\n${fn.trace ?? '  (the op was recorded before anomaly detection was enabled)'}`);
}

/** Per storage (so counting every view and detached alias of it): how many recorded ops took it as an input. */
const storageUses = new WeakMap<object, number>();

/** @internal How many recorded ops took t, or a tensor sharing its storage, as an input (see ops/inplace.ts). */
export function usesOf(t: Tensor): number {
  return storageUses.get(t._storage) ?? 0;
}

/**
 * Accumulates d(roots)/d(leaf) into every leaf's .grad, seeding each root with its gradient. Each tensor's incoming
 * gradients are summed before it is processed, so its hooks see the total once (a leaf's before accumulation).
 * With `capture` (torch.autograd.grad), no leaf's .grad is touched (retain_grad's still are, as in PyTorch 1.13):
 * the totals reaching the captured tensors are returned.
 */
export function runBackward(roots: readonly (readonly [Tensor, Tensor])[], capture?: ReadonlySet<Tensor>): Map<Tensor, Tensor> {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // iterative DFS (deep nets would overflow a recursive one); leaves are nodes too, as PyTorch's AccumulateGrad.
  // Post-orders of several roots, concatenated and reversed, are still a topological order.
  for (const [root] of roots) {
    if (seen.has(root)) continue;
    const stack: [Tensor, number][] = [[root, 0]];
    seen.add(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const inputs = top[0].grad_fn?.inputs ?? [];
      if (top[1] < inputs.length) {
        const next = inputs[top[1]++];
        if (next.requires_grad && !seen.has(next)) {
          seen.add(next);
          stack.push([next, 0]);
        }
      } else {
        order.push(top[0]);
        stack.pop();
      }
    }
  }

  const grads = new Map<Tensor, Tensor>();
  for (const [root, gradient] of roots) grads.set(root, grads.has(root) ? grads.get(root)!.add(gradient) : gradient);
  const captured = new Map<Tensor, Tensor>();
  // backward runs each op in its forward's dtypes, which the recorded casts give: autocast would cast again
  outsideAutocast(() => no_grad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      let g = grads.get(t);
      grads.delete(t);
      if (!g) continue;
      if (t._backward_hooks || t._retainsGrad) g = t._hookedGrad(g);
      if (capture?.has(t)) captured.set(t, g);
      const fn = t.grad_fn;
      if (!fn) {
        if (!capture) t.grad = t.grad ? t.grad.add(g) : g._ownedCopy();
        continue;
      }
      let inputGrads: readonly (Tensor | null | undefined)[];
      if (anomalyEnabled) {
        try {
          inputGrads = fn.backward(g);
          checkAnomaly(fn, inputGrads);
        } catch (e) {
          reportAnomaly(fn);
          throw e;
        }
      } else {
        inputGrads = fn.backward(g);
      }
      fn.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!gi || !input.requires_grad) return;
        const prev = grads.get(input);
        grads.set(input, prev ? prev.add(gi) : gi);
      });
    }
  }));
  return captured;
}
