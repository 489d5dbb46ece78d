#pragma once
// The record of a training run: one row per epoch, one column per metric
// (epoch, train_loss, train_accuracy, val_loss, val_accuracy, seconds, or
// any other names), saved as CSV for plots and for spreadsheets or pandas.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace nn {

class History {
 public:
  /// (name, value) pairs of one row, in column order.
  using Row = std::vector<std::pair<std::string, double>>;

  /// Appends a row. A name not seen before adds a column (earlier rows hold
  /// NaN there); a column missing from this row gets NaN.
  void add(const Row& row);
  /// Appends a row whose first column is "epoch".
  void add(int epoch, const Row& metrics);

  /// Column names in the order they first appeared.
  const std::vector<std::string>& columns() const { return names_; }
  bool has(const std::string& name) const;
  /// Number of rows (epochs) recorded.
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  /// Every row's value of one column; throws nn::Error naming the known columns.
  std::vector<double> column(const std::string& name) const;

  /// Writes "name,name,..." then one line per row (NaN as an empty cell),
  /// through a temporary file and a rename, so a crash never leaves half a file.
  void save_csv(const std::string& path) const;
  /// Reads a file written by save_csv; throws nn::DataError naming the file and line.
  static History load_csv(const std::string& path);

 private:
  std::size_t index(const std::string& name) const;  // names_.size() if absent

  std::vector<std::string> names_;
  std::vector<std::vector<double>> rows_;  // rows_[r][c], always names_.size() long
};

}  // namespace nn
