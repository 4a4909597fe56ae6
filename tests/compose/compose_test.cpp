#include "patchflow/compose/compose.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compose/compose_fixture.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/commit_write.hpp"

namespace patchflow {
namespace {

using testing::catch_error;
using testing::ComposeFixture;

std::string tree_hex(ComposeFixture& f, const git::Oid& commit) {
  return git::commit_tree_id(*git::lookup_commit(f.r.repo(), commit)).hex();
}

TEST(ComposeTest, OneMergeCommitPerTopicInOrderWithTheTreeGitMergeMakes) {
  ComposeFixture f;
  f.master().topics = {"xen/a", "xen/b"};
  const compose::ComposeResult result = f.compose();
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_TRUE(result.moved);
  const git::Oid tip = f.r.resolve("refs/heads/xen/master");
  EXPECT_EQ(tip, *result.new_tip);
  ASSERT_EQ(result.topics.size(), 2u);
  const git::Oid first = result.topics[0].commit;
  EXPECT_EQ(git::commit_parents(*git::lookup_commit(f.r.repo(), first)),
            (std::vector<git::Oid>{f.base, f.r.resolve("refs/heads/xen/a")}));
  EXPECT_EQ(git::commit_parents(*git::lookup_commit(f.r.repo(), tip)),
            (std::vector<git::Oid>{first, f.r.resolve("refs/heads/xen/b")}));
  EXPECT_EQ(git::commit_message(f.r.repo(), first), "Merge branch 'xen/a' into xen/master\n");
  EXPECT_EQ(git::commit_message(f.r.repo(), tip), "Merge branch 'xen/b' into xen/master\n");
  // The referee: git merge --no-ff one by one in a work tree gives the same tree.
  f.r.git({"checkout", "-q", "-B", "referee", "master"});
  f.r.git({"merge", "-q", "--no-ff", "-m", "a", "xen/a"});
  f.r.git({"merge", "-q", "--no-ff", "-m", "b", "xen/b"});
  EXPECT_EQ(f.r.git({"rev-parse", "HEAD^{tree}"}), tree_hex(f, tip) + "\n");
  // The reflog says who moved it.
  EXPECT_NE(f.r.git({"reflog", "-1", "--format=%gs", "xen/master"})
                .find("patchflow compose: rebuild xen/master from 2 topics"),
            std::string::npos);
}

TEST(ComposeTest, CommitsUseTheFixedIdentityAndADateOneSecondAfterTheNewestParent) {
  ComposeFixture f;
  f.master().topics = {"xen/a"};
  const compose::ComposeResult result = f.compose({.identity = "Composer <c@example.org>"});
  ASSERT_TRUE(result.ok());
  const git::Oid tip = *result.new_tip;
  const std::int64_t newest =
      std::max(git::commit_time(f.r.repo(), f.base),
               git::commit_time(f.r.repo(), f.r.resolve("refs/heads/xen/a")));
  EXPECT_EQ(git::commit_time(f.r.repo(), tip), newest + 1);
  EXPECT_EQ(f.r.git({"log", "-1", "--format=%an <%ae>|%cn <%ce>", tip.hex()}),
            "Composer <c@example.org>|Composer <c@example.org>\n");
}

TEST(ComposeTest, RecomposeWithNothingChangedMakesNoNewCommitsAndReusesUnchangedPrefix) {
  ComposeFixture f;
  f.master().topics = {"xen/a", "xen/b"};
  const compose::ComposeResult first = f.compose();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.new_commits(), 2u);
  const compose::ComposeResult again = f.compose();
  EXPECT_EQ(again.new_commits(), 0u);
  EXPECT_FALSE(again.moved);
  EXPECT_EQ(*again.new_tip, *first.new_tip);
  EXPECT_EQ(again.topics[0].engine, "reused");
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), *first.new_tip);
  // Moving the second topic reuses the first merge and rebuilds only the second.
  f.r.branch("xen/b", f.r.commit("xen/b: more", {{"arch/x86/xen/more.c", "m\n"}},
                                 {f.r.resolve("refs/heads/xen/b")}));
  const compose::ComposeResult moved = f.compose();
  ASSERT_TRUE(moved.ok());
  EXPECT_TRUE(moved.topics[0].reused);
  EXPECT_FALSE(moved.topics[1].reused);
  EXPECT_EQ(moved.topics[0].commit, first.topics[0].commit);
  EXPECT_EQ(moved.new_commits(), 1u);
}

