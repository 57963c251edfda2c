// matmul/mm/bmm on one batched kernel. Operands that are transposed views are passed with a transpose
// flag instead of being copied, so backward's g @ b.mT and a.mT @ g cost no extra copies.
import { autocastLower } from '../autocast';
import { contiguousStrides, fmtShape, numelOf, broadcastShapes, sameShape } from '../shape';
import { isFloating } from '../dtype';
import { B } from '../backend';
import type { BinaryOp } from '../backend/ops';
import { record } from '../autograd';
import { Tensor, checkTensor } from '../tensor';
import { anyReduced, clone, copy_, expand, inFloat32, squeeze, sumToShape, unsqueeze, reshape } from './shape';
import * as ew from './elementwise';
import { checkArgs } from '../args';

interface Operand {
  data: Tensor['_storage'];
  batchStride: number;
  trans: boolean;
}

/** Layout of the last two dims of t as [rows, cols]: row-major, column-major (a transposed view), or neither. */
function matrixLayout(t: Tensor): 'row' | 'col' | null {
  const r = t.dim();
  const [rows, cols] = [t.shape[r - 2], t.shape[r - 1]];
  const [sr, sc] = [t._strides[r - 2], t._strides[r - 1]];
  if ((cols === 1 || sc === 1) && (rows === 1 || sr === cols)) return 'row';
  if ((rows === 1 || sr === 1) && (cols === 1 || sc === rows)) return 'col';
  return null;
}

/** Batch dims of t laid out contiguously (each matrix right after the previous)? */
function batchContiguous(t: Tensor): boolean {
  const r = t.dim();
  const matrix = t.shape[r - 1] * t.shape[r - 2];
  const expected = contiguousStrides(t.shape.slice(0, r - 2)).map((s) => s * matrix);
  return t.shape.slice(0, r - 2).every((s, i) => s === 1 || t._strides[i] === expected[i]);
}

/** Describes t (shape [...batch, rows, cols]) for the kernel, broadcasting its batch dims to `batch`. */
function operand(t: Tensor, batch: readonly number[]): Operand {
  const r = t.dim();
  // (loops, not slices: this runs twice per product, and a small product costs ~1 us in all)
  let ownBatch = 1;
  let sameBatch = r - 2 === batch.length;
  for (let i = 0; i < r - 2; i++) {
    ownBatch *= t.shape[i];
    sameBatch &&= t.shape[i] === batch[i];
  }
  const matrix = t.shape[r - 1] * t.shape[r - 2];
  const layout = matrixLayout(t);
  if (layout && (ownBatch === 1 || (sameBatch && batchContiguous(t)))) {
    const data = t._offset === 0 ? t._storage : t._storage.subarray(t._offset);
    return { data, batchStride: ownBatch === 1 ? 0 : matrix, trans: layout === 'col' };
  }
  const copy = clone(expand(t.detach(), [...batch, t.shape[r - 2], t.shape[r - 1]]));
  return { data: copy._storage, batchStride: matrix, trans: false };
}

/** [...batchA, M, K] @ [...batchB, K, N] -> [...broadcast batch, M, N], written to `dst` when given (contiguous, of that size). */
function batchedMatmul(op: string, a: Tensor, b: Tensor, gradName: string, dst?: Tensor['_storage']): Tensor {
  const M = a.shape[a.dim() - 2];
  const K = a.shape[a.dim() - 1];
  const N = b.shape[b.dim() - 1];
  if (b.shape[b.dim() - 2] !== K) {
    throw new RangeError(
      `${op}(): mat1 and mat2 shapes cannot be multiplied (${a.shape.slice(-2).join('x')} and ${b.shape.slice(-2).join('x')}; shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)})`,
    );
  }
  const batch = a.dim() === 2 && b.dim() === 2 ? [] : broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const count = numelOf(batch);
  const out = dst ?? B.alloc(a.dtype, count * M * N, K === 0);
  if (dst && K === 0) dst.fill(0);
  if (count * M * N > 0 && K > 0) {
    const A = operand(a, batch);
    const Bo = operand(b, batch);
    B.matmul(A.data, Bo.data, out, count, M, K, N, A.batchStride, Bo.batchStride, A.trans, Bo.trans, false);
  }
  return record(new Tensor(out, [...batch, M, N], a.dtype), gradName, [a, b], (g) => [
    a.requires_grad ? sumToShape(batchedMatmul(op, g, b.mT, gradName), a.shape) : null,
    b.requires_grad ? sumToShape(gradOfB(op, a, b, g, gradName), b.shape) : null,
  ]);
}

