// The N-API layer: checks every argument (independently of the TS layer), then calls ops.cpp. No math here.
// Errors are TypeError (wrong type) or RangeError (bad size or index), with messages starting with the
// function's name; nothing reaches abort().
#include <napi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <tuple>
#include <vector>

#include "kernels.h"
#include "ops.h"
#include "pool.h"
#include "threads.h"

namespace {

constexpr uint32_t kAbiVersion = 5;  // 2: optimizer steps; 3: linear, cross_entropy(_backward); 4: im2col, col2im; 5: round_reduced
constexpr double kMaxSafeInteger = 9007199254740991.0;
// Node's Buffer limit, which bounds external (pooled) ArrayBuffers.
constexpr size_t kMaxPooledBytes = size_t(1) << 32;
// Pooled bytes handed out between two prompts for V8's young-generation check (let_v8_collect_young_buffers).
constexpr size_t kYoungCheckEvery = size_t(1) << 20;

const char* const kUnaryNames[] = {
#define TORCHLET_NAME(name) #name,
    TORCHLET_UNARY_OPS(TORCHLET_NAME)};
const char* const kBinaryNames[] = {TORCHLET_BINARY_OPS(TORCHLET_NAME)};
const char* const kReduceNames[] = {TORCHLET_REDUCE_OPS(TORCHLET_NAME)};
#undef TORCHLET_NAME

template <class T>
struct Array {
  T* data;
  size_t length;
  napi_typedarray_type type;
  size_t bytes() const { return length * (type == napi_uint8_array ? 1 : type == napi_float64_array ? 8 : 4); }
};

const char* type_name(napi_typedarray_type t) {
  switch (t) {
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_uint8_array: return "Uint8Array";
    default: return "another typed array";
  }
}

// One call's arguments, read with the function's name at hand for error messages.
class Call {
 public:
  Call(const Napi::CallbackInfo& info, const char* name) : info_(info), env_(info.Env()), name_(name) {}

  Napi::Env env() const { return env_; }
  const char* name() const { return name_; }

  [[noreturn]] void type_error(const std::string& message) const {
    throw Napi::TypeError::New(env_, std::string(name_) + ": " + message);
  }
  [[noreturn]] void range_error(const std::string& message) const {
    throw Napi::RangeError::New(env_, std::string(name_) + ": " + message);
  }

  void expect_arguments(size_t count) const {
    if (info_.Length() != count)
      type_error("expected " + std::to_string(count) + " arguments, got " + std::to_string(info_.Length()));
  }

  // A typed array of one of the allowed types (a detached buffer is rejected).
  Array<void> typed_array(size_t i, const char* arg, napi_typedarray_type allowed, napi_typedarray_type also) const {
    napi_typedarray_type type;
    size_t length;
    void* data;
    napi_value buffer;
    if (napi_get_typedarray_info(env_, info_[i], &type, &length, &data, &buffer, nullptr) != napi_ok ||
        (type != allowed && type != also)) {
      std::string want = type_name(allowed);
      if (also != allowed) want += " or " + std::string(type_name(also));
      type_error(std::string(arg) + " must be a " + want + ", got " + describe(info_[i]));
    }
    bool detached = false;
    if (napi_is_detached_arraybuffer(env_, buffer, &detached) != napi_ok || detached)
      type_error(std::string(arg) + " is a view of a detached ArrayBuffer");
    // An empty array may have no data pointer; give it one, as nullptr means an absent optional array (null).
    static float empty[1];
    return {data ? data : empty, length, type};
  }
  Array<float> f32(size_t i, const char* arg) const {
    Array<void> a = typed_array(i, arg, napi_float32_array, napi_float32_array);
    return {static_cast<float*>(a.data), a.length, a.type};
  }
  // A Float32Array, or null (data nullptr).
  Array<float> f32_or_null(size_t i, const char* arg) const {
    napi_valuetype t;
    if (napi_typeof(env_, info_[i], &t) == napi_ok && t == napi_null) return {nullptr, 0, napi_float32_array};
    return f32(i, arg);
  }
  Array<double> f64(size_t i, const char* arg) const {
    Array<void> a = typed_array(i, arg, napi_float64_array, napi_float64_array);
    return {static_cast<double*>(a.data), a.length, a.type};
  }

  // Argument i, which must be of JS type `type` (`what` names it in the error).
  napi_value of_type(size_t i, const char* arg, napi_valuetype type, const char* what) const {
    napi_valuetype t;
    if (napi_typeof(env_, info_[i], &t) != napi_ok || t != type)
      type_error(std::string(arg) + " must be a " + what + ", got " + describe(info_[i]));
    return info_[i];
  }
  double number(size_t i, const char* arg) const {
    double value = 0;
    napi_get_value_double(env_, of_type(i, arg, napi_number, "number"), &value);
    return value;
  }
  bool boolean(size_t i, const char* arg) const {
    bool value = false;
    napi_get_value_bool(env_, of_type(i, arg, napi_boolean, "boolean"), &value);
    return value;
  }
  float param(size_t i, const char* arg) const { return float(number(i, arg)); }
  double finite(size_t i, const char* arg) const {
    double d = number(i, arg);
    if (!std::isfinite(d)) range_error(std::string(arg) + " must be finite, got " + format(d));
    return d;
  }

