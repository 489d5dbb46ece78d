#include "nn/sequential.hpp"

#include <fmt/format.h>

#include "nn/errors.hpp"
#include "nn/serialize.hpp"

namespace nn {

Tensor Sequential::forward(const Tensor& x) {
  Tensor h = x;
  for (auto& layer : layers_) h = layer->forward_in_place(std::move(h));
  return h;
}

Tensor Sequential::backward(const Tensor& grad_output, bool input_gradient) {
  std::size_t first = 0;  // the last layer (going backward) that runs
  if (!input_gradient) {
    while (first < layers_.size() && layers_[first]->parameters().empty()) ++first;
    if (first == layers_.size()) return {};  // nothing to learn
  }
  Tensor g = grad_output;
  for (std::size_t i = layers_.size(); i-- > first;) {
    layers_[i]->set_input_gradient(input_gradient || i != first);
    g = layers_[i]->backward_in_place(std::move(g));
  }
  return input_gradient ? g : Tensor{};
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

Shape Sequential::output_shape(Shape shape) const {
  for (const auto& layer : layers_) shape = layer->output_shape(shape);
  return shape;
}

std::vector<Parameter> Sequential::parameters() {
  std::vector<Parameter> all;
  for (std::size_t i = 0; i < layers_.size(); ++i)
    for (auto& p : layers_[i]->parameters())
      all.push_back({std::to_string(i) + "." + p.name, p.value, p.grad});
  return all;
}

std::vector<Buffer> Sequential::buffers() {
  std::vector<Buffer> all;
  for (std::size_t i = 0; i < layers_.size(); ++i)
    for (auto& b : layers_[i]->buffers())
      all.push_back({std::to_string(i) + "." + b.name, b.value, b.int64});
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

TensorMap Sequential::state(std::set<std::string>* int64_names) {
  TensorMap tensors;
  for (auto& p : parameters()) tensors[p.name] = *p.value;
  for (auto& b : buffers()) {
    tensors[b.name] = *b.value;
    if (b.int64 && int64_names) int64_names->insert(b.name);
  }
  return tensors;
}

void Sequential::save(const std::string& path) {
  std::set<std::string> int64_names;
  TensorMap tensors = state(&int64_names);
  save_safetensors(path, tensors, {{"format", "pt"}}, int64_names);
}

void Sequential::set_state(TensorMap tensors, const std::string& source) {
  // Parameters and buffers alike: a model's whole state.
  std::vector<std::pair<std::string, Tensor*>> targets;
  for (auto& p : parameters()) targets.push_back({p.name, p.value});
  for (auto& b : buffers()) targets.push_back({b.name, b.value});
  for (auto& [name, value] : targets) {
    auto it = tensors.find(name);
    if (it == tensors.end()) throw DataError(source + ": no tensor '" + name + "' for this model");
    if (it->second.shape() != value->shape())
      throw DataError(source + ": tensor '" + name + "' has shape " +
                      to_string(it->second.shape()) + " but the model expects " +
                      to_string(value->shape()));
  }
  if (tensors.size() != targets.size())
    throw DataError(source + ": holds " + std::to_string(tensors.size()) +
                    " tensors but the model has " + std::to_string(targets.size()) +
                    " parameters and buffers");
  // Only now that everything matches do we overwrite the weights.
  for (auto& [name, value] : targets) *value = std::move(tensors[name]);
}

void Sequential::load(const std::string& path) {
  set_state(load_safetensors(path), "'" + path + "'");
}

}  // namespace nn
