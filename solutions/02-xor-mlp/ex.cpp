// Chapter 02 model answers. The tasks are in exercises/02-xor-mlp/ex.hpp.
#include "02-xor-mlp/ex.hpp"

#include <algorithm>
#include <cmath>

#include "nn/errors.hpp"

namespace ex02 {

nn::Tensor xor_features(const nn::Tensor& X) {
  if (X.rank() != 2 || X.dim(1) != 2)
    throw nn::ShapeError("xor_features: expected [N, 2], got " + nn::to_string(X.shape()));
  nn::Tensor out({X.rows(), 3});
  for (int i = 0; i < X.rows(); ++i) {
    out.at(i, 0) = X.at(i, 0);
    out.at(i, 1) = X.at(i, 1);
    out.at(i, 2) = X.at(i, 0) * X.at(i, 1);  // 1 only at (1,1): the corner XOR gets wrong
  }
  return out;
}

StepNetwork step_network() {
  // Each threshold sits halfway between the input sums it must separate:
  // NAND fires while x1 + x2 < 1.5, OR once x1 + x2 > 0.5, AND once h0 + h1 > 1.5.
  return {nn::Tensor({2, 2}, {-1, -1,                               // NOT(x1 AND x2)
                              1, 1}),                               // x1 OR x2
          nn::Tensor({2}, {1.5f, -0.5f}), nn::Tensor({2}, {1, 1}),  // h0 AND h1
          -1.5f};
}

nn::Tensor tanh_backward(const nn::Tensor& y, const nn::Tensor& dy) {
  nn::check_shape("tanh_backward", y.shape(), dy.shape());
  nn::Tensor dx(dy.shape());
  // tanh'(x) = 1 - tanh(x)^2 = 1 - y^2: no need to keep x.
  for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * (1.0f - y[i] * y[i]);
  return dx;
}

static float sigmoid(float z) {
  return z >= 0 ? 1.0f / (1.0f + std::exp(-z)) : std::exp(z) / (1.0f + std::exp(z));
}

float xor_mlp_step(XorMlp& net, const nn::Tensor& X, const nn::Tensor& y, float lr) {
  const int n = X.rows();
  nn::Tensor dW1({2, 2}), db1({2}), dw2({2});
  float db2 = 0.0f;
  double loss = 0.0;
  for (int i = 0; i < n; ++i) {
    // Forward pass for sample i.
    float h[2];
    for (int k = 0; k < 2; ++k)
      h[k] = std::tanh(net.W1.at(k, 0) * X.at(i, 0) + net.W1.at(k, 1) * X.at(i, 1) + net.b1[k]);
    const float z = net.w2[0] * h[0] + net.w2[1] * h[1] + net.b2;
    loss += std::max(z, 0.0f) - z * y[i] + std::log1p(std::exp(-std::fabs(z)));
    // Backward pass: the chain rule, output to input.
    const float dz = (sigmoid(z) - y[i]) / n;
    db2 += dz;
    for (int k = 0; k < 2; ++k) {
      dw2[k] += dz * h[k];
      const float da = dz * net.w2[k] * (1.0f - h[k] * h[k]);  // through tanh
      db1[k] += da;
      for (int j = 0; j < 2; ++j) dW1.at(k, j) += da * X.at(i, j);
    }
  }
  // Update only after every gradient is computed with the old weights.
  for (int k = 0; k < 4; ++k) net.W1[k] -= lr * dW1[k];
  for (int k = 0; k < 2; ++k) {
    net.b1[k] -= lr * db1[k];
    net.w2[k] -= lr * dw2[k];
  }
  net.b2 -= lr * db2;
  return static_cast<float>(loss / n);
}

}  // namespace ex02
