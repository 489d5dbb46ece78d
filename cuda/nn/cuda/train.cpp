#include "nn/cuda/train.hpp"

#include <fmt/format.h>

#include <cmath>

#include "nn/stopwatch.hpp"

namespace nn::cuda {

void DeviceBatch::upload(const Batch& batch, int classes) {
  x.upload(batch.x);
  upload_labels(batch.y, classes, labels);
}

//! [train-step]
float train_step(Sequential& model, SoftmaxCrossEntropy& loss, Optimizer& optimizer,
                 const DeviceBatch& batch) {
  optimizer.zero_grad();
  const float value = loss.forward(model.forward(batch.x), batch.labels);
  model.backward(loss.backward());
  optimizer.step();
  return value;
}
//! [train-step]

GpuFitResult fit(Sequential& model, const Dataset& train, SoftmaxCrossEntropy& loss,
                 Optimizer& optimizer, const GpuFitOptions& o) {
  DataLoader loader(train, o.batch_size, /*shuffle=*/true, Rng(o.seed));
  DeviceBatch device_batch;
  Batch batch;
  GpuFitResult result;
  Stopwatch clock;
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    loader.start_epoch();
    double epoch_loss = 0;
    int steps = 0;
    while (loader.next(batch)) {
      device_batch.upload(batch, o.classes);
      const float value = train_step(model, loss, optimizer, device_batch);
      if (!std::isfinite(value))
        throw NumericalError(fmt::format("cuda::fit: the loss is {} at step {}", value,
                                         result.step_losses.size() + 1));
      result.step_losses.push_back(value);
      result.samples += batch.x.rows();
      epoch_loss += value;
      ++steps;
      if (o.max_steps > 0 && static_cast<int>(result.step_losses.size()) >= o.max_steps) break;
    }
    if (!o.quiet)
      fmt::print("  epoch {}: mean loss {:.4f}, {:.0f} samples/s\n", epoch,
                 epoch_loss / std::max(steps, 1), result.samples / clock.seconds());
    if (o.max_steps > 0 && static_cast<int>(result.step_losses.size()) >= o.max_steps) break;
  }
  NN_CUDA_CHECK(cudaDeviceSynchronize());
  result.seconds = clock.seconds();
  return result;
}

double accuracy(Sequential& model, const Dataset& data, int batch_size) {
  if (data.size() == 0) return 0;
  const std::vector<int> predicted = argmax_rows(model.predict(data.x, batch_size));
  int correct = 0;
  for (int i = 0; i < data.size(); ++i) correct += predicted[i] == static_cast<int>(data.y[i]);
  return static_cast<double>(correct) / data.size();
}

}  // namespace nn::cuda
