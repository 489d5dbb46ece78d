#pragma once
// The library's exceptions. Every message names the thing that is wrong
// (the layer, the file, the flag) and, where there are two, both values.
#include <stdexcept>
#include <string>

namespace nn {

/// Base of every error the library throws.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A tensor of the wrong shape reached a layer, loss or kernel.
struct ShapeError : Error {
  using Error::Error;
};

/// A data file, image or checkpoint is missing, truncated or corrupt.
struct DataError : Error {
  using Error::Error;
};

/// A loss, weight or gradient became NaN or Inf during training.
struct NumericalError : Error {
  using Error::Error;
};

/// Thrown by the exercise stubs in exercises/: the reader has not written it yet.
struct NotImplemented : Error {
  explicit NotImplemented(const std::string& what)
      : Error("not implemented: " + what + " (this is an exercise: write it in exercises/)") {}
};

}  // namespace nn
