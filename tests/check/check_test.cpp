// patchflow check on real repositories and on bad input: findings, never crashes.
#include "patchflow/check/check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/core/check_ids.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/diff_format.hpp"
#include "patchflow/git/tree_diff.hpp"
#include "support/corpus.hpp"
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

// BODY_NO_WHY looks for a word that says why anywhere in the message, inside longer words too
// ("needs", "fixes"), and ", so " with its punctuation.
TEST(CheckTest, BodyThatSaysNoWhyIsReportedAndAnyWhyWordAnywhereSilencesIt) {
  std::string text = k_good;
  text.replace(text.find("fix irq leak"), 12, "free the irq");
  const std::string body = "The irq is never freed because the error path returns early.";
  const auto with_body = [&](const std::string& replacement) {
    std::string t = text;
    return t.replace(t.find(body), body.size(), replacement);
  };
  EXPECT_EQ(ids(check_text(with_body("The irq is freed on the error path."))),
            std::vector<std::string>{"BODY_NO_WHY"});
  EXPECT_EQ(ids(check_text(with_body("The error path frees the irq, so no irq is lost."))),
            std::vector<std::string>{});
  EXPECT_EQ(ids(check_text(with_body("The error path frees the irq, so-called."))),
            std::vector<std::string>{"BODY_NO_WHY"});
  EXPECT_EQ(ids(check_text(with_body("The error path needs to free the irq."))),
            std::vector<std::string>{});
  EXPECT_EQ(ids(check_text(with_body("Free the irq: it is STALE on the error path."))),
            std::vector<std::string>{});
}

// SUBJECT_WIP: "WIP" as a word (\bWIP\b), not inside one; '_' and digits are word characters.
TEST(CheckTest, WipInTheSubjectCountsOnlyAsAWord) {
  const auto with_subject = [](const std::string& subject) {
    std::string text = k_good;
    return has(check_text(text.replace(text.find("xen/events: fix irq leak"), 24, subject)),
               "SUBJECT_WIP");
  };
  EXPECT_TRUE(with_subject("xen/events: fix irq leak (WIP)"));
  EXPECT_TRUE(with_subject("xen/events: fix irq leak WIP"));
  EXPECT_TRUE(with_subject("xen/events: WIP-fix irq leak"));
  EXPECT_FALSE(with_subject("xen/events: WIPE the irq leak"));
  EXPECT_FALSE(with_subject("xen/events: fix irq_WIP leak"));
  EXPECT_FALSE(with_subject("xen/events: fix irq leak 2WIP"));
  EXPECT_FALSE(with_subject("xen/events: fix irq leak wip"));
}

// No Signed-off-by and no body: two defects. They used to be four findings, each twin rule
// (SIGN_OFF_MISSING and checkpatch's MISSING_SIGN_OFF, BODY_MISSING and COMMIT_MESSAGE) saying
// the same; now one each, under checkpatch.pl's TYPE name.
TEST(CheckTest, TwinRulesGiveOneFindingPerDefectUnderCheckpatchsName) {
  std::string text = k_good;
  const std::string body =
      "The irq is never freed because the error path returns early.\n\n"
      "Signed-off-by: Jeremy Fitzhardinge <jeremy@goop.org>\n";
  text.erase(text.find(body), body.size());
  const Result result = check_text(text);
  auto found = ids(result);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"COMMIT_MESSAGE", "MISSING_SIGN_OFF"}))
      << format_text(result);
  Options options;
  options.policy.severities["COMMIT_MESSAGE"] = Severity::off;
  options.policy.severities["MISSING_SIGN_OFF"] = Severity::check;
  const Result quiet = check_text(text, options);
  EXPECT_EQ(ids(quiet), std::vector<std::string>{"MISSING_SIGN_OFF"}) << format_text(quiet);
  EXPECT_EQ(quiet.commits[0].findings[0].severity, Severity::check);
}

