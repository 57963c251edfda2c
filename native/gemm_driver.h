// Matrix product over packed panels (Goto/BLIS blocking), written once over a vector type V (see vec_math.h)
// and instantiated by each ISA file (anonymous namespace: one private copy per file, see vec_math.h).
//
// ops.cpp drives it in two steps so that threads share one packed copy of B: gemm_pack_b packs a block of B
// into NR-wide column panels, then threads claim output tiles and run gemm_tile on them, which packs its rows
// of A into MR-row panels (per thread scratch) and runs the register-tile micro-kernel over the panels.
// Loop order inside a tile: K in KC steps (a KC x NR sliver of B fits L1, the tile's MC x KC A block fits L2),
// then B panels, then A panels, so one B sliver stays in L1 while the A panels stream past it.
// Transposed operands are read transposed while packing: no transposed copy is ever made.
#pragma once
#include <cstddef>

#include "kernels.h"

namespace {

// The register tile: MR rows x NV vectors of B. Each step broadcasts MR values of A against NV vectors of B,
// so MR * NV accumulators plus NV + 1 operands must fit in the ISA's registers. MC and KC block A for L2 and
// B for L1 (see above).
template <class V, size_t kMR, size_t kNV, size_t kMC, size_t kKC>
struct MicroKernel {
  using Vector = V;
  static constexpr size_t MR = kMR, NR = kNV * V::W, MC = kMC, KC = kKC;
  static_assert(MC % MR == 0, "MC is a whole number of A panels");
  static_assert(MR <= 16 && kNV <= 16, "run's loops unroll up to 16");
  // Where two B slivers and an A panel fit a 48 KiB L1 (AVX2, NEON), Gemm::tile prefetches the next sliver
  // while this one is in use. AVX-512's 32 KiB sliver does not leave that room, and the A panels streaming past
  // it evict some of its lines: run prefetches its own sliver kBAhead rows ahead instead (alternating samples
  // against no prefetch, 2 threads: matmul 1024 +4-7%, the Linear shapes +4-5%; 8 to 48 rows did as well; on
  // AVX2 it cost 2%).
  static constexpr bool kNextSliverFits = (2 * NR + MR) * KC * sizeof(float) <= 48 * 1024;
  static constexpr size_t kBAhead = 16;

