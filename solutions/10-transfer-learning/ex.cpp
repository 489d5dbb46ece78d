// Chapter 10 exercises: the model answers (exercises/10-transfer-learning/ex.hpp).
#include "10-transfer-learning/ex.hpp"

#include <algorithm>
#include <string>

#include "nn/errors.hpp"

namespace ex10 {

std::size_t freeze_first(nn::Sequential& model, int k) {
  if (k < 0 || k > model.size())
    throw nn::Error("freeze_first: k = " + std::to_string(k) + " for a model of " +
                    std::to_string(model.size()) + " layers");
  std::size_t trainable = 0;
  for (int i = 0; i < model.size(); ++i) {
    nn::Layer& layer = model.layer(i);
    layer.set_trainable(i >= k);
    if (i >= k) trainable += layer.parameter_count();
  }
  return trainable;
}

nn::Tensor features_at(nn::Sequential& model, const nn::Tensor& x, int last) {
  if (last < 0 || last >= model.size())
    throw nn::Error("features_at: no layer " + std::to_string(last));
  const bool was_training = model.layer(0).training();
  model.set_training(false);
  nn::Tensor h = x;
  for (int i = 0; i <= last; ++i) h = model.layer(i).forward(h);
  model.set_training(was_training);
  const int n = h.dim(0);
  return h.reshaped({n, static_cast<int>(h.size() / n)});
}

float svm_step(nn::Tensor& w, float& b, const nn::Tensor& x, const nn::Tensor& y, float lr,
               float lambda) {
  const int n = x.rows(), d = static_cast<int>(x.row_size());
  std::vector<double> grad_w(d, 0.0);
  double grad_b = 0, hinge = 0, norm2 = 0;
  for (int i = 0; i < n; ++i) {
    double score = b;
    for (int j = 0; j < d; ++j) score += w[j] * x.row(i)[j];
    const double margin = 1 - y[i] * score;
    if (margin > 0) {  // inside the margin: this sample pushes w
      hinge += margin;
      for (int j = 0; j < d; ++j) grad_w[j] -= y[i] * x.row(i)[j] / n;
      grad_b -= y[i] / n;
    }
  }
  for (int j = 0; j < d; ++j) norm2 += w[j] * w[j];
  const float loss = static_cast<float>(lambda / 2 * norm2 + hinge / n);
  for (int j = 0; j < d; ++j) w[j] -= lr * static_cast<float>(lambda * w[j] + grad_w[j]);
  b -= lr * static_cast<float>(grad_b);
  return loss;
}

}  // namespace ex10
