#pragma once
// Training checkpoints (book page checkpoints.md): everything a run needs to
// continue exactly where it stopped, so that a resumed run ends with the same
// weights, bit for bit, as one that was never interrupted. One safetensors
// file (nn/serialize.hpp), written atomically:
//
//   tensors      "model.<name>"               Sequential::state(), what save() writes
//                "optimizer.<name>.<buffer>"  the optimiser's per-parameter buffers
//                                             ("optimizer.0.weight.m", ...)
//   __metadata__ "format": "pt", and "nn.checkpoint": a JSON text
//     {"version": 1, "epoch": 2, "step": 150, "global_step": 1088,
//      "batch_size": 64, "samples": 60000, "loader_cursor": 9600, "loader_rng": "...",
//      "optimizer": {"kind": "Adam", "learning_rate": 0.001, "counters": {"t": 1088}},
//      "layer_rngs": {"3": "..."},
//      "epoch_totals": {"loss_sum": .., "correct": .., "seen": 9600, "seconds": ..},
//      "history": {"columns": ["epoch", ...], "rows": [[1, ...]]}}
//
// Numbers in the JSON round-trip exactly (shortest exact decimal form), and
// random generators are saved as their Rng::state() text.
#include <cstdint>
#include <map>
#include <string>

#include "nn/data/dataset.hpp"
#include "nn/history.hpp"
#include "nn/optim/optimizer.hpp"
#include "nn/sequential.hpp"
#include "nn/serialize.hpp"

namespace nn {

/// Where a run of fit() is, between two optimiser steps.
struct TrainingProgress {
  int epoch = 1;                 // the epoch in progress, 1-based
  int step = 0;                  // optimiser steps done in it
  std::int64_t global_step = 0;  // optimiser steps done in the whole run
  int batch_size = 0;            // the run's batch size and training-set size:
  int samples = 0;               // a checkpoint resumes only the same run
  DataLoader::State loader;      // this epoch's order and the samples handed out
  // The running sums of the epoch in progress, for its History row.
  double loss_sum = 0, correct = 0, seconds = 0;
  int seen = 0;
  History history;  // one row per finished epoch
};

/// A checkpoint as read from disk, checked for consistency with itself.
struct Checkpoint {
  std::string path;
  TensorMap model;  // state_dict names, without the "model." prefix
  std::string optimizer_kind;
  float learning_rate = 0;
  std::map<std::string, int> optimizer_counters;
  TensorMap optimizer_buffers;            // "<parameter>.<buffer>"
  std::map<int, std::string> layer_rngs;  // layer index -> Rng::state()
  TrainingProgress progress;
};

/// Saves the state of `model`, `optimizer` and `progress` to `path`, atomically
/// (a temporary file in the same folder, fsync, rename): a crash at any moment
/// leaves the old checkpoint or the new one, never half of one.
void save_checkpoint(const std::string& path, Sequential& model, Optimizer& optimizer,
                     const TrainingProgress& progress);

/// Reads `path` and checks everything in it; throws DataError naming the
/// file and what is wrong.
Checkpoint read_checkpoint(const std::string& path);

/// Loads a checkpoint into `model` and `optimizer` and returns the progress.
/// Checks first that it fits them (every tensor name and shape, the
/// optimiser's kind, which layers own a random generator): on any mismatch,
/// DataError naming the file, and nothing is changed.
TrainingProgress restore_checkpoint(const Checkpoint& checkpoint, Sequential& model,
                                    Optimizer& optimizer);

}  // namespace nn