TEST(ComposeTest, SameInputsGiveTheSameCommitIdsFromScratch) {
  ComposeFixture f;
  f.master().topics = {"xen/a", "xen/b"};
  const compose::ComposeResult first = f.compose();
  // Delete the branch and compose again: no reuse possible, same ids all the same.
  git::delete_ref(f.r.repo(), "refs/heads/xen/master", *first.new_tip);
  const compose::ComposeResult second = f.compose();
  EXPECT_EQ(second.topics[0].engine, "fast");
  EXPECT_EQ(second.new_tip->hex(), first.new_tip->hex());
}

TEST(ComposeTest, FastPathAndFullMergeComposeTheSameCommits) {
  ComposeFixture f;
  f.master().topics = {"xen/a", "xen/b"};
  const compose::ComposeResult fast = f.compose({.dry_run = true});
  const compose::ComposeResult full = f.compose({.dry_run = true, .full_merge_only = true});
  EXPECT_EQ(fast.topics[1].engine, "fast");
  EXPECT_EQ(full.topics[1].engine, "full");
  EXPECT_EQ(fast.new_tip->hex(), full.new_tip->hex());
}

TEST(ComposeTest, ConflictLeavesMergeBranchWhereItWas) {
  ComposeFixture f;
  f.r.branch("xen/master", f.base);
  f.master().topics = {"xen/a", "xen/b", "xen/c"};
  const compose::ComposeResult result = f.compose();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error,
            "'xen/c' conflicts with 'xen/a' in 'drivers/xen/events.c'; 'xen/master' not moved");
  const Error e = catch_error([&] { compose::throw_if_failed(result); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_STREQ(e.what(),
               "'xen/c' conflicts with 'xen/a' in 'drivers/xen/events.c'; 'xen/master' not moved");
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), f.base);
  ASSERT_EQ(result.conflict->files.size(), 1u);
  EXPECT_EQ(result.conflict->files[0].hunks[0].ours, "int b;\n");
  EXPECT_EQ(result.conflict->files[0].hunks[0].theirs, "int c;\n");
  const std::string text = compose::format_text(result, false);
  EXPECT_NE(text.find("        | int c;\n"), std::string::npos) << text;
  EXPECT_EQ(compose::to_json(result)["conflict"]["against"], nlohmann::json({"xen/a"}));
}

TEST(ComposeTest, RacingUpdateIsRefusedAndTheRacerKeepsTheRef) {
  ComposeFixture f;
  f.r.branch("xen/master", f.base);
  f.master().topics = {"xen/a"};
  const git::Oid racer = f.r.commit("someone else", {{"x", "x\n"}}, {f.base});
  compose::Options options{.before_ref_update = [&] { f.r.branch("xen/master", racer); }};
  const Error e = catch_error([&] { f.compose(options); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()), "'refs/heads/xen/master' moved meanwhile (expected " +
                                       f.base.short_hex() + ", found " + racer.short_hex() +
                                       "); not updated");
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), racer);
}

TEST(ComposeTest, DryRunReportsButMovesNothing) {
  ComposeFixture f;
  f.r.branch("xen/master", f.base);
  f.master().topics = {"xen/a", "xen/b"};
  const compose::ComposeResult result = f.compose({.dry_run = true});
  EXPECT_FALSE(result.moved);
  EXPECT_EQ(f.r.resolve("refs/heads/xen/master"), f.base);
  EXPECT_EQ(compose::format_text(result, false),
            "compose xen/master on master (" + f.base.short_hex() + ")\n  " +
                result.topics[0].commit.short_hex() + " xen/a new (fast)\n  " +
                result.topics[1].commit.short_hex() + " xen/b new (fast)\nwould move xen/master " +
                f.base.short_hex() + " -> " + result.new_tip->short_hex() +
                " (2 new commits; dry run)\n");
}

