// ISA-independent math and loops, written once over a vector type V and instantiated by each ISA file
// (kernels_scalar.cpp, kernels_avx2.cpp, kernels_neon.cpp) with its own V. Everything is in an anonymous
// namespace so each file gets a private copy compiled with its own flags: an inline function with external
// linkage would be merged across files by the linker, and the AVX2 copy could then run on a CPU without AVX2.
// For the same reason this header uses no std:: templates.
// Every file is compiled with -ffp-contract=off (CMakeLists.txt, native/test/run.sh): a*b + c is never fused behind
// our back (GCC's default in GNU mode would fuse it in the AVX2/NEON copies but not in the x86 scalar one), so the
// only fused multiply-adds are the fma() calls; kernel_test's ISA comparisons catch a build that contracts.
//
// V provides: W (lanes), V(float) broadcast, V::load/load_partial(p, n, fill), v.store/store_partial(p, n),
// + - * / and unary -, comparisons returning a mask (NaN compares false, except !=), mask | and &,
// select(mask, a, b), fma(a, b, c) = a*b + c, abs, neg_abs (-|v|), sqrt, is_nan, min(a, b) and max(a, b) (NaN
// when b is NaN; a is never NaN), pow2_shifted(t) (the float whose bits are t's shifted left by 23), select_sign(s,
// a, b) (a where s's sign bit is set), copy_sign(magnitude, sign). Optionally scalef(a, b) (a 2^b for integral b,
// rounded once: AVX-512's vscalefps), which exp and sigmoid then use, and its own sigmoid_numerator and
// sigmoid_argument (below).
// D, the double vector of the optimizer steps, provides: W, D(double) broadcast, the same loads and stores on
// float arrays (converting, rounding to nearest on store), + - * / and unary -, >, is_nan, mask |, select, sqrt.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "gemm_driver.h"
#include "kernels.h"

