// Rung 2: the loops of rung 1, reordered and cut into cache-sized blocks.
//
// Two changes, no new arithmetic idea:
// - Loop order i-p-j: C[i][:] += op(A)[i][p] * op(B)[p][:]. The inner loop
//   runs along a row of B and a row of C, consecutive floats, so every cache
//   line brought in is used whole and the compiler vectorises it. The sums
//   are now in float, each element's products added in the order p = 0, 1, ...
// - Blocking: without it, every row of C reads all of B, from L3 or memory
//   once B outgrows L2. Cut into kKC x kNC blocks, a block of B stays in L2
//   while every row of A uses it, and the kNC-wide piece of a row of C stays
//   in L1 while the kKC products of that block are added to it.
//
// Still missing (rung 3): the inner loop loads and stores a vector of C for
// every vector of multiply-adds, where a register-blocked kernel keeps C in
// registers; and a transposed B is read with a stride.
#include <algorithm>

#include "nn/gemm/common.hpp"
#include "nn/gemm/ladder.hpp"

namespace nn::gemm {
namespace {

using detail::View;

// A kKC x kNC block of B: 64 x 1024 floats = 256 KiB, within a typical L2
// (512 KiB - 2 MiB); the kNC-wide piece of a row of C: 4 KiB, within any L1.
constexpr int kKC = 64;
constexpr int kNC = 1024;

//! [blocked-block]
// C[i][j0:j1] += alpha op(A)[i][p0:p1] op(B)[p0:p1][j0:j1] for every row i.
void multiply_block(View a, View b, int M, int p0, int p1, int j0, int j1, float alpha, float* C,
                    int ldc) {
  for (int i = 0; i < M; ++i) {
    float* c = C + static_cast<long>(i) * ldc;
    for (int p = p0; p < p1; ++p) {
      const float a_ip = alpha * a.at(i, p);
      for (int j = j0; j < j1; ++j) c[j] += a_ip * b.at(p, j);
    }
  }
}
//! [blocked-block]

}  // namespace

//! [blocked]
void blocked(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A, int lda,
             const float* B, int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  detail::scale(M, N, beta, C, ldc);
  if (K <= 0 || alpha == 0.0f) return;
  const View a(A, lda, ta), b(B, ldb, tb);
  for (int jc = 0; jc < N; jc += kNC)    // a block of columns of B and C
    for (int pc = 0; pc < K; pc += kKC)  // a slice of the sum: kKC rows of B
      multiply_block(a, b, M, pc, std::min(pc + kKC, K), jc, std::min(jc + kNC, N), alpha, C, ldc);
}
//! [blocked]

}  // namespace nn::gemm
