// patchflow man: the patchflow(1) page generated from the declared options and examples.
#include "patchflow/cli/commands.hpp"
#include "patchflow/cli/describe_app.hpp"
#include "patchflow/core/version.hpp"
#include "patchflow/help/generate.hpp"

namespace patchflow::cli {

void add_man_command(CLI::App& app, Session& session) {
  auto* cmd = app.add_subcommand("man", "Print the patchflow(1) man page (roff)");
  cmd->footer("Examples:\n  patchflow man | man -l -\n  patchflow man > patchflow.1");
  cmd->callback(
      [&app, &session] { session.out() << help::man_page(describe_app(app, k_version)); });
}

}  // namespace patchflow::cli
