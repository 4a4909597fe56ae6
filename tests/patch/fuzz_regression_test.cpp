// Inputs the fuzzers (tests/fuzz/) crashed on, kept as regression tests.
#include <gtest/gtest.h>

#include "patchflow/patch/diff.hpp"

namespace patchflow::patch {

// fuzz_diff crash-0c0c8db1: a "+++ " line with no path made parse_diff throw std::out_of_range
// (an "internal error", exit 70) instead of reading an empty path.
TEST(DiffFuzzRegressionTest, PlusPlusPlusLineWithoutAPathIsNotACrash) {
  const std::string diff =
      "diff --git a/mkconfig b/mkconfig\n"
      "index 106bd896a86..266addd705d 100644\n"
      "--- a/mkconfig\n"
      "+++ \n"
      "@@ -41,1 +41,1 @@\n"
      "-a\n"
      "+b\n";
  const ParsedDiff parsed = parse_diff(diff, "fuzz.patch", 1);
  ASSERT_EQ(parsed.files.size(), 1u);
  EXPECT_EQ(parsed.files[0].old_path, "mkconfig");
  EXPECT_EQ(parsed.files[0].new_path, "");
  ASSERT_EQ(parsed.files[0].hunks.size(), 1u);
  EXPECT_EQ(parsed.files[0].hunks[0].lines.size(), 2u);
}

}  // namespace patchflow::patch
