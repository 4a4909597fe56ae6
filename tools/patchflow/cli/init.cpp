#include "patchflow/init/init.hpp"

#include "patchflow/cli/commands.hpp"

namespace patchflow::cli {

void add_init_command(CLI::App& app, Session& session) {
  auto options = std::make_shared<init::Options>();
  auto* cmd = app.add_subcommand(
      "init", "Write a stack directory (--stack) for the topic branches of a repository (--repo)");
  cmd->footer(
      "Examples:\n  patchflow --repo ~/linux --stack ~/xen-stack init --mainline master --pattern "
      "'xen/*'\n  patchflow --repo . --stack stack init --mainline origin/master --merge-branch "
      "xen/master");
  cmd->add_option("--mainline", options->mainline, "Branch the topics are based on, e.g. master")
      ->required();
  cmd->add_option("--pattern", options->pattern, "Glob of topic branches, e.g. 'xen/*'")
      ->default_val("*");
  cmd->add_option("--component", options->component,
                  "Component name (default: the repository directory's name)");
  cmd->add_option("--merge-branch", options->merge_branch,
                  "Also write this merge branch with every topic, dependencies first");
  cmd->callback([&session, options] {
    if (session.repo_option.empty()) {
      throw_usage("init needs --repo: the repository whose branches become topics");
    }
    options->stack_dir = session.stack_dir();
    const init::Result result = init::run(session.repo(), *options);
    session.emit(init::format_text(result), init::to_json(result), false);
  });
}

}  // namespace patchflow::cli
