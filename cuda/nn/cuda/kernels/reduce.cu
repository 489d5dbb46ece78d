#include "nn/cuda/kernels/block_sum.cuh"
#include "nn/cuda/kernels/launch.cuh"
#include "nn/cuda/kernels/reduce.hpp"

namespace nn::cuda {
namespace {

constexpr int kSumBlocks = 256;  // fixed, so the summation order is too

// Pass 1: each block sums a grid-strided share of x into partial[blockIdx.x].
// Pass 2 is the same kernel run on the partials with one block.
__global__ void sum_kernel(const float* x, std::size_t n, float* partial) {
  float v = 0.0f;
  NN_GRID_STRIDE_LOOP(i, n) v += x[i];
  v = block_sum(v);
  if (threadIdx.x == 0) partial[blockIdx.x] = v;
}

// One block per row.
__global__ void row_sums_kernel(const float* x, int rows, int cols, float* out, float beta) {
  const int r = blockIdx.x;
  if (r >= rows) return;  // the whole block leaves together: no __syncthreads skipped
  const float* row = x + std::size_t(r) * cols;
  float v = 0.0f;
  for (int c = threadIdx.x; c < cols; c += blockDim.x) v += row[c];
  v = block_sum(v);
  if (threadIdx.x == 0) out[r] = (beta == 0.0f ? 0.0f : beta * out[r]) + v;
}

// One thread per column: neighbouring threads read neighbouring addresses.
__global__ void column_sums_kernel(const float* x, int rows, int cols, float* out, float beta) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= cols) return;
  float v = 0.0f;
  for (int r = 0; r < rows; ++r) v += x[std::size_t(r) * cols + c];
  out[c] = (beta == 0.0f ? 0.0f : beta * out[c]) + v;
}

}  // namespace

float sum(const float* x, std::size_t n, DeviceBuffer<float>& scratch) {
  if (n == 0) return 0.0f;
  scratch.resize(kSumBlocks + 1);
  sum_kernel<<<kSumBlocks, kThreads>>>(x, n, scratch.data());
  NN_CUDA_CHECK_LAUNCH("sum_kernel");
  sum_kernel<<<1, kThreads>>>(scratch.data(), kSumBlocks, scratch.data() + kSumBlocks);
  NN_CUDA_CHECK_LAUNCH("sum_kernel (partials)");
  float result = 0.0f;
  NN_CUDA_CHECK(
      cudaMemcpy(&result, scratch.data() + kSumBlocks, sizeof(float), cudaMemcpyDeviceToHost));
  return result;
}

float sum(const float* x, std::size_t n) {
  DeviceBuffer<float> scratch;
  return sum(x, n, scratch);
}

void row_sums(const float* x, int rows, int cols, float* out, float beta) {
  if (rows <= 0) return;
  row_sums_kernel<<<rows, kThreads>>>(x, rows, cols, out, beta);
  NN_CUDA_CHECK_LAUNCH("row_sums_kernel");
}

void column_sums(const float* x, int rows, int cols, float* out, float beta) {
  if (cols <= 0) return;
  column_sums_kernel<<<(cols + kThreads - 1) / kThreads, kThreads>>>(x, rows, cols, out, beta);
  NN_CUDA_CHECK_LAUNCH("column_sums_kernel");
}

}  // namespace nn::cuda