  // c[MR x NR] (+)= a (kc steps of MR floats) @ b (kc rows of NR floats, ldb apart).
  static void run(size_t kc, const float* a, const float* b, size_t ldb, float* c, size_t ldc, bool add) {
    for (size_t r = 0; r < MR; r++) __builtin_prefetch(c + r * ldc, 1);  // C is needed only at the end
    V acc[MR][kNV];
    for (size_t r = 0; r < MR; r++)
      for (size_t v = 0; v < kNV; v++) acc[r][v] = V(0.0f);
#pragma GCC unroll 1
    for (size_t k = 0; k < kc; k++, a += MR, b += ldb) {
      if constexpr (!kNextSliverFits)
        for (size_t v = 0; v < NR; v += 64 / sizeof(float)) __builtin_prefetch(b + kBAhead * ldb + v);
      V bv[kNV];
      for (size_t v = 0; v < kNV; v++) bv[v] = V::load(b + v * V::W);
      // Fully unrolled (MR, kNV <= 16), so the accumulators stay in registers.
#pragma GCC unroll 16
      for (size_t r = 0; r < MR; r++) {
        V ar(a[r]);
#pragma GCC unroll 16
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

// Floats the A scratch needs beyond MC * KC (pack_a's forward spill).
constexpr size_t kAScratchSlack = 64;

template <class MK>
struct Gemm {
  using V = typename MK::Vector;
  static constexpr size_t MR = MK::MR, NR = MK::NR, MC = MK::MC, KC = MK::KC;
  // Only when two B slivers and an A panel fit in a 48 KiB L1: AVX-512's 32 KiB sliver does not, and fetching
  // the next one evicted the current one (matmul 1024 on one thread: some runs fell to 97-118 GFLOP/s with
  // it, 133-140 without).
  static constexpr bool kPrefetchNextSliver = MK::kNextSliverFits;

  static size_t lesser(size_t a, size_t b) { return a < b ? a : b; }
  static size_t div_up(size_t a, size_t b) { return (a + b - 1) / b; }

  // out[k * R + r] = src[r * ld + k] for r < R and k below the returned multiple of W (<= kc): W x W blocks
  // go through registers (transpose, from the ISA file). When R is not a multiple of W, the last block of rows
  // is padded and its stores spill up to W floats forward, over slots written later (or past the end).
  template <size_t R>
  static size_t transpose_rows(const float* src, size_t ld, size_t kc, float* out) {
    constexpr size_t W = V::W;
    size_t k = 0;
    for (; k + W <= kc; k += W)
      for (size_t r0 = 0; r0 < R; r0 += W) {
        V t[W];
        for (size_t i = 0; i < W; i++) t[i] = r0 + i < R ? V::load(src + (r0 + i) * ld + k) : V(0.0f);
        transpose(t);
        for (size_t i = 0; i < W; i++) t[i].store(out + (k + i) * R + r0);
      }
    return k;
  }

  // Packs `count` lines (rows of A, columns of B) of kc elements into panels of P lines, k-major inside a
  // panel: out[k * P + r] is line r's k-th element, src[r * line + k * step]; missing lines are 0. Writes up
  // to V::W floats past the end of the packing when P is not a multiple of V::W (kAScratchSlack).
  template <size_t P>
  static void pack_panels(const float* src, size_t line, size_t step, size_t count, size_t kc, float* out) {
    for (size_t p = 0; p < count; p += P, out += P * kc) {
      size_t lines = lesser(P, count - p);
      const float* base = src + p * line;
      if (lines == P && line == 1) {  // the P elements of each k are contiguous (transposed A, row-major B)
        for (size_t k = 0; k < kc; k++) {
          if constexpr (P % V::W == 0) {
            for (size_t v = 0; v < P; v += V::W) V::load(base + k * step + v).store(out + k * P + v);
          } else {
            for (size_t r = 0; r < P; r++) out[k * P + r] = base[k * step + r];
          }
        }
      } else if (lines == P && step == 1) {  // each line contiguous (row-major A, Linear's transposed weight)
        size_t k = transpose_rows<P>(base, line, kc, out);
        for (; k < kc; k++)
          for (size_t r = 0; r < P; r++) out[k * P + r] = base[r * line + k];
      } else {
        for (size_t k = 0; k < kc; k++) {
          for (size_t r = 0; r < lines; r++) out[k * P + r] = base[r * line + k * step];
          for (size_t r = lines; r < P; r++) out[k * P + r] = 0.0f;
        }
      }
    }
  }

  // A rows [i0, i0+mc) x cols [k0, k0+kc) as panels of MR rows.
  static void pack_a(const GemmArgs& g, size_t i0, size_t mc, size_t k0, size_t kc, float* out) {
    pack_panels<MR>(g.a + i0 * g.a_row + k0 * g.a_col, g.a_row, g.a_col, mc, kc, out);
  }

  // B rows [k0, k0+kc) x cols [j0, j0+nc) as panels of NR columns.
  static void pack_b(const GemmArgs& g, size_t k0, size_t kc, size_t j0, size_t nc, float* out) {
    pack_panels<NR>(g.b + k0 * g.b_row + j0 * g.b_col, g.b_col, g.b_row, nc, kc, out);
  }

  // Applies g's epilogue to C[i0:i1, j0:j1], whose sums are complete: row by row, so a row segment is still
  // in L1 from the add when the activation reads it.
  static void finish(const GemmArgs& g, size_t i0, size_t i1, size_t j0, size_t j1) {
    const GemmEpilogue& e = *g.epilogue;
    for (size_t i = i0; i < i1; i++) {
      float* row = g.c + i * g.N + j0;
      if (e.bias) e.add(row, 1, e.bias + j0, 1, row, j1 - j0, 0.0f, 0.0f);
      if (e.act) e.act(row, row, j1 - j0, e.p0, e.p1);
    }
  }

  // C[i0:i1, j0:j1] (+)= A[i0:i1, k0:k0+kc] @ B[k0:k0+kc, j0:j1], B packed by pack_b(g, k0, kc, j0, ...), or
  // read in place when b_packed is null (row-major B; for a few rows of A, where packing B would cost more than
  // it saves): then only a panel cut by the tile's edge is packed, into the scratch after A's block.
  static void tile(const GemmArgs& g, const GemmTile& t, const float* b_packed, float* a_scratch) {
    float* edge_panel = a_scratch + MC * KC + kAScratchSlack;
    for (size_t pc = 0; pc < t.kc; pc += KC) {
      size_t kc = lesser(KC, t.kc - pc);
      bool add = t.k0 + pc > 0 || g.accumulate;  // the first K block overwrites C (which may hold garbage)
      for (size_t ic = t.i0; ic < t.i1; ic += MC) {
        size_t mc = lesser(MC, t.i1 - ic);
        pack_a(g, ic, mc, t.k0 + pc, kc, a_scratch);
        for (size_t jr = t.j0; jr < t.j1; jr += NR) {
          size_t cols = lesser(NR, t.j1 - jr);
          const float* b_panel = b_packed + (jr - t.j0) * t.kc + pc * NR;
          size_t ldb = NR;
          if (!b_packed && cols == NR) {
            b_panel = g.b + (t.k0 + pc) * g.b_row + jr, ldb = g.b_row;
          } else if (!b_packed) {
            pack_b(g, t.k0 + pc, kc, jr, cols, edge_panel);
            b_panel = edge_panel;
          }
          // The next B sliver comes from L2/L3: prefetched a slice per A panel, it is in L1 when needed.
          const char* next = reinterpret_cast<const char*>(b_panel + t.kc * NR);
          size_t slice = div_up(kc * NR * sizeof(float), 64 * div_up(mc, MR)) * 64;
          bool prefetch = kPrefetchNextSliver && b_packed && jr + NR < t.j1;
          for (size_t ir = 0; ir < mc; ir += MR) {
            for (size_t line = 0; prefetch && line < slice; line += 64) __builtin_prefetch(next + ir / MR * slice + line);
            float* c = g.c + (ic + ir) * g.N + jr;
            const float* a_panel = a_scratch + ir * kc;
            size_t rows = lesser(MR, mc - ir);
            if (rows == MR && cols == NR) {
              MK::run(kc, a_panel, b_panel, ldb, c, g.N, add);
              continue;
            }
            // Edge tile: compute the full register tile aside, then write only the valid part.
            alignas(64) float edge[MR * NR];
            MK::run(kc, a_panel, b_panel, ldb, edge, NR, false);
            for (size_t r = 0; r < rows; r++)
              for (size_t col = 0; col < cols; col++)
                c[r * g.N + col] = add ? c[r * g.N + col] + edge[r * NR + col] : edge[r * NR + col];
          }
        }
        // These rows' sums are complete after the last K step: the epilogue runs while they are in cache.
        if (g.epilogue && t.k0 + pc + kc == g.K) finish(g, ic, ic + mc, t.j0, t.j1);
      }
    }
  }

  // C[:, j0:j1] (+)= A @ B for a few rows of row-major A against a transposed B (Linear's x @ W^T on a small
  // batch): each element is the dot product of a row of A and a row of W, both contiguous, so nothing is packed
  // (packing B would cost more than these few rows gain from it). 3 rows x 4 columns per step: 12 accumulators
  // and 4 operands fill AVX2's 16 registers (the compiler folds the other loads into the FMAs); the lanes of
  // each accumulator are added up at the end.
  static void dots(const GemmArgs& g, size_t j0, size_t j1) {
    constexpr size_t W = V::W, kRows = 3;
    const size_t K = g.K;
    for (size_t j = j0; j < j1; j += 4)
      for (size_t i = 0; i < g.M; i += kRows) {
        size_t rows = lesser(kRows, g.M - i), cols = lesser(4, j1 - j);
        const float* a[kRows];  // missing rows and columns repeat the last one; their sums are dropped
        const float* w[4];
        for (size_t r = 0; r < kRows; r++) a[r] = g.a + (i + lesser(r, rows - 1)) * g.a_row;
        for (size_t c = 0; c < 4; c++) w[c] = g.b + (j + lesser(c, cols - 1)) * g.b_col;
        V acc[kRows][4];
        for (size_t r = 0; r < kRows; r++)
          for (size_t c = 0; c < 4; c++) acc[r][c] = V(0.0f);
        auto step = [&](size_t k, size_t n) {
          V wv[4];
          for (size_t c = 0; c < 4; c++) wv[c] = n == W ? V::load(w[c] + k) : V::load_partial(w[c] + k, n, 0.0f);
          for (size_t r = 0; r < kRows; r++) {
            V av = n == W ? V::load(a[r] + k) : V::load_partial(a[r] + k, n, 0.0f);
            for (size_t c = 0; c < 4; c++) acc[r][c] = fma(av, wv[c], acc[r][c]);
          }
        };
        size_t k = 0;
        for (; k + W <= K; k += W) step(k, W);
        if (k < K) step(k, K - k);
        for (size_t r = 0; r < rows; r++)
          for (size_t c = 0; c < cols; c++) {
            float lanes[W], sum = 0.0f;
            acc[r][c].store(lanes);
            for (size_t l = 0; l < W; l++) sum += lanes[l];
            float* out = g.c + (i + r) * g.N + j + c;
            *out = g.accumulate ? *out + sum : sum;
          }
      }
    if (g.epilogue) finish(g, 0, g.M, j0, j1);
  }

  static void fill(Kernels& k) {
    k.gemm_dots = dots;
    k.gemm_pack_b = pack_b;
    k.gemm_tile = tile;
    k.gemm_mr = MR;
    k.gemm_nr = NR;
    k.gemm_mc = MC;
    k.gemm_kc = KC;
    k.gemm_a_scratch_floats = MC * KC + kAScratchSlack + KC * NR;
  }
};

}  // namespace
