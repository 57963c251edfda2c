// The kernel table: stateless functions on raw pointers, one table per ISA (scalar, avx2, neon).
// No N-API and no threading here: callers split work into ranges (see ops.cpp).
#pragma once
#include <cstddef>

#include "op_list.h"

// out[i] = f(x[i]; p0, p1), i < n.
using UnaryKernel = void (*)(const float* x, float* out, size_t n, float p0, float p1);
// out[i] = f(a[i * a_step], b[i * b_step]; p0, p1) with steps 0 (broadcast scalar) or 1; out is float* or,
// for comparisons, uint8_t*.
using BinaryKernel = void (*)(const float* a, size_t a_step, const float* b, size_t b_step, void* out, size_t n,
                              float p0, float p1);

// A strided slice of a [outer, n, inner] reduction: x[o*n*stride + j*stride + i], out[o*stride + i] for
// i < inner <= stride (stride is the full inner size; a thread may take a column range of it).
struct ReduceShape {
  size_t outer, n, inner, stride;
};
using ReduceKernel = void (*)(const float* x, float* out, ReduceShape s);
// Reductions fold in float only within short blocks and combine the blocks in double (vec_math.h); mean
// divides the double total by n. A long contiguous row is folded in chunks of kReduceChunk elements whose
// partial results are then combined in order: reduce_chunk folds one chunk (n <= kReduceChunk), reduce_combine
// turns the partials of a row of n elements into its result. Threads take whole chunks (ops.cpp), so results
// do not depend on the thread count.
constexpr size_t kReduceChunk = 32768;
using ReduceChunkKernel = double (*)(const float* x, size_t n);
using ReduceCombineKernel = float (*)(const double* partials, size_t n);
using SoftmaxKernel = void (*)(const float* x, float* out, ReduceShape s, bool log);
using SoftmaxBackwardKernel = void (*)(const float* y, const float* g, float* out, ReduceShape s, bool log);
// Cross-entropy's halves, laid out like softmax with the per-position values like a reduce output:
// softmax_stats writes, per position, max = the max over n and log_sum = log(sum of e^(x - max)), computed exactly
// as softmax's log branch computes them, so (x[t] - max) - log_sum is bit for bit log_softmax's value;
// softmax_scaled writes out = e^((x - max) - log_sum) * scale (per position): softmax times a coefficient.
using SoftmaxStatsKernel = void (*)(const float* x, double* max, double* log_sum, ReduceShape s);
using SoftmaxScaledKernel = void (*)(const float* x, const double* max, const double* log_sum, const double* scale,
                                     float* out, ReduceShape s);

// What happens to C's elements once their sums are complete (Linear's bias and activation): each row segment
// gets row += bias (the table's add kernel), then row = act(row) (a unary kernel), the same kernels and so the
// same roundings as separate add and activation passes. The gemm kernels apply it to each block of C right
// after the block's last K step, while the block is still in cache.
struct GemmEpilogue {
  const float* bias;  // N floats, or null
  BinaryKernel add;
  UnaryKernel act;  // or null
  float p0, p1;     // act's parameters
};

// One matrix product C = A @ B (+ C when accumulate); A(i,k) = a[i*a_row + k*a_col], B(k,j) = b[k*b_row + j*b_col],
// C row-major with ldc = N. K > 0 (K == 0 is handled by the caller).
struct GemmArgs {
  const float* a;
  const float* b;
  float* c;
  size_t M, N, K;
  size_t a_row, a_col, b_row, b_col;
  bool accumulate;
  const GemmEpilogue* epilogue = nullptr;  // with !accumulate only
};
// A product runs in two steps (gemm_driver.h), so that threads share one packed copy of B (ops.cpp):
// gemm_pack_b packs B[k0:k0+kc, j0:j0+nc] as column panels of gemm_nr floats x kc rows (zero-padded past nc:
// round_up(nc, nr) * kc floats); gemm_tile then computes C[i0:i1, j0:j1] (+)= A[i0:i1, k0:k0+kc]
// @ B[k0:k0+kc, j0:j1] from that packing (b_packed: the panel holding column j0; null: B read in place, which
// needs b_col == 1 and suits a few rows of A), packing A into a_scratch (gemm_a_scratch_floats, 64-byte
// aligned). C is overwritten where k0 == 0 and !accumulate, else added to. With an epilogue, gemm_tile applies
// it to C[i0:i1, j0:j1] once k0 + kc == K (the tile's last K step), and gemm_dots to the columns it computes.
struct GemmTile {
  size_t i0, i1, j0, j1, k0, kc;
};
using GemmPackBKernel = void (*)(const GemmArgs& g, size_t k0, size_t kc, size_t j0, size_t nc, float* out);
using GemmTileKernel = void (*)(const GemmArgs& g, const GemmTile& t, const float* b_packed, float* a_scratch);
// C[:, j0:j1] (+)= A @ B by dot products, without packing: for a few rows of row-major A (a_col == 1) against a
// transposed B (b_row == 1).
using GemmDotsKernel = void (*)(const GemmArgs& g, size_t j0, size_t j1);

