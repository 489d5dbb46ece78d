#pragma once
// A seeded random number generator whose numbers are the same on every
// compiler: the standard distributions are implementation-defined, so we
// turn the raw 64-bit stream into floats ourselves.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace nn {

class Tensor;

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) : engine_(seed) {}
  /// Uniform in [lo, hi).
  float uniform(float lo = 0.0f, float hi = 1.0f);
  /// Normal with the given mean and standard deviation (Box-Muller).
  float normal(float mean = 0.0f, float stddev = 1.0f);
  /// Uniform integer in [0, n).
  int integer(int n);
  /// A random permutation of 0..n-1 (Fisher-Yates).
  std::vector<int> permutation(int n);
  /// A new generator seeded from this one (for independent streams).
  Rng split() { return Rng(engine_()); }

  /// The generator's whole state as text (the standard library's own form of
  /// std::mt19937_64), so that a checkpoint can continue the same stream.
  std::string state() const;
  /// The generator whose state() was `text`; throws nn::Error if `text` is
  /// not such a state.
  static Rng from_state(const std::string& text);

 private:
  std::mt19937_64 engine_;
};

// Weight initialisation (book chapter 06 compares them).
void init_uniform(Tensor& t, float lo, float hi, Rng& rng);
void init_normal(Tensor& t, float mean, float stddev, Rng& rng);
/// Xavier/Glorot uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
void init_xavier_uniform(Tensor& t, int fan_in, int fan_out, Rng& rng);
/// He/Kaiming normal: N(0, 2 / fan_in), made for ReLU layers.
void init_he_normal(Tensor& t, int fan_in, Rng& rng);

}  // namespace nn
