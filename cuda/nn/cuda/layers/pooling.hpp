#pragma once
// MaxPool2D, AvgPool2D and GlobalAvgPool2D on the GPU, the twins of lib/nn/layers/pooling.hpp.
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
  DeviceBuffer<int> argmax_;
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

/// The pooling geometry of an NCHW batch (ShapeError if not rank 4).
PoolGeometry pool_geometry(const std::string& who, const Shape& s, int kernel, int stride);

}  // namespace nn::cuda
