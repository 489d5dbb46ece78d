// Conv2D as im2col + SGEMM (book/04-conv-pool.md). Its oracle, the plain
// seven-loop convolution that tests/layers/conv2d_test.cpp checks it
// against, is nn::conv2d_direct in lib/nn/im2col.cpp.
#include "nn/layers/conv2d.hpp"

#include <algorithm>

#include "nn/errors.hpp"
#include "nn/gemm.hpp"
#include "nn/reduce.hpp"

namespace nn {

Conv2D::Conv2D(int in_channels, int out_channels, int kernel_size, Rng& rng, int stride,
               int padding, bool bias)
    : in_(in_channels),
      out_(out_channels),
      kh_(kernel_size),
      kw_(kernel_size),
      stride_(stride),
      padding_(padding),
      has_bias_(bias) {
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
  if (!has_bias_) s += ", no bias";
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

int Conv2D::images_per_block(const ConvGeometry& g) const {
  // A block's cols [C*KH*KW, images*OH*OW] and Y [OC, images*OH*OW] should
  // fit in about 256 KiB, a quarter of this machine's L2 (1 MiB per core).
  constexpr int kBlockFloats = 64 * 1024;
  return std::max(1, kBlockFloats / (std::max(g.patch_size(), out_) * g.positions()));
}

namespace {
// Scratch matrices of each thread, kept from call to call: a training step
// should not allocate (and page-fault) them for every block.
thread_local std::vector<float> block_columns, block_product, block_column_grads;

float* scratch(std::vector<float>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

// The layers work on blocks of images small enough for their matrices to
// stay in cache (images_per_block). Block b holds images first .. first +
// count - 1, whose matrices are `width` = count * OH * OW columns wide.
struct ImageBlock {
  int first, count, width;
};

ImageBlock image_block(int b, int per_block, int images, int positions) {
  const int first = b * per_block, count = std::min(per_block, images - first);
  return {first, count, count * positions};
}

// cols [C*KH*KW, width]: every image's receptive fields side by side.
float* block_columns_of(const Tensor& x, const ConvGeometry& g, ImageBlock blk) {
  float* cols = scratch(block_columns, static_cast<std::size_t>(g.patch_size()) * blk.width);
  for (int i = 0; i < blk.count; ++i)
    im2col(x.row(blk.first + i), g, cols + i * g.positions(), blk.width);
  return cols;
}

// dY [OC, width]: the block's NCHW gradient in the layout of the product Y.
// A block of one image already has that layout: no copy.
const float* output_gradient_matrix(const Tensor& dy, ImageBlock blk, int out, int positions) {
  if (blk.count == 1) return dy.row(blk.first);
  float* copy = scratch(block_product, static_cast<std::size_t>(out) * blk.width);
  for (int i = 0; i < blk.count; ++i)
    for (int o = 0; o < out; ++o)
      std::copy_n(dy.row(blk.first + i) + static_cast<std::size_t>(o) * positions, positions,
                  copy + static_cast<std::size_t>(o) * blk.width + i * positions);
  return copy;
}

// db[o] += the sum of channel o of dy over the block's images, in double.
void add_channel_sums(const Tensor& dy, ImageBlock blk, int out, int positions, double* db) {
  for (int i = 0; i < blk.count; ++i)
    for (int o = 0; o < out; ++o)
      db[o] +=
          sum_in_double(dy.row(blk.first + i) + static_cast<std::size_t>(o) * positions, positions);
}
}  // namespace

//! [conv2d-forward]
// Training keeps the input: backward builds the columns again from it. An
// inference pass forgets it, so that a backward after it fails loudly
// instead of using another batch's input.
Tensor Conv2D::forward(const Tensor& x) {
  if (training()) return forward_in_place(x);  // keeps a copy of x
  input_ = Tensor();
  return convolve(x);
}

Tensor Conv2D::forward_in_place(Tensor x) {
  if (!training()) return forward(x);
  input_ = std::move(x);
  return convolve(input_);
}

Tensor Conv2D::convolve(const Tensor& x) const {
  const ConvGeometry g = geometry(x.shape());
  Tensor y(output_shape(x.shape()));
  const int n = x.rows(), rows = g.patch_size(), positions = g.positions();
  const int per_block = images_per_block(g), blocks = (n + per_block - 1) / per_block;
  // Blocks are independent: each writes only its own outputs, so they run in
  // parallel and the result does not depend on the thread count.
#pragma omp parallel for schedule(static) if (blocks > 1)
  for (int b = 0; b < blocks; ++b) {
    const ImageBlock blk = image_block(b, per_block, n, positions);
    const int width = blk.width;
    const float* cols = block_columns_of(x, g, blk);
    // Y = W cols  [OC, count*OH*OW]
    float* product = scratch(block_product, static_cast<std::size_t>(out_) * width);
    sgemm(Transpose::No, Transpose::No, out_, width, rows, 1.0f, weight_.data(), rows, cols, width,
          0.0f, product, width);
    // y[image][o] = Y[o][the image's columns] + b[o]: back to NCHW, adding the bias.
    for (int i = 0; i < blk.count; ++i)
      for (int o = 0; o < out_; ++o) {
        const float* src = product + static_cast<std::size_t>(o) * width + i * positions;
        float* dst = y.row(blk.first + i) + static_cast<std::size_t>(o) * positions;
        for (int q = 0; q < positions; ++q) dst[q] = src[q] + bias_[o];
      }
  }
  return y;
}
//! [conv2d-forward]

//! [conv2d-backward]
// With cols = im2col(x) and Y = W cols + b (forward), for each block of images:
//   dW += dY cols^T      db += the sums of dY's rows      dx = col2im(W^T dY)
// Blocks are summed in a fixed order whatever the thread count
// (for_each_chunk, nn/reduce.hpp): the gradients are the same bits.
Tensor Conv2D::backward(const Tensor& dy) {
  // A frozen layer computes dx alone, and only if it is asked for.
  const bool weight_gradients = trainable();
  if (!weight_gradients && !input_gradient()) return {};
  if (input_.empty())
    throw Error(name() + ": backward needs a forward pass in training mode first");
  const ConvGeometry g = geometry(input_.shape());
  check_shape(name() + " backward", output_shape(input_.shape()), dy.shape());
  const int n = dy.rows(), rows = g.patch_size(), positions = g.positions();
  const int per_block = images_per_block(g), blocks = (n + per_block - 1) / per_block;
  const int chunks = std::min(8, blocks);
  const std::size_t wsize = weight_grad_.size();
  std::vector<float> partial_w(weight_gradients ? static_cast<std::size_t>(chunks) * wsize : 0,
                               0.0f);
  std::vector<double> partial_b(static_cast<std::size_t>(chunks) * out_, 0.0);
  Tensor dx = input_gradient() ? Tensor(input_.shape()) : Tensor();
  for_each_chunk(blocks, chunks, [&](int k, int b) {
    const ImageBlock blk = image_block(b, per_block, n, positions);
    const int width = blk.width;
    const float* cols = block_columns_of(input_, g, blk);  // as forward built them
    const float* dY = output_gradient_matrix(dy, blk, out_, positions);
    if (weight_gradients) {
      if (has_bias_) add_channel_sums(dy, blk, out_, positions, partial_b.data() + k * out_);  // db
      sgemm(Transpose::No, Transpose::Yes, out_, rows, width, 1.0f, dY, width, cols, width, 1.0f,
            partial_w.data() + k * wsize, rows);  // dW += dY cols^T
    }
    if (dx.empty()) return;
    // dx = col2im(W^T dY): each column's gradient goes back to the pixels
    // it was copied from, summed where receptive fields overlap.
    float* dcols = scratch(block_column_grads, static_cast<std::size_t>(rows) * width);
    sgemm(Transpose::Yes, Transpose::No, rows, width, out_, 1.0f, weight_.data(), rows, dY, width,
          0.0f, dcols, width);
    for (int i = 0; i < blk.count; ++i)
      col2im(dcols + i * positions, g, dx.row(blk.first + i), width);
  });
  for (int k = 0; k < chunks && weight_gradients; ++k) {  // the partials, in chunk order
    for (std::size_t j = 0; j < wsize; ++j) weight_grad_[j] += partial_w[k * wsize + j];
    for (int o = 0; o < out_; ++o) bias_grad_[o] += static_cast<float>(partial_b[k * out_ + o]);
  }
  return dx;
}
//! [conv2d-backward]

std::vector<Parameter> Conv2D::parameters() {
  if (!has_bias_) return {parameter("weight", weight_, weight_grad_)};
  return {parameter("weight", weight_, weight_grad_), parameter("bias", bias_, bias_grad_)};
}

}  // namespace nn
