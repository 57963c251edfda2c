// Portable kernels: the fallback table on every CPU, and the home of the scalar-only ops that every table
// shares (log, pow, comparisons, arg reductions, gathers). Loops are branch-free so compilers can vectorize.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "bits.h"
#include "kernels.h"

namespace {

// One-lane "vector" for vec_math.h.
struct Vec {
  float v;
  static constexpr size_t W = 1;
  Vec() = default;
  Vec(float f) : v(f) {}
  static Vec load(const float* p) { return *p; }
  static Vec load_partial(const float* p, size_t n, float fill) { return n ? *p : fill; }
  void store(float* p) const { *p = v; }
  void store_partial(float* p, size_t n) const {
    if (n) *p = v;
  }
};
inline Vec operator+(Vec a, Vec b) { return a.v + b.v; }
inline Vec operator-(Vec a, Vec b) { return a.v - b.v; }
inline Vec operator*(Vec a, Vec b) { return a.v * b.v; }
inline Vec operator/(Vec a, Vec b) { return a.v / b.v; }
inline Vec operator-(Vec a) { return -a.v; }
inline bool operator<(Vec a, Vec b) { return a.v < b.v; }
inline bool operator<=(Vec a, Vec b) { return a.v <= b.v; }
inline bool operator>(Vec a, Vec b) { return a.v > b.v; }
inline bool operator>=(Vec a, Vec b) { return a.v >= b.v; }
inline bool operator==(Vec a, Vec b) { return a.v == b.v; }
inline Vec select(bool m, Vec a, Vec b) { return m ? a : b; }
inline bool is_nan(Vec a) { return a.v != a.v; }
inline Vec fma(Vec a, Vec b, Vec c) {
#if defined(__FMA__) || defined(__aarch64__)
  return __builtin_fmaf(a.v, b.v, c.v);
#else
  return a.v * b.v + c.v;  // a software fma would be far slower; the error analysis allows the extra rounding
#endif
}
inline Vec abs(Vec a) { return float_of(bits_of(a.v) & 0x7fffffffu); }
inline Vec sqrt(Vec a) { return std::sqrt(a.v); }
// b when a or b is NaN, as x86's minps/maxps.
inline Vec min(Vec a, Vec b) { return a.v < b.v ? a : b; }
inline Vec max(Vec a, Vec b) { return a.v > b.v ? a : b; }
inline Vec neg_abs(Vec a) { return float_of(bits_of(a.v) | 0x80000000u); }
inline Vec pow2_shifted(Vec t) { return float_of(bits_of(t.v) << 23); }
inline Vec select_sign(Vec s, Vec a, Vec b) { return bits_of(s.v) >> 31 ? a : b; }
inline Vec copy_sign(Vec mag, Vec sign) { return float_of((bits_of(mag.v) & 0x7fffffffu) | (bits_of(sign.v) & 0x80000000u)); }
inline void transpose(Vec (&)[1]) {}  // matmul packing's register transpose: nothing to do for one lane

// One double, loaded from and stored to a float.
struct VecD {
  double v;
  static constexpr size_t W = 1;
  VecD() = default;
  VecD(double d) : v(d) {}
  static VecD load(const float* p) { return double(*p); }
  static VecD load_partial(const float* p, size_t n, float fill) { return double(n ? *p : fill); }
  void store(float* p) const { *p = float(v); }
  void store_partial(float* p, size_t n) const {
    if (n) *p = float(v);
  }
};
inline VecD operator+(VecD a, VecD b) { return a.v + b.v; }
inline VecD operator-(VecD a, VecD b) { return a.v - b.v; }
inline VecD operator*(VecD a, VecD b) { return a.v * b.v; }
inline VecD operator/(VecD a, VecD b) { return a.v / b.v; }
inline VecD operator-(VecD a) { return -a.v; }
inline bool operator>(VecD a, VecD b) { return a.v > b.v; }
inline VecD select(bool m, VecD a, VecD b) { return m ? a : b; }
inline bool is_nan(VecD a) { return a.v != a.v; }
inline VecD sqrt(VecD a) { return std::sqrt(a.v); }

}  // namespace

#include "vec_math.h"

namespace {

void log_kernel(const float* x, float* out, size_t n, float, float) {
  for (size_t i = 0; i < n; i++) out[i] = std::log(x[i]);
}

// log1p/expm1/erf: evaluated in double and rounded once, so they agree with the JS backend (used by
// composed activations: softplus, ELU, GELU; not hot enough for a SIMD polynomial).
void log1p_kernel(const float* x, float* out, size_t n, float, float) {
  for (size_t i = 0; i < n; i++) out[i] = static_cast<float>(std::log1p(static_cast<double>(x[i])));
}
void expm1_kernel(const float* x, float* out, size_t n, float, float) {
  for (size_t i = 0; i < n; i++) out[i] = static_cast<float>(std::expm1(static_cast<double>(x[i])));
}
void erf_kernel(const float* x, float* out, size_t n, float, float) {
  for (size_t i = 0; i < n; i++) out[i] = static_cast<float>(std::erf(static_cast<double>(x[i])));
}

// floor/ceil/trunc/round (half to even, as PyTorch's round; the default rounding mode) and the rounded
// divisions: cheap, rarely large, so scalar in every table.
#define TORCHLET_ROUNDING(name, fn) \
  void name##_kernel(const float* x, float* out, size_t n, float, float) { \
    for (size_t i = 0; i < n; i++) out[i] = fn(x[i]); \
  }
TORCHLET_ROUNDING(floor, __builtin_floorf)
TORCHLET_ROUNDING(ceil, __builtin_ceilf)
TORCHLET_ROUNDING(trunc, __builtin_truncf)
TORCHLET_ROUNDING(round, __builtin_nearbyintf)
#undef TORCHLET_ROUNDING

