#pragma once
// Reductions (book chapter 09, "A block reduction"): many numbers to one, the
// pattern behind every sum, mean, norm and bias gradient. Device pointers.
//
// The results are deterministic: the grid and the order in which partial sums
// are combined are fixed, so the same input gives the same bits every run
// (atomicAdd on floats would not: its order depends on timing).
#include <cstddef>

#include "nn/cuda/memory.hpp"

namespace nn::cuda {

/// The sum of x[0..n), returned to the host. `scratch` holds the per-block
/// partial sums (resized as needed; pass the same one to avoid allocations).
float sum(const float* x, std::size_t n, DeviceBuffer<float>& scratch);
float sum(const float* x, std::size_t n);

/// out[r] = beta * out[r] + sum over c of x[r][c], for x [rows, cols]
/// (a convolution's bias gradient from dY [OC, N*OH*OW]). beta is 0 or 1.
void row_sums(const float* x, int rows, int cols, float* out, float beta);
/// out[c] = beta * out[c] + sum over r of x[r][c], for x [rows, cols]
/// (a dense layer's bias gradient from dY [N, out]). beta is 0 or 1.
void column_sums(const float* x, int rows, int cols, float* out, float beta);

}  // namespace nn::cuda
