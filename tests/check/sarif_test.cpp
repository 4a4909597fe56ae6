// check --sarif: SARIF 2.1.0 as GitHub code scanning takes it: one run, the rules used, one
// location per result with a relative URI.
#include "patchflow/check/sarif.hpp"
#include "patchflow/core/json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

const std::string k_commit = "abcdef1234567890abcdef1234567890abcdef12";
const std::string k_other = "0123456789abcdef0123456789abcdef01234567";

Finding finding_in_commit(const std::string& file, int line, Severity severity,
                          const std::string& id, const std::string& message,
                          const std::string& commit, const std::string& ref = {}) {
  Finding f;
  f.where.file = file;
  f.where.line = line;
  f.where.ref = ref;
  f.severity = severity;
  f.id = id;
  f.message = message;
  f.commit = commit;
  return f;
}

// A mail with code and message findings, a commit with a `check`, and series findings on a
// commit of the result, a commit of another shard and a mail's build.
Result sample_result() {
  Result result;
  CommitReport mail;
  mail.label = "0001-fix.patch";
  mail.source = "patches/0001-fix.patch";
  mail.findings = {
      finding_in_commit("drivers/xen/events.c", 12, Severity::error, "LONG_LINE", "line too long",
                        "0001-fix.patch"),
      finding_in_commit("patches/0001-fix.patch", 4, Severity::warning, "SUBJECT_PREFIX",
                        "no prefix", "0001-fix.patch"),
      finding_in_commit("drivers/xen/events.c", 14, Severity::error, "LONG_LINE",
                        "line too long again", "0001-fix.patch"),
  };
  CommitReport commit;
  commit.label = k_commit.substr(0, 12);
  commit.source = k_commit.substr(0, 12) + ".patch";
  commit.commit = k_commit;
  commit.findings = {
      finding_in_commit(commit.source, 8, Severity::check, "BODY_NO_WHY", "why?", k_commit)};
  result.commits = {mail, commit};
  result.series = {
      finding_in_commit("", 0, Severity::error, "SERIES_APPLY", "does not apply", k_commit,
                        k_commit.substr(0, 12)),
      finding_in_commit("", 0, Severity::error, "SERIES_DUPLICATE", "same change", k_other,
                        k_other.substr(0, 12)),
      finding_in_commit("", 0, Severity::error, "BUILD_FAILED",
                        "'make' fails at this patch; log tail:\n  x", "0001-fix.patch",
                        "0001-fix.patch"),
  };
  return result;
}

TEST(SarifTest, OneRunOfPatchflowWithSchemaAndVersion) {
  const nlohmann::json sarif = to_sarif(sample_result());
  EXPECT_EQ(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const auto& driver = sarif["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "patchflow");
  const std::string uri = driver["informationUri"];
  EXPECT_EQ(uri.rfind("https://", 0), 0u) << uri;
  // the version is the binary's own
  const auto version = testing::run_patchflow({"--json", "version"});
  ASSERT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(driver["version"], patchflow::parse_json(version.out)["patchflow"]);
  EXPECT_EQ(driver["semanticVersion"], driver["version"]);
  EXPECT_FALSE(sarif["runs"][0].contains("automationDetails"));
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 7u);
}

TEST(SarifTest, RulesAreListedOnceInOrderOfFirstUseAndResultsPointAtThem) {
  const nlohmann::json sarif = to_sarif(sample_result());
  const auto& rules = sarif["runs"][0]["tool"]["driver"]["rules"];
  std::vector<std::string> ids;
  for (const auto& rule : rules) {
    ids.push_back(rule["id"]);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"LONG_LINE", "SUBJECT_PREFIX", "BODY_NO_WHY",
                                           "SERIES_APPLY", "SERIES_DUPLICATE", "BUILD_FAILED"}));
  // patchflow's own rules say what they check and at which default level
  for (const auto& rule : check::rules()) {
    if (rule.id == "SUBJECT_PREFIX") {
      EXPECT_EQ(rules[1]["shortDescription"]["text"], rule.summary);
    }
  }
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "warning");
  EXPECT_EQ(rules[2]["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(rules[0]["shortDescription"]["text"], "checkpatch.pl rule LONG_LINE");
  for (const auto& result : sarif["runs"][0]["results"]) {
    EXPECT_EQ(rules[result["ruleIndex"].get<std::size_t>()]["id"], result["ruleId"]);
  }
}

TEST(SarifTest, LevelsMapErrorWarningAndCheckToNote) {
  const nlohmann::json sarif = to_sarif(sample_result());
  const auto& results = sarif["runs"][0]["results"];
  std::vector<std::string> levels;
  for (const auto& result : results) {
    levels.push_back(result["level"]);
  }
  EXPECT_EQ(levels, (std::vector<std::string>{"error", "warning", "error", "note", "error", "error",
                                              "error"}));
  EXPECT_EQ(results[6]["message"]["text"], "'make' fails at this patch; log tail:\n  x");
}

TEST(SarifTest, EveryResultHasOneRelativeLocation) {
  const nlohmann::json sarif = to_sarif(sample_result());
  const auto& results = sarif["runs"][0]["results"];
  std::vector<std::string> where;
  for (const auto& result : results) {
    ASSERT_EQ(result["locations"].size(), 1u) << patchflow::dump_json(result);
    const auto& physical = result["locations"][0]["physicalLocation"];
    std::string at = physical["artifactLocation"]["uri"];
    if (physical.contains("region")) {
      at += ":" + std::to_string(physical["region"]["startLine"].get<int>());
    }
    where.push_back(at);
  }
  EXPECT_EQ(where, (std::vector<std::string>{
                       "drivers/xen/events.c:12",   // code: the patched file
                       "patches/0001-fix.patch:4",  // message: the mail's file
                       "drivers/xen/events.c:14",   //
                       "abcdef123456.patch:8",      // a commit's message: its rendered patch
                       "abcdef123456.patch",        // series rule on a commit of the result
                       "0123456789ab.patch",        // ... on a commit another shard checks
                       "patches/0001-fix.patch",    // a mail's build: the mail's file
                   }));
  EXPECT_EQ(results[0]["properties"]["commit"], "0001-fix.patch");
  EXPECT_EQ(results[3]["properties"]["commit"], k_commit);
}

TEST(SarifTest, UrisArePercentEncodedAndRelativeAsGiven) {
  Result result;
  result.series = {
      finding_in_commit("./incoming/my series#2.mbox", 3, Severity::warning, "NOT_UTF8", "bytes",
                        "x"),
      finding_in_commit("caf\xc3\xa9.patch", 1, Severity::warning, "NOT_UTF8", "bytes", "x")};
  const nlohmann::json sarif = to_sarif(result);
  const auto& results = sarif["runs"][0]["results"];
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "incoming/my%20series%232.mbox");
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "caf%C3%A9.patch");
  // one rule for two results
  EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"].size(), 1u);
}

