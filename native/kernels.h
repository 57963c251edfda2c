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
using SoftmaxKernel = void (*)(const float* x, float* out, ReduceShape s, bool log);
using SoftmaxBackwardKernel = void (*)(const float* y, const float* g, float* out, ReduceShape s, bool log);

// One matrix product C = A @ B (+ C when accumulate); A(i,k) = a[i*a_row + k*a_col], B(k,j) = b[k*b_row + j*b_col],
// C row-major with ldc = N. K > 0 (K == 0 is handled by the caller).
struct GemmArgs {
  const float* a;
  const float* b;
  float* c;
  size_t M, N, K;
  size_t a_row, a_col, b_row, b_col;
  bool accumulate;
};
// Computes C[i0:i1, j0:j1]; scratch holds gemm_scratch_floats floats, 64-byte aligned.
using GemmKernel = void (*)(const GemmArgs& g, size_t i0, size_t i1, size_t j0, size_t j1, float* scratch);

struct Kernels {
  const char* isa;
  UnaryKernel unary[kNumUnaryOps];
  BinaryKernel binary[kNumBinaryOps];
  ReduceKernel reduce[kNumReduceOps];  // mean is the sum kernel; the caller divides by n
  SoftmaxKernel softmax;
  SoftmaxBackwardKernel softmax_backward;
  GemmKernel gemm;
  size_t gemm_tile_m, gemm_tile_n;  // a good output tile for one thread
  size_t gemm_scratch_floats;
};

// Tables (each defined in its own ISA file); kernels() picks one at load (dispatch.cpp).
const Kernels& scalar_kernels();
#if defined(__x86_64__) || defined(_M_X64)
const Kernels& avx2_kernels();
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
