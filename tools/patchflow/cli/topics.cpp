#include "patchflow/cli/commands.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/stack/topic_status.hpp"

namespace patchflow::cli {

void add_topics_command(CLI::App& app, Session& session) {
  struct Args {
    bool names = false, merge_branches = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("topics", "One row per topic: base, ahead/behind, dependencies");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo topics\n  patchflow --repo demo/repo --json topics");
  auto* names = cmd->add_flag("--names", args->names,
                              "Only the topics' names, one per line (reads no repository)");
  cmd->add_flag("--merge-branches", args->merge_branches,
                "Only the merge branches' names, one per line (reads no repository)")
      ->excludes(names);
  cmd->callback([args, &session] {
    if (args->names || args->merge_branches) {
      const config::StackConfig& stack = session.stack();
      const auto list = args->names ? stack.topic_names() : stack.merge_branch_names();
      session.emit_product(list.empty() ? std::string() : text::join(list, "\n") + "\n",
                           {{args->names ? "topics" : "merge_branches", list}});
      return;
    }
    const stack::TopicsReport report = stack::topic_status(session.repo(), session.stack());
    session.emit(stack::format_text(report), stack::to_json(report), false);
  });
}

}  // namespace patchflow::cli
