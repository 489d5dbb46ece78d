#include "nn/layers/pooling.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "nn/errors.hpp"

namespace nn {

Pool2D::Pool2D(int kernel, int stride, int padding)
    : k_(kernel), s_(stride == 0 ? kernel : stride), p_(padding) {
  if (k_ < 1 || s_ < 1)
    throw Error("Pool2D: kernel and stride must be >= 1, got kernel " + std::to_string(kernel) +
                ", stride " + std::to_string(stride));
  if (p_ < 0 || p_ > k_ / 2)  // larger, a window could lie wholly in the border
    throw Error(
        fmt::format("Pool2D: padding must be between 0 and kernel / 2 = {}, got {}", k_ / 2, p_));
}

std::string Pool2D::sizes() const {
  const std::string padding = p_ ? fmt::format(", padding {}", p_) : "";
  if (s_ == k_ && !p_) return fmt::format("({}x{})", k_, k_);
  return fmt::format("({}x{}, stride {}{})", k_, k_, s_, padding);
}

Shape Pool2D::output_shape(const Shape& s) const {
  if (s.size() != 4)
    throw ShapeError(name() + ": expected input [N, C, H, W], got " + to_string(s));
  if (s[2] + 2 * p_ < k_ || s[3] + 2 * p_ < k_)
    throw ShapeError(name() + ": input " + to_string(s) + " is smaller than the " +
                     std::to_string(k_) + "x" + std::to_string(k_) + " window");
  return {s[0], s[1], (s[2] + 2 * p_ - k_) / s_ + 1, (s[3] + 2 * p_ - k_) / s_ + 1};
}

// Both layers walk the same loops: for every (image, channel) plane and every
// output position, the window's top-left input pixel is (oh*S, ow*S). Planes
// are independent, so they run in parallel and the result does not depend on
// the thread count.

// The running maximum of a window, `top` at position `best`, meets the value
// x at position `at`: strictly greater wins, so a tie keeps the first. It is
// arithmetic, not an if: which value wins is data, and a branch on it is
// mispredicted about half the time (bench/RESULTS.md, sixth round, change 3,
// "MaxPool2D without data-dependent branches", has the measurement).
inline void keep_larger(float x, int at, float& top, int& best) {
  const int greater = x > top;
  best += greater * (at - best);
  top = std::max(top, x);  // (top < x ? x : top): the same rule
}

//! [maxpool-forward]
// One (image, channel) plane. Window is the window size when it is known at
// compile time (2, the common case: the loops below then unroll into four
// independent comparisons) or 0 when it is the run-time k.
template <int Window>
static void max_pool_plane(const float* in, int W, int OH, int OW, int k, int s, float* out,
                           std::size_t* argmax, std::size_t plane_start) {
  if constexpr (Window > 0) k = Window;
  for (int oh = 0; oh < OH; ++oh)
    for (int ow = 0; ow < OW; ++ow) {
      // The running maximum stays in a register; only its position is stored.
      int best = oh * s * W + ow * s;  // the window's first pixel, within the plane
      float top = in[best];
      for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) {
          const int at = (oh * s + i) * W + ow * s + j;
          keep_larger(in[at], at, top, best);
        }
      out[oh * OW + ow] = top;
      argmax[oh * OW + ow] = plane_start + best;
    }
}

// With padding, a window (top-left corner (oh*S - P, ow*S - P)) is clipped to
// the image: only the pixels inside compete (PyTorch pads with -infinity).
static void max_pool_plane_padded(const float* in, int H, int W, int OH, int OW, int k, int s,
                                  int pad, float* out, std::size_t* argmax,
                                  std::size_t plane_start) {
  for (int oh = 0; oh < OH; ++oh)
    for (int ow = 0; ow < OW; ++ow) {
      const int top = oh * s - pad, left = ow * s - pad;
      const int r0 = std::max(top, 0), r1 = std::min(top + k, H);
      const int c0 = std::max(left, 0), c1 = std::min(left + k, W);
      int best = r0 * W + c0;
      float top_value = in[best];
      for (int r = r0; r < r1; ++r)
        for (int c = c0; c < c1; ++c) keep_larger(in[r * W + c], r * W + c, top_value, best);
      out[oh * OW + ow] = top_value;
      argmax[oh * OW + ow] = plane_start + best;
    }
}

Tensor MaxPool2D::forward(const Tensor& x) {
  Tensor y(output_shape(x.shape()));
  input_shape_ = x.shape();
  argmax_.resize(y.size());  // every entry is written below: no need to clear it
  const int planes = x.dim(0) * x.dim(1), H = x.dim(2), W = x.dim(3);
  const int OH = y.dim(2), OW = y.dim(3);
#pragma omp parallel for schedule(static)
  for (int p = 0; p < planes; ++p) {
    const std::size_t in0 = std::size_t(p) * H * W, out0 = std::size_t(p) * OH * OW;
    if (p_ > 0)
      max_pool_plane_padded(x.data() + in0, H, W, OH, OW, k_, s_, p_, y.data() + out0,
                            argmax_.data() + out0, in0);
    else if (k_ == 2)
      max_pool_plane<2>(x.data() + in0, W, OH, OW, k_, s_, y.data() + out0, argmax_.data() + out0,
                        in0);
    else
      max_pool_plane<0>(x.data() + in0, W, OH, OW, k_, s_, y.data() + out0, argmax_.data() + out0,
                        in0);
  }
  return y;
}
//! [maxpool-forward]

