#include "nn/layers/conv2d.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "nn/errors.hpp"
#include "nn/gemm.hpp"
#include "nn/gradcheck.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/dropout.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/sequential.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// One configuration: batch, channels in and out, image size, kernel, stride, padding.
struct Case {
  int n, c, oc, h, w, k, s, p;
};

std::string describe(const Case& t) {
  return fmt::format("N{} C{} OC{} {}x{} K{} S{} P{}", t.n, t.c, t.oc, t.h, t.w, t.k, t.s, t.p);
}

// Conv2D with random (nonzero) bias, and a random input for it.
Conv2D make_conv(const Case& t, Rng& rng) {
  Conv2D conv(t.c, t.oc, t.k, rng, t.s, t.p);
  conv.bias() = test::random_tensor({t.oc}, rng);
  return conv;
}

}  // namespace

TEST_CASE("Conv2D equals the direct loop nest", "[conv]") {
  Rng rng(50);
  for (const Case& t :
       {Case{2, 1, 3, 6, 6, 3, 1, 0}, Case{2, 3, 4, 7, 5, 3, 2, 1}, Case{1, 2, 3, 8, 6, 5, 1, 2},
        Case{3, 4, 2, 5, 7, 1, 1, 0}, Case{2, 2, 5, 9, 9, 3, 2, 2}, Case{1, 3, 2, 5, 5, 5, 1, 0},
        Case{2, 1, 8, 28, 20, 3, 1, 1}, Case{1, 2, 2, 6, 11, 2, 3, 0}}) {
    INFO(describe(t));
    Conv2D conv = make_conv(t, rng);
    const Tensor x = test::random_tensor({t.n, t.c, t.h, t.w}, rng);
    const Tensor y = conv.forward(x);
    const Tensor expected = conv2d_direct(x, conv.weight(), conv.bias(), t.s, t.p);
    REQUIRE(y.shape() == expected.shape());
    CHECK(y.shape() == conv.output_shape(x.shape()));
    CHECK(max_abs_diff(y, expected) < 1e-5f);
  }
}

TEST_CASE("Conv2D finds a vertical edge with a hand-made filter", "[conv]") {
  // The classic example: bright left half, dark right half. The filter
  // [[1, 0, -1]] x 3 rows answers 3 * (10 - 0) = 30 where the window spans the edge.
  Rng rng(51);
  Conv2D conv(1, 1, 3, rng);
  conv.weight() = Tensor({1, 1, 3, 3}, {1, 0, -1, 1, 0, -1, 1, 0, -1});
  conv.bias() = Tensor({1}, 0.0f);
  Tensor image({1, 1, 6, 6});
  for (int h = 0; h < 6; ++h)
    for (int w = 0; w < 3; ++w) image[h * 6 + w] = 10.0f;
  const Tensor y = conv.forward(image);
  REQUIRE(y.shape() == Shape{1, 1, 4, 4});
  for (int h = 0; h < 4; ++h)
    CHECK(std::vector<float>(y.data() + 4 * h, y.data() + 4 * h + 4) ==
          std::vector<float>{0, 30, 30, 0});
}

TEST_CASE("Conv2D gradients pass the gradient check", "[conv][gradcheck]") {
  Rng rng(52);
  for (const Case& t :
       {Case{2, 2, 3, 5, 6, 3, 1, 0}, Case{2, 2, 3, 6, 5, 3, 2, 1}, Case{1, 3, 2, 5, 5, 3, 1, 2},
        Case{2, 3, 2, 4, 4, 1, 1, 0}, Case{1, 2, 2, 7, 7, 5, 2, 2}}) {
    Conv2D conv = make_conv(t, rng);
    const auto report = gradcheck(conv, test::random_tensor({t.n, t.c, t.h, t.w}, rng));
    INFO(describe(t) << "\n" << report.to_string());
    CHECK(report.passed());
    CHECK(report.results.size() == 3);  // input, weight, bias
  }
}

TEST_CASE("Conv2D gradients accumulate until zero_grad", "[conv]") {
  Rng rng(53);
  Conv2D conv(2, 3, 3, rng, 1, 1);
  const Tensor x = test::random_tensor({2, 2, 4, 4}, rng);
  conv.forward(x);
  const Tensor dy = test::random_tensor({2, 3, 4, 4}, rng);
  conv.backward(dy);
  const Tensor once = *conv.parameters()[0].grad;
  conv.backward(dy);
  for (std::size_t i = 0; i < once.size(); ++i)
    CHECK(conv.parameters()[0].grad->values()[i] == Approx(2 * once[i]));
  conv.zero_grad();
  CHECK(all_finite(*conv.parameters()[1].grad));
  CHECK(conv.parameters()[1].grad->values() == std::vector<float>(3, 0.0f));
}

