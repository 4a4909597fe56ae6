// patchflow rebase against `git rebase` on the same branches: same trees, same commits dropped,
// same conflicting files; refs move all together or not at all, and --undo puts them back.
#include "patchflow/rebase/rebase.hpp"

#include <gtest/gtest.h>

#include "patchflow/core/text.hpp"
#include "rebase/rebase_fixture.hpp"

namespace patchflow {
namespace {

using testing::catch_error;
using testing::RebaseFixture;

const rebase::TopicResult& topic_in(const rebase::Result& result, const std::string& name) {
  for (const rebase::TopicResult& topic : result.topics) {
    if (topic.topic == name) {
      return topic;
    }
  }
  throw std::runtime_error("no result for " + name);
}

TEST(RebaseTest, CleanTopicsGetGitRebasesTreesAndCommits) {
  RebaseFixture f;
  f.advance("mainline: readme", {{"README", "linux 2.6.33\n"}});
  const git::Oid old_a = f.tip("xen/a"), old_c = f.tip("xen/c");
  const auto git_a = f.git_rebase("master", "master", old_a);
  const auto git_c = f.git_rebase("master", "master", old_c);
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, f.options());
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.moved);
  ASSERT_TRUE(git_a.clean && git_c.clean);
  EXPECT_EQ(f.tree_of(f.tip("xen/a")), git_a.tree);
  EXPECT_EQ(f.subjects("master..xen/a"), git_a.subjects);
  EXPECT_EQ(f.tree_of(f.tip("xen/c")), git_c.tree);
  EXPECT_EQ(f.subjects("master..xen/c"), git_c.subjects);
  EXPECT_TRUE(f.r.git({"merge-base", "--is-ancestor", "master", "xen/c"}).empty());
}

TEST(RebaseTest, DependentTopicGoesOntoItsRebasedDependency) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a"), old_b = f.tip("xen/b");
  f.advance("mainline: events", {{"drivers/xen/events.c", "int z;\nint a;\n"}});
  const auto git_a = f.git_rebase("master", "master", old_a);
  ASSERT_TRUE(git_a.clean);
  const std::string new_a = f.r.git({"rev-parse", "HEAD"}).substr(0, 40);
  const auto git_b = f.git_rebase(new_a, old_a.hex(), old_b);
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, f.options());
  ASSERT_TRUE(result.ok());
  const git::Oid b_tip = f.tip("xen/b");
  EXPECT_EQ(git::commit_parents(*git::lookup_commit(f.r.repo(), b_tip)).front(), f.tip("xen/a"));
  EXPECT_EQ(f.tree_of(b_tip), git_b.tree);
  EXPECT_EQ(f.subjects("xen/a..xen/b"), git_b.subjects);
  EXPECT_EQ(topic_in(result, "xen/b").new_base, f.tip("xen/a"));
}

TEST(RebaseTest, DropsACommitMainlineAlreadyHasAsGitRebaseDoes) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a");
  // mainline took the first patch of xen/a (same change, another message), and more
  const git::Oid upstream =
      f.advance("events: b (upstream)", {{"drivers/xen/events.c", "int a;\nint b;\n"}});
  f.advance("mainline: readme", {{"README", "linux 2.6.33\n"}});
  const auto git_a = f.git_rebase("master", "master", old_a);
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, f.options());
  const rebase::TopicResult& a = topic_in(result, "xen/a");
  ASSERT_EQ(a.dropped.size(), 1u);
  EXPECT_EQ(a.dropped[0].subject, "xen/a: events b");
  EXPECT_EQ(a.dropped[0].upstream_commit, upstream);
  ASSERT_TRUE(git_a.clean);
  EXPECT_EQ(f.subjects("master..xen/a"), git_a.subjects);
  EXPECT_EQ(f.tree_of(f.tip("xen/a")), git_a.tree);
}

TEST(RebaseTest, DropsACommitThatBecameEmptyAsGitRebaseDoes) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a");
  // mainline made xen/a's makefile change together with another one: another patch-id, but the
  // topic commit has nothing left to change
  f.advance("mainline: makefile and readme",
            {{"drivers/xen/Makefile", "obj-y += events.o\nobj-y += b.o\n"},
             {"README", "linux 2.6.33\n"}});
  const auto git_a = f.git_rebase("master", "master", old_a);
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, f.options());
  const rebase::TopicResult& a = topic_in(result, "xen/a");
  ASSERT_EQ(a.dropped.size(), 1u);
  EXPECT_EQ(a.dropped[0].subject, "xen/a: makefile");
  EXPECT_TRUE(a.dropped[0].upstream_commit.is_zero());
  ASSERT_TRUE(git_a.clean);
  EXPECT_EQ(f.subjects("master..xen/a"), git_a.subjects);
  EXPECT_EQ(f.tree_of(f.tip("xen/a")), git_a.tree);
}

