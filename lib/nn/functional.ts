// torch.nn.functional: PyTorch's functional forms of the activations (inplace variants write into the input).
import { Tensor, checkTensor } from '../tensor';
import * as ew from '../ops/elementwise';
import * as red from '../ops/reduce';
import { copy_ } from '../ops/shape';
import type { DType } from '../dtype';

type Inplace = boolean | { inplace?: boolean };

/** PyTorch's trailing `inplace` argument, positional or in an options object. */
function inplaceFlag(v: Inplace | undefined): boolean {
  return typeof v === 'object' ? !!v.inplace : !!v;
}

function maybeInplace(name: string, x: Tensor, inplace: Inplace | undefined, f: (x: Tensor) => Tensor): Tensor {
  checkTensor(name, x);
  return inplaceFlag(inplace) ? copy_(x, f(x), `${name}_`) : f(x);
}

export function relu(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('relu', input, inplace, ew.relu);
}

export function relu6(input: Tensor, inplace?: Inplace): Tensor {
  return maybeInplace('relu6', input, inplace, ew.relu6);
}

/** F.leaky_relu(input, negative_slope = 0.01, inplace = false); also F.leaky_relu(x, { negative_slope }). */
export function leaky_relu(input: Tensor, negative_slope: number | { negative_slope?: number; inplace?: boolean } = 0.01, inplace?: Inplace): Tensor {
  const opts = typeof negative_slope === 'object' ? negative_slope : { negative_slope, inplace: inplaceFlag(inplace) };
  return maybeInplace('leaky_relu', input, opts.inplace, (x) => ew.leaky_relu(x, opts.negative_slope ?? 0.01));
}

/** F.threshold(input, threshold, value, inplace = false): input <= threshold ? value : input. */
export function threshold(input: Tensor, threshold: number, value: number, inplace?: Inplace): Tensor {
  return maybeInplace('threshold', input, inplace, (x) => ew.threshold(x, threshold, value));
}

export function sigmoid(input: Tensor): Tensor {
  return ew.sigmoid(input);
}

export function tanh(input: Tensor): Tensor {
  return ew.tanh(input);
}

type SoftmaxDim = number | { dim: number; dtype?: DType };

export function softmax(input: Tensor, dim: SoftmaxDim, options?: { dtype?: DType }): Tensor {
  return red.softmax(input, dim, options);
}

export function log_softmax(input: Tensor, dim: SoftmaxDim, options?: { dtype?: DType }): Tensor {
  return red.log_softmax(input, dim, options);
}
