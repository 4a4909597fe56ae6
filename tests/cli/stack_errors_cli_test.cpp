// Issue 12: only an absent stack is optional. A broken stack/stack.yaml is exit 2 naming
// file:line:column in every command that reads a stack (it used to be taken for "no stack",
// e.g. `check xen-unstable..hv/physdev` exited 0 without the xen policy); a plain git
// repository with no stack works for check, maintainers, route, series and request-pull.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>

#include "materialize/mini_stack.hpp"
#include "patchflow/core/text.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::cli {
using testing::MiniStack;
using testing::run_git;
using testing::run_patchflow;
using testing::TempDir;

namespace {

TEST(StackErrorsCliTest, BrokenStackIsExitTwoWithFileLineColumnInEveryCommandThatReadsIt) {
  const MiniStack s;
  ASSERT_EQ(run_patchflow({"--stack", s.root(), "materialize"}).exit_code, 0);
  const std::string patch = s.root() + "/topics/netback.mbox";
  // a YAML syntax error (an unclosed flow sequence) in the stack file, after materialize
  s.write("stack/stack.yaml", s.read("stack/stack.yaml") + "extra: [unclosed\n");
  const std::regex names_the_place("stack/stack\\.yaml:[0-9]+:[0-9]+: error: .*\n");
  const std::vector<std::vector<std::string>> commands{
      {"check", "xen/dom0/core"},
      {"check", "xen-unstable..hv/physdev"},
      {"check", "--terse", patch},
      {"check", patch},
      {"maintainers", "linux-2.6..xen/dom0/core"},
      {"maintainers", patch},
      {"route", "xen/dom0/core"},
      {"route", "linux-2.6..xen/dom0/core"},
      {"route", "--check-cc", patch},
      {"series", "xen/dom0/core"},
      {"series", "linux-2.6..xen/dom0/core"},
      {"request-pull", "xen/dom0/core", "https://example.org/linux.git"},
      {"request-pull", "linux-2.6", "https://example.org/linux.git"},
      {"upstream", "xen/dom0/core"},
      {"--json", "report"},
      {"topics"},
      {"topics", "--names"},
      {"graph"},
      {"compose", "xen/master"},
      {"verify"},
      {"materialize"},
  };
  for (std::vector<std::string> args : commands) {
    const std::string shown = text::join(args, " ");
    // --repo too, so that opening the repository does not read the stack for the command
    args.insert(args.begin(), {"--stack", s.root(), "--repo", s.root() + "/repo"});
    const testing::ProcessResult r = run_patchflow(args);
    EXPECT_EQ(r.exit_code, 2) << shown << "\n" << r.out << r.err;
    EXPECT_TRUE(std::regex_match(r.err, names_the_place)) << shown << "\n" << r.err;
  }
}

// A sent record (refs/patchflow/sent/<topic>:vN.json) that is not JSON, as a hand edit or another
// tool could leave it: every command that reads the topic's records stops with exit 2 naming the
// ref and the file, and series writes no mail. git stores the broken record, so the test does not
// depend on how patchflow writes records.
TEST(StackErrorsCliTest, SentRecordThatIsNotJsonIsExitTwoNamingRefAndFileAndNothingWritten) {
  const MiniStack s;
  ASSERT_EQ(run_patchflow({"--stack", s.root(), "materialize"}).exit_code, 0);
  const std::string repo = s.root() + "/repo";
  s.write("broken-v1.json", "{\"version\": 1,\n");
  const std::string blob(
      text::trim(run_git({"hash-object", "-w", s.root() + "/broken-v1.json"}, repo)));
  const std::map<std::string, std::string> scratch_index{
      {"GIT_INDEX_FILE", s.root() + "/sent-index"}};
  run_git({"update-index", "--add", "--cacheinfo", "100644," + blob + ",v1.json"}, repo,
          scratch_index);
  const std::string tree(text::trim(run_git({"write-tree"}, repo, scratch_index)));
  const std::string commit(text::trim(run_git({"commit-tree", tree, "-m", "sent"}, repo)));
  run_git({"update-ref", "refs/patchflow/sent/xen/dom0/core", commit}, repo);
  const std::string out = s.root() + "/mails";
  const std::vector<std::vector<std::string>> commands{
      {"series", "-o", out, "xen/dom0/core"},
      {"series", "--reroll", "-o", out, "xen/dom0/core"},
      {"topics"},
  };
  for (std::vector<std::string> args : commands) {
    const std::string shown = text::join(args, " ");
    args.insert(args.begin(), {"--stack", s.root(), "--repo", repo});
    const testing::ProcessResult r = run_patchflow(args);
    EXPECT_EQ(r.exit_code, 2) << shown << "\n" << r.out << r.err;
    EXPECT_EQ(r.err,
              "refs/patchflow/sent/xen/dom0/core:v1.json: error: sent record is not valid JSON\n")
        << shown;
  }
  EXPECT_FALSE(std::filesystem::exists(out));
}

// A plain git repository: MAINTAINERS in the tree, user.name/email in its config, no stack.
class NoStackCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    git({"init", "-q", "-b", "master"});
    // run_git commits as "Test Author <test@example.com>" (GIT_AUTHOR_*/GIT_COMMITTER_*).
    git({"config", "user.name", "Test Author"});
    git({"config", "user.email", "test@example.com"});
    m_dir.write("MAINTAINERS",
                "DRIVERS\nM:\tDee Maintainer <dee@example.org>\nL:\tlist@example.org\n"
                "F:\tdrivers/\n\nTHE REST\nM:\tRest Owner <rest@example.org>\nF:\t*\nF:\t*/\n");
    m_dir.write("drivers/a.c", "int a;\n");
    commit("init");
    for (int i = 1; i <= 2; ++i) {
      m_dir.write("drivers/a.c", "int a;\nint b" + std::to_string(i) + ";\n");
      commit("drivers: add b" + std::to_string(i) +
             "\n\nThe driver needs it.\n\nSigned-off-by: Test Author <test@example.com>");
    }
    git({"format-patch", "-q", "-1", "-o", m_dir.path() + "/out"});
  }
  std::string git(const std::vector<std::string>& args) {
    return run_git(args, m_dir.path());
  }
  void commit(const std::string& message) {
    git({"add", "-A"});
    git({"commit", "-q", "-m", message});
  }
  std::string patch() const { return m_dir.path() + "/out/0001-drivers-add-b2.patch"; }
  // Runs patchflow in the repository's directory with neither --stack nor --repo.
  testing::ProcessResult run(const std::vector<std::string>& args) {
    return run_patchflow(args, m_dir.path());
  }

  TempDir m_dir;
};

