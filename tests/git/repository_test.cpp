#include "patchflow/git/repository.hpp"

#include <gtest/gtest.h>

#include "support/temp_repo.hpp"

namespace patchflow::git {
using testing::catch_error;
using testing::TempRepo;

TEST(RepositoryTest, UpdateRefRefusesWhenTheRefMovedMeanwhile) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "int a;\n"}});
  const Oid next = r.commit("next", {{"a.c", "int b;\n"}}, {base});
  const Oid other = r.commit("other", {{"a.c", "int c;\n"}}, {base});
  r.branch("xen/master", other);  // someone else moved it after we read `base`
  const Error e = catch_error(
      [&] { update_ref(r.repo(), "refs/heads/xen/master", base, next, "patchflow: test"); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
  EXPECT_EQ(std::string(e.what()), "'refs/heads/xen/master' moved meanwhile (expected " +
                                       base.short_hex() + ", found " + other.short_hex() +
                                       "); not updated");
  EXPECT_EQ(r.resolve("refs/heads/xen/master"), other);
}

TEST(RepositoryTest, UpdateRefMovesAndWritesTheReflog) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "int a;\n"}});
  const Oid next = r.commit("next", {{"a.c", "int b;\n"}}, {base});
  r.branch("topic", base);
  update_ref(r.repo(), "refs/heads/topic", base, next, "patchflow: advance");
  EXPECT_EQ(r.resolve("refs/heads/topic"), next);
  EXPECT_NE(r.git({"reflog", "show", "topic"}).find("patchflow: advance"), std::string::npos);
}

TEST(RepositoryTest, CreateRefusesWhenSomeoneCreatedItFirst) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "int a;\n"}});
  r.branch("new", base);
  const Error e = catch_error(
      [&] { update_ref(r.repo(), "refs/heads/new", std::nullopt, base, "patchflow: create"); });
  EXPECT_EQ(e.exit_code(), ExitCode::git);
}

TEST(RepositoryTest, ResolveUnknownRevisionNamesIt) {
  TempRepo r;
  r.branch("master", r.commit("init", {{"a.c", "x\n"}}));
  const Error e = catch_error([&] { resolve_commit(r.repo(), "xen/nope"); });
  EXPECT_STREQ(e.what(), "unknown revision 'xen/nope'");
  EXPECT_EQ(e.where().ref, "xen/nope");
  EXPECT_FALSE(resolve_ref(r.repo(), "xen/nope").has_value());
}

TEST(RepositoryTest, CommitsBetweenIsOldestFirstAndAgreesWithGit) {
  TempRepo r;
  const Oid base = r.commit("init", {{"a.c", "1\n"}});
  const Oid one = r.commit("one", {{"a.c", "2\n"}}, {base});
  const Oid two = r.commit("two", {{"b.c", "3\n"}}, {one});
  const std::vector<Oid> got = commits_between(r.repo(), {base}, two);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], one);
  EXPECT_EQ(got[1], two);
  r.branch("t", two);
  EXPECT_EQ(r.git({"rev-list", "--reverse", base.hex() + "..t"}), one.hex() + "\n" + two.hex() + "\n");
  EXPECT_TRUE(is_ancestor(r.repo(), base, two));
  EXPECT_FALSE(is_ancestor(r.repo(), two, base));
}

}  // namespace patchflow::git
