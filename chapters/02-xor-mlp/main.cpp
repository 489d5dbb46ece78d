// Chapter 02: XOR. A linear model cannot separate it; a product feature or
// one hidden layer can. Book page: book/02-xor-mlp.md.
#include <fmt/format.h>

#include <memory>

#include "nn/cli.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/plot.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"

using namespace nn;

//! [xor-data]
// The four corners of the unit square; the label is x1 XOR x2.
static Dataset xor_data() {
  return {Tensor({4, 2}, {0, 0, 0, 1, 1, 0, 1, 1}), Tensor({4}, {0, 1, 1, 0}), {"0", "1"}};
}
//! [xor-data]

//! [product-feature]
// Appends the product x1*x2 as a third input: the "feature trick".
static Tensor with_product(const Tensor& x) {
  Tensor out({x.rows(), 3});
  for (int i = 0; i < x.rows(); ++i) {
    out.at(i, 0) = x.at(i, 0);
    out.at(i, 1) = x.at(i, 1);
    out.at(i, 2) = x.at(i, 0) * x.at(i, 1);
  }
  return out;
}
//! [product-feature]

static std::vector<int> int_labels(const Tensor& y) {
  return std::vector<int>(y.values().begin(), y.values().end());
}

// The model's probability of class 1 at one point of the plane.
static float probability(Sequential& model, float x1, float x2, bool product_feature) {
  Tensor x({1, 2}, {x1, x2});
  return sigmoid(model.predict(product_feature ? with_product(x) : x)[0]);
}

struct Trained {
  double accuracy, loss;
  History history;
};

//! [train]
// Full-batch gradient descent on the four points (batch size 4).
static Trained train(Sequential& model, const Dataset& data, float lr, int epochs,
                     std::uint64_t seed) {
  BinaryCrossEntropy loss;
  SGD sgd(model.parameters(), lr);
  FitOptions options{.epochs = epochs, .batch_size = 4, .seed = seed, .quiet = true};
  History h = fit(model, data, loss, sgd, options);
  const Evaluation e = evaluate(model, data, loss);
  return {e.accuracy, e.loss, h};
}
//! [train]

static void plot_boundary(Sequential& model, const Dataset& data, bool product_feature,
                          const std::string& path, const std::string& title) {
  plot_decision_boundary(
      path, title, [&](float a, float b) { return probability(model, a, b, product_feature); },
      data.x, int_labels(data.y), -0.5, 1.5, -0.5, 1.5);
}

//! [step-network]
// The hand-set network of threshold units: hidden h1 = NOT(x1 AND x2),
// h2 = x1 OR x2, output y = h1 AND h2, which is XOR.
static Sequential step_network() {
  Rng unused(0);
  Sequential net;
  auto& hidden = net.add<Dense>(2, 2, unused);
  hidden.weight() = Tensor({2, 2}, {-1, -1,  // NAND: fires unless both inputs are on
                                    1, 1});  // OR: fires if either input is on
  hidden.bias() = Tensor({2}, {1.5f, -0.5f});
  net.add<Step>();
  auto& output = net.add<Dense>(2, 1, unused);
  output.weight() = Tensor({1, 2}, {1, 1});  // AND: fires only if both are on
  output.bias() = Tensor({1}, {-1.5f});
  net.add<Step>();
  return net;
}
//! [step-network]

//! [mlp]
// The smallest network that can learn XOR: 2 inputs, 2 hidden units, 1 output.
// Small initial weights start it near the symmetric point w = 0, where the
// gradient decides which corner each hidden unit takes; large random ones
// often start it in a basin where one unit is wasted (measured in the book).
static Sequential mlp(const std::string& activation, float init_scale, Rng& rng) {
  Sequential net;
  auto& hidden = net.add<Dense>(2, 2, rng);
  if (activation == "sigmoid") net.add<Sigmoid>();
  if (activation == "tanh") net.add<Tanh>();
  if (activation == "relu") net.add<ReLU>();
  auto& output = net.add<Dense>(2, 1, rng);  // a logit; BinaryCrossEntropy applies the sigmoid
  init_uniform(hidden.weight(), -init_scale, init_scale, rng);
  init_uniform(output.weight(), -init_scale, init_scale, rng);
  return net;
}

// Inputs centred on zero, 0/1 -> -1/+1: tanh units then start unbiased.
static Dataset centred(Dataset d) {
  for (float& v : d.x.values()) v = 2 * v - 1;
  return d;
}
//! [mlp]