namespace {

inline size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

template <class V>
V load_n(const float* p, size_t count, float fill) {
  return count == V::W ? V::load(p) : V::load_partial(p, count, fill);
}
template <class V>
void store_n(float* p, V v, size_t count) {
  if (count == V::W) v.store(p);
  else v.store_partial(p, count);
}

// ---- Transcendentals (max errors over all floats are measured by native/test) ----
// e^z = 2^n e^r with n = round(z / ln2) and r = z - n ln2 in [-ln2/2, ln2/2]. n is rounded by adding
// kShifter + bias (kShifter = 1.5 * 2^23; ties to even; |z / ln2| < 2^21), which leaves n + bias in the sum's
// low mantissa bits, so pow2_shifted(sum) = 2^(n + bias - 127) with no conversion to integers.
constexpr float kShifter = 12582912.0f;

// e^r - 1 = r + r^2 Q(r) for |r| <= ln2/2; Q is a degree-4 near-minimax fit of (e^r - 1 - r) / r^2 (abs error
// 6e-8), evaluated in halves (Estrin): the dependency chain is what limits these kernels, more than op count.
// With k = 2, given h = r/2, returns (e^r - 1)/2 = h + h^2 2Q(2h): each coefficient times a power of two, so
// every rounding is the k = 1 one's, halved (tanh).
template <class V>
V expm1_reduced(V r, float k = 1.0f) {
  V r2 = r * r;
  V lo = fma(V(k * k * 1.66665770e-1f), r, V(k * 5.00000003e-1f));
  V hi = fma(V(k * k * k * k * 8.36317526e-3f), r, V(k * k * k * 4.16663755e-2f));
  hi = fma(V(k * k * k * k * k * 1.39410976e-3f), r2, hi);
  return fma(r2, fma(hi, r2, lo), r);
}

// e^z = (1 + p) 2^(n + bias - 127) for |z| <= 104: returns p = e^r - 1 and sets n and t = shifter + n,
// given shifter = kShifter + bias.
template <class V>
V exp_reduced(V z, V shifter, V& t, V& n) {
  t = fma(z, V(1.44269504f), shifter);
  n = t - shifter;
  // ln2 split so that n * 0.693359375 is exact (9 significant bits, |n| <= 150).
  V r = fma(n, V(-0.693359375f), z);
  return expm1_reduced(fma(n, V(2.12194440e-4f), r));
}

// Whether V has scalef (see above).
template <class V>
constexpr auto has_scalef(int) -> decltype(scalef(V(1.0f), V(1.0f)), true) {
  return true;
}
template <class V>
constexpr bool has_scalef(long) {
  return false;
}

// Sigmoid's numerator: e where x's sign bit is set, else 1 (e is 1 at x = +-0, so either is right there).
template <class V>
V sigmoid_numerator(V x, V e) {
  return select_sign(x, e, V(1.0f));
}

// Sigmoid's argument for the exp, -|x| clamped at -104 (e^-104 rounds to 0), NaN staying NaN.
template <class V>
V sigmoid_argument(V x) {
  return max(V(-104.0f), neg_abs(x));
}

// e^x, x clamped to [-104, 89] (exp is inf or rounds to 0 beyond; NaN stays NaN). 2^n, n in [-150, 128], is not
// always a normal float, so e^x = (1 + p) 2^(n+k) 2^-k: k = 64 for x < 0, where the last multiply rounds a
// denormal result (once), and k = -1 for x >= 0, where it overflows to inf. (1 + p) 2^(n+k) is normal, so its
// one rounding is 2^(n+k) times that of 1 + p: scalef's (1 + p) 2^n, rounded once, has the same bits.
template <class V>
V exp_v(V x) {
  V t, n, z = max(V(-104.0f), min(V(89.0f), x));
  if constexpr (has_scalef<V>(0)) {  // no bias: it only placed 2^n's exponent for pow2_shifted (n is the same)
    V p = exp_reduced(z, V(kShifter), t, n);
    return scalef(p + V(1.0f), n);
  } else {
    V p = exp_reduced(z, select_sign(x, V(kShifter + 127.0f + 64.0f), V(kShifter + 127.0f - 1.0f)), t, n);
    V s = pow2_shifted(t);
    return fma(p, s, s) * select_sign(x, V(0x1p-64f), V(2.0f));
  }
}

// 1 / (1 + e^-x), from e = e^-|x| in (0, 1] so nothing overflows: x >= 0: 1/(1+e); x < 0: e/(1+e).
// Max 2 ULP over all floats (native/test); correcting for e's and 1+e's rounding (tried) kept the max at
// 2 ULP and cost a third of the time.
template <class V>
V sigmoid_v(V x) {
  V z = sigmoid_argument(x);
  V t, n, e;
  V p = exp_reduced(z, V(kShifter + 127.0f + 64.0f), t, n);
  if constexpr (has_scalef<V>(0)) {
    e = scalef(p + V(1.0f), n);  // the same bits (see exp_v)
  } else {
    // e 2^64 = (1 + p) 2^(n+64) is normal for n in [-150, 0]; 2^-64 rounds a denormal e (once).
    V s = pow2_shifted(t);
    e = fma(p, s, s) * V(0x1p-64f);
  }
  return sigmoid_numerator(x, e) / (e + V(1.0f));
}

// tanh |x| = -m / (2 + m) with m = e^(-2|x|) - 1 = 2^n (1 + p) - 1 = 2^n p + (2^n - 1), sign copied. 2^n - 1 is
// exact (n in [-29, 0]) and for |x| < ln2/4 (n = 0) m is p itself, so small |x| keep their relative accuracy
// (1 - e^(-2|x|) would cancel). One exp and one division; the previous form computed a polynomial for
// |x| < 0.625 and 1 - 2 / (1 + e^(2|x|)) beyond, both for every lane.
// Computed from c = -|x| rather than 2c: the reduction and exp_reduced's polynomial are scaled by powers of two
// (so every rounding is the same, halved), giving h = r/2 and p/2, and m = 2^(n+1) (p/2) + (2^n - 1), with
// 2^(n+1) from the shifter's bias: one operation fewer than doubling c (7% less time per element on AVX-512,
// 5% on AVX2; the same bits).
template <class V>
V tanh_v(V x) {
  V c = max(V(-10.0f), neg_abs(x));  // tanh rounds to 1 beyond |x| = 9.02; NaN stays NaN
  // exp_reduced's two-part ln2 keeps n ln2 exact where fma is two roundings (x86 scalar); with ln2 as one
  // constant that table reached 3 ULP (AVX2 stayed at 2 and ran 11% faster).
  V shifter(kShifter + 128.0f);
  V t = fma(c, V(2.0f * 1.44269504f), shifter);
  V n = t - shifter;
  V h = fma(n, V(2.12194440e-4f / 2), fma(n, V(-0.693359375f / 2), c));
  V half_p = expm1_reduced(h, 2.0f);
  V s = pow2_shifted(t);  // 2^(n+1)
  V m = fma(s, half_p, fma(s, V(0.5f), V(-1.0f)));
  return copy_sign(m / (m + V(2.0f)), x);
}

// ---- Elementwise op formulas (the scalar semantics of lib/backend/ops.ts) ----

// PyTorch's order, min(max(x, lo), hi): hi wins when lo > hi; a NaN x stays NaN.
template <class V>
V clamp_v(V x, V lo, V hi) {
  V t = select(x < lo, lo, x);
  return select(t > hi, hi, t);
}

#define TORCHLET_UNARY(name, expr)                      \
  struct op_##name {                                    \
    template <class V>                                  \
    static V apply(V x, V p0, V p1) {                   \
      (void)p0;                                         \
      (void)p1;                                         \
      return expr;                                      \
    }                                                   \
  };
