#include "patchflow/core/json.hpp"
#include "patchflow/series/request_pull.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "patchflow/git/repository.hpp"
#include "patchflow/series/upstream.hpp"
#include "series/crafted_repo.hpp"
#include "support/process.hpp"

namespace patchflow::testing {
namespace {

std::string ours(CraftedRepo& r, const std::string& start, const std::string& url,
                 const std::string& end) {
  return series::request_pull(r.repo(), series::resolve_pull_request(r.repo(), start, url, end));
}

TEST(RequestPullTest, MatchesGitRequestPull) {
  CraftedRepo r;
  TempDir remote;
  // git request-pull checks that url really holds the branch: publish it there first.
  r.git({"clone", "-q", "--bare", r.path(), remote.path() + "/pub.git"});
  const std::string theirs = r.git({"request-pull", "base", remote.path() + "/pub.git", "master"});
  EXPECT_EQ(ours(r, "base", remote.path() + "/pub.git", "master"), theirs);
}

// A repository where HEAD (master) is not the branch asked for, with a tag, a signed-looking
// tag, a branch description and a branch published under another name.
class RequestPullEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    r.git({"branch", "xen/dom0/pci", "master~2"});
    r.git({"tag", "-a", "-m", "Xen dom0 PCI for 2.6.33\n\nPlease pull.", "pci-for-linus",
           "xen/dom0/pci"});
    // A tag whose message ends in a PGP signature block (mktag does not verify it).
    const std::string tag_object = "object " + r.rev("xen/dom0/pci").hex() +
                                   "\ntype commit\ntag pci-signed\n"
                                   "tagger Test Author <test@example.com> 1258621200 +0100\n\n"
                                   "Signed pull of the PCI work\n"
                                   "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n"
                                   "-----END PGP SIGNATURE-----\n";
    const ProcessResult tag = run_process({"git", "mktag"}, r.path(), {}, tag_object);
    ASSERT_EQ(tag.exit_code, 0) << tag.err;
    r.git({"update-ref", "refs/tags/pci-signed", tag.out.substr(0, 40)});
    r.git({"config", "branch.xen/dom0/pci.description", "PCI front- and backend.\n"});
    url = remote.path() + "/pub.git";
    r.git({"clone", "-q", "--bare", r.path(), url});
    r.git({"push", "-q", url, "xen/dom0/pci:refs/heads/for-linus"});
  }
  CraftedRepo r;
  TempDir remote;
  std::string url;
};

// Issue 11: `request-pull linux-2.6 URL xen/dom0/pci` read xen/dom0/pci as the remote branch
// and HEAD as the tip; git reads it as the end.
TEST_F(RequestPullEndTest, ThirdArgumentIsTheEndAsInGit) {
  const std::string theirs = r.git({"request-pull", "base", url, "xen/dom0/pci"});
  EXPECT_NE(theirs.find("PCI front- and backend."), std::string::npos) << theirs;
  EXPECT_EQ(ours(r, "base", url, "xen/dom0/pci"), theirs);
  EXPECT_EQ(ours(r, "base", url, "xen/dom0/pci:for-linus"),
            r.git({"request-pull", "base", url, "xen/dom0/pci:for-linus"}));
}

TEST_F(RequestPullEndTest, AnnotatedTagGivesTagsNameAndItsMessageWithoutSignature) {
  const std::string theirs = r.git({"request-pull", "base", url, "pci-for-linus"});
  EXPECT_NE(theirs.find(" tags/pci-for-linus\n"), std::string::npos) << theirs;
  EXPECT_EQ(ours(r, "base", url, "pci-for-linus"), theirs);
  const std::string signed_theirs = r.git({"request-pull", "base", url, "pci-signed"});
  EXPECT_EQ(signed_theirs.find("BEGIN PGP"), std::string::npos);
  EXPECT_EQ(ours(r, "base", url, "pci-signed"), signed_theirs);
}

TEST_F(RequestPullEndTest, CliTakesStartUrlEnd) {
  const std::string theirs = r.git({"request-pull", "base", url, "xen/dom0/pci"});
  const ProcessResult cli =
      run_patchflow({"--repo", r.path(), "request-pull", "base", url, "xen/dom0/pci"}, r.path());
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(cli.out, theirs);
  const ProcessResult unknown =
      run_patchflow({"--repo", r.path(), "request-pull", "base", url, "no/such"}, r.path());
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_EQ(unknown.err, "patchflow: error: unknown revision 'no/such'\n");
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
                m2.short_hex() + ")\nchecks: not run\n");
}

// A topic commit whose change mainline made inside a bigger commit (so no patch-id matches)
// becomes empty when picked: git rebase drops it, and keeps a commit that was empty to start
// with. git rebase in a work tree is the referee for the commits kept and the tree.
TEST(UpstreamTest, DropsCommitsThatBecomeEmptyAsGitRebaseDoes) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"a.c", "a\n"}, {"b.c", "b\n"}, {"c.c", "c\n"}});
  const git::Oid t1 = r.commit("xen: fix a", {{"a.c", "A\n"}}, {base});
  const git::Oid t2 = r.commit("xen: fix b", {{"b.c", "B\n"}}, {t1});
  const git::Oid t3 = r.commit("xen: empty on purpose", {}, {t2});
  const git::Oid m1 = r.commit("core: fix a and c", {{"a.c", "A\n"}, {"c.c", "C\n"}}, {base});
  r.branch("linux-2.6", m1);
  r.branch("xen/core", t3);
  series::Range range{.topic = "xen/core", .base_commit = base, .commits = {t1, t2, t3}, .tip = t3};
  const auto result = series::make_upstream_branch(r.repo(), range, "linux-2.6", committer());

  r.git({"checkout", "-q", "-b", "rebased", t3.hex()});
  r.git({"rebase", "-q", "linux-2.6"});
  const std::string git_subjects = r.git({"log", "--reverse", "--format=%s", "linux-2.6..rebased"});
  std::string ours;
  for (const git::Oid& picked : result.picked) {
    ours += r.git({"log", "-1", "--format=%s", picked.hex()});
  }
  EXPECT_EQ(ours, git_subjects);
  ASSERT_TRUE(result.tip.has_value());
  EXPECT_EQ(r.git({"rev-parse", result.tip->hex() + "^{tree}"}),
            r.git({"rev-parse", "rebased^{tree}"}));
  ASSERT_EQ(result.dropped.size(), 1u);
  EXPECT_EQ(result.dropped[0].commit, t1);
  EXPECT_TRUE(result.dropped[0].became_empty());
  EXPECT_NE(series::format_upstream(result).find("dropped " + t1.short_hex() +
                                                 " xen: fix a (became empty"),
            std::string::npos);
  EXPECT_EQ(series::to_json(result)["dropped"][0]["reason"], "became_empty");
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

