#include "ops.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include "bits.h"
#include "threads.h"

namespace ops {
namespace {

// Elements below which a range is not worth a thread (ATen's rule), and a smaller one for ops costing
// tens of cycles per element.
constexpr size_t kGrain = 32768;
constexpr size_t kGrainExpensive = 16384;
// Optimizer steps move 12-36 bytes per element and compute in double.
constexpr size_t kGrainOptimizer = 8192;

bool is_expensive_unary(int op) {
  return op == unary_exp || op == unary_log || op == unary_sigmoid || op == unary_tanh || op == unary_log1p ||
         op == unary_expm1 || op == unary_erf;
}

size_t div_up(size_t a, size_t b) { return (a + b - 1) / b; }

// Outputs of at least this many bytes, far more than the caches keep, are written with non-temporal stores
// (Kernels::stream_copy): a plain store first reads each output line from memory, so an elementwise op moved
// 3 bytes for every 2 it needs (measured on 16e6 floats, relu into another array, 2 threads: 7.4 -> 4.8 ms).
// Smaller outputs keep plain stores, which leave them in cache for the op that reads them next.
constexpr size_t kStreamBytes = size_t(16) << 20;
// Elements computed at a time into an L1 buffer, then streamed out.
constexpr size_t kStreamBlock = 1024;

// Whether an op writing out[0, n) from in[0, in_len) streams its output: large, and not overlapping the input
// (block by block, a later block's input could be an earlier block's output).
bool streams(const float* out, size_t n, const float* in, size_t in_len) {
  return n * sizeof(float) >= kStreamBytes && (out + n <= in || in + in_len <= out);
}

// out[lo, hi) from compute(i, count, dst), which writes elements [i, i + count) to dst: directly, or when
// streaming in blocks through an L1 buffer copied out with non-temporal stores (fenced before the chunk ends).
template <class Compute>
void write_out(const Kernels& k, float* out, size_t lo, size_t hi, bool stream, Compute&& compute) {
  if (!stream) return compute(lo, hi - lo, out + lo);
  alignas(64) float block[kStreamBlock];
  for (size_t i = lo; i < hi; i += kStreamBlock) {
    size_t count = std::min(kStreamBlock, hi - i);
    compute(i, count, block);
    k.stream_copy(block, out + i, count);
  }
  k.stream_fence();
}

}  // namespace

void unary(const Kernels& k, int op, const float* x, float* out, size_t n, float p0, float p1) {
  UnaryKernel kernel = k.unary[op];
  bool stream = streams(out, n, x, n);
  UnaryKernel streaming = stream ? k.unary_stream[op] : nullptr;
  threads::parallel_for(n, is_expensive_unary(op) ? kGrainExpensive : kGrain, [&](size_t b, size_t e) {
    if (streaming) {
      streaming(x + b, out + b, e - b, p0, p1);
      return k.stream_fence();
    }
    write_out(k, out, b, e, stream, [&](size_t i, size_t count, float* dst) { kernel(x + i, dst, count, p0, p1); });
  });
}

void binary(const Kernels& k, int op, const float* a, size_t a_len, const float* b, size_t b_len, void* out,
            size_t n, float p0, float p1) {
  if (n == 0) return;
  BinaryKernel kernel = k.binary[op];
  size_t out_size = is_comparison(op) ? 1 : sizeof(float);
  // Broadcast scalars are copied first: out may overlap them, and chunks run in any order.
  float a0 = a[0], b0 = b[0];
  size_t a_step = a_len == 1 ? 0 : 1, b_step = b_len == 1 ? 0 : 1;
  bool stream = !is_comparison(op) && streams(static_cast<float*>(out), n, a, a_len) &&
                streams(static_cast<float*>(out), n, b, b_len);
  // elements [i, i + count) into dst
  auto compute = [&](size_t i, size_t count, void* dst) {
    kernel(a_step ? a + i : &a0, a_step, b_step ? b + i : &b0, b_step, dst, count, p0, p1);
  };
  threads::parallel_for(n, op == binary_pow ? kGrainExpensive : kGrain, [&](size_t lo, size_t hi) {
    if (stream) write_out(k, static_cast<float*>(out), lo, hi, true, compute);
    else compute(lo, hi - lo, static_cast<char*>(out) + lo * out_size);
  });
}

namespace {

// An iteration space with dims of size 1 dropped and neighbouring dims merged wherever every operand steps
// through them as one (so a contiguous operand becomes one long row). Operands: up to 2 stride lists.
struct Space {
  size_t rank = 0;
  size_t shape[kMaxRank];
  size_t strides[2][kMaxRank];

