#pragma once
// What is done to images before they reach the network, book chapter 08.
//
// Per-channel normalisation: each colour channel shifted and scaled to mean
// 0 and standard deviation 1, with the mean and deviation measured on the
// TRAINING set and applied unchanged to the test set (the test set must not
// leak into training, not even through its statistics).
//
// Data augmentation: every time an image is drawn for a training batch it is
// changed a little, so the network never sees exactly the same picture twice
// and cannot memorise pixels:
//   random crop with padding  pad the image with `pad` zeros on every side,
//                             then cut out a window of the original size at a
//                             random offset (0 .. 2*pad in each direction):
//                             the content moves by up to `pad` pixels;
//   horizontal flip           with probability 1/2, mirror left and right (a
//                             cat facing left is still a cat; a flipped digit
//                             would not be, so this is for photographs only).
#include <vector>

#include "nn/random.hpp"
#include "nn/tensor.hpp"

namespace nn {

struct ChannelStats {
  std::vector<float> mean, stddev;  // one per channel
};

/// Mean and standard deviation of each channel of an NCHW tensor, over every
/// image and pixel (summed in double).
ChannelStats channel_stats(const Tensor& x);
/// x[:, c] = (x[:, c] - mean[c]) / stddev[c], in place.
void normalise_channels(Tensor& x, const ChannelStats& stats);

struct Augmentation {
  int pad = 0;        // random crop with this much zero padding (0: no crop)
  bool flip = false;  // random horizontal flip
  bool active() const { return pad > 0 || flip; }
};

/// The window of `image` [C, H, W] (one image, planar) padded with `pad`
/// zeros, cut at (top, left) of the padded image, 0 <= top, left <= 2 pad,
/// written to `out` (C*H*W floats). top = left = pad gives the image back.
void crop_with_padding(const float* image, float* out, int channels, int height, int width, int pad,
                       int top, int left);
/// Mirrors each row of `image` [C, H, W] in place.
void flip_horizontal(float* image, int channels, int height, int width);
/// Applies `a` to every image of the batch [N, C, H, W] in place, drawing
/// each image's offsets and flip from `rng` (reproducible from its seed).
void augment_batch(Tensor& x, const Augmentation& a, Rng& rng);

}  // namespace nn
