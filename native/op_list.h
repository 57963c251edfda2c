// The op tables, in the order of lib/backend/ops.ts (the binding exports these names; TS checks them at load).
// Adding an op: one row here, one formula in vec_math.h (or kernels_scalar.cpp for scalar-only ops).
#pragma once

#define TORCHLET_UNARY_OPS(X)                                                                                 \
  X(neg) X(abs) X(exp) X(log) X(sqrt) X(relu) X(relu6) X(leaky_relu) X(threshold) X(sigmoid) X(tanh) X(clamp) \
  X(log1p) X(expm1) X(erf) X(floor) X(ceil) X(trunc) X(round)

#define TORCHLET_BINARY_OPS(X)                                                                           \
  X(add) X(sub) X(mul) X(div) X(pow) X(maximum) X(minimum) X(heaviside) X(eq) X(ne) X(gt) X(lt) X(ge) X(le) \
  X(threshold_backward) X(leaky_relu_backward) X(hardtanh_backward) X(sigmoid_backward) X(tanh_backward)  \
  X(div_trunc) X(div_floor)

#define TORCHLET_REDUCE_OPS(X) X(sum) X(mean) X(prod) X(amax) X(amin)

// Enumerators are prefixed (unary_exp, binary_add, reduce_sum): bare names would clash with libm's.
#define TORCHLET_UNARY_ENUM(name) unary_##name,
#define TORCHLET_BINARY_ENUM(name) binary_##name,
#define TORCHLET_REDUCE_ENUM(name) reduce_##name,
enum UnaryOp { TORCHLET_UNARY_OPS(TORCHLET_UNARY_ENUM) kNumUnaryOps };
enum BinaryOp { TORCHLET_BINARY_OPS(TORCHLET_BINARY_ENUM) kNumBinaryOps };
enum ReduceOp { TORCHLET_REDUCE_OPS(TORCHLET_REDUCE_ENUM) kNumReduceOps };
#undef TORCHLET_UNARY_ENUM
#undef TORCHLET_BINARY_ENUM
#undef TORCHLET_REDUCE_ENUM

// Comparisons write 0/1 bytes; every other binary op writes floats.
inline bool is_comparison(int op) { return op >= binary_eq && op <= binary_le; }
