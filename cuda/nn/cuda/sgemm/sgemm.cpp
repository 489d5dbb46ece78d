// The SGEMM front door: argument checks and the choice of rung.
#include "nn/cuda/sgemm.hpp"

#include <string>

#include "nn/errors.hpp"

namespace nn::cuda {

std::string gemm_name(GemmKernel kernel) {
  switch (kernel) {
    case GemmKernel::Naive:
      return "naive";
    case GemmKernel::Tiled:
      return "tiled";
    case GemmKernel::RegisterBlocked:
      return "register-blocked";
    case GemmKernel::TensorCore:
      return "tensor-core-tf32";
    case GemmKernel::Cublas:
      return "cublas";
    case GemmKernel::CublasTf32:
      return "cublas-tf32";
  }
  return "?";
}

void check_gemm_arguments(const char* who, Transpose ta, Transpose tb, int M, int N, int K, int lda,
                          int ldb, int ldc) {
  const auto fail = [&](const std::string& what) {
    throw ShapeError(std::string(who) + ": " + what + " (M " + std::to_string(M) + ", N " +
                     std::to_string(N) + ", K " + std::to_string(K) + ", lda " +
                     std::to_string(lda) + ", ldb " + std::to_string(ldb) + ", ldc " +
                     std::to_string(ldc) + ")");
  };
  if (M < 0 || N < 0 || K < 0) fail("negative size");
  // The row length of each matrix as stored must fit in its stride.
  if (lda < (ta == Transpose::Yes ? M : K) || lda < 1) fail("lda shorter than a row of A");
  if (ldb < (tb == Transpose::Yes ? K : N) || ldb < 1) fail("ldb shorter than a row of B");
  if (ldc < N || ldc < 1) fail("ldc shorter than a row of C");
}

static GemmKernel g_layer_gemm = GemmKernel::RegisterBlocked;
void set_layer_gemm(GemmKernel kernel) { g_layer_gemm = kernel; }
GemmKernel layer_gemm() { return g_layer_gemm; }

void sgemm(GemmKernel kernel, Transpose ta, Transpose tb, int M, int N, int K, float alpha,
           const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  switch (kernel) {
    case GemmKernel::Naive:
      return sgemm_naive(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    case GemmKernel::Tiled:
      return sgemm_tiled(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    case GemmKernel::RegisterBlocked:
      return sgemm_register_blocked(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    case GemmKernel::TensorCore:
      return sgemm_tensor_core(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    case GemmKernel::Cublas:
      return sgemm_cublas(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    case GemmKernel::CublasTf32:
      return sgemm_cublas_tf32(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  }
}

}  // namespace nn::cuda
