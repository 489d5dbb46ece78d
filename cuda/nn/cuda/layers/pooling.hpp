#pragma once
// MaxPool2D, AvgPool2D and GlobalAvgPool2D on the GPU, the twins of
// nn::MaxPool2D, nn::AvgPool2D and nn::GlobalAvgPool2D (lib/nn/layers/
// pooling.{hpp,cpp}, book chapters 04 and 08). Kernels: kernels/pooling.cu
// (declared in kernels/pooling.hpp), their index arithmetic in
// kernels/pooling_index.hpp.
#include "nn/cuda/kernels/pooling.hpp"
#include "nn/cuda/layer.hpp"

namespace nn::cuda {

class MaxPool2D : public Layer {
 public:
  MaxPool2D(int kernel, int stride) : k_(kernel), s_(stride) {}
  std::string name() const override;
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;

 private:
  int k_, s_;
  Shape input_shape_;
  DeviceBuffer<int> argmax_;  // [N, C, OH, OW]: each window's maximum, as a flat index into x
  DeviceTensor output_, grad_input_;
};

class AvgPool2D : public Layer {
 public:
  AvgPool2D(int kernel, int stride) : k_(kernel), s_(stride) {}
  std::string name() const override;
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;

 private:
  int k_, s_;
  Shape input_shape_;
  DeviceTensor output_, grad_input_;
};

/// nn::GlobalAvgPool2D's twin: [N, C, H, W] -> [N, C, 1, 1], each channel's mean.
class GlobalAvgPool2D : public Layer {
 public:
  std::string name() const override { return "GlobalAvgPool2D"; }
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;

 private:
  Shape input_shape_;
  DeviceTensor output_, grad_input_;
};

/// The pooling geometry of an NCHW batch, out_h and out_w worked out
/// (ShapeError if not rank 4 or the window does not fit; Error if kernel or
/// stride < 1). `who` names the layer in the message.
PoolGeometry pool_geometry(const std::string& who, const Shape& s, int kernel, int stride);

}  // namespace nn::cuda
