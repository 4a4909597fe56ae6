#include "patchflow/patch/diff.hpp"

#include <gtest/gtest.h>

#include "patchflow/core/error.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::patch {

TEST(DiffTest, ParsesFilesHunksAndLineNumbers) {
  const std::string diff =
      "diff --git a/drivers/xen/events.c b/drivers/xen/events.c\n"
      "index 1..2 100644\n"
      "--- a/drivers/xen/events.c\n"
      "+++ b/drivers/xen/events.c\n"
      "@@ -10,3 +10,4 @@ static int bind(void)\n"
      " a\n"
      "-b\n"
      "+c\n"
      "+d\n"
      " e\n"
      "diff --git a/new.c b/new.c\n"
      "new file mode 100644\n"
      "index 0000000..3\n"
      "--- /dev/null\n"
      "+++ b/new.c\n"
      "@@ -0,0 +1 @@\n"
      "+x\n"
      "\\ No newline at end of file\n";
  const ParsedDiff parsed = parse_diff(diff, "p.patch", 20);
  ASSERT_EQ(parsed.files.size(), 2u);
  const FileDiff& events = parsed.files[0];
  EXPECT_EQ(events.path(), "drivers/xen/events.c");
  ASSERT_EQ(events.hunks.size(), 1u);
  EXPECT_EQ(events.hunks[0].section, "static int bind(void)");
  EXPECT_EQ(events.added(), 2);
  EXPECT_EQ(events.removed(), 1);
  const DiffLine& d = events.hunks[0].lines[3];
  EXPECT_EQ(d.text, "d");
  EXPECT_EQ(d.new_line, 12);
  EXPECT_EQ(d.patch_line, 28);
  const FileDiff& added = parsed.files[1];
  EXPECT_TRUE(added.is_new);
  EXPECT_EQ(added.old_path, "");
  EXPECT_EQ(added.new_path, "new.c");
  EXPECT_TRUE(added.hunks[0].lines[0].no_newline_at_end);
}

TEST(DiffTest, RenamesAndBinaries) {
  const std::string diff =
      "diff --git a/old name.c b/new name.c\n"
      "similarity index 90%\n"
      "rename from old name.c\n"
      "rename to new name.c\n"
      "diff --git a/logo.png b/logo.png\n"
      "Binary files a/logo.png and b/logo.png differ\n";
  const ParsedDiff parsed = parse_diff(diff, "p.patch", 1);
  ASSERT_EQ(parsed.files.size(), 2u);
  EXPECT_TRUE(parsed.files[0].is_rename);
  EXPECT_EQ(parsed.files[0].old_path, "old name.c");
  EXPECT_EQ(parsed.files[0].new_path, "new name.c");
  EXPECT_EQ(parsed.files[0].similarity, 90);
  EXPECT_TRUE(parsed.files[1].is_binary);
}

TEST(DiffTest, ShortHunkIsAnErrorNamingTheLine) {
  const std::string diff =
      "--- a/x.c\n"
      "+++ b/x.c\n"
      "@@ -1,3 +1,3 @@\n"
      " a\n"
      "garbage\n";
  const Error e = testing::catch_error([&] { parse_diff(diff, "bad.patch", 10); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(e.where().file, "bad.patch");
  EXPECT_EQ(e.where().line, 14);
}

// Issue 12: numbers past an int (or so large that counting lines would overflow one) are a
// malformed header naming its line, not an exception from deep inside.
TEST(DiffTest, HunkHeaderNumbersThatOverflowAreAnErrorNamingTheLine) {
  for (const std::string header : {"@@ -1,3 +1,999999999999 @@", "@@ -1,3 +2147483647,3 @@",
                                   "@@ -2147483647 +1 @@", "@@ -1,3 +1,-2 @@"}) {
    const std::string diff = "--- a/x.c\n+++ b/x.c\n" + header + "\n a\n";
    const Error e = testing::catch_error([&] { parse_diff(diff, "bad.patch", 10); });
    EXPECT_EQ(e.exit_code(), ExitCode::usage) << header;
    EXPECT_EQ(e.where().line, 12) << header;
    EXPECT_NE(std::string(e.what()).find(header), std::string::npos) << e.what();
  }
}

TEST(DiffTest, QuotedPathsAreUnquoted) {
  EXPECT_EQ(unquote_path("\"a/tab\\there\""), "a/tab\there");
  EXPECT_EQ(unquote_path("\"a/caf\\303\\251\""), "a/caf\xc3\xa9");
  EXPECT_EQ(unquote_path("plain"), "plain");
}

}  // namespace patchflow::patch
