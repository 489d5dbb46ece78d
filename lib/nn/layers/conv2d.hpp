#pragma once
// 2-D convolution layer, book chapters 04 and 07, computed as im2col + sgemm
// (see nn/im2col.hpp for the column layout):
//
//   forward   y_n  = W cols_n + b              per image n: [OC, C*KH*KW] x [C*KH*KW, OH*OW]
//   backward  dW  += sum over n of dy_n cols_n^T
//             db  += sum over n and positions of dy_n
//             dx_n = col2im(W^T dy_n)
//
// The weight is stored [out, in, kh, kw] and the bias [out], as
// torch.nn.Conv2d stores them, so a saved model loads into PyTorch unchanged.
// Input and output are NCHW batches: [N, C, H, W] -> [N, OC, OH, OW].
#include "nn/im2col.hpp"
#include "nn/layer.hpp"
#include "nn/random.hpp"

namespace nn {

class Conv2D : public Layer {
 public:
  /// A kernel_size x kernel_size convolution. Weights He-normal with
  /// fan_in = in_channels * kernel_size^2 (the layer feeds a ReLU), bias zero.
  Conv2D(int in_channels, int out_channels, int kernel_size, Rng& rng, int stride = 1,
         int padding = 0);

  /// "Conv2D(1 -> 32, 3x3)", plus ", stride 2, padding 1" where not the default.
  std::string name() const override;
  Tensor forward(const Tensor& x) override;
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
  /// The geometry of one image of the given batch shape [N, C, H, W].
  ConvGeometry geometry(const Shape& input_shape) const;

 private:
  int in_, out_, kh_, kw_, stride_, padding_;
  Tensor weight_, bias_;            // [out, in, kh, kw], [out]
  Tensor weight_grad_, bias_grad_;  // same shapes
  Shape input_shape_;               // of the last forward
  Tensor columns_;                  // [N, C*KH*KW, OH*OW]: im2col of the last training-mode batch
};

}  // namespace nn
