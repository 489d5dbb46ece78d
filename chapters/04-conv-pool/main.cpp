// Chapter 04: convolution and pooling. The convolution operator written as a
// plain loop, hand-made edge filters on a photograph and on MNIST digits,
// padding and stride, 2x2 max pooling, and im2col: the same convolution as one
// matrix product. Nothing is trained. Book page: book/04-conv-pool.md.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "nn/cli.hpp"
#include "nn/data/image.hpp"
#include "nn/data/mnist.hpp"
#include "nn/gemm.hpp"
#include "nn/im2col.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/plot.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "support.hpp"

using namespace nn;

//! [correlate]
// What deep learning calls a convolution (strictly, a cross-correlation):
// slide the kernel over the image and, at each position, sum the products of
// the kernel with the pixels under it. image [H, W], kernel [KH, KW], zero
// padding P, stride S -> [OH, OW] with OH = (H + 2P - KH) / S + 1.
static Tensor correlate(const Tensor& image, const Tensor& kernel, int stride = 1,
                        int padding = 0) {
  const int H = image.dim(0), W = image.dim(1), KH = kernel.dim(0), KW = kernel.dim(1);
  const int OH = conv_output_size(H, KH, stride, padding);
  const int OW = conv_output_size(W, KW, stride, padding);
  Tensor out({OH, OW});
  for (int oh = 0; oh < OH; ++oh)
    for (int ow = 0; ow < OW; ++ow) {
      float sum = 0.0f;
      for (int i = 0; i < KH; ++i)
        for (int j = 0; j < KW; ++j) {
          const int h = oh * stride - padding + i, w = ow * stride - padding + j;
          if (h >= 0 && h < H && w >= 0 && w < W) sum += kernel.at(i, j) * image.at(h, w);
        }
      out.at(oh, ow) = sum;
    }
  return out;
}
//! [correlate]

//! [im2col-conv]
// All filters at once: weight [OC, C, KH, KW] viewed as a matrix [OC, C*KH*KW]
// times the columns of im2col [C*KH*KW, OH*OW] gives the output [OC, OH*OW].
static Tensor convolve_im2col(const Tensor& image, const Tensor& weight, int stride, int padding) {
  const int OC = weight.dim(0), KH = weight.dim(2), KW = weight.dim(3);
  const Tensor columns = im2col(image, KH, KW, stride, padding);  // image [C, H, W]
  const int K = columns.dim(0), positions = columns.dim(1);
  Tensor out({OC, positions});
  sgemm(Transpose::No, Transpose::No, OC, positions, K, 1.0f, weight.data(), K, columns.data(),
        positions, 0.0f, out.data(), positions);
  return out;
}
//! [im2col-conv]

// 1. The two classic edge detectors on the photograph, with padding 1.
static void photo_edges(const Tensor& photo, const Tensor& vertical, const Tensor& horizontal,
                        const std::string& out) {
  const Tensor v = correlate(photo, vertical, 1, 1), h = correlate(photo, horizontal, 1, 1);
  const float scale = std::max(max_abs(v), max_abs(h));
  fmt::print(
      "edge filters on the photograph ({}x{}, padding 1): largest |response| {:.2f} "
      "(vertical edges), {:.2f} (horizontal edges) of a possible 3\n",
      photo.dim(1), photo.dim(0), max_abs(v), max_abs(h));
  plot_image_grid(out + "/photo_edges.png",
                  "The photograph, its vertical and horizontal edges (signed: grey = 0), and |G|",
                  stack({photo, signed_grey(v, scale), signed_grey(h, scale), magnitude(v, h)}), 4);
}

// 2. The same filters on MNIST digits: a row of digits, then each response.
static void digit_edges(const Tensor& digits, const Tensor& vertical, const Tensor& horizontal,
                        const std::string& out) {
  std::vector<Tensor> rows[4];
  MaxPool2D pool(2);
  for (int n = 0; n < digits.rows(); ++n) {
    const Tensor d = plane(digits, n);
    const Tensor v = correlate(d, vertical, 1, 1), h = correlate(d, horizontal, 1, 1);
    const float scale = std::max(max_abs(v), max_abs(h));
    rows[0].push_back(d);
    rows[1].push_back(signed_grey(v, scale));
    rows[2].push_back(signed_grey(h, scale));
    const Tensor pooled = pool.forward(magnitude(v, h).reshaped({1, 1, 28, 28}));
    rows[3].push_back(enlarge(pooled.reshaped({14, 14}), 2));
  }
  std::vector<Tensor> all;
  for (auto& r : rows) all.insert(all.end(), r.begin(), r.end());
  plot_image_grid(out + "/mnist_edges.png",
                  "Digits; vertical and horizontal edges (grey = 0); |G| max-pooled 2x2 (14x14)",
                  stack(all), digits.rows());
}

