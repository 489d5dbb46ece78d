#include "initialisation.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/plot.hpp"
#include "nn/train.hpp"

using namespace nn;

namespace {

constexpr int kDepth = 10;   // hidden layers
constexpr int kWidth = 256;  // units per hidden layer

//! [schemes]
// How to draw a weight matrix W [fan_out, fan_in]; the biases stay 0.
struct Scheme {
  std::string name, key;
  std::function<void(Tensor& w, int fan_in, int fan_out, Rng& rng)> draw;
};

const std::vector<Scheme> kSchemes = {
    {"N(0, 0.01^2): too small", "small",
     [](Tensor& w, int, int, Rng& rng) { init_normal(w, 0.0f, 0.01f, rng); }},
    {"N(0, 1): too large", "large",
     [](Tensor& w, int, int, Rng& rng) { init_normal(w, 0.0f, 1.0f, rng); }},
    {"Xavier: U(+-sqrt(6/(in+out)))", "xavier",
     [](Tensor& w, int in, int out, Rng& rng) { init_xavier_uniform(w, in, out, rng); }},
    {"He: N(0, 2/in)", "he", [](Tensor& w, int in, int, Rng& rng) { init_he_normal(w, in, rng); }},
};
//! [schemes]

// kDepth hidden layers of kWidth units (ReLU or tanh) and 10 outputs, every
// weight matrix drawn by `scheme`.
Sequential deep_net(bool relu, const Scheme& scheme, std::uint64_t seed) {
  Rng rng(seed);
  Sequential net;
  int in = 784;
  for (int i = 0; i <= kDepth; ++i) {
    const int out = i < kDepth ? kWidth : 10;
    Dense& dense = net.add<Dense>(in, out, rng);
    scheme.draw(dense.weight(), in, out, rng);
    if (i == kDepth) break;
    if (relu)
      net.add<ReLU>();
    else
      net.add<Tanh>();
    in = out;
  }
  return net;
}

//! [activation-std]
// The output of every hidden layer's activation for one batch, at initialisation.
std::vector<Tensor> hidden_activations(Sequential& net, const Tensor& x) {
  std::vector<Tensor> outputs;
  Tensor a = x;
  for (int i = 0; i < net.size(); ++i) {
    a = net.layer(i).forward(a);
    if (net.layer(i).name() == "ReLU" || net.layer(i).name() == "Tanh") outputs.push_back(a);
  }
  return outputs;
}

double standard_deviation(const Tensor& t) {
  double sum = 0, sq = 0;
  for (float v : t.values()) sum += v, sq += static_cast<double>(v) * v;
  const double n = static_cast<double>(t.size()), mean = sum / n;
  return std::sqrt(std::max(0.0, sq / n - mean * mean));
}
//! [activation-std]

// Fraction of the values of `t` in each of `bins` equal bins of [-1, 1].
Series histogram(const std::string& label, const Tensor& t, int bins) {
  Series s{label, {}, std::vector<double>(bins, 0.0)};
  for (float v : t.values()) {
    const int b = std::clamp(static_cast<int>((v + 1.0f) / 2.0f * bins), 0, bins - 1);
    s.y[b] += 1.0 / static_cast<double>(t.size());
  }
  for (int b = 0; b < bins; ++b) s.x.push_back(-1.0 + (b + 0.5) * 2.0 / bins);
  return s;
}

double fraction_saturated(const Tensor& t) {  // |tanh| > 0.99
  double n = 0;
  for (float v : t.values()) n += std::fabs(v) > 0.99f;
  return n / static_cast<double>(t.size());
}

void activations_at_init(const Dataset& train, const ChapterOptions& o, Summary& summary) {
  const Tensor batch = slice_rows(train.x, 0, std::min(1000, train.size()));
  std::vector<Series> relu_std, tanh_hist;
  fmt::print("Activations at initialisation, {} hidden layers of {} units, {} images:\n", kDepth,
             kWidth, batch.rows());
  fmt::print("{:<32}{:>14}{:>15}{:>15}{:>17}\n", "weights drawn from", "ReLU std, l.1",
             "ReLU std, l.10", "tanh std, l.10", "|tanh| > 0.99");
  for (const Scheme& scheme : kSchemes) {
    Sequential relu_net = deep_net(true, scheme, o.seed);
    Sequential tanh_net = deep_net(false, scheme, o.seed);
    const std::vector<Tensor> relu = hidden_activations(relu_net, batch);
    const std::vector<Tensor> tanh = hidden_activations(tanh_net, batch);
    Series s{scheme.name, {}, {}};
    for (std::size_t l = 0; l < relu.size(); ++l) {
      s.x.push_back(static_cast<double>(l + 1));
      s.y.push_back(std::max(standard_deviation(relu[l]), 1e-30));  // log axis: no 0
    }
    relu_std.push_back(s);
    tanh_hist.push_back(histogram(scheme.name, tanh.back(), 40));
    fmt::print("{:<32}{:>14.3g}{:>15.3g}{:>15.3g}{:>17.3f}\n", scheme.name, s.y.front(), s.y.back(),
               standard_deviation(tanh.back()), fraction_saturated(tanh.back()));
    summary.set("relu_std_layer10_" + scheme.key, s.y.back());
    summary.set("tanh_std_layer10_" + scheme.key, standard_deviation(tanh.back()));
  }
  plot_curves(o.out + "/init_relu_std.png",
              "ReLU net at initialisation: spread of each layer's activations", "hidden layer",
              "standard deviation of the activations", relu_std, /*log_y=*/true);
  plot_curves(o.out + "/init_tanh_histogram.png",
              "tanh net at initialisation: activations of hidden layer 10", "tanh output",
              "fraction of activations", tanh_hist);
}

void training_from_each_init(const Dataset& train, const ChapterOptions& o, Summary& summary) {
  const int epochs = o.quick ? 3 : 2;
  const float lr = 0.02f;
  fmt::print("\nTraining the ReLU net from each initialisation: {} images, {} epochs, SGD lr {}\n",
             train.size(), epochs, lr);
  std::vector<Series> curves;
  for (const Scheme& scheme : kSchemes) {
    Sequential net = deep_net(true, scheme, o.seed);
    SoftmaxCrossEntropy loss;
    SGD sgd(net.parameters(), lr);
    std::vector<double> losses;
    std::string result;
    try {
      fit(net, train, loss, sgd,
          {.epochs = epochs,
           .batch_size = 64,
           .seed = o.seed,
           .quiet = true,
           .step_losses = &losses});
      const Evaluation e = evaluate(net, train, loss);
      result = fmt::format("training loss {:.4f}, accuracy {:.4f}", e.loss, e.accuracy);
      summary.set("init_train_loss_" + scheme.key, e.loss);
    } catch (const NumericalError& e) {  // the "too large" net blows up
      result = fmt::format("diverged: {}", e.what());
      summary.set("init_train_loss_" + scheme.key, "diverged");
    }
    fmt::print("  {:<32} first loss {:.4g}; {}\n", scheme.name, losses.empty() ? NAN : losses[0],
               result);
    const int window = std::max<int>(1, static_cast<int>(losses.size()) / 50);
    if (losses.size() >= 2 * static_cast<std::size_t>(window))  // a line needs 2 points
      curves.push_back(smoothed(scheme.name, losses, window));
  }
  plot_curves(o.out + "/init_training.png",
              fmt::format("Training a {}-layer ReLU net from each initialisation", kDepth + 1),
              "step (mini-batches of 64)", "training loss", curves, /*log_y=*/true);
}

}  // namespace

void initialisation_experiments(const Dataset& train, const ChapterOptions& o, Summary& summary) {
  activations_at_init(train, o, summary);
  training_from_each_init(train, o, summary);
}
