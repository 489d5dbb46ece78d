#pragma once
// The ways chapter 10 learns cat vs dog from a few labelled images: from
// scratch, "the trick" (frozen features + a linear classifier) and
// fine-tuning. Each returns its test accuracy. Book page:
// book/10-transfer-learning.md.
#include <cstdint>

#include "nn/data/dataset.hpp"
#include "nn/sequential.hpp"
#include "pretrain.hpp"

namespace ch10 {

/// How long and how fast the image-trained methods learn.
struct Schedule {
  int image_passes;  // images shown per run: epochs = max(min_epochs, image_passes / n)
  int min_epochs;
  float lr;  // Adam's learning rate from scratch; fine-tuning uses fine_tune_factor * lr
  float fine_tune_factor;
  std::uint64_t seed;
};

/// The course's ConvNet for "simple binary classification problems", as its
/// Keras code reads: one output, sigmoid + binary cross-entropy (here in
/// the loss, on the logit).
nn::Sequential course_convnet(nn::Rng& rng);

/// (a) The course's ConvNet from random weights.
double course_from_scratch(const nn::Dataset& train, const nn::Dataset& test, const Schedule& s);
/// (a) The pretrained architecture from random weights; `first_filters`, if
/// given, receives its first convolution's weights after training.
double deeper_from_scratch(const nn::Dataset& train, const nn::Dataset& test, const Schedule& s,
                           nn::Tensor* first_filters = nullptr);
/// (c) and (d): the pretrained net with a new 2-way classifier, layers
/// 0..`frozen_until` frozen (-1: none, everything fine-tuned).
double fine_tune(Pretrained& pretrained, int frozen_until, const nn::Dataset& train,
                 const nn::Dataset& test, const Schedule& s);
/// (b) "The trick": a linear classifier on frozen features, logistic
/// regression (one logit, binary cross-entropy) or a linear SVM (two scores,
/// hinge loss). Features are standardised with the training set's statistics.
double linear_on_features(const nn::Dataset& train_features, const nn::Dataset& test_features,
                          bool svm, std::uint64_t seed);

/// The first `n` rows of `train` after a seeded balanced draw: n/2 of each
/// class, so that the subsets of one seed are nested (20 within 100 ...).
nn::Dataset balanced_subset(const nn::Dataset& train, int n, std::uint64_t seed);

}  // namespace ch10
