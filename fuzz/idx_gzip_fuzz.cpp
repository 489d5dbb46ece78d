// read_idx's gzip path with meaningful content: the input is an IDX file,
// gzip-compressed here before the reader sees it (random bytes would almost
// never be a gzip stream that decompresses). The last input byte, when there
// is one, picks a cut: the stream is sometimes truncated on purpose.
#include <zlib.h>

#include <vector>

#include "fuzz_file.hpp"
#include "nn/data/idx.hpp"

namespace {

std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper, as the .gz files are written.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<std::uint8_t> out(deflateBound(&z, size));
  z.next_in = const_cast<std::uint8_t*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 20)) return 0;
  std::vector<std::uint8_t> gz = gzip(data, size);
  // Inputs ending in 0xff..0xf0 cut the stream short by that many bytes.
  if (size > 0 && data[size - 1] >= 0xf0)
    gz.resize(gz.size() - std::min<std::size_t>(gz.size(), data[size - 1] - 0xef));
  return nn::fuzz::read_as_file(gz.data(), gz.size(), ".idx.gz", [&](const std::string& path) {
    const nn::IdxArray a = nn::read_idx(path);
    std::size_t product = 1;
    for (int d : a.dims) product *= static_cast<std::size_t>(d);
    nn::fuzz::require(a.data.size() == product, "data holds product(dims) bytes");
  });
}
