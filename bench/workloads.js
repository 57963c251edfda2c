'use strict';
// The workload list shared by every peer (passed to the Python peer as JSON). Sizes a peer skips are listed
// with the reason in `skip` so the report never drops a cell silently.
const ELEMENTWISE = ['relu', 'relu6', 'leaky_relu', 'sigmoid', 'tanh'];
const EW_SIZES = [1e3, 1e5, 1e6, 16e6];

function workloads() {
  const list = [];
  for (const op of ELEMENTWISE) {
    for (const n of EW_SIZES) {
      // out-of-place: reads n floats and writes n floats, the bytes STREAM copy moves
      // warmup_ms: the largest fresh outputs are warmed up longer, so that every peer's allocator (torchlet's
      // pool, PyTorch's, glibc's) has its blocks in rotation before timing: the first few 64 MB outputs map and
      // page-fault new memory, 150 ms per call on this VM one day and 160-195 ms (4 such calls) another, and such
      // samples decided a median (relu 165 ms, tanh 108 ms in two runs with 150 ms of warm-up). Only the first
      // op needs it: the later ones get the same 64 MB blocks from the allocator the first one warmed up.
      const warmup_ms = n >= 16e6 ? (op === ELEMENTWISE[0] ? 800 : 150) : undefined;
      list.push({ id: `${op} n=${n}`, kind: 'unary', group: 'elementwise', op, n, bytes: 8 * n, ...(warmup_ms ? { warmup_ms } : {}) });
    }
  }
  // the same ops writing into memory the caller reuses (in place for the relu family, out= for sigmoid/tanh):
  // the kernels' own bandwidth, without the page faults of a fresh output
  for (const op of ELEMENTWISE) {
    for (const n of [1e6, 16e6]) {
      list.push({ id: `${op} n=${n} reused output`, kind: 'unary_reuse', group: 'elementwise', op, n, bytes: 8 * n });
    }
  }
  // fresh outputs again, but one call per event-loop turn, as in a server (each call also pays a turn of the loop)
  for (const op of ELEMENTWISE) {
    list.push({ id: `${op} n=16e6 fresh output, one call per event-loop turn`, kind: 'unary_turn', group: 'elementwise', op, n: 16e6, bytes: 8 * 16e6 });
  }
  list.push({ id: 'softmax [4096,1000] dim=-1', kind: 'softmax', group: 'softmax', rows: 4096, cols: 1000, bytes: 8 * 4096 * 1000 });
  for (const n of [128, 512, 1024]) list.push({ id: `matmul ${n}`, kind: 'matmul', group: 'matmul', n, flops: 2 * n ** 3, ...(n >= 1024 ? { warmup_ms: 150 } : {}) });
  // the product written into an output the caller reuses (out=): the kernel without a fresh output per call
  for (const n of [128, 1024]) list.push({ id: `matmul ${n} reused output`, kind: 'matmul_reuse', group: 'matmul', n, flops: 2 * n ** 3 });
  for (const batch of [64, 512]) {
    // forward x W^T + b, backward dX = dY W and dW = dY^T X (db is a reduction): 3 GEMMs
    list.push({ id: `linear 784->256 fwd+bwd batch=${batch}`, kind: 'linear', group: 'linear', batch, flops: 6 * batch * 784 * 256 });
  }
  const mlpWeights = 784 * 256 + 256 * 128 + 128 * 10;
  for (const batch of [64, 512]) {
    list.push({ id: `MLP 784-256-128-10 SGD step batch=${batch}`, kind: 'mlp', group: 'mlp', batch, flops: 6 * batch * mlpWeights });
  }
  list.push({ id: 'per-op overhead: relu n=16', kind: 'overhead', group: 'overhead', n: 16, calls: 1000 });
  // torchlet runs elementwise ops on <= 16 elements in JS; 64 elements shows the cost of the call into C++
  list.push({ id: 'per-op overhead: relu n=64', kind: 'overhead', group: 'overhead', n: 64, calls: 1000 });
  return list;
}

/** Cells a slow peer skips in quick mode (and why); --full runs everything. */
function jsSkip(w, full) {
  if (full) return null;
  if (w.kind.startsWith('unary') && w.n >= 16e6) return 'JS backend skipped at 16e6 in quick mode (~0.1-0.3 s per call); run --full';
  if (w.kind.startsWith('matmul') && w.n >= 1024) return 'JS backend skipped at matmul 1024 in quick mode (seconds per call); run --full';
  return null;
}

module.exports = { workloads, jsSkip, ELEMENTWISE, EW_SIZES };
