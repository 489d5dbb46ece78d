#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/launch.cuh"
#include "nn/cuda/kernels/softmax.hpp"

namespace nn::cuda {
namespace {

constexpr int kRowsPerBlock = kThreads / 32;  // one warp per row

__device__ float warp_max(float v) {
  for (int offset = 16; offset > 0; offset /= 2)
    v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
  return v;
}

__device__ float warp_total(float v) {  // every lane gets the sum (xor butterfly)
  for (int offset = 16; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

__global__ void softmax_xent_forward_kernel(const float* z, const int* labels, int rows, int cols,
                                            float* p, float* row_loss) {
  const int r = blockIdx.x * kRowsPerBlock + threadIdx.x / 32;
  const int lane = threadIdx.x % 32;
  if (r >= rows) return;  // whole warps leave together, so the shuffles stay full
  const float* row = z + std::size_t(r) * cols;
  float m = -INFINITY;
  for (int c = lane; c < cols; c += 32) m = fmaxf(m, row[c]);
  m = warp_max(m);
  float s = 0.0f;
  for (int c = lane; c < cols; c += 32) s += expf(row[c] - m);
  s = warp_total(s);
  for (int c = lane; c < cols; c += 32) p[std::size_t(r) * cols + c] = expf(row[c] - m) / s;
  if (lane == 0) {
    const int y = labels[r];
    row_loss[r] = (y >= 0 && y < cols) ? logf(s) - (row[y] - m) : NAN;  // NaN: a bad label shows
  }
}

__global__ void softmax_xent_backward_kernel(const float* p, const int* labels, int rows, int cols,
                                             float* grad) {
  const std::size_t n = std::size_t(rows) * cols;
  NN_GRID_STRIDE_LOOP(i, n) {
    const int r = static_cast<int>(i / cols), c = static_cast<int>(i % cols);
    grad[i] = (p[i] - (labels[r] == c ? 1.0f : 0.0f)) / rows;
  }
}

}  // namespace

void softmax_cross_entropy_forward(const float* logits, const int* labels, int rows, int cols,
                                   float* probabilities, float* row_loss) {
  if (rows <= 0 || cols <= 0) return;
  const unsigned blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  softmax_xent_forward_kernel<<<blocks, kThreads>>>(logits, labels, rows, cols, probabilities,
                                                    row_loss);
  NN_CUDA_CHECK_LAUNCH("softmax_xent_forward_kernel");
}

void softmax_cross_entropy_backward(const float* probabilities, const int* labels, int rows,
                                    int cols, float* grad) {
  const std::size_t n = std::size_t(rows) * cols;
  if (n == 0) return;
  softmax_xent_backward_kernel<<<blocks_for(n), kThreads>>>(probabilities, labels, rows, cols,
                                                            grad);
  NN_CUDA_CHECK_LAUNCH("softmax_xent_backward_kernel");
}

}  // namespace nn::cuda
