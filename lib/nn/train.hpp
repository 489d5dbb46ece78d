#pragma once
// The training loop, book chapter 01 onwards: for each epoch, for each
// shuffled mini-batch: forward, loss, backward, optimiser step. Prints a
// progress bar, checks for NaN/Inf, records a History (one row per epoch).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nn/data/dataset.hpp"
#include "nn/history.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "nn/sequential.hpp"

namespace nn {

struct FitOptions {
  int epochs = 1;
  int batch_size = 64;
  std::uint64_t seed = 0;                  // shuffling order
  const Dataset* validation = nullptr;     // evaluated after every epoch if given
  Augmentation augment{};                  // applied to every training batch (chapter 08)
  bool quiet = false;                      // no progress output
  std::vector<double>* step_losses = nullptr;  // if set, receives every step's loss
  /// Called after each epoch with the epoch number (1-based) and the history so far.
  std::function<void(int, const History&)> on_epoch_end{};
};

/// Mean loss and accuracy (NaN for regression) over a data set.
struct Evaluation {
  double loss = 0;
  double accuracy = 0;
};

/// Trains `model` and returns one History row per epoch with the columns
/// epoch, train_loss, train_accuracy, [val_loss, val_accuracy,] seconds.
History fit(Sequential& model, const Dataset& train, Loss& loss, Optimizer& optimizer,
            const FitOptions& options);

/// Evaluates `model` in inference mode, batch by batch.
Evaluation evaluate(Sequential& model, const Dataset& data, Loss& loss, int batch_size = 256);

/// Throws NumericalError naming `where` if `t` holds a NaN or Inf.
void check_finite(const Tensor& t, const std::string& where);

}  // namespace nn
