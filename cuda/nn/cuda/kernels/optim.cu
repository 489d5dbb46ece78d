#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/launch.cuh"
#include "nn/cuda/kernels/optim.hpp"

namespace nn::cuda {
namespace {

__global__ void sgd_kernel(float* w, const float* g, std::size_t n, float lr, float lambda) {
  NN_GRID_STRIDE_LOOP(i, n) w[i] -= lr * (g[i] + lambda * w[i]);
}

__global__ void momentum_kernel(float* w, const float* g, float* v, std::size_t n, float lr,
                                float mu, float lambda) {
  NN_GRID_STRIDE_LOOP(i, n) {
    const float grad = g[i] + lambda * w[i];
    v[i] = mu * v[i] - lr * grad;
    w[i] += v[i];
  }
}

//! [adam-kernel]
__global__ void adam_kernel(float* w, const float* g, float* m, float* v, std::size_t n,
                            AdamConstants c) {
  NN_GRID_STRIDE_LOOP(i, n) {
    w[i] *= c.shrink;
    const float grad = g[i] + c.l2 * w[i];
    m[i] = c.beta1 * m[i] + (1 - c.beta1) * grad;
    v[i] = c.beta2 * v[i] + (1 - c.beta2) * grad * grad;
    w[i] -= c.lr / c.correction1 * m[i] / (sqrtf(v[i]) / c.root_correction2 + c.eps);
  }
}
//! [adam-kernel]

}  // namespace

void sgd_step(float* w, const float* g, std::size_t n, float lr, float lambda) {
  if (n == 0) return;
  sgd_kernel<<<blocks_for(n), kThreads>>>(w, g, n, lr, lambda);
  NN_CUDA_CHECK_LAUNCH("sgd_kernel");
}

void momentum_step(float* w, const float* g, float* v, std::size_t n, float lr, float mu,
                   float lambda) {
  if (n == 0) return;
  momentum_kernel<<<blocks_for(n), kThreads>>>(w, g, v, n, lr, mu, lambda);
  NN_CUDA_CHECK_LAUNCH("momentum_kernel");
}

void adam_step(float* w, const float* g, float* m, float* v, std::size_t n,
               const AdamConstants& c) {
  if (n == 0) return;
  adam_kernel<<<blocks_for(n), kThreads>>>(w, g, m, v, n, c);
  NN_CUDA_CHECK_LAUNCH("adam_kernel");
}

}  // namespace nn::cuda
