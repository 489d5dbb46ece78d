// Rung 1: one thread per element of C (book chapter 09, "The naive kernel").
// Thread (x, y) of the grid computes C[row][col] with row = y, col = x: the
// 32 threads of a warp take 32 neighbouring columns, so their reads of B and
// writes of C fall on neighbouring addresses (coalesced), while all 32 read
// the same element of A (one broadcast). Every element of A and B is read
// from global memory N and M times over: the kernel is memory-bound.
#include "nn/cuda/check.hpp"
#include "nn/cuda/sgemm/common.cuh"

namespace nn::cuda {
namespace {

//! [naive-kernel]
template <bool TA, bool TB>
__global__ void sgemm_naive_kernel(int M, int N, int K, float alpha, const float* A, int lda,
                                   const float* B, int ldb, float beta, float* C, int ldc) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x;
  const int row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row >= M || col >= N) return;  // the grid is rounded up to whole blocks
  float acc = 0.0f;
  for (int k = 0; k < K; ++k)
    acc += op_element<TA>(A, lda, row, k) * op_element<TB>(B, ldb, k, col);
  store_c(C, ldc, row, col, alpha, acc, beta);
}
//! [naive-kernel]

}  // namespace

void sgemm_naive(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                 int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  check_gemm_arguments("cuda::sgemm_naive", ta, tb, M, N, K, lda, ldb, ldc);
  if (M == 0 || N == 0) return;
  const dim3 block(32, 8);
  const dim3 grid((N + block.x - 1) / block.x, (M + block.y - 1) / block.y);
  NN_GEMM_DISPATCH(sgemm_naive_kernel, ta, tb, grid, block, M, N, K, alpha, A, lda, B, ldb, beta, C,
                   ldc);
}

}  // namespace nn::cuda
