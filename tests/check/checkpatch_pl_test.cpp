// `patchflow check --checkpatch-pl`: the tree's own scripts/checkpatch.pl runs next to the
// built-in engine, at the top of the tree, and its findings are merged with ours: one finding
// where both report the same TYPE at the same place, the script's others marked as its own.
// The script here is a stand-in written in perl that prints checkpatch.pl's output format.
#include <gtest/gtest.h>

#include <filesystem>

#include "check/sample_mail.hpp"
#include "patchflow/core/text.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

using testing::TempDir;

// Line 17 adds "int c; " (trailing whitespace) as line 2 of drivers/xen/events.c.
const std::string k_patch = testing::sample_mail({.added = "int c; "});

// Prints what checkpatch.pl --show-types would for k_patch: the trailing whitespace the built-in
// engine finds too, a TYPE the engine lacks on the same line, and one on the commit message. It
// logs its options, the patch's subject and its working directory to checkpatch-called.txt.
const std::string k_fake_checkpatch = R"PERL(#!/usr/bin/perl
use strict;
use Cwd;
my $patch = pop(@ARGV);
open(my $in, '<', $patch) or die "cannot read $patch\n";
my ($subject) = grep { /^Subject: / } <$in>;
open(my $log, '>>', 'checkpatch-called.txt') or die;
print $log join(' ', @ARGV) . "\n" . $subject . getcwd() . "\n";
print "ERROR:TRAILING_WHITESPACE: trailing whitespace\n";
print "#17: FILE: drivers/xen/events.c:2:\n+int c; \$\n\n";
print "WARNING:PREFER_FALLTHROUGH: a rule only checkpatch.pl has\n";
print "#17: FILE: drivers/xen/events.c:2:\n+int c; \n\n";
print "WARNING:COMMIT_LOG_WRAP: a message rule only checkpatch.pl has\n";
print "#6: \nThe irq is never freed because the error path returns early.\n\n";
exit 1;
)PERL";

class CheckpatchPlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::run_git({"init", "-q", "-b", "master"}, m_tree.path());
    m_patch = m_mails.write("0001.patch", k_patch);
  }

  // patchflow [global...] --repo <tree> check [extra...] 0001.patch
  testing::ProcessResult check(const std::vector<std::string>& extra,
                               const std::map<std::string, std::string>& env = {},
                               const std::vector<std::string>& global = {}) {
    std::vector<std::string> args = {PATCHFLOW_BINARY};
    args.insert(args.end(), global.begin(), global.end());
    args.insert(args.end(), {"--repo", m_tree.path(), "check"});
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(m_patch);
    return testing::run_process(args, m_mails.path(), env);
  }

  TempDir m_tree;
  TempDir m_mails;
  std::string m_patch;
};

TEST_F(CheckpatchPlTest, FindingsAreMergedDeduplicatedAndAttributed) {
  m_tree.write("scripts/checkpatch.pl", k_fake_checkpatch);
  const auto ours = check({});
  EXPECT_EQ(ours.out,
            "0001.patch xen/events: fix irq leak\n"
            "  drivers/xen/events.c:2: error: [TRAILING_WHITESPACE] trailing whitespace\n"
            "1 patch, 0 clean; 1 error, 0 warnings, 0 checks\n")
      << ours.err;
  EXPECT_FALSE(std::filesystem::exists(m_tree.path() + "/checkpatch-called.txt"));

  const auto merged = check({"--checkpatch-pl"});
  EXPECT_EQ(merged.exit_code, 1) << merged.err;
  EXPECT_EQ(merged.out,
            "0001.patch xen/events: fix irq leak\n"
            "  drivers/xen/events.c:2: error: [TRAILING_WHITESPACE] trailing whitespace\n"
            "  drivers/xen/events.c:2: warning: [PREFER_FALLTHROUGH] a rule only checkpatch.pl "
            "has (checkpatch.pl)\n  " +
                m_patch +
                ":6: warning: [COMMIT_LOG_WRAP] a message rule only checkpatch.pl has "
                "(checkpatch.pl)\n"
                "1 patch, 0 clean; 1 error, 2 warnings, 0 checks\n")
      << merged.err;
  // run once per patch, on the patch's own text, from the top of the tree (its
  // .checkpatch.conf applies), without a kernel tree check
  EXPECT_EQ(text::read_file(m_tree.path() + "/checkpatch-called.txt"),
            "--no-tree --show-types --no-summary\nSubject: [PATCH] xen/events: fix irq leak\n" +
                std::filesystem::canonical(m_tree.path()).string() + "\n");
}

TEST_F(CheckpatchPlTest, JsonCarriesTheScriptsFindingsWithTheirAttribution) {
  m_tree.write("scripts/checkpatch.pl", k_fake_checkpatch);
  const auto merged = check({"--checkpatch-pl"}, {}, {"--json"});
  EXPECT_NE(merged.out.find("\"id\": \"PREFER_FALLTHROUGH\""), std::string::npos) << merged.out;
  EXPECT_NE(merged.out.find("\"message\": \"a rule only checkpatch.pl has (checkpatch.pl)\""),
            std::string::npos)
      << merged.out;
}

TEST_F(CheckpatchPlTest, MissingScriptIsAUsageErrorNamingTheTree) {
  const auto run = check({"--checkpatch-pl"});
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_EQ(run.out, "");
  std::string top = m_tree.path();
  EXPECT_NE(
      run.err.find("--checkpatch-pl: no 'scripts/checkpatch.pl' in the work tree '" + top + "'"),
      std::string::npos)
      << run.err;
}

TEST_F(CheckpatchPlTest, MissingPerlIsAClearError) {
  m_tree.write("scripts/checkpatch.pl", k_fake_checkpatch);
  const auto run = check({"--checkpatch-pl"}, {{"PATH", m_tree.path() + "/no-bin"}});
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.err.find("cannot run '" + m_tree.path() +
                         "/scripts/checkpatch.pl': perl is not installed (--checkpatch-pl "
                         "needs it)"),
            std::string::npos)
      << run.err;
}

TEST_F(CheckpatchPlTest, AFailingScriptIsReportedWithItsLastWords) {
  m_tree.write("scripts/checkpatch.pl", "#!/usr/bin/perl\ndie \"cannot read spelling.txt\\n\";\n");
  const auto run = check({"--checkpatch-pl"});
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.err.find("'" + m_tree.path() +
                         "/scripts/checkpatch.pl' failed on '0001.patch' (exit 255): cannot read "
                         "spelling.txt"),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace patchflow::check