  size_t size(size_t i, const char* arg) const { return to_size(number(i, arg), arg); }
  size_t to_size(double d, const std::string& arg) const {
    if (!(d >= 0 && d <= kMaxSafeInteger && d == std::floor(d)))
      range_error(arg + " must be a non-negative integer, got " + format(d));
    return size_t(d);
  }

  int op(size_t i, size_t count) const {
    double d = number(i, "op");
    if (!(d >= 0 && d < double(count) && d == std::floor(d)))
      range_error("op " + format(d) + " is out of range [0, " + std::to_string(count) + ")");
    return int(d);
  }

  // An array of at most ops::kMaxRank non-negative integers.
  std::vector<size_t> sizes(size_t i, const char* arg) const {
    bool is_array = false;
    if (napi_is_array(env_, info_[i], &is_array) != napi_ok || !is_array)
      type_error(std::string(arg) + " must be an array of numbers, got " + describe(info_[i]));
    Napi::Array array = info_[i].As<Napi::Array>();
    uint32_t rank = array.Length();
    if (rank > ops::kMaxRank)
      range_error(std::string(arg) + " has " + std::to_string(rank) + " dims; at most " +
                  std::to_string(ops::kMaxRank) + " are supported");
    std::vector<size_t> out(rank);
    for (uint32_t d = 0; d < rank; d++) {
      Napi::Value v = array.Get(d);
      std::string element = std::string(arg) + "[" + std::to_string(d) + "]";
      if (!v.IsNumber()) type_error(element + " must be a number, got " + describe(v));
      out[d] = to_size(v.As<Napi::Number>().DoubleValue(), element);
    }
    return out;
  }

  size_t mul(size_t a, size_t b) const {
    size_t r;
    if (__builtin_mul_overflow(a, b, &r)) range_error("sizes overflow");
    return r;
  }
  size_t add(size_t a, size_t b) const {
    size_t r;
    if (__builtin_add_overflow(a, b, &r)) range_error("sizes overflow");
    return r;
  }

  template <class T>
  void expect_length(const Array<T>& a, const char* arg, size_t want, const char* because) const {
    if (a.length != want)
      range_error(std::string(arg) + " has length " + std::to_string(a.length) + " but " + because + " is " +
                  std::to_string(want));
  }

 private:
  static std::string format(double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
  }
  std::string describe(Napi::Value v) const {
    if (v.IsUndefined()) return "undefined";
    if (v.IsNull()) return "null";
    if (v.IsTypedArray()) return type_name(v.As<Napi::TypedArray>().TypedArrayType());
    if (v.IsArrayBuffer()) return "ArrayBuffer";
    if (v.IsArray()) return "Array";
    if (v.IsNumber()) return "number";
    if (v.IsString()) return "string";
    if (v.IsBoolean()) return "boolean";
    return "object";
  }

  const Napi::CallbackInfo& info_;
  Napi::Env env_;
  const char* name_;
};

// Where a kernel writes: the output itself, or, when the output partly overlaps an input in a way the
// kernel cannot handle (anything but an exact in-place alias of a kernel that reads each element before
// writing it), a temporary that is copied into the output afterwards.
class Output {
 public:
  template <class T>
  explicit Output(const Array<T>& out) : data_(out.data), bytes_(out.bytes()) {}

  template <class T>
  void guard(const Array<T>& in, bool same_layout_ok) {
    const char *a = static_cast<const char*>(data_), *b = reinterpret_cast<const char*>(in.data);
    bool overlap = bytes_ && in.bytes() && a < b + in.bytes() && b < a + bytes_;
    if (overlap && !(same_layout_ok && a == b)) use_temp_ = true;
  }
  template <class T>
  T* get() {
    if (!use_temp_) return static_cast<T*>(data_);
    if (temp_.empty()) temp_.assign(static_cast<char*>(data_), static_cast<char*>(data_) + bytes_);
    return reinterpret_cast<T*>(temp_.data());
  }
  ~Output() {
    if (use_temp_ && !temp_.empty()) std::memcpy(data_, temp_.data(), bytes_);
  }

