// Kernel tests: every float32 bit pattern through exp/sigmoid/tanh of each ISA table (max ULP versus the
// correctly rounded result; the SIMD tables must agree bit for bit), then random inputs through every other
// kernel of each table against the scalar table (exact where the op is exact, including the optimizer steps),
// long sums against the exact sum, matmul against a double reference, and the fused kernels (linear,
// cross-entropy) against the composed ops.
//   kernel_test [--stride N]   --stride N checks every N-th bit pattern (for slow emulators)
//   kernel_test --digest       prints a hash of the dispatched table's exp/sigmoid/tanh over all 2^32 inputs:
//                              run.sh --arm64 compares NEON's with AVX2's (identical results share the max ULP)
//   kernel_test --bench        matmul GFLOP/s and thread pool overhead
//   kernel_test --matmul       only the matmul and linear checks (quick, while working on gemm_driver.h)
//   kernel_test --matmul --fresh-thread   only products from a new thread while the pool is busy (for the
//                              ASan build: they reach the thread-local gemm scratch before it has grown)
//   kernel_test --ulp          only the exp/sigmoid/tanh ULP check (with --stride: quick, while working on vec_math.h)
//   kernel_test --only ISA     the kernel checks (not the ULP check) of that table alone, still against the scalar
//                              one: run.sh --arm64 checks NEON so (the scalar source is checked natively)
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../bits.h"
#include "../kernels.h"
#include "../ops.h"
#include "../threads.h"

