// Machine limits for bench/run.js: STREAM-style copy bandwidth on reused (already touched) buffers and fp32 FMA
// peak (12 independent 8-wide FMA chains per thread), each on 1 and 2 threads. Prints one JSON object.
//   gcc -O2 -mavx2 -mfma -pthread machine.c -o machine && ./machine
#define _GNU_SOURCE
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define N 16000000L
static float *src, *dst;
static pthread_barrier_t bar;
typedef struct { int id, nt; double flops, start, end; } Arg;

static void copy_part(int id, int nt) {
  long lo = N * id / nt, hi = N * (id + 1) / nt;
  for (long i = lo; i < hi; i += 8) _mm256_storeu_ps(dst + i, _mm256_loadu_ps(src + i));
}

static void *copy_worker(void *p) {
  Arg *a = p;
  for (int r = 0; r < 12; r++) {
    pthread_barrier_wait(&bar);
    a->start = now();  // each worker times itself: the main thread, a third thread on 2 vCPUs, may run late
    copy_part(a->id, a->nt);
    a->end = now();
    pthread_barrier_wait(&bar);
  }
  return NULL;
}

static float fma_sink;
static void *fma_worker(void *p) {
  Arg *a = p;
  const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
  __m256 a0 = _mm256_set1_ps(0.0f), a1 = _mm256_set1_ps(0.1f), a2 = _mm256_set1_ps(0.2f), a3 = _mm256_set1_ps(0.3f);
  __m256 a4 = _mm256_set1_ps(0.4f), a5 = _mm256_set1_ps(0.5f), a6 = _mm256_set1_ps(0.6f), a7 = _mm256_set1_ps(0.7f);
  __m256 a8 = _mm256_set1_ps(0.8f), a9 = _mm256_set1_ps(0.9f), a10 = _mm256_set1_ps(1.0f), a11 = _mm256_set1_ps(1.1f);
  const long iters = 100000000;
  pthread_barrier_wait(&bar);
  for (long i = 0; i < iters; i++) {
    a0 = _mm256_fmadd_ps(a0, m, c); a1 = _mm256_fmadd_ps(a1, m, c); a2 = _mm256_fmadd_ps(a2, m, c);
    a3 = _mm256_fmadd_ps(a3, m, c); a4 = _mm256_fmadd_ps(a4, m, c); a5 = _mm256_fmadd_ps(a5, m, c);
    a6 = _mm256_fmadd_ps(a6, m, c); a7 = _mm256_fmadd_ps(a7, m, c); a8 = _mm256_fmadd_ps(a8, m, c);
    a9 = _mm256_fmadd_ps(a9, m, c); a10 = _mm256_fmadd_ps(a10, m, c); a11 = _mm256_fmadd_ps(a11, m, c);
  }
  __m256 s8 = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                            _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
  s8 = _mm256_add_ps(s8, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
  float t[8];
  _mm256_storeu_ps(t, s8);
  fma_sink += t[0];
  a->flops = 2.0 * 8 * 12 * iters;
  return NULL;
}

static double run(int nt, void *(*fn)(void *), int is_copy) {
  pthread_t th[8];
  Arg args[8];
  pthread_barrier_init(&bar, NULL, nt + 1);
  for (int i = 0; i < nt; i++) { args[i].id = i; args[i].nt = nt; pthread_create(&th[i], NULL, fn, &args[i]); }
  double best = 0;
  if (is_copy) {
    for (int r = 0; r < 12; r++) {
      pthread_barrier_wait(&bar);
      pthread_barrier_wait(&bar);
      double t0 = args[0].start, t1 = args[0].end;
      for (int i = 1; i < nt; i++) t0 = args[i].start < t0 ? args[i].start : t0, t1 = args[i].end > t1 ? args[i].end : t1;
      double gbs = 2.0 * 4 * N / (t1 - t0) / 1e9;  // bytes read + written, as STREAM counts copy
      if (r > 1 && gbs > best) best = gbs;
    }
  }
  if (!is_copy) pthread_barrier_wait(&bar);
  double t0 = now(), flops = 0;
  for (int i = 0; i < nt; i++) { pthread_join(th[i], NULL); flops += args[i].flops; }
  pthread_barrier_destroy(&bar);
  return is_copy ? best : flops / (now() - t0) / 1e9;
}

int main(void) {
  src = aligned_alloc(64, N * 4);
  dst = aligned_alloc(64, N * 4);
  for (long i = 0; i < N; i++) src[i] = (float)i, dst[i] = 0;  // touch both: no page faults while timing
  double c1 = run(1, copy_worker, 1), c2 = run(2, copy_worker, 1);
  double f1 = 0, f2 = 0;  // best of 3: the VM is shared, the peak is the best it can do
  for (int r = 0; r < 3; r++) {
    double a = run(1, fma_worker, 0), b = run(2, fma_worker, 0);
    if (a > f1) f1 = a;
    if (b > f2) f2 = b;
  }
  printf("{\"copy_gbs_1t\": %.2f, \"copy_gbs_2t\": %.2f, \"fma_gflops_1t\": %.1f, \"fma_gflops_2t\": %.1f}\n", c1, c2, f1, f2);
  return dst[12345] == 12345.0f ? 0 : 1;
}
