// ResNet-18 with torchvision's layout (book chapter 10), checked against
// PyTorch on the fixture tools/make_fixtures.py made with torchvision: a
// random ResNet-18 of width 4 (64 in torchvision) and 10 classes, in eval
// mode, its outputs on a fixed batch. Loading errors: a file that does not
// fit the net is refused, naming the tensor and both shapes, and loads nothing.
#include "nn/models/resnet18.hpp"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>

#include "nn/errors.hpp"
#include "nn/serialize.hpp"

using namespace nn;
using Catch::Contains;

namespace {

const std::string kDir = std::string(NN_FIXTURES_DIR) + "/resnet18-tiny/";
constexpr int kWidth = 4, kClasses = 10;

// max |a - b| <= tolerance * max |b|: relative to the tensor's scale, since
// single elements near zero have no meaningful relative error.
void check_close(const Tensor& ours, const Tensor& torch, double tolerance) {
  REQUIRE(ours.shape() == torch.shape());
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    diff = std::max(diff, std::abs(double{ours[i]} - torch[i]));
    scale = std::max(scale, std::abs(double{torch[i]}));
  }
  INFO("max |ours - torch| = " << diff << ", max |torch| = " << scale);
  CHECK(scale > 0.1);  // the comparison means something
  CHECK(diff <= tolerance * scale);
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("nn_resnet18_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

}  // namespace

TEST_CASE("resnet18's state_dict has torchvision's names and shapes", "[resnet18]") {
  Rng rng(1);
  Sequential model = resnet18(rng, kClasses, kWidth);
  const TensorMap ours = model.state(), torch = load_safetensors(kDir + "weights.safetensors");
  std::vector<std::string> our_names, torch_names;
  for (const auto& [name, t] : ours) our_names.push_back(name);
  for (const auto& [name, t] : torch) torch_names.push_back(name);
  CHECK(our_names == torch_names);
  for (const auto& [name, t] : torch)
    if (ours.count(name)) {
      INFO(name);
      CHECK(ours.at(name).shape() == t.shape());
    }
  CHECK(ours.size() == 122);  // torchvision's resnet18 state_dict has 122 entries
  for (const char* name : {"conv1.weight", "bn1.num_batches_tracked", "layer1.0.conv1.weight",
                           "layer1.0.bn1.running_mean", "layer2.0.downsample.0.weight",
                           "layer2.0.downsample.1.running_var", "fc.bias"})
    CHECK(ours.count(name) == 1);
  Metadata metadata;  // the export stores the class names, one per line
  load_safetensors(kDir + "weights.safetensors", &metadata);
  CHECK(metadata.at("classes").starts_with("class 0\nclass 1\n"));
  CHECK(ours.count("layer1.0.downsample.0.weight") == 0);  // same shape: identity
  CHECK(ours.count("conv1.bias") == 0);                    // no bias before batch norm
}

TEST_CASE("resnet18 computes what torchvision computes", "[resnet18]") {
  Rng rng(2);
  Sequential model = resnet18(rng, kClasses, kWidth);
  model.load(kDir + "weights.safetensors");
  const TensorMap io = load_safetensors(kDir + "io.safetensors");
  check_close(model.predict(io.at("x")), io.at("logits"), 1e-4);
  check_close(model.features(io.at("x"), "layer2"), io.at("layer2"), 1e-4);
}

TEST_CASE("resnet18 has the full net's layout at width 64", "[resnet18]") {
  Rng rng(3);
  Sequential model = resnet18(rng);
  CHECK(model.parameter_count() == 11689512);  // torchvision's count for resnet18
  CHECK(model.output_shape({1, 3, 224, 224}) == Shape{1, 1000});
  Shape shape{1, 3, 224, 224};
  for (int i = 0; i <= model.index_of("layer4"); ++i) shape = model.layer(i).output_shape(shape);
  CHECK(shape == Shape{1, 512, 7, 7});
  CHECK(model.layer(model.index_of("layer2.0")).name() == "BasicBlock(64 -> 128, stride 2)");
}

TEST_CASE("imagenet_input resizes, crops and normalises as torchvision does", "[resnet18]") {
  Tensor grey({1, 3, 300, 400});  // a flat image of the ImageNet mean
  for (int c = 0; c < 3; ++c) std::fill_n(grey.data() + c * 300 * 400, 300 * 400, kImageNetMean[c]);
  const Tensor x = imagenet_input(grey);
  CHECK(x.shape() == Shape{1, 3, 224, 224});
  for (float v : x.values()) REQUIRE(std::abs(v) < 1e-6f);  // the mean normalises to 0
  Rng rng(4);
  Sequential model = resnet18(rng, 5, 2);
  const Tensor p = predict_imagenet(model, grey);
  CHECK(p.shape() == Shape{1, 5});
  float sum = 0;
  for (float v : p.values()) sum += v;
  CHECK(sum == Approx(1.0f));
}

TEST_CASE("a file that does not fit the net loads nothing and says why", "[resnet18][bad-input]") {
  Rng rng(5);
  Sequential model = resnet18(rng, kClasses, kWidth);
  const TensorMap before = model.state();
  const std::string weights = kDir + "weights.safetensors";
  auto unchanged = [&] {
    for (const auto& [name, t] : model.state())
      if (t.values() != before.at(name).values()) return false;
    return true;
  };
  SECTION("a wider net: the first tensor's shapes are named") {
    Rng other(6);
    Sequential wide = resnet18(other, kClasses, 2 * kWidth);
    const std::string path = temp_path("wide.safetensors");
    wide.save(path);
    CHECK_THROWS_WITH(model.load(path), Contains("'conv1.weight'") && Contains("[8, 3, 7, 7]") &&
                                            Contains("expects [4, 3, 7, 7]"));
    std::filesystem::remove(path);
  }
  SECTION("one tensor of the wrong shape, found after the others fit") {
    TensorMap tensors = load_safetensors(weights);
    tensors["fc.weight"] = Tensor({kClasses + 1, 8 * kWidth});
    CHECK_THROWS_WITH(model.set_state(tensors, "test"),
                      Contains("'fc.weight'") && Contains("[11, 32]") && Contains("[10, 32]"));
  }
  SECTION("a missing tensor") {
    TensorMap tensors = load_safetensors(weights);
    tensors.erase("layer4.1.bn2.running_var");
    CHECK_THROWS_WITH(model.set_state(tensors, "test"), Contains("'layer4.1.bn2.running_var'"));
  }
  SECTION("a tensor the net does not have") {
    TensorMap tensors = load_safetensors(weights);
    tensors["layer1.0.downsample.0.weight"] = Tensor({kWidth, kWidth, 1, 1});
    CHECK_THROWS_WITH(model.set_state(tensors, "test"), Contains("'layer1.0.downsample.0.weight'"));
  }
  CHECK(unchanged());
}
