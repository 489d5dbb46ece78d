#include "nn/layers/batchnorm.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <vector>

#include "nn/errors.hpp"
#include "nn/reduce.hpp"  // channel_sums: in double, in a fixed order

namespace nn {

BatchNorm2D::BatchNorm2D(int channels, float momentum, float eps)
    : channels_(channels),
      momentum_(momentum),
      eps_(eps),
      gamma_({channels}, 1.0f),
      beta_({channels}, 0.0f),
      gamma_grad_({channels}),
      beta_grad_({channels}),
      running_mean_({channels}, 0.0f),
      running_var_({channels}, 1.0f),
      batches_tracked_({1}, 0.0f) {
  if (channels < 1)
    throw Error(fmt::format("BatchNorm2D: channels must be positive, got {}", channels));
}

std::string BatchNorm2D::name() const { return fmt::format("BatchNorm2D({})", channels_); }

std::vector<Parameter> BatchNorm2D::parameters() {
  return {parameter("weight", gamma_, gamma_grad_), parameter("bias", beta_, beta_grad_)};
}

std::vector<Buffer> BatchNorm2D::buffers() {
  return {{"running_mean", &running_mean_},
          {"running_var", &running_var_},
          {"num_batches_tracked", &batches_tracked_, /*int64=*/true}};
}

void BatchNorm2D::check_input(const Tensor& x) const {
  if (x.rank() != 4 || x.dim(1) != channels_)
    throw ShapeError(
        fmt::format("{}: expected [N, {}, H, W], got {}", name(), channels_, to_string(x.shape())));
  if (batch_statistics() && x.size() / channels_ < 2)
    throw ShapeError(fmt::format("{}: training needs more than one value per channel, got {}",
                                 name(), to_string(x.shape())));
}

//! [batchnorm-forward]
Tensor BatchNorm2D::forward(const Tensor& x) {
  check_input(x);
  const int n = x.dim(0), plane = x.dim(2) * x.dim(3);
  const double m = static_cast<double>(n) * plane;  // values per channel
  last_was_training_ = batch_statistics();
  xhat_ = Tensor(x.shape());
  inv_std_ = Tensor({channels_});
  Tensor y(x.shape());
  std::vector<double> mean(channels_), var(channels_);
  if (batch_statistics()) {  // statistics of this batch, summed in double
    const auto sums = channel_sums<1>(
        n, channels_, plane, [&](int, std::size_t at) { return std::array<double, 1>{x[at]}; });
    for (int c = 0; c < channels_; ++c) mean[c] = sums[c] / m;
    const auto squares = channel_sums<1>(n, channels_, plane, [&](int c, std::size_t at) {
      const double d = x[at] - mean[c];
      return std::array<double, 1>{d * d};
    });
    for (int c = 0; c < channels_; ++c) {
      var[c] = squares[c] / m;
      // PyTorch keeps the unbiased variance for inference.
      running_mean_[c] = (1 - momentum_) * running_mean_[c] + momentum_ * mean[c];
      running_var_[c] = (1 - momentum_) * running_var_[c] + momentum_ * var[c] * m / (m - 1);
    }
  } else {
    for (int c = 0; c < channels_; ++c) mean[c] = running_mean_[c], var[c] = running_var_[c];
  }
#pragma omp parallel for schedule(static)
  for (int c = 0; c < channels_; ++c) {
    const float inv_std = static_cast<float>(1.0 / std::sqrt(var[c] + eps_));
    inv_std_[c] = inv_std;
    for (int i = 0; i < n; ++i) {
      const std::size_t at = (static_cast<std::size_t>(i) * channels_ + c) * plane;
      for (int p = 0; p < plane; ++p) {
        const float xhat = (x[at + p] - static_cast<float>(mean[c])) * inv_std;
        xhat_[at + p] = xhat;
        y[at + p] = gamma_[c] * xhat + beta_[c];
      }
    }
  }
  if (batch_statistics()) batches_tracked_[0] += 1;
  return y;
}
//! [batchnorm-forward]

//! [batchnorm-backward]
Tensor BatchNorm2D::backward(const Tensor& dy) {
  check_shape(name() + " backward", xhat_.shape(), dy.shape());
  const int n = dy.dim(0), plane = dy.dim(2) * dy.dim(3);
  const double m = static_cast<double>(n) * plane;
  Tensor dx(dy.shape());
  // dgamma and dbeta of every channel: sums[2c] and sums[2c + 1].
  const auto sums = channel_sums<2>(dy.dim(0), channels_, plane, [&](int, std::size_t at) {
    return std::array<double, 2>{static_cast<double>(dy[at]) * xhat_[at], dy[at]};
  });
#pragma omp parallel for schedule(static)
  for (int c = 0; c < channels_; ++c) {
    const double dgamma = sums[2 * c], dbeta = sums[2 * c + 1];
    if (trainable()) {  // a frozen layer's gamma and beta get no gradient
      gamma_grad_[c] += static_cast<float>(dgamma);
      beta_grad_[c] += static_cast<float>(dbeta);
    }
    const float scale = gamma_[c] * inv_std_[c];
    // Inference mode: mu and var are constants, so only the direct path remains.
    const float mean_dy = last_was_training_ ? static_cast<float>(dbeta / m) : 0.0f;
    const float mean_dy_xhat = last_was_training_ ? static_cast<float>(dgamma / m) : 0.0f;
    for (int i = 0; i < n; ++i) {
      const std::size_t at = (static_cast<std::size_t>(i) * channels_ + c) * plane;
      for (int p = 0; p < plane; ++p)
        dx[at + p] = scale * (dy[at + p] - mean_dy - xhat_[at + p] * mean_dy_xhat);
    }
  }
  return dx;
}
//! [batchnorm-backward]

}  // namespace nn
