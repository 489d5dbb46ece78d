#pragma once
// Batch normalisation kernels (book chapter 08's layer, on the GPU), with
// torch.nn.BatchNorm2d's conventions: statistics per channel over N, H, W;
// the biased variance normalises, the unbiased one goes into the running
// average; running = (1 - momentum) running + momentum batch.
//
// x and y are [N, C, HW] (NCHW with H*W = HW; a [N, C] input has HW = 1).
// Device pointers. The GPU layer that uses them is cuda::BatchNorm2D
// (layers/batchnorm.hpp); tests/cuda/batchnorm_test.cpp checks the kernels
// against a plain double-precision loop and the layer against nn::BatchNorm2D.
// `scratch` holds per-channel temporaries (resized as needed): the layer
// passes the same one every step, so a training step allocates nothing.
#include "nn/cuda/memory.hpp"

namespace nn::cuda {

struct BatchNormShape {
  int batch, channels, positions;  // N, C, H*W
};

/// Training mode: per channel, mean and 1/sqrt(var + eps) of the batch
/// (saved for backward), y = gamma (x - mean) / sqrt(var + eps) + beta, and
/// the running statistics updated.
void batchnorm_forward_training(const float* x, const BatchNormShape& s, const float* gamma,
                                const float* beta, float eps, float momentum, float* running_mean,
                                float* running_var, float* mean, float* inv_std, float* y);
/// Inference: normalised by the running statistics.
void batchnorm_forward_inference(const float* x, const BatchNormShape& s, const float* gamma,
                                 const float* beta, const float* running_mean,
                                 const float* running_var, float eps, float* y,
                                 DeviceBuffer<float>& scratch);
/// dgamma += sum dy xhat;  dbeta += sum dy;
/// dx = gamma inv_std / m (m dy - sum dy - xhat sum dy xhat),  m = N HW.
void batchnorm_backward(const float* x, const float* dy, const BatchNormShape& s,
                        const float* gamma, const float* mean, const float* inv_std, float* dgamma,
                        float* dbeta, float* dx, DeviceBuffer<float>& scratch);

}  // namespace nn::cuda
