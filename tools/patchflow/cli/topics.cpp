#include "patchflow/cli/commands.hpp"
#include "patchflow/stack/topic_status.hpp"

namespace patchflow::cli {

void add_topics_command(CLI::App& app, Session& session) {
  auto* cmd = app.add_subcommand("topics", "One row per topic: base, ahead/behind, dependencies");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo topics\n  patchflow --repo demo/repo --json topics");
  cmd->callback([&session] {
    const stack::TopicsReport report = stack::topic_status(session.repo(), session.stack());
    session.emit(stack::format_text(report), stack::to_json(report), false);
  });
}

}  // namespace patchflow::cli
