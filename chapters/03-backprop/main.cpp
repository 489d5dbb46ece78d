// Chapter 03: backpropagation. The chain rule on scalars, layer-level
// backward, gradient checking, vanishing gradients, and MLPs on MNIST with
// two losses and two heads. Book page: book/03-backprop.md.
#include <fmt/format.h>

#include "multitask.hpp"
#include "nn/cli.hpp"
#include "nn/data/mnist.hpp"
#include "nn/gradcheck.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/softmax.hpp"
#include "nn/models/mnist.hpp"
#include "nn/plot.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"
#include "nn/value.hpp"

using namespace nn;

// 1. The chain rule on one neuron, o = tanh(x1 w1 + x2 w2 + b), by the
// scalar autograd and by central differences.
static void scalar_autograd_demo() {
  //! [value]
  Value x1(2.0, "x1"), x2(0.0, "x2"), w1(-3.0, "w1"), w2(1.0, "w2"), b(6.8814, "b");
  Value o = (x1 * w1 + x2 * w2 + b).tanh();
  o.backward();  // fills the grad of every Value o depends on
  //! [value]
  auto f = [](double w1v) { return std::tanh(2.0 * w1v + 0.0 * 1.0 + 6.8814); };
  const double h = 1e-6, numeric = (f(-3.0 + h) - f(-3.0 - h)) / (2 * h);
  fmt::print("scalar autograd: o = {:.4f}\n", o.data());
  for (const Value* v : {&x1, &x2, &w1, &w2, &b})
    fmt::print("  do/d{:<2} = {:+.4f}\n", v->label(), v->grad());
  fmt::print("  central difference for w1: {:+.4f}\n\n", numeric);
}

// 2. Every layer and loss of the library against central differences.
static bool gradient_checks(Rng& rng) {
  std::vector<std::unique_ptr<Layer>> layers;
  layers.push_back(std::make_unique<Dense>(5, 4, rng));
  layers.push_back(std::make_unique<Sigmoid>());
  layers.push_back(std::make_unique<Tanh>());
  layers.push_back(std::make_unique<ReLU>());
  layers.push_back(std::make_unique<Softmax>());
  bool all_ok = true;
  Tensor x({3, 5});
  for (float& v : x.values()) v = rng.uniform(0.1f, 1.0f) * (rng.uniform() < 0.5f ? -1 : 1);
  for (auto& layer : layers) {
    const GradCheckReport r =
        gradcheck(*layer, layer->name() == "Dense(5 -> 4)" ? x : slice_rows(x, 0, 3));
    fmt::print("{}", r.to_string());
    all_ok = all_ok && r.passed();
  }
  //! [kink]
  // The hinge loss has a kink wherever a margin s_j - s_y + 1 is zero; a
  // central difference across it is meaningless, so keep every margin at
  // least 0.1 away from zero (a real check would do the same).
  const Tensor labels({3}, {0, 4, 2});
  Tensor scores = x;
  auto near_kink = [&] {
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 5; ++j)
        if (j != labels[i] && std::fabs(scores.at(i, j) - scores.at(i, labels[i]) + 1) < 0.1f)
          return true;
    return false;
  };
  while (near_kink()) init_uniform(scores, -1.0f, 1.0f, rng);
  //! [kink]
  SoftmaxCrossEntropy ce;
  MulticlassHinge svm;
  for (Loss* loss : std::initializer_list<Loss*>{&ce, &svm}) {
    const GradCheckReport r = gradcheck(*loss, scores, labels);
    fmt::print("{}", r.to_string());
    all_ok = all_ok && r.passed();
  }
  fmt::print("\n");
  return all_ok;
}

//! [deep-net]
// A deep, narrow MLP: `depth` hidden layers of 64 units.
static Sequential deep_net(int depth, bool relu, Rng& rng) {
  Sequential net;
  int width = 784;
  for (int i = 0; i < depth; ++i) {
    net.add<Dense>(width, 64, rng, /*he_init=*/relu);
    if (relu)
      net.add<ReLU>();
    else
      net.add<Sigmoid>();
    width = 64;
  }
  net.add<Dense>(width, 10, rng);
  return net;
}
//! [deep-net]

