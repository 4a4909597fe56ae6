// The stack as DOT: what the configuration says, what only the repository knows, quoting, and
// Graphviz accepting the text.
#include "patchflow/report/graph.hpp"

#include <gtest/gtest.h>

#include "patchflow/config/loader.hpp"
#include "patchflow/report/dot_render.hpp"
#include "patchflow/stack/topic_status.hpp"
#include "report/small_stack.hpp"
#include "support/process.hpp"

namespace patchflow::report {
namespace {

using testing::SmallStack;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

TEST(GraphTest, DrawsClustersMainlineTopicsMergeBranchesAndTheirEdges) {
  SmallStack s;
  const std::string dot = graph_dot(s.stack(), nullptr);
  EXPECT_EQ(dot.rfind("digraph \"small\" {\n", 0), 0u) << dot;
  EXPECT_TRUE(has(dot, "  subgraph \"cluster_linux\" {\n    label=\"linux\";\n")) << dot;
  EXPECT_TRUE(has(dot, "    \"mainline\" [shape=box, ")) << dot;
  for (const config::Topic& topic : s.stack().topics) {
    EXPECT_TRUE(has(dot, "    \"" + topic.name + "\" [shape=ellipse];\n")) << topic.name;
    EXPECT_TRUE(has(dot, "  \"" + topic.name + "\" -> \"mainline\" [style=dashed")) << topic.name;
    for (const std::string& dependency : topic.depends) {
      EXPECT_TRUE(
          has(dot, "  \"" + topic.name + "\" -> \"" + dependency + "\" [color=\"#1f5fbf\"];\n"))
          << topic.name;
    }
  }
  for (const config::MergeBranch& merge_branch : s.stack().merge_branches) {
    EXPECT_TRUE(has(dot, "    \"" + merge_branch.name + "\" [shape=box3d")) << merge_branch.name;
    EXPECT_TRUE(has(dot, "  \"" + merge_branch.name + "\" -> \"" + merge_branch.base +
                             "\" [style=bold, label=\"base\"];\n"))
        << merge_branch.name;
    for (const std::string& topic : merge_branch.topics) {
      EXPECT_TRUE(has(dot, "  \"" + merge_branch.name + "\" -> \"" + topic + "\" [style=dotted"))
          << merge_branch.name << " " << topic;
    }
  }
  EXPECT_EQ(count(dot, " -> "), 5u + 2u + 2u + 5u) << dot;  // base, declared, mb bases, mb topics
  EXPECT_FALSE(has(dot, "undeclared")) << dot;              // only the repository knows
  EXPECT_FALSE(has(dot, "no branch")) << dot;
}

TEST(GraphTest, RepositoryAddsUndeclaredDependenciesAndMissingBranches) {
  SmallStack s;
  // The referee: git agrees xen/d contains xen/a, and xen/c contains xen/a (declared via xen/b).
  s.repo().git({"merge-base", "--is-ancestor", "xen/a", "xen/d"});
  s.repo().git({"merge-base", "--is-ancestor", "xen/a", "xen/c"});
  const stack::TopicsReport status = stack::topic_status(s.repo().repo(), s.stack());
  const std::string dot = graph_dot(s.stack(), &status);
  EXPECT_TRUE(has(dot,
                  "  \"xen/d\" -> \"xen/a\" [color=\"#cc0000\", penwidth=2, style=bold, "
                  "label=\"undeclared\"];\n"))
      << dot;
  EXPECT_EQ(count(dot, "undeclared"), 1u) << dot;  // xen/c reaches xen/a through xen/b
  EXPECT_TRUE(has(dot,
                  "    \"xen/gone\" [shape=ellipse, style=dashed, "
                  "label=\"xen/gone\\n(no branch)\"];\n"))
      << dot;
  EXPECT_FALSE(has(dot, "not on mainline")) << dot;
}

TEST(GraphTest, SameStackSameBytes) {
  SmallStack s;
  const stack::TopicsReport status = stack::topic_status(s.repo().repo(), s.stack());
  const std::string first = graph_dot(s.stack(), &status);
  const config::StackConfig reloaded = config::load_stack(s.root());
  EXPECT_EQ(graph_dot(reloaded, &status), first);
  EXPECT_EQ(graph_dot(s.stack(), &status), first);
}

TEST(GraphTest, QuotesIdsWithSlashesDashesQuotesAndBackslashes) {
  EXPECT_EQ(dot_quote("xen/dom0/backend-netback"), "\"xen/dom0/backend-netback\"");
  EXPECT_EQ(dot_quote("linux-2.6"), "\"linux-2.6\"");
  EXPECT_EQ(dot_quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(dot_quote(""), "\"\"");
}

// A stack with names DOT would choke on unquoted, built in memory (validation is not the point).
config::StackConfig odd_stack() {
  config::StackConfig stack;
  stack.stack.name = "odd \"stack\"";
  stack.stack.components.push_back({.name = "c-1", .mainline = "main-line"});
  stack.topics.push_back({.name = "x/\"quoted\"", .component = "c-1", .branch = "x/q"});
  stack.topics.push_back(
      {.name = "x/back\\slash", .component = "c-1", .branch = "x/b", .depends = {"x/\"quoted\""}});
  stack.merge_branches.push_back(
      {.name = "x/master", .base = "main-line", .topics = {"x/\"quoted\""}, .component = "c-1"});
  return stack;
}

TEST(GraphTest, GraphvizRendersTheGraphIncludingOddNames) {
  const std::string dot_program = testing::find_program("dot");
  if (dot_program.empty()) {
    GTEST_SKIP() << "Graphviz dot is not installed (tools/install-deps.sh installs graphviz)";
  }
  SmallStack s;
  const stack::TopicsReport status = stack::topic_status(s.repo().repo(), s.stack());
  const auto rendered =
      testing::run_process({dot_program, "-Tsvg"}, ".", {}, graph_dot(s.stack(), &status));
  ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
  EXPECT_TRUE(has(rendered.out, "<svg")) << rendered.out;
  for (const config::Topic& topic : s.stack().topics) {
    EXPECT_TRUE(has(rendered.out, "<title>" + topic.name + "</title>")) << topic.name;
  }
  const auto odd =
      testing::run_process({dot_program, "-Tsvg"}, ".", {}, graph_dot(odd_stack(), nullptr));
  ASSERT_EQ(odd.exit_code, 0) << odd.err;
  EXPECT_TRUE(has(odd.out, "<title>x/&quot;quoted&quot;</title>")) << odd.out;
  EXPECT_EQ(count(odd.out, "class=\"node\""), 4u) << odd.out;  // no node split by bad quoting
}

TEST(DotRenderTest, ReturnsTheSvgElementOnly) {
  const std::string dot_program = testing::find_program("dot");
  if (dot_program.empty()) {
    GTEST_SKIP() << "Graphviz dot is not installed (tools/install-deps.sh installs graphviz)";
  }
  const std::string svg = render_svg(dot_program, graph_dot(odd_stack(), nullptr));
  EXPECT_EQ(svg.rfind("<svg", 0), 0u) << svg.substr(0, 200);
  EXPECT_TRUE(has(svg, "</svg>")) << svg;
  // Large enough to fill every pipe buffer both ways: no deadlock, every node drawn.
  std::string big = "digraph big {\n";
  for (int i = 0; i < 3000; ++i) {
    big += "  \"topic/" + std::to_string(i) + "\" -> \"mainline\";\n";
  }
  big += "}\n";
  EXPECT_EQ(count(render_svg(dot_program, big), "class=\"node\""), 3001u);
}

TEST(DotRenderTest, FailuresNameTheProgramAndWhy) {
  const Error missing = testing::catch_error([] { render_svg("/nonexistent/dot", "digraph {}"); });
  EXPECT_EQ(missing.exit_code(), ExitCode::usage);
  EXPECT_STREQ(missing.what(),
               "cannot render the graph with '/nonexistent/dot': No such file or directory");
  const std::string dot_program = testing::find_program("dot");
  if (dot_program.empty()) {
    GTEST_SKIP() << "Graphviz dot is not installed (tools/install-deps.sh installs graphviz)";
  }
  const Error bad = testing::catch_error([&] { render_svg(dot_program, "digraph { a -> }"); });
  EXPECT_EQ(bad.exit_code(), ExitCode::usage);
  EXPECT_EQ(std::string(bad.what())
                .rfind("cannot render the graph with '" + dot_program + "': exit 1: ", 0),
            0u)
      << bad.what();
}

TEST(GraphCliTest, PrintsTheGraphWithOrWithoutTheRepository) {
  SmallStack s;
  const stack::TopicsReport status = stack::topic_status(s.repo().repo(), s.stack());
  const auto with_repo =
      testing::run_patchflow({"--stack", s.root(), "--repo", s.repo().path(), "graph"});
  EXPECT_EQ(with_repo.exit_code, 0) << with_repo.err;
  EXPECT_EQ(with_repo.out, graph_dot(s.stack(), &status));
  const auto declared_only = testing::run_patchflow(
      {"--stack", s.root(), "--repo", s.repo().path(), "graph", "--no-repo"});
  EXPECT_EQ(declared_only.exit_code, 0) << declared_only.err;
  EXPECT_EQ(declared_only.out, graph_dot(s.stack(), nullptr));
  // The stack directory is no repository and names none: the configuration is drawn.
  const auto no_repo = testing::run_patchflow({"--stack", s.root(), "graph"});
  EXPECT_EQ(no_repo.exit_code, 0) << no_repo.err;
  EXPECT_EQ(no_repo.out, graph_dot(s.stack(), nullptr));
}

}  // namespace
}  // namespace patchflow::report
