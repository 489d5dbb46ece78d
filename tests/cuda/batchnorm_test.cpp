// Batch-norm kernels against a plain double-precision loop (the formulas as
// they read, for 2-D and 4-D inputs), and the GPU layer against the CPU layer
// nn::BatchNorm2D it is built from: forward, backward, gradients, running
// statistics and copy_to. [gpu]
#include "nn/cuda/kernels/batchnorm.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "nn/cuda/layers/batchnorm.hpp"
#include "nn/cuda/tensor.hpp"
#include "nn/layers/batchnorm.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

struct Reference {
  Tensor y, dx, dgamma, dbeta, running_mean, running_var;
};

// torch.nn.BatchNorm2d in training mode, written as the formulas read.
Reference reference(const Tensor& x, const Tensor& dy, const Tensor& gamma, const Tensor& beta,
                    int n, int c, int hw, double eps, double momentum) {
  Reference r{Tensor(x.shape()), Tensor(x.shape()), Tensor({c}),
              Tensor({c}),       Tensor({c}, 0.0f), Tensor({c}, 1.0f)};
  const double m = double(n) * hw;
  for (int ch = 0; ch < c; ++ch) {
    auto idx = [&](int i, int q) { return (std::size_t(i) * c + ch) * hw + q; };
    double mean = 0, var = 0, sum_dy = 0, sum_dy_xhat = 0;
    for (int i = 0; i < n; ++i)
      for (int q = 0; q < hw; ++q) mean += x[idx(i, q)];
    mean /= m;
    for (int i = 0; i < n; ++i)
      for (int q = 0; q < hw; ++q) var += std::pow(x[idx(i, q)] - mean, 2);
    const double inv_std = 1 / std::sqrt(var / m + eps);
    for (int i = 0; i < n; ++i)
      for (int q = 0; q < hw; ++q) {
        const double xhat = (x[idx(i, q)] - mean) * inv_std;
        r.y[idx(i, q)] = float(gamma[ch] * xhat + beta[ch]);
        sum_dy += dy[idx(i, q)];
        sum_dy_xhat += dy[idx(i, q)] * xhat;
      }
    for (int i = 0; i < n; ++i)
      for (int q = 0; q < hw; ++q) {
        const double xhat = (x[idx(i, q)] - mean) * inv_std;
        r.dx[idx(i, q)] =
            float(gamma[ch] * inv_std / m * (m * dy[idx(i, q)] - sum_dy - xhat * sum_dy_xhat));
      }
    r.dgamma[ch] = float(sum_dy_xhat);
    r.dbeta[ch] = float(sum_dy);
    r.running_mean[ch] = float(momentum * mean);
    r.running_var[ch] = float((1 - momentum) + momentum * var / (m - 1));
  }
  return r;
}

}  // namespace

TEST_CASE("cuda batchnorm: training forward, backward and running statistics", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(20);
  for (auto [n, c, hw] : {std::tuple{8, 3, 25}, std::tuple{16, 5, 1}}) {  // 2-D input: hw = 1
    const Tensor x = test::random_tensor({n, c, hw}, rng, -3, 5),
                 dy = test::random_tensor({n, c, hw}, rng);
    const Tensor gamma = test::random_tensor({c}, rng, 0.5f, 2),
                 beta = test::random_tensor({c}, rng);
    const Reference want = reference(x, dy, gamma, beta, n, c, hw, 1e-5, 0.1);
    const cuda::BatchNormShape s{n, c, hw};
    cuda::DeviceTensor dx_in(x), ddy(dy), dgamma_in(gamma), dbeta_in(beta), rm(Tensor({c}, 0.0f)),
        rv(Tensor({c}, 1.0f)), mean({c}), inv_std({c}), y(x.shape()), dx(x.shape()),
        dgamma(Tensor({c}, 0.0f)), dbeta(Tensor({c}, 0.0f));
    cuda::batchnorm_forward_training(dx_in.data(), s, dgamma_in.data(), dbeta_in.data(), 1e-5f,
                                     0.1f, rm.data(), rv.data(), mean.data(), inv_std.data(),
                                     y.data());
    cuda::DeviceBuffer<float> scratch;
    cuda::batchnorm_backward(dx_in.data(), ddy.data(), s, dgamma_in.data(), mean.data(),
                             inv_std.data(), dgamma.data(), dbeta.data(), dx.data(), scratch);
    CHECK(test::relative_difference(y.to_host(), want.y) < 1e-5);
    // dx is a difference of three sums of similar size (m dy - sum dy - xhat sum dy xhat):
    // float cancellation there costs about one more digit than in y.
    CHECK(test::relative_difference(dx.to_host(), want.dx) < 1e-4);
    CHECK(test::relative_difference(dgamma.to_host(), want.dgamma) < 1e-5);
    CHECK(test::relative_difference(dbeta.to_host(), want.dbeta) < 1e-5);
    CHECK(test::relative_difference(rm.to_host(), want.running_mean) < 1e-5);
    CHECK(test::relative_difference(rv.to_host(), want.running_var) < 1e-5);
  }
}