/** d(a @ b)/db = a^T g. For a transposed b (Linear's weight.t()) it is computed as (g^T a)^T, so the gradient
 * reaches the weight contiguous instead of as a strided view to copy. */
function gradOfB(op: string, a: Tensor, b: Tensor, g: Tensor, gradName: string): Tensor {
  if (b.dim() === 2 && matrixLayout(b) === 'col') return batchedMatmul(op, g.mT, a, gradName).mT;
  return batchedMatmul(op, a.mT, g, gradName);
}

function checkOperands(op: string, a: Tensor, b: Tensor): void {
  checkTensor(op, a);
  checkTensor(op, b, 'other', 2);
  if (a.dtype !== b.dtype) throw new TypeError(`${op}(): expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}`);
  if (a.dtype === 'bool') throw new TypeError(`${op}(): not implemented for 'Bool'`);
}

/** torch.matmul with NumPy semantics for 1-D operands and broadcast batch dims; `out=` as in PyTorch. */
export function matmul(a: Tensor, b: Tensor, options?: ew.OutOption): Tensor {
  const low = autocastLower<Parameters<typeof matmul>>(arguments);
  if (low) return matmul(...low);
  checkArgs('matmul', arguments, 2, ['out'], 2);
  checkOperands('matmul', a, b);
  if (a.dim() === 0 || b.dim() === 0) {
    throw new RangeError(`both arguments to matmul need to be at least 1D, but they are ${a.dim()}D and ${b.dim()}D`);
  }
  if (a.dim() === 1 && b.dim() === 1 && a.shape[0] !== b.shape[0]) {
    throw new RangeError(
      `matmul(): inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
    );
  }
  const run = (dst?: Tensor['_storage']) => {
    if (a.dim() === 1 && b.dim() === 1) return reshape(batchedMatmul('matmul', unsqueeze(a, 0), unsqueeze(b, 1), 'DotBackward0', dst), []);
    if (a.dim() === 1) return squeeze(batchedMatmul('matmul', unsqueeze(a, 0), b, 'MmBackward0', dst), -2);
    if (b.dim() === 1) return squeeze(batchedMatmul('matmul', a, unsqueeze(b, 1), 'MvBackward0', dst), -1);
    return batchedMatmul('matmul', a, b, a.dim() === 2 && b.dim() === 2 ? 'MmBackward0' : 'BmmBackward0', dst);
  };
  return options?.out === undefined ? run() : intoOut('matmul', options.out, a, b, matmulShape(a, b), run);
}

/** The shape of matmul(a, b) (operands checked: at least 1-D, matching inner sizes are checked by the product). */
function matmulShape(a: Tensor, b: Tensor): number[] {
  if (a.dim() === 1 && b.dim() === 1) return [];
  if (a.dim() === 1) return [...b.shape.slice(0, -2), b.shape[b.dim() - 1]];
  if (b.dim() === 1) return a.shape.slice(0, -1);
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  return [...batch, a.shape[a.dim() - 2], b.shape[b.dim() - 1]];
}

/**
 * A product written to PyTorch's `out=` tensor: same dtype as the operands (PyTorch's rule for products), no
 * autograd, no memory shared with an operand (the product reads them while writing). A contiguous out of the
 * result's shape gets the result directly, without an intermediate tensor; any other is resized (with
 * PyTorch's warning) or written by a copy.
 */
function intoOut(
  op: string,
  outArg: unknown,
  a: Tensor,
  b: Tensor,
  shape: readonly number[],
  run: (dst?: Tensor['_storage']) => Tensor,
): Tensor {
  const given = checkTensor(op, outArg, 'out');
  if (given.dtype !== a.dtype) {
    const name = (d: Tensor['dtype']) => ew.TORCH_NAME[d].toLowerCase();
    throw new TypeError(`${op}(): Expected out tensor to have dtype ${name(a.dtype)}, but got ${name(given.dtype)} instead`);
  }
  if (!given.is_contiguous() || !sameShape(given.shape, shape)) {
    const result = run(); // throws on mismatched operands before out is checked or resized
    return copy_(ew.outTensor(op, given, shape, a.dtype, [a, b], false), result, 'out');
  }
  ew.outTensor(op, given, shape, a.dtype, [a, b], false);
  run(given._contiguousData());
  return given;
}

export function mm(a: Tensor, b: Tensor, options?: ew.OutOption): Tensor {
  const low = autocastLower<Parameters<typeof mm>>(arguments);
  if (low) return mm(...low);
  checkArgs('mm', arguments, 2, ['out'], 2);
  checkOperands('mm', a, b);
  if (a.dim() !== 2) throw new RangeError(`mm(): self must be a matrix (got shape ${fmtShape(a.shape)})`);
  if (b.dim() !== 2) throw new RangeError(`mm(): mat2 must be a matrix (got shape ${fmtShape(b.shape)})`);
  const run = (dst?: Tensor['_storage']) => batchedMatmul('mm', a, b, 'MmBackward0', dst);
  return options?.out === undefined ? run() : intoOut('mm', options.out, a, b, [a.shape[0], b.shape[1]], run);
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  const low = autocastLower<Parameters<typeof bmm>>(arguments);
  if (low) return bmm(...low);
  checkArgs('bmm', arguments, 2, [], 2);
  checkOperands('bmm', a, b);
  if (a.dim() !== 3) throw new RangeError(`bmm(): batch1 must be a 3D tensor (got shape ${fmtShape(a.shape)})`);
  if (b.dim() !== 3) throw new RangeError(`bmm(): batch2 must be a 3D tensor (got shape ${fmtShape(b.shape)})`);
  if (a.shape[0] !== b.shape[0] || a.shape[2] !== b.shape[1]) {
    throw new RangeError(
      `bmm(): Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`,
    );
  }
  return batchedMatmul('bmm', a, b, 'BmmBackward0');
}

// ---- F.linear: the bias and an activation applied by the product's epilogue ----

/** An activation Linear's product can apply as it writes its output (nn.Sequential hands them over). */
export type LinearActivation = { op: 'relu' | 'relu6' | 'sigmoid' | 'tanh' } | { op: 'leaky_relu'; negative_slope: number };

/** Each activation's kernel parameters, its gradient from its output (a binary kernel), and PyTorch's node name. */
function activationKernels(act: LinearActivation): { p: [number, number]; backward: BinaryOp; gradP: [number, number]; gradName: string } {
  switch (act.op) {
    case 'relu': // y <= 0 exactly where x <= 0, so the gradient from y is the one from x
      return { p: [0, 0], backward: 'threshold_backward', gradP: [0, 0], gradName: 'ReluBackward0' };
    case 'relu6': // likewise y <= 0 where x <= 0 and y >= 6 where x >= 6
      return { p: [0, 0], backward: 'hardtanh_backward', gradP: [0, 6], gradName: 'HardtanhBackward0' };
    case 'leaky_relu': // y > 0 exactly where x > 0 when the slope is >= 0 (fusedLinear checks)
      return { p: [act.negative_slope, 0], backward: 'leaky_relu_backward', gradP: [act.negative_slope, 0], gradName: 'LeakyReluBackward0' };
    case 'sigmoid':
      return { p: [0, 0], backward: 'sigmoid_backward', gradP: [0, 0], gradName: 'SigmoidBackward0' };
    case 'tanh':
      return { p: [0, 0], backward: 'tanh_backward', gradP: [0, 0], gradName: 'TanhBackward0' };
  }
}

/** The activation as its own op (the composed path). */
function applyActivation(x: Tensor, act: LinearActivation): Tensor {
  return act.op === 'leaky_relu' ? ew.leaky_relu(x, act.negative_slope) : ew[act.op](x);
}

function checkInputFeatures(op: string, input: Tensor, weight: Tensor): void {
  const k = input.shape[input.dim() - 1];
  if (input.dim() === 0 || k !== weight.shape[1]) {
    throw new RangeError(
      `${op}(): mat1 and mat2 shapes cannot be multiplied (${input.dim() === 0 ? 'scalar' : `${input.numel() / (k || 1)}x${k}`} and ${weight.shape[1]}x${weight.shape[0]}; input ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)})`,
    );
  }
}

/**
 * F.linear(input, weight, bias): input @ weight^T + bias, then `act` when given (nn.Sequential's Linear followed
 * by an activation module). Where the operands allow (see fusedLinear) the bias and the activation are applied
 * by the product as it writes each block of its output: one output tensor and no separate passes; otherwise
 * the same ops run one after the other. Either way the values and gradients are the same, bit for bit.
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null, act?: LinearActivation): Tensor {
  const low = autocastLower<Parameters<typeof linear>>(arguments);
  if (low) return linear(...low);
  // float16/bfloat16: the product and the bias in float32, rounded once, as PyTorch's kernels do
  if (anyReduced(arguments)) return inFloat32(linear, arguments);
  checkTensor('linear', input);
  checkTensor('linear', weight, 'weight', 2);
  checkInputFeatures('linear', input, weight);
  const fusable = (bias || act) && (bias == null || bias instanceof Tensor); // a number bias is only for add
  const fused = fusable ? fusedLinear(input, weight, bias ?? null, act ?? null) : null;
  if (fused) return fused;
  const out = input.matmul(weight.t());
  const biased = bias ? out.add(bias) : out;
  return act ? applyActivation(biased, act) : biased;
}

/**
 * act(input @ weight^T + bias) by one B.linear call and one autograd node, or null when the composed ops must
 * run: mixed or non-float dtypes, a bias that is not [out_features], a batched input that is not contiguous (then
 * matmul's layout is not one [M, K] product), a LeakyReLU slope below 0. The backward is the activation's gradient from the saved output
 * (one binary kernel), then the composed graph's gradients computed by the same ops in the same layouts.
 */
function fusedLinear(input: Tensor, weight: Tensor, bias: Tensor | null, act: LinearActivation | null): Tensor | null {
  const dtype = input.dtype;
  if (!isFloating(dtype) || weight.dtype !== dtype || weight.dim() !== 2) return null;
  if (bias && (bias.dtype !== dtype || bias.dim() !== 1 || bias.shape[0] !== weight.shape[0])) return null;
  if (input.dim() > 2 && !input.is_contiguous()) return null;
  // with a negative slope the output's sign does not tell the input's, which the gradient needs
  if (act?.op === 'leaky_relu' && !(typeof act.negative_slope === 'number' && act.negative_slope >= 0)) return null;
  if (bias) checkTensor('add', bias, 'other', 2); // add's check in the composed path, so the same message
  const [N, K] = weight.shape;
  const M = numelOf(input.shape.slice(0, -1));
  // input as one [M, K] matrix and weight^T as matmul would pass them (a transposed view stays a flag)
  const x2 = input.dim() === 2 ? input.detach() : input.detach().reshape([M, K]);
  const spec = act && activationKernels(act);
  const [p0, p1] = (spec?.p ?? [0, 0]).map((v) => (dtype === 'float32' ? Math.fround(v) : v));
  const out = B.alloc(dtype, M * N, false);
  if (M * N > 0) {
    const A = operand(x2, []);
    const W = operand(weight.detach().t(), []);
    const biasData = bias ? bias._contiguousData() : null;
    B.linear(A.data, W.data, biasData, out, M, K, N, A.trans, W.trans, act ? act.op : null, p0, p1);
  }
  const y = new Tensor(out, [...input.shape.slice(0, -1), N], dtype);
  const inputs = bias ? [input, weight, bias] : [input, weight];
  return record(y, spec ? spec.gradName : 'AddmmBackward0', inputs, (g) => {
    const gOut = spec ? ew.binaryKernel(act!.op, spec.backward, g, y, g.dtype, ...spec.gradP) : g;
    // the composed graph's gradients: a 1-D input was matmul'd as [1, K]; weight^T's gradient is (g^T a)^T,
    // summed over batch dims, then transposed back to the weight (gradOfB, sumToShape and t()'s backward)
    const a = input.dim() === 1 ? input.detach().reshape([1, K]) : input.detach();
    const g2 = input.dim() === 1 ? reshape(gOut, [1, N]) : gOut;
    return [
      input.requires_grad ? reshape(matmul(g2, weight.detach()), input.shape) : null,
      weight.requires_grad ? sumToShape(matmul(g2.mT, a).mT, [K, N]).t() : null,
      bias?.requires_grad ? sumToShape(gOut, bias.shape) : null,
    ];
  });
}
