#include <gtest/gtest.h>

#include "patchflow/git/repository.hpp"
#include "patchflow/series/request_pull.hpp"
#include "series/crafted_repo.hpp"
#include "support/process.hpp"

namespace patchflow::testing {
namespace {

TEST(RequestPullTest, MatchesGitRequestPull) {
  CraftedRepo r;
  TempDir remote;
  // git request-pull checks that url really holds the branch: publish it there first.
  r.git({"clone", "-q", "--bare", r.path(), remote.path() + "/pub.git"});
  const std::string theirs = r.git({"request-pull", "base", remote.path() + "/pub.git", "master"});
  EXPECT_EQ(series::request_pull(r.repo(), r.rev("base"), r.rev("master"),
                                 remote.path() + "/pub.git", "master"),
            theirs);
}

series::UpstreamOptions committer() {
  return {.committer = {"Upstream Committer", "up@example.org"}, .now = 1258700000};
}

TEST(UpstreamTest, DropsCommitAlreadyInMainlineAndPicksTheRest) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"a.c", "a\n"}, {"b.c", "b\n"}});
  const git::Oid t1 = r.commit("xen: fix a", {{"a.c", "A\n"}}, {base});
  const git::Oid t2 = r.commit("xen: fix b", {{"b.c", "B\n"}}, {t1});
  r.branch("xen/core", t2);
  const git::Oid m1 = r.commit("other: c", {{"c.c", "c\n"}}, {base});
  const git::Oid m2 = r.commit("xen: fix a (applied upstream)", {{"a.c", "A\n"}}, {m1});
  r.branch("linux-2.6", m2);
  series::Range range{.topic = "xen/core", .base_commit = base, .commits = {t1, t2}, .tip = t2};
  const auto result = series::make_upstream_branch(r.repo(), range, "linux-2.6", committer());
  ASSERT_EQ(result.dropped.size(), 1u);
  EXPECT_EQ(result.dropped[0].commit, t1);
  EXPECT_EQ(result.dropped[0].mainline_commit, m2);
  ASSERT_EQ(result.picked.size(), 1u);
  EXPECT_EQ(r.resolve("refs/heads/upstream/xen/core"), result.picked[0]);
  EXPECT_EQ(r.read(result.picked[0], "b.c"), "B\n");
  EXPECT_EQ(r.git({"log", "-1", "--format=%an|%cn|%s|%P", result.picked[0].hex()}),
            "Test Author|Upstream Committer|xen: fix b|" + m2.hex() + "\n");
  EXPECT_EQ(series::format_upstream(result),
            "'upstream/xen/core' at " + result.picked[0].short_hex() + ": 1 commits on " +
                m2.short_hex() + "\ndropped " + t1.short_hex() + " xen: fix a (in mainline as " +
                m2.short_hex() + ")\nchecks: not run: the check library is not merged yet\n");
}

TEST(UpstreamTest, ConflictNamesCommitAndFilesAndMovesNoRef) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"drivers/xen/events.c", "int a;\n"}});
  const git::Oid t1 = r.commit("xen: events b", {{"drivers/xen/events.c", "int b;\n"}}, {base});
  const git::Oid m1 = r.commit("events: c", {{"drivers/xen/events.c", "int c;\n"}}, {base});
  r.branch("linux-2.6", m1);
  series::Range range{.topic = "xen/core", .base_commit = base, .commits = {t1}, .tip = t1};
  const Error e = catch_error(
      [&] { series::make_upstream_branch(r.repo(), range, "linux-2.6", committer()); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()), "'" + t1.short_hex() +
                                       " xen: events b' conflicts with 'linux-2.6' in "
                                       "'drivers/xen/events.c'; 'upstream/xen/core' not moved");
  EXPECT_TRUE(r.resolve("refs/heads/upstream/xen/core").is_zero());
}

}  // namespace
}  // namespace patchflow::testing
