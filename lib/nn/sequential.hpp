#pragma once
// Sequential: a stack of layers applied in order, as Keras and
// torch.nn.Sequential build them (book chapter 03). forward runs the layers
// first to last, backward runs them last to first.
//
//   nn::Sequential model;
//   model.add<nn::Dense>(784, 128, rng);
//   model.add<nn::ReLU>();
//   model.add<nn::Dense>(128, 10, rng);
//
// Children are named by their index ("0", "1", ...), or by a name given to
// add_named, as torch.nn.Sequential(OrderedDict(...)) names them: the names
// prefix the state_dict names ("0.weight", "fc.bias"). A dotted name is a
// path, as a nested torch module's: "layer2.0" and "layer2.1" are the group
// "layer2", whose output is the output of its last member (book chapter 10
// builds torchvision's ResNet-18 that way, nn/models/resnet18.hpp).
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
    return add_named<L>(std::to_string(layers_.size()), std::forward<Args>(args)...);
  }
  void add(std::unique_ptr<Layer> layer) { add(std::to_string(layers_.size()), std::move(layer)); }
  /// The same, named: "conv1", "layer1.0". Names must be unique and not empty.
  template <class L, class... Args>
  L& add_named(std::string name, Args&&... args) {
    auto layer = std::make_unique<L>(std::forward<Args>(args)...);
    L& ref = *layer;
    add(std::move(name), std::move(layer));
    return ref;
  }
  void add(std::string name, std::unique_ptr<Layer> layer);
  /// Removes the last layer and returns it, as Keras's `model.pop()`: how a
  /// pretrained net loses its classifier before a new one is added (book
  /// chapter 10). Throws Error if the stack is empty.
  std::unique_ptr<Layer> pop();

  Tensor forward(const Tensor& x);
  /// Runs layers 0 .. last only (in the current mode) and returns the
  /// activations after layer `last` (-1: x itself).
  Tensor forward_until(const Tensor& x, int last);
  /// Backpropagates dL/d(output) through every layer, last to first, and
  /// returns dL/d(input). With `input_gradient` false (training, where
  /// nothing uses dL/d(input)), the pass stops at the first layer that has
  /// parameters, which computes only its parameter gradients, and the
  /// result is an empty Tensor.
  Tensor backward(const Tensor& grad_output, bool input_gradient = true);
  /// Forward in inference mode, batch by batch (no gradients are needed).
  Tensor predict(const Tensor& x, int batch_size = 256);
  /// The activations after layer `last` (its index, or its name: "layer3"),
  /// as predict computes them: inference mode, batch by batch. What a frozen
  /// net hands a new classifier as features (book chapter 10).
  Tensor features(const Tensor& x, int last, int batch_size = 256);
  Tensor features(const Tensor& x, const std::string& last, int batch_size = 256);

  /// Every parameter, named "<index>.<name>" as torch.nn.Sequential's
  /// state_dict names it ("0.weight", "0.bias", "2.weight", ...).
  std::vector<Parameter> parameters();
  /// Every buffer (batch norm's running statistics), named the same way
  /// ("1.running_mean", ...), as they appear in torch's state_dict.
  std::vector<Buffer> buffers();
  std::size_t parameter_count();
  void zero_grad();
  void set_training(bool training);

  /// Freezes (false) or unfreezes (true) every layer: Keras's
  /// `conv_base.trainable = False` (see Layer::set_trainable).
  void set_trainable(bool trainable);
  /// The same for one child, or every child of a group ("layer4").
  void set_trainable(const std::string& name, bool trainable);
  /// Freezes layers 0 .. last and unfreezes the layers after it: fine-tuning
  /// only the top of a pretrained net.
  void freeze_until(int last);
  void freeze_until(const std::string& last);

  /// A table of layers, output shapes and parameter counts, as Keras prints it.
  std::string summary(const Shape& input_shape);

  int size() const { return static_cast<int>(layers_.size()); }
  const std::string& layer_name(int i) const { return names_.at(i); }
  /// The index of the child named `name` or, for a group ("layer2"), of its
  /// last member. Throws Error listing the names if there is none.
  int index_of(const std::string& name) const;
  Layer& layer(int i) { return *layers_.at(i); }
  const Layer& layer(int i) const { return *layers_.at(i); }
  /// The shape the stack makes of an input shape.
  Shape output_shape(Shape input_shape) const;

  /// Parameters and buffers as safetensors (PyTorch state_dict names),
  /// written atomically.
  void save(const std::string& path);
  /// Loads what save() wrote; every name and shape must match this model.
  void load(const std::string& path);
  /// What save() writes, as tensors by name (copies), and the names of the
  /// I64 counters among them: for checkpoints that add more to the file.
  TensorMap state(std::set<std::string>* int64_names = nullptr);
  /// Sets parameters and buffers from `tensors` (as state() returns them);
  /// every name and shape must match, else DataError naming `source`, and
  /// nothing is changed.
  void set_state(TensorMap tensors, const std::string& source);

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<std::string> names_;  // one per layer
  /// Whether child i is `name` or a member of the group `name`.
  bool named(int i, const std::string& name) const;
};

}  // namespace nn
