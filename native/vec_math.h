// ISA-independent math and loops, written once over a vector type V and instantiated by each ISA file
// (kernels_scalar.cpp, kernels_avx2.cpp, kernels_neon.cpp) with its own V. Everything is in an anonymous
// namespace so each file gets a private copy compiled with its own flags: an inline function with external
// linkage would be merged across files by the linker, and the AVX2 copy could then run on a CPU without AVX2.
// For the same reason this header uses no std:: templates.
//
// V provides: W (lanes), V(float) broadcast, V::load/load_partial(p, n, fill), v.store/store_partial(p, n),
// + - * / and unary -, comparisons returning a mask (NaN compares false, except !=), mask | and &,
// select(mask, a, b), fma(a, b, c) = a*b + c, abs, sqrt, is_nan, round_even (|v| < 2^22),
// pow2(n) = 2^n for integral n in [-126, 127], copy_sign(magnitude, sign).
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

// A value as an unevaluated sum hi + lo, |lo| <= half an ULP of hi.
template <class V>
struct Split {
  V hi, lo;
};

// e^x = 2^n * e^r with n = round(x / ln2), r = x - n*ln2 in [-ln2/2, ln2/2]. Returns the float result and
// the part of e^r that rounding dropped (for callers that need more than float precision, like sigmoid).
template <class V>
Split<V> exp_split(V x) {
  // Past these bounds exp is inf or rounds to 0; clamping keeps n small. NaN fails both tests and stays NaN.
  x = select(x > V(89.0f), V(89.0f), x);
  x = select(x < V(-104.0f), V(-104.0f), x);
  V n = round_even(x * V(1.44269504f));
  // ln2 split so that n * kLn2Hi is exact (kLn2Hi has 9 significant bits, |n| <= 150).
  V r = fma(n, V(-0.693359375f), x);
  r = fma(n, V(2.12194440e-4f), r);
  // e^r = 1 + r + r^2 Q(r); Q is a degree-4 near-minimax fit of (e^r - 1 - r) / r^2 (abs error 6e-8).
  V q = fma(V(1.39410976e-3f), r, V(8.36317526e-3f));
  q = fma(q, r, V(4.16663755e-2f));
  q = fma(q, r, V(1.66665770e-1f));
  q = fma(q, r, V(5.00000003e-1f));
  V t = fma(r * r, q, r);
  V p = t + V(1.0f);
  V p_lo = (V(1.0f) - p) + t;  // exact (Fast2Sum: |t| < 1)
  // Scale in two exact halves: n ranges over [-150, 128], beyond a single normal power of two, and a
  // denormal result must be rounded only once (by the last multiply).
  V n1 = round_even(n * V(0.5f));
  V s1 = pow2(n1), s2 = pow2(n - n1);
  return {p * s1 * s2, p_lo * s1 * s2};
}

template <class V>
V exp_v(V x) {
  return exp_split(x).hi;
}

// 1 / (1 + e^-x), from e = e^-|x| in (0, 1] so nothing overflows: x >= 0: 1/(1+e); x < 0: e/(1+e).
template <class V>
V sigmoid_v(V x) {
  Split<V> e = exp_split(-abs(x));
  V d = e.hi + V(1.0f);
  V negative = select(x < V(0.0f), V(1.0f), V(0.0f));
  V s = select(x < V(0.0f), e.hi, V(1.0f)) / d;
  // First-order correction for what the float rounding of e and of d = 1 + e dropped: with the exact
  // d_err = (1 + e.hi) - d (Fast2Sum, 1 >= e) and 1/d being s (x >= 0) or 1 - s (x < 0),
  // s += (num_lo - s * (d_err + e.lo)) / d, where num_lo is e.lo for x < 0 and 0 otherwise.
  V d_err = (V(1.0f) - d) + e.hi;
  V inv_d = select(x < V(0.0f), V(1.0f) - s, s);
  return fma(inv_d, fma(-s, d_err + e.lo, negative * e.lo), s);
}

// tanh |x| = |x| + |x|^3 P(x^2) for |x| < 0.625 (no cancellation), else 1 - 2 / (1 + e^(2|x|)); sign copied.
template <class V>
V tanh_v(V x) {
  V a = abs(x);
  V x2 = x * x;
  // P: near-minimax fit of (tanh(x) - x) / x^3 in x^2 on [0, 0.625^2] (relative error 5e-9).
  V p = fma(V(2.29282368e-3f), x2, V(-8.34402284e-3f));
  p = fma(p, x2, V(2.17689452e-2f));
  p = fma(p, x2, V(-5.39592633e-2f));
  p = fma(p, x2, V(1.33333036e-1f));
  p = fma(p, x2, V(-3.33333332e-1f));
  V small = fma(a * x2, p, a);
  // tanh rounds to 1 beyond |x| = 9.02; capping at 10 keeps e^(2|x|) finite.
  V e = exp_v(select(a > V(10.0f), V(10.0f), a) * V(2.0f));
  V large = V(1.0f) - V(2.0f) / (e + V(1.0f));
  return copy_sign(select(a < V(0.625f), small, large), x);
}

// ---- Elementwise op formulas (the scalar semantics of lib/backend/ops.ts) ----

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
TORCHLET_UNARY(clamp, select(x < p0, p0, select(x > p1, p1, x)))
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

