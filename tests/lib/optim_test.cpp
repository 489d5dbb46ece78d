// Optimisers against values worked out by hand (book chapters 05 and 06).
// Most tests use one parameter w, w0 = 1, eta = 0.1 and the fixed gradient
// sequence g = 1, 2, -1, so each step's arithmetic fits in a comment.
// (The same trajectories were checked once against torch.optim in float64.)
#include "nn/optim.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <string>

using namespace nn;

namespace {

// One parameter of one element, named like a layer's.
struct Scalar {
  explicit Scalar(float w0, std::string name = "weight")
      : value({1}, w0), grad({1}), name(std::move(name)) {}
  std::vector<Parameter> parameters() { return {{name, &value, &grad}}; }
  Tensor value, grad;
  std::string name;
};

// Applies the gradients one step each; returns w after every step.
std::vector<float> trajectory(Optimizer& opt, Scalar& w, std::vector<float> gradients) {
  std::vector<float> ws;
  for (float g : gradients) {
    w.grad[0] = g;
    opt.step();
    ws.push_back(w.value[0]);
  }
  return ws;
}

void check_trajectory(const std::vector<float>& got, const std::vector<double>& expected) {
  REQUIRE(got.size() == expected.size());
  for (std::size_t t = 0; t < got.size(); ++t) {
    INFO("after step " << t + 1);
    CHECK(got[t] == Approx(expected[t]).margin(1e-6));
  }
}

const std::vector<float> g123 = {1, 2, -1};

}  // namespace

TEST_CASE("SGD takes steps of -eta g", "[optim]") {
  Scalar w(1);
  SGD opt(w.parameters(), 0.1f);
  // 1 - 0.1 = 0.9;  0.9 - 0.2 = 0.7;  0.7 + 0.1 = 0.8
  check_trajectory(trajectory(opt, w, g123), {0.9, 0.7, 0.8});
}

TEST_CASE("Momentum: v = mu v - eta g, w = w + v", "[optim]") {
  Scalar w(1);
  Momentum opt(w.parameters(), 0.1f, 0.9f);
  // v = -0.1                 w = 0.9
  // v = -0.09 - 0.2 = -0.29  w = 0.61
  // v = -0.261 + 0.1 = -0.161  w = 0.449
  check_trajectory(trajectory(opt, w, g123), {0.9, 0.61, 0.449});
}

TEST_CASE("Nesterov: v = mu v - eta g, w += -mu v_prev + (1 + mu) v", "[optim]") {
  Scalar w(1);
  Nesterov opt(w.parameters(), 0.1f, 0.9f);
  // v = -0.1;    w = 1 - 0 + 1.9 (-0.1) = 0.81
  // v = -0.29;   w = 0.81 + 0.9 (0.1) + 1.9 (-0.29) = 0.81 + 0.09 - 0.551 = 0.349
  // v = -0.161;  w = 0.349 + 0.9 (0.29) + 1.9 (-0.161) = 0.349 + 0.261 - 0.3059 = 0.3041
  check_trajectory(trajectory(opt, w, g123), {0.81, 0.349, 0.3041});
}

TEST_CASE("Nesterov's parameters are the look-ahead point w + mu v of the book's rule", "[optim]") {
  // The book's form on f(w) = w^2 / 2 (so g(x) = x), in double:
  //   v = mu v - eta g(w + mu v);  w = w + v.
  const double eta = 0.1, mu = 0.9;
  double book_w = 1, book_v = 0;
  Scalar u(1);  // starts at w0 + mu v0 = w0
  Nesterov opt(u.parameters(), static_cast<float>(eta), static_cast<float>(mu));
  for (int t = 1; t <= 10; ++t) {
    book_v = mu * book_v - eta * (book_w + mu * book_v);
    book_w += book_v;
    u.grad[0] = u.value[0];  // g at the stored parameter
    opt.step();
    INFO("step " << t);
    CHECK(u.value[0] == Approx(book_w + mu * book_v).margin(1e-6));
  }
}

TEST_CASE("AdaGrad: cache += g^2, w -= eta g / (sqrt(cache) + eps)", "[optim]") {
  Scalar w(1);
  AdaGrad opt(w.parameters(), 0.1f);
  // cache = 1;  w = 1 - 0.1 * 1 / 1 = 0.9
  // cache = 5;  w = 0.9 - 0.1 * 2 / sqrt(5) = 0.9 - 0.0894427 = 0.8105573
  // cache = 6;  w = 0.8105573 + 0.1 / sqrt(6) = 0.8105573 + 0.0408248 = 0.8513821
  check_trajectory(trajectory(opt, w, g123), {0.9, 0.8105573, 0.8513821});
}

