// The bundled stack checks clean with its components' policies, and the example incoming
// series (examples/incoming) is reported with every defect planted in it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "patchflow/check/request.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/core/json.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

using testing::TempDir;

const std::string k_source = PATCHFLOW_SOURCE_DIR;
const std::string k_series = k_source + "/examples/incoming/contributor-series.mbox";

// Materialized once for the suite: every test only reads it (or adds its own branch).
class BundledCheckTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(k_source + "/stack/stack.yaml")) {
      return;
    }
    s_dir = std::make_unique<TempDir>();
    s_stack = std::make_unique<config::StackConfig>(config::load_stack(k_source));
    materialize::materialize_at(s_dir->path(), *s_stack, {});
  }
  static void TearDownTestSuite() {
    s_stack.reset();
    s_dir.reset();
  }
  void SetUp() override {
    if (!s_stack) {
      GTEST_SKIP() << "the bundled stack is not in this checkout";
    }
  }

  // `patchflow check` with no user identity (HOME is empty), against the materialized repo.
  static testing::ProcessResult check(std::vector<std::string> args) {
    args.insert(args.begin(), {PATCHFLOW_BINARY, "--stack", k_source, "--repo", s_dir->path()});
    return testing::run_process(args, s_dir->path(),
                                {{"HOME", s_dir->path() + "/no-home"}, {"NO_COLOR", "1"}});
  }

  static std::unique_ptr<TempDir> s_dir;
  static std::unique_ptr<config::StackConfig> s_stack;
};
std::unique_ptr<TempDir> BundledCheckTest::s_dir;
std::unique_ptr<config::StackConfig> BundledCheckTest::s_stack;

TEST_F(BundledCheckTest, EveryTopicChecksCleanWithItsComponentPolicy) {
  const git::Repository repo = git::open_repository(s_dir->path());
  Context context;
  context.stack = [](bool) { return s_stack.get(); };
  context.repo = [&repo](bool) { return repo.get(); };
  ASSERT_GE(s_stack->topics.size(), 16u);
  for (const auto& topic : s_stack->topics) {
    Request request;
    request.inputs = {topic.name};
    const Result result = run(request, context);
    EXPECT_FALSE(result.commits.empty()) << topic.name;
    std::size_t findings = result.series.size();
    for (const auto& commit : result.commits) {
      findings += commit.findings.size();
    }
    EXPECT_EQ(findings, 0u) << topic.name << "\n" << format_text(result);
  }
}

TEST_F(BundledCheckTest, TopicByNameThroughTheCli) {
  const auto run = check({"check", "xen/dom0/core"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find(" clean; 0 errors, 0 warnings, 0 checks\n"), std::string::npos)
      << run.out;
}

// Finding IDs per patch label, in report order.
std::map<std::string, std::vector<std::string>> ids_by_patch(const nlohmann::json& report) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& commit : report["commits"]) {
    auto& ids = out[commit["label"].get<std::string>()];
    for (const auto& finding : commit["findings"]) {
      ids.push_back(finding["id"].get<std::string>());
    }
  }
  return out;
}

TEST_F(BundledCheckTest, ExampleSeriesReportsEveryPlantedDefect) {
  const auto run = check({"--json", "check", k_series});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto report = patchflow::parse_json(run.out);
  const auto ids = ids_by_patch(report);
  using V = std::vector<std::string>;
  const std::string p = "contributor-series.mbox #";
  EXPECT_EQ(ids.size(), 5u) << run.out;
  // 1: a fix mixed with a re-indentation; checkpatch: trailing whitespace, brace, indentation,
  // and (checkpatch.pl says so too) the re-indented "return -ENOSYS;"
  EXPECT_EQ(ids.at(p + "1"), (V{"FORMAT_MIXED_WITH_CODE", "TRAILING_WHITESPACE", "OPEN_BRACE",
                                "SUSPECT_CODE_INDENT", "ENOSYS", "SUSPECT_CODE_INDENT"}));
  // 2: Xen and non-Xen code in one commit, "Xen:" prefix; checkpatch: "if("
  EXPECT_EQ(ids.at(p + "2"), (V{"SUBJECT_PREFIX", "XEN_MIXED", "SPACING"}));
  // 3: no Signed-off-by (once: ours and checkpatch's are one defect); "recieve" twice, a line
  // over 100 columns
  EXPECT_EQ(ids.at(p + "3"),
            (V{"MISSING_SIGN_OFF", "TYPO_SPELLING", "TYPO_SPELLING", "LONG_LINE"}));
  // 4: a one-line message
  EXPECT_EQ(ids.at(p + "4"), (V{"COMMIT_MESSAGE"}));
  // 5: a space before a tab (the build break needs --build)
  EXPECT_EQ(ids.at(p + "5"), (V{"CODE_INDENT", "SPACE_BEFORE_TAB", "LEADING_SPACE"}));
}

