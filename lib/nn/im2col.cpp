#include "nn/im2col.hpp"

#include <algorithm>
#include <cstring>

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

// --- Short rows ---
//
// The rows that im2col copies and col2im adds are short: one output row of
// the image, 8 to 32 floats. For so few, the compiler's own vectorised loop
// (set up for any count, with its remainder loops) and memmove cost more
// than the work. Explicit vectors of 8 floats and a scalar tail halve the
// time of col2im and cut im2col's by a third (chapter 07's second
// convolution, 64 images: col2im 2.7 -> 1.3 ms, im2col 1.1 -> 0.8 ms). The
// arithmetic is unchanged: each element is still one copy or one addition.
typedef float Floats8 __attribute__((vector_size(8 * sizeof(float))));

// memcpy is the portable way to say "unaligned vector load/store".
static Floats8 load8(const float* p) {
  Floats8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
static void store8(float* p, Floats8 v) { std::memcpy(p, &v, sizeof v); }

static void copy_row(const float* src, float* dst, int n) {
  int k = 0;
  for (; k + 8 <= n; k += 8) store8(dst + k, load8(src + k));
  for (; k < n; ++k) dst[k] = src[k];
}

static void add_row(const float* src, float* dst, int n) {
  int k = 0;
  for (; k + 8 <= n; k += 8) store8(dst + k, load8(dst + k) + load8(src + k));
  for (; k < n; ++k) dst[k] += src[k];
}

static void zero_row(float* dst, int n) {
  for (int k = 0; k < n; ++k) dst[k] = 0.0f;
}

// The output positions o in [lo, hi) whose input position o*S - P + tap
// lies inside an image side of `size` pixels; the others read the zero
// padding. Used for rows (tap i, the height) and for columns (tap j, the
// width), once per kernel tap, so the inner loops have no bounds checks.
struct Inside {
  int lo, hi;
};
static Inside inside(int tap, int out_count, int size, const ConvGeometry& g) {
  int lo = 0;
  while (lo < out_count && lo * g.stride - g.padding + tap < 0) ++lo;
  int hi = out_count;
  while (hi > lo && (hi - 1) * g.stride - g.padding + tap >= size) --hi;
  return {lo, hi};
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
        const Inside rows = inside(i, oh_count, g.height, g),
                     cols = inside(j, ow_count, g.width, g);
        float* out = columns;  // this row, one output row (OW entries) at a time
        for (int oh = 0; oh < oh_count; ++oh, out += ow_count) {
          if (oh < rows.lo || oh >= rows.hi) {  // the whole row is padding
            zero_row(out, ow_count);
            continue;
          }
          const int ih = oh * g.stride - g.padding + i;
          const float* src = image + (static_cast<std::size_t>(c) * g.height + ih) * g.width;
          zero_row(out, cols.lo);
          if (g.stride == 1) {  // the common case: a copy of consecutive pixels
            copy_row(src - g.padding + j + cols.lo, out + cols.lo, cols.hi - cols.lo);
          } else {
            for (int ow = cols.lo; ow < cols.hi; ++ow) out[ow] = src[ow * g.stride - g.padding + j];
          }
          zero_row(out + cols.hi, ow_count - cols.hi);
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
      const Inside cols = inside(j, ow_count, g.width, g);
      for (int i = 0; i < g.kernel_h; ++i) {
        const Inside rows = inside(i, oh_count, g.height, g);
        // The row of tap (c, i, j), as im2col laid it out, from the first
        // output row that lies inside the image.
        const float* in = columns + (c * taps + i * g.kernel_w + j) * row_stride +
                          static_cast<std::size_t>(rows.lo) * ow_count;
        for (int oh = rows.lo; oh < rows.hi; ++oh, in += ow_count) {
          const int ih = oh * g.stride - g.padding + i;
          float* dst = image + (static_cast<std::size_t>(c) * g.height + ih) * g.width;
          if (g.stride == 1) {  // unit stride: consecutive pixels
            add_row(in + cols.lo, dst - g.padding + j + cols.lo, cols.hi - cols.lo);
          } else {
            for (int ow = cols.lo; ow < cols.hi; ++ow) dst[ow * g.stride - g.padding + j] += in[ow];
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
