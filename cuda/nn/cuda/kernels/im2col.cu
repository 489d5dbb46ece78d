#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/im2col.hpp"
#include "nn/cuda/kernels/launch.cuh"

namespace nn::cuda {
namespace {

// The geometry as plain ints, computed once on the host.
struct Geometry {
  int batch, channels, height, width, kh, kw, stride, padding, out_h, out_w;
  __host__ __device__ int positions() const { return out_h * out_w; }
};

Geometry plain(int batch, const ConvGeometry& g) {
  return {batch, g.channels, g.height, g.width, g.kernel_h, g.kernel_w,
          g.stride, g.padding, g.out_h(), g.out_w()};
}

//! [im2col-kernel]
__global__ void im2col_kernel(const float* images, Geometry g, float* columns) {
  const std::size_t width = std::size_t(g.batch) * g.positions();  // columns of the matrix
  const std::size_t n_entries = std::size_t(g.channels) * g.kh * g.kw * width;
  NN_GRID_STRIDE_LOOP(e, n_entries) {
    const std::size_t row = e / width, col = e % width;
    const int j = static_cast<int>(row % g.kw), i = static_cast<int>(row / g.kw % g.kh);
    const int c = static_cast<int>(row / (std::size_t(g.kw) * g.kh));
    const int n = static_cast<int>(col / g.positions());
    const int q = static_cast<int>(col % g.positions());
    const int y = q / g.out_w * g.stride - g.padding + i;
    const int x = q % g.out_w * g.stride - g.padding + j;
    const bool inside = y >= 0 && y < g.height && x >= 0 && x < g.width;
    columns[e] = inside ? images[((std::size_t(n) * g.channels + c) * g.height + y) * g.width + x]
                        : 0.0f;
  }
}
//! [im2col-kernel]

// Pixel (y, x) was copied by kernel offset (i, j) into output position
// (oh, ow) when oh*S - P + i = y, that is oh = (y + P - i) / S exactly.
__global__ void col2im_kernel(const float* columns, Geometry g, float* images) {
  const std::size_t width = std::size_t(g.batch) * g.positions();
  const std::size_t n_pixels = std::size_t(g.batch) * g.channels * g.height * g.width;
  NN_GRID_STRIDE_LOOP(p, n_pixels) {
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
        const std::size_t col = std::size_t(n) * g.positions() + oy / g.stride * g.out_w + ox / g.stride;
        total += columns[row * width + col];
      }
    }
    images[p] = total;
  }
}

__global__ void blocked_to_nchw_kernel(const float* blocked, const float* bias, int batch,
                                       int channels, int positions, float* nchw) {
  const std::size_t n_entries = std::size_t(batch) * channels * positions;
  NN_GRID_STRIDE_LOOP(e, n_entries) {
    const int q = static_cast<int>(e % positions);
    const int c = static_cast<int>(e / positions % channels);
    const int n = static_cast<int>(e / (std::size_t(positions) * channels));
    const float b = bias != nullptr ? bias[c] : 0.0f;
    nchw[e] = blocked[std::size_t(c) * batch * positions + std::size_t(n) * positions + q] + b;
  }
}

__global__ void nchw_to_blocked_kernel(const float* nchw, int batch, int channels, int positions,
                                       float* blocked) {
  const std::size_t n_entries = std::size_t(batch) * channels * positions;
  NN_GRID_STRIDE_LOOP(e, n_entries) {  // e indexes `blocked`: writes are coalesced
    const std::size_t col = e % (std::size_t(batch) * positions);
    const int c = static_cast<int>(e / (std::size_t(batch) * positions));
    const int n = static_cast<int>(col / positions), q = static_cast<int>(col % positions);
    blocked[e] = nchw[(std::size_t(n) * channels + c) * positions + q];
  }
}

}  // namespace

void im2col(const float* images, int batch, const ConvGeometry& geometry, float* columns) {
  const Geometry g = plain(batch, geometry);
  const std::size_t n = std::size_t(g.channels) * g.kh * g.kw * g.batch * g.positions();
  if (n == 0) return;
  im2col_kernel<<<blocks_for(n), kThreads>>>(images, g, columns);
  NN_CUDA_CHECK_LAUNCH("im2col_kernel");
}

void col2im(const float* columns, int batch, const ConvGeometry& geometry, float* images) {
  const Geometry g = plain(batch, geometry);
  const std::size_t n = std::size_t(g.batch) * g.channels * g.height * g.width;
  if (n == 0) return;
  col2im_kernel<<<blocks_for(n), kThreads>>>(columns, g, images);
  NN_CUDA_CHECK_LAUNCH("col2im_kernel");
}

void blocked_to_nchw(const float* blocked, const float* bias, int batch, int channels,
                     int positions, float* nchw) {
  const std::size_t n = std::size_t(batch) * channels * positions;
  if (n == 0) return;
  blocked_to_nchw_kernel<<<blocks_for(n), kThreads>>>(blocked, bias, batch, channels, positions, nchw);
  NN_CUDA_CHECK_LAUNCH("blocked_to_nchw_kernel");
}

void nchw_to_blocked(const float* nchw, int batch, int channels, int positions, float* blocked) {
  const std::size_t n = std::size_t(batch) * channels * positions;
  if (n == 0) return;
  nchw_to_blocked_kernel<<<blocks_for(n), kThreads>>>(nchw, batch, channels, positions, blocked);
  NN_CUDA_CHECK_LAUNCH("nchw_to_blocked_kernel");
}

}  // namespace nn::cuda
