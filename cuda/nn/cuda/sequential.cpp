#include "nn/cuda/sequential.hpp"

#include "nn/cuda/layers/activations.hpp"
#include "nn/cuda/layers/batchnorm.hpp"
#include "nn/cuda/layers/conv2d.hpp"
#include "nn/cuda/layers/dense.hpp"
#include "nn/cuda/layers/pooling.hpp"
#include "nn/cuda/layers/residual.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"

namespace nn::cuda {

// The layers with a GPU version: every layer of chapter 07's ConvNet and of
// chapter 08's three nets. To port another (Dropout, ...):
// write cuda/nn/cuda/layers/<name>.{hpp,cpp} (kernels in kernels/) and add a
// line here; tests/cuda/layers_test.cpp shows how to check it against the CPU.
namespace {

// What the CPU layers can do and their GPU twins cannot yet: refused by
// name, rather than mirrored into a layer that computes something else.
void refuse_what_the_gpu_lacks(nn::Layer& cpu) {
  const auto refuse = [&](const std::string& what) {
    throw Error("cuda::Sequential: " + cpu.name() + " " + what +
                ", which the GPU port does not support yet (cuda/nn/cuda/sequential.cpp)");
  };
  if (!cpu.trainable()) refuse("is frozen (set_trainable(false))");
  if (auto* l = dynamic_cast<nn::Conv2D*>(&cpu); l && !l->has_bias()) refuse("has no bias");
  if (auto* l = dynamic_cast<nn::MaxPool2D*>(&cpu); l && l->padding() != 0) refuse("is padded");
}

}  // namespace

std::unique_ptr<Layer> mirror(nn::Layer& cpu) {
  refuse_what_the_gpu_lacks(cpu);
  if (auto* l = dynamic_cast<nn::Dense*>(&cpu)) return std::make_unique<Dense>(*l);
  if (auto* l = dynamic_cast<nn::Conv2D*>(&cpu)) return std::make_unique<Conv2D>(*l);
  if (auto* l = dynamic_cast<nn::MaxPool2D*>(&cpu))
    return std::make_unique<MaxPool2D>(l->kernel(), l->stride());
  if (auto* l = dynamic_cast<nn::AvgPool2D*>(&cpu))
    return std::make_unique<AvgPool2D>(l->kernel(), l->stride());
  if (dynamic_cast<nn::GlobalAvgPool2D*>(&cpu)) return std::make_unique<GlobalAvgPool2D>();
  if (auto* l = dynamic_cast<nn::BatchNorm2D*>(&cpu)) return std::make_unique<BatchNorm2D>(*l);
  // A block of layers: mirrors its body and shortcut, layer by layer, with this function.
  if (auto* l = dynamic_cast<nn::Residual*>(&cpu)) return std::make_unique<Residual>(*l);
  if (dynamic_cast<nn::ReLU*>(&cpu)) return std::make_unique<ReLU>();
  if (dynamic_cast<nn::Sigmoid*>(&cpu)) return std::make_unique<Sigmoid>();
  if (dynamic_cast<nn::Tanh*>(&cpu)) return std::make_unique<Tanh>();
  if (dynamic_cast<nn::Flatten*>(&cpu)) return std::make_unique<Flatten>();
  return nullptr;
}

Sequential::Sequential(nn::Sequential& cpu) {
  for (int i = 0; i < cpu.size(); ++i) {
    auto layer = mirror(cpu.layer(i));
    if (!layer)
      throw Error("cuda::Sequential: layer " + std::to_string(i) + ", " + cpu.layer(i).name() +
                  ", has no GPU version yet (see cuda/nn/cuda/sequential.cpp)");
    layers_.push_back(std::move(layer));
  }
}

const DeviceTensor& Sequential::forward(const DeviceTensor& x) {
  const DeviceTensor* y = &x;
  for (auto& layer : layers_) y = &layer->forward(*y);
  return *y;
}

const DeviceTensor& Sequential::backward(const DeviceTensor& dy) {
  const DeviceTensor* g = &dy;
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) g = &(*it)->backward(*g);
  return *g;
}

Tensor Sequential::predict(const Tensor& x, int batch_size) {
  set_training(false);  // inference mode, as nn::Sequential::predict
  std::vector<float> out;
  Shape out_shape;
  for (int begin = 0; begin < x.rows(); begin += batch_size) {
    input_.upload(slice_rows(x, begin, std::min(x.rows(), begin + batch_size)));
    const Tensor y = forward(input_).to_host();
    out.insert(out.end(), y.values().begin(), y.values().end());
    out_shape = y.shape();
  }
  set_training(true);
  if (out_shape.empty()) return Tensor();
  out_shape[0] = x.rows();
  return Tensor(out_shape, std::move(out));
}

std::vector<DeviceParameter> Sequential::parameters() {
  std::vector<DeviceParameter> all;
  for (int i = 0; i < size(); ++i)
    for (auto& p : layers_[i]->parameters())
      all.push_back({std::to_string(i) + "." + p.name, p.value, p.grad});
  return all;
}

void Sequential::set_training(bool training) {
  for (auto& layer : layers_) layer->set_training(training);
}

void Sequential::zero_grad() {
  for (auto& p : parameters()) p.grad->zero();
}

void Sequential::copy_to(nn::Sequential& cpu) const {
  if (cpu.size() != size())
    throw ShapeError("cuda::Sequential::copy_to: " + std::to_string(size()) + " layers here, " +
                     std::to_string(cpu.size()) + " in the CPU model");
  for (int i = 0; i < size(); ++i) layers_[i]->copy_to(cpu.layer(i));
}

}  // namespace nn::cuda
