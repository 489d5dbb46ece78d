#include "nn/summary.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "nn/errors.hpp"

namespace nn {

Summary::Summary(const std::string& chapter, const std::string& dataset) {
  json_["chapter"] = chapter;
  json_["dataset"] = dataset;
}

void Summary::write(const std::string& out_dir) const {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec)
    throw Error("cannot create the folder '" + out_dir + "' for summary.json: " + ec.message());
  write_file_atomically(out_dir + "/summary.json", json_.dump(2) + "\n");
}

void Summary::finish(const std::string& out_dir, double seconds, const std::string& what) {
  set("seconds", seconds);
  write(out_dir);
  fmt::print("\n{} in {} ({:.0f} s)\n", what, out_dir, seconds);
}

void write_file_atomically(const std::string& path, const std::string& text) {
  // The pid keeps two processes writing the same file from sharing a temp file.
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  // Any failure: drop the temporary file; the old `path` is never touched.
  auto fail = [&](const char* what) {
    const int err = errno;
    if (f) std::fclose(f);
    std::remove(tmp.c_str());
    throw Error(fmt::format("{} '{}' (via '{}'): {}", what, path, tmp, std::strerror(err)));
  };
  if (!f) fail("cannot create");
  // fflush hands the bytes to the system: a full disk shows up here at the latest.
  if (std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fflush(f) != 0)
    fail("cannot write");
  const int closed = std::fclose(f);
  f = nullptr;
  if (closed != 0) fail("cannot write");
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot replace");
}

}  // namespace nn
