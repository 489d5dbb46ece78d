#pragma once
// Shared by the SGEMM rungs: reading op(X)[row][col] from a row-major X that
// may be stored transposed, and writing C = alpha acc + beta C.
#include <cstddef>

#include "nn/cuda/sgemm.hpp"

namespace nn::cuda {

/// op(X)[row][col]: X[row][col], or X[col][row] when X is stored transposed.
template <bool Trans>
__device__ inline float op_element(const float* X, int ld, int row, int col) {
  return Trans ? X[std::size_t(col) * ld + row] : X[std::size_t(row) * ld + col];
}

/// With beta = 0, C is written without being read (it may be uninitialised).
__device__ inline void store_c(float* C, int ldc, int row, int col, float alpha, float acc,
                               float beta) {
  float& c = C[std::size_t(row) * ldc + col];
  c = beta == 0.0f ? alpha * acc : alpha * acc + beta * c;
}

/// Split-K (rungs 3 and 4), defined in 3_register_blocked.cu: a product
/// with few output tiles and a long K is cut into `splits` chunks of K whose
/// partial products (splits x M x N floats, in a workspace kept between
/// calls) are added into C = alpha sum + beta C in a fixed order.
int multiprocessor_count();
float* split_k_workspace(std::size_t floats);
void add_split_k_partials(const float* partial, int splits, int M, int N, float alpha, float beta,
                          float* C, int ldc);

/// Checks the sizes and strides (throws ShapeError naming the rung).
void check_gemm_arguments(const char* who, Transpose ta, Transpose tb, int M, int N, int K, int lda,
                          int ldb, int ldc);

}  // namespace nn::cuda

// Calls KERNEL<TA, TB><<<GRID, BLOCK>>>(ARGS...) for the runtime transposes.
#define NN_GEMM_DISPATCH(KERNEL, ta, tb, GRID, BLOCK, ...)                 \
  do {                                                                     \
    const bool ta_ = (ta) == Transpose::Yes, tb_ = (tb) == Transpose::Yes; \
    if (!ta_ && !tb_)                                                      \
      KERNEL<false, false><<<GRID, BLOCK>>>(__VA_ARGS__);                  \
    else if (!ta_ && tb_)                                                  \
      KERNEL<false, true><<<GRID, BLOCK>>>(__VA_ARGS__);                   \
    else if (ta_ && !tb_)                                                  \
      KERNEL<true, false><<<GRID, BLOCK>>>(__VA_ARGS__);                   \
    else                                                                   \
      KERNEL<true, true><<<GRID, BLOCK>>>(__VA_ARGS__);                    \
    NN_CUDA_CHECK_LAUNCH(#KERNEL);                                         \
  } while (0)
