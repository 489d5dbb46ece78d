#include "pretrain.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>

#include "nets.hpp"  // chapter 08's nets: one home for the deeper net
#include "nn/layers/dense.hpp"
#include "nn/optim.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"

using namespace nn;

namespace ch10 {
namespace {

constexpr const char* kNet = "deeper";

// The commit the weights were made at, for the record (not compared).
std::string git_commit() {
  std::string out;
  if (FILE* p = popen("git -C " NN_SOURCE_DIR " rev-parse --short HEAD 2>/dev/null", "r")) {
    char buf[64];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out.empty() ? "unknown" : out;
}

nlohmann::json wanted(const PretrainSettings& s, int available) {
  return {{"net", kNet},    {"images", s.images}, {"epochs", s.epochs},
          {"seed", s.seed}, {"batch", s.batch},   {"source_train_images", available}};
}

bool matches(const nlohmann::json& saved, const nlohmann::json& want) {
  for (const auto& [key, value] : want.items())
    if (!saved.contains(key) || saved[key] != value) return false;
  return true;
}

}  // namespace

//! [deeper-net]
Sequential deeper_net(int classes, Rng& rng) {
  Sequential model = ch08::build(kNet, rng);    // ... Flatten, Dense(2048 -> 10)
  model.pop();                                  // delete its classifier
  model.add<Dense>(128 * 4 * 4, classes, rng);  // add one for this task
  return model;
}
//! [deeper-net]

// Layers 0-6: two conv-bn-relu and a pool (32 channels, 16x16); 7-13 the
// same with 64 channels (8x8); 14-20 with 128 channels (4x4); 21 Flatten; 22 Dense.
int top_features_layer() { return 20; }
int middle_features_layer() { return 13; }
int top_block_starts_after() { return 13; }

Pretrained pretrain(Dataset train, Dataset test, const PretrainSettings& settings,
                    const std::string& models_dir) {
  namespace fs = std::filesystem;
  fs::create_directories(models_dir);
  const std::string stem = models_dir + "/cifar8-" + kNet;
  const nlohmann::json want = wanted(settings, train.size());
  Pretrained p;
  p.weights = stem + ".safetensors";
  Rng rng(settings.seed);
  p.model = deeper_net(8, rng);

  if (std::ifstream in(stem + ".json"); in && fs::exists(p.weights)) {
    const nlohmann::json saved = nlohmann::json::parse(in, nullptr, false);
    if (!saved.is_discarded() && matches(saved, want)) {
      p.model.load(p.weights);
      p.stats = {saved["channel_mean"].get<std::vector<float>>(),
                 saved["channel_stddev"].get<std::vector<float>>()};
      p.source_accuracy = saved["source_test_accuracy"];
      p.reused = true;
      fmt::print("pretrained weights: reusing {} (source test accuracy {:.1f}%)\n", p.weights,
                 100 * p.source_accuracy);
      return p;
    }
    fmt::print("pretrained weights: {} was made with other settings: training again\n",
               stem + ".json");
  }

  //! [pretrain]
  Stopwatch clock;
  if (settings.images > 0 && settings.images < train.size()) {
    Rng pick(settings.seed);
    train = train.sample(settings.images, pick);
  }
  p.stats = channel_stats(train.x);  // from now on, the net's input normalisation
  normalise_channels(train.x, p.stats);
  normalise_channels(test.x, p.stats);
  fmt::print(
      "\n== pretraining chapter 08's deeper net on {} source images (8 classes), {} epochs\n",
      train.size(), settings.epochs);
  const ch08::Net recipe = [] {
    for (const ch08::Net& n : ch08::nets())
      if (n.key == kNet) return n;
    return ch08::nets().front();
  }();
  Momentum sgd(p.model.parameters(), recipe.lr, 0.9f);
  sgd.weight_decay = recipe.weight_decay;
  SoftmaxCrossEntropy loss;
  const int epochs = settings.epochs;
  fit(p.model, train, loss, sgd,
      {.epochs = epochs,
       .batch_size = settings.batch,
       .seed = settings.seed,
       .augment = recipe.augment,
       .on_epoch_end = [&](int epoch, const History&) {  // cosine decay, as chapter 08
         sgd.learning_rate =
             recipe.lr * 0.5f * (1 + std::cos(std::numbers::pi_v<float> * epoch / epochs));
       }});
  p.source_accuracy = evaluate(p.model, test, loss).accuracy;
  //! [pretrain]
  p.seconds = clock.seconds();
  p.model.save(p.weights);
  nlohmann::json made = want;
  made["source_test_accuracy"] = p.source_accuracy;
  made["source_test_images"] = test.size();
  made["channel_mean"] = p.stats.mean;
  made["channel_stddev"] = p.stats.stddev;
  made["seconds"] = p.seconds;
  made["commit"] = git_commit();
  write_file_atomically(stem + ".json", made.dump(2) + "\n");
  fmt::print("source task: {:.1f}% test accuracy on {} images ({:.0f} s); saved {}\n",
             100 * p.source_accuracy, test.size(), p.seconds, p.weights);
  return p;
}

}  // namespace ch10
