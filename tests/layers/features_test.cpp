// Features at an intermediate layer (book chapter 10) and named children.
#include "nn/features.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/batchnorm.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/dropout.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/sequential.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

Sequential named_net(Rng& rng) {
  Sequential model;
  model.add_named<Conv2D>("conv", 1, 4, 3, rng, 1, 1);
  model.add_named<BatchNorm2D>("bn", 4);
  model.add_named<ReLU>("relu");
  model.add_named<MaxPool2D>("pool", 2);
  model.add_named<Dropout>("drop", 0.5f, Rng(9));
  model.add_named<Flatten>("flatten");
  model.add_named<Dense>("fc", 4 * 3 * 3, 3, rng);
  return model;
}

// The activations after layer `last`, one layer at a time, in inference mode.
Tensor by_hand(Sequential& model, const Tensor& x, int last) {
  model.set_training(false);
  Tensor h = x;
  for (int i = 0; i <= last; ++i) h = model.layer(i).forward(h);
  return h;
}

}  // namespace

TEST_CASE("features are the activations after the named layer, in inference mode", "[features]") {
  Rng rng(11);
  Sequential model = named_net(rng);
  auto& bn = dynamic_cast<BatchNorm2D&>(model.layer(1));
  bn.running_mean() = test::random_tensor({4}, rng);  // inference must use these
  const Tensor x = test::random_tensor({7, 1, 6, 6}, rng);
  model.set_training(true);
  const std::vector<std::pair<std::string, int>> layers = {
      {"bn", 1}, {"pool", 3}, {"drop", 4}, {"fc", 6}};
  for (const auto& [name, index] : layers) {
    INFO(name);
    const Tensor f = model.features(x, name, /*batch_size=*/3);  // batches of 3, 3, 1
    CHECK(f.values() == by_hand(model, x, index).values());
    model.set_training(true);
  }
  CHECK(model.layer(0).training());  // the mode is given back
  CHECK(model.features(x, -1).values() == x.values());
  CHECK(model.predict(x, 2).values() == by_hand(model, x, 6).values());
  CHECK_THROWS_AS(model.features(x, "nope"), Error);
  CHECK_THROWS_AS(model.features(x, 7), Error);
}

TEST_CASE("features of a Dataset: one flattened row per sample, labels kept", "[features]") {
  Rng rng(12);
  Sequential model = named_net(rng);
  const Dataset data{
      test::random_tensor({5, 1, 6, 6}, rng), Tensor({5}, {0, 1, 2, 1, 0}), {"a", "b", "c"}};
  const Dataset f = features(model, data, "pool", 2);
  CHECK(f.x.shape() == Shape{5, 36});
  CHECK(f.x.values() == by_hand(model, data.x, 3).values());
  CHECK(f.y.values() == data.y.values());
  CHECK(f.class_names == data.class_names);
}

TEST_CASE("forward_until runs the first layers in the current mode", "[features]") {
  Rng rng(13), same(13);
  Sequential model = named_net(rng), reference = named_net(same);
  const Tensor x = test::random_tensor({4, 1, 6, 6}, rng);
  model.set_training(true);
  const Tensor h = model.forward_until(x, 2);  // conv, bn, relu
  auto& bn = dynamic_cast<BatchNorm2D&>(model.layer(1));
  CHECK(bn.batches_tracked() == 1);  // training mode: batch statistics
  Tensor expected = x;
  for (int i = 0; i <= 2; ++i) expected = reference.layer(i).forward(expected);
  CHECK(h.values() == expected.values());
}

TEST_CASE("named children prefix the state_dict names; a group ends at its last member",
          "[features][sequential]") {
  Rng rng(14);
  Sequential model;
  model.add<Dense>(2, 2, rng);
  model.add_named<Dense>("block.0", 2, 2, rng);
  model.add_named<Dense>("block.1", 2, 2, rng);
  model.add_named<ReLU>("blocked");  // shares a prefix with "block", not a member
  const auto params = model.parameters();
  REQUIRE(params.size() == 6);
  CHECK(params[0].name == "0.weight");
  CHECK(params[2].name == "block.0.weight");
  CHECK(params[5].name == "block.1.bias");
  CHECK(model.index_of("block") == 2);
  CHECK(model.index_of("block.0") == 1);
  CHECK(model.index_of("blocked") == 3);
  CHECK(model.layer_name(0) == "0");
  CHECK_THROWS_AS(model.add_named<ReLU>("block.1"), Error);  // names are unique
  CHECK_THROWS_AS(model.add_named<ReLU>(""), Error);
}

TEST_CASE("Sequential::pop removes the classifier, and a new one takes its place",
          "[sequential][features]") {
  Rng rng(10);
  Sequential model;
  model.add<Dense>(4, 3, rng);
  model.add<ReLU>();
  model.add<Dense>(3, 8, rng);
  const std::unique_ptr<Layer> head = model.pop();
  CHECK(head->name() == "Dense(3 -> 8)");
  CHECK(model.size() == 2);
  model.add<Dense>(3, 2, rng);  // named "2" again, as torch would name it
  CHECK(model.layer_name(2) == "2");
  CHECK(model.output_shape({5, 4}) == Shape{5, 2});
  CHECK(model.parameters().back().name == "2.bias");
  model.pop();
  model.pop();
  model.pop();
  CHECK_THROWS_AS(model.pop(), Error);
}
