#include "nn/loss.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "support/random_tensor.hpp"

using namespace nn;
using test::labels;

TEST_CASE("Losses have the textbook values", "[loss]") {
  MSE mse;
  CHECK(mse.forward(Tensor({2, 1}, {1, 3}), Tensor({2, 1}, {0, 1})) == Approx((1 + 4) / 2.0));
  BinaryCrossEntropy bce;
  CHECK(bce.forward(Tensor({2, 1}, {0, 2}), labels({1, 0})) ==
        Approx((std::log(2.0) + std::log(1 + std::exp(2.0))) / 2));
  CHECK(bce.forward(Tensor({1, 1}, {-200}), labels({0})) == Approx(0.0).margin(1e-6));
  SoftmaxCrossEntropy ce;
  CHECK(ce.forward(Tensor({1, 3}, {0, 0, 0}), labels({2})) == Approx(std::log(3.0)));
  MulticlassHinge svm;  // cs231n's worked example: scores 3.2 5.1 -1.7, class 0 -> 2.9
  CHECK(svm.forward(Tensor({1, 3}, {3.2f, 5.1f, -1.7f}), labels({0})) == Approx(2.9));
}

TEST_CASE("Loss gradients pass the gradient check", "[loss][gradcheck]") {
  Rng rng(5);
  const Tensor y = labels({0, 3, 1, 2, 3});
  SoftmaxCrossEntropy ce;
  auto r1 = gradcheck(ce, test::random_tensor({5, 4}, rng, -2, 2), y);
  INFO(r1.to_string());
  CHECK(r1.passed());
  MSE mse;
  auto r2 = gradcheck(mse, test::random_tensor({5, 3}, rng), test::random_tensor({5, 3}, rng));
  INFO(r2.to_string());
  CHECK(r2.passed());
  BinaryCrossEntropy bce;
  auto r3 = gradcheck(bce, test::random_tensor({5, 1}, rng, -3, 3), labels({0, 1, 1, 0, 1}));
  INFO(r3.to_string());
  CHECK(r3.passed());
  // Hinge: integer scores keep every margin at least 0.5 away from its kink.
  MulticlassHinge svm(0.5f);
  Tensor scores({5, 4});
  for (float& v : scores.values()) v = static_cast<float>(rng.integer(5)) - 2.0f;
  auto r4 = gradcheck(svm, scores, y);
  INFO(r4.to_string());
  CHECK(r4.passed());
}

TEST_CASE("Losses reject labels out of range and wrong shapes", "[loss][bad-input]") {
  SoftmaxCrossEntropy ce;
  CHECK_THROWS_WITH(ce.forward(Tensor({2, 3}), labels({0, 3})),
                    Catch::Contains("SoftmaxCrossEntropy") && Catch::Contains("label 3") &&
                        Catch::Contains("sample 1"));
  CHECK_THROWS_AS(ce.forward(Tensor({2, 3}), labels({0})), ShapeError);
  CHECK_THROWS_WITH(ce.forward(Tensor({2, 3}), Tensor({2}, {0.5f, 1})),
                    Catch::Contains("label 0.5"));
  MSE mse;
  CHECK_THROWS_WITH(mse.forward(Tensor({2, 3}), Tensor({3, 2})), Catch::Contains("MSE") &&
                                                                     Catch::Contains("[2, 3]") &&
                                                                     Catch::Contains("[3, 2]"));
  BinaryCrossEntropy bce;
  CHECK_THROWS_WITH(bce.forward(Tensor({2, 1}), Tensor({2}, {0, 2})),
                    Catch::Contains("not 0 or 1"));
}

TEST_CASE("accuracy handles class scores and single logits", "[loss]") {
  CHECK(accuracy(Tensor({2, 2}, {0, 1, 1, 0}), labels({1, 1})) == 0.5);
  CHECK(accuracy(Tensor({3, 1}, {-1, 2, 3}), labels({0, 1, 0})) == Approx(2.0 / 3));
  CHECK(std::isnan(accuracy(Tensor({2, 2}), Tensor({2, 2}))));
}
