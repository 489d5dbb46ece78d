#include "nn/layers/softmax.hpp"

#include <algorithm>
#include <cmath>

#include "nn/errors.hpp"

namespace nn {

Tensor softmax(const Tensor& x) {
  if (x.rank() != 2)
    throw ShapeError("Softmax: expected input [N, C], got " + to_string(x.shape()));
  Tensor p(x.shape());
  const int c = x.dim(1);
  for (int i = 0; i < x.rows(); ++i) {
    const float* in = x.row(i);
    float* out = p.row(i);
    //! [softmax-rows]
    // Subtracting the max leaves softmax unchanged and keeps exp from overflowing.
    const float m = *std::max_element(in, in + c);
    double sum = 0.0;
    for (int j = 0; j < c; ++j) sum += out[j] = std::exp(in[j] - m);
    for (int j = 0; j < c; ++j) out[j] = static_cast<float>(out[j] / sum);
    //! [softmax-rows]
  }
  return p;
}

Tensor Softmax::forward(const Tensor& x) {
  output_ = softmax(x);
  return output_;
}

Tensor Softmax::backward(const Tensor& dy) {
  check_shape(name() + " backward", output_.shape(), dy.shape());
  Tensor dx(dy.shape());
  const int c = dy.dim(1);
  for (int i = 0; i < dy.rows(); ++i) {
    const float* p = output_.row(i);
    const float* g = dy.row(i);
    double dot = 0.0;
    for (int j = 0; j < c; ++j) dot += g[j] * p[j];
    for (int j = 0; j < c; ++j) dx.row(i)[j] = p[j] * (g[j] - static_cast<float>(dot));
  }
  return dx;
}

}  // namespace nn
