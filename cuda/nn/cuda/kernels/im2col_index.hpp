#pragma once
// The index arithmetic of the im2col and col2im kernels (im2col.cu), one
// function per output element, usable on the device (by the kernels) and on
// the host (by tests/cuda/im2col_index_test.cpp, which runs them over every
// element on the CPU and compares with lib/nn/im2col.cpp: the bookkeeping is
// checked even on a machine without a GPU). The layouts are in im2col.hpp.
#include <cstddef>

#include "nn/cuda/kernels/host_device.hpp"
#include "nn/im2col.hpp"

namespace nn::cuda {

/// The kernels' geometry: nn::ConvGeometry (one image, lib/nn/im2col.hpp)
/// with the batch size and the output size worked out once on the host, as
/// plain ints that a kernel takes by value.
struct Im2colGeometry {
  int batch, channels, height, width, kernel_h, kernel_w, stride, padding, out_h, out_w;
  NN_HOST_DEVICE int positions() const { return out_h * out_w; }
  NN_HOST_DEVICE std::size_t columns() const { return std::size_t(batch) * positions(); }
};

/// A batch of `batch` images under the convolution `g` (host only: ConvGeometry
/// checks its sizes, and throws ShapeError where the kernel does not fit).
inline Im2colGeometry im2col_geometry(int batch, const ConvGeometry& g) {
  return {batch,      g.channels, g.height,  g.width,   g.kernel_h,
          g.kernel_w, g.stride,   g.padding, g.out_h(), g.out_w()};
}

/// Entry e of the column matrix [C*KH*KW, N*OH*OW] (0 in the padding).
NN_HOST_DEVICE inline float im2col_entry(const float* images, const Im2colGeometry& g,
                                         std::size_t e) {
  const std::size_t width = g.columns();
  const std::size_t row = e / width, col = e % width;
  const int j = static_cast<int>(row % g.kernel_w),
            i = static_cast<int>(row / g.kernel_w % g.kernel_h);
  const int c = static_cast<int>(row / (std::size_t(g.kernel_w) * g.kernel_h));
  const int n = static_cast<int>(col / g.positions()), q = static_cast<int>(col % g.positions());
  const int y = q / g.out_w * g.stride - g.padding + i;
  const int x = q % g.out_w * g.stride - g.padding + j;
  const bool inside = y >= 0 && y < g.height && x >= 0 && x < g.width;
  return inside ? images[((std::size_t(n) * g.channels + c) * g.height + y) * g.width + x] : 0.0f;
}

/// Pixel p of the images [N, C, H, W]: the sum of the column entries copied
/// from it. Pixel (y, x) went to output (oy, ox) through kernel offset
/// (i, j) when oy*S - P + i = y, that is oy = (y + P - i) / S exactly.
NN_HOST_DEVICE inline float col2im_pixel(const float* columns, const Im2colGeometry& g,
                                         std::size_t p) {
  const int x = static_cast<int>(p % g.width), y = static_cast<int>(p / g.width % g.height);
  const int c = static_cast<int>(p / (std::size_t(g.width) * g.height) % g.channels);
  const int n = static_cast<int>(p / (std::size_t(g.width) * g.height * g.channels));
  float total = 0.0f;
  for (int i = 0; i < g.kernel_h; ++i) {
    const int oy = y + g.padding - i;
    if (oy < 0 || oy % g.stride != 0 || oy / g.stride >= g.out_h) continue;
    for (int j = 0; j < g.kernel_w; ++j) {
      const int ox = x + g.padding - j;
      if (ox < 0 || ox % g.stride != 0 || ox / g.stride >= g.out_w) continue;
      const std::size_t row = (std::size_t(c) * g.kernel_h + i) * g.kernel_w + j;
      const std::size_t col =
          std::size_t(n) * g.positions() + oy / g.stride * g.out_w + ox / g.stride;
      total += columns[row * g.columns() + col];
    }
  }
  return total;
}

}  // namespace nn::cuda
