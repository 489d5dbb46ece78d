#pragma once
// A two-headed network (book chapter 03, "one trunk, two losses"): a shared
// trunk feeds a classification head (which digit?) and a regression head
// (by what angle was the digit rotated?).
#include <string>

#include "nn/cli.hpp"
#include "nn/data/dataset.hpp"

struct MultiTaskResult {
  double test_accuracy;
  double angle_mae_degrees;
};

/// Trains on rotated copies of `train` ([N, 784] images) and evaluates on rotated `test`.
MultiTaskResult train_multitask(const nn::Dataset& train, const nn::Dataset& test,
                                const nn::ChapterOptions& options, const std::string& out);
