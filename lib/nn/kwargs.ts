// PyTorch's constructor call forms in JS: positional values in PyTorch's order and/or one trailing options
// object, e.g. new nn.LeakyReLU(0.2), new nn.LeakyReLU({ negative_slope: 0.2 }), new nn.LeakyReLU(0.2, { inplace: true }).
import { resolveArgs } from '../args';

/** Resolves constructor `args` against parameter `names` and `defaults`, with Python's errors for unknown or repeated names. */
export function kwargs<T extends object>(owner: string, names: readonly (keyof T & string)[], defaults: T, args: readonly unknown[]): T {
  return resolveArgs(`${owner}.__init__`, names, defaults, args);
}

/**
 * Python's TypeError for required constructor arguments left undefined: "Conv2d.__init__() missing 2 required
 * positional arguments: 'out_channels' and 'kernel_size'" (three or more: 'a', 'b', and 'c').
 */
export function requireArgs<T extends object, K extends keyof T & string>(
  owner: string,
  resolved: T,
  names: readonly K[],
): asserts resolved is T & { [P in K]-?: Exclude<T[P], undefined> } {
  const missing = names.filter((k) => resolved[k] === undefined).map((k) => `'${k}'`);
  if (!missing.length) return;
  const list = missing.length < 3 ? missing.join(' and ') : `${missing.slice(0, -1).join(', ')}, and ${missing[missing.length - 1]}`;
  throw new TypeError(`${owner}.__init__() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
}
