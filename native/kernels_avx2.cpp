// AVX2 + FMA kernels (this file alone is compiled with -mavx2 -mfma; dispatch.cpp uses it only when the CPU
// has both). Math and loops come from vec_math.h / gemm_driver.h; this file supplies the 8-lane vector type,
// the 4-lane double vector (optimizer steps) and the matmul register tile size.
#include <immintrin.h>

#include <cstdint>

#include "kernels.h"

namespace {

struct Mask {
  __m256 m;
};
inline Mask operator|(Mask a, Mask b) { return {_mm256_or_ps(a.m, b.m)}; }
inline Mask operator&(Mask a, Mask b) { return {_mm256_and_ps(a.m, b.m)}; }

// Lanes [0, n) set: masked loads and stores touch no memory past the end of an array.
inline __m256i first_lanes(size_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(n)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

struct Vec {
  __m256 v;
  static constexpr size_t W = 8;
  Vec() = default;
  Vec(__m256 x) : v(x) {}
  Vec(float f) : v(_mm256_set1_ps(f)) {}
  static Vec load(const float* p) { return _mm256_loadu_ps(p); }
  static Vec load_partial(const float* p, size_t n, float fill) {
    __m256i m = first_lanes(n);
    return _mm256_blendv_ps(_mm256_set1_ps(fill), _mm256_maskload_ps(p, m), _mm256_castsi256_ps(m));
  }
  void store(float* p) const { _mm256_storeu_ps(p, v); }
  void store_partial(float* p, size_t n) const { _mm256_maskstore_ps(p, first_lanes(n), v); }
};
inline Vec operator+(Vec a, Vec b) { return _mm256_add_ps(a.v, b.v); }
inline Vec operator-(Vec a, Vec b) { return _mm256_sub_ps(a.v, b.v); }
inline Vec operator*(Vec a, Vec b) { return _mm256_mul_ps(a.v, b.v); }
inline Vec operator/(Vec a, Vec b) { return _mm256_div_ps(a.v, b.v); }
inline Vec operator-(Vec a) { return _mm256_xor_ps(a.v, _mm256_set1_ps(-0.0f)); }
inline Mask operator<(Vec a, Vec b) { return {_mm256_cmp_ps(a.v, b.v, _CMP_LT_OQ)}; }
inline Mask operator<=(Vec a, Vec b) { return {_mm256_cmp_ps(a.v, b.v, _CMP_LE_OQ)}; }
inline Mask operator>(Vec a, Vec b) { return {_mm256_cmp_ps(a.v, b.v, _CMP_GT_OQ)}; }
inline Mask operator>=(Vec a, Vec b) { return {_mm256_cmp_ps(a.v, b.v, _CMP_GE_OQ)}; }
inline Mask operator==(Vec a, Vec b) { return {_mm256_cmp_ps(a.v, b.v, _CMP_EQ_OQ)}; }
inline Vec select(Mask m, Vec a, Vec b) { return _mm256_blendv_ps(b.v, a.v, m.m); }
inline Mask is_nan(Vec a) { return {_mm256_cmp_ps(a.v, a.v, _CMP_UNORD_Q)}; }
inline Vec fma(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a.v, b.v, c.v); }
inline Vec abs(Vec a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a.v); }
inline Vec sqrt(Vec a) { return _mm256_sqrt_ps(a.v); }
// b when a or b is NaN (used with a constant a: a NaN b stays NaN).
inline Vec min(Vec a, Vec b) { return _mm256_min_ps(a.v, b.v); }
inline Vec max(Vec a, Vec b) { return _mm256_max_ps(a.v, b.v); }
inline Vec neg_abs(Vec a) { return _mm256_or_ps(a.v, _mm256_set1_ps(-0.0f)); }
inline Vec pow2_shifted(Vec t) { return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_castps_si256(t.v), 23)); }
inline Vec select_sign(Vec s, Vec a, Vec b) { return _mm256_blendv_ps(b.v, a.v, s.v); }  // by s's sign bit alone
inline Vec copy_sign(Vec mag, Vec sign) {
  __m256 s = _mm256_set1_ps(-0.0f);
  return _mm256_or_ps(_mm256_andnot_ps(s, mag.v), _mm256_and_ps(s, sign.v));
}
// 8 x 8 transpose in registers (matmul packing reads transposed operands with it).
inline void transpose(Vec (&r)[8]) {
  __m256 t[8], u[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i].v, r[i + 1].v);
    t[i + 1] = _mm256_unpackhi_ps(r[i].v, r[i + 1].v);
  }
  for (int i = 0; i < 8; i += 4) {
    u[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int i = 0; i < 4; i++) {
    r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
    r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
  }
}