TEST(RebaseTest, KeepsACommitThatWasEmptyToBeginWithAsGitRebaseDoes) {
  RebaseFixture f;
  const git::Oid empty = f.r.commit("xen/c: note only", {}, {f.tip("xen/c")});
  f.r.branch("xen/c", empty);
  f.advance("mainline: readme", {{"README", "linux 2.6.33\n"}});
  const auto git_c = f.git_rebase("master", "master", empty);
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, f.options());
  ASSERT_TRUE(result.ok());
  ASSERT_TRUE(git_c.clean);
  EXPECT_EQ(f.subjects("master..xen/c"), git_c.subjects);
  EXPECT_EQ(f.subjects("master..xen/c").size(), 2u);
}

TEST(RebaseTest, ConflictNamesTopicCommitAndFilesAsGitAndMovesNothing) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a"), old_b = f.tip("xen/b"), old_c = f.tip("xen/c");
  f.advance("mainline: events", {{"drivers/xen/events.c", "int a;\nint z;\n"}});
  const auto git_a = f.git_rebase("master", "master", old_a);
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, f.options());
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.moved);
  const rebase::TopicResult& a = topic_in(result, "xen/a");
  ASSERT_TRUE(a.conflict.has_value());
  ASSERT_FALSE(git_a.clean);
  std::vector<std::string> paths;
  for (const git::FileConflict& file : a.conflict->files) {
    paths.push_back(file.path);
  }
  EXPECT_EQ(text::join(paths, "\n") + "\n", git_a.conflicts);
  EXPECT_EQ(a.conflict->subject, "xen/a: events b");
  ASSERT_EQ(a.conflict->files.size(), 1u);
  EXPECT_EQ(a.conflict->files[0].hunks.size(), 1u);
  const Error e = catch_error([&] { rebase::throw_if_failed(result); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()),
            "'xen/a': '" + a.conflict->commit.short_hex() +
                " xen/a: events b' conflicts in 'drivers/xen/events.c'; no ref moved");
  EXPECT_EQ(f.tip("xen/a"), old_a);
  EXPECT_EQ(f.tip("xen/b"), old_b);
  EXPECT_EQ(f.tip("xen/c"), old_c);
  EXPECT_TRUE(git::list_refs(f.r.repo(), rebase::k_backup_prefix).empty());
}

TEST(RebaseTest, KeepGoingMovesTopicsThatDoNotDependOnTheConflict) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a"), old_b = f.tip("xen/b"), old_c = f.tip("xen/c");
  f.advance("mainline: events", {{"drivers/xen/events.c", "int a;\nint z;\n"}});
  rebase::Options options = f.options();
  options.keep_going = true;
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, options);
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.moved);
  EXPECT_EQ(topic_in(result, "xen/b").skipped, "depends on 'xen/a', which did not rebase");
  EXPECT_EQ(f.tip("xen/a"), old_a);
  EXPECT_EQ(f.tip("xen/b"), old_b);
  EXPECT_NE(f.tip("xen/c"), old_c);
  EXPECT_EQ(git::commit_parents(*git::lookup_commit(f.r.repo(), f.tip("xen/c"))).front(),
            f.tip("master"));
}

TEST(RebaseTest, NamingATopicBringsTheTopicsDependingOnIt) {
  RebaseFixture f;
  const git::Oid old_c = f.tip("xen/c");
  f.advance("mainline: readme", {{"README", "linux 2.6.33\n"}});
  f.stack.merge_branches.push_back({.name = "xen/master", .base = "master", .topics = {"xen/c"}});
  f.stack.merge_branches.push_back({.name = "xen/next", .base = "master", .topics = {"xen/b"}});
  rebase::Options options = f.options();
  options.topics = {"xen/a"};
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, options);
  // the merge branch with a moved topic is the one to compose again
  EXPECT_EQ(result.to_compose, (std::vector<std::string>{"xen/next"}));
  ASSERT_EQ(result.topics.size(), 2u);
  EXPECT_EQ(result.topics[0].topic, "xen/a");
  EXPECT_EQ(result.topics[1].topic, "xen/b");
  EXPECT_EQ(f.subjects("master..xen/b"),
            (std::vector<std::string>{"xen/a: events b", "xen/a: makefile", "xen/b: on a"}));
  EXPECT_EQ(f.tip("xen/c"), old_c);
  const Error e = catch_error([&] {
    rebase::Options unknown = f.options();
    unknown.topics = {"xen/nope"};
    rebase::run(f.r.repo(), f.stack, unknown);
  });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_STREQ(e.what(), "unknown topic 'xen/nope'");
}

