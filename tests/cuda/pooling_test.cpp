// GPU pooling against lib/nn/layers/pooling.cpp. [gpu]
#include "nn/cuda/layers/pooling.hpp"

#include <catch2/catch.hpp>

#include "nn/layers/pooling.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

template <class CpuPool, class GpuPool>
void compare(const Tensor& x, int kernel, int stride) {
  Rng rng(9);
  CpuPool cpu(kernel, stride);
  GpuPool gpu(kernel, stride == 0 ? kernel : stride);
  const Tensor y = cpu.forward(x);
  const Tensor dy = test::random_tensor(y.shape(), rng);
  const Tensor dx = cpu.backward(dy);
  cuda::DeviceTensor dx_in(x), ddy(dy);
  const Tensor y_gpu = gpu.forward(dx_in).to_host();
  const Tensor dx_gpu = gpu.backward(ddy).to_host();
  CHECK(test::relative_difference(y_gpu, y) < 1e-6);
  CHECK(test::relative_difference(dx_gpu, dx) < 1e-6);
}

}  // namespace

TEST_CASE("cuda pooling: max and average, side by side and overlapping", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(8);
  const Tensor x = test::random_tensor({4, 3, 11, 13}, rng);  // 11, 13: leftover rows and columns
  compare<MaxPool2D, cuda::MaxPool2D>(x, 2, 0);
  compare<MaxPool2D, cuda::MaxPool2D>(x, 3, 2);  // overlapping windows: gradients add
  compare<AvgPool2D, cuda::AvgPool2D>(x, 2, 0);
  compare<AvgPool2D, cuda::AvgPool2D>(x, 3, 2);
}

TEST_CASE("cuda pooling: ties go to the first maximum, as on the CPU", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  compare<MaxPool2D, cuda::MaxPool2D>(Tensor({2, 2, 6, 6}, 1.0f), 2, 0);
  compare<MaxPool2D, cuda::MaxPool2D>(Tensor({1, 1, 7, 7}, 0.0f), 3, 2);
}

TEST_CASE("cuda pooling: global average pooling matches nn::GlobalAvgPool2D", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(10);
  // 8x8: ResNet-20's last stage; 1x1: a plane of one pixel; 37x5: a plane
  // longer than a warp's 32 lanes, not a multiple of 32. 3 * 7 = 21 planes:
  // the last block of 8 warps is only partly used.
  for (const Shape& s : {Shape{4, 16, 8, 8}, Shape{2, 3, 1, 1}, Shape{3, 7, 37, 5}}) {
    INFO(to_string(s));
    GlobalAvgPool2D cpu;
    cuda::GlobalAvgPool2D gpu;
    test::compare_layer(cpu, gpu, test::random_tensor(s, rng), 1e-6);
  }
}
