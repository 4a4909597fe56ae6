// check --terse: checkpatch.pl --terse --show-types lines, one per finding, nothing else.
#include "patchflow/check/terse.hpp"

#include <gtest/gtest.h>

#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

Finding finding(const std::string& file, int line, Severity severity, const std::string& id,
                const std::string& message, const std::string& ref = {}) {
  Finding f;
  f.where.file = file;
  f.where.line = line;
  f.where.ref = ref;
  f.severity = severity;
  f.id = id;
  f.message = message;
  return f;
}

TEST(TerseTest, OneLinePerFindingInReportOrderWithCheckpatchLevels) {
  Result result;
  CommitReport first;
  first.label = "0001-fix.patch";
  first.subject = "xen: fix";
  first.findings = {
      finding("drivers/xen/events.c", 41, Severity::error, "LONG_LINE", "line too long"),
      finding("0001-fix.patch", 7, Severity::warning, "SUBJECT_PREFIX", "no prefix"),
  };
  CommitReport clean;
  clean.label = "0002-clean.patch";
  CommitReport third;
  third.findings = {finding("0003-x.patch", 0, Severity::check, "BODY_NO_WHY", "why?")};
  result.commits = {first, clean, third};
  result.series = {finding("", 0, Severity::error, "BUILD_FAILED",
                           "'make' fails at this commit; log tail:\n    a.c:3: error: x\n\n"
                           "    make: *** [all] Error 1",
                           "e890e5f56184")};
  EXPECT_EQ(format_terse(result),
            "drivers/xen/events.c:41: ERROR: LONG_LINE: line too long\n"
            "0001-fix.patch:7: WARNING: SUBJECT_PREFIX: no prefix\n"
            "0003-x.patch: CHECK: BODY_NO_WHY: why?\n"
            "e890e5f56184: ERROR: BUILD_FAILED: 'make' fails at this commit; log tail: a.c:3: "
            "error: x make: *** [all] Error 1\n");
}

TEST(TerseTest, ACleanResultPrintsNothingNotEvenASummary) {
  Result result;
  result.commits.resize(3);
  EXPECT_EQ(format_terse(result), "");
  EXPECT_NE(format_text(result), "");  // the grouped report still has its summary
}

TEST(TerseTest, ARealRangeGivesEachFindingsFileLineLevelTypeAndMessage) {
  testing::TempRepo r;
  const git::Oid base = r.commit("init", {{"drivers/xen/events.c", "int a;\n"}});
  const git::Oid change = r.commit(
      "no prefix and no sign-off\n\nThe irq is never freed.\n",
      {{"drivers/xen/events.c", "int a;\nint " + std::string(120, 'b') + ";\t \n"}}, {base});
  r.branch("master", base);
  r.branch("topic", change);
  const Result result = check_patches(load_range(r.repo(), "master..topic"), {}, &r.repo());
  ASSERT_EQ(result.commits.size(), 1u);
  const auto& findings = result.commits[0].findings;
  ASSERT_GE(findings.size(), 3u) << format_text(result);
  std::string expected;
  for (const auto& f : findings) {
    const std::string level = f.severity == Severity::error     ? "ERROR"
                              : f.severity == Severity::warning ? "WARNING"
                                                                : "CHECK";
    expected += f.where.prefix() + ": " + level + ": " + f.id + ": " + f.message + "\n";
  }
  EXPECT_EQ(format_terse(result), expected);
  // the patched file's lines are named by the file, the message's by the rendered patch
  const std::string id = change.short_hex();
  EXPECT_NE(expected.find("drivers/xen/events.c:2: WARNING: LONG_LINE: "), std::string::npos)
      << expected;
  EXPECT_NE(expected.find(id + ".patch:"), std::string::npos) << expected;
}

}  // namespace
}  // namespace patchflow::check
