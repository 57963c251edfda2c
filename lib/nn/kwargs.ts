// PyTorch's constructor call forms in JS: positional values in PyTorch's order and/or one trailing options
// object, e.g. new nn.LeakyReLU(0.2), new nn.LeakyReLU({ negative_slope: 0.2 }), new nn.LeakyReLU(0.2, { inplace: true }).
import { resolveArgs } from '../args';

/** Resolves constructor `args` against parameter `names` and `defaults`, with Python's errors for unknown or repeated names. */
export function kwargs<T extends object>(owner: string, names: readonly (keyof T & string)[], defaults: T, args: readonly unknown[]): T {
  return resolveArgs(`${owner}.__init__`, names, defaults, args);
}
