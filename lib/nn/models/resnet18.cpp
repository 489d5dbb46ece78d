#include "nn/models/resnet18.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "nn/data/resize.hpp"
#include "nn/data/transforms.hpp"
#include "nn/errors.hpp"
#include "nn/layers/batchnorm.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/layers/softmax.hpp"

namespace nn {

namespace {

// The block's main path, named as torchvision's BasicBlock names its modules.
Sequential block_body(int in, int out, int stride, Rng& rng) {
  Sequential body;
  body.add_named<Conv2D>("conv1", in, out, 3, rng, stride, /*padding=*/1, /*bias=*/false);
  body.add_named<BatchNorm2D>("bn1", out);
  body.add_named<ReLU>("relu");
  body.add_named<Conv2D>("conv2", out, out, 3, rng, 1, 1, /*bias=*/false);
  body.add_named<BatchNorm2D>("bn2", out);
  return body;
}

// torchvision's `downsample`: Sequential(conv1x1(stride), BatchNorm2d), only
// where the shape changes (an empty Sequential is Residual's identity).
Sequential block_downsample(int in, int out, int stride, Rng& rng) {
  Sequential downsample;
  if (in != out || stride != 1) {
    downsample.add<Conv2D>(in, out, 1, rng, stride, 0, /*bias=*/false);
    downsample.add<BatchNorm2D>(out);
  }
  return downsample;
}

// Residual's names made torchvision's: "body.conv1.weight" -> "conv1.weight",
// "shortcut.0.weight" -> "downsample.0.weight".
std::string torchvision_name(const std::string& residual_name) {
  const std::string body = "body.", shortcut = "shortcut.";
  if (residual_name.starts_with(body)) return residual_name.substr(body.size());
  if (residual_name.starts_with(shortcut))
    return "downsample." + residual_name.substr(shortcut.size());
  throw Error("TorchvisionBasicBlock: unexpected tensor " + residual_name);
}

}  // namespace

TorchvisionBasicBlock::TorchvisionBasicBlock(int in, int out, int stride, Rng& rng)
    : in_(in),
      out_(out),
      stride_(stride),
      residual_(block_body(in, out, stride, rng), block_downsample(in, out, stride, rng)) {}

std::string TorchvisionBasicBlock::name() const {
  return fmt::format("BasicBlock({} -> {}{})", in_, out_,
                     stride_ != 1 ? fmt::format(", stride {}", stride_) : "");
}

//! [torchvision-block]
// out = relu(body(x) + downsample(x)): the ReLU after the sum is part of
// torchvision's block, so a stage's output ("layer2") is the ReLU's.
Tensor TorchvisionBasicBlock::forward(const Tensor& x) {
  return relu_.forward_in_place(residual_.forward(x));
}

Tensor TorchvisionBasicBlock::backward(const Tensor& dy) {
  return residual_.backward(relu_.backward(dy));
}
//! [torchvision-block]

std::vector<Parameter> TorchvisionBasicBlock::parameters() {
  std::vector<Parameter> all = residual_.parameters();
  for (auto& p : all) p.name = torchvision_name(p.name);
  return all;
}

std::vector<Buffer> TorchvisionBasicBlock::buffers() {
  std::vector<Buffer> all = residual_.buffers();
  for (auto& b : all) b.name = torchvision_name(b.name);
  return all;
}

Shape TorchvisionBasicBlock::output_shape(const Shape& input_shape) const {
  return residual_.output_shape(input_shape);
}

void TorchvisionBasicBlock::set_training(bool training) {
  Layer::set_training(training);
  residual_.set_training(training);
  relu_.set_training(training);
}

void TorchvisionBasicBlock::set_trainable(bool trainable) {
  Layer::set_trainable(trainable);
  residual_.set_trainable(trainable);
}

//! [resnet18]
Sequential resnet18(Rng& rng, int num_classes, int width) {
  if (num_classes < 1 || width < 1)
    throw Error(fmt::format("resnet18: num_classes and width must be positive, got {} and {}",
                            num_classes, width));
  Sequential model;
  model.add_named<Conv2D>("conv1", 3, width, 7, rng, /*stride=*/2, /*padding=*/3, /*bias=*/false);
  model.add_named<BatchNorm2D>("bn1", width);
  model.add_named<ReLU>("relu");
  model.add_named<MaxPool2D>("maxpool", 3, /*stride=*/2, /*padding=*/1);
  int in = width;
  for (int stage = 1; stage <= 4; ++stage) {  // two blocks per stage: 2+2+2+2
    const int channels = width << (stage - 1);
    const int stride = stage == 1 ? 1 : 2;  // stages 2-4 halve the image
    model.add_named<TorchvisionBasicBlock>(fmt::format("layer{}.0", stage), in, channels, stride,
                                           rng);
    model.add_named<TorchvisionBasicBlock>(fmt::format("layer{}.1", stage), channels, channels, 1,
                                           rng);
    in = channels;
  }
  model.add_named<GlobalAvgPool2D>("avgpool");
  model.add_named<Flatten>("flatten");  // torch.flatten(x, 1) in torchvision's forward
  model.add_named<Dense>("fc", in, num_classes, rng);
  return model;
}
//! [resnet18]

Tensor imagenet_input(const Tensor& images) {
  if (images.rank() != 4 || images.dim(1) != 3)
    throw ShapeError("imagenet_input: expected RGB images [N, 3, H, W], got " +
                     to_string(images.shape()));
  // torchvision's Resize(256): the shorter side to 256, the other in proportion (rounded down).
  const int h = images.dim(2), w = images.dim(3), shorter = std::min(h, w);
  const int new_h = h == shorter ? 256 : h * 256 / shorter;
  const int new_w = w == shorter ? 256 : w * 256 / shorter;
  Tensor x = center_crop(resize_bilinear(images, new_h, new_w), 224, 224);
  normalise_channels(x, {kImageNetMean, kImageNetStd});
  return x;
}

Tensor predict_imagenet(Sequential& model, const Tensor& images) {
  return softmax(model.predict(imagenet_input(images)));
}

}  // namespace nn