TEST(RebaseTest, UpToDateTopicsMoveNothing) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a"), old_b = f.tip("xen/b");
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, f.options());
  EXPECT_TRUE(result.ok());
  EXPECT_FALSE(result.moved);
  for (const rebase::TopicResult& topic : result.topics) {
    EXPECT_TRUE(topic.up_to_date()) << topic.topic;
  }
  EXPECT_EQ(f.tip("xen/a"), old_a);
  EXPECT_EQ(f.tip("xen/b"), old_b);
  EXPECT_TRUE(git::list_refs(f.r.repo(), rebase::k_backup_prefix).empty());
}

TEST(RebaseTest, DryRunReplaysButMovesNoRef) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a");
  f.advance("mainline: readme", {{"README", "linux 2.6.33\n"}});
  rebase::Options options = f.options();
  options.dry_run = true;
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, options);
  EXPECT_TRUE(result.ok());
  EXPECT_FALSE(result.moved);
  EXPECT_NE(topic_in(result, "xen/a").new_tip, old_a);
  EXPECT_EQ(f.tip("xen/a"), old_a);
  EXPECT_TRUE(git::list_refs(f.r.repo(), rebase::k_backup_prefix).empty());
}

TEST(RebaseTest, UndoPutsEveryBranchBackAndForgetsTheBackups) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a"), old_b = f.tip("xen/b"), old_c = f.tip("xen/c");
  f.advance("mainline: readme", {{"README", "linux 2.6.33\n"}});
  rebase::run(f.r.repo(), f.stack, f.options());
  EXPECT_EQ(f.r.resolve(rebase::k_backup_prefix + "xen/b"), old_b);
  EXPECT_NE(f.tip("xen/b"), old_b);
  const rebase::Result undone = rebase::undo(f.r.repo(), f.stack, f.options());
  EXPECT_TRUE(undone.moved);
  EXPECT_EQ(f.tip("xen/a"), old_a);
  EXPECT_EQ(f.tip("xen/b"), old_b);
  EXPECT_EQ(f.tip("xen/c"), old_c);
  EXPECT_TRUE(git::list_refs(f.r.repo(), rebase::k_backup_prefix).empty());
  const Error again = catch_error([&] { rebase::undo(f.r.repo(), f.stack, f.options()); });
  EXPECT_EQ(again.exit_code(), ExitCode::usage);
  EXPECT_STREQ(again.what(),
               "no rebase to undo: no refs/patchflow/pre-rebase/... ref for any topic");
}

TEST(RebaseTest, ABranchThatMovedMeanwhileStopsEveryRefUpdate) {
  RebaseFixture f;
  const git::Oid old_a = f.tip("xen/a"), old_b = f.tip("xen/b");
  f.advance("mainline: readme", {{"README", "linux 2.6.33\n"}});
  rebase::Options options = f.options();
  git::Oid pushed;
  options.before_ref_update = [&] {
    pushed = f.r.commit("xen/c: pushed meanwhile", {{"c.c", "c\n"}}, {f.tip("xen/c")});
    f.r.branch("xen/c", pushed);
  };
  const Error e = catch_error([&] { rebase::run(f.r.repo(), f.stack, options); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_NE(std::string(e.what()).find("'refs/heads/xen/c' moved meanwhile"), std::string::npos)
      << e.what();
  EXPECT_EQ(f.tip("xen/a"), old_a);
  EXPECT_EQ(f.tip("xen/b"), old_b);
  EXPECT_EQ(f.tip("xen/c"), pushed);
  EXPECT_TRUE(git::list_refs(f.r.repo(), rebase::k_backup_prefix).empty());
}

TEST(RebaseTest, RecordedResolutionSettlesTheSameConflictNextTime) {
  RebaseFixture f;
  f.advance("mainline: events", {{"drivers/xen/events.c", "int a;\nint z;\n"}});
  const std::string resolved = "int a;\nint z;\nint b;\n";
  const rebase::RecordResult recorded = rebase::record_resolution(
      f.r.repo(), f.stack, f.options(), "xen/a", "drivers/xen/events.c", resolved);
  EXPECT_EQ(recorded.file, "topics/resolutions/xen-a/drivers/xen/events.c.1.resolution");
  EXPECT_EQ(recorded.conflicts, 1u);
  const rebase::Result result = rebase::run(f.r.repo(), f.stack, f.options());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(topic_in(result, "xen/a").resolved, (std::vector<std::string>{"drivers/xen/events.c"}));
  EXPECT_EQ(f.r.read(f.tip("xen/a"), "drivers/xen/events.c"), resolved);
  EXPECT_EQ(f.r.read(f.tip("xen/b"), "drivers/xen/events.c"), resolved);
  // another conflict in the same file is not this one: the resolution does not apply to it
  f.advance("mainline: events again", {{"drivers/xen/events.c", "int a;\nint y;\n"}});
  rebase::Options options = f.options();
  options.topics = {"xen/a"};
  EXPECT_FALSE(rebase::run(f.r.repo(), f.stack, options).ok());
}

}  // namespace
}  // namespace patchflow
