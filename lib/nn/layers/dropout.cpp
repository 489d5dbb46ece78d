#include "nn/layers/dropout.hpp"

#include <fmt/format.h>

#include "nn/errors.hpp"

namespace nn {

Dropout::Dropout(float rate, Rng rng) : rate_(rate), rng_(rng) {
  if (!(rate >= 0.0f && rate < 1.0f))
    throw Error(
        fmt::format("Dropout: the rate is the probability of dropping a unit and must be "
                    "in [0, 1), got {}",
                    rate));
}

std::string Dropout::name() const { return fmt::format("Dropout({})", rate_); }

//! [dropout-forward]
Tensor Dropout::forward(const Tensor& x) {
  identity_ = !training();
  if (identity_) return x;  // inverted dropout: inference needs no rescaling
  if (frozen_ && !mask_.empty()) return forward_with_mask(x, mask_);
  Tensor mask(x.shape());
  // Keep a unit when u < 1 - p, u uniform in [0, 1): probability exactly 1 - p.
  const float keep = 1.0f - rate_;
  for (float& m : mask.values()) m = rng_.uniform() < keep ? 1.0f : 0.0f;
  return forward_with_mask(x, mask);
}
//! [dropout-forward]

Tensor Dropout::forward_with_mask(const Tensor& x, const Tensor& mask) {
  check_shape(name() + " mask", x.shape(), mask.shape());
  for (float m : mask.values())
    if (m != 0.0f && m != 1.0f)
      throw Error(name() + ": a mask holds only 0 (drop) and 1 (keep), found " +
                  fmt::format("{}", m));
  identity_ = false;
  mask_ = mask;
  const float scale = 1.0f / (1.0f - rate_);
  Tensor y(x.shape());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] * mask_[i] * scale;
  return y;
}

//! [dropout-backward]
Tensor Dropout::backward(const Tensor& dy) {
  if (identity_) return dy;
  check_shape(name() + " backward", mask_.shape(), dy.shape());
  // y = x m / (1 - p) is linear in x: the same mask and scale carry dy back.
  const float scale = 1.0f / (1.0f - rate_);
  Tensor dx(dy.shape());
  for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * mask_[i] * scale;
  return dx;
}
//! [dropout-backward]

}  // namespace nn