// Four doubles, loaded from and stored to floats.
struct MaskD {
  __m256d m;
};
inline MaskD operator|(MaskD a, MaskD b) { return {_mm256_or_pd(a.m, b.m)}; }

struct VecD {
  __m256d v;
  static constexpr size_t W = 4;
  VecD() = default;
  VecD(__m256d x) : v(x) {}
  VecD(double d) : v(_mm256_set1_pd(d)) {}
  static VecD load(const float* p) { return _mm256_cvtps_pd(_mm_loadu_ps(p)); }
  // Partial loads and stores (n < 4) go through Vec's, which touch only the first n floats.
  static VecD load_partial(const float* p, size_t n, float fill) {
    return _mm256_cvtps_pd(_mm256_castps256_ps128(Vec::load_partial(p, n, fill).v));
  }
  void store(float* p) const { _mm_storeu_ps(p, _mm256_cvtpd_ps(v)); }
  void store_partial(float* p, size_t n) const { Vec(_mm256_castps128_ps256(_mm256_cvtpd_ps(v))).store_partial(p, n); }
};
inline VecD operator+(VecD a, VecD b) { return _mm256_add_pd(a.v, b.v); }
inline VecD operator-(VecD a, VecD b) { return _mm256_sub_pd(a.v, b.v); }
inline VecD operator*(VecD a, VecD b) { return _mm256_mul_pd(a.v, b.v); }
inline VecD operator/(VecD a, VecD b) { return _mm256_div_pd(a.v, b.v); }
inline VecD operator-(VecD a) { return _mm256_xor_pd(a.v, _mm256_set1_pd(-0.0)); }
inline MaskD operator>(VecD a, VecD b) { return {_mm256_cmp_pd(a.v, b.v, _CMP_GT_OQ)}; }
inline MaskD is_nan(VecD a) { return {_mm256_cmp_pd(a.v, a.v, _CMP_UNORD_Q)}; }
inline VecD select(MaskD m, VecD a, VecD b) { return _mm256_blendv_pd(b.v, a.v, m.m); }
inline VecD sqrt(VecD a) { return _mm256_sqrt_pd(a.v); }

}  // namespace

#include "vec_math.h"

// Matmul register tile 6 x 16: 12 accumulators + 2 B vectors + 1 broadcast fill 15 of the 16 ymm registers.
// Blocks: a 256 x 16 sliver of B is 16 KiB (half of L1), a 144 x 256 block of A 144 KiB (within L2).
using Avx2Micro = MicroKernel<Vec, 6, 2, 144, 256>;

namespace {

// One 64-byte line of non-temporal stores (dst is 64-byte aligned: stream_copy_lines).
void stream_line(const float* src, float* dst) {
  _mm256_stream_ps(dst, _mm256_loadu_ps(src));
  _mm256_stream_ps(dst + 8, _mm256_loadu_ps(src + 8));
}

void stream_fence() { _mm_sfence(); }

}  // namespace

const Kernels& avx2_kernels() {
  static const Kernels table = derive_streaming<Vec, VecD, Avx2Micro, stream_line, stream_fence>("avx2");
  return table;
}
