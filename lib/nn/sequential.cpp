#include "nn/sequential.hpp"

#include <fmt/format.h>

#include "nn/errors.hpp"
#include "nn/serialize.hpp"

namespace nn {

Tensor Sequential::forward(const Tensor& x) {
  Tensor h = x;
  for (auto& layer : layers_) h = layer->forward(h);
  return h;
}

Tensor Sequential::backward(const Tensor& grad_output) {
  Tensor g = grad_output;
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) g = (*it)->backward(g);
  return g;
}

Tensor Sequential::predict(const Tensor& x, int batch_size) {
  const bool was_training = layers_.empty() ? false : layers_.front()->training();
  set_training(false);
  Tensor out;
  for (int begin = 0; begin < x.rows(); begin += batch_size) {
    const int end = std::min(begin + batch_size, x.rows());
    Tensor y = forward(slice_rows(x, begin, end));
    if (out.empty()) {
      Shape shape = y.shape();
      shape[0] = x.rows();
      out = Tensor(shape);
    }
    std::copy(y.values().begin(), y.values().end(), out.row(begin));
  }
  set_training(was_training);
  return out;
}

std::vector<Parameter> Sequential::parameters() {
  std::vector<Parameter> all;
  for (std::size_t i = 0; i < layers_.size(); ++i)
    for (auto& p : layers_[i]->parameters())
      all.push_back({std::to_string(i) + "." + p.name, p.value, p.grad});
  return all;
}

std::size_t Sequential::parameter_count() {
  std::size_t n = 0;
  for (auto& layer : layers_) n += layer->parameter_count();
  return n;
}

void Sequential::zero_grad() {
  for (auto& layer : layers_) layer->zero_grad();
}

void Sequential::set_training(bool training) {
  for (auto& layer : layers_) layer->set_training(training);
}

std::string Sequential::summary(const Shape& input_shape) {
  std::string s = fmt::format("{:<4}{:<28}{:<22}{:>12}\n", "#", "layer", "output shape", "params");
  s += std::string(66, '-') + "\n";
  Shape shape = input_shape;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    shape = layers_[i]->output_shape(shape);
    s += fmt::format("{:<4}{:<28}{:<22}{:>12}\n", i, layers_[i]->name(), to_string(shape),
                     layers_[i]->parameter_count());
  }
  s += std::string(66, '-') + "\n";
  s += fmt::format("total trainable parameters: {}\n", parameter_count());
  return s;
}

}  // namespace nn

namespace nn {

TensorMap Sequential::state(std::set<std::string>* /*int64_names*/) {
  TensorMap tensors;
  for (auto& p : parameters()) tensors[p.name] = *p.value;
  return tensors;
}

void Sequential::save(const std::string& path) {
  save_safetensors(path, state(), {{"format", "pt"}});
}

void Sequential::set_state(TensorMap tensors, const std::string& source) {
  auto params = parameters();
  for (auto& p : params) {
    auto it = tensors.find(p.name);
    if (it == tensors.end()) throw DataError(source + ": no tensor '" + p.name + "' for this model");
    if (it->second.shape() != p.value->shape())
      throw DataError(source + ": tensor '" + p.name + "' has shape " +
                      to_string(it->second.shape()) + " but the model expects " +
                      to_string(p.value->shape()));
  }
  if (tensors.size() != params.size())
    throw DataError(source + ": holds " + std::to_string(tensors.size()) +
                    " tensors but the model has " + std::to_string(params.size()) + " parameters");
  // Only now that everything matches do we overwrite the weights.
  for (auto& p : params) *p.value = std::move(tensors[p.name]);
}

void Sequential::load(const std::string& path) { set_state(load_safetensors(path), "'" + path + "'"); }

}  // namespace nn
