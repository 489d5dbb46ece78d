#pragma once
// Chapter 06, part 2: weight initialisation. Four ways to draw the initial
// weights of a deep network (too small, too large, Xavier, He), their effect
// on the activations at the start, and on training. Book page: book/06-dropout.md.
#include "nn/cli.hpp"
#include "nn/data/dataset.hpp"
#include "nn/summary.hpp"

/// Runs the initialisation experiments on `train` (flattened MNIST images
/// [N, 784]), writes their plots under o.out and their numbers into `summary`.
void initialisation_experiments(const nn::Dataset& train, const nn::ChapterOptions& o,
                                nn::Summary& summary);
