// AttributeSources describes the .gitattributes that decide how paths diff, from the work tree
// and from the index; the index's list is kept between runs keyed by the index file's state, and
// a changed index is read again (git as the referee for what the index holds).
#include "patchflow/git/attributes.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include "support/temp_repo.hpp"

namespace patchflow::git {
namespace {

namespace fs = std::filesystem;
using testing::TempRepo;

// Dates the index back so it counts as settled (not written within the racy window), as it is
// in a work tree nobody is committing in at that second.
void settle_index(const TempRepo& r) {
  const std::string index = r.path() + "/.git/index";
  const std::time_t past = std::time(nullptr) - 60;
  const utimbuf times{past, past};
  ASSERT_EQ(::utime(index.c_str(), &times), 0);
}

std::size_t kept_lists(const TempRepo& r) {
  std::size_t count = 0;
  const fs::path dir = fs::path(r.path()) / ".git" / "patchflow" / "cache" / "index-attributes";
  if (!fs::exists(dir)) {
    return 0;
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    count += entry.is_regular_file() ? 1 : 0;
  }
  return count;
}

TEST(AttributeSourcesTest, IndexListIsKeptAndReadAgainWhenTheIndexChanges) {
  TempRepo r;
  r.commit("init", {{"lib/string.c", "int s;\n"}});
  r.git({"reset", "-q", "--hard"});
  settle_index(r);
  const std::vector<std::string> paths{"lib/string.c"};
  EXPECT_NE(AttributeSources(r.repo()).describe(paths).find("index lib/.gitattributes -\n"),
            std::string::npos);
  EXPECT_EQ(kept_lists(r), 1u);

  // only in the index: libgit2's diff reads it from there when the work tree has none
  fs::create_directories(fs::path(r.path()) / "lib");
  std::ofstream(fs::path(r.path()) / "lib" / ".gitattributes") << "string.c -diff\n";
  r.git({"add", "lib/.gitattributes"});
  fs::remove(fs::path(r.path()) / "lib" / ".gitattributes");
  settle_index(r);
  const std::string staged = r.git({"rev-parse", ":lib/.gitattributes"});  // the referee
  const std::string with = AttributeSources(r.repo()).describe(paths);
  EXPECT_NE(with.find("index lib/.gitattributes " + staged), std::string::npos) << with;
  EXPECT_NE(with.find("work tree lib/.gitattributes -\n"), std::string::npos) << with;
  EXPECT_EQ(kept_lists(r), 2u);
  EXPECT_EQ(AttributeSources(r.repo()).describe(paths), with);  // from the kept list

  r.git({"rm", "-q", "--cached", "lib/.gitattributes"});
  settle_index(r);
  EXPECT_NE(AttributeSources(r.repo()).describe(paths).find("index lib/.gitattributes -\n"),
            std::string::npos);
}

TEST(AttributeSourcesTest, ARecentlyWrittenIndexIsReadNotKept) {
  TempRepo r;
  r.commit("init", {{"lib/string.c", "int s;\n"}});
  r.git({"reset", "-q", "--hard"});  // writes the index now
  AttributeSources sources(r.repo());
  EXPECT_EQ(kept_lists(r), 0u);
  EXPECT_NE(sources.describe({"lib/string.c"}).find("index .gitattributes -\n"), std::string::npos);
}

}  // namespace
}  // namespace patchflow::git
