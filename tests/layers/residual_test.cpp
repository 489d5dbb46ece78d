#include "nn/layers/residual.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/batchnorm.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// conv - BN - conv - BN, with a projection when the shape changes. No ReLU
// inside, so that a central difference never straddles a kink: the block's
// own backward (the sum of the two paths) is what is checked here.
std::unique_ptr<Residual> smooth_block(int in, int out, int stride, Rng& rng) {
  Sequential body;
  body.add<Conv2D>(in, out, 3, rng, stride, 1);
  body.add<BatchNorm2D>(out);
  body.add<Conv2D>(out, out, 3, rng, 1, 1);
  body.add<BatchNorm2D>(out);
  Sequential shortcut;
  if (in != out || stride != 1) {
    shortcut.add<Conv2D>(in, out, 1, rng, stride, 0);
    shortcut.add<BatchNorm2D>(out);
  }
  return std::make_unique<Residual>(std::move(body), std::move(shortcut));
}

}  // namespace

TEST_CASE("Residual adds the input to the body's output", "[residual]") {
  Rng rng(210);
  Sequential body;
  body.add<Conv2D>(2, 2, 3, rng, 1, 1);
  Conv2D reference = static_cast<Conv2D&>(body.layer(0));
  Residual block(std::move(body));
  CHECK_FALSE(block.has_projection());
  const Tensor x = test::random_tensor({2, 2, 4, 4}, rng);
  const Tensor y = block.forward(x);
  const Tensor fx = reference.forward(x);
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(y[i] == Approx(fx[i] + x[i]).margin(1e-6));
  CHECK(block.output_shape(x.shape()) == x.shape());
}

TEST_CASE("Residual blocks pass the gradient check", "[residual][gradcheck]") {
  Rng rng(211);
  struct Case {
    int in, out, stride;
  };
  for (const Case& c : {Case{3, 3, 1}, Case{2, 4, 1}, Case{2, 3, 2}}) {
    auto block = smooth_block(c.in, c.out, c.stride, rng);
    const auto report = gradcheck(*block, test::random_tensor({3, c.in, 4, 4}, rng));
    INFO(c.in << " -> " << c.out << " stride " << c.stride << "\n" << report.to_string());
    CHECK(report.passed());
  }
}

namespace {

// Bug: backward returns only the body's gradient and forgets the shortcut's
// "+ dy", the very path that makes deep residual nets trainable.
struct ResidualNoSkipGradient : Residual {
  using Residual::Residual;
  Tensor backward(const Tensor& dy) override { return body().backward(dy); }
};

}  // namespace

