#include "nets.hpp"

#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/batchnorm.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/layers/residual.hpp"

using namespace nn;

namespace ch08 {

//! [simple]
// Chapter 07's ConvNet, unchanged but for its input: 3 colour channels of
// 32x32 pixels instead of 1 grey channel of 28x28.
static Sequential simple_convnet(Rng& rng) {
  Sequential model;
  model.add<Conv2D>(3, 32, 3, rng);  // [N, 3, 32, 32] -> [N, 32, 30, 30]
  model.add<ReLU>();
  model.add<MaxPool2D>(2);            // -> [N, 32, 15, 15]
  model.add<Conv2D>(32, 64, 3, rng);  // -> [N, 64, 13, 13]
  model.add<ReLU>();
  model.add<MaxPool2D>(2);  // -> [N, 64, 6, 6]
  model.add<Flatten>();     // -> [N, 2304]
  model.add<Dense>(64 * 6 * 6, 128, rng, /*he_init=*/true);
  model.add<ReLU>();
  model.add<Dense>(128, 10, rng);
  return model;
}
//! [simple]

//! [deeper]
// Conv 3x3 (same padding) - batch norm - ReLU, the unit of the deeper nets.
static void conv_bn_relu(Sequential& model, int in, int out, Rng& rng) {
  model.add<Conv2D>(in, out, 3, rng, /*stride=*/1, /*padding=*/1);
  model.add<BatchNorm2D>(out);
  model.add<ReLU>();
}

// A VGG-style net: three stages of two convolutions each, the channels
// doubling as max pooling halves the image: 32x32x32, 16x16x64, 8x8x128.
static Sequential deeper_convnet(Rng& rng) {
  Sequential model;
  int in = 3;
  for (int channels : {32, 64, 128}) {
    conv_bn_relu(model, in, channels, rng);
    conv_bn_relu(model, channels, channels, rng);
    model.add<MaxPool2D>(2);
    in = channels;
  }
  model.add<Flatten>();  // [N, 128 * 4 * 4]
  model.add<Dense>(128 * 4 * 4, 10, rng);
  return model;
}
//! [deeper]

//! [resnet]
// ResNet-20 for CIFAR-10 (He et al. 2016, section 4.2): a 3x3 convolution,
// then three stages of three basic blocks with 16, 32 and 64 channels (the
// first block of a stage halves the image with stride 2 and projects its
// shortcut), global average pooling and one dense layer: 1 + 2*9 + 1 = 20
// weight layers.
static Sequential resnet20(Rng& rng) {
  Sequential model;
  conv_bn_relu(model, 3, 16, rng);
  int in = 16;
  for (int channels : {16, 32, 64})
    for (int block = 0; block < 3; ++block) {
      const int stride = block == 0 && channels != 16 ? 2 : 1;
      model.add(basic_block(in, channels, stride, rng));
      model.add<ReLU>();
      in = channels;
    }
  model.add<GlobalAvgPool2D>();  // [N, 64, 8, 8] -> [N, 64, 1, 1]
  model.add<Flatten>();
  model.add<Dense>(64, 10, rng);
  return model;
}
//! [resnet]

std::vector<Net> nets() {
  const Augmentation none{}, crop_flip{.pad = 4, .flip = true};
  return {
      {.key = "simple",
       .title = "chapter 07's ConvNet",
       .weight_layers = 4,
       .adam = true,
       .lr = 1e-3f,
       .weight_decay = 0.0f,
       .augment = none,
       .full_epochs = 15,
       .torch_architecture =
           "Conv2d(3,32,3),ReLU,MaxPool2d(2),Conv2d(32,64,3),ReLU,MaxPool2d(2),Flatten(),"
           "Linear(2304,128),ReLU,Linear(128,10)"},
      {.key = "deeper",
       .title = "6 conv + batch norm + augmentation",
       .weight_layers = 7,
       .adam = false,
       .lr = 0.01f,
       .weight_decay = 5e-4f,
       .augment = crop_flip,
       .full_epochs = 30,
       .torch_architecture =
           "Conv2d(3,32,3,padding=1),BatchNorm2d(32),ReLU,"
           "Conv2d(32,32,3,padding=1),BatchNorm2d(32),ReLU,MaxPool2d(2),Conv2d(32,64,3,padding=1),"
           "BatchNorm2d(64),ReLU,"
           "Conv2d(64,64,3,padding=1),BatchNorm2d(64),ReLU,MaxPool2d(2),"
           "Conv2d(64,128,3,padding=1),BatchNorm2d(128),ReLU,Conv2d(128,128,3,padding=1),"
           "BatchNorm2d(128),ReLU,MaxPool2d(2),Flatten(),Linear(2048,10)"},
      {.key = "resnet",
       .title = "ResNet-20",
       .weight_layers = 20,
       .adam = false,
       .lr = 0.1f,
       .weight_decay = 5e-4f,
       .augment = crop_flip,
       .full_epochs = 80,
       .torch_architecture =
           "Conv2d(3,16,3,padding=1),BatchNorm2d(16),ReLU,"
           "BasicBlock(16,16,1),ReLU,BasicBlock(16,16,1),ReLU,BasicBlock(16,16,1),ReLU,"
           "BasicBlock(16,32,2),ReLU,BasicBlock(32,32,1),ReLU,BasicBlock(32,32,1),ReLU,"
           "BasicBlock(32,64,2),ReLU,BasicBlock(64,64,1),ReLU,BasicBlock(64,64,1),ReLU,"
           "AdaptiveAvgPool2d(1),Flatten(),Linear(64,10)"},
  };
}

Sequential build(const std::string& key, Rng& rng) {
  if (key == "simple") return simple_convnet(rng);
  if (key == "deeper") return deeper_convnet(rng);
  if (key == "resnet") return resnet20(rng);
  throw Error("chapter 08: unknown net '" + key + "' (simple, deeper, resnet)");
}

}  // namespace ch08
