#pragma once
// Dense (fully connected) layer, book chapter 01/03:  y = x W^T + b.
// W is stored [out, in] and b [out], as torch.nn.Linear stores them, so a
// saved model loads into PyTorch unchanged.
// GPU twin: cuda::Dense in cuda/nn/cuda/layers/dense.cpp (cuda/nn/cuda/sgemm/ and
// kernels/reduce.cu for the bias gradient).
#include "nn/layer.hpp"
#include "nn/random.hpp"

namespace nn {

class Dense : public Layer {
 public:
  /// Weights drawn Xavier-uniform (He-normal if `he_init`), bias zero.
  Dense(int in_features, int out_features, Rng& rng, bool he_init = false);

  std::string name() const override;
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
  std::vector<Parameter> parameters() override;
  Shape output_shape(const Shape& input_shape) const override;

  Tensor& weight() { return weight_; }
  Tensor& bias() { return bias_; }
  int in_features() const { return in_; }
  int out_features() const { return out_; }

 private:
  int in_, out_;
  Tensor weight_, bias_;            // [out, in], [out]
  Tensor weight_grad_, bias_grad_;  // same shapes
  Tensor input_;                    // cached for backward
};

}  // namespace nn
