#include "nn/data/idx.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>

#include "nn/errors.hpp"

namespace nn {
namespace {

// Refused before anything is allocated: the largest IDX file in use (MNIST's
// training images) holds 47 MB, so a bigger claim means a corrupt header.
constexpr std::uint64_t kMaxPayloadBytes = std::uint64_t{1} << 30;
constexpr int kMaxDims = 4;  // N, C, H, W: what a Tensor holds
constexpr std::uint8_t kUnsignedByte = 0x08;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw DataError("read_idx: " + path + ": " + what);
}

// The type codes of the IDX specification, for the error message.
std::string type_name(std::uint8_t code) {
  switch (code) {
    case 0x08:
      return "unsigned byte";
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "16-bit integer";
    case 0x0C:
      return "32-bit integer";
    case 0x0D:
      return "32-bit float";
    case 0x0E:
      return "64-bit float";
    default:
      return "not a type the IDX format defines";
  }
}

// A file read through zlib. gzread decompresses a file that starts with the
// gzip magic bytes 1f 8b and passes any other file through unchanged
// ("transparent" mode), so plain and .gz files share one code path.
class ByteSource {
 public:
  explicit ByteSource(const std::string& path) : path_(path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) fail(path, "no such file");
    if (std::filesystem::is_directory(path, ec)) fail(path, "is a folder, not an IDX file");
    file_ = gzopen(path.c_str(), "rb");
    if (!file_) fail(path, std::string("cannot open: ") + std::strerror(errno));
  }
  ~ByteSource() { gzclose(file_); }
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  bool is_gzip() { return gzdirect(file_) == 0; }

  // Reads up to n bytes; fewer only at the end of the data.
  std::size_t read(void* buffer, std::size_t n) {
    auto* out = static_cast<unsigned char*>(buffer);
    std::size_t got = 0;
    while (got < n) {
      const auto chunk = static_cast<unsigned>(std::min<std::size_t>(n - got, 1u << 20));
      const int r = gzread(file_, out + got, chunk);
      check_stream();
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
    return got;
  }

 private:
  // zlib reports a gzip stream that ends early as Z_BUF_ERROR, after handing
  // out the bytes it could decompress: check after every read.
  void check_stream() {
    int code = Z_OK;
    std::string message = gzerror(file_, &code);
    if (code == Z_OK) return;
    if (message.starts_with(path_ + ": "))
      message.erase(0, path_.size() + 2);  // zlib adds the path
    if (code == Z_BUF_ERROR)
      fail(path_,
           "the gzip stream is truncated (it ends before its end marker): download it again");
    if (code == Z_DATA_ERROR) fail(path_, "the gzip stream is corrupt: " + message);
    if (code == Z_ERRNO) fail(path_, std::string("read error: ") + std::strerror(errno));
    fail(path_, "cannot read: " + message);
  }

  std::string path_;
  gzFile file_ = nullptr;
};

std::string dims_string(const std::vector<int>& dims) {
  return fmt::format("{}", fmt::join(dims, " x "));
}

// The magic number 00 00 <type> <ndims>, then ndims big-endian int32 sizes.
std::vector<int> read_header(ByteSource& in, const std::string& path) {
  std::array<std::uint8_t, 4> magic{};
  const std::size_t got = in.read(magic.data(), magic.size());
  if (got < magic.size())
    fail(path,
         fmt::format("the file holds {} bytes, shorter than the 4-byte IDX magic number", got));
  if (magic[0] != 0 || magic[1] != 0)
    fail(path, fmt::format("wrong magic number: found {:02x} {:02x} {:02x} {:02x}{}, expected "
                           "00 00 08 <ndims> (is this an IDX file?)",
                           magic[0], magic[1], magic[2], magic[3],
                           in.is_gzip() ? " after gzip decompression" : ""));
  if (magic[2] != kUnsignedByte)
    fail(path, fmt::format("unsupported type code 0x{:02x} ({}); only 0x08 (unsigned byte) is "
                           "supported",
                           magic[2], type_name(magic[2])));
  const int ndims = magic[3];
  if (ndims == 0 || ndims > kMaxDims)
    fail(path, fmt::format("the header says {} dimensions; expected 1 to {}", ndims, kMaxDims));

  std::array<std::uint8_t, 4 * kMaxDims> raw{};
  const std::size_t need = 4 * static_cast<std::size_t>(ndims);
  const std::size_t have = in.read(raw.data(), need);
  if (have < need)
    fail(path, fmt::format("the file ends inside the header: {} dimensions need {} header bytes, "
                           "the file holds {}",
                           ndims, 4 + need, 4 + have));
  std::vector<int> dims;
  for (int i = 0; i < ndims; ++i) {
    const std::uint8_t* b = raw.data() + 4 * i;  // big-endian, as the format says
    const std::uint32_t d = (std::uint32_t{b[0]} << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    if (d > INT_MAX) fail(path, fmt::format("dimension {} is {}, more than 2^31 - 1", i, d));
    dims.push_back(static_cast<int>(d));
  }
  return dims;
}

// The product of the dimensions, checked at every step so that it can
// neither overflow nor ask for more memory than any real IDX file needs.
std::uint64_t payload_bytes(const std::vector<int>& dims, const std::string& path) {
  if (std::find(dims.begin(), dims.end(), 0) != dims.end()) return 0;
  std::uint64_t bytes = 1;
  for (int d : dims) {
    bytes *= static_cast<std::uint64_t>(d);  // < 2^30 * 2^31: cannot overflow
    if (bytes > kMaxPayloadBytes)
      fail(path, fmt::format("the header's dimensions {} claim more than {} bytes (1 GiB), the "
                             "most read_idx accepts: the header is corrupt",
                             dims_string(dims), kMaxPayloadBytes));
  }
  return bytes;
}

// Reads `expected` bytes in chunks: memory grows with the bytes that really
// arrive, so a header that lies about the size cannot make us allocate it.
std::vector<std::uint8_t> read_payload(ByteSource& in, std::uint64_t expected,
                                       const std::vector<int>& dims, const std::string& path) {
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  std::vector<std::uint8_t> data;
  while (data.size() < expected) {
    const std::size_t old = data.size();
    data.resize(old + std::min<std::uint64_t>(kChunk, expected - old));
    const std::size_t got = in.read(data.data() + old, data.size() - old);
    data.resize(old + got);
    if (got == 0) break;
  }
  if (data.size() < expected)
    fail(path, fmt::format("truncated data: the header says {} = {} bytes, the file holds {}",
                           dims_string(dims), expected, data.size()));
  return data;
}

// Counts what follows the data (without keeping it): a longer file is not
// the file its header describes.
void check_no_trailing_bytes(ByteSource& in, std::uint64_t expected, const std::string& path) {
  std::array<std::uint8_t, 1 << 16> sink{};
  std::uint64_t extra = 0;
  while (const std::size_t got = in.read(sink.data(), sink.size())) extra += got;
  if (extra > 0)
    fail(path, fmt::format("{} bytes of trailing garbage after the {} data bytes the header "
                           "describes",
                           extra, expected));
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  ByteSource in(path);
  IdxArray out;
  out.dims = read_header(in, path);
  const std::uint64_t expected = payload_bytes(out.dims, path);
  out.data = read_payload(in, expected, out.dims, path);
  check_no_trailing_bytes(in, expected, path);
  return out;
}

}  // namespace nn
