// AVX-512 kernels (this file alone is compiled with -mavx512f -mavx512dq -mfma; dispatch.cpp uses it only when
// the CPU has AVX-512F and DQ, as every AVX-512 CPU but Xeon Phi has). The same math and loops as the AVX2 table
// (vec_math.h, gemm_driver.h) on 16 lanes, so exp, sigmoid and tanh give the AVX2 table's bits; DQ gives
// vrangeps alone. This file supplies the 16-lane vector, the 8-lane double vector (optimizer steps) and the
// matmul register tile size.
// GCC 12's avx512fintrin.h starts its "undefined" vectors as self-initialized (__m512 __Y = __Y), which
// -Wmaybe-uninitialized reports wherever such an intrinsic inlines.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <cstdint>

#include "kernels.h"

namespace {

struct Mask {
  __mmask16 m;
};
inline Mask operator|(Mask a, Mask b) { return {__mmask16(a.m | b.m)}; }
inline Mask operator&(Mask a, Mask b) { return {__mmask16(a.m & b.m)}; }

// Lanes [0, n) set, n <= 16: masked loads and stores touch no memory past the end of an array.
inline __mmask16 first_lanes(size_t n) { return __mmask16((uint32_t(1) << n) - 1); }

inline __m512i bits(__m512 a) { return _mm512_castps_si512(a); }
inline __m512 from_bits(__m512i a) { return _mm512_castsi512_ps(a); }
inline __m512i sign_bits() { return _mm512_set1_epi32(int32_t(0x80000000u)); }

struct Vec {
  __m512 v;
  static constexpr size_t W = 16;
  Vec() = default;
  Vec(__m512 x) : v(x) {}
  Vec(float f) : v(_mm512_set1_ps(f)) {}
  static Vec load(const float* p) { return _mm512_loadu_ps(p); }
  static Vec load_partial(const float* p, size_t n, float fill) {
    return _mm512_mask_loadu_ps(_mm512_set1_ps(fill), first_lanes(n), p);
  }
  void store(float* p) const { _mm512_storeu_ps(p, v); }
  void store_partial(float* p, size_t n) const { _mm512_mask_storeu_ps(p, first_lanes(n), v); }
};
inline Vec operator+(Vec a, Vec b) { return _mm512_add_ps(a.v, b.v); }
inline Vec operator-(Vec a, Vec b) { return _mm512_sub_ps(a.v, b.v); }
inline Vec operator*(Vec a, Vec b) { return _mm512_mul_ps(a.v, b.v); }
inline Vec operator/(Vec a, Vec b) { return _mm512_div_ps(a.v, b.v); }
inline Vec operator-(Vec a) { return from_bits(_mm512_xor_epi32(bits(a.v), sign_bits())); }
inline Mask operator<(Vec a, Vec b) { return {_mm512_cmp_ps_mask(a.v, b.v, _CMP_LT_OQ)}; }
inline Mask operator<=(Vec a, Vec b) { return {_mm512_cmp_ps_mask(a.v, b.v, _CMP_LE_OQ)}; }
inline Mask operator>(Vec a, Vec b) { return {_mm512_cmp_ps_mask(a.v, b.v, _CMP_GT_OQ)}; }
inline Mask operator>=(Vec a, Vec b) { return {_mm512_cmp_ps_mask(a.v, b.v, _CMP_GE_OQ)}; }
inline Mask operator==(Vec a, Vec b) { return {_mm512_cmp_ps_mask(a.v, b.v, _CMP_EQ_OQ)}; }
inline Vec select(Mask m, Vec a, Vec b) { return _mm512_mask_blend_ps(m.m, b.v, a.v); }
inline Mask is_nan(Vec a) { return {_mm512_cmp_ps_mask(a.v, a.v, _CMP_UNORD_Q)}; }
inline Vec fma(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a.v, b.v, c.v); }
inline Vec abs(Vec a) { return from_bits(_mm512_andnot_epi32(sign_bits(), bits(a.v))); }
inline Vec sqrt(Vec a) { return _mm512_sqrt_ps(a.v); }
// b when a or b is NaN, as AVX2's minps/maxps (used with a constant a: a NaN b stays NaN).
inline Vec min(Vec a, Vec b) { return _mm512_min_ps(a.v, b.v); }
inline Vec max(Vec a, Vec b) { return _mm512_max_ps(a.v, b.v); }
inline Vec neg_abs(Vec a) { return from_bits(_mm512_or_epi32(bits(a.v), sign_bits())); }
inline Vec pow2_shifted(Vec t) { return from_bits(_mm512_slli_epi32(bits(t.v), 23)); }
inline Vec select_sign(Vec s, Vec a, Vec b) {  // by s's sign bit alone
  return _mm512_mask_blend_ps(_mm512_cmplt_epi32_mask(bits(s.v), _mm512_setzero_si512()), b.v, a.v);
}
inline Vec copy_sign(Vec mag, Vec sign) {
  return from_bits(_mm512_or_epi32(_mm512_andnot_epi32(sign_bits(), bits(mag.v)), _mm512_and_epi32(sign_bits(), bits(sign.v))));
}
// a 2^b for integral b, rounded once: vec_math.h's exp and sigmoid scale by it (one instruction where the generic
// form takes three or four, with the same bits: kernel_test compares the SIMD tables over every checked input).
inline Vec scalef(Vec a, Vec b) { return _mm512_scalef_ps(a.v, b.v); }
// vec_math.h's sigmoid numerator in one instruction for two:
// e for x < 0 and x = -inf, 1 for x > 0, x = +inf and x = +-0 (where e is 1 too), NaN for NaN x (whose e may be
// a number: see sigmoid_argument), chosen by x's class (vfixupimmps: a 4-bit token per class, 0 = keep e,
// 2 = x quieted, 0xA = +1.0).
inline Vec sigmoid_numerator(Vec x, Vec e) {
  // classes, low nibble first: QNaN, SNaN, +-0, +1, -inf, +inf, negative, positive
  return _mm512_fixupimm_ps(e.v, x.v, _mm512_set1_epi32(int32_t(0xA0A0AA22u)), 0);
}
// vec_math.h's sigmoid argument, -min(|x|, 104), in one instruction for two: vrangeps's smaller magnitude with
// the sign set (imm 0b11'10). It gives -104 for a quiet NaN x (it takes a quiet NaN as a missing operand), which
// sigmoid_numerator turns back into NaN; tanh, which has no such step, keeps max(-10, -|x|).
inline Vec sigmoid_argument(Vec x) { return _mm512_range_ps(x.v, _mm512_set1_ps(104.0f), 0x0E); }

