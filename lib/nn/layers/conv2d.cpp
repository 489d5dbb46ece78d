#include "nn/layers/conv2d.hpp"

#include <algorithm>

#include "nn/errors.hpp"
#include "nn/gemm.hpp"

namespace nn {

Conv2D::Conv2D(int in_channels, int out_channels, int kernel_size, Rng& rng, int stride,
               int padding)
    : in_(in_channels),
      out_(out_channels),
      kh_(kernel_size),
      kw_(kernel_size),
      stride_(stride),
      padding_(padding) {
  if (in_ < 1 || out_ < 1 || kh_ < 1 || stride_ < 1 || padding_ < 0)
    throw Error(name() + ": channels, kernel size and stride must be >= 1 and padding >= 0");
  weight_ = Tensor({out_, in_, kh_, kw_});
  bias_ = Tensor({out_});
  weight_grad_ = Tensor(weight_.shape());
  bias_grad_ = Tensor(bias_.shape());
  init_he_normal(weight_, in_ * kh_ * kw_, rng);
}

std::string Conv2D::name() const {
  std::string s = "Conv2D(" + std::to_string(in_) + " -> " + std::to_string(out_) + ", " +
                  std::to_string(kh_) + "x" + std::to_string(kw_);
  if (stride_ != 1) s += ", stride " + std::to_string(stride_);
  if (padding_ != 0) s += ", padding " + std::to_string(padding_);
  return s + ")";
}

ConvGeometry Conv2D::geometry(const Shape& s) const {
  const std::string expected = "[N, " + std::to_string(in_) + ", H, W]";
  if (s.size() != 4 || s[1] != in_)
    throw ShapeError(name() + ": expected input " + expected + ", got " + to_string(s));
  if (s[2] + 2 * padding_ < kh_ || s[3] + 2 * padding_ < kw_)
    throw ShapeError(name() + ": input " + to_string(s) + " is smaller than the " +
                     std::to_string(kh_) + "x" + std::to_string(kw_) + " kernel" +
                     (padding_ ? " (even with padding " + std::to_string(padding_) + ")" : ""));
  return {.channels = in_,
          .height = s[2],
          .width = s[3],
          .kernel_h = kh_,
          .kernel_w = kw_,
          .stride = stride_,
          .padding = padding_};
}

Shape Conv2D::output_shape(const Shape& input_shape) const {
  const ConvGeometry g = geometry(input_shape);
  return {input_shape[0], out_, g.out_h(), g.out_w()};
}

//! [conv2d-forward]
Tensor Conv2D::forward(const Tensor& x) {
  const ConvGeometry g = geometry(x.shape());
  Tensor y(output_shape(x.shape()));
  const int n = x.rows(), rows = g.patch_size(), cols = g.positions();
  input_shape_ = x.shape();
  // Images are independent: each thread writes only its own images' columns
  // and outputs, so the result does not depend on the thread count.
  // Backward needs every image's columns, kept from batch to batch (no new
  // allocation while the batch size stays the same). Inference does not:
  // there each image uses a scratch buffer (saving N*C*KH*KW*OH*OW floats).
  if (!training()) {
    columns_ = Tensor();
  } else if (columns_.shape() != Shape{n, rows, cols}) {
    columns_ = Tensor({n, rows, cols});
  }
#pragma omp parallel for schedule(static) if (n > 1)
  for (int i = 0; i < n; ++i) {
    std::vector<float> scratch(training() ? 0 : static_cast<std::size_t>(rows) * cols);
    float* c = training() ? columns_.row(i) : scratch.data();
    im2col(x.row(i), g, c);
    // y_i = b + W c: start every output channel at its bias, then add W c (beta = 1).
    float* yi = y.row(i);
    for (int o = 0; o < out_; ++o) std::fill(yi + o * cols, yi + (o + 1) * cols, bias_[o]);
    sgemm(Transpose::No, Transpose::No, out_, cols, rows, 1.0f, weight_.data(), rows, c, cols, 1.0f,
          yi, cols);
  }
  return y;
}
//! [conv2d-forward]

//! [conv2d-backward]
Tensor Conv2D::backward(const Tensor& dy) {
  if (columns_.empty())
    throw Error(name() + ": backward needs a forward pass in training mode first");
  const ConvGeometry g = geometry(input_shape_);
  check_shape(name() + " backward", output_shape(input_shape_), dy.shape());
  const int n = dy.rows(), rows = g.patch_size(), cols = g.positions();
  // dW += sum_i dy_i cols_i^T  [OC, C*KH*KW]  and  db += the sum of dy_i over positions.
  // The images are cut into a FIXED number of chunks (not one per thread):
  // each chunk sums its images in order into its own partial gradient, then
  // the partials are added in chunk order. The threads share the chunks, so
  // the work is parallel, yet every sum is taken in the same order for any
  // thread count, and the result is bit-identical.
  constexpr int kChunks = 8;
  const int chunks = std::min(kChunks, n);
  const std::size_t wsize = weight_grad_.size();
  std::vector<float> partial_w(static_cast<std::size_t>(chunks) * wsize, 0.0f);
  std::vector<double> partial_b(static_cast<std::size_t>(chunks) * out_, 0.0);
#pragma omp parallel for schedule(static)
  for (int k = 0; k < chunks; ++k) {
    for (int i = k * n / chunks; i < (k + 1) * n / chunks; ++i) {
      const float* dyi = dy.row(i);
      sgemm(Transpose::No, Transpose::Yes, out_, rows, cols, 1.0f, dyi, cols, columns_.row(i),
            cols, 1.0f, partial_w.data() + k * wsize, rows);
      for (int o = 0; o < out_; ++o)
        for (int q = 0; q < cols; ++q) partial_b[k * out_ + o] += dyi[o * cols + q];
    }
  }
  for (int k = 0; k < chunks; ++k) {
    for (std::size_t j = 0; j < wsize; ++j) weight_grad_[j] += partial_w[k * wsize + j];
    for (int o = 0; o < out_; ++o) bias_grad_[o] += static_cast<float>(partial_b[k * out_ + o]);
  }
  // dx_i = col2im(W^T dy_i): each column's gradient goes back to the pixels it
  // was copied from, summed where receptive fields overlap. Images are independent.
  Tensor dx(input_shape_);
#pragma omp parallel for schedule(static) if (n > 1)
  for (int i = 0; i < n; ++i) {
    std::vector<float> dcols(static_cast<std::size_t>(rows) * cols);
    sgemm(Transpose::Yes, Transpose::No, rows, cols, out_, 1.0f, weight_.data(), rows, dy.row(i),
          cols, 0.0f, dcols.data(), cols);
    col2im(dcols.data(), g, dx.row(i));
  }
  return dx;
}
//! [conv2d-backward]

std::vector<Parameter> Conv2D::parameters() {
  return {{"weight", &weight_, &weight_grad_}, {"bias", &bias_, &bias_grad_}};
}

}  // namespace nn
