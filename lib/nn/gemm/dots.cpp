// A B^T as blocks of dot products: the path beside the ladder for products
// with few rows or columns and a long K.
//
// When A is not transposed and B is, both store K contiguously, and C[i][j]
// is the dot product of row i of A with row j of B. The weight gradient of a
// convolution is such a product: dW = dY cols^T with 8-64 rows, 9-300
// columns and K of thousands (pixels times images). Packing B^T (rung 3)
// would cost more there than the few multiply-adds each packed value takes
// part in, so these products read both operands in place along K instead.
#include <omp.h>

#include <algorithm>
#include <array>
#include <utility>

#include "nn/gemm/common.hpp"
#include "nn/gemm/ladder.hpp"
#include "nn/gemm/threads.hpp"
#include "nn/gemm/vec.hpp"

namespace nn::gemm {
namespace {

using detail::kLanes;
using detail::Vec;

constexpr int kDotRows = 4, kDotCols = 4;  // a block of 16 dot products at once

// C[i][j] (i < Rows, j < Cols of the block) = alpha a_i . b_j + beta C[i][j].
// Each of the 16 lanes sums every 16th product, the lanes are added in a
// fixed order, then the products past the last whole vector: the same
// operations whatever the block's place or the thread that runs it.
template <int Rows, int Cols>
void dot_block(const float* a, int lda, const float* b, int ldb, int K, float alpha, float beta,
               float* c, int ldc) {
  Vec acc[Rows][Cols] = {};
  const int whole = K / kLanes * kLanes;
  for (int k = 0; k < whole; k += kLanes) {
    Vec av[Rows], bv[Cols];
    for (int r = 0; r < Rows; ++r) av[r] = detail::load_vec(a + static_cast<long>(r) * lda + k);
    for (int j = 0; j < Cols; ++j) bv[j] = detail::load_vec(b + static_cast<long>(j) * ldb + k);
    for (int r = 0; r < Rows; ++r)
      for (int j = 0; j < Cols; ++j) acc[r][j] += av[r] * bv[j];
  }
  for (int r = 0; r < Rows; ++r)
    for (int j = 0; j < Cols; ++j) {
      float sum = 0.0f;
      for (int l = 0; l < kLanes; ++l) sum += acc[r][j][l];
      for (int k = whole; k < K; ++k)
        sum += a[static_cast<long>(r) * lda + k] * b[static_cast<long>(j) * ldb + k];
      float& out = c[static_cast<long>(r) * ldc + j];
      out = alpha * sum + (beta == 0.0f ? 0.0f : beta * out);
    }
}

// dot_blocks[(rows - 1) * kDotCols + cols - 1]: the instantiation for a block
// of rows x cols, so both are compile-time constants inside it.
using DotBlock = void (*)(const float*, int, const float*, int, int, float, float, float*, int);
template <int... I>
constexpr std::array<DotBlock, sizeof...(I)> make_dot_blocks(std::integer_sequence<int, I...>) {
  return {&dot_block<I / kDotCols + 1, I % kDotCols + 1>...};
}
constexpr auto dot_blocks = make_dot_blocks(std::make_integer_sequence<int, kDotRows * kDotCols>{});

// Columns [j0, j1) of C, all rows, on the calling thread.
void dot_columns(int M, int j0, int j1, int K, float alpha, const float* A, int lda, const float* B,
                 int ldb, float beta, float* C, int ldc) {
  for (int i = 0; i < M; i += kDotRows) {
    const int rows = std::min(kDotRows, M - i);
    for (int j = j0; j < j1; j += kDotCols) {
      const int cols = std::min(kDotCols, j1 - j);
      dot_blocks[(rows - 1) * kDotCols + cols - 1](A + static_cast<long>(i) * lda, lda,
                                                   B + static_cast<long>(j) * ldb, ldb, K, alpha,
                                                   beta, C + static_cast<long>(i) * ldc + j, ldc);
    }
  }
}

}  // namespace

// Where dot blocks beat packing: when C has at most 32 rows or columns (and
// is not large either way) and K is long enough; bench/RESULTS.md ("GEMM:
// the dot-product path") has the measurements behind these bounds.
bool dots_fit(Transpose ta, Transpose tb, int M, int N, int K) {
  return ta == Transpose::No && tb == Transpose::Yes && (M <= 32 || N <= 32) && M <= 64 &&
         N <= 512 && K >= 8 * M;
}

// Threads take disjoint column ranges (whole blocks of kDotCols).
void dots(int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
          float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.0f) return detail::scale(M, N, beta, C, ldc);
  const int team = detail::team_size(static_cast<long>(M) * N * K, (N + kDotCols - 1) / kDotCols);
#pragma omp parallel num_threads(team) if (team > 1)
  {
    const int t = omp_get_thread_num(), parts = omp_get_num_threads();
    dot_columns(M, detail::split_point(N, kDotCols, t, parts),
                detail::split_point(N, kDotCols, t + 1, parts), K, alpha, A, lda, B, ldb, beta, C,
                ldc);
  }
}

}  // namespace nn::gemm