// BAD_SIGN_OFF findings (message, level, line) of one mail whose trailers are `trailers`.
std::vector<std::string> bad_signoffs(const std::string& trailers) {
  std::string text = k_good;
  const std::string signoff = "Signed-off-by: Jeremy Fitzhardinge <jeremy@goop.org>\n";
  text.replace(text.find(signoff), signoff.size(), trailers);
  std::vector<std::string> out;
  const Result result = check_text(text);
  for (const auto& f : result.commits.at(0).findings) {
    if (f.id == "BAD_SIGN_OFF") {
      out.push_back(std::to_string(f.where.line) + " " + std::string(to_string(f.severity)) +
                    " " + f.message);
    }
  }
  return out;
}

// checkpatch.pl (Linux v6.17, the U-Boot copy the corpus was checked with): a Co-developed-by:
// must be immediately followed by the co-author's own Signed-off-by:, the same name and address
// as written; the nominal author (From:) is never a Co-developed-by:. Warnings, at the
// Co-developed-by: line (line 8 of the mail).
TEST(CheckTest, CoDevelopedByNeedsTheCoAuthorsSignOffRightAfterIt) {
  const std::string author = "Signed-off-by: Jeremy Fitzhardinge <jeremy@goop.org>\n";
  EXPECT_EQ(bad_signoffs("Co-developed-by: Ian Campbell <ian@xen.org>\n"
                         "Signed-off-by: Ian Campbell <ian@xen.org>\n" + author),
            std::vector<std::string>{});
  EXPECT_EQ(bad_signoffs("Co-developed-by: Ian Campbell <ian@xen.org>\n" + author),
            std::vector<std::string>{
                "8 warning Co-developed-by and Signed-off-by: name/email do not match"});
  EXPECT_EQ(bad_signoffs(author + "Co-developed-by: Ian Campbell <ian@xen.org>\n"),
            std::vector<std::string>{
                "9 warning Co-developed-by: must be immediately followed by Signed-off-by:"});
  EXPECT_EQ(bad_signoffs("Co-developed-by: Ian Campbell <ian@xen.org>\n"
                         "Reviewed-by: Keir Fraser <keir@xen.org>\n"
                         "Signed-off-by: Ian Campbell <ian@xen.org>\n" + author),
            std::vector<std::string>{
                "8 warning Co-developed-by: must be immediately followed by Signed-off-by:"});
  EXPECT_EQ(bad_signoffs("Co-developed-by: Ian Campbell <ian@xen.org>\n"
                         "Signed-off-by: Ian Campbell <ian@citrix.com>\n" + author),
            std::vector<std::string>{
                "8 warning Co-developed-by and Signed-off-by: name/email do not match"});
  // the reverse: the patch's own author named as a co-developer
  EXPECT_EQ(bad_signoffs("Co-developed-by: Jeremy Fitzhardinge <jeremy@goop.org>\n" + author),
            std::vector<std::string>{
                "8 warning Co-developed-by: should not be used to attribute nominal patch author "
                "'Jeremy Fitzhardinge <jeremy@goop.org>'"});
}

// A real series with two co-authors, each followed by their sign-off, that checkpatch.pl passes
// clean ("0 errors, 0 warnings"): the built-in engine finds no BAD_SIGN_OFF in it either.
TEST(CheckTest, CoDevelopedByAsCheckpatchPlAcceptsItIsClean) {
  PATCHFLOW_NEED_CORPUS("uboot-modern");
  const std::string corpus = std::string(PATCHFLOW_CORPUS_DIR) + "-modern";
  const std::string name = "0135-8651f2a50af0";
  const std::string expected = text::read_file(corpus + "/expected/checkpatch-notree/" + name + ".txt");
  ASSERT_NE(expected.find("total: 0 errors, 0 warnings"), std::string::npos) << expected;
  const std::string patch = text::read_file(corpus + "/patches/" + name + ".patch");
  ASSERT_NE(patch.find("Co-developed-by:"), std::string::npos);
  std::vector<std::string> types;
  for (const auto& f : run_checkpatch(patch, CheckpatchOptions{})) {
    types.push_back(f.type + ": " + f.message);
  }
  EXPECT_EQ(types, std::vector<std::string>{});
}

