// NEON kernels for aarch64 (NEON is part of the base ISA there, so this table is always used on arm64).
// Math and loops come from vec_math.h / gemm_driver.h; this file supplies the 4-lane vector type and the
// 8x8 matmul micro-kernel.
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
inline Vec round_even(Vec a) { return vrndnq_f32(a.v); }
inline Vec pow2(Vec n) {
  int32x4_t e = vaddq_s32(vcvtq_s32_f32(n.v), vdupq_n_s32(127));
  return vreinterpretq_f32_s32(vshlq_n_s32(e, 23));
}
inline Vec copy_sign(Vec mag, Vec sign) { return vbslq_f32(vdupq_n_u32(0x80000000u), sign.v, mag.v); }

// 8 rows x 8 columns: 16 accumulators, A and B each two vectors per k; A lanes feed vfmaq_laneq.
struct NeonMicro {
  static constexpr size_t MR = 8, NR = 8, MC = 64, KC = 256, NC = 512;
  static void run(size_t kc, const float* a, const float* b, float* c, size_t ldc, bool add) {
    float32x4_t acc[MR][2];
    for (size_t r = 0; r < MR; r++) acc[r][0] = acc[r][1] = vdupq_n_f32(0.0f);
    for (size_t k = 0; k < kc; k++, a += MR, b += NR) {
      float32x4_t a0 = vld1q_f32(a), a1 = vld1q_f32(a + 4), b0 = vld1q_f32(b), b1 = vld1q_f32(b + 4);
#define TORCHLET_ROW(r, av, lane)                               \
  acc[r][0] = vfmaq_laneq_f32(acc[r][0], b0, av, lane);         \
  acc[r][1] = vfmaq_laneq_f32(acc[r][1], b1, av, lane);
      TORCHLET_ROW(0, a0, 0) TORCHLET_ROW(1, a0, 1) TORCHLET_ROW(2, a0, 2) TORCHLET_ROW(3, a0, 3)
      TORCHLET_ROW(4, a1, 0) TORCHLET_ROW(5, a1, 1) TORCHLET_ROW(6, a1, 2) TORCHLET_ROW(7, a1, 3)
#undef TORCHLET_ROW
    }
    for (size_t r = 0; r < MR; r++) {
      float* row = c + r * ldc;
      if (add) {
        acc[r][0] = vaddq_f32(acc[r][0], vld1q_f32(row));
        acc[r][1] = vaddq_f32(acc[r][1], vld1q_f32(row + 4));
      }
      vst1q_f32(row, acc[r][0]);
      vst1q_f32(row + 4, acc[r][1]);
    }
  }
};

}  // namespace

#include "vec_math.h"

const Kernels& neon_kernels() {
  static const Kernels table = derive_from_scalar<Vec, NeonMicro>("neon");
  return table;
}