TEST_F(BundledCheckTest, ExampleSeriesAppliedBreaksTheBuildAtItsFifthCommit) {
  const std::string branch = "incoming-build-test";
  testing::run_git({"branch", "-f", branch, "linux-2.6"}, s_dir->path());
  testing::run_git({"checkout", "-q", branch}, s_dir->path());
  testing::run_git({"am", "-q", k_series}, s_dir->path());
  const std::string fifth =
      std::string(text::trim(testing::run_git({"rev-parse", "HEAD"}, s_dir->path())));
  testing::run_git({"checkout", "-q", "--detach", "linux-2.6"}, s_dir->path());
  const auto run = check({"--json", "check", "--build", "-j", "2", "linux-2.6.." + branch});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto report = patchflow::parse_json(run.out);
  std::vector<std::string> series;
  for (const auto& f : report["series"]) {
    series.push_back(f["id"].get<std::string>() + " " + f["ref"].get<std::string>());
  }
  EXPECT_EQ(series, (std::vector<std::string>{"BUILD_FAILED " + fifth.substr(0, 12)})) << run.out;
  EXPECT_NE(run.out.find("xen_wallclock_resync"), std::string::npos) << run.out;
}

TEST_F(BundledCheckTest, ExampleSeriesAsMailsBreaksTheBuildAtItsFifthPatch) {
  // no branch, no `git am`: the mails apply in memory on the tip of their component's mainline
  const auto refs_before = testing::run_git({"for-each-ref"}, s_dir->path());
  const auto run = check({"--json", "check", "--build", "-j", "2", k_series});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto report = patchflow::parse_json(run.out);
  std::vector<std::string> series;
  for (const auto& f : report["series"]) {
    series.push_back(f["id"].get<std::string>() + " " + f["ref"].get<std::string>());
  }
  EXPECT_EQ(series, (std::vector<std::string>{"BUILD_FAILED contributor-series.mbox #5"}))
      << run.out;
  EXPECT_NE(run.out.find("fails at this patch; log tail:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("xen_wallclock_resync"), std::string::npos) << run.out;
  EXPECT_EQ(testing::run_git({"for-each-ref"}, s_dir->path()), refs_before);
  // the first four patches alone build
  const std::string mbox = text::read_file(k_series);
  TempDir dir;
  const std::string four =
      dir.write("four.mbox", mbox.substr(0, mbox.rfind("\nFrom ", mbox.size()) + 1));
  const auto clean = check({"--json", "check", "--build", "-j", "2", four});
  EXPECT_EQ(patchflow::parse_json(clean.out)["series"], nlohmann::json::array()) << clean.out;
}

TEST_F(BundledCheckTest, MailsBuildOnTheirBaseCommitOrOnMainline) {
  // a base whose Makefile fails on its own: every patch on it breaks at the first
  const std::string& repo = s_dir->path();
  TempDir scratch;
  const std::string makefile = testing::run_git({"show", "linux-2.6:Makefile"}, repo) +
                               "$(error this base does not build)\n";
  const std::string blob = std::string(text::trim(
      testing::run_git({"hash-object", "-w", scratch.write("Makefile", makefile)}, repo)));
  const std::map<std::string, std::string> index{{"GIT_INDEX_FILE", scratch.path() + "/index"}};
  testing::run_git({"read-tree", "linux-2.6"}, repo, index);
  testing::run_git({"update-index", "--cacheinfo", "100644," + blob + ",Makefile"}, repo, index);
  const std::string tree = std::string(text::trim(testing::run_git({"write-tree"}, repo, index)));
  const std::string broken = std::string(text::trim(
      testing::run_git({"commit-tree", tree, "-p", "linux-2.6", "-m", "broken base"}, repo)));
  // what --build reports on the series: "" when it builds, else the ref of the first break
  auto first_break = [](const testing::ProcessResult& run) {
    const auto report = patchflow::parse_json(run.out);
    return report["series"].empty() ? std::string() : report["series"][0]["ref"].get<std::string>();
  };
  // the series' first patch (it builds on linux-2.6), with "base-commit:" as format-patch --base
  // writes it (here in the patch's notes)
  const std::string series = text::read_file(k_series);
  std::string mbox = series.substr(0, series.find("\nFrom ", 1) + 1);
  mbox.insert(mbox.find("\n---\n") + 5, "base-commit: " + broken + "\n");
  const std::string based = scratch.write("based.mbox", mbox);
  auto run = check({"--json", "check", "--build", based});
  EXPECT_EQ(first_break(run), "based.mbox") << run.out << run.err;
  EXPECT_NE(run.out.find("this base does not build"), std::string::npos) << run.out;
  // --mainline wins over base-commit:
  run = check({"--json", "check", "--build", "--mainline", "linux-2.6", based});
  EXPECT_EQ(first_break(run), "") << run.out << run.err;
  // an unknown base-commit: the tip of the component's mainline
  mbox.replace(mbox.find(broken), broken.size(), std::string(40, 'f'));
  run = check({"--json", "check", "--build", scratch.write("unknown.mbox", mbox)});
  EXPECT_EQ(first_break(run), "") << run.out << run.err;
  run =
      check({"--json", "check", "--build", "--mainline", broken, scratch.path() + "/unknown.mbox"});
  EXPECT_EQ(first_break(run), "unknown.mbox") << run.out << run.err;
}

// Every finding of a --json check document, one line each, and the patch labels it covers.
std::vector<std::string> json_findings(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const auto& commit : report["commits"]) {
    for (const auto& finding : commit["findings"]) {
      out.push_back(commit["label"].get<std::string>() + " " + patchflow::dump_json(finding));
    }
  }
  for (const auto& finding : report["series"]) {
    out.push_back("series " + patchflow::dump_json(finding));
  }
  return out;
}

TEST_F(BundledCheckTest, TerseLinesOneForEachFindingOfTheReport) {
  const auto json = check({"--json", "check", k_series});
  const std::size_t findings = json_findings(patchflow::parse_json(json.out)).size();
  const auto run = check({"check", "--terse", k_series});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto lines = text::split_lines(run.out);
  EXPECT_EQ(lines.size(), findings) << run.out;
  static const std::regex k_line("[^ :]+(:[0-9]+)?: (ERROR|WARNING|CHECK): [A-Z0-9_]+: .+");
  for (const auto line : lines) {
    EXPECT_TRUE(std::regex_match(std::string(line), k_line)) << line;
  }
  EXPECT_NE(run.out.find("drivers/xen/grant-table.c:55: ERROR: TRAILING_WHITESPACE: trailing "
                         "whitespace\n"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find(" clean; "), std::string::npos) << "no summary";
}

TEST_F(BundledCheckTest, SarifToAFileBesidesTheReportOrInsteadOfIt) {
  TempDir dir;
  const std::string file = dir.path() + "/check.sarif";
  const auto run = check({"check", "--sarif", file, "--sarif-category", "incoming", k_series});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find(" clean; "), std::string::npos) << "the report is still printed";
  const auto sarif = patchflow::parse_json(text::read_file(file));
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["automationDetails"]["id"], "incoming/");
  const auto json = check({"--json", "check", k_series});
  EXPECT_EQ(sarif["runs"][0]["results"].size(),
            json_findings(patchflow::parse_json(json.out)).size());
  const auto stdout_sarif = check({"check", "--sarif", "-", k_series});
  EXPECT_EQ(stdout_sarif.exit_code, 1);
  EXPECT_EQ(patchflow::parse_json(stdout_sarif.out)["runs"][0]["results"],
            sarif["runs"][0]["results"]);
}

