// patchflow check on real repositories and on bad input: findings, never crashes.
#include "patchflow/check/check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/git/diff_format.hpp"
#include "patchflow/git/tree_diff.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

using testing::TempDir;
using testing::TempRepo;

const std::string k_good =
    "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
    "From: Jeremy Fitzhardinge <jeremy@goop.org>\n"
    "Date: Thu, 19 Nov 2009 10:00:00 +0800\n"
    "Subject: [PATCH] xen/events: fix irq leak\n"
    "\n"
    "The irq is never freed because the error path returns early.\n"
    "\n"
    "Signed-off-by: Jeremy Fitzhardinge <jeremy@goop.org>\n"
    "---\n"
    " drivers/xen/events.c | 2 +-\n"
    "\n"
    "diff --git a/drivers/xen/events.c b/drivers/xen/events.c\n"
    "index 1111111..2222222 100644\n"
    "--- a/drivers/xen/events.c\n"
    "+++ b/drivers/xen/events.c\n"
    "@@ -1,3 +1,3 @@\n"
    " int a;\n"
    "-int b;\n"
    "+int c;\n"
    " int d;\n"
    "-- \n2.39.5\n\n";

std::vector<std::string> ids(const Result& result) {
  std::vector<std::string> out;
  for (const auto& c : result.commits) {
    for (const auto& f : c.findings) {
      out.push_back(f.id);
    }
  }
  for (const auto& f : result.series) {
    out.push_back(f.id);
  }
  return out;
}
bool has(const Result& result, const std::string& id) {
  const auto all = ids(result);
  return std::find(all.begin(), all.end(), id) != all.end();
}

Result check_text(const std::string& text, const Options& options = {}) {
  TempDir dir;
  const std::string path = dir.write("0001.patch", text);
  return check_patches(load_patch_files({path}), options, nullptr);
}

TEST(CheckTest, CleanPatchHasNoFindings) {
  const Result result = check_text(k_good);
  EXPECT_EQ(ids(result), std::vector<std::string>{});
  EXPECT_FALSE(has_errors(result));
}

TEST(CheckTest, PolicySeverityOverridesAndSwitchesOffRules) {
  std::string text = k_good;
  text.replace(text.find("xen/events: fix"), 15, "fix");  // no prefix
  Options options;
  options.policy.subject_prefix = "xen/[a-z]+: ";
  Result result = check_text(text, options);
  ASSERT_EQ(ids(result), std::vector<std::string>{"SUBJECT_PREFIX"});
  EXPECT_EQ(result.commits[0].findings[0].severity, Severity::warning);
  options.policy.severities["SUBJECT_PREFIX"] = Severity::error;
  EXPECT_TRUE(has_errors(check_text(text, options)));
  options.policy.severities["SUBJECT_PREFIX"] = Severity::off;
  EXPECT_EQ(ids(check_text(text, options)), std::vector<std::string>{});
}

TEST(CheckTest, ReportsMessageAndSignOffDefects) {
  std::string text = k_good;
  text.replace(text.find("Signed-off-by: Jeremy Fitzhardinge <jeremy@goop.org>"), 52,
               "Signed-off-by: someone else");
  text.replace(text.find("xen/events: fix irq leak"), 24, "WIP: xen/events: fix irq leak");
  const Result result = check_text(text);
  EXPECT_TRUE(has(result, "SIGN_OFF_MALFORMED"));
  EXPECT_TRUE(has(result, "SIGN_OFF_AUTHOR"));
  EXPECT_TRUE(has(result, "SUBJECT_WIP"));
  EXPECT_EQ(format_text(result).substr(0, 40), "0001.patch WIP: xen/events: fix irq leak");
}

TEST(CheckTest, FormatOnlyHunkMixedWithCodeAndXenMixing) {
  std::string text = k_good;
  const std::string second =
      "diff --git a/arch/x86/kernel/setup.c b/arch/x86/kernel/setup.c\n"
      "index 3333333..4444444 100644\n"
      "--- a/arch/x86/kernel/setup.c\n"
      "+++ b/arch/x86/kernel/setup.c\n"
      "@@ -1,2 +1,2 @@\n"
      "-int  x;\n"
      "+int x;\n"
      " int y;\n";
  text.insert(text.find("-- \n"), second);
  Options options;
  options.policy.xen_paths = {"drivers/xen/**"};
  const Result result = check_text(text, options);
  EXPECT_TRUE(has(result, "FORMAT_MIXED_WITH_CODE"));
  EXPECT_TRUE(has(result, "XEN_MIXED"));
}