TEST_CASE("gradcheck catches a residual backward without the skip path",
          "[residual][gradcheck][planted-bug]") {
  Rng rng(212);
  auto good = smooth_block(2, 2, 1, rng);
  ResidualNoSkipGradient block(std::move(good->body()));
  const auto report = gradcheck(block, test::random_tensor({3, 2, 4, 4}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
}

TEST_CASE("basic_block projects when channels or size change", "[residual]") {
  Rng rng(213);
  auto same = basic_block(4, 4, 1, rng);
  CHECK_FALSE(same->has_projection());
  CHECK(same->name() == "Residual(5 layers)");
  auto down = basic_block(4, 8, 2, rng);
  CHECK(down->has_projection());
  CHECK(down->name() == "Residual(5 layers + projection)");
  CHECK(down->output_shape({2, 4, 8, 8}) == Shape{2, 8, 4, 4});
  const Tensor y = down->forward(test::random_tensor({2, 4, 8, 8}, rng));
  CHECK(y.shape() == Shape{2, 8, 4, 4});
  CHECK(down->backward(Tensor(y.shape(), 1.0f)).shape() == Shape{2, 4, 8, 8});
}

TEST_CASE("Residual names its parameters and buffers as the PyTorch module does", "[residual]") {
  Rng rng(214);
  auto block = basic_block(2, 4, 2, rng);
  std::vector<std::string> names;
  for (auto& p : block->parameters()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"body.0.weight", "body.0.bias", "body.1.weight",
                                          "body.1.bias", "body.3.weight", "body.3.bias",
                                          "body.4.weight", "body.4.bias", "shortcut.0.weight",
                                          "shortcut.0.bias", "shortcut.1.weight",
                                          "shortcut.1.bias"});
  const auto buffers = block->buffers();
  REQUIRE(buffers.size() == 9);
  CHECK(buffers[0].name == "body.1.running_mean");
  CHECK(buffers[8].name == "shortcut.1.num_batches_tracked");
}

TEST_CASE("Residual passes training mode to the layers inside", "[residual]") {
  Rng rng(215);
  auto block = basic_block(2, 2, 1, rng);
  auto& bn = static_cast<BatchNorm2D&>(block->body().layer(1));
  block->set_training(false);
  CHECK_FALSE(bn.training());
  block->forward(test::random_tensor({2, 2, 3, 3}, rng));
  CHECK(bn.batches_tracked() == 0);
  block->set_training(true);
  CHECK(bn.training());
}

TEST_CASE("Residual refuses a shape change without a projection", "[residual][bad-input]") {
  Rng rng(216);
  Sequential body;
  body.add<Conv2D>(2, 4, 3, rng, 1, 1);
  Residual block(std::move(body));
  CHECK_THROWS_WITH(block.forward(Tensor({1, 2, 4, 4})), Catch::Contains("[1, 4, 4, 4]") &&
                                                             Catch::Contains("[1, 2, 4, 4]") &&
                                                             Catch::Contains("projection"));
  CHECK_THROWS_AS(Residual(Sequential{}), Error);
}

TEST_CASE("GlobalAvgPool2D averages each channel", "[pool]") {
  GlobalAvgPool2D pool;
  const Tensor y = pool.forward(Tensor({1, 2, 2, 2}, {1, 2, 3, 6, 0, 0, 0, 4}));
  CHECK(y.shape() == Shape{1, 2, 1, 1});
  CHECK(y.values() == std::vector<float>{3, 1});
  CHECK(pool.backward(Tensor({1, 2, 1, 1}, {4, 8})).values() ==
        std::vector<float>{1, 1, 1, 1, 2, 2, 2, 2});
  CHECK_THROWS_AS(pool.forward(Tensor({2, 3})), ShapeError);
}

TEST_CASE("GlobalAvgPool2D passes the gradient check", "[pool][gradcheck]") {
  Rng rng(217);
  GlobalAvgPool2D pool;
  const auto report = gradcheck(pool, test::random_tensor({2, 3, 4, 5}, rng));
  INFO(report.to_string());
  CHECK(report.passed());
}

namespace {

// Bug: the gradient is copied to every position without dividing by H*W.
struct GlobalPoolNoDivide : GlobalAvgPool2D {
  Tensor backward(const Tensor& dy) override {
    Tensor dx = GlobalAvgPool2D::backward(dy);
    for (float& v : dx.values()) v *= 20.0f;  // 4 x 5 positions
    return dx;
  }
};

}  // namespace

TEST_CASE("gradcheck catches global pooling without the 1 / HW", "[pool][gradcheck][planted-bug]") {
  Rng rng(218);
  GlobalPoolNoDivide pool;
  const auto report = gradcheck(pool, test::random_tensor({2, 3, 4, 5}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
}

TEST_CASE("Sequential saves and restores batch-norm buffers with PyTorch names",
          "[residual][serialize]") {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() /
                        ("nn_residual_test_" + std::to_string(::getpid()) + ".safetensors");
  Rng rng(219);
  auto build = [](Rng& r) {
    Sequential m;
    m.add<Conv2D>(3, 4, 3, r, 1, 1);
    m.add<BatchNorm2D>(4);
    m.add<ReLU>();
    m.add(basic_block(4, 8, 2, r));
    m.add<ReLU>();
    m.add<GlobalAvgPool2D>();
    m.add<Flatten>();
    m.add<Dense>(8, 10, r);
    return m;
  };
  Sequential model = build(rng);
  for (int i = 0; i < 3; ++i) model.forward(test::random_tensor({4, 3, 6, 6}, rng));
  std::set<std::string> int64_names;
  const TensorMap state = model.state(&int64_names);
  CHECK(state.count("1.running_var") == 1);
  CHECK(state.count("3.shortcut.1.running_mean") == 1);
  CHECK(int64_names.count("3.body.4.num_batches_tracked") == 1);
  model.save(path.string());

  Rng other(7);
  Sequential copy = build(other);
  copy.load(path.string());
  auto& bn = static_cast<BatchNorm2D&>(copy.layer(1));
  CHECK(bn.batches_tracked() == 3);
  CHECK(bn.running_mean().values() ==
        static_cast<BatchNorm2D&>(model.layer(1)).running_mean().values());
  model.set_training(false);
  copy.set_training(false);
  const Tensor x = test::random_tensor({2, 3, 6, 6}, rng);
  CHECK(max_abs_diff(model.forward(x), copy.forward(x)) == 0.0f);

  Sequential plain;  // same weights but no batch norm: the file does not fit
  plain.add<Conv2D>(3, 4, 3, other, 1, 1);
  CHECK_THROWS_WITH(plain.load(path.string()),
                    Catch::Contains("holds") && Catch::Contains("parameters and buffers"));
  fs::remove(path);
}
