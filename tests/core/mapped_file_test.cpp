// A mapped file gives the file's bytes, or nothing for what is not a readable regular file; and
// write_kept_file puts a whole file in place, or reports that it could not.
#include "patchflow/core/mapped_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "patchflow/core/text.hpp"
#include "support/temp_repo.hpp"

namespace patchflow {
namespace {

TEST(MappedFileTest, MapsTheBytesOrNothing) {
  testing::TempDir dir;
  std::string content(100000, 'x');
  content[0] = 'a';
  content.back() = 'z';
  dir.write("big", content);
  dir.write("empty", "");
  std::optional<MappedFile> mapped = MappedFile::open(dir.path() + "/big");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->bytes(), content);
  // Moved, the mapping stays where it was and the source gives it up.
  MappedFile moved = std::move(*mapped);
  EXPECT_EQ(moved.bytes(), content);
  EXPECT_TRUE(mapped->bytes().empty());
  std::optional<MappedFile> empty = MappedFile::open(dir.path() + "/empty");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->bytes().empty());
  EXPECT_FALSE(MappedFile::open(dir.path() + "/absent"));
  EXPECT_FALSE(MappedFile::open(dir.path()));  // a directory
}

TEST(MappedFileTest, KeptFileIsWrittenWholeOrReportedNotWritten) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/a/b/kept";
  ASSERT_TRUE(text::write_kept_file(path, "first"));
  ASSERT_TRUE(text::write_kept_file(path, "second, longer"));
  EXPECT_EQ(text::read_file(path), "second, longer");
  // Only the file: no temporary left beside it.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator(dir.path() + "/a/b")) {
    ++entries;
  }
  EXPECT_EQ(entries, 1);
  // Its directory cannot be made (a file is in the way): false, nothing thrown.
  dir.write("blocked", "");
  EXPECT_FALSE(text::write_kept_file(dir.path() + "/blocked/kept", "x"));
}

}  // namespace
}  // namespace patchflow
