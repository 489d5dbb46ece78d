#pragma once
// A GPU copy of an nn::Sequential (book chapter 09): the model is defined
// and initialised once, on the CPU, with its seed; cuda::Sequential copies
// it layer by layer to the device, trains it there, and copy_to() brings the
// weights back (to save them, plot them, or compare them with the CPU's).
#include <memory>
#include <vector>

#include "nn/cuda/layer.hpp"
#include "nn/sequential.hpp"

namespace nn::cuda {

class Sequential {
 public:
  /// Mirrors every layer of `cpu`. Throws nn::Error naming the first layer
  /// that has no GPU version yet (the list is in sequential.cpp).
  explicit Sequential(nn::Sequential& cpu);

  const DeviceTensor& forward(const DeviceTensor& x);
  const DeviceTensor& backward(const DeviceTensor& grad_output);
  /// Host batch in, host logits out, batch by batch (for evaluation).
  Tensor predict(const Tensor& x, int batch_size = 256);

  /// Every parameter, named "<index>.<name>" as on the CPU.
  std::vector<DeviceParameter> parameters();
  void zero_grad();
  void set_training(bool training);
  /// Writes the device weights into `cpu` (the model this one was built from).
  void copy_to(nn::Sequential& cpu) const;

  int size() const { return static_cast<int>(layers_.size()); }
  Layer& layer(int i) { return *layers_.at(static_cast<std::size_t>(i)); }

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
  DeviceTensor input_;  // predict()'s batch
};

/// The GPU twin of one CPU layer (nullptr if there is none yet).
std::unique_ptr<Layer> mirror(nn::Layer& cpu);

}  // namespace nn::cuda