// 3. Output sizes for some kernel, padding and stride choices, by the
// formula and by running the loop.
static void size_table(const Tensor& photo, const Tensor& digit) {
  struct Case {
    const Tensor* image;
    const char* what;
    int kernel, padding, stride;
  };
  const Case cases[] = {{&photo, "photo", 3, 0, 1}, {&photo, "photo", 3, 1, 1},
                        {&photo, "photo", 3, 1, 2}, {&photo, "photo", 3, 0, 2},
                        {&photo, "photo", 5, 2, 1}, {&photo, "photo", 7, 3, 2},
                        {&digit, "digit", 5, 0, 1}, {&digit, "digit", 3, 1, 2},
                        {&digit, "digit", 3, 0, 3}, {&digit, "digit", 2, 0, 2}};
  fmt::print("\noutput sizes, OH = (H + 2P - K) / S + 1 (rounded down)\n");
  fmt::print("{:<6} {:>5} {:>3} {:>3} {:>3} {:>9} {:>9} {:>8}\n", "image", "H", "K", "P", "S",
             "formula", "measured", "unused");
  for (const Case& c : cases) {
    const int H = c.image->dim(0);
    const Tensor y = correlate(*c.image, Tensor({c.kernel, c.kernel}, 1.0f), c.stride, c.padding);
    const int unused = (H + 2 * c.padding - c.kernel) % c.stride;  // rows never reached
    fmt::print("{:<6} {:>5} {:>3} {:>3} {:>3} {:>9} {:>9} {:>8}\n", c.what, H, c.kernel, c.padding,
               c.stride, conv_output_size(H, c.kernel, c.stride, c.padding), y.dim(0), unused);
  }
}

// 4. Stride 2 and 2x2 max pooling on a crop of the vertical-edge response.
static void stride_and_pool(const Tensor& photo, const Tensor& vertical, const std::string& out,
                            Summary& summary) {
  const int side = std::min({128, photo.dim(0), photo.dim(1)}) / 2 * 2;
  const Tensor crop = crop_around(photo, side, 0.3f, 0.5f);  // the cameraman's face and camera
  //! [stride-pool]
  const Tensor stride1 = correlate(crop, vertical, 1, 1);  // side x side
  const Tensor stride2 = correlate(crop, vertical, 2, 1);  // side/2 x side/2
  MaxPool2D pool(2);                                       // 2x2 windows, stride 2
  const Tensor pooled = pool.forward(abs_of(stride1).reshaped({1, 1, side, side}));
  //! [stride-pool]
  fmt::print("\ncrop {}x{}: stride 1 -> {}x{}, stride 2 -> {}x{}, max-pooled 2x2 -> {}x{}\n", side,
             side, stride1.dim(0), stride1.dim(1), stride2.dim(0), stride2.dim(1), pooled.dim(2),
             pooled.dim(3));
  // Stride 2 keeps every second output of stride 1: the same numbers, fewer.
  float diff = 0.0f;
  for (int r = 0; r < stride2.dim(0); ++r)
    for (int c = 0; c < stride2.dim(1); ++c)
      diff = std::max(diff, std::fabs(stride2.at(r, c) - stride1.at(2 * r, 2 * c)));
  fmt::print("stride 2 = every second row and column of stride 1: max |difference| {}\n", diff);
  summary.set("stride2_vs_subsampled_max_abs_diff", diff);
  const float scale = max_abs(stride1);
  plot_image_grid(
      out + "/stride_pool.png",
      "Crop; |vertical edges|: stride 1, stride 2, stride 1 max-pooled 2x2",
      stack({crop, scaled(abs_of(stride1), scale), enlarge(scaled(abs_of(stride2), scale), 2),
             enlarge(scaled(pooled.reshaped({side / 2, side / 2}), scale), 2)}),
      4);
}

// 5. The colour photograph through a Conv2D layer with 3 input channels.
static void colour_edges(const Tensor& cat, const Tensor& vertical, const Tensor& horizontal,
                         const std::string& out) {
  Rng rng(0);
  Conv2D conv(3, 2, 3, rng, 1, 1);
  for (int c = 0; c < 3; ++c)  // each filter: the edge kernel on every channel, / 3
    for (int k = 0; k < 9; ++k) {
      conv.weight()[(0 * 3 + c) * 9 + k] = vertical[k] / 3;
      conv.weight()[(1 * 3 + c) * 9 + k] = horizontal[k] / 3;
    }
  conv.bias().fill(0.0f);
  const Tensor y = conv.forward(cat);  // [1, 2, H, W]
  const int H = y.dim(2), W = y.dim(3);
  const Tensor v = plane(y, 0), h = plane(y, 1);
  const float scale = std::max(max_abs(v), max_abs(h));
  fmt::print("\n{} on the colour photograph ({}x{}): output {}\n", conv.name(), W, H,
             to_string(y.shape()));
  plot_image_grid(
      out + "/colour_edges.png",
      "A colour photograph through Conv2D(3 -> 2, 3x3): vertical, horizontal edges, |G|",
      stack_rgb(
          {cat.reshaped({3, H, W}), signed_grey(v, scale), signed_grey(h, scale), magnitude(v, h)}),
      4);
}

