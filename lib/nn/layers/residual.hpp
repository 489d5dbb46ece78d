#pragma once
// A residual block (He et al. 2016), book chapter 08:
//
//     y = body(x) + shortcut(x)
//
// body is a small stack of layers (conv, batch norm, ReLU, conv, batch norm
// in the ResNet "basic block"); shortcut is the identity when body keeps the
// shape, or a projection (1x1 convolution with the body's stride, then batch
// norm) when it changes the channels or the size. The ReLU that follows the
// sum in a ResNet is a layer of its own after the block.
//
// backward: the sum sends dy down both paths unchanged, and the two input
// gradients add up where the paths meet at x:
//     dx = body.backward(dy) + shortcut.backward(dy)      (shortcut = identity: + dy)
// That "+ dy" is why deep residual nets train: the gradient reaches early
// layers through the shortcuts without passing through every layer.
//
// Names, as a PyTorch module with two children would have them:
//     class Residual(torch.nn.Module):
//         def __init__(self, body, shortcut=None):
//             super().__init__()
//             self.body = body                                # nn.Sequential
//             self.shortcut = shortcut or torch.nn.Identity()  # nn.Sequential
//         def forward(self, x):
//             return self.body(x) + self.shortcut(x)
// so parameters read "body.0.weight", "shortcut.1.running_mean", ...
// (tools/torch_load_check.py builds exactly this class).
// GPU twin: cuda::Residual in cuda/nn/cuda/layers/residual.cpp (its sum: kernels/elementwise.cu).
#include <memory>

#include "nn/layer.hpp"
#include "nn/random.hpp"
#include "nn/sequential.hpp"

namespace nn {

class Residual : public Layer {
 public:
  /// An empty `shortcut` is the identity.
  Residual(Sequential body, Sequential shortcut = {});

  std::string name() const override;  // "Residual(5 layers + projection)"
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
  std::vector<Parameter> parameters() override;
  std::vector<Buffer> buffers() override;
  Shape output_shape(const Shape& input_shape) const override;
  void set_training(bool training) override;
  void set_trainable(bool trainable) override;

  Sequential& body() { return body_; }
  Sequential& shortcut() { return shortcut_; }
  bool has_projection() const { return shortcut_.size() > 0; }

 private:
  Sequential body_, shortcut_;
  Shape input_shape_;
};

/// The ResNet basic block: conv3x3(stride) - BN - ReLU - conv3x3 - BN, with a
/// 1x1 conv(stride) - BN projection when `in` != `out` or `stride` != 1.
std::unique_ptr<Residual> basic_block(int in, int out, int stride, Rng& rng);

}  // namespace nn
