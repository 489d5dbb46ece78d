#pragma once
// Max and average pooling on the GPU (book chapter 09), the twins of
// lib/nn/layers/pooling.cpp: K x K windows, stride S, no padding,
// OH = (H - K) / S + 1. Device pointers; x is [N, C, H, W] (`planes` = N*C
// planes of H x W), y is [N, C, OH, OW]. The kernels are in pooling.cu, their
// index arithmetic in pooling_index.hpp; the layers in layers/pooling.hpp.
namespace nn::cuda {

/// A pooling's sizes, as plain ints: the wrappers below take it, the kernels
/// take it by value, and the index functions of pooling_index.hpp use it on
/// host and device alike. out_h = (height - kernel) / stride + 1, and out_w
/// alike, worked out once on the host: pool_geometry (layers/pooling.hpp)
/// makes one from an NCHW shape, checked.
struct PoolGeometry {
  int planes;          // N*C planes of height x width
  int height, width;   // of one input plane
  int kernel, stride;  // K x K windows, `stride` apart
  int out_h, out_w;    // of one output plane
};

/// y = the window's maximum; argmax = its flat index into x (ties: the first
/// in row-major window order, as on the CPU).
void maxpool_forward(const float* x, const PoolGeometry& g, float* y, int* argmax);
/// dx[p] = the sum of dy over the windows whose argmax is p (overwrites dx).
void maxpool_backward(const float* dy, const int* argmax, const PoolGeometry& g, float* dx);
/// y = the window's mean.
void avgpool_forward(const float* x, const PoolGeometry& g, float* y);
/// dx[p] = the sum over the windows holding p of dy / K^2 (overwrites dx).
void avgpool_backward(const float* dy, const PoolGeometry& g, float* dx);

/// Global average pooling (nn::GlobalAvgPool2D, chapter 08): x is `planes`
/// planes of `area` = H*W values, y[p] = the mean of plane p.
void global_avgpool_forward(const float* x, int planes, int area, float* y);
/// dx[p*area + i] = dy[p] / area: every pixel had the same share of the mean.
void global_avgpool_backward(const float* dy, int planes, int area, float* dx);

}  // namespace nn::cuda
