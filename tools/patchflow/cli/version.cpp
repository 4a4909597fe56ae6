#include <git2.h>

#include "patchflow/cli/commands.hpp"

namespace patchflow::cli {

void add_version_command(CLI::App& app, Session& session) {
  auto* cmd = app.add_subcommand("version", "Print patchflow's and libgit2's versions");
  cmd->footer("Examples:\n  patchflow version\n  patchflow --json version");
  cmd->callback([&session] {
    int major = 0, minor = 0, revision = 0;
    git_libgit2_version(&major, &minor, &revision);
    const std::string libgit2 =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(revision);
    session.emit_product("patchflow " PATCHFLOW_VERSION " (libgit2 " + libgit2 + ")\n",
                         {{"patchflow", PATCHFLOW_VERSION}, {"libgit2", libgit2}});
  });
}

}  // namespace patchflow::cli
