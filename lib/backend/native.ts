// The native backend: float32 kernels in the C++ addon (binding.d.ts); other dtypes go to the JS backend.
import nodeGypBuild from 'node-gyp-build';
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { Binding } from '../../binding';
import { storageClass, type Storage } from '../dtype';
import { BINARY_OPS, COMPARISON_OPS, REDUCE_OPS, UNARY_OPS } from './ops';
import type { Backend, Windows } from './types';
import { jsBackend } from './js';

const ABI = 5; // must equal kAbiVersion in native/binding.cpp
/** Outputs of this many bytes and more come from the native pool (native/pool.h: why not smaller or larger ones). */
const POOL_MIN_BYTES = 64 << 10;
/**
 * From this many bytes, an output the op overwrites whole is not zeroed first: `new Float32Array` clears it
 * (calloc), which took ~4 us of a 64 KiB output's ~5 (Buffer.allocUnsafeSlow: ~0.8 us); below, both cost the same.
 */
const UNZEROED_MIN_BYTES = 8 << 10;

/** The package root: the nearest folder above this file with torchlet's package.json. */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'torchlet') return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the torchlet package root');
  }
}

/** Maps op names to the addon's op indices, refusing an addon whose tables differ from ours. */
function opIndex(names: readonly string[], addonNames: readonly string[], table: string): Map<string, number> {
  if (names.join() !== addonNames.join()) {
    throw new Error(`addon ${table} table [${addonNames.join(', ')}] differs from lib's [${names.join(', ')}]; rebuild the addon`);
  }
  return new Map(names.map((n, i) => [n, i]));
}

const isF32 = (x: Storage): x is Float32Array => x instanceof Float32Array;
/**
 * Elementwise ops on at most this many elements run in the JS kernels: V8 keeps typed arrays of up to 64 bytes
 * on its heap and moves one off-heap the first time C++ sees it (~300 ns), which with the call itself (~200 ns)
 * costs more than the JS loop. Same results: the JS kernels are held to the same tolerances (test/fixtures).
 */
const TINY = 16;
/**
 * float16/bfloat16 rounding passes from this many elements go to the addon: it took 0.22 / 0.42 / 20 us for 64 /
 * 256 / 16384 floats to float16 where the JS loop took 0.32 / 0.64 / 36 us (this Xeon VM, one run).
 */
const ROUND_NATIVE_MIN = 64;

/** The binding's geometry list for im2col / col2im. */
const windowList = (g: Windows) => [g.C, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.ph, g.pw, g.oh, g.ow];

