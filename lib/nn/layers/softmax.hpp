#pragma once
// Softmax over the last dimension of [N, C]: p_j = e^{x_j} / sum_k e^{x_k}.
// For training, prefer SoftmaxCrossEntropy on logits (loss.hpp): it fuses the
// two and its gradient is simply p - onehot(y). This layer is for when the
// probabilities themselves are the output (predict), and to show its Jacobian.
// No GPU twin of this layer: the GPU has the fused loss only, cuda::SoftmaxCrossEntropy
// (cuda/nn/cuda/loss.cpp, kernels in cuda/nn/cuda/kernels/softmax.cu).
#include "nn/layer.hpp"

namespace nn {

class Softmax : public Layer {
 public:
  std::string name() const override { return "Softmax"; }
  Tensor forward(const Tensor& x) override;
  /// dx_j = p_j (dy_j - sum_k dy_k p_k): the Jacobian-vector product.
  Tensor backward(const Tensor& grad_output) override;

 private:
  Tensor output_;
};

/// Row-wise softmax of a 2-D tensor, stable (subtracts each row's maximum).
Tensor softmax(const Tensor& logits);

}  // namespace nn
