#pragma once
// A 16 x 16 transpose in vector registers, for packing a transposed B
// (pack.cpp). AVX-512 only: 16 floats are one register there.
#include "nn/gemm/vec.hpp"

namespace nn::gemm::detail {

#if defined(__AVX512F__)
// dst[k][i] = src[i][k] for a 16 x 16 block of floats (rows src_ld and
// dst_ld apart): 16 vector loads, 64 shuffles and 16 vector stores, where
// one value at a time takes 256 loads and 256 stores. Each of the four
// stages interleaves pairs of rows at a wider grain: single floats, pairs
// of floats, then 128-bit quarters, twice. (Indices >= 16 pick from the
// second vector; GCC and clang turn each shuffle into one instruction.)
inline void transpose_16x16(const float* src, long src_ld, float* dst, long dst_ld) {
  Vec r[16], t[16];
  for (int i = 0; i < 16; ++i) r[i] = load_vec(src + i * src_ld);
  for (int i = 0; i < 16; i += 2) {
    t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28,
                                   13, 29);
    t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 18, 3, 19, 6, 22, 7, 23, 10, 26, 11, 27,
                                       14, 30, 15, 31);
  }
  for (int i = 0; i < 16; i += 4)
    for (int j = 0; j < 2; ++j) {
      r[i + 2 * j] = __builtin_shufflevector(t[i + j], t[i + j + 2], 0, 1, 16, 17, 4, 5, 20, 21, 8,
                                             9, 24, 25, 12, 13, 28, 29);
      r[i + 2 * j + 1] = __builtin_shufflevector(t[i + j], t[i + j + 2], 2, 3, 18, 19, 6, 7, 22, 23,
                                                 10, 11, 26, 27, 14, 15, 30, 31);
    }
  for (int i = 0; i < 16; i += 8)
    for (int j = 0; j < 4; ++j) {
      t[i + j] = __builtin_shufflevector(r[i + j], r[i + j + 4], 0, 1, 2, 3, 8, 9, 10, 11, 16, 17,
                                         18, 19, 24, 25, 26, 27);
      t[i + j + 4] = __builtin_shufflevector(r[i + j], r[i + j + 4], 4, 5, 6, 7, 12, 13, 14, 15, 20,
                                             21, 22, 23, 28, 29, 30, 31);
    }
  for (int j = 0; j < 8; ++j) {
    r[j] = __builtin_shufflevector(t[j], t[j + 8], 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25,
                                   26, 27);
    r[j + 8] = __builtin_shufflevector(t[j], t[j + 8], 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23,
                                       28, 29, 30, 31);
  }
  for (int k = 0; k < 16; ++k) store_vec(dst + k * dst_ld, r[k]);
}
#endif

}  // namespace nn::gemm::detail
