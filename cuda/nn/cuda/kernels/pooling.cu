#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/launch.cuh"
#include "nn/cuda/kernels/pooling.hpp"

#include <cstdint>
#include <string>

namespace nn::cuda {
namespace {

struct Plain {  // PoolGeometry with the output sizes worked out
  int planes, h, w, k, s, oh, ow;
};

Plain plain(const PoolGeometry& g) {
  return {g.batch_channels, g.height, g.width, g.kernel, g.stride, g.out_h(), g.out_w()};
}

// One thread per output element.
__global__ void maxpool_forward_kernel(const float* x, Plain g, float* y, int* argmax) {
  const std::size_t n = std::size_t(g.planes) * g.oh * g.ow;
  NN_GRID_STRIDE_LOOP(o, n) {
    const int ox = static_cast<int>(o % g.ow), oy = static_cast<int>(o / g.ow % g.oh);
    const std::size_t plane = o / (std::size_t(g.ow) * g.oh);
    const std::size_t base = plane * g.h * g.w;
    std::size_t best = base + std::size_t(oy * g.s) * g.w + ox * g.s;
    for (int i = 0; i < g.k; ++i)
      for (int j = 0; j < g.k; ++j) {
        const std::size_t p = base + std::size_t(oy * g.s + i) * g.w + ox * g.s + j;
        if (x[p] > x[best]) best = p;  // strict: the first maximum wins
      }
    y[o] = x[best];
    argmax[o] = static_cast<int>(best);
  }
}

// One thread per INPUT element: it gathers from the (at most ceil(K/S)^2)
// windows that contain it, so no two threads write the same dx.
// Windows containing row y: oy*S <= y < oy*S + K, i.e. oy in
// [ceil((y - K + 1) / S), floor(y / S)], clipped to [0, OH).
__device__ inline void windows_containing(int y, int k, int s, int out, int& first, int& last) {
  first = y - k + 1 <= 0 ? 0 : (y - k + 1 + s - 1) / s;
  last = min(y / s, out - 1);
}

__global__ void maxpool_backward_kernel(const float* dy, const int* argmax, Plain g, float* dx) {
  const std::size_t n = std::size_t(g.planes) * g.h * g.w;
  NN_GRID_STRIDE_LOOP(p, n) {
    const int x = static_cast<int>(p % g.w), y = static_cast<int>(p / g.w % g.h);
    const std::size_t plane = p / (std::size_t(g.w) * g.h);
    int oy0, oy1, ox0, ox1;
    windows_containing(y, g.k, g.s, g.oh, oy0, oy1);
    windows_containing(x, g.k, g.s, g.ow, ox0, ox1);
    float total = 0.0f;
    for (int oy = oy0; oy <= oy1; ++oy)
      for (int ox = ox0; ox <= ox1; ++ox) {
        const std::size_t o = (plane * g.oh + oy) * g.ow + ox;
        if (argmax[o] == static_cast<int>(p)) total += dy[o];
      }
    dx[p] = total;
  }
}

__global__ void avgpool_forward_kernel(const float* x, Plain g, float* y) {
  const std::size_t n = std::size_t(g.planes) * g.oh * g.ow;
  NN_GRID_STRIDE_LOOP(o, n) {
    const int ox = static_cast<int>(o % g.ow), oy = static_cast<int>(o / g.ow % g.oh);
    const std::size_t base = o / (std::size_t(g.ow) * g.oh) * g.h * g.w;
    float total = 0.0f;
    for (int i = 0; i < g.k; ++i)
      for (int j = 0; j < g.k; ++j) total += x[base + std::size_t(oy * g.s + i) * g.w + ox * g.s + j];
    y[o] = total / float(g.k * g.k);
  }
}

__global__ void avgpool_backward_kernel(const float* dy, Plain g, float* dx) {
  const std::size_t n = std::size_t(g.planes) * g.h * g.w;
  NN_GRID_STRIDE_LOOP(p, n) {
    const int x = static_cast<int>(p % g.w), y = static_cast<int>(p / g.w % g.h);
    const std::size_t plane = p / (std::size_t(g.w) * g.h);
    int oy0, oy1, ox0, ox1;
    windows_containing(y, g.k, g.s, g.oh, oy0, oy1);
    windows_containing(x, g.k, g.s, g.ow, ox0, ox1);
    float total = 0.0f;
    for (int oy = oy0; oy <= oy1; ++oy)
      for (int ox = ox0; ox <= ox1; ++ox) total += dy[(plane * g.oh + oy) * g.ow + ox];
    dx[p] = total / float(g.k * g.k);
  }
}

void check_geometry(const PoolGeometry& g) {
  if (g.kernel <= 0 || g.stride <= 0 || g.height < g.kernel || g.width < g.kernel)
    throw Error("cuda pooling: window " + std::to_string(g.kernel) + ", stride " +
                std::to_string(g.stride) + " does not fit a " + std::to_string(g.height) + "x" +
                std::to_string(g.width) + " plane");
  if (std::size_t(g.batch_channels) * g.height * g.width > std::size_t(INT32_MAX))
    throw Error("cuda pooling: the input has more than 2^31 elements (argmax is an int)");
}

}  // namespace

void maxpool_forward(const float* x, const PoolGeometry& geometry, float* y, int* argmax) {
  check_geometry(geometry);
  const Plain g = plain(geometry);
  const std::size_t n = std::size_t(g.planes) * g.oh * g.ow;
  if (n == 0) return;
  maxpool_forward_kernel<<<blocks_for(n), kThreads>>>(x, g, y, argmax);
  NN_CUDA_CHECK_LAUNCH("maxpool_forward_kernel");
}

void maxpool_backward(const float* dy, const int* argmax, const PoolGeometry& geometry, float* dx) {
  check_geometry(geometry);
  const Plain g = plain(geometry);
  const std::size_t n = std::size_t(g.planes) * g.h * g.w;
  if (n == 0) return;
  maxpool_backward_kernel<<<blocks_for(n), kThreads>>>(dy, argmax, g, dx);
  NN_CUDA_CHECK_LAUNCH("maxpool_backward_kernel");
}

void avgpool_forward(const float* x, const PoolGeometry& geometry, float* y) {
  check_geometry(geometry);
  const Plain g = plain(geometry);
  const std::size_t n = std::size_t(g.planes) * g.oh * g.ow;
  if (n == 0) return;
  avgpool_forward_kernel<<<blocks_for(n), kThreads>>>(x, g, y);
  NN_CUDA_CHECK_LAUNCH("avgpool_forward_kernel");
}

void avgpool_backward(const float* dy, const PoolGeometry& geometry, float* dx) {
  check_geometry(geometry);
  const Plain g = plain(geometry);
  const std::size_t n = std::size_t(g.planes) * g.h * g.w;
  if (n == 0) return;
  avgpool_backward_kernel<<<blocks_for(n), kThreads>>>(dy, g, dx);
  NN_CUDA_CHECK_LAUNCH("avgpool_backward_kernel");
}

}  // namespace nn::cuda
