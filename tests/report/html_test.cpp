// The report's data (against `patchflow check` itself) and the page written from it.
#include "patchflow/core/json.hpp"
#include "patchflow/report/html.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "patchflow/core/text.hpp"
#include "patchflow/report/report.hpp"
#include "patchflow/stack/sent.hpp"
#include "report/small_stack.hpp"
#include "support/process.hpp"

namespace patchflow::report {
namespace {

using testing::SmallStack;

bool page_has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const TopicRow& row_of(const Report& report, const std::string& name) {
  for (const TopicRow& row : report.topics) {
    if (row.status.name == name) {
      return row;
    }
  }
  throw std::runtime_error("no row " + name);
}

// The <tr> of topic name in page.
std::string html_row(const std::string& page, const std::string& name) {
  const std::size_t cell = page.find("<td class=\"topic\">" + html_escape(name) + "</td>");
  if (cell == std::string::npos) {
    return {};
  }
  const std::size_t begin = page.rfind("<tr>", cell);
  return page.substr(begin, page.find("</tr>", cell) - begin);
}

TEST(HtmlTest, EscapesMarkupCharacters) {
  EXPECT_EQ(html_escape("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(html_escape("xen/dom0/core"), "xen/dom0/core");
}

TEST(HtmlTest, EveryNameAndMessageIsEscapedAndTheDotTextShownWithoutSvg) {
  Report report;
  report.stack_name = "s<1>";
  report.description = "a & b";
  TopicRow row;
  row.status.name = "x/<script>alert(1)</script>";
  row.status.branch = "x/\"b\"";
  row.status.component = "c&d";
  row.status.declared_depends = {"x/<dep>"};
  row.check_error = "no branch 'x/\"b\"'";
  row.route_error = "<oops>";
  report.topics.push_back(row);
  report.dot = "digraph \"s<1>\" { \"x/<script>\" }\n";
  const std::string page = render_html(report);
  EXPECT_FALSE(page_has(page, "<script>")) << page;
  EXPECT_FALSE(page_has(page, "<dep>")) << page;
  EXPECT_FALSE(page_has(page, "<oops>")) << page;
  EXPECT_TRUE(page_has(page, "<td class=\"topic\">x/&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
      << page;
  EXPECT_TRUE(page_has(page, "<td>x/&quot;b&quot;</td>")) << page;
  EXPECT_TRUE(page_has(page, "<title>patchflow report: s&lt;1&gt;</title>")) << page;
  EXPECT_TRUE(page_has(page, "<pre class=\"dot\">digraph &quot;s&lt;1&gt;&quot; {")) << page;
  EXPECT_FALSE(page_has(page, "<svg")) << page;
  EXPECT_TRUE(page_has(page, "Graphviz <code>dot</code> was not found")) << page;
  // self-contained: no script, no external asset
  EXPECT_FALSE(page_has(page, "<link")) << page;
  EXPECT_FALSE(page_has(page, "src=")) << page;
}

TEST(ReportTest, RowsMatchTopicsCheckAndTheRepository) {
  SmallStack s;
  const Report report = build_report(s.repo().repo(), s.stack(), {});
  ASSERT_EQ(report.topics.size(), s.stack().topics.size());
  for (const TopicRow& row : report.topics) {
    const std::string& name = row.status.name;
    if (!row.status.tip) {
      EXPECT_EQ(name, "xen/gone");
      EXPECT_EQ(row.check_error, "no branch 'xen/gone'");
      EXPECT_FALSE(row.check.has_value());
      continue;
    }
    // `patchflow check <topic>` is the referee for the counts.
    const auto run = testing::run_patchflow(
        {"--stack", s.root(), "--repo", s.repo().path(), "--json", "check", name});
    ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    const nlohmann::json json = patchflow::parse_json(run.out);
    std::size_t errors = 0, warnings = 0, checks = 0;
    auto count = [&](const nlohmann::json& finding) {
      errors += finding["level"] == "error";
      warnings += finding["level"] == "warning";
      checks += finding["level"] == "check";
    };
    for (const auto& commit : json["commits"]) {
      std::for_each(commit["findings"].begin(), commit["findings"].end(), count);
    }
    std::for_each(json["series"].begin(), json["series"].end(), count);
    ASSERT_TRUE(row.check.has_value()) << name << ": " << row.check_error;
    EXPECT_EQ(row.check->patches, json["commits"].size()) << name;
    EXPECT_EQ(row.check->errors, errors) << name;
    EXPECT_EQ(row.check->warnings, warnings) << name;
    EXPECT_EQ(row.check->checks, checks) << name;
    EXPECT_EQ(row.check->is_clean(), errors + warnings + checks == 0) << name;
    // ahead as git counts it
    EXPECT_EQ(std::to_string(row.status.ahead) + "\n",
              s.repo().git({"rev-list", "--count", "mainline.." + name}))
        << name;
  }
  // drivers/xen only: direct; arch/x86: via its section. The range starts at mainline, so
  // xen/d's holds xen/a's commit too, as `patchflow route xen/d` has it.
  EXPECT_EQ(row_of(report, "xen/a").route, "direct");
  EXPECT_EQ(row_of(report, "xen/d").route, "direct + via X86 ARCHITECTURE");
  EXPECT_EQ(row_of(report, "xen/d").undeclared_depends, std::vector<std::string>{"xen/a"});
  EXPECT_TRUE(row_of(report, "xen/c").undeclared_depends.empty());
  EXPECT_EQ(row_of(report, "xen/b").status.merge_branches, std::vector<std::string>{"xen/master"});
  EXPECT_TRUE(report.svg.empty());  // no dot given
  EXPECT_FALSE(report.dot.empty());
}

TEST(ReportTest, SummarizesRoutes) {
  EXPECT_EQ(summarize_route({}), "");
  EXPECT_EQ(summarize_route({"direct", "direct"}), "direct");
  EXPECT_EQ(summarize_route({"direct", "via X86", "direct"}), "direct + via X86");
  EXPECT_EQ(summarize_route({"direct", "split", "via X86"}), "split");
}

TEST(ReportTest, NeverSentUntilTheSeriesModuleRecordsAVersion) {
  SmallStack s;
  const std::string before = render_html(build_report(s.repo().repo(), s.stack(), {}));
  EXPECT_TRUE(page_has(html_row(before, "xen/b"), "<td class=\"sent\"><span class=\"muted\">never"))
      << html_row(before, "xen/b");
  const git::Oid base = s.repo().resolve("refs/heads/mainline");
  const git::Oid tip = s.repo().resolve("refs/heads/xen/b");
  for (const int version : {1, 2}) {
    stack::record_sent(s.repo().repo(), "xen/b",
                        {.topic = "xen/b", .version = version, .base = base, .tip = tip});
  }
  const Report after = build_report(s.repo().repo(), s.stack(), {});
  EXPECT_EQ(row_of(after, "xen/b").status.last_sent_version, 2);
  EXPECT_EQ(row_of(after, "xen/a").status.last_sent_version, std::nullopt);
  const std::string page = render_html(after);
  EXPECT_TRUE(page_has(html_row(page, "xen/b"), "<td class=\"sent\">v2</td>"))
      << html_row(page, "xen/b");
  EXPECT_TRUE(page_has(html_row(page, "xen/a"), "never")) << html_row(page, "xen/a");
  EXPECT_EQ(to_json(after)["topics"][1]["last_sent_version"], 2);
  EXPECT_EQ(to_json(after)["topics"][0]["last_sent_version"], nullptr);
}

TEST(ReportTest, WritesIndexHtmlAtomicallyIntoANewDirectory) {
  SmallStack s;
  testing::TempDir out;
  const std::string dir = out.path() + "/a/b";
  const Report report = build_report(s.repo().repo(), s.stack(), {});
  const std::string path = write_html(dir, report);
  EXPECT_EQ(path, dir + "/index.html");
  EXPECT_EQ(text::read_file(path), render_html(report));
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"index.html"});  // no temporary left behind
  const Error e = testing::catch_error([&] { write_html(path + "/sub", report); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
  EXPECT_EQ(std::string(e.what()).rfind("cannot create directory '" + path + "/sub'", 0), 0u)
      << e.what();
}

TEST(ReportCliTest, JsonWithoutHtmlAndUsageWithNeither) {
  SmallStack s;
  const auto neither =
      testing::run_patchflow({"--stack", s.root(), "--repo", s.repo().path(), "report"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_EQ(neither.err, "patchflow: error: report needs --html DIR, or --json\n");
  const auto json =
      testing::run_patchflow({"--stack", s.root(), "--repo", s.repo().path(), "--json", "report"});
  const Report report = build_report(s.repo().repo(), s.stack(), {});
  EXPECT_EQ(json.exit_code, report.has_check_errors() ? 1 : 0) << json.err;
  nlohmann::json expected = to_json(report);
  EXPECT_EQ(patchflow::parse_json(json.out)["topics"], expected["topics"]);
}

}  // namespace
}  // namespace patchflow::report
