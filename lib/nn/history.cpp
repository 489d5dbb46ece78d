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
      throw Error("History: column name '" + name +
                  "' must be non-empty, without commas or quotes");
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
    throw Error(
        fmt::format("History has no column '{}' (it has: {})", name, fmt::join(names_, ", ")));
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

namespace {

// One CSV line as cells. An empty line is one empty cell: in a history of
// one column it is a row whose value is NaN (how save_csv writes it).
std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) cells.push_back(cell);
  if (line.empty() || line.back() == ',') cells.push_back("");  // a trailing empty cell
  return cells;
}

// Reads a line, dropping the '\r' of a file saved with Windows line ends.
bool read_line(std::istream& in, std::string& line) {
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

// The header's names, held to the rules add() applies to a new column, and
// unique: two columns of one name could not be told apart.
void check_column_names(const std::vector<std::string>& names, const std::string& path) {
  for (std::size_t c = 0; c < names.size(); ++c) {
    const std::string& name = names[c];
    if (name.empty() || name.find_first_of("\"\r") != std::string::npos)
      throw DataError(
          fmt::format("{} line 1: column {} has the name '{}'; names must be "
                      "non-empty, without quotes",
                      path, c + 1, name));
    if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(c), name) !=
        names.begin() + static_cast<std::ptrdiff_t>(c))
      throw DataError(fmt::format("{} line 1: the column '{}' appears twice", path, name));
  }
}

}  // namespace

History History::load_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError("cannot open history file " + path);
  std::string line;
  if (!read_line(in, line) || line.empty()) throw DataError(path + ": no header line");
  const std::vector<std::string> names = split_cells(line);
  check_column_names(names, path);
  History h;
  h.names_ = names;
  for (int number = 2; read_line(in, line); ++number) {
    const std::vector<std::string> cells = split_cells(line);
    if (cells.size() != names.size())
      throw DataError(fmt::format("{} line {}: {} values for {} columns", path, number,
                                  cells.size(), names.size()));
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
  return h;
}

}  // namespace nn
