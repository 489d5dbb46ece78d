#pragma once
// CIFAR-10 (Krizhevsky 2009): 60,000 colour images of 32x32 pixels in ten
// classes, 50,000 for training and 10,000 for testing. `datasets/fetch
// cifar10` gets one of two versions into datasets/cache/cifar10/:
//
//   the official binary version   cifar-10-batches-bin/data_batch_{1..5}.bin, test_batch.bin
//                                 records of 1 label byte + 3072 pixel bytes
//                                 (the red plane, then green, then blue; rows top to bottom)
//   the image-folder version      train/<class>/*.jpg, test/<class>/*.jpg (a JPEG
//                                 re-encoding, from a local mirror; read by
//                                 load_image_folder, which caches the decoded pixels)
//
// Accuracy on the JPEG version sits slightly below that on the original
// pixels: the chapter says which one it trained on.
#include <string>
#include <vector>

#include "nn/data/dataset.hpp"

namespace nn {

/// The records of one or more CIFAR-10 binary files, in order.
/// x: [N, 3, 32, 32] in [0, 1]; y: [N]. Throws DataError naming the file if
/// it is missing, empty, not a whole number of 3,073-byte records, or holds
/// a label above 9.
Dataset read_cifar10_binary(const std::vector<std::string>& files);

/// The training or test set from `dir` (datasets/cache/cifar10): the binary
/// version if `dir`/cifar-10-batches-bin exists, else the image folders.
/// `version`, if given, receives "binary" or "jpeg". Throws DataError with
/// the fetch command if neither is there.
Dataset load_cifar10(const std::string& dir, bool train, std::string* version = nullptr);

/// airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.
std::vector<std::string> cifar10_class_names();

}  // namespace nn
