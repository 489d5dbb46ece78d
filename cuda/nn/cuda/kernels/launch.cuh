#pragma once
// Shared by the kernels: how many blocks to launch for n elements.
//
// The elementwise kernels use a grid-stride loop,
//   for (i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
// so any grid covers any n, and i < n is the one bounds check that matters.
// The grid is capped: past a few thousand blocks the GPU is full anyway.
#include <algorithm>
#include <cstddef>

namespace nn::cuda {

constexpr int kThreads = 256;  // threads per block: 8 warps

inline unsigned blocks_for(std::size_t n, int threads = kThreads) {
  const std::size_t blocks = (n + threads - 1) / threads;
  return static_cast<unsigned>(std::clamp<std::size_t>(blocks, 1, 8192));
}

}  // namespace nn::cuda

#define NN_GRID_STRIDE_LOOP(i, n)                                                   \
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < (n); \
       i += std::size_t{gridDim.x} * blockDim.x)
