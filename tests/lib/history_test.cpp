#include "nn/history.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "nn/errors.hpp"

using namespace nn;
namespace fs = std::filesystem;

TEST_CASE("History records rows and returns columns", "[history]") {
  History h;
  h.add(1, {{"train_loss", 0.5}, {"train_accuracy", 0.8}});
  h.add({{"epoch", 2}, {"train_loss", 0.25}, {"train_accuracy", 0.9}, {"val_loss", 0.3}});
  CHECK(h.size() == 2);
  CHECK(h.columns() ==
        std::vector<std::string>{"epoch", "train_loss", "train_accuracy", "val_loss"});
  CHECK(h.column("epoch") == std::vector<double>{1, 2});
  CHECK(h.column("train_loss") == std::vector<double>{0.5, 0.25});
  CHECK(std::isnan(h.column("val_loss")[0]));  // the column appeared in epoch 2
  CHECK_THROWS_WITH(h.column("val_accuracy"),
                    Catch::Contains("val_accuracy") && Catch::Contains("train_loss"));
}

TEST_CASE("History survives a CSV round trip exactly", "[history]") {
  History h;
  h.add(1, {{"train_loss", 0.1 + 0.2}, {"seconds", 1.0 / 3}});
  h.add(2, {{"train_loss", 1e-12}, {"val_loss", 7.0}});
  const fs::path path =
      fs::temp_directory_path() / ("nn-history-" + std::to_string(::getpid()) + ".csv");
  h.save_csv(path);
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  CHECK(header == "epoch,train_loss,seconds,val_loss");

  const History back = History::load_csv(path);
  CHECK(back.columns() == h.columns());
  CHECK(back.column("train_loss") == h.column("train_loss"));  // bit-exact
  CHECK(back.column("seconds")[0] == 1.0 / 3);
  CHECK(std::isnan(back.column("seconds")[1]));
  CHECK(std::isnan(back.column("val_loss")[0]));
  CHECK(!fs::exists(path.string() + ".tmp" + std::to_string(::getpid())));

  std::ofstream(path) << "epoch,loss\n1,0.5\n2,oops\n";
  CHECK_THROWS_WITH(History::load_csv(path), Catch::Contains("line 3") && Catch::Contains("oops"));
  fs::remove(path);
  CHECK_THROWS_AS(History::load_csv(path), DataError);
}
