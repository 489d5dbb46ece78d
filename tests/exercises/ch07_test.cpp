// Chapter 07 exercises (exercises/07-cnn-mnist/ex.hpp).
#include <catch2/catch.hpp>

#include "07-cnn-mnist/ex.hpp"
#include "nn/errors.hpp"
#include "nn/plot.hpp"

using namespace nn;

TEST_CASE("ch07 ex1 build_convnet: the Keras layers and shapes and the parameter count",
          "[ch07][ex1][exercise]") {
  Rng rng(7);
  Sequential model = ex07::build_convnet(rng);
  REQUIRE(model.size() == 10);
  CHECK(model.layer(0).name() == "Conv2D(1 -> 32, 3x3)");
  CHECK(model.layer(3).name() == "Conv2D(32 -> 64, 3x3)");
  CHECK(model.layer(2).name() == "MaxPool2D(2x2)");
  CHECK(model.layer(7).name() == "Dense(1600 -> 128)");
  CHECK(model.parameter_count() == 225034);
  const Tensor y = model.forward(Tensor({2, 1, 28, 28}, 0.5f));
  CHECK(y.shape() == Shape{2, 10});
}

TEST_CASE("ch07 ex1 build_convnet: PyTorch state_dict names", "[ch07][ex1][exercise]") {
  Rng rng(7);
  Sequential model = ex07::build_convnet(rng);
  std::vector<std::string> names;
  for (auto& p : model.parameters()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"0.weight", "0.bias", "3.weight", "3.bias", "7.weight",
                                          "7.bias", "9.weight", "9.bias"});
}

TEST_CASE("ch07 ex2 output_size: the formula on the network's shapes", "[ch07][ex2][exercise]") {
  CHECK(ex07::output_size(28, 3, 1, 0) == 26);
  CHECK(ex07::output_size(26, 2, 2, 0) == 13);
  CHECK(ex07::output_size(11, 2, 2, 0) == 5);   // floor: the last row and column are dropped
  CHECK(ex07::output_size(28, 3, 1, 1) == 28);  // "same" padding
  CHECK(ex07::output_size(7, 3, 2, 1) == 4);
  CHECK(ex07::output_size(3, 3, 1, 0) == 1);
}

TEST_CASE("ch07 ex2 output_size: a window larger than the input", "[ch07][ex2][exercise]") {
  CHECK_THROWS_AS(ex07::output_size(2, 3, 1, 0), ShapeError);
  CHECK(ex07::output_size(2, 3, 1, 1) == 2);
}

TEST_CASE("ch07 ex3 confusion_counts: a hand-made example", "[ch07][ex3][exercise]") {
  // Rows: predicted 1, 1, 0, 2 for true 0, 1, 0, 1.
  const Tensor scores({4, 3}, {0, 5, 1, 2, 3, 0, 9, 1, 1, 0, 0, 4});
  const auto counts = ex07::confusion_counts(scores, {0, 1, 0, 1});
  CHECK(counts == std::vector<std::vector<int>>{{1, 1, 0}, {0, 1, 1}, {0, 0, 0}});
  CHECK_THROWS_AS(ex07::confusion_counts(scores, {0, 1}), ShapeError);
}

TEST_CASE("ch07 ex3 confusion_counts: agrees with the library", "[ch07][ex3][exercise]") {
  Rng rng(3);
  Tensor scores({50, 4});
  init_uniform(scores, 0, 1, rng);
  std::vector<int> labels(50);
  for (int& l : labels) l = rng.integer(4);
  CHECK(ex07::confusion_counts(scores, labels) == confusion_matrix(labels, argmax_rows(scores), 4));
}

TEST_CASE("ch07 ex4 most_confident_mistakes: order and count", "[ch07][ex4][exercise]") {
  const Tensor p({5, 2}, {0.9f, 0.1f,    // predicted 0, label 1: wrong, 0.9
                          0.2f, 0.8f,    // predicted 1, label 1: right
                          0.3f, 0.7f,    // predicted 1, label 0: wrong, 0.7
                          0.05f, 0.95f,  // predicted 1, label 0: wrong, 0.95
                          0.6f, 0.4f});  // predicted 0, label 0: right
  const std::vector<int> labels{1, 1, 0, 0, 0};
  CHECK(ex07::most_confident_mistakes(p, labels, 2) == std::vector<int>{3, 0});
  CHECK(ex07::most_confident_mistakes(p, labels, 10) == std::vector<int>{3, 0, 2});
}

TEST_CASE("ch07 ex4 most_confident_mistakes: ties and no mistakes", "[ch07][ex4][exercise]") {
  const Tensor p({3, 2}, {0.8f, 0.2f, 0.8f, 0.2f, 0.1f, 0.9f});
  // All three are wrong; 0 and 1 tie at 0.8, below 2's 0.9.
  CHECK(ex07::most_confident_mistakes(p, {1, 1, 0}, 3) == std::vector<int>{2, 0, 1});
  CHECK(ex07::most_confident_mistakes(p, {0, 0, 1}, 3).empty());
}
