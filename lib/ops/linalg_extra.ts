// PyTorch's products and diagonal ops, composed from matmul and broadcasting ops (so autograd and both backends
// come for free): einsum, addmm & co., mv, inner, vdot, kron, tensordot, multi_dot, cross, cdist, trace, diag,
// diagflat, diag_embed, diagonal (a strided view, as in PyTorch), tril_indices / triu_indices.
import { autocastFloat32, autocastLower, is_autocast_cpu_enabled, outsideAutocast } from '../autocast';
import { broadcastShapes, fmtShape, normalizeDim, numelOf } from '../shape';
import { isFloating } from '../dtype';
import { B } from '../backend';
import { record } from '../autograd';
import { Tensor, checkTensor, typeName } from '../tensor';
import { checkArgs, isOptions, resolveArgs } from '../args';
import { add, abs, compare, div, mul, sub, where } from './elementwise';
import { amax, sum } from './reduce';
import { copy_, expand, permute, reshape, sumToShape, unsqueeze } from './shape';
import { index_select } from './indexing';
import { matmul } from './linalg';
import { sign } from './math';
import { warnOnce } from '../utils/warnings';

const longTensor = (values: number[], shape = [values.length]) => new Tensor(Float64Array.from(values), shape, 'int64');

// ------------------------------------------------------------------------------------------------- einsum

/** A letter's index in PyTorch's order: 'A'..'Z' before 'a'..'z' (the implicit output is sorted this way). */
function letterRank(c: string): number {
  return c <= 'Z' ? c.charCodeAt(0) - 65 : c.charCodeAt(0) - 97 + 26;
}

/** One side of an equation as its subscripts, '.' standing for the ellipsis ('...'). */
function parseTerm(term: string, offset: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === '.') {
      if (term.slice(i, i + 3) !== '...' || out.includes('.')) throw new RangeError('einsum(): found \'.\' for operand that is not part of any ellipsis');
      out.push('.');
      i += 2;
    } else if (/[a-zA-Z]/.test(c)) out.push(c);
    else if (c !== ' ') throw new RangeError(`einsum(): invalid subscript given at index ${offset + i} in the equation string, subscripts must be in [a-zA-Z]`);
  }
  return out;
}

/**
 * torch.einsum(equation, *operands) (or the operands as one list): sums of products over the subscripts left out
 * of the output. Repeated subscripts of one operand take its diagonal; '...' broadcasts; without '->' the output
 * is the ellipsis dims then the subscripts seen once, in PyTorch's order. Operands are multiplied one at a time,
 * each subscript summed out as soon as no later operand and not the output uses it.
 */
