#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "nn/data/image.hpp"
#include "nn/errors.hpp"
#include "nn/stopwatch.hpp"

using namespace nn;

// A stand-in photograph for the smoke test: a bright disc and a dark bar on
// a left-to-right gradient, so every filter has edges to find.
static Tensor synthetic(int channels, int h, int w) {
  Tensor t({1, channels, h, w});
  for (int c = 0; c < channels; ++c)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        float v = 0.2f + 0.4f * x / w;
        if (std::hypot(y - h / 3.0, x - w / 3.0) < h / 5.0) v = 0.9f - 0.2f * c;
        if (y > 2 * h / 3 && x > w / 4 && x < 3 * w / 4) v = 0.05f;
        t[(static_cast<std::size_t>(c) * h + y) * w + x] = v;
      }
  return t;
}

Photos load_photos(const std::string& dir, bool quick) {
  const std::string camera = dir + "/camera.png", cat = dir + "/chelsea.png";
  if (!std::filesystem::exists(camera) || !std::filesystem::exists(cat)) {
    if (quick) return {synthetic(1, 96, 96), synthetic(3, 64, 96), true};
    throw DataError("photographs not found: " + camera + " and " + cat +
                    ": run `datasets/fetch photos`");
  }
  return {load_image(camera, 1), load_image(cat, 3), false};
}

Tensor plane(const Tensor& t, int k) {
  const int h = t.dim(t.rank() - 2), w = t.dim(t.rank() - 1);
  const std::size_t size = static_cast<std::size_t>(h) * w;
  if ((k + 1) * size > t.size()) throw ShapeError("plane: index out of range");
  return Tensor({h, w}, std::vector<float>(t.data() + k * size, t.data() + (k + 1) * size));
}

Tensor crop_around(const Tensor& image, int side, float fy, float fx) {
  const int top =
      std::clamp(static_cast<int>(fy * image.dim(0)) - side / 2, 0, image.dim(0) - side);
  const int left =
      std::clamp(static_cast<int>(fx * image.dim(1)) - side / 2, 0, image.dim(1) - side);
  Tensor out({side, side});
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) out.at(y, x) = image.at(top + y, left + x);
  return out;
}

Tensor enlarge(const Tensor& image, int factor) {
  Tensor out({image.dim(0) * factor, image.dim(1) * factor});
  for (int y = 0; y < out.dim(0); ++y)
    for (int x = 0; x < out.dim(1); ++x) out.at(y, x) = image.at(y / factor, x / factor);
  return out;
}

float max_abs(const Tensor& t) {
  float m = 0.0f;
  for (float v : t.values()) m = std::max(m, std::fabs(v));
  return m;
}

Tensor abs_of(const Tensor& t) {
  Tensor out = t;
  for (float& v : out.values()) v = std::fabs(v);
  return out;
}

Tensor scaled(const Tensor& t, float scale) {
  Tensor out = t;
  for (float& v : out.values()) v /= scale > 0 ? scale : 1.0f;
  return out;
}

Tensor signed_grey(const Tensor& t, float scale) {
  Tensor out = scaled(t, scale);
  for (float& v : out.values()) v = 0.5f + 0.5f * v;
  return out;
}

Tensor magnitude(const Tensor& v, const Tensor& h) {
  Tensor out = v;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::hypot(v[i], h[i]);
  return scaled(out, max_abs(out));
}

Tensor stack(const std::vector<Tensor>& planes) {
  const int h = planes.at(0).dim(0), w = planes.at(0).dim(1);
  Tensor out({static_cast<int>(planes.size()), 1, h, w});
  for (std::size_t n = 0; n < planes.size(); ++n) {
    check_shape("stack", {h, w}, planes[n].shape());
    std::copy(planes[n].values().begin(), planes[n].values().end(), out.row(static_cast<int>(n)));
  }
  return out;
}

Tensor stack_rgb(const std::vector<Tensor>& images) {
  const Tensor& first = images.at(0);
  const int h = first.dim(first.rank() - 2), w = first.dim(first.rank() - 1);
  const std::size_t size = static_cast<std::size_t>(h) * w;
  Tensor out({static_cast<int>(images.size()), 3, h, w});
  for (std::size_t n = 0; n < images.size(); ++n) {
    const Tensor& im = images[n];
    if (im.size() != size && im.size() != 3 * size)
      throw ShapeError("stack_rgb: image " + to_string(im.shape()) + " is not " +
                       std::to_string(h) + "x" + std::to_string(w));
    for (int c = 0; c < 3; ++c)  // a grey plane is repeated in R, G and B
      std::copy_n(im.data() + (im.size() == size ? 0 : c * size), size,
                  out.row(static_cast<int>(n)) + c * size);
  }
  return out;
}

double best_of(int repeats, const std::function<void()>& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    Stopwatch clock;
    f();
    best = std::min(best, clock.seconds());
  }
  return best;
}
