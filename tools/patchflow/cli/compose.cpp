#include "patchflow/compose/compose.hpp"

#include <chrono>
#include <thread>

#include "patchflow/cli/commands.hpp"

namespace patchflow::cli {

void add_compose_command(CLI::App& app, Session& session) {
  auto opts = std::make_shared<compose::Options>();
  auto* cmd = app.add_subcommand("compose", "Rebuild a merge branch from its topics");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo compose xen/master\n  patchflow --repo demo/repo "
      "compose xen/next --dry-run");
  cmd->add_option("merge-branch", opts->merge_branch, "e.g. xen/master")->required();
  cmd->add_flag("--dry-run", opts->dry_run, "Plan and report; move no ref");
  cmd->add_flag("--force", opts->force,
                "Move the ref even when that drops commits compose did not make");
  cmd->add_option("--identity", opts->identity,
                  "Merge commits' author and committer, 'Name <email>'")
      ->capture_default_str();
  cmd->add_flag("--full-merge", opts->full_merge_only,
                "Use libgit2's full merge for every topic (slower; for comparison)");
  cmd->callback([opts, &session] {
    if (const int pause = session.pause_before_ref_update_ms; pause > 0) {
      opts->before_ref_update = [pause] {
        std::this_thread::sleep_for(std::chrono::milliseconds(pause));
      };
    }
    opts->progress = session.progress();
    const compose::ComposeResult result = compose::run(session.repo(), session.stack(), *opts);
    session.emit(compose::format_text(result, session.use_color()), compose::to_json(result),
                 false);
    compose::throw_if_failed(result);
  });
}

}  // namespace patchflow::cli