export function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
  if (typeof equation !== 'string') throw new TypeError(`einsum(): argument 'equation' (position 1) must be str, not ${typeName(equation)}`);
  let ops = (operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands) as Tensor[];
  ops.forEach((t, i) => checkTensor('einsum', t, 'operands', i + 2));
  ops = autocastLower<Tensor[]>(ops) ?? ops; // PyTorch's einsum contracts with bmm, which autocast makes bfloat16
  const arrow = equation.indexOf('->');
  const lhs = arrow < 0 ? equation : equation.slice(0, arrow);
  const terms = lhs.split(',');
  let offset = 0;
  const inputs = terms.map((term) => {
    const parsed = parseTerm(term, offset);
    offset += term.length + 1;
    return parsed;
  });
  if (ops.length < inputs.length) throw new RangeError('einsum(): fewer operands were provided than specified in the equation');
  if (ops.length > inputs.length) throw new RangeError('einsum(): more operands were provided than specified in the equation');
  // each operand's subscripts with its ellipsis spelled out as numbered dims ('0', '1', ... right-aligned)
  let ellipsisRank = 0;
  inputs.forEach((subs, i) => {
    const t = ops[i];
    const letters = subs.filter((s) => s !== '.').length;
    if (subs.includes('.') ? t.dim() < letters : t.dim() !== letters) {
      throw new RangeError(
        subs.includes('.')
          ? `einsum(): the number of subscripts in the equation (${letters}) is more than the number of dimensions (${t.dim()}) for operand ${i}`
          : `einsum(): the number of subscripts in the equation (${letters}) does not match the number of dimensions (${t.dim()}) for operand ${i} and no ellipsis was given`,
      );
    }
    if (subs.includes('.')) ellipsisRank = Math.max(ellipsisRank, t.dim() - letters);
  });
  const ellipsisDims = Array.from({ length: ellipsisRank }, (_, k) => String(k));
  const expanded = inputs.map((subs, i) => {
    const k = ops[i].dim() - (subs.length - (subs.includes('.') ? 1 : 0));
    return subs.flatMap((s) => (s === '.' ? ellipsisDims.slice(ellipsisRank - k) : [s]));
  });
  let output: string[];
  if (arrow >= 0) {
    const rhs = parseTerm(equation.slice(arrow + 2), arrow + 2);
    for (const [i, s] of rhs.entries()) {
      if (s === '.') continue;
      if (rhs.indexOf(s) !== i) throw new RangeError(`einsum(): output subscript ${s} appears more than once in the output`);
      if (!inputs.some((subs) => subs.includes(s))) throw new RangeError(`einsum(): output subscript ${s} does not appear in the equation for any input operand`);
    }
    output = rhs.flatMap((s) => (s === '.' ? ellipsisDims : [s]));
  } else {
    const counts = new Map<string, number>();
    for (const subs of inputs) for (const s of subs) if (s !== '.') counts.set(s, (counts.get(s) ?? 0) + 1);
    const once = [...counts].filter(([, n]) => n === 1).map(([s]) => s);
    output = [...ellipsisDims, ...once.sort((a, b) => letterRank(a) - letterRank(b))];
  }
  // every subscript's size, checking operands agree (size 1 broadcasts)
  const sizes = new Map<string, number>();
  const prepared = expanded.map((subs, i) => {
    const [t, own] = takeDiagonals(ops[i], subs, i);
    own.forEach((s, d) => {
      const n = t.shape[d];
      const seen = sizes.get(s);
      if (seen === undefined || seen === 1) sizes.set(s, n);
      else if (n !== 1 && n !== seen) {
        throw new RangeError(
          /^\d+$/.test(s)
            ? `einsum(): operands do not broadcast with remapped shapes (original->remapped)`
            : `einsum(): subscript ${s} has size ${n} for operand ${i} which does not broadcast with previously seen size ${seen}`,
        );
      }
    });
    return { t, subs: own };
  });
  // multiply the operands in, summing out each subscript after its last use
  let acc: Tensor | null = null;
  let accSubs: string[] = [];
  prepared.forEach(({ t, subs }, i) => {
    if (acc === null) [acc, accSubs] = [t, subs];
    else {
      const all = [...accSubs, ...subs.filter((s) => !accSubs.includes(s))];
      acc = mul(alignTo(acc, accSubs, all), alignTo(t, subs, all));
      accSubs = all;
    }
    const later = new Set([...output, ...prepared.slice(i + 1).flatMap((p) => p.subs)]);
    const done = accSubs.map((s, d) => [s, d] as const).filter(([s]) => !later.has(s));
    if (done.length) {
      acc = sum(acc, done.map(([, d]) => d));
      accSubs = accSubs.filter((s) => later.has(s));
    }
  });
  // broadcast size-1 dims up to the subscripts' sizes (a size-1 operand dim whose subscript is in the output)
  const result = alignTo(acc!, accSubs, output);
  const shape = output.map((s) => sizes.get(s)!);
  return result.shape.every((n, d) => n === shape[d]) ? result : expand(result, shape);
}

/** t with its repeated subscripts reduced to their diagonal, and the subscripts left (each once). */
function takeDiagonals(t: Tensor, subs: string[], operand: number): [Tensor, string[]] {
  let own = [...subs];
  for (;;) {
    const d2 = own.findIndex((s, d) => own.indexOf(s) !== d);
    if (d2 < 0) return [t, own];
    const d1 = own.indexOf(own[d2]);
    if (t.shape[d1] !== t.shape[d2]) {
      throw new RangeError(`einsum(): subscript ${own[d2]} is repeated for operand ${operand} but the sizes don't match, ${t.shape[d2]} != ${t.shape[d1]}`);
    }
    // diagonal() puts the diagonal last; move it back to d1
    const s = own[d1];
    t = diagonal(t, 0, d1, d2);
    own = own.filter((_, d) => d !== d1 && d !== d2);
    own.push(s);
  }
}

/** t (dims named `subs`) permuted and unsqueezed so its dims line up with `all` (missing ones of size 1). */
function alignTo(t: Tensor, subs: string[], all: string[]): Tensor {
  const order = all.filter((s) => subs.includes(s)).map((s) => subs.indexOf(s));
  let out = order.every((d, i) => d === i) ? t : permute(t, order);
  const shape = all.map((s) => (subs.includes(s) ? t.shape[subs.indexOf(s)] : 1));
  if (shape.length !== out.dim()) out = reshape(out, shape);
  return out;
}

// --------------------------------------------------------------------------------------- add-products

interface ScaleOptions {
  beta?: number;
  alpha?: number;
}

/** beta * input + alpha * product, with PyTorch's rule that beta = 0 ignores input (its NaNs too). */
function scaledSum(input: Tensor, product: Tensor, opts: ScaleOptions | undefined): Tensor {
  const beta = opts?.beta ?? 1;
  const alpha = opts?.alpha ?? 1;
  const scaled = alpha === 1 ? product : mul(product, alpha);
  const base = expand(input, product.shape);
  // (where() keeps input in the graph, with a zero gradient, as PyTorch does)
  if (beta === 0) return add(where(new Tensor(Uint8Array.of(1), [], 'bool'), 0, base), scaled);
  return add(beta === 1 ? base : mul(base, beta), scaled);
}

