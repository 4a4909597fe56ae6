#include "patchflow/report/graph.hpp"

#include "patchflow/cli/commands.hpp"
#include "patchflow/stack/topic_status.hpp"

namespace patchflow::cli {

void add_graph_command(CLI::App& app, Session& session) {
  auto* cmd =
      app.add_subcommand("graph", "The stack as a Graphviz DOT graph (dot -Tsvg renders it)");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo graph | dot -Tsvg > stack.svg\n  patchflow graph "
      "--no-repo");
  auto no_repo = std::make_shared<bool>(false);
  cmd->add_flag("--no-repo", *no_repo, "Draw the configuration only; read no repository");
  cmd->callback([&session, no_repo] {
    const config::StackConfig& stack = session.stack();
    git_repository* repo = nullptr;
    if (!*no_repo) {
      try {
        repo = &session.repo();
      } catch (const Error&) {
        // No repository (not materialized yet): the declared graph is still worth drawing.
      }
    }
    std::optional<stack::TopicsReport> status;
    if (repo != nullptr) {
      status = stack::topic_status(*repo, stack);
    }
    const std::string dot = report::graph_dot(stack, status ? &*status : nullptr);
    session.emit_product(dot, {{"dot", dot}, {"repository_read", status.has_value()}});
  });
}

}  // namespace patchflow::cli
