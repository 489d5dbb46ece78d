#pragma once
// Batch normalisation over the channels of an NCHW batch (Ioffe and Szegedy
// 2015), book chapter 08, as torch.nn.BatchNorm2d computes it. For channel c,
// over the m = N*H*W values x_i of that channel in the batch:
//
//   training   mu = mean(x_i),  var = mean((x_i - mu)^2)       (biased)
//              xhat_i = (x_i - mu) / sqrt(var + eps)
//              y_i = gamma * xhat_i + beta
//              running_mean <- (1 - momentum) running_mean + momentum mu
//              running_var  <- (1 - momentum) running_var  + momentum var * m / (m - 1)
//   inference  y_i = gamma * (x_i - running_mean) / sqrt(running_var + eps) + beta
//
// backward (training mode; every x_i moves mu and var, hence the two sums):
//   dgamma = sum(dy_i xhat_i),  dbeta = sum(dy_i)
//   dx_i = gamma / sqrt(var + eps) * (dy_i - dbeta / m - xhat_i * dgamma / m)
// In inference mode the layer is a fixed per-channel affine map:
//   dx_i = gamma / sqrt(running_var + eps) * dy_i.
//
// Names as in PyTorch's state_dict: parameters "weight" (gamma) and "bias"
// (beta); buffers "running_mean", "running_var" and "num_batches_tracked".
// GPU twin: cuda::BatchNorm2D, cuda/nn/cuda/layers/batchnorm.cpp, kernels/batchnorm.cu.
#include "nn/layer.hpp"

namespace nn {

class BatchNorm2D : public Layer {
 public:
  explicit BatchNorm2D(int channels, float momentum = 0.1f, float eps = 1e-5f);

  std::string name() const override;  // "BatchNorm2D(32)"
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
  std::vector<Parameter> parameters() override;
  std::vector<Buffer> buffers() override;

  int channels() const { return channels_; }
  float momentum() const { return momentum_; }
  float eps() const { return eps_; }
  Tensor& gamma() { return gamma_; }
  Tensor& beta() { return beta_; }
  Tensor& running_mean() { return running_mean_; }
  Tensor& running_var() { return running_var_; }
  /// Training-mode forward passes seen so far.
  long batches_tracked() const { return static_cast<long>(batches_tracked_[0]); }

 protected:
  /// Checks that x is [N, channels, H, W] with N*H*W > 1 in training mode.
  void check_input(const Tensor& x) const;
  /// Whether forward normalises with this batch's statistics and updates the
  /// running ones: in training mode, unless frozen (a frozen layer is a
  /// fixed map, as Keras freezes batch norm for fine-tuning).
  bool batch_statistics() const { return training() && trainable(); }
  int channels_;
  float momentum_, eps_;
  Tensor gamma_, beta_, gamma_grad_, beta_grad_;
  Tensor running_mean_, running_var_, batches_tracked_;
  // Saved by forward for backward: xhat, and 1 / sqrt(var + eps) per channel.
  Tensor xhat_, inv_std_;
  bool last_was_training_ = true;
};

}  // namespace nn
