#include "patchflow/compose/verify.hpp"

#include "patchflow/cli/commands.hpp"

namespace patchflow::cli {

void add_verify_command(CLI::App& app, Session& session) {
  auto opts = std::make_shared<compose::VerifyOptions>();
  auto* cmd = app.add_subcommand("verify", "Check the topic and merge-branch rules on the repo");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo verify\n  patchflow --repo demo/repo verify "
      "--build");
  cmd->add_flag("--build", opts->build, "Also build every topic tip in a temporary checkout");
  cmd->add_flag_callback(
      "--no-cache", [opts] { opts->cache = false; },
      "Compute every merge base again: neither read nor write the ones kept in the repository "
      "(.git/patchflow/cache/merge-base/)");
  cmd->callback([opts, &session] {
    const compose::VerifyResult result = compose::verify(session.repo(), session.stack(), *opts);
    session.emit(compose::format_text(result, session.use_color()), compose::to_json(result),
                 has_errors(result.findings));
  });
}

}  // namespace patchflow::cli
