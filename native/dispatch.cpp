// Picks the kernel table once, from what the CPU running this process supports, so one x86-64 binary runs
// on any x86-64 CPU. TORCHLET_ISA=scalar forces the portable table, TORCHLET_ISA=avx2 the AVX2 one where the
// CPU has it (tests, debugging, comparing tables).
#include <cstdlib>
#include <cstring>

#include "kernels.h"

#if defined(__x86_64__) || defined(_M_X64)
bool cpu_runs_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
// __builtin_cpu_supports also checks that the OS saves the zmm registers (XCR0).
bool cpu_runs_avx512() {
  return cpu_runs_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}
#endif

static const Kernels& detect() {
  const char* forced = std::getenv("TORCHLET_ISA");
  if (forced && std::strcmp(forced, "scalar") == 0) return scalar_kernels();
#if defined(__x86_64__) || defined(_M_X64)
  if (cpu_runs_avx512() && !(forced && std::strcmp(forced, "avx2") == 0)) return avx512_kernels();
  if (cpu_runs_avx2()) return avx2_kernels();
#elif defined(__aarch64__)
  return neon_kernels();
#endif
  return scalar_kernels();
}

const Kernels& kernels() {
  static const Kernels& table = detect();
  return table;
}