function checkScale(op: string, args: IArguments, operands: number): ScaleOptions | undefined {
  checkArgs(op, args, operands, ['beta', 'alpha'], operands);
  const opts = args[operands] as ScaleOptions | undefined;
  if (opts !== undefined && !isOptions(opts)) throw new TypeError(`${op}() takes ${operands} positional arguments but ${args.length} were given`);
  for (const k of ['beta', 'alpha'] as const) {
    const v = opts?.[k];
    if (v !== undefined && typeof v !== 'number') throw new TypeError(`${op}(): argument '${k}' must be Number, not ${typeName(v)}`);
  }
  return opts;
}

function checkSameDtype(op: string, ...ts: Tensor[]): void {
  for (const t of ts.slice(1)) {
    if (t.dtype !== ts[0].dtype) throw new TypeError(`${op}(): expected all operands to have the same dtype, but got ${ts[0].dtype} and ${t.dtype}`);
  }
}

function needDim(op: string, t: Tensor, dim: number, what: string): void {
  if (t.dim() !== dim) throw new RangeError(`${op}(): ${what} must be a ${dim === 1 ? 'vector' : dim === 2 ? 'matrix' : '3D tensor'}, got ${t.dim()}-D tensor`);
}

function mmShapes(op: string, a: Tensor, b: Tensor): void {
  if (a.shape[a.dim() - 1] !== b.shape[b.dim() - 2]) {
    throw new RangeError(`${op}(): mat1 and mat2 shapes cannot be multiplied (${a.shape.slice(-2).join('x')} and ${b.shape.slice(-2).join('x')})`);
  }
}

/** torch.addmm(input, mat1, mat2, *, beta = 1, alpha = 1): beta * input + alpha * (mat1 @ mat2). */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, options?: ScaleOptions): Tensor {
  const low = autocastLower<Parameters<typeof addmm>>(arguments);
  if (low) return addmm(...low);
  const opts = checkScale('addmm', arguments, 3);
  checkTensor('addmm', input);
  checkTensor('addmm', mat1, 'mat1', 2);
  checkTensor('addmm', mat2, 'mat2', 3);
  needDim('addmm', mat1, 2, 'mat1');
  needDim('addmm', mat2, 2, 'mat2');
  checkSameDtype('addmm', input, mat1, mat2);
  mmShapes('addmm', mat1, mat2);
  return scaledSum(input, matmul(mat1, mat2), opts ?? options);
}

/** torch.addmv(input, mat, vec, *, beta = 1, alpha = 1): beta * input + alpha * (mat @ vec). */
export function addmv(input: Tensor, mat: Tensor, vec: Tensor, options?: ScaleOptions): Tensor {
  const opts = checkScale('addmv', arguments, 3);
  checkTensor('addmv', input);
  checkTensor('addmv', mat, 'mat', 2);
  checkTensor('addmv', vec, 'vec', 3);
  checkSameDtype('addmv', input, mat, vec);
  return scaledSum(input, mv(mat, vec), opts ?? options);
}

/** torch.addr(input, vec1, vec2, *, beta = 1, alpha = 1): beta * input + alpha * outer(vec1, vec2). */
export function addr(input: Tensor, vec1: Tensor, vec2: Tensor, options?: ScaleOptions): Tensor {
  const opts = checkScale('addr', arguments, 3);
  checkTensor('addr', input);
  checkTensor('addr', vec1, 'vec1', 2);
  checkTensor('addr', vec2, 'vec2', 3);
  if (vec1.dim() !== 1 || vec2.dim() !== 1) throw new RangeError(`addr: Expected 1-D argument vec1, but got ${vec1.dim()}-D`);
  checkSameDtype('addr', input, vec1, vec2);
  return scaledSum(input, mul(unsqueeze(vec1, 1), unsqueeze(vec2, 0)), opts ?? options);
}

function checkBatches(op: string, b1: Tensor, b2: Tensor): void {
  if (b1.dim() !== 3) throw new RangeError(`${op}(): batch1 must be a 3D tensor`);
  if (b2.dim() !== 3) throw new RangeError(`${op}(): batch2 must be a 3D tensor`);
  if (b1.shape[0] !== b2.shape[0]) throw new RangeError(`${op}(): batch1 and batch2 must have same number of batches, got ${b1.shape[0]} and ${b2.shape[0]}`);
  if (b1.shape[2] !== b2.shape[1]) {
    throw new RangeError(`${op}(): Incompatible matrix sizes for bmm (${b1.shape[1]}x${b1.shape[2]} and ${b2.shape[1]}x${b2.shape[2]})`);
  }
}

/** torch.addbmm(input, batch1, batch2, *, beta = 1, alpha = 1): beta * input + alpha * sum_b(batch1[b] @ batch2[b]). */
export function addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, options?: ScaleOptions): Tensor {
  const low = autocastLower<Parameters<typeof addbmm>>(arguments);
  if (low) return addbmm(...low);
  const opts = checkScale('addbmm', arguments, 3);
  checkTensor('addbmm', input);
  checkTensor('addbmm', batch1, 'batch1', 2);
  checkTensor('addbmm', batch2, 'batch2', 3);
  checkBatches('addbmm', batch1, batch2);
  checkSameDtype('addbmm', input, batch1, batch2);
  return scaledSum(input, sum(matmul(batch1, batch2), 0), opts ?? options);
}

