// Packing for rung 3; see pack.hpp.
#include "nn/gemm/pack.hpp"

#include <algorithm>

#include "nn/gemm/micro_kernel.hpp"
#include "nn/gemm/transpose_16x16.hpp"

namespace nn::gemm::detail {

void pack_a(View a, int i0, int mc, int p0, int kc, float* __restrict dst) {
  for (int ir = 0; ir < mc; ir += MR) {
    const int rows = std::min(MR, mc - ir);
    for (int k = 0; k < kc; ++k) {
      for (int r = 0; r < rows; ++r) dst[r] = a.at(i0 + ir + r, p0 + k);
      for (int r = rows; r < MR; ++r) dst[r] = 0.0f;
      dst += MR;
    }
  }
}

// Each loop reads B along the way it lies in memory: rows of B, or rows of
// the stored B^T when transposed.
void pack_b_sliver(View b, int p0, int kc, int j0, int cols, float* __restrict dst) {
  if (!b.transposed) {
    for (int k = 0; k < kc; ++k) {
      const float* row = b.data + static_cast<long>(p0 + k) * b.ld + j0;
      for (int c = 0; c < cols; ++c) dst[k * NR + c] = row[c];
      for (int c = cols; c < NR; ++c) dst[k * NR + c] = 0.0f;
    }
    return;
  }
  // Column c of op(B) is row j0 + c of the stored B^T. One value at a time
  // this is a scalar load and a scalar store per value; with AVX-512, whole
  // 16 x 16 blocks go through registers instead (transpose_16x16).
  int c = 0;
#if defined(__AVX512F__)
  for (; c + 16 <= cols; c += 16) {
    const float* columns = b.data + static_cast<long>(j0 + c) * b.ld + p0;
    int k = 0;
    for (; k + 16 <= kc; k += 16) transpose_16x16(columns + k, b.ld, dst + k * NR + c, NR);
    for (; k < kc; ++k)
      for (int i = 0; i < 16; ++i) dst[k * NR + c + i] = columns[static_cast<long>(i) * b.ld + k];
  }
#endif
  for (; c < cols; ++c) {
    const float* column = b.data + static_cast<long>(j0 + c) * b.ld + p0;
    for (int k = 0; k < kc; ++k) dst[k * NR + c] = column[k];
  }
  for (c = cols; c < NR; ++c)
    for (int k = 0; k < kc; ++k) dst[k * NR + c] = 0.0f;
}

}  // namespace nn::gemm::detail
