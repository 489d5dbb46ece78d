#pragma once
// BatchNorm2D on the GPU, the twin of nn::BatchNorm2D (lib/nn/layers/
// batchnorm.{hpp,cpp}, book chapter 08), with torch.nn.BatchNorm2d's
// conventions: per channel, batch statistics in training mode, running
// statistics in inference mode; weight (gamma) and bias (beta) are the
// trainable parameters, the running statistics are buffers that copy_to()
// brings back with the weights (a saved model needs them). Kernels:
// kernels/batchnorm.{hpp,cu}.
#include "nn/cuda/layer.hpp"
#include "nn/layers/batchnorm.hpp"

namespace nn::cuda {

class BatchNorm2D : public Layer {
 public:
  /// gamma 1, beta 0, running mean 0, running variance 1 (torch's start).
  explicit BatchNorm2D(int channels, float eps = 1e-5f, float momentum = 0.1f);
  /// Copies the CPU layer's gamma, beta, running statistics, eps and momentum.
  explicit BatchNorm2D(nn::BatchNorm2D& cpu);
  std::string name() const override { return "BatchNorm2D(" + std::to_string(channels_) + ")"; }
  /// x [N, C, H, W] or [N, C].
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;
  std::vector<DeviceParameter> parameters() override;
  /// gamma, beta, the running statistics and the count of training batches.
  void copy_to(nn::Layer& cpu) const override;
  DeviceTensor& running_mean() { return running_mean_; }
  DeviceTensor& running_var() { return running_var_; }

 private:
  int channels_;
  float eps_, momentum_;
  long batches_tracked_ = 0;  // training-mode forwards, as nn::BatchNorm2D counts them
  DeviceTensor gamma_, beta_, gamma_grad_, beta_grad_, running_mean_, running_var_;
  DeviceTensor mean_, inv_std_;  // of the last training-mode batch
  const DeviceTensor* input_ = nullptr;
  DeviceTensor output_, grad_input_;
  DeviceBuffer<float> scratch_;  // the kernels' per-channel temporaries
};

}  // namespace nn::cuda