export function loadNative(): Backend {
  const addon = nodeGypBuild(packageRoot()) as Binding;
  if (addon.abi !== ABI) throw new Error(`addon ABI ${addon.abi}, expected ${ABI}; rebuild the addon`);
  const unaryIndex = opIndex(UNARY_OPS, addon.unary_ops, 'unary');
  const binaryIndex = opIndex(BINARY_OPS, addon.binary_ops, 'binary');
  const reduceIndex = opIndex(REDUCE_OPS, addon.reduce_ops, 'reduce');
  const binaryOut = (op: string, out: Storage) => (COMPARISON_OPS.has(op as never) ? out instanceof Uint8Array : isF32(out));

  return {
    name: 'native',
    isa: addon.isa(),
    get_num_threads: () => addon.get_num_threads(),
    set_num_threads: (n) => addon.set_num_threads(n),

    alloc(dtype, n, zero) {
      const Ctor = storageClass(dtype);
      const bytes = n * Ctor.BYTES_PER_ELEMENT;
      if (bytes >= POOL_MIN_BYTES) return new Ctor(addon.alloc(bytes, zero));
      return zero || bytes < UNZEROED_MIN_BYTES ? new Ctor(n) : new Ctor(Buffer.allocUnsafeSlow(bytes).buffer, 0, n);
    },

    unary(op, x, out, p0, p1) {
      if (out.length > TINY && isF32(x) && isF32(out)) addon.unary(unaryIndex.get(op)!, x, out, p0, p1);
      else jsBackend.unary(op, x, out, p0, p1);
    },

    binary(op, a, b, out, p0, p1) {
      if (out.length > TINY && isF32(a) && isF32(b) && binaryOut(op, out)) addon.binary(binaryIndex.get(op)!, a, b, out as Float32Array, p0, p1);
      else jsBackend.binary(op, a, b, out, p0, p1);
    },

    binaryStrided(op, a, b, out, shape, aStrides, bStrides, p0, p1) {
      if (isF32(a) && isF32(b) && binaryOut(op, out)) {
        addon.binary_strided(binaryIndex.get(op)!, a, b, out as Float32Array, shape, aStrides, bStrides, p0, p1);
      } else jsBackend.binaryStrided(op, a, b, out, shape, aStrides, bStrides, p0, p1);
    },

    reduce(op, x, out, outer, n, inner) {
      if (isF32(x) && isF32(out) && !(n === 0 && (op === 'amax' || op === 'amin'))) {
        addon.reduce(reduceIndex.get(op)!, x, out, outer, n, inner);
      } else jsBackend.reduce(op, x, out, outer, n, inner);
    },

    argReduce(isMax, x, values, indices, outer, n, inner) {
      if (isF32(x) && isF32(values)) addon.arg_reduce(isMax, x, values, indices, outer, n, inner);
      else jsBackend.argReduce(isMax, x, values, indices, outer, n, inner);
    },

    softmax(x, out, outer, n, inner, log) {
      if (isF32(x) && isF32(out)) addon.softmax(x, out, outer, n, inner, log);
      else jsBackend.softmax(x, out, outer, n, inner, log);
    },

    softmaxBackward(y, g, out, outer, n, inner, log) {
      if (isF32(y) && isF32(g) && isF32(out)) addon.softmax_backward(y, g, out, outer, n, inner, log);
      else jsBackend.softmaxBackward(y, g, out, outer, n, inner, log);
    },

    matmul(a, b, out, batch, M, K, N, aBS, bBS, transA, transB, accumulate) {
      if (isF32(a) && isF32(b) && isF32(out)) addon.matmul(a, b, out, batch, M, K, N, aBS, bBS, transA, transB, accumulate);
      else jsBackend.matmul(a, b, out, batch, M, K, N, aBS, bBS, transA, transB, accumulate);
    },

    copyStrided(src, dst, shape, strides, offset) {
      if (isF32(src) && isF32(dst)) addon.copy_strided(src, dst, shape, strides, offset);
      else jsBackend.copyStrided(src, dst, shape, strides, offset);
    },

    roundReduced(storage, dtype) {
      if (storage.length >= ROUND_NATIVE_MIN && isF32(storage)) addon.round_reduced(storage, dtype === 'bfloat16');
      else jsBackend.roundReduced(storage, dtype);
    },

    im2col(x, cols, N, g, padValue) {
      if (isF32(x) && isF32(cols)) addon.im2col(x, cols, N, windowList(g), padValue);
      else jsBackend.im2col(x, cols, N, g, padValue);
    },

    col2im(cols, x, N, g) {
      if (isF32(cols) && isF32(x)) addon.col2im(cols, x, N, windowList(g));
      else jsBackend.col2im(cols, x, N, g);
    },

    linear(a, b, bias, out, M, K, N, transA, transB, act, p0, p1) {
      if (isF32(a) && isF32(b) && isF32(out) && (bias === null || isF32(bias))) {
        addon.linear(a, b, bias, out, M, K, N, transA, transB, act === null ? -1 : unaryIndex.get(act)!, p0, p1);
      } else jsBackend.linear(a, b, bias, out, M, K, N, transA, transB, act, p0, p1);
    },

    crossEntropy(x, classes, weights, stats, losses, outer, n, inner) {
      if (isF32(x)) addon.cross_entropy(x, classes, weights, outer, n, inner, stats, losses);
      else jsBackend.crossEntropy(x, classes, weights, stats, losses, outer, n, inner);
    },

    crossEntropyBackward(x, classes, scale, stats, out, outer, n, inner) {
      if (isF32(x) && isF32(out)) addon.cross_entropy_backward(x, classes, scale, stats, out, outer, n, inner);
      else jsBackend.crossEntropyBackward(x, classes, scale, stats, out, outer, n, inner);
    },

    // Optimizer steps run natively on float32 arrays with finite hyperparameters (the binding refuses others;
    // the JS path lets NaN/inf propagate, as PyTorch does).
    sgdStep(param, grad, buf, initBuffer, h) {
      const { lr, momentum, dampening, weight_decay, nesterov, maximize } = h;
      if (isF32(param) && isF32(grad) && (buf === null || isF32(buf)) && finite(lr, momentum, dampening, weight_decay)) {
        addon.sgd_step(param, grad, buf, initBuffer, lr, momentum, dampening, weight_decay, nesterov, maximize);
      } else jsBackend.sgdStep(param, grad, buf, initBuffer, h);
    },

    adamStep(param, grad, m, v, vMax, step, h, decoupled) {
      const { lr, betas: [beta1, beta2], eps, weight_decay, maximize } = h;
      if (
        isF32(param) && isF32(grad) && isF32(m) && isF32(v) && (vMax === null || isF32(vMax)) &&
        finite(lr, beta1, beta2, eps, weight_decay)
      ) {
        addon.adam_step(param, grad, m, v, vMax, step, lr, beta1, beta2, eps, weight_decay, decoupled, maximize);
      } else jsBackend.adamStep(param, grad, m, v, vMax, step, h, decoupled);
    },

    rmspropStep(param, grad, squareAvg, gradAvg, buf, h) {
      const { lr, alpha, eps, weight_decay, momentum, maximize } = h;
      if (
        isF32(param) && isF32(grad) && isF32(squareAvg) && (gradAvg === null || isF32(gradAvg)) &&
        (buf === null || isF32(buf)) && finite(lr, alpha, eps, weight_decay, momentum)
      ) {
        addon.rmsprop_step(param, grad, squareAvg, gradAvg, buf, lr, alpha, eps, weight_decay, momentum, maximize);
      } else jsBackend.rmspropStep(param, grad, squareAvg, gradAvg, buf, h);
    },
  };
}

function finite(...xs: number[]): boolean {
  return xs.every(Number.isFinite);
}
