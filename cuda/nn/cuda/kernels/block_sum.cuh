#pragma once
// The sum of one value per thread over a whole block (book chapter 09,
// "A block reduction"), in two steps:
//   1. within each warp of 32 threads, __shfl_down_sync halves the number of
//      live values five times (16, 8, 4, 2, 1 lanes apart): no shared memory,
//      no __syncthreads, the warp runs in lock step;
//   2. lane 0 of each warp writes its warp's sum to shared memory, and the
//      first warp adds those up the same way.
// Every thread of the block must call it (it contains __syncthreads); the
// result is valid in thread 0. blockDim.x must be a multiple of 32, <= 1024.
// T is float, or double where a sum must match the CPU's double sums
// (batch norm's statistics, kernels/batchnorm.cu).

namespace nn::cuda {

//! [warp-sum]
template <class T>
__device__ inline T warp_sum(T v) {
  for (int offset = 16; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
  return v;
}
//! [warp-sum]

//! [block-sum]
template <class T>
__device__ inline T block_sum(T v) {
  __shared__ T warp_sums[32];
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  v = warp_sum(v);
  if (lane == 0) warp_sums[warp] = v;
  __syncthreads();
  const int warps = blockDim.x / 32;
  v = threadIdx.x < warps ? warp_sums[threadIdx.x] : T(0);
  if (warp == 0) v = warp_sum(v);
  __syncthreads();  // warp_sums may be reused by the caller's next block_sum
  return v;
}
//! [block-sum]

}  // namespace nn::cuda
