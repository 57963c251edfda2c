// NEON kernels for aarch64 (NEON is part of the base ISA there, so this table is always used on arm64).
// Math and loops come from vec_math.h / gemm_driver.h; this file supplies the 4-lane vector type, the 2-lane
// double vector (optimizer steps) and the matmul register tile size.
#include <arm_neon.h>

#include <cstdint>

#include "kernels.h"

namespace {

struct Mask {
  uint32x4_t m;
};
inline Mask operator|(Mask a, Mask b) { return {vorrq_u32(a.m, b.m)}; }
inline Mask operator&(Mask a, Mask b) { return {vandq_u32(a.m, b.m)}; }

struct Vec {
  float32x4_t v;
  static constexpr size_t W = 4;
  Vec() = default;
  Vec(float32x4_t x) : v(x) {}
  Vec(float f) : v(vdupq_n_f32(f)) {}
  static Vec load(const float* p) { return vld1q_f32(p); }
  // NEON has no masked loads: tails go through a small buffer, so nothing past the array is touched.
  static Vec load_partial(const float* p, size_t n, float fill) {
    float tmp[4] = {fill, fill, fill, fill};
    for (size_t i = 0; i < n; i++) tmp[i] = p[i];
    return vld1q_f32(tmp);
  }
  void store(float* p) const { vst1q_f32(p, v); }
  void store_partial(float* p, size_t n) const {
    float tmp[4];
    vst1q_f32(tmp, v);
    for (size_t i = 0; i < n; i++) p[i] = tmp[i];
  }
};
inline Vec operator+(Vec a, Vec b) { return vaddq_f32(a.v, b.v); }
inline Vec operator-(Vec a, Vec b) { return vsubq_f32(a.v, b.v); }
inline Vec operator*(Vec a, Vec b) { return vmulq_f32(a.v, b.v); }
inline Vec operator/(Vec a, Vec b) { return vdivq_f32(a.v, b.v); }
inline Vec operator-(Vec a) { return vnegq_f32(a.v); }
inline Mask operator<(Vec a, Vec b) { return {vcltq_f32(a.v, b.v)}; }
inline Mask operator<=(Vec a, Vec b) { return {vcleq_f32(a.v, b.v)}; }
inline Mask operator>(Vec a, Vec b) { return {vcgtq_f32(a.v, b.v)}; }
inline Mask operator>=(Vec a, Vec b) { return {vcgeq_f32(a.v, b.v)}; }
inline Mask operator==(Vec a, Vec b) { return {vceqq_f32(a.v, b.v)}; }
inline Vec select(Mask m, Vec a, Vec b) { return vbslq_f32(m.m, a.v, b.v); }
inline Mask is_nan(Vec a) { return {vmvnq_u32(vceqq_f32(a.v, a.v))}; }
inline Vec fma(Vec a, Vec b, Vec c) { return vfmaq_f32(c.v, a.v, b.v); }
inline Vec abs(Vec a) { return vabsq_f32(a.v); }
inline Vec sqrt(Vec a) { return vsqrtq_f32(a.v); }
// NaN when either is NaN (used with a constant a: a NaN b stays NaN, as on x86).
inline Vec min(Vec a, Vec b) { return vminq_f32(a.v, b.v); }
inline Vec max(Vec a, Vec b) { return vmaxq_f32(a.v, b.v); }
inline Vec neg_abs(Vec a) { return vnegq_f32(vabsq_f32(a.v)); }
inline Vec pow2_shifted(Vec t) { return vreinterpretq_f32_u32(vshlq_n_u32(vreinterpretq_u32_f32(t.v), 23)); }
inline Vec select_sign(Vec s, Vec a, Vec b) {
  return vbslq_f32(vreinterpretq_u32_s32(vshrq_n_s32(vreinterpretq_s32_f32(s.v), 31)), a.v, b.v);
}
inline Vec copy_sign(Vec mag, Vec sign) { return vbslq_f32(vdupq_n_u32(0x80000000u), sign.v, mag.v); }
// 4 x 4 transpose in registers (matmul packing reads transposed operands with it).
inline void transpose(Vec (&r)[4]) {
  float32x4x2_t a = vtrnq_f32(r[0].v, r[1].v), b = vtrnq_f32(r[2].v, r[3].v);
  r[0] = vcombine_f32(vget_low_f32(a.val[0]), vget_low_f32(b.val[0]));
  r[1] = vcombine_f32(vget_low_f32(a.val[1]), vget_low_f32(b.val[1]));
  r[2] = vcombine_f32(vget_high_f32(a.val[0]), vget_high_f32(b.val[0]));
  r[3] = vcombine_f32(vget_high_f32(a.val[1]), vget_high_f32(b.val[1]));
}

// Two doubles, loaded from and stored to floats.
struct MaskD {
  uint64x2_t m;
};
inline MaskD operator|(MaskD a, MaskD b) { return {vorrq_u64(a.m, b.m)}; }

struct VecD {
  float64x2_t v;
  static constexpr size_t W = 2;
  VecD() = default;
  VecD(float64x2_t x) : v(x) {}
  VecD(double d) : v(vdupq_n_f64(d)) {}
  static VecD load(const float* p) { return vcvt_f64_f32(vld1_f32(p)); }
  // Partial loads and stores (n < 2) go through Vec's, which touch only the first n floats.
  static VecD load_partial(const float* p, size_t n, float fill) {
    return vcvt_f64_f32(vget_low_f32(Vec::load_partial(p, n, fill).v));
  }
  void store(float* p) const { vst1_f32(p, vcvt_f32_f64(v)); }
  void store_partial(float* p, size_t n) const {
    Vec(vcombine_f32(vcvt_f32_f64(v), vdup_n_f32(0.0f))).store_partial(p, n);
  }
};
inline VecD operator+(VecD a, VecD b) { return vaddq_f64(a.v, b.v); }
inline VecD operator-(VecD a, VecD b) { return vsubq_f64(a.v, b.v); }
inline VecD operator*(VecD a, VecD b) { return vmulq_f64(a.v, b.v); }
inline VecD operator/(VecD a, VecD b) { return vdivq_f64(a.v, b.v); }
inline VecD operator-(VecD a) { return vnegq_f64(a.v); }
inline MaskD operator>(VecD a, VecD b) { return {vcgtq_f64(a.v, b.v)}; }
inline MaskD is_nan(VecD a) { return {veorq_u64(vceqq_f64(a.v, a.v), vdupq_n_u64(~0ull))}; }
inline VecD select(MaskD m, VecD a, VecD b) { return vbslq_f64(m.m, a.v, b.v); }
inline VecD sqrt(VecD a) { return vsqrtq_f64(a.v); }

}  // namespace

#include "vec_math.h"

// Matmul register tile 8 x 8: 16 accumulators + 2 B vectors + broadcasts, of the 32 q registers.
using NeonMicro = MicroKernel<Vec, 8, 2, 128, 256>;

const Kernels& neon_kernels() {
  static const Kernels table = derive_from_scalar<Vec, VecD, NeonMicro>("neon");
  return table;
}
