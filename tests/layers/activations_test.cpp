#include "nn/layers/activations.hpp"

#include <catch2/catch.hpp>
#include <memory>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "nn/layers/softmax.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

TEST_CASE("Activations have the textbook values", "[activations]") {
  const Tensor x({1, 4}, {-2, -0.5f, 0.5f, 3});
  CHECK(ReLU().forward(x).values() == std::vector<float>{0, 0, 0.5f, 3});
  CHECK(Step().forward(x).values() == std::vector<float>{0, 0, 1, 1});
  CHECK(Identity().forward(x).values() == x.values());
  CHECK(Sigmoid().forward(x)[3] == Approx(1 / (1 + std::exp(-3.0))));
  CHECK(Tanh().forward(x)[0] == Approx(std::tanh(-2.0)));
  CHECK(sigmoid(-100.0f) >= 0.0f);
  CHECK(sigmoid(100.0f) == 1.0f);
}

TEST_CASE("Activation gradients pass the gradient check", "[activations][gradcheck]") {
  Rng rng(4);
  std::vector<std::unique_ptr<Layer>> layers;
  layers.push_back(std::make_unique<ReLU>());
  layers.push_back(std::make_unique<Sigmoid>());
  layers.push_back(std::make_unique<Tanh>());
  layers.push_back(std::make_unique<Identity>());
  layers.push_back(std::make_unique<Softmax>());
  for (auto& layer : layers) {
    const auto report = gradcheck(*layer, test::random_tensor({3, 6}, rng, -2.0f, 2.0f));
    INFO(report.to_string());
    CHECK(report.passed());
  }
}

// ReLU computes in the tensor it is handed (Sequential's path); forward and
// backward on a const tensor must give the same results and leave it alone.
TEST_CASE("ReLU in place equals ReLU on a copy, and passes dy only where x > 0", "[activations]") {
  const Tensor x({2, 3}, {-1, 2, 0, 3, -0.5f, 1e-30f});
  const Tensor dy({2, 3}, {10, 20, 30, 40, 50, 60});
  ReLU copying, in_place;
  CHECK(copying.forward(x).values() == std::vector<float>{0, 2, 0, 3, 0, 1e-30f});
  CHECK(x.values() == std::vector<float>{-1, 2, 0, 3, -0.5f, 1e-30f});
  CHECK(in_place.forward_in_place(Tensor(x)).values() == copying.forward(x).values());
  CHECK(copying.backward(dy).values() == std::vector<float>{0, 20, 0, 40, 0, 60});
  CHECK(dy.values() == std::vector<float>{10, 20, 30, 40, 50, 60});
  CHECK(in_place.backward_in_place(Tensor(dy)).values() == copying.backward(dy).values());
}

TEST_CASE("The step unit refuses to backpropagate", "[activations]") {
  Step step;
  step.forward(Tensor({1, 2}));
  CHECK_THROWS_WITH(step.backward(Tensor({1, 2})), Catch::Contains("cannot be trained"));
}

TEST_CASE("Softmax rows are probabilities, even for huge logits", "[softmax]") {
  const Tensor p = softmax(Tensor({2, 3}, {1, 2, 3, 1000, 1000, -1000}));
  CHECK(p.at(0, 0) + p.at(0, 1) + p.at(0, 2) == Approx(1.0));
  CHECK(p.at(0, 2) == Approx(std::exp(3.0) / (std::exp(1.0) + std::exp(2.0) + std::exp(3.0))));
  CHECK(p.at(1, 0) == Approx(0.5));
  CHECK(p.at(1, 2) == 0.0f);
  CHECK_THROWS_AS(softmax(Tensor({6})), ShapeError);
}

TEST_CASE("Activations name themselves on a wrong upstream gradient", "[activations][bad-input]") {
  ReLU relu;
  relu.forward(Tensor({2, 3}));
  CHECK_THROWS_WITH(relu.backward(Tensor({3, 2})), Catch::Contains("ReLU backward") &&
                                                       Catch::Contains("[2, 3]") &&
                                                       Catch::Contains("[3, 2]"));
}
