// torch.nn.utils.spectral_norm / remove_spectral_norm (Miyato et al. 2018), as PyTorch 1.13's
// torch/nn/utils/spectral_norm.py: the parameter `name` moves to `name_orig`, and a forward pre-hook sets `name` to
// name_orig / sigma, sigma = u . (W v) with W = name_orig as a matrix (`dim` first, the rest flattened) and u, v
// (buffers `name_u`, `name_v`) approximate singular vectors. In training each call first refines u and v in place
// by power iteration (without autograd); in eval mode the stored ones are used.
import { Tensor, typeName } from '../tensor';
import { no_grad } from '../autograd';
import { resolveArgs } from '../args';
import { randn } from '../ops/creation';
import { dot } from '../ops/arrange';
import { matmul } from '../ops/linalg';
import { normalize } from './functional';
import { Module, Parameter } from './module';
import * as conv from './conv';
import { checkModule, checkName, registerReparametrization, findReparametrization, removeReparametrization, type Attributes } from './weight_norm';

export interface SpectralNormOptions {
  name?: string;
  n_power_iterations?: number;
  eps?: number;
  dim?: number | null;
}

/** Whether the module is a transposed convolution, whose weight has the output channels in dim 1. */
function isConvTranspose(module: Module): boolean {
  return ['ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d'].some((cls) => {
    const ctor = (conv as Record<string, unknown>)[cls];
    return typeof ctor === 'function' && module instanceof ctor;
  });
}

/**
 * spectral_norm(module, name = 'weight', n_power_iterations = 1, eps = 1e-12, dim = null): see the file comment;
 * dim null is 1 for transposed convolutions and 0 otherwise. u and v start as random unit vectors.
 */
export function spectral_norm<M extends Module>(
  module: M,
  name: string | SpectralNormOptions = 'weight',
  n_power_iterations: number | SpectralNormOptions = 1,
  eps: number | SpectralNormOptions = 1e-12,
  dim: number | null | SpectralNormOptions = null,
): M {
  const op = 'spectral_norm';
  const a = resolveArgs<SpectralNormOptions>(op, ['name', 'n_power_iterations', 'eps', 'dim'], { name: 'weight', n_power_iterations: 1, eps: 1e-12, dim: null }, arguments, 1);
  checkModule(op, module);
  const key = checkName(op, a.name);
  const iterations = a.n_power_iterations as number;
  const epsilon = a.eps as number;
  const matDim = a.dim ?? (isConvTranspose(module) ? 1 : 0);
  if (!Number.isInteger(iterations)) throw new TypeError(`${op}(): argument 'n_power_iterations' must be int, not ${typeName(iterations)}`);
  if (typeof epsilon !== 'number') throw new TypeError(`${op}(): argument 'eps' must be float, not ${typeName(epsilon)}`);
  if (!Number.isInteger(matDim)) throw new TypeError(`${op}(): argument 'dim' must be int, not ${typeName(matDim)}`);
  if (iterations <= 0) throw new RangeError(`Expected n_power_iterations to be positive, but got n_power_iterations=${iterations}`);
  if (findReparametrization(module, op, key)) throw new Error(`Cannot register two spectral_norm hooks on the same parameter ${key}`);
  const attrs = module as unknown as Attributes;
  const weight = attrs[key];
  if (weight === null) throw new RangeError(`\`SpectralNorm\` cannot be applied as parameter \`${key}\` is None`);
  if (!(weight instanceof Parameter)) throw new RangeError(`${op}(): ${module.constructor.name} has no parameter '${key}'`);

  // the weight as a matrix: `dim` first (PyTorch's permute, with its errors for a bad dim), the rest flattened
  const asMatrix = (w: Tensor) => {
    const moved = matDim === 0 ? w : w.permute(matDim, ...w.shape.map((_, d) => d).filter((d) => d !== matDim));
    return moved.reshape(moved.shape[0], -1);
  };
  const [h, w] = asMatrix(weight).shape;
  const unit = (n: number) => no_grad(() => normalize(randn(n, { dtype: weight.dtype }), 2, 0, epsilon));
  const u0 = unit(h);
  const v0 = unit(w);

  // as PyTorch: weight_orig is the parameter itself (last in the parameter order), `name` its detached value
  delete attrs[key];
  attrs[`${key}_orig`] = weight;
  attrs[key] = weight.detach();
  module.register_buffer(`${key}_u`, u0);
  module.register_buffer(`${key}_v`, v0);

  const compute = (powerIteration: boolean): Tensor => {
    const orig = attrs[`${key}_orig`] as Tensor;
    const mat = asMatrix(orig);
    let u = attrs[`${key}_u`] as Tensor;
    let v = attrs[`${key}_v`] as Tensor;
    if (powerIteration) {
      no_grad(() => {
        for (let i = 0; i < iterations; i++) {
          // in place, as PyTorch's out=: the buffers carry the iteration from call to call
          v.copy_(normalize(matmul(mat.t(), u), 2, 0, epsilon));
          u.copy_(normalize(matmul(mat, v), 2, 0, epsilon));
        }
      });
      // copies: a second call's in-place update must not change what this call's backward uses
      u = u.clone();
      v = v.clone();
    }
    return orig.div(dot(u, matmul(mat, v)));
  };
  const remove = () => {
    const value = no_grad(() => compute(false));
    delete attrs[key];
    module._buffers.delete(`${key}_u`);
    delete attrs[`${key}_u`];
    module._buffers.delete(`${key}_v`);
    delete attrs[`${key}_v`];
    delete attrs[`${key}_orig`];
    attrs[key] = new Parameter(value);
  };
  registerReparametrization(module, (m) => void (attrs[key] = compute(m.training)), { kind: op, name: key, remove });
  return module;
}

/** remove_spectral_norm(module, name = 'weight'): `name` becomes a parameter again, name_orig / sigma with the stored u and v. */
export function remove_spectral_norm<M extends Module>(module: M, name: string | { name?: string } = 'weight'): M {
  const op = 'remove_spectral_norm';
  const key = checkName(op, resolveArgs(op, ['name'], { name: 'weight' }, arguments, 1).name);
  checkModule(op, module);
  return removeReparametrization(module, 'spectral_norm', key);
}