/** torch.baddbmm(input, batch1, batch2, *, beta = 1, alpha = 1): beta * input + alpha * (batch1 @ batch2). */
export function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, options?: ScaleOptions): Tensor {
  const low = autocastLower<Parameters<typeof baddbmm>>(arguments);
  if (low) return baddbmm(...low);
  const opts = checkScale('baddbmm', arguments, 3);
  checkTensor('baddbmm', input);
  checkTensor('baddbmm', batch1, 'batch1', 2);
  checkTensor('baddbmm', batch2, 'batch2', 3);
  checkBatches('baddbmm', batch1, batch2);
  checkSameDtype('baddbmm', input, batch1, batch2);
  return scaledSum(input, matmul(batch1, batch2), opts ?? options);
}

// ----------------------------------------------------------------------------------------- products

/** torch.mv(input, vec): matrix @ vector. */
export function mv(input: Tensor, vec: Tensor): Tensor {
  checkArgs('mv', arguments, 2, [], 2);
  checkTensor('mv', input);
  checkTensor('mv', vec, 'vec', 2);
  if (input.dim() !== 2 || vec.dim() !== 1) throw new RangeError(`vector + matrix @ vector expected, got ${input.dim()}, ${vec.dim()}, 1`);
  if (input.shape[1] !== vec.shape[0]) throw new RangeError(`size mismatch, got ${input.shape[0]}, ${input.shape[0]}x${input.shape[1]},${vec.shape[0]}`);
  checkSameDtype('mv', input, vec);
  return outsideAutocast(() => matmul(input, vec)); // not a bfloat16 op of CPU autocast in PyTorch 1.13
}

/** torch.ger(input, vec2): outer (its older name). */
export function ger(input: Tensor, vec2: Tensor): Tensor {
  checkArgs('ger', arguments, 2, [], 2);
  checkTensor('ger', input);
  checkTensor('ger', vec2, 'vec2', 2);
  if (input.dim() !== 1 || vec2.dim() !== 1) throw new RangeError(`outer: Expected 1-D argument self, but got ${input.dim()}-D`);
  return mul(unsqueeze(input, 1), unsqueeze(vec2, 0));
}

/** torch.vdot(input, other): the dot product of two 1-D tensors (the first conjugated: real tensors here). */
export function vdot(input: Tensor, other: Tensor): Tensor {
  checkArgs('vdot', arguments, 2, [], 2);
  checkTensor('vdot', input);
  checkTensor('vdot', other, 'other', 2);
  if (input.dim() !== 1 || other.dim() !== 1) throw new RangeError(`1D tensors expected, but got ${input.dim()}D and ${other.dim()}D tensors`);
  if (input.shape[0] !== other.shape[0]) {
    throw new RangeError(`inconsistent tensor size, expected tensor [${input.shape[0]}] and src [${other.shape[0]}] to have the same number of elements, but got ${input.shape[0]} and ${other.shape[0]} elements respectively`);
  }
  checkSameDtype('vdot', input, other);
  return matmul(input, other);
}

/** torch.inner(input, other): sums of products over the last dims ([...a, n] and [...b, n] give [...a, ...b]). */
export function inner(input: Tensor, other: Tensor): Tensor {
  checkArgs('inner', arguments, 2, [], 2);
  checkTensor('inner', input);
  checkTensor('inner', other, 'other', 2);
  if (input.dim() === 0 || other.dim() === 0) return mul(input, other);
  const n = input.shape[input.dim() - 1];
  if (other.shape[other.dim() - 1] !== n) {
    throw new RangeError(`inner() the last dimension must match on both input tensors but got shapes ${fmtShape(input.shape)} and ${fmtShape(other.shape)}`);
  }
  return tensordot(input, other, [[-1], [-1]]);
}

/** torch.kron(input, other): the Kronecker product (dims aligned from the right). */
export function kron(input: Tensor, other: Tensor): Tensor {
  checkArgs('kron', arguments, 2, [], 2);
  checkTensor('kron', input);
  checkTensor('kron', other, 'other', 2);
  const rank = Math.max(input.dim(), other.dim());
  const pad = (t: Tensor) => [...Array(rank - t.dim()).fill(1), ...t.shape] as number[];
  const [sa, sb] = [pad(input), pad(other)];
  // a[i] * b[j] placed at i * size_b + j: interleave a's and b's dims, multiply, merge each pair
  const a = reshape(input, sa.flatMap((n) => [n, 1]));
  const b = reshape(other, sb.flatMap((n) => [1, n]));
  return reshape(mul(a, b), sa.map((n, d) => n * sb[d]));
}

type TensordotDims = number | readonly [readonly number[] | number, readonly number[] | number];

