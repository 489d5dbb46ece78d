#pragma once
// Tensor: float32, contiguous, row-major, rank 1 to 4, owning its storage.
// The first dimension is the batch wherever a batch exists: [N, features]
// for dense layers, [N, C, H, W] for images.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

namespace nn {

using Shape = std::vector<int>;

/// "[64, 1, 28, 28]": used in every shape error message.
std::string to_string(const Shape& shape);
/// Product of the dimensions (1 for an empty shape).
std::size_t element_count(const Shape& shape);

class Tensor {
 public:
  Tensor() = default;
  /// A tensor of the given shape, every element set to `fill`.
  explicit Tensor(Shape shape, float fill = 0.0f);
  /// A tensor of the given shape holding `values` (their count must match).
  Tensor(Shape shape, std::vector<float> values);

  const Shape& shape() const { return shape_; }
  int rank() const { return static_cast<int>(shape_.size()); }
  int dim(int i) const;
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }

  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  std::vector<float>& values() { return data_; }
  const std::vector<float>& values() const { return data_; }
  float& operator[](std::size_t i) { return data_[i]; }
  float operator[](std::size_t i) const { return data_[i]; }

  /// Element access for a 2-D tensor [rows, cols].
  float& at(int i, int j) { return data_[static_cast<std::size_t>(i) * shape_[1] + j]; }
  float at(int i, int j) const { return data_[static_cast<std::size_t>(i) * shape_[1] + j]; }

  /// Number of samples (first dimension) and the elements in one sample.
  int rows() const { return shape_.empty() ? 0 : shape_[0]; }
  std::size_t row_size() const { return rows() == 0 ? 0 : size() / rows(); }
  float* row(int i) { return data() + i * row_size(); }
  const float* row(int i) const { return data() + i * row_size(); }

  /// Same elements, another shape with the same element count.
  Tensor reshaped(Shape shape) const;
  void reshape(Shape shape);
  void fill(float value);

 private:
  Shape shape_;
  std::vector<float> data_;
};

/// Rows `begin`..`end`-1 of a tensor (along the first dimension).
Tensor slice_rows(const Tensor& t, int begin, int end);
/// The rows named by `indices`, in that order (a mini-batch).
Tensor gather_rows(const Tensor& t, const std::vector<int>& indices);
/// Index of the largest element of each row of a 2-D tensor.
std::vector<int> argmax_rows(const Tensor& t);
/// Throws ShapeError "<who>: expected <expected>, got <actual>" unless equal.
void check_shape(const std::string& who, const Shape& expected, const Shape& actual);
/// Largest |a - b| over all elements (shapes must match).
float max_abs_diff(const Tensor& a, const Tensor& b);
/// True if every element is finite (no NaN, no Inf).
bool all_finite(const Tensor& t);

}  // namespace nn
