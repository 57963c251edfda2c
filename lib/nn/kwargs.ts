// PyTorch's constructor call forms in JS: positional values in PyTorch's order and/or one trailing options
// object, e.g. new nn.LeakyReLU(0.2), new nn.LeakyReLU({ negative_slope: 0.2 }), new nn.LeakyReLU(0.2, { inplace: true }).
import { Tensor } from '../tensor';

function isOptions(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tensor);
}

/** Resolves `args` against parameter `names` and `defaults`, with Python's errors for unknown or repeated names. */
export function kwargs<T extends object>(owner: string, names: readonly (keyof T & string)[], defaults: T, args: readonly unknown[]): T {
  const out = { ...defaults } as Record<string, unknown>;
  let positional = args;
  const last = args[args.length - 1];
  if (isOptions(last)) positional = args.slice(0, -1);
  if (positional.length > names.length) {
    throw new TypeError(`${owner}.__init__() takes ${names.length} positional arguments but ${positional.length} were given`);
  }
  positional.forEach((v, i) => {
    if (v !== undefined) out[names[i]] = v;
  });
  if (isOptions(last)) {
    for (const [key, v] of Object.entries(last)) {
      const i = names.indexOf(key as keyof T & string);
      if (i < 0) throw new TypeError(`${owner}.__init__() got an unexpected keyword argument '${key}'`);
      if (i < positional.length && positional[i] !== undefined) {
        throw new TypeError(`${owner}.__init__() got multiple values for argument '${key}'`);
      }
      if (v !== undefined) out[key] = v;
    }
  }
  return out as T;
}
