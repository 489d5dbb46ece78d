// The pooling kernels' index arithmetic, run on the CPU (no GPU needed):
// each kernel computes one output (forward) or input (backward) element per
// thread with a function from cuda/nn/cuda/kernels/pooling_index.hpp; here
// those very functions run over every element, and the results are compared
// with lib/nn/layers/pooling.cpp. What this cannot check: the CUDA side
// itself (launch shapes), which the [gpu] tests do (pooling_test.cpp).
#include "nn/cuda/kernels/pooling_index.hpp"

#include <catch2/catch.hpp>
#include <utility>
#include <vector>

#include "nn/layers/pooling.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

TEST_CASE("cuda pooling index: pooling windows and gathered gradients match lib's layers",
          "[cuda]") {
  Rng rng(31);
  for (auto [k, s] : {std::pair{2, 2}, std::pair{3, 2}, std::pair{3, 1}, std::pair{2, 3}}) {
    const Tensor x = test::random_tensor({2, 3, 11, 10}, rng);
    MaxPool2D max_pool(k, s);
    AvgPool2D avg_pool(k, s);
    const Tensor y_max = max_pool.forward(x), y_avg = avg_pool.forward(x);
    const Tensor dy = test::random_tensor(y_max.shape(), rng);
    const Tensor dx_max = max_pool.backward(dy), dx_avg = avg_pool.backward(dy);
    const cuda::PoolGeometry g{.planes = 6,
                               .height = 11,
                               .width = 10,
                               .kernel = k,
                               .stride = s,
                               .out_h = y_max.dim(2),
                               .out_w = y_max.dim(3)};
    Tensor got_max(y_max.shape()), got_avg(y_avg.shape()), grad_max(x.shape()), grad_avg(x.shape());
    std::vector<int> argmax(got_max.size());
    for (std::size_t o = 0; o < got_max.size(); ++o) {
      std::size_t best = 0;
      got_max[o] = cuda::maxpool_window(x.data(), g, o, best);
      argmax[o] = static_cast<int>(best);
      CHECK(best == max_pool.argmax()[o]);
      got_avg[o] = cuda::avgpool_window(x.data(), g, o);
    }
    for (std::size_t p = 0; p < x.size(); ++p) {
      grad_max[p] = cuda::maxpool_grad_pixel(dy.data(), argmax.data(), g, p);
      grad_avg[p] = cuda::avgpool_grad_pixel(dy.data(), g, p);
    }
    INFO("kernel " << k << " stride " << s);
    CHECK(got_max.values() == y_max.values());
    CHECK(test::relative_difference(got_avg, y_avg) < 1e-6);
    CHECK(test::relative_difference(grad_max, dx_max) < 1e-6);
    CHECK(test::relative_difference(grad_avg, dx_avg) < 1e-6);
  }
}
