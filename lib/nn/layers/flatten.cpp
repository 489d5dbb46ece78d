#include "nn/layers/flatten.hpp"

#include "nn/errors.hpp"

namespace nn {

Shape Flatten::output_shape(const Shape& s) const {
  if (s.size() < 2)
    throw ShapeError("Flatten: expected input [N, ...] with a batch dimension, got " +
                     to_string(s));
  const Shape sample(s.begin() + 1, s.end());
  return {s[0], static_cast<int>(element_count(sample))};
}

Tensor Flatten::forward(const Tensor& x) {
  input_shape_ = x.shape();
  return x.reshaped(output_shape(x.shape()));  // contiguous: the elements do not move
}

Tensor Flatten::backward(const Tensor& dy) {
  check_shape("Flatten backward", output_shape(input_shape_), dy.shape());
  return dy.reshaped(input_shape_);
}

}  // namespace nn
