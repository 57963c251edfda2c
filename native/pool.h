// Process-wide cache of large, page-aligned memory blocks. Reusing blocks whose pages are already mapped
// avoids the page faults that dominate writing a fresh large buffer (~6x slower). No N-API here: binding.cpp
// hands blocks out as external ArrayBuffers and releases them from their GC finalizers.
#pragma once
#include <cstddef>

namespace mempool {

// Requests below this size are not pooled (they are cheap plain ArrayBuffers). From 64 KiB up a fresh buffer
// page-faults on most of its 4 KiB pages: glibc maps and unmaps large sizes, and gives the top of its heap back
// to the kernel when many mid-size buffers are freed at once, as a garbage collection does (matmul 128 into
// fresh 64 KiB outputs after large ops, as in the bench: 11-45 faults and 35-75 us a call from glibc, 0.1 and
// 25-40 us from the pool; about 27-35 us into a reused output).
constexpr size_t kMinPooledBytes = size_t(64) << 10;

// New blocks mapped since a block last came back, above which acquire() declines and callers use V8's own
// ArrayBuffers, which the GC frees by itself. Blocks come back from finalizers run during GC (binding.cpp);
// where Node defers finalizers to the event loop instead (Node versions without that), a synchronous loop would
// otherwise map a new block per large tensor and grow without bound. Counting only since the last return, not
// all blocks out, keeps the pool for programs that hold more than this in live tensors.
constexpr size_t kMaxMappedWithoutReturn = size_t(256) << 20;

struct Block {
  void* data;   // nullptr when the allocation failed, or (size 0) when over kMaxMappedWithoutReturn
  size_t size;  // the size class actually reserved (>= the request)
  bool zeroed;  // fresh from the kernel, so already all zero
};

// A block of at least `bytes` (>= kMinPooledBytes): a cached one of the same size class, or a new one
// while fewer than kMaxMappedWithoutReturn bytes were mapped since the last release().
Block acquire(size_t bytes);
// Returns a block from acquire() to the cache, evicting (freeing) the blocks that came back longest ago when
// it would hold more than its limit. Any thread. Returns the bytes unmapped (evicted, or this block when it
// is larger than the whole cache).
size_t release(void* data, size_t size);

// A garbage collection has run (binding.cpp watches for one after acquire() declined): the blocks of tensors
// that died before it have been released, so new blocks may be mapped again.
void note_collection();

struct Stats {
  size_t cached;  // bytes held in the cache
  size_t live;    // bytes handed out and not yet released
  size_t hits, misses;
};
Stats stats();

}  // namespace mempool
