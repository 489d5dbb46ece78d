#pragma once
// The three networks of chapter 08, from shallow to deep, and how each is
// trained. Book page: book/08-cnn-cifar.md.
#include <string>
#include <vector>

#include "nn/data/transforms.hpp"
#include "nn/random.hpp"
#include "nn/sequential.hpp"

namespace ch08 {

/// One network of the comparison and the recipe the book trains it with.
struct Net {
  std::string key;    // "simple", "deeper", "resnet": --net, file names
  std::string title;  // for plots and the table
  int weight_layers;  // convolutions and dense layers on the longest path: its depth
  bool adam;          // Adam (true) or SGD with momentum 0.9 and cosine decay
  float lr;           // initial learning rate
  float weight_decay;
  nn::Augmentation augment;
  int full_epochs;  // epochs of the book's full run (--full)
  /// The torch.nn.Sequential it corresponds to (tools/torch_load_check.py syntax).
  std::string torch_architecture;
};

/// The nets in order of depth.
std::vector<Net> nets();
/// Builds the network named by `key`.
nn::Sequential build(const std::string& key, nn::Rng& rng);

}  // namespace ch08