 private:
  void* data_;
  size_t bytes_;
  bool use_temp_ = false;
  std::vector<char> temp_;
};

// ---- the functions ----

Napi::Value isa(Call& c) {
  c.expect_arguments(0);
  return Napi::String::New(c.env(), kernels().isa);
}

Napi::Value get_num_threads(Call& c) {
  c.expect_arguments(0);
  return Napi::Number::New(c.env(), double(threads::get_num_threads()));
}

Napi::Value set_num_threads(Call& c) {
  c.expect_arguments(1);
  size_t n = c.size(0, "n");
  if (n < 1) c.range_error("n must be at least 1, got 0");
  threads::set_num_threads(n);
  return c.env().Undefined();
}

Napi::Value unary(Call& c) {
  c.expect_arguments(5);
  int op = c.op(0, kNumUnaryOps);
  Array<float> x = c.f32(1, "x"), out = c.f32(2, "out");
  float p0 = c.param(3, "p0"), p1 = c.param(4, "p1");
  c.expect_length(out, "out", x.length, "x.length");
  Output o(out);
  o.guard(x, true);
  ops::unary(kernels(), op, x.data, o.get<float>(), x.length, p0, p1);
  return c.env().Undefined();
}

// out as the op requires: Uint8Array for comparisons, Float32Array otherwise.
Array<void> binary_output(Call& c, int op, size_t i) {
  napi_typedarray_type want = is_comparison(op) ? napi_uint8_array : napi_float32_array;
  return c.typed_array(i, is_comparison(op) ? "out (comparison)" : "out", want, want);
}

Napi::Value binary(Call& c) {
  c.expect_arguments(6);
  int op = c.op(0, kNumBinaryOps);
  Array<float> a = c.f32(1, "a"), b = c.f32(2, "b");
  Array<void> out = binary_output(c, op, 3);
  float p0 = c.param(4, "p0"), p1 = c.param(5, "p1");
  for (const auto* in : {&a, &b}) {
    const char* arg = in == &a ? "a" : "b";
    if (in->length != out.length && in->length != 1)
      c.range_error(std::string(arg) + " has length " + std::to_string(in->length) + " but out has length " +
                    std::to_string(out.length) + " (expected " + std::to_string(out.length) + " or 1)");
  }
  if (out.length == 0) return c.env().Undefined();
  Output o(out);
  bool float_out = !is_comparison(op);
  o.guard(a, float_out && a.length == out.length);
  o.guard(b, float_out && b.length == out.length);
  ops::binary(kernels(), op, a.data, a.length, b.data, b.length, o.get<void>(), out.length, p0, p1);
  return c.env().Undefined();
}

// Number of elements of shape, and the largest index reached with strides (+ offset); count == 0 reaches none.
struct Reach {
  size_t count, last;
};
Reach reach(Call& c, const std::vector<size_t>& shape, const std::vector<size_t>& strides, size_t offset) {
  Reach r{1, offset};
  for (size_t d = 0; d < shape.size(); d++) r.count = c.mul(r.count, shape[d]);
  if (r.count)
    for (size_t d = 0; d < shape.size(); d++) r.last = c.add(r.last, c.mul(shape[d] - 1, strides[d]));
  return r;
}

void expect_rank(Call& c, const std::vector<size_t>& strides, const char* arg, size_t rank) {
  if (strides.size() != rank)
    c.range_error(std::string(arg) + " has " + std::to_string(strides.size()) + " entries but shape has " +
                  std::to_string(rank));
}

// Strides that visit a contiguous array of `shape` in order (dims of size 1 don't matter).
bool is_contiguous(const std::vector<size_t>& shape, const std::vector<size_t>& strides) {
  size_t expected = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    if (shape[d] != 1 && strides[d] != expected) return false;
    expected *= shape[d];
  }
  return true;
}

Napi::Value binary_strided(Call& c) {
  c.expect_arguments(9);
  int op = c.op(0, kNumBinaryOps);
  Array<float> a = c.f32(1, "a"), b = c.f32(2, "b");
  Array<void> out = binary_output(c, op, 3);
  std::vector<size_t> shape = c.sizes(4, "shape"), as = c.sizes(5, "aStrides"), bs = c.sizes(6, "bStrides");
  float p0 = c.param(7, "p0"), p1 = c.param(8, "p1");
  expect_rank(c, as, "aStrides", shape.size());
  expect_rank(c, bs, "bStrides", shape.size());
  Reach ra = reach(c, shape, as, 0), rb = reach(c, shape, bs, 0);
  c.expect_length(out, "out", ra.count, "the product of shape");
  if (ra.count == 0) return c.env().Undefined();
  for (const auto& [in, r, arg] : {std::tuple{&a, ra, "a"}, std::tuple{&b, rb, "b"}})
    if (r.last >= in->length)
      c.range_error(std::string(arg) + " has length " + std::to_string(in->length) + " but its strides reach index " +
                    std::to_string(r.last));
  Output o(out);
  bool float_out = !is_comparison(op);
  o.guard(a, float_out && a.length == out.length && is_contiguous(shape, as));
  o.guard(b, float_out && b.length == out.length && is_contiguous(shape, bs));
  ops::binary_strided(kernels(), op, a.data, b.data, o.get<void>(), {shape.size(), shape.data()}, as.data(),
                      bs.data(), p0, p1);
  return c.env().Undefined();
}

struct Layout {
  size_t outer, n, inner, total, outputs;
};
Layout layout(Call& c, size_t first) {
  Layout l;
  l.outer = c.size(first, "outer");
  l.n = c.size(first + 1, "n");
  l.inner = c.size(first + 2, "inner");
  l.outputs = c.mul(l.outer, l.inner);
  l.total = c.mul(l.outputs, l.n);
  return l;
}

Napi::Value reduce(Call& c) {
  c.expect_arguments(6);
  int op = c.op(0, kNumReduceOps);
  Array<float> x = c.f32(1, "x"), out = c.f32(2, "out");
  Layout l = layout(c, 3);
  c.expect_length(x, "x", l.total, "outer*n*inner");
  c.expect_length(out, "out", l.outputs, "outer*inner");
  if (l.n == 0 && (op == reduce_amax || op == reduce_amin))
    c.range_error(std::string(kReduceNames[op]) + " of an empty axis (n = 0) has no identity");
  Output o(out);
  o.guard(x, l.n == 1);
  ops::reduce(kernels(), op, x.data, o.get<float>(), l.outer, l.n, l.inner);
  return c.env().Undefined();
}

