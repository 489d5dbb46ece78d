// Chapter 01 model answers. The tasks are in exercises/01-logistic-regression/ex.hpp.
#include "01-logistic-regression/ex.hpp"

#include <algorithm>
#include <cmath>

namespace ex01 {

float sigmoid(float z) {
  // Exponentiate only non-positive numbers, so exp never overflows.
  if (z >= 0) return 1.0f / (1.0f + std::exp(-z));
  const float e = std::exp(z);
  return e / (1.0f + e);
}

// z_i = x_i . theta + b for every row of X.
static std::vector<float> logits(const nn::Tensor& X, const nn::Tensor& theta, float b) {
  std::vector<float> z(X.rows(), b);
  for (int i = 0; i < X.rows(); ++i)
    for (int j = 0; j < X.dim(1); ++j) z[i] += X.at(i, j) * theta[j];
  return z;
}

float logistic_loss(const nn::Tensor& X, const nn::Tensor& y, const nn::Tensor& theta, float b) {
  const std::vector<float> z = logits(X, theta, b);
  double sum = 0.0;
  // -[y log s(z) + (1-y) log(1-s(z))] = max(z,0) - z y + log(1 + e^-|z|): no log(0).
  for (int i = 0; i < X.rows(); ++i)
    sum += std::max(z[i], 0.0f) - z[i] * y[i] + std::log1p(std::exp(-std::fabs(z[i])));
  return static_cast<float>(sum / X.rows());
}

LogisticGradient logistic_gradient(const nn::Tensor& X, const nn::Tensor& y,
                                   const nn::Tensor& theta, float b) {
  const std::vector<float> z = logits(X, theta, b);
  const int n = X.rows(), d = X.dim(1);
  LogisticGradient g{nn::Tensor({d}), 0.0f};
  for (int i = 0; i < n; ++i) {
    const float error = sigmoid(z[i]) - y[i];  // the prediction error of sample i
    for (int j = 0; j < d; ++j) g.dtheta[j] += error * X.at(i, j) / n;
    g.db += error / n;
  }
  return g;
}

LogisticModel fit_logistic_regression(const nn::Tensor& X, const nn::Tensor& y, float lr,
                                      int steps) {
  LogisticModel m{nn::Tensor({X.dim(1)}), 0.0f, {}};
  for (int t = 0; t < steps; ++t) {
    m.losses.push_back(logistic_loss(X, y, m.theta, m.b));
    const LogisticGradient g = logistic_gradient(X, y, m.theta, m.b);
    for (std::size_t j = 0; j < m.theta.size(); ++j) m.theta[j] -= lr * g.dtheta[j];
    m.b -= lr * g.db;
  }
  return m;
}

}  // namespace ex01
