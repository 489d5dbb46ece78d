#pragma once
// The source task of chapter 10: chapter 08's deeper net pretrained on
// CIFAR-10 without its cats and dogs (8 classes), its weights cached as
// safetensors with a JSON of how they were made. Book page:
// book/10-transfer-learning.md.
#include <cstdint>
#include <string>

#include "nn/data/dataset.hpp"
#include "nn/data/transforms.hpp"
#include "nn/random.hpp"
#include "nn/sequential.hpp"

namespace ch10 {

/// What the cached weights depend on: a cache file is reused only when
/// every one of these matches.
struct PretrainSettings {
  int images = 4000;  // source training images drawn (0: all 40,000)
  int epochs = 2;
  std::uint64_t seed = 42;
  int batch = 64;
};

struct Pretrained {
  nn::Sequential model;      // the body and its 8-way classifier
  nn::ChannelStats stats;    // the source images' channel statistics: the net's input norm
  double source_accuracy{};  // on the source task's test images
  double seconds{};          // pretraining (0 when reused)
  bool reused = false;
  std::string weights;  // the safetensors file
};

/// Chapter 08's deeper net with its 10-way classifier replaced by a
/// `classes`-way one ("add/delete some parts of it").
nn::Sequential deeper_net(int classes, nn::Rng& rng);

/// The index of the deeper net's last pooling layer (its features before
/// the classifier) and of the one before it.
int top_features_layer();
int middle_features_layer();
/// The last layer of the second stage: fine-tuning "the top block" trains
/// what comes after it.
int top_block_starts_after();

/// Loads the weights from `models_dir` if its JSON matches `settings` and the
/// data, else trains on `train` (8 source classes, unnormalised pixels),
/// tests on `test`, and saves both files. Prints what it does.
Pretrained pretrain(nn::Dataset train, nn::Dataset test, const PretrainSettings& settings,
                    const std::string& models_dir);

}  // namespace ch10
