// A commit's routing source (its MAINTAINERS files parsed, its .mailmap) is kept in the
// repository under the commit's id: each run below is a process of its own, so only the kept
// file, not the process's memory, can carry an answer from one run to the next.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "patchflow/core/text.hpp"
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

}  // namespace
}  // namespace patchflow::maintainers
