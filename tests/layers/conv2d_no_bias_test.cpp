// Conv2D without a bias (torchvision's ResNet convolutions).
#include <catch2/catch.hpp>

#include "nn/gradcheck.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/sequential.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

TEST_CASE("Conv2D without bias has only a weight and computes W * x", "[conv]") {
  Rng rng(31), same(31);
  Conv2D plain(2, 3, 3, rng, 2, 1, /*bias=*/false);
  Conv2D with_bias(2, 3, 3, same, 2, 1);  // same weights, bias zero
  const auto params = plain.parameters();
  REQUIRE(params.size() == 1);
  CHECK(params[0].name == "weight");
  CHECK(plain.name() == "Conv2D(2 -> 3, 3x3, stride 2, padding 1, no bias)");
  const Tensor x = test::random_tensor({2, 2, 7, 7}, rng);
  CHECK(plain.forward(x).values() == with_bias.forward(x).values());
  // Saved without a bias, as torch.nn.Conv2d(bias=False) is.
  Sequential model;
  model.add<Conv2D>(2, 3, 3, rng, 1, 0, false);
  CHECK(model.state().count("0.bias") == 0);
  CHECK(model.state().count("0.weight") == 1);
}

TEST_CASE("Conv2D without bias passes the gradient check", "[conv][gradcheck]") {
  Rng rng(32);
  Conv2D conv(2, 3, 3, rng, 1, 1, /*bias=*/false);
  const GradCheckReport report = gradcheck(conv, test::random_tensor({2, 2, 5, 5}, rng));
  INFO(report.to_string());
  CHECK(report.passed());
  CHECK(report.results.size() == 2);  // input and weight
}