TEST(SarifTest, CategoryBecomesTheRunsAutomationIdEndingInASlash) {
  EXPECT_EQ(to_sarif({}, "patchflow/shard-1")["runs"][0]["automationDetails"]["id"],
            "patchflow/shard-1/");
  EXPECT_EQ(to_sarif({}, "patchflow/")["runs"][0]["automationDetails"]["id"], "patchflow/");
  // a clean result is a run with no results, not an absent array
  EXPECT_EQ(to_sarif({})["runs"][0]["results"], nlohmann::json::array());
}

TEST(SarifTest, ARealRangeGivesOneResultPerFindingAndEveryRuleOnce) {
  testing::TempRepo r;
  const git::Oid base = r.commit("init", {{"drivers/xen/events.c", "int a;\n"}});
  const git::Oid bad = r.commit(
      "no prefix and no sign-off\n\nThe irq is never freed.\n",
      {{"drivers/xen/events.c", "int a;\nint " + std::string(120, 'b') + ";\t \n"}}, {base});
  r.branch("master", base);
  r.branch("topic", r.commit("WIP: xen: more", {{"drivers/xen/x.c", "int x;\n"}}, {bad}));
  const auto patches = load_range(r.repo(), "master..topic");
  Result result = check_patches(patches, {}, &r.repo());
  result.series = check_series(r.repo(), "master", patches, {});
  std::vector<const Finding*> findings;
  std::vector<std::string> first_use;
  for (const auto& c : result.commits) {
    for (const auto& f : c.findings) {
      findings.push_back(&f);
    }
  }
  for (const auto& f : result.series) {
    findings.push_back(&f);
  }
  for (const Finding* f : findings) {
    if (std::find(first_use.begin(), first_use.end(), f->id) == first_use.end()) {
      first_use.push_back(f->id);
    }
  }
  ASSERT_GE(findings.size(), 5u) << format_text(result);
  const nlohmann::json sarif = to_sarif(result);
  const auto& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), findings.size());
  std::vector<std::string> rule_ids;
  for (const auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) {
    rule_ids.push_back(rule["id"]);
  }
  EXPECT_EQ(rule_ids, first_use);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(results[i]["ruleId"], findings[i]->id);
    EXPECT_EQ(results[i]["message"]["text"], findings[i]->message);
    const auto& physical = results[i]["locations"][0]["physicalLocation"];
    const std::string uri = physical["artifactLocation"]["uri"];
    EXPECT_FALSE(uri.empty());
    EXPECT_NE(uri.front(), '/') << uri;
    const std::string expected = findings[i]->where.file.empty()
                                     ? findings[i]->commit.substr(0, 12) + ".patch"
                                     : findings[i]->where.file;
    EXPECT_EQ(uri, expected) << findings[i]->format();
    if (findings[i]->where.line > 0 && !findings[i]->where.file.empty()) {
      EXPECT_EQ(physical["region"]["startLine"], findings[i]->where.line);
    } else {
      EXPECT_FALSE(physical.contains("region"));
    }
  }
}

}  // namespace
}  // namespace patchflow::check
