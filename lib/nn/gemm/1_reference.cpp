// Rung 1: the textbook triple loop, the oracle every other rung is tested
// against. C[i][j] is the dot product of row i of op(A) and column j of
// op(B), summed in double so that its own rounding is far below the float
// rounding of the faster rungs. It reads B down a column (N floats apart)
// at every step of the inner loop: a new cache line each time.
#include "nn/gemm/ladder.hpp"

namespace nn {
namespace gemm {

//! [reference]
void reference(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
               int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double acc = 0.0;
      for (int p = 0; p < K; ++p) {
        const float a = ta == Transpose::No ? A[i * lda + p] : A[p * lda + i];
        const float b = tb == Transpose::No ? B[p * ldb + j] : B[j * ldb + p];
        acc += static_cast<double>(a) * b;
      }
      float& c = C[i * ldc + j];
      c = static_cast<float>(alpha * acc + (beta == 0.0f ? 0.0 : beta * c));
    }
}
//! [reference]

}  // namespace gemm

void sgemm_reference(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                     int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  gemm::reference(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

}  // namespace nn
