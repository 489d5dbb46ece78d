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
// OVERWRITES the image (the CPU col2im adds to it).
#include "nn/im2col.hpp"

namespace nn::cuda {

void im2col(const float* images, int batch, const ConvGeometry& g, float* columns);
void col2im(const float* columns, int batch, const ConvGeometry& g, float* images);

/// The layouts a convolution moves between (C = channels, Q = positions):
/// blocked [C, N*Q] + bias[C] -> nchw [N, C, Q]   (forward's output; bias may be null)
void blocked_to_nchw(const float* blocked, const float* bias, int batch, int channels,
                     int positions, float* nchw);
/// nchw [N, C, Q] -> blocked [C, N*Q]             (backward's incoming gradient)
void nchw_to_blocked(const float* nchw, int batch, int channels, int positions, float* blocked);

}  // namespace nn::cuda
