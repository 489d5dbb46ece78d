#pragma once
// Changing an image's size, for a pretrained net whose input size is fixed
// (book chapter 10: an ImageNet ResNet expects 224x224 pixels).
#include "nn/tensor.hpp"

namespace nn {

/// Every image of the batch [N, C, H, W] resized to [N, C, height, width] by
/// bilinear interpolation, as torch.nn.functional.interpolate(mode="bilinear",
/// align_corners=False) computes it: output pixel (i, j) samples the input at
/// ((i + 0.5) H / height - 0.5, (j + 0.5) W / width - 0.5), pixel centres
/// mapped onto pixel centres, from its four nearest pixels (clamped at the
/// edges). No smoothing first: shrinking by more than 2x skips pixels.
Tensor resize_bilinear(const Tensor& images, int height, int width);

/// The central height x width window of every image (offsets rounded as
/// torchvision's CenterCrop rounds them). Throws ShapeError if the images are
/// smaller.
Tensor center_crop(const Tensor& images, int height, int width);

}  // namespace nn
