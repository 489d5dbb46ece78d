#pragma once
// The pieces of the register-blocked SGEMM (3_register_blocked.cu) that are
// pure index arithmetic: the tile loaders, which registers hold which
// outputs, how K is split. Host and device: tests/cuda/index_math_test.cpp
// runs the kernel's algorithm on the CPU with these very functions, block by
// block and thread by thread, and compares with nn::sgemm_reference.
#include <cuda_runtime_api.h>  // float4

#include <algorithm>
#include <cstddef>

#include "nn/cuda/kernels/index_math.hpp"  // NN_HOST_DEVICE

namespace nn::cuda::register_blocked {

constexpr int kBM = 128, kBN = 128, kBK = 8, kThreads = 256;

// Tile loaders: fill tile[kk][x] (kk < kBK, x < 128) with op(X)[...] where
// X's 128-long side starts at x0 and its K side at k0; 0 outside the matrix
// (k >= k_size or x >= x_size). Thread t (0..255) loads 4 elements.

/// The 128 side is contiguous in memory (A stored transposed, B not):
/// tile[kk][x] = G[(k0 + kk) * ld + x0 + x]. Thread t loads kk = t / 32,
/// x = 4 (t % 32) .. +3: one float4.
NN_HOST_DEVICE inline void load_contiguous(const float* G, int ld, int k_size, int x_size, int k0,
                                           int x0, float (*tile)[128], int t, bool vec) {
  const int kk = t / 32, x = (t % 32) * 4;
  const int k = k0 + kk, gx = x0 + x;
  if (vec && k < k_size && gx + 3 < x_size) {
    const float4 v = *reinterpret_cast<const float4*>(G + std::size_t(k) * ld + gx);
    *reinterpret_cast<float4*>(&tile[kk][x]) = v;
    return;
  }
  for (int q = 0; q < 4; ++q)
    tile[kk][x + q] = k < k_size && gx + q < x_size ? G[std::size_t(k) * ld + gx + q] : 0.0f;
}

/// The K side is contiguous (A not transposed, B transposed):
/// tile[kk][x] = G[(x0 + x) * ld + k0 + kk]. Thread t loads x = t / 2,
/// kk = 4 (t % 2) .. +3: one float4, stored transposed.
NN_HOST_DEVICE inline void load_strided(const float* G, int ld, int k_size, int x_size, int k0,
                                        int x0, float (*tile)[128], int t, bool vec) {
  const int x = t / 2, kk = (t % 2) * 4;
  const int gx = x0 + x, k = k0 + kk;
  if (vec && gx < x_size && k + 3 < k_size) {
    const float4 v = *reinterpret_cast<const float4*>(G + std::size_t(gx) * ld + k);
    tile[kk][x] = v.x;
    tile[kk + 1][x] = v.y;
    tile[kk + 2][x] = v.z;
    tile[kk + 3][x] = v.w;
    return;
  }
  for (int q = 0; q < 4; ++q)
    tile[kk + q][x] = gx < x_size && k + q < k_size ? G[std::size_t(gx) * ld + k + q] : 0.0f;
}

/// The row (or column) of the 128 x 128 tile that a thread's register i
/// (0..7) holds: two groups of 4, 64 apart, so that 8 threads reading float4s
/// from shared memory cover 128 consecutive bytes (no bank conflicts).
NN_HOST_DEVICE inline int owned(int thread_coordinate, int i) {
  return (i / 4) * 64 + thread_coordinate * 4 + i % 4;
}

/// The length of each K chunk for split-K: enough blocks for two per SM
/// (`sms` multiprocessors), chunks of at least 64 (so each block still
/// amortises its start), a multiple of kBK (so float4 loads stay aligned).
/// K itself (one chunk) when there are tiles enough.
inline int k_chunk_for(int M, int N, int K, int sms) {
  const long tiles = long((M + kBM - 1) / kBM) * ((N + kBN - 1) / kBN);
  const long wanted = (2L * sms + tiles - 1) / tiles;
  const long splits = std::clamp<long>(wanted, 1, std::max(1, K / 64));
  const int chunk = static_cast<int>((K + splits - 1) / splits);
  return std::max(kBK, (chunk + kBK - 1) / kBK * kBK);
}

}  // namespace nn::cuda::register_blocked
