#pragma once
// The register-blocked micro-kernel of rung 3 (3_packed.cpp).
//
// It computes one MR x NR tile of C from a packed sliver of A (MR rows, stored
// k-major: the MR values of column k lie side by side) and a packed sliver of
// B (NR columns, the NR values of row k side by side):
//
//     acc[r][c] = sum_k a[k][r] * b[k][c]      for k = 0, 1, ..., kc-1 in order
//
// The whole tile of accumulators lives in vector registers for the whole k
// loop, so each step loads NR/W vectors of B and MR scalars of A and does
// MR * NR/W fused multiply-adds: arithmetic, not memory, is the bottleneck.
#include <array>
#include <cstring>
#include <utility>

#include "nn/gemm/vec.hpp"

namespace nn::gemm::detail {

// Tile shape per instruction set. Registers bound it: MR * NR/W accumulators,
// plus NR/W vectors of B and one broadcast of A, must fit in the register file.
#if defined(__AVX512F__)
inline constexpr int MR = 12;  // 12 x 2 = 24 accumulators of 32 zmm registers
#else
inline constexpr int MR = 6;  // 6 x 2 = 12 accumulators of 16 ymm registers
#endif
inline constexpr int kVecsPerRow = 2;
inline constexpr int NR = kVecsPerRow * kLanes;

struct Tile {
  Vec acc[MR][kVecsPerRow];
};

// The inner loop of the whole library, for a tile of `Rows` <= MR rows (the
// packed sliver of A is always MR wide; a short tile just skips the padding
// rows instead of multiplying zeros). Every lane and every tile does the same
// operations in the same k order, so where a tile sits in C (or which thread
// computes it) never changes the result.
//
// Row k of the B sliver starts b_stride floats after row k-1: NR for a packed
// sliver, or the row stride of B itself when the kernel reads B in place
// (see packed_block in 3_packed.cpp).
//! [micro-kernel]
template <int Rows>
void micro_kernel(int kc, const float* __restrict a, const float* __restrict b, long b_stride,
                  Tile& tile) {
  Vec acc[Rows][kVecsPerRow] = {};
  for (int k = 0; k < kc; ++k) {
    Vec b_row[kVecsPerRow];
#pragma GCC unroll 4
    for (int v = 0; v < kVecsPerRow; ++v) b_row[v] = load_vec(b + v * kLanes);
#pragma GCC unroll 16
    for (int r = 0; r < Rows; ++r) {
      const float a_rk = a[r];  // broadcast: one scalar times a whole vector
#pragma GCC unroll 4
      for (int v = 0; v < kVecsPerRow; ++v) acc[r][v] += a_rk * b_row[v];
    }
    a += MR;
    b += b_stride;
  }
  std::memcpy(tile.acc, acc, sizeof acc);
}
//! [micro-kernel]

// micro_kernels[rows - 1] handles a tile of `rows` rows: a table of the MR
// instantiations of micro_kernel, so the row count is a compile-time constant
// inside each one and the accumulators stay in registers.
using MicroKernel = void (*)(int, const float*, const float*, long, Tile&);
template <int... R>
constexpr std::array<MicroKernel, sizeof...(R)> make_micro_kernels(
    std::integer_sequence<int, R...>) {
  return {&micro_kernel<R + 1>...};
}
inline constexpr auto micro_kernels = make_micro_kernels(std::make_integer_sequence<int, MR>{});

// C_tile = alpha * acc + beta * C_tile for a full MR x NR tile at c (row
// stride ldc). beta == 0 never reads C, so NaN or garbage there is overwritten,
// as BLAS specifies.
inline void update_tile(const Tile& tile, float alpha, float beta, float* c, int ldc) {
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < kVecsPerRow; ++v) {
      float* p = c + r * ldc + v * kLanes;
      const Vec scaled = alpha * tile.acc[r][v];
      store_vec(p, beta == 0.0f ? scaled : scaled + beta * load_vec(p));
    }
}

// Edge tiles (fewer than MR rows or NR columns left in C) go through a full
// scratch tile so they use exactly the same arithmetic as update_tile.
inline void update_edge_tile(const Tile& tile, float alpha, float beta, float* c, int ldc, int rows,
                             int cols) {
  float scratch[MR * NR] = {};
  if (beta != 0.0f)
    for (int r = 0; r < rows; ++r) std::memcpy(scratch + r * NR, c + r * ldc, cols * sizeof(float));
  update_tile(tile, alpha, beta, scratch, NR);
  for (int r = 0; r < rows; ++r) std::memcpy(c + r * ldc, scratch + r * NR, cols * sizeof(float));
}

}  // namespace nn::gemm::detail