TEST(CheckBadInputTest, EachBadInputIsAFindingNotACrash) {
  // broken MIME / not a mail at all
  EXPECT_TRUE(has(check_text("Content-Type: multipart/mixed; boundary=x\n\n--x\ngarbage"),
                  "NO_DIFF"));
  // non-UTF-8 bytes
  std::string latin1 = k_good;
  latin1.replace(latin1.find("The irq"), 3, "D\xe9j\xe0");
  EXPECT_TRUE(has(check_text(latin1), "NOT_UTF8"));
  // CRLF
  std::string crlf;
  for (const char c : k_good) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  EXPECT_TRUE(has(check_text(crlf), "CRLF_LINE_ENDINGS"));
  // binary diff
  std::string binary = k_good;
  binary.insert(binary.find("-- \n"),
                "diff --git a/logo.png b/logo.png\nindex 1..2 100644\n"
                "Binary files a/logo.png and b/logo.png differ\n");
  EXPECT_TRUE(has(check_text(binary), "BINARY_DIFF"));
  // a patch with no diff (empty commit)
  std::string empty = k_good.substr(0, k_good.find("diff --git"));
  EXPECT_TRUE(has(check_text(empty), "NO_DIFF"));
  // a hunk whose counts do not add up
  std::string broken = k_good;
  broken.replace(broken.find("@@ -1,3 +1,3 @@"), 15, "@@ -1,9 +1,9 @@");
  EXPECT_TRUE(has(check_text(broken), "BAD_DIFF"));
  // an empty file
  EXPECT_TRUE(has(check_text(""), "NO_DIFF"));
}

TEST(CheckBadInputTest, HundredThousandLinePatchIsCheckedWithoutHanging) {
  std::string text = k_good.substr(0, k_good.find("@@ -1,3"));
  text += "@@ -0,0 +1,100000 @@\n";
  for (int i = 0; i < 100000; ++i) {
    text += "+\tx = x + " + std::to_string(i) + ";\n";
  }
  text += "-- \n2.39.5\n";
  const Result result = check_text(text);
  ASSERT_EQ(result.commits.size(), 1u);
  EXPECT_TRUE(has(result, "SIZE_LINES"));
}

TEST(CheckBadInputTest, UnreadableFileIsAUsageErrorNamingIt) {
  const Error e = testing::catch_error([] { load_patch_files({"/nonexistent/x.patch"}); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_NE(std::string(e.what()).find("/nonexistent/x.patch"), std::string::npos);
}

TEST(CheckRangeTest, RangeIsRenderedLikeFormatPatchAndSeriesRulesApply) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"drivers/xen/events.c", "int a;\n"}});
  const git::Oid fix = r.commit(
      "xen/events: use b\n\nThe a name clashes with the new core code, so rename it.\n\n"
      "Signed-off-by: A U Thor <author@example.com>\n",
      {{"drivers/xen/events.c", "int b;\n"}}, {base});
  // mainline already took the same change
  const git::Oid upstream = r.commit(
      "xen/events: use b\n\nSigned-off-by: A U Thor <author@example.com>\n",
      {{"drivers/xen/events.c", "int b;\n"}}, {base});
  r.branch("master", upstream);
  r.branch("topic", fix);
  const auto patches = load_range(r.repo(), "master..topic");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_EQ(patches[0].commit, fix.hex());
  // the git CLI as referee: same diff body as git format-patch
  const std::string git_patch = r.git({"format-patch", "-1", "--stdout", fix.hex()});
  const auto diff_at = git_patch.find("diff --git");
  const auto ours_at = patches[0].text.find("diff --git");
  ASSERT_NE(ours_at, std::string::npos);
  EXPECT_EQ(patches[0].text.substr(ours_at, patches[0].text.find("-- \n") - ours_at),
            git_patch.substr(diff_at, git_patch.find("-- \n") - diff_at));
  EXPECT_EQ(git::commit_patch_id(r.repo(), fix), git::commit_patch_id(r.repo(), upstream));
  const auto series = check_series(r.repo(), "master", patches, {});
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].id, "SERIES_APPLY");
  EXPECT_EQ(series[1].id, "SERIES_ALREADY_MERGED");
  EXPECT_EQ(series[1].message, "already in 'master' as " + upstream.short_hex());
}

TEST(CheckRangeTest, BuildReportsFirstBreakingCommit) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"ok", "1\n"}});
  const git::Oid good = r.commit("a: good\n", {{"ok", "2\n"}}, {base});
  const git::Oid bad = r.commit("a: bad\n", {{"ok", std::nullopt}, {"broken", "x\n"}}, {good});
  r.branch("master", base);
  r.branch("topic", bad);
  Options options;
  options.policy.build = "test -f ok || { echo 'ok is gone'; exit 1; }";
  TempDir work;
  const auto findings = check_builds(r.repo(), load_range(r.repo(), "master..topic"), options,
                                     work.path());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "BUILD_FAILED");
  EXPECT_EQ(findings[0].commit, bad.hex());
  EXPECT_NE(findings[0].message.find("ok is gone"), std::string::npos);
}

