#include "threads.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace threads {
namespace {

// More threads than this are never started, whatever set_num_threads was given.
constexpr size_t kMaxThreads = 256;

std::atomic<size_t> requested_threads{std::max<size_t>(1, std::thread::hardware_concurrency())};

// How long a worker that finished a job, or a caller waiting for a helper, spins before blocking: jobs come
// in quick succession (the steps of a matmul, the ops of a training step), and a sleeping helper started
// 6-23 us late on the 2-vCPU VM against 0.5 us for a spinning one (128^3 matmul on 2 threads: 102 -> 136
// GFLOP/s). Each round yields, so a spinning thread never keeps a thread with work off a shared vCPU.
constexpr auto kSpin = std::chrono::microseconds(100);

template <class Pred>
void spin_while(Pred pred) {
  auto end = std::chrono::steady_clock::now() + kSpin;
  while (pred() && std::chrono::steady_clock::now() < end) std::this_thread::yield();
}

// The job being run: chunks of `chunk` elements claimed through `next`.
struct Job {
  RangeFn fn = nullptr;
  void* ctx = nullptr;
  size_t n = 0, chunk = 0;
  std::atomic<size_t> next{0};
  std::exception_ptr error;  // first exception thrown by a chunk (guarded by Pool::mutex)
};

class Pool {
 public:
  // Returns false (and runs nothing) when another job owns the pool.
  bool try_run(size_t helpers, Job& job) {
    bool expected = false;
    if (!busy_.compare_exchange_strong(expected, true, std::memory_order_acquire)) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      while (workers_started_ < helpers) {
        std::thread(&Pool::worker_loop, this, workers_started_).detach();
        workers_started_++;
      }
      job_ = &job;
      helpers_ = helpers;
      open_ = true;
      generation_++;
      published_.store(generation_, std::memory_order_release);
    }
    wake_.notify_all();
    work_on(job);
    {
      // Close the job so late wakers skip it, then wait only for helpers that actually joined: a worker
      // still asleep (say its vCPU is busy) costs the caller nothing.
      std::unique_lock<std::mutex> lock(mutex_);
      open_ = false;
      if (joined_ != 0) {
        lock.unlock();
        spin_while([&] { return joined_.load(std::memory_order_acquire) != 0; });
        lock.lock();
      }
      done_.wait(lock, [&] { return joined_ == 0; });
      job_ = nullptr;
    }
    busy_.store(false, std::memory_order_release);
    return true;
  }

 private:
  void work_on(Job& job) {
    for (;;) {
      size_t begin = job.next.fetch_add(job.chunk, std::memory_order_relaxed);
      if (begin >= job.n) return;
      try {
        job.fn(job.ctx, begin, std::min(job.n, begin + job.chunk));
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!job.error) job.error = std::current_exception();
      }
    }
  }

  void worker_loop(size_t index) {
    uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    auto ready = [&] { return open_ && generation_ != seen && index < helpers_; };
    for (;;) {
      if (!ready()) {
        uint64_t last = generation_;  // spin until a job newer than this one is published
        lock.unlock();
        spin_while([&] { return published_.load(std::memory_order_acquire) == last; });
        lock.lock();
        wake_.wait(lock, ready);
      }
      seen = generation_;
      Job* job = job_;
      joined_++;
      lock.unlock();
      work_on(*job);
      lock.lock();
      if (--joined_ == 0 && !open_) done_.notify_one();
    }
  }

  std::atomic<bool> busy_{false};
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  size_t workers_started_ = 0, helpers_ = 0;
  std::atomic<size_t> joined_{0};  // changed under mutex_, read without it while spinning
  uint64_t generation_ = 0;
  std::atomic<uint64_t> published_{0};  // generation_, for spinning workers
  bool open_ = false;
  Job* job_ = nullptr;
};

// Never destroyed: workers are detached and may outlive static destructors at exit. The addon is linked with
// -z nodelete, so this code is never unloaded under them either.
Pool& pool() {
  static Pool* p = new Pool();
  return *p;
}

thread_local bool inside_job = false;

}  // namespace

size_t get_num_threads() { return requested_threads.load(std::memory_order_relaxed); }

void set_num_threads(size_t n) { requested_threads.store(std::max<size_t>(1, n), std::memory_order_relaxed); }

void run(size_t n, size_t grain, RangeFn fn, void* ctx) {
  if (n == 0) return;
  grain = std::max<size_t>(grain, 1);
  size_t threads = std::min(get_num_threads(), kMaxThreads);
  if (threads <= 1 || n <= grain || inside_job) {
    fn(ctx, 0, n);
    return;
  }
  // A few chunks per thread balance uneven progress (a busy vCPU) without much claiming traffic.
  size_t chunks = std::min((n + grain - 1) / grain, 4 * threads);
  size_t align = grain % 16 == 0 ? 16 : 1;
  size_t chunk = ((n + chunks - 1) / chunks + align - 1) / align * align;
  chunks = (n + chunk - 1) / chunk;
  Job job;
  job.fn = fn;
  job.ctx = ctx;
  job.n = n;
  job.chunk = chunk;
  inside_job = true;
  bool ran = pool().try_run(std::min(threads, chunks) - 1, job);
  inside_job = false;
  if (!ran) {
    fn(ctx, 0, n);  // another caller owns the pool: do our own work rather than wait for it
    return;
  }
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace threads
