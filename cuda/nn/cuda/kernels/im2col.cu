#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/im2col.hpp"
#include "nn/cuda/kernels/im2col_index.hpp"
#include "nn/cuda/kernels/launch.cuh"

namespace nn::cuda {
namespace {

// The index arithmetic is in im2col_index.hpp (tested on the CPU).
//! [im2col-kernel]
__global__ void im2col_kernel(const float* images, Im2colGeometry g, float* columns) {
  const std::size_t n_entries = std::size_t(g.channels) * g.kernel_h * g.kernel_w * g.columns();
  NN_GRID_STRIDE_LOOP(e, n_entries) columns[e] = im2col_entry(images, g, e);
}
//! [im2col-kernel]

__global__ void col2im_kernel(const float* columns, Im2colGeometry g, float* images) {
  const std::size_t n_pixels = std::size_t(g.batch) * g.channels * g.height * g.width;
  NN_GRID_STRIDE_LOOP(p, n_pixels) images[p] = col2im_pixel(columns, g, p);
}

__global__ void c_np_to_nchw_kernel(const float* c_np, const float* bias, int batch, int channels,
                                    int positions, float* nchw) {
  const std::size_t n_entries = std::size_t(batch) * channels * positions;
  NN_GRID_STRIDE_LOOP(e, n_entries) {
    const int q = static_cast<int>(e % positions);
    const int c = static_cast<int>(e / positions % channels);
    const int n = static_cast<int>(e / (std::size_t(positions) * channels));
    const float b = bias != nullptr ? bias[c] : 0.0f;
    nchw[e] = c_np[std::size_t(c) * batch * positions + std::size_t(n) * positions + q] + b;
  }
}

__global__ void nchw_to_c_np_kernel(const float* nchw, int batch, int channels, int positions,
                                    float* c_np) {
  const std::size_t n_entries = std::size_t(batch) * channels * positions;
  NN_GRID_STRIDE_LOOP(e, n_entries) {  // e indexes `c_np`: writes are coalesced
    const std::size_t col = e % (std::size_t(batch) * positions);
    const int c = static_cast<int>(e / (std::size_t(batch) * positions));
    const int n = static_cast<int>(col / positions), q = static_cast<int>(col % positions);
    c_np[e] = nchw[(std::size_t(n) * channels + c) * positions + q];
  }
}

}  // namespace

void im2col(const float* images, int batch, const ConvGeometry& geometry, float* columns) {
  const Im2colGeometry g = im2col_geometry(batch, geometry);
  const std::size_t n = std::size_t(g.channels) * g.kernel_h * g.kernel_w * g.batch * g.positions();
  if (n == 0) return;
  im2col_kernel<<<blocks_for(n), kThreads>>>(images, g, columns);
  NN_CUDA_CHECK_LAUNCH("im2col_kernel");
}

void col2im(const float* columns, int batch, const ConvGeometry& geometry, float* images) {
  const Im2colGeometry g = im2col_geometry(batch, geometry);
  const std::size_t n = std::size_t(g.batch) * g.channels * g.height * g.width;
  if (n == 0) return;
  col2im_kernel<<<blocks_for(n), kThreads>>>(columns, g, images);
  NN_CUDA_CHECK_LAUNCH("col2im_kernel");
}

void c_np_to_nchw(const float* c_np, const float* bias, int batch, int channels, int positions,
                  float* nchw) {
  const std::size_t n = std::size_t(batch) * channels * positions;
  if (n == 0) return;
  c_np_to_nchw_kernel<<<blocks_for(n), kThreads>>>(c_np, bias, batch, channels, positions, nchw);
  NN_CUDA_CHECK_LAUNCH("c_np_to_nchw_kernel");
}

void nchw_to_c_np(const float* nchw, int batch, int channels, int positions, float* c_np) {
  const std::size_t n = std::size_t(batch) * channels * positions;
  if (n == 0) return;
  nchw_to_c_np_kernel<<<blocks_for(n), kThreads>>>(nchw, batch, channels, positions, c_np);
  NN_CUDA_CHECK_LAUNCH("nchw_to_c_np_kernel");
}

}  // namespace nn::cuda
