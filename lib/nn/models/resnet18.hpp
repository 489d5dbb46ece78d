#pragma once
// ResNet-18 (He et al. 2016, table 1) exactly as torchvision builds it, so
// that torchvision's ImageNet weights load into it (book chapter 10;
// tools/export_torchvision.py converts them). Module names and shapes are
// those of torchvision.models.resnet18().state_dict():
//
//   conv1      Conv2d(3, 64, 7x7, stride 2, padding 3, no bias)    [N, 64, 112, 112]
//   bn1, relu, maxpool (3x3, stride 2, padding 1)                  [N, 64, 56, 56]
//   layer1.0, layer1.1    BasicBlock(64 -> 64)                     [N, 64, 56, 56]
//   layer2.0, layer2.1    BasicBlock(64 -> 128, stride 2), (128)   [N, 128, 28, 28]
//   layer3.0, layer3.1    ... 256                                  [N, 256, 14, 14]
//   layer4.0, layer4.1    ... 512                                  [N, 512, 7, 7]
//   avgpool (global), flatten, fc  Linear(512, num_classes)        [N, num_classes]
//
// (sizes for a 224x224 input). Each block is torchvision's BasicBlock:
//   out = relu(bn1(conv1(x)));  out = bn2(conv2(out));  relu(out + downsample(x))
// with downsample = 1x1 conv (stride) + batch norm where the shape changes,
// else the identity; its tensors are "layer2.0.conv1.weight",
// "layer2.0.bn1.running_mean", "layer2.0.downsample.0.weight", ...
// The blocks sit side by side in one Sequential under dotted names, so
// model.features(x, "layer3") and model.freeze_until("layer3") name a stage
// as torchvision's `model.layer3` does.
#include <memory>
#include <string>
#include <vector>

#include "nn/layers/activations.hpp"
#include "nn/layers/residual.hpp"
#include "nn/random.hpp"
#include "nn/sequential.hpp"

namespace nn {

/// torchvision's BasicBlock: an nn::Residual (conv-bn-relu-conv-bn body,
/// projection shortcut) followed by a ReLU, its tensors renamed from
/// Residual's "body.conv1.weight" and "shortcut.0.weight" to torchvision's
/// "conv1.weight" and "downsample.0.weight". Convolutions have no bias.
class TorchvisionBasicBlock : public Layer {
 public:
  TorchvisionBasicBlock(int in, int out, int stride, Rng& rng);
  std::string name() const override;  // "BasicBlock(64 -> 128, stride 2)"
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;
  std::vector<Parameter> parameters() override;
  std::vector<Buffer> buffers() override;
  Shape output_shape(const Shape& input_shape) const override;
  void set_training(bool training) override;
  void set_trainable(bool trainable) override;

 private:
  int in_, out_, stride_;
  Residual residual_;
  ReLU relu_;
};

/// ResNet-18 with torchvision's layout. `width` is the channel count of the
/// first stage (64 in torchvision; the stages have width, 2, 4 and 8 times
/// it): tests use a narrow one. Weights are random (He-normal convolutions,
/// batch norm at gamma 1, beta 0); load() pretrained ones.
Sequential resnet18(Rng& rng, int num_classes = 1000, int width = 64);

/// ImageNet's per-channel statistics, which torchvision's pretrained nets
/// were trained with: inputs must be normalised with them.
inline const std::vector<float> kImageNetMean = {0.485f, 0.456f, 0.406f};
inline const std::vector<float> kImageNetStd = {0.229f, 0.224f, 0.225f};

/// Images [N, 3, H, W] with values in [0, 1] (as load_image gives them)
/// made into what an ImageNet net expects, torchvision's evaluation
/// transform: resized (bilinear) so the shorter side is 256, the central
/// 224x224 cut out, each channel normalised with kImageNetMean/Std.
Tensor imagenet_input(const Tensor& images);

/// Class probabilities [N, classes] of an ImageNet net for images in [0, 1]
/// of any size: softmax(model.predict(imagenet_input(images))).
Tensor predict_imagenet(Sequential& model, const Tensor& images);

}  // namespace nn
