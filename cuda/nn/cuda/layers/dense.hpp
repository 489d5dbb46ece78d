#pragma once
// Dense on the GPU, the twin of nn::Dense (lib/nn/layers/dense.hpp):
//   forward   y  = x W^T + b          (sgemm, then the bias on every row)
//   backward  dW += dy^T x,  db += column sums of dy,  dx = dy W
// Kernels: sgemm.hpp (the products), kernels/elementwise.hpp (add_row_bias)
// and kernels/reduce.hpp (column_sums).
#include "nn/cuda/layer.hpp"
#include "nn/layers/dense.hpp"

namespace nn::cuda {

class Dense : public Layer {
 public:
  /// Copies the CPU layer's weight [out, in] and bias [out]; gradients start at zero.
  explicit Dense(nn::Dense& cpu);
  std::string name() const override { return name_; }
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;
  std::vector<DeviceParameter> parameters() override;
  void copy_to(nn::Layer& cpu) const override;

 private:
  std::string name_;
  int in_, out_;
  DeviceTensor weight_, bias_, weight_grad_, bias_grad_;
  const DeviceTensor* input_ = nullptr;
  DeviceTensor output_, grad_input_;
};

}  // namespace nn::cuda
