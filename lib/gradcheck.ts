// torch.autograd.gradcheck: compares backward() against central finite differences, in float64.
import { no_grad } from './autograd';
import { Tensor, checkTensor } from './tensor';
import { randn_like } from './ops/creation';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw a descriptive Error on mismatch (default) instead of returning false. */
  raise_exception?: boolean;
}

/** Sum of out * v: a scalar whose gradient is the vector-Jacobian product with v. */
function project(out: Tensor, v: Tensor): number {
  const a = out._contiguousData();
  const b = v._contiguousData();
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Checks fn's analytical gradients w.r.t. every input that requires grad. Inputs should be float64 (float32
 * finite differences are too coarse). Returns true, or throws/returns false on the first mismatch.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor | readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raise_exception = true } = options;
  const list = inputs instanceof Tensor ? [inputs] : [...inputs];
  list.forEach((t, i) => checkTensor('gradcheck', t, `inputs[${i}]`));
  const out = fn(...list);
  checkTensor('gradcheck', out, 'output');
  const v = no_grad(() => randn_like(out, { dtype: out.dtype }));
  for (const t of list) t.grad = null;
  if (out.requires_grad) out.backward(v);
  for (const [k, t] of list.entries()) {
    if (!t.requires_grad) continue;
    if (!t.is_contiguous()) throw new TypeError('gradcheck(): inputs must be contiguous');
    const data = t._storage;
    const analytical = t.grad ? t.grad._contiguousData() : new Float64Array(t.numel());
    for (let j = 0; j < t.numel(); j++) {
      const i = t._offset + j;
      const orig = data[i];
      const f = (x: number) => {
        data[i] = x;
        return no_grad(() => project(fn(...list), v));
      };
      const numerical = (f(orig + eps) - f(orig - eps)) / (2 * eps);
      data[i] = orig;
      if (!(Math.abs(numerical - analytical[j]) <= atol + rtol * Math.abs(numerical))) {
        if (!raise_exception) return false;
        throw new Error(
          `gradcheck(): Jacobian mismatch for output 0 with respect to input ${k}, element ${j}: numerical ${numerical}, analytical ${analytical[j]}`,
        );
      }
    }
  }
  return true;
}
