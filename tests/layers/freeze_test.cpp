// Freezing (book chapter 10): a frozen layer's parameters are left alone by
// every optimiser, and its backward does not compute their gradients.
#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <string>

#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/batchnorm.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/residual.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "nn/sequential.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// conv - bn - relu - conv - flatten - dense: every kind of layer with weights.
Sequential small_net(Rng& rng) {
  Sequential model;
  model.add<Conv2D>(2, 3, 3, rng, 1, 1);
  model.add<BatchNorm2D>(3);
  model.add<ReLU>();
  model.add(basic_block(3, 4, 2, rng));
  model.add<Flatten>();
  model.add<Dense>(4 * 3 * 3, 2, rng);
  return model;
}

// One training step of `model` on a fixed random batch.
void train_step(Sequential& model, Optimizer& opt, Rng& rng) {
  const Tensor x = test::random_tensor({4, 2, 6, 6}, rng);
  const Tensor y({4}, {0, 1, 1, 0});
  SoftmaxCrossEntropy loss;
  opt.zero_grad();
  loss.forward(model.forward(x), y);
  model.backward(loss.backward(), /*input_gradient=*/false);
  opt.step();
}

using MakeOptimizer = std::function<std::unique_ptr<Optimizer>(std::vector<Parameter>)>;

// Every optimiser of the library, with weight decay on (a frozen weight must
// not even shrink).
std::vector<std::pair<std::string, MakeOptimizer>> optimisers() {
  auto with_decay = [](auto make) -> MakeOptimizer {
    return [make](std::vector<Parameter> p) {
      std::unique_ptr<Optimizer> opt = make(std::move(p));
      opt->weight_decay = opt->weight_decay > 0 ? opt->weight_decay : 0.1f;
      return opt;
    };
  };
  using P = std::vector<Parameter>;
  return {
      {"SGD", with_decay([](P p) { return std::make_unique<SGD>(std::move(p), 0.1f); })},
      {"Momentum", with_decay([](P p) { return std::make_unique<Momentum>(std::move(p), 0.1f); })},
      {"Nesterov", with_decay([](P p) { return std::make_unique<Nesterov>(std::move(p), 0.1f); })},
      {"AdaGrad", with_decay([](P p) { return std::make_unique<AdaGrad>(std::move(p), 0.1f); })},
      {"RMSprop", with_decay([](P p) { return std::make_unique<RMSprop>(std::move(p), 0.01f); })},
      {"Adam", with_decay([](P p) { return std::make_unique<Adam>(std::move(p), 0.01f); })},
      {"AdamW", with_decay([](P p) { return std::make_unique<AdamW>(std::move(p), 0.01f); })},
  };
}

}  // namespace

TEST_CASE("No optimiser changes a frozen parameter; the others move", "[freeze][optim]") {
  for (const auto& [name, make] : optimisers()) {
    INFO(name);
    Rng rng(1);
    Sequential model = small_net(rng);
    // The optimiser is made BEFORE freezing: the flag is read at every step.
    std::unique_ptr<Optimizer> opt = make(model.parameters());
    model.freeze_until(3);  // conv, bn, relu and the residual block
    const TensorMap before = model.state();
    for (int step = 0; step < 3; ++step) train_step(model, *opt, rng);
    for (const auto& p : model.parameters()) {
      INFO(p.name);
      if (p.trainable())
        CHECK(p.value->values() != before.at(p.name).values());
      else
        CHECK(p.value->values() == before.at(p.name).values());  // bit-identical
    }
    CHECK(model.layer(5).parameters()[0].trainable());
    CHECK_FALSE(model.layer(3).parameters()[0].trainable());
    // A frozen batch norm keeps its running statistics too.
    for (const char* buffer : {"1.running_mean", "1.running_var", "1.num_batches_tracked"})
      CHECK(model.state().at(buffer).values() == before.at(buffer).values());
  }
}

