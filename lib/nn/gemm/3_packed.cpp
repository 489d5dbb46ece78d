// Rung 3: Goto's algorithm, as in GotoBLAS, OpenBLAS and BLIS; the rung
// nn::sgemm uses for all but the smallest and the skinniest products.
//
//   for each NC-wide column block of C                         (jc loop)
//     for each KC-deep slice of the sum                        (pc loop)
//       pack op(B)[slice, block] into B~ (KC x NC, stays in L3)
//       for each MC-tall row block of C                        (ic loop)
//         pack op(A)[block, slice] into A~ (MC x KC, stays in L2)
//         for each NR-wide sliver of B~                        (jr loop)
//           for each MR-tall sliver of A~                      (ir loop)
//             micro-kernel: MR x NR tile of C += A~ sliver * B~ sliver
//
// What changes from rung 2: the tile of C is summed in registers by the
// micro-kernel (micro_kernel.hpp) and written once per K slice, not once per
// multiply-add; packing (pack.cpp) lays each block out once in the order the
// micro-kernel reads it, so transposes and strides cost nothing in the inner
// loop; and threads take disjoint blocks of C.
#include <omp.h>

#include <algorithm>

#include "nn/gemm/common.hpp"
#include "nn/gemm/ladder.hpp"
#include "nn/gemm/micro_kernel.hpp"
#include "nn/gemm/pack.hpp"
#include "nn/gemm/scratch.hpp"
#include "nn/gemm/threads.hpp"

namespace nn::gemm {
namespace {

using detail::MR;
using detail::NR;
using detail::View;

// Block sizes (the values BLIS uses for AVX-512 sgemm), for a core with 32-48 KiB
// of L1, 1-2 MiB of L2 and a shared L3:
// - a KC x NR sliver of B~ is reused by every A~ sliver in the ir loop, so it
//   should stay near the core: 384 x 32 floats = 48 KiB (24 KiB with AVX2);
// - the MC x KC block A~ is swept once per NR columns, from L2: 480 x 384
//   floats = 720 KiB (360 KiB with AVX2);
// - the KC x NC block B~ is swept once per MC rows, from L3: 384 x 3072 = 4.5 MiB.
// A deep KC also means C is read and written fewer times (once per K slice).
constexpr int kKC = 384;
constexpr int kMC = 40 * MR;
constexpr int kNC = 3072;  // a multiple of NR for every vector width

// Packing B pays for itself by the reuse of each packed sliver by every row
// sliver of A. When C has at most this many rows (a convolution with 8 or 16
// filters, say) there is little reuse, and the kernel reads whole-width
// slivers of an untransposed B where they lie: row k of the sliver is NR
// consecutive floats of row k of B. The arithmetic is unchanged.
constexpr int kDirectBRows = 2 * MR;

// Split K into equal slices of at most kKC: K = 288 gives 144 + 144, not
// 256 + 32. The slices depend on K only, never on the thread count.
int slice_depth(int K) {
  const int slices = (K + kKC - 1) / kKC;
  return (K + slices - 1) / slices;
}

// Multiply the packed block A~ (mc x kc) by one sliver of B (kc x NR, row k
// at b_sliver + k * b_stride) into the mc x cols strip of C at c, one MR x NR
// tile at a time (the ir loop).
void multiply_sliver(int mc, int cols, int kc, const float* packed_a, const float* b_sliver,
                     long b_stride, float alpha, float beta, float* c, int ldc) {
  detail::Tile tile{};  // zeroed: short tiles fill only their first rows
  for (int ir = 0; ir < mc; ir += MR) {
    const int rows = std::min(MR, mc - ir);
    detail::micro_kernels[rows - 1](kc, packed_a + static_cast<long>(ir) * kc, b_sliver, b_stride,
                                    tile);
    float* c_tile = c + static_cast<long>(ir) * ldc;
    if (rows == MR && cols == NR)
      detail::update_tile(tile, alpha, beta, c_tile, ldc);
    else
      detail::update_edge_tile(tile, alpha, beta, c_tile, ldc, rows, cols);
  }
}

//! [packed-block]
// The loops at the top of the file on rows [m0, m1) x columns [n0, n1) of C,
// on the calling thread.
void packed_block(View a, View b, int m0, int m1, int n0, int n1, int K, float alpha, float beta,
                  float* C, int ldc) {
  const int kc_max = slice_depth(K);
  const int nc_max = std::min(kNC, (n1 - n0 + NR - 1) / NR * NR);
  const int mc_max = std::min(kMC, (m1 - m0 + MR - 1) / MR * MR);
  const bool b_in_place = !b.transposed && m1 - m0 <= kDirectBRows;
  float* packed_b = detail::packed_b_scratch(static_cast<long>(kc_max) * nc_max);
  float* packed_a = detail::packed_a_scratch(static_cast<long>(mc_max) * kc_max);
  for (int jc = n0; jc < n1; jc += kNC) {
    const int nc = std::min(kNC, n1 - jc);
    for (int pc = 0; pc < K; pc += kc_max) {
      const int kc = std::min(kc_max, K - pc);
      const float beta_slice = pc == 0 ? beta : 1.0f;  // later slices add onto the first
      for (int ic = m0; ic < m1; ic += kMC) {
        const int mc = std::min(kMC, m1 - ic);
        detail::pack_a(a, ic, mc, pc, kc, packed_a);
        for (int jr = 0; jr < nc; jr += NR) {
          const int cols = std::min(NR, nc - jr);
          float* c = C + static_cast<long>(ic) * ldc + jc + jr;
          if (b_in_place && cols == NR) {
            multiply_sliver(mc, cols, kc, packed_a, b.data + static_cast<long>(pc) * b.ld + jc + jr,
                            b.ld, alpha, beta_slice, c, ldc);
            continue;
          }
          float* b_sliver = packed_b + static_cast<long>(jr) * kc;
          // B~ is packed one sliver at a time during the first row block, so
          // the reads of B from memory overlap with arithmetic on the sliver
          // packed just before; later row blocks find all of B~ ready.
          if (ic == m0) detail::pack_b_sliver(b, pc, kc, jc + jr, cols, b_sliver);
          multiply_sliver(mc, cols, kc, packed_a, b_sliver, NR, alpha, beta_slice, c, ldc);
        }
      }
    }
  }
}
//! [packed-block]

}  // namespace

// Threads split C into disjoint blocks, along whichever of M and N has more
// tiles. K is never split (see threads.hpp).
void packed(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A, int lda,
            const float* B, int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.0f) return detail::scale(M, N, beta, C, ldc);
  const View a(A, lda, ta), b(B, ldb, tb);
  const bool split_n = (N + NR - 1) / NR >= (M + MR - 1) / MR;
  const int tiles = split_n ? (N + NR - 1) / NR : (M + MR - 1) / MR;
  const int team = detail::team_size(static_cast<long>(M) * N * K, tiles);
#pragma omp parallel num_threads(team) if (team > 1)
  {
    const int t = omp_get_thread_num(), parts = omp_get_num_threads();
    using detail::split_point;
    if (split_n)
      packed_block(a, b, 0, M, split_point(N, NR, t, parts), split_point(N, NR, t + 1, parts), K,
                   alpha, beta, C, ldc);
    else
      packed_block(a, b, split_point(M, MR, t, parts), split_point(M, MR, t + 1, parts), 0, N, K,
                   alpha, beta, C, ldc);
  }
}

}  // namespace nn::gemm