TORCHLET_UNARY(neg, -x)
TORCHLET_UNARY(abs, abs(x))
TORCHLET_UNARY(exp, exp_v(x))
TORCHLET_UNARY(sqrt, sqrt(x))
TORCHLET_UNARY(relu, select(x < V(0.0f), V(0.0f), x))
TORCHLET_UNARY(relu6, select(x < V(0.0f), V(0.0f), select(x > V(6.0f), V(6.0f), x)))
TORCHLET_UNARY(leaky_relu, select(x > V(0.0f), x, x * p0))
TORCHLET_UNARY(threshold, select(x <= p0, p1, x))
TORCHLET_UNARY(sigmoid, sigmoid_v(x))
TORCHLET_UNARY(tanh, tanh_v(x))
TORCHLET_UNARY(clamp, clamp_v(x, p0, p1))
#undef TORCHLET_UNARY
// The unary ops that have a formula above (log is scalar-only: kernels_scalar.cpp).
#define TORCHLET_VEC_UNARY_OPS(X) \
  X(neg) X(abs) X(exp) X(sqrt) X(relu) X(relu6) X(leaky_relu) X(threshold) X(sigmoid) X(tanh) X(clamp)

#define TORCHLET_BINARY(name, expr)                     \
  struct op_##name {                                    \
    template <class V>                                  \
    static V apply(V a, V b, V p0, V p1) {              \
      (void)p0;                                         \
      (void)p1;                                         \
      return expr;                                      \
    }                                                   \
  };
TORCHLET_BINARY(add, a + b)
TORCHLET_BINARY(sub, a - b)
TORCHLET_BINARY(mul, a * b)
TORCHLET_BINARY(div, a / b)
TORCHLET_BINARY(maximum, select(is_nan(a) | is_nan(b), a + b, select(a < b, b, a)))
TORCHLET_BINARY(minimum, select(is_nan(a) | is_nan(b), a + b, select(b < a, b, a)))
TORCHLET_BINARY(heaviside, select(a == V(0.0f), b, select(a > V(0.0f), V(1.0f), V(0.0f))))
TORCHLET_BINARY(threshold_backward, select(b <= p0, V(0.0f), a))
TORCHLET_BINARY(leaky_relu_backward, select(b > V(0.0f), a, a * p0))
TORCHLET_BINARY(hardtanh_backward, select((b <= p0) | (b >= p1), V(0.0f), a))
TORCHLET_BINARY(sigmoid_backward, a * b * (V(1.0f) - b))
TORCHLET_BINARY(tanh_backward, a * (V(1.0f) - b * b))
#undef TORCHLET_BINARY
// The binary ops that have a formula above (pow and the comparisons are scalar-only).
#define TORCHLET_VEC_BINARY_OPS(X)                                                                       \
  X(add) X(sub) X(mul) X(div) X(maximum) X(minimum) X(heaviside) X(threshold_backward) X(leaky_relu_backward) \
  X(hardtanh_backward) X(sigmoid_backward) X(tanh_backward)

// Floats per 64-byte cache line, and how far ahead of the loop the input is prefetched (2 KiB). The hardware
// prefetchers alone left sigmoid/tanh on 16e6 floats 7-20% slower (2 threads, in place and out=).
constexpr size_t kLineFloats = 16, kPrefetchFloats = 512;

template <class V, class Op>
void unary_loop(const float* x, float* out, size_t n, float p0, float p1) {
  V vp0(p0), vp1(p1);
  size_t i = 0;
  for (; i + kLineFloats <= n; i += kLineFloats) {  // a cache line per step, one prefetch for it
    __builtin_prefetch(x + i + kPrefetchFloats);  // never faults, even past the end
    for (size_t j = i; j < i + kLineFloats; j += V::W) Op::apply(V::load(x + j), vp0, vp1).store(out + j);
  }
  for (; i + V::W <= n; i += V::W) Op::apply(V::load(x + i), vp0, vp1).store(out + i);
  if (i < n) Op::apply(V::load_partial(x + i, n - i, 0.0f), vp0, vp1).store_partial(out + i, n - i);
}

// A step of 0 broadcasts that operand's single value; instantiated for each (a_step, b_step) so the loop is
// branch-free. The scalar is read once up front: out may overlap it.
template <class V, class Op, bool kStepA, bool kStepB>
void binary_loop_steps(const float* a, const float* b, float* out, size_t n, float p0, float p1) {
  V vp0(p0), vp1(p1), a0(a[0]), b0(b[0]);
  size_t i = 0;
  for (; i + V::W <= n; i += V::W) {
    V va = kStepA ? V::load(a + i) : a0, vb = kStepB ? V::load(b + i) : b0;
    Op::apply(va, vb, vp0, vp1).store(out + i);
  }
  if (i < n) {
    V va = kStepA ? V::load_partial(a + i, n - i, 0.0f) : a0, vb = kStepB ? V::load_partial(b + i, n - i, 0.0f) : b0;
    Op::apply(va, vb, vp0, vp1).store_partial(out + i, n - i);
  }
}

template <class V, class Op>
void binary_loop(const float* a, size_t a_step, const float* b, size_t b_step, void* out_v, size_t n, float p0,
                 float p1) {
  float* out = static_cast<float*>(out_v);
  if (n == 0) return;
  if (a_step && b_step) binary_loop_steps<V, Op, true, true>(a, b, out, n, p0, p1);
  else if (a_step) binary_loop_steps<V, Op, true, false>(a, b, out, n, p0, p1);
  else if (b_step) binary_loop_steps<V, Op, false, true>(a, b, out, n, p0, p1);
  else binary_loop_steps<V, Op, false, false>(a, b, out, n, p0, p1);
}

