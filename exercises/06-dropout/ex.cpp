// Chapter 06 exercises: write each body (the task is in ex.hpp), then run
// the tests: `tools/grade` or `build/tests/exercise_tests "[ch06]"`.
#include "06-dropout/ex.hpp"

#include "nn/errors.hpp"

namespace ex06 {

nn::Tensor dropout_forward(const nn::Tensor& /*x*/, const nn::Tensor& /*mask*/, float /*p*/) {
  throw nn::NotImplemented("ex06::dropout_forward");
}

nn::Tensor dropout_backward(const nn::Tensor& /*dy*/, const nn::Tensor& /*mask*/, float /*p*/) {
  throw nn::NotImplemented("ex06::dropout_backward");
}

float l2_penalty(const std::vector<nn::Tensor>& /*weights*/, float /*lambda*/) {
  throw nn::NotImplemented("ex06::l2_penalty");
}

void sgd_step_with_weight_decay(nn::Tensor& /*w*/, const nn::Tensor& /*g*/, float /*lr*/,
                                float /*lambda*/) {
  throw nn::NotImplemented("ex06::sgd_step_with_weight_decay");
}

EarlyStop early_stopping(const std::vector<double>& /*val_losses*/, int /*patience*/) {
  throw nn::NotImplemented("ex06::early_stopping");
}

}  // namespace ex06
