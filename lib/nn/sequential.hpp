#pragma once
// Sequential: a stack of layers applied in order, as Keras and
// torch.nn.Sequential build them (book chapter 03). forward runs the layers
// first to last, backward runs them last to first.
//
//   nn::Sequential model;
//   model.add<nn::Dense>(784, 128, rng);
//   model.add<nn::ReLU>();
//   model.add<nn::Dense>(128, 10, rng);
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "nn/layer.hpp"
#include "nn/serialize.hpp"

namespace nn {

class Sequential {
 public:
  /// Constructs a layer in place at the end of the stack and returns it.
  template <class L, class... Args>
  L& add(Args&&... args) {
    auto layer = std::make_unique<L>(std::forward<Args>(args)...);
    L& ref = *layer;
    layers_.push_back(std::move(layer));
    return ref;
  }
  void add(std::unique_ptr<Layer> layer) { layers_.push_back(std::move(layer)); }

  Tensor forward(const Tensor& x);
  Tensor backward(const Tensor& grad_output);
  /// Forward in inference mode, batch by batch (no gradients are needed).
  Tensor predict(const Tensor& x, int batch_size = 256);

  /// Every parameter, named "<index>.<name>" as torch.nn.Sequential's
  /// state_dict names it ("0.weight", "0.bias", "2.weight", ...).
  std::vector<Parameter> parameters();
  std::size_t parameter_count();
  void zero_grad();
  void set_training(bool training);

  /// A table of layers, output shapes and parameter counts, as Keras prints it.
  std::string summary(const Shape& input_shape);

  int size() const { return static_cast<int>(layers_.size()); }
  Layer& layer(int i) { return *layers_.at(i); }

  /// Weights as safetensors (PyTorch state_dict names), written atomically.
  void save(const std::string& path);
  /// Loads weights saved by save(); every name and shape must match this model.
  void load(const std::string& path);
  /// What save() writes, as tensors by name (copies): for checkpoints
  /// (nn/checkpoint.hpp) that add more to the file. `int64_names` is for
  /// counters stored as I64 (none yet).
  TensorMap state(std::set<std::string>* int64_names = nullptr);
  /// Sets the weights from `tensors` (as state() returns them); every name
  /// and shape must match, else DataError naming `source`, and nothing is
  /// changed.
  void set_state(TensorMap tensors, const std::string& source);

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
};

}  // namespace nn
