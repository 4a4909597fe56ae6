// End to end: the bundled stack materialized and composed, `patchflow report --html`, and the
// page rendered by headless Chromium, whose DOM must hold every topic and the drawn graph.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "patchflow/compose/compose.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "patchflow/report/html.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::report {
namespace {

using testing::TempDir;

const std::string k_source = PATCHFLOW_SOURCE_DIR;

// The <tr> of topic name in dom ("" when absent).
std::string dom_row(const std::string& dom, const std::string& name) {
  const std::size_t cell = dom.find("<td class=\"topic\">" + html_escape(name) + "</td>");
  if (cell == std::string::npos) {
    return {};
  }
  const std::size_t begin = dom.rfind("<tr>", cell);
  return dom.substr(begin, dom.find("</tr>", cell) - begin);
}

TEST(ChromiumReportTest, BundledStackPageRendersEveryTopicAndTheGraph) {
  // CI installs both (tools/install-deps.sh); a missing one must fail here, not hide the test.
  const std::string chromium = testing::find_program("chromium");
  ASSERT_FALSE(chromium.empty())
      << "chromium is not installed: this test renders the report in headless Chromium "
         "(tools/install-deps.sh installs Debian's 'chromium' package)";
  ASSERT_FALSE(testing::find_program("dot").empty())
      << "Graphviz dot is not installed: the report's graph needs it "
         "(tools/install-deps.sh installs 'graphviz')";
  ASSERT_TRUE(std::filesystem::exists(k_source + "/stack/stack.yaml"))
      << "the bundled stack is not in this checkout";

  TempDir repo_dir, out, profile;
  const config::StackConfig stack = config::load_stack(k_source);
  materialize::materialize_at(repo_dir.path(), stack, {});
  {
    const git::Repository repo = git::open_repository(repo_dir.path());
    for (const config::MergeBranch& merge_branch : stack.merge_branches) {
      const compose::ComposeResult composed =
          compose::run(*repo, stack, {.merge_branch = merge_branch.name});
      ASSERT_TRUE(composed.ok()) << merge_branch.name << ": " << composed.error;
    }
  }
  const std::string html_dir = out.path() + "/site";
  const auto report = testing::run_patchflow(
      {"--stack", k_source, "--repo", repo_dir.path(), "report", "--html", html_dir});
  ASSERT_TRUE(report.exit_code == 0 || report.exit_code == 1) << report.out << report.err;
  EXPECT_EQ(report.out, "wrote " + html_dir + "/index.html (" +
                            std::to_string(stack.topics.size()) + " topics)\n");

  const auto dumped = testing::run_process(
      {"timeout", "60", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
       "--no-first-run", "--disable-background-networking", "--disable-component-update",
       "--disable-sync", "--user-data-dir=" + profile.path() + "/profile", "--dump-dom",
       "file://" + html_dir + "/index.html"},
      out.path(), {{"HOME", profile.path()}});
  ASSERT_EQ(dumped.exit_code, 0) << "chromium failed (124: timed out after 60 s):\n" << dumped.err;
  const std::string& dom = dumped.out;
  ASSERT_NE(dom.find("<table id=\"topics\">"), std::string::npos) << dom.substr(0, 2000);
  const std::size_t svg = dom.find("<svg");
  ASSERT_NE(svg, std::string::npos) << "no <svg> element in the rendered page";
  const std::string graph = dom.substr(svg, dom.find("</svg>", svg) - svg);
  for (const config::Topic& topic : stack.topics) {
    const std::string row = dom_row(dom, topic.name);
    EXPECT_FALSE(row.empty()) << "no table row for " << topic.name;
    EXPECT_NE(graph.find("<title>" + html_escape(topic.name) + "</title>"), std::string::npos)
        << "no graph node for " << topic.name;
    for (const config::MergeBranch& merge_branch : stack.merge_branches) {
      const auto& listed = merge_branch.topics;
      if (std::find(listed.begin(), listed.end(), topic.name) != listed.end()) {
        EXPECT_NE(row.find(merge_branch.name), std::string::npos)
            << topic.name << " is in " << merge_branch.name << ": " << row;
      }
    }
    EXPECT_NE(row.find("never"), std::string::npos) << topic.name << ": " << row;
  }
  for (const config::MergeBranch& merge_branch : stack.merge_branches) {
    EXPECT_NE(graph.find("<title>" + html_escape(merge_branch.name) + "</title>"),
              std::string::npos)
        << merge_branch.name;
  }
}

}  // namespace
}  // namespace patchflow::report
