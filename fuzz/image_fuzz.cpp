// load_image on any bytes: stb_image's PNG, JPEG, BMP, GIF and PNM decoders
// behind the size check of lib/nn/data/image.cpp. Both channel counts.
#include "fuzz_file.hpp"
#include "nn/data/image.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nn::fuzz::read_as_file(data, size, ".img", [](const std::string& path) {
    for (int channels : {1, 3}) {
      const nn::Tensor t = nn::load_image(path, channels);
      nn::fuzz::require(t.rank() == 4 && t.shape()[0] == 1 && t.shape()[1] == channels,
                        "shape [1, channels, H, W]");
      nn::fuzz::require(t.shape()[2] <= nn::kMaxImageSide && t.shape()[3] <= nn::kMaxImageSide,
                        "no side above kMaxImageSide");
      for (std::size_t i = 0; i < t.size(); ++i)
        nn::fuzz::require(t[i] >= 0.0f && t[i] <= 1.0f, "pixels in [0, 1]");
    }
  });
}