int main(int argc, char** argv) try {
  ChapterCli cli("02-xor-mlp", "XOR: a linear model fails, a feature or a hidden layer succeeds",
                 {.epochs = 2000, .lr = 1.0f});
  int seeds = 100;
  float init_scale = 0.2f;
  cli.app().add_option("--seeds", seeds, "seeds tried for each activation of the learned MLP");
  cli.app().add_option("--init-scale", init_scale, "MLP weights start uniform in [-s, s]");
  if (auto code = cli.parse(argc, argv)) return *code;
  const ChapterOptions& o = cli.options();
  if (o.quick) seeds = 5;
  Stopwatch clock;
  const Dataset data = xor_data();
  Summary summary("02-xor-mlp", "XOR truth table (4 points)");

  // 1. Logistic regression: one straight line cannot put (0,1),(1,0) on one side.
  Rng rng(o.seed);
  Sequential linear;
  linear.add<Dense>(2, 1, rng);
  const Trained lin = train(linear, data, o.lr, o.epochs, o.seed);
  fmt::print(
      "logistic regression on XOR: loss {:.3f} (ln 2 = 0.693: no better than chance), "
      "p(class 1) at the four corners:",
      lin.loss);
  const Tensor logits = linear.predict(data.x);
  for (float z : logits.values()) fmt::print(" {:.2f}", sigmoid(z));
  fmt::print("\n");
  plot_boundary(linear, data, false, o.out + "/linear_boundary.png", "Logistic regression on XOR");
  summary.set("linear_accuracy", lin.accuracy);

  // 2. The feature trick: with x3 = x1*x2 the classes become linearly separable.
  Sequential product;
  product.add<Dense>(3, 1, rng);
  const Dataset lifted{with_product(data.x), data.y, data.class_names};
  const Trained prod = train(product, lifted, o.lr, o.epochs, o.seed);
  fmt::print("with the feature x1*x2:      accuracy {:.2f}, loss {:.3f}\n", prod.accuracy,
             prod.loss);
  plot_boundary(product, data, true, o.out + "/product_feature_boundary.png",
                "Logistic regression on (x1, x2, x1*x2)");
  summary.set("product_feature_accuracy", prod.accuracy);

  // 3. A network of step units with weights set by hand.
  Sequential steps = step_network();
  const Tensor out = steps.predict(data.x);
  fmt::print("\nhand-set step network\n  x1 x2 | NAND OR | XOR\n");
  const Tensor hidden = steps.layer(1).forward(steps.layer(0).forward(data.x));
  bool steps_right = true;
  for (int i = 0; i < 4; ++i) {
    fmt::print("   {:.0f}  {:.0f} |   {:.0f}   {:.0f} |  {:.0f}\n", data.x.at(i, 0),
               data.x.at(i, 1), hidden.at(i, 0), hidden.at(i, 1), out[i]);
    steps_right = steps_right && out[i] == data.y[i];
  }
  summary.set("step_network_correct", steps_right);

  // 4. A learned 2-2-1 MLP, for each activation and several seeds.
  fmt::print(
      "\nlearned 2-2-1 MLP on centred inputs, weights from U(-{}, {}), {} epochs of "
      "full-batch gradient descent, lr {}\n",
      init_scale, init_scale, o.epochs, o.lr);
  std::vector<Series> curves;
  //! [seeds]
  for (const std::string act : {"sigmoid", "tanh", "relu"}) {
    int solved = 0;
    for (int s = 0; s < seeds; ++s) {
      Rng init(o.seed + s);
      Sequential net = mlp(act, init_scale, init);
      const Trained t = train(net, centred(data), o.lr, o.epochs, o.seed + s);
      solved += t.accuracy == 1.0;
      if (s == 0) {
        curves.push_back({act, t.history.column("epoch"), t.history.column("train_loss")});
        if (act == "tanh")
          plot_decision_boundary(
              o.out + "/mlp_tanh_boundary.png", "Learned 2-2-1 MLP (tanh hidden units)",
              [&](float a, float b) {
                return sigmoid(net.predict(Tensor({1, 2}, {2 * a - 1, 2 * b - 1}))[0]);
              },
              data.x, int_labels(data.y), -0.5, 1.5, -0.5, 1.5);
      }
    }
    fmt::print("  {:<8} solved XOR on {:>2} of {} seeds\n", act, solved, seeds);
    summary.set("mlp_" + act + "_solved_seeds", solved);
  }
  //! [seeds]
  summary.set("seeds", seeds);
  summary.set("init_scale", init_scale);
  plot_curves(o.out + "/mlp_loss.png", "2-2-1 MLP on XOR: training loss (first seed)", "epoch",
              "binary cross-entropy", curves, true);

  summary.set("epochs", o.epochs);
  summary.set("seconds", clock.seconds());
  summary.write(o.out);
  fmt::print("\nplots and summary.json in {}\n", o.out);
} catch (const std::exception& e) {
  return report_error(e);
}
