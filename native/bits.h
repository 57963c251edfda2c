// A float and its IEEE-754 bits, without the undefined behaviour of a pointer cast (C++17 has no std::bit_cast).
// In an anonymous namespace, as vec_math.h explains: each file gets its own copy, compiled with its own flags.
#pragma once
#include <cstdint>
#include <cstring>

namespace {

inline uint32_t bits_of(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

inline float float_of(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

}  // namespace