TEST_CASE("Frozen layers compute no parameter gradients but pass dL/dx on", "[freeze]") {
  Rng rng(2);
  Sequential frozen = small_net(rng);
  Rng same(2);
  Sequential reference = small_net(same);
  frozen.freeze_until(3);
  const Tensor x = test::random_tensor({4, 2, 6, 6}, rng);
  const Tensor dy = test::random_tensor({4, 2}, rng);
  for (Sequential* m : {&frozen, &reference}) {
    m->set_training(true);
    // A frozen batch norm normalises as in inference: make the reference's do so too.
    auto& block = dynamic_cast<Residual&>(m->layer(3));
    for (Layer* bn :
         {&m->layer(1), &block.body().layer(1), &block.body().layer(4), &block.shortcut().layer(1)})
      bn->set_training(false);
    m->zero_grad();
    m->forward(x);
  }
  const Tensor dx = frozen.backward(dy);  // the input gradient is asked for
  const Tensor dx_reference = reference.backward(dy);
  CHECK(dx.values() == dx_reference.values());  // frozen weights still carry dx
  const auto frozen_params = frozen.parameters(), reference_params = reference.parameters();
  for (std::size_t i = 0; i < frozen_params.size(); ++i) {
    INFO(frozen_params[i].name);
    if (frozen_params[i].trainable())
      CHECK(frozen_params[i].grad->values() == reference_params[i].grad->values());
    else
      CHECK(frozen_params[i].grad->values() == Tensor(frozen_params[i].grad->shape()).values());
  }
}

TEST_CASE("Dense and Conv2D skip the weight gradient when frozen", "[freeze]") {
  Rng rng(3);
  Dense dense(5, 3, rng);
  Conv2D conv(2, 3, 3, rng, 1, 1);
  dense.set_trainable(false);
  conv.set_trainable(false);
  dense.forward(test::random_tensor({4, 5}, rng));
  conv.forward(test::random_tensor({2, 2, 5, 5}, rng));
  const Tensor dx_dense = dense.backward(test::random_tensor({4, 3}, rng));
  const Tensor dx_conv = conv.backward(test::random_tensor({2, 3, 5, 5}, rng));
  CHECK(dx_dense.shape() == Shape{4, 5});
  CHECK(dx_conv.shape() == Shape{2, 2, 5, 5});
  for (Layer* layer : {static_cast<Layer*>(&dense), static_cast<Layer*>(&conv)})
    for (const auto& p : layer->parameters()) {
      INFO(layer->name() << " " << p.name);
      CHECK_FALSE(p.trainable());
      CHECK(p.grad->values() == Tensor(p.grad->shape()).values());  // never written
    }
  // Frozen and no input gradient wanted: nothing to compute at all.
  conv.set_input_gradient(false);
  CHECK(conv.backward(test::random_tensor({2, 3, 5, 5}, rng)).empty());
}

TEST_CASE("Backward stops below the lowest layer that learns", "[freeze]") {
  Rng rng(4);
  Sequential model = small_net(rng);
  model.set_trainable(false);
  model.set_trainable("5", true);  // only the dense head learns
  const Tensor x = test::random_tensor({4, 2, 6, 6}, rng);
  model.zero_grad();
  model.forward(x);
  CHECK(model.backward(test::random_tensor({4, 2}, rng), false).empty());
  // The head's gradient is there; the convolution below it was never reached.
  CHECK(model.layer(5).parameters()[0].grad->values() !=
        Tensor(model.layer(5).parameters()[0].grad->shape()).values());
  CHECK(model.layer(0).parameters()[0].grad->values() ==
        Tensor(model.layer(0).parameters()[0].grad->shape()).values());
  CHECK(model.summary({1, 2, 6, 6}).find("frozen parameters: ") != std::string::npos);
}

TEST_CASE("freeze_until and set_trainable take names and groups", "[freeze]") {
  Rng rng(5);
  Sequential model;
  model.add_named<Dense>("stem", 4, 4, rng);
  model.add_named<Dense>("stage1.0", 4, 4, rng);
  model.add_named<Dense>("stage1.1", 4, 4, rng);
  model.add_named<Dense>("head", 4, 2, rng);
  auto trainable = [&](int i) { return model.layer(i).trainable(); };
  model.freeze_until("stage1");  // the group's last member, "stage1.1"
  CHECK((!trainable(0) && !trainable(1) && !trainable(2) && trainable(3)));
  model.set_trainable("stage1", true);
  CHECK((!trainable(0) && trainable(1) && trainable(2) && trainable(3)));
  model.set_trainable("stage1.0", false);
  CHECK((!trainable(1) && trainable(2)));
  CHECK_THROWS_AS(model.freeze_until("stage"), Error);  // a prefix is not a group
  CHECK_THROWS_AS(model.set_trainable("nope", false), Error);
  CHECK_THROWS_AS(model.freeze_until(4), Error);
}
