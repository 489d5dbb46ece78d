// Rung 2: shared-memory tiling (book chapter 09, "Tiles in shared memory").
// A block of 32 x 32 threads computes a 32 x 32 tile of C. It walks along K
// in steps of 32: each thread copies ONE element of op(A) and one of op(B)
// into shared memory, the block waits (__syncthreads), and then every thread
// reads the 32 values it needs from shared memory, which is ~100x faster to
// reach than global memory. Each global element is now read N/32 (M/32)
// times instead of N (M) times.
#include "nn/cuda/check.hpp"
#include "nn/cuda/sgemm/common.cuh"

namespace nn::cuda {
namespace {

constexpr int kTile = 32;

//! [tiled-kernel]
template <bool TA, bool TB>
__global__ void sgemm_tiled_kernel(int M, int N, int K, float alpha, const float* A, int lda,
                                   const float* B, int ldb, float beta, float* C, int ldc) {
  __shared__ float a_tile[kTile][kTile];
  __shared__ float b_tile[kTile][kTile];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row = blockIdx.y * kTile + ty, col = blockIdx.x * kTile + tx;
  float acc = 0.0f;
  for (int k0 = 0; k0 < K; k0 += kTile) {
    // Out-of-range elements are loaded as 0, so they add nothing.
    a_tile[ty][tx] = row < M && k0 + tx < K ? op_element<TA>(A, lda, row, k0 + tx) : 0.0f;
    b_tile[ty][tx] = k0 + ty < K && col < N ? op_element<TB>(B, ldb, k0 + ty, col) : 0.0f;
    __syncthreads();  // the tiles are complete
    for (int k = 0; k < kTile; ++k) acc += a_tile[ty][k] * b_tile[k][tx];
    __syncthreads();  // everyone is done with them before they are overwritten
  }
  if (row < M && col < N) store_c(C, ldc, row, col, alpha, acc, beta);
}
//! [tiled-kernel]

}  // namespace

void sgemm_tiled(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                 int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  check_gemm_arguments("cuda::sgemm_tiled", ta, tb, M, N, K, lda, ldb, ldc);
  if (M == 0 || N == 0) return;
  const dim3 block(kTile, kTile);
  const dim3 grid((N + kTile - 1) / kTile, (M + kTile - 1) / kTile);
  NN_GEMM_DISPATCH(sgemm_tiled_kernel, ta, tb, grid, block, M, N, K, alpha, A, lda, B, ldb, beta, C,
                   ldc);
}

}  // namespace nn::cuda
