// Chapter 01 exercises: write each body (the task is in ex.hpp), then run
// the tests: `tools/grade` or `build/tests/exercise_tests "[ch01]"`.
#include "01-logistic-regression/ex.hpp"

#include "nn/errors.hpp"

namespace ex01 {

float sigmoid(float /*z*/) { throw nn::NotImplemented("ex01::sigmoid"); }

float logistic_loss(const nn::Tensor& /*X*/, const nn::Tensor& /*y*/, const nn::Tensor& /*theta*/,
                    float /*b*/) {
  throw nn::NotImplemented("ex01::logistic_loss");
}

LogisticGradient logistic_gradient(const nn::Tensor& /*X*/, const nn::Tensor& /*y*/,
                                   const nn::Tensor& /*theta*/, float /*b*/) {
  throw nn::NotImplemented("ex01::logistic_gradient");
}

LogisticModel fit_logistic_regression(const nn::Tensor& /*X*/, const nn::Tensor& /*y*/,
                                      float /*lr*/, int /*steps*/) {
  throw nn::NotImplemented("ex01::fit_logistic_regression");
}

}  // namespace ex01
