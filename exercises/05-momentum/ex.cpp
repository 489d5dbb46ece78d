// Chapter 05 exercises: write each body (the task is in ex.hpp), then run
// the tests: `tools/grade` or `build/tests/exercise_tests "[ch05]"`.
#include "05-momentum/ex.hpp"

#include "nn/errors.hpp"

namespace ex05 {

void momentum_step(nn::Tensor& /*w*/, const nn::Tensor& /*grad*/, nn::Tensor& /*velocity*/,
                   float /*lr*/, float /*mu*/) {
  throw nn::NotImplemented("ex05::momentum_step");
}

void nesterov_step(nn::Tensor& /*w*/, nn::Tensor& /*velocity*/, const GradientFn& /*gradient*/,
                   float /*lr*/, float /*mu*/) {
  throw nn::NotImplemented("ex05::nesterov_step");
}

void adam_step(nn::Tensor& /*w*/, const nn::Tensor& /*grad*/, AdamState& /*state*/, float /*lr*/,
               float /*beta1*/, float /*beta2*/, float /*eps*/) {
  throw nn::NotImplemented("ex05::adam_step");
}

}  // namespace ex05
