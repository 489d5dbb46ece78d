#include "nn/sequential.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "nn/errors.hpp"
#include "nn/serialize.hpp"

namespace nn {

void Sequential::add(std::string name, std::unique_ptr<Layer> layer) {
  if (name.empty() || std::find(names_.begin(), names_.end(), name) != names_.end())
    throw Error("Sequential: a layer needs a name of its own, got '" + name + "'");
  layers_.push_back(std::move(layer));
  names_.push_back(std::move(name));
}

std::unique_ptr<Layer> Sequential::pop() {
  if (layers_.empty()) throw Error("Sequential::pop: the model has no layers");
  std::unique_ptr<Layer> last = std::move(layers_.back());
  layers_.pop_back();
  names_.pop_back();
  return last;
}

bool Sequential::named(int i, const std::string& name) const {
  const std::string& n = names_.at(i);
  return n == name || (n.starts_with(name) && n[name.size()] == '.');
}

int Sequential::index_of(const std::string& name) const {
  for (int i = size() - 1; i >= 0; --i)
    if (named(i, name)) return i;
  std::string known;
  for (const auto& n : names_) known += (known.empty() ? "" : ", ") + n;
  throw Error("Sequential: no layer named '" + name + "' (layers: " + known + ")");
}

Tensor Sequential::forward(const Tensor& x) { return forward_until(x, size() - 1); }

Tensor Sequential::forward_until(const Tensor& x, int last) {
  if (last < -1 || last >= size())
    throw Error(fmt::format("Sequential: no layer {} in a stack of {}", last, size()));
  Tensor h = x;
  for (int i = 0; i <= last; ++i) h = layers_[i]->forward_in_place(std::move(h));
  return h;
}

namespace {
// Whether backward must compute gradients for some parameter of `layer`.
bool learns(Layer& layer) {
  for (const auto& p : layer.parameters())
    if (p.trainable()) return true;
  return false;
}
}  // namespace

Tensor Sequential::backward(const Tensor& grad_output, bool input_gradient) {
  std::size_t first = 0;  // the last layer (going backward) that runs
  if (!input_gradient) {  // below the lowest layer that learns, nothing needs a gradient
    while (first < layers_.size() && !learns(*layers_[first])) ++first;
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
  return features(x, size() - 1, batch_size);
}

Tensor Sequential::features(const Tensor& x, const std::string& last, int batch_size) {
  return features(x, index_of(last), batch_size);
}

Tensor Sequential::features(const Tensor& x, int last, int batch_size) {
  const bool was_training = layers_.empty() ? false : layers_.front()->training();
  set_training(false);
  Tensor out;
  for (int begin = 0; begin < x.rows(); begin += batch_size) {
    const int end = std::min(begin + batch_size, x.rows());
    Tensor y = forward_until(slice_rows(x, begin, end), last);
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
    for (auto& p : layers_[i]->parameters()) {
      p.name = names_[i] + "." + p.name;
      all.push_back(p);
    }
  return all;
}

std::vector<Buffer> Sequential::buffers() {
  std::vector<Buffer> all;
  for (std::size_t i = 0; i < layers_.size(); ++i)
    for (auto& b : layers_[i]->buffers())
      all.push_back({names_[i] + "." + b.name, b.value, b.int64});
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

void Sequential::set_trainable(bool trainable) {
  for (auto& layer : layers_) layer->set_trainable(trainable);
}

void Sequential::set_trainable(const std::string& name, bool trainable) {
  index_of(name);  // throws if there is no such layer
  for (int i = 0; i < size(); ++i)
    if (named(i, name)) layers_[i]->set_trainable(trainable);
}

void Sequential::freeze_until(int last) {
  if (last < -1 || last >= size())
    throw Error(fmt::format("Sequential: no layer {} in a stack of {}", last, size()));
  for (int i = 0; i < size(); ++i) layers_[i]->set_trainable(i > last);
}

void Sequential::freeze_until(const std::string& last) { freeze_until(index_of(last)); }

std::string Sequential::summary(const Shape& input_shape) {
  std::size_t w = 4;  // the first column: the index, or the name ("layer1.0")
  for (const auto& name : names_) w = std::max(w, name.size() + 2);
  std::string s =
      fmt::format("{:<{}}{:<28}{:<22}{:>12}\n", "#", w, "layer", "output shape", "params");
  s += std::string(62 + w, '-') + "\n";
  Shape shape = input_shape;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    shape = layers_[i]->output_shape(shape);
    s += fmt::format("{:<{}}{:<28}{:<22}{:>12}\n", names_[i], w, layers_[i]->name(),
                     to_string(shape), layers_[i]->parameter_count());
  }
  s += std::string(62 + w, '-') + "\n";
  std::size_t frozen = 0;
  for (const auto& p : parameters())
    if (!p.trainable()) frozen += p.value->size();
  s += fmt::format("total trainable parameters: {}\n", parameter_count() - frozen);
  if (frozen > 0) s += fmt::format("frozen parameters: {}\n", frozen);
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
  if (tensors.size() != targets.size())       // every target was found: the file has more
    for (const auto& entry : tensors) {       // (not a structured binding: clang 14's lambdas
      const std::string& name = entry.first;  // cannot capture one)
      if (std::none_of(targets.begin(), targets.end(), [&](auto& t) { return t.first == name; }))
        throw DataError(source + ": tensor '" + name + "' " + to_string(entry.second.shape()) +
                        " is not in this model (the file holds " + std::to_string(tensors.size()) +
                        " tensors, the model " + std::to_string(targets.size()) +
                        " parameters and buffers)");
    }
  // Only now that everything matches do we overwrite the weights.
  for (auto& [name, value] : targets) *value = std::move(tensors[name]);
}

void Sequential::load(const std::string& path) {
  set_state(load_safetensors(path), "'" + path + "'");
}

}  // namespace nn
