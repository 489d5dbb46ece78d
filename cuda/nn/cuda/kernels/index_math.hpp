#pragma once
// The index arithmetic of the im2col and pooling kernels, one function per
// output element, usable on the device (by the kernels) and on the host (by
// tests/cuda/index_math_test.cpp, which runs them over every element on the
// CPU and compares with lib/'s loops: the bookkeeping is checked even on a
// machine without a GPU).
#include <cstddef>

#ifdef __CUDACC__
#define NN_HOST_DEVICE __host__ __device__
#else
#define NN_HOST_DEVICE
#endif

namespace nn::cuda {

NN_HOST_DEVICE inline int min_int(int a, int b) { return a < b ? a : b; }

/// A batch convolution's sizes as plain ints (see kernels/im2col.hpp).
struct ConvIndex {
  int batch, channels, height, width, kh, kw, stride, padding, out_h, out_w;
  NN_HOST_DEVICE int positions() const { return out_h * out_w; }
  NN_HOST_DEVICE std::size_t columns() const { return std::size_t(batch) * positions(); }
};

/// Entry e of the column matrix [C*KH*KW, N*OH*OW] (0 in the padding).
NN_HOST_DEVICE inline float im2col_entry(const float* images, const ConvIndex& g, std::size_t e) {
  const std::size_t width = g.columns();
  const std::size_t row = e / width, col = e % width;
  const int j = static_cast<int>(row % g.kw), i = static_cast<int>(row / g.kw % g.kh);
  const int c = static_cast<int>(row / (std::size_t(g.kw) * g.kh));
  const int n = static_cast<int>(col / g.positions()), q = static_cast<int>(col % g.positions());
  const int y = q / g.out_w * g.stride - g.padding + i;
  const int x = q % g.out_w * g.stride - g.padding + j;
  const bool inside = y >= 0 && y < g.height && x >= 0 && x < g.width;
  return inside ? images[((std::size_t(n) * g.channels + c) * g.height + y) * g.width + x] : 0.0f;
}

/// Pixel p of the images [N, C, H, W]: the sum of the column entries copied
/// from it. Pixel (y, x) went to output (oy, ox) through kernel offset
/// (i, j) when oy*S - P + i = y, that is oy = (y + P - i) / S exactly.
NN_HOST_DEVICE inline float col2im_pixel(const float* columns, const ConvIndex& g, std::size_t p) {
  const int x = static_cast<int>(p % g.width), y = static_cast<int>(p / g.width % g.height);
  const int c = static_cast<int>(p / (std::size_t(g.width) * g.height) % g.channels);
  const int n = static_cast<int>(p / (std::size_t(g.width) * g.height * g.channels));
  float total = 0.0f;
  for (int i = 0; i < g.kh; ++i) {
    const int oy = y + g.padding - i;
    if (oy < 0 || oy % g.stride != 0 || oy / g.stride >= g.out_h) continue;
    for (int j = 0; j < g.kw; ++j) {
      const int ox = x + g.padding - j;
      if (ox < 0 || ox % g.stride != 0 || ox / g.stride >= g.out_w) continue;
      const std::size_t row = (std::size_t(c) * g.kh + i) * g.kw + j;
      const std::size_t col =
          std::size_t(n) * g.positions() + oy / g.stride * g.out_w + ox / g.stride;
      total += columns[row * g.columns() + col];
    }
  }
  return total;
}

/// A pooling's sizes as plain ints: `planes` = N*C planes of H x W.
struct PoolIndex {
  int planes, h, w, k, s, oh, ow;
};

/// The windows containing row (or column) y: oy*S <= y < oy*S + K, that is
/// oy in [ceil((y - K + 1) / S), floor(y / S)], clipped to [0, out).
/// Empty (first > last) for a row no window covers.
NN_HOST_DEVICE inline void windows_containing(int y, int k, int s, int out, int& first, int& last) {
  first = y - k + 1 <= 0 ? 0 : (y - k + 1 + s - 1) / s;
  last = min_int(y / s, out - 1);
}

/// Output o of max pooling: the window's largest value and, in `best`, its
/// flat index into x (ties: the first in row-major window order).
NN_HOST_DEVICE inline float maxpool_window(const float* x, const PoolIndex& g, std::size_t o,
                                           std::size_t& best) {
  const int ox = static_cast<int>(o % g.ow), oy = static_cast<int>(o / g.ow % g.oh);
  const std::size_t base = o / (std::size_t(g.ow) * g.oh) * g.h * g.w;
  best = base + std::size_t(oy * g.s) * g.w + ox * g.s;
  for (int i = 0; i < g.k; ++i)
    for (int j = 0; j < g.k; ++j) {
      const std::size_t p = base + std::size_t(oy * g.s + i) * g.w + ox * g.s + j;
      if (x[p] > x[best]) best = p;  // strict: the first maximum wins
    }
  return x[best];
}

/// Output o of average pooling.
NN_HOST_DEVICE inline float avgpool_window(const float* x, const PoolIndex& g, std::size_t o) {
  const int ox = static_cast<int>(o % g.ow), oy = static_cast<int>(o / g.ow % g.oh);
  const std::size_t base = o / (std::size_t(g.ow) * g.oh) * g.h * g.w;
  float total = 0.0f;
  for (int i = 0; i < g.k; ++i)
    for (int j = 0; j < g.k; ++j) total += x[base + std::size_t(oy * g.s + i) * g.w + ox * g.s + j];
  return total / float(g.k * g.k);
}

/// Input p's gradient under max pooling: dy of the windows whose maximum it was.
NN_HOST_DEVICE inline float maxpool_grad_pixel(const float* dy, const int* argmax,
                                               const PoolIndex& g, std::size_t p) {
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
  return total;
}

/// Input p's gradient under average pooling: dy / K^2 of every window holding it.
NN_HOST_DEVICE inline float avgpool_grad_pixel(const float* dy, const PoolIndex& g, std::size_t p) {
  const int x = static_cast<int>(p % g.w), y = static_cast<int>(p / g.w % g.h);
  const std::size_t plane = p / (std::size_t(g.w) * g.h);
  int oy0, oy1, ox0, ox1;
  windows_containing(y, g.k, g.s, g.oh, oy0, oy1);
  windows_containing(x, g.k, g.s, g.ow, ox0, ox1);
  float total = 0.0f;
  for (int oy = oy0; oy <= oy1; ++oy)
    for (int ox = ox0; ox <= ox1; ++ox) total += dy[(plane * g.oh + oy) * g.ow + ox];
  return total / float(g.k * g.k);
}

}  // namespace nn::cuda
