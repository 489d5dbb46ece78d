// Chapter 03 model answers. The tasks are in exercises/03-backprop/ex.hpp.
#include "03-backprop/ex.hpp"

#include <algorithm>
#include <cmath>

#include "nn/errors.hpp"

namespace ex03 {

DenseGrads dense_backward(const nn::Tensor& x, const nn::Tensor& W, const nn::Tensor& dy) {
  if (x.rank() != 2 || W.rank() != 2 || x.dim(1) != W.dim(1))
    throw nn::ShapeError("dense_backward: x " + nn::to_string(x.shape()) + " does not fit W " +
                         nn::to_string(W.shape()));
  const int n = x.rows(), in = W.dim(1), out = W.dim(0);
  nn::check_shape("dense_backward dy", {n, out}, dy.shape());
  DenseGrads g{nn::Tensor({n, in}), nn::Tensor({out, in}), nn::Tensor({out})};
  // Each y_ij = sum_k x_ik W_jk + b_j, so dy_ij flows to x_ik with weight
  // W_jk, to W_jk with weight x_ik, and to b_j with weight 1.
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < out; ++j) {
      const float d = dy.at(i, j);
      g.db[j] += d;
      for (int k = 0; k < in; ++k) {
        g.dx.at(i, k) += d * W.at(j, k);
        g.dW.at(j, k) += d * x.at(i, k);
      }
    }
  return g;
}

LossAndGrad softmax_cross_entropy(const nn::Tensor& logits, const std::vector<int>& labels) {
  const int n = logits.rows(), c = logits.dim(1);
  LossAndGrad r{0.0f, nn::Tensor(logits.shape())};
  double loss = 0.0;
  for (int i = 0; i < n; ++i) {
    const float* z = logits.row(i);
    const float top = *std::max_element(z, z + c);  // e^{z - top} <= 1: no overflow
    double sum = 0.0;
    for (int j = 0; j < c; ++j) sum += std::exp(z[j] - top);
    const double log_sum = std::log(sum);
    loss -= z[labels[i]] - top - log_sum;  // -log p_y, never log(0)
    for (int j = 0; j < c; ++j) {
      const double p = std::exp(z[j] - top - log_sum);
      r.grad.at(i, j) = static_cast<float>((p - (j == labels[i] ? 1.0 : 0.0)) / n);
    }
  }
  r.loss = static_cast<float>(loss / n);
  return r;
}

LossAndGrad multiclass_hinge(const nn::Tensor& scores, const std::vector<int>& labels,
                             float margin) {
  const int n = scores.rows(), c = scores.dim(1);
  LossAndGrad r{0.0f, nn::Tensor(scores.shape())};
  double loss = 0.0;
  for (int i = 0; i < n; ++i) {
    const float correct = scores.at(i, labels[i]);
    for (int j = 0; j < c; ++j) {
      if (j == labels[i]) continue;
      const float term = scores.at(i, j) - correct + margin;
      if (term <= 0.0f) continue;  // this class is beaten by enough: no loss, no gradient
      loss += term;
      r.grad.at(i, j) += 1.0f / n;          // pushing s_j up raises the loss
      r.grad.at(i, labels[i]) -= 1.0f / n;  // pushing s_y up lowers it
    }
  }
  r.loss = static_cast<float>(loss / n);
  return r;
}

double numerical_derivative(const std::function<double(double)>& f, double x, double h) {
  // Symmetric around x: the even-order Taylor terms of f(x+h) and f(x-h)
  // cancel, leaving an error of h^2 f'''(x) / 6.
  return (f(x + h) - f(x - h)) / (2 * h);
}

}  // namespace ex03
