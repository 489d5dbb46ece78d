// Chapter 05: momentum and adaptive optimisers. Gradient descent, momentum,
// Nesterov, RMSprop and Adam in a ravine and on Rosenbrock's banana; then the
// optimisers training one MNIST network; then learning-rate schedules.
// Book page: book/05-momentum.md.
#include <fmt/format.h>

#include <algorithm>

#include "nn/cli.hpp"
#include "nn/data/mnist.hpp"
#include "nn/layers/activations.hpp"
#include "nn/models/mnist.hpp"
#include "nn/plot.hpp"
#include "nn/schedule.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"
#include "surfaces.hpp"

using namespace nn;

// One optimiser with its hyper-parameters: a name for the legend and a recipe.
struct Recipe {
  std::string label;
  MakeOptimizer make;
};

template <class Opt, class... Args>
static MakeOptimizer make(Args... args) {
  return [=](std::vector<Parameter> p) { return std::make_unique<Opt>(std::move(p), args...); };
}

// "RMSprop" -> "rmsprop": a summary.json key.
static std::string key(std::string label) {
  label = label.substr(0, label.find(','));
  std::transform(label.begin(), label.end(), label.begin(), [](char c) { return std::tolower(c); });
  return label;
}

// 1. Two surfaces, the same five optimisers, each with the step size that suits it there.
static void surfaces(const std::string& out, Summary& summary) {
  //! [ravine-recipes]
  // The ravine's curvatures are 1 and 25 (condition number 25). Plain GD must
  // keep eta < 2/25; the heavy ball's best settings on a quadratic are
  // eta = 4/(1 + 5)^2 = 1/9 and mu = ((5 - 1)/(5 + 1))^2 = 4/9, Nesterov's
  // eta = 1/25 and mu = (5 - 1)/(5 + 1) = 2/3 (see the book page).
  const std::vector<Recipe> ravine_recipes = {
      {"GD, eta 0.07", make<SGD>(0.07f)},
      {"momentum, eta 1/9, mu 4/9", make<Momentum>(1 / 9.0f, 4 / 9.0f)},
      {"Nesterov, eta 0.04, mu 2/3", make<Nesterov>(0.04f, 2 / 3.0f)},
      {"RMSprop, eta 0.1", make<RMSprop>(0.1f)},
      {"Adam, eta 0.3", make<Adam>(0.3f)},
  };
  //! [ravine-recipes]
  // The banana's floor is flat and its walls steep (curvature ~1000 at the
  // start): eta = 0.001 is about the largest step plain GD survives.
  const std::vector<Recipe> banana_recipes = {
      {"GD, eta 0.001", make<SGD>(0.001f)},
      {"momentum, eta 0.001, mu 0.9", make<Momentum>(0.001f, 0.9f)},
      {"Nesterov, eta 0.001, mu 0.9", make<Nesterov>(0.001f, 0.9f)},
      {"RMSprop, eta 0.001", make<RMSprop>(0.001f)},
      {"Adam, eta 0.02", make<Adam>(0.02f)},
  };
  struct Problem {
    std::string name, title;
    Surface surface;
    const std::vector<Recipe>& recipes;
    int steps;                      // steps run
    int path_steps, path_stride;    // steps drawn on the contours, a point every path_stride
    int curve_steps, curve_stride;  // steps of the f(w_k) plot
    std::vector<double> levels;     // contour heights
    std::array<double, 4> range;    // xmin, xmax, ymin, ymax
  };
  const double tolerance = 1e-6;
  const std::vector<Problem> problems = {
      {"ravine",
       "f = (x^2 + 25 y^2)/2",
       ravine(),
       ravine_recipes,
       2000,
       40,
       1,
       300,
       1,
       {0.125, 0.5, 2, 4.5, 8, 12.5, 18, 24.5, 32, 40.5, 50, 60.5, 72, 84.5, 98},
       {-5, 5, -3, 3}},
      {"rosenbrock",
       "Rosenbrock",
       rosenbrock(),
       banana_recipes,
       20000,
       1000,
       10,
       20000,
       20,
       {0.03, 0.3, 1, 3, 10, 30, 100, 300, 1000},
       {-1.5, 1.5, -0.5, 1.5}},
  };
  for (const Problem& p : problems) {
    fmt::print("{}: steps until f stays below {:g} (of at most {})\n", p.name, tolerance, p.steps);
    std::vector<Series> paths, curves;
    for (const Recipe& r : p.recipes) {
      const Descent d = descend(p.surface, r.label, r.make, p.steps, tolerance);
      const std::size_t last = d.path.x.size() - 1;
      fmt::print(
          "  {:<30} {:>6}   ends at ({:+.4f}, {:+.4f})\n", r.label,
          d.steps_to_tolerance < 0 ? std::string("never") : std::to_string(d.steps_to_tolerance),
          d.path.x[last], d.path.y[last]);
      summary.set(p.name + "_steps_" + key(r.label), d.steps_to_tolerance < 0
                                                         ? nlohmann::json()
                                                         : nlohmann::json(d.steps_to_tolerance));
      paths.push_back(first_points(d.path, p.path_steps / p.path_stride + 1, p.path_stride));
      Series c = convergence(d, 1e-10, p.curve_stride);
      while (c.x.size() > 1 && c.x.back() > p.curve_steps) c.x.pop_back(), c.y.pop_back();
      curves.push_back(c);
    }
    paths.push_back({"minimum", {p.surface.minimum[0]}, {p.surface.minimum[1]}});
    const std::string shown =
        p.path_stride == 1
            ? fmt::format("the first {} steps", p.path_steps)
            : fmt::format("the first {} steps, a point every {}", p.path_steps, p.path_stride);
    plot_contour_paths(out + "/" + p.name + ".png", p.title + ": " + shown, p.surface.f, p.levels,
                       paths, p.range[0], p.range[1], p.range[2], p.range[3]);
    plot_curves(out + "/" + p.name + "_f.png", p.title + ": f at each step (cut at 1e-10)", "step",
                "f(w)", curves, true);
  }
}

