// Diffs of commits render with the attributes git uses for them: the work tree's .gitattributes
// and the global files, never one only the index holds (git format-patch reads no index), and
// describe_attribute_sources describes exactly those. git is the referee.
#include "patchflow/git/attributes.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "patchflow/git/diff_format.hpp"
#include "patchflow/git/libgit2.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::git {
namespace {

namespace fs = std::filesystem;
using testing::TempRepo;

std::size_t index_entries(git_repository& repo) {
  git_index* raw = nullptr;
  check(git_repository_index(&raw, &repo), "index");
  const Index index(raw);
  return git_index_entrycount(index.get());
}

// A commit changing lib/string.c and lib/other.c, with "string.c -diff" in lib/.gitattributes of
// the index but not of the work tree.
struct IndexOnlyAttributes {
  TempRepo r;
  Oid base, change;
  IndexOnlyAttributes() {
    base = r.commit("init", {{"lib/string.c", "int s;\n"}, {"lib/other.c", "int o;\n"}});
    r.branch("main", base);
    r.git({"reset", "-q", "--hard", "main"});
    std::ofstream(fs::path(r.path()) / "lib" / ".gitattributes") << "string.c -diff\n";
    r.git({"add", "lib/.gitattributes"});
    fs::remove(fs::path(r.path()) / "lib" / ".gitattributes");
    change =
        r.commit("change", {{"lib/string.c", "int s2;\n"}, {"lib/other.c", "int o2;\n"}}, {base});
    r.branch("main", change);
  }
};

TEST(AttributeIndexScopeTest, CommitsRenderAsGitFormatPatchDoesAndTheIndexComesBack) {
  IndexOnlyAttributes s;
  // git is the referee: both files diff as text, the index's attributes unread
  const std::string git_patch = s.r.git({"format-patch", "-1", "--stdout", s.change.hex()});
  ASSERT_NE(git_patch.find("+int s2;"), std::string::npos) << git_patch;
  ASSERT_EQ(s.r.git({"diff", "--numstat", s.base.hex(), s.change.hex()}),
            "1\t1\tlib/other.c\n1\t1\tlib/string.c\n");
  // libgit2 alone reads the index's: string.c renders as binary
  const std::string unscoped = format_commit_as_patch(s.r.repo(), s.change);
  EXPECT_NE(unscoped.find("Binary files a/lib/string.c and b/lib/string.c differ"),
            std::string::npos)
      << unscoped;
  const std::size_t all = index_entries(s.r.repo());
  EXPECT_EQ(all, 3u);  // lib/.gitattributes, lib/other.c, lib/string.c
  {
    const AttributeIndexScope outer(s.r.repo());
    {
      const AttributeIndexScope inner(s.r.repo());  // nested: the outer one's stays
    }
    EXPECT_EQ(index_entries(s.r.repo()), 0u);
    const std::string scoped = format_commit_as_patch(s.r.repo(), s.change);
    EXPECT_NE(scoped.find("+int s2;"), std::string::npos) << scoped;
    EXPECT_EQ(scoped.find("Binary files"), std::string::npos) << scoped;
  }
  EXPECT_EQ(index_entries(s.r.repo()), all);  // read from disk again
}

TEST(DescribeAttributeSourcesTest, DescribesTheWorkTreeFilesOfEveryDirectory) {
  IndexOnlyAttributes s;
  const std::vector<std::string> paths{"lib/string.c"};
  const std::string before = describe_attribute_sources(s.r.repo(), paths);
  EXPECT_EQ(before, "work tree .gitattributes -\nwork tree lib/.gitattributes -\n");
  std::ofstream(fs::path(s.r.path()) / "lib" / ".gitattributes") << "string.c -diff\n";
  EXPECT_NE(describe_attribute_sources(s.r.repo(), paths), before);
  EXPECT_EQ(describe_attribute_sources(s.r.repo(), {"README"}),
            "work tree .gitattributes -\n");  // lib/ is none of its directories
}

}  // namespace
}  // namespace patchflow::git
