// commit_patch_id and patch_id_paths read only the directories a commit changes; the referee is
// `git patch-id --stable` on `git show` of the same commit, for every kind of change a tree
// walk must not miss: files deep in subtrees, added and deleted directories, a file that
// becomes a directory, mode changes, binary files, a root commit. For the root commit and the
// binary change libgit2's id is not git's (git hashes a binary file's blob ids, libgit2 its
// "Binary files differ" line); there the referee is libgit2's diff of the whole trees.
#include <gtest/gtest.h>

#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_diff.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::git {
namespace {

using testing::TempRepo;

// libgit2's patch-id of the unrestricted tree diff (every entry of both trees compared).
std::string whole_tree_patch_id(git_repository& repo, const Oid& commit_id) {
  const Commit commit = lookup_commit(repo, commit_id);
  const Tree new_tree = commit_tree(*commit);
  Tree old_tree;
  if (git_commit_parentcount(commit.get()) > 0) {
    old_tree = commit_tree(*lookup_commit(repo, commit_parents(*commit).front()));
  }
  git_diff* raw = nullptr;
  check(git_diff_tree_to_tree(&raw, &repo, old_tree.get(), new_tree.get(), nullptr), "diff");
  const Diff diff(raw);
  git_oid id;
  check(git_diff_patchid(&id, diff.get(), nullptr), "patch-id");
  return Oid(id).hex();
}

class CommitPatchIdTest : public ::testing::Test {
 protected:
  // `git patch-id --stable` reads the diff on stdin; run it through sh to feed it.
  std::string referee(const Oid& commit) {
    const std::string out = r.git(
        {"-c", "diff.renames=false", "-c", "core.quotepath=false", "patch-id-of", commit.hex()});
    return out.substr(0, 40);
  }
  void SetUp() override {
    r.git({"config", "alias.patch-id-of",
           "!f() { git show --no-renames --binary --format= \"$1\" | git patch-id --stable; }; f"});
  }
  TempRepo r;
};

TEST_F(CommitPatchIdTest, MatchesGitForEveryKindOfChange) {
  const Oid root = r.commit("root", {{"README", "hello\n"},
                                     {"drivers/net/a.c", "int a;\n"},
                                     {"drivers/net/phy/b.c", "int b;\n"},
                                     {"drivers/usb/c.c", "int c;\n"},
                                     {"tools/x", "file\n"},
                                     {"bin/blob", std::string("\0\1\2binary", 9)}});
  std::vector<Oid> commits{root};
  commits.push_back(
      r.commit("deep edit", {{"drivers/net/phy/b.c", "int b;\nint bb;\n"}}, {commits.back()}));
  commits.push_back(r.commit(
      "add a directory", {{"lib/new/one.c", "1\n"}, {"lib/new/two.c", "2\n"}}, {commits.back()}));
  commits.push_back(
      r.commit("delete a directory", {{"drivers/usb/c.c", std::nullopt}}, {commits.back()}));
  commits.push_back(r.commit("file becomes a directory",
                             {{"tools/x", std::nullopt}, {"tools/x/y.c", "y\n"}},
                             {commits.back()}));
  commits.push_back(
      r.commit("binary change", {{"bin/blob", std::string("\0\3\4binary", 9)}}, {commits.back()}));
  commits.push_back(r.commit(
      "several places",
      {{"README", "hello\nworld\n"}, {"drivers/net/a.c", std::nullopt}, {"zzz/last.c", "z\n"}},
      {commits.back()}));
  r.branch("master", commits.back());
  // a mode change (the test repository API writes regular files only)
  r.git({"checkout", "-q", "master"});
  r.git({"update-index", "--chmod=+x", "README"});
  r.git({"commit", "-q", "-m", "mode change"});
  commits.push_back(r.resolve("refs/heads/master"));
  for (const Oid& commit : commits) {
    EXPECT_EQ(commit_patch_id(r.repo(), commit).hex(), whole_tree_patch_id(r.repo(), commit));
    const std::string subject = r.git({"log", "-1", "--format=%s", commit.hex()});
    if (subject == "root\n" || subject == "binary change\n") {
      continue;
    }
    EXPECT_EQ(commit_patch_id(r.repo(), commit).hex(), referee(commit))
        << "commit " << r.git({"log", "-1", "--format=%s", commit.hex()});
  }
}

TEST_F(CommitPatchIdTest, PathsAreTheChangedFilesTwiceSorted) {
  const Oid root = r.commit("root", {{"a/b/c.txt", "1\n"}, {"a/d.txt", "2\n"}, {"e.txt", "3\n"}});
  const Oid next =
      r.commit("two", {{"a/b/c.txt", "10\n"}, {"e.txt", std::nullopt}, {"f/g.txt", "4\n"}}, {root});
  // the referee: the files `git diff --name-only` lists (no renames), each as old and new path
  const std::string names = r.git({"diff", "--no-renames", "--name-only", root.hex(), next.hex()});
  std::vector<std::string> expected;
  for (std::size_t at = 0; at < names.size();) {
    const std::size_t end = names.find('\n', at);
    expected.push_back(names.substr(at, end - at));
    expected.push_back(names.substr(at, end - at));
    at = end + 1;
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(patch_id_paths(r.repo(), next), expected);
}

// The tree walk steps through both trees in git's order, where a directory sorts as if its name
// ended in '/': "a-b" < "a.c" < "a/" < "a0", and "b-" < "b/". A file that becomes a directory
// and neighbours on both sides of it must all be found, and nothing else.
TEST_F(CommitPatchIdTest, PathsFollowGitsTreeOrderAroundDirectories) {
  const Oid root = r.commit("root", {{"a", "file\n"},
                                     {"a-b", "1\n"},
                                     {"a.c", "2\n"},
                                     {"a0", "3\n"},
                                     {"b/c", "4\n"},
                                     {"c", "5\n"}});
  const Oid next = r.commit("file a becomes a directory",
                            {{"a", std::nullopt},
                             {"a/y", "dir\n"},
                             {"a-b", "10\n"},
                             {"a0", "30\n"},
                             {"b-", "new\n"},
                             {"c", std::nullopt},
                             {"c/d", "6\n"}},
                            {root});
  const std::string names = r.git({"diff", "--no-renames", "--name-only", root.hex(), next.hex()});
  std::vector<std::string> expected;
  for (std::size_t at = 0; at < names.size();) {
    const std::size_t end = names.find('\n', at);
    expected.push_back(names.substr(at, end - at));
    expected.push_back(names.substr(at, end - at));
    at = end + 1;
  }
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(expected.size(), 14u) << names;  // a, a/y, a-b, a0, b-, c, c/d
  EXPECT_EQ(patch_id_paths(r.repo(), next), expected);
}

}  // namespace
}  // namespace patchflow::git
