#include "pool.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <vector>

// Under ASan, cached blocks and the unused end of a block are poisoned, so a use after release or an overrun
// past the requested bytes is reported even though the pool never frees the memory.
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace mempool {
namespace {

// Size classes: rounded up to an eighth of the request's power of two (at most 12.5% waste), and to at
// least 64 KiB, so similar tensor sizes share blocks.
size_t size_class(size_t bytes) {
  size_t power = size_t(1) << (63 - __builtin_clzll(bytes));
  size_t granule = std::max<size_t>(size_t(64) << 10, power / 8);
  return (bytes + granule - 1) / granule * granule;
}

// The cache holds at most 256 MiB or a quarter of RAM, whichever is smaller.
size_t cache_limit() {
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  size_t quarter = pages > 0 && page > 0 ? size_t(pages) * size_t(page) / 4 : 0;
  return std::min<size_t>(size_t(256) << 20, quarter ? quarter : size_t(256) << 20);
}

// A cached block and when it came back (a release counter): the oldest are evicted first.
struct Cached {
  void* data;
  uint64_t returned;
};

struct Cache {
  std::mutex mutex;
  std::map<size_t, std::deque<Cached>> free_blocks;  // by size class, oldest first
  size_t limit = cache_limit();
  size_t mapped_since_release = 0;
  uint64_t releases = 0;
  Stats stats{0, 0, 0, 0};
};

// Never destroyed: finalizers may return blocks during process teardown.
Cache& cache() {
  static Cache* c = new Cache();
  return *c;
}

constexpr size_t kHugePage = size_t(2) << 20;

// Fresh, zeroed pages straight from the kernel. From 2 MiB up the block is aligned to 2 MiB and asks for
// transparent huge pages: the first write then takes one fault per 2 MiB instead of 512 (measured ~4x
// faster on a fresh 64 MB buffer, TOOLCHAIN.md); where THP is off, madvise fails harmlessly.
void* map_block(size_t size) {
  if (size < kHugePage) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
  }
  size_t span = size + kHugePage;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  uintptr_t start = (reinterpret_cast<uintptr_t>(raw) + kHugePage - 1) & ~(kHugePage - 1);
  size_t head = start - reinterpret_cast<uintptr_t>(raw);
  if (head) munmap(raw, head);
  munmap(reinterpret_cast<char*>(start) + size, span - head - size);
#ifdef MADV_HUGEPAGE
  madvise(reinterpret_cast<void*>(start), size, MADV_HUGEPAGE);
#endif
  return reinterpret_cast<void*>(start);
}

}  // namespace

Block acquire(size_t bytes) {
  size_t size = size_class(bytes);
  Cache& c = cache();
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.free_blocks.find(size);
    if (it != c.free_blocks.end() && !it->second.empty()) {
      void* data = it->second.back().data;  // the newest: the likeliest to be still in cache
      it->second.pop_back();
      if (it->second.empty()) c.free_blocks.erase(it);
      c.stats.cached -= size;
      c.stats.live += size;
      c.stats.hits++;
      UNPOISON(data, bytes);
      POISON(static_cast<char*>(data) + bytes, size - bytes);
      return {data, size, false};
    }
    if (c.mapped_since_release + size > kMaxMappedWithoutReturn) return {nullptr, 0, false};
    c.mapped_since_release += size;
  }
  void* data = map_block(size);  // size is a multiple of 64 KiB, so of the page size
  std::lock_guard<std::mutex> lock(c.mutex);
  c.stats.misses++;
  if (data) {
    c.stats.live += size;
    POISON(static_cast<char*>(data) + bytes, size - bytes);
  } else {
    c.mapped_since_release -= std::min(size, c.mapped_since_release);  // nothing was mapped
  }
  return {data, size, true};
}

void unmap(void* data, size_t size) {
  UNPOISON(data, size);  // the range may be mapped again for something else
  munmap(data, size);
}

size_t release(void* data, size_t size) {
  Cache& c = cache();
  std::vector<std::pair<void*, size_t>> evicted;
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    c.stats.live -= size;
    c.mapped_since_release = 0;
    try {
      // Room is made by evicting the blocks that came back longest ago, not by refusing this one: a program
      // that moved on to other sizes would otherwise keep a full cache of sizes it no longer asks for and map
      // (and page-fault) every new block.
      while (size <= c.limit && c.stats.cached + size > c.limit) {
        auto oldest = c.free_blocks.end();
        for (auto it = c.free_blocks.begin(); it != c.free_blocks.end(); ++it)
          if (!it->second.empty() &&
              (oldest == c.free_blocks.end() || it->second.front().returned < oldest->second.front().returned))
            oldest = it;
        evicted.emplace_back(oldest->second.front().data, oldest->first);
        oldest->second.pop_front();
        c.stats.cached -= oldest->first;
        if (oldest->second.empty()) c.free_blocks.erase(oldest);
      }
      if (size <= c.limit) {
        c.free_blocks[size].push_back({data, ++c.releases});
        c.stats.cached += size;
        POISON(data, size);
        data = nullptr;
      }
    } catch (...) {  // out of memory for the list itself: free the block instead (finalizers must not throw)
    }
  }
  size_t unmapped = 0;
  for (auto& [block, block_size] : evicted) unmap(block, block_size), unmapped += block_size;
  if (data) unmap(data, size), unmapped += size;
  return unmapped;
}

void note_collection() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  c.mapped_since_release = 0;
}

Stats stats() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  return c.stats;
}

}  // namespace mempool