template <class V, class Op>
void unary_loop(const float* x, float* out, size_t n, float p0, float p1) {
  V vp0(p0), vp1(p1);
  size_t i = 0;
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

// Each reduction: its identity, a vector step, and the same step on doubles (to fold lanes and blocks).
struct fold_sum {
  static constexpr float identity = 0.0f;
  template <class V>
  static V step(V acc, V x) { return acc + x; }
};
struct fold_prod {
  static constexpr float identity = 1.0f;
  template <class V>
  static V step(V acc, V x) { return acc * x; }
};
// max/min propagate NaN: once acc is NaN no comparison replaces it.
struct fold_max {
  static constexpr float identity = -INFINITY;
  template <class V>
  static V step(V acc, V x) { return select((x > acc) | is_nan(x), x, acc); }
};
struct fold_min {
  static constexpr float identity = INFINITY;
  template <class V>
  static V step(V acc, V x) { return select((x < acc) | is_nan(x), x, acc); }
};

// Folds a row of n elements, where load(i, count) yields elements i..i+count as a V (count < W only at the end,
// with the missing lanes set to Fold::identity). Four accumulators hide the step's latency.
template <class V, class Fold, class Load>
double fold_row(size_t n, Load load) {
  V acc[4] = {V(Fold::identity), V(Fold::identity), V(Fold::identity), V(Fold::identity)};
  size_t i = 0;
  for (; i + 4 * V::W <= n; i += 4 * V::W)
    for (size_t u = 0; u < 4; u++) acc[u] = Fold::step(acc[u], load(i + u * V::W, V::W));
  for (; i < n; i += V::W) acc[0] = Fold::step(acc[0], load(i, min_size(V::W, n - i)));
  acc[0] = Fold::step(Fold::step(acc[0], acc[1]), Fold::step(acc[2], acc[3]));
  float lanes[V::W];
  acc[0].store(lanes);
  double total = lanes[0];
  for (size_t l = 1; l < V::W; l++) total = Fold::step(total, double(lanes[l]));
  return total;
}

// Contiguous rows are folded in blocks whose partial results are combined in double, so a long sum stays
// accurate; column slices (inner > 1) step one vector of columns down the rows.
template <class V, class Fold>
void reduce_kernel(const float* x, float* out, ReduceShape s) {
  const size_t kBlock = 4096;
  if (s.inner == 1 && s.stride == 1) {
    for (size_t o = 0; o < s.outer; o++) {
      const float* row = x + o * s.n;
      double total = Fold::identity;
      for (size_t b = 0; b < s.n; b += kBlock) {
        auto load = [&](size_t i, size_t c) { return load_n<V>(row + b + i, c, Fold::identity); };
        total = Fold::step(total, fold_row<V, Fold>(min_size(kBlock, s.n - b), load));
      }
      out[o] = float(total);
    }
    return;
  }
  for (size_t o = 0; o < s.outer; o++) {
    const float* slab = x + o * s.n * s.stride;
    for (size_t i = 0; i < s.inner; i += V::W) {
      size_t c = min_size(V::W, s.inner - i);
      V acc(Fold::identity);
      for (size_t j = 0; j < s.n; j++) acc = Fold::step(acc, load_n<V>(slab + j * s.stride + i, c, Fold::identity));
      store_n(out + o * s.stride + i, acc, c);
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
      V sum(0.0f);
      for (size_t j = 0; j < s.n; j++) {
        V e = exp_v(at(j) - m);
        if (!log) store_n(ys + j * s.stride + i, e, c);
        sum = sum + e;
      }
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
      V dot(0.0f);
      for (size_t j = 0; j < s.n; j++) dot = dot + (log ? at(g, j) : at(g, j) * at(y, j));
      for (size_t j = 0; j < s.n; j++) store_n(out + base + j * s.stride + i, grad(at(g, j), at(y, j), dot), c);
    }
  }
}

// Fills a table's vectorized rows with this file's V and its matmul with micro-kernel MK; other rows keep
// what they held (the scalar-only kernels).
template <class V, class MK>
void fill_vector_kernels(Kernels& k) {
  Gemm<MK>::fill(k);
#define TORCHLET_SET_UNARY(name) k.unary[unary_##name] = unary_loop<V, op_##name>;
  TORCHLET_VEC_UNARY_OPS(TORCHLET_SET_UNARY)
#undef TORCHLET_SET_UNARY
#define TORCHLET_SET_BINARY(name) k.binary[binary_##name] = binary_loop<V, op_##name>;
  TORCHLET_VEC_BINARY_OPS(TORCHLET_SET_BINARY)
#undef TORCHLET_SET_BINARY
  k.reduce[reduce_sum] = reduce_kernel<V, fold_sum>;
  k.reduce[reduce_mean] = reduce_kernel<V, fold_sum>;
  k.reduce[reduce_prod] = reduce_kernel<V, fold_prod>;
  k.reduce[reduce_amax] = reduce_kernel<V, fold_max>;
  k.reduce[reduce_amin] = reduce_kernel<V, fold_min>;
  k.softmax = softmax_kernel<V>;
  k.softmax_backward = softmax_backward_kernel<V>;
}

// A SIMD ISA's table: the scalar table with the vectorized rows replaced.
template <class V, class MK>
Kernels derive_from_scalar(const char* isa) {
  Kernels k = scalar_kernels();
  k.isa = isa;
  fill_vector_kernels<V, MK>(k);
  return k;
}

}  // namespace
