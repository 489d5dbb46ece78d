#pragma once
// Layer: the unit of layer-level backpropagation (book chapter 03).
//
//   y  = forward(x)      computes the output and caches what backward needs;
//   dx = backward(dy)    given dL/dy, returns dL/dx and ADDS dL/dW to the
//                        gradient of every parameter W (so gradients of
//                        several backward passes accumulate until zero_grad).
#include <string>
#include <utility>
#include <vector>

#include "nn/tensor.hpp"

namespace nn {

class Rng;

/// A trainable tensor and its gradient, named as PyTorch names it ("weight").
struct Parameter {
  std::string name;
  Tensor* value;
  Tensor* grad;
  /// The owning layer's trainable flag (Layer::set_trainable), read at every
  /// step, so freezing a layer after its optimiser was made still holds.
  /// nullptr: always trainable.
  const bool* layer_trainable = nullptr;
  /// False for a frozen parameter: every optimiser leaves it as it is.
  bool trainable() const { return layer_trainable == nullptr || *layer_trainable; }
};

/// A tensor the layer keeps and saves but does not train: batch norm's
/// running statistics. PyTorch calls it a buffer and keeps it in the
/// state_dict beside the parameters. `int64` marks a counter that PyTorch
/// stores as a 0-dimensional 64-bit integer (num_batches_tracked): here it is
/// a one-element float tensor holding a whole number, and a checkpoint
/// stores it as PyTorch does, an I64 scalar of shape [].
struct Buffer {
  std::string name;
  Tensor* value;
  bool int64 = false;
};

class Layer {
 public:
  virtual ~Layer() = default;
  /// What the layer is, with its sizes: "Dense(784 -> 128)".
  virtual std::string name() const = 0;
  virtual Tensor forward(const Tensor& x) = 0;
  virtual Tensor backward(const Tensor& grad_output) = 0;
  /// The same as forward(x) and backward(dy), for a caller that has no more
  /// use for its argument and hands it over (Sequential passes each layer's
  /// output on to the next this way). A layer whose result has the shape of
  /// its argument may then compute it in the argument's own storage: ReLU
  /// does, which saves a megabytes-large allocation, its zero fill and a copy
  /// per call. By default they call forward(x) and backward(dy).
  virtual Tensor forward_in_place(Tensor x) { return forward(x); }
  virtual Tensor backward_in_place(Tensor grad_output) { return backward(grad_output); }
  virtual std::vector<Parameter> parameters() { return {}; }
  /// Non-trainable state that a checkpoint must keep (none for most layers).
  virtual std::vector<Buffer> buffers() { return {}; }
  /// The output shape for an input shape (batch dimension included).
  virtual Shape output_shape(const Shape& input_shape) const { return input_shape; }
  /// Training or inference mode (dropout and batch norm behave differently).
  /// Virtual so that a layer holding other layers (Residual) passes it on.
  virtual void set_training(bool training) { training_ = training; }
  bool training() const { return training_; }
  /// Whether backward must return dL/dx. Sequential switches it off for the
  /// first layer of a network that is being trained: nothing reads the
  /// gradient with respect to the input images, and for Dense and Conv2D it
  /// costs as much as the weight gradient. Such a layer returns an empty
  /// Tensor from backward (parameter gradients are accumulated as always).
  void set_input_gradient(bool needed) { input_gradient_ = needed; }
  bool input_gradient() const { return input_gradient_; }
  /// Freezing (book chapter 10), Keras's `layer.trainable = False`: a frozen
  /// layer's parameters are left alone by every optimiser, its backward does
  /// not compute their gradients (it still returns dL/dx), and batch norm
  /// keeps its running statistics (it normalises as in inference). Virtual so
  /// that a layer holding other layers (Residual) passes it on.
  virtual void set_trainable(bool trainable) { trainable_ = trainable; }
  bool trainable() const { return trainable_; }
  /// The layer's own random generator (Dropout's masks), or nullptr if it
  /// has none: a checkpoint saves its state so a resumed run draws the same
  /// masks (nn/checkpoint.hpp).
  virtual Rng* rng() { return nullptr; }
  void zero_grad();
  std::size_t parameter_count();

 protected:
  /// A parameter of this layer, marked frozen or not by trainable_.
  Parameter parameter(std::string name, Tensor& value, Tensor& grad) const {
    return {std::move(name), &value, &grad, &trainable_};
  }
  bool training_ = true;
  bool input_gradient_ = true;
  bool trainable_ = true;
};

}  // namespace nn