  Space(Strided s, const size_t* const* operand_strides, size_t operands) : operands_(operands) {
    for (size_t d = 0; d < s.rank; d++) {
      if (s.shape[d] == 1) continue;
      bool merge = rank > 0;
      for (size_t o = 0; o < operands && merge; o++)
        merge = strides[o][rank - 1] == operand_strides[o][d] * s.shape[d];
      if (merge) {
        shape[rank - 1] *= s.shape[d];
        for (size_t o = 0; o < operands; o++) strides[o][rank - 1] = operand_strides[o][d];
        continue;
      }
      shape[rank] = s.shape[d];
      for (size_t o = 0; o < operands; o++) strides[o][rank] = operand_strides[o][d];
      rank++;
    }
    if (rank == 0) {  // a single element
      shape[0] = 1;
      for (size_t o = 0; o < operands; o++) strides[o][0] = 0;
      rank = 1;
    }
  }

  size_t row_length() const { return shape[rank - 1]; }
  size_t rows() const {
    size_t r = 1;
    for (size_t d = 0; d + 1 < rank; d++) r *= shape[d];
    return r;
  }

  // Calls fn(row, offsets) for rows [begin, end), offsets[o] being operand o's offset of the row's start.
  template <class Fn>
  void for_rows(size_t begin, size_t end, Fn&& fn) const {
    size_t index[kMaxRank] = {}, offsets[2] = {0, 0};
    size_t rest = begin;
    for (size_t d = rank - 1; d-- > 0;) {
      index[d] = rest % shape[d];
      rest /= shape[d];
      for (size_t o = 0; o < operands_; o++) offsets[o] += index[d] * strides[o][d];
    }
    for (size_t row = begin; row < end; row++) {
      fn(row, offsets);
      for (size_t d = rank - 1; d-- > 0;) {  // odometer step
        for (size_t o = 0; o < operands_; o++) offsets[o] += strides[o][d];
        if (++index[d] < shape[d]) break;
        for (size_t o = 0; o < operands_; o++) offsets[o] -= shape[d] * strides[o][d];
        index[d] = 0;
      }
    }
  }

