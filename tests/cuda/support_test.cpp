// The parts of the GPU port that run without a GPU: error messages, argument
// checks, the skip, and the comparison the [gpu] tests rely on.
#include <catch2/catch.hpp>

#include "nn/cuda/check.hpp"
#include "nn/cuda/layers/pooling.hpp"
#include "nn/cuda/loss.hpp"
#include "nn/cuda/sequential.hpp"
#include "nn/cuda/sgemm.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/dropout.hpp"
#include "nn/layers/pooling.hpp"
#include "support/gpu.hpp"

using namespace nn;

TEST_CASE("cuda: a failed call names the file and line and CUDA's error string", "[cuda]") {
  try {
    cuda::throw_cuda_error(cudaErrorInvalidValue, "cudaMemcpy(dst, src)", "memory.hpp", 42);
    FAIL("no exception");
  } catch (const cuda::CudaError& e) {
    const std::string m = e.what();
    CHECK_THAT(m, Catch::Contains("memory.hpp:42"));
    CHECK_THAT(m, Catch::Contains("cudaMemcpy(dst, src) failed"));
    CHECK_THAT(m, Catch::Contains("invalid argument"));
  }
  CHECK_NOTHROW(NN_CUDA_CHECK(cudaSuccess));
  CHECK_THROWS_AS(NN_CUDA_CHECK(cudaErrorMemoryAllocation), cuda::CudaError);
}

TEST_CASE("cuda: the device description says why there is no device", "[cuda]") {
  const std::string d = cuda::device_description();
  if (cuda::device_available())
    CHECK_THAT(d, Catch::Contains("compute capability"));
  else
    CHECK_THAT(d, Catch::StartsWith("no CUDA device"));
}

TEST_CASE("cuda: sgemm rejects bad sizes and strides before launching", "[cuda]") {
  using cuda::GemmKernel;
  for (GemmKernel k :
       {GemmKernel::Naive, GemmKernel::Tiled, GemmKernel::RegisterBlocked, GemmKernel::Cublas}) {
    CHECK_THROWS_AS(cuda::sgemm(k, Transpose::No, Transpose::No, -1, 2, 2, 1, nullptr, 2, nullptr,
                                2, 0, nullptr, 2),
                    ShapeError);
    // lda 3 < K 4 for A not transposed; 3 >= M 2 would do for A transposed.
    CHECK_THROWS_WITH(cuda::sgemm(k, Transpose::No, Transpose::No, 2, 2, 4, 1, nullptr, 3, nullptr,
                                  2, 0, nullptr, 2),
                      Catch::Contains("lda"));
    CHECK_THROWS_WITH(cuda::sgemm(k, Transpose::No, Transpose::Yes, 2, 5, 4, 1, nullptr, 4, nullptr,
                                  3, 0, nullptr, 5),
                      Catch::Contains("ldb"));
    CHECK_THROWS_WITH(cuda::sgemm(k, Transpose::No, Transpose::No, 2, 5, 4, 1, nullptr, 4, nullptr,
                                  5, 0, nullptr, 4),
                      Catch::Contains("ldc"));
  }
  CHECK(cuda::gemm_name(GemmKernel::RegisterBlocked) == "register-blocked");
}

TEST_CASE("cuda: pooling geometry and labels are checked on the host", "[cuda]") {
  CHECK_THROWS_AS(cuda::pool_geometry("pool", {2, 3, 4}, 2, 2), ShapeError);
  CHECK_THROWS_WITH(cuda::pool_geometry("pool", {1, 1, 1, 5}, 2, 2),
                    Catch::Contains("[1, 1, 1, 5]"));
  const cuda::PoolGeometry g = cuda::pool_geometry("pool", {2, 3, 11, 11}, 2, 2);
  CHECK(g.planes == 6);
  CHECK(g.out_h == 5);
  CHECK(cuda::pool_geometry("pool", {1, 1, 11, 7}, 2, 3).out_w == 2);
  CHECK_THROWS_WITH(cuda::pool_geometry("pool", {2, 3, 11, 11}, 2, 0), Catch::Contains("stride"));
  // A hand-made geometry whose output size is not (H - K) / S + 1 is refused
  // before any launch.
  cuda::PoolGeometry wrong = g;
  wrong.out_w = 6;
  CHECK_THROWS_WITH(cuda::maxpool_forward(nullptr, wrong, nullptr, nullptr),
                    Catch::Contains("output size"));
  cuda::DeviceBuffer<int> labels;
  CHECK_THROWS_WITH(cuda::upload_labels(Tensor({2}, {0, 10}), 10, labels),
                    Catch::Contains("label 10"));
}

TEST_CASE("cuda: a layer without a GPU version is named", "[cuda]") {
  Sequential model;
  model.add<Dropout>(0.5f, Rng(1));
  CHECK_THROWS_WITH(cuda::Sequential(model),
                    Catch::Contains("Dropout(0.5)") && Catch::Contains("no GPU version"));
}

TEST_CASE("cuda: what the GPU layers cannot do yet is refused by name", "[cuda]") {
  Rng rng(2);
  Sequential no_bias;
  no_bias.add<Conv2D>(1, 2, 3, rng, 1, 0, /*bias=*/false);
  CHECK_THROWS_WITH(cuda::Sequential(no_bias), Catch::Contains("has no bias"));
  Sequential padded;
  padded.add<MaxPool2D>(3, 2, 1);
  CHECK_THROWS_WITH(cuda::Sequential(padded), Catch::Contains("is padded"));
  Sequential frozen;
  frozen.add<Dense>(4, 3, rng);
  frozen.layer(0).set_trainable(false);
  CHECK_THROWS_WITH(cuda::Sequential(frozen),
                    Catch::Contains("Dense") && Catch::Contains("frozen"));
}

TEST_CASE("cuda: relative_difference sees a planted error and NaN", "[cuda]") {
  const Tensor b({3}, {1.0f, -2.0f, 4.0f});
  Tensor a = b;
  CHECK(test::relative_difference(a, b) == 0.0);
  a[1] += 4e-4f;  // 1e-4 of max |b| = 4
  CHECK(test::relative_difference(a, b) == Approx(1e-4).epsilon(1e-3));
  a[1] = NAN;
  CHECK(std::isinf(test::relative_difference(a, b)));
  CHECK(std::isinf(test::relative_difference(Tensor({2}), b)));
}
