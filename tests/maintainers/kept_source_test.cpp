// A commit's routing source (its MAINTAINERS files parsed, its .mailmap) is kept in the
// repository under the commit's id: each run below is a process of its own, so only the kept
// file, not the process's memory, can carry an answer from one run to the next.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "patchflow/core/text.hpp"
#include "patchflow/git/tree_read.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::maintainers {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> kept_sources(const std::string& repo) {
  std::vector<fs::path> found;
  const fs::path index = fs::path(repo) / ".git" / "patchflow" / "tree-index";
  if (fs::is_directory(index)) {
    for (const auto& entry : fs::directory_iterator(index)) {
      if (entry.path().filename().string().find("-source-") != std::string::npos) {
        found.push_back(entry.path());
      }
    }
  }
  return found;
}

TEST(MaintainersKeptSourceTest, KeptPerCommitReadBackAndRebuiltWhenDamaged) {
  testing::TempRepo r;
  const std::string rest =
      "THE REST\nM:\tRest Person <rest@example.org>\nS:\tMaintained\nF:\t*\nF:\t*/\n";
  const git::Oid one = r.commit(
      "one", {{"MAINTAINERS", rest},
              {"board/x/MAINTAINERS",
               "BOARD X\nM:\tAnna Person <anna@example.org>\nS:\tMaintained\nF:\tboard/x/\n"},
              {".mailmap", "Anna Person <anna@example.org> <old@example.org>\n"},
              {"board/x/a.c", "int a;\n"}});
  const git::Oid two = r.commit(
      "two", {{"board/x/MAINTAINERS",
               "BOARD X\nM:\tBert Person <bert@example.org>\nS:\tMaintained\nF:\tboard/x/\n"}},
      {one});
  auto answer = [&](const git::Oid& at) {
    const auto run = testing::run_patchflow({"--repo", r.path(), "maintainers", "--rev", at.hex(),
                                             "--find-maintainer-files", "--path", "board/x/a.c"},
                                            r.path());
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  };
  const std::string anna = "Anna Person <anna@example.org> (maintainer:BOARD X)\n"
                           "Rest Person <rest@example.org> (maintainer:THE REST)\n";
  EXPECT_EQ(answer(one), anna);
  const std::vector<fs::path> kept = kept_sources(r.path());
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_NE(kept[0].filename().string().find(one.hex()), std::string::npos);

  // The next run reads the kept file: a name changed in it (same length) is what it answers.
  const std::string bytes = text::read_file(kept[0].string());
  std::string changed = bytes;
  for (std::size_t at = changed.find("Anna Person"); at != std::string::npos;
       at = changed.find("Anna Person", at + 1)) {
    changed.replace(at, 4, "Anya");
  }
  text::write_file_atomically(kept[0].string(), changed);
  EXPECT_EQ(answer(one), "Anya Person <anna@example.org> (maintainer:BOARD X)\n"
                         "Rest Person <rest@example.org> (maintainer:THE REST)\n");

  // Cut short, it is read past and written again whole.
  text::write_file_atomically(kept[0].string(), bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(answer(one), anna);
  EXPECT_EQ(text::read_file(kept[0].string()), bytes);

  // Another commit is another key: never answered from the first one's file.
  EXPECT_EQ(answer(two), "Bert Person <bert@example.org> (maintainer:BOARD X)\n"
                         "Rest Person <rest@example.org> (maintainer:THE REST)\n");
  EXPECT_EQ(kept_sources(r.path()).size(), 2u);
}

// Kept sources share the tree index's bound (git::prune_tree_index): a directory already full of
// older kept files keeps the source just written, and the answer is the tree's.
TEST(MaintainersKeptSourceTest, WritingOneKeepsTheTreeIndexBounded) {
  testing::TempRepo r;
  const git::Oid one = r.commit(
      "one", {{"MAINTAINERS",
               "THE REST\nM:\tRest Person <rest@example.org>\nS:\tMaintained\nF:\t*\n"},
              {"a.c", "int a;\n"}});
  const fs::path index = fs::path(r.path()) / ".git" / "patchflow" / "tree-index";
  fs::create_directories(index);
  const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (std::size_t i = 0; i < git::k_tree_index_files; ++i) {
    const fs::path old = index / ("old-" + std::to_string(i) + "-source-0123456789abcdef");
    text::write_file_atomically(old.string(), "kept");
    fs::last_write_time(old, hour_ago);
  }
  const auto run = testing::run_patchflow(
      {"--repo", r.path(), "maintainers", "--rev", one.hex(), "--path", "a.c"}, r.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Rest Person <rest@example.org> (maintainer:THE REST)\n");
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(index)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, git::k_tree_index_files);
  const std::vector<fs::path> kept = kept_sources(r.path());
  EXPECT_EQ(std::count_if(kept.begin(), kept.end(),
                          [&](const fs::path& p) {
                            return p.filename().string().starts_with(one.hex());
                          }),
            1);
}

}  // namespace
}  // namespace patchflow::maintainers