TEST_CASE("RMSprop: cache = rho cache + (1 - rho) g^2, w -= eta g / (sqrt(cache) + eps)",
          "[optim]") {
  Scalar w(1);
  RMSprop opt(w.parameters(), 0.1f);  // rho = 0.9
  // cache = 0.1;                 w = 1 - 0.1 / 0.3162278 = 1 - 0.3162278 = 0.6837722
  // cache = 0.09 + 0.4 = 0.49;    w = 0.6837722 - 0.1 * 2 / 0.7 = 0.3980580
  // cache = 0.441 + 0.1 = 0.541;  w = 0.3980580 + 0.1 / 0.7355270 = 0.5340149
  check_trajectory(trajectory(opt, w, g123), {0.6837722, 0.3980580, 0.5340149});
}

TEST_CASE("Adam: bias-corrected moments, w -= eta m^ / (sqrt(v^) + eps)", "[optim]") {
  Scalar w(1);
  Adam opt(w.parameters(), 0.1f);  // beta1 = 0.9, beta2 = 0.999
  // t=1: m = 0.1, v = 0.001;  m^ = 0.1 / 0.1 = 1, v^ = 0.001 / 0.001 = 1
  //      w = 1 - 0.1 * 1 / 1 = 0.9  (without the correction: 1 - 0.1 * 0.1 / 0.0316 = 0.684)
  // t=2: m = 0.09 + 0.2 = 0.29, v = 0.000999 + 0.004 = 0.004999
  //      m^ = 0.29 / 0.19 = 1.5263158, v^ = 0.004999 / 0.001999 = 2.5007504
  //      w = 0.9 - 0.1 * 1.5263158 / 1.5813761 = 0.9 - 0.0965182 = 0.8034818
  // t=3: m = 0.261 - 0.1 = 0.161, v = 0.004994001 + 0.001 = 0.005994001
  //      m^ = 0.161 / 0.271 = 0.5940959, v^ = 0.005994001 / 0.002997001 = 1.9999997
  //      w = 0.8034818 - 0.1 * 0.5940959 / 1.4142135 = 0.8034818 - 0.0420089 = 0.7614729
  check_trajectory(trajectory(opt, w, g123), {0.9, 0.8034818, 0.7614729});
}

TEST_CASE("AdamW: w *= 1 - eta lambda, then Adam's step", "[optim]") {
  Scalar w(1);
  AdamW opt(w.parameters(), 0.1f, /*weight_decay=*/0.1f);
  // The gradients do not depend on w, so Adam's steps are those above
  // (0.1, 0.0965182, 0.0420089); each comes after a shrink by 1 - 0.01:
  //   1 * 0.99 - 0.1 = 0.89
  //   0.89 * 0.99 - 0.0965182 = 0.8811 - 0.0965182 = 0.7845818
  //   0.7845818 * 0.99 - 0.0420089 = 0.7767360 - 0.0420089 = 0.7347271
  check_trajectory(trajectory(opt, w, g123), {0.89, 0.7845818, 0.7347271});
}

TEST_CASE("Weight decay shrinks a weight with no gradient by 1 - eta lambda per step", "[optim]") {
  Scalar w(1), b(1, "0.bias");
  auto parameters = w.parameters();
  parameters.push_back(b.parameters()[0]);
  SECTION("SGD, biases included") {
    SGD opt(parameters, 0.1f);
    opt.weight_decay = 0.1f;  // g = 0 + 0.1 w: w <- w (1 - 0.01)
    check_trajectory(trajectory(opt, w, {0, 0, 0}), {0.99, 0.9801, 0.970299});
    CHECK(b.value[0] == Approx(0.970299).margin(1e-6));
  }
  SECTION("SGD, biases excluded") {
    SGD opt(parameters, 0.1f);
    opt.weight_decay = 0.1f;
    opt.decay_biases = false;
    check_trajectory(trajectory(opt, w, {0, 0, 0}), {0.99, 0.9801, 0.970299});
    CHECK(b.value[0] == 1.0f);
  }
  SECTION("Momentum: the decay term builds up velocity like any gradient") {
    Momentum opt(parameters, 0.1f, 0.9f);
    opt.weight_decay = 0.1f;
    // v = -0.01 * 1 = -0.01;                   w = 0.99
    // v = -0.009 - 0.01 * 0.99 = -0.0189;      w = 0.9711
    // v = -0.01701 - 0.01 * 0.9711 = -0.026721;  w = 0.944379
    check_trajectory(trajectory(opt, w, {0, 0, 0}), {0.99, 0.9711, 0.944379});
  }
  SECTION("AdamW") {
    AdamW opt(parameters, 0.01f, 0.1f);  // m = v = 0: Adam's step is 0
    check_trajectory(trajectory(opt, w, {0, 0, 0}), {0.999, 0.998001, 0.997003});
  }
}