// The MLP of chapter 03 (lib/nn/models/mnist.cpp), from `seed`.
static Sequential mlp_from_seed(std::uint64_t seed) {
  Rng rng(seed);
  return nn::mnist_mlp(rng);
}

struct Split {
  Dataset train, validation, test;
};

// 2. Every optimiser trains the same network, from the same weights, on the same batches.
static void optimisers(const Split& data, const ChapterOptions& o, Summary& summary) {
  //! [mnist-recipes]
  // The learning rates are the usual starting points for each method:
  // momentum's eta is SGD's divided by 1/(1 - mu) = 10, its long-run speed-up;
  // the adaptive methods take steps of about eta per weight, hence eta ~ 1e-3.
  const std::vector<Recipe> recipes = {
      {"SGD, eta 0.1", make<SGD>(0.1f)},
      {"momentum, eta 0.01, mu 0.9", make<Momentum>(0.01f, 0.9f)},
      {"Nesterov, eta 0.01, mu 0.9", make<Nesterov>(0.01f, 0.9f)},
      {"AdaGrad, eta 0.01", make<AdaGrad>(0.01f)},
      {"RMSprop, eta 0.001", make<RMSprop>(0.001f)},
      {"Adam, eta 0.001", make<Adam>(0.001f)},
      {"AdamW, eta 0.001, lambda 0.01", make<AdamW>(0.001f, 0.01f)},
  };
  //! [mnist-recipes]
  SoftmaxCrossEntropy loss;
  std::vector<Series> curves;
  std::vector<std::string> table;
  double best = -1;
  std::string best_name;
  for (const Recipe& r : recipes) {
    fmt::print("\n{}\n", r.label);
    Sequential model = mlp_from_seed(o.seed);
    std::unique_ptr<Optimizer> optimizer = r.make(model.parameters());
    std::vector<double> losses;
    Stopwatch clock;
    const History h =
        fit(model, data.train, loss, *optimizer,
            {.epochs = o.epochs, .batch_size = 64, .seed = o.seed, .step_losses = &losses});
    const double seconds = clock.seconds();
    const Evaluation e = evaluate(model, data.test, loss);
    curves.push_back(smoothed(r.label, losses, std::max<int>(1, losses.size() / 60)));
    table.push_back(fmt::format("{:<30} {:>10.4f} {:>9.4f} {:>13.4f} {:>7.1f}", r.label,
                                h.column("train_loss").back(), e.loss, e.accuracy, seconds));
    summary.set("test_accuracy_" + key(r.label), e.accuracy);
    if (e.accuracy > best) best = e.accuracy, best_name = key(r.label);
  }
  fmt::print("\n{:<30} {:>10} {:>9} {:>13} {:>7}\n", "optimiser", "train loss", "test loss",
             "test accuracy", "seconds");
  for (const std::string& line : table) fmt::print("{}\n", line);
  plot_curves(
      o.out + "/optimisers.png",
      fmt::format("MNIST MLP, {} training images: loss of each optimiser", data.train.size()),
      "step (mini-batches of 64)", "training loss (smoothed)", curves, true);
  summary.set("test_accuracy", best);
  summary.set("best_optimizer", best_name);
}

