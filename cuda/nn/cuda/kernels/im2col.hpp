#pragma once
// im2col and col2im on the GPU (book chapter 09), for a whole batch at once,
// in the layout of lib/nn/im2col.hpp with the batch side by side:
//
//   images  [N, C, H, W]
//   columns [C*KH*KW, N*OH*OW]: row (c*KH + i)*KW + j, column n*OH*OW + oh*OW + ow
//           holds images[n][c][oh*S - P + i][ow*S - P + j] (0 in the padding).
//
// One thread per entry of the output. col2im is the adjoint: each pixel
// GATHERS the entries copied from it (rather than each entry adding itself
// to its pixel, which would need atomics and lose determinism), and it
// OVERWRITES the image (the CPU col2im adds to it). The kernels are in
// im2col.cu, their index arithmetic in im2col_index.hpp.
#include "nn/im2col.hpp"

namespace nn::cuda {

void im2col(const float* images, int batch, const ConvGeometry& g, float* columns);
void col2im(const float* columns, int batch, const ConvGeometry& g, float* images);

/// The two layouts a convolution's output moves between (C channels,
/// P = OH*OW positions per image):
///   c_np [C, N*P]     the product W cols: row c holds channel c of every image, side by side
///   nchw [N, C, P]    the layer's output (and its incoming gradient)
/// c_np + bias[C] -> nchw   (forward's output; bias may be null)
void c_np_to_nchw(const float* c_np, const float* bias, int batch, int channels, int positions,
                  float* nchw);
/// nchw -> c_np             (backward's incoming gradient)
void nchw_to_c_np(const float* nchw, int batch, int channels, int positions, float* c_np);

}  // namespace nn::cuda
