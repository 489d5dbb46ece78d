#include "nn/history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "nn/errors.hpp"
#include "nn/summary.hpp"

namespace nn {

std::size_t History::index(const std::string& name) const {
  return static_cast<std::size_t>(std::find(names_.begin(), names_.end(), name) - names_.begin());
}

bool History::has(const std::string& name) const { return index(name) < names_.size(); }

void History::add(const Row& row) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values(names_.size(), nan);
  for (const auto& [name, value] : row) {
    if (name.empty() || name.find_first_of(",\"\n\r") != std::string::npos)
      throw Error("History: column name '" + name + "' must be non-empty, without commas or quotes");
    const std::size_t c = index(name);
    if (c == names_.size()) {  // a new column: earlier rows did not have it
      names_.push_back(name);
      for (auto& r : rows_) r.push_back(nan);
      values.push_back(nan);
    }
    values[c] = value;
  }
  rows_.push_back(std::move(values));
}

void History::add(int epoch, const Row& metrics) {
  Row row{{"epoch", epoch}};
  row.insert(row.end(), metrics.begin(), metrics.end());
  add(row);
}

std::vector<double> History::column(const std::string& name) const {
  const std::size_t c = index(name);
  if (c == names_.size())
    throw Error(fmt::format("History has no column '{}' (it has: {})", name, fmt::join(names_, ", ")));
  std::vector<double> out;
  for (const auto& r : rows_) out.push_back(r[c]);
  return out;
}

void History::save_csv(const std::string& path) const {
  std::string text = fmt::format("{}\n", fmt::join(names_, ","));
  for (const auto& r : rows_) {
    for (std::size_t c = 0; c < r.size(); ++c) {
      if (c) text += ',';
      if (!std::isnan(r[c])) text += fmt::format("{}", r[c]);  // shortest exact form
    }
    text += '\n';
  }
  write_file_atomically(path, text);
}

History History::load_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError("cannot open history file " + path);
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.push_back("");  // a trailing empty cell
    return cells;
  };
  std::string line;
  if (!std::getline(in, line) || line.empty()) throw DataError(path + ": no header line");
  const std::vector<std::string> names = split(line);
  History h;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const std::vector<std::string> cells = split(line);
    if (cells.size() != names.size())
      throw DataError(fmt::format("{} line {}: {} values for {} columns", path, number, cells.size(),
                                  names.size()));
    Row row;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (!cells[c].empty()) {
        std::size_t used = 0;
        try {
          v = std::stod(cells[c], &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != cells[c].size())
          throw DataError(fmt::format("{} line {}: '{}' is not a number", path, number, cells[c]));
      }
      row.push_back({names[c], v});
    }
    h.add(row);
  }
  if (h.names_.empty()) h.names_ = names;  // a header with no rows yet
  return h;
}

}  // namespace nn
