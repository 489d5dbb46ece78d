#include "nn/value.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using nn::Value;

TEST_CASE("Value applies the chain rule through a small expression", "[value]") {
  // f = (a*b + c) * a, so df/da = 2ab + c, df/db = a^2, df/dc = a.
  Value a(2.0), b(-3.0), c(10.0);
  Value f = (a * b + c) * a;
  f.backward();
  CHECK(f.data() == Approx(8.0));
  CHECK(a.grad() == Approx(2 * 2 * -3.0 + 10));
  CHECK(b.grad() == Approx(4.0));
  CHECK(c.grad() == Approx(2.0));
}

TEST_CASE("Value gradients of a reused node add up", "[value]") {
  Value a(3.0);
  Value f = a + a;  // df/da = 2, not 1
  f.backward();
  CHECK(a.grad() == Approx(2.0));
}

TEST_CASE("Value nonlinearities match central differences", "[value]") {
  auto f = [](double x) {
    Value v(x);
    Value y = (v.tanh() * v.sigmoid() + v.exp().log() * v.relu() / (v.pow(2) + Value(1.0)));
    return std::pair{y, v};
  };
  for (double x : {-1.3, 0.4, 2.1}) {
    auto [y, v] = f(x);
    y.backward();
    const double h = 1e-6;
    const double numeric = (f(x + h).first.data() - f(x - h).first.data()) / (2 * h);
    CHECK(v.grad() == Approx(numeric).epsilon(1e-6));
  }
}
