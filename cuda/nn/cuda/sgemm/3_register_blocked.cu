// Rung 3: register blocking (book chapter 09, "More work per thread").
//
// A block of 256 threads computes a 128 x 128 tile of C; each thread owns
// 8 x 8 of its outputs, kept in 64 registers. Along K, in steps of 8, the
// block stages a 128 x 8 slice of op(A) and an 8 x 128 slice of op(B) in
// shared memory; then for each of the 8 k's a thread loads 8 values of A
// and 8 of B into registers and does 64 fused multiply-adds with them. That
// is 4 FMAs per value read from shared memory, where the tiled kernel did 1:
// shared memory bandwidth, the limit of rung 2, stops being the limit.
//
// Details that matter for speed (each explained in the book):
// - the A slice is stored transposed, a_tile[k][m], so a thread's 8 values
//   of A for one k are contiguous and read as two float4;
// - a thread's 8 rows (and 8 columns) are two groups of 4, 64 apart:
//   rows 4*ty .. 4*ty+3 and 64+4*ty .. 64+4*ty+3. The 8 threads of a quarter
//   warp then read 8 consecutive float4 from shared memory, with no bank
//   conflict;
// - global loads are float4 (16 bytes) where the matrix allows it (16-byte
//   aligned, row stride a multiple of 4, the 4 elements inside the matrix),
//   and bounds-checked scalar loads everywhere else (the edges of C).
#include <cstdint>

#include "nn/cuda/check.hpp"
#include "nn/cuda/sgemm/common.cuh"

namespace nn::cuda {
namespace {

constexpr int kBM = 128, kBN = 128, kBK = 8, kThreadsRB = 256;

// Tile loaders: fill tile[kk][x] (kk < kBK, x < 128) with op(X)[...] where
// X's 128-long side starts at x0 and its K side at k0; 0 outside the matrix.

// The 128 side is contiguous in memory (A stored transposed, B not):
// tile[kk][x] = G[(k0 + kk) * ld + x0 + x]. Thread t loads kk = t / 32,
// x = 4 (t % 32) .. +3: one float4.
__device__ inline void load_contiguous(const float* G, int ld, int k_size, int x_size, int k0, int x0,
                                       float (*tile)[128], int t, bool vec) {
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

// The K side is contiguous (A not transposed, B transposed):
// tile[kk][x] = G[(x0 + x) * ld + k0 + kk]. Thread t loads x = t / 2,
// kk = 4 (t % 2) .. +3: one float4, stored transposed.
__device__ inline void load_strided(const float* G, int ld, int k_size, int x_size, int k0, int x0,
                                    float (*tile)[128], int t, bool vec) {
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

// Row (or column) of the tile held in a thread's register i (0..7).
__device__ inline int owned(int thread_coordinate, int i) {
  return (i / 4) * 64 + thread_coordinate * 4 + i % 4;
}

//! [register-blocked-kernel]
template <bool TA, bool TB>
__global__ void __launch_bounds__(kThreadsRB)
    sgemm_register_blocked_kernel(int M, int N, int K, float alpha, const float* A, int lda,
                                  const float* B, int ldb, float beta, float* C, int ldc, bool vec) {
  __shared__ __align__(16) float a_tile[kBK][kBM];  // op(A) slice, transposed: [k][m]
  __shared__ __align__(16) float b_tile[kBK][kBN];  // op(B) slice: [k][n]
  const int t = threadIdx.x, ty = t / 16, tx = t % 16;
  const int row0 = blockIdx.y * kBM, col0 = blockIdx.x * kBN;
  float acc[8][8] = {};
  float a[8], b[8];
  for (int k0 = 0; k0 < K; k0 += kBK) {
    if (TA) load_contiguous(A, lda, K, M, k0, row0, a_tile, t, vec);
    else load_strided(A, lda, K, M, k0, row0, a_tile, t, vec);
    if (TB) load_strided(B, ldb, K, N, k0, col0, b_tile, t, vec);
    else load_contiguous(B, ldb, K, N, k0, col0, b_tile, t, vec);
    __syncthreads();
#pragma unroll
    for (int k = 0; k < kBK; ++k) {
#pragma unroll
      for (int h = 0; h < 2; ++h) {  // two float4 each: registers 4h .. 4h+3
        const float4 av = *reinterpret_cast<const float4*>(&a_tile[k][h * 64 + ty * 4]);
        const float4 bv = *reinterpret_cast<const float4*>(&b_tile[k][h * 64 + tx * 4]);
        a[4 * h] = av.x, a[4 * h + 1] = av.y, a[4 * h + 2] = av.z, a[4 * h + 3] = av.w;
        b[4 * h] = bv.x, b[4 * h + 1] = bv.y, b[4 * h + 2] = bv.z, b[4 * h + 3] = bv.w;
      }
#pragma unroll
      for (int i = 0; i < 8; ++i)
#pragma unroll
        for (int j = 0; j < 8; ++j) acc[i][j] += a[i] * b[j];
    }
    __syncthreads();
  }
#pragma unroll
  for (int i = 0; i < 8; ++i) {
    const int row = row0 + owned(ty, i);
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      const int col = col0 + owned(tx, j);
      if (row < M && col < N) store_c(C, ldc, row, col, alpha, acc[i][j], beta);
    }
  }
}
//! [register-blocked-kernel]

bool aligned16(const float* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; }

}  // namespace

void sgemm_register_blocked(Transpose ta, Transpose tb, int M, int N, int K, float alpha,
                            const float* A, int lda, const float* B, int ldb, float beta, float* C,
                            int ldc) {
  check_gemm_arguments("cuda::sgemm_register_blocked", ta, tb, M, N, K, lda, ldb, ldc);
  if (M == 0 || N == 0) return;
  // float4 loads need 16-byte addresses: aligned bases and row strides that
  // are multiples of 4 floats (tile offsets are multiples of 4 already).
  const bool vec = aligned16(A) && aligned16(B) && lda % 4 == 0 && ldb % 4 == 0;
  const dim3 grid((N + kBN - 1) / kBN, (M + kBM - 1) / kBM);
  NN_GEMM_DISPATCH(sgemm_register_blocked_kernel, ta, tb, grid, kThreadsRB, M, N, K, alpha, A, lda,
                   B, ldb, beta, C, ldc, vec);
}

}  // namespace nn::cuda
