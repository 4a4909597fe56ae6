#include "patchflow/git/config.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <sstream>

#include "support/temp_repo.hpp"

namespace patchflow::git {
namespace {
using testing::TempRepo;

// git config --list as the referee: the entries of the diff and core sections, in its order.
std::string git_listing(TempRepo& r) {
  std::istringstream listing(r.git({"config", "--list"}));
  std::string out;
  for (std::string line; std::getline(listing, line);) {
    if (line.starts_with("diff.") || line.starts_with("core.")) {
      out += line + "\n";
    }
  }
  return out;
}

TEST(ConfigTest, EntriesListTheSectionsAsGitConfigDoes) {
  TempRepo r;
  r.git({"config", "diff.renames", "copies"});
  r.git({"config", "diffx.renames", "false"});  // another section that starts alike
  r.git({"config", "diff.cpp.xfuncname", "^[a-z]+"});
  r.git({"config", "core.abbrev", "12"});
  r.git({"config", "user.name", "Someone"});
  const Config config = open_config(&r.repo());
  const std::string entries = config_entries(*config, {"diff", "core"});
  EXPECT_EQ(entries, git_listing(r));
  EXPECT_NE(entries.find("diff.cpp.xfuncname=^[a-z]+\n"), std::string::npos) << entries;
  EXPECT_EQ(entries.find("diffx."), std::string::npos) << entries;
}

// Read into every route cache key: libgit2 1.5's regular expressions left about 20 KB of PCRE2
// match data per entry per call (6 MB over a 34-topic report). Heap in use, not time: under a
// sanitizer mallinfo2 reports nothing and the leak checker is the referee.
TEST(ConfigTest, EntriesLeaveNoMemoryBehind) {
  TempRepo r;
  r.git({"config", "diff.renames", "copies"});
  const Config config = open_config(&r.repo());
  config_entries(*config, {"diff", "core"});  // libgit2's one-time allocations
  const std::size_t before = mallinfo2().uordblks;
  for (int i = 0; i < 20; ++i) {
    config_entries(*config, {"diff", "core"});
  }
  const std::size_t after = mallinfo2().uordblks;
  EXPECT_LT(after, before + 16 * 1024) << "grew by " << after - before << " bytes";
}

}  // namespace
}  // namespace patchflow::git
