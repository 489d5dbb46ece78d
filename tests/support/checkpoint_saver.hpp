#pragma once
// The checkpoint that tests/support/checkpoint_saver.cpp writes over and over
// while tests/lib/checkpoint_kill_test.cpp kills it: number `n` fills every
// weight and every optimiser buffer with n and records step n, so a reader
// can tell a whole checkpoint from a mix of two.
#include "nn/checkpoint.hpp"
#include "nn/layers/dense.hpp"
#include "nn/optim.hpp"

namespace nn::test {

// About 1.5 MB of weights and Adam moments: big enough that a kill often
// lands in the middle of writing one.
struct SaverRun {
  Sequential model;
  std::unique_ptr<Adam> adam;
  SaverRun() {
    Rng rng(1);
    model.add<Dense>(256, 256, rng);
    model.add<Dense>(256, 256, rng);
    adam = std::make_unique<Adam>(model.parameters(), 0.001f);
  }
  void save(const std::string& path, int n) {
    for (auto& p : model.parameters()) p.value->fill(static_cast<float>(n));
    const OptimizerState state = adam->state();
    for (const auto& [name, tensors] : state.buffers)
      for (Tensor& t : *tensors) t.fill(static_cast<float>(n));
    *state.counters[0].second = n;
    TrainingProgress p;
    p.global_step = n;
    p.step = 0;
    p.batch_size = 1;
    p.samples = 1;
    p.loader.rng = Rng(n).state();
    save_checkpoint(path, model, *adam, p);
  }
};

/// The number of a checkpoint written by SaverRun::save, after checking that
/// every tensor and counter in it holds that number; -1 if any does not.
inline int saver_number(const Checkpoint& c) {
  const auto n = static_cast<int>(c.progress.global_step);
  for (const auto* map : {&c.model, &c.optimizer_buffers})
    for (const auto& [name, t] : *map)
      for (float v : t.values())
        if (v != static_cast<float>(n)) return -1;
  if (c.optimizer_counters.at("t") != n || c.progress.loader.rng != Rng(n).state()) return -1;
  return n;
}

}  // namespace nn::test
