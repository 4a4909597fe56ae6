// End to end through the binary: one run per exit-code row of materialize and topics.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "materialize/mini_stack.hpp"
#include "patchflow/core/json.hpp"
#include "patchflow/core/text.hpp"
#include "support/process.hpp"

namespace patchflow::cli {
using testing::MiniStack;
using testing::run_git;
using testing::run_patchflow;

namespace {
std::string short_oid(const std::string& repo, const std::string& revision) {
  return std::string(text::trim(run_git({"rev-parse", "--short=12", revision}, repo)));
}
}  // namespace

TEST(MaterializeCliTest, CreatesThenReportsUpToDateInTheStacksRepository) {
  MiniStack s;
  const auto first = run_patchflow({"--stack", s.root(), "materialize"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string repo = s.root() + "/repo";  // stack.yaml `repository: repo`
  EXPECT_EQ(first.out.substr(0, first.out.find('\n')), "created repository " + repo);
  EXPECT_NE(first.out.find("created    xen/dom0/backend/netback  " +
                           short_oid(repo, "xen/dom0/backend/netback") +
                           "  2 patches from topics/netback.mbox\n"),
            std::string::npos)
      << first.out;
  const auto second = run_patchflow({"--stack", s.root(), "materialize"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out.find("created"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("up to date xen/core "), std::string::npos) << second.out;
}

TEST(MaterializeCliTest, RepoOptionOverridesTheStacksRepository) {
  MiniStack s;
  testing::TempDir other;
  const auto r =
      run_patchflow({"--stack", s.root(), "--repo", other.path(), "--json", "materialize"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = patchflow::parse_json(r.out);
  EXPECT_EQ(json["repository"], other.path());
  EXPECT_EQ(json["refs"].size(), 6u);
  EXPECT_EQ(run_git({"rev-parse", "hv/physdev"}, other.path()), s.source_oid("hv/physdev") + "\n");
}

// A kept diverged branch means the repository does not match the stack: scripts must see it.
TEST(MaterializeCliTest, DivergedBranchIsKeptAndExitsOneUntilForced) {
  MiniStack s;
  ASSERT_EQ(run_patchflow({"--stack", s.root(), "materialize"}).exit_code, 0);
  const std::string repo = s.root() + "/repo";
  const std::string mbox_tip = short_oid(repo, "xen/core");
  const std::string tree = std::string(text::trim(run_git({"rev-parse", "xen/core^{tree}"}, repo)));
  const std::string local = std::string(
      text::trim(run_git({"commit-tree", "-p", "xen/core~1", "-m", "local work", tree}, repo)));
  run_git({"update-ref", "refs/heads/xen/core", local}, repo);
  const auto kept = run_patchflow({"--stack", s.root(), "materialize"});
  EXPECT_EQ(kept.exit_code, 1) << kept.err;
  EXPECT_NE(kept.out.find("diverged   xen/core "), std::string::npos) << kept.out;
  EXPECT_EQ(run_git({"rev-parse", "xen/core"}, repo), local + "\n");
  const auto forced = run_patchflow({"--stack", s.root(), "materialize", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(short_oid(repo, "xen/core"), mbox_tip);
}

TEST(MaterializeCliTest, ConfigErrorExitsTwoNamingFileLineColumn) {
  MiniStack s;
  s.write("topics/xen-core.yaml", "name: xen/core\ncomponent: linux\nversion: two\n");
  const auto r = run_patchflow({"--stack", s.root(), "materialize"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "topics/xen-core.yaml:3:10: error: 'version' must be an integer, not 'two'\n");
  EXPECT_EQ(r.out, "");
}

TEST(MaterializeCliTest, PatchThatDoesNotApplyExitsThree) {
  MiniStack s;
  std::string mbox = s.read("topics/hv-physdev.mbox");
  mbox.replace(mbox.find("+int physdev_pirqs;"), 19, "+int physdev_pirqs;\n int missing;");
  mbox.replace(mbox.find("@@ -0,0 +1 @@"), 13, "@@ -1,1 +1,2 @@");
  s.write("topics/hv-physdev.mbox", mbox);
  const auto r = run_patchflow({"--stack", s.root(), "materialize"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(r.err.rfind("topics/hv-physdev.mbox:1: error: patch 1 of 'topics/hv-physdev.mbox' does "
                        "not apply to 'common/physdev.c': ",
                        0),
            0u)
      << r.err;
  // the repository this run was creating is gone again, not left empty and half made
  EXPECT_FALSE(std::filesystem::exists(s.root() + "/repo")) << s.root();
}

TEST(TopicsCliTest, JsonShowsDeclaredAndActualDependencies) {
  MiniStack s;
  ASSERT_EQ(run_patchflow({"--stack", s.root(), "materialize"}).exit_code, 0);
  const auto r = run_patchflow({"--stack", s.root(), "--json", "topics"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = patchflow::parse_json(r.out);
  const nlohmann::json& netback = json["topics"][1];
  EXPECT_EQ(netback["name"], "xen/dom0/backend/netback");
  EXPECT_EQ(netback["declared_depends"], nlohmann::json::array({"xen/dom0/core"}));
  EXPECT_EQ(netback["actual_depends"], nlohmann::json::array({"xen/core", "xen/dom0/core"}));
  EXPECT_EQ(netback["based_on_mainline"], true);
  EXPECT_EQ(netback["merge_branches"], nlohmann::json::array({"xen/master"}));
  const auto text = run_patchflow({"--stack", s.root(), "topics"});
  EXPECT_EQ(text.out.substr(0, text.out.find("  ")), "BRANCH");
}

TEST(TopicsCliTest, WithoutARepositoryExitsThree) {
  MiniStack s;
  const auto r = run_patchflow({"--stack", s.root(), "topics"});
  EXPECT_EQ(r.exit_code, 3);
  const std::string repo = s.root() + "/repo";
  EXPECT_EQ(r.err, repo + ": error: no git repository at '" + repo + "'\n");
}

TEST(TopicsCliTest, NamesAndMergeBranchesListTheStackWithoutARepository) {
  MiniStack s;
  // a merge branch on another one, in a file that sorts first: listed after its base
  s.write("merge-branches/a-next.yaml",
          "name: xen/next\nbase: xen/master\ntopics: [xen/dom0/backend/netback]\n");
  s.write("merge-branches/xen-master.yaml",
          "name: xen/master\nbase: linux-2.6\ntopics: [xen/core, xen/dom0/core]\n");
  const auto names = run_patchflow({"--stack", s.root(), "topics", "--names"});
  ASSERT_EQ(names.exit_code, 0) << names.err;  // no repository yet: none is read
  const auto branches = run_patchflow({"--stack", s.root(), "topics", "--merge-branches"});
  ASSERT_EQ(branches.exit_code, 0) << branches.err;
  EXPECT_EQ(branches.out, "xen/master\nxen/next\n");
  const auto json = run_patchflow({"--stack", s.root(), "--json", "topics", "--merge-branches"});
  EXPECT_EQ(patchflow::parse_json(json.out),
            nlohmann::json({{"merge_branches", {"xen/master", "xen/next"}}}));
  // the names are those of the full report, in its order
  ASSERT_EQ(run_patchflow({"--stack", s.root(), "materialize"}).exit_code, 0);
  const auto report = run_patchflow({"--stack", s.root(), "--json", "topics"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const nlohmann::json topics = patchflow::parse_json(report.out)["topics"];
  std::string expected;
  for (const auto& topic : topics) {
    expected += topic["name"].get<std::string>() + "\n";
  }
  EXPECT_EQ(names.out, expected);
  EXPECT_EQ(std::count(expected.begin(), expected.end(), '\n'), 4);
  const auto both = run_patchflow({"--stack", s.root(), "topics", "--names", "--merge-branches"});
  EXPECT_EQ(both.exit_code, 2) << both.out;
}

}  // namespace patchflow::cli