TEST_F(BundledCheckTest, ConflictingOutputsAndBadShardsAreUsageErrors) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"check", "--sarif", "-", "--terse", k_series},
       "patchflow: error: --sarif - prints SARIF instead of the report: not with --json or "
       "--terse\n"},
      {{"--json", "check", "--terse", k_series},
       "patchflow: error: --terse and --json are two forms of the report: choose one\n"},
      {{"check", "--shard", "0/2", k_series},
       "patchflow: error: --shard '0/2' is not K/N (two positive numbers, e.g. 1/4)\n"},
      {{"check", "--shard", "3/2", k_series},
       "patchflow: error: --shard '3/2': K is 3, past the 2 shards (1 <= K <= N)\n"},
      {{"check", "--shard", "x", k_series},
       "patchflow: error: --shard 'x' is not K/N (two positive numbers, e.g. 1/4)\n"},
  };
  for (const auto& [args, message] : cases) {
    const auto run = check(args);
    EXPECT_EQ(run.exit_code, 2) << text::join(args, " ") << "\n" << run.out;
    EXPECT_EQ(run.err, message);
    EXPECT_EQ(run.out, "");
  }
  // CLI11 itself: a category without a SARIF file to put it in
  const auto run = check({"check", "--sarif-category", "x", k_series});
  EXPECT_EQ(run.exit_code, 2) << run.out;
}

TEST_F(BundledCheckTest, ShardsOfTheExampleSeriesAreDisjointAndAddUpToTheWhole) {
  const auto whole = patchflow::parse_json(check({"--json", "check", k_series}).out);
  std::vector<std::string> united, labels;
  for (const char* shard : {"1/2", "2/2"}) {
    const auto run = check({"--json", "check", "--shard", shard, k_series});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;  // both halves have an error
    const auto part = patchflow::parse_json(run.out);
    const auto found = json_findings(part);
    united.insert(united.end(), found.begin(), found.end());
    for (const auto& commit : part["commits"]) {
      labels.push_back(commit["label"]);
    }
  }
  std::vector<std::string> all = json_findings(whole), all_labels;
  for (const auto& commit : whole["commits"]) {
    all_labels.push_back(commit["label"]);
  }
  std::sort(united.begin(), united.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(united, all);
  EXPECT_EQ(std::set<std::string>(labels.begin(), labels.end()).size(), labels.size());
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(labels, all_labels);  // "... #1" to "... #5" sort as the series goes
}

}  // namespace
}  // namespace patchflow::check