Napi::Value arg_reduce(Call& c) {
  c.expect_arguments(7);
  bool is_max = c.boolean(0, "isMax");
  Array<float> x = c.f32(1, "x"), values = c.f32(2, "values");
  Array<double> indices = c.f64(3, "indices");
  Layout l = layout(c, 4);
  c.expect_length(x, "x", l.total, "outer*n*inner");
  c.expect_length(values, "values", l.outputs, "outer*inner");
  c.expect_length(indices, "indices", l.outputs, "outer*inner");
  if (l.n == 0) c.range_error("n must be at least 1");
  Output ov(values), oi(indices);
  ov.guard(x, l.n == 1);
  oi.guard(x, false);
  oi.guard(values, false);
  ops::arg_reduce(is_max, x.data, ov.get<float>(), oi.get<double>(), l.outer, l.n, l.inner);
  return c.env().Undefined();
}

Napi::Value softmax(Call& c) {
  c.expect_arguments(6);
  Array<float> x = c.f32(0, "x"), out = c.f32(1, "out");
  Layout l = layout(c, 2);
  bool log = c.boolean(5, "log");
  c.expect_length(x, "x", l.total, "outer*n*inner");
  c.expect_length(out, "out", l.total, "outer*n*inner");
  Output o(out);
  o.guard(x, true);
  ops::softmax(kernels(), x.data, o.get<float>(), l.outer, l.n, l.inner, log);
  return c.env().Undefined();
}

Napi::Value softmax_backward(Call& c) {
  c.expect_arguments(7);
  Array<float> y = c.f32(0, "y"), g = c.f32(1, "g"), out = c.f32(2, "out");
  Layout l = layout(c, 3);
  bool log = c.boolean(6, "log");
  c.expect_length(y, "y", l.total, "outer*n*inner");
  c.expect_length(g, "g", l.total, "outer*n*inner");
  c.expect_length(out, "out", l.total, "outer*n*inner");
  Output o(out);
  o.guard(y, true);
  o.guard(g, true);
  ops::softmax_backward(kernels(), y.data, g.data, o.get<float>(), l.outer, l.n, l.inner, log);
  return c.env().Undefined();
}

Napi::Value matmul(Call& c) {
  c.expect_arguments(12);
  Array<float> a = c.f32(0, "a"), b = c.f32(1, "b"), out = c.f32(2, "out");
  ops::MatmulShape s;
  s.batch = c.size(3, "batch");
  s.M = c.size(4, "M");
  s.K = c.size(5, "K");
  s.N = c.size(6, "N");
  s.a_batch_stride = c.size(7, "aBatchStride");
  s.b_batch_stride = c.size(8, "bBatchStride");
  s.trans_a = c.boolean(9, "transA");
  s.trans_b = c.boolean(10, "transB");
  s.accumulate = c.boolean(11, "accumulate");
  c.expect_length(out, "out", c.mul(s.batch, c.mul(s.M, s.N)), "batch*M*N");
  // The last element each operand reaches: its last batch's start plus its matrix size - 1.
  for (const auto& [in, rows, cols, stride, arg] :
       {std::tuple{&a, s.M, s.K, s.a_batch_stride, "a"}, std::tuple{&b, s.K, s.N, s.b_batch_stride, "b"}}) {
    size_t size = c.mul(rows, cols);
    if (s.batch == 0 || size == 0 || out.length == 0) continue;
    size_t last = c.add(c.mul(s.batch - 1, stride), size - 1);
    if (last >= in->length)
      c.range_error(std::string(arg) + " has length " + std::to_string(in->length) + " but batch " +
                    std::to_string(s.batch - 1) + " reaches index " + std::to_string(last));
  }
  Output o(out);
  o.guard(a, false);
  o.guard(b, false);
  ops::matmul(kernels(), a.data, b.data, o.get<float>(), s);
  return c.env().Undefined();
}

// The last element an operand of one product reaches must be within its array (an empty matrix reaches none).
void expect_matrix(Call& c, const Array<float>& in, const char* arg, size_t rows, size_t cols) {
  size_t size = c.mul(rows, cols);
  if (size > in.length)
    c.range_error(std::string(arg) + " has length " + std::to_string(in.length) + " but the matrix reaches index " +
                  std::to_string(size - 1));
}

Napi::Value linear(Call& c) {
  c.expect_arguments(12);
  Array<float> a = c.f32(0, "a"), b = c.f32(1, "b"), bias = c.f32_or_null(2, "bias"), out = c.f32(3, "out");
  ops::MatmulShape s{};
  s.batch = 1;
  s.M = c.size(4, "M");
  s.K = c.size(5, "K");
  s.N = c.size(6, "N");
  s.trans_a = c.boolean(7, "transA");
  s.trans_b = c.boolean(8, "transB");
  int act = c.number(9, "act") == -1 ? -1 : c.op(9, kNumUnaryOps);
  float p0 = c.param(10, "p0"), p1 = c.param(11, "p1");
  c.expect_length(out, "out", c.mul(s.M, s.N), "M*N");
  if (bias.data) c.expect_length(bias, "bias", s.N, "N");
  if (out.length == 0) return c.env().Undefined();
  expect_matrix(c, a, "a", s.M, s.K);
  expect_matrix(c, b, "b", s.K, s.N);
  Output o(out);
  o.guard(a, false);
  o.guard(b, false);
  if (bias.data) o.guard(bias, false);
  ops::linear(kernels(), a.data, b.data, bias.data, o.get<float>(), s, act, p0, p1);
  return c.env().Undefined();
}

