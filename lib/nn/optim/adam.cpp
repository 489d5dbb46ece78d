#include "nn/optim/adam.hpp"

#include <cmath>

namespace nn {

Adam::Adam(std::vector<Parameter> parameters, float lr, float b1, float b2, float eps_)
    : Optimizer(std::move(parameters), lr),
      beta1(b1),
      beta2(b2),
      eps(eps_),
      m_(zero_state()),
      v_(zero_state()) {}

//! [adam-step]
void Adam::step() {
  ++t_;
  // The bias corrections in double: 1 - beta2^t is tiny for small t.
  const float correction1 = static_cast<float>(1 - std::pow(double{beta1}, t_));
  const float root_correction2 = static_cast<float>(std::sqrt(1 - std::pow(double{beta2}, t_)));
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    if (!parameters_[k].trainable()) continue;  // frozen (book chapter 10)
    float* w = parameters_[k].value->data();
    const float* dw = parameters_[k].grad->data();
    const float lambda = decay_for(parameters_[k]);
    const float l2 = decoupled_decay_ ? 0.0f : lambda;
    const float shrink = decoupled_decay_ ? 1 - learning_rate * lambda : 1.0f;
    float* m = m_[k].data();
    float* v = v_[k].data();
    for (std::size_t i = 0; i < m_[k].size(); ++i) {
      w[i] *= shrink;  // AdamW: decay before the step, from the old w
      const float g = dw[i] + l2 * w[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      // eta m^ / (sqrt(v^) + eps), written as torch writes it.
      w[i] -= learning_rate / correction1 * m[i] / (std::sqrt(v[i]) / root_correction2 + eps);
    }
  }
}
//! [adam-step]

AdamW::AdamW(std::vector<Parameter> parameters, float lr, float lambda, float b1, float b2,
             float eps_)
    : Adam(std::move(parameters), lr, b1, b2, eps_) {
  weight_decay = lambda;
  decoupled_decay_ = true;
}

}  // namespace nn
