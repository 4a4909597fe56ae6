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

// fuzz_diff (tests/fuzz/regressions/fuzz_diff/index-double-space): "index  1..2" (two spaces)
// left an empty first word, and taking the blob ids after its missing ".." threw
// std::out_of_range (exit 70); such a line names no blobs, and the hunk still parses.
TEST(DiffFuzzRegressionTest, IndexLineWithoutIdsInItsFirstWordIsNotACrash) {
  const std::string diff =
      "diff --git a/mkconfig b/mkconfig\n"
      "index  1..2\n"
      "--- a/mkconfig\n"
      "+++ b/mkconfig\n"
      "@@ -41,1 +41,1 @@\n"
      "-a\n"
      "+b\n";
  const ParsedDiff parsed = parse_diff(diff, "fuzz.patch", 1);
  ASSERT_EQ(parsed.files.size(), 1u);
  EXPECT_EQ(parsed.files[0].old_blob, "");
  EXPECT_EQ(parsed.files[0].new_blob, "");
  EXPECT_EQ(parsed.files[0].index_mode, "");
  ASSERT_EQ(parsed.files[0].hunks.size(), 1u);
  EXPECT_EQ(parsed.files[0].hunks[0].lines.size(), 2u);
}

// The ids of a well-formed index line, with and without a mode, for contrast with the above.
TEST(DiffFuzzRegressionTest, IndexLineIdsAndMode) {
  const ParsedDiff with_mode =
      parse_diff("diff --git a/f b/f\nindex 1a..2b 100644\n--- a/f\n+++ b/f\n", "p.patch", 1);
  ASSERT_EQ(with_mode.files.size(), 1u);
  EXPECT_EQ(with_mode.files[0].old_blob, "1a");
  EXPECT_EQ(with_mode.files[0].new_blob, "2b");
  EXPECT_EQ(with_mode.files[0].index_mode, "100644");
  const ParsedDiff without_mode =
      parse_diff("diff --git a/f b/f\nindex 1a..2b\n--- a/f\n+++ b/f\n", "p.patch", 1);
  ASSERT_EQ(without_mode.files.size(), 1u);
  EXPECT_EQ(without_mode.files[0].new_blob, "2b");
  EXPECT_EQ(without_mode.files[0].index_mode, "");
}

}  // namespace patchflow::patch