// A mail changing file `path` from `before` to `after` (one-line files).
std::string mail_changing(const std::string& subject, const std::string& path,
                          const std::string& before, const std::string& after) {
  return "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
         "From: Jeremy Fitzhardinge <jeremy@goop.org>\n"
         "Date: Thu, 19 Nov 2009 10:00:00 +0800\n"
         "Subject: [PATCH] " +
         subject +
         "\n"
         "\n"
         "Needed because the value changes.\n"
         "\n"
         "Signed-off-by: Jeremy Fitzhardinge <jeremy@goop.org>\n"
         "---\n"
         "diff --git a/" +
         path + " b/" + path +
         "\n"
         "--- a/" +
         path +
         "\n"
         "+++ b/" +
         path +
         "\n"
         "@@ -1 +1 @@\n"
         "-" +
         before +
         "\n"
         "+" +
         after +
         "\n"
         "-- \n2.39.5\n\n";
}

TEST(CheckMailsBuildTest, MailsApplyInMemoryAndTheFirstBreakingPatchIsReported) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"value", "1\n"}, {"other", "a\n"}});
  TempDir dir;
  const std::string series =
      dir.write("series.mbox", mail_changing("a: two", "value", "1", "2") +
                                   mail_changing("a: three", "value", "2", "3") +
                                   mail_changing("a: four", "value", "3", "4"));
  const auto patches = load_patch_files({series});
  ASSERT_EQ(patches.size(), 3u);
  Options options;
  options.jobs = 2;
  std::vector<Finding> findings;
  const auto targets = apply_mails(r.repo(), base, "master", patches, options, findings);
  EXPECT_TRUE(findings.empty());
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[2].label, "series.mbox #3");
  EXPECT_EQ(targets[2].commit, "");
  // each state is the base plus the mails so far, as `git am` would leave it
  TempDir work;
  options.policy.build = "test \"$(cat value)\" != 3 || { echo 'three is not allowed'; exit 1; }";
  auto builds = build_targets(r.repo(), targets, options, work.path());
  ASSERT_EQ(builds.size(), 1u);
  EXPECT_EQ(builds[0].id, "BUILD_FAILED");
  EXPECT_EQ(builds[0].where.ref, "series.mbox #2");
  EXPECT_EQ(builds[0].message, "'" + options.policy.build +
                                   "' fails at this patch; log tail:\n    three is not allowed");
  // the scratch directories are gone
  EXPECT_TRUE(std::filesystem::is_empty(work.path()));
  // a clean series builds clean
  options.policy.build = "test -f value && test -f other";
  EXPECT_TRUE(build_targets(r.repo(), targets, options, work.path()).empty());
}

TEST(CheckMailsBuildTest, AMailThatDoesNotApplyStopsTheSeries) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"value", "1\n"}});
  TempDir dir;
  const std::string series =
      dir.write("series.mbox", mail_changing("a: two", "value", "1", "2") +
                                   mail_changing("a: stale", "value", "7", "8") +
                                   mail_changing("a: three", "value", "2", "3"));
  const auto patches = load_patch_files({series});
  std::vector<Finding> findings;
  const auto targets = apply_mails(r.repo(), base, "master", patches, {}, findings);
  ASSERT_EQ(targets.size(), 1u);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "SERIES_APPLY");
  EXPECT_EQ(findings[0].where.file, series);
  EXPECT_EQ(findings[0].where.line, 28);  // the second mail's diff
  EXPECT_EQ(findings[0].message.rfind(
                "patch does not apply to 'master' (" + base.short_hex() + ") at 'value'", 0),
            0u)
      << findings[0].message;
}

TEST(CheckCliTest, BuildOnMailsNeedsARepositoryABaseAndABuildCommand) {
  TempDir dir;
  const std::string good = dir.write("good.patch", k_good);
  auto run = testing::run_patchflow({"check", "--build", good}, dir.path());
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.err.find("--build on mails needs a repository to apply them to"), std::string::npos)
      << run.err;
  TempRepo r;
  r.branch("master", r.commit("init", {{"drivers/xen/events.c", "int a;\nint b;\nint d;\n"}}));
  run = testing::run_patchflow({"--repo", r.path(), "check", "--build", good}, dir.path());
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.err.find("--build on mails needs their base: name it with --mainline <ref>"),
            std::string::npos)
      << run.err;
  run = testing::run_patchflow(
      {"--repo", r.path(), "check", "--build", "--mainline", "master", good}, dir.path());
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.err.find("--build: the policy has no build command"), std::string::npos) << run.err;
}

TEST(CheckCliTest, ExitCodesFollowFindings) {
  TempDir dir;
  const std::string good = dir.write("good.patch", k_good);
  auto run = testing::run_patchflow({"check", good});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  std::string bad_text = k_good;
  bad_text.replace(bad_text.find("Signed-off-by"), 13, "Signed-of-by");
  const std::string bad = dir.write("bad.patch", bad_text);
  run = testing::run_patchflow({"check", bad});
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.out.find("error: [SIGN_OFF_MISSING]"), std::string::npos) << run.out;
  run = testing::run_patchflow({"--json", "check", bad});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("\"has_errors\": true"), std::string::npos) << run.out;
  run = testing::run_patchflow({"check", dir.path() + "/missing.patch"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
}

}  // namespace
}  // namespace patchflow::check
