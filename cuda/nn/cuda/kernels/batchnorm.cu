#include <string>

#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/batchnorm.hpp"
#include "nn/cuda/kernels/block_sum.cuh"
#include "nn/cuda/kernels/launch.cuh"
#include "nn/cuda/memory.hpp"

namespace nn::cuda {
namespace {

// Element k (0 <= k < N*HW) of channel c.
__device__ inline std::size_t at(BatchNormShape s, int c, std::size_t k) {
  const std::size_t n = k / s.positions, q = k % s.positions;
  return (n * s.channels + c) * s.positions + q;
}

// One block per channel: the mean, then the variance around it (two passes:
// more accurate than E[x^2] - E[x]^2, which cancels when the mean is large).
// Summed in double, as the CPU's BatchNorm2D does: in a deep net (ResNet-20)
// the error of float sums, amplified through 19 layers of backward, moved
// one step's weights by up to 5e-4 from the CPU's.
__global__ void batch_stats_kernel(const float* x, BatchNormShape s, float eps, float momentum,
                                   float* running_mean, float* running_var, float* mean,
                                   float* inv_std) {
  const int c = blockIdx.x;
  if (c >= s.channels) return;  // whole block
  const std::size_t m = std::size_t(s.batch) * s.positions;
  __shared__ double shared_mean;
  double v = 0.0;
  for (std::size_t k = threadIdx.x; k < m; k += blockDim.x) v += x[at(s, c, k)];
  v = block_sum(v);
  if (threadIdx.x == 0) shared_mean = v / m;
  __syncthreads();
  const double mu = shared_mean;
  double sq = 0.0;
  for (std::size_t k = threadIdx.x; k < m; k += blockDim.x) {
    const double d = x[at(s, c, k)] - mu;
    sq += d * d;
  }
  sq = block_sum(sq);
  if (threadIdx.x == 0) {
    const double var = sq / m;
    mean[c] = static_cast<float>(mu);
    inv_std[c] = static_cast<float>(1.0 / sqrt(var + eps));
    const double unbiased = m > 1 ? sq / (m - 1) : var;  // PyTorch keeps it for inference
    running_mean[c] = (1 - momentum) * running_mean[c] + momentum * mu;
    running_var[c] = (1 - momentum) * running_var[c] + momentum * unbiased;
  }
}

__global__ void normalise_kernel(const float* x, BatchNormShape s, const float* gamma,
                                 const float* beta, const float* mean, const float* inv_std,
                                 float* y) {
  const std::size_t n = std::size_t(s.batch) * s.channels * s.positions;
  NN_GRID_STRIDE_LOOP(i, n) {
    const int c = static_cast<int>(i / s.positions % s.channels);
    y[i] = gamma[c] * ((x[i] - mean[c]) * inv_std[c]) + beta[c];  // gamma xhat + beta
  }
}

__global__ void running_inv_std_kernel(const float* running_var, int channels, float eps,
                                       float* inv_std) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c < channels) inv_std[c] = rsqrtf(running_var[c] + eps);
}

// One block per channel: sum dy and sum dy xhat (in double, as on the CPU),
// accumulated into dbeta and dgamma; their means over the m values of the
// channel go to mean_dy and mean_dy_xhat for grad_input_kernel.
__global__ void grad_sums_kernel(const float* x, const float* dy, BatchNormShape s,
                                 const float* mean, const float* inv_std, float* dgamma,
                                 float* dbeta, float* mean_dy, float* mean_dy_xhat) {
  const int c = blockIdx.x;
  if (c >= s.channels) return;
  const std::size_t m = std::size_t(s.batch) * s.positions;
  double a = 0.0, b = 0.0;
  for (std::size_t k = threadIdx.x; k < m; k += blockDim.x) {
    const std::size_t i = at(s, c, k);
    const float xhat = (x[i] - mean[c]) * inv_std[c];
    a += dy[i];
    b += static_cast<double>(dy[i]) * xhat;
  }
  a = block_sum(a);
  b = block_sum(b);
  if (threadIdx.x == 0) {
    mean_dy[c] = static_cast<float>(a / m);
    mean_dy_xhat[c] = static_cast<float>(b / m);
    dbeta[c] += static_cast<float>(a);
    dgamma[c] += static_cast<float>(b);
  }
}

