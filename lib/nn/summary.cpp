#include "nn/summary.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "nn/errors.hpp"

namespace nn {

Summary::Summary(const std::string& chapter, const std::string& dataset) {
  json_["chapter"] = chapter;
  json_["dataset"] = dataset;
}

void Summary::write(const std::string& out_dir) const {
  std::filesystem::create_directories(out_dir);
  write_file_atomically(out_dir + "/summary.json", json_.dump(2) + "\n");
}

void write_file_atomically(const std::string& path, const std::string& text) {
  // The pid keeps two processes writing the same file from sharing a temp file.
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw Error("cannot write " + path);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw Error("cannot write " + path + ": " + ec.message());
  }
}

}  // namespace nn
