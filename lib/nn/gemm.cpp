// TEMPORARY placeholder: replaced by the cache-blocked kernel.
#include "nn/gemm.hpp"

#include <omp.h>

namespace nn {

static int g_threads = 0;
void set_threads(int n) {
  g_threads = n > 0 ? n : omp_get_num_procs();
  omp_set_num_threads(g_threads);
}
int threads() { return g_threads > 0 ? g_threads : omp_get_max_threads(); }

void sgemm_reference(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
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

void sgemm(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < M; ++i) {
    float* c = C + i * ldc;
    for (int j = 0; j < N; ++j) c[j] = beta == 0.0f ? 0.0f : beta * c[j];
    for (int p = 0; p < K; ++p) {
      const float a = alpha * (ta == Transpose::No ? A[i * lda + p] : A[p * lda + i]);
      if (tb == Transpose::No) {
        const float* b = B + p * ldb;
        for (int j = 0; j < N; ++j) c[j] += a * b[j];
      } else {
        for (int j = 0; j < N; ++j) c[j] += a * B[j * ldb + p];
      }
    }
  }
}

}  // namespace nn