// dx = gamma / sigma (dy - mean(dy) - xhat mean(dy xhat)): book/08, batch norm.
__global__ void grad_input_kernel(const float* x, const float* dy, BatchNormShape s,
                                  const float* gamma, const float* mean, const float* inv_std,
                                  const float* mean_dy, const float* mean_dy_xhat, float* dx) {
  const std::size_t n = std::size_t(s.batch) * s.channels * s.positions;
  NN_GRID_STRIDE_LOOP(i, n) {
    const int c = static_cast<int>(i / s.positions % s.channels);
    const float xhat = (x[i] - mean[c]) * inv_std[c];
    dx[i] = gamma[c] * inv_std[c] * (dy[i] - mean_dy[c] - xhat * mean_dy_xhat[c]);
  }
}

std::size_t elements(const BatchNormShape& s) {
  if (s.batch <= 0 || s.channels <= 0 || s.positions <= 0)
    throw Error("cuda batchnorm: empty shape [" + std::to_string(s.batch) + ", " +
                std::to_string(s.channels) + ", " + std::to_string(s.positions) + "]");
  return std::size_t(s.batch) * s.channels * s.positions;
}

}  // namespace

void batchnorm_forward_training(const float* x, const BatchNormShape& s, const float* gamma,
                                const float* beta, float eps, float momentum, float* running_mean,
                                float* running_var, float* mean, float* inv_std, float* y) {
  const std::size_t n = elements(s);
  batch_stats_kernel<<<s.channels, kThreads>>>(x, s, eps, momentum, running_mean, running_var, mean,
                                               inv_std);
  NN_CUDA_CHECK_LAUNCH("batch_stats_kernel");
  normalise_kernel<<<blocks_for(n), kThreads>>>(x, s, gamma, beta, mean, inv_std, y);
  NN_CUDA_CHECK_LAUNCH("normalise_kernel");
}

void batchnorm_forward_inference(const float* x, const BatchNormShape& s, const float* gamma,
                                 const float* beta, const float* running_mean,
                                 const float* running_var, float eps, float* y,
                                 DeviceBuffer<float>& scratch) {
  const std::size_t n = elements(s);
  scratch.resize(static_cast<std::size_t>(s.channels));
  float* inv_std = scratch.data();
  running_inv_std_kernel<<<(s.channels + kThreads - 1) / kThreads, kThreads>>>(
      running_var, s.channels, eps, inv_std);
  NN_CUDA_CHECK_LAUNCH("running_inv_std_kernel");
  normalise_kernel<<<blocks_for(n), kThreads>>>(x, s, gamma, beta, running_mean, inv_std, y);
  NN_CUDA_CHECK_LAUNCH("normalise_kernel");
}

void batchnorm_backward(const float* x, const float* dy, const BatchNormShape& s,
                        const float* gamma, const float* mean, const float* inv_std, float* dgamma,
                        float* dbeta, float* dx, DeviceBuffer<float>& scratch) {
  const std::size_t n = elements(s);
  scratch.resize(2 * static_cast<std::size_t>(s.channels));
  float* mean_dy = scratch.data();
  float* mean_dy_xhat = scratch.data() + s.channels;
  grad_sums_kernel<<<s.channels, kThreads>>>(x, dy, s, mean, inv_std, dgamma, dbeta, mean_dy,
                                             mean_dy_xhat);
  NN_CUDA_CHECK_LAUNCH("grad_sums_kernel");
  grad_input_kernel<<<blocks_for(n), kThreads>>>(x, dy, s, gamma, mean, inv_std, mean_dy,
                                                 mean_dy_xhat, dx);
  NN_CUDA_CHECK_LAUNCH("grad_input_kernel");
}

}  // namespace nn::cuda
