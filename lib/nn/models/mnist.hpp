#pragma once
// The book's named MNIST nets, defined once: chapters, benchmarks and tests
// call these (the CIFAR-10 nets of chapter 08 live in
// chapters/08-cnn-cifar/nets.cpp, with their training recipes).
#include "nn/random.hpp"
#include "nn/sequential.hpp"

namespace nn {

/// The MLP of chapters 03 and 05: 784 -> 256 -> 128 -> 10, ReLU, He
/// initialisation for the hidden layers; outputs logits.
Sequential mnist_mlp(Rng& rng);

/// Chapter 07's ConvNet (the course's Keras model) for [N, 1, 28, 28]
/// images: two 3x3 convolutions with ReLU and 2x2 max pooling, a hidden
/// dense layer of 128, 10 logits. Chapter 09 trains it on the GPU.
Sequential mnist_convnet(Rng& rng);

}  // namespace nn