// ---- Reductions ----

// Scalar select/is_nan, so the folds below also run on doubles (lanes and blocks are combined in double).
inline double select(bool m, double a, double b) { return m ? a : b; }
inline bool is_nan(double x) { return x != x; }

// Each reduction: its identity, a step (on vectors and on doubles), what turns the folded total into the
// result, and whether the step is exact (max/min: then a long row needs no blocks).
struct plain_total {
  static double finish(double total, size_t) { return total; }
};
struct fold_sum : plain_total {
  static constexpr bool exact = false;
  static constexpr float identity = 0.0f;
  template <class V>
  static V step(V acc, V x) { return acc + x; }
};
struct fold_mean : fold_sum {
  static double finish(double total, size_t n) { return total / double(n); }
};
struct fold_prod : plain_total {
  static constexpr bool exact = false;
  static constexpr float identity = 1.0f;
  template <class V>
  static V step(V acc, V x) { return acc * x; }
};
// max/min propagate NaN: once acc is NaN no comparison replaces it.
struct fold_max : plain_total {
  static constexpr bool exact = true;
  static constexpr float identity = -INFINITY;
  template <class V>
  static V step(V acc, V x) { return select((x > acc) | is_nan(x), x, acc); }
};
struct fold_min : plain_total {
  static constexpr bool exact = true;
  static constexpr float identity = INFINITY;
  template <class V>
  static V step(V acc, V x) { return select((x < acc) | is_nan(x), x, acc); }
};

// Float partial results stay short, so a sum keeps float accuracy however long its axis: a row is folded in
// blocks of 4 * W * kLaneBlock elements into four accumulators (each lane taking kLaneBlock elements) that are
// added pairwise, and the blocks' lanes are combined in double; a column fold moves into double every
// kLaneBlock rows.
constexpr size_t kLaneBlock = 16;

// Folds v's lanes into total, in double.
template <class Fold, class V>
double fold_lanes(double total, V v) {
  float lanes[V::W];
  v.store(lanes);
  for (size_t l = 0; l < V::W; l++) total = Fold::step(total, double(lanes[l]));
  return total;
}

// Folds a row of n elements, where load(i, count) yields elements i..i+count as a V (count < W only at the end,
// with the missing lanes set to Fold::identity). Four accumulators hide the step's latency (more would spill
// registers when load computes, as softmax's exponentials do). Exact steps need no blocks.
template <class V, class Fold, class Load>
double fold_row(size_t n, Load load) {
  const size_t block = Fold::exact ? n : 4 * V::W * kLaneBlock;
  double total = Fold::identity;
  for (size_t start = 0; start < n; start += block) {
    size_t end = min_size(n, start + block), i = start;
    V acc[4] = {V(Fold::identity), V(Fold::identity), V(Fold::identity), V(Fold::identity)};
    for (; i + 4 * V::W <= end; i += 4 * V::W)
      for (size_t u = 0; u < 4; u++) acc[u] = Fold::step(acc[u], load(i + u * V::W, V::W));
    for (; i < end; i += V::W) acc[0] = Fold::step(acc[0], load(i, min_size(V::W, end - i)));
    total = fold_lanes<Fold>(total, Fold::step(Fold::step(acc[0], acc[1]), Fold::step(acc[2], acc[3])));
  }
  return total;
}

// Folds a vector of columns over n rows, where load(j) yields row j; returns the results (finished), one per lane.
template <class V, class Fold, class Load>
V fold_columns(size_t n, Load load) {
  const size_t block = Fold::exact ? n : kLaneBlock;
  double totals[V::W];
  for (double& t : totals) t = Fold::identity;
  for (size_t start = 0; start < n; start += block) {
    V acc(Fold::identity);
    for (size_t j = start, end = min_size(n, start + block); j < end; j++) acc = Fold::step(acc, load(j));
    float lanes[V::W];
    acc.store(lanes);
    for (size_t l = 0; l < V::W; l++) totals[l] = Fold::step(totals[l], double(lanes[l]));
  }
  float lanes[V::W];
  for (size_t l = 0; l < V::W; l++) lanes[l] = float(Fold::finish(totals[l], n));
  return V::load(lanes);
}

// A contiguous row's result from its chunks' partial results, partial(c) being chunk c's (see kReduceChunk).
template <class Fold, class Partial>
float combine_chunks(size_t n, Partial partial) {
  double total = Fold::identity;
  for (size_t c = 0; c * kReduceChunk < n; c++) total = Fold::step(total, partial(c));
  return float(Fold::finish(total, n));
}

template <class V, class Fold>
double reduce_chunk(const float* x, size_t n) {
  return fold_row<V, Fold>(n, [&](size_t i, size_t c) { return load_n<V>(x + i, c, Fold::identity); });
}

