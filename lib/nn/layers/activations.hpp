#pragma once
// Elementwise activations, book chapters 02-03. Each caches what its
// derivative needs: ReLU one byte per element, whether its input was
// positive; Sigmoid and Tanh their output (the derivative is cheapest written
// in terms of the output).
// GPU twins: cuda::ReLU, cuda::Sigmoid and cuda::Tanh in cuda/nn/cuda/layers/activations.cpp,
// kernels in cuda/nn/cuda/kernels/elementwise.cu; Identity and Step have none.
#include <cstdint>

#include "nn/layer.hpp"

namespace nn {

/// relu(x) = max(0, x);  relu'(x) = 1 if x > 0 else 0.
class ReLU : public Layer {
 public:
  std::string name() const override { return "ReLU"; }
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
  /// In x's own storage: no new tensor (see Layer::forward_in_place).
  Tensor forward_in_place(Tensor x) override;
  Tensor backward_in_place(Tensor grad_output) override;

 private:
  Shape input_shape_;
  std::vector<std::uint8_t> on_;  // on_[i] = 1 if input i was > 0: all backward needs
};

/// sigmoid(x) = 1 / (1 + e^-x);  sigmoid' = s (1 - s).
class Sigmoid : public Layer {
 public:
  std::string name() const override { return "Sigmoid"; }
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;

 private:
  Tensor output_;
};

/// tanh' = 1 - tanh^2.
class Tanh : public Layer {
 public:
  std::string name() const override { return "Tanh"; }
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;

 private:
  Tensor output_;
};

/// The identity: y = x, dy/dx = 1 (a linear output layer, a placeholder).
class Identity : public Layer {
 public:
  std::string name() const override { return "Identity"; }
  Tensor forward(const Tensor& x) override { return x; }
  Tensor backward(const Tensor& grad_output) override { return grad_output; }
};

// [step-unit]  (snippet marker for book/02-xor-mlp.md)
/// The threshold unit of the perceptron: 1 if x > 0 else 0 (chapter 02).
/// Its derivative is zero almost everywhere, so it cannot be trained by
/// backpropagation: backward throws to say so.
class Step : public Layer {
 public:
  std::string name() const override { return "Step"; }
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
};
// [step-unit]

/// The scalar functions, for code that works on single numbers.
float sigmoid(float x);

}  // namespace nn
