#include "patchflow/cli/commands.hpp"
#include "patchflow/core/version.hpp"
#include "patchflow/git/libgit2.hpp"

namespace patchflow::cli {

void add_version_command(CLI::App& app, Session& session) {
  auto* cmd =
      app.add_subcommand("version", "Print patchflow's version and the libgit2 it was built with");
  cmd->footer("Examples:\n  patchflow version\n  patchflow --json version");
  cmd->callback([&session] {
    // The headers' version: libgit2 is loaded only by commands that read a repository, and the
    // library loaded is the one with this version's soname (the same ABI).
    const std::string libgit2 = LIBGIT2_VERSION;
    session.emit_product(std::string("patchflow ") + k_version + " (libgit2 " + libgit2 + ")\n",
                         {{"patchflow", k_version}, {"libgit2", libgit2}});
  });
}

}  // namespace patchflow::cli