TEST_CASE("Conv2D results do not depend on the thread count", "[conv]") {
  Rng rng(54);
  Conv2D conv(3, 16, 3, rng, 1, 1);
  const Tensor x = test::random_tensor({8, 3, 12, 12}, rng);
  const Tensor dy = test::random_tensor({8, 16, 12, 12}, rng);
  const int saved = threads();
  auto run = [&](int n) {
    set_threads(n);
    conv.zero_grad();
    std::vector<Tensor> out{conv.forward(x), conv.backward(dy)};
    out.push_back(*conv.parameters()[0].grad);
    out.push_back(*conv.parameters()[1].grad);
    return out;
  };
  const auto one = run(1), three = run(3);
  set_threads(saved);
  for (std::size_t i = 0; i < one.size(); ++i) CHECK(one[i].values() == three[i].values());
}

TEST_CASE("Conv2D in inference mode keeps no input: backward then fails", "[conv]") {
  Rng rng(55);
  Conv2D conv(2, 4, 3, rng, 2, 1);
  const Tensor x = test::random_tensor({3, 2, 7, 7}, rng);
  const Tensor trained = conv.forward(x);
  conv.set_training(false);
  CHECK(conv.forward(x).values() == trained.values());
  CHECK_THROWS_WITH(conv.backward(trained), Catch::Contains("training mode"));
}

// Sequential hands each layer its input (forward_in_place), and Conv2D keeps
// it for backward, which builds the columns again from it: the results must
// be those of forward(x), for the latest batch.
TEST_CASE("Conv2D's forward_in_place equals forward, and backward uses the latest batch",
          "[conv]") {
  Rng rng(57), same(57);
  Conv2D copying(3, 5, 3, rng, 2, 1), in_place(3, 5, 3, same, 2, 1);
  const Tensor first = test::random_tensor({4, 3, 9, 9}, rng);
  const Tensor second = test::random_tensor({4, 3, 9, 9}, rng);
  const Tensor dy = test::random_tensor({4, 5, 5, 5}, rng);
  in_place.forward_in_place(Tensor(first));
  const Tensor y = in_place.forward_in_place(Tensor(second));
  CHECK(y.values() == copying.forward(second).values());
  CHECK(in_place.backward(dy).values() == copying.backward(dy).values());
  CHECK(in_place.parameters()[0].grad->values() == copying.parameters()[0].grad->values());
  CHECK(in_place.parameters()[1].grad->values() == copying.parameters()[1].grad->values());
}

TEST_CASE("Conv2D names itself and both shapes on a wrong input", "[conv][bad-input]") {
  Rng rng(56);
  Conv2D conv(1, 32, 3, rng);
  CHECK(conv.name() == "Conv2D(1 -> 32, 3x3)");
  CHECK(Conv2D(3, 8, 5, rng, 2, 1).name() == "Conv2D(3 -> 8, 5x5, stride 2, padding 1)");
  CHECK(conv.output_shape({64, 1, 28, 28}) == Shape{64, 32, 26, 26});
  CHECK(Conv2D(3, 8, 3, rng, 2, 1).output_shape({1, 3, 32, 32}) == Shape{1, 8, 16, 16});
  // Wrong channel count, wrong rank, too small an image.
  CHECK_THROWS_AS(conv.forward(Tensor({2, 3, 28, 28})), ShapeError);
  CHECK_THROWS_WITH(conv.forward(Tensor({2, 3, 28, 28})), Catch::Contains("Conv2D(1 -> 32, 3x3)") &&
                                                              Catch::Contains("[N, 1, H, W]") &&
                                                              Catch::Contains("[2, 3, 28, 28]"));
  CHECK_THROWS_WITH(conv.forward(Tensor({64, 784})),
                    Catch::Contains("Conv2D(1 -> 32, 3x3)") && Catch::Contains("[64, 784]"));
  CHECK_THROWS_WITH(conv.forward(Tensor({1, 1, 2, 5})),
                    Catch::Contains("Conv2D(1 -> 32, 3x3)") && Catch::Contains("[1, 1, 2, 5]") &&
                        Catch::Contains("smaller than the 3x3 kernel"));
  CHECK_NOTHROW(Conv2D(1, 2, 3, rng, 1, 1).forward(Tensor({1, 1, 1, 1})));  // padding makes room
  conv.forward(Tensor({2, 1, 5, 5}));
  CHECK_THROWS_WITH(conv.backward(Tensor({2, 32, 4, 4})),
                    Catch::Contains("Conv2D(1 -> 32, 3x3) backward") &&
                        Catch::Contains("[2, 32, 3, 3]") && Catch::Contains("[2, 32, 4, 4]"));
  CHECK_THROWS_AS(Conv2D(1, 2, 0, rng), Error);
}

