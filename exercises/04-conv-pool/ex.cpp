// Chapter 04 exercises: write each body (the task is in ex.hpp), then run
// the tests: `tools/grade` or `build/tests/exercise_tests "[ch04]"`.
#include "04-conv-pool/ex.hpp"

#include "nn/errors.hpp"

namespace ex04 {

nn::Tensor conv2d_forward(const nn::Tensor& /*image*/, const nn::Tensor& /*weight*/,
                          const nn::Tensor& /*bias*/, int /*stride*/, int /*padding*/) {
  throw nn::NotImplemented("ex04::conv2d_forward");
}

nn::Tensor maxpool_backward(const nn::Tensor& /*x*/, const nn::Tensor& /*grad_output*/,
                            int /*kernel*/, int /*stride*/) {
  throw nn::NotImplemented("ex04::maxpool_backward");
}

nn::Tensor im2col(const nn::Tensor& /*image*/, int /*kernel_h*/, int /*kernel_w*/, int /*stride*/,
                  int /*padding*/) {
  throw nn::NotImplemented("ex04::im2col");
}

}  // namespace ex04