/** torch.tensordot(a, b, dims = 2): contracts a's last dims with b's first (an int), or the listed pairs of dims. */
export function tensordot(a: Tensor, b: Tensor, dims: TensordotDims | { dims?: TensordotDims } = 2): Tensor {
  checkArgs('tensordot', arguments, 3, ['dims'], 2);
  checkTensor('tensordot', a, 'a');
  checkTensor('tensordot', b, 'b', 2);
  if (isOptions(dims)) dims = (dims as { dims?: TensordotDims }).dims ?? 2;
  let da: number[];
  let db: number[];
  if (typeof dims === 'number') {
    if (!Number.isInteger(dims)) throw new TypeError(`tensordot(): argument 'dims' must be int or a pair of lists, not ${typeName(dims)}`);
    if (dims < 0) throw new RangeError(`tensordot expects dims >= 0, but got dims=${dims}`);
    if (dims > a.dim() || dims > b.dim()) throw new RangeError(`tensordot expects dims < ndim_a or ndim_b, but got dims=${dims}`);
    da = Array.from({ length: dims }, (_, i) => a.dim() - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else if (Array.isArray(dims) && dims.length === 2) {
    const list = (v: unknown) => (Array.isArray(v) ? (v as number[]) : [v as number]);
    da = list(dims[0]).map((d) => normalizeDim('tensordot', d, a.dim()));
    db = list(dims[1]).map((d) => normalizeDim('tensordot', d, b.dim()));
    if (da.length !== db.length) throw new RangeError('both dimension lists should have same length');
  } else throw new TypeError(`tensordot(): argument 'dims' must be int or a pair of lists, not ${typeName(dims)}`);
  da.forEach((d, i) => {
    if (a.shape[d] !== b.shape[db[i]]) {
      throw new RangeError(`contracted dimensions need to match, but first has size ${a.shape[d]} in dim ${d} and second has size ${b.shape[db[i]]} in dim ${db[i]}`);
    }
  });
  const freeA = a.shape.map((_, d) => d).filter((d) => !da.includes(d));
  const freeB = b.shape.map((_, d) => d).filter((d) => !db.includes(d));
  const k = numelOf(da.map((d) => a.shape[d]));
  const am = reshape(permute(a, [...freeA, ...da]), [numelOf(freeA.map((d) => a.shape[d])), k]);
  const bm = reshape(permute(b, [...db, ...freeB]), [k, numelOf(freeB.map((d) => b.shape[d]))]);
  return reshape(matmul(am, bm), [...freeA.map((d) => a.shape[d]), ...freeB.map((d) => b.shape[d])]);
}

/** torch.linalg.multi_dot(tensors): the product of a list of matrices (the first and the last may be vectors). */
export function multi_dot(tensors: readonly Tensor[]): Tensor {
  checkArgs('linalg_multi_dot', arguments, 1, [], 1);
  if (!Array.isArray(tensors)) throw new TypeError(`linalg_multi_dot(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(tensors)}`);
  tensors.forEach((t, i) => checkTensor('linalg_multi_dot', t, `tensors[${i}]`, 1));
  const n = tensors.length;
  if (n < 2) throw new RangeError(`multi_dot(): expected at least 2 tensors but got ${n}`);
  tensors.forEach((t, i) => {
    const ok = i === 0 || i === n - 1 ? t.dim() === 1 || t.dim() === 2 : t.dim() === 2;
    if (!ok) {
      throw new RangeError(
        i === 0 ? `multi_dot(): the first tensor must be 1D or 2D but got ${t.dim()}D`
          : i === n - 1 ? `multi_dot(): the last tensor must be 1D or 2D but got ${t.dim()}D`
            : `multi_dot(): tensor ${i} must be 2D but got ${t.dim()}D`,
      );
    }
  });
  const first = tensors[0].dim() === 1 ? unsqueeze(tensors[0], 0) : tensors[0];
  const last = tensors[n - 1].dim() === 1 ? unsqueeze(tensors[n - 1], 1) : tensors[n - 1];
  const mats = [first, ...tensors.slice(1, -1), last];
  for (let i = 1; i < n; i++) {
    if (mats[i - 1].shape[1] !== mats[i].shape[0]) {
      throw new RangeError(`multi_dot(): tensors ${i - 1} and ${i} with shapes ${fmtShape(tensors[i - 1].shape)} and ${fmtShape(tensors[i].shape)} cannot be multiplied`);
    }
  }
  let out = mats[0];
  for (let i = 1; i < n; i++) out = matmul(out, mats[i]);
  if (tensors[n - 1].dim() === 1) out = reshape(out, out.shape.slice(0, -1));
  if (tensors[0].dim() === 1) out = reshape(out, out.shape.slice(1));
  return out;
}

/** torch.chain_matmul(*matrices): deprecated in PyTorch 1.13 for linalg.multi_dot (all matrices 2-D). */
export function chain_matmul(...matrices: Tensor[]): Tensor {
  matrices.forEach((t, i) => checkTensor('chain_matmul', t, 'matrices', i + 1));
  warnOnce(
    'torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple parameters.',
  );
  if (matrices.length === 0) throw new TypeError('chain_matmul(): Expected one or more matrices');
  matrices.forEach((t) => {
    if (t.dim() !== 2) throw new RangeError(`Tensor dimension is ${t.dim()}, expected 2 instead.`);
  });
  if (matrices.length === 1) return matrices[0].clone();
  return multi_dot(matrices);
}

// ------------------------------------------------------------------------------------------- cross

/** torch.linalg.cross(input, other, *, dim = -1): cross products of 3-vectors along dim (operands broadcast). */
export function linalg_cross(input: Tensor, other: Tensor, options?: { dim?: number }): Tensor {
  checkArgs('linalg_cross', arguments, 2, ['dim'], 2);
  checkTensor('linalg_cross', input);
  checkTensor('linalg_cross', other, 'other', 2);
  return crossAlong('linalg.cross', input, other, options?.dim ?? -1);
}

/**
 * torch.cross(input, other, dim = None): as linalg.cross, but without dim, PyTorch 1.13 takes the first dim of
 * size 3 of the broadcast shape (not -1).
 */
export function cross(input: Tensor, other: Tensor, dim?: number | null | { dim?: number | null }): Tensor {
  checkArgs('cross', arguments, 3, ['dim'], 2);
  checkTensor('cross', input);
  checkTensor('cross', other, 'other', 2);
  if (isOptions(dim)) dim = (dim as { dim?: number | null }).dim;
  if (dim === undefined || dim === null) {
    const shape = broadcastShapes('cross', input.shape, other.shape);
    dim = shape.indexOf(3);
    if (dim < 0) throw new RangeError('no dimension of size 3 in input');
  }
  return crossAlong('linalg.cross', input, other, dim as number);
}

function crossAlong(op: string, input: Tensor, other: Tensor, dim: number): Tensor {
  checkTensor(op, input);
  checkTensor(op, other, 'other', 2);
  if (input.dim() !== other.dim()) throw new RangeError(`${op}: inputs must have the same number of dimensions.`);
  const d = normalizeDim(op, dim, input.dim());
  if (input.shape[d] !== 3 || other.shape[d] !== 3) {
    throw new RangeError(`${op}: inputs dimension ${dim} must have length 3. Got ${input.shape[d]} and ${other.shape[d]}`);
  }
  checkSameDtype(op, input, other);
  const shape = broadcastShapes(op, input.shape, other.shape);
  const [a, b] = [expand(input, shape), expand(other, shape)];
  // c_i = a_{i+1} b_{i+2} - a_{i+2} b_{i+1} (indices mod 3)
  const at = (t: Tensor, k: number) => index_select(t, d, longTensor([k % 3, (k + 1) % 3, (k + 2) % 3]));
  return sub(mul(at(a, 1), at(b, 2)), mul(at(a, 2), at(b, 1)));
}

// ------------------------------------------------------------------------------------------- cdist

/**
 * torch.cdist(x1, x2, p = 2): the p-norm distances between each row of x1 [..., P, M] and of x2 [..., R, M].
 * The gradient is PyTorch's: zero where a distance is zero (not 0/0).
 */
export function cdist(x1: Tensor, x2: Tensor, p_: number | { p?: number; compute_mode?: string | null } = 2, compute_mode?: string | null): Tensor {
  // autocast: in float32, and its products too (PyTorch's cdist is one float32 kernel there)
  if (is_autocast_cpu_enabled()) {
    const args = autocastFloat32<Parameters<typeof cdist>>(arguments) ?? ([...arguments] as Parameters<typeof cdist>);
    return outsideAutocast(() => cdist(...args));
  }
  void p_, compute_mode;
  const a = resolveArgs<{ p: number; compute_mode: string | null }>('cdist', ['p', 'compute_mode'], { p: 2, compute_mode: null }, arguments, 2);
  checkTensor('cdist', x1, 'x1');
  checkTensor('cdist', x2, 'x2', 2);
  if (typeof a.p !== 'number') throw new TypeError(`cdist(): argument 'p' (position 3) must be float, not ${typeName(a.p)}`);
  const modes = [null, 'use_mm_for_euclid_dist_if_necessary', 'use_mm_for_euclid_dist', 'donot_use_mm_for_euclid_dist'];
  if (!modes.includes(a.compute_mode)) throw new RangeError(`${String(a.compute_mode)} is not a valid value for compute_mode`);
  if (!isFloating(x1.dtype) || !isFloating(x2.dtype)) throw new TypeError(`cdist only supports floating-point dtypes, X1 got: ${x1.dtype}`);
  if (x1.dim() < 2) throw new RangeError(`cdist only supports at least 2D tensors, X1 got: ${x1.dim()}D`);
  if (x2.dim() < 2) throw new RangeError(`cdist only supports at least 2D tensors, X2 got: ${x2.dim()}D`);
  const m = x1.shape[x1.dim() - 1];
  if (x2.shape[x2.dim() - 1] !== m) throw new RangeError(`X1 and X2 must have the same number of columns. X1: ${m} X2: ${x2.shape[x2.dim() - 1]}`);
  if (!(a.p >= 0)) throw new RangeError('cdist only supports non-negative p values');
  checkSameDtype('cdist', x1, x2);
  const p: number = a.p;
  const diff = sub(unsqueeze(x1.detach(), -2), unsqueeze(x2.detach(), -3)); // [..., P, R, M]
  const ad = abs(diff);
  const dist =
    p === 0 ? sum(compare('ne', ad, 0).to(x1.dtype), -1)
      : p === Infinity ? amax(ad, -1)
        : p === 1 ? sum(ad, -1)
          : p === 2 ? sum(mul(ad, ad), -1).sqrt()
            : sum(ad.pow(p), -1).pow(1 / p);
  return record(dist, 'CdistBackward0', [x1, x2], (g) => {
    const d = unsqueeze(dist, -1);
    const zero = compare('eq', d, 0);
    let w: Tensor; // d dist / d diff
    if (p === 0) w = mul(diff, 0);
    else if (p === 1) w = sign(diff);
    else if (p === Infinity) w = mul(sign(diff), compare('eq', ad, d).to(diff.dtype));
    else if (p === 2) w = div(diff, d.masked_fill(zero, 1));
    else w = div(mul(sign(diff), ad.pow(p - 1)), d.masked_fill(zero, 1).pow(p - 1));
    const gd = where(zero, 0, mul(w, unsqueeze(g, -1)));
    return [
      x1.requires_grad ? sumToShape(sum(gd, -2), x1.shape) : null,
      x2.requires_grad ? sumToShape(mul(sum(gd, -3), -1), x2.shape) : null,
    ];
  });
}

// ------------------------------------------------------------------------------------ diagonals

/**
 * torch.diagonal(input, offset = 0, dim1 = 0, dim2 = 1): the diagonal of the (dim1, dim2) planes as the last dim,
 * a view sharing input's storage (as in PyTorch).
 */
export function diagonal(input: Tensor, offset: number | { offset?: number; dim1?: number; dim2?: number } = 0, dim1 = 0, dim2 = 1): Tensor {
  const a = resolveArgs<{ offset: number; dim1: number; dim2: number }>('diagonal', ['offset', 'dim1', 'dim2'], { offset: 0, dim1: 0, dim2: 1 }, arguments, 1);
  const x = checkTensor('diagonal', input);
  for (const k of ['offset', 'dim1', 'dim2'] as const) {
    if (!Number.isInteger(a[k])) throw new TypeError(`diagonal(): argument '${k}' must be int, not ${typeName(a[k])}`);
  }
  const d1 = normalizeDim('diagonal', a.dim1, x.dim());
  const d2 = normalizeDim('diagonal', a.dim2, x.dim());
  if (d1 === d2) throw new RangeError(`diagonal dimensions cannot be identical ${a.dim1}, ${a.dim2}`);
  return diagonalView(x, a.offset, d1, d2);
}

function diagonalView(x: Tensor, offset: number, d1: number, d2: number): Tensor {
  const len = Math.max(0, offset >= 0 ? Math.min(x.shape[d1], x.shape[d2] - offset) : Math.min(x.shape[d1] + offset, x.shape[d2]));
  let start = x._offset;
  if (len > 0) start += offset >= 0 ? offset * x._strides[d2] : -offset * x._strides[d1];
  const keep = x.shape.map((_, d) => d).filter((d) => d !== d1 && d !== d2);
  const shape = [...keep.map((d) => x.shape[d]), len];
  const strides = [...keep.map((d) => x._strides[d]), x._strides[d1] + x._strides[d2]];
  const out = new Tensor(x._storage, shape, x.dtype, strides, start);
  return record(out, 'DiagonalBackward0', [x], (g) => {
    const z = new Tensor(B.alloc(g.dtype, x.numel(), true), x.shape, g.dtype);
    copy_(diagonalView(z, offset, d1, d2), g.detach());
    return [z];
  });
}

/**
 * torch.diag_embed(input, offset = 0, dim1 = -2, dim2 = -1): each last-dim vector of input placed on the
 * diagonal of a new (dim1, dim2) plane. Composed as input @ (one-hot placement matrix), so it is differentiable.
 */
export function diag_embed(input: Tensor, offset: number | { offset?: number; dim1?: number; dim2?: number } = 0, dim1 = -2, dim2 = -1): Tensor {
  const a = resolveArgs<{ offset: number; dim1: number; dim2: number }>('diag_embed', ['offset', 'dim1', 'dim2'], { offset: 0, dim1: -2, dim2: -1 }, arguments, 1);
  const x = checkTensor('diag_embed', input);
  const rank = x.dim() + 1;
  const d1 = normalizeDim('diag_embed', a.dim1, rank);
  const d2 = normalizeDim('diag_embed', a.dim2, rank);
  if (d1 === d2) throw new RangeError(`diagonal dimensions cannot be identical ${a.dim1}, ${a.dim2}`);
  return embedLast(x, a.offset, d1, d2);
}

/** x's last dim (n) placed on the offset diagonal of an m x m plane (m = n + |offset|) at dims d1, d2 of the result. */
function embedLast(x: Tensor, offset: number, d1: number, d2: number): Tensor {
  const n = x.dim() === 0 ? 1 : x.shape[x.dim() - 1];
  const m = n + Math.abs(offset);
  const place = new Tensor(B.alloc(x.dtype, n * m * m, true), [n, m * m], x.dtype);
  const [r0, c0] = offset >= 0 ? [0, offset] : [-offset, 0];
  for (let k = 0; k < n; k++) place._storage[k * m * m + (r0 + k) * m + c0 + k] = 1;
  const lead = x.shape.slice(0, -1);
  const planes = reshape(matmul(reshape(x, [numelOf(lead), n]), place), [...lead, m, m]);
  // the plane's dims are last; move them to d1 and d2
  const rank = lead.length + 2;
  const order: number[] = [];
  let next = 0;
  for (let d = 0; d < rank; d++) order.push(d === d1 ? rank - 2 : d === d2 ? rank - 1 : next++);
  return order.every((d, i) => d === i) ? planes : permute(planes, order);
}

/** torch.diag(input, diagonal = 0): a 1-D input's matrix with it on the diagonal, or a 2-D input's diagonal (a copy). */
export function diag(input: Tensor, diagonal_: number | { diagonal?: number } = 0): Tensor {
  const a = resolveArgs<{ diagonal: number }>('diag', ['diagonal'], { diagonal: 0 }, arguments, 1);
  const x = checkTensor('diag', input);
  if (!Number.isInteger(a.diagonal)) throw new TypeError(`diag(): argument 'diagonal' must be int, not ${typeName(a.diagonal)}`);
  if (x.dim() === 1) return embedLast(x, a.diagonal, 0, 1);
  if (x.dim() === 2) return diagonalView(x, a.diagonal, 0, 1).clone();
  throw new RangeError('matrix or a vector expected');
}

/** torch.diagflat(input, offset = 0): the flattened input on the diagonal of a matrix. */
export function diagflat(input: Tensor, offset: number | { offset?: number } = 0): Tensor {
  const a = resolveArgs<{ offset: number }>('diagflat', ['offset'], { offset: 0 }, arguments, 1);
  const x = checkTensor('diagflat', input);
  return embedLast(reshape(x, [x.numel()]), a.offset, 0, 1);
}

/** torch.trace(input): the sum of a matrix's diagonal. */
export function trace(input: Tensor): Tensor {
  checkArgs('trace', arguments, 1);
  const x = checkTensor('trace', input);
  if (x.dim() !== 2) throw new RangeError(`trace: expected a matrix, but got tensor with dim ${x.dim()}`);
  return sum(diagonalView(x, 0, 0, 1));
}

interface IndicesOptions {
  offset?: number;
  dtype?: 'int64' | 'int32';
  device?: string;
}

function triangleIndices(op: string, args: IArguments, upper: boolean): Tensor {
  // dtype/device/layout are keyword-only: split them off before the positional ones are resolved
  const list = Array.from(args);
  while (list.length && list[list.length - 1] === undefined) list.pop();
  const last = list[list.length - 1];
  const opts = (isOptions(last) ? last : {}) as IndicesOptions & { layout?: unknown };
  const { dtype: _d, device: _v, layout: _l, ...positional } = opts;
  if (isOptions(last)) list[list.length - 1] = positional;
  const a = resolveArgs<{ row: number; col: number; offset: number }>(op, ['row', 'col', 'offset'], { row: NaN, col: NaN, offset: 0 }, list);
  void _d, _v, _l;
  for (const k of ['row', 'col', 'offset'] as const) {
    if (!Number.isInteger(a[k])) throw new TypeError(`${op}(): argument '${k}' must be int, not ${typeName(a[k])}`);
  }
  if (a.row < 0) throw new RangeError(`row must be non-negative, got${a.row}`);
  if (a.col < 0) throw new RangeError(`col must be non-negative, got${a.col}`);
  const dtype = opts.dtype ?? 'int64';
  if (dtype !== 'int64' && dtype !== 'int32') throw new TypeError(`"${op}" not implemented for '${dtype === 'float32' ? 'Float' : String(dtype)}'`);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < a.row; i++) {
    for (let j = 0; j < a.col; j++) {
      if (upper ? j - i >= a.offset : j - i <= a.offset) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  const t = longTensor([...rows, ...cols], [2, rows.length]);
  return dtype === 'int64' ? t : t.to(dtype);
}

/** torch.tril_indices(row, col, offset = 0, *, dtype = int64): the [2, N] coordinates of a row x col lower triangle. */
export function tril_indices(row: number, col: number, offset?: number | IndicesOptions, options?: IndicesOptions): Tensor {
  void row, col, offset, options;
  return triangleIndices('tril_indices', arguments, false);
}

/** torch.triu_indices(row, col, offset = 0, *, dtype = int64): the [2, N] coordinates of a row x col upper triangle. */
export function triu_indices(row: number, col: number, offset?: number | IndicesOptions, options?: IndicesOptions): Tensor {
  void row, col, offset, options;
  return triangleIndices('triu_indices', arguments, true);
}
