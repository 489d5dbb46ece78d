#pragma once
// SGEMM on the GPU as a ladder (book chapter 09, "Climbing the SGEMM
// ladder"), llm.c-style: every rung is kept, checked against the CPU
// nn::sgemm_reference and timed against cuBLAS by bench/gpu_gemm.cpp.
//
//   1. Naive            one thread per element of C, reading A and B from global memory
//   2. Tiled            32 x 32 tiles of A and B staged in shared memory
//   3. RegisterBlocked  128 x 128 tiles, each thread computing 8 x 8 outputs in registers
//   4. TensorCore       tensor cores (WMMA): inputs rounded to TF32, sums in FP32
//   Cublas              NVIDIA's library, FP32 (no TF32): the yardstick for rungs 1-3
//   CublasTf32          NVIDIA's library on tensor cores (TF32): the yardstick for rung 4
//
// Same contract as nn::sgemm (lib/nn/gemm.hpp): C = alpha op(A) op(B) + beta C,
// all row-major, op(A) M x K, op(B) K x N, C M x N, lda/ldb/ldc the row strides
// as stored. A, B, C are DEVICE pointers. With beta = 0, C is not read (it may
// hold garbage or NaN, as freshly allocated memory does).
#include <string>

#include "nn/gemm.hpp"

namespace nn::cuda {

enum class GemmKernel { Naive, Tiled, RegisterBlocked, TensorCore, Cublas, CublasTf32 };

/// "naive", "tiled", "register-blocked", "tensor-core-tf32", "cublas", "cublas-tf32".
std::string gemm_name(GemmKernel kernel);

void sgemm(GemmKernel kernel, Transpose trans_a, Transpose trans_b, int M, int N, int K,
           float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C,
           int ldc);

/// True where the two TF32 kernels can run (compute capability 8.0 or newer).
bool tensor_cores_available();

/// True for the kernels that round their inputs to TF32 (TensorCore, CublasTf32).
inline bool is_tf32(GemmKernel kernel) {
  return kernel == GemmKernel::TensorCore || kernel == GemmKernel::CublasTf32;
}

/// The kernel the GPU layers use (default RegisterBlocked, our best rung;
/// bench/gpu_train.cpp switches it to Cublas for comparison).
void set_layer_gemm(GemmKernel kernel);
GemmKernel layer_gemm();

/// The rungs, one per file in cuda/nn/cuda/sgemm/.
void sgemm_naive(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                 int lda, const float* B, int ldb, float beta, float* C, int ldc);
void sgemm_tiled(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                 int lda, const float* B, int ldb, float beta, float* C, int ldc);
void sgemm_register_blocked(Transpose ta, Transpose tb, int M, int N, int K, float alpha,
                            const float* A, int lda, const float* B, int ldb, float beta, float* C,
                            int ldc);
void sgemm_tensor_core(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                       int lda, const float* B, int ldb, float beta, float* C, int ldc);
void sgemm_cublas(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                  int lda, const float* B, int ldb, float beta, float* C, int ldc);
void sgemm_cublas_tf32(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                       int lda, const float* B, int ldb, float beta, float* C, int ldc);

}  // namespace nn::cuda
