#pragma once
// The training loop, book chapter 01 onwards: for each epoch, for each
// shuffled mini-batch: forward, loss, backward, optimiser step. Prints a
// progress bar, checks for NaN/Inf, records a History (one row per epoch),
// saves checkpoints and resumes from them (nn/checkpoint.hpp).
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
  std::uint64_t seed = 0;                      // shuffling order
  const Dataset* validation = nullptr;         // evaluated after every epoch if given
  Augmentation augment{};                      // applied to every training batch (chapter 08)
  bool quiet = false;                          // no progress output
  std::vector<double>* step_losses = nullptr;  // if set, receives every step's loss
  /// Called after each epoch with the epoch number (1-based) and the history so far.
  std::function<void(int, const History&)> on_epoch_end{};
  /// If set, the run's whole state (weights, optimiser, data order, history)
  /// is saved to this file at the end of every epoch, after on_epoch_end,
  /// and, if checkpoint_every > 0, after every checkpoint_every-th optimiser
  /// step of the run. Each save replaces the file atomically.
  std::string checkpoint{};
  int checkpoint_every = 0;
  /// If set, continues the run saved in this checkpoint instead of starting
  /// at epoch 1: the model and optimiser (the same architecture and kind)
  /// get its weights, state and learning rate, the data loader its order
  /// (`seed` is not used), and with the same batch size,
  /// training set and thread count the run ends bit for bit as an
  /// uninterrupted one. The History returned includes the earlier epochs;
  /// step_losses and on_epoch_end see only the steps and epochs run now.
  std::string resume{};
};

/// Mean loss and accuracy (NaN for regression) over a data set.
struct Evaluation {
  double loss = 0;
  double accuracy = 0;
};

/// Trains `model` and returns one History row per epoch with the columns
/// epoch, train_loss, train_accuracy, [val_loss, val_accuracy,] seconds.
/// A NaN or Inf in the loss, a gradient or a weight stops training with a
/// NumericalError naming the layer, the parameter, the epoch and the step;
/// the last checkpoint is left as it was.
History fit(Sequential& model, const Dataset& train, Loss& loss, Optimizer& optimizer,
            const FitOptions& options);

/// Evaluates `model` in inference mode, batch by batch.
Evaluation evaluate(Sequential& model, const Dataset& data, Loss& loss, int batch_size = 256);

/// Throws NumericalError naming `where` if `t` holds a NaN or Inf.
void check_finite(const Tensor& t, const std::string& where);

}  // namespace nn
