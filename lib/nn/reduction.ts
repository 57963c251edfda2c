// What the loss functions share: the reduction argument and its application, and a stable softplus.
import { Tensor, typeName } from '../tensor';
import * as ew from '../ops/elementwise';

export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(op: string, reduction: unknown = 'mean'): Reduction {
  if (reduction === 'mean' || reduction === 'sum' || reduction === 'none') return reduction;
  if (typeof reduction !== 'string') throw new TypeError(`${op}(): argument 'reduction' must be str, not ${typeName(reduction)}`);
  throw new RangeError(`${op}(): '${reduction}' is not a valid value for reduction`);
}

export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

/** log(1 + e^x) without overflow; -|x| is written x - 2 relu(x) so the gradient at 0 is sigmoid(0), not 0. */
export function softplus(x: Tensor): Tensor {
  const positivePart = ew.relu(x);
  return positivePart.add(ew.log1p(ew.exp(x.sub(positivePart.mul(2)))));
}
