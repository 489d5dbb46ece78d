#include "nn/serialize.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "nn/errors.hpp"

namespace nn {

// The format is little-endian; we copy floats straight to and from memory.
static_assert(std::endian::native == std::endian::little,
              "serialize.cpp assumes a little-endian machine");

namespace {

// The reference implementation refuses larger headers; so do we, before
// allocating anything from the size a file claims.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

// ---------------------------------------------------------------- writing

// The JSON header, keys in the reference order: "__metadata__" first, then the
// tensors sorted by name, each with dtype, shape, data_offsets; padded with
// spaces to a multiple of 8 so the data area starts aligned.
// A counter to be stored as an I64 scalar: one float holding a whole number.
std::int64_t int64_value(const std::string& name, const Tensor& t) {
  if (t.size() != 1 || t[0] != std::floor(t[0]) || std::fabs(t[0]) > 16777216.0f)
    throw Error("save_safetensors: tensor '" + name +
                "' is listed as an I64 scalar but is not one whole number");
  return static_cast<std::int64_t>(t[0]);
}

std::string make_header(const TensorMap& tensors, const Metadata& metadata,
                        const std::set<std::string>& int64_scalars) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    if (name == "__metadata__")
      throw Error("save_safetensors: '__metadata__' is reserved and cannot name a tensor");
    if (t.rank() == 0) throw Error("save_safetensors: tensor '" + name + "' is empty (no shape)");
    if (!all_finite(t))
      throw NumericalError("save_safetensors: tensor '" + name + "' holds NaN or Inf");
    if (int64_scalars.count(name)) {
      int64_value(name, t);  // checks it
      const std::uint64_t end = offset + sizeof(std::int64_t);
      header[name] = {
          {"dtype", "I64"}, {"shape", nlohmann::json::array()}, {"data_offsets", {offset, end}}};
      offset = end;
      continue;
    }
    const std::uint64_t end = offset + t.size() * sizeof(float);
    header[name] = {{"dtype", "F32"}, {"shape", t.shape()}, {"data_offsets", {offset, end}}};
    offset = end;
  }
  std::string json;
  try {
    json = header.dump();
  } catch (const nlohmann::json::exception& e) {  // a name that is not valid UTF-8
    throw Error(std::string("save_safetensors: cannot write the header: ") + e.what());
  }
  json.append((8 - json.size() % 8) % 8, ' ');
  return json;
}

