#pragma once
// MNIST (handwritten digits, LeCun et al. 1998) and Fashion-MNIST (clothing,
// Xiao et al. 2017): 28x28 grey images in ten classes, four IDX files per
// folder with the same names in both. `datasets/fetch mnist fashion-mnist`
// puts them under datasets/cache/.
#include <string>
#include <vector>

#include "nn/data/dataset.hpp"

namespace nn {

/// The training (60,000) or test (10,000) set of MNIST from `dir`, which
/// holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
/// and t10k-labels-idx1-ubyte, each plain or gzipped (name + ".gz").
/// x: [N, 1, 28, 28], pixels scaled to [0, 1]; y: [N] class indices as floats.
/// `limit` > 0 keeps only the first `limit` samples (for smoke tests).
/// Throws DataError naming the file and the problem.
Dataset load_mnist(const std::string& dir, bool train, int limit = 0);

/// The same for Fashion-MNIST, whose files have the same names and format.
Dataset load_fashion_mnist(const std::string& dir, bool train, int limit = 0);

/// "0" .. "9".
std::vector<std::string> mnist_class_names();
/// "T-shirt/top", "Trouser", ... "Ankle boot", in label order.
std::vector<std::string> fashion_mnist_class_names();

}  // namespace nn
