// GPU layers and the chapter 07 ConvNet against the CPU library: forward
// outputs, input gradients and parameter gradients, then one training step.
// Targets (issue 5): forward within 1e-4 relative, one step's weights within
// 1e-4 relative, on a batch where the step is smooth
// (support/step_sensitivity.hpp). [gpu]
#include <catch2/catch.hpp>

#include "nn/cuda/layers/conv2d.hpp"
#include "nn/cuda/layers/dense.hpp"
#include "nn/cuda/train.hpp"
#include "nn/layers/activations.hpp"
#include "nn/loss.hpp"
#include "nn/models/mnist.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"
#include "support/step_sensitivity.hpp"

using namespace nn;

TEST_CASE("cuda layers: Dense matches nn::Dense", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(13);
  Dense cpu(70, 33, rng);
  cuda::Dense gpu(cpu);
  test::compare_layer(cpu, gpu, test::random_tensor({19, 70}, rng), 1e-5);
}

TEST_CASE("cuda layers: Conv2D matches nn::Conv2D, with stride and padding", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(14);
  for (auto [stride, padding] : {std::pair{1, 0}, std::pair{2, 1}}) {
    Conv2D cpu(3, 8, 3, rng, stride, padding);
    cuda::Conv2D gpu(cpu);
    test::compare_layer(cpu, gpu, test::random_tensor({5, 3, 12, 11}, rng), 1e-5);
  }
}

TEST_CASE("cuda ConvNet: forward within 1e-4 and one SGD step within 1e-4 of the CPU", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  const auto make = [] {
    Rng rng(15);
    return mnist_convnet(rng);
  };
  Sequential cpu = make();
  cuda::Sequential gpu(cpu);
  // A batch where one step is a smooth function of the inputs: the first
  // batch drawn here had a ReLU input within rounding of 0, and one unit in
  // the last place of the inputs moved the CPU's own step by 1.7e-3
  // (support/step_sensitivity.hpp).
  const test::SmoothBatch drawn = test::smooth_batch(make, {64, 1, 28, 28}, 0, 1, 100, 0.05f);
  INFO("the CPU step's sensitivity to a nudge of the batch: " << drawn.sensitivity);
  REQUIRE(drawn.sensitivity < 1e-5);
  const Tensor& x = drawn.x;
  const Tensor& labels = drawn.labels;

  cuda::DeviceBatch batch;
  batch.upload({x, labels}, 10);
  CHECK(test::relative_difference(gpu.forward(batch.x).to_host(), cpu.forward(x)) < 1e-4);

  // SGD, because one Adam step moves every weight by about lr * sign(g):
  // where a gradient is ~0 its sign is rounding noise on either machine.
  SoftmaxCrossEntropy loss;
  SGD sgd(cpu.parameters(), 0.05f);
  sgd.zero_grad();
  const float cpu_loss = loss.forward(cpu.forward(x), labels);
  cpu.backward(loss.backward());
  sgd.step();
  cuda::SoftmaxCrossEntropy gpu_loss;
  cuda::SGD gpu_sgd(gpu.parameters(), 0.05f);
  CHECK(cuda::train_step(gpu, gpu_loss, gpu_sgd, batch) == Approx(cpu_loss).epsilon(1e-5));

  Sequential stepped = make();  // same shapes; its weights are overwritten
  gpu.copy_to(stepped);
  const auto want = cpu.parameters();
  const auto got = stepped.parameters();
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO(want[i].name);
    CHECK(test::relative_difference(*got[i].value, *want[i].value) < 1e-4);
  }
}

TEST_CASE("cuda ConvNet: the first Adam steps follow the CPU's loss curve", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(16);
  Dataset data;
  data.x = test::random_tensor({640, 1, 28, 28}, rng, 0, 1, 0);
  data.y = Tensor({640});
  for (float& v : data.y.values()) v = static_cast<float>(rng.integer(10));
  Rng init(17);
  Sequential cpu = mnist_convnet(init);
  cuda::Sequential gpu(cpu);
  std::vector<double> cpu_losses;
  SoftmaxCrossEntropy loss;
  Adam adam(cpu.parameters(), 1e-3f);
  fit(cpu, data, loss, adam,
      {.epochs = 1, .batch_size = 64, .seed = 3, .quiet = true, .step_losses = &cpu_losses});
  cuda::SoftmaxCrossEntropy gpu_loss;
  cuda::Adam gpu_adam(gpu.parameters(), 1e-3f);
  const auto r = cuda::fit(gpu, data, gpu_loss, gpu_adam,
                           {.epochs = 1, .batch_size = 64, .seed = 3, .quiet = true});
  REQUIRE(r.step_losses.size() == cpu_losses.size());
  for (std::size_t s = 0; s < 5; ++s)
    CHECK(r.step_losses[s] == Approx(cpu_losses[s]).epsilon(1e-4));
}
