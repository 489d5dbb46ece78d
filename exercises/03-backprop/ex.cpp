// Chapter 03 exercises: write each body (the task is in ex.hpp), then run
// the tests: `tools/grade` or `build/tests/exercise_tests "[ch03]"`.
#include "03-backprop/ex.hpp"

#include "nn/errors.hpp"

namespace ex03 {

DenseGrads dense_backward(const nn::Tensor& /*x*/, const nn::Tensor& /*W*/,
                          const nn::Tensor& /*dy*/) {
  throw nn::NotImplemented("ex03::dense_backward");
}

LossAndGrad softmax_cross_entropy(const nn::Tensor& /*logits*/,
                                  const std::vector<int>& /*labels*/) {
  throw nn::NotImplemented("ex03::softmax_cross_entropy");
}

LossAndGrad multiclass_hinge(const nn::Tensor& /*scores*/, const std::vector<int>& /*labels*/,
                             float /*margin*/) {
  throw nn::NotImplemented("ex03::multiclass_hinge");
}

double numerical_derivative(const std::function<double(double)>& /*f*/, double /*x*/,
                            double /*h*/) {
  throw nn::NotImplemented("ex03::numerical_derivative");
}

}  // namespace ex03
