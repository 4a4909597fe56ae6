// patchflow completion bash|zsh: a completion script generated from the declared options.
#include "patchflow/cli/commands.hpp"
#include "patchflow/cli/describe_app.hpp"
#include "patchflow/core/version.hpp"
#include "patchflow/help/generate.hpp"

namespace patchflow::cli {

void add_completion_command(CLI::App& app, Session& session) {
  auto shell = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("completion", "Print a bash or zsh completion script");
  cmd->footer(
      "Examples:\n  patchflow completion bash > ~/.local/share/bash-completion/completions/"
      "patchflow\n  patchflow completion zsh > ~/.zfunc/_patchflow");
  cmd->add_option("shell", *shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  cmd->callback([shell, &app, &session] {
    const help::AppSpec spec = describe_app(app, k_version);
    const std::string script =
        *shell == "bash" ? help::bash_completion(spec) : help::zsh_completion(spec);
    session.out() << script;
  });
}

}  // namespace patchflow::cli
