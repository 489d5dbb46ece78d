#include "nn/layers/dense.hpp"

#include "nn/errors.hpp"
#include "nn/gemm.hpp"

namespace nn {

Dense::Dense(int in_features, int out_features, Rng& rng, bool he_init)
    : in_(in_features),
      out_(out_features),
      weight_({out_features, in_features}),
      bias_({out_features}),
      weight_grad_({out_features, in_features}),
      bias_grad_({out_features}) {
  if (he_init)
    init_he_normal(weight_, in_, rng);
  else
    init_xavier_uniform(weight_, in_, out_, rng);
}

std::string Dense::name() const {
  return "Dense(" + std::to_string(in_) + " -> " + std::to_string(out_) + ")";
}

Shape Dense::output_shape(const Shape& input_shape) const {
  if (input_shape.size() != 2 || input_shape[1] != in_)
    throw ShapeError(name() + ": expected input [N, " + std::to_string(in_) + "], got " +
                     to_string(input_shape));
  return {input_shape[0], out_};
}

//! [dense-forward]
Tensor Dense::forward(const Tensor& x) {
  Tensor y(output_shape(x.shape()));
  const int n = x.rows();
  // Start every row of y at the bias, then add x W^T (beta = 1).
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < out_; ++j) y.at(i, j) = bias_[j];
  sgemm(Transpose::No, Transpose::Yes, n, out_, in_, 1.0f, x.data(), in_, weight_.data(), in_, 1.0f,
        y.data(), out_);
  input_ = x;
  return y;
}
//! [dense-forward]

//! [dense-backward]
Tensor Dense::backward(const Tensor& dy) {
  const int n = input_.rows();
  check_shape(name() + " backward", {n, out_}, dy.shape());
  // dL/dW += dy^T x   [out, in];   dL/db += sum over the batch of dy.
  // A frozen layer skips both: nothing would read them.
  if (trainable()) {
    sgemm(Transpose::Yes, Transpose::No, out_, in_, n, 1.0f, dy.data(), out_, input_.data(), in_,
          1.0f, weight_grad_.data(), in_);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < out_; ++j) bias_grad_[j] += dy.at(i, j);
  }
  if (!input_gradient()) return {};
  // dL/dx = dy W   [n, in].
  Tensor dx({n, in_});
  sgemm(Transpose::No, Transpose::No, n, in_, out_, 1.0f, dy.data(), out_, weight_.data(), in_,
        0.0f, dx.data(), in_);
  return dx;
}
//! [dense-backward]

std::vector<Parameter> Dense::parameters() {
  return {parameter("weight", weight_, weight_grad_), parameter("bias", bias_, bias_grad_)};
}

}  // namespace nn
