#include "nn/layers/residual.hpp"

#include <fmt/format.h>

#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/batchnorm.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/parallel.hpp"

namespace nn {

Residual::Residual(Sequential body, Sequential shortcut)
    : body_(std::move(body)), shortcut_(std::move(shortcut)) {
  if (body_.size() == 0) throw Error("Residual: the body needs at least one layer");
}

std::string Residual::name() const {
  return fmt::format("Residual({} layers{})", body_.size(),
                     shortcut_.size() > 0 ? " + projection" : "");
}

Shape Residual::output_shape(const Shape& input_shape) const {
  return body_.output_shape(input_shape);
}

namespace {
// y += x, elementwise, shared by the threads for big tensors.
void add_into(Tensor& y, const Tensor& x) {
  for_ranges(static_cast<std::ptrdiff_t>(y.size()), [&](std::ptrdiff_t begin, std::ptrdiff_t end) {
    float* __restrict out = y.data();
    const float* __restrict in = x.data();
    for (std::ptrdiff_t i = begin; i < end; ++i) out[i] += in[i];
  });
}
}  // namespace

//! [residual-forward]
Tensor Residual::forward(const Tensor& x) {
  input_shape_ = x.shape();
  Tensor y = body_.forward(x);
  Tensor projected;  // the identity shortcut is x itself: no copy
  if (has_projection()) projected = shortcut_.forward(x);
  const Tensor& skip = has_projection() ? projected : x;
  if (y.shape() != skip.shape())
    throw ShapeError(
        fmt::format("{}: the body gives {} but the shortcut gives {} (input {}): "
                    "a shape change needs a projection shortcut",
                    name(), to_string(y.shape()), to_string(skip.shape()), to_string(x.shape())));
  add_into(y, skip);
  return y;
}
//! [residual-forward]

//! [residual-backward]
Tensor Residual::backward(const Tensor& dy) {
  Tensor dx = body_.backward(dy);
  Tensor projected;
  if (has_projection()) projected = shortcut_.backward(dy);
  const Tensor& dskip = has_projection() ? projected : dy;
  check_shape(name() + " backward", input_shape_, dx.shape());
  add_into(dx, dskip);  // the paths meet at x
  return dx;
}
//! [residual-backward]

std::vector<Parameter> Residual::parameters() {
  std::vector<Parameter> all;
  for (auto& p : body_.parameters()) {
    p.name = "body." + p.name;
    all.push_back(p);
  }
  for (auto& p : shortcut_.parameters()) {
    p.name = "shortcut." + p.name;
    all.push_back(p);
  }
  return all;
}

std::vector<Buffer> Residual::buffers() {
  std::vector<Buffer> all;
  for (auto& b : body_.buffers()) all.push_back({"body." + b.name, b.value, b.int64});
  for (auto& b : shortcut_.buffers()) all.push_back({"shortcut." + b.name, b.value, b.int64});
  return all;
}

void Residual::set_training(bool training) {
  Layer::set_training(training);
  body_.set_training(training);
  shortcut_.set_training(training);
}

void Residual::set_trainable(bool trainable) {
  Layer::set_trainable(trainable);
  body_.set_trainable(trainable);
  shortcut_.set_trainable(trainable);
}

//! [basic-block]
std::unique_ptr<Residual> basic_block(int in, int out, int stride, Rng& rng) {
  Sequential body;
  body.add<Conv2D>(in, out, 3, rng, stride, /*padding=*/1);
  body.add<BatchNorm2D>(out);
  body.add<ReLU>();
  body.add<Conv2D>(out, out, 3, rng, 1, 1);
  body.add<BatchNorm2D>(out);
  Sequential shortcut;
  if (in != out || stride != 1) {  // projection: match the body's channels and size
    shortcut.add<Conv2D>(in, out, 1, rng, stride, 0);
    shortcut.add<BatchNorm2D>(out);
  }
  return std::make_unique<Residual>(std::move(body), std::move(shortcut));
}
//! [basic-block]

}  // namespace nn
