#pragma once
// One vector register of floats, for the micro-kernel (micro_kernel.hpp), the
// 16 x 16 transpose (transpose_16x16.hpp) and the dot products (dots.cpp).
//
// Written with GCC vector extensions (`vector_size`), not intrinsics:
// `acc += a * b` on a Vec is one vfmadd instruction when the target has FMA
// (GCC contracts a multiply and an add into an FMA by default), and the same
// source still compiles (to narrower or scalar code) anywhere.
#include <cstring>

namespace nn::gemm::detail {

#if defined(__AVX512F__)
inline constexpr int kLanes = 16;  // floats per 512-bit register
#elif defined(__AVX__)
inline constexpr int kLanes = 8;  // floats per 256-bit register
#else
inline constexpr int kLanes = 4;  // 128-bit SSE / NEON
#endif

typedef float Vec __attribute__((vector_size(kLanes * sizeof(float))));

// memcpy is how to say "unaligned vector load/store" portably; GCC turns it
// into a single vmovups.
inline Vec load_vec(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store_vec(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

}  // namespace nn::gemm::detail
