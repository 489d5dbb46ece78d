#include "nn/optim/adaptive.hpp"

#include <cmath>

namespace nn {

AdaGrad::AdaGrad(std::vector<Parameter> parameters, float lr, float eps_)
    : Optimizer(std::move(parameters), lr), eps(eps_), cache_(zero_state()) {}

//! [adagrad-step]
void AdaGrad::step() {
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    if (!parameters_[k].trainable()) continue;  // frozen (book chapter 10)
    float* w = parameters_[k].value->data();
    const float* dw = parameters_[k].grad->data();
    const float lambda = decay_for(parameters_[k]);
    float* cache = cache_[k].data();
    for (std::size_t i = 0; i < cache_[k].size(); ++i) {
      const float g = dw[i] + lambda * w[i];
      cache[i] += g * g;
      w[i] -= learning_rate * g / (std::sqrt(cache[i]) + eps);
    }
  }
}
//! [adagrad-step]

RMSprop::RMSprop(std::vector<Parameter> parameters, float lr, float rho_, float eps_)
    : Optimizer(std::move(parameters), lr), rho(rho_), eps(eps_), cache_(zero_state()) {}

//! [rmsprop-step]
void RMSprop::step() {
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    if (!parameters_[k].trainable()) continue;  // frozen (book chapter 10)
    float* w = parameters_[k].value->data();
    const float* dw = parameters_[k].grad->data();
    const float lambda = decay_for(parameters_[k]);
    float* cache = cache_[k].data();
    for (std::size_t i = 0; i < cache_[k].size(); ++i) {
      const float g = dw[i] + lambda * w[i];
      cache[i] = rho * cache[i] + (1 - rho) * g * g;
      w[i] -= learning_rate * g / (std::sqrt(cache[i]) + eps);
    }
  }
}
//! [rmsprop-step]

}  // namespace nn
