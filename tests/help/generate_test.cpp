#include "patchflow/help/generate.hpp"

#include <gtest/gtest.h>

#include "patchflow/core/progress.hpp"

namespace patchflow::help {
namespace {

AppSpec sample_app() {
  AppSpec app;
  app.program = "patchflow";
  app.version = "1.2.3";
  app.description = "compose, check, route and emit Git patch series";
  app.global_options = {
      {.names = {"--json"}, .description = "Machine-readable JSON output"},
      {.names = {"--color"},
       .value_name = "TEXT",
       .choices = {"auto", "always", "never"},
       .description = "auto, always or never"},
  };
  CommandSpec compose{.name = "compose", .description = "Rebuild a merge branch [from topics]"};
  compose.options = {{.names = {"--dry-run"}, .description = "Plan: move no ref"},
                     {.names = {"-j", "--jobs"}, .value_name = "INT", .description = "Jobs"}};
  compose.positionals = {{.value_name = "merge-branch", .description = "e.g. xen/master"}};
  compose.examples = "Examples:\n  patchflow compose xen/master\n.starts with a dot\n";
  app.commands.push_back(compose);
  return app;
}

}  // namespace

TEST(ManPageTest, EscapesHyphensBackslashesAndLeadingDots) {
  const std::string page = man_page(sample_app());
  EXPECT_EQ(page.rfind(".TH PATCHFLOW 1 \"\" \"patchflow 1.2.3\" \"User Commands\"\n", 0), 0u);
  EXPECT_NE(page.find(".SS \"patchflow compose [options] merge\\-branch\"\n"), std::string::npos)
      << page;
  EXPECT_NE(page.find(".TP\n.B \\-j \\-\\-jobs \\fIINT\\fR\nJobs\n"), std::string::npos) << page;
  EXPECT_NE(page.find(".TP\n.B \\-\\-color \\fITEXT\\fR\nauto, always or never (auto always "
                      "never)\n"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("\n\\&.starts with a dot\n"), std::string::npos) << page;
}

TEST(ZshCompletionTest, EscapesDescriptionsAndOffersChoices) {
  const std::string script = zsh_completion(sample_app());
  EXPECT_NE(script.find("'compose:Rebuild a merge branch [from topics]'"), std::string::npos)
      << script;
  EXPECT_NE(script.find("'--dry-run[Plan\\: move no ref]'"), std::string::npos) << script;
  EXPECT_NE(script.find("'--color=[auto, always or never]:TEXT:(auto always never)'"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find("'-j[Jobs]:INT:_files'"), std::string::npos) << script;
}

TEST(BashCompletionTest, SkipsGlobalOptionValuesWhenFindingTheCommand) {
  const std::string script = bash_completion(sample_app());
  EXPECT_NE(script.find("      --color) ((i++)) ;;\n"), std::string::npos) << script;
  EXPECT_NE(script.find("    'compose') options='--dry-run -j --jobs'; valued='-j --jobs' ;;"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find("    ':--color')\n      COMPREPLY=($(compgen -W 'auto always never' --"),
            std::string::npos)
      << script;
}

TEST(ProgressLineTest, FillsInProportionAndClampsPastTheTotal) {
  EXPECT_EQ(render_progress_line("check", 0, 4, 8), "check [........] 0/4");
  EXPECT_EQ(render_progress_line("check", 1, 4, 8), "check [##......] 1/4");
  EXPECT_EQ(render_progress_line("build", 4, 4, 8), "build [########] 4/4");
  EXPECT_EQ(render_progress_line("build", 9, 4, 8), "build [########] 4/4");
  EXPECT_EQ(render_progress_line("x", 0, 0, 3), "x [###] 0/0");
}

}  // namespace patchflow::help
