// Chapter 01: logistic regression, y = sigmoid(theta . x + b), trained by
// gradient descent; first on a 2-D toy set, then on MNIST zeros against ones.
// Book page: book/01-logistic-regression.md.
#include <fmt/format.h>

#include <algorithm>

#include "nn/cli.hpp"
#include "nn/data/mnist.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/plot.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"

using namespace nn;

// Two overlapping Gaussian clouds in the plane, one per class.
static Dataset two_blobs(int n, Rng& rng) {
  Dataset d{Tensor({n, 2}), Tensor({n}), {"0", "1"}};
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    const float cx = label ? 1.0f : -1.0f, cy = label ? 0.5f : -0.5f;
    d.x.at(i, 0) = rng.normal(cx, 0.8f);
    d.x.at(i, 1) = rng.normal(cy, 0.8f);
    d.y[i] = static_cast<float>(label);
  }
  return d;
}

//! [model]
// Logistic regression is a single Dense layer with one output: the logit
// z = theta . x + b. BinaryCrossEntropy applies the sigmoid inside the loss,
// which is both cheaper and numerically safer than a separate Sigmoid layer.
// The loss is convex in theta, so unlike a deep network it can start at zero.
static Sequential logistic_regression(int inputs, Rng& rng) {
  Sequential model;
  model.add<Dense>(inputs, 1, rng).weight().fill(0.0f);
  return model;
}
//! [model]

// Images [N, 1, 28, 28] as rows of 784 pixels: the model sees a flat vector.
static Dataset flatten(Dataset d) {
  d.x.reshape({d.x.rows(), static_cast<int>(d.x.row_size())});
  return d;
}

int main(int argc, char** argv) try {
  ChapterCli cli("01-logistic-regression", "Logistic regression by gradient descent",
                 {.epochs = 3, .lr = 0.3f});
  if (auto code = cli.parse(argc, argv)) return *code;
  const ChapterOptions& o = cli.options();
  Stopwatch clock;
  Summary summary("01-logistic-regression", "MNIST digits 0 vs 1");

  // 1. A toy problem we can draw: the learned line separates two clouds.
  Rng rng(o.seed);
  const Dataset blobs = two_blobs(400, rng);
  //! [toy]
  Sequential toy = logistic_regression(2, rng);
  BinaryCrossEntropy loss;
  SGD toy_sgd(toy.parameters(), o.lr);
  fit(toy, blobs, loss, toy_sgd, {.epochs = 50, .batch_size = 400, .seed = o.seed, .quiet = true});
  const Evaluation toy_eval = evaluate(toy, blobs, loss);
  //! [toy]
  fmt::print("toy 2-D problem: training accuracy {:.3f}\n", toy_eval.accuracy);
  plot_decision_boundary(
      o.out + "/toy_boundary.png", "Logistic regression on two Gaussian clouds",
      [&](float a, float b) {
        return sigmoid(toy.predict(Tensor({1, 2}, {a, b}))[0]);
      },
      blobs.x, std::vector<int>(blobs.y.values().begin(), blobs.y.values().end()), -4, 4, -4, 4);
  summary.set("toy_train_accuracy", toy_eval.accuracy);

  // 2. A real two-class task: MNIST zeros against ones.
  const int limit = o.quick ? 2000 : 0;
  const Dataset train = flatten(load_mnist(o.data + "/mnist", true, limit).select_classes({0, 1}));
  const Dataset test = flatten(load_mnist(o.data + "/mnist", false, limit).select_classes({0, 1}));
  fmt::print("MNIST 0 vs 1: {} training and {} test images\n", train.size(), test.size());

  //! [learning-rates]
  // The same model trained with three learning rates (--lr and two smaller
  // by factors of 10), from the same start and in the same batch order.
  std::vector<Series> curves;
  double best_accuracy = 0;
  Sequential best;
  for (float lr : {o.lr, o.lr / 10, o.lr / 100}) {
    Rng init(o.seed);
    Sequential model = logistic_regression(784, init);
    SGD sgd(model.parameters(), lr);
    std::vector<double> losses;
    fit(model, train, loss, sgd,
        {.epochs = o.epochs, .batch_size = 64, .seed = o.seed, .step_losses = &losses});
    const Evaluation e = evaluate(model, test, loss);
    fmt::print("learning rate {:<6} test loss {:.4f}  test accuracy {:.4f}\n", lr, e.loss,
               e.accuracy);
    curves.push_back(
        smoothed(fmt::format("lr = {}", lr), losses, std::max<int>(1, losses.size() / 100)));
    summary.set(fmt::format("test_accuracy_lr_{}", lr), e.accuracy);
    if (e.accuracy > best_accuracy) best_accuracy = e.accuracy, best = std::move(model);
  }
  //! [learning-rates]
  plot_curves(o.out + "/learning_rates.png", "MNIST 0 vs 1: training loss for three learning rates",
              "step (mini-batches of 64)", "binary cross-entropy", curves, true);

  // What the model looks at: theta reshaped to an image (grey = weight 0).
  Dense& dense = static_cast<Dense&>(best.layer(0));
  Tensor theta = dense.weight().reshaped({1, 1, 28, 28});
  const auto [lo, hi] = std::minmax_element(theta.values().begin(), theta.values().end());
  const float scale = std::max(std::fabs(*lo), std::fabs(*hi));
  for (float& v : theta.values()) v = 0.5f + 0.5f * v / scale;  // 0.5 = zero weight
  plot_image_grid(o.out + "/weights.png", "theta as an image (bright: evidence for 1)", theta, 1);

  // The test images the model finds hardest (closest to the boundary or wrong).
  const Tensor logits = best.predict(test.x);
  std::vector<int> order(test.size());
  for (int i = 0; i < test.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    auto margin = [&](int i) { return (test.y[i] > 0.5f ? 1 : -1) * logits[i]; };
    return margin(a) < margin(b);
  });
  order.resize(std::min(16, test.size()));
  std::vector<std::string> captions;
  for (int i : order)
    captions.push_back(fmt::format("{:.2f} ({})", sigmoid(logits[i]), test.y[i] > 0.5f ? 1 : 0));
  plot_image_grid(o.out + "/hardest.png",
                  "The 16 hardest test images: p(digit is 1) and (true digit)",
                  gather_rows(test.x, order).reshaped({static_cast<int>(order.size()), 1, 28, 28}),
                  8, captions);

  summary.set("test_accuracy", best_accuracy);
  summary.set("epochs", o.epochs);
  summary.set("seconds", clock.seconds());
  summary.write(o.out);
  fmt::print("best test accuracy {:.4f}; plots and summary.json in {}\n", best_accuracy, o.out);
} catch (const std::exception& e) {
  return report_error(e);
}