template <class Fold>
float reduce_combine(const double* partials, size_t n) {
  return combine_chunks<Fold>(n, [&](size_t c) { return partials[c]; });
}

template <class V, class Fold>
void reduce_kernel(const float* x, float* out, ReduceShape s) {
  if (s.inner == 1 && s.stride == 1) {
    for (size_t o = 0; o < s.outer; o++) {
      const float* row = x + o * s.n;
      // reduce_chunk's body, repeated so that it inlines: a call per row costs short rows dearly
      out[o] = combine_chunks<Fold>(s.n, [&](size_t c) {
        const float* chunk = row + c * kReduceChunk;
        return fold_row<V, Fold>(min_size(kReduceChunk, s.n - c * kReduceChunk),
                                 [&](size_t i, size_t k) { return load_n<V>(chunk + i, k, Fold::identity); });
      });
    }
    return;
  }
  for (size_t o = 0; o < s.outer; o++) {
    const float* slab = x + o * s.n * s.stride;
    for (size_t i = 0; i < s.inner; i += V::W) {
      size_t c = min_size(V::W, s.inner - i);
      auto row = [&](size_t j) { return load_n<V>(slab + j * s.stride + i, c, Fold::identity); };
      store_n(out + o * s.stride + i, fold_columns<V, Fold>(s.n, row), c);
    }
  }
}

// ---- softmax / log_softmax over the middle axis ----

template <class V>
void softmax_kernel(const float* x, float* out, ReduceShape s, bool log) {
  if (s.n == 0) return;
  if (s.inner == 1 && s.stride == 1) {
    for (size_t o = 0; o < s.outer; o++) {
      const float* xr = x + o * s.n;
      float* yr = out + o * s.n;
      V m(float(fold_row<V, fold_max>(s.n, [&](size_t i, size_t c) { return load_n<V>(xr + i, c, -INFINITY); })));
      // e^(x - m) with the missing tail lanes at -inf, so they add 0.
      auto exps = [&](size_t i, size_t c) {
        V e = exp_v(load_n<V>(xr + i, c, -INFINITY) - m);
        if (!log) store_n(yr + i, e, c);
        return e;
      };
      float sum = float(fold_row<V, fold_sum>(s.n, exps));
      if (log) {
        V shift(__builtin_logf(sum));  // builtins, not std:: inline functions (see the top)
        for (size_t i = 0; i < s.n; i += V::W) {
          size_t c = min_size(V::W, s.n - i);
          store_n(yr + i, (load_n<V>(xr + i, c, 0.0f) - m) - shift, c);
        }
      } else {
        V scale(1.0f / sum);
        for (size_t i = 0; i < s.n; i += V::W) {
          size_t c = min_size(V::W, s.n - i);
          store_n(yr + i, load_n<V>(yr + i, c, 0.0f) * scale, c);
        }
      }
    }
    return;
  }
  for (size_t o = 0; o < s.outer; o++) {
    const float* xs = x + o * s.n * s.stride;
    float* ys = out + o * s.n * s.stride;
    for (size_t i = 0; i < s.inner; i += V::W) {
      size_t c = min_size(V::W, s.inner - i);
      auto at = [&](size_t j) { return load_n<V>(xs + j * s.stride + i, c, 0.0f); };
      V m = at(0);
      for (size_t j = 1; j < s.n; j++) m = fold_max::step(m, at(j));
      V sum = fold_columns<V, fold_sum>(s.n, [&](size_t j) {
        V e = exp_v(at(j) - m);
        if (!log) store_n(ys + j * s.stride + i, e, c);
        return e;
      });
      float sums[V::W], logs[V::W];
      sum.store(sums);
      for (size_t l = 0; l < V::W; l++) logs[l] = __builtin_logf(sums[l]);
      V shift = V::load(logs), scale = V(1.0f) / sum;
      for (size_t j = 0; j < s.n; j++) {
        float* y = ys + j * s.stride + i;
        store_n(y, log ? (at(j) - m) - shift : load_n<V>(y, c, 0.0f) * scale, c);
      }
    }
  }
}

// softmax: gx = (g - sum(g*y)) * y; log_softmax: gx = g - e^y * sum(g).
template <class V>
void softmax_backward_kernel(const float* y, const float* g, float* out, ReduceShape s, bool log) {
  if (s.n == 0) return;
  auto grad = [log](V gv, V yv, V dot) { return log ? gv - exp_v(yv) * dot : (gv - dot) * yv; };
  if (s.inner == 1 && s.stride == 1) {
    for (size_t o = 0; o < s.outer; o++) {
      const float *yr = y + o * s.n, *gr = g + o * s.n;
      float* outr = out + o * s.n;
      auto terms = [&](size_t i, size_t c) {
        V gv = load_n<V>(gr + i, c, 0.0f);
        return log ? gv : gv * load_n<V>(yr + i, c, 0.0f);
      };
      V dot(float(fold_row<V, fold_sum>(s.n, terms)));
      for (size_t i = 0; i < s.n; i += V::W) {
        size_t c = min_size(V::W, s.n - i);
        store_n(outr + i, grad(load_n<V>(gr + i, c, 0.0f), load_n<V>(yr + i, c, 0.0f), dot), c);
      }
    }
    return;
  }
  for (size_t o = 0; o < s.outer; o++) {
    size_t base = o * s.n * s.stride;
    for (size_t i = 0; i < s.inner; i += V::W) {
      size_t c = min_size(V::W, s.inner - i);
      auto at = [&](const float* p, size_t j) { return load_n<V>(p + base + j * s.stride + i, c, 0.0f); };
      V dot = fold_columns<V, fold_sum>(s.n, [&](size_t j) { return log ? at(g, j) : at(g, j) * at(y, j); });
      for (size_t j = 0; j < s.n; j++) store_n(out + base + j * s.stride + i, grad(at(g, j), at(y, j), dot), c);
    }
  }
}

