// The yardsticks: cuBLAS SGEMM in plain FP32 (CUBLAS_DEFAULT_MATH: no TF32
// tensor cores, which would round the inputs to 10-bit mantissas), for
// rungs 1-3, and the same call with CUBLAS_TF32_TENSOR_OP_MATH, for rung 4.
//
// cuBLAS is column-major. A row-major M x N matrix C, read column-major, is
// C^T (N x M), and C = op(A) op(B) is the same as C^T = op(B)^T op(A)^T: so
// we ask cuBLAS for the product with the operands swapped, B first, and the
// transpose flags as they are.
#include <cublas_v2.h>

#include <cstdlib>

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

// One handle per math mode for the program, created on first use and
// destroyed at exit, before the CUDA runtime is torn down: exit runs the
// handlers registered with atexit in reverse order, and cudaFree(nullptr)
// below makes sure the runtime has registered its own (it does so on its
// first call) before ours. (Never destroying the handles would be harmless
// too, but compute-sanitizer's leak check rightly reports the memory.)
cublasHandle_t handles[2] = {nullptr, nullptr};

void destroy_handles() {
  for (cublasHandle_t& h : handles)
    if (h) cublasDestroy(h), h = nullptr;
}

cublasHandle_t make_handle(cublasMath_t mode) {
  NN_CUDA_CHECK(cudaFree(nullptr));  // the runtime is initialised, its exit handler registered
  cublasHandle_t created = nullptr;
  NN_CUBLAS_CHECK(cublasCreate(&created));
  try {
    NN_CUBLAS_CHECK(cublasSetMathMode(created, mode));
  } catch (...) {
    cublasDestroy(created);
    throw;
  }
  static const bool registered = std::atexit(destroy_handles) == 0;
  (void)registered;
  handles[mode == CUBLAS_DEFAULT_MATH ? 0 : 1] = created;
  return created;
}

cublasHandle_t fp32_handle() {
  static const cublasHandle_t h = make_handle(CUBLAS_DEFAULT_MATH);
  return h;
}

cublasHandle_t tf32_handle() {
  static const cublasHandle_t h = make_handle(CUBLAS_TF32_TENSOR_OP_MATH);
  return h;
}

cublasOperation_t op(Transpose t) { return t == Transpose::Yes ? CUBLAS_OP_T : CUBLAS_OP_N; }

// The handle is asked for after the argument checks, so that bad arguments
// are reported as such even where cuBLAS cannot start (no device).
void sgemm_with(cublasHandle_t (*handle)(), const char* who, Transpose ta, Transpose tb, int M,
                int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                float beta, float* C, int ldc) {
  check_gemm_arguments(who, ta, tb, M, N, K, lda, ldb, ldc);
  if (M == 0 || N == 0) return;
  NN_CUBLAS_CHECK(
      cublasSgemm(handle(), op(tb), op(ta), N, M, K, &alpha, B, ldb, A, lda, &beta, C, ldc));
}

}  // namespace

void sgemm_cublas(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                  int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  sgemm_with(fp32_handle, "cuda::sgemm_cublas", ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C,
             ldc);
}

void sgemm_cublas_tf32(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                       int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  sgemm_with(tf32_handle, "cuda::sgemm_cublas_tf32", ta, tb, M, N, K, alpha, A, lda, B, ldb, beta,
             C, ldc);
}

}  // namespace nn::cuda