// Cross-entropy's per-position class indices: each -1 (ignored) or an integer in [0, n).
void expect_classes(Call& c, const Array<double>& classes, size_t n) {
  for (size_t p = 0; p < classes.length; p++) {
    double v = classes.data[p];
    if (!(v == -1 || (v >= 0 && v < double(n) && v == std::floor(v))))
      c.range_error("classes[" + std::to_string(p) + "] = " + std::to_string(v) + " is neither -1 (ignored) nor a class in [0, " +
                    std::to_string(n) + ")");
  }
}

// The arrays both cross-entropy halves take: x [outer, n, inner], a class and one more value per position
// (weights forward, scale backward), and the 2 statistics per position.
void expect_cross_entropy_lengths(Call& c, const Layout& l, const Array<float>& x, const Array<double>& classes,
                                  const Array<double>& per_position, const char* per_position_name,
                                  const Array<double>& stats) {
  c.expect_length(x, "x", l.total, "outer*n*inner");
  c.expect_length(classes, "classes", l.outputs, "outer*inner");
  c.expect_length(per_position, per_position_name, l.outputs, "outer*inner");
  c.expect_length(stats, "stats", c.mul(l.outputs, 2), "2*outer*inner");
}

Napi::Value cross_entropy(Call& c) {
  c.expect_arguments(8);
  Array<float> x = c.f32(0, "x");
  Array<double> classes = c.f64(1, "classes"), weights = c.f64(2, "weights");
  Layout l = layout(c, 3);
  Array<double> stats = c.f64(6, "stats"), losses = c.f64(7, "losses");
  expect_cross_entropy_lengths(c, l, x, classes, weights, "weights", stats);
  c.expect_length(losses, "losses", l.outputs, "outer*inner");
  expect_classes(c, classes, l.n);
  Output os(stats), ol(losses);
  for (Output* o : {&os, &ol}) {
    o->guard(x, false);
    o->guard(classes, false);
    o->guard(weights, false);
  }
  os.guard(losses, false);
  ops::cross_entropy(kernels(), x.data, classes.data, weights.data, os.get<double>(), ol.get<double>(), l.outer, l.n,
                     l.inner);
  return c.env().Undefined();
}

Napi::Value cross_entropy_backward(Call& c) {
  c.expect_arguments(8);
  Array<float> x = c.f32(0, "x");
  Array<double> classes = c.f64(1, "classes"), scale = c.f64(2, "scale"), stats = c.f64(3, "stats");
  Array<float> out = c.f32(4, "out");
  Layout l = layout(c, 5);
  expect_cross_entropy_lengths(c, l, x, classes, scale, "scale", stats);
  c.expect_length(out, "out", l.total, "outer*n*inner");
  expect_classes(c, classes, l.n);
  Output o(out);
  o.guard(x, true);  // each element of x is read before its gradient is written
  o.guard(classes, false);
  o.guard(scale, false);
  o.guard(stats, false);
  ops::cross_entropy_backward(kernels(), x.data, classes.data, scale.data, stats.data, o.get<float>(), l.outer, l.n,
                              l.inner);
  return c.env().Undefined();
}

Napi::Value copy_strided(Call& c) {
  c.expect_arguments(5);
  Array<float> src = c.f32(0, "src"), dst = c.f32(1, "dst");
  std::vector<size_t> shape = c.sizes(2, "shape"), strides = c.sizes(3, "strides");
  size_t offset = c.size(4, "offset");
  expect_rank(c, strides, "strides", shape.size());
  Reach r = reach(c, shape, strides, offset);
  c.expect_length(dst, "dst", r.count, "the product of shape");
  if (r.count == 0) return c.env().Undefined();
  if (r.last >= src.length)
    c.range_error("src has length " + std::to_string(src.length) + " but offset and strides reach index " +
                  std::to_string(r.last));
  Output o(dst);
  o.guard(src, false);
  ops::copy_strided(src.data, o.get<float>(), {shape.size(), shape.data()}, strides.data(), offset);
  return c.env().Undefined();
}

// ---- convolution and pooling windows ----

// The window geometry [C, H, W, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow] (argument i) and the lengths it gives an
// image's input and columns with N images: each value below 2^31, kernel, stride and dilation positive.
struct WindowArgs {
  ops::Windows g;
  size_t input, columns;
};
WindowArgs window_args(Call& c, size_t i, size_t N) {
  std::vector<size_t> v = c.sizes(i, "geometry");
  if (v.size() != 13) c.range_error("geometry must have 13 values [C, H, W, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow]");
  static const char* const kNames[] = {"C", "H", "W", "kh", "kw", "sh", "sw", "dh", "dw", "ph", "pw", "oh", "ow"};
  for (size_t d = 0; d < 13; d++) {
    if (v[d] > INT32_MAX) c.range_error(std::string(kNames[d]) + " must be below 2^31, got " + std::to_string(v[d]));
    if (d >= 3 && d <= 8 && v[d] == 0) c.range_error(std::string(kNames[d]) + " must be positive");
  }
  ops::Windows g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]};
  size_t planes = c.mul(N, g.C);
  return {g, c.mul(planes, c.mul(g.H, g.W)), c.mul(c.mul(planes, c.mul(g.kh, g.kw)), c.mul(g.oh, g.ow))};
}