// 3. Gradient norm of each layer's weights after one backward pass.
//! [gradient-norms]
static std::vector<double> weight_gradient_norms(Sequential& net, const Dataset& batch) {
  SoftmaxCrossEntropy loss;
  net.zero_grad();
  loss.forward(net.forward(batch.x), batch.y);
  net.backward(loss.backward());
  std::vector<double> norms;
  for (auto& p : net.parameters()) {
    if (p.name.find("weight") == std::string::npos) continue;
    double sq = 0;
    for (float g : p.grad->values()) sq += static_cast<double>(g) * g;
    norms.push_back(std::sqrt(sq));
  }
  return norms;
}
//! [gradient-norms]

static void vanishing_gradients(const Dataset& train, const std::string& out, Summary& summary) {
  const Dataset batch = train.slice(0, std::min(256, train.size()));
  std::vector<Series> series;
  for (bool relu : {false, true}) {
    Rng rng(1);
    Sequential net = deep_net(10, relu, rng);
    const std::vector<double> norms = weight_gradient_norms(net, batch);
    Series s{relu ? "ReLU, He init" : "sigmoid, Xavier init", {}, norms};
    for (std::size_t i = 0; i < norms.size(); ++i) s.x.push_back(static_cast<double>(i + 1));
    fmt::print("{:<22} |dL/dW| first layer {:.2e}, last layer {:.2e} (ratio {:.1e})\n", s.label,
               norms.front(), norms.back(), norms.front() / norms.back());
    summary.set(relu ? "relu_first_to_last_gradient_ratio" : "sigmoid_first_to_last_gradient_ratio",
                norms.front() / norms.back());
    series.push_back(s);
  }
  plot_curves(out + "/vanishing_gradients.png",
              "Gradient norm per layer, 10 hidden layers of 64 (one MNIST batch)",
              "layer (1 = next to the input)", "|dL/dW|", series, true);
}

int main(int argc, char** argv) try {
  ChapterCli cli("03-backprop", "Backpropagation, gradient checking, and MLPs on MNIST",
                 {.epochs = 10, .lr = 0.1f});
  if (auto code = cli.parse(argc, argv)) return *code;
  const ChapterOptions& o = cli.options();
  Stopwatch clock;
  Summary summary("03-backprop", "MNIST");
  Rng rng(o.seed);

  scalar_autograd_demo();
  summary.set("gradient_checks_passed", gradient_checks(rng));

  const int limit = o.quick ? 3000 : 0;
  Dataset train = load_mnist(o.data + "/mnist", true, limit);
  Dataset test = load_mnist(o.data + "/mnist", false, limit);
  train.x.reshape({train.size(), 784});
  test.x.reshape({test.size(), 784});
  vanishing_gradients(train, o.out, summary);

  // 4. The same MLP trained with two losses.
  std::vector<Series> curves;
  SoftmaxCrossEntropy cross_entropy;
  MulticlassHinge hinge;
  for (Loss* loss : std::initializer_list<Loss*>{&cross_entropy, &hinge}) {
    fmt::print("\nMLP 784-256-128-10 with {} loss\n", loss->name());
    Rng init(o.seed);
    Sequential model = mnist_mlp(init);
    if (loss == &cross_entropy) fmt::print("{}", model.summary({1, 784}));
    SGD sgd(model.parameters(), o.lr);
    const History h =
        fit(model, train, *loss, sgd,
            {.epochs = o.epochs, .batch_size = 64, .seed = o.seed, .validation = &test});
    h.save_csv(o.out + "/history_" + loss->name() + ".csv");
    curves.push_back({loss->name(), h.column("epoch"), h.column("val_accuracy")});
    const double acc = h.column("val_accuracy").back();
    fmt::print("{}: test accuracy {:.4f}\n", loss->name(), acc);
    summary.set(loss == &cross_entropy ? "test_accuracy" : "test_accuracy_hinge", acc);
    if (loss == &cross_entropy) model.save(o.out + "/mlp.safetensors");
  }
  plot_curves(o.out + "/losses_compared.png", "MNIST MLP: softmax cross-entropy vs SVM hinge loss",
              "epoch", "test accuracy", curves);

  // 5. Two heads on one trunk: the digit, and the angle it was rotated by.
  const MultiTaskResult mt = train_multitask(train, test, o, o.out);
  summary.set("multitask_test_accuracy", mt.test_accuracy);
  summary.set("multitask_angle_mae_degrees", mt.angle_mae_degrees);

  summary.set("epochs", o.epochs);
  summary.finish(o.out, clock.seconds());
} catch (const std::exception& e) {
  return report_error(e);
}
