// Process-wide thread pool. parallel_for splits [0, n) into chunks claimed from an atomic counter by the
// caller and the pool's workers; ranges shorter than `grain` run on the caller alone. A call made while the
// pool is busy with another caller's job (another JS thread, or a nested call) runs on its own thread
// instead of waiting, so there is no deadlock and no nesting.
#pragma once
#include <cstddef>
#include <utility>

namespace threads {

size_t get_num_threads();
// n >= 1 (the caller counts); takes effect at the next parallel_for. Safe while jobs run.
void set_num_threads(size_t n);

using RangeFn = void (*)(void* ctx, size_t begin, size_t end);
void run(size_t n, size_t grain, RangeFn fn, void* ctx);

// fn(begin, end) over disjoint ranges covering [0, n). When grain is a multiple of 16, chunk boundaries are
// too, so float chunks never share a 64-byte cache line. If fn throws, the first exception is rethrown on
// the caller once every chunk has finished.
template <class Fn>
void parallel_for(size_t n, size_t grain, Fn&& fn) {
  run(n, grain, [](void* ctx, size_t b, size_t e) { (*static_cast<Fn*>(ctx))(b, e); }, &fn);
}

}  // namespace threads
