#include "nn/cuda/layers/pooling.hpp"

namespace nn::cuda {

PoolGeometry pool_geometry(const std::string& who, const Shape& s, int kernel, int stride) {
  if (s.size() != 4) throw ShapeError(who + ": expected [N, C, H, W], got " + to_string(s));
  if (kernel < 1 || stride < 1)
    throw Error(who + ": kernel and stride must be >= 1, got kernel " + std::to_string(kernel) +
                ", stride " + std::to_string(stride));
  if (s[2] < kernel || s[3] < kernel)
    throw ShapeError(who + ": a " + std::to_string(kernel) + "x" + std::to_string(kernel) +
                     " window does not fit " + to_string(s));
  return {.planes = s[0] * s[1],
          .height = s[2],
          .width = s[3],
          .kernel = kernel,
          .stride = stride,
          .out_h = (s[2] - kernel) / stride + 1,
          .out_w = (s[3] - kernel) / stride + 1};
}

static std::string sizes(int k, int s) {
  const std::string kk = std::to_string(k) + "x" + std::to_string(k);
  return s == k ? "(" + kk + ")" : "(" + kk + ", stride " + std::to_string(s) + ")";
}

std::string MaxPool2D::name() const { return "MaxPool2D" + sizes(k_, s_); }
std::string AvgPool2D::name() const { return "AvgPool2D" + sizes(k_, s_); }

const DeviceTensor& MaxPool2D::forward(const DeviceTensor& x) {
  const PoolGeometry g = pool_geometry("cuda::" + name(), x.shape(), k_, s_);
  input_shape_ = x.shape();
  output_.resize({x.dim(0), x.dim(1), g.out_h, g.out_w});
  argmax_.resize(output_.size());
  maxpool_forward(x.data(), g, output_.data(), argmax_.data());
  return output_;
}

const DeviceTensor& MaxPool2D::backward(const DeviceTensor& dy) {
  if (input_shape_.empty()) throw Error("cuda::" + name() + ": backward before forward");
  check_device_shape("cuda::" + name() + " backward", output_.shape(), dy.shape());
  const PoolGeometry g = pool_geometry("cuda::" + name(), input_shape_, k_, s_);
  grad_input_.resize(input_shape_);
  maxpool_backward(dy.data(), argmax_.data(), g, grad_input_.data());
  return grad_input_;
}

const DeviceTensor& AvgPool2D::forward(const DeviceTensor& x) {
  const PoolGeometry g = pool_geometry("cuda::" + name(), x.shape(), k_, s_);
  input_shape_ = x.shape();
  output_.resize({x.dim(0), x.dim(1), g.out_h, g.out_w});
  avgpool_forward(x.data(), g, output_.data());
  return output_;
}

const DeviceTensor& AvgPool2D::backward(const DeviceTensor& dy) {
  if (input_shape_.empty()) throw Error("cuda::" + name() + ": backward before forward");
  check_device_shape("cuda::" + name() + " backward", output_.shape(), dy.shape());
  const PoolGeometry g = pool_geometry("cuda::" + name(), input_shape_, k_, s_);
  grad_input_.resize(input_shape_);
  avgpool_backward(dy.data(), g, grad_input_.data());
  return grad_input_;
}

//! [global-avgpool]
const DeviceTensor& GlobalAvgPool2D::forward(const DeviceTensor& x) {
  if (x.shape().size() != 4 || x.dim(2) < 1 || x.dim(3) < 1)
    throw ShapeError("cuda::GlobalAvgPool2D: expected input [N, C, H, W], got " +
                     to_string(x.shape()));
  input_shape_ = x.shape();
  output_.resize({x.dim(0), x.dim(1), 1, 1});
  global_avgpool_forward(x.data(), x.dim(0) * x.dim(1), x.dim(2) * x.dim(3), output_.data());
  return output_;
}

const DeviceTensor& GlobalAvgPool2D::backward(const DeviceTensor& dy) {
  if (input_shape_.empty()) throw Error("cuda::GlobalAvgPool2D: backward before forward");
  check_device_shape("cuda::GlobalAvgPool2D backward", output_.shape(), dy.shape());
  grad_input_.resize(input_shape_);
  global_avgpool_backward(dy.data(), input_shape_[0] * input_shape_[1],
                          input_shape_[2] * input_shape_[3], grad_input_.data());
  return grad_input_;
}
//! [global-avgpool]

}  // namespace nn::cuda
