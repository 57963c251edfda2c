// torch.optim.LBFGS: PyTorch 1.13's L-BFGS (after minFunc) over all parameters flattened into one vector, with
// its optional strong-Wolfe line search (after torch/optim's lswolfe.lua). Vectors (directions, gradients, the
// history) are tensors in the parameters' dtype, as PyTorch's state holds them; sums, dot products and scalars
// are doubles (PyTorch keeps some scalars in float32 tensors: float32 runs agree to rounding, not bit for bit).
import { Tensor, checkReadable, typeName } from '../tensor';
import { fmtShape } from '../shape';
import type { Storage } from '../dtype';
import { B } from '../backend';
import { enable_grad, no_grad } from '../autograd';
import { Optimizer, withDefaults, type Params } from './optimizer';

export interface LBFGSHyperparameters {
  lr: number;
  /** Iterations per step(). */
  max_iter: number;
  /** Closure evaluations per step(); null (the default) means max_iter * 5 / 4, rounded down. */
  max_eval: number | null;
  /** A step ends when every gradient element is at most this in magnitude. */
  tolerance_grad: number;
  /** A step ends when the loss or the parameters change less than this. */
  tolerance_change: number;
  /** How many past updates approximate the inverse Hessian. */
  history_size: number;
  line_search_fn: 'strong_wolfe' | null;
}

/** LBFGS's state, all of it kept on the first parameter (as PyTorch, so that state_dict carries it). */
export interface LBFGSState {
  func_evals?: number;
  n_iter?: number;
  /** The last search direction and step length. */
  d?: Tensor;
  t?: number;
  /** The history: gradient differences y, steps s and 1 / (y . s). */
  old_dirs?: Tensor[];
  old_stps?: Tensor[];
  ro?: number[];
  /** Scale of the initial inverse Hessian approximation. */
  H_diag?: number;
  prev_flat_grad?: Tensor;
  prev_loss?: number;
  /** The two-loop recursion's alphas (history_size of them). */
  al?: (number | null)[];
}

/** Sums and products over flat vectors' elements, in double. */
function dot(a: Tensor, b: Tensor): number {
  const [x, y] = [a._storage, b._storage];
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

function absMax(a: Tensor): number {
  const x = a._storage;
  let max = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    if (!(v <= max)) max = v; // NaN wins, as torch.max
  }
  return max;
}

function absSum(a: Tensor): number {
  const x = a._storage;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]);
  return sum;
}

/** y += alpha * x, in place. */
function axpy(y: Tensor, alpha: number, x: Tensor): void {
  const [out, values] = [y._storage, x._storage];
  for (let i = 0; i < out.length; i++) out[i] = out[i] + alpha * values[i];
}

/** Python's max(a, b) and min(a, b) on numbers: the first unless the second is strictly greater (smaller); NaN loses. */
const pyMax = (a: number, b: number) => (b > a ? b : a);
const pyMin = (a: number, b: number) => (b < a ? b : a);

/**
 * The minimizer of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to bounds (by default
 * the interval between the points); the middle of the bounds when the cubic has no minimum.
 */
function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [xminBound, xmaxBound] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return pyMin(pyMax(minPos, xminBound), xmaxBound);
  }
  return (xminBound + xmaxBound) / 2;
}

/** The loss and flat gradient at x + t d (the parameters are back at x afterwards). */
type Objective = (t: number) => [number, Tensor];

/**
 * A step length t along d from x (loss f, gradient g, directional derivative gtd) satisfying the strong Wolfe
 * conditions: bracket an interval holding such a point, then zoom in by cubic interpolation. Returns the loss
 * and gradient there, t, and how many evaluations it took. PyTorch 1.13's constants (LBFGS passes none).
 */
function strongWolfe(objective: Objective, t: number, d: Tensor, f: number, g: Tensor, gtd: number) {
  const [c1, c2, toleranceChange, maxLs] = [1e-4, 0.9, 1e-9, 25];
  const dNorm = absMax(d);
  let [fNew, gNew] = objective(t);
  let lsFuncEvals = 1;
  let gtdNew = dot(gNew, d);

  // bracket an interval containing a point satisfying the Wolfe criteria
  let [tPrev, fPrev, gPrev, gtdPrev] = [0, f, g, gtd];
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: Tensor[] = [];
  let bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [bracket, bracketF, bracketG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    // extrapolate, at least 1% beyond t and at most 10 t
    const next = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [t + 0.01 * (t - tPrev), t * 10]);
    [tPrev, fPrev, gPrev, gtdPrev] = [t, fNew, gNew, gtdNew];
    t = next;
    [fNew, gNew] = objective(t);
    lsFuncEvals++;
    gtdNew = dot(gNew, d);
    lsIter++;
  }
  if (lsIter === maxLs) [bracket, bracketF, bracketG] = [[0, t], [f, fNew], [g, gNew]];

  // zoom: refine the bracket until a point satisfies the criteria
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break; // the bracket is too small
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    // a t too close to the bracket's ends (twice in a row, or outside) moves to 10% of its length inside
    const [hi, lo] = [pyMax(bracket[0], bracket[1]), pyMin(bracket[0], bracket[1])];
    const eps = 0.1 * (hi - lo);
    if (pyMin(hi - t, t - lo) < eps) {
      if (insufProgress || t >= hi || t <= lo) {
        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    [fNew, gNew] = objective(t);
    lsFuncEvals++;
    gtdNew = dot(gNew, d);
    lsIter++;

    if (fNew > f + c1 * t * gtd || fNew >= bracketF[lowPos]) {
      // Armijo condition not satisfied or not lower than the lowest point: the new high end
      [bracket[highPos], bracketF[highPos], bracketG[highPos], bracketGtd[highPos]] = [t, fNew, gNew, gtdNew];
      [lowPos, highPos] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true; // Wolfe conditions satisfied
      } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
        // the old high end becomes the new low one
        [bracket[highPos], bracketF[highPos], bracketG[highPos], bracketGtd[highPos]] = [bracket[lowPos], bracketF[lowPos], bracketG[lowPos], bracketGtd[lowPos]];
      }
      [bracket[lowPos], bracketF[lowPos], bracketG[lowPos], bracketGtd[lowPos]] = [t, fNew, gNew, gtdNew];
    }
  }
  return { loss: bracketF[lowPos], flatGrad: bracketG[lowPos], t: bracket[lowPos], evals: lsFuncEvals };
}

