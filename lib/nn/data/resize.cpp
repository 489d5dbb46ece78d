#include "nn/data/resize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "nn/errors.hpp"

namespace nn {

namespace {

void check_images(const Tensor& x, int height, int width, const char* who) {
  if (x.rank() != 4)
    throw ShapeError(fmt::format("{}: expected [N, C, H, W], got {}", who, to_string(x.shape())));
  if (height < 1 || width < 1)
    throw ShapeError(fmt::format("{}: the size must be positive, got {}x{}", who, height, width));
}

// Where output position i of `out` samples an input of `in` pixels: the two
// neighbours and the weight of the second.
struct Sample {
  int lo, hi;
  float frac;
};

std::vector<Sample> samples(int in, int out) {
  std::vector<Sample> s(out);
  const double scale = static_cast<double>(in) / out;
  for (int i = 0; i < out; ++i) {
    const double x = std::max(0.0, (i + 0.5) * scale - 0.5);  // torch clamps below 0
    const int lo = std::min(static_cast<int>(x), in - 1);
    s[i] = {lo, std::min(lo + 1, in - 1), static_cast<float>(x - lo)};
  }
  return s;
}

}  // namespace

Tensor resize_bilinear(const Tensor& x, int height, int width) {
  check_images(x, height, width, "resize_bilinear");
  const int planes = x.dim(0) * x.dim(1), H = x.dim(2), W = x.dim(3);
  const std::vector<Sample> rows = samples(H, height), cols = samples(W, width);
  Tensor y({x.dim(0), x.dim(1), height, width});
  for (int p = 0; p < planes; ++p) {
    const float* in = x.data() + static_cast<std::size_t>(p) * H * W;
    float* out = y.data() + static_cast<std::size_t>(p) * height * width;
    for (int i = 0; i < height; ++i) {
      const Sample r = rows[i];
      for (int j = 0; j < width; ++j) {
        const Sample c = cols[j];
        const float top = in[r.lo * W + c.lo] * (1 - c.frac) + in[r.lo * W + c.hi] * c.frac;
        const float bottom = in[r.hi * W + c.lo] * (1 - c.frac) + in[r.hi * W + c.hi] * c.frac;
        out[i * width + j] = top * (1 - r.frac) + bottom * r.frac;
      }
    }
  }
  return y;
}

Tensor center_crop(const Tensor& x, int height, int width) {
  check_images(x, height, width, "center_crop");
  const int planes = x.dim(0) * x.dim(1), H = x.dim(2), W = x.dim(3);
  if (H < height || W < width)
    throw ShapeError(fmt::format("center_crop: images {} are smaller than {}x{}",
                                 to_string(x.shape()), height, width));
  // torchvision: int(round((H - height) / 2.0)), Python's round: half to even.
  const int top = static_cast<int>(std::nearbyint((H - height) / 2.0));
  const int left = static_cast<int>(std::nearbyint((W - width) / 2.0));
  Tensor y({x.dim(0), x.dim(1), height, width});
  for (int p = 0; p < planes; ++p)
    for (int i = 0; i < height; ++i)
      std::copy_n(x.data() + (static_cast<std::size_t>(p) * H + top + i) * W + left, width,
                  y.data() + (static_cast<std::size_t>(p) * height + i) * width);
  return y;
}

}  // namespace nn