// 3. The same network and optimiser under four learning-rate schedules.
static void schedules(const Split& data, const ChapterOptions& o, Summary& summary) {
  const int epochs = 2 * o.epochs;
  SoftmaxCrossEntropy loss;
  std::vector<Series> rates, losses;
  for (std::string name : {"constant", "step decay", "exponential decay", "reduce on plateau"}) {
    fmt::print("\nmomentum, eta0 {}, mu 0.9, {}\n", o.lr, name);
    Sequential model = mlp_from_seed(o.seed);
    Momentum optimizer(model.parameters(), o.lr, 0.9f);
    //! [schedules]
    std::unique_ptr<LrSchedule> schedule;
    if (name == "step decay") schedule = std::make_unique<StepDecay>(optimizer, 2, 0.5f);
    if (name == "exponential decay")
      schedule = std::make_unique<ExponentialDecay>(optimizer, 0.75f);
    if (name == "reduce on plateau")
      schedule = std::make_unique<ReduceOnPlateau>(optimizer, 0.5f, 0);
    Series lr{name, {}, {}};
    auto after_epoch = [&](int epoch, const History& h) {
      lr.x.push_back(epoch);
      lr.y.push_back(optimizer.learning_rate);  // the rate this epoch ran at
      if (!schedule) return;
      schedule->on_step(epoch);  // ExponentialDecay, once per epoch: eta0 gamma^epoch
      schedule->on_epoch_end(epoch, h.column("val_loss").back());  // the other two
    };
    const History h = fit(model, data.train, loss, optimizer,
                          {.epochs = epochs,
                           .batch_size = 64,
                           .seed = o.seed,
                           .validation = &data.validation,
                           .on_epoch_end = after_epoch});
    //! [schedules]
    const Evaluation e = evaluate(model, data.test, loss);
    fmt::print("{}: final eta {:.4g}, test accuracy {:.4f}\n", name, optimizer.learning_rate,
               e.accuracy);
    std::string k = name;
    std::replace(k.begin(), k.end(), ' ', '_');
    summary.set("test_accuracy_schedule_" + k, e.accuracy);
    rates.push_back(lr);
    losses.push_back({name, h.column("epoch"), h.column("train_loss")});
  }
  plot_curves(o.out + "/schedule_lr.png", "Learning rate per epoch under each schedule", "epoch",
              "learning rate", rates, true);
  plot_curves(o.out + "/schedule_loss.png",
              "MNIST MLP: training loss per epoch under each schedule", "epoch", "training loss",
              losses, true);
}

int main(int argc, char** argv) try {
  ChapterCli cli("05-momentum", "Momentum, adaptive optimisers and learning-rate schedules",
                 {.epochs = 3, .lr = 0.05f});
  int train_size = 20000;
  cli.app().add_option("--train-size", train_size,
                       "MNIST training images used (the next 5,000 validate)");
  if (auto code = cli.parse(argc, argv)) return *code;
  const ChapterOptions& o = cli.options();
  Stopwatch clock;
  Summary summary("05-momentum", "MNIST");

  surfaces(o.out, summary);

  if (o.quick) train_size = std::min(train_size, 500);
  Dataset all = load_mnist(o.data + "/mnist", true, train_size + 5000);
  Dataset test = load_mnist(o.data + "/mnist", false, o.quick ? 500 : 0);
  all.x.reshape({all.size(), 784});
  test.x.reshape({test.size(), 784});
  const int n = std::min(train_size, all.size() * 5 / 6);  // tiny data: keep a sixth to validate
  const Split data{all.slice(0, n), all.slice(n, all.size()), test};
  fmt::print("\nMNIST: {} training, {} validation and {} test images\n", data.train.size(),
             data.validation.size(), data.test.size());

  optimisers(data, o, summary);
  schedules(data, o, summary);

  summary.set("epochs", o.epochs);
  summary.finish(o.out, clock.seconds());
} catch (const std::exception& e) {
  return report_error(e);
}
