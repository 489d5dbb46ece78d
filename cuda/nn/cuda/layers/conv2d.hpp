#pragma once
// Conv2D on the GPU, the twin of nn::Conv2D (lib/nn/layers/conv2d.hpp), as
// im2col + sgemm over the WHOLE batch at once (the GPU wants one big product,
// not the CPU's cache-sized blocks):
//
//   forward   cols = im2col(x)                [C*KH*KW, N*OH*OW]
//             Y    = W cols                   [OC, N*OH*OW]
//             y    = Y + b, as NCHW           [N, OC, OH, OW]
//   backward  dY   = dy as [OC, N*OH*OW]
//             dW  += dY cols^T,  db += row sums of dY
//             dx   = col2im(W^T dY)
//
// Kernels: kernels/im2col.{hpp,cu} (im2col, col2im and the layout copies
// between [OC, N*OH*OW] and NCHW), sgemm.hpp (the products) and
// kernels/reduce.hpp (the bias gradient's row sums).
#include "nn/cuda/layer.hpp"
#include "nn/layers/conv2d.hpp"

namespace nn::cuda {

class Conv2D : public Layer {
 public:
  /// Copies the CPU layer's weight [OC, C, KH, KW], bias [OC] and geometry.
  explicit Conv2D(nn::Conv2D& cpu);
  std::string name() const override { return name_; }
  const DeviceTensor& forward(const DeviceTensor& x) override;
  const DeviceTensor& backward(const DeviceTensor& grad_output) override;
  std::vector<DeviceParameter> parameters() override;
  void copy_to(nn::Layer& cpu) const override;

 private:
  ConvGeometry geometry(const Shape& input_shape) const;
  std::string name_;
  int in_, out_, kh_, kw_, stride_, padding_;
  DeviceTensor weight_, bias_, weight_grad_, bias_grad_;
  Shape input_shape_;
  // The layouts, with P = OH*OW positions per image:
  DeviceTensor columns_;             // cols  [C*KH*KW, N*P], im2col(x)
  DeviceTensor product_oc_np_;       // Y     [OC, N*P] = W cols
  DeviceTensor output_;              // y     [N, OC, OH, OW] = Y + b, as NCHW
  DeviceTensor grad_product_oc_np_;  // dY    [OC, N*P], dy as the product's layout
  DeviceTensor grad_columns_;        // dcols [C*KH*KW, N*P] = W^T dY
  DeviceTensor grad_input_;          // dx    [N, C, H, W] = col2im(dcols)
};

}  // namespace nn::cuda
