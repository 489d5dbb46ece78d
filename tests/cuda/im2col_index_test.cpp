// The im2col and col2im kernels' index arithmetic, run on the CPU (no GPU
// needed): each kernel computes one output element per thread with a
// function from cuda/nn/cuda/kernels/im2col_index.hpp; here those very
// functions run over every element, and the results are compared with
// lib/nn/im2col.cpp. What this cannot check: the CUDA side itself (launch
// shapes), which the [gpu] tests do (kernels_test.cpp, layers_test.cpp).
#include "nn/cuda/kernels/im2col_index.hpp"

#include <catch2/catch.hpp>
#include <tuple>

#include "nn/im2col.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

TEST_CASE("cuda im2col index: im2col entries and col2im pixels match lib/nn/im2col.cpp", "[cuda]") {
  Rng rng(30);
  for (auto [stride, padding, kh, kw] :
       {std::tuple{1, 0, 3, 3}, std::tuple{2, 1, 3, 2}, std::tuple{3, 2, 2, 4}}) {
    const int n = 3;
    const ConvGeometry g{.channels = 2,
                         .height = 9,
                         .width = 8,
                         .kernel_h = kh,
                         .kernel_w = kw,
                         .stride = stride,
                         .padding = padding};
    const cuda::Im2colGeometry index = cuda::im2col_geometry(n, g);
    const std::size_t width = index.columns(), image = 2 * 9 * 8;
    const Tensor x = test::random_tensor({n, 2, 9, 8}, rng);
    Tensor want({g.patch_size(), static_cast<int>(width)}), got(want.shape());
    for (int i = 0; i < n; ++i)
      im2col(x.data() + i * image, g, want.data() + i * g.positions(), width);
    for (std::size_t e = 0; e < got.size(); ++e) got[e] = cuda::im2col_entry(x.data(), index, e);
    CHECK(got.values() == want.values());

    const Tensor c = test::random_tensor(want.shape(), rng);
    Tensor back({n, 2, 9, 8}, 0.0f), gathered(back.shape());
    for (int i = 0; i < n; ++i)
      col2im(c.data() + i * g.positions(), g, back.data() + i * image, width);
    for (std::size_t p = 0; p < gathered.size(); ++p)
      gathered[p] = cuda::col2im_pixel(c.data(), index, p);
    CHECK(test::relative_difference(gathered, back) < 1e-6);
  }
}
