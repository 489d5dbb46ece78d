#include "nn/tensor.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "nn/errors.hpp"

namespace nn {

std::string to_string(const Shape& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::size_t element_count(const Shape& shape) {
  std::size_t n = 1;
  for (int d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

static void validate(const Shape& shape) {
  if (shape.empty() || shape.size() > 4)
    throw ShapeError("Tensor: rank must be 1 to 4, got shape " + to_string(shape));
  for (int d : shape)
    if (d < 0) throw ShapeError("Tensor: negative dimension in shape " + to_string(shape));
}

Tensor::Tensor(Shape shape, float fill) : shape_(std::move(shape)) {
  validate(shape_);
  data_.assign(element_count(shape_), fill);
}

Tensor::Tensor(Shape shape, std::vector<float> values)
    : shape_(std::move(shape)), data_(std::move(values)) {
  validate(shape_);
  if (data_.size() != element_count(shape_))
    throw ShapeError("Tensor: shape " + to_string(shape_) + " needs " +
                     std::to_string(element_count(shape_)) + " values, got " +
                     std::to_string(data_.size()));
}

int Tensor::dim(int i) const {
  if (i < 0 || i >= rank())
    throw ShapeError("Tensor::dim(" + std::to_string(i) + ") on shape " + to_string(shape_));
  return shape_[i];
}

Tensor Tensor::reshaped(Shape shape) const {
  Tensor t = *this;
  t.reshape(std::move(shape));
  return t;
}

void Tensor::reshape(Shape shape) {
  validate(shape);
  if (element_count(shape) != size())
    throw ShapeError("Tensor::reshape: cannot view " + to_string(shape_) + " as " +
                     to_string(shape));
  shape_ = std::move(shape);
}

void Tensor::fill(float value) { std::fill(data_.begin(), data_.end(), value); }

Tensor slice_rows(const Tensor& t, int begin, int end) {
  if (begin < 0 || end > t.rows() || begin > end)
    throw ShapeError("slice_rows: rows " + std::to_string(begin) + ".." + std::to_string(end) +
                     " out of range for shape " + to_string(t.shape()));
  Shape shape = t.shape();
  shape[0] = end - begin;
  Tensor out(shape);
  std::memcpy(out.data(), t.row(begin), sizeof(float) * out.size());
  return out;
}

Tensor gather_rows(const Tensor& t, const std::vector<int>& indices) {
  Shape shape = t.shape();
  shape[0] = static_cast<int>(indices.size());
  Tensor out(shape);
  const std::size_t n = t.row_size();
  for (std::size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] < 0 || indices[i] >= t.rows())
      throw ShapeError("gather_rows: index " + std::to_string(indices[i]) +
                       " out of range for shape " + to_string(t.shape()));
    std::memcpy(out.data() + i * n, t.row(indices[i]), sizeof(float) * n);
  }
  return out;
}

std::vector<int> argmax_rows(const Tensor& t) {
  if (t.rank() != 2)
    throw ShapeError("argmax_rows: expected a 2-D tensor, got " + to_string(t.shape()));
  std::vector<int> out(t.rows());
  const int cols = t.dim(1);
  for (int i = 0; i < t.rows(); ++i) {
    const float* r = t.row(i);
    out[i] = static_cast<int>(std::max_element(r, r + cols) - r);
  }
  return out;
}

void check_shape(const std::string& who, const Shape& expected, const Shape& actual) {
  if (expected != actual)
    throw ShapeError(who + ": expected shape " + to_string(expected) + ", got " +
                     to_string(actual));
}

float max_abs_diff(const Tensor& a, const Tensor& b) {
  check_shape("max_abs_diff", a.shape(), b.shape());
  float m = 0.0f;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

bool all_finite(const Tensor& t) {
  for (float v : t.values())
    if (!std::isfinite(v)) return false;
  return true;
}

}  // namespace nn
