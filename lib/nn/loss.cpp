#include "nn/loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/softmax.hpp"

namespace nn {

std::vector<int> class_labels(const std::string& who, const Tensor& target, int classes) {
  if (target.rank() != 1)
    throw ShapeError(who + ": expected class labels of shape [N], got " +
                     to_string(target.shape()));
  std::vector<int> labels(target.size());
  for (std::size_t i = 0; i < target.size(); ++i) {
    const float v = target[i];
    if (!(v >= 0.0f && v < static_cast<float>(classes)) || v != std::floor(v))
      throw Error(who + ": label " + std::to_string(v) + " of sample " + std::to_string(i) +
                  " is not a class in 0.." + std::to_string(classes - 1));
    labels[i] = static_cast<int>(v);
  }
  return labels;
}

// Logits and labels of a two-class problem: [N, 1] or [N] logits, [N] or [N, 1] labels.
static void check_binary(const std::string& who, const Tensor& logits, const Tensor& target) {
  const bool column = logits.rank() == 1 || (logits.rank() == 2 && logits.dim(1) == 1);
  if (!column || target.size() != logits.size())
    throw ShapeError(who + ": expected logits [N, 1] and labels [N], got " +
                     to_string(logits.shape()) + " and " + to_string(target.shape()));
}

float MSE::forward(const Tensor& p, const Tensor& t) {
  check_shape(name() + " target", p.shape(), t.shape());
  diff_ = Tensor(p.shape());
  double sum = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    diff_[i] = p[i] - t[i];
    sum += static_cast<double>(diff_[i]) * diff_[i];
  }
  return static_cast<float>(sum / p.size());
}

Tensor MSE::backward() {
  Tensor g(diff_.shape());
  const float scale = 2.0f / static_cast<float>(diff_.size());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = scale * diff_[i];
  return g;
}

//! [bce-forward]
float BinaryCrossEntropy::forward(const Tensor& z, const Tensor& y) {
  check_binary(name(), z, y);
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] != 0.0f && y[i] != 1.0f)
      throw Error(name() + ": label " + std::to_string(y[i]) + " of sample " + std::to_string(i) +
                  " is not 0 or 1");
  logits_ = z;
  target_ = y;
  double sum = 0.0;
  for (std::size_t i = 0; i < z.size(); ++i)
    sum += std::max(z[i], 0.0f) - z[i] * y[i] + std::log1p(std::exp(-std::fabs(z[i])));
  return static_cast<float>(sum / z.size());
}
//! [bce-forward]

//! [bce-backward]
Tensor BinaryCrossEntropy::backward() {
  Tensor g(logits_.shape());
  const float n = static_cast<float>(logits_.size());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = (sigmoid(logits_[i]) - target_[i]) / n;
  return g;
}
//! [bce-backward]

float SoftmaxCrossEntropy::forward(const Tensor& z, const Tensor& target) {
  if (z.rank() != 2)
    throw ShapeError(name() + ": expected logits [N, C], got " + to_string(z.shape()));
  if (target.size() != static_cast<std::size_t>(z.rows()))
    throw ShapeError(name() + ": " + std::to_string(z.rows()) + " rows of logits " +
                     to_string(z.shape()) + " but labels " + to_string(target.shape()));
  labels_ = class_labels(name(), target, z.dim(1));
  probabilities_ = softmax(z);
  // -log softmax(z)_y = log(sum_k e^{z_k - m}) - (z_y - m), with m = max z:
  // exact even where softmax(z)_y itself rounds to 0 in float.
  double sum = 0.0;
  const int c = z.dim(1);
  for (int i = 0; i < z.rows(); ++i) {
    const float* row = z.row(i);
    const float m = *std::max_element(row, row + c);
    double exp_sum = 0.0;
    for (int j = 0; j < c; ++j) exp_sum += std::exp(static_cast<double>(row[j]) - m);
    sum += std::log(exp_sum) - (static_cast<double>(row[labels_[i]]) - m);
  }
  return static_cast<float>(sum / z.rows());
}

//! [softmax-cross-entropy-backward]
Tensor SoftmaxCrossEntropy::backward() {
  Tensor g = probabilities_;
  const float n = static_cast<float>(g.rows());
  for (int i = 0; i < g.rows(); ++i) g.at(i, labels_[i]) -= 1.0f;
  for (float& v : g.values()) v /= n;
  return g;
}
//! [softmax-cross-entropy-backward]

float MulticlassHinge::forward(const Tensor& s, const Tensor& target) {
  if (s.rank() != 2)
    throw ShapeError(name() + ": expected scores [N, C], got " + to_string(s.shape()));
  if (target.size() != static_cast<std::size_t>(s.rows()))
    throw ShapeError(name() + ": " + std::to_string(s.rows()) + " rows of scores " +
                     to_string(s.shape()) + " but labels " + to_string(target.shape()));
  //! [hinge]
  const std::vector<int> y = class_labels(name(), target, s.dim(1));
  const int n = s.rows(), c = s.dim(1);
  grad_ = Tensor(s.shape());
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    const float correct = s.at(i, y[i]);
    for (int j = 0; j < c; ++j) {
      if (j == y[i]) continue;
      const float margin = s.at(i, j) - correct + margin_;
      if (margin > 0.0f) {
        sum += margin;
        grad_.at(i, j) += 1.0f / n;
        grad_.at(i, y[i]) -= 1.0f / n;
      }
    }
  }
  return static_cast<float>(sum / n);
  //! [hinge]
}

Tensor MulticlassHinge::backward() { return grad_; }

double accuracy(const Tensor& prediction, const Tensor& target) {
  const int n = prediction.rows();
  if (n == 0 || target.size() != static_cast<std::size_t>(n)) return std::nan("");
  int correct = 0;
  if (prediction.size() == static_cast<std::size_t>(n)) {  // one logit per sample
    for (int i = 0; i < n; ++i) correct += (prediction[i] > 0.0f) == (target[i] > 0.5f);
  } else {
    const std::vector<int> predicted = argmax_rows(prediction);
    for (int i = 0; i < n; ++i) correct += predicted[i] == static_cast<int>(target[i]);
  }
  return static_cast<double>(correct) / n;
}

}  // namespace nn
