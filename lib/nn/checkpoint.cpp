#include "nn/checkpoint.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "nn/errors.hpp"
#include "nn/random.hpp"

namespace nn {

using nlohmann::json;

namespace {

constexpr int kVersion = 1;
constexpr const char* kKey = "nn.checkpoint";  // the metadata key of the JSON text

// ---------------------------------------------------------------- writing

// JSON has no NaN: it is written as null (and read back as NaN).
json number_or_null(double x) { return std::isnan(x) ? json(nullptr) : json(x); }

// NaN is a column an epoch did not have, or accuracy in a regression.
json history_to_json(const History& h) {
  json rows = json::array();
  for (std::size_t r = 0; r < h.size(); ++r) rows.push_back(json::array());
  for (const auto& name : h.columns()) {
    const std::vector<double> column = h.column(name);
    for (std::size_t r = 0; r < column.size(); ++r) rows[r].push_back(number_or_null(column[r]));
  }
  return {{"columns", h.columns()}, {"rows", rows}};
}

json progress_to_json(const TrainingProgress& p) {
  return {{"version", kVersion},
          {"epoch", p.epoch},
          {"step", p.step},
          {"global_step", p.global_step},
          {"batch_size", p.batch_size},
          {"samples", p.samples},
          {"loader_cursor", p.loader.cursor},
          {"loader_rng", p.loader.rng},
          {"loader_augment_rng", p.loader.augment_rng},
          {"epoch_totals",
           {{"loss_sum", p.loss_sum},
            {"correct", number_or_null(p.correct)},  // NaN in regression: no accuracy
            {"seen", p.seen},
            {"seconds", p.seconds}}},
          {"history", history_to_json(p.history)}};
}

}  // namespace

void save_checkpoint(const std::string& path, Sequential& model, Optimizer& optimizer,
                     const TrainingProgress& progress) {
  TensorMap tensors;
  for (auto& [name, t] : model.state()) tensors["model." + name] = std::move(t);

  const OptimizerState state = optimizer.state();
  json counters = json::object();
  for (const auto& [name, value] : state.counters) counters[name] = *value;
  const auto& params = optimizer.parameters();
  for (const auto& [buffer, per_parameter] : state.buffers)
    for (std::size_t k = 0; k < params.size(); ++k)
      tensors["optimizer." + params[k].name + "." + buffer] = (*per_parameter)[k];

  json layer_rngs = json::object();
  for (int i = 0; i < model.size(); ++i)
    if (Rng* rng = model.layer(i).rng()) layer_rngs[std::to_string(i)] = rng->state();

  json meta = progress_to_json(progress);
  meta["optimizer"] = {
      {"kind", state.kind}, {"learning_rate", optimizer.learning_rate}, {"counters", counters}};
  meta["layer_rngs"] = layer_rngs;
  save_safetensors(path, tensors, {{"format", "pt"}, {kKey, meta.dump()}});
}

// ---------------------------------------------------------------- reading

namespace {

// Reads fields of the checkpoint's JSON, each checked for type and range;
// anything wrong throws DataError naming the file and the field.
struct Fields {
  const std::string& path;

