#pragma once
// Softmax cross-entropy on the GPU: nn::SoftmaxCrossEntropy's twin.
#include "nn/cuda/tensor.hpp"

namespace nn::cuda {

/// Class labels [N] (floats holding integers, as nn::Dataset stores them),
/// checked on the host to lie in [0, classes), uploaded as ints.
void upload_labels(const Tensor& target, int classes, DeviceBuffer<int>& labels);

class SoftmaxCrossEntropy {
 public:
  /// The MEAN loss over the batch (copied to the host: one small sync).
  float forward(const DeviceTensor& logits, const DeviceBuffer<int>& labels);
  /// dL/dlogits = (softmax - onehot) / N, of the last forward.
  const DeviceTensor& backward();

 private:
  const DeviceBuffer<int>* labels_ = nullptr;
  DeviceTensor probabilities_, row_loss_, grad_;
  DeviceBuffer<float> scratch_;
};

}  // namespace nn::cuda