 private:
  size_t operands_;
};

}  // namespace

void copy_strided(const float* src, float* dst, Strided space, const size_t* strides, size_t offset) {
  const size_t* operand_strides[1] = {strides};
  Space s(space, operand_strides, 1);
  size_t len = s.row_length();
  threads::parallel_for(s.rows(), std::max<size_t>(1, kGrain / len), [&](size_t begin, size_t end) {
    s.for_rows(begin, end, [&](size_t row, const size_t* offsets) {
      gather_kernel(src + offset + offsets[0], s.strides[0][s.rank - 1], dst + row * len, len);
    });
  });
}

void binary_strided(const Kernels& k, int op, const float* a, const float* b, void* out, Strided space,
                    const size_t* a_strides, const size_t* b_strides, float p0, float p1) {
  const size_t* operand_strides[2] = {a_strides, b_strides};
  Space s(space, operand_strides, 2);
  BinaryKernel kernel = k.binary[op];
  size_t len = s.row_length(), out_size = is_comparison(op) ? 1 : sizeof(float);
  size_t a_inner = s.strides[0][s.rank - 1], b_inner = s.strides[1][s.rank - 1];
  threads::parallel_for(s.rows(), std::max<size_t>(1, kGrain / len), [&](size_t begin, size_t end) {
    // Rows whose operand steps are not 0 or 1 go through the kernel in gathered blocks.
    const size_t kBlock = 1024;
    float a_block[kBlock], b_block[kBlock];
    s.for_rows(begin, end, [&](size_t row, const size_t* offsets) {
      char* out_row = static_cast<char*>(out) + row * len * out_size;
      for (size_t i = 0; i < len; i += kBlock) {
        size_t count = std::min(kBlock, len - i);
        const float* pa = a + offsets[0] + i * a_inner;
        const float* pb = b + offsets[1] + i * b_inner;
        size_t a_step = a_inner, b_step = b_inner;
        if (a_inner > 1) gather_kernel(pa, a_inner, a_block, count), pa = a_block, a_step = 1;
        if (b_inner > 1) gather_kernel(pb, b_inner, b_block, count), pb = b_block, b_step = 1;
        kernel(pa, a_step, pb, b_step, out_row + i * out_size, count, p0, p1);
      }
    });
  });
}

namespace {

// The outputs x of one window column j whose input column x * sw + j * dw - pw lies in [0, W): [x0, x1).
struct ColumnRange {
  size_t x0, x1;
  ptrdiff_t offset;  // input column of output 0
};
ColumnRange column_range(const Windows& g, size_t j) {
  ptrdiff_t offset = ptrdiff_t(j * g.dw) - ptrdiff_t(g.pw);
  size_t x0 = offset >= 0 ? 0 : std::min(g.ow, div_up(size_t(-offset), g.sw));
  size_t x1 = ptrdiff_t(g.W) <= offset ? x0 : std::min(g.ow, std::max(x0, div_up(size_t(ptrdiff_t(g.W) - offset), g.sw)));
  return {x0, x1, offset};
}

// Calls fn(plane, window row (i, j), output row y, input row h or -1 over padding, columns) for every output row of
// the planes [begin, end) (plane = n * C + c), in the order of the columns' rows.
template <class Fn>
void for_window_rows(const Windows& g, size_t begin, size_t end, Fn&& fn) {
  for (size_t plane = begin; plane < end; plane++)
    for (size_t i = 0; i < g.kh; i++)
      for (size_t j = 0; j < g.kw; j++) {
        ColumnRange r = column_range(g, j);
        for (size_t y = 0; y < g.oh; y++) {
          ptrdiff_t h = ptrdiff_t(y * g.sh + i * g.dh) - ptrdiff_t(g.ph);
          fn(plane, i * g.kw + j, y, h >= 0 && h < ptrdiff_t(g.H) ? h : -1, r);
        }
      }
}

// Planes per thread chunk: enough column elements to be worth a thread.
size_t plane_grain(const Windows& g) { return std::max<size_t>(1, kGrain / std::max<size_t>(1, g.kh * g.kw * g.oh * g.ow)); }

}  // namespace

namespace {

// Branch-free, so the compiler vectorizes the loops (the same arithmetic as lib/dtype.ts's roundStorage).
uint32_t round_to_half(uint32_t b) {
  uint32_t magnitude = b & 0x7fffffffu, sign = b ^ magnitude;
  uint32_t normal = (b + 0xfffu + ((b >> 13) & 1u)) & ~0x1fffu;  // 23 mantissa bits to 10, ties to even
  // below 2^-14: multiples of 2^-24; adding 0.5 (whose float32 step is 2^-24) rounds to one, ties to even
  uint32_t subnormal = bits_of((float_of(magnitude) + 0.5f) - 0.5f) | sign;
  uint32_t overflow = magnitude > 0x7f800000u ? b : (sign | 0x7f800000u);  // from 65520 up: +-inf; NaN kept
  return magnitude < 0x38800000u ? subnormal : magnitude < 0x477ff000u ? normal : overflow;
}

uint32_t round_to_bfloat16(uint32_t b) {
  uint32_t rounded = (b + 0x7fffu + ((b >> 16) & 1u)) & 0xffff0000u;
  return (b & 0x7fffffffu) > 0x7f800000u ? b : rounded;  // NaN kept
}

}  // namespace

void round_reduced(float* x, size_t n, bool bfloat16) {
  // one loop per format, so a vectorized loop computes one rounding, not both and a choice per element
  threads::parallel_for(n, kGrain, [&](size_t begin, size_t end) {
    if (bfloat16)
      for (size_t i = begin; i < end; i++) x[i] = float_of(round_to_bfloat16(bits_of(x[i])));
    else
      for (size_t i = begin; i < end; i++) x[i] = float_of(round_to_half(bits_of(x[i])));
  });
}

void im2col(const float* x, float* cols, size_t N, const Windows& g, float pad_value) {
  size_t window = g.kh * g.kw, L = g.oh * g.ow;
  threads::parallel_for(N * g.C, plane_grain(g), [&](size_t begin, size_t end) {
    for_window_rows(g, begin, end, [&](size_t plane, size_t ij, size_t y, ptrdiff_t h, const ColumnRange& r) {
      float* dst = cols + (plane * window + ij) * L + y * g.ow;
      if (h < 0) return std::fill(dst, dst + g.ow, pad_value);
      const float* row = x + (plane * g.H + size_t(h)) * g.W;
      std::fill(dst, dst + r.x0, pad_value);
      if (g.sw == 1) std::copy(row + (ptrdiff_t(r.x0) + r.offset), row + (ptrdiff_t(r.x1) + r.offset), dst + r.x0);
      else for (size_t t = r.x0; t < r.x1; t++) dst[t] = row[ptrdiff_t(t * g.sw) + r.offset];
      std::fill(dst + r.x1, dst + g.ow, pad_value);
    });
  });
}

void col2im(const float* cols, float* x, size_t N, const Windows& g) {
  size_t window = g.kh * g.kw, L = g.oh * g.ow, image = g.H * g.W;
  // A chunk of planes writes only its own planes of x, so chunks never race.
  threads::parallel_for(N * g.C, plane_grain(g), [&](size_t begin, size_t end) {
    std::fill(x + begin * image, x + end * image, 0.0f);
    for_window_rows(g, begin, end, [&](size_t plane, size_t ij, size_t y, ptrdiff_t h, const ColumnRange& r) {
      if (h < 0) return;
      const float* src = cols + (plane * window + ij) * L + y * g.ow;
      float* row = x + (plane * g.H + size_t(h)) * g.W;
      if (g.sw == 1) {  // a loop the compiler vectorizes
        float* dst = row + (ptrdiff_t(r.x0) + r.offset);
        for (size_t t = 0; t < r.x1 - r.x0; t++) dst[t] += src[r.x0 + t];
      } else {
        for (size_t t = r.x0; t < r.x1; t++) row[ptrdiff_t(t * g.sw) + r.offset] += src[t];
      }
    });
  });
}

namespace {

// Splits a [outer, n, inner] layout into independent slices for the pool: whole rows when inner == 1,
// otherwise (outer index, block of 64 columns). fn(slice shape, offset into x, offset into out).
template <class Fn>
void for_each_slice(size_t outer, size_t n, size_t inner, Fn&& fn) {
  size_t cost = std::max<size_t>(n, 1);
  if (inner == 1) {
    threads::parallel_for(outer, std::max<size_t>(1, kGrain / cost), [&](size_t b, size_t e) {
      fn(ReduceShape{e - b, n, 1, 1}, b * n, b);
    });
    return;
  }
  const size_t kColumns = 64;
  size_t blocks = div_up(inner, kColumns);
  threads::parallel_for(outer * blocks, std::max<size_t>(1, kGrain / (cost * kColumns)), [&](size_t b, size_t e) {
    for (size_t u = b; u < e; u++) {
      size_t o = u / blocks, i0 = (u % blocks) * kColumns;
      fn(ReduceShape{1, n, std::min(kColumns, inner - i0), inner}, o * n * inner + i0, o * inner + i0);
    }
  });
}

}  // namespace

void reduce(const Kernels& k, int op, const float* x, float* out, size_t outer, size_t n, size_t inner) {
  if (inner == 1 && outer < threads::get_num_threads() && n >= 2 * kReduceChunk) {
    // Few long rows: each row's chunks are folded in parallel, then their partial results combined.
    size_t chunks = div_up(n, kReduceChunk);
    std::unique_ptr<double[]> partial(new double[chunks]);
    for (size_t o = 0; o < outer; o++) {
      const float* row = x + o * n;
      threads::parallel_for(chunks, 1, [&](size_t b, size_t e) {
        for (size_t c = b; c < e; c++)
          partial[c] = k.reduce_chunk[op](row + c * kReduceChunk, std::min(kReduceChunk, n - c * kReduceChunk));
      });
      out[o] = k.reduce_combine[op](partial.get(), n);
    }
    return;
  }
  ReduceKernel kernel = k.reduce[op];
  for_each_slice(outer, n, inner, [&](ReduceShape s, size_t xo, size_t oo) { kernel(x + xo, out + oo, s); });
}

void arg_reduce(bool is_max, const float* x, float* values, double* indices, size_t outer, size_t n, size_t inner) {
  for_each_slice(outer, n, inner, [&](ReduceShape s, size_t xo, size_t oo) {
    arg_reduce_kernel(is_max, x + xo, values + oo, indices + oo, s);
  });
}

void softmax(const Kernels& k, const float* x, float* out, size_t outer, size_t n, size_t inner, bool log) {
  for_each_slice(outer, n, inner, [&](ReduceShape s, size_t xo, size_t) { k.softmax(x + xo, out + xo, s, log); });
}

void softmax_backward(const Kernels& k, const float* y, const float* g, float* out, size_t outer, size_t n,
                      size_t inner, bool log) {
  for_each_slice(outer, n, inner, [&](ReduceShape s, size_t xo, size_t) {
    k.softmax_backward(y + xo, g + xo, out + xo, s, log);
  });
}

namespace {

// Calls fn(p, first, step) for each position of a slice from for_each_slice (whose per-position offset is po):
// p indexes the per-position arrays, and the position's element of class c is x[first + c * step].
template <class Fn>
void for_positions(ReduceShape s, size_t xo, size_t po, Fn&& fn) {
  for (size_t o = 0; o < s.outer; o++)
    for (size_t i = 0; i < s.inner; i++) fn(po + o * s.stride + i, xo + o * s.n * s.stride + i, s.stride);
}

}  // namespace

void cross_entropy(const Kernels& k, const float* x, const double* classes, const double* weights, double* stats,
                   double* losses, size_t outer, size_t n, size_t inner) {
  double *max = stats, *log_sum = stats + outer * inner;
  for_each_slice(outer, n, inner, [&](ReduceShape s, size_t xo, size_t po) {
    k.softmax_stats(x + xo, max + po, log_sum + po, s);
    // The picks, while the slice is in cache; in float as log_softmax rounds, then weighted in double as nll_loss.
    for_positions(s, xo, po, [&](size_t p, size_t first, size_t step) {
      if (classes[p] < 0) {
        losses[p] = 0;
        return;
      }
      float log_p = (x[first + size_t(classes[p]) * step] - float(max[p])) - float(log_sum[p]);
      losses[p] = -weights[p] * double(log_p);
    });
  });
}

void cross_entropy_backward(const Kernels& k, const float* x, const double* classes, const double* scale,
                            const double* stats, float* out, size_t outer, size_t n, size_t inner) {
  const double *max = stats, *log_sum = stats + outer * inner;
  for_each_slice(outer, n, inner, [&](ReduceShape s, size_t xo, size_t po) {
    k.softmax_scaled(x + xo, max + po, log_sum + po, scale + po, out + xo, s);
    for_positions(s, xo, po, [&](size_t p, size_t first, size_t step) {
      if (classes[p] >= 0) out[first + size_t(classes[p]) * step] -= float(scale[p]);
    });
  });
}

namespace {

size_t round_up(size_t a, size_t b) { return div_up(a, b) * b; }

// A per-thread buffer, grown on demand and kept for the thread's lifetime: a fresh buffer of a few MiB per
// call would cost more in page faults than the product itself.
class Scratch {
 public:
  ~Scratch() { std::free(data_); }
  float* get(size_t floats) {
    if (size_ < floats) {
      std::free(data_);
      data_ = static_cast<float*>(std::aligned_alloc(64, round_up(floats * sizeof(float), 64)));
      size_ = data_ ? floats : 0;
      if (!data_) throw std::bad_alloc();
    }
    return data_;
  }