//! [maxpool-backward]
Tensor MaxPool2D::backward(const Tensor& dy) {
  check_shape(name() + " backward", output_shape(input_shape_), dy.shape());
  Tensor dx(input_shape_);
  // Only the maximum influenced the output. += because, with overlapping
  // windows, one input can be the maximum of several windows. The outputs of
  // one plane point into that plane only, so planes are independent.
  const int planes = dy.dim(0) * dy.dim(1);
  const std::size_t per_plane = std::size_t(dy.dim(2)) * dy.dim(3);
#pragma omp parallel for schedule(static)
  for (int p = 0; p < planes; ++p)
    for (std::size_t o = p * per_plane; o < (p + 1) * per_plane; ++o)
      dx.data()[argmax_[o]] += dy.data()[o];
  return dx;
}
//! [maxpool-backward]

Tensor AvgPool2D::forward(const Tensor& x) {
  Tensor y(output_shape(x.shape()));
  input_shape_ = x.shape();
  const int planes = x.dim(0) * x.dim(1), H = x.dim(2), W = x.dim(3);
  const int OH = y.dim(2), OW = y.dim(3);
  const float inv_area = 1.0f / static_cast<float>(k_ * k_);
#pragma omp parallel for schedule(static)
  for (int p = 0; p < planes; ++p) {
    const float* in = x.data() + std::size_t(p) * H * W;
    float* out = y.data() + std::size_t(p) * OH * OW;
    for (int oh = 0; oh < OH; ++oh)
      for (int ow = 0; ow < OW; ++ow) {
        float sum = 0.0f;
        for (int i = 0; i < k_; ++i)
          for (int j = 0; j < k_; ++j) sum += in[(oh * s_ + i) * W + ow * s_ + j];
        out[oh * OW + ow] = sum * inv_area;
      }
  }
  return y;
}

//! [avgpool-backward]
Tensor AvgPool2D::backward(const Tensor& dy) {
  check_shape(name() + " backward", output_shape(input_shape_), dy.shape());
  Tensor dx(input_shape_);
  const int planes = dy.dim(0) * dy.dim(1), H = dx.dim(2), W = dx.dim(3);
  const int OH = dy.dim(2), OW = dy.dim(3);
  const float inv_area = 1.0f / static_cast<float>(k_ * k_);
#pragma omp parallel for schedule(static)
  for (int p = 0; p < planes; ++p) {
    const float* g = dy.data() + std::size_t(p) * OH * OW;
    float* d = dx.data() + std::size_t(p) * H * W;
    // Every input of the window contributed 1/K^2 of the mean.
    for (int oh = 0; oh < OH; ++oh)
      for (int ow = 0; ow < OW; ++ow)
        for (int i = 0; i < k_; ++i)
          for (int j = 0; j < k_; ++j)
            d[(oh * s_ + i) * W + ow * s_ + j] += g[oh * OW + ow] * inv_area;
  }
  return dx;
}
//! [avgpool-backward]

}  // namespace nn

namespace nn {

Shape GlobalAvgPool2D::output_shape(const Shape& s) const {
  if (s.size() != 4 || s[2] < 1 || s[3] < 1)
    throw ShapeError(name() + ": expected input [N, C, H, W], got " + to_string(s));
  return {s[0], s[1], 1, 1};
}

Tensor GlobalAvgPool2D::forward(const Tensor& x) {
  Tensor y(output_shape(x.shape()));
  input_shape_ = x.shape();
  const int planes = x.dim(0) * x.dim(1);
  const std::size_t area = static_cast<std::size_t>(x.dim(2)) * x.dim(3);
#pragma omp parallel for schedule(static)
  for (int p = 0; p < planes; ++p) {
    double sum = 0;
    for (std::size_t i = 0; i < area; ++i) sum += x[p * area + i];
    y[p] = static_cast<float>(sum / area);
  }
  return y;
}

Tensor GlobalAvgPool2D::backward(const Tensor& dy) {
  check_shape(name() + " backward", output_shape(input_shape_), dy.shape());
  Tensor dx(input_shape_);
  const int planes = dx.dim(0) * dx.dim(1);
  const std::size_t area = static_cast<std::size_t>(dx.dim(2)) * dx.dim(3);
#pragma omp parallel for schedule(static)
  for (int p = 0; p < planes; ++p)
    for (std::size_t i = 0; i < area; ++i) dx[p * area + i] = dy[p] / static_cast<float>(area);
  return dx;
}

}  // namespace nn
