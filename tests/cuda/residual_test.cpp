// The GPU residual block against nn::Residual (lib/nn/layers/residual.hpp):
// with the identity shortcut and with a projection, forward, backward, every
// parameter gradient (names included) and copy_to. [gpu]
#include "nn/cuda/layers/residual.hpp"

#include <catch2/catch.hpp>

#include "nn/layers/batchnorm.hpp"
#include "nn/layers/residual.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

TEST_CASE("cuda residual: basic blocks with identity and projection shortcuts match nn::Residual",
          "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(30);
  // (in, out, stride): the identity; a projection for more channels and half
  // the size (the first block of ResNet-20's stages 2 and 3).
  for (auto [in, out, stride] : {std::tuple{4, 4, 1}, std::tuple{4, 8, 2}}) {
    auto cpu = basic_block(in, out, stride, rng);
    cuda::Residual gpu(*cpu);
    CHECK(gpu.has_projection() == cpu->has_projection());
    CHECK(gpu.name() == cpu->name());
    // Batch norm in training mode inside: 1e-4, as for the layer alone. Every
    // convolution of the block is followed by batch norm, so its bias has no
    // gradient (support/gpu.hpp says why that is checked apart).
    std::vector<std::string> zero = {"body.0.bias", "body.3.bias"};
    if (cpu->has_projection()) zero.push_back("shortcut.0.bias");
    test::compare_layer(*cpu, gpu, test::random_tensor({3, in, 9, 9}, rng), 1e-4, zero);

    // copy_to reaches every layer of both paths, batch-norm statistics included.
    Rng other(31);
    auto back = basic_block(in, out, stride, other);
    gpu.copy_to(*back);
    const auto want = cpu->parameters(), got = back->parameters();
    REQUIRE(want.size() == got.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      INFO(want[i].name);
      CHECK(test::relative_difference(*got[i].value, *want[i].value) == 0.0);
    }
    const auto want_buffers = cpu->buffers(), got_buffers = back->buffers();
    REQUIRE(want_buffers.size() == got_buffers.size());
    for (std::size_t i = 0; i < want_buffers.size(); ++i) {
      INFO(want_buffers[i].name);
      CHECK(test::relative_difference(*got_buffers[i].value, *want_buffers[i].value) < 1e-5);
    }
  }
}

TEST_CASE("cuda residual: training mode reaches the layers inside", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(32);
  auto cpu = basic_block(3, 6, 2, rng);
  cuda::Residual gpu(*cpu);
  cpu->set_training(false);
  gpu.set_training(false);
  // In inference mode the batch norms use their running statistics: a batch
  // of one image is then fine (in training mode its last plane would be a
  // single value per channel).
  const Tensor x = test::random_tensor({1, 3, 2, 2}, rng);
  cuda::DeviceTensor dx_in(x);
  CHECK(test::relative_difference(gpu.forward(dx_in).to_host(), cpu->forward(x)) < 1e-5);
}
