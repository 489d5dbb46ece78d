// Rung 4, the yardstick: cuBLAS SGEMM in plain FP32 (CUBLAS_DEFAULT_MATH:
// no TF32 tensor cores, which would round the inputs to 10-bit mantissas).
//
// cuBLAS is column-major. A row-major M x N matrix C, read column-major, is
// C^T (N x M), and C = op(A) op(B) is the same as C^T = op(B)^T op(A)^T: so
// we ask cuBLAS for the product with the operands swapped, B first, and the
// transpose flags as they are.
#include <cublas_v2.h>

#include "nn/cuda/check.hpp"
#include "nn/cuda/sgemm.hpp"

namespace nn::cuda {

void check_gemm_arguments(const char* who, Transpose ta, Transpose tb, int M, int N, int K, int lda,
                          int ldb, int ldc);

namespace {

void check_cublas(cublasStatus_t status, const char* what, const char* file, int line) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw CudaError(std::string(file) + ":" + std::to_string(line) + ": " + what +
                    " failed: " + cublasGetStatusString(status));
}
#define NN_CUBLAS_CHECK(call) check_cublas((call), #call, __FILE__, __LINE__)

// One handle for the program, created on first use and deliberately never
// destroyed: a static destructor would call cublasDestroy after the CUDA
// runtime may already have been torn down at exit, which can crash. The
// process's exit releases it with the rest of the context.
cublasHandle_t handle() {
  static const cublasHandle_t h = [] {
    cublasHandle_t created = nullptr;
    NN_CUBLAS_CHECK(cublasCreate(&created));
    try {
      NN_CUBLAS_CHECK(cublasSetMathMode(created, CUBLAS_DEFAULT_MATH));
    } catch (...) {
      cublasDestroy(created);
      throw;
    }
    return created;
  }();
  return h;
}

cublasOperation_t op(Transpose t) { return t == Transpose::Yes ? CUBLAS_OP_T : CUBLAS_OP_N; }

}  // namespace

void sgemm_cublas(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                  int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  check_gemm_arguments("cuda::sgemm_cublas", ta, tb, M, N, K, lda, ldb, ldc);
  if (M == 0 || N == 0) return;
  NN_CUBLAS_CHECK(
      cublasSgemm(handle(), op(tb), op(ta), N, M, K, &alpha, B, ldb, A, lda, &beta, C, ldc));
}

}  // namespace nn::cuda
