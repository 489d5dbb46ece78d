#include "nn/cuda/layers/activations.hpp"

#include "nn/cuda/kernels/elementwise.hpp"

namespace nn::cuda {

void check_device_shape(const std::string& who, const Shape& expected, const Shape& actual) {
  if (expected != actual)
    throw ShapeError(who + ": expected " + to_string(expected) + ", got " + to_string(actual));
}

const DeviceTensor& ReLU::forward(const DeviceTensor& x) {
  input_ = &x;
  output_.resize(x.shape());
  relu_forward(x.data(), output_.data(), x.size());
  return output_;
}

const DeviceTensor& ReLU::backward(const DeviceTensor& dy) {
  if (input_ == nullptr) throw Error("cuda::ReLU: backward before forward");
  check_device_shape("cuda::ReLU backward", input_->shape(), dy.shape());
  grad_input_.resize(dy.shape());
  relu_backward(input_->data(), dy.data(), grad_input_.data(), dy.size());
  return grad_input_;
}

const DeviceTensor& Sigmoid::forward(const DeviceTensor& x) {
  output_.resize(x.shape());
  sigmoid_forward(x.data(), output_.data(), x.size());
  return output_;
}

const DeviceTensor& Sigmoid::backward(const DeviceTensor& dy) {
  check_device_shape("cuda::Sigmoid backward", output_.shape(), dy.shape());
  grad_input_.resize(dy.shape());
  sigmoid_backward(output_.data(), dy.data(), grad_input_.data(), dy.size());
  return grad_input_;
}

const DeviceTensor& Tanh::forward(const DeviceTensor& x) {
  output_.resize(x.shape());
  tanh_forward(x.data(), output_.data(), x.size());
  return output_;
}

const DeviceTensor& Tanh::backward(const DeviceTensor& dy) {
  check_device_shape("cuda::Tanh backward", output_.shape(), dy.shape());
  grad_input_.resize(dy.shape());
  tanh_backward(output_.data(), dy.data(), grad_input_.data(), dy.size());
  return grad_input_;
}

// A copy rather than a view: DeviceTensor owns its memory. The copy is
// device-to-device (hundreds of GB/s), a few microseconds per batch.
const DeviceTensor& Flatten::forward(const DeviceTensor& x) {
  if (x.shape().size() < 2)
    throw ShapeError("cuda::Flatten: expected [N, ...], got " + to_string(x.shape()));
  input_shape_ = x.shape();
  output_.resize({x.rows(), static_cast<int>(x.size() / x.rows())});
  NN_CUDA_CHECK(
      cudaMemcpy(output_.data(), x.data(), x.size() * sizeof(float), cudaMemcpyDeviceToDevice));
  return output_;
}

const DeviceTensor& Flatten::backward(const DeviceTensor& dy) {
  check_device_shape("cuda::Flatten backward", output_.shape(), dy.shape());
  grad_input_.resize(input_shape_);
  NN_CUDA_CHECK(cudaMemcpy(grad_input_.data(), dy.data(), dy.size() * sizeof(float),
                           cudaMemcpyDeviceToDevice));
  return grad_input_;
}

}  // namespace nn::cuda
