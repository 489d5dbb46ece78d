#include "nn/layers/dense.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

TEST_CASE("Dense computes x W^T + b", "[dense]") {
  Rng rng(0);
  Dense d(3, 2, rng);
  d.weight() = Tensor({2, 3}, {1, 2, 3, 4, 5, 6});
  d.bias() = Tensor({2}, {0.5f, -1});
  const Tensor y = d.forward(Tensor({2, 3}, {1, 0, -1, 2, 1, 0}));
  CHECK(y.shape() == Shape{2, 2});
  CHECK(y.values() == std::vector<float>{1 - 3 + 0.5f, 4 - 6 - 1, 2 + 2 + 0.5f, 8 + 5 - 1});
}

TEST_CASE("Dense gradients pass the gradient check", "[dense][gradcheck]") {
  Rng rng(1);
  Dense d(7, 5, rng);
  const auto report = gradcheck(d, test::random_tensor({4, 7}, rng));
  INFO(report.to_string());
  CHECK(report.passed());
  CHECK(report.results.size() == 3);  // input, weight, bias
}

TEST_CASE("Dense gradients accumulate until zero_grad", "[dense]") {
  Rng rng(2);
  Dense d(3, 2, rng);
  const Tensor x = test::random_tensor({2, 3}, rng);
  const Tensor dy = test::random_tensor({2, 2}, rng);
  d.forward(x);
  d.backward(dy);
  const Tensor once = *d.parameters()[0].grad;
  d.backward(dy);
  for (std::size_t i = 0; i < once.size(); ++i)
    CHECK(d.parameters()[0].grad->values()[i] == Approx(2 * once[i]));
  d.zero_grad();
  CHECK(d.parameters()[0].grad->values() == std::vector<float>(6, 0.0f));
}

TEST_CASE("Dense names itself and both shapes on a wrong input", "[dense][bad-input]") {
  Rng rng(3);
  Dense d(784, 128, rng);
  CHECK_THROWS_AS(d.forward(Tensor({64, 100})), ShapeError);
  CHECK_THROWS_WITH(d.forward(Tensor({64, 100})), Catch::Contains("Dense(784 -> 128)") &&
                                                      Catch::Contains("[N, 784]") &&
                                                      Catch::Contains("[64, 100]"));
  d.forward(Tensor({2, 784}));
  CHECK_THROWS_WITH(d.backward(Tensor({2, 127})), Catch::Contains("Dense(784 -> 128) backward") &&
                                                      Catch::Contains("[2, 128]") &&
                                                      Catch::Contains("[2, 127]"));
}
