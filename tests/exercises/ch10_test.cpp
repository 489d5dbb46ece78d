// Chapter 10 exercises (exercises/10-transfer-learning/ex.hpp).
#include <catch2/catch.hpp>

#include "10-transfer-learning/ex.hpp"
#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/batchnorm.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// Dense(4 -> 5), ReLU, Dense(5 -> 3), ReLU, Dense(3 -> 2): 25 + 18 + 8 = 51 parameters.
Sequential three_dense(Rng& rng) {
  Sequential m;
  m.add<Dense>(4, 5, rng);
  m.add<ReLU>();
  m.add<Dense>(5, 3, rng);
  m.add<ReLU>();
  m.add<Dense>(3, 2, rng);
  return m;
}

// A small ConvNet with batch norm: conv, bn, relu, pool, flatten, dense.
Sequential small_convnet(Rng& rng) {
  Sequential m;
  m.add<Conv2D>(2, 3, 3, rng, 1, 1);
  m.add<BatchNorm2D>(3);
  m.add<ReLU>();
  m.add<MaxPool2D>(2);
  m.add<Flatten>();
  m.add<Dense>(3 * 2 * 2, 2, rng);
  return m;
}

}  // namespace

TEST_CASE("ch10 ex1 freeze_first: frozen layers keep their weights, the rest learn",
          "[ch10][ex1][exercise]") {
  Rng rng(100);
  Sequential m = three_dense(rng);
  CHECK(ex10::freeze_first(m, 2) == 18 + 8);
  for (int i = 0; i < m.size(); ++i) CHECK(m.layer(i).trainable() == (i >= 2));

  // One SGD step: the first Dense is unchanged, the two others moved.
  const Tensor w0 = *m.layer(0).parameters()[0].value, w2 = *m.layer(2).parameters()[0].value,
               w4 = *m.layer(4).parameters()[0].value;
  SGD sgd(m.parameters(), 0.5f);
  SoftmaxCrossEntropy loss;
  const Tensor x = test::random_tensor({6, 4}, rng);
  loss.forward(m.forward(x), Tensor({6}, {0, 1, 1, 0, 1, 0}));
  m.zero_grad();
  m.backward(loss.backward());
  sgd.step();
  CHECK(m.layer(0).parameters()[0].value->values() == w0.values());
  CHECK(m.layer(2).parameters()[0].value->values() != w2.values());
  CHECK(m.layer(4).parameters()[0].value->values() != w4.values());

  // Unfreezing, freezing everything, and bad k.
  CHECK(ex10::freeze_first(m, 0) == 51);
  for (int i = 0; i < m.size(); ++i) CHECK(m.layer(i).trainable());
  CHECK(ex10::freeze_first(m, m.size()) == 0);
  for (int i = 0; i < m.size(); ++i) CHECK_FALSE(m.layer(i).trainable());
  CHECK(ex10::freeze_first(m, 4) == 8);
  CHECK_FALSE(m.layer(2).trainable());
  CHECK_THROWS_AS(ex10::freeze_first(m, -1), Error);
  CHECK_THROWS_AS(ex10::freeze_first(m, 6), Error);
}

TEST_CASE("ch10 ex2 features_at: the activations of layer `last`, in inference mode",
          "[ch10][ex2][exercise]") {
  Rng rng(101);
  Sequential m = small_convnet(rng);
  // Give batch norm running statistics of its own: a few training passes.
  for (int k = 0; k < 3; ++k) m.forward(test::random_tensor({4, 2, 4, 4}, rng, -1.0f, 2.0f));
  const Tensor x = test::random_tensor({3, 2, 4, 4}, rng);
  for (int last : {1, 3, 5}) {
    INFO("last = " << last);
    // The oracle: the layers run one by one, by hand, in inference mode.
    m.set_training(false);
    Tensor h = x;
    for (int i = 0; i <= last; ++i) h = m.layer(i).forward(h);
    m.set_training(true);
    const Tensor f = ex10::features_at(m, x, last);
    REQUIRE(f.shape() == Shape{3, static_cast<int>(h.size() / 3)});
    for (std::size_t i = 0; i < h.size(); ++i) CHECK(f[i] == Approx(h[i]).margin(1e-6));
    CHECK(m.layer(1).training());  // left as it was
  }
  CHECK_THROWS_AS(ex10::features_at(m, x, 6), Error);
  CHECK_THROWS_AS(ex10::features_at(m, x, -1), Error);
}

TEST_CASE("ch10 ex3 svm_step: the hinge loss and one step, by hand", "[ch10][ex3][exercise]") {
  // Scores w.x + b: -0.4, -0.4, 1.6, -0.4. Inside the margin: samples 0, 1 and 3
  // (margins 1.4, 0.6, 0.6); sample 2 is beyond it (1 - 1.6 < 0).
  const Tensor x({4, 2}, {1, 2, -1, 0, 2, -1, 0, 1});
  const Tensor y({4}, {1, -1, 1, -1});
  Tensor w({2}, {0.5f, -0.5f});
  float b = 0.1f;
  // L = 0.2/2 * 0.5 + (1.4 + 0.6 + 0.6) / 4 = 0.05 + 0.65
  CHECK(ex10::svm_step(w, b, x, y, 0.1f, 0.2f) == Approx(0.7f));
  // dL/dw = 0.2 w - ([1,2] + [1,0] + [0,-1]) / 4 = [0.1 - 0.5, -0.1 - 0.25] = [-0.4, -0.35]
  // dL/db = -(1 - 1 - 1) / 4 = 0.25
  CHECK(w[0] == Approx(0.54f));
  CHECK(w[1] == Approx(-0.465f));
  CHECK(b == Approx(0.075f));

  // Every sample beyond the margin: only the weight decay moves w, b stays.
  const Tensor far({2, 2}, {3, 0, -3, 0});
  Tensor w2({2}, {1.0f, 1.0f});
  float b2 = 0.0f;
  CHECK(ex10::svm_step(w2, b2, far, Tensor({2}, {1, -1}), 0.5f, 0.1f) == Approx(0.1f));
  CHECK(w2[0] == Approx(0.95f));
  CHECK(w2[1] == Approx(0.95f));
  CHECK(b2 == 0.0f);
}