 private:
  float* data_ = nullptr;
  size_t size_ = 0;
};
thread_local Scratch a_scratch, b_scratch;

// Floats of B packed at once, at most: a block of KC rows x up to 1024 columns (1 MiB), which stays in a 2 MiB
// L2 while a thread's tiles pass over it (see gemm).
constexpr size_t kPackedB = size_t(1) << 18;
// Products smaller than this run on one thread: a helper's wake-up would cost more than it saves.
constexpr size_t kParallelFlops = size_t(1) << 21;
// Threads share out output tiles. About 4 per thread keep them busy to the end even when one starts late (a
// busy vCPU); tiles are no shorter than kMinTileRows and no narrower than kMinTileCols, since each packs its
// own rows of A and reuses each B sliver over its rows.
constexpr size_t kTilesPerThread = 4;
constexpr size_t kMinTileRows = 48;
constexpr size_t kMinTileCols = 64;

// Products with at most this many rows of A do not pack B (each of its elements is used only that many
// times): against a transposed B they are dot products (gemm_dots), against a row-major B tiles read it in place.
constexpr size_t kFewRows = 16;

// One product, in blocks of B: up to KC rows (K in equal steps) x as many columns as kPackedB holds. Threads
// pack a block together (taking its column panels), then claim output tiles (MC rows x a range of panels) and
// compute them from the shared packing, so each thread's tiles reuse the block from its L2 and C takes one pass
// per K step. (Packing all of K at once and running each tile through it was slower: the block left L2
// between tiles; matmul 1024 on one thread, AVX-512, best runs 136-141 -> 146-148 GFLOP/s.)
void gemm(const Kernels& k, const GemmArgs& g, bool may_thread) {
  const size_t nr = k.gemm_nr, mr = k.gemm_mr;
  const size_t M = g.M, N = g.N, K = g.K;
  size_t threads = threads::get_num_threads();
  bool parallel = may_thread && threads > 1 && 2 * M * N * K >= kParallelFlops;
  if (M <= kFewRows && (g.b_col == 1 || g.a_col == 1)) {
    // Column blocks of 64 (whole register tiles and dot steps) shared out as for tiles.
    size_t blocks = div_up(N, kMinTileCols);
    size_t grain = parallel ? std::max<size_t>(1, blocks / (kTilesPerThread * threads)) : blocks;
    threads::parallel_for(blocks, grain, [&](size_t b0, size_t b1) {
      size_t j0 = b0 * kMinTileCols, j1 = std::min(N, b1 * kMinTileCols);
      if (g.b_row == 1 && g.a_col == 1) return k.gemm_dots(g, j0, j1);
      k.gemm_tile(g, GemmTile{0, M, j0, j1, 0, K}, nullptr, a_scratch.get(k.gemm_a_scratch_floats));
    });
    return;
  }
  size_t kb = div_up(K, div_up(K, k.gemm_kc));  // K in equal steps of at most KC
  size_t jn = std::min(round_up(N, nr), std::max<size_t>(256, kPackedB / kb / nr * nr));
  if (parallel && M <= 2 * k.gemm_mc && div_up(N, nr) >= threads) {
    // Up to two A blocks of rows: each thread takes one range of columns and packs its own B for it. Sharing
    // one packing made each thread read half its B from the other core's cache, and row tiles this short
    // reuse each B sliver only a few times (128^3 on 2 threads, AVX-512: median 35 -> 25 us per product).
    // (Fewer column panels than threads: rows are shared out below instead.)
    size_t panels = div_up(N, nr), per = div_up(panels, threads);
    threads::parallel_for(div_up(panels, per), 1, [&](size_t b0, size_t b1) {
      float* a_buf = a_scratch.get(k.gemm_a_scratch_floats);
      // Sized for jn columns: a caller that finds the pool busy runs every range itself, in one call.
      float* b_own = b_scratch.get(jn * kb);
      size_t j1 = std::min(N, b1 * per * nr);
      for (size_t j0 = b0 * per * nr; j0 < j1; j0 += jn) {
        size_t nc = std::min(jn, j1 - j0);
        for (size_t k0 = 0; k0 < K; k0 += kb) {
          size_t kc = std::min(kb, K - k0);
          k.gemm_pack_b(g, k0, kc, j0, nc, b_own);
          k.gemm_tile(g, GemmTile{0, M, j0, j0 + nc, k0, kc}, b_own, a_buf);
        }
      }
    });
    return;
  }
  float* b_packed = b_scratch.get(jn * kb);
  // Rows in balanced blocks of at most MC (whole MR panels), more of them when threads need the work.
  size_t want = parallel ? kTilesPerThread * threads : 1;
  size_t tiles_m = std::max(div_up(M, k.gemm_mc), std::min(want, div_up(M, kMinTileRows)));
  size_t mc = round_up(div_up(M, tiles_m), mr);
  tiles_m = div_up(M, mc);
  for (size_t jc = 0; jc < N; jc += jn) {
    size_t nc = std::min(jn, N - jc), panels = div_up(nc, nr);
    // Columns split only when the rows alone do not give the threads enough tiles.
    size_t tiles_n = std::max<size_t>(1, std::min(nc / kMinTileCols, div_up(want, tiles_m)));
    size_t tile_panels = div_up(panels, tiles_n);
    tiles_n = div_up(panels, tile_panels);
    size_t tiles = tiles_m * tiles_n;
    for (size_t k0 = 0; k0 < K; k0 += kb) {
      size_t kc = std::min(kb, K - k0);
      // Packing moves kc * nc floats: threads take panels only when that is worth a wake-up.
      size_t pack_grain = parallel ? std::max<size_t>(1, 16384 / (kc * nr)) : panels;
      threads::parallel_for(panels, pack_grain, [&](size_t p0, size_t p1) {
        k.gemm_pack_b(g, k0, kc, jc + p0 * nr, std::min(nc, p1 * nr) - p0 * nr, b_packed + p0 * nr * kc);
      });
      threads::parallel_for(tiles, parallel ? 1 : tiles, [&](size_t u0, size_t u1) {
        float* a_buf = a_scratch.get(k.gemm_a_scratch_floats);
        for (size_t u = u0; u < u1; u++) {
          size_t ti = u / tiles_n, tj = u % tiles_n;
          size_t p0 = tj * tile_panels, p1 = std::min(panels, p0 + tile_panels);
          GemmTile t{ti * mc, std::min(M, (ti + 1) * mc), jc + p0 * nr, jc + std::min(nc, p1 * nr), k0, kc};
          k.gemm_tile(g, t, b_packed + p0 * nr * kc, a_buf);
        }
      });
    }
  }
}

// The product's description for gemm, without its arrays.
GemmArgs gemm_args(const MatmulShape& s) {
  GemmArgs g;
  g.a_row = s.trans_a ? 1 : s.K, g.a_col = s.trans_a ? s.M : 1;
  g.b_row = s.trans_b ? 1 : s.N, g.b_col = s.trans_b ? s.K : 1;
  g.accumulate = s.accumulate;
  g.M = s.M, g.N = s.N, g.K = s.K;
  return g;
}

}  // namespace

void matmul(const Kernels& k, const float* a, const float* b, float* out, const MatmulShape& s) {
  size_t M = s.M, N = s.N, K = s.K, batch = s.batch;
  if (batch == 0 || M == 0 || N == 0) return;
  if (K == 0) {  // an empty sum: out = 0, or unchanged when accumulating
    if (!s.accumulate) std::fill(out, out + batch * M * N, 0.0f);
    return;
  }
  GemmArgs g = gemm_args(s);
  // A batch of row-major As against one B is one tall product ([batch*M, K] @ [K, N]), so B is packed once.
  if (batch > 1 && s.b_batch_stride == 0 && !s.trans_a && s.a_batch_stride == M * K) {
    g.a = a, g.b = b, g.c = out, g.M = batch * M;
    gemm(k, g, true);
    return;
  }
  auto item = [&](size_t i, bool may_thread) {
    GemmArgs gi = g;
    gi.a = a + i * s.a_batch_stride, gi.b = b + i * s.b_batch_stride, gi.c = out + i * M * N;
    gemm(k, gi, may_thread);
  };
  // Large products use every thread each; smaller ones are shared out whole, one thread per product.
  size_t flops = 2 * M * N * K;
  if (batch == 1 || flops >= 8 * kParallelFlops) {
    for (size_t i = 0; i < batch; i++) item(i, true);
    return;
  }
  threads::parallel_for(batch, std::max<size_t>(1, kParallelFlops / flops), [&](size_t b0, size_t b1) {
    for (size_t i = b0; i < b1; i++) item(i, false);
  });
}

void linear(const Kernels& k, const float* a, const float* b, const float* bias, float* out, const MatmulShape& s,
            int act, float p0, float p1) {
  if (s.M == 0 || s.N == 0) return;
  GemmEpilogue e{bias, k.binary[binary_add], act < 0 ? nullptr : k.unary[act], p0, p1};
  GemmArgs g = gemm_args(s);
  g.a = a, g.b = b, g.c = out, g.epilogue = &e;
  if (s.K > 0) {
    gemm(k, g, true);
    return;
  }
  // An empty sum: the products are 0 (as matmul writes them), then the epilogue's add and activation.
  std::fill(out, out + s.M * s.N, 0.0f);
  for (size_t i = 0; i < s.M; i++) {
    float* row = out + i * s.N;
    if (bias) e.add(row, 1, bias, 1, row, s.N, 0.0f, 0.0f);
    if (e.act) e.act(row, row, s.N, p0, p1);
  }
}

namespace {

template <class Args>
void optimizer_step(void (*kernel)(const Args&, size_t, size_t), const Args& a, size_t n) {
  threads::parallel_for(n, kGrainOptimizer, [&](size_t b, size_t e) { kernel(a, b, e); });
}

}  // namespace

void sgd_step(const Kernels& k, const SgdArgs& a, size_t n) { optimizer_step(k.sgd_step, a, n); }
void adam_step(const Kernels& k, const AdamArgs& a, size_t n) { optimizer_step(k.adam_step, a, n); }
void rmsprop_step(const Kernels& k, const RmspropArgs& a, size_t n) { optimizer_step(k.rmsprop_step, a, n); }

}  // namespace ops
