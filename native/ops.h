// The binding's operations on raw arrays: split into ranges over the thread pool, each range handed to a
// kernel of the given table. Sizes are already validated (binding.cpp); nothing here knows about N-API.
#pragma once
#include <cstddef>

#include "kernels.h"

namespace ops {

constexpr size_t kMaxRank = 16;

void unary(const Kernels& k, int op, const float* x, float* out, size_t n, float p0, float p1);
// a_len and b_len are n or 1; out is float*, or uint8_t* for comparisons.
void binary(const Kernels& k, int op, const float* a, size_t a_len, const float* b, size_t b_len, void* out,
            size_t n, float p0, float p1);

// A rank-r iteration space (r <= kMaxRank) with one stride list per operand (elements, may be 0).
struct Strided {
  size_t rank;
  const size_t* shape;
};
void binary_strided(const Kernels& k, int op, const float* a, const float* b, void* out, Strided space,
                    const size_t* a_strides, const size_t* b_strides, float p0, float p1);
void copy_strided(const float* src, float* dst, Strided space, const size_t* strides, size_t offset);

// A convolution's or pooling's windows over [N, C, H, W] float input: kernel kh x kw, stride sh x sw, dilation
// dh x dw, padding ph (top) x pw (left), oh x ow windows. im2col lays window (y, x) of channel c out as column
// y * ow + x of rows (c, i, j) of an [N, C*kh*kw, oh*ow] output, reading pad_value outside the input; col2im is
// its adjoint: out (the input's shape, overwritten) gets the sum of every column element read from it.
struct Windows {
  size_t C, H, W, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow;
};
void im2col(const float* x, float* cols, size_t N, const Windows& g, float pad_value);
// x[i] rounded in place to the nearest float16 (bfloat16: false) or bfloat16 value, ties to even, NaN kept; threaded.
void round_reduced(float* x, size_t n, bool bfloat16);
void col2im(const float* cols, float* x, size_t N, const Windows& g);

void reduce(const Kernels& k, int op, const float* x, float* out, size_t outer, size_t n, size_t inner);
void arg_reduce(bool is_max, const float* x, float* values, double* indices, size_t outer, size_t n, size_t inner);
void softmax(const Kernels& k, const float* x, float* out, size_t outer, size_t n, size_t inner, bool log);
void softmax_backward(const Kernels& k, const float* y, const float* g, float* out, size_t outer, size_t n,
                      size_t inner, bool log);

struct MatmulShape {
  size_t batch, M, K, N, a_batch_stride, b_batch_stride;
  bool trans_a, trans_b, accumulate;
};
void matmul(const Kernels& k, const float* a, const float* b, float* out, const MatmulShape& s);
// Linear's forward in one product: out = act(A @ B + bias), s.batch == 1 and !s.accumulate. bias (N floats) may
// be null; act is a unary op, or -1 for none (p0, p1 its parameters). Both are applied by the product's epilogue,
// so the result is bit for bit matmul, then add, then the activation.
void linear(const Kernels& k, const float* a, const float* b, const float* bias, float* out, const MatmulShape& s,
            int act, float p0, float p1);

// Cross-entropy over [outer, n, inner] (n classes) without a log_softmax tensor, per position p < P = outer * inner:
// classes[p] is the target class, or -1 where ignored. Forward: stats[p] and stats[P + p] get the softmax_stats of
// the position (max, log_sum: what backward needs), losses[p] = -weights[p] * log_softmax(x)[class] in double
// (0 where ignored). Backward: out = softmax(x) * scale[p], minus scale[p] at the target class (with the composed
// path's roundings: log_softmax's backward computes e * scale first, then subtracts).
void cross_entropy(const Kernels& k, const float* x, const double* classes, const double* weights, double* stats,
                   double* losses, size_t outer, size_t n, size_t inner);
void cross_entropy_backward(const Kernels& k, const float* x, const double* classes, const double* scale,
                            const double* stats, float* out, size_t outer, size_t n, size_t inner);

// Optimizer steps over n elements (the arrays and hyperparameters in a).
void sgd_step(const Kernels& k, const SgdArgs& a, size_t n);
void adam_step(const Kernels& k, const AdamArgs& a, size_t n);
void rmsprop_step(const Kernels& k, const RmspropArgs& a, size_t n);

}  // namespace ops
