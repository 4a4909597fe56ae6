#include "patchflow/compose/verify.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "compose/compose_fixture.hpp"
#include "patchflow/git/result_cache.hpp"

namespace patchflow {
namespace {

using testing::ComposeFixture;

std::vector<std::string> ids(const compose::VerifyResult& result) {
  std::vector<std::string> out;
  for (const Finding& f : result.findings) {
    out.push_back(f.id);
  }
  return out;
}

compose::VerifyResult verify(ComposeFixture& f, compose::VerifyOptions options = {}) {
  return compose::verify(f.r.repo(), f.stack, options);
}

TEST(VerifyTest, CleanStackHasNoFindings) {
  ComposeFixture f;
  ASSERT_TRUE(f.compose().ok());
  const compose::VerifyResult result = verify(f);
  EXPECT_EQ(ids(result), std::vector<std::string>{});
  EXPECT_EQ(result.topics_checked, 3);
  EXPECT_EQ(result.merge_branches_checked, 1);
}

TEST(VerifyTest, TopicRootedInMergeBranchIsCaughtWithTheOffendingCommit) {
  ComposeFixture f;
  ASSERT_TRUE(f.compose().ok());
  const git::Oid merge = f.r.resolve("refs/heads/xen/master");
  f.r.branch("xen/c", f.r.commit("xen/c: on xen/master", {{"c.c", "c\n"}}, {merge}));
  const compose::VerifyResult result = verify(f);
  ASSERT_FALSE(result.findings.empty());
  const Finding& rooted = result.findings.front();
  EXPECT_EQ(rooted.id, "TOPIC_ROOTED_IN_MERGE_BRANCH");
  EXPECT_EQ(rooted.commit, result.findings.front().commit);
  const git::Oid first_merge = git::commit_parents(*git::lookup_commit(f.r.repo(), merge)).front();
  EXPECT_EQ(rooted.commit, first_merge.hex());
  EXPECT_EQ(rooted.format(),
            "topics/t.yaml:1: error: [TOPIC_ROOTED_IN_MERGE_BRANCH] topic 'xen/c' contains " +
                first_merge.short_hex() +
                " (\"Merge branch 'xen/a' into xen/master\"), which exists only on merge branch "
                "'xen/master'");
}

TEST(VerifyTest, UndeclaredDependencyIsCaughtAndADeclaredOneIsNot) {
  ComposeFixture f;
  const git::Oid a = f.r.resolve("refs/heads/xen/a");
  f.r.branch("xen/c", f.r.commit("xen/c: on a", {{"c.c", "c\n"}}, {a}));
  compose::VerifyResult result = verify(f);
  ASSERT_EQ(ids(result), std::vector<std::string>{"UNDECLARED_DEPENDENCY"});
  EXPECT_EQ(result.findings[0].commit, a.hex());
  EXPECT_EQ(result.findings[0].message, "topic 'xen/c' contains commit " + a.short_hex() +
                                            " (\"xen/a: b\") of topic 'xen/a' but does not "
                                            "declare it in depends");
  f.stack.topics[2].depends = {"xen/a"};
  EXPECT_EQ(ids(verify(f)), std::vector<std::string>{});
}

TEST(VerifyTest, MergeInTopicUnlessThePolicyAllowsIt) {
  ComposeFixture f;
  const git::Oid side = f.r.commit("side", {{"s.c", "s\n"}}, {f.base});
  const git::Oid merge = f.r.commit("Merge side", {}, {f.r.resolve("refs/heads/xen/b"), side});
  f.r.branch("xen/b", merge);
  EXPECT_EQ(ids(verify(f)), std::vector<std::string>{"MERGE_IN_TOPIC"});
  f.stack.policies.push_back(config::Policy{.name = "linux", .allow_merges_in_topics = true});
  f.stack.stack.components[0].policy = "linux";
  EXPECT_EQ(ids(verify(f)), std::vector<std::string>{});
}

TEST(VerifyTest, TopicWithoutCommonHistoryIsNotOnMainline) {
  ComposeFixture f;
  f.r.branch("xen/b", f.r.commit("orphan", {{"o", "o\n"}}));
  const compose::VerifyResult result = verify(f);
  ASSERT_EQ(ids(result), std::vector<std::string>{"TOPIC_NOT_ON_MAINLINE"});
  EXPECT_EQ(result.findings[0].commit, f.r.resolve("refs/heads/xen/b").hex());
}

TEST(VerifyTest, BranchOnMergeBranchAndNonMergeCommitOnMergeBranch) {
  ComposeFixture f;
  ASSERT_TRUE(f.compose().ok());
  const git::Oid tip = f.r.resolve("refs/heads/xen/master");
  f.r.branch("scratch", f.r.commit("work on xen/master", {{"w", "w\n"}}, {tip}));
  f.r.branch("xen/e", f.r.commit("xen/e: e", {{"e.c", "e\n"}}, {f.base}));
  f.stack.topics.push_back(config::Topic{.name = "xen/e", .component = "linux", .branch = "xen/e"});
  f.stack.merge_branches.push_back(config::MergeBranch{
      .name = "xen/next", .base = "xen/master", .topics = {"xen/e"}, .component = "linux"});
  ASSERT_TRUE(f.compose({.merge_branch = "xen/next"}).ok());  // declared: not a finding
  const git::Oid direct = f.r.commit("direct commit", {{"d", "d\n"}}, {tip});
  f.r.branch("xen/master", direct);
  const compose::VerifyResult result = verify(f);
  EXPECT_EQ(ids(result),
            (std::vector<std::string>{"MERGE_BRANCH_NON_MERGE_COMMIT", "BRANCH_ON_MERGE_BRANCH"}));
  EXPECT_EQ(result.findings[0].commit, direct.hex());
  EXPECT_EQ(result.findings[1].commit, tip.hex());
  EXPECT_EQ(result.findings[1].format(),
            "refs/heads/scratch: error: [BRANCH_ON_MERGE_BRANCH] branch 'scratch' is based on "
            "merge branch 'xen/master' at " +
                tip.short_hex() +
                " (\"Merge branch 'xen/b' into xen/master\"); merge branches are never used as a "
                "base");
}

// The number of merge bases kept in the repository (.git/patchflow/cache/merge-base/).
std::size_t kept_merge_bases(ComposeFixture& f) {
  const std::filesystem::path directory =
      git::ResultCache::of(f.r.repo(), "merge-base").directory();
  std::error_code ignored;
  std::size_t count = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(directory, ignored);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    count += it->is_regular_file();
  }
  return count;
}

TEST(VerifyTest, MergeBasesOfOtherBranchesAreKeptAndABranchThatMovedIsSeenAnew) {
  ComposeFixture f;
  ASSERT_TRUE(f.compose().ok());
  const git::Oid tip = f.r.resolve("refs/heads/xen/master");
  f.r.branch("scratch", f.r.commit("work on xen/master", {{"w", "w\n"}}, {tip}));
  EXPECT_EQ(ids(verify(f)), std::vector<std::string>{"BRANCH_ON_MERGE_BRANCH"});
  const std::size_t kept = kept_merge_bases(f);
  EXPECT_GT(kept, 0u);
  EXPECT_EQ(ids(verify(f)), std::vector<std::string>{"BRANCH_ON_MERGE_BRANCH"});  // from kept
  EXPECT_EQ(kept_merge_bases(f), kept);
  // Moved off the merge branch: its new tip is a new key, never the old answer.
  f.r.branch("scratch", f.r.commit("work on mainline", {{"w", "w\n"}}, {f.base}));
  EXPECT_EQ(ids(verify(f)), std::vector<std::string>{});
}

TEST(VerifyTest, NoCacheNeitherReadsNorWritesKeptMergeBases) {
  ComposeFixture f;
  ASSERT_TRUE(f.compose().ok());
  const git::Oid tip = f.r.resolve("refs/heads/xen/master");
  f.r.branch("scratch", f.r.commit("work on xen/master", {{"w", "w\n"}}, {tip}));
  EXPECT_EQ(ids(verify(f, {.cache = false})), std::vector<std::string>{"BRANCH_ON_MERGE_BRANCH"});
  EXPECT_EQ(kept_merge_bases(f), 0u);
}

TEST(VerifyTest, BuildRunsThePolicyCommandInATemporaryCheckout) {
  ComposeFixture f;
  f.stack.policies.push_back(config::Policy{.name = "linux",
                                            .build = "test -f README && "
                                                     "! grep -q broken README"});
  f.stack.stack.components[0].policy = "linux";
  f.r.branch("xen/b",
             f.r.commit("break it", {{"README", "broken\n"}}, {f.r.resolve("refs/heads/xen/b")}));
  const compose::VerifyResult result = verify(f, {.build = true});
  EXPECT_EQ(result.builds_run, 3);
  ASSERT_EQ(ids(result), std::vector<std::string>{"TOPIC_BUILD_BROKEN"});
  EXPECT_EQ(result.findings[0].message,
            "topic 'xen/b' does not build at " + f.r.resolve("refs/heads/xen/b").short_hex() +
                ": 'test -f README && ! grep -q broken README' exited with 1");
  EXPECT_TRUE(compose::to_json(result)["errors"].get<bool>());
}

}  // namespace
}  // namespace patchflow