TEST_F(NoStackCliTest, CheckWorksOnFilesRangesAndRevisions) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"check", patch()},
                                             {"check", "--terse", patch()},
                                             {"check", "master~2..master"},
                                             {"check", "master"}}) {
    const auto r = run(args);
    // the patches are clean; a stack error would be exit 2
    EXPECT_EQ(r.exit_code, 0) << text::join(args, " ") << "\n" << r.out << r.err;
    EXPECT_EQ(r.err.find("stack"), std::string::npos) << r.err;
  }
  const auto range = run({"check", "master~2..master"});
  EXPECT_NE(range.out.find("2 patches,"), std::string::npos) << range.out;
}

TEST_F(NoStackCliTest, MaintainersAndRouteReadMaintainersFromTheTree) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"maintainers", patch()},
                                             {"maintainers", "master~2..master"},
                                             {"route", "master~2..master"}}) {
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << text::join(args, " ") << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find("dee@example.org"), std::string::npos) << r.out;
  }
}

TEST_F(NoStackCliTest, SeriesIsWhatFormatPatchMailsAndRequestPullWorks) {
  const auto series = run({"series", "--no-cover-letter", "master~2..master"});
  ASSERT_EQ(series.exit_code, 0) << series.err;
  const std::regex mail_start("^From ([0-9a-f]{40}) Mon Sep 17 00:00:00 2001$",
                              std::regex::multiline);
  auto commits_of = [&](const std::string& mbox) {
    std::vector<std::string> commits;
    for (auto it = std::sregex_iterator(mbox.begin(), mbox.end(), mail_start);
         it != std::sregex_iterator(); ++it) {
      commits.push_back((*it)[1]);
    }
    return commits;
  };
  EXPECT_EQ(commits_of(series.out), commits_of(git({"format-patch", "--stdout", "master~2..master"})));
  EXPECT_EQ(commits_of(series.out).size(), 2u);
  // routed with the tree's MAINTAINERS, as a stack's default policy would
  EXPECT_NE(series.out.find("dee@example.org"), std::string::npos) << series.out;

  const auto pull = run({"request-pull", "master~2", "https://example.org/r.git", "master"});
  EXPECT_EQ(pull.exit_code, 0) << pull.err;
  EXPECT_NE(pull.out.find("https://example.org/r.git master"), std::string::npos) << pull.out;
}

}  // namespace
}  // namespace patchflow::cli
