#include "patchflow/materialize/materialize.hpp"

#include "patchflow/cli/commands.hpp"

namespace patchflow::cli {

void add_materialize_command(CLI::App& app, Session& session) {
  auto opts = std::make_shared<materialize::Options>();
  auto* cmd = app.add_subcommand(
      "materialize",
      "Create or update the repository's mainlines and topics from the stack's mboxes");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo materialize\n  patchflow --stack ~/xen-stack --repo "
      "~/linux materialize --force");
  cmd->add_flag("--force", opts->force, "Overwrite branches that diverged from their mbox");
  cmd->callback([opts, &session] {
    const materialize::Result result =
        materialize::materialize_at(session.repo_path(), session.stack(), *opts);
    // exit 1: a kept diverged branch leaves the repository not matching the stack
    session.emit(materialize::format_text(result), materialize::to_json(result),
                 result.has_diverged());
  });
}

}  // namespace patchflow::cli
