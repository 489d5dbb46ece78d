#pragma once
// 2-D convolution layer, book chapters 04 and 07, computed as im2col + sgemm
// (see nn/im2col.hpp for the column layout):
//
//   forward   Y   = W cols + b        [OC, C*KH*KW] x [C*KH*KW, images*OH*OW]
//   backward  dW += dY cols^T         (the sum over images and positions)
//             db += the sum of each row of dY
//             dx  = col2im(W^T dY)
//
// The batch is cut into blocks of a few images that share one column matrix
// cols [C*KH*KW, images*OH*OW] (image i of the block in columns i*OH*OW
// onwards), so each product is wide enough to run near the sgemm's peak,
// yet small enough that cols, Y and dY stay in the core's L2 cache between
// im2col, the product and col2im. (One matrix for the whole batch would be
// megabytes, streamed through slower memory several times: measured slower.)
// For the same reason backward does not keep the forward's column matrices
// (9 times the input for a 3x3 kernel: 75 MB for one layer of chapter 08's
// ResNet): it keeps the input and builds each block's columns again, into
// the same L2-resident scratch matrix, which costs less than reading them
// back from memory.
// Y and dY hold a block as [OC, images*OH*OW]; the layer's input and output
// are NCHW, so forward and backward transpose between the two layouts.
// The weight is stored [out, in, kh, kw] and the bias [out], as
// torch.nn.Conv2d stores them, so a saved model loads into PyTorch unchanged.
// Input and output are NCHW batches: [N, C, H, W] -> [N, OC, OH, OW].
// GPU twin: cuda::Conv2D, cuda/nn/cuda/layers/conv2d.cpp, kernels/im2col.cu and sgemm/.
#include "nn/im2col.hpp"
#include "nn/layer.hpp"
#include "nn/random.hpp"

namespace nn {

class Conv2D : public Layer {
 public:
  /// A kernel_size x kernel_size convolution. Weights He-normal with
  /// fan_in = in_channels * kernel_size^2 (the layer feeds a ReLU), bias zero.
  /// With `bias` false the layer has no bias parameter (torchvision's ResNet
  /// convolutions, followed by batch norm, whose beta does its job): its
  /// bias stays zero and is neither trained nor saved.
  Conv2D(int in_channels, int out_channels, int kernel_size, Rng& rng, int stride = 1,
         int padding = 0, bool bias = true);

  /// "Conv2D(1 -> 32, 3x3)", plus ", stride 2, padding 1" where not the default.
  std::string name() const override;
  Tensor forward(const Tensor& x) override;
  /// Keeps x itself for backward, not a copy of it.
  Tensor forward_in_place(Tensor x) override;
  Tensor backward(const Tensor& grad_output) override;
  std::vector<Parameter> parameters() override;
  Shape output_shape(const Shape& input_shape) const override;

  Tensor& weight() { return weight_; }
  Tensor& bias() { return bias_; }
  int in_channels() const { return in_; }
  int out_channels() const { return out_; }
  int kernel_h() const { return kh_; }
  int kernel_w() const { return kw_; }
  int stride() const { return stride_; }
  int padding() const { return padding_; }
  bool has_bias() const { return has_bias_; }
  /// The geometry of one image of the given batch shape [N, C, H, W].
  ConvGeometry geometry(const Shape& input_shape) const;

 private:
  int in_, out_, kh_, kw_, stride_, padding_;
  bool has_bias_;
  Tensor weight_, bias_;            // [out, in, kh, kw], [out]
  Tensor weight_grad_, bias_grad_;  // same shapes
  Tensor input_;                    // of the last training-mode forward, for backward
  /// Images per block for this geometry (see the top of the file).
  int images_per_block(const ConvGeometry& g) const;
  /// The convolution of x (forward without keeping anything).
  Tensor convolve(const Tensor& x) const;
};

}  // namespace nn