// ---- cross-entropy's halves: softmax's statistics, and softmax times a coefficient ----
// The max and the log of the sum are computed as softmax_kernel's log branch computes them (the same folds in the
// same order), so a log-probability rebuilt from them, (x - max) - log_sum, is log_softmax's bit for bit
// (kernel_test checks it): the fused cross-entropy gives the composed path's values.

template <class V>
void softmax_stats_kernel(const float* x, double* max, double* log_sum, ReduceShape s) {
  if (s.n == 0) return;
  if (s.inner == 1 && s.stride == 1) {
    for (size_t o = 0; o < s.outer; o++) {
      const float* xr = x + o * s.n;
      float m = float(fold_row<V, fold_max>(s.n, [&](size_t i, size_t c) { return load_n<V>(xr + i, c, -INFINITY); }));
      auto exps = [&](size_t i, size_t c) { return exp_v(load_n<V>(xr + i, c, -INFINITY) - V(m)); };
      max[o] = m;
      log_sum[o] = __builtin_logf(float(fold_row<V, fold_sum>(s.n, exps)));
    }
    return;
  }
  for (size_t o = 0; o < s.outer; o++) {
    const float* xs = x + o * s.n * s.stride;
    for (size_t i = 0; i < s.inner; i += V::W) {
      size_t c = min_size(V::W, s.inner - i);
      auto at = [&](size_t j) { return load_n<V>(xs + j * s.stride + i, c, 0.0f); };
      V m = at(0);
      for (size_t j = 1; j < s.n; j++) m = fold_max::step(m, at(j));
      V sum = fold_columns<V, fold_sum>(s.n, [&](size_t j) { return exp_v(at(j) - m); });
      float ms[V::W], sums[V::W];
      m.store(ms);
      sum.store(sums);
      for (size_t l = 0; l < c; l++) {
        max[o * s.stride + i + l] = ms[l];
        log_sum[o * s.stride + i + l] = __builtin_logf(sums[l]);
      }
    }
  }
}

// Lanes [0, c) of per-position doubles (float values) as a float vector.
template <class V>
V load_positions(const double* p, size_t c) {
  float lanes[V::W] = {};
  for (size_t l = 0; l < c; l++) lanes[l] = float(p[l]);
  return V::load(lanes);
}

template <class V>
void softmax_scaled_kernel(const float* x, const double* max, const double* log_sum, const double* scale, float* out,
                           ReduceShape s) {
  if (s.n == 0) return;
  if (s.inner == 1 && s.stride == 1) {
    for (size_t o = 0; o < s.outer; o++) {
      const float* xr = x + o * s.n;
      float* outr = out + o * s.n;
      V m(float(max[o])), shift(float(log_sum[o])), k(float(scale[o]));
      for (size_t i = 0; i < s.n; i += V::W) {
        size_t c = min_size(V::W, s.n - i);
        store_n(outr + i, exp_v((load_n<V>(xr + i, c, 0.0f) - m) - shift) * k, c);
      }
    }
    return;
  }
  for (size_t o = 0; o < s.outer; o++) {
    size_t base = o * s.n * s.stride;
    for (size_t i = 0; i < s.inner; i += V::W) {
      size_t c = min_size(V::W, s.inner - i), p = o * s.stride + i;
      V m = load_positions<V>(max + p, c), shift = load_positions<V>(log_sum + p, c);
      V k = load_positions<V>(scale + p, c);
      for (size_t j = 0; j < s.n; j++) {
        size_t at = base + j * s.stride + i;
        store_n(out + at, exp_v((load_n<V>(x + at, c, 0.0f) - m) - shift) * k, c);
      }
    }
  }
}

// ---- Optimizer steps (torch.optim's single-tensor updates; per-element formulas in lib/backend/types.ts) ----
// D is the ISA's double vector, whose loads and stores convert from and to float: the math is in double, in
// the JS backend's order and without fused multiply-adds, so every ISA computes bit for bit what the JS backend
// does (except that Adam's beta^step comes from libm here and from V8 there). Values are rounded to float only
// where stored, and a state value is used as stored, as PyTorch's float32 buffers are. Each element's inputs are
// loaded before anything of it is stored, so grad may be the same array as one that is updated.

