#include <cstdint>
#include <string>

#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/block_sum.cuh"
#include "nn/cuda/kernels/launch.cuh"
#include "nn/cuda/kernels/pooling.hpp"
#include "nn/cuda/kernels/pooling_index.hpp"

namespace nn::cuda {
namespace {

// One thread per output element for the forward passes; for the backward
// passes one thread per INPUT element, gathering from the (at most
// ceil(K/S)^2) windows that contain it, so no two threads write the same dx.
// The index arithmetic is in pooling_index.hpp (tested on the CPU).
__global__ void maxpool_forward_kernel(const float* x, PoolGeometry g, float* y, int* argmax) {
  const std::size_t n = std::size_t(g.planes) * g.out_h * g.out_w;
  NN_GRID_STRIDE_LOOP(o, n) {
    std::size_t best = 0;
    y[o] = maxpool_window(x, g, o, best);
    argmax[o] = static_cast<int>(best);
  }
}

__global__ void maxpool_backward_kernel(const float* dy, const int* argmax, PoolGeometry g,
                                        float* dx) {
  const std::size_t n = std::size_t(g.planes) * g.height * g.width;
  NN_GRID_STRIDE_LOOP(p, n) dx[p] = maxpool_grad_pixel(dy, argmax, g, p);
}

__global__ void avgpool_forward_kernel(const float* x, PoolGeometry g, float* y) {
  const std::size_t n = std::size_t(g.planes) * g.out_h * g.out_w;
  NN_GRID_STRIDE_LOOP(o, n) y[o] = avgpool_window(x, g, o);
}

__global__ void avgpool_backward_kernel(const float* dy, PoolGeometry g, float* dx) {
  const std::size_t n = std::size_t(g.planes) * g.height * g.width;
  NN_GRID_STRIDE_LOOP(p, n) dx[p] = avgpool_grad_pixel(dy, g, p);
}

//! [global-avgpool-kernels]
// One WARP per plane: a plane is small (8x8 = 64 values at the end of
// ResNet-20), too small to keep a block of 256 threads busy, and a warp sums
// without shared memory or __syncthreads (warp_sum, block_sum.cuh). The 32
// lanes stride through the plane, so neighbouring lanes read neighbouring
// addresses. The order of the additions is fixed: the result repeats bit
// for bit.
constexpr int kWarpsPerBlock = kThreads / 32;

__global__ void global_avgpool_forward_kernel(const float* x, int planes, int area, float* y) {
  const int plane = blockIdx.x * kWarpsPerBlock + threadIdx.x / 32, lane = threadIdx.x % 32;
  if (plane >= planes) return;  // the whole warp leaves: warp_sum needs all 32 lanes or none
  const float* in = x + std::size_t(plane) * area;
  float v = 0.0f;
  for (int i = lane; i < area; i += 32) v += in[i];
  v = warp_sum(v);
  if (lane == 0) y[plane] = v / static_cast<float>(area);
}

// One thread per INPUT element: each reads its plane's gradient.
__global__ void global_avgpool_backward_kernel(const float* dy, int planes, int area, float* dx) {
  const std::size_t n = std::size_t(planes) * area;
  NN_GRID_STRIDE_LOOP(i, n) dx[i] = dy[i / area] / static_cast<float>(area);
}
//! [global-avgpool-kernels]

void check_geometry(const PoolGeometry& g) {
  if (g.kernel <= 0 || g.stride <= 0 || g.height < g.kernel || g.width < g.kernel)
    throw Error("cuda pooling: window " + std::to_string(g.kernel) + ", stride " +
                std::to_string(g.stride) + " does not fit a " + std::to_string(g.height) + "x" +
                std::to_string(g.width) + " plane");
  if (g.out_h != (g.height - g.kernel) / g.stride + 1 ||
      g.out_w != (g.width - g.kernel) / g.stride + 1)
    throw Error("cuda pooling: the output size " + std::to_string(g.out_h) + "x" +
                std::to_string(g.out_w) + " is not (H - K) / S + 1 (use pool_geometry)");
  if (std::size_t(g.planes) * g.height * g.width > std::size_t(INT32_MAX))
    throw Error("cuda pooling: the input has more than 2^31 elements (argmax is an int)");
}

}  // namespace

void maxpool_forward(const float* x, const PoolGeometry& g, float* y, int* argmax) {
  check_geometry(g);
  const std::size_t n = std::size_t(g.planes) * g.out_h * g.out_w;
  if (n == 0) return;
  maxpool_forward_kernel<<<blocks_for(n), kThreads>>>(x, g, y, argmax);
  NN_CUDA_CHECK_LAUNCH("maxpool_forward_kernel");
}

void maxpool_backward(const float* dy, const int* argmax, const PoolGeometry& g, float* dx) {
  check_geometry(g);
  const std::size_t n = std::size_t(g.planes) * g.height * g.width;
  if (n == 0) return;
  maxpool_backward_kernel<<<blocks_for(n), kThreads>>>(dy, argmax, g, dx);
  NN_CUDA_CHECK_LAUNCH("maxpool_backward_kernel");
}

void avgpool_forward(const float* x, const PoolGeometry& g, float* y) {
  check_geometry(g);
  const std::size_t n = std::size_t(g.planes) * g.out_h * g.out_w;
  if (n == 0) return;
  avgpool_forward_kernel<<<blocks_for(n), kThreads>>>(x, g, y);
  NN_CUDA_CHECK_LAUNCH("avgpool_forward_kernel");
}

void avgpool_backward(const float* dy, const PoolGeometry& g, float* dx) {
  check_geometry(g);
  const std::size_t n = std::size_t(g.planes) * g.height * g.width;
  if (n == 0) return;
  avgpool_backward_kernel<<<blocks_for(n), kThreads>>>(dy, g, dx);
  NN_CUDA_CHECK_LAUNCH("avgpool_backward_kernel");
}

void global_avgpool_forward(const float* x, int planes, int area, float* y) {
  if (planes <= 0 || area <= 0) return;
  const unsigned blocks = static_cast<unsigned>((planes + kWarpsPerBlock - 1) / kWarpsPerBlock);
  global_avgpool_forward_kernel<<<blocks, kThreads>>>(x, planes, area, y);
  NN_CUDA_CHECK_LAUNCH("global_avgpool_forward_kernel");
}

void global_avgpool_backward(const float* dy, int planes, int area, float* dx) {
  const std::size_t n = std::size_t(std::max(planes, 0)) * std::max(area, 0);
  if (n == 0) return;
  global_avgpool_backward_kernel<<<blocks_for(n), kThreads>>>(dy, planes, area, dx);
  NN_CUDA_CHECK_LAUNCH("global_avgpool_backward_kernel");
}

}  // namespace nn::cuda
