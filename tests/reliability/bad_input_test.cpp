// The README's bad-input table, row by row: each kind of bad input given to the real binary,
// with exactly what the user sees (stderr/stdout) and the exit code. Rows whose behaviour is
// already pinned elsewhere name that test in the README instead (SMTP refusing or dropping:
// tests/mail/send_test.cpp).
#include <gtest/gtest.h>

#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow {
namespace {

using testing::ProcessResult;
using testing::run_patchflow;
using testing::TempDir;
using testing::TempRepo;

constexpr const char* k_sign_off = "\n\nSigned-off-by: Test Author <test@example.com>\n";

// A commit on a fresh repository, as `git format-patch --stdout` mails it (the git CLI writes
// the mail, so the input is what a user would really have).
std::string format_patch(TempRepo& r, const std::string& message, const testing::Files& files) {
  const git::Oid base = r.commit("init", {{"README", "linux\n"}});
  const git::Oid commit = r.commit(message, files, {base});
  return r.git({"format-patch", "-1", "--stdout", commit.hex()});
}

ProcessResult check_file(const TempDir& dir, const std::string& name, const std::string& text) {
  dir.write(name, text);
  return run_patchflow({"check", name}, dir.path());
}

// A minimal stack with the given topic files.
void write_stack(const TempDir& dir, const std::string& stack_yaml) {
  dir.write("stack/stack.yaml", stack_yaml);
}

TEST(BadInputTest, MalformedYamlNamesFileLineAndColumn) {
  TempDir stack;
  write_stack(stack,
              "name: t\ncomponents:\n  - name: linux\n    mainline: master\n      policy: [x\n");
  const ProcessResult r = run_patchflow({"--stack", stack.path(), "topics"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "stack/stack.yaml:5:13: error: invalid YAML: illegal map value\n");
  EXPECT_EQ(r.out, "");
}

TEST(BadInputTest, DependencyCycleNamesTheCycle) {
  TempDir stack;
  write_stack(stack, "name: t\ncomponents:\n  - name: linux\n    mainline: master\n");
  stack.write("topics/xen-a.yaml", "name: xen/a\ncomponent: linux\ndepends: [xen/b]\n");
  stack.write("topics/xen-b.yaml", "name: xen/b\ncomponent: linux\ndepends: [xen/a]\n");
  const ProcessResult r = run_patchflow({"--stack", stack.path(), "topics"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "topics/xen-b.yaml:3:11: error: dependency cycle: 'xen/a' -> 'xen/b' -> 'xen/a'\n");
}

TEST(BadInputTest, UnknownRefIsAGitErrorNamingIt) {
  TempRepo r;
  r.branch("master", r.commit("init", {{"README", "linux\n"}}));
  r.git({"symbolic-ref", "HEAD", "refs/heads/master"});
  const ProcessResult result = run_patchflow({"--repo", r.path(), "check", "nosuch..master"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.err, "patchflow: error: unknown revision 'nosuch'\n");
}

TEST(BadInputTest, CorruptMboxHunkIsAnErrorFindingNamingTheLine) {
  TempDir dir;
  const ProcessResult r =
      check_file(dir, "corrupt.mbox",
                 "From 1234 Mon Sep 17 00:00:00 2001\n"
                 "From: A <a@example.org>\n"
                 "Subject: [PATCH] xen: x\n\nbody\n---\n"
                 "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+b\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("  corrupt.mbox:13: error: [BAD_DIFF] diff ends inside a hunk\n"),
            std::string::npos)
      << r.out;
}

TEST(BadInputTest, BinaryPatchIsAWarningNamingTheFile) {
  TempRepo repo;
  TempDir dir;
  std::string blob;
  for (int i = 0; i < 300; ++i) {
    blob.push_back(static_cast<char>((i * 37) % 256));
  }
  const ProcessResult r = check_file(
      dir, "blob.patch",
      format_patch(repo, std::string("xen: add firmware blob\n\nThe device needs it.") + k_sign_off,
                   {{"drivers/xen/blob.bin", blob}}));
  EXPECT_NE(r.out.find("blob.patch:14: warning: [BINARY_DIFF] binary change to "
                       "'drivers/xen/blob.bin' cannot be reviewed by mail\n"),
            std::string::npos)
      << r.out;
}

TEST(BadInputTest, NonUtf8PatchIsAWarning) {
  TempRepo repo;
  TempDir dir;
  std::string patch =
      format_patch(repo, std::string("xen: fix the cafe\n\nThe cafe was wrong.") + k_sign_off,
                   {{"drivers/xen/cafe.c", "int cafe;\n"}});
  patch.replace(patch.find("The cafe"), 8, "The caf\xe9");  // ISO-8859-1, not UTF-8
  const ProcessResult r = check_file(dir, "latin1.patch", patch);
  EXPECT_NE(r.out.find("  latin1.patch:1: warning: [NOT_UTF8] patch holds bytes that are not "
                       "UTF-8\n"),
            std::string::npos)
      << r.out;
}

TEST(BadInputTest, CrlfPatchIsReportedAsMangled) {
  TempRepo repo;
  TempDir dir;
  const std::string patch =
      format_patch(repo, std::string("xen: add f\n\nNeeded for events.") + k_sign_off,
                   {{"drivers/xen/f.c", "int f;\n"}});
  std::string crlf;
  for (const char c : patch) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  const ProcessResult r = check_file(dir, "crlf.patch", crlf);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("  crlf.patch:1: warning: [CRLF_LINE_ENDINGS] patch lines end in CRLF "
                       "(mangled by a mailer?)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  drivers/xen/f.c:1: error: [DOS_LINE_ENDINGS] DOS line endings\n"),
            std::string::npos)
      << r.out;
}

TEST(BadInputTest, HugeLineIsALongLineFindingAndSendRefusesIt) {
  TempRepo repo;
  TempDir dir;
  const std::string huge = "int x = " + std::string(200000, '1') + ";\n";
  const std::string patch =
      format_patch(repo, std::string("xen: add a table\n\nGenerated.") + k_sign_off,
                   {{"drivers/xen/table.c", huge}});
  const ProcessResult r = check_file(dir, "huge.patch", patch);
  EXPECT_NE(r.out.find("  drivers/xen/table.c:1: warning: [LONG_LINE] line length of 200009 "
                       "exceeds 100 columns\n"),
            std::string::npos)
      << r.out;
  const ProcessResult send = run_patchflow({"send", "--dry-run", "--from", "test@example.com",
                                            "--to", "xen-devel@example.org", "huge.patch"},
                                           dir.path());
  EXPECT_EQ(send.exit_code, 2);
  // every problem of every message is listed, and nothing is sent
  EXPECT_EQ(send.err,
            "huge.patch:20: error: message 1: line is 200010 octets long; SMTP allows 998\n"
            "huge.patch:2: error: message 1: missing 'Message-Id' header\n"
            "nothing sent: 2 problems\n");
}

TEST(BadInputTest, MissingMaintainersFileNamesItAndExitsTwo) {
  TempDir dir;
  dir.write("x.patch", "");
  const ProcessResult given = run_patchflow(
      {"maintainers", "--maintainers", dir.path() + "/MAINTAINERS", "x.patch"}, dir.path());
  EXPECT_EQ(given.exit_code, 2);
  EXPECT_EQ(given.err,
            dir.path() + "/MAINTAINERS: error: cannot read '" + dir.path() + "/MAINTAINERS'\n");
  TempRepo r;
  const git::Oid tip = r.commit("init", {{"README", "linux\n"}});
  r.branch("master", tip);
  r.git({"symbolic-ref", "HEAD", "refs/heads/master"});
  const ProcessResult in_tree =
      run_patchflow({"--stack", r.path(), "--repo", r.path(), "maintainers", "master"}, r.path());
  EXPECT_EQ(in_tree.exit_code, 2);
  EXPECT_EQ(in_tree.err,
            "patchflow: error: no 'MAINTAINERS' in the tree of " + tip.short_hex() + "\n");
}

}  // namespace
}  // namespace patchflow
