// Chapter 08: model answers (exercises/08-cnn-cifar/ex.hpp has the tasks).
#include "08-cnn-cifar/ex.hpp"

#include <cmath>
#include <string>

#include "nn/errors.hpp"

namespace ex08 {

static void check_channels(const nn::Tensor& x, const nn::Tensor& gamma, const nn::Tensor& beta) {
  if (x.rank() != 4)
    throw nn::ShapeError("batchnorm_forward: expected [N, C, H, W], got " +
                         nn::to_string(x.shape()));
  nn::check_shape("batchnorm_forward gamma", {x.dim(1)}, gamma.shape());
  nn::check_shape("batchnorm_forward beta", {x.dim(1)}, beta.shape());
}

nn::Tensor batchnorm_forward(const nn::Tensor& x, const nn::Tensor& gamma, const nn::Tensor& beta,
                             float eps, BatchNormCache& cache) {
  check_channels(x, gamma, beta);
  const int n = x.dim(0), channels = x.dim(1), plane = x.dim(2) * x.dim(3);
  const double m = static_cast<double>(n) * plane;
  auto at = [&](int i, int c, int p) {
    return (static_cast<std::size_t>(i) * channels + c) * plane + p;
  };
  cache.xhat = nn::Tensor(x.shape());
  cache.inv_std = nn::Tensor({channels});
  nn::Tensor y(x.shape());
  for (int c = 0; c < channels; ++c) {
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < n; ++i)
      for (int p = 0; p < plane; ++p) sum += x[at(i, c, p)];
    const double mean = sum / m;
    for (int i = 0; i < n; ++i)
      for (int p = 0; p < plane; ++p) sum_sq += (x[at(i, c, p)] - mean) * (x[at(i, c, p)] - mean);
    const float inv_std = static_cast<float>(1.0 / std::sqrt(sum_sq / m + eps));
    cache.inv_std[c] = inv_std;
    for (int i = 0; i < n; ++i)
      for (int p = 0; p < plane; ++p) {
        const float xhat = (x[at(i, c, p)] - static_cast<float>(mean)) * inv_std;
        cache.xhat[at(i, c, p)] = xhat;
        y[at(i, c, p)] = gamma[c] * xhat + beta[c];
      }
  }
  return y;
}

nn::Tensor batchnorm_backward(const nn::Tensor& dy, const nn::Tensor& gamma,
                              const BatchNormCache& cache, nn::Tensor& dgamma, nn::Tensor& dbeta) {
  nn::check_shape("batchnorm_backward", cache.xhat.shape(), dy.shape());
  const int n = dy.dim(0), channels = dy.dim(1), plane = dy.dim(2) * dy.dim(3);
  const double m = static_cast<double>(n) * plane;
  auto at = [&](int i, int c, int p) {
    return (static_cast<std::size_t>(i) * channels + c) * plane + p;
  };
  dgamma = nn::Tensor({channels});
  dbeta = nn::Tensor({channels});
  nn::Tensor dx(dy.shape());
  for (int c = 0; c < channels; ++c) {
    double sum_dy = 0, sum_dy_xhat = 0;
    for (int i = 0; i < n; ++i)
      for (int p = 0; p < plane; ++p) {
        sum_dy += dy[at(i, c, p)];
        sum_dy_xhat += static_cast<double>(dy[at(i, c, p)]) * cache.xhat[at(i, c, p)];
      }
    dgamma[c] = static_cast<float>(sum_dy_xhat);
    dbeta[c] = static_cast<float>(sum_dy);
    const float scale = gamma[c] * cache.inv_std[c];
    for (int i = 0; i < n; ++i)
      for (int p = 0; p < plane; ++p) {
        const std::size_t k = at(i, c, p);
        dx[k] = scale * (dy[k] - static_cast<float>(sum_dy / m) -
                         cache.xhat[k] * static_cast<float>(sum_dy_xhat / m));
      }
  }
  return dx;
}

nn::Tensor residual_backward(nn::Sequential& body, nn::Sequential& shortcut, const nn::Tensor& dy) {
  nn::Tensor dx = body.backward(dy);
  const nn::Tensor dskip = shortcut.size() > 0 ? shortcut.backward(dy) : dy;
  nn::check_shape("residual_backward", dx.shape(), dskip.shape());
  for (std::size_t i = 0; i < dx.size(); ++i) dx[i] += dskip[i];  // the two paths meet at x
  return dx;
}

nn::Tensor random_crop(const nn::Tensor& image, int pad, int top, int left) {
  if (image.rank() != 4 || image.dim(0) != 1)
    throw nn::ShapeError("random_crop: expected [1, C, H, W], got " + nn::to_string(image.shape()));
  if (pad < 0 || top < 0 || left < 0 || top > 2 * pad || left > 2 * pad)
    throw nn::Error("random_crop: offsets (" + std::to_string(top) + ", " + std::to_string(left) +
                    ") out of range for padding " + std::to_string(pad));
  const int channels = image.dim(1), height = image.dim(2), width = image.dim(3);
  nn::Tensor out(image.shape());
  for (int c = 0; c < channels; ++c)
    for (int h = 0; h < height; ++h)
      for (int w = 0; w < width; ++w) {
        const int sh = top + h - pad, sw = left + w - pad;  // the pixel of the original image
        if (sh >= 0 && sh < height && sw >= 0 && sw < width)
          out[(c * height + h) * width + w] = image[(c * height + sh) * width + sw];
      }
  return out;
}

}  // namespace ex08
