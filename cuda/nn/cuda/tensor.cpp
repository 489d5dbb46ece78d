#include "nn/cuda/tensor.hpp"

#include "nn/errors.hpp"

namespace nn::cuda {

void DeviceTensor::resize(Shape shape) {
  buffer_.resize(element_count(shape));
  shape_ = std::move(shape);
}

void DeviceTensor::reshape(Shape shape) {
  if (element_count(shape) != size())
    throw ShapeError("DeviceTensor::reshape: " + to_string(shape_) + " has " +
                     std::to_string(size()) + " elements, " + to_string(shape) + " has " +
                     std::to_string(element_count(shape)));
  shape_ = std::move(shape);
}

void DeviceTensor::upload(const Tensor& host) {
  buffer_.copy_from_host(host.data(), host.size());
  shape_ = host.shape();
}

Tensor DeviceTensor::to_host() const {
  Tensor host(shape_);
  buffer_.copy_to_host(host.data());
  return host;
}

}  // namespace nn::cuda
