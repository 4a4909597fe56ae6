// Terminal UX end to end through the binary: --quiet, --verbose, progress on a terminal,
// NO_COLOR, examples in every command's --help, `git patchflow`, completion and man page.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "materialize/mini_stack.hpp"
#include "support/process.hpp"

namespace patchflow::cli {
using testing::MiniStack;
using testing::run_patchflow;
using testing::run_process;

namespace {

// A materialized mini stack whose xen/master has not been composed yet.
class UxCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto r = run_patchflow({"--stack", m_stack.root(), "materialize"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::vector<std::string> with_stack(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--stack", m_stack.root()});
    return args;
  }
  // Runs patchflow under script(1), so stdout and stderr are a terminal; returns what the
  // terminal showed.
  testing::ProcessResult run_on_terminal(const std::vector<std::string>& args,
                                         const std::map<std::string, std::string>& env) const {
    std::string command = std::string("'") + PATCHFLOW_BINARY + "'";
    for (const std::string& a : with_stack(args)) {
      command += " '" + a + "'";
    }
    return run_process({"script", "-qec", command, "/dev/null"}, ".", env);
  }
  MiniStack m_stack;
};

std::vector<std::string> command_names() {
  const auto help = run_patchflow({"--help"});
  std::vector<std::string> names;
  std::istringstream lines(help.out.substr(help.out.find("Subcommands:")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && line.starts_with("  ")) {
    std::istringstream words(line);
    std::string name;
    words >> name;
    names.push_back(name);
  }
  return names;
}

}  // namespace

TEST_F(UxCliTest, QuietComposePrintsNothingAndStillMovesTheBranch) {
  const auto r = run_patchflow(with_stack({"--quiet", "compose", "xen/master"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
  const auto again = run_patchflow(with_stack({"compose", "xen/master", "--dry-run"}));
  EXPECT_NE(again.out.find("reused"), std::string::npos) << again.out;
}

TEST_F(UxCliTest, QuietCheckStillPrintsErrorFindings) {
  testing::TempDir scratch;
  const std::string patch =
      scratch.write("bad.patch",
                    "From 1111111111111111111111111111111111111111 Mon Sep 17 "
                    "00:00:00 2001\nFrom: A <a@example.org>\n"
                    "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
                    "Subject: [PATCH] xen: add a thing\n\nNo sign-off.\n"
                    "---\n a.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
                    "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n"
                    "@@ -1 +1,2 @@\n int a;\n+int b; \n");
  const auto r = run_patchflow({"--quiet", "check", patch});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("[MISSING_SIGN_OFF]"), std::string::npos) << r.out;
}

// A subject that is not UTF-8 (Latin-1 "\xe9") used to make --json throw nlohmann's
// type_error 316 (exit 70) after the check; the JSON carries U+FFFD instead (SARIF
// percent-encodes the path).
TEST_F(UxCliTest, JsonOfAPatchThatIsNotUtf8IsPrintedWithReplacementCharacters) {
  testing::TempDir scratch;
  const std::string patch =
      scratch.write("latin1.patch",
                    "From 1111111111111111111111111111111111111111 Mon Sep 17 "
                    "00:00:00 2001\nFrom: A <a@example.org>\n"
                    "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
                    "Subject: [PATCH] xen: caf\xe9 support\n\nBody.\n"
                    "---\n caf\xe9.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
                    "diff --git a/caf\xe9.c b/caf\xe9.c\n--- a/caf\xe9.c\n+++ b/caf\xe9.c\n"
                    "@@ -1 +1,2 @@\n int a;\n+int b; \n");
  const auto json = run_patchflow({"--json", "check", patch});
  EXPECT_EQ(json.exit_code, 1) << json.err;
  EXPECT_NE(json.out.find("\"subject\": \"xen: caf\xef\xbf\xbd support\""), std::string::npos)
      << json.out;
  const auto sarif = run_patchflow({"check", "--sarif", "-", patch});
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
  EXPECT_NE(sarif.out.find("\"uri\": \"caf%E9.c\""), std::string::npos) << sarif.out;
}

TEST_F(UxCliTest, VerboseComposeReportsEveryTopicOnStderr) {
  const auto r = run_patchflow(with_stack({"--verbose", "compose", "xen/master"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "compose xen/master: 1/3\ncompose xen/master: 2/3\ncompose xen/master: 3/3\n");
}

TEST_F(UxCliTest, ProgressBarAndColourOnATerminalButNotWithNoColor) {
  const auto coloured = run_on_terminal({"compose", "xen/master", "--dry-run"}, {});
  ASSERT_EQ(coloured.exit_code, 0) << coloured.out << coloured.err;
  EXPECT_NE(coloured.out.find("compose xen/master [##############################] 3/3"),
            std::string::npos)
      << coloured.out;
  EXPECT_NE(coloured.out.find("\033[3"), std::string::npos) << coloured.out;  // a colour
  const auto plain = run_on_terminal({"compose", "xen/master", "--dry-run"}, {{"NO_COLOR", "1"}});
  ASSERT_EQ(plain.exit_code, 0) << plain.out;
  EXPECT_EQ(plain.out.find("\033[3"), std::string::npos) << plain.out;
  const auto quiet = run_on_terminal({"--quiet", "compose", "xen/master", "--dry-run"}, {});
  EXPECT_EQ(quiet.out.find("[#"), std::string::npos) << quiet.out;
}

TEST(HelpCliTest, EveryCommandsHelpShowsExamples) {
  const std::vector<std::string> names = command_names();
  ASSERT_GE(names.size(), 15u);
  for (const std::string& name : names) {
    const auto r = run_patchflow({name, "--help"});
    EXPECT_EQ(r.exit_code, 0) << name;
    EXPECT_NE(r.out.find("Examples:\n  patchflow "), std::string::npos) << name << "\n" << r.out;
  }
}

TEST(HelpCliTest, ManPageHasEveryCommandAndRendersWithoutWarnings) {
  const auto page = run_patchflow({"man"});
  ASSERT_EQ(page.exit_code, 0) << page.err;
  for (const std::string& name : command_names()) {
    std::string roff_name;  // man(7) spells a hyphen \-
    for (const char c : name) {
      roff_name += c == '-' ? std::string("\\-") : std::string(1, c);
    }
    EXPECT_NE(page.out.find(".SS \"patchflow " + roff_name), std::string::npos) << name;
  }
  testing::TempDir dir;
  const std::string file = dir.write("patchflow.1", page.out);
  const auto groff = run_process({"groff", "-man", "-ww", "-z", file});
  EXPECT_EQ(groff.exit_code, 0) << groff.err;
  EXPECT_EQ(groff.err, "");
}

TEST(HelpCliTest, GitRunsPatchflowAsASubcommand) {
  const std::string bin_dir = std::filesystem::path(PATCHFLOW_BINARY).parent_path().string();
  ASSERT_TRUE(std::filesystem::is_symlink(bin_dir + "/git-patchflow"));
  const char* path = std::getenv("PATH");
  const auto r = run_process({"git", "patchflow", "version"}, ".",
                             {{"PATH", bin_dir + ":" + (path ? path : "/usr/bin:/bin")}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("patchflow ", 0), 0u) << r.out;
}

TEST(HelpCliTest, BashCompletionOffersCommandsOptionsAndChoices) {
  const auto script = run_patchflow({"completion", "bash"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  testing::TempDir dir;
  const std::string file = dir.write("patchflow.bash", script.out);
  auto complete = [&](const std::string& words) {
    const std::string program = "source '" + file + "'; COMP_WORDS=(" + words +
                                "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _patchflow; "
                                "for w in \"${COMPREPLY[@]}\"; do echo \"$w\"; done";
    const auto r = run_process({"bash", "-c", program}, dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  EXPECT_EQ(complete("patchflow com"), "compose\ncompletion\n");
  EXPECT_EQ(complete("patchflow --repo x compose --dr"), "--dry-run\n");
  EXPECT_EQ(complete("patchflow --color al"), "always\n");
  EXPECT_EQ(complete("patchflow completion z"), "");  // a positional: branches and files
  const auto registered =
      run_process({"bash", "-c", "source '" + file + "'; complete -p patchflow"});
  EXPECT_EQ(registered.out, "complete -o filenames -F _patchflow patchflow\n");
}

TEST(HelpCliTest, ZshCompletionIsValidZsh) {
  const auto script = run_patchflow({"completion", "zsh"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  EXPECT_EQ(script.out.rfind("#compdef patchflow git-patchflow\n", 0), 0u);
  EXPECT_NE(script.out.find("'compose:Rebuild a merge branch from its topics'"), std::string::npos);
  testing::TempDir dir;
  const std::string file = dir.write("_patchflow", script.out);
  const auto syntax = run_process({"zsh", "-n", file});
  EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
}

TEST(InstallTest, CmakeInstallPutsBinaryLinkManPageAndCompletionsInPlace) {
  testing::TempDir prefix;
  const auto r =
      run_process({"cmake", "--install", PATCHFLOW_BUILD_DIR, "--prefix", prefix.path()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::filesystem::path p = prefix.path();
  EXPECT_TRUE(std::filesystem::is_regular_file(p / "bin/patchflow"));
  EXPECT_TRUE(std::filesystem::is_symlink(p / "bin/git-patchflow"));
  EXPECT_TRUE(std::filesystem::is_regular_file(p / "share/man/man1/patchflow.1"));
  EXPECT_TRUE(std::filesystem::is_regular_file(p / "share/man/man1/git-patchflow.1"));
  EXPECT_TRUE(std::filesystem::is_regular_file(p / "share/bash-completion/completions/patchflow"));
  EXPECT_TRUE(std::filesystem::is_regular_file(p / "share/zsh/site-functions/_patchflow"));
  const auto version = run_process({(p / "bin/git-patchflow").string(), "version"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
}

}  // namespace patchflow::cli