// A patch named by a series finding (it does not apply, is already merged, breaks the build) is
// not clean, and the counts are English: "1 patch", "2 errors".
TEST(CheckTest, SummaryCountsAPatchWithASeriesFindingAsNotClean) {
  Result result;
  for (const char* label : {"0001.patch", "0002.patch", "0003.patch", "0004.patch"}) {
    CommitReport report;
    report.label = label;
    report.subject = "xen: a change";
    result.commits.push_back(report);
  }
  result.commits[3].commit = "1234567890123456789012345678901234567890";
  Finding apply{.severity = Severity::error, .id = "SERIES_APPLY", .message = "does not apply"};
  apply.commit = "0002.patch";
  Finding merged{.severity = Severity::error, .id = "SERIES_ALREADY_MERGED", .message = "merged"};
  merged.commit = result.commits[3].commit;
  result.series = {apply, merged};
  const std::string text = format_text(result);
  EXPECT_NE(text.find("\n4 patches, 2 clean; 2 errors, 0 warnings, 0 checks\n"), std::string::npos)
      << text;
  result.commits.resize(1);
  result.series = {Finding{.severity = Severity::warning, .id = "SIZE_LINES", .message = "big"}};
  EXPECT_NE(format_text(result).find("\n1 patch, 1 clean; 0 errors, 1 warning, 0 checks\n"),
            std::string::npos)
      << format_text(result);
}

// The IDs a policy may name (core/check_ids) are exactly the ones the rules report.
TEST(CheckTest, PolicyCheckIdsAreTheRulesAndTheBuiltInCheckpatchTypes) {
  std::set<std::string> reported;
  for (const auto& rule : rules()) {
    reported.insert(rule.id);
  }
  reported.insert(checkpatch_types().begin(), checkpatch_types().end());
  for (const char* verify_id :
       {"TOPIC_BRANCH_MISSING", "TOPIC_NOT_ON_MAINLINE", "TOPIC_ROOTED_IN_MERGE_BRANCH",
        "MERGE_IN_TOPIC", "UNDECLARED_DEPENDENCY", "MERGE_BRANCH_NON_MERGE_COMMIT",
        "BRANCH_ON_MERGE_BRANCH", "TOPIC_BUILD_BROKEN"}) {
    reported.insert(verify_id);
  }
  const std::set<std::string> known(check_ids().begin(), check_ids().end());
  EXPECT_EQ(known, reported);
  EXPECT_TRUE(std::is_sorted(checkpatch_types().begin(), checkpatch_types().end()));
  // TYPEs the engine reports that the second copy of the list had missed: a policy naming them
  // was refused as "unknown"
  for (const char* type : {"CAMELCASE", "DEFINE_CONFIG_SYM", "PREFER_IF", "LINE_SPACING",
                           "PARENTHESIS_ALIGNMENT", "GIT_COMMIT_ID", "CONFIG_DESCRIPTION"}) {
    EXPECT_TRUE(is_check_id(type)) << type;
  }
  EXPECT_FALSE(is_check_id("BODY_MISSING"));
  EXPECT_EQ(renamed_check_id("BODY_MISSING"), "COMMIT_MESSAGE");
  EXPECT_EQ(renamed_check_id("SIGN_OFF_MISSING"), "MISSING_SIGN_OFF");
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

// check_mail_series on an mbox of mails, against refs/heads/master.
std::vector<Finding> mail_series_on_master(TempRepo& r, const std::string& mbox,
                                           const std::optional<git::Oid>& base = std::nullopt) {
  TempDir dir;
  const auto patches = load_patch_files({dir.write("series.mbox", mbox)});
  return check_mail_series(r.repo(), {"master", r.resolve("refs/heads/master"), base}, patches, {});
}

TEST(CheckMailSeriesTest, AMailAlreadyInMainlineIsFlaggedByPatchId) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"value", "1\n"}});
  // mainline took the same change under another subject, then moved on
  const git::Oid upstream = r.commit("value: raise to two\n", {{"value", "2\n"}}, {base});
  const git::Oid later = r.commit("later\n", {{"other", "x\n"}}, {upstream});
  r.branch("master", later);
  const std::string mbox = mail_changing("a: two", "value", "1", "2");
  const auto findings = mail_series_on_master(r, mbox);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].id, "SERIES_APPLY");
  EXPECT_EQ(findings[1].id, "SERIES_ALREADY_MERGED");
  EXPECT_EQ(findings[1].message, "already in 'master' as " + upstream.short_hex());
  EXPECT_EQ(findings[1].commit, "series.mbox");
  EXPECT_EQ(findings[1].where.line, 10);  // the mail's diff
  EXPECT_EQ(findings[1].severity, Severity::error);
  // the walk starts at the series' base: a change merged before it is not looked for
  const auto based = mail_series_on_master(r, mbox, upstream);
  ASSERT_EQ(based.size(), 1u);
  EXPECT_EQ(based[0].id, "SERIES_APPLY");
  EXPECT_EQ(mail_series_on_master(r, mbox, base).size(), 2u);
}

