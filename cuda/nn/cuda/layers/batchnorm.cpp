#include "nn/cuda/layers/batchnorm.hpp"

#include "nn/cuda/kernels/batchnorm.hpp"

namespace nn::cuda {

BatchNorm2D::BatchNorm2D(int channels, float eps, float momentum)
    : channels_(channels),
      eps_(eps),
      momentum_(momentum),
      gamma_(Tensor({channels}, 1.0f)),
      beta_(Tensor({channels}, 0.0f)),
      gamma_grad_(Tensor({channels}, 0.0f)),
      beta_grad_(Tensor({channels}, 0.0f)),
      running_mean_(Tensor({channels}, 0.0f)),
      running_var_(Tensor({channels}, 1.0f)),
      mean_(Shape{channels}),
      inv_std_(Shape{channels}) {}

BatchNorm2D::BatchNorm2D(nn::BatchNorm2D& cpu)
    : channels_(cpu.channels()),
      eps_(cpu.eps()),
      momentum_(cpu.momentum()),
      batches_tracked_(cpu.batches_tracked()),
      gamma_(cpu.gamma()),
      beta_(cpu.beta()),
      gamma_grad_(Tensor({cpu.channels()}, 0.0f)),
      beta_grad_(Tensor({cpu.channels()}, 0.0f)),
      running_mean_(cpu.running_mean()),
      running_var_(cpu.running_var()),
      mean_(Shape{cpu.channels()}),
      inv_std_(Shape{cpu.channels()}) {}

static BatchNormShape shape_of(const std::string& who, const Shape& s, int channels) {
  if ((s.size() != 2 && s.size() != 4) || s[1] != channels)
    throw ShapeError(who + ": expected [N, " + std::to_string(channels) + "] or [N, " +
                     std::to_string(channels) + ", H, W], got " + to_string(s));
  return {s[0], s[1], s.size() == 4 ? s[2] * s[3] : 1};
}

const DeviceTensor& BatchNorm2D::forward(const DeviceTensor& x) {
  const BatchNormShape s = shape_of("cuda::" + name(), x.shape(), channels_);
  input_ = &x;
  output_.resize(x.shape());
  if (training_) {
    ++batches_tracked_;
    batchnorm_forward_training(x.data(), s, gamma_.data(), beta_.data(), eps_, momentum_,
                               running_mean_.data(), running_var_.data(), mean_.data(),
                               inv_std_.data(), output_.data());
  } else {
    batchnorm_forward_inference(x.data(), s, gamma_.data(), beta_.data(), running_mean_.data(),
                                running_var_.data(), eps_, output_.data(), scratch_);
  }
  return output_;
}

const DeviceTensor& BatchNorm2D::backward(const DeviceTensor& dy) {
  if (input_ == nullptr) throw Error("cuda::" + name() + ": backward before forward");
  if (!training_) throw Error("cuda::" + name() + ": backward in inference mode");
  check_device_shape("cuda::" + name() + " backward", input_->shape(), dy.shape());
  const BatchNormShape s = shape_of("cuda::" + name(), dy.shape(), channels_);
  grad_input_.resize(dy.shape());
  batchnorm_backward(input_->data(), dy.data(), s, gamma_.data(), mean_.data(), inv_std_.data(),
                     gamma_grad_.data(), beta_grad_.data(), grad_input_.data(), scratch_);
  return grad_input_;
}

std::vector<DeviceParameter> BatchNorm2D::parameters() {
  return {{"weight", &gamma_, &gamma_grad_}, {"bias", &beta_, &beta_grad_}};
}

void BatchNorm2D::copy_to(nn::Layer& cpu) const {
  auto& b = dynamic_cast<nn::BatchNorm2D&>(cpu);
  b.gamma() = gamma_.to_host();
  b.beta() = beta_.to_host();
  b.running_mean() = running_mean_.to_host();
  b.running_var() = running_var_.to_host();
  // num_batches_tracked has no setter: it is reached, as a checkpoint
  // reaches it, through the layer's buffers.
  for (const Buffer& buffer : b.buffers())
    if (buffer.name == "num_batches_tracked")
      (*buffer.value)[0] = static_cast<float>(batches_tracked_);
}

}  // namespace nn::cuda
