// Chapter 02 exercises (exercises/02-xor-mlp/ex.hpp). The reader's weights
// and gradients are run through, and compared with, the library's own
// Dense, Step, Tanh and BinaryCrossEntropy.
#include <catch2/catch.hpp>
#include <cmath>

#include "02-xor-mlp/ex.hpp"
#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/loss.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

const Tensor kXor({4, 2}, {0, 0, 0, 1, 1, 0, 1, 1});
const Tensor kXorLabels({4}, {0, 1, 1, 0});

// A Dense layer holding the given weights [out, in] and bias [out].
Dense dense(const Tensor& weight, const Tensor& bias) {
  Rng unused(0);
  Dense d(weight.dim(1), weight.dim(0), unused);
  d.weight() = weight;
  d.bias() = bias;
  return d;
}

struct StepOutputs {
  Tensor hidden, out;
};

// The reader's step network, run with the library's layers.
StepOutputs run(const ex02::StepNetwork& net, const Tensor& x) {
  REQUIRE(net.W1.shape() == Shape{2, 2});
  REQUIRE(net.b1.shape() == Shape{2});
  REQUIRE(net.w2.shape() == Shape{2});
  Dense hidden = dense(net.W1, net.b1);
  Dense output = dense(net.w2.reshaped({1, 2}), Tensor({1}, {net.b2}));
  Step step;
  const Tensor h = step.forward(hidden.forward(x));
  return {h, step.forward(output.forward(h))};
}

}  // namespace

TEST_CASE("ch02 ex1 xor_features: appends the product x1*x2", "[ch02][ex1][exercise]") {
  const Tensor f = ex02::xor_features(kXor);
  REQUIRE(f.shape() == Shape{4, 3});
  CHECK(f.values() == std::vector<float>{0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1});
  const Tensor g = ex02::xor_features(Tensor({2, 2}, {2, -3, 0.5f, 4}));
  CHECK(g.values() == std::vector<float>{2, -3, -6, 0.5f, 4, 2});
}

TEST_CASE("ch02 ex1 xor_features: XOR becomes linearly separable", "[ch02][ex1][exercise]") {
  // One plane in the new space: x1 + x2 - 2 x1 x2 - 0.5 > 0 exactly on XOR.
  const Tensor f = ex02::xor_features(kXor);
  REQUIRE(f.shape() == Shape{4, 3});
  for (int i = 0; i < 4; ++i) {
    const float z = f.at(i, 0) + f.at(i, 1) - 2 * f.at(i, 2) - 0.5f;
    CHECK((z > 0) == (kXorLabels[i] > 0.5f));
  }
}

TEST_CASE("ch02 ex1 xor_features: rejects a wrong shape", "[ch02][ex1][exercise]") {
  CHECK_THROWS_AS(ex02::xor_features(Tensor({4, 3})), ShapeError);
  CHECK_THROWS_AS(ex02::xor_features(Tensor({4})), ShapeError);
}

TEST_CASE("ch02 ex2 step_network: computes the XOR truth table", "[ch02][ex2][exercise]") {
  const StepOutputs r = run(ex02::step_network(), kXor);
  CHECK(r.out.values() == kXorLabels.values());
}

TEST_CASE("ch02 ex2 step_network: hidden units are NAND and OR", "[ch02][ex2][exercise]") {
  const StepOutputs r = run(ex02::step_network(), kXor);
  // Rows: (0,0) (0,1) (1,0) (1,1); columns: NAND, OR.
  CHECK(r.hidden.values() == std::vector<float>{1, 0, 1, 1, 1, 1, 0, 1});
}

TEST_CASE("ch02 ex2 step_network: keeps a margin around the corners", "[ch02][ex2][exercise]") {
  const ex02::StepNetwork net = ex02::step_network();
  for (float d1 : {-0.2f, 0.0f, 0.2f})
    for (float d2 : {-0.2f, 0.0f, 0.2f}) {
      Tensor x = kXor;
      for (int i = 0; i < 4; ++i) {
        x.at(i, 0) += d1;
        x.at(i, 1) += d2;
      }
      INFO("inputs moved by (" << d1 << ", " << d2 << ")");
      CHECK(run(net, x).out.values() == kXorLabels.values());
    }
}

TEST_CASE("ch02 ex3 tanh_backward: hand-computed values", "[ch02][ex3][exercise]") {
  const Tensor y({4}, {0.0f, 0.5f, -0.5f, 1.0f});
  const Tensor dy({4}, {2.0f, 2.0f, 4.0f, 3.0f});
  const Tensor dx = ex02::tanh_backward(y, dy);
  REQUIRE(dx.shape() == Shape{4});
  CHECK(dx[0] == Approx(2.0f));
  CHECK(dx[1] == Approx(1.5f));
  CHECK(dx[2] == Approx(3.0f));
  CHECK(dx[3] == Approx(0.0f).margin(1e-7));  // saturated: nothing flows back
}

