#pragma once
// The CPU SGEMM as a ladder of versions, slowest and plainest first (book
// chapter 04, "The SGEMM ladder on the CPU"). Each rung computes the whole
// nn::sgemm contract (C = alpha op(A) op(B) + beta C, row-major, any shape,
// strides and transposes) and is tested against rung 1:
//
//   1_reference.cpp  the triple loop, summed in double: the oracle
//   2_blocked.cpp    the same loops cut into cache-sized blocks
//   3_packed.cpp     Goto's algorithm: blocks packed into the order a
//                    register-blocked micro-kernel reads them, threads over C
//
// Beside the ladder, dots.cpp does A B^T with few rows or columns and a long
// K (a convolution's weight gradient) as dot products, where rung 3's
// packing would cost more than it saves. The front door, nn::sgemm
// (sgemm.cpp), picks rung 2 for tiny products, dots where dots_fit says so,
// and rung 3 for everything else.
//
// The parts of rung 3 have their own files: pack.cpp (packing),
// transpose_16x16.hpp, micro_kernel.hpp, scratch.cpp (per-thread buffers) and
// threads.cpp (thread settings and the split of C among threads).
#include "nn/gemm.hpp"

namespace nn::gemm {

/// Rung 1: one dot product per element of C, summed in double.
void reference(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
               int lda, const float* B, int ldb, float beta, float* C, int ldc);

/// Rung 2: the loops in cache-sized blocks, no packing, one thread.
void blocked(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A, int lda,
             const float* B, int ldb, float beta, float* C, int ldc);

/// Rung 3: packed blocks, a register-blocked micro-kernel, threads over C.
void packed(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A, int lda,
            const float* B, int ldb, float beta, float* C, int ldc);

/// C = alpha A B^T + beta C (A and B not transposed as stored) as blocks of
/// dot products along K. Any shape; nn::sgemm uses it where dots_fit says.
void dots(int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc);

/// Whether nn::sgemm does this product as dot products.
bool dots_fit(Transpose ta, Transpose tb, int M, int N, int K);

}  // namespace nn::gemm
