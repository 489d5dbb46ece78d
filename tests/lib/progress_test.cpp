#include "nn/progress.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

using namespace nn;

TEST_CASE("ProgressBar prints only the final line when not on a terminal", "[progress]") {
  std::ostringstream out;
  {
    ProgressBar bar("epoch 3/10", 600, out, /*interactive=*/false);
    for (int done = 100; done <= 600; done += 100) bar.update(done, {{"loss", 0.5}});
    CHECK(out.str().empty());
    bar.finish({{"loss", 0.0812}, {"acc", 0.9751}});
  }
  const std::string s = out.str();
  CHECK(s.rfind("epoch 3/10  600/600  loss 0.0812  acc 0.9751  ", 0) == 0);
  CHECK(s.find("samples/s") != std::string::npos);
  CHECK(s.find('\r') == std::string::npos);
  CHECK(std::count(s.begin(), s.end(), '\n') == 1);
}

TEST_CASE("ProgressBar redraws in place on a terminal, throttled", "[progress]") {
  std::ostringstream out;
  ProgressBar bar("epoch 1/1", 1000, out, /*interactive=*/true);
  for (int done = 1; done <= 1000; ++done) bar.update(done, {{"loss", 1.0 / done}});
  const std::string during = out.str();
  CHECK(during.find("[") != std::string::npos);
  CHECK(during.find("ETA") != std::string::npos);
  CHECK(std::count(during.begin(), during.end(), '\r') <= 3);  // a fast loop: few redraws
  bar.finish({{"loss", 0.001}});
  CHECK(out.str().back() == '\n');
}

TEST_CASE("A quiet ProgressBar prints nothing", "[progress]") {
  ProgressBar bar("epoch 1/1", 10, /*quiet=*/true);
  bar.update(5);
  bar.finish();  // would show up on stderr; nothing to check but that it is silent and safe
  SUCCEED();
}
