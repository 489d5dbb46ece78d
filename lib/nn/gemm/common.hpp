#pragma once
// Shared by the rungs: reading op(X)[row][col] from a row-major X that may be
// stored transposed, and C = beta C, the whole answer when there is nothing to
// multiply.
#include "nn/gemm.hpp"

namespace nn::gemm::detail {

// op(X)[row][col] of a row-major matrix stored with row stride ld.
struct View {
  const float* data;
  int ld;
  bool transposed;
  View(const float* x, int ld_x, Transpose t)
      : data(x), ld(ld_x), transposed(t == Transpose::Yes) {}
  float at(int row, int col) const {
    return transposed ? data[static_cast<long>(col) * ld + row]
                      : data[static_cast<long>(row) * ld + col];
  }
};

// C = beta * C. With beta == 0, C is overwritten without being read (NaN there
// does not survive), as BLAS specifies.
inline void scale(int M, int N, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      float& c = C[static_cast<long>(i) * ldc + j];
      c = beta == 0.0f ? 0.0f : beta * c;
    }
}

}  // namespace nn::gemm::detail
