#pragma once
// The pieces of the register-blocked SGEMM (3_register_blocked.cu) that are
// pure index arithmetic: the tile loaders, which registers hold which
// outputs, how K is split. Host and device: tests/cuda/register_blocked_parts_test.cpp
// runs the kernel's algorithm on the CPU with these very functions, block by
// block and thread by thread, and compares with nn::sgemm_reference.
#include <cuda_runtime_api.h>  // float4

#include <algorithm>
#include <cstddef>

#include "nn/cuda/kernels/host_device.hpp"

namespace nn::cuda::register_blocked {

constexpr int kBM = 128, kBN = 128, kBK = 8, kThreads = 256;

// Tile loaders: fill tile[kk][x] (kk < kBK, x < 128) with op(X)[...] where
// X's 128-long side starts at x0 and its K side at k0; 0 outside the matrix
// (k >= k_size or x >= x_size). Thread t (0..255) moves 4 elements, in two
// steps so that the kernel can overlap them with arithmetic: fetch_* reads
// global memory into registers (for the NEXT tile, while the current one is
// being multiplied), put_* writes those registers into shared memory.
struct Fetched {
  float v[4];
};

/// The 128 side is contiguous in memory (A stored transposed, B not):
/// tile[kk][x] = G[(k0 + kk) * ld + x0 + x]. Thread t moves kk = t / 32,
/// x = 4 (t % 32) .. +3: one float4 where the 4 lie inside and are aligned.
NN_HOST_DEVICE inline Fetched fetch_contiguous(const float* G, int ld, int k_size, int x_size,
                                               int k0, int x0, int t, bool vec) {
  const int k = k0 + t / 32, gx = x0 + (t % 32) * 4;
  Fetched f;
  if (vec && k < k_size && gx + 3 < x_size) {
    const float4 v = *reinterpret_cast<const float4*>(G + std::size_t(k) * ld + gx);
    f.v[0] = v.x, f.v[1] = v.y, f.v[2] = v.z, f.v[3] = v.w;
    return f;
  }
  for (int q = 0; q < 4; ++q)
    f.v[q] = k < k_size && gx + q < x_size ? G[std::size_t(k) * ld + gx + q] : 0.0f;
  return f;
}

NN_HOST_DEVICE inline void put_contiguous(const Fetched& f, float (*tile)[128], int t) {
  const int kk = t / 32, x = (t % 32) * 4;
  for (int q = 0; q < 4; ++q) tile[kk][x + q] = f.v[q];
}

/// The K side is contiguous (A not transposed, B transposed):
/// tile[kk][x] = G[(x0 + x) * ld + k0 + kk]. Thread t moves x = t / 2,
/// kk = 4 (t % 2) .. +3: one float4, stored transposed.
NN_HOST_DEVICE inline Fetched fetch_strided(const float* G, int ld, int k_size, int x_size, int k0,
                                            int x0, int t, bool vec) {
  const int gx = x0 + t / 2, k = k0 + (t % 2) * 4;
  Fetched f;
  if (vec && gx < x_size && k + 3 < k_size) {
    const float4 v = *reinterpret_cast<const float4*>(G + std::size_t(gx) * ld + k);
    f.v[0] = v.x, f.v[1] = v.y, f.v[2] = v.z, f.v[3] = v.w;
    return f;
  }
  for (int q = 0; q < 4; ++q)
    f.v[q] = gx < x_size && k + q < k_size ? G[std::size_t(gx) * ld + k + q] : 0.0f;
  return f;
}

NN_HOST_DEVICE inline void put_strided(const Fetched& f, float (*tile)[128], int t) {
  const int x = t / 2, kk = (t % 2) * 4;
  for (int q = 0; q < 4; ++q) tile[kk + q][x] = f.v[q];
}

/// op(A)'s and op(B)'s shares of thread t for the tiles starting at k0.
template <bool TA, bool TB>
struct TileFetch {
  Fetched a, b;
  NN_HOST_DEVICE void fetch(const float* A, int lda, const float* B, int ldb, int M, int N,
                            int k_end, int k0, int row0, int col0, int t, bool vec) {
    a = TA ? fetch_contiguous(A, lda, k_end, M, k0, row0, t, vec)
           : fetch_strided(A, lda, k_end, M, k0, row0, t, vec);
    b = TB ? fetch_strided(B, ldb, k_end, N, k0, col0, t, vec)
           : fetch_contiguous(B, ldb, k_end, N, k0, col0, t, vec);
  }
  NN_HOST_DEVICE void put(float (*a_tile)[128], float (*b_tile)[128], int t) const {
    if (TA)
      put_contiguous(a, a_tile, t);
    else
      put_strided(a, a_tile, t);
    if (TB)
      put_strided(b, b_tile, t);
    else
      put_contiguous(b, b_tile, t);
  }
};

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
