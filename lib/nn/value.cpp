#include "nn/value.hpp"

#include <cmath>
#include <unordered_set>

namespace nn {

Value::Value(double data, std::string label) : node_(std::make_shared<Node>()) {
  node_->data = data;
  node_->label = std::move(label);
}

Value Value::make(double data, std::string op, std::vector<std::shared_ptr<Node>> parents) {
  auto node = std::make_shared<Node>();
  node->data = data;
  node->op = std::move(op);
  node->parents = std::move(parents);
  return Value(node);
}

// Each operation computes its result and records the local derivative:
// out.grad flows to input x as  x.grad += d(out)/dx * out.grad.
// The closures hold raw pointers to `out` to avoid a reference cycle.

Value operator+(const Value& a, const Value& b) {
  Value out = Value::make(a.data() + b.data(), "+", {a.node_, b.node_});
  auto *o = out.node_.get(), *x = a.node_.get(), *y = b.node_.get();
  o->backward = [o, x, y] {
    x->grad += o->grad;
    y->grad += o->grad;
  };
  return out;
}

//! [mul]
Value operator*(const Value& a, const Value& b) {
  Value out = Value::make(a.data() * b.data(), "*", {a.node_, b.node_});
  auto *o = out.node_.get(), *x = a.node_.get(), *y = b.node_.get();
  o->backward = [o, x, y] {
    x->grad += y->data * o->grad;
    y->grad += x->data * o->grad;
  };
  return out;
}
//! [mul]

Value operator-(const Value& a) { return a * Value(-1.0); }
Value operator-(const Value& a, const Value& b) { return a + (-b); }
Value operator/(const Value& a, const Value& b) { return a * b.pow(-1.0); }

Value Value::pow(double k) const {
  Value out = make(std::pow(data(), k), "pow", {node_});
  auto *o = out.node_.get(), *x = node_.get();
  o->backward = [o, x, k] { x->grad += k * std::pow(x->data, k - 1) * o->grad; };
  return out;
}

Value Value::exp() const {
  Value out = make(std::exp(data()), "exp", {node_});
  auto *o = out.node_.get(), *x = node_.get();
  o->backward = [o, x] { x->grad += o->data * o->grad; };  // (e^x)' = e^x
  return out;
}

Value Value::log() const {
  Value out = make(std::log(data()), "log", {node_});
  auto *o = out.node_.get(), *x = node_.get();
  o->backward = [o, x] { x->grad += o->grad / x->data; };
  return out;
}

//! [tanh]
Value Value::tanh() const {
  Value out = make(std::tanh(data()), "tanh", {node_});
  auto *o = out.node_.get(), *x = node_.get();
  o->backward = [o, x] { x->grad += (1 - o->data * o->data) * o->grad; };
  return out;
}
//! [tanh]

Value Value::sigmoid() const {
  Value out = make(1.0 / (1.0 + std::exp(-data())), "sigmoid", {node_});
  auto *o = out.node_.get(), *x = node_.get();
  o->backward = [o, x] { x->grad += o->data * (1 - o->data) * o->grad; };
  return out;
}

Value Value::relu() const {
  Value out = make(data() > 0 ? data() : 0.0, "relu", {node_});
  auto *o = out.node_.get(), *x = node_.get();
  o->backward = [o, x] { x->grad += (x->data > 0 ? 1.0 : 0.0) * o->grad; };
  return out;
}

//! [backward]
void Value::backward() {
  // Topological order by depth-first search, then apply the closures from the
  // output back: a node's grad is complete once everything after it has run.
  std::vector<Node*> order;
  std::unordered_set<Node*> seen;
  std::function<void(Node*)> visit = [&](Node* n) {
    if (!seen.insert(n).second) return;
    for (auto& p : n->parents) visit(p.get());
    order.push_back(n);
  };
  visit(node_.get());
  for (Node* n : order) n->grad = 0.0;
  node_->grad = 1.0;
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    if ((*it)->backward) (*it)->backward();
}
//! [backward]

}  // namespace nn
