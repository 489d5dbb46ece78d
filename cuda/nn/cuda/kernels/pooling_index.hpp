#pragma once
// The index arithmetic of the max and average pooling kernels (pooling.cu),
// one function per output (forward) or input (backward) element, usable on
// the device (by the kernels) and on the host (by
// tests/cuda/pooling_index_test.cpp, which runs them over every element on
// the CPU and compares with lib/nn/layers/pooling.cpp: the bookkeeping is
// checked even on a machine without a GPU). The geometry is PoolGeometry
// (pooling.hpp): `planes` = N*C planes of height x width.
#include <cstddef>

#include "nn/cuda/kernels/host_device.hpp"
#include "nn/cuda/kernels/pooling.hpp"

namespace nn::cuda {

NN_HOST_DEVICE inline int min_int(int a, int b) { return a < b ? a : b; }

/// The windows containing row (or column) y: oy*S <= y < oy*S + K, that is
/// oy in [ceil((y - K + 1) / S), floor(y / S)], clipped to [0, out).
/// Empty (first > last) for a row no window covers.
NN_HOST_DEVICE inline void windows_containing(int y, int k, int s, int out, int& first, int& last) {
  first = y - k + 1 <= 0 ? 0 : (y - k + 1 + s - 1) / s;
  last = min_int(y / s, out - 1);
}

/// Output o of max pooling: the window's largest value and, in `best`, its
/// flat index into x (ties: the first in row-major window order).
NN_HOST_DEVICE inline float maxpool_window(const float* x, const PoolGeometry& g, std::size_t o,
                                           std::size_t& best) {
  const int ox = static_cast<int>(o % g.out_w), oy = static_cast<int>(o / g.out_w % g.out_h);
  const std::size_t base = o / (std::size_t(g.out_w) * g.out_h) * g.height * g.width;
  best = base + std::size_t(oy * g.stride) * g.width + ox * g.stride;
  for (int i = 0; i < g.kernel; ++i)
    for (int j = 0; j < g.kernel; ++j) {
      const std::size_t p = base + std::size_t(oy * g.stride + i) * g.width + ox * g.stride + j;
      if (x[p] > x[best]) best = p;  // strict: the first maximum wins
    }
  return x[best];
}

/// Output o of average pooling.
NN_HOST_DEVICE inline float avgpool_window(const float* x, const PoolGeometry& g, std::size_t o) {
  const int ox = static_cast<int>(o % g.out_w), oy = static_cast<int>(o / g.out_w % g.out_h);
  const std::size_t base = o / (std::size_t(g.out_w) * g.out_h) * g.height * g.width;
  float total = 0.0f;
  for (int i = 0; i < g.kernel; ++i)
    for (int j = 0; j < g.kernel; ++j)
      total += x[base + std::size_t(oy * g.stride + i) * g.width + ox * g.stride + j];
  return total / float(g.kernel * g.kernel);
}

/// Input p's gradient under max pooling: dy of the windows whose maximum it was.
NN_HOST_DEVICE inline float maxpool_grad_pixel(const float* dy, const int* argmax,
                                               const PoolGeometry& g, std::size_t p) {
  const int x = static_cast<int>(p % g.width), y = static_cast<int>(p / g.width % g.height);
  const std::size_t plane = p / (std::size_t(g.width) * g.height);
  int oy0, oy1, ox0, ox1;
  windows_containing(y, g.kernel, g.stride, g.out_h, oy0, oy1);
  windows_containing(x, g.kernel, g.stride, g.out_w, ox0, ox1);
  float total = 0.0f;
  for (int oy = oy0; oy <= oy1; ++oy)
    for (int ox = ox0; ox <= ox1; ++ox) {
      const std::size_t o = (plane * g.out_h + oy) * g.out_w + ox;
      if (argmax[o] == static_cast<int>(p)) total += dy[o];
    }
  return total;
}

/// Input p's gradient under average pooling: dy / K^2 of every window holding it.
NN_HOST_DEVICE inline float avgpool_grad_pixel(const float* dy, const PoolGeometry& g,
                                               std::size_t p) {
  const int x = static_cast<int>(p % g.width), y = static_cast<int>(p / g.width % g.height);
  const std::size_t plane = p / (std::size_t(g.width) * g.height);
  int oy0, oy1, ox0, ox1;
  windows_containing(y, g.kernel, g.stride, g.out_h, oy0, oy1);
  windows_containing(x, g.kernel, g.stride, g.out_w, ox0, ox1);
  float total = 0.0f;
  for (int oy = oy0; oy <= oy1; ++oy)
    for (int ox = ox0; ox <= ox1; ++ox) total += dy[(plane * g.out_h + oy) * g.out_w + ox];
  return total / float(g.kernel * g.kernel);
}

}  // namespace nn::cuda
