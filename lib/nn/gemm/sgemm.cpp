// The front door, nn::sgemm: the choice of rung for each product. Every
// choice depends on the shape only, never on the thread count, so the result
// does not either.
#include "nn/gemm.hpp"
#include "nn/gemm/common.hpp"
#include "nn/gemm/ladder.hpp"

namespace nn {

// Below this many multiply-adds, packing and starting threads cost more than
// they save: rung 2 does the product, on the calling thread.
constexpr long kSmallWork = 32L * 32 * 32;

void sgemm(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.0f) return gemm::detail::scale(M, N, beta, C, ldc);
  if (static_cast<long>(M) * N * K < kSmallWork)
    return gemm::blocked(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  if (gemm::dots_fit(ta, tb, M, N, K))
    return gemm::dots(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  return gemm::packed(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

}  // namespace nn
