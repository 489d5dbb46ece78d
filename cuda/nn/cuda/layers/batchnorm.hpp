#pragma once
// BatchNorm2D on the GPU (book chapter 08's layer), torch.nn.BatchNorm2d's
// conventions (kernels/batchnorm.hpp): per channel, batch statistics in
// training mode, running statistics in inference mode; weight (gamma) and
// bias (beta) are the trainable parameters.
//
// Still to do when lib/ has nn::BatchNorm2D (branch `cifar`): a constructor
// from the CPU layer (copying gamma, beta and the running statistics), its
// copy_to, one line in mirror() (sequential.cpp), and a test against it.
#include "nn/cuda/layer.hpp"

namespace nn::cuda {

class BatchNorm2D : public Layer {
 public:
  /// gamma 1, beta 0, running mean 0, running variance 1 (torch's start).
  explicit BatchNorm2D(int channels, float eps = 1e-5f, float momentum = 0.1f);
  std::string name() const override { return "BatchNorm2D(" + std::to_string(channels_) + ")"; }
  /// x [N, C, H, W] or [N, C].
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;
  std::vector<DeviceParameter> parameters() override;
  DeviceTensor& running_mean() { return running_mean_; }
  DeviceTensor& running_var() { return running_var_; }

 private:
  int channels_;
  float eps_, momentum_;
  DeviceTensor gamma_, beta_, gamma_grad_, beta_grad_, running_mean_, running_var_;
  DeviceTensor mean_, inv_std_;  // of the last training-mode batch
  const DeviceTensor* input_ = nullptr;
  DeviceTensor output_, grad_input_;
};

}  // namespace nn::cuda
