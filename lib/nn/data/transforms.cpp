#include "nn/data/transforms.hpp"

#include <algorithm>
#include <cmath>

#include "nn/errors.hpp"

namespace nn {

static void check_images(const Tensor& x, const char* who) {
  if (x.rank() != 4)
    throw ShapeError(std::string(who) + ": expected [N, C, H, W], got " + to_string(x.shape()));
}

ChannelStats channel_stats(const Tensor& x) {
  check_images(x, "channel_stats");
  const int n = x.dim(0), channels = x.dim(1);
  const std::size_t plane = static_cast<std::size_t>(x.dim(2)) * x.dim(3);
  ChannelStats s;
  for (int c = 0; c < channels; ++c) {
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < n; ++i) {
      const float* p = x.data() + (static_cast<std::size_t>(i) * channels + c) * plane;
      for (std::size_t k = 0; k < plane; ++k) {
        sum += p[k];
        sum_sq += static_cast<double>(p[k]) * p[k];
      }
    }
    const double count = static_cast<double>(n) * plane;
    const double mean = sum / count;
    s.mean.push_back(static_cast<float>(mean));
    s.stddev.push_back(
        static_cast<float>(std::sqrt(std::max(sum_sq / count - mean * mean, 1e-12))));
  }
  return s;
}

void normalise_channels(Tensor& x, const ChannelStats& s) {
  check_images(x, "normalise_channels");
  const int n = x.dim(0), channels = x.dim(1);
  if (static_cast<int>(s.mean.size()) != channels || static_cast<int>(s.stddev.size()) != channels)
    throw ShapeError("normalise_channels: statistics for " + std::to_string(s.mean.size()) +
                     " channels, images of shape " + to_string(x.shape()));
  const std::size_t plane = static_cast<std::size_t>(x.dim(2)) * x.dim(3);
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < channels; ++c) {
      float* p = x.data() + (static_cast<std::size_t>(i) * channels + c) * plane;
      for (std::size_t k = 0; k < plane; ++k) p[k] = (p[k] - s.mean[c]) / s.stddev[c];
    }
}

//! [random-crop]
void crop_with_padding(const float* image, float* out, int channels, int height, int width, int pad,
                       int top, int left) {
  // Output pixel (h, w) is padded-image pixel (top + h, left + w), which is
  // original pixel (top + h - pad, left + w - pad), or a zero outside it.
  for (int c = 0; c < channels; ++c)
    for (int h = 0; h < height; ++h) {
      const int sh = top + h - pad;
      for (int w = 0; w < width; ++w) {
        const int sw = left + w - pad;
        const bool inside = sh >= 0 && sh < height && sw >= 0 && sw < width;
        out[(c * height + h) * width + w] = inside ? image[(c * height + sh) * width + sw] : 0.0f;
      }
    }
}
//! [random-crop]

void flip_horizontal(float* image, int channels, int height, int width) {
  for (int row = 0; row < channels * height; ++row)
    std::reverse(image + row * width, image + (row + 1) * width);
}

void augment_batch(Tensor& x, const Augmentation& a, Rng& rng) {
  check_images(x, "augment_batch");
  if (a.pad < 0) throw Error("augment_batch: padding must be >= 0, got " + std::to_string(a.pad));
  const int channels = x.dim(1), height = x.dim(2), width = x.dim(3);
  std::vector<float> crop(x.row_size());
  for (int i = 0; i < x.rows(); ++i) {
    float* image = x.row(i);
    if (a.pad > 0) {
      const int top = rng.integer(2 * a.pad + 1), left = rng.integer(2 * a.pad + 1);
      crop_with_padding(image, crop.data(), channels, height, width, a.pad, top, left);
      std::copy(crop.begin(), crop.end(), image);
    }
    if (a.flip && rng.integer(2) == 1) flip_horizontal(image, channels, height, width);
  }
}

}  // namespace nn