// torch.div(a, b, rounding_mode='floor') on floats, PyTorch's steps in float (c10's div_floor_floating): the
// quotient of a - fmod(a, b), which is exact where floor(a / b) would round 0.99999.. up (1 // 0.1 is 9).
float div_floor(float a, float b) {
  if (b == 0.0f) return a / b;
  float mod = __builtin_fmodf(a, b);
  float div = (a - mod) / b;
  if (mod != 0.0f && (b < 0.0f) != (mod < 0.0f)) div -= 1.0f;
  if (div == 0.0f) return __builtin_copysignf(0.0f, a / b);
  float floor_div = __builtin_floorf(div);
  return div - floor_div > 0.5f ? floor_div + 1.0f : floor_div;
}
float div_trunc(float a, float b) { return __builtin_truncf(a / b); }
#define TORCHLET_ROUNDED_DIV(name)                                                                       \
  void name##_kernel(const float* a, size_t as, const float* b, size_t bs, void* out, size_t n, float, float) { \
    float* o = static_cast<float*>(out);                                                                 \
    float a0 = a[0], b0 = b[0]; /* out may overlap a broadcast scalar */                                 \
    for (size_t i = 0; i < n; i++) o[i] = name(as ? a[i] : a0, bs ? b[i] : b0);                          \
  }
TORCHLET_ROUNDED_DIV(div_floor)
TORCHLET_ROUNDED_DIV(div_trunc)
#undef TORCHLET_ROUNDED_DIV

void pow_kernel(const float* a, size_t as, const float* b, size_t bs, void* out, size_t n, float, float) {
  float* o = static_cast<float*>(out);
  float a0 = a[0], b0 = b[0];  // out may overlap a broadcast scalar
  for (size_t i = 0; i < n; i++) o[i] = std::pow(as ? a[i] : a0, bs ? b[i] : b0);
}

void copy_kernel(const float* src, float* dst, size_t n) { std::memcpy(dst, src, n * sizeof(float)); }
void no_fence() {}

#define TORCHLET_COMPARISON(name, expr)                                                                  \
  void name##_kernel(const float* a, size_t as, const float* b, size_t bs, void* out, size_t n, float, float) { \
    uint8_t* o = static_cast<uint8_t*>(out);                                                             \
    float a0 = a[0], b0 = b[0];                                                                          \
    for (size_t i = 0; i < n; i++) {                                                                     \
      float x = as ? a[i] : a0, y = bs ? b[i] : b0;                                                      \
      o[i] = (expr) ? 1 : 0;                                                                             \
    }                                                                                                    \
  }
TORCHLET_COMPARISON(eq, x == y)
TORCHLET_COMPARISON(ne, x != y)
TORCHLET_COMPARISON(gt, x > y)
TORCHLET_COMPARISON(lt, x < y)
TORCHLET_COMPARISON(ge, x >= y)
TORCHLET_COMPARISON(le, x <= y)
#undef TORCHLET_COMPARISON

// Matmul register tile 4 x 8 in one-lane "vectors": the compiler keeps it in SIMD registers of the baseline ISA.
using ScalarMicro = MicroKernel<Vec, 4, 8, 64, 256>;

Kernels make_scalar_kernels() {
  Kernels k{};
  k.isa = "scalar";
  k.unary[unary_log] = log_kernel;
  k.unary[unary_log1p] = log1p_kernel;
  k.unary[unary_expm1] = expm1_kernel;
  k.unary[unary_erf] = erf_kernel;
  k.unary[unary_floor] = floor_kernel;
  k.unary[unary_ceil] = ceil_kernel;
  k.unary[unary_trunc] = trunc_kernel;
  k.unary[unary_round] = round_kernel;
  k.binary[binary_div_floor] = div_floor_kernel;
  k.binary[binary_div_trunc] = div_trunc_kernel;
  k.binary[binary_pow] = pow_kernel;
  k.binary[binary_eq] = eq_kernel;
  k.binary[binary_ne] = ne_kernel;
  k.binary[binary_gt] = gt_kernel;
  k.binary[binary_lt] = lt_kernel;
  k.binary[binary_ge] = ge_kernel;
  k.binary[binary_le] = le_kernel;
  k.stream_copy = copy_kernel;
  k.stream_fence = no_fence;
  fill_vector_kernels<Vec, VecD, ScalarMicro>(k);
  return k;
}

}  // namespace

const Kernels& scalar_kernels() {
  static const Kernels table = make_scalar_kernels();
  return table;
}

// First extreme element; a NaN counts as the extreme and the first NaN wins (PyTorch). Columns of a slab are
// scanned together, so the inner loop is over contiguous memory.
void arg_reduce_kernel(bool is_max, const float* x, float* values, double* indices, ReduceShape s) {
  for (size_t o = 0; o < s.outer; o++) {
    const float* slab = x + o * s.n * s.stride;
    float* best = values + o * s.stride;
    double* where = indices + o * s.stride;
    for (size_t i = 0; i < s.inner; i++) {
      best[i] = slab[i];
      where[i] = 0;
    }
    for (size_t j = 1; j < s.n; j++) {
      const float* row = slab + j * s.stride;
      for (size_t i = 0; i < s.inner; i++) {
        float v = row[i], b = best[i];
        bool better = b == b && (v != v || (is_max ? v > b : v < b));
        best[i] = better ? v : b;
        where[i] = better ? double(j) : where[i];
      }
    }
  }
}

void gather_kernel(const float* src, size_t stride, float* dst, size_t n) {
  if (stride == 1) {
    std::memcpy(dst, src, n * sizeof(float));
    return;
  }
  for (size_t i = 0; i < n; i++) dst[i] = src[i * stride];
}