namespace {

int failures = 0;
void fail(const std::string& what) {
  std::printf("FAIL %s\n", what.c_str());
  if (++failures > 50) std::exit(1);
}

// Position on the number line in ULPs (-0 and +0 are one apart).
int64_t ordinal(float f) {
  uint32_t u = bits_of(f);
  return (u & 0x80000000u) ? -int64_t(u & 0x7fffffffu) - 1 : int64_t(u);
}
// ULP distance; NaN vs NaN is 0, NaN vs a number is "infinite".
int64_t ulps(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
  return std::llabs(ordinal(a) - ordinal(b));
}

std::vector<const Kernels*> tables() {
  std::vector<const Kernels*> t = {&scalar_kernels()};
#if defined(__x86_64__)
  if (cpu_runs_avx2()) t.push_back(&avx2_kernels());
  if (cpu_runs_avx512()) t.push_back(&avx512_kernels());
#endif
#if defined(__aarch64__)
  t.push_back(&neon_kernels());
#endif
  return t;
}

// Equal bits, or both NaN.
bool same(float a, float b) { return bits_of(a) == bits_of(b) || (std::isnan(a) && std::isnan(b)); }

// ---- exhaustive transcendental check ----

struct Worst {
  int64_t ulp = 0;
  float x = 0, got = 0, want = 0;
};

double reference(int op, double x) {
  switch (op) {
    case unary_exp: return std::exp(x);
    case unary_sigmoid: return 1.0 / (1.0 + std::exp(-x));
    default: return std::tanh(x);
  }
}

// Bounds: max ULP from the correctly rounded result over all floats (README: 1, 2 and 2 for exp, sigmoid, tanh).
void check_transcendental(int op, const char* name, int64_t bound, const std::vector<const Kernels*>& ts,
                          uint64_t stride) {
  const size_t kBlock = 1 << 16;
  unsigned n_workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::vector<Worst>> worst(n_workers, std::vector<Worst>(ts.size()));
  std::vector<uint64_t> zero_sign_errors(n_workers), simd_differences(n_workers);
  std::atomic<uint64_t> next{0};
  const uint64_t kCount = (uint64_t(1) << 32) / stride;
  auto work = [&](unsigned w) {
    std::vector<float> x(kBlock), got(kBlock), want(kBlock), first_simd(kBlock);
    for (;;) {
      uint64_t start = next.fetch_add(kBlock);
      if (start >= kCount) return;
      size_t n = size_t(std::min<uint64_t>(kBlock, kCount - start));
      for (size_t i = 0; i < n; i++) {
        x[i] = float_of(uint32_t((start + i) * stride));
        want[i] = float(reference(op, double(x[i])));
      }
      for (size_t t = 0; t < ts.size(); t++) {
        ts[t]->unary[op](x.data(), got.data(), n, 0.0f, 0.0f);
        Worst& wt = worst[w][t];
        for (size_t i = 0; i < n; i++) {
          int64_t e = ulps(got[i], want[i]);
          if (want[i] == 0 && got[i] == 0 && std::signbit(want[i]) != std::signbit(got[i])) zero_sign_errors[w]++;
          if (e > wt.ulp) wt = {e, x[i], got[i], want[i]};
        }
        // The SIMD tables (after the scalar one) give each other's bits: the same formulas, every fma fused (the
        // x86 scalar table rounds some twice). run.sh --arm64 compares NEON's with them by digest.
        if (t == 1) std::copy(got.begin(), got.begin() + n, first_simd.begin());
        for (size_t i = 0; t > 1 && i < n; i++) simd_differences[w] += !same(got[i], first_simd[i]);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < n_workers; w++) pool.emplace_back(work, w);
  for (auto& t : pool) t.join();
  uint64_t sign_errors = 0;
  for (auto s : zero_sign_errors) sign_errors += s;
  for (size_t t = 0; t < ts.size(); t++) {
    Worst best;
    for (auto& w : worst) best = w[t].ulp > best.ulp ? w[t] : best;
    std::printf("%-8s %-7s max %lld ULP over %llu inputs", name, ts[t]->isa, (long long)best.ulp,
                (unsigned long long)kCount);
    if (best.ulp) std::printf(" (x=%.9g got %.9g want %.9g)", best.x, best.got, best.want);
    std::printf("\n");
    if (best.ulp > bound) fail(std::string(name) + " " + ts[t]->isa + " exceeds " + std::to_string(bound) + " ULP");
  }
  if (sign_errors) fail(std::string(name) + ": wrong sign of zero on " + std::to_string(sign_errors) + " inputs");
  uint64_t differences = 0;
  for (auto d : simd_differences) differences += d;
  if (differences) fail(std::string(name) + ": the SIMD tables differ on " + std::to_string(differences) + " inputs");
}

// Hash of one table's results over all 2^32 inputs (NaNs canonical): per block, a plain sum and a
// position-weighted sum of the result bits (cheap and vectorizable, so it is quick even under qemu); any
// single differing result changes the plain sum.
void digest_transcendental(int op, const char* name, const Kernels& t) {
  const size_t kBlock = 1 << 16;
  const uint64_t kBlocks = (uint64_t(1) << 32) / kBlock;
  unsigned n_workers = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<uint64_t> next{0}, total{0};
  auto work = [&] {
    std::vector<float> x(kBlock), y(kBlock);
    for (uint64_t blk; (blk = next.fetch_add(1)) < kBlocks;) {
      for (size_t i = 0; i < kBlock; i++) x[i] = float_of(uint32_t(blk * kBlock + i));
      t.unary[op](x.data(), y.data(), kBlock, 0.0f, 0.0f);
      uint32_t sum = 0, weighted = 0;
      for (size_t i = 0; i < kBlock; i++) {
        uint32_t b = std::isnan(y[i]) ? 0x7fc00000u : bits_of(y[i]);
        sum += b;
        weighted += b * uint32_t(2 * i + 1);
      }
      total.fetch_add(((uint64_t(sum) << 32) | weighted) * (2 * blk + 1) * 0x9e3779b97f4a7c15ull);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < n_workers; w++) pool.emplace_back(work);
  for (auto& th : pool) th.join();
  std::printf("digest %s %016llx\n", name, (unsigned long long)total.load());
}

// ---- random inputs against the scalar table ----

std::mt19937 rng(12345);

// A float array whose last element is followed by an unmapped page: a kernel that reads or writes past the
// end crashes the test.
struct Guarded {
  float* data;
  size_t n;
  void* map;
  size_t map_size;
  explicit Guarded(size_t count) : n(count) {
    size_t page = size_t(sysconf(_SC_PAGESIZE));
    size_t bytes = (count * sizeof(float) + page - 1) / page * page;
    map_size = bytes + page;
    map = mmap(nullptr, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) std::abort();
    mprotect(static_cast<char*>(map) + bytes, page, PROT_NONE);
    data = reinterpret_cast<float*>(static_cast<char*>(map) + bytes) - count;
  }
  ~Guarded() { munmap(map, map_size); }
  Guarded(const Guarded&) = delete;
  float& operator[](size_t i) { return data[i]; }
};

float random_float(bool specials) {
  std::uniform_real_distribution<float> u(-10.0f, 10.0f);
  if (specials && rng() % 10 == 0) {
    const float s[] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 6.0f, 1e-40f, -1e30f, 100.0f, -100.0f};
    return s[rng() % 10];
  }
  return u(rng);
}

std::uniform_real_distribution<float> u01(0.0f, 1.0f);

void fill(Guarded& g, bool specials) {
  for (size_t i = 0; i < g.n; i++) g[i] = random_float(specials);
}

// A float with all its digits, for failure messages.
std::string digits(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

bool close(float a, float b, float rel, float abs) {
  if (same(a, b)) return true;
  if (!std::isfinite(a) || !std::isfinite(b)) return false;
  return std::fabs(a - b) <= abs + rel * std::fabs(b);
}

const char* kUnaryNames[] = {
#define TORCHLET_NAME(name) #name,
    TORCHLET_UNARY_OPS(TORCHLET_NAME)};
const char* kBinaryNames[] = {TORCHLET_BINARY_OPS(TORCHLET_NAME)};
const char* kReduceNames[] = {TORCHLET_REDUCE_OPS(TORCHLET_NAME)};
#undef TORCHLET_NAME

const size_t kLengths[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 100, 1000, 4099};

void check_unary(const Kernels& t, const Kernels& ref) {
  for (int op = 0; op < kNumUnaryOps; op++) {
    bool transcendental = op == unary_exp || op == unary_sigmoid || op == unary_tanh;
    for (size_t n : kLengths) {
      Guarded x(n), got(n), want(n);
      fill(x, true);
      float p0 = random_float(false), p1 = p0 + std::fabs(random_float(false));
      if (op == unary_threshold || op == unary_clamp) p0 = rng() % 4 == 0 ? -INFINITY : p0;
      if (op == unary_clamp && rng() % 4 == 1) std::swap(p0, p1);  // lo > hi: hi wins
      t.unary[op](x.data, got.data, n, p0, p1);
      ref.unary[op](x.data, want.data, n, p0, p1);
      for (size_t i = 0; i < n; i++) {
        bool ok = transcendental ? ulps(got[i], want[i]) <= 4 : same(got[i], want[i]);
        if (!ok) {
          fail(std::string(t.isa) + " unary " + kUnaryNames[op] + " x=" + std::to_string(x[i]) +
               " got " + std::to_string(got[i]) + " want " + std::to_string(want[i]));
          break;
        }
      }
    }
  }
}

void check_binary(const Kernels& t, const Kernels& ref) {
  for (int op = 0; op < kNumBinaryOps; op++) {
    size_t out_size = is_comparison(op) ? 1 : 4;
    for (size_t n : kLengths) {
      if (n == 0) continue;
      for (int steps = 0; steps < 4; steps++) {
        size_t as = steps & 1, bs = steps >> 1;
        Guarded a(as ? n : 1), b(bs ? n : 1), got(n), want(n);
        fill(a, true);
        fill(b, true);
        if (rng() % 3 == 0) b[0] = a[0];  // equal operands for the comparisons and heaviside
        float p0 = random_float(false), p1 = p0 + std::fabs(random_float(false));
        t.binary[op](a.data, as, b.data, bs, got.data, n, p0, p1);
        ref.binary[op](a.data, as, b.data, bs, want.data, n, p0, p1);
        if (std::memcmp(got.data, want.data, n * out_size) != 0) {
          for (size_t i = 0; i < n && out_size == 4; i++)
            if (!same(got[i], want[i])) {
              fail(std::string(t.isa) + " binary " + kBinaryNames[op] + " at " + std::to_string(i) + " got " +
                   std::to_string(got[i]) + " want " + std::to_string(want[i]));
              break;
            }
          if (out_size == 1) fail(std::string(t.isa) + " binary " + kBinaryNames[op] + " (comparison bytes)");
        }
      }
    }
  }
}

struct Layout {
  size_t outer, n, inner;
};
const Layout kLayouts[] = {{1, 1, 1}, {3, 7, 1}, {2, 33, 1}, {1, 5000, 1}, {4, 100, 3},
                           {2, 9, 17}, {1, 3, 64}, {5, 1, 9}, {2, 70000, 1}, {3, 0, 1}};

void check_reductions(const Kernels& t, const Kernels& ref) {
  for (const Layout& l : kLayouts) {
    size_t total = l.outer * l.n * l.inner, outs = l.outer * l.inner;
    Guarded x(total), got(outs), want(outs), ygot(total), ywant(total), g(total);
    for (int op = 0; op < kNumReduceOps; op++) {
      if (l.n == 0 && (op == reduce_amax || op == reduce_amin)) continue;
      for (bool specials : {false, true}) {
        fill(x, specials);
        if (op == reduce_prod)  // keep products finite and away from 0
          for (size_t i = 0; i < total; i++) x[i] = 1.0f + x[i] / 1000.0f;
        ops::reduce(t, op, x.data, got.data, l.outer, l.n, l.inner);
        ops::reduce(ref, op, x.data, want.data, l.outer, l.n, l.inner);
        for (size_t i = 0; i < outs; i++)
          if (!close(got[i], want[i], 1e-5f, 1e-4f)) {
            fail(std::string(t.isa) + " reduce " + kReduceNames[op] + " got " + std::to_string(got[i]) +
                 " want " + std::to_string(want[i]) + " n=" + std::to_string(l.n));
            break;
          }
      }
    }
    if (l.n == 0) continue;
    for (bool log : {false, true}) {
      fill(x, false);
      ops::softmax(t, x.data, ygot.data, l.outer, l.n, l.inner, log);
      ops::softmax(ref, x.data, ywant.data, l.outer, l.n, l.inner, log);
      for (size_t i = 0; i < total; i++)
        if (!close(ygot[i], ywant[i], 1e-5f, 1e-6f)) {
          fail(std::string(t.isa) + (log ? " log_softmax" : " softmax") + " got " + std::to_string(ygot[i]) +
               " want " + std::to_string(ywant[i]));
          break;
        }
      fill(g, false);
      ops::softmax_backward(t, ywant.data, g.data, ygot.data, l.outer, l.n, l.inner, log);
      ops::softmax_backward(ref, ywant.data, g.data, x.data, l.outer, l.n, l.inner, log);
      for (size_t i = 0; i < total; i++)
        if (!close(ygot[i], x[i], 1e-4f, 1e-5f)) {
          fail(std::string(t.isa) + " softmax_backward got " + std::to_string(ygot[i]) + " want " +
               std::to_string(x[i]));
          break;
        }
    }
  }
}

// Cross-entropy's kernels against the composed path they replace, bit for bit within one table: every
// log-probability rebuilt from softmax_stats is log_softmax's; the picked losses are -weight * log_softmax[class];
// the gradient is softmax_backward(log) of nll_loss's gradient (scale negated at the class), up to zero signs.
void check_cross_entropy(const Kernels& t) {
  for (const Layout& l : kLayouts) {
    if (l.n == 0) continue;
    size_t total = l.outer * l.n * l.inner, positions = l.outer * l.inner;
    Guarded x(total), log_p(total), g(total), want(total), got(total);
    std::vector<double> classes(positions), weights(positions), scale(positions), stats(2 * positions), losses(positions);
    fill(x, true);
    for (size_t p = 0; p < positions; p++) {
      classes[p] = rng() % 5 == 0 ? -1.0 : double(rng() % l.n);
      weights[p] = classes[p] < 0 ? 0.0 : double(u01(rng));
      scale[p] = classes[p] < 0 ? 0.0 : double(random_float(false));
    }
    ops::softmax(t, x.data, log_p.data, l.outer, l.n, l.inner, true);
    ops::cross_entropy(t, x.data, classes.data(), weights.data(), stats.data(), losses.data(), l.outer, l.n, l.inner);
    std::string where = std::string(t.isa) + " cross_entropy [" + std::to_string(l.outer) + ", " + std::to_string(l.n) +
                        ", " + std::to_string(l.inner) + "]";
    for (size_t o = 0; o < l.outer; o++)
      for (size_t i = 0; i < l.inner; i++) {
        size_t p = o * l.inner + i, first = o * l.n * l.inner + i;
        for (size_t j = 0; j < l.n; j++) {
          float rebuilt = (x[first + j * l.inner] - float(stats[p])) - float(stats[positions + p]);
          if (!same(rebuilt, log_p[first + j * l.inner])) return fail(where + ": stats do not rebuild log_softmax");
        }
        double want_loss = classes[p] < 0 ? 0.0 : -weights[p] * double(log_p[first + size_t(classes[p]) * l.inner]);
        if (!(losses[p] == want_loss || (std::isnan(losses[p]) && std::isnan(want_loss))))
          return fail(where + ": loss " + digits(losses[p]) + " want " + digits(want_loss));
        for (size_t j = 0; j < l.n; j++) g[first + j * l.inner] = 0.0f;
        if (classes[p] >= 0) g[first + size_t(classes[p]) * l.inner] = -float(scale[p]);
      }
    ops::softmax_backward(t, log_p.data, g.data, want.data, l.outer, l.n, l.inner, true);
    ops::cross_entropy_backward(t, x.data, classes.data(), scale.data(), stats.data(), got.data, l.outer, l.n, l.inner);
    for (size_t k = 0; k < total; k++)
      if (!same(got[k], want[k]) && got[k] != want[k])  // -0 == +0
        return fail(where + " backward at " + std::to_string(k) + ": got " + digits(got[k]) + " want " +
                    digits(want[k]));
  }
}

// Long sums against the exact (long double) sum: within 1 ULP of it whatever the layout, and the same bits with
// 1 or 2 threads (threads take whole chunks, combined in order).
void check_sum_accuracy(const Kernels& t) {
  const size_t n = 1000003, inner = 3;
  Guarded x(n * inner);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (size_t i = 0; i < n * inner; i++) x[i] = u(rng);
  float got[inner], one_thread;
  ops::reduce(t, reduce_sum, x.data, got, 1, n, inner);  // columns, strided
  for (size_t c = 0; c <= inner; c++) {
    long double exact = 0;
    for (size_t j = 0; j < n; j++) exact += c < inner ? x[j * inner + c] : x[j];
    if (c == inner) {  // the first n elements as one contiguous row
      threads::set_num_threads(1);
      ops::reduce(t, reduce_sum, x.data, &one_thread, 1, n, 1);
      threads::set_num_threads(2);
      ops::reduce(t, reduce_sum, x.data, &got[0], 1, n, 1);
      if (!same(got[0], one_thread)) fail(std::string(t.isa) + " sum differs between 1 and 2 threads");
    }
    float g = got[c < inner ? c : 0];
    if (std::fabs(g - exact) > std::nextafter(g, INFINITY) - g)
      fail(std::string(t.isa) + " sum of " + std::to_string(n) + " got " + std::to_string(g) + " exact " +
           std::to_string(double(exact)));
  }
}

// Optimizer steps: every table bit-identical to the scalar one (all compute in double, without contraction),
// for every combination of options, with special values.
struct StepArrays {
  std::vector<std::unique_ptr<Guarded>> a;
  StepArrays(size_t n, const std::vector<float>& init) {
    for (size_t k = 0; k < 5; k++) {
      a.emplace_back(new Guarded(n));
      std::copy_n(init.data() + k * n, n, a[k]->data);  // (memcpy's pointers must be non-null even for n = 0)
    }
  }
  float* operator[](size_t k) { return a[k]->data; }
};

template <class Run>
void check_step(const char* name, const Kernels& t, const Kernels& ref, Run run) {
  for (size_t n : kLengths)
    for (int options = 0; options < 32; options++) {
      std::vector<float> init(5 * n);
      for (float& v : init) v = random_float(true);
      StepArrays got(n, init), want(n, init);
      run(t, got, n, options);
      run(ref, want, n, options);
      for (size_t k = 0; k < 5; k++)
        for (size_t i = 0; i < n; i++)
          if (!same(got[k][i], want[k][i])) {
            fail(std::string(t.isa) + " " + name + " options " + std::to_string(options) + " array " +
                 std::to_string(k) + " got " + std::to_string(got[k][i]) + " want " + std::to_string(want[k][i]));
            return;
          }
    }
}

void check_optimizers(const Kernels& t, const Kernels& ref) {
  auto bit = [](int options, int b) { return (options >> b & 1) != 0; };
  check_step("sgd_step", t, ref, [&](const Kernels& k, StepArrays& a, size_t n, int o) {
    SgdArgs s{a[0], a[1], bit(o, 0) ? a[2] : nullptr, bit(o, 1), bit(o, 2), bit(o, 3),
              0.1, 0.9, 0.1, bit(o, 4) ? 0.01 : 0};
    k.sgd_step(s, 0, n);
  });
  check_step("adam_step", t, ref, [&](const Kernels& k, StepArrays& a, size_t n, int o) {
    AdamArgs s{a[0], a[1], a[2], a[3], bit(o, 0) ? a[4] : nullptr, bit(o, 1), bit(o, 2), double(1 + o % 7 * 100),
               1e-3, 0.9, 0.999, 1e-8, bit(o, 3) ? 0.01 : 0};
    k.adam_step(s, 0, n);
  });
  check_step("rmsprop_step", t, ref, [&](const Kernels& k, StepArrays& a, size_t n, int o) {
    RmspropArgs s{a[0], a[1], a[2], bit(o, 0) ? a[3] : nullptr, bit(o, 1) ? a[4] : nullptr, bit(o, 2),
                  1e-2, 0.99, 1e-8, bit(o, 3) ? 0.01 : 0, bit(o, 1) ? 0.9 : 0};
    k.rmsprop_step(s, 0, n);
  });
}

// A product through ops::matmul (so also the blocking, packing and threads) in all 8 layouts (flags: 1
// transposed A, 2 transposed B, 4 accumulate) against one reference. Batch strides are multiples of the matrix
// size (0: one matrix broadcast over the batch). Inputs are multiples of 1/8 in [-4, 4], so every partial sum
// (K <= 5000) is exact in float whatever the order: results must match exactly, and a single term dropped or
// counted twice anywhere shows. Reports the first wrong element.
void check_product(const Kernels& t, size_t batch, size_t M, size_t K, size_t N, size_t a_mul, size_t b_mul) {
  size_t a_size = M * K, b_size = K * N, o_size = batch * M * N;
  size_t a_count = a_mul ? batch : 1, b_count = b_mul ? batch : 1;
  std::vector<float> a_logical(a_size * a_count), b_logical(b_size * b_count);  // row-major [M, K] and [K, N]
  auto grid = [] { return float(int(rng() % 65) - 32) / 8; };
  for (float& v : a_logical) v = grid();
  for (float& v : b_logical) v = grid();
  std::vector<double> want(o_size);
  for (size_t bi = 0; bi < batch; bi++)
    for (size_t i = 0; i < M; i++)
      for (size_t j = 0; j < N; j++) {
        double sum = 0;
        for (size_t k = 0; k < K; k++)
          sum += double(a_logical[(bi * a_mul) * a_size + i * K + k]) * b_logical[(bi * b_mul) * b_size + k * N + j];
        want[(bi * M + i) * N + j] = sum;
      }
  for (int flags = 0; flags < 8; flags++) {
    bool ta = flags & 1, tb = flags & 2, acc = flags & 4;
    Guarded a(std::max<size_t>(1, a_size * a_count)), b(std::max<size_t>(1, b_size * b_count));
    Guarded out(std::max<size_t>(1, o_size));
    for (size_t m = 0; m < a_count; m++)
      for (size_t i = 0; i < M; i++)
        for (size_t k = 0; k < K; k++) a[m * a_size + (ta ? k * M + i : i * K + k)] = a_logical[m * a_size + i * K + k];
    for (size_t m = 0; m < b_count; m++)
      for (size_t k = 0; k < K; k++)
        for (size_t j = 0; j < N; j++) b[m * b_size + (tb ? j * K + k : k * N + j)] = b_logical[m * b_size + k * N + j];
    for (size_t o = 0; o < o_size; o++) out[o] = grid();  // garbage to overwrite, or the sum to add to
    std::vector<float> before(out.data, out.data + o_size);
    ops::matmul(t, a.data, b.data, out.data, {batch, M, K, N, a_mul * a_size, b_mul * b_size, ta, tb, acc});
    for (size_t o = 0; o < o_size; o++) {
      double w = want[o] + (acc ? before[o] : 0.0);
      if (out[o] != w) {
        fail(std::string(t.isa) + " matmul batch=" + std::to_string(batch) + " M=" + std::to_string(M) +
             " K=" + std::to_string(K) + " N=" + std::to_string(N) + " flags=" + std::to_string(flags) +
             " threads=" + std::to_string(threads::get_num_threads()) + " at " + std::to_string(o) + ": got " +
             std::to_string(out[o]) + " want " + std::to_string(w));
        break;
      }
    }
  }
}

// Products from a new thread while the pool is busy: one call computes every thread's column range, with
// scratch buffers that have not grown yet.
void check_matmul_fresh_thread(const Kernels& t) {
  size_t saved = threads::get_num_threads();
  threads::set_num_threads(3);
  threads::parallel_for(2, 1, [&](size_t b0, size_t) {
    if (b0 == 0) std::thread([&] { check_product(t, 1, 128, 128, 128, 1, 1), check_product(t, 1, 20, 700, 4000, 1, 1); }).join();
  });
  threads::set_num_threads(saved);
}

void check_matmul(const Kernels& t) {
  // Every combination of sizes around the register tiles (MR 4/6/8, NR 8/16) and vector widths.
  const size_t sizes[] = {0, 1, 5, 6, 7, 15, 16, 17, 63, 64, 65};
  for (size_t M : sizes)
    for (size_t K : sizes)
      for (size_t N : sizes) check_product(t, 1, M, K, N, 1, 1);
  struct Case {
    size_t batch, M, K, N, a_mul, b_mul;
  };
  const Case cases[] = {
      {1, 150, 700, 40, 1, 1}, {1, 1000, 17, 257, 1, 1}, {1, 20, 300, 700, 1, 1},  // several row blocks, K steps
      {1, 1, 1000, 1000, 1, 1}, {1, 1000, 1000, 1, 1, 1}, {1, 257, 64, 257, 1, 1},
      {1, 3, 4500, 300, 1, 1},                       // few rows, long K: B read in place
      {1, 20, 700, 1200, 1, 1},                      // B packed in three K blocks and two column blocks
      {1, 20, 700, 4000, 1, 1},  // threaded, few rows: each thread packs its columns of B, in two column blocks
      {2, 5, 3, 7, 1, 0},      {4, 33, 20, 17, 1, 0},  // one B for the batch (one tall product unless A is transposed)
      {3, 6, 16, 16, 0, 1},    {5, 40, 65, 64, 1, 1},  // small products shared out whole
      {2, 128, 260, 256, 1, 1}, {2, 70, 300, 9, 0, 0},  // large ones one after the other
  };
  size_t saved = threads::get_num_threads();
  for (size_t n : {1, 3}) {  // one thread; more threads than cores (more tiles, uneven splits)
    threads::set_num_threads(n);
    for (const Case& c : cases) check_product(t, c.batch, c.M, c.K, c.N, c.a_mul, c.b_mul);
  }
  threads::set_num_threads(saved);
  check_matmul_fresh_thread(t);
}

// ops::linear (matmul with the bias and activation epilogue) for one size, x @ W^T as nn.Linear passes it (and
// untransposed, as a row-major weight view would): with inputs on the 1/8 grid every sum is exact, so the bias
// plus the exact sum is the exact pre-activation and relu/relu6/leaky_relu(0.25) are exact too; every activation
// must equal the table's unary kernel applied to matmul + add (the composed path), bit for bit. Random inputs
// then compare with the composed path alone, where the K blocks' rounding shows any change of summation order.
void check_linear_size(const Kernels& t, size_t M, size_t K, size_t N) {
  auto grid = [] { return float(int(rng() % 65) - 32) / 8; };
  Guarded a(std::max<size_t>(1, M * K)), w(std::max<size_t>(1, N * K)), bias(std::max<size_t>(1, N));
  Guarded out(std::max<size_t>(1, M * N)), composed(std::max<size_t>(1, M * N)), product(std::max<size_t>(1, M * N));
  const int acts[] = {-1, unary_relu, unary_relu6, unary_leaky_relu, unary_sigmoid, unary_tanh};
  std::string size = " M=" + std::to_string(M) + " K=" + std::to_string(K) + " N=" + std::to_string(N) +
                     " threads=" + std::to_string(threads::get_num_threads());
  for (bool on_grid : {true, false}) {
    for (size_t i = 0; i < M * K; i++) a[i] = on_grid ? grid() : random_float(false);
    for (size_t i = 0; i < N * K; i++) w[i] = on_grid ? grid() : random_float(false);
    for (size_t j = 0; j < N; j++) bias[j] = on_grid ? grid() : random_float(false);
    for (bool trans_b : {true, false}) {
      // The product and the exact sums, once per layout (the bias and activation are applied to them below):
      // recomputing them per activation made this check most of the arm64 kernel test's time under qemu.
      ops::MatmulShape s{1, M, K, N, 0, 0, false, trans_b, false};
      ops::matmul(t, a.data, w.data, product.data, s);
      std::vector<double> exact(on_grid ? M * N : 0);
      for (size_t i = 0; i < M && on_grid; i++)
        for (size_t j = 0; j < N; j++)
          for (size_t k = 0; k < K; k++) exact[i * N + j] += double(a[i * K + k]) * (trans_b ? w[j * K + k] : w[k * N + j]);
      for (bool with_bias : {true, false})
        for (int act : acts) {
          float p0 = act == unary_leaky_relu ? 0.25f : 0.0f;
          for (size_t o = 0; o < M * N; o++) out[o] = random_float(true);  // garbage to overwrite
          ops::linear(t, a.data, w.data, with_bias ? bias.data : nullptr, out.data, s, act, p0, 0.0f);
          std::copy(product.data, product.data + M * N, composed.data);
          for (size_t i = 0; i < M && with_bias; i++)
            ops::binary(t, binary_add, composed.data + i * N, N, bias.data, N, composed.data + i * N, N, 0, 0);
          if (act >= 0) ops::unary(t, act, composed.data, composed.data, M * N, p0, 0.0f);
          std::string what = std::string(t.isa) + " linear act=" + (act < 0 ? "none" : kUnaryNames[act]) +
                             (with_bias ? " bias" : "") + (trans_b ? " W^T" : " W") + (on_grid ? " grid" : "") + size;
          for (size_t i = 0; i < M; i++)
            for (size_t j = 0; j < N; j++) {
              size_t o = i * N + j;
              if (!same(out[o], composed[o]))
                return fail(what + " at " + std::to_string(o) + ": got " + digits(out[o]) + " composed " +
                            digits(composed[o]));
              if (!on_grid || !(act < 0 || act == unary_relu || act == unary_relu6 || act == unary_leaky_relu)) continue;
              double z = (with_bias ? bias[j] : 0.0) + exact[o];  // the exact pre-activation (both on the grid)
              double want = act == unary_relu ? std::max(z, 0.0) : act == unary_relu6 ? std::min(std::max(z, 0.0), 6.0)
                            : act == unary_leaky_relu && z <= 0 ? z * 0.25 : z;
              if (out[o] != want)
                return fail(what + " at " + std::to_string(o) + ": got " + digits(out[o]) + " exact " +
                            digits(want));
            }
        }
    }
  }
}

void check_linear(const Kernels& t) {
  // around the register tiles and vector widths; M <= 16 takes the dot-product path, K > 256 several K blocks
  const size_t sizes[] = {0, 1, 7, 16, 17, 65};
  for (size_t M : sizes)
    for (size_t K : sizes)
      for (size_t N : sizes) check_linear_size(t, M, K, N);
  size_t saved = threads::get_num_threads();
  for (size_t n : {1, 3}) {
    threads::set_num_threads(n);
    check_linear_size(t, 1, 784, 256);    // nn.Linear on one sample
    check_linear_size(t, 64, 784, 256);   // the MLP's first layer: threaded, packed, 4 K blocks
    check_linear_size(t, 300, 700, 130);  // odd sizes everywhere
    check_linear_size(t, 5, 3000, 40);    // few rows, long K
  }
  threads::set_num_threads(saved);
}

// For every alignment (dst offset 0-16 floats) and length: write(src, dst, n) into a buffer of sentinels must
// leave exactly expect's results in [offset, offset + n) and nothing changed around it.
template <class Write, class Expect>
void check_writes_exactly(const Kernels& t, const std::string& what, Write write, Expect expect) {
  for (size_t offset = 0; offset < 17; offset++)
    for (size_t n : kLengths) {
      Guarded src(n), want(n), dst(n + 34);
      fill(src, true);
      expect(src.data, want.data, n);
      for (size_t i = 0; i < n + 34; i++) dst[i] = -7.0f;
      write(src.data, dst.data + offset, n);
      t.stream_fence();
      for (size_t i = 0; i < n + 34; i++) {
        bool inside = i >= offset && i < offset + n;
        if (!same(dst[i], inside ? want[i - offset] : -7.0f)) {
          fail(std::string(t.isa) + " " + what + " offset " + std::to_string(offset) + " n " + std::to_string(n));
          break;
        }
      }
    }
}

// Non-temporal output (ops.cpp streams outputs of >= 16 MiB): stream_copy and unary_stream at every alignment
// and length write exactly what they should and touch nothing around their range; ops::unary/binary on large
// outputs, streamed (unary directly, binary through L1 blocks) and at unaligned addresses, equal the table's
// kernel run directly over the whole array, at 1 and 3 threads.
void check_streaming(const Kernels& t) {
  check_writes_exactly(t, "stream_copy", t.stream_copy, [](const float* src, float* want, size_t n) { std::copy(src, src + n, want); });
  // unary_stream: the unary kernels writing non-temporally as they go
  for (int op = 0; op < kNumUnaryOps; op++) {
    if (!t.unary_stream[op]) continue;
    check_writes_exactly(
        t, std::string("unary_stream ") + kUnaryNames[op],
        [&](const float* x, float* dst, size_t n) { t.unary_stream[op](x, dst, n, 0.01f, 6.0f); },
        [&](const float* x, float* want, size_t n) { t.unary[op](x, want, n, 0.01f, 6.0f); });
  }
  const size_t n = (size_t(18) << 20) / sizeof(float) + 37;  // above the 16 MiB threshold, not whole blocks
  Guarded x(n), y(n), got(n + 1), want(n);
  fill(x, true);
  fill(y, true);
  size_t saved = threads::get_num_threads();
  for (size_t threads : {1, 3}) {
    threads::set_num_threads(threads);
    auto expect_same = [&](const char* what) {
      for (size_t i = 0; i < n; i++)
        if (!same(got[i + 1], want[i])) {
          fail(std::string(t.isa) + " streamed " + what + " at " + std::to_string(i) + ", threads " + std::to_string(threads));
          return;
        }
    };
    for (int op : {int(unary_relu), int(unary_sigmoid), int(unary_leaky_relu), int(unary_erf)}) {
      ops::unary(t, op, x.data, got.data + 1, n, 0.01f, 0.0f);
      t.unary[op](x.data, want.data, n, 0.01f, 0.0f);
      expect_same(kUnaryNames[op]);
    }
    for (size_t b_len : {size_t(1), n}) {
      ops::binary(t, binary_mul, x.data, n, y.data, b_len, got.data + 1, n, 0.0f, 0.0f);
      t.binary[binary_mul](x.data, 1, y.data, b_len == n, want.data, n, 0.0f, 0.0f);
      expect_same(b_len == 1 ? "mul by a scalar" : "mul");
    }
  }
  threads::set_num_threads(saved);
}

// binary_strided, copy_strided and arg_reduce (shared by all tables) against naive loops.
void check_strided(const Kernels& t) {
  // out[i][j][k] = a[i][k] (transposed view: strides k*3+i) op b broadcast over j.
  size_t shape[3] = {3, 4, 5}, as[3] = {1, 0, 3}, bs[3] = {0, 1, 0};
  Guarded a(15), b(4), out(60), copy(60);
  fill(a, false);
  fill(b, false);
  ops::binary_strided(t, binary_sub, a.data, b.data, out.data, {3, shape}, as, bs, 0, 0);
  ops::copy_strided(a.data, copy.data, {3, shape}, as, 0);
  for (size_t i = 0; i < 3; i++)
    for (size_t j = 0; j < 4; j++)
      for (size_t k = 0; k < 5; k++) {
        size_t o = (i * 4 + j) * 5 + k;
        if (!same(out[o], a[k * 3 + i] - b[j]) || !same(copy[o], a[k * 3 + i])) {
          fail(std::string(t.isa) + " strided at " + std::to_string(o));
          return;
        }
      }
  Guarded x(2 * 6 * 3), values(6);
  std::vector<double> idx(6);
  fill(x, false);
  x[(0 * 6 + 2) * 3 + 1] = NAN;
  x[(0 * 6 + 4) * 3 + 1] = NAN;
  ops::arg_reduce(true, x.data, values.data, idx.data(), 2, 6, 3);
  if (idx[1] != 2 || !std::isnan(values[1])) fail("arg_reduce: first NaN must win");
  for (size_t o = 0; o < 2; o++)
    for (size_t i = 0; i < 3; i++) {
      if (o == 0 && i == 1) continue;
      size_t best = 0;
      for (size_t j = 1; j < 6; j++)
        if (x[(o * 6 + j) * 3 + i] > x[(o * 6 + best) * 3 + i]) best = j;
      if (idx[o * 3 + i] != double(best)) fail("arg_reduce: wrong index");
    }
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void bench() {
  const Kernels& k = kernels();
  for (size_t threads : {1, 2}) {
    threads::set_num_threads(threads);
    for (size_t n : {128, 512, 1024}) {
      std::vector<float> a(n * n, 1.0f), b(n * n, 0.5f), c(n * n);
      ops::MatmulShape s{1, n, n, n, 0, 0, false, false, false};
      ops::matmul(k, a.data(), b.data(), c.data(), s);
      size_t reps = std::max<size_t>(3, size_t(2e9 / (2.0 * n * n * n)));
      auto t0 = std::chrono::steady_clock::now();
      for (size_t r = 0; r < reps; r++) ops::matmul(k, a.data(), b.data(), c.data(), s);
      double sec = seconds_since(t0);
      std::printf("matmul %s %zu thread(s) %4zu: %6.1f GFLOP/s\n", k.isa, threads, n,
                  2.0 * n * n * n * reps / sec / 1e9);
    }
  }
  threads::set_num_threads(2);
  const size_t reps = 200000;
  auto t0 = std::chrono::steady_clock::now();
  for (size_t r = 0; r < reps; r++) threads::parallel_for(64, 1, [](size_t, size_t) {});
  std::printf("empty parallel_for (2 threads, 64 chunks of work split): %.2f us\n", seconds_since(t0) / reps * 1e6);
  t0 = std::chrono::steady_clock::now();
  for (size_t r = 0; r < reps; r++) threads::parallel_for(100, 1000, [](size_t, size_t) {});
  std::printf("parallel_for below grain (runs inline): %.3f us\n", seconds_since(t0) / reps * 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t stride = 1;
  bool run_bench = false, digest = false, matmul_only = false, ulp_only = false, fresh_thread_only = false;
  const char* only_isa = nullptr;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--stride") == 0 && i + 1 < argc) stride = std::strtoull(argv[++i], nullptr, 10);
    else if (std::strcmp(argv[i], "--bench") == 0) run_bench = true;
    else if (std::strcmp(argv[i], "--digest") == 0) digest = true;
    else if (std::strcmp(argv[i], "--matmul") == 0) matmul_only = true;
    else if (std::strcmp(argv[i], "--fresh-thread") == 0) fresh_thread_only = true;
    else if (std::strcmp(argv[i], "--ulp") == 0) ulp_only = true;
    else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only_isa = argv[++i];
  }
  auto ts = tables();
  std::printf("tables:");
  for (auto* t : ts) std::printf(" %s", t->isa);
  std::printf(" (dispatch picks %s)\n", kernels().isa);
  auto checked = [&](const Kernels* t) { return !only_isa || std::strcmp(t->isa, only_isa) == 0; };
  if (only_isa && std::none_of(ts.begin(), ts.end(), checked)) {
    std::printf("FAIL --only %s: no such table here\n", only_isa);
    return 2;
  }
  if (run_bench) {
    bench();
    return 0;
  }
  if (digest) {
    for (int op : {unary_exp, unary_sigmoid, unary_tanh}) digest_transcendental(op, kUnaryNames[op], kernels());
    return 0;
  }
  if (matmul_only) {
    for (auto* t : ts)
      if (checked(t)) fresh_thread_only ? check_matmul_fresh_thread(*t) : (check_matmul(*t), check_linear(*t));
    std::printf(failures ? "matmul: %d FAILURES\n" : "matmul: all passed\n", failures);
    return failures ? 1 : 0;
  }
  if (!ulp_only) {
    for (auto* t : ts) {
      if (!checked(t)) continue;
      check_unary(*t, *ts[0]);
      check_binary(*t, *ts[0]);
      check_reductions(*t, *ts[0]);
      check_sum_accuracy(*t);
      check_optimizers(*t, *ts[0]);
      check_matmul(*t);
      check_linear(*t);
      check_cross_entropy(*t);
      check_strided(*t);
      check_streaming(*t);
      std::printf("%s: kernels checked against scalar%s\n", t->isa, failures ? " (with failures)" : "");
    }
  }
  check_transcendental(unary_exp, "exp", 1, ts, stride);
  check_transcendental(unary_sigmoid, "sigmoid", 2, ts, stride);
  check_transcendental(unary_tanh, "tanh", 2, ts, stride);
  std::printf(failures ? "%d FAILURES\n" : "all passed\n", failures);
  return failures ? 1 : 0;
}