// 6. im2col + sgemm against the direct loop, on the photograph: `filters`
// filters of k x k (the two edge detectors, then random ones), padding k / 2.
static double time_both(const Tensor& photo, const Tensor& vertical, const Tensor& horizontal,
                        int filters, int k, Summary& summary, const std::string& key) {
  const int H = photo.dim(0), W = photo.dim(1);
  Tensor weight({filters, 1, k, k});
  Rng rng(7);
  for (float& w : weight.values()) w = rng.normal(0.0f, 1.0f / k);
  if (k == 3) {
    std::copy(vertical.values().begin(), vertical.values().end(), weight.data());
    std::copy(horizontal.values().begin(), horizontal.values().end(), weight.data() + 9);
  }
  Tensor direct({filters, H * W}), fast;
  const double loop_s = best_of(3, [&] {
    for (int o = 0; o < filters; ++o) {
      const Tensor y = correlate(photo, plane(weight, o), 1, k / 2);
      std::copy(y.values().begin(), y.values().end(), direct.row(o));
    }
  });
  const double im2col_s = best_of(3, [&] {
    fast = convolve_im2col(photo.reshaped({1, H, W}), weight, 1, k / 2);
  });
  const float diff = max_abs_diff(direct, fast);
  fmt::print("{:>7} {:>6} {:>14.2f} {:>16.2f} {:>8.1f}x {:>16.3g}\n", filters,
             fmt::format("{}x{}", k, k), 1e3 * loop_s, 1e3 * im2col_s, loop_s / im2col_s, diff);
  summary.set("im2col_max_abs_diff" + key, diff);
  summary.set("speedup" + key, loop_s / im2col_s);
  summary.set("direct_ms" + key, 1e3 * loop_s);
  summary.set("im2col_ms" + key, 1e3 * im2col_s);
  return diff;
}

static void im2col_versus_loops(const Tensor& photo, const Tensor& vertical,
                                const Tensor& horizontal, Summary& summary) {
  const Tensor tiny({4, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  fmt::print("\nim2col of the 4x4 image 1..16 for a 3x3 kernel (9 rows, one column per output):\n");
  const Tensor cols = im2col(tiny.reshaped({1, 4, 4}), 3, 3);
  for (int r = 0; r < cols.dim(0); ++r) {
    for (int q = 0; q < cols.dim(1); ++q) fmt::print("{:4}", cols.at(r, q));
    fmt::print("\n");
  }
  fmt::print("\nthe {}x{} photograph, stride 1, padding k/2 (sgemm threads: {}, best of 3):\n",
             photo.dim(1), photo.dim(0), threads());
  fmt::print("{:>7} {:>6} {:>14} {:>16} {:>9} {:>16}\n", "filters", "kernel", "direct loop ms",
             "im2col+sgemm ms", "speed-up", "max |difference|");
  time_both(photo, vertical, horizontal, 16, 3, summary, "");
  time_both(photo, vertical, horizontal, 64, 5, summary, "_64_filters_5x5");
}

int main(int argc, char** argv) try {
  ChapterCli cli("04-conv-pool", "Convolution, edge filters, padding, stride, pooling and im2col",
                 {.epochs = 0, .lr = 0.0f});
  if (auto code = cli.parse(argc, argv)) return *code;
  const ChapterOptions& o = cli.options();
  Stopwatch clock;
  Summary summary("04-conv-pool", "photographs (scikit-image: camera, chelsea) and MNIST digits");

  //! [edge-kernels]
  // Left minus right: positive where brightness falls from left to right.
  const Tensor vertical({3, 3}, {1, 0, -1, 1, 0, -1, 1, 0, -1});
  // Its transpose, top minus bottom: responds to horizontal edges.
  const Tensor horizontal({3, 3}, {1, 1, 1, 0, 0, 0, -1, -1, -1});
  //! [edge-kernels]

  const Photos photos = load_photos(o.data + "/photos", o.quick);
  const Tensor photo = photos.grey.reshaped({photos.grey.dim(2), photos.grey.dim(3)});
  const Dataset test = load_mnist(o.data + "/mnist", false, 8);

  photo_edges(photo, vertical, horizontal, o.out);
  digit_edges(test.x, vertical, horizontal, o.out);
  size_table(photo, plane(test.x, 0));
  stride_and_pool(photo, vertical, o.out, summary);
  colour_edges(photos.colour, vertical, horizontal, o.out);
  im2col_versus_loops(photo, vertical, horizontal, summary);

  summary.set("photo", photos.synthetic ? "synthetic" : "camera.png");
  summary.set("epochs", 0);
  summary.finish(o.out, clock.seconds());
} catch (const std::exception& e) {
  return report_error(e);
}