  [[noreturn]] void bad(const std::string& what) const {
    throw DataError("checkpoint '" + path + "': " + what);
  }
  const json& at(const json& j, const std::string& key) const {
    if (!j.is_object() || !j.contains(key)) bad("missing \"" + key + "\"");
    return j[key];
  }
  std::int64_t integer(const json& j, const std::string& key, std::int64_t lo,
                       std::int64_t hi = std::numeric_limits<int>::max()) const {
    const json& v = at(j, key);
    if (!v.is_number_integer()) bad("\"" + key + "\" is not an integer: " + v.dump());
    const std::int64_t n = v.get<std::int64_t>();
    if (n < lo || n > hi || (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX))
      bad("\"" + key + "\" is " + v.dump() + ", outside " + std::to_string(lo) + ".." +
          std::to_string(hi));
    return n;
  }
  double number(const json& j, const std::string& key) const {
    const json& v = at(j, key);
    if (!v.is_number()) bad("\"" + key + "\" is not a number: " + v.dump());
    return v.get<double>();
  }
  double number_or_nan(const json& j, const std::string& key) const {
    return at(j, key).is_null() ? std::nan("") : number(j, key);
  }
  std::string text(const json& j, const std::string& key) const {
    const json& v = at(j, key);
    if (!v.is_string()) bad("\"" + key + "\" is not a string");
    return v.get<std::string>();
  }
  // A generator state, checked by parsing it.
  std::string rng(const json& j, const std::string& key) const {
    std::string state = text(j, key);
    try {
      Rng::from_state(state);
    } catch (const Error& e) {
      bad("\"" + key + "\": " + e.what());
    }
    return state;
  }
};

History history_from_json(const Fields& f, const json& j) {
  const json& columns = f.at(j, "columns");
  const json& rows = f.at(j, "rows");
  if (!columns.is_array() || !rows.is_array())
    f.bad("\"history\" needs the arrays \"columns\" and \"rows\"");
  std::vector<std::string> names;
  for (const auto& c : columns) {
    if (!c.is_string()) f.bad("\"history\" column name " + c.dump() + " is not a string");
    if (std::find(names.begin(), names.end(), c.get<std::string>()) != names.end())
      f.bad("\"history\" has the column " + c.dump() + " twice");
    names.push_back(c.get<std::string>());
  }
  History h;
  for (const auto& row : rows) {
    if (!row.is_array() || row.size() != names.size())
      f.bad("\"history\" row " + row.dump() + " does not have " + std::to_string(names.size()) +
            " values");
    History::Row values;
    for (std::size_t c = 0; c < names.size(); ++c) {
      if (!row[c].is_null() && !row[c].is_number())
        f.bad("\"history\" row " + row.dump() + " holds a value that is not a number");
      values.push_back({names[c], row[c].is_null() ? std::nan("") : row[c].get<double>()});
    }
    try {
      h.add(values);
    } catch (const Error& e) {
      f.bad(std::string("\"history\": ") + e.what());
    }
  }
  return h;
}

TrainingProgress progress_from_json(const Fields& f, const json& j) {
  TrainingProgress p;
  p.epoch = static_cast<int>(f.integer(j, "epoch", 1));
  p.step = static_cast<int>(f.integer(j, "step", 0));
  p.global_step = f.integer(j, "global_step", p.step, INT64_MAX);
  p.batch_size = static_cast<int>(f.integer(j, "batch_size", 1));
  p.samples = static_cast<int>(f.integer(j, "samples", 0));
  p.loader.cursor = static_cast<int>(f.integer(j, "loader_cursor", 0, p.samples));
  p.loader.rng = f.rng(j, "loader_rng");
  // Empty when the run was saved by code that keeps no augmentation state.
  if (!f.text(j, "loader_augment_rng").empty())
    p.loader.augment_rng = f.rng(j, "loader_augment_rng");
  const json& totals = f.at(j, "epoch_totals");
  p.loss_sum = f.number(totals, "loss_sum");
  p.correct = f.number_or_nan(totals, "correct");
  p.seconds = f.number(totals, "seconds");
  p.seen = static_cast<int>(f.integer(totals, "seen", 0, p.samples));
  p.history = history_from_json(f, f.at(j, "history"));

  // The numbers must tell one story: `step` batches of `batch_size` samples
  // handed out (the last one possibly short), all of them counted.
  const std::int64_t handed_out =
      std::min<std::int64_t>(std::int64_t{p.step} * p.batch_size, p.samples);
  if (p.loader.cursor != handed_out || p.seen != p.loader.cursor)
    f.bad("step " + std::to_string(p.step) + " of batch size " + std::to_string(p.batch_size) +
          " does not match loader_cursor " + std::to_string(p.loader.cursor) + " and seen " +
          std::to_string(p.seen));
  if (std::int64_t{p.step} * p.batch_size >= std::int64_t{p.samples} + p.batch_size)
    f.bad("step " + std::to_string(p.step) + " is past the end of an epoch of " +
          std::to_string(p.samples) + " samples");
  if (p.history.size() != static_cast<std::size_t>(p.epoch - 1))
    f.bad("epoch " + std::to_string(p.epoch) + " is in progress but the history has " +
          std::to_string(p.history.size()) + " rows (expected one per finished epoch)");
  for (double x : {p.loss_sum, p.seconds})
    if (!std::isfinite(x)) f.bad("\"epoch_totals\" holds Inf");
  return p;
}

}  // namespace

Checkpoint read_checkpoint(const std::string& path) {
  Metadata metadata;
  TensorMap tensors = load_safetensors(path, &metadata);  // checks the file itself
  const Fields f{path};
  if (!metadata.contains(kKey))
    f.bad(std::string("no \"") + kKey + "\" metadata: a weights file, not a training checkpoint?");
  json j;
  try {
    j = json::parse(metadata[kKey]);
  } catch (const json::parse_error& e) {
    f.bad(std::string("its \"") + kKey + "\" metadata is not valid JSON: " + e.what());
  }
  const std::int64_t version = f.integer(j, "version", 0);
  if (version != kVersion)
    f.bad("format version " + std::to_string(version) + ", this program reads version " +
          std::to_string(kVersion));

  Checkpoint c;
  c.path = path;
  c.progress = progress_from_json(f, j);
  const json& opt = f.at(j, "optimizer");
  c.optimizer_kind = f.text(opt, "kind");
  const double lr = f.number(opt, "learning_rate");
  if (!std::isfinite(lr) || std::fabs(lr) > std::numeric_limits<float>::max())
    f.bad("learning rate " + std::to_string(lr) + " is not a finite float");
  c.learning_rate = static_cast<float>(lr);
  const json& counters = f.at(opt, "counters");
  if (!counters.is_object()) f.bad("\"counters\" is not a JSON object");
  for (const auto& [name, value] : counters.items())
    c.optimizer_counters[name] = static_cast<int>(f.integer(counters, name, 0));
  const json& rngs = f.at(j, "layer_rngs");
  if (!rngs.is_object()) f.bad("\"layer_rngs\" is not a JSON object");
  for (const auto& [index, value] : rngs.items()) {
    std::size_t used = 0;
    int i = -1;
    try {
      i = std::stoi(index, &used);
    } catch (const std::exception&) {
    }
    if (i < 0 || used != index.size())
      f.bad("\"layer_rngs\" key '" + index + "' is not a layer index");
    c.layer_rngs[i] = f.rng(rngs, index);
  }

  for (auto& [name, t] : tensors) {
    if (name.starts_with("model."))
      c.model[name.substr(6)] = std::move(t);
    else if (name.starts_with("optimizer."))
      c.optimizer_buffers[name.substr(10)] = std::move(t);
    else
      f.bad("tensor '" + name + "' is neither \"model.\" nor \"optimizer.\"");
  }
  return c;
}

TrainingProgress restore_checkpoint(const Checkpoint& c, Sequential& model, Optimizer& optimizer) {
  const Fields f{c.path};
  // Check everything first; change nothing until all of it fits.
  const OptimizerState state = optimizer.state();
  if (state.kind != c.optimizer_kind)
    f.bad("saved by a " + c.optimizer_kind + " optimiser, not " + state.kind);
  for (const auto& [name, value] : state.counters)
    if (!c.optimizer_counters.contains(name)) f.bad("no optimiser counter \"" + name + "\"");
  if (c.optimizer_counters.size() != state.counters.size())
    f.bad("holds " + std::to_string(c.optimizer_counters.size()) + " optimiser counters, " +
          state.kind + " has " + std::to_string(state.counters.size()));
  const auto& params = optimizer.parameters();
  for (const auto& [buffer, per_parameter] : state.buffers)
    for (const auto& p : params) {
      const std::string name = p.name + "." + buffer;
      auto it = c.optimizer_buffers.find(name);
      if (it == c.optimizer_buffers.end()) f.bad("no tensor 'optimizer." + name + "'");
      if (it->second.shape() != p.value->shape())
        f.bad("tensor 'optimizer." + name + "' has shape " + to_string(it->second.shape()) +
              " but the parameter has " + to_string(p.value->shape()));
    }
  if (c.optimizer_buffers.size() != state.buffers.size() * params.size())
    f.bad("holds " + std::to_string(c.optimizer_buffers.size()) + " optimiser tensors, " +
          state.kind + " keeps " + std::to_string(state.buffers.size() * params.size()));
  for (int i = 0; i < model.size(); ++i)
    if ((model.layer(i).rng() != nullptr) != c.layer_rngs.contains(i))
      f.bad("layer " + std::to_string(i) + " (" + model.layer(i).name() + ") " +
            (c.layer_rngs.contains(i) ? "has no random generator but one was saved"
                                      : "has a random generator but none was saved"));
  if (!c.layer_rngs.empty() && c.layer_rngs.rbegin()->first >= model.size())
    f.bad("a random generator was saved for layer " + std::to_string(c.layer_rngs.rbegin()->first) +
          " but the model has " + std::to_string(model.size()) + " layers");

  //! [restore]
  // The model checks its own names and shapes and changes nothing if they do
  // not match; after it, nothing below can fail.
  model.set_state(c.model, "checkpoint '" + c.path + "'");
  for (const auto& [buffer, per_parameter] : state.buffers)
    for (std::size_t k = 0; k < params.size(); ++k)
      (*per_parameter)[k] = c.optimizer_buffers.at(params[k].name + "." + buffer);
  for (const auto& [name, value] : state.counters) *value = c.optimizer_counters.at(name);
  optimizer.learning_rate = c.learning_rate;
  for (const auto& [i, text] : c.layer_rngs) *model.layer(i).rng() = Rng::from_state(text);
  return c.progress;
  //! [restore]
}

}  // namespace nn