// 16 x 16 transpose in registers (matmul packing reads transposed operands with it). Within each 128-bit lane
// as AVX2 does for 8 x 8; then u[4g + j]'s lane L holds column 4L + j of rows 4g..4g+3, and the 128-bit lanes
// are transposed as a 4 x 4 block: row 4L + j = lane L of u[j], u[4 + j], u[8 + j], u[12 + j].
inline void transpose(Vec (&r)[16]) {
  __m512 t[16], u[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i].v, r[i + 1].v);
    t[i + 1] = _mm512_unpackhi_ps(r[i].v, r[i + 1].v);
  }
  for (int i = 0; i < 16; i += 4) {
    u[i] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int j = 0; j < 4; j++) {
    __m512 lo01 = _mm512_shuffle_f32x4(u[j], u[4 + j], 0x44), hi01 = _mm512_shuffle_f32x4(u[j], u[4 + j], 0xEE);
    __m512 lo23 = _mm512_shuffle_f32x4(u[8 + j], u[12 + j], 0x44), hi23 = _mm512_shuffle_f32x4(u[8 + j], u[12 + j], 0xEE);
    r[j] = _mm512_shuffle_f32x4(lo01, lo23, 0x88);
    r[4 + j] = _mm512_shuffle_f32x4(lo01, lo23, 0xDD);
    r[8 + j] = _mm512_shuffle_f32x4(hi01, hi23, 0x88);
    r[12 + j] = _mm512_shuffle_f32x4(hi01, hi23, 0xDD);
  }
}

// Eight doubles, loaded from and stored to floats.
struct MaskD {
  __mmask8 m;
};
inline MaskD operator|(MaskD a, MaskD b) { return {__mmask8(a.m | b.m)}; }

struct VecD {
  __m512d v;
  static constexpr size_t W = 8;
  VecD() = default;
  VecD(__m512d x) : v(x) {}
  VecD(double d) : v(_mm512_set1_pd(d)) {}
  static VecD load(const float* p) { return _mm512_cvtps_pd(_mm256_loadu_ps(p)); }
  // Partial loads and stores (n < 8) go through Vec's, which touch only the first n floats.
  static VecD load_partial(const float* p, size_t n, float fill) {
    return _mm512_cvtps_pd(_mm512_castps512_ps256(Vec::load_partial(p, n, fill).v));
  }
  void store(float* p) const { _mm256_storeu_ps(p, _mm512_cvtpd_ps(v)); }
  void store_partial(float* p, size_t n) const { Vec(_mm512_castps256_ps512(_mm512_cvtpd_ps(v))).store_partial(p, n); }
};
inline VecD operator+(VecD a, VecD b) { return _mm512_add_pd(a.v, b.v); }
inline VecD operator-(VecD a, VecD b) { return _mm512_sub_pd(a.v, b.v); }
inline VecD operator*(VecD a, VecD b) { return _mm512_mul_pd(a.v, b.v); }
inline VecD operator/(VecD a, VecD b) { return _mm512_div_pd(a.v, b.v); }
inline VecD operator-(VecD a) {
  return _mm512_castsi512_pd(_mm512_xor_epi64(_mm512_castpd_si512(a.v), _mm512_set1_epi64(int64_t(0x8000000000000000ull))));
}
inline MaskD operator>(VecD a, VecD b) { return {_mm512_cmp_pd_mask(a.v, b.v, _CMP_GT_OQ)}; }
inline MaskD is_nan(VecD a) { return {_mm512_cmp_pd_mask(a.v, a.v, _CMP_UNORD_Q)}; }
inline VecD select(MaskD m, VecD a, VecD b) { return _mm512_mask_blend_pd(m.m, b.v, a.v); }
inline VecD sqrt(VecD a) { return _mm512_sqrt_pd(a.v); }

}  // namespace

#include "vec_math.h"

// Matmul register tile 12 x 32: 24 accumulators + 2 B vectors + 1 broadcast, 27 of the 32 zmm registers.
// Blocks: a 256 x 32 sliver of B is 32 KiB, a 144 x 256 block of A 144 KiB (within L2).
using Avx512Micro = MicroKernel<Vec, 12, 2, 144, 256>;

namespace {

// One 64-byte line of non-temporal stores (dst is 64-byte aligned: stream_copy_lines).
void stream_line(const float* src, float* dst) {
  _mm512_stream_ps(dst, _mm512_loadu_ps(src));
}

void stream_fence() { _mm_sfence(); }

}  // namespace

const Kernels& avx512_kernels() {
  static const Kernels table = derive_streaming<Vec, VecD, Avx512Micro, stream_line, stream_fence>("avx512");
  return table;
}
