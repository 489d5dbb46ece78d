#include "nn/data/dataset.hpp"

#include <algorithm>
#include <numeric>

#include "nn/errors.hpp"

namespace nn {

Dataset Dataset::slice(int begin, int end) const {
  return {slice_rows(x, begin, end), slice_rows(y, begin, end), class_names};
}

Dataset Dataset::sample(int n, Rng& rng) const {
  if (n < 0 || n > size())
    throw Error("Dataset::sample: cannot draw " + std::to_string(n) + " of " +
                std::to_string(size()) + " samples");
  std::vector<int> order = rng.permutation(size());
  order.resize(n);
  return {gather_rows(x, order), gather_rows(y, order), class_names};
}

Dataset Dataset::select_classes(const std::vector<int>& classes) const {
  std::vector<int> keep;
  std::vector<float> labels;
  for (int i = 0; i < size(); ++i) {
    auto it = std::find(classes.begin(), classes.end(), static_cast<int>(y[i]));
    if (it != classes.end()) {
      keep.push_back(i);
      labels.push_back(static_cast<float>(it - classes.begin()));
    }
  }
  Dataset out{gather_rows(x, keep), Tensor({static_cast<int>(labels.size())}, labels), {}};
  for (int c : classes)
    out.class_names.push_back(c < static_cast<int>(class_names.size()) ? class_names[c]
                                                                       : std::to_string(c));
  return out;
}

DataLoader::DataLoader(const Dataset& data, int batch_size, bool shuffle, Rng rng)
    : data_(data), batch_size_(batch_size), shuffle_(shuffle), rng_(rng), epoch_rng_(rng) {
  if (batch_size <= 0)
    throw Error("DataLoader: batch size must be positive, got " + std::to_string(batch_size));
  if (data.x.rows() != data.y.rows())
    throw ShapeError("DataLoader: " + std::to_string(data.x.rows()) + " inputs but " +
                     std::to_string(data.y.rows()) + " targets");
  order_.resize(data.size());
  std::iota(order_.begin(), order_.end(), 0);
}

void DataLoader::start_epoch() {
  epoch_rng_ = rng_;
  if (shuffle_) order_ = rng_.permutation(data_.size());
  cursor_ = 0;
}

bool DataLoader::next(Batch& batch) {
  if (cursor_ >= data_.size()) return false;
  const int end = std::min(cursor_ + batch_size_, data_.size());
  std::vector<int> idx(order_.begin() + cursor_, order_.begin() + end);
  batch.x = gather_rows(data_.x, idx);
  batch.y = gather_rows(data_.y, idx);
  cursor_ = end;
  if (augmentation_.active()) augment_batch(batch.x, augmentation_, augment_rng_);
  return true;
}

void DataLoader::restore(const State& state) {
  if (state.cursor < 0 || state.cursor > data_.size())
    throw Error("DataLoader: position " + std::to_string(state.cursor) +
                " is outside a data set of " + std::to_string(data_.size()) + " samples");
  rng_ = Rng::from_state(state.rng);
  start_epoch();  // the same permutation the saved run drew
  cursor_ = state.cursor;
  if (!state.augment_rng.empty()) augment_rng_ = Rng::from_state(state.augment_rng);
}

int DataLoader::batches_per_epoch() const { return (data_.size() + batch_size_ - 1) / batch_size_; }

void DataLoader::set_augmentation(const Augmentation& augmentation, Rng rng) {
  augmentation_ = augmentation;
  augment_rng_ = rng;
}

}  // namespace nn
