#pragma once
// A residual block on the GPU, the twin of nn::Residual (lib/nn/layers/
// residual.hpp, book chapter 08):
//
//     forward   y  = body(x) + shortcut(x)          (shortcut = identity, or a projection)
//     backward  dx = body.backward(dy) + shortcut.backward(dy)   (identity: + dy)
//
// body and shortcut are GPU Sequentials mirrored from the CPU block's own
// (every layer inside is built from its CPU layer, as cuda::Sequential builds
// any model), so a ResNet moves to the device whole. Kernel: the sums are
// kernels/elementwise.hpp's add.
#include "nn/cuda/sequential.hpp"
#include "nn/layers/residual.hpp"

namespace nn::cuda {

class Residual : public Layer {
 public:
  /// Mirrors the CPU block's body and (possibly empty) shortcut.
  explicit Residual(nn::Residual& cpu);
  std::string name() const override { return name_; }  // "Residual(5 layers + projection)"
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;
  /// "body.0.weight", ..., "shortcut.1.bias", as nn::Residual names them.
  std::vector<DeviceParameter> parameters() override;
  /// Both paths' weights (and batch-norm statistics) into the CPU block.
  void copy_to(nn::Layer& cpu) const override;
  void set_training(bool training) override;
  bool has_projection() const { return shortcut_.size() > 0; }

 private:
  std::string name_;
  Sequential body_, shortcut_;
  Shape input_shape_;
  DeviceTensor output_, grad_input_;
};

}  // namespace nn::cuda
