// The kernel tables: one row per op, shared by both backends, the binding (which must list the same names
// in the same order) and the tests. Adding an op means one row here, one scalar formula in each backend.

/** Elementwise y = f(x; p0, p1). */
export const UNARY_OPS = [
  'neg', // -x
  'abs', // |x|
  'exp', // e^x
  'log', // ln x (NaN for x < 0, -inf at 0)
  'sqrt', // sqrt x (NaN for x < 0)
  'relu', // x < 0 ? 0 : x          (so NaN -> NaN and -0 -> -0, as in PyTorch)
  'relu6', // x < 0 ? 0 : x > 6 ? 6 : x
  'leaky_relu', // x > 0 ? x : x * p0   (p0 = negative_slope)
  'threshold', // x <= p0 ? p1 : x      (p0 = threshold, p1 = value; so NaN stays NaN)
  'sigmoid', // 1 / (1 + e^-x)
  'tanh', // tanh x
  'clamp', // t = x < p0 ? p0 : x; t > p1 ? p1 : t   (p1 wins when p0 > p1; NaN stays NaN; p0/p1 may be -inf/+inf)
  'log1p', // ln(1 + x), exact near 0
  'expm1', // e^x - 1, exact near 0
  'erf', // the error function
  'floor', // largest integer <= x
  'ceil', // smallest integer >= x
  'trunc', // x rounded toward 0
  'round', // x rounded to the nearest integer, halves to even (so -0.5 -> -0, 2.5 -> 2)
] as const;

/** Elementwise out = f(a, b; p0, p1), with broadcasting. The `*_backward` ops take (grad, saved tensor). */
export const BINARY_OPS = [
  'add', // a + b
  'sub', // a - b
  'mul', // a * b
  'div', // a / b
  'pow', // a ** b (C powf semantics)
  'maximum', // NaN if either is NaN, else a < b ? b : a   (so maximum(-0, 0) = -0, as in PyTorch)
  'minimum', // NaN if either is NaN, else b < a ? b : a
  'heaviside', // a == 0 ? b : a > 0 ? 1 : 0   (so heaviside(NaN, v) = 0, as in PyTorch)
  'eq', // a == b   (comparisons write 0/1 to a Uint8Array)
  'ne', // a != b
  'gt', // a > b
  'lt', // a < b
  'ge', // a >= b
  'le', // a <= b
  'threshold_backward', // b <= p0 ? 0 : a          (a = grad, b = input x; relu is p0 = 0; NaN x passes a)
  'leaky_relu_backward', // b > 0 ? a : a * p0      (a = grad, b = input x, p0 = slope)
  'hardtanh_backward', // b <= p0 || b >= p1 ? 0 : a   (a = grad, b = input x; relu6 is (0, 6); NaN x passes a)
  'sigmoid_backward', // a * b * (1 - b)           (a = grad, b = output y)
  'tanh_backward', // a * (1 - b * b)               (a = grad, b = output y)
  'div_trunc', // trunc(a / b)   (p0 = 1: a / b rounded to float32 first, as in float32 arithmetic)
  'div_floor', // floor(a / b) by PyTorch's steps, (a - fmod(a, b)) / b corrected   (p0 = 1: each step in float32)
] as const;

/** Reductions over one axis (see Binding.reduce). */
export const REDUCE_OPS = ['sum', 'mean', 'prod', 'amax', 'amin'] as const;

export type UnaryOp = (typeof UNARY_OPS)[number];
export type BinaryOp = (typeof BINARY_OPS)[number];
export type ReduceOp = (typeof REDUCE_OPS)[number];

export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set(['eq', 'ne', 'gt', 'lt', 'ge', 'le']);