/** Updates p's elements (row-major) in place: through its storage, or a copy written back when p is strided. */
function updateElements(p: Tensor, update: (data: Storage) => void): void {
  checkReadable('LBFGS.step', p, 'a parameter');
  const data = p._contiguousData();
  update(data);
  if (!p.is_contiguous()) no_grad(() => p.copy_(new Tensor(data, p.shape, p.dtype)));
}

/** The loss a closure returned, as Python's float(loss). */
function lossValue(loss: unknown): number {
  if (typeof loss === 'number') return loss;
  if (loss instanceof Tensor) return Number(loss.item());
  throw new TypeError(`LBFGS.step(): the closure must return the loss (a Tensor or a number), but it returned ${typeName(loss)}`);
}

const LBFGS_DEFAULTS: LBFGSHyperparameters = {
  lr: 1,
  max_iter: 20,
  max_eval: null,
  tolerance_grad: 1e-7,
  tolerance_change: 1e-9,
  history_size: 100,
  line_search_fn: null,
};

/**
 * L-BFGS: quasi-Newton steps from the last history_size updates, each step() running up to max_iter iterations
 * and re-evaluating the model through its (required) closure. One param group only. Memory: history_size + 1
 * copies of the parameters.
 */
export class LBFGS extends Optimizer<LBFGSHyperparameters, LBFGSState> {
  constructor(params: Params, options: Partial<LBFGSHyperparameters> = {}) {
    const h = withDefaults('LBFGS', LBFGS_DEFAULTS, options);
    if (h.max_eval === null) h.max_eval = Math.floor((h.max_iter * 5) / 4);
    super(params, h);
    if (this.param_groups.length !== 1) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups)");
  }

  private get params(): Tensor[] {
    return this.param_groups[0].params;
  }

  /** The flat vectors' dtype: the parameters' (float64 if any is, as torch.cat promotes). */
  private get dtype() {
    return this.params.some((p) => p.dtype === 'float64') ? 'float64' : this.params[0].dtype;
  }

  /** A new flat vector: zeros, or f of each element of `a` (and its index). */
  private vector(a?: Tensor, f?: (value: number, i: number) => number): Tensor {
    const n = this.params.reduce((total, p) => total + p.numel(), 0);
    const out = B.alloc(this.dtype, n, true);
    if (a && f) {
      const values = a._storage;
      for (let i = 0; i < n; i++) out[i] = f(values[i], i);
    }
    return new Tensor(out, [n], this.dtype);
  }

  /** All gradients in one vector (zeros for parameters without one). */
  private gatherFlatGrad(): Tensor {
    const flat = this.vector();
    let offset = 0;
    for (const p of this.params) {
      if (p.grad) {
        if (p.grad.numel() !== p.numel()) {
          throw new RangeError(`LBFGS.step(): grad of shape ${fmtShape(p.grad.shape)} does not match its parameter's shape ${fmtShape(p.shape)}`);
        }
        checkReadable('LBFGS.step', p.grad, 'a gradient');
        flat._storage.set(p.grad._contiguousData() as never, offset);
      }
      offset += p.numel();
    }
    return flat;
  }

  /** params += t * d. */
  private addGrad(t: number, d: Tensor): void {
    const step = d._storage;
    let offset = 0;
    for (const p of this.params) {
      const start = offset;
      updateElements(p, (data) => {
        for (let i = 0; i < data.length; i++) data[i] = data[i] + t * step[start + i];
      });
      offset += p.numel();
    }
  }

  private cloneParams(): Storage[] {
    return this.params.map((p) => p._ownedData());
  }

  private setParams(saved: Storage[]): void {
    this.params.forEach((p, i) => updateElements(p, (data) => data.set(saved[i] as never)));
  }

  /** Not used: step() updates all parameters at once. */
  protected update(): void {
    throw new Error('LBFGS updates its parameters in step()');
  }

  /**
   * Runs up to max_iter L-BFGS iterations. `closure` (required) zeroes the gradients, computes the loss,
   * calls backward() and returns the loss; step returns what its first call returned.
   */
  override step<L = Tensor>(closure?: () => L): L | undefined {
    if (closure === undefined) throw new TypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
    if (typeof closure !== 'function') throw new TypeError(`LBFGS.step(): 'closure' must be a function, but got ${typeName(closure)}`);
    const evaluate = () => lossValue(enable_grad(closure));
    const group = this.param_groups[0];
    const { lr, max_iter, tolerance_grad, tolerance_change, line_search_fn, history_size } = group;
    const max_eval = group.max_eval as number;

    let state = this.state.get(this.params[0]);
    if (!state) this.state.set(this.params[0], (state = {}));
    state.func_evals ??= 0;
    state.n_iter ??= 0;

    // the loss and gradient at the start
    const origLoss = enable_grad(closure);
    let loss = lossValue(origLoss);
    let currentEvals = 1;
    state.func_evals += 1;
    let flatGrad = this.gatherFlatGrad();
    let optCond = absMax(flatGrad) <= tolerance_grad;
    if (optCond) return origLoss; // already optimal

    let { d, t, old_dirs: oldDirs, old_stps: oldStps, ro, H_diag, prev_flat_grad: prevFlatGrad, prev_loss } = state;
    let nIter = 0;
    while (nIter < max_iter) {
      nIter++;
      state.n_iter++;

      // the descent direction
      if (state.n_iter === 1) {
        d = this.vector(flatGrad, (g) => -g);
        [oldDirs, oldStps, ro, H_diag] = [[], [], [], 1];
      } else {
        // update the history with the last step s and the gradient's change y
        const [previous, step, before] = [prevFlatGrad!._storage, t!, d!];
        const y = this.vector(flatGrad, (g, i) => g - previous[i]);
        const s = this.vector(before, (v) => v * step);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (oldDirs!.length === history_size) {
            oldDirs!.shift();
            oldStps!.shift();
            ro!.shift();
          }
          oldDirs!.push(y);
          oldStps!.push(s);
          ro!.push(1 / ys);
          H_diag = ys / dot(y, y);
        }
        // the two-loop recursion: the approximate inverse Hessian times the gradient
        const al = (state.al ??= new Array<number | null>(history_size).fill(null));
        const q = this.vector(flatGrad, (g) => -g);
        for (let i = oldDirs!.length - 1; i >= 0; i--) {
          const a = (al[i] = dot(oldStps![i], q) * ro![i]);
          axpy(q, -a, oldDirs![i]);
        }
        const hDiag = H_diag!;
        d = this.vector(q, (v) => v * hDiag);
        for (let i = 0; i < oldDirs!.length; i++) axpy(d, (al[i] as number) - dot(oldDirs![i], d) * ro![i], oldStps![i]);
      }
      if (prevFlatGrad === undefined) prevFlatGrad = this.vector(flatGrad, (g) => g);
      else prevFlatGrad._storage.set(flatGrad._storage as never);
      prev_loss = loss;

      // the step length: a guess, refined by the line search if any
      t = state.n_iter === 1 ? pyMin(1, 1 / absSum(flatGrad)) * lr : lr;
      const gtd = dot(flatGrad, d);
      if (gtd > -tolerance_change) break; // the directional derivative is below tolerance

      let lsFuncEvals = 0;
      if (line_search_fn !== null && line_search_fn !== undefined) {
        if (line_search_fn !== 'strong_wolfe') throw new Error("only 'strong_wolfe' is supported");
        const xInit = this.cloneParams();
        const direction = d;
        const objective: Objective = (step) => {
          this.addGrad(step, direction);
          const value = evaluate();
          const grad = this.gatherFlatGrad();
          this.setParams(xInit);
          return [value, grad];
        };
        ({ loss, flatGrad, t, evals: lsFuncEvals } = strongWolfe(objective, t, d, loss, flatGrad, gtd));
        this.addGrad(t, d);
        optCond = absMax(flatGrad) <= tolerance_grad;
      } else {
        // a fixed step; the function is re-evaluated unless this is the last iteration (stochastic settings
        // gain nothing from it)
        this.addGrad(t, d);
        if (nIter !== max_iter) {
          loss = evaluate();
          flatGrad = this.gatherFlatGrad();
          optCond = absMax(flatGrad) <= tolerance_grad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.func_evals += lsFuncEvals;

      // stopping conditions
      if (nIter === max_iter || currentEvals >= max_eval || optCond) break;
      const step = t;
      if (absMax(this.vector(d, (v) => v * step)) <= tolerance_change) break; // no progress in the parameters
      if (Math.abs(loss - prev_loss) < tolerance_change) break; // nor in the loss
    }

    Object.assign(state, { d, t, old_dirs: oldDirs, old_stps: oldStps, ro, H_diag, prev_flat_grad: prevFlatGrad, prev_loss });
    return origLoss;
  }
}
