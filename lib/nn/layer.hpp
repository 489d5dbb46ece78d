#pragma once
// Layer: the unit of layer-level backpropagation (book chapter 03).
//
//   y  = forward(x)      computes the output and caches what backward needs;
//   dx = backward(dy)    given dL/dy, returns dL/dx and ADDS dL/dW to the
//                        gradient of every parameter W (so gradients of
//                        several backward passes accumulate until zero_grad).
#include <string>
#include <vector>

#include "nn/tensor.hpp"

namespace nn {

class Rng;

/// A trainable tensor and its gradient, named as PyTorch names it ("weight").
struct Parameter {
  std::string name;
  Tensor* value;
  Tensor* grad;
};

class Layer {
 public:
  virtual ~Layer() = default;
  /// What the layer is, with its sizes: "Dense(784 -> 128)".
  virtual std::string name() const = 0;
  virtual Tensor forward(const Tensor& x) = 0;
  virtual Tensor backward(const Tensor& grad_output) = 0;
  virtual std::vector<Parameter> parameters() { return {}; }
  /// The output shape for an input shape (batch dimension included).
  virtual Shape output_shape(const Shape& input_shape) const { return input_shape; }
  /// Training or inference mode (dropout and batch norm behave differently).
  void set_training(bool training) { training_ = training; }
  bool training() const { return training_; }
  /// The layer's own random generator (Dropout's masks), or nullptr if it
  /// has none: a checkpoint saves its state so a resumed run draws the same
  /// masks (nn/checkpoint.hpp).
  virtual Rng* rng() { return nullptr; }
  void zero_grad();
  std::size_t parameter_count();

 protected:
  bool training_ = true;
};

}  // namespace nn
