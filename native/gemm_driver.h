// Cache-blocked matrix product over packed panels, written once over a vector type V (see vec_math.h) and
// instantiated by each ISA file (anonymous namespace: one private copy per file, see vec_math.h).
//
// A micro-kernel MK provides MR x NR (register tile), MC/KC/NC (cache blocks: an MC x KC block of A stays in
// L2, a KC x NR sliver of B in L1), and run(kc, a_panel, b_panel, c, ldc, add): c[MR x NR] (+)= a_panel @ b_panel.
#pragma once
#include <cstddef>

#include "kernels.h"

namespace {

// The register tile: MR rows x NV vectors of B. Each step broadcasts MR values of A against NV vectors of B,
// so MR * NV accumulators plus NV + 1 operands must fit in the ISA's registers.
template <class V, size_t kMR, size_t kNV, size_t kMC, size_t kKC, size_t kNC>
struct MicroKernel {
  static constexpr size_t MR = kMR, NR = kNV * V::W, MC = kMC, KC = kKC, NC = kNC;
  static void run(size_t kc, const float* a, const float* b, float* c, size_t ldc, bool add) {
    V acc[MR][kNV];
    for (size_t r = 0; r < MR; r++)
      for (size_t v = 0; v < kNV; v++) acc[r][v] = V(0.0f);
    for (size_t k = 0; k < kc; k++, a += MR, b += NR) {
      V bv[kNV];
      for (size_t v = 0; v < kNV; v++) bv[v] = V::load(b + v * V::W);
#pragma GCC unroll 8
      for (size_t r = 0; r < MR; r++) {
        V ar(a[r]);
#pragma GCC unroll 8
        for (size_t v = 0; v < kNV; v++) acc[r][v] = fma(ar, bv[v], acc[r][v]);
      }
    }
    for (size_t r = 0; r < MR; r++)
      for (size_t v = 0; v < kNV; v++) {
        float* p = c + r * ldc + v * V::W;
        (add ? acc[r][v] + V::load(p) : acc[r][v]).store(p);
      }
  }
};

template <class MK>
struct Gemm {
  static constexpr size_t MR = MK::MR, NR = MK::NR, MC = MK::MC, KC = MK::KC, NC = MK::NC;
  static constexpr size_t kScratchFloats = MC * KC + KC * NC;

  static size_t lesser(size_t a, size_t b) { return a < b ? a : b; }

  // A rows [i0, i0+mc) x cols [k0, k0+kc) as panels of MR rows, k-major inside a panel; missing rows are 0.
  static void pack_a(const GemmArgs& g, size_t i0, size_t mc, size_t k0, size_t kc, float* out) {
    for (size_t p = 0; p < mc; p += MR) {
      size_t rows = lesser(MR, mc - p);
      const float* base = g.a + (i0 + p) * g.a_row + k0 * g.a_col;
      for (size_t k = 0; k < kc; k++, out += MR) {
        for (size_t r = 0; r < rows; r++) out[r] = base[r * g.a_row + k * g.a_col];
        for (size_t r = rows; r < MR; r++) out[r] = 0.0f;
      }
    }
  }

  // B rows [k0, k0+kc) x cols [j0, j0+nc) as panels of NR columns; missing columns are 0.
  static void pack_b(const GemmArgs& g, size_t k0, size_t kc, size_t j0, size_t nc, float* out) {
    for (size_t p = 0; p < nc; p += NR) {
      size_t cols = lesser(NR, nc - p);
      const float* base = g.b + k0 * g.b_row + (j0 + p) * g.b_col;
      for (size_t k = 0; k < kc; k++, out += NR) {
        for (size_t c = 0; c < cols; c++) out[c] = base[k * g.b_row + c * g.b_col];
        for (size_t c = cols; c < NR; c++) out[c] = 0.0f;
      }
    }
  }

  static void tile(const GemmArgs& g, size_t i0, size_t i1, size_t j0, size_t j1, float* scratch) {
    float* a_packed = scratch;
    float* b_packed = scratch + MC * KC;
    for (size_t k0 = 0; k0 < g.K; k0 += KC) {
      size_t kc = lesser(KC, g.K - k0);
      bool add = k0 > 0 || g.accumulate;  // the first K block overwrites C (which may hold garbage)
      for (size_t jc = j0; jc < j1; jc += NC) {
        size_t nc = lesser(NC, j1 - jc);
        pack_b(g, k0, kc, jc, nc, b_packed);
        for (size_t ic = i0; ic < i1; ic += MC) {
          size_t mc = lesser(MC, i1 - ic);
          pack_a(g, ic, mc, k0, kc, a_packed);
          for (size_t jr = 0; jr < nc; jr += NR) {
            for (size_t ir = 0; ir < mc; ir += MR) {
              float* c = g.c + (ic + ir) * g.N + jc + jr;
              const float* a_panel = a_packed + ir * kc;
              const float* b_panel = b_packed + jr * kc;
              size_t rows = lesser(MR, mc - ir), cols = lesser(NR, nc - jr);
              if (rows == MR && cols == NR) {
                MK::run(kc, a_panel, b_panel, c, g.N, add);
                continue;
              }
              // Edge tile: compute the full register tile aside, then write only the valid part.
              alignas(64) float edge[MR * NR];
              MK::run(kc, a_panel, b_panel, edge, NR, false);
              for (size_t r = 0; r < rows; r++)
                for (size_t col = 0; col < cols; col++)
                  c[r * g.N + col] = add ? c[r * g.N + col] + edge[r * NR + col] : edge[r * NR + col];
            }
          }
        }
      }
    }
  }

  static void fill(Kernels& k) {
    k.gemm = tile;
    k.gemm_tile_m = MC;
    k.gemm_tile_n = NC;
    k.gemm_scratch_floats = kScratchFloats;
  }
};

}  // namespace
