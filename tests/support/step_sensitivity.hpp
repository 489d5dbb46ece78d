#pragma once
// Is one training step a smooth function of its batch here? (For the tests
// that compare a step on the GPU with the same step on the CPU.)
//
// ReLU and max pooling make a net piecewise linear: where a pre-activation
// sits within rounding of 0, or two values of a pooling window within
// rounding of each other, a rounding-sized change of the forward pass flips
// a branch, and one step's weights jump (measured on the CPU alone: moving
// every input of such a batch up by one unit in the last place moved chapter
// 07's ConvNet conv1 bias by 1.7e-3, relative). A GPU sums in another order,
// so at such a batch no correct port can agree with the CPU to 1e-4. The
// tests therefore draw a batch where the CPU's own step moves by less than a
// tenth of their tolerance when the inputs are nudged, and compare there.
#include <algorithm>
#include <cmath>
#include <functional>

#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "nn/sequential.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

namespace nn::test {

/// The parameters after one SGD step (softmax cross-entropy) of a net made
/// by `make` on (x, labels).
inline Sequential stepped(const std::function<Sequential()>& make, const Tensor& x,
                          const Tensor& labels, float lr) {
  Sequential net = make();
  SoftmaxCrossEntropy loss;
  SGD sgd(net.parameters(), lr);
  sgd.zero_grad();
  loss.forward(net.forward(x), labels);
  net.backward(loss.backward());
  sgd.step();
  return net;
}

/// The largest relative_difference, over the parameters, between the step on
/// x and the step on x nudged: every input one unit in the last place up, and
/// every input times (1 + nudge u), u uniform in [-1, 1].
inline double step_sensitivity(const std::function<Sequential()>& make, const Tensor& x,
                               const Tensor& labels, float lr, float nudge = 1e-6f) {
  Sequential base = stepped(make, x, labels, lr);
  Tensor up = x, jittered = x;
  Rng rng(7);
  for (float& v : up.values()) v = std::nextafter(v, INFINITY);
  for (float& v : jittered.values()) v *= 1.0f + nudge * rng.uniform(-1.0f, 1.0f);
  double worst = 0;
  for (const Tensor* nudged : {&up, &jittered}) {
    Sequential other = stepped(make, *nudged, labels, lr);
    const auto a = base.parameters(), b = other.parameters();
    for (std::size_t i = 0; i < a.size(); ++i)
      worst = std::max(worst, relative_difference(*b[i].value, *a[i].value));
  }
  return worst;
}

struct SmoothBatch {
  Tensor x, labels;    // inputs uniform in [lo, hi), labels 0-9
  double sensitivity;  // step_sensitivity there
};

/// The first batch of `shape`, drawn from Rng(first_seed), Rng(first_seed + 1),
/// ... (30 tries at most), where a nudge of the inputs moves the CPU's step
/// by less than 1e-5, a tenth of the GPU tests' tolerance. The caller
/// REQUIREs that the returned sensitivity is below 1e-5.
inline SmoothBatch smooth_batch(const std::function<Sequential()>& make, const Shape& shape,
                                float lo, float hi, int first_seed, float lr, float nudge = 1e-6f) {
  SmoothBatch b{Tensor(), Tensor(), INFINITY};
  for (int draw = 0; draw < 30 && b.sensitivity >= 1e-5; ++draw) {
    Rng rng(first_seed + draw);
    b.x = random_tensor(shape, rng, lo, hi, 0);
    std::vector<int> y(shape[0]);
    for (int& v : y) v = rng.integer(10);
    b.labels = labels(y);
    b.sensitivity = step_sensitivity(make, b.x, b.labels, lr, nudge);
  }
  return b;
}

}  // namespace nn::test
