// Chapter 04 model answers. The tasks are in exercises/04-conv-pool/ex.hpp.
#include "04-conv-pool/ex.hpp"

#include "nn/errors.hpp"

namespace ex04 {

// (input + 2 padding - kernel) / stride + 1, refusing a kernel larger than the padded input.
static int output_size(int input, int kernel, int stride, int padding) {
  if (kernel < 1 || stride < 1 || padding < 0 || input + 2 * padding < kernel)
    throw nn::ShapeError("ex04: bad convolution sizes");
  return (input + 2 * padding - kernel) / stride + 1;
}

nn::Tensor conv2d_forward(const nn::Tensor& image, const nn::Tensor& weight, const nn::Tensor& bias,
                          int stride, int padding) {
  if (image.rank() != 3 || weight.rank() != 4 || weight.dim(1) != image.dim(0))
    throw nn::ShapeError(
        "ex04::conv2d_forward: expected image [C, H, W] and weight [OC, C, KH, KW]");
  nn::check_shape("ex04::conv2d_forward bias", {weight.dim(0)}, bias.shape());
  const int C = image.dim(0), H = image.dim(1), W = image.dim(2);
  const int OC = weight.dim(0), KH = weight.dim(2), KW = weight.dim(3);
  const int OH = output_size(H, KH, stride, padding), OW = output_size(W, KW, stride, padding);
  nn::Tensor y({OC, OH, OW});
  for (int o = 0; o < OC; ++o)
    for (int oh = 0; oh < OH; ++oh)
      for (int ow = 0; ow < OW; ++ow) {
        float sum = bias[o];
        for (int c = 0; c < C; ++c)
          for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j) {
              const int h = oh * stride - padding + i, w = ow * stride - padding + j;
              if (h < 0 || h >= H || w < 0 || w >= W) continue;  // padding: adds 0
              sum += weight[((o * C + c) * KH + i) * KW + j] * image[(c * H + h) * W + w];
            }
        y[(o * OH + oh) * OW + ow] = sum;
      }
  return y;
}

nn::Tensor maxpool_backward(const nn::Tensor& x, const nn::Tensor& grad_output, int kernel,
                            int stride) {
  if (x.rank() != 4) throw nn::ShapeError("ex04::maxpool_backward: x must be [N, C, H, W]");
  const int planes = x.dim(0) * x.dim(1), H = x.dim(2), W = x.dim(3);
  const int OH = output_size(H, kernel, stride, 0), OW = output_size(W, kernel, stride, 0);
  nn::check_shape("ex04::maxpool_backward grad_output", {x.dim(0), x.dim(1), OH, OW},
                  grad_output.shape());
  nn::Tensor dx(x.shape());
  for (int p = 0; p < planes; ++p) {
    const float* in = x.data() + static_cast<std::size_t>(p) * H * W;
    float* din = dx.data() + static_cast<std::size_t>(p) * H * W;
    for (int oh = 0; oh < OH; ++oh)
      for (int ow = 0; ow < OW; ++ow) {
        int best = (oh * stride) * W + ow * stride;  // the window's first pixel
        for (int i = 0; i < kernel; ++i)
          for (int j = 0; j < kernel; ++j) {
            const int k = (oh * stride + i) * W + ow * stride + j;
            if (in[k] > in[best]) best = k;  // strictly greater: the first maximum wins
          }
        din[best] += grad_output[(static_cast<std::size_t>(p) * OH + oh) * OW + ow];
      }
  }
  return dx;
}

nn::Tensor im2col(const nn::Tensor& image, int kernel_h, int kernel_w, int stride, int padding) {
  if (image.rank() != 3) throw nn::ShapeError("ex04::im2col: image must be [C, H, W]");
  const int C = image.dim(0), H = image.dim(1), W = image.dim(2);
  const int OH = output_size(H, kernel_h, stride, padding);
  const int OW = output_size(W, kernel_w, stride, padding);
  nn::Tensor columns({C * kernel_h * kernel_w, OH * OW});
  for (int c = 0; c < C; ++c)
    for (int i = 0; i < kernel_h; ++i)
      for (int j = 0; j < kernel_w; ++j) {
        const int r = (c * kernel_h + i) * kernel_w + j;
        for (int oh = 0; oh < OH; ++oh)
          for (int ow = 0; ow < OW; ++ow) {
            const int h = oh * stride - padding + i, w = ow * stride - padding + j;
            const bool inside = h >= 0 && h < H && w >= 0 && w < W;
            columns.at(r, oh * OW + ow) = inside ? image[(c * H + h) * W + w] : 0.0f;
          }
      }
  return columns;
}

}  // namespace ex04
