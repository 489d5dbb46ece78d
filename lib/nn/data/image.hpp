#pragma once
// Images from files (PNG, JPEG, BMP, GIF, ...), decoded by stb_image: the
// photographs of book chapter 04 and, later, folders of images. The result
// is a batch of one image, [1, C, H, W], pixels scaled to [0, 1], so it goes
// straight into a Conv2D layer or plot_image_grid.
#include <string>

#include "nn/tensor.hpp"

namespace nn {

/// The largest width or height load_image accepts (so at most 100 megapixels).
/// A corrupt or malicious header can claim any size; stb_image would try to
/// allocate it, so larger claims are refused before anything is decoded.
inline constexpr int kMaxImageSide = 10000;

/// Reads the image at `path` as [1, channels, H, W] with values in [0, 1].
/// `channels` is 1 (grey: colour images are converted with stb_image's
/// luma weights, about 0.30 R + 0.59 G + 0.11 B) or 3 (RGB: a grey image is
/// repeated in all three). An alpha channel is dropped; 16-bit images are
/// reduced to 8 bits. Throws DataError naming the file and the problem (not
/// found, not an image, truncated or corrupt, larger than kMaxImageSide) and
/// Error for a `channels` other than 1 or 3.
Tensor load_image(const std::string& path, int channels);

}  // namespace nn
