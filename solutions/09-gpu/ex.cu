// Chapter 09 exercises: model answers.
#include <algorithm>

#include "09-gpu/ex.hpp"
#include "nn/cuda/check.hpp"
#include "nn/cuda/memory.hpp"

namespace ex09 {
namespace {

__global__ void naive_kernel(int M, int N, int K, const float* A, const float* B, float* C) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x;
  const int row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row >= M || col >= N) return;
  float acc = 0.0f;
  for (int k = 0; k < K; ++k) acc += A[std::size_t(row) * K + k] * B[std::size_t(k) * N + col];
  C[std::size_t(row) * N + col] = acc;
}

constexpr int kTile = 32;

__global__ void tiled_kernel(int M, int N, int K, const float* A, const float* B, float* C) {
  __shared__ float a[kTile][kTile];
  __shared__ float b[kTile][kTile];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row = blockIdx.y * kTile + ty, col = blockIdx.x * kTile + tx;
  float acc = 0.0f;
  for (int k0 = 0; k0 < K; k0 += kTile) {
    a[ty][tx] = row < M && k0 + tx < K ? A[std::size_t(row) * K + k0 + tx] : 0.0f;
    b[ty][tx] = k0 + ty < K && col < N ? B[std::size_t(k0 + ty) * N + col] : 0.0f;
    __syncthreads();
    for (int k = 0; k < kTile; ++k) acc += a[ty][k] * b[k][tx];
    __syncthreads();
  }
  if (row < M && col < N) C[std::size_t(row) * N + col] = acc;
}

__global__ void relu_backward_kernel(const float* x, const float* dy, float* dx, std::size_t n) {
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < n;
       i += std::size_t{gridDim.x} * blockDim.x)
    dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

constexpr int kThreads = 256, kBlocks = 128;

__global__ void sum_kernel(const float* x, std::size_t n, float* partial) {
  __shared__ float warp_sums[kThreads / 32];
  float v = 0.0f;
  for (std::size_t i = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; i < n;
       i += std::size_t{gridDim.x} * blockDim.x)
    v += x[i];
  for (int offset = 16; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
  if (threadIdx.x % 32 == 0) warp_sums[threadIdx.x / 32] = v;
  __syncthreads();
  if (threadIdx.x < 32) {
    v = threadIdx.x < kThreads / 32 ? warp_sums[threadIdx.x] : 0.0f;
    for (int offset = 16; offset > 0; offset /= 2) v += __shfl_down_sync(0xffffffffu, v, offset);
    if (threadIdx.x == 0) partial[blockIdx.x] = v;
  }
}

}  // namespace

void sgemm_naive(int M, int N, int K, const float* A, const float* B, float* C) {
  if (M <= 0 || N <= 0) return;
  const dim3 block(32, 8), grid((N + 31) / 32, (M + 7) / 8);
  naive_kernel<<<grid, block>>>(M, N, K, A, B, C);
  NN_CUDA_CHECK_LAUNCH("naive_kernel");
}

void sgemm_tiled(int M, int N, int K, const float* A, const float* B, float* C) {
  if (M <= 0 || N <= 0) return;
  const dim3 block(kTile, kTile), grid((N + kTile - 1) / kTile, (M + kTile - 1) / kTile);
  tiled_kernel<<<grid, block>>>(M, N, K, A, B, C);
  NN_CUDA_CHECK_LAUNCH("tiled_kernel");
}

void relu_backward(const float* x, const float* dy, float* dx, std::size_t n) {
  if (n == 0) return;
  const unsigned blocks = static_cast<unsigned>(std::min<std::size_t>((n + 255) / 256, 4096));
  relu_backward_kernel<<<blocks, 256>>>(x, dy, dx, n);
  NN_CUDA_CHECK_LAUNCH("relu_backward_kernel");
}

float sum(const float* x, std::size_t n) {
  if (n == 0) return 0.0f;
  nn::cuda::DeviceBuffer<float> partial(kBlocks + 1);
  sum_kernel<<<kBlocks, kThreads>>>(x, n, partial.data());
  NN_CUDA_CHECK_LAUNCH("sum_kernel");
  sum_kernel<<<1, kThreads>>>(partial.data(), kBlocks, partial.data() + kBlocks);
  NN_CUDA_CHECK_LAUNCH("sum_kernel (partials)");
  float result = 0.0f;
  NN_CUDA_CHECK(
      cudaMemcpy(&result, partial.data() + kBlocks, sizeof(float), cudaMemcpyDeviceToHost));
  return result;
}

}  // namespace ex09