TEST_CASE("a Sequential ConvNet names its weights as PyTorch does", "[conv]") {
  Rng rng(57);
  Sequential model;
  model.add<Conv2D>(1, 4, 3, rng, 1, 1);
  model.add<ReLU>();
  model.add<MaxPool2D>(2);
  model.add<Flatten>();
  model.add<Dense>(4 * 4 * 4, 3, rng);
  const auto params = model.parameters();
  REQUIRE(params.size() == 4);
  CHECK(params[0].name == "0.weight");
  CHECK(params[0].value->shape() == Shape{4, 1, 3, 3});
  CHECK(params[1].name == "0.bias");
  CHECK(params[1].value->shape() == Shape{4});
  CHECK(params[2].name == "4.weight");

  const Tensor x = test::random_tensor({2, 1, 8, 8}, rng);
  const Tensor y = model.forward(x);
  CHECK(y.shape() == Shape{2, 3});
  namespace fs = std::filesystem;
  const fs::path file =
      fs::temp_directory_path() / ("nn_conv_test_" + std::to_string(::getpid()) + ".safetensors");
  model.save(file.string());
  Sequential copy;
  copy.add<Conv2D>(1, 4, 3, rng, 1, 1);
  copy.add<ReLU>();
  copy.add<MaxPool2D>(2);
  copy.add<Flatten>();
  copy.add<Dense>(4 * 4 * 4, 3, rng);
  copy.load(file.string());
  fs::remove(file);
  CHECK(copy.forward(x).values() == y.values());
}

TEST_CASE("the Keras MNIST ConvNet has Keras's parameter count", "[conv]") {
  Rng rng(58);
  Sequential model;
  model.add<Conv2D>(1, 32, 3, rng);
  model.add<ReLU>();
  model.add<Conv2D>(32, 64, 3, rng);
  model.add<ReLU>();
  model.add<MaxPool2D>(2);
  model.add<Dropout>(0.25f, rng.split());
  model.add<Flatten>();
  model.add<Dense>(9216, 128, rng, true);
  model.add<ReLU>();
  model.add<Dropout>(0.5f, rng.split());
  model.add<Dense>(128, 10, rng);
  const std::string summary = model.summary({1, 1, 28, 28});
  INFO(summary);
  CHECK(model.parameter_count() == 1199882);  // as Keras's model.summary() prints it
  CHECK_THAT(summary, Catch::Contains("[1, 64, 12, 12]") && Catch::Contains("[1, 9216]"));
}

// ---------------------------------------------------------------- planted bugs

namespace {

// Bug: dx uses the kernel as it is, not rotated by 180 degrees. (Done here by
// rotating the weight before the correct backward: the two are the same bug.)
struct Conv2DUnflippedKernel : Conv2D {
  using Conv2D::Conv2D;
  void rotate() {
    Tensor& w = weight();
    const int k = kernel_h() * kernel_w();
    for (std::size_t f = 0; f < w.size(); f += k) std::reverse(w.data() + f, w.data() + f + k);
  }
  Tensor backward(const Tensor& dy) override {
    rotate();
    Tensor dx = Conv2D::backward(dy);
    rotate();
    return dx;
  }
};

// Bug: col2im assigns instead of adding, so where windows overlap only the
// last window's gradient reaches the pixel.
struct Conv2DOverwritingCol2im : Conv2D {
  using Conv2D::Conv2D;
  Shape in;
  Tensor forward(const Tensor& x) override {
    in = x.shape();
    return Conv2D::forward(x);
  }
  Tensor backward(const Tensor& dy) override {
    Conv2D::backward(dy);  // parameter gradients stay right
    const ConvGeometry g = geometry(in);
    const int rows = g.patch_size(), cols = g.positions();
    Tensor dx(in), dcols({rows, cols});
    for (int i = 0; i < in[0]; ++i) {
      sgemm(Transpose::Yes, Transpose::No, rows, cols, out_channels(), 1.0f, weight().data(), rows,
            dy.row(i), cols, 0.0f, dcols.data(), cols);
      for (int r = 0; r < rows; ++r) {
        const int c = r / (g.kernel_h * g.kernel_w), ki = r / g.kernel_w % g.kernel_h,
                  kj = r % g.kernel_w;
        for (int q = 0; q < cols; ++q) {
          const int h = q / g.out_w() * g.stride - g.padding + ki;
          const int w = q % g.out_w() * g.stride - g.padding + kj;
          if (h >= 0 && h < g.height && w >= 0 && w < g.width)
            dx.row(i)[(c * g.height + h) * g.width + w] = dcols.at(r, q);  // = instead of +=
        }
      }
    }
    return dx;
  }
};

}  // namespace

TEST_CASE("gradcheck catches a convolution backward with an unflipped kernel",
          "[conv][gradcheck][planted-bug]") {
  Rng rng(59);
  Conv2DUnflippedKernel conv(2, 3, 3, rng, 1, 1);
  const auto report = gradcheck(conv, test::random_tensor({2, 2, 5, 5}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
  CHECK(report.results[0].failed > 0);   // input gradient wrong
  CHECK(report.results[1].failed == 0);  // weight gradient still right
}

TEST_CASE("gradcheck catches a col2im that overwrites instead of adding",
          "[conv][gradcheck][planted-bug]") {
  Rng rng(60);
  Conv2DOverwritingCol2im conv(2, 3, 3, rng);
  const auto report = gradcheck(conv, test::random_tensor({2, 2, 6, 6}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
  CHECK(report.results[0].failed > 0);
  CHECK(report.results[1].failed == 0);
}
