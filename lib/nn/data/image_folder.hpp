#pragma once
// A folder of images, one sub-folder per class (class = folder name, in
// sorted order), as torchvision's ImageFolder and Keras's
// image_dataset_from_directory read it:
//
//     train/airplane/0001.jpg  train/airplane/0002.jpg ...  train/truck/5000.jpg
//
// Decoding tens of thousands of JPEG files takes a while, so the first load
// writes a binary copy of the decoded pixels next to the folder
// ("train.nncache" beside "train/") and later loads read that in well under
// a second. The copy is checked on every load: its header (magic, version,
// counts, sizes, class names), its exact length, a checksum of its bytes,
// and a fingerprint of the folder (every file's name and size). If any check
// fails (a stale, truncated or corrupt cache) it says why and rebuilds it.
#include <string>

#include "nn/data/dataset.hpp"

namespace nn {

struct ImageFolderOptions {
  int channels = 3;  // 1 (grey) or 3 (RGB)
  int height = 32;   // every image must have this size
  int width = 32;
  /// Where the decoded copy lives: "" means the folder's path + ".nncache"; "none" disables it.
  std::string cache_path{};
  bool quiet = false;  // no messages about the cache
};

/// All images under `dir/CLASS/`, classes in sorted order, files in sorted
/// order within a class. x: [N, channels, height, width] in [0, 1]; y: [N]
/// class indices. Throws DataError naming the file for a missing folder, an
/// empty one, an image that cannot be decoded, or one of another size. A
/// cache that cannot be written is reported and skipped, not an error.
Dataset load_image_folder(const std::string& dir, const ImageFolderOptions& options = {});

}  // namespace nn
