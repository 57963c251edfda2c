// Matmul throughput through ops::matmul (the addon's path minus N-API), against this machine's FMA peak
// measured in the same process. Built and run by `sh native/test/run.sh --gemm [args]`:
//   gemm_bench [--threads 1,2] [--reps N] [--shape MxKxN[t][T] ...]
// t/T mark a transposed A/B (the layouts Linear's forward and backward pass). Prints, per shape and thread
// count, the median of N samples of GFLOP/s (wall clock, as % of a reference per-core peak x threads) and of
// GFLOP per CPU-second (as % of one core's peak: the kernels' efficiency, whatever else runs).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "../kernels.h"
#include "../ops.h"
#include "../threads.h"

namespace {

struct Shape {
  size_t M, K, N;
  bool ta, tb;
  std::string name;
};

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
// CPU seconds used by the whole process: flops per CPU second shows the kernels' efficiency even when other
// processes share the cores (then wall-clock rates mostly measure the scheduler).
double cpu_now() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

#if defined(__x86_64__)
// 12 independent FMA chains of one vector width (2 FMA pipes x 4-cycle latency need >= 8): one core's fp32 peak
// for the table being measured, in flops per CPU-second. Measured before each sample, as the VM's speed drifts
// with its neighbours.
#define FMA_PEAK(name, isa, lanes, fma)                                                 \
  __attribute__((target(isa), noinline)) double name() {                                 \
    typedef float vec __attribute__((vector_size(4 * lanes)));                           \
    vec acc[12], x, y;                                                                   \
    for (int l = 0; l < lanes; l++) x[l] = 1.0f, y[l] = 0.999f;                          \
    for (int i = 0; i < 12; i++) acc[i] = x * float(i);                                  \
    const long iters = 2000000;                                                          \
    double t0 = cpu_now();                                                               \
    for (long n = 0; n < iters; n++)                                                     \
      for (int i = 0; i < 12; i++) acc[i] = fma;                                         \
    double sec = cpu_now() - t0;                                                         \
    float sink = 0;                                                                      \
    for (int i = 0; i < 12; i++) sink += acc[i][0];                                      \
    if (sink == 42.0f) std::puts("");                                                    \
    return 2.0 * lanes * 12 * iters / sec / 1e9;                                         \
  }
FMA_PEAK(fma_peak_avx2, "avx2,fma", 8, __builtin_ia32_vfmaddps256(acc[i], y, x))
FMA_PEAK(fma_peak_avx512, "avx512f", 16, __builtin_ia32_vfmaddps512_mask(acc[i], y, x, -1, 4))
#undef FMA_PEAK
double fma_peak(const Kernels& k) { return std::strcmp(k.isa, "avx512") == 0 ? fma_peak_avx512() : fma_peak_avx2(); }
// Per-core peak references (quiet runs): AVX2 114 GFLOP/s (TOOLCHAIN.md's AMD EPYC), AVX-512 175 GFLOP/s
// (Intel Xeon model 207, 2026-12-01).
double peak_reference(const Kernels& k) { return std::strcmp(k.isa, "avx512") == 0 ? 175.0 : 114.0; }
#else
double fma_peak(const Kernels&) { return 0; }
double peak_reference(const Kernels&) { return 0; }
#endif

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

Shape parse(const char* s) {
  Shape sh{};
  char flags[8] = {};
  if (std::sscanf(s, "%zux%zux%zu%7s", &sh.M, &sh.K, &sh.N, flags) < 3) {
    std::fprintf(stderr, "bad shape %s (want MxKxN, optional t/T suffix)\n", s);
    std::exit(2);
  }
  sh.ta = std::strchr(flags, 't') != nullptr;
  sh.tb = std::strchr(flags, 'T') != nullptr;
  sh.name = s;
  return sh;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> thread_counts = {1, 2};
  std::vector<Shape> shapes;
  size_t samples = 7;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      thread_counts.clear();
      for (char* p = argv[++i]; *p;) {
        thread_counts.push_back(std::strtoul(p, &p, 10));
        if (*p == ',') p++;
      }
    } else if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
      samples = std::strtoul(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--shape") == 0 && i + 1 < argc) {
      shapes.push_back(parse(argv[++i]));
    }
  }
  if (shapes.empty())
    for (const char* s : {"128x128x128", "512x512x512", "1024x1024x1024", "64x784x256T", "64x256x784",
                          "784x64x256t", "512x784x256T", "512x256x784", "784x512x256t"})
      shapes.push_back(parse(s));
  const Kernels& k = kernels();
  std::printf("isa %s; medians of %zu samples\n", k.isa, samples);
  for (const Shape& sh : shapes) {
    std::vector<float> a(sh.M * sh.K), b(sh.K * sh.N), c(sh.M * sh.N);
    for (size_t i = 0; i < a.size(); i++) a[i] = float(i % 7) * 0.25f - 0.5f;
    for (size_t i = 0; i < b.size(); i++) b[i] = float(i % 5) * 0.125f - 0.25f;
    ops::MatmulShape s{1, sh.M, sh.K, sh.N, 0, 0, sh.ta, sh.tb, false};
    double flops = 2.0 * sh.M * sh.N * sh.K;
    for (size_t t : thread_counts) {
      threads::set_num_threads(t);
      ops::matmul(k, a.data(), b.data(), c.data(), s);
      // Each sample runs ~20 ms worth of calls, right after a peak measurement.
      size_t calls = std::max<size_t>(1, size_t(2e9 / flops));
      std::vector<double> rates, cpu_rates, peaks, efficiency;
      for (size_t r = 0; r < samples; r++) {
        double peak = fma_peak(k);
        double t0 = now(), c0 = cpu_now();
        for (size_t i = 0; i < calls; i++) ops::matmul(k, a.data(), b.data(), c.data(), s);
        rates.push_back(flops * calls / (now() - t0) / 1e9);
        cpu_rates.push_back(flops * calls / (cpu_now() - c0) / 1e9);
        peaks.push_back(peak);
        efficiency.push_back(cpu_rates.back() / peak);
      }
      double med = median(rates);
      std::printf("%-16s %zu thr: %6.1f GFLOP/s (min %6.1f max %6.1f) = %3.0f%% of %.0f x %zu | per CPU-s %5.1f, "
                  "%3.0f%% of the peak measured alongside (%5.1f)\n",
                  sh.name.c_str(), t, med, *std::min_element(rates.begin(), rates.end()),
                  *std::max_element(rates.begin(), rates.end()), 100 * med / (peak_reference(k) * t), peak_reference(k), t,
                  median(cpu_rates),
                  100 * median(efficiency), median(peaks));
    }
  }
  return 0;
}