Napi::Value round_reduced(Call& c) {
  c.expect_arguments(2);
  Array<float> x = c.f32(0, "x");
  bool bfloat16 = c.boolean(1, "bfloat16");
  ops::round_reduced(x.data, x.length, bfloat16);
  return c.env().Undefined();
}

Napi::Value im2col(Call& c) {
  c.expect_arguments(5);
  Array<float> x = c.f32(0, "x"), cols = c.f32(1, "cols");
  size_t N = c.size(2, "N");
  WindowArgs w = window_args(c, 3, N);
  float pad_value = c.param(4, "padValue");
  c.expect_length(x, "x", w.input, "N*C*H*W");
  c.expect_length(cols, "cols", w.columns, "N*C*kh*kw*oh*ow");
  Output o(cols);
  o.guard(x, false);
  ops::im2col(x.data, o.get<float>(), N, w.g, pad_value);
  return c.env().Undefined();
}

Napi::Value col2im(Call& c) {
  c.expect_arguments(4);
  Array<float> cols = c.f32(0, "cols"), x = c.f32(1, "x");
  size_t N = c.size(2, "N");
  WindowArgs w = window_args(c, 3, N);
  c.expect_length(cols, "cols", w.columns, "N*C*kh*kw*oh*ow");
  c.expect_length(x, "x", w.input, "N*C*H*W");
  Output o(x);
  o.guard(cols, false);
  ops::col2im(cols.data, o.get<float>(), N, w.g);
  return c.env().Undefined();
}

// ---- optimizer steps: param and its state updated in place ----

struct Named {
  const char* name;
  Array<float> array;  // data nullptr: absent (optional state)
};

// The arrays of one step: every present one of param's length; the updated ones (param first, then the state)
// pairwise disjoint; grad disjoint from them or exactly one of them (the kernels read an element's inputs before
// writing it, so grad may be updated in place like the JS backend's arrays).
void check_step_arrays(Call& c, const Array<float>& grad, std::initializer_list<Named> updated) {
  const Array<float>& param = updated.begin()->array;
  auto overlap = [](const Array<float>& a, const Array<float>& b) {
    return a.data && b.data && a.length && b.length && a.data < b.data + b.length && b.data < a.data + a.length;
  };
  c.expect_length(grad, "grad", param.length, "param.length");
  for (const Named* u = updated.begin(); u != updated.end(); u++) {
    if (!u->array.data) continue;
    c.expect_length(u->array, u->name, param.length, "param.length");
    if (overlap(grad, u->array) && grad.data != u->array.data)
      c.range_error(std::string("grad partly overlaps ") + u->name);
    for (const Named* v = updated.begin(); v != u; v++)
      if (overlap(u->array, v->array)) c.range_error(std::string(u->name) + " overlaps " + v->name);
  }
}

Napi::Value sgd_step(Call& c) {
  c.expect_arguments(10);
  SgdArgs a;
  Array<float> param = c.f32(0, "param"), grad = c.f32(1, "grad"), buf = c.f32_or_null(2, "momentum_buffer");
  a.init_buffer = c.boolean(3, "init_buffer");
  a.lr = c.finite(4, "lr");
  a.momentum = c.finite(5, "momentum");
  a.dampening = c.finite(6, "dampening");
  a.weight_decay = c.finite(7, "weight_decay");
  a.nesterov = c.boolean(8, "nesterov");
  a.maximize = c.boolean(9, "maximize");
  check_step_arrays(c, grad, {{"param", param}, {"momentum_buffer", buf}});
  a.param = param.data, a.grad = grad.data, a.momentum_buffer = buf.data;
  ops::sgd_step(kernels(), a, param.length);
  return c.env().Undefined();
}

Napi::Value adam_step(Call& c) {
  c.expect_arguments(13);
  AdamArgs a;
  Array<float> param = c.f32(0, "param"), grad = c.f32(1, "grad"), m = c.f32(2, "exp_avg"),
               v = c.f32(3, "exp_avg_sq"), v_max = c.f32_or_null(4, "max_exp_avg_sq");
  a.step = double(c.size(5, "step"));
  if (a.step < 1) c.range_error("step must be at least 1, got 0");
  a.lr = c.finite(6, "lr");
  a.beta1 = c.finite(7, "beta1");
  a.beta2 = c.finite(8, "beta2");
  a.eps = c.finite(9, "eps");
  a.weight_decay = c.finite(10, "weight_decay");
  a.decoupled_weight_decay = c.boolean(11, "decoupled_weight_decay");
  a.maximize = c.boolean(12, "maximize");
  check_step_arrays(c, grad, {{"param", param}, {"exp_avg", m}, {"exp_avg_sq", v}, {"max_exp_avg_sq", v_max}});
  a.param = param.data, a.grad = grad.data, a.exp_avg = m.data, a.exp_avg_sq = v.data, a.max_exp_avg_sq = v_max.data;
  ops::adam_step(kernels(), a, param.length);
  return c.env().Undefined();
}