TEST_CASE("cuda batchnorm: the layer in training and inference mode", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(21);
  const int n = 6, c = 4, hw = 9;
  const Tensor x = test::random_tensor({n, c, 3, 3}, rng, -2, 3),
               dy = test::random_tensor({n, c, 3, 3}, rng);
  const Reference want = reference(x.reshaped({n, c, hw}), dy.reshaped({n, c, hw}),
                                   Tensor({c}, 1.0f), Tensor({c}, 0.0f), n, c, hw, 1e-5, 0.1);
  cuda::BatchNorm2D layer(c);
  cuda::DeviceTensor dx_in(x), ddy(dy);
  CHECK(test::relative_difference(layer.forward(dx_in).to_host(), want.y.reshaped(x.shape())) <
        1e-5);
  CHECK(test::relative_difference(layer.backward(ddy).to_host(), want.dx.reshaped(x.shape())) <
        1e-4);
  CHECK(test::relative_difference(layer.parameters()[0].grad->to_host(), want.dgamma) < 1e-5);
  CHECK(test::relative_difference(layer.running_var().to_host(), want.running_var) < 1e-5);
  // Inference: (x - running mean) / sqrt(running var + eps), gamma 1, beta 0.
  layer.set_training(false);
  const Tensor y = layer.forward(dx_in).to_host();
  Tensor expect(x.shape());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const int ch = static_cast<int>(i / hw % c);
    expect[i] = float((x[i] - want.running_mean[ch]) / std::sqrt(want.running_var[ch] + 1e-5));
  }
  CHECK(test::relative_difference(y, expect) < 1e-5);
  CHECK_THROWS_WITH(layer.backward(ddy), Catch::Contains("inference mode"));
}

TEST_CASE("cuda batchnorm: the layer built from nn::BatchNorm2D matches it, statistics included",
          "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(22);
  BatchNorm2D cpu(5, /*momentum=*/0.2f, /*eps=*/1e-3f);  // not the defaults: are they copied?
  cpu.gamma() = test::random_tensor({5}, rng, 0.5f, 2);
  cpu.beta() = test::random_tensor({5}, rng);
  cpu.running_mean() = test::random_tensor({5}, rng);
  cpu.running_var() = test::random_tensor({5}, rng, 0.5f, 2);
  cuda::BatchNorm2D gpu(cpu);
  const Tensor x = test::random_tensor({6, 5, 4, 3}, rng, -2, 3);
  // Training mode: batch statistics; dx is the cancelling difference of three sums.
  test::compare_layer(cpu, gpu, x, 1e-4);

  // copy_to brings back gamma, beta and the running statistics that one
  // training forward updated on each side, and the count of such forwards.
  BatchNorm2D back(5);
  gpu.copy_to(back);
  CHECK(test::relative_difference(back.gamma(), cpu.gamma()) == 0.0);
  CHECK(test::relative_difference(back.running_mean(), cpu.running_mean()) < 1e-5);
  CHECK(test::relative_difference(back.running_var(), cpu.running_var()) < 1e-5);
  CHECK(back.batches_tracked() == cpu.batches_tracked());
  CHECK(back.batches_tracked() == 1);

  // Inference mode normalises by the (now equal) running statistics.
  cpu.set_training(false);
  gpu.set_training(false);
  cuda::DeviceTensor dx_in(x);
  CHECK(test::relative_difference(gpu.forward(dx_in).to_host(), cpu.forward(x)) < 1e-5);
  gpu.copy_to(back);
  CHECK(back.batches_tracked() == 1);  // inference does not count
}
