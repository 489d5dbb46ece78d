#pragma once
// Chapter 04 helpers: the photographs (or a synthetic stand-in for smoke
// tests), and small tools to turn filter responses into images for plotting.
// Planes are 2-D tensors [H, W]; image grids are [N, 1, H, W] or [N, 3, H, W].
#include <functional>
#include <string>
#include <vector>

#include "nn/tensor.hpp"

/// The grey cameraman [1, 1, H, W] and the colour cat [1, 3, H, W].
struct Photos {
  nn::Tensor grey, colour;
  bool synthetic = false;  // drawn here, because the files are missing and --quick is set
};

/// Reads camera.png and chelsea.png from `dir`. If they are missing: with
/// `quick`, draws synthetic stand-ins; otherwise throws DataError telling
/// the reader to run `datasets/fetch photos`.
Photos load_photos(const std::string& dir, bool quick);

/// Plane k (an H x W slice) of a tensor whose last two dimensions are H, W.
nn::Tensor plane(const nn::Tensor& t, int k);
/// The side x side square of a plane centred as near as it fits to the point
/// (fy * H, fx * W), fy and fx fractions of the height and width.
nn::Tensor crop_around(const nn::Tensor& image, int side, float fy, float fx);
/// Each pixel repeated factor x factor times (nearest neighbour), for display.
nn::Tensor enlarge(const nn::Tensor& image, int factor);

float max_abs(const nn::Tensor& t);
nn::Tensor abs_of(const nn::Tensor& t);
/// t / scale, for display in [0, 1] (scale 0 is treated as 1).
nn::Tensor scaled(const nn::Tensor& t, float scale);
/// A signed response shown around mid-grey: 0.5 + 0.5 t / scale, so 0 is
/// grey, positive values light and negative values dark.
nn::Tensor signed_grey(const nn::Tensor& t, float scale);
/// The edge strength sqrt(v^2 + h^2) of two responses, scaled to [0, 1].
nn::Tensor magnitude(const nn::Tensor& v, const nn::Tensor& h);

/// Planes [H, W] (all the same size) -> [N, 1, H, W].
nn::Tensor stack(const std::vector<nn::Tensor>& planes);
/// Colour images [3, H, W] and grey planes [H, W] (shown as grey) -> [N, 3, H, W].
nn::Tensor stack_rgb(const std::vector<nn::Tensor>& images);

/// The shortest wall-clock time of `repeats` runs of `f`, in seconds.
double best_of(int repeats, const std::function<void()>& f);