Napi::Value rmsprop_step(Call& c) {
  c.expect_arguments(11);
  RmspropArgs a;
  Array<float> param = c.f32(0, "param"), grad = c.f32(1, "grad"), sq = c.f32(2, "square_avg"),
               mean = c.f32_or_null(3, "grad_avg"), buf = c.f32_or_null(4, "momentum_buffer");
  a.lr = c.finite(5, "lr");
  a.alpha = c.finite(6, "alpha");
  a.eps = c.finite(7, "eps");
  a.weight_decay = c.finite(8, "weight_decay");
  a.momentum = c.finite(9, "momentum");
  a.maximize = c.boolean(10, "maximize");
  check_step_arrays(c, grad, {{"param", param}, {"square_avg", sq}, {"grad_avg", mean}, {"momentum_buffer", buf}});
  a.param = param.data, a.grad = grad.data, a.square_avg = sq.data, a.grad_avg = mean.data;
  a.momentum_buffer = buf.data;
  ops::rmsprop_step(kernels(), a, param.length);
  return c.env().Undefined();
}

// V8 is told how much memory the pool has mapped (report_mapped): it counts each live ArrayBuffer's bytes by
// itself (process.memoryUsage().external rises by 80 MB for 20 live 4 MiB tensors with no report from us), so
// reporting every hand-out as well counted live tensors twice and doubled the garbage collections it
// scheduled (4 MiB relu outputs in a loop: 1074 -> 625 mark-compacts; relu on 64 MB 8.5 -> 5.9 ms per op).
// Per JS thread, since each has its own heap: a block mapped on one thread can be evicted on another, so a
// thread never takes back more than it reported (its count never goes negative; the other may over-report).
thread_local int64_t reported_here = 0;
void report_mapped(node_api_basic_env env, int64_t bytes) {
  if (bytes < 0) bytes = -std::min(-bytes, reported_here);
  reported_here += bytes;
  int64_t unused;
  if (bytes) napi_adjust_external_memory(env, bytes, &unused);
}

// GC finalizer of a pooled ArrayBuffer: the block goes back to the pool. It runs during garbage collection
// (see the module registration below), so it calls nothing but the external-memory counter.
void release_block(node_api_basic_env env, void* data, void* size_hint) {
  report_mapped(env, -int64_t(mempool::release(data, reinterpret_cast<size_t>(size_hint))));
}

// Set while a probe object waits for this thread's next garbage collection (watch_for_collection). Per thread:
// each JS thread (main, workers) has its own heap, so an idle worker's pending probe must not keep other threads
// from setting theirs. The finalizer runs on the thread that created the probe.
thread_local bool gc_probe_pending = false;

void gc_probe_finalized(node_api_basic_env, void*, void*) {
  mempool::note_collection();
  gc_probe_pending = false;
}

// Called when the pool declines to map a new block: an unreferenced object whose finalizer tells the pool when
// the next garbage collection has run. By then the blocks of dead tensors have come back, so it may map new ones
// again. Without it, a program holding more than the pool's limit in live tensors would never get a pooled
// block again: its new outputs would all be V8's own buffers, and no pooled block would die to reset the count.
void watch_for_collection(napi_env env) {
  if (gc_probe_pending) return;
  gc_probe_pending = true;
  napi_value probe;
  if (napi_create_object(env, &probe) != napi_ok ||
      napi_add_finalizer(env, probe, nullptr, gc_probe_finalized, nullptr, nullptr) != napi_ok)
    gc_probe_pending = false;
}

// V8 looks at the bytes of its young generation's ArrayBuffers only when it allocates a backing store itself
// (Heap::AllocateExternalBackingStore): past two semi-spaces' worth it runs a scavenge first, which frees the dead
// young ones. External ArrayBuffers skip that check, so a loop making pooled outputs got no scavenges: their
// bytes piled up until V8's external-memory limit forced a mark-compact, one per 64 MB handed out (3-5 ms each
// here; relu on 1e6 floats into fresh outputs 622 -> 202 us per call with this). A 1-byte ArrayBuffer from
// V8's allocator runs the check, and the blocks the scavenge frees come back to the pool before acquire().
// It costs ~0.5 us, so it runs once per MiB handed out on this JS thread (each has its own heap): V8's limit is
// passed by at most that much.
thread_local size_t handed_since_check = 0;
void let_v8_collect_young_buffers(napi_env env, size_t bytes) {
  handed_since_check += bytes;
  if (handed_since_check < kYoungCheckEvery) return;
  handed_since_check = 0;
  void* data;
  napi_value buffer;
  napi_create_arraybuffer(env, 1, &data, &buffer);  // only its side effect counts; a failure changes nothing
}

