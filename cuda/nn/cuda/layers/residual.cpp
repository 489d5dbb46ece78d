#include "nn/cuda/layers/residual.hpp"

#include "nn/cuda/kernels/elementwise.hpp"

namespace nn::cuda {

Residual::Residual(nn::Residual& cpu)
    : name_(cpu.name()), body_(cpu.body()), shortcut_(cpu.shortcut()) {}

//! [residual-forward]
const DeviceTensor& Residual::forward(const DeviceTensor& x) {
  input_shape_ = x.shape();
  const DeviceTensor& y = body_.forward(x);
  // An empty Sequential returns its input: the identity shortcut costs nothing.
  const DeviceTensor& skip = shortcut_.forward(x);
  if (y.shape() != skip.shape())
    throw ShapeError("cuda::" + name_ + ": the body gives " + to_string(y.shape()) +
                     " but the shortcut gives " + to_string(skip.shape()) + " (input " +
                     to_string(x.shape()) + "): a shape change needs a projection shortcut");
  output_.resize(y.shape());
  add(y.data(), skip.data(), output_.data(), output_.size());
  return output_;
}
//! [residual-forward]

//! [residual-backward]
const DeviceTensor& Residual::backward(const DeviceTensor& dy) {
  if (input_shape_.empty()) throw Error("cuda::" + name_ + ": backward before forward");
  const std::string who = "cuda::" + name_ + " backward";
  check_device_shape(who, output_.shape(), dy.shape());
  // The sum sends dy down both paths unchanged; their input gradients add up
  // where the paths meet at x. (Identity shortcut: its "backward" is dy itself.)
  const DeviceTensor& dx_body = body_.backward(dy);
  const DeviceTensor& dx_skip = shortcut_.backward(dy);
  check_device_shape(who, input_shape_, dx_body.shape());
  check_device_shape(who, input_shape_, dx_skip.shape());
  grad_input_.resize(input_shape_);
  add(dx_body.data(), dx_skip.data(), grad_input_.data(), grad_input_.size());
  return grad_input_;
}
//! [residual-backward]

std::vector<DeviceParameter> Residual::parameters() {
  std::vector<DeviceParameter> all;
  for (auto& p : body_.parameters()) all.push_back({"body." + p.name, p.value, p.grad});
  for (auto& p : shortcut_.parameters()) all.push_back({"shortcut." + p.name, p.value, p.grad});
  return all;
}

void Residual::copy_to(nn::Layer& cpu) const {
  auto& r = dynamic_cast<nn::Residual&>(cpu);
  body_.copy_to(r.body());
  shortcut_.copy_to(r.shortcut());
}

void Residual::set_training(bool training) {
  Layer::set_training(training);
  body_.set_training(training);
  shortcut_.set_training(training);
}

}  // namespace nn::cuda
