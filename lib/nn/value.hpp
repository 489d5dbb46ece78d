#pragma once
// A scalar autograd in the spirit of micrograd, book chapter 03: each Value
// remembers the Values it was computed from and a closure that applies the
// chain rule for its operation. backward() visits the graph from the output
// back to the inputs (in reverse topological order) so that every node's
// gradient is complete before it is passed on.
//
// The library's layers do not use this: they write each backward by hand.
// It is here to make the chain rule visible one multiplication at a time.
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nn {

class Value {
 public:
  Value(double data = 0.0, std::string label = "");

  double data() const { return node_->data; }
  double grad() const { return node_->grad; }
  const std::string& label() const { return node_->label; }
  const std::string& op() const { return node_->op; }
  /// Sets dL/dself = 1 and propagates gradients to every Value it depends on.
  void backward();

  friend Value operator+(const Value& a, const Value& b);
  friend Value operator*(const Value& a, const Value& b);
  friend Value operator-(const Value& a, const Value& b);
  friend Value operator-(const Value& a);
  friend Value operator/(const Value& a, const Value& b);
  Value pow(double exponent) const;
  Value exp() const;
  Value log() const;
  Value tanh() const;
  Value sigmoid() const;
  Value relu() const;

 private:
  struct Node {
    double data = 0.0;
    double grad = 0.0;
    std::string label, op;
    std::vector<std::shared_ptr<Node>> parents;
    std::function<void()> backward;  // adds this node's grad into its parents' grads
  };
  explicit Value(std::shared_ptr<Node> node) : node_(std::move(node)) {}
  static Value make(double data, std::string op, std::vector<std::shared_ptr<Node>> parents);

  std::shared_ptr<Node> node_;
};

}  // namespace nn
