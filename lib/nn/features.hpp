#pragma once
// A data set as a trained net sees it (book chapter 10, "the trick"): every
// sample replaced by the activations of an intermediate layer, so that a
// simple classifier can be trained on them instead of on the pixels.
#include <string>

#include "nn/data/dataset.hpp"
#include "nn/sequential.hpp"

namespace nn {

/// The samples of `data` run through `model` up to and including the layer
/// named `layer` (Sequential::features: inference mode, batch by batch),
/// each flattened to one row [N, features]; labels and class names kept.
Dataset features(Sequential& model, const Dataset& data, const std::string& layer,
                 int batch_size = 256);

}  // namespace nn
