#pragma once
// ReLU, Sigmoid, Tanh and Flatten on the GPU, the twins of nn::ReLU,
// nn::Sigmoid, nn::Tanh (lib/nn/layers/activations.{hpp,cpp}, book chapters
// 02-03) and nn::Flatten (lib/nn/layers/flatten.{hpp,cpp}). Kernels:
// kernels/elementwise.{hpp,cu}, one thread per element; Flatten needs none.
#include "nn/cuda/layer.hpp"

namespace nn::cuda {

class ReLU : public Layer {
 public:
  std::string name() const override { return "ReLU"; }
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;

 private:
  const DeviceTensor* input_ = nullptr;
  DeviceTensor output_, grad_input_;
};

class Sigmoid : public Layer {
 public:
  std::string name() const override { return "Sigmoid"; }
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;

 private:
  DeviceTensor output_, grad_input_;
};

class Tanh : public Layer {
 public:
  std::string name() const override { return "Tanh"; }
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;

 private:
  DeviceTensor output_, grad_input_;
};

/// [N, ...] -> [N, product]: a reshape, no kernel (the layout is already right).
class Flatten : public Layer {
 public:
  std::string name() const override { return "Flatten"; }
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;

 private:
  Shape input_shape_;
  DeviceTensor output_, grad_input_;
};

}  // namespace nn::cuda
