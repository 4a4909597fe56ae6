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
#include "patchflow/maintainers/source.hpp"
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

// A repository where board/<board>/MAINTAINERS names first at commit one and second at commit
// two (THE REST at the top), and a maintainers run for board/<board>/a.c at a commit: each run a
// process of its own, so only kept files carry anything from one run to the next.
struct BoardHistory {
  BoardHistory(const std::string& board, const std::string& first, const std::string& second)
      : board(board) {
    const std::string dir = "board/" + board + "/";
    auto section = [&](const std::string& name) {
      return "BOARD " + board + "\nM:\t" + name + "\nS:\tMaintained\nF:\t" + dir + "\n";
    };
    one = r.commit("one: " + board,
                   {{"MAINTAINERS",
                     "THE REST\nM:\tRest Person <rest@example.org>\nS:\tMaintained\nF:\t*\n"},
                    {dir + "MAINTAINERS", section(first)},
                    {dir + "a.c", "int a;\n"}});
    two = r.commit("two: " + board, {{dir + "MAINTAINERS", section(second)}}, {one});
  }
  std::string answer(const git::Oid& at) const {
    const auto run = testing::run_patchflow(
        {"--repo", r.path(), "maintainers", "--rev", at.hex(), "--find-maintainer-files",
         "--path", "board/" + board + "/a.c"},
        r.path());
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  }
  testing::TempRepo r;
  std::string board;
  git::Oid one, two;
};

// A kept source answers for what its first lines say it is: a file whose name says one commit
// and whose content was kept for another is a miss, never that other commit's answer.
TEST(MaintainersKeptSourceTest, AKeptSourceAnswersOnlyTheCommitItNames) {
  const BoardHistory h("x", "Cora Person <cora@example.org>", "Dirk Person <dirk@example.org>");
  const std::string cora = "Cora Person <cora@example.org> (maintainer:BOARD x)\n";
  const std::string dirk = "Dirk Person <dirk@example.org> (maintainer:BOARD x)\n";
  EXPECT_EQ(h.answer(h.one), cora);
  EXPECT_EQ(h.answer(h.two), dirk);
  fs::path kept_one, kept_two;
  for (const fs::path& kept : kept_sources(h.r.path())) {
    (kept.filename().string().starts_with(h.one.hex()) ? kept_one : kept_two) = kept;
  }
  ASSERT_FALSE(kept_one.empty());
  ASSERT_FALSE(kept_two.empty());
  fs::copy_file(kept_one, kept_two, fs::copy_options::overwrite_existing);
  EXPECT_EQ(h.answer(h.two), dirk);
  EXPECT_EQ(h.answer(h.one), cora);
}

// warm_last_source reads ahead the source the last routing command used (the kept file named
// in <common dir>/patchflow/last-routing-source), and the command answers that commit from it;
// any other commit is still read for itself, and a missing or damaged name warms nothing. Each
// run is a process of its own (a kept file is read back by the build that wrote it only).
TEST(MaintainersKeptSourceTest, WarmedSourceAnswersItsCommitOnly) {
  const BoardHistory h("w", "Emil Person <emil@example.org>", "Frau Person <frau@example.org>");
  const testing::TempRepo& r = h.r;
  const git::Oid& one = h.one;
  auto answer = [&h](const git::Oid& at) { return h.answer(at); };
  const std::string emil = "Emil Person <emil@example.org> (maintainer:BOARD w)\n";
  EXPECT_NO_THROW(warm_last_source(r.path()));  // nothing kept yet
  EXPECT_EQ(answer(one), emil);
  const fs::path index = fs::path(r.path()) / ".git" / "patchflow" / "tree-index";
  const fs::path pointer = index.parent_path() / "last-routing-source";
  ASSERT_TRUE(fs::exists(pointer));
  const std::string name = text::read_file(pointer.string());
  ASSERT_TRUE(name.starts_with(one.hex() + "-source-")) << name;
  const fs::path kept = index / name.substr(0, name.size() - 1);
  ASSERT_TRUE(fs::exists(kept));

  // Kept under another name, saying "Emma" where the tree says "Emil" (same length), and named
  // as the last one used: only the warmed file can answer "Emma" (the command's own file for
  // commit one is gone, so without the warm it would read the tree).
  std::string changed = text::read_file(kept.string());
  for (std::size_t at = changed.find("Emil Person"); at != std::string::npos;
       at = changed.find("Emil Person", at + 1)) {
    changed.replace(at, 4, "Emma");
  }
  text::write_file_atomically((index / "warm-copy").string(), changed);
  fs::remove(kept);
  text::write_file_atomically(pointer.string(), "warm-copy\n");
  EXPECT_EQ(answer(one), "Emma Person <emil@example.org> (maintainer:BOARD w)\n");
  // Commit two is read for itself, whatever was warmed.
  text::write_file_atomically(pointer.string(), "warm-copy\n");
  EXPECT_EQ(answer(h.two), "Frau Person <frau@example.org> (maintainer:BOARD w)\n");

  // A name that leaves the directory, is empty or names nothing warms nothing: the tree answers.
  fs::remove(index / "warm-copy");
  for (const std::string damaged : {"../../config\n", "", "no-such-file\n"}) {
    for (const fs::path& file : kept_sources(r.path())) {
      if (file.filename().string().starts_with(one.hex())) {
        fs::remove(file);
      }
    }
    text::write_file_atomically(pointer.string(), damaged);
    EXPECT_EQ(answer(one), emil) << damaged;
  }
}

}  // namespace
}  // namespace patchflow::maintainers