TEST_CASE("ch02 ex3 tanh_backward: matches nn::Tanh and central differences",
          "[ch02][ex3][exercise]") {
  Rng rng(21);
  const Tensor x = test::random_tensor({3, 4, 2}, rng, -2, 2);
  const Tensor dy = test::random_tensor({3, 4, 2}, rng);
  Tanh tanh;
  const Tensor y = tanh.forward(x);
  const Tensor dx = ex02::tanh_backward(y, dy);
  REQUIRE(dx.shape() == x.shape());
  CHECK(max_abs_diff(dx, tanh.backward(dy)) < 1e-6f);
  const double h = 1e-5;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double numeric = (std::tanh(x[i] + h) - std::tanh(x[i] - h)) / (2 * h);
    CHECK(dx[i] == Approx(dy[i] * numeric).margin(1e-5));
  }
}

TEST_CASE("ch02 ex3 tanh_backward: rejects mismatched shapes", "[ch02][ex3][exercise]") {
  CHECK_THROWS_AS(ex02::tanh_backward(Tensor({2, 3}), Tensor({3, 2})), ShapeError);
}

TEST_CASE("ch02 ex4 xor_mlp_step: one step equals backprop through the library's layers",
          "[ch02][ex4][exercise]") {
  Rng rng(22);
  ex02::XorMlp net{test::random_tensor({2, 2}, rng), test::random_tensor({2}, rng),
                   test::random_tensor({2}, rng), 0.3f};
  const ex02::XorMlp before = net;
  const float lr = 0.5f;
  const float loss = ex02::xor_mlp_step(net, kXor, kXorLabels, lr);

  // The same network as Dense -> Tanh -> Dense -> BinaryCrossEntropy.
  Dense hidden = dense(before.W1, before.b1);
  Dense output = dense(before.w2.reshaped({1, 2}), Tensor({1}, {before.b2}));
  Tanh tanh;
  BinaryCrossEntropy bce;
  const float expected_loss =
      bce.forward(output.forward(tanh.forward(hidden.forward(kXor))), kXorLabels);
  hidden.backward(tanh.backward(output.backward(bce.backward())));
  CHECK(loss == Approx(expected_loss).epsilon(1e-5));

  auto updated = [&](const Tensor& old, Layer& layer, int parameter, std::size_t i) {
    return old[i] - lr * (*layer.parameters()[parameter].grad)[i];
  };
  REQUIRE(net.W1.shape() == Shape{2, 2});
  for (std::size_t i = 0; i < 4; ++i)
    CHECK(net.W1[i] == Approx(updated(before.W1, hidden, 0, i)).margin(1e-6));
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(net.b1[i] == Approx(updated(before.b1, hidden, 1, i)).margin(1e-6));
    CHECK(net.w2[i] == Approx(updated(before.w2, output, 0, i)).margin(1e-6));
  }
  CHECK(net.b2 == Approx(before.b2 - lr * (*output.parameters()[1].grad)[0]).margin(1e-6));
}

TEST_CASE("ch02 ex4 xor_mlp_step: gradient descent learns XOR", "[ch02][ex4][exercise]") {
  // A starting point from which the 2-2-1 net is known to reach all four corners.
  ex02::XorMlp net{Tensor({2, 2}, {0.5f, -0.4f, -0.3f, 0.6f}), Tensor({2}, {0.1f, -0.1f}),
                   Tensor({2}, {0.4f, 0.5f}), 0.0f};
  float first = ex02::xor_mlp_step(net, kXor, kXorLabels, 1.0f), last = first;
  for (int t = 0; t < 2000; ++t) last = ex02::xor_mlp_step(net, kXor, kXorLabels, 1.0f);
  CHECK(first == Approx(0.7).margin(0.05));  // about ln 2 at the start
  CHECK(last < 0.05f);
  for (int i = 0; i < 4; ++i) {
    float h[2];
    for (int k = 0; k < 2; ++k)
      h[k] =
          std::tanh(net.W1.at(k, 0) * kXor.at(i, 0) + net.W1.at(k, 1) * kXor.at(i, 1) + net.b1[k]);
    const float z = net.w2[0] * h[0] + net.w2[1] * h[1] + net.b2;
    CHECK((z > 0) == (kXorLabels[i] > 0.5f));
  }
}
