// Chapter 02 exercises: write each body (the task is in ex.hpp), then run
// the tests: `tools/grade` or `build/tests/exercise_tests "[ch02]"`.
#include "02-xor-mlp/ex.hpp"

#include "nn/errors.hpp"

namespace ex02 {

nn::Tensor xor_features(const nn::Tensor& /*X*/) { throw nn::NotImplemented("ex02::xor_features"); }

StepNetwork step_network() { throw nn::NotImplemented("ex02::step_network"); }

nn::Tensor tanh_backward(const nn::Tensor& /*y*/, const nn::Tensor& /*dy*/) {
  throw nn::NotImplemented("ex02::tanh_backward");
}

float xor_mlp_step(XorMlp& /*net*/, const nn::Tensor& /*X*/, const nn::Tensor& /*y*/,
                   float /*lr*/) {
  throw nn::NotImplemented("ex02::xor_mlp_step");
}

}  // namespace ex02
