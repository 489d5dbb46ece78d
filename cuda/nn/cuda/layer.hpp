#pragma once
// The GPU layers (book chapter 09): the same forward/backward contract as
// nn::Layer (lib/nn/layer.hpp), on DeviceTensors. Each GPU layer is built
// from the CPU layer it mirrors (copying its weights), so a model is defined
// once, on the CPU, with the same seed, and moved to the device whole.
//
// forward and backward return a reference to a tensor the layer owns and
// reuses: after the first batch a training step allocates no memory.
#include <string>
#include <vector>

#include "nn/cuda/tensor.hpp"
#include "nn/layer.hpp"

namespace nn::cuda {

/// A device weight and its gradient, named as on the CPU ("weight").
struct DeviceParameter {
  std::string name;
  DeviceTensor* value;
  DeviceTensor* grad;
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual std::string name() const = 0;
  /// y = f(x); caches what backward needs (a reference to x stays valid
  /// until backward: the tensors belong to the previous layer).
  virtual const DeviceTensor& forward(const DeviceTensor& x) = 0;
  /// dL/dx from dL/dy; ADDS dL/dW into every parameter's gradient.
  virtual const DeviceTensor& backward(const DeviceTensor& grad_output) = 0;
  virtual std::vector<DeviceParameter> parameters() { return {}; }
  /// Copies the weights back into the CPU layer this one was built from.
  virtual void copy_to(nn::Layer& /*cpu*/) const {}
  /// Training or inference mode (batch norm normalises differently).
  /// Virtual so that a layer holding other layers (Residual) passes it on.
  virtual void set_training(bool training) { training_ = training; }
  bool training() const { return training_; }

 protected:
  bool training_ = true;
};

/// Throws ShapeError "<who>: expected <expected>, got <actual>" unless equal.
void check_device_shape(const std::string& who, const Shape& expected, const Shape& actual);

}  // namespace nn::cuda
