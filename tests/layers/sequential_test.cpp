#include "nn/sequential.hpp"

#include <catch2/catch.hpp>

#include "nn/layers/activations.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "support/random_tensor.hpp"

using namespace nn;
using nn::test::random_tensor;

namespace {

// Every parameter gradient after one backward pass, in state_dict order.
std::vector<std::vector<float>> gradients_after_backward(Sequential& model, const Tensor& x,
                                                         const Tensor& dy, bool input_gradient,
                                                         Tensor* dx) {
  model.zero_grad();
  model.forward(x);
  *dx = model.backward(dy, input_gradient);
  std::vector<std::vector<float>> grads;
  for (const Parameter& p : model.parameters()) grads.push_back(p.grad->values());
  return grads;
}

void check_skipping_the_input_gradient(Sequential& model, const Tensor& x, Rng& rng) {
  const Tensor y = model.forward(x);
  const Tensor dy = random_tensor(y.shape(), rng);
  Tensor dx_full, dx_skipped;
  const auto full = gradients_after_backward(model, x, dy, true, &dx_full);
  const auto skipped = gradients_after_backward(model, x, dy, false, &dx_skipped);
  CHECK(dx_full.shape() == x.shape());
  CHECK(dx_skipped.empty());
  // Bit-identical parameter gradients, the first layer's included (and not zero).
  CHECK(skipped == full);
  bool any_nonzero = false;
  for (float g : skipped.front()) any_nonzero |= g != 0.0f;
  CHECK(any_nonzero);
  // A later full pass computes dL/dx again: the switch is not sticky.
  Tensor dx_again;
  gradients_after_backward(model, x, dy, true, &dx_again);
  CHECK(dx_again.values() == dx_full.values());
}

}  // namespace

TEST_CASE("Sequential backward without the input gradient keeps every parameter gradient",
          "[sequential]") {
  Rng rng(7);
  SECTION("a ConvNet: the first Conv2D skips col2im") {
    Sequential model;
    model.add<Conv2D>(2, 4, 3, rng);
    model.add<ReLU>();
    model.add<MaxPool2D>(2);
    model.add<Flatten>();
    model.add<Dense>(4 * 3 * 3, 5, rng);
    check_skipping_the_input_gradient(model, random_tensor({3, 2, 8, 8}, rng), rng);
  }
  SECTION("an MLP behind a Flatten: the pass stops at the first Dense") {
    Sequential model;
    model.add<Flatten>();
    model.add<Dense>(12, 6, rng);
    model.add<Tanh>();
    model.add<Dense>(6, 3, rng);
    check_skipping_the_input_gradient(model, random_tensor({4, 3, 2, 2}, rng), rng);
  }
}
