#pragma once
// The GPU half of chapter 09, behind an interface that also compiles
// without CUDA (gpu.cpp then reports why there is no GPU part).
#include <string>
#include <vector>

#include "nn/cli.hpp"
#include "nn/data/dataset.hpp"
#include "nn/sequential.hpp"

/// Why the GPU part cannot run here, or "" if it can.
std::string gpu_unavailable_reason();
/// The device: name, compute capability, driver and runtime versions.
std::string gpu_description();

struct LadderRow {
  std::string kernel;
  int size;          // M = N = K
  double gflops;     // 2 size^3 / seconds
  double rel_error;  // against cuBLAS's result
};
/// Times every SGEMM rung and cuBLAS on square products of each size.
std::vector<LadderRow> sgemm_ladder(const std::vector<int>& sizes, int reps);

struct TrainRun {
  std::vector<double> losses;  // every step's loss
  double samples_per_second = 0;
  double test_accuracy = 0;
};
/// Copies `model` (its current weights) to the GPU and trains it there with
/// Adam, the batches of nn::fit for `seed`, for `epochs` epochs or
/// `max_steps` steps (0: no limit); the accuracy is on `test`. With `tf32`
/// the layers multiply on tensor cores (inputs rounded to TF32).
TrainRun train_on_gpu(nn::Sequential& model, const nn::Dataset& train, const nn::Dataset& test,
                      float lr, std::uint64_t seed, int epochs, int max_steps, bool tf32 = false);
/// True where the GPU has TF32 tensor cores (compute capability 8.0+).
bool tf32_available();
