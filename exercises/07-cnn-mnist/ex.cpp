// Chapter 07 exercises: write each body (the task is in ex.hpp), then run
// the tests: `tools/grade` or `build/tests/exercise_tests "[ch07]"`.
#include "07-cnn-mnist/ex.hpp"

#include "nn/errors.hpp"

namespace ex07 {

nn::Sequential build_convnet(nn::Rng& /*rng*/) { throw nn::NotImplemented("ex07::build_convnet"); }

int output_size(int /*in*/, int /*kernel*/, int /*stride*/, int /*padding*/) {
  throw nn::NotImplemented("ex07::output_size");
}

std::vector<std::vector<int>> confusion_counts(const nn::Tensor& /*scores*/,
                                               const std::vector<int>& /*labels*/) {
  throw nn::NotImplemented("ex07::confusion_counts");
}

std::vector<int> most_confident_mistakes(const nn::Tensor& /*probabilities*/,
                                         const std::vector<int>& /*labels*/, int /*k*/) {
  throw nn::NotImplemented("ex07::most_confident_mistakes");
}

}  // namespace ex07
