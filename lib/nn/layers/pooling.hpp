#pragma once
// Pooling layers, book chapter 04: a K x K window slides over each channel of
// an NCHW batch with stride S (S = K by default: windows side by side) and no
// padding, so OH = (H - K) / S + 1, rounded down as in PyTorch: rows or
// columns left over at the bottom or right are not pooled.
//
//   MaxPool2D  y = the largest value in the window; its gradient goes to that
//              one input (the "switch" remembered by forward).
//   AvgPool2D  y = the mean of the window; its gradient is shared equally,
//              dy / K^2 to each input.
//
// With stride < kernel the windows overlap, and an input that belongs to
// several windows receives the sum of their gradients.
// GPU twins: cuda::MaxPool2D, cuda::AvgPool2D and cuda::GlobalAvgPool2D in
// cuda/nn/cuda/layers/pooling.cpp, kernels in cuda/nn/cuda/kernels/pooling.cu (their index
// arithmetic in kernels/pooling_index.hpp).
#include <cstddef>
#include <vector>

#include "nn/layer.hpp"

namespace nn {

/// Shape checks and sizes shared by the two pooling layers.
class Pool2D : public Layer {
 public:
  Pool2D(int kernel, int stride, int padding = 0);
  Shape output_shape(const Shape& input_shape) const override;
  int kernel() const { return k_; }
  int stride() const { return s_; }
  int padding() const { return p_; }

 protected:
  /// "(2x2)" or "(3x3, stride 2)", appended to the layer's name.
  std::string sizes() const;
  int k_, s_, p_;
  Shape input_shape_;  // of the last forward
};

class MaxPool2D : public Pool2D {
 public:
  /// Windows kernel x kernel, `stride` apart (0: stride = kernel). With
  /// `padding` (at most kernel / 2, as in PyTorch) windows may hang over the
  /// edge by that much and only their pixels inside the image compete, as if
  /// the border held -infinity: OH = (H + 2 padding - K) / S + 1. ResNet's
  /// 3x3, stride 2, padding 1 pooling halves the image that way.
  explicit MaxPool2D(int kernel, int stride = 0, int padding = 0)
      : Pool2D(kernel, stride, padding) {}
  std::string name() const override { return "MaxPool2D" + sizes(); }
  /// Ties go to the FIRST maximum in row-major window order (as in PyTorch),
  /// so backward sends each output's gradient to exactly one input.
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
  /// For each output element, the flat index into the input of its maximum.
  const std::vector<std::size_t>& argmax() const { return argmax_; }

 private:
  std::vector<std::size_t> argmax_;
};

class AvgPool2D : public Pool2D {
 public:
  explicit AvgPool2D(int kernel, int stride = 0) : Pool2D(kernel, stride) {}
  std::string name() const override { return "AvgPool2D" + sizes(); }
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
};

/// Global average pooling (Lin et al. 2014), book chapter 08: the mean of each
/// channel over the whole image, [N, C, H, W] -> [N, C, 1, 1], as
/// torch.nn.AdaptiveAvgPool2d(1). A ResNet ends with it (then Flatten and one
/// Dense layer) instead of large dense layers. backward: dx = dy / (H W)
/// at every position of the channel.
class GlobalAvgPool2D : public Layer {
 public:
  std::string name() const override { return "GlobalAvgPool2D"; }
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
  Shape output_shape(const Shape& input_shape) const override;

 private:
  Shape input_shape_;
};

}  // namespace nn