// Optimizer steps (torch.optim's single-tensor updates; per-element formulas in lib/backend/types.ts): update
// param and its state in place over elements [begin, end). Absent optional state is nullptr. Hyperparameters
// are doubles: the math is in double (vec_math.h).
struct SgdArgs {
  float* param;
  const float* grad;
  float* momentum_buffer;
  bool init_buffer, nesterov, maximize;
  double lr, momentum, dampening, weight_decay;
};
struct AdamArgs {
  float* param;
  const float* grad;
  float *exp_avg, *exp_avg_sq, *max_exp_avg_sq;
  bool decoupled_weight_decay, maximize;
  double step, lr, beta1, beta2, eps, weight_decay;
};
struct RmspropArgs {
  float* param;
  const float* grad;
  float *square_avg, *grad_avg, *momentum_buffer;
  bool maximize;
  double lr, alpha, eps, weight_decay, momentum;
};
using SgdKernel = void (*)(const SgdArgs& a, size_t begin, size_t end);
using AdamKernel = void (*)(const AdamArgs& a, size_t begin, size_t end);
using RmspropKernel = void (*)(const RmspropArgs& a, size_t begin, size_t end);

// dst[i] = src[i], i < n, with non-temporal stores where the ISA has them (AVX2): the written lines go to memory
// without first being read into the cache (a plain store reads each line it writes), and without evicting
// cached data. They are unordered: stream_fence() must run before another thread may read dst. Elsewhere a
// plain copy, and stream_fence does nothing.
using StreamCopyKernel = void (*)(const float* src, float* dst, size_t n);

struct Kernels {
  const char* isa;
  UnaryKernel unary[kNumUnaryOps];
  BinaryKernel binary[kNumBinaryOps];
  ReduceKernel reduce[kNumReduceOps];
  ReduceChunkKernel reduce_chunk[kNumReduceOps];
  ReduceCombineKernel reduce_combine[kNumReduceOps];
  SoftmaxKernel softmax;
  SoftmaxBackwardKernel softmax_backward;
  SoftmaxStatsKernel softmax_stats;
  SoftmaxScaledKernel softmax_scaled;
  GemmPackBKernel gemm_pack_b;
  GemmTileKernel gemm_tile;
  GemmDotsKernel gemm_dots;
  SgdKernel sgd_step;
  AdamKernel adam_step;
  RmspropKernel rmsprop_step;
  StreamCopyKernel stream_copy;
  void (*stream_fence)();
  // unary[op] writing its output with non-temporal stores as it goes (then stream_fence); null where the table
  // has none (ops.cpp then computes blocks in L1 and stream_copies them).
  UnaryKernel unary_stream[kNumUnaryOps];
  size_t gemm_mr, gemm_nr;  // the micro-kernel's register tile
  size_t gemm_mc, gemm_kc;  // the blocks of A (L2) and of B's panels (L1) that gemm_tile works in
  size_t gemm_a_scratch_floats;
};

// Tables (each defined in its own ISA file); kernels() picks one at load (dispatch.cpp).
const Kernels& scalar_kernels();
#if defined(__x86_64__) || defined(_M_X64)
const Kernels& avx2_kernels();
const Kernels& avx512_kernels();
// Whether this CPU (and OS) can run those tables (dispatch.cpp): AVX2 needs AVX2 and FMA, AVX-512 needs
// those and AVX-512F. Dispatch and the C++ tests and benches decide by these alone.
bool cpu_runs_avx2();
bool cpu_runs_avx512();
#endif
#if defined(__aarch64__)
const Kernels& neon_kernels();
#endif
const Kernels& kernels();

// Scalar-only kernels shared by every table (non-hot: gathers and arg reductions).
// values/indices laid out like a reduce output; indices are int64 values stored in doubles.
void arg_reduce_kernel(bool is_max, const float* x, float* values, double* indices, ReduceShape s);
// dst[i] = src[i * stride], i < n.
void gather_kernel(const float* src, size_t stride, float* dst, size_t n);