TEST(ComposeTest, DependencyMergedAfterItsDependantIsAUsageErrorNamingTheLine) {
  ComposeFixture f;
  f.stack.topics[0].depends = {"xen/b"};  // xen/a depends on xen/b, listed after it
  const Error e = catch_error([&] { f.compose(); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(e.describe(),
            "merge-branches/xen-master.yaml:5:5: error: topic 'xen/a' depends on 'xen/b', which "
            "'xen/master' does not merge before it");
}

TEST(ComposeTest, DependentTopicMergesOnItsDependency) {
  ComposeFixture f;
  // xen/d is built on xen/a and changes the same line again: with the fork point as merge
  // base this would conflict; the dependency makes compose ask git for the real base.
  const git::Oid d = f.r.commit("xen/d: on a", {{"drivers/xen/events.c", "int d;\n"}},
                                {f.r.resolve("refs/heads/xen/a")});
  f.r.branch("xen/d", d);
  f.stack.topics.push_back(config::Topic{
      .name = "xen/d", .component = "linux", .branch = "xen/d", .depends = {"xen/a"}});
  f.master().topics = {"xen/a", "xen/b", "xen/d"};
  const compose::ComposeResult result = f.compose();
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.topics[2].merge_base, f.r.resolve("refs/heads/xen/a"));
  EXPECT_EQ(f.r.read(*result.new_tip, "drivers/xen/events.c"), "int d;\n");
}

TEST(ComposeTest, FixupIsAppliedOnTopAsItsOwnCommit) {
  ComposeFixture f;
  f.master().topics = {"xen/a", "xen/b"};
  f.stack_dir.write("merge-branches/fixups/readme.mbox",
                    "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
                    "From: Fix Er <fix@example.org>\n"
                    "Date: Thu, 19 Nov 2009 10:00:00 +0000\n"
                    "Subject: [PATCH] README: mention xen\n\n"
                    "The merged tree needs it.\n---\n"
                    "diff --git a/README b/README\n"
                    "--- a/README\n+++ b/README\n@@ -1 +1,2 @@\n linux\n+xen\n");
  f.master().fixups.push_back(
      config::Fixup{.name = "readme", .mbox = "merge-branches/fixups/readme.mbox"});
  const compose::ComposeResult result = f.compose();
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.fixups.size(), 1u);
  EXPECT_EQ(*result.new_tip, result.fixups[0].commit);
  EXPECT_EQ(f.r.read(*result.new_tip, "README"), "linux\nxen\n");
  EXPECT_EQ(f.r.git({"log", "-1", "--format=%an|%s", result.new_tip->hex()}),
            "Fix Er|README: mention xen\n");
  EXPECT_EQ(git::commit_parents(*git::lookup_commit(f.r.repo(), *result.new_tip)),
            std::vector<git::Oid>{result.topics[1].commit});
  const compose::ComposeResult again = f.compose();
  EXPECT_EQ(again.new_commits(), 0u);
  EXPECT_TRUE(again.fixups[0].reused);
}

TEST(ComposeTest, MissingTopicBranchIsAGitErrorNamingTheList) {
  ComposeFixture f;
  f.master().topics = {"xen/a", "xen/zz"};
  const Error e = catch_error([&] { f.compose(); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(e.describe(),
            "merge-branches/xen-master.yaml:6:5: error: topic branch 'xen/zz' of "
            "'xen/master' does not exist");
}

TEST(ComposeTest, MergeBranchOnAnotherMergeBranchStartsAtItsTip) {
  ComposeFixture f;
  f.master().topics = {"xen/a"};
  f.stack.merge_branches.push_back(config::MergeBranch{
      .name = "xen/next", .base = "xen/master", .topics = {"xen/b"}, .component = "linux"});
  ASSERT_TRUE(f.compose().ok());
  const compose::ComposeResult next = f.compose({.merge_branch = "xen/next"});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(git::commit_parents(*git::lookup_commit(f.r.repo(), *next.new_tip)).front(),
            f.r.resolve("refs/heads/xen/master"));
  EXPECT_EQ(f.r.read(*next.new_tip, "drivers/xen/events.c"), "int b;\n");
}

}  // namespace
}  // namespace patchflow
