#pragma once
// SGEMM, written from scratch: C = alpha * op(A) * op(B) + beta * C, with
// op(X) = X or X^T, all matrices row-major. This is the one hot loop of the
// library: dense layers call it directly, convolutions call it after im2col.
//
// Row-major convention: op(A) is M x K, op(B) is K x N, C is M x N;
// lda/ldb/ldc are the row strides (elements between consecutive rows) of
// A, B and C as they are stored (so for transA, A is stored K x M).
//
// The implementation is a ladder of versions in lib/nn/gemm/, from the
// triple loop to Goto's packed algorithm: gemm/ladder.hpp lists them, and
// gemm/sgemm.cpp is the front door that picks one for each product.

namespace nn {

enum class Transpose { No, Yes };

void sgemm(Transpose trans_a, Transpose trans_b, int M, int N, int K, float alpha, const float* A,
           int lda, const float* B, int ldb, float beta, float* C, int ldc);

/// The textbook triple loop: the oracle the fast sgemm is tested against.
void sgemm_reference(Transpose trans_a, Transpose trans_b, int M, int N, int K, float alpha,
                     const float* A, int lda, const float* B, int ldb, float beta, float* C,
                     int ldc);

/// Threads used by sgemm and the other parallel loops (OpenMP).
void set_threads(int n);
int threads();

}  // namespace nn