// After a rename, the new directory entry lives in the folder: sync it too so
// the rename itself survives a power cut. Best effort: not every file system
// lets a folder be opened.
void sync_folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const int fd = ::open(folder.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void save_safetensors(const std::string& path, const TensorMap& tensors, const Metadata& metadata,
                      const std::set<std::string>& int64_scalars) {
  for (const auto& name : int64_scalars)
    if (!tensors.count(name))
      throw Error("save_safetensors: I64 scalar '" + name + "' is not among the tensors");
  const std::string header = make_header(tensors, metadata, int64_scalars);
  // Same folder as `path`, so the final rename is atomic (same file system);
  // the pid keeps two processes saving the same file apart.
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  // Any failure: drop the temporary file; the old `path` is never touched.
  auto fail = [&](const char* what) {
    const int err = errno;
    if (f) std::fclose(f);
    std::remove(tmp.c_str());
    throw Error(fmt::format("save_safetensors: {} '{}' (via '{}'): {}", what, path, tmp,
                            std::strerror(err)));
  };
  if (!f) fail("cannot create");

  std::uint8_t length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<std::uint8_t>(header.size() >> (8 * i));
  bool ok = std::fwrite(length, 1, 8, f) == 8 &&
            std::fwrite(header.data(), 1, header.size(), f) == header.size();
  // std::map: sorted, as the offsets assumed. An empty tensor writes nothing
  // (and its data() may be null, which fwrite must not be given).
  for (const auto& [name, t] : tensors) {
    if (int64_scalars.count(name)) {
      const std::int64_t v = int64_value(name, t);
      ok = ok && std::fwrite(&v, sizeof v, 1, f) == 1;
    } else {
      ok = ok && (t.size() == 0 || std::fwrite(t.data(), sizeof(float), t.size(), f) == t.size());
    }
  }
  // fflush hands the bytes to the OS, fsync makes the OS put them on disk:
  // only then may the rename make this file the checkpoint.
  if (!ok || std::fflush(f) != 0 || ::fsync(::fileno(f)) != 0) fail("cannot write");
  const int closed = std::fclose(f);
  f = nullptr;
  if (closed != 0) fail("cannot write");
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot replace");
  sync_folder_of(path);
}

// ---------------------------------------------------------------- reading

namespace {

struct Entry {
  std::string name;
  Shape shape;
  std::uint64_t begin = 0, end = 0;
  bool int64_scalar = false;  // an I64 of shape [], read into shape [1]
};

[[noreturn]] void corrupt(const std::string& path, const std::string& what) {
  throw DataError("load_safetensors: '" + path + "': " + what);
}

// Checks one "name": {dtype, shape, data_offsets} entry of the header of
// `path`, whose data area holds `data_bytes` bytes.
Entry parse_entry(const std::string& path, const std::string& name, const nlohmann::json& v,
                  std::uint64_t data_bytes) {
  const std::string who = "tensor '" + name + "'";
  if (!v.is_object()) corrupt(path, who + ": entry is not a JSON object");
  for (const char* key : {"dtype", "shape", "data_offsets"})
    if (!v.contains(key)) corrupt(path, who + ": missing \"" + key + "\"");

  const auto& dtype = v["dtype"];
  if (!dtype.is_string()) corrupt(path, who + ": \"dtype\" is not a string");
  if (dtype != "F32" && dtype != "I64")
    corrupt(path, "unsupported dtype '" + dtype.get<std::string>() + "' for " + who +
                      " (only F32, and I64 scalars)");

  Entry e{name, {}, 0, 0};
  e.int64_scalar = dtype == "I64";
  const auto& shape = v["shape"];
  if (!shape.is_array()) corrupt(path, who + ": \"shape\" is not an array");
  for (const auto& d : shape) {
    // The JSON parser keeps non-negative integers as unsigned ones.
    if (!d.is_number_integer())
      corrupt(path, who + ": shape " + shape.dump() + " holds a non-integer");
    if (!d.is_number_unsigned())
      corrupt(path, who + ": shape " + shape.dump() + " has a negative dimension");
    if (d.get<std::uint64_t>() > INT_MAX)
      corrupt(path, who + ": shape " + shape.dump() + " is too large");
    e.shape.push_back(d.get<int>());
  }
  if (e.int64_scalar && !e.shape.empty())
    corrupt(path, who + ": I64 is read only as a scalar (shape []), got shape " + shape.dump());
  if (!e.int64_scalar && e.shape.empty())
    corrupt(path, who + ": F32 scalar shape [] not supported (tensors have rank 1 to 4)");
  if (e.shape.size() > 4) corrupt(path, who + ": shape " + shape.dump() + " has rank > 4");

  const auto& offsets = v["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
      !offsets[1].is_number_unsigned())
    corrupt(path,
            who + ": \"data_offsets\" must be two non-negative integers, got " + offsets.dump());
  e.begin = offsets[0].get<std::uint64_t>();
  e.end = offsets[1].get<std::uint64_t>();
  if (e.begin > e.end)
    corrupt(path, who + ": data_offsets " + offsets.dump() + " begin after they end");
  if (e.end > data_bytes)
    corrupt(path, who + ": data_offsets " + offsets.dump() + " end beyond the data area of " +
                      std::to_string(data_bytes) + " bytes");

  // 4 bytes per element must fill the span exactly; check before each
  // multiplication so a huge shape cannot overflow into a small number.
  std::uint64_t bytes = e.int64_scalar ? sizeof(std::int64_t) : sizeof(float);
  for (int d : e.shape) {
    const auto n = static_cast<std::uint64_t>(d);
    if (n != 0 && bytes > UINT64_MAX / n)
      corrupt(path, who + ": shape " + shape.dump() + " is too large");
    bytes *= n;
  }
  if (bytes != e.end - e.begin)
    corrupt(path, who + ": shape " + shape.dump() + " needs " + std::to_string(bytes) +
                      " bytes but data_offsets " + offsets.dump() + " hold " +
                      std::to_string(e.end - e.begin));
  return e;
}

// The tensors must tile the data area exactly: no overlaps, no holes, nothing
// left over. Sorts `entries` by offset, the order the data is read in.
void check_layout(const std::string& path, std::vector<Entry>& entries, std::uint64_t data_bytes) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t covered = 0;
  std::string previous;
  for (const Entry& e : entries) {
    if (e.begin < covered) corrupt(path, "tensors '" + previous + "' and '" + e.name + "' overlap");
    if (e.begin > covered)
      corrupt(path, "hole of " + std::to_string(e.begin - covered) + " bytes before tensor '" +
                        e.name + "'");
    covered = e.end;
    previous = e.name;
  }
  if (covered != data_bytes)
    corrupt(path, "data area has " + std::to_string(data_bytes) +
                      " bytes but the tensors cover only " + std::to_string(covered));
}

}  // namespace

