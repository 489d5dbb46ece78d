#pragma once
// im2col and col2im, book chapter 04: a convolution rewritten as one matrix
// product, so that it runs on the library's fast sgemm.
//
// For one image [C, H, W], a kernel KH x KW, stride S and zero padding P, the
// output is OH x OW with (book chapter 04, "Padding and stride")
//
//     OH = (H + 2P - KH) / S + 1,   OW = (W + 2P - KW) / S + 1   (integer division).
//
// im2col copies every receptive field into one column of a matrix
//
//     columns [C*KH*KW, OH*OW]
//     row    r = (c * KH + i) * KW + j   (channel c, kernel row i, kernel column j)
//     column q = oh * OW + ow            (output position, row-major)
//     columns[r][q] = image[c][oh*S - P + i][ow*S - P + j], or 0 where that is padding.
//
// The row order is exactly the order of a weight stored [OC, C, KH, KW] (as
// torch.nn.Conv2d stores it), so with the weight viewed as [OC, C*KH*KW]
//
//     weight [OC, C*KH*KW]  x  columns [C*KH*KW, OH*OW]  =  output [OC, OH*OW],
//
// which is the output of one image, [OC, OH, OW], already in NCHW order.
//
// col2im is the transpose (adjoint) of im2col: it adds every column entry back
// onto the pixel it was copied from. Pixels that lie in several overlapping
// receptive fields receive the sum of their entries; entries copied from the
// padding are dropped. That is exactly what backpropagation through im2col
// needs (book chapter 04, "im2col").
#include "nn/tensor.hpp"

namespace nn {

/// Output size along one axis: (input + 2 padding - kernel) / stride + 1.
/// Throws ShapeError if the padded input is smaller than the kernel.
int conv_output_size(int input, int kernel, int stride, int padding);

/// The sizes of one convolution over one image.
struct ConvGeometry {
  int channels = 1, height = 1, width = 1;  // the input image [C, H, W]
  int kernel_h = 1, kernel_w = 1;
  int stride = 1, padding = 0;

  int out_h() const { return conv_output_size(height, kernel_h, stride, padding); }
  int out_w() const { return conv_output_size(width, kernel_w, stride, padding); }
  /// Rows of the column matrix: C*KH*KW, the length of one receptive field.
  int patch_size() const { return channels * kernel_h * kernel_w; }
  /// Columns of the column matrix: OH*OW, one per output position.
  int positions() const { return out_h() * out_w(); }
};

/// One image [C, H, W] -> columns [C*KH*KW, OH*OW] (every entry written).
/// `row_stride` is the distance between the starts of two rows of `columns`:
/// OH*OW (the default, 0) for one image's own matrix; N*OH*OW when a batch
/// shares one matrix [C*KH*KW, N*OH*OW] and image n fills columns n*OH*OW
/// onwards (how Conv2D multiplies a whole batch in one sgemm).
void im2col(const float* image, const ConvGeometry& g, float* columns, std::size_t row_stride = 0);
/// Columns [C*KH*KW, OH*OW] -> image [C, H, W]: ADDS each entry onto its pixel.
/// `row_stride` as for im2col.
void col2im(const float* columns, const ConvGeometry& g, float* image, std::size_t row_stride = 0);

/// Tensor forms. An image [C, H, W] gives columns [C*KH*KW, OH*OW]; a batch
/// [N, C, H, W] gives [N, C*KH*KW, OH*OW] (each image's matrix in turn).
Tensor im2col(const Tensor& images, int kernel_h, int kernel_w, int stride = 1, int padding = 0);
/// The inverse layout of im2col: returns a new image tensor of `image_shape`
/// ([C, H, W] or [N, C, H, W]) holding the sums of the overlapping entries.
Tensor col2im(const Tensor& columns, const Shape& image_shape, int kernel_h, int kernel_w,
              int stride = 1, int padding = 0);

/// The convolution as its plain loop nest (book chapter 04, "The convolution"), summed in double:
/// y[n][o][oh][ow] = b[o] + sum over c, i, j of w[o][c][i][j] x[n][c][oh*S-P+i][ow*S-P+j].
/// x [N, C, H, W], weight [OC, C, KH, KW], bias [OC] -> [N, OC, OH, OW].
/// Slow on purpose: the oracle the im2col version is tested against.
Tensor conv2d_direct(const Tensor& x, const Tensor& weight, const Tensor& bias, int stride = 1,
                     int padding = 0);

}  // namespace nn
