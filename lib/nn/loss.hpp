#pragma once
// Loss functions, book chapters 01 and 03. forward() returns the MEAN loss
// over the batch and caches what backward() needs; backward() returns
// dL/dprediction for that mean (so it already carries the 1/N).
//
// Targets: class indices as floats, shape [N], for the classification losses;
// the same shape as the prediction for MSE; 0/1 labels, shape [N] or [N, 1],
// for binary cross-entropy.
#include <string>

#include "nn/tensor.hpp"

namespace nn {

class Loss {
 public:
  virtual ~Loss() = default;
  virtual std::string name() const = 0;
  virtual float forward(const Tensor& prediction, const Tensor& target) = 0;
  virtual Tensor backward() = 0;
};

/// Mean squared error over all elements: mean((p - t)^2), as torch.nn.MSELoss.
class MSE : public Loss {
 public:
  std::string name() const override { return "MSE"; }
  float forward(const Tensor& prediction, const Tensor& target) override;
  Tensor backward() override;

 private:
  Tensor diff_;  // p - t
};

/// Binary cross-entropy on logits z (one column): -[y log s(z) + (1-y) log(1-s(z))],
/// computed as max(z,0) - z y + log(1 + e^-|z|) so it never takes log(0).
/// Gradient: (sigmoid(z) - y) / N.
class BinaryCrossEntropy : public Loss {
 public:
  std::string name() const override { return "BinaryCrossEntropy"; }
  float forward(const Tensor& logits, const Tensor& target) override;
  Tensor backward() override;

 private:
  Tensor logits_, target_;
};

/// Softmax followed by cross-entropy, on logits [N, C]:  -log softmax(z)_y.
/// Gradient: (softmax(z) - onehot(y)) / N.
class SoftmaxCrossEntropy : public Loss {
 public:
  std::string name() const override { return "SoftmaxCrossEntropy"; }
  float forward(const Tensor& logits, const Tensor& target) override;
  Tensor backward() override;

 private:
  Tensor probabilities_;
  std::vector<int> labels_;
};

/// Multiclass SVM (hinge) loss, as in cs231n: sum over j != y of
/// max(0, s_j - s_y + margin). Gradient: +1 for each j with a positive
/// margin, minus their count for the true class, all divided by N.
class MulticlassHinge : public Loss {
 public:
  explicit MulticlassHinge(float margin = 1.0f) : margin_(margin) {}
  std::string name() const override { return "MulticlassHinge"; }
  float forward(const Tensor& scores, const Tensor& target) override;
  Tensor backward() override;

 private:
  float margin_;
  Tensor grad_;
};

/// Class labels from a target tensor [N], checked to be integers in [0, classes).
std::vector<int> class_labels(const std::string& who, const Tensor& target, int classes);

/// Fraction of correct predictions: argmax of [N, C] scores against labels [N],
/// or the sign of one column of logits [N, 1] against 0/1 labels. NaN when
/// the target is not a class label (regression).
double accuracy(const Tensor& prediction, const Tensor& target);

}  // namespace nn
