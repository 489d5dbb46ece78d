#include "nn/cuda/loss.hpp"

#include "nn/cuda/kernels/reduce.hpp"
#include "nn/cuda/kernels/softmax.hpp"
#include "nn/loss.hpp"

namespace nn::cuda {

void upload_labels(const Tensor& target, int classes, DeviceBuffer<int>& labels) {
  const std::vector<int> host = class_labels("cuda::SoftmaxCrossEntropy", target, classes);
  labels.copy_from_host(host.data(), host.size());
}

float SoftmaxCrossEntropy::forward(const DeviceTensor& z, const DeviceBuffer<int>& labels) {
  if (z.shape().size() != 2)
    throw ShapeError("cuda::SoftmaxCrossEntropy: expected logits [N, C], got " +
                     to_string(z.shape()));
  if (labels.size() != static_cast<std::size_t>(z.rows()))
    throw ShapeError("cuda::SoftmaxCrossEntropy: " + std::to_string(z.rows()) + " rows of logits " +
                     to_string(z.shape()) + " but " + std::to_string(labels.size()) + " labels");
  labels_ = &labels;
  probabilities_.resize(z.shape());
  row_loss_.resize({z.rows()});
  softmax_cross_entropy_forward(z.data(), labels.data(), z.rows(), z.dim(1), probabilities_.data(),
                                row_loss_.data());
  return sum(row_loss_.data(), row_loss_.size(), scratch_) / static_cast<float>(z.rows());
}

const DeviceTensor& SoftmaxCrossEntropy::backward() {
  if (labels_ == nullptr) throw Error("cuda::SoftmaxCrossEntropy: backward before forward");
  grad_.resize(probabilities_.shape());
  softmax_cross_entropy_backward(probabilities_.data(), labels_->data(), probabilities_.dim(0),
                                 probabilities_.dim(1), grad_.data());
  return grad_;
}

}  // namespace nn::cuda
