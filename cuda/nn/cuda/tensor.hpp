#pragma once
// DeviceTensor: nn::Tensor's twin in GPU memory (book chapter 09). The same
// float32, contiguous, row-major layout and shape, so a copy either way is
// one cudaMemcpy and a kernel indexes it exactly as the CPU code does.
#include "nn/cuda/memory.hpp"
#include "nn/tensor.hpp"

namespace nn::cuda {

class DeviceTensor {
 public:
  DeviceTensor() = default;
  /// Uninitialised elements of the given shape.
  explicit DeviceTensor(Shape shape) { resize(std::move(shape)); }
  /// A copy of a host tensor.
  explicit DeviceTensor(const Tensor& host) { upload(host); }

  const Shape& shape() const { return shape_; }
  int dim(int i) const { return shape_.at(static_cast<std::size_t>(i)); }
  int rows() const { return shape_.empty() ? 0 : shape_[0]; }
  std::size_t size() const { return buffer_.size(); }
  float* data() { return buffer_.data(); }
  const float* data() const { return buffer_.data(); }

  /// Takes this shape, reusing the memory when it is large enough.
  void resize(Shape shape);
  /// Same elements, another shape with the same count (ShapeError if not).
  void reshape(Shape shape);
  /// Host -> device: this tensor becomes a copy of `host` (shape included).
  void upload(const Tensor& host);
  /// Device -> host: a new nn::Tensor with this shape and these values.
  Tensor to_host() const;
  void zero() { buffer_.zero(); }

 private:
  Shape shape_;
  DeviceBuffer<float> buffer_;
};

}  // namespace nn::cuda
