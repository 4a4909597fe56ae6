#include "patchflow/core/text.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace patchflow::text {

TEST(TextTest, SplitLinesDropsOnlyTheFinalNewline) {
  const auto lines = split_lines("a\n\nb\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[2], "b");
}

TEST(TextTest, GlobStarStopsAtSlashDoubleStarCrossesIt) {
  EXPECT_TRUE(glob_match("drivers/xen/*", "drivers/xen/events.c"));
  EXPECT_FALSE(glob_match("drivers/xen/*", "drivers/xen/netback/netback.c"));
  EXPECT_TRUE(glob_match("drivers/xen/**", "drivers/xen/netback/netback.c"));
  EXPECT_TRUE(glob_match("**/xen/**", "arch/x86/xen/enlighten.c"));
  EXPECT_FALSE(glob_match("arch/x86/xen/**", "arch/x86/kernel/apic.c"));
  EXPECT_TRUE(glob_match("include/?en/*.h", "include/xen/xen.h"));
}

TEST(TextTest, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("Konrad Rzeszutek Wilk \xc3\xa9"));
  EXPECT_FALSE(is_valid_utf8("Latin-1 \xe9t\xe9"));
  EXPECT_FALSE(is_valid_utf8("cut \xc3"));
}

TEST(TextTest, DisplayWidthExpandsTabsToEight) {
  EXPECT_EQ(display_width("\tint a;"), 14u);
  EXPECT_EQ(display_width("ab\tc"), 9u);
  EXPECT_EQ(display_width("\xc3\xa9"), 1u);
}

// The kept caches are read with it: whole files with NULs and past any buffer size, files whose
// size fstat does not know (/proc), nothing for what cannot be read.
TEST(TextTest, ReadFileIfPresentReadsWholeFilesAndNothingElse) {
  const std::string dir = ::testing::TempDir() + "read_file_if_present";
  std::filesystem::create_directories(dir);
  std::string content(100000, 'x');
  content[5] = '\0';
  std::ofstream(dir + "/file", std::ios::binary) << content;
  EXPECT_EQ(read_file_if_present(dir + "/file"), content);
  EXPECT_EQ(read_file(dir + "/file"), content);
  std::ofstream(dir + "/empty", std::ios::binary).flush();
  EXPECT_EQ(read_file_if_present(dir + "/empty"), std::string());
  const std::optional<std::string> status = read_file_if_present("/proc/self/status");
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(status->starts_with("Name:")) << *status;
  EXPECT_EQ(read_file_if_present(dir + "/absent"), std::nullopt);
  EXPECT_EQ(read_file_if_present(dir), std::nullopt);  // a directory
  std::filesystem::remove_all(dir);
}

}  // namespace patchflow::text