Napi::Value alloc(Call& c) {
  c.expect_arguments(2);
  size_t bytes = c.size(0, "bytes");
  bool zero = c.boolean(1, "zero");
  if (bytes < mempool::kMinPooledBytes) return Napi::ArrayBuffer::New(c.env(), bytes);  // zeroed by V8
  if (bytes > kMaxPooledBytes)
    c.range_error(std::to_string(bytes) + " bytes is more than the largest ArrayBuffer (" +
                  std::to_string(kMaxPooledBytes) + ")");
  let_v8_collect_young_buffers(c.env(), bytes);
  mempool::Block block = mempool::acquire(bytes);
  if (!block.data && block.size == 0) {  // too many new blocks since one came back
    watch_for_collection(c.env());
    return Napi::ArrayBuffer::New(c.env(), bytes);
  }
  if (!block.data) c.range_error("out of memory allocating " + std::to_string(bytes) + " bytes");
  if (block.zeroed) report_mapped(c.env(), int64_t(block.size));  // freshly mapped
  if (zero && !block.zeroed) std::memset(block.data, 0, bytes);
  napi_value result;
  // The block returns through a finalizer on the ArrayBuffer object, not through the external buffer's own
  // callback: Node queues that one for the event loop, so a synchronous loop would never get a block back.
  // The memory can't outlive the object: Node copies external ArrayBuffers instead of transferring them.
  if (napi_create_external_arraybuffer(c.env(), block.data, bytes, nullptr, nullptr, &result) != napi_ok ||
      napi_add_finalizer(c.env(), result, block.data, release_block, reinterpret_cast<void*>(block.size),
                         nullptr) != napi_ok) {
    report_mapped(c.env(), -int64_t(mempool::release(block.data, block.size)));
    throw Napi::Error::New(c.env(), std::string(c.name()) + ": could not create an external ArrayBuffer");
  }
  return Napi::Value(c.env(), result);
}

Napi::Value pool_stats(Call& c) {
  c.expect_arguments(0);
  mempool::Stats s = mempool::stats();
  Napi::Object o = Napi::Object::New(c.env());
  o.Set("cached", double(s.cached));
  o.Set("live", double(s.live));
  o.Set("hits", double(s.hits));
  o.Set("misses", double(s.misses));
  o.Set("reported", double(reported_here));
  return o;
}

struct Entry {
  const char* name;
  Napi::Value (*impl)(Call&);
};
const Entry kFunctions[] = {
    {"isa", isa},
    {"get_num_threads", get_num_threads},
    {"set_num_threads", set_num_threads},
    {"unary", unary},
    {"binary", binary},
    {"binary_strided", binary_strided},
    {"reduce", reduce},
    {"arg_reduce", arg_reduce},
    {"softmax", softmax},
    {"softmax_backward", softmax_backward},
    {"matmul", matmul},
    {"linear", linear},
    {"cross_entropy", cross_entropy},
    {"cross_entropy_backward", cross_entropy_backward},
    {"copy_strided", copy_strided},
    {"im2col", im2col},
    {"round_reduced", round_reduced},
    {"col2im", col2im},
    {"sgd_step", sgd_step},
    {"adam_step", adam_step},
    {"rmsprop_step", rmsprop_step},
    {"alloc", alloc},
    {"pool_stats", pool_stats},
};

// Runs one function; any C++ exception other than a JS error (say std::bad_alloc) becomes a JS Error.
// The error is thrown into JS here, through the C API, not rethrown to node-addon-api: when a worker thread is
// terminated mid-call, N-API calls fail and nothing can be thrown, and node-addon-api's handler would then throw
// again from its catch block and abort the whole process (seen in CI; 1 run in 3 of 60 worker terminations).
// Here a failed throw is ignored: the terminating thread runs no more JS anyway.
Napi::Value call(const Napi::CallbackInfo& info) {
  const Entry* entry = static_cast<const Entry*>(info.Data());
  napi_env env = info.Env();
  try {
    Call c(info, entry->name);
    return entry->impl(c);
  } catch (const Napi::Error& e) {
    try {
      napi_throw(env, e.Value());
    } catch (...) {  // e.Value() throws when its reference can no longer be read
    }
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string(entry->name) + ": " + e.what()).c_str());
  }
  return Napi::Value();
}

template <size_t N>
Napi::Array names(Napi::Env env, const char* const (&list)[N]) {
  Napi::Array a = Napi::Array::New(env, N);
  for (uint32_t i = 0; i < N; i++) a.Set(i, Napi::String::New(env, list[i]));
  a.Freeze();
  return a;
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("abi", Napi::Number::New(env, kAbiVersion));
  exports.Set("unary_ops", names(env, kUnaryNames));
  exports.Set("binary_ops", names(env, kBinaryNames));
  exports.Set("reduce_ops", names(env, kReduceNames));
  for (const Entry& e : kFunctions)
    exports.Set(e.name, Napi::Function::New(env, call, e.name, const_cast<Entry*>(&e)));
  return exports;
}

}  // namespace

// The module declares Node-API's experimental version only for what it changes about finalizers: Node runs
// them synchronously during GC (release_block, above) instead of queueing them for the event loop, so pooled
// blocks come back inside synchronous loops. Node versions without that keep queueing them; nothing else in
// the binding depends on the experimental version (it is compiled against NAPI_VERSION 8).
#undef NAPI_VERSION
#define NAPI_VERSION NAPI_VERSION_EXPERIMENTAL
NODE_API_MODULE(torchlet, init)
