// Python's argument checks for PyTorch's signatures in JS, where a trailing plain object holds the keyword
// arguments. JS itself drops extra arguments and unknown object keys silently: `x.sum({ dim: 1, keepdm: true })`
// would return the wrong shape and `torch.zeros(2, { dtyp: 'int64' })` the wrong dtype, where PyTorch raises.

/**
 * A plain object of keyword arguments: an object literal (of any realm: its prototype is a root prototype), not
 * an array, a typed array, a tensor or a Device.
 */
export function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** How many of `args` were passed: trailing undefined values are omitted ones (callers forward optional parameters). */
function passed(args: ArrayLike<unknown>): number {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  return n;
}

/** Throws PyTorch's TypeError for a key of `options` (when it is an options object) that `op` does not take. */
export function checkKeywords(op: string, options: unknown, keys: readonly string[]): void {
  if (!isOptions(options)) return;
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) throw new TypeError(`${op}() got an unexpected keyword argument '${key}'`);
  }
}

/**
 * Checks a call of `op` (its `arguments`): at most `max` positional arguments, and a trailing options object
 * only with the keyword arguments `keys`. Python's wording: "relu() takes 1 positional argument but 2 were
 * given", "relu() got an unexpected keyword argument 'out'". An object in one of the `required` leading
 * positions (by default the input, if the op takes positional arguments) is a wrong argument, not options:
 * the op's own type check names it.
 */
export function checkArgs(op: string, args: ArrayLike<unknown>, max: number, keys: readonly string[] = [], required = Math.min(max, 1)): void {
  let given = passed(args);
  if (given > required && isOptions(args[given - 1])) checkKeywords(op, args[--given], keys);
  if (given > max) throw tooMany(op, max, given);
}

/** Python's message, counting the arguments the JS caller wrote. */
function tooMany(label: string, max: number, given: number): TypeError {
  const takes = max === 0 ? 'no positional arguments' : `${max} positional argument${max === 1 ? '' : 's'}`;
  return new TypeError(`${label}() takes ${takes} but ${given} ${given === 1 ? 'was' : 'were'} given`);
}

/**
 * Resolves a call's `args` (positional values in PyTorch's order, then optionally one options object) against
 * parameter `names` and `defaults`, with Python's errors for extra, unknown or repeated arguments. `label` is
 * what the messages call the callable ('hardtanh', 'Hardtanh.__init__'); the first `skip` arguments (a
 * function's input) are not resolved, only counted, so that the messages count what the caller passed.
 */
export function resolveArgs<T extends object>(label: string, names: readonly (keyof T & string)[], defaults: T, args: ArrayLike<unknown>, skip = 0): T {
  const out = { ...defaults } as Record<string, unknown>;
  let end = passed(args);
  const options = end > skip && isOptions(args[end - 1]) ? (args[--end] as Record<string, unknown>) : undefined;
  const given = Math.max(0, end - skip);
  if (given > names.length) throw tooMany(label, skip + names.length, skip + given);
  for (let i = 0; i < given; i++) if (args[skip + i] !== undefined) out[names[i]] = args[skip + i];
  if (options) {
    for (const [key, v] of Object.entries(options)) {
      const i = names.indexOf(key as keyof T & string);
      if (i < 0) throw new TypeError(`${label}() got an unexpected keyword argument '${key}'`);
      if (i < given && args[skip + i] !== undefined) throw new TypeError(`${label}() got multiple values for argument '${key}'`);
      if (v !== undefined) out[key] = v;
    }
  }
  return out as T;
}

/** torch.device('cpu'): what PyTorch code passes to `.to(device)` and factories. */
export class Device {
  constructor(
    readonly type: string,
    readonly index: number | null = null,
  ) {}
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
}

/** A device name ('cpu', 'cuda:0', 'mps') or Device: what `to()` takes for a device rather than a dtype. */
export function isDevice(v: unknown): v is string | Device {
  return v instanceof Device || (typeof v === 'string' && /^(cpu|cuda|mps|xpu|meta|hip)(:\d+)?$/.test(v));
}

/** `device` in tensor options and `to()`: torchlet computes on the CPU, so 'cpu' (PyTorch code passes it) and nothing else. */
export function checkDevice(op: string, device: unknown): void {
  if (device === undefined || device === null || String(device) === 'cpu' || String(device) === 'cpu:0') return;
  const name = device instanceof Device || typeof device === 'string' ? `'${String(device)}'` : String(device);
  throw new TypeError(`${op}(): torchlet computes on the CPU only; device must be 'cpu', got ${name}`);
}
