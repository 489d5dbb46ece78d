// Chapter 07: model answers.
#include "07-cnn-mnist/ex.hpp"

#include <algorithm>
#include <numeric>

#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"

namespace ex07 {

nn::Sequential build_convnet(nn::Rng& rng) {
  // 28 -conv3-> 26 -pool2-> 13 -conv3-> 11 -pool2-> 5, so Flatten gives 64 * 5 * 5.
  nn::Sequential model;
  model.add<nn::Conv2D>(1, 32, 3, rng);
  model.add<nn::ReLU>();
  model.add<nn::MaxPool2D>(2);
  model.add<nn::Conv2D>(32, 64, 3, rng);
  model.add<nn::ReLU>();
  model.add<nn::MaxPool2D>(2);
  model.add<nn::Flatten>();
  model.add<nn::Dense>(64 * 5 * 5, 128, rng, true);
  model.add<nn::ReLU>();
  model.add<nn::Dense>(128, 10, rng);
  return model;
}

int output_size(int in, int kernel, int stride, int padding) {
  const int span = in + 2 * padding - kernel;  // room left for the window to slide
  if (span < 0)
    throw nn::ShapeError("output_size: window " + std::to_string(kernel) +
                         " larger than the padded input " + std::to_string(in + 2 * padding));
  return span / stride + 1;
}

std::vector<std::vector<int>> confusion_counts(const nn::Tensor& scores,
                                               const std::vector<int>& labels) {
  if (scores.rank() != 2 || scores.rows() != static_cast<int>(labels.size()))
    throw nn::ShapeError("confusion_counts: scores " + nn::to_string(scores.shape()) + " for " +
                         std::to_string(labels.size()) + " labels");
  const int classes = scores.dim(1);
  std::vector<std::vector<int>> counts(classes, std::vector<int>(classes, 0));
  const std::vector<int> predicted = nn::argmax_rows(scores);
  for (std::size_t i = 0; i < labels.size(); ++i) ++counts[labels[i]][predicted[i]];
  return counts;
}

std::vector<int> most_confident_mistakes(const nn::Tensor& probabilities,
                                         const std::vector<int>& labels, int k) {
  const std::vector<int> predicted = nn::argmax_rows(probabilities);
  std::vector<int> wrong;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (predicted[i] != labels[i]) wrong.push_back(static_cast<int>(i));
  // stable_sort keeps equal confidences in index order.
  std::stable_sort(wrong.begin(), wrong.end(), [&](int a, int b) {
    return probabilities.at(a, predicted[a]) > probabilities.at(b, predicted[b]);
  });
  if (static_cast<int>(wrong.size()) > k) wrong.resize(k);
  return wrong;
}

}  // namespace ex07
