#include "patchflow/git/tree_merge.hpp"

#include <gtest/gtest.h>

#include "patchflow/git/repository.hpp"
#include "support/temp_repo.hpp"

namespace patchflow {
namespace {

using testing::TempRepo;

git::Oid tree_of(TempRepo& r, const git::Oid& commit) {
  return git::commit_tree_id(*git::lookup_commit(r.repo(), commit));
}

struct MergeCase {
  git::Oid base, ours, theirs;
};

// Both engines on one case: same tree, fast path decided (or honestly declined).
void expect_same_tree(TempRepo& r, const MergeCase& c, bool fast_decides) {
  const git::Oid base = tree_of(r, c.base), ours = tree_of(r, c.ours),
                 theirs = tree_of(r, c.theirs);
  const std::optional<git::TreeMergeResult> fast =
      git::merge_trees_fast(r.repo(), base, ours, theirs);
  const git::TreeMergeResult full = git::merge_trees_full(r.repo(), base, ours, theirs);
  ASSERT_TRUE(full.tree.has_value());
  ASSERT_EQ(fast.has_value(), fast_decides);
  if (fast) {
    ASSERT_TRUE(fast->tree.has_value());
    EXPECT_EQ(fast->tree->hex(), full.tree->hex());
  }
  EXPECT_EQ(git::merge_trees(r.repo(), base, ours, theirs).tree->hex(), full.tree->hex());
}

TEST(TreeMergeTest, FastPathEqualsFullMergeOnDisjointAndSameFileChanges) {
  TempRepo r;
  const git::Oid base = r.commit("base", {{"a/x.c", "1\n2\n3\n4\n5\n6\n7\n8\n9\n"},
                                          {"a/y.c", "y\n"},
                                          {"b/deep/z.c", "z\n"},
                                          {"README", "r\n"}});
  // Different directories, a new file, a deletion, and the same file in distant places.
  const git::Oid ours = r.commit("ours",
                                 {{"a/x.c", "one\n2\n3\n4\n5\n6\n7\n8\n9\n"},
                                  {"b/deep/new.c", "n\n"},
                                  {"README", std::nullopt}},
                                 {base});
  const git::Oid theirs = r.commit("theirs",
                                   {{"a/x.c", "1\n2\n3\n4\n5\n6\n7\n8\nnine\n"},
                                    {"a/y.c", std::nullopt},
                                    {"c/added.c", "c\n"},
                                    {"b/deep/z.c", "zz\n"}},
                                   {base});
  expect_same_tree(r, {base, ours, theirs}, true);
  // Trivial cases: one side unchanged, both sides identical.
  expect_same_tree(r, {base, base, theirs}, true);
  expect_same_tree(r, {base, ours, ours}, true);
  // A directory emptied on one side while the other leaves it alone.
  const git::Oid empties = r.commit("rm b", {{"b/deep/z.c", std::nullopt}}, {base});
  expect_same_tree(r, {base, empties, ours}, true);
}

TEST(TreeMergeTest, FastPathDeclinesRenamesAndTheFullMergeFollowsThem) {
  TempRepo r;
  const std::string body = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n";
  const git::Oid base = r.commit("base", {{"old.c", body}});
  const git::Oid ours = r.commit("rename", {{"old.c", std::nullopt}, {"new.c", body}}, {base});
  const git::Oid theirs =
      r.commit("edit", {{"old.c", "line 1\nline 2\nline 3\nline 4\nline 5\nline six\n"}}, {base});
  expect_same_tree(r, {base, ours, theirs}, false);
  const git::TreeMergeResult full =
      git::merge_trees(r.repo(), tree_of(r, base), tree_of(r, ours), tree_of(r, theirs));
  EXPECT_EQ(full.engine, git::MergeEngine::full);
}

TEST(TreeMergeTest, ContentConflictIsReportedWithHunksAndAStableKey) {
  TempRepo r;
  const git::Oid base = r.commit("base", {{"events.c", "a\nint x;\nb\n"}});
  const git::Oid ours = r.commit("ours", {{"events.c", "a\nint y;\nb\n"}}, {base});
  const git::Oid theirs = r.commit("theirs", {{"events.c", "a\nint z;\nb\n"}}, {base});
  const git::TreeMergeResult fast =
      git::merge_trees(r.repo(), tree_of(r, base), tree_of(r, ours), tree_of(r, theirs));
  const git::TreeMergeResult full =
      git::merge_trees_full(r.repo(), tree_of(r, base), tree_of(r, ours), tree_of(r, theirs));
  ASSERT_FALSE(fast.tree.has_value());
  ASSERT_EQ(fast.conflicts.size(), 1u);
  ASSERT_EQ(full.conflicts.size(), 1u);
  const git::FileConflict& c = fast.conflicts.front();
  EXPECT_EQ(c.path, "events.c");
  EXPECT_EQ(c.kind, "content");
  ASSERT_EQ(c.hunks.size(), 1u);
  EXPECT_EQ(c.hunks[0].line, 2);
  EXPECT_EQ(c.hunks[0].ours, "int y;\n");
  EXPECT_EQ(c.hunks[0].base, "int x;\n");
  EXPECT_EQ(c.hunks[0].theirs, "int z;\n");
  EXPECT_EQ(c.key, full.conflicts.front().key);
  EXPECT_EQ(c.key, git::conflict_key(
                       {{.ours = "int y;  \n", .base = "int x;\n", .theirs = "int z;\r\n"}}));
  EXPECT_NE(c.key,
            git::conflict_key({{.ours = "int y;\n", .base = "int x;\n", .theirs = "int w;\n"}}));
}

TEST(TreeMergeTest, ResolverSettlesTheConflictInBothEngines) {
  TempRepo r;
  const git::Oid base = r.commit("base", {{"d/events.c", "a\nint x;\nb\n"}, {"d/o.c", "o\n"}});
  const git::Oid ours = r.commit("ours", {{"d/events.c", "a\nint y;\nb\n"}}, {base});
  const git::Oid theirs =
      r.commit("theirs", {{"d/events.c", "a\nint z;\nb\n"}, {"d/o.c", "p\n"}}, {base});
  const git::ConflictResolver resolver = [](const git::FileConflict& c) {
    return std::optional<std::string>("a\nint y, z;\nb\n" + c.path + "\n");
  };
  const git::TreeMergeResult fast =
      git::merge_trees(r.repo(), tree_of(r, base), tree_of(r, ours), tree_of(r, theirs), resolver);
  const git::TreeMergeResult full = git::merge_trees_full(
      r.repo(), tree_of(r, base), tree_of(r, ours), tree_of(r, theirs), resolver);
  ASSERT_TRUE(fast.tree && full.tree);
  EXPECT_EQ(fast.engine, git::MergeEngine::fast);
  EXPECT_EQ(fast.tree->hex(), full.tree->hex());
  ASSERT_EQ(fast.resolved.size(), 1u);
  EXPECT_EQ(fast.resolved.front().path, "d/events.c");
}

TEST(TreeMergeTest, EditsAtBothEndsOfOneFileMergeCleanlyLikeFullMerge) {
  TempRepo r;
  const git::Oid base = r.commit("base", {{"s/run.sh", "echo 1\necho 2\necho 3\n"}});
  const git::Oid ours = r.commit("ours", {{"s/run.sh", "echo one\necho 2\necho 3\n"}}, {base});
  const git::Oid theirs =
      r.commit("theirs", {{"s/run.sh", "echo 1\necho 2\necho three\n"}}, {base});
  expect_same_tree(r, {base, ours, theirs}, true);
  const git::Oid merged =
      *git::merge_trees(r.repo(), tree_of(r, base), tree_of(r, ours), tree_of(r, theirs)).tree;
  git_tree_entry* raw = nullptr;
  git::Tree tree = git::lookup_tree(r.repo(), merged);
  ASSERT_EQ(git_tree_entry_bypath(&raw, tree.get(), "s/run.sh"), 0);
  git::TreeEntry entry(raw);
  EXPECT_EQ(git::read_blob(r.repo(), git::Oid(*git_tree_entry_id(entry.get()))),
            "echo one\necho 2\necho three\n");
}

}  // namespace
}  // namespace patchflow