TEST(CheckMailSeriesTest, TheSameChangeTwiceInTheSeriesIsADuplicate) {
  TempRepo r;
  r.branch("master", r.commit("init", {{"value", "1\n"}, {"other", "a\n"}}));
  const auto findings = mail_series_on_master(
      r, mail_changing("a: two", "value", "1", "2") + mail_changing("b: bee", "other", "a", "b") +
             mail_changing("a: two again", "value", "1", "2"));
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].id, "SERIES_APPLY");  // #1 made it 2 already
  EXPECT_EQ(findings[0].commit, "series.mbox #3");
  EXPECT_EQ(findings[1].id, "SERIES_DUPLICATE");
  EXPECT_EQ(findings[1].message, "same change as series.mbox #1 earlier in the series");
  EXPECT_EQ(findings[1].commit, "series.mbox #3");
  EXPECT_EQ(findings[1].where.line, 46);
}

TEST(CheckMailSeriesTest, TheFirstMailThatDoesNotApplyToTheTipIsReported) {
  TempRepo r;
  const git::Oid base = r.commit("init", {{"value", "1\n"}});
  r.branch("master", base);
  const std::string good =
      mail_changing("a: two", "value", "1", "2") + mail_changing("a: three", "value", "2", "3");
  EXPECT_TRUE(mail_series_on_master(r, good).empty());
  const auto findings = mail_series_on_master(r, mail_changing("a: two", "value", "1", "2") +
                                                     mail_changing("a: stale", "value", "7", "8") +
                                                     mail_changing("a: eight", "value", "8", "9"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, "SERIES_APPLY");
  EXPECT_EQ(findings[0].commit, "series.mbox #2");
  EXPECT_EQ(findings[0].where.line, 28);
  const std::string& message = findings[0].message;
  EXPECT_EQ(
      message.rfind(
          "patch does not apply to the tip of 'master' (" + base.short_hex() + ") at 'value': ", 0),
      0u)
      << message;
  EXPECT_TRUE(message.ends_with(": rebase the series")) << message;
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
  EXPECT_NE(run.out.find("error: [MISSING_SIGN_OFF]"), std::string::npos) << run.out;
  run = testing::run_patchflow({"--json", "check", bad});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("\"has_errors\": true"), std::string::npos) << run.out;
  run = testing::run_patchflow({"check", dir.path() + "/missing.patch"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
}

}  // namespace
}  // namespace patchflow::check
