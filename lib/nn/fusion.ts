// torch.nn.utils.fusion, as PyTorch 1.13's torch/nn/utils/fusion.py: folds an eval-mode batch norm into the
// convolution (or linear layer) before it, so inference runs one layer: with s = bn_w / sqrt(bn_rv + eps) per
// output channel, W' = W * s and b' = (b - bn_rm) * s + bn_b.
import { Tensor, typeName } from '../tensor';
import { ones_like, zeros_like } from '../ops/creation';
import { Module, Parameter } from './module';
import { deepcopy } from './deepcopy';

type Attributes = Record<string, unknown>;

/** A module argument of a fusion, checked. */
function checkLayer(op: string, name: string, m: unknown): Attributes {
  if (!(m instanceof Module)) throw new TypeError(`${op}(): argument '${name}' must be Module, not ${typeName(m)}`);
  return m as unknown as Attributes;
}

/**
 * fuse_conv_bn_eval(conv, bn, transpose = false): a copy of conv (both in eval mode) computing conv then bn.
 * transpose is for a transposed convolution, whose output channels are its weight's dim 1.
 */
export function fuse_conv_bn_eval<M extends Module>(conv: M, bn: Module, transpose: boolean | { transpose?: boolean } = false): M {
  const op = 'fuse_conv_bn_eval';
  const t = typeof transpose === 'object' && transpose !== null ? transpose.transpose ?? false : transpose;
  const c = checkLayer(op, 'conv', conv);
  const b = checkLayer(op, 'bn', bn);
  if (conv.training || bn.training) throw new Error('Fusion only for eval!');
  const fused = deepcopy(conv);
  const f = fused as unknown as Attributes;
  [f.weight, f.bias] = fuse_conv_bn_weights(
    c.weight as Tensor, c.bias as Tensor | null, b.running_mean as Tensor, b.running_var as Tensor, b.eps as number,
    b.weight as Tensor | null, b.bias as Tensor | null, t,
  );
  return fused;
}

/**
 * fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose = false): the fused
 * convolution's [weight, bias] as new Parameters; a null conv_b, bn_w or bn_b is zeros, ones and zeros.
 */
export function fuse_conv_bn_weights(
  conv_w: Tensor,
  conv_b: Tensor | null,
  bn_rm: Tensor,
  bn_rv: Tensor,
  bn_eps: number,
  bn_w: Tensor | null,
  bn_b: Tensor | null,
  transpose: boolean | { transpose?: boolean } = false,
): [Parameter, Parameter] {
  const op = 'fuse_conv_bn_weights';
  const t = typeof transpose === 'object' && transpose !== null ? transpose.transpose ?? false : transpose;
  for (const [name, v] of [['conv_w', conv_w], ['bn_rm', bn_rm], ['bn_rv', bn_rv]] as const) {
    if (!(v instanceof Tensor)) throw new TypeError(`${op}(): argument '${name}' must be Tensor, not ${typeName(v)}`);
  }
  if (typeof bn_eps !== 'number') throw new TypeError(`${op}(): argument 'bn_eps' must be float, not ${typeName(bn_eps)}`);
  const b = conv_b ?? zeros_like(bn_rm);
  const w = bn_w ?? ones_like(bn_rm);
  const shift = bn_b ?? zeros_like(bn_rm);
  const varRsqrt = bn_rv.add(bn_eps).rsqrt();
  const rest = new Array<number>(conv_w.dim() - 2).fill(1);
  const shape = t ? [1, -1, ...rest] : [-1, 1, ...rest];
  const weight = conv_w.mul(w.mul(varRsqrt).reshape(shape));
  const bias = b.sub(bn_rm).mul(varRsqrt).mul(w).add(shift);
  return [new Parameter(weight.detach()), new Parameter(bias.detach())];
}

/** fuse_linear_bn_eval(linear, bn): a copy of linear (both in eval mode) computing linear then bn (torch.nn.utils.fusion). */
export function fuse_linear_bn_eval<M extends Module>(linear: M, bn: Module): M {
  const op = 'fuse_linear_bn_eval';
  const l = checkLayer(op, 'linear', linear);
  const b = checkLayer(op, 'bn', bn);
  if (linear.training || bn.training) throw new Error('Fusion only for eval!');
  const fused = deepcopy(linear);
  const f = fused as unknown as Attributes;
  [f.weight, f.bias] = fuse_linear_bn_weights(
    l.weight as Tensor, l.bias as Tensor | null, b.running_mean as Tensor, b.running_var as Tensor, b.eps as number, b.weight as Tensor, b.bias as Tensor,
  );
  return fused;
}

/** fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b): the fused linear's [weight, bias] as new Parameters. */
export function fuse_linear_bn_weights(
  linear_w: Tensor,
  linear_b: Tensor | null,
  bn_rm: Tensor,
  bn_rv: Tensor,
  bn_eps: number,
  bn_w: Tensor,
  bn_b: Tensor,
): [Parameter, Parameter] {
  const op = 'fuse_linear_bn_weights';
  for (const [name, v] of [['linear_w', linear_w], ['bn_rm', bn_rm], ['bn_rv', bn_rv], ['bn_w', bn_w], ['bn_b', bn_b]] as const) {
    if (!(v instanceof Tensor)) throw new TypeError(`${op}(): argument '${name}' must be Tensor, not ${typeName(v)}`);
  }
  const b = linear_b ?? zeros_like(bn_rm);
  const scale = bn_w.mul(bn_rv.add(bn_eps).rsqrt());
  const weight = linear_w.mul(scale.unsqueeze(-1));
  const bias = b.sub(bn_rm).mul(scale).add(bn_b);
  return [new Parameter(weight.detach()), new Parameter(bias.detach())];
}
