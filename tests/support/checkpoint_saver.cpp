// checkpoint_saver FILE: saves checkpoints to FILE in an endless loop,
// numbered on from the one already there, until it is killed. The test
// tests/lib/checkpoint_kill_test.cpp kills it at random moments and checks
// that FILE always holds one whole checkpoint.
#include "support/checkpoint_saver.hpp"

#include <iostream>

#include "nn/errors.hpp"

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: checkpoint_saver FILE\n";
    return 2;
  }
  nn::test::SaverRun run;
  int n = nn::test::saver_number(nn::read_checkpoint(argv[1]));
  if (n < 0) throw nn::Error(std::string(argv[1]) + " is not a saver checkpoint");
  for (;;) run.save(argv[1], ++n);
} catch (const std::exception& e) {
  std::cerr << "checkpoint_saver: " << e.what() << "\n";
  return 1;
}
