#pragma once
// Training on the GPU (book chapter 09): weights, activations, gradients and
// optimiser state stay on the device; each step copies in one batch (images
// and labels) and copies out one number (the loss).
#include <cstdint>
#include <vector>

#include "nn/cuda/loss.hpp"
#include "nn/cuda/optim.hpp"
#include "nn/cuda/sequential.hpp"
#include "nn/data/dataset.hpp"

namespace nn::cuda {

/// A batch on the device, reused from step to step.
struct DeviceBatch {
  DeviceTensor x;
  DeviceBuffer<int> labels;
  /// Host -> device: the images and the (checked) class labels.
  void upload(const Batch& batch, int classes);
};

/// zero_grad, forward, loss, backward, optimiser step; returns the loss.
float train_step(Sequential& model, SoftmaxCrossEntropy& loss, Optimizer& optimizer,
                 const DeviceBatch& batch);

struct GpuFitOptions {
  int epochs = 1;
  int batch_size = 64;
  std::uint64_t seed = 0;  // shuffling order, as nn::FitOptions::seed
  int classes = 10;
  int max_steps = 0;  // stop after this many steps (0: no limit)
  bool quiet = false;
};

struct GpuFitResult {
  std::vector<double> step_losses;
  int samples = 0;
  double seconds = 0;  // the training loop only, GPU work finished
};

/// Trains on `train` with the same batches in the same order as nn::fit
/// with the same seed (a DataLoader seeded Rng(seed)).
GpuFitResult fit(Sequential& model, const Dataset& train, SoftmaxCrossEntropy& loss,
                 Optimizer& optimizer, const GpuFitOptions& options);

/// Fraction of `data` classified correctly (argmax of the logits).
double accuracy(Sequential& model, const Dataset& data, int batch_size = 256);

}  // namespace nn::cuda