// Calls body(i, count) over chunks of D::W elements covering [begin, end): count is the constant W except at
// the end, so the main loop compiles without tail checks.
template <class D, class Body>
void for_chunks(size_t begin, size_t end, Body body) {
  size_t i = begin;
  for (; i + D::W <= end; i += D::W) body(i, D::W);
  if (i < end) body(i, end - i);
}

// Stores x (rounded to float) at p and returns the stored value.
template <class D>
D store_get(float* p, D x, size_t count) {
  store_n(p, x, count);
  return load_n<D>(p, count, 0.0f);
}

template <class D>
void sgd_step_kernel(const SgdArgs& args, size_t begin, size_t end) {
  const SgdArgs a = args;  // a local copy: the stores below cannot change it
  D lr(a.lr), momentum(a.momentum), undamped(1 - a.dampening), decay(a.weight_decay);
  for_chunks<D>(begin, end, [&](size_t i, size_t c) {
    D d = load_n<D>(a.grad + i, c, 0.0f), p = load_n<D>(a.param + i, c, 0.0f);
    if (a.maximize) d = -d;
    if (a.weight_decay != 0) d = d + decay * p;
    if (a.momentum_buffer) {
      float* buf = a.momentum_buffer + i;
      D b = store_get(buf, a.init_buffer ? d : momentum * load_n<D>(buf, c, 0.0f) + undamped * d, c);
      d = a.nesterov ? d + momentum * b : b;
    }
    store_n(a.param + i, p - lr * d, c);
  });
}

template <class D>
void adam_step_kernel(const AdamArgs& args, size_t begin, size_t end) {
  const AdamArgs a = args;  // a local copy: the stores below cannot change it
  // Builtins, not std:: inline functions (see the top).
  D step_size(a.lr / (1 - __builtin_pow(a.beta1, a.step)));
  D bias2_sqrt(__builtin_sqrt(1 - __builtin_pow(a.beta2, a.step)));
  double l2 = a.decoupled_weight_decay ? 0 : a.weight_decay;
  double shrink = a.decoupled_weight_decay ? 1 - a.lr * a.weight_decay : 1;
  D beta1(a.beta1), beta2(a.beta2), keep1(1 - a.beta1), keep2(1 - a.beta2), eps(a.eps);
  for_chunks<D>(begin, end, [&](size_t i, size_t c) {
    D g = load_n<D>(a.grad + i, c, 0.0f), p = load_n<D>(a.param + i, c, 0.0f);
    if (a.maximize) g = -g;
    if (l2 != 0) g = g + D(l2) * p;
    if (shrink != 1) p = store_get(a.param + i, p * D(shrink), c);
    D m = store_get(a.exp_avg + i, beta1 * load_n<D>(a.exp_avg + i, c, 0.0f) + keep1 * g, c);
    D v = store_get(a.exp_avg_sq + i, beta2 * load_n<D>(a.exp_avg_sq + i, c, 0.0f) + keep2 * g * g, c);
    if (a.max_exp_avg_sq) {  // Math.max: NaN wins; ties need no sign rule, as v is never -0 (beta2 <= 1)
      D old = load_n<D>(a.max_exp_avg_sq + i, c, 0.0f);
      v = store_get(a.max_exp_avg_sq + i, select((old > v) | is_nan(old), old, v), c);
    }
    store_n(a.param + i, p - step_size * m / (sqrt(v) / bias2_sqrt + eps), c);
  });
}

template <class D>
void rmsprop_step_kernel(const RmspropArgs& args, size_t begin, size_t end) {
  const RmspropArgs a = args;  // a local copy: the stores below cannot change it
  D lr(a.lr), alpha(a.alpha), keep(1 - a.alpha), eps(a.eps), decay(a.weight_decay), momentum(a.momentum);
  for_chunks<D>(begin, end, [&](size_t i, size_t c) {
    D g = load_n<D>(a.grad + i, c, 0.0f), p = load_n<D>(a.param + i, c, 0.0f);
    if (a.maximize) g = -g;
    if (a.weight_decay != 0) g = g + decay * p;
    D variance = store_get(a.square_avg + i, alpha * load_n<D>(a.square_avg + i, c, 0.0f) + keep * g * g, c);
    if (a.grad_avg) {
      D mean = store_get(a.grad_avg + i, alpha * load_n<D>(a.grad_avg + i, c, 0.0f) + keep * g, c);
      variance = variance - mean * mean;
    }
    D avg = sqrt(variance) + eps;
    if (a.momentum_buffer) {
      D b = store_get(a.momentum_buffer + i, momentum * load_n<D>(a.momentum_buffer + i, c, 0.0f) + g / avg, c);
      store_n(a.param + i, p - lr * b, c);
    } else {
      store_n(a.param + i, p - lr * g / avg, c);
    }
  });
}

template <class V, class Fold>
void set_reduce(Kernels& k, int op) {
  k.reduce[op] = reduce_kernel<V, Fold>;
  k.reduce_chunk[op] = reduce_chunk<V, Fold>;
  k.reduce_combine[op] = reduce_combine<Fold>;
}

