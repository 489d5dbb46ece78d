#include "multitask.hpp"

#include <fmt/format.h>

#include <cmath>

#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/plot.hpp"
#include "nn/train.hpp"

using namespace nn;

static constexpr float kMaxDegrees = 45.0f;

// Rotates a 28x28 image about its centre by `degrees`, bilinear interpolation,
// zero outside the image.
static void rotate(const float* src, float* dst, float degrees) {
  const float a = degrees * static_cast<float>(M_PI) / 180.0f, c = std::cos(a), s = std::sin(a);
  const float mid = 13.5f;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      // Where does the output pixel come from? Rotate back by -a.
      const float sx = c * (x - mid) + s * (y - mid) + mid,
                  sy = -s * (x - mid) + c * (y - mid) + mid;
      const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
      const float fx = sx - x0, fy = sy - y0;
      auto pixel = [&](int yy, int xx) {
        return (xx < 0 || yy < 0 || xx > 27 || yy > 27) ? 0.0f : src[yy * 28 + xx];
      };
      dst[y * 28 + x] = (1 - fy) * ((1 - fx) * pixel(y0, x0) + fx * pixel(y0, x0 + 1)) +
                        fy * ((1 - fx) * pixel(y0 + 1, x0) + fx * pixel(y0 + 1, x0 + 1));
    }
}

// Each image rotated by a random angle in [-45, 45] degrees; the angle,
// scaled to [-1, 1], is the regression target.
struct Rotated {
  Dataset digits;  // x rotated, y the class
  Tensor angle;    // [N, 1]
};

static Rotated rotated_copy(const Dataset& d, Rng& rng) {
  Rotated r{{Tensor(d.x.shape()), d.y, d.class_names}, Tensor({d.size(), 1})};
  for (int i = 0; i < d.size(); ++i) {
    const float degrees = rng.uniform(-kMaxDegrees, kMaxDegrees);
    rotate(d.x.row(i), r.digits.x.row(i), degrees);
    r.angle[i] = degrees / kMaxDegrees;
  }
  return r;
}

//! [two-heads]
struct TwoHeads {
  Sequential trunk, digit_head, angle_head;

  explicit TwoHeads(Rng& rng) {
    trunk.add<Dense>(784, 256, rng, true);
    trunk.add<ReLU>();
    trunk.add<Dense>(256, 128, rng, true);
    trunk.add<ReLU>();
    digit_head.add<Dense>(128, 10, rng);  // logits for SoftmaxCrossEntropy
    angle_head.add<Dense>(128, 1, rng);   // the angle / 45 degrees, for MSE
  }

  std::vector<Parameter> parameters() {
    std::vector<Parameter> all;
    for (Sequential* s : {&trunk, &digit_head, &angle_head})
      for (auto& p : s->parameters()) all.push_back(p);
    return all;
  }

  // One step on L = CE(digit) + weight * MSE(angle). The trunk receives the
  // sum of both heads' gradients: the chain rule where two paths meet.
  std::pair<float, float> train_step(const Tensor& x, const Tensor& digit, const Tensor& angle,
                                     float weight, Optimizer& opt) {
    SoftmaxCrossEntropy ce;
    MSE mse;
    opt.zero_grad();
    const Tensor h = trunk.forward(x);
    const float l1 = ce.forward(digit_head.forward(h), digit);
    const float l2 = mse.forward(angle_head.forward(h), angle);
    Tensor d_angle = mse.backward();  // dL/d(angle) = weight * dMSE/d(angle)
    for (float& g : d_angle.values()) g *= weight;
    Tensor dh = digit_head.backward(ce.backward());
    const Tensor dh_angle = angle_head.backward(d_angle);
    for (std::size_t i = 0; i < dh.size(); ++i) dh[i] += dh_angle[i];
    trunk.backward(dh, /*input_gradient=*/false);  // nothing needs dL/d(image)
    opt.step();
    return {l1, l2};
  }
};
//! [two-heads]

MultiTaskResult train_multitask(const Dataset& train_in, const Dataset& test_in,
                                const ChapterOptions& o, const std::string& out) {
  Rng rng(o.seed + 3);
  const int n_train = std::min(train_in.size(), 20000);
  const Rotated train = rotated_copy(train_in.slice(0, n_train), rng);
  const Rotated test = rotated_copy(test_in, rng);
  TwoHeads net(rng);
  // Half the chapter's step size: the angle head's squared error makes
  // larger, noisier gradients than the classifier's alone.
  SGD sgd(net.parameters(), o.lr / 2);
  const float weight = 1.0f;
  const int epochs = std::max(1, o.epochs / 2);
  fmt::print("\ntwo-headed MLP on {} rotated digits: class + rotation angle, {} epochs\n", n_train,
             epochs);

  Dataset with_angle{train.digits.x, Tensor({n_train, 2}), {}};  // y = (class, angle) per row
  for (int i = 0; i < n_train; ++i) {
    with_angle.y.at(i, 0) = train.digits.y[i];
    with_angle.y.at(i, 1) = train.angle[i];
  }
  DataLoader loader(with_angle, 64, true, Rng(o.seed));
  Series ce_curve{"cross-entropy (digit)", {}, {}}, mse_curve{"MSE (angle / 45 deg)", {}, {}};
  Batch b;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    loader.start_epoch();
    double ce_sum = 0, mse_sum = 0;
    int steps = 0;
    while (loader.next(b)) {
      Tensor digit({b.x.rows()}), angle({b.x.rows(), 1});
      for (int i = 0; i < b.x.rows(); ++i) digit[i] = b.y.at(i, 0), angle[i] = b.y.at(i, 1);
      const auto [l1, l2] = net.train_step(b.x, digit, angle, weight, sgd);
      ce_sum += l1, mse_sum += l2, ++steps;
    }
    ce_curve.x.push_back(epoch), ce_curve.y.push_back(ce_sum / steps);
    mse_curve.x.push_back(epoch), mse_curve.y.push_back(mse_sum / steps);
    fmt::print("epoch {}/{}  digit loss {:.4f}  angle loss {:.4f}\n", epoch, epochs, ce_sum / steps,
               mse_sum / steps);
  }
  plot_curves(out + "/multitask_losses.png", "Two heads, one trunk: training losses", "epoch",
              "loss", {ce_curve, mse_curve});

  const Tensor h = net.trunk.predict(test.digits.x);
  const double acc = accuracy(net.digit_head.predict(h), test.digits.y);
  const Tensor angles = net.angle_head.predict(h);
  double abs_sum = 0;
  for (int i = 0; i < test.digits.size(); ++i)
    abs_sum += std::fabs(angles[i] - test.angle[i]) * kMaxDegrees;
  const double mae = abs_sum / test.digits.size();
  fmt::print(
      "two-headed MLP: digit accuracy {:.4f}, angle mean absolute error {:.1f} degrees "
      "(guessing 0 would give {:.1f})\n",
      acc, mae, kMaxDegrees / 2);
  return {acc, mae};
}
