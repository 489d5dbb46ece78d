#pragma once
// A data set in memory and a loader that shuffles it and cuts it into batches.
#include <string>
#include <vector>

#include "nn/data/transforms.hpp"
#include "nn/random.hpp"
#include "nn/tensor.hpp"

namespace nn {

/// Inputs and targets, one sample per row. For classification `y` holds
/// class indices as floats, shape [N]; for regression it holds [N, k].
struct Dataset {
  Tensor x;
  Tensor y;
  std::vector<std::string> class_names;  // empty for regression

  int size() const { return x.rows(); }
  /// Samples `begin`..`end`-1.
  Dataset slice(int begin, int end) const;
  /// `n` samples drawn at random without replacement, in random order (a
  /// smaller training set whose classes stay balanced on average).
  Dataset sample(int n, Rng& rng) const;
  /// Only the samples whose class is in `classes`, relabelled 0, 1, ...
  Dataset select_classes(const std::vector<int>& classes) const;
};

struct Batch {
  Tensor x;
  Tensor y;
};

/// Iterates over a Dataset in mini-batches; reshuffles at every epoch when
/// asked to, with its own seeded Rng so that runs are reproducible.
class DataLoader {
 public:
  DataLoader(const Dataset& data, int batch_size, bool shuffle, Rng rng);
  /// Starts a new epoch (a new order if shuffling).
  void start_epoch();
  /// Fills `batch` with the next mini-batch; false when the epoch is over.
  bool next(Batch& batch);
  int batches_per_epoch() const;
  /// Augments every batch that next() returns (book chapter 08), drawing the
  /// random crops and flips from `rng`.
  void set_augmentation(const Augmentation& augmentation, Rng rng);

  /// Where the loader is, for checkpoints: the generator as it was before
  /// this epoch's shuffle (its Rng::state()) and the samples handed out so far.
  /// And the augmentation's generator, so a resumed run draws the same crops.
  struct State {
    std::string rng;
    int cursor = 0;
    std::string augment_rng;
  };
  State state() const { return {epoch_rng_.state(), cursor_, augment_rng_.state()}; }
  /// Continues from a state(): redraws the same order for the epoch and
  /// skips the samples already handed out. Throws nn::Error if the state
  /// does not fit this data set.
  void restore(const State& state);

 private:
  const Dataset& data_;
  int batch_size_;
  bool shuffle_;
  Rng rng_;
  Rng epoch_rng_;  // rng_ before this epoch's shuffle
  std::vector<int> order_;
  int cursor_ = 0;
  Augmentation augmentation_{};
  Rng augment_rng_{0};
};

}  // namespace nn