// Fills a table's vectorized rows with this file's V (and D, its double vector) and its matmul with
// micro-kernel MK; other rows keep what they held (the scalar-only kernels).
template <class V, class D, class MK>
void fill_vector_kernels(Kernels& k) {
  Gemm<MK>::fill(k);
#define TORCHLET_SET_UNARY(name) k.unary[unary_##name] = unary_loop<V, op_##name>;
  TORCHLET_VEC_UNARY_OPS(TORCHLET_SET_UNARY)
#undef TORCHLET_SET_UNARY
#define TORCHLET_SET_BINARY(name) k.binary[binary_##name] = binary_loop<V, op_##name>;
  TORCHLET_VEC_BINARY_OPS(TORCHLET_SET_BINARY)
#undef TORCHLET_SET_BINARY
  set_reduce<V, fold_sum>(k, reduce_sum);
  set_reduce<V, fold_mean>(k, reduce_mean);
  set_reduce<V, fold_prod>(k, reduce_prod);
  set_reduce<V, fold_max>(k, reduce_amax);
  set_reduce<V, fold_min>(k, reduce_amin);
  k.softmax = softmax_kernel<V>;
  k.softmax_backward = softmax_backward_kernel<V>;
  k.softmax_stats = softmax_stats_kernel<V>;
  k.softmax_scaled = softmax_scaled_kernel<V>;
  k.sgd_step = sgd_step_kernel<D>;
  k.adam_step = adam_step_kernel<D>;
  k.rmsprop_step = rmsprop_step_kernel<D>;
}

// A SIMD ISA's table: the scalar table with the vectorized rows replaced.
template <class V, class D, class MK>
Kernels derive_from_scalar(const char* isa) {
  Kernels k = scalar_kernels();
  k.isa = isa;
  fill_vector_kernels<V, D, MK>(k);
  return k;
}

// Of n floats from p, how many come before p's first 64-byte line boundary (all n if p is not float-aligned:
// then no whole line is written by itself).
inline size_t floats_before_line(const float* p, size_t n) {
  uintptr_t address = reinterpret_cast<uintptr_t>(p);
  return address % sizeof(float) ? n : min_size(n, (64 - address % 64) % 64 / sizeof(float));
}

// A copy whose whole 64-byte lines of dst are written by kStreamLine (the ISA's non-temporal stores of 16
// floats to a 64-byte aligned address); the part before dst's first line boundary and after its last whole line
// go through memcpy (they share lines with other data). A dst not aligned to a float is copied plainly.
template <void (*kStreamLine)(const float*, float*)>
void stream_copy_lines(const float* src, float* dst, size_t n) {
  size_t head = floats_before_line(dst, n);
  __builtin_memcpy(dst, src, head * sizeof(float));
  size_t i = head;
  for (; i + kLineFloats <= n; i += kLineFloats) kStreamLine(src + i, dst + i);
  __builtin_memcpy(dst + i, src + i, (n - i) * sizeof(float));
}

// unary_loop writing out's whole 64-byte lines with kStreamLine, each line as soon as it is computed, so the
// stores drain to memory while the next lines are computed (computing a block into L1 and then copying it out
// left the FMAs idle during the copy: sigmoid into another 64 MB array ran at 25 GB/s, relu at 44, 2 threads,
// AVX-512, unary_bench). The parts of out before its first and after its last line boundary go through
// unary_loop. Same results as unary_loop.
template <class V, class Op, void (*kStreamLine)(const float*, float*)>
void unary_stream_loop(const float* x, float* out, size_t n, float p0, float p1) {
  size_t head = floats_before_line(out, n);
  unary_loop<V, Op>(x, out, head, p0, p1);
  V vp0(p0), vp1(p1);
  alignas(64) float line[kLineFloats];
  size_t i = head;
  for (; i + kLineFloats <= n; i += kLineFloats) {
    __builtin_prefetch(x + i + kPrefetchFloats);
    for (size_t j = 0; j < kLineFloats; j += V::W) Op::apply(V::load(x + i + j), vp0, vp1).store(line + j);
    kStreamLine(line, out + i);
  }
  unary_loop<V, Op>(x + i, out + i, n - i, p0, p1);
}

// A table with non-temporal stores for large outputs (x86: kFence is sfence, ordering them before other threads
// read the output).
template <class V, class D, class MK, void (*kStreamLine)(const float*, float*), void (*kFence)()>
Kernels derive_streaming(const char* isa) {
  Kernels k = derive_from_scalar<V, D, MK>(isa);
  k.stream_copy = stream_copy_lines<kStreamLine>;
  k.stream_fence = kFence;
#define TORCHLET_SET_UNARY_STREAM(name) k.unary_stream[unary_##name] = unary_stream_loop<V, op_##name, kStreamLine>;
  TORCHLET_VEC_UNARY_OPS(TORCHLET_SET_UNARY_STREAM)
#undef TORCHLET_SET_UNARY_STREAM
  return k;
}

}  // namespace
