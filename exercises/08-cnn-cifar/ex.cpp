// Chapter 08 exercises: write each body (the task is in ex.hpp), then run
// the tests: `tools/grade` or `build/tests/exercise_tests "[ch08]"`.
#include "08-cnn-cifar/ex.hpp"

#include "nn/errors.hpp"

namespace ex08 {

nn::Tensor batchnorm_forward(const nn::Tensor& /*x*/, const nn::Tensor& /*gamma*/,
                             const nn::Tensor& /*beta*/, float /*eps*/, BatchNormCache& /*cache*/) {
  throw nn::NotImplemented("ex08::batchnorm_forward");
}

nn::Tensor batchnorm_backward(const nn::Tensor& /*dy*/, const nn::Tensor& /*gamma*/,
                              const BatchNormCache& /*cache*/, nn::Tensor& /*dgamma*/,
                              nn::Tensor& /*dbeta*/) {
  throw nn::NotImplemented("ex08::batchnorm_backward");
}

nn::Tensor residual_backward(nn::Sequential& /*body*/, nn::Sequential& /*shortcut*/,
                             const nn::Tensor& /*dy*/) {
  throw nn::NotImplemented("ex08::residual_backward");
}

nn::Tensor random_crop(const nn::Tensor& /*image*/, int /*pad*/, int /*top*/, int /*left*/) {
  throw nn::NotImplemented("ex08::random_crop");
}

}  // namespace ex08