// mainline (linux-2.6) and a topic whose second commit has no Signed-off-by.
struct UnsignedTopic {
  TempRepo r;
  git::Oid base, signed_commit, unsigned_commit;
  UnsignedTopic() {
    base = r.commit("init", {{"drivers/xen/a.c", "int a;\n"}, {"drivers/xen/b.c", "int b;\n"}});
    signed_commit = r.commit(
        "xen: count events once\n\nThe handler counted every event twice, which doubled the "
        "statistics.\n\nSigned-off-by: Test Author <test@example.com>\n",
        {{"drivers/xen/a.c", "int a2;\n"}}, {base});
    unsigned_commit =
        r.commit("xen: rename b\n\nThe old name clashed with the core code, so rename it.\n",
                 {{"drivers/xen/b.c", "int b2;\n"}}, {signed_commit});
    r.branch("linux-2.6", base);
    r.branch("xen/core", unsigned_commit);
  }
};

TEST(UpstreamTest, ChecksThePickedCommitsAndReportsErrorsButKeepsTheBranch) {
  UnsignedTopic t;
  series::Range range{.topic = "xen/core",
                      .base_commit = t.base,
                      .commits = {t.signed_commit, t.unsigned_commit},
                      .tip = t.unsigned_commit};
  auto result = series::make_upstream_branch(t.r.repo(), range, "linux-2.6", committer());
  series::check_upstream_branch(t.r.repo(), "linux-2.6", config::Policy{}, result);
  ASSERT_TRUE(result.checks.has_value());
  ASSERT_EQ(result.checks->commits.size(), 2u);
  // The checked commits are the new ones on upstream/xen/core, not the topic's.
  EXPECT_EQ(result.checks->commits[0].commit, result.picked[0].hex());
  EXPECT_EQ(result.checks->commits[1].commit, result.picked[1].hex());
  auto ids = [](const check::CommitReport& report, Severity severity) {
    std::vector<std::string> out;
    for (const Finding& f : report.findings) {
      if (f.severity == severity) out.push_back(f.id);
    }
    return out;
  };
  EXPECT_EQ(ids(result.checks->commits[0], Severity::error), std::vector<std::string>{});
  EXPECT_EQ(ids(result.checks->commits[1], Severity::error),
            (std::vector<std::string>{"MISSING_SIGN_OFF"}));  // one finding per defect
  EXPECT_TRUE(result.has_error_findings());
  EXPECT_EQ(t.r.resolve("refs/heads/upstream/xen/core"), result.picked[1]);
  const std::string text = series::format_upstream(result);
  EXPECT_NE(text.find("'upstream/xen/core' was created anyway: it is your fresh branch, fix the "
                      "errors on it (git rebase -i " + t.base.short_hex() +
                      ") or delete it (git branch -D upstream/xen/core)\n"),
            std::string::npos)
      << text;
  const nlohmann::json json = series::to_json(result);
  EXPECT_EQ(json["check_errors"], true);
  EXPECT_EQ(json["checks"]["commits"].size(), 2u);
}

TEST(UpstreamTest, CliExitsOneOnErrorFindingsAndZeroWhenClean) {
  UnsignedTopic t;
  TempDir stack;
  stack.write("stack/stack.yaml",
              "name: t\ncomponents:\n  - name: linux\n    mainline: linux-2.6\n");
  stack.write("topics/xen-core.yaml", "name: xen/core\ncomponent: linux\n");
  stack.write("topics/xen-signed.yaml", "name: xen/signed\ncomponent: linux\n");
  t.r.branch("xen/signed", t.signed_commit);
  const std::vector<std::string> global = {"--stack", stack.path(), "--repo", t.r.path()};
  std::vector<std::string> args = global;
  args.insert(args.end(), {"upstream", "xen/core"});
  const ProcessResult failing = run_patchflow(args);
  EXPECT_EQ(failing.exit_code, 1) << failing.err;
  EXPECT_NE(failing.out.find("[MISSING_SIGN_OFF]"), std::string::npos) << failing.out;
  EXPECT_NE(failing.out.find("was created anyway"), std::string::npos);
  EXPECT_FALSE(t.r.resolve("refs/heads/upstream/xen/core").is_zero());
  args = global;
  args.insert(args.end(), {"--json", "upstream", "xen/signed"});
  const ProcessResult clean = run_patchflow(args);
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  const nlohmann::json json = patchflow::parse_json(clean.out);
  EXPECT_EQ(json["check_errors"], false);
  EXPECT_EQ(json["checks"]["commits"].size(), 1u);
}

}  // namespace
}  // namespace patchflow::testing