TensorMap load_safetensors(const std::string& path, Metadata* metadata) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) corrupt(path, std::string("cannot open: ") + std::strerror(errno));
  const auto end_pos = in.tellg();
  if (end_pos < 0) corrupt(path, "cannot read its size");
  const auto file_bytes = static_cast<std::uint64_t>(end_pos);
  in.seekg(0);

  std::uint8_t length[8];
  if (file_bytes < 8 || !in.read(reinterpret_cast<char*>(length), 8))
    corrupt(path, "file of " + std::to_string(file_bytes) +
                      " bytes is too short (shorter than the 8-byte header length)");
  std::uint64_t header_bytes = 0;
  for (int i = 7; i >= 0; --i) header_bytes = header_bytes << 8 | length[i];
  if (header_bytes > kMaxHeaderBytes || header_bytes > file_bytes - 8)
    corrupt(path, "header length " + std::to_string(header_bytes) + " is larger than the file (" +
                      std::to_string(file_bytes) + " bytes) or the 100 MB limit");

  std::string text(header_bytes, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(header_bytes)))
    corrupt(path, "cannot read the header");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // a syntax error, a number too large, ...
    corrupt(path, std::string("header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) corrupt(path, "header is not a JSON object");

  const std::uint64_t data_bytes = file_bytes - 8 - header_bytes;
  std::vector<Entry> entries;
  Metadata pairs;
  for (const auto& [name, value] : header.items()) {
    if (name != "__metadata__") {
      entries.push_back(parse_entry(path, name, value, data_bytes));
      continue;
    }
    if (!value.is_object()) corrupt(path, "\"__metadata__\" is not a JSON object");
    for (const auto& [key, text_value] : value.items()) {
      if (!text_value.is_string())
        corrupt(path, "\"__metadata__\" value of '" + key + "' is not a string");
      pairs[key] = text_value.get<std::string>();
    }
  }
  check_layout(path, entries, data_bytes);

  // Every size is now checked against the real file size: safe to allocate.
  // The entries are in offset order, so the data is read front to back.
  TensorMap tensors;
  for (const Entry& e : entries) {
    if (e.int64_scalar) {
      std::int64_t v = 0;
      if (!in.read(reinterpret_cast<char*>(&v), sizeof v))
        corrupt(path, "file ended inside tensor '" + e.name + "'");
      if (v > (1 << 24) || v < -(1 << 24))
        corrupt(path, "I64 scalar '" + e.name + "' = " + std::to_string(v) +
                          " is too large to hold exactly as a float");
      tensors.emplace(e.name, Tensor({1}, std::vector<float>{static_cast<float>(v)}));
      continue;
    }
    Tensor t(e.shape);
    if (!in.read(reinterpret_cast<char*>(t.data()),
                 static_cast<std::streamsize>(t.size() * sizeof(float))))
      corrupt(path, "file ended inside tensor '" + e.name + "'");
    if (!all_finite(t))
      corrupt(path, "tensor '" + e.name + "' holds NaN or Inf: weights must be finite");
    tensors.emplace(e.name, std::move(t));
  }
  if (metadata) *metadata = std::move(pairs);
  return tensors;
}

}  // namespace nn
