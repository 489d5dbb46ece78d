#pragma once
// Flatten, book chapter 07: the bridge from convolutional feature maps to
// dense layers. [N, C, H, W] -> [N, C*H*W], keeping each sample's elements
// in their memory (NCHW, row-major) order, as torch.nn.Flatten does; so a
// Dense layer after it reads the same features in PyTorch and here.
// There is nothing to learn and nothing to compute: backward only gives the
// gradient back the input's shape.
// GPU twin: cuda::Flatten in cuda/nn/cuda/layers/activations.cpp (a reshape: no kernel).
#include "nn/layer.hpp"

namespace nn {

class Flatten : public Layer {
 public:
  std::string name() const override { return "Flatten"; }
  /// [N, d1, ..., dk] -> [N, d1*...*dk] for an input of rank 2 to 4.
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
  Shape output_shape(const Shape& input_shape) const override;

 private:
  Shape input_shape_;  // of the last forward
};

}  // namespace nn
