#include <gtest/gtest.h>

#include "patchflow/git/handle.hpp"

int main(int argc, char** argv) {
  patchflow::git::Library library;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
