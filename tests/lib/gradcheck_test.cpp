// The gradient check must be able to fail: each test plants a bug of the kind
// readers make and shows that the check catches it.
#include "nn/gradcheck.hpp"

#include <catch2/catch.hpp>

#include "nn/gemm.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// Bug: dL/dx = dy W^T (transposed weight) instead of dy W. Square, so the shapes still fit.
struct DenseTransposedInputGrad : Dense {
  using Dense::Dense;
  Tensor backward(const Tensor& dy) override {
    Dense::backward(dy);
    const int n = dy.rows(), k = out_features();
    Tensor dx({n, k});
    sgemm(Transpose::No, Transpose::Yes, n, k, k, 1.0f, dy.data(), k, weight().data(), k, 0.0f,
          dx.data(), k);
    return dx;
  }
};

// Bug: the bias gradient is forgotten.
struct DenseNoBiasGrad : Dense {
  using Dense::Dense;
  Tensor backward(const Tensor& dy) override {
    Tensor dx = Dense::backward(dy);
    parameters()[1].grad->fill(0.0f);
    return dx;
  }
};

// Bug: sigmoid' written as s instead of s (1 - s) (a dropped factor).
struct SigmoidDroppedFactor : Sigmoid {
  Tensor backward(const Tensor& dy) override {
    Tensor s = forward_cache;
    Tensor dx(dy.shape());
    for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * s[i];
    return dx;
  }
  Tensor forward(const Tensor& x) override { return forward_cache = Sigmoid::forward(x); }
  Tensor forward_cache;
};

// Bug: softmax cross-entropy gradient without the 1/N of the mean.
struct CrossEntropyNoMean : SoftmaxCrossEntropy {
  float forward(const Tensor& z, const Tensor& y) override {
    n = z.rows();
    return SoftmaxCrossEntropy::forward(z, y);
  }
  Tensor backward() override {
    Tensor g = SoftmaxCrossEntropy::backward();
    for (float& v : g.values()) v *= static_cast<float>(n);
    return g;
  }
  int n = 0;
};

}  // namespace

TEST_CASE("gradcheck catches a transposed input gradient", "[gradcheck][planted-bug]") {
  Rng rng(11);
  DenseTransposedInputGrad d(6, 6, rng);
  const auto report = gradcheck(d, test::random_tensor({3, 6}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
  CHECK(report.results[0].failed > 0);   // input gradient wrong
  CHECK(report.results[1].failed == 0);  // weight gradient still right
}

TEST_CASE("gradcheck catches a missing bias gradient", "[gradcheck][planted-bug]") {
  Rng rng(12);
  DenseNoBiasGrad d(4, 3, rng);
  const auto report = gradcheck(d, test::random_tensor({5, 4}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
  CHECK(report.results[2].tensor == "bias");
  CHECK(report.results[2].failed == report.results[2].checked);
}

TEST_CASE("gradcheck catches a dropped factor in an activation", "[gradcheck][planted-bug]") {
  Rng rng(13);
  SigmoidDroppedFactor s;
  const auto report = gradcheck(s, test::random_tensor({4, 5}, rng, -2, 2));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
}

TEST_CASE("gradcheck catches a loss gradient off by the batch size", "[gradcheck][planted-bug]") {
  Rng rng(14);
  CrossEntropyNoMean ce;
  const auto report = gradcheck(ce, test::random_tensor({4, 3}, rng), test::labels({0, 1, 2, 1}));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
}
