#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/im2col.hpp"
#include "nn/cuda/kernels/index_math.hpp"
#include "nn/cuda/kernels/launch.cuh"

namespace nn::cuda {
namespace {

ConvIndex plain(int batch, const ConvGeometry& g) {
  return {batch,      g.channels, g.height,  g.width,   g.kernel_h,
          g.kernel_w, g.stride,   g.padding, g.out_h(), g.out_w()};
}

// The index arithmetic is in index_math.hpp (tested on the CPU).
//! [im2col-kernel]
__global__ void im2col_kernel(const float* images, ConvIndex g, float* columns) {
  const std::size_t n_entries = std::size_t(g.channels) * g.kh * g.kw * g.columns();
  NN_GRID_STRIDE_LOOP(e, n_entries) columns[e] = im2col_entry(images, g, e);
}
//! [im2col-kernel]

__global__ void col2im_kernel(const float* columns, ConvIndex g, float* images) {
  const std::size_t n_pixels = std::size_t(g.batch) * g.channels * g.height * g.width;
  NN_GRID_STRIDE_LOOP(p, n_pixels) images[p] = col2im_pixel(columns, g, p);
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
  const ConvIndex g = plain(batch, geometry);
  const std::size_t n = std::size_t(g.channels) * g.kh * g.kw * g.batch * g.positions();
  if (n == 0) return;
  im2col_kernel<<<blocks_for(n), kThreads>>>(images, g, columns);
  NN_CUDA_CHECK_LAUNCH("im2col_kernel");
}

void col2im(const float* columns, int batch, const ConvGeometry& geometry, float* images) {
  const ConvIndex g = plain(batch, geometry);
  const std::size_t n = std::size_t(g.batch) * g.channels * g.height * g.width;
  if (n == 0) return;
  col2im_kernel<<<blocks_for(n), kThreads>>>(columns, g, images);
  NN_CUDA_CHECK_LAUNCH("col2im_kernel");
}

void blocked_to_nchw(const float* blocked, const float* bias, int batch, int channels,
                     int positions, float* nchw) {
  const std::size_t n = std::size_t(batch) * channels * positions;
  if (n == 0) return;
  blocked_to_nchw_kernel<<<blocks_for(n), kThreads>>>(blocked, bias, batch, channels, positions,
                                                      nchw);
  NN_CUDA_CHECK_LAUNCH("blocked_to_nchw_kernel");
}

void nchw_to_blocked(const float* nchw, int batch, int channels, int positions, float* blocked) {
  const std::size_t n = std::size_t(batch) * channels * positions;
  if (n == 0) return;
  nchw_to_blocked_kernel<<<blocks_for(n), kThreads>>>(nchw, batch, channels, positions, blocked);
  NN_CUDA_CHECK_LAUNCH("nchw_to_blocked_kernel");
}

}  // namespace nn::cuda
