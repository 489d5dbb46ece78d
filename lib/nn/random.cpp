#include "nn/random.hpp"

#include <cmath>
#include <numeric>
#include <sstream>

#include "nn/errors.hpp"
#include "nn/tensor.hpp"

namespace nn {

float Rng::uniform(float lo, float hi) {
  // The top 24 bits give every float in [0, 1) with spacing 2^-24.
  const float u = static_cast<float>(engine_() >> 40) * (1.0f / 16777216.0f);
  return lo + (hi - lo) * u;
}

float Rng::normal(float mean, float stddev) {
  const double u1 = (static_cast<double>(engine_() >> 11) + 1.0) * (1.0 / 9007199254740993.0);
  const double u2 = static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0);
  const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  return mean + stddev * static_cast<float>(z);
}

int Rng::integer(int n) {
  // Multiply-shift maps the top 32 random bits onto [0, n) with negligible bias.
  return static_cast<int>(((engine_() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
}

std::vector<int> Rng::permutation(int n) {
  std::vector<int> p(n);
  std::iota(p.begin(), p.end(), 0);
  for (int i = n - 1; i > 0; --i) std::swap(p[i], p[integer(i + 1)]);
  return p;
}

std::string Rng::state() const {
  std::ostringstream out;
  out << engine_;
  return out.str();
}

Rng Rng::from_state(const std::string& text) {
  auto refuse = [&](const std::string& why) {
    throw Error("not a random generator state (" + why + "): '" + text.substr(0, 40) +
                (text.size() > 40 ? "...'" : "'"));
  };
  if (text.find_first_not_of("0123456789 ") != std::string::npos) refuse("not digits and spaces");
  // libstdc++ writes the n state words and then its position in them, which
  // indexes the words when the next number is drawn: check it is at most n
  // before the engine trusts it. Other libraries write the n words alone.
  std::istringstream words(text);
  std::vector<std::uint64_t> w;
  for (std::uint64_t x; words >> x;) w.push_back(x);
  const std::size_t n = std::mt19937_64::state_size;
  if (!words.eof() || !(w.size() == n || (w.size() == n + 1 && w.back() <= n)))
    refuse(std::to_string(n) + " words of std::mt19937_64 expected");
  Rng rng;
  std::istringstream in(text);
  if (!(in >> rng.engine_)) refuse("unreadable");
  return rng;
}

void init_uniform(Tensor& t, float lo, float hi, Rng& rng) {
  for (float& v : t.values()) v = rng.uniform(lo, hi);
}

void init_normal(Tensor& t, float mean, float stddev, Rng& rng) {
  for (float& v : t.values()) v = rng.normal(mean, stddev);
}

void init_xavier_uniform(Tensor& t, int fan_in, int fan_out, Rng& rng) {
  const float a = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
  init_uniform(t, -a, a, rng);
}

void init_he_normal(Tensor& t, int fan_in, Rng& rng) {
  init_normal(t, 0.0f, std::sqrt(2.0f / static_cast<float>(fan_in)), rng);
}

}  // namespace nn
