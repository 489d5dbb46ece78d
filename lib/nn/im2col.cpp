#include "nn/im2col.hpp"

#include <algorithm>

#include "nn/errors.hpp"

namespace nn {

int conv_output_size(int input, int kernel, int stride, int padding) {
  if (kernel < 1 || stride < 1 || padding < 0)
    throw ShapeError("convolution: kernel " + std::to_string(kernel) + ", stride " +
                     std::to_string(stride) + ", padding " + std::to_string(padding) +
                     ": kernel and stride must be >= 1 and padding >= 0");
  if (input + 2 * padding < kernel)
    throw ShapeError("convolution: input size " + std::to_string(input) + " with padding " +
                     std::to_string(padding) + " is smaller than the kernel size " +
                     std::to_string(kernel));
  return (input + 2 * padding - kernel) / stride + 1;
}

// The output columns ow in [lo, hi) whose input column iw = ow*S - P + j
// lies inside the image; the others read the zero padding. Found once per
// kernel tap, so the inner loops below have no bounds checks and vectorise.
static void inside_range(int j, const ConvGeometry& g, int ow_count, int& lo, int& hi) {
  lo = 0;
  while (lo < ow_count && lo * g.stride - g.padding + j < 0) ++lo;
  hi = ow_count;
  while (hi > lo && (hi - 1) * g.stride - g.padding + j >= g.width) --hi;
}

//! [im2col]
void im2col(const float* image, const ConvGeometry& g, float* columns, std::size_t row_stride) {
  const int oh_count = g.out_h(), ow_count = g.out_w();
  if (row_stride == 0) row_stride = static_cast<std::size_t>(oh_count) * ow_count;
  // One row of the column matrix per (channel, kernel row i, kernel column j):
  // the pixel that this kernel tap sees at every output position (oh, ow).
  for (int c = 0; c < g.channels; ++c)
    for (int i = 0; i < g.kernel_h; ++i)
      for (int j = 0; j < g.kernel_w; ++j, columns += row_stride) {
        int lo, hi;
        inside_range(j, g, ow_count, lo, hi);
        float* out = columns;  // this row, one output row (OW entries) at a time
        for (int oh = 0; oh < oh_count; ++oh, out += ow_count) {
          const int ih = oh * g.stride - g.padding + i;
          if (ih < 0 || ih >= g.height) {  // the whole row is padding
            std::fill(out, out + ow_count, 0.0f);
            continue;
          }
          const float* src = image + (static_cast<std::size_t>(c) * g.height + ih) * g.width;
          std::fill(out, out + lo, 0.0f);
          if (g.stride == 1) {  // the common case: a copy, which the compiler vectorises
            // A loop, not std::copy: that becomes a call to memmove, whose
            // set-up costs more than copying the 8 to 30 floats of a row.
            const float* s = src - g.padding + j;
            for (int ow = lo; ow < hi; ++ow) out[ow] = s[ow];
          } else {
            for (int ow = lo; ow < hi; ++ow) out[ow] = src[ow * g.stride - g.padding + j];
          }
          std::fill(out + hi, out + ow_count, 0.0f);
        }
      }
}
//! [im2col]

//! [col2im]
void col2im(const float* columns, const ConvGeometry& g, float* image, std::size_t row_stride) {
  const int oh_count = g.out_h(), ow_count = g.out_w();
  if (row_stride == 0) row_stride = static_cast<std::size_t>(oh_count) * ow_count;
  // The same walk as im2col with the copy turned into an addition: a pixel
  // seen by several receptive fields collects the sum of their gradients,
  // and the entries that came from the padding are dropped.
  //
  // One difference: the kernel column j is the outer loop and the kernel
  // row i the inner one. Consecutive additions then go to different image
  // rows at the same column offset. In im2col's order, tap (i, j+1) would
  // add into the row that tap (i, j) has just written, one float to the
  // right: the processor cannot forward a store to a load that straddles it,
  // and each such pair waits until the store reaches the cache (col2im ran
  // about twice as slowly).
  const std::size_t taps = static_cast<std::size_t>(g.kernel_h) * g.kernel_w;
  for (int c = 0; c < g.channels; ++c)
    for (int j = 0; j < g.kernel_w; ++j) {
      int lo, hi;
      inside_range(j, g, ow_count, lo, hi);
      for (int i = 0; i < g.kernel_h; ++i) {
        // The row of tap (c, i, j), as im2col laid them out.
        const float* in = columns + (c * taps + i * g.kernel_w + j) * row_stride;
        for (int oh = 0; oh < oh_count; ++oh, in += ow_count) {
          const int ih = oh * g.stride - g.padding + i;
          if (ih < 0 || ih >= g.height) continue;
          float* dst = image + (static_cast<std::size_t>(c) * g.height + ih) * g.width;
          if (g.stride == 1) {  // unit stride: a loop the compiler vectorises
            float* d = dst - g.padding + j;
            for (int ow = lo; ow < hi; ++ow) d[ow] += in[ow];
          } else {
            for (int ow = lo; ow < hi; ++ow) dst[ow * g.stride - g.padding + j] += in[ow];
          }
        }
      }
    }
}
//! [col2im]

// The geometry of an image [C, H, W] or a batch [N, C, H, W].
static ConvGeometry geometry_of(const std::string& who, const Shape& s, int kh, int kw, int stride,
                                int padding) {
  if (s.size() != 3 && s.size() != 4)
    throw ShapeError(who + ": expected an image [C, H, W] or a batch [N, C, H, W], got " +
                     to_string(s));
  const std::size_t r = s.size();
  ConvGeometry g{.channels = s[r - 3],
                 .height = s[r - 2],
                 .width = s[r - 1],
                 .kernel_h = kh,
                 .kernel_w = kw,
                 .stride = stride,
                 .padding = padding};
  g.positions();  // validates the sizes (throws ShapeError)
  return g;
}

Tensor im2col(const Tensor& images, int kernel_h, int kernel_w, int stride, int padding) {
  const ConvGeometry g = geometry_of("im2col", images.shape(), kernel_h, kernel_w, stride, padding);
  const int n = images.rank() == 4 ? images.dim(0) : 1;
  Tensor cols(images.rank() == 4 ? Shape{n, g.patch_size(), g.positions()}
                                 : Shape{g.patch_size(), g.positions()});
  const std::size_t in_size = static_cast<std::size_t>(g.channels) * g.height * g.width;
  const std::size_t col_size = static_cast<std::size_t>(g.patch_size()) * g.positions();
  for (int k = 0; k < n; ++k) im2col(images.data() + k * in_size, g, cols.data() + k * col_size);
  return cols;
}

Tensor col2im(const Tensor& columns, const Shape& image_shape, int kernel_h, int kernel_w,
              int stride, int padding) {
  const ConvGeometry g = geometry_of("col2im", image_shape, kernel_h, kernel_w, stride, padding);
  const int n = image_shape.size() == 4 ? image_shape[0] : 1;
  Shape expected{g.patch_size(), g.positions()};
  if (image_shape.size() == 4) expected.insert(expected.begin(), n);
  check_shape("col2im (columns for image " + to_string(image_shape) + ")", expected,
              columns.shape());
  Tensor image(image_shape);
  const std::size_t in_size = static_cast<std::size_t>(g.channels) * g.height * g.width;
  const std::size_t col_size = static_cast<std::size_t>(g.patch_size()) * g.positions();
  for (int k = 0; k < n; ++k) col2im(columns.data() + k * col_size, g, image.data() + k * in_size);
  return image;
}

//! [conv2d-direct]
Tensor conv2d_direct(const Tensor& x, const Tensor& weight, const Tensor& bias, int stride,
                     int padding) {
  if (x.rank() != 4 || weight.rank() != 4 || weight.dim(1) != x.dim(1))
    throw ShapeError("conv2d_direct: expected x [N, C, H, W] and weight [OC, C, KH, KW], got x " +
                     to_string(x.shape()) + " and weight " + to_string(weight.shape()));
  check_shape("conv2d_direct bias", {weight.dim(0)}, bias.shape());
  const int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
  const int OC = weight.dim(0), KH = weight.dim(2), KW = weight.dim(3);
  const int OH = conv_output_size(H, KH, stride, padding);
  const int OW = conv_output_size(W, KW, stride, padding);
  Tensor y({N, OC, OH, OW});
  auto X = [&](int n, int c, int h, int w) {
    return x[((std::size_t(n) * C + c) * H + h) * W + w];
  };
  auto Wt = [&](int o, int c, int i, int j) {
    return weight[((std::size_t(o) * C + c) * KH + i) * KW + j];
  };
  float* out = y.data();
  for (int n = 0; n < N; ++n)
    for (int o = 0; o < OC; ++o)
      for (int oh = 0; oh < OH; ++oh)
        for (int ow = 0; ow < OW; ++ow) {
          double sum = bias[o];
          for (int c = 0; c < C; ++c)
            for (int i = 0; i < KH; ++i)
              for (int j = 0; j < KW; ++j) {
                const int h = oh * stride - padding + i, w = ow * stride - padding + j;
                if (h >= 0 && h < H && w >= 0 && w < W)
                  sum += double(Wt(o, c, i, j)) * X(n, c, h, w);
              }
          *out++ = static_cast<float>(sum);
        }
  return y;
}
//! [conv2d-direct]

}  // namespace nn
