// Elementwise microbenchmark (x86-64; issue 5: sigmoid/tanh against relu). Per op: TSC ticks per element with
// the data in L1 on one thread (the compute cost; minimum and median of the samples), then GB/s (read + write)
// over 16e6 floats through ops::unary (the thread pool) into a second, already touched buffer and in place
// (medians).
//   sh native/test/run.sh --unary [--reps N] [--ops relu,exp,sigmoid,tanh] [--threads 1,2]   (--threads '': L1 only)
#include <x86intrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../kernels.h"
#include "../ops.h"
#include "../threads.h"

namespace {

const char* kNames[] = {
#define TORCHLET_NAME(name) #name,
    TORCHLET_UNARY_OPS(TORCHLET_NAME)
#undef TORCHLET_NAME
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::vector<int> parse_ops(const char* list) {
  std::vector<int> ops;
  std::string s(list);
  for (size_t start = 0; start <= s.size();) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    std::string name = s.substr(start, end - start);
    for (int op = 0; op < kNumUnaryOps; op++)
      if (name == kNames[op]) ops.push_back(op);
    start = end + 1;
  }
  return ops;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 31;
  std::vector<int> ops = parse_ops("relu,exp,sigmoid,tanh");
  std::vector<size_t> thread_counts = {1, 2};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--ops") == 0) ops = parse_ops(argv[i + 1]);
    else if (std::strcmp(argv[i], "--threads") == 0) {
      thread_counts.clear();
      for (char* p = argv[i + 1]; *p;) {
        thread_counts.push_back(std::strtoul(p, &p, 10));
        if (*p == ',') p++;
      }
    }
  }
  std::vector<const Kernels*> tables;
  if (cpu_runs_avx2()) tables.push_back(&avx2_kernels());
  if (cpu_runs_avx512()) tables.push_back(&avx512_kernels());

  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-10.0f, 10.0f);
  const size_t kSmall = 2048, kLarge = 16000000;
  std::vector<float> small(kSmall), small_out(kSmall), large(kLarge), large_out(kLarge);
  for (float& v : small) v = u(rng);

  for (const Kernels* t : tables) {
    for (int op : ops) {
      for (float& v : large) v = u(rng);  // fresh inputs for each op (the previous one ran in place)
      // L1: 128 passes per sample; the minimum is the sample least disturbed by other processes.
      std::vector<double> ticks;
      for (int r = 0; r < reps; r++) {
        uint64_t t0 = __rdtsc();
        for (int pass = 0; pass < 128; pass++) t->unary[op](small.data(), small_out.data(), kSmall, 0.0f, 0.0f);
        ticks.push_back(double(__rdtsc() - t0) / (128.0 * kSmall));
      }
      std::printf("%-5s %-8s L1 %5.2f ticks/elem (median %5.2f)", t->isa, kNames[op],
                  *std::min_element(ticks.begin(), ticks.end()), median(ticks));
      for (size_t n_threads : thread_counts) {
        threads::set_num_threads(n_threads);
        // The kernels are branch-free: repeating an op in place (exp reaching inf) costs the same each time.
        for (float* out : {large_out.data(), large.data()}) {
          ops::unary(*t, op, large.data(), out, kLarge, 0.0f, 0.0f);  // touch the output
          std::vector<double> secs;
          for (int r = 0; r < reps; r++) {
            auto t0 = std::chrono::steady_clock::now();
            ops::unary(*t, op, large.data(), out, kLarge, 0.0f, 0.0f);
            secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
          }
          double s = median(secs);
          const char* where = out == large.data() ? "in place" : "out=";
          std::printf("  %zut %s %5.1f GB/s", n_threads, where, 8.0 * kLarge / s / 1e9);
        }
      }
      std::printf("\n");
    }
  }
  return 0;
}
