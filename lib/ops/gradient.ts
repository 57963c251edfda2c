// torch.gradient: PyTorch 1.13's finite differences (second-order accurate central differences inside, first- or
// second-order one-sided ones at the edges), composed of slices and arithmetic as ATen's, so it is differentiable
// (w.r.t. the input and, for coordinate spacings, the coordinates) and rounds as ATen does.
import { getDefaultDtype, isFloating } from '../dtype';
import { normalizeDim } from '../shape';
import { Tensor, checkTensor, typeName } from '../tensor';
import { checkKeywords, checkArgs, isOptions } from '../args';
import { cast, cat, narrow, reshape } from './shape';
import { add, div, mul, neg, sub } from './elementwise';
import { diff } from './stats';

export interface GradientOptions {
  /** One scalar for every dim, a scalar per dim, or a 1-D tensor of coordinates per dim (default 1). */
  spacing?: number | readonly number[] | readonly Tensor[];
  /** The dim or dims to differentiate along (default all). */
  dim?: number | readonly number[] | null;
  /** 1 or 2: the accuracy order of the one-sided differences at the edges (default 1). */
  edge_order?: number;
}

const OP = 'gradient';
const err = (m: string) => new RangeError(`torch.gradient ${m}`);

/** x[start:end] along d, negative positions counting from the end (python slicing of a long-enough dim). */
function sl(x: Tensor, d: number, start: number, end?: number): Tensor {
  const n = x.shape[d];
  const s = start < 0 ? n + start : start;
  const e = end === undefined ? n : end < 0 ? n + end : end;
  return narrow(x, d, s, Math.max(0, e - s));
}

/** ATen's gradient_helper_float: uniform spacing h along d. */
function uniform(x: Tensor, d: number, h: number, edgeOrder: number): Tensor {
  const center = div(div(sub(sl(x, d, 2), sl(x, d, 0, -2)), h), 2);
  let prepend: Tensor, append: Tensor;
  if (edgeOrder === 1) {
    prepend = div(sub(sl(x, d, 1, 2), sl(x, d, 0, 1)), h);
    append = div(sub(sl(x, d, -1), sl(x, d, -2, -1)), h);
  } else {
    prepend = div(sub(add(mul(sl(x, d, 0, 1), -1.5), mul(sl(x, d, 1, 2), 2)), mul(sl(x, d, 2, 3), 0.5)), h);
    append = div(add(sub(mul(sl(x, d, -3, -2), 0.5), mul(sl(x, d, -2, -1), 2)), mul(sl(x, d, -1), 1.5)), h);
  }
  return cat([prepend, center, append], d);
}

/** ATen's gradient_helper: coordinates along d (non-uniform spacing). */
function coordinates(x: Tensor, coord: Tensor, d: number, edgeOrder: number): Tensor {
  const c = isFloating(coord.dtype) ? coord : cast(coord, getDefaultDtype());
  const shape = x.shape.map(() => 1);
  shape[d] = -1;
  const dx = diff(c, 1, 0);
  const dx1 = sl(dx, 0, 0, -1);
  const dx2 = sl(dx, 0, 1);
  const a = reshape(div(neg(dx2), mul(dx1, add(dx1, dx2))), shape);
  const b = reshape(div(sub(dx2, dx1), mul(dx1, dx2)), shape);
  const cc = reshape(div(dx1, mul(dx2, add(dx1, dx2))), shape);
  const center = add(add(mul(a, sl(x, d, 0, -2)), mul(b, sl(x, d, 1, -1))), mul(cc, sl(x, d, 2)));
  const at = (i: number) => reshape(sl(dx, 0, i, i === -1 ? undefined : i + 1), []);
  let prepend: Tensor, append: Tensor;
  if (edgeOrder === 1) {
    prepend = div(sub(sl(x, d, 1, 2), sl(x, d, 0, 1)), at(0));
    append = div(sub(sl(x, d, -1), sl(x, d, -2, -1)), at(-1));
  } else {
    const [h0, h1, hl, hm] = [at(0), at(1), at(-1), at(-2)];
    const pa = div(neg(add(mul(h0, 2), h1)), mul(h0, add(h0, h1)));
    const pb = div(add(h0, h1), mul(h0, h1));
    const pc = div(neg(h0), mul(h1, add(h0, h1)));
    prepend = add(add(mul(pa, sl(x, d, 0, 1)), mul(pb, sl(x, d, 1, 2))), mul(pc, sl(x, d, 2, 3)));
    const qa = div(hl, mul(hm, add(hl, hm)));
    const qb = div(neg(add(hl, hm)), mul(hl, hm));
    const qc = div(add(mul(hl, 2), hm), mul(hl, add(hl, hm)));
    append = add(add(mul(qa, sl(x, d, -3, -2)), mul(qb, sl(x, d, -2, -1))), mul(qc, sl(x, d, -1)));
  }
  return cat([prepend, center, append], d);
}