TEST_CASE("Adam's L2 decay differs from AdamW's decoupled decay", "[optim]") {
  // No loss gradient, w0 = 1, eta = 0.01, lambda = 0.1.
  // AdamW shrinks w by 1 - eta lambda = 0.999 per step: 0.999, 0.998001, 0.997003.
  // Adam + L2 feeds g = lambda w into the moments, and m^ / sqrt(v^) is about
  // 1 whatever lambda is, so w moves by about eta = 0.01 per step:
  // t=1: g = 0.1; m = 0.01, v = 1e-5; m^ = 0.1, v^ = 0.01;  w = 1 - 0.01 * 0.1 / 0.1 = 0.99
  // t=2: g = 0.099; m = 0.009 + 0.0099 = 0.0189, v = 9.99e-6 + 9.801e-6 = 1.9791e-5
  //      m^ = 0.0189 / 0.19 = 0.0994737, v^ = 1.9791e-5 / 0.001999 = 0.0099005
  //      w = 0.99 - 0.01 * 0.0994737 / 0.0995015 = 0.99 - 0.0099972 = 0.9800028
  // t=3: g = 0.0980003; m = 0.01701 + 0.0098000 = 0.0268100, v = 2.9375e-5
  //      m^ = 0.0268100 / 0.271 = 0.0989300, v^ = 2.9375e-5 / 0.002997 = 0.0098016
  //      w = 0.9800028 - 0.01 * 0.0989300 / 0.0990028 = 0.9800028 - 0.0099927 = 0.9700101
  Scalar a(1), b(1);
  Adam adam(a.parameters(), 0.01f);
  adam.weight_decay = 0.1f;
  AdamW adamw(b.parameters(), 0.01f, 0.1f);
  check_trajectory(trajectory(adam, a, {0, 0, 0}), {0.99, 0.9800028, 0.9700101});
  check_trajectory(trajectory(adamw, b, {0, 0, 0}), {0.999, 0.998001, 0.997003});
}

TEST_CASE("Every optimiser minimises an elongated quadratic", "[optim]") {
  // f = (a x^2 + b y^2) / 2 with a = 1, b = 25: a ravine 5 times steeper across
  // than along, the book's chapter 05 picture. Start at (1, 1), f = 13.
  using Make = std::function<std::unique_ptr<Optimizer>(std::vector<Parameter>)>;
  struct Case {
    std::string name;
    Make make;
    double f_max;  // f after 1000 steps must be below this
  };
  const std::vector<Case> cases = {
      {"SGD", [](auto p) { return std::make_unique<SGD>(p, 0.07f); }, 1e-6},
      {"Momentum", [](auto p) { return std::make_unique<Momentum>(p, 0.02f, 0.9f); }, 1e-6},
      {"Nesterov", [](auto p) { return std::make_unique<Nesterov>(p, 0.02f, 0.9f); }, 1e-6},
      {"AdaGrad", [](auto p) { return std::make_unique<AdaGrad>(p, 0.5f); }, 1e-6},
      // RMSprop's step is about eta whatever the gradient's size, and its
      // short memory (rho = 0.9) does not let the step shrink: with a constant
      // eta it ends circling the minimum at about +-eta/2, here f ~ 3e-4.
      // That is what a decaying schedule is for.
      {"RMSprop", [](auto p) { return std::make_unique<RMSprop>(p, 0.01f); }, 1e-3},
      {"Adam", [](auto p) { return std::make_unique<Adam>(p, 0.05f); }, 1e-6},
      {"AdamW", [](auto p) { return std::make_unique<AdamW>(p, 0.05f); }, 1e-6},
  };
  for (const auto& c : cases) {
    Tensor xy({2}, {1, 1}), grad({2});
    auto opt = c.make({{"weight", &xy, &grad}});
    for (int t = 0; t < 1000; ++t) {
      grad[0] = 1 * xy[0];
      grad[1] = 25 * xy[1];
      opt->step();
    }
    const double f = 0.5 * (xy[0] * xy[0] + 25 * xy[1] * xy[1]);
    INFO(c.name << ": f = " << f << " at (" << xy[0] << ", " << xy[1] << ")");
    CHECK(f < c.f_max);
  }
}

TEST_CASE("clip_grad_norm rescales all gradients to the global norm", "[optim]") {
  Tensor a({2}), ga({2}, {3, 4}), b({1}), gb({1}, {12});
  const std::vector<Parameter> parameters = {{"a", &a, &ga}, {"b", &b, &gb}};
  SECTION("above max_norm: scaled by max_norm / norm") {
    // norm = sqrt(9 + 16 + 144) = 13; 6.5 / 13 = 0.5
    CHECK(clip_grad_norm(parameters, 6.5) == Approx(13));
    CHECK(ga[0] == Approx(1.5).margin(1e-6));
    CHECK(ga[1] == Approx(2.0).margin(1e-6));
    CHECK(gb[0] == Approx(6.0).margin(1e-6));
    CHECK(clip_grad_norm(parameters, 6.5) == Approx(6.5).margin(1e-5));  // now the new norm
  }
  SECTION("below max_norm: untouched") {
    CHECK(clip_grad_norm(parameters, 20) == Approx(13));
    CHECK(ga[0] == 3.0f);
    CHECK(ga[1] == 4.0f);
    CHECK(gb[0] == 12.0f);
  }
}