/**
 * torch.gradient(input, { spacing = 1, dim = null, edge_order = 1 }): the derivative of the samples in input along
 * each dim (all by default), one tensor per dim. Inside, (f[i+1] - f[i-1]) / 2h, or for coordinates PyTorch's
 * (NumPy's) non-uniform second-order formula; at the edges one-sided differences of order edge_order. spacing is a
 * scalar for every dim, a list of scalars (one per dim) or a list of 1-D coordinate tensors (one per dim, as long as
 * the dim). Integer inputs give results in the default dtype.
 */
export function gradient(input: Tensor, options?: GradientOptions): Tensor[] {
  checkArgs(OP, arguments, 1, ['spacing', 'dim', 'edge_order']);
  let x = checkTensor(OP, input);
  if (options !== undefined && !isOptions(options)) throw new TypeError(`gradient() takes 1 positional argument but 2 were given`);
  checkKeywords(OP, options, ['spacing', 'dim', 'edge_order']);
  const { spacing = 1, dim = null, edge_order: edgeOrder = 1 } = options ?? {};
  if (edgeOrder !== 1 && edgeOrder !== 2) throw err('only supports edge_order=1 and edge_order=2.');
  let dims: number[];
  if (dim === null) dims = x.shape.map((_, i) => i);
  else if (typeof dim === 'number') dims = [normalizeDim(OP, dim, x.dim())];
  else if (Array.isArray(dim)) dims = dim.map((v) => normalizeDim(OP, v, x.dim()));
  else throw new TypeError(`gradient(): argument 'dim' must be int or tuple of ints, not ${typeName(dim)}`);
  dims.forEach((v, i) => {
    if (dims.indexOf(v) !== i) throw new RangeError(`gradient(): dim ${v} appears multiple times in the list of dims`);
  });
  let steps: (number | Tensor)[];
  if (typeof spacing === 'number') steps = dims.map(() => spacing);
  else if (Array.isArray(spacing)) {
    if (spacing.length !== dims.length) {
      throw err(dim === null
        ? `expected spacing to be unspecified, a scalar or a list of length ${x.dim()} but got a list of length ${spacing.length}`
        : `expected spacing to be unspecified, a scalar or it's spacing and dim arguments to have the same length, but got a spacing argument of length ${spacing.length} and a dim argument of length ${dims.length}.`);
    }
    steps = spacing.map((s: unknown) => {
      if (typeof s === 'number' || s instanceof Tensor) return s;
      throw new TypeError(`gradient(): argument 'spacing' must be a number, a list of numbers or a list of Tensors, not a list holding ${typeName(s)}`);
    });
    if (steps.some((s) => s instanceof Tensor) && !steps.every((s) => s instanceof Tensor)) {
      throw new TypeError(`gradient(): argument 'spacing' must be a list of numbers or a list of Tensors, not a mix`);
    }
  } else throw new TypeError(`gradient(): argument 'spacing' must be a number, a list of numbers or a list of Tensors, not ${typeName(spacing)}`);
  for (const d of dims) if (x.shape[d] < edgeOrder + 1) throw err('expected each dimension size to be at least edge_order+1');
  if (!isFloating(x.dtype)) x = cast(x, getDefaultDtype());
  return dims.map((d, i) => {
    const s = steps[i];
    if (typeof s === 'number') return uniform(x, d, s, edgeOrder);
    if (s.dim() !== 1) throw err(`expected each element of spacing to have one dimension, but got an element with ${s.dim()} dimensions!`);
    if (s.shape[0] !== x.shape[d]) throw err(`expected each tensor of coordinates to have as many elements as the dimension ${d} it spans (${x.shape[d]}), but got ${s.shape[0]}`);
    return coordinates(x, s, d, edgeOrder);
  });
}
